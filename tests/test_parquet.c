/* test_parquet.c: the Parquet reader against hand-made files (written by the
 * independent tests/data/parquet/gen.py), hostile bytes, and AWS's real
 * wa-labs 2018 CUR Parquet files checked against their CSV.gz conversion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

#include <cmocka.h>
#include <pthread.h>
#include <zlib.h>

#include "drawdown.h"
#include "parquet.h"
#include "parquet_int.h"

/* ---- helpers -------------------------------------------------------------- */

static char *data_path(const char *rel)
{
	const char *root = getenv("DD_SOURCE_DIR");
	char *p;
	if (asprintf(&p, "%s/tests/data/parquet/%s", root ? root : ".", rel) < 0) abort();
	return p;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *b = malloc((size_t)n + 1);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

static dd__pq_file *open_data(const char *rel)
{
	char *p = data_path(rel);
	dd__pq_file *f = NULL;
	if (dd__pq_open(p, &f)) fail_msg("open %s: %s", p, dd_error_last());
	free(p);
	return f;
}

/* Column `name` of row group rg must read as `want` (NULL = a NULL value). */
static void check_col(dd__pq_file *f, size_t rg, const char *name, const char *const *want, size_t n)
{
	long c = dd__pq_find_column(f, name);
	if (c < 0) fail_msg("no column %s", name);
	dd__pq_column col = {0};
	if (dd__pq_read_column(f, rg, (size_t)c, &col)) fail_msg("%s: %s", name, dd_error_last());
	assert_int_equal(col.n, n);
	for (size_t i = 0; i < n; i++) {
		if (!want[i]) {
			if (!col.isnull[i]) fail_msg("%s[%zu]: want NULL, got '%.*s'", name, i, (int)col.vals[i].len, col.vals[i].p);
			assert_int_equal(col.vals[i].len, 0);
			continue;
		}
		if (col.isnull[i]) fail_msg("%s[%zu]: want '%s', got NULL", name, i, want[i]);
		if (col.vals[i].len != strlen(want[i]) || memcmp(col.vals[i].p, want[i], col.vals[i].len) != 0)
			fail_msg("%s[%zu]: want '%s', got '%.*s'", name, i, want[i], (int)col.vals[i].len, col.vals[i].p);
	}
	dd__pq_column_free(&col);
}

#define CHECK(f, rg, name, ...)                                                                  \
	do {                                                                                     \
		const char *const w_[] = {__VA_ARGS__};                                          \
		check_col(f, rg, name, w_, sizeof w_ / sizeof *w_);                              \
	} while (0)

/* ---- float text --------------------------------------------------------------- */

static void dbl(double d, const char *want)
{
	char buf[64];
	dd__pq_double_text(d, buf);
	assert_string_equal(buf, want);
}

static void test_double_text(void **state)
{
	(void)state;
	dbl(0.1, "0.1");                 /* shortest round trip is "0.1" */
	dbl(22.32, "22.32");
	dbl(1e-7, "0.0000001");          /* no exponent */
	dbl(-2.5, "-2.5");
	dbl(0.0, "0");
	dbl(-0.0, "0");                  /* never "-0" */
	dbl(1.0 / 3, "0.333333333333");  /* 0.3333333333333333: 16 digits, cut at 12, next digit 3 -> down */
	dbl(2.0 / 3, "0.666666666667");  /* 0.6666666666666666: next digit 6 -> up */
	dbl(0.1 + 0.2, "0.3");           /* 0.30000000000000004: 12 digits are 0.300000000000 */
	dbl(1.2345678901234568e17, "123456789012345680");
	dbl(1e21, "1000000000000000000000");
	dbl(1e31, "1E+31");              /* beyond 30 integer digits: exponent form (dd_money_parse reads it) */
	dbl(1e-13, "0");                 /* below half of 10^-12 */
	dbl(5e-13, "0");                 /* exactly half: round to even (0) */
	dbl(6e-13, "0.000000000001");
	dbl(-1.5e-12, "-0.000000000002"); /* digits 15 at 10^-12: half, 1 is odd -> 2 */
	dbl(2.5e-12, "0.000000000002");  /* half, 2 is even -> stays */
	dbl(0.9999999999999999, "1");    /* rounds up through every 9 */
	dbl(1.0 / 0.0, "Infinity");
	dbl(0.0 / 0.0, "NaN");
	char buf[64];
	dd__pq_float_text(0.1f, buf);        /* float 0.1 is 0.100000001490116...; shortest float text "0.1" */
	assert_string_equal(buf, "0.1");
	dd__pq_float_text(16777216.0f, buf);
	assert_string_equal(buf, "16777216");
}

/* Random decimals j / 10^k: the text must be what printf("%.*f") gives at
 * the fewest decimals that read back exactly (an independent search with
 * printf + strtod), for the fast exact path and the printf fallback alike. */
static void test_double_text_random(void **state)
{
	(void)state;
	uint64_t r = 88172645463325252ull;
	char got[64], want[64];
	for (int n = 0; n < 200000; n++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		int k = (int)(r % 13), mag = (int)((r >> 8) % 17);
		uint64_t lim = 1;
		for (int i = 0; i < mag; i++) lim *= 10;
		double x = (double)((r >> 20) % (lim + 1)) / pow(10, k) * ((r >> 63) ? -1 : 1);
		dd__pq_double_text(x, got);
		int kk = 0;
		for (; kk <= 12; kk++) {
			snprintf(want, sizeof want, "%.*f", kk, x);
			if (strtod(want, NULL) == x) break;
		}
		if (kk > 12) continue; /* more than 12 decimals: rounded, checked by hand above */
		if (strcmp(want, "-0") == 0) strcpy(want, "0");
		if (strcmp(got, want) != 0 && (strlen(got) != strlen(want) || strtod(got, NULL) != x))
			fail_msg("%.17g: got %s, want %s", x, got, want);
	}
}

/* ---- hand-made files (tests/data/parquet/gen.py) ------------------------------- */

static void test_v1_gzip(void **state)
{
	(void)state;
	dd__pq_file *f = open_data("types_v1_gzip.parquet");
	assert_int_equal(dd__pq_num_rows(f), 5);
	assert_int_equal(dd__pq_num_columns(f), 8);
	assert_int_equal(dd__pq_num_row_groups(f), 1);
	CHECK(f, 0, "id", "1", "2", "3", "4", "5");
	CHECK(f, 0, "name", "a", NULL, "bb", "a", NULL); /* dictionary page + RLE_DICTIONARY, optional */
	CHECK(f, 0, "cost", "0.1", "0.0000001", NULL, "-2.5", "123456.789");
	/* DATE: 17805 = 48*365 + 12 leap days (1972..2016) + 273 (Jan..Sep 2018);
	 * 11016 = 10957 (2000-01-01) + 59; 19782 = 19723 (2024-01-01) + 59. */
	CHECK(f, 0, "day", "1970-01-01", "2018-10-01", "1969-12-31", "2000-02-29", "2024-02-29");
	/* TIMESTAMP(MICROS, UTC): 1538352000 s = 17805 * 86400; -1 us is just before the epoch. */
	CHECK(f, 0, "ts", "1970-01-01T00:00:00Z", "2018-10-01T00:00:00Z", "2018-10-01T00:00:00.123Z",
	      "1969-12-31T23:59:59.999999Z", "2018-10-01T00:00:00.000001Z");
	CHECK(f, 0, "dec", "123.45", "-0.05", "0.00", "1.00", "-123.45"); /* DECIMAL(9,2) on INT32 */
	CHECK(f, 0, "flag", "true", "false", "true", "true", "false");
	CHECK(f, 0, "tsm", NULL, "2018-10-01T00:00:00Z", NULL, "2018-10-01T00:00:00.500Z", NULL); /* TIMESTAMP_MILLIS */
	dd__pq_close(f);
}

static void test_v2_zstd(void **state)
{
	(void)state;
	dd__pq_file *f = open_data("v2_zstd.parquet");
	assert_int_equal(dd__pq_num_rows(f), 6);
	assert_int_equal(dd__pq_num_row_groups(f), 2);
	assert_int_equal(dd__pq_row_group_rows(f, 0), 4);
	assert_int_equal(dd__pq_row_group_rows(f, 1), 2);
	assert_int_equal(dd__pq_num_columns(f), 11);
	long st = dd__pq_find_column(f, "st.x"), tags = dd__pq_find_column(f, "tags.list.element");
	assert_true(st >= 0 && dd__pq_column_supported(f, (size_t)st));
	assert_true(tags >= 0 && !dd__pq_column_supported(f, (size_t)tags));
	dd__pq_column col = {0};
	assert_int_equal(dd__pq_read_column(f, 0, (size_t)tags, &col), DD_EFORMAT);
	dd__pq_column_free(&col);

	/* DELTA_LENGTH_BYTE_ARRAY, optional: leading zeros are text, kept. */
	CHECK(f, 0, "account", "012345678901", NULL, "000000000042", "012345678901");
	CHECK(f, 1, "account", NULL, "999999999999");
	/* DELTA_BINARY_PACKED over two pages; extremes of int64. */
	CHECK(f, 0, "n", "5", "7", "-3", "1000000000000");
	CHECK(f, 1, "n", "-9223372036854775807", "9223372036854775807");
	CHECK(f, 0, "s", "apple", "applesauce", "apply", ""); /* DELTA_BYTE_ARRAY, prefixes 0,5,4,0 */
	CHECK(f, 1, "s", "banana", "band");
	/* BYTE_STREAM_SPLIT floats: shortest float text; FLT_MAX 3.40282347e38 -> "3.4028235E+38";
	 * the smallest denormal 1.4e-45 is far below 10^-12 -> "0". */
	CHECK(f, 0, "f", "1.5", "0.1", "-3.25", "16777216");
	CHECK(f, 1, "f", "3.4028235E+38", "0");
	/* INT96: (nanos of day, Julian day). 2458393 - 2440588 = 17805 -> 2018-10-01;
	 * 43200 s + 1 ms = 12:00:00.001; Julian 2451545 = 2000-01-01. */
	CHECK(f, 0, "i96", "1970-01-01T00:00:00Z", NULL, "2018-10-01T12:00:00.001Z", "1969-12-31T23:59:59.999999999Z");
	CHECK(f, 1, "i96", NULL, "2000-01-01T00:00:00.123Z");
	/* DECIMAL(38,10) in 16 bytes, big-endian two's complement. */
	CHECK(f, 0, "dec", "1234567890.1234567890", "-0.0000000001", "0.0000000000", "1000000000000000000.0000000000");
	CHECK(f, 1, "dec", "-1000000000000000000000000000.0000000000", "0.0000000005");
	/* DECIMAL(20,4) in minimal BYTE_ARRAYs; 2^70 = 1180591620717411303424. */
	CHECK(f, 0, "bdec", "1.2345", NULL, "-0.0001", "0.0000");
	CHECK(f, 1, "bdec", "118059162071741130.3424", NULL);
	CHECK(f, 0, "b", "true", "true", "false", "true"); /* RLE booleans */
	CHECK(f, 1, "b", "false", "false");
	/* optional group st { optional int32 x }: def 2 = value, 1 = x null, 0 = st null. */
	CHECK(f, 0, "st.x", "7", NULL, NULL, "-7");
	CHECK(f, 1, "st.x", "0", NULL);
	/* TIMESTAMP(NANOS, not adjusted to UTC): no 'Z'. */
	CHECK(f, 0, "tsn", "1970-01-01T00:00:00", "1970-01-01T00:00:00.000000001", "1970-01-01T00:00:00.999999999",
	      "1969-12-31T23:59:59");
	CHECK(f, 1, "tsn", "1970-01-02T00:00:00", "2018-10-01T00:00:00.123456789");
	dd__pq_close(f);
}

static void test_snappy_pages(void **state)
{
	(void)state;
	dd__pq_file *f = open_data("snappy_pages.parquet");
	dd__pq_column k = {0}, v = {0};
	assert_int_equal(dd__pq_read_column(f, 0, 0, &k), 0);
	assert_int_equal(dd__pq_read_column(f, 0, 1, &v), 0);
	assert_int_equal(k.n, 300);
	assert_int_equal(v.n, 300);
	size_t nulls = 0;
	dd_money sum = dd_money_zero();
	char want[16];
	for (size_t i = 0; i < 300; i++) {
		snprintf(want, sizeof want, "k%zu", i % 7);
		assert_int_equal(k.vals[i].len, strlen(want));
		assert_memory_equal(k.vals[i].p, want, strlen(want));
		assert_int_equal(v.isnull[i], i % 5 == 0);
		if (v.isnull[i]) { nulls++; continue; }
		dd_money m;
		assert_int_equal(dd_money_parse(v.vals[i].p, v.vals[i].len, &m, NULL), 0);
		sum = dd_money_add(sum, m);
	}
	/* nulls: i % 5 == 0 for 60 of 300 rows; sum = 1000 * (sum 0..299 - 5 * sum 0..59)
	 * = 1000 * (44850 - 8850) = 36000000 */
	assert_int_equal(nulls, 60);
	char buf[DD_MONEY_STRMAX];
	assert_string_equal(dd_money_format(sum, buf), "36000000");
	/* Reusing a column for a different chunk replaces its views. */
	assert_int_equal(dd__pq_read_column(f, 0, 1, &k), 0);
	assert_true(k.isnull[0]);
	assert_memory_equal(k.vals[299].p, "299000", 6);
	dd__pq_column_free(&k);
	dd__pq_column_free(&v);
	dd__pq_column_free(&v); /* twice is fine: free zeroes it */
	dd__pq_close(f);
}

/* ---- hostile input ------------------------------------------------------------- */

static int open_and_read_all(const uint8_t *b, size_t n)
{
	dd__pq_file *f;
	int rc = dd__pq_open_buffer("bad.parquet", b, n, &f);
	if (rc) {
		assert_true(rc < 0);
		assert_true(strlen(dd_error_last()) > 0);
		assert_non_null(strstr(dd_error_last(), "bad.parquet"));
		return rc;
	}
	dd__pq_column col = {0};
	for (size_t g = 0; g < dd__pq_num_row_groups(f); g++)
		for (size_t c = 0; c < dd__pq_num_columns(f); c++) {
			int r = dd__pq_read_column(f, g, c, &col);
			if (r) { assert_true(r < 0); assert_int_equal(col.n, 0); }
			else assert_true(col.n == dd__pq_row_group_rows(f, g));
		}
	dd__pq_column_free(&col);
	dd__pq_close(f);
	return 0;
}

static void test_bad_headers(void **state)
{
	(void)state;
	size_t n;
	char *p = data_path("types_v1_gzip.parquet");
	uint8_t *b = slurp(p, &n);
	free(p);
	assert_int_equal(open_and_read_all(b, n), 0);
	assert_int_equal(open_and_read_all((const uint8_t *)"", 0), DD_EFORMAT);
	assert_int_equal(open_and_read_all((const uint8_t *)"PAR1PAR1", 8), DD_EFORMAT);
	assert_int_equal(open_and_read_all(b, n - 1), DD_EFORMAT); /* truncated: no end magic */
	uint8_t *c = malloc(n);
	memcpy(c, b, n);
	c[0] = 'X';
	assert_int_equal(open_and_read_all(c, n), DD_EFORMAT);
	memcpy(c, b, n);
	c[n - 8] = 0xff, c[n - 7] = 0xff, c[n - 6] = 0xff, c[n - 5] = 0x7f; /* footer length 2^31-1 */
	assert_int_equal(open_and_read_all(c, n), DD_EPARSE);
	memcpy(c, b, n);
	c[n - 8] = 0, c[n - 7] = 0, c[n - 6] = 0, c[n - 5] = 0;
	assert_int_equal(open_and_read_all(c, n), DD_EPARSE);
	dd__pq_file *f;
	assert_int_equal(dd__pq_open("/nonexistent/x.parquet", &f), DD_EIO);
	assert_null(f);
	free(c);
	free(b);
}

/* Every single-byte change of each small file, three ways: errors, never a
 * crash (the sanitizer build turns any bad access into a failure). */
static void test_byte_flips(void **state)
{
	(void)state;
	const char *files[] = {"types_v1_gzip.parquet", "v2_zstd.parquet", "snappy_pages.parquet"};
	const uint8_t repl[] = {0x00, 0xff, 0x7f};
	for (size_t k = 0; k < 3; k++) {
		size_t n;
		char *p = data_path(files[k]);
		uint8_t *b = slurp(p, &n);
		free(p);
		uint8_t *c = malloc(n);
		for (size_t i = 0; i < n; i++)
			for (size_t r = 0; r < sizeof repl; r++) {
				memcpy(c, b, n);
				c[i] ^= repl[r] ? repl[r] : 0x01;
				(void)open_and_read_all(c, n);
			}
		/* and every truncation that keeps a valid-looking end */
		for (size_t cut = 1; cut + 12 < n; cut += 7) {
			memcpy(c, b, n);
			memmove(c + cut, c + cut + 1, n - cut - 1);
			(void)open_and_read_all(c, n - 1);
		}
		free(c);
		free(b);
	}
}

/* ---- real AWS files: wa-labs 2018 CUR Parquet vs its CSV.gz conversion ---------- */

static char *shared(const char *rel)
{
	const char *d = getenv("DD_SHARED_DATA");
	char *p;
	if (asprintf(&p, "%s/cur/wa-labs-2018/%s", d ? d : "../shared/data", rel) < 0) abort();
	FILE *f = fopen(p, "rb");
	if (!f) { free(p); return NULL; }
	fclose(f);
	return p;
}

/* Split one CSV line (no embedded newlines in these files) into fields,
 * unquoting in place. Returns the field count. */
static size_t csv_split(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line;
	for (;;) {
		char *out = p, *start = p;
		if (*p == '"') {
			p++;
			for (;;) {
				if (*p == '"' && p[1] == '"') { *out++ = '"'; p += 2; }
				else if (*p == '"') { p++; break; }
				else if (!*p) break;
				else *out++ = *p++;
			}
		}
		while (*p && *p != ',' && *p != '\n' && *p != '\r') *out++ = *p++;
		char sep = *p;
		*out = '\0';
		if (n < max) fields[n++] = start;
		if (sep != ',') break;
		p++;
	}
	return n;
}

#define MAXF 256
#define LINE (1 << 16)

static void test_wa_labs_counts(void **state)
{
	(void)state;
	const char *months[] = {"Oct", "Nov", "Dec"};
	const uint64_t rows[] = {119307, 124340, 91264}; /* data README */
	for (int m = 0; m < 3; m++) {
		char name[64];
		snprintf(name, sizeof name, "%s2018-WorkshopCUR-00001.snappy.parquet", months[m]);
		char *pq = shared(name);
		snprintf(name, sizeof name, "%s2018-WorkshopCUR.csv.gz", months[m]);
		char *csv = shared(name);
		if (!pq || !csv) { printf("skipped: wa-labs-2018 files not found under DD_SHARED_DATA\n"); free(pq); free(csv); return; }
		dd__pq_file *f;
		if (dd__pq_open(pq, &f)) fail_msg("%s", dd_error_last());
		assert_int_equal(dd__pq_num_rows(f), rows[m]);
		/* The CSV header lists the same columns in the same order. */
		gzFile gz = gzopen(csv, "rb");
		char *line = malloc(LINE), *fields[MAXF];
		assert_non_null(gzgets(gz, line, LINE));
		size_t nf = csv_split(line, fields, MAXF);
		assert_int_equal(dd__pq_num_columns(f), nf);
		for (size_t i = 0; i < nf; i++) assert_string_equal(dd__pq_column_name(f, i), fields[i]);
		gzclose(gz);
		free(line);
		dd__pq_close(f);
		free(pq);
		free(csv);
	}
}

static dd__pq_column read_named(dd__pq_file *f, const char *name)
{
	dd__pq_column c = {0};
	long i = dd__pq_find_column(f, name);
	if (i < 0 || dd__pq_read_column(f, 0, (size_t)i, &c)) fail_msg("%s: %s", name, dd_error_last());
	return c;
}

static dd_money money_of(dd_str s)
{
	dd_money m;
	if (dd_money_parse(s.p, s.len, &m, NULL)) fail_msg("bad amount '%.*s': %s", (int)s.len, s.p, dd_error_last());
	return m;
}

static bool str_is(dd_str s, const char *t) { return s.len == strlen(t) && memcmp(s.p, t, s.len) == 0; }

/* The CSV converter always printed milliseconds ("...00.000Z"); the reader
 * prints fractions only when non-zero. Compare after dropping ".000". */
static void compare_ts(dd_str got, const char *csv, size_t row)
{
	char want[64];
	snprintf(want, sizeof want, "%s", csv);
	size_t n = strlen(want);
	if (n > 5 && strcmp(want + n - 5, ".000Z") == 0) strcpy(want + n - 5, "Z");
	if (!str_is(got, want)) fail_msg("row %zu: timestamp '%.*s' vs CSV '%s'", row, (int)got.len, got.p, csv);
}

/* Row by row against the CSV.gz of the same month: every cost equal as an
 * exact amount, every line item type equal; account ids (leading zeros kept),
 * usage start and product code equal for the first 1000 rows. */
static void compare_with_csv(dd__pq_file *f, const char *csv)
{
	dd__pq_column cost = read_named(f, "line_item_unblended_cost"), type = read_named(f, "line_item_line_item_type"),
		     acct = read_named(f, "line_item_usage_account_id"), payer = read_named(f, "bill_payer_account_id"),
		     start = read_named(f, "line_item_usage_start_date"), prod = read_named(f, "line_item_product_code");
	gzFile gz = gzopen(csv, "rb");
	char *line = malloc(LINE), *fl[MAXF];
	assert_non_null(gzgets(gz, line, LINE));
	size_t nf = csv_split(line, fl, MAXF);
	long ci[6] = {-1, -1, -1, -1, -1, -1};
	const char *names[6] = {"line_item_unblended_cost", "line_item_usage_account_id", "bill_payer_account_id",
				"line_item_usage_start_date", "line_item_product_code", "line_item_line_item_type"};
	for (size_t i = 0; i < nf; i++)
		for (int k = 0; k < 6; k++)
			if (strcmp(fl[i], names[k]) == 0) ci[k] = (long)i;
	for (int k = 0; k < 6; k++) assert_true(ci[k] >= 0);
	size_t row = 0;
	while (gzgets(gz, line, LINE)) {
		assert_true(row < cost.n);
		nf = csv_split(line, fl, MAXF);
		assert_true(nf > (size_t)ci[0]);
		dd_money want;
		assert_int_equal(dd_money_parse(fl[ci[0]], strlen(fl[ci[0]]), &want, NULL), 0);
		if (dd_money_cmp(want, money_of(cost.vals[row])) != 0)
			fail_msg("%s row %zu: cost '%.*s' vs CSV '%s'", csv, row, (int)cost.vals[row].len, cost.vals[row].p, fl[ci[0]]);
		if (!str_is(type.vals[row], fl[ci[5]])) fail_msg("%s row %zu: type differs", csv, row);
		if (row < 1000) {
			if (!str_is(acct.vals[row], fl[ci[1]]) || !str_is(payer.vals[row], fl[ci[2]]))
				fail_msg("row %zu: account '%.*s' vs CSV '%s'", row, (int)acct.vals[row].len, acct.vals[row].p, fl[ci[1]]);
			compare_ts(start.vals[row], fl[ci[3]], row);
			if (!str_is(prod.vals[row], fl[ci[4]])) fail_msg("row %zu: product code differs", row);
		}
		row++;
	}
	assert_int_equal(row, cost.n);
	gzclose(gz);
	free(line);
	dd__pq_column cols[] = {cost, type, acct, payer, start, prod};
	for (size_t i = 0; i < 6; i++) dd__pq_column_free(&cols[i]);
}

static void test_wa_labs_october(void **state)
{
	(void)state;
	char *pq = shared("Oct2018-WorkshopCUR-00001.snappy.parquet"), *csv = shared("Oct2018-WorkshopCUR.csv.gz");
	if (!pq || !csv) { printf("skipped: wa-labs-2018 files not found under DD_SHARED_DATA\n"); free(pq); free(csv); return; }
	dd__pq_file *f;
	if (dd__pq_open(pq, &f)) fail_msg("%s", dd_error_last());

	/* Timing: open + the three columns an importer needs for totals. */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	dd__pq_file *g;
	assert_int_equal(dd__pq_open(pq, &g), 0);
	dd__pq_column tc = read_named(g, "line_item_unblended_cost"), tt = read_named(g, "line_item_line_item_type"),
		     ta = read_named(g, "line_item_usage_account_id");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("wa-labs Oct: open + read cost/type/account (%zu rows): %.1f ms\n", tc.n,
	       ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e6);
	dd__pq_column_free(&tc);
	dd__pq_column_free(&tt);
	dd__pq_column_free(&ta);
	dd__pq_close(g);

	dd__pq_column cost = read_named(f, "line_item_unblended_cost"), type = read_named(f, "line_item_line_item_type");
	assert_int_equal(cost.n, 119307);
	/* Independent sums, Python decimal over the CSV.gz (not this reader):
	 *   python3 -c "import csv,gzip,decimal,collections
	 *   r=csv.reader(gzip.open('Oct2018-WorkshopCUR.csv.gz','rt',newline=''))
	 *   h=next(r); c=h.index('line_item_unblended_cost'); t=h.index('line_item_line_item_type')
	 *   s=collections.defaultdict(decimal.Decimal)
	 *   for row in r: s[row[t]]+=decimal.Decimal(row[c])
	 *   print(sum(s.values()), dict(s))"
	 * -> 4064.4831315379 {RIFee: 149.775379, Usage: 3914.7077525379, DiscountedUsage: 0} */
	dd_money total = dd_money_zero(), usage = dd_money_zero(), rifee = dd_money_zero(), disc = dd_money_zero();
	for (size_t i = 0; i < cost.n; i++) {
		assert_false(cost.isnull[i]);
		dd_money m = money_of(cost.vals[i]);
		total = dd_money_add(total, m);
		if (str_is(type.vals[i], "Usage")) usage = dd_money_add(usage, m);
		else if (str_is(type.vals[i], "RIFee")) rifee = dd_money_add(rifee, m);
		else if (str_is(type.vals[i], "DiscountedUsage")) disc = dd_money_add(disc, m);
		else fail_msg("row %zu: unexpected line item type '%.*s'", i, (int)type.vals[i].len, type.vals[i].p);
	}
	char buf[DD_MONEY_STRMAX];
	assert_string_equal(dd_money_format(total, buf), "4064.4831315379");
	assert_string_equal(dd_money_format(usage, buf), "3914.7077525379");
	assert_string_equal(dd_money_format(rifee, buf), "149.775379");
	assert_string_equal(dd_money_format(disc, buf), "0");
	dd__pq_column_free(&cost);
	dd__pq_column_free(&type);
	compare_with_csv(f, csv);
	dd__pq_close(f);
	free(pq);
	free(csv);
}

static void test_wa_labs_nov_dec(void **state)
{
	(void)state;
	const char *months[] = {"Nov", "Dec"};
	for (int m = 0; m < 2; m++) {
		char name[64];
		snprintf(name, sizeof name, "%s2018-WorkshopCUR-00001.snappy.parquet", months[m]);
		char *pq = shared(name);
		snprintf(name, sizeof name, "%s2018-WorkshopCUR.csv.gz", months[m]);
		char *csv = shared(name);
		if (!pq || !csv) { printf("skipped: wa-labs-2018 files not found\n"); free(pq); free(csv); return; }
		dd__pq_file *f;
		if (dd__pq_open(pq, &f)) fail_msg("%s", dd_error_last());
		compare_with_csv(f, csv);
		dd__pq_close(f);
		free(pq);
		free(csv);
	}
}

/* One handle, two threads, different columns at once (the ingest's use):
 * each must see exactly what a lone read sees. */
typedef struct {
	dd__pq_file *f;
	size_t first;
	int rc;
	size_t bytes;
} thread_job;

static void *read_half(void *arg)
{
	thread_job *j = arg;
	dd__pq_column c = {0};
	for (size_t i = j->first; i < dd__pq_num_columns(j->f) && !j->rc; i += 2) {
		j->rc = dd__pq_read_column(j->f, 0, i, &c);
		for (size_t k = 0; k < c.n; k++) j->bytes += c.vals[k].len;
	}
	dd__pq_column_free(&c);
	return NULL;
}

static void test_two_threads(void **state)
{
	(void)state;
	char *pq = shared("Oct2018-WorkshopCUR-00001.snappy.parquet");
	if (!pq) { printf("skipped: wa-labs-2018 files not found\n"); return; }
	dd__pq_file *f;
	assert_int_equal(dd__pq_open(pq, &f), 0);
	thread_job a = {f, 0, 0, 0}, b = {f, 1, 0, 0}, a1 = a, b1 = b;
	read_half(&a1);
	read_half(&b1);
	pthread_t ta, tb;
	assert_int_equal(pthread_create(&ta, NULL, read_half, &a), 0);
	assert_int_equal(pthread_create(&tb, NULL, read_half, &b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	assert_int_equal(a.rc, 0);
	assert_int_equal(b.rc, 0);
	assert_int_equal(a.bytes, a1.bytes);
	assert_int_equal(b.bytes, b1.bytes);
	dd__pq_close(f);
	free(pq);
}

/* RssFile of /proc/self/status, in KiB: the mapped file pages resident. */
static long rss_file_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "RssFile: %ld", &v) == 1) break;
	if (f) fclose(f);
	return v;
}

static uint64_t fnv_column(const dd__pq_column *c)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < c->n; i++) {
		for (size_t k = 0; k < c->vals[i].len; k++) h = (h ^ (uint8_t)c->vals[i].p[k]) * 1099511628211ull;
		h = (h ^ (uint64_t)(c->isnull[i] + 256)) * 1099511628211ull;
	}
	return h;
}

/* Releasing a row group drops its mapped pages from the resident set, and
 * the views already handed out, and every later read, give the same bytes. */
static void test_release_row_group(void **state)
{
	(void)state;
	char *pq = shared("Oct2018-WorkshopCUR-00001.snappy.parquet");
	if (!pq) { printf("skipped: wa-labs-2018 files not found\n"); return; }
	dd__pq_file *f;
	assert_int_equal(dd__pq_open(pq, &f), 0);
	size_t nc = dd__pq_num_columns(f), ng = dd__pq_num_row_groups(f);
	dd__pq_column *cols = calloc(nc, sizeof *cols);
	uint64_t *h = calloc(nc, sizeof *h);
	long before = rss_file_kib();
	for (size_t rg = 0; rg < ng; rg++)
		for (size_t c = 0; c < nc; c++) {
			if (!dd__pq_column_supported(f, c)) continue;
			assert_int_equal(dd__pq_read_column(f, rg, c, &cols[c]), 0);
			h[c] = (h[c] * 31) ^ fnv_column(&cols[c]);
		}
	long touched = rss_file_kib();
	for (size_t rg = 0; rg < ng; rg++) dd__pq_release_row_group(f, rg);
	long released = rss_file_kib();
	/* the 1.5 MB file was read whole, then given back (whole pages at
	 * either end may stay: at most one page per end per group) */
	if (before >= 0) {
		assert_true(touched - before >= 1000);
		assert_true(released < touched - 1000);
	}
	/* the last group's views are still readable and unchanged */
	for (size_t c = 0; c < nc; c++) {
		if (!dd__pq_column_supported(f, c)) continue;
		uint64_t again = 0;
		for (size_t rg = 0; rg < ng; rg++) {
			if (rg + 1 == ng) again = (again * 31) ^ fnv_column(&cols[c]); /* old views */
			else {
				dd__pq_column tmp = {0};
				assert_int_equal(dd__pq_read_column(f, rg, c, &tmp), 0);
				again = (again * 31) ^ fnv_column(&tmp);
				dd__pq_column_free(&tmp);
			}
		}
		assert_true(again == h[c]);
		dd__pq_column_free(&cols[c]);
	}
	free(cols);
	free(h);
	dd__pq_close(f);
	free(pq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_double_text),
		cmocka_unit_test(test_double_text_random),
		cmocka_unit_test(test_v1_gzip),
		cmocka_unit_test(test_v2_zstd),
		cmocka_unit_test(test_snappy_pages),
		cmocka_unit_test(test_bad_headers),
		cmocka_unit_test(test_byte_flips),
		cmocka_unit_test(test_wa_labs_counts),
		cmocka_unit_test(test_wa_labs_october),
		cmocka_unit_test(test_wa_labs_nov_dec),
		cmocka_unit_test(test_two_threads),
		cmocka_unit_test(test_release_row_group),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
