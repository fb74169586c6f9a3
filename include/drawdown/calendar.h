/* calendar.h: the dated events of the book (SPEC section 7): credit starts
 * and expiries, unlocks, contract year ends, the EDP renewal window and its
 * critical mark, the agreement's end (SLA claim deadlines once claims
 * exist). Pure: from the book, no I/O. */
#ifndef DRAWDOWN_CALENDAR_H
#define DRAWDOWN_CALENDAR_H

#include "book.h"
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

/* The renewal dates of an agreement (issue #11): its last day (start +
 * years - 1 day), the day the renewal window opens (9 months before the
 * end, same day of month clamped to the month's end: end 2028-12-31 ->
 * 2028-03-31) and the critical date (60 days before the end: 2028-12-31 ->
 * 2028-11-01). DD_ENOTFOUND without an agreement. */
typedef struct {
	dd_date end, window_opens, critical;
} dd_renewal_dates;

int dd_agreement_renewal(const dd_agreement *a, dd_renewal_dates *out);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
