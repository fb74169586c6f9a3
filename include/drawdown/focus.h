/* focus.h: the FOCUS export (SPEC section 8, issue #14 item 3): a month's
 * simulated credit application as FOCUS 1.2 cost-and-usage rows
 * (ChargeCategory "Credit"), and the agreement as FOCUS 1.3 contract
 * commitment rows (one per contract year). Pure: the caller runs the
 * engine; these return CSV text (RFC 4180, a header row, CRLF-free "\n"
 * line ends, exact decimals, ISO 8601 UTC timestamps, an empty field for
 * null). docs/cli.md ("export focus") lists every column and the FOCUS rule
 * each value follows. */
#ifndef DRAWDOWN_FOCUS_H
#define DRAWDOWN_FOCUS_H

#include <stddef.h>

#include "book.h"
#include "engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

/* A FOCUS dataset as a table: columns[ncolumns] (FOCUS names, then the
 * x_ ones) and nrows rows of cells[r * ncolumns + c], each a string or NULL
 * for FOCUS null. The _csv calls below write it as CSV; the CLI's --json
 * writes it as JSON. dd_focus_table_dispose frees the cells. */
typedef struct {
	const char *version;  /* "1.2" or "1.3" */
	const char *dataset;  /* "cost_and_usage" or "contract_commitment" */
	const char *const *columns;
	size_t ncolumns, nrows;
	char **cells;
} dd_focus_table;

/* The rows of dd_focus_credits_csv and dd_focus_commitment_csv, as a table
 * (the same errors; *t is empty after one). */
int dd_focus_credits_table(const dd_book *book, const dd_bill *bill, dd_focus_table *t);
int dd_focus_commitment_table(const dd_book *book, dd_focus_table *t);
/* The table as RFC 4180 CSV with a header row (an empty field for null). */
int dd_focus_table_csv(const dd_focus_table *t, char **csv, size_t *len);
void dd_focus_table_dispose(dd_focus_table *t);

/* One row per allocation of the bill (engine.h's dd_bill.allocs: a credit
 * on an account's service, or a support credit on a support fee), in the
 * engine's order; the costs are minus the amounts applied, so the rows sum
 * to -(credits_before_discount + credits_after_discount + support_credits)
 * exactly (checked: DD_EGENERIC if not). `bill` is a month run over `book`
 * (bill->ncredits == book->ncredits). A month without credits gives the
 * header alone. *csv is NUL-terminated (caller frees), *len (may be NULL)
 * without the NUL. DD_EINVALID for a bill that is not the book's,
 * DD_ENOMEM. */
int dd_focus_credits_csv(const dd_book *book, const dd_bill *bill, char **csv, size_t *len);

/* One row per contract year of book->agreement: the year's minimum spend
 * (ContractCommitmentCategory "Spend") over [year start, next year start).
 * DD_ENOTFOUND without an agreement, DD_ENOMEM. */
int dd_focus_commitment_csv(const dd_book *book, char **csv, size_t *len);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
