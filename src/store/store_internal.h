/* store_internal.h: what store.c and dd__store_load.c share: the connection,
 * its lazily prepared statements and the error helpers. Only store*.c
 * include this (and so sqlite3.h). */
#ifndef DD_STORE_INTERNAL_H
#define DD_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>

#include "drawdown/store.h"

/* Statements, prepared on first use (a read-only store of an older schema
 * never prepares the ones naming tables it lacks) and reused. */
enum {
	ST_INSERT_IMPORT,
	ST_DELETE_CHARGES,
	ST_DELETE_PERIOD,
	ST_INSERT_PERIOD,
	ST_INSERT_CHARGE,
	ST_RANGE,
	ST_PRESENT,
	ST_LOAD_MONTH,
	ST_LOAD_MONTH_V2,
	ST_DELETE_ALLOCS,
	ST_INSERT_ALLOC,
	ST_LOAD_ALLOCS,
	ST_MAX_CHARGE_ID,
	ST_UPSERT_NAME,
	ST_SUMMARY_CHARGES,
	ST_SUMMARY_NAMES,
	ST_COUNT
};

struct dd_store {
	sqlite3 *db;
	char *path;
	int version;   /* PRAGMA user_version */
	bool readonly;
	sqlite3_stmt *st[ST_COUNT];
	sqlite3_stmt *batch; /* the INSERT of BATCH charges (store.c) */
};

/* Schema version that added the aws_allocations table. */
#define STORE_V_ALLOCATIONS 2
/* Schema version whose periods hold the id range of their charges (a store
 * opened read-only is not migrated, so older ones are read the old way). */
#define STORE_V_CHARGE_RANGES 3
/* Schema version that added account_names. */
#define STORE_V_ACCOUNT_NAMES 4

/* Set DD_ESTORE from the connection's last error: "store PATH: DOING: why". */
int dd__store_fail(dd_store *s, const char *doing);
/* The statement `id`, prepared and reset with no bindings; NULL on error
 * (message set). */
sqlite3_stmt *dd__store_stmt(dd_store *s, int id, const char *doing);
/* Step a statement that returns no rows, then reset it. */
int dd__store_step_done(dd_store *s, sqlite3_stmt *st, const char *doing);
int dd__store_exec(dd_store *s, const char *sql, const char *doing);
int dd__store_begin(dd_store *s, const char *doing);
int dd__store_commit(dd_store *s, const char *doing);
void dd__store_rollback(dd_store *s);
/* Add an imports row inside the current transaction; its id in *id. */
int dd__store_record_import(dd_store *s, const char *source, int64_t rows, int64_t *id);
/* Bind a month as 'YYYY-MM' (buf >= 8 bytes, must outlive the step). */
int dd__store_bind_month(dd_store *s, sqlite3_stmt *st, int col, dd_month m, char *buf);
/* Parse a stored money text; DD_ESTORE naming the table and column if bad. */
int dd__store_money(dd_store *s, sqlite3_stmt *st, int col, const char *what, dd_money *out);
/* A text column as a non-NULL string (NULL reads as ""). */
const char *dd__store_text(sqlite3_stmt *st, int col);

#endif
