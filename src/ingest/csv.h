/* csv.h (internal): the CSV tokenizer on the import hot path.
 *
 * dd__csv_scan finds record and field boundaries in a block of bytes and
 * hands each record to a callback as an array of field-end positions; it
 * never copies or unescapes anything. Fields the caller needs are unquoted on
 * demand with dd__csv_field. Quotes follow RFC 4180 (doubled quotes inside
 * quoted fields, commas and newlines inside quotes); CRLF is accepted. */
#ifndef DD_CSV_H
#define DD_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drawdown/common.h"

typedef struct {
	const char *start;  /* first byte of the record */
	const char *end;    /* its terminating '\n' (or the end of the data at EOF) */
	const char **ends;  /* ends[i]: the separator after field i (',' '\n' or end) */
	size_t nfields;     /* fields seen; may exceed the capacity of ends */
	const char *last_quote; /* NULL or a quote position; < start: the record has no quote */
} dd__csv_rec;

/* Called per record; return 0 to go on, anything else stops the scan and is
 * returned by dd__csv_scan. */
typedef int (*dd__csv_fn)(void *ctx, const dd__csv_rec *rec);

#define DD_CSV_UNTERMINATED 1 /* dd__csv_scan: EOF inside a quoted field */

/* Scan buf[0, len), which starts at a record boundary. Every complete record
 * (ended by '\n'; at eof also the last one without it) goes to fn. `ends`
 * has room for cap entries. *consumed receives the offset of the first byte
 * not handed to fn (the start of an incomplete last record when !eof).
 * Returns 0, fn's non-zero result, or DD_CSV_UNTERMINATED (with *consumed =
 * the start of the record holding the open quote). */
int dd__csv_scan(const char *buf, size_t len, bool eof, const char **ends, size_t cap,
		dd__csv_fn fn, void *ctx, size_t *consumed);

/* Raw bytes of field i of rec (without a trailing '\r' on the last field). */
static inline dd_str dd__csv_raw(const dd__csv_rec *rec, size_t i)
{
	const char *a = i ? rec->ends[i - 1] + 1 : rec->start;
	const char *b = rec->ends[i];
	if (i + 1 == rec->nfields && b > a && b[-1] == '\r') b--;
	dd_str s = {a, (size_t)(b - a)};
	return s;
}

/* Field i's value, unquoted. A quoted field without inner quotes is a view;
 * one with doubled quotes is unescaped into *scratch (which must hold the
 * record's length). Returns 0, or the 0-based byte offset + 1 within the raw
 * field of a quoting error (a stray quote, text after a closing quote). */
size_t dd__csv_field_slow(const dd__csv_rec *rec, size_t i, char **scratch, dd_str *out);
static inline size_t dd__csv_field(const dd__csv_rec *rec, size_t i, char **scratch, dd_str *out)
{
	if (!rec->last_quote || rec->last_quote < rec->start) { /* no quote in the record: raw bytes */
		*out = dd__csv_raw(rec, i);
		return 0;
	}
	return dd__csv_field_slow(rec, i, scratch, out);
}

/* Number of '\n' bytes in [p, p + n) (for line numbers in messages). */
uint64_t dd__csv_count_newlines(const char *p, size_t n);

/* Offset within buf[0, len) (which starts at a record boundary) of the
 * opening quote that is never closed; len when every quote is closed. */
size_t dd__csv_open_quote(const char *buf, size_t len);

#endif
