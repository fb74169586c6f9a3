/* claims.h: incidents to SLA credit claims (SPEC section 6, issue #13):
 * one claim per (SLA, region, month), its uptime from the merged
 * unavailability, the credit tier, the affected charges and the credit,
 * both deadlines and a status. Pure: the book, the SLA table (sla.h) and
 * each month's stored charges in; no I/O, no clock. */
#ifndef DRAWDOWN_CLAIMS_H
#define DRAWDOWN_CLAIMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agg.h"
#include "book.h"
#include "common.h"
#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

typedef enum {
	DD_CLAIM_OPEN, DD_CLAIM_BELOW_MINIMUM, DD_CLAIM_LATE, DD_CLAIM_LOST, DD_CLAIM_APPROVED
} dd_claim_status;
const char *dd_claim_status_name(dd_claim_status s); /* "open", "below_minimum", "late", "lost", "approved" */

typedef struct {
	const char *sla;          /* its name (ec2-region, ...) */
	const char *service;      /* the incidents' service */
	const char *region;       /* NULL: none given */
	dd_month month;
	const char **incidents;   /* ids, in start order (borrowed from the book) */
	size_t nincidents;
	const char (*accounts)[DD_ACCOUNT_MAX]; /* the incidents' accounts, distinct, sorted; none: all */
	size_t naccounts;
	int64_t unavailable_seconds; /* merged: overlaps counted once */
	dd_money unavailable_minutes;
	int minutes_in_month;
	dd_money uptime_percent;  /* 100 x (1 - unavailable / minutes in the month), 18 digits */
	dd_money credit_percent;  /* the SLA's tier for that uptime */
	dd_money affected_charges;
	dd_money credit;          /* credit_percent x affected; 0 when that is 1 or less */
	dd_date recommended_deadline, hard_deadline;
	dd_claim_status status;
	bool error_rate;          /* measured as an error rate, not minutes */
	int64_t last_end;         /* the end of the claim's last incident (epoch seconds) */
} dd_claim;

typedef struct {
	dd_claim *items;
	size_t n;
	void *arena_;             /* private */
} dd_claims;

/* Month m's stored entries (dd_store_load_entries), for affected charges. */
typedef struct {
	dd_month month;
	const dd_agg_entry *entries;
	size_t n;
} dd_claim_month;

/* The claims of every month with an incident (month == DD_MONTH_NONE) or of
 * `month` alone, as of `as_of`, ordered by month, SLA, region. months[]
 * holds the charges of the months concerned (a month missing from it has
 * none). DD_EINVALID for an incident whose SLA the table does not know;
 * DD_ENOMEM. Dispose *out in every case. */
int dd_claims_compute(const dd_book *book, const dd_claim_month *months, size_t nmonths, dd_month month,
		      dd_date as_of, dd_claims *out);
void dd_claims_dispose(dd_claims *c);

/* The months in which the book's incidents fall (each month an incident
 * touches), ascending, into out[0 .. *n-1] (caller frees *out). */
int dd_claims_months(const dd_book *book, dd_month **out, size_t *n);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
