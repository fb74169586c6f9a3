/* report_html.h: the HTML report's exact geometry, internal to the report
 * layer and exposed to tests/test_report.c so its coordinates can be
 * checked against figures worked out by hand. Lengths are in tenths of a
 * pixel. */
#ifndef DD_REPORT_HTML_H
#define DD_REPORT_HTML_H

#include "drawdown/money.h"

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

#endif
