/* awsbilling.h: the AWS Billing API's JSON, as the AWS CLI prints it.
 *
 * `aws billing get-credits` gives AWS's own list of credits; drawdown reads
 * it into dd_aws_credit records and writes them as an includable book file
 * (a `credits:` list), so a team starts its book from AWS's data.
 * `aws billing get-credit-allocation-history` gives how AWS applied each
 * credit per month, account and service; it is read into dd_aws_allocation
 * records (allocation.h), stored, and reconciled against the engine.
 *
 * Amounts: AWS sends Amount objects {"currencyAmount": "743.21",
 * "currencyCode": "USD"}; {"amount", "unit"} objects, bare strings and JSON
 * integers are accepted too. A JSON number with a fraction or exponent is
 * rejected with an error naming the field: jansson decodes such numbers to
 * binary floating point, which cannot hold money exactly.
 * Timestamps: epoch seconds (JSON number, or digits in a string) or ISO 8601
 * text ("2026-01-01", "2026-01-01T00:00:00Z", "...+00:00"), read as UTC; a
 * bare date as endDate stands for the whole day (its last second). */
#ifndef DRAWDOWN_AWSBILLING_H
#define DRAWDOWN_AWSBILLING_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "allocation.h"
#include "book.h"
#include "common.h"
#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

typedef enum {
	DD_AWS_APPLY_BEFORE_DISCOUNTS, /* BEFORE_CROSS_SERVICE_DISCOUNTS (and absent) */
	DD_AWS_APPLY_AFTER_DISCOUNTS   /* AFTER_DISCOUNTS */
} dd_aws_application;

typedef enum {
	DD_AWS_SHARING_DEFAULT,        /* DEFAULT (and absent) */
	DD_AWS_SHARING_DISABLED,       /* DISABLED */
	DD_AWS_SHARING_CUSTOM,         /* CUSTOM: shareableAccounts */
	DD_AWS_SHARING_COST_CATEGORY   /* COST_CATEGORY_RULE: costCategoryArn */
} dd_aws_sharing;

/* One credit of `aws billing get-credits`. */
typedef struct {
	char *credit_id;               /* creditId */
	char account[DD_ACCOUNT_MAX];  /* accountId: the owner */
	char *credit_type;             /* creditType as AWS writes it ("Promotion", ...) */
	char *description;             /* may be NULL */
	char currency[8];              /* of initialAmount ("USD"); "" when not given */
	dd_money initial;              /* initialAmount, >= 0 */
	dd_money remaining;            /* remainingAmount */
	bool has_estimated;
	dd_money estimated;            /* estimatedAmount */
	char **products;               /* applicableProductNames; nproducts 0 = every service */
	size_t nproducts;
	int64_t start;                 /* startDate, epoch seconds UTC */
	int64_t end;                   /* endDate, epoch seconds UTC */
	bool has_exhaust;
	int64_t exhaust;               /* exhaustDate */
	dd_aws_application application;
	dd_aws_sharing sharing;
	char (*share_with)[DD_ACCOUNT_MAX]; /* shareableAccounts */
	size_t nshare_with;
	char *cost_category_arn;       /* may be NULL */
	bool enabled;                  /* creditStatus ENABLED (and absent) */
} dd_aws_credit;

typedef struct {
	dd_aws_credit *items;
	size_t n;
} dd_aws_credits;

/* Parse get-credits JSON: an object with a "credits" array (the CLI's
 * output) or the array itself. On success fills *out (caller frees with
 * dd_aws_credits_dispose) and returns 0. On failure returns DD_EPARSE (JSON
 * syntax: "name:line:column: ...") or DD_EINVALID (a field: "name:
 * credits[3].initialAmount: expected ..."), leaving *out empty. Unknown
 * fields are ignored (AWS adds fields). */
int dd_aws_credits_parse(const char *name, const char *json, size_t len, dd_aws_credits *out);
void dd_aws_credits_dispose(dd_aws_credits *c); /* frees the contents, zeroes *c */

/* The book's credit type for an AWS credit ("edp", "map", ..., "other"):
 * from creditType, and for generic promotional types from the description. */
dd_credit_type dd_aws_credit_book_type(const dd_aws_credit *c);

/* Write the credits as an includable book file (a `credits:` list, the
 * field names of docs/book.md) to f. `source` names the JSON in the header
 * comment (may be NULL). Returns 0 or DD_EIO when writing fails. Credits
 * with a zero initial amount are written as comments only (a book credit
 * needs an amount > 0). */
int dd_aws_credits_write_yaml(const dd_aws_credits *c, const char *source, FILE *f);
/* The same `credits:` list without the file's header comment, for a book
 * that holds the list itself (`drawdown init --credits`, book_init.h). */
int dd_aws_credits_write_list(const dd_aws_credits *c, FILE *f);

/* What an allocation history said besides its records. */
typedef struct {
	bool partial;                  /* partialResults: true */
	size_t nfailed;                /* months listed in failedMonths */
	dd_month *failed_months;       /* malloc'd; free() it */
} dd_aws_history_notes;

/* Parse get-credit-allocation-history JSON: an object with a
 * "creditAllocationHistoryList" array, or the array itself. On success
 * *out (caller frees with dd_aws_allocations_free) holds *n records in
 * file order and returns 0; errors as for dd_aws_credits_parse, naming
 * e.g. creditAllocationHistoryList[2].billingMonth. notes may be NULL. */
int dd_aws_allocations_parse(const char *name, const char *json, size_t len, dd_aws_allocation **out,
			     size_t *n, dd_aws_history_notes *notes);

/* Which Billing API document a JSON text is, for `drawdown import` to pick
 * the reader: an object with "credits" / "creditAllocationHistoryList", or
 * a bare list whose first element has initialAmount / appliedServiceName.
 * DD_AWS_JSON_NONE for anything else, invalid JSON included. */
typedef enum { DD_AWS_JSON_NONE, DD_AWS_JSON_CREDITS, DD_AWS_JSON_ALLOCATIONS } dd_aws_json_kind;
dd_aws_json_kind dd_aws_json_detect(const char *json, size_t len);

/* Epoch seconds (UTC) to a calendar date: dd_epoch_date (common.h) under
 * the name this API has always had. */
dd_date dd_aws_epoch_date(int64_t t);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
