/* sla.h: the AWS SLAs drawdown knows (SPEC section 6, issue #13): each one's
 * name, billing service, monthly uptime commitment, credit tiers as
 * half-open intervals of the uptime percent, how uptime is measured, what is
 * excluded, and the AWS page it was checked against. The definitions are
 * data (data/slas.csv, documented at its top and in docs/sla.md) compiled
 * into the library at build time: constant, borrowed, safe from any thread.
 * Pure: no I/O. */
#ifndef DRAWDOWN_SLA_H
#define DRAWDOWN_SLA_H

#include <stdbool.h>
#include <stddef.h>

#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

/* One band of the credit schedule: a monthly uptime percent in
 * [at_least, below) earns `percent` credit (AWS's "less than below but
 * equal to or greater than at_least"). All three are percents (99.5 is
 * 99.5 %), exact. */
typedef struct {
	dd_money at_least, below, percent;
} dd_sla_tier;

/* How the SLA measures the month's uptime. */
typedef enum {
	DD_SLA_UNAVAILABLE_MINUTES, /* 100 - unavailable minutes / minutes in the month, as a percent */
	DD_SLA_ERROR_RATE_5MIN      /* 100 - the average error rate of the month's 5-minute intervals */
} dd_sla_measure;

/* One SLA. Every string is static; note and page_date may be NULL. */
typedef struct {
	const char *name;      /* "ec2-region", ...: a contract (the book's incidents[].sla) */
	const char *service;   /* the billing service code the credit is figured on: "AmazonEC2" */
	const char *excluded;  /* what the SLA excludes, paraphrased */
	const char *source;    /* AWS's page: the address of the copy read, or (page_date NULL) the page to check */
	const char *page_date; /* that copy's "Last Updated", YYYY-MM-DD; NULL: no copy of it could be read */
	const char *checked;   /* the day the definition was checked, YYYY-MM-DD */
	const char *note;      /* what a claim should know; for an unverified SLA, what was not confirmed */
	dd_money commitment;   /* the monthly uptime percent committed, e.g. 99.99 */
	dd_sla_measure measure;
	const dd_sla_tier *tiers; /* [ntiers], from the highest band down: tiers[0].below is the
				     commitment, each at_least the next one's below, the last at_least 0 */
	size_t ntiers;
	bool verified; /* AWS's own page, as stored, states the commitment and every tier */
} dd_sla_def;

/* Every SLA, in the order of data/slas.csv; *n (if n is not NULL) gets the
 * count. Borrowed, never freed. */
const dd_sla_def *dd_sla_defs(size_t *n);

/* The SLA named `name` (exact, case-sensitive), or NULL (name NULL too).
 * Borrowed. */
const dd_sla_def *dd_sla_find(const char *name);

/* The credit percent of the month's charges for an exact uptime percent,
 * compared with no rounding: 0 at or above the commitment, else the percent
 * of the band [at_least, below) holding it (below 0, the lowest band's). d
 * NULL gives 0. */
dd_money dd_sla_credit_percent(const dd_sla_def *d, dd_money uptime_percent);

/* "unavailable_minutes", "error_rate_5min"; "unknown" out of range. */
const char *dd_sla_measure_name(dd_sla_measure m);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
