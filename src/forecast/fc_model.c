/* fc_model.c: the forecast's methods (run-rate, trend, growth, seasonal and
 * the automatic choice among them) and the noise each series carries into
 * the paths. Floating point is allowed here and only here: it models growth;
 * fc_paths.c rounds every projected amount to the cent before the exact
 * engine runs on it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "forecast_int.h"

static int default_window(dd_fc_method m)
{
	switch (m) {
	case DD_FC_RUN_RATE: return 3;
	case DD_FC_SEASONAL: return 36;
	default: return 12;
	}
}

static int calendar_month(dd_month as_of, int t) { return (int)(((as_of + t) % 12 + 12) % 12); }

double dd__fc_fit_value(const dd__fc_fit *f, int t)
{
	double v;
	switch (f->method) {
	case DD_FC_TREND: v = f->a + f->b * t; break;
	case DD_FC_SEASONAL: v = (f->a + f->b * t) * f->season[calendar_month(f->as_of, t)]; break;
	case DD_FC_GROWTH: /* the base is the mean of its months: in the history, centred on them */
		v = t > 0 ? f->a * pow(f->b, t) : f->a * pow(f->b_hist, t + (f->base_window - 1) / 2.0);
		break;
	default: v = f->a; break;
	}
	return v;
}

static double mean_last(const double *y, int n, int w)
{
	if (w > n) w = n;
	double s = 0;
	for (int i = n - w; i < n; i++) s += y[i];
	return w > 0 ? s / w : 0;
}

/* Least squares a + b t over the last w observations (weights: x[i] = 1 or
 * a seasonal divisor). */
static void line_fit(const int *t, const double *y, const double *div, int n, int w, double *a, double *b)
{
	if (w > n) w = n;
	double st = 0, sy = 0, stt = 0, sty = 0;
	for (int i = n - w; i < n; i++) {
		double yi = div ? y[i] / div[i] : y[i];
		st += t[i];
		sy += yi;
		stt += (double)t[i] * t[i];
		sty += t[i] * yi;
	}
	double den = w * stt - st * st;
	if (w < 2 || den == 0) {
		*a = w > 0 ? sy / w : 0;
		*b = 0;
		return;
	}
	*b = (w * sty - st * sy) / den;
	*a = (sy - *b * st) / w;
}

/* Seasonal factors by calendar month as classical decomposition takes
 * them: each month over the centred 2x12 moving average around it, averaged
 * per calendar month and scaled to a mean of 1. Then the line, least
 * squares over the window on the values divided by their factor. */
static void fit_seasonal(const int *t, const double *y, int n, int w, dd_month as_of, dd__fc_fit *f)
{
	if (w > n) w = n;
	int t0 = t[n - w], len = t[n - 1] - t0 + 1;
	double *d = malloc((size_t)len * sizeof *d), *div = malloc((size_t)n * sizeof *div);
	bool *has = calloc((size_t)len, sizeof *has);
	double sum[12] = {0};
	int cnt[12] = {0}, months = 0;
	if (d && div && has) {
		for (int i = n - w; i < n; i++) {
			d[t[i] - t0] = y[i];
			has[t[i] - t0] = true;
		}
		for (int j = 6; j + 6 < len; j++) {
			bool full = true;
			double ma = 0;
			for (int k = j - 6; k <= j + 6 && full; k++) {
				full = has[k];
				ma += (k == j - 6 || k == j + 6 ? 0.5 : 1) * d[k];
			}
			if (!full || !(ma > 0)) continue;
			int c = calendar_month(as_of, t0 + j);
			sum[c] += d[j] / (ma / 12);
			cnt[c]++;
		}
		double tot = 0;
		for (int c = 0; c < 12; c++)
			if (cnt[c]) {
				f->season[c] = sum[c] / cnt[c];
				tot += f->season[c];
				months++;
			}
		if (months && tot > 0)
			for (int c = 0; c < 12; c++) f->season[c] = cnt[c] ? f->season[c] * months / tot : 1;
		for (int i = 0; i < n; i++) {
			double s = f->season[calendar_month(as_of, t[i])];
			div[i] = s > 0 ? s : 1;
		}
	}
	if (months < 12) { /* gaps: no factors; the line alone */
		for (int c = 0; c < 12; c++) f->season[c] = 1;
		f->method = DD_FC_TREND;
		line_fit(t, y, NULL, n, w, &f->a, &f->b);
	} else {
		line_fit(t, y, div, n, w, &f->a, &f->b);
	}
	free(d);
	free(div);
	free(has);
}

/* The slope's standard error of a fitted line (trend, seasonal: on the
 * deseasonalised values; growth: of the log-linear fit), relative to the
 * level at the last observation. */
static void dd__fc_fit_one(dd_fc_method method, int window, int base, const double *growth_percent, const int *t,
			   const double *y, int n, dd_month as_of, dd__fc_fit *f);

static double slope_se(const dd__fc_fit *f, const int *t, const double *y, int n, bool logs)
{
	int w = f->window < n ? f->window : n, k = 0;
	if (w < 4) return 0;
	double st = 0, stt = 0, rr = 0;
	for (int i = n - w; i < n; i++) {
		double v = dd__fc_fit_value(f, t[i]);
		if (logs && (v <= 0 || y[i] <= 0)) continue;
		double s = f->method == DD_FC_SEASONAL ? f->season[calendar_month(f->as_of, t[i])] : 1;
		double r = logs ? log(y[i] / v) : (y[i] - v) / (s > 0 ? s : 1);
		rr += r * r;
		st += t[i];
		stt += (double)t[i] * t[i];
		k++;
	}
	if (k < 4) return 0;
	double sxx = stt - st * st / k, level = logs ? 1 : f->a;
	if (sxx <= 0 || level <= 0) return 0;
	return sqrt(rr / (k - 2) / sxx) / level;
}

void dd__fc_fit_method(dd_fc_method method, int window, int base, const double *growth_percent, const int *t,
		       const double *y, int n, dd_month as_of, dd__fc_fit *f)
{
	dd__fc_fit_one(method, window, base, growth_percent, t, y, n, as_of, f);
	if (f->method == DD_FC_TREND || f->method == DD_FC_SEASONAL) f->slope_se = slope_se(f, t, y, n, false);
	else if (f->method == DD_FC_GROWTH && !growth_percent) f->slope_se = slope_se(f, t, y, n, true);
}

static void dd__fc_fit_one(dd_fc_method method, int window, int base, const double *growth_percent, const int *t,
			   const double *y, int n, dd_month as_of, dd__fc_fit *f)
{
	memset(f, 0, sizeof *f);
	for (int c = 0; c < 12; c++) f->season[c] = 1;
	f->as_of = as_of;
	if (method == DD_FC_AUTO) method = DD_FC_RUN_RATE;
	int w = window > 0 ? window : default_window(method);
	f->method = method;
	f->window = w < n ? w : n;
	switch (method) {
	case DD_FC_TREND:
		line_fit(t, y, NULL, n, w, &f->a, &f->b);
		break;
	case DD_FC_SEASONAL:
		if (n < 24 || w < 24) {
			f->method = DD_FC_TREND;
			w = window > 0 ? window : 12;
			f->window = w < n ? w : n;
			line_fit(t, y, NULL, n, w, &f->a, &f->b);
			break;
		}
		fit_seasonal(t, y, n, w, as_of, f);
		break;
	case DD_FC_GROWTH: {
		/* base: the run-rate (3 months, or the window when shorter); per month
		 * the factor of the yearly rate given, or of the log-linear fit */
		int bw = base > 0 ? base : window > 0 && window < 3 ? window : 3;
		f->a = mean_last(y, n, bw);
		f->base_window = bw < n ? bw : n;
		/* the history's own rate: the mean month-on-month log change over
		 * the window (compound growth, as CAGR), shrunk toward none by its
		 * own uncertainty, d^2 / (d^2 + 2 se^2): a rate the history barely
		 * shows is not compounded for years */
		int m = w < n ? w : n, k = 0;
		double sum = 0, sq = 0, b = 0;
		for (int i = n - m + 1; i < n; i++)
			if (t[i] == t[i - 1] + 1 && y[i] > 0 && y[i - 1] > 0) {
				double d = log(y[i] / y[i - 1]);
				sum += d;
				sq += d * d;
				k++;
			}
		if (k >= 2) {
			double d = sum / k, var = (sq - k * d * d) / (k - 1), se2 = var > 0 ? var / k : 0;
			b = d * d + 2 * se2 > 0 ? d * d * d / (d * d + 2 * se2) : 0;
		}
		f->b_hist = exp(b);
		double g = growth_percent ? *growth_percent : (exp(12 * b) - 1) * 100;
		if (g < -100) g = -100;
		f->b = pow(1 + g / 100, 1.0 / 12);
		break;
	}
	default:
		f->method = DD_FC_RUN_RATE;
		f->a = mean_last(y, n, w);
		break;
	}
}

double dd__fc_level_weight(dd_fc_method m)
{
	/* a seasonal fit's level is its line; elsewhere the smoothed level is
	 * where the series is now */
	return m == DD_FC_SEASONAL ? 0 : 1;
}

int dd__fc_deviations(const dd__fc_fit *f, const int *t, const double *y, int n, double *z, double *alpha,
		      double *level)
{
	int w = n < DD_FC_NOISE_MONTHS ? n : DD_FC_NOISE_MONTHS, k = 0;
	for (int i = n - w; i < n; i++) {
		double v = dd__fc_fit_value(f, t[i]);
		if (v > 1e-9 && y[i] > 1e-9) {
			double r = log(y[i] / v);
			z[k++] = r < -1.5 ? -1.5 : r > 1.5 ? 1.5 : r;
		}
	}
	*alpha = 0;
	*level = 0;
	bool any = false;
	for (int i = 0; i < k; i++) any |= fabs(z[i]) > 1e-12;
	if (k < 3 || !any) return 0; /* too little to measure, or no noise at all */
	double l0 = (z[0] + z[1] + z[2]) / 3, best = INFINITY;
	for (int g = 0; g <= 20; g++) {
		double a = g / 20.0, l = l0, sse = 0;
		for (int i = 0; i < k; i++) {
			double e = z[i] - l;
			sse += e * e;
			l += a * e;
		}
		if (sse < best - 1e-15) {
			best = sse;
			*alpha = a;
			*level = l;
		}
	}
	/* z[i] becomes the one-step deviation from the level */
	double l = l0;
	for (int i = 0; i < k; i++) {
		double e = z[i] - l;
		l += *alpha * e;
		z[i] = e;
	}
	return k;
}

/* auto's candidates. A seasonal series: the seasonal method at three
 * windows, the one with the least error on its own last months. Any other:
 * growth from the month's smoothed level at the history's compound rate,
 * shrunk by its uncertainty (base 1 with the level: simple exponential
 * smoothing plus a drift the history must show). On the accuracy bench
 * (bench/forecast_accuracy.sh) every selection among the non-seasonal
 * methods did worse than that one model, by the noise of selecting on a
 * few months; docs/forecast.md has the figures. */
static const struct {
	dd_fc_method method;
	int window, base;
} candidates[] = {
	{DD_FC_GROWTH, 48, 1}, {DD_FC_SEASONAL, 36, 0}, {DD_FC_SEASONAL, 24, 0}, {DD_FC_SEASONAL, 60, 0},
};

#define AUTO_ORIGINS 12 /* the last months each candidate is scored on */
#define AUTO_AHEAD 12   /* months ahead from each origin */

/* Whether the series is seasonal: its autocorrelation at lag 12 beyond the
 * 90 % bound of Bartlett's formula (the test of the Theta method's
 * classical decomposition, Assimakopoulos and Nikolopoulos 2000). */
static bool seasonal_evidence(const double *y, int n)
{
	if (n < 36) return false;
	double mean = 0, var = 0, r[13];
	for (int i = 0; i < n; i++) mean += y[i];
	mean /= n;
	for (int i = 0; i < n; i++) var += (y[i] - mean) * (y[i] - mean);
	if (var <= 0) return false;
	for (int k = 1; k <= 12; k++) {
		double c = 0;
		for (int i = k; i < n; i++) c += (y[i] - mean) * (y[i - k] - mean);
		r[k] = c / var;
	}
	double s = 1;
	for (int k = 1; k < 12; k++) s += 2 * r[k] * r[k];
	return fabs(r[12]) > 1.645 * sqrt(s / n);
}

void dd__fc_fit_series(const dd_fc_options *o, const int *t, const double *y, int n, dd_month as_of,
		       dd__fc_fit *out)
{
	const double *g = o->has_growth ? &o->growth_percent : NULL;
	if (n < 6) {
		dd__fc_fit_method(DD_FC_RUN_RATE, n, 0, g, t, y, n, as_of, out);
		out->noise_scale = 1;
		return;
	}
	/* Rolling origins over the series' own last months (a third of it, at
	 * most AUTO_ORIGINS): at each, every candidate is fitted on the months
	 * before and scored on the months after (up to AUTO_AHEAD); the least
	 * total absolute error wins. An explicit method is the one candidate.
	 * The same errors calibrate the noise: the ratio of their spread to the
	 * spread the model's own deviations imply at the same horizons widens
	 * the paths (never narrows them) when the method does worse out of
	 * sample than in it, as every fitted method does. --window, when given,
	 * is every candidate's window. */
	bool explicit_method = o->method != DD_FC_AUTO;
	bool seasonal = !explicit_method && seasonal_evidence(y, n);
	int h = n / 3 < AUTO_ORIGINS ? n / 3 : AUTO_ORIGINS;
	enum { NC = sizeof candidates / sizeof candidates[0] };
	double err[NC] = {0}, oos[NC] = {0}, imp[NC] = {0};
	bool ok[NC];
	for (size_t c = 0; c < NC; c++) {
		if (explicit_method) ok[c] = c == 0;
		else if (seasonal) ok[c] = candidates[c].method == DD_FC_SEASONAL && (o->window ? c == 1 : candidates[c].window <= n - h);
		else ok[c] = candidates[c].method != DD_FC_SEASONAL;
	}
	int *ts = calloc((size_t)n, sizeof *ts);
	double *zs = calloc((size_t)n, sizeof *zs);
	for (int origin = n - h; ts && zs && origin < n; origin++) {
		int shift = t[origin - 1]; /* times relative to the origin's last observation */
		for (int i = 0; i < origin; i++) ts[i] = t[i] - shift;
		for (size_t c = 0; c < NC; c++) {
			if (!ok[c]) continue;
			dd_fc_method m = explicit_method ? o->method : candidates[c].method;
			int w = o->window ? o->window : explicit_method ? 0 : candidates[c].window;
			dd__fc_fit f;
			double alpha, level, var = 0;
			dd__fc_fit_method(m, w, explicit_method ? 0 : candidates[c].base, g, ts, y, origin, as_of + shift, &f);
			int k = dd__fc_deviations(&f, ts, y, origin, zs, &alpha, &level);
			for (int i = 0; i < k; i++) var += zs[i] * zs[i];
			var = k > 1 ? var / (k - 1) : 0;
			double adj = explicit_method ? 1 : exp(level * dd__fc_level_weight(f.method));
			for (int i = origin; i < n && i < origin + AUTO_AHEAD; i++) {
				double v = dd__fc_fit_value(&f, t[i] - shift) * adj;
				if (v < 0) v = 0;
				err[c] += fabs(y[i] - v);
				if (v > 1e-9 && y[i] > 1e-9) {
					double e = log(y[i] / v), ahead = t[i] - shift;
					oos[c] += e * e;
					imp[c] += var * (1 + (ahead - 1) * alpha * alpha);
				}
			}
		}
	}
	free(ts);
	free(zs);
	size_t best = NC;
	for (size_t c = 0; c < NC; c++)
		if (ok[c] && (best == NC || err[c] < err[best])) best = c;
	if (best == NC) best = 0;
	if (explicit_method)
		dd__fc_fit_method(o->method, o->window, 0, g, t, y, n, as_of, out);
	else
		dd__fc_fit_method(candidates[best].method, o->window ? o->window : candidates[best].window,
				  candidates[best].base, g, t, y, n, as_of, out);
	double r = imp[best] > 0 ? sqrt(oos[best] / imp[best]) : 1;
	out->noise_scale = r > 1 ? (r < 3 ? r : 3) : 1;
}
