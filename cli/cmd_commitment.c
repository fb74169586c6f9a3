/* cmd_commitment.c: `drawdown commitment [--month YYYY-MM]`: where each
 * contract year of the agreement stands after running to a month, and the
 * shortfall owed if the year ended at that month's end. */
#include <stdlib.h>
#include <string.h>

#include "common.h"

static const cli_option options[] = {
	{.name = "month", .metavar = "YYYY-MM", .help = "the month (default: the last imported month)",
	 .at = offsetof(cli_month_args, month)},
	{.name = "json",
	 .help = "{\"agreement\",\"years\":[{\"year\",\"start\",\"end\",\"commitment\",\n"
		 "\"counted\",\"carried_in\",\"shortfall\"}]}",
	 .at = offsetof(cli_month_args, json)},
	CLI_OPTION_CSV(cli_month_args, csv),
	{0},
};

const cli_spec cli_spec_commitment = {
	.verb = "commitment",
	.summary = "the EDP commitment per contract year, and the shortfall",
	.synopsis = "commitment [--month YYYY-MM] [--json | --csv]",
	.description = "The agreement's commitment per contract year: what counted toward it so\n"
		       "far, what was carried in from the year before (carry_forward), and the\n"
		       "shortfall that would be owed if the year ended at the end of the month.\n"
		       "A year not yet started shows its whole commitment as shortfall.\n",
	.notes = "--csv: the years: year, start, end, commitment, counted, carried_in,\n"
		 "shortfall, attained.\n",
	.options = options,
};

static int print_json(const dd_book *book, const cli_run *run, const dd_commit_year *y)
{
	char mb[8], d[11];
	cli_json j;
	js_init(&j, stdout);
	js_obj(&j, NULL);
	js_str(&j, "agreement", book->agreement.id);
	js_str(&j, "month", dd_month_format(run->month, mb));
	js_str(&j, "currency", book->currency);
	js_str(&j, "basis", book->agreement.basis == DD_BASIS_GROSS ? "gross" : "net");
	js_arr(&j, "years");
	for (int i = 0; i < book->agreement.years; i++) {
		js_obj(&j, NULL);
		js_int(&j, "year", y[i].year);
		js_str(&j, "start", dd_date_format(y[i].start, d));
		js_str(&j, "end", dd_date_format(y[i].end, d));
		js_money(&j, "commitment", y[i].commitment);
		js_money(&j, "counted", y[i].counted);
		js_money(&j, "carried_in", y[i].carried_in);
		js_money(&j, "shortfall", y[i].shortfall);
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_obj_end(&j);
	return js_done(&j);
}

static void print_table(const dd_book *book, const cli_run *run, const dd_commit_year *y)
{
	char mb[8], s[11], e[11], c[DD_MONEY_STRMAX], n[DD_MONEY_STRMAX], k[DD_MONEY_STRMAX], f[DD_MONEY_STRMAX];
	char year[8], pct[16];
	const dd_agreement *a = &book->agreement;
	bool csv = cli_mode_get()->csv;
	dd_month_format(run->month, mb);
	if (!csv)
		printf("Commitment of %s (%s basis, credits %s) at the end of %s (%s)\n\n", a->id,
	       a->basis == DD_BASIS_GROSS ? "gross" : "net", a->credits_count ? "count" : "do not count",
	       dd_month_format(run->month, mb), book->currency);
	cli_table t;
	cli_table_init(&t, "rllrrrrr", 8);
	cli_table_head(&t, "YEAR", "START", "END", "COMMITMENT", "COUNTED", "CARRIED IN", "SHORTFALL", "ATTAINED");
	for (int i = 0; i < a->years; i++) {
		snprintf(year, sizeof year, "%d", y[i].year);
		/* Attainment to a tenth of a percent, for reading only. */
		dd_money got = dd_money_add(y[i].counted, y[i].carried_in), p = dd_money_zero();
		if (dd_money_is_pos(y[i].commitment) && dd_money_muldiv(got, 100, 1, &p) == 0) {
			__int128 q = p.v / y[i].commitment.v; /* whole percent */
			__int128 tenth = (p.v % y[i].commitment.v) * 10 / y[i].commitment.v;
			snprintf(pct, sizeof pct, "%lld.%lld%%", (long long)q, (long long)(tenth < 0 ? -tenth : tenth));
		} else {
			snprintf(pct, sizeof pct, "-");
		}
		cli_table_row(&t, year, dd_date_format(y[i].start, s), dd_date_format(y[i].end, e),
			      cli_cents(y[i].commitment, c), cli_cents(y[i].counted, n), cli_cents(y[i].carried_in, k),
			      cli_cents(y[i].shortfall, f), pct);
	}
	cli_table_print(&t, stdout, csv ? 0 : 2);
	cli_table_free(&t);
	if (!csv) printf("\nShortfall: what would be owed if the year ended at the end of %s.\n", mb);
}

static int report(const dd_book *book, dd_store *store, cli_run *run, bool json)
{
	(void)store;
	int rc = CLI_OK;
	dd_commit_year *years = calloc((size_t)book->agreement.years, sizeof *years);
	if (!years || dd_engine_commitment(run->engine, years) != 0) rc = years ? cli_error() : cli_fail("out of memory");
	else if (json) rc = print_json(book, run, years);
	else print_table(book, run, years);
	free(years);
	return rc;
}

int cmd_commitment(cli_ctx *ctx, int argc, char **argv)
{
	return cli_month_spec_verb(ctx, &cli_spec_commitment, argc, argv, false, true, report);
}
