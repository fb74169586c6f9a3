/* test_engine.c: one month's bill and runs of months (SPEC 3, 3.1): credit
 * order and greedy placement, sharing, the discount and the two phases,
 * Marketplace, fees, tax, domains, unknown types, negative lines, locks,
 * expiry and leakage, and the commitment (at the end). Every expected amount
 * is worked out by hand in the comment beside it. */
#include "engine_fixture.h"
#include "engine_int.h"

#define EC2 "AmazonEC2"
#define S3 "AmazonS3"

/* SPEC 3 item 3: A $10 (EC2, S3) expires first, B $5 (EC2). EC2 100, S3 50. */
static void test_aws_vector(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	int b_ = fx_credit(f, "B", DD_CREDIT_EDP, "5", "2026-01-01", "2026-06-30");
	fx_services(f, b_, EC2, NULL);
	int a = fx_credit(f, "A", DD_CREDIT_EDP, "10", "2026-01-01", "2026-03-31");
	fx_services(f, a, EC2, S3, NULL);
	fx_usage(f, "P", EC2, "100");
	fx_usage(f, "P", S3, "50");
	dd_bill *b = fx_run(f, "2026-01");
	/* A first (expires first) to EC2 (largest): 100 - 10 = 90; B to EC2: 90 - 5 = 85 */
	assert_money(fx_line(b, "P", EC2)->payable, "85");
	assert_money(fx_line(b, "P", S3)->payable, "50");
	assert_money(fx_alloc(b, a, "P", EC2), "10");
	assert_money(fx_alloc(b, a, "P", S3), "0");
	assert_money(fx_alloc(b, b_, "P", EC2), "5");
	assert_money(b->credits_before_discount, "15");
	assert_money(b->gross, "150");
	assert_money(b->payable, "135"); /* 85 + 50 */
	assert_int_equal(b->credits[a].state, DD_CS_EXHAUSTED);
	assert_int_equal(b->credits[b_].state, DD_CS_EXHAUSTED);
	fx_assert_identity(b);
	fx_free(f);
}

/* SPEC 3 item 4: 1,000,000 gross, 100,000 credit, 10% discount. */
static void discount_case(dd_applies applies, const char *payable, const char *discount)
{
	fx_t *f = fx_new("P");
	fx_agreement(f, "2026-01-01", 1, "0", "10");
	int c = fx_credit(f, "C", DD_CREDIT_EDP, "100000", "2026-01-01", "2026-12-31");
	f->credits[c].applies = applies;
	fx_usage(f, "P", EC2, "1000000");
	dd_bill *b = fx_run(f, "2026-01");
	assert_money(b->discount, discount);
	assert_money(b->payable, payable);
	assert_money(b->credits[c].applied, "100000");
	if (applies == DD_APPLIES_BEFORE_DISCOUNT) assert_money(b->credits_before_discount, "100000");
	else assert_money(b->credits_after_discount, "100000");
	fx_assert_identity(b);
	fx_free(f);
}

static void test_discount_phases(void **state)
{
	(void)state;
	/* before: (1,000,000 - 100,000) x 0.90 = 810,000; discount 90,000 */
	discount_case(DD_APPLIES_BEFORE_DISCOUNT, "810000", "90000");
	/* after: 1,000,000 x 0.90 - 100,000 = 800,000; discount 100,000 */
	discount_case(DD_APPLIES_AFTER_DISCOUNT, "800000", "100000");
}

/* Both phases on one bill, and phase 2 capped at what the discount left. */
static void test_before_and_after_same_bill(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	fx_agreement(f, "2026-01-01", 1, "0", "10");
	int before = fx_credit(f, "BEFORE", DD_CREDIT_EDP, "100000", "2026-01-01", "2026-12-31");
	int after = fx_credit(f, "AFTER", DD_CREDIT_EDP, "100000", "2026-01-01", "2026-12-31");
	f->credits[after].applies = DD_APPLIES_AFTER_DISCOUNT;
	int big = fx_credit(f, "BIG", DD_CREDIT_EDP, "2000000", "2026-01-01", "2026-12-31");
	f->credits[big].applies = DD_APPLIES_AFTER_DISCOUNT;
	fx_services(f, big, S3, NULL);
	fx_usage(f, "P", EC2, "1000000");
	fx_usage(f, "P", S3, "1000000");
	dd_bill *b = fx_run(f, "2026-01");
	/* order: same expiry; BIG has 1 service and goes first in phase 2; AFTER and BEFORE
	 * have "all". Phase 1: BEFORE 100,000 on the larger line: tie 1,000,000 each, EC2
	 * first by code. EC2: 900,000 after phase 1, discount 90,000, left 810,000.
	 * S3: discount 100,000, left 900,000. Phase 2: BIG (S3 only) takes 900,000 of
	 * 2,000,000; AFTER 100,000 on EC2 (S3 is at 0) -> EC2 payable 710,000. */
	assert_money(fx_alloc(b, before, "P", EC2), "100000");
	assert_money(fx_alloc(b, after, "P", EC2), "100000");
	assert_money(fx_line(b, "P", EC2)->credits, "200000");
	assert_money(fx_line(b, "P", EC2)->discount, "90000");
	assert_money(fx_line(b, "P", EC2)->payable, "710000");
	assert_money(fx_line(b, "P", S3)->credits, "900000");
	assert_money(fx_line(b, "P", S3)->discount, "100000");
	assert_money(fx_line(b, "P", S3)->payable, "0");
	assert_money(b->credits[big].remaining, "1100000");
	assert_money(b->credits_before_discount, "100000");
	assert_money(b->credits_after_discount, "1000000");
	assert_money(b->discount, "190000");
	assert_money(b->payable, "710000");
	fx_assert_identity(b);
	fx_free(f);
}

/* Which credit goes first: the one (of two $10 credits, one $10 charge)
 * named `first`. */
static void order_case(const char *first, int x, int y, fx_t *f)
{
	fx_usage(f, "P", EC2, "10");
	dd_bill *b = fx_run(f, "2026-01");
	int w = !strcmp(f->credits[x].id, first) ? x : y, l = w == x ? y : x;
	assert_money(b->credits[w].applied, "10");
	assert_money(b->credits[l].applied, "0");
	fx_free(f);
}

static void test_order_tie_breaks(void **state)
{
	(void)state;
	/* 1. expiry month first, whatever the id */
	fx_t *f = fx_new("P");
	int x = fx_credit(f, "A", DD_CREDIT_EDP, "10", "2025-01-01", "2026-03-31");
	int y = fx_credit(f, "Z", DD_CREDIT_EDP, "10", "2026-01-01", "2026-02-28");
	order_case("Z", x, y, f);
	/* 2. same expiry month (10th vs 30th tie): fewest services first */
	f = fx_new("P");
	x = fx_credit(f, "A", DD_CREDIT_EDP, "10", "2025-01-01", "2026-06-10");
	y = fx_credit(f, "B", DD_CREDIT_EDP, "10", "2026-01-01", "2026-06-30");
	fx_services(f, y, EC2, S3, NULL);
	order_case("B", x, y, f);
	/* 3. same expiry month and services count: oldest start month first */
	f = fx_new("P");
	x = fx_credit(f, "A", DD_CREDIT_EDP, "10", "2026-01-02", "2026-06-30");
	y = fx_credit(f, "B", DD_CREDIT_EDP, "10", "2025-12-31", "2026-06-01");
	order_case("B", x, y, f);
	/* 4. start compared by month: 2 and 31 January tie; then the id */
	f = fx_new("P");
	x = fx_credit(f, "B", DD_CREDIT_EDP, "10", "2026-01-02", "2026-06-30");
	y = fx_credit(f, "A", DD_CREDIT_EDP, "10", "2026-01-31", "2026-06-30");
	order_case("A", x, y, f);
}

/* Owner first, then accounts by what the credit can cover, desc. */
static void test_owner_then_highest_spend(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	int c = fx_credit(f, "C", DD_CREDIT_EDP, "150", "2026-01-01", "2026-12-31");
	snprintf(f->credits[c].owner, DD_ACCOUNT_MAX, "A2");
	fx_usage(f, "A1", EC2, "100");
	fx_usage(f, "A2", EC2, "30");
	fx_usage(f, "A3", EC2, "80");
	fx_usage(f, "A3", S3, "40");
	dd_bill *b = fx_run(f, "2026-01");
	/* owner A2 first: 30 (120 left); then A3 (80 + 40 = 120) before A1 (100):
	 * EC2 80 then S3 40 -> exhausted; A1 gets nothing */
	assert_money(fx_alloc(b, c, "A2", EC2), "30");
	assert_money(fx_alloc(b, c, "A3", EC2), "80");
	assert_money(fx_alloc(b, c, "A3", S3), "40");
	assert_money(fx_line(b, "A1", EC2)->credits, "0");
	assert_int_equal(b->nallocs, 3);
	fx_free(f);
}

/* Ranking counts only what THIS credit can cover, and ties go by account id. */
static void test_rank_by_coverable_and_ties(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	int c = fx_credit(f, "C", DD_CREDIT_EDP, "45", "2026-01-01", "2026-12-31");
	fx_services(f, c, EC2, NULL);
	fx_usage(f, "A1", EC2, "10");
	fx_usage(f, "A1", S3, "1000");
	fx_usage(f, "A2", EC2, "40");
	dd_bill *b = fx_run(f, "2026-01");
	/* coverable: A1 10, A2 40 -> A2 takes 40, A1 the last 5 */
	assert_money(fx_alloc(b, c, "A2", EC2), "40");
	assert_money(fx_alloc(b, c, "A1", EC2), "5");
	fx_free(f);

	f = fx_new("P");
	c = fx_credit(f, "C", DD_CREDIT_EDP, "50", "2026-01-01", "2026-12-31");
	fx_usage(f, "A2", EC2, "40");
	fx_usage(f, "A1", EC2, "40");
	b = fx_run(f, "2026-01");
	/* tie 40/40: A1 before A2 by id -> A1 40, A2 10 */
	assert_money(fx_alloc(b, c, "A1", EC2), "40");
	assert_money(fx_alloc(b, c, "A2", EC2), "10");
	fx_free(f);
}

/* The ranking is computed when each credit's turn comes. */
static void test_rank_after_earlier_credits(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	int c1 = fx_credit(f, "C1", DD_CREDIT_EDP, "70", "2026-01-01", "2026-06-30");
	fx_services(f, c1, EC2, NULL);
	int c2 = fx_credit(f, "C2", DD_CREDIT_EDP, "50", "2026-01-01", "2026-12-31");
	fx_usage(f, "A1", EC2, "100");
	fx_usage(f, "A2", S3, "80");
	dd_bill *b = fx_run(f, "2026-01");
	/* C1 (expires first, EC2): A1 EC2 100 -> 30 left. C2 then ranks A2 (80) over
	 * A1 (30): A2 S3 takes 50. (Ranked before C1, A1's 100 would have won.) */
	assert_money(fx_alloc(b, c1, "A1", EC2), "70");
	assert_money(fx_alloc(b, c2, "A2", S3), "50");
	assert_money(fx_alloc(b, c2, "A1", EC2), "0");
	/* services of one account: by remaining, ties by code */
	fx_free(f);
	f = fx_new("P");
	c1 = fx_credit(f, "C", DD_CREDIT_EDP, "50", "2026-01-01", "2026-12-31");
	fx_usage(f, "P", S3, "60");
	fx_usage(f, "P", EC2, "60");
	b = fx_run(f, "2026-01");
	/* tie 60/60: AmazonEC2 < AmazonS3 */
	assert_money(fx_alloc(b, c1, "P", EC2), "50");
	assert_money(fx_alloc(b, c1, "P", S3), "0");
	fx_free(f);
}

/* An account with sharing off: its credits stay home, others' never reach it. */
static void test_account_sharing_off(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	fx_account(f, "A1", false);
	fx_account(f, "A2", true);
	int c1 = fx_credit(f, "C1", DD_CREDIT_EDP, "30", "2026-01-01", "2026-06-30");
	snprintf(f->credits[c1].owner, DD_ACCOUNT_MAX, "A1");
	int c2 = fx_credit(f, "C2", DD_CREDIT_EDP, "200", "2026-01-01", "2026-12-31");
	fx_usage(f, "A1", EC2, "50");
	fx_usage(f, "A2", EC2, "100");
	dd_bill *b = fx_run(f, "2026-01");
	/* C1 (A1's): A1 50 -> 20 left. C2 (payer's): A2 100 only; A1's 20 unreachable */
	assert_money(fx_line(b, "A1", EC2)->credits, "30");
	assert_money(fx_line(b, "A1", EC2)->payable, "20");
	assert_money(fx_line(b, "A2", EC2)->credits, "100");
	assert_money(b->credits[c2].remaining, "100");
	fx_free(f);

	/* A1's credit does not leave A1 even when A1 has nothing left */
	f = fx_new("P");
	fx_account(f, "A1", false);
	c1 = fx_credit(f, "C1", DD_CREDIT_EDP, "100", "2026-01-01", "2026-12-31");
	snprintf(f->credits[c1].owner, DD_ACCOUNT_MAX, "A1");
	fx_usage(f, "A1", EC2, "10");
	fx_usage(f, "A2", EC2, "100");
	b = fx_run(f, "2026-01");
	assert_money(b->credits[c1].applied, "10");
	assert_money(fx_line(b, "A2", EC2)->credits, "0");
	fx_free(f);
}

static dd_bill *sharing_case(fx_t *f, int c)
{
	fx_usage(f, "P", EC2, "10");
	fx_usage(f, "A1", EC2, "50");
	fx_usage(f, "A2", EC2, "50");
	(void)c;
	return fx_run(f, "2026-01");
}

static void test_org_and_credit_sharing(void **state)
{
	(void)state;
	/* organisation sharing off: the payer's $100 credit covers only its own 10 */
	fx_t *f = fx_new("P");
	f->book.credit_sharing = false;
	int c = fx_credit(f, "C", DD_CREDIT_EDP, "100", "2026-01-01", "2026-12-31");
	dd_bill *b = sharing_case(f, c);
	assert_money(b->credits[c].applied, "10");
	fx_free(f);
	/* the credit's own sharing disabled: same */
	f = fx_new("P");
	c = fx_credit(f, "C", DD_CREDIT_EDP, "100", "2026-01-01", "2026-12-31");
	f->credits[c].sharing = DD_SHARING_DISABLED;
	b = sharing_case(f, c);
	assert_money(b->credits[c].applied, "10");
	fx_free(f);
	/* a list [A2]: owner P first (not on the list), then A2 only: 10 + 50 = 60 */
	f = fx_new("P");
	c = fx_credit(f, "C", DD_CREDIT_EDP, "100", "2026-01-01", "2026-12-31");
	fx_share_with(f, c, "A2", NULL);
	b = sharing_case(f, c);
	assert_money(fx_alloc(b, c, "P", EC2), "10");
	assert_money(fx_alloc(b, c, "A2", EC2), "50");
	assert_money(fx_alloc(b, c, "A1", EC2), "0");
	assert_money(b->credits[c].remaining, "40");
	fx_free(f);
	/* default sharing: 10 + 50 + 50 = 110 > 100: P 10, then A1/A2 tie -> A1 50, A2 40 */
	f = fx_new("P");
	c = fx_credit(f, "C", DD_CREDIT_EDP, "100", "2026-01-01", "2026-12-31");
	b = sharing_case(f, c);
	assert_money(fx_alloc(b, c, "A1", EC2), "50");
	assert_money(fx_alloc(b, c, "A2", EC2), "40");
	fx_free(f);
}

/* Marketplace: only marketplace credits; not discounted unless the contract says. */
static void marketplace_case(bool discount_marketplace, const char *mkt_disc, const char *mkt_payable)
{
	fx_t *f = fx_new("P");
	fx_agreement(f, "2026-01-01", 1, "0", "10")->discount_marketplace = discount_marketplace;
	int m = fx_credit(f, "MKT", DD_CREDIT_MARKETPLACE, "30", "2026-01-01", "2026-03-31");
	int e = fx_credit(f, "EDP", DD_CREDIT_EDP, "1000", "2026-01-01", "2026-12-31");
	fx_services(f, e, EC2, "VendorX", NULL);
	fx_usage(f, "P", EC2, "100");
	fx_usage(f, "P", "VendorX", "200")->marketplace = true;
	dd_bill *b = fx_run(f, "2026-01");
	/* MKT first (expires first): the Marketplace line (200 > 100) takes 30 -> 170.
	 * EDP covers the AWS EC2 line only: 100; never the Marketplace line. */
	assert_money(fx_alloc(b, m, "P", "VendorX"), "30");
	assert_money(fx_alloc(b, e, "P", EC2), "100");
	assert_money(fx_alloc(b, e, "P", "VendorX"), "0");
	const dd_bill_line *l = fx_line_mp(b, "P", "VendorX", true);
	assert_true(l->marketplace);
	assert_money(l->credits, "30");
	assert_money(l->discount, mkt_disc);
	assert_money(l->payable, mkt_payable);
	assert_money(fx_line(b, "P", EC2)->payable, "0");
	fx_assert_identity(b);
	fx_free(f);
}

static void test_marketplace(void **state)
{
	(void)state;
	marketplace_case(false, "0", "170");   /* 200 - 30 */
	marketplace_case(true, "17", "153");   /* (200 - 30) x 10% = 17; 170 - 17 */
}

/* A marketplace credit covers ordinary lines too; one allocation per
 * (credit, account, service) even across a Marketplace and an AWS line. */
static void test_marketplace_credit_on_aws_lines(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	int m = fx_credit(f, "MKT", DD_CREDIT_MARKETPLACE, "150", "2026-01-01", "2026-03-31");
	fx_usage(f, "P", EC2, "100");
	fx_usage(f, "P", EC2, "40")->marketplace = true;
	dd_bill *b = fx_run(f, "2026-01");
	/* 100 (AWS) + 40 (Marketplace) = 140 <= 150 */
	assert_money(fx_line_mp(b, "P", EC2, false)->credits, "100");
	assert_money(fx_line_mp(b, "P", EC2, true)->credits, "40");
	assert_int_equal(b->nallocs, 1);
	assert_money(fx_alloc(b, m, "P", EC2), "140");
	assert_money(b->credits[m].remaining, "10");
	fx_free(f);
}

/* Fees are discounted, never credited; tax passes through. */
static void test_fee_and_tax(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	fx_agreement(f, "2026-01-01", 1, "0", "10");
	int c = fx_credit(f, "C", DD_CREDIT_EDP, "1000", "2026-01-01", "2026-12-31");
	fx_usage(f, "P", EC2, "100");
	fx_charge(f, "P", EC2, "Fee", "30");
	fx_charge(f, "P", EC2, "SavingsPlanUpfrontFee", "20");
	fx_charge(f, "P", EC2, "Tax", "10");
	dd_bill *b = fx_run(f, "2026-01");
	const dd_bill_line *l = fx_line(b, "P", EC2);
	/* usage 100 credited; fees 50: discount 10% = 5; line gross 150, payable 150 - 100 - 5 = 45 */
	assert_money(l->gross, "150");
	assert_money(l->credits, "100");
	assert_money(l->discount, "5");
	assert_money(l->payable, "45");
	assert_money(l->tax, "10");
	assert_money(b->credits[c].remaining, "900");
	assert_money(b->tax, "10");
	assert_money(b->payable, "55"); /* 45 + tax 10 */
	fx_assert_identity(b);
	fx_free(f);
}

/* Domain charges are discounted like usage, never credited. */
static void test_domain(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	fx_agreement(f, "2026-01-01", 1, "0", "10");
	int c = fx_credit(f, "C", DD_CREDIT_EDP, "100", "2026-01-01", "2026-12-31");
	fx_usage(f, "P", "AmazonRoute53", "5");
	fx_usage(f, "P", "AmazonRoute53", "12")->domain = true;
	fx_usage(f, "P", "AmazonRegistrar", "20");
	dd_bill *b = fx_run(f, "2026-01");
	/* Route53: 5 credited; domain 12 discounted 1.2; payable 17 - 5 - 1.2 = 10.8 */
	assert_money(fx_line(b, "P", "AmazonRoute53")->credits, "5");
	assert_money(fx_line(b, "P", "AmazonRoute53")->discount, "1.2");
	assert_money(fx_line(b, "P", "AmazonRoute53")->payable, "10.8");
	/* Registrar: 20, discount 2, payable 18 */
	assert_money(fx_line(b, "P", "AmazonRegistrar")->credits, "0");
	assert_money(fx_line(b, "P", "AmazonRegistrar")->payable, "18");
	assert_money(b->credits[c].remaining, "95");
	fx_free(f);
}

/* Unknown types and FlatRateSubscription: payable, never credited or
 * discounted, in the support base, not counted toward the commitment; the
 * unknown ones listed. */
static void test_unknown_types(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	f->book.support_plan = DD_SUPPORT_BUSINESS;
	fx_agreement(f, "2026-01-01", 1, "100000", "10");
	int c = fx_credit(f, "C", DD_CREDIT_EDP, "1000", "2026-01-01", "2026-12-31");
	fx_usage(f, "P", EC2, "10000");
	fx_charge(f, "P", EC2, "FlatRateSubscription", "4000");
	fx_charge(f, "P", EC2, "NewThing", "1000");
	fx_charge(f, "P", EC2, "NewThing", "0.5");
	fx_charge(f, "P", EC2, "EdpDiscount", "-900"); /* ignored */
	dd_bill *b = fx_run(f, "2026-01");
	const dd_bill_line *l = fx_line(b, "P", EC2);
	/* gross 10,000 + 5,000.5 = 15,000.5; credit 1,000 on usage; discount
	 * (10,000 - 1,000) x 10% = 900; payable 15,000.5 - 1,000 - 900 = 13,100.5 */
	assert_money(l->gross, "15000.5");
	assert_money(l->credits, "1000");
	assert_money(l->discount, "900");
	assert_money(l->payable, "13100.5");
	assert_money(b->credits[c].applied, "1000");
	/* support base 15,000.5: 1,000 + 7% x 5,000.5 = 350.035 -> 1,350.035 */
	assert_money(b->support_fee, "1350.035");
	/* counted (net, credits count): usage 10,000 - 1,000 - 900 = 8,100 + credits 1,000
	 * + support 1,350.035 = 10,450.035; unknown 5,000.5 not counted */
	assert_money(b->counted, "10450.035");
	/* listed: NewThing only; FlatRateSubscription is a known type (SPEC 2.2),
	 * billed the same way but not listed, as import does not list it */
	assert_int_equal(b->nunknown, 1);
	assert_string_equal(b->unknown_types[0], "NewThing");
	fx_assert_identity(b);
	fx_free(f);
}

/* A line whose usage nets below zero is never credited nor discounted. */
static void test_negative_line(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	fx_agreement(f, "2026-01-01", 1, "0", "10");
	int c = fx_credit(f, "C", DD_CREDIT_EDP, "100", "2026-01-01", "2026-12-31");
	fx_usage(f, "P", EC2, "100");
	fx_charge(f, "P", EC2, "SavingsPlanNegation", "-150");
	fx_charge(f, "P", EC2, "Fee", "30");
	fx_usage(f, "P", S3, "20");
	dd_bill *b = fx_run(f, "2026-01");
	/* EC2: U = -50, F = 30: gross -20, no credit, no discount (not even on the fee) */
	const dd_bill_line *l = fx_line(b, "P", EC2);
	assert_money(l->gross, "-20");
	assert_money(l->credits, "0");
	assert_money(l->discount, "0");
	assert_money(l->payable, "-20");
	/* S3: credit 20, nothing left to discount */
	assert_money(fx_line(b, "P", S3)->credits, "20");
	assert_money(fx_line(b, "P", S3)->payable, "0");
	assert_money(b->credits[c].remaining, "80");
	assert_money(b->payable, "-20");
	fx_assert_identity(b);
	fx_free(f);
}

/* Paused, milestone without date, unlock month, tranche after predecessor. */
static void test_paused_and_locked(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	int paused = fx_credit(f, "PAUSED", DD_CREDIT_EDP, "100", "2026-01-01", "2026-12-31");
	f->credits[paused].status = DD_STATUS_PAUSED;
	int ms = fx_credit(f, "MILESTONE", DD_CREDIT_MAP, "100", "2026-01-01", "2026-12-31");
	f->credits[ms].has_unlock = true;
	f->credits[ms].milestone = (char *)"wave-1";
	int ul = fx_credit(f, "UNLOCK", DD_CREDIT_MAP, "100", "2026-01-01", "2026-12-31");
	f->credits[ul].has_unlock = true;
	f->credits[ul].unlock_month = MO("2026-02");
	int t1 = fx_credit(f, "T#1", DD_CREDIT_EDP, "50", "2026-01-01", "2026-12-31");
	fx_services(f, t1, S3, NULL);
	int t2 = fx_credit(f, "T#2", DD_CREDIT_EDP, "50", "2026-01-01", "2026-12-31");
	fx_services(f, t2, S3, NULL);
	f->credits[t2].after = t1;
	int later = fx_credit(f, "LATER", DD_CREDIT_EDP, "100", "2026-03-01", "2026-12-31");
	fx_services(f, later, "AmazonRDS", NULL);

	fx_usage(f, "P", EC2, "70");
	fx_usage(f, "P", S3, "80");
	dd_bill *b = fx_run(f, "2026-01");
	/* January: only T#1 usable (T#2 waits for T#1 to be exhausted at the start of a month):
	 * S3 80 -> T#1 50. EC2 70 uncovered. */
	assert_money(b->credits[t1].applied, "50");
	assert_money(b->credits[t2].applied, "0");
	assert_money(b->credits_before_discount, "50");
	assert_int_equal(b->credits[paused].state, DD_CS_PAUSED);
	assert_int_equal(b->credits[ms].state, DD_CS_LOCKED);
	assert_int_equal(b->credits[ul].state, DD_CS_LOCKED);
	assert_int_equal(b->credits[t1].state, DD_CS_EXHAUSTED);
	assert_int_equal(b->credits[t2].state, DD_CS_ACTIVE); /* usable from February */
	assert_int_equal(b->credits[later].state, DD_CS_NOT_STARTED);

	fx_usage(f, "P", EC2, "70");
	fx_usage(f, "P", S3, "80");
	b = fx_run(f, "2026-02");
	/* February: UNLOCK (all services) and T#2 (S3). Order: same expiry; T#2 has 1
	 * service so goes first: S3 80 -> 50. UNLOCK: EC2 70 then S3 30 -> 100. */
	assert_money(fx_alloc(b, t2, "P", S3), "50");
	assert_money(fx_alloc(b, ul, "P", EC2), "70");
	assert_money(fx_alloc(b, ul, "P", S3), "30");
	assert_money(b->credits[ms].applied, "0");
	assert_money(b->credits[paused].applied, "0");
	assert_int_equal(b->credits[ul].state, DD_CS_EXHAUSTED);
	assert_int_equal(b->credits[ms].state, DD_CS_LOCKED);
	fx_free(f);
}

/* Leakage: what is left at the end of the expiry month is lost. */
static void test_leakage_across_months(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	int c = fx_credit(f, "C", DD_CREDIT_POC, "100", "2026-01-01", "2026-03-15");
	fx_usage(f, "P", EC2, "30");
	dd_bill *b = fx_run(f, "2026-01");
	assert_money(b->credits[c].remaining, "70");
	assert_money(b->leakage, "0");
	fx_usage(f, "P", EC2, "20");
	b = fx_run(f, "2026-02");
	assert_money(b->credits[c].remaining, "50");
	fx_usage(f, "P", EC2, "10");
	b = fx_run(f, "2026-03");
	/* March (expiry month, whole month usable): 10 used, 40 expires */
	assert_money(b->credits[c].applied, "10");
	assert_money(b->credits[c].expired, "40");
	assert_money(b->credits[c].expired_total, "40");
	assert_money(b->credits[c].consumed, "60");
	assert_money(b->credits[c].remaining, "0");
	assert_money(b->leakage, "40");
	assert_int_equal(b->credits[c].state, DD_CS_EXPIRED);
	b = fx_run_nodata(f, "2026-04");
	assert_true(b->no_data);
	assert_money(b->credits[c].expired, "0");
	assert_money(b->credits[c].expired_total, "40");
	assert_money(b->leakage, "0");
	fx_usage(f, "P", EC2, "10");
	b = fx_run(f, "2026-05");
	assert_money(b->credits[c].applied, "0");
	fx_free(f);
}

/* Used up before its expiry month ends: "exhausted", also after the expiry;
 * one that closes with value left is "expired". */
static void test_exhausted_then_past_expiry(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	int used = fx_credit(f, "A-USED", DD_CREDIT_POC, "20", "2026-01-01", "2026-01-31");
	int left = fx_credit(f, "B-LEFT", DD_CREDIT_POC, "100", "2026-01-01", "2026-01-31");
	/* January: EC2 50. Same expiry and services, same start: id order decides:
	 * first (A-USED before B-LEFT) takes 20, B-LEFT takes the other 30 and 70 expires. */
	fx_usage(f, "P", EC2, "50");
	dd_bill *b = fx_run(f, "2026-01");
	assert_money(b->credits[used].applied, "20");
	assert_money(b->credits[left].applied, "30");
	assert_money(b->credits[left].expired, "70");
	assert_int_equal(b->credits[used].state, DD_CS_EXHAUSTED);
	assert_int_equal(b->credits[left].state, DD_CS_EXPIRED);
	b = fx_run_nodata(f, "2026-02");
	assert_int_equal(b->credits[used].state, DD_CS_EXHAUSTED);
	assert_int_equal(b->credits[left].state, DD_CS_EXPIRED);
	fx_free(f);
}

/* A credit that expired before the first month run. */
static void test_expired_before_first_month(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	int old = fx_credit(f, "OLD", DD_CREDIT_EDP, "100", "2025-01-01", "2025-12-31");
	int cur = fx_credit(f, "CUR", DD_CREDIT_EDP, "5", "2025-01-01", "2026-01-31");
	fx_usage(f, "P", EC2, "30");
	dd_bill *b = fx_run(f, "2026-01");
	assert_money(b->credits[old].applied, "0");
	assert_money(b->credits[old].remaining, "0");
	assert_money(b->credits[old].expired, "0");
	assert_money(b->credits[old].expired_total, "100");
	assert_int_equal(b->credits[old].state, DD_CS_EXPIRED);
	assert_money(b->credits[cur].applied, "5");
	assert_money(b->leakage, "0");
	fx_free(f);
}

/* Months run one after another; an error changes nothing. */
static void test_consecutive_months_and_clone(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	int c = fx_credit(f, "C", DD_CREDIT_EDP, "100", "2026-01-01", "2026-12-31");
	assert_int_equal(dd_engine_new(&f->book, &f->engine), 0);
	assert_int_equal(dd_engine_last_month(f->engine), DD_MONTH_NONE);
	fx_usage(f, "P", EC2, "30");
	fx_run(f, "2026-01");
	assert_int_equal(dd_engine_last_month(f->engine), MO("2026-01"));
	fx_usage(f, "P", EC2, "30");
	assert_int_equal(fx_run_rc(f, "2026-03", false), DD_EUSAGE);
	assert_non_null(strstr(dd_error_last(), "2026-03"));
	assert_int_equal(fx_run_rc(f, "2026-01", false), DD_EUSAGE);
	assert_int_equal(dd_engine_last_month(f->engine), MO("2026-01"));

	dd_engine *copy;
	assert_int_equal(dd_engine_clone(f->engine, &copy), 0);
	fx_usage(f, "P", EC2, "30");
	dd_bill *b = fx_run(f, "2026-02");
	/* 100 - 30 - 30 = 40 */
	assert_money(b->credits[c].remaining, "40");
	/* the copy branched after January: 70 left, then 50 in February -> 20 */
	dd_charge ch = {.account = "P", .service = EC2, .charge_type = "Usage", .amount = M("50")};
	dd_bill cb;
	dd_bill_init(&cb);
	assert_int_equal(dd_engine_run_month(copy, MO("2026-02"), &ch, 1, false, &cb), 0);
	assert_money(cb.credits[c].remaining, "20");
	assert_money(cb.credits[c].consumed, "80");
	dd_bill_dispose(&cb);
	dd_engine_free(copy);
	fx_free(f);
}

/* A book names a service by product code or by display name. */
static void test_service_name_match(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	int c = fx_credit(f, "C", DD_CREDIT_EDP, "100", "2026-01-01", "2026-12-31");
	fx_services(f, c, "Amazon Elastic Compute Cloud", NULL);
	fx_usage(f, "P", EC2, "30")->service_name = "Amazon Elastic Compute Cloud";
	fx_usage(f, "P", S3, "30")->service_name = "Amazon Simple Storage Service";
	dd_bill *b = fx_run(f, "2026-01");
	assert_money(fx_line(b, "P", EC2)->credits, "30");
	assert_money(fx_line(b, "P", S3)->credits, "0");
	fx_free(f);
}

/* ---- commitment ------------------------------------------------------ */

/* One year, commitment 10,000, 10% discount, EC2 500 a month, a $1,000
 * before-discount credit used in January (500) and February (500). */
static void commit_case(dd_commitment_basis basis, bool credits_count, const char *counted_jan,
			const char *counted_mar, const char *shortfall)
{
	fx_t *f = fx_new("P");
	dd_agreement *a = fx_agreement(f, "2026-01-01", 1, "10000", "10");
	a->basis = basis;
	a->credits_count = credits_count;
	fx_credit(f, "C", DD_CREDIT_EDP, "1000", "2026-01-01", "2026-12-31");
	static const char *months[] = {"2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
				       "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"};
	dd_bill *b = NULL;
	for (int i = 0; i < 12; i++) {
		fx_usage(f, "P", EC2, "500");
		b = fx_run(f, months[i]);
		assert_int_equal(b->contract_year, 0);
		if (i == 0) assert_money(b->counted, counted_jan);
		if (i == 2) assert_money(b->counted, counted_mar);
		if (i < 11) assert_money(b->shortfall, "0");
	}
	assert_money(b->shortfall, shortfall);
	/* December: line payable 450 + shortfall */
	dd_money want = dd_money_add(M("450"), M(shortfall));
	assert_true(dd_money_cmp(b->payable, want) == 0);
	assert_true(dd_money_cmp(b->gross, dd_money_add(M("500"), M(shortfall))) == 0);
	fx_assert_identity(b);
	dd_commit_year y;
	assert_int_equal(dd_engine_commitment(f->engine, &y), 0);
	assert_money(y.shortfall, shortfall);
	assert_money(y.carried_in, "0");
	fx_free(f);
}

static void test_commitment_bases(void **state)
{
	(void)state;
	/* net, credits count: Jan/Feb 0 payable + 500 credits = 500; Mar-Dec 450 each.
	 * Year: 500 + 500 + 10 x 450 = 5,500 -> shortfall 4,500 */
	commit_case(DD_BASIS_NET, true, "500", "450", "4500");
	/* net, credits do not count: 0 + 0 + 4,500 -> 5,500 */
	commit_case(DD_BASIS_NET, false, "0", "450", "5500");
	/* gross, credits count: 12 x 500 = 6,000 -> 4,000 */
	commit_case(DD_BASIS_GROSS, true, "500", "500", "4000");
	/* gross, credits do not count: 0 + 0 + 10 x 500 = 5,000 -> 5,000 */
	commit_case(DD_BASIS_GROSS, false, "0", "500", "5000");
}

/* Three years of 1,000: year 1 spends 2,400, year 2 120, year 3 nothing (no data). */
static void carry_case(bool carry, const char *short2, const char *short3, const char *carried3)
{
	fx_t *f = fx_new("P");
	fx_agreement(f, "2026-01-01", 3, "1000", "0")->carry_forward = carry;
	dd_bill *b;
	dd_commit_year y[3];
	for (int i = 0; i < 36; i++) {
		char mon[8];
		dd_month_format(MO("2026-01") + i, mon);
		if (i < 12) fx_usage(f, "P", EC2, "200");
		else if (i < 24) fx_usage(f, "P", EC2, "10");
		b = i < 24 ? fx_run(f, mon) : fx_run_nodata(f, mon);
		assert_int_equal(b->contract_year, i / 12);
		if (i == 5) {
			/* mid year 1: counted 6 x 200 = 1,200; years 2 and 3 not started */
			assert_int_equal(dd_engine_commitment(f->engine, y), 0);
			assert_money(y[0].counted, "1200");
			assert_money(y[0].shortfall, "0");
			assert_money(y[1].counted, "0");
			assert_money(y[1].shortfall, "1000");
			assert_money(y[2].shortfall, "1000");
			char d1[11], d2[11];
			assert_string_equal(dd_date_format(y[0].start, d1), "2026-01-01");
			assert_string_equal(dd_date_format(y[0].end, d2), "2026-12-31");
			assert_string_equal(dd_date_format(y[2].start, d1), "2028-01-01");
			assert_string_equal(dd_date_format(y[2].end, d2), "2028-12-31");
			assert_int_equal(y[1].year, 2);
		}
		if (i == 11) assert_money(b->shortfall, "0");
		if (i == 23) assert_money(b->shortfall, short2);
		if (i == 35) {
			assert_true(b->no_data);
			assert_money(b->shortfall, short3);
			assert_money(b->gross, short3);
			assert_money(b->payable, short3);
		}
	}
	assert_int_equal(dd_engine_commitment(f->engine, y), 0);
	assert_money(y[0].counted, "2400");
	assert_money(y[1].counted, "120");
	assert_money(y[2].counted, "0");
	assert_money(y[1].carried_in, carry ? "1400" : "0");
	assert_money(y[2].carried_in, carried3);
	assert_money(y[1].shortfall, short2);
	assert_money(y[2].shortfall, short3);
	fx_free(f);
}

static void test_carry_forward_chain(void **state)
{
	(void)state;
	/* carry: into y2 2,400 - 1,000 = 1,400; y2 shortfall max(0, 1,000 - 120 - 1,400) = 0;
	 * into y3 120 + 1,400 - 1,000 = 520; y3 shortfall 1,000 - 0 - 520 = 480 */
	carry_case(true, "0", "480", "520");
	/* no carry: y2 1,000 - 120 = 880; y3 1,000 */
	carry_case(false, "880", "1000", "0");
}

/* Marketplace counts up to 25% of the year's commitment (1,000 -> 250). */
static void test_marketplace_cap(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	fx_agreement(f, "2026-01-01", 1, "1000", "0");
	fx_usage(f, "P", EC2, "100");
	fx_usage(f, "P", "VendorX", "200")->marketplace = true;
	dd_bill *b = fx_run(f, "2026-01");
	assert_money(b->counted, "300"); /* 100 + 200 (under the cap) */
	fx_usage(f, "P", EC2, "100");
	fx_usage(f, "P", "VendorX", "200")->marketplace = true;
	b = fx_run(f, "2026-02");
	assert_money(b->counted, "150"); /* 100 + (250 - 200) */
	fx_usage(f, "P", "VendorX", "200")->marketplace = true;
	b = fx_run(f, "2026-03");
	assert_money(b->counted, "0"); /* cap reached */
	fx_charge(f, "P", EC2, "Tax", "50");
	b = fx_run(f, "2026-04");
	assert_money(b->counted, "0"); /* tax never counts */
	dd_commit_year y;
	assert_int_equal(dd_engine_commitment(f->engine, &y), 0);
	assert_money(y.counted, "450");
	assert_money(y.shortfall, "550");
	fx_free(f);
}

static void test_no_agreement(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	fx_usage(f, "P", EC2, "10");
	dd_bill *b = fx_run(f, "2026-01");
	assert_int_equal(b->contract_year, -1);
	assert_money(b->counted, "0");
	dd_commit_year y;
	assert_int_equal(dd_engine_commitment(f->engine, &y), DD_ENOTFOUND);
	fx_free(f);
}


/* An overflowing month is refused and leaves the engine as it was. */
static void test_overflow_leaves_engine_unchanged(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	int c = fx_credit(f, "C", DD_CREDIT_EDP, "100", "2026-01-01", "2026-12-31");
	/* 2^126 + 2^126 = 2^127 raw units: one past the 128-bit range (the parser
	 * would refuse such amounts; the engine must not trust that) */
	fx_usage(f, "P", EC2, "0")->amount.v = (__int128)1 << 126;
	fx_usage(f, "P", EC2, "0")->amount.v = (__int128)1 << 126;
	assert_int_equal(fx_run_rc(f, "2026-01", false), DD_EOVERFLOW);
	assert_int_equal(dd_engine_last_month(f->engine), DD_MONTH_NONE);
	fx_usage(f, "P", EC2, "30");
	dd_bill *b = fx_run(f, "2026-01");
	assert_money(b->credits[c].remaining, "70");
	fx_free(f);
}


/* Issue #8 worked case (SPEC 3.1 "Commitment counting"): Business plan, no
 * discount, EC2 3,000, a support credit of 80. Fee max(100, 10% x 3,000) =
 * 300. Gross basis, credits do not count: 3,000 + 300 - 80 = 3,220. Gross,
 * credits count: 3,000 + 300 = 3,300. Net basis counts the fee net of support
 * credits either way: 3,000 + 300 - 80 = 3,220. */
static void support_credit_count_case(dd_commitment_basis basis, bool credits_count, const char *counted)
{
	fx_t *f = fx_new("P");
	f->book.support_plan = DD_SUPPORT_BUSINESS;
	dd_agreement *a = fx_agreement(f, "2026-01-01", 1, "100000", "0");
	a->basis = basis;
	a->credits_count = credits_count;
	fx_credit(f, "SUP", DD_CREDIT_SUPPORT, "80", "2026-01-01", "2026-12-31");
	fx_usage(f, "P", EC2, "3000");
	dd_bill *b = fx_run(f, "2026-01");
	assert_money(b->support_fee, "300");
	assert_money(b->support_credits, "80");
	assert_money(b->counted, counted);
	fx_assert_identity(b);
	fx_free(f);
}

static void test_support_credits_in_commitment(void **state)
{
	(void)state;
	support_credit_count_case(DD_BASIS_GROSS, false, "3220");
	support_credit_count_case(DD_BASIS_GROSS, true, "3300");
	support_credit_count_case(DD_BASIS_NET, true, "3220");
	support_credit_count_case(DD_BASIS_NET, false, "3220");
}

/* A credit of amount 0 (SPEC 3.1): never usable, conserved (0 = 0 + 0 + 0),
 * exhausted; the other credit takes the charge as if it were not there. */
static void test_zero_credit(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	int z = fx_credit(f, "ZERO", DD_CREDIT_EDP, "0", "2026-01-01", "2026-01-31");
	int c = fx_credit(f, "C", DD_CREDIT_EDP, "40", "2026-01-01", "2026-12-31");
	fx_usage(f, "P", EC2, "100");
	dd_bill *b = fx_run(f, "2026-01");
	assert_money(b->credits[z].applied, "0");
	assert_money(b->credits[z].remaining, "0");
	assert_money(b->credits[z].expired, "0");
	assert_int_equal(b->credits[z].state, DD_CS_EXHAUSTED);
	assert_money(fx_alloc(b, z, "P", EC2), "0");
	assert_money(b->credits[c].applied, "40");
	assert_money(b->leakage, "0");
	assert_money(b->payable, "60");
	fx_usage(f, "P", EC2, "100");
	b = fx_run(f, "2026-02"); /* past its expiry: still exhausted, nothing leaked */
	assert_int_equal(b->credits[z].state, DD_CS_EXHAUSTED);
	assert_money(b->credits[z].expired, "0");
	fx_free(f);
}

/* The sharing flag of an account, looked up by binary search over the
 * book's accounts sorted by id: listed out of order, two off, an id the
 * book does not list (shares by default), ids that sort before and after
 * every listed one, and a repeated id whose first entry wins. */
static void test_sharing_lookup(void **state)
{
	(void)state;
	fx_t *f = fx_new("333333333333");
	fx_account(f, "333333333333", true);
	fx_account(f, "111111111111", false);
	fx_account(f, "555555555555", false);
	fx_account(f, "222222222222", true);
	fx_account(f, "444444444444", true);
	fx_account(f, "555555555555", true); /* the loader refuses it; the first wins */
	assert_int_equal(dd_engine_new(&f->book, &f->engine), 0);
	assert_true(dd__eng_shares(f->engine, "333333333333"));
	assert_false(dd__eng_shares(f->engine, "111111111111"));
	assert_false(dd__eng_shares(f->engine, "555555555555"));
	assert_true(dd__eng_shares(f->engine, "222222222222"));
	assert_true(dd__eng_shares(f->engine, "444444444444"));
	assert_true(dd__eng_shares(f->engine, "999999999999"));
	assert_true(dd__eng_shares(f->engine, "000000000000"));
	assert_true(dd__eng_shares(f->engine, "2222"));
	dd_engine *c;
	assert_int_equal(dd_engine_clone(f->engine, &c), 0);
	assert_false(dd__eng_shares(c, "111111111111"));
	assert_true(dd__eng_shares(c, "444444444444"));
	dd_engine_free(c);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aws_vector),
		cmocka_unit_test(test_sharing_lookup),
		cmocka_unit_test(test_discount_phases),
		cmocka_unit_test(test_before_and_after_same_bill),
		cmocka_unit_test(test_order_tie_breaks),
		cmocka_unit_test(test_owner_then_highest_spend),
		cmocka_unit_test(test_rank_by_coverable_and_ties),
		cmocka_unit_test(test_rank_after_earlier_credits),
		cmocka_unit_test(test_account_sharing_off),
		cmocka_unit_test(test_org_and_credit_sharing),
		cmocka_unit_test(test_marketplace),
		cmocka_unit_test(test_marketplace_credit_on_aws_lines),
		cmocka_unit_test(test_fee_and_tax),
		cmocka_unit_test(test_domain),
		cmocka_unit_test(test_unknown_types),
		cmocka_unit_test(test_negative_line),
		cmocka_unit_test(test_paused_and_locked),
		cmocka_unit_test(test_leakage_across_months),
		cmocka_unit_test(test_exhausted_then_past_expiry),
		cmocka_unit_test(test_expired_before_first_month),
		cmocka_unit_test(test_consecutive_months_and_clone),
		cmocka_unit_test(test_service_name_match),
		cmocka_unit_test(test_commitment_bases),
		cmocka_unit_test(test_support_credits_in_commitment),
		cmocka_unit_test(test_zero_credit),
		cmocka_unit_test(test_carry_forward_chain),
		cmocka_unit_test(test_marketplace_cap),
		cmocka_unit_test(test_no_agreement),
		cmocka_unit_test(test_overflow_leaves_engine_unchanged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
