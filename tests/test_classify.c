/* test_classify.c: which charge types the engine credits, discounts, passes
 * through, ignores or reports as unknown; support and domain services; the
 * credit state names the CLI prints. */
#include "engine_fixture.h"

static void test_types(void **state)
{
	(void)state;
	const char *usage[] = {"Usage", "DiscountedUsage", "RIFee", "SavingsPlanCoveredUsage",
			       "SavingsPlanNegation", "SavingsPlanRecurringFee", "RecurringFee"};
	for (size_t i = 0; i < sizeof usage / sizeof *usage; i++)
		assert_int_equal(dd_classify_charge_type(usage[i]), DD_CLASS_USAGE);
	assert_int_equal(dd_classify_charge_type("Fee"), DD_CLASS_FEE);
	assert_int_equal(dd_classify_charge_type("SavingsPlanUpfrontFee"), DD_CLASS_FEE);
	assert_int_equal(dd_classify_charge_type("Purchase"), DD_CLASS_FEE);
	assert_int_equal(dd_classify_charge_type("Tax"), DD_CLASS_TAX);
	const char *applied[] = {"Credit", "Refund", "Adjustment", "EdpDiscount", "PrivateRateDiscount",
				 "BundledDiscount", "RiVolumeDiscount", "SppDiscount", "DistributorDiscount",
				 "Discount", "SomeFutureDiscount"};
	for (size_t i = 0; i < sizeof applied / sizeof *applied; i++)
		assert_int_equal(dd_classify_charge_type(applied[i]), DD_CLASS_AWS_APPLIED);
	assert_int_equal(dd_classify_charge_type("NewVolumeDiscount"), DD_CLASS_AWS_APPLIED);
	assert_int_equal(dd_classify_charge_type("FlatRateSubscription"), DD_CLASS_FLAT);
	const char *unknown[] = {"usage", "TAX", "", "Discounts", "Usage ", "FlatRate"};
	for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++)
		assert_int_equal(dd_classify_charge_type(unknown[i]), DD_CLASS_UNKNOWN);
	assert_int_equal(dd_classify_charge_type(NULL), DD_CLASS_UNKNOWN);
	/* by length, not NUL: "Usage" inside a longer buffer */
	assert_int_equal(dd_classify_type("UsageX", 5), DD_CLASS_USAGE);
	assert_int_equal(dd_classify_type("TaxTax", 3), DD_CLASS_TAX);
	/* known = every class but unknown: what import does not list */
	assert_true(dd_charge_class_known(DD_CLASS_FLAT) && dd_charge_class_known(DD_CLASS_AWS_APPLIED));
	assert_false(dd_charge_class_known(DD_CLASS_UNKNOWN));
	/* a support service's rows are support, whatever their type */
	assert_int_equal(dd_classify_charge("Usage", "AWSSupportBusiness", NULL), DD_CLASS_SUPPORT);
	assert_int_equal(dd_classify_charge("Usage", "X", "AWS Support (Business)"), DD_CLASS_SUPPORT);
	assert_int_equal(dd_classify_charge("Fee", "AmazonEC2", NULL), DD_CLASS_FEE);
}

static void test_services(void **state)
{
	(void)state;
	assert_true(dd_is_support_service("AWSSupportBusiness"));
	assert_true(dd_is_support_service("AWSSupportEnterprise"));
	assert_true(dd_is_support_service("AWSDeveloperSupport"));
	assert_true(dd_is_support_service("AWS Support (Business)"));
	assert_true(dd_is_support_service("AWS Support"));
	assert_false(dd_is_support_service("AmazonEC2"));
	assert_false(dd_is_support_service("AWSSupporx"));
	assert_false(dd_is_support_service(NULL));
	assert_true(dd_is_domain_service("AmazonRegistrar"));
	assert_true(dd_is_domain_service("Amazon Registrar"));
	/* a domain charge: flagged at import, or a domain service by code or name */
	assert_true(dd_is_domain_charge(true, "AmazonRoute53", NULL));
	assert_true(dd_is_domain_charge(false, "AmazonRegistrar", NULL));
	assert_true(dd_is_domain_charge(false, "X", "Amazon Registrar"));
	assert_false(dd_is_domain_charge(false, "AmazonRoute53", "Amazon Route 53"));
	assert_false(dd_is_domain_service("AmazonRoute53"));
	assert_false(dd_is_domain_service(NULL));
}

static void test_state_names(void **state)
{
	(void)state;
	assert_string_equal(dd_credit_state_name(DD_CS_ACTIVE), "active");
	assert_string_equal(dd_credit_state_name(DD_CS_NOT_STARTED), "not_started");
	assert_string_equal(dd_credit_state_name(DD_CS_LOCKED), "locked");
	assert_string_equal(dd_credit_state_name(DD_CS_PAUSED), "paused");
	assert_string_equal(dd_credit_state_name(DD_CS_EXHAUSTED), "exhausted");
	assert_string_equal(dd_credit_state_name(DD_CS_EXPIRED), "expired");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_services),
		cmocka_unit_test(test_state_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
