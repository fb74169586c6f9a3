/* test_sla_table.c: the SLA definitions compiled from data/slas.csv (sla.h,
 * issue #13.1). Every name of the contract is there, in the table's order,
 * and every SLA the book names; each SLA's facts are written here a second
 * time, by hand from the AWS pages read (docs/sla.md has the sources), and
 * must match: service, commitment, measure, every tier, whether verified;
 * the tiers are contiguous half-open bands from the commitment down to 0;
 * and dd_sla_credit_percent is exact at every boundary and one
 * hundred-thousandth of a percent either side of it (no rounding before the
 * comparison: 99.989999999999999999 is below 99.99). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drawdown.h"
#include "money_assert.h"

/* What each SLA must say: commitment, measure, and the bands as
 * {at_least, below, percent} from the highest down. */
typedef struct {
	const char *name, *service, *commitment;
	dd_sla_measure measure;
	bool verified;
	const char *tiers[3][3];
} want_sla;

#define MIN DD_SLA_UNAVAILABLE_MINUTES
#define ERR DD_SLA_ERROR_RATE_5MIN

/* The contract's names in the table's order (issue #13), and the facts:
 * EC2 and EBS 10/30/100, ELB 10/30/100, the others 10/25/100; S3 IA's
 * bands are 99/98/95. */
static const want_sla want[] = {
	{"ec2-region", "AmazonEC2", "99.99", MIN, false, {{"99.0", "99.99", "10"}, {"95.0", "99.0", "30"}, {"0", "95.0", "100"}}},
	{"ec2-instance", "AmazonEC2", "99.5", MIN, false, {{"99.0", "99.5", "10"}, {"95.0", "99.0", "30"}, {"0", "95.0", "100"}}},
	{"ebs-region", "AmazonEC2", "99.99", MIN, true, {{"99.0", "99.99", "10"}, {"95.0", "99.0", "30"}, {"0", "95.0", "100"}}},
	{"ebs-volume", "AmazonEC2", "99.9", MIN, true, {{"99.0", "99.9", "10"}, {"95.0", "99.0", "30"}, {"0", "95.0", "100"}}},
	{"s3-standard", "AmazonS3", "99.9", ERR, false, {{"99.0", "99.9", "10"}, {"95.0", "99.0", "25"}, {"0", "95.0", "100"}}},
	{"s3-ia", "AmazonS3", "99.0", ERR, false, {{"98.0", "99.0", "10"}, {"95.0", "98.0", "25"}, {"0", "95.0", "100"}}},
	{"rds-multi-az", "AmazonRDS", "99.95", MIN, true, {{"99.0", "99.95", "10"}, {"95.0", "99.0", "25"}, {"0", "95.0", "100"}}},
	{"rds-single-az", "AmazonRDS", "99.5", MIN, true, {{"99.0", "99.5", "10"}, {"95.0", "99.0", "25"}, {"0", "95.0", "100"}}},
	{"dynamodb", "AmazonDynamoDB", "99.99", ERR, false, {{"99.0", "99.99", "10"}, {"95.0", "99.0", "25"}, {"0", "95.0", "100"}}},
	{"dynamodb-global", "AmazonDynamoDB", "99.999", ERR, false, {{"99.0", "99.999", "10"}, {"95.0", "99.0", "25"}, {"0", "95.0", "100"}}},
	{"elb", "AWSELB", "99.99", MIN, true, {{"99.0", "99.99", "10"}, {"95.0", "99.0", "30"}, {"0", "95.0", "100"}}},
	{"eks", "AmazonEKS", "99.95", MIN, true, {{"99.0", "99.95", "10"}, {"95.0", "99.0", "25"}, {"0", "95.0", "100"}}},
	{"api-gateway", "AmazonApiGateway", "99.95", ERR, true, {{"99.0", "99.95", "10"}, {"95.0", "99.0", "25"}, {"0", "95.0", "100"}}},
	{"lambda", "AWSLambda", "99.95", ERR, false, {{"99.0", "99.95", "10"}, {"95.0", "99.0", "25"}, {"0", "95.0", "100"}}},
	{"cloudfront", "AmazonCloudFront", "99.9", ERR, false, {{"99.0", "99.9", "10"}, {"95.0", "99.0", "25"}, {"0", "95.0", "100"}}},
};
#define NWANT (sizeof want / sizeof want[0])

static const dd_sla_def *find(const char *name)
{
	const dd_sla_def *d = dd_sla_find(name);
	if (!d) fail_msg("no SLA named %s", name);
	return d;
}

/* One hundred-thousandth of a percent. */
static dd_money step(void) { return M("0.00001"); }

static void every_name_in_order(void **state)
{
	(void)state;
	size_t n = 0;
	const dd_sla_def *defs = dd_sla_defs(&n);
	assert_non_null(defs);
	assert_int_equal(n, NWANT);
	assert_ptr_equal(dd_sla_defs(NULL), defs);
	for (size_t i = 0; i < NWANT; i++) {
		assert_string_equal(defs[i].name, want[i].name);
		assert_ptr_equal(dd_sla_find(want[i].name), &defs[i]);
	}
	assert_null(dd_sla_find("ec2"));
	assert_null(dd_sla_find("EC2-REGION"));
	assert_null(dd_sla_find(""));
	assert_null(dd_sla_find(NULL));
}

/* Every SLA an incident of the book can name has a definition, so a claim
 * never meets an unknown name. */
static void every_book_sla_defined(void **state)
{
	(void)state;
	for (int s = 0; s < DD_SLA_COUNT; s++) {
		const char *name = dd_sla_name((dd_sla)s);
		if (!dd_sla_find(name)) fail_msg("the book's SLA %s has no definition", name);
	}
}

static void facts_as_verified(void **state)
{
	(void)state;
	for (size_t i = 0; i < NWANT; i++) {
		const want_sla *w = &want[i];
		const dd_sla_def *d = find(w->name);
		assert_string_equal(d->service, w->service);
		assert_money(d->commitment, w->commitment);
		assert_int_equal(d->measure, w->measure);
		if (d->verified != w->verified) fail_msg("%s: verified is %d, expected %d", w->name, d->verified, w->verified);
		assert_int_equal(d->ntiers, 3);
		for (size_t t = 0; t < 3; t++) {
			assert_money(d->tiers[t].at_least, w->tiers[t][0]);
			assert_money(d->tiers[t].below, w->tiers[t][1]);
			assert_money(d->tiers[t].percent, w->tiers[t][2]);
		}
	}
}

/* The shape every SLA's schedule must have, whatever its numbers. */
static void tiers_contiguous_half_open(void **state)
{
	(void)state;
	size_t n;
	const dd_sla_def *defs = dd_sla_defs(&n);
	for (size_t i = 0; i < n; i++) {
		const dd_sla_def *d = &defs[i];
		assert_true(d->ntiers >= 1);
		assert_true(dd_money_is_pos(d->commitment) && dd_money_cmp(d->commitment, M("100")) <= 0);
		assert_int_equal(dd_money_cmp(d->tiers[0].below, d->commitment), 0);
		for (size_t t = 0; t < d->ntiers; t++) {
			assert_true(dd_money_cmp(d->tiers[t].at_least, d->tiers[t].below) < 0);
			assert_true(dd_money_is_pos(d->tiers[t].percent));
			assert_true(dd_money_cmp(d->tiers[t].percent, M("100")) <= 0);
			if (t + 1 < d->ntiers) {
				if (dd_money_cmp(d->tiers[t].at_least, d->tiers[t + 1].below) != 0)
					fail_msg("%s: band %zu ends where band %zu does not start", d->name, t + 1, t);
				assert_true(dd_money_cmp(d->tiers[t + 1].percent, d->tiers[t].percent) >= 0);
			}
		}
		assert_true(dd_money_is_zero(d->tiers[d->ntiers - 1].at_least));
		/* all the credit there is at the bottom */
		assert_money(d->tiers[d->ntiers - 1].percent, "100");
	}
}

static void credit(const char *sla, const char *uptime, const char *percent)
{
	dd_money got = dd_sla_credit_percent(find(sla), M(uptime));
	if (dd_money_cmp(got, M(percent))) {
		char b[DD_MONEY_STRMAX];
		fail_msg("%s at %s%%: credit %s%%, expected %s%%", sla, uptime, dd_money_format(got, b), percent);
	}
}

/* The example, by hand: EC2 region-level, 10/30/100 at
 * 99.99/99.0/95.0. */
static void ec2_region_by_hand(void **state)
{
	(void)state;
	credit("ec2-region", "100", "0");
	credit("ec2-region", "99.99001", "0");
	credit("ec2-region", "99.99", "0");
	credit("ec2-region", "99.98999", "10");
	credit("ec2-region", "99.989999999999999999", "10"); /* no rounding to 99.99 first */
	credit("ec2-region", "99.5", "10");
	credit("ec2-region", "99.00001", "10");
	credit("ec2-region", "99.0", "10");
	credit("ec2-region", "98.99999", "30");
	credit("ec2-region", "95.00001", "30");
	credit("ec2-region", "95.0", "30");
	credit("ec2-region", "94.99999", "100");
	credit("ec2-region", "50", "100");
	credit("ec2-region", "0", "100");
	credit("ec2-region", "-1", "100"); /* not an uptime, but never "no credit" */
	/* S3 IA by hand: 99.0 committed, 10 % from 98.0, 25 % from 95.0 */
	credit("s3-ia", "99.0", "0");
	credit("s3-ia", "98.99999", "10");
	credit("s3-ia", "98.0", "10");
	credit("s3-ia", "97.99999", "25");
	credit("s3-ia", "95.0", "25");
	credit("s3-ia", "94.99999", "100");
	/* Global tables: 99.999 is met, 99.99899 is not */
	credit("dynamodb-global", "99.999", "0");
	credit("dynamodb-global", "99.99899", "10");
	credit("dynamodb", "99.99899", "0");
}

/* Every boundary of every SLA, exactly and a hundred-thousandth either
 * side, against the hand-written facts above. */
static void every_boundary(void **state)
{
	(void)state;
	char b[DD_MONEY_STRMAX];
	for (size_t i = 0; i < NWANT; i++) {
		const want_sla *w = &want[i];
		const dd_sla_def *d = find(w->name);
		dd_money c = M(w->commitment);
		assert_true(dd_money_is_zero(dd_sla_credit_percent(d, c)));
		assert_true(dd_money_is_zero(dd_sla_credit_percent(d, dd_money_add(c, step()))));
		assert_true(dd_money_is_zero(dd_sla_credit_percent(d, M("100"))));
		for (size_t t = 0; t < 3; t++) {
			dd_money lo = M(w->tiers[t][0]), hi = M(w->tiers[t][1]), pct = M(w->tiers[t][2]);
			dd_money just_below_hi = dd_money_sub(hi, step());
			if (dd_money_cmp(dd_sla_credit_percent(d, just_below_hi), pct))
				fail_msg("%s at %s: not %s%%", w->name, dd_money_format(just_below_hi, b), w->tiers[t][2]);
			if (dd_money_cmp(dd_sla_credit_percent(d, lo), pct))
				fail_msg("%s at %s: not %s%%", w->name, w->tiers[t][0], w->tiers[t][2]);
			if (dd_money_cmp(dd_sla_credit_percent(d, dd_money_add(lo, step())), pct))
				fail_msg("%s just above %s: not %s%%", w->name, w->tiers[t][0], w->tiers[t][2]);
			/* just below the band's floor is the next band (or, under 0, still the last) */
			const char *next = t + 1 < 3 ? w->tiers[t + 1][2] : w->tiers[t][2];
			dd_money under = dd_money_sub(lo, step());
			if (dd_money_cmp(dd_sla_credit_percent(d, under), M(next)))
				fail_msg("%s at %s: not %s%%", w->name, dd_money_format(under, b), next);
		}
	}
	assert_true(dd_money_is_zero(dd_sla_credit_percent(NULL, M("50"))));
}

static bool is_date(const char *s)
{
	dd_date d;
	return s && strlen(s) == 10 && dd_date_parse(s, 10, &d) == 0;
}

/* What each definition carries besides the numbers: where it was checked,
 * when, and for one not verified, a note saying why. */
static void provenance(void **state)
{
	(void)state;
	size_t n;
	const dd_sla_def *defs = dd_sla_defs(&n);
	for (size_t i = 0; i < n; i++) {
		const dd_sla_def *d = &defs[i];
		assert_true(strncmp(d->source, "https://", 8) == 0 || strncmp(d->source, "http://", 7) == 0);
		assert_non_null(strstr(d->source, "amazon"));
		if (!is_date(d->checked)) fail_msg("%s: checked %s is not a date", d->name, d->checked);
		if (d->page_date && !is_date(d->page_date)) fail_msg("%s: page_date is not a date", d->name);
		/* a verified SLA was read on AWS's page, of a known date */
		if (d->verified) assert_non_null(d->page_date);
		if (!d->verified && (!d->note || !*d->note)) fail_msg("%s is not verified and says nothing why", d->name);
		assert_true(d->excluded && *d->excluded);
	}
	assert_string_equal(dd_sla_measure_name(DD_SLA_UNAVAILABLE_MINUTES), "unavailable_minutes");
	assert_string_equal(dd_sla_measure_name(DD_SLA_ERROR_RATE_5MIN), "error_rate_5min");
	assert_string_equal(dd_sla_measure_name((dd_sla_measure)99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_name_in_order),	    cmocka_unit_test(every_book_sla_defined),
		cmocka_unit_test(facts_as_verified),	    cmocka_unit_test(tiers_contiguous_half_open),
		cmocka_unit_test(ec2_region_by_hand),	    cmocka_unit_test(every_boundary),
		cmocka_unit_test(provenance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
