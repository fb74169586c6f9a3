/* store.h: the SQLite store (drawdown.db). The only module that talks to
 * SQLite. Money is stored as exact decimal text, never REAL. Each import
 * replaces the (period, payer) pairs it holds in one transaction: a failed
 * import changes nothing. */
#ifndef DRAWDOWN_STORE_H
#define DRAWDOWN_STORE_H

#include "agg.h"
#include "common.h"
#include "engine.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dd_store dd_store;

/* Open (creating if needed, then migrating to the current schema). */
int dd_store_open(const char *path, dd_store **out);
/* Open read-only; DD_ENOTFOUND if the file does not exist. */
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
 * record the import (source, time) in one transaction. */
int dd_store_replace(dd_store *s, dd_agg *agg, const char *source, dd_store_import_stats *stats);

/* First and last imported month; DD_ENOTFOUND when the store is empty. */
int dd_store_month_range(dd_store *s, dd_month *first, dd_month *last);

/* A month's charges for the engine, owning its strings. */
typedef struct {
	dd_charge *items;
	size_t n;
	bool present;         /* false: no data imported for this month */
	void *arena_;         /* private */
} dd_charges;

void dd_charges_free(dd_charges *c); /* frees contents, not the struct */
/* Load month m's charges (rows of every payer), already classified fields
 * set (marketplace, domain). */
int dd_store_load_month(dd_store *s, dd_month m, dd_charges *out);

/* Entries of a month as stored (all types, with descriptions), for reconcile
 * and reports. Caller frees with dd_agg_free. */
int dd_store_load_entries(dd_store *s, dd_month m, dd_agg **out);

/* AWS's own record of credit application (`aws billing
 * get-credit-allocation-history`), kept for reconcile. */
typedef struct {
	char *credit_id;
	char account[32];
	char *service;        /* appliedServiceName */
	dd_month month;       /* billingMonth */
	dd_money amount;      /* as AWS reports it (negative = applied) */
	bool estimated;       /* isEstimatedBill */
} dd_aws_allocation;

/* Replace every month present in `a` with these records (one transaction). */
int dd_store_replace_allocations(dd_store *s, const dd_aws_allocation *a, size_t n, const char *source);
/* The month's records; caller frees with dd_aws_allocations_free. */
int dd_store_load_allocations(dd_store *s, dd_month m, dd_aws_allocation **out, size_t *n);
void dd_aws_allocations_free(dd_aws_allocation *a, size_t n);

#ifdef __cplusplus
}
#endif
#endif
