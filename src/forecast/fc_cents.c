/* fc_cents.c: the one place the forecast's model meets money. The model
 * (fc_model.c, fc_series.c) fits growth in floating point, as SPEC 4 allows,
 * but never on a dd_money: amounts enter it as a count of whole cents
 * (exact as a double up to 2^53 cents, 90 trillion) and leave it rounded to
 * a whole cent, so the engine and every reported figure stay exact. */
#include <math.h>

#include "forecast_int.h"

double dd__fc_cents_in(dd_money m)
{
	/* half-even to the cent, exactly, then the integer count of cents */
	dd_money r = dd_money_round(m, 2);
	return (double)(int64_t)(r.v / (DD_MONEY_SCALE / 100));
}

int dd__fc_cents_out(double cents, dd_money *out)
{
	double c = nearbyint(cents);
	if (!isfinite(c) || fabs(c) > 9e15)
		return dd_error_set(DD_EOVERFLOW, "forecast: a projected amount is out of range (%g cents)", cents);
	/* a cent is exactly 10^16 units of the 18-digit scale: no division */
	out->v = (dd_i128)(int64_t)c * (DD_MONEY_SCALE / 100);
	return 0;
}
