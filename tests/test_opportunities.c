/* test_opportunities.c: credits not yet asked for (opportunities.h, issue
 * #11) on books and histories built by hand: what is held per programme
 * (expiry on the as-of date counts, the day before does not), the typical
 * sizes, and every trigger present and absent at its edge: a renewal 11
 * and 12 months away against 13; 1,000,001 against 999,999 of spend a
 * year without an agreement (tax, support and AWS's own credits left out);
 * a 25 % ramp from a ramp file against 24 % and 24.999 %; a service first
 * billed 2 months before the last against 3 and 4; EC2 with and without a
 * Graviton credit; Marketplace spend inside and outside the 12 months; an
 * incident whose SLA claim can still be filed, one whose deadline passed,
 * none. Every expected figure is worked out in the comment beside it. */
#include "forecast_fixture.h"

#define BOOK_HEAD "currency: USD\norganization:\n  payer: \"111111111111\"\n"

/* A history of n months from `first`, every month imported and empty
 * (forecast_fixture.h's hist_t; charges added with charge()). */
static void hist_init(hist_t *h, const char *first, size_t n)
{
	memset(h, 0, sizeof *h);
	h->n = n;
	for (size_t i = 0; i < n; i++) {
		h->h[i].month = MO(first) + (dd_month)i;
		h->h[i].present = true;
		h->h[i].charges = h->c[i];
	}
}

/* Month i gets a charge on 111111111111 (service, service name, charge
 * type, Marketplace; strings borrowed: literals). */
static void charge(hist_t *h, size_t i, const char *service, const char *service_name, const char *type, bool marketplace,
		   const char *amount)
{
	dd_fc_history *m = &h->h[i];
	assert_true(i < h->n && m->n < H_SERIES);
	h->c[i][m->n++] = (dd_charge){.account = "111111111111", .service = service, .service_name = service_name,
				      .charge_type = type, .marketplace = marketplace, .amount = M(amount)};
}

static void usage(hist_t *h, size_t i, const char *service, const char *amount)
{
	charge(h, i, service, NULL, "Usage", false, amount);
}

static void find(const dd_book *b, const hist_t *h, const dd_forecast *f, const char *as_of, dd_opportunities *o)
{
	int rc = dd_opportunities_find(b, h ? h->h : NULL, h ? h->n : 0, f, D(as_of), o);
	if (rc) fail_msg("dd_opportunities_find: %s", dd_error_last());
	assert_int_equal(o->n, DD_OPP_COUNT);
}

static const char *trigger(const dd_opportunities *o, dd_opp_programme p) { return o->items[p].trigger; }

/* Held, the typical sizes and the names. As of 2026-12-31: EDP-A (50,000,
 * expires 2026-12-31, the as-of day itself) counts, EDP-B (30,000, expired
 * 2026-12-30) does not; the tranches of T (10,000 + 5,000, to 2027 and
 * 2028) both count; MAP 120,000; support 12,000; the rest 0. No history, no
 * forecast: no trigger (no agreement, no spend, no incident). */
static void test_held_and_typical(void **state)
{
	(void)state;
	dd_book *b = book_of(BOOK_HEAD
			     "credits:\n"
			     "  - { id: EDP-A, type: edp, amount: 50000, start: 2026-01-01, expires: 2026-12-31 }\n"
			     "  - { id: EDP-B, type: edp, amount: 30000, start: 2026-01-01, expires: 2026-12-30 }\n"
			     "  - id: T\n"
			     "    type: edp\n"
			     "    tranches:\n"
			     "      - { amount: 10000, start: 2027-01-01, expires: 2027-12-31 }\n"
			     "      - { amount: 5000, start: 2028-01-01, expires: 2028-12-31, requires_previous: true }\n"
			     "  - { id: MAP-1, type: map, amount: 120000, start: 2026-01-01, expires: 2027-06-30 }\n"
			     "  - { id: SUP, type: support, amount: 12000, start: 2026-01-01, expires: 2027-01-01 }\n"
			     "  - { id: PROMO, type: promotional, amount: 9000, start: 2026-01-01, expires: 2027-01-01 }\n");
	dd_opportunities o;
	find(b, NULL, NULL, "2026-12-31", &o);
	static const char *const want[] = {"edp", "map", "poc", "graviton", "marketplace", "partner", "support", "sla"};
	for (int p = 0; p < DD_OPP_COUNT; p++) {
		assert_int_equal(o.items[p].programme, p);
		assert_string_equal(dd_opp_programme_name((dd_opp_programme)p), want[p]);
		assert_null(o.items[p].trigger);
		assert_non_null(o.items[p].when);
		assert_true(strlen(o.items[p].when) > 20);
		assert_int_equal(dd_date_cmp(o.items[p].ask_on, D("2026-12-31")), 0);
	}
	assert_string_equal(dd_opp_programme_name(DD_OPP_COUNT), "?");
	assert_int_equal(dd_opp_credit_type(DD_OPP_GRAVITON), DD_CREDIT_GRAVITON);
	assert_int_equal(dd_opp_credit_type(DD_OPP_SLA), DD_CREDIT_SLA);
	assert_money(o.items[DD_OPP_EDP].held, "65000"); /* 50,000 + 10,000 + 5,000 */
	assert_money(o.items[DD_OPP_MAP].held, "120000");
	assert_money(o.items[DD_OPP_SUPPORT].held, "12000");
	for (int p = DD_OPP_POC; p <= DD_OPP_PARTNER; p++) assert_money(o.items[p].held, "0");
	assert_money(o.items[DD_OPP_SLA].held, "0");
	/* SPEC section 7's sizes */
	static const char *const lo[] = {"25000", "100000", "5000", "10000", "5000", "5000"};
	static const char *const hi[] = {"250000", "1000000", "25000", "50000", "100000", "50000"};
	for (int p = 0; p <= DD_OPP_PARTNER; p++) {
		assert_true(o.items[p].has_typical);
		assert_money(o.items[p].typical_low, lo[p]);
		assert_money(o.items[p].typical_high, hi[p]);
	}
	assert_false(o.items[DD_OPP_SUPPORT].has_typical);
	assert_false(o.items[DD_OPP_SLA].has_typical);
	assert_non_null(strstr(o.items[DD_OPP_SUPPORT].when, "no typical range"));
	assert_int_equal(o.last, DD_MONTH_NONE);
	assert_int_equal(o.spend_months, 0);
	assert_int_equal(o.ramp_months, 0);
	dd_opportunities_dispose(&o);
	dd_opportunities_dispose(&o); /* zeroed: a second dispose is harmless */
	dd_opportunities_dispose(NULL);
	dd_book_free(b);
}

/* The renewal of a one-year agreement ending 2026-12-31 (window opens
 * 2026-03-31, 9 months before; 60-day mark 2026-11-01). As of 2026-01-31 it
 * is 11 months away (334 days: 28 + 31 + 30 + 31 + 30 + 31 + 31 + 30 + 31 +
 * 30 + 31), and the window opens later: ask on 2026-03-31. As of 2025-12-31
 * it is exactly 12 months away (the edge counts, 365 days). As of
 * 2025-11-30 it is 13 months away: no trigger. */
static void test_edp_renewal(void **state)
{
	(void)state;
	dd_book *b = book_of(BOOK_HEAD "agreement: { id: EDP-X, start: 2026-01-01, years: 1, commitment: 500000 }\n");
	dd_opportunities o;
	find(b, NULL, NULL, "2026-01-31", &o);
	assert_string_equal(trigger(&o, DD_OPP_EDP), "EDP-X ends on 2026-12-31, in 334 days (inside 12 months): its renewal "
						     "window opens on 2026-03-31 and the 60-day mark is 2026-11-01.");
	assert_int_equal(dd_date_cmp(o.items[DD_OPP_EDP].ask_on, D("2026-03-31")), 0);
	assert_non_null(strstr(o.items[DD_OPP_EDP].when, "2026-03-31"));
	assert_non_null(strstr(o.items[DD_OPP_EDP].when, "2026-11-01"));
	dd_opportunities_dispose(&o);

	find(b, NULL, NULL, "2025-12-31", &o);
	assert_non_null(trigger(&o, DD_OPP_EDP));
	assert_non_null(strstr(trigger(&o, DD_OPP_EDP), "in 365 days"));
	dd_opportunities_dispose(&o);

	find(b, NULL, NULL, "2025-11-30", &o);
	assert_null(trigger(&o, DD_OPP_EDP));
	dd_opportunities_dispose(&o);

	/* inside the window: "opened", and ask now */
	find(b, NULL, NULL, "2026-06-30", &o);
	assert_non_null(strstr(trigger(&o, DD_OPP_EDP), "window opened on 2026-03-31"));
	assert_int_equal(dd_date_cmp(o.items[DD_OPP_EDP].ask_on, D("2026-06-30")), 0);
	dd_opportunities_dispose(&o);
	dd_book_free(b);
}

/* Twelve months of spend, 83,333 a month in 2026-01 .. 2026-11 (916,663)
 * and `last` in 2026-12, beside a tax of 50,000, an Enterprise support row
 * of 15,000 and AWS's own credit of -5,000 in 2026-12 that are not spend. */
static void spend_year(hist_t *h, const char *last)
{
	hist_init(h, "2026-01", 12);
	for (size_t i = 0; i < 11; i++) usage(h, i, "AmazonEC2", "83333");
	usage(h, 11, "AmazonEC2", last);
	charge(h, 11, "AmazonEC2", NULL, "Tax", false, "50000");
	charge(h, 11, "AWSSupportEnterprise", NULL, "Usage", false, "15000");
	charge(h, 11, "AmazonEC2", NULL, "Credit", false, "-5000");
}

/* No agreement: 916,663 + 83,338 = 1,000,001 of spend a year triggers;
 * 916,663 + 83,336 = 999,999 does not. An agreement that ended (2024 and
 * 2025, as of 2026-12-31) is none in force. Six months of 180,000 are
 * 1,080,000, 2,160,000 a year. */
static void test_edp_spend(void **state)
{
	(void)state;
	static hist_t h;
	dd_book *none = book_of(BOOK_HEAD);
	dd_opportunities o;
	spend_year(&h, "83338");
	find(none, &h, NULL, "2026-12-31", &o);
	assert_int_equal(o.spend_months, 12);
	assert_money(o.spend, "1000001");
	assert_money(o.spend_year, "1000001");
	assert_string_equal(trigger(&o, DD_OPP_EDP),
			    "The book has no EDP agreement, and the last 12 imported months (2026-01 to 2026-12) billed "
			    "1,000,001.00 of spend: over the 1,000,000.00 a year at which an EDP is usually offered.");
	dd_opportunities_dispose(&o);

	spend_year(&h, "83336");
	find(none, &h, NULL, "2026-12-31", &o);
	assert_money(o.spend, "999999");
	assert_null(trigger(&o, DD_OPP_EDP));
	dd_opportunities_dispose(&o);

	dd_book *ended = book_of(BOOK_HEAD "agreement: { id: OLD, start: 2024-01-01, years: 2, commitment: 900000 }\n");
	spend_year(&h, "83338");
	find(ended, &h, NULL, "2026-12-31", &o);
	assert_non_null(trigger(&o, DD_OPP_EDP));
	assert_non_null(strstr(trigger(&o, DD_OPP_EDP), "OLD ended on 2025-12-31 and no agreement is in force"));
	dd_opportunities_dispose(&o);

	hist_init(&h, "2026-07", 6);
	for (size_t i = 0; i < 6; i++) usage(&h, i, "AmazonS3", "180000");
	find(none, &h, NULL, "2026-12-31", &o);
	assert_int_equal(o.spend_months, 6);
	assert_money(o.spend, "1080000");
	assert_money(o.spend_year, "2160000");
	assert_non_null(strstr(trigger(&o, DD_OPP_EDP),
			       "the last 6 imported months (2026-07 to 2026-12) billed 1,080,000.00 of spend, 2,160,000.00 a year"));
	dd_opportunities_dispose(&o);
	dd_book_free(none);
	dd_book_free(ended);
}

/* EC2 1,000 a month in 2026 (12,000), run-rate, 12 months projected; a
 * one-year agreement from 2027-01-01 with a commitment of 100,000 makes
 * 2027-12's gross carry a shortfall, which the ramp leaves out. A ramp of
 * `amount` a month on EC2 from 2027-01: 12 x (1,000 + amount). */
static void ramp_case(const char *amount, dd_opportunities *o, dd_forecast *f)
{
	static hist_t h;
	hist_init(&h, "2026-01", 12);
	for (size_t i = 0; i < 12; i++) usage(&h, i, "AmazonEC2", "1000");
	dd_book *b = book_of(BOOK_HEAD "agreement: { id: EDP-27, start: 2027-01-01, years: 1, commitment: 100000 }\n");
	dd_ramp *r = NULL;
	if (amount) {
		char ry[256];
		snprintf(ry, sizeof ry, "ramp:\n  - { account: \"111111111111\", service: AmazonEC2, from: 2027-01, amount: %s }\n",
			 amount);
		dd_book_problems p = {0};
		assert_int_equal(dd_ramp_load_buffer("ramp.yaml", ry, strlen(ry), &r, &p), 0);
	}
	dd_fc_options fo;
	dd_fc_options_default(&fo);
	fo.method = DD_FC_RUN_RATE;
	fo.months = 12;
	fo.paths = 10;
	fo.months_needed = false;
	fo.ramp = r;
	assert_int_equal(dd_forecast_run(b, h.h, h.n, &fo, f), 0);
	/* the shortfall is in 2027-12's gross */
	assert_true(dd_money_is_pos(f->month[11].band[DD_FC_SHORTFALL].p50));
	find(b, &h, f, "2026-12-31", o);
	dd_ramp_free(r);
	dd_book_free(b);
}

/* 250 a month: 15,000 against 12,000, +25.0 %: the trigger. 240: 14,880,
 * +24.0 %: none. 249.99: 14,999.88, +24.999 % (shown 24.9): none. No ramp:
 * 12,000, +0.0 %. */
static void test_map_ramp(void **state)
{
	(void)state;
	dd_opportunities o;
	dd_forecast f;
	ramp_case("250", &o, &f);
	assert_int_equal(o.ramp_months, 12);
	assert_money(o.ramp_base, "12000");
	assert_money(o.ramp_projected, "15000");
	assert_true(o.has_ramp_percent);
	assert_int_equal(o.ramp_tenths, 250);
	assert_string_equal(trigger(&o, DD_OPP_MAP),
			    "The forecast's P50 spend for the next 12 months (2027-01 to 2027-12) is 15,000.00, 25.0% over the "
			    "12,000.00 of the last 12 imported (2026-01 to 2026-12): a ramp of 25% or more, as a migration brings.");
	dd_opportunities_dispose(&o);
	dd_forecast_dispose(&f);

	ramp_case("240", &o, &f);
	assert_money(o.ramp_projected, "14880");
	assert_int_equal(o.ramp_tenths, 240);
	assert_null(trigger(&o, DD_OPP_MAP));
	dd_opportunities_dispose(&o);
	dd_forecast_dispose(&f);

	ramp_case("249.99", &o, &f);
	assert_money(o.ramp_projected, "14999.88");
	assert_int_equal(o.ramp_tenths, 249);
	assert_null(trigger(&o, DD_OPP_MAP));
	dd_opportunities_dispose(&o);
	dd_forecast_dispose(&f);

	ramp_case(NULL, &o, &f);
	assert_money(o.ramp_projected, "12000");
	assert_int_equal(o.ramp_tenths, 0);
	assert_null(trigger(&o, DD_OPP_MAP));
	dd_opportunities_dispose(&o);
	dd_forecast_dispose(&f);
}

/* A forecast run on another history (its as-of month is not the last
 * month given) is refused. */
static void test_forecast_mismatch(void **state)
{
	(void)state;
	dd_opportunities o;
	dd_forecast f;
	ramp_case(NULL, &o, &f);
	dd_opportunities_dispose(&o);
	static hist_t h;
	hist_init(&h, "2026-01", 11);
	for (size_t i = 0; i < 11; i++) usage(&h, i, "AmazonEC2", "1000");
	dd_book *b = book_of(BOOK_HEAD);
	assert_int_equal(dd_opportunities_find(b, h.h, h.n, &f, D("2026-12-31"), &o), DD_EUSAGE);
	assert_null(o.items);
	dd_opportunities_dispose(&o);
	dd_forecast_dispose(&f);
	dd_book_free(b);
}

/* EC2 100 a month in 2026; a new service from month `first` (0-based,
 * 2026-01 = 0) on, 100, 200, 300, ... */
static void poc_case(hist_t *h, size_t first)
{
	hist_init(h, "2026-01", 12);
	static const char *const a[] = {"100", "200", "300", "400", "500"};
	for (size_t i = 0; i < 12; i++) usage(h, i, "AmazonEC2", "100");
	for (size_t i = first; i < 12; i++) usage(h, i, "AmazonBedrock", a[i - first]);
}

/* The last 3 months of history are 2026-10 .. 2026-12. Bedrock from
 * 2026-10 (2 months before the last): new, 100 + 200 + 300 = 600 since;
 * with AmazonQ's 50 in 2026-12 too, both, in the order first billed. From
 * 2026-09 (3 before) or 2026-08 (4 before): not new. A Tax row alone does
 * not bill a service. A history of 3 months: everything is new, nothing is
 * told apart. */
static void test_poc(void **state)
{
	(void)state;
	static hist_t h;
	dd_book *b = book_of(BOOK_HEAD);
	dd_opportunities o;
	poc_case(&h, 9);
	find(b, &h, NULL, "2026-12-31", &o);
	assert_string_equal(trigger(&o, DD_OPP_POC), "A service first billed in the last 3 imported months (2026-10 to "
						     "2026-12), as an evaluation is: AmazonBedrock (first billed 2026-10, "
						     "600.00 since).");
	dd_opportunities_dispose(&o);

	usage(&h, 11, "AmazonQ", "50");
	charge(&h, 10, "AWSTaxOnly", NULL, "Tax", false, "9");
	find(b, &h, NULL, "2026-12-31", &o);
	assert_string_equal(trigger(&o, DD_OPP_POC), "Services first billed in the last 3 imported months (2026-10 to "
						     "2026-12), as an evaluation is: AmazonBedrock (first billed 2026-10, "
						     "600.00 since), AmazonQ (first billed 2026-12, 50.00 since).");
	dd_opportunities_dispose(&o);

	poc_case(&h, 8);
	find(b, &h, NULL, "2026-12-31", &o);
	assert_null(trigger(&o, DD_OPP_POC));
	dd_opportunities_dispose(&o);

	poc_case(&h, 7);
	find(b, &h, NULL, "2026-12-31", &o);
	assert_null(trigger(&o, DD_OPP_POC));
	dd_opportunities_dispose(&o);

	hist_init(&h, "2026-10", 3);
	for (size_t i = 0; i < 3; i++) usage(&h, i, "AmazonEC2", "100");
	find(b, &h, NULL, "2026-12-31", &o);
	assert_null(trigger(&o, DD_OPP_POC));
	dd_opportunities_dispose(&o);
	dd_book_free(b);
}

/* EC2 500 in 2026-12, the last month, and no Graviton credit: the trigger.
 * A Graviton credit to 2027-06-30 is held: none. One that expired on
 * 2026-06-30 is named. EC2 only in 2026-11: none. FOCUS names EC2 "Amazon
 * Elastic Compute Cloud": the same. Tax on EC2 is no spend. */
static void test_graviton(void **state)
{
	(void)state;
	static hist_t h;
	dd_book *b = book_of(BOOK_HEAD);
	dd_opportunities o;
	hist_init(&h, "2026-11", 2);
	usage(&h, 0, "AmazonEC2", "700");
	usage(&h, 1, "AmazonEC2", "500");
	usage(&h, 1, "AmazonS3", "80");
	find(b, &h, NULL, "2026-12-31", &o);
	assert_string_equal(trigger(&o, DD_OPP_GRAVITON), "EC2 billed 500.00 in 2026-12, the last imported month, and the "
							  "book holds no Graviton credit expiring on or after 2026-12-31.");
	dd_opportunities_dispose(&o);

	dd_book *held = book_of(BOOK_HEAD "credits:\n"
					  "  - { id: G, type: graviton, amount: 10000, start: 2026-01-01, expires: 2027-06-30 }\n");
	find(held, &h, NULL, "2026-12-31", &o);
	assert_money(o.items[DD_OPP_GRAVITON].held, "10000");
	assert_null(trigger(&o, DD_OPP_GRAVITON));
	dd_opportunities_dispose(&o);

	dd_book *lapsed = book_of(BOOK_HEAD "credits:\n"
					    "  - { id: G-OLD, type: graviton, amount: 10000, start: 2026-01-01, expires: 2026-06-30 }\n");
	find(lapsed, &h, NULL, "2026-12-31", &o);
	assert_money(o.items[DD_OPP_GRAVITON].held, "0");
	assert_non_null(strstr(trigger(&o, DD_OPP_GRAVITON), "on or after 2026-12-31 (G-OLD expired on 2026-06-30)."));
	dd_opportunities_dispose(&o);

	hist_init(&h, "2026-11", 2);
	usage(&h, 0, "AmazonEC2", "700");
	usage(&h, 1, "AmazonS3", "80");
	charge(&h, 1, "AmazonEC2", NULL, "Tax", false, "40");
	find(b, &h, NULL, "2026-12-31", &o);
	assert_null(trigger(&o, DD_OPP_GRAVITON));
	dd_opportunities_dispose(&o);

	hist_init(&h, "2026-12", 1);
	usage(&h, 0, "Amazon Elastic Compute Cloud", "321.5");
	find(b, &h, NULL, "2026-12-31", &o);
	assert_non_null(strstr(trigger(&o, DD_OPP_GRAVITON), "EC2 billed 321.50 in 2026-12"));
	dd_opportunities_dispose(&o);
	dd_book_free(b);
	dd_book_free(held);
	dd_book_free(lapsed);
}

/* 13 months, 2025-12 .. 2026-12; the spend window is 2026-01 .. 2026-12.
 * Marketplace datadog 1,000 in 2026-03 and snowflake 500 + 250 in 2026-12:
 * 1,750, datadog first (the larger). Marketplace only in 2025-12: none.
 * None at all: none. */
static void test_marketplace(void **state)
{
	(void)state;
	static hist_t h;
	dd_book *b = book_of(BOOK_HEAD);
	dd_opportunities o;
	hist_init(&h, "2025-12", 13);
	for (size_t i = 0; i < 13; i++) usage(&h, i, "AmazonS3", "10");
	charge(&h, 3, "datadog", NULL, "Usage", true, "1000");
	charge(&h, 12, "snowflake", NULL, "Usage", true, "500");
	charge(&h, 12, "snowflake", NULL, "Fee", true, "250");
	find(b, &h, NULL, "2026-12-31", &o);
	assert_string_equal(trigger(&o, DD_OPP_MARKETPLACE), "Marketplace purchases billed 1,750.00 in the last 12 imported "
							     "months (2026-01 to 2026-12): datadog 1,000.00, snowflake 750.00.");
	dd_opportunities_dispose(&o);

	hist_init(&h, "2025-12", 13);
	for (size_t i = 0; i < 13; i++) usage(&h, i, "AmazonS3", "10");
	charge(&h, 0, "datadog", NULL, "Usage", true, "1000");
	find(b, &h, NULL, "2026-12-31", &o);
	assert_null(trigger(&o, DD_OPP_MARKETPLACE));
	assert_money(o.spend, "120"); /* 12 x 10: the window leaves 2025-12 out */
	dd_opportunities_dispose(&o);

	hist_init(&h, "2025-12", 13);
	for (size_t i = 0; i < 13; i++) usage(&h, i, "AmazonS3", "10");
	find(b, &h, NULL, "2026-12-31", &o);
	assert_null(trigger(&o, DD_OPP_MARKETPLACE));
	assert_null(trigger(&o, DD_OPP_PARTNER)); /* never looked for */
	dd_opportunities_dispose(&o);
	dd_book_free(b);
}

/* INC-1: EC2, 2026-10-03 14:05 to 19:35 UTC (5 h 30 min). Its SLA claim is
 * recommended 30 days after it ended (2026-11-02) and due by the end of the
 * second billing cycle after October: 2026-12-31. As of 2026-12-31 both
 * triggers; as of 2027-01-01 the claim's deadline has passed: goodwill
 * only; as of 2026-10-01 it has not happened: none; a book without
 * incidents: none. */
static void test_incidents(void **state)
{
	(void)state;
	dd_book *b = book_of(BOOK_HEAD "incidents:\n"
				       "  - id: INC-1\n"
				       "    service: AmazonEC2\n"
				       "    sla: ec2-region\n"
				       "    region: us-east-1\n"
				       "    start: 2026-10-03T14:05:00Z\n"
				       "    end: 2026-10-03T19:35:00Z\n"
				       "    impact: checkout down\n");
	dd_opportunities o;
	find(b, NULL, NULL, "2026-12-31", &o);
	assert_string_equal(trigger(&o, DD_OPP_SUPPORT), "Incidents in the book: INC-1 (AmazonEC2, ec2-region, us-east-1, "
							 "from 2026-10-03 14:05 UTC for 5 h 30 min), impact: checkout down.");
	assert_string_equal(trigger(&o, DD_OPP_SLA), "Incidents whose SLA claim can still be filed: INC-1 (AmazonEC2, "
						     "ec2-region, us-east-1, from 2026-10-03 14:05 UTC for 5 h 30 min), to "
						     "file by 2026-11-02 (30 days after it ended, passed), by 2026-12-31 at "
						     "the latest.");
	dd_opportunities_dispose(&o);

	find(b, NULL, NULL, "2027-01-01", &o);
	assert_non_null(trigger(&o, DD_OPP_SUPPORT));
	assert_null(trigger(&o, DD_OPP_SLA));
	dd_opportunities_dispose(&o);

	find(b, NULL, NULL, "2026-10-01", &o);
	assert_null(trigger(&o, DD_OPP_SUPPORT));
	assert_null(trigger(&o, DD_OPP_SLA));
	dd_opportunities_dispose(&o);
	dd_book_free(b);

	b = book_of(BOOK_HEAD);
	find(b, NULL, NULL, "2026-12-31", &o);
	assert_null(trigger(&o, DD_OPP_SUPPORT));
	assert_null(trigger(&o, DD_OPP_SLA));
	dd_opportunities_dispose(&o);
	dd_book_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_held_and_typical), cmocka_unit_test(test_edp_renewal),
		cmocka_unit_test(test_edp_spend),	 cmocka_unit_test(test_map_ramp),
		cmocka_unit_test(test_forecast_mismatch), cmocka_unit_test(test_poc),
		cmocka_unit_test(test_graviton),	 cmocka_unit_test(test_marketplace),
		cmocka_unit_test(test_incidents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
