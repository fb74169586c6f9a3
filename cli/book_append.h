/* book_append.h: what the verbs that add to the book share (`incident
 * add`, `sla approve`): appending an entry with the library's text edit
 * (drawdown/book_edit.h) and saying what happened, or why nothing was
 * written. */
#ifndef DD_CLI_BOOK_APPEND_H
#define DD_CLI_BOOK_APPEND_H

#include "common.h"

/* Append e to `list` of the book (ctx->book) with dd_book_append. On
 * success prints "<what> added to FILE (lines A-B)" on stdout and returns
 * CLI_OK. Otherwise prints every problem (file:line:column: field:
 * message) and a last line saying why nothing was written, naming `verb`
 * ("incident add"), and returns CLI_FAIL. */
int cli_book_append(const cli_ctx *ctx, const char *verb, dd_book_list list, const dd_book_entry *e,
		    const char *what);

/* Split "a,b, c" at commas into *n items, spaces around each trimmed (""
 * is no items; "a,,b" keeps the empty one for the book to refuse). Caller
 * frees with cli_split_free. CLI_OK or CLI_FAIL (out of memory). */
int cli_split(const char *s, char ***items, size_t *n);
void cli_split_free(char **items, size_t n);

#endif
