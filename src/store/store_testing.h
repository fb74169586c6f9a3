/* store_testing.h: hooks for tests/test_store.c only, so the test can arm
 * failures (a trigger raising ABORT) and count rows without including
 * sqlite3.h itself. Not API. */
#ifndef DD_STORE_TESTING_H
#define DD_STORE_TESTING_H

#include <stdint.h>

#include "drawdown/store.h"

/* Run SQL (any number of statements). 0 or DD_ESTORE. */
int dd__store_test_exec(dd_store *s, const char *sql);
/* First column of the first row of a query, as an integer. */
int dd__store_test_int(dd_store *s, const char *sql, int64_t *out);

#endif
