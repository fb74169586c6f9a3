/* cmd_export.c: `drawdown export focus`: the month's simulated credit
 * application as FOCUS 1.2 rows (--month), or the agreement as FOCUS 1.3
 * contract commitment rows (--commitment), as CSV (or, with --json, the same
 * cells as JSON) on stdout or into a file replaced atomically (--out). The
 * rows come from focus.h; this file only loads, runs and writes. */
#include <stdlib.h>
#include <string.h>

#include "common.h"

typedef struct {
	const char *month, *out;
	bool commitment, json;
} export_focus_args;

static const cli_option focus_options[] = {
	{.name = "month", .metavar = "YYYY-MM",
	 .help = "the month's credit rows (FOCUS 1.2, ChargeCategory\n"
		 "Credit): one per credit, account and service",
	 .at = offsetof(export_focus_args, month)},
	{.name = "commitment",
	 .help = "the agreement's rows instead (FOCUS 1.3 contract\n"
		 "commitment): one per contract year",
	 .at = offsetof(export_focus_args, commitment)},
	{.name = "out", .metavar = "FILE", .help = "write to FILE (replaced atomically), not stdout",
	 .at = offsetof(export_focus_args, out), .complete = "file"},
	{.name = "json",
	 .help = "the same rows as JSON: {\"focus_version\",\"dataset\",\"month\",\n"
		 "\"rows\":[{column: value or null}]} (docs/cli.md)",
	 .at = offsetof(export_focus_args, json)},
	{0},
};

const cli_spec cli_spec_export_focus = {
	.verb = "export focus",
	.summary = "the month's credit rows (FOCUS 1.2) or the agreement's (FOCUS 1.3)",
	.synopsis = "export focus --month YYYY-MM [--json] [--out FILE]\n"
		    "export focus --commitment [--json] [--out FILE]",
	.description = "FOCUS rows for the tools FinOps teams already use. --month: the month's\n"
		       "simulated credit application (the bill's credits before and after the\n"
		       "discount and its support credits) as FOCUS 1.2 cost-and-usage rows,\n"
		       "ChargeCategory Credit, BilledCost = EffectiveCost = ListCost =\n"
		       "ContractedCost, negative: the rows sum to minus the bill's credits.\n"
		       "--commitment: the agreement as FOCUS 1.3 contract commitment rows, one\n"
		       "per contract year. CSV (RFC 4180) with a header row, exact decimals,\n"
		       "ISO 8601 UTC times, null as an empty field; custom columns start x_.\n"
		       "--json: the same cells as JSON objects, null for FOCUS null.\n",
	.notes = "Columns and the FOCUS rule behind each value: docs/cli.md (export focus).\n",
	.options = focus_options,
};

static const cli_spec *const export_subs[] = {&cli_spec_export_focus, NULL};

const cli_spec cli_spec_export = {
	.verb = "export",
	.summary = "FOCUS CSV: a month's simulated credits (1.2) or the commitment (1.3)",
	.synopsis = "export FORMAT [options]\n"
		    "export focus (--month YYYY-MM | --commitment) [--json] [--out FILE]",
	.description = "Writes drawdown's figures in a format other tools read. One format today:\n"
		       "focus (FOCUS, the FinOps Open Cost and Usage Specification).\n",
	.args = "focus",
	.subs = export_subs,
};

/* The dataset as CSV (focus.h) or, with --json, as JSON:
 * {"focus_version","dataset","month"?,"rows":[{column: value or null}]},
 * the same cells; on stdout or into --out, replaced atomically. */
static int write_table(const export_focus_args *a, const dd_focus_table *t, dd_month month)
{
	char *text = NULL, mb[8], what[64];
	size_t len = 0;
	int rc = CLI_OK;
	if (!a->json) {
		if (dd_focus_table_csv(t, &text, &len)) return cli_error();
	} else {
		FILE *f = open_memstream(&text, &len);
		if (!f) return cli_fail("out of memory");
		cli_json j;
		js_init(&j, f);
		js_obj(&j, NULL);
		js_str(&j, "focus_version", t->version);
		js_str(&j, "dataset", t->dataset);
		if (month != DD_MONTH_NONE) js_str(&j, "month", dd_month_format(month, mb));
		js_arr(&j, "rows");
		for (size_t r = 0; r < t->nrows; r++) {
			js_obj(&j, NULL);
			for (size_t c = 0; c < t->ncolumns; c++) js_str(&j, t->columns[c], t->cells[r * t->ncolumns + c]);
			js_obj_end(&j);
		}
		js_arr_end(&j);
		js_obj_end(&j);
		rc = js_done(&j);
		if (fclose(f) && !rc) rc = cli_fail("out of memory");
	}
	if (!rc && a->out) {
		if (month != DD_MONTH_NONE)
			snprintf(what, sizeof what, "%zu credit row%s of %s", t->nrows, t->nrows == 1 ? "" : "s",
				 dd_month_format(month, mb));
		else
			snprintf(what, sizeof what, "%zu contract commitment row%s", t->nrows, t->nrows == 1 ? "" : "s");
		if (!(rc = cli_write_file("export focus", a->out, text, len))) printf("%s written to %s\n", what, a->out);
	} else if (!rc && (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)) {
		rc = cli_fail("export focus: cannot write the output");
	}
	free(text);
	return rc;
}

static int export_month(cli_ctx *ctx, dd_month month, const export_focus_args *a)
{
	dd_book *book = NULL;
	dd_store *store = NULL;
	cli_run run = {0};
	dd_focus_table t = {0};
	char mb[8], fb[8], lb[8];
	int rc;
	if ((rc = cli_load_book(ctx, &book)) || (rc = cli_open_store(ctx, false, &store)) ||
	    (rc = cli_run_to(book, store, month, &run)))
		goto done;
	if (run.bill.no_data) {
		rc = cli_fail("export focus: no charges imported for %s (the store holds %s to %s): nothing to export",
			      dd_month_format(month, mb), dd_month_format(run.first, fb), dd_month_format(run.last, lb));
		goto done;
	}
	if (dd_focus_credits_table(book, &run.bill, &t)) rc = cli_error();
	else rc = write_table(a, &t, month);
done:
	dd_focus_table_dispose(&t);
	cli_run_free(&run);
	dd_store_close(store);
	dd_book_free(book);
	return rc;
}

static int export_commitment(cli_ctx *ctx, const export_focus_args *a)
{
	dd_book *book = NULL;
	dd_focus_table t = {0};
	int rc;
	if ((rc = cli_load_book(ctx, &book))) return rc;
	if (!book->agreement.present)
		rc = cli_fail("export focus: --commitment: the book has no agreement (%s)", book->path);
	else if (dd_focus_commitment_table(book, &t))
		rc = cli_error();
	else
		rc = write_table(a, &t, DD_MONTH_NONE);
	dd_focus_table_dispose(&t);
	dd_book_free(book);
	return rc;
}

static int cmd_export_focus(cli_ctx *ctx, int argc, char **argv)
{
	export_focus_args a = {0};
	int rc = cli_parse_spec(ctx, &cli_spec_export_focus, &a, argc, argv, NULL);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	if (a.month && a.commitment) return cli_usage("export focus", "--month and --commitment together: one dataset per file");
	if (!a.month && !a.commitment) return cli_usage("export focus", "give --month YYYY-MM or --commitment");
	if (a.out && !*a.out) return cli_usage("export focus", "--out: expected a file name");
	if (a.commitment) return export_commitment(ctx, &a);
	dd_month month;
	if ((rc = cli_month("export focus", a.month, &month))) return rc;
	return export_month(ctx, month, &a);
}

int cmd_export(cli_ctx *ctx, int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "focus")) return cmd_export_focus(ctx, argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		cli_spec_help(&cli_spec_export, stdout);
		return CLI_OK;
	}
	if (argc < 2) return cli_usage("export", "expected a format: focus");
	fprintf(stderr, "drawdown: export: unknown format \"%s\" (expected: focus; see 'drawdown export --help')\n", argv[1]);
	return CLI_USAGE;
}
