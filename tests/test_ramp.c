/* test_ramp.c: the forecast ramp loader (docs/ramp.md). The example of the
 * docs read value by value from tests/data/ramp/example.yaml; a block-style
 * file with the value forms (a leading-zero account, quoted and exponent
 * amounts, a negative step, the smallest amount); every kind of bad input
 * with the problems it must give, each by line:column, field and words,
 * counted and in order (all reported at once); return codes and the last
 * error. Expectations are written by hand from the text, column by column. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drawdown.h"

#define EXAMPLE "tests/data/ramp/example.yaml"

static void assert_amount(dd_money m, const char *want)
{
	char buf[DD_MONEY_STRMAX];
	assert_string_equal(dd_money_format(m, buf), want);
}

static void print_problems(const dd_book_problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		print_message("  %s:%d:%d: %s: %s\n", p->items[i].file, p->items[i].line, p->items[i].column,
			      p->items[i].field ? p->items[i].field : "-", p->items[i].message);
}

static dd_ramp *load_ok(const char *text)
{
	dd_ramp *r = NULL;
	dd_book_problems p;
	int rc = dd_ramp_load_buffer("mem.yaml", text, strlen(text), &r, &p);
	if (rc) print_problems(&p);
	assert_int_equal(rc, 0);
	assert_int_equal(p.n, 0);
	assert_non_null(r);
	return r;
}

static void check_example(const dd_ramp *r, const char *file)
{
	assert_string_equal(r->path, file);
	assert_int_equal(r->n, 3);

	const dd_ramp_step *s = &r->steps[0];
	assert_string_equal(s->account, "222222222222");
	assert_string_equal(s->service, "AmazonRDS");
	assert_int_equal(s->from, DD_MONTH(2027, 1));
	assert_int_equal(s->until, DD_MONTH_NONE);
	assert_true(s->has_amount);
	assert_amount(s->amount, "40000");
	assert_true(s->amount.v == (dd_i128)40000 * DD_MONEY_SCALE);
	assert_false(s->has_growth);
	assert_true(dd_money_is_zero(s->growth_percent));
	assert_ptr_equal(s->file, r->path);
	assert_int_equal(s->line, 2);
	assert_int_equal(s->column, 5); /* the '{' of "  - { account: ..." */

	s = &r->steps[1];
	assert_string_equal(s->account, "222222222222");
	assert_string_equal(s->service, "AmazonEC2");
	assert_int_equal(s->from, DD_MONTH(2027, 7));
	assert_int_equal(s->until, DD_MONTH_NONE);
	assert_false(s->has_amount);
	assert_true(dd_money_is_zero(s->amount));
	assert_true(s->has_growth);
	assert_amount(s->growth_percent, "30");
	assert_true(s->growth_percent.v == (dd_i128)30 * DD_MONEY_SCALE);
	assert_ptr_equal(s->file, r->path);
	assert_int_equal(s->line, 3);
	assert_int_equal(s->column, 5);

	s = &r->steps[2];
	assert_string_equal(s->account, "333333333333");
	assert_string_equal(s->service, "AWSGlue");
	assert_int_equal(s->from, DD_MONTH(2027, 3));
	assert_int_equal(s->until, DD_MONTH(2027, 5));
	assert_true(s->has_amount);
	assert_amount(s->amount, "900");
	assert_false(s->has_growth);
	assert_int_equal(s->line, 4);
	assert_int_equal(s->column, 5);
}

static void test_example(void **state)
{
	dd_ramp *r = NULL;
	dd_book_problems p;
	int rc = dd_ramp_load(EXAMPLE, &r, &p);
	if (rc) print_problems(&p);
	assert_int_equal(rc, 0);
	assert_int_equal(p.n, 0);
	assert_string_equal(dd_error_last(), "");
	check_example(r, EXAMPLE);
	dd_ramp_free(r);

	/* The same text from memory reads the same. */
	static const char text[] =
		"ramp:\n"
		"  - { account: \"222222222222\", service: AmazonRDS, from: 2027-01, amount: 40000 }       # adds 40,000 a month from 2027-01\n"
		"  - { account: \"222222222222\", service: AmazonEC2, from: 2027-07, growth_percent: 30 }  # that series x 1.3 from 2027-07 on\n"
		"  - { account: \"333333333333\", service: AWSGlue, from: 2027-03, until: 2027-05, amount: 900 }\n";
	r = load_ok(text);
	check_example(r, "mem.yaml");
	dd_ramp_free(r);
}

/* Block mappings, and each value form a field takes. */
static void test_forms(void **state)
{
	dd_ramp *r = load_ok("# a migration plan\n"
			     "ramp:\n"
			     "  - account: 012345678901\n"             /* 3: unquoted, the leading zero stays */
			     "    service: Amazon Simple Storage Service\n"
			     "    from: 2026-12\n"
			     "    until: 2026-12\n"                    /* one month: until == from */
			     "    amount: \"1234.56\"\n"               /* quoted: still an amount */
			     "  - account: dev-account-1\n"            /* 8 */
			     "    service: AmazonEC2\n"
			     "    from: 2027-01\n"
			     "    growth_percent: -12.5\n"             /* a fall */
			     "  - service: AWSLambda\n"                /* 12: any order of fields */
			     "    amount: 1.5e5\n"
			     "    from: 0001-01\n"
			     "    account: '444444444444'\n"
			     "  - { account: \"4\", service: S, from: 9999-12, amount: 0.000000000000000001 }\n"
			     "  - { account: \"4\", service: S, from: 2027-01, amount: 0 }\n"
			     "  - { account: \"4\", service: S, from: 2027-01, growth_percent: -99.999999999999999999 }\n");
	assert_int_equal(r->n, 6);
	const dd_ramp_step *s = &r->steps[0];
	assert_string_equal(s->account, "012345678901");
	assert_string_equal(s->service, "Amazon Simple Storage Service");
	assert_int_equal(s->from, DD_MONTH(2026, 12));
	assert_int_equal(s->until, DD_MONTH(2026, 12));
	assert_true(s->has_amount);
	assert_false(s->has_growth);
	assert_true(s->amount.v == (dd_i128)123456 * DD_MONEY_SCALE / 100);
	assert_string_equal(s->file, "mem.yaml");
	assert_int_equal(s->line, 3); /* a block mapping starts at its first key */
	assert_int_equal(s->column, 5);

	s = &r->steps[1];
	assert_string_equal(s->account, "dev-account-1");
	assert_string_equal(s->service, "AmazonEC2");
	assert_int_equal(s->from, DD_MONTH(2027, 1));
	assert_int_equal(s->until, DD_MONTH_NONE);
	assert_false(s->has_amount);
	assert_true(s->has_growth);
	assert_true(s->growth_percent.v == -(dd_i128)125 * DD_MONEY_SCALE / 10);
	assert_int_equal(s->line, 8);
	assert_int_equal(s->column, 5);

	s = &r->steps[2];
	assert_string_equal(s->account, "444444444444");
	assert_string_equal(s->service, "AWSLambda");
	assert_int_equal(s->from, DD_MONTH(1, 1));
	assert_true(s->has_amount);
	assert_amount(s->amount, "150000");
	assert_int_equal(s->line, 12);

	s = &r->steps[3];
	assert_int_equal(s->from, DD_MONTH(9999, 12));
	assert_true(s->amount.v == 1); /* 10^-18: the 18th decimal kept exactly */
	assert_int_equal(s->line, 16);
	assert_int_equal(s->column, 5);

	s = &r->steps[4];
	assert_true(s->has_amount); /* 0 is an amount (>= 0) */
	assert_true(dd_money_is_zero(s->amount));

	s = &r->steps[5];
	assert_true(s->has_growth);
	assert_true(s->growth_percent.v == -(dd_i128)100 * DD_MONEY_SCALE + 1);
	dd_ramp_free(r);
}

static void test_empty_list(void **state)
{
	static const char *const texts[] = {"ramp: []\n", "ramp:\n", "ramp: ~\n", "# nothing planned yet\nramp: []\n"};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		dd_ramp *r = load_ok(texts[i]);
		assert_int_equal(r->n, 0);
		assert_string_equal(r->path, "mem.yaml");
		dd_ramp_free(r);
	}
}

/* ---- bad input ---- */

typedef struct {
	int line, column;
	const char *field;   /* NULL: no field */
	const char *message; /* a part of the message */
} want_t;

typedef struct {
	const char *what;
	const char *text;
	int rc;
	size_t n;
	want_t want[6];
} bad_t;

static const bad_t bad[] = {
	{"a list at the top", "- a\n", DD_EINVALID, 1,
	 {{1, 1, NULL, "expected a mapping of fields, got a list"}}},
	{"a scalar at the top", "ramp\n", DD_EINVALID, 1,
	 {{1, 1, NULL, "expected a mapping of fields, got \"ramp\""}}},
	{"an empty file", "", DD_EINVALID, 1,
	 {{1, 1, "ramp", "missing required field \"ramp\" (the file is empty)"}}},
	{"only comments", "# to do\n# later\n", DD_EINVALID, 1,
	 {{1, 1, "ramp", "missing required field \"ramp\" (the file is empty)"}}},
	{"a misspelt ramp", "rump: []\n", DD_EINVALID, 2,
	 {{1, 1, "rump", "unknown field \"rump\" (did you mean \"ramp\"?)"},
	  {1, 1, "ramp", "missing required field \"ramp\""}}},
	{"an unknown top-level key", "ramp: []\nnotes: later\n", DD_EINVALID, 1,
	 {{2, 1, "notes", "unknown field \"notes\" (expected one of: ramp)"}}},
	{"ramp not a list", "ramp: 5\n", DD_EINVALID, 1,
	 {{1, 7, "ramp", "expected a list of entries, got \"5\""}}},
	{"ramp a mapping", "ramp:\n  account: \"1\"\n", DD_EINVALID, 1,
	 {{2, 3, "ramp", "expected a list of entries, got a mapping"}}},
	{"an entry not a mapping", "ramp:\n  - AmazonRDS\n  - []\n", DD_EINVALID, 2,
	 {{2, 5, "ramp[0]", "expected a mapping of fields, got \"AmazonRDS\""},
	  {3, 5, "ramp[1]", "expected a mapping of fields, got a list"}}},
	{"required fields missing", "ramp:\n  - { service: AmazonRDS }\n", DD_EINVALID, 3,
	 {{2, 5, "ramp[0].account", "missing required field \"account\""},
	  {2, 5, "ramp[0].from", "missing required field \"from\""},
	  {2, 5, "ramp[0]", "missing \"amount\" or \"growth_percent\": give exactly one"}}},
	{"an empty entry", "ramp:\n  - {}\n", DD_EINVALID, 4,
	 {{2, 5, "ramp[0].account", "missing required field \"account\""},
	  {2, 5, "ramp[0].service", "missing required field \"service\""},
	  {2, 5, "ramp[0].from", "missing required field \"from\""},
	  {2, 5, "ramp[0]", "missing \"amount\" or \"growth_percent\""}}},
	/* columns:        5 7       16   21      30 33   39      48 */
	{"an unknown field", "ramp:\n  - { account: \"1\", service: S, from: 2027-01, amonut: 5 }\n", DD_EINVALID, 2,
	 {{2, 5, "ramp[0]", "missing \"amount\" or \"growth_percent\""},
	  {2, 48, "ramp[0].amonut", "unknown field \"amonut\" (did you mean \"amount\"?)"}}},
	{"both amount and growth_percent",
	 "ramp:\n  - { account: \"1\", service: S, from: 2027-01, growth_percent: 5, amount: 7 }\n", DD_EINVALID, 1,
	 {{2, 67, "ramp[0].amount", "give either \"amount\" or \"growth_percent\", not both (\"growth_percent\" is at 2:48)"}}},
	{"both, amount first", "ramp:\n  - { account: \"1\", service: S, from: 2027-01, amount: 7, growth_percent: 5 }\n",
	 DD_EINVALID, 1,
	 {{2, 59, "ramp[0].growth_percent", "not both (\"amount\" is at 2:48)"}}},
	/* YAML ends the field at the ',': amount 40, and a field "000". */
	{"a thousands separator inside { }",
	 "ramp:\n  - { account: \"1\", service: S, from: 2027-01, amount: 40,000 }\n", DD_EINVALID, 1,
	 {{2, 59, "ramp[0].000", "unknown field \"000\" (inside { } a ',' ends a field: write amounts without "
				 "thousands separators, e.g. 40000)"}}},
	{"until before from", "ramp:\n  - { account: \"1\", service: S, from: 2027-03, until: 2027-01, amount: 7 }\n",
	 DD_EINVALID, 1,
	 {{2, 55, "ramp[0].until", "until 2027-01 is before from 2027-03 (until is the last month of the entry, inclusive)"}}},
	{"a field twice", "ramp:\n  - { account: \"1\", service: S, from: 2027-01, from: 2027-02, amount: 1 }\n",
	 DD_EINVALID, 1,
	 {{2, 48, "ramp[0].from", "field \"from\" appears twice (first at 2:33)"}}},
	{"bad months",
	 "ramp:\n"
	 "  - account: \"1\"\n"
	 "    service: S\n"
	 "    from: 2027-13\n"        /* 4:11 */
	 "    amount: 1\n"
	 "  - account: \"1\"\n"
	 "    service: S\n"
	 "    from: 2027-01-01\n"     /* 8:11: a date is not a month */
	 "    until: ~\n"             /* 9:12: present but empty */
	 "    growth_percent: -100\n" /* 10:21 */
	 "  - { account: \"1\", service: S, from: 27-01, until: [2027-02], amount: 1 }\n", /* 11:39, 11:53 */
	 DD_EINVALID, 6,
	 {{4, 11, "ramp[0].from", "expected a month YYYY-MM, got \"2027-13\""},
	  {8, 11, "ramp[1].from", "expected a month YYYY-MM, got \"2027-01-01\""},
	  {9, 12, "ramp[1].until", "expected a month YYYY-MM, got nothing"},
	  {10, 21, "ramp[1].growth_percent", "growth_percent must be more than -100 (-100 would leave nothing of the series), got -100"},
	  {11, 39, "ramp[2].from", "expected a month YYYY-MM, got \"27-01\""},
	  {11, 53, "ramp[2].until", "expected a month YYYY-MM, got a list"}}},
	{"bad amounts",
	 "ramp:\n"
	 "  - account: \"1\"\n"
	 "    service: S\n"
	 "    from: 2027-01\n"
	 "    amount: 50,000\n"           /* 5:13 */
	 "  - account: \"1\"\n"
	 "    service: S\n"
	 "    from: 2027-01\n"
	 "    amount: -1\n"               /* 9:13 */
	 "  - account: \"1\"\n"
	 "    service: S\n"
	 "    from: 2027-01\n"
	 "    growth_percent: 1e30\n"     /* 13:21 */
	 "  - { account: \"1\", service: S, from: 2027-01, growth_percent: 30% }\n" /* 14:64 */
	 "  - { account: \"1\", service: S, from: 2027-01, amount: 0.0000000000000000001 }\n", /* 15:56 */
	 DD_EINVALID, 5,
	 {{5, 13, "ramp[0].amount", "expected an amount (digits with an optional '.', no thousands separators, at most 18 decimals), got \"50,000\""},
	  {9, 13, "ramp[1].amount", "an amount added every month must be 0 or more, got -1"},
	  {13, 21, "ramp[2].growth_percent", "amount \"1e30\" is too large"},
	  {14, 64, "ramp[3].growth_percent", "expected an amount (digits with an optional '.', no thousands separators, at most 18 decimals), got \"30%\""},
	  {15, 56, "ramp[4].amount", "at most 18 decimals), got \"0.0000000000000000001\""}}},
	{"bad accounts and services",
	 "ramp:\n"
	 "  - account: 12 34\n"                              /* 2:14 */
	 "    service: [AmazonRDS]\n"                        /* 3:14 */
	 "    from: 2027-01\n"
	 "    amount: 1\n"
	 "  - account: \"12345678901234567890123456789012\"\n" /* 6:14: 32 characters, one too many */
	 "    service: \"\"\n"                                /* 7:14 */
	 "    from: 2027-01\n"
	 "    amount: 1\n"
	 "  - { account: , service: , from: 2027-01, amount: 1 }\n", /* 10:16, 10:27: nothing */
	 DD_EINVALID, 6,
	 {{2, 14, "ramp[0].account", "expected an account id (1 to 31 letters, digits or '-'), got \"12 34\""},
	  {3, 14, "ramp[0].service", "expected text, got a list"},
	  {6, 14, "ramp[1].account", "expected an account id (1 to 31 letters, digits or '-'), got \"123456789012345678901234567890"},
	  {7, 14, "ramp[1].service", "expected a service name (a product code such as AmazonRDS), got \"\""},
	  {10, 16, "ramp[2].account", "expected an account id, got nothing"},
	  {10, 27, "ramp[2].service", "expected text, got nothing"}}},
	{"a second document", "ramp: []\n---\nramp: []\n", DD_EINVALID, 1,
	 {{3, 1, NULL, "a ramp file holds one YAML document; found a second one (after ---)"}}},
	{"unclosed flow mapping", "ramp:\n  - { account: \"1\", service: S\n", DD_EPARSE, 1,
	 {{3, 1, NULL, "YAML syntax error: did not find expected ',' or '}' while parsing a flow mapping (at 2:5)"}}},
	{"a tab for indentation", "ramp:\n\t- { account: \"1\" }\n", DD_EPARSE, 1,
	 {{2, 1, NULL, "YAML syntax error: found character that cannot start any token"}}},
};

static void check_bad(const bad_t *b)
{
	dd_ramp *r = (dd_ramp *)1;
	dd_book_problems p;
	int rc = dd_ramp_load_buffer("bad.yaml", b->text, strlen(b->text), &r, &p);
	if (rc != b->rc || p.n != b->n) {
		print_message("%s:\n", b->what);
		print_problems(&p);
	}
	assert_int_equal(rc, b->rc);
	assert_null(r);
	assert_int_equal(p.n, b->n);
	for (size_t i = 0; i < b->n; i++) {
		const dd_book_problem *q = &p.items[i];
		const want_t *w = &b->want[i];
		if (q->line != w->line || q->column != w->column || !q->message || !strstr(q->message, w->message) ||
		    (w->field ? !q->field || strcmp(q->field, w->field) : q->field != NULL)) {
			print_message("%s: problem %zu:\n", b->what, i);
			print_problems(&p);
		}
		assert_string_equal(q->file, "bad.yaml");
		assert_int_equal(q->line, w->line);
		assert_int_equal(q->column, w->column);
		if (w->field) assert_string_equal(q->field, w->field);
		else assert_null(q->field);
		assert_non_null(strstr(q->message, w->message));
	}
	/* The last error names the first problem. */
	char first[64];
	snprintf(first, sizeof first, "bad.yaml:%d:%d: ", b->want[0].line, b->want[0].column);
	assert_non_null(strstr(dd_error_last(), first));
	dd_book_problems_dispose(&p);
}

static void test_bad(void **state)
{
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) check_bad(&bad[i]);
}

static void test_return_codes(void **state)
{
	dd_ramp *r = (dd_ramp *)1;
	dd_book_problems p;
	/* A missing file: DD_EIO, the path named, the whole file (0:0). */
	assert_int_equal(dd_ramp_load("tests/data/ramp/no-such-ramp.yaml", &r, &p), DD_EIO);
	assert_null(r);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].file, "tests/data/ramp/no-such-ramp.yaml");
	assert_int_equal(p.items[0].line, 0);
	assert_int_equal(p.items[0].column, 0);
	assert_null(p.items[0].field);
	assert_string_equal(p.items[0].message, "cannot read the ramp file: No such file or directory");
	assert_string_equal(dd_error_last(), "tests/data/ramp/no-such-ramp.yaml:0:0: cannot read the ramp file: "
					     "No such file or directory (1 problem)");
	dd_book_problems_dispose(&p);
	/* A directory is not a ramp file. */
	assert_int_equal(dd_ramp_load("tests/data/ramp", &r, &p), DD_EIO);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].message, "cannot read the ramp file: not a regular file");
	dd_book_problems_dispose(&p);

	/* problems may be NULL; the last error still says what is wrong. */
	static const char two[] = "ramp:\n  - { account: \"1\", service: S, from: 2027-01 }\n  - 7\n";
	assert_int_equal(dd_ramp_load_buffer(NULL, two, strlen(two), &r, NULL), DD_EINVALID);
	assert_null(r);
	assert_string_equal(dd_error_last(), "<buffer>:2:5: ramp[0]: missing \"amount\" or \"growth_percent\": give "
					     "exactly one (an amount added every month, or a percent the series "
					     "changes by from \"from\" on) (2 problems)");

	/* UTF-16 without a byte order mark is named, at 1:1, as in a book. */
	static const char wide[] = "r\0a\0m\0p\0:\0 \0[\0]\0\n\0";
	assert_int_equal(dd_ramp_load_buffer("w.yaml", wide, sizeof wide - 1, &r, &p), DD_EPARSE);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.items[0].line, 1);
	assert_int_equal(p.items[0].column, 1);
	assert_non_null(strstr(p.items[0].message, "UTF-16"));
	dd_book_problems_dispose(&p);

	/* Usage errors. */
	assert_int_equal(dd_ramp_load_buffer("x", "ramp: []", 8, NULL, &p), DD_EUSAGE);
	assert_int_equal(p.n, 0);
	assert_int_equal(dd_ramp_load(NULL, &r, &p), DD_EUSAGE);
	assert_null(r);
	assert_int_equal(dd_ramp_load_buffer("x", NULL, 3, &r, &p), DD_EUSAGE);
	assert_null(r);
	/* NULL text of length 0 is the empty file. */
	assert_int_equal(dd_ramp_load_buffer("x", NULL, 0, &r, &p), DD_EINVALID);
	assert_int_equal(p.n, 1);
	dd_book_problems_dispose(&p);

	/* A success clears an earlier failure's message. */
	r = load_ok("ramp: []");
	assert_string_equal(dd_error_last(), "");
	dd_ramp_free(r);
	dd_ramp_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),	  cmocka_unit_test(test_forms),
		cmocka_unit_test(test_empty_list), cmocka_unit_test(test_bad),
		cmocka_unit_test(test_return_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
