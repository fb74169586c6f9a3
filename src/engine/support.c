/* support.c: AWS support plan fees (SPEC 3 item 7): marginal brackets with a
 * plan minimum, on a base the engine computes. Exact: each bracket slice is
 * multiplied by an integer percent with dd_money_mul_percent. */
#include "drawdown/common.h"
#include "drawdown/engine.h"

typedef struct {
	int64_t upto; /* upper bound of the bracket in whole units; 0 = no bound */
	int64_t percent;
} bracket;

static const bracket developer[] = {{0, 3}};
static const bracket business[] = {{10000, 10}, {80000, 7}, {250000, 5}, {0, 3}};
static const bracket on_ramp[] = {{0, 10}};
static const bracket enterprise[] = {{150000, 10}, {500000, 7}, {1000000, 5}, {0, 3}};

static int tiered(dd_money base, const bracket *b, size_t n, int64_t minimum, dd_money *fee)
{
	dd_money total = dd_money_zero(), lower = dd_money_zero();
	if (dd_money_is_neg(base)) base = dd_money_zero(); /* a credit-heavy month pays the minimum */
	for (size_t i = 0; i < n && dd_money_cmp(base, lower) > 0; i++) {
		dd_money top = b[i].upto ? dd_money_min(base, dd_money_from_units(b[i].upto)) : base;
		dd_money part;
		int rc = dd_money_mul_percent(dd_money_sub(top, lower), dd_money_from_units(b[i].percent), &part);
		if (rc) return dd_error_set(rc, "support fee: base out of range");
		total = dd_money_add(total, part); /* part <= slice, the sum <= base */
		lower = top;
	}
	*fee = dd_money_max(total, dd_money_from_units(minimum));
	return 0;
}

#define TIERED(base, b, min, fee) tiered((base), (b), sizeof(b) / sizeof((b)[0]), (min), (fee))

int dd_support_fee(dd_support_plan plan, dd_money base, dd_money *fee)
{
	if (!fee) return dd_error_set(DD_EUSAGE, "dd_support_fee: fee is NULL");
	switch (plan) {
	case DD_SUPPORT_NONE: *fee = dd_money_zero(); return 0;
	case DD_SUPPORT_DEVELOPER: return TIERED(base, developer, 29, fee);
	case DD_SUPPORT_BUSINESS: return TIERED(base, business, 100, fee);
	case DD_SUPPORT_ENTERPRISE_ON_RAMP: return TIERED(base, on_ramp, 5500, fee);
	case DD_SUPPORT_ENTERPRISE: return TIERED(base, enterprise, 15000, fee);
	}
	return dd_error_set(DD_EUSAGE, "dd_support_fee: unknown support plan %d", (int)plan);
}
