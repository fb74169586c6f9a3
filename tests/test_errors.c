/* test_errors.c: the last-error contract (common.h). A failing call leaves
 * a message that says what failed and names the file, field or value; a
 * call that does a piece of work clears it on entry, so after a success
 * that follows a failure dd_error_last() is "". One representative path per
 * layer; the expected messages are written out by hand from the inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "drawdown.h"
#include "store_testing.h"

typedef struct {
	char dir[64];
} tmpdir;

static int setup(void **state)
{
	tmpdir *t = calloc(1, sizeof *t);
	snprintf(t->dir, sizeof t->dir, "/tmp/dd_test_errors.XXXXXX");
	if (!t || !mkdtemp(t->dir)) return -1;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	tmpdir *t = *state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
	if (system(cmd) != 0) return -1;
	free(t);
	return 0;
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A message that has the failure and stops at one line. */
static void assert_message(const char *want)
{
	const char *m = dd_error_last();
	if (!strstr(m, want)) fail_msg("message [%s] lacks [%s]", m, want);
	assert_null(strchr(m, '\n'));
}

static void assert_no_message(void) { assert_string_equal(dd_error_last(), ""); }

static const char CSV[] = "billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount\n"
			  "2026-03,111111111111,111111111111,AmazonEC2,Usage,AWS,12.5\n";

/* ---- value helpers: set on failure, never clear ---- */

static void test_value_helpers(void **state)
{
	(void)state;
	dd_date d;
	dd_month m;
	dd_money out;
	dd_error_clear();
	assert_int_equal(dd_date_parse("2026-02-30", 10, &d), DD_EPARSE);
	assert_string_equal(dd_error_last(), "expected a date YYYY-MM-DD, got \"2026-02-30\"");
	assert_int_equal(dd_month_parse("2026-13", 7, &m), DD_EPARSE);
	assert_string_equal(dd_error_last(), "expected a month YYYY-MM, got \"2026-13\"");
	assert_int_equal(dd_period_parse("2026-13", 7, &m), DD_EPARSE);
	assert_string_equal(dd_error_last(),
			    "expected a billing period YYYY-MM, YYYY-MM-DD or an ISO timestamp, got \"2026-13\"");
	assert_int_equal(dd_period_parse("2026-03-01T00:00+1", 18, &m), DD_EPARSE);
	assert_message("got \"2026-03-01T00:00+1\"");
	/* 2^127 - 1 units of 10^-18, the largest amount, plus the smallest */
	dd_money max = {(dd_i128)(((unsigned __int128)1 << 127) - 1)}, tiny = {1};
	assert_int_equal(dd_money_add_checked(max, tiny, &out), DD_EOVERFLOW);
	assert_string_equal(dd_error_last(),
			    "money: 170141183460469231731.687303715884105727 + 0.000000000000000001 is out of range");
	assert_int_equal(dd_money_sub_checked(dd_money_neg(max), dd_money_from_units(2), &out), DD_EOVERFLOW);
	assert_message("money: -170141183460469231731.687303715884105727 - 2 is out of range");
	/* 10^18 * 10^18 % = 10^34, past 1.7 * 10^20 */
	dd_money big = dd_money_from_units(1000000000000000000LL);
	assert_int_equal(dd_money_mul_percent(big, big, &out), DD_EOVERFLOW);
	assert_string_equal(dd_error_last(), "money: 1000000000000000000 * 1000000000000000000% is out of range");
	assert_int_equal(dd_money_muldiv(big, 1000, 1, &out), DD_EOVERFLOW);
	assert_string_equal(dd_error_last(), "money: 1000000000000000000 * 1000 / 1 is out of range");
	assert_int_equal(dd_money_muldiv(big, 1, 0, &out), DD_EUSAGE);
	assert_string_equal(dd_error_last(), "money: dd_money_muldiv: denominator 0 is not positive");
	dd_money w[2] = {dd_money_from_units(1), dd_money_from_units(-1)}, parts[2];
	assert_int_equal(dd_money_split(big, w, 0, 2, parts), DD_EUSAGE);
	assert_string_equal(dd_error_last(), "money: dd_money_split: no parts to split into");
	assert_int_equal(dd_money_split(big, w, 2, 2, parts), DD_EUSAGE);
	assert_string_equal(dd_error_last(), "money: dd_money_split: weight 1 is negative");
	/* A helper's success keeps the message of the failure before it: helpers
	 * run inside the calls that fail, on their way out too. */
	assert_int_equal(dd_date_parse("2026-02-28", 10, &d), 0);
	assert_string_equal(dd_error_last(), "money: dd_money_split: weight 1 is negative");
}

/* ---- entry points: a message on failure, "" after a success ---- */

static void test_store(void **state)
{
	tmpdir *t = *state;
	char path[128], want[192];
	dd_store *s = NULL;
	dd_month first, last;
	snprintf(path, sizeof path, "%s/none.db", t->dir);
	assert_int_equal(dd_store_open_readonly(path, &s), DD_ENOTFOUND);
	snprintf(want, sizeof want, "store %s does not exist: run `drawdown import` first", path);
	assert_string_equal(dd_error_last(), want);
	snprintf(path, sizeof path, "%s/drawdown.db", t->dir);
	assert_int_equal(dd_store_open(path, &s), 0);
	assert_no_message();
	assert_int_equal(dd_store_month_range(s, &first, &last), DD_ENOTFOUND);
	assert_message(path);
	dd_aws_allocation *a = (dd_aws_allocation *)1;
	size_t n = 7;
	assert_int_equal(dd_store_load_allocations(s, DD_MONTH(2026, 3), &a, &n), 0);
	assert_no_message();
	assert_int_equal(n, 0);
	/* the test hook: a query without a row says which */
	int64_t v;
	assert_int_equal(dd__store_test_int(s, "SELECT id FROM imports", &v), DD_ENOTFOUND);
	snprintf(want, sizeof want, "store %s: test query returned no row: SELECT id FROM imports", path);
	assert_string_equal(dd_error_last(), want);
	dd_agg *agg = NULL;
	assert_int_equal(dd_store_load_entries(s, DD_MONTH(2026, 3), &agg), 0);
	assert_no_message();
	dd_agg_free(agg);
	dd_store_close(s);
}

/* A manifest's part that is missing, or matched by several files: the code
 * is the failing call's own (not guessed from whether a message exists). */
static void test_ingest_manifest(void **state)
{
	tmpdir *t = *state;
	char path[128];
	dd_agg *agg = NULL;
	assert_int_equal(dd_agg_new(&agg), 0);
	write_file(t->dir, "m-Manifest.json", "{\"reportKeys\": [\"r/20260301-20260401/part-1.csv\"]}");
	snprintf(path, sizeof path, "%s/m-Manifest.json", t->dir);
	assert_int_equal(dd_ingest_path(path, NULL, agg, NULL), DD_ENOTFOUND);
	char want[256];
	snprintf(want, sizeof want, "%s: part \"part-1.csv\" listed in the manifest is not in %s", path, t->dir);
	assert_string_equal(dd_error_last(), want);
	write_file(t->dir, "a-part-1.csv", CSV);
	write_file(t->dir, "b-part-1.csv", CSV);
	assert_int_equal(dd_ingest_path(path, NULL, agg, NULL), DD_EINVALID);
	snprintf(want, sizeof want, "%s: part \"part-1.csv\" matches 2 files in %s", path, t->dir);
	assert_string_equal(dd_error_last(), want);
	assert_int_equal(dd_agg_count(agg), 0);
	assert_int_equal(dd_ingest_buffer("ok.csv", CSV, strlen(CSV), NULL, agg, NULL), 0);
	assert_no_message();
	assert_int_equal(dd_agg_count(agg), 1);
	dd_agg_free(agg);
}

static void test_book_and_aws(void **state)
{
	(void)state;
	dd_book *b = NULL;
	const char bad[] = "organization: { payer: '1' }\nsupport: { plan: platinum }\n";
	assert_int_equal(dd_book_load_buffer("b.yaml", bad, strlen(bad), &b, NULL), DD_EINVALID);
	assert_message("b.yaml:2:");
	assert_message("support.plan");
	const char good[] = "organization: { payer: '1' }\n";
	assert_int_equal(dd_book_load_buffer("b.yaml", good, strlen(good), &b, NULL), 0);
	assert_no_message();
	dd_book_free(b);
	dd_aws_credits c;
	const char json[] = "{\"credits\": [{\"creditId\": \"1\"}]}";
	assert_int_equal(dd_aws_credits_parse("c.json", json, strlen(json), &c), DD_EINVALID);
	assert_string_equal(dd_error_last(), "c.json: credits[0].accountId: missing (required)");
	assert_int_equal(dd_aws_credits_parse("c.json", "{\"credits\": []}", 15, &c), 0);
	assert_no_message();
	dd_aws_allocation *a = NULL;
	size_t n = 0;
	assert_int_equal(dd_aws_allocations_parse("h.json", "[", 1, &a, &n, NULL), DD_EPARSE);
	assert_message("h.json:1:");
	assert_int_equal(dd_aws_allocations_parse("h.json", "[]", 2, &a, &n, NULL), 0);
	assert_no_message();
}

/* dd_run_to and dd_reconcile_month, over a store with one imported month. */
static void test_run_and_reconcile(void **state)
{
	tmpdir *t = *state;
	char path[128];
	dd_store *s = NULL;
	dd_book *b = NULL;
	dd_agg *agg = NULL;
	dd_run run;
	snprintf(path, sizeof path, "%s/run.db", t->dir);
	const char book[] = "organization: { payer: '111111111111' }\n";
	assert_int_equal(dd_book_load_buffer("b.yaml", book, strlen(book), &b, NULL), 0);
	assert_int_equal(dd_store_open(path, &s), 0);
	assert_int_equal(dd_run_to(b, s, DD_MONTH(2026, 3), &run), DD_ENOTFOUND);
	assert_string_equal(dd_error_last(), "nothing imported yet: run 'drawdown import FILE' first");
	dd_run_dispose(&run);
	assert_int_equal(dd_agg_new(&agg), 0);
	assert_int_equal(dd_ingest_buffer("ok.csv", CSV, strlen(CSV), NULL, agg, NULL), 0);
	assert_int_equal(dd_store_replace(s, agg, "ok.csv", NULL), 0);
	assert_int_equal(dd_run_to(b, s, DD_MONTH(2026, 2), &run), DD_EINVALID);
	assert_string_equal(dd_error_last(),
			    "no data for 2026-02: the first imported month is 2026-03 (the run starts there)");
	dd_run_dispose(&run);
	assert_int_equal(dd_run_to(b, s, DD_MONTH(2026, 3), &run), 0);
	assert_no_message();
	dd_reconcile r;
	assert_int_equal(dd_reconcile_month(b, NULL, NULL, 0, NULL, 0, &r), DD_EUSAGE);
	assert_string_equal(dd_error_last(), "reconcile: missing book, bill, entries or allocations");
	assert_int_equal(dd_reconcile_month(b, &run.bill, NULL, 0, NULL, 0, &r), 0);
	assert_no_message();
	dd_reconcile_dispose(&r);
	dd_run_dispose(&run);
	dd_agg_free(agg);
	dd_store_close(s);
	dd_book_free(b);
}

/* Two threads whose skipped (non-AWS) totals are each in range but not
 * together: 150 rows of 9 * 10^17 at each end of a 9 MiB FOCUS file,
 * 1.35 * 10^20 per half, 2.7 * 10^20 joined, past 2^127 * 10^-18 = 1.7 * 10^20.
 * The join's message used to read a currency clash's fields never filled. */
static void test_join_out_of_range(void **state)
{
	(void)state;
	static const char head[] = "ProviderName,SubAccountId,BillingPeriodStart,ChargeCategory,ServiceName,BilledCost\n";
	static const char big[] = "Oracle,o2,2026-05-01,Usage,DB,900000000000000000\n";
	static const char zero[] = "Oracle,o2,2026-05-01,Usage,DB,0\n";
	size_t nzero = (size_t)9 * 1024 * 1024 / (sizeof zero - 1);
	size_t cap = sizeof head + 300 * sizeof big + nzero * sizeof zero;
	char *text = malloc(cap), *p = text;
	assert_non_null(text);
	p += sprintf(p, "%s", head);
	for (int i = 0; i < 150; i++) p += sprintf(p, "%s", big);
	for (size_t i = 0; i < nzero; i++) p += sprintf(p, "%s", zero);
	for (int i = 0; i < 150; i++) p += sprintf(p, "%s", big);
	dd_agg *agg = NULL;
	assert_int_equal(dd_agg_new(&agg), 0);
	dd_ingest_options two = {.threads = 2};
	assert_int_equal(dd_ingest_buffer("f.csv", text, (size_t)(p - text), &two, agg, NULL), DD_EOVERFLOW);
	assert_string_equal(dd_error_last(), "f.csv: total out of range while joining threads");
	/* one thread meets it at the row that passes the range */
	dd_ingest_options one = {.threads = 1};
	assert_int_equal(dd_ingest_buffer("f.csv", text, (size_t)(p - text), &one, agg, NULL), DD_EOVERFLOW);
	assert_message("BilledCost: expected a total in range");
	dd_agg_free(agg);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_helpers),
		cmocka_unit_test_setup_teardown(test_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ingest_manifest, setup, teardown),
		cmocka_unit_test(test_book_and_aws),
		cmocka_unit_test_setup_teardown(test_run_and_reconcile, setup, teardown),
		cmocka_unit_test(test_join_out_of_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
