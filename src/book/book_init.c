/* book_init.c: the text of a first book from what the charges show
 * (book_init.h). Every section says in a comment where its values came
 * from and what to fill in; what only a contract can say is marked TODO
 * with a value the loader accepts, so the book passes `drawdown check` as
 * written and bills the list price until the terms are filled in. Values
 * from the exports (names, ids) are written double-quoted with the book
 * editor's escapes; comments get the text with anything that could end a
 * comment line replaced. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "book_int.h"
#include "drawdown/book_init.h"

typedef struct {
	char *p;
	size_t n, cap;
	int err; /* the first failure: DD_ENOMEM or DD_EINVALID */
	const char *bad; /* what held text that is not UTF-8 */
} tbuf;

static void put_n(tbuf *b, const char *s, size_t n)
{
	if (b->err) return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (cap < b->n + n + 1) cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->err = DD_ENOMEM;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void put(tbuf *b, const char *s) { put_n(b, s, strlen(s)); }

static void putf(tbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(tbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0) b->err = DD_ENOMEM;
	else put_n(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A quoted scalar of text s (what = the field, for the message). */
static void put_quoted(tbuf *b, const char *s, const char *what)
{
	char *q;
	if (b->err) return;
	int rc = dd__book_quote(s, &q);
	if (rc) {
		b->err = rc;
		b->bad = what;
		return;
	}
	put(b, q);
	free(q);
}

/* Text inside a comment: bytes below a space, DEL, and the UTF-8 of NEL,
 * LS and PS (which YAML reads as line breaks) become spaces. */
static void put_comment_text(tbuf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) put(b, " ");
		else if (p[0] == 0xc2 && p[1] == 0x85) put(b, " "), p++;
		else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) put(b, " "), p += 2;
		else put_n(b, (const char *)p, 1);
	}
}

static bool id_ok(const char *s)
{
	size_t n = strlen(s);
	if (!n || n >= DD_ACCOUNT_MAX) return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '-'))
			return false;
	return true;
}

/* ---- what the facts imply ---- */

static bool has_word(const char *s, const char *w) { return strcasestr(s, w) != NULL; }

dd_support_plan dd_book_init_plan(const char *service)
{
	if (!service) return DD_SUPPORT_NONE;
	/* On-Ramp before Enterprise: its names hold both words. */
	if (has_word(service, "OnRamp") || has_word(service, "On-Ramp") || has_word(service, "On Ramp"))
		return DD_SUPPORT_ENTERPRISE_ON_RAMP;
	if (has_word(service, "Enterprise")) return DD_SUPPORT_ENTERPRISE;
	if (has_word(service, "Business")) return DD_SUPPORT_BUSINESS;
	if (has_word(service, "Developer")) return DD_SUPPORT_DEVELOPER;
	return DD_SUPPORT_NONE;
}

const char *dd_support_plan_name(dd_support_plan p)
{
	switch (p) {
	case DD_SUPPORT_DEVELOPER: return "developer";
	case DD_SUPPORT_BUSINESS: return "business";
	case DD_SUPPORT_ENTERPRISE_ON_RAMP: return "enterprise_on_ramp";
	case DD_SUPPORT_ENTERPRISE: return "enterprise";
	default: return "basic";
	}
}

/* -discount / eligible in hundredths of a percent, half-even; false when
 * the month had no eligible spend or the quotient is out of range. */
static bool month_bp(const dd_init_discount *d, long long *bp)
{
	if (!dd_money_is_pos(d->eligible)) return false;
	dd_i128 num = -d->discount.v, den = d->eligible.v;
	/* |discount| is at most 10^9 units (10^27 raw) in any real bill; the
	 * bound keeps num * 10^4 inside 128 bits. */
	const dd_i128 max = DD_MONEY_SCALE * (dd_i128)100000000000LL; /* 10^29 */
	if (num < 0 || num > max) return false;
	num *= 10000;
	dd_i128 q = num / den, r = num % den;
	if (2 * r > den || (2 * r == den && (q & 1))) q++;
	if (q > 10000) return false;
	*bp = (long long)q;
	return true;
}

static dd_money from_bp(long long bp)
{
	dd_money m = {(dd_i128)bp * (DD_MONEY_SCALE / 100)};
	return m;
}

int dd_book_init_discount(const dd_init_discount *d, size_t n, dd_money *pct, dd_money *lo, dd_money *hi)
{
	long long min = -1, max = -1, bp;
	for (size_t i = 0; i < n; i++) {
		if (!month_bp(&d[i], &bp)) continue;
		if (min < 0 || bp < min) min = bp;
		if (max < 0 || bp > max) max = bp;
	}
	if (lo) *lo = from_bp(min < 0 ? 0 : min);
	if (hi) *hi = from_bp(max < 0 ? 0 : max);
	if (min < 0 || min != max) return 0;
	*pct = from_bp(min);
	return 1;
}

/* ---- sections ---- */

static void header(tbuf *b, const dd_book_init *in)
{
	char m1[8], m2[8];
	put(b, "# A first book, written by `drawdown init` from the charges in the store");
	if (in->source) {
		put(b, "\n# ");
		put_comment_text(b, in->source);
	}
	if (in->first != DD_MONTH_NONE)
		putf(b, " (%s to %s)", dd_month_format(in->first, m1), dd_month_format(in->last, m2));
	put(b, ".\n"
	       "# It holds what the charges show; what only your contracts say (credits,\n"
	       "# the agreement's terms) is marked TODO. Until it is filled in, bills are\n"
	       "# at list price less what is here. `drawdown check` validates it, and\n"
	       "# docs/book.md documents every field.\n"
	       "currency: USD\n\n");
}

static void organization(tbuf *b, const dd_book_init *in)
{
	put(b, "# The payer (management) account of the imported charges and every usage\n"
	       "# account with charges, named as the exports named them. Give an account\n"
	       "# `sharing: off` when its credits stay home, `joined: YYYY-MM-DD` when it\n"
	       "# joined the organization.\n"
	       "organization:\n  payer: ");
	put_quoted(b, in->payer, "the payer");
	put(b, "\n");
	if (in->nother_payers) {
		put(b, "  # The store also holds charges of other payers, billed here as one\n"
		       "  # organization with this one:");
		for (size_t i = 0; i < in->nother_payers; i++) {
			put(b, i ? ", " : " ");
			put_comment_text(b, in->other_payers[i]);
		}
		put(b, ".\n");
	}
	put(b, "  credit_sharing: on\n");
	size_t kept = 0;
	for (size_t i = 0; i < in->naccounts; i++) kept += id_ok(in->accounts[i].id);
	put(b, kept ? "  accounts:\n" : "  accounts: []\n");
	for (size_t i = 0; i < in->naccounts; i++) {
		const dd_init_account *a = &in->accounts[i];
		if (!id_ok(a->id)) {
			put(b, "  # left out: account id \"");
			put_comment_text(b, a->id);
			put(b, "\" is not an account id a book can hold (1 to 31 letters, digits or '-')\n");
			continue;
		}
		put(b, "    - { id: ");
		put_quoted(b, a->id, "an account id");
		if (a->name && *a->name) {
			put(b, ", name: ");
			put_quoted(b, a->name, "an account name");
		}
		put(b, " }");
		if (a->why) {
			put(b, "  # ");
			put_comment_text(b, a->why);
		} else if (!a->name || !*a->name) {
			put(b, "  # TODO: name it (the exports gave no name)");
		}
		put(b, "\n");
	}
	put(b, "\n");
}

static void support(tbuf *b, const dd_book_init *in)
{
	char m1[8], m2[8];
	/* The plan of the latest month with support charges (a plan changed
	 * in the period shows as two services). */
	const dd_init_support *last = NULL;
	for (size_t i = 0; i < in->nsupport; i++)
		if (dd_book_init_plan(in->support[i].service) != DD_SUPPORT_NONE && (!last || in->support[i].last > last->last))
			last = &in->support[i];
	if (!last) {
		put(b, "# No support charges were imported: Basic support (free), or a plan\n"
		       "# billed elsewhere. Plans: basic | developer | business |\n"
		       "# enterprise_on_ramp | enterprise.\n");
		for (size_t i = 0; i < in->nsupport; i++) {
			put(b, "# (charges of support service \"");
			put_comment_text(b, in->support[i].service);
			put(b, "\" name no plan drawdown knows)\n");
		}
		put(b, "support:\n  plan: basic\n\n");
		return;
	}
	dd_support_plan plan = dd_book_init_plan(last->service);
	put(b, "# The support plan the support charges imply: the charges of\n# ");
	put_comment_text(b, last->service);
	putf(b, " from %s to %s.\n", dd_month_format(last->first, m1), dd_month_format(last->last, m2));
	for (size_t i = 0; i < in->nsupport; i++) {
		if (&in->support[i] == last) continue;
		put(b, "# Also seen: ");
		put_comment_text(b, in->support[i].service);
		putf(b, " from %s to %s.\n", dd_month_format(in->support[i].first, m1),
		     dd_month_format(in->support[i].last, m2));
	}
	put(b, "# drawdown computes the fee from the plan's brackets (SPEC 3) and ignores\n"
	       "# the imported support rows. TODO: a negotiated discount on the fee:\n"
	       "#   discount_percent: 10\n");
	putf(b, "support:\n  plan: %s\n\n", dd_support_plan_name(plan));
}

static void agreement(tbuf *b, const dd_book_init *in)
{
	char m1[8], m2[8], p[DD_MONEY_STRMAX], lo_s[DD_MONEY_STRMAX], hi_s[DD_MONEY_STRMAX];
	if (!in->ndiscounts) {
		put(b, "# No EDP discount rows were imported, so no agreement is written. An EDP\n"
		       "# or private pricing agreement goes here (docs/book.md, agreement):\n"
		       "# agreement:\n"
		       "#   id: EDP-2026\n"
		       "#   start: 2026-01-01\n"
		       "#   years: 3\n"
		       "#   commitment: [1200000, 1500000, 1800000]\n"
		       "#   discount_percent: [6, 7, 8]\n\n");
		return;
	}
	dd_month first = in->discounts[0].month, last = first;
	for (size_t i = 1; i < in->ndiscounts; i++) {
		if (in->discounts[i].month < first) first = in->discounts[i].month;
		if (in->discounts[i].month > last) last = in->discounts[i].month;
	}
	dd_money pct = dd_money_zero(), lo, hi;
	int constant = dd_book_init_discount(in->discounts, in->ndiscounts, &pct, &lo, &hi);
	putf(b,
	     "# An EDP / private pricing agreement: the charges hold EDP discount rows\n"
	     "# from %s to %s (%zu month%s).",
	     dd_month_format(first, m1), dd_month_format(last, m2), in->ndiscounts, in->ndiscounts == 1 ? "" : "s");
	if (constant)
		putf(b, " They are %s%% of the month's usage and fees\n# every month.\n",
		     dd_money_format(dd_money_round(pct, 2), p));
	else
		putf(b, " They are %s%% to %s%% of the month's usage and fees\n"
			"# (before-discount credits and a ramp make them differ).\n",
		     dd_money_format(dd_money_round(lo, 2), lo_s), dd_money_format(dd_money_round(hi, 2), hi_s));
	put(b, "# TODO: the id, start, term and commitment are in your contract. Until\n"
	       "# they are filled in the commitment is 0 (no shortfall is computed).\n"
	       "agreement:\n"
	       "  id: EDP-TODO  # TODO: the agreement's name\n");
	putf(b, "  start: %04d-%02d-01  # TODO: the contract's start date (the first month with discount rows)\n",
	     DD_MONTH_YEAR(first), DD_MONTH_MON(first));
	int years = (int)((last - first) / 12) + 1; /* the years the rows span, at most the book's 10 */
	putf(b, "  years: %d  # TODO: the term in years\n", years > 10 ? 10 : years);
	put(b, "  commitment: 0  # TODO: per contract year, e.g. [1200000, 1500000, 1800000]\n");
	if (constant)
		putf(b, "  discount_percent: %s  # from the discount rows; a list for a ramp, e.g. [6, 7, 8]\n",
		     dd_money_format(dd_money_round(pct, 2), p));
	else
		put(b, "  discount_percent: 0  # TODO: the contract's percent, or a list for a ramp\n");
	put(b, "  commitment_basis: net\n"
	       "  credits_count_toward_commitment: true\n\n");
}

static void credits(tbuf *b, const dd_book_init *in)
{
	if (in->credits_yaml) {
		if (in->credits_note) {
			put(b, "# ");
			put_comment_text(b, in->credits_note);
			put(b, "\n");
		}
		put(b, "# AWS's own list of credits, as AWS reports them. Check each one's type,\n"
		       "# services and `applies` against the agreement that granted it.\n");
		put(b, in->credits_yaml);
		if (b->n && b->p[b->n - 1] != '\n') put(b, "\n");
		return;
	}
	put(b, "# The credits: each grant from your agreements (docs/book.md, credits).\n"
	       "# `drawdown init --credits get-credits.json` starts them from AWS's own list\n"
	       "# (`aws billing get-credits`).\n"
	       "credits: []\n");
}

int dd_book_init_text(const dd_book_init *in, char **out, size_t *len)
{
	dd_error_clear();
	*out = NULL;
	if (len) *len = 0;
	if (!in || !in->payer) return dd_error_set(DD_EUSAGE, "book init: no payer");
	tbuf b = {0};
	header(&b, in);
	organization(&b, in);
	support(&b, in);
	agreement(&b, in);
	credits(&b, in);
	if (b.err) {
		free(b.p);
		if (b.err == DD_EINVALID) return dd_error_set(DD_EINVALID, "book init: %s is not UTF-8 text", b.bad);
		return dd_error_set(DD_ENOMEM, "book init: out of memory");
	}
	*out = b.p;
	if (len) *len = b.n;
	return 0;
}
