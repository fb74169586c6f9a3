/* run_init.c: a first book from the store (run.h): the store's summary
 * (store layer) turned into the facts the book layer writes a book from
 * (book_init.h), and the book of no terms that bills the list price before
 * a book exists. The one place that sees both, as the run layer is for
 * the engine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown/run.h"

static int nothing_imported(dd_store *store, const char *source)
{
	(void)store;
	return dd_error_set(DD_ENOTFOUND, "the store %s holds no charges: run `drawdown import FILES` first",
			    source ? source : "");
}

int dd_run_init_text(dd_store *store, const char *source, const dd_init_account *extra, size_t nextra,
		     const char *credits_yaml, const char *credits_note, char **out, size_t *len)
{
	dd_store_summary sum;
	*out = NULL;
	int rc = dd_store_summarize(store, &sum);
	if (rc) return rc;
	if (!sum.npayers) {
		dd_store_summary_dispose(&sum);
		return nothing_imported(store, source);
	}
	const char **others = calloc(sum.npayers, sizeof *others);
	char **owned = calloc(sum.npayers, sizeof *owned);
	dd_init_account *acc = calloc(sum.naccounts + nextra + 2, sizeof *acc);
	dd_init_support *sup = calloc(sum.nsupport + 1, sizeof *sup);
	dd_init_discount *disc = calloc(sum.ndiscounts + 1, sizeof *disc);
	if (!others || !owned || !acc || !sup || !disc) {
		rc = dd_error_set(DD_ENOMEM, "out of memory");
		goto out;
	}
	dd_book_init in = {.source = source, .first = sum.first, .last = sum.last, .payer = sum.payers[0].id};
	/* Other payers as "id (name)" when named: a comment only. */
	for (size_t i = 1; i < sum.npayers && !rc; i++) {
		const dd_store_account *p = &sum.payers[i];
		char *t = NULL;
		if (p->name && asprintf(&t, "%s (%s)", p->id, p->name) < 0) t = NULL;
		if (p->name && !t) rc = dd_error_set(DD_ENOMEM, "out of memory");
		others[i - 1] = t ? t : p->id;
		owned[i - 1] = t;
	}
	if (rc) goto out;
	in.other_payers = others;
	in.nother_payers = sum.npayers - 1;
	size_t n = 0;
	for (size_t i = 0; i < sum.naccounts; i++) acc[n++] = (dd_init_account){sum.accounts[i].id, sum.accounts[i].name, NULL};
	/* A named payer without usage of its own is listed to carry its name
	 * (docs/book.md: the payer may be listed). */
	bool payer_listed = false;
	for (size_t k = 0; k < n && !payer_listed; k++) payer_listed = !strcmp(acc[k].id, in.payer);
	if (!payer_listed && sum.payers[0].name) acc[n++] = (dd_init_account){in.payer, sum.payers[0].name, "the payer"};
	for (size_t i = 0; i < nextra; i++) {
		bool seen = !strcmp(extra[i].id, in.payer);
		for (size_t k = 0; k < n && !seen; k++) seen = !strcmp(acc[k].id, extra[i].id);
		if (!seen) acc[n++] = extra[i];
	}
	in.accounts = acc;
	in.naccounts = n;
	for (size_t i = 0; i < sum.nsupport; i++)
		sup[i] = (dd_init_support){sum.support[i].service, sum.support[i].first, sum.support[i].last};
	in.support = sup;
	in.nsupport = sum.nsupport;
	for (size_t i = 0; i < sum.ndiscounts; i++)
		disc[i] = (dd_init_discount){sum.discounts[i].month, sum.discounts[i].discount, sum.discounts[i].eligible};
	in.discounts = disc;
	in.ndiscounts = sum.ndiscounts;
	in.credits_yaml = credits_yaml;
	in.credits_note = credits_note;
	rc = dd_book_init_text(&in, out, len);
out:
	for (size_t i = 0; owned && i < sum.npayers; i++) free(owned[i]);
	free(owned);
	free(others);
	free(acc);
	free(sup);
	free(disc);
	dd_store_summary_dispose(&sum);
	return rc;
}

int dd_run_list_book(dd_store *store, const char *name, dd_book **out)
{
	dd_store_summary sum;
	*out = NULL;
	int rc = dd_store_summarize(store, &sum);
	if (rc) return rc;
	if (!sum.npayers) {
		dd_store_summary_dispose(&sum);
		return nothing_imported(store, name);
	}
	/* The payer written double-quoted: a stored id is text, and the
	 * loader checks it like any book's. */
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f) {
		dd_store_summary_dispose(&sum);
		return dd_error_set(DD_ENOMEM, "out of memory");
	}
	fputs("organization: { payer: \"", f);
	for (const char *p = sum.payers[0].id; *p; p++)
		if (*p == '"' || *p == '\\') fprintf(f, "\\%c", *p);
		else if ((unsigned char)*p >= 0x20) fputc(*p, f);
	fputs("\" }\n", f);
	fclose(f);
	dd_store_summary_dispose(&sum);
	if (!text) return dd_error_set(DD_ENOMEM, "out of memory");
	dd_book_problems probs = {0};
	rc = dd_book_load_buffer(name, text, len, out, &probs);
	if (rc && probs.n)
		rc = dd_error_set(rc, "the store's payer cannot be a book's: %s", probs.items[0].message);
	dd_book_problems_dispose(&probs);
	free(text);
	return rc;
}
