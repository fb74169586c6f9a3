/* ramp.h: a forecast ramp, the migration plan of a forecast, as loaded from
 * YAML (docs/ramp.md): per account and service, an amount added to the
 * series every month from a month on, or a step that multiplies the series
 * from a month on. Loading validates the whole file and reports every
 * problem at once, as a book does (the problems are dd_book_problems); the
 * ramp is read-only afterwards. */
#ifndef DRAWDOWN_RAMP_H
#define DRAWDOWN_RAMP_H

#include <stdbool.h>
#include <stddef.h>

#include "book.h"
#include "common.h"
#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

/* One entry of `ramp:`. Exactly one of has_amount / has_growth is set. */
typedef struct {
	char account[DD_ACCOUNT_MAX];  /* a valid account id string (quoted or not in YAML, kept as text) */
	char *service;                 /* non-empty, e.g. AmazonRDS */
	dd_month from;                 /* YYYY-MM */
	dd_month until;                /* inclusive; DD_MONTH_NONE when absent (open-ended) */
	bool has_amount;  dd_money amount;          /* added to the series every month in [from, until]; >= 0 */
	bool has_growth;  dd_money growth_percent;  /* the series x (1 + pct/100) from `from` on (a step, not a rate); > -100 */
	const char *file; int line, column;         /* where the entry is (file borrowed from the ramp: its path) */
} dd_ramp_step;

typedef struct {
	char *path;          /* the file it was loaded from (or the buffer's name) */
	dd_ramp_step *steps; /* [n], in the order of the file */
	size_t n;            /* 0 for `ramp: []` */
} dd_ramp;

/* Load and validate a ramp file. On success *out is the ramp (caller frees
 * with dd_ramp_free) and returns 0. On failure returns DD_EIO (the file
 * cannot be read) / DD_EPARSE (not YAML) / DD_EINVALID (a wrong field) /
 * DD_ENOMEM, *out is NULL, and *problems (if not NULL) receives every problem
 * found, sorted by line and column (caller frees with
 * dd_book_problems_dispose), as dd_book_load. */
int dd_ramp_load(const char *path, dd_ramp **out, dd_book_problems *problems);
/* Same, from memory; `name` (NULL: "<buffer>") is used in messages. */
int dd_ramp_load_buffer(const char *name, const char *text, size_t len, dd_ramp **out, dd_book_problems *problems);
/* Frees the ramp and its steps; NULL is fine. */
void dd_ramp_free(dd_ramp *r);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
