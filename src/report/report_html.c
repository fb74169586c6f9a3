/* report_html.c: `drawdown report --html`: one self-contained HTML page
 * (report.h). Charts are inline SVG drawn here: no script, no style sheet,
 * font or image from anywhere, so the file opens from an email attachment.
 * Coordinates come from exact amounts with integer arithmetic (tenths of a
 * pixel), so a test can work them out by hand; every amount printed is the
 * verbs' own figure rounded half-even to the cent. Colours are the
 * Okabe-Ito palette, and no series is told apart by colour alone: each
 * also has its own stripes, dashes or outline, and a legend with words. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown/report.h"
#include "report_html.h"
#include "report_int.h"

/* Okabe-Ito: safe for the common colour-vision deficiencies. */
#define C_ORANGE "#E69F00"
#define C_SKY "#56B4E9"
#define C_GREEN "#009E73"
#define C_BLUE "#0072B2"
#define C_VERMILLION "#D55E00"
#define C_PURPLE "#CC79A7"
#define C_BLACK "#000000"
#define C_GREY "#767676"

/* The width of every chart's viewBox; the page scales it to the window. */
#define VW 720

/* ---- exact scales --------------------------------------------------------- */

static long long cents_of(dd_money m)
{
	dd_money r = dd_money_round(m, 2);
	return (long long)(r.v / (DD_MONEY_SCALE / 100));
}

long long dd__report_scale(dd_money v, dd_money max, int px)
{
	if (!dd_money_is_pos(max) || !dd_money_is_pos(v)) return 0;
	if (dd_money_cmp(v, max) >= 0) return (long long)px * 10;
	dd_i128 num = v.v * (dd_i128)px * 10, den = max.v;
	return (long long)((2 * num + den) / (2 * den));
}

dd_money dd__report_nice_max(dd_money max, long long *step_cents, int *nsteps)
{
	long long c = cents_of(max);
	if (c < 100) c = 100;
	for (long long base = 1;; base *= 10) {
		const long long mult[4][2] = {{10, 10}, {20, 10}, {25, 10}, {50, 10}};
		for (int i = 0; i < 4; i++) {
			long long step = base * mult[i][0] / mult[i][1];
			if (step == 0) continue;
			long long n = (c + step - 1) / step;
			if (n <= 5) {
				if (step_cents) *step_cents = step;
				if (nsteps) *nsteps = (int)n;
				dd_money m = {(dd_i128)(n * step) * (DD_MONEY_SCALE / 100)};
				return m;
			}
		}
	}
}

/* A coordinate in tenths of a pixel, as SVG text ("12.3"). */
static void co(dd__buf *b, long long t)
{
	if (t < 0) {
		dd__buf_puts(b, "-");
		t = -t;
	}
	if (t % 10) dd__buf_printf(b, "%lld.%lld", t / 10, t % 10);
	else dd__buf_printf(b, "%lld", t / 10);
}

static void cents(dd__buf *b, dd_money m)
{
	char s[DD_MONEY_STRMAX];
	dd__buf_puts(b, dd_money_format_cents_grouped(m, s));
}

/* A whole amount with thousands separators, for axis ticks. */
static void grouped_units(dd__buf *b, long long cents_v)
{
	char s[DD_MONEY_STRMAX];
	dd_money m = {(dd_i128)cents_v * (DD_MONEY_SCALE / 100)};
	dd_money_format_cents_grouped(m, s);
	size_t n = strlen(s);
	if (n > 3 && strcmp(s + n - 3, ".00") == 0) s[n - 3] = '\0';
	dd__buf_puts(b, s);
}

/* A short label for a bar's end ("1.16M", "96.5K", "840"): reading aid
 * only, the table under the chart has the cents. */
static void compact(dd__buf *b, dd_money m)
{
	long long c = cents_of(m), a = c < 0 ? -c : c;
	const char *sg = c < 0 ? "-" : "";
	if (a >= 100000000LL) {
		long long t = (a + 500000) / 1000000; /* hundredths of a million */
		dd__buf_printf(b, "%s%lld.%02lldM", sg, t / 100, t % 100);
	} else if (a >= 100000LL) {
		long long t = (a + 5000) / 10000; /* tenths of a thousand */
		dd__buf_printf(b, "%s%lld.%lldK", sg, t / 10, t % 10);
	} else {
		dd__buf_printf(b, "%s%lld", sg, (a + 50) / 100);
	}
}

/* ---- SVG pieces ------------------------------------------------------------ */

static void rect(dd__buf *b, long long x, long long y, long long w, long long h, const char *attrs)
{
	if (h < 0) {
		y += h;
		h = -h;
	}
	dd__buf_puts(b, "<rect x=\"");
	co(b, x);
	dd__buf_puts(b, "\" y=\"");
	co(b, y);
	dd__buf_puts(b, "\" width=\"");
	co(b, w);
	dd__buf_puts(b, "\" height=\"");
	co(b, h);
	dd__buf_printf(b, "\" %s/>", attrs);
}

static void line(dd__buf *b, long long x1, long long y1, long long x2, long long y2, const char *attrs)
{
	dd__buf_puts(b, "<line x1=\"");
	co(b, x1);
	dd__buf_puts(b, "\" y1=\"");
	co(b, y1);
	dd__buf_puts(b, "\" x2=\"");
	co(b, x2);
	dd__buf_puts(b, "\" y2=\"");
	co(b, y2);
	dd__buf_printf(b, "\" %s/>", attrs);
}

/* Opens <text ...>; the caller writes the content and "</text>". */
static void text_open(dd__buf *b, long long x, long long y, const char *attrs)
{
	dd__buf_puts(b, "<text x=\"");
	co(b, x);
	dd__buf_puts(b, "\" y=\"");
	co(b, y);
	dd__buf_printf(b, "\" %s>", attrs);
}

static void text(dd__buf *b, long long x, long long y, const char *attrs, const char *s)
{
	text_open(b, x, y, attrs);
	dd__buf_html(b, s);
	dd__buf_puts(b, "</text>");
}

/* White horizontal stripes over a bar every 3 px: a pattern drawn as lines
 * (a <pattern> would need a url() reference). */
static void stripes(dd__buf *b, long long x, long long y, long long w, long long h)
{
	if (h < 0) {
		y += h;
		h = -h;
	}
	if (h < 30 || w <= 0) return;
	dd__buf_puts(b, "<path d=\"");
	for (long long k = y + 20; k < y + h - 5; k += 30) {
		dd__buf_puts(b, "M");
		co(b, x);
		dd__buf_puts(b, " ");
		co(b, k);
		dd__buf_puts(b, "h");
		co(b, w);
	}
	dd__buf_puts(b, "\" stroke=\"#fff\" stroke-width=\"1.2\" fill=\"none\"/>");
}

/* The kinds of mark a series is drawn with, for bars and their legend. */
typedef enum { MK_SOLID, MK_STRIPES, MK_DASHED, MK_OUTLINE } mark_kind;

static void bar(dd__buf *b, long long x, long long y, long long w, long long h, const char *colour, mark_kind k,
		const char *title)
{
	char attrs[160];
	switch (k) {
	case MK_SOLID:
	case MK_STRIPES: snprintf(attrs, sizeof attrs, "fill=\"%s\"", colour); break;
	case MK_DASHED:
		snprintf(attrs, sizeof attrs, "fill=\"%s\" stroke=\"#000\" stroke-width=\"1\" stroke-dasharray=\"3 2\"", colour);
		break;
	case MK_OUTLINE:
		snprintf(attrs, sizeof attrs,
			 "fill=\"#f2f2f2\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"", colour);
		break;
	}
	if (title) {
		dd__buf_puts(b, "<g><title>");
		dd__buf_html(b, title);
		dd__buf_puts(b, "</title>");
	}
	rect(b, x, y, w, h, attrs);
	if (k == MK_STRIPES) stripes(b, x, y, w, h);
	if (title) dd__buf_puts(b, "</g>");
}

/* One legend entry at (x, y): a swatch like the series and its words;
 * returns the x after it. kind -1: a line (dash "" solid). */
static long long legend_bar(dd__buf *b, long long x, long long y, const char *colour, mark_kind k, const char *words)
{
	bar(b, x, y - 100, 140, 120, colour, k, NULL);
	text(b, x + 190, y, "font-size=\"12\"", words);
	return x + 190 + (long long)strlen(words) * 68 + 200;
}

static long long legend_line(dd__buf *b, long long x, long long y, const char *colour, const char *dash, int width,
			     const char *words)
{
	char attrs[128];
	snprintf(attrs, sizeof attrs, "stroke=\"%s\" stroke-width=\"%d\"%s%s%s", colour, width, *dash ? " stroke-dasharray=\"" : "",
		 dash, *dash ? "\"" : "");
	line(b, x, y - 40, x + 240, y - 40, attrs);
	text(b, x + 290, y, "font-size=\"12\"", words);
	return x + 290 + (long long)strlen(words) * 68 + 200;
}

static long long legend_band(dd__buf *b, long long x, long long y, const char *colour, const char *words)
{
	char attrs[128];
	snprintf(attrs, sizeof attrs, "fill=\"%s\" fill-opacity=\"0.35\" stroke=\"%s\" stroke-dasharray=\"2 2\"", colour,
		 colour);
	rect(b, x, y - 100, 240, 120, attrs);
	text(b, x + 290, y, "font-size=\"12\"", words);
	return x + 290 + (long long)strlen(words) * 68 + 200;
}

/* A plot area in tenths of a pixel. */
typedef struct {
	long long l, r, t, bt; /* left, right, top, bottom */
	dd_money max;          /* the y axis runs 0 .. max */
	long long step;        /* tick step in cents */
	int nsteps;
} plot;

static long long py(const plot *p, dd_money v)
{
	return p->bt - dd__report_scale(v, p->max, (int)((p->bt - p->t) / 10));
}

/* The y axis: ticks with whole amounts, grid lines, the axis title. */
static void y_axis(dd__buf *b, const plot *p, const char *title, bool grid)
{
	for (int i = 0; i <= p->nsteps; i++) {
		dd_money v = {(dd_i128)(p->step * i) * (DD_MONEY_SCALE / 100)};
		long long y = py(p, v);
		if (grid) line(b, p->l, y, p->r, y, "stroke=\"#d9d9d9\" stroke-width=\"1\"");
		text_open(b, p->l - 60, y + 40, "font-size=\"11\" text-anchor=\"end\"");
		grouped_units(b, p->step * i);
		dd__buf_puts(b, "</text>");
	}
	line(b, p->l, p->t, p->l, p->bt, "stroke=\"#444\" stroke-width=\"1\"");
	line(b, p->l, p->bt, p->r, p->bt, "stroke=\"#444\" stroke-width=\"1\"");
	if (title) {
		dd__buf_printf(b, "<text transform=\"translate(14 %lld) rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">",
			       (p->t + p->bt) / 20);
		dd__buf_html(b, title);
		dd__buf_puts(b, "</text>");
	}
}

/* x of the centre of slot i of n across the plot. */
static long long slot_x(const plot *p, size_t i, size_t n)
{
	return p->l + (long long)((2 * i + 1) * (size_t)(p->r - p->l) / (2 * n));
}

/* Month labels under the slots, every k-th one so they do not collide. */
static void x_months(dd__buf *b, const plot *p, dd_month first, size_t n, const char *title)
{
	char mb[8];
	size_t every = n <= 12 ? 1 : (n + 11) / 12;
	for (size_t i = 0; i < n; i++) {
		if (i % every) continue;
		long long x = slot_x(p, i, n);
		line(b, x, p->bt, x, p->bt + 40, "stroke=\"#444\"");
		text(b, x, p->bt + 160, "font-size=\"11\" text-anchor=\"middle\"", dd_month_format(first + (dd_month)i, mb));
	}
	if (title) text(b, (p->l + p->r) / 2, p->bt + 330, "font-size=\"12\" text-anchor=\"middle\"", title);
}

static void svg_open(dd__buf *b, const char *chart, long long height, const char *label)
{
	dd__buf_printf(b, "<svg data-chart=\"%s\" viewBox=\"0 0 %d ", chart, VW);
	co(b, height);
	dd__buf_puts(b, "\" role=\"img\" aria-label=\"");
	dd__buf_html(b, label);
	dd__buf_puts(b, "\"><title>");
	dd__buf_html(b, label);
	dd__buf_puts(b, "</title>");
}

/* ---- HTML pieces ------------------------------------------------------------ */

static void td_money(dd__buf *b, const char *field, dd_money m)
{
	dd__buf_printf(b, "<td class=\"n\" data-f=\"%s\">", field);
	cents(b, m);
	dd__buf_puts(b, "</td>");
}

static void td_text(dd__buf *b, const char *field, const char *s)
{
	dd__buf_printf(b, "<td data-f=\"%s\">", field);
	dd__buf_html(b, s);
	dd__buf_puts(b, "</td>");
}

/* A share in [0, 1] as a percent to one decimal ("37.5 %"). */
static void percent_of_share(dd__buf *b, dd_money share)
{
	char s[DD_MONEY_STRMAX];
	dd_money p = dd_money_zero();
	if (dd_money_muldiv(share, 100, 1, &p)) p = dd_money_zero();
	dd__buf_puts(b, dd_money_format_fixed(p, 1, s));
	dd__buf_puts(b, "%");
}

static void th_row(dd__buf *b, const char *const *heads, const char *align)
{
	dd__buf_puts(b, "<thead><tr>");
	for (size_t i = 0; heads[i]; i++) {
		dd__buf_printf(b, "<th scope=\"col\"%s>", align[i] == 'r' ? " class=\"n\"" : "");
		dd__buf_html(b, heads[i]);
		dd__buf_puts(b, "</th>");
	}
	dd__buf_puts(b, "</tr></thead><tbody>");
}

static void table_open(dd__buf *b, const char *name, const char *caption)
{
	dd__buf_printf(b, "<div class=\"tbl\"><table data-table=\"%s\"><caption>", name);
	dd__buf_html(b, caption);
	dd__buf_puts(b, "</caption>");
}

static void table_close(dd__buf *b)
{
	dd__buf_puts(b, "</tbody></table></div>\n");
}

/* ---- the report's state ------------------------------------------------------ */

typedef struct {
	const dd_report_input *in;
	const dd_book *book;
	const dd_bill *last;
	dd_month first, month; /* bills[0]'s month, the report's month */
	/* with a forecast: the total balance of all credits, per projected
	 * month, over the paths */
	dd_fc_band *total_band;
} rep;

static const char *credit_label(const dd_credit *c, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s (%s)", c->id, dd_credit_type_name(c->type));
	return buf;
}

/* The forecast's total credit balance band: the as-of balance less, on each
 * path, every credit used (before and after the discount, support credits)
 * and every expiry, month by month. */
static int total_band(rep *r)
{
	const dd_forecast *f = r->in->forecast;
	if (!f || f->months <= 0 || f->paths <= 0) return 0;
	dd_money r0 = dd_money_zero();
	for (size_t c = 0; c < f->ncredits; c++) r0 = dd_money_add(r0, f->credits[c].remaining);
	size_t P = (size_t)f->paths, K = (size_t)f->months;
	dd_money *v = malloc(P * K * sizeof *v), *col = malloc(P * sizeof *col);
	r->total_band = calloc(K, sizeof *r->total_band);
	if (!v || !col || !r->total_band) {
		free(v);
		free(col);
		return DD_ENOMEM;
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
		r->total_band[k].p10 = dd_fc_quantile(col, P, 10);
		r->total_band[k].p50 = dd_fc_quantile(col, P, 50);
		r->total_band[k].p90 = dd_fc_quantile(col, P, 90);
	}
	free(v);
	free(col);
	return 0;
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

static void head(dd__buf *b, const rep *r)
{
	char mb[8];
	dd__buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>drawdown report: payer ");
	dd__buf_html(b, r->book->payer);
	dd__buf_printf(b, ", %s</title>\n<style>\n%s</style>\n</head>\n<body>\n", dd_month_format(r->month, mb), css);
}

static void summary(dd__buf *b, const rep *r)
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
	cents(b, r->last->payable);
	dd__buf_puts(b, "</dd></div><div><dt>Credits remaining</dt><dd data-f=\"remaining\">");
	cents(b, rem);
	dd__buf_puts(b, "</dd></div><div><dt>Expired unused so far</dt><dd data-f=\"leakage\">");
	cents(b, leak);
	dd__buf_puts(b, "</dd></div>");
	if (r->in->years) {
		for (int y = 0; y < k->agreement.years; y++) {
			const dd_commit_year *cy = &r->in->years[y];
			if (dd_date_cmp(cy->end, dd_month_last_day(r->month)) < 0) continue;
			dd__buf_printf(b, "<div><dt>Year %d shortfall at the end of %s</dt><dd data-f=\"shortfall\">", cy->year,
				       dd_month_format(r->month, m1));
			cents(b, cy->shortfall);
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

/* ---- balance ----------------------------------------------------------------- */

/* x of month boundary i of n across the plot (0: the start of the first month). */
static long long edge_x(const plot *p, size_t i, size_t n)
{
	return p->l + (long long)(i * (size_t)(p->r - p->l) / n);
}

/* Credit k's balance at the end of history month i (k < 0: all credits). */
static dd_money balance_at(const rep *r, int k, size_t i)
{
	if (k >= 0) return r->in->bills[i].credits[k].remaining;
	dd_money v = dd_money_zero();
	for (size_t c = 0; c < r->book->ncredits; c++) v = dd_money_add(v, r->in->bills[i].credits[c].remaining);
	return v;
}

/* Its face value, the balance before the first month (nothing is used
 * before the run starts). */
static dd_money balance_start(const rep *r, int k)
{
	if (k >= 0) return r->book->credits[k].amount;
	dd_money v = dd_money_zero();
	for (size_t c = 0; c < r->book->ncredits; c++) v = dd_money_add(v, r->book->credits[c].amount);
	return v;
}

/* One panel: a credit's balance from its face value at the start of the
 * first month to the end of every month (k < 0: the total of all credits,
 * with the forecast's band over the months ahead). nx months across: the
 * history and `ahead` more. */
static void balance_panel(dd__buf *b, const rep *r, long long ox, long long oy, int k, size_t nx, size_t ahead)
{
	char lb[256], d[11], mb[8];
	const dd_book *book = r->book;
	size_t nh = r->in->nbills;
	plot p = {ox + 620, ox + 3400, oy + 400, oy + 1500, {0}, 0, 0};
	dd_money max = balance_start(r, k);
	for (size_t i = 0; i < nh; i++) max = dd_money_max(max, balance_at(r, k, i));
	if (k < 0 && r->total_band)
		for (size_t i = 0; i < ahead; i++) max = dd_money_max(max, r->total_band[i].p90);
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
		text(b, ox + 40, oy + 200, "font-size=\"13\" font-weight=\"600\"", lb);
	} else {
		text(b, ox + 40, oy + 200, "font-size=\"13\" font-weight=\"600\"",
		     r->total_band ? "All credits, and the forecast's band" : "All credits");
	}
	y_axis(b, &p, NULL, true);
	text(b, p.l, p.bt + 160, "font-size=\"11\" text-anchor=\"start\"", dd_month_format(r->first, mb));
	text(b, p.r, p.bt + 160, "font-size=\"11\" text-anchor=\"end\"", dd_month_format(r->first + (dd_month)nx - 1, mb));
	if (ahead) {
		long long x = edge_x(&p, nh, nx);
		line(b, x, p.t, x, p.bt, "stroke=\"#999\" stroke-dasharray=\"1 2\"");
	}
	if (k < 0 && r->total_band) {
		/* the band: P90 forward, P10 back, from the last actual balance */
		dd_money last = balance_at(r, k, nh - 1);
		dd__buf_puts(b, "<polygon fill=\"" C_SKY "\" fill-opacity=\"0.35\" stroke=\"" C_BLUE
				"\" stroke-width=\"0.8\" stroke-dasharray=\"2 2\" points=\"");
		co(b, edge_x(&p, nh, nx));
		dd__buf_puts(b, ",");
		co(b, py(&p, last));
		for (size_t i = 0; i < ahead; i++) {
			dd__buf_puts(b, " ");
			co(b, edge_x(&p, nh + i + 1, nx));
			dd__buf_puts(b, ",");
			co(b, py(&p, r->total_band[i].p90));
		}
		for (size_t i = ahead; i-- > 0;) {
			dd__buf_puts(b, " ");
			co(b, edge_x(&p, nh + i + 1, nx));
			dd__buf_puts(b, ",");
			co(b, py(&p, r->total_band[i].p10));
		}
		dd__buf_puts(b, "\"/><polyline fill=\"none\" stroke=\"" C_BLUE "\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\" points=\"");
		co(b, edge_x(&p, nh, nx));
		dd__buf_puts(b, ",");
		co(b, py(&p, last));
		for (size_t i = 0; i < ahead; i++) {
			dd__buf_puts(b, " ");
			co(b, edge_x(&p, nh + i + 1, nx));
			dd__buf_puts(b, ",");
			co(b, py(&p, r->total_band[i].p50));
		}
		dd__buf_puts(b, "\"/>");
	}
	/* the history: month i from boundary i to i + 1, dashed while the
	 * credit cannot be used yet */
	long long px = edge_x(&p, 0, nx), pyv = py(&p, balance_start(r, k));
	for (size_t i = 0; i < nh; i++) {
		bool waiting = false;
		if (k >= 0) {
			dd_credit_state st = r->in->bills[i].credits[k].state;
			waiting = st == DD_CS_NOT_STARTED || st == DD_CS_LOCKED || st == DD_CS_PAUSED;
		}
		long long x = edge_x(&p, i + 1, nx), y = py(&p, balance_at(r, k, i));
		line(b, px, pyv, x, y,
		     waiting ? "stroke=\"" C_GREY "\" stroke-width=\"2\" stroke-dasharray=\"4 3\""
			     : "stroke=\"" C_BLACK "\" stroke-width=\"2\"");
		px = x;
		pyv = y;
	}
	if (k >= 0) {
		/* the expiry: a vermillion dash-dot line at the end of its month, or
		 * words and an arrow at the right edge when it is later */
		const dd_credit *c = &book->credits[k];
		dd_month em = dd_date_month(c->expires);
		char words[48];
		snprintf(words, sizeof words, "expires %s", dd_date_format(c->expires, d));
		if (em >= r->first && em < r->first + (dd_month)nx) {
			long long x = edge_x(&p, (size_t)(em - r->first) + 1, nx);
			line(b, x, p.t - 40, x, p.bt, "stroke=\"" C_VERMILLION "\" stroke-width=\"1.5\" stroke-dasharray=\"6 2 1 2\"");
			bool right = x < (p.l + p.r) / 2;
			text(b, right ? x + 40 : x - 40, p.t + 60,
			     right ? "font-size=\"11\" text-anchor=\"start\"" : "font-size=\"11\" text-anchor=\"end\"", words);
		} else if (em >= r->first) {
			snprintf(words, sizeof words, "expires %s \xe2\x86\x92", dd_date_format(c->expires, d));
			text(b, p.r, p.t + 60, "font-size=\"11\" text-anchor=\"end\"", words);
		}
	}
}

/* The months drawn after the report's month: with a forecast up to 12 of
 * its months (the forecast chart has them all), else up to 12 months to
 * the latest expiry, so the expiries ahead are on the axis. */
static size_t balance_ahead(const rep *r)
{
	if (r->total_band) return r->in->forecast->months < 12 ? (size_t)r->in->forecast->months : 12;
	dd_month latest = r->month;
	for (size_t c = 0; c < r->book->ncredits; c++) {
		dd_month em = dd_date_month(r->book->credits[c].expires);
		if (em > latest) latest = em;
	}
	return latest - r->month < 12 ? (size_t)(latest - r->month) : 12;
}

static void chart_balance(dd__buf *b, const rep *r)
{
	const dd_book *book = r->book;
	size_t nh = r->in->nbills, ahead = balance_ahead(r), nx = nh + ahead;
	size_t panels = book->ncredits + 1, rows = (panels + 1) / 2;
	long long h = 380 + (long long)rows * 1800;
	dd__buf_puts(b, "<section id=\"balance\"><h2>Credit balances</h2>\n<p class=\"note\">Each credit from its face value "
			"to its balance at the end of every month: solid while it can be used, dashed grey before it "
			"starts or unlocks; the dash-dot line is the end of the month it expires.");
	if (r->total_band)
		dd__buf_puts(b, " The first panel adds the forecast for the next months: the P50 of all credits' total "
				"balance (dashed) and its P10-P90 band over the paths.");
	dd__buf_puts(b, "</p>\n<figure>");
	svg_open(b, "balance", h, "Credit balances at the end of each month, with expiries");
	long long x = 100;
	x = legend_line(b, x, 200, C_BLACK, "", 2, "balance");
	x = legend_line(b, x, 200, C_GREY, "4 3", 2, "not usable yet");
	x = legend_line(b, x, 200, C_VERMILLION, "6 2 1 2", 2, "expiry");
	if (r->total_band) x = legend_band(b, x, 200, C_SKY, "forecast P10-P90, P50 dashed");
	text_open(b, x, 200, "font-size=\"12\"");
	dd__buf_puts(b, "(");
	dd__buf_html(b, book->currency);
	dd__buf_puts(b, ")</text>");
	for (size_t i = 0; i < panels; i++) {
		long long ox = (long long)(i % 2) * 3600, oy = 300 + (long long)(i / 2) * 1800;
		balance_panel(b, r, ox, oy, (int)i - 1, nx, ahead);
	}
	dd__buf_puts(b, "</svg></figure>\n");

	char mb[8], d[11];
	table_open(b, "balance", "Credit balances at the end of the month (drawdown balance)");
	static const char *const hb[] = {"Credit", "Type", "Initial", "Consumed", "Remaining", "Expired", "Expires", "Status",
					 NULL};
	th_row(b, hb, "llrrrrll");
	dd_money ti = dd_money_zero(), tc = ti, tr = ti, tx = ti;
	for (size_t i = 0; i < book->ncredits; i++) {
		const dd_credit *c = &book->credits[i];
		const dd_bill_credit *s = &r->last->credits[i];
		dd__buf_puts(b, "<tr data-credit=\"");
		dd__buf_html(b, c->id);
		dd__buf_puts(b, "\">");
		td_text(b, "id", c->id);
		td_text(b, "type", dd_credit_type_name(c->type));
		td_money(b, "initial", c->amount);
		td_money(b, "consumed", s->consumed);
		td_money(b, "remaining", s->remaining);
		td_money(b, "expired", s->expired_total);
		td_text(b, "expires", dd_date_format(c->expires, d));
		td_text(b, "status", dd_credit_state_name(s->state));
		dd__buf_puts(b, "</tr>");
		ti = dd_money_add(ti, c->amount);
		tc = dd_money_add(tc, s->consumed);
		tr = dd_money_add(tr, s->remaining);
		tx = dd_money_add(tx, s->expired_total);
	}
	dd__buf_puts(b, "<tr class=\"total\" data-credit=\"\"><td>Total</td><td></td>");
	td_money(b, "initial", ti);
	td_money(b, "consumed", tc);
	td_money(b, "remaining", tr);
	td_money(b, "expired", tx);
	dd__buf_puts(b, "<td></td><td></td></tr>");
	table_close(b);

	/* the series drawn, month by month (folded: wide) */
	dd__buf_puts(b, "<details><summary>Each credit's balance month by month</summary>\n");
	table_open(b, "balance-months", "Remaining at the end of each month");
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
			td_money(b, dd_month_format(r->first + (dd_month)i, mb), r->in->bills[i].credits[c].remaining);
		dd__buf_puts(b, "</tr>");
	}
	table_close(b);
	if (r->total_band) {
		const dd_forecast *f = r->in->forecast;
		table_open(b, "balance-forecast", "All credits' total balance ahead (forecast, over the paths)");
		static const char *const hf[] = {"Month", "P10", "P50", "P90", NULL};
		th_row(b, hf, "lrrr");
		for (size_t i = 0; i < ahead; i++) {
			dd__buf_printf(b, "<tr data-month=\"%s\"><td>%s</td>", dd_month_format(f->month[i].month, mb), mb);
			td_money(b, "p10", r->total_band[i].p10);
			td_money(b, "p50", r->total_band[i].p50);
			td_money(b, "p90", r->total_band[i].p90);
			dd__buf_puts(b, "</tr>");
		}
		table_close(b);
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

static void chart_waterfall(dd__buf *b, const rep *r)
{
	size_t n = r->in->nbills;
	plot p = {800, 7000, 500, 2700, {0}, 0, 0};
	dd_money max = dd_money_zero();
	for (size_t i = 0; i < n; i++) {
		wf w = wf_of(&r->in->bills[i]);
		max = dd_money_max(max, dd_money_max(w.gross, dd_money_add(dd_money_sub(dd_money_sub(w.gross, w.credits), w.discount), w.extra)));
	}
	p.max = dd__report_nice_max(max, &p.step, &p.nsteps);
	dd__buf_puts(b, "<section id=\"waterfall\"><h2>Monthly bills</h2>\n<p class=\"note\">Each month from gross charges "
			"(the commitment shortfall included when a contract year ends) down by the credits and the EDP "
			"discount, up by the support fee (less support credits) and tax, to what is payable.</p>\n<figure>");
	svg_open(b, "waterfall", 3100, "Monthly waterfall: gross, credits, discount, support and tax, payable");
	long long x = 100;
	x = legend_bar(b, x, 220, C_BLUE, MK_SOLID, "gross");
	x = legend_bar(b, x, 220, C_GREEN, MK_STRIPES, "- credits");
	x = legend_bar(b, x, 220, C_ORANGE, MK_DASHED, "- discount");
	x = legend_bar(b, x, 220, C_PURPLE, MK_OUTLINE, "+ support and tax");
	legend_bar(b, x, 220, C_BLACK, MK_SOLID, "= payable");
	y_axis(b, &p, r->book->currency, true);
	long long slot = (p.r - p.l) / (long long)n, bw = slot / 6;
	if (bw > 300) bw = 300;
	static const char *const names[5] = {"gross", "credits", "discount", "support and tax", "payable"};
	static const char *const colours[5] = {C_BLUE, C_GREEN, C_ORANGE, C_PURPLE, C_BLACK};
	static const mark_kind kinds[5] = {MK_SOLID, MK_STRIPES, MK_DASHED, MK_OUTLINE, MK_SOLID};
	char mb[8], tb[160], amt[DD_MONEY_STRMAX];
	for (size_t i = 0; i < n; i++) {
		wf w = wf_of(&r->in->bills[i]);
		long long top[5], bot[5];
		dd__report_waterfall_bars(w.gross, w.credits, w.discount, w.extra, p.max, (int)((p.bt - p.t) / 10), top, bot);
		long long cx = slot_x(&p, i, n), x0 = cx - bw * 5 / 2 - bw / 4;
		dd_money vals[5] = {w.gross, w.credits, w.discount, w.extra, w.payable};
		for (int k = 0; k < 5; k++) {
			snprintf(tb, sizeof tb, "%s %s: %s", dd_month_format(r->first + (dd_month)i, mb), names[k],
				 dd_money_format_cents_grouped(vals[k], amt));
			long long h = bot[k] - top[k];
			if (h < 10 && !dd_money_is_zero(vals[k])) h = 10; /* a tiny amount stays visible */
			bar(b, x0 + k * (bw + bw / 8), p.t + top[k], bw, h, colours[k], kinds[k], tb);
		}
	}
	x_months(b, &p, r->first, n, "month");
	dd__buf_puts(b, "</svg></figure>\n");

	table_open(b, "waterfall", "Monthly bills (drawdown bill)");
	static const char *const hw[] = {"Month", "Gross", "Credits before discount", "Discount", "Credits after discount",
					 "Support fee", "Support credits", "Tax", "Shortfall", "Payable", NULL};
	th_row(b, hw, "lrrrrrrrrr");
	for (size_t i = 0; i < n; i++) {
		const dd_bill *bl = &r->in->bills[i];
		dd__buf_printf(b, "<tr data-month=\"%s\"><td>%s</td>", dd_month_format(bl->month, mb), mb);
		td_money(b, "gross", bl->gross);
		td_money(b, "credits_before_discount", bl->credits_before_discount);
		td_money(b, "discount", bl->discount);
		td_money(b, "credits_after_discount", bl->credits_after_discount);
		td_money(b, "support_fee", bl->support_fee);
		td_money(b, "support_credits", bl->support_credits);
		td_money(b, "tax", bl->tax);
		td_money(b, "shortfall", bl->shortfall);
		td_money(b, "payable", bl->payable);
		dd__buf_puts(b, "</tr>");
	}
	table_close(b);
	dd__buf_puts(b, "</section>\n");
}

/* ---- commitment ------------------------------------------------------------------ */

static const dd_fc_year *fc_year(const rep *r, int year)
{
	const dd_forecast *f = r->in->forecast;
	for (size_t i = 0; f && i < f->nyears; i++)
		if (f->years[i].year == year) return &f->years[i];
	return NULL;
}

static void chart_commitment(dd__buf *b, const rep *r)
{
	const dd_book *book = r->book;
	if (!book->agreement.present || !r->in->years) return;
	int ny = book->agreement.years;
	const dd_commit_year *ys = r->in->years;
	plot p = {900, 7000, 500, 2500, {0}, 0, 0};
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
	svg_open(b, "commitment", 2900, "Commitment counted against the target per contract year");
	long long x = 100;
	x = legend_bar(b, x, 220, C_BLACK, MK_OUTLINE, "commitment");
	x = legend_bar(b, x, 220, C_BLUE, MK_SOLID, "counted so far");
	if (r->in->forecast) {
		x = legend_bar(b, x, 220, C_ORANGE, MK_STRIPES, "projected end, P50");
		legend_line(b, x, 220, C_BLACK, "", 2, "P10-P90");
	}
	y_axis(b, &p, book->currency, true);
	long long slot = (p.r - p.l) / ny, bw = slot / 5;
	if (bw > 700) bw = 700;
	for (int i = 0; i < ny; i++) {
		long long cx = slot_x(&p, (size_t)i, (size_t)ny), x0 = cx - bw * 3 / 2 - bw / 8;
		const dd_fc_year *fy = fc_year(r, ys[i].year);
		dd_money got = dd_money_add(ys[i].counted, ys[i].carried_in);
		snprintf(tb, sizeof tb, "year %d commitment: %s", ys[i].year, dd_money_format_cents_grouped(ys[i].commitment, amt));
		bar(b, x0, py(&p, ys[i].commitment), bw, p.bt - py(&p, ys[i].commitment), C_BLACK, MK_OUTLINE, tb);
		snprintf(tb, sizeof tb, "year %d counted so far: %s", ys[i].year, dd_money_format_cents_grouped(got, amt));
		bar(b, x0 + bw + bw / 8, py(&p, got), bw, p.bt - py(&p, got), C_BLUE, MK_SOLID, tb);
		text_open(b, x0 + bw + bw / 8 + bw / 2, py(&p, got) - 50, "font-size=\"11\" text-anchor=\"middle\"");
		compact(b, got);
		dd__buf_puts(b, "</text>");
		text_open(b, x0 + bw / 2, py(&p, ys[i].commitment) - 50, "font-size=\"11\" text-anchor=\"middle\"");
		compact(b, ys[i].commitment);
		dd__buf_puts(b, "</text>");
		if (fy) {
			long long bx = x0 + 2 * (bw + bw / 8);
			snprintf(tb, sizeof tb, "year %d projected counted, P50: %s", ys[i].year,
				 dd_money_format_cents_grouped(fy->counted.p50, amt));
			bar(b, bx, py(&p, fy->counted.p50), bw, p.bt - py(&p, fy->counted.p50), C_ORANGE, MK_STRIPES, tb);
			long long wx = bx + bw / 2;
			line(b, wx, py(&p, fy->counted.p10), wx, py(&p, fy->counted.p90), "stroke=\"#000\" stroke-width=\"2\"");
			line(b, wx - 60, py(&p, fy->counted.p10), wx + 60, py(&p, fy->counted.p10), "stroke=\"#000\" stroke-width=\"2\"");
			line(b, wx - 60, py(&p, fy->counted.p90), wx + 60, py(&p, fy->counted.p90), "stroke=\"#000\" stroke-width=\"2\"");
		}
		snprintf(tb, sizeof tb, "year %d: %s to %s", ys[i].year, dd_date_format(ys[i].start, d1), dd_date_format(ys[i].end, d2));
		text(b, cx, p.bt + 160, "font-size=\"11\" text-anchor=\"middle\"", tb);
	}
	text(b, (p.l + p.r) / 2, p.bt + 330, "font-size=\"12\" text-anchor=\"middle\"", "contract year");
	dd__buf_puts(b, "</svg></figure>\n");

	table_open(b, "commitment", "Commitment per contract year (drawdown commitment)");
	static const char *const h1[] = {"Year", "Start", "End", "Commitment", "Counted", "Carried in", "Shortfall", NULL};
	static const char *const h2[] = {"Year",      "Start",     "End",	  "Commitment",	      "Counted",
					 "Carried in", "Shortfall", "Projected P10", "Projected P50", "Projected P90",
					 "Shortfall probability", "Expected shortfall", NULL};
	th_row(b, r->in->forecast ? h2 : h1, "lllrrrrrrrrr");
	for (int i = 0; i < ny; i++) {
		dd__buf_printf(b, "<tr data-year=\"%d\"><td>%d</td>", ys[i].year, ys[i].year);
		td_text(b, "start", dd_date_format(ys[i].start, d1));
		td_text(b, "end", dd_date_format(ys[i].end, d1));
		td_money(b, "commitment", ys[i].commitment);
		td_money(b, "counted", ys[i].counted);
		td_money(b, "carried_in", ys[i].carried_in);
		td_money(b, "shortfall", ys[i].shortfall);
		if (r->in->forecast) {
			const dd_fc_year *fy = fc_year(r, ys[i].year);
			if (fy) {
				td_money(b, "counted_p10", fy->counted.p10);
				td_money(b, "counted_p50", fy->counted.p50);
				td_money(b, "counted_p90", fy->counted.p90);
				dd__buf_puts(b, "<td class=\"n\" data-f=\"shortfall_probability\">");
				percent_of_share(b, fy->shortfall_probability);
				dd__buf_puts(b, "</td>");
				td_money(b, "shortfall_mean", fy->shortfall.mean);
			} else {
				dd__buf_puts(b, "<td></td><td></td><td></td><td></td><td></td>");
			}
		}
		dd__buf_puts(b, "</tr>");
	}
	table_close(b);
	dd__buf_puts(b, "<p class=\"note\">Shortfall: what would be owed if the year ended at the end of the report's month.</p>\n</section>\n");
}

/* ---- leakage ------------------------------------------------------------------ */

static void chart_leakage(dd__buf *b, const rep *r)
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
	plot p = {1500, 6600, 500, 500 + (rows ? rows : 1) * rowh, {0}, 0, 0};
	p.max = dd__report_nice_max(max, &p.step, &p.nsteps);
	dd__buf_puts(b, "<section id=\"leakage\"><h2>Leakage by credit type</h2>\n<p class=\"note\">What expired unused "
			"through the report's month");
	if (f) dd__buf_puts(b, ", and what the forecast expects to expire unused after it (the mean over the paths)");
	dd__buf_puts(b, ".</p>\n<figure>");
	svg_open(b, "leakage", h, "Credits expired unused, by credit type");
	long long x = 100;
	x = legend_bar(b, x, 220, C_VERMILLION, MK_SOLID, "expired unused so far");
	if (f) legend_bar(b, x, 220, C_PURPLE, MK_STRIPES, "expected to expire unused (forecast mean)");
	char tb[160], amt[DD_MONEY_STRMAX];
	if (!rows) {
		text(b, p.l, p.t + 200, "font-size=\"13\"",
		     f ? "No credit has expired unused, and none is expected to." : "No credit has expired unused so far.");
		line(b, p.l, p.t, p.l, p.bt, "stroke=\"#444\"");
	} else {
		/* x axis: the amount, left to right */
		for (int i = 0; i <= p.nsteps; i++) {
			dd_money v = {(dd_i128)(p.step * i) * (DD_MONEY_SCALE / 100)};
			long long gx = p.l + dd__report_scale(v, p.max, (int)((p.r - p.l) / 10));
			line(b, gx, p.t, gx, p.bt, "stroke=\"#d9d9d9\"");
			text_open(b, gx, p.bt + 160, "font-size=\"11\" text-anchor=\"middle\"");
			grouped_units(b, p.step * i);
			dd__buf_puts(b, "</text>");
		}
		line(b, p.l, p.t, p.l, p.bt, "stroke=\"#444\"");
		line(b, p.l, p.bt, p.r, p.bt, "stroke=\"#444\"");
		text(b, (p.l + p.r) / 2, p.bt + 330, "font-size=\"12\" text-anchor=\"middle\"", book->currency);
		int row = 0;
		for (int t = 0; t < DD_CREDIT_TYPE_COUNT; t++) {
			if (!dd_money_is_pos(sofar[t]) && !dd_money_is_pos(ahead[t])) continue;
			long long y0 = p.t + row * rowh + 60;
			const char *tn = dd_credit_type_name((dd_credit_type)t);
			text(b, p.l - 60, y0 + (per == 2 ? 290 : 190), "font-size=\"12\" text-anchor=\"end\"", tn);
			for (int s = 0; s < per; s++) {
				dd_money v = s ? ahead[t] : sofar[t];
				long long w = dd__report_scale(v, p.max, (int)((p.r - p.l) / 10)), by = y0 + s * 230;
				snprintf(tb, sizeof tb, "%s %s: %s", tn, s ? "expected ahead (mean)" : "expired so far",
					 dd_money_format_cents_grouped(v, amt));
				if (!dd_money_is_pos(v)) continue;
				if (w < 10) w = 10;
				bar(b, p.l, by, w, 200, s ? C_PURPLE : C_VERMILLION, s ? MK_STRIPES : MK_SOLID, tb);
				text_open(b, p.l + w + 50, by + 150, "font-size=\"11\"");
				cents(b, v);
				dd__buf_puts(b, "</text>");
			}
			row++;
		}
	}
	dd__buf_puts(b, "</svg></figure>\n");
	table_open(b, "leakage", "Expired unused by credit type (drawdown balance)");
	static const char *const h1[] = {"Type", "Expired unused", NULL};
	static const char *const h2[] = {"Type", "Expired unused", "Expected ahead (mean)", NULL};
	th_row(b, f ? h2 : h1, "lrr");
	for (int t = 0; t < DD_CREDIT_TYPE_COUNT; t++) {
		if (!dd_money_is_pos(sofar[t]) && !dd_money_is_pos(ahead[t])) continue;
		const char *tn = dd_credit_type_name((dd_credit_type)t);
		dd__buf_printf(b, "<tr data-type=\"%s\"><td>%s</td>", tn, tn);
		td_money(b, "expired", sofar[t]);
		if (f) td_money(b, "expected", ahead[t]);
		dd__buf_puts(b, "</tr>");
	}
	table_close(b);
	dd__buf_puts(b, "</section>\n");
}

/* ---- forecast ------------------------------------------------------------------ */

static void chart_forecast(dd__buf *b, const rep *r)
{
	const dd_forecast *f = r->in->forecast;
	if (!f || f->months <= 0) return;
	size_t nh = r->in->nbills < 12 ? r->in->nbills : 12, nx = nh + (size_t)f->months;
	size_t h0 = r->in->nbills - nh; /* the first history month shown */
	dd_month first = r->first + (dd_month)h0;
	plot p = {900, 7000, 500, 2700, {0}, 0, 0};
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
	svg_open(b, "forecast", 3100, "Forecast of the monthly bill: payable P10, P50, P90 and gross P50");
	long long x = 100;
	/* the actual months also have dots, so they differ from the P50 line by more than colour */
	dd__buf_puts(b, "<circle cx=\"");
	co(b, x + 120);
	dd__buf_puts(b, "\" cy=\"");
	co(b, 180);
	dd__buf_puts(b, "\" r=\"2.5\" fill=\"" C_BLACK "\"/>");
	x = legend_line(b, x, 220, C_BLACK, "", 2, "payable, actual");
	x = legend_line(b, x, 220, C_BLUE, "", 2, "payable P50");
	x = legend_band(b, x, 220, C_SKY, "payable P10-P90");
	legend_line(b, x, 220, C_ORANGE, "7 3", 2, "gross P50");
	y_axis(b, &p, r->book->currency, true);
	dd__buf_puts(b, "<polygon fill=\"" C_SKY "\" fill-opacity=\"0.35\" stroke=\"" C_BLUE
			"\" stroke-width=\"0.8\" stroke-dasharray=\"2 2\" points=\"");
	for (int k = 0; k < f->months; k++) {
		co(b, slot_x(&p, nh + (size_t)k, nx));
		dd__buf_puts(b, ",");
		co(b, py(&p, f->month[k].band[DD_FC_PAYABLE].p90));
		dd__buf_puts(b, " ");
	}
	for (int k = f->months - 1; k >= 0; k--) {
		co(b, slot_x(&p, nh + (size_t)k, nx));
		dd__buf_puts(b, ",");
		co(b, py(&p, f->month[k].band[DD_FC_PAYABLE].p10));
		dd__buf_puts(b, " ");
	}
	dd__buf_puts(b, "\"/>");
	/* gross P50 dashed, payable P50 solid blue, history solid black */
	for (int s = 0; s < 2; s++) {
		dd__buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"", s ? C_BLUE : C_ORANGE,
			       s ? "" : " stroke-dasharray=\"7 3\"");
		for (int k = 0; k < f->months; k++) {
			co(b, slot_x(&p, nh + (size_t)k, nx));
			dd__buf_puts(b, ",");
			co(b, py(&p, f->month[k].band[s ? DD_FC_PAYABLE : DD_FC_GROSS].p50));
			dd__buf_puts(b, " ");
		}
		dd__buf_puts(b, "\"/>");
	}
	dd__buf_puts(b, "<polyline fill=\"none\" stroke=\"" C_BLACK "\" stroke-width=\"2\" points=\"");
	for (size_t i = 0; i < nh; i++) {
		co(b, slot_x(&p, i, nx));
		dd__buf_puts(b, ",");
		co(b, py(&p, r->in->bills[h0 + i].payable));
		dd__buf_puts(b, " ");
	}
	dd__buf_puts(b, "\"/>");
	for (size_t i = 0; i < nh; i++) {
		dd__buf_puts(b, "<circle cx=\"");
		co(b, slot_x(&p, i, nx));
		dd__buf_puts(b, "\" cy=\"");
		co(b, py(&p, r->in->bills[h0 + i].payable));
		dd__buf_puts(b, "\" r=\"2.5\" fill=\"" C_BLACK "\"/>");
	}
	long long ax = slot_x(&p, nh - 1, nx);
	line(b, ax, p.t, ax, p.bt, "stroke=\"#999\" stroke-dasharray=\"1 2\"");
	text(b, ax + 40, p.t + 120, "font-size=\"11\"", "forecast \xe2\x86\x92");
	x_months(b, &p, first, nx, "month");
	dd__buf_puts(b, "</svg></figure>\n");

	char mb[8];
	table_open(b, "forecast", "Monthly bill ahead, P50 of each total and the payable's P10-P90 (drawdown forecast)");
	static const char *const hf[] = {"Month",	"Gross P50",   "Credits P50", "Discount P50", "Support fee P50",
					 "Payable P10", "Payable P50", "Payable P90", "Counted P50", NULL};
	th_row(b, hf, "lrrrrrrrr");
	for (int k = 0; k < f->months; k++) {
		const dd_fc_band *bd = f->month[k].band;
		dd__buf_printf(b, "<tr data-month=\"%s\"><td>%s</td>", dd_month_format(f->month[k].month, mb), mb);
		td_money(b, "gross_p50", bd[DD_FC_GROSS].p50);
		td_money(b, "credits_p50", bd[DD_FC_CREDITS].p50);
		td_money(b, "discount_p50", bd[DD_FC_DISCOUNT].p50);
		td_money(b, "support_fee_p50", bd[DD_FC_SUPPORT_FEE].p50);
		td_money(b, "payable_p10", bd[DD_FC_PAYABLE].p10);
		td_money(b, "payable_p50", bd[DD_FC_PAYABLE].p50);
		td_money(b, "payable_p90", bd[DD_FC_PAYABLE].p90);
		td_money(b, "counted_p50", bd[DD_FC_COUNTED].p50);
		dd__buf_puts(b, "</tr>");
	}
	table_close(b);

	table_open(b, "forecast-credits", "Each credit ahead (drawdown forecast)");
	static const char *const hc[] = {"Credit", "Expires", "Remaining", "Used up (P50)", "Leakage P50", "Leakage mean",
					 "Leak probability", "Ask for expiry", NULL};
	th_row(b, hc, "llrlrrrl");
	char d[11];
	for (size_t c = 0; c < f->ncredits && c < r->book->ncredits; c++) {
		const dd_fc_credit *fc = &f->credits[c];
		const dd_credit *k = &r->book->credits[fc->credit < r->book->ncredits ? fc->credit : c];
		if (dd_date_cmp(k->expires, dd_month_last_day(f->as_of)) <= 0) continue;
		dd__buf_puts(b, "<tr data-credit=\"");
		dd__buf_html(b, k->id);
		dd__buf_puts(b, "\">");
		td_text(b, "id", k->id);
		td_text(b, "expires", dd_date_format(k->expires, d));
		td_money(b, "remaining", fc->remaining);
		td_text(b, "exhausted_p50", fc->exhausted_p50 == DD_MONTH_NONE ? "not used up" : dd_month_format(fc->exhausted_p50, mb));
		td_money(b, "leakage_p50", fc->leakage.p50);
		td_money(b, "leakage_mean", fc->leakage.mean);
		dd__buf_puts(b, "<td class=\"n\" data-f=\"leak_probability\">");
		percent_of_share(b, fc->leak_probability);
		dd__buf_puts(b, "</td>");
		td_text(b, "suggested_expiry", fc->has_suggested ? dd_date_format(fc->suggested_expiry, d) : "");
		dd__buf_puts(b, "</tr>");
	}
	table_close(b);
	dd__buf_puts(b, "</section>\n");
}

/* ---- offers ------------------------------------------------------------------ */

static void chart_offers(dd__buf *b, const rep *r)
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
	plot p = {400, 6300, 500, 500 + (long long)(n ? n : 1) * rowh, {0}, 0, 0};
	p.max = dd__report_nice_max(max, &p.step, &p.nsteps);
	char rt[DD_MONEY_STRMAX], tb[300], amt[DD_MONEY_STRMAX], mb[8];
	dd__buf_printf(b, "<section id=\"offers\"><h2>Offers</h2>\n<p class=\"note\">Each offer on the same forecast paths "
			  "after %s: the expected net present value of what is paid over its term (NPV at %s%% a year), what "
			  "its credits are expected to let expire, and the expected commitment shortfall. Rank 1 costs the "
			  "least.</p>\n<figure>",
		       dd_month_format(o->as_of, mb), dd_money_format(o->rate, rt));
	svg_open(b, "offers", 500 + (long long)(n ? n : 1) * rowh + 500, "Offers side by side: NPV, leakage and shortfall");
	long long x = 100;
	x = legend_bar(b, x, 220, C_BLUE, MK_SOLID, "NPV of what is paid");
	x = legend_bar(b, x, 220, C_VERMILLION, MK_STRIPES, "leakage");
	legend_bar(b, x, 220, C_PURPLE, MK_DASHED, "shortfall");
	for (int i = 0; i <= p.nsteps; i++) {
		dd_money v = {(dd_i128)(p.step * i) * (DD_MONEY_SCALE / 100)};
		long long gx = p.l + dd__report_scale(v, p.max, (int)((p.r - p.l) / 10));
		line(b, gx, p.t, gx, p.bt, "stroke=\"#d9d9d9\"");
		text_open(b, gx, p.bt + 160, "font-size=\"11\" text-anchor=\"middle\"");
		grouped_units(b, p.step * i);
		dd__buf_puts(b, "</text>");
	}
	line(b, p.l, p.t, p.l, p.bt, "stroke=\"#444\"");
	line(b, p.l, p.bt, p.r, p.bt, "stroke=\"#444\"");
	text(b, (p.l + p.r) / 2, p.bt + 330, "font-size=\"12\" text-anchor=\"middle\"", r->book->currency);
	static const char *const names[3] = {"NPV", "leakage", "shortfall"};
	static const char *const colours[3] = {C_BLUE, C_VERMILLION, C_PURPLE};
	static const mark_kind kinds[3] = {MK_SOLID, MK_STRIPES, MK_DASHED};
	for (size_t i = 0; i < n; i++) {
		const dd_offer_result *of = &o->offers[i];
		long long y0 = p.t + (long long)i * rowh + 40;
		/* the name above its bars, so a long one needs no room at the left */
		text_open(b, p.l + 40, y0 + 130, "font-size=\"12\" font-weight=\"600\"");
		dd__buf_printf(b, "#%d ", of->rank);
		dd__buf_html(b, in[i].name);
		dd__buf_puts(b, "</text>");
		dd_money vals[3] = {of->base.npv, of->base.leakage, of->base.shortfall};
		for (int s = 0; s < 3; s++) {
			long long w = dd__report_scale(vals[s], p.max, (int)((p.r - p.l) / 10)), by = y0 + 200 + s * 210;
			if (w < 10 && dd_money_is_pos(vals[s])) w = 10;
			snprintf(tb, sizeof tb, "%s %s: %s", in[i].name, names[s], dd_money_format_cents_grouped(vals[s], amt));
			bar(b, p.l, by, w, 180, colours[s], kinds[s], tb);
			text_open(b, p.l + w + 50, by + 140, "font-size=\"11\"");
			dd__buf_printf(b, "%s ", names[s]);
			cents(b, vals[s]);
			dd__buf_puts(b, "</text>");
		}
	}
	dd__buf_puts(b, "</svg></figure>\n");
	table_open(b, "offers", "Offers compared (drawdown offers compare)");
	static const char *const ho[] = {"Rank",	   "Offer",	 "Term",	   "List spend",
					 "Payable (mean)", "NPV",	 "Leakage",	   "Shortfall",
					 "Shortfall probability", "Effective discount", "Points", NULL};
	th_row(b, ho, "rllrrrrrrrr");
	char d1[11], d2[11], s[DD_MONEY_STRMAX];
	for (int rank = 1; rank <= (int)n; rank++)
		for (size_t i = 0; i < n; i++) {
			const dd_offer_result *of = &o->offers[i];
			if (of->rank != rank) continue;
			dd__buf_printf(b, "<tr data-offer=\"%zu\"><td class=\"n\">%d</td>", i, rank);
			td_text(b, "name", in[i].name);
			snprintf(tb, sizeof tb, "%s to %s", dd_date_format(of->base.term_start, d1), dd_date_format(of->base.term_end, d2));
			td_text(b, "term", tb);
			td_money(b, "list_spend", of->base.list_spend);
			td_money(b, "payable", of->base.payable.mean);
			td_money(b, "npv", of->base.npv);
			td_money(b, "leakage", of->base.leakage);
			td_money(b, "shortfall", of->base.shortfall);
			dd__buf_puts(b, "<td class=\"n\" data-f=\"shortfall_probability\">");
			percent_of_share(b, of->base.shortfall_probability);
			dd__buf_printf(b, "</td><td class=\"n\" data-f=\"effective_discount_percent\">%s%%</td>",
				       dd_money_format(of->base.effective_discount_percent, s));
			dd__buf_printf(b, "<td class=\"n\" data-f=\"points\">%s</td></tr>", dd_money_format(of->credit_equivalent_points, s));
		}
	table_close(b);
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

static void calendar(dd__buf *b, const rep *r)
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
	table_open(b, "calendar", "Dated events ahead (drawdown calendar)");
	static const char *const hc[] = {"Date", "Event", "Subject", "Amount", "What", NULL};
	th_row(b, hc, "lllrl");
	for (size_t i = 0; i < cal->n; i++) {
		const dd_event *e = &cal->items[i];
		bool dl = dd_event_kind_is_deadline(e->kind);
		dd__buf_printf(b, "<tr data-kind=\"%s\"%s>", dd_event_kind_name(e->kind), dl ? " class=\"deadline\"" : "");
		td_text(b, "date", dd_date_format(e->date, d));
		dd__buf_printf(b, "<td data-f=\"kind\">%s%s</td>", dd_event_kind_name(e->kind), dl ? " <strong>deadline</strong>" : "");
		td_text(b, "subject", e->subject);
		if (e->has_amount) td_money(b, "amount", e->amount);
		else dd__buf_puts(b, "<td class=\"n\" data-f=\"amount\"></td>");
		td_text(b, "message", e->message);
		dd__buf_puts(b, "</tr>");
	}
	table_close(b);
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
	rep r = {in, in->book, &in->bills[in->nbills - 1], in->bills[0].month, in->bills[in->nbills - 1].month, NULL};
	if (total_band(&r)) return dd_error_set(DD_ENOMEM, "report: out of memory");
	dd__buf b = {0};
	head(&b, &r);
	summary(&b, &r);
	dd__buf_puts(&b, "<main>\n");
	chart_balance(&b, &r);
	chart_waterfall(&b, &r);
	chart_commitment(&b, &r);
	chart_leakage(&b, &r);
	chart_forecast(&b, &r);
	chart_offers(&b, &r);
	calendar(&b, &r);
	dd__buf_puts(&b, "</main>\n<footer class=\"note\"><p>Written by drawdown report. The page needs no network and no "
			 "script: charts are inline SVG, and each table under a chart holds the figures it draws.</p></footer>\n"
			 "</body>\n</html>\n");
	free(r.total_band);
	size_t n = 0;
	char *s = dd__buf_take(&b, &n);
	if (!s) return dd_error_set(DD_ENOMEM, "report: out of memory");
	*html = s;
	if (len) *len = n;
	return 0;
}
