/* test_store.c: the SQLite store: schema migration, exact money round
 * trips, per-(period, payer) replacement, an import failing midway leaving
 * nothing changed, month loading for the engine, month range, allocations
 * and error cases. Expected values are worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <sqlite3.h>

#include "drawdown.h"
#include "store_testing.h"

/* ---- helpers ---- */

typedef struct {
	char dir[64];
	char path[128];
} tmpdb;

static int setup(void **state)
{
	tmpdb *t = calloc(1, sizeof *t);
	snprintf(t->dir, sizeof t->dir, "/tmp/dd_test_store.XXXXXX");
	if (!mkdtemp(t->dir)) return -1;
	snprintf(t->path, sizeof t->path, "%s/drawdown.db", t->dir);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	tmpdb *t = *state;
	char p[160];
	const char *suffix[] = {"", "-journal", "-wal", "-shm"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof p, "%s%s", t->path, suffix[i]);
		unlink(p);
	}
	rmdir(t->dir);
	free(t);
	return 0;
}

static dd_money M(const char *s)
{
	dd_money m;
	if (dd_money_parse(s, strlen(s), &m, NULL)) fail_msg("could not parse %s", s);
	return m;
}

static void assert_money(dd_money m, const char *want)
{
	char buf[DD_MONEY_STRMAX];
	assert_string_equal(dd_money_format(m, buf), want);
}

static dd_str S(const char *s)
{
	dd_str r = {s, strlen(s)};
	return r;
}

static dd_store *open_db(tmpdb *t)
{
	dd_store *s = NULL;
	int rc = dd_store_open(t->path, &s);
	if (rc) fail_msg("open: %s", dd_error_last());
	return s;
}

static int64_t q(dd_store *s, const char *sql)
{
	int64_t v = -1;
	if (dd__store_test_int(s, sql, &v)) fail_msg("%s: %s", sql, dd_error_last());
	return v;
}

typedef struct {
	int y, m;
	const char *payer, *account, *service, *type, *entity, *region, *desc;
	uint32_t flags;
	const char *amount, *effective;
} spec;

static void add(dd_agg *a, const spec *x)
{
	dd_row r;
	memset(&r, 0, sizeof r);
	r.period = DD_MONTH(x->y, x->m);
	r.payer = S(x->payer);
	r.account = S(x->account);
	r.service = S(x->service);
	r.service_name = S(x->service); /* the same display name for a service */
	r.charge_type = S(x->type);
	r.billing_entity = S(x->entity ? x->entity : "AWS");
	r.region = S(x->region ? x->region : "");
	r.description = S(x->desc ? x->desc : "");
	r.flags = x->flags;
	r.amount = M(x->amount);
	r.effective = M(x->effective ? x->effective : x->amount);
	assert_int_equal(dd_agg_add(a, &r), 0);
}

static dd_agg *agg_of(const spec *x, size_t n)
{
	dd_agg *a;
	assert_int_equal(dd_agg_new(&a), 0);
	for (size_t i = 0; i < n; i++) add(a, &x[i]);
	return a;
}

static void import(dd_store *s, const spec *x, size_t n, const char *source)
{
	dd_agg *a = agg_of(x, n);
	int rc = dd_store_replace(s, a, source, NULL);
	if (rc) fail_msg("replace: %s", dd_error_last());
	dd_agg_free(a);
}

/* The first import used by several tests: three (period, payer) pairs. */
static const spec first_import[] = {
	{2024, 1, "P1", "A1", "AmazonEC2", "Usage", NULL, "us-east-1", NULL, 0, "10.5", NULL},
	{2024, 1, "P1", "A1", "AmazonS3", "Usage", NULL, "us-east-1", NULL, 0, "2", NULL},
	{2024, 1, "P2", "B1", "AmazonEC2", "Usage", NULL, "us-east-1", NULL, 0, "7", NULL},
	{2024, 2, "P1", "A1", "AmazonEC2", "Usage", NULL, "us-east-1", NULL, 0, "11", NULL},
};
#define NFIRST (sizeof first_import / sizeof *first_import)

/* ---- tests ---- */

static void test_open_and_migrate(void **state)
{
	tmpdb *t = *state;
	dd_store *s = open_db(t);
	/* four migrations: v1 charges/imports/periods, v2 aws_allocations,
	 * v3 charge id ranges instead of the (period, payer) index, v4 account names */
	assert_int_equal(dd_store_schema_version(s), 4);
	assert_int_equal(q(s, "PRAGMA user_version"), 4);
	assert_int_equal(q(s, "PRAGMA foreign_keys"), 1);
	assert_int_equal(q(s, "SELECT count(*) FROM sqlite_master WHERE name IN ('imports', 'charges', 'periods',"
			      " 'aws_allocations', 'aws_allocations_month')"),
			 5);
	assert_int_equal(q(s, "SELECT count(*) FROM sqlite_master WHERE name = 'charges_period_payer'"), 0);
	dd_store_close(s);
	/* Reopening migrates nothing and loses nothing. */
	s = open_db(t);
	assert_int_equal(dd_store_schema_version(s), 4);
	dd_store_close(s);
	assert_int_equal(dd_store_open_readonly(t->path, &s), 0);
	assert_int_equal(dd_store_schema_version(s), 4);
	dd_store_close(s);
	dd_store_close(NULL);
}

static void test_readonly_missing_file(void **state)
{
	tmpdb *t = *state;
	dd_store *s = (dd_store *)0x1;
	assert_int_equal(dd_store_open_readonly(t->path, &s), DD_ENOTFOUND);
	assert_null(s);
	assert_non_null(strstr(dd_error_last(), t->path));
	assert_non_null(strstr(dd_error_last(), "drawdown import"));
	assert_int_equal(access(t->path, F_OK), -1); /* not created */
}

static void test_readonly_refuses_writes(void **state)
{
	tmpdb *t = *state;
	dd_store *s = open_db(t);
	dd_store_close(s);
	assert_int_equal(dd_store_open_readonly(t->path, &s), 0);
	dd_agg *a = agg_of(first_import, NFIRST);
	assert_int_equal(dd_store_replace(s, a, "x.csv", NULL), DD_EUSAGE);
	dd_month f, l;
	assert_int_equal(dd_store_month_range(s, &f, &l), DD_ENOTFOUND);
	dd_agg_free(a);
	dd_store_close(s);
}

static void test_bad_files(void **state)
{
	tmpdb *t = *state;
	dd_store *s = NULL;
	FILE *f = fopen(t->path, "w");
	fputs("this is not a database, just some text long enough to have a header......................."
	      "...............................................................................\n", f);
	fclose(f);
	assert_int_equal(dd_store_open(t->path, &s), DD_ESTORE);
	assert_null(s);
	assert_non_null(strstr(dd_error_last(), t->path));
	unlink(t->path);
	/* A store from a newer drawdown is refused, not downgraded. */
	s = open_db(t);
	assert_int_equal(dd__store_test_exec(s, "PRAGMA user_version = 99"), 0);
	dd_store_close(s);
	assert_int_equal(dd_store_open(t->path, &s), DD_ESTORE);
	assert_non_null(strstr(dd_error_last(), "newer"));
}

static void test_roundtrip_exact(void **state)
{
	tmpdb *t = *state;
	dd_store *s = open_db(t);
	const spec x[] = {
		{2024, 3, "P1", "A1", "AmazonEC2", "Usage", NULL, "us-east-1", NULL, 0, "0.000000000000000001", "0.000000000000000002"},
		{2024, 3, "P1", "A1", "AmazonS3", "Usage", NULL, "us-east-1", NULL, DD_ROW_MAP_MIGRATED,
		 "1000000000000000000", "999999999999999999.999999999999999999"},
		{2024, 3, "P1", "A2", "AmazonEC2", "Credit", NULL, "", "EDP credit 2024", 0, "-1000000000000000000", "0"},
		{2024, 3, "P1", "A2", "prod-x", "Usage", "AWS Marketplace", "", NULL, 0, "3", NULL},
		{2024, 3, "P1", "A2", "prod-x", "Usage", "AWS Marketplace", "", NULL, 0, "4", NULL}, /* same key */
	};
	dd_agg *a = agg_of(x, 5);
	dd_store_import_stats st;
	assert_int_equal(dd_store_replace(s, a, "march.csv", &st), 0);
	assert_int_equal(st.periods, 1);
	assert_int_equal(st.entries, 4);
	assert_int_equal(st.rows, 5);
	dd_agg_free(a);

	/* Stored as text, exactly as formatted. */
	assert_int_equal(q(s, "SELECT count(*) FROM charges WHERE typeof(amount) <> 'text' OR typeof(effective) <> 'text'"), 0);
	assert_int_equal(q(s, "SELECT count(*) FROM charges WHERE amount = '0.000000000000000001'"), 1);
	assert_int_equal(q(s, "SELECT count(*) FROM charges WHERE amount = '1000000000000000000'"), 1);
	assert_int_equal(q(s, "SELECT count(*) FROM charges WHERE period = '2024-03'"), 4);
	assert_int_equal(q(s, "SELECT rows FROM imports"), 5);

	dd_agg *back;
	assert_int_equal(dd_store_load_entries(s, DD_MONTH(2024, 3), &back), 0);
	size_t n;
	const dd_agg_entry *e = dd_agg_entries(back, &n);
	assert_int_equal(n, 4);
	assert_int_equal(dd_agg_rows(back), 5);
	/* sorted: A1 AmazonEC2, A1 AmazonS3, A2 AmazonEC2, A2 prod-x */
	assert_int_equal(e[0].period, DD_MONTH(2024, 3));
	assert_string_equal(e[0].payer, "P1");
	assert_string_equal(e[0].service, "AmazonEC2");
	assert_string_equal(e[0].region, "us-east-1");
	assert_money(e[0].amount, "0.000000000000000001");
	assert_money(e[0].effective, "0.000000000000000002");
	assert_string_equal(e[1].service, "AmazonS3");
	assert_int_equal(e[1].flags, DD_ROW_MAP_MIGRATED);
	assert_money(e[1].amount, "1000000000000000000");
	assert_money(e[1].effective, "999999999999999999.999999999999999999");
	assert_string_equal(e[2].charge_type, "Credit");
	assert_string_equal(e[2].description, "EDP credit 2024");
	assert_money(e[2].amount, "-1000000000000000000");
	assert_string_equal(e[3].billing_entity, "AWS Marketplace");
	assert_money(e[3].amount, "7"); /* 3 + 4 */
	assert_int_equal(e[3].rows, 2);
	dd_agg_free(back);

	/* A month never imported loads empty. */
	assert_int_equal(dd_store_load_entries(s, DD_MONTH(2024, 4), &back), 0);
	assert_int_equal(dd_agg_count(back), 0);
	dd_agg_free(back);
	dd_store_close(s);
}

static void test_reimport_replaces_only_its_pair(void **state)
{
	tmpdb *t = *state;
	dd_store *s = open_db(t);
	import(s, first_import, NFIRST, "first.csv");
	const spec second[] = {
		{2024, 1, "P1", "A1", "AmazonEC2", "Usage", NULL, "us-east-1", NULL, 0, "12.25", NULL},
	};
	dd_agg *a = agg_of(second, 1);
	dd_store_import_stats st;
	assert_int_equal(dd_store_replace(s, a, "second.csv", &st), 0);
	assert_int_equal(st.periods, 1);
	dd_agg_free(a);

	dd_agg *back;
	size_t n;
	assert_int_equal(dd_store_load_entries(s, DD_MONTH(2024, 1), &back), 0);
	const dd_agg_entry *e = dd_agg_entries(back, &n);
	/* (2024-01, P1) now holds only the new EC2 row (the S3 row is gone);
	 * (2024-01, P2) is untouched. */
	assert_int_equal(n, 2);
	assert_string_equal(e[0].payer, "P1");
	assert_string_equal(e[0].service, "AmazonEC2");
	assert_money(e[0].amount, "12.25");
	assert_string_equal(e[1].payer, "P2");
	assert_money(e[1].amount, "7");
	dd_agg_free(back);
	assert_int_equal(dd_store_load_entries(s, DD_MONTH(2024, 2), &back), 0);
	e = dd_agg_entries(back, &n);
	assert_int_equal(n, 1);
	assert_money(e[0].amount, "11");
	dd_agg_free(back);

	assert_int_equal(q(s, "SELECT count(*) FROM imports"), 2);
	assert_int_equal(q(s, "SELECT count(*) FROM periods"), 3);
	assert_int_equal(q(s, "SELECT import_id FROM periods WHERE period = '2024-01' AND payer = 'P1'"), 2);
	assert_int_equal(q(s, "SELECT import_id FROM periods WHERE period = '2024-01' AND payer = 'P2'"), 1);
	assert_int_equal(q(s, "SELECT count(*) FROM charges"), 3);
	dd_store_close(s);
}

static void test_failure_midway_changes_nothing(void **state)
{
	tmpdb *t = *state;
	dd_store *s = open_db(t);
	import(s, first_import, NFIRST, "first.csv");
	/* Any insert of account 'boom' fails. The import below sorts
	 * (2024-01, P1) first, so its delete and new rows are done before the
	 * failing (2024-03, P1) row. */
	assert_int_equal(dd__store_test_exec(s, "CREATE TRIGGER boom BEFORE INSERT ON charges WHEN NEW.account = 'boom'"
					       " BEGIN SELECT RAISE(ABORT, 'injected failure'); END"),
			 0);
	const spec bad[] = {
		{2024, 1, "P1", "A1", "AmazonEC2", "Usage", NULL, "us-east-1", NULL, 0, "999", NULL},
		{2024, 3, "P1", "A1", "AmazonEC2", "Usage", NULL, "us-east-1", NULL, 0, "1", NULL},
		{2024, 3, "P1", "boom", "AmazonEC2", "Usage", NULL, "us-east-1", NULL, 0, "1", NULL},
	};
	dd_agg *a = agg_of(bad, 3);
	assert_int_equal(dd_store_replace(s, a, "bad.csv", NULL), DD_ESTORE);
	assert_non_null(strstr(dd_error_last(), "injected failure"));
	assert_non_null(strstr(dd_error_last(), t->path));

	/* Everything as after the first import. */
	assert_int_equal(q(s, "SELECT count(*) FROM imports"), 1);
	assert_int_equal(q(s, "SELECT count(*) FROM periods"), 3);
	assert_int_equal(q(s, "SELECT count(*) FROM charges"), 4);
	dd_month f, l;
	assert_int_equal(dd_store_month_range(s, &f, &l), 0);
	assert_int_equal(f, DD_MONTH(2024, 1));
	assert_int_equal(l, DD_MONTH(2024, 2));
	dd_agg *back;
	size_t n;
	assert_int_equal(dd_store_load_entries(s, DD_MONTH(2024, 1), &back), 0);
	const dd_agg_entry *e = dd_agg_entries(back, &n);
	assert_int_equal(n, 3);
	assert_money(e[0].amount, "10.5"); /* P1 A1 AmazonEC2 */
	assert_money(e[1].amount, "2");    /* P1 A1 AmazonS3 */
	assert_money(e[2].amount, "7");    /* P2 B1 AmazonEC2 */
	dd_agg_free(back);

	/* The store is still usable: without the trigger the same import works. */
	assert_int_equal(dd__store_test_exec(s, "DROP TRIGGER boom"), 0);
	assert_int_equal(dd_store_replace(s, a, "bad.csv", NULL), 0);
	/* 2024-01: P1 EC2 999 (S3 replaced away), P2 7; 2024-02: 11; 2024-03: A1 and boom = 5 */
	assert_int_equal(q(s, "SELECT count(*) FROM charges"), 5);
	dd_agg_free(a);
	dd_store_close(s);
}

static void test_load_month_sums_for_engine(void **state)
{
	tmpdb *t = *state;
	dd_store *s = open_db(t);
	const spec x[] = {
		{2024, 5, "P1", "A", "AmazonEC2", "Usage", NULL, "us-east-1", NULL, 0, "1.25", NULL},
		{2024, 5, "P1", "A", "AmazonEC2", "Usage", NULL, "eu-west-1", NULL, 0, "2.5", NULL},
		{2024, 5, "P2", "A", "AmazonEC2", "Usage", NULL, "us-east-1", NULL, 0, "0.000000000001", NULL},
		{2024, 5, "P1", "A", "AmazonEC2", "Usage", NULL, "us-east-1", NULL, DD_ROW_MAP_MIGRATED, "1", NULL},
		{2024, 5, "P1", "A", "AmazonEC2", "Credit", NULL, "", "MAP credit", 0, "-3", NULL},
		{2024, 5, "P1", "A", "AmazonEC2", "Credit", NULL, "", "EDP credit", 0, "-2", NULL},
		{2024, 5, "P1", "A", "AmazonRoute53", "Usage", NULL, "", NULL, DD_ROW_DOMAIN, "12", NULL},
		{2024, 5, "P1", "A", "AmazonRoute53", "Usage", NULL, "", NULL, 0, "0.5", NULL},
		{2024, 5, "P1", "A", "prod-x", "Usage", "AWS Marketplace", "", NULL, 0, "10", NULL},
		{2024, 5, "P2", "A", "prod-x", "Usage", "aws marketplace", "", NULL, 0, "5", NULL},
		{2024, 5, "P2", "B", "AmazonEC2", "Tax", NULL, "", NULL, 0, "0.07", NULL},
		{2024, 6, "P1", "A", "AmazonEC2", "Usage", NULL, "us-east-1", NULL, 0, "1000", NULL},
	};
	import(s, x, sizeof x / sizeof *x, "may.csv");
	dd_charges c;
	assert_int_equal(dd_run_load_month(s, DD_MONTH(2024, 5), &c), 0);
	assert_true(c.present);
	assert_int_equal(c.n, 6);
	/* sorted by account, service, charge_type (then domain flag) */
	assert_string_equal(c.items[0].account, "A");
	assert_string_equal(c.items[0].service, "AmazonEC2");
	assert_string_equal(c.items[0].charge_type, "Credit");
	assert_money(c.items[0].amount, "-5"); /* -3 + -2: descriptions are not part of the grain */
	assert_string_equal(c.items[1].charge_type, "Usage");
	/* 1.25 + 2.5 + 0.000000000001 + 1 across payers, regions, map tag */
	assert_money(c.items[1].amount, "4.750000000001");
	assert_false(c.items[1].marketplace);
	assert_false(c.items[1].domain);
	assert_string_equal(c.items[1].service_name, "AmazonEC2");
	assert_string_equal(c.items[2].service, "AmazonRoute53");
	assert_false(c.items[2].domain);
	assert_money(c.items[2].amount, "0.5");
	assert_string_equal(c.items[3].service, "AmazonRoute53");
	assert_true(c.items[3].domain);
	assert_money(c.items[3].amount, "12");
	assert_string_equal(c.items[4].service, "prod-x");
	assert_true(c.items[4].marketplace);
	assert_money(c.items[4].amount, "15"); /* 10 + 5, entity spelled two ways */
	assert_string_equal(c.items[5].account, "B");
	assert_string_equal(c.items[5].charge_type, "Tax");
	assert_money(c.items[5].amount, "0.07");
	dd_charges_dispose(&c);
	assert_null(c.items);
	dd_charges_dispose(&c); /* twice is harmless */

	assert_int_equal(dd_run_load_month(s, DD_MONTH(2024, 7), &c), 0);
	assert_false(c.present);
	assert_int_equal(c.n, 0);
	dd_charges_dispose(&c);
	dd_store_close(s);

	/* Read-only loads work too. */
	assert_int_equal(dd_store_open_readonly(t->path, &s), 0);
	assert_int_equal(dd_run_load_month(s, DD_MONTH(2024, 6), &c), 0);
	assert_true(c.present);
	assert_int_equal(c.n, 1);
	assert_money(c.items[0].amount, "1000");
	dd_charges_dispose(&c);
	dd_store_close(s);
}

static void test_month_range(void **state)
{
	tmpdb *t = *state;
	dd_store *s = open_db(t);
	dd_month f = 0, l = 0;
	assert_int_equal(dd_store_month_range(s, &f, &l), DD_ENOTFOUND);
	assert_non_null(strstr(dd_error_last(), "drawdown import"));
	/* An empty import is recorded but claims no month. */
	dd_agg *empty;
	dd_store_import_stats st;
	assert_int_equal(dd_agg_new(&empty), 0);
	assert_int_equal(dd_store_replace(s, empty, "empty.csv", &st), 0);
	assert_int_equal(st.periods, 0);
	assert_int_equal(st.entries, 0);
	dd_agg_free(empty);
	assert_int_equal(dd_store_month_range(s, &f, &l), DD_ENOTFOUND);
	const spec x[] = {
		{2024, 2, "P1", "A", "AmazonEC2", "Usage", NULL, "", NULL, 0, "1", NULL},
		{2023, 11, "P2", "A", "AmazonEC2", "Usage", NULL, "", NULL, 0, "1", NULL},
		{2023, 12, "P1", "A", "AmazonEC2", "Usage", NULL, "", NULL, 0, "1", NULL},
	};
	import(s, x, 3, "x.csv");
	assert_int_equal(dd_store_month_range(s, &f, &l), 0);
	assert_int_equal(f, DD_MONTH(2023, 11));
	assert_int_equal(l, DD_MONTH(2024, 2));
	dd_store_close(s);
}

static void test_corrupt_amount_is_reported(void **state)
{
	tmpdb *t = *state;
	dd_store *s = open_db(t);
	import(s, first_import, NFIRST, "first.csv");
	assert_int_equal(dd__store_test_exec(s, "UPDATE charges SET amount = '1.5e' WHERE payer = 'P2'"), 0);
	dd_agg *a = (dd_agg *)0x1;
	assert_int_equal(dd_store_load_entries(s, DD_MONTH(2024, 1), &a), DD_ESTORE);
	assert_null(a);
	assert_non_null(strstr(dd_error_last(), "charges.amount"));
	assert_non_null(strstr(dd_error_last(), "1.5e"));
	dd_charges c;
	assert_int_equal(dd_run_load_month(s, DD_MONTH(2024, 1), &c), DD_ESTORE);
	assert_null(c.items);
	dd_store_close(s);
}

static void test_allocations(void **state)
{
	tmpdb *t = *state;
	dd_store *s = open_db(t);
	dd_aws_allocation in[] = {
		{.credit_id = "c2", .account = "111", .service = "Amazon EC2", .month = DD_MONTH(2024, 1),
		 .amount = M("-10.000000000001"), .estimated = false},
		{.credit_id = "c1", .account = "111", .service = "Amazon S3", .month = DD_MONTH(2024, 1),
		 .amount = M("-2"), .estimated = true},
		{.credit_id = "c1", .account = "222", .service = "Amazon EC2", .month = DD_MONTH(2024, 2),
		 .amount = M("-3"), .estimated = false},
	};
	assert_int_equal(dd_store_replace_allocations(s, in, 3, "alloc.json"), 0);
	dd_aws_allocation *out;
	size_t n;
	assert_int_equal(dd_store_load_allocations(s, DD_MONTH(2024, 1), &out, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(out[0].credit_id, "c1"); /* ordered by credit id */
	assert_string_equal(out[0].service, "Amazon S3");
	assert_true(out[0].estimated);
	assert_money(out[0].amount, "-2");
	assert_string_equal(out[1].credit_id, "c2");
	assert_string_equal(out[1].account, "111");
	assert_money(out[1].amount, "-10.000000000001");
	assert_int_equal(out[1].month, DD_MONTH(2024, 1));
	dd_aws_allocations_free(out, n);

	/* Re-importing January replaces January only. */
	in[0].amount = M("-4");
	assert_int_equal(dd_store_replace_allocations(s, in, 1, "alloc2.json"), 0);
	assert_int_equal(dd_store_load_allocations(s, DD_MONTH(2024, 1), &out, &n), 0);
	assert_int_equal(n, 1);
	assert_money(out[0].amount, "-4");
	dd_aws_allocations_free(out, n);
	assert_int_equal(dd_store_load_allocations(s, DD_MONTH(2024, 2), &out, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(out[0].account, "222");
	dd_aws_allocations_free(out, n);
	assert_int_equal(dd_store_load_allocations(s, DD_MONTH(2024, 3), &out, &n), 0);
	assert_int_equal(n, 0);
	assert_null(out);
	dd_aws_allocations_free(NULL, 0);
	dd_store_close(s);
}

static void test_locked_store(void **state)
{
	tmpdb *t = *state;
	dd_store *a = open_db(t), *b = open_db(t);
	assert_int_equal(dd__store_test_exec(a, "BEGIN IMMEDIATE"), 0);
	dd_agg *g = agg_of(first_import, NFIRST);
	/* b waits out its 5 s busy timeout, then says why. */
	assert_int_equal(dd_store_replace(b, g, "x.csv", NULL), DD_ESTORE);
	assert_non_null(strstr(dd_error_last(), "locked"));
	assert_int_equal(dd__store_test_exec(a, "ROLLBACK"), 0);
	assert_int_equal(dd_store_replace(b, g, "x.csv", NULL), 0);
	dd_agg_free(g);
	dd_store_close(a);
	dd_store_close(b);
}

/* Real data through ingest, the store and back. Totals are Python
 * decimal sums of line_item_unblended_cost (see test_ingest_real.c):
 * Oct 2018 4064.4831315379, Nov 2018 3505.3269681268. */
static dd_money charges_total(dd_store *s, dd_month m, size_t *n)
{
	dd_charges c;
	dd_money sum = dd_money_zero();
	assert_int_equal(dd_run_load_month(s, m, &c), 0);
	assert_true(c.present);
	for (size_t i = 0; i < c.n; i++) sum = dd_money_add(sum, c.items[i].amount);
	*n = c.n;
	dd_charges_dispose(&c);
	return sum;
}

static int ingest(const char *data, const char *file, dd_agg *a)
{
	char path[1024];
	dd_ingest_options opt = {0};
	snprintf(path, sizeof path, "%s/%s", data, file);
	int rc = dd_ingest_path(path, &opt, a, NULL);
	if (rc) print_message("ingest %s: %s\n", path, dd_error_last());
	return rc;
}

static void test_real_data_roundtrip(void **state)
{
	tmpdb *t = *state;
	const char *data = getenv("DD_SHARED_DATA");
	char probe[1024];
	snprintf(probe, sizeof probe, "%s/cur/wa-labs-2018/Oct2018-WorkshopCUR.csv.gz", data ? data : "");
	if (!data || access(probe, R_OK)) {
		print_message("DD_SHARED_DATA not set or data missing: skipped\n");
		skip();
	}
	dd_agg *a;
	assert_int_equal(dd_agg_new(&a), 0);
	assert_int_equal(ingest(data, "cur/wa-labs-2018/Oct2018-WorkshopCUR.csv.gz", a), 0);
	assert_int_equal(ingest(data, "cur/wa-labs-2018/Nov2018-WorkshopCUR.csv.gz", a), 0);
	dd_store *s = open_db(t);
	dd_store_import_stats st;
	assert_int_equal(dd_store_replace(s, a, "wa-labs", &st), 0);
	assert_int_equal(st.rows, 119307 + 124340); /* rows of the two files */
	assert_int_equal(st.entries, dd_agg_count(a));
	dd_agg_free(a);
	size_t n_oct, n;
	assert_money(charges_total(s, DD_MONTH(2018, 10), &n_oct), "4064.4831315379");
	assert_money(charges_total(s, DD_MONTH(2018, 11), &n), "3505.3269681268");
	dd_month f, l;
	assert_int_equal(dd_store_month_range(s, &f, &l), 0);
	assert_int_equal(f, DD_MONTH(2018, 10));
	assert_int_equal(l, DD_MONTH(2018, 11));

	/* Importing October again replaces it: same totals, nothing doubled,
	 * November untouched. */
	assert_int_equal(dd_agg_new(&a), 0);
	assert_int_equal(ingest(data, "cur/wa-labs-2018/Oct2018-WorkshopCUR.csv.gz", a), 0);
	assert_int_equal(dd_store_replace(s, a, "oct again", &st), 0);
	dd_agg_free(a);
	assert_money(charges_total(s, DD_MONTH(2018, 10), &n), "4064.4831315379");
	assert_int_equal(n, n_oct);
	assert_money(charges_total(s, DD_MONTH(2018, 11), &n), "3505.3269681268");
	dd_store_close(s);
}

/* A process killed (SIGKILL) in the middle of an import leaves the store as
 * it was: the child replaces (2024-01, P1) with 60,000 entries and is killed
 * after a growing delay until one kill leaves its rollback journal hot,
 * i.e. inside the write transaction once the database file has begun to
 * change (the cache spilled or the commit started). After every kill a read-only
 * open reads the store at once (it rolls the hot journal back rather than
 * failing with "attempt to write a readonly database"), the store passes
 * SQLite's integrity check and holds exactly the old import or exactly the
 * new one, never a mix. */
#define KILL_ENTRIES 60000

/* SQLite writes a journal's magic number only once the journal is synced,
 * just before the database file itself changes; until then the journal
 * is not hot and a reader ignores it. Only a hot one tests recovery. */
static bool journal_is_hot(const char *journal)
{
	static const unsigned char magic[8] = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};
	unsigned char head[8];
	FILE *f = fopen(journal, "rb");
	bool hot = f && fread(head, 1, 8, f) == 8 && !memcmp(head, magic, 8);
	if (f) fclose(f);
	return hot;
}

static void test_kill_midway(void **state)
{
	tmpdb *t = *state;
	dd_store *s = open_db(t);
	import(s, first_import, NFIRST, "first.csv");
	dd_store_close(s);

	dd_agg *big;
	assert_int_equal(dd_agg_new(&big), 0);
	for (int i = 0; i < KILL_ENTRIES; i++) {
		char acct[16];
		snprintf(acct, sizeof acct, "A%06d", i);
		spec x = {2024, 1, "P1", acct, "AmazonEC2", "Usage", NULL, "us-east-1", NULL, 0, "0.01", NULL};
		add(big, &x);
	}
	char journal[160];
	snprintf(journal, sizeof journal, "%s-journal", t->path);
	int mid = 0, old_seen = 0, new_seen = 0;
	/* up to three sweeps of ever later kills: one kill inside the
	 * transaction is needed, and a loaded machine can make a sweep miss */
	for (int sweep = 0; sweep < 3 && !mid; sweep++)
	for (long delay_us = 0; delay_us < 4000000 && !mid; delay_us = delay_us ? delay_us * 3 / 2 : 200) {
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			dd_store *c = NULL;
			if (dd_store_open(t->path, &c)) _exit(2);
			_exit(dd_store_replace(c, big, "big.csv", NULL) ? 3 : 0);
		}
		/* Poll for the journal rather than sleep blindly (on a loaded
		 * machine a fixed delay can step over the whole write phase on
		 * every try), then wait delay_us more: each try kills a little
		 * later into the write, until one lands after the journal's
		 * header is synced (hot) and before the commit. */
		struct stat st;
		bool in_write = false, reaped = false;
		int status = 0;
		for (long waited = 0; waited < 5000000 && !in_write && !reaped; waited += 50) {
			struct timespec ts = {0, 50 * 1000};
			nanosleep(&ts, NULL);
			in_write = stat(journal, &st) == 0 && st.st_size > 0;
			if (!in_write) reaped = waitpid(pid, &status, WNOHANG) == pid;
		}
		struct timespec extra = {delay_us / 1000000, (delay_us % 1000000) * 1000};
		nanosleep(&extra, NULL);
		in_write = stat(journal, &st) == 0 && st.st_size > 0;
		if (!reaped) {
			kill(pid, SIGKILL);
			assert_int_equal(waitpid(pid, &status, 0), pid);
		}
		bool killed = WIFSIGNALED(status);
		if (!killed) assert_int_equal(WEXITSTATUS(status), 0); /* finished first */

		/* A reader comes first: the read-only verbs must not be locked
		 * out by the hot journal the kill left. (2024-01) holds P1's
		 * 10.5 + 2 and P2's 7 = 19.5 in 3 entries before, and
		 * 60,000 x 0.01 + 7 = 607 in 60,001 after. */
		bool hot = journal_is_hot(journal);
		dd_store *r = NULL;
		if (dd_store_open_readonly(t->path, &r)) fail_msg("read-only open after the kill: %s", dd_error_last());
		assert_int_equal(dd_store_schema_version(r), 4);
		size_t n;
		dd_money jan = charges_total(r, DD_MONTH(2024, 1), &n);
		assert_true(n == 3 || n == KILL_ENTRIES + 1);
		assert_money(jan, n == 3 ? "19.5" : "607");
		dd_store_close(r);

		s = open_db(t);
		assert_int_equal(q(s, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
		int64_t imports = q(s, "SELECT count(*) FROM imports"), charges = q(s, "SELECT count(*) FROM charges");
		if (imports == 1) {
			/* the old state: 4 entries, (2024-01, P1) as imported first */
			assert_int_equal(charges, 4);
			assert_int_equal(q(s, "SELECT count(*) FROM charges WHERE period = '2024-01' AND payer = 'P1'"), 2);
			assert_int_equal(n, 3);
			old_seen++;
			if (killed && in_write && hot) mid = 1;
		} else {
			/* the new state: (2024-01, P1) replaced whole, the rest kept */
			assert_int_equal(imports, 2);
			assert_int_equal(n, KILL_ENTRIES + 1);
			assert_int_equal(charges, 4 - 2 + KILL_ENTRIES);
			assert_int_equal(q(s, "SELECT count(*) FROM charges WHERE period = '2024-01' AND payer = 'P2'"), 1);
			new_seen++;
			/* back to the old state for the next try */
			dd_store_close(s);
			unlink(t->path);
			s = open_db(t);
			import(s, first_import, NFIRST, "first.csv");
		}
		dd_store_close(s);
	}
	dd_agg_free(big);
	print_message("kill test: %d old, %d new states seen, a kill inside the transaction: %s\n", old_seen, new_seen,
		      mid ? "yes" : "no");
	assert_int_equal(mid, 1); /* some kill landed inside the transaction */
}

/* A store written by drawdown before schema 3, made here with SQLite itself
 * (the v1 and v2 schema as they shipped): its two (period, payer) pairs of
 * 2024-03 are interleaved in rowid order. Read-only, it is read the old way;
 * opened read-write, it migrates to id ranges and reads the same; replacing
 * one pair then leaves the other alone. */
static void test_migrate_v2_store(void **state)
{
	tmpdb *t = *state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(t->path, &db), SQLITE_OK);
	const char *v2 =
		"CREATE TABLE imports(id INTEGER PRIMARY KEY, source TEXT NOT NULL, imported_at TEXT NOT NULL, rows INTEGER NOT NULL);"
		"CREATE TABLE charges(period TEXT NOT NULL, payer TEXT NOT NULL, account TEXT NOT NULL,"
		" service TEXT NOT NULL, service_name TEXT NOT NULL, charge_type TEXT NOT NULL,"
		" billing_entity TEXT NOT NULL, region TEXT NOT NULL, description TEXT NOT NULL,"
		" flags INTEGER NOT NULL, amount TEXT NOT NULL, effective TEXT NOT NULL,"
		" rows INTEGER NOT NULL, import_id INTEGER NOT NULL REFERENCES imports(id));"
		"CREATE INDEX charges_period_payer ON charges(period, payer);"
		"CREATE TABLE periods(period TEXT NOT NULL, payer TEXT NOT NULL,"
		" import_id INTEGER NOT NULL REFERENCES imports(id), PRIMARY KEY(period, payer));"
		"CREATE TABLE aws_allocations(month TEXT NOT NULL, credit_id TEXT NOT NULL,"
		" account TEXT NOT NULL, service TEXT NOT NULL, amount TEXT NOT NULL,"
		" estimated INTEGER NOT NULL, import_id INTEGER NOT NULL REFERENCES imports(id));"
		"CREATE INDEX aws_allocations_month ON aws_allocations(month);"
		"PRAGMA user_version = 2;"
		"INSERT INTO imports VALUES(1, 'old.csv', '2026-01-01T00:00:00Z', 4);"
		"INSERT INTO periods VALUES('2024-03', 'P1', 1), ('2024-03', 'P2', 1);"
		"INSERT INTO charges VALUES('2024-03', 'P2', 'B1', 'AmazonS3', 'AmazonS3', 'Usage', 'AWS', '', '', 0, '5', '5', 1, 1);"
		"INSERT INTO charges VALUES('2024-03', 'P1', 'A1', 'AmazonEC2', 'AmazonEC2', 'Usage', 'AWS', '', '', 0, '1.25', '1.25', 1, 1);"
		"INSERT INTO charges VALUES('2024-03', 'P2', 'B1', 'AmazonEC2', 'AmazonEC2', 'Usage', 'AWS', '', '', 0, '3', '3', 1, 1);"
		"INSERT INTO charges VALUES('2024-03', 'P1', 'A2', 'AmazonEC2', 'AmazonEC2', 'Usage', 'AWS', '', '', 0, '0.75', '0.75', 1, 1);";
	assert_int_equal(sqlite3_exec(db, v2, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	size_t n;
	dd_store *s = NULL;
	assert_int_equal(dd_store_open_readonly(t->path, &s), 0);
	assert_int_equal(dd_store_schema_version(s), 2);
	assert_money(charges_total(s, DD_MONTH(2024, 3), &n), "10"); /* 5 + 1.25 + 3 + 0.75 */
	assert_int_equal(n, 4);
	dd_store_close(s);

	s = open_db(t);
	assert_int_equal(dd_store_schema_version(s), 4);
	assert_money(charges_total(s, DD_MONTH(2024, 3), &n), "10");
	assert_int_equal(n, 4);
	/* P1's rows first (ids 1, 2), then P2's (3, 4) */
	assert_int_equal(q(s, "SELECT first_id * 10 + last_id FROM periods WHERE payer = 'P1'"), 12);
	assert_int_equal(q(s, "SELECT first_id * 10 + last_id FROM periods WHERE payer = 'P2'"), 34);
	assert_int_equal(q(s, "SELECT count(*) FROM charges WHERE id BETWEEN 1 AND 2 AND payer = 'P1'"), 2);
	assert_int_equal(q(s, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	static const spec p1[] = {{2024, 3, "P1", "A9", "AmazonRDS", "Usage", NULL, NULL, NULL, 0, "100", NULL}};
	import(s, p1, 1, "new.csv");
	assert_money(charges_total(s, DD_MONTH(2024, 3), &n), "108"); /* P2's 8 kept, P1 now 100 */
	assert_int_equal(n, 3);
	assert_int_equal(q(s, "SELECT count(*) FROM charges"), 3);
	assert_int_equal(q(s, "SELECT first_id * 10 + last_id FROM periods WHERE payer = 'P1'"), 55);
	assert_int_equal(q(s, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
	assert_int_equal(q(s, "PRAGMA foreign_keys"), 1); /* back on after the import */
	dd_store_close(s);
}

/* The run (run.h) from the store to the engine: nothing imported is
 * DD_ENOTFOUND; a month before the first imported one DD_EINVALID; else
 * every month from the first is run. first_import holds 2024-01 (10.5 + 2
 * + 7 = 19.5) and 2024-02 (11); a credit of 25 pays 19.5 in January and
 * the 5.5 left in February, and April (after the imported range) is a
 * no-data month. */
static void test_run_to(void **state)
{
	tmpdb *t = *state;
	char book_path[200];
	snprintf(book_path, sizeof book_path, "%s/book.yaml", t->dir);
	FILE *f = fopen(book_path, "w");
	assert_non_null(f);
	fputs("organization: { payer: \"P1\" }\n"
	      "credits:\n  - { id: C, type: other, amount: 25, start: 2024-01-01, expires: 2024-12-31 }\n", f);
	fclose(f);
	dd_book *book = NULL;
	dd_book_problems probs = {0};
	if (dd_book_load(book_path, &book, &probs)) fail_msg("book: %s", dd_error_last());
	dd_store *s = open_db(t);
	dd_run run;
	assert_int_equal(dd_run_to(book, s, DD_MONTH_NONE, &run), DD_ENOTFOUND);
	dd_run_dispose(&run);
	import(s, first_import, NFIRST, "first.csv");
	assert_int_equal(dd_run_to(book, s, DD_MONTH(2023, 12), &run), DD_EINVALID);
	assert_non_null(strstr(dd_error_last(), "first imported month is 2024-01"));
	dd_run_dispose(&run);
	assert_int_equal(dd_run_to(book, s, DD_MONTH_NONE, &run), 0);
	assert_int_equal(run.month, DD_MONTH(2024, 2));
	assert_money(run.bill.gross, "11");
	assert_money(run.bill.credits[0].applied, "5.5");
	assert_money(run.bill.credits[0].remaining, "0");
	assert_int_equal(run.charges.n, 1);
	dd_run_dispose(&run);
	assert_int_equal(dd_run_to(book, s, DD_MONTH(2024, 4), &run), 0);
	assert_true(run.bill.no_data);
	assert_false(run.charges.present);
	assert_int_equal(run.stopped, DD_MONTH_NONE);
	dd_run_dispose(&run);
	dd_store_close(s);
	dd_book_free(book);
	unlink(book_path);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_open_and_migrate),
		T(test_migrate_v2_store),
		T(test_run_to),
		T(test_readonly_missing_file),
		T(test_readonly_refuses_writes),
		T(test_bad_files),
		T(test_roundtrip_exact),
		T(test_reimport_replaces_only_its_pair),
		T(test_failure_midway_changes_nothing),
		T(test_kill_midway),
		T(test_load_month_sums_for_engine),
		T(test_month_range),
		T(test_corrupt_amount_is_reported),
		T(test_allocations),
		T(test_locked_store),
		T(test_real_data_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
