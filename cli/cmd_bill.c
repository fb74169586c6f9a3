/* cmd_bill.c: `drawdown bill [--month YYYY-MM]` (default the last imported
 * month, as balance and commitment): the engine runs from the
 * first imported month to the asked one (balances carry forward) and the
 * asked month's bill is printed as a waterfall, its lines and its credits. */
#include <string.h>

#include "common.h"

static const cli_option options[] = {
	{.name = "month", .metavar = "YYYY-MM", .help = "the month (default: the last imported month)", .at = offsetof(cli_month_args, month)},
	{.name = "json",
	 .help = "exact amounts as decimal strings: {\"month\",\"currency\",\n"
		 "\"totals\":{...},\"lines\":[...],\"credits\":[...]} (docs/cli.md)",
	 .at = offsetof(cli_month_args, json)},
	CLI_OPTION_CSV(cli_month_args, csv),
	CLI_OPTION_ALL(cli_month_args, all),
	{0},
};

const cli_spec cli_spec_bill = {
	.verb = "bill",
	.summary = "a month's bill: credits, discount, support, tax, payable",
	.synopsis = "bill [--month YYYY-MM] [--json | --csv] [--all]",
	.description = "The bill of a month: gross charges, credits before the discount, the EDP\n"
		       "discount, credits after it, the support fee and support credits, tax, and\n"
		       "what is payable; per account and service; and the credits used. The engine\n"
		       "runs every month from the first imported one (a month without data is run\n"
		       "with no charges, so credits can expire in it). Until a book exists (none at\n"
		       "the --book path), the list bill: the store's payer with no credits, discount\n"
		       "or support terms, and a note to run `drawdown init`.\n",
	.notes = "--csv: the lines, one per account and service: account (the id), service,\n"
		 "gross, credits, discount, payable, tax, marketplace.\n",
	.options = options,
};

static void json_totals(cli_json *j, const dd_bill *b)
{
	js_obj(j, "totals");
	js_money(j, "gross", b->gross);
	js_money(j, "credits_before_discount", b->credits_before_discount);
	js_money(j, "discount", b->discount);
	js_money(j, "credits_after_discount", b->credits_after_discount);
	js_money(j, "support_fee", b->support_fee);
	js_money(j, "support_credits", b->support_credits);
	js_money(j, "tax", b->tax);
	js_money(j, "payable", b->payable);
	js_money(j, "shortfall", b->shortfall);
	js_money(j, "counted", b->counted);
	js_money(j, "leakage", b->leakage);
	js_obj_end(j);
}

static void json_lines(cli_json *j, const dd_bill *b)
{
	js_arr(j, "lines");
	for (size_t i = 0; i < b->nlines; i++) {
		const dd_bill_line *l = &b->lines[i];
		js_obj(j, NULL);
		js_str(j, "account", l->account);
		js_str(j, "service", l->service);
		js_money(j, "gross", l->gross);
		js_money(j, "credits", l->credits);
		js_money(j, "discount", l->discount);
		js_money(j, "payable", l->payable);
		js_money(j, "tax", l->tax);
		js_bool(j, "marketplace", l->marketplace);
		js_obj_end(j);
	}
	js_arr_end(j);
}

static void json_credits(cli_json *j, const dd_book *book, const dd_bill *b)
{
	js_arr(j, "credits");
	for (size_t i = 0; i < b->ncredits && i < book->ncredits; i++) {
		const dd_bill_credit *c = &b->credits[i];
		js_obj(j, NULL);
		js_str(j, "id", book->credits[i].id);
		js_str(j, "type", dd_credit_type_name(book->credits[i].type));
		js_money(j, "applied", c->applied);
		js_money(j, "remaining", c->remaining);
		js_money(j, "expired", c->expired);
		js_str(j, "status", dd_credit_state_name(c->state));
		js_obj_end(j);
	}
	js_arr_end(j);
}

static int print_json(const dd_book *book, const dd_bill *b)
{
	char mb[8];
	cli_json j;
	js_init(&j, stdout);
	js_obj(&j, NULL);
	js_str(&j, "month", dd_month_format(b->month, mb));
	js_str(&j, "currency", book->currency);
	js_bool(&j, "no_data", b->no_data);
	js_int(&j, "contract_year", b->contract_year >= 0 ? b->contract_year + 1 : 0);
	json_totals(&j, b);
	json_lines(&j, b);
	json_credits(&j, book, b);
	js_arr(&j, "support");
	for (size_t i = 0; i < b->nsupport; i++) {
		js_obj(&j, NULL);
		js_str(&j, "account", b->support[i].account);
		js_money(&j, "base", b->support[i].base);
		js_money(&j, "fee", b->support[i].fee);
		js_money(&j, "credits", b->support[i].credits);
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_arr(&j, "unknown_types");
	for (size_t i = 0; i < b->nunknown; i++) js_str(&j, NULL, b->unknown_types[i]);
	js_arr_end(&j);
	js_obj_end(&j);
	return js_done(&j);
}

/* "prod (222222222222)" when the book names the account. */
static const char *account_label(const dd_book *book, const char *id, char *buf, size_t cap)
{
	const dd_account *a = dd_book_account(book, id);
	if (a && a->name) snprintf(buf, cap, "%s (%s)", a->name, id);
	else snprintf(buf, cap, "%s", id);
	return buf;
}

static void money_row(cli_table *t, const char *label, dd_money m, bool negate)
{
	char b[DD_MONEY_STRMAX];
	cli_table_row(t, label, cli_cents(negate ? dd_money_neg(m) : m, b));
}

static void print_waterfall(const dd_book *book, const dd_bill *b)
{
	char label[64], pct[DD_MONEY_STRMAX];
	cli_table t;
	cli_table_init(&t, "lr", 2);
	money_row(&t, "Gross charges", b->gross, false);
	if (!dd_money_is_zero(b->shortfall)) money_row(&t, "  incl. commitment shortfall", b->shortfall, false);
	money_row(&t, "Credits before discount", b->credits_before_discount, true);
	if (b->contract_year >= 0)
		snprintf(label, sizeof label, "EDP discount (%s%%, year %d)",
			 dd_money_format(book->agreement.discount_percent[b->contract_year], pct), b->contract_year + 1);
	else
		snprintf(label, sizeof label, "Discount");
	money_row(&t, label, b->discount, true);
	money_row(&t, "Credits after discount", b->credits_after_discount, true);
	money_row(&t, "Support fee", b->support_fee, false);
	money_row(&t, "Support credits", b->support_credits, true);
	money_row(&t, "Tax", b->tax, false);
	cli_table_rule(&t);
	money_row(&t, "Payable", b->payable, false);
	cli_table_print(&t, stdout, 2);
	cli_table_free(&t);
}

static void print_lines(const dd_book *book, const dd_bill *b)
{
	char acct[96], svc[160], g[DD_MONEY_STRMAX], c[DD_MONEY_STRMAX], d[DD_MONEY_STRMAX], p[DD_MONEY_STRMAX];
	if (!b->nlines) return;
	cli_table t;
	cli_table_init(&t, "llrrrr", 6);
	cli_table_head(&t, "ACCOUNT", "SERVICE", "GROSS", "CREDITS", "DISCOUNT", "PAYABLE");
	cli_table_hide_zero(&t);
	for (size_t i = 0; i < b->nlines; i++) {
		const dd_bill_line *l = &b->lines[i];
		snprintf(svc, sizeof svc, "%s%s", l->service, l->marketplace ? " (Marketplace)" : "");
		cli_table_row(&t, account_label(book, l->account, acct, sizeof acct), svc, cli_cents(l->gross, g),
			      cli_cents(l->credits, c), cli_cents(l->discount, d), cli_cents(l->payable, p));
	}
	printf("\nLines (tax excluded)\n");
	cli_table_print(&t, stdout, 2);
	cli_table_free(&t);
}

static void print_credits(const dd_book *book, const dd_bill *b)
{
	char a[DD_MONEY_STRMAX], r[DD_MONEY_STRMAX], x[DD_MONEY_STRMAX];
	cli_table t;
	cli_table_init(&t, "llrrr", 5);
	cli_table_head(&t, "CREDIT", "TYPE", "APPLIED", "REMAINING", "EXPIRED");
	size_t used = 0;
	for (size_t i = 0; i < b->ncredits && i < book->ncredits; i++) {
		const dd_bill_credit *c = &b->credits[i];
		if (dd_money_is_zero(c->applied) && dd_money_is_zero(c->expired)) continue;
		used++;
		cli_table_row(&t, book->credits[i].id, dd_credit_type_name(book->credits[i].type),
			      cli_cents(c->applied, a), cli_cents(c->remaining, r), cli_cents(c->expired, x));
	}
	if (used) {
		printf("\nCredits used or expired this month\n");
		cli_table_print(&t, stdout, 2);
	} else {
		printf("\nNo credit used or expired this month.\n");
	}
	cli_table_free(&t);
}

static void print_notes(const dd_bill *b)
{
	char m[DD_MONEY_STRMAX], mb[8];
	if (b->no_data)
		printf("\nNote: no charges were imported for %s; the month was run without charges.\n",
		       dd_month_format(b->month, mb));
	if (!dd_money_is_zero(b->shortfall))
		printf("\nNote: gross and payable include a commitment shortfall of %s (the contract year ends this month).\n",
		       cli_cents(b->shortfall, m));
	if (!dd_money_is_zero(b->leakage))
		printf("\nNote: %s of credits expired unused at the end of this month (leakage).\n", cli_cents(b->leakage, m));
	for (size_t i = 0; i < b->nunknown; i++)
		printf("%sunknown charge type \"%s\": payable, never credited or discounted\n", i ? "" : "\nNote: ",
		       b->unknown_types[i]);
}

static void print_table(const dd_book *book, const dd_bill *b)
{
	char mb[8];
	printf("Bill for %s (%s)\n\n", dd_month_format(b->month, mb), book->currency);
	print_waterfall(book, b);
	print_lines(book, b);
	print_credits(book, b);
	print_notes(b);
}

/* --csv: the lines, every one, with ids and exact amounts. */
static int print_csv(const dd_bill *b)
{
	char g[DD_MONEY_STRMAX], c[DD_MONEY_STRMAX], d[DD_MONEY_STRMAX], p[DD_MONEY_STRMAX], x[DD_MONEY_STRMAX];
	cli_table t;
	cli_table_init(&t, "llrrrrrl", 8);
	cli_table_head(&t, "ACCOUNT", "SERVICE", "GROSS", "CREDITS", "DISCOUNT", "PAYABLE", "TAX", "MARKETPLACE");
	for (size_t i = 0; i < b->nlines; i++) {
		const dd_bill_line *l = &b->lines[i];
		cli_table_row(&t, l->account, l->service, cli_cents(l->gross, g), cli_cents(l->credits, c),
			      cli_cents(l->discount, d), cli_cents(l->payable, p), cli_cents(l->tax, x),
			      l->marketplace ? "true" : "false");
	}
	cli_table_print(&t, stdout, 0);
	cli_table_free(&t);
	return CLI_OK;
}

static int report(const dd_book *book, dd_store *store, cli_run *run, bool json)
{
	(void)store;
	if (json) return print_json(book, &run->bill);
	if (cli_mode_get()->csv) return print_csv(&run->bill);
	print_table(book, &run->bill);
	return CLI_OK;
}

int cmd_bill(cli_ctx *ctx, int argc, char **argv)
{
	return cli_month_spec_verb(ctx, &cli_spec_bill, argc, argv, false, CLI_LIST_BILL, report);
}
