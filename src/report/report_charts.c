/* report_charts.c: the report's balance (a panel per credit from its face
 * value to each month's end, its expiry marked, the forecast's band of the
 * total ahead), monthly waterfall and commitment charts, each followed by
 * the table behind it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_html.h"

static const char *credit_label(const dd_credit *c, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s (%s)", c->id, dd_credit_type_name(c->type));
	return buf;
}

/* ---- balance ----------------------------------------------------------------- */

/* x of month boundary i of n across the plot (0: the start of the first month). */
static long long edge_x(const dd__plot *p, size_t i, size_t n)
{
	return p->l + (long long)(i * (size_t)(p->r - p->l) / n);
}

/* Credit k's balance at the end of history month i (k < 0: all credits). */
static dd_money balance_at(const dd__rep *r, int k, size_t i)
{
	if (k >= 0) return r->in->bills[i].credits[k].remaining;
	dd_money v = dd_money_zero();
	for (size_t c = 0; c < r->book->ncredits; c++) v = dd_money_add(v, r->in->bills[i].credits[c].remaining);
	return v;
}

/* Its face value, the balance before the first month (nothing is used
 * before the run starts). */
static dd_money balance_start(const dd__rep *r, int k)
{
	if (k >= 0) return r->book->credits[k].amount;
	dd_money v = dd_money_zero();
	for (size_t c = 0; c < r->book->ncredits; c++) v = dd_money_add(v, r->book->credits[c].amount);
	return v;
}

/* A band over the months ahead, P90 forward and P10 back, and its P50
 * dashed, both from the last actual balance at boundary nh. */
/* "x,y x,y ...": from the last actual balance at boundary nh, then the
 * band's quantile q (10, 50 or 90) at each month ahead. */
static void band_points(dd__buf *b, const dd__plot *p, dd_money last, const dd_fc_band *band, size_t ahead, size_t nh,
			size_t nx, int q)
{
	dd__report_co(b, edge_x(p, nh, nx));
	dd__buf_puts(b, ",");
	dd__report_co(b, dd__report_py(p, last));
	for (size_t i = 0; i < ahead; i++) {
		dd_money v = q == 90 ? band[i].p90 : q == 50 ? band[i].p50 : band[i].p10;
		dd__buf_puts(b, " ");
		dd__report_co(b, edge_x(p, nh + i + 1, nx));
		dd__buf_puts(b, ",");
		dd__report_co(b, dd__report_py(p, v));
	}
}

static void draw_band(dd__buf *b, const dd__plot *p, dd_money last, const dd_fc_band *band, size_t ahead, size_t nh,
		      size_t nx)
{
	dd__buf_puts(b, "<polygon fill=\"" C_SKY "\" fill-opacity=\"0.35\" stroke=\"" C_BLUE
			"\" stroke-width=\"0.8\" stroke-dasharray=\"2 2\" points=\"");
	band_points(b, p, last, band, ahead, nh, nx, 90);
	for (size_t i = ahead; i-- > 0;) {
		dd__buf_puts(b, " ");
		dd__report_co(b, edge_x(p, nh + i + 1, nx));
		dd__buf_puts(b, ",");
		dd__report_co(b, dd__report_py(p, band[i].p10));
	}
	dd__buf_puts(b, "\"/><polyline fill=\"none\" stroke=\"" C_BLUE "\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\" points=\"");
	band_points(b, p, last, band, ahead, nh, nx, 50);
	dd__buf_puts(b, "\"/>");
}

/* The band panel k draws ahead: all credits', or a credit's while it has a
 * balance at the report's month; NULL: none. */
static const dd_fc_band *panel_band(const dd__rep *r, int k)
{
	if (k < 0) return r->total_band;
	if (!r->credit_band || !dd_money_is_pos(r->last->credits[k].remaining)) return NULL;
	return &r->credit_band[(size_t)k * DD__REPORT_AHEAD];
}

/* One panel: a credit's balance from its face value at the start of the
 * first month to the end of every month (k < 0: the total of all credits,
 * with the forecast's band over the months ahead). nx months across: the
 * history and `ahead` more. */
static void balance_panel(dd__buf *b, const dd__rep *r, long long ox, long long oy, int k, size_t nx, size_t ahead)
{
	char lb[256], d[11], mb[8];
	const dd_book *book = r->book;
	size_t nh = r->in->nbills;
	dd__plot p = {ox + 620, ox + 3400, oy + 400, oy + 1500, {0}, 0, 0};
	dd_money max = balance_start(r, k);
	for (size_t i = 0; i < nh; i++) max = dd_money_max(max, balance_at(r, k, i));
	const dd_fc_band *band = panel_band(r, k);
	for (size_t i = 0; band && i < ahead; i++) max = dd_money_max(max, band[i].p90);
	p.max = dd__report_nice_max(max, &p.step, &p.nsteps);
	/* fewer ticks in a small panel: 0, the middle and the top */
	if (p.nsteps % 2 == 0) {
		p.step *= p.nsteps / 2;
		p.nsteps = 2;
	} else if (p.nsteps > 2) {
		p.step *= p.nsteps;
		p.nsteps = 1;
	}
	if (k >= 0) {
		credit_label(&book->credits[k], lb, sizeof lb);
		dd__report_text(b, ox + 40, oy + 200, "font-size=\"13\" font-weight=\"600\"", lb);
	} else {
		dd__report_text(b, ox + 40, oy + 200, "font-size=\"13\" font-weight=\"600\"",
		     r->total_band ? "All credits, and the forecast's band" : "All credits");
	}
	dd__report_y_axis(b, &p, NULL, true);
	dd__report_text(b, p.l, p.bt + 160, "font-size=\"11\" text-anchor=\"start\"", dd_month_format(r->first, mb));
	dd__report_text(b, p.r, p.bt + 160, "font-size=\"11\" text-anchor=\"end\"", dd_month_format(r->first + (dd_month)nx - 1, mb));
	if (ahead) {
		long long x = edge_x(&p, nh, nx);
		dd__report_line(b, x, p.t, x, p.bt, "stroke=\"#999\" stroke-dasharray=\"1 2\"");
	}
	if (band && ahead) draw_band(b, &p, balance_at(r, k, nh - 1), band, ahead, nh, nx);
	/* the history: month i from boundary i to i + 1, dashed while the
	 * credit cannot be used yet */
	long long px = edge_x(&p, 0, nx), pyv = dd__report_py(&p, balance_start(r, k));
	for (size_t i = 0; i < nh; i++) {
		bool waiting = false;
		if (k >= 0) {
			dd_credit_state st = r->in->bills[i].credits[k].state;
			waiting = st == DD_CS_NOT_STARTED || st == DD_CS_LOCKED || st == DD_CS_PAUSED;
		}
		long long x = edge_x(&p, i + 1, nx), y = dd__report_py(&p, balance_at(r, k, i));
		dd__report_line(b, px, pyv, x, y,
		     waiting ? "stroke=\"" C_GREY "\" stroke-width=\"2\" stroke-dasharray=\"4 3\""
			     : "stroke=\"" C_BLACK "\" stroke-width=\"2\"");
		px = x;
		pyv = y;
	}
	if (k >= 0) {
		/* the expiry: a vermillion dash-dot line at the end of its month,
		 * and its date above the plot (with an arrow when it is later) */
		const dd_credit *c = &book->credits[k];
		dd_month em = dd_date_month(c->expires);
		char words[48];
		snprintf(words, sizeof words, "expires %s", dd_date_format(c->expires, d));
		if (em >= r->first && em < r->first + (dd_month)nx) {
			long long x = edge_x(&p, (size_t)(em - r->first) + 1, nx);
			dd__report_line(b, x, p.t, x, p.bt, "stroke=\"" C_VERMILLION "\" stroke-width=\"1.5\" stroke-dasharray=\"6 2 1 2\"");
		} else if (em >= r->first) {
			snprintf(words, sizeof words, "expires %s \xe2\x86\x92", dd_date_format(c->expires, d));
		}
		/* above the plot, where no line runs */
		if (em >= r->first) dd__report_text(b, p.r, p.t - 70, "font-size=\"11\" text-anchor=\"end\"", words);
	}
}

/* The months drawn after the report's month: with a forecast up to 12 of
 * its months (the forecast chart has them all), else up to 12 months to
 * the latest expiry, so the expiries ahead are on the axis. */
static size_t balance_ahead(const dd__rep *r)
{
	if (r->total_band)
		return r->in->forecast->months < DD__REPORT_AHEAD ? (size_t)r->in->forecast->months : DD__REPORT_AHEAD;
	dd_month latest = r->month;
	for (size_t c = 0; c < r->book->ncredits; c++) {
		dd_month em = dd_date_month(r->book->credits[c].expires);
		if (em > latest) latest = em;
	}
	return latest - r->month < DD__REPORT_AHEAD ? (size_t)(latest - r->month) : DD__REPORT_AHEAD;
}

void dd__report_chart_balance(dd__buf *b, const dd__rep *r)
{
	const dd_book *book = r->book;
	size_t nh = r->in->nbills, ahead = balance_ahead(r), nx = nh + ahead;
	size_t panels = book->ncredits + 1, rows = (panels + 1) / 2;
	long long h = 380 + (long long)rows * 1800;
	dd__buf_puts(b, "<section id=\"balance\"><h2>Credit balances</h2>\n<p class=\"note\">Each credit from its face value "
			"to its balance at the end of every month: solid while it can be used, dashed grey before it "
			"starts or unlocks; the dash-dot line is the end of the month it expires.");
	if (r->total_band)
		dd__buf_puts(b, " With the forecast, the months ahead show the P50 (dashed) and the P10-P90 band over the "
				"paths: of all credits' total balance in the first panel, and of each credit's that still has "
				"a balance.");
	dd__buf_puts(b, "</p>\n<figure>");
	dd__report_svg_open(b, "balance", h, "Credit balances at the end of each month, with expiries");
	long long x = 100;
	x = dd__report_legend_line(b, x, 200, C_BLACK, "", 2, "balance");
	x = dd__report_legend_line(b, x, 200, C_GREY, "4 3", 2, "not usable yet");
	x = dd__report_legend_line(b, x, 200, C_VERMILLION, "6 2 1 2", 2, "expiry");
	if (r->total_band) x = dd__report_legend_band(b, x, 200, C_SKY, "forecast P10-P90, P50 dashed");
	dd__report_text_open(b, x, 200, "font-size=\"12\"");
	dd__buf_puts(b, "(");
	dd__buf_html(b, book->currency);
	dd__buf_puts(b, ")</text>");
	for (size_t i = 0; i < panels; i++) {
		long long ox = (long long)(i % 2) * 3600, oy = 300 + (long long)(i / 2) * 1800;
		balance_panel(b, r, ox, oy, (int)i - 1, nx, ahead);
	}
	dd__buf_puts(b, "</svg></figure>\n");

	char mb[8], d[11];
	dd__report_table_open(b, "balance", "Credit balances at the end of the month (drawdown balance)");
	static const char *const hb[] = {"Credit", "Type", "Initial", "Consumed", "Remaining", "Expired", "Expires", "Status",
					 NULL};
	dd__report_th_row(b, hb, "llrrrrll");
	dd_money ti = dd_money_zero(), tc = ti, tr = ti, tx = ti;
	for (size_t i = 0; i < book->ncredits; i++) {
		const dd_credit *c = &book->credits[i];
		const dd_bill_credit *s = &r->last->credits[i];
		dd__buf_puts(b, "<tr data-credit=\"");
		dd__buf_html(b, c->id);
		dd__buf_puts(b, "\">");
		dd__report_td_text(b, "id", c->id);
		dd__report_td_text(b, "type", dd_credit_type_name(c->type));
		dd__report_td_money(b, "initial", c->amount);
		dd__report_td_money(b, "consumed", s->consumed);
		dd__report_td_money(b, "remaining", s->remaining);
		dd__report_td_money(b, "expired", s->expired_total);
		dd__report_td_text(b, "expires", dd_date_format(c->expires, d));
		dd__report_td_text(b, "status", dd_credit_state_name(s->state));
		dd__buf_puts(b, "</tr>");
		ti = dd_money_add(ti, c->amount);
		tc = dd_money_add(tc, s->consumed);
		tr = dd_money_add(tr, s->remaining);
		tx = dd_money_add(tx, s->expired_total);
	}
	dd__buf_puts(b, "<tr class=\"total\" data-credit=\"\"><td>Total</td><td></td>");
	dd__report_td_money(b, "initial", ti);
	dd__report_td_money(b, "consumed", tc);
	dd__report_td_money(b, "remaining", tr);
	dd__report_td_money(b, "expired", tx);
	dd__buf_puts(b, "<td></td><td></td></tr>");
	dd__report_table_close(b);

	/* the series drawn, month by month (folded: wide) */
	dd__buf_puts(b, "<details><summary>Each credit's balance month by month</summary>\n");
	dd__report_table_open(b, "balance-months", "Remaining at the end of each month");
	dd__buf_puts(b, "<thead><tr><th scope=\"col\">Credit</th>");
	for (size_t i = 0; i < nh; i++)
		dd__buf_printf(b, "<th scope=\"col\" class=\"n\">%s</th>", dd_month_format(r->first + (dd_month)i, mb));
	dd__buf_puts(b, "</tr></thead><tbody>");
	for (size_t c = 0; c < book->ncredits; c++) {
		dd__buf_puts(b, "<tr data-credit=\"");
		dd__buf_html(b, book->credits[c].id);
		dd__buf_puts(b, "\"><td>");
		dd__buf_html(b, book->credits[c].id);
		dd__buf_puts(b, "</td>");
		for (size_t i = 0; i < nh; i++)
			dd__report_td_money(b, dd_month_format(r->first + (dd_month)i, mb), r->in->bills[i].credits[c].remaining);
		dd__buf_puts(b, "</tr>");
	}
	dd__report_table_close(b);
	if (r->total_band) {
		const dd_forecast *f = r->in->forecast;
		dd__report_table_open(b, "balance-forecast", "All credits' total balance ahead (forecast, over the paths)");
		static const char *const hf[] = {"Month", "P10", "P50", "P90", NULL};
		dd__report_th_row(b, hf, "lrrr");
		for (size_t i = 0; i < ahead; i++) {
			dd__buf_printf(b, "<tr data-month=\"%s\"><td>%s</td>", dd_month_format(f->month[i].month, mb), mb);
			dd__report_td_money(b, "p10", r->total_band[i].p10);
			dd__report_td_money(b, "p50", r->total_band[i].p50);
			dd__report_td_money(b, "p90", r->total_band[i].p90);
			dd__buf_puts(b, "</tr>");
		}
		dd__report_table_close(b);
	}
	if (r->credit_band) {
		const dd_forecast *f = r->in->forecast;
		dd__report_table_open(b, "balance-forecast-credits", "Each credit's balance ahead (forecast, over the paths)");
		static const char *const hc[] = {"Credit", "Month", "P10", "P50", "P90", NULL};
		dd__report_th_row(b, hc, "llrrr");
		for (size_t c = 0; c < book->ncredits; c++) {
			const dd_fc_band *bd = panel_band(r, (int)c);
			for (size_t i = 0; bd && i < ahead; i++) {
				dd__buf_puts(b, "<tr data-credit=\"");
				dd__buf_html(b, book->credits[c].id);
				dd__buf_printf(b, "\" data-month=\"%s\">", dd_month_format(f->month[i].month, mb));
				dd__report_td_text(b, "id", book->credits[c].id);
				dd__report_td_text(b, "month", mb);
				dd__report_td_money(b, "p10", bd[i].p10);
				dd__report_td_money(b, "p50", bd[i].p50);
				dd__report_td_money(b, "p90", bd[i].p90);
				dd__buf_puts(b, "</tr>");
			}
		}
		dd__report_table_close(b);
	}
	dd__buf_puts(b, "</details>\n</section>\n");
}

/* ---- waterfall ------------------------------------------------------------------ */

/* The amounts of a month's waterfall: gross, then down by the credits and
 * the discount, up by support (net of its credits) and tax, to payable. */
typedef struct {
	dd_money gross, credits, discount, extra, payable;
} wf;

static wf wf_of(const dd_bill *bl)
{
	wf w;
	w.gross = bl->gross;
	w.credits = dd_money_add(bl->credits_before_discount, bl->credits_after_discount);
	w.discount = bl->discount;
	w.extra = dd_money_add(dd_money_sub(bl->support_fee, bl->support_credits), bl->tax);
	w.payable = bl->payable;
	return w;
}

void dd__report_waterfall_bars(dd_money gross, dd_money credits, dd_money discount, dd_money extra, dd_money max,
			       int height_px, long long y_top[5], long long y_bottom[5])
{
	dd_money lvl[6];
	lvl[0] = gross;
	lvl[1] = dd_money_sub(gross, credits);
	lvl[2] = dd_money_sub(lvl[1], discount);
	lvl[3] = dd_money_add(lvl[2], extra);
	/* bars: gross 0..G, credits G-C..G, discount G-C-D..G-C, extra, payable 0..P */
	dd_money lo[5] = {dd_money_zero(), lvl[1], lvl[2], lvl[2], dd_money_zero()};
	dd_money hi[5] = {lvl[0], lvl[0], lvl[1], lvl[3], lvl[3]};
	long long H = (long long)height_px * 10;
	for (int i = 0; i < 5; i++) {
		y_top[i] = H - dd__report_scale(hi[i], max, height_px);
		y_bottom[i] = H - dd__report_scale(lo[i], max, height_px);
	}
}

void dd__report_chart_waterfall(dd__buf *b, const dd__rep *r)
{
	size_t n = r->in->nbills;
	dd__plot p = {800, 7000, 500, 2700, {0}, 0, 0};
	dd_money max = dd_money_zero();
	for (size_t i = 0; i < n; i++) {
		wf w = wf_of(&r->in->bills[i]);
		max = dd_money_max(max, dd_money_max(w.gross, dd_money_add(dd_money_sub(dd_money_sub(w.gross, w.credits), w.discount), w.extra)));
	}
	p.max = dd__report_nice_max(max, &p.step, &p.nsteps);
	dd__buf_puts(b, "<section id=\"waterfall\"><h2>Monthly bills</h2>\n<p class=\"note\">Each month from gross charges "
			"(the commitment shortfall included when a contract year ends) down by the credits and the EDP "
			"discount, up by the support fee (less support credits) and tax, to what is payable.</p>\n<figure>");
	dd__report_svg_open(b, "waterfall", 3100, "Monthly waterfall: gross, credits, discount, support and tax, payable");
	long long x = 100;
	x = dd__report_legend_bar(b, x, 220, C_BLUE, MK_SOLID, "gross");
	x = dd__report_legend_bar(b, x, 220, C_GREEN, MK_STRIPES, "- credits");
	x = dd__report_legend_bar(b, x, 220, C_ORANGE, MK_DASHED, "- discount");
	x = dd__report_legend_bar(b, x, 220, C_PURPLE, MK_OUTLINE, "+ support and tax");
	dd__report_legend_bar(b, x, 220, C_BLACK, MK_SOLID, "= payable");
	dd__report_y_axis(b, &p, r->book->currency, true);
	long long slot = (p.r - p.l) / (long long)n, bw = slot / 6;
	if (bw > 300) bw = 300;
	static const char *const names[5] = {"gross", "credits", "discount", "support and tax", "payable"};
	static const char *const colours[5] = {C_BLUE, C_GREEN, C_ORANGE, C_PURPLE, C_BLACK};
	static const dd__mark kinds[5] = {MK_SOLID, MK_STRIPES, MK_DASHED, MK_OUTLINE, MK_SOLID};
	char mb[8], tb[160], amt[DD_MONEY_STRMAX];
	for (size_t i = 0; i < n; i++) {
		wf w = wf_of(&r->in->bills[i]);
		long long top[5], bot[5];
		dd__report_waterfall_bars(w.gross, w.credits, w.discount, w.extra, p.max, (int)((p.bt - p.t) / 10), top, bot);
		long long cx = dd__report_slot_x(&p, i, n), x0 = cx - bw * 5 / 2 - bw / 4;
		dd_money vals[5] = {w.gross, w.credits, w.discount, w.extra, w.payable};
		for (int k = 0; k < 5; k++) {
			snprintf(tb, sizeof tb, "%s %s: %s", dd_month_format(r->first + (dd_month)i, mb), names[k],
				 dd_money_format_cents_grouped(vals[k], amt));
			long long h = bot[k] - top[k];
			if (h < 10 && !dd_money_is_zero(vals[k])) h = 10; /* a tiny amount stays visible */
			dd__report_bar(b, x0 + k * (bw + bw / 8), p.t + top[k], bw, h, colours[k], kinds[k], tb);
		}
	}
	dd__report_x_months(b, &p, r->first, n, "month");
	dd__buf_puts(b, "</svg></figure>\n");

	dd__report_table_open(b, "waterfall", "Monthly bills (drawdown bill)");
	static const char *const hw[] = {"Month", "Gross", "Credits before discount", "Discount", "Credits after discount",
					 "Support fee", "Support credits", "Tax", "Shortfall", "Payable", NULL};
	dd__report_th_row(b, hw, "lrrrrrrrrr");
	for (size_t i = 0; i < n; i++) {
		const dd_bill *bl = &r->in->bills[i];
		dd__buf_printf(b, "<tr data-month=\"%s\"><td>%s</td>", dd_month_format(bl->month, mb), mb);
		dd__report_td_money(b, "gross", bl->gross);
		dd__report_td_money(b, "credits_before_discount", bl->credits_before_discount);
		dd__report_td_money(b, "discount", bl->discount);
		dd__report_td_money(b, "credits_after_discount", bl->credits_after_discount);
		dd__report_td_money(b, "support_fee", bl->support_fee);
		dd__report_td_money(b, "support_credits", bl->support_credits);
		dd__report_td_money(b, "tax", bl->tax);
		dd__report_td_money(b, "shortfall", bl->shortfall);
		dd__report_td_money(b, "payable", bl->payable);
		dd__buf_puts(b, "</tr>");
	}
	dd__report_table_close(b);
	dd__buf_puts(b, "</section>\n");
}

/* ---- commitment ------------------------------------------------------------------ */

static const dd_fc_year *fc_year(const dd__rep *r, int year)
{
	const dd_forecast *f = r->in->forecast;
	for (size_t i = 0; f && i < f->nyears; i++)
		if (f->years[i].year == year) return &f->years[i];
	return NULL;
}

void dd__report_chart_commitment(dd__buf *b, const dd__rep *r)
{
	const dd_book *book = r->book;
	if (!book->agreement.present || !r->in->years) return;
	int ny = book->agreement.years;
	const dd_commit_year *ys = r->in->years;
	dd__plot p = {900, 7000, 500, 2500, {0}, 0, 0};
	dd_money max = dd_money_zero();
	for (int i = 0; i < ny; i++) {
		max = dd_money_max(max, ys[i].commitment);
		max = dd_money_max(max, dd_money_add(ys[i].counted, ys[i].carried_in));
		const dd_fc_year *fy = fc_year(r, ys[i].year);
		if (fy) max = dd_money_max(max, fy->counted.p90);
	}
	p.max = dd__report_nice_max(max, &p.step, &p.nsteps);
	char d1[11], d2[11], tb[200], amt[DD_MONEY_STRMAX];
	dd__buf_puts(b, "<section id=\"commitment\"><h2>Commitment of ");
	dd__buf_html(b, book->agreement.id);
	dd__buf_puts(b, "</h2>\n<p class=\"note\">Per contract year: the commitment (dashed outline), what counts toward it so "
			"far with the excess carried in (solid)");
	if (r->in->forecast)
		dd__buf_puts(b, ", and the forecast's projected end of the year (striped, P50, with a whisker from P10 to P90)");
	else
		dd__buf_puts(b, "; run with --forecast for each year's projected end");
	dd__buf_puts(b, ".</p>\n<figure>");
	dd__report_svg_open(b, "commitment", 2900, "Commitment counted against the target per contract year");
	long long x = 100;
	x = dd__report_legend_bar(b, x, 220, C_BLACK, MK_OUTLINE, "commitment");
	x = dd__report_legend_bar(b, x, 220, C_BLUE, MK_SOLID, "counted so far");
	if (r->in->forecast) {
		x = dd__report_legend_bar(b, x, 220, C_ORANGE, MK_STRIPES, "projected end, P50");
		dd__report_legend_line(b, x, 220, C_BLACK, "", 2, "P10-P90");
	}
	dd__report_y_axis(b, &p, book->currency, true);
	long long slot = (p.r - p.l) / ny, bw = slot / 5;
	if (bw > 700) bw = 700;
	for (int i = 0; i < ny; i++) {
		long long cx = dd__report_slot_x(&p, (size_t)i, (size_t)ny), x0 = cx - bw * 3 / 2 - bw / 8;
		const dd_fc_year *fy = fc_year(r, ys[i].year);
		dd_money got = dd_money_add(ys[i].counted, ys[i].carried_in);
		snprintf(tb, sizeof tb, "year %d commitment: %s", ys[i].year, dd_money_format_cents_grouped(ys[i].commitment, amt));
		dd__report_bar(b, x0, dd__report_py(&p, ys[i].commitment), bw, p.bt - dd__report_py(&p, ys[i].commitment), C_BLACK, MK_OUTLINE, tb);
		snprintf(tb, sizeof tb, "year %d counted so far: %s", ys[i].year, dd_money_format_cents_grouped(got, amt));
		dd__report_bar(b, x0 + bw + bw / 8, dd__report_py(&p, got), bw, p.bt - dd__report_py(&p, got), C_BLUE, MK_SOLID, tb);
		dd__report_text_open(b, x0 + bw + bw / 8 + bw / 2, dd__report_py(&p, got) - 50, "font-size=\"11\" text-anchor=\"middle\"");
		dd__report_compact(b, got);
		dd__buf_puts(b, "</text>");
		dd__report_text_open(b, x0 + bw / 2, dd__report_py(&p, ys[i].commitment) - 50, "font-size=\"11\" text-anchor=\"middle\"");
		dd__report_compact(b, ys[i].commitment);
		dd__buf_puts(b, "</text>");
		if (fy) {
			long long bx = x0 + 2 * (bw + bw / 8);
			snprintf(tb, sizeof tb, "year %d projected counted, P50: %s", ys[i].year,
				 dd_money_format_cents_grouped(fy->counted.p50, amt));
			dd__report_bar(b, bx, dd__report_py(&p, fy->counted.p50), bw, p.bt - dd__report_py(&p, fy->counted.p50), C_ORANGE, MK_STRIPES, tb);
			long long wx = bx + bw / 2;
			dd__report_line(b, wx, dd__report_py(&p, fy->counted.p10), wx, dd__report_py(&p, fy->counted.p90), "stroke=\"#000\" stroke-width=\"2\"");
			dd__report_line(b, wx - 60, dd__report_py(&p, fy->counted.p10), wx + 60, dd__report_py(&p, fy->counted.p10), "stroke=\"#000\" stroke-width=\"2\"");
			dd__report_line(b, wx - 60, dd__report_py(&p, fy->counted.p90), wx + 60, dd__report_py(&p, fy->counted.p90), "stroke=\"#000\" stroke-width=\"2\"");
		}
		snprintf(tb, sizeof tb, "year %d: %s to %s", ys[i].year, dd_date_format(ys[i].start, d1), dd_date_format(ys[i].end, d2));
		dd__report_text(b, cx, p.bt + 160, "font-size=\"11\" text-anchor=\"middle\"", tb);
	}
	dd__report_text(b, (p.l + p.r) / 2, p.bt + 330, "font-size=\"12\" text-anchor=\"middle\"", "contract year");
	dd__buf_puts(b, "</svg></figure>\n");

	dd__report_table_open(b, "commitment", "Commitment per contract year (drawdown commitment)");
	static const char *const h1[] = {"Year", "Start", "End", "Commitment", "Counted", "Carried in", "Shortfall", NULL};
	static const char *const h2[] = {"Year",      "Start",     "End",	  "Commitment",	      "Counted",
					 "Carried in", "Shortfall", "Projected P10", "Projected P50", "Projected P90",
					 "Shortfall probability", "Expected shortfall", NULL};
	dd__report_th_row(b, r->in->forecast ? h2 : h1, "lllrrrrrrrrr");
	for (int i = 0; i < ny; i++) {
		dd__buf_printf(b, "<tr data-year=\"%d\"><td>%d</td>", ys[i].year, ys[i].year);
		dd__report_td_text(b, "start", dd_date_format(ys[i].start, d1));
		dd__report_td_text(b, "end", dd_date_format(ys[i].end, d1));
		dd__report_td_money(b, "commitment", ys[i].commitment);
		dd__report_td_money(b, "counted", ys[i].counted);
		dd__report_td_money(b, "carried_in", ys[i].carried_in);
		dd__report_td_money(b, "shortfall", ys[i].shortfall);
		if (r->in->forecast) {
			const dd_fc_year *fy = fc_year(r, ys[i].year);
			if (fy) {
				dd__report_td_money(b, "counted_p10", fy->counted.p10);
				dd__report_td_money(b, "counted_p50", fy->counted.p50);
				dd__report_td_money(b, "counted_p90", fy->counted.p90);
				dd__buf_puts(b, "<td class=\"n\" data-f=\"shortfall_probability\">");
				dd__report_percent(b, fy->shortfall_probability);
				dd__buf_puts(b, "</td>");
				dd__report_td_money(b, "shortfall_mean", fy->shortfall.mean);
			} else {
				dd__buf_puts(b, "<td></td><td></td><td></td><td></td><td></td>");
			}
		}
		dd__buf_puts(b, "</tr>");
	}
	dd__report_table_close(b);
	dd__buf_puts(b, "<p class=\"note\">Shortfall: what would be owed if the year ended at the end of the report's month.</p>\n</section>\n");
}

