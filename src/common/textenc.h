/* textenc.h (internal): telling UTF-16 and UTF-32 text from its first bytes.
 * Every reader takes UTF-8; a file saved as "Unicode" (Excel, PowerShell's
 * redirection) would otherwise fail on its NUL bytes with a message about
 * the header or JSON syntax that does not say what is wrong. */
#ifndef DD_TEXTENC_H
#define DD_TEXTENC_H

#include <stddef.h>
#include <stdint.h>

/* Bytes worth passing: enough for the check without a BOM. */
#define DD_TEXTENC_PROBE 64

typedef struct {
	const char *name;   /* "UTF-16 (little-endian)", ... */
	const char *iconv;  /* iconv's name for it: "UTF-16LE", ... */
} dd_textenc;

/* The encoding text starting with p[0..n) is in, when it is UTF-16 or
 * UTF-32: a byte order mark, or without one the NUL bytes such text has
 * in ASCII (a NUL beside every character of the first line). NULL for
 * anything else (UTF-8, ASCII, binary data). */
const dd_textenc *dd__textenc_wide(const uint8_t *p, size_t n);

/* "this file is UTF-16 (little-endian) text; drawdown reads UTF-8: convert
 * it first, e.g. with iconv -f UTF-16LE -t UTF-8", into buf. */
void dd__textenc_message(const dd_textenc *e, char *buf, size_t size);

#endif
