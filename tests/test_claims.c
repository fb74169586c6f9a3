/* test_claims.c: incidents to SLA claims (issue #13), worked by hand: every
 * tier boundary of every SLA one minute on each side (30-day month: 43,200
 * minutes; 432 minutes is exactly 99.0 %), overlapping and nested
 * incidents, a month-crossing incident in 31-, 28- and 30-day months, the
 * $1 floor, deadlines across a year end, a service with no charges, the
 * statuses, and an approved claim. */
#include "forecast_fixture.h"

static const char *const head = "currency: USD\norganization:\n  payer: \"111111111111\"\n"
				"  accounts:\n    - { id: \"111111111111\" }\n    - { id: \"222222222222\" }\n";

static dd_book *with_incidents(const char *incidents)
{
	char yaml[8192];
	snprintf(yaml, sizeof yaml, "%sincidents:\n%s", head, incidents);
	return book_of(yaml);
}

static dd_date DT(const char *s)
{
	dd_date d;
	if (dd_date_parse(s, strlen(s), &d)) fail_msg("bad date %s", s);
	return d;
}

static void assert_date(dd_date d, const char *want)
{
	char b[11];
	if (strcmp(dd_date_format(d, b), want)) fail_msg("date %s, expected %s", b, want);
}

/* One EC2 charge row of a month (us-east-1) for the affected charges. */
static dd_agg_entry ec2(const char *account, const char *region, const char *amount)
{
	return (dd_agg_entry){.account = account, .service = "AmazonEC2", .service_name = "", .charge_type = "Usage",
			      .region = region, .amount = M(amount)};
}

/* The credit percent of `minutes` down in November 2026 (30 days). */
static dd_money credit_at(const dd_sla_def *d, int64_t minutes)
{
	char inc[512];
	int64_t s = minutes * 60, day = s / 86400, rest = s % 86400;
	snprintf(inc, sizeof inc,
		 "  - { id: I, sla: %s, service: %s, start: 2026-11-01T00:00:00Z, end: %s-%02lldT%02lld:%02lld:00Z }\n", d->name,
		 d->service, day >= 30 ? "2026-12" : "2026-11", (long long)(day >= 30 ? 1 : day + 1), (long long)(rest / 3600),
		 (long long)(rest / 60 % 60));
	dd_book *book = with_incidents(inc);
	dd_claims c;
	assert_int_equal(dd_claims_compute(book, NULL, 0, DD_MONTH(2026, 11), DT("2026-11-30"), &c), 0);
	assert_int_equal((int)c.n, 1);
	dd_money p = c.items[0].credit_percent;
	dd_claims_dispose(&c);
	dd_book_free(book);
	return p;
}

/* For each SLA, each boundary B (the commitment, then each tier's
 * at_least): in a 30-day month B is reached at D = (100 - B) x 432 minutes
 * down. One minute fewer than D (rounded up) and D itself (when whole:
 * at_least is inclusive) keep the band above; one minute more than D
 * (rounded down) falls in the band below. The bands: [commitment, 100] pays 0; tier t pays tiers[t].percent. */
static void test_every_boundary(void **state)
{
	(void)state;
	size_t n;
	const dd_sla_def *defs = dd_sla_defs(&n);
	assert_true(n >= 15);
	for (size_t s = 0; s < n; s++) {
		const dd_sla_def *d = &defs[s];
		if (d->measure != DD_SLA_UNAVAILABLE_MINUTES) continue; /* error-rate SLAs: below */
		for (size_t t = 0; t <= d->ntiers; t++) {
			dd_money b = t == 0 ? d->commitment : d->tiers[t - 1].at_least;
			if (dd_money_is_zero(b)) continue;
			dd_money above = t == 0 ? dd_money_zero() : d->tiers[t - 1].percent;
			dd_money below = t < d->ntiers ? d->tiers[t].percent : dd_money_zero();
			if (t == d->ntiers) continue; /* the last tier's at_least is 0 */
			dd_money down;
			dd_money_muldiv(dd_money_sub(dd_money_from_units(100), b), 432, 1, &down);
			int64_t floor_d = (int64_t)(down.v / DD_MONEY_SCALE);
			bool whole = down.v % DD_MONEY_SCALE == 0;
			int64_t fewer = whole ? floor_d - 1 : floor_d, more = floor_d + 1;
			char pb[DD_MONEY_STRMAX];
			if (fewer >= 0 && dd_money_cmp(credit_at(d, fewer), above))
				fail_msg("%s: %lld minutes (above %s): wrong tier", d->name, (long long)fewer, dd_money_format(b, pb));
			if (whole && dd_money_cmp(credit_at(d, floor_d), above))
				fail_msg("%s: %lld minutes (exactly %s): wrong tier", d->name, (long long)floor_d, dd_money_format(b, pb));
			if (dd_money_cmp(credit_at(d, more), below))
				fail_msg("%s: %lld minutes (below %s): wrong tier", d->name, (long long)more, dd_money_format(b, pb));
		}
	}
}

/* 432 minutes of 43,200 is exactly 99.0 %: at least 99.0, so the tier of
 * [99.0, 99.99) for ec2-region. */
static void test_exact_99(void **state)
{
	(void)state;
	dd_book *b = with_incidents("  - { id: I, sla: ec2-region, service: AmazonEC2, region: us-east-1, "
				    "start: 2026-11-10T00:00:00Z, end: 2026-11-10T07:12:00Z }\n");
	dd_agg_entry e[] = {ec2("111111111111", "us-east-1", "1000"), ec2("111111111111", "eu-west-1", "500")};
	dd_claim_month m = {DD_MONTH(2026, 11), e, 2};
	dd_claims c;
	assert_int_equal(dd_claims_compute(b, &m, 1, DD_MONTH_NONE, DT("2026-11-30"), &c), 0);
	assert_money(c.items[0].unavailable_minutes, "432");
	assert_int_equal(c.items[0].minutes_in_month, 43200);
	assert_money(c.items[0].uptime_percent, "99");
	assert_money(c.items[0].credit_percent, dd_money_format(dd_sla_find("ec2-region")->tiers[0].percent, (char[DD_MONEY_STRMAX]){0}));
	assert_money(c.items[0].affected_charges, "1000"); /* us-east-1 only */
	dd_claims_dispose(&c);
	dd_book_free(b);
}

/* A 10:00-11:00, B 10:30-10:45 (nested), C 10:50-11:30 (overlapping):
 * merged 10:00-11:30, 90 minutes; incidents in start order. */
static void test_overlaps(void **state)
{
	(void)state;
	dd_book *b = with_incidents(
		"  - { id: A, sla: ec2-region, service: AmazonEC2, start: 2026-10-05T10:00:00Z, end: 2026-10-05T11:00:00Z }\n"
		"  - { id: C, sla: ec2-region, service: AmazonEC2, start: 2026-10-05T10:50:00Z, end: 2026-10-05T11:30:00Z }\n"
		"  - { id: B, sla: ec2-region, service: AmazonEC2, start: 2026-10-05T10:30:00Z, end: 2026-10-05T10:45:00Z }\n");
	dd_claims c;
	assert_int_equal(dd_claims_compute(b, NULL, 0, DD_MONTH_NONE, DT("2026-10-06"), &c), 0);
	assert_int_equal((int)c.n, 1);
	assert_money(c.items[0].unavailable_minutes, "90");
	assert_int_equal(c.items[0].minutes_in_month, 44640); /* October: 31 days */
	assert_int_equal((int)c.items[0].nincidents, 3);
	assert_string_equal(c.items[0].incidents[0], "A");
	assert_string_equal(c.items[0].incidents[1], "B");
	assert_string_equal(c.items[0].incidents[2], "C");
	/* 100 x (44,640 - 90) / 44,640 = 99.798387096774193548... */
	assert_money(c.items[0].uptime_percent, "99.798387096774193548");
	/* October: hard deadline the end of December; recommended 30 days after 2026-10-05 */
	assert_date(c.items[0].hard_deadline, "2026-12-31");
	assert_date(c.items[0].recommended_deadline, "2026-11-04");
	dd_claims_dispose(&c);
	dd_book_free(b);
}

/* 2027-01-31T23:00 to 2027-02-01T01:00: 60 minutes of 44,640 in January
 * and 60 of 40,320 in February (28 days); December's claim across the
 * year end: hard deadline the end of February. */
static void test_month_crossing(void **state)
{
	(void)state;
	dd_book *b = with_incidents(
		"  - { id: X, sla: ec2-region, service: AmazonEC2, start: 2027-01-31T23:00:00Z, end: 2027-02-01T01:00:00Z }\n"
		"  - { id: D, sla: s3-standard, service: AmazonS3, start: 2026-12-20T00:00:00Z, end: 2026-12-20T02:00:00Z }\n");
	dd_claims c;
	assert_int_equal(dd_claims_compute(b, NULL, 0, DD_MONTH_NONE, DT("2027-01-05"), &c), 0);
	assert_int_equal((int)c.n, 3);
	assert_int_equal(c.items[0].month, DD_MONTH(2026, 12));
	assert_date(c.items[0].hard_deadline, "2027-02-28");
	assert_date(c.items[0].recommended_deadline, "2027-01-19");
	assert_int_equal(c.items[1].month, DD_MONTH(2027, 1));
	assert_money(c.items[1].unavailable_minutes, "60");
	assert_int_equal(c.items[1].minutes_in_month, 44640);
	assert_int_equal(c.items[2].month, DD_MONTH(2027, 2));
	assert_money(c.items[2].unavailable_minutes, "60");
	assert_int_equal(c.items[2].minutes_in_month, 40320);
	/* both halves of X: recommended 30 days after its end, 2027-02-01 */
	assert_date(c.items[1].recommended_deadline, "2027-03-03");
	assert_date(c.items[1].hard_deadline, "2027-03-31");
	dd_claims_dispose(&c);
	dd_book_free(b);
}

/* The $1 floor, no charges, statuses and approval. 2026-11 has 43,200
 * minutes; 500 minutes down is 98.842592...% (below 99.0: ec2-region's
 * second tier). */
static void test_floor_and_status(void **state)
{
	(void)state;
	const dd_sla_def *d = dd_sla_find("ec2-region");
	dd_money pct = d->tiers[1].percent; /* [95, 99) */
	assert_money(pct, "30"); /* as verified in the table */
	const char *amount = "3.33"; /* 3.33 x 30 % = 0.999: below the floor */
	dd_book *b = with_incidents(
		"  - { id: L, sla: ec2-region, service: AmazonEC2, start: 2026-11-02T00:00:00Z, end: 2026-11-02T08:20:00Z }\n");
	dd_agg_entry e1[] = {ec2("111111111111", "", amount)};
	dd_claim_month m = {DD_MONTH(2026, 11), e1, 1};
	dd_claims c;
	assert_int_equal(dd_claims_compute(b, &m, 1, DD_MONTH_NONE, DT("2026-11-30"), &c), 0);
	assert_money(c.items[0].credit_percent, "30");
	assert_money(c.items[0].credit, "0");
	assert_int_equal(c.items[0].status, DD_CLAIM_BELOW_MINIMUM);
	dd_claims_dispose(&c);
	/* 3.34 x 30 % = 1.002: paid, open until the recommended date (2026-12-02),
	 * late after it, lost after the hard deadline (2027-01-31) */
	dd_agg_entry e2[] = {ec2("111111111111", "", "3.34")};
	m.entries = e2;
	assert_int_equal(dd_claims_compute(b, &m, 1, DD_MONTH_NONE, DT("2026-12-02"), &c), 0);
	assert_money(c.items[0].credit, "1.002");
	assert_int_equal(c.items[0].status, DD_CLAIM_OPEN);
	dd_claims_dispose(&c);
	assert_int_equal(dd_claims_compute(b, &m, 1, DD_MONTH_NONE, DT("2026-12-03"), &c), 0);
	assert_int_equal(c.items[0].status, DD_CLAIM_LATE);
	dd_claims_dispose(&c);
	assert_int_equal(dd_claims_compute(b, &m, 1, DD_MONTH_NONE, DT("2027-02-01"), &c), 0);
	assert_int_equal(c.items[0].status, DD_CLAIM_LOST);
	assert_money(c.items[0].credit, "1.002"); /* shown as value lost */
	dd_claims_dispose(&c);
	/* no charges for the service: nothing to credit */
	assert_int_equal(dd_claims_compute(b, NULL, 0, DD_MONTH_NONE, DT("2026-11-30"), &c), 0);
	assert_money(c.items[0].affected_charges, "0");
	assert_int_equal(c.items[0].status, DD_CLAIM_BELOW_MINIMUM);
	dd_claims_dispose(&c);
	dd_book_free(b);
	/* approved: the book holds SLA-L; it takes precedence over lost */
	char yaml[2048];
	snprintf(yaml, sizeof yaml,
		 "%sincidents:\n  - { id: L, sla: ec2-region, service: AmazonEC2, start: 2026-11-02T00:00:00Z, "
		 "end: 2026-11-02T08:20:00Z }\n"
		 "credits:\n  - { id: SLA-L, type: sla, amount: 1.00, start: 2026-12-01, expires: 2027-11-30, services: [AmazonEC2] }\n",
		 head);
	b = book_of(yaml);
	assert_int_equal(dd_claims_compute(b, &m, 1, DD_MONTH_NONE, DT("2027-03-01"), &c), 0);
	assert_int_equal(c.items[0].status, DD_CLAIM_APPROVED);
	dd_claims_dispose(&c);
	dd_book_free(b);
}

/* Error-rate SLAs (lambda): November has 8,640 five-minute intervals. Two
 * intervals at 50 % (`intervals`) average 100 / 8,640 = 0.0115740740...%:
 * uptime 99.988425925925925925 (18 digits, truncated). A day (288
 * intervals) at a stated 10 % averages 2,880 / 8,640 = 0.3333...%; a day
 * with no rate stated counts as 100 %: 28,800 / 8,640 = 3.3333...%. */
static void test_error_rate(void **state)
{
	(void)state;
	const dd_sla_def *d = dd_sla_find("lambda");
	assert_non_null(d);
	assert_int_equal(d->measure, DD_SLA_ERROR_RATE_5MIN);
	dd_book *b = with_incidents("  - { id: E, sla: lambda, service: AWSLambda, start: 2026-11-03T10:00:00Z, "
				    "end: 2026-11-03T10:10:00Z, intervals: [50, 50] }\n");
	dd_claims c;
	assert_int_equal(dd_claims_compute(b, NULL, 0, DD_MONTH_NONE, DT("2026-11-30"), &c), 0);
	assert_money(c.items[0].uptime_percent, "99.988425925925925926");
	dd_claims_dispose(&c);
	dd_book_free(b);
	b = with_incidents("  - { id: R, sla: lambda, service: AWSLambda, start: 2026-11-03T00:00:00Z, "
			   "end: 2026-11-04T00:00:00Z, error_rate: 10 }\n");
	assert_int_equal(dd_claims_compute(b, NULL, 0, DD_MONTH_NONE, DT("2026-11-30"), &c), 0);
	assert_money(c.items[0].uptime_percent, "99.666666666666666667");
	assert_money(c.items[0].credit_percent, dd_money_format(dd_sla_credit_percent(d, M("99.666666666666666667")), (char[DD_MONEY_STRMAX]){0}));
	dd_claims_dispose(&c);
	dd_book_free(b);
	b = with_incidents("  - { id: U, sla: lambda, service: AWSLambda, start: 2026-11-03T00:00:00Z, "
			   "end: 2026-11-04T00:00:00Z }\n");
	assert_int_equal(dd_claims_compute(b, NULL, 0, DD_MONTH_NONE, DT("2026-11-30"), &c), 0);
	assert_money(c.items[0].uptime_percent, "96.666666666666666667");
	dd_claims_dispose(&c);
	dd_book_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_boundary), cmocka_unit_test(test_exact_99), cmocka_unit_test(test_overlaps),
		cmocka_unit_test(test_month_crossing), cmocka_unit_test(test_floor_and_status), cmocka_unit_test(test_error_rate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
