/* cmd_opportunities.c: `drawdown opportunities`: per credit programme what
 * the book holds, whether its trigger is in the data (with the evidence),
 * the typical size of a grant and when to ask (opportunities.h), from the
 * imported history and the default forecast. */
#include <stdlib.h>
#include <string.h>

#include "common.h"

typedef struct {
	const char *as_of, *ramp;
	bool json, csv;
} opp_args;

static const cli_option options[] = {
	{.name = "as-of", .metavar = "YYYY-MM-DD", .help = "the day the advice is for (default: today, UTC)",
	 .at = offsetof(opp_args, as_of)},
	{.name = "ramp", .metavar = "FILE", .help = "a migration plan added to the forecast (docs/forecast.md)",
	 .at = offsetof(opp_args, ramp), .complete = "file"},
	{.name = "json", .help = "the opportunities as JSON (docs/cli.md); amounts exact", .at = offsetof(opp_args, json)},
	CLI_OPTION_CSV(opp_args, csv),
	{0},
};

const cli_spec cli_spec_opportunities = {
	.verb = "opportunities",
	.summary = "credits not yet asked for: each programme's trigger, size and timing",
	.synopsis = "opportunities [--as-of YYYY-MM-DD] [--ramp FILE] [--json | --csv]",
	.description = "Credits not yet asked for: for each programme (edp, map, poc, graviton,\n"
		       "marketplace, partner, support, sla) the face value the book holds, whether\n"
		       "its trigger is present in the imported data and the forecast (with the\n"
		       "evidence), the typical size of a grant and when to ask. The projection is\n"
		       "the default forecast (auto, 1,000 paths, seed 1) after the last imported month.\n",
	.notes = "--csv: the programmes: programme, held, typical_low, typical_high, trigger,\n"
		 "when.\n",
	.options = options,
};

static void js_money_or_null(cli_json *j, const char *key, bool has, dd_money v)
{
	if (has) js_money(j, key, v);
	else js_str(j, key, NULL);
}

static int print_json(const dd_book *book, const dd_opportunities *o)
{
	char b[11];
	cli_json j;
	js_init(&j, stdout);
	js_obj(&j, NULL);
	js_str(&j, "as_of", dd_date_format(o->as_of, b));
	js_str(&j, "currency", book->currency);
	js_arr(&j, "opportunities");
	for (size_t i = 0; i < o->n; i++) {
		const dd_opportunity *op = &o->items[i];
		js_obj(&j, NULL);
		js_str(&j, "programme", dd_opp_programme_name(op->programme));
		js_money(&j, "held", op->held);
		js_str(&j, "trigger", op->trigger);
		js_obj(&j, "typical");
		js_money_or_null(&j, "low", op->has_typical, op->typical_low);
		js_money_or_null(&j, "high", op->has_typical, op->typical_high);
		js_obj_end(&j);
		js_str(&j, "when", op->when);
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_obj_end(&j);
	return js_done(&j);
}

static void print_csv(const dd_opportunities *o)
{
	char h[DD_MONEY_STRMAX], lo[DD_MONEY_STRMAX], hi[DD_MONEY_STRMAX];
	cli_table t;
	cli_table_init(&t, "lrrrll", 6);
	cli_table_head(&t, "PROGRAMME", "HELD", "TYPICAL LOW", "TYPICAL HIGH", "TRIGGER", "WHEN");
	for (size_t i = 0; i < o->n; i++) {
		const dd_opportunity *op = &o->items[i];
		cli_table_row(&t, dd_opp_programme_name(op->programme), cli_cents(op->held, h),
			      op->has_typical ? cli_cents(op->typical_low, lo) : "",
			      op->has_typical ? cli_cents(op->typical_high, hi) : "", op->trigger ? op->trigger : "",
			      op->when ? op->when : "");
	}
	cli_table_print(&t, stdout, 0);
	cli_table_free(&t);
}

static void print_table(const dd_book *book, const dd_opportunities *o)
{
	char d[11], m1[8], m2[8], h[DD_MONEY_STRMAX], lo[DD_MONEY_STRMAX], hi[DD_MONEY_STRMAX],
		range[2 * DD_MONEY_STRMAX + 4];
	printf("Credit opportunities on %s (%s", dd_date_format(o->as_of, d), book->currency);
	if (o->last != DD_MONTH_NONE)
		printf("; spend of the %d imported months %s to %s", o->spend_months,
		       dd_month_format(o->last - (dd_month)(o->spend_months - 1), m1), dd_month_format(o->last, m2));
	printf(")\n\n");
	cli_table t;
	cli_table_init(&t, "lrrl", 4);
	cli_table_head(&t, "PROGRAMME", "HELD", "TYPICAL", "TRIGGER");
	size_t present = 0;
	for (size_t i = 0; i < o->n; i++) {
		const dd_opportunity *op = &o->items[i];
		if (op->has_typical)
			snprintf(range, sizeof range, "%s - %s", cli_cents(op->typical_low, lo), cli_cents(op->typical_high, hi));
		else
			snprintf(range, sizeof range, "no published range");
		present += op->trigger != NULL;
		cli_table_row(&t, dd_opp_programme_name(op->programme), cli_cents(op->held, h), range,
			      op->trigger ? "present" : "-");
	}
	cli_table_print(&t, stdout, 2);
	cli_table_free(&t);
	printf("\nHeld: face value of the book's credits of the programme's type expiring on or after %s.\n",
	       dd_date_format(o->as_of, d));
	if (!present) {
		printf("No programme's trigger is present in the data.\n");
		return;
	}
	for (size_t i = 0; i < o->n; i++) {
		const dd_opportunity *op = &o->items[i];
		if (!op->trigger) continue;
		printf("\n%s: %s\n  When: %s\n", dd_opp_programme_name(op->programme), op->trigger, op->when);
	}
}

int cmd_opportunities(cli_ctx *ctx, int argc, char **argv)
{
	opp_args a = {0};
	int rc = cli_parse_spec(ctx, &cli_spec_opportunities, &a, argc, argv, NULL);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	const char *ramp_path = a.ramp;
	bool json = a.json;
	if (a.csv && a.json) return cli_usage("opportunities", "--csv and --json together");
	dd_date as_of;
	if ((rc = cli_as_of("opportunities", a.as_of, &as_of))) return rc;
	dd_book *book = NULL;
	dd_store *store = NULL;
	dd_ramp *ramp = NULL;
	cli_forecast cf = {0};
	dd_opportunities o = {0};
	dd_fc_options fo;
	dd_fc_options_default(&fo);
	if ((rc = cli_load_book(ctx, &book)) || (rc = cli_load_ramp(ramp_path, &ramp))) goto out;
	fo.ramp = ramp;
	if ((rc = cli_open_store(ctx, false, &store)) || (rc = cli_forecast_run(book, store, &fo, &cf))) goto out;
	if (dd_opportunities_find(book, cf.view, cf.hist.n, &cf.f, as_of, &o)) {
		rc = cli_error();
		goto out;
	}
	if (json) rc = print_json(book, &o);
	else if (a.csv) print_csv(&o);
	else print_table(book, &o);
out:
	dd_opportunities_dispose(&o);
	cli_forecast_free(&cf);
	dd_ramp_free(ramp);
	dd_store_close(store);
	dd_book_free(book);
	return rc;
}
