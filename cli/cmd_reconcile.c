/* cmd_reconcile.c: `drawdown reconcile [--month YYYY-MM] [--json]`: the
 * engine's credit application of a month next to what AWS applied (the
 * imported get-credit-allocation-history records of that month, else the
 * imported Credit line items), per credit, account and service. */
#include <string.h>

#include "common.h"

static const cli_option options[] = {
	{.name = "month", .metavar = "YYYY-MM", .help = "the month to reconcile (default: the last imported month)",
	 .at = offsetof(cli_month_args, month)},
	{.name = "json",
	 .help = "{\"month\",\"currency\",\"source\",\"rows\":[{\"credit\",\"account\",\n"
		 "\"service\",\"simulated\",\"actual\",\"difference\",\"estimated\"}],\n"
		 "\"credits\":[...],\"totals\":{\"simulated\",\"actual\",\"difference\"}}",
	 .at = offsetof(cli_month_args, json)},
	CLI_OPTION_CSV(cli_month_args, csv),
	CLI_OPTION_ALL(cli_month_args, all),
	{0},
};

const cli_spec cli_spec_reconcile = {
	.verb = "reconcile",
	.summary = "a month's simulated credits next to AWS's own application",
	.synopsis = "reconcile [--month YYYY-MM] [--json | --csv] [--all]",
	.description = "Compare the engine's simulated credit application of a month with AWS's own:\n"
		       "the imported `aws billing get-credit-allocation-history` records of that month\n"
		       "(per credit id) or, without them, the imported Credit line items (per account\n"
		       "and service, credit \"*\"). difference = simulated - actual.\n",
	.notes = "--csv: the rows: credit, account, service, simulated, actual, difference,\n"
		 "estimated.\n",
	.options = options,
};

static void js_total(cli_json *j, const char *key, const dd_reconcile_total *t)
{
	js_obj(j, key);
	if (t->credit) js_str(j, "credit", t->credit);
	js_money(j, "simulated", t->simulated);
	js_money(j, "actual", t->actual);
	js_money(j, "difference", t->difference);
	js_obj_end(j);
}

static int print_json(const dd_book *book, const dd_reconcile *r)
{
	char mb[8];
	cli_json j;
	js_init(&j, stdout);
	js_obj(&j, NULL);
	js_str(&j, "month", dd_month_format(r->month, mb));
	js_str(&j, "currency", book->currency);
	js_str(&j, "source", dd_reconcile_source_name(r->source));
	js_arr(&j, "rows");
	for (size_t i = 0; i < r->nrows; i++) {
		const dd_reconcile_row *w = &r->rows[i];
		js_obj(&j, NULL);
		js_str(&j, "credit", w->credit);
		js_str(&j, "account", w->account);
		js_str(&j, "service", w->service);
		js_money(&j, "simulated", w->simulated);
		js_money(&j, "actual", w->actual);
		js_money(&j, "difference", w->difference);
		js_bool(&j, "estimated", w->estimated);
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_arr(&j, "credits");
	for (size_t i = 0; i < r->ncredits; i++) js_total(&j, NULL, &r->credits[i]);
	js_arr_end(&j);
	js_total(&j, "totals", &r->total);
	js_obj_end(&j);
	return js_done(&j);
}

static void print_csv(const dd_reconcile *r)
{
	char b1[DD_MONEY_STRMAX], b2[DD_MONEY_STRMAX], b3[DD_MONEY_STRMAX];
	cli_table t;
	cli_table_init(&t, "lllrrrl", 7);
	cli_table_head(&t, "CREDIT", "ACCOUNT", "SERVICE", "SIMULATED", "ACTUAL", "DIFFERENCE", "ESTIMATED");
	for (size_t i = 0; i < r->nrows; i++) {
		const dd_reconcile_row *w = &r->rows[i];
		cli_table_row(&t, w->credit, w->account, w->service, cli_cents(w->simulated, b1), cli_cents(w->actual, b2),
			      cli_cents(w->difference, b3), w->estimated ? "true" : "false");
	}
	cli_table_print(&t, stdout, 0);
	cli_table_free(&t);
}

static void print_table(const dd_reconcile *r)
{
	char mb[8], b1[DD_MONEY_STRMAX], b2[DD_MONEY_STRMAX], b3[DD_MONEY_STRMAX];
	if (cli_mode_get()->csv) {
		print_csv(r);
		return;
	}
	printf("Reconcile %s: simulated (drawdown) vs actual (AWS %s)\n\n", dd_month_format(r->month, mb),
	       r->source == DD_RECONCILE_ALLOCATIONS ? "credit allocation history" : "Credit line items");
	if (!r->nrows) {
		printf("No credits applied by either side.\n");
		return;
	}
	cli_table t;
	cli_table_init(&t, "lllrrrl", 7);
	cli_table_head(&t, "CREDIT", "ACCOUNT", "SERVICE", "SIMULATED", "ACTUAL", "DIFFERENCE", "");
	cli_table_hide_zero(&t);
	for (size_t i = 0; i < r->nrows; i++) {
		const dd_reconcile_row *w = &r->rows[i];
		cli_table_row(&t, w->credit, w->account, w->service, cli_cents(w->simulated, b1), cli_cents(w->actual, b2),
			      cli_cents(w->difference, b3), w->estimated ? "(estimated)" : "");
	}
	cli_table_print(&t, stdout, 2);
	cli_table_free(&t);

	printf("\nPer credit\n");
	cli_table_init(&t, "lrrr", 4);
	cli_table_head(&t, "CREDIT", "SIMULATED", "ACTUAL", "DIFFERENCE");
	for (size_t i = 0; i < r->ncredits; i++) {
		const dd_reconcile_total *c = &r->credits[i];
		cli_table_row(&t, c->credit, cli_cents(c->simulated, b1), cli_cents(c->actual, b2),
			      cli_cents(c->difference, b3));
	}
	cli_table_rule(&t);
	cli_table_row(&t, "Total", cli_cents(r->total.simulated, b1), cli_cents(r->total.actual, b2),
		      cli_cents(r->total.difference, b3));
	cli_table_print(&t, stdout, 2);
	cli_table_free(&t);
}

static int report(const dd_book *book, dd_store *store, cli_run *run, bool json)
{
	int rc;
	dd_agg *agg = NULL;
	dd_aws_allocation *aws = NULL;
	size_t naws = 0, nent = 0;
	dd_reconcile r = {0};
	const dd_agg_entry *ent = NULL;
	int lrc = dd_store_load_entries(store, run->month, &agg);
	if (!lrc) lrc = dd_store_load_allocations(store, run->month, &aws, &naws);
	if (!lrc) {
		ent = dd_agg_entries(agg, &nent); /* NULL with entries: no memory to sort them */
		if (!ent && dd_agg_count(agg)) lrc = dd_error_set(DD_ENOMEM, "out of memory");
	}
	if (!lrc) lrc = dd_reconcile_month(book, &run->bill, ent, nent, aws, naws, &r);
	if (lrc) {
		rc = cli_error();
	} else {
		if (run->bill.no_data) {
			char mb[8];
			fprintf(stderr, "drawdown: note: no charges were imported for %s\n", dd_month_format(run->month, mb));
		}
		rc = json ? print_json(book, &r) : (print_table(&r), CLI_OK);
	}
	dd_reconcile_dispose(&r);
	dd_aws_allocations_free(aws, naws);
	dd_agg_free(agg);
	return rc;
}

int cmd_reconcile(cli_ctx *ctx, int argc, char **argv)
{
	return cli_month_spec_verb(ctx, &cli_spec_reconcile, argc, argv, false, false, report);
}
