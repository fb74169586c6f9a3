/* date.c: months and dates (UTC calendar), strict parsing and formatting. */
#include <stdio.h>
#include <string.h>

#include "drawdown/common.h"

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

int dd_days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
	return d[m - 1];
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
	if (len != 7 || parse_ym(s, len, &y, &m)) return DD_EPARSE;
	*out = DD_MONTH(y, m);
	return 0;
}

int dd_date_parse(const char *s, size_t len, dd_date *out)
{
	int y, m, d;
	if (len != 10 || parse_ym(s, len, &y, &m) || s[7] != '-' || digits(s + 8, 2, &d) || d < 1 ||
	    d > dd_days_in_month(y, m))
		return DD_EPARSE;
	out->year = (int16_t)y;
	out->month = (int8_t)m;
	out->day = (int8_t)d;
	return 0;
}

/* A timestamp's tail after the date: [T| ]HH:MM[:SS[.f+]][Z|(+|-)HH[:]MM]. */
static int valid_time_tail(const char *s, size_t n)
{
	size_t i = 0;
	int v;
	if (n == 0) return 0;
	if (s[i] != 'T' && s[i] != ' ') return -1;
	i++;
	if (i + 5 > n || digits(s + i, 2, &v) || v > 23 || s[i + 2] != ':' || digits(s + i + 3, 2, &v) || v > 59)
		return -1;
	i += 5;
	if (i < n && s[i] == ':') {
		if (i + 3 > n || digits(s + i + 1, 2, &v) || v > 60) return -1;
		i += 3;
		if (i < n && s[i] == '.') {
			size_t j = ++i;
			while (i < n && s[i] >= '0' && s[i] <= '9') i++;
			if (i == j) return -1;
		}
	}
	if (i == n) return 0;
	if (s[i] == 'Z' && i + 1 == n) return 0;
	if (s[i] == '+' || s[i] == '-') {
		i++;
		if (i + 2 > n || digits(s + i, 2, &v)) return -1;
		i += 2;
		if (i < n && s[i] == ':') i++;
		if (i == n) return 0;
		if (i + 2 != n || digits(s + i, 2, &v)) return -1;
		return 0;
	}
	return -1;
}

int dd_period_parse(const char *s, size_t len, dd_month *out)
{
	int y, m;
	if (len == 7) return dd_month_parse(s, len, out);
	dd_date d;
	if (len < 10 || dd_date_parse(s, 10, &d) || valid_time_tail(s + 10, len - 10)) return DD_EPARSE;
	y = d.year;
	m = d.month;
	*out = DD_MONTH(y, m);
	return 0;
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
