/* cmd_init.c: `drawdown init [--credits FILE] [--force]`: a first book
 * from the imported charges (the payer, the accounts and their names, the
 * support plan, an agreement skeleton when EDP discount rows exist) and,
 * with --credits, AWS's own credit list (`aws billing get-credits` JSON).
 * The text comes from the library (dd_run_init_text, book_init.h); the book
 * is loaded from that text before anything is written, and written
 * atomically; an existing book is replaced only with --force. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

typedef struct {
	const char *credits;
	bool force, json;
} init_args;

static const cli_option options[] = {
	{.name = "credits",
	 .metavar = "FILE",
	 .help = "AWS's credit list (`aws billing get-credits` JSON) written into\nthe book's credits",
	 .at = offsetof(init_args, credits),
	 .complete = "file"},
	{.name = "force", .help = "replace an existing book", .at = offsetof(init_args, force)},
	{.name = "json",
	 .help = "what was written as JSON: {\"book\",\"payer\",\"accounts\":[{\"id\",\n"
		 "\"name\"}],\"support_plan\",\"agreement\",\"credits\"} (docs/cli.md)",
	 .at = offsetof(init_args, json)},
	{0},
};

const cli_spec cli_spec_init = {
	.verb = "init",
	.summary = "write a first book from the imported charges (and AWS's credit list)",
	.synopsis = "init [--credits FILE] [--force] [--json]",
	.description = "Write a starting book at the --book path from what the store shows: the\n"
		       "payer, every usage account with the name the exports give it (CUR 2.0,\n"
		       "FOCUS), the support plan the support charges imply, and an agreement\n"
		       "skeleton when EDP discount rows exist (the discount percent when it is\n"
		       "the same every month, the start month). What only the contracts say is\n"
		       "marked TODO with a value the book accepts, so `drawdown check` passes as\n"
		       "written. The book is checked before it is written, and written at once\n"
		       "(a temporary file renamed over it): a failed init writes nothing. An\n"
		       "existing book is never replaced without --force.\n",
	.notes = "Run `drawdown import FILES` first; docs/book.md, \"Starting a book\".\n",
	.options = options,
};

/* The --credits file, parsed. */
static int read_credits(const char *path, dd_aws_credits *out)
{
	FILE *f = fopen(path, "rb");
	if (!f) return cli_fail("init: --credits: cannot read %s: %s", path, strerror(errno));
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc = CLI_OK;
	for (;;) {
		if (len + 65536 > cap) {
			char *nb = realloc(buf, cap = cap ? cap * 2 : 131072);
			if (!nb) {
				rc = cli_fail("out of memory reading %s", path);
				break;
			}
			buf = nb;
		}
		size_t r = fread(buf + len, 1, cap - len, f);
		len += r;
		if (r == 0) {
			if (ferror(f)) rc = cli_fail("init: --credits: cannot read %s: %s", path, strerror(errno));
			break;
		}
	}
	fclose(f);
	if (!rc && dd_aws_credits_parse(path, buf, len, out)) rc = cli_error();
	free(buf);
	return rc;
}

/* AWS's list as the book's `credits:` list, and the accounts its credits
 * name (owners and shared-with accounts), which the book must list. */
static int credits_text(const dd_aws_credits *c, char **yaml, dd_init_account **acc, size_t *nacc)
{
	size_t len = 0, n = 0, cap = 0;
	*acc = NULL;
	*nacc = 0;
	FILE *f = open_memstream(yaml, &len);
	if (!f) return cli_fail("out of memory");
	int rc = dd_aws_credits_write_list(c, f);
	if (fclose(f) || rc) return rc ? cli_error() : cli_fail("out of memory");
	for (size_t i = 0; i < c->n; i++) {
		const dd_aws_credit *cr = &c->items[i];
		cap += 1 + cr->nshare_with;
	}
	if (!cap) return CLI_OK;
	dd_init_account *a = calloc(cap, sizeof *a);
	if (!a) return cli_fail("out of memory");
	for (size_t i = 0; i < c->n; i++) {
		const dd_aws_credit *cr = &c->items[i];
		a[n++] = (dd_init_account){cr->account, NULL, "owns a credit in AWS's list"};
		for (size_t k = 0; k < cr->nshare_with; k++)
			a[n++] = (dd_init_account){cr->share_with[k], NULL, "shares a credit in AWS's list"};
	}
	/* The first mention of an account wins (dd_run_init_text adds each
	 * account once, after those with charges). */
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool dup = false;
		for (size_t j = 0; j < k && !dup; j++) dup = !strcmp(a[j].id, a[i].id);
		if (!dup) a[k++] = a[i];
	}
	*acc = a;
	*nacc = k;
	return CLI_OK;
}

static void print_problems(const dd_book_problems *p)
{
	for (size_t i = 0; i < p->n; i++) cli_print_problem(stderr, &p->items[i]);
}

/* The book just written, as JSON (its agreement's id, or null). */
static int print_json(const char *path, const dd_book *book)
{
	cli_json j;
	js_init(&j, stdout);
	js_obj(&j, NULL);
	js_str(&j, "book", path);
	js_str(&j, "payer", book->payer);
	js_arr(&j, "accounts");
	for (size_t i = 0; i < book->naccounts; i++) {
		js_obj(&j, NULL);
		js_str(&j, "id", book->accounts[i].id);
		js_str(&j, "name", book->accounts[i].name);
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_str(&j, "support_plan", dd_support_plan_name(book->support_plan));
	js_str(&j, "agreement", book->agreement.present ? book->agreement.id : NULL);
	js_int(&j, "credits", (long long)book->ncredits);
	js_obj_end(&j);
	return js_done(&j);
}

int cmd_init(cli_ctx *ctx, int argc, char **argv)
{
	init_args a = {0};
	int rc = cli_parse_spec(ctx, &cli_spec_init, &a, argc, argv, NULL);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	if (!a.force && cli_book_exists(ctx->book))
		return cli_fail("init: %s exists: init never replaces a book; pass --force to replace it", ctx->book);
	dd_store *store = NULL;
	dd_aws_credits credits = {0};
	dd_init_account *extra = NULL;
	size_t nextra = 0;
	char *yaml = NULL, *text = NULL, note[512];
	size_t len = 0;
	dd_book *book = NULL;
	dd_book_problems probs = {0};
	if (a.credits) {
		if ((rc = read_credits(a.credits, &credits)) || (rc = credits_text(&credits, &yaml, &extra, &nextra)))
			goto out;
		snprintf(note, sizeof note, "%zu credit%s from %s (`aws billing get-credits`).", credits.n,
			 credits.n == 1 ? "" : "s", a.credits);
	}
	if ((rc = cli_open_store(ctx, false, &store))) goto out;
	if (dd_run_init_text(store, ctx->db, extra, nextra, yaml, a.credits ? note : NULL, &text, &len)) {
		rc = cli_error();
		goto out;
	}
	/* The book as it will be on disk, loaded before anything is written. */
	if (dd_book_load_buffer(ctx->book, text, len, &book, &probs)) {
		print_problems(&probs);
		rc = cli_fail("init: the book would not load as written (%zu problem%s): nothing written", probs.n,
			      probs.n == 1 ? "" : "s");
		goto out;
	}
	if (!a.force && cli_book_exists(ctx->book)) { /* written by another meanwhile */
		rc = cli_fail("init: %s exists: init never replaces a book; pass --force to replace it", ctx->book);
		goto out;
	}
	if ((rc = cli_write_file_as("init", "--book", ctx->book, text, len))) goto out;
	if (a.json) {
		rc = print_json(ctx->book, book);
		goto out;
	}
	printf("%s: a first book: payer %s, %zu account%s, support %s, %s, %zu credit%s\n", ctx->book, book->payer,
	       book->naccounts, book->naccounts == 1 ? "" : "s", dd_support_plan_name(book->support_plan),
	       book->agreement.present ? "an agreement skeleton (TODO: its terms)" : "no agreement", book->ncredits,
	       book->ncredits == 1 ? "" : "s");
	printf("Fill in what is marked TODO, then run `drawdown check`.\n");
out:
	dd_book_free(book);
	dd_book_problems_dispose(&probs);
	free(text);
	free(yaml);
	free(extra);
	dd_aws_credits_dispose(&credits);
	dd_store_close(store);
	return rc;
}
