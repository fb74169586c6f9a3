/* cmd_sla_approve.c: `drawdown sla approve INCIDENT-ID --amount X [--date D]`:
 * when AWS confirms an SLA claim, the credit it grants goes into the book as
 * `id: SLA-<INCIDENT-ID>`, `type: sla`, on the incident's service, owned by
 * its first affected account (else the payer), from the first day of the
 * month after the approval (credits apply to future bills) to the last day
 * of its 12th month: approved 2026-11-15, 2026-12-01 to 2027-11-30. The
 * claims then show `approved`. A text edit of the file holding the credits
 * (book_edit.h), checked before it is written; refused, with nothing
 * written, for an unknown incident, a second approval, an amount not above
 * 0. */
#include <stdlib.h>
#include <string.h>

#include "book_append.h"
#include "sla_approve.h"


typedef struct {
	const char *amount, *date;
} approve_args;

static const cli_option options[] = {
	{.name = "amount", .metavar = "X", .help = "the credit approved, an exact amount > 0 (1234.56)",
	 .at = offsetof(approve_args, amount)},
	{.name = "date", .metavar = "YYYY-MM-DD", .help = "the day AWS approved it (default: today, UTC)",
	 .at = offsetof(approve_args, date)},
	{0},
};

const cli_spec cli_spec_sla_approve = {
	.verb = "sla approve",
	.summary = "record the SLA credit AWS approved, as a credit in the book",
	.synopsis = "sla approve INCIDENT-ID --amount X [--date YYYY-MM-DD]",
	.description = "Record the SLA credit AWS approved for the book's incident INCIDENT-ID: a credit\n"
		       "SLA-INCIDENT-ID of type sla, on the incident's service, owned by its first\n"
		       "affected account (else the payer), usable from the first day of the month after\n"
		       "the approval to the last day of its 12th month (approved 2026-11-15: 2026-12-01\n"
		       "to 2027-11-30). It is appended to the book's credits (in the file that holds\n"
		       "them), keeping every other line; the incident's claims then show approved. An\n"
		       "unknown incident, a second approval, an amount not above 0, or a book that would\n"
		       "not pass 'drawdown check' writes nothing and exits 1.\n",
	.options = options,
};

static int parse(cli_ctx *ctx, int argc, char **argv, approve_args *a, const char **incident)
{
	int npos = 0;
	int rc = cli_parse_spec(ctx, &cli_spec_sla_approve, a, argc, argv, &npos);
	*incident = npos >= 1 ? argv[1] : NULL;
	const char *extra = npos > 1 ? argv[2] : NULL;
	if (rc) return rc;
	const char *why = !*incident ? "INCIDENT-ID is required" : extra ? "one INCIDENT-ID only" : !a->amount ? "--amount X is required" : NULL;
	if (why) {
		fprintf(stderr, "drawdown: sla approve: %s (see 'drawdown sla approve --help')\n", why);
		return CLI_USAGE;
	}
	return 0;
}

static const dd_incident *find_incident(const dd_book *b, const char *id)
{
	for (size_t i = 0; i < b->nincidents; i++)
		if (b->incidents[i].id && !strcmp(b->incidents[i].id, id)) return &b->incidents[i];
	return NULL;
}

/* The credit's fields, in the order docs/book.md lists them. */
static int build(dd_book_entry *e, const char *id, dd_money amount, dd_date start, dd_date expires, const char *owner,
		 const dd_incident *inc, dd_date approved)
{
	char m[DD_MONEY_STRMAX], s[11], x[11], d[11], desc[512];
	snprintf(desc, sizeof desc, "SLA credit for incident %s, approved %s", inc->id, dd_date_format(approved, d));
	const char *services[] = {inc->service};
	int rc = dd_book_entry_value(e, "id", id);
	if (!rc) rc = dd_book_entry_value(e, "type", "sla");
	if (!rc) rc = dd_book_entry_value(e, "amount", dd_money_format(amount, m));
	if (!rc) rc = dd_book_entry_value(e, "start", dd_date_format(start, s));
	if (!rc) rc = dd_book_entry_value(e, "expires", dd_date_format(expires, x));
	if (!rc) rc = dd_book_entry_text(e, "owner", owner);
	if (!rc) rc = dd_book_entry_list(e, "services", services, 1);
	if (!rc) rc = dd_book_entry_text(e, "description", desc);
	return rc;
}

int cli_sla_approve(cli_ctx *ctx, int argc, char **argv)
{
	approve_args a = {0};
	const char *incident = NULL;
	int rc = parse(ctx, argc, argv, &a, &incident);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	dd_date approved;
	if (a.date && dd_date_parse(a.date, strlen(a.date), &approved)) {
		fprintf(stderr, "drawdown: sla approve: --date: expected YYYY-MM-DD, got \"%s\" (see 'drawdown sla approve --help')\n",
			a.date);
		return CLI_USAGE;
	}
	if (!a.date && (rc = cli_as_of("sla approve", NULL, &approved))) return rc;
	dd_money amount;
	if (dd_money_parse(a.amount, strlen(a.amount), &amount, NULL))
		return cli_fail("sla approve: --amount: expected an exact amount such as 1234.56 (no thousands separators), got "
				"\"%s\" (nothing written)", a.amount);
	if (!dd_money_is_pos(amount))
		return cli_fail("sla approve: --amount must be more than 0, got %s (nothing written)", a.amount);

	dd_book *book = NULL;
	if ((rc = cli_load_book(ctx, &book))) return rc;
	dd_book_entry *e = NULL;
	const dd_incident *inc = find_incident(book, incident);
	size_t n = strlen(incident) + 8;
	char *id = malloc(n), what[256];
	if (!id) {
		rc = cli_fail("out of memory");
		goto out;
	}
	snprintf(id, n, "SLA-%s", incident);
	const dd_credit *had = dd_book_credit(book, id);
	if (!inc) {
		rc = cli_fail("sla approve: no incident \"%s\" in the book %s (%zu incident%s; 'drawdown incident list')",
			      incident, book->path, book->nincidents, book->nincidents == 1 ? "" : "s");
		goto out;
	}
	if (had) {
		rc = cli_fail("sla approve: incident %s is already approved: credit %s at %s:%d:%d (nothing written)",
			      incident, id, had->file ? had->file : book->path, had->line, had->column);
		goto out;
	}
	if (!dd_credit_id_valid(id)) {
		rc = cli_fail("sla approve: %s cannot be a credit id (1 to 128 characters, no '#'); record this credit by hand",
			      id);
		goto out;
	}
	/* Credits apply to future bills: from the next month, for 12 months. */
	dd_month first = dd_date_month(approved) + 1;
	dd_date start = {(int16_t)DD_MONTH_YEAR(first), (int8_t)DD_MONTH_MON(first), 1};
	dd_date expires = dd_month_last_day(first + 11);
	const char *owner = inc->naccounts ? inc->accounts[0] : book->payer;
	if (!(e = dd_book_entry_new())) {
		rc = cli_fail("out of memory");
		goto out;
	}
	if (build(e, id, amount, start, expires, owner, inc, approved)) {
		rc = cli_fail("sla approve: %s (nothing written)", dd_error_last());
		goto out;
	}
	char amt[DD_MONEY_STRMAX], s[11], x[11];
	snprintf(what, sizeof what, "credit %.128s (sla, %s %s, %s to %s, owner %s)", id, cli_cents(amount, amt),
		 book->currency, dd_date_format(start, s), dd_date_format(expires, x), owner);
	rc = cli_book_append(ctx, "sla approve", DD_BOOK_LIST_CREDITS, e, what);
out:
	dd_book_entry_free(e);
	free(id);
	dd_book_free(book);
	return rc;
}
