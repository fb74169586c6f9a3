/* textenc.c: UTF-16 and UTF-32 told from a file's first bytes (see
 * textenc.h), so readers can name the encoding rather than fail on NULs. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "textenc.h"

enum { U16LE, U16BE, U32LE, U32BE };

static const dd_textenc encodings[] = {
	[U16LE] = {"UTF-16 (little-endian)", "UTF-16LE"},
	[U16BE] = {"UTF-16 (big-endian)", "UTF-16BE"},
	[U32LE] = {"UTF-32 (little-endian)", "UTF-32LE"},
	[U32BE] = {"UTF-32 (big-endian)", "UTF-32BE"},
};

/* Every unit of `width` bytes in p[0..n) up to the first line break has its
 * character byte at `at` non-zero and every other byte zero: ASCII text
 * widened. At least two units, so one stray NUL is not enough. */
static bool widened(const uint8_t *p, size_t n, size_t width, size_t at)
{
	size_t units = 0;
	for (size_t i = 0; i + width <= n; i += width, units++) {
		for (size_t k = 0; k < width; k++)
			if ((k == at) != (p[i + k] != 0)) return false;
		if (p[i + at] == '\n') break;
	}
	return units >= 2;
}

const dd_textenc *dd__textenc_wide(const uint8_t *p, size_t n)
{
	if (n > DD_TEXTENC_PROBE) n = DD_TEXTENC_PROBE;
	/* UTF-32LE's mark begins like UTF-16LE's: test it first. */
	if (n >= 4 && !memcmp(p, "\xff\xfe\0\0", 4)) return &encodings[U32LE];
	if (n >= 4 && !memcmp(p, "\0\0\xfe\xff", 4)) return &encodings[U32BE];
	if (n >= 2 && !memcmp(p, "\xff\xfe", 2)) return &encodings[U16LE];
	if (n >= 2 && !memcmp(p, "\xfe\xff", 2)) return &encodings[U16BE];
	if (widened(p, n, 4, 0)) return &encodings[U32LE];
	if (widened(p, n, 4, 3)) return &encodings[U32BE];
	if (widened(p, n, 2, 0)) return &encodings[U16LE];
	if (widened(p, n, 2, 1)) return &encodings[U16BE];
	return NULL;
}

void dd__textenc_message(const dd_textenc *e, char *buf, size_t size)
{
	snprintf(buf, size, "this file is %s text; drawdown reads UTF-8: convert it first, e.g. with iconv -f %s -t UTF-8",
		 e->name, e->iconv);
}
