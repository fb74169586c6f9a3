/* run.h: the run, from the store to the engine. "History up to month M,
 * engine state at M" is the one call every report starts from (bill,
 * balance, commitment, reconcile; the forecast, offers and advice next):
 * months are read from the store at the engine's grain and run in order
 * from the first imported one. The run layer is the only one that sees
 * both the store and the engine (docs/ARCHITECTURE.md). */
#ifndef DRAWDOWN_RUN_H
#define DRAWDOWN_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "book.h"
#include "book_init.h"
#include "common.h"
#include "engine.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

/* A month's charges for the engine, owning their strings. */
typedef struct {
	dd_charge *items;
	size_t n;
	bool present;         /* false: no data imported for this month */
	void *arena_;         /* private */
} dd_charges;

void dd_charges_dispose(dd_charges *c); /* frees contents, not the struct; zeroes it */

/* Load month m's charges (rows of every payer), classified fields set
 * (marketplace, domain). Rows are summed by (account, service,
 * service_name, charge_type, marketplace, domain): payer, region,
 * description and other flags are dropped. Items are sorted by account,
 * service, charge_type, then marketplace, service_name, domain; strings
 * are never NULL ("" when absent). *out is overwritten (not freed) and
 * left empty on error. */
int dd_run_load_month(dd_store *s, dd_month m, dd_charges *out);

/* The history: every month's charges from the first imported month
 * through a month (what the forecast projects from). */
typedef struct {
	dd_charges *months;   /* [n]: first, first + 1, ... */
	size_t n;
	dd_month first, last; /* the imported range (last may be after the months loaded) */
} dd_history;

/* Load months first .. through (DD_MONTH_NONE: the last imported month).
 * DD_ENOTFOUND when nothing is imported, DD_EINVALID for a month outside
 * the imported range (the message names the range). Call
 * dd_history_dispose in every case. */
int dd_run_load_history(dd_store *s, dd_month through, dd_history *out);
void dd_history_dispose(dd_history *h);

/* An engine run from the first imported month through `month`. */
typedef struct {
	dd_engine *engine;
	dd_bill bill;         /* `month`'s bill; its strings borrow from `charges` */
	dd_charges charges;   /* `month`'s charges */
	dd_month first, last; /* the imported range */
	dd_month month;       /* the month run to */
	dd_month stopped;     /* after an engine error: the month it stopped at; else DD_MONTH_NONE */
} dd_run;

/* Run through `month` (DD_MONTH_NONE: the last imported month). Months
 * inside or after the imported range without data run as no-data months.
 * DD_ENOTFOUND when nothing is imported, DD_EINVALID for a month before the
 * first imported one, the store's or the engine's code otherwise. Call
 * dd_run_dispose in every case. */
int dd_run_to(const dd_book *book, dd_store *store, dd_month month, dd_run *run);
void dd_run_dispose(dd_run *run);

/* The text of a first book (book_init.h) from the store's summary
 * (dd_store_summarize): the payer with the largest charges (the others in a
 * comment), the usage accounts with their names, then the `extra` accounts
 * not among them (e.g. the owners of AWS's credits), the support services
 * and the months of EDP discount rows. source, credits_yaml and
 * credits_note as in dd_book_init. *out as dd_book_init_text's.
 * DD_ENOTFOUND, naming the store and `drawdown import`, when nothing is
 * imported. */
int dd_run_init_text(dd_store *store, const char *source, const dd_init_account *extra, size_t nextra,
		     const char *credits_yaml, const char *credits_note, char **out, size_t *len);

/* A book of no terms for billing before a book exists: the payer with the
 * largest charges in the store, no accounts, credits or agreement, Basic
 * support: the list bill. `name` is the book's path (messages, book->path).
 * DD_ENOTFOUND as dd_run_init_text; the loader's code otherwise. */
int dd_run_list_book(dd_store *store, const char *name, dd_book **out);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
