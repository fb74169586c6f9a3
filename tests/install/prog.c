/* prog.c: a program of someone else's, built by tests/cli/install.sh
 * against an installed drawdown with nothing but
 * `pkg-config --cflags --libs drawdown` (shared, then --static): money,
 * dates and the version, then a book, an import into a store at argv[1]
 * and a month's bill, so the static link needs every library drawdown.pc
 * names (yaml, sqlite3, the readers' zlib, ...). It prints what it got;
 * the script compares that with figures worked out by hand. */
#include <drawdown.h>
#include <stdio.h>
#include <string.h>

static const char book_text[] =
	"currency: USD\n"
	"organization:\n"
	"  payer: \"111111111111\"\n"
	"  accounts:\n"
	"    - { id: \"111111111111\", name: management }\n"
	"agreement:\n"
	"  id: EDP-TEST\n"
	"  start: 2026-01-01\n"
	"  years: 1\n"
	"  commitment: 0\n"
	"  discount_percent: 5\n"
	"credits:\n"
	"  - { id: PROMO, type: promotional, amount: 10, start: 2026-01-01, expires: 2026-12-31 }\n";

static const char charges_csv[] =
	"billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount\n"
	"2026-01,111111111111,111111111111,AmazonEC2,Usage,AWS,100.00\n"
	"2026-01,111111111111,111111111111,AmazonEC2,Tax,AWS,8.25\n";

static int fail(const char *what, int rc)
{
	fprintf(stderr, "prog: %s: %s (%s)\n", what, dd_error_last(), dd_strerror(rc));
	return 1;
}

/* Import the charges into the store at path, then print January's bill. */
static int bill(const char *path)
{
	dd_book *book = NULL;
	dd_book_problems problems = {0};
	dd_agg *agg = NULL;
	dd_store *store = NULL;
	dd_run run = {0};
	char a[DD_MONEY_STRMAX], b[DD_MONEY_STRMAX], c[DD_MONEY_STRMAX], d[DD_MONEY_STRMAX], e[DD_MONEY_STRMAX];
	int rc, ret = 1;
	dd_ingest_options opt = {.format = DD_FORMAT_AUTO, .threads = 1};

	if ((rc = dd_book_load_buffer("book.yaml", book_text, strlen(book_text), &book, &problems))) {
		for (size_t i = 0; i < problems.n; i++)
			fprintf(stderr, "prog: %s:%d:%d: %s\n", problems.items[i].file, problems.items[i].line,
				problems.items[i].column, problems.items[i].message);
		ret = fail("book", rc);
		goto out;
	}
	if ((rc = dd_agg_new(&agg))) { ret = fail("agg", rc); goto out; }
	if ((rc = dd_ingest_buffer("charges.csv", charges_csv, strlen(charges_csv), &opt, agg, NULL))) {
		ret = fail("ingest", rc);
		goto out;
	}
	if ((rc = dd_store_open(path, &store))) { ret = fail("store", rc); goto out; }
	if ((rc = dd_store_replace(store, agg, "charges.csv", NULL))) { ret = fail("replace", rc); goto out; }
	if ((rc = dd_run_to(book, store, DD_MONTH(2026, 1), &run))) { ret = fail("run", rc); goto out; }
	printf("bill gross %s credits %s discount %s tax %s payable %s\n",
	       dd_money_format(run.bill.gross, a), dd_money_format(run.bill.credits_before_discount, b),
	       dd_money_format(run.bill.discount, c), dd_money_format(run.bill.tax, d),
	       dd_money_format(run.bill.payable, e));
	ret = 0;
out:
	dd_run_dispose(&run);
	dd_store_close(store);
	dd_agg_free(agg);
	dd_book_problems_dispose(&problems);
	dd_book_free(book);
	return ret;
}

int main(int argc, char **argv)
{
	dd_money x, y, sum, big;
	char s[DD_MONEY_STRMAX], f[DD_MONEY_STRMAX], g[DD_MONEY_STRMAX];
	dd_date d, from, to;
	char ds[11];
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: prog STORE\n");
		return 2;
	}
	printf("version %s\n", dd_version());
	if ((rc = dd_money_parse("0.10", 4, &x, NULL)) || (rc = dd_money_parse("0.20", 4, &y, NULL)) ||
	    (rc = dd_money_add_checked(x, y, &sum)) || (rc = dd_money_parse("1234567.895", 11, &big, NULL)))
		return fail("money", rc);
	printf("money %s %s %s\n", dd_money_format(sum, s), dd_money_format_fixed(sum, 2, f),
	       dd_money_format_cents_grouped(big, g));
	if ((rc = dd_date_parse("2027-05-31", 10, &d)) || (rc = dd_date_parse("2028-01-01", 10, &from)) ||
	    (rc = dd_date_parse("2029-01-01", 10, &to)))
		return fail("date", rc);
	printf("date %s %lld\n", dd_date_format(dd_date_add_months(d, 9), ds),
	       (long long)dd_date_days_between(from, to));
	return bill(argv[1]);
}
