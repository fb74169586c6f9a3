/* test_focus.c: the FOCUS export's pure functions (focus.h) on a bill made
 * by hand: every field of a credit row and of a support credit row, the
 * quoting of awkward ids and names, the check that the rows add up to the
 * bill's credits, the refusals, and the commitment rows of a two-year
 * agreement. Expected values are written out here, from the FOCUS rules
 * docs/cli.md cites, not taken from the program's output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drawdown.h"

static const char book_yaml[] =
	"currency: EUR\n"
	"organization:\n"
	"  payer: \"000000000001\"\n"
	"  accounts:\n"
	"    - { id: \"000000000001\", name: \"Acme, Inc.\" }\n"
	"    - { id: \"000000000002\" }\n"
	"agreement:\n"
	"  id: EDP-X\n"
	"  start: 2026-07-01\n"
	"  years: 2\n"
	"  commitment: [500000, 650000.25]\n"
	"  discount_percent: [5, 7.5]\n"
	"  commitment_basis: gross\n"
	"support:\n"
	"  plan: business\n"
	"credits:\n"
	"  - id: 'MAP,\"1\"'\n"
	"    type: map\n"
	"    amount: 1000\n"
	"    start: 2026-01-01\n"
	"    expires: 2026-12-31\n"
	"  - id: PROMO\n"
	"    type: promotional\n"
	"    amount: 50\n"
	"    start: 2026-01-01\n"
	"    expires: 2026-12-31\n"
	"    applies: after_discount\n"
	"  - id: SUP\n"
	"    type: support\n"
	"    amount: 30\n"
	"    start: 2026-01-01\n"
	"    expires: 2026-12-31\n";

static dd_book *load_book(const char *text)
{
	dd_book *b = NULL;
	assert_int_equal(dd_book_load_buffer("focus.yaml", text, strlen(text), &b, NULL), 0);
	return b;
}

static dd_money m(const char *s)
{
	dd_money v;
	assert_int_equal(dd_money_parse(s, strlen(s), &v, NULL), 0);
	return v;
}

/* A bill of 2026-08 by hand: MAP,"1" 600.25 on 000000000002's AmazonEC2
 * (before the discount), PROMO 12.5 on 000000000001's SomeNewService (after
 * it), SUP 30 on 000000000002's support fee (Business: per account). */
typedef struct {
	dd_bill bill;
	dd_allocation allocs[3];
	dd_bill_credit credits[3];
} hand_bill;

static void make_bill(hand_bill *h)
{
	memset(h, 0, sizeof *h);
	h->allocs[0] = (dd_allocation){0, "000000000002", "AmazonEC2", m("600.25")};
	h->allocs[1] = (dd_allocation){1, "000000000001", "SomeNewService", m("12.5")};
	h->allocs[2] = (dd_allocation){2, "000000000002", "support", m("30")};
	h->bill.month = DD_MONTH(2026, 8);
	h->bill.allocs = h->allocs;
	h->bill.nallocs = 3;
	h->bill.credits = h->credits;
	h->bill.ncredits = 3;
	h->bill.credits_before_discount = m("600.25");
	h->bill.credits_after_discount = m("12.5");
	h->bill.support_credits = m("30");
}

/* The fields of one CSV record (RFC 4180), from *p; advances *p past it.
 * Returns the number of fields (at most max), each malloc'd. */
static size_t record(const char **p, char **f, size_t max)
{
	size_t n = 0;
	const char *s = *p;
	for (;;) {
		char buf[1024];
		size_t k = 0;
		if (*s == '"') {
			for (s++;; s++) {
				if (*s == '"' && s[1] == '"') buf[k++] = '"', s++;
				else if (*s == '"') { s++; break; }
				else buf[k++] = *s;
			}
		} else {
			while (*s && *s != ',' && *s != '\n') buf[k++] = *s++;
		}
		buf[k] = '\0';
		assert_true(n < max);
		f[n++] = strdup(buf);
		if (*s == ',') { s++; continue; }
		if (*s == '\n') s++;
		break;
	}
	*p = s;
	return n;
}

typedef struct {
	char *head[80], *rows[4][80];
	size_t ncols, nrows;
} table;

static void parse(const char *csv, table *t)
{
	memset(t, 0, sizeof *t);
	const char *p = csv;
	t->ncols = record(&p, t->head, 80);
	while (*p) {
		assert_true(t->nrows < 4);
		assert_int_equal(record(&p, t->rows[t->nrows++], 80), t->ncols);
	}
}

static const char *cell(const table *t, size_t row, const char *col)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (!strcmp(t->head[i], col)) return t->rows[row][i];
	fail_msg("no column %s", col);
	return NULL;
}

static void table_free(table *t)
{
	for (size_t i = 0; i < t->ncols; i++) {
		free(t->head[i]);
		for (size_t r = 0; r < t->nrows; r++) free(t->rows[r][i]);
	}
}

static void test_credit_rows(void **state)
{
	(void)state;
	dd_book *book = load_book(book_yaml);
	hand_bill h;
	make_bill(&h);
	char *csv = NULL;
	size_t len = 0;
	assert_int_equal(dd_focus_credits_csv(book, &h.bill, &csv, &len), 0);
	assert_int_equal(strlen(csv), len);
	table t;
	parse(csv, &t);
	/* FOCUS 1.2's 57 columns, then x_CreditId, x_CreditType, x_AppliedTo, x_ServiceCode */
	assert_int_equal(t.ncols, 61);
	assert_string_equal(t.head[0], "ProviderName");
	assert_string_equal(t.head[56], "Tags");
	assert_string_equal(t.head[57], "x_CreditId");
	assert_string_equal(t.head[60], "x_ServiceCode");
	assert_int_equal(t.nrows, 3);
	/* Row 1: the MAP credit on the linked account's EC2. */
	const char *want1[][2] = {
		{"ProviderName", "AWS"}, {"PublisherName", "Amazon Web Services, Inc."},
		{"InvoiceIssuerName", "Amazon Web Services, Inc."}, {"InvoiceId", ""},
		{"BillingAccountId", "000000000001"}, {"BillingAccountName", "Acme, Inc."},
		{"BillingAccountType", "Payer Account"}, {"SubAccountId", "000000000002"},
		{"SubAccountName", "000000000002"}, {"SubAccountType", "Linked Account"},
		{"BillingPeriodStart", "2026-08-01T00:00:00Z"}, {"BillingPeriodEnd", "2026-09-01T00:00:00Z"},
		{"ChargePeriodStart", "2026-08-01T00:00:00Z"}, {"ChargePeriodEnd", "2026-09-01T00:00:00Z"},
		{"ChargeCategory", "Credit"}, {"ChargeClass", ""},
		{"ChargeDescription", "MAP,\"1\" map credit applied before the discount to AmazonEC2"},
		{"ChargeFrequency", "Usage-Based"},
		{"BilledCost", "-600.25"}, {"EffectiveCost", "-600.25"}, {"ListCost", "-600.25"},
		{"ContractedCost", "-600.25"}, {"ListUnitPrice", ""}, {"ContractedUnitPrice", ""},
		{"PricingCategory", ""}, {"PricingQuantity", ""}, {"PricingUnit", ""},
		{"PricingCurrency", "EUR"}, {"PricingCurrencyEffectiveCost", "-600.25"}, {"BillingCurrency", "EUR"},
		{"ConsumedQuantity", ""}, {"ServiceName", "Amazon Elastic Compute Cloud"},
		{"ServiceCategory", "Compute"}, {"ServiceSubcategory", "Virtual Machines"},
		{"SkuId", ""}, {"SkuPriceId", ""}, {"ResourceId", ""}, {"RegionId", ""},
		{"CommitmentDiscountId", ""}, {"CapacityReservationId", ""}, {"Tags", ""},
		{"x_CreditId", "MAP,\"1\""}, {"x_CreditType", "map"}, {"x_AppliedTo", "before_discount"},
		{"x_ServiceCode", "AmazonEC2"},
	};
	for (size_t i = 0; i < sizeof want1 / sizeof want1[0]; i++)
		assert_string_equal(cell(&t, 0, want1[i][0]), want1[i][1]);
	/* Row 2: after the discount, on the payer, a service the table does not know. */
	assert_string_equal(cell(&t, 1, "SubAccountId"), "000000000001");
	assert_string_equal(cell(&t, 1, "SubAccountName"), "Acme, Inc.");
	assert_string_equal(cell(&t, 1, "SubAccountType"), "Payer Account");
	assert_string_equal(cell(&t, 1, "BilledCost"), "-12.5");
	assert_string_equal(cell(&t, 1, "ServiceName"), "SomeNewService");
	assert_string_equal(cell(&t, 1, "ServiceCategory"), "Other");
	assert_string_equal(cell(&t, 1, "ServiceSubcategory"), "Other (Other)");
	assert_string_equal(cell(&t, 1, "x_AppliedTo"), "after_discount");
	/* Row 3: the support credit on a Business plan's per-account fee. */
	assert_string_equal(cell(&t, 2, "BilledCost"), "-30");
	assert_string_equal(cell(&t, 2, "ServiceName"), "AWS Support (Business)");
	assert_string_equal(cell(&t, 2, "ServiceCategory"), "Management and Governance");
	assert_string_equal(cell(&t, 2, "ServiceSubcategory"), "Support");
	assert_string_equal(cell(&t, 2, "ChargeFrequency"), "Recurring");
	assert_string_equal(cell(&t, 2, "x_AppliedTo"), "support");
	assert_string_equal(cell(&t, 2, "x_ServiceCode"), "AWSSupportBusiness");
	/* The raw text quotes what needs it (RFC 4180). */
	assert_non_null(strstr(csv, "\"MAP,\"\"1\"\"\""));
	assert_non_null(strstr(csv, ",\"Acme, Inc.\","));
	table_free(&t);
	free(csv);
	dd_book_free(book);
}

static void test_credit_refusals(void **state)
{
	(void)state;
	dd_book *book = load_book(book_yaml);
	hand_bill h;
	char *csv = (char *)1;
	/* The rows would not add up to the bill's credits. */
	make_bill(&h);
	h.bill.credits_after_discount = m("12.49");
	assert_int_equal(dd_focus_credits_csv(book, &h.bill, &csv, NULL), DD_EGENERIC);
	assert_null(csv);
	make_bill(&h);
	h.bill.support_credits = m("0");
	assert_int_equal(dd_focus_credits_csv(book, &h.bill, &csv, NULL), DD_EGENERIC);
	/* Not this book's bill. */
	make_bill(&h);
	h.bill.ncredits = 2;
	assert_int_equal(dd_focus_credits_csv(book, &h.bill, &csv, NULL), DD_EINVALID);
	make_bill(&h);
	h.allocs[1].credit = 3;
	assert_int_equal(dd_focus_credits_csv(book, &h.bill, &csv, NULL), DD_EINVALID);
	assert_non_null(strstr(dd_error_last(), "allocation 1"));
	assert_int_equal(dd_focus_credits_csv(NULL, &h.bill, &csv, NULL), DD_EUSAGE);
	/* No credits applied: the header alone. */
	make_bill(&h);
	h.bill.nallocs = 0;
	h.bill.credits_before_discount = h.bill.credits_after_discount = h.bill.support_credits = m("0");
	size_t len;
	assert_int_equal(dd_focus_credits_csv(book, &h.bill, &csv, &len), 0);
	assert_int_equal(strchr(csv, '\n') - csv + 1, (long)len);
	assert_true(!strncmp(csv, "ProviderName,PublisherName,", 27));
	free(csv);
	dd_book_free(book);
}

/* A service string longer than any fixed buffer: the description keeps it
 * whole (record() reads fields of up to 1,023 bytes). */
static void test_long_strings(void **state)
{
	(void)state;
	dd_book *book = load_book(book_yaml);
	hand_bill h;
	make_bill(&h);
	char svc[901];
	memset(svc, 'S', 900);
	svc[900] = '\0';
	h.allocs[0].service = svc;
	char *csv = NULL;
	assert_int_equal(dd_focus_credits_csv(book, &h.bill, &csv, NULL), 0);
	table t;
	parse(csv, &t);
	const char *d = cell(&t, 0, "ChargeDescription");
	assert_int_equal(strlen(d), strlen("MAP,\"1\" map credit applied before the discount to ") + 900);
	assert_string_equal(d + strlen(d) - 900, svc);
	assert_string_equal(cell(&t, 0, "ServiceName"), svc);
	table_free(&t);
	free(csv);
	dd_book_free(book);
}

static void test_commitment_rows(void **state)
{
	(void)state;
	dd_book *book = load_book(book_yaml);
	char *csv = NULL;
	assert_int_equal(dd_focus_commitment_csv(book, &csv, NULL), 0);
	table t;
	parse(csv, &t);
	assert_int_equal(t.ncols, 16);
	assert_int_equal(t.nrows, 2);
	const char *cols[] = {"ContractCommitmentId", "ContractCommitmentType", "ContractCommitmentCategory",
			      "ContractCommitmentCost", "ContractCommitmentQuantity", "ContractCommitmentUnit",
			      "ContractCommitmentDescription", "ContractCommitmentPeriodStart",
			      "ContractCommitmentPeriodEnd", "ContractId", "ContractPeriodStart", "ContractPeriodEnd",
			      "BillingCurrency", "x_ContractYear", "x_DiscountPercent", "x_CommitmentBasis"};
	for (size_t i = 0; i < 16; i++) assert_string_equal(t.head[i], cols[i]);
	/* A contract from 2026-07-01 for 2 years: years [2026-07-01, 2027-07-01)
	 * and [2027-07-01, 2028-07-01); the contract to 2028-07-01 (exclusive). */
	const char *y1[] = {"EDP-X-Y1", "EDP Minimum Spend", "Spend", "500000", "", "", NULL,
			    "2026-07-01T00:00:00Z", "2027-07-01T00:00:00Z", "EDP-X", "2026-07-01T00:00:00Z",
			    "2028-07-01T00:00:00Z", "EUR", "1", "5", "gross"};
	const char *y2[] = {"EDP-X-Y2", "EDP Minimum Spend", "Spend", "650000.25", "", "", NULL,
			    "2027-07-01T00:00:00Z", "2028-07-01T00:00:00Z", "EDP-X", "2026-07-01T00:00:00Z",
			    "2028-07-01T00:00:00Z", "EUR", "2", "7.5", "gross"};
	for (size_t i = 0; i < 16; i++) {
		if (y1[i]) assert_string_equal(t.rows[0][i], y1[i]);
		if (y2[i]) assert_string_equal(t.rows[1][i], y2[i]);
	}
	assert_non_null(strstr(t.rows[1][6], "650000.25 EUR"));
	assert_non_null(strstr(t.rows[1][6], "7.5% discount"));
	table_free(&t);
	free(csv);
	dd_book_free(book);

	book = load_book("currency: USD\norganization:\n  payer: \"000000000001\"\n");
	csv = (char *)1;
	assert_int_equal(dd_focus_commitment_csv(book, &csv, NULL), DD_ENOTFOUND);
	assert_null(csv);
	dd_book_free(book);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_credit_rows),
		cmocka_unit_test(test_credit_refusals),
		cmocka_unit_test(test_long_strings),
		cmocka_unit_test(test_commitment_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
