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
