/* test_agg.c: the import aggregator: exact sums, which keys stay apart,
 * merging, overflow, sort order, and a random run checked against a plain
 * sum kept by the test itself. Expected values are worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drawdown.h"

static dd_money M(const char *s)
{
	dd_money m;
	if (dd_money_parse(s, strlen(s), &m, NULL)) fail_msg("could not parse %s", s);
	return m;
}

static void assert_money(dd_money m, const char *want)
{
	char buf[DD_MONEY_STRMAX];
	assert_string_equal(dd_money_format(m, buf), want);
}

static dd_str S(const char *s)
{
	dd_str r = {s, s ? strlen(s) : 0};
	return r;
}

/* A row with every key part set; tests change what they need. */
static dd_row base_row(void)
{
	dd_row r;
	memset(&r, 0, sizeof r);
	r.period = DD_MONTH(2024, 3);
	r.payer = S("111111111111");
	r.account = S("222222222222");
	r.service = S("AmazonEC2");
	r.service_name = S("Amazon Elastic Compute Cloud");
	r.charge_type = S("Usage");
	r.billing_entity = S("AWS");
	r.region = S("us-east-1");
	r.description = S("");
	r.amount = M("1");
	r.effective = M("1");
	return r;
}

static dd_agg *new_agg(void)
{
	dd_agg *a = NULL;
	assert_int_equal(dd_agg_new(&a), 0);
	assert_non_null(a);
	return a;
}

static void test_tiny_fractions_sum_exactly(void **state)
{
	(void)state;
	dd_agg *a = new_agg();
	dd_row r = base_row();
	r.amount = M("0.000000000001");
	r.effective = M("0.000000000002");
	for (int i = 0; i < 1000000; i++) assert_int_equal(dd_agg_add(a, &r), 0);
	size_t n;
	const dd_agg_entry *e = dd_agg_entries(a, &n);
	assert_int_equal(n, 1);
	/* 10^6 * 10^-12 = 10^-6; 10^6 * 2*10^-12 = 2*10^-6 */
	assert_money(e[0].amount, "0.000001");
	assert_money(e[0].effective, "0.000002");
	assert_int_equal(e[0].rows, 1000000);
	assert_int_equal(dd_agg_rows(a), 1000000);
	dd_agg_free(a);
}

static void test_mixed_signs_and_scales(void **state)
{
	(void)state;
	dd_agg *a = new_agg();
	dd_row r = base_row();
	const char *in[] = {"0.1", "0.2", "-0.3", "123456789.123456789012", "-0.000000000001", "1e3"};
	for (size_t i = 0; i < sizeof in / sizeof *in; i++) {
		r.amount = r.effective = M(in[i]);
		assert_int_equal(dd_agg_add(a, &r), 0);
	}
	size_t n;
	const dd_agg_entry *e = dd_agg_entries(a, &n);
	assert_int_equal(n, 1);
	/* 0.1+0.2-0.3 = 0; + 123456789.123456789012 - 0.000000000001 = 123456789.123456789011;
	 * + 1000 = 123457789.123456789011 */
	assert_money(e[0].amount, "123457789.123456789011");
	assert_int_equal(e[0].rows, 6);
	/* A pre-aggregated row stands for many input rows. */
	r.amount = r.effective = M("-0.123456789011");
	assert_int_equal(dd_agg_add_rows(a, &r, 44), 0);
	e = dd_agg_entries(a, &n);
	assert_int_equal(n, 1);
	assert_money(e[0].amount, "123457789"); /* 123457789.123456789011 - 0.123456789011 */
	assert_int_equal(e[0].rows, 50);        /* 6 + 44 */
	assert_int_equal(dd_agg_rows(a), 50);
	dd_agg_free(a);
}

static void test_distinct_keys_stay_apart(void **state)
{
	(void)state;
	dd_agg *a = new_agg();
	dd_row r = base_row();
	assert_int_equal(dd_agg_add(a, &r), 0); /* key 1 */
	r.flags = DD_ROW_MAP_MIGRATED;
	assert_int_equal(dd_agg_add(a, &r), 0); /* key 2: flags differ */
	r.flags = DD_ROW_DOMAIN;
	assert_int_equal(dd_agg_add(a, &r), 0); /* key 3 */
	r = base_row();
	r.region = S("us-east-2");
	assert_int_equal(dd_agg_add(a, &r), 0); /* key 4: region */
	r.region = S("");
	assert_int_equal(dd_agg_add(a, &r), 0); /* key 5: empty region */
	r.region = (dd_str){NULL, 0};
	assert_int_equal(dd_agg_add(a, &r), 0); /* absent region = empty: still key 5 */
	r = base_row();
	r.period = DD_MONTH(2024, 4);
	assert_int_equal(dd_agg_add(a, &r), 0); /* key 6: period */
	r = base_row();
	/* The same bytes split differently across fields must not collide. */
	r.service = S("AmazonEC2x");
	r.service_name = S("");
	assert_int_equal(dd_agg_add(a, &r), 0); /* key 7 */
	r.service = S("AmazonEC2");
	r.service_name = S("x");
	assert_int_equal(dd_agg_add(a, &r), 0); /* key 8 */
	r = base_row();
	r.description = S("MAP credit");
	assert_int_equal(dd_agg_add(a, &r), 0); /* key 9 */
	r = base_row();
	r.billing_entity = S("AWS Marketplace");
	assert_int_equal(dd_agg_add(a, &r), 0); /* key 10 */
	r = base_row();
	r.payer = S("111111111112");
	assert_int_equal(dd_agg_add(a, &r), 0); /* key 11 */
	r = base_row();
	assert_int_equal(dd_agg_add(a, &r), 0); /* key 1 again */
	assert_int_equal(dd_agg_count(a), 11);
	assert_int_equal(dd_agg_rows(a), 13);

	size_t n;
	const dd_agg_entry *e = dd_agg_entries(a, &n);
	assert_int_equal(n, 11);
	int seen_empty_region = 0, seen_base = 0;
	for (size_t i = 0; i < n; i++) {
		assert_non_null(e[i].region);
		if (e[i].region[0] == '\0') {
			seen_empty_region++;
			assert_int_equal(e[i].rows, 2); /* the empty and the absent region rows */
			assert_money(e[i].amount, "2");
		}
		if (!strcmp(e[i].region, "us-east-1") && e[i].flags == 0 && e[i].period == DD_MONTH(2024, 3) &&
		    !strcmp(e[i].payer, "111111111111") && !strcmp(e[i].service, "AmazonEC2") &&
		    !strcmp(e[i].service_name, "Amazon Elastic Compute Cloud") && !strcmp(e[i].billing_entity, "AWS") &&
		    !e[i].description[0]) {
			seen_base++;
			assert_int_equal(e[i].rows, 2);
			assert_money(e[i].amount, "2");
		}
	}
	assert_int_equal(seen_empty_region, 1);
	assert_int_equal(seen_base, 1);
	dd_agg_free(a);
}

static void test_merge(void **state)
{
	(void)state;
	dd_agg *a = new_agg(), *b = new_agg();
	dd_row r = base_row();
	r.account = S("A1");
	r.amount = r.effective = M("1.5");
	assert_int_equal(dd_agg_add(a, &r), 0);
	r.account = S("A2");
	r.amount = r.effective = M("2");
	assert_int_equal(dd_agg_add(a, &r), 0);
	assert_int_equal(dd_agg_add(a, &r), 0);
	r.account = S("A2");
	r.amount = M("0.25");
	r.effective = M("0.5");
	assert_int_equal(dd_agg_add(b, &r), 0);
	r.account = S("A3");
	r.amount = r.effective = M("-1");
	assert_int_equal(dd_agg_add(b, &r), 0);

	assert_int_equal(dd_agg_merge(a, b), 0);
	assert_int_equal(dd_agg_merge(a, a), DD_EUSAGE);
	assert_int_equal(dd_agg_count(a), 3);
	assert_int_equal(dd_agg_rows(a), 5); /* 3 + 2 */
	size_t n;
	const dd_agg_entry *e = dd_agg_entries(a, &n);
	assert_int_equal(n, 3);
	/* sorted by account: A1, A2, A3 */
	assert_string_equal(e[0].account, "A1");
	assert_money(e[0].amount, "1.5");
	assert_int_equal(e[0].rows, 1);
	assert_string_equal(e[1].account, "A2");
	assert_money(e[1].amount, "4.25"); /* 2 + 2 + 0.25 */
	assert_money(e[1].effective, "4.5"); /* 2 + 2 + 0.5 */
	assert_int_equal(e[1].rows, 3);
	assert_string_equal(e[2].account, "A3");
	assert_money(e[2].amount, "-1");
	/* src is untouched */
	assert_int_equal(dd_agg_count(b), 2);
	assert_int_equal(dd_agg_rows(b), 2);
	dd_agg_free(a);
	dd_agg_free(b);
}

static void test_overflow(void **state)
{
	(void)state;
	dd_agg *a = new_agg();
	dd_row r = base_row();
	dd_money half = {(__int128)1 << 126}; /* 2^126 + 2^126 = 2^127 > INT128_MAX */
	r.amount = half;
	r.effective = M("1");
	assert_int_equal(dd_agg_add(a, &r), 0);
	assert_int_equal(dd_agg_add(a, &r), DD_EOVERFLOW);
	assert_true(strstr(dd_error_last(), "range") != NULL);
	/* All or nothing: neither sum nor count moved. */
	r.amount = M("0");
	r.effective = half;
	assert_int_equal(dd_agg_add(a, &r), 0); /* effective 1 + 2^126: fine */
	assert_int_equal(dd_agg_add(a, &r), DD_EOVERFLOW); /* effective 2^126 + 1 + 2^126: overflow */
	size_t n;
	const dd_agg_entry *e = dd_agg_entries(a, &n);
	assert_int_equal(n, 1);
	assert_true(e[0].amount.v == half.v);
	assert_true(e[0].effective.v == half.v + DD_MONEY_SCALE);
	assert_int_equal(e[0].rows, 2);
	assert_int_equal(dd_agg_rows(a), 2);

	/* Negative overflow too, and across a merge. */
	dd_agg *b = new_agg(), *c = new_agg();
	r.amount = dd_money_neg(half);
	r.effective = M("0");
	assert_int_equal(dd_agg_add(b, &r), 0);
	assert_int_equal(dd_agg_add(b, &r), 0); /* -2^127 = INT128_MIN: still representable */
	assert_int_equal(dd_agg_add(c, &r), 0);
	assert_int_equal(dd_agg_merge(b, c), DD_EOVERFLOW);
	dd_agg_free(a);
	dd_agg_free(b);
	dd_agg_free(c);
}

static void test_sorted_order(void **state)
{
	(void)state;
	dd_agg *a = new_agg();
	/* Inserted scrambled; the expected order below is by (period, payer,
	 * account, service, charge_type, billing_entity, region, service_name,
	 * description, flags). */
	struct { int y, m; const char *payer, *acct, *svc, *type, *ent, *reg, *sname, *desc; uint32_t flags; } k[] = {
		{2024, 1, "P2", "A1", "S1", "Usage", "AWS", "r1", "n", "", 0},            /* sorts at 5 */
		{2024, 2, "P1", "A1", "S1", "Usage", "AWS", "r1", "n", "", 0},            /* sorts at 11 */
		{2024, 1, "P1", "A1", "S1", "Usage", "AWS", "r1", "n", "", 2},            /* sorts at 3 */
		{2024, 1, "P1", "A1", "S1", "Usage", "AWS", "r1", "n", "", 0},            /* sorts at 2 */
		{2023, 12, "P9", "A9", "S9", "Usage", "AWS", "r1", "n", "", 0},           /* sorts at 0 */
		{2024, 1, "P1", "A1", "S1", "Usage", "AWS", "r1", "m", "", 0},            /* sorts at 1 */
		{2024, 1, "P1", "A1", "S1", "Usage", "AWS", "r2", "a", "", 0},            /* sorts at 4 */
		{2024, 1, "P2", "A1", "S1", "Usage", "AWS Marketplace", "r0", "", "", 0}, /* sorts at 6 */
		{2024, 1, "P2", "A1", "S1", "Usagf", "AWS", "r0", "", "", 0},             /* sorts at 7 */
		{2024, 1, "P2", "A1", "S2", "Credit", "AWS", "", "", "b", 0},             /* sorts at 9 */
		{2024, 1, "P2", "A1", "S2", "Credit", "AWS", "", "", "a", 0},             /* sorts at 8 */
		{2024, 1, "P2", "A10", "S0", "Credit", "AWS", "", "", "", 0},             /* sorts at 10 */
	};
	const int want[] = {4, 5, 3, 2, 6, 0, 7, 8, 10, 9, 11, 1};
	for (size_t i = 0; i < sizeof k / sizeof *k; i++) {
		dd_row r;
		memset(&r, 0, sizeof r);
		r.period = DD_MONTH(k[i].y, k[i].m);
		r.payer = S(k[i].payer);
		r.account = S(k[i].acct);
		r.service = S(k[i].svc);
		r.charge_type = S(k[i].type);
		r.billing_entity = S(k[i].ent);
		r.region = S(k[i].reg);
		r.service_name = S(k[i].sname);
		r.description = S(k[i].desc);
		r.flags = k[i].flags;
		r.amount = r.effective = dd_money_from_units((int64_t)i);
		assert_int_equal(dd_agg_add(a, &r), 0);
	}
	size_t n;
	const dd_agg_entry *e = dd_agg_entries(a, &n);
	assert_int_equal(n, sizeof want / sizeof *want);
	for (size_t i = 0; i < n; i++) {
		/* amount = the input index, so it names which key sits here */
		assert_true(e[i].amount.v == (__int128)want[i] * DD_MONEY_SCALE);
	}
	assert_string_equal(e[0].payer, "P9");
	assert_string_equal(e[8].account, "A1");
	assert_string_equal(e[8].description, "a");
	dd_agg_free(a);
}

static void test_entries_follow_later_adds(void **state)
{
	(void)state;
	dd_agg *a = new_agg();
	dd_row r = base_row();
	size_t n;
	assert_int_equal(dd_agg_count(a), 0);
	dd_agg_entries(a, &n);
	assert_int_equal(n, 0);
	assert_int_equal(dd_agg_add(a, &r), 0);
	const dd_agg_entry *e = dd_agg_entries(a, &n);
	assert_int_equal(n, 1);
	assert_money(e[0].amount, "1");
	assert_int_equal(dd_agg_add(a, &r), 0); /* existing key: sums change, count does not */
	e = dd_agg_entries(a, &n);
	assert_int_equal(n, 1);
	assert_money(e[0].amount, "2");
	dd_agg_free(a);
	dd_agg_free(NULL);
}

static void test_long_strings_and_many_keys(void **state)
{
	(void)state;
	dd_agg *a = new_agg();
	char desc[1001];
	memset(desc, 'd', 1000);
	desc[1000] = '\0';
	/* 20000 distinct accounts, each added 3 times with 0.01: the table
	 * grows many times on the way. */
	char acct[32];
	dd_row r = base_row();
	r.description = S(desc);
	r.amount = r.effective = M("0.01");
	for (int pass = 0; pass < 3; pass++)
		for (int i = 0; i < 20000; i++) {
			snprintf(acct, sizeof acct, "%012d", i);
			r.account = S(acct);
			assert_int_equal(dd_agg_add(a, &r), 0);
		}
	/* A 1000-byte description differing only in its last byte is another key. */
	desc[999] = 'e';
	r.account = S("000000000000");
	assert_int_equal(dd_agg_add(a, &r), 0);
	assert_int_equal(dd_agg_count(a), 20001);
	size_t n;
	const dd_agg_entry *e = dd_agg_entries(a, &n);
	assert_int_equal(n, 20001);
	/* Account 000000000000 sorts first with its two descriptions, "d...d" < "d...e". */
	assert_string_equal(e[0].account, "000000000000");
	assert_int_equal(strlen(e[0].description), 1000);
	assert_int_equal(e[0].description[999], 'd');
	assert_money(e[0].amount, "0.03"); /* 3 * 0.01 */
	assert_int_equal(e[1].description[999], 'e');
	assert_money(e[1].amount, "0.01");
	for (size_t i = 2; i < n; i++) {
		snprintf(acct, sizeof acct, "%012zu", i - 1);
		assert_string_equal(e[i].account, acct);
		assert_money(e[i].amount, "0.03");
		assert_int_equal(e[i].rows, 3);
	}
	dd_agg_free(a);
}

/* xorshift64*: a fixed-seed generator so the run is the same every time. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

#define NP 3
#define NA 7
#define NS 5
#define NF 2
#define NKEYS (NP * NA * NS * NF)

static void test_random_rows_match_plain_sum(void **state)
{
	(void)state;
	static const char *payers[NP] = {"100000000001", "100000000002", "100000000003"};
	static const char *accts[NA] = {"a", "bb", "ccc", "dddddddd", "eeeeeeeee", "", "ffffffffffffffff"};
	static const char *svcs[NS] = {"AmazonEC2", "AmazonS3", "AWSLambda", "AmazonRDS", "AmazonCloudWatch"};
	__int128 want_amt[NKEYS] = {0}, want_eff[NKEYS] = {0};
	uint64_t want_rows[NKEYS] = {0};
	dd_agg *whole = new_agg(), *part[2] = {new_agg(), new_agg()};
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < 100000; i++) {
		int p = (int)(rnd(&seed) % NP), ac = (int)(rnd(&seed) % NA), sv = (int)(rnd(&seed) % NS),
		    fl = (int)(rnd(&seed) % NF);
		/* raw amounts in (-10^15, 10^15) units: (-0.001, 0.001) with all 18 fractional digits used */
		int64_t raw = (int64_t)(rnd(&seed) % 2000000000000000ull) - 1000000000000000ll;
		int64_t raw2 = (int64_t)(rnd(&seed) % 2000000000000000ull) - 1000000000000000ll;
		int key = ((p * NA + ac) * NS + sv) * NF + fl;
		want_amt[key] += raw;
		want_eff[key] += raw2;
		want_rows[key]++;
		dd_row r = base_row();
		r.payer = S(payers[p]);
		r.account = S(accts[ac]);
		r.service = S(svcs[sv]);
		r.flags = (uint32_t)fl;
		r.amount.v = raw;
		r.effective.v = raw2;
		assert_int_equal(dd_agg_add(whole, &r), 0);
		assert_int_equal(dd_agg_add(part[i & 1], &r), 0);
	}
	assert_int_equal(dd_agg_merge(part[0], part[1]), 0);
	size_t present = 0;
	for (int k = 0; k < NKEYS; k++) present += want_rows[k] > 0;

	for (int w = 0; w < 2; w++) {
		dd_agg *a = w ? part[0] : whole;
		size_t n;
		const dd_agg_entry *e = dd_agg_entries(a, &n);
		assert_int_equal(n, present);
		assert_int_equal(dd_agg_rows(a), 100000);
		for (size_t i = 0; i < n; i++) {
			int p = -1, ac = -1, sv = -1;
			for (int j = 0; j < NP; j++) if (!strcmp(e[i].payer, payers[j])) p = j;
			for (int j = 0; j < NA; j++) if (!strcmp(e[i].account, accts[j])) ac = j;
			for (int j = 0; j < NS; j++) if (!strcmp(e[i].service, svcs[j])) sv = j;
			assert_true(p >= 0 && ac >= 0 && sv >= 0 && e[i].flags < NF);
			int key = ((p * NA + ac) * NS + sv) * NF + (int)e[i].flags;
			assert_true(e[i].amount.v == want_amt[key]);
			assert_true(e[i].effective.v == want_eff[key]);
			assert_int_equal(e[i].rows, want_rows[key]);
			if (i) { /* strictly increasing by payer, account, service, flags */
				int c = strcmp(e[i - 1].payer, e[i].payer);
				if (!c) c = strcmp(e[i - 1].account, e[i].account);
				if (!c) c = strcmp(e[i - 1].service, e[i].service);
				assert_true(c < 0 || (c == 0 && e[i - 1].flags < e[i].flags));
			}
		}
	}
	dd_agg_free(whole);
	dd_agg_free(part[0]);
	dd_agg_free(part[1]);
}

/* The documented order of entries, worked out here with strcmp field by
 * field: (period, payer, account, service, charge_type, billing_entity,
 * region, service_name, description, flags). */
static int cmp_doc(const dd_agg_entry *a, const dd_agg_entry *b)
{
	if (a->period != b->period) return a->period < b->period ? -1 : 1;
	const char *x[] = {a->payer, a->account, a->service, a->charge_type, a->billing_entity, a->region,
			   a->service_name, a->description};
	const char *y[] = {b->payer, b->account, b->service, b->charge_type, b->billing_entity, b->region,
			   b->service_name, b->description};
	for (int i = 0; i < 8; i++) {
		int c = strcmp(x[i], y[i]);
		if (c) return c;
	}
	return (a->flags > b->flags) - (a->flags < b->flags);
}

/* Keys with every field drawn from many short values sharing prefixes ("",
 * "a", "ab", ...), periods of either sign and any flags: with few keys the
 * ranks pack into 128 bits, with many they do not and are compared one by
 * one; both must give the documented order, strictly increasing. */
static void sorted_random_case(int nkeys, int spread)
{
	static char pool[8][9000][12];
	uint64_t seed = 0x2545f4914f6cdd1dull + (uint64_t)nkeys;
	dd_agg *a = new_agg();
	for (int i = 0; i < nkeys; i++) {
		dd_row r = base_row();
		dd_str *f[8] = {&r.payer, &r.account, &r.service, &r.charge_type, &r.billing_entity, &r.region,
				&r.service_name, &r.description};
		for (int k = 0; k < 8; k++) {
			char *t = pool[k][i % 9000];
			int len = (int)(rnd(&seed) % (spread > 1000 ? 11 : 4));
			for (int c = 0; c < len; c++) t[c] = (char)("ab\x7f\xff"[rnd(&seed) % (uint64_t)(spread > 1000 ? 4 : 2)]);
			t[len] = 0;
			*f[k] = S(t);
			if (k == 0 && rnd(&seed) % 2) *f[k] = S(""); /* absent reads as "" */
		}
		r.period = (dd_month)((int64_t)(rnd(&seed) % (uint64_t)spread) - spread / 2);
		r.flags = (uint32_t)rnd(&seed) % (uint32_t)spread;
		r.amount.v = 1;
		assert_int_equal(dd_agg_add(a, &r), 0);
		size_t n;
		if (i == nkeys - 1) {
			const dd_agg_entry *e = dd_agg_entries(a, &n);
			assert_non_null(e);
			for (size_t j = 1; j < n; j++) assert_true(cmp_doc(&e[j - 1], &e[j]) < 0);
		}
	}
	dd_agg_free(a);
}

static void test_sorted_order_random(void **state)
{
	(void)state;
	sorted_random_case(300, 16);      /* ranks pack into 128 bits */
	sorted_random_case(9000, 100000); /* 10 fields of about 13 bits: past 128 */
}

static void test_marketplace_entity(void **state)
{
	(void)state;
	assert_true(dd_is_marketplace_entity("AWS Marketplace", 15));
	assert_true(dd_is_marketplace_entity("aws marketplace", 15));
	assert_true(dd_is_marketplace_entity("AWS MARKETPLACE", 15));
	assert_true(dd_is_marketplace_entity("AWS Marketplace, more", 15)); /* a view of its first 15 bytes */
	assert_false(dd_is_marketplace_entity("AWS Marketplace ", 16));
	assert_false(dd_is_marketplace_entity("AWS", 3));
	assert_false(dd_is_marketplace_entity("AWS Marketplac", 14));
	assert_false(dd_is_marketplace_entity("AWS_Marketplace", 15));
	assert_false(dd_is_marketplace_entity("", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiny_fractions_sum_exactly),
		cmocka_unit_test(test_mixed_signs_and_scales),
		cmocka_unit_test(test_distinct_keys_stay_apart),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_sorted_order),
		cmocka_unit_test(test_sorted_order_random),
		cmocka_unit_test(test_entries_follow_later_adds),
		cmocka_unit_test(test_long_strings_and_many_keys),
		cmocka_unit_test(test_random_rows_match_plain_sum),
		cmocka_unit_test(test_marketplace_entity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
