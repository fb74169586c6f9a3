/* cmd_report.c: `drawdown report --html FILE`: gathers what the other verbs
 * compute (every month's bill and credit balances from one engine run, the
 * commitment, the calendar ahead and, when asked, the forecast and the
 * offers) and has the report layer (report.h) write one self-contained HTML
 * page, written atomically. */
#include <stdlib.h>
#include <string.h>

#include "common.h"

typedef struct {
	const char *html, *month, *paths, *seed;
	bool forecast, offers;
} report_args;

static const cli_option options[] = {
	{.name = "html", .metavar = "FILE", .help = "write the report to FILE (required; atomically)",
	 .at = offsetof(report_args, html), .complete = "file"},
	{.name = "month", .metavar = "YYYY-MM", .help = "the report's month (default: the last imported month)",
	 .at = offsetof(report_args, month)},
	{.name = "forecast",
	 .help = "add the forecast from the month on: the bill's bands, the balance's\n"
		 "band, each year's projected end and the leakage expected",
	 .at = offsetof(report_args, forecast)},
	{.name = "offers", .help = "add the offer files named as arguments, side by side (offers compare)",
	 .at = offsetof(report_args, offers)},
	{.name = "paths", .metavar = "P", .help = "Monte Carlo paths of the forecast and the offers (default 1000)",
	 .at = offsetof(report_args, paths)},
	{.name = "seed", .metavar = "S", .help = "the paths' seed (default 1)", .at = offsetof(report_args, seed)},
	{0},
};

const cli_spec cli_spec_report = {
	.verb = "report",
	.summary = "one self-contained HTML page with charts of balances, bills, commitment, leakage",
	.synopsis = "report --html FILE [--month YYYY-MM] [--forecast] [--offers OFFER...] [--paths P] [--seed S]",
	.description = "One HTML file that needs no network and no script (it opens from an email\n"
		       "attachment): each credit's balance over the months with its expiry, the\n"
		       "monthly waterfall from gross to payable, the commitment per contract year,\n"
		       "the leakage by credit type and the calendar ahead; with --forecast the\n"
		       "forecast's bands, with --offers the offers side by side. Under each chart\n"
		       "the table behind it, with the amounts of bill, balance, commitment,\n"
		       "forecast, offers compare and calendar --json rounded to the cent.\n",
	.notes = "Charts are inline SVG (data-chart=\"balance\", \"waterfall\", \"commitment\",\n"
		 "\"leakage\", \"forecast\", \"offers\"); docs/cli.md describes the page.\n",
	.options = options,
	.args = "file",
};

/* Every month's bill from one engine run: the credits' balance at the end of
 * each month comes with it (dd_bill.credits), so the report costs one pass
 * over the history, the same months dd_run_to runs; then the commitment as
 * the engine holds it after the last month (years NULL: no agreement). */
static int run_months(const dd_book *book, const dd_history *h, dd_bill *bills, dd_commit_year *years)
{
	dd_engine *e = NULL;
	if (dd_engine_new(book, &e)) return cli_error();
	int rc = CLI_OK;
	for (size_t i = 0; i < h->n && !rc; i++) {
		const dd_charges *c = &h->months[i];
		if (dd_engine_run_month(e, h->first + (dd_month)i, c->items, c->n, !c->present, &bills[i])) rc = cli_error();
	}
	if (!rc && years && dd_engine_commitment(e, years)) rc = cli_error();
	dd_engine_free(e);
	return rc;
}

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
	const char *verb = "report";
	report_args a = {0};
	int npos = 0, rc = cli_parse_spec(ctx, &cli_spec_report, &a, argc, argv, &npos);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	if (!a.html) return cli_usage(verb, "--html FILE is required (the page to write)");
	if (!*a.html) return cli_usage(verb, "--html needs a file name");
	if (npos && !a.offers) return cli_usage(verb, "unexpected argument \"%s\" (offer files follow --offers)", argv[1]);
	if (a.offers && !npos) return cli_usage(verb, "--offers needs at least one offer file");
	dd_month month = DD_MONTH_NONE;
	if (a.month && (rc = cli_month(verb, a.month, &month))) return rc;
	dd_fc_options o;
	dd_fc_options_default(&o);
	long long v;
	if (a.paths && (rc = cli_int(verb, "paths", a.paths, 1, DD_FC_MAX_PATHS, &v))) return rc;
	if (a.paths) o.paths = (int)v;
	if (a.seed && (rc = cli_int(verb, "seed", a.seed, 0, 9223372036854775807LL, &v))) return rc;
	if (a.seed) o.seed = (uint64_t)v;
	char **files = argv + 1;

	dd_book *book = NULL;
	dd_store *store = NULL;
	cli_forecast cf = {0}; /* the history, and the forecast with --forecast */
	dd_bill *bills = NULL;
	dd_commit_year *years = NULL;
	dd_offers_result res = {0};
	dd_offer **offers = NULL;
	dd_offer_input *in = NULL;
	dd_calendar cal = {0};
	cli_claims claims = {0};
	char *html = NULL;
	size_t len = 0;

	if ((rc = cli_load_book(ctx, &book))) goto out;
	if (a.offers) {
		offers = calloc((size_t)npos, sizeof *offers);
		in = calloc((size_t)npos, sizeof *in);
		if (!offers || !in) {
			rc = cli_fail("out of memory");
			goto out;
		}
		if ((rc = cli_load_offers(ctx, files, npos, offers, in))) goto out;
	}
	if ((rc = cli_open_store(ctx, false, &store))) goto out;
	if ((rc = cli_load_history(store, month, "report: --month", &cf))) goto out;
	const dd_history *hist = &cf.hist;
	if (!(bills = calloc(hist->n, sizeof *bills))) {
		rc = cli_fail("out of memory");
		goto out;
	}
	for (size_t i = 0; i < hist->n; i++) dd_bill_init(&bills[i]);
	if (book->agreement.present && !(years = calloc((size_t)book->agreement.years, sizeof *years))) {
		rc = cli_fail("out of memory");
		goto out;
	}
	if ((rc = run_months(book, hist, bills, years))) goto out;
	dd_month last = hist->first + (dd_month)hist->n - 1;
	if (a.forecast) {
		/* each credit's balance on every path, for its band (the offers do not need them) */
		dd_fc_options fo = o;
		fo.credit_balances = true;
		if (dd_forecast_run(book, cf.view, hist->n, &fo, &cf.f)) {
			rc = cli_error();
			goto out;
		}
	}
	if (a.offers && dd_offers_compare(cf.view, hist->n, in, (size_t)npos, &o, dd_money_zero(), dd_money_zero(), &res)) {
		rc = cli_error();
		goto out;
	}
	/* the calendar from the day after the month, as `calendar --from` gives it */
	dd_date as_of = dd_month_last_day(last), from = dd_date_add_days(as_of, 1);
	if (book->nincidents && (rc = cli_claims_load(book, store, DD_MONTH_NONE, as_of, &claims))) goto out;
	if (dd_calendar_events_claims(book, &claims.claims, &from, NULL, &cal)) {
		rc = cli_error();
		goto out;
	}
	dd_report_input ri = {
		.book = book,
		.bills = bills,
		.nbills = hist->n,
		.years = years,
		.forecast = a.forecast ? &cf.f : NULL,
		.calendar = &cal,
		.offers = a.offers ? &res : NULL,
		.offer_inputs = in,
	};
	if (dd_report_html(&ri, &html, &len)) {
		rc = cli_error();
		goto out;
	}
	if ((rc = cli_write_file_as(verb, "--html", a.html, html, len))) goto out;
	char mb[8];
	printf("report for %s written to %s (%zu bytes)\n", dd_month_format(last, mb), a.html, len);
out:
	free(html);
	dd_calendar_dispose(&cal);
	cli_claims_free(&claims);
	dd_offers_result_dispose(&res);
	for (int i = 0; offers && i < npos; i++) dd_offer_free(offers[i]);
	free(offers);
	free(in);
	free(years);
	for (size_t i = 0; bills && i < cf.hist.n; i++) dd_bill_dispose(&bills[i]);
	free(bills);
	cli_forecast_free(&cf);
	dd_store_close(store);
	dd_book_free(book);
	return rc;
}
