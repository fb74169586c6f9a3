/* analysis_int.h: what the analyses share (not API). */
#ifndef DD_ANALYSIS_INT_H
#define DD_ANALYSIS_INT_H

#include <stdarg.h>

/* printf into a new string (caller frees); NULL when out of memory. */
char *dd__text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *dd__vtext(const char *fmt, va_list ap);

#endif
