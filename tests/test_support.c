/* test_support.c: support plan fees (SPEC 3 item 7) on their own and inside a
 * month's bill: AWS's pricing-page vectors, minimums, brackets, which charges
 * form the base, per-account vs payer-level plans, support credits with
 * sharing on and off, and a negotiated support.discount_percent on the fee
 * (minimum included). Every expectation is worked out by hand. */
#include "engine_fixture.h"

static dd_money fee(dd_support_plan plan, const char *base)
{
	dd_money f;
	assert_int_equal(dd_support_fee(plan, M(base), &f), 0);
	return f;
}

static void test_pricing_page_vectors(void **state)
{
	(void)state;
	/* Developer: 3% of 2,000 = 60 (> 29) */
	assert_money(fee(DD_SUPPORT_DEVELOPER, "2000"), "60");
	/* Business: 10% of 2,000 = 200 (> 100) */
	assert_money(fee(DD_SUPPORT_BUSINESS, "2000"), "200");
	/* Business 85,000: 10% x 10,000 = 1,000 + 7% x 70,000 = 4,900 + 5% x 5,000 = 250 -> 6,150 */
	assert_money(fee(DD_SUPPORT_BUSINESS, "85000"), "6150");
	/* Enterprise 1,200,000: 15,000 + 7% x 350,000 = 24,500 + 5% x 500,000 = 25,000
	 * + 3% x 200,000 = 6,000 -> 70,500 */
	assert_money(fee(DD_SUPPORT_ENTERPRISE, "1200000"), "70500");
	/* On-Ramp 40,000: 10% = 4,000 < 5,500 minimum */
	assert_money(fee(DD_SUPPORT_ENTERPRISE_ON_RAMP, "40000"), "5500");
}

static void test_minimums_and_brackets(void **state)
{
	(void)state;
	/* Developer 500: 3% = 15 < 29 */
	assert_money(fee(DD_SUPPORT_DEVELOPER, "500"), "29");
	/* Developer 1,234.56: 3% = 37.0368 */
	assert_money(fee(DD_SUPPORT_DEVELOPER, "1234.56"), "37.0368");
	/* Business 500: 10% = 50 < 100 */
	assert_money(fee(DD_SUPPORT_BUSINESS, "500"), "100");
	/* Business 10,000.01: 1,000 + 7% x 0.01 = 1,000.0007 */
	assert_money(fee(DD_SUPPORT_BUSINESS, "10000.01"), "1000.0007");
	/* Business 300,000: 1,000 + 4,900 + 5% x 170,000 = 8,500 + 3% x 50,000 = 1,500 -> 15,900 */
	assert_money(fee(DD_SUPPORT_BUSINESS, "300000"), "15900");
	/* Enterprise 100,000: 10% = 10,000 < 15,000 */
	assert_money(fee(DD_SUPPORT_ENTERPRISE, "100000"), "15000");
	/* Enterprise 2,000,000: 15,000 + 24,500 + 25,000 + 3% x 1,000,000 = 30,000 -> 94,500 */
	assert_money(fee(DD_SUPPORT_ENTERPRISE, "2000000"), "94500");
	/* On-Ramp 100,000: 10% = 10,000 > 5,500 */
	assert_money(fee(DD_SUPPORT_ENTERPRISE_ON_RAMP, "100000"), "10000");
	/* a negative base counts as 0: the minimum */
	assert_money(fee(DD_SUPPORT_BUSINESS, "-5000"), "100");
	assert_money(fee(DD_SUPPORT_DEVELOPER, "0"), "29");
	/* no plan, no fee */
	assert_money(fee(DD_SUPPORT_NONE, "1000000"), "0");
	dd_money f;
	assert_int_equal(dd_support_fee((dd_support_plan)99, M("1"), &f), DD_EUSAGE);
}

/* Business per account: base excludes Marketplace and tax, includes fees and
 * unknown types; each account with lines gets its own minimum. */
static void test_business_per_account(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	f->book.support_plan = DD_SUPPORT_BUSINESS;
	fx_usage(f, "A", "AmazonEC2", "1500");
	fx_charge(f, "A", "AmazonEC2", "Fee", "300");
	fx_charge(f, "A", "AmazonEC2", "FlatRateSubscription", "200");
	fx_charge(f, "A", "AmazonEC2", "Tax", "99");
	fx_usage(f, "A", "VendorX", "5000")->marketplace = true;
	fx_charge(f, "A", "AWSSupportBusiness", "Usage", "777"); /* imported support row: ignored */
	fx_charge(f, "A", "AmazonEC2", "Credit", "-400");        /* AWS's own application: ignored */
	fx_usage(f, "B", "AmazonS3", "10");
	dd_bill *b = fx_run(f, "2026-01");
	assert_int_equal(b->nsupport, 2);
	/* A: base 1,500 + 300 + 200 = 2,000 -> 10% = 200 */
	assert_money(fx_support(b, "A")->base, "2000");
	assert_money(fx_support(b, "A")->fee, "200");
	/* B: 10 -> 1 < 100 */
	assert_money(fx_support(b, "B")->fee, "100");
	/* P has no lines: no support line */
	for (size_t i = 0; i < b->nsupport; i++) assert_string_not_equal(b->support[i].account, "P");
	assert_money(b->support_fee, "300");
	/* payable = A 2,000 + mkt 5,000 + B 10 + support 300 + tax 99 = 7,409 */
	assert_money(b->payable, "7409");
	fx_assert_identity(b);
	fx_free(f);
}

/* Enterprise: once on all accounts together, charged to the payer even when
 * the payer has no charges; nothing in a no_data month. */
static void test_enterprise_on_payer(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	f->book.support_plan = DD_SUPPORT_ENTERPRISE;
	fx_usage(f, "A", "AmazonEC2", "1000000");
	fx_usage(f, "B", "AmazonS3", "200000");
	dd_bill *b = fx_run(f, "2026-01");
	assert_int_equal(b->nsupport, 1);
	/* base 1,200,000 -> 70,500 (pricing page vector) */
	assert_string_equal(b->support[0].account, "P");
	assert_money(b->support[0].base, "1200000");
	assert_money(b->support_fee, "70500");
	b = fx_run_nodata(f, "2026-02");
	assert_int_equal(b->nsupport, 0);
	assert_money(b->support_fee, "0");
	assert_money(b->payable, "0");
	/* a month with data but only ignored rows still owes the minimum */
	fx_charge(f, "A", "AmazonEC2", "Refund", "-10");
	b = fx_run(f, "2026-03");
	assert_int_equal(b->nlines, 0);
	assert_money(b->support_fee, "15000");
	fx_free(f);
}

/* Support credits with organisation sharing on cover only the payer's support
 * fee; with sharing off (or the credit's sharing disabled) only the owner's. */
static void run_support_credit(bool org_sharing, dd_credit_sharing cs, const char *covered)
{
	fx_t *f = fx_new("P");
	f->book.support_plan = DD_SUPPORT_BUSINESS;
	f->book.credit_sharing = org_sharing;
	int s = fx_credit(f, "SUP", DD_CREDIT_SUPPORT, "300", "2026-01-01", "2026-12-31");
	snprintf(f->credits[s].owner, DD_ACCOUNT_MAX, "A");
	f->credits[s].sharing = cs;
	int edp = fx_credit(f, "EDP", DD_CREDIT_EDP, "1", "2026-01-01", "2026-12-31");
	fx_usage(f, "P", "AmazonEC2", "2000");
	fx_usage(f, "A", "AmazonEC2", "3000");
	dd_bill *b = fx_run(f, "2026-01");
	/* fees: P 10% x 2,000 = 200; A 10% x 3,000 = 300 */
	assert_money(fx_support(b, "P")->fee, "200");
	assert_money(fx_support(b, "A")->fee, "300");
	/* the support credit never touches ordinary lines */
	assert_money(fx_line(b, "A", "AmazonEC2")->credits, "0");
	assert_money(fx_line(b, "P", "AmazonEC2")->credits, "1"); /* the EDP credit */
	assert_money(b->credits[edp].applied, "1");
	if (!strcmp(covered, "P")) {
		/* min(300, 200) = 200 on P, 100 left */
		assert_money(fx_support(b, "P")->credits, "200");
		assert_money(fx_support(b, "A")->credits, "0");
		assert_money(b->credits[s].remaining, "100");
		assert_money(fx_alloc(b, s, "P", "support"), "200");
	} else {
		/* min(300, 300) = 300 on A */
		assert_money(fx_support(b, "A")->credits, "300");
		assert_money(fx_support(b, "P")->credits, "0");
		assert_money(b->credits[s].remaining, "0");
		assert_money(fx_alloc(b, s, "A", "support"), "300");
	}
	assert_money(b->support_credits, covered[0] == 'P' ? "200" : "300");
	fx_assert_identity(b);
	fx_free(f);
}

static void test_support_credit_sharing_on(void **state)
{
	(void)state;
	run_support_credit(true, DD_SHARING_DEFAULT, "P");
}

static void test_support_credit_sharing_off(void **state)
{
	(void)state;
	run_support_credit(false, DD_SHARING_DEFAULT, "A");
	run_support_credit(true, DD_SHARING_DISABLED, "A");
}


/* With sharing on, a support credit waits for the payer's fee: a payer with
 * no charges under Business has no support line, so nothing is applied. */
static void test_support_credit_payer_without_fee(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	f->book.support_plan = DD_SUPPORT_BUSINESS;
	int s = fx_credit(f, "SUP", DD_CREDIT_SUPPORT, "300", "2026-01-01", "2026-12-31");
	snprintf(f->credits[s].owner, DD_ACCOUNT_MAX, "A");
	fx_usage(f, "A", "AmazonEC2", "3000");
	dd_bill *b = fx_run(f, "2026-01");
	assert_money(fx_support(b, "A")->fee, "300"); /* 10% x 3,000 */
	assert_money(b->support_credits, "0");
	assert_money(b->credits[s].remaining, "300");
	fx_free(f);
}

/* Issue #8 worked case (SPEC 3.1 "Support fee"): a support credit pays the
 * payer's fee only when it may reach the payer; otherwise its owner's.
 * Developer: P max(29, 3% x 2,000) = 60, B max(29, 3% x 5,000) = 150; the
 * credit of 300 owned by B pays B's 150 and keeps 150; payable 7,000 + 210 -
 * 150 = 7,060. Under Enterprise the fee (max(15,000, 10% x 7,000) = 15,000)
 * sits on P alone, so the same credit pays nothing: payable 22,000. */
typedef enum { BLOCK_OWNER_OFF, BLOCK_LIST_WITHOUT_PAYER, BLOCK_PAYER_OFF } block_kind;

static void run_blocked_support_credit(block_kind kind, dd_support_plan plan)
{
	fx_t *f = fx_new("P");
	f->book.support_plan = plan;
	fx_account(f, "P", kind != BLOCK_PAYER_OFF);
	fx_account(f, "B", kind != BLOCK_OWNER_OFF);
	int s = fx_credit(f, "SUP", DD_CREDIT_SUPPORT, "300", "2026-01-01", "2026-12-31");
	snprintf(f->credits[s].owner, DD_ACCOUNT_MAX, "B");
	if (kind == BLOCK_LIST_WITHOUT_PAYER) fx_share_with(f, s, "B", NULL);
	fx_usage(f, "P", "AmazonEC2", "2000");
	fx_usage(f, "B", "AmazonEC2", "5000");
	dd_bill *b = fx_run(f, "2026-01");
	if (plan == DD_SUPPORT_DEVELOPER) {
		assert_money(fx_support(b, "P")->fee, "60");
		assert_money(fx_support(b, "B")->fee, "150");
		assert_money(fx_support(b, "B")->credits, "150");
		assert_money(fx_support(b, "P")->credits, "0");
		assert_money(fx_alloc(b, s, "B", "support"), "150");
		assert_money(b->support_credits, "150");
		assert_money(b->payable, "7060");
		assert_money(b->credits[s].remaining, "150");
	} else {
		assert_money(fx_support(b, "P")->fee, "15000");
		assert_money(b->support_credits, "0");
		assert_money(b->payable, "22000");
		assert_money(b->credits[s].remaining, "300");
	}
	fx_assert_identity(b);
	fx_free(f);
}

static void test_support_credit_cannot_reach_payer(void **state)
{
	(void)state;
	for (int k = BLOCK_OWNER_OFF; k <= BLOCK_PAYER_OFF; k++) {
		run_blocked_support_credit((block_kind)k, DD_SUPPORT_DEVELOPER);
		run_blocked_support_credit((block_kind)k, DD_SUPPORT_ENTERPRISE);
	}
}

/* The same credit when it can reach the payer (all share, list names P):
 * it pays P's 60 under Developer and P's 15,000 fee in part (300) under
 * Enterprise. */
static void test_support_credit_list_with_payer(void **state)
{
	(void)state;
	for (int plan = 0; plan < 2; plan++) {
		fx_t *f = fx_new("P");
		f->book.support_plan = plan ? DD_SUPPORT_ENTERPRISE : DD_SUPPORT_DEVELOPER;
		int s = fx_credit(f, "SUP", DD_CREDIT_SUPPORT, "300", "2026-01-01", "2026-12-31");
		snprintf(f->credits[s].owner, DD_ACCOUNT_MAX, "B");
		fx_share_with(f, s, "B", "P", NULL);
		fx_usage(f, "P", "AmazonEC2", "2000");
		fx_usage(f, "B", "AmazonEC2", "5000");
		dd_bill *b = fx_run(f, "2026-01");
		assert_money(fx_support(b, "P")->credits, plan ? "300" : "60");
		assert_money(b->credits[s].remaining, plan ? "0" : "240");
		assert_money(b->payable, plan ? "21700" : "7150"); /* 7,000 + 15,000 - 300; 7,000 + 210 - 60 */
		fx_assert_identity(b);
		fx_free(f);
	}
}

/* Issue #8 settled rule (SPEC 3.1 "Support fee"): under Developer every
 * account with any charge row that month pays at least the minimum, a
 * Marketplace-only and a tax-only account too (their base is 0: Marketplace
 * and tax are outside it). P: max(29, 3% x 2,000) = 60; M and T: 29 each. */
static void test_minimum_for_marketplace_and_tax_only(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	f->book.support_plan = DD_SUPPORT_DEVELOPER;
	fx_usage(f, "P", "AmazonEC2", "2000");
	fx_usage(f, "M", "prod-vendor", "1000")->marketplace = true;
	fx_charge(f, "T", "AmazonEC2", "Tax", "50");
	dd_bill *b = fx_run(f, "2026-01");
	assert_money(fx_support(b, "P")->fee, "60");
	assert_money(fx_support(b, "M")->base, "0");
	assert_money(fx_support(b, "M")->fee, "29");
	assert_money(fx_support(b, "T")->base, "0");
	assert_money(fx_support(b, "T")->fee, "29");
	assert_money(b->support_fee, "118");
	assert_money(b->payable, "3168"); /* 2,000 + 1,000 + 118 + 50 tax */
	fx_assert_identity(b);
	fx_free(f);
}

/* support.discount_percent (issue #12): the fee is the plan's (brackets,
 * then the minimum) x (1 - pct / 100), exactly, and support credits pay the
 * discounted fee. Enterprise on 1,000,000: 10 % x 150,000 = 15,000 + 7 % x
 * 350,000 = 24,500 + 5 % x 500,000 = 25,000 -> 64,500; 10 % off -> 58,050. */
static void test_discount_percent_enterprise(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	f->book.support_plan = DD_SUPPORT_ENTERPRISE;
	fx_usage(f, "P", "AmazonEC2", "1000000");
	dd_bill *b = fx_run(f, "2026-01");
	assert_money(b->support_fee, "64500");
	fx_free(f);

	f = fx_new("P");
	f->book.support_plan = DD_SUPPORT_ENTERPRISE;
	f->book.support_discount_percent = M("10");
	fx_usage(f, "P", "AmazonEC2", "1000000");
	b = fx_run(f, "2026-01");
	assert_int_equal(b->nsupport, 1);
	assert_money(b->support[0].base, "1000000");
	assert_money(b->support[0].fee, "58050");
	assert_money(b->support_fee, "58050");
	assert_money(b->payable, "1058050");
	fx_assert_identity(b);
	/* 12.5 % off: 64,500 x 0.875 = 56,437.5 */
	f->book.support_discount_percent = M("12.5");
	fx_usage(f, "P", "AmazonEC2", "1000000");
	b = fx_run(f, "2026-02");
	assert_money(b->support_fee, "56437.5");
	/* 100 % off: no fee at all */
	f->book.support_discount_percent = M("100");
	fx_usage(f, "P", "AmazonEC2", "1000000");
	b = fx_run(f, "2026-03");
	assert_money(b->support_fee, "0");
	assert_money(b->payable, "1000000");
	fx_assert_identity(b);
	fx_free(f);
}

/* The minimum is discounted too: Enterprise on 100,000 is 10 % = 10,000 <
 * 15,000, so 15,000; 10 % off -> 13,500. Business per account: A on 500
 * pays the minimum 100 -> 90; B on 2,000 pays 10 % = 200 -> 180. */
static void test_discount_percent_minimum(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	f->book.support_plan = DD_SUPPORT_ENTERPRISE;
	f->book.support_discount_percent = M("10");
	fx_usage(f, "P", "AmazonEC2", "100000");
	dd_bill *b = fx_run(f, "2026-01");
	assert_money(b->support_fee, "13500");
	fx_assert_identity(b);
	fx_free(f);

	f = fx_new("P");
	f->book.support_plan = DD_SUPPORT_BUSINESS;
	f->book.support_discount_percent = M("10");
	fx_usage(f, "A", "AmazonEC2", "500");
	fx_usage(f, "B", "AmazonEC2", "2000");
	b = fx_run(f, "2026-01");
	assert_money(fx_support(b, "A")->fee, "90");
	assert_money(fx_support(b, "B")->fee, "180");
	assert_money(b->support_fee, "270");
	assert_money(b->payable, "2770");
	fx_assert_identity(b);
	fx_free(f);
}

/* Exact at 18 digits: Developer on 2,000 is 60; 33.333 % off leaves 60 x
 * 66.667 / 100 = 40.0002. A support credit pays the discounted fee, not
 * the list one: Enterprise 58,050 against a credit of 100,000 takes 58,050
 * and leaves 41,950. */
static void test_discount_percent_exact_and_credits(void **state)
{
	(void)state;
	fx_t *f = fx_new("P");
	f->book.support_plan = DD_SUPPORT_DEVELOPER;
	f->book.support_discount_percent = M("33.333");
	fx_usage(f, "P", "AmazonEC2", "2000");
	dd_bill *b = fx_run(f, "2026-01");
	assert_money(b->support_fee, "40.0002");
	fx_free(f);

	f = fx_new("P");
	f->book.support_plan = DD_SUPPORT_ENTERPRISE;
	f->book.support_discount_percent = M("10");
	int sc = fx_credit(f, "SUP", DD_CREDIT_SUPPORT, "100000", "2026-01-01", "2026-12-31");
	fx_usage(f, "P", "AmazonEC2", "1000000");
	b = fx_run(f, "2026-01");
	assert_money(b->support_fee, "58050");
	assert_money(b->support_credits, "58050");
	assert_money(b->credits[sc].applied, "58050");
	assert_money(b->credits[sc].remaining, "41950");
	assert_money(b->payable, "1000000");
	fx_assert_identity(b);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pricing_page_vectors),
		cmocka_unit_test(test_minimums_and_brackets),
		cmocka_unit_test(test_business_per_account),
		cmocka_unit_test(test_enterprise_on_payer),
		cmocka_unit_test(test_support_credit_sharing_on),
		cmocka_unit_test(test_support_credit_sharing_off),
		cmocka_unit_test(test_support_credit_payer_without_fee),
		cmocka_unit_test(test_support_credit_cannot_reach_payer),
		cmocka_unit_test(test_support_credit_list_with_payer),
		cmocka_unit_test(test_minimum_for_marketplace_and_tax_only),
		cmocka_unit_test(test_discount_percent_enterprise),
		cmocka_unit_test(test_discount_percent_minimum),
		cmocka_unit_test(test_discount_percent_exact_and_credits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
