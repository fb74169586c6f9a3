/* cmd_check.c: `drawdown check`: load and validate the book alone, or an
 * offer merged with its base book (--offer), listing every problem at once
 * (the loaders collect them all). */
#include <string.h>

#include "common.h"

typedef struct {
	const char *offer;
	bool json;
} check_args;

static const cli_option options[] = {
	{.name = "offer", .metavar = "FILE",
	 .help = "validate an offer instead: the book it makes from its base\n"
		 "(offer.base, else the --book in use), held to every rule of a book",
	 .at = offsetof(check_args, offer), .complete = "file"},
	{.name = "json",
	 .help = "print {\"ok\":bool,\"problems\":[{\"file\",\"line\",\"column\",\"field\",\n"
		 "\"message\"}]} on standard output (plus a summary when ok)",
	 .at = offsetof(check_args, json)},
	{0},
};

const cli_spec cli_spec_check = {
	.verb = "check",
	.summary = "validate the book and list every problem",
	.synopsis = "check [--offer FILE] [--json] [--book PATH]",
	.description = "Validate the book. Every problem is printed on standard error as\n"
		       "file:line:column: field: message, and the exit status is 1 if there is any;\n"
		       "otherwise a one-line summary is printed.\n",
	.options = options,
};

static int print_json(const dd_book *book, const dd_offer *offer, const dd_book_problems *probs)
{
	cli_json j;
	js_init(&j, stdout);
	js_obj(&j, NULL);
	js_bool(&j, "ok", book != NULL);
	js_arr(&j, "problems");
	for (size_t i = 0; i < probs->n; i++) {
		const dd_book_problem *p = &probs->items[i];
		js_obj(&j, NULL);
		js_str(&j, "file", p->file);
		js_int(&j, "line", p->line);
		js_int(&j, "column", p->column);
		js_str(&j, "field", p->field);
		js_str(&j, "message", p->message);
		js_obj_end(&j);
	}
	js_arr_end(&j);
	if (book) {
		js_str(&j, "book", book->path);
		js_int(&j, "files", (long long)book->nfiles);
		js_int(&j, "accounts", (long long)book->naccounts);
		js_int(&j, "credits", (long long)book->ncredits);
		js_int(&j, "agreement_years", book->agreement.present ? book->agreement.years : 0);
	}
	if (offer) {
		js_str(&j, "offer", offer->name);
		js_str(&j, "base", offer->base_path);
	}
	js_obj_end(&j);
	return js_done(&j);
}

static void print_summary(const dd_book *b, const dd_offer *offer)
{
	char amt[DD_MONEY_STRMAX];
	dd_money total = dd_money_zero();
	for (size_t i = 0; i < b->ncredits; i++) total = dd_money_add(total, b->credits[i].amount);
	printf("%s: ok: ", b->path);
	if (offer) printf("offer \"%s\" on %s, ", offer->name, offer->base_path);
	printf("%zu file%s, payer %s, %zu account%s, %zu credit%s (%s %s)", b->nfiles,
	       b->nfiles == 1 ? "" : "s", b->payer, b->naccounts, b->naccounts == 1 ? "" : "s", b->ncredits,
	       b->ncredits == 1 ? "" : "s", cli_cents(total, amt), b->currency);
	if (b->agreement.present) {
		char d[11];
		printf(", agreement %s from %s for %d year%s", b->agreement.id, dd_date_format(b->agreement.start, d),
		       b->agreement.years, b->agreement.years == 1 ? "" : "s");
	} else {
		printf(", no agreement");
	}
	printf(", %zu incident%s\n", b->nincidents, b->nincidents == 1 ? "" : "s");
}

int cmd_check(cli_ctx *ctx, int argc, char **argv)
{
	check_args a = {0};
	int rc = cli_parse_spec(ctx, &cli_spec_check, &a, argc, argv, NULL);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	bool json = a.json;
	const char *offer_path = a.offer;
	dd_book *own = NULL;
	dd_offer *offer = NULL;
	dd_book_problems probs = {0};
	if (offer_path) rc = dd_offer_load(offer_path, ctx->book, &offer, &probs);
	else rc = dd_book_load(ctx->book, &own, &probs);
	const dd_book *book = offer ? offer->book : own;
	if (rc && probs.n == 0) {
		/* Not a list of problems (out of memory): make it one so --json
		 * still says where. */
		const char *m = dd_error_last();
		dd_book_problem p = {(char *)(offer_path ? offer_path : ctx->book), 0, 0, NULL,
				     (char *)(*m ? m : dd_strerror(rc))};
		dd_book_problems one = {&p, 1};
		if (json) print_json(NULL, NULL, &one);
		cli_fail("%s", p.message);
		return CLI_FAIL;
	}
	for (size_t i = 0; i < probs.n; i++) cli_print_problem(stderr, &probs.items[i]);
	if (json) rc = print_json(book, offer, &probs) || rc;
	else if (book) print_summary(book, offer);
	if (probs.n)
		fprintf(stderr, "drawdown: %zu problem%s in the %s\n", probs.n, probs.n == 1 ? "" : "s",
			offer_path ? "offer" : "book");
	int status = book && !rc ? CLI_OK : CLI_FAIL;
	dd_book_problems_dispose(&probs);
	dd_book_free(own);
	dd_offer_free(offer);
	return status;
}
