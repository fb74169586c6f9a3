/* cmd_advise.c: `drawdown advise`: what to do this week, most urgent and
 * largest first (advice.h), from the book, the store and the default
 * forecast (auto, 1,000 paths, seed 1). */
#include <stdlib.h>
#include <string.h>

#include "common.h"

typedef struct {
	const char *as_of;
	bool json, csv;
} advise_args;

static const cli_option options[] = {
	{.name = "as-of", .metavar = "YYYY-MM-DD", .help = "today (default: today, UTC)", .at = offsetof(advise_args, as_of)},
	{.name = "json",
	 .help = "{\"as_of\",\"currency\",\"findings\":[{\"kind\",\"severity\",\"date\",\n"
		 "\"amount\",\"subject\",\"action\",\"message\",...}]} (docs/cli.md)",
	 .at = offsetof(advise_args, json)},
	CLI_OPTION_CSV(advise_args, csv),
	{0},
};

const cli_spec cli_spec_advise = {
	.verb = "advise",
	.summary = "what to do this week, most urgent and largest first",
	.synopsis = "advise [--as-of YYYY-MM-DD] [--json | --csv]",
	.description = "What to do this week: credits expiring with value left, expiries too short\n"
		       "for the projected spend (and the one to ask for), before-discount credits,\n"
		       "the EDP renewal window and its last 60 days, the current contract year's\n"
		       "projected shortfall, MAP spend without the map-migrated tag, and credits not\n"
		       "yet asked for. Ordered by severity (critical, warning, info), then by the\n"
		       "amount at stake. Projected amounts come from the default forecast (auto,\n"
		       "1,000 paths, seed 1) after the last imported month.\n",
	.notes = "--csv: the findings: rank, severity, kind, subject, amount, date, message,\n"
		 "action.\n",
	.options = options,
};

static int print_json(const dd_book *book, dd_date as_of, const dd_advice *a)
{
	char b[11];
	cli_json j;
	js_report(&j, book, as_of);
	js_arr(&j, "findings");
	for (size_t i = 0; i < a->n; i++) {
		const dd_finding *f = &a->items[i];
		js_obj(&j, NULL);
		js_str(&j, "kind", dd_finding_kind_name(f->kind));
		js_str(&j, "severity", dd_severity_name(f->severity));
		js_str(&j, "date", f->has_date ? dd_date_format(f->date, b) : NULL);
		if (f->has_amount) js_money(&j, "amount", f->amount);
		else js_str(&j, "amount", NULL);
		js_str(&j, "subject", f->subject);
		js_str(&j, "action", f->action);
		js_str(&j, "message", f->message);
		switch (f->kind) {
		case DD_FIND_EXPIRY_TOO_SHORT:
			js_str(&j, "suggested_expiry", f->has_suggested_expiry ? dd_date_format(f->suggested_expiry, b) : NULL);
			if (f->months_needed >= 0) js_int(&j, "months_needed", f->months_needed);
			else js_str(&j, "months_needed", NULL);
			break;
		case DD_FIND_SLA_CLAIM:
			js_str(&j, "recommended_deadline", dd_date_format(f->recommended_deadline, b));
			js_str(&j, "hard_deadline", dd_date_format(f->hard_deadline, b));
			break;
		case DD_FIND_COMMITMENT_SHORTFALL:
			js_money(&j, "probability", f->probability);
			js_int(&j, "year", f->year);
			break;
		case DD_FIND_CREDIT_OPPORTUNITY:
			js_obj(&j, "typical");
			if (f->has_typical) {
				js_money(&j, "low", f->low);
				js_money(&j, "high", f->high);
			} else {
				js_str(&j, "low", NULL);
				js_str(&j, "high", NULL);
			}
			js_obj_end(&j);
			break;
		default:
			break;
		}
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_obj_end(&j);
	return js_done(&j);
}

static void print_csv(const dd_advice *a)
{
	char n[24], b[11], m[DD_MONEY_STRMAX];
	cli_table t;
	cli_table_init(&t, "rlllrlll", 8);
	cli_table_head(&t, "RANK", "SEVERITY", "KIND", "SUBJECT", "AMOUNT", "DATE", "MESSAGE", "ACTION");
	for (size_t i = 0; i < a->n; i++) {
		const dd_finding *f = &a->items[i];
		snprintf(n, sizeof n, "%zu", i + 1);
		cli_table_row(&t, n, dd_severity_name(f->severity), dd_finding_kind_name(f->kind), f->subject,
			      f->has_amount ? cli_cents(f->amount, m) : "", f->has_date ? dd_date_format(f->date, b) : "",
			      f->message, f->action);
	}
	cli_table_print(&t, stdout, 0);
	cli_table_free(&t);
}

/* critical red, warning yellow, info cyan (on a terminal only) */
static const char *severity_sgr(dd_severity s)
{
	return cli_sgr(s == DD_SEV_CRITICAL ? "1;31" : s == DD_SEV_WARNING ? "33" : "36");
}

static void print_text(const dd_book *book, dd_date as_of, const dd_advice *a)
{
	char b[11], m[DD_MONEY_STRMAX];
	if (cli_mode_get()->csv) {
		print_csv(a);
		return;
	}
	printf("Advice for %s (%s): %zu finding%s\n", dd_date_format(as_of, b), book->currency, a->n, a->n == 1 ? "" : "s");
	if (a->n == 0) {
		printf("\nNothing to act on: no credit at risk, no renewal deadline, no projected shortfall.\n");
		return;
	}
	for (size_t i = 0; i < a->n; i++) {
		const dd_finding *f = &a->items[i];
		printf("\n%zu. [%s%s%s] %s: %s", i + 1, severity_sgr(f->severity), dd_severity_name(f->severity), cli_sgr("0"),
		       dd_finding_kind_name(f->kind), f->subject);
		if (f->has_amount) printf(", %s at stake", cli_cents(f->amount, m));
		if (f->has_date) printf(", %s", dd_date_format(f->date, b));
		printf("\n   %s\n   -> %s\n", f->message, f->action);
	}
}

int cmd_advise(cli_ctx *ctx, int argc, char **argv)
{
	advise_args a = {0};
	int rc = cli_parse_spec(ctx, &cli_spec_advise, &a, argc, argv, NULL);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	bool json = a.json;
	dd_date as_of;
	if (a.csv && a.json) return cli_usage("advise", "--csv and --json together");
	if ((rc = cli_as_of("advise", a.as_of, &as_of))) return rc;
	dd_book *book = NULL;
	dd_store *store = NULL;
	dd_agg *last = NULL;
	cli_forecast cf = {0};
	dd_advice adv = {0};
	dd_opportunities opp = {0};
	cli_claims claims = {0};
	dd_fc_options o;
	dd_fc_options_default(&o);
	o.balance_month = dd_date_month(as_of) - 1; /* the balance at the as-of date: after the month before */
	if ((rc = cli_load_book(ctx, &book)) || (rc = cli_open_store(ctx, false, &store)) ||
	    (rc = cli_forecast_run(book, store, &o, &cf)))
		goto out;
	if (dd_store_load_entries(store, cf.f.as_of, &last)) {
		rc = cli_error();
		goto out;
	}
	size_t nlast = 0;
	const dd_agg_entry *entries = dd_agg_entries(last, &nlast);
	if (dd_opportunities_find(book, cf.view, cf.hist.n, &cf.f, as_of, &opp)) {
		rc = cli_error();
		goto out;
	}
	if ((rc = cli_claims_load(book, store, DD_MONTH_NONE, as_of, &claims))) goto out;
	dd_advice_input in = {.book = book, .forecast = &cf.f, .as_of = as_of, .last_entries = entries,
			      .nlast = entries ? nlast : 0, .last_month = cf.f.as_of, .opportunities = &opp,
			      .claims = &claims.claims};
	if (dd_advise(&in, &adv)) rc = cli_error();
	else if (json) rc = print_json(book, as_of, &adv);
	else print_text(book, as_of, &adv);
out:
	dd_advice_dispose(&adv);
	dd_opportunities_dispose(&opp);
	cli_claims_free(&claims);
	dd_agg_free(last);
	cli_forecast_free(&cf);
	dd_store_close(store);
	dd_book_free(book);
	return rc;
}
