/* common.h: error codes, months and small shared types. */
#ifndef DRAWDOWN_COMMON_H
#define DRAWDOWN_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

/* Error codes. Never renumbered; retired codes keep their number. */
typedef enum {
	DD_OK = 0,
	DD_EGENERIC = -1,   /* anything else */
	DD_ENOMEM = -2,     /* out of memory */
	DD_EIO = -3,        /* file could not be read or written */
	DD_EPARSE = -4,     /* malformed input (message names file:line:column) */
	DD_EINVALID = -5,   /* well-formed but invalid input (bad book, bad value) */
	DD_EOVERFLOW = -6,  /* an amount left the representable range */
	DD_ENOTFOUND = -7,  /* asked-for thing does not exist */
	DD_ESTORE = -8,     /* the store (SQLite) failed */
	DD_EUSAGE = -9,     /* a caller passed arguments that make no sense */
	DD_EFORMAT = -10    /* unsupported or unrecognised file format */
} dd_error;

/* The library's version, "MAJOR.MINOR.PATCH" (project VERSION in
 * CMakeLists.txt, which also names the shared library and drawdown.pc).
 * Static storage; never NULL. */
const char *dd_version(void);

/* Replace (or create) the file at path with text, atomically: a temporary
 * file beside it, written, fsynced and renamed over it, then the directory
 * fsynced. An existing file keeps its mode (and its owner where allowed); a
 * new one gets 0666 less the umask. On failure what was there is untouched,
 * the temporary file removed, and the last error says what failed ("cannot
 * create PATH: ...", "cannot write PATH: ...", "cannot replace PATH: ...").
 * DD_EIO, DD_ENOMEM. */
int dd_file_replace(const char *path, const char *text, size_t len);

/* Name of an error code ("parse error", ...). Never NULL. */
const char *dd_strerror(int code);

/* The message of the last error on this thread; "" when none. Borrowed.
 * Every failing call sets it: one line saying what failed, naming the file,
 * field or value where known. The calls that do a piece of work (loading a
 * book, importing, opening or reading the store, the Billing API readers,
 * dd_run_to, dd_reconcile_month) clear it on entry, so a stale message never
 * outlives a success. Value helpers (date parsing, money arithmetic) and
 * the per-row aggregator only set it when they fail: they run inside the
 * others, many times a row. dd_money_parse, on the import's hot path, gives
 * the offending offset instead (errpos) and its callers name the field. */
const char *dd_error_last(void);

/* Set the thread's last error (printf-style) and return `code`. */
int dd_error_set(int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
void dd_error_clear(void);

/* A string view: (pointer, length), not NUL-terminated; len 0 is the empty
 * string (p may be NULL then). What the readers hand on and the aggregator
 * copies. */
typedef struct {
	const char *p;
	size_t len;
} dd_str;

/* A calendar month as a single integer: year * 12 + (month - 1). UTC. */
typedef int32_t dd_month;

#define DD_MONTH(y, m) ((dd_month)((y) * 12 + ((m) - 1)))
#define DD_MONTH_YEAR(mo) ((int)((mo) / 12))
#define DD_MONTH_MON(mo) ((int)((mo) % 12) + 1)
#define DD_MONTH_NONE ((dd_month)INT32_MIN)

/* A calendar date. */
typedef struct {
	int16_t year;
	int8_t month; /* 1..12 */
	int8_t day;   /* 1..31 */
} dd_date;

static inline dd_month dd_date_month(dd_date d) { return DD_MONTH(d.year, d.month); }

/* Parse "YYYY-MM" into a month. Returns 0 or DD_EPARSE. */
int dd_month_parse(const char *s, size_t len, dd_month *out);
/* Parse a period start: "YYYY-MM", or a timestamp of dd_timestamp_parse's
 * grammar with all three DD_TS_ flags ("YYYY-MM-DD", "...T00:00:00.000Z",
 * "... 00:00-08"); only the month of the date as written is kept (no
 * offset moves it). Returns 0 or DD_EPARSE. */
int dd_period_parse(const char *s, size_t len, dd_month *out);
/* Parse "YYYY-MM-DD" strictly (checks the day exists). */
int dd_date_parse(const char *s, size_t len, dd_date *out);
/* Format "YYYY-MM" into buf (>= 8 bytes). Returns buf. */
char *dd_month_format(dd_month m, char *buf);
/* Format "YYYY-MM-DD" into buf (>= 11 bytes). Returns buf. */
char *dd_date_format(dd_date d, char *buf);
/* Days in a month (leap years handled). */
int dd_days_in_month(int year, int month);

/* Time: date.c owns the calendar arithmetic and the one timestamp grammar;
 * book incidents, the Billing API's dates and CUR billing periods all go
 * through these, so the SLA work measures with the same clock. Proleptic
 * Gregorian calendar, UTC, no leap-second table. */

/* Days from 1970-01-01 to year-month-day (negative before it), and back.
 * month 1..12 and day 1..31 are not checked: validate with dd_date_parse. */
int64_t dd_days_from_civil(int64_t year, int month, int day);
void dd_civil_from_days(int64_t days, int64_t *year, int *month, int *day);

/* Date arithmetic (valid dates in, valid dates out). add_months keeps the
 * day of month, clamped to the month's last day (2028-12-31 - 9 months =
 * 2028-03-31; 2027-05-31 + 9 months = 2028-02-29). */
dd_date dd_date_add_days(dd_date d, int64_t days);
dd_date dd_date_add_months(dd_date d, int months);
dd_date dd_month_last_day(dd_month m);
int dd_date_cmp(dd_date a, dd_date b);             /* -1, 0, 1 */
int64_t dd_date_days_between(dd_date from, dd_date to); /* to - from, in days */

/* Epoch seconds of the years 1..9999, the dates dd_date_parse reads:
 * 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define DD_EPOCH_MIN (-62135596800LL)
#define DD_EPOCH_MAX (253402300799LL)

/* The UTC calendar date of epoch seconds t (DD_EPOCH_MIN..DD_EPOCH_MAX). */
dd_date dd_epoch_date(int64_t t);

/* Parse an ISO 8601 timestamp of len bytes into epoch seconds (UTC):
 *
 *     YYYY-MM-DD ('T' | ' ') HH:MM [ :SS [ .F... ] ] [ 'Z' | ('+' | '-') HH [':'] MM ]
 *
 * The date as dd_date_parse; HH 00-23, MM 00-59, SS 00-60 (a leap second
 * reads as the next minute's 00); fraction digits, one or more, are dropped;
 * no zone is UTC; an offset (HH 00-23, MM 00-59) is subtracted, so
 * "2026-10-03T19:35+05:30" is 2026-10-03T14:05Z. Nothing may follow.
 * Flags widen the grammar for readers that always accepted more: */
#define DD_TS_DATE_ALONE 1u       /* "YYYY-MM-DD" by itself: its midnight UTC */
#define DD_TS_OFFSET_HOURS 2u     /* an offset may end after its hours: "+05", "+05:" */
#define DD_TS_OFFSET_UNCHECKED 4u /* offset digits not range-checked ("+99:99") */
/* Returns 0, or DD_EPARSE with a message quoting the text (callers that
 * know the field name it in their own message). */
int dd_timestamp_parse(const char *s, size_t len, unsigned flags, int64_t *out);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
