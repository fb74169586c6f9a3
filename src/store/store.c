/* store.c: the SQLite store (drawdown.db): opening, schema migrations,
 * error mapping and the one-transaction replace of imported periods.
 * Reading months back is in dd__store_load.c. Money is exact decimal TEXT
 * (dd_money_format / dd_money_parse) and is never summed in SQL.
 *
 * The default rollback journal is kept (not WAL): one writer at a time is
 * all drawdown needs, and a crashed import rolls back on the next open,
 * read-only opens included (recover_hot_journal). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "store_internal.h"
#include "store_testing.h"

/* Numbered migrations: migrations[i] takes the schema from version i to
 * i + 1. Append only; never edit one that has shipped. */
static const char *const migrations[] = {
	/* 1: imports, charges at the aggregated grain, imported periods */
	"CREATE TABLE imports(id INTEGER PRIMARY KEY, source TEXT NOT NULL,"
	" imported_at TEXT NOT NULL, rows INTEGER NOT NULL);"
	"CREATE TABLE charges(period TEXT NOT NULL, payer TEXT NOT NULL, account TEXT NOT NULL,"
	" service TEXT NOT NULL, service_name TEXT NOT NULL, charge_type TEXT NOT NULL,"
	" billing_entity TEXT NOT NULL, region TEXT NOT NULL, description TEXT NOT NULL,"
	" flags INTEGER NOT NULL, amount TEXT NOT NULL, effective TEXT NOT NULL,"
	" rows INTEGER NOT NULL, import_id INTEGER NOT NULL REFERENCES imports(id));"
	"CREATE INDEX charges_period_payer ON charges(period, payer);"
	"CREATE TABLE periods(period TEXT NOT NULL, payer TEXT NOT NULL,"
	" import_id INTEGER NOT NULL REFERENCES imports(id), PRIMARY KEY(period, payer));",
	/* 2: AWS's credit allocation history (get-credit-allocation-history) */
	"CREATE TABLE aws_allocations(month TEXT NOT NULL, credit_id TEXT NOT NULL,"
	" account TEXT NOT NULL, service TEXT NOT NULL, amount TEXT NOT NULL,"
	" estimated INTEGER NOT NULL, import_id INTEGER NOT NULL REFERENCES imports(id));"
	"CREATE INDEX aws_allocations_month ON aws_allocations(month);",
	/* 3: charges get an explicit id and each (period, payer) records the id
	 * range of its rows, which are written together and so are contiguous;
	 * the (period, payer) index goes. Maintaining that index was 28 % of
	 * the instructions of writing 10^5 charges (a b-tree seek per row with
	 * two text keys), where an id range is an append and a range scan. The
	 * id is an INTEGER PRIMARY KEY so VACUUM cannot renumber it. */
	"CREATE TABLE charges3(id INTEGER PRIMARY KEY, period TEXT NOT NULL, payer TEXT NOT NULL,"
	" account TEXT NOT NULL, service TEXT NOT NULL, service_name TEXT NOT NULL, charge_type TEXT NOT NULL,"
	" billing_entity TEXT NOT NULL, region TEXT NOT NULL, description TEXT NOT NULL,"
	" flags INTEGER NOT NULL, amount TEXT NOT NULL, effective TEXT NOT NULL,"
	" rows INTEGER NOT NULL, import_id INTEGER NOT NULL REFERENCES imports(id));"
	"INSERT INTO charges3(period, payer, account, service, service_name, charge_type, billing_entity,"
	" region, description, flags, amount, effective, rows, import_id)"
	" SELECT period, payer, account, service, service_name, charge_type, billing_entity, region,"
	" description, flags, amount, effective, rows, import_id FROM charges ORDER BY period, payer, rowid;"
	"DROP TABLE charges;"
	"ALTER TABLE charges3 RENAME TO charges;"
	"ALTER TABLE periods ADD COLUMN first_id INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE periods ADD COLUMN last_id INTEGER NOT NULL DEFAULT 0;"
	"UPDATE periods SET first_id = r.a, last_id = r.b FROM (SELECT period, payer, MIN(id) AS a, MAX(id) AS b"
	" FROM charges GROUP BY period, payer) AS r WHERE r.period = periods.period AND r.payer = periods.payer;",
	/* 4: account names, as the exports give them (CUR 2.0, FOCUS): one per
	 * account, from the latest period that named it, for `drawdown init`.
	 * Stores from before have none until a month is imported again. */
	"CREATE TABLE account_names(account TEXT PRIMARY KEY, name TEXT NOT NULL, period TEXT NOT NULL,"
	" import_id INTEGER NOT NULL REFERENCES imports(id));",
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof *migrations))

static const char *const stmt_sql[ST_COUNT] = {
	[ST_INSERT_IMPORT] = "INSERT INTO imports(source, imported_at, rows) VALUES(?1, ?2, ?3)",
	[ST_DELETE_CHARGES] = "DELETE FROM charges WHERE id BETWEEN"
			      " (SELECT first_id FROM periods WHERE period = ?1 AND payer = ?2)"
			      " AND (SELECT last_id FROM periods WHERE period = ?1 AND payer = ?2)",
	[ST_DELETE_PERIOD] = "DELETE FROM periods WHERE period = ?1 AND payer = ?2",
	[ST_INSERT_PERIOD] = "INSERT INTO periods(period, payer, import_id, first_id, last_id) VALUES(?1, ?2, ?3, ?4, ?5)",
	[ST_INSERT_CHARGE] = "INSERT INTO charges(period, payer, account, service, service_name, charge_type,"
			     " billing_entity, region, description, flags, amount, effective, rows, import_id)"
			     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[ST_RANGE] = "SELECT MIN(period), MAX(period) FROM periods",
	[ST_PRESENT] = "SELECT 1 FROM periods WHERE period = ?1 LIMIT 1",
	[ST_LOAD_MONTH] = "SELECT c.payer, c.account, c.service, c.service_name, c.charge_type, c.billing_entity,"
			  " c.region, c.description, c.flags, c.amount, c.effective, c.rows FROM periods AS p"
			  " JOIN charges AS c ON c.id BETWEEN p.first_id AND p.last_id WHERE p.period = ?1"
			  " ORDER BY p.payer, c.id",
	[ST_LOAD_MONTH_V2] = "SELECT payer, account, service, service_name, charge_type, billing_entity, region,"
			     " description, flags, amount, effective, rows FROM charges WHERE period = ?1",
	[ST_DELETE_ALLOCS] = "DELETE FROM aws_allocations WHERE month = ?1",
	[ST_INSERT_ALLOC] = "INSERT INTO aws_allocations(month, credit_id, account, service, amount, estimated,"
			    " import_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_MAX_CHARGE_ID] = "SELECT MAX(id) FROM charges",
	[ST_UPSERT_NAME] = "INSERT INTO account_names(account, name, period, import_id) VALUES(?1, ?2, ?3, ?4)"
			   " ON CONFLICT(account) DO UPDATE SET name = excluded.name, period = excluded.period,"
			   " import_id = excluded.import_id WHERE excluded.period >= account_names.period",
	[ST_SUMMARY_CHARGES] = "SELECT account, period, payer, service, service_name, charge_type, billing_entity, amount,"
			       " rows FROM charges ORDER BY account, period",
	[ST_SUMMARY_NAMES] = "SELECT account, name FROM account_names ORDER BY account",
	[ST_LOAD_ALLOCS] = "SELECT credit_id, account, service, amount, estimated FROM aws_allocations"
			   " WHERE month = ?1 ORDER BY credit_id, account, service, rowid",
};

/* ---- errors and statement helpers (shared with dd__store_load.c) ---- */

int dd__store_fail(dd_store *s, const char *doing)
{
	int code = sqlite3_extended_errcode(s->db) & 0xff;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return dd_error_set(DD_ESTORE,
				    "store %s: %s: the database is locked by another drawdown process"
				    " (waited 5 s); try again when it has finished",
				    s->path, doing);
	return dd_error_set(DD_ESTORE, "store %s: %s: %s", s->path, doing, sqlite3_errmsg(s->db));
}

sqlite3_stmt *dd__store_stmt(dd_store *s, int id, const char *doing)
{
	if (!s->st[id] && sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &s->st[id], NULL)) {
		dd__store_fail(s, doing);
		return NULL;
	}
	sqlite3_reset(s->st[id]);
	sqlite3_clear_bindings(s->st[id]);
	return s->st[id];
}

int dd__store_step_done(dd_store *s, sqlite3_stmt *st, const char *doing)
{
	int rc = sqlite3_step(st);
	int err = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : dd__store_fail(s, doing);
	sqlite3_reset(st);
	return err;
}

int dd__store_exec(dd_store *s, const char *sql, const char *doing)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL) ? dd__store_fail(s, doing) : 0;
}

int dd__store_begin(dd_store *s, const char *doing) { return dd__store_exec(s, "BEGIN IMMEDIATE", doing); }

int dd__store_commit(dd_store *s, const char *doing) { return dd__store_exec(s, "COMMIT", doing); }

void dd__store_rollback(dd_store *s)
{
	/* The error that got us here is already set; the rollback's own
	 * outcome changes nothing for the caller. */
	if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int dd__store_bind_month(dd_store *s, sqlite3_stmt *st, int col, dd_month m, char *buf)
{
	if (m < DD_MONTH(1, 1) || m > DD_MONTH(9999, 12))
		return dd_error_set(DD_EINVALID, "store %s: month %d is outside the years 1..9999", s->path, (int)m);
	dd_month_format(m, buf);
	return sqlite3_bind_text(st, col, buf, 7, SQLITE_STATIC) ? dd__store_fail(s, "binding a month") : 0;
}

const char *dd__store_text(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	return t ? t : "";
}

int dd__store_money(dd_store *s, sqlite3_stmt *st, int col, const char *what, dd_money *out)
{
	const char *t = dd__store_text(st, col);
	size_t len = (size_t)sqlite3_column_bytes(st, col);
	if (dd_money_parse(t, len, out, NULL))
		return dd_error_set(DD_ESTORE, "store %s: %s holds '%s', not an exact decimal amount (corrupt store?)",
				    s->path, what, t);
	return 0;
}

int dd__store_record_import(dd_store *s, const char *source, int64_t rows, int64_t *id)
{
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	sqlite3_stmt *st = dd__store_stmt(s, ST_INSERT_IMPORT, "recording the import");
	if (!st) return DD_ESTORE;
	sqlite3_bind_text(st, 1, source ? source : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, when, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, rows);
	int rc = dd__store_step_done(s, st, "recording the import");
	if (rc) return rc;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

/* ---- open, migrate, close ---- */

static int read_version(dd_store *s, int *version)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL)) return dd__store_fail(s, "reading the schema version");
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = dd__store_fail(s, "reading the schema version");
		sqlite3_finalize(st);
		return rc;
	}
	*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* Apply migrations one transaction each. The version is read again
 * inside the write lock, so two processes opening a new store at once do
 * not both run a migration. */
static int migrate(dd_store *s)
{
	while (s->version < NMIGRATIONS) {
		char doing[64], sql[48];
		snprintf(doing, sizeof doing, "migrating the schema to version %d", s->version + 1);
		int rc = dd__store_begin(s, doing);
		if (!rc) rc = read_version(s, &s->version);
		if (!rc && s->version < NMIGRATIONS) {
			snprintf(sql, sizeof sql, "PRAGMA user_version = %d", s->version + 1);
			rc = dd__store_exec(s, migrations[s->version], doing);
			if (!rc) rc = dd__store_exec(s, sql, doing);
		}
		if (!rc) rc = dd__store_commit(s, doing);
		if (rc) {
			dd__store_rollback(s);
			return rc;
		}
		if ((rc = read_version(s, &s->version))) return rc;
	}
	return 0;
}

static int dd__store_connect(dd_store *s, int flags)
{
	if (sqlite3_open_v2(s->path, &s->db, flags, NULL))
		return s->db ? dd__store_fail(s, "opening") : dd_error_set(DD_ENOMEM, "store %s: out of memory", s->path);
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 5000);
	return 0;
}

/* An import killed once the database file began to change leaves a hot
 * journal, and a read-only connection cannot roll it back (SQLite answers
 * SQLITE_READONLY_ROLLBACK): every reader would fail until some writer
 * opened the store. So a reader that meets one opens the store read-write
 * once, lets SQLite roll the journal back as any writer's open does (under
 * SQLite's own locks, so a live writer is never disturbed), and reopens
 * read-only. Anything else the probe meets is left to read_version. */
static int recover_hot_journal(dd_store *s)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL), v;
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_READONLY_ROLLBACK) return 0;
	sqlite3_close_v2(s->db);
	s->db = NULL;
	if ((rc = dd__store_connect(s, SQLITE_OPEN_READWRITE)) || (rc = read_version(s, &v)))
		return dd_error_set(rc, "store %s: an interrupted import left %s-journal to roll back, which needs "
				    "write access to the store and its directory (%s)", s->path, s->path,
				    s->db ? sqlite3_errmsg(s->db) : "out of memory");
	sqlite3_close_v2(s->db);
	s->db = NULL;
	return dd__store_connect(s, SQLITE_OPEN_READONLY);
}

static int dd__store_open(const char *path, bool readonly, dd_store **out)
{
	*out = NULL;
	if (!path || !*path) return dd_error_set(DD_EUSAGE, "store: no database path given");
	struct stat sb;
	if (readonly && stat(path, &sb) != 0) {
		if (errno == ENOENT)
			return dd_error_set(DD_ENOTFOUND, "store %s does not exist: run `drawdown import` first", path);
		return dd_error_set(DD_EIO, "store %s: %s", path, strerror(errno));
	}
	dd_store *s = calloc(1, sizeof *s);
	if (!s || !(s->path = strdup(path))) {
		free(s);
		return dd_error_set(DD_ENOMEM, "store %s: out of memory", path);
	}
	s->readonly = readonly;
	/* NOMUTEX: a dd_store is used by one thread at a time (store.h), and the
	 * connection mutex SQLite otherwise takes on every bind and step was 9 %
	 * of the instructions of writing 10^5 charges. */
	int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
	int rc;
	if ((rc = dd__store_connect(s, flags)) || (readonly && (rc = recover_hot_journal(s)))) goto fail;
	if ((rc = dd__store_exec(s, "PRAGMA foreign_keys = ON", "enabling foreign keys")) ||
	    (rc = read_version(s, &s->version)))
		goto fail;
	if (s->version > NMIGRATIONS) {
		rc = dd_error_set(DD_ESTORE, "store %s: schema version %d is newer than this drawdown knows (%d): upgrade drawdown",
				  path, s->version, NMIGRATIONS);
		goto fail;
	}
	if (readonly && s->version == 0) {
		rc = dd_error_set(DD_ENOTFOUND, "store %s holds no drawdown data: run `drawdown import` first", path);
		goto fail;
	}
	if (!readonly && (rc = migrate(s))) goto fail;
	*out = s;
	return 0;
fail:
	dd_store_close(s);
	return rc;
}

int dd_store_open(const char *path, dd_store **out)
{
	dd_error_clear();
	return dd__store_open(path, false, out);
}

int dd_store_open_readonly(const char *path, dd_store **out)
{
	dd_error_clear();
	return dd__store_open(path, true, out);
}

void dd_store_close(dd_store *s)
{
	if (!s) return;
	for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(s->st[i]);
	sqlite3_finalize(s->batch);
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s);
}

int dd_store_schema_version(dd_store *s) { return s->version; }

/* ---- replace ---- */

static int write_only(dd_store *s)
{
	return s->readonly ? dd_error_set(DD_EUSAGE, "store %s is open read-only", s->path) : 0;
}

/* Clear one (period, payer): its charges (by their id range) and its row. */
static int clear_pair(dd_store *s, const dd_agg_entry *e)
{
	static const int ids[] = {ST_DELETE_CHARGES, ST_DELETE_PERIOD};
	char month[8];
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
		sqlite3_stmt *st = dd__store_stmt(s, ids[i], "replacing a period");
		if (!st) return DD_ESTORE;
		int rc = dd__store_bind_month(s, st, 1, e->period, month);
		if (rc) return rc;
		sqlite3_bind_text(st, 2, e->payer, -1, SQLITE_STATIC);
		if ((rc = dd__store_step_done(s, st, "replacing a period"))) return rc;
	}
	return 0;
}

/* Claim the pair for this import with the id range of its new charges. */
static int claim_pair(dd_store *s, const dd_agg_entry *e, int64_t import_id, int64_t first, int64_t last)
{
	char month[8];
	sqlite3_stmt *st = dd__store_stmt(s, ST_INSERT_PERIOD, "replacing a period");
	if (!st) return DD_ESTORE;
	int rc = dd__store_bind_month(s, st, 1, e->period, month);
	if (rc) return rc;
	sqlite3_bind_text(st, 2, e->payer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, import_id);
	sqlite3_bind_int64(st, 4, first);
	sqlite3_bind_int64(st, 5, last);
	return dd__store_step_done(s, st, "replacing a period");
}

/* Charges are inserted BATCH rows per statement: the per-statement work
 * (step, halt, reset) was a fifth of the instructions of writing 10^5
 * charges one row at a time. */
#define BATCH 32
#define CHARGE_COLS 14

/* The INSERT of `rows` charges (1 or BATCH), prepared on first use. */
static sqlite3_stmt *charge_stmt(dd_store *s, int rows)
{
	if (rows == 1) return dd__store_stmt(s, ST_INSERT_CHARGE, "writing charges");
	if (!s->batch) {
		static const char head[] = "INSERT INTO charges(period, payer, account, service, service_name, charge_type,"
					   " billing_entity, region, description, flags, amount, effective, rows, import_id)"
					   " VALUES";
		static const char row[] = "(?,?,?,?,?,?,?,?,?,?,?,?,?,?),";
		char sql[sizeof head + BATCH * (sizeof row - 1)];
		size_t n = sizeof head - 1;
		memcpy(sql, head, n);
		for (int i = 0; i < BATCH; i++, n += sizeof row - 1) memcpy(sql + n, row, sizeof row - 1);
		sql[n - 1] = '\0'; /* the last comma */
		if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->batch, NULL)) {
			dd__store_fail(s, "writing charges");
			return NULL;
		}
	}
	sqlite3_reset(s->batch);
	return s->batch;
}

/* Insert e[0 .. rows), rows 1 or BATCH, in one statement. */
static int insert_charges(dd_store *s, const dd_agg_entry *e, int rows, int64_t import_id)
{
	char month[8], amount[BATCH][2][DD_MONEY_STRMAX];
	sqlite3_stmt *st = charge_stmt(s, rows);
	if (!st) return DD_ESTORE;
	for (int r = 0; r < rows; r++) {
		int c = r * CHARGE_COLS + 1, rc = dd__store_bind_month(s, st, c, e[r].period, month);
		if (rc) return rc;
		const char *text[] = {e[r].payer, e[r].account, e[r].service, e[r].service_name, e[r].charge_type,
				      e[r].billing_entity, e[r].region, e[r].description};
		for (int i = 0; i < 8; i++) sqlite3_bind_text(st, c + 1 + i, text[i] ? text[i] : "", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, c + 9, e[r].flags);
		sqlite3_bind_text(st, c + 10, dd_money_format(e[r].amount, amount[r][0]), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, c + 11, dd_money_format(e[r].effective, amount[r][1]), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, c + 12, (int64_t)e[r].rows);
		sqlite3_bind_int64(st, c + 13, import_id);
	}
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		char doing[256];
		snprintf(doing, sizeof doing, "writing the charges of %s payer %s account %s service %s%s", month,
			 e[0].payer, e[0].account, e[0].service, rows > 1 ? " and the next ones" : "");
		rc = dd__store_fail(s, doing);
	} else {
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}

/* The largest charge id, 0 in an empty table. */
static int max_charge_id(dd_store *s, int64_t *out)
{
	sqlite3_stmt *st = dd__store_stmt(s, ST_MAX_CHARGE_ID, "writing charges");
	if (!st) return DD_ESTORE;
	int rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	rc = rc == SQLITE_ROW ? 0 : dd__store_fail(s, "writing charges");
	sqlite3_reset(st);
	return rc;
}

/* Write the charges of one (period, payer): e[0 .. n). The pair's row
 * records them as one id range. SQLite gives a new row max(id) + 1 as long
 * as max(id) is below INT64_MAX, so the n ids are exactly those after the
 * largest one, checked once before writing. */
static int write_pair(dd_store *s, const dd_agg_entry *e, size_t n, int64_t import_id)
{
	int64_t max;
	int rc = clear_pair(s, e);
	if (!rc) rc = max_charge_id(s, &max);
	if (!rc && (uint64_t)(INT64_MAX - max) < n)
		rc = dd_error_set(DD_ESTORE, "store %s: charge ids would pass %lld: the store is full", s->path,
				  (long long)INT64_MAX);
	for (size_t i = 0; i < n && !rc;) {
		int rows = n - i >= BATCH ? BATCH : 1; /* the tail one by one */
		rc = insert_charges(s, &e[i], rows, import_id);
		i += (size_t)rows;
	}
	if (!rc && sqlite3_last_insert_rowid(s->db) != max + (int64_t)n)
		rc = dd_error_set(DD_ESTORE, "store %s: charge ids are not consecutive (internal error)", s->path);
	return rc ? rc : claim_pair(s, e, import_id, max + 1, max + (int64_t)n);
}

/* The account names the import's rows gave: each replaces the stored one
 * unless that came from a later period. */
static int write_names(dd_store *s, dd_agg *agg, int64_t import_id)
{
	const dd_agg_name *nm;
	size_t n;
	int rc = dd_agg_account_names(agg, &nm, &n);
	for (size_t i = 0; i < n && !rc; i++) {
		char month[8];
		sqlite3_stmt *st = dd__store_stmt(s, ST_UPSERT_NAME, "writing account names");
		if (!st) return DD_ESTORE;
		if ((rc = dd__store_bind_month(s, st, 3, nm[i].period, month))) break;
		sqlite3_bind_text(st, 1, nm[i].account, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, nm[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, import_id);
		rc = dd__store_step_done(s, st, "writing account names");
	}
	return rc;
}

/* Foreign keys are checked on every other write; the bulk write of charges
 * skips the check (a lookup in imports per row, 6 % of its instructions),
 * because the one import id it writes is the row it has just inserted. The
 * pragma has no effect inside a transaction, so it is set around it. */
static int foreign_keys(dd_store *s, bool on)
{
	return dd__store_exec(s, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF", "setting foreign keys");
}

int dd_store_replace(dd_store *s, dd_agg *agg, const char *source, dd_store_import_stats *stats)
{
	dd_store_import_stats st = {0};
	size_t n;
	int64_t import_id;
	dd_error_clear();
	int rc = write_only(s);
	if (rc) return rc;
	const dd_agg_entry *e = dd_agg_entries(agg, &n);
	if (!e && dd_agg_count(agg)) return DD_ENOMEM; /* dd_agg_entries said so */
	if ((rc = foreign_keys(s, false))) return rc;
	if ((rc = dd__store_begin(s, "starting the import"))) goto fail;
	if ((rc = dd__store_record_import(s, source, (int64_t)dd_agg_rows(agg), &import_id))) goto fail;
	/* Entries are sorted by (period, payer) first: each pair is one run. */
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && e[j].period == e[i].period && !strcmp(e[j].payer, e[i].payer); j++) {}
		if ((rc = write_pair(s, &e[i], j - i, import_id))) goto fail;
		st.periods++;
		st.entries += j - i;
		for (size_t k = i; k < j; k++) st.rows += e[k].rows;
	}
	if ((rc = write_names(s, agg, import_id))) goto fail;
	if ((rc = dd__store_commit(s, "committing the import"))) goto fail;
	if ((rc = foreign_keys(s, true))) return rc;
	if (stats) *stats = st;
	return 0;
fail:
	dd__store_rollback(s);
	foreign_keys(s, true);
	return rc;
}

/* ---- test hooks (store_testing.h) ---- */

int dd__store_test_exec(dd_store *s, const char *sql) { return dd__store_exec(s, sql, "test SQL"); }

int dd__store_test_int(dd_store *s, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL)) return dd__store_fail(s, "test query");
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) *out = sqlite3_column_int64(st, 0);
	if (rc == SQLITE_DONE) rc = dd_error_set(DD_ENOTFOUND, "store %s: test query returned no row: %s", s->path, sql);
	else rc = rc == SQLITE_ROW ? 0 : dd__store_fail(s, "test query");
	sqlite3_finalize(st);
	return rc;
}
