/* test_book_init.c: `drawdown init`'s library side. The text of a first
 * book from hand-made facts (book_init.h), loaded back with the book loader:
 * payer, accounts, awkward names (quotes, colons, '#', unicode, a line
 * break), the plan, the agreement as given; the discount percent worked out
 * by hand; account names kept by the aggregator (latest period wins, across
 * a merge) and by the store (migration 4, the latest period wins across
 * imports); dd_store_summarize's sums, added up by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "drawdown.h"
#include "money_assert.h"

static dd_book *load_text(const char *text)
{
	dd_book *b = NULL;
	dd_book_problems p = {0};
	if (dd_book_load_buffer("init.yaml", text, strlen(text), &b, &p)) {
		for (size_t i = 0; i < p.n; i++)
			print_error("%d:%d: %s: %s\n", p.items[i].line, p.items[i].column,
				    p.items[i].field ? p.items[i].field : "", p.items[i].message);
		print_error("%s", text);
		dd_book_problems_dispose(&p);
		fail_msg("the book written does not load");
	}
	return b;
}

static void test_plan_names(void **state)
{
	(void)state;
	/* The product codes of CUR, and FOCUS's service names. */
	assert_int_equal(dd_book_init_plan("AWSDeveloperSupport"), DD_SUPPORT_DEVELOPER);
	assert_int_equal(dd_book_init_plan("AWSSupportBusiness"), DD_SUPPORT_BUSINESS);
	assert_int_equal(dd_book_init_plan("AWSSupportEnterprise"), DD_SUPPORT_ENTERPRISE);
	assert_int_equal(dd_book_init_plan("AWSSupportEnterpriseOnRamp"), DD_SUPPORT_ENTERPRISE_ON_RAMP);
	assert_int_equal(dd_book_init_plan("AWS Support (Business)"), DD_SUPPORT_BUSINESS);
	assert_int_equal(dd_book_init_plan("AWS Support (Enterprise On-Ramp)"), DD_SUPPORT_ENTERPRISE_ON_RAMP);
	assert_int_equal(dd_book_init_plan("AWS Support (Developer)"), DD_SUPPORT_DEVELOPER);
	assert_int_equal(dd_book_init_plan("AWSSupport"), DD_SUPPORT_NONE);
	assert_int_equal(dd_book_init_plan(NULL), DD_SUPPORT_NONE);
	assert_string_equal(dd_support_plan_name(DD_SUPPORT_ENTERPRISE_ON_RAMP), "enterprise_on_ramp");
	assert_string_equal(dd_support_plan_name(DD_SUPPORT_NONE), "basic");
}

static void test_discount_percent(void **state)
{
	(void)state;
	dd_money pct, lo, hi;
	/* 50 of 1,000 and 60 of 1,200: 5 % both months. */
	dd_init_discount same[] = {{DD_MONTH(2026, 1), M("-50"), M("1000")}, {DD_MONTH(2026, 2), M("-60"), M("1200")}};
	assert_int_equal(dd_book_init_discount(same, 2, &pct, &lo, &hi), 1);
	assert_money(pct, "5");
	/* 6 % then 7 %: not constant; the range is 6 to 7. */
	dd_init_discount ramp[] = {{DD_MONTH(2026, 1), M("-60"), M("1000")}, {DD_MONTH(2027, 1), M("-70"), M("1000")}};
	assert_int_equal(dd_book_init_discount(ramp, 2, &pct, &lo, &hi), 0);
	assert_money(lo, "6");
	assert_money(hi, "7");
	/* 1 of 3 is 33.333...% -> 33.33; 0.125 of 1 is 12.5 %; 1 of 8,000 is
	 * 0.0125 % -> 0.01 (half-even: 1.25 hundredths to 1); 3 of 8,000 is
	 * 0.0375 % -> 0.04 (3.75 to 4). */
	dd_init_discount third[] = {{DD_MONTH(2026, 1), M("-1"), M("3")}};
	assert_int_equal(dd_book_init_discount(third, 1, &pct, NULL, NULL), 1);
	assert_money(pct, "33.33");
	dd_init_discount even[] = {{DD_MONTH(2026, 1), M("-1"), M("8000")}};
	assert_int_equal(dd_book_init_discount(even, 1, &pct, NULL, NULL), 1);
	assert_money(pct, "0.01");
	dd_init_discount up[] = {{DD_MONTH(2026, 1), M("-3"), M("8000")}};
	assert_int_equal(dd_book_init_discount(up, 1, &pct, NULL, NULL), 1);
	assert_money(pct, "0.04");
	/* 0.5 hundredths rounds to 0 (even), 1.5 to 2: 1 of 20,000 and 3 of
	 * 20,000 differ, so not constant. */
	dd_init_discount half[] = {{DD_MONTH(2026, 1), M("-1"), M("20000")}, {DD_MONTH(2026, 2), M("-3"), M("20000")}};
	assert_int_equal(dd_book_init_discount(half, 2, &pct, &lo, &hi), 0);
	assert_money(lo, "0");
	assert_money(hi, "0.02");
	/* A month without eligible spend says nothing. */
	dd_init_discount none[] = {{DD_MONTH(2026, 1), M("-5"), M("0")}, {DD_MONTH(2026, 2), M("-5"), M("100")}};
	assert_int_equal(dd_book_init_discount(none, 2, &pct, NULL, NULL), 1);
	assert_money(pct, "5");
	assert_int_equal(dd_book_init_discount(none, 1, &pct, &lo, &hi), 0);
	assert_money(hi, "0");
}

static void test_text_loads(void **state)
{
	(void)state;
	const dd_init_account acc[] = {
		{"111111111111", "management", NULL},
		{"222222222222", "prod: \"eu\" #1", NULL},   /* colon, quotes, a comment mark */
		{"012345678901", "Zürich – données", NULL},  /* a leading zero; unicode */
		{"333333333333", "two\nlines", NULL},
		{"444444444444", NULL, NULL},
		{"bad id!", "left out", NULL},
		{"555555555555", NULL, "owns a credit\nin AWS's list"},
	};
	const dd_init_support sup[] = {
		{"AWSSupportBusiness", DD_MONTH(2026, 1), DD_MONTH(2026, 6)},
		{"AWSSupportEnterprise", DD_MONTH(2026, 7), DD_MONTH(2026, 12)},
	};
	const dd_init_discount disc[] = {
		{DD_MONTH(2026, 3), M("-80"), M("1000")},
		{DD_MONTH(2026, 4), M("-160"), M("2000")},
	};
	const char *others[] = {"999999999999"};
	dd_book_init in = {
		.source = "store\nwith a break.db",
		.first = DD_MONTH(2026, 1),
		.last = DD_MONTH(2026, 12),
		.payer = "111111111111",
		.other_payers = others,
		.nother_payers = 1,
		.accounts = acc,
		.naccounts = sizeof acc / sizeof *acc,
		.support = sup,
		.nsupport = 2,
		.discounts = disc,
		.ndiscounts = 2,
	};
	char *text;
	size_t len;
	assert_int_equal(dd_book_init_text(&in, &text, &len), 0);
	assert_int_equal(strlen(text), len);
	dd_book *b = load_text(text);
	assert_string_equal(b->payer, "111111111111");
	assert_string_equal(b->currency, "USD");
	assert_int_equal(b->naccounts, 6); /* "bad id!" left out */
	assert_non_null(strstr(text, "# left out: account id \"bad id!\""));
	assert_string_equal(dd_book_account(b, "111111111111")->name, "management");
	assert_string_equal(dd_book_account(b, "222222222222")->name, "prod: \"eu\" #1");
	assert_string_equal(dd_book_account(b, "012345678901")->name, "Zürich – données");
	assert_string_equal(dd_book_account(b, "333333333333")->name, "two\nlines");
	assert_null(dd_book_account(b, "444444444444")->name);
	assert_null(dd_book_account(b, "555555555555")->name);
	assert_true(dd_book_account(b, "222222222222")->sharing);
	/* The latest plan: Enterprise from July on. */
	assert_int_equal(b->support_plan, DD_SUPPORT_ENTERPRISE);
	assert_non_null(strstr(text, "# Also seen: AWSSupportBusiness from 2026-01 to 2026-06."));
	/* The skeleton: 8 % both months, from the first month with rows. */
	assert_true(b->agreement.present);
	assert_string_equal(b->agreement.id, "EDP-TODO");
	assert_int_equal(b->agreement.start.year * 10000 + b->agreement.start.month * 100 + b->agreement.start.day, 20260301);
	assert_int_equal(b->agreement.years, 1);
	assert_money(b->agreement.discount_percent[0], "8");
	assert_money(b->agreement.commitment[0], "0");
	assert_int_equal(b->ncredits, 0);
	/* Comments stay comments: the break in the source and in a why. */
	assert_non_null(strstr(text, "# store with a break.db"));
	assert_non_null(strstr(text, "# owns a credit in AWS's list"));
	assert_non_null(strstr(text, "organization with this one: 999999999999."));
	dd_book_free(b);
	free(text);

	/* A ramp: no percent is filled in, and the range is said. */
	const dd_init_discount ramp[] = {{DD_MONTH(2026, 1), M("-60"), M("1000")},
					 {DD_MONTH(2027, 1), M("-70"), M("1000")}};
	in.discounts = ramp;
	in.support = NULL;
	in.nsupport = 0;
	in.naccounts = 0;
	in.nother_payers = 0;
	in.credits_yaml = "credits:\n  - { id: C1, type: map, amount: 100, start: 2026-01-01, expires: 2026-12-31 }\n";
	in.credits_note = "1 credit from get-credits.json";
	assert_int_equal(dd_book_init_text(&in, &text, &len), 0);
	b = load_text(text);
	assert_int_equal(b->naccounts, 0);
	assert_int_equal(b->support_plan, DD_SUPPORT_NONE);
	assert_int_equal(b->agreement.years, 2); /* rows in 2026 and 2027 */
	assert_money(b->agreement.discount_percent[0], "0");
	assert_non_null(strstr(text, "They are 6% to 7% of"));
	assert_int_equal(b->ncredits, 1);
	assert_string_equal(b->credits[0].id, "C1");
	assert_non_null(strstr(text, "# 1 credit from get-credits.json\n"));
	dd_book_free(b);
	free(text);
}

static void test_text_refuses(void **state)
{
	(void)state;
	char *text = (char *)"x";
	size_t len = 1;
	dd_book_init in = {.first = DD_MONTH_NONE, .last = DD_MONTH_NONE};
	assert_int_equal(dd_book_init_text(&in, &text, &len), DD_EUSAGE);
	assert_null(text);
	const dd_init_account bad[] = {{"222222222222", "\xff\xfe", NULL}};
	in.payer = "111111111111";
	in.accounts = bad;
	in.naccounts = 1;
	assert_int_equal(dd_book_init_text(&in, &text, &len), DD_EINVALID);
	assert_null(text);
	assert_non_null(strstr(dd_error_last(), "an account name is not UTF-8"));
}

static dd_row row(int y, int m, const char *payer, const char *acct, const char *svc, const char *type,
		  const char *amount, const char *name, const char *payer_name)
{
	dd_row r;
	memset(&r, 0, sizeof r);
	r.period = DD_MONTH(y, m);
	r.payer = (dd_str){payer, strlen(payer)};
	r.account = (dd_str){acct, strlen(acct)};
	r.service = (dd_str){svc, strlen(svc)};
	r.charge_type = (dd_str){type, strlen(type)};
	r.billing_entity = (dd_str){"AWS", 3};
	r.amount = r.effective = M(amount);
	if (name) r.account_name = (dd_str){name, strlen(name)};
	if (payer_name) r.payer_name = (dd_str){payer_name, strlen(payer_name)};
	return r;
}

static void test_agg_names(void **state)
{
	(void)state;
	dd_agg *a, *b;
	assert_int_equal(dd_agg_new(&a), 0);
	assert_int_equal(dd_agg_new(&b), 0);
	dd_row r[] = {
		row(2026, 2, "P", "A2", "S", "Usage", "1", "feb name", NULL),
		row(2026, 1, "P", "A2", "S", "Usage", "1", "jan name", NULL), /* earlier: does not win */
		row(2026, 1, "P", "A1", "S", "Usage", "1", NULL, "the payer"),
		row(2026, 1, "P", "A3", "S", "Usage", "1", NULL, NULL),
	};
	for (size_t i = 0; i < 4; i++) assert_int_equal(dd_agg_add(a, &r[i]), 0);
	/* The names are no part of the key: one entry per account. */
	assert_int_equal(dd_agg_count(a), 4);
	dd_row m[] = {
		row(2026, 3, "P", "A1", "S", "Usage", "1", "a1 in march", NULL),
		row(2026, 1, "P", "A2", "S", "Usage", "1", "older", NULL),
		row(2026, 1, "P", "P", "S", "Usage", "1", "payer as account", NULL),
	};
	for (size_t i = 0; i < 3; i++) assert_int_equal(dd_agg_add(b, &m[i]), 0);
	assert_int_equal(dd_agg_merge(a, b), 0);
	const dd_agg_name *nm;
	size_t n;
	assert_int_equal(dd_agg_account_names(a, &nm, &n), 0);
	/* A1 from b (March), A2 February's, P named as an account (its usage
	 * name wins over "the payer"); A3 has none. */
	assert_int_equal(n, 3);
	assert_string_equal(nm[0].account, "A1");
	assert_string_equal(nm[0].name, "a1 in march");
	assert_int_equal(nm[0].period, DD_MONTH(2026, 3));
	assert_string_equal(nm[1].account, "A2");
	assert_string_equal(nm[1].name, "feb name");
	assert_string_equal(nm[2].account, "P");
	assert_string_equal(nm[2].name, "payer as account");
	dd_agg_free(a);
	dd_agg_free(b);
	/* A payer named only as a payer. */
	assert_int_equal(dd_agg_new(&a), 0);
	dd_row p = row(2026, 1, "P", "A1", "S", "Usage", "1", NULL, "the payer");
	assert_int_equal(dd_agg_add(a, &p), 0);
	assert_int_equal(dd_agg_account_names(a, &nm, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(nm[0].account, "P");
	assert_string_equal(nm[0].name, "the payer");
	dd_agg_free(a);
}

static void import_rows(dd_store *s, const dd_row *r, size_t n)
{
	dd_agg *a;
	assert_int_equal(dd_agg_new(&a), 0);
	for (size_t i = 0; i < n; i++) assert_int_equal(dd_agg_add(a, &r[i]), 0);
	if (dd_store_replace(s, a, "test", NULL)) fail_msg("%s", dd_error_last());
	dd_agg_free(a);
}

static void test_store_summary(void **state)
{
	(void)state;
	char path[] = "/tmp/dd_test_init_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	dd_store *s;
	assert_int_equal(dd_store_open(path, &s), 0);
	assert_int_equal(dd_store_schema_version(s), 4);
	dd_store_summary sum;
	assert_int_equal(dd_store_summarize(s, &sum), 0); /* empty */
	assert_int_equal(sum.npayers, 0);
	assert_int_equal(sum.first, DD_MONTH_NONE);
	dd_store_summary_dispose(&sum);
	dd_row r[] = {
		row(2026, 1, "P1", "A1", "AmazonEC2", "Usage", "1000", "prod", NULL),
		row(2026, 1, "P1", "A1", "AmazonEC2", "EdpDiscount", "-50", NULL, NULL),
		row(2026, 1, "P1", "A2", "AmazonS3", "Usage", "200.5", NULL, NULL),
		row(2026, 1, "P1", "A2", "AmazonS3", "Tax", "20", NULL, NULL),
		row(2026, 1, "P1", "A1", "AWSSupportBusiness", "Usage", "100", NULL, NULL),
		row(2026, 2, "P1", "A1", "AmazonEC2", "Usage", "400", "prod-new", NULL),
		row(2026, 2, "P1", "A1", "AmazonEC2", "EdpDiscount", "-20", NULL, NULL),
		row(2026, 2, "P2", "B1", "AmazonEC2", "Usage", "10", NULL, "second payer"),
		row(2026, 2, "P1", "A1", "AWSSupportBusiness", "Usage", "100", NULL, NULL),
	};
	import_rows(s, r, sizeof r / sizeof *r);
	/* A re-import of January with an older name changes the charges but
	 * not February's name. */
	dd_row jan[] = {
		row(2026, 1, "P1", "A1", "AmazonEC2", "Usage", "1000", "prod", NULL),
		row(2026, 1, "P1", "A1", "AmazonEC2", "EdpDiscount", "-50", NULL, NULL),
		row(2026, 1, "P1", "A2", "AmazonS3", "Usage", "200.5", NULL, NULL),
		row(2026, 1, "P1", "A2", "AmazonS3", "Tax", "20", NULL, NULL),
		row(2026, 1, "P1", "A1", "AWSSupportBusiness", "Usage", "100", NULL, NULL),
	};
	import_rows(s, jan, sizeof jan / sizeof *jan);
	assert_int_equal(dd_store_summarize(s, &sum), 0);
	assert_int_equal(sum.first, DD_MONTH(2026, 1));
	assert_int_equal(sum.last, DD_MONTH(2026, 2));
	/* P1: 1000 - 50 + 200.5 + 20 + 100 + 400 - 20 + 100 = 1750.5; P2: 10 */
	assert_int_equal(sum.npayers, 2);
	assert_string_equal(sum.payers[0].id, "P1");
	assert_money(sum.payers[0].amount, "1750.5");
	assert_null(sum.payers[0].name);
	assert_string_equal(sum.payers[1].id, "P2");
	assert_money(sum.payers[1].amount, "10");
	assert_string_equal(sum.payers[1].name, "second payer");
	/* A1: 1000 - 50 + 100 + 400 - 20 + 100 = 1530; A2: 220.5; B1: 10 */
	assert_int_equal(sum.naccounts, 3);
	assert_string_equal(sum.accounts[0].id, "A1");
	assert_string_equal(sum.accounts[0].name, "prod-new");
	assert_money(sum.accounts[0].amount, "1530");
	assert_int_equal(sum.accounts[0].first, DD_MONTH(2026, 1));
	assert_int_equal(sum.accounts[0].last, DD_MONTH(2026, 2));
	assert_string_equal(sum.accounts[1].id, "A2");
	assert_null(sum.accounts[1].name);
	assert_money(sum.accounts[1].amount, "220.5");
	assert_string_equal(sum.accounts[2].id, "B1");
	assert_int_equal(sum.accounts[2].first, DD_MONTH(2026, 2));
	assert_int_equal(sum.nsupport, 1);
	assert_string_equal(sum.support[0].service, "AWSSupportBusiness");
	assert_money(sum.support[0].amount, "200");
	assert_int_equal(sum.support[0].first, DD_MONTH(2026, 1));
	assert_int_equal(sum.support[0].last, DD_MONTH(2026, 2));
	/* January: -50 on 1000 + 200.5 (tax and support are not eligible);
	 * February: -20 on 400 + 10 (P2's usage too). */
	assert_int_equal(sum.ndiscounts, 2);
	assert_int_equal(sum.discounts[0].month, DD_MONTH(2026, 1));
	assert_money(sum.discounts[0].discount, "-50");
	assert_money(sum.discounts[0].eligible, "1200.5");
	assert_money(sum.discounts[1].discount, "-20");
	assert_money(sum.discounts[1].eligible, "410");
	dd_store_summary_dispose(&sum);

	/* The first book from it: P1, its accounts and B1, business, 4.16 %
	 * then 4.88 %: a skeleton without a percent. */
	char *text;
	size_t len;
	assert_int_equal(dd_run_init_text(s, path, NULL, 0, NULL, NULL, &text, &len), 0);
	dd_book *b = load_text(text);
	assert_string_equal(b->payer, "P1");
	assert_int_equal(b->naccounts, 3);
	assert_string_equal(dd_book_account(b, "A1")->name, "prod-new");
	assert_int_equal(b->support_plan, DD_SUPPORT_BUSINESS);
	assert_true(b->agreement.present);
	assert_money(b->agreement.discount_percent[0], "0");
	assert_non_null(strstr(text, "They are 4.16% to 4.88% of"));
	assert_non_null(strstr(text, "organization with this one: P2 (second payer)."));
	dd_book_free(b);
	free(text);
	/* The book of no terms: P1 alone. */
	assert_int_equal(dd_run_list_book(s, "none.yaml", &b), 0);
	assert_string_equal(b->payer, "P1");
	assert_string_equal(b->path, "none.yaml");
	assert_int_equal(b->naccounts + b->ncredits, 0);
	assert_false(b->agreement.present);
	dd_book_free(b);
	dd_store_close(s);
	unlink(path);

	/* An empty store: both say to import first. */
	assert_int_equal(dd_store_open(path, &s), 0);
	assert_int_equal(dd_run_init_text(s, path, NULL, 0, NULL, NULL, &text, &len), DD_ENOTFOUND);
	assert_non_null(strstr(dd_error_last(), "drawdown import"));
	assert_int_equal(dd_run_list_book(s, "x.yaml", &b), DD_ENOTFOUND);
	dd_store_close(s);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_names),	cmocka_unit_test(test_discount_percent),
		cmocka_unit_test(test_text_loads),	cmocka_unit_test(test_text_refuses),
		cmocka_unit_test(test_agg_names),	cmocka_unit_test(test_store_summary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
