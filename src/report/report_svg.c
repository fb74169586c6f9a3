/* report_svg.c: the HTML report's drawing pieces (report_html.h): exact
 * scales and axis tops from amounts in integer tenths of a pixel, amounts
 * as text, SVG shapes, bars with their stripes or dashes, legends, axes,
 * and the tables under the charts. A pattern is drawn as lines, never a
 * <pattern> (it would need a url() reference). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_html.h"

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
void dd__report_co(dd__buf *b, long long t)
{
	if (t < 0) {
		dd__buf_puts(b, "-");
		t = -t;
	}
	if (t % 10) dd__buf_printf(b, "%lld.%lld", t / 10, t % 10);
	else dd__buf_printf(b, "%lld", t / 10);
}

void dd__report_cents(dd__buf *b, dd_money m)
{
	char s[DD_MONEY_STRMAX];
	dd__buf_puts(b, dd_money_format_cents_grouped(m, s));
}

/* A whole amount with thousands separators, for axis ticks. */
void dd__report_units(dd__buf *b, long long cents_v)
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
void dd__report_compact(dd__buf *b, dd_money m)
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

void dd__report_rect(dd__buf *b, long long x, long long y, long long w, long long h, const char *attrs)
{
	if (h < 0) {
		y += h;
		h = -h;
	}
	dd__buf_puts(b, "<rect x=\"");
	dd__report_co(b, x);
	dd__buf_puts(b, "\" y=\"");
	dd__report_co(b, y);
	dd__buf_puts(b, "\" width=\"");
	dd__report_co(b, w);
	dd__buf_puts(b, "\" height=\"");
	dd__report_co(b, h);
	dd__buf_printf(b, "\" %s/>", attrs);
}

void dd__report_line(dd__buf *b, long long x1, long long y1, long long x2, long long y2, const char *attrs)
{
	dd__buf_puts(b, "<line x1=\"");
	dd__report_co(b, x1);
	dd__buf_puts(b, "\" y1=\"");
	dd__report_co(b, y1);
	dd__buf_puts(b, "\" x2=\"");
	dd__report_co(b, x2);
	dd__buf_puts(b, "\" y2=\"");
	dd__report_co(b, y2);
	dd__buf_printf(b, "\" %s/>", attrs);
}

/* Opens <text ...>; the caller writes the content and "</text>". */
void dd__report_text_open(dd__buf *b, long long x, long long y, const char *attrs)
{
	dd__buf_puts(b, "<text x=\"");
	dd__report_co(b, x);
	dd__buf_puts(b, "\" y=\"");
	dd__report_co(b, y);
	dd__buf_printf(b, "\" %s>", attrs);
}

void dd__report_text(dd__buf *b, long long x, long long y, const char *attrs, const char *s)
{
	dd__report_text_open(b, x, y, attrs);
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
		dd__report_co(b, x);
		dd__buf_puts(b, " ");
		dd__report_co(b, k);
		dd__buf_puts(b, "h");
		dd__report_co(b, w);
	}
	dd__buf_puts(b, "\" stroke=\"#fff\" stroke-width=\"1.2\" fill=\"none\"/>");
}

void dd__report_bar(dd__buf *b, long long x, long long y, long long w, long long h, const char *colour, dd__mark k,
		const char *title)
{
	char attrs[160] = ""; /* every mark sets it; GCC's -O2 cannot see that */
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
	dd__report_rect(b, x, y, w, h, attrs);
	if (k == MK_STRIPES) stripes(b, x, y, w, h);
	if (title) dd__buf_puts(b, "</g>");
}

/* One legend entry at (x, y): a swatch like the series and its words;
 * returns the x after it. kind -1: a line (dash "" solid). */
long long dd__report_legend_bar(dd__buf *b, long long x, long long y, const char *colour, dd__mark k, const char *words)
{
	dd__report_bar(b, x, y - 100, 140, 120, colour, k, NULL);
	dd__report_text(b, x + 190, y, "font-size=\"12\"", words);
	return x + 190 + (long long)strlen(words) * 68 + 200;
}

long long dd__report_legend_line(dd__buf *b, long long x, long long y, const char *colour, const char *dash, int width,
			     const char *words)
{
	char attrs[128];
	snprintf(attrs, sizeof attrs, "stroke=\"%s\" stroke-width=\"%d\"%s%s%s", colour, width, *dash ? " stroke-dasharray=\"" : "",
		 dash, *dash ? "\"" : "");
	dd__report_line(b, x, y - 40, x + 240, y - 40, attrs);
	dd__report_text(b, x + 290, y, "font-size=\"12\"", words);
	return x + 290 + (long long)strlen(words) * 68 + 200;
}

long long dd__report_legend_band(dd__buf *b, long long x, long long y, const char *colour, const char *words)
{
	char attrs[128];
	snprintf(attrs, sizeof attrs, "fill=\"%s\" fill-opacity=\"0.35\" stroke=\"%s\" stroke-dasharray=\"2 2\"", colour,
		 colour);
	dd__report_rect(b, x, y - 100, 240, 120, attrs);
	dd__report_text(b, x + 290, y, "font-size=\"12\"", words);
	return x + 290 + (long long)strlen(words) * 68 + 200;
}

long long dd__report_py(const dd__plot *p, dd_money v)
{
	return p->bt - dd__report_scale(v, p->max, (int)((p->bt - p->t) / 10));
}

/* The y axis: ticks with whole amounts, grid lines, the axis title. */
void dd__report_y_axis(dd__buf *b, const dd__plot *p, const char *title, bool grid)
{
	for (int i = 0; i <= p->nsteps; i++) {
		dd_money v = {(dd_i128)(p->step * i) * (DD_MONEY_SCALE / 100)};
		long long y = dd__report_py(p, v);
		if (grid) dd__report_line(b, p->l, y, p->r, y, "stroke=\"#d9d9d9\" stroke-width=\"1\"");
		dd__report_text_open(b, p->l - 60, y + 40, "font-size=\"11\" text-anchor=\"end\"");
		dd__report_units(b, p->step * i);
		dd__buf_puts(b, "</text>");
	}
	dd__report_line(b, p->l, p->t, p->l, p->bt, "stroke=\"#444\" stroke-width=\"1\"");
	dd__report_line(b, p->l, p->bt, p->r, p->bt, "stroke=\"#444\" stroke-width=\"1\"");
	if (title) {
		dd__buf_printf(b, "<text transform=\"translate(14 %lld) rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">",
			       (p->t + p->bt) / 20);
		dd__buf_html(b, title);
		dd__buf_puts(b, "</text>");
	}
}

/* x of the centre of slot i of n across the plot. */
long long dd__report_slot_x(const dd__plot *p, size_t i, size_t n)
{
	return p->l + (long long)((2 * i + 1) * (size_t)(p->r - p->l) / (2 * n));
}

/* Month labels under the slots, every k-th one so they do not collide. */
void dd__report_x_months(dd__buf *b, const dd__plot *p, dd_month first, size_t n, const char *title)
{
	char mb[8];
	size_t every = n <= 12 ? 1 : (n + 11) / 12;
	for (size_t i = 0; i < n; i++) {
		if (i % every) continue;
		long long x = dd__report_slot_x(p, i, n);
		dd__report_line(b, x, p->bt, x, p->bt + 40, "stroke=\"#444\"");
		dd__report_text(b, x, p->bt + 160, "font-size=\"11\" text-anchor=\"middle\"", dd_month_format(first + (dd_month)i, mb));
	}
	if (title) dd__report_text(b, (p->l + p->r) / 2, p->bt + 330, "font-size=\"12\" text-anchor=\"middle\"", title);
}

void dd__report_svg_open(dd__buf *b, const char *chart, long long height, const char *label)
{
	dd__buf_printf(b, "<svg data-chart=\"%s\" viewBox=\"0 0 %d ", chart, VW);
	dd__report_co(b, height);
	dd__buf_puts(b, "\" role=\"img\" aria-label=\"");
	dd__buf_html(b, label);
	dd__buf_puts(b, "\"><title>");
	dd__buf_html(b, label);
	dd__buf_puts(b, "</title>");
}

/* ---- HTML pieces ------------------------------------------------------------ */

void dd__report_td_money(dd__buf *b, const char *field, dd_money m)
{
	dd__buf_printf(b, "<td class=\"n\" data-f=\"%s\">", field);
	dd__report_cents(b, m);
	dd__buf_puts(b, "</td>");
}

void dd__report_td_text(dd__buf *b, const char *field, const char *s)
{
	dd__buf_printf(b, "<td data-f=\"%s\">", field);
	dd__buf_html(b, s);
	dd__buf_puts(b, "</td>");
}

/* A share in [0, 1] as a percent to one decimal ("37.5 %"). */
void dd__report_percent(dd__buf *b, dd_money share)
{
	char s[DD_MONEY_STRMAX];
	dd_money p = dd_money_zero();
	if (dd_money_muldiv(share, 100, 1, &p)) p = dd_money_zero();
	dd__buf_puts(b, dd_money_format_fixed(p, 1, s));
	dd__buf_puts(b, "%");
}

void dd__report_th_row(dd__buf *b, const char *const *heads, const char *align)
{
	dd__buf_puts(b, "<thead><tr>");
	for (size_t i = 0; heads[i]; i++) {
		dd__buf_printf(b, "<th scope=\"col\"%s>", align[i] == 'r' ? " class=\"n\"" : "");
		dd__buf_html(b, heads[i]);
		dd__buf_puts(b, "</th>");
	}
	dd__buf_puts(b, "</tr></thead><tbody>");
}

void dd__report_table_open(dd__buf *b, const char *name, const char *caption)
{
	dd__buf_printf(b, "<div class=\"tbl\"><table data-table=\"%s\"><caption>", name);
	dd__buf_html(b, caption);
	dd__buf_puts(b, "</caption>");
}

void dd__report_table_close(dd__buf *b)
{
	dd__buf_puts(b, "</tbody></table></div>\n");
}

