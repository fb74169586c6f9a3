/* test_date.c: the time module (date.c): days from 1970-01-01 and back,
 * epoch seconds to dates, and the one timestamp grammar with each of its
 * flags, accepted and refused form by form. Every expected value was worked
 * out outside drawdown, with `date -u -d ... +%s` or Python's datetime
 * ((date(y, m, d) - date(1970, 1, 1)).days), as noted beside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drawdown.h"

/* Days from 1970-01-01, from Python's datetime.date. */
static const struct {
	int year, month, day;
	int64_t days;
} civil_days[] = {
	{1970, 1, 1, 0},
	{1969, 12, 31, -1},
	{2000, 2, 29, 11016},    /* 2000 is a leap year (divisible by 400) */
	{2000, 3, 1, 11017},
	{1900, 3, 1, -25508},    /* 1900 is not (divisible by 100): no 02-29 before it */
	{2100, 2, 28, 47540},
	{2100, 3, 1, 47541},     /* nor 2100: 02-28 is followed by 03-01 */
	{2024, 2, 29, 19782},
	{1600, 2, 29, -135081},
	{1, 1, 1, -719162},      /* the first day dd_date_parse reads */
	{9999, 12, 31, 2932896}, /* and the last */
};

static void test_days_from_civil(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof civil_days / sizeof *civil_days; i++) {
		int64_t y;
		int m, d;
		assert_int_equal(dd_days_from_civil(civil_days[i].year, civil_days[i].month, civil_days[i].day),
				 civil_days[i].days);
		dd_civil_from_days(civil_days[i].days, &y, &m, &d);
		assert_int_equal(y, civil_days[i].year);
		assert_int_equal(m, civil_days[i].month);
		assert_int_equal(d, civil_days[i].day);
	}
}

static void assert_epoch_date(int64_t t, const char *want)
{
	char buf[16];
	assert_string_equal(dd_date_format(dd_epoch_date(t), buf), want);
}

static void test_epoch_date(void **state)
{
	(void)state;
	assert_epoch_date(0, "1970-01-01");
	assert_epoch_date(86399, "1970-01-01");     /* its last second */
	assert_epoch_date(86400, "1970-01-02");
	assert_epoch_date(-1, "1969-12-31");        /* rounds down, not toward 0 */
	assert_epoch_date(-86400, "1969-12-31");
	assert_epoch_date(-86401, "1969-12-30");
	assert_epoch_date(951868799, "2000-02-29"); /* date -u -d 2000-03-01 +%s = 951868800 */
	assert_epoch_date(951868800, "2000-03-01");
	/* the bounds: date -u -d 0001-01-01 +%s and date -u -d '9999-12-31 23:59:59' +%s */
	assert_int_equal(DD_EPOCH_MIN, -62135596800LL);
	assert_int_equal(DD_EPOCH_MAX, 253402300799LL);
	assert_epoch_date(DD_EPOCH_MIN, "0001-01-01");
	assert_epoch_date(DD_EPOCH_MAX, "9999-12-31");
}

/* 2026-10-03T14:05:00Z: date -u -d 2026-10-03T14:05:00Z +%s */
#define T_1405 1791036300LL

static int64_t parse_ok(const char *s, unsigned flags)
{
	int64_t t = 0;
	int rc = dd_timestamp_parse(s, strlen(s), flags, &t);
	if (rc) fail_msg("\"%s\" (flags %u) refused: %s", s, flags, dd_error_last());
	return t;
}

static void refused(const char *s, unsigned flags)
{
	int64_t t = 42;
	int rc = dd_timestamp_parse(s, strlen(s), flags, &t);
	if (rc != DD_EPARSE) fail_msg("\"%s\" (flags %u): rc %d, expected DD_EPARSE", s, flags, rc);
	assert_int_equal(t, 42); /* untouched */
	assert_non_null(strstr(dd_error_last(), "expected a timestamp"));
}

static void test_timestamp_forms(void **state)
{
	(void)state;
	assert_int_equal(parse_ok("2026-10-03T14:05:00Z", 0), T_1405);
	assert_int_equal(parse_ok("2026-10-03T14:05Z", 0), T_1405);       /* seconds optional */
	assert_int_equal(parse_ok("2026-10-03 14:05", 0), T_1405);        /* a space for T; no zone is UTC */
	assert_int_equal(parse_ok("2026-10-03T14:05:00.999Z", 0), T_1405); /* the fraction is dropped */
	assert_int_equal(parse_ok("2026-10-03T14:05:00.000000001", 0), T_1405);
	assert_int_equal(parse_ok("2026-10-03T19:35:00+05:30", 0), T_1405); /* 19:35 at +05:30 is 14:05Z */
	assert_int_equal(parse_ok("2026-10-03T19:35+0530", 0), T_1405);     /* colon optional */
	assert_int_equal(parse_ok("2026-10-03T09:05:00-05:00", 0), T_1405);
	assert_int_equal(parse_ok("2026-10-03T14:05:00-00:00", 0), T_1405);
	/* 14:05 at +23:59 / -23:59, the widest offsets (Python datetime.fromisoformat) */
	assert_int_equal(parse_ok("2026-10-03T14:05+23:59", 0), 1790949960LL);
	assert_int_equal(parse_ok("2026-10-03T14:05-23:59", 0), 1791122640LL);
	/* an offset carries the instant across a leap day: date -u -d '2024-02-29 23:30' +%s */
	assert_int_equal(parse_ok("2024-03-01T00:30:00+01:00", 0), 1709249400LL);
	/* a leap second reads as the next minute's first: date -u -d 2024-03-01 +%s = 1709251200 */
	assert_int_equal(parse_ok("2024-02-29T23:59:60Z", 0), 1709251200LL);
	assert_int_equal(parse_ok("1969-12-31T23:59:59Z", 0), -1);
	assert_int_equal(parse_ok("0001-01-01T00:00:00Z", 0), DD_EPOCH_MIN);
	assert_int_equal(parse_ok("9999-12-31T23:59:59Z", 0), DD_EPOCH_MAX);
	/* past the years 1-9999 by the offset: computed, bounds are the caller's */
	assert_int_equal(parse_ok("0001-01-01T00:00+01:00", 0), DD_EPOCH_MIN - 3600);
}

static void test_timestamp_refused(void **state)
{
	(void)state;
	static const char *bad[] = {
		"",
		"2026-10-03T",              /* a T and no time */
		"2026-10-03 ",
		"2026-10-03T14",            /* minutes required */
		"2026-10-03T14:5",
		"2026-10-03T1:05",
		"2026-10-03t14:05",         /* lowercase t */
		"2026-10-03_14:05",
		"2026-10-03T24:00",         /* hours 00-23 */
		"2026-10-03T14:60",         /* minutes 00-59 */
		"2026-10-03T14:05:61",      /* seconds 00-60 */
		"2026-10-03T14:05:6",
		"2026-10-03T14:05.5",       /* a fraction only after seconds */
		"2026-10-03T14:05:00.",     /* a point and no digit */
		"2026-10-03T14:05:00.5x",
		"2026-10-03T14:05ZZ",       /* nothing after the zone */
		"2026-10-03T14:05z",
		"2026-10-03T14:05 Z",
		"2026-10-03T14:05+5",       /* offset hours are two digits */
		"2026-10-03T14:05+05:3",
		"2026-10-03T14:05+05:300",
		"2026-10-03T14:05+24:00",   /* offset hours 00-23 */
		"2026-10-03T14:05+05:60",   /* offset minutes 00-59 */
		"2026-10-03T14:05+05",      /* minutes required without DD_TS_OFFSET_HOURS */
		"2026-10-03T14:05+05:",
		"2026-10-03",               /* a date alone only with DD_TS_DATE_ALONE */
		"2026-10-03Z",              /* a zone only after a time */
		"2026-02-29T00:00Z",        /* 2026 is not a leap year */
		"2026-13-01T00:00Z",
		"0000-12-31T00:00Z",        /* year 0 is not read */
		"26-10-03T14:05Z",
		"2026-10-03T14:05:00Z\n",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) refused(bad[i], 0);
	/* The length is what is read: a NUL inside is refused, not an end. */
	int64_t t;
	assert_int_equal(dd_timestamp_parse("2026-10-03T14:05Z\0", 18, 0, &t), DD_EPARSE);
	assert_int_equal(dd_timestamp_parse("2026-10-03T14:05Zjunk", 17, 0, &t), 0);
	assert_int_equal(t, T_1405);
	/* The message quotes the text. */
	refused("2026-10-03T25:00", 0);
	assert_string_equal(dd_error_last(),
			    "expected a timestamp YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], got \"2026-10-03T25:00\"");
}

static void test_timestamp_flags(void **state)
{
	(void)state;
	/* DD_TS_DATE_ALONE: a bare date is its midnight (date -u -d 2026-10-03 +%s) */
	assert_int_equal(parse_ok("2026-10-03", DD_TS_DATE_ALONE), 1790985600LL);
	assert_int_equal(parse_ok("1970-01-01", DD_TS_DATE_ALONE), 0);
	assert_int_equal(parse_ok("2026-10-03T14:05Z", DD_TS_DATE_ALONE), T_1405);
	refused("2026-10-03Z", DD_TS_DATE_ALONE);
	refused("2026-10-03T", DD_TS_DATE_ALONE);
	refused("2026-10-0", DD_TS_DATE_ALONE);
	/* DD_TS_OFFSET_HOURS: "+05" and "+05:" (19:05 at +05 is 14:05Z); minutes still checked when there */
	assert_int_equal(parse_ok("2026-10-03T19:05+05", DD_TS_OFFSET_HOURS), T_1405);
	assert_int_equal(parse_ok("2026-10-03T19:05+05:", DD_TS_OFFSET_HOURS), T_1405);
	assert_int_equal(parse_ok("2026-10-03T19:35:00+05:30", DD_TS_OFFSET_HOURS), T_1405);
	assert_int_equal(parse_ok("2026-10-03T09:05-05", DD_TS_OFFSET_HOURS), T_1405);
	refused("2026-10-03T19:05+05:3", DD_TS_OFFSET_HOURS);
	refused("2026-10-03T19:05+053", DD_TS_OFFSET_HOURS);
	refused("2026-10-03T19:05+24", DD_TS_OFFSET_HOURS);
	refused("2026-10-03", DD_TS_OFFSET_HOURS);
	/* DD_TS_OFFSET_UNCHECKED: any two digits; 14:05 at +99:99 is 14:05 - 100 h 39 min */
	assert_int_equal(parse_ok("2026-10-03T14:05+99:99", DD_TS_OFFSET_UNCHECKED), T_1405 - (99 * 3600 + 99 * 60));
	refused("2026-10-03T14:05+99", DD_TS_OFFSET_UNCHECKED);
	refused("2026-10-03T14:05+9:99", DD_TS_OFFSET_UNCHECKED);
	refused("2026-10-03T24:05Z", DD_TS_OFFSET_UNCHECKED); /* the clock is still checked */
}

/* dd_period_parse reads with all three flags and keeps the month of the date as written. */
static void test_period_forms(void **state)
{
	(void)state;
	static const char *feb[] = {
		"2026-02", "2026-02-01", "2026-02-01T00:00:00.000Z", "2026-02-01 00:00",
		"2026-02-01T00:00:00-08:00", /* 08:00Z, still February */
		"2026-02-28T23:30-01:00",    /* 2026-03-01T00:30Z, the month as written */
		"2026-02-01T00:00+01",       /* offset hours alone */
		"2026-02-01T00:00+01:",
		"2026-02-01T00:00+99:99",    /* offsets not range-checked */
	};
	for (size_t i = 0; i < sizeof feb / sizeof *feb; i++) {
		dd_month m = 0;
		if (dd_period_parse(feb[i], strlen(feb[i]), &m)) fail_msg("period \"%s\" refused", feb[i]);
		assert_int_equal(m, DD_MONTH(2026, 2));
	}
	static const char *bad[] = {"2026-02-01Z", "2026-02-01T00:00+1", "2026-02-01T00:00+01:0", "2026-02-0",
				    "2026-02-01T00:00:60.Z", "2026-2"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		dd_month m;
		if (dd_period_parse(bad[i], strlen(bad[i]), &m) != DD_EPARSE) fail_msg("period \"%s\" read", bad[i]);
	}
}

/* Date arithmetic for deadlines (worked by hand on a calendar). */
static void expect_date(dd_date d, int y, int m, int day)
{
	if (d.year != y || d.month != m || d.day != day)
		fail_msg("got %04d-%02d-%02d, expected %04d-%02d-%02d", d.year, d.month, d.day, y, m, day);
}

static void test_date_arithmetic(void **state)
{
	(void)state;
	dd_date end = {2028, 12, 31};
	expect_date(dd_date_add_months(end, -9), 2028, 3, 31);  /* the renewal window of a 2028 end */
	expect_date(dd_date_add_days(end, -60), 2028, 11, 1);   /* 30 days of December, 30 of November */
	expect_date(dd_date_add_months((dd_date){2028, 11, 30}, -9), 2028, 2, 29); /* clamped, leap year */
	expect_date(dd_date_add_months((dd_date){2027, 11, 30}, -9), 2027, 2, 28); /* clamped */
	expect_date(dd_date_add_months((dd_date){2027, 2, 28}, -9), 2026, 5, 28);  /* a 28 Feb end */
	expect_date(dd_date_add_days((dd_date){2027, 2, 28}, -60), 2026, 12, 30);  /* 28 of Feb, 31 of Jan, 1 of Dec */
	expect_date(dd_date_add_days((dd_date){2028, 2, 28}, -60), 2027, 12, 30);  /* leap year: 27 + 31 + 2 */
	expect_date(dd_date_add_days((dd_date){2028, 2, 28}, 1), 2028, 2, 29);
	expect_date(dd_date_add_months((dd_date){2024, 2, 29}, 12), 2025, 2, 28);
	expect_date(dd_month_last_day(DD_MONTH(2029, 2)), 2029, 2, 28);
	assert_int_equal(dd_date_cmp((dd_date){2026, 12, 30}, (dd_date){2026, 12, 31}), -1);
	assert_int_equal(dd_date_cmp((dd_date){2027, 1, 1}, (dd_date){2026, 12, 31}), 1);
	assert_int_equal(dd_date_days_between((dd_date){2026, 12, 31}, (dd_date){2027, 3, 31}), 90); /* 31 + 28 + 31 */
	assert_int_equal(dd_date_days_between((dd_date){2026, 12, 30}, (dd_date){2027, 3, 31}), 91);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_from_civil), cmocka_unit_test(test_epoch_date), cmocka_unit_test(test_date_arithmetic),
		cmocka_unit_test(test_timestamp_forms), cmocka_unit_test(test_timestamp_refused),
		cmocka_unit_test(test_timestamp_flags), cmocka_unit_test(test_period_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
