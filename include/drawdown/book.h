/* book.h: the book, the customer's negotiated terms (SPEC 2.1), as loaded
 * from YAML. Loading validates the whole file and reports every problem at
 * once; the in-memory book is read-only afterwards and can be shared by any
 * number of engine runs (forecast paths, offers) at the same time. */
#ifndef DRAWDOWN_BOOK_H
#define DRAWDOWN_BOOK_H

#include "common.h"
#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

#define DD_ACCOUNT_MAX 32 /* account ids are short strings, kept as text */

typedef enum {
	DD_CREDIT_EDP, DD_CREDIT_MAP, DD_CREDIT_POC, DD_CREDIT_GRAVITON,
	DD_CREDIT_MARKETPLACE, DD_CREDIT_PARTNER, DD_CREDIT_SLA, DD_CREDIT_SUPPORT,
	DD_CREDIT_PROMOTIONAL, DD_CREDIT_OTHER,
	DD_CREDIT_TYPE_COUNT
} dd_credit_type;

/* "edp", "map", ... */
const char *dd_credit_type_name(dd_credit_type t);

typedef enum { DD_APPLIES_BEFORE_DISCOUNT, DD_APPLIES_AFTER_DISCOUNT } dd_applies;
typedef enum { DD_SHARING_DEFAULT, DD_SHARING_DISABLED, DD_SHARING_LIST } dd_credit_sharing;
typedef enum { DD_STATUS_ENABLED, DD_STATUS_PAUSED } dd_credit_status;

typedef enum {
	DD_SUPPORT_NONE, DD_SUPPORT_BASIC = DD_SUPPORT_NONE,
	DD_SUPPORT_DEVELOPER, DD_SUPPORT_BUSINESS,
	DD_SUPPORT_ENTERPRISE_ON_RAMP, DD_SUPPORT_ENTERPRISE
} dd_support_plan;

typedef enum { DD_BASIS_NET, DD_BASIS_GROSS } dd_commitment_basis;

typedef struct {
	char id[DD_ACCOUNT_MAX];
	char *name;        /* may be NULL */
	bool sharing;      /* per-account sharing (default true) */
	bool has_joined;
	dd_date joined;
} dd_account;

/* One grant. Tranches in the YAML are expanded into one dd_credit each, with
 * id "<id>#<n>" (n from 1) and `after` pointing at the previous tranche when
 * it must be exhausted first. */
typedef struct {
	char *id;
	dd_credit_type type;
	dd_money amount;           /* face value, > 0 */
	dd_date start, expires;    /* expires >= start */
	char owner[DD_ACCOUNT_MAX]; /* defaults to the payer */
	bool services_all;
	char **services;           /* product codes or service names; NULL if all */
	size_t nservices;
	dd_applies applies;
	dd_credit_sharing sharing;
	char (*share_with)[DD_ACCOUNT_MAX]; /* when sharing == DD_SHARING_LIST */
	size_t nshare_with;
	dd_credit_status status;
	/* Lock: a credit with has_unlock is usable only from unlock_month on;
	 * a milestone without a date (unlock_month == DD_MONTH_NONE) stays locked. */
	bool has_unlock;
	char *milestone;           /* may be NULL */
	dd_month unlock_month;
	int after;                 /* index of a credit that must be exhausted first, or -1 */
	int line, column;          /* where it was defined (for messages) */
	const char *file;          /* the file it was defined in (borrowed from the book); may be NULL */
	char *description;         /* may be NULL */
	int tranche;               /* 1-based tranche number when expanded from `tranches:`, else 0 */
} dd_credit;

/* The SLA an incident is claimed under (SPEC section 6). */
typedef enum {
	DD_SLA_EC2_REGION, DD_SLA_EC2_INSTANCE, DD_SLA_EBS_REGION, DD_SLA_EBS_VOLUME,
	DD_SLA_S3_STANDARD, DD_SLA_S3_IA, DD_SLA_RDS_MULTI_AZ, DD_SLA_RDS_SINGLE_AZ,
	DD_SLA_DYNAMODB, DD_SLA_DYNAMODB_GLOBAL, DD_SLA_ELB, DD_SLA_EKS, DD_SLA_API_GATEWAY,
	DD_SLA_LAMBDA, DD_SLA_CLOUDFRONT,
	DD_SLA_COUNT
} dd_sla;

/* "ec2-region", "ec2-instance", ..., "lambda", "cloudfront" */
const char *dd_sla_name(dd_sla s);
/* Whether an SLA is measured as an error rate per 5-minute interval rather
 * than in unavailable minutes (S3 Standard and IA, DynamoDB, API Gateway,
 * Lambda, CloudFront): the SLAs an incident may give `error_rate` or
 * `intervals` for. */
bool dd_sla_error_rate(dd_sla s);

/* A service incident recorded in the book, kept for SLA credit claims. */
typedef struct {
	char *id;
	char *service;             /* product code or service name, e.g. "AmazonEC2" */
	dd_sla sla;
	char *region;              /* may be NULL */
	char (*accounts)[DD_ACCOUNT_MAX]; /* affected accounts; may be empty */
	size_t naccounts;
	int64_t start, end;        /* seconds since 1970-01-01T00:00:00Z; end >= start */
	char *impact;              /* may be NULL */
	char **resources;          /* affected resource ids (instance, volume, bucket, ARN), as written */
	size_t nresources;
	bool has_cost;
	dd_money cost;             /* the business cost recorded, >= 0 (when has_cost) */
	/* Error-rate SLAs only (dd_sla_error_rate), at most one of the two: a
	 * stated average error rate over the incident, or the error rate of
	 * each 5-minute interval from `start` on; percents 0..100. */
	bool has_error_rate;
	dd_money error_rate;
	dd_money *intervals;       /* [nintervals]; NULL when none */
	size_t nintervals;
	const char *file;          /* borrowed from the book */
	int line, column;
} dd_incident;

typedef struct {
	bool present;
	char *id;
	dd_date start;
	int years;                 /* >= 1 */
	dd_money *commitment;      /* [years] */
	dd_money *discount_percent; /* [years]; a single number is repeated */
	dd_commitment_basis basis; /* default net */
	bool credits_count;        /* credits_count_toward_commitment, default true */
	bool carry_forward;        /* default false */
	dd_money marketplace_cap_percent; /* default 25 */
	bool discount_marketplace; /* default false */
} dd_agreement;

typedef struct {
	char *path;                /* the file it was loaded from */
	char currency[8];          /* "USD" */
	char payer[DD_ACCOUNT_MAX];
	bool credit_sharing;       /* organization.credit_sharing, default on */
	dd_account *accounts;
	size_t naccounts;
	dd_agreement agreement;
	dd_support_plan support_plan;
	/* support.discount_percent (0..100, default 0): a negotiated percent off
	 * the fee the plan's brackets and minimum give (the engine charges
	 * that fee x (1 - pct / 100)) */
	dd_money support_discount_percent;
	dd_credit *credits;
	size_t ncredits;
	dd_incident *incidents;
	size_t nincidents;
	char **files;              /* every file read: [0] is the book, then includes in order
				    * (an offer's book, offer.h: [0] the offer, [1] its base, then the base's includes) */
	size_t nfiles;
} dd_book;

/* One problem found in a book. */
typedef struct {
	char *file;    /* the file (the book or an included one) */
	int line, column; /* 1-based; 0 when unknown */
	char *field;   /* dotted path, e.g. "credits[2].expires"; may be NULL */
	char *message; /* plain words: what is wrong and what was expected */
} dd_book_problem;

typedef struct {
	dd_book_problem *items;
	size_t n;
} dd_book_problems;

/* Load and validate a book. On success *out is the book (caller frees with
 * dd_book_free) and returns 0. On failure returns DD_EIO / DD_EPARSE /
 * DD_EINVALID, *out is NULL, and *problems (if not NULL) receives every
 * problem found (caller frees with dd_book_problems_dispose). `include:` lists
 * paths relative to the including file. */
int dd_book_load(const char *path, dd_book **out, dd_book_problems *problems);
/* Same, from memory; `name` is used in messages and to resolve includes
 * (relative to its directory). */
int dd_book_load_buffer(const char *name, const char *text, size_t len, dd_book **out,
			dd_book_problems *problems);
void dd_book_free(dd_book *book);
void dd_book_problems_dispose(dd_book_problems *p);

/* Lookups (borrowed pointers, NULL if absent). */
const dd_account *dd_book_account(const dd_book *book, const char *id);
/* The credit with this id (tranches as "<id>#<n>"), borrowed, or NULL. */
const dd_credit *dd_book_credit(const dd_book *book, const char *id);
/* Whether id can name a credit of a book: 1 to 128 characters, no '#'
 * (kept for tranche ids, "ID#2") and no control characters. */
bool dd_credit_id_valid(const char *id);
/* The 0-based contract year containing month m, or -1 when outside the agreement. */
int dd_book_contract_year(const dd_book *book, dd_month m);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
