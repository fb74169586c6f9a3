/* engine.c: the month engine's lifecycle and one month's run (SPEC 3, 3.1):
 * balances, expiry and leakage, credit states, totals and the commitment.
 * The placement of credits lives in engine_apply.c. A month works on the
 * bill's own arrays and commits to the engine only when it succeeds, so a
 * failed month leaves the engine as it was. */
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"

#define GROW(arr, cap, need) dd__eng_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

void dd_bill_init(dd_bill *bill)
{
	if (bill) memset(bill, 0, sizeof *bill);
}

void dd_bill_dispose(dd_bill *bill)
{
	if (!bill) return;
	free(bill->lines);
	free(bill->credits);
	free(bill->allocs);
	free(bill->support);
	free((void *)bill->unknown_types);
	memset(bill, 0, sizeof *bill);
}

/* ---- lifecycle ------------------------------------------------------ */

static size_t nservices_key(const dd_credit *c) { return c->services_all ? SIZE_MAX : c->nservices; }

/* AWS's order: expiry month, fewest services, start month, id. */
static int cmp_order(const void *a, const void *b, void *ctx)
{
	const dd_book *bk = ctx;
	const dd_credit *x = &bk->credits[*(const size_t *)a], *y = &bk->credits[*(const size_t *)b];
	dd_month ex = dd_date_month(x->expires), ey = dd_date_month(y->expires);
	if (ex != ey) return ex < ey ? -1 : 1;
	size_t sx = nservices_key(x), sy = nservices_key(y);
	if (sx != sy) return sx < sy ? -1 : 1;
	dd_month tx = dd_date_month(x->start), ty = dd_date_month(y->start);
	if (tx != ty) return tx < ty ? -1 : 1;
	int c = strcmp(x->id ? x->id : "", y->id ? y->id : "");
	if (c) return c;
	return (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
}

static int cmp_acct(const void *a, const void *b, void *ctx)
{
	const dd_book *bk = ctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(bk->accounts[i].id, bk->accounts[j].id);
	return c ? c : (i > j) - (i < j);
}

bool dd__eng_shares(const dd_engine *e, const char *id)
{
	const dd_book *b = e->book;
	size_t lo = 0, hi = b->naccounts; /* the first index whose id is >= id */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(b->accounts[e->acct_by_id[mid]].id, id) < 0) lo = mid + 1;
		else hi = mid;
	}
	if (lo < b->naccounts && !strcmp(b->accounts[e->acct_by_id[lo]].id, id)) return b->accounts[e->acct_by_id[lo]].sharing;
	return true; /* accounts the book does not list share by default */
}

static int alloc_state(dd_engine *e)
{
	size_t nc = e->nc ? e->nc : 1, ny = e->years ? (size_t)e->years : 1;
	e->remaining = calloc(nc, sizeof(dd_money));
	e->consumed = calloc(nc, sizeof(dd_money));
	e->expired_total = calloc(nc, sizeof(dd_money));
	e->counted = calloc(ny, sizeof(dd_money));
	e->mkt_raw = calloc(ny, sizeof(dd_money));
	e->order = calloc(nc, sizeof(size_t));
	e->owner_sharing = calloc(nc, sizeof(bool));
	e->start_m = calloc(nc, sizeof(dd_month));
	e->expiry_m = calloc(nc, sizeof(dd_month));
	e->usable = calloc(nc, 1);
	e->start_rem = calloc(nc, sizeof(dd_money));
	if (!e->remaining || !e->consumed || !e->expired_total || !e->counted || !e->mkt_raw || !e->order ||
	    !e->owner_sharing || !e->start_m || !e->expiry_m || !e->usable || !e->start_rem)
		return dd_error_set(DD_ENOMEM, "engine: out of memory");
	return 0;
}

static dd_engine *engine_shell(const dd_book *book)
{
	dd_engine *e = calloc(1, sizeof *e);
	if (!e) return NULL;
	e->book = book;
	e->nc = book->ncredits;
	e->last = DD_MONTH_NONE;
	if (book->agreement.present && book->agreement.years > 0) {
		e->years = book->agreement.years;
		e->agr_start = dd_date_month(book->agreement.start);
	}
	if (alloc_state(e) || !(e->acct_by_id = malloc((book->naccounts ? book->naccounts : 1) * sizeof *e->acct_by_id))) {
		dd_engine_free(e);
		return NULL;
	}
	for (size_t i = 0; i < book->naccounts; i++) e->acct_by_id[i] = i;
	if (book->naccounts > 1) qsort_r(e->acct_by_id, book->naccounts, sizeof *e->acct_by_id, cmp_acct, (void *)book);
	return e;
}

int dd_engine_new(const dd_book *book, dd_engine **out)
{
	dd_error_clear();
	if (!book || !out) return dd_error_set(DD_EUSAGE, "dd_engine_new: book and out are required");
	*out = NULL;
	dd_engine *e = engine_shell(book);
	if (!e) return dd_error_set(DD_ENOMEM, "engine: out of memory");
	for (size_t i = 0; i < e->nc; i++) {
		const dd_credit *c = &book->credits[i];
		e->remaining[i] = c->amount;
		e->order[i] = i;
		e->owner_sharing[i] = dd__eng_shares(e, c->owner);
		e->start_m[i] = dd_date_month(c->start);
		e->expiry_m[i] = dd_date_month(c->expires);
	}
	if (e->nc > 1) qsort_r(e->order, e->nc, sizeof *e->order, cmp_order, (void *)book);
	*out = e;
	return 0;
}

void dd_engine_free(dd_engine *e)
{
	if (!e) return;
	free(e->remaining); free(e->consumed); free(e->expired_total);
	free(e->counted); free(e->mkt_raw);
	free(e->order); free(e->owner_sharing); free(e->acct_by_id); free(e->start_m); free(e->expiry_m);
	free(e->usable); free(e->start_rem);
	free(e->cidx); free(e->lines); free(e->accts); free(e->elig);
	free(e);
}

int dd_engine_clone(const dd_engine *e, dd_engine **out)
{
	dd_error_clear();
	if (!e || !out) return dd_error_set(DD_EUSAGE, "dd_engine_clone: engine and out are required");
	*out = NULL;
	dd_engine *c = engine_shell(e->book);
	if (!c) return dd_error_set(DD_ENOMEM, "engine: out of memory");
	size_t nc = e->nc, ny = (size_t)e->years;
	c->last = e->last;
	memcpy(c->remaining, e->remaining, nc * sizeof(dd_money));
	memcpy(c->consumed, e->consumed, nc * sizeof(dd_money));
	memcpy(c->expired_total, e->expired_total, nc * sizeof(dd_money));
	memcpy(c->counted, e->counted, ny * sizeof(dd_money));
	memcpy(c->mkt_raw, e->mkt_raw, ny * sizeof(dd_money));
	memcpy(c->order, e->order, nc * sizeof(size_t));
	memcpy(c->owner_sharing, e->owner_sharing, nc * sizeof(bool));
	memcpy(c->start_m, e->start_m, nc * sizeof(dd_month));
	memcpy(c->expiry_m, e->expiry_m, nc * sizeof(dd_month));
	*out = c;
	return 0;
}

int dd_engine_copy_state(dd_engine *dst, const dd_engine *src)
{
	if (!dst || !src || dst->book != src->book)
		return dd_error_set(DD_EUSAGE, "dd_engine_copy_state: two engines of the same book are required");
	size_t nc = src->nc, ny = (size_t)src->years;
	dst->last = src->last;
	memcpy(dst->remaining, src->remaining, nc * sizeof(dd_money));
	memcpy(dst->consumed, src->consumed, nc * sizeof(dd_money));
	memcpy(dst->expired_total, src->expired_total, nc * sizeof(dd_money));
	memcpy(dst->counted, src->counted, ny * sizeof(dd_money));
	memcpy(dst->mkt_raw, src->mkt_raw, ny * sizeof(dd_money));
	return 0;
}

size_t dd_engine_credit_rank(const dd_engine *e, size_t credit)
{
	for (size_t i = 0; e && i < e->nc; i++)
		if (e->order[i] == credit) return i;
	return SIZE_MAX;
}

dd_month dd_engine_last_month(const dd_engine *e) { return e ? e->last : DD_MONTH_NONE; }

/* ---- the month ------------------------------------------------------ */

static int contract_year(const dd_engine *e, dd_month m)
{
	if (!e->years || m < e->agr_start) return -1;
	int y = (m - e->agr_start) / 12;
	return y < e->years ? y : -1;
}

static bool unlocked(const dd_engine *e, size_t i, dd_month m, const dd_money *pred_rem)
{
	const dd_credit *c = &e->book->credits[i];
	if (c->has_unlock && (c->unlock_month == DD_MONTH_NONE || c->unlock_month > m)) return false;
	if (c->after >= 0 && ((size_t)c->after >= e->nc || !dd_money_is_zero(pred_rem[c->after]))) return false;
	return true;
}

/* Start the credits' working copy in the bill; on the first month, credits
 * that expired before it show their whole balance as expired. */
static void open_credits(dd_engine *e, dd_month m, dd_bill *bill)
{
	bool first = e->last == DD_MONTH_NONE;
	for (size_t i = 0; i < e->nc; i++) {
		dd_bill_credit *bc = &bill->credits[i];
		bc->applied = bc->expired = dd_money_zero();
		bc->consumed = e->consumed[i];
		bc->remaining = e->remaining[i];
		bc->expired_total = e->expired_total[i];
		if (first && e->expiry_m[i] < m) {
			bc->expired_total = dd_money_add(bc->expired_total, bc->remaining);
			bc->remaining = dd_money_zero();
		}
		e->start_rem[i] = bc->remaining;
	}
	for (size_t i = 0; i < e->nc; i++) {
		const dd_credit *c = &e->book->credits[i];
		e->usable[i] = c->status == DD_STATUS_ENABLED && e->start_m[i] <= m && m <= e->expiry_m[i] &&
			       unlocked(e, i, m, e->start_rem) && dd_money_is_pos(e->start_rem[i]);
	}
}

static int reset_bill(dd_engine *e, dd_month m, bool no_data, dd_bill *bill)
{
	size_t nc = e->nc;
	int rc = GROW(bill->credits, bill->cap_credits, nc ? nc : 1);
	if (rc) return rc;
	bill->month = m;
	bill->no_data = no_data;
	bill->contract_year = contract_year(e, m);
	bill->gross = bill->credits_before_discount = bill->discount = bill->credits_after_discount =
		bill->support_fee = bill->support_credits = bill->tax = bill->shortfall = bill->payable =
			bill->counted = bill->leakage = dd_money_zero();
	bill->nlines = bill->nallocs = bill->nsupport = bill->nunknown = 0;
	bill->ncredits = nc;
	e->nlines = e->naccts = 0;
	return 0;
}

static dd_money percent_for(const dd_engine *e, int y)
{
	return y >= 0 ? e->book->agreement.discount_percent[y] : dd_money_zero();
}

#define CHK(expr)                                                                                  \
	do {                                                                                       \
		if (expr) return dd_error_set(DD_EOVERFLOW, "engine: month total out of range"); \
	} while (0)

/* Copy the worked lines into the bill and sum the totals. */
static int close_lines(dd_engine *e, dd_bill *bill)
{
	int rc = GROW(bill->lines, bill->cap_lines, e->nlines ? e->nlines : 1);
	if (rc) return rc;
	for (size_t i = 0; i < e->nlines; i++) {
		const eng_line *l = &e->lines[i];
		dd_bill_line *o = &bill->lines[i];
		o->account = l->account;
		o->service = l->service;
		o->marketplace = l->marketplace;
		CHK(dd_money_add_checked(l->u, l->d, &o->gross) || dd_money_add_checked(o->gross, l->f, &o->gross) ||
		    dd_money_add_checked(o->gross, l->x, &o->gross));
		o->credits = dd_money_add(l->p1, l->p2); /* both <= max(u, 0) together */
		o->discount = l->disc;
		CHK(dd_money_sub_checked(o->gross, o->credits, &o->payable) ||
		    dd_money_sub_checked(o->payable, o->discount, &o->payable));
		o->tax = l->t;
		CHK(dd_money_add_checked(bill->gross, o->gross, &bill->gross) ||
		    dd_money_add_checked(bill->credits_before_discount, l->p1, &bill->credits_before_discount) ||
		    dd_money_add_checked(bill->credits_after_discount, l->p2, &bill->credits_after_discount) ||
		    dd_money_add_checked(bill->discount, l->disc, &bill->discount) ||
		    dd_money_add_checked(bill->tax, l->t, &bill->tax) ||
		    dd_money_add_checked(bill->payable, o->payable, &bill->payable));
	}
	bill->nlines = e->nlines;
	for (size_t s = 0; s < bill->nsupport; s++)
		CHK(dd_money_add_checked(bill->support_fee, bill->support[s].fee, &bill->support_fee) ||
		    dd_money_add_checked(bill->support_credits, bill->support[s].credits, &bill->support_credits));
	return 0;
}

/* Usage and fee part of the month's lines, marketplace or not. */
typedef struct {
	dd_money gross, credits, net;
} spend;

static int sum_spend(const dd_engine *e, bool marketplace, spend *s)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < e->nlines; i++) {
		const eng_line *l = &e->lines[i];
		if (l->marketplace != marketplace) continue;
		dd_money g = dd_money_zero(), c = dd_money_add(l->p1, l->p2), n = dd_money_zero();
		CHK(dd_money_add_checked(l->u, l->d, &g) || dd_money_add_checked(g, l->f, &g) ||
		    dd_money_sub_checked(g, c, &n) || dd_money_sub_checked(n, l->disc, &n) ||
		    dd_money_add_checked(s->gross, g, &s->gross) || dd_money_add_checked(s->credits, c, &s->credits) ||
		    dd_money_add_checked(s->net, n, &s->net));
	}
	return 0;
}

/* What a kind of spend contributes under the agreement's basis. */
static int spend_basis(const dd_agreement *a, const spend *s, dd_money *out)
{
	if (a->basis == DD_BASIS_NET) CHK(dd_money_add_checked(s->net, a->credits_count ? s->credits : dd_money_zero(), out));
	else CHK(dd_money_sub_checked(s->gross, a->credits_count ? dd_money_zero() : s->credits, out));
	return 0;
}

/* The month's counted amount for contract year y; *mkt_raw is the year's raw
 * Marketplace amount, updated (the cap applies to the running total). */
static int count_month(dd_engine *e, int y, dd_bill *bill, dd_money *mkt_raw)
{
	const dd_agreement *a = &e->book->agreement;
	spend aws, mkt;
	dd_money base, m, cap, old_in, new_in;
	int rc;
	if ((rc = sum_spend(e, false, &aws)) || (rc = sum_spend(e, true, &mkt)) ||
	    (rc = spend_basis(a, &aws, &base)) || (rc = spend_basis(a, &mkt, &m)))
		return rc;
	CHK(dd_money_add_checked(base, bill->support_fee, &base));
	/* Net basis counts the fee net of support credits; gross basis counts the
	 * whole fee, less support credits only when credits do not count (SPEC 3.1). */
	if (a->basis == DD_BASIS_NET || !a->credits_count)
		CHK(dd_money_sub_checked(base, bill->support_credits, &base));
	CHK(dd_money_mul_percent(a->commitment[y], a->marketplace_cap_percent, &cap));
	old_in = dd_money_min(*mkt_raw, cap);
	CHK(dd_money_add_checked(*mkt_raw, m, mkt_raw));
	new_in = dd_money_min(*mkt_raw, cap);
	CHK(dd_money_add_checked(base, dd_money_sub(new_in, old_in), &bill->counted));
	return 0;
}

static dd_money carried_into(const dd_engine *e, const dd_money *counted, int y)
{
	const dd_agreement *a = &e->book->agreement;
	dd_money carried = dd_money_zero();
	if (!a->carry_forward) return carried;
	for (int k = 0; k < y; k++) {
		dd_money excess = dd_money_sub(dd_money_add(counted[k], carried), a->commitment[k]);
		carried = dd_money_max(excess, dd_money_zero());
	}
	return carried;
}

/* counted[k] for k < y are the earlier years; counted_y is year y's own. */
static dd_money shortfall_of(const dd_engine *e, const dd_money *counted, int y, dd_money counted_y)
{
	dd_money s = dd_money_sub(e->book->agreement.commitment[y], counted_y);
	s = dd_money_sub(s, carried_into(e, counted, y));
	return dd_money_max(s, dd_money_zero());
}

/* Counted spend and, on a contract year's last month, its shortfall line.
 * *year_counted and *mkt are the new values of the year's counters. */
static int commitment_month(dd_engine *e, dd_month m, dd_bill *bill, dd_money *year_counted, dd_money *mkt)
{
	int y = bill->contract_year, rc;
	if (y < 0) return 0;
	*mkt = e->mkt_raw[y];
	if (!bill->no_data && (rc = count_month(e, y, bill, mkt))) return rc;
	CHK(dd_money_add_checked(e->counted[y], bill->counted, year_counted));
	if (m == e->agr_start + 12 * y + 11) {
		bill->shortfall = shortfall_of(e, e->counted, y, *year_counted);
		CHK(dd_money_add_checked(bill->gross, bill->shortfall, &bill->gross));
	}
	return 0;
}

/* payable = gross - credits - discount + support - support credits + tax,
 * with the shortfall inside gross; checked against the lines' own sum. */
static int settle_totals(dd_bill *bill)
{
	dd_money p = bill->payable, want = bill->gross;
	CHK(dd_money_add_checked(p, bill->support_fee, &p) || dd_money_sub_checked(p, bill->support_credits, &p) ||
	    dd_money_add_checked(p, bill->tax, &p) || dd_money_add_checked(p, bill->shortfall, &p));
	CHK(dd_money_sub_checked(want, bill->credits_before_discount, &want) ||
	    dd_money_sub_checked(want, bill->discount, &want) ||
	    dd_money_sub_checked(want, bill->credits_after_discount, &want) ||
	    dd_money_add_checked(want, bill->support_fee, &want) ||
	    dd_money_sub_checked(want, bill->support_credits, &want) || dd_money_add_checked(want, bill->tax, &want));
	if (dd_money_cmp(p, want))
		return dd_error_set(DD_EGENERIC, "engine: month totals do not add up (internal error)");
	bill->payable = p;
	return 0;
}

static dd_credit_state state_of(const dd_engine *e, size_t i, dd_month m, const dd_bill *bill)
{
	const dd_credit *c = &e->book->credits[i];
	/* Used up before its expiry is "exhausted" even after the expiry month:
	 * "expired" is kept for a credit whose window closed with value left. */
	if (dd_money_is_zero(bill->credits[i].remaining) && dd_money_is_zero(bill->credits[i].expired_total))
		return DD_CS_EXHAUSTED;
	if (e->expiry_m[i] <= m) return DD_CS_EXPIRED;
	if (c->status == DD_STATUS_PAUSED) return DD_CS_PAUSED;
	if (e->start_m[i] > m) return DD_CS_NOT_STARTED;
	if (c->has_unlock && (c->unlock_month == DD_MONTH_NONE || c->unlock_month > m)) return DD_CS_LOCKED;
	/* the predecessor as of the end of m: exhausted now means usable next month */
	if (c->after >= 0 && ((size_t)c->after >= e->nc || !dd_money_is_zero(bill->credits[c->after].remaining)))
		return DD_CS_LOCKED;
	return DD_CS_ACTIVE;
}

/* Expire what ends this month, set states, and check conservation. */
static int close_credits(dd_engine *e, dd_month m, dd_bill *bill)
{
	for (size_t i = 0; i < e->nc; i++) {
		dd_bill_credit *bc = &bill->credits[i];
		if (e->expiry_m[i] == m && dd_money_is_pos(bc->remaining)) {
			bc->expired = bc->remaining;
			bc->expired_total = dd_money_add(bc->expired_total, bc->remaining);
			bc->remaining = dd_money_zero();
			CHK(dd_money_add_checked(bill->leakage, bc->expired, &bill->leakage));
		}
	}
	for (size_t i = 0; i < e->nc; i++) {
		const dd_bill_credit *bc = &bill->credits[i];
		bill->credits[i].state = state_of(e, i, m, bill);
		dd_money sum = dd_money_add(dd_money_add(bc->consumed, bc->remaining), bc->expired_total);
		if (dd_money_cmp(sum, e->book->credits[i].amount))
			return dd_error_set(DD_EGENERIC, "engine: credit %s does not conserve its amount (internal error)",
					    e->book->credits[i].id ? e->book->credits[i].id : "?");
	}
	return 0;
}

static void commit(dd_engine *e, dd_month m, const dd_bill *bill, dd_money year_counted, dd_money mkt)
{
	for (size_t i = 0; i < e->nc; i++) {
		e->remaining[i] = bill->credits[i].remaining;
		e->consumed[i] = bill->credits[i].consumed;
		e->expired_total[i] = bill->credits[i].expired_total;
	}
	if (bill->contract_year >= 0) {
		e->counted[bill->contract_year] = year_counted;
		e->mkt_raw[bill->contract_year] = mkt;
	}
	e->last = m;
}

int dd_engine_run_month(dd_engine *e, dd_month m, const dd_charge *charges, size_t n, bool no_data,
			dd_bill *bill)
{
	dd_error_clear();
	if (!e || !bill || (n && !charges && !no_data) || m == DD_MONTH_NONE)
		return dd_error_set(DD_EUSAGE, "dd_engine_run_month: engine, bill and charges are required");
	if (e->last != DD_MONTH_NONE && m != e->last + 1) {
		char got[8], last[8], want[8];
		return dd_error_set(DD_EUSAGE, "engine: month %s run after %s; months must be consecutive (expected %s)",
				    dd_month_format(m, got), dd_month_format(e->last, last),
				    dd_month_format(e->last + 1, want));
	}
	dd_money year_counted = dd_money_zero(), mkt = dd_money_zero();
	int rc = reset_bill(e, m, no_data, bill);
	if (rc) return rc;
	open_credits(e, m, bill);
	if (!no_data) {
		if ((rc = dd__eng_build_lines(e, charges, n, bill)) ||
		    (rc = dd__eng_phase(e, bill, DD_APPLIES_BEFORE_DISCOUNT)) ||
		    (rc = dd__eng_discount(e, percent_for(e, bill->contract_year))) ||
		    (rc = dd__eng_phase(e, bill, DD_APPLIES_AFTER_DISCOUNT)) || (rc = dd__eng_support(e, bill)))
			return rc;
	}
	if ((rc = close_lines(e, bill)) || (rc = commitment_month(e, m, bill, &year_counted, &mkt)) ||
	    (rc = settle_totals(bill)) || (rc = close_credits(e, m, bill)))
		return rc;
	commit(e, m, bill, year_counted, mkt);
	return 0;
}

/* ---- commitment report ---------------------------------------------- */

static dd_date add_months(dd_date d, int months)
{
	dd_month m = dd_date_month(d) + months;
	dd_date r = {(int16_t)DD_MONTH_YEAR(m), (int8_t)DD_MONTH_MON(m), d.day};
	int dim = dd_days_in_month(r.year, r.month);
	if (r.day > dim) r.day = (int8_t)dim;
	return r;
}

static dd_date day_before(dd_date d)
{
	if (d.day > 1) {
		d.day--;
		return d;
	}
	dd_month m = dd_date_month(d) - 1;
	dd_date r = {(int16_t)DD_MONTH_YEAR(m), (int8_t)DD_MONTH_MON(m), 0};
	r.day = (int8_t)dd_days_in_month(r.year, r.month);
	return r;
}

int dd_engine_commitment(const dd_engine *e, dd_commit_year *years)
{
	dd_error_clear();
	if (!e || !years) return dd_error_set(DD_EUSAGE, "dd_engine_commitment: engine and years are required");
	const dd_agreement *a = &e->book->agreement;
	if (!e->years) return dd_error_set(DD_ENOTFOUND, "the book has no agreement");
	for (int y = 0; y < e->years; y++) {
		dd_commit_year *o = &years[y];
		bool started = e->last != DD_MONTH_NONE && e->agr_start + 12 * y <= e->last;
		o->year = y + 1;
		o->start = add_months(a->start, 12 * y);
		o->end = day_before(add_months(a->start, 12 * (y + 1)));
		o->commitment = a->commitment[y];
		o->counted = started ? e->counted[y] : dd_money_zero();
		o->carried_in = started ? carried_into(e, e->counted, y) : dd_money_zero();
		o->shortfall = started ? shortfall_of(e, e->counted, y, e->counted[y]) : a->commitment[y];
	}
	return 0;
}

const char *dd_credit_state_name(dd_credit_state s)
{
	switch (s) {
	case DD_CS_ACTIVE: return "active";
	case DD_CS_NOT_STARTED: return "not_started";
	case DD_CS_LOCKED: return "locked";
	case DD_CS_PAUSED: return "paused";
	case DD_CS_EXHAUSTED: return "exhausted";
	case DD_CS_EXPIRED: return "expired";
	}
	return "unknown";
}
