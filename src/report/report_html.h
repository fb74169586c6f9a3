/* report_html.h: what the HTML report's files share, internal to the
 * report layer (report_svg.c: exact scales and the SVG and table pieces;
 * report_charts.c: the balance, waterfall and commitment charts;
 * report_html.c: the page, the other charts, dd_report_html), and the exact
 * geometry tests/test_report.c checks against coordinates worked out by
 * hand. Lengths are in tenths of a pixel, amounts exact. */
#ifndef DD_REPORT_HTML_H
#define DD_REPORT_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "drawdown/money.h"
#include "drawdown/report.h"
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

/* The projected months the balance chart draws (the forecast chart has
 * them all). */
#define DD__REPORT_AHEAD 12

/* The kinds of mark a series is drawn with, for bars and their legend. */
typedef enum { MK_SOLID, MK_STRIPES, MK_DASHED, MK_OUTLINE } dd__mark;

/* A plot area in tenths of a pixel. */
typedef struct {
	long long l, r, t, bt; /* left, right, top, bottom */
	dd_money max;          /* the y axis runs 0 .. max */
	long long step;        /* tick step in cents */
	int nsteps;
} dd__plot;

/* One report being written: its input and what is computed once. */
typedef struct {
	const dd_report_input *in;
	const dd_book *book;
	const dd_bill *last;
	dd_month first, month; /* bills[0]'s month, the report's month */
	/* with a forecast: the total balance of all credits, per projected
	 * month, over the paths */
	dd_fc_band *total_band;
	/* with the forecast's path_balance: each credit's balance over the
	 * paths, credit_band[c * DD__REPORT_AHEAD + k] for the first
	 * DD__REPORT_AHEAD projected months (fewer when the forecast is
	 * shorter); NULL without */
	dd_fc_band *credit_band;
} dd__rep;

/* ---- exact scales ---- */

/* v on an axis 0 .. max drawn px pixels long: round(v x px x 10 / max)
 * tenths, clamped to [0, px x 10] (0 when max is not positive). */
long long dd__report_scale(dd_money v, dd_money max, int px);
/* The axis top for amounts up to max: the least n x step >= max with
 * n <= 5 and step 1, 2, 2.5 or 5 times a power of ten cents (at least
 * 1.00); *step_cents and *nsteps when not NULL. */
dd_money dd__report_nice_max(dd_money max, long long *step_cents, int *nsteps);
/* A month's waterfall bars in a plot height_px high with the axis 0 ..
 * max: gross (0 .. G), credits (G - C .. G), discount (G - C - D .. G - C),
 * support and tax (up from G - C - D by extra), payable (0 .. the end),
 * as y_top[i] and y_bottom[i] measured down from the plot's top. */
void dd__report_waterfall_bars(dd_money gross, dd_money credits, dd_money discount, dd_money extra, dd_money max,
			       int height_px, long long y_top[5], long long y_bottom[5]);
/* y of amount v in plot p. */
long long dd__report_py(const dd__plot *p, dd_money v);
/* x of the centre of slot i of n across the plot. */
long long dd__report_slot_x(const dd__plot *p, size_t i, size_t n);

/* ---- text ---- */

void dd__report_co(dd__buf *b, long long t);             /* a coordinate: "12.3" */
void dd__report_cents(dd__buf *b, dd_money m);           /* "1,234.57", half-even */
void dd__report_units(dd__buf *b, long long cents_v);    /* an axis tick: "150,000" */
void dd__report_compact(dd__buf *b, dd_money m);         /* a bar's label: "1.16M", "96.5K" */
void dd__report_percent(dd__buf *b, dd_money share);     /* a share in [0, 1]: "37.5%" */

/* ---- SVG ---- */

void dd__report_svg_open(dd__buf *b, const char *chart, long long height, const char *label);
void dd__report_rect(dd__buf *b, long long x, long long y, long long w, long long h, const char *attrs);
void dd__report_line(dd__buf *b, long long x1, long long y1, long long x2, long long y2, const char *attrs);
/* Opens <text ...>; the caller writes the content and "</text>". */
void dd__report_text_open(dd__buf *b, long long x, long long y, const char *attrs);
void dd__report_text(dd__buf *b, long long x, long long y, const char *attrs, const char *s);
/* A bar drawn as series of kind k (title: its tooltip, NULL none). */
void dd__report_bar(dd__buf *b, long long x, long long y, long long w, long long h, const char *colour, dd__mark k,
		    const char *title);
/* Legend entries at (x, y): a swatch like the series and its words; each
 * returns the x after it. */
long long dd__report_legend_bar(dd__buf *b, long long x, long long y, const char *colour, dd__mark k, const char *words);
long long dd__report_legend_line(dd__buf *b, long long x, long long y, const char *colour, const char *dash, int width,
				 const char *words);
long long dd__report_legend_band(dd__buf *b, long long x, long long y, const char *colour, const char *words);
/* The y axis (ticks, grid lines, its title) and month labels under slots. */
void dd__report_y_axis(dd__buf *b, const dd__plot *p, const char *title, bool grid);
void dd__report_x_months(dd__buf *b, const dd__plot *p, dd_month first, size_t n, const char *title);

/* ---- tables ---- */

void dd__report_table_open(dd__buf *b, const char *name, const char *caption);
void dd__report_th_row(dd__buf *b, const char *const *heads, const char *align);
void dd__report_td_money(dd__buf *b, const char *field, dd_money m);
void dd__report_td_text(dd__buf *b, const char *field, const char *s);
void dd__report_table_close(dd__buf *b);

/* ---- charts (report_charts.c), each with the tables behind it ---- */

void dd__report_chart_balance(dd__buf *b, const dd__rep *r);
void dd__report_chart_waterfall(dd__buf *b, const dd__rep *r);
void dd__report_chart_commitment(dd__buf *b, const dd__rep *r);

#endif
