/* test_reconcile.c: the engine's credit application against AWS's record
 * (allocation history per credit id, or Credit line items per account and
 * service). The simulated side comes from the real engine on small books
 * whose greedy placement is worked out by hand in the comments; the AWS
 * side and the expected rows are written by hand. */
#include "engine_fixture.h"

#define P "111111111111" /* payer */
#define A "222222222222" /* member account, sharing on */

static dd_agg_entry E(const char *month, const char *account, const char *service, const char *name,
		      const char *type, const char *amount)
{
	dd_agg_entry e;
	memset(&e, 0, sizeof e);
	e.period = MO(month);
	e.payer = P;
	e.account = account;
	e.service = service;
	e.service_name = name;
	e.charge_type = type;
	e.billing_entity = "AWS";
	e.region = "";
	e.description = "";
	e.amount = M(amount);
	e.effective = e.amount;
	e.rows = 1;
	return e;
}

static dd_aws_allocation AL(const char *credit, const char *account, const char *service, const char *month,
			    const char *amount, bool estimated)
{
	dd_aws_allocation a;
	memset(&a, 0, sizeof a);
	a.credit_id = (char *)credit;
	snprintf(a.account, sizeof a.account, "%s", account);
	a.service = (char *)service;
	a.month = MO(month);
	a.amount = M(amount);
	a.estimated = estimated;
	return a;
}

static void assert_row(const dd_reconcile *r, size_t i, const char *credit, const char *account, const char *service,
		       const char *sim, const char *act, const char *diff)
{
	if (i >= r->nrows) fail_msg("row %zu missing (%zu rows)", i, r->nrows);
	const dd_reconcile_row *row = &r->rows[i];
	assert_string_equal(row->credit, credit);
	assert_string_equal(row->account, account);
	assert_string_equal(row->service, service);
	assert_money(row->simulated, sim);
	assert_money(row->actual, act);
	assert_money(row->difference, diff);
}

/* One $100 credit owned by the payer, all services; the payer spends $80
 * on EC2 and A $50 on S3. Greedy placement: owner first, so P/EC2 takes 80;
 * the remaining 20 goes to the sharing account A, S3. */
static fx_t *one_credit_two_accounts(void)
{
	fx_t *f = fx_new(P);
	fx_account(f, A, true);
	fx_credit(f, "100000000001", DD_CREDIT_PROMOTIONAL, "100", "2026-01-01", "2026-12-31");
	fx_usage(f, P, "AmazonEC2", "80");
	fx_usage(f, A, "AmazonS3", "50");
	fx_run(f, "2026-03");
	assert_money(fx_alloc(&f->bill, 0, P, "AmazonEC2"), "80");
	assert_money(fx_alloc(&f->bill, 0, A, "AmazonS3"), "20");
	return f;
}

static const dd_agg_entry *month_entries(size_t *n)
{
	static dd_agg_entry e[2];
	e[0] = E("2026-03", P, "AmazonEC2", "Amazon Elastic Compute Cloud", "Usage", "80");
	e[1] = E("2026-03", A, "AmazonS3", "Amazon Simple Storage Service", "Usage", "50");
	*n = 2;
	return e;
}

/* AWS applied the credit exactly as simulated: every difference is 0.
 * AWS names services; the entries map the names to the codes. */
static void test_exact_match(void **state)
{
	(void)state;
	fx_t *f = one_credit_two_accounts();
	size_t ne;
	const dd_agg_entry *e = month_entries(&ne);
	dd_aws_allocation aws[] = {
		AL("100000000001", P, "Amazon Elastic Compute Cloud", "2026-03", "-80", false),
		AL("100000000001", A, "amazon simple storage service", "2026-03", "-20", false), /* case differs */
	};
	dd_reconcile r;
	assert_int_equal(dd_reconcile_month(&f->book, &f->bill, e, ne, aws, 2, &r), 0);
	assert_int_equal(r.source, DD_RECONCILE_ALLOCATIONS);
	assert_int_equal(r.month, MO("2026-03"));
	assert_int_equal(r.nrows, 2);
	assert_row(&r, 0, "100000000001", P, "AmazonEC2", "80", "80", "0");
	assert_row(&r, 1, "100000000001", A, "AmazonS3", "20", "20", "0");
	assert_int_equal(r.ncredits, 1);
	assert_string_equal(r.credits[0].credit, "100000000001");
	assert_money(r.credits[0].simulated, "100"); /* 80 + 20 */
	assert_money(r.credits[0].difference, "0");
	assert_money(r.total.actual, "100");
	assert_null(r.total.credit);
	dd_reconcile_dispose(&r);
	assert_int_equal(r.nrows, 0);
	fx_free(f);
}

/* AWS put 20 more on A's S3 and 20 less on the payer's EC2: two rows with
 * opposite differences (80 - 60 = 20, 20 - 40 = -20), credit total 0. */
static void test_aws_applied_elsewhere(void **state)
{
	(void)state;
	fx_t *f = one_credit_two_accounts();
	size_t ne;
	const dd_agg_entry *e = month_entries(&ne);
	dd_aws_allocation aws[] = {
		AL("100000000001", A, "Amazon Simple Storage Service", "2026-03", "-40", true),
		AL("100000000001", P, "Amazon Elastic Compute Cloud", "2026-03", "-60", false),
	};
	dd_reconcile r;
	assert_int_equal(dd_reconcile_month(&f->book, &f->bill, e, ne, aws, 2, &r), 0);
	assert_int_equal(r.nrows, 2);
	assert_row(&r, 0, "100000000001", P, "AmazonEC2", "80", "60", "20");
	assert_row(&r, 1, "100000000001", A, "AmazonS3", "20", "40", "-20");
	assert_false(r.rows[0].estimated);
	assert_true(r.rows[1].estimated);
	assert_money(r.credits[0].difference, "0"); /* 20 + (-20) */
	assert_money(r.total.simulated, "100");
	assert_money(r.total.actual, "100");
	dd_reconcile_dispose(&r);
	fx_free(f);
}

/* No allocation history: the imported Credit rows carry no credit id, so
 * the comparison is per (account, service) with credit "*".
 * Book: C1 $60 on EC2 only, expiring first; C2 $40 on all services.
 * Charges: P EC2 80, A S3 50. C1 goes first: P/EC2 60 (left 20). C2: owner
 * P first, P/EC2 20; then A/S3 20. Simulated: P/EC2 80, A/S3 20.
 * AWS: P/EC2 -80, A/S3 -15, A/RDS -5 (a service the engine never credited). */
static void test_credit_rows_without_ids(void **state)
{
	(void)state;
	fx_t *f = fx_new(P);
	fx_account(f, A, true);
	int c1 = fx_credit(f, "C1", DD_CREDIT_POC, "60", "2026-01-01", "2026-06-30");
	fx_services(f, c1, "AmazonEC2", NULL);
	fx_credit(f, "C2", DD_CREDIT_PROMOTIONAL, "40", "2026-01-01", "2026-12-31");
	fx_usage(f, P, "AmazonEC2", "80");
	fx_usage(f, A, "AmazonS3", "50");
	fx_run(f, "2026-03");
	dd_agg_entry e[] = {
		E("2026-03", P, "AmazonEC2", "Amazon Elastic Compute Cloud", "Usage", "80"),
		E("2026-03", P, "AmazonEC2", "Amazon Elastic Compute Cloud", "Credit", "-80"),
		E("2026-03", A, "AmazonRDS", "Amazon Relational Database Service", "Credit", "-5"),
		E("2026-03", A, "AmazonS3", "Amazon Simple Storage Service", "Usage", "50"),
		E("2026-03", A, "AmazonS3", "Amazon Simple Storage Service", "Credit", "-15"),
		E("2026-02", A, "AmazonS3", "Amazon Simple Storage Service", "Credit", "-999"), /* other month */
		E("2026-03", A, "AmazonS3", "Amazon Simple Storage Service", "Refund", "-7"),   /* not a credit */
	};
	/* A record of another month does not switch to allocation mode. */
	dd_aws_allocation other = AL("100000000001", P, "Amazon Elastic Compute Cloud", "2026-02", "-1", false);
	dd_reconcile r;
	assert_int_equal(dd_reconcile_month(&f->book, &f->bill, e, sizeof e / sizeof *e, &other, 1, &r), 0);
	assert_int_equal(r.source, DD_RECONCILE_CREDIT_ROWS);
	assert_int_equal(r.nrows, 3);
	assert_row(&r, 0, "*", P, "AmazonEC2", "80", "80", "0");  /* C1 60 + C2 20 */
	assert_row(&r, 1, "*", A, "AmazonRDS", "0", "5", "-5");
	assert_row(&r, 2, "*", A, "AmazonS3", "20", "15", "5");
	assert_int_equal(r.ncredits, 1);
	assert_string_equal(r.credits[0].credit, "*");
	assert_money(r.total.simulated, "100"); /* 80 + 0 + 20 */
	assert_money(r.total.actual, "100");    /* 80 + 5 + 15 */
	assert_money(r.total.difference, "0");
	dd_reconcile_dispose(&r);
	fx_free(f);
}

/* Book ids that AWS does not know (a hand-written book) and AWS credits the
 * book does not have show up as separate rows; a service name the entries
 * do not know is kept as AWS wrote it; zero-amount records make no row.
 * Book: EDP-Y1 $30, all services; charges P/EC2 50 -> simulated P/EC2 30. */
static void test_unmatched_ids(void **state)
{
	(void)state;
	fx_t *f = fx_new(P);
	fx_credit(f, "EDP-Y1", DD_CREDIT_EDP, "30", "2026-01-01", "2026-12-31");
	fx_usage(f, P, "AmazonEC2", "50");
	fx_run(f, "2026-03");
	dd_agg_entry e[] = {E("2026-03", P, "AmazonEC2", "Amazon Elastic Compute Cloud", "Usage", "50")};
	dd_aws_allocation aws[] = {
		AL("100000000009", P, "Amazon Elastic Compute Cloud", "2026-03", "-25", false),
		AL("100000000009", P, "AWS Lambda", "2026-03", "-5", false),
		AL("100000000009", P, "Amazon Elastic Compute Cloud", "2026-03", "-0.5", false), /* same key: summed */
		AL("100000000010", P, "Amazon Elastic Compute Cloud", "2026-03", "0", false),    /* nothing applied */
	};
	dd_reconcile r;
	assert_int_equal(dd_reconcile_month(&f->book, &f->bill, e, 1, aws, 4, &r), 0);
	/* Sorted bytewise: "100000000009" < "EDP-Y1"; "AWS Lambda" < "AmazonEC2". */
	assert_int_equal(r.nrows, 3);
	assert_row(&r, 0, "100000000009", P, "AWS Lambda", "0", "5", "-5");
	assert_row(&r, 1, "100000000009", P, "AmazonEC2", "0", "25.5", "-25.5"); /* 25 + 0.5 */
	assert_row(&r, 2, "EDP-Y1", P, "AmazonEC2", "30", "0", "30");
	assert_int_equal(r.ncredits, 2);
	assert_string_equal(r.credits[0].credit, "100000000009");
	assert_money(r.credits[0].actual, "30.5");      /* 5 + 25.5 */
	assert_money(r.credits[0].difference, "-30.5");
	assert_string_equal(r.credits[1].credit, "EDP-Y1");
	assert_money(r.credits[1].difference, "30");
	assert_money(r.total.difference, "-0.5");       /* 30 - 30.5 */
	dd_reconcile_dispose(&r);
	fx_free(f);
}

/* The engine books support credits on "support"; AWS's Credit row is on
 * the account's support service. A hand-made bill keeps this independent
 * of the support-fee rules: 120 simulated, AWS 100 -> difference 20. */
static void test_support_credit(void **state)
{
	(void)state;
	fx_t *f = fx_new(P);
	fx_credit(f, "SUP", DD_CREDIT_SUPPORT, "500", "2026-01-01", "2026-12-31");
	dd_allocation al[] = {{0, P, "support", M("120")}, {0, P, "AmazonEC2", M("0")}};
	dd_bill bill;
	dd_bill_init(&bill);
	bill.month = MO("2026-03");
	bill.allocs = al;
	bill.nallocs = 2;
	dd_agg_entry e[] = {
		E("2026-03", P, "AWSSupportEnterprise", "AWS Support (Enterprise)", "Usage", "15000"),
		E("2026-03", P, "AWSSupportEnterprise", "AWS Support (Enterprise)", "Credit", "-100"),
	};
	dd_reconcile r;
	assert_int_equal(dd_reconcile_month(&f->book, &bill, e, 2, NULL, 0, &r), 0);
	assert_int_equal(r.nrows, 1); /* the zero EC2 allocation makes no row */
	assert_row(&r, 0, "*", P, "AWSSupportEnterprise", "120", "100", "20");
	dd_reconcile_dispose(&r);
	/* With allocation history, by credit id; AWS's display name maps to the code. */
	dd_aws_allocation aws = AL("SUP", P, "AWS Support (Enterprise)", "2026-03", "-120", false);
	assert_int_equal(dd_reconcile_month(&f->book, &bill, e, 2, &aws, 1, &r), 0);
	assert_int_equal(r.nrows, 1);
	assert_row(&r, 0, "SUP", P, "AWSSupportEnterprise", "120", "120", "0");
	dd_reconcile_dispose(&r);
	fx_free(f);
}

/* A month without any credit on either side: no rows, zero totals. */
static void test_empty(void **state)
{
	(void)state;
	fx_t *f = fx_new(P);
	fx_usage(f, P, "AmazonEC2", "10");
	fx_run(f, "2026-03");
	dd_reconcile r;
	assert_int_equal(dd_reconcile_month(&f->book, &f->bill, NULL, 0, NULL, 0, &r), 0);
	assert_int_equal(r.nrows, 0);
	assert_int_equal(r.ncredits, 0);
	assert_money(r.total.difference, "0");
	assert_string_equal(dd_reconcile_source_name(r.source), "credit_rows");
	dd_reconcile_dispose(&r);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_match),          cmocka_unit_test(test_aws_applied_elsewhere),
		cmocka_unit_test(test_credit_rows_without_ids), cmocka_unit_test(test_unmatched_ids),
		cmocka_unit_test(test_support_credit),       cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
