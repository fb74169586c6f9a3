/* store_summary.c: the whole store summed per payer, account, support
 * service and month of EDP discount rows (dd_store_summarize), which is what
 * `drawdown init` writes a first book from and what billing before a book
 * exists needs (the payer). One pass over the charges ordered by account,
 * so each account is one run; payers, support services and discount months
 * are few and found by a linear search. Amounts are summed in C, exactly,
 * never in SQL. */
#include <stdlib.h>
#include <string.h>

#include "drawdown/classify.h"
#include "store_internal.h"

static int oom(dd_store *s) { return dd_error_set(DD_ENOMEM, "store %s: out of memory summing the charges", s->path); }

/* Grow *v (of *n items of size sz, capacity *cap) by one zeroed item. */
static void *push(void *v, size_t *n, size_t *cap, size_t sz)
{
	char *p = v;
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		if (!(p = realloc(v, nc * sz))) return NULL;
		*cap = nc;
	}
	memset(p + *n * sz, 0, sz);
	(*n)++;
	return p;
}

static void span(dd_month *first, dd_month *last, dd_month m)
{
	if (*first == DD_MONTH_NONE || m < *first) *first = m;
	if (*last == DD_MONTH_NONE || m > *last) *last = m;
}

static int add_amount(dd_store *s, dd_money *sum, dd_money a)
{
	if (dd_money_add_checked(*sum, a, sum))
		return dd_error_set(DD_EOVERFLOW, "store %s: a sum of the charges left the money range", s->path);
	return 0;
}

/* The account `id` in v[0 .. *n), added when absent. */
static dd_store_account *account(dd_store_account **v, size_t *n, size_t *cap, const char *id)
{
	for (size_t i = *n; i-- > 0;)
		if (!strcmp((*v)[i].id, id)) return &(*v)[i];
	dd_store_account *nv = push(*v, n, cap, sizeof **v);
	if (!nv) return NULL;
	*v = nv;
	dd_store_account *a = &nv[*n - 1];
	a->first = a->last = DD_MONTH_NONE;
	if (!(a->id = strdup(id))) {
		(*n)--;
		return NULL;
	}
	return a;
}

static bool is_edp_discount(const char *type)
{
	return !strcmp(type, "EdpDiscount") || !strcmp(type, "PrivateRateDiscount");
}

typedef struct {
	size_t cap_payers, cap_accounts, cap_support, cap_discounts;
} caps;

static int add_row(dd_store *s, sqlite3_stmt *st, dd_store_summary *out, caps *c)
{
	const char *acct = dd__store_text(st, 0), *payer = dd__store_text(st, 2), *service = dd__store_text(st, 3),
		   *service_name = dd__store_text(st, 4), *type = dd__store_text(st, 5), *entity = dd__store_text(st, 6);
	const char *period = dd__store_text(st, 1);
	dd_month m;
	dd_money amount;
	int rc = dd__store_money(s, st, 7, "charges.amount", &amount);
	if (rc) return rc;
	if (dd_month_parse(period, strlen(period), &m))
		return dd_error_set(DD_ESTORE, "store %s: charges.period holds '%s', not YYYY-MM (corrupt store?)", s->path,
				    period);
	uint64_t rows = (uint64_t)sqlite3_column_int64(st, 8);
	span(&out->first, &out->last, m);
	/* Rows come ordered by account: the current one is the last. */
	dd_store_account *a = out->naccounts && !strcmp(out->accounts[out->naccounts - 1].id, acct)
				      ? &out->accounts[out->naccounts - 1]
				      : account(&out->accounts, &out->naccounts, &c->cap_accounts, acct);
	dd_store_account *p = a ? account(&out->payers, &out->npayers, &c->cap_payers, payer) : NULL;
	if (!a || !p) return oom(s);
	span(&a->first, &a->last, m);
	span(&p->first, &p->last, m);
	a->rows += rows;
	p->rows += rows;
	if ((rc = add_amount(s, &a->amount, amount)) || (rc = add_amount(s, &p->amount, amount))) return rc;
	if (dd_is_support_service(service) || dd_is_support_service(service_name)) {
		const char *name = dd_is_support_service(service) ? service : service_name;
		dd_store_support *sp = NULL;
		for (size_t i = 0; i < out->nsupport && !sp; i++)
			if (!strcmp(out->support[i].service, name)) sp = &out->support[i];
		if (!sp) {
			dd_store_support *nv = push(out->support, &out->nsupport, &c->cap_support, sizeof *nv);
			if (!nv) return oom(s);
			out->support = nv;
			sp = &nv[out->nsupport - 1];
			sp->first = sp->last = DD_MONTH_NONE;
			if (!(sp->service = strdup(name))) {
				out->nsupport--;
				return oom(s);
			}
		}
		span(&sp->first, &sp->last, m);
		return add_amount(s, &sp->amount, amount);
	}
	bool edp = is_edp_discount(type);
	dd_charge_class cls = dd_classify_charge_type(type);
	bool eligible = (cls == DD_CLASS_USAGE || cls == DD_CLASS_FEE) &&
			!dd_is_marketplace_entity(entity, strlen(entity));
	if (!edp && !eligible) return 0;
	dd_store_discount *d = NULL;
	for (size_t i = 0; i < out->ndiscounts && !d; i++)
		if (out->discounts[i].month == m) d = &out->discounts[i];
	if (!d) {
		dd_store_discount *nv = push(out->discounts, &out->ndiscounts, &c->cap_discounts, sizeof *nv);
		if (!nv) return oom(s);
		out->discounts = nv;
		d = &nv[out->ndiscounts - 1];
		d->month = m;
	}
	return add_amount(s, edp ? &d->discount : &d->eligible, amount);
}

static int cmp_payer(const void *pa, const void *pb)
{
	const dd_store_account *a = pa, *b = pb;
	int c = dd_money_cmp(b->amount, a->amount);
	return c ? c : strcmp(a->id, b->id);
}

static int cmp_support(const void *pa, const void *pb)
{
	return strcmp(((const dd_store_support *)pa)->service, ((const dd_store_support *)pb)->service);
}

static int cmp_discount(const void *pa, const void *pb)
{
	dd_month a = ((const dd_store_discount *)pa)->month, b = ((const dd_store_discount *)pb)->month;
	return (a > b) - (a < b);
}

/* Months of eligible spend without discount rows are dropped: the
 * summary lists the months the discount was seen in. */
static void keep_discounted(dd_store_summary *out)
{
	size_t k = 0;
	for (size_t i = 0; i < out->ndiscounts; i++)
		if (!dd_money_is_zero(out->discounts[i].discount)) out->discounts[k++] = out->discounts[i];
	out->ndiscounts = k;
	if (!k) {
		free(out->discounts);
		out->discounts = NULL;
	}
}

/* Names from account_names, onto accounts and payers (both by id). */
static int add_names(dd_store *s, dd_store_summary *out)
{
	if (s->version < STORE_V_ACCOUNT_NAMES) return 0;
	sqlite3_stmt *st = dd__store_stmt(s, ST_SUMMARY_NAMES, "reading account names");
	if (!st) return DD_ESTORE;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = dd__store_text(st, 0), *name = dd__store_text(st, 1);
		dd_store_account *lists[] = {out->accounts, out->payers};
		size_t ns[] = {out->naccounts, out->npayers};
		for (int l = 0; l < 2; l++)
			for (size_t i = 0; i < ns[l]; i++)
				if (!strcmp(lists[l][i].id, id) && !lists[l][i].name && !(lists[l][i].name = strdup(name))) {
					sqlite3_reset(st);
					return oom(s);
				}
	}
	rc = rc == SQLITE_DONE ? 0 : dd__store_fail(s, "reading account names");
	sqlite3_reset(st);
	return rc;
}

int dd_store_summarize(dd_store *s, dd_store_summary *out)
{
	dd_error_clear();
	memset(out, 0, sizeof *out);
	out->first = out->last = DD_MONTH_NONE;
	caps c = {0};
	sqlite3_stmt *st = dd__store_stmt(s, ST_SUMMARY_CHARGES, "summing the charges");
	if (!st) return DD_ESTORE;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = add_row(s, st, out, &c))) break;
	if (rc == SQLITE_DONE) rc = 0;
	else if (rc > 0) rc = dd__store_fail(s, "summing the charges");
	sqlite3_reset(st);
	if (!rc) rc = add_names(s, out);
	if (rc) {
		dd_store_summary_dispose(out);
		return rc;
	}
	if (out->npayers > 1) qsort(out->payers, out->npayers, sizeof *out->payers, cmp_payer);
	if (out->nsupport > 1) qsort(out->support, out->nsupport, sizeof *out->support, cmp_support);
	if (out->ndiscounts > 1) qsort(out->discounts, out->ndiscounts, sizeof *out->discounts, cmp_discount);
	keep_discounted(out);
	return 0;
}

static void accounts_free(dd_store_account *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].name);
	}
	free(v);
}

void dd_store_summary_dispose(dd_store_summary *sum)
{
	if (!sum) return;
	accounts_free(sum->payers, sum->npayers);
	accounts_free(sum->accounts, sum->naccounts);
	for (size_t i = 0; i < sum->nsupport; i++) free(sum->support[i].service);
	free(sum->support);
	free(sum->discounts);
	memset(sum, 0, sizeof *sum);
	sum->first = sum->last = DD_MONTH_NONE;
}
