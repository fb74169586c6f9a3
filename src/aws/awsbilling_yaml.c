/* awsbilling_yaml.c: AWS's credits (get-credits) written as an includable
 * book file, a `credits:` list with the field names of docs/book.md, so a
 * team starts its book from AWS's own list and edits from there. What the
 * book cannot say (remaining balance, cost-category sharing, a currency
 * other than the book's) is kept as YAML comments next to the credit. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "drawdown/awsbilling.h"

/* ---- credit type ---- */

/* Words of `s` (lower-cased, split on anything not a letter or digit)
 * matched against a table, so "MAP" matches but "bitmap" does not. */
typedef struct {
	const char *word;
	dd_credit_type type;
} type_word;

static const type_word type_words[] = {
	{"edp", DD_CREDIT_EDP},           {"ppa", DD_CREDIT_EDP},
	{"map", DD_CREDIT_MAP},           {"migration", DD_CREDIT_MAP},
	{"poc", DD_CREDIT_POC},           {"graviton", DD_CREDIT_GRAVITON},
	{"marketplace", DD_CREDIT_MARKETPLACE}, {"partner", DD_CREDIT_PARTNER},
	{"apn", DD_CREDIT_PARTNER},       {"sla", DD_CREDIT_SLA},
	{"outage", DD_CREDIT_SLA},        {"support", DD_CREDIT_SUPPORT},
	{"promotion", DD_CREDIT_PROMOTIONAL}, {"promotional", DD_CREDIT_PROMOTIONAL},
	{"promo", DD_CREDIT_PROMOTIONAL},
};

/* The most specific programme named in s: any type but promotional wins;
 * promotional when only that is named; -1 when nothing is. */
static int type_from_text(const char *s)
{
	int found = -1;
	if (!s) return -1;
	while (*s) {
		while (*s && !isalnum((unsigned char)*s)) s++;
		char w[24];
		size_t n = 0;
		for (; isalnum((unsigned char)*s); s++)
			if (n + 1 < sizeof w) w[n++] = (char)tolower((unsigned char)*s);
		w[n] = 0;
		for (size_t i = 0; n && i < sizeof type_words / sizeof *type_words; i++) {
			if (strcmp(w, type_words[i].word)) continue;
			if (type_words[i].type != DD_CREDIT_PROMOTIONAL) return (int)type_words[i].type;
			found = DD_CREDIT_PROMOTIONAL;
		}
	}
	return found;
}

dd_credit_type dd_aws_credit_book_type(const dd_aws_credit *c)
{
	/* AWS issues most programme credits (MAP, POC, ...) with a generic
	 * type such as "Promotion"; the programme is then in the description. */
	int t = type_from_text(c->credit_type);
	if (t >= 0 && t != DD_CREDIT_PROMOTIONAL) return (dd_credit_type)t;
	int d = type_from_text(c->description);
	if (d >= 0 && d != DD_CREDIT_PROMOTIONAL) return (dd_credit_type)d;
	if (t == DD_CREDIT_PROMOTIONAL || d == DD_CREDIT_PROMOTIONAL) return DD_CREDIT_PROMOTIONAL;
	return DD_CREDIT_OTHER;
}

/* ---- YAML text ---- */

/* Length of the UTF-8 sequence at s and its code point; 1 and -1 when the
 * bytes are not valid UTF-8 (jansson only hands out valid UTF-8, but the
 * writer does not rely on it). */
static size_t utf8_next(const unsigned char *s, long *cp)
{
	if (s[0] < 0x80) { *cp = s[0]; return 1; }
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	if (!n || s[0] > 0xf4) { *cp = -1; return 1; }
	long v = s[0] & (0x3f >> (n - 1));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) { *cp = -1; return 1; }
		v = (v << 6) | (s[i] & 0x3f);
	}
	*cp = v;
	return n;
}

/* Written as is: YAML's printable set, less the characters YAML 1.1 reads
 * as line breaks (NEL, LS, PS) or a byte order mark; the rest is escaped. */
static bool yaml_printable(long cp)
{
	if (cp == 0x2028 || cp == 0x2029 || cp == 0xfeff) return false;
	return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
	       (cp >= 0x10000 && cp <= 0x10ffff);
}

/* The body of a double-quoted scalar: the one YAML style that can hold
 * any text. */
static void put_escaped(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		long cp;
		size_t n = utf8_next(p, &cp);
		if (cp == '"' || cp == '\\') fprintf(f, "\\%c", (int)cp);
		else if (cp == '\n') fputs("\\n", f);
		else if (cp == '\t') fputs("\\t", f);
		else if (cp < 0) fputs("\\uFFFD", f);
		else if (yaml_printable(cp)) fwrite(p, 1, n, f);
		else if (cp <= 0xff) fprintf(f, "\\x%02X", (unsigned)cp);
		else if (cp <= 0xffff) fprintf(f, "\\u%04lX", cp);
		else fprintf(f, "\\U%08lX", cp);
		p += n;
	}
}

static void put_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	put_escaped(f, s);
	fputc('"', f);
}

/* Comment text: one line. What put_escaped would escape (controls, NEL, LS
 * and PS, which YAML reads as line breaks even in a comment, a BOM, bad
 * UTF-8) becomes a space: a comment has no escapes. */
static void put_comment_text(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		long cp;
		size_t n = utf8_next(p, &cp);
		if (cp >= 0 && yaml_printable(cp)) fwrite(p, 1, n, f);
		else fputc(' ', f);
		p += n;
	}
}

static void put_date(FILE *f, const char *key, dd_date d)
{
	char b[16];
	fprintf(f, "    %s: %s\n", key, dd_date_format(d, b));
}

static void put_services(FILE *f, const dd_aws_credit *c)
{
	if (!c->nproducts) {
		fputs("    services: all\n", f);
		return;
	}
	fputs("    services: [", f);
	for (size_t i = 0; i < c->nproducts; i++) {
		if (i) fputs(", ", f);
		put_quoted(f, c->products[i]);
	}
	fputs("]\n", f);
}

static void put_sharing(FILE *f, const dd_aws_credit *c)
{
	switch (c->sharing) {
	case DD_AWS_SHARING_DISABLED:
		fputs("    sharing: disabled\n", f);
		return;
	case DD_AWS_SHARING_CUSTOM:
		if (!c->nshare_with) {
			fputs("    sharing: disabled\n    # AWS: CUSTOM sharing with no shareable accounts\n", f);
			return;
		}
		fputs("    sharing: [", f);
		for (size_t i = 0; i < c->nshare_with; i++) {
			if (i) fputs(", ", f);
			put_quoted(f, c->share_with[i]);
		}
		fputs("]\n", f);
		return;
	case DD_AWS_SHARING_COST_CATEGORY:
		fputs("    sharing: default\n    # AWS: shared by a cost category rule", f);
		if (c->cost_category_arn) {
			fputs(" (", f);
			put_comment_text(f, c->cost_category_arn);
			fputc(')', f);
		}
		fputs("; list the accounts it reaches to restrict it\n", f);
		return;
	default:
		fputs("    sharing: default\n", f);
	}
}

/* endDate at exactly 00:00:00 UTC is read as an exclusive bound: the credit
 * ends with the previous day. Returns true when that adjustment applied. */
static bool expiry_date(const dd_aws_credit *c, dd_date *out)
{
	int64_t end = c->end;
	bool midnight = end % 86400 == 0 && end > c->start;
	if (midnight) end -= 86400;
	*out = dd_epoch_date(end);
	return midnight;
}

static void put_status_comments(FILE *f, const dd_aws_credit *c, bool midnight, dd_date expires)
{
	char m[DD_MONEY_STRMAX], b[16];
	fprintf(f, "    # AWS: remaining %s", dd_money_format(c->remaining, m));
	if (c->has_estimated) fprintf(f, ", estimated %s", dd_money_format(c->estimated, m));
	if (c->has_exhaust) fprintf(f, ", exhausted on %s", dd_date_format(dd_epoch_date(c->exhaust), b));
	fputc('\n', f);
	if (c->currency[0] && strcmp(c->currency, "USD"))
		fprintf(f, "    # AWS: amounts in %s; the book's currency must match\n", c->currency);
	if (midnight) {
		dd_date next = dd_epoch_date(c->end);
		fprintf(f, "    # AWS: endDate %s 00:00 UTC read as the end of", dd_date_format(next, b));
		fprintf(f, " %s\n", dd_date_format(expires, b));
	}
}

static void put_credit(FILE *f, const dd_aws_credit *c)
{
	char m[DD_MONEY_STRMAX];
	dd_date expires;
	bool midnight = expiry_date(c, &expires);
	fputs("  - id: ", f);
	put_quoted(f, c->credit_id);
	fprintf(f, "\n    type: %s\n    description: ", dd_credit_type_name(dd_aws_credit_book_type(c)));
	/* The AWS type is kept in front of AWS's description. */
	fputc('"', f);
	put_escaped(f, c->credit_type);
	if (c->description) {
		fputs(": ", f);
		put_escaped(f, c->description);
	}
	fputc('"', f);
	fprintf(f, "\n    amount: %s\n", dd_money_format(c->initial, m));
	put_date(f, "start", dd_epoch_date(c->start));
	put_date(f, "expires", expires);
	fputs("    owner: ", f);
	put_quoted(f, c->account);
	fputc('\n', f);
	put_services(f, c);
	fprintf(f, "    applies: %s\n", c->application == DD_AWS_APPLY_AFTER_DISCOUNTS ? "after_discount" : "before_discount");
	put_sharing(f, c);
	fprintf(f, "    status: %s\n", c->enabled ? "enabled" : "paused");
	put_status_comments(f, c, midnight, expires);
}

int dd_aws_credits_write_yaml(const dd_aws_credits *c, const char *source, FILE *f)
{
	dd_error_clear();
	fputs("# Credits from `aws billing get-credits`", f);
	if (source) {
		fputs(" (", f);
		put_comment_text(f, source);
		fputc(')', f);
	}
	fputs(", written by drawdown.\n"
	      "# Include this file from the book (include: [this-file.yaml]); owners and\n"
	      "# shared accounts must be the payer or listed under organization.accounts.\n",
	      f);
	return dd_aws_credits_write_list(c, f);
}

int dd_aws_credits_write_list(const dd_aws_credits *c, FILE *f)
{
	dd_error_clear();
	if (!c->n) fputs("credits: []\n", f);
	else fputs("credits:\n", f);
	for (size_t i = 0; i < c->n; i++) put_credit(f, &c->items[i]);
	if (fflush(f) || ferror(f)) return dd_error_set(DD_EIO, "writing the credits YAML failed");
	return 0;
}
