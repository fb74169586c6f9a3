/* classify.c: how the engine treats a charge type or a service name, and
 * the names of credit states. Kept apart from the engine because importers
 * and reports classify rows too. */
#include <string.h>

#include "drawdown/engine.h"

static bool eq(const char *a, const char *b) { return strcmp(a, b) == 0; }

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static const char *const usage_types[] = {
	"Usage", "DiscountedUsage", "RIFee", "SavingsPlanCoveredUsage",
	"SavingsPlanNegation", "SavingsPlanRecurringFee",
	"RecurringFee", /* FOCUS recurring purchase */
};
static const char *const fee_types[] = {
	"Fee", "SavingsPlanUpfrontFee",
	"Purchase", /* FOCUS one-time purchase */
};
static const char *const applied_types[] = {
	"Credit", "Refund", "Adjustment", /* FOCUS Adjustment too */
};

static bool in_list(const char *t, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (eq(t, list[i])) return true;
	return false;
}

#define IN(t, list) in_list((t), (list), sizeof(list) / sizeof((list)[0]))

dd_charge_class dd_classify_charge_type(const char *type)
{
	if (!type) return DD_CLASS_UNKNOWN;
	if (IN(type, usage_types)) return DD_CLASS_USAGE;
	if (IN(type, fee_types)) return DD_CLASS_FEE;
	if (eq(type, "Tax")) return DD_CLASS_TAX;
	/* EdpDiscount, PrivateRateDiscount, BundledDiscount, ... and any
	 * discount AWS invents later: its own application, not a charge. */
	if (IN(type, applied_types) || ends_with(type, "Discount")) return DD_CLASS_AWS_APPLIED;
	return DD_CLASS_UNKNOWN; /* FlatRateSubscription lands here on purpose */
}

bool dd_is_support_service(const char *service)
{
	if (!service) return false;
	return starts_with(service, "AWSSupport") || eq(service, "AWSDeveloperSupport") ||
	       starts_with(service, "AWS Support");
}

bool dd_is_domain_service(const char *service)
{
	if (!service) return false;
	return eq(service, "AmazonRegistrar") || eq(service, "Amazon Registrar");
}

const char *dd_credit_state_name(dd_credit_state s)
{
	switch (s) {
	case DD_CS_ACTIVE: return "active";
	case DD_CS_NOT_STARTED: return "not_started";
	case DD_CS_LOCKED: return "locked";
	case DD_CS_PAUSED: return "paused";
	case DD_CS_EXHAUSTED: return "exhausted";
	case DD_CS_EXPIRED: return "expired";
	}
	return "unknown";
}
