/* text.c: the sentences the analyses build (advice, offers). */
#include <stdio.h>
#include <stdlib.h>

#include "analysis_int.h"

char *dd__vtext(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (s) vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *dd__text(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = dd__vtext(fmt, ap);
	va_end(ap);
	return s;
}
