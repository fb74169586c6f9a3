/* money_assert.h: exact amounts, dates and months from text in tests, and
 * assert_money (the engine, forecast and advice tests share them). Include
 * after <cmocka.h> and "drawdown.h". */
#ifndef DD_MONEY_ASSERT_H
#define DD_MONEY_ASSERT_H

#include <string.h>

static inline dd_money M(const char *s)
{
	dd_money m;
	if (dd_money_parse(s, strlen(s), &m, NULL)) fail_msg("bad amount in test: %s", s);
	return m;
}

#define assert_money(actual, want)                                                             \
	do {                                                                                   \
		dd_money a_ = (actual), w_ = M(want);                                          \
		if (dd_money_cmp(a_, w_)) {                                                    \
			char b1_[DD_MONEY_STRMAX], b2_[DD_MONEY_STRMAX];                       \
			fail_msg("%s = %s, expected %s", #actual, dd_money_format(a_, b1_),    \
				 dd_money_format(w_, b2_));                                    \
		}                                                                              \
	} while (0)

static inline dd_date D(const char *s)
{
	dd_date d;
	if (dd_date_parse(s, strlen(s), &d)) fail_msg("bad date in test: %s", s);
	return d;
}

static inline dd_month MO(const char *s)
{
	dd_month m;
	if (dd_month_parse(s, strlen(s), &m)) fail_msg("bad month in test: %s", s);
	return m;
}

#endif
