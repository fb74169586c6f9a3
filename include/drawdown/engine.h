/* engine.h: the month engine (SPEC section 3). Pure: no I/O, no globals,
 * no locale; everything it needs comes in through arguments. A dd_engine is
 * the state of one run (credit balances, commitment counters) over one
 * read-only dd_book; several engines may share a book across threads. The
 * caller runs months in increasing order from the first imported month. */
#ifndef DRAWDOWN_ENGINE_H
#define DRAWDOWN_ENGINE_H

#include "book.h"
#include "classify.h"
#include "common.h"
#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

/* One input charge: an aggregated row of the month. Strings are borrowed
 * for the duration of dd_engine_run_month. */
typedef struct {
	const char *account;
	const char *service;      /* product code (AmazonEC2) or FOCUS service name */
	const char *service_name; /* display name (may be NULL); a book may name either */
	const char *charge_type;
	bool marketplace;  /* billing entity AWS Marketplace */
	bool domain;       /* domain registration row (or service AmazonRegistrar) */
	/* dd_classify_charge of the strings, with `domain` already
	 * dd_is_domain_charge (dd_run_load_month sets both); DD_CLASS_UNSET:
	 * the engine classifies the strings itself, on every run of the month. */
	dd_charge_class cls;
	dd_money amount;
} dd_charge;

/* A bill line: one (account, service[, marketplace]) of the month. */
typedef struct {
	const char *account;  /* borrowed from the input charges */
	const char *service;
	bool marketplace;
	dd_money gross;       /* everything but tax */
	dd_money credits;     /* phase 1 + phase 2 */
	dd_money discount;
	dd_money payable;     /* gross - credits - discount (tax excluded) */
	dd_money tax;
} dd_bill_line;

/* A credit as of the end of the month (index = index in book->credits). */
typedef enum {
	DD_CS_ACTIVE, DD_CS_NOT_STARTED, DD_CS_LOCKED, DD_CS_PAUSED,
	DD_CS_EXHAUSTED, DD_CS_EXPIRED
} dd_credit_state;
const char *dd_credit_state_name(dd_credit_state s); /* "active", "not_started", ... */

typedef struct {
	dd_money applied;     /* this month's use */
	dd_money consumed;    /* total use since the start of the run */
	dd_money remaining;   /* balance after this month's use and expiry */
	dd_money expired;     /* expired at the end of this month */
	dd_money expired_total; /* expired so far in the run */
	dd_credit_state state;
} dd_bill_credit;

/* Where a credit went: per credit, account and service (for reconcile and reports). */
typedef struct {
	int credit;           /* index in book->credits */
	const char *account;
	const char *service;
	dd_money amount;
} dd_allocation;

typedef struct {
	const char *account;  /* payer for Enterprise / On-Ramp */
	dd_money base;        /* charges the fee is computed on */
	dd_money fee;
	dd_money credits;     /* support credits applied */
} dd_support_line;

typedef struct {
	dd_month month;
	bool no_data;
	int contract_year;    /* 0-based, -1 outside the agreement */
	dd_money gross, credits_before_discount, discount, credits_after_discount,
		support_fee, support_credits, tax, shortfall, payable;
	dd_money counted;     /* toward the commitment this month */
	dd_money leakage;     /* = sum of credits[].expired */
	dd_bill_line *lines; size_t nlines;
	dd_bill_credit *credits; size_t ncredits;
	dd_allocation *allocs; size_t nallocs;
	dd_support_line *support; size_t nsupport;
	const char **unknown_types; size_t nunknown; /* borrowed from input */
	/* private: capacities, reused across months so a run allocates little */
	size_t cap_lines, cap_allocs, cap_support, cap_unknown;
	size_t cap_credits;
} dd_bill;
/* A bill's strings (lines, allocations, support, unknown_types) are borrowed
 * from the month's charges (or, for the Enterprise support line, from the
 * book's payer): valid while those are. */

void dd_bill_init(dd_bill *bill);
void dd_bill_dispose(dd_bill *bill); /* frees the arrays, not the struct */

typedef struct dd_engine dd_engine;

int dd_engine_new(const dd_book *book, dd_engine **out);
void dd_engine_free(dd_engine *e);
/* Copy the whole state (for Monte Carlo paths branching from history). */
int dd_engine_clone(const dd_engine *e, dd_engine **out);
/* Set dst's state (balances, commitment counters, last month) to src's:
 * both engines of the same book. Allocation-free, so a forecast path starts
 * from the as-of state by copying, not cloning. DD_EUSAGE otherwise. */
int dd_engine_copy_state(dd_engine *dst, const dd_engine *src);

/* Run month m with its charges. Months must increase; a gap is an error
 * (run the missing months with no_data = true; their charges are ignored).
 * Fills *bill (reusing its arrays; dd_bill_init it once, dd_bill_dispose it at
 * the end). Returns 0, DD_EUSAGE, DD_ENOMEM, DD_EOVERFLOW, or DD_EGENERIC if
 * an internal conservation check fails. On error the engine is unchanged
 * (the month may be run again) and *bill is unspecified. */
int dd_engine_run_month(dd_engine *e, dd_month m, const dd_charge *charges, size_t n,
			bool no_data, dd_bill *bill);

/* The position of credit `credit` (index in book->credits) in the order
 * credits are applied (SPEC 3 item 3: expiry, services, start, id), from 0;
 * SIZE_MAX when there is no such credit. */
size_t dd_engine_credit_rank(const dd_engine *e, size_t credit);

/* The last month run, or DD_MONTH_NONE. */
dd_month dd_engine_last_month(const dd_engine *e);

/* Commitment as of the end of the last month run. */
typedef struct {
	int year;             /* 1-based contract year */
	dd_date start, end;   /* first and last day */
	dd_money commitment;
	dd_money counted;     /* this year's own counted spend so far */
	dd_money carried_in;  /* excess carried from the previous year */
	dd_money shortfall;   /* max(0, commitment - counted - carried_in) */
} dd_commit_year;

/* Fills years[0 .. book->agreement.years-1]. DD_ENOTFOUND without an agreement. */
int dd_engine_commitment(const dd_engine *e, dd_commit_year *years);

/* Support fee for a base amount under a plan (before support credits),
 * with the plan minimum; before the book's support.discount_percent, which
 * the engine applies to this fee. Pure helper, exposed for tests and
 * forecasts. */
int dd_support_fee(dd_support_plan plan, dd_money base, dd_money *fee);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
