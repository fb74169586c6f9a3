/* engine_apply.c: one month's lines, the greedy placement of credits (SPEC 3
 * items 1-5, 3.1), the discount, and the support fee with its credits. Works
 * on the scratch arrays of a dd_engine; engine.c orchestrates and commits. */
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"

static const char *S(const char *s) { return s ? s : ""; }

int dd__eng_grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap) return 0;
	size_t n = *cap ? *cap : 16;
	while (n < need) n *= 2;
	void *q = realloc(*p, n * size);
	if (!q) return dd_error_set(DD_ENOMEM, "engine: out of memory (%zu items)", n);
	*p = q;
	*cap = n;
	return 0;
}

#define GROW(arr, cap, need) dd__eng_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

static int add_to(dd_money *acc, dd_money v, const char *what)
{
	/* the builtin, not dd_money_add_checked: this runs on every charge of
	 * every month of every forecast path, and a call costs more than the add */
	if (__builtin_add_overflow(acc->v, v.v, &acc->v))
		return dd_error_set(DD_EOVERFLOW, "engine: %s out of range", what);
	return 0;
}

/* ---- lines ---------------------------------------------------------- */

static int cmp_charge(const void *a, const void *b, void *ctx)
{
	const dd_charge *ch = ctx;
	const dd_charge *x = &ch[*(const size_t *)a], *y = &ch[*(const size_t *)b];
	int c = strcmp(S(x->account), S(y->account));
	if (!c) c = strcmp(S(x->service), S(y->service));
	if (!c) c = (int)x->marketplace - (int)y->marketplace;
	if (!c) c = (*(const size_t *)a > *(const size_t *)b) - (*(const size_t *)a < *(const size_t *)b);
	return c;
}

static int note_unknown(dd_bill *bill, const char *type)
{
	type = S(type);
	for (size_t i = 0; i < bill->nunknown; i++)
		if (!strcmp(bill->unknown_types[i], type)) return 0;
	int rc = GROW(bill->unknown_types, bill->cap_unknown, bill->nunknown + 1);
	if (rc) return rc;
	bill->unknown_types[bill->nunknown++] = type;
	return 0;
}

/* The charge's class and domain flag: as loaded (dd_run_load_month), or
 * worked out from its strings for a charge built without them. */
static dd_charge_class class_of(const dd_charge *c, bool *domain)
{
	if (c->cls != DD_CLASS_UNSET) {
		*domain = c->domain;
		return c->cls;
	}
	*domain = dd_is_domain_charge(c->domain, c->service, c->service_name);
	return dd_classify_charge(c->charge_type, c->service, c->service_name);
}

/* Keep the charges the simulation uses; note unknown types. */
static int select_charges(dd_engine *e, const dd_charge *ch, size_t n, dd_bill *bill, size_t *kept)
{
	int rc = GROW(e->cidx, e->cap_cidx, n);
	if (rc) return rc;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool domain;
		dd_charge_class cl = class_of(&ch[i], &domain);
		/* the engine computes support itself; AWS's own application is for reconcile */
		if (cl == DD_CLASS_SUPPORT || cl == DD_CLASS_AWS_APPLIED) continue;
		if (cl == DD_CLASS_UNKNOWN && (rc = note_unknown(bill, ch[i].charge_type))) return rc;
		e->cidx[k++] = i;
	}
	*kept = k;
	return 0;
}

static int add_charge(eng_line *l, const dd_charge *c)
{
	bool domain;
	dd_money *to;
	switch (class_of(c, &domain)) {
	case DD_CLASS_USAGE: to = domain ? &l->d : &l->u; break;
	case DD_CLASS_FEE: to = &l->f; break;
	case DD_CLASS_TAX: to = &l->t; break;
	default: to = &l->x; break; /* FLAT and UNKNOWN */
	}
	if (!l->service_name && c->service_name) l->service_name = c->service_name;
	return add_to(to, c->amount, "a line's sum of charges");
}

static int open_line(dd_engine *e, const dd_charge *c)
{
	int rc = GROW(e->lines, e->cap_lines, e->nlines + 1);
	if (rc) return rc;
	eng_line *l = &e->lines[e->nlines];
	memset(l, 0, sizeof *l);
	l->account = S(c->account);
	l->service = S(c->service);
	l->marketplace = c->marketplace;
	if (e->naccts == 0 || strcmp(e->accts[e->naccts - 1].id, l->account)) {
		if ((rc = GROW(e->accts, e->cap_accts, e->naccts + 1))) return rc;
		e->accts[e->naccts].id = l->account;
		e->accts[e->naccts].sharing = dd__eng_shares(e, l->account);
		e->naccts++;
	}
	l->acct = e->naccts - 1;
	if (e->nlines > 0) {
		eng_line *p = l - 1;
		if (p->acct == l->acct && !strcmp(p->service, l->service)) p->twin = l->twin = true;
	}
	e->nlines++;
	return 0;
}

int dd__eng_build_lines(dd_engine *e, const dd_charge *ch, size_t n, dd_bill *bill)
{
	size_t k;
	int rc = select_charges(e, ch, n, bill, &k);
	if (rc) return rc;
	/* charges often come in order already (a forecast path's always do):
	 * checking costs k - 1 comparisons, sorting k log k */
	bool sorted = true;
	for (size_t i = 1; sorted && i < k; i++) sorted = cmp_charge(&e->cidx[i - 1], &e->cidx[i], (void *)ch) < 0;
	if (!sorted) qsort_r(e->cidx, k, sizeof *e->cidx, cmp_charge, (void *)ch);
	e->nlines = e->naccts = 0;
	const dd_charge *prev = NULL;
	for (size_t i = 0; i < k; i++) {
		const dd_charge *c = &ch[e->cidx[i]];
		if (!prev || strcmp(S(prev->account), S(c->account)) || strcmp(S(prev->service), S(c->service)) ||
		    prev->marketplace != c->marketplace)
			if ((rc = open_line(e, c))) return rc;
		if ((rc = add_charge(&e->lines[e->nlines - 1], c))) return rc;
		prev = c;
	}
	for (size_t i = 0; i < e->nlines; i++) /* a negative line is never credited */
		e->lines[i].rem = dd_money_max(e->lines[i].u, dd_money_zero());
	return 0;
}

/* ---- placement ------------------------------------------------------ */

static bool names_service(const dd_credit *c, const eng_line *l)
{
	if (c->services_all) return true;
	for (size_t i = 0; i < c->nservices; i++) {
		if (!strcmp(c->services[i], l->service)) return true;
		if (l->service_name && !strcmp(c->services[i], l->service_name)) return true;
	}
	return false;
}

static bool covers(const dd_credit *c, const eng_line *l)
{
	if (c->type == DD_CREDIT_SUPPORT) return false;
	if (l->marketplace && c->type != DD_CREDIT_MARKETPLACE) return false;
	return names_service(c, l);
}

/* Whether credit ci may be spent on account id (which shares or not): its
 * owner always; others only through sharing (SPEC 3.1 "Sharing"). */
static bool credit_reaches(const dd_engine *e, size_t ci, const char *id, bool id_shares)
{
	const dd_credit *c = &e->book->credits[ci];
	if (!strcmp(c->owner, id)) return true;
	if (!e->book->credit_sharing || !e->owner_sharing[ci] || !id_shares) return false;
	if (c->sharing == DD_SHARING_DISABLED) return false;
	if (c->sharing != DD_SHARING_LIST) return true;
	for (size_t i = 0; i < c->nshare_with; i++)
		if (!strcmp(c->share_with[i], id)) return true;
	return false;
}

/* Owner first; then accounts by what this credit can still cover, desc, ties
 * by id; within an account services by remaining desc, ties by code (then
 * the Marketplace line after the other). Accounts and lines are indexed in
 * that id and code order (eng_acct), so the ties compare indices: the sort
 * runs for every credit of every month of every forecast path. */
static int cmp_place(const void *a, const void *b, void *vctx)
{
	const dd_engine *e = vctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const eng_line *x = &e->lines[i], *y = &e->lines[j];
	if (x->acct != y->acct) {
		const eng_acct *ax = &e->accts[x->acct], *ay = &e->accts[y->acct];
		if (ax->owner != ay->owner) return ax->owner ? -1 : 1;
		int c = dd_money_cmp(ay->sum, ax->sum);
		return c ? c : (x->acct > y->acct) - (x->acct < y->acct);
	}
	int c = dd_money_cmp(y->rem, x->rem);
	return c ? c : (i > j) - (i < j);
}

static int add_alloc(dd_bill *bill, size_t first, size_t ci, const eng_line *l, dd_money amount)
{
	if (l->twin) /* its twin line may already have an entry for this credit */
		for (size_t i = first; i < bill->nallocs; i++)
			if (!strcmp(bill->allocs[i].account, l->account) && !strcmp(bill->allocs[i].service, l->service)) {
				bill->allocs[i].amount = dd_money_add(bill->allocs[i].amount, amount);
				return 0;
			}
	int rc = GROW(bill->allocs, bill->cap_allocs, bill->nallocs + 1);
	if (rc) return rc;
	dd_allocation *al = &bill->allocs[bill->nallocs++];
	al->credit = (int)ci;
	al->account = l->account;
	al->service = l->service;
	al->amount = amount;
	return 0;
}

static size_t collect_eligible(dd_engine *e, size_t ci)
{
	const dd_credit *c = &e->book->credits[ci];
	size_t k = 0;
	for (size_t a = 0; a < e->naccts; a++) {
		eng_acct *ac = &e->accts[a];
		ac->sum = dd_money_zero();
		ac->owner = !strcmp(ac->id, c->owner);
		ac->reach = ac->owner || credit_reaches(e, ci, ac->id, ac->sharing);
	}
	for (size_t i = 0; i < e->nlines; i++) {
		eng_line *l = &e->lines[i];
		if (!dd_money_is_pos(l->rem) || !e->accts[l->acct].reach || !covers(c, l)) continue;
		e->accts[l->acct].sum = dd_money_add(e->accts[l->acct].sum, l->rem); /* <= sum of bounded lines */
		e->elig[k++] = i;
	}
	return k;
}

static int place(dd_engine *e, dd_bill *bill, size_t ci, dd_applies phase)
{
	size_t k = collect_eligible(e, ci);
	if (k > 1) qsort_r(e->elig, k, sizeof *e->elig, cmp_place, e);
	dd_bill_credit *bc = &bill->credits[ci];
	size_t first = bill->nallocs;
	for (size_t j = 0; j < k && dd_money_is_pos(bc->remaining); j++) {
		eng_line *l = &e->lines[e->elig[j]];
		dd_money take = dd_money_min(bc->remaining, l->rem);
		l->rem = dd_money_sub(l->rem, take);
		if (phase == DD_APPLIES_BEFORE_DISCOUNT) l->p1 = dd_money_add(l->p1, take);
		else l->p2 = dd_money_add(l->p2, take);
		bc->remaining = dd_money_sub(bc->remaining, take);
		bc->applied = dd_money_add(bc->applied, take);
		bc->consumed = dd_money_add(bc->consumed, take);
		int rc = add_alloc(bill, first, ci, l, take);
		if (rc) return rc;
	}
	return 0;
}

int dd__eng_phase(dd_engine *e, dd_bill *bill, dd_applies phase)
{
	int rc = GROW(e->elig, e->cap_elig, e->nlines);
	if (rc) return rc;
	for (size_t j = 0; j < e->nc; j++) {
		size_t ci = e->order[j];
		const dd_credit *c = &e->book->credits[ci];
		if (c->type == DD_CREDIT_SUPPORT || c->applies != phase || !e->usable[ci]) continue;
		if (!dd_money_is_pos(bill->credits[ci].remaining)) continue;
		if ((rc = place(e, bill, ci, phase))) return rc;
	}
	return 0;
}

/* ---- discount ------------------------------------------------------- */

void dd__eng_pct_init(dd__eng_pct *p, dd_money pct)
{
	/* pct.v / (SCALE * 100): the denominator is 2^20 * 5^20, so dividing out
	 * the common 2s and 5s reduces the fraction fully. */
	unsigned __int128 n = pct.v < 0 ? -(unsigned __int128)pct.v : (unsigned __int128)pct.v;
	unsigned __int128 d = (unsigned __int128)DD_MONEY_SCALE * 100;
	while (n && n % 2 == 0 && d % 2 == 0) { n /= 2; d /= 2; }
	while (n && n % 5 == 0 && d % 5 == 0) { n /= 5; d /= 5; }
	p->pct = pct;
	p->num = n;
	p->den = n ? d : 1;
	p->neg = pct.v < 0;
}

int dd__eng_mul_pct(const dd__eng_pct *p, dd_money a, dd_money *out)
{
	unsigned __int128 u = a.v < 0 ? -(unsigned __int128)a.v : (unsigned __int128)a.v, prod;
	if (__builtin_mul_overflow(u, p->num, &prod))
		return dd_money_mul_percent(a, p->pct, out); /* rare: the exact 256-bit path */
	unsigned __int128 q = prod / p->den, r = prod % p->den;
	if (r > p->den - r || (r == p->den - r && (q & 1))) q++; /* half-even, as dd_money_mul_percent */
	if (q > (unsigned __int128)(((unsigned __int128)1 << 127) - 1)) return DD_EOVERFLOW;
	bool neg = (a.v < 0) != p->neg;
	out->v = neg ? -(__int128)q : (__int128)q;
	return 0;
}

int dd__eng_mul_percent(dd_money a, dd_money pct, dd_money *out)
{
	dd__eng_pct p;
	dd__eng_pct_init(&p, pct);
	return dd__eng_mul_pct(&p, a, out);
}

int dd__eng_discount(dd_engine *e, dd_money pct)
{
	bool mkt_ok = e->book->agreement.present && e->book->agreement.discount_marketplace;
	dd__eng_pct p;
	dd__eng_pct_init(&p, pct);
	for (size_t i = 0; i < e->nlines; i++) {
		eng_line *l = &e->lines[i];
		dd_money after_p1 = dd_money_sub(l->u, l->p1), du = dd_money_zero(), ddf = dd_money_zero();
		l->disc = dd_money_zero();
		if (dd_money_is_neg(l->u)) { /* negative line: no discount, no credit */
			l->rem = dd_money_zero();
			continue;
		}
		if (!l->marketplace || mkt_ok) {
			dd_money df;
			if (dd_money_add_checked(l->d, l->f, &df) || dd__eng_mul_pct(&p, after_p1, &du) ||
			    dd__eng_mul_pct(&p, df, &ddf) || dd_money_add_checked(du, ddf, &l->disc))
				return dd_error_set(DD_EOVERFLOW, "engine: discount of %s/%s out of range",
						    l->account, l->service);
		}
		/* phase 2 works on what is left after the discount */
		l->rem = dd_money_max(dd_money_sub(after_p1, du), dd_money_zero());
	}
	return 0;
}

/* ---- support -------------------------------------------------------- */

/* The fee is the plan's (brackets, then the minimum) x (1 - pct / 100) for
 * the book's support.discount_percent: a negotiated rate discounts the
 * minimum too, so one multiplication, rounded once at the 18th digit. */
static int push_support(dd_bill *bill, const char *account, dd_money base, dd_support_plan plan, dd_money pct)
{
	int rc = GROW(bill->support, bill->cap_support, bill->nsupport + 1);
	if (rc) return rc;
	dd_support_line *s = &bill->support[bill->nsupport];
	s->account = account;
	s->base = base;
	s->credits = dd_money_zero();
	if ((rc = dd_support_fee(plan, base, &s->fee))) return rc;
	if (dd_money_is_pos(pct) &&
	    (rc = dd_money_mul_percent(s->fee, dd_money_sub(dd_money_from_units(100), pct), &s->fee)))
		return rc;
	bill->nsupport++;
	return 0;
}

static int line_gross(const eng_line *l, dd_money *g)
{
	dd_money a;
	if (dd_money_add_checked(l->u, l->d, &a) || dd_money_add_checked(a, l->f, &a) ||
	    dd_money_add_checked(a, l->x, g))
		return dd_error_set(DD_EOVERFLOW, "engine: gross of %s/%s out of range", l->account, l->service);
	return 0;
}

static int support_fees(dd_engine *e, dd_bill *bill)
{
	dd_support_plan plan = e->book->support_plan;
	dd_money pct = e->book->support_discount_percent;
	bool per_account = plan == DD_SUPPORT_DEVELOPER || plan == DD_SUPPORT_BUSINESS;
	dd_money base = dd_money_zero(), g;
	int rc;
	if (plan == DD_SUPPORT_NONE) return 0;
	for (size_t i = 0; i < e->nlines; i++) {
		const eng_line *l = &e->lines[i];
		if (!l->marketplace) {
			if ((rc = line_gross(l, &g)) || (rc = add_to(&base, g, "support base"))) return rc;
		}
		bool last_of_acct = i + 1 == e->nlines || e->lines[i + 1].acct != l->acct;
		if (per_account && last_of_acct) {
			if ((rc = push_support(bill, l->account, base, plan, pct))) return rc;
			base = dd_money_zero();
		}
	}
	return per_account ? 0 : push_support(bill, e->book->payer, base, plan, pct);
}

/* SPEC 3.1 "Support fee": a support credit pays the payer's fee only when the
 * sharing rules let it reach the payer; otherwise its owner's. */
static bool reaches_payer(const dd_engine *e, size_t ci)
{
	const dd_book *b = e->book;
	return credit_reaches(e, ci, b->payer, dd__eng_shares(e, b->payer));
}

static int support_credits(dd_engine *e, dd_bill *bill)
{
	const dd_book *b = e->book;
	for (size_t j = 0; j < e->nc; j++) {
		size_t ci = e->order[j];
		const dd_credit *c = &b->credits[ci];
		dd_bill_credit *bc = &bill->credits[ci];
		if (c->type != DD_CREDIT_SUPPORT || !e->usable[ci] || !dd_money_is_pos(bc->remaining)) continue;
		const char *to = reaches_payer(e, ci) ? b->payer : c->owner;
		for (size_t s = 0; s < bill->nsupport; s++) {
			dd_support_line *sl = &bill->support[s];
			if (strcmp(sl->account, to)) continue;
			dd_money take = dd_money_min(bc->remaining, dd_money_sub(sl->fee, sl->credits));
			if (!dd_money_is_pos(take)) break;
			sl->credits = dd_money_add(sl->credits, take);
			bc->remaining = dd_money_sub(bc->remaining, take);
			bc->applied = dd_money_add(bc->applied, take);
			bc->consumed = dd_money_add(bc->consumed, take);
			int rc = GROW(bill->allocs, bill->cap_allocs, bill->nallocs + 1);
			if (rc) return rc;
			bill->allocs[bill->nallocs++] = (dd_allocation){(int)ci, sl->account, "support", take};
			break;
		}
	}
	return 0;
}

int dd__eng_support(dd_engine *e, dd_bill *bill)
{
	int rc = support_fees(e, bill);
	return rc ? rc : support_credits(e, bill);
}
