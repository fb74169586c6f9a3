/* test_report.c: the HTML report of the pure report layer (report.h) on
 * small hand-made inputs: the exact scale and axis arithmetic against
 * coordinates worked out by hand, a month's waterfall bars and table cells,
 * escaping, which charts appear, and that nothing in the page can reach the
 * network. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drawdown.h"
#include "report_html.h"

static dd_money M(const char *s)
{
	dd_money m;
	assert_int_equal(dd_money_parse(s, strlen(s), &m, NULL), 0);
	return m;
}

static void test_scale(void **state)
{
	(void)state;
	/* 220 px for 0 .. 1,000.00: 300.00 -> 66.0 px, 70.00 -> 15.4 px */
	assert_int_equal(dd__report_scale(M("300"), M("1000"), 220), 660);
	assert_int_equal(dd__report_scale(M("70"), M("1000"), 220), 154);
	assert_int_equal(dd__report_scale(M("1000"), M("1000"), 220), 2200);
	assert_int_equal(dd__report_scale(M("0"), M("1000"), 220), 0);
	/* clamped: above the axis, below 0, and no axis */
	assert_int_equal(dd__report_scale(M("2000"), M("1000"), 220), 2200);
	assert_int_equal(dd__report_scale(M("-5"), M("1000"), 220), 0);
	assert_int_equal(dd__report_scale(M("5"), M("0"), 220), 0);
	/* 333.33 x 2200 / 1000 = 733.326 tenths -> 733; 0.25 x 2 / 1 = 0.5 -> 1 (half up) */
	assert_int_equal(dd__report_scale(M("333.33"), M("1000"), 220), 733);
	assert_int_equal(dd__report_scale(M("0.025"), M("1"), 2), 1);
}

static void test_nice_max(void **state)
{
	(void)state;
	long long step = 0;
	int n = 0;
	/* 1,000.00: 5 steps of 200.00 */
	assert_true(dd_money_cmp(dd__report_nice_max(M("1000"), &step, &n), M("1000")) == 0);
	assert_int_equal(step, 20000);
	assert_int_equal(n, 5);
	/* 132,086.05: 10,000s need 14 steps, 20,000s 7, 25,000s 6; 50,000s 3 -> 150,000 */
	assert_true(dd_money_cmp(dd__report_nice_max(M("132086.05"), &step, &n), M("150000")) == 0);
	assert_int_equal(step, 5000000);
	assert_int_equal(n, 3);
	/* 1,159,079.11: 200,000s need 6 steps, 250,000s 5 -> 1,250,000 */
	assert_true(dd_money_cmp(dd__report_nice_max(M("1159079.11"), &step, &n), M("1250000")) == 0);
	assert_int_equal(step, 25000000);
	assert_int_equal(n, 5);
	/* nothing to draw: an axis to 1.00 (0.10s need 10 steps, 0.20s 5) */
	assert_true(dd_money_cmp(dd__report_nice_max(M("0"), &step, &n), M("1")) == 0);
	assert_int_equal(step, 20);
	assert_int_equal(n, 5);
}

static void test_waterfall_bars(void **state)
{
	(void)state;
	long long top[5], bot[5];
	/* gross 1,000.00, credits 300.00, discount 70.00, nothing else: payable
	 * 630.00. 220 px for 1,000.00, measured down from the plot's top: gross
	 * 0 .. 220, credits 0 .. 66, discount 66 .. 81.4, support and tax an empty
	 * bar at 81.4, payable 81.4 .. 220 (138.6 px). */
	dd__report_waterfall_bars(M("1000"), M("300"), M("70"), M("0"), M("1000"), 220, top, bot);
	const long long wt[5] = {0, 0, 660, 814, 814}, wb[5] = {2200, 660, 814, 814, 2200};
	for (int i = 0; i < 5; i++) {
		assert_int_equal(top[i], wt[i]);
		assert_int_equal(bot[i], wb[i]);
	}
	/* with 100.00 of support and tax: payable 730.00 -> the last bar from 59.4 px */
	dd__report_waterfall_bars(M("1000"), M("300"), M("70"), M("100"), M("1000"), 220, top, bot);
	assert_int_equal(top[3], 594);
	assert_int_equal(bot[3], 814);
	assert_int_equal(top[4], 594);
	assert_int_equal(bot[4], 2200);
}

/* ---- a whole page ------------------------------------------------------- */

static const char book_yaml[] = "organization: { payer: \"111111111111\" }\n"
				"credits:\n"
				"  - { id: PLAIN, type: promotional, amount: 500, start: 2026-01-01, expires: 2026-12-31 }\n";

typedef struct {
	dd_book *book;
	dd_bill bill;
	dd_bill_credit credit;
	dd_report_input in;
} fixture;

static void make(fixture *f)
{
	memset(f, 0, sizeof *f);
	dd_book_problems probs = {0};
	assert_int_equal(dd_book_load_buffer("t.yaml", book_yaml, strlen(book_yaml), &f->book, &probs), 0);
	dd_book_problems_dispose(&probs);
	/* an id with every HTML metacharacter (the book's checker would refuse
	 * it, the report must still escape whatever it is given) */
	free(f->book->credits[0].id);
	f->book->credits[0].id = strdup("A<&\"'>B");
	f->bill.month = DD_MONTH(2026, 3);
	f->bill.contract_year = -1;
	f->bill.gross = M("1000");
	f->bill.credits_before_discount = M("300");
	f->bill.discount = M("70");
	f->bill.payable = M("630");
	f->credit.applied = M("300");
	f->credit.consumed = M("300");
	f->credit.remaining = M("200");
	f->credit.state = DD_CS_ACTIVE;
	f->bill.credits = &f->credit;
	f->bill.ncredits = 1;
	f->in.book = f->book;
	f->in.bills = &f->bill;
	f->in.nbills = 1;
}

static char *page(const dd_report_input *in)
{
	char *html = NULL;
	size_t len = 0;
	assert_int_equal(dd_report_html(in, &html, &len), 0);
	assert_non_null(html);
	assert_int_equal(strlen(html), len);
	return html;
}

static void assert_has(const char *html, const char *s)
{
	if (!strstr(html, s)) fail_msg("not in the page: %s", s);
}

static void assert_lacks(const char *html, const char *s)
{
	if (strstr(html, s)) fail_msg("in the page: %s", s);
}

/* Nothing that fetches: no URL scheme, no protocol-relative reference, no
 * CSS import or url(), no script, no src at all. */
static void assert_offline(const char *html)
{
	const char *bad[] = {"http:", "https:", "src=\"//", "href=\"//", "@import", "url(", "<script", " src=", "<link",
			     "<img", "<iframe", "<object"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_lacks(html, bad[i]);
	for (const char *h = strstr(html, "href=\""); h; h = strstr(h + 1, "href=\"")) assert_int_equal(h[6], '#');
}

static void test_page_waterfall(void **state)
{
	(void)state;
	fixture f;
	make(&f);
	char *html = page(&f.in);
	assert_has(html, "<!DOCTYPE html>\n<html lang=\"en\">");
	assert_has(html, "<title>drawdown report: payer 111111111111, 2026-03</title>");
	assert_has(html, "@media print");
	/* the table behind the waterfall, to the cent */
	assert_has(html, "<tr data-month=\"2026-03\"><td>2026-03</td><td class=\"n\" data-f=\"gross\">1,000.00</td>"
			 "<td class=\"n\" data-f=\"credits_before_discount\">300.00</td>"
			 "<td class=\"n\" data-f=\"discount\">70.00</td>"
			 "<td class=\"n\" data-f=\"credits_after_discount\">0.00</td>");
	assert_has(html, "<td class=\"n\" data-f=\"payable\">630.00</td></tr>");
	/* the bars: one month in a plot from x 80 to 700 and y 50 to 270 (220
	 * px for 0 .. 1,000.00): bars 30 px wide (a sixth of the 620 px slot,
	 * capped at 30), 3.7 px apart, centred on x 390: the first at 390 - 75 -
	 * 7.5 = 307.5, then every 33.7 */
	assert_has(html, "<rect x=\"307.5\" y=\"50\" width=\"30\" height=\"220\" fill=\"#0072B2\"/>");
	assert_has(html, "<rect x=\"341.2\" y=\"50\" width=\"30\" height=\"66\" fill=\"#009E73\"/>");
	assert_has(html, "<rect x=\"374.9\" y=\"116\" width=\"30\" height=\"15.4\" fill=\"#E69F00\"");
	assert_has(html, "<rect x=\"442.3\" y=\"131.4\" width=\"30\" height=\"138.6\" fill=\"#000000\"/>");
	/* the y axis: 0 to 1,000 every 200 */
	assert_has(html, ">1,000</text>");
	assert_has(html, ">200</text>");
	/* the balance table and the escaped id, never the raw one */
	assert_has(html, "<td data-f=\"id\">A&lt;&amp;&quot;&#39;&gt;B</td>");
	assert_has(html, "<td class=\"n\" data-f=\"remaining\">200.00</td>");
	assert_lacks(html, "A<&");
	/* charts: balance, waterfall, leakage; no agreement, forecast or offers */
	assert_has(html, "<svg data-chart=\"balance\" viewBox=\"0 0 720 ");
	assert_has(html, "<svg data-chart=\"waterfall\"");
	assert_has(html, "<svg data-chart=\"leakage\"");
	assert_lacks(html, "data-chart=\"commitment\"");
	assert_lacks(html, "data-chart=\"forecast\"");
	assert_lacks(html, "data-chart=\"offers\"");
	assert_has(html, "No credit has expired unused so far.");
	assert_has(html, "No dated events ahead.");
	assert_offline(html);
	free(html);
	dd_book_free(f.book);
}

static void test_page_forecast_offers(void **state)
{
	(void)state;
	fixture f;
	make(&f);
	/* a forecast of 2 months over 2 paths from 200.00 left: path 0 uses
	 * 50.00 a month, path 1 100.00, so the total balance is 150.00 / 100.00
	 * after month 1 and 100.00 / 0.00 after month 2. Nearest rank of 2
	 * values: P10 and P50 the lower (rank 1), P90 the higher (rank 2). */
	dd_forecast fc = {0};
	dd_fc_month months[2];
	memset(months, 0, sizeof months);
	months[0].month = DD_MONTH(2026, 4);
	months[1].month = DD_MONTH(2026, 5);
	dd_fc_credit credits[1] = {{0}};
	dd_money path[2 * 2 * DD_FC_NFIELDS];
	memset(path, 0, sizeof path);
	path[(0 * 2 + 0) * DD_FC_NFIELDS + DD_FC_CREDITS] = M("50");
	path[(0 * 2 + 1) * DD_FC_NFIELDS + DD_FC_CREDITS] = M("50");
	path[(1 * 2 + 0) * DD_FC_NFIELDS + DD_FC_CREDITS] = M("60");
	path[(1 * 2 + 0) * DD_FC_NFIELDS + DD_FC_SUPPORT_CREDITS] = M("40");
	path[(1 * 2 + 1) * DD_FC_NFIELDS + DD_FC_LEAKAGE] = M("100");
	months[0].band[DD_FC_PAYABLE] = (dd_fc_band){M("500"), M("600"), M("700")};
	months[1].band[DD_FC_PAYABLE] = (dd_fc_band){M("510"), M("610.005"), M("710")};
	credits[0].remaining = M("200");
	credits[0].exhausted_p50 = DD_MONTH_NONE;
	credits[0].exhausted_p90 = DD_MONTH_NONE;
	fc.as_of = DD_MONTH(2026, 3);
	fc.months = 2;
	fc.paths = 2;
	fc.seed = 1;
	fc.month = months;
	fc.credits = credits;
	fc.ncredits = 1;
	fc.path_months = path;
	/* the credit's own balances, as the forecast keeps them with
	 * options.credit_balances: the same 150 / 100 and 100 / 0 */
	dd_money pbal[2 * 2] = {M("150"), M("100"), M("100"), M("0")};
	fc.path_balance = pbal;
	f.in.forecast = &fc;

	dd_offer_result res[2];
	memset(res, 0, sizeof res);
	res[0].base.npv = M("900");
	res[0].rank = 2;
	res[0].reason = "costs more";
	res[1].base.npv = M("800");
	res[1].base.leakage = M("12.345");
	res[1].rank = 1;
	res[1].reason = "costs <less>";
	dd_offers_result offers = {.rate = M("0"), .paths = 2, .seed = 1, .as_of = DD_MONTH(2026, 3), .offers = res, .n = 2};
	dd_offer_input names[2] = {{"Stay & see", "a.yaml", f.book}, {"Sign \"now\"", "b.yaml", f.book}};
	f.in.offers = &offers;
	f.in.offer_inputs = names;

	char *html = page(&f.in);
	assert_has(html, "<svg data-chart=\"forecast\"");
	assert_has(html, "<svg data-chart=\"offers\"");
	/* the total balance band */
	assert_has(html, "<tr data-month=\"2026-04\"><td>2026-04</td><td class=\"n\" data-f=\"p10\">100.00</td>"
			 "<td class=\"n\" data-f=\"p50\">100.00</td><td class=\"n\" data-f=\"p90\">150.00</td></tr>");
	assert_has(html, "<tr data-month=\"2026-05\"><td>2026-05</td><td class=\"n\" data-f=\"p10\">0.00</td>"
			 "<td class=\"n\" data-f=\"p50\">0.00</td><td class=\"n\" data-f=\"p90\">100.00</td></tr>");
	/* and the credit's, month by month */
	assert_has(html, "<tr data-credit=\"A&lt;&amp;&quot;&#39;&gt;B\" data-month=\"2026-04\"><td data-f=\"id\">"
			 "A&lt;&amp;&quot;&#39;&gt;B</td><td data-f=\"month\">2026-04</td><td class=\"n\" data-f=\"p10\">100.00</td>"
			 "<td class=\"n\" data-f=\"p50\">100.00</td><td class=\"n\" data-f=\"p90\">150.00</td></tr>");
	assert_has(html, "data-month=\"2026-05\"><td data-f=\"id\">A&lt;&amp;&quot;&#39;&gt;B</td><td data-f=\"month\">2026-05</td>"
			 "<td class=\"n\" data-f=\"p10\">0.00</td><td class=\"n\" data-f=\"p50\">0.00</td>"
			 "<td class=\"n\" data-f=\"p90\">100.00</td></tr>");
	/* the forecast's table: 610.005 half-even to 610.00 */
	assert_has(html, "<td class=\"n\" data-f=\"payable_p50\">610.00</td>");
	/* offers by rank, names and reasons escaped; 12.345 half-even to 12.34 */
	const char *first = strstr(html, "<tr data-offer=\"1\"><td class=\"n\">1</td>");
	const char *second = strstr(html, "<tr data-offer=\"0\"><td class=\"n\">2</td>");
	assert_non_null(first);
	assert_non_null(second);
	assert_true(first < second);
	assert_has(html, "<td data-f=\"name\">Sign &quot;now&quot;</td>");
	assert_has(html, "Stay &amp; see: costs more");
	assert_has(html, "costs &lt;less&gt;");
	assert_has(html, "<td class=\"n\" data-f=\"leakage\">12.34</td>");
	assert_has(html, "<td class=\"n\" data-f=\"npv\">800.00</td>");
	assert_offline(html);
	free(html);

	/* the calendar, from its events */
	dd_event ev = {.date = {.year = 2026, .month = 12, .day = 31}, .kind = DD_EVENT_CREDIT_EXPIRY, .subject = "A<B", .has_amount = true,
		       .amount = M("500"), .message = "A<B expires", .credit = 0};
	dd_calendar cal = {&ev, 1};
	f.in.calendar = &cal;
	f.in.forecast = NULL;
	f.in.offers = NULL;
	html = page(&f.in);
	assert_has(html, "<tr data-kind=\"credit_expiry\" class=\"deadline\"><td data-f=\"date\">2026-12-31</td>");
	assert_has(html, "<td data-f=\"subject\">A&lt;B</td><td class=\"n\" data-f=\"amount\">500.00</td>");
	assert_lacks(html, "data-chart=\"forecast\"");
	assert_lacks(html, "data-chart=\"offers\"");
	free(html);
	dd_book_free(f.book);
}

static void test_page_commitment(void **state)
{
	(void)state;
	static const char yaml[] = "organization: { payer: \"111111111111\" }\n"
				   "agreement: { id: EDP-T, start: 2026-01-01, years: 2, commitment: [1000, 2000], "
				   "discount_percent: 5 }\n"
				   "credits:\n"
				   "  - { id: PLAIN, type: promotional, amount: 500, start: 2026-01-01, expires: 2026-12-31 }\n";
	fixture f;
	make(&f);
	dd_book *book = NULL;
	dd_book_problems probs = {0};
	assert_int_equal(dd_book_load_buffer("c.yaml", yaml, strlen(yaml), &book, &probs), 0);
	dd_book_problems_dispose(&probs);
	dd_commit_year years[2] = {
		{1, {.year = 2026, .month = 1, .day = 1}, {.year = 2026, .month = 12, .day = 31}, M("1000"), M("400"), M("0"), M("600")},
		{2, {.year = 2027, .month = 1, .day = 1}, {.year = 2027, .month = 12, .day = 31}, M("2000"), M("0"), M("0"), M("2000")},
	};
	f.in.book = book;
	f.in.years = years;
	char *html = page(&f.in);
	assert_has(html, "<svg data-chart=\"commitment\"");
	/* 200 px for 0 .. 2,000.00 (4 steps of 500.00); two years in 610 px
	 * slots, bars 61 px wide (a fifth), 7.6 px apart, year 1's centred on x
	 * 242.5: the commitment from x 143.4, 100 px high (1,000.00), counted
	 * from x 212, 40 px high (400.00), both on the axis at y 250 */
	assert_has(html, "<rect x=\"143.4\" y=\"150\" width=\"61\" height=\"100\" fill=\"#f2f2f2\" stroke=\"#000000\"");
	assert_has(html, "<rect x=\"212\" y=\"210\" width=\"61\" height=\"40\" fill=\"#0072B2\"/>");
	assert_has(html, ">1,500</text>");
	assert_has(html, "<tr data-year=\"1\"><td>1</td><td data-f=\"start\">2026-01-01</td><td data-f=\"end\">2026-12-31</td>"
			 "<td class=\"n\" data-f=\"commitment\">1,000.00</td><td class=\"n\" data-f=\"counted\">400.00</td>"
			 "<td class=\"n\" data-f=\"carried_in\">0.00</td><td class=\"n\" data-f=\"shortfall\">600.00</td></tr>");
	assert_has(html, "<td class=\"n\" data-f=\"shortfall\">2,000.00</td>");
	/* the headline: the year the month is in */
	assert_has(html, "<dt>Year 1 shortfall at the end of 2026-03</dt><dd data-f=\"shortfall\">600.00</dd>");
	assert_has(html, "run with --forecast for each year's projected end");
	assert_offline(html);
	free(html);
	dd_book_free(book);
	dd_book_free(f.book);
}

static void test_refusals(void **state)
{
	(void)state;
	fixture f;
	make(&f);
	char *html = (char *)1;
	f.in.nbills = 0;
	assert_int_equal(dd_report_html(&f.in, &html, NULL), DD_EINVALID);
	assert_null(html);
	f.in.nbills = 1;
	f.bill.ncredits = 0; /* a bill without the book's credit */
	assert_int_equal(dd_report_html(&f.in, &html, NULL), DD_EINVALID);
	assert_non_null(strstr(dd_error_last(), "credits"));
	/* a forecast from another month than the report's */
	f.bill.ncredits = 1;
	dd_forecast fc = {0};
	fc.as_of = DD_MONTH(2026, 2);
	fc.ncredits = 1;
	f.in.forecast = &fc;
	assert_int_equal(dd_report_html(&f.in, &html, NULL), DD_EINVALID);
	assert_non_null(strstr(dd_error_last(), "the forecast starts after 2026-02, the report's month is 2026-03"));
	dd_book_free(f.book);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_nice_max),
		cmocka_unit_test(test_waterfall_bars),
		cmocka_unit_test(test_page_waterfall),
		cmocka_unit_test(test_page_forecast_offers),
		cmocka_unit_test(test_page_commitment),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
