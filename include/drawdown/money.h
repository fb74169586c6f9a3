/* money.h: exact money as a signed 128-bit fixed-point decimal.
 *
 * A dd_money holds value * 10^18 in an __int128 (SPEC section 1). Real AWS
 * exports carry up to 11 fractional digits, but other tools write more
 * (FOCUS generators print 14; Spark's default DECIMAL(38,18) prints 18), and
 * refusing their files helps no one: 18 digits take them all exactly. The
 * range (about 1.7 * 10^20 units) still holds 10^9 rows of 10^9 USD summed
 * exactly, and one parsed value is at most 10^18 units.
 * There is no floating point anywhere money flows.
 */
#ifndef DRAWDOWN_MONEY_H
#define DRAWDOWN_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

#define DD_MONEY_SCALE_DIGITS 18
/* 10^18 */
/* __int128 is a GCC/Clang extension: __extension__ keeps -Wpedantic quiet
 * for code that includes this header. */
__extension__ typedef __int128 dd_i128;
#define DD_MONEY_SCALE ((dd_i128)1000000000000000000LL)

typedef struct {
	dd_i128 v; /* value * 10^18 */
} dd_money;

/* The largest text dd_money_format can produce, with its NUL. */
#define DD_MONEY_STRMAX 48

static inline dd_money dd_money_zero(void) { dd_money m = {0}; return m; }
static inline dd_money dd_money_from_units(int64_t units) { dd_money m = {(dd_i128)units * DD_MONEY_SCALE}; return m; }
static inline bool dd_money_is_zero(dd_money a) { return a.v == 0; }
static inline bool dd_money_is_neg(dd_money a) { return a.v < 0; }
static inline bool dd_money_is_pos(dd_money a) { return a.v > 0; }
static inline int dd_money_cmp(dd_money a, dd_money b) { return (a.v > b.v) - (a.v < b.v); }
static inline dd_money dd_money_min(dd_money a, dd_money b) { return a.v < b.v ? a : b; }
static inline dd_money dd_money_max(dd_money a, dd_money b) { return a.v > b.v ? a : b; }
static inline dd_money dd_money_neg(dd_money a) { a.v = -a.v; return a; }

/* Unchecked add/sub for sums known to be in range (engine inner loops, where
 * all inputs were parsed and bounded by dd_money_parse's limit). */
static inline dd_money dd_money_add(dd_money a, dd_money b) { a.v += b.v; return a; }
static inline dd_money dd_money_sub(dd_money a, dd_money b) { a.v -= b.v; return a; }

/* Checked arithmetic: return 0, or DD_EOVERFLOW leaving *out untouched. */
int dd_money_add_checked(dd_money a, dd_money b, dd_money *out);
int dd_money_sub_checked(dd_money a, dd_money b, dd_money *out);

/* a * percent / 100, where percent is itself a dd_money (8.5 means 8.5 %).
 * The exact product is rounded half-even to the 18th fractional digit.
 * Returns 0 or DD_EOVERFLOW. */
int dd_money_mul_percent(dd_money a, dd_money percent, dd_money *out);

/* a * num / den with half-even rounding at the 18th digit. den > 0. */
int dd_money_muldiv(dd_money a, int64_t num, int64_t den, dd_money *out);

/* Parse text strictly: optional sign, digits, optional '.' and digits,
 * optional exponent (e|E, optional sign, digits). At least one digit in the
 * mantissa. No spaces, no thousands separators, no "inf"/"nan". More
 * significant fractional digits than 18 after applying the exponent is an
 * error (trailing zeros are fine); so is a magnitude above 10^18.
 * On error returns DD_EPARSE or DD_EOVERFLOW, and if `errpos` is not NULL
 * sets it to the 0-based offset of the offending character. */
int dd_money_parse(const char *s, size_t len, dd_money *out, size_t *errpos);

/* Exact decimal text: "-12.5", "0", "0.000000000016". Trailing fractional
 * zeros trimmed; never "-0". buf must hold DD_MONEY_STRMAX bytes. Returns buf. */
char *dd_money_format(dd_money a, char *buf);

/* Fixed number of decimals (0..18), rounded half-even: dd_money_format_fixed(x, 2, buf)
 * gives "1234.57". Returns buf. */
char *dd_money_format_fixed(dd_money a, int decimals, char *buf);

/* Like format_fixed(2) with thousands separators: "1,234,567.89". */
char *dd_money_format_cents_grouped(dd_money a, char *buf);

/* Round half-even to `decimals` fractional digits (0..18). */
dd_money dd_money_round(dd_money a, int decimals);

/* Split `total` into n parts in proportion to weights (all weights >= 0,
 * sum > 0), each part rounded to `decimals` digits, such that the parts sum
 * exactly to total (largest-remainder; ties to the lower index). Returns 0,
 * DD_EUSAGE on bad weights, DD_EOVERFLOW. */
int dd_money_split(dd_money total, const dd_money *weights, size_t n, int decimals, dd_money *parts);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
