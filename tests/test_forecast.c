/* test_forecast.c: the forecast (SPEC 4, issue #10) on histories built by
 * hand: the worked example of the issue (leakage, months needed, the
 * suggested expiry), a perfect line recovered by trend, compound growth,
 * the ramp's amount, step and until, seeds, nearest-rank quantiles, a
 * shortfall probability whose distribution is known, the backtest, and bad
 * options. Every expected figure is worked out in the comment beside it. */
#include "forecast_fixture.h"

static void opts(dd_fc_options *o, dd_fc_method m, int months, int paths)
{
	dd_fc_options_default(o);
	o->method = m;
	o->months = months;
	o->paths = paths;
}

static const char *const one_account = "currency: USD\norganization:\n  payer: \"111111111111\"\n";

/* The worked example: SMALL (2,000, EC2, to 2027-06-30) and LARGE
 * (24,000, to 2027-12-31) from 2027-01-01, over 800 a month of EC2 through
 * 2026. */
static dd_book *worked_example(hist_t *h)
{
	char yaml[1024];
	snprintf(yaml, sizeof yaml,
		 "%scredits:\n"
		 "  - { id: SMALL, type: promotional, amount: 2000, start: 2027-01-01, expires: 2027-06-30, services: [AmazonEC2] }\n"
		 "  - { id: LARGE, type: promotional, amount: 24000, start: 2027-01-01, expires: 2027-12-31 }\n",
		 one_account);
	memset(h, 0, sizeof *h);
	double v[12];
	for (int i = 0; i < 12; i++) v[i] = 800;
	hist_series(h, "2026-01", 12, "111111111111", "AmazonEC2", v);
	return book_of(yaml);
}

/* The worked example: EC2 800 a month in 2026, run-rate; SMALL
 * 2,000 on EC2 to 2027-06-30, LARGE 24,000 on all to 2027-12-31, both from
 * 2027-01-01. SMALL (earlier expiry) goes first: 800 in Jan and Feb, 400 in
 * March: used up in 2027-03. LARGE takes 400 in March and 800 a month
 * after: 400 + 9 x 800 = 7,600 by December, leaving 16,400 (every path:
 * the history has no noise). Lifting LARGE's expiry (it stays after SMALL):
 * 23,600 / 800 = 29.5 more months from April 2027, used up in the 30th,
 * 2029-09: 33 months from 2027-01; ceil(33 / 6) x 6 = 36 months: ask for
 * 2029-12-31. Lifting SMALL's expiry puts it after LARGE: LARGE takes 800
 * a month through 2027-12 and leaks; SMALL then lasts 2,000 / 800 = 2.5
 * months of 2028: used up in 2028-03, 15 months from its start. */
static void test_worked_example(void **state)
{
	(void)state;
	static hist_t h;
	dd_book *b = worked_example(&h);
	dd_fc_options o;
	opts(&o, DD_FC_RUN_RATE, 36, 50);
	dd_forecast f;
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &o, &f), 0);
	assert_int_equal(f.as_of, MO("2026-12"));
	const dd_fc_credit *small = &f.credits[0], *large = &f.credits[1];
	assert_money(small->remaining, "2000");
	assert_int_equal(small->exhausted_p50, MO("2027-03"));
	assert_int_equal(small->exhausted_p90, MO("2027-03"));
	assert_money(small->leakage.mean, "0");
	assert_money(small->leak_probability, "0");
	assert_int_equal(small->months_needed_p90, 15);
	assert_false(small->has_suggested);
	assert_int_equal(large->exhausted_p50, DD_MONTH_NONE);
	assert_int_equal(large->exhausted_p90, DD_MONTH_NONE);
	assert_money(large->leakage.mean, "16400");
	assert_money(large->leakage.p10, "16400");
	assert_money(large->leakage.p90, "16400");
	assert_money(large->leak_probability, "1");
	assert_int_equal(large->months_needed_p50, 33);
	assert_int_equal(large->months_needed_p90, 33);
	assert_true(large->has_suggested);
	assert_int_equal(large->suggested_expiry.year, 2029);
	assert_int_equal(large->suggested_expiry.month, 12);
	assert_int_equal(large->suggested_expiry.day, 31);
	/* LARGE's use by December, path 0: 7,600 */
	assert_money(f.path_used[1], "7600");
	/* the months: gross 800 every month; credits 800 through 2027-12, then 0 */
	assert_money(f.month[0].band[DD_FC_GROSS].p50, "800");
	assert_money(f.month[2].band[DD_FC_CREDITS].p50, "800");
	assert_money(f.month[11].band[DD_FC_LEAKAGE].p50, "16400");
	assert_money(f.month[12].band[DD_FC_CREDITS].p50, "0");
	assert_money(f.month[12].band[DD_FC_PAYABLE].p90, "800");
	dd_forecast_dispose(&f);
	dd_book_free(b);
}

/* The worked example's balances month by month (options.credit_balances,
 * for the report): SMALL 2,000 - 800 = 1,200 after 2027-01, 400 after
 * 2027-02, 0 after 2027-03; LARGE untouched at 24,000 until SMALL is gone,
 * 24,000 - 400 = 23,600 after 2027-03, 23,600 - 8 x 800 = 17,200 after
 * 2027-11, and 0 after 2027-12 (its last 16,400 expire). Off by default. */
static void test_credit_balances(void **state)
{
	(void)state;
	static hist_t h;
	dd_book *b = worked_example(&h);
	dd_fc_options o;
	opts(&o, DD_FC_RUN_RATE, 13, 3);
	dd_forecast f;
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &o, &f), 0);
	assert_null(f.path_balance);
	dd_forecast_dispose(&f);
	o.credit_balances = true;
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &o, &f), 0);
	assert_non_null(f.path_balance);
	const int small[13] = {1200, 400, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
	const int large[13] = {24000, 24000, 23600, 22800, 22000, 21200, 20400, 19600, 18800, 18000, 17200, 0, 0};
	for (size_t p = 0; p < 3; p++)
		for (size_t k = 0; k < 13; k++) {
			assert_true(dd_money_cmp(f.path_balance[(p * 13 + k) * 2 + 0], dd_money_from_units(small[k])) == 0);
			assert_true(dd_money_cmp(f.path_balance[(p * 13 + k) * 2 + 1], dd_money_from_units(large[k])) == 0);
		}
	dd_forecast_dispose(&f);
	dd_book_free(b);
}

/* A perfect line, 100 + 10 i for i = 0 .. 11 (2026): trend over 12 months
 * recovers it, so 2027-01 is 220 and 2027-12 is 330, on every path (no
 * residuals: P10 = P50 = P90). */
static void test_trend_line(void **state)
{
	(void)state;
	dd_book *b = book_of(one_account);
	static hist_t h;
	memset(&h, 0, sizeof h);
	double v[12];
	for (int i = 0; i < 12; i++) v[i] = 100 + 10 * i;
	hist_series(&h, "2026-01", 12, "111111111111", "AmazonEC2", v);
	dd_fc_options o;
	opts(&o, DD_FC_TREND, 12, 20);
	dd_forecast f;
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &o, &f), 0);
	assert_money(f.month[0].band[DD_FC_GROSS].p10, "220");
	assert_money(f.month[0].band[DD_FC_GROSS].p90, "220");
	assert_money(f.month[11].band[DD_FC_GROSS].p50, "330");
	assert_money(f.month[11].band[DD_FC_PAYABLE].p50, "330");
	dd_forecast_dispose(&f);
	/* and the backtest of the last 4 months: 280 .. 310 exactly, MAPE 0, all inside */
	dd_fc_backtest bt;
	opts(&o, DD_FC_TREND, 0, 20);
	assert_int_equal(dd_forecast_backtest(h.h, h.n, 4, &o, &bt), 0);
	assert_int_equal(bt.months[0].month, MO("2026-09"));
	assert_money(bt.months[0].actual, "180");
	assert_money(bt.months[0].p50, "180");
	assert_money(bt.months[3].p10, "210");
	assert_true(bt.mape == 0);
	assert_true(bt.coverage == 1);
	dd_fc_backtest_dispose(&bt);
	dd_book_free(b);
}

/* Compound growth: 1,000 flat, --growth 10: month k is 1,000 x 1.1^(k/12):
 * 1,100 twelve months later, 1,210 at 24, and at 6 months
 * 1,000 x sqrt(1.1) = 1,048.808848... -> 1,048.81. */
static void test_growth(void **state)
{
	(void)state;
	dd_book *b = book_of(one_account);
	static hist_t h;
	memset(&h, 0, sizeof h);
	double v[12];
	for (int i = 0; i < 12; i++) v[i] = 1000;
	hist_series(&h, "2026-01", 12, "111111111111", "AmazonEC2", v);
	dd_fc_options o;
	opts(&o, DD_FC_GROWTH, 24, 10);
	o.has_growth = true;
	o.growth_percent = 10;
	dd_forecast f;
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &o, &f), 0);
	assert_money(f.month[11].band[DD_FC_GROSS].p50, "1100");
	assert_money(f.month[23].band[DD_FC_GROSS].p50, "1210");
	assert_money(f.month[5].band[DD_FC_GROSS].p50, "1048.81");
	dd_forecast_dispose(&f);
	/* fitted: a history growing 1 % a month compounds to 12.68 % a year, so
	 * 12 months after a base of the last 3 months' mean keep that pace */
	for (int i = 0; i < 12; i++) v[i] = 1000 * pow(1.01, i);
	memset(&h, 0, sizeof h);
	hist_series(&h, "2026-01", 12, "111111111111", "AmazonEC2", v);
	opts(&o, DD_FC_GROWTH, 12, 10);
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &o, &f), 0);
	/* base = (1.01^9 + 1.01^10 + 1.01^11) x 1000 / 3 = 1,105.00...; x 1.01^12 */
	double base = 1000 * (pow(1.01, 9) + pow(1.01, 10) + pow(1.01, 11)) / 3;
	char want[32];
	snprintf(want, sizeof want, "%.2f", base * pow(1.01, 12));
	dd_money got = f.month[11].band[DD_FC_GROSS].p50;
	/* a float model, and paths: the base (a mean of three months) sits a
	 * hair off the curve, so the paths carry a noise of about 3e-5: within
	 * 50 cents of the hand figure (and far from the 1,105 of no growth) */
	dd_money diff = dd_money_sub(got, M(want));
	assert_true(dd_money_cmp(diff, M("0.5")) < 0 && dd_money_cmp(diff, M("-0.5")) > 0);
	dd_forecast_dispose(&f);
	dd_book_free(b);
}

/* The ramp on a flat history (EC2 1,000 and RDS 500 on 222..., run-rate):
 * RDS + 40,000 from 2027-01; EC2 x 1.3 from 2027-07 (1,300, a step, the
 * same in 2027-08); Glue on 333... 900 in 2027-03 .. 2027-05 only (a series
 * the history does not have). */
static void test_ramp(void **state)
{
	(void)state;
	dd_book *b = book_of(one_account);
	static hist_t h;
	memset(&h, 0, sizeof h);
	double ec2[12], rds[12];
	for (int i = 0; i < 12; i++) ec2[i] = 1000, rds[i] = 500;
	hist_series(&h, "2026-01", 12, "222222222222", "AmazonEC2", ec2);
	hist_series(&h, "2026-01", 12, "222222222222", "AmazonRDS", rds);
	const char *ry = "ramp:\n"
			 "  - { account: \"222222222222\", service: AmazonRDS, from: 2027-01, amount: 40000 }\n"
			 "  - { account: \"222222222222\", service: AmazonEC2, from: 2027-07, growth_percent: 30 }\n"
			 "  - { account: \"333333333333\", service: AWSGlue, from: 2027-03, until: 2027-05, amount: 900 }\n";
	dd_ramp *r = NULL;
	dd_book_problems p = {0};
	assert_int_equal(dd_ramp_load_buffer("ramp.yaml", ry, strlen(ry), &r, &p), 0);
	dd_fc_options o;
	opts(&o, DD_FC_RUN_RATE, 12, 5);
	o.ramp = r;
	dd_forecast f;
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &o, &f), 0);
	assert_int_equal((int)f.nseries, 3);
	assert_money(f.month[0].band[DD_FC_GROSS].p50, "41500");  /* 1,000 + 500 + 40,000 */
	assert_money(f.month[1].band[DD_FC_GROSS].p50, "41500");
	assert_money(f.month[2].band[DD_FC_GROSS].p50, "42400");  /* + Glue 900 */
	assert_money(f.month[4].band[DD_FC_GROSS].p50, "42400");  /* until 2027-05, inclusive */
	assert_money(f.month[5].band[DD_FC_GROSS].p50, "41500");  /* June: Glue gone */
	assert_money(f.month[6].band[DD_FC_GROSS].p50, "41800");  /* July: EC2 1,300 */
	assert_money(f.month[11].band[DD_FC_GROSS].p50, "41800");
	dd_forecast_dispose(&f);
	dd_ramp_free(r);
	dd_book_free(b);
}

/* A noisy history: the same seed gives the same paths, another seed others. */
static void test_seeds(void **state)
{
	(void)state;
	dd_book *b = book_of(one_account);
	static hist_t h;
	memset(&h, 0, sizeof h);
	double v[24];
	for (int i = 0; i < 24; i++) v[i] = 1000 + (i * 7919 % 13) * 37.0;
	hist_series(&h, "2025-01", 24, "111111111111", "AmazonEC2", v);
	dd_fc_options o;
	opts(&o, DD_FC_AUTO, 12, 200);
	dd_forecast a, c, d;
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &o, &a), 0);
	o.threads = 1; /* the threads do not change the result either */
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &o, &c), 0);
	o.seed = 2;
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &o, &d), 0);
	size_t n = (size_t)o.paths * 12 * DD_FC_NFIELDS;
	assert_memory_equal(a.path_months, c.path_months, n * sizeof(dd_money));
	assert_true(memcmp(a.path_months, d.path_months, n * sizeof(dd_money)) != 0);
	/* noise: the band is not a point */
	assert_true(dd_money_cmp(a.month[0].band[DD_FC_GROSS].p10, a.month[0].band[DD_FC_GROSS].p90) < 0);
	dd_forecast_dispose(&a);
	dd_forecast_dispose(&c);
	dd_forecast_dispose(&d);
	dd_book_free(b);
}

/* Nearest rank: the value at rank ceil(q x P / 100) of the sorted values.
 * 10 values 1..10 (shuffled): P10 rank 1 -> 1, P50 rank 5 -> 5, P90 rank 9
 * -> 9. Seven values: P10 rank ceil(0.7) = 1, P50 ceil(3.5) = 4, P90
 * ceil(6.3) = 7. */
static void test_quantile(void **state)
{
	(void)state;
	const int ten[] = {7, 3, 10, 1, 9, 2, 8, 4, 6, 5};
	dd_money v[10];
	for (int i = 0; i < 10; i++) v[i] = dd_money_from_units(ten[i]);
	assert_money(dd_fc_quantile(v, 10, 10), "1");
	assert_money(dd_fc_quantile(v, 10, 50), "5");
	assert_money(dd_fc_quantile(v, 10, 90), "9");
	const int seven[] = {70, 10, 40, 30, 60, 20, 50};
	for (int i = 0; i < 7; i++) v[i] = dd_money_from_units(seven[i]);
	assert_money(dd_fc_quantile(v, 7, 10), "10");
	assert_money(dd_fc_quantile(v, 7, 50), "40");
	assert_money(dd_fc_quantile(v, 7, 90), "70");
}

/* A path model whose distribution is known: EC2 alternates 1,100 / 900
 * through 2026; run-rate over 12 months is 1,000, and the paths draw each
 * deviation and its mirror image (no persistence: alternating months), so
 * 2027-01 is above 1,000 on exactly half the draws and below on the other
 * half. The agreement's one year runs 2026-02 .. 2027-01 with a commitment
 * of 11,900: Feb .. Dec counted 6 x 900 + 5 x 1,100 = 10,900, so the year
 * falls short exactly when 2027-01 is below 1,000: probability 1/2; the
 * shortfall's P10 is 0 and its P90 positive, counted's P10 below 11,900
 * and P90 above. */
static void test_shortfall_probability(void **state)
{
	(void)state;
	char yaml[1024];
	snprintf(yaml, sizeof yaml,
		 "%sagreement: { id: A1, start: 2026-02-01, years: 1, commitment: [11900], discount_percent: 0 }\n",
		 one_account);
	dd_book *b = book_of(yaml);
	static hist_t h;
	memset(&h, 0, sizeof h);
	double v[12];
	for (int i = 0; i < 12; i++) v[i] = i % 2 ? 900 : 1100;
	hist_series(&h, "2026-01", 12, "111111111111", "AmazonEC2", v);
	dd_fc_options o;
	opts(&o, DD_FC_RUN_RATE, 1, 20000);
	o.window = 12;
	dd_forecast f;
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &o, &f), 0);
	assert_int_equal((int)f.nyears, 1);
	const dd_fc_year *y = &f.years[0];
	assert_money(y->shortfall.p10, "0");
	assert_true(dd_money_is_pos(y->shortfall.p90));
	assert_true(dd_money_cmp(y->counted.p10, M("11900")) < 0 && dd_money_cmp(y->counted.p90, M("11900")) > 0);
	/* 20,000 draws of a fair coin: within 0.4825 .. 0.5175 (5 standard deviations) */
	assert_true(dd_money_cmp(y->shortfall_probability, M("0.4825")) > 0);
	assert_true(dd_money_cmp(y->shortfall_probability, M("0.5175")) < 0);
	dd_forecast_dispose(&f);
	dd_book_free(b);
}

/* A series begins at its first charge; with fewer than 6 months it is the
 * run-rate of the months it has, whatever the method: S3 from 2026-10 at
 * 600 a month -> 600 (a trend over twelve months that counted the nine
 * earlier ones as zeros would climb far above it). */
static void test_short_series(void **state)
{
	(void)state;
	dd_book *b = book_of(one_account);
	static hist_t h;
	memset(&h, 0, sizeof h);
	double s3[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 600, 600, 600};
	hist_series(&h, "2026-01", 12, "111111111111", "AmazonS3", s3);
	dd_fc_options o;
	opts(&o, DD_FC_TREND, 3, 10);
	o.window = 12;
	o.months_needed = false;
	dd_forecast f;
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &o, &f), 0);
	assert_money(f.month[0].band[DD_FC_GROSS].p10, "600");
	assert_money(f.month[2].band[DD_FC_GROSS].p90, "600");
	dd_forecast_dispose(&f);
	dd_book_free(b);
}

static void test_bad_options(void **state)
{
	(void)state;
	dd_book *b = book_of(one_account);
	static hist_t h;
	memset(&h, 0, sizeof h);
	double v[5] = {1, 2, 3, 4, 5};
	hist_series(&h, "2026-01", 5, "111111111111", "AmazonEC2", v);
	dd_fc_options o;
	dd_forecast f;
	opts(&o, DD_FC_AUTO, 12, 0);
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &o, &f), DD_EINVALID);
	assert_non_null(strstr(dd_error_last(), "--paths"));
	dd_forecast_dispose(&f);
	opts(&o, DD_FC_AUTO, 121, 10);
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &o, &f), DD_EINVALID);
	assert_non_null(strstr(dd_error_last(), "--months"));
	dd_forecast_dispose(&f);
	dd_fc_method m;
	assert_int_equal(dd_fc_method_parse("magic", &m), DD_EINVALID);
	assert_int_equal(dd_fc_method_parse("seasonal", &m), 0);
	assert_int_equal(m, DD_FC_SEASONAL);
	/* 5 months cannot back-test 3: 3 + 3 are needed */
	dd_fc_backtest bt;
	opts(&o, DD_FC_AUTO, 0, 10);
	assert_int_equal(dd_forecast_backtest(h.h, h.n, 3, &o, &bt), DD_EINVALID);
	assert_non_null(strstr(dd_error_last(), "--backtest"));
	dd_fc_backtest_dispose(&bt);
	assert_int_equal(dd_forecast_backtest(h.h, h.n, 2, &o, &bt), 0);
	dd_fc_backtest_dispose(&bt);
	dd_book_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_credit_balances),
		cmocka_unit_test(test_trend_line),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_ramp),
		cmocka_unit_test(test_seeds),
		cmocka_unit_test(test_quantile),
		cmocka_unit_test(test_shortfall_probability),
		cmocka_unit_test(test_short_series),
		cmocka_unit_test(test_bad_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
