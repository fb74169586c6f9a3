/* report_html.c: `drawdown report --html`: one self-contained HTML page
 * (report.h). Charts are inline SVG (report_svg.c, report_charts.c): no
 * script, no style sheet, font or image from anywhere, so the file opens
 * from an email attachment. Coordinates come from exact amounts with
 * integer arithmetic (tenths of a pixel), so a test can work them out by
 * hand; every amount printed is the verbs' own figure rounded half-even to
 * the cent. Colours are the Okabe-Ito palette, and no series is told apart
 * by colour alone: each also has its own stripes, dashes or outline, and a
 * legend with words. This file: the page, its head and headline figures,
 * the leakage, forecast and offers charts, the calendar. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_html.h"

/* ---- the report's state ------------------------------------------------------ */

/* Nearest-rank P10, P50 and P90 of v[0 .. n-1] (sorted in place). */
static dd_fc_band band_of(dd_money *v, size_t n)
{
	dd_fc_band bd;
	bd.p10 = dd_fc_quantile(v, n, 10);
	bd.p50 = dd_fc_quantile(v, n, 50);
	bd.p90 = dd_fc_quantile(v, n, 90);
	return bd;
}

/* The forecast's balance bands. The total of all credits: the as-of
 * balance less, on each path, every credit used (before and after the
 * discount, support credits) and every expiry, month by month. Each
 * credit's, when the forecast kept its balances (path_balance). */
static int bands(dd__rep *r)
{
	const dd_forecast *f = r->in->forecast;
	if (!f || f->months <= 0 || f->paths <= 0) return 0;
	dd_money r0 = dd_money_zero();
	for (size_t c = 0; c < f->ncredits; c++) r0 = dd_money_add(r0, f->credits[c].remaining);
	size_t P = (size_t)f->paths, K = (size_t)f->months, nc = f->ncredits;
	size_t A = K < DD__REPORT_AHEAD ? K : DD__REPORT_AHEAD;
	dd_money *v = malloc(P * K * sizeof *v), *col = malloc(P * sizeof *col);
	r->total_band = calloc(K, sizeof *r->total_band);
	if (f->path_balance && nc) r->credit_band = calloc(nc * DD__REPORT_AHEAD, sizeof *r->credit_band);
	int rc = 0;
	if (!v || !col || !r->total_band || (f->path_balance && nc && !r->credit_band)) {
		rc = DD_ENOMEM;
		goto out;
	}
	for (size_t p = 0; p < P; p++) {
		dd_money bal = r0;
		for (size_t k = 0; k < K; k++) {
			const dd_money *m = &f->path_months[(p * K + k) * DD_FC_NFIELDS];
			bal = dd_money_sub(bal, m[DD_FC_CREDITS]);
			bal = dd_money_sub(bal, m[DD_FC_SUPPORT_CREDITS]);
			bal = dd_money_sub(bal, m[DD_FC_LEAKAGE]);
			v[k * P + p] = dd_money_is_neg(bal) ? dd_money_zero() : bal;
		}
	}
	for (size_t k = 0; k < K; k++) {
		memcpy(col, v + k * P, P * sizeof *col);
		r->total_band[k] = band_of(col, P);
	}
	for (size_t c = 0; r->credit_band && c < nc; c++)
		for (size_t k = 0; k < A; k++) {
			for (size_t p = 0; p < P; p++) col[p] = f->path_balance[(p * K + k) * nc + c];
			r->credit_band[c * DD__REPORT_AHEAD + k] = band_of(col, P);
		}
out:
	free(v);
	free(col);
	return rc;
}

/* ---- page head ------------------------------------------------------------------ */

static const char css[] =
	":root{color-scheme:light}\n"
	"body{font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif;color:#111;"
	"background:#fff;margin:0 auto;max-width:1080px;padding:0 12px 48px}\n"
	"h1{font-size:1.45rem;margin:18px 0 4px}h2{font-size:1.15rem;margin:32px 0 6px;border-bottom:1px solid #bbb}\n"
	"p{margin:4px 0 8px}.note{color:#444;font-size:.9rem}\n"
	"nav{margin:8px 0}nav a{margin-right:12px;color:#0b4f8a}\n"
	"figure{margin:6px 0;overflow-x:auto}\n"
	"svg{display:block;width:100%;min-width:560px;height:auto}\n"
	"svg text{fill:#111;font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"DejaVu Sans\",sans-serif}\n"
	".tbl{overflow-x:auto;margin:6px 0 14px}\n"
	"table{border-collapse:collapse;font-size:.85rem;font-variant-numeric:tabular-nums}\n"
	"caption{text-align:left;font-weight:600;padding:2px 0 4px}\n"
	"th,td{padding:2px 8px;border-bottom:1px solid #ddd;white-space:nowrap;text-align:left}\n"
	"td[data-f=message]{white-space:normal;min-width:22em}"
	"th{background:#f3f3f3}.n{text-align:right}tr.total td{font-weight:600;border-top:2px solid #888}\n"
	"dl.kf{display:flex;flex-wrap:wrap;gap:8px 28px;margin:10px 0}dl.kf div{min-width:150px}"
	"dl.kf dt{font-size:.8rem;color:#444}dl.kf dd{margin:0;font-size:1.1rem;font-weight:600}\n"
	"@media print{body{max-width:none;font-size:10pt;padding:0}nav{display:none}"
	"section{break-inside:avoid-page}figure,.tbl{overflow:visible}svg{min-width:0}"
	"table{font-size:8pt}th,td{white-space:normal}h2{break-after:avoid}}\n";

static void head(dd__buf *b, const dd__rep *r)
{
	char mb[8];
	dd__buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>drawdown report: payer ");
	dd__buf_html(b, r->book->payer);
	dd__buf_printf(b, ", %s</title>\n<style>\n%s</style>\n</head>\n<body>\n", dd_month_format(r->month, mb), css);
}

static void summary(dd__buf *b, const dd__rep *r)
{
	char m1[8], m2[8];
	const dd_book *k = r->book;
	dd__buf_puts(b, "<header><h1>Credits, commitment and bills: payer ");
	dd__buf_html(b, k->payer);
	dd__buf_printf(b, " at the end of %s</h1>\n<p class=\"note\">Book ", dd_month_format(r->month, m1));
	dd__buf_html(b, k->path);
	dd__buf_printf(b, "; months %s to %s; amounts in ", dd_month_format(r->first, m1), dd_month_format(r->month, m2));
	dd__buf_html(b, k->currency);
	dd__buf_puts(b, ", rounded half-even to the cent (the verbs' --json have them exact)");
	if (k->agreement.present) {
		dd__buf_puts(b, "; agreement ");
		dd__buf_html(b, k->agreement.id);
	}
	if (r->in->forecast)
		dd__buf_printf(b, "; forecast of %d months over %d paths, seed %llu", r->in->forecast->months,
			       r->in->forecast->paths, (unsigned long long)r->in->forecast->seed);
	dd__buf_puts(b, ".</p>\n");
	/* key figures */
	dd_money rem = dd_money_zero(), leak = dd_money_zero();
	for (size_t i = 0; i < k->ncredits; i++) {
		rem = dd_money_add(rem, r->last->credits[i].remaining);
		leak = dd_money_add(leak, r->last->credits[i].expired_total);
	}
	dd__buf_printf(b, "<dl class=\"kf\"><div><dt>Payable in %s</dt><dd data-f=\"payable\">", dd_month_format(r->month, m1));
	dd__report_cents(b, r->last->payable);
	dd__buf_puts(b, "</dd></div><div><dt>Credits remaining</dt><dd data-f=\"remaining\">");
	dd__report_cents(b, rem);
	dd__buf_puts(b, "</dd></div><div><dt>Expired unused so far</dt><dd data-f=\"leakage\">");
	dd__report_cents(b, leak);
	dd__buf_puts(b, "</dd></div>");
	if (r->in->years) {
		for (int y = 0; y < k->agreement.years; y++) {
			const dd_commit_year *cy = &r->in->years[y];
			if (dd_date_cmp(cy->end, dd_month_last_day(r->month)) < 0) continue;
			dd__buf_printf(b, "<div><dt>Year %d shortfall at the end of %s</dt><dd data-f=\"shortfall\">", cy->year,
				       dd_month_format(r->month, m1));
			dd__report_cents(b, cy->shortfall);
			dd__buf_puts(b, "</dd></div>");
			break;
		}
	}
	dd__buf_puts(b, "</dl>\n<nav><a href=\"#balance\">Balances</a> <a href=\"#waterfall\">Bills</a>");
	if (k->agreement.present) dd__buf_puts(b, " <a href=\"#commitment\">Commitment</a>");
	dd__buf_puts(b, " <a href=\"#leakage\">Leakage</a>");
	if (r->in->forecast) dd__buf_puts(b, " <a href=\"#forecast\">Forecast</a>");
	if (r->in->offers) dd__buf_puts(b, " <a href=\"#offers\">Offers</a>");
	dd__buf_puts(b, " <a href=\"#calendar\">Calendar</a></nav></header>\n");
}

/* ---- leakage ------------------------------------------------------------------ */

/* The amount axis of a horizontal bar chart: gridlines and labels at each
 * step from 0, both axis lines, the currency under it. */
static void amount_x_axis(dd__buf *b, const dd__plot *p, const char *currency)
{
	for (int i = 0; i <= p->nsteps; i++) {
		dd_money v = {(dd_i128)(p->step * i) * (DD_MONEY_SCALE / 100)};
		long long gx = p->l + dd__report_scale(v, p->max, (int)((p->r - p->l) / 10));
		dd__report_line(b, gx, p->t, gx, p->bt, "stroke=\"#d9d9d9\"");
		dd__report_text_open(b, gx, p->bt + 160, "font-size=\"11\" text-anchor=\"middle\"");
		dd__report_units(b, p->step * i);
		dd__buf_puts(b, "</text>");
	}
	dd__report_line(b, p->l, p->t, p->l, p->bt, "stroke=\"#444\"");
	dd__report_line(b, p->l, p->bt, p->r, p->bt, "stroke=\"#444\"");
	dd__report_text(b, (p->l + p->r) / 2, p->bt + 330, "font-size=\"12\" text-anchor=\"middle\"", currency);
}

static void chart_leakage(dd__buf *b, const dd__rep *r)
{
	const dd_book *book = r->book;
	const dd_forecast *f = r->in->forecast;
	dd_money sofar[DD_CREDIT_TYPE_COUNT], ahead[DD_CREDIT_TYPE_COUNT];
	for (int t = 0; t < DD_CREDIT_TYPE_COUNT; t++) sofar[t] = ahead[t] = dd_money_zero();
	for (size_t i = 0; i < book->ncredits; i++) {
		dd_credit_type t = book->credits[i].type;
		sofar[t] = dd_money_add(sofar[t], r->last->credits[i].expired_total);
		/* the mean, because means add up across credits (P50s do not) */
		if (f && i < f->ncredits) ahead[t] = dd_money_add(ahead[t], f->credits[i].leakage.mean);
	}
	int rows = 0;
	dd_money max = dd_money_zero();
	for (int t = 0; t < DD_CREDIT_TYPE_COUNT; t++)
		if (dd_money_is_pos(sofar[t]) || dd_money_is_pos(ahead[t])) {
			rows++;
			max = dd_money_max(max, dd_money_max(sofar[t], ahead[t]));
		}
	int per = f ? 2 : 1;
	long long rowh = f ? 560 : 360, h = 700 + (rows ? rows : 1) * rowh + 500;
	dd__plot p = {1500, 6600, 500, 500 + (rows ? rows : 1) * rowh, {0}, 0, 0};
	p.max = dd__report_nice_max(max, &p.step, &p.nsteps);
	dd__buf_puts(b, "<section id=\"leakage\"><h2>Leakage by credit type</h2>\n<p class=\"note\">What expired unused "
			"through the report's month");
	if (f) dd__buf_puts(b, ", and what the forecast expects to expire unused after it (the mean over the paths)");
	dd__buf_puts(b, ".</p>\n<figure>");
	dd__report_svg_open(b, "leakage", h, "Credits expired unused, by credit type");
	long long x = 100;
	x = dd__report_legend_bar(b, x, 220, C_VERMILLION, MK_SOLID, "expired unused so far");
	if (f) dd__report_legend_bar(b, x, 220, C_PURPLE, MK_STRIPES, "expected to expire unused (forecast mean)");
	char tb[160], amt[DD_MONEY_STRMAX];
	if (!rows) {
		dd__report_text(b, p.l, p.t + 200, "font-size=\"13\"",
		     f ? "No credit has expired unused, and none is expected to." : "No credit has expired unused so far.");
		dd__report_line(b, p.l, p.t, p.l, p.bt, "stroke=\"#444\"");
	} else {
		/* x axis: the amount, left to right */
		amount_x_axis(b, &p, book->currency);
		int row = 0;
		for (int t = 0; t < DD_CREDIT_TYPE_COUNT; t++) {
			if (!dd_money_is_pos(sofar[t]) && !dd_money_is_pos(ahead[t])) continue;
			long long y0 = p.t + row * rowh + 60;
			const char *tn = dd_credit_type_name((dd_credit_type)t);
			dd__report_text(b, p.l - 60, y0 + (per == 2 ? 290 : 190), "font-size=\"12\" text-anchor=\"end\"", tn);
			for (int s = 0; s < per; s++) {
				dd_money v = s ? ahead[t] : sofar[t];
				long long w = dd__report_scale(v, p.max, (int)((p.r - p.l) / 10)), by = y0 + s * 230;
				snprintf(tb, sizeof tb, "%s %s: %s", tn, s ? "expected ahead (mean)" : "expired so far",
					 dd_money_format_cents_grouped(v, amt));
				if (!dd_money_is_pos(v)) continue;
				if (w < 10) w = 10;
				dd__report_bar(b, p.l, by, w, 200, s ? C_PURPLE : C_VERMILLION, s ? MK_STRIPES : MK_SOLID, tb);
				dd__report_text_open(b, p.l + w + 50, by + 150, "font-size=\"11\"");
				dd__report_cents(b, v);
				dd__buf_puts(b, "</text>");
			}
			row++;
		}
	}
	dd__buf_puts(b, "</svg></figure>\n");
	dd__report_table_open(b, "leakage", "Expired unused by credit type (drawdown balance)");
	static const char *const h1[] = {"Type", "Expired unused", NULL};
	static const char *const h2[] = {"Type", "Expired unused", "Expected ahead (mean)", NULL};
	dd__report_th_row(b, f ? h2 : h1, "lrr");
	for (int t = 0; t < DD_CREDIT_TYPE_COUNT; t++) {
		if (!dd_money_is_pos(sofar[t]) && !dd_money_is_pos(ahead[t])) continue;
		const char *tn = dd_credit_type_name((dd_credit_type)t);
		dd__buf_printf(b, "<tr data-type=\"%s\"><td>%s</td>", tn, tn);
		dd__report_td_money(b, "expired", sofar[t]);
		if (f) dd__report_td_money(b, "expected", ahead[t]);
		dd__buf_puts(b, "</tr>");
	}
	dd__report_table_close(b);
	dd__buf_puts(b, "</section>\n");
}

/* ---- forecast ------------------------------------------------------------------ */

static void chart_forecast(dd__buf *b, const dd__rep *r)
{
	const dd_forecast *f = r->in->forecast;
	if (!f || f->months <= 0) return;
	size_t nh = r->in->nbills < 12 ? r->in->nbills : 12, nx = nh + (size_t)f->months;
	size_t h0 = r->in->nbills - nh; /* the first history month shown */
	dd_month first = r->first + (dd_month)h0;
	dd__plot p = {900, 7000, 500, 2700, {0}, 0, 0};
	dd_money max = dd_money_zero();
	for (size_t i = h0; i < r->in->nbills; i++) max = dd_money_max(max, r->in->bills[i].payable);
	for (int k = 0; k < f->months; k++) {
		max = dd_money_max(max, f->month[k].band[DD_FC_PAYABLE].p90);
		max = dd_money_max(max, f->month[k].band[DD_FC_GROSS].p50);
	}
	p.max = dd__report_nice_max(max, &p.step, &p.nsteps);
	dd__buf_puts(b, "<section id=\"forecast\"><h2>Forecast</h2>\n<p class=\"note\">The payable bill of each month "
			"ahead (P50, and the P10-P90 band over the paths) and the P50 gross, after the last months' "
			"actual bills. A contract year's shortfall is billed in its last month.</p>\n<figure>");
	dd__report_svg_open(b, "forecast", 3100, "Forecast of the monthly bill: payable P10, P50, P90 and gross P50");
	long long x = 100;
	/* the actual months also have dots, so they differ from the P50 line by more than colour */
	dd__buf_puts(b, "<circle cx=\"");
	dd__report_co(b, x + 120);
	dd__buf_puts(b, "\" cy=\"");
	dd__report_co(b, 180);
	dd__buf_puts(b, "\" r=\"2.5\" fill=\"" C_BLACK "\"/>");
	x = dd__report_legend_line(b, x, 220, C_BLACK, "", 2, "payable, actual");
	x = dd__report_legend_line(b, x, 220, C_BLUE, "", 2, "payable P50");
	x = dd__report_legend_band(b, x, 220, C_SKY, "payable P10-P90");
	dd__report_legend_line(b, x, 220, C_ORANGE, "7 3", 2, "gross P50");
	dd__report_y_axis(b, &p, r->book->currency, true);
	dd__buf_puts(b, "<polygon fill=\"" C_SKY "\" fill-opacity=\"0.35\" stroke=\"" C_BLUE
			"\" stroke-width=\"0.8\" stroke-dasharray=\"2 2\" points=\"");
	for (int k = 0; k < f->months; k++) {
		dd__report_co(b, dd__report_slot_x(&p, nh + (size_t)k, nx));
		dd__buf_puts(b, ",");
		dd__report_co(b, dd__report_py(&p, f->month[k].band[DD_FC_PAYABLE].p90));
		dd__buf_puts(b, " ");
	}
	for (int k = f->months - 1; k >= 0; k--) {
		dd__report_co(b, dd__report_slot_x(&p, nh + (size_t)k, nx));
		dd__buf_puts(b, ",");
		dd__report_co(b, dd__report_py(&p, f->month[k].band[DD_FC_PAYABLE].p10));
		dd__buf_puts(b, " ");
	}
	dd__buf_puts(b, "\"/>");
	/* gross P50 dashed, payable P50 solid blue, history solid black */
	for (int s = 0; s < 2; s++) {
		dd__buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"", s ? C_BLUE : C_ORANGE,
			       s ? "" : " stroke-dasharray=\"7 3\"");
		for (int k = 0; k < f->months; k++) {
			dd__report_co(b, dd__report_slot_x(&p, nh + (size_t)k, nx));
			dd__buf_puts(b, ",");
			dd__report_co(b, dd__report_py(&p, f->month[k].band[s ? DD_FC_PAYABLE : DD_FC_GROSS].p50));
			dd__buf_puts(b, " ");
		}
		dd__buf_puts(b, "\"/>");
	}
	dd__buf_puts(b, "<polyline fill=\"none\" stroke=\"" C_BLACK "\" stroke-width=\"2\" points=\"");
	for (size_t i = 0; i < nh; i++) {
		dd__report_co(b, dd__report_slot_x(&p, i, nx));
		dd__buf_puts(b, ",");
		dd__report_co(b, dd__report_py(&p, r->in->bills[h0 + i].payable));
		dd__buf_puts(b, " ");
	}
	dd__buf_puts(b, "\"/>");
	for (size_t i = 0; i < nh; i++) {
		dd__buf_puts(b, "<circle cx=\"");
		dd__report_co(b, dd__report_slot_x(&p, i, nx));
		dd__buf_puts(b, "\" cy=\"");
		dd__report_co(b, dd__report_py(&p, r->in->bills[h0 + i].payable));
		dd__buf_puts(b, "\" r=\"2.5\" fill=\"" C_BLACK "\"/>");
	}
	long long ax = dd__report_slot_x(&p, nh - 1, nx);
	dd__report_line(b, ax, p.t, ax, p.bt, "stroke=\"#999\" stroke-dasharray=\"1 2\"");
	dd__report_text(b, ax + 40, p.t + 120, "font-size=\"11\"", "forecast \xe2\x86\x92");
	dd__report_x_months(b, &p, first, nx, "month");
	dd__buf_puts(b, "</svg></figure>\n");

	char mb[8];
	dd__report_table_open(b, "forecast", "Monthly bill ahead, P50 of each total and the payable's P10-P90 (drawdown forecast)");
	static const char *const hf[] = {"Month",	"Gross P50",   "Credits P50", "Discount P50", "Support fee P50",
					 "Payable P10", "Payable P50", "Payable P90", "Counted P50", NULL};
	dd__report_th_row(b, hf, "lrrrrrrrr");
	for (int k = 0; k < f->months; k++) {
		const dd_fc_band *bd = f->month[k].band;
		dd__buf_printf(b, "<tr data-month=\"%s\"><td>%s</td>", dd_month_format(f->month[k].month, mb), mb);
		dd__report_td_money(b, "gross_p50", bd[DD_FC_GROSS].p50);
		dd__report_td_money(b, "credits_p50", bd[DD_FC_CREDITS].p50);
		dd__report_td_money(b, "discount_p50", bd[DD_FC_DISCOUNT].p50);
		dd__report_td_money(b, "support_fee_p50", bd[DD_FC_SUPPORT_FEE].p50);
		dd__report_td_money(b, "payable_p10", bd[DD_FC_PAYABLE].p10);
		dd__report_td_money(b, "payable_p50", bd[DD_FC_PAYABLE].p50);
		dd__report_td_money(b, "payable_p90", bd[DD_FC_PAYABLE].p90);
		dd__report_td_money(b, "counted_p50", bd[DD_FC_COUNTED].p50);
		dd__buf_puts(b, "</tr>");
	}
	dd__report_table_close(b);

	dd__report_table_open(b, "forecast-credits", "Each credit ahead (drawdown forecast)");
	static const char *const hc[] = {"Credit", "Expires", "Remaining", "Used up (P50)", "Leakage P50", "Leakage mean",
					 "Leak probability", "Ask for expiry", NULL};
	dd__report_th_row(b, hc, "llrlrrrl");
	char d[11];
	for (size_t c = 0; c < f->ncredits && c < r->book->ncredits; c++) {
		const dd_fc_credit *fc = &f->credits[c];
		const dd_credit *k = &r->book->credits[fc->credit < r->book->ncredits ? fc->credit : c];
		if (dd_date_cmp(k->expires, dd_month_last_day(f->as_of)) <= 0) continue;
		dd__buf_puts(b, "<tr data-credit=\"");
		dd__buf_html(b, k->id);
		dd__buf_puts(b, "\">");
		dd__report_td_text(b, "id", k->id);
		dd__report_td_text(b, "expires", dd_date_format(k->expires, d));
		dd__report_td_money(b, "remaining", fc->remaining);
		dd__report_td_text(b, "exhausted_p50", fc->exhausted_p50 == DD_MONTH_NONE ? "not used up" : dd_month_format(fc->exhausted_p50, mb));
		dd__report_td_money(b, "leakage_p50", fc->leakage.p50);
		dd__report_td_money(b, "leakage_mean", fc->leakage.mean);
		dd__buf_puts(b, "<td class=\"n\" data-f=\"leak_probability\">");
		dd__report_percent(b, fc->leak_probability);
		dd__buf_puts(b, "</td>");
		dd__report_td_text(b, "suggested_expiry", fc->has_suggested ? dd_date_format(fc->suggested_expiry, d) : "");
		dd__buf_puts(b, "</tr>");
	}
	dd__report_table_close(b);
	dd__buf_puts(b, "</section>\n");
}

/* ---- offers ------------------------------------------------------------------ */

static void chart_offers(dd__buf *b, const dd__rep *r)
{
	const dd_offers_result *o = r->in->offers;
	if (!o) return;
	const dd_offer_input *in = r->in->offer_inputs;
	size_t n = o->n;
	dd_money max = dd_money_zero();
	for (size_t i = 0; i < n; i++) {
		max = dd_money_max(max, o->offers[i].base.npv);
		max = dd_money_max(max, o->offers[i].base.leakage);
		max = dd_money_max(max, o->offers[i].base.shortfall);
	}
	long long rowh = 900;
	dd__plot p = {400, 6300, 500, 500 + (long long)(n ? n : 1) * rowh, {0}, 0, 0};
	p.max = dd__report_nice_max(max, &p.step, &p.nsteps);
	char rt[DD_MONEY_STRMAX], tb[300], amt[DD_MONEY_STRMAX], mb[8];
	dd__buf_printf(b, "<section id=\"offers\"><h2>Offers</h2>\n<p class=\"note\">Each offer on the same forecast paths "
			  "after %s: the expected net present value of what is paid over its term (NPV at %s%% a year), what "
			  "its credits are expected to let expire, and the expected commitment shortfall. Rank 1 costs the "
			  "least.</p>\n<figure>",
		       dd_month_format(o->as_of, mb), dd_money_format(o->rate, rt));
	dd__report_svg_open(b, "offers", 500 + (long long)(n ? n : 1) * rowh + 500, "Offers side by side: NPV, leakage and shortfall");
	long long x = 100;
	x = dd__report_legend_bar(b, x, 220, C_BLUE, MK_SOLID, "NPV of what is paid");
	x = dd__report_legend_bar(b, x, 220, C_VERMILLION, MK_STRIPES, "leakage");
	dd__report_legend_bar(b, x, 220, C_PURPLE, MK_DASHED, "shortfall");
	amount_x_axis(b, &p, r->book->currency);
	static const char *const names[3] = {"NPV", "leakage", "shortfall"};
	static const char *const colours[3] = {C_BLUE, C_VERMILLION, C_PURPLE};
	static const dd__mark kinds[3] = {MK_SOLID, MK_STRIPES, MK_DASHED};
	for (size_t i = 0; i < n; i++) {
		const dd_offer_result *of = &o->offers[i];
		long long y0 = p.t + (long long)i * rowh + 40;
		/* the name above its bars, so a long one needs no room at the left */
		dd__report_text_open(b, p.l + 40, y0 + 130, "font-size=\"12\" font-weight=\"600\"");
		dd__buf_printf(b, "#%d ", of->rank);
		dd__buf_html(b, in[i].name);
		dd__buf_puts(b, "</text>");
		dd_money vals[3] = {of->base.npv, of->base.leakage, of->base.shortfall};
		for (int s = 0; s < 3; s++) {
			long long w = dd__report_scale(vals[s], p.max, (int)((p.r - p.l) / 10)), by = y0 + 200 + s * 210;
			if (w < 10 && dd_money_is_pos(vals[s])) w = 10;
			snprintf(tb, sizeof tb, "%s %s: %s", in[i].name, names[s], dd_money_format_cents_grouped(vals[s], amt));
			dd__report_bar(b, p.l, by, w, 180, colours[s], kinds[s], tb);
			dd__report_text_open(b, p.l + w + 50, by + 140, "font-size=\"11\"");
			dd__buf_printf(b, "%s ", names[s]);
			dd__report_cents(b, vals[s]);
			dd__buf_puts(b, "</text>");
		}
	}
	dd__buf_puts(b, "</svg></figure>\n");
	dd__report_table_open(b, "offers", "Offers compared (drawdown offers compare)");
	static const char *const ho[] = {"Rank",	   "Offer",	 "Term",	   "List spend",
					 "Payable (mean)", "NPV",	 "Leakage",	   "Shortfall",
					 "Shortfall probability", "Effective discount", "Points", NULL};
	dd__report_th_row(b, ho, "rllrrrrrrrr");
	char d1[11], d2[11], s[DD_MONEY_STRMAX];
	for (int rank = 1; rank <= (int)n; rank++)
		for (size_t i = 0; i < n; i++) {
			const dd_offer_result *of = &o->offers[i];
			if (of->rank != rank) continue;
			dd__buf_printf(b, "<tr data-offer=\"%zu\"><td class=\"n\">%d</td>", i, rank);
			dd__report_td_text(b, "name", in[i].name);
			snprintf(tb, sizeof tb, "%s to %s", dd_date_format(of->base.term_start, d1), dd_date_format(of->base.term_end, d2));
			dd__report_td_text(b, "term", tb);
			dd__report_td_money(b, "list_spend", of->base.list_spend);
			dd__report_td_money(b, "payable", of->base.payable.mean);
			dd__report_td_money(b, "npv", of->base.npv);
			dd__report_td_money(b, "leakage", of->base.leakage);
			dd__report_td_money(b, "shortfall", of->base.shortfall);
			dd__buf_puts(b, "<td class=\"n\" data-f=\"shortfall_probability\">");
			dd__report_percent(b, of->base.shortfall_probability);
			dd__buf_printf(b, "</td><td class=\"n\" data-f=\"effective_discount_percent\">%s%%</td>",
				       dd_money_format(of->base.effective_discount_percent, s));
			dd__buf_printf(b, "<td class=\"n\" data-f=\"points\">%s</td></tr>",
				       of->points_found ? dd_money_format(of->credit_equivalent_points, s) : "&#8211;");
		}
	dd__report_table_close(b);
	dd__buf_puts(b, "<ul class=\"note\">");
	for (size_t i = 0; i < n; i++) {
		dd__buf_puts(b, "<li>");
		dd__buf_html(b, in[i].name);
		dd__buf_puts(b, ": ");
		dd__buf_html(b, o->offers[i].reason);
		dd__buf_puts(b, "</li>");
	}
	dd__buf_puts(b, "</ul>\n</section>\n");
}

/* ---- calendar ------------------------------------------------------------------ */

static void calendar(dd__buf *b, const dd__rep *r)
{
	const dd_calendar *cal = r->in->calendar;
	char d[11];
	dd__buf_puts(b, "<section id=\"calendar\"><h2>Calendar ahead</h2>\n");
	if (!cal || cal->n == 0) {
		dd__buf_puts(b, "<p>No dated events ahead.</p>\n</section>\n");
		return;
	}
	dd__buf_puts(b, "<p class=\"note\">Every dated event after the report's month (drawdown calendar); deadlines are "
			"marked <strong>deadline</strong>.</p>\n");
	dd__report_table_open(b, "calendar", "Dated events ahead (drawdown calendar)");
	static const char *const hc[] = {"Date", "Event", "Subject", "Amount", "What", NULL};
	dd__report_th_row(b, hc, "lllrl");
	for (size_t i = 0; i < cal->n; i++) {
		const dd_event *e = &cal->items[i];
		bool dl = dd_event_kind_is_deadline(e->kind);
		dd__buf_printf(b, "<tr data-kind=\"%s\"%s>", dd_event_kind_name(e->kind), dl ? " class=\"deadline\"" : "");
		dd__report_td_text(b, "date", dd_date_format(e->date, d));
		dd__buf_printf(b, "<td data-f=\"kind\">%s%s</td>", dd_event_kind_name(e->kind), dl ? " <strong>deadline</strong>" : "");
		dd__report_td_text(b, "subject", e->subject);
		if (e->has_amount) dd__report_td_money(b, "amount", e->amount);
		else dd__buf_puts(b, "<td class=\"n\" data-f=\"amount\"></td>");
		dd__report_td_text(b, "message", e->message);
		dd__buf_puts(b, "</tr>");
	}
	dd__report_table_close(b);
	dd__buf_puts(b, "</section>\n");
}

/* ---- the page ------------------------------------------------------------------ */

int dd_report_html(const dd_report_input *in, char **html, size_t *len)
{
	dd_error_clear();
	*html = NULL;
	if (len) *len = 0;
	if (!in || !in->book || !in->bills || in->nbills == 0)
		return dd_error_set(DD_EINVALID, "report: no months to report (the bills are missing)");
	for (size_t i = 0; i < in->nbills; i++)
		if (in->bills[i].ncredits < in->book->ncredits)
			return dd_error_set(DD_EINVALID, "report: the bill of month %zu has %zu credits, the book %zu", i,
					    in->bills[i].ncredits, in->book->ncredits);
	if (in->offers && in->offers->n && !in->offer_inputs)
		return dd_error_set(DD_EINVALID, "report: offers without their names and books");
	if (in->forecast && in->forecast->ncredits != in->book->ncredits)
		return dd_error_set(DD_EINVALID, "report: the forecast has %zu credits, the book %zu", in->forecast->ncredits,
				    in->book->ncredits);
	char m1[8], m2[8];
	if (in->forecast && in->forecast->as_of != in->bills[in->nbills - 1].month)
		return dd_error_set(DD_EINVALID, "report: the forecast starts after %s, the report's month is %s",
				    dd_month_format(in->forecast->as_of, m1), dd_month_format(in->bills[in->nbills - 1].month, m2));
	dd__rep r = {in, in->book, &in->bills[in->nbills - 1], in->bills[0].month, in->bills[in->nbills - 1].month, NULL,
		     NULL};
	if (bands(&r)) {
		free(r.total_band);
		free(r.credit_band);
		return dd_error_set(DD_ENOMEM, "report: out of memory");
	}
	dd__buf b = {0};
	head(&b, &r);
	summary(&b, &r);
	dd__buf_puts(&b, "<main>\n");
	dd__report_chart_balance(&b, &r);
	dd__report_chart_waterfall(&b, &r);
	dd__report_chart_commitment(&b, &r);
	chart_leakage(&b, &r);
	chart_forecast(&b, &r);
	chart_offers(&b, &r);
	calendar(&b, &r);
	dd__buf_puts(&b, "</main>\n<footer class=\"note\"><p>Written by drawdown report. The page needs no network and no "
			 "script: charts are inline SVG, and each table under a chart holds the figures it draws.</p></footer>\n"
			 "</body>\n</html>\n");
	free(r.total_band);
	free(r.credit_band);
	size_t n = 0;
	char *s = dd__buf_take(&b, &n);
	if (!s) return dd_error_set(DD_ENOMEM, "report: out of memory");
	*html = s;
	if (len) *len = n;
	return 0;
}

