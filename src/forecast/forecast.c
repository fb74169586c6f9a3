/* forecast.c: the engine over every path. The history runs once to the
 * as-of state; each thread keeps one engine, one bill and one charge buffer
 * and, for each of its paths, copies the as-of state in and runs the months
 * (nothing is allocated per path or per month once the bill has grown).
 * Results are kept per path and summed up after the threads join, so they
 * do not depend on how paths were split among threads. */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "forecast_int.h"

static const char *const method_names[] = {"auto", "run-rate", "trend", "growth", "seasonal"};

const char *dd_fc_method_name(dd_fc_method m)
{
	return (unsigned)m < sizeof method_names / sizeof method_names[0] ? method_names[m] : "?";
}

int dd_fc_method_parse(const char *s, dd_fc_method *out)
{
	for (size_t i = 0; s && i < sizeof method_names / sizeof method_names[0]; i++)
		if (!strcmp(s, method_names[i])) {
			*out = (dd_fc_method)i;
			return 0;
		}
	return dd_error_set(DD_EINVALID, "unknown method \"%s\" (expected auto, run-rate, trend, growth or seasonal)",
			    s ? s : "");
}

void dd_fc_options_default(dd_fc_options *o)
{
	memset(o, 0, sizeof *o);
	o->method = DD_FC_AUTO;
	o->months = 36;
	o->paths = 1000;
	o->seed = 1;
	o->months_needed = true;
	o->balance_month = DD_MONTH_NONE;
	o->scale_percent = dd_money_from_units(100);
}

static int cmp_money(const void *a, const void *b)
{
	const dd_money *x = a, *y = b;
	return dd_money_cmp(*x, *y);
}

static size_t rank_index(size_t n, int q)
{
	/* nearest rank: ceil(q x n / 100), 1-based */
	size_t r = ((size_t)q * n + 99) / 100;
	if (r < 1) r = 1;
	if (r > n) r = n;
	return r - 1;
}

dd_money dd_fc_quantile(dd_money *v, size_t n, int q)
{
	if (n == 0) return dd_money_zero();
	qsort(v, n, sizeof *v, cmp_money);
	return v[rank_index(n, q)];
}

static int check_options(const dd_fc_options *o)
{
	if (o->months < 1 || o->months > DD_FC_MAX_MONTHS)
		return dd_error_set(DD_EINVALID, "--months must be 1 to %d (got %d)", DD_FC_MAX_MONTHS, o->months);
	if (o->paths < 1 || o->paths > DD_FC_MAX_PATHS)
		return dd_error_set(DD_EINVALID, "--paths must be 1 to %d (got %d)", DD_FC_MAX_PATHS, o->paths);
	if (o->window < 0 || o->window > 1200)
		return dd_error_set(DD_EINVALID, "--window must be 1 to 1200 months (got %d)", o->window);
	if ((unsigned)o->method > DD_FC_SEASONAL) return dd_error_set(DD_EINVALID, "unknown --method");
	if (o->has_growth && !(o->growth_percent > -100 && o->growth_percent <= 10000))
		return dd_error_set(DD_EINVALID, "--growth must be above -100 and at most 10000 percent a year");
	return 0;
}

/* ---- threads --------------------------------------------------------- */

typedef int (*path_fn)(void *ctx, int p0, int p1);

typedef struct {
	path_fn fn;
	void *ctx;
	int p0, p1, rc;
} job;

static void *job_main(void *arg)
{
	job *j = arg;
	j->rc = j->fn(j->ctx, j->p0, j->p1);
	return NULL;
}

static int nthreads(const dd_fc_options *o, int paths)
{
	long t = o->threads > 0 ? o->threads : sysconf(_SC_NPROCESSORS_ONLN);
	if (t < 1) t = 1;
	if (t > 64) t = 64;
	if (t > paths) t = paths;
	return (int)t;
}

/* fn over paths [0, paths), split in equal contiguous ranges. */
static int parallel(const dd_fc_options *o, int paths, path_fn fn, void *ctx)
{
	int nt = nthreads(o, paths);
	job jobs[64];
	pthread_t th[64];
	int started = 0;
	for (int i = 0; i < nt; i++)
		jobs[i] = (job){fn, ctx, (int)((long long)paths * i / nt), (int)((long long)paths * (i + 1) / nt), 0};
	for (int i = 1; i < nt; i++) {
		if (pthread_create(&th[i], NULL, job_main, &jobs[i])) break;
		started = i;
	}
	/* this thread does the first range, and any range a thread could not start for */
	jobs[0].rc = fn(ctx, jobs[0].p0, jobs[0].p1);
	for (int i = started + 1; i < nt; i++) jobs[i].rc = fn(ctx, jobs[i].p0, jobs[i].p1);
	int rc = jobs[0].rc;
	for (int i = 1; i <= started; i++) pthread_join(th[i], NULL);
	for (int i = 1; i < nt; i++)
		if (!rc) rc = jobs[i].rc;
	return rc;
}

/* ---- the as-of state ------------------------------------------------- */

/* Run the history through the engine. exh_month (may be NULL): per
 * credit, the first month it was used up, or DD_MONTH_NONE. */
static int run_history(const dd_book *book, const dd_fc_history *h, size_t n, dd_engine **out, dd_bill *bill,
		       dd_month *exh_month)
{
	int rc = dd_engine_new(book, out);
	if (rc) return rc;
	for (size_t c = 0; exh_month && c < book->ncredits; c++) exh_month[c] = DD_MONTH_NONE;
	for (size_t i = 0; i < n; i++) {
		if ((rc = dd_engine_run_month(*out, h[i].month, h[i].charges, h[i].n, !h[i].present, bill))) return rc;
		for (size_t c = 0; exh_month && c < book->ncredits; c++)
			if (exh_month[c] == DD_MONTH_NONE && bill->credits[c].state == DD_CS_EXHAUSTED)
				exh_month[c] = h[i].month;
	}
	return 0;
}

/* ---- the main run ---------------------------------------------------- */

typedef struct {
	const dd_book *book;
	const dd__fc_model *model;
	const dd_engine *asof;
	const dd_commit_year *asof_years; /* [nyears] */
	int months;
	size_t nc, ny;
	dd_month *year_end;               /* [ny] last month of each year */
	dd_forecast *out;
	int *exh_k;                       /* [paths * nc]: first k used up, INT_MAX never */
	dd_month balance_month;
	dd_money *balance;                /* [paths * nc] at the end of balance_month, or NULL */
} main_ctx;

static int record_years(const main_ctx *x, dd_engine *e, dd_commit_year *yrs, int p, dd_month upto_end, bool all)
{
	if (!x->ny) return 0;
	int rc = dd_engine_commitment(e, yrs);
	if (rc) return rc;
	for (size_t y = 0; y < x->ny; y++) {
		if (!all && x->year_end[y] != upto_end) continue;
		x->out->path_counted[(size_t)p * x->ny + y] = yrs[y].counted;
		x->out->path_shortfall[(size_t)p * x->ny + y] = yrs[y].shortfall;
	}
	return 0;
}

static int main_paths(void *arg, int p0, int p1)
{
	main_ctx *x = arg;
	const dd__fc_model *m = x->model;
	dd_forecast *out = x->out;
	dd_engine *e = NULL;
	dd_bill bill;
	dd_bill_init(&bill);
	dd__fc_pathstate ps = {0};
	dd_charge *ch = malloc((m->n ? m->n : 1) * sizeof *ch);
	dd_commit_year *yrs = x->ny ? calloc(x->ny, sizeof *yrs) : NULL;
	int rc = dd_engine_clone(x->asof, &e);
	if (!rc) rc = dd__fc_pathstate_init(&ps, m);
	if (!rc && (!ch || (x->ny && !yrs))) rc = dd_error_set(DD_ENOMEM, "forecast: out of memory");
	for (int p = p0; !rc && p < p1; p++) {
		if ((rc = dd_engine_copy_state(e, x->asof))) break;
		dd__fc_path_begin(&ps, m, (uint64_t)p);
		for (size_t y = 0; y < x->ny; y++) { /* years already over: as of the as-of month */
			out->path_counted[(size_t)p * x->ny + y] = x->asof_years[y].counted;
			out->path_shortfall[(size_t)p * x->ny + y] = x->asof_years[y].shortfall;
		}
		for (size_t c = 0; c < x->nc; c++) {
			x->exh_k[(size_t)p * x->nc + c] = INT_MAX;
			out->path_leak[(size_t)p * x->nc + c] = dd_money_zero();
			out->path_used[(size_t)p * x->nc + c] = dd_money_zero();
			out->path_discount_lost[(size_t)p * x->nc + c] = dd_money_zero();
		}
		for (int k = 1; !rc && k <= x->months; k++) {
			size_t nch;
			dd_money gross;
			dd_month month = m->as_of + k;
			if ((rc = dd__fc_path_month(m, &ps, (uint64_t)p, k, ch, &nch, &gross))) break;
			if ((rc = dd_engine_run_month(e, month, ch, nch, false, &bill))) break;
			dd_money *f = &out->path_months[((size_t)p * (size_t)x->months + (size_t)(k - 1)) * DD_FC_NFIELDS];
			f[DD_FC_GROSS] = bill.gross;
			f[DD_FC_CREDITS] = dd_money_add(bill.credits_before_discount, bill.credits_after_discount);
			f[DD_FC_DISCOUNT] = bill.discount;
			f[DD_FC_SUPPORT_FEE] = bill.support_fee;
			f[DD_FC_SUPPORT_CREDITS] = bill.support_credits;
			f[DD_FC_PAYABLE] = bill.payable;
			f[DD_FC_COUNTED] = bill.counted;
			f[DD_FC_TAX] = bill.tax;
			f[DD_FC_SHORTFALL] = bill.shortfall;
			f[DD_FC_LEAKAGE] = bill.leakage;
			for (size_t c = 0; c < x->nc; c++) {
				const dd_bill_credit *bc = &bill.credits[c];
				size_t i = (size_t)p * x->nc + c;
				out->path_leak[i] = dd_money_add(out->path_leak[i], bc->expired);
				out->path_used[i] = dd_money_add(out->path_used[i], bc->applied);
				const dd_credit *cr = &x->book->credits[c];
				if (dd_money_is_pos(bc->applied) && cr->applies == DD_APPLIES_BEFORE_DISCOUNT &&
				    cr->type != DD_CREDIT_SUPPORT && bill.contract_year >= 0) {
					dd_money lost;
					if ((rc = dd_money_mul_percent(bc->applied, x->book->agreement.discount_percent[bill.contract_year], &lost)))
						break;
					out->path_discount_lost[i] = dd_money_add(out->path_discount_lost[i], lost);
				}
				if (x->balance && month == x->balance_month) x->balance[i] = bc->remaining;
				if (out->path_balance)
					out->path_balance[((size_t)p * (size_t)x->months + (size_t)(k - 1)) * x->nc + c] =
						bc->remaining;
				if (x->exh_k[i] == INT_MAX && bc->state == DD_CS_EXHAUSTED &&
				    dd_money_is_pos(out->credits[c].remaining))
					x->exh_k[i] = k;
			}
			for (size_t y = 0; !rc && y < x->ny; y++)
				if (x->year_end[y] == month) rc = record_years(x, e, yrs, p, month, false);
		}
		/* years that end after the horizon: as far as the projection goes */
		if (!rc && x->ny) {
			if ((rc = dd_engine_commitment(e, yrs))) break;
			for (size_t y = 0; y < x->ny; y++)
				if (x->year_end[y] > m->as_of + x->months) {
					out->path_counted[(size_t)p * x->ny + y] = yrs[y].counted;
					out->path_shortfall[(size_t)p * x->ny + y] = yrs[y].shortfall;
				}
		}
	}
	free(ch);
	free(yrs);
	dd__fc_pathstate_dispose(&ps);
	dd_bill_dispose(&bill);
	dd_engine_free(e);
	return rc;
}

/* ---- months needed: the same paths with one credit's expiry lifted ---- */

typedef struct {
	const dd__fc_model *model;
	const dd_engine *asof;   /* under the lifted book */
	size_t credit;
	dd_month start_m;
	const unsigned char *todo; /* [paths]: 1 = run this path */
	int *needed;             /* [paths]: months, or -1 never */
} lift_ctx;

static int lift_paths(void *arg, int p0, int p1)
{
	lift_ctx *x = arg;
	const dd__fc_model *m = x->model;
	dd_engine *e = NULL;
	dd_bill bill;
	dd_bill_init(&bill);
	dd__fc_pathstate ps = {0};
	dd_charge *ch = malloc((m->n ? m->n : 1) * sizeof *ch);
	int rc = dd_engine_clone(x->asof, &e);
	if (!rc) rc = dd__fc_pathstate_init(&ps, m);
	if (!rc && !ch) rc = dd_error_set(DD_ENOMEM, "forecast: out of memory");
	for (int p = p0; !rc && p < p1; p++) {
		if (!x->todo[p]) continue;
		if ((rc = dd_engine_copy_state(e, x->asof))) break;
		dd__fc_path_begin(&ps, m, (uint64_t)p);
		x->needed[p] = -1;
		for (int k = 1; k <= m->horizon; k++) {
			size_t nch;
			dd_money gross;
			if ((rc = dd__fc_path_month(m, &ps, (uint64_t)p, k, ch, &nch, &gross)) ||
			    (rc = dd_engine_run_month(e, m->as_of + k, ch, nch, false, &bill)))
				break;
			if (bill.credits[x->credit].state == DD_CS_EXHAUSTED) {
				x->needed[p] = (int)(m->as_of + k - x->start_m) + 1;
				break;
			}
		}
	}
	free(ch);
	dd__fc_pathstate_dispose(&ps);
	dd_bill_dispose(&bill);
	dd_engine_free(e);
	return rc;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* "never" (-1 or INT_MAX) ranks last. */
static int int_quantile(int *v, size_t n, int q, int never)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] < 0) v[i] = INT_MAX;
	qsort(v, n, sizeof *v, cmp_int);
	int r = v[rank_index(n, q)];
	return r == INT_MAX ? never : r;
}

static bool same_order(const dd_engine *a, const dd_engine *b, const dd_book *book, size_t c)
{
	size_t ra = dd_engine_credit_rank(a, c), rb = dd_engine_credit_rank(b, c);
	for (size_t j = 0; j < book->ncredits; j++) {
		if (j == c) continue;
		bool before_a = dd_engine_credit_rank(a, j) < ra, before_b = dd_engine_credit_rank(b, j) < rb;
		if (before_a != before_b) return false;
	}
	return true;
}


static int months_needed(const dd_book *book, const dd_fc_history *h, size_t n, const dd_fc_options *o,
			 const dd__fc_model *model, const dd_forecast *out, const dd_engine *asof,
			 const int *exh_k, size_t c, int *needed, unsigned char *todo, int *p50, int *p90)
{
	*p50 = *p90 = -1;
	const dd_credit *cr = &book->credits[c];
	dd_month start_m = dd_date_month(cr->start), exp_m = dd_date_month(cr->expires);
	dd_book lifted = *book;
	dd_credit *cs = malloc(book->ncredits * sizeof *cs);
	dd_month *hist_exh = malloc(book->ncredits * sizeof *hist_exh);
	dd_engine *le = NULL;
	dd_bill bill;
	dd_bill_init(&bill);
	int rc = 0;
	if (!cs || !hist_exh) {
		rc = dd_error_set(DD_ENOMEM, "forecast: out of memory");
		goto done;
	}
	memcpy(cs, book->credits, book->ncredits * sizeof *cs);
	cs[c].expires = (dd_date){9999, 12, 31};
	lifted.credits = cs;
	if ((rc = run_history(&lifted, h, n, &le, &bill, hist_exh))) goto done;
	int P = out->paths;
	if (hist_exh[c] != DD_MONTH_NONE) { /* used up in the history already */
		*p50 = *p90 = (int)(hist_exh[c] - start_m) + 1;
		goto done;
	}
	bool reuse = same_order(asof, le, book, c);
	int nrun = 0;
	for (int p = 0; p < P; p++) {
		int k = exh_k[(size_t)p * book->ncredits + c];
		/* the main run is the lifted one up to the expiry when the order is the same */
		if (reuse && k != INT_MAX && model->as_of + k <= exp_m) {
			needed[p] = (int)(model->as_of + k - start_m) + 1;
			todo[p] = 0;
		} else {
			todo[p] = 1;
			nrun++;
		}
	}
	if (nrun) {
		lift_ctx x = {model, le, c, start_m, todo, needed};
		if ((rc = parallel(o, P, lift_paths, &x))) goto done;
	}
	*p50 = int_quantile(needed, (size_t)P, 50, -1);
	*p90 = int_quantile(needed, (size_t)P, 90, -1);
done:
	dd_bill_dispose(&bill);
	dd_engine_free(le);
	free(cs);
	free(hist_exh);
	return rc;
}

/* ---- summing up ------------------------------------------------------ */

static int dist_of(dd_money *v, size_t n, dd_fc_dist *d)
{
	dd_money sum = dd_money_zero();
	for (size_t i = 0; i < n; i++)
		if (dd_money_add_checked(sum, v[i], &sum))
			return dd_error_set(DD_EOVERFLOW, "forecast: a sum over the paths is out of range");
	if (dd_money_muldiv(sum, 1, (int64_t)n, &d->mean)) return dd_error_set(DD_EOVERFLOW, "forecast: mean out of range");
	d->p10 = dd_fc_quantile(v, n, 10);
	d->p50 = v[rank_index(n, 50)];
	d->p90 = v[rank_index(n, 90)];
	return 0;
}

static dd_money share(size_t count, size_t n)
{
	dd_money r;
	if (dd_money_muldiv(dd_money_from_units((int64_t)count), 1, (int64_t)n, &r)) return dd_money_zero();
	return r;
}

static int summarize(const dd_book *book, const int *exh_k, dd_forecast *out)
{
	size_t P = (size_t)out->paths, N = (size_t)out->months;
	dd_money *v = malloc(P * sizeof *v);
	int *iv = malloc(P * sizeof *iv);
	if (!v || !iv) {
		free(v);
		free(iv);
		return dd_error_set(DD_ENOMEM, "forecast: out of memory");
	}
	int rc = 0;
	for (size_t k = 0; k < N; k++) {
		out->month[k].month = out->as_of + (dd_month)k + 1;
		for (int f = 0; f < DD_FC_NFIELDS; f++) {
			for (size_t p = 0; p < P; p++) v[p] = out->path_months[(p * N + k) * DD_FC_NFIELDS + (size_t)f];
			dd_fc_band *b = &out->month[k].band[f];
			b->p10 = dd_fc_quantile(v, P, 10);
			b->p50 = v[rank_index(P, 50)];
			b->p90 = v[rank_index(P, 90)];
		}
	}
	for (size_t c = 0; !rc && c < out->ncredits; c++) {
		dd_fc_credit *fc = &out->credits[c];
		size_t leaks = 0;
		for (size_t p = 0; p < P; p++) {
			v[p] = out->path_leak[p * out->ncredits + c];
			leaks += dd_money_is_pos(v[p]);
			iv[p] = exh_k[p * out->ncredits + c];
		}
		rc = dist_of(v, P, &fc->leakage);
		fc->leak_probability = share(leaks, P);
		int k50 = int_quantile(iv, P, 50, INT_MAX), k90 = iv[rank_index(P, 90)];
		fc->exhausted_p50 = k50 == INT_MAX ? DD_MONTH_NONE : out->as_of + k50;
		fc->exhausted_p90 = k90 == INT_MAX ? DD_MONTH_NONE : out->as_of + k90;
	}
	for (size_t y = 0; !rc && y < out->nyears; y++) {
		dd_fc_year *fy = &out->years[y];
		size_t shorts = 0;
		for (size_t p = 0; p < P; p++) v[p] = out->path_counted[p * out->nyears + y];
		fy->counted.p10 = dd_fc_quantile(v, P, 10);
		fy->counted.p50 = v[rank_index(P, 50)];
		fy->counted.p90 = v[rank_index(P, 90)];
		for (size_t p = 0; p < P; p++) {
			v[p] = out->path_shortfall[p * out->nyears + y];
			shorts += dd_money_is_pos(v[p]);
		}
		rc = dist_of(v, P, &fy->shortfall);
		fy->shortfall_probability = share(shorts, P);
	}
	(void)book;
	free(v);
	free(iv);
	return rc;
}

int dd_forecast_run(const dd_book *book, const dd_fc_history *h, size_t n, const dd_fc_options *o, dd_forecast *out)
{
	dd_error_clear();
	memset(out, 0, sizeof *out);
	if (!book || !o || (n && !h)) return dd_error_set(DD_EUSAGE, "dd_forecast_run: book, history and options are required");
	int rc = check_options(o);
	if (rc) return rc;
	if (n == 0) return dd_error_set(DD_EINVALID, "nothing imported to forecast from: run 'drawdown import FILE' first");
	size_t P = (size_t)o->paths, N = (size_t)o->months, nc = book->ncredits;
	size_t ny = book->agreement.present ? (size_t)book->agreement.years : 0;
	out->as_of = h[n - 1].month;
	out->months = o->months;
	out->paths = o->paths;
	out->seed = o->seed;
	out->method = o->method;
	out->ncredits = nc;
	out->nyears = ny;
	dd__fc_model model;
	int horizon = o->months_needed && o->months < DD_FC_MAX_MONTHS ? DD_FC_MAX_MONTHS : o->months;
	if ((rc = dd__fc_model_build(h, n, o, horizon, &model))) return rc;
	out->nseries = model.n;
	dd_engine *asof = NULL;
	dd_bill bill;
	dd_bill_init(&bill);
	dd_commit_year *yrs = NULL;
	dd_month *year_end = NULL;
	int *exh_k = NULL, *needed = NULL;
	unsigned char *todo = NULL;
	dd_money *balance = NULL;
	out->month = calloc(N, sizeof *out->month);
	out->credits = calloc(nc ? nc : 1, sizeof *out->credits);
	out->years = ny ? calloc(ny, sizeof *out->years) : NULL;
	out->path_months = malloc(P * N * DD_FC_NFIELDS * sizeof(dd_money));
	out->path_leak = malloc(P * (nc ? nc : 1) * sizeof(dd_money));
	out->path_used = malloc(P * (nc ? nc : 1) * sizeof(dd_money));
	out->path_discount_lost = malloc(P * (nc ? nc : 1) * sizeof(dd_money));
	out->path_counted = malloc(P * (ny ? ny : 1) * sizeof(dd_money));
	out->path_shortfall = malloc(P * (ny ? ny : 1) * sizeof(dd_money));
	if (o->credit_balances) out->path_balance = malloc(P * N * (nc ? nc : 1) * sizeof(dd_money));
	exh_k = malloc(P * (nc ? nc : 1) * sizeof *exh_k);
	yrs = calloc(ny ? ny : 1, sizeof *yrs);
	year_end = calloc(ny ? ny : 1, sizeof *year_end);
	if (!out->month || !out->credits || (ny && !out->years) || !out->path_months || !out->path_leak ||
	    !out->path_used || !out->path_discount_lost || !out->path_counted || !out->path_shortfall || !exh_k || !yrs || !year_end ||
	    (o->credit_balances && !out->path_balance)) {
		rc = dd_error_set(DD_ENOMEM, "forecast: out of memory for %zu paths x %zu months", P, N);
		goto done;
	}
	if ((rc = run_history(book, h, n, &asof, &bill, NULL))) goto done;
	if (ny && (rc = dd_engine_commitment(asof, yrs))) goto done;
	for (size_t y = 0; y < ny; y++) {
		year_end[y] = dd_date_month(yrs[y].end);
		out->years[y].year = yrs[y].year;
		out->years[y].start = yrs[y].start;
		out->years[y].end = yrs[y].end;
		out->years[y].commitment = yrs[y].commitment;
	}
	for (size_t c = 0; c < nc; c++) {
		out->credits[c].credit = c;
		out->credits[c].remaining = bill.credits[c].remaining;
		out->credits[c].expired = bill.credits[c].expired_total;
		out->credits[c].months_needed_p50 = out->credits[c].months_needed_p90 = -1;
	}
	bool want_balance = o->balance_month != DD_MONTH_NONE && o->balance_month > out->as_of &&
			    o->balance_month <= out->as_of + o->months;
	if (want_balance && !(balance = malloc(P * (nc ? nc : 1) * sizeof *balance))) {
		rc = dd_error_set(DD_ENOMEM, "forecast: out of memory");
		goto done;
	}
	main_ctx x = {book, &model, asof, yrs, o->months, nc, ny, year_end, out, exh_k, o->balance_month, balance};
	if ((rc = parallel(o, o->paths, main_paths, &x))) goto done;
	for (size_t c = 0; c < nc; c++) {
		out->credits[c].balance_p50 = out->credits[c].remaining;
		if (!balance) continue;
		dd_money *v = malloc(P * sizeof *v);
		if (!v) {
			rc = dd_error_set(DD_ENOMEM, "forecast: out of memory");
			goto done;
		}
		for (size_t p = 0; p < P; p++) v[p] = balance[p * nc + c];
		out->credits[c].balance_p50 = dd_fc_quantile(v, P, 50);
		free(v);
	}
	if ((rc = summarize(book, exh_k, out))) goto done;
	if (o->months_needed) {
		needed = malloc(P * sizeof *needed);
		todo = malloc(P);
		if (!needed || !todo) {
			rc = dd_error_set(DD_ENOMEM, "forecast: out of memory");
			goto done;
		}
		for (size_t c = 0; c < nc; c++) {
			dd_fc_credit *fc = &out->credits[c];
			const dd_credit *cr = &book->credits[c];
			dd_month exp_m = dd_date_month(cr->expires);
			/* a credit whose expiry is history, or of nothing, needs nothing */
			if (exp_m <= out->as_of || !dd_money_is_pos(cr->amount)) continue;
			if ((rc = months_needed(book, h, n, o, &model, out, asof, exh_k, c, needed, todo,
						&fc->months_needed_p50, &fc->months_needed_p90)))
				goto done;
			bool at_risk = fc->exhausted_p90 == DD_MONTH_NONE || fc->exhausted_p90 > exp_m;
			if (at_risk && fc->months_needed_p90 > 0) {
				int span = (fc->months_needed_p90 + 5) / 6 * 6;
				fc->has_suggested = true;
				fc->suggested_expiry = dd_month_last_day(dd_date_month(cr->start) + span - 1);
			}
		}
	}
done:
	dd_bill_dispose(&bill);
	dd_engine_free(asof);
	dd__fc_model_dispose(&model);
	free(yrs);
	free(year_end);
	free(exh_k);
	free(needed);
	free(todo);
	free(balance);
	return rc;
}

void dd_forecast_dispose(dd_forecast *f)
{
	if (!f) return;
	free(f->month);
	free(f->credits);
	free(f->years);
	free(f->path_months);
	free(f->path_leak);
	free(f->path_used);
	free(f->path_discount_lost);
	free(f->path_counted);
	free(f->path_shortfall);
	free(f->path_balance);
	memset(f, 0, sizeof *f);
}

/* ---- backtest -------------------------------------------------------- */

typedef struct {
	const dd__fc_model *model;
	int months;
	dd_money *gross;   /* [paths * months] */
} bt_ctx;

static int bt_paths(void *arg, int p0, int p1)
{
	bt_ctx *x = arg;
	const dd__fc_model *m = x->model;
	dd__fc_pathstate ps = {0};
	dd_charge *ch = malloc((m->n ? m->n : 1) * sizeof *ch);
	int rc = ch ? dd__fc_pathstate_init(&ps, m) : dd_error_set(DD_ENOMEM, "forecast: out of memory");
	for (int p = p0; !rc && p < p1; p++) {
		dd__fc_path_begin(&ps, m, (uint64_t)p);
		for (int k = 1; !rc && k <= x->months; k++) {
			size_t nch;
			rc = dd__fc_path_month(m, &ps, (uint64_t)p, k, ch, &nch, &x->gross[(size_t)p * (size_t)x->months + (size_t)(k - 1)]);
		}
	}
	free(ch);
	dd__fc_pathstate_dispose(&ps);
	return rc;
}

static dd_money actual_gross(const dd_fc_history *h)
{
	dd_money g = dd_money_zero();
	for (size_t i = 0; h->present && i < h->n; i++) {
		const dd_charge *c = &h->charges[i];
		dd_charge_class cls = c->cls != DD_CLASS_UNSET ? c->cls
							       : dd_classify_charge(c->charge_type, c->service, c->service_name);
		if (cls == DD_CLASS_SUPPORT || cls == DD_CLASS_AWS_APPLIED || cls == DD_CLASS_TAX) continue;
		g = dd_money_add(g, c->amount);
	}
	return g;
}

int dd_forecast_backtest(const dd_fc_history *h, size_t n, int holdout, const dd_fc_options *o, dd_fc_backtest *out)
{
	dd_error_clear();
	memset(out, 0, sizeof *out);
	if (!o || (n && !h)) return dd_error_set(DD_EUSAGE, "dd_forecast_backtest: history and options are required");
	if (holdout < 1 || holdout > DD_FC_MAX_MONTHS)
		return dd_error_set(DD_EINVALID, "--backtest must be 1 to %d months (got %d)", DD_FC_MAX_MONTHS, holdout);
	if (n < (size_t)holdout + 3)
		return dd_error_set(DD_EINVALID,
				    "--backtest %d needs at least %d imported months (%d hidden, 3 to fit on); %zu are imported",
				    holdout, holdout + 3, holdout, n);
	dd_fc_options bo = *o;
	bo.months = holdout;
	int rc = check_options(&bo);
	if (rc) return rc;
	size_t P = (size_t)o->paths, K = (size_t)holdout, nfit = n - K;
	dd__fc_model model;
	if ((rc = dd__fc_model_build(h, nfit, &bo, holdout, &model))) return rc;
	dd_money *gross = malloc(P * K * sizeof *gross), *v = malloc(P * sizeof *v);
	out->months = calloc(K, sizeof *out->months);
	out->holdout = holdout;
	out->method = o->method;
	if (!gross || !v || !out->months) {
		rc = dd_error_set(DD_ENOMEM, "forecast: out of memory");
		goto done;
	}
	bt_ctx x = {&model, holdout, gross};
	if ((rc = parallel(&bo, o->paths, bt_paths, &x))) goto done;
	double ape = 0;
	int inside = 0;
	for (size_t k = 0; k < K; k++) {
		dd_fc_backtest_month *bm = &out->months[k];
		bm->month = h[nfit + k].month;
		bm->actual = actual_gross(&h[nfit + k]);
		for (size_t p = 0; p < P; p++) v[p] = gross[p * K + k];
		bm->p10 = dd_fc_quantile(v, P, 10);
		bm->p50 = v[rank_index(P, 50)];
		bm->p90 = v[rank_index(P, 90)];
		if (dd_money_is_pos(bm->actual)) {
			int64_t ac = 0, fc = 0;
			if ((rc = dd__fc_cents_in(bm->actual, &ac)) || (rc = dd__fc_cents_in(bm->p50, &fc))) goto done;
			/* the error statistic, a ratio of whole cents (not an amount) */
			double a = (double)ac, f = (double)fc;
			ape += (f > a ? f - a : a - f) / a;
			out->mape_months++;
		}
		inside += dd_money_cmp(bm->p10, bm->actual) <= 0 && dd_money_cmp(bm->actual, bm->p90) <= 0;
	}
	out->mape = out->mape_months ? ape / out->mape_months : 0;
	out->coverage = (double)inside / (double)K;
done:
	free(gross);
	free(v);
	dd__fc_model_dispose(&model);
	if (rc) dd_fc_backtest_dispose(out);
	return rc;
}

void dd_fc_backtest_dispose(dd_fc_backtest *b)
{
	if (!b) return;
	free(b->months);
	memset(b, 0, sizeof *b);
}
