/* test_ingest_real.c: every shared third-party billing file
 * ($DD_SHARED_DATA, skipped when absent) imports, with totals equal to an
 * independent computation: Python's decimal module over the same file via
 * the csv module, run when this test was written:
 *
 *   cd ../shared/data && python3 ../../main/tests/data/ingest/independent_totals.py \
 *     cur/wa-labs-2018/Oct2018-WorkshopCUR.csv.gz (Nov..., Dec...) focus/focus_sample.csv \
 *     cur/focus-converters/aws-export-sample.csv cur/cur2-mocks/... focus/synthetic-1.3/...
 *
 * (it sums the unblended cost / BilledCost per provider and line item type
 * with Decimal, "" and "NULL" as 0; the figures it printed are the
 * literals below, each with its file.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "drawdown.h"

static const char *shared(void)
{
	const char *d = getenv("DD_SHARED_DATA");
	struct stat st;
	if (!d || stat(d, &st) != 0) return NULL;
	return d;
}

#define NEED_DATA()                                                                      \
	do {                                                                             \
		if (!shared()) {                                                         \
			print_message("DD_SHARED_DATA absent: skipped\n");               \
			skip();                                                          \
		}                                                                        \
	} while (0)

typedef struct {
	dd_agg *agg;
	dd_ingest_report rep;
	int rc;
} result;

static result import(const char *rel, int threads)
{
	result r = {0};
	char *p;
	assert_true(asprintf(&p, "%s/%s", shared(), rel) > 0);
	assert_int_equal(dd_agg_new(&r.agg), 0);
	dd_ingest_options o = {.threads = threads};
	r.rc = dd_ingest_path(p, &o, r.agg, &r.rep);
	free(p);
	return r;
}

static result import_ok(const char *rel)
{
	result r = import(rel, 0);
	if (r.rc) fail_msg("%s: %s", rel, dd_error_last());
	return r;
}

static void done(result *r)
{
	dd_agg_free(r->agg);
	dd_ingest_report_dispose(&r->rep);
}

/* Sum (and rows) of entries of one charge type (NULL: all). */
static dd_money by_type(result *r, const char *type, uint64_t *rows, dd_money *eff)
{
	size_t n;
	const dd_agg_entry *e = dd_agg_entries(r->agg, &n);
	dd_money t = dd_money_zero(), ef = dd_money_zero();
	uint64_t nr = 0;
	for (size_t i = 0; i < n; i++) {
		if (type && strcmp(e[i].charge_type, type) != 0) continue;
		t = dd_money_add(t, e[i].amount);
		ef = dd_money_add(ef, e[i].effective);
		nr += e[i].rows;
	}
	if (rows) *rows = nr;
	if (eff) *eff = ef;
	return t;
}

static void assert_money(dd_money got, const char *want)
{
	char a[DD_MONEY_STRMAX];
	dd_money w;
	assert_int_equal(dd_money_parse(want, strlen(want), &w, NULL), 0);
	if (w.v != got.v) fail_msg("got %s, want %s", dd_money_format(got, a), want);
}

static void check_wa_month(const char *file, const char *total, const char *usage, uint64_t usage_rows,
			   const char *rifee, uint64_t du_rows, uint64_t rows)
{
	result r = import_ok(file);
	uint64_t n;
	assert_int_equal(r.rep.format, DD_FORMAT_CUR2);
	assert_int_equal(r.rep.rows, rows);
	assert_money(by_type(&r, NULL, NULL, NULL), total);
	assert_money(by_type(&r, "Usage", &n, NULL), usage);
	assert_int_equal(n, usage_rows);
	assert_money(by_type(&r, "RIFee", &n, NULL), rifee);
	assert_int_equal(n, 9);
	assert_money(by_type(&r, "DiscountedUsage", &n, NULL), "0");
	assert_int_equal(n, du_rows);
	assert_int_equal(r.rep.nunknown, 0);
	done(&r);
}

static void test_wa_labs_csv_gz(void **state)
{
	(void)state;
	NEED_DATA();
	/* Python decimal: Oct Usage 110953 rows 3914.7077525379, RIFee 9 rows
	 * 149.775379, DiscountedUsage 8345 rows 0; total 4064.4831315379 */
	check_wa_month("cur/wa-labs-2018/Oct2018-WorkshopCUR.csv.gz", "4064.4831315379", "3914.7077525379",
		       110953, "149.775379", 8345, 119307);
	/* Nov: Usage 117129 / 3357.9429681268, RIFee 147.384, DU 7202; 3505.3269681268 */
	check_wa_month("cur/wa-labs-2018/Nov2018-WorkshopCUR.csv.gz", "3505.3269681268", "3357.9429681268",
		       117129, "147.384", 7202, 124340);
	/* Dec: Usage 84488 / 256.0791924354, RIFee 152.2968, DU 6767; 408.3759924354 */
	check_wa_month("cur/wa-labs-2018/Dec2018-WorkshopCUR.csv.gz", "408.3759924354", "256.0791924354",
		       84488, "152.2968", 6767, 91264);
}

static void test_wa_labs_effective(void **state)
{
	(void)state;
	NEED_DATA();
	/* Python decimal: sum of reservation_effective_cost for DiscountedUsage
	 * plus line_item_unblended_cost for the rest = 4296.7369275279 */
	result r = import_ok("cur/wa-labs-2018/Oct2018-WorkshopCUR.csv.gz");
	dd_money eff;
	by_type(&r, NULL, NULL, &eff);
	assert_money(eff, "4296.7369275279");
	done(&r);
}

static void test_focus_sample(void **state)
{
	(void)state;
	NEED_DATA();
	result r = import_ok("focus/focus_sample.csv");
	uint64_t n;
	assert_int_equal(r.rep.format, DD_FORMAT_FOCUS);
	/* Python decimal: AWS Usage 941 rows 20.62033861840, Credit 1 row
	 * -2.6137; AWS total 18.0066386184 */
	assert_money(by_type(&r, NULL, &n, NULL), "18.0066386184");
	assert_int_equal(n, 942);
	assert_money(by_type(&r, "Credit", &n, NULL), "-2.6137");
	assert_int_equal(n, 1);
	/* skipped: Microsoft 51 rows 1.97651418586; Oracle 5 Usage 0.26507392473
	 * + 2 Adjustment 0.272 = 7 rows 0.53707392473; together 58 rows 2.51358811059 */
	assert_int_equal(r.rep.rows, 1000);
	assert_int_equal(r.rep.skipped_rows, 58);
	assert_money(r.rep.skipped_amount, "2.51358811059");
	assert_int_equal(r.rep.nskipped_providers, 2);
	for (size_t i = 0; i < r.rep.nskipped_providers; i++) {
		dd_ingest_tally *t = &r.rep.skipped_providers[i];
		if (strcmp(t->name, "Microsoft") == 0) {
			assert_int_equal(t->rows, 51);
			assert_money(t->amount, "1.97651418586");
		} else {
			assert_string_equal(t->name, "Oracle");
			assert_int_equal(t->rows, 7);
			assert_money(t->amount, "0.53707392473");
		}
	}
	/* the credit keeps its description (programme marker) */
	size_t ne;
	const dd_agg_entry *e = dd_agg_entries(r.agg, &ne);
	bool seen = false;
	for (size_t i = 0; i < ne; i++)
		if (strcmp(e[i].charge_type, "Credit") == 0) seen = e[i].description && e[i].description[0];
	assert_true(seen);
	done(&r);
}

static void test_legacy_cur_export(void **state)
{
	(void)state;
	NEED_DATA();
	result r = import_ok("cur/focus-converters/aws-export-sample.csv");
	uint64_t n;
	assert_int_equal(r.rep.format, DD_FORMAT_CUR);
	/* Python decimal: Usage 1269 rows 1.6023086974, Tax 12 rows 0.08 */
	assert_money(by_type(&r, "Usage", &n, NULL), "1.6023086974");
	assert_int_equal(n, 1269);
	assert_money(by_type(&r, "Tax", &n, NULL), "0.08");
	assert_int_equal(n, 12);
	assert_money(by_type(&r, NULL, &n, NULL), "1.6823086974");
	done(&r);
}

static void test_cur2_mocks(void **state)
{
	(void)state;
	NEED_DATA();
	/* keboola CUR 2.0 gz: 0.0216 + 0.0216 + 0.047104 + 0.018 = 0.108304 */
	result r = import_ok("cur/cur2-mocks/keboola_MockTestReportV2-00001.csv.gz");
	assert_money(by_type(&r, "Usage", NULL, NULL), "0.108304");
	done(&r);
	/* the CUR 2 manifest lists that same part (prefixed locally) */
	r = import_ok("cur/cur2-mocks/keboola_cur2_manifest.json");
	assert_money(by_type(&r, NULL, NULL, NULL), "0.108304");
	done(&r);
	/* sbroenne samples, legacy and CUR 2.0 names, no type or period columns:
	 * 0.0104 + 0.0104 + 0.034 + 0.0104 = 0.0652, all Usage */
	r = import_ok("cur/cur2-mocks/sbroenne_sample-legacy.csv");
	assert_money(by_type(&r, "Usage", NULL, NULL), "0.0652");
	done(&r);
	r = import_ok("cur/cur2-mocks/sbroenne_sample-cur20.csv");
	assert_money(by_type(&r, "Usage", NULL, NULL), "0.0652");
	done(&r);
	/* keboola legacy CUR, ZIP-compressed (one member, sample_billing_data.csv),
	 * alone and as the CUR 1 manifest's part. Python zipfile + csv + Decimal,
	 * unblended cost per (period, account, product, line item type):
	 *   cd ../shared/data && python3 -c "import zipfile,csv,io,collections as c
	 *   from decimal import Decimal as D; z=zipfile.ZipFile('cur/cur2-mocks/keboola_MockTestReport-00001.csv.zip')
	 *   t=c.defaultdict(D); n=c.Counter()
	 *   for m in sorted(z.namelist()):
	 *    for r in csv.DictReader(io.TextIOWrapper(z.open(m),'utf-8-sig',newline='')):
	 *     k=(r['bill/BillingPeriodStartDate'][:7],r['lineItem/UsageAccountId'],r['lineItem/ProductCode'],
	 *        r['lineItem/LineItemType']); t[k]+=D(r['lineItem/UnblendedCost'] or 0); n[k]+=1
	 *   print({k:(n[k],str(v)) for k,v in t.items()}, sum(t.values()))"
	 * printed (2024-01, 123456789012, AmazonEC2, Usage): 2 rows 0.0216,
	 * (..., AmazonS3, Usage): 1 row 0.023552; total 0.045152 */
	static const char *const cur1_zip[] = {"cur/cur2-mocks/keboola_MockTestReport-00001.csv.zip",
					       "cur/cur2-mocks/keboola_cur1_manifest.json"};
	for (size_t f = 0; f < 2; f++) {
		r = import_ok(cur1_zip[f]);
		uint64_t n;
		assert_int_equal(r.rep.format, DD_FORMAT_CUR);
		assert_int_equal(r.rep.rows, 3);
		assert_money(by_type(&r, "Usage", &n, NULL), "0.045152");
		assert_int_equal(n, 3);
		assert_money(by_type(&r, NULL, NULL, NULL), "0.045152");
		size_t ne;
		const dd_agg_entry *e = dd_agg_entries(r.agg, &ne);
		assert_int_equal(ne, 2);
		for (size_t i = 0; i < ne; i++) {
			char mb[8];
			assert_string_equal(dd_month_format(e[i].period, mb), "2024-01");
			assert_string_equal(e[i].account, "123456789012");
			bool ec2 = strcmp(e[i].service, "AmazonEC2") == 0;
			if (!ec2) assert_string_equal(e[i].service, "AmazonS3");
			assert_money(e[i].amount, ec2 ? "0.0216" : "0.023552");
			assert_int_equal(e[i].rows, ec2 ? 2 : 1);
		}
		done(&r);
	}
}

static void test_focus_synthetic(void **state)
{
	(void)state;
	NEED_DATA();
	/* FOCUS 1.2: Purchase/Recurring 6 rows 1.28064 -> RecurringFee, Tax
	 * 26.058559, Usage 18 rows 0; total 27.339199 */
	result r = import_ok("focus/synthetic-1.3/aws_1_2_cost_and_usage_rows25_seed7_credits.csv");
	uint64_t n;
	assert_money(by_type(&r, "RecurringFee", &n, NULL), "1.28064");
	assert_int_equal(n, 6);
	assert_money(by_type(&r, "Tax", NULL, NULL), "26.058559");
	assert_money(by_type(&r, NULL, &n, NULL), "27.339199");
	assert_int_equal(n, 25);
	done(&r);
	/* contract commitment datasets hold no charges: listed as ignored */
	r = import_ok("focus/synthetic-1.3/focus_sample_contractcommitment_aws.csv");
	assert_int_equal(r.rep.nignored_files, 1);
	assert_int_equal(dd_agg_count(r.agg), 0);
	done(&r);
	/* The FOCUS 1.3 samples carry 14 fractional digits, which dd_money holds
	 * exactly (18). Expectations from Python's csv + decimal.Decimal, summing
	 * BilledCost by (ChargeCategory, ChargeFrequency):
	 *   python3 -c "import csv,decimal as d,collections as c; t=c.Counter()
	 *   for x in csv.DictReader(open(F,newline='')): t[x['ChargeCategory'],
	 *   x['ChargeFrequency']]+=d.Decimal(x['BilledCost'] or 0); print(t)" */
	static const struct {
		const char *file, *total;
		uint64_t rows;
		struct { const char *type, *amount; uint64_t rows; } by[3];
	} f13[] = {
		{"aws_1_3_cost_and_usage_rows25_seed7_credits.csv", "929.19897776197748", 25,
		 {{"Usage", "256.58560176197748", 20}, {"Credit", "-60.62564", 1}, {"RecurringFee", "733.239016", 4}}},
		{"aws_1_3_cost_and_usage_rows100_seed42.csv", "1242.1156191148605", 100,
		 {{"Usage", "176.1019611148605", 81}, {"RecurringFee", "1028.74187", 17}, {"Tax", "37.271788", 2}}},
	};
	for (size_t i = 0; i < sizeof f13 / sizeof *f13; i++) {
		char path[128];
		snprintf(path, sizeof path, "focus/synthetic-1.3/%s", f13[i].file);
		r = import_ok(path);
		for (size_t k = 0; k < 3; k++) {
			assert_money(by_type(&r, f13[i].by[k].type, &n, NULL), f13[i].by[k].amount);
			assert_int_equal(n, f13[i].by[k].rows);
		}
		assert_money(by_type(&r, NULL, &n, NULL), f13[i].total);
		assert_int_equal(n, f13[i].rows);
		done(&r);
	}
}

/* Sum of entries with the same (period, account, service, type) as e[k]. */
static dd_money key_sum(const dd_agg_entry *e, size_t n, const dd_agg_entry *k)
{
	dd_money t = dd_money_zero();
	for (size_t i = 0; i < n; i++)
		if (e[i].period == k->period && strcmp(e[i].account, k->account) == 0 &&
		    strcmp(e[i].service, k->service) == 0 && strcmp(e[i].charge_type, k->charge_type) == 0)
			t = dd_money_add(t, e[i].amount);
	return t;
}

static void test_parquet_matches_csv(void **state)
{
	(void)state;
	NEED_DATA();
	static const char *const months[] = {"Oct", "Nov", "Dec"};
	for (size_t m = 0; m < 3; m++) {
		char pq[128], gz[128];
		snprintf(pq, sizeof pq, "cur/wa-labs-2018/%s2018-WorkshopCUR-00001.snappy.parquet", months[m]);
		snprintf(gz, sizeof gz, "cur/wa-labs-2018/%s2018-WorkshopCUR.csv.gz", months[m]);
		result a = import(pq, 0);
		if (a.rc == DD_EFORMAT && strstr(dd_error_last(), "not supported in this build")) {
			done(&a);
			print_message("Parquet reader not built yet: skipped\n");
			skip();
		}
		if (a.rc) fail_msg("%s: %s", pq, dd_error_last());
		result b = import_ok(gz);
		assert_int_equal(a.rep.rows, b.rep.rows);
		size_t na, nb;
		const dd_agg_entry *ea = dd_agg_entries(a.agg, &na);
		const dd_agg_entry *eb = dd_agg_entries(b.agg, &nb);
		/* every (period, account, service, type) of either side: same sum
		 * to the last digit */
		for (size_t i = 0; i < na; i++) assert_true(key_sum(ea, na, &ea[i]).v == key_sum(eb, nb, &ea[i]).v);
		for (size_t i = 0; i < nb; i++) assert_true(key_sum(ea, na, &eb[i]).v == key_sum(eb, nb, &eb[i]).v);
		assert_true(by_type(&a, NULL, NULL, NULL).v == by_type(&b, NULL, NULL, NULL).v);
		done(&a);
		done(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wa_labs_csv_gz),
		cmocka_unit_test(test_wa_labs_effective),
		cmocka_unit_test(test_focus_sample),
		cmocka_unit_test(test_legacy_cur_export),
		cmocka_unit_test(test_cur2_mocks),
		cmocka_unit_test(test_focus_synthetic),
		cmocka_unit_test(test_parquet_matches_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
