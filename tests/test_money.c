/* test_money.c: the fixed-point money type: parsing edges, formatting,
 * rounding, percent products and exact splits. Every expectation below is
 * worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "drawdown.h"

static dd_money M(const char *s)
{
	dd_money m;
	int rc = dd_money_parse(s, strlen(s), &m, NULL);
	if (rc) fail_msg("could not parse %s: %s", s, dd_error_last());
	return m;
}

static void assert_fmt(dd_money m, const char *want)
{
	char buf[DD_MONEY_STRMAX];
	assert_string_equal(dd_money_format(m, buf), want);
}

static void assert_parse_fails(const char *s, int code, size_t pos)
{
	dd_money m = {0};
	size_t at = 999;
	assert_int_equal(dd_money_parse(s, strlen(s), &m, &at), code);
	if (pos != (size_t)-1) assert_int_equal(at, pos);
}

static void test_parse_plain(void **state)
{
	(void)state;
	assert_fmt(M("0"), "0");
	assert_fmt(M("12"), "12");
	assert_fmt(M("-12.50"), "-12.5");
	assert_fmt(M("+7.25"), "7.25");
	assert_fmt(M(".5"), "0.5");
	assert_fmt(M("5."), "5");
	assert_fmt(M("007.100"), "7.1");
	/* 11 fractional digits as in real exports */
	assert_fmt(M("0.00000000016"), "0.00000000016");
	/* 14 as some FOCUS generators write */
	assert_fmt(M("8.07260660820738"), "8.07260660820738");
	/* exactly 18 is the limit; trailing zeros beyond it are fine */
	assert_fmt(M("0.000000000000000001"), "0.000000000000000001");
	assert_fmt(M("1.0000000000000000010000"), "1.000000000000000001");
	assert_fmt(M("12.340000000000000000"), "12.34"); /* Spark DECIMAL(38,18) text */
	/* raw units: 1 = 10^18 */
	assert_true(M("1").v == DD_MONEY_SCALE);
	assert_true(M("1").v == (__int128)1000000000000000000LL);
	assert_true(M("0.000000000000000001").v == 1);
}

static void test_parse_negative_zero(void **state)
{
	(void)state;
	dd_money z = M("-0");
	assert_true(z.v == 0);
	assert_fmt(z, "0");
	assert_fmt(M("-0.000"), "0");
	char buf[DD_MONEY_STRMAX];
	/* -0.001 rounds to -0.00 at cents: printed without a sign */
	assert_string_equal(dd_money_format_fixed(M("-0.001"), 2, buf), "0.00");
}

static void test_parse_exponent(void **state)
{
	(void)state;
	/* 1.2E-7 = 0.00000012 */
	assert_fmt(M("1.2E-7"), "0.00000012");
	assert_fmt(M("1.2e-7"), "0.00000012");
	assert_fmt(M("-3.5E+2"), "-350");
	assert_fmt(M("2E3"), "2000");
	assert_fmt(M("1E-12"), "0.000000000001");
	assert_fmt(M("1E-18"), "0.000000000000000001");
	assert_fmt(M("1000E-21"), "0.000000000000000001");
	assert_fmt(M("0E-40"), "0");
	/* every power from 10^-18 to 10^18, as written out by hand */
	for (int e = -18; e <= 18; e++) {
		char in[16], want[48];
		snprintf(in, sizeof in, "1E%d", e);
		if (e >= 0) {
			want[0] = '1';
			memset(want + 1, '0', (size_t)e);
			want[e + 1] = '\0';
		} else {
			memcpy(want, "0.", 2);
			memset(want + 2, '0', (size_t)(-e - 1));
			want[-e + 1] = '1';
			want[-e + 2] = '\0';
		}
		assert_fmt(M(in), want);
		if (e == 18) break; /* 7 x 10^18 is past the limit */
		/* and 7 x 10^e the other way round: 0.7E(e+1) */
		snprintf(in, sizeof in, "0.7E%d", e + 1);
		char *one = strchr(want, '1');
		*one = '7';
		assert_fmt(M(in), want);
	}
	/* 1E-19 needs 19 fractional digits */
	assert_parse_fails("1E-19", DD_EPARSE, (size_t)-1);
	assert_parse_fails("1.5E-18", DD_EPARSE, (size_t)-1);
	assert_parse_fails("1E", DD_EPARSE, 2);
	assert_parse_fails("1E+", DD_EPARSE, 3);
	assert_parse_fails("1E5x", DD_EPARSE, 3);
}

static void test_parse_garbage(void **state)
{
	(void)state;
	assert_parse_fails("", DD_EPARSE, 0);
	assert_parse_fails("-", DD_EPARSE, 1);
	assert_parse_fails(".", DD_EPARSE, 1);
	assert_parse_fails("abc", DD_EPARSE, 0);
	assert_parse_fails("12a", DD_EPARSE, 2);
	assert_parse_fails(" 12", DD_EPARSE, 0);
	assert_parse_fails("12 ", DD_EPARSE, 2);
	assert_parse_fails("1,000", DD_EPARSE, 1);
	assert_parse_fails("1.2.3", DD_EPARSE, 3);
	assert_parse_fails("--1", DD_EPARSE, 1);
	assert_parse_fails("inf", DD_EPARSE, 0);
	assert_parse_fails("nan", DD_EPARSE, 0);
	assert_parse_fails("0x10", DD_EPARSE, 1);
	/* 19 significant fractional digits */
	assert_parse_fails("0.0000000000000000001", DD_EPARSE, (size_t)-1);
	assert_parse_fails("1.1234567890123456789", DD_EPARSE, (size_t)-1);
}

static void test_parse_overflow(void **state)
{
	(void)state;
	/* 10^18 is the largest accepted magnitude */
	assert_fmt(M("1000000000000000000"), "1000000000000000000");
	assert_fmt(M("-1000000000000000000"), "-1000000000000000000");
	assert_fmt(M("1E18"), "1000000000000000000");
	assert_parse_fails("1000000000000000001", DD_EOVERFLOW, (size_t)-1);
	assert_parse_fails("1000000000000000000.000000000000000001", DD_EOVERFLOW, (size_t)-1);
	assert_parse_fails("1E19", DD_EOVERFLOW, (size_t)-1);
	assert_parse_fails("99999999999999999999999999999999999999999999", DD_EOVERFLOW, (size_t)-1);
	assert_parse_fails("1E99999", DD_EOVERFLOW, (size_t)-1);
	assert_parse_fails("1E999999999999", DD_EPARSE, (size_t)-1);
}

static void test_checked_add(void **state)
{
	(void)state;
	dd_money big = {(__int128)(((unsigned __int128)1 << 127) - 1)}, one = M("0.000000000000000001"), out;
	assert_int_equal(dd_money_add_checked(big, one, &out), DD_EOVERFLOW);
	dd_money small = {-big.v - 1};
	assert_int_equal(dd_money_sub_checked(small, one, &out), DD_EOVERFLOW);
	assert_int_equal(dd_money_add_checked(M("0.1"), M("0.2"), &out), 0);
	assert_fmt(out, "0.3"); /* exact, unlike binary floating point */
	/* 10^6 additions of 10^-18 sum to exactly 10^-12 */
	dd_money s = dd_money_zero();
	for (int i = 0; i < 1000000; i++) s = dd_money_add(s, one);
	assert_fmt(s, "0.000000000001");
	/* 10^9 rows of 10^9 fit: 10^18 x 100 = 10^20 is below the type's 1.7 x 10^20 */
	dd_money g = M("1000000000000000000");
	for (int i = 0; i < 99; i++) assert_int_equal(dd_money_add_checked(g, M("1000000000000000000"), &g), 0);
	assert_fmt(g, "100000000000000000000");
}

static void test_mul_percent(void **state)
{
	(void)state;
	dd_money out;
	/* (1,000,000 - 100,000) x 10% = 90,000 */
	assert_int_equal(dd_money_mul_percent(M("900000"), M("10"), &out), 0);
	assert_fmt(out, "90000");
	/* 8.5% of 123.45 = 10.49325 */
	assert_int_equal(dd_money_mul_percent(M("123.45"), M("8.5"), &out), 0);
	assert_fmt(out, "10.49325");
	/* 7% of 10^-12 = 7 x 10^-14: exact at 18 digits */
	assert_int_equal(dd_money_mul_percent(M("0.000000000001"), M("7"), &out), 0);
	assert_fmt(out, "0.00000000000007");
	/* 7% of 10^-18 = 7 x 10^-20 -> rounds to 0 (half-even at 18 digits) */
	assert_int_equal(dd_money_mul_percent(M("0.000000000000000001"), M("7"), &out), 0);
	assert_fmt(out, "0");
	/* 50% of 10^-18 = 5 x 10^-19: a tie, half-even -> 0 */
	assert_int_equal(dd_money_mul_percent(M("0.000000000000000001"), M("50"), &out), 0);
	assert_fmt(out, "0");
	/* 50% of 3 x 10^-18 = 1.5 x 10^-18: tie, half-even -> 2 x 10^-18 */
	assert_int_equal(dd_money_mul_percent(M("0.000000000000000003"), M("50"), &out), 0);
	assert_fmt(out, "0.000000000000000002");
	/* negative: 10% of -55 = -5.5 */
	assert_int_equal(dd_money_mul_percent(M("-55"), M("10"), &out), 0);
	assert_fmt(out, "-5.5");
	/* large: 3% of 10^18 = 3 x 10^16, needs the 256-bit intermediate
	 * (10^36 raw x 3 x 10^18 raw is far past 128 bits) */
	assert_int_equal(dd_money_mul_percent(M("1000000000000000000"), M("3"), &out), 0);
	assert_fmt(out, "30000000000000000");
	dd_money huge = {(__int128)(((unsigned __int128)1 << 127) - 1)};
	assert_int_equal(dd_money_mul_percent(huge, M("200"), &out), DD_EOVERFLOW);
	/* muldiv: 100 x 1 / 3 = 33.333333333333333333 (18 digits, rounded down) */
	assert_int_equal(dd_money_muldiv(M("100"), 1, 3, &out), 0);
	assert_fmt(out, "33.333333333333333333");
	/* 200/3 = 66.66666666666666666666.. -> 66.666666666666666667 */
	assert_int_equal(dd_money_muldiv(M("200"), 1, 3, &out), 0);
	assert_fmt(out, "66.666666666666666667");
}

static void test_round_and_format(void **state)
{
	(void)state;
	char buf[DD_MONEY_STRMAX];
	/* half-even to cents */
	assert_string_equal(dd_money_format_fixed(M("2.345"), 2, buf), "2.34");
	assert_string_equal(dd_money_format_fixed(M("2.355"), 2, buf), "2.36");
	assert_string_equal(dd_money_format_fixed(M("2.3450000001"), 2, buf), "2.35");
	assert_string_equal(dd_money_format_fixed(M("-2.345"), 2, buf), "-2.34");
	assert_string_equal(dd_money_format_fixed(M("-2.355"), 2, buf), "-2.36");
	assert_string_equal(dd_money_format_fixed(M("0.5"), 0, buf), "0");
	assert_string_equal(dd_money_format_fixed(M("1.5"), 0, buf), "2");
	assert_string_equal(dd_money_format_fixed(M("7"), 2, buf), "7.00");
	assert_string_equal(dd_money_format_cents_grouped(M("1234567.891"), buf), "1,234,567.89");
	assert_string_equal(dd_money_format_cents_grouped(M("-1000"), buf), "-1,000.00");
	assert_string_equal(dd_money_format_cents_grouped(M("999.995"), buf), "1,000.00");
	assert_string_equal(dd_money_format_cents_grouped(M("0"), buf), "0.00");
	assert_fmt(dd_money_round(M("0.125"), 2), "0.12");
	assert_fmt(dd_money_round(M("0.135"), 2), "0.14");
	/* the largest parsed value below 10^18 prints in full */
	assert_fmt(M("-999999999999999999.999999999999999999"), "-999999999999999999.999999999999999999");
	/* and so does the type's extreme, -2^127 / 10^18 */
	dd_money lo = {-(__int128)(((unsigned __int128)1 << 127) - 1) - 1};
	assert_fmt(lo, "-170141183460469231731.687303715884105728");
	assert_string_equal(dd_money_format_fixed(lo, 2, buf), "-170141183460469231731.69");
	assert_string_equal(dd_money_format_cents_grouped(lo, buf), "-170,141,183,460,469,231,731.69");
	/* rounding it to cents away from zero does not fit: toward zero instead */
	assert_fmt(dd_money_round(lo, 2), "-170141183460469231731.68");
	dd_money hi = {(__int128)(((unsigned __int128)1 << 127) - 1)};
	assert_fmt(hi, "170141183460469231731.687303715884105727");
	assert_fmt(dd_money_round(hi, 2), "170141183460469231731.68");
	assert_fmt(dd_money_round(hi, 0), "170141183460469231731");
}

static void test_split(void **state)
{
	(void)state;
	dd_money parts[3], w[3];
	/* 100 split in thirds at cents: 33.34, 33.33, 33.33 (lowest index gets the leftover cent) */
	w[0] = w[1] = w[2] = M("1");
	assert_int_equal(dd_money_split(M("100"), w, 3, 2, parts), 0);
	assert_fmt(parts[0], "33.34");
	assert_fmt(parts[1], "33.33");
	assert_fmt(parts[2], "33.33");
	/* weights 1:2:3 of 10 at cents: 1.666.. -> 1.66 (r .666), 3.333 -> 3.33 (r .333), 5 -> 5;
	 * leftover 0.01 goes to the largest remainder: part 0 -> 1.67 */
	w[0] = M("1"); w[1] = M("2"); w[2] = M("3");
	assert_int_equal(dd_money_split(M("10"), w, 3, 2, parts), 0);
	assert_fmt(parts[0], "1.67");
	assert_fmt(parts[1], "3.33");
	assert_fmt(parts[2], "5");
	/* negative total and a sub-cent residue (0.005) kept on the largest weight: parts sum exactly */
	assert_int_equal(dd_money_split(M("-10.005"), w, 3, 2, parts), 0);
	dd_money sum = dd_money_add(dd_money_add(parts[0], parts[1]), parts[2]);
	assert_fmt(sum, "-10.005");
	assert_fmt(parts[2], "-5.005");
	/* a zero weight gets nothing */
	w[0] = M("0"); w[1] = M("1"); w[2] = M("1");
	assert_int_equal(dd_money_split(M("0.03"), w, 3, 2, parts), 0);
	assert_fmt(parts[0], "0");
	assert_fmt(parts[1], "0.02");
	assert_fmt(parts[2], "0.01");
	/* bad weights */
	w[0] = M("0"); w[1] = M("0"); w[2] = M("0");
	assert_int_equal(dd_money_split(M("1"), w, 3, 2, parts), DD_EUSAGE);
	w[1] = M("-1");
	assert_int_equal(dd_money_split(M("1"), w, 3, 2, parts), DD_EUSAGE);
}

static void test_split_random_conservation(void **state)
{
	(void)state;
	uint64_t x = 88172645463325252ULL;
	for (int iter = 0; iter < 2000; iter++) {
		dd_money w[7], parts[7];
		size_t n = 1 + (size_t)(iter % 7);
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			w[i].v = (__int128)(x % 1000000007ULL) * 1000;
		}
		w[0].v += 1;
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		dd_money total = {(__int128)(x % 100000000000000ULL) * 1000 - 7};
		assert_int_equal(dd_money_split(total, w, n, iter % 13, parts), 0);
		__int128 s = 0;
		for (size_t i = 0; i < n; i++) s += parts[i].v;
		assert_true(s == total.v);
	}
}

static void test_dates(void **state)
{
	(void)state;
	dd_month m;
	char buf[16];
	assert_int_equal(dd_month_parse("2026-02", 7, &m), 0);
	assert_string_equal(dd_month_format(m, buf), "2026-02");
	assert_int_equal(dd_month_parse("2026-13", 7, &m), DD_EPARSE);
	assert_int_equal(dd_month_parse("2026-1", 6, &m), DD_EPARSE);
	const char *ok[] = {"2026-02", "2026-02-01", "2026-02-01T00:00:00Z", "2026-02-01T00:00:00.000Z",
			    "2026-02-01 00:00:00", "2026-02-01T00:00:00+00:00", "2026-02-01T00:00Z"};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		assert_int_equal(dd_period_parse(ok[i], strlen(ok[i]), &m), 0);
		assert_int_equal(m, DD_MONTH(2026, 2));
	}
	const char *bad[] = {"2026-02-30", "2026-02-01T", "2026-02-01T25:00:00Z", "02/01/2026", "2026",
			     "2026-02-01X", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(dd_period_parse(bad[i], strlen(bad[i]), &m), DD_EPARSE);
	dd_date d;
	assert_int_equal(dd_date_parse("2028-02-29", 10, &d), 0); /* leap year */
	assert_int_equal(dd_date_parse("2026-02-29", 10, &d), DD_EPARSE);
	assert_int_equal(dd_date_parse("2100-02-29", 10, &d), DD_EPARSE); /* not leap */
	assert_int_equal(dd_date_parse("2000-02-29", 10, &d), 0);
	assert_string_equal(dd_date_format(d, buf), "2000-02-29");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_plain),
		cmocka_unit_test(test_parse_negative_zero),
		cmocka_unit_test(test_parse_exponent),
		cmocka_unit_test(test_parse_garbage),
		cmocka_unit_test(test_parse_overflow),
		cmocka_unit_test(test_checked_add),
		cmocka_unit_test(test_mul_percent),
		cmocka_unit_test(test_round_and_format),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_split_random_conservation),
		cmocka_unit_test(test_dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
