/* reconcile.c: the engine's simulated credit application of a month next
 * to AWS's own (allocation history records, or the imported Credit line
 * items), per credit, account and service. Pure: no I/O.
 *
 * Both sides are turned into contributions keyed by (credit, account,
 * service), sorted once and merged, so the cost is O(n log n) in the number
 * of allocations and records whatever their mix. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "drawdown/reconcile.h"

typedef struct {
	const char *credit, *account, *service; /* borrowed from the inputs */
	dd_money sim, act;
	bool est;
} contrib;

typedef struct {
	contrib *v;
	size_t n, cap;
} cvec;

static int cvec_push(cvec *c, contrib x)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		contrib *v = realloc(c->v, cap * sizeof *v);
		if (!v) return dd_error_set(DD_ENOMEM, "reconcile: out of memory");
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = x;
	return 0;
}

static int contrib_cmp(const void *a, const void *b)
{
	const contrib *x = a, *y = b;
	int r = strcmp(x->credit, y->credit);
	if (!r) r = strcmp(x->account, y->account);
	if (!r) r = strcmp(x->service, y->service);
	return r;
}

const char *dd_reconcile_source_name(dd_reconcile_source s)
{
	return s == DD_RECONCILE_ALLOCATIONS ? "allocation_history" : "credit_rows";
}

/* ---- service names ---- */

/* Services known from the month's entries: codes, and display names
 * pointing at their code, each sorted for binary search. */
typedef struct {
	const char *name, *code;
} name_code;

typedef struct {
	name_code *byname; /* sorted by name, case-insensitive */
	size_t nname;
	const char **codes; /* sorted, bytewise */
	size_t ncode;
} svc_map;

static int nc_cmp(const void *a, const void *b)
{
	const name_code *x = a, *y = b;
	int r = strcasecmp(x->name, y->name);
	return r ? r : strcmp(x->code, y->code);
}

static int str_cmp(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

static int svc_map_build(svc_map *m, const dd_agg_entry *e, size_t n, dd_month month)
{
	memset(m, 0, sizeof *m);
	if (!n) return 0;
	m->byname = malloc(n * sizeof *m->byname);
	m->codes = malloc(n * sizeof *m->codes);
	if (!m->byname || !m->codes) return dd_error_set(DD_ENOMEM, "reconcile: out of memory");
	for (size_t i = 0; i < n; i++) {
		if (e[i].period != month || !e[i].service) continue;
		m->codes[m->ncode++] = e[i].service;
		if (e[i].service_name && *e[i].service_name)
			m->byname[m->nname++] = (name_code){e[i].service_name, e[i].service};
	}
	qsort(m->byname, m->nname, sizeof *m->byname, nc_cmp);
	qsort(m->codes, m->ncode, sizeof *m->codes, str_cmp);
	return 0;
}

static void svc_map_free(svc_map *m)
{
	free(m->byname);
	free(m->codes);
}

/* AWS's name for a service as the code the entries use, when they know
 * it: itself when it is a code, else the code whose display name it is
 * (case-insensitive; the first code in byte order on ties). */
static const char *svc_code(const svc_map *m, const char *name)
{
	if (m->ncode && bsearch(&name, m->codes, m->ncode, sizeof *m->codes, str_cmp)) return name;
	size_t lo = 0, hi = m->nname;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcasecmp(m->byname[mid].name, name) < 0) lo = mid + 1;
		else hi = mid;
	}
	return lo < m->nname && !strcasecmp(m->byname[lo].name, name) ? m->byname[lo].code : name;
}

/* The engine books support credits on the pseudo-service "support"; AWS
 * on the account's support service (AWSSupportEnterprise, ...). */
static const char *support_code(const dd_agg_entry *e, size_t n, dd_month month, const char *account)
{
	for (size_t i = 0; i < n; i++)
		if (e[i].period == month && e[i].account && !strcmp(e[i].account, account) &&
		    dd_is_support_service(e[i].service))
			return e[i].service;
	return "support";
}

/* ---- the two sides ---- */

static int add_simulated(cvec *c, const dd_book *book, const dd_bill *bill, const dd_agg_entry *e, size_t ne,
			 bool by_credit)
{
	for (size_t i = 0; i < bill->nallocs; i++) {
		const dd_allocation *al = &bill->allocs[i];
		if (dd_money_is_zero(al->amount)) continue;
		const char *credit = "*";
		if (by_credit)
			credit = al->credit >= 0 && (size_t)al->credit < book->ncredits ? book->credits[al->credit].id : "?";
		const char *svc = al->service;
		if (!strcmp(svc, "support")) svc = support_code(e, ne, bill->month, al->account);
		int rc = cvec_push(c, (contrib){credit, al->account, svc, al->amount, dd_money_zero(), false});
		if (rc) return rc;
	}
	return 0;
}

static int add_allocations(cvec *c, const svc_map *m, const dd_aws_allocation *a, size_t n, dd_month month)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i].month != month) continue;
		int rc = cvec_push(c, (contrib){a[i].credit_id, a[i].account, svc_code(m, a[i].service), dd_money_zero(),
						dd_money_neg(a[i].amount), a[i].estimated});
		if (rc) return rc;
	}
	return 0;
}

static int add_credit_rows(cvec *c, const dd_agg_entry *e, size_t n, dd_month month)
{
	for (size_t i = 0; i < n; i++) {
		if (e[i].period != month || !e[i].charge_type || strcmp(e[i].charge_type, "Credit")) continue;
		int rc = cvec_push(c, (contrib){"*", e[i].account ? e[i].account : "", e[i].service ? e[i].service : "",
						dd_money_zero(), dd_money_neg(e[i].amount), false});
		if (rc) return rc;
	}
	return 0;
}

/* ---- merging ---- */

static int sum_into(dd_money *acc, dd_money x)
{
	if (dd_money_add_checked(*acc, x, acc))
		return dd_error_set(DD_EOVERFLOW, "reconcile: a sum of credits left the representable range");
	return 0;
}

static int finish_total(dd_reconcile_total *t)
{
	if (dd_money_sub_checked(t->simulated, t->actual, &t->difference))
		return dd_error_set(DD_EOVERFLOW, "reconcile: a difference left the representable range");
	return 0;
}

static int new_row(dd_reconcile *r, const contrib *k, dd_money sim, dd_money act, bool est)
{
	dd_reconcile_row *row = &r->rows[r->nrows];
	memset(row, 0, sizeof *row);
	row->simulated = sim;
	row->actual = act;
	row->estimated = est;
	if (dd_money_sub_checked(sim, act, &row->difference))
		return dd_error_set(DD_EOVERFLOW, "reconcile: a difference left the representable range");
	row->credit = strdup(k->credit);
	row->account = strdup(k->account);
	row->service = strdup(k->service);
	r->nrows++;
	if (!row->credit || !row->account || !row->service) return dd_error_set(DD_ENOMEM, "reconcile: out of memory");
	return 0;
}

static int merge_rows(dd_reconcile *r, contrib *v, size_t n)
{
	if (n && !(r->rows = calloc(n, sizeof *r->rows))) return dd_error_set(DD_ENOMEM, "reconcile: out of memory");
	if (n) qsort(v, n, sizeof *v, contrib_cmp);
	for (size_t i = 0; i < n;) {
		dd_money sim = dd_money_zero(), act = dd_money_zero();
		bool est = false;
		size_t j = i;
		int rc = 0;
		for (; j < n && !contrib_cmp(&v[i], &v[j]); j++) {
			if ((rc = sum_into(&sim, v[j].sim)) || (rc = sum_into(&act, v[j].act))) return rc;
			est |= v[j].est;
		}
		if ((!dd_money_is_zero(sim) || !dd_money_is_zero(act)) && (rc = new_row(r, &v[i], sim, act, est))) return rc;
		i = j;
	}
	return 0;
}

static int credit_totals(dd_reconcile *r)
{
	if (r->nrows && !(r->credits = calloc(r->nrows, sizeof *r->credits)))
		return dd_error_set(DD_ENOMEM, "reconcile: out of memory");
	for (size_t i = 0; i < r->nrows; i++) {
		const dd_reconcile_row *row = &r->rows[i];
		dd_reconcile_total *t = r->ncredits ? &r->credits[r->ncredits - 1] : NULL;
		if (!t || strcmp(t->credit, row->credit)) {
			t = &r->credits[r->ncredits++];
			if (!(t->credit = strdup(row->credit))) return dd_error_set(DD_ENOMEM, "reconcile: out of memory");
		}
		int rc;
		if ((rc = sum_into(&t->simulated, row->simulated)) || (rc = sum_into(&t->actual, row->actual)) ||
		    (rc = sum_into(&r->total.simulated, row->simulated)) || (rc = sum_into(&r->total.actual, row->actual)))
			return rc;
	}
	for (size_t i = 0; i < r->ncredits; i++) {
		int rc = finish_total(&r->credits[i]);
		if (rc) return rc;
	}
	return finish_total(&r->total);
}

void dd_reconcile_dispose(dd_reconcile *r)
{
	if (!r) return;
	for (size_t i = 0; i < r->nrows; i++) {
		free(r->rows[i].credit);
		free(r->rows[i].account);
		free(r->rows[i].service);
	}
	for (size_t i = 0; i < r->ncredits; i++) free(r->credits[i].credit);
	free(r->rows);
	free(r->credits);
	memset(r, 0, sizeof *r);
}

static bool has_month(const dd_aws_allocation *a, size_t n, dd_month m)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].month == m) return true;
	return false;
}

int dd_reconcile_month(const dd_book *book, const dd_bill *bill, const dd_agg_entry *entries, size_t nentries,
		       const dd_aws_allocation *aws, size_t naws, dd_reconcile *out)
{
	dd_error_clear();
	memset(out, 0, sizeof *out);
	if (!book || !bill || (nentries && !entries) || (naws && !aws))
		return dd_error_set(DD_EUSAGE, "reconcile: missing book, bill, entries or allocations");
	out->month = bill->month;
	out->source = has_month(aws, naws, bill->month) ? DD_RECONCILE_ALLOCATIONS : DD_RECONCILE_CREDIT_ROWS;
	bool by_credit = out->source == DD_RECONCILE_ALLOCATIONS;
	cvec c = {0};
	svc_map m;
	int rc = svc_map_build(&m, entries, nentries, bill->month);
	if (!rc) rc = add_simulated(&c, book, bill, entries, nentries, by_credit);
	if (!rc) rc = by_credit ? add_allocations(&c, &m, aws, naws, bill->month)
				: add_credit_rows(&c, entries, nentries, bill->month);
	if (!rc) rc = merge_rows(out, c.v, c.n);
	if (!rc) rc = credit_totals(out);
	svc_map_free(&m);
	free(c.v);
	if (rc) {
		dd_reconcile_dispose(out);
		out->month = bill->month;
	}
	return rc;
}
