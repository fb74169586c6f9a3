/* classify.h: the one classifier of charges. Import, the store loader and
 * the engine all ask it, so a type is never "unknown" to one and AWS's own
 * discount to another. A type is classified once per distinct type at
 * import and once per charge when a month is loaded (dd_charge.cls), never
 * again per charge per month run: the forecast runs the engine over the
 * same charges a thousand times. */
#ifndef DRAWDOWN_CLASSIFY_H
#define DRAWDOWN_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

/* How the simulation treats a charge (SPEC 3 and 3.1). */
typedef enum {
	DD_CLASS_UNSET,   /* not classified yet (a dd_charge built by hand): the
			     engine classifies its strings itself */
	DD_CLASS_USAGE,   /* Usage, DiscountedUsage, RIFee, SavingsPlanCoveredUsage,
			     SavingsPlanNegation, SavingsPlanRecurringFee, RecurringFee
			     (FOCUS recurring purchase): credited, discounted */
	DD_CLASS_FEE,     /* Fee, SavingsPlanUpfrontFee, Purchase: discounted, never credited */
	DD_CLASS_TAX,     /* Tax: passed through */
	DD_CLASS_AWS_APPLIED, /* Credit, Refund, Adjustment, EdpDiscount and any type
				 ending in "Discount": AWS's own application,
				 kept for reconcile, ignored by the simulation */
	DD_CLASS_FLAT,    /* FlatRateSubscription: a known type the engine neither
			     credits nor discounts: payable, in the support base,
			     not counted toward the commitment */
	DD_CLASS_UNKNOWN, /* anything else: treated as DD_CLASS_FLAT, and listed */
	DD_CLASS_SUPPORT  /* a row of a support service (AWSSupportBusiness, ...):
			     the engine computes support itself and ignores it */
} dd_charge_class;

/* The class of a line item type / FOCUS charge category, len bytes (need not
 * be NUL-terminated; case-sensitive as AWS writes them). Never UNSET or
 * SUPPORT. */
dd_charge_class dd_classify_type(const char *type, size_t len);
/* dd_classify_type of a NUL-terminated type; NULL is DD_CLASS_UNKNOWN. */
dd_charge_class dd_classify_charge_type(const char *type);
/* The class of a charge: DD_CLASS_SUPPORT when the service (code or name)
 * is a support service, else its type's class. */
dd_charge_class dd_classify_charge(const char *type, const char *service, const char *service_name);
/* Known types: every class but DD_CLASS_UNKNOWN (import lists the others). */
bool dd_charge_class_known(dd_charge_class c);
/* Service names whose charges are support fees (AWSSupportBusiness, ...). */
bool dd_is_support_service(const char *service);
/* AmazonRegistrar: domain charges, never credited. */
bool dd_is_domain_service(const char *service);
/* Whether a charge is a domain charge (never credited): flagged so at
 * import (Route 53 usage types naming a domain, DD_ROW_DOMAIN), or of a
 * domain service by code or name. */
bool dd_is_domain_charge(bool flagged, const char *service, const char *service_name);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
