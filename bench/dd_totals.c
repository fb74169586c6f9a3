/* dd_totals.c: per-key unblended-cost totals as drawdown holds them, printed
 * as sorted CSV so the benchmark and the CLI tests can compare them with an
 * independent computation (gen_cur's .expected.csv, DuckDB running sql/).
 *
 *   dd_totals --db FILE [--grain cur|charges]      totals of every stored month
 *   dd_totals --ingest PATH [--grain ...] [--threads N]
 *                                                  totals of one import, no store
 *
 * --grain cur (default): period,account,product_code,line_item_type,amount
 * --grain charges: billing_period,payer_account,usage_account,service,
 *                  charge_type,billing_entity,amount (the aggregated CSV grain)
 *
 * The store keeps a finer grain (region, description, map-migrated flag), so
 * entries are re-grouped here. Only the public API is used (a store reader
 * that did more would be testing itself). Amounts print exactly, trailing
 * zeros trimmed ("0" for zero), the same canonical text the checks expect. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown.h"

typedef struct {
	char *key; /* fields joined by ',' (the CSV line without its amount) */
	dd_money amount;
} total;

typedef struct {
	total *t;
	size_t n, cap;
	int charges_grain;
} totals;

static int add_entry(totals *ts, const dd_agg_entry *e)
{
	char month[8], *key = NULL;
	dd_month_format(e->period, month);
	int len = ts->charges_grain
			  ? asprintf(&key, "%s,%s,%s,%s,%s,%s", month, e->payer ? e->payer : "",
				     e->account ? e->account : "", e->service ? e->service : "",
				     e->charge_type ? e->charge_type : "",
				     e->billing_entity ? e->billing_entity : "")
			  : asprintf(&key, "%s,%s,%s,%s", month, e->account ? e->account : "",
				     e->service ? e->service : "", e->charge_type ? e->charge_type : "");
	if (len < 0) return DD_ENOMEM;
	if (ts->n == ts->cap) {
		size_t nc = ts->cap ? 2 * ts->cap : 1024;
		total *nt = realloc(ts->t, nc * sizeof *nt);
		if (!nt) { free(key); return DD_ENOMEM; }
		ts->t = nt;
		ts->cap = nc;
	}
	ts->t[ts->n].key = key;
	ts->t[ts->n].amount = e->amount;
	ts->n++;
	return 0;
}

static int add_agg(totals *ts, dd_agg *agg)
{
	size_t n;
	const dd_agg_entry *e = dd_agg_entries(agg, &n);
	if (!e && dd_agg_count(agg)) return dd_error_set(DD_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		if (add_entry(ts, &e[i])) return dd_error_set(DD_ENOMEM, "out of memory");
	return 0;
}

static int cmp_total(const void *a, const void *b)
{
	return strcmp(((const total *)a)->key, ((const total *)b)->key);
}

/* Sort, merge equal keys, print. Bytewise order, like `LC_ALL=C sort`. */
static int print_totals(totals *ts)
{
	char buf[DD_MONEY_STRMAX];
	qsort(ts->t, ts->n, sizeof *ts->t, cmp_total);
	puts(ts->charges_grain
		     ? "billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount"
		     : "period,account,product_code,line_item_type,amount");
	for (size_t i = 0; i < ts->n;) {
		dd_money sum = ts->t[i].amount;
		size_t j = i + 1;
		for (; j < ts->n && strcmp(ts->t[j].key, ts->t[i].key) == 0; j++)
			if (dd_money_add_checked(sum, ts->t[j].amount, &sum))
				return dd_error_set(DD_EOVERFLOW, "total of %s out of range", ts->t[i].key);
		printf("%s,%s\n", ts->t[i].key, dd_money_format(sum, buf));
		i = j;
	}
	return fflush(stdout) ? dd_error_set(DD_EIO, "stdout: write failed") : 0;
}

static int from_store(totals *ts, const char *path)
{
	dd_store *s;
	dd_month first, last;
	int rc = dd_store_open_readonly(path, &s);
	if (rc) return rc;
	rc = dd_store_month_range(s, &first, &last);
	if (rc == DD_ENOTFOUND) rc = 0, first = 1, last = 0; /* empty store: header only */
	for (dd_month m = first; rc == 0 && m <= last; m++) {
		dd_agg *agg;
		if ((rc = dd_store_load_entries(s, m, &agg))) break;
		rc = add_agg(ts, agg);
		dd_agg_free(agg);
	}
	dd_store_close(s);
	return rc;
}

static int from_ingest(totals *ts, const char *path, int threads)
{
	dd_agg *agg;
	dd_ingest_options opt;
	memset(&opt, 0, sizeof opt);
	opt.threads = threads;
	int rc = dd_agg_new(&agg);
	if (rc) return rc;
	rc = dd_ingest_path(path, &opt, agg, NULL);
	if (rc == 0) rc = add_agg(ts, agg);
	dd_agg_free(agg);
	return rc;
}

static void usage(void)
{
	fputs("usage: dd_totals (--db FILE | --ingest PATH) [--grain cur|charges] [--threads N]\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *db = NULL, *in = NULL;
	int threads = 0;
	totals ts = {0};
	for (int i = 1; i < argc; i += 2) {
		if (i + 1 >= argc) usage();
		const char *a = argv[i], *v = argv[i + 1];
		if (!strcmp(a, "--db")) db = v;
		else if (!strcmp(a, "--ingest")) in = v;
		else if (!strcmp(a, "--threads")) threads = atoi(v);
		else if (!strcmp(a, "--grain") && (!strcmp(v, "cur") || !strcmp(v, "charges")))
			ts.charges_grain = !strcmp(v, "charges");
		else usage();
	}
	if (!db == !in) usage();
	int rc = db ? from_store(&ts, db) : from_ingest(&ts, in, threads);
	if (rc == 0) rc = print_totals(&ts);
	for (size_t i = 0; i < ts.n; i++) free(ts.t[i].key);
	free(ts.t);
	if (rc) {
		fprintf(stderr, "dd_totals: %s: %s\n", dd_strerror(rc), dd_error_last());
		return 1;
	}
	return 0;
}
