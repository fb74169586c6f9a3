/* cmd_calendar.c: `drawdown calendar`: every dated event of the book
 * (credit starts, expiries and unlocks, contract year ends, the renewal
 * window, its critical mark, the agreement's end) from a date on, as a
 * table, as JSON, or as an iCalendar file a calendar app subscribes to
 * (calendar.h). Reads the book only: no store. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"


typedef struct {
	dd_date as_of, from, to;
	bool has_to, json, ics;
	const char *out;
} cal_args;

typedef struct {
	const char *as_of, *from, *to, *out;
	bool json, ics, csv;
} cal_given;

static const cli_option options[] = {
	{.name = "as-of", .metavar = "YYYY-MM-DD",
	 .help = "today's date for the calendar (default: today, UTC); the\n"
		 "iCalendar's DTSTAMP, so the same date gives the same bytes",
	 .at = offsetof(cal_given, as_of)},
	{.name = "from", .metavar = "YYYY-MM-DD", .help = "the first day listed (default: the as-of date)",
	 .at = offsetof(cal_given, from)},
	{.name = "to", .metavar = "YYYY-MM-DD", .help = "the last day listed (default: no end)", .at = offsetof(cal_given, to)},
	{.name = "json",
	 .help = "{\"events\":[{\"date\",\"kind\",\"subject\",\"amount\",\"message\"}]}\n"
		 "(docs/cli.md); amounts exact",
	 .at = offsetof(cal_given, json)},
	CLI_OPTION_CSV(cal_given, csv),
	{.name = "ics",
	 .help = "an RFC 5545 iCalendar (Google Calendar, Outlook): all-day\n"
		 "events with stable UIDs, an alarm a week before deadlines",
	 .at = offsetof(cal_given, ics)},
	{.name = "out", .metavar = "FILE", .help = "with --ics: write FILE (atomically) instead of stdout",
	 .at = offsetof(cal_given, out), .complete = "file"},
	{0},
};

const cli_spec cli_spec_calendar = {
	.verb = "calendar",
	.summary = "every dated event: credits, contract years, renewal (table, JSON, iCalendar)",
	.synopsis = "calendar [--as-of YYYY-MM-DD] [--from YYYY-MM-DD] [--to YYYY-MM-DD] "
		    "[--json | --csv | --ics [--out FILE]]",
	.description = "Every dated event of the book, in date order: credit_start, credit_expiry,\n"
		       "unlock (dated milestones, tranches opening), contract_year_end,\n"
		       "renewal_window_opens (9 months before the agreement ends), renewal_critical\n"
		       "(60 days before), agreement_end. Events before --from are not listed.\n",
	.notes = "--csv: the events: date, event (the kind), subject, amount, what (the message).\n",
	.options = options,
};

static int date_opt(const char *opt, const char *s, dd_date *out)
{
	if (!dd_date_parse(s, strlen(s), out)) return 0;
	fprintf(stderr, "drawdown: calendar: --%s: expected YYYY-MM-DD, got \"%s\" (see 'drawdown calendar --help')\n",
		opt, s);
	return CLI_USAGE;
}

static int parse_args(cli_ctx *ctx, int argc, char **argv, cal_args *a)
{
	cal_given g = {0};
	memset(a, 0, sizeof *a);
	int rc = cli_parse_spec(ctx, &cli_spec_calendar, &g, argc, argv, NULL);
	if (rc) return rc;
	const char *from = g.from, *to = g.to;
	a->json = g.json;
	a->ics = g.ics;
	a->out = g.out;
	if ((rc = cli_as_of("calendar", g.as_of, &a->as_of))) return rc;
	a->from = a->as_of;
	if (from && (rc = date_opt("from", from, &a->from))) return rc;
	if (to && (rc = date_opt("to", to, &a->to))) return rc;
	a->has_to = to != NULL;
	const char *why = NULL;
	if (a->json && a->ics) why = "--json and --ics cannot be used together";
	else if (g.csv && (a->json || a->ics)) why = "--csv cannot be used with --json or --ics";
	else if (a->out && !a->ics) why = "--out is for --ics";
	else if (a->out && !*a->out) why = "--out needs a file name";
	else if (a->has_to && dd_date_cmp(a->to, a->from) < 0) why = "--to is before --from";
	if (why) {
		fprintf(stderr, "drawdown: calendar: %s (see 'drawdown calendar --help')\n", why);
		return CLI_USAGE;
	}
	return 0;
}

/* ---- output ------------------------------------------------------------ */

static int print_json(const dd_book *book, const cal_args *a, const dd_calendar *cal)
{
	char d[11];
	cli_json j;
	js_init(&j, stdout);
	js_obj(&j, NULL);
	js_str(&j, "as_of", dd_date_format(a->as_of, d));
	js_str(&j, "from", dd_date_format(a->from, d));
	js_str(&j, "to", a->has_to ? dd_date_format(a->to, d) : NULL);
	js_str(&j, "currency", book->currency);
	js_arr(&j, "events");
	for (size_t i = 0; i < cal->n; i++) {
		const dd_event *e = &cal->items[i];
		js_obj(&j, NULL);
		js_str(&j, "date", dd_date_format(e->date, d));
		js_str(&j, "kind", dd_event_kind_name(e->kind));
		js_str(&j, "subject", e->subject);
		if (e->has_amount) js_money(&j, "amount", e->amount);
		else js_str(&j, "amount", NULL);
		js_str(&j, "message", e->message);
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_obj_end(&j);
	return js_done(&j);
}

static int print_table(const dd_book *book, const cal_args *a, const dd_calendar *cal)
{
	char d1[11], d2[11], d3[11], amt[DD_MONEY_STRMAX];
	bool csv = cli_mode_get()->csv;
	if (!csv)
		printf("Calendar of %s from %s%s%s (as of %s, %s)\n\n", book->path, dd_date_format(a->from, d1),
	       a->has_to ? " through " : " on", a->has_to ? dd_date_format(a->to, d2) : "", dd_date_format(a->as_of, d3),
	       book->currency);
	if (cal->n == 0 && !csv) {
		printf("  No dated events.\n");
	} else {
		cli_table t;
		cli_table_init(&t, "lllrl", 5);
		cli_table_head(&t, "DATE", "EVENT", "SUBJECT", "AMOUNT", "WHAT");
		for (size_t i = 0; i < cal->n; i++) {
			const dd_event *e = &cal->items[i];
			cli_table_row(&t, dd_date_format(e->date, d1), dd_event_kind_name(e->kind), e->subject,
				      e->has_amount ? cli_cents(e->amount, amt) : "", e->message);
		}
		cli_table_print(&t, stdout, csv ? 0 : 2);
		cli_table_free(&t);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) return cli_fail("calendar: cannot write the output");
	return CLI_OK;
}

static int write_ics(const dd_book *book, const cal_args *a, const dd_calendar *cal)
{
	char name[128];
	snprintf(name, sizeof name, "drawdown: payer %s", book->payer);
	dd_ics_options o = {.stamp = a->as_of, .name = name, .uid_tag = book->payer, .currency = book->currency};
	char *text = NULL;
	size_t len = 0;
	if (dd_calendar_ics(cal, &o, &text, &len)) return cli_error();
	int rc = CLI_OK;
	if (a->out) {
		rc = cli_write_file("calendar", a->out, text, len);
		if (!rc) printf("%zu event%s written to %s\n", cal->n, cal->n == 1 ? "" : "s", a->out);
	} else if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
		rc = cli_fail("calendar: cannot write the output");
	}
	free(text);
	return rc;
}

int cmd_calendar(cli_ctx *ctx, int argc, char **argv)
{
	cal_args a;
	int rc = parse_args(ctx, argc, argv, &a);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	dd_book *book = NULL;
	dd_store *store = NULL;
	dd_calendar cal = {0};
	cli_claims claims = {0};
	if ((rc = cli_load_book(ctx, &book))) return rc;
	/* the SLA claims' deadlines need the incidents' charges: the store when there is one */
	if (book->nincidents && dd_store_open_readonly(ctx->db, &store)) {
		dd_error_clear();
		store = NULL;
	}
	if (book->nincidents && (rc = cli_claims_load(book, store, DD_MONTH_NONE, a.as_of, &claims))) goto out;
	if (dd_calendar_events_claims(book, &claims.claims, &a.from, a.has_to ? &a.to : NULL, &cal)) rc = cli_error();
	else if (a.ics) rc = write_ics(book, &a, &cal);
	else if (a.json) rc = print_json(book, &a, &cal);
	else rc = print_table(book, &a, &cal);
out:
	dd_calendar_dispose(&cal);
	cli_claims_free(&claims);
	dd_store_close(store);
	dd_book_free(book);
	return rc;
}
