/* advice.h: what to do this week (SPEC section 7, issue #11): findings with
 * a date, an amount at stake, a severity and one imperative action, from
 * the book, the forecast (every projected amount comes from its paths) and
 * the last imported month. Pure: no I/O, no clock (the as-of date is an
 * argument). */
#ifndef DRAWDOWN_ADVICE_H
#define DRAWDOWN_ADVICE_H

#include <stdbool.h>
#include <stddef.h>

#include "agg.h"
#include "book.h"
#include "common.h"
#include "forecast.h"
#include "money.h"
#include "opportunities.h"
#include "claims.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

typedef enum { DD_SEV_CRITICAL, DD_SEV_WARNING, DD_SEV_INFO } dd_severity;
const char *dd_severity_name(dd_severity s); /* "critical", "warning", "info" */

/* The kinds (a contract: their names are JSON values). */
typedef enum {
	DD_FIND_CREDIT_EXPIRING, DD_FIND_EXPIRY_TOO_SHORT, DD_FIND_BEFORE_DISCOUNT_CREDIT,
	DD_FIND_RENEWAL_WINDOW, DD_FIND_RENEWAL_CRITICAL, DD_FIND_COMMITMENT_SHORTFALL,
	DD_FIND_MAP_UNTAGGED, DD_FIND_SLA_CLAIM, DD_FIND_CREDIT_OPPORTUNITY,
	DD_FIND_KIND_COUNT
} dd_finding_kind;
const char *dd_finding_kind_name(dd_finding_kind k); /* "credit_expiring", ... */

typedef struct {
	dd_finding_kind kind;
	dd_severity severity;
	bool has_date;
	dd_date date;            /* the deadline or event date */
	bool has_amount;
	dd_money amount;         /* at stake */
	char *subject;           /* credit id, agreement id, incident id, programme or account */
	char *action;            /* one imperative sentence */
	char *message;           /* plain words, with the figures */
	/* kind-specific */
	bool has_suggested_expiry;
	dd_date suggested_expiry; /* expiry_too_short */
	int months_needed;       /* expiry_too_short: P90, -1 when never */
	dd_money probability;    /* commitment_shortfall */
	int year;                /* commitment_shortfall: 1-based contract year */
	bool has_typical;
	dd_money low, high;      /* credit_opportunity: the typical size */
	dd_date recommended_deadline, hard_deadline; /* sla_claim */
} dd_finding;

typedef struct {
	dd_finding *items;
	size_t n;
} dd_advice;

typedef struct {
	const dd_book *book;
	const dd_forecast *forecast;   /* the default forecast after the last imported month */
	dd_date as_of;                 /* "today" */
	/* the last imported month's entries as stored (with flags), for map_untagged */
	const dd_agg_entry *last_entries;
	size_t nlast;
	dd_month last_month;
	/* credits not yet asked for (dd_opportunities_find); may be NULL */
	const dd_opportunities *opportunities;
	/* the SLA claims as of the as-of date (dd_claims_compute); may be NULL */
	const dd_claims *claims;
} dd_advice_input;

/* Findings ordered by severity, then amount at stake (largest first; none
 * last), then date and subject. DD_ENOMEM; *out is disposed on error. */
int dd_advise(const dd_advice_input *in, dd_advice *out);
void dd_advice_dispose(dd_advice *a);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
