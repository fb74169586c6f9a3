/* parquet_text.c: one Parquet value as the text an importer parses: exact
 * decimals, ISO dates and timestamps, and the shortest round-trip decimal of
 * a stored IEEE float (the file's own encoding, converted once here and then
 * parsed exactly by dd_money_parse: no arithmetic on it anywhere). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown/common.h"
#include "parquet_int.h"

#define TEXT_MAX 128 /* longest text of a fixed-size value, with room to spare */

static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t le64(const uint8_t *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

bool dd__pq_leaf_needs_text(const dd__pq_leaf *l)
{
	return !((l->type == PQ_BYTE_ARRAY || l->type == PQ_FLBA) && l->show == PQ_SHOW_PLAIN);
}

/* ---- floating point ---------------------------------------------------- */

/* Digits d[0..nd) with d[0] at place 10^e, as plain decimal text with at most
 * 12 fractional digits, rounded half-even on the digit string. Anything
 * below 10^-12 in a stored binary float is representation noise, not data
 * (real exports carry at most 11 decimals). This rule is for binary floats
 * only, independent of dd_money's 18 digits: decimal text and DECIMAL
 * columns keep every digit they have. */
static size_t digits_text(bool neg, char *d, int nd, int e, char *buf)
{
	char *o = buf;
	if (e > 30) { /* an integer too long for plain text to help anyone */
		while (nd > 1 && d[nd - 1] == '0') nd--;
		if (neg) *o++ = '-';
		*o++ = d[0];
		if (nd > 1) { *o++ = '.'; memcpy(o, d + 1, (size_t)nd - 1); o += nd - 1; }
		return (size_t)(o - buf) + (size_t)sprintf(o, "E+%d", e);
	}
	int keep = e + 13; /* digits at places >= 10^-12 */
	if (nd > keep) {
		if (keep < 0) { nd = 0; }
		else {
			bool rest = false;
			for (int i = keep + 1; i < nd; i++) rest |= d[i] != '0';
			int last = keep > 0 ? d[keep - 1] - '0' : 0;
			bool up = d[keep] > '5' || (d[keep] == '5' && (rest || (last & 1)));
			nd = keep;
			if (up) {
				int i = nd - 1;
				while (i >= 0 && d[i] == '9') d[i--] = '0';
				if (i >= 0) d[i]++;
				else { memmove(d + 1, d, (size_t)nd); d[0] = '1'; nd++; e++; }
			}
		}
	}
	while (nd > 0 && d[nd - 1] == '0') nd--;
	if (nd == 0) { strcpy(buf, "0"); return 1; }
	if (neg) *o++ = '-';
	if (e >= 0) {
		for (int i = 0; i <= e; i++) *o++ = i < nd ? d[i] : '0';
		if (nd > e + 1) { *o++ = '.'; memcpy(o, d + e + 1, (size_t)(nd - e - 1)); o += nd - e - 1; }
	} else {
		*o++ = '0';
		*o++ = '.';
		for (int i = 0; i < -e - 1; i++) *o++ = '0';
		memcpy(o, d, (size_t)nd);
		o += nd;
	}
	*o = '\0';
	return (size_t)(o - buf);
}

/* Split "%.*e" output into digits and exponent. */
static size_t sci_text(const char *s, char *buf)
{
	char d[40] = {0};
	int nd = 0;
	bool neg = *s == '-';
	if (neg) s++;
	for (; *s && *s != 'e'; s++)
		if (*s != '.' && nd < (int)sizeof d - 2) d[nd++] = *s;
	int e = *s == 'e' ? atoi(s + 1) : 0;
	return digits_text(neg, d, nd, e, buf);
}

static size_t special_text(double x, char *buf)
{
	if (isnan(x)) return (size_t)sprintf(buf, "NaN");
	if (isinf(x)) return (size_t)sprintf(buf, x < 0 ? "-Infinity" : "Infinity");
	return (size_t)sprintf(buf, "0");
}

static size_t decimal_text(__int128 v, int scale, char *buf);

/* Fast exact path for the common case, a value with at most 12 decimals and
 * under 2^53 when scaled: the fewest decimals k for which some integer j
 * gives j / 10^k == x. j and 10^k are exact doubles and IEEE division rounds
 * correctly, so the test is exactly "the text j*10^-k reads back as x"; and
 * any j that works lies within 1 of the computed x * 10^k, so checking the
 * neighbours finds the fewest decimals. printf/strtod cost ~20x more. */
static bool short_fixed(double x, char *buf, size_t *len)
{
	static const double p10[13] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12};
	double ax = fabs(x);
	for (int k = 0; k <= 12; k++) {
		double t = ax * p10[k];
		if (!(t < 9007199254740991.0)) return false;
		int64_t i = (int64_t)(t + 0.5);
		const int64_t cand[3] = {i, i - 1, i + 1};
		for (int c = 0; c < 3; c++) {
			if (cand[c] <= 0 || (double)cand[c] / p10[k] != ax) continue;
			char *o = buf;
			if (x < 0) *o++ = '-';
			*len = (size_t)(o - buf) + decimal_text(cand[c], k, o);
			return true;
		}
	}
	return false;
}

size_t dd__pq_double_text(double x, char *buf)
{
	char tmp[40];
	size_t len;
	if (!isfinite(x) || x == 0) return special_text(x, buf);
	if (short_fixed(x, buf, &len)) return len;
	for (int p = 15; p <= 17; p++) {
		snprintf(tmp, sizeof tmp, "%.*e", p - 1, x);
		if (p == 17 || strtod(tmp, NULL) == x) break;
	}
	return sci_text(tmp, buf);
}

size_t dd__pq_float_text(float x, char *buf)
{
	char tmp[40];
	if (!isfinite(x) || x == 0) return special_text(x, buf);
	for (int p = 6; p <= 9; p++) {
		snprintf(tmp, sizeof tmp, "%.*e", p - 1, (double)x);
		if (p == 9 || strtof(tmp, NULL) == x) break;
	}
	return sci_text(tmp, buf);
}

static float half_to_float(uint16_t h)
{
	int ex = (h >> 10) & 0x1f, man = h & 0x3ff;
	float v;
	if (ex == 0) v = ldexpf((float)man, -24);
	else if (ex == 31) v = man ? NAN : INFINITY;
	else v = ldexpf((float)(man | 0x400), ex - 25);
	return (h & 0x8000) ? -v : v;
}

/* ---- integers, decimals, dates ---------------------------------------- */

static size_t u128_text(unsigned __int128 v, char *buf)
{
	char tmp[48];
	int n = 0;
	do { tmp[n++] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
	for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return (size_t)n;
}

static size_t decimal_text(__int128 v, int scale, char *buf)
{
	char digits[48];
	bool neg = v < 0;
	unsigned __int128 u = neg ? -(unsigned __int128)v : (unsigned __int128)v;
	int nd = (int)u128_text(u, digits);
	char *o = buf;
	if (neg) *o++ = '-';
	if (scale == 0) { memcpy(o, digits, (size_t)nd + 1); return (size_t)(o - buf) + (size_t)nd; }
	int ip = nd - scale; /* digits before the point */
	if (ip <= 0) {
		*o++ = '0';
		*o++ = '.';
		for (int i = 0; i < -ip; i++) *o++ = '0';
		memcpy(o, digits, (size_t)nd);
		o += nd;
	} else {
		memcpy(o, digits, (size_t)ip);
		o += ip;
		*o++ = '.';
		memcpy(o, digits + ip, (size_t)scale);
		o += scale;
	}
	*o = '\0';
	return (size_t)(o - buf);
}

/* Big-endian two's complement of 1..16 bytes. */
static __int128 be_int(const uint8_t *p, size_t n)
{
	unsigned __int128 u = (p[0] & 0x80) ? ~(unsigned __int128)0 : 0;
	for (size_t i = 0; i < n; i++) u = (u << 8) | p[i];
	return (__int128)u;
}

static int64_t floordiv(int64_t a, int64_t b) { return a / b - (a % b != 0 && ((a < 0) != (b < 0))); }
/* b > 0; never overflows, unlike a - floordiv(a, b) * b near INT64_MIN. */
static int64_t floormod(int64_t a, int64_t b) { int64_t r = a % b; return r < 0 ? r + b : r; }

static size_t date_text(int64_t days, char *buf)
{
	int64_t y;
	int m, d;
	dd_civil_from_days(days, &y, &m, &d);
	return (size_t)sprintf(buf, "%04lld-%02d-%02d", (long long)y, m, d);
}

/* ".fff", ".ffffff" or ".fffffffff": the shortest that is exact. */
static size_t frac_text(int64_t frac, int unit, char *o)
{
	if (frac == 0 || unit <= 1) return 0;
	int digits = unit == 1000 ? 3 : unit == 1000000 ? 6 : 9;
	while (digits > 3 && frac % 1000 == 0) { frac /= 1000; digits -= 3; }
	return (size_t)sprintf(o, ".%0*lld", digits, (long long)frac);
}

static size_t time_of_day(int64_t secs, char *o)
{
	return (size_t)sprintf(o, "%02d:%02d:%02d", (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

/* Seconds since the epoch + fraction in `unit`ths. */
static size_t ts_text(int64_t secs, int64_t frac, int unit, bool utc, char *buf)
{
	int64_t days = floordiv(secs, 86400);
	size_t n = date_text(days, buf);
	buf[n++] = 'T';
	n += time_of_day(secs - days * 86400, buf + n);
	n += frac_text(frac, unit, buf + n);
	if (utc) buf[n++] = 'Z';
	buf[n] = '\0';
	return n;
}

static size_t int_text(const dd__pq_leaf *l, int64_t v, char *buf)
{
	switch (l->show) {
	case PQ_SHOW_DATE: return date_text(v, buf);
	case PQ_SHOW_DECIMAL: return decimal_text(v, l->scale, buf);
	case PQ_SHOW_UNSIGNED:
		return u128_text(l->type == PQ_INT32 ? (uint32_t)v : (uint64_t)v, buf);
	case PQ_SHOW_TIMESTAMP:
		return ts_text(floordiv(v, l->unit), floormod(v, l->unit), l->unit, l->utc, buf);
	case PQ_SHOW_TIME: {
		int64_t s = floordiv(v, l->unit), f = floormod(v, l->unit);
		if (s < 0 || s >= 86400) return (size_t)sprintf(buf, "%lld", (long long)v);
		size_t n = time_of_day(s, buf);
		return n + frac_text(f, l->unit, buf + n);
	}
	default: return (size_t)sprintf(buf, "%lld", (long long)v);
	}
}

static size_t int96_text(const uint8_t *p, char *buf)
{
	int64_t nanos = (int64_t)le64(p);
	int64_t days = (int64_t)(int32_t)le32(p + 8) - 2440588; /* Julian day of 1970-01-01 */
	int64_t secs = days * 86400 + floordiv(nanos, 1000000000);
	return ts_text(secs, floormod(nanos, 1000000000), 1000000000, true, buf);
}

static size_t uuid_text(const uint8_t *p, char *buf)
{
	size_t n = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10) buf[n++] = '-';
		n += (size_t)sprintf(buf + n, "%02x", p[i]);
	}
	return n;
}

int dd__pq_text(const dd__pq_leaf *l, const uint8_t *v, size_t n, dd__pq_arena *a, dd_str *out)
{
	char buf[TEXT_MAX];
	size_t len;
	union { uint32_t u; float f; } f32;
	union { uint64_t u; double d; } f64;
	switch (l->type) {
	case PQ_BOOLEAN:
		out->p = v[0] ? "true" : "false";
		out->len = v[0] ? 4 : 5;
		return 0;
	case PQ_INT32: len = int_text(l, (int32_t)le32(v), buf); break;
	case PQ_INT64: len = int_text(l, (int64_t)le64(v), buf); break;
	case PQ_INT96: len = int96_text(v, buf); break;
	case PQ_FLOAT: f32.u = le32(v); len = dd__pq_float_text(f32.f, buf); break;
	case PQ_DOUBLE: f64.u = le64(v); len = dd__pq_double_text(f64.d, buf); break;
	default: /* BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY */
		if (l->show == PQ_SHOW_DECIMAL) {
			if (n > 16)
				return dd_error_set(DD_EFORMAT, "DECIMAL value of %zu bytes in column %s (at most 16 supported)",
						    n, l->name);
			len = n ? decimal_text(be_int(v, n), l->scale, buf) : (size_t)sprintf(buf, "0");
		} else if (l->show == PQ_SHOW_UUID && n == 16) {
			len = uuid_text(v, buf);
		} else if (l->show == PQ_SHOW_FLOAT16 && n == 2) {
			len = dd__pq_float_text(half_to_float((uint16_t)(v[0] | v[1] << 8)), buf);
		} else {
			out->p = (const char *)v;
			out->len = n;
			return 0;
		}
	}
	char *dst = dd__pq_arena_alloc(a, len);
	if (!dst) return dd_error_set(DD_ENOMEM, "out of memory for the text of column %s", l->name);
	memcpy(dst, buf, len);
	out->p = dst;
	out->len = len;
	return 0;
}
