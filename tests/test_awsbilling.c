/* test_awsbilling.c: the AWS Billing API JSON readers (get-credits,
 * get-credit-allocation-history) and the book YAML writer. Expected values
 * are read off the sample JSON by hand; the YAML is compared line by line
 * with a hand-written file and then loaded back through the book loader. */
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

#define DATA "tests/data/awsbilling/"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) fail_msg("cannot open %s (run from the repository root)", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = 0;
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void assert_money_text(dd_money m, const char *want)
{
	char b[DD_MONEY_STRMAX];
	assert_string_equal(dd_money_format(m, b), want);
}

static void assert_date_text(dd_date d, const char *want)
{
	char b[16];
	assert_string_equal(dd_date_format(d, b), want);
}

static void parse_sample(dd_aws_credits *c)
{
	size_t len;
	char *json = slurp(DATA "get-credits.json", &len);
	int rc = dd_aws_credits_parse("get-credits.json", json, len, c);
	free(json);
	if (rc) fail_msg("parse failed: %s", dd_error_last());
}

static void test_credits_fields(void **state)
{
	(void)state;
	dd_aws_credits c;
	parse_sample(&c);
	assert_int_equal(c.n, 5);
	const dd_aws_credit *a = &c.items[0], *b = &c.items[1], *t = &c.items[2], *s = &c.items[4];
	assert_string_equal(a->credit_id, "100000000001");
	assert_string_equal(a->account, "111111111111");
	assert_string_equal(a->credit_type, "Promotion");
	assert_string_equal(a->currency, "USD");
	assert_money_text(a->initial, "25000");      /* "25000.00" */
	assert_money_text(a->remaining, "18250.5");  /* "18250.50" */
	assert_true(a->has_estimated);
	assert_money_text(a->estimated, "17900.25");
	assert_int_equal(a->nproducts, 0);          /* [] = every service */
	assert_int_equal(a->start, 1767225600);     /* 2026-01-01: (56*365 + 14 leap days) * 86400 */
	assert_int_equal(a->end, 1798761600);       /* + 365 days */
	assert_int_equal(dd_aws_credit_book_type(a), DD_CREDIT_MAP); /* "Promotion" + "MAP 2.0 ..." */
	assert_true(a->enabled);

	assert_int_equal(b->application, DD_AWS_APPLY_AFTER_DISCOUNTS);
	assert_int_equal(b->sharing, DD_AWS_SHARING_CUSTOM);
	assert_int_equal(b->nshare_with, 2);
	assert_string_equal(b->share_with[1], "012345678901"); /* leading zero kept */
	assert_int_equal(b->nproducts, 2);
	assert_string_equal(b->products[1], "Amazon Simple Storage Service");
	assert_int_equal(b->start, 1767225600 + 73 * 86400); /* 2026-03-15: 31 + 28 + 14 days after 01-01 */
	assert_int_equal(b->end, 1767225600 + 273 * 86400 - 1); /* 2026-09-30T23:59:59Z: 2026-10-01 is day 273 */
	assert_string_equal(b->description, "POC \"Atlas\" \xe2\x80\x93 data platform");
	assert_int_equal(dd_aws_credit_book_type(b), DD_CREDIT_POC);

	assert_int_equal(t->sharing, DD_AWS_SHARING_COST_CATEGORY);
	assert_false(t->enabled);                   /* DISABLED */
	assert_money_text(t->initial, "5000");      /* JSON integer, exact */
	assert_int_equal(t->start, 1772323200);     /* 1772323200.0 */
	assert_true(t->has_exhaust);
	assert_null(t->description);
	assert_int_equal(dd_aws_credit_book_type(t), DD_CREDIT_OTHER); /* "TrueUp" */

	assert_string_equal(s->currency, "EUR");
	assert_money_text(s->initial, "1234.567890123");
	assert_int_equal(s->start, 1767225600 + 181 * 86400); /* 22:00 at -02:00 is 2026-07-01T00:00Z, day 181 */
	assert_int_equal(s->end, 1767225600 + 365 * 86400 - 1); /* bare date "2026-12-31": its last second */
	assert_int_equal(dd_aws_credit_book_type(s), DD_CREDIT_SUPPORT);
	dd_aws_credits_dispose(&c);
	assert_int_equal(c.n, 0);
}

static void test_credit_types(void **state)
{
	(void)state;
	static const struct {
		const char *type, *desc;
		dd_credit_type want;
	} cases[] = {
		{"EDP Credit", NULL, DD_CREDIT_EDP},
		{"Promotion", "Bitmap rendering trial", DD_CREDIT_PROMOTIONAL}, /* "bitmap" is not "map" */
		{"Promotion", "Graviton migration", DD_CREDIT_GRAVITON},        /* first programme word wins */
		{"Refund", NULL, DD_CREDIT_OTHER},
		{"SLA credit", "EC2 outage 2026-10-03", DD_CREDIT_SLA},
		{"AWS Marketplace", NULL, DD_CREDIT_MARKETPLACE},
		{"Promotional", "APN partner funding", DD_CREDIT_PARTNER},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		dd_aws_credit c = {0};
		c.credit_type = (char *)cases[i].type;
		c.description = (char *)cases[i].desc;
		assert_int_equal(dd_aws_credit_book_type(&c), cases[i].want);
	}
}

/* The writer's text against the hand-written expected file, line by line. */
static void test_yaml_text(void **state)
{
	(void)state;
	dd_aws_credits c;
	parse_sample(&c);
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	assert_non_null(f);
	assert_int_equal(dd_aws_credits_write_yaml(&c, "get-credits.json", f), 0);
	fclose(f);
	size_t wantlen;
	char *want = slurp(DATA "get-credits.expected.yaml", &wantlen);
	char *gs = NULL, *ws = NULL;
	char *g = strtok_r(out, "\n", &gs), *w = strtok_r(want, "\n", &ws);
	for (int line = 1; g || w; line++) {
		if (!g || !w || strcmp(g, w))
			fail_msg("line %d: got [%s], expected [%s]", line, g ? g : "(end)", w ? w : "(end)");
		g = strtok_r(NULL, "\n", &gs);
		w = strtok_r(NULL, "\n", &ws);
	}
	free(out);
	free(want);
	dd_aws_credits_dispose(&c);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The written file is a valid include: the book loader reads back what
 * AWS said. */
static void test_yaml_loads_as_book(void **state)
{
	(void)state;
	char dir[] = "/tmp/dd_awsbilling_XXXXXX", path[128], book_path[128];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/aws-credits.yaml", dir);
	snprintf(book_path, sizeof book_path, "%s/drawdown.yaml", dir);
	dd_aws_credits c;
	parse_sample(&c);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(dd_aws_credits_write_yaml(&c, "get-credits.json", f), 0);
	fclose(f);
	dd_aws_credits_dispose(&c);
	write_file(book_path, "organization:\n  payer: \"111111111111\"\n  accounts:\n"
			      "    - { id: \"222222222222\" }\n    - { id: \"012345678901\" }\n"
			      "include: [aws-credits.yaml]\n");
	dd_book *book = NULL;
	dd_book_problems probs = {0};
	int rc = dd_book_load(book_path, &book, &probs);
	if (rc) {
		for (size_t i = 0; i < probs.n; i++)
			print_error("%s:%d:%d: %s: %s\n", probs.items[i].file, probs.items[i].line, probs.items[i].column,
				    probs.items[i].field ? probs.items[i].field : "", probs.items[i].message);
		fail_msg("book with the written include did not load: %s", dd_error_last());
	}
	assert_int_equal(book->ncredits, 5); /* the zero-amount credit is kept (SPEC 3.1) */
	const dd_credit *z = dd_book_credit(book, "100000000004");
	assert_non_null(z);
	assert_money_text(z->amount, "0");
	const dd_credit *m = dd_book_credit(book, "100000000001"), *p = dd_book_credit(book, "100000000002"),
		       *t = dd_book_credit(book, "100000000003"), *s = dd_book_credit(book, "100000000005");
	assert_non_null(m);
	assert_non_null(p);
	assert_non_null(t);
	assert_non_null(s);
	assert_int_equal(m->type, DD_CREDIT_MAP);
	assert_money_text(m->amount, "25000");
	assert_date_text(m->expires, "2026-12-31");
	assert_true(m->services_all);
	assert_int_equal(p->applies, DD_APPLIES_AFTER_DISCOUNT);
	assert_int_equal(p->sharing, DD_SHARING_LIST);
	assert_int_equal(p->nshare_with, 2);
	assert_string_equal(p->share_with[1], "012345678901");
	assert_int_equal(p->nservices, 2);
	assert_string_equal(p->services[0], "Amazon Elastic Compute Cloud");
	assert_string_equal(p->description, "Promotion: POC \"Atlas\" \xe2\x80\x93 data platform");
	assert_int_equal(t->status, DD_STATUS_PAUSED);
	assert_string_equal(t->owner, "222222222222");
	assert_date_text(t->start, "2026-03-01");
	assert_date_text(t->expires, "2026-03-31");
	assert_int_equal(s->sharing, DD_SHARING_DISABLED);
	assert_string_equal(s->description, "Support Credit: Enterprise Support credit\nline two");
	assert_money_text(s->amount, "1234.567890123");
	dd_book_free(book);
	dd_book_problems_dispose(&probs);
	unlink(path);
	unlink(book_path);
	rmdir(dir);
}

/* One valid credit with one field replaced, to test each error alone. */
#define CREDIT(id, extra)                                                                           \
	"{\"creditId\": \"" id "\", \"accountId\": \"111111111111\", \"creditType\": \"Promotion\", " \
	"\"initialAmount\": {\"currencyAmount\": \"10\", \"currencyCode\": \"USD\"}, "                 \
	"\"remainingAmount\": {\"currencyAmount\": \"10\", \"currencyCode\": \"USD\"}, "               \
	"\"startDate\": 1767225600, \"endDate\": 1798761600" extra "}"

static void expect_credits_error(const char *json, int code, const char *substr)
{
	dd_aws_credits c;
	int rc = dd_aws_credits_parse("c.json", json, strlen(json), &c);
	if (rc != code || !strstr(dd_error_last(), substr))
		fail_msg("json %s: rc %d message [%s], expected %d with [%s]", json, rc, dd_error_last(), code, substr);
	assert_int_equal(c.n, 0);
	assert_null(c.items);
}

static void test_credits_errors(void **state)
{
	(void)state;
	expect_credits_error("{\"credits\": [", DD_EPARSE, "c.json:1:");
	expect_credits_error("{\"Credits\": []}", DD_EINVALID, "expected an object with a \"credits\" list");
	expect_credits_error("{\"credits\": {}}", DD_EINVALID, "credits: expected a list, got an object");
	expect_credits_error("{\"credits\": [" CREDIT("1", "") ", " CREDIT("2", "") ", " CREDIT("3", "") ", 7]}",
			     DD_EINVALID, "c.json: credits[3]: expected an object, got an integer");
	/* A real amount is refused, not rounded through a double. */
	expect_credits_error("{\"credits\": [{\"creditId\": \"1\", \"accountId\": \"111111111111\", \"creditType\": \"x\","
			     " \"initialAmount\": {\"currencyAmount\": 10.5}}]}",
			     DD_EINVALID, "credits[0].initialAmount.currencyAmount: expected the amount as a decimal string");
	expect_credits_error("{\"credits\": [{\"creditId\": \"1\", \"accountId\": \"111111111111\", \"creditType\": \"x\","
			     " \"initialAmount\": \"50,000\"}]}",
			     DD_EINVALID, "credits[0].initialAmount: expected a decimal amount such as \"743.21\", got \"50,000\"");
	expect_credits_error("{\"credits\": [{\"accountId\": \"111111111111\"}]}", DD_EINVALID,
			     "credits[0].creditId: missing");
	expect_credits_error("{\"credits\": [" CREDIT("1", ", \"creditSharingType\": \"SOMETIMES\"") "]}", DD_EINVALID,
			     "credits[0].creditSharingType: expected one of DEFAULT, DISABLED, CUSTOM, COST_CATEGORY_RULE");
	expect_credits_error("{\"credits\": [" CREDIT("1", ", \"creditStatus\": true") "]}", DD_EINVALID,
			     "credits[0].creditStatus: expected a string, got true");
	expect_credits_error("{\"credits\": [" CREDIT("1", ", \"exhaustDate\": \"2026-13-01\"") "]}", DD_EINVALID,
			     "credits[0].exhaustDate: expected a timestamp");
	/* it would become a book credit id, where '#' names tranches (fuzzer find) */
	expect_credits_error("{\"credits\": [" CREDIT("1000#2", "") "]}", DD_EINVALID,
			     "credits[0].creditId: expected 1 to 128 characters without '#' or control characters, "
			     "got \"1000#2\"");
	expect_credits_error("{\"credits\": [" CREDIT("\\u0007bell", "") "]}", DD_EINVALID,
			     "credits[0].creditId: expected 1 to 128 characters");
	expect_credits_error("{\"credits\": [" CREDIT("1", "") ", " CREDIT("1", "") "]}", DD_EINVALID,
			     "credits[1].creditId: duplicate credit id \"1\" (first at credits[0])");
	expect_credits_error("{\"credits\": [" CREDIT("1", ", \"shareableAccounts\": [\"222222222222\", \"x y\"]") "]}",
			     DD_EINVALID, "credits[0].shareableAccounts[1]: expected an account id");
	expect_credits_error("{\"credits\": [{\"creditId\": \"1\", \"accountId\": \"111111111111\", \"creditType\": \"x\","
			     " \"initialAmount\": \"-5\", \"remainingAmount\": \"0\"}]}",
			     DD_EINVALID, "credits[0].initialAmount: a credit's initial amount cannot be negative");
	expect_credits_error("{\"credits\": [{\"creditId\": \"1\", \"accountId\": \"111111111111\", \"creditType\": \"x\","
			     " \"initialAmount\": \"5\", \"remainingAmount\": \"0\", \"startDate\": 1798761600,"
			     " \"endDate\": 1767225600}]}",
			     DD_EINVALID, "credits[0].endDate: is before startDate");
	expect_credits_error("{\"credits\": [" CREDIT("1", ", \"estimatedAmount\": {\"currencyAmount\": \"1\","
						      " \"currencyCode\": \"usd\"}") "]}",
			     DD_EINVALID, "credits[0].estimatedAmount.currencyCode: expected a currency code");
	/* A bare list (--query credits) and an empty one are fine. */
	dd_aws_credits c;
	const char *bare = "[" CREDIT("7", "") "]";
	assert_int_equal(dd_aws_credits_parse("c.json", bare, strlen(bare), &c), 0);
	assert_int_equal(c.n, 1);
	dd_aws_credits_dispose(&c);
	assert_int_equal(dd_aws_credits_parse("c.json", "{\"credits\": []}", 15, &c), 0);
	assert_int_equal(c.n, 0);
}

/* A timestamp field, one form at a time: what the Billing API reader takes
 * (a date alone, offsets with minutes) and refuses (offset hours alone,
 * instants outside the years 1-9999), naming the field. */
static int parse_exhaust(const char *form, int64_t *out)
{
	char json[512];
	dd_aws_credits c;
	snprintf(json, sizeof json, "{\"credits\": [" CREDIT("1", ", \"exhaustDate\": \"%s\"") "]}", form);
	int rc = dd_aws_credits_parse("c.json", json, strlen(json), &c);
	if (rc == 0) *out = c.items[0].exhaust;
	dd_aws_credits_dispose(&c);
	return rc;
}

static void test_timestamp_forms(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int64_t want;
	} ok[] = {
		{"2026-10-03T14:05:00Z", 1791036300},      /* date -u -d 2026-10-03T14:05:00Z +%s */
		{"2026-10-03", 1790985600},                /* date -u -d 2026-10-03 +%s (midnight: not an endDate) */
		{"2026-10-03 14:05", 1791036300},
		{"2026-10-03T14:05:00.123456Z", 1791036300},
		{"2026-10-03T19:35:00+05:30", 1791036300}, /* 19:35 at +05:30 is 14:05Z */
		{"2026-10-03T09:05-0500", 1791036300},
		{"1791036300", 1791036300},                /* epoch seconds as digits */
		{"0001-01-01T00:00:00-01:00", -62135593200}, /* date -u -d '0001-01-01 01:00' +%s */
		{"9999-12-31T23:59:59Z", 253402300799},
	};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		int64_t t = 0;
		if (parse_exhaust(ok[i].text, &t)) fail_msg("\"%s\" refused: %s", ok[i].text, dd_error_last());
		assert_int_equal(t, ok[i].want);
	}
	static const char *bad[] = {"2026-10-03T19:05+05", "2026-10-03T19:05+05:", "2026-10-03T14:05+24:00",
				    "2026-10-03T14:05+05:60", "2026-10-03Z", "2026-10-03T", "2026-10-03T24:00Z",
				    "2026-02-29"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int64_t t;
		char want[160];
		assert_int_equal(parse_exhaust(bad[i], &t), DD_EINVALID);
		snprintf(want, sizeof want,
			 "c.json: credits[0].exhaustDate: expected a timestamp (epoch seconds or "
			 "YYYY-MM-DD[THH:MM:SS][Z|+hh:mm]), got \"%s\"",
			 bad[i]);
		assert_string_equal(dd_error_last(), want);
	}
	/* in the grammar, but an hour before 0001-01-01T00:00Z or a minute after 9999 */
	static const char *outside[] = {"0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-00:01"};
	for (size_t i = 0; i < 2; i++) {
		int64_t t;
		assert_int_equal(parse_exhaust(outside[i], &t), DD_EINVALID);
		assert_string_equal(dd_error_last(), "c.json: credits[0].exhaustDate: timestamp outside the years 1-9999");
	}
}

static void test_allocations(void **state)
{
	(void)state;
	size_t len, n;
	char *json = slurp(DATA "get-credit-allocation-history.json", &len);
	dd_aws_allocation *a;
	dd_aws_history_notes notes;
	int rc = dd_aws_allocations_parse("h.json", json, len, &a, &n, &notes);
	free(json);
	if (rc) fail_msg("%s", dd_error_last());
	assert_int_equal(n, 3);
	assert_string_equal(a[0].credit_id, "100000000001");
	assert_string_equal(a[0].account, "111111111111");
	assert_string_equal(a[0].service, "Amazon Elastic Compute Cloud - Compute");
	assert_int_equal(a[0].month, DD_MONTH(2026, 3));
	assert_money_text(a[0].amount, "-1200.5");
	assert_false(a[0].estimated);
	assert_string_equal(a[2].account, "012345678901");
	assert_int_equal(a[2].month, DD_MONTH(2026, 4));
	assert_money_text(a[2].amount, "-0.000000000001"); /* 12th decimal kept */
	assert_true(a[2].estimated);
	assert_true(notes.partial);
	assert_int_equal(notes.nfailed, 1);
	assert_int_equal(notes.failed_months[0], DD_MONTH(2026, 2));
	free(notes.failed_months);
	dd_aws_allocations_free(a, n);
}

static void expect_alloc_error(const char *json, const char *substr)
{
	dd_aws_allocation *a = (dd_aws_allocation *)1;
	size_t n = 99;
	int rc = dd_aws_allocations_parse("h.json", json, strlen(json), &a, &n, NULL);
	if (!rc || !strstr(dd_error_last(), substr))
		fail_msg("json %s: rc %d message [%s], expected [%s]", json, rc, dd_error_last(), substr);
	assert_null(a);
	assert_int_equal(n, 0);
}

#define ALLOC(extra)                                                                                 \
	"{\"creditId\": \"1\", \"accountId\": \"111111111111\", \"appliedServiceName\": \"Amazon S3\"" extra "}"

static void test_allocation_errors(void **state)
{
	(void)state;
	expect_alloc_error("{\"creditAllocationHistoryList\": [" ALLOC(", \"billingMonth\": \"2026-03\"") "]}",
			   "creditAllocationHistoryList[0].creditAmount: missing");
	expect_alloc_error("{\"creditAllocationHistoryList\": [" ALLOC(", \"billingMonth\": \"2026-13\", \"creditAmount\": \"-1\"") "]}",
			   "creditAllocationHistoryList[0].billingMonth: expected a month YYYY-MM, got \"2026-13\"");
	expect_alloc_error("{\"creditAllocationHistoryList\": [" ALLOC(", \"billingMonth\": \"2026-03\","
									 " \"creditAmount\": {\"currencyAmount\": -1e2}") "]}",
			   "creditAllocationHistoryList[0].creditAmount.currencyAmount: expected the amount as a decimal string");
	expect_alloc_error("{\"creditAllocationHistoryList\": [" ALLOC(", \"billingMonth\": \"2026-03\", \"creditAmount\": \"-1\","
									 " \"isEstimatedBill\": \"yes\"") "]}",
			   "creditAllocationHistoryList[0].isEstimatedBill: expected true or false");
	expect_alloc_error("{\"creditAllocationHistoryList\": [" ALLOC(", \"billingMonth\": \"2026-03\", \"creditAmount\": \"-1\"") "],"
			   " \"failedMonths\": [3]}",
			   "h.json: failedMonths[0]: expected a month YYYY-MM");
	expect_alloc_error("{\"credits\": []}", "expected an object with a \"creditAllocationHistoryList\" list");
	expect_alloc_error("{\"creditAllocationHistoryList\": [1,", "h.json:1:");
	/* creditId as a JSON integer (the API types it as Long in requests). */
	const char *ok = "[{\"creditId\": 42, \"accountId\": \"111111111111\", \"appliedServiceName\": \"S\","
			 " \"billingMonth\": \"2026-03\", \"creditAmount\": -3}]";
	dd_aws_allocation *a;
	size_t n;
	assert_int_equal(dd_aws_allocations_parse("h.json", ok, strlen(ok), &a, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].credit_id, "42");
	assert_money_text(a[0].amount, "-3");
	dd_aws_allocations_free(a, n);
	/* Allocation ids are matched to the book's, tranche ids ("EDP#2")
	 * included: the get-credits rule against '#' does not apply here. */
	const char *tranche = "[{\"creditId\": \"EDP#2\", \"accountId\": \"111111111111\", \"appliedServiceName\": \"S\","
			      " \"billingMonth\": \"2026-03\", \"creditAmount\": -3}]";
	assert_int_equal(dd_aws_allocations_parse("h.json", tranche, strlen(tranche), &a, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].credit_id, "EDP#2");
	dd_aws_allocations_free(a, n);
}

static void test_detect(void **state)
{
	(void)state;
	static const struct {
		const char *json;
		dd_aws_json_kind want;
	} cases[] = {
		{"{\"credits\": []}", DD_AWS_JSON_CREDITS},
		{"[{\"creditId\": \"1\", \"initialAmount\": \"5\"}]", DD_AWS_JSON_CREDITS},
		{"{\"creditAllocationHistoryList\": [], \"nextToken\": null}", DD_AWS_JSON_ALLOCATIONS},
		{"[{\"appliedServiceName\": \"x\"}]", DD_AWS_JSON_ALLOCATIONS},
		{"{\"reportKeys\": []}", DD_AWS_JSON_NONE}, /* a CUR manifest */
		{"[]", DD_AWS_JSON_NONE},
		{"{\"credits\": [", DD_AWS_JSON_NONE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		assert_int_equal(dd_aws_json_detect(cases[i].json, strlen(cases[i].json)), cases[i].want);
}

/* JSON saved as UTF-16 (PowerShell's `>` writes it, with a BOM) is named,
 * not a syntax error; {"credits": []} in UTF-16LE is its bytes with a NUL
 * after each. */
static void test_wide_json(void **state)
{
	(void)state;
	static const char le[] = "\xff\xfe{\0\"\0c\0r\0e\0d\0i\0t\0s\0\"\0:\0 \0[\0]\0}\0";
	static const char be32[] = "\0\0\0{\0\0\0\"\0\0\0c";
	dd_aws_credits c;
	assert_int_equal(dd_aws_credits_parse("c.json", le, sizeof le - 1, &c), DD_EFORMAT);
	assert_string_equal(dd_error_last(), "c.json: this file is UTF-16 (little-endian) text; drawdown reads UTF-8: "
					     "convert it first, e.g. with iconv -f UTF-16LE -t UTF-8");
	dd_aws_allocation *a = NULL;
	size_t n = 0;
	assert_int_equal(dd_aws_allocations_parse("h.json", be32, sizeof be32 - 1, &a, &n, NULL), DD_EFORMAT);
	assert_non_null(strstr(dd_error_last(), "h.json: this file is UTF-32 (big-endian) text"));
	assert_null(a);
}

static void test_epoch_date(void **state)
{
	(void)state;
	assert_date_text(dd_aws_epoch_date(0), "1970-01-01");
	assert_date_text(dd_aws_epoch_date(-1), "1969-12-31");
	assert_date_text(dd_aws_epoch_date(951782400), "2000-02-29"); /* `date -u -d @951782400` */
	assert_date_text(dd_aws_epoch_date(951782400 + 86400), "2000-03-01");
	assert_date_text(dd_aws_epoch_date(253402300799LL), "9999-12-31");
}

/* Text AWS hands back lands in YAML comments too (a cost category ARN):
 * NEL, LS and PS there would end the comment line and turn the rest into
 * YAML (libFuzzer find). The written file loads, and the comment keeps the
 * text on one line with those characters as spaces. */
static void test_comment_line_breaks(void **state)
{
	(void)state;
	const char *json = "{\"credits\": [" CREDIT("7", ", \"creditSharingType\": \"COST_CATEGORY_RULE\", "
		"\"costCategoryArn\": \"arn:x\\u2028y: 1\\u0085z\\u2029- w\\ufeffv\"") "]}";
	dd_aws_credits c;
	assert_int_equal(dd_aws_credits_parse("c.json", json, strlen(json), &c), 0);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	fputs("organization:\n  payer: \"111111111111\"\n", f);
	assert_int_equal(dd_aws_credits_write_yaml(&c, "c.json", f), 0);
	fclose(f);
	dd_aws_credits_dispose(&c);
	assert_non_null(strstr(text, "(arn:x y: 1 z - w v)"));
	dd_book *book = NULL;
	dd_book_problems probs = {0};
	if (dd_book_load_buffer("c.yaml", text, len, &book, &probs))
		fail_msg("did not load (%zu problems, first: %s):\n%s", probs.n, probs.n ? probs.items[0].message : "", text);
	assert_int_equal(book->ncredits, 1);
	assert_non_null(dd_book_credit(book, "7"));
	dd_book_free(book);
	dd_book_problems_dispose(&probs);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_credits_fields),   cmocka_unit_test(test_credit_types),
		cmocka_unit_test(test_yaml_text),        cmocka_unit_test(test_yaml_loads_as_book),
		cmocka_unit_test(test_comment_line_breaks),
		cmocka_unit_test(test_credits_errors),   cmocka_unit_test(test_timestamp_forms),
		cmocka_unit_test(test_allocations),
		cmocka_unit_test(test_allocation_errors), cmocka_unit_test(test_epoch_date),
		cmocka_unit_test(test_detect),		  cmocka_unit_test(test_wide_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
