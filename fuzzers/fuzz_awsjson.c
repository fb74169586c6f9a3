/* fuzz_awsjson.c: both AWS Billing API JSON readers on the same bytes.
 * Beyond not crashing: whatever get-credits JSON is accepted must write a
 * book file that the book loader reads back with no problem, with the
 * same ids, amounts and descriptions (the YAML quoting round-trips). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown.h"

/* An organization listing every account the credits name, so the written
 * credits are valid in a book; the first owner is the payer. */
static void put_organization(FILE *f, const dd_aws_credits *c)
{
	const char *payer = c->items[0].account;
	fprintf(f, "organization:\n  payer: \"%s\"\n  accounts:\n", payer);
	size_t listed = 0;
	for (size_t i = 0; i < c->n; i++) {
		const dd_aws_credit *x = &c->items[i];
		for (size_t j = 0; j <= x->nshare_with; j++) {
			const char *a = j < x->nshare_with ? x->share_with[j] : x->account;
			bool seen = !strcmp(a, payer);
			for (size_t k = 0; !seen && k < i; k++) {
				const dd_aws_credit *y = &c->items[k];
				seen = !strcmp(a, y->account);
				for (size_t l = 0; !seen && l < y->nshare_with; l++) seen = !strcmp(a, y->share_with[l]);
			}
			for (size_t l = 0; !seen && l < j; l++) seen = !strcmp(a, x->share_with[l]);
			if (!seen) {
				fprintf(f, "    - { id: \"%s\" }\n", a);
				listed++;
			}
		}
	}
	if (!listed) fputs("    []\n", f);
}

static void check_round_trip(const dd_aws_credits *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f) return;
	put_organization(f, c);
	if (dd_aws_credits_write_yaml(c, "fuzz.json", f)) abort();
	fclose(f);
	dd_book *book = NULL;
	dd_book_problems probs = {0};
	int rc = dd_book_load_buffer("fuzz.yaml", text, len, &book, &probs);
	if (rc == DD_ENOMEM) goto out;
	if (rc) {
		for (size_t i = 0; i < probs.n; i++)
			fprintf(stderr, "%d:%d: %s: %s\n", probs.items[i].line, probs.items[i].column,
				probs.items[i].field ? probs.items[i].field : "", probs.items[i].message);
		fprintf(stderr, "%s\n", text);
		abort();
	}
	size_t k = 0;
	for (size_t i = 0; i < c->n; i++) {
		const dd_aws_credit *x = &c->items[i];
		const dd_credit *b = dd_book_credit(book, x->credit_id);
		char *want = NULL;
		if (asprintf(&want, "%s%s%s", x->credit_type, x->description ? ": " : "",
			     x->description ? x->description : "") < 0)
			goto out;
		bool same = b && b->description && !strcmp(b->description, want);
		free(want);
		if (!same || dd_money_cmp(b->amount, x->initial)) abort();
		k++;
	}
	if (k != book->ncredits) abort();
out:
	dd_book_free(book);
	dd_book_problems_dispose(&probs);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *json = (const char *)data;
	dd_aws_credits c;
	if (dd_aws_credits_parse("fuzz.json", json, size, &c) == 0) {
		if (c.n) check_round_trip(&c);
		dd_aws_credits_dispose(&c);
	}
	dd_aws_allocation *a;
	size_t n;
	dd_aws_history_notes notes;
	if (dd_aws_allocations_parse("fuzz.json", json, size, &a, &n, &notes) == 0) {
		for (size_t i = 0; i < n; i++)
			if (!a[i].credit_id || !a[i].service || !a[i].account[0]) abort();
		free(notes.failed_months);
		dd_aws_allocations_free(a, n);
	}
	return 0;
}
