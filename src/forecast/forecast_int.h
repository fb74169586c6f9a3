/* forecast_int.h: what the forecast's files share (fc_model.c fits the
 * series, fc_paths.c turns a path into charges, forecast.c runs the engine
 * over the paths and sums them up). Not API. */
#ifndef DD_FORECAST_INT_H
#define DD_FORECAST_INT_H

#include "drawdown/forecast.h"

/* fc_cents.c: the model's only contact with money, in integers. Amounts
 * enter it as a count of whole cents (dd_money rounded half-even to the
 * cent) and leave it as one; the model turns its floating-point values into
 * whole cents itself (dd__fc_model_cents, fc_paths.c). DD_EOVERFLOW out of
 * range. */
int dd__fc_cents_in(dd_money m, int64_t *cents);
dd_money dd__fc_cents_out(int64_t cents);
/* A model value (a count of cents, in floating point) to the nearest whole
 * cent; DD_EOVERFLOW when it is not finite or past 9e15 cents. */
int dd__fc_model_cents(double v, int64_t *cents);

/* A fitted method: value(t) for t in months relative to the as-of month
 * (0 = as-of, 1 = the first projected month, negative = history). */
typedef struct {
	dd_fc_method method;   /* never AUTO */
	int window;            /* observations used */
	double a, b;           /* trend: a + b t; run-rate: a; growth: base a, monthly factor b */
	double b_hist;         /* growth: the factor fitted on the history (b when no rate is given),
				  which the residuals are measured against */
	double season[12];     /* seasonal factors by calendar month (1 elsewhere) */
	dd_month as_of;        /* for the calendar month of t */
	double slope_se;       /* the standard error of the slope, relative to the level at t = 0
				  (log scale for growth): how far the line may be off per month ahead */
	double noise_scale;    /* >= 1: how much wider the method's errors were out of sample */
	int base_window;       /* growth: the months the base averages (its in-sample value is
				  centred on them) */
} dd__fc_fit;

double dd__fc_fit_value(const dd__fc_fit *f, int t);

/* Fit `method` (not AUTO) with `window` (0: default) on observations
 * (t[i], y[i]), i < n, t increasing, t <= 0. growth: *growth_percent when
 * given, else fitted; its base is the run-rate of the last `base` months
 * (0: 3, or the window when shorter). Always succeeds (n >= 1). */
void dd__fc_fit_method(dd_fc_method method, int window, int base, const double *growth_percent, const int *t,
		       const double *y, int n, dd_month as_of, dd__fc_fit *out);

/* The noise of a series, from its own history: the log deviations
 * z = log(y / fit) of the last DD_FC_NOISE_MONTHS observations from the
 * fit, smoothed as a local level (simple exponential smoothing with the
 * weight alpha, 0 .. 1 in steps of 0.05, that fits them best). alpha says
 * how much of a month's shock persists: near 0 the deviations are white
 * noise around the method (bands as wide at 36 months as at 1), near 1 a
 * random walk, as spend moves (bands widen as the square root of the
 * horizon). Fills z[0 .. k-1] (scratch of n) with the one-step deviations
 * from the level and returns k (0: no noise); *level is the level at the
 * last observation, the part of the latest deviation that persists. */
#define DD_FC_NOISE_MONTHS 48
double dd__fc_level_weight(dd_fc_method m);
int dd__fc_deviations(const dd__fc_fit *f, const int *t, const double *y, int n, double *z, double *alpha,
		      double *level);

/* auto: the method with the least absolute error on the series' own last
 * months (see docs/forecast.md); a series with fewer than 6 observations
 * gets run-rate over all of them. */
void dd__fc_fit_series(const dd_fc_options *o, const int *t, const double *y, int n, dd_month as_of,
		       dd__fc_fit *out);

/* One projected series. */
typedef struct {
	const char *account, *service, *service_name, *charge_type;
	bool marketplace, domain;
	dd_charge_class cls;
	dd__fc_fit fit;
	double *point;         /* [horizon]: point[k-1] = the method's value at month k, in cents */
	double *innov;         /* centred innovations of the relative residuals */
	int ninnov;
	double alpha;          /* how much of each shock persists (0 white noise .. 1 random walk) */
	double level_end;      /* the smoothed log deviation at the as-of month */
	bool nonneg;           /* history never below 0: paths are clamped at 0 */
	/* ramp steps that touch the series, by index in the ramp */
	size_t *steps; size_t nsteps;
} dd__fc_series;

/* The projection model of a history: every series, fitted. */
typedef struct {
	dd_month as_of;
	int horizon;           /* months projected (point[] length) */
	dd__fc_series *s; size_t n;
	const dd_ramp *ramp;
	uint64_t seed;
	dd_money scale_percent; /* every amount x this / 100 (100: as projected) */
} dd__fc_model;

int dd__fc_model_build(const dd_fc_history *h, size_t n, const dd_fc_options *o, int horizon,
		       dd__fc_model *m);
void dd__fc_model_dispose(dd__fc_model *m);

/* Per-path noise state of every series (the persistent level). */
typedef struct {
	double *level;         /* [model n] */
	double slope;          /* the path's draw of slope error, N(0, 1), shared by every series */
} dd__fc_pathstate;

int dd__fc_pathstate_init(dd__fc_pathstate *ps, const dd__fc_model *m);
void dd__fc_pathstate_dispose(dd__fc_pathstate *ps);
void dd__fc_path_begin(dd__fc_pathstate *ps, const dd__fc_model *m, uint64_t path);

/* Path p's charges of month k (1-based, consecutive from 1 after
 * dd__fc_path_begin) into out[0 .. m->n-1]; *nout of them (zero amounts
 * are left out). *gross: their sum without tax. DD_EOVERFLOW if a value
 * is out of range. */
int dd__fc_path_month(const dd__fc_model *m, dd__fc_pathstate *ps, uint64_t p, int k, dd_charge *out,
		      size_t *nout, dd_money *gross);

#endif
