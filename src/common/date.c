/* date.c: the UTC calendar, owned here and nowhere else: months and dates
 * (strict parsing and formatting), days since 1970-01-01 and back, epoch
 * seconds to dates, and the one ISO 8601 timestamp grammar that book
 * incidents, the Billing API's dates and CUR billing periods all read. */
#include <stdio.h>
#include <string.h>

#include "drawdown/common.h"

/* How much of a refused value a message quotes. */
#define QUOTE_MAX 40

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int quoted_len(size_t len) { return len < QUOTE_MAX ? (int)len : QUOTE_MAX; }

int dd_days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
	return d[m - 1];
}

dd_date dd_date_add_days(dd_date d, int64_t days)
{
	int64_t y;
	int m, dd;
	dd_civil_from_days(dd_days_from_civil(d.year, d.month, d.day) + days, &y, &m, &dd);
	return (dd_date){(int16_t)y, (int8_t)m, (int8_t)dd};
}

dd_date dd_date_add_months(dd_date d, int months)
{
	dd_month m = dd_date_month(d) + months;
	int y = DD_MONTH_YEAR(m), mo = DD_MONTH_MON(m), last = dd_days_in_month(y, mo);
	return (dd_date){(int16_t)y, (int8_t)mo, (int8_t)(d.day < last ? d.day : last)};
}

dd_date dd_month_last_day(dd_month m)
{
	int y = DD_MONTH_YEAR(m), mo = DD_MONTH_MON(m);
	return (dd_date){(int16_t)y, (int8_t)mo, (int8_t)dd_days_in_month(y, mo)};
}

int dd_date_cmp(dd_date a, dd_date b)
{
	int64_t x = dd_days_from_civil(a.year, a.month, a.day), y = dd_days_from_civil(b.year, b.month, b.day);
	return (x > y) - (x < y);
}

int64_t dd_date_days_between(dd_date from, dd_date to)
{
	return dd_days_from_civil(to.year, to.month, to.day) - dd_days_from_civil(from.year, from.month, from.day);
}

/* Howard Hinnant's days_from_civil: years counted from March, so the leap
 * day ends a year, in 400-year eras of 146097 days. */
int64_t dd_days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Its inverse (civil_from_days); 719468 is 0000-03-01 -> 1970-01-01. */
void dd_civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (*month <= 2);
}

dd_date dd_epoch_date(int64_t t)
{
	int64_t y;
	int m, d;
	dd_civil_from_days((t >= 0 ? t : t - 86399) / 86400, &y, &m, &d);
	dd_date out = {(int16_t)y, (int8_t)m, (int8_t)d};
	return out;
}

static int parse_ym(const char *s, size_t len, int *y, int *m)
{
	if (len < 7 || s[4] != '-' || digits(s, 4, y) || digits(s + 5, 2, m) || *m < 1 || *m > 12 || *y < 1)
		return -1;
	return 0;
}

int dd_month_parse(const char *s, size_t len, dd_month *out)
{
	int y, m;
	if (len != 7 || parse_ym(s, len, &y, &m))
		return dd_error_set(DD_EPARSE, "expected a month YYYY-MM, got \"%.*s\"", quoted_len(len), s);
	*out = DD_MONTH(y, m);
	return 0;
}

int dd_date_parse(const char *s, size_t len, dd_date *out)
{
	int y, m, d;
	if (len != 10 || parse_ym(s, len, &y, &m) || s[7] != '-' || digits(s + 8, 2, &d) || d < 1 ||
	    d > dd_days_in_month(y, m))
		return dd_error_set(DD_EPARSE, "expected a date YYYY-MM-DD, got \"%.*s\"", quoted_len(len), s);
	out->year = (int16_t)y;
	out->month = (int8_t)m;
	out->day = (int8_t)d;
	return 0;
}

/* A timestamp's time of day and zone, as read; all 0 for a bare date. */
typedef struct {
	int hh, mi, ss;
	int sign, oh, om; /* sign 0: UTC */
} clock_zone;

/* HH:MM[:SS[.f+]] from s[*i]; the fraction is skipped, not kept. */
static int parse_clock(const char *s, size_t n, size_t *i, clock_zone *t)
{
	size_t k = *i;
	if (k + 5 > n || digits(s + k, 2, &t->hh) || t->hh > 23 || s[k + 2] != ':' || digits(s + k + 3, 2, &t->mi) ||
	    t->mi > 59)
		return -1;
	k += 5;
	if (k < n && s[k] == ':') {
		if (k + 3 > n || digits(s + k + 1, 2, &t->ss) || t->ss > 60) return -1;
		k += 3;
		if (k < n && s[k] == '.') {
			size_t first = ++k;
			while (k < n && s[k] >= '0' && s[k] <= '9') k++;
			if (k == first) return -1;
		}
	}
	*i = k;
	return 0;
}

/* [Z|(+|-)HH[:]MM] from s[*i]; DD_TS_OFFSET_HOURS lets MM go. */
static int parse_zone(const char *s, size_t n, size_t *i, unsigned flags, clock_zone *t)
{
	size_t k = *i;
	if (k == n) return 0;
	if (s[k] == 'Z') {
		*i = k + 1;
		return 0;
	}
	if (s[k] != '+' && s[k] != '-') return 0; /* the caller refuses what is left */
	t->sign = s[k] == '+' ? 1 : -1;
	if (k + 3 > n || digits(s + k + 1, 2, &t->oh)) return -1;
	k += 3;
	if (k < n && s[k] == ':') k++;
	if (k < n || !(flags & DD_TS_OFFSET_HOURS)) {
		if (k + 2 > n || digits(s + k, 2, &t->om)) return -1;
		k += 2;
	}
	if (!(flags & DD_TS_OFFSET_UNCHECKED) && (t->oh > 23 || t->om > 59)) return -1;
	*i = k;
	return 0;
}

/* The date as written (before any offset) and the whole as epoch seconds. */
static int timestamp_parts(const char *s, size_t n, unsigned flags, dd_date *date, int64_t *epoch)
{
	clock_zone t = {0, 0, 0, 0, 0, 0};
	size_t i = 10;
	if (n < 10 || dd_date_parse(s, 10, date)) return -1;
	if (i < n && (s[i] == 'T' || s[i] == ' ')) {
		i++;
		if (parse_clock(s, n, &i, &t) || parse_zone(s, n, &i, flags, &t)) return -1;
	} else if (!(flags & DD_TS_DATE_ALONE)) {
		return -1;
	}
	if (i != n) return -1;
	*epoch = dd_days_from_civil(date->year, date->month, date->day) * 86400 + t.hh * 3600 + t.mi * 60 + t.ss -
		 t.sign * (t.oh * 3600 + t.om * 60);
	return 0;
}

int dd_timestamp_parse(const char *s, size_t len, unsigned flags, int64_t *out)
{
	dd_date date;
	if (timestamp_parts(s, len, flags, &date, out))
		return dd_error_set(DD_EPARSE, "expected a timestamp YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], got \"%.*s\"",
				    quoted_len(len), s);
	return 0;
}

/* The month of the date as written: a period that starts at local midnight
 * ("2026-02-01T00:00:00-08:00") belongs to February, not to the UTC instant's
 * January. Offsets are not range-checked, as this reader never did. */
int dd_period_parse(const char *s, size_t len, dd_month *out)
{
	dd_date d;
	int64_t unused;
	if (len == 7 && dd_month_parse(s, len, out) == 0) return 0;
	if (len != 7 &&
	    !timestamp_parts(s, len, DD_TS_DATE_ALONE | DD_TS_OFFSET_HOURS | DD_TS_OFFSET_UNCHECKED, &d, &unused)) {
		*out = dd_date_month(d);
		return 0;
	}
	return dd_error_set(DD_EPARSE,
			    "expected a billing period YYYY-MM, YYYY-MM-DD or an ISO timestamp, got \"%.*s\"",
			    quoted_len(len), s);
}

char *dd_month_format(dd_month m, char *buf)
{
	unsigned y = (unsigned)DD_MONTH_YEAR(m) % 10000u, mo = (unsigned)DD_MONTH_MON(m) % 100u;
	buf[0] = (char)('0' + y / 1000); buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10); buf[3] = (char)('0' + y % 10);
	buf[4] = '-'; buf[5] = (char)('0' + mo / 10); buf[6] = (char)('0' + mo % 10); buf[7] = '\0';
	return buf;
}

char *dd_date_format(dd_date d, char *buf)
{
	dd_month_format(DD_MONTH(d.year, d.month), buf);
	unsigned day = (unsigned)d.day % 100u;
	buf[7] = '-'; buf[8] = (char)('0' + day / 10); buf[9] = (char)('0' + day % 10); buf[10] = '\0';
	return buf;
}
