/* cmd_reconcile.c: `drawdown reconcile --month YYYY-MM [--json]`: the
 * engine's credit application of a month next to what AWS applied (the
 * imported get-credit-allocation-history records of that month, else the
 * imported Credit line items), per credit, account and service.
 *
 * The run from the first imported month is done here with the public API
 * only; it stays local until the CLI's shared helpers (cli/common.h) exist.
 * The verb takes --book/--db itself too (defaults from DRAWDOWN_BOOK /
 * DRAWDOWN_DB, then ./drawdown.yaml and ./drawdown.db), so it works however
 * main passes the global options. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "drawdown.h"

int cmd_reconcile(int argc, char **argv);

static const char usage[] =
	"usage: drawdown reconcile --month YYYY-MM [--json] [--book PATH] [--db PATH]\n"
	"\n"
	"Compare the engine's simulated credit application of a month with AWS's own:\n"
	"the imported `aws billing get-credit-allocation-history` records of that month\n"
	"(per credit id) or, without them, the imported Credit line items (per account\n"
	"and service, credit \"*\"). difference = simulated - actual.\n"
	"\n"
	"  --month YYYY-MM  the month to reconcile (required)\n"
	"  --json           print JSON: {\"month\",\"source\",\"rows\":[{\"credit\",\"account\",\n"
	"                   \"service\",\"simulated\",\"actual\",\"difference\",\"estimated\"}],\n"
	"                   \"credits\":[...],\"totals\":{\"simulated\",\"actual\",\"difference\"}}\n"
	"  --book PATH      the book (default $DRAWDOWN_BOOK or ./drawdown.yaml)\n"
	"  --db PATH        the store (default $DRAWDOWN_DB or ./drawdown.db)\n";

typedef struct {
	const char *book, *db;
	dd_month month;
	bool json;
} rc_opts;

static int parse_args(int argc, char **argv, rc_opts *o)
{
	static const struct option longopts[] = {
		{"month", required_argument, NULL, 'm'}, {"json", no_argument, NULL, 'j'},
		{"book", required_argument, NULL, 'b'},  {"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
	};
	bool have_month = false;
	o->book = getenv("DRAWDOWN_BOOK") ? getenv("DRAWDOWN_BOOK") : "drawdown.yaml";
	o->db = getenv("DRAWDOWN_DB") ? getenv("DRAWDOWN_DB") : "drawdown.db";
	optind = 1;
	opterr = 0;
	for (int c; (c = getopt_long(argc, argv, "+", longopts, NULL)) != -1;) {
		switch (c) {
		case 'm':
			if (dd_month_parse(optarg, strlen(optarg), &o->month)) {
				fprintf(stderr, "drawdown reconcile: --month: expected YYYY-MM, got \"%s\"\n", optarg);
				return 2;
			}
			have_month = true;
			break;
		case 'j': o->json = true; break;
		case 'b': o->book = optarg; break;
		case 'd': o->db = optarg; break;
		case 'h': fputs(usage, stdout); return -1;
		default:
			fprintf(stderr, "drawdown reconcile: unknown or incomplete option \"%s\"\n%s", argv[optind - 1], usage);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "drawdown reconcile: unexpected argument \"%s\"\n%s", argv[optind], usage);
		return 2;
	}
	if (!have_month) {
		fprintf(stderr, "drawdown reconcile: --month YYYY-MM is required\n%s", usage);
		return 2;
	}
	return 0;
}

static int load_book(const char *path, dd_book **book)
{
	dd_book_problems probs = {0};
	int rc = dd_book_load(path, book, &probs);
	if (rc) {
		for (size_t i = 0; i < probs.n; i++)
			fprintf(stderr, "%s:%d:%d: %s%s%s\n", probs.items[i].file, probs.items[i].line,
				probs.items[i].column, probs.items[i].field ? probs.items[i].field : "",
				probs.items[i].field ? ": " : "", probs.items[i].message);
		if (!probs.n) fprintf(stderr, "drawdown: %s\n", dd_error_last());
	}
	dd_book_problems_free(&probs);
	return rc;
}

/* Run the engine from the first imported month through m. The bill's
 * strings borrow from month m's charges, which the caller frees after. */
static int run_to(dd_store *s, dd_engine *e, dd_month m, dd_bill *bill, dd_charges *last)
{
	dd_month first, lastm;
	int rc = dd_store_month_range(s, &first, &lastm);
	if (rc) return rc;
	if (m < first) {
		char b1[8], b2[8];
		return dd_error_set(DD_ENOTFOUND, "nothing imported for %s: the first imported month is %s",
				    dd_month_format(m, b1), dd_month_format(first, b2));
	}
	for (dd_month k = first; k <= m; k++) {
		dd_charges ch = {0};
		if ((rc = dd_store_load_month(s, k, &ch))) return rc;
		rc = dd_engine_run_month(e, k, ch.items, ch.n, !ch.present, bill);
		if (rc || k < m) dd_charges_free(&ch);
		else *last = ch;
		if (rc) return rc;
	}
	return 0;
}

static json_t *money_json(dd_money m)
{
	char b[DD_MONEY_STRMAX];
	return json_string(dd_money_format(m, b));
}

static json_t *total_json(const dd_reconcile_total *t)
{
	json_t *o = json_object();
	if (t->credit) json_object_set_new(o, "credit", json_string(t->credit));
	json_object_set_new(o, "simulated", money_json(t->simulated));
	json_object_set_new(o, "actual", money_json(t->actual));
	json_object_set_new(o, "difference", money_json(t->difference));
	return o;
}

static int print_json(const dd_reconcile *r)
{
	char mb[8];
	json_t *root = json_object(), *rows = json_array(), *credits = json_array();
	json_object_set_new(root, "month", json_string(dd_month_format(r->month, mb)));
	json_object_set_new(root, "source", json_string(dd_reconcile_source_name(r->source)));
	for (size_t i = 0; i < r->nrows; i++) {
		const dd_reconcile_row *w = &r->rows[i];
		json_t *o = json_object();
		json_object_set_new(o, "credit", json_string(w->credit));
		json_object_set_new(o, "account", json_string(w->account));
		json_object_set_new(o, "service", json_string(w->service));
		json_object_set_new(o, "simulated", money_json(w->simulated));
		json_object_set_new(o, "actual", money_json(w->actual));
		json_object_set_new(o, "difference", money_json(w->difference));
		json_object_set_new(o, "estimated", json_boolean(w->estimated));
		json_array_append_new(rows, o);
	}
	for (size_t i = 0; i < r->ncredits; i++) json_array_append_new(credits, total_json(&r->credits[i]));
	json_object_set_new(root, "rows", rows);
	json_object_set_new(root, "credits", credits);
	json_object_set_new(root, "totals", total_json(&r->total));
	int rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(root);
	fputc('\n', stdout);
	return rc ? dd_error_set(DD_EIO, "writing JSON to standard output failed") : 0;
}

static void print_table(const dd_reconcile *r)
{
	char mb[8], b1[DD_MONEY_STRMAX], b2[DD_MONEY_STRMAX], b3[DD_MONEY_STRMAX];
	printf("Reconcile %s: simulated (drawdown) vs actual (AWS %s)\n\n", dd_month_format(r->month, mb),
	       r->source == DD_RECONCILE_ALLOCATIONS ? "credit allocation history" : "Credit line items");
	if (!r->nrows) {
		printf("No credits applied by either side.\n");
		return;
	}
	printf("%-20s %-14s %-30s %16s %16s %16s\n", "CREDIT", "ACCOUNT", "SERVICE", "SIMULATED", "ACTUAL", "DIFFERENCE");
	for (size_t i = 0; i < r->nrows; i++) {
		const dd_reconcile_row *w = &r->rows[i];
		printf("%-20s %-14s %-30s %16s %16s %16s%s\n", w->credit, w->account, w->service,
		       dd_money_format_cents_grouped(w->simulated, b1), dd_money_format_cents_grouped(w->actual, b2),
		       dd_money_format_cents_grouped(w->difference, b3), w->estimated ? "  (estimated)" : "");
	}
	printf("\n%-66s %16s %16s %16s\n", "PER CREDIT", "", "", "");
	for (size_t i = 0; i < r->ncredits; i++) {
		const dd_reconcile_total *t = &r->credits[i];
		printf("%-66s %16s %16s %16s\n", t->credit, dd_money_format_cents_grouped(t->simulated, b1),
		       dd_money_format_cents_grouped(t->actual, b2), dd_money_format_cents_grouped(t->difference, b3));
	}
	printf("%-66s %16s %16s %16s\n", "TOTAL", dd_money_format_cents_grouped(r->total.simulated, b1),
	       dd_money_format_cents_grouped(r->total.actual, b2), dd_money_format_cents_grouped(r->total.difference, b3));
}

static int reconcile(const rc_opts *o)
{
	dd_book *book = NULL;
	dd_store *s = NULL;
	dd_engine *e = NULL;
	dd_agg *agg = NULL;
	dd_aws_allocation *aws = NULL;
	size_t naws = 0, nent = 0;
	dd_charges last = {0};
	dd_bill bill;
	dd_reconcile r = {0};
	dd_bill_init(&bill);
	int rc = load_book(o->book, &book);
	if (rc) goto out;
	if ((rc = dd_store_open_readonly(o->db, &s)) || (rc = dd_engine_new(book, &e)) ||
	    (rc = run_to(s, e, o->month, &bill, &last)) || (rc = dd_store_load_entries(s, o->month, &agg)) ||
	    (rc = dd_store_load_allocations(s, o->month, &aws, &naws)))
		goto fail;
	const dd_agg_entry *ent = dd_agg_entries(agg, &nent);
	if (!ent && dd_agg_count(agg)) {
		rc = dd_error_set(DD_ENOMEM, "out of memory");
		goto fail;
	}
	if ((rc = dd_reconcile_month(book, &bill, ent, nent, aws, naws, &r))) goto fail;
	if (bill.no_data) {
		char mb[8];
		fprintf(stderr, "drawdown reconcile: note: no charges imported for %s\n", dd_month_format(o->month, mb));
	}
	if (o->json) rc = print_json(&r);
	else print_table(&r);
	if (rc) goto fail;
	goto out;
fail:
	fprintf(stderr, "drawdown reconcile: %s\n", dd_error_last());
out:
	dd_reconcile_free(&r);
	dd_aws_allocations_free(aws, naws);
	dd_agg_free(agg);
	dd_bill_free(&bill);
	dd_charges_free(&last);
	dd_engine_free(e);
	dd_store_close(s);
	dd_book_free(book);
	return rc ? 1 : 0;
}

/* argv[0] is the verb. Returns the exit status: 0, 1 (bad input or a
 * failure), 2 (usage). */
int cmd_reconcile(int argc, char **argv)
{
	rc_opts o = {0};
	int rc = parse_args(argc, argv, &o);
	if (rc) return rc < 0 ? 0 : rc;
	return reconcile(&o);
}
