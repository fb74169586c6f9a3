/* cmd_forecast.c: `drawdown forecast`: the months after the as-of month
 * along seeded Monte Carlo paths through the real engine (forecast.h):
 * the bill's bands, each credit's fate, each contract year's risk; and
 * `--backtest K`, the forecast of the last K imported months from the ones
 * before, against what was imported. */
#include <stdlib.h>
#include <string.h>

#include "common.h"


typedef struct {
	dd_fc_options o;
	dd_month as_of;
	int backtest;
	bool json;
	const char *ramp_path;
} fc_args;

/* The options as given, before they are checked into fc_args. */
typedef struct {
	const char *as_of, *months, *paths, *seed, *method, *window, *growth, *ramp, *threads, *backtest;
	bool json, csv, all;
} fc_given;

static const cli_option options[] = {
	{.name = "as-of", .metavar = "YYYY-MM",
	 .help = "the last month of history used (default: the last imported);\n"
		 "a date YYYY-MM-DD means its month",
	 .at = offsetof(fc_given, as_of)},
	{.name = "months", .metavar = "N", .help = "months projected, 1-120 (default 36)", .at = offsetof(fc_given, months)},
	{.name = "paths", .metavar = "P", .help = "Monte Carlo paths, 1-1000000 (default 1000)", .at = offsetof(fc_given, paths)},
	{.name = "seed", .metavar = "S", .help = "the seed, 0-9223372036854775807 (default 1)", .at = offsetof(fc_given, seed)},
	{.name = "method", .metavar = "M", .help = "auto (default), run-rate, trend, growth or seasonal",
	 .at = offsetof(fc_given, method), .complete = "auto run-rate trend growth seasonal"},
	{.name = "window", .metavar = "K",
	 .help = "months the method looks back (default: run-rate 3, trend and\n"
		 "growth 12, seasonal 36)",
	 .at = offsetof(fc_given, window)},
	{.name = "growth", .metavar = "PCT", .help = "growth: this percent a year instead of the fitted rate",
	 .at = offsetof(fc_given, growth)},
	{.name = "ramp", .metavar = "FILE", .help = "a migration plan added on top (docs/forecast.md)",
	 .at = offsetof(fc_given, ramp), .complete = "file"},
	{.name = "threads", .metavar = "T", .help = "threads (default: every core); the output does not change",
	 .at = offsetof(fc_given, threads)},
	{.name = "backtest", .metavar = "K", .help = "hide the last K imported months and forecast them",
	 .at = offsetof(fc_given, backtest)},
	{.name = "json", .help = "the forecast as JSON (docs/cli.md); amounts exact", .at = offsetof(fc_given, json)},
	CLI_OPTION_CSV(fc_given, csv),
	{.name = "all", .help = "also the credits with nothing left (hidden otherwise)", .at = offsetof(fc_given, all)},
	{0},
};

const cli_spec cli_spec_forecast = {
	.verb = "forecast",
	.summary = "credits' fate, leakage and shortfall risk over Monte Carlo paths",
	.synopsis = "forecast [--as-of YYYY-MM] [--months N] [--paths P] [--seed S] [--method M] [--window K] "
		    "[--growth PCT] [--ramp FILE] [--threads T] [--json | --csv] [--all]\n"
		    "forecast --backtest K [--method M] [--window K] [--growth PCT] [--paths P] [--seed S] "
		    "[--ramp FILE] [--json | --csv]",
	.description = "Projects every account's services after the as-of month along P Monte Carlo\n"
		       "paths and runs the month engine over each: the bill's P10/P50/P90 each month,\n"
		       "which credits will be used up and when, which will leak and how much, the\n"
		       "expiry that would let a credit be used, and each contract year's counted\n"
		       "spend and shortfall with its probability. The same seed gives the same output.\n",
	.notes = "--csv: the months: month, then the P50 of gross, credits, discount,\n"
		 "support_fee, support_credits, payable, then payable_p10, payable_p90 and\n"
		 "counted (P50); with --backtest: month, actual, p10, p50, p90.\n",
	.options = options,
};

static int parse_args(cli_ctx *ctx, int argc, char **argv, fc_args *a)
{
	fc_given g = {0};
	memset(a, 0, sizeof *a);
	dd_fc_options_default(&a->o);
	a->as_of = DD_MONTH_NONE;
	int rc = cli_parse_spec(ctx, &cli_spec_forecast, &g, argc, argv, NULL);
	if (rc) return rc;
	const char *as_of = g.as_of, *months = g.months, *paths = g.paths, *seed = g.seed, *method = g.method,
		   *window = g.window, *growth = g.growth, *threads = g.threads, *backtest = g.backtest;
	a->ramp_path = g.ramp;
	a->json = g.json;
	if (g.json && g.csv) return cli_usage("forecast", "--csv and --json together");
	const char *verb = "forecast";
	long long v;
	dd_date day;
	if (as_of && dd_month_parse(as_of, strlen(as_of), &a->as_of)) {
		if (dd_date_parse(as_of, strlen(as_of), &day))
			return cli_usage("forecast", "--as-of: expected YYYY-MM, got \"%s\"", as_of);
		a->as_of = dd_date_month(day);
	}
	if (months && (rc = cli_int(verb, "months", months, 1, DD_FC_MAX_MONTHS, &v))) return rc;
	if (months) a->o.months = (int)v;
	if (paths && (rc = cli_int(verb, "paths", paths, 1, DD_FC_MAX_PATHS, &v))) return rc;
	if (paths) a->o.paths = (int)v;
	if (seed && (rc = cli_int(verb, "seed", seed, 0, 9223372036854775807LL, &v))) return rc;
	if (seed) a->o.seed = (uint64_t)v;
	if (window && (rc = cli_int(verb, "window", window, 1, 1200, &v))) return rc;
	if (window) a->o.window = (int)v;
	if (threads && (rc = cli_int(verb, "threads", threads, 1, 64, &v))) return rc;
	if (threads) a->o.threads = (int)v;
	if (backtest && (rc = cli_int(verb, "backtest", backtest, 1, DD_FC_MAX_MONTHS, &v))) return rc;
	if (backtest) a->backtest = (int)v;
	if (growth) {
		if ((rc = cli_number(verb, "growth", growth, -99.999999, 10000, &a->o.growth_percent))) return rc;
		a->o.has_growth = true;
	}
	if (method && dd_fc_method_parse(method, &a->o.method)) {
		fprintf(stderr,
			"drawdown: forecast: --method: expected auto, run-rate, trend, growth or seasonal, got \"%s\" "
			"(see 'drawdown forecast --help')\n",
			method);
		return CLI_USAGE;
	}
	if (a->backtest && (as_of || months)) {
		fprintf(stderr, "drawdown: forecast: --backtest takes neither --as-of nor --months (it hides the last "
				"K imported months and forecasts K)\n");
		return CLI_USAGE;
	}
	return 0;
}

/* ---- output ------------------------------------------------------------ */

static const char *const field_keys[] = {"gross", "credits", "discount", "support_fee", "support_credits",
					 "payable", "counted"};
static const dd_fc_field json_fields[] = {DD_FC_GROSS,	 DD_FC_CREDITS, DD_FC_DISCOUNT, DD_FC_SUPPORT_FEE,
					  DD_FC_SUPPORT_CREDITS, DD_FC_PAYABLE, DD_FC_COUNTED};

static void js_band(cli_json *j, const char *key, const dd_fc_band *b)
{
	js_obj(j, key);
	js_money(j, "p10", b->p10);
	js_money(j, "p50", b->p50);
	js_money(j, "p90", b->p90);
	js_obj_end(j);
}

static void js_dist(cli_json *j, const char *key, const dd_fc_dist *d)
{
	js_obj(j, key);
	js_money(j, "mean", d->mean);
	js_money(j, "p10", d->p10);
	js_money(j, "p50", d->p50);
	js_money(j, "p90", d->p90);
	js_obj_end(j);
}

static void js_month_or_null(cli_json *j, const char *key, dd_month m)
{
	char b[8];
	js_str(j, key, m == DD_MONTH_NONE ? NULL : dd_month_format(m, b));
}

static void js_int_or_null(cli_json *j, const char *key, int v)
{
	if (v < 0) js_str(j, key, NULL);
	else js_int(j, key, v);
}

static int print_json(const dd_book *book, const dd_forecast *f)
{
	char b[11];
	cli_json j;
	js_init(&j, stdout);
	js_obj(&j, NULL);
	js_str(&j, "as_of", dd_month_format(f->as_of, b));
	js_str(&j, "currency", book->currency);
	js_str(&j, "method", dd_fc_method_name(f->method));
	js_int(&j, "paths", f->paths);
	js_int(&j, "seed", (long long)f->seed);
	js_int(&j, "months_ahead", f->months);
	js_arr(&j, "months");
	for (int k = 0; k < f->months; k++) {
		js_obj(&j, NULL);
		js_str(&j, "month", dd_month_format(f->month[k].month, b));
		for (size_t i = 0; i < sizeof json_fields / sizeof json_fields[0]; i++)
			js_band(&j, field_keys[i], &f->month[k].band[json_fields[i]]);
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_arr(&j, "credits");
	for (size_t c = 0; c < f->ncredits; c++) {
		const dd_fc_credit *fc = &f->credits[c];
		const dd_credit *cr = &book->credits[fc->credit];
		js_obj(&j, NULL);
		js_str(&j, "id", cr->id);
		js_str(&j, "type", dd_credit_type_name(cr->type));
		js_str(&j, "expires", dd_date_format(cr->expires, b));
		js_money(&j, "remaining", fc->remaining);
		js_obj(&j, "exhausted_month");
		js_month_or_null(&j, "p50", fc->exhausted_p50);
		js_month_or_null(&j, "p90", fc->exhausted_p90);
		js_obj_end(&j);
		js_dist(&j, "leakage", &fc->leakage);
		js_money(&j, "leak_probability", fc->leak_probability);
		js_obj(&j, "months_needed");
		js_int_or_null(&j, "p50", fc->months_needed_p50);
		js_int_or_null(&j, "p90", fc->months_needed_p90);
		js_obj_end(&j);
		js_str(&j, "suggested_expiry", fc->has_suggested ? dd_date_format(fc->suggested_expiry, b) : NULL);
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_arr(&j, "commitment");
	for (size_t y = 0; y < f->nyears; y++) {
		const dd_fc_year *fy = &f->years[y];
		js_obj(&j, NULL);
		js_int(&j, "year", fy->year);
		js_str(&j, "start", dd_date_format(fy->start, b));
		js_str(&j, "end", dd_date_format(fy->end, b));
		js_money(&j, "commitment", fy->commitment);
		js_band(&j, "counted", &fy->counted);
		js_dist(&j, "shortfall", &fy->shortfall);
		js_money(&j, "shortfall_probability", fy->shortfall_probability);
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_obj_end(&j);
	return js_done(&j);
}


static void print_months(const dd_forecast *f)
{
	char b[8], c[7][DD_MONEY_STRMAX], range[2 * DD_MONEY_STRMAX + 4];
	if (cli_mode_get()->csv) {
		cli_table t;
		cli_table_init(&t, "lrrrrrrrrr", 10);
		cli_table_head(&t, "MONTH", "GROSS", "CREDITS", "DISCOUNT", "SUPPORT FEE", "SUPPORT CREDITS", "PAYABLE",
			       "PAYABLE P10", "PAYABLE P90", "COUNTED");
		for (int k = 0; k < f->months; k++) {
			const dd_fc_band *bd = f->month[k].band;
			char x[3][DD_MONEY_STRMAX];
			cli_table_row(&t, dd_month_format(f->month[k].month, b), cli_cents(bd[DD_FC_GROSS].p50, c[0]),
				      cli_cents(bd[DD_FC_CREDITS].p50, c[1]), cli_cents(bd[DD_FC_DISCOUNT].p50, c[2]),
				      cli_cents(bd[DD_FC_SUPPORT_FEE].p50, c[3]),
				      cli_cents(bd[DD_FC_SUPPORT_CREDITS].p50, c[4]), cli_cents(bd[DD_FC_PAYABLE].p50, c[5]),
				      cli_cents(bd[DD_FC_PAYABLE].p10, c[6]), cli_cents(bd[DD_FC_PAYABLE].p90, x[0]),
				      cli_cents(bd[DD_FC_COUNTED].p50, x[1]));
		}
		cli_table_print(&t, stdout, 0);
		cli_table_free(&t);
		return;
	}
	printf("Monthly bill, P50 of each total (payable with its P10-P90 range):\n\n");
	cli_table t;
	cli_table_init(&t, "lrrrrrrr", 8);
	cli_table_head(&t, "MONTH", "GROSS", "CREDITS", "DISCOUNT", "SUPPORT", "PAYABLE", "PAYABLE P10-P90", "COUNTED");
	for (int k = 0; k < f->months; k++) {
		const dd_fc_band *bd = f->month[k].band;
		dd_money support = dd_money_sub(bd[DD_FC_SUPPORT_FEE].p50, bd[DD_FC_SUPPORT_CREDITS].p50);
		snprintf(range, sizeof range, "%s - %s", cli_cents(bd[DD_FC_PAYABLE].p10, c[5]),
			 cli_cents(bd[DD_FC_PAYABLE].p90, c[6]));
		cli_table_row(&t, dd_month_format(f->month[k].month, b), cli_cents(bd[DD_FC_GROSS].p50, c[0]),
			      cli_cents(bd[DD_FC_CREDITS].p50, c[1]), cli_cents(bd[DD_FC_DISCOUNT].p50, c[2]),
			      cli_cents(support, c[3]), cli_cents(bd[DD_FC_PAYABLE].p50, c[4]), range,
			      cli_cents(bd[DD_FC_COUNTED].p50, c[6]));
	}
	cli_table_print(&t, stdout, 2);
	cli_table_free(&t);
}

static void print_credit(const dd_book *book, const dd_forecast *f, const dd_fc_credit *fc)
{
	const dd_credit *cr = &book->credits[fc->credit];
	char m1[8], m2[8], d[11], a[DD_MONEY_STRMAX], a2[DD_MONEY_STRMAX], pc[48];
	dd_month exp_m = dd_date_month(cr->expires);
	printf("  %s (%s, expires %s): ", cr->id, dd_credit_type_name(cr->type), dd_date_format(cr->expires, d));
	if (exp_m <= f->as_of) {
		printf("expired before the forecast starts.\n");
		return;
	}
	if (!dd_money_is_pos(fc->remaining)) {
		printf("nothing left.\n");
		return;
	}
	printf("%s left at the end of %s.", cli_cents(fc->remaining, a), dd_month_format(f->as_of, m1));
	if (fc->exhausted_p50 != DD_MONTH_NONE && fc->exhausted_p90 != DD_MONTH_NONE)
		printf(" Used up in %s (P50), by %s (P90).", dd_month_format(fc->exhausted_p50, m1),
		       dd_month_format(fc->exhausted_p90, m2));
	else if (fc->exhausted_p50 != DD_MONTH_NONE)
		printf(" Used up in %s (P50), but not on every path.", dd_month_format(fc->exhausted_p50, m1));
	else if (exp_m > f->as_of + f->months)
		printf(" Not used up within the %d months projected.", f->months);
	if (dd_money_is_pos(fc->leak_probability))
		printf(" Will leave %s unused at its expiry (P50; mean %s), probability %s.",
		       cli_cents(fc->leakage.p50, a), cli_cents(fc->leakage.mean, a2),
		       cli_probability(fc->leak_probability, pc, sizeof pc));
	else if (exp_m <= f->as_of + f->months)
		printf(" No leakage expected.");
	if (fc->has_suggested)
		printf(" Needs %d months from its start (P90): ask for an expiry of %s.", fc->months_needed_p90,
		       dd_date_format(fc->suggested_expiry, d));
	else if (fc->months_needed_p90 < 0 && dd_money_is_pos(fc->leak_probability))
		printf(" Even without an expiry it would not be used up within %d months.", DD_FC_MAX_MONTHS);
	printf("\n");
}

static void print_year(const dd_forecast *f, const dd_fc_year *fy)
{
	char c[DD_MONEY_STRMAX], n1[DD_MONEY_STRMAX], n2[DD_MONEY_STRMAX], n3[DD_MONEY_STRMAX], s[11], e[11], pc[48];
	dd_month end = dd_date_month(fy->end);
	printf("  Year %d (%s to %s), commitment %s: ", fy->year, dd_date_format(fy->start, s), dd_date_format(fy->end, e),
	       cli_cents(fy->commitment, c));
	if (end <= f->as_of) {
		printf("ended with %s counted; ", cli_cents(fy->counted.p50, n1));
		if (dd_money_is_pos(fy->shortfall.p50)) printf("shortfall %s.\n", cli_cents(fy->shortfall.p50, c));
		else printf("met.\n");
		return;
	}
	printf("counted %s (P50; P10-P90 %s - %s)%s. ", cli_cents(fy->counted.p50, n1), cli_cents(fy->counted.p10, n2),
	       cli_cents(fy->counted.p90, n3), end > f->as_of + f->months ? " by the end of the projection" : "");
	if (dd_money_is_pos(fy->shortfall_probability))
		printf("Shortfall probability %s; expected shortfall %s (P90 %s).\n",
		       cli_probability(fy->shortfall_probability, pc, sizeof pc), cli_cents(fy->shortfall.mean, c),
		       cli_cents(fy->shortfall.p90, n1));
	else
		printf("Met on every path.\n");
}

/* A credit with nothing to say: expired before the forecast, or used up. */
static bool zero_credit(const dd_book *book, const dd_forecast *f, const dd_fc_credit *fc)
{
	return dd_date_month(book->credits[fc->credit].expires) <= f->as_of || !dd_money_is_pos(fc->remaining);
}

static void print_table(const dd_book *book, const dd_forecast *f)
{
	char b[8];
	if (cli_mode_get()->csv) {
		print_months(f);
		return;
	}
	printf("Forecast after %s (%s): %d months, %d paths, seed %llu, method %s, %zu series\n\n",
	       dd_month_format(f->as_of, b), book->currency, f->months, f->paths, (unsigned long long)f->seed,
	       dd_fc_method_name(f->method), f->nseries);
	print_months(f);
	if (f->ncredits) {
		size_t hidden = 0;
		printf("\nCredits:\n");
		for (size_t i = 0; i < f->ncredits; i++)
			if (!cli_mode_get()->all && zero_credit(book, f, &f->credits[i])) hidden++;
			else print_credit(book, f, &f->credits[i]);
		if (hidden)
			printf("  %zu zero line%s hidden (--all shows them)\n", hidden, hidden == 1 ? "" : "s");
	}
	if (f->nyears) {
		printf("\nCommitment of %s:\n", book->agreement.id);
		for (size_t y = 0; y < f->nyears; y++) print_year(f, &f->years[y]);
	}
}

static int print_backtest(const dd_fc_backtest *bt, bool json)
{
	char b[8], m[32], cov[32];
	snprintf(m, sizeof m, "%.6f", bt->mape);
	snprintf(cov, sizeof cov, "%.6f", bt->coverage);
	if (json) {
		cli_json j;
		js_init(&j, stdout);
		js_obj(&j, NULL);
		js_obj(&j, "backtest");
		js_int(&j, "holdout", bt->holdout);
		js_str(&j, "method", dd_fc_method_name(bt->method));
		js_arr(&j, "months");
		for (int k = 0; k < bt->holdout; k++) {
			const dd_fc_backtest_month *bm = &bt->months[k];
			js_obj(&j, NULL);
			js_str(&j, "month", dd_month_format(bm->month, b));
			js_money(&j, "actual", bm->actual);
			js_money(&j, "p10", bm->p10);
			js_money(&j, "p50", bm->p50);
			js_money(&j, "p90", bm->p90);
			js_obj_end(&j);
		}
		js_arr_end(&j);
		js_str(&j, "mape", m);
		js_str(&j, "coverage", cov);
		js_obj_end(&j);
		js_obj_end(&j);
		return js_done(&j);
	}
	char c[5][DD_MONEY_STRMAX];
	bool csv = cli_mode_get()->csv;
	if (!csv)
		printf("Backtest: the last %d imported months forecast from the months before (method %s)\n\n",
	       bt->holdout, dd_fc_method_name(bt->method));
	cli_table t;
	cli_table_init(&t, "lrrrr", 5);
	cli_table_head(&t, "MONTH", "ACTUAL", "P10", "P50", "P90");
	for (int k = 0; k < bt->holdout; k++) {
		const dd_fc_backtest_month *bm = &bt->months[k];
		cli_table_row(&t, dd_month_format(bm->month, b), cli_cents(bm->actual, c[0]), cli_cents(bm->p10, c[1]),
			      cli_cents(bm->p50, c[2]), cli_cents(bm->p90, c[3]));
	}
	cli_table_print(&t, stdout, csv ? 0 : 2);
	cli_table_free(&t);
	if (!csv)
		printf("\nMean absolute percentage error of P50: %.2f%%; actuals inside P10-P90: %.0f%%.\n", bt->mape * 100,
	       bt->coverage * 100);
	return CLI_OK;
}

int cmd_forecast(cli_ctx *ctx, int argc, char **argv)
{
	fc_args a;
	int rc = parse_args(ctx, argc, argv, &a);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	dd_book *book = NULL;
	dd_store *store = NULL;
	dd_ramp *ramp = NULL;
	cli_forecast cf = {0};
	dd_forecast f = {0};
	dd_fc_backtest bt = {0};
	if ((rc = cli_load_book(ctx, &book))) goto out;
	if ((rc = cli_load_ramp(a.ramp_path, &ramp))) goto out;
	a.o.ramp = ramp;
	if ((rc = cli_open_store(ctx, false, &store)) || (rc = cli_load_history(store, a.as_of, "--as-of", &cf))) goto out;
	if (a.backtest) {
		if (dd_forecast_backtest(cf.view, cf.hist.n, a.backtest, &a.o, &bt)) rc = cli_error();
		else rc = print_backtest(&bt, a.json);
	} else if (dd_forecast_run(book, cf.view, cf.hist.n, &a.o, &f)) {
		rc = cli_error();
	} else if (a.json) {
		rc = print_json(book, &f);
	} else {
		print_table(book, &f);
	}
out:
	dd_fc_backtest_dispose(&bt);
	dd_forecast_dispose(&f);
	cli_forecast_free(&cf);
	dd_ramp_free(ramp);
	dd_store_close(store);
	dd_book_free(book);
	return rc;
}
