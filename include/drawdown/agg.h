/* agg.h: charges at the store's grain, and an aggregator that sums rows
 * into that grain while a file is read. Every importer (aggregated CSV,
 * CUR, CUR 2.0, FOCUS; CSV or Parquet) emits dd_row values into a dd_agg;
 * the store then writes the dd_agg in one transaction. Memory is bounded by
 * the number of distinct keys (accounts x services x types), not rows. */
#ifndef DRAWDOWN_AGG_H
#define DRAWDOWN_AGG_H

#include "common.h"
#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

/* Row flags (part of the key). */
#define DD_ROW_MAP_MIGRATED 0x1u /* carries a map-migrated tag */
#define DD_ROW_DOMAIN 0x2u       /* Route 53 domain registration/renewal/transfer */

/* One input row at the store's grain. Strings are dd_str views (common.h);
 * the aggregator copies what it keeps. Absent strings have len 0 (p may be
 * NULL then) and are the same key as empty ones. */

typedef struct {
	dd_month period;
	dd_str payer;
	dd_str account;
	dd_str service;       /* product code (AmazonEC2) or FOCUS service name */
	dd_str service_name;  /* display name, may be empty */
	dd_str charge_type;   /* line item type / charge category (Usage, Tax, Credit, ...) */
	dd_str billing_entity; /* "AWS" or "AWS Marketplace" */
	dd_str region;
	dd_str description;   /* kept only for Credit/Refund/discount rows (programme marker) */
	uint32_t flags;       /* DD_ROW_* */
	dd_money amount;      /* unblended cost (CUR) or BilledCost (FOCUS) */
	dd_money effective;   /* effective/amortized cost, for reporting */
	dd_str account_name;  /* the usage account's name (CUR 2.0, FOCUS SubAccountName); not
			       * part of the key: the aggregator keeps one name per account */
	dd_str payer_name;    /* the payer's (FOCUS BillingAccountName, ...), likewise */
} dd_row;

/* An aggregated entry (owned by the dd_agg; strings NUL-terminated). */
typedef struct {
	dd_month period;
	const char *payer, *account, *service, *service_name, *charge_type,
		*billing_entity, *region, *description;
	uint32_t flags;
	dd_money amount;
	dd_money effective;
	uint64_t rows;
} dd_agg_entry;

typedef struct dd_agg dd_agg;

int dd_agg_new(dd_agg **out);
void dd_agg_free(dd_agg *agg);
/* Add one row (sums amount and effective into its key). 0, DD_ENOMEM or DD_EOVERFLOW. */
int dd_agg_add(dd_agg *agg, const dd_row *row);
/* Add a pre-aggregated row standing for `rows` input rows (the store uses it
 * to rebuild entries; dd_agg_add(a, r) is dd_agg_add_rows(a, r, 1)). */
int dd_agg_add_rows(dd_agg *agg, const dd_row *row, uint64_t rows);
/* Merge every entry of src into dst (used to join per-thread aggregators).
 * On DD_ENOMEM / DD_EOVERFLOW dst holds part of src: discard it. */
int dd_agg_merge(dd_agg *dst, const dd_agg *src);
size_t dd_agg_count(const dd_agg *agg);
/* Entries sorted by (period, payer, account, service, charge_type,
 * billing_entity, region, service_name, description, flags), strings
 * compared bytewise; absent strings read as "". Borrowed; valid until the
 * next dd_agg_add/merge/free. NULL with *n = 0 on DD_ENOMEM (a non-empty
 * dd_agg_count tells that apart from an empty aggregator). */
const dd_agg_entry *dd_agg_entries(dd_agg *agg, size_t *n);
/* Total number of rows added. */
uint64_t dd_agg_rows(const dd_agg *agg);

/* An account's name as the rows named it: the name of the latest period
 * that gave one (a later row of the same period wins). */
typedef struct {
	const char *account;
	const char *name;
	dd_month period;
} dd_agg_name;

/* The names of the accounts that rows named, as usage accounts or as
 * payers (an account's usage name wins), sorted by account (bytewise).
 * Borrowed, valid until the next dd_agg_add/merge/free. 0 (*out NULL and *n
 * 0 when no row named an account) or DD_ENOMEM. */
int dd_agg_account_names(dd_agg *agg, const dd_agg_name **out, size_t *n);

/* Is this billing entity AWS Marketplace? (case-insensitive "AWS Marketplace") */
bool dd_is_marketplace_entity(const char *s, size_t len);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
