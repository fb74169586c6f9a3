/* sla.c: incidents to SLA credit claims (claims.h). An incident is cut at
 * month boundaries (UTC); the pieces of one SLA, region and month are
 * merged so overlapping and nested incidents count once; uptime is exact
 * (18 digits, and no threshold falls between a true uptime and its 18-digit
 * value: uptimes differ from a threshold by at least 1 / (100 x seconds in
 * the month)); the credit tier comes from the SLA table (sla.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown/claims.h"
#include "drawdown/classify.h"
#include "drawdown/sla.h"

static const char *const status_names[] = {"open", "below_minimum", "late", "lost", "approved"};

const char *dd_claim_status_name(dd_claim_status s)
{
	return (unsigned)s < sizeof status_names / sizeof status_names[0] ? status_names[s] : "?";
}

static int64_t month_start(dd_month m) { return dd_days_from_civil(DD_MONTH_YEAR(m), DD_MONTH_MON(m), 1) * 86400; }

static dd_month month_of(int64_t t)
{
	dd_date d = dd_epoch_date(t);
	return dd_date_month(d);
}

typedef struct {
	const dd_incident *inc;
	const char *sla, *region;
	dd_month month;
	int64_t from, to;     /* clipped to the month */
} piece;

static int cmp_piece(const void *a, const void *b)
{
	const piece *x = a, *y = b;
	if (x->month != y->month) return x->month < y->month ? -1 : 1;
	int c = strcmp(x->sla, y->sla);
	if (!c) c = strcmp(x->region ? x->region : "", y->region ? y->region : "");
	if (!c) c = (x->from > y->from) - (x->from < y->from);
	if (!c) c = strcmp(x->inc->id, y->inc->id);
	return c;
}

static bool same_claim(const piece *x, const piece *y)
{
	return x->month == y->month && !strcmp(x->sla, y->sla) &&
	       !strcmp(x->region ? x->region : "", y->region ? y->region : "");
}

/* Every month piece of every incident (an incident ending on a month's
 * first instant does not touch that month). */
static int cut(const dd_book *book, piece **out, size_t *n)
{
	size_t cap = 0, k = 0;
	piece *p = NULL;
	for (size_t i = 0; i < book->nincidents; i++) {
		const dd_incident *inc = &book->incidents[i];
		if (inc->end <= inc->start) continue; /* no duration: nothing unavailable */
		for (dd_month m = month_of(inc->start); m <= month_of(inc->end - 1); m++) {
			if (k == cap) {
				size_t nc = cap ? cap * 2 : 16;
				piece *q = realloc(p, nc * sizeof *q);
				if (!q) {
					free(p);
					return dd_error_set(DD_ENOMEM, "sla: out of memory");
				}
				p = q;
				cap = nc;
			}
			int64_t ms = month_start(m), me = month_start(m + 1);
			p[k++] = (piece){inc, dd_sla_name(inc->sla), inc->region && *inc->region ? inc->region : NULL, m,
					 inc->start > ms ? inc->start : ms, inc->end < me ? inc->end : me};
		}
	}
	*out = p;
	*n = k;
	return 0;
}

int dd_claims_months(const dd_book *book, dd_month **out, size_t *n)
{
	piece *p;
	size_t k;
	*out = NULL;
	*n = 0;
	int rc = cut(book, &p, &k);
	if (rc) return rc;
	dd_month *m = malloc((k ? k : 1) * sizeof *m);
	if (!m) {
		free(p);
		return dd_error_set(DD_ENOMEM, "sla: out of memory");
	}
	size_t j = 0;
	for (size_t i = 0; i < k; i++) m[j++] = p[i].month;
	free(p);
	/* sort and keep each month once */
	for (size_t i = 1; i < j; i++)
		for (size_t a = i; a > 0 && m[a - 1] > m[a]; a--) {
			dd_month t = m[a];
			m[a] = m[a - 1];
			m[a - 1] = t;
		}
	size_t u = 0;
	for (size_t i = 0; i < j; i++)
		if (!u || m[u - 1] != m[i]) m[u++] = m[i];
	*out = m;
	*n = u;
	return 0;
}

static bool has_account(const dd_claim *c, const char *a)
{
	for (size_t i = 0; i < c->naccounts; i++)
		if (!strcmp(c->accounts[i], a)) return true;
	return false;
}

/* The month's usage of the claim's service in its accounts (all when it
 * names none) and region (where the data has regions); upfront fees, tax,
 * support and AWS's own credits are not charges a credit is a percent of. */
static dd_money affected(const dd_claim *c, const dd_claim_month *months, size_t nmonths)
{
	dd_money sum = dd_money_zero();
	for (size_t k = 0; k < nmonths; k++) {
		if (months[k].month != c->month) continue;
		for (size_t i = 0; i < months[k].n; i++) {
			const dd_agg_entry *e = &months[k].entries[i];
			if (strcmp(e->service, c->service) && (!e->service_name || strcmp(e->service_name, c->service))) continue;
			if (dd_classify_charge(e->charge_type, e->service, e->service_name) != DD_CLASS_USAGE) continue;
			if (c->naccounts && !has_account(c, e->account)) continue;
			if (c->region && e->region && *e->region && strcmp(e->region, c->region)) continue;
			sum = dd_money_add(sum, e->amount);
		}
	}
	return sum;
}

static bool approved(const dd_book *book, const dd_claim *c)
{
	char id[256];
	for (size_t i = 0; i < c->nincidents; i++) {
		snprintf(id, sizeof id, "SLA-%s", c->incidents[i]);
		if (dd_book_credit(book, id)) return true;
	}
	return false;
}

/* Error-rate SLAs: 100 - the average error rate over the month's 5-minute
 * intervals. An interval an incident touches has its error rate: the
 * incident's `intervals` (consecutive 5-minute rates from its start), else
 * its stated `error_rate`, else 100 (unavailable); where incidents overlap,
 * the highest; every other interval 0. */
static int error_rate_uptime(const piece *p, size_t n, dd_claim *c, int64_t month_seconds)
{
	size_t nint = (size_t)(month_seconds / 300);
	dd_money *rate = calloc(nint, sizeof *rate);
	if (!rate) return dd_error_set(DD_ENOMEM, "sla: out of memory");
	int64_t ms = month_start(c->month);
	for (size_t i = 0; i < n; i++) {
		const dd_incident *inc = p[i].inc;
		for (int64_t j = (p[i].from - ms) / 300; j <= (p[i].to - 1 - ms) / 300 && j < (int64_t)nint; j++) {
			dd_money r = dd_money_from_units(100);
			if (inc->nintervals) {
				int64_t k = (ms + 300 * j - inc->start) / 300;
				r = k >= 0 && (size_t)k < inc->nintervals ? inc->intervals[k] : dd_money_zero();
			} else if (inc->has_error_rate) {
				r = inc->error_rate;
			}
			if (dd_money_cmp(r, rate[j]) > 0) rate[j] = r;
		}
	}
	dd_money sum = dd_money_zero(), avg;
	for (size_t j = 0; j < nint; j++) sum = dd_money_add(sum, rate[j]);
	free(rate);
	if (dd_money_muldiv(sum, 1, (int64_t)nint, &avg)) return dd_error_set(DD_EOVERFLOW, "sla: error rates out of range");
	c->uptime_percent = dd_money_sub(dd_money_from_units(100), avg);
	return 0;
}

static int cmp_acct(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

static int fill(const dd_book *book, const piece *p, size_t n, const dd_claim_month *months, size_t nmonths,
		dd_date as_of, dd_claim *c)
{
	const dd_sla_def *def = dd_sla_find(p[0].sla);
	if (!def)
		return dd_error_set(DD_EINVALID, "incident %s: the SLA table has no \"%s\"", p[0].inc->id, p[0].sla);
	memset(c, 0, sizeof *c);
	c->sla = def->name;
	c->service = p[0].inc->service;
	c->region = p[0].region;
	c->month = p[0].month;
	c->error_rate = def->measure == DD_SLA_ERROR_RATE_5MIN;
	c->incidents = malloc(n * sizeof *c->incidents);
	size_t nacc = 0;
	for (size_t i = 0; i < n; i++) nacc += p[i].inc->naccounts;
	char (*acc)[DD_ACCOUNT_MAX] = malloc((nacc ? nacc : 1) * sizeof *acc);
	if (!c->incidents || !acc) {
		free(acc);
		return dd_error_set(DD_ENOMEM, "sla: out of memory");
	}
	/* merge the intervals (sorted by start) */
	int64_t cur_from = p[0].from, cur_to = p[0].to, total = 0;
	bool all_accounts = false;
	for (size_t i = 0; i < n; i++) {
		if (i) {
			if (p[i].from > cur_to) {
				total += cur_to - cur_from;
				cur_from = p[i].from;
				cur_to = p[i].to;
			} else if (p[i].to > cur_to) {
				cur_to = p[i].to;
			}
		}
		bool seen = false;
		for (size_t k = 0; k < c->nincidents; k++) seen |= !strcmp(c->incidents[k], p[i].inc->id);
		if (!seen) c->incidents[c->nincidents++] = p[i].inc->id;
		if (p[i].inc->end > c->last_end) c->last_end = p[i].inc->end;
		if (p[i].inc->naccounts == 0) all_accounts = true;
		for (size_t a = 0; a < p[i].inc->naccounts; a++) {
			bool dup = false;
			for (size_t b = 0; b < c->naccounts; b++) dup |= !strcmp(acc[b], p[i].inc->accounts[a]);
			if (!dup) memcpy(acc[c->naccounts++], p[i].inc->accounts[a], DD_ACCOUNT_MAX);
		}
	}
	total += cur_to - cur_from;
	if (all_accounts) c->naccounts = 0; /* an incident that names no account affects them all */
	qsort(acc, c->naccounts, sizeof *acc, cmp_acct);
	c->accounts = (const char(*)[DD_ACCOUNT_MAX])acc;
	c->unavailable_seconds = total;
	int days = dd_days_in_month(DD_MONTH_YEAR(c->month), DD_MONTH_MON(c->month));
	int64_t month_seconds = (int64_t)days * 86400;
	c->minutes_in_month = days * 1440;
	dd_money_muldiv(dd_money_from_units(total), 1, 60, &c->unavailable_minutes);
	if (c->error_rate) {
		int rc = error_rate_uptime(p, n, c, month_seconds);
		if (rc) return rc;
	} else {
		/* 100 x (month - unavailable) / month, truncated at the 18th digit */
		c->uptime_percent.v = (dd_i128)(month_seconds - total) * 100 * DD_MONEY_SCALE / month_seconds;
	}
	c->credit_percent = dd_sla_credit_percent(def, c->uptime_percent);
	c->affected_charges = affected(c, months, nmonths);
	dd_money credit = dd_money_zero();
	if (dd_money_mul_percent(c->affected_charges, c->credit_percent, &credit))
		return dd_error_set(DD_EOVERFLOW, "sla: the credit of incident %s is out of range", p[0].inc->id);
	bool below = dd_money_cmp(credit, dd_money_from_units(1)) <= 0;
	c->credit = below ? dd_money_zero() : credit;
	c->hard_deadline = dd_month_last_day(c->month + 2);
	dd_date rec = dd_date_add_days(dd_epoch_date(c->last_end), 30);
	c->recommended_deadline = dd_date_cmp(rec, c->hard_deadline) > 0 ? c->hard_deadline : rec;
	if (approved(book, c)) c->status = DD_CLAIM_APPROVED;
	else if (below) c->status = DD_CLAIM_BELOW_MINIMUM;
	else if (dd_date_cmp(as_of, c->hard_deadline) > 0) c->status = DD_CLAIM_LOST;
	else if (dd_date_cmp(as_of, c->recommended_deadline) > 0) c->status = DD_CLAIM_LATE;
	else c->status = DD_CLAIM_OPEN;
	return 0;
}

int dd_claims_compute(const dd_book *book, const dd_claim_month *months, size_t nmonths, dd_month month, dd_date as_of,
		      dd_claims *out)
{
	dd_error_clear();
	memset(out, 0, sizeof *out);
	if (!book) return dd_error_set(DD_EUSAGE, "dd_claims_compute: the book is required");
	piece *p;
	size_t k;
	int rc = cut(book, &p, &k);
	if (rc) return rc;
	if (k > 1) qsort(p, k, sizeof *p, cmp_piece);
	size_t cap = 0;
	for (size_t a = 0; a < k && !rc;) {
		size_t b = a + 1;
		while (b < k && same_claim(&p[a], &p[b])) b++;
		if (month == DD_MONTH_NONE || p[a].month == month) {
			if (out->n == cap) {
				size_t nc = cap ? cap * 2 : 8;
				dd_claim *q = realloc(out->items, nc * sizeof *q);
				if (!q) {
					rc = dd_error_set(DD_ENOMEM, "sla: out of memory");
					break;
				}
				out->items = q;
				cap = nc;
			}
			rc = fill(book, &p[a], b - a, months, nmonths, as_of, &out->items[out->n]);
			out->n++;
		}
		a = b;
	}
	free(p);
	if (rc) dd_claims_dispose(out);
	return rc;
}

void dd_claims_dispose(dd_claims *c)
{
	if (!c) return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i].incidents);
		free((void *)c->items[i].accounts);
	}
	free(c->items);
	memset(c, 0, sizeof *c);
}
