/* test_advice.c: `drawdown advise`'s findings (issue #11) on books and
 * histories built by hand: the 90-day boundary of credit_expiring, the
 * value a before-discount credit loses, a commitment shortfall worked out
 * month by month, the renewal window and its critical mark at their edges,
 * map_untagged, opportunities turned into findings, and the order. */
#include "forecast_fixture.h"

static const char *const base =
	"currency: USD\norganization:\n  payer: \"111111111111\"\n  accounts:\n"
	"    - { id: \"111111111111\" }\n    - { id: \"222222222222\" }\n";

typedef struct {
	dd_book *book;
	hist_t h;
	dd_forecast f;
	dd_advice a;
} adv_t;

/* EC2 at `monthly` on 111... for 2026 (no noise: every path the same). */
static adv_t *setup(const char *yaml_tail, double monthly)
{
	adv_t *t = calloc(1, sizeof *t);
	char yaml[4096];
	snprintf(yaml, sizeof yaml, "%s%s", base, yaml_tail);
	t->book = book_of(yaml);
	double v[12];
	for (int i = 0; i < 12; i++) v[i] = monthly;
	hist_series(&t->h, "2026-01", 12, "111111111111", "AmazonEC2", v);
	return t;
}

static int advise(adv_t *t, const char *as_of, const dd_agg_entry *e, size_t ne, const dd_opportunities *o)
{
	dd_date d;
	if (dd_date_parse(as_of, strlen(as_of), &d)) fail_msg("bad date %s", as_of);
	dd_fc_options op;
	dd_fc_options_default(&op);
	op.paths = 20;
	op.balance_month = dd_date_month(d) - 1;
	dd_forecast_dispose(&t->f);
	dd_advice_dispose(&t->a);
	assert_int_equal(dd_forecast_run(t->book, t->h.h, t->h.n, &op, &t->f), 0);
	dd_advice_input in = {t->book, &t->f, d, e, ne, MO("2026-12"), o, NULL};
	assert_int_equal(dd_advise(&in, &t->a), 0);
	return (int)t->a.n;
}

static const dd_finding *find(const adv_t *t, dd_finding_kind k, const char *subject)
{
	for (size_t i = 0; i < t->a.n; i++)
		if (t->a.items[i].kind == k && !strcmp(t->a.items[i].subject, subject)) return &t->a.items[i];
	return NULL;
}

static void done(adv_t *t)
{
	dd_advice_dispose(&t->a);
	dd_forecast_dispose(&t->f);
	dd_book_free(t->book);
	free(t);
}

/* Q1 of 10,000 on EC2 from 2027-01-01 to 2027-03-31 with EC2 at 100 a month:
 * it takes 300 and leaves 9,700. 2026-12-31 + 90 days = 2027-03-31 (31 + 28
 * + 31): flagged; from 2026-12-30 it is 91 days: not flagged (but the
 * expiry is still too short). */
static void test_credit_expiring_boundary(void **state)
{
	(void)state;
	adv_t *t = setup("credits:\n  - { id: Q1, type: promotional, amount: 10000, start: 2027-01-01, "
			 "expires: 2027-03-31, services: [AmazonEC2] }\n", 100);
	advise(t, "2026-12-31", NULL, 0, NULL);
	const dd_finding *f = find(t, DD_FIND_CREDIT_EXPIRING, "Q1");
	assert_non_null(f);
	assert_money(f->amount, "9700");
	assert_int_equal(f->date.month, 3);
	assert_int_equal(f->date.day, 31);
	const dd_finding *g = find(t, DD_FIND_EXPIRY_TOO_SHORT, "Q1");
	assert_non_null(g);
	assert_money(g->amount, "9700");
	/* 10,000 / 100 = 100 months from 2027-01: the lifted paths use it up in
	 * the 100th month; ask for ceil(100 / 6) x 6 = 102 months: 2035-06-30 */
	assert_int_equal(g->months_needed, 100);
	assert_true(g->has_suggested_expiry);
	assert_int_equal(g->suggested_expiry.year, 2035);
	assert_int_equal(g->suggested_expiry.month, 6);
	assert_int_equal(g->suggested_expiry.day, 30);
	advise(t, "2026-12-30", NULL, 0, NULL);
	assert_null(find(t, DD_FIND_CREDIT_EXPIRING, "Q1"));
	assert_non_null(find(t, DD_FIND_EXPIRY_TOO_SHORT, "Q1"));
	done(t);
}

/* A before-discount credit of 5,000 from 2027 under an 8 % discount in the
 * contract year of 2026-12-15: 5,000 x 8 % = 400 lost. The same credit
 * after the discount loses nothing. */
static void test_before_discount(void **state)
{
	(void)state;
	adv_t *t = setup("agreement: { id: A, start: 2026-01-01, years: 2, commitment: [0, 0], discount_percent: [8, 9] }\n"
			 "credits:\n"
			 "  - { id: BD, type: edp, amount: 5000, start: 2027-01-01, expires: 2028-12-31 }\n"
			 "  - { id: AD, type: edp, amount: 5000, start: 2027-01-01, expires: 2028-12-31, applies: after_discount }\n",
			 1000);
	advise(t, "2026-12-15", NULL, 0, NULL);
	const dd_finding *f = find(t, DD_FIND_BEFORE_DISCOUNT_CREDIT, "BD");
	assert_non_null(f);
	assert_money(f->amount, "400");
	assert_null(find(t, DD_FIND_BEFORE_DISCOUNT_CREDIT, "AD"));
	/* on 2027-02-10 (year 2, 9 %): BD took 1,000 x ... in January: the
	 * before-discount credit goes first on 1,000 of EC2: 5,000 - 1,000 = 4,000
	 * left at the end of January; 4,000 x 9 % = 360 */
	advise(t, "2027-02-10", NULL, 0, NULL);
	f = find(t, DD_FIND_BEFORE_DISCOUNT_CREDIT, "BD");
	assert_non_null(f);
	assert_money(f->amount, "360");
	done(t);
}

/* A one-year agreement from 2026-07-01 with a commitment of 12,000, net,
 * no discount, no credits: July .. December count 6 x 800 = 4,800; the
 * forecast keeps 800 a month (no noise, no growth): January .. June 4,800;
 * counted 9,600, shortfall 12,000 - 9,600 = 2,400 on every path. */
static void test_commitment_shortfall(void **state)
{
	(void)state;
	adv_t *t = setup("agreement: { id: A, start: 2026-07-01, years: 1, commitment: [12000], discount_percent: 0 }\n", 800);
	advise(t, "2026-12-31", NULL, 0, NULL);
	const dd_finding *f = find(t, DD_FIND_COMMITMENT_SHORTFALL, "A");
	assert_non_null(f);
	assert_money(f->amount, "2400");
	assert_money(f->probability, "1");
	assert_int_equal(f->year, 1);
	assert_int_equal(f->severity, DD_SEV_CRITICAL);
	assert_int_equal(f->date.year, 2027);
	assert_int_equal(f->date.month, 6);
	assert_int_equal(f->date.day, 30);
	/* a commitment of 9,600 is met exactly: no finding */
	done(t);
	t = setup("agreement: { id: A, start: 2026-07-01, years: 1, commitment: [9600], discount_percent: 0 }\n", 800);
	advise(t, "2026-12-31", NULL, 0, NULL);
	assert_null(find(t, DD_FIND_COMMITMENT_SHORTFALL, "A"));
	done(t);
}

/* An agreement 2026-01-01 for 3 years ends 2028-12-31: the window opens
 * 2028-03-31, the critical mark is 2028-11-01. */
static void test_renewal_edges(void **state)
{
	(void)state;
	adv_t *t = setup("agreement: { id: A, start: 2026-01-01, years: 3, commitment: [0, 0, 0], discount_percent: 0 }\n", 800);
	static const struct {
		const char *day;
		int window, critical;
	} cases[] = {{"2028-03-30", 0, 0}, {"2028-03-31", 1, 0}, {"2028-10-31", 1, 0},
		     {"2028-11-01", 0, 1}, {"2028-12-31", 0, 1}, {"2029-01-01", 0, 0}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		advise(t, cases[i].day, NULL, 0, NULL);
		const dd_finding *w = find(t, DD_FIND_RENEWAL_WINDOW, "A"), *c = find(t, DD_FIND_RENEWAL_CRITICAL, "A");
		if ((w != NULL) != cases[i].window || (c != NULL) != cases[i].critical)
			fail_msg("%s: window %d critical %d", cases[i].day, w != NULL, c != NULL);
		if (w) assert_true(w->date.year == 2028 && w->date.month == 3 && w->date.day == 31 && w->severity == DD_SEV_WARNING);
		if (c) assert_true(c->date.year == 2028 && c->date.month == 11 && c->date.day == 1 && c->severity == DD_SEV_CRITICAL);
	}
	done(t);
}

/* MAP on RDS owned by 222...: untagged RDS usage of 222... counts (1,000);
 * tagged (500), another account's (300), another service's (200), tax (50)
 * and a credit row do not. Outside the window (as of 2028-01-01): none. */
static void test_map_untagged(void **state)
{
	(void)state;
	adv_t *t = setup("credits:\n  - { id: MAP1, type: map, amount: 50000, start: 2026-06-01, expires: 2027-06-30, "
			 "owner: \"222222222222\", services: [AmazonRDS] }\n", 800);
	dd_agg_entry e[] = {
		{.account = "222222222222", .service = "AmazonRDS", .service_name = "", .charge_type = "Usage", .amount = M("1000")},
		{.account = "222222222222", .service = "AmazonRDS", .service_name = "", .charge_type = "Usage",
		 .flags = DD_ROW_MAP_MIGRATED, .amount = M("500")},
		{.account = "111111111111", .service = "AmazonRDS", .service_name = "", .charge_type = "Usage", .amount = M("300")},
		{.account = "222222222222", .service = "AmazonEC2", .service_name = "", .charge_type = "Usage", .amount = M("200")},
		{.account = "222222222222", .service = "AmazonRDS", .service_name = "", .charge_type = "Tax", .amount = M("50")},
		{.account = "222222222222", .service = "AmazonRDS", .service_name = "", .charge_type = "Credit", .amount = M("-90")},
	};
	advise(t, "2026-12-31", e, sizeof e / sizeof e[0], NULL);
	const dd_finding *f = find(t, DD_FIND_MAP_UNTAGGED, "MAP1");
	assert_non_null(f);
	assert_money(f->amount, "1000");
	advise(t, "2028-01-01", e, sizeof e / sizeof e[0], NULL);
	assert_null(find(t, DD_FIND_MAP_UNTAGGED, "MAP1"));
	done(t);
}

/* Opportunities with a trigger become info findings worth their low end;
 * without one, none. The order: critical, then warning, then info; within
 * a severity the larger amount first. */
static void test_opportunities_and_order(void **state)
{
	(void)state;
	adv_t *t = setup("agreement: { id: A, start: 2026-07-01, years: 1, commitment: [12000], discount_percent: 0 }\n"
			 "credits:\n  - { id: Q1, type: promotional, amount: 10000, start: 2027-01-01, "
			 "expires: 2027-03-31, services: [AmazonEC2] }\n"
			 "  - { id: Q2, type: promotional, amount: 20000, start: 2027-01-01, "
			 "expires: 2027-03-31, services: [AmazonEC2] }\n",
			 100);
	char trig[] = "EC2 spend of 100.00 in 2026-12 and no Graviton credit held.", when1[] = "With a Graviton roadmap.",
	     when2[] = "At a partner programme's kick-off.";
	dd_opportunity items[] = {
		{.programme = DD_OPP_GRAVITON, .trigger = trig, .has_typical = true, .typical_low = M("10000"),
		 .typical_high = M("50000"), .when = when1, .ask_on = {2026, 12, 31}},
		{.programme = DD_OPP_PARTNER, .trigger = NULL, .has_typical = true, .typical_low = M("5000"),
		 .typical_high = M("50000"), .when = when2, .ask_on = {2026, 12, 31}},
	};
	dd_opportunities o = {.items = items, .n = 2};
	advise(t, "2026-12-31", NULL, 0, &o);
	const dd_finding *g = find(t, DD_FIND_CREDIT_OPPORTUNITY, "graviton");
	assert_non_null(g);
	assert_int_equal(g->severity, DD_SEV_INFO);
	assert_money(g->amount, "10000");
	assert_null(find(t, DD_FIND_CREDIT_OPPORTUNITY, "partner"));
	for (size_t i = 1; i < t->a.n; i++) {
		const dd_finding *a = &t->a.items[i - 1], *b = &t->a.items[i];
		assert_true(a->severity <= b->severity);
		if (a->severity == b->severity && a->has_amount && b->has_amount) assert_true(dd_money_cmp(a->amount, b->amount) >= 0);
	}
	/* Q2 is used second (same expiry and services: by id), so it leaks more:
	 * EC2 100 a month for three months all go to Q1 (9,700 left), Q2 leaks 20,000 */
	assert_money(find(t, DD_FIND_EXPIRY_TOO_SHORT, "Q2")->amount, "20000");
	assert_money(find(t, DD_FIND_EXPIRY_TOO_SHORT, "Q1")->amount, "9700");
	assert_int_equal(t->a.items[0].kind, DD_FIND_COMMITMENT_SHORTFALL);
	done(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_credit_expiring_boundary), cmocka_unit_test(test_before_discount),
		cmocka_unit_test(test_commitment_shortfall),	 cmocka_unit_test(test_renewal_edges),
		cmocka_unit_test(test_map_untagged),		 cmocka_unit_test(test_opportunities_and_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
