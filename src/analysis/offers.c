/* offers.c: offers side by side (offers.h). Each offer's book runs through
 * dd_forecast_run over the same history and options, so every offer sees
 * the same paths (the draws depend on seed, path and month only); the
 * term's sums come from the forecast's per-path arrays. The
 * credit-equivalent of a gap is solved by running the first offer again
 * with other discounts (secant steps on the engine's NPV), not by formula. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown/offers.h"
#include "analysis_int.h"

#define F(f, p, k, fld) ((f)->path_months[((size_t)(p) * (size_t)(f)->months + (size_t)(k)) * DD_FC_NFIELDS + (fld)])

static dd_month term_end_month(const dd_agreement *a) { return dd_date_month(a->start) + 12 * a->years - 1; }

/* The discount factor of term month t (1-based) at `rate` percent a year,
 * as a percent (100 at t = 0 or rate 0) with 18 digits: long double carries
 * 64 bits of mantissa, more than the 18 digits kept. */
static dd_money factor_percent(dd_money rate, int t)
{
	if (dd_money_is_zero(rate)) return dd_money_from_units(100);
	long double r = (long double)rate.v / (long double)DD_MONEY_SCALE;
	long double f = 100.0L / powl(1.0L + r / 100.0L, (long double)t / 12.0L);
	dd_money m = {(dd_i128)(f * 1e16L) * (dd_i128)100}; /* 16 digits of it, exactly representable */
	return m;
}

static dd_money mean_of(dd_money sum, size_t n)
{
	dd_money m;
	if (dd_money_muldiv(sum, 1, (int64_t)n, &m)) return dd_money_zero();
	return m;
}

/* 100 x num / den to 4 decimals (half away from zero), 0 when den is 0. */
static dd_money percent4(dd_money num, dd_money den)
{
	if (den.v == 0) return dd_money_zero();
	dd_i128 q = num.v * 1000000 / den.v, r = num.v * 1000000 % den.v;
	if ((r < 0 ? -r : r) * 2 >= (den.v < 0 ? -den.v : den.v)) q += (num.v < 0) != (den.v < 0) ? -1 : 1;
	dd_money m = {q * (DD_MONEY_SCALE / 10000)};
	return m;
}

/* Run book's forecast to the end of `term` (an agreement: the book's own
 * when NULL). */
static int run(const dd_book *book, const dd_agreement *term, const dd_fc_history *h, size_t n, const dd_fc_options *o,
	       dd_money scale, dd_forecast *f)
{
	dd_fc_options op = *o;
	dd_month as_of = h[n - 1].month, end = term_end_month(term ? term : &book->agreement);
	op.months = (int)(end - as_of);
	op.months_needed = false;
	op.balance_month = DD_MONTH_NONE;
	op.scale_percent = scale;
	return dd_forecast_run(book, h, n, &op, f);
}

static void figures_dispose(dd_offer_figures *g)
{
	free(g->credits);
	memset(g, 0, sizeof *g);
}

/* The sums over `term` (the book's agreement when NULL) of a forecast run
 * of `book`. */
static int figures(const dd_book *book, const dd_agreement *term, const dd_forecast *f, dd_money rate,
		   dd_offer_figures *g)
{
	const dd_agreement *a = term ? term : &book->agreement;
	size_t P = (size_t)f->paths, nc = f->ncredits;
	dd_month ts = dd_date_month(a->start), te = term_end_month(a), first = ts > f->as_of ? ts : f->as_of + 1;
	memset(g, 0, sizeof *g);
	g->term_start = a->start;
	g->term_end = dd_date_add_days(dd_date_add_months(a->start, 12 * a->years), -1);
	g->months = (int)(te - first + 1);
	dd_money *pay = malloc(P * sizeof *pay);
	g->credits = calloc(nc ? nc : 1, sizeof *g->credits);
	g->ncredits = nc;
	if (!pay || !g->credits) {
		free(pay);
		return dd_error_set(DD_ENOMEM, "offers: out of memory");
	}
	dd_money list = dd_money_zero(), npv = dd_money_zero(), leak = dd_money_zero(), sf = dd_money_zero();
	size_t with_shortfall = 0;
	int rc = 0;
	for (size_t p = 0; p < P && !rc; p++) {
		dd_money pp = dd_money_zero(), ps = dd_money_zero();
		for (dd_month m = first; m <= te; m++) {
			int k = (int)(m - f->as_of) - 1;
			dd_money payable = dd_money_sub(F(f, p, k, DD_FC_PAYABLE), F(f, p, k, DD_FC_TAX)), d;
			list = dd_money_add(list, dd_money_sub(F(f, p, k, DD_FC_GROSS), F(f, p, k, DD_FC_SHORTFALL)));
			pp = dd_money_add(pp, payable);
			ps = dd_money_add(ps, F(f, p, k, DD_FC_SHORTFALL));
			if ((rc = dd_money_mul_percent(payable, factor_percent(rate, (int)(m - ts) + 1), &d))) break;
			npv = dd_money_add(npv, d);
		}
		pay[p] = pp;
		sf = dd_money_add(sf, ps);
		with_shortfall += dd_money_is_pos(ps);
		for (size_t c = 0; c < nc; c++) leak = dd_money_add(leak, f->path_leak[p * nc + c]);
	}
	if (!rc) {
		g->list_spend = mean_of(list, P);
		dd_money sum = dd_money_zero();
		for (size_t p = 0; p < P; p++) sum = dd_money_add(sum, pay[p]);
		g->payable.mean = mean_of(sum, P);
		g->payable.p10 = dd_fc_quantile(pay, P, 10);
		g->payable.p50 = dd_fc_quantile(pay, P, 50);
		g->payable.p90 = dd_fc_quantile(pay, P, 90);
		g->npv = mean_of(npv, P);
		g->leakage = mean_of(leak, P);
		g->shortfall = mean_of(sf, P);
		dd_money_muldiv(dd_money_from_units((int64_t)with_shortfall), 1, (int64_t)P, &g->shortfall_probability);
		g->effective_discount_percent = percent4(dd_money_sub(g->list_spend, g->payable.mean), g->list_spend);
		for (size_t c = 0; c < nc; c++) {
			dd_money u = dd_money_zero(), l = dd_money_zero(), dl = dd_money_zero();
			for (size_t p = 0; p < P; p++) {
				u = dd_money_add(u, f->path_used[p * nc + c]);
				l = dd_money_add(l, f->path_leak[p * nc + c]);
				dl = dd_money_add(dl, f->path_discount_lost[p * nc + c]);
			}
			dd_offer_credit *oc = &g->credits[c];
			oc->credit = c;
			oc->face = book->credits[c].amount;
			oc->used = mean_of(u, P);
			oc->leaked = mean_of(l, P);
			oc->discount_lost = mean_of(dl, P);
			oc->value = dd_money_sub(oc->used, oc->discount_lost);
		}
	}
	free(pay);
	if (rc) figures_dispose(g);
	return rc;
}

static int evaluate(const dd_book *book, const dd_agreement *term, const dd_fc_history *h, size_t n,
		    const dd_fc_options *o, dd_money rate, dd_money scale, dd_offer_figures *g)
{
	dd_forecast f;
	int rc = run(book, term, h, n, o, scale, &f);
	if (!rc) rc = figures(book, term, &f, rate, g);
	dd_forecast_dispose(&f);
	return rc;
}

/* The expected NPV of `book` with every year's discount shifted by x points
 * (set to x when `absolute`) and, when commitment is not NULL, every
 * year's commitment set to it. */
static int npv_with(const dd_book *book, const dd_fc_history *h, size_t n, const dd_fc_options *o, dd_money rate,
		    double x, bool absolute, const dd_money *commitment, dd_money *npv)
{
	dd_book b = *book;
	int years = book->agreement.years;
	dd_money *pct = malloc((size_t)years * 2 * sizeof *pct), *com = pct + years;
	if (!pct) return dd_error_set(DD_ENOMEM, "offers: out of memory");
	for (int y = 0; y < years; y++) com[y] = commitment ? *commitment : book->agreement.commitment[y];
	b.agreement.commitment = com;
	char buf[64];
	snprintf(buf, sizeof buf, "%.6f", x);
	dd_money dx;
	int rc = dd_money_parse(buf, strlen(buf), &dx, NULL);
	for (int y = 0; !rc && y < years; y++) pct[y] = absolute ? dx : dd_money_add(book->agreement.discount_percent[y], dx);
	b.agreement.discount_percent = pct;
	dd_offer_figures g;
	if (!rc && !(rc = evaluate(&b, NULL, h, n, o, rate, dd_money_from_units(100), &g))) {
		*npv = g.npv;
		figures_dispose(&g);
	}
	free(pct);
	return rc;
}

static double to_double(dd_money m) { return (double)((long double)m.v / (long double)DD_MONEY_SCALE); }

/* Points x with npv_first(x) = target: secant steps from x0 and x0 +- 1
 * (the NPV is close to linear in the discount), to half a cent or 30 steps;
 * *found false when they do not get there. */
static int solve(const dd_book *first, const dd_fc_history *h, size_t n, const dd_fc_options *o, dd_money rate,
		 double x0, dd_money npv0, bool absolute, const dd_money *commitment, dd_money target, dd_money *out,
		 bool *found)
{
	/* the first step goes the way the NPV must move (it falls as the
	 * discount grows), so it does not start on a flat stretch needlessly */
	double y0 = to_double(npv0) - to_double(target), x1 = x0 + (y0 >= 0 ? 1 : -1), y1;
	dd_money v;
	int rc = npv_with(first, h, n, o, rate, x1, absolute, commitment, &v);
	if (rc) return rc;
	y1 = to_double(v) - to_double(target);
	double slope = 0; /* the last nonzero one: NPV per point */
	for (int i = 0; i < 30 && fabs(y1) > 0.005 && y1 != y0; i++) {
		slope = (y1 - y0) / (x1 - x0);
		double x2 = x1 - y1 / slope;
		if (x2 < -100) x2 = -100;
		if (x2 > 100) x2 = 100;
		x0 = x1;
		y0 = y1;
		x1 = x2;
		if ((rc = npv_with(first, h, n, o, rate, x1, absolute, commitment, &v))) return rc;
		y1 = to_double(v) - to_double(target);
	}
	/* Found: within half a cent, or within what one step of x (a millionth
	 * of a point, the resolution npv_with passes to the book) moves the NPV.
	 * A flat NPV (no slope) or a target beyond the clamp is not a solution:
	 * the x1 reached then means nothing. */
	*found = fabs(y1) <= 0.005 + fabs(slope) * 1e-6;
	if (!*found) {
		*out = dd_money_zero();
		return 0;
	}
	char buf[64];
	snprintf(buf, sizeof buf, "%.4f", x1 == 0 ? 0.0 : x1);
	return dd_money_parse(buf, strlen(buf), out, NULL);
}

static void rank_by_npv(dd_offers_result *r, int which)
{
	for (size_t i = 0; i < r->n; i++) {
		const dd_offer_figures *gi = which == 0 ? &r->offers[i].base : which < 0 ? &r->offers[i].low : &r->offers[i].high;
		int rank = 1;
		for (size_t j = 0; j < r->n; j++) {
			const dd_offer_figures *gj = which == 0 ? &r->offers[j].base : which < 0 ? &r->offers[j].low : &r->offers[j].high;
			int c = dd_money_cmp(gj->npv, gi->npv);
			if (c < 0 || (c == 0 && j < i)) rank++;
		}
		if (which == 0) r->offers[i].rank = rank;
		else if (which < 0) r->offers[i].rank_low = rank;
		else r->offers[i].rank_high = rank;
	}
}

#define sentence dd__text

static int reasons(dd_offers_result *r, const dd_offer_input *in)
{
	size_t win = 0, second = r->n;
	for (size_t i = 0; i < r->n; i++) {
		if (r->offers[i].rank == 1) win = i;
		if (r->offers[i].rank == 2) second = i;
	}
	char a[DD_MONEY_STRMAX], b[DD_MONEY_STRMAX], c[DD_MONEY_STRMAX];
	for (size_t i = 0; i < r->n; i++) {
		dd_offer_result *o = &r->offers[i];
		if (i == win && second == r->n)
			o->reason = sentence("The only offer: an expected NPV of %s for %s over its term.",
					     dd_money_format_cents_grouped(o->base.npv, a), dd_money_format_cents_grouped(o->base.list_spend, b));
		else if (i == win)
			o->reason = sentence("Lowest expected NPV of what is paid, %s, %s less than \"%s\".",
					     dd_money_format_cents_grouped(o->base.npv, a),
					     dd_money_format_cents_grouped(dd_money_sub(r->offers[second].base.npv, o->base.npv), b),
					     in[second].name);
		else if (!o->points_found || !r->offers[win].points_found)
			o->reason = sentence("Costs %s more in expected NPV than \"%s\" (no change of discount on \"%s\" within "
					     "100 points gives the same NPV: its payable does not follow its discount).",
					     dd_money_format_cents_grouped(dd_money_sub(o->base.npv, r->offers[win].base.npv), a),
					     in[win].name, in[0].name);
		else
			o->reason = sentence("Costs %s more in expected NPV than \"%s\" (%s points of discount on \"%s\" make the "
					     "difference with it).",
					     dd_money_format_cents_grouped(dd_money_sub(o->base.npv, r->offers[win].base.npv), a),
					     in[win].name,
					     dd_money_format(dd_money_sub(r->offers[win].credit_equivalent_points, o->credit_equivalent_points), c),
					     in[0].name);
		if (!o->reason) return dd_error_set(DD_ENOMEM, "offers: out of memory");
	}
	return 0;
}

int dd_offers_compare(const dd_fc_history *h, size_t nhist, const dd_offer_input *in, size_t n, const dd_fc_options *o,
		      dd_money rate, dd_money stress, dd_offers_result *out)
{
	dd_error_clear();
	memset(out, 0, sizeof *out);
	if (!h || !nhist || !in || !n || !o) return dd_error_set(DD_EUSAGE, "dd_offers_compare: history, offers and options are required");
	if (dd_money_is_neg(rate) || dd_money_cmp(rate, dd_money_from_units(1000)) > 0)
		return dd_error_set(DD_EINVALID, "--rate must be 0 to 1000 percent a year");
	if (dd_money_is_neg(stress) || dd_money_cmp(stress, dd_money_from_units(100)) >= 0)
		return dd_error_set(DD_EINVALID, "--stress must be 0 to under 100 percent");
	dd_month as_of = h[nhist - 1].month;
	for (size_t i = 0; i < n; i++) {
		const dd_agreement *a = &in[i].book->agreement;
		if (!a->present) return dd_error_set(DD_EINVALID, "%s: the offer has no agreement (its term)", in[i].file ? in[i].file : in[i].name);
		if (term_end_month(a) <= as_of)
			return dd_error_set(DD_EINVALID, "%s: the offer's term ends before the forecast starts (after %04d-%02d)",
					    in[i].file ? in[i].file : in[i].name, DD_MONTH_YEAR(as_of), DD_MONTH_MON(as_of));
		if (term_end_month(a) - as_of > DD_FC_MAX_MONTHS)
			return dd_error_set(DD_EINVALID, "%s: the offer's term ends more than %d months after the forecast starts",
					    in[i].file ? in[i].file : in[i].name, DD_FC_MAX_MONTHS);
	}
	out->rate = rate;
	out->paths = o->paths;
	out->seed = o->seed;
	out->as_of = as_of;
	out->stress = stress;
	out->n = n;
	if (!(out->offers = calloc(n, sizeof *out->offers))) return dd_error_set(DD_ENOMEM, "offers: out of memory");
	int rc = 0;
	dd_money hundred = dd_money_from_units(100);
	for (size_t i = 0; i < n && !rc; i++) {
		dd_offer_result *r = &out->offers[i];
		rc = evaluate(in[i].book, NULL, h, nhist, o, rate, hundred, &r->base);
		if (!rc && dd_money_is_pos(stress)) {
			r->has_stress = true;
			if (!(rc = evaluate(in[i].book, NULL, h, nhist, o, rate, dd_money_sub(hundred, stress), &r->low)))
				rc = evaluate(in[i].book, NULL, h, nhist, o, rate, dd_money_add(hundred, stress), &r->high);
		}
	}
	for (size_t i = 1; i < n && !rc; i++)
		rc = solve(in[0].book, h, nhist, o, rate, 0, out->offers[0].base.npv, false, NULL, out->offers[i].base.npv,
			   &out->offers[i].credit_equivalent_points, &out->offers[i].points_found);
	if (!rc && n) out->offers[0].points_found = true;
	if (!rc) {
		rank_by_npv(out, 0);
		if (dd_money_is_pos(stress)) {
			rank_by_npv(out, -1);
			rank_by_npv(out, 1);
			for (size_t i = 0; i < n; i++)
				if ((out->offers[i].rank == 1) != (out->offers[i].rank_low == 1) ||
				    (out->offers[i].rank == 1) != (out->offers[i].rank_high == 1))
					out->ranking_flips = true;
		}
		rc = reasons(out, in);
	}
	if (rc) dd_offers_result_dispose(out);
	return rc;
}

void dd_offers_result_dispose(dd_offers_result *r)
{
	if (!r) return;
	for (size_t i = 0; i < r->n && r->offers; i++) {
		figures_dispose(&r->offers[i].base);
		figures_dispose(&r->offers[i].low);
		figures_dispose(&r->offers[i].high);
		free(r->offers[i].reason);
	}
	free(r->offers);
	memset(r, 0, sizeof *r);
}

/* ---- sizing ------------------------------------------------------------ */

static int cmp_money(const void *a, const void *b) { return dd_money_cmp(*(const dd_money *)a, *(const dd_money *)b); }

int dd_offers_size(const dd_fc_history *h, size_t nhist, const dd_book *book, const dd_book *current,
		   const dd_fc_options *o, dd_money rate, dd_money max_probability, dd_offers_size_result *out)
{
	dd_error_clear();
	memset(out, 0, sizeof *out);
	if (!h || !nhist || !book || !o) return dd_error_set(DD_EUSAGE, "dd_offers_size: history, book and options are required");
	if (!book->agreement.present) return dd_error_set(DD_EINVALID, "the book has no agreement to size a commitment for");
	if (dd_money_is_neg(max_probability) || dd_money_cmp(max_probability, dd_money_from_units(1)) > 0)
		return dd_error_set(DD_EINVALID, "--max-shortfall-probability must be 0 to 100 percent");
	dd_month as_of = h[nhist - 1].month;
	if (term_end_month(&book->agreement) <= as_of)
		return dd_error_set(DD_EINVALID, "the agreement ends before the forecast starts");
	dd_forecast f;
	int rc = run(book, NULL, h, nhist, o, dd_money_from_units(100), &f);
	size_t P = (size_t)o->paths, ny = f.nyears;
	dd_money *v = rc ? NULL : malloc(P * sizeof *v);
	out->max_probability = max_probability;
	out->years = rc ? NULL : calloc(ny ? ny : 1, sizeof *out->years);
	out->nyears = ny;
	if (!rc && (!v || !out->years)) rc = dd_error_set(DD_ENOMEM, "offers: out of memory");
	/* at most k = floor(q x P) paths may fall short: counted < C on at most k
	 * paths, so C is the (k+1)-th smallest counted, in whole units */
	size_t k = rc ? 0 : (size_t)((max_probability.v * (dd_i128)P) / DD_MONEY_SCALE);
	if (k >= P) k = P - 1;
	dd_money annual = {0};
	for (size_t y = 0; !rc && y < ny; y++) {
		for (size_t p = 0; p < P; p++) v[p] = f.path_counted[p * ny + y];
		qsort(v, P, sizeof *v, cmp_money);
		dd_offer_size_year *sy = &out->years[y];
		sy->year = f.years[y].year;
		sy->start = f.years[y].start;
		sy->end = f.years[y].end;
		sy->counted = f.years[y].counted;
		dd_money c = v[k];
		c.v = c.v >= 0 ? c.v / DD_MONEY_SCALE * DD_MONEY_SCALE : 0;
		sy->commitment = c;
		if (y == 0 || dd_money_cmp(c, annual) < 0) annual = c;
	}
	out->annual_commitment = annual;
	for (size_t y = 0; !rc && y < ny; y++) {
		size_t shorts = 0;
		for (size_t p = 0; p < P; p++) shorts += dd_money_cmp(f.path_counted[p * ny + y], annual) < 0;
		dd_money_muldiv(dd_money_from_units((int64_t)shorts), 1, (int64_t)P, &out->years[y].shortfall_probability);
	}
	free(v);
	dd_forecast_dispose(&f);
	/* the flat discount that commitment must earn so the sized agreement
	 * costs no more (expected NPV) than the current terms over its term */
	if (!rc && current && current != book && current->agreement.present) {
		dd_offer_figures cur;
		if (!(rc = evaluate(current, &book->agreement, h, nhist, o, rate, dd_money_from_units(100), &cur))) {
			out->current_npv = cur.npv;
			figures_dispose(&cur);
			double d0 = to_double(book->agreement.discount_percent[0]);
			dd_money npv0;
			/* has_discount_to_beat stays false when no discount makes it as cheap */
			if (!(rc = npv_with(book, h, nhist, o, rate, d0, true, &annual, &npv0)))
				rc = solve(book, h, nhist, o, rate, d0, npv0, true, &annual, out->current_npv, &out->discount_to_beat,
					   &out->has_discount_to_beat);
		}
	}
	if (rc) dd_offers_size_dispose(out);
	return rc;
}

void dd_offers_size_dispose(dd_offers_size_result *r)
{
	if (!r) return;
	free(r->years);
	memset(r, 0, sizeof *r);
}
