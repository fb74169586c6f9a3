/* calendar.h: the dated events of the book (SPEC section 7): credit starts
 * and expiries, unlocks, contract year ends, the EDP renewal window and its
 * critical mark, the agreement's end (SLA claim deadlines once claims
 * exist), and the same events as an RFC 5545 iCalendar. Pure: from the
 * book, no I/O, no clock (the caller passes the dates). */
#ifndef DRAWDOWN_CALENDAR_H
#define DRAWDOWN_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "book.h"
#include "claims.h"
#include "common.h"
#include "money.h"

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

/* What happens on an event's date. Events of one date are listed in this
 * order; the numbers are never reused. */
typedef enum {
	DD_EVENT_CREDIT_START,          /* a credit's start date */
	DD_EVENT_CREDIT_EXPIRY,         /* a credit's expiry date (its last usable day) */
	DD_EVENT_UNLOCK,                /* a dated unlock, or a tranche after the first opening */
	DD_EVENT_CONTRACT_YEAR_END,     /* a contract year's last day; the shortfall is billed that month */
	DD_EVENT_RENEWAL_WINDOW_OPENS,  /* 9 months before the agreement ends */
	DD_EVENT_RENEWAL_CRITICAL,      /* 60 days before the agreement ends */
	DD_EVENT_AGREEMENT_END,         /* the agreement's last day */
	DD_EVENT_SLA_CLAIM_RECOMMENDED, /* an open SLA claim's recommended date (dd_calendar_events_claims) */
	DD_EVENT_SLA_CLAIM_DEADLINE,    /* an open or late SLA claim's hard deadline */
	DD_EVENT_KIND_COUNT
} dd_event_kind;

/* "credit_start", "credit_expiry", "unlock", "contract_year_end",
 * "renewal_window_opens", "renewal_critical", "agreement_end",
 * "sla_claim_recommended", "sla_claim_deadline"; "?" out of range. */
const char *dd_event_kind_name(dd_event_kind k);
/* Whether the kind is a deadline (an iCalendar alarm a week before):
 * credit_expiry, renewal_window_opens, renewal_critical, agreement_end and
 * both SLA kinds. */
bool dd_event_kind_is_deadline(dd_event_kind k);

/* One dated event. The calendar owns its strings. */
typedef struct {
	dd_date date;
	dd_event_kind kind;
	char *subject;   /* the credit id ("EDP-SVC#2") or the agreement id */
	bool has_amount; /* credit events: the face value; contract_year_end: the year's commitment */
	dd_money amount;
	char *message;   /* one plain sentence saying what happens */
	int credit;      /* index into book->credits, or -1 */
	int year;        /* contract_year_end: the 1-based contract year, else 0 */
} dd_event;

typedef struct {
	dd_event *items;
	size_t n;
} dd_calendar;

/* Every dated event of the book from `from` through `to` (both inclusive;
 * NULL: unbounded), sorted by date, then by kind (the enum's order), then
 * in the book's order of credits. Events:
 * - credit_start and credit_expiry for every credit (tranches included),
 *   amount its face value;
 * - unlock for a credit whose unlock has an `on` date: the first day of
 *   that month (the book keeps the month, the engine unlocks by month), or
 *   the credit's start if later; and for a tranche after the first, on the
 *   day it opens (its start, or a later dated unlock), saying when it waits
 *   for the previous tranche to be used up. An unlock by milestone alone
 *   has no date and no event;
 * - with an agreement: contract_year_end per year (amount: its commitment),
 *   renewal_window_opens, renewal_critical and agreement_end
 *   (dd_agreement_renewal), without an amount.
 * *out is the caller's (dd_calendar_dispose). Returns 0 or DD_ENOMEM
 * (*out then empty). */
int dd_calendar_events(const dd_book *book, const dd_date *from, const dd_date *to, dd_calendar *out);
/* The same with the SLA claims' dates (claims.h; may be NULL): for a claim
 * still open, its recommended date and hard deadline; for a late one, its
 * hard deadline. */
int dd_calendar_events_claims(const dd_book *book, const dd_claims *claims, const dd_date *from, const dd_date *to,
			      dd_calendar *out);
void dd_calendar_dispose(dd_calendar *cal);

/* How dd_calendar_ics renders a calendar. */
typedef struct {
	dd_date stamp;        /* every event's DTSTAMP (midnight UTC): the as-of date, so the text is
			       * the same bytes for the same book and date */
	const char *name;     /* X-WR-CALNAME, the name calendar apps show; NULL: none */
	const char *uid_tag;  /* mixed into every UID (e.g. the payer account) so two books' calendars do
			       * not collide; NULL: none */
	const char *currency; /* shown after amounts in descriptions; NULL: none */
} dd_ics_options;

/* The calendar as RFC 5545 iCalendar text: one all-day VEVENT per event
 * (DTSTART;VALUE=DATE and DTEND the next day), a UID built from kind,
 * subject, date and uid_tag (the same event keeps its UID, so a subscribed
 * calendar updates instead of duplicating), SUMMARY, DESCRIPTION (the
 * message), CATEGORIES (the kind), and on deadlines a VALARM a week before
 * (TRIGGER:-P7D). Lines end in CRLF and are folded at 75 octets (never
 * inside a UTF-8 character); text values are escaped. *text (NUL-terminated,
 * *len bytes without the NUL) is the caller's: free() it. Returns 0 or
 * DD_ENOMEM (*text NULL). */
int dd_calendar_ics(const dd_calendar *cal, const dd_ics_options *o, char **text, size_t *len);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
