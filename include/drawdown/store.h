/* store.h: the SQLite store (drawdown.db). The only module that talks to
 * SQLite. Money is stored as exact decimal text, never REAL. Each import
 * replaces the (period, payer) pairs it holds in one transaction: a failed
 * import changes nothing. */
#ifndef DRAWDOWN_STORE_H
#define DRAWDOWN_STORE_H

#include "agg.h"
#include "allocation.h"
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

/* A connection; use it from one thread at a time (open one per thread).
 * Another process writing the same file makes calls wait up to 5 s, then
 * fail with DD_ESTORE saying the store is locked. */
typedef struct dd_store dd_store;

/* Open (creating if needed, then migrating to the current schema, one
 * transaction per migration). DD_ESTORE if the file is not a SQLite
 * database or was written by a newer drawdown. */
int dd_store_open(const char *path, dd_store **out);
/* Open read-only; DD_ENOTFOUND (naming the path and `drawdown import`) if
 * the file does not exist or holds no drawdown schema. Never migrates. */
int dd_store_open_readonly(const char *path, dd_store **out);
void dd_store_close(dd_store *s);
/* Current schema version (number of migrations applied). */
int dd_store_schema_version(dd_store *s);

typedef struct {
	size_t periods;       /* (period, payer) pairs replaced or added */
	size_t entries;       /* aggregated rows written */
	uint64_t rows;        /* input rows they came from */
} dd_store_import_stats;

/* Replace every (period, payer) present in agg with agg's entries, and
 * record the import (source, time) in one transaction: on any error
 * (DD_ESTORE, DD_EINVALID for a month outside the years 1..9999, DD_EUSAGE
 * on a read-only store) the store is exactly as before. An empty agg only
 * records the import. stats may be NULL. */
int dd_store_replace(dd_store *s, dd_agg *agg, const char *source, dd_store_import_stats *stats);

/* First and last imported month; DD_ENOTFOUND when the store is empty. */
int dd_store_month_range(dd_store *s, dd_month *first, dd_month *last);

/* Month m's charges summed at the grain the engine bills at: (account,
 * service, service_name, charge_type, billing entity reduced to "AWS" or
 * "AWS Marketplace", the DD_ROW_DOMAIN flag); payer, region, description
 * and other flags dropped. *present: whether the month was imported (an
 * empty agg when not). Caller frees *out with dd_agg_free. run.h turns it
 * into the engine's charges (dd_run_load_month). */
int dd_store_load_month_sums(dd_store *s, dd_month m, dd_agg **out, bool *present);

/* Entries of a month as stored (all types, with descriptions), for reconcile
 * and reports; an empty dd_agg if the month was never imported. Caller
 * frees with dd_agg_free. */
int dd_store_load_entries(dd_store *s, dd_month m, dd_agg **out);

/* Replace every month present in `a` with these records (one transaction). */
int dd_store_replace_allocations(dd_store *s, const dd_aws_allocation *a, size_t n, const char *source);
/* The month's records, ordered by credit id, account, service; *out NULL
 * and *n 0 when none. Caller frees with dd_aws_allocations_free. */
int dd_store_load_allocations(dd_store *s, dd_month m, dd_aws_allocation **out, size_t *n);

/* What the store holds, summed for a first book (`drawdown init`, run.h)
 * and for billing before a book exists. Amounts are exact sums of the
 * stored charges' amounts. */
typedef struct {
	char *id;
	char *name;            /* as the exports named it (account_names); NULL when none did */
	dd_month first, last;  /* the months it has charges in */
	dd_money amount;       /* every charge type summed */
	uint64_t rows;         /* input rows */
} dd_store_account;

/* A support service the charges are on (AWSSupportBusiness, "AWS Support
 * (Business)", ...: dd_is_support_service). */
typedef struct {
	char *service;
	dd_month first, last;
	dd_money amount;
} dd_store_support;

/* A month with EDP / private pricing discount rows (EdpDiscount,
 * PrivateRateDiscount). */
typedef struct {
	dd_month month;
	dd_money discount;     /* the rows summed (negative) */
	dd_money eligible;     /* the month's usage and fees (DD_CLASS_USAGE, DD_CLASS_FEE), not Marketplace */
} dd_store_discount;

typedef struct {
	dd_month first, last;  /* imported months; DD_MONTH_NONE when empty */
	dd_store_account *payers;    /* largest amount first, ties by id */
	size_t npayers;
	dd_store_account *accounts;  /* usage accounts, by id */
	size_t naccounts;
	dd_store_support *support;   /* by service */
	size_t nsupport;
	dd_store_discount *discounts; /* by month */
	size_t ndiscounts;
} dd_store_summary;

/* Sum the whole store into *out (caller disposes). An empty store gives an
 * empty summary. A read-only store of a schema before account names gives
 * no names. DD_ESTORE, DD_ENOMEM. */
int dd_store_summarize(dd_store *s, dd_store_summary *out);
void dd_store_summary_dispose(dd_store_summary *sum);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
