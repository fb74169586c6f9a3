/* cmd_balance.c: `drawdown balance [--month YYYY-MM]`: every credit's
 * balance at the end of a month (default the last imported one), and what
 * expired unused so far, per credit and per type. */
#include <string.h>

#include "common.h"

static const cli_option options[] = {
	{.name = "month", .metavar = "YYYY-MM", .help = "the month (default: the last imported month)",
	 .at = offsetof(cli_month_args, month)},
	{.name = "json",
	 .help = "{\"month\",\"credits\":[{\"id\",\"type\",\"initial\",\"consumed\",\n"
		 "\"remaining\",\"expired\",\"expires\",\"status\"}]}",
	 .at = offsetof(cli_month_args, json)},
	CLI_OPTION_CSV(cli_month_args, csv),
	CLI_OPTION_ALL(cli_month_args, all),
	{0},
};

const cli_spec cli_spec_balance = {
	.verb = "balance",
	.summary = "every credit's balance at the end of a month",
	.synopsis = "balance [--month YYYY-MM] [--json | --csv] [--all]",
	.description = "Every credit of the book at the end of the month: initial amount, consumed,\n"
		       "remaining, expired unused (leakage, so far in the run), expiry date and\n"
		       "status; then the leakage per credit type. A credit with nothing initial,\n"
		       "consumed, remaining or expired is hidden unless --all.\n",
	.notes = "--csv: the credits: credit, type, initial, consumed, remaining, expired,\n"
		 "expires, status.\n",
	.options = options,
};

static int print_json(const dd_book *book, const cli_run *run)
{
	char mb[8], d[11];
	cli_json j;
	js_init(&j, stdout);
	js_obj(&j, NULL);
	js_str(&j, "month", dd_month_format(run->month, mb));
	js_str(&j, "currency", book->currency);
	js_arr(&j, "credits");
	for (size_t i = 0; i < book->ncredits && i < run->bill.ncredits; i++) {
		const dd_credit *c = &book->credits[i];
		const dd_bill_credit *s = &run->bill.credits[i];
		js_obj(&j, NULL);
		js_str(&j, "id", c->id);
		js_str(&j, "type", dd_credit_type_name(c->type));
		js_money(&j, "initial", c->amount);
		js_money(&j, "consumed", s->consumed);
		js_money(&j, "remaining", s->remaining);
		js_money(&j, "expired", s->expired_total);
		js_str(&j, "start", dd_date_format(c->start, d));
		js_str(&j, "expires", dd_date_format(c->expires, d));
		js_str(&j, "status", dd_credit_state_name(s->state));
		js_str(&j, "owner", c->owner);
		js_str(&j, "applies", c->applies == DD_APPLIES_AFTER_DISCOUNT ? "after_discount" : "before_discount");
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_obj_end(&j);
	return js_done(&j);
}

static void print_credits(const dd_book *book, const cli_run *run)
{
	char a[DD_MONEY_STRMAX], c[DD_MONEY_STRMAX], r[DD_MONEY_STRMAX], x[DD_MONEY_STRMAX], d[11];
	dd_money ti = dd_money_zero(), tc = ti, tr = ti, tx = ti;
	cli_table t;
	cli_table_init(&t, "llrrrrll", 8);
	cli_table_head(&t, "CREDIT", "TYPE", "INITIAL", "CONSUMED", "REMAINING", "EXPIRED", "EXPIRES", "STATUS");
	cli_table_hide_zero(&t);
	for (size_t i = 0; i < book->ncredits && i < run->bill.ncredits; i++) {
		const dd_credit *k = &book->credits[i];
		const dd_bill_credit *s = &run->bill.credits[i];
		cli_table_row(&t, k->id, dd_credit_type_name(k->type), cli_cents(k->amount, a), cli_cents(s->consumed, c),
			      cli_cents(s->remaining, r), cli_cents(s->expired_total, x), dd_date_format(k->expires, d),
			      dd_credit_state_name(s->state));
		ti = dd_money_add(ti, k->amount);
		tc = dd_money_add(tc, s->consumed);
		tr = dd_money_add(tr, s->remaining);
		tx = dd_money_add(tx, s->expired_total);
	}
	cli_table_rule(&t);
	cli_table_row(&t, "Total", "", cli_cents(ti, a), cli_cents(tc, c), cli_cents(tr, r), cli_cents(tx, x), "", "");
	cli_table_print(&t, stdout, 2);
	cli_table_free(&t);
}

static void print_leakage(const dd_book *book, const cli_run *run)
{
	char b[DD_MONEY_STRMAX];
	dd_money per[DD_CREDIT_TYPE_COUNT];
	bool any = false;
	for (int k = 0; k < DD_CREDIT_TYPE_COUNT; k++) per[k] = dd_money_zero();
	for (size_t i = 0; i < book->ncredits && i < run->bill.ncredits; i++) {
		dd_money x = run->bill.credits[i].expired_total;
		per[book->credits[i].type] = dd_money_add(per[book->credits[i].type], x);
		any = any || !dd_money_is_zero(x);
	}
	if (!any) {
		printf("\nNo credit has expired unused so far.\n");
		return;
	}
	cli_table t;
	cli_table_init(&t, "lr", 2);
	cli_table_head(&t, "TYPE", "EXPIRED UNUSED");
	for (int k = 0; k < DD_CREDIT_TYPE_COUNT; k++)
		if (!dd_money_is_zero(per[k])) cli_table_row(&t, dd_credit_type_name((dd_credit_type)k), cli_cents(per[k], b));
	printf("\nLeakage by credit type\n");
	cli_table_print(&t, stdout, 2);
	cli_table_free(&t);
}

static int report(const dd_book *book, dd_store *store, cli_run *run, bool json)
{
	(void)store;
	if (json) return print_json(book, run);
	char mb[8];
	if (cli_mode_get()->csv) {
		print_credits(book, run);
		return CLI_OK;
	}
	printf("Credit balances at the end of %s (%s)\n\n", dd_month_format(run->month, mb), book->currency);
	if (book->ncredits) {
		print_credits(book, run);
		print_leakage(book, run);
	} else {
		printf("The book has no credits.\n");
	}
	return CLI_OK;
}

int cmd_balance(cli_ctx *ctx, int argc, char **argv)
{
	return cli_month_spec_verb(ctx, &cli_spec_balance, argc, argv, false, false, report);
}
