/* test_book.c: the book loader. A full good book (every field, one include)
 * checked value by value; every bad book under tests/data/books/bad, each
 * naming its expected problems in "# expect: [file:]line:col substring"
 * comment lines (adding a case is adding a file); return codes, defaults,
 * buffers, the contract-year lookup, the nesting limit that keeps a
 * 200,000-deep book from hanging libyaml, and UTF-16/32 books named. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "drawdown.h"

#define GOOD "tests/data/books/good/"
#define BAD "tests/data/books/bad/"

static void assert_amount(dd_money m, const char *want)
{
	char buf[DD_MONEY_STRMAX];
	assert_string_equal(dd_money_format(m, buf), want);
}

static void assert_date(dd_date d, const char *want)
{
	char buf[16];
	assert_string_equal(dd_date_format(d, buf), want);
}

static void print_problems(const dd_book_problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		print_message("  %s:%d:%d: %s: %s\n", p->items[i].file, p->items[i].line, p->items[i].column,
			      p->items[i].field ? p->items[i].field : "-", p->items[i].message);
}

static dd_book *load_ok(const char *path)
{
	dd_book *b = NULL;
	dd_book_problems p;
	int rc = dd_book_load(path, &b, &p);
	if (rc) print_problems(&p);
	assert_int_equal(rc, 0);
	assert_int_equal(p.n, 0);
	assert_non_null(b);
	return b;
}

static void test_full_terms(void **state)
{
	dd_book *b = load_ok(GOOD "full.yaml");
	assert_string_equal(b->currency, "EUR");
	assert_string_equal(b->payer, "111111111111");
	assert_true(b->credit_sharing); /* "yes" */
	assert_int_equal(b->naccounts, 3);
	assert_string_equal(b->accounts[0].id, "222222222222");
	assert_string_equal(b->accounts[0].name, "prod");
	assert_true(b->accounts[0].sharing);
	assert_true(b->accounts[0].has_joined);
	assert_date(b->accounts[0].joined, "2025-03-15");
	/* Unquoted 012345678901 keeps its leading zero: ids are text. */
	assert_string_equal(b->accounts[1].id, "012345678901");
	assert_string_equal(b->accounts[1].name, "legacy, unshared");
	assert_false(b->accounts[1].sharing);
	assert_false(b->accounts[1].has_joined);
	assert_string_equal(b->accounts[2].id, "dev-account-1");
	assert_null(b->accounts[2].name);
	assert_true(b->accounts[2].sharing); /* default on */
	assert_ptr_equal(dd_book_account(b, "012345678901"), &b->accounts[1]);
	assert_null(dd_book_account(b, "12345678901"));

	const dd_agreement *g = &b->agreement;
	assert_true(g->present);
	assert_string_equal(g->id, "EDP-2026");
	assert_date(g->start, "2026-01-01");
	assert_int_equal(g->years, 3);
	assert_amount(g->commitment[0], "3000000");
	assert_amount(g->commitment[1], "3500000.5");
	assert_amount(g->commitment[2], "4000000"); /* 4e6 */
	for (int y = 0; y < 3; y++) assert_amount(g->discount_percent[y], "8.25"); /* one number, every year */
	assert_int_equal(g->basis, DD_BASIS_GROSS);
	assert_false(g->credits_count);
	assert_true(g->carry_forward);
	assert_amount(g->marketplace_cap_percent, "12.5");
	assert_true(g->discount_marketplace);
	assert_int_equal(b->support_plan, DD_SUPPORT_ENTERPRISE_ON_RAMP);
	assert_amount(b->support_discount_percent, "7.5");

	assert_int_equal(b->nfiles, 2);
	assert_string_equal(b->files[0], GOOD "full.yaml");
	assert_string_equal(b->files[1], GOOD "credits/2026.yaml");
	dd_book_free(b);
}

static void test_full_credits(void **state)
{
	dd_book *b = load_ok(GOOD "full.yaml");
	/* full.yaml's own 3 entries (the third a 3-tranche credit) then the include's 2: 2 + 3 + 2. */
	assert_int_equal(b->ncredits, 7);
	const dd_credit *c = &b->credits[0];
	assert_string_equal(c->id, "EDP-Y1");
	assert_int_equal(c->type, DD_CREDIT_EDP);
	assert_amount(c->amount, "50000.000000000001"); /* 12th decimal kept exactly */
	assert_date(c->start, "2026-01-01");
	assert_date(c->expires, "2026-12-31");
	assert_string_equal(c->owner, "111111111111");
	assert_true(c->services_all);
	assert_null(c->services);
	assert_int_equal(c->applies, DD_APPLIES_BEFORE_DISCOUNT);
	assert_int_equal(c->sharing, DD_SHARING_DEFAULT);
	assert_int_equal(c->status, DD_STATUS_ENABLED);
	assert_false(c->has_unlock);
	assert_int_equal(c->after, -1);
	assert_int_equal(c->tranche, 0);
	assert_string_equal(c->description, "year-one EDP credit");
	assert_string_equal(c->file, GOOD "full.yaml");
	assert_int_equal(c->line, 27); /* "  - id: EDP-Y1": the mapping starts at the key */
	assert_int_equal(c->column, 5);

	c = &b->credits[1];
	assert_string_equal(c->id, "MAP-WAVE1");
	assert_int_equal(c->type, DD_CREDIT_MAP);
	assert_amount(c->amount, "150000"); /* 1.5e5 */
	assert_string_equal(c->owner, "222222222222");
	assert_false(c->services_all);
	assert_int_equal(c->nservices, 2);
	assert_string_equal(c->services[0], "AmazonEC2");
	assert_string_equal(c->services[1], "Amazon Simple Storage Service");
	assert_int_equal(c->applies, DD_APPLIES_AFTER_DISCOUNT);
	assert_int_equal(c->sharing, DD_SHARING_LIST);
	assert_int_equal(c->nshare_with, 2);
	assert_string_equal(c->share_with[0], "222222222222");
	assert_string_equal(c->share_with[1], "dev-account-1");
	assert_int_equal(c->status, DD_STATUS_PAUSED);
	assert_true(c->has_unlock);
	assert_string_equal(c->milestone, "wave-1");
	assert_int_equal(c->unlock_month, DD_MONTH(2026, 6));
	assert_null(c->description);

	/* Tranches: one grant each, "<id>#n", the parent's fields copied. */
	static const char *const ids[] = {"EDP-TIERED#1", "EDP-TIERED#2", "EDP-TIERED#3"};
	static const char *const amounts[] = {"50000", "30000", "20000"};
	static const char *const starts[] = {"2026-01-01", "2027-01-01", "2028-01-01"};
	static const char *const ends[] = {"2026-12-31", "2027-12-31", "2028-12-31"};
	static const int after[] = {-1, 2, 3};
	for (int t = 0; t < 3; t++) {
		c = &b->credits[2 + t];
		assert_string_equal(c->id, ids[t]);
		assert_int_equal(c->tranche, t + 1);
		assert_amount(c->amount, amounts[t]);
		assert_date(c->start, starts[t]);
		assert_date(c->expires, ends[t]);
		assert_int_equal(c->after, after[t]);
		assert_int_equal(c->sharing, DD_SHARING_DISABLED);
		assert_string_equal(c->owner, "111111111111"); /* default: the payer */
		assert_true(c->has_unlock);
	}
	/* Tranches 1-2 inherit "milestone: signed" (no date: locked); tranche 3 has its own date. */
	assert_string_equal(b->credits[2].milestone, "signed");
	assert_int_equal(b->credits[2].unlock_month, DD_MONTH_NONE);
	assert_int_equal(b->credits[3].unlock_month, DD_MONTH_NONE);
	assert_null(b->credits[4].milestone);
	assert_int_equal(b->credits[4].unlock_month, DD_MONTH(2028, 2));
	assert_int_equal(b->credits[2].line, 55);
	assert_int_equal(b->credits[2].column, 9);

	/* From the included file, after full.yaml's own. */
	c = &b->credits[5];
	assert_string_equal(c->id, "POC-1");
	assert_int_equal(c->type, DD_CREDIT_POC);
	assert_string_equal(c->owner, "012345678901");
	assert_date(c->start, "2026-03-01");
	assert_date(c->expires, "2026-03-01"); /* expires == start is allowed */
	assert_string_equal(c->file, GOOD "credits/2026.yaml");
	c = &b->credits[6];
	assert_string_equal(c->id, "SUP-1");
	assert_int_equal(c->type, DD_CREDIT_SUPPORT);
	assert_amount(c->amount, "0.01");
	assert_ptr_equal(dd_book_credit(b, "EDP-TIERED#2"), &b->credits[3]);
	assert_null(dd_book_credit(b, "EDP-TIERED"));
	dd_book_free(b);
}

static void test_full_incidents(void **state)
{
	dd_book *b = load_ok(GOOD "full.yaml");
	assert_int_equal(b->nincidents, 2);
	const dd_incident *in = &b->incidents[0];
	assert_string_equal(in->id, "INC-1");
	assert_string_equal(in->service, "AmazonEC2");
	assert_int_equal(in->sla, DD_SLA_EC2_REGION);
	assert_string_equal(in->region, "us-east-1");
	assert_int_equal(in->naccounts, 1);
	assert_string_equal(in->accounts[0], "222222222222");
	assert_int_equal(in->start, 1791036300); /* date -u -d 2026-10-03T14:05:00Z +%s */
	assert_int_equal(in->end - in->start, 19800); /* 14:05 -> 19:35 = 5 h 30 = 19800 s */
	assert_string_equal(in->impact, "checkout unavailable; estimated cost 180000");
	in = &b->incidents[1];
	assert_string_equal(in->id, "INC-2");
	assert_int_equal(in->sla, DD_SLA_S3_STANDARD);
	assert_null(in->region);
	assert_int_equal(in->naccounts, 0);
	/* 23:30+02:00 is 21:30Z: date -u -d '2026-11-01 21:30:00' +%s */
	assert_int_equal(in->start, 1793568600);
	assert_int_equal(in->end - in->start, 9900); /* 21:30Z -> 00:15Z (no zone = UTC) = 2 h 45 = 9900 s */
	dd_book_free(b);
}

/* ---- bad books ---- */

typedef struct {
	char file[1024]; /* "" = the book itself */
	int line, col;
	char text[1024];
} expect_t;

static size_t read_expects(const char *path, expect_t *ex, size_t max)
{
	FILE *f = fopen(path, "rb");
	char buf[1024];
	size_t n = 0;
	assert_non_null(f);
	while (fgets(buf, sizeof buf, f) && !strncmp(buf, "#", 1)) {
		if (strncmp(buf, "# expect: ", 10)) continue;
		assert_true(n < max);
		expect_t *e = &ex[n++];
		char *s = buf + 10, *sp = strchr(s, ' ');
		assert_non_null(sp);
		*sp = '\0';
		buf[strcspn(sp + 1, "\r\n") + (size_t)(sp + 1 - buf)] = '\0';
		snprintf(e->text, sizeof e->text, "%s", sp + 1);
		/* [file:]line:col */
		char *c2 = strrchr(s, ':');
		*c2 = '\0';
		e->col = atoi(c2 + 1);
		char *c1 = strrchr(s, ':');
		if (c1) {
			*c1 = '\0';
			e->line = atoi(c1 + 1);
			snprintf(e->file, sizeof e->file, "%s", s);
		} else {
			e->line = atoi(s);
			e->file[0] = '\0';
		}
	}
	fclose(f);
	return n;
}

static bool matches(const dd_book_problem *p, const expect_t *e, const char *book)
{
	if (p->line != e->line || p->column != e->col) return false;
	if (e->file[0]) {
		const char *base = strrchr(p->file, '/') ? strrchr(p->file, '/') + 1 : p->file;
		if (strcmp(base, e->file)) return false;
	} else if (strcmp(p->file, book)) {
		return false;
	}
	return strstr(p->message, e->text) != NULL;
}

static int check_bad(const char *path)
{
	expect_t ex[32];
	size_t n = read_expects(path, ex, 32);
	dd_book *b = (dd_book *)1;
	dd_book_problems p;
	int rc = dd_book_load(path, &b, &p), bad = 0;
	if (n == 0) { print_message("%s: no expect lines\n", path); bad++; }
	if (rc >= 0 || b != NULL) { print_message("%s: loaded (rc %d)\n", path, rc); bad++; }
	if (p.n != n) { print_message("%s: %zu problems, expected %zu\n", path, p.n, n); bad++; }
	for (size_t i = 0; i < n; i++) {
		bool found = false;
		for (size_t j = 0; j < p.n && !found; j++) found = matches(&p.items[j], &ex[i], path);
		if (!found) {
			print_message("%s: missing %s%s%d:%d %s\n", path, ex[i].file, ex[i].file[0] ? ":" : "", ex[i].line,
				      ex[i].col, ex[i].text);
			bad++;
		}
	}
	for (size_t j = 0; j < p.n; j++)
		if (!p.items[j].message || !*p.items[j].message || strchr(p.items[j].message, '\n')) bad++;
	if (bad) print_problems(&p);
	dd_book_problems_dispose(&p);
	return bad;
}

static void test_bad_books(void **state)
{
	DIR *d = opendir(BAD);
	struct dirent *e;
	int files = 0, bad = 0;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".yaml")) continue;
		char path[512];
		snprintf(path, sizeof path, BAD "%s", e->d_name);
		bad += check_bad(path);
		files++;
	}
	closedir(d);
	assert_true(files >= 25);
	assert_int_equal(bad, 0);
}

/* many.yaml: ten problems, all reported, sorted by line then column. */
static void test_many_sorted(void **state)
{
	dd_book *b;
	dd_book_problems p;
	assert_int_equal(dd_book_load(BAD "many.yaml", &b, &p), DD_EINVALID);
	assert_int_equal(p.n, 10);
	for (size_t i = 1; i < p.n; i++)
		assert_true(p.items[i - 1].line < p.items[i].line ||
			    (p.items[i - 1].line == p.items[i].line && p.items[i - 1].column <= p.items[i].column));
	assert_string_equal(p.items[0].field, "currency");
	assert_string_equal(p.items[3].field, "agreement.commitment");
	assert_string_equal(p.items[5].field, "credits[0].ammount");
	assert_string_equal(p.items[6].field, "credits[0].expires");
	assert_string_equal(p.items[9].field, "credits[1].amount");
	/* The last error names the first problem and the count. */
	assert_non_null(strstr(dd_error_last(), "many.yaml:12:11: currency: "));
	assert_non_null(strstr(dd_error_last(), "(10 problems)"));
	dd_book_problems_dispose(&p);
}

static int load_text(const char *text, dd_book **b, dd_book_problems *p)
{
	return dd_book_load_buffer("mem.yaml", text, strlen(text), b, p);
}

/* An incident's start, one form at a time: what the book reads (offsets may
 * stop after their hours) and what it refuses (a date alone), naming the field. */
static int load_incident_start(const char *start, int64_t *out, dd_book_problems *p)
{
	char text[512];
	dd_book *b = NULL;
	snprintf(text, sizeof text,
		 "organization: { payer: '1' }\nincidents:\n  - { id: I, service: S, sla: ec2-region, start: '%s',"
		 " end: '9999-12-31T23:59:59Z' }\n",
		 start);
	int rc = load_text(text, &b, p);
	if (rc == 0) *out = b->incidents[0].start;
	dd_book_free(b);
	return rc;
}

static void test_incident_timestamps(void **state)
{
	static const struct {
		const char *text;
		int64_t want;
	} ok[] = {
		{"2026-10-03T14:05:00Z", 1791036300},      /* date -u -d 2026-10-03T14:05:00Z +%s */
		{"2026-10-03 14:05", 1791036300},          /* no zone: UTC */
		{"2026-10-03T14:05:00.75Z", 1791036300},   /* fraction dropped */
		{"2026-10-03T19:35:00+05:30", 1791036300}, /* 19:35 at +05:30 is 14:05Z */
		{"2026-10-03T19:35+0530", 1791036300},
		{"2026-10-03T19:05+05", 1791036300},       /* offset hours alone */
		{"2026-10-03T19:05+05:", 1791036300},
		{"2026-10-03T09:05-05", 1791036300},
		{"2024-02-29T23:59:60Z", 1709251200},      /* leap second: date -u -d 2024-03-01 +%s */
	};
	dd_book_problems p;
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		int64_t t = 0;
		int rc = load_incident_start(ok[i].text, &t, &p);
		if (rc) print_problems(&p);
		assert_int_equal(rc, 0);
		assert_int_equal(t, ok[i].want);
		dd_book_problems_dispose(&p);
	}
	static const char *bad[] = {"2026-10-03", "2026-10-03T14:05+24:00", "2026-10-03T14:05+05:60",
				    "2026-10-03T14:05+05:3", "2026-10-03T14:05+5", "2026-10-03T24:00Z",
				    "2026-10-03T14:05ZZ", "2026-02-29T00:00Z"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int64_t t;
		assert_int_equal(load_incident_start(bad[i], &t, &p), DD_EINVALID);
		assert_int_equal(p.n, 1);
		assert_string_equal(p.items[0].field, "incidents[0].start");
		assert_non_null(strstr(p.items[0].message, "expected a timestamp YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], got"));
		assert_non_null(strstr(p.items[0].message, bad[i]));
		dd_book_problems_dispose(&p);
	}
}

/* What an SLA claim needs from an incident: resources, the business cost,
 * and for error-rate SLAs a stated average or 5-minute rates, exact. */
static void test_incident_measures(void **state)
{
	dd_book *b;
	dd_book_problems p;
	int rc = load_text("organization: { payer: '1', accounts: [{ id: '2' }] }\n"
			   "incidents:\n"
			   "  - id: S3\n"
			   "    service: AmazonS3\n"
			   "    sla: s3-standard\n"
			   "    resources: [my-bucket, 'arn:aws:s3:::logs']\n"
			   "    cost: 180000.25\n"
			   "    error_rate: 12.5\n"
			   "    start: 2026-10-03T14:05:00Z\n"
			   "    end: 2026-10-03T15:05:00Z\n"
			   "  - { id: L, service: AWSLambda, sla: lambda, intervals: [0, 2.5, 100, '7'], cost: 0,\n"
			   "      start: 2026-10-03T14:05:00Z, end: 2026-10-03T14:25:00Z }\n"
			   "  - { id: CF, service: AmazonCloudFront, sla: cloudfront, resources: [], impact: ~,\n"
			   "      start: 2026-10-03T14:05:00Z, end: 2026-10-03T14:25:00Z }\n"
			   "  - { id: EC2, service: AmazonEC2, sla: ec2-region, resources: [i-1],\n"
			   "      start: 2026-10-03T14:05:00Z, end: 2026-10-03T14:25:00Z }\n",
			   &b, &p);
	if (rc) print_problems(&p);
	assert_int_equal(rc, 0);
	assert_int_equal(b->nincidents, 4);
	const dd_incident *in = &b->incidents[0];
	assert_int_equal(in->nresources, 2);
	assert_string_equal(in->resources[0], "my-bucket");
	assert_string_equal(in->resources[1], "arn:aws:s3:::logs");
	assert_true(in->has_cost);
	assert_amount(in->cost, "180000.25");
	assert_true(in->has_error_rate);
	assert_amount(in->error_rate, "12.5");
	assert_int_equal(in->nintervals, 0);
	assert_null(in->intervals);
	in = &b->incidents[1];
	assert_int_equal(in->sla, DD_SLA_LAMBDA);
	assert_int_equal(in->nresources, 0);
	assert_true(in->has_cost);
	assert_amount(in->cost, "0");
	assert_false(in->has_error_rate);
	assert_int_equal(in->nintervals, 4);
	assert_amount(in->intervals[0], "0");
	assert_amount(in->intervals[1], "2.5");
	assert_amount(in->intervals[2], "100");
	assert_amount(in->intervals[3], "7");
	in = &b->incidents[2];
	assert_int_equal(in->sla, DD_SLA_CLOUDFRONT);
	assert_int_equal(in->nresources, 0); /* [] */
	assert_false(in->has_cost);
	assert_false(in->has_error_rate);
	assert_int_equal(in->nintervals, 0);
	in = &b->incidents[3];
	assert_int_equal(in->nresources, 1);
	assert_string_equal(in->resources[0], "i-1");
	assert_false(in->has_cost);
	dd_book_free(b);

	/* A cost given as nothing is a problem, as for any amount (only text fields may be empty). */
	assert_int_equal(load_text("organization: { payer: '1' }\nincidents:\n  - { id: I, service: S, sla: eks, cost: ~,"
				   " start: 2026-10-03T14:05:00Z, end: 2026-10-03T14:25:00Z }\n",
				   &b, &p),
			 DD_EINVALID);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].field, "incidents[0].cost");
	assert_int_equal(p.items[0].line, 3);
	assert_int_equal(p.items[0].column, 42);
	assert_string_equal(p.items[0].message, "expected an amount, got nothing");
	dd_book_problems_dispose(&p);
}

static void test_return_codes(void **state)
{
	dd_book *b;
	dd_book_problems p;
	assert_int_equal(dd_book_load(BAD "no-such-book.yaml", &b, &p), DD_EIO);
	assert_null(b);
	assert_int_equal(p.n, 1);
	assert_non_null(strstr(p.items[0].message, "cannot read the book"));
	dd_book_problems_dispose(&p);
	assert_int_equal(dd_book_load(BAD "syntax.yaml", &b, &p), DD_EPARSE);
	dd_book_problems_dispose(&p);
	assert_int_equal(dd_book_load(BAD "bad_type.yaml", &b, NULL), DD_EINVALID); /* problems may be NULL */
	assert_null(b);
	assert_int_equal(load_text("organization: [", &b, &p), DD_EPARSE);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].file, "mem.yaml");
	dd_book_problems_dispose(&p);
}

static void test_defaults(void **state)
{
	dd_book *b;
	dd_book_problems p;
	int rc = load_text("organization:\n  payer: 012345678901\n"
			   "credits:\n  - { id: X, type: sla, amount: 1e3, start: 2026-01-31, expires: 2026-02-01 }\n",
			   &b, &p);
	if (rc) print_problems(&p);
	assert_int_equal(rc, 0);
	assert_string_equal(b->currency, "USD");
	assert_string_equal(b->payer, "012345678901");
	assert_true(b->credit_sharing);
	assert_int_equal(b->naccounts, 0);
	assert_false(b->agreement.present);
	assert_int_equal(b->support_plan, DD_SUPPORT_BASIC);
	assert_amount(b->support_discount_percent, "0");
	assert_int_equal(b->nincidents, 0);
	assert_int_equal(b->ncredits, 1);
	const dd_credit *c = &b->credits[0];
	assert_amount(c->amount, "1000"); /* 1e3 */
	assert_string_equal(c->owner, "012345678901");
	assert_true(c->services_all);
	assert_int_equal(c->applies, DD_APPLIES_BEFORE_DISCOUNT);
	assert_int_equal(c->sharing, DD_SHARING_DEFAULT);
	assert_int_equal(c->status, DD_STATUS_ENABLED);
	assert_int_equal(c->after, -1);
	assert_int_equal(dd_book_contract_year(b, DD_MONTH(2026, 1)), -1); /* no agreement */
	dd_book_free(b);

	/* Agreement defaults: net, credits count, no carry, 25 % cap, discount 0, Marketplace undiscounted. */
	rc = load_text("organization: { payer: '1' }\n"
		       "agreement: { id: A, start: 2026-03-15, years: 2, commitment: 100 }\n"
		       "support: { plan: none }\n",
		       &b, &p);
	if (rc) print_problems(&p);
	assert_int_equal(rc, 0);
	const dd_agreement *g = &b->agreement;
	assert_int_equal(g->basis, DD_BASIS_NET);
	assert_true(g->credits_count);
	assert_false(g->carry_forward);
	assert_false(g->discount_marketplace);
	assert_amount(g->marketplace_cap_percent, "25");
	assert_amount(g->commitment[0], "100");
	assert_amount(g->commitment[1], "100");
	assert_amount(g->discount_percent[0], "0");
	assert_amount(g->discount_percent[1], "0");
	assert_int_equal(b->support_plan, DD_SUPPORT_NONE);
	assert_amount(b->support_discount_percent, "0");
	/* Contract years count months from March 2026: 2026-03..2027-02 is year 0, 2027-03..2028-02 year 1. */
	assert_int_equal(dd_book_contract_year(b, DD_MONTH(2026, 2)), -1);
	assert_int_equal(dd_book_contract_year(b, DD_MONTH(2026, 3)), 0);
	assert_int_equal(dd_book_contract_year(b, DD_MONTH(2027, 2)), 0);
	assert_int_equal(dd_book_contract_year(b, DD_MONTH(2027, 3)), 1);
	assert_int_equal(dd_book_contract_year(b, DD_MONTH(2028, 2)), 1);
	assert_int_equal(dd_book_contract_year(b, DD_MONTH(2028, 3)), -1);
	dd_book_free(b);
}

/* A buffer's includes resolve against the directory of its name. */
static void test_buffer_include(void **state)
{
	dd_book *b;
	dd_book_problems p;
	const char *text = "include: credits/2026.yaml\norganization: { payer: '111111111111', "
			   "accounts: [{ id: '012345678901' }] }\n";
	int rc = dd_book_load_buffer(GOOD "virtual.yaml", text, strlen(text), &b, &p);
	if (rc) print_problems(&p);
	assert_int_equal(rc, 0);
	assert_int_equal(b->ncredits, 2);
	assert_string_equal(b->credits[0].id, "POC-1");
	assert_int_equal(b->nincidents, 1);
	dd_book_free(b);
	/* Without the listed account, POC-1's owner is unknown: the problem is in the included file. */
	text = "include: credits/2026.yaml\norganization: { payer: '111111111111' }\n";
	assert_int_equal(dd_book_load_buffer(GOOD "virtual.yaml", text, strlen(text), &b, &p), DD_EINVALID);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].file, GOOD "credits/2026.yaml");
	assert_int_equal(p.items[0].line, 8); /* "    owner: 012345678901" */
	assert_int_equal(p.items[0].column, 12);
	assert_string_equal(p.items[0].field, "credits[0].owner");
	dd_book_problems_dispose(&p);
}

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* 200,000 nested '[' (400 KB) took minutes inside libyaml; the loader stops
 * at the 65th level: the root mapping is level 1, the first '[' (column 10
 * after "credits: ") level 2, so the 64th '[' at column 73 is the 65th. */
static void test_deep_nesting(void **state)
{
	size_t n = 200000, len = 0;
	char *text = malloc(2 * n + 64);
	assert_non_null(text);
	len += (size_t)sprintf(text, "currency: USD\ncredits: ");
	memset(text + len, '[', n);
	memset(text + len + n, ']', n);
	len += 2 * n;
	text[len++] = '\n';
	dd_book *b;
	dd_book_problems p;
	double t0 = now_seconds();
	int rc = dd_book_load_buffer("deep.yaml", text, len, &b, &p);
	double took = now_seconds() - t0;
	free(text);
	assert_int_equal(rc, DD_EPARSE);
	assert_null(b);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.items[0].file, "deep.yaml");
	assert_int_equal(p.items[0].line, 2);
	assert_int_equal(p.items[0].column, 73);
	assert_non_null(strstr(p.items[0].message, "nested more than 64 deep"));
	assert_non_null(strstr(dd_error_last(), "deep.yaml:2:73: "));
	assert_true(took < 2.0);
	dd_book_problems_dispose(&p);
	/* 64 levels (63 '[') still load: the problem is then the list's content. */
	char ok[256];
	snprintf(ok, sizeof ok, "credits: %.*s%.*s\n", 63, "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
		 63, "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
	assert_int_equal(load_text(ok, &b, &p), DD_EINVALID);
	for (size_t i = 0; i < p.n; i++) assert_null(strstr(p.items[i].message, "nested"));
	dd_book_problems_dispose(&p);
}

/* A book in UTF-32, or UTF-16 without a byte order mark, is named as such
 * at 1:1 (libyaml would say "control characters"); UTF-16 with the mark is
 * read, as libyaml reads it. The text is one ASCII line, widened. */
static void test_wide_book(void **state)
{
	static const char ascii[] = "organization: { payer: '1' }\n";
	char buf[256];
	size_t n = strlen(ascii);
	dd_book *b;
	dd_book_problems p;
	/* UTF-16LE with its mark: loads */
	buf[0] = (char)0xff, buf[1] = (char)0xfe;
	for (size_t i = 0; i < n; i++) buf[2 + 2 * i] = ascii[i], buf[3 + 2 * i] = 0;
	int rc = dd_book_load_buffer("w.yaml", buf, 2 + 2 * n, &b, &p);
	if (rc) print_problems(&p);
	assert_int_equal(rc, 0);
	assert_string_equal(b->payer, "1");
	dd_book_free(b);
	/* the same without the mark */
	assert_int_equal(dd_book_load_buffer("w.yaml", buf + 2, 2 * n, &b, &p), DD_EPARSE);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.items[0].line, 1);
	assert_int_equal(p.items[0].column, 1);
	assert_string_equal(p.items[0].message, "this file is UTF-16 (little-endian) text; drawdown reads UTF-8: "
						"convert it first, e.g. with iconv -f UTF-16LE -t UTF-8");
	dd_book_problems_dispose(&p);
	/* UTF-32BE with its mark */
	memcpy(buf, "\0\0\xfe\xff", 4);
	for (size_t i = 0; i < n; i++) memcpy(buf + 4 + 4 * i, "\0\0\0", 3), buf[7 + 4 * i] = ascii[i];
	assert_int_equal(dd_book_load_buffer("w.yaml", buf, 4 + 4 * n, &b, &p), DD_EPARSE);
	assert_int_equal(p.n, 1);
	assert_non_null(strstr(p.items[0].message, "this file is UTF-32 (big-endian) text"));
	dd_book_problems_dispose(&p);
}

static void test_names(void **state)
{
	assert_string_equal(dd_credit_type_name(DD_CREDIT_EDP), "edp");
	assert_string_equal(dd_credit_type_name(DD_CREDIT_PROMOTIONAL), "promotional");
	assert_string_equal(dd_credit_type_name(DD_CREDIT_OTHER), "other");
	assert_string_equal(dd_credit_type_name(DD_CREDIT_TYPE_COUNT), "unknown");
	assert_string_equal(dd_sla_name(DD_SLA_EC2_REGION), "ec2-region");
	assert_string_equal(dd_sla_name(DD_SLA_API_GATEWAY), "api-gateway");
	assert_string_equal(dd_sla_name(DD_SLA_LAMBDA), "lambda");
	assert_string_equal(dd_sla_name(DD_SLA_CLOUDFRONT), "cloudfront");
	assert_string_equal(dd_sla_name(DD_SLA_COUNT), "unknown");
	/* The error-rate SLAs, and the minute-based ones. */
	static const dd_sla rate[] = {DD_SLA_S3_STANDARD, DD_SLA_S3_IA,	     DD_SLA_DYNAMODB,  DD_SLA_DYNAMODB_GLOBAL,
				      DD_SLA_API_GATEWAY, DD_SLA_LAMBDA, DD_SLA_CLOUDFRONT};
	size_t nrate = 0;
	for (int s = 0; s < DD_SLA_COUNT; s++) nrate += dd_sla_error_rate((dd_sla)s);
	assert_int_equal(nrate, sizeof rate / sizeof *rate);
	for (size_t i = 0; i < sizeof rate / sizeof *rate; i++) assert_true(dd_sla_error_rate(rate[i]));
	assert_false(dd_sla_error_rate(DD_SLA_EC2_REGION));
	assert_false(dd_sla_error_rate(DD_SLA_ELB));
	assert_false(dd_sla_error_rate(DD_SLA_COUNT));
	dd_book_free(NULL);
	dd_book_problems_dispose(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_terms),	cmocka_unit_test(test_full_credits),
		cmocka_unit_test(test_full_incidents),	cmocka_unit_test(test_bad_books),
		cmocka_unit_test(test_many_sorted),	cmocka_unit_test(test_return_codes),
		cmocka_unit_test(test_defaults),	cmocka_unit_test(test_buffer_include),
		cmocka_unit_test(test_names),		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_wide_book),	cmocka_unit_test(test_incident_timestamps),
		cmocka_unit_test(test_incident_measures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
