/* reconcile.h: the engine's simulated credit application next to AWS's own
 * record of it, per credit, account and service (SPEC 3.1, end).
 *
 * AWS's record is either the get-credit-allocation-history records of the
 * month (per credit id) or, without them, the imported `Credit` line items
 * (no credit id: compared per account and service, credit "*"). With the
 * history, rows match when the book's credit id equals AWS's creditId (true
 * for credits written by dd_aws_credits_write_yaml); other ids give rows of
 * their own on each side. Pure: no I/O; the result owns its strings. */
#ifndef DRAWDOWN_RECONCILE_H
#define DRAWDOWN_RECONCILE_H

#include "agg.h"
#include "allocation.h"
#include "book.h"
#include "common.h"
#include "engine.h"
#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

typedef enum {
	DD_RECONCILE_CREDIT_ROWS,   /* imported Credit line items (no credit ids) */
	DD_RECONCILE_ALLOCATIONS    /* get-credit-allocation-history records */
} dd_reconcile_source;

const char *dd_reconcile_source_name(dd_reconcile_source s); /* "credit_rows", "allocation_history" */

typedef struct {
	char *credit;       /* credit id (book id on the simulated side, AWS creditId
			       on the actual side), or "*" for Credit-row comparison */
	char *account;
	char *service;      /* product code where one is known, else AWS's service name */
	dd_money simulated; /* applied by the engine (positive) */
	dd_money actual;    /* applied by AWS (positive = minus AWS's amount) */
	dd_money difference; /* simulated - actual */
	bool estimated;     /* some AWS record behind `actual` was an estimated bill */
} dd_reconcile_row;

typedef struct {
	char *credit;       /* NULL in the grand total */
	dd_money simulated, actual, difference;
} dd_reconcile_total;

typedef struct {
	dd_month month;
	dd_reconcile_source source;
	dd_reconcile_row *rows;        /* sorted by credit, account, service (bytewise) */
	size_t nrows;
	dd_reconcile_total *credits;   /* per credit, sorted by credit */
	size_t ncredits;
	dd_reconcile_total total;
} dd_reconcile;

/* Reconcile one month. `bill` is the engine's bill of that month (its
 * allocs); `entries` the month's stored entries (dd_store_load_entries;
 * entries of other periods are ignored); `aws` the month's allocation
 * history records (records of other months ignored; may be NULL with
 * naws 0). With any allocation record for the month the source is the
 * allocation history, else the Credit rows. Services are matched by code
 * or by the service_name the entries give that code; the engine's support
 * credits ("support") match the account's support service. Rows where both
 * sides are zero are left out. Fills *out (free with dd_reconcile_dispose);
 * returns 0, DD_ENOMEM or DD_EOVERFLOW (then *out is empty). */
int dd_reconcile_month(const dd_book *book, const dd_bill *bill, const dd_agg_entry *entries,
		       size_t nentries, const dd_aws_allocation *aws, size_t naws, dd_reconcile *out);
void dd_reconcile_dispose(dd_reconcile *r); /* frees the contents, zeroes *r */

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
