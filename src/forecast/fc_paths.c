/* fc_paths.c: one Monte Carlo path's charges, month by month. A path draws
 * one position in the residual window per month, shared by every series
 * (whole residual months, so services move together), from a counter-based
 * generator: the draw of (seed, path, month) does not depend on the order
 * paths are run in, on threads, or on how far a path is run, so paths
 * extended past the horizon (months_needed) see the same months first. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "forecast_int.h"

/* The model's side of the boundary with money (fc_cents.c): its value,
 * a count of cents in floating point, to the nearest whole cent. */
int dd__fc_model_cents(double v, int64_t *cents)
{
	double c = nearbyint(v);
	if (!isfinite(c) || fabs(c) > 9e15)
		return dd_error_set(DD_EOVERFLOW, "forecast: a projected amount is out of range (%g cents)", v);
	*cents = (int64_t)c;
	return 0;
}

/* splitmix64 (Steele, Lea, Flood 2014): a strong 64-bit mixer, enough for
 * a bootstrap index; written here because it is four lines. */
static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ULL;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

static double draw(uint64_t seed, uint64_t path, int k)
{
	uint64_t x = mix(mix(mix(seed) ^ path) ^ (uint64_t)k);
	return (double)(x >> 11) * (1.0 / 9007199254740992.0);
}

int dd__fc_pathstate_init(dd__fc_pathstate *ps, const dd__fc_model *m)
{
	ps->level = calloc(m->n ? m->n : 1, sizeof *ps->level);
	return ps->level ? 0 : dd_error_set(DD_ENOMEM, "forecast: out of memory");
}

void dd__fc_pathstate_dispose(dd__fc_pathstate *ps)
{
	free(ps->level);
	ps->level = NULL;
}

void dd__fc_path_begin(dd__fc_pathstate *ps, const dd__fc_model *m, uint64_t path)
{
	memset(ps->level, 0, (m->n ? m->n : 1) * sizeof *ps->level);
	/* Box-Muller from two draws no month uses (counters 0 and -1) */
	double u1 = draw(m->seed, path, 0), u2 = draw(m->seed, path, -1);
	ps->slope = sqrt(-2 * log(1 - u1)) * cos(6.283185307179586 * u2);
}

static bool step_active(const dd_ramp_step *st, dd_month month)
{
	return month >= st->from && (st->until == DD_MONTH_NONE || month <= st->until);
}

int dd__fc_path_month(const dd__fc_model *m, dd__fc_pathstate *ps, uint64_t p, int k, dd_charge *out,
		      size_t *nout, dd_money *gross)
{
	double u = draw(m->seed, p, k);
	dd_month month = m->as_of + k;
	size_t no = 0;
	dd_money g = dd_money_zero();
	for (size_t i = 0; i < m->n; i++) {
		const dd__fc_series *s = &m->s[i];
		double v = k <= m->horizon ? s->point[k - 1] : 0;
		if (s->ninnov > 0) {
			double e = s->innov[(int)(u * s->ninnov)];
			double z = ps->level[i] + e + ps->slope * s->fit.slope_se * k;
			ps->level[i] += s->alpha * e;
			v *= exp(z); /* log deviations: the median stays on the method */
		}
		if (s->nonneg && v < 0) v = 0;
		int64_t cents = 0; /* set when rc is 0; GCC -O3 cannot see it */
		int rc = dd__fc_model_cents(v, &cents);
		if (rc) return rc;
		dd_money a = dd__fc_cents_out(cents);
		for (size_t j = 0; j < s->nsteps; j++) {
			const dd_ramp_step *st = &m->ramp->steps[s->steps[j]];
			if (!step_active(st, month)) continue;
			dd_money f;
			if (st->has_growth &&
			    (rc = dd_money_mul_percent(a, dd_money_add(dd_money_from_units(100), st->growth_percent), &f)))
				return dd_error_set(rc, "forecast: the ramp's growth is out of range");
			if (st->has_growth) a = f;
			if (st->has_amount && dd_money_add_checked(a, st->amount, &a))
				return dd_error_set(DD_EOVERFLOW, "forecast: the ramp's amount is out of range");
		}
		if (m->scale_percent.v != 100 * DD_MONEY_SCALE && dd_money_mul_percent(a, m->scale_percent, &a))
			return dd_error_set(DD_EOVERFLOW, "forecast: a scaled amount is out of range");
		if (dd_money_is_zero(a)) continue;
		out[no++] = (dd_charge){
			.account = s->account,
			.service = s->service,
			.service_name = s->service_name,
			.charge_type = s->charge_type,
			.marketplace = s->marketplace,
			.domain = s->domain,
			.cls = s->cls,
			.amount = a,
		};
		if (s->cls != DD_CLASS_TAX && dd_money_add_checked(g, a, &g))
			return dd_error_set(DD_EOVERFLOW, "forecast: a month's projected gross is out of range");
	}
	*nout = no;
	*gross = g;
	return 0;
}
