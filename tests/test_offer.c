/* test_offer.c: offer files (offer.h, docs/offers.md): what an offer
 * inherits from its base book and what it replaces (agreement, support,
 * organization, incidents), credits added, replaced by id and removed, the
 * merged order and where each entry was written; `base:` relative to the
 * offer's directory, absolute, or the default; every kind of problem with
 * its exact file:line:column and field (the offer's own keys, the merged
 * book's rules, a base entry the offer's change breaks); return codes; and
 * a merged book run through the engine, figures worked out by hand. The
 * books are tests/data/offers/base.yaml (with credits/more.yaml). */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "drawdown.h"
#include "money_assert.h"

#define DIR "tests/data/offers/"
#define BASE DIR "base.yaml"
#define MEM DIR "mem.yaml"

static void print_problems(const dd_book_problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		print_message("  %s:%d:%d: %s: %s\n", p->items[i].file, p->items[i].line, p->items[i].column,
			      p->items[i].field ? p->items[i].field : "-", p->items[i].message);
}

static dd_offer *load_ok(const char *path, const char *default_base)
{
	dd_offer *o = NULL;
	dd_book_problems p;
	int rc = dd_offer_load(path, default_base, &o, &p);
	if (rc) print_problems(&p);
	assert_int_equal(rc, 0);
	assert_int_equal(p.n, 0);
	assert_non_null(o);
	return o;
}

static dd_offer *buffer_ok(const char *name, const char *text, const char *default_base)
{
	dd_offer *o = NULL;
	dd_book_problems p;
	int rc = dd_offer_load_buffer(name, text, strlen(text), default_base, &o, &p);
	if (rc) print_problems(&p);
	assert_int_equal(rc, 0);
	assert_non_null(o);
	return o;
}

/* Loads `text` as MEM over BASE, expecting failure with code rc and n problems. */
static dd_book_problems buffer_bad(const char *text, int rc, size_t n)
{
	dd_offer *o = (dd_offer *)1;
	dd_book_problems p;
	int got = dd_offer_load_buffer(MEM, text, strlen(text), BASE, &o, &p);
	if (got != rc || p.n != n) print_problems(&p);
	assert_int_equal(got, rc);
	assert_null(o);
	assert_int_equal(p.n, n);
	return p;
}

static void expect(const dd_book_problems *p, size_t i, const char *file, int line, int col, const char *field,
		   const char *text)
{
	const dd_book_problem *q = &p->items[i];
	if (strcmp(q->file, file) || q->line != line || q->column != col || (field && !q->field) ||
	    (!field && q->field) || (field && strcmp(q->field, field)) || !strstr(q->message, text)) {
		print_problems(p);
		fail_msg("problem %zu: expected %s:%d:%d: %s: ...%s...", i, file, line, col, field ? field : "-", text);
	}
}

static const dd_credit *credit(const dd_book *b, size_t i, const char *id, const char *file, int line, int col)
{
	assert_true(i < b->ncredits);
	const dd_credit *c = &b->credits[i];
	assert_string_equal(c->id, id);
	assert_string_equal(c->file, file);
	assert_int_equal(c->line, line);
	assert_int_equal(c->column, col);
	return c;
}

/* offer.yaml: agreement and support replaced, REPLACED replaced by id (now
 * among the offer's credits, at the offer's line), OLD-PROMO removed,
 * EDP-SIGN added; the organization, incidents and the other credits (an
 * included file's too) kept with the base's positions. */
static void test_inheritance(void **state)
{
	(void)state;
	dd_offer *o = load_ok(DIR "offer.yaml", NULL);
	const dd_book *b = o->book;
	assert_string_equal(o->name, "3 years, 11 %");
	assert_string_equal(o->path, DIR "offer.yaml");
	assert_string_equal(o->base_path, BASE);
	assert_string_equal(b->path, DIR "offer.yaml");
	assert_int_equal(b->nfiles, 3);
	assert_string_equal(b->files[0], DIR "offer.yaml");
	assert_string_equal(b->files[1], BASE);
	assert_string_equal(b->files[2], DIR "credits/more.yaml");

	/* kept: currency, organization, incidents */
	assert_string_equal(b->currency, "USD");
	assert_string_equal(b->payer, "111111111111");
	assert_true(b->credit_sharing);
	assert_int_equal(b->naccounts, 1);
	assert_string_equal(b->accounts[0].id, "222222222222");
	assert_string_equal(b->accounts[0].name, "prod");
	assert_int_equal(b->nincidents, 1);
	assert_string_equal(b->incidents[0].id, "INC-1");
	assert_string_equal(b->incidents[0].file, BASE);
	assert_int_equal(b->incidents[0].line, 25);

	/* replaced: the agreement as a whole */
	const dd_agreement *g = &b->agreement;
	assert_true(g->present);
	assert_string_equal(g->id, "EDP-2027");
	assert_int_equal(g->years, 3);
	assert_true(g->start.year == 2027 && g->start.month == 1 && g->start.day == 1);
	assert_money(g->commitment[0], "10000000");
	assert_money(g->commitment[1], "11000000");
	assert_money(g->commitment[2], "12000000");
	assert_money(g->discount_percent[0], "10");
	assert_money(g->discount_percent[1], "11");
	assert_money(g->discount_percent[2], "12");
	assert_int_equal(g->basis, DD_BASIS_NET); /* the defaults of the offer's agreement, not the base's */
	/* replaced: support, with a negotiated discount */
	assert_int_equal(b->support_plan, DD_SUPPORT_ENTERPRISE);
	assert_money(b->support_discount_percent, "10");

	/* credits: the base's kept (KEEP, TIERED#1, TIERED#2, INCLUDED), then the offer's */
	assert_int_equal(b->ncredits, 6);
	credit(b, 0, "KEEP", BASE, 16, 5);
	const dd_credit *t1 = credit(b, 1, "TIERED#1", BASE, 22, 9);
	const dd_credit *t2 = credit(b, 2, "TIERED#2", BASE, 23, 9);
	assert_int_equal(t1->after, -1);
	assert_int_equal(t2->after, 1);
	const dd_credit *inc = credit(b, 3, "INCLUDED", DIR "credits/more.yaml", 3, 5);
	assert_string_equal(inc->owner, "222222222222");
	const dd_credit *sign = credit(b, 4, "EDP-SIGN", DIR "offer.yaml", 7, 5);
	assert_int_equal(sign->type, DD_CREDIT_EDP);
	assert_money(sign->amount, "100000");
	assert_int_equal(sign->applies, DD_APPLIES_AFTER_DISCOUNT);
	const dd_credit *rep = credit(b, 5, "REPLACED", DIR "offer.yaml", 8, 5);
	assert_money(rep->amount, "200");
	assert_int_equal(rep->start.year, 2027);
	assert_null(dd_book_credit(b, "OLD-PROMO"));
	dd_offer_free(o);

	/* The base itself is untouched by being an offer's base. */
	dd_book *base = NULL;
	assert_int_equal(dd_book_load(BASE, &base, NULL), 0);
	assert_int_equal(base->ncredits, 6); /* KEEP, OLD-PROMO, REPLACED, TIERED#1, TIERED#2, INCLUDED */
	assert_string_equal(base->agreement.id, "EDP-2026");
	assert_int_equal(base->support_plan, DD_SUPPORT_BUSINESS);
	dd_book_free(base);
}

/* organization and incidents replace the base's as a whole; `agreement: ~`
 * removes the agreement, `incidents: []` every incident; an offer with
 * nothing but its name is the base. */
static void test_replace_everything(void **state)
{
	(void)state;
	dd_offer *o = buffer_ok(MEM,
				"offer: { name: reorg }\n"
				"currency: EUR\n"
				"organization:\n"
				"  payer: \"999999999999\"\n"
				"  credit_sharing: off\n"
				"  accounts: [{ id: \"222222222222\" }, { id: \"333333333333\", sharing: off }]\n"
				"agreement: ~\n"
				"incidents: []\n",
				BASE);
	const dd_book *b = o->book;
	assert_string_equal(b->currency, "EUR");
	assert_string_equal(b->payer, "999999999999");
	assert_false(b->credit_sharing);
	assert_int_equal(b->naccounts, 2);
	assert_null(b->accounts[0].name); /* the base's name of 222222222222 went with its organization */
	assert_false(b->accounts[1].sharing);
	assert_false(b->agreement.present);
	assert_int_equal(b->nincidents, 0);
	assert_int_equal(b->support_plan, DD_SUPPORT_BUSINESS); /* kept */
	assert_money(b->support_discount_percent, "0");
	assert_int_equal(b->ncredits, 6);
	/* the base's credits without an owner belong to the new payer */
	assert_string_equal(dd_book_credit(b, "KEEP")->owner, "999999999999");
	dd_offer_free(o);

	o = buffer_ok(MEM, "offer: { name: as is }\n", BASE);
	assert_int_equal(o->book->ncredits, 6);
	assert_string_equal(o->book->agreement.id, "EDP-2026");
	assert_int_equal(o->book->nincidents, 1);
	dd_offer_free(o);

	/* remove then add again is a replacement; removing a tranched credit removes its tranches */
	o = buffer_ok(MEM,
		      "offer: { name: again }\n"
		      "remove_credits: [KEEP, TIERED]\n"
		      "credits:\n"
		      "  - { id: KEEP, type: map, amount: 5, start: 2026-01-01, expires: 2026-12-31 }\n",
		      BASE);
	assert_int_equal(o->book->ncredits, 4); /* OLD-PROMO, REPLACED, INCLUDED, KEEP */
	assert_string_equal(o->book->credits[0].id, "OLD-PROMO");
	assert_string_equal(o->book->credits[2].id, "INCLUDED");
	credit(o->book, 3, "KEEP", MEM, 4, 5);
	assert_money(o->book->credits[3].amount, "5");
	assert_null(dd_book_credit(o->book, "TIERED#1"));
	dd_offer_free(o);
}

/* `base:` is relative to the offer's directory (from a file or a buffer's
 * name), absolute as written; without it, the default; with it, the
 * default is ignored. */
static void test_base_resolution(void **state)
{
	(void)state;
	dd_offer *o = load_ok(DIR "sub/up.yaml", "no-such-default.yaml");
	assert_string_equal(o->name, "from a subdirectory");
	assert_string_equal(o->base_path, DIR "sub/../base.yaml");
	assert_string_equal(o->book->files[1], DIR "sub/../base.yaml");
	assert_string_equal(o->book->files[2], DIR "sub/../credits/more.yaml");
	assert_int_equal(o->book->support_plan, DD_SUPPORT_DEVELOPER);
	assert_string_equal(o->book->agreement.id, "EDP-2026");
	assert_int_equal(o->book->ncredits, 6);
	dd_offer_free(o);

	o = buffer_ok(DIR "sub/mem.yaml", "offer: { name: n, base: ../base.yaml }\n", NULL);
	assert_string_equal(o->base_path, DIR "sub/../base.yaml");
	dd_offer_free(o);

	char cwd[PATH_MAX], text[PATH_MAX + 64], want[PATH_MAX + 32];
	assert_non_null(getcwd(cwd, sizeof cwd));
	snprintf(text, sizeof text, "offer: { name: n, base: '%s/" BASE "' }\n", cwd);
	snprintf(want, sizeof want, "%s/" BASE, cwd);
	o = buffer_ok("elsewhere/mem.yaml", text, NULL);
	assert_string_equal(o->base_path, want);
	dd_offer_free(o);

	/* no base: the default, as given */
	o = load_ok(DIR "nobase.yaml", BASE);
	assert_string_equal(o->name, "support credit instead");
	assert_string_equal(o->base_path, BASE);
	assert_int_equal(o->book->ncredits, 7);
	credit(o->book, 6, "SUP-2026", DIR "nobase.yaml", 3, 5);
	dd_offer_free(o);

	/* a name without a directory: the base next to it keeps its plain name */
	o = buffer_ok("mem.yaml", "offer: { name: n, base: " BASE " }\n", NULL);
	assert_string_equal(o->base_path, BASE);
	dd_offer_free(o);
}

/* The offer's own keys: unknown fields (top level and inside offer:), a
 * missing or bad name, include, no base at all. */
static void test_offer_key_problems(void **state)
{
	(void)state;
	dd_book_problems p = buffer_bad("offer:\n"
					"  name: x\n"
					"  bsae: base.yaml\n"
					"  owner: me\n"
					"credit:\n"
					"  - { id: X }\n",
					DD_EINVALID, 3);
	expect(&p, 0, MEM, 3, 3, "offer.bsae", "unknown field \"bsae\" (expected one of: name, base)");
	expect(&p, 1, MEM, 4, 3, "offer.owner", "unknown field \"owner\" (expected one of: name, base)");
	expect(&p, 2, MEM, 5, 1, "credit", "unknown field \"credit\" (did you mean \"credits\"?)");
	dd_book_problems_dispose(&p);

	/* missing name (at the offer mapping); missing offer: (at the top) */
	p = buffer_bad("offer: { base: base.yaml }\n", DD_EINVALID, 1);
	expect(&p, 0, MEM, 1, 8, "offer.name", "missing required field \"name\"");
	dd_book_problems_dispose(&p);
	p = buffer_bad("support: { plan: developer }\n", DD_EINVALID, 1);
	expect(&p, 0, MEM, 1, 1, "offer", "missing required field \"offer\"");
	dd_book_problems_dispose(&p);

	/* names: empty, nothing, two lines, too long */
	p = buffer_bad("offer: { name: \"\" }\n", DD_EINVALID, 1);
	expect(&p, 0, MEM, 1, 16, "offer.name", "an offer's name is 1 to 128 bytes of text on one line");
	dd_book_problems_dispose(&p);
	p = buffer_bad("offer:\n  name:\n  base: base.yaml\n", DD_EINVALID, 1);
	expect(&p, 0, MEM, 2, 8, "offer.name", "expected text, got nothing");
	dd_book_problems_dispose(&p);
	p = buffer_bad("offer: { name: \"two\\nlines\" }\n", DD_EINVALID, 1);
	expect(&p, 0, MEM, 1, 16, "offer.name", "got \"two?lines\"");
	dd_book_problems_dispose(&p);
	char longname[200];
	memset(longname, 'x', 129);
	snprintf(longname + 129, sizeof longname - 129, "\n");
	char text[300];
	snprintf(text, sizeof text, "offer:\n  name: %s", longname);
	p = buffer_bad(text, DD_EINVALID, 1);
	expect(&p, 0, MEM, 2, 9, "offer.name", "1 to 128 bytes");
	dd_book_problems_dispose(&p);

	/* include: refused at its key; the merge still runs */
	p = buffer_bad("offer: { name: n }\ninclude: credits/more.yaml\nsupport: { plan: gold }\n", DD_EINVALID, 2);
	expect(&p, 0, MEM, 2, 1, "include", "an offer cannot include files");
	expect(&p, 1, MEM, 3, 18, "support.plan", "expected one of: basic, none, developer");
	dd_book_problems_dispose(&p);

	/* no base and no default: at the offer mapping */
	dd_offer *o = (dd_offer *)1;
	const char *t = "offer:\n  name: n\n";
	assert_int_equal(dd_offer_load_buffer(MEM, t, strlen(t), NULL, &o, &p), DD_EINVALID);
	assert_null(o);
	assert_int_equal(p.n, 1);
	expect(&p, 0, MEM, 2, 3, "offer.base", "missing \"base\": the offer names no base book");
	dd_book_problems_dispose(&p);
	/* base: "" */
	p = buffer_bad("offer: { name: n, base: '' }\n", DD_EINVALID, 1);
	expect(&p, 0, MEM, 1, 25, "offer.base", "expected the path of the base book");
	dd_book_problems_dispose(&p);
	p = buffer_bad("offer: { name: n, base: \"base.yaml\\n\" }\n", DD_EINVALID, 1);
	expect(&p, 0, MEM, 1, 25, "offer.base", "(no control characters), got \"base.yaml?\"");
	dd_book_problems_dispose(&p);
	/* not a mapping */
	p = buffer_bad("- offer\n", DD_EINVALID, 1);
	expect(&p, 0, MEM, 1, 1, NULL, "expected a mapping of fields, got a list");
	dd_book_problems_dispose(&p);
	p = buffer_bad("offer: [name]\n", DD_EINVALID, 1);
	expect(&p, 0, MEM, 1, 8, "offer", "expected a mapping of fields, got a list");
	dd_book_problems_dispose(&p);
}

/* remove_credits: an id the base does not have, a tranche's id, one listed
 * twice, not a list, not text. Each at its entry. */
static void test_remove_problems(void **state)
{
	(void)state;
	dd_book_problems p = buffer_bad("offer: { name: n }\n"
					"remove_credits: [OLD-PROMO, NOPE, TIERED#2, OLD-PROMO, [x]]\n",
					DD_EINVALID, 4);
	expect(&p, 0, MEM, 2, 29, "remove_credits[1]", "the base book " BASE " has no credit \"NOPE\"");
	expect(&p, 1, MEM, 2, 35, "remove_credits[2]",
	       "has no credit \"TIERED#2\" (a tranche goes with its credit: remove \"TIERED\")");
	expect(&p, 2, MEM, 2, 45, "remove_credits[3]", "credit \"OLD-PROMO\" is already listed at 2:18");
	expect(&p, 3, MEM, 2, 56, "remove_credits[4]", "expected text, got a list");
	dd_book_problems_dispose(&p);

	/* a '#' in an id that is not a tranche of the base: no hint */
	p = buffer_bad("offer: { name: n }\nremove_credits: [NOPE#1]\n", DD_EINVALID, 1);
	expect(&p, 0, MEM, 2, 18, "remove_credits[0]", "the base book " BASE " has no credit \"NOPE#1\"");
	assert_null(strstr(p.items[0].message, "tranche"));
	dd_book_problems_dispose(&p);

	p = buffer_bad("offer: { name: n }\nremove_credits: OLD-PROMO\n", DD_EINVALID, 1);
	expect(&p, 0, MEM, 2, 17, "remove_credits", "expected a list of credit ids of the base book, got \"OLD-PROMO\"");
	dd_book_problems_dispose(&p);

	/* an id only the offer adds is not the base's */
	p = buffer_bad("offer: { name: n }\n"
		       "credits:\n"
		       "  - { id: NEW, type: map, amount: 5, start: 2026-01-01, expires: 2026-12-31 }\n"
		       "remove_credits: [NEW]\n",
		       DD_EINVALID, 1);
	expect(&p, 0, MEM, 4, 18, "remove_credits[0]", "has no credit \"NEW\"");
	dd_book_problems_dispose(&p);
}

/* The merged book's rules, at the offer's positions for what it wrote and
 * the base's for what it kept. credits[i] is the index in the merged list
 * (the base's 5 kept entries come first). */
static void test_merged_problems(void **state)
{
	(void)state;
	/* a bad credit of the offer: every problem of it */
	dd_book_problems p = buffer_bad(
		"offer: { name: n }\n"
		"credits:\n"
		"  - { id: BAD, type: edp, amount: -5, start: 2027-01-01, expires: 2026-12-31, owner: \"999\", tipe: x }\n",
		DD_EINVALID, 4);
	expect(&p, 0, MEM, 3, 35, "credits[5].amount", "amount must not be negative, got -5");
	expect(&p, 1, MEM, 3, 67, "credits[5].expires", "expires 2026-12-31 is before start 2027-01-01");
	expect(&p, 2, MEM, 3, 86, "credits[5].owner",
	       "account \"999\" is neither the payer nor listed in organization.accounts");
	expect(&p, 3, MEM, 3, 93, "credits[5].tipe", "unknown field \"tipe\" (did you mean \"type\"?)");
	dd_book_problems_dispose(&p);

	/* duplicate ids after the merge: the offer's second REPLACED (the first
	 * replaced the base's) and a new id written twice; a bad id */
	p = buffer_bad("offer: { name: n }\n"
		       "credits:\n"
		       "  - { id: REPLACED, type: edp, amount: 1, start: 2026-01-01, expires: 2026-12-31 }\n"
		       "  - { id: NEW, type: edp, amount: 1, start: 2026-01-01, expires: 2026-12-31 }\n"
		       "  - { id: REPLACED, type: edp, amount: 2, start: 2026-01-01, expires: 2026-12-31 }\n"
		       "  - { id: NEW, type: edp, amount: 2, start: 2026-01-01, expires: 2026-12-31 }\n"
		       "  - { id: 'A#1', type: edp, amount: 2, start: 2026-01-01, expires: 2026-12-31 }\n",
		       DD_EINVALID, 3);
	expect(&p, 0, MEM, 5, 11, "credits[6].id", "duplicate credit id \"REPLACED\" (first defined at 3:11)");
	expect(&p, 1, MEM, 6, 11, "credits[7].id", "duplicate credit id \"NEW\" (first defined at 4:11)");
	expect(&p, 2, MEM, 7, 11, "credits[8].id", "a credit id is 1 to 128 characters, without '#'");
	dd_book_problems_dispose(&p);

	/* a new organization without the account an included credit of the base
	 * belongs to: reported at the base's include, where the owner is written */
	p = buffer_bad("offer: { name: n }\norganization: { payer: \"111111111111\" }\n", DD_EINVALID, 1);
	expect(&p, 0, DIR "credits/more.yaml", 3, 92, "credits[4].owner",
	       "account \"222222222222\" is neither the payer nor listed in organization.accounts");
	assert_non_null(strstr(dd_error_last(), DIR "credits/more.yaml:3:92: credits[4].owner: "));
	assert_non_null(strstr(dd_error_last(), "(1 problem)"));
	dd_book_problems_dispose(&p);

	/* a replaced agreement and support held to the book's rules */
	p = buffer_bad("offer: { name: n }\n"
		       "agreement: { id: X, start: 2027-01-01, years: 2, commitment: [1, 2, 3], discount_percent: 120 }\n"
		       "support: { plan: enterprise, discount_percent: 101 }\n"
		       "organization: ~\n",
		       DD_EINVALID, 4);
	expect(&p, 0, MEM, 2, 62, "agreement.commitment", "commitment has 3 entries but years is 2");
	expect(&p, 1, MEM, 2, 91, "agreement.discount_percent", "a percentage must be between 0 and 100, got 120");
	expect(&p, 2, MEM, 3, 48, "support.discount_percent", "a percentage must be between 0 and 100, got 101");
	expect(&p, 3, MEM, 4, 15, "organization", "expected a mapping of fields, got nothing");
	dd_book_problems_dispose(&p);

	/* credits: not a list */
	p = buffer_bad("offer: { name: n }\ncredits: { id: X }\n", DD_EINVALID, 1);
	expect(&p, 0, MEM, 2, 10, "credits", "expected a list, got a mapping");
	dd_book_problems_dispose(&p);
}

/* Return codes: an unreadable offer or base (DD_EIO, at the offer's `base:`
 * when it names it), bad YAML in either (DD_EPARSE), the base being the
 * offer itself, a base with its own problems, an empty offer. */
static void test_return_codes(void **state)
{
	(void)state;
	dd_offer *o = (dd_offer *)1;
	dd_book_problems p;
	assert_int_equal(dd_offer_load(DIR "no-such-offer.yaml", BASE, &o, &p), DD_EIO);
	assert_null(o);
	assert_int_equal(p.n, 1);
	expect(&p, 0, DIR "no-such-offer.yaml", 0, 0, NULL, "cannot read the offer: No such file or directory");
	dd_book_problems_dispose(&p);

	p = buffer_bad("offer:\n  name: n\n  base: missing.yaml\n", DD_EIO, 1);
	expect(&p, 0, MEM, 3, 9, "offer.base",
	       "cannot read the base book " DIR "missing.yaml: No such file or directory");
	dd_book_problems_dispose(&p);
	/* the default, unreadable: at the base, as a book */
	const char *t = "offer: { name: n }\n";
	assert_int_equal(dd_offer_load_buffer(MEM, t, strlen(t), DIR "missing.yaml", &o, &p), DD_EIO);
	expect(&p, 0, DIR "missing.yaml", 0, 0, NULL, "cannot read the book: No such file or directory");
	dd_book_problems_dispose(&p);

	p = buffer_bad("offer: { name: n\n", DD_EPARSE, 1);
	assert_string_equal(p.items[0].file, MEM);
	assert_non_null(strstr(p.items[0].message, "YAML syntax error"));
	dd_book_problems_dispose(&p);
	p = buffer_bad("offer: { name: n }\n---\noffer: { name: m }\n", DD_EINVALID, 1);
	expect(&p, 0, MEM, 3, 1, NULL, "an offer file holds one YAML document; found a second one");
	dd_book_problems_dispose(&p);
	p = buffer_bad("# nothing\n", DD_EINVALID, 1);
	expect(&p, 0, MEM, 1, 1, "offer", "missing required field \"offer\" (the file is empty)");
	dd_book_problems_dispose(&p);

	/* the base is not YAML / is itself an offer / is the offer file */
	p = buffer_bad("offer: { name: n, base: ../books/bad/syntax.yaml }\n", DD_EPARSE, 1);
	assert_string_equal(p.items[0].file, DIR "../books/bad/syntax.yaml");
	dd_book_problems_dispose(&p);
	p = buffer_bad("offer: { name: n, base: offer.yaml }\n", DD_EINVALID, 3);
	expect(&p, 0, DIR "offer.yaml", 2, 1, "offer", "unknown field \"offer\"");
	expect(&p, 1, DIR "offer.yaml", 2, 1, "organization.payer", "missing required field \"payer\"");
	expect(&p, 2, DIR "offer.yaml", 9, 1, "remove_credits", "unknown field \"remove_credits\"");
	dd_book_problems_dispose(&p);
	assert_int_equal(dd_offer_load(DIR "nobase.yaml", DIR "nobase.yaml", &o, &p), DD_EINVALID);
	assert_int_equal(p.n, 1);
	expect(&p, 0, DIR "nobase.yaml", 1, 8, "offer.base", "is the offer file itself");
	dd_book_problems_dispose(&p);

	/* problems may be NULL; out may not */
	assert_int_equal(dd_offer_load(DIR "offer.yaml", NULL, NULL, &p), DD_EUSAGE);
	assert_int_equal(p.n, 0);
	assert_int_equal(dd_offer_load(NULL, NULL, &o, NULL), DD_EUSAGE);
	assert_int_equal(dd_offer_load_buffer(MEM, NULL, 3, BASE, &o, NULL), DD_EUSAGE);
	assert_int_equal(dd_offer_load_buffer(MEM, "offer: [", 8, BASE, &o, NULL), DD_EPARSE);
	assert_null(o);
	dd_offer_free(NULL);
}

/* The merged book runs like any book. 2027-01, the payer's EC2 1,000,000,
 * the offer's terms (TIERED removed so nothing else is usable in 2027):
 * phase 1 REPLACED 200 -> 999,800; 10 % discount (year 1) 99,980 ->
 * 899,820; phase 2 EDP-SIGN 100,000 -> 799,820; Enterprise support on
 * 1,000,000 is 64,500, 10 % off 58,050; payable 857,870. */
static void test_engine_run(void **state)
{
	(void)state;
	dd_offer *o = buffer_ok(MEM,
				"offer: { name: engine, base: base.yaml }\n"
				"agreement: { id: EDP-2027, start: 2027-01-01, years: 3, commitment: [10000000, "
				"11000000, 12000000], discount_percent: [10, 11, 12] }\n"
				"credits:\n"
				"  - { id: EDP-SIGN, type: edp, amount: 100000, start: 2027-01-01, expires: 2027-12-31, "
				"applies: after_discount }\n"
				"  - { id: REPLACED, type: edp, amount: 200, start: 2027-01-01, expires: 2027-12-31 }\n"
				"remove_credits: [TIERED]\n"
				"support: { plan: enterprise, discount_percent: 10 }\n",
				NULL);
	const dd_book *b = o->book;
	dd_engine *e = NULL;
	dd_bill bill;
	dd_bill_init(&bill);
	assert_int_equal(dd_engine_new(b, &e), 0);
	dd_charge ch = {.account = "111111111111", .service = "AmazonEC2", .charge_type = "Usage",
			.amount = M("1000000")};
	assert_int_equal(dd_engine_run_month(e, MO("2027-01"), &ch, 1, false, &bill), 0);
	assert_int_equal(bill.contract_year, 0);
	assert_money(bill.gross, "1000000");
	assert_money(bill.credits_before_discount, "200");
	assert_money(bill.discount, "99980");
	assert_money(bill.credits_after_discount, "100000");
	assert_money(bill.support_fee, "58050");
	assert_money(bill.support_credits, "0");
	assert_money(bill.payable, "857870");
	const dd_credit *sign = dd_book_credit(b, "EDP-SIGN");
	assert_non_null(sign);
	assert_money(bill.credits[sign - b->credits].applied, "100000");
	assert_money(bill.credits[dd_book_credit(b, "REPLACED") - b->credits].remaining, "0");
	/* the base's 2026 credits expired before the first month run */
	assert_money(bill.credits[dd_book_credit(b, "KEEP") - b->credits].remaining, "0");
	dd_bill_dispose(&bill);
	dd_engine_free(e);
	dd_offer_free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inheritance),	   cmocka_unit_test(test_replace_everything),
		cmocka_unit_test(test_base_resolution),	   cmocka_unit_test(test_offer_key_problems),
		cmocka_unit_test(test_remove_problems),	   cmocka_unit_test(test_merged_problems),
		cmocka_unit_test(test_return_codes),	   cmocka_unit_test(test_engine_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
