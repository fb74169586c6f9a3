/* test_report_buf.c: the report layer's text buffer and its HTML and CSV
 * escapes (RFC 4180 quoting; the five HTML metacharacters). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report_int.h"

static char *csv(const char *s)
{
	dd__buf b = {0};
	dd__buf_csv(&b, s);
	return dd__buf_take(&b, NULL);
}

static void test_csv_fields(void **state)
{
	(void)state;
	const char *cases[][2] = {
		{"plain", "plain"},
		{"a,b", "\"a,b\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"\"", "\"\"\"\""},
		{"line\nbreak", "\"line\nbreak\""},
		{" lead", "\" lead\""},
		{"trail ", "\"trail \""},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = csv(cases[i][0]);
		assert_non_null(s);
		assert_string_equal(s, cases[i][1]);
		free(s);
	}
	char *s = csv(NULL);
	assert_string_equal(s, "");
	free(s);
}

static void test_html_and_printf(void **state)
{
	(void)state;
	dd__buf b = {0};
	dd__buf_html(&b, "<a href=\"x\">Tom & Jerry's</a>");
	dd__buf_printf(&b, "|%d|%s", 42, "ok");
	size_t n;
	char *s = dd__buf_take(&b, &n);
	const char *want = "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;|42|ok";
	assert_string_equal(s, want);
	assert_int_equal(n, strlen(want));
	free(s);
}

static void test_grows_past_first_block(void **state)
{
	(void)state;
	dd__buf b = {0};
	for (int i = 0; i < 10000; i++) dd__buf_puts(&b, "0123456789");
	size_t n;
	char *s = dd__buf_take(&b, &n);
	assert_int_equal(n, 100000);
	assert_int_equal(strlen(s), 100000);
	assert_memory_equal(s + 99990, "0123456789", 10);
	free(s);
	/* an empty buffer gives an empty string, not NULL */
	dd__buf e = {0};
	s = dd__buf_take(&e, &n);
	assert_non_null(s);
	assert_int_equal(n, 0);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_fields),
		cmocka_unit_test(test_html_and_printf),
		cmocka_unit_test(test_grows_past_first_block),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
