/* cmd_charges.c: `drawdown charges [--month YYYY-MM] [--csv|--json]`: the
 * stored charges at the aggregated grain. The CSV is the aggregated charges
 * format (SPEC 2.2) and re-imports as it is, so benchmarks and SQL tests can
 * compare totals and a store can be rebuilt from it. */
#include <stdint.h>
#include <string.h>

#include "common.h"

static const cli_option options[] = {
	{.name = "month", .metavar = "YYYY-MM", .help = "one month (default: every imported month)",
	 .at = offsetof(cli_month_args, month)},
	{.name = "csv",
	 .help = "billing_period,payer_account,usage_account,service,charge_type,\n"
		 "billing_entity,amount,service_name,region,rows (re-importable)",
	 .at = offsetof(cli_month_args, csv)},
	{.name = "json",
	 .help = "{\"charges\":[{...the CSV's columns..., \"effective\",\n"
		 "\"description\",\"map_migrated\",\"domain\"}]}, one per stored entry",
	 .at = offsetof(cli_month_args, json)},
	CLI_OPTION_ALL(cli_month_args, all),
	{0},
};

const cli_spec cli_spec_charges = {
	.verb = "charges",
	.summary = "the stored charges at the aggregated grain (CSV or JSON)",
	.synopsis = "charges [--month YYYY-MM] [--csv | --json] [--all]",
	.description = "The charges held by the store, per billing period, payer, usage account,\n"
		       "service, charge type, billing entity, service name and region, sorted, with\n"
		       "exact amounts and the number of input rows summed into each. The table hides\n"
		       "charges of 0.00 unless --all; --csv and --json hold every one.\n",
	.options = options,
};

typedef enum { OUT_TABLE, OUT_CSV, OUT_JSON } out_kind;

typedef struct {
	out_kind kind;
	cli_json j;
	cli_table t;
	size_t n;
} out_state;

/* RFC 4180 quoting, only when needed, so plain values stay plain. */
static void csv_field(FILE *f, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")] && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"') fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

/* Entries equal on the printed columns: they differ only in description or
 * flags, which the aggregated CSV does not carry, so the CSV sums them. */
static bool same_csv_key(const dd_agg_entry *a, const dd_agg_entry *b)
{
	return a->period == b->period && !strcmp(a->payer, b->payer) && !strcmp(a->account, b->account) &&
	       !strcmp(a->service, b->service) && !strcmp(a->charge_type, b->charge_type) &&
	       !strcmp(a->billing_entity, b->billing_entity) && !strcmp(a->service_name, b->service_name) &&
	       !strcmp(a->region, b->region);
}

static int emit_csv(const dd_agg_entry *e, size_t n)
{
	char mb[8], b[DD_MONEY_STRMAX];
	for (size_t i = 0; i < n;) {
		dd_money amount = e[i].amount;
		uint64_t rows = e[i].rows;
		size_t k = i + 1;
		for (; k < n && same_csv_key(&e[i], &e[k]); k++) {
			if (dd_money_add_checked(amount, e[k].amount, &amount))
				return cli_fail("charges: a total is out of range");
			rows += e[k].rows;
		}
		const char *cols[] = {dd_month_format(e[i].period, mb), e[i].payer, e[i].account, e[i].service,
				      e[i].charge_type, e[i].billing_entity, dd_money_format(amount, b),
				      e[i].service_name, e[i].region};
		for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
			csv_field(stdout, cols[c]);
			fputc(',', stdout);
		}
		printf("%llu\n", (unsigned long long)rows);
		i = k;
	}
	return CLI_OK;
}

static void emit_json(cli_json *j, const dd_agg_entry *e, size_t n)
{
	char mb[8];
	for (size_t i = 0; i < n; i++) {
		js_obj(j, NULL);
		js_str(j, "billing_period", dd_month_format(e[i].period, mb));
		js_str(j, "payer_account", e[i].payer);
		js_str(j, "usage_account", e[i].account);
		js_str(j, "service", e[i].service);
		js_str(j, "charge_type", e[i].charge_type);
		js_str(j, "billing_entity", e[i].billing_entity);
		js_money(j, "amount", e[i].amount);
		js_str(j, "service_name", e[i].service_name);
		js_str(j, "region", e[i].region);
		js_int(j, "rows", (long long)e[i].rows);
		js_money(j, "effective", e[i].effective);
		js_str(j, "description", e[i].description);
		js_bool(j, "map_migrated", e[i].flags & DD_ROW_MAP_MIGRATED);
		js_bool(j, "domain", e[i].flags & DD_ROW_DOMAIN);
		js_obj_end(j);
	}
}

static void emit_table(cli_table *t, const dd_agg_entry *e, size_t n)
{
	char mb[8], b[DD_MONEY_STRMAX], rows[24];
	for (size_t i = 0; i < n; i++) {
		snprintf(rows, sizeof rows, "%llu", (unsigned long long)e[i].rows);
		cli_table_row(t, dd_month_format(e[i].period, mb), e[i].payer, e[i].account, e[i].service,
			      e[i].charge_type, e[i].billing_entity, e[i].region, cli_cents(e[i].amount, b), rows);
	}
}

static int emit_month(dd_store *s, dd_month m, out_state *o)
{
	dd_agg *agg = NULL;
	size_t n = 0;
	if (dd_store_load_entries(s, m, &agg)) return cli_error();
	const dd_agg_entry *e = dd_agg_entries(agg, &n);
	int rc = CLI_OK;
	if (!e && dd_agg_count(agg)) rc = cli_fail("out of memory");
	else if (o->kind == OUT_CSV) rc = emit_csv(e, n);
	else if (o->kind == OUT_JSON) emit_json(&o->j, e, n);
	else emit_table(&o->t, e, n);
	o->n += n;
	dd_agg_free(agg);
	return rc;
}

static int list(const cli_ctx *ctx, dd_month month, out_state *o)
{
	dd_store *s = NULL;
	dd_month first, last;
	int rc = cli_open_store(ctx, false, &s);
	if (rc) return rc;
	int r = dd_store_month_range(s, &first, &last);
	if (r && r != DD_ENOTFOUND) rc = cli_error();
	if (month != DD_MONTH_NONE) first = last = month;
	else if (r == DD_ENOTFOUND) last = first - 1;
	for (dd_month m = first; !rc && m <= last; m++) rc = emit_month(s, m, o);
	dd_store_close(s);
	return rc;
}

int cmd_charges(cli_ctx *ctx, int argc, char **argv)
{
	cli_month_args a = {0};
	int rc = cli_parse_spec(ctx, &cli_spec_charges, &a, argc, argv, NULL);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	const char *month_s = a.month;
	bool csv = a.csv, json = a.json;
	if (csv && json) {
		fprintf(stderr, "drawdown: charges: --csv and --json together (see 'drawdown charges --help')\n");
		return CLI_USAGE;
	}
	dd_month month = DD_MONTH_NONE;
	if (month_s && (rc = cli_month("charges", month_s, &month))) return rc;
	out_state o = {.kind = csv ? OUT_CSV : json ? OUT_JSON : OUT_TABLE};
	if (o.kind == OUT_CSV) {
		puts("billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount,"
		     "service_name,region,rows");
	} else if (o.kind == OUT_JSON) {
		js_init(&o.j, stdout);
		js_obj(&o.j, NULL);
		js_arr(&o.j, "charges");
	} else {
		cli_table_init(&o.t, "lllllllrn", 9);
		cli_table_hide_zero(&o.t);
		cli_table_head(&o.t, "PERIOD", "PAYER", "ACCOUNT", "SERVICE", "TYPE", "ENTITY", "REGION", "AMOUNT", "ROWS");
	}
	rc = list(ctx, month, &o);
	if (o.kind == OUT_JSON) {
		js_arr_end(&o.j);
		js_obj_end(&o.j);
		if (!rc) rc = js_done(&o.j);
	} else if (o.kind == OUT_TABLE) {
		if (!rc && o.n) cli_table_print(&o.t, stdout, 0);
		else if (!rc) printf("No charges stored%s.\n", month_s ? " for that month" : "");
		cli_table_free(&o.t);
	} else if (!rc && (fflush(stdout) || ferror(stdout))) {
		rc = cli_fail("writing the output failed");
	}
	return rc;
}
