/* money.c: exact fixed-point money (value * 10^18 in an __int128).
 *
 * The parser follows Redis's string2ll rule: accept only text that means
 * exactly one number, reject the rest with the position of the first bad
 * character. Products and quotients go through a 256-bit intermediate so no
 * multiplication can silently wrap. */
#include <stdio.h>
#include <string.h>

#include "drawdown/common.h"
#include "drawdown/money.h"

typedef unsigned __int128 u128;

/* Largest magnitude accepted by the parser: 10^18 units (170 times below
 * the type's limit). Sums of a billion such rows would overflow, so
 * aggregation uses checked adds. */
#define PARSE_LIMIT ((__int128)1000000000000000000LL * DD_MONEY_SCALE)
#define MONEY_MAX ((__int128)(((u128)1 << 127) - 1))

static const u128 P10_MAX_EXP = 38;

/* 10^0 .. 10^38: the parser scales every value by one of these (the
 * multiply loop they replace cost 2 % of a CSV import). Past 10^19 a
 * 64-bit literal cannot hold them: 10^19 times 10^k, folded at compile time. */
#define E19 ((u128)10000000000000000000ull)
static const u128 pow10_table[39] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
	1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
	100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
	1000000000000000000ull, 10000000000000000000ull,
	E19 * 10ull, E19 * 100ull, E19 * 1000ull, E19 * 10000ull, E19 * 100000ull, E19 * 1000000ull,
	E19 * 10000000ull, E19 * 100000000ull, E19 * 1000000000ull, E19 * 10000000000ull,
	E19 * 100000000000ull, E19 * 1000000000000ull, E19 * 10000000000000ull, E19 * 100000000000000ull,
	E19 * 1000000000000000ull, E19 * 10000000000000000ull, E19 * 100000000000000000ull,
	E19 * 1000000000000000000ull, E19 * 10000000000000000000ull};
#undef E19

static u128 pow10u(unsigned e) { return pow10_table[e]; }

/* 256-bit unsigned: hi:lo. */
typedef struct { u128 hi, lo; } u256;

static u256 mul128(u128 a, u128 b)
{
	uint64_t a0 = (uint64_t)a, a1 = (uint64_t)(a >> 64), b0 = (uint64_t)b, b1 = (uint64_t)(b >> 64);
	u128 p00 = (u128)a0 * b0, p01 = (u128)a0 * b1, p10 = (u128)a1 * b0, p11 = (u128)a1 * b1;
	u128 mid = (p00 >> 64) + (uint64_t)p01 + (uint64_t)p10;
	u256 r;
	r.lo = (mid << 64) | (uint64_t)p00;
	r.hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
	return r;
}

/* n / d with remainder, d > 0. Returns -1 if the quotient does not fit 128 bits. */
static int div256(u256 n, u128 d, u128 *q, u128 *r)
{
	if (n.hi >= d) return -1;
	u128 rem = n.hi, quo = 0;
	for (int i = 127; i >= 0; i--) {
		int top = (int)(rem >> 127);
		rem = (rem << 1) | ((n.lo >> i) & 1);
		quo <<= 1;
		if (top || rem >= d) {
			rem -= d;
			quo |= 1;
		}
	}
	*q = quo;
	*r = rem;
	return 0;
}

/* round(a * b / d) half-even, signs handled; -1 when |result| does not fit. */
static int muldiv_signed(__int128 a, __int128 b, __int128 d, __int128 *out)
{
	int neg = (a < 0) ^ (b < 0) ^ (d < 0);
	u128 ua = a < 0 ? -(u128)a : (u128)a, ub = b < 0 ? -(u128)b : (u128)b, ud = d < 0 ? -(u128)d : (u128)d;
	u128 q, r;
	if (div256(mul128(ua, ub), ud, &q, &r)) return -1;
	/* half-even: compare 2r with d without overflow */
	if (r > ud - r || (r == ud - r && (q & 1))) q++;
	if (q > (u128)MONEY_MAX) return -1;
	*out = neg ? -(__int128)q : (__int128)q;
	return 0;
}

/* The message of an overflow names the operands: the caller knows what
 * they were, the reader of the message may not. Only on the failure path. */
static int out_of_range(dd_money a, const char *op, const char *b)
{
	char ta[DD_MONEY_STRMAX];
	return dd_error_set(DD_EOVERFLOW, "money: %s %s %s is out of range", dd_money_format(a, ta), op, b);
}

static int out_of_range2(dd_money a, const char *op, dd_money b)
{
	char tb[DD_MONEY_STRMAX];
	return out_of_range(a, op, dd_money_format(b, tb));
}

int dd_money_add_checked(dd_money a, dd_money b, dd_money *out)
{
	__int128 r;
	if (__builtin_add_overflow(a.v, b.v, &r)) return out_of_range2(a, "+", b);
	out->v = r;
	return 0;
}

int dd_money_sub_checked(dd_money a, dd_money b, dd_money *out)
{
	__int128 r;
	if (__builtin_sub_overflow(a.v, b.v, &r)) return out_of_range2(a, "-", b);
	out->v = r;
	return 0;
}

/* round(n / 100) half-even, in 128 bits (n = a * whole percent). */
static __int128 div100_even(__int128 n)
{
	__int128 q = n / 100, r = n % 100;
	if (r < 0) r = -r;
	if (r > 50 || (r == 50 && (q & 1))) q += n < 0 ? -1 : 1;
	return q;
}

int dd_money_mul_percent(dd_money a, dd_money percent, dd_money *out)
{
	__int128 r;
	/* A whole percent (support brackets, most discounts) on an amount below
	 * 10^20 units' worth: the product fits in 128 bits, so no 256-bit
	 * division; the forecast runs this on every line of every path. */
	if (percent.v % DD_MONEY_SCALE == 0) {
		__int128 p = percent.v / DD_MONEY_SCALE, bound = (__int128)1 << 100;
		if (p >= -1000 && p <= 1000 && a.v < bound && a.v > -bound) {
			out->v = div100_even(a.v * p);
			return 0;
		}
	}
	if (muldiv_signed(a.v, percent.v, DD_MONEY_SCALE * 100, &r)) {
		char tp[DD_MONEY_STRMAX], pct[DD_MONEY_STRMAX + 2];
		snprintf(pct, sizeof pct, "%s%%", dd_money_format(percent, tp));
		return out_of_range(a, "*", pct);
	}
	out->v = r;
	return 0;
}

int dd_money_muldiv(dd_money a, int64_t num, int64_t den, dd_money *out)
{
	if (den <= 0)
		return dd_error_set(DD_EUSAGE, "money: dd_money_muldiv: denominator %lld is not positive", (long long)den);
	__int128 r;
	if (muldiv_signed(a.v, num, den, &r)) {
		char nd[48];
		snprintf(nd, sizeof nd, "%lld / %lld", (long long)num, (long long)den);
		return out_of_range(a, "*", nd);
	}
	out->v = r;
	return 0;
}

int dd_money_parse(const char *s, size_t len, dd_money *out, size_t *errpos)
{
	size_t i = 0, bad = 0;
	int neg = 0, rc = DD_EPARSE;
	u128 acc = 0;
	long pending = 0; /* zeros seen but not yet multiplied in */
	long frac = 0;    /* digits after the point */
	int ndig = 0;
	long exp = 0;

	if (i < len && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
	const u128 lim = (u128)PARSE_LIMIT * 10; /* loose bound while accumulating */
	for (int seen_point = 0; i < len; i++) {
		char c = s[i];
		if (c == '.' && !seen_point) { seen_point = 1; continue; }
		if (c < '0' || c > '9') break;
		ndig++;
		if (seen_point) frac++;
		if (c == '0') { if (acc) pending++; continue; }
		while (pending > 0) {
			if (acc > lim) { bad = i; rc = DD_EOVERFLOW; goto fail; }
			acc *= 10;
			pending--;
		}
		if (acc > lim) { bad = i; rc = DD_EOVERFLOW; goto fail; }
		acc = acc * 10 + (u128)(c - '0');
	}
	if (ndig == 0) { bad = i; goto fail; }
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		int eneg = 0;
		if (i < len && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
		size_t k = i;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			if (exp > 10000) { bad = i; goto fail; }
			exp = exp * 10 + (s[i] - '0');
		}
		if (i == k) { bad = i; goto fail; }
		if (eneg) exp = -exp;
	}
	if (i != len) { bad = i; goto fail; }

	/* value = acc * 10^(pending + exp - frac); we want value * 10^18 */
	long shift = pending + exp - frac + DD_MONEY_SCALE_DIGITS;
	if (acc == 0) { out->v = 0; return 0; }
	if (shift < 0) {
		/* only zeros may be dropped: anything else is too many fractional digits */
		if (-shift > (long)P10_MAX_EXP || acc % pow10u((unsigned)-shift) != 0) {
			bad = len;
			if (errpos) *errpos = len ? len - 1 : 0;
			return dd_error_set(DD_EPARSE, "more than %d fractional digits", DD_MONEY_SCALE_DIGITS);
		}
		acc /= pow10u((unsigned)-shift);
	} else {
		if (shift > (long)P10_MAX_EXP) { bad = 0; rc = DD_EOVERFLOW; goto fail; }
		u128 p = pow10u((unsigned)shift);
		if (acc > (u128)PARSE_LIMIT / p) { bad = 0; rc = DD_EOVERFLOW; goto fail; }
		acc *= p;
	}
	if (acc > (u128)PARSE_LIMIT) { bad = 0; rc = DD_EOVERFLOW; goto fail; }
	out->v = neg ? -(__int128)acc : (__int128)acc;
	return 0;
fail:
	if (errpos) *errpos = bad;
	if (rc == DD_EOVERFLOW)
		return dd_error_set(rc, "amount out of range (more than 10^18)");
	return dd_error_set(rc, "expected a decimal number such as -12.34 or 1.2E-5");
}

/* digits of v into buf, zero-padded to at least `width`; returns length */
static int utoa64(uint64_t v, int width, char *buf)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v);
	while (n < width) tmp[n++] = '0';
	for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

/* digits of u (most significant first) into buf; returns length. Above
 * 2^64, the high part then 19 low digits: 64-bit divisions only, far
 * cheaper than 128-bit ones. */
static int utoa128(u128 u, char *buf)
{
	if (u <= UINT64_MAX) return utoa64((uint64_t)u, 1, buf);
	const u128 e19 = pow10u(19);
	int n = utoa128(u / e19, buf);
	return n + utoa64((uint64_t)(u % e19), 19, buf + n);
}

char *dd_money_format(dd_money a, char *buf)
{
	u128 u = a.v < 0 ? -(u128)a.v : (u128)a.v;
	char *p = buf;
	if (a.v < 0) *p++ = '-';
	p += utoa128(u / (u128)DD_MONEY_SCALE, p);
	uint64_t f = (uint64_t)(u % (u128)DD_MONEY_SCALE); /* < 10^18: fits 64 bits */
	if (f) {
		char fd[24];
		int n = utoa64(f, DD_MONEY_SCALE_DIGITS, fd);
		while (n > 0 && fd[n - 1] == '0') n--;
		*p++ = '.';
		memcpy(p, fd, (size_t)n);
		p += n;
	}
	*p = '\0';
	return buf;
}

/* |a| rounded half-even to a multiple of unit, as a count of units: done on
 * the unsigned magnitude, which has room where -2^127 rounded away from
 * zero has none in __int128. */
static u128 round_units(dd_money a, u128 unit)
{
	u128 u = a.v < 0 ? -(u128)a.v : (u128)a.v, q = u / unit, r = u % unit;
	if (r > unit - r || (r == unit - r && (q & 1))) q++;
	return q;
}

dd_money dd_money_round(dd_money a, int decimals)
{
	if (decimals < 0) decimals = 0;
	if (decimals >= DD_MONEY_SCALE_DIGITS) return a;
	u128 unit = pow10u((unsigned)(DD_MONEY_SCALE_DIGITS - decimals)), q = round_units(a, unit);
	/* within one unit of the type's limit, where rounding away from zero
	 * does not fit: toward zero instead */
	if (q > (u128)MONEY_MAX / unit) q--;
	a.v = a.v < 0 ? -(__int128)(q * unit) : (__int128)(q * unit);
	return a;
}

char *dd_money_format_fixed(dd_money a, int decimals, char *buf)
{
	if (decimals < 0) decimals = 0;
	if (decimals > DD_MONEY_SCALE_DIGITS) decimals = DD_MONEY_SCALE_DIGITS;
	u128 unit = pow10u((unsigned)(DD_MONEY_SCALE_DIGITS - decimals)), q = round_units(a, unit);
	u128 per_whole = pow10u((unsigned)decimals);
	char *p = buf;
	if (a.v < 0 && q) *p++ = '-';
	p += utoa128(q / per_whole, p);
	if (decimals > 0) {
		*p++ = '.';
		p += utoa64((uint64_t)(q % per_whole), decimals, p); /* < 10^18 */
	}
	*p = '\0';
	return buf;
}

char *dd_money_format_cents_grouped(dd_money a, char *buf)
{
	char tmp[DD_MONEY_STRMAX];
	dd_money_format_fixed(a, 2, tmp);
	const char *s = tmp;
	char *p = buf;
	if (*s == '-') *p++ = *s++;
	const char *dot = strchr(s, '.');
	size_t intlen = dot ? (size_t)(dot - s) : strlen(s);
	for (size_t i = 0; i < intlen; i++) {
		if (i && (intlen - i) % 3 == 0) *p++ = ',';
		*p++ = s[i];
	}
	strcpy(p, s + intlen);
	return buf;
}

int dd_money_split(dd_money total, const dd_money *weights, size_t n, int decimals, dd_money *parts)
{
	if (n == 0) return dd_error_set(DD_EUSAGE, "money: dd_money_split: no parts to split into");
	if (decimals < 0 || decimals > DD_MONEY_SCALE_DIGITS)
		return dd_error_set(DD_EUSAGE, "money: dd_money_split: %d decimals, expected 0 to %d", decimals,
				    DD_MONEY_SCALE_DIGITS);
	__int128 wsum = 0;
	size_t biggest = 0;
	for (size_t i = 0; i < n; i++) {
		if (weights[i].v < 0) return dd_error_set(DD_EUSAGE, "money: dd_money_split: weight %zu is negative", i);
		if (__builtin_add_overflow(wsum, weights[i].v, &wsum))
			return dd_error_set(DD_EOVERFLOW, "money: dd_money_split: the sum of %zu weights is out of range", n);
		if (weights[i].v > weights[biggest].v) biggest = i;
	}
	if (wsum <= 0) return dd_error_set(DD_EUSAGE, "money: dd_money_split: the weights sum to 0");
	u128 unit = pow10u((unsigned)(DD_MONEY_SCALE_DIGITS - decimals));
	int neg = total.v < 0;
	u128 ut = neg ? -(u128)total.v : (u128)total.v;
	u128 units = ut / unit;   /* whole units to distribute */
	u128 residue = ut % unit; /* below the rounding unit: goes to the largest weight */
	u128 given = 0;
	/* floor shares; remember remainders to hand out leftover units */
	for (size_t i = 0; i < n; i++) {
		u128 q, r;
		if (div256(mul128(units, (u128)weights[i].v), (u128)wsum, &q, &r))
			return dd_error_set(DD_EOVERFLOW, "money: dd_money_split: part %zu is out of range", i);
		parts[i].v = (__int128)q;
		given += q;
	}
	u128 left = units - given; /* < n */
	while (left > 0) {
		/* the part with the largest remainder (lowest index on ties) gets a unit */
		size_t best = n;
		u128 best_r = 0;
		for (size_t i = 0; i < n; i++) {
			u128 q = 0, r = 0;
			div256(mul128(units, (u128)weights[i].v), (u128)wsum, &q, &r);
			if ((u128)parts[i].v != q) continue; /* already got its extra unit */
			if (best == n || r > best_r) { best = i; best_r = r; }
		}
		parts[best].v += 1;
		left--;
	}
	for (size_t i = 0; i < n; i++) {
		__int128 v = parts[i].v * (__int128)unit;
		if (i == biggest) v += (__int128)residue;
		parts[i].v = neg ? -v : v;
	}
	return 0;
}
