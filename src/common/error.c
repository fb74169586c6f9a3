/* error.c: the thread-local last error and the names of error codes. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "drawdown/common.h"

static _Thread_local char last_error[1024];

const char *dd_strerror(int code)
{
	switch (code) {
	case DD_OK: return "success";
	case DD_EGENERIC: return "error";
	case DD_ENOMEM: return "out of memory";
	case DD_EIO: return "i/o error";
	case DD_EPARSE: return "parse error";
	case DD_EINVALID: return "invalid input";
	case DD_EOVERFLOW: return "amount out of range";
	case DD_ENOTFOUND: return "not found";
	case DD_ESTORE: return "store error";
	case DD_EUSAGE: return "usage error";
	case DD_EFORMAT: return "unsupported format";
	default: return "unknown error";
	}
}

const char *dd_error_last(void) { return last_error; }

void dd_error_clear(void) { last_error[0] = '\0'; }

int dd_error_set(int code, const char *fmt, ...)
{
	/* formatted aside first: a caller may prefix the last error with its
	 * own context, dd_error_set(rc, "%s: %s", file, dd_error_last()) */
	char msg[sizeof last_error];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	memcpy(last_error, msg, sizeof msg);
	return code;
}
