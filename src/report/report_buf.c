/* report_buf.c: the report layer's text buffer and its HTML and CSV escapes.
 * The report and the FOCUS export build their whole output in memory (a few
 * megabytes at most) so the CLI can write it atomically with --out. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

static bool grow(dd__buf *b, size_t more)
{
	if (b->oom) return false;
	if (b->n + more + 1 <= b->cap) return true;
	size_t cap = b->cap ? b->cap : 4096;
	while (cap < b->n + more + 1) {
		if (cap > ((size_t)-1) / 2) {
			b->oom = true;
			return false;
		}
		cap *= 2;
	}
	char *s = realloc(b->s, cap);
	if (!s) {
		b->oom = true;
		return false;
	}
	b->s = s;
	b->cap = cap;
	return true;
}

void dd__buf_put(dd__buf *b, const char *s, size_t n)
{
	if (!grow(b, n)) return;
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

void dd__buf_puts(dd__buf *b, const char *s)
{
	if (s) dd__buf_put(b, s, strlen(s));
}

void dd__buf_printf(dd__buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if (!grow(b, (size_t)n)) return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
}

void dd__buf_html(dd__buf *b, const char *s)
{
	if (!s) return;
	const char *run = s;
	for (; *s; s++) {
		const char *e = NULL;
		switch (*s) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		default: continue;
		}
		dd__buf_put(b, run, (size_t)(s - run));
		dd__buf_puts(b, e);
		run = s + 1;
	}
	dd__buf_put(b, run, (size_t)(s - run));
}

void dd__buf_csv(dd__buf *b, const char *s)
{
	if (!s || !*s) return;
	size_t n = strlen(s);
	bool quote = s[0] == ' ' || s[n - 1] == ' ' || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		dd__buf_put(b, s, n);
		return;
	}
	dd__buf_put(b, "\"", 1);
	for (const char *run = s;; s++) {
		if (*s == '"' || !*s) {
			dd__buf_put(b, run, (size_t)(s - run) + (*s == '"'));
			if (!*s) break;
			dd__buf_put(b, "\"", 1);
			run = s + 1;
		}
	}
	dd__buf_put(b, "\"", 1);
}

char *dd__buf_take(dd__buf *b, size_t *len)
{
	if (b->oom) {
		dd__buf_free(b);
		return NULL;
	}
	if (!b->s) {
		if (!grow(b, 0)) return NULL;
		b->s[0] = '\0';
	}
	char *s = b->s;
	if (len) *len = b->n;
	b->s = NULL;
	b->n = b->cap = 0;
	return s;
}

void dd__buf_free(dd__buf *b)
{
	free(b->s);
	b->s = NULL;
	b->n = b->cap = 0;
	b->oom = false;
}
