/* report_int.h: what the report layer's writers share (not API): a growing
 * text buffer with the escapes the output formats need (HTML, CSV). */
#ifndef DD_REPORT_INT_H
#define DD_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

/* Text built in memory; a failed allocation sets oom and later calls do
 * nothing, so a writer checks once, at dd__buf_take. */
typedef struct {
	char *s;
	size_t n, cap;
	bool oom;
} dd__buf;

void dd__buf_put(dd__buf *b, const char *s, size_t n);
void dd__buf_puts(dd__buf *b, const char *s);
void dd__buf_printf(dd__buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s with & < > " ' escaped for HTML text and attribute values (NULL: nothing). */
void dd__buf_html(dd__buf *b, const char *s);
/* s as one RFC 4180 CSV field: quoted (quotes doubled) when it holds a
 * comma, quote, CR or LF or starts or ends with a space; NULL: empty. */
void dd__buf_csv(dd__buf *b, const char *s);
/* The text (NUL-terminated, caller frees) and its length; NULL after an
 * allocation failure (the buffer is freed either way). */
char *dd__buf_take(dd__buf *b, size_t *len);
void dd__buf_free(dd__buf *b);

#endif
