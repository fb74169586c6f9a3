/* calendar.c: the book's dated events (calendar.h). */
#include "drawdown/calendar.h"

int dd_agreement_renewal(const dd_agreement *a, dd_renewal_dates *out)
{
	if (!a || !a->present || a->years < 1) return dd_error_set(DD_ENOTFOUND, "the book has no agreement");
	out->end = dd_date_add_days(dd_date_add_months(a->start, 12 * a->years), -1);
	out->window_opens = dd_date_add_months(out->end, -9);
	out->critical = dd_date_add_days(out->end, -60);
	return 0;
}
