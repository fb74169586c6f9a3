/* fc_cents.c: the one place the forecast's model meets money, and it does
 * so in integers. The model (fc_model.c, fc_series.c, fc_paths.c) fits
 * growth in floating point, as SPEC 4 allows, but never on a dd_money:
 * amounts enter it as an exact count of whole cents and leave it as one,
 * so the engine and every reported figure stay exact. No floating point
 * here. */
#include "forecast_int.h"

/* 9e15 cents: past that a count of cents is no longer exact in the
 * model's doubles (2^53). */
#define MAX_CENTS 9000000000000000LL

int dd__fc_cents_in(dd_money m, int64_t *cents)
{
	/* half-even to the cent, exactly, then the integer count of cents */
	dd_i128 c = dd_money_round(m, 2).v / (DD_MONEY_SCALE / 100);
	if (c > MAX_CENTS || c < -MAX_CENTS)
		return dd_error_set(DD_EOVERFLOW, "forecast: a charge is out of the model's range");
	*cents = (int64_t)c;
	return 0;
}

dd_money dd__fc_cents_out(int64_t cents)
{
	/* a cent is exactly 10^16 units of the 18-digit scale: no division */
	return (dd_money){(dd_i128)cents * (DD_MONEY_SCALE / 100)};
}
