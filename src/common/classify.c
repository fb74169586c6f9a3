/* classify.c: the one classifier of charges (classify.h): how the engine
 * treats a charge type or a service, asked by import, the loader and the
 * engine alike. */
#include <string.h>

#include "drawdown/classify.h"

static bool eq(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	return n == k && memcmp(s, lit, k) == 0;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
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

static bool in_list(const char *t, size_t n, const char *const *list, size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (eq(t, n, list[i])) return true;
	return false;
}

#define IN(t, n, list) in_list((t), (n), (list), sizeof(list) / sizeof((list)[0]))

dd_charge_class dd_classify_type(const char *type, size_t len)
{
	if (!type) return DD_CLASS_UNKNOWN;
	if (IN(type, len, usage_types)) return DD_CLASS_USAGE;
	if (IN(type, len, fee_types)) return DD_CLASS_FEE;
	if (eq(type, len, "Tax")) return DD_CLASS_TAX;
	/* EdpDiscount, PrivateRateDiscount, BundledDiscount, NewVolumeDiscount
	 * ... and any discount AWS invents later: its own application, not a
	 * charge. */
	if (IN(type, len, applied_types) || ends_with(type, len, "Discount")) return DD_CLASS_AWS_APPLIED;
	if (eq(type, len, "FlatRateSubscription")) return DD_CLASS_FLAT;
	return DD_CLASS_UNKNOWN;
}

dd_charge_class dd_classify_charge_type(const char *type)
{
	return type ? dd_classify_type(type, strlen(type)) : DD_CLASS_UNKNOWN;
}

dd_charge_class dd_classify_charge(const char *type, const char *service, const char *service_name)
{
	if (dd_is_support_service(service) || dd_is_support_service(service_name)) return DD_CLASS_SUPPORT;
	return dd_classify_charge_type(type);
}

bool dd_charge_class_known(dd_charge_class c) { return c != DD_CLASS_UNKNOWN; }

bool dd_is_support_service(const char *service)
{
	if (!service) return false;
	return starts_with(service, "AWSSupport") || !strcmp(service, "AWSDeveloperSupport") ||
	       starts_with(service, "AWS Support");
}

bool dd_is_domain_charge(bool flagged, const char *service, const char *service_name)
{
	return flagged || dd_is_domain_service(service) || dd_is_domain_service(service_name);
}

bool dd_is_domain_service(const char *service)
{
	if (!service) return false;
	return !strcmp(service, "AmazonRegistrar") || !strcmp(service, "Amazon Registrar");
}
