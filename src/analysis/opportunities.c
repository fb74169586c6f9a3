/* opportunities.c: credits not yet asked for (opportunities.h): what the
 * book holds per programme, each programme's trigger looked for in the
 * history and the forecast, the typical sizes of SPEC section 7 and when to
 * ask. The sentences carry the evidence with amounts as the tables print
 * them (thousands separators, cents), so a reader can check them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown/calendar.h"
#include "drawdown/classify.h"
#include "drawdown/opportunities.h"

static const char *const names[DD_OPP_COUNT] = {"edp",	       "map",	  "poc",     "graviton",
						"marketplace", "partner", "support", "sla"};
static const dd_credit_type types[DD_OPP_COUNT] = {
	DD_CREDIT_EDP,	       DD_CREDIT_MAP,	  DD_CREDIT_POC,     DD_CREDIT_GRAVITON,
	DD_CREDIT_MARKETPLACE, DD_CREDIT_PARTNER, DD_CREDIT_SUPPORT, DD_CREDIT_SLA};
/* Typical yearly grants for large enterprises (SPEC section 7, buyer-side
 * advisers' figures); 0 / 0: no published range. */
static const long long typical[DD_OPP_COUNT][2] = {
	{25000, 250000}, {100000, 1000000}, {5000, 25000}, {10000, 50000}, {5000, 100000}, {5000, 50000}, {0, 0}, {0, 0}};

const char *dd_opp_programme_name(dd_opp_programme p)
{
	return (unsigned)p < DD_OPP_COUNT ? names[p] : "?";
}

dd_credit_type dd_opp_credit_type(dd_opp_programme p)
{
	return (unsigned)p < DD_OPP_COUNT ? types[p] : DD_CREDIT_OTHER;
}

/* ---- text --------------------------------------------------------------- */

typedef struct {
	char *p;
	size_t len, cap;
	int rc;
} text;

static void tx_printf(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tx_printf(text *t, const char *fmt, ...)
{
	if (t->rc) return;
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (k < 0) {
		t->rc = dd_error_set(DD_EGENERIC, "opportunities: cannot format a sentence");
		return;
	}
	if (t->len + (size_t)k + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 128;
		while (cap < t->len + (size_t)k + 1) cap *= 2;
		char *p = realloc(t->p, cap);
		if (!p) {
			t->rc = dd_error_set(DD_ENOMEM, "out of memory");
			return;
		}
		t->p = p;
		t->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)k;
}

/* Hand the text over (NULL when nothing was written or on error). */
static char *tx_take(text *t, int *rc)
{
	if (t->rc) {
		if (!*rc) *rc = t->rc;
		free(t->p);
		t->p = NULL;
	}
	char *p = t->p;
	memset(t, 0, sizeof *t);
	return p;
}

static const char *cents(dd_money m, char *buf) { return dd_money_format_cents_grouped(m, buf); }

static const char *day(dd_date d, char *buf) { return dd_date_format(d, buf); }

static const char *month(dd_month m, char *buf) { return dd_month_format(m, buf); }

/* ---- what the history says --------------------------------------------- */

/* A charge of spend: every class but tax, support and AWS's own
 * application (as the forecast's backtest counts the actual gross). */
static bool is_spend(const dd_charge *c)
{
	dd_charge_class cls = c->cls != DD_CLASS_UNSET ? c->cls : dd_classify_charge(c->charge_type, c->service, c->service_name);
	return cls != DD_CLASS_SUPPORT && cls != DD_CLASS_AWS_APPLIED && cls != DD_CLASS_TAX;
}

static bool is_ec2(const dd_charge *c)
{
	static const char ec2_name[] = "Amazon Elastic Compute Cloud";
	if (c->marketplace || !c->service) return false;
	return strcmp(c->service, "AmazonEC2") == 0 || strcmp(c->service, ec2_name) == 0 ||
	       (c->service_name && strcmp(c->service_name, ec2_name) == 0);
}

static int add(dd_money *sum, dd_money v)
{
	if (dd_money_add_checked(*sum, v, sum)) return dd_error_set(DD_EOVERFLOW, "opportunities: a sum of spend is out of range");
	return 0;
}

/* Imported spend of history[from .. n-1], optionally only Marketplace or only EC2 lines. */
enum { ALL, MARKETPLACE, EC2 };
static int spend_of(const dd_fc_history *h, size_t from, size_t n, int which, dd_money *out)
{
	*out = dd_money_zero();
	for (size_t i = from; i < n; i++) {
		for (size_t j = 0; h[i].present && j < h[i].n; j++) {
			const dd_charge *c = &h[i].charges[j];
			if (!is_spend(c) || (which == MARKETPLACE && !c->marketplace) || (which == EC2 && !is_ec2(c))) continue;
			int rc = add(out, c->amount);
			if (rc) return rc;
		}
	}
	return 0;
}

/* One service's spend (of one month, or summed). */
typedef struct {
	const char *service;
	size_t first;   /* index of the month of its first charge */
	dd_money amount;
} svc;

static int cmp_svc_name(const void *x, const void *y)
{
	const svc *a = x, *b = y;
	int c = strcmp(a->service, b->service);
	if (c) return c;
	return (a->first > b->first) - (a->first < b->first);
}

/* Every spend charge of history[from .. n-1] (Marketplace ones only when
 * marketplace), merged per service: first month, total. *out malloc'd. */
static int services(const dd_fc_history *h, size_t from, size_t n, bool marketplace, svc **out, size_t *nout)
{
	size_t total = 0;
	*out = NULL;
	*nout = 0;
	for (size_t i = from; i < n; i++) total += h[i].present ? h[i].n : 0;
	svc *v = malloc((total ? total : 1) * sizeof *v);
	if (!v) return dd_error_set(DD_ENOMEM, "out of memory");
	size_t k = 0;
	for (size_t i = from; i < n; i++)
		for (size_t j = 0; h[i].present && j < h[i].n; j++) {
			const dd_charge *c = &h[i].charges[j];
			if (!is_spend(c) || dd_money_is_zero(c->amount) || (marketplace && !c->marketplace)) continue;
			v[k++] = (svc){c->service ? c->service : "", i, c->amount};
		}
	if (k > 1) qsort(v, k, sizeof *v, cmp_svc_name);
	size_t m = 0;
	for (size_t i = 0; i < k; i++) {
		if (m && strcmp(v[m - 1].service, v[i].service) == 0) {
			int rc = add(&v[m - 1].amount, v[i].amount);
			if (rc) {
				free(v);
				return rc;
			}
			continue;
		}
		v[m++] = v[i];
	}
	*out = v;
	*nout = m;
	return 0;
}

static int cmp_svc_amount(const void *x, const void *y)
{
	const svc *a = x, *b = y;
	int c = dd_money_cmp(b->amount, a->amount);
	return c ? c : strcmp(a->service, b->service);
}

static int cmp_svc_first(const void *x, const void *y)
{
	const svc *a = x, *b = y;
	if (a->first != b->first) return (a->first > b->first) - (a->first < b->first);
	return strcmp(a->service, b->service);
}

/* ---- the triggers ------------------------------------------------------- */

typedef struct {
	const dd_book *book;
	const dd_fc_history *h;
	size_t n;
	const dd_forecast *f;
	dd_opportunities *o;
	int rc;
} ctx;

/* "2026-01 to 2026-12" (or one month) of the last k months of history. */
static void window_text(text *t, const ctx *c, int k)
{
	char a[8], b[8];
	dd_month last = c->o->last;
	if (k == 1) tx_printf(t, "%s", month(last, a));
	else tx_printf(t, "%s to %s", month(last - (dd_month)(k - 1), a), month(last, b));
}

static void edp(ctx *c, dd_opportunity *op)
{
	const dd_agreement *ag = &c->book->agreement;
	dd_renewal_dates r;
	memset(&r, 0, sizeof r);
	char d1[11], d2[11], d3[11], a[DD_MONEY_STRMAX], b[DD_MONEY_STRMAX];
	bool dated = ag->present && dd_agreement_renewal(ag, &r) == 0;
	bool in_force = dated && dd_date_cmp(r.end, c->o->as_of) >= 0;
	text t = {0}, w = {0};
	if (in_force) {
		dd_date horizon = dd_date_add_months(c->o->as_of, DD_OPP_EDP_RENEWAL_MONTHS);
		if (dd_date_cmp(r.end, horizon) <= 0) {
			tx_printf(&t, "%s ends on %s, in %lld days (inside %d months): its renewal window %s on %s and the 60-day "
				      "mark is %s.",
				  ag->id, day(r.end, d1), (long long)dd_date_days_between(c->o->as_of, r.end),
				  DD_OPP_EDP_RENEWAL_MONTHS, dd_date_cmp(r.window_opens, c->o->as_of) <= 0 ? "opened" : "opens",
				  day(r.window_opens, d2), day(r.critical, d3));
		}
		tx_printf(&w,
			  "With the renewal of %s, beside its structural terms (discount, commitment, term, support), never "
			  "as a last-minute add-on: from the renewal window's opening on %s (9 months before the agreement "
			  "ends on %s), well before the 60-day mark of %s, after which little leverage is left. EDP credits "
			  "are often tiered across the term (e.g. 50,000 / 30,000 / 20,000).",
			  ag->id, day(r.window_opens, d1), day(r.end, d2), day(r.critical, d3));
		if (dd_date_cmp(r.window_opens, c->o->as_of) > 0) op->ask_on = r.window_opens;
	} else {
		dd_money limit = dd_money_from_units(DD_OPP_EDP_SPEND_PER_YEAR);
		if (c->o->spend_months > 0 && dd_money_cmp(c->o->spend_year, limit) > 0) {
			if (dated)
				tx_printf(&t, "%s ended on %s and no agreement is in force, ", ag->id, day(r.end, d1));
			else
				tx_printf(&t, "The book has no EDP agreement, ");
			tx_printf(&t, "and the last %d imported month%s (", c->o->spend_months, c->o->spend_months == 1 ? "" : "s");
			window_text(&t, c, c->o->spend_months);
			tx_printf(&t, ") billed %s of spend", cents(c->o->spend, a));
			if (c->o->spend_months != 12) tx_printf(&t, ", %s a year", cents(c->o->spend_year, b));
			tx_printf(&t, ": over the %s a year at which an EDP is usually offered.", cents(limit, a));
		}
		tx_printf(&w, "While negotiating the EDP, beside its structural terms (discount, commitment, term, support), "
			      "never as a last-minute add-on. EDP credits are often tiered across the term (e.g. 50,000 / "
			      "30,000 / 20,000).");
	}
	op->trigger = tx_take(&t, &c->rc);
	op->when = tx_take(&w, &c->rc);
}

/* The per-month P50 over the paths of the gross without the shortfall. */
static int ramp(ctx *c)
{
	dd_opportunities *o = c->o;
	const dd_forecast *f = c->f;
	if (!f || o->spend_months == 0) return 0;
	int k = o->spend_months < f->months ? o->spend_months : f->months;
	dd_money *v = malloc((size_t)(f->paths > 0 ? f->paths : 1) * sizeof *v);
	if (!v) return dd_error_set(DD_ENOMEM, "out of memory");
	int rc = spend_of(c->h, c->n - (size_t)k, c->n, ALL, &o->ramp_base);
	dd_money proj = dd_money_zero();
	for (int m = 0; !rc && m < k; m++) {
		for (int p = 0; p < f->paths; p++) {
			const dd_money *pm = &f->path_months[((size_t)p * (size_t)f->months + (size_t)m) * DD_FC_NFIELDS];
			v[p] = dd_money_sub(pm[DD_FC_GROSS], pm[DD_FC_SHORTFALL]);
		}
		rc = add(&proj, dd_fc_quantile(v, (size_t)f->paths, 50));
	}
	free(v);
	if (rc) return rc;
	o->ramp_months = k;
	o->ramp_projected = proj;
	if (dd_money_is_pos(o->ramp_base)) {
		/* floor((proj - base) x 1000 / base); amounts under 10^17 of
		 * currency, far beyond any bill, keep the product in range */
		dd_i128 diff = proj.v - o->ramp_base.v, lim = (dd_i128)1 << 116;
		if (diff > lim || diff < -lim) return dd_error_set(DD_EOVERFLOW, "opportunities: the ramp is out of range");
		dd_i128 q = diff * 1000 / o->ramp_base.v, r = diff * 1000 % o->ramp_base.v;
		if (r < 0) q--;
		o->has_ramp_percent = true;
		o->ramp_tenths = (long long)q;
	}
	return 0;
}

static void map(ctx *c, dd_opportunity *op)
{
	dd_opportunities *o = c->o;
	text t = {0}, w = {0};
	dd_money need;
	char a[DD_MONEY_STRMAX], b[DD_MONEY_STRMAX], m1[8], m2[8];
	if (o->ramp_months > 0 && dd_money_is_pos(o->ramp_base) &&
	    !dd_money_mul_percent(o->ramp_base, dd_money_from_units(100 + DD_OPP_MAP_RAMP_PERCENT), &need) &&
	    dd_money_cmp(o->ramp_projected, need) >= 0) {
		long long q = o->ramp_tenths;
		tx_printf(&t, "The forecast's P50 spend for the next %d month%s (%s to %s) is %s, %lld.%lld%% over the %s of the "
			      "last %d imported (",
			  o->ramp_months, o->ramp_months == 1 ? "" : "s", month(o->last + 1, m1),
			  month(o->last + (dd_month)o->ramp_months, m2), cents(o->ramp_projected, a), q / 10, q % 10,
			  cents(o->ramp_base, b), o->ramp_months);
		window_text(&t, c, o->ramp_months);
		tx_printf(&t, "): a ramp of %d%% or more, as a migration brings.", DD_OPP_MAP_RAMP_PERCENT);
	}
	tx_printf(&w, "Before the migration starts: MAP credits are tied to migration milestones and granted against "
		      "the migration plan, so ask with the plan (the ramp) and tag the migrated resources map-migrated "
		      "from the first day.");
	op->trigger = tx_take(&t, &c->rc);
	op->when = tx_take(&w, &c->rc);
}

static void poc(ctx *c, dd_opportunity *op)
{
	text t = {0}, w = {0};
	char a[DD_MONEY_STRMAX], m1[8];
	if (c->n > DD_OPP_POC_NEW_MONTHS) {
		svc *v = NULL;
		size_t nv = 0;
		if (!c->rc) c->rc = services(c->h, 0, c->n, false, &v, &nv);
		size_t from = c->n - DD_OPP_POC_NEW_MONTHS, k = 0;
		for (size_t i = 0; i < nv; i++)
			if (v[i].first >= from) v[k++] = v[i];
		if (k > 1) qsort(v, k, sizeof *v, cmp_svc_first);
		for (size_t i = 0; i < k; i++) {
			if (i == 0) {
				tx_printf(&t, "%s first billed in the last %d imported months (", k == 1 ? "A service" : "Services",
					  DD_OPP_POC_NEW_MONTHS);
				window_text(&t, c, DD_OPP_POC_NEW_MONTHS);
				tx_printf(&t, "), as an evaluation is: ");
			}
			tx_printf(&t, "%s%s (first billed %s, %s since)", i ? ", " : "", v[i].service,
				  month(c->h[v[i].first].month, m1), cents(v[i].amount, a));
		}
		if (k) tx_printf(&t, ".");
		free(v);
	}
	tx_printf(&w, "While the new services are under evaluation, before the spend grows: POC credits cover the "
		      "specific services named in the ask, for the length of the evaluation.");
	op->trigger = tx_take(&t, &c->rc);
	op->when = tx_take(&w, &c->rc);
}

/* The latest-expiring credit of a type (to name what lapsed), or NULL. */
static const dd_credit *last_of_type(const dd_book *b, dd_credit_type type)
{
	const dd_credit *best = NULL;
	for (size_t i = 0; i < b->ncredits; i++)
		if (b->credits[i].type == type && (!best || dd_date_cmp(b->credits[i].expires, best->expires) > 0))
			best = &b->credits[i];
	return best;
}

static void graviton(ctx *c, dd_opportunity *op)
{
	text t = {0}, w = {0};
	char a[DD_MONEY_STRMAX], m1[8], d1[11], d2[11];
	dd_money ec2 = dd_money_zero();
	if (c->n && !c->rc) c->rc = spend_of(c->h, c->n - 1, c->n, EC2, &ec2);
	if (dd_money_is_pos(ec2) && dd_money_is_zero(op->held)) {
		tx_printf(&t, "EC2 billed %s in %s, the last imported month, and the book holds no Graviton credit expiring "
			      "on or after %s",
			  cents(ec2, a), month(c->o->last, m1), day(c->o->as_of, d1));
		const dd_credit *lapsed = last_of_type(c->book, DD_CREDIT_GRAVITON);
		if (lapsed) tx_printf(&t, " (%s expired on %s)", lapsed->id, day(lapsed->expires, d2));
		tx_printf(&t, ".");
	}
	tx_printf(&w, "With a Graviton adoption roadmap (which EC2 workloads move to Graviton instances, and when), "
		      "before the move, beside the EDP terms.");
	op->trigger = tx_take(&t, &c->rc);
	op->when = tx_take(&w, &c->rc);
}

static void marketplace(ctx *c, dd_opportunity *op)
{
	text t = {0}, w = {0};
	char a[DD_MONEY_STRMAX];
	int k = c->o->spend_months;
	svc *v = NULL;
	size_t nv = 0;
	if (k > 0 && !c->rc) c->rc = services(c->h, c->n - (size_t)k, c->n, true, &v, &nv);
	dd_money total = dd_money_zero();
	for (size_t i = 0; i < nv && !c->rc; i++) c->rc = add(&total, v[i].amount);
	if (dd_money_is_pos(total)) {
		if (nv > 1) qsort(v, nv, sizeof *v, cmp_svc_amount);
		tx_printf(&t, "Marketplace purchases billed %s in the last %d imported month%s (", cents(total, a), k,
			  k == 1 ? "" : "s");
		window_text(&t, c, k);
		tx_printf(&t, "): ");
		size_t shown = nv < 5 ? nv : 5;
		for (size_t i = 0; i < shown; i++) tx_printf(&t, "%s%s %s", i ? ", " : "", v[i].service, cents(v[i].amount, a));
		if (nv > shown) tx_printf(&t, " and %zu more", nv - shown);
		tx_printf(&t, ".");
	}
	free(v);
	tx_printf(&w, "In the seller's private offer, before the next purchase or renewal of the subscription "
		      "(Marketplace spend also counts toward the EDP commitment up to its cap).");
	op->trigger = tx_take(&t, &c->rc);
	op->when = tx_take(&w, &c->rc);
}

static void partner(ctx *c, dd_opportunity *op)
{
	text w = {0};
	tx_printf(&w, "At a partner programme's kick-off, through the partner: billing data does not tell a partner "
		      "purchase apart, so drawdown looks for no trigger.");
	op->when = tx_take(&w, &c->rc);
}

/* "2026-10-03 14:05 UTC" */
static void when_text(text *t, int64_t s)
{
	char d[11];
	int64_t sec = s % 86400;
	if (sec < 0) sec += 86400;
	tx_printf(t, "%s %02d:%02d UTC", day(dd_epoch_date(s), d), (int)(sec / 3600), (int)(sec % 3600 / 60));
}

static void duration_text(text *t, int64_t seconds)
{
	int64_t m = seconds / 60;
	if (m >= 60) tx_printf(t, "%lld h %02lld min", (long long)(m / 60), (long long)(m % 60));
	else tx_printf(t, "%lld min", (long long)m);
}

/* Whether incident i started on or before as_of. */
static bool started(const dd_incident *inc, dd_date as_of)
{
	return dd_date_cmp(dd_epoch_date(inc->start), as_of) <= 0;
}

/* The hard deadline of an SLA claim: the end of the second billing cycle
 * after the incident's month (SPEC section 6). */
static dd_date sla_deadline(const dd_incident *inc)
{
	return dd_month_last_day(dd_date_month(dd_epoch_date(inc->start)) + 2);
}

static void incident_text(text *t, const dd_incident *inc)
{
	tx_printf(t, "%s (%s, %s", inc->id, inc->service, dd_sla_name(inc->sla));
	if (inc->region) tx_printf(t, ", %s", inc->region);
	tx_printf(t, ", from ");
	when_text(t, inc->start);
	tx_printf(t, " for ");
	duration_text(t, inc->end - inc->start);
	tx_printf(t, ")");
}

static void incidents(ctx *c, dd_opportunity *op, bool sla)
{
	text t = {0}, w = {0};
	char d1[11], d2[11];
	size_t k = 0;
	for (size_t i = 0; i < c->book->nincidents; i++) {
		const dd_incident *inc = &c->book->incidents[i];
		if (!started(inc, c->o->as_of) || (sla && dd_date_cmp(sla_deadline(inc), c->o->as_of) < 0)) continue;
		if (k++ == 0) tx_printf(&t, "%s", sla ? "Incidents whose SLA claim can still be filed: " : "Incidents in the book: ");
		else tx_printf(&t, "; ");
		incident_text(&t, inc);
		if (!sla && inc->impact) tx_printf(&t, ", impact: %s", inc->impact);
		if (sla) {
			dd_date rec = dd_date_add_days(dd_epoch_date(inc->end), 30);
			tx_printf(&t, ", to file by %s (30 days after it ended%s), by %s at the latest", day(rec, d1),
				  dd_date_cmp(rec, c->o->as_of) < 0 ? ", passed" : "", day(sla_deadline(inc), d2));
		}
	}
	if (k) tx_printf(&t, ".");
	if (sla)
		tx_printf(&w, "After a breach, within 30 days of the incident and by the end of the second billing cycle after "
			      "its month at the latest: the credit is the SLA's tier percent of the affected service's "
			      "charges in the affected accounts that month, applied to future bills.");
	else
		tx_printf(&w, "Soon after an incident, as goodwill, with its record (what failed, for how long, which "
			      "systems and accounts, what it cost; drawdown brief --for goodwill). AWS publishes no typical "
			      "range for support or goodwill credits: the ask is sized on what the incident cost.");
	op->trigger = tx_take(&t, &c->rc);
	op->when = tx_take(&w, &c->rc);
}

/* ---- the whole --------------------------------------------------------- */

void dd_opportunities_dispose(dd_opportunities *o)
{
	if (!o) return;
	for (size_t i = 0; o->items && i < o->n; i++) {
		free(o->items[i].trigger);
		free(o->items[i].when);
	}
	free(o->items);
	memset(o, 0, sizeof *o);
}

int dd_opportunities_find(const dd_book *book, const dd_fc_history *history, size_t n, const dd_forecast *forecast,
			  dd_date as_of, dd_opportunities *out)
{
	dd_error_clear();
	memset(out, 0, sizeof *out);
	out->last = DD_MONTH_NONE;
	if (!book || (n && !history)) return dd_error_set(DD_EUSAGE, "dd_opportunities_find: the book and the history are required");
	if (forecast && (n == 0 || forecast->as_of != history[n - 1].month))
		return dd_error_set(DD_EUSAGE, "dd_opportunities_find: the forecast was not run on this history");
	if (!(out->items = calloc(DD_OPP_COUNT, sizeof *out->items))) return dd_error_set(DD_ENOMEM, "out of memory");
	out->n = DD_OPP_COUNT;
	out->as_of = as_of;
	ctx c = {book, history, n, forecast, out, 0};
	if (n) {
		out->last = history[n - 1].month;
		out->spend_months = n < 12 ? (int)n : 12;
		c.rc = spend_of(history, n - (size_t)out->spend_months, n, ALL, &out->spend);
		if (!c.rc && dd_money_muldiv(out->spend, 12, out->spend_months, &out->spend_year))
			c.rc = dd_error_set(DD_EOVERFLOW, "opportunities: the yearly spend is out of range");
	}
	if (!c.rc) c.rc = ramp(&c);
	for (int p = 0; p < DD_OPP_COUNT && !c.rc; p++) {
		dd_opportunity *op = &out->items[p];
		op->programme = (dd_opp_programme)p;
		op->type = types[p];
		op->ask_on = as_of;
		op->held = dd_money_zero();
		for (size_t i = 0; i < book->ncredits && !c.rc; i++)
			if (book->credits[i].type == op->type && dd_date_cmp(book->credits[i].expires, as_of) >= 0)
				c.rc = add(&op->held, book->credits[i].amount);
		if (typical[p][1]) {
			op->has_typical = true;
			op->typical_low = dd_money_from_units(typical[p][0]);
			op->typical_high = dd_money_from_units(typical[p][1]);
		}
		if (c.rc) break;
		switch (p) {
		case DD_OPP_EDP: edp(&c, op); break;
		case DD_OPP_MAP: map(&c, op); break;
		case DD_OPP_POC: poc(&c, op); break;
		case DD_OPP_GRAVITON: graviton(&c, op); break;
		case DD_OPP_MARKETPLACE: marketplace(&c, op); break;
		case DD_OPP_PARTNER: partner(&c, op); break;
		case DD_OPP_SUPPORT: incidents(&c, op, false); break;
		case DD_OPP_SLA: incidents(&c, op, true); break;
		}
	}
	if (c.rc) {
		int rc = c.rc;
		dd_opportunities_dispose(out);
		return rc;
	}
	return 0;
}
