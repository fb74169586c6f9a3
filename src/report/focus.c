/* focus.c: the FOCUS export (focus.h). A month's simulated credit rows as
 * FOCUS 1.2 cost-and-usage rows and the agreement as FOCUS 1.3 contract
 * commitment rows, as CSV built in memory (the CLI writes it atomically).
 *
 * Every value follows a rule of the FOCUS specification, read in
 * FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec:
 *   1.2 (tag v1.2): specification/columns/<column>.md and
 *       specification/attributes/{datetime_format,numeric_format,
 *       null_handling,column_handling,currency_format}.md;
 *   1.3 contract commitment: specification/datasets/contract_commitment/
 *       dataset.md and columns/<column>.md (the 13-column dataset).
 * The rule behind each column is named where the column is written, and in
 * docs/cli.md. tests/focus_rules.py checks the output against the same
 * rules independently. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown/focus.h"
#include "report_int.h"

/* ---- services: FOCUS ServiceName, ServiceCategory, ServiceSubcategory ----
 * The bill names a service by AWS product code (AmazonEC2) or, for FOCUS
 * imports, by its name. ServiceName is AWS's product name (as AWS's own
 * FOCUS export writes it); the category and subcategory are the values of
 * servicecategory.md and servicesubcategory.md (1.2) that best fit the
 * service's primary purpose ("ServiceName MUST have one and only one
 * ServiceCategory"). A service not listed keeps its own string as the name,
 * with "Other" / "Other (Other)" (servicename.md: "Other" when no suitable
 * category is available). */
typedef struct {
	const char *code, *name, *category, *subcategory;
} focus_service;

static const focus_service services[] = {
	{"AmazonEC2", "Amazon Elastic Compute Cloud", "Compute", "Virtual Machines"},
	{"AWSLambda", "AWS Lambda", "Compute", "Serverless Compute"},
	{"AmazonECS", "Amazon Elastic Container Service", "Compute", "Containers"},
	{"AmazonEKS", "Amazon Elastic Kubernetes Service", "Compute", "Containers"},
	{"AmazonECR", "Amazon EC2 Container Registry (ECR)", "Compute", "Containers"},
	{"AmazonLightsail", "Amazon Lightsail", "Compute", "Virtual Machines"},
	{"AmazonWorkSpaces", "Amazon WorkSpaces", "Compute", "End User Computing"},
	{"AmazonS3", "Amazon Simple Storage Service", "Storage", "Object Storage"},
	{"AmazonEFS", "Amazon Elastic File System", "Storage", "File Storage"},
	{"AmazonFSx", "Amazon FSx", "Storage", "File Storage"},
	{"AmazonGlacier", "Amazon Glacier", "Storage", "Backup Storage"},
	{"AWSBackup", "AWS Backup", "Storage", "Backup Storage"},
	{"AmazonRDS", "Amazon Relational Database Service", "Databases", "Relational Databases"},
	{"AmazonDynamoDB", "Amazon DynamoDB", "Databases", "NoSQL Databases"},
	{"AmazonElastiCache", "Amazon ElastiCache", "Databases", "Caching"},
	{"AmazonRedshift", "Amazon Redshift", "Databases", "Data Warehouses"},
	{"AmazonDocDB", "Amazon DocumentDB (with MongoDB compatibility)", "Databases", "NoSQL Databases"},
	{"AmazonNeptune", "Amazon Neptune", "Databases", "NoSQL Databases"},
	{"AmazonTimestream", "Amazon Timestream", "Databases", "Time Series Databases"},
	{"AmazonCloudFront", "Amazon CloudFront", "Networking", "Content Delivery"},
	{"AmazonRoute53", "Amazon Route 53", "Networking", "Network Routing"},
	{"AmazonVPC", "Amazon Virtual Private Cloud", "Networking", "Network Infrastructure"},
	{"AWSELB", "Elastic Load Balancing", "Networking", "Application Networking"},
	{"AWSDirectConnect", "AWS Direct Connect", "Networking", "Network Connectivity"},
	{"AWSDataTransfer", "AWS Data Transfer", "Networking", "Network Connectivity"},
	{"awswaf", "AWS WAF", "Networking", "Network Security"},
	{"AmazonRegistrar", "Amazon Registrar", "Networking", "Network Infrastructure"},
	{"AmazonApiGateway", "Amazon API Gateway", "Integration", "API Management"},
	{"AmazonSNS", "Amazon Simple Notification Service", "Integration", "Messaging"},
	{"AWSQueueService", "Amazon Simple Queue Service", "Integration", "Messaging"},
	{"AmazonMQ", "Amazon MQ", "Integration", "Messaging"},
	{"AmazonStates", "AWS Step Functions", "Integration", "Workflow Orchestration"},
	{"AmazonAthena", "Amazon Athena", "Analytics", "Data Processing"},
	{"AWSGlue", "AWS Glue", "Analytics", "Data Processing"},
	{"ElasticMapReduce", "Amazon EMR", "Analytics", "Data Processing"},
	{"AmazonKinesis", "Amazon Kinesis", "Analytics", "Streaming Analytics"},
	{"AmazonMSK", "Amazon Managed Streaming for Apache Kafka", "Analytics", "Streaming Analytics"},
	{"AmazonES", "Amazon OpenSearch Service", "Analytics", "Search"},
	{"AmazonQuickSight", "Amazon QuickSight", "Analytics", "Business Intelligence"},
	{"AmazonSageMaker", "Amazon SageMaker", "AI and Machine Learning", "Machine Learning"},
	{"AmazonBedrock", "Amazon Bedrock", "AI and Machine Learning", "Generative AI"},
	{"AmazonCloudWatch", "AmazonCloudWatch", "Management and Governance", "Observability"},
	{"AWSCloudTrail", "AWS CloudTrail", "Management and Governance", "Observability"},
	{"AWSConfig", "AWS Config", "Management and Governance", "Compliance"},
	{"AmazonGuardDuty", "Amazon GuardDuty", "Security", "Threat Detection and Response"},
	{"awskms", "AWS Key Management Service", "Security", "Secret Management"},
	{"AWSSecretsManager", "AWS Secrets Manager", "Security", "Secret Management"},
	{"AmazonCognito", "Amazon Cognito", "Identity", "Identity and Access Management"},
	{"AWSDeveloperSupport", "AWS Support (Developer)", "Management and Governance", "Support"},
	{"AWSSupportBusiness", "AWS Support (Business)", "Management and Governance", "Support"},
	{"AWSSupportEnterpriseOnRamp", "AWS Support (Enterprise On-Ramp)", "Management and Governance", "Support"},
	{"AWSSupportEnterprise", "AWS Support (Enterprise)", "Management and Governance", "Support"},
};

static const focus_service *service_of(const char *s)
{
	for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
		if (!strcmp(services[i].code, s) || !strcmp(services[i].name, s)) return &services[i];
	return NULL;
}

/* The support fee's service: the plan's AWS product code (classify.c's
 * support services). */
static const char *support_code(dd_support_plan p)
{
	switch (p) {
	case DD_SUPPORT_DEVELOPER: return "AWSDeveloperSupport";
	case DD_SUPPORT_BUSINESS: return "AWSSupportBusiness";
	case DD_SUPPORT_ENTERPRISE_ON_RAMP: return "AWSSupportEnterpriseOnRamp";
	default: return "AWSSupportEnterprise";
	}
}

/* ---- the 1.2 cost-and-usage columns --------------------------------------
 * All 57 columns of FOCUS 1.2 (specification/columns/<column>.md at v1.2), in the
 * order of the shared 1.2 sample, then the custom columns, which
 * column_handling.md wants prefixed "x_" and after every FOCUS column. */
enum {
	C_ProviderName, C_PublisherName, C_InvoiceIssuerName, C_InvoiceId, C_BillingAccountId,
	C_BillingAccountName, C_BillingAccountType, C_SubAccountId, C_SubAccountName, C_SubAccountType,
	C_BillingPeriodStart, C_BillingPeriodEnd, C_ChargePeriodStart, C_ChargePeriodEnd, C_ChargeCategory,
	C_ChargeClass, C_ChargeDescription, C_ChargeFrequency, C_BilledCost, C_EffectiveCost, C_ListCost,
	C_ContractedCost, C_ListUnitPrice, C_ContractedUnitPrice, C_PricingCategory, C_PricingQuantity,
	C_PricingUnit, C_PricingCurrency, C_PricingCurrencyContractedUnitPrice, C_PricingCurrencyEffectiveCost,
	C_PricingCurrencyListUnitPrice, C_BillingCurrency, C_ConsumedQuantity, C_ConsumedUnit, C_ServiceName,
	C_ServiceCategory, C_ServiceSubcategory, C_SkuId, C_SkuMeter, C_SkuPriceId, C_SkuPriceDetails,
	C_ResourceId, C_ResourceName, C_ResourceType, C_RegionId, C_RegionName, C_AvailabilityZone,
	C_CommitmentDiscountId, C_CommitmentDiscountName, C_CommitmentDiscountCategory,
	C_CommitmentDiscountType, C_CommitmentDiscountStatus, C_CommitmentDiscountQuantity,
	C_CommitmentDiscountUnit, C_CapacityReservationId, C_CapacityReservationStatus, C_Tags,
	C_x_CreditId, C_x_CreditType, C_x_AppliedTo, C_x_ServiceCode,
	NCOLS
};

static const char *const columns[NCOLS] = {
	"ProviderName", "PublisherName", "InvoiceIssuerName", "InvoiceId", "BillingAccountId",
	"BillingAccountName", "BillingAccountType", "SubAccountId", "SubAccountName", "SubAccountType",
	"BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd", "ChargeCategory",
	"ChargeClass", "ChargeDescription", "ChargeFrequency", "BilledCost", "EffectiveCost", "ListCost",
	"ContractedCost", "ListUnitPrice", "ContractedUnitPrice", "PricingCategory", "PricingQuantity",
	"PricingUnit", "PricingCurrency", "PricingCurrencyContractedUnitPrice", "PricingCurrencyEffectiveCost",
	"PricingCurrencyListUnitPrice", "BillingCurrency", "ConsumedQuantity", "ConsumedUnit", "ServiceName",
	"ServiceCategory", "ServiceSubcategory", "SkuId", "SkuMeter", "SkuPriceId", "SkuPriceDetails",
	"ResourceId", "ResourceName", "ResourceType", "RegionId", "RegionName", "AvailabilityZone",
	"CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountCategory",
	"CommitmentDiscountType", "CommitmentDiscountStatus", "CommitmentDiscountQuantity",
	"CommitmentDiscountUnit", "CapacityReservationId", "CapacityReservationStatus", "Tags",
	"x_CreditId", "x_CreditType", "x_AppliedTo", "x_ServiceCode",
};

/* One row of t, its cells copied (NULL stays NULL: FOCUS null). */
static int put_record(dd_focus_table *t, const char *const *v)
{
	size_t nc = t->ncolumns;
	char **cells = realloc(t->cells, (t->nrows + 1) * nc * sizeof *cells);
	if (!cells) return dd_error_set(DD_ENOMEM, "focus: out of memory");
	t->cells = cells;
	char **row = cells + t->nrows * nc;
	for (size_t i = 0; i < nc; i++) row[i] = NULL;
	t->nrows++;
	for (size_t i = 0; i < nc; i++)
		if (v[i] && !(row[i] = strdup(v[i]))) return dd_error_set(DD_ENOMEM, "focus: out of memory");
	return 0;
}

void dd_focus_table_dispose(dd_focus_table *t)
{
	if (!t) return;
	for (size_t i = 0; i < t->nrows * t->ncolumns; i++) free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}

/* One CSV record per row after the header: NULL is FOCUS null, written as
 * an empty field (the CSV form of null in the shared samples;
 * null_handling.md forbids empty strings as values, so no non-null value is
 * ever empty). */
static void put_csv(dd__buf *b, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i) dd__buf_put(b, ",", 1);
		dd__buf_csv(b, v[i]);
	}
	dd__buf_put(b, "\n", 1);
}

int dd_focus_table_csv(const dd_focus_table *t, char **csv, size_t *len)
{
	if (!t || !csv) return dd_error_set(DD_EUSAGE, "focus: table and csv are required");
	dd__buf b = {0};
	put_csv(&b, t->columns, t->ncolumns);
	for (size_t r = 0; r < t->nrows; r++) put_csv(&b, (const char *const *)t->cells + r * t->ncolumns, t->ncolumns);
	if (!(*csv = dd__buf_take(&b, len))) return dd_error_set(DD_ENOMEM, "focus: out of memory");
	return 0;
}

/* The table's text, as the _csv calls give it; the table is disposed. */
static int table_to_csv(dd_focus_table *t, int rc, char **csv, size_t *len)
{
	if (!rc) rc = dd_focus_table_csv(t, csv, len);
	dd_focus_table_dispose(t);
	return rc;
}

/* datetime_format.md: 'YYYY-MM-DDTHH:mm:ssZ', UTC; a period is bounded by
 * midnight of its first day and (exclusive end) of the next period's. */
static void iso_day(dd_date d, char *buf, size_t cap)
{
	snprintf(buf, cap, "%04d-%02d-%02dT00:00:00Z", d.year, d.month, d.day);
}

static void iso_month(dd_month m, char *buf, size_t cap)
{
	dd_date d = {(int16_t)DD_MONTH_YEAR(m), (int8_t)DD_MONTH_MON(m), 1};
	iso_day(d, buf, cap);
}

static const char *account_name(const dd_book *book, const char *id)
{
	const dd_account *a = dd_book_account(book, id);
	return a && a->name && *a->name ? a->name : NULL;
}

static int credits_rows(const dd_book *book, const dd_bill *bill, dd_focus_table *b)
{
	char bps[32], bpe[32], cost[DD_MONEY_STRMAX];
	iso_month(bill->month, bps, sizeof bps);
	iso_month(bill->month + 1, bpe, sizeof bpe);
	const char *payer_name = account_name(book, book->payer);
	dd_money sum_usage = dd_money_zero(), sum_support = dd_money_zero();
	for (size_t i = 0; i < bill->nallocs; i++) {
		const dd_allocation *al = &bill->allocs[i];
		const dd_credit *c = &book->credits[al->credit];
		bool support = c->type == DD_CREDIT_SUPPORT;
		if (dd_money_add_checked(support ? sum_support : sum_usage, al->amount,
					 support ? &sum_support : &sum_usage))
			return dd_error_set(DD_EOVERFLOW, "focus: the credits of %s out of range", c->id);
		const char *code = support ? support_code(book->support_plan) : al->service;
		const focus_service *svc = service_of(code);
		const char *applied = support ? "support"
				      : c->applies == DD_APPLIES_BEFORE_DISCOUNT ? "before_discount"
										 : "after_discount";
		/* ids and service names have no length limit: the description is
		 * built to size, never cut (a cut could split a UTF-8 character) */
		dd__buf d = {0};
		if (support)
			dd__buf_printf(&d, "%s %s credit applied to the support fee (%s)", c->id,
				       dd_credit_type_name(c->type), svc->name);
		else
			dd__buf_printf(&d, "%s %s credit applied %s the discount to %s", c->id,
				       dd_credit_type_name(c->type),
				       c->applies == DD_APPLIES_BEFORE_DISCOUNT ? "before" : "after", al->service);
		char *desc = dd__buf_take(&d, NULL);
		if (!desc) return dd_error_set(DD_ENOMEM, "focus: out of memory");
		dd_money_format(dd_money_neg(al->amount), cost);
		const char *sub_name = account_name(book, al->account);
		const char *v[NCOLS] = {0}; /* every column not set below is null */
		/* provider.md, publisher.md, invoiceissuer.md: MUST NOT be null.
		 * The credit is AWS's, on AWS's invoice. */
		v[C_ProviderName] = "AWS";
		v[C_PublisherName] = "Amazon Web Services, Inc.";
		v[C_InvoiceIssuerName] = "Amazon Web Services, Inc.";
		/* invoiceid.md: null when the charge is associated with no
		 * invoice; these rows are simulated, not invoiced. */
		/* billingaccountid.md: the payer (AWS's billing account);
		 * billingaccountname.md: its name when the book gives one;
		 * billingaccounttype.md: not null when the id is not. */
		v[C_BillingAccountId] = book->payer;
		v[C_BillingAccountName] = payer_name;
		v[C_BillingAccountType] = "Payer Account";
		/* subaccountid.md: the account whose charge the credit paid;
		 * subaccountname.md / subaccounttype.md: not null when the id is
		 * not (the id itself when the book names no account). */
		v[C_SubAccountId] = al->account;
		v[C_SubAccountName] = sub_name ? sub_name : al->account;
		v[C_SubAccountType] = strcmp(al->account, book->payer) ? "Linked Account" : "Payer Account";
		/* billingperiod*.md, chargeperiod*.md: inclusive start, exclusive
		 * end; the engine applies a credit to the month as a whole. */
		v[C_BillingPeriodStart] = bps;
		v[C_BillingPeriodEnd] = bpe;
		v[C_ChargePeriodStart] = bps;
		v[C_ChargePeriodEnd] = bpe;
		/* chargecategory.md "Credit"; chargeclass.md: null, not a
		 * correction; chargefrequency.md: a usage credit recurs as the
		 * service is used, a support credit with the monthly fee. */
		v[C_ChargeCategory] = "Credit";
		v[C_ChargeDescription] = desc;
		v[C_ChargeFrequency] = support ? "Recurring" : "Usage-Based";
		/* billedcost.md; effectivecost.md, listcost.md, contractedcost.md:
		 * a charge unrelated to other charges ("Credit") MUST match
		 * BilledCost when the unit prices are null (they are: no unit
		 * prices, no quantity for a credit: listunitprice.md,
		 * contractedunitprice.md, pricingquantity.md "MAY be null in all
		 * other cases"); negative, as a credit lowers the bill. */
		v[C_BilledCost] = cost;
		v[C_EffectiveCost] = cost;
		v[C_ListCost] = cost;
		v[C_ContractedCost] = cost;
		/* pricingcurrency.md: MUST NOT be null (AWS bills in other
		 * currencies than it prices in, so the column is present);
		 * pricingcurrencyeffectivecost.md: MUST NOT be null; the same
		 * currency, the same amount. */
		v[C_PricingCurrency] = book->currency;
		v[C_PricingCurrencyEffectiveCost] = cost;
		v[C_BillingCurrency] = book->currency; /* billingcurrency.md, ISO 4217 */
		/* consumedquantity.md: null when ChargeCategory is not "Usage". */
		/* servicename.md, servicecategory.md, servicesubcategory.md: never null. */
		v[C_ServiceName] = svc ? svc->name : al->service;
		v[C_ServiceCategory] = svc ? svc->category : "Other";
		v[C_ServiceSubcategory] = svc ? svc->subcategory : "Other (Other)";
		/* skuid.md, skupriceid.md: MAY be null for a credit; skumeter.md and
		 * skupricedetails.md then MUST be null. resourceid.md: a credit on
		 * an account's service is related to no resource; regionid.md:
		 * the engine's lines carry no region; commitmentdiscountid.md,
		 * capacityreservationid.md: an EDP credit is neither; tags.md:
		 * MAY be null. All stay null. */
		v[C_x_CreditId] = c->id;
		v[C_x_CreditType] = dd_credit_type_name(c->type);
		v[C_x_AppliedTo] = applied;
		v[C_x_ServiceCode] = code;
		int rc = put_record(b, v);
		free(desc);
		if (rc) return rc;
	}
	/* The rows must sum to minus the bill's credits, phase by phase. */
	dd_money want_usage;
	if (dd_money_add_checked(bill->credits_before_discount, bill->credits_after_discount, &want_usage) ||
	    dd_money_cmp(want_usage, sum_usage) || dd_money_cmp(bill->support_credits, sum_support))
		return dd_error_set(DD_EGENERIC, "focus: the allocations of %04d-%02d do not add up to the bill's credits (internal error)",
				    DD_MONTH_YEAR(bill->month), DD_MONTH_MON(bill->month));
	return 0;
}

int dd_focus_credits_table(const dd_book *book, const dd_bill *bill, dd_focus_table *t)
{
	dd_error_clear();
	if (!book || !bill || !t) return dd_error_set(DD_EUSAGE, "focus: book, bill and table are required");
	*t = (dd_focus_table){"1.2", "cost_and_usage", columns, NCOLS, 0, NULL};
	if (bill->ncredits != book->ncredits)
		return dd_error_set(DD_EINVALID, "focus: the bill has %zu credits, the book %zu: not a bill of this book",
				    bill->ncredits, book->ncredits);
	for (size_t i = 0; i < bill->nallocs; i++)
		if (bill->allocs[i].credit < 0 || (size_t)bill->allocs[i].credit >= book->ncredits ||
		    !bill->allocs[i].account || !bill->allocs[i].service)
			return dd_error_set(DD_EINVALID, "focus: allocation %zu names no credit of the book", i);
	int rc = credits_rows(book, bill, t);
	if (rc) dd_focus_table_dispose(t);
	return rc;
}

int dd_focus_credits_csv(const dd_book *book, const dd_bill *bill, char **csv, size_t *len)
{
	if (!csv) return dd_error_set(DD_EUSAGE, "focus: book, bill and csv are required");
	*csv = NULL;
	dd_focus_table t = {0};
	return table_to_csv(&t, dd_focus_credits_table(book, bill, &t), csv, len);
}

/* ---- the 1.3 contract commitment columns ---------------------------------
 * The 13 columns dataset.md (contract_commitment) makes the dataset
 * include, in the order of the shared 1.3 sample, then the custom ones. */
enum {
	K_ContractCommitmentId, K_ContractCommitmentType, K_ContractCommitmentCategory,
	K_ContractCommitmentCost, K_ContractCommitmentQuantity, K_ContractCommitmentUnit,
	K_ContractCommitmentDescription, K_ContractCommitmentPeriodStart, K_ContractCommitmentPeriodEnd,
	K_ContractId, K_ContractPeriodStart, K_ContractPeriodEnd, K_BillingCurrency,
	K_x_ContractYear, K_x_DiscountPercent, K_x_CommitmentBasis,
	NKCOLS
};

static const char *const kcolumns[NKCOLS] = {
	"ContractCommitmentId", "ContractCommitmentType", "ContractCommitmentCategory",
	"ContractCommitmentCost", "ContractCommitmentQuantity", "ContractCommitmentUnit",
	"ContractCommitmentDescription", "ContractCommitmentPeriodStart", "ContractCommitmentPeriodEnd",
	"ContractId", "ContractPeriodStart", "ContractPeriodEnd", "BillingCurrency",
	"x_ContractYear", "x_DiscountPercent", "x_CommitmentBasis",
};

int dd_focus_commitment_table(const dd_book *book, dd_focus_table *t)
{
	dd_error_clear();
	if (!book || !t) return dd_error_set(DD_EUSAGE, "focus: book and table are required");
	*t = (dd_focus_table){"1.3", "contract_commitment", kcolumns, NKCOLS, 0, NULL};
	const dd_agreement *a = &book->agreement;
	if (!a->present) return dd_error_set(DD_ENOTFOUND, "focus: the book has no agreement");
	char cps[32], cpe[32], ys[32], ye[32], cost[DD_MONEY_STRMAX], pct[DD_MONEY_STRMAX], year[16];
	iso_day(a->start, cps, sizeof cps);
	iso_day(dd_date_add_months(a->start, 12 * a->years), cpe, sizeof cpe);
	const char *basis = a->basis == DD_BASIS_GROSS ? "gross" : "net";
	int rc = 0;
	for (int y = 0; y < a->years; y++) {
		iso_day(dd_date_add_months(a->start, 12 * y), ys, sizeof ys);
		iso_day(dd_date_add_months(a->start, 12 * (y + 1)), ye, sizeof ye);
		dd__buf ib = {0}, db = {0}; /* built to size: an agreement id has no length limit */
		dd__buf_printf(&ib, "%s-Y%d", a->id, y + 1);
		snprintf(year, sizeof year, "%d", y + 1);
		dd_money_format(a->commitment[y], cost);
		dd_money_format(a->discount_percent[y], pct);
		dd__buf_printf(&db,
			       "Contract year %d of %d of %s: a minimum spend of %s %s on the %s basis (credits %s), "
			       "for a %s%% discount%s",
			       y + 1, a->years, a->id, cost, book->currency, basis,
			       a->credits_count ? "count" : "do not count", pct,
			       a->carry_forward ? "; an excess carries into the next year" : "");
		char *id = dd__buf_take(&ib, NULL), *desc = dd__buf_take(&db, NULL);
		if (!id || !desc) {
			free(id);
			free(desc);
			dd_focus_table_dispose(t);
			return dd_error_set(DD_ENOMEM, "focus: out of memory");
		}
		const char *v[NKCOLS] = {0};
		/* contractcommitmentid.md: not null, unique across the dataset,
		 * one parent ContractId; contractid.md: not null. */
		v[K_ContractCommitmentId] = id;
		v[K_ContractId] = a->id;
		/* contractcommitmenttype.md: a readable display value, not null. */
		v[K_ContractCommitmentType] = "EDP Minimum Spend";
		/* contractcommitmentcategory.md: "Spend", a predetermined amount of
		 * spend; contractcommitmentcost.md: not null when the quantity is
		 * null; contractcommitmentquantity.md and -unit.md: null (a spend
		 * commitment has no unit of usage). */
		v[K_ContractCommitmentCategory] = "Spend";
		v[K_ContractCommitmentCost] = cost;
		v[K_ContractCommitmentDescription] = desc;
		/* contractcommitmentperiodstart/end.md, contractperiodstart/end.md:
		 * inclusive start, exclusive end, datetime_format.md. */
		v[K_ContractCommitmentPeriodStart] = ys;
		v[K_ContractCommitmentPeriodEnd] = ye;
		v[K_ContractPeriodStart] = cps;
		v[K_ContractPeriodEnd] = cpe;
		v[K_BillingCurrency] = book->currency; /* billingcurrency.md: not null for "Spend" */
		v[K_x_ContractYear] = year;
		v[K_x_DiscountPercent] = pct;
		v[K_x_CommitmentBasis] = basis;
		rc = put_record(t, v);
		free(id);
		free(desc);
		if (rc) {
			dd_focus_table_dispose(t);
			return rc;
		}
	}
	return 0;
}

int dd_focus_commitment_csv(const dd_book *book, char **csv, size_t *len)
{
	if (!csv) return dd_error_set(DD_EUSAGE, "focus: book and csv are required");
	*csv = NULL;
	dd_focus_table t = {0};
	return table_to_csv(&t, dd_focus_commitment_table(book, &t), csv, len);
}
