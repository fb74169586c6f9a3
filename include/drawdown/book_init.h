/* book_init.h: the text of a first book (`drawdown init`) from what the
 * imported charges show: the payer, the accounts and their names, the
 * support plan the support charges imply, an agreement skeleton when EDP
 * discount rows exist, and optionally AWS's own credit list; every section
 * commented with what to fill in, and what only the contracts say marked
 * TODO. Pure: facts in, YAML text out (the run layer gathers the facts from
 * the store, run.h dd_run_init_text). In the book layer; docs/book.md,
 * "Starting a book". */
#ifndef DRAWDOWN_BOOK_INIT_H
#define DRAWDOWN_BOOK_INIT_H

#include <stddef.h>

#include "book.h"
#include "common.h"
#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

typedef struct {
	const char *id;
	const char *name;   /* NULL: the exports gave none */
	const char *why;    /* NULL, or a comment for the entry (e.g. "owns an AWS credit") */
} dd_init_account;

/* A support service the charges are on, and the last month it was. */
typedef struct {
	const char *service;
	dd_month first, last;
} dd_init_support;

/* A month of EDP discount rows: their sum (negative) and the usage and
 * fees it could apply to. */
typedef struct {
	dd_month month;
	dd_money discount;
	dd_money eligible;
} dd_init_discount;

typedef struct {
	const char *source;     /* where the facts come from, for the header comment (the store's path); may be NULL */
	dd_month first, last;   /* imported months; DD_MONTH_NONE when none */
	const char *payer;      /* required */
	const char *const *other_payers; /* payers of other imported charges, for a comment */
	size_t nother_payers;
	const dd_init_account *accounts;
	size_t naccounts;
	const dd_init_support *support;
	size_t nsupport;
	const dd_init_discount *discounts; /* by month */
	size_t ndiscounts;
	/* A `credits:` list (e.g. dd_aws_credits_write_list's) placed as the
	 * book's credits, after credits_note (one line, a comment; may be NULL);
	 * NULL: an empty list and how to fill it. */
	const char *credits_yaml;
	const char *credits_note;
} dd_book_init;

/* The plan a support service's charges imply: AWSDeveloperSupport and names
 * with "Developer" developer, "Business" business, "On-Ramp" / "OnRamp"
 * enterprise_on_ramp, "Enterprise" enterprise (case-insensitive);
 * DD_SUPPORT_NONE for anything else. */
dd_support_plan dd_book_init_plan(const char *service);

/* The book's name for a plan: "basic", "developer", "business",
 * "enterprise_on_ramp", "enterprise". */
const char *dd_support_plan_name(dd_support_plan p);

/* The discount percent the months' rows give, to hundredths (half-even),
 * into *pct when every month with eligible spend gives the same one
 * (returns 1), else 0 (*lo and *hi, when not NULL, the smallest and largest
 * seen; 0 when no month had eligible spend). */
int dd_book_init_discount(const dd_init_discount *d, size_t n, dd_money *pct, dd_money *lo, dd_money *hi);

/* The book's text, NUL-terminated, into *out (caller frees), its length in
 * *len. Account ids that no book can hold (1 to 31 letters, digits or '-')
 * are left out with a comment. Every text is UTF-8 (else DD_EINVALID naming
 * it); DD_EUSAGE without a payer; DD_ENOMEM. The text loads with
 * dd_book_load_buffer when the payer is a valid account id and
 * credits_yaml is a valid list of credits for these accounts. */
int dd_book_init_text(const dd_book_init *in, char **out, size_t *len);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
