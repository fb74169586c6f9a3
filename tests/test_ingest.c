/* test_ingest.c: the importers on small inputs written for the purpose:
 * the aggregated CSV (period forms, optional columns, quoting, CRLF, BOM,
 * exponents, NULL, leading zeros), the CUR / CUR 2.0 / FOCUS mappings,
 * threads, gzip members, zip archives, directories, manifests, and one
 * file per failure in tests/data/ingest/bad with the message it must give
 * (the zip files there and in tests/data/ingest/zip are written by
 * tests/data/ingest/make_zips.py, the utf* files are the CLI tests' feb.csv
 * through iconv), UTF-16 told from text that merely holds a NUL, and a
 * Parquet page error naming its file once. Every expected figure is worked
 * out by hand in the comment beside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <cmocka.h>

#include "drawdown.h"

static dd_money M(const char *s)
{
	dd_money m;
	if (dd_money_parse(s, strlen(s), &m, NULL)) fail_msg("bad literal %s", s);
	return m;
}

static void assert_money(dd_money got, const char *want)
{
	char a[DD_MONEY_STRMAX], b[DD_MONEY_STRMAX];
	assert_string_equal(dd_money_format(got, a), dd_money_format(M(want), b));
}

typedef struct {
	dd_agg *agg;
	dd_ingest_report rep;
	int rc;
} result;

static result run(const char *text, size_t len, const dd_ingest_options *o)
{
	result r = {0};
	assert_int_equal(dd_agg_new(&r.agg), 0);
	r.rc = dd_ingest_buffer("t.csv", text, len, o, r.agg, &r.rep);
	return r;
}

static result run_ok(const char *text, const dd_ingest_options *o)
{
	result r = run(text, strlen(text), o);
	if (r.rc) fail_msg("import failed: %s", dd_error_last());
	return r;
}

static void done(result *r)
{
	dd_agg_free(r->agg);
	dd_ingest_report_dispose(&r->rep);
}

/* Sum of entries matching the non-NULL fields. */
typedef struct {
	const char *period, *payer, *account, *service, *type, *entity, *region, *service_name, *desc;
	int flags; /* -1 any */
} filter;

static bool str_match(const char *want, const char *got)
{
	return !want || strcmp(want, got ? got : "") == 0;
}

static dd_money sum(result *r, filter f, uint64_t *rows, dd_money *effective)
{
	size_t n;
	const dd_agg_entry *e = dd_agg_entries(r->agg, &n);
	dd_money total = dd_money_zero(), eff = dd_money_zero();
	uint64_t nr = 0;
	for (size_t i = 0; i < n; i++) {
		char mb[8];
		if (!str_match(f.period, dd_month_format(e[i].period, mb)) || !str_match(f.payer, e[i].payer) ||
		    !str_match(f.account, e[i].account) || !str_match(f.service, e[i].service) ||
		    !str_match(f.type, e[i].charge_type) || !str_match(f.entity, e[i].billing_entity) ||
		    !str_match(f.region, e[i].region) || !str_match(f.service_name, e[i].service_name) ||
		    !str_match(f.desc, e[i].description) || (f.flags >= 0 && (int)e[i].flags != f.flags))
			continue;
		total = dd_money_add(total, e[i].amount);
		eff = dd_money_add(eff, e[i].effective);
		nr += e[i].rows;
	}
	if (rows) *rows = nr;
	if (effective) *effective = eff;
	return total;
}

#define ANY .flags = -1

static const char AGG_HDR[] = "billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount\n";

static void test_aggregated_periods(void **state)
{
	(void)state;
	char text[1024];
	snprintf(text, sizeof text, "%s"
		 "2024-01,000111222333,000444555666,AmazonEC2,Usage,AWS,10.5\n"
		 "2024-01-01,000111222333,000444555666,AmazonEC2,Usage,AWS,1.25\n"
		 "2024-01-01T00:00:00Z,000111222333,000444555666,AmazonEC2,Usage,AWS,0.25\n"
		 "2024-02-01 00:00:00,000111222333,000444555666,AmazonS3,Usage,AWS Marketplace,2\n"
		 "2024-02-01T00:00:00.000+00:00,000111222333,000444555666,AmazonS3,Tax,AWS,0.2\n", AGG_HDR);
	result r = run_ok(text, NULL);
	uint64_t rows;
	/* January EC2: 10.5 + 1.25 + 0.25 = 12, three rows, ids with their zeros */
	assert_money(sum(&r, (filter){.period = "2024-01", .payer = "000111222333", .account = "000444555666",
				       .service = "AmazonEC2", .type = "Usage", .entity = "AWS", ANY}, &rows, NULL), "12");
	assert_int_equal(rows, 3);
	assert_money(sum(&r, (filter){.period = "2024-02", .entity = "AWS Marketplace", ANY}, NULL, NULL), "2");
	assert_money(sum(&r, (filter){.period = "2024-02", .type = "Tax", ANY}, NULL, NULL), "0.2");
	assert_int_equal(r.rep.rows, 5);
	assert_int_equal(r.rep.format, DD_FORMAT_AGGREGATED);
	assert_int_equal(r.rep.nunknown, 0);
	done(&r);
}

static void test_aggregated_defaults_any_order(void **state)
{
	(void)state;
	dd_ingest_options o = {.default_payer = "999999999999"};
	result r = run_ok("amount,service,usage_account,charge_type,billing_period\n"
			  "3,AmazonEC2,012345678901,Usage,2024-05\n"
			  "-1,AmazonEC2,012345678901,Credit,2024-05\n", &o);
	/* payer from the option, entity "AWS" by default: 3 usage, -1 credit */
	assert_money(sum(&r, (filter){.payer = "999999999999", .account = "012345678901", .entity = "AWS",
				       .type = "Usage", ANY}, NULL, NULL), "3");
	assert_money(sum(&r, (filter){.type = "Credit", ANY}, NULL, NULL), "-1");
	done(&r);
	/* no option and no payer column: the usage account is its own payer */
	r = run_ok("billing_period,usage_account,service,charge_type,amount\n2024-05,42,S,Usage,1\n", NULL);
	assert_money(sum(&r, (filter){.payer = "42", .account = "42", ANY}, NULL, NULL), "1");
	done(&r);
}

static void test_aggregated_quoting_crlf_bom(void **state)
{
	(void)state;
	/* BOM, CRLF, quoted fields with commas, doubled quotes and a newline,
	 * an exponent amount and NULL, optional service_name and region. */
	const char text[] =
		"\xEF\xBB\xBF" "billing_period,payer_account,usage_account,service,service_name,region,charge_type,billing_entity,amount\r\n"
		"2024-03,111,222,\"Amazon \"\"Elastic\"\", EC2\",\"Elastic\nCompute\",us-east-1,Usage,AWS,1.2E-7\r\n"
		"2024-03,111,222,\"Amazon \"\"Elastic\"\", EC2\",\"Elastic\nCompute\",us-east-1,Usage,AWS,NULL\r\n"
		"\"2024-03\",\"111\",\"222\",AmazonS3,,,Usage,AWS,\"2.5e1\"\r\n";
	result r = run_ok(text, NULL);
	uint64_t rows;
	/* 1.2E-7 = 0.00000012; NULL counts as 0 */
	assert_money(sum(&r, (filter){.service = "Amazon \"Elastic\", EC2", .service_name = "Elastic\nCompute",
				       .region = "us-east-1", ANY}, &rows, NULL), "0.00000012");
	assert_int_equal(rows, 2);
	/* 2.5e1 = 25, quoted plain fields are plain values */
	assert_money(sum(&r, (filter){.period = "2024-03", .payer = "111", .service = "AmazonS3", ANY}, NULL, NULL), "25");
	done(&r);
}

static void test_aggregated_no_final_newline_and_blank_lines(void **state)
{
	(void)state;
	char text[512];
	snprintf(text, sizeof text, "%s2024-01,1,2,S,Usage,AWS,1\n\n2024-01,1,2,S,Usage,AWS,2", AGG_HDR);
	result r = run_ok(text, NULL);
	assert_money(sum(&r, (filter){ANY}, NULL, NULL), "3"); /* 1 + 2 */
	assert_int_equal(r.rep.rows, 2);
	done(&r);
	/* a header alone is an import of nothing */
	r = run_ok(AGG_HDR, NULL);
	assert_int_equal(dd_agg_count(r.agg), 0);
	done(&r);
}

static void test_unknown_types_kept(void **state)
{
	(void)state;
	char text[512];
	snprintf(text, sizeof text, "%s2024-01,1,2,S,WeirdFee,AWS,1.5\n2024-01,1,2,S,WeirdFee,AWS,2\n"
		 "2024-01,1,2,S,EdpDiscount,AWS,-0.5\n", AGG_HDR);
	result r = run_ok(text, NULL);
	/* kept in the agg: 1.5 + 2 = 3.5, and listed once with 2 rows */
	assert_money(sum(&r, (filter){.type = "WeirdFee", ANY}, NULL, NULL), "3.5");
	assert_int_equal(r.rep.nunknown, 1);
	assert_string_equal(r.rep.unknown_types[0].name, "WeirdFee");
	assert_int_equal(r.rep.unknown_types[0].rows, 2);
	assert_money(r.rep.unknown_types[0].amount, "3.5");
	done(&r);
}

static void test_cur_legacy_mapping(void **state)
{
	(void)state;
	const char text[] =
		"bill/BillingPeriodStartDate,bill/PayerAccountId,bill/BillingEntity,lineItem/UsageAccountId,"
		"lineItem/LineItemType,lineItem/ProductCode,lineItem/UsageType,product/ProductName,product/region,"
		"lineItem/LineItemDescription,lineItem/UnblendedCost,savingsPlan/SavingsPlanEffectiveCost,"
		"reservation/EffectiveCost,resourceTags/user:map-migrated,lineItem/CurrencyCode\n"
		/* 1 plain usage, tagged */
		"2024-06-01T00:00:00.000Z,111,AWS,222,Usage,AmazonEC2,BoxUsage,Amazon EC2,us-east-1,desc u,1.5,,,mig123,USD\n"
		/* 2 SP covered: effective from the SP column */
		"2024-06-01T00:00:00.000Z,111,AWS,222,SavingsPlanCoveredUsage,AmazonEC2,BoxUsage,Amazon EC2,us-east-1,x,2,0.8,,,USD\n"
		/* 3 RI covered: effective from the reservation column */
		"2024-06-01T00:00:00.000Z,111,AWS,222,DiscountedUsage,AmazonEC2,BoxUsage,Amazon EC2,us-east-1,x,0,,0.3,,USD\n"
		/* 4 a credit keeps its description; empty usage account -> payer */
		"2024-06-01T00:00:00.000Z,111,AWS,,Credit,AmazonEC2,,Amazon EC2,,\"AWS Activate, credit\",-1.25,,,,USD\n"
		/* 5 domain registration, 6 Route 53 domain, 7 Route 53 queries */
		"2024-06-01T00:00:00.000Z,111,AWS,222,Usage,AmazonRegistrar,Reg,Registrar,global,x,12,,,,USD\n"
		"2024-06-01T00:00:00.000Z,111,AWS,222,Usage,AmazonRoute53,RegisterDomain-com,Route 53,global,x,13,,,,USD\n"
		"2024-06-01T00:00:00.000Z,111,AWS,222,Usage,AmazonRoute53,DNS-Queries,Route 53,global,x,0.4,,,,USD\n"
		/* 8 Marketplace */
		"2024-06-01T00:00:00.000Z,111,AWS Marketplace,222,Usage,prod-abc,x,Vendor thing,,x,7,,,,USD\n";
	result r = run_ok(text, NULL);
	dd_money eff;
	assert_int_equal(r.rep.format, DD_FORMAT_CUR);
	assert_money(sum(&r, (filter){.type = "Usage", .service = "AmazonEC2", .flags = DD_ROW_MAP_MIGRATED,
				       .region = "us-east-1", .service_name = "Amazon EC2", .desc = ""}, NULL, &eff), "1.5");
	assert_money(eff, "1.5");
	assert_money(sum(&r, (filter){.type = "SavingsPlanCoveredUsage", .desc = "", ANY}, NULL, &eff), "2");
	assert_money(eff, "0.8");
	assert_money(sum(&r, (filter){.type = "DiscountedUsage", ANY}, NULL, &eff), "0");
	assert_money(eff, "0.3");
	assert_money(sum(&r, (filter){.type = "Credit", .account = "111", .desc = "AWS Activate, credit", ANY}, NULL, NULL),
		     "-1.25");
	/* domains: 12 (Registrar) + 13 (RegisterDomain) = 25; queries are not */
	assert_money(sum(&r, (filter){.flags = DD_ROW_DOMAIN}, NULL, NULL), "25");
	assert_money(sum(&r, (filter){.service = "AmazonRoute53", .flags = 0}, NULL, NULL), "0.4");
	assert_money(sum(&r, (filter){.entity = "AWS Marketplace", ANY}, NULL, NULL), "7");
	/* everything: 1.5 + 2 + 0 - 1.25 + 12 + 13 + 0.4 + 7 = 34.65 */
	assert_money(sum(&r, (filter){ANY}, NULL, NULL), "34.65");
	done(&r);
}

static void test_cur2_defaults(void **state)
{
	(void)state;
	/* no line item type and no billing period column (trimmed samples):
	 * Usage, and the month of the usage start date */
	dd_ingest_options o = {.default_payer = "777"};
	result r = run_ok("line_item_usage_start_date,line_item_usage_account_id,line_item_product_code,line_item_unblended_cost\n"
			  "2025-01-31T23:00:00Z,0123,AmazonEC2,0.0104\n", &o);
	assert_money(sum(&r, (filter){.period = "2025-01", .payer = "777", .account = "0123", .type = "Usage", ANY},
			 NULL, NULL), "0.0104");
	assert_int_equal(r.rep.format, DD_FORMAT_CUR2);
	done(&r);
}

static void test_focus_mapping(void **state)
{
	(void)state;
	const char text[] =
		"ProviderName,PublisherName,BillingAccountId,SubAccountId,BillingPeriodStart,ChargeCategory,ChargeFrequency,"
		"ServiceName,x_ServiceCode,RegionId,ChargeDescription,BilledCost,EffectiveCost,BillingCurrency,Tags\n"
		"AWS,AWS,100,200,2026-05-01T00:00:00Z,Usage,Usage-Based,Amazon EC2,AmazonEC2,us-west-2,d,1.5,1.2,USD,"
		"\"{\"\"map-migrated\"\": \"\"mig1\"\"}\"\n"
		"AWS,AWS,100,200,2026-05-01T00:00:00Z,Purchase,Recurring,Amazon EC2,AmazonEC2,us-west-2,d,0.25,0,USD,\n"
		"AWS,AWS,100,200,2026-05-01T00:00:00Z,Purchase,One-Time,Amazon EC2,AmazonEC2,us-west-2,d,100,0,USD,\n"
		"AWS,AWS,100,NULL,2026-05-01T00:00:00Z,Credit,One-Time,Amazon EC2,NULL,NULL,Promo credit,-2,-2,USD,NULL\n"
		"Amazon Web Services,Some Vendor,100,200,2026-05-01T00:00:00Z,Usage,Usage-Based,Vendor App,,,d,3,3,USD,{}\n"
		"Microsoft,Microsoft,m1,m2,2026-05-01T00:00:00Z,Usage,Usage-Based,VMs,,,d,5,5,EUR,\n"
		"microsoft,Microsoft,m1,m2,2026-05-01T00:00:00Z,Usage,Usage-Based,VMs,,,d,0.5,0.5,EUR,\n"
		"Oracle,Oracle,o1,o2,2026-05-01T00:00:00Z,Adjustment,,DB,,,d,0.75,0.75,USD,\n";
	result r = run_ok(text, NULL);
	dd_money eff;
	assert_int_equal(r.rep.format, DD_FORMAT_FOCUS);
	assert_money(sum(&r, (filter){.type = "Usage", .service = "AmazonEC2", .service_name = "Amazon EC2",
				       .region = "us-west-2", .flags = DD_ROW_MAP_MIGRATED, .desc = ""}, NULL, &eff), "1.5");
	assert_money(eff, "1.2");
	assert_money(sum(&r, (filter){.type = "RecurringFee", ANY}, NULL, NULL), "0.25");
	assert_money(sum(&r, (filter){.type = "Purchase", ANY}, NULL, NULL), "100");
	/* null SubAccountId -> the billing account; null x_ServiceCode -> ServiceName */
	assert_money(sum(&r, (filter){.type = "Credit", .account = "100", .service = "Amazon EC2",
				       .desc = "Promo credit", ANY}, NULL, NULL), "-2");
	/* a third-party publisher sells through AWS Marketplace */
	assert_money(sum(&r, (filter){.entity = "AWS Marketplace", .service = "Vendor App", ANY}, NULL, NULL), "3");
	/* skipped: Microsoft 2 rows 5 + 0.5 = 5.5 (the provider name as first
	 * seen), Oracle 1 row 0.75; 3 rows, 6.25 in all; their EUR is ignored */
	assert_int_equal(r.rep.skipped_rows, 3);
	assert_money(r.rep.skipped_amount, "6.25");
	assert_int_equal(r.rep.nskipped_providers, 3); /* names compare exactly: Microsoft, microsoft, Oracle */
	assert_int_equal(r.rep.rows, 8);
	/* AWS total: 1.5 + 0.25 + 100 - 2 + 3 = 102.75 */
	assert_money(sum(&r, (filter){ANY}, NULL, NULL), "102.75");
	done(&r);
}

/* Many rows with quoted multi-line fields, big enough for several chunks:
 * 2 threads must give what 1 gives, and what the arithmetic says. */
static void test_threads_agree(void **state)
{
	(void)state;
	const size_t nrows = 150000;
	size_t cap = nrows * 120 + 256, w = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	w += (size_t)sprintf(text, "%s", AGG_HDR);
	size_t bad_at = 0; /* where record 100000's amount starts */
	for (size_t i = 0; i < nrows; i++) {
		w += (size_t)sprintf(text + w, "2024-%02zu,1,%zu,\"Svc,\nwith \"\"newlines\"\"\n%040zu\",Usage,AWS,",
				     i % 12 + 1, i % 7, i % 3);
		if (i == 100000) bad_at = w;
		w += (size_t)sprintf(text + w, "0.000000000001\n");
	}
	for (int threads = 1; threads <= 3; threads++) {
		dd_ingest_options o = {.threads = threads};
		result r = run(text, w, &o);
		assert_int_equal(r.rc, 0);
		uint64_t rows;
		/* 150000 rows of 10^-12 = 0.00000015 */
		assert_money(sum(&r, (filter){ANY}, &rows, NULL), "0.00000015");
		assert_int_equal(rows, nrows);
		/* account 0 gets rows i = 0, 7, ..., 149996: 149996 / 7 + 1 = 21429 */
		sum(&r, (filter){.account = "0", ANY}, &rows, NULL);
		assert_int_equal(rows, 21429);
		done(&r);
	}
	/* an error late in the file names the right line whatever the threads:
	 * each record spans 3 physical lines, header is line 1, so record k
	 * (0-based) starts on line 2 + 3k; k = 100000 -> line 300002 */
	memcpy(text + bad_at, "0.0000000000x1", 14);
	for (int threads = 1; threads <= 2; threads++) {
		dd_ingest_options o = {.threads = threads};
		result r = run(text, w, &o);
		assert_int_equal(r.rc, DD_EPARSE);
		assert_non_null(strstr(dd_error_last(), "t.csv:300002:7: amount:"));
		done(&r);
	}
	free(text);
}

static size_t gz_member(const char *in, size_t n, unsigned char *out, size_t cap)
{
	z_stream z = {0};
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)in;
	z.avail_in = (unsigned)n;
	z.next_out = out;
	z.avail_out = (unsigned)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	size_t len = z.total_out;
	deflateEnd(&z);
	return len;
}

static void test_gzip_members(void **state)
{
	(void)state;
	char text[512];
	int h = snprintf(text, sizeof text, "%s2024-01,1,2,S,Usage,AWS,1.5\n", AGG_HDR);
	int t = snprintf(text + h, sizeof text - (size_t)h, "2024-01,1,2,S,Usage,AWS,2.25\n");
	unsigned char gz[2048];
	/* two members, split in the middle of a record: 1.5 + 2.25 = 3.75 */
	size_t split = (size_t)h + 5;
	size_t a = gz_member(text, split, gz, sizeof gz);
	size_t b = gz_member(text + split, (size_t)(h + t) - split, gz + a, sizeof gz - a);
	result r = run((const char *)gz, a + b, NULL);
	assert_int_equal(r.rc, 0);
	assert_money(sum(&r, (filter){ANY}, NULL, NULL), "3.75");
	done(&r);
	/* a bad value inside gzip names its line: the second data row, line 3 */
	memcpy(strstr(text + h, "2.25"), "2.2x", 4);
	a = gz_member(text, (size_t)(h + t), gz, sizeof gz);
	r = run((const char *)gz, a, NULL);
	assert_int_equal(r.rc, DD_EPARSE);
	assert_non_null(strstr(dd_error_last(), "t.csv:3:7: amount: expected"));
	done(&r);
}

static char *data_path(const char *rel)
{
	const char *src = getenv("DD_SOURCE_DIR");
	char *p;
	if (asprintf(&p, "%s/tests/data/ingest/%s", src ? src : ".", rel) < 0) return NULL;
	return p;
}

static result run_path(const char *rel, const dd_ingest_options *o)
{
	result r = {0};
	char *p = data_path(rel);
	assert_int_equal(dd_agg_new(&r.agg), 0);
	r.rc = dd_ingest_path(p, o, r.agg, &r.rep);
	free(p);
	return r;
}

static void test_directory(void **state)
{
	(void)state;
	result r = run_path("dir", NULL);
	if (r.rc) fail_msg("%s", dd_error_last());
	/* a.csv 1.5 + 2.25, sub/b.csv.gz 0.125 + 0.01 tax, sub/d.csv.zip 0.5 =
	 * 4.385; notes.txt is not picked and the contract commitment file is
	 * listed as ignored */
	assert_money(sum(&r, (filter){ANY}, NULL, NULL), "4.385");
	assert_money(sum(&r, (filter){.type = "Tax", ANY}, NULL, NULL), "0.01");
	assert_int_equal(r.rep.rows, 5);
	assert_int_equal(r.rep.nignored_files, 1);
	assert_non_null(strstr(r.rep.ignored_files[0], "commitment.csv"));
	done(&r);
}

/* Both ways in: the path (libzip reads the file) and the same bytes from
 * memory (as the fuzzer feeds them). */
static void check_members_zip(result *r)
{
	if (r->rc) fail_msg("%s", dd_error_last());
	uint64_t rows;
	/* a.csv: March 1.5 EC2 (222) + 2.25 S3 (333); sub/c.csv (legacy CUR,
	 * stored): March RDS (444) 0.5 usage - 0.25 credit; March 4 rows, 4.00 */
	assert_money(sum(r, (filter){.period = "2024-03", ANY}, &rows, NULL), "4");
	assert_int_equal(rows, 4);
	assert_money(sum(r, (filter){.period = "2024-03", .account = "333", .service = "AmazonS3", ANY}, NULL, NULL),
		     "2.25");
	assert_money(sum(r, (filter){.account = "444", .type = "Credit", .service = "AmazonRDS", ANY}, NULL, NULL),
		     "-0.25");
	/* b.csv (BOM, CRLF): April 10 usage + 0.125 tax */
	assert_money(sum(r, (filter){.period = "2024-04", .type = "Usage", ANY}, NULL, NULL), "10");
	assert_money(sum(r, (filter){.period = "2024-04", .type = "Tax", ANY}, &rows, NULL), "0.125");
	assert_int_equal(rows, 1);
	/* 6 rows in 6 entries; the AppleDouble file under __MACOSX/ is not read
	 * (it would fail as a CSV); commitment.csv is listed, named with the
	 * archive */
	assert_int_equal(r->rep.rows, 6);
	assert_int_equal(dd_agg_count(r->agg), 6);
	assert_int_equal(r->rep.nignored_files, 1);
	assert_non_null(strstr(r->rep.ignored_files[0], "members.zip: commitment.csv: FOCUS contract commitment"));
	/* members in name order: sub/c.csv (legacy CUR) is read last */
	assert_int_equal(r->rep.format, DD_FORMAT_CUR);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc(n > 0 ? (size_t)n : 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

static void test_zip_members(void **state)
{
	(void)state;
	result r = run_path("zip/members.zip", NULL);
	check_members_zip(&r);
	done(&r);
	char *p = data_path("zip/members.zip");
	size_t len;
	char *bytes = slurp(p, &len);
	free(p);
	assert_int_equal(dd_agg_new(&r.agg), 0);
	memset(&r.rep, 0, sizeof r.rep);
	r.rc = dd_ingest_buffer("members.zip", bytes, len, NULL, r.agg, &r.rep);
	check_members_zip(&r);
	done(&r);
	free(bytes);
}

/* Writes text as the one member "big.csv" of a new zip archive; returns its
 * path (to unlink and free). */
static char *zip_of(const char *text, size_t len, zip_int32_t method)
{
	char *path = strdup("/tmp/dd_test_zip_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	int err = 0;
	zip_t *za = zip_open(path, ZIP_TRUNCATE, &err);
	assert_non_null(za);
	zip_source_t *src = zip_source_buffer(za, text, len, 0);
	assert_non_null(src);
	zip_int64_t i = zip_file_add(za, "big.csv", src, ZIP_FL_OVERWRITE);
	assert_true(i >= 0);
	assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)i, method, 1), 0);
	assert_int_equal(zip_close(za), 0);
	return path;
}

/* A member of three read blocks (DD_INGEST_BLOCK is 8 MiB) whose records
 * span lines and block ends: the sum, and the line of an error near its end,
 * are those of the same text as a plain CSV. */
static void test_zip_large_member(void **state)
{
	(void)state;
	const size_t nrows = 250000;
	size_t cap = nrows * 100 + 256, w = 0, bad_at = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	w += (size_t)sprintf(text, "%s", AGG_HDR);
	for (size_t i = 0; i < nrows; i++) {
		w += (size_t)sprintf(text + w, "2024-%02zu,1,%zu,\"Svc,\nline \"\"two\"\"\n%030zu\",Usage,AWS,",
				     i % 12 + 1, i % 5, i % 3);
		if (i == 240000) bad_at = w;
		w += (size_t)sprintf(text + w, "0.01\n");
	}
	assert_true(w > 2 * ((size_t)8 << 20));
	static const zip_int32_t methods[] = {ZIP_CM_DEFLATE, ZIP_CM_STORE};
	for (size_t m = 0; m < 2; m++) {
		char *path = zip_of(text, w, methods[m]);
		result r = {0};
		assert_int_equal(dd_agg_new(&r.agg), 0);
		r.rc = dd_ingest_path(path, NULL, r.agg, &r.rep);
		if (r.rc) fail_msg("%s", dd_error_last());
		uint64_t rows;
		/* 250000 rows of 0.01 = 2500; account 0: i = 0, 5, ..., 249995, 50000 rows */
		assert_money(sum(&r, (filter){ANY}, &rows, NULL), "2500");
		assert_int_equal(rows, nrows);
		assert_money(sum(&r, (filter){.account = "0", ANY}, &rows, NULL), "500");
		assert_int_equal(rows, 50000);
		done(&r);
		unlink(path);
		free(path);
	}
	/* record k (0-based) starts on line 2 + 3k: k = 240000 -> line 720002,
	 * amount in column 7; the message names archive and member */
	memcpy(text + bad_at, "0.x1", 4);
	char *path = zip_of(text, w, ZIP_CM_DEFLATE);
	result r = {0};
	assert_int_equal(dd_agg_new(&r.agg), 0);
	r.rc = dd_ingest_path(path, NULL, r.agg, &r.rep);
	assert_int_equal(r.rc, DD_EPARSE);
	char want[256];
	snprintf(want, sizeof want, "%s: big.csv:720002:7: amount: expected a decimal number", path);
	if (!strstr(dd_error_last(), want)) fail_msg("message \"%s\"", dd_error_last());
	done(&r);
	unlink(path);
	free(path);
	free(text);
}

static void test_manifests(void **state)
{
	(void)state;
	/* CUR 1: both parts; the second is found by its base name's suffix: 4 + 0.5 */
	result r = run_path("manifest/report-Manifest.json", NULL);
	if (r.rc) fail_msg("%s", dd_error_last());
	assert_money(sum(&r, (filter){.period = "2024-04", ANY}, NULL, NULL), "4.5");
	done(&r);
	/* CUR 2: dataFiles */
	r = run_path("manifest/Manifest.json", NULL);
	assert_int_equal(r.rc, 0);
	assert_money(sum(&r, (filter){ANY}, NULL, NULL), "4");
	done(&r);
	r = run_path("manifest/missing-Manifest.json", NULL);
	assert_int_equal(r.rc, DD_ENOTFOUND);
	assert_non_null(strstr(dd_error_last(), "report-00009.csv.gz"));
	done(&r);
}

/* One file per failure: the code and where the message must point. */
static const struct {
	const char *file;
	int code;
	const char *where;   /* "file:line:column" suffix */
	const char *words;
} bad_cases[] = {
	{"ragged.csv", DD_EPARSE, "ragged.csv:3:8:", "expected 7 fields as in the header, got 8"},
	{"bad_number.csv", DD_EPARSE, "bad_number.csv:2:7:", "amount: expected a decimal number"},
	{"too_many_digits.csv", DD_EPARSE, "too_many_digits.csv:3:7:", "got \"0.0000000000000000001\""},
	{"missing_column.csv", DD_EPARSE, "missing_column.csv:1:", "missing required column \"amount\""},
	/* a NUL byte would cut a key once stored: refused, with its column */
	{"nul_in_account.csv", DD_EPARSE, "nul_in_account.csv:3:3:", "usage_account: expected text without NUL bytes"},
	{"nul_in_type.csv", DD_EPARSE, "nul_in_type.csv:2:5:", "charge_type: expected text without NUL bytes"},
	{"bad_period.csv", DD_EPARSE, "bad_period.csv:2:1:", "billing_period: expected YYYY-MM"},
	{"unterminated.csv", DD_EPARSE, "unterminated.csv:3:4:", "unterminated quoted field"},
	{"stray_quote.csv", DD_EPARSE, "stray_quote.csv:2:4:", "service: malformed quoting"},
	{"truncated.csv.gz", DD_EPARSE, "truncated.csv.gz:", "truncated gzip"},
	{"empty.csv", DD_EPARSE, "empty.csv:1:1:", "empty file"},
	{"mixed_currency.csv", DD_EINVALID, "mixed_currency.csv:4:5:", "expected USD like the earlier rows"},
	/* zip archives (tests/data/ingest/make_zips.py): "PK\3\4junk" */
	{"archive.zip", DD_EPARSE, "archive.zip:", "not a readable zip archive (truncated or corrupt): Not a zip archive"},
	{"truncated.zip", DD_EPARSE, "truncated.zip:", "not a readable zip archive (truncated or corrupt): Not a zip archive"},
	{"empty.zip", DD_ENOTFOUND, "empty.zip:", "empty zip archive"},
	{"dirs_only.zip", DD_ENOTFOUND, "dirs_only.zip:", "holds only directories (2), no files"},
	{"encrypted.zip", DD_EFORMAT, "encrypted.zip: secret.csv:", "encrypted with traditional PKWARE encryption"},
	{"deflate64.zip", DD_EFORMAT, "deflate64.zip: big.csv:", "compressed with Deflate64 (zip method 9)"},
	{"corrupt_member.zip", DD_EPARSE, "corrupt_member.zip: a.csv:", "corrupt data in the member"},
	{"garbage_member.zip", DD_EFORMAT, "garbage_member.zip: garbage.csv:1:", "unrecognised header"},
	{"nested_gz.zip", DD_EFORMAT, "nested_gz.zip: report.csv.gz:", "itself a gzip file"},
	/* both members bad: a_bad.csv is first by name (stored second) */
	{"bad_value.zip", DD_EPARSE, "bad_value.zip: a_bad.csv:3:7:", "amount: expected a decimal number"},
	{"unknown_header.csv", DD_EFORMAT, "unknown_header.csv:1:", "unrecognised header"},
	/* feb.csv of the CLI tests through iconv: named, with the iconv to run */
	{"utf16le_bom.csv", DD_EFORMAT, "utf16le_bom.csv: ",
	 "this file is UTF-16 (little-endian) text; drawdown reads UTF-8: convert it first, e.g. with iconv -f UTF-16LE "
	 "-t UTF-8"},
	{"utf16be_bom.csv", DD_EFORMAT, "utf16be_bom.csv: ", "is UTF-16 (big-endian) text; drawdown reads UTF-8"},
	{"utf16le_nobom.csv", DD_EFORMAT, "utf16le_nobom.csv: ", "is UTF-16 (little-endian) text"},
	{"utf16be_nobom.csv", DD_EFORMAT, "utf16be_nobom.csv: ", "is UTF-16 (big-endian) text"},
	{"utf32le_bom.csv", DD_EFORMAT, "utf32le_bom.csv: ", "is UTF-32 (little-endian) text; drawdown reads UTF-8: "
	 "convert it first, e.g. with iconv -f UTF-32LE -t UTF-8"},
	{"utf32be_nobom.csv", DD_EFORMAT, "utf32be_nobom.csv: ", "is UTF-32 (big-endian) text"},
	{"utf16le_bom.csv.gz", DD_EFORMAT, "utf16le_bom.csv.gz: ", "is UTF-16 (little-endian) text"},
};

static void test_bad_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		char rel[128];
		snprintf(rel, sizeof rel, "bad/%s", bad_cases[i].file);
		result r = run_path(rel, NULL);
		const char *msg = dd_error_last();
		if (r.rc != bad_cases[i].code || !strstr(msg, bad_cases[i].where) || !strstr(msg, bad_cases[i].words))
			fail_msg("%s: rc %d, message \"%s\"", bad_cases[i].file, r.rc, msg);
		done(&r);
	}
}

/* UTF-16 in a zip member; text that merely holds a NUL, or is too short to
 * tell, is not taken for UTF-16 (the CSV reader reports it as before). */
static void test_wide_text(void **state)
{
	(void)state;
	static const char u16[] = "b\0i\0l\0l\0i\0n\0g\0\n\0";
	char *path = zip_of(u16, sizeof u16 - 1, ZIP_CM_DEFLATE);
	result r = {0};
	assert_int_equal(dd_agg_new(&r.agg), 0);
	r.rc = dd_ingest_path(path, NULL, r.agg, &r.rep);
	assert_int_equal(r.rc, DD_EFORMAT);
	char want[256];
	snprintf(want, sizeof want, "%s: big.csv: this file is UTF-16 (little-endian) text", path);
	if (!strstr(dd_error_last(), want)) fail_msg("message \"%s\"", dd_error_last());
	done(&r);
	unlink(path);
	free(path);
	static const struct { const char *text; size_t len; const char *words; } plain[] = {
		{"b\0", 2, "t.csv:1:"},        /* one unit: too short to tell */
		{"bi\0l", 4, "t.csv:1:"},      /* a NUL, not every other byte */
		{"\xef\xbb\xbf\0\0", 5, "t.csv:1:"}, /* a UTF-8 BOM */
	};
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		r = run(plain[i].text, plain[i].len, NULL);
		if (r.rc == 0 || strstr(dd_error_last(), "UTF-16") || strstr(dd_error_last(), "UTF-32") ||
		    !strstr(dd_error_last(), plain[i].words))
			fail_msg("case %zu: rc %d, message \"%s\"", i, r.rc, dd_error_last());
		done(&r);
	}
}

/* A Parquet page error is the Parquet reader's message, naming the file
 * once: gen.py's bad_page_billing() wrote the amount column's page header
 * at byte 249 and its first string length as 2^31 - 1. */
static void test_parquet_page_error(void **state)
{
	(void)state;
	char *p = data_path("../parquet/bad_page_billing.parquet");
	result r = {0};
	assert_int_equal(dd_agg_new(&r.agg), 0);
	r.rc = dd_ingest_path(p, NULL, r.agg, &r.rep);
	assert_int_equal(r.rc, DD_EPARSE);
	const char *msg = dd_error_last(), *name = strstr(p, "bad_page_billing");
	char want[512];
	snprintf(want, sizeof want, "%s: column amount, row group 0, page at byte 249: ", p);
	if (strncmp(msg, want, strlen(want)) || strstr(strstr(msg, name) + 1, name) || strstr(msg, "row 1"))
		fail_msg("message \"%s\"", msg);
	done(&r);
	free(p);
}

static void test_format_names(void **state)
{
	(void)state;
	dd_format f;
	assert_int_equal(dd_format_parse("focus", &f), 0);
	assert_int_equal(f, DD_FORMAT_FOCUS);
	assert_int_equal(dd_format_parse("CUR2", &f), 0);
	assert_int_equal(f, DD_FORMAT_CUR2);
	assert_int_equal(dd_format_parse("parquet", &f), DD_EUSAGE);
	assert_string_equal(dd_format_name(DD_FORMAT_AGGREGATED), "aggregated");
	/* forcing a format whose columns are absent names what is missing */
	dd_ingest_options o = {.format = DD_FORMAT_FOCUS};
	char text[512];
	snprintf(text, sizeof text, "%s2024-01,1,2,S,Usage,AWS,1\n", AGG_HDR);
	result r = run(text, strlen(text), &o);
	assert_int_equal(r.rc, DD_EPARSE);
	assert_non_null(strstr(dd_error_last(), "missing required column \"BilledCost\""));
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aggregated_periods),
		cmocka_unit_test(test_aggregated_defaults_any_order),
		cmocka_unit_test(test_aggregated_quoting_crlf_bom),
		cmocka_unit_test(test_aggregated_no_final_newline_and_blank_lines),
		cmocka_unit_test(test_unknown_types_kept),
		cmocka_unit_test(test_cur_legacy_mapping),
		cmocka_unit_test(test_cur2_defaults),
		cmocka_unit_test(test_focus_mapping),
		cmocka_unit_test(test_threads_agree),
		cmocka_unit_test(test_gzip_members),
		cmocka_unit_test(test_zip_members),
		cmocka_unit_test(test_zip_large_member),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_manifests),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_wide_text),
		cmocka_unit_test(test_parquet_page_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
