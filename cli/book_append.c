/* book_append.c: appending an entry to the book for `incident add` and
 * `sla approve`, with every problem and the reason when nothing was
 * written (book_append.h). */
#include <stdlib.h>
#include <string.h>

#include "book_append.h"

int cli_book_append(const cli_ctx *ctx, const char *verb, dd_book_list list, const dd_book_entry *e,
		    const char *what)
{
	dd_book_problems probs = {0};
	dd_book_edit ed = {0};
	int rc = dd_book_append(ctx->book, list, e, &probs, &ed);
	if (rc == 0) {
		if (ed.nlines > 1)
			printf("%s added to %s (lines %d-%d)\n", what, ed.file, ed.line, ed.line + ed.nlines - 1);
		else
			printf("%s added to %s (line %d)\n", what, ed.file, ed.line);
		dd_book_problems_dispose(&probs);
		dd_book_edit_dispose(&ed);
		if (fflush(stdout) != 0 || ferror(stdout)) return cli_fail("%s: cannot write the output", verb);
		return CLI_OK;
	}
	for (size_t i = 0; i < probs.n; i++) cli_print_problem(stderr, &probs.items[i]);
	if (probs.n && !ed.file)
		cli_fail("%s: the book has %zu problem%s; fix %s first (nothing written)", verb, probs.n,
			 probs.n == 1 ? "" : "s", probs.n == 1 ? "it" : "them");
	else if (probs.n && ed.nlines > 1)
		cli_fail("%s: nothing written: with the new entry (lines %d-%d of %s) the book would have %zu problem%s",
			 verb, ed.line, ed.line + ed.nlines - 1, ed.file, probs.n, probs.n == 1 ? "" : "s");
	else if (probs.n)
		cli_fail("%s: nothing written: with the new entry (line %d of %s) the book would have %zu problem%s", verb,
			 ed.line, ed.file, probs.n, probs.n == 1 ? "" : "s");
	else
		cli_fail("%s: %s (nothing written)", verb, *dd_error_last() ? dd_error_last() : dd_strerror(rc));
	dd_book_problems_dispose(&probs);
	dd_book_edit_dispose(&ed);
	return CLI_FAIL;
}

void cli_split_free(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++) free(items[i]);
	free(items);
}

int cli_split(const char *s, char ***items, size_t *n)
{
	*items = NULL;
	*n = 0;
	size_t cap = 1;
	for (const char *p = s; *p; p++) cap += *p == ',';
	char **v = calloc(cap, sizeof *v);
	if (!v) return cli_fail("out of memory");
	const char *p = s;
	while (*p == ' ' || *p == '\t') p++;
	if (!*p) {
		*items = v;
		return CLI_OK;
	}
	for (size_t k = 0;; k++) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && (*p == ' ' || *p == '\t')) p++, len--;
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t')) len--;
		if (!(v[k] = strndup(p, len))) {
			cli_split_free(v, k);
			return cli_fail("out of memory");
		}
		*n = k + 1;
		if (!end) break;
		p = end + 1;
	}
	*items = v;
	return CLI_OK;
}
