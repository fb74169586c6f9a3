/* fc_series.c: the history cut into series and each series fitted. A
 * series is one (account, service, Marketplace or not, domain or not) and
 * one kind of charge the engine treats alike (usage, fees, tax, flat-rate,
 * each unknown type): the engine's grain without the charge types it nets
 * together (Usage, SavingsPlanNegation, ...), so a projection never
 * extrapolates one half of a netting pair. Support rows and AWS's own
 * credits and discounts are left out, as the engine leaves them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "forecast_int.h"

static const char *S(const char *s) { return s ? s : ""; }

typedef struct {
	const dd_charge *c;
	dd_charge_class cls;
	bool domain;
	int mi;              /* month index in the history */
} ref;

static const char *type_key(const ref *r)
{
	return r->cls == DD_CLASS_UNKNOWN ? S(r->c->charge_type) : "";
}

static int cmp_ref(const void *a, const void *b)
{
	const ref *x = a, *y = b;
	int c = strcmp(S(x->c->account), S(y->c->account));
	if (!c) c = strcmp(S(x->c->service), S(y->c->service));
	if (!c) c = (int)x->c->marketplace - (int)y->c->marketplace;
	if (!c) c = (int)x->domain - (int)y->domain;
	if (!c) c = (int)x->cls - (int)y->cls;
	if (!c) c = strcmp(type_key(x), type_key(y));
	if (!c) c = (x->mi > y->mi) - (x->mi < y->mi);
	return c;
}

static bool same_series(const ref *x, const ref *y)
{
	return !strcmp(S(x->c->account), S(y->c->account)) && !strcmp(S(x->c->service), S(y->c->service)) &&
	       x->c->marketplace == y->c->marketplace && x->domain == y->domain && x->cls == y->cls &&
	       !strcmp(type_key(x), type_key(y));
}

static const char *class_type(dd_charge_class c, const char *unknown)
{
	switch (c) {
	case DD_CLASS_USAGE: return "Usage";
	case DD_CLASS_FEE: return "Fee";
	case DD_CLASS_TAX: return "Tax";
	case DD_CLASS_FLAT: return "FlatRateSubscription";
	default: return unknown;
	}
}

/* The innovations the paths draw (dd__fc_deviations), centred. */
static int noise(dd__fc_series *s, const int *t, const double *y, int n)
{
	double *z = malloc((size_t)(n ? n : 1) * sizeof *z);
	if (!z) return dd_error_set(DD_ENOMEM, "forecast: out of memory");
	int k = dd__fc_deviations(&s->fit, t, y, n, z, &s->alpha, &s->level_end);
	if (k == 0) {
		free(z);
		s->ninnov = 0;
		return 0;
	}
	double c = 0;
	for (int i = 0; i < k; i++) c += z[i];
	c /= k;
	double infl = s->fit.noise_scale > 1 ? s->fit.noise_scale : 1;
	double *e = realloc(z, 2 * (size_t)k * sizeof *e);
	if (!e) {
		free(z);
		return dd_error_set(DD_ENOMEM, "forecast: out of memory");
	}
	/* each deviation and its mirror image: a one-off jump in the history
	 * widens the band both ways instead of tilting its middle */
	for (int i = 0; i < k; i++) {
		e[i] = (e[i] - c) * infl;
		e[k + i] = -e[i];
	}
	s->innov = e;
	s->ninnov = 2 * k;
	return 0;
}

static int fit_one(dd__fc_series *s, const dd_fc_options *o, const int *t, const double *y, int n, dd_month as_of,
		   int horizon)
{
	dd__fc_fit_series(o, t, y, n, as_of, &s->fit);
	s->nonneg = true;
	for (int i = 0; i < n; i++)
		if (y[i] < 0) s->nonneg = false;
	if (!(s->point = malloc((size_t)horizon * sizeof *s->point)))
		return dd_error_set(DD_ENOMEM, "forecast: out of memory");
	for (int k = 1; k <= horizon; k++) {
		double v = dd__fc_fit_value(&s->fit, k);
		if (!isfinite(v)) v = 0;
		s->point[k - 1] = s->nonneg && v < 0 ? 0 : v;
	}
	int rc = noise(s, t, y, n);
	if (!rc && o->method == DD_FC_AUTO)
		for (int k = 0; k < horizon; k++) s->point[k] *= exp(s->level_end * dd__fc_level_weight(s->fit.method));
	return rc;
}

static bool ramp_matches(const dd_ramp_step *st, const dd__fc_series *s)
{
	return !strcmp(st->account, s->account) &&
	       (!strcmp(st->service, s->service) || (s->service_name && !strcmp(st->service, s->service_name)));
}

static bool amount_target(const dd__fc_series *s)
{
	return s->cls == DD_CLASS_USAGE && !s->marketplace && !s->domain;
}

static int grow_series(dd__fc_model *m, size_t *cap)
{
	if (m->n < *cap) return 0;
	size_t nc = *cap ? *cap * 2 : 16;
	dd__fc_series *p = realloc(m->s, nc * sizeof *p);
	if (!p) return dd_error_set(DD_ENOMEM, "forecast: out of memory");
	m->s = p;
	*cap = nc;
	return 0;
}

/* Ramp steps: each step's series (growth: every series of its account and
 * service; amount: the usage series, made when the history has none). */
static int attach_ramp(dd__fc_model *m, size_t *cap, int horizon)
{
	const dd_ramp *r = m->ramp;
	if (!r) return 0;
	for (size_t i = 0; i < r->n; i++) {
		const dd_ramp_step *st = &r->steps[i];
		bool target = false;
		for (size_t j = 0; j < m->n; j++) {
			dd__fc_series *s = &m->s[j];
			if (!ramp_matches(st, s)) continue;
			if (st->has_amount && (!amount_target(s) || target)) continue;
			target = true;
			size_t *p = realloc(s->steps, (s->nsteps + 1) * sizeof *p);
			if (!p) return dd_error_set(DD_ENOMEM, "forecast: out of memory");
			s->steps = p;
			s->steps[s->nsteps++] = i;
		}
		if (target || !st->has_amount) continue;
		/* a new series for the plan: no history, no noise, only the ramp */
		int rc = grow_series(m, cap);
		if (rc) return rc;
		dd__fc_series *s = &m->s[m->n];
		memset(s, 0, sizeof *s);
		s->account = st->account;
		s->service = st->service;
		s->charge_type = "Usage";
		s->cls = DD_CLASS_USAGE;
		s->nonneg = true;
		s->fit.method = DD_FC_RUN_RATE;
		if (!(s->point = calloc((size_t)horizon, sizeof *s->point)) || !(s->steps = malloc(sizeof *s->steps)))
			return dd_error_set(DD_ENOMEM, "forecast: out of memory");
		s->steps[s->nsteps++] = i;
		m->n++;
	}
	return 0;
}

int dd__fc_model_build(const dd_fc_history *h, size_t n, const dd_fc_options *o, int horizon, dd__fc_model *m)
{
	memset(m, 0, sizeof *m);
	if (n == 0) return dd_error_set(DD_EINVALID, "forecast: no history");
	m->as_of = h[n - 1].month;
	m->horizon = horizon;
	m->ramp = o->ramp;
	m->seed = o->seed;
	m->scale_percent = dd_money_is_zero(o->scale_percent) ? dd_money_from_units(100) : o->scale_percent;
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		if (h[i].present) total += h[i].n;
	ref *refs = malloc((total ? total : 1) * sizeof *refs);
	int *t = malloc(n * sizeof *t);
	double *y = malloc(n * sizeof *y);
	int64_t *acc = malloc(n * sizeof *acc); /* a month's whole cents, exact */
	bool *seen = malloc(n * sizeof *seen);
	int rc = 0;
	if (!refs || !t || !y || !acc || !seen) {
		rc = dd_error_set(DD_ENOMEM, "forecast: out of memory for %zu charges of history", total);
		goto done;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!h[i].present) continue;
		for (size_t j = 0; j < h[i].n; j++) {
			const dd_charge *c = &h[i].charges[j];
			bool domain = c->cls != DD_CLASS_UNSET ? c->domain
							      : dd_is_domain_charge(c->domain, c->service, c->service_name);
			dd_charge_class cls = c->cls != DD_CLASS_UNSET
						      ? c->cls
						      : dd_classify_charge(c->charge_type, c->service, c->service_name);
			if (cls == DD_CLASS_SUPPORT || cls == DD_CLASS_AWS_APPLIED) continue;
			refs[k++] = (ref){c, cls, domain, (int)i};
		}
	}
	qsort(refs, k, sizeof *refs, cmp_ref);
	size_t cap = 0;
	for (size_t a = 0; a < k;) {
		size_t b = a + 1;
		while (b < k && same_series(&refs[a], &refs[b])) b++;
		for (size_t i = 0; i < n; i++) {
			acc[i] = 0;
			seen[i] = false;
		}
		const char *sname = NULL;
		for (size_t i = a; i < b; i++) {
			int64_t cents = 0;
			if ((rc = dd__fc_cents_in(refs[i].c->amount, &cents))) goto done;
			if (__builtin_add_overflow(acc[refs[i].mi], cents, &acc[refs[i].mi])) {
				rc = dd_error_set(DD_EOVERFLOW, "forecast: a month's charges are out of the model's range");
				goto done;
			}
			if (!dd_money_is_zero(refs[i].c->amount)) seen[refs[i].mi] = true;
			if (!sname && refs[i].c->service_name && *refs[i].c->service_name) sname = refs[i].c->service_name;
		}
		/* from the first month with a charge; months without data are not zeros */
		int nobs = 0;
		bool started = false;
		for (size_t i = 0; i < n; i++) {
			started |= seen[i];
			if (!started || !h[i].present) continue;
			t[nobs] = (int)i - (int)(n - 1);
			y[nobs++] = (double)acc[i]; /* the model's floating point starts here */
		}
		if (nobs > 0) {
			if ((rc = grow_series(m, &cap))) goto done;
			dd__fc_series *s = &m->s[m->n];
			memset(s, 0, sizeof *s);
			const dd_charge *c = refs[a].c;
			s->account = S(c->account);
			s->service = S(c->service);
			s->service_name = sname;
			s->marketplace = c->marketplace;
			s->domain = refs[a].domain;
			s->cls = refs[a].cls;
			s->charge_type = class_type(s->cls, S(c->charge_type));
			m->n++;
			if ((rc = fit_one(s, o, t, y, nobs, m->as_of, horizon))) goto done;
		}
		a = b;
	}
	rc = attach_ramp(m, &cap, horizon);
done:
	free(refs);
	free(t);
	free(y);
	free(acc);
	free(seen);
	if (rc) dd__fc_model_dispose(m);
	return rc;
}

void dd__fc_model_dispose(dd__fc_model *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->s[i].point);
		free(m->s[i].innov);
		free(m->s[i].steps);
	}
	free(m->s);
	memset(m, 0, sizeof *m);
}
