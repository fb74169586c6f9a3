/* cmd_sla.c: `drawdown sla`: the SLA credit claims of the book's incidents
 * (claims.h) per SLA, region and month, with both deadlines; `sla claim ID`
 * the Markdown draft AWS asks for; `sla list` the SLA table
 * (cmd_sla_list.c); `sla approve` the approved credit into the book
 * (cmd_sla_approve.c). */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "sla_approve.h"
#include "sla_list.h"

typedef struct {
	const char *month, *as_of, *out;
	bool json, csv, all;
} sla_args;

static const cli_option claim_options[] = {
	{.name = "as-of", .metavar = "YYYY-MM-DD", .help = "today, for the status (default: today, UTC)",
	 .at = offsetof(sla_args, as_of)},
	{.name = "out", .metavar = "FILE", .help = "write the draft to FILE (replaced atomically), not stdout",
	 .at = offsetof(sla_args, out), .complete = "file"},
	{0},
};

static const cli_spec claim_spec = {
	.verb = "sla claim",
	.summary = "the claim draft of an incident (Markdown)",
	.synopsis = "sla claim INCIDENT-ID [--as-of YYYY-MM-DD] [--out FILE]",
	.description = "the claim draft for the incident (Markdown): what AWS Support asks for in an\n"
		       "SLA Credit Request, with the uptime, the credit and both deadlines.\n",
	.options = claim_options,
};

static const cli_option options[] = {
	{.name = "month", .metavar = "YYYY-MM", .help = "one month (default: every month with an incident)",
	 .at = offsetof(sla_args, month)},
	{.name = "as-of", .metavar = "YYYY-MM-DD", .help = "today, for the status (default: today, UTC)",
	 .at = offsetof(sla_args, as_of)},
	{.name = "json",
	 .help = "{\"claims\":[{\"sla\",\"service\",\"region\",\"accounts\",\"month\",\n"
		 "\"incidents\",\"unavailable_minutes\",\"minutes_in_month\",\n"
		 "\"uptime_percent\",\"credit_percent\",\"affected_charges\",\"credit\",\n"
		 "\"recommended_deadline\",\"hard_deadline\",\"status\"}]}",
	 .at = offsetof(sla_args, json)},
	CLI_OPTION_CSV(sla_args, csv),
	{0},
};

const cli_spec cli_spec_sla = {
	.verb = "sla",
	.summary = "SLA credit claims of the incidents: uptime, credit, both deadlines; drafts",
	.synopsis = "sla [--month YYYY-MM] [--as-of YYYY-MM-DD] [--json | --csv]",
	.description = "The SLA credit claims of the book's incidents: one per SLA, region and month\n"
		       "(overlapping incidents counted once; an incident crossing months in each), the\n"
		       "uptime, the credit tier, the affected charges and the credit, the recommended\n"
		       "deadline (30 days after the last incident) and the hard one (the end of the\n"
		       "second month after), and a status: open, below_minimum, late, lost, approved.\n",
	.notes = "--csv: the claims: month, sla, region, unavailable_minutes, uptime_percent,\n"
		 "credit_percent, affected_charges, credit, recommended_deadline, hard_deadline,\n"
		 "status (exact, as --json).\n",
	.args = "claim list approve",
	.options = options,
	.subs = (const cli_spec *const[]){&claim_spec, &cli_spec_sla_list, &cli_spec_sla_approve, NULL},
};

static int print_json(const dd_book *book, dd_date as_of, const dd_claims *c)
{
	char b[11];
	cli_json j;
	js_report(&j, book, as_of);
	js_arr(&j, "claims");
	for (size_t i = 0; i < c->n; i++) {
		const dd_claim *x = &c->items[i];
		js_obj(&j, NULL);
		js_str(&j, "sla", x->sla);
		js_str(&j, "service", x->service);
		js_str(&j, "region", x->region);
		js_arr(&j, "accounts");
		for (size_t a = 0; a < x->naccounts; a++) js_str(&j, NULL, x->accounts[a]);
		js_arr_end(&j);
		js_str(&j, "month", dd_month_format(x->month, b));
		js_arr(&j, "incidents");
		for (size_t a = 0; a < x->nincidents; a++) js_str(&j, NULL, x->incidents[a]);
		js_arr_end(&j);
		js_money(&j, "unavailable_minutes", x->unavailable_minutes);
		js_int(&j, "minutes_in_month", x->minutes_in_month);
		js_money(&j, "uptime_percent", x->uptime_percent);
		js_money(&j, "credit_percent", x->credit_percent);
		js_money(&j, "affected_charges", x->affected_charges);
		js_money(&j, "credit", x->credit);
		js_str(&j, "recommended_deadline", dd_date_format(x->recommended_deadline, b));
		js_str(&j, "hard_deadline", dd_date_format(x->hard_deadline, b));
		js_str(&j, "status", dd_claim_status_name(x->status));
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_obj_end(&j);
	return js_done(&j);
}

static void print_table(const dd_book *book, dd_date as_of, const dd_claims *c)
{
	char b[11], d1[11], d2[11], m[5][DD_MONEY_STRMAX];
	bool csv = cli_mode_get()->csv;
	if (csv) {
		cli_table t;
		cli_table_init(&t, "lllrrrrrlll", 11);
		cli_table_head(&t, "MONTH", "SLA", "REGION", "UNAVAILABLE MINUTES", "UPTIME PERCENT", "CREDIT PERCENT",
			       "AFFECTED CHARGES", "CREDIT", "RECOMMENDED DEADLINE", "HARD DEADLINE", "STATUS");
		for (size_t i = 0; i < c->n; i++) {
			const dd_claim *x = &c->items[i];
			char mo[8], u[DD_MONEY_STRMAX];
			cli_table_row(&t, dd_month_format(x->month, mo), x->sla, x->region ? x->region : "",
				      dd_money_format(x->unavailable_minutes, m[0]), dd_money_format(x->uptime_percent, u),
				      dd_money_format(x->credit_percent, m[2]), cli_cents(x->affected_charges, m[3]),
				      cli_cents(x->credit, m[4]), dd_date_format(x->recommended_deadline, d1),
				      dd_date_format(x->hard_deadline, d2), dd_claim_status_name(x->status));
		}
		cli_table_print(&t, stdout, 0);
		cli_table_free(&t);
		return;
	}
	printf("SLA credit claims as of %s (%s)\n\n", dd_date_format(as_of, b), book->currency);
	if (!c->n) {
		printf("No incident in the book%s.\n", "");
		return;
	}
	cli_table t;
	cli_table_init(&t, "lllrrrrllll", 11);
	cli_table_head(&t, "MONTH", "SLA", "REGION", "DOWN (MIN)", "UPTIME %", "CREDIT %", "AFFECTED", "CREDIT", "RECOMMENDED",
		      "HARD DEADLINE", "STATUS");
	for (size_t i = 0; i < c->n; i++) {
		const dd_claim *x = &c->items[i];
		char mo[8];
		cli_table_row(&t, dd_month_format(x->month, mo), x->sla, x->region ? x->region : "-",
			      dd_money_format(x->unavailable_minutes, m[0]), dd_money_format(dd_money_round(x->uptime_percent, 5), m[1]),
			      dd_money_format(x->credit_percent, m[2]), cli_cents(x->affected_charges, m[3]), cli_cents(x->credit, m[4]),
			      dd_date_format(x->recommended_deadline, d1), dd_date_format(x->hard_deadline, d2),
			      dd_claim_status_name(x->status));
	}
	cli_table_print(&t, stdout, 2);
	cli_table_free(&t);
	printf("\nAWS pays SLA credits only when claimed in time: open a support case (\"SLA Credit Request\") "
	       "before the recommended date; 'drawdown sla claim ID' drafts it.\n");
}

static const dd_incident *find_incident(const dd_book *book, const char *id)
{
	for (size_t i = 0; i < book->nincidents; i++)
		if (!strcmp(book->incidents[i].id, id)) return &book->incidents[i];
	return NULL;
}

/* ISO 8601 UTC of epoch seconds. */
static const char *iso(int64_t t, char *buf, size_t n)
{
	dd_date d = dd_epoch_date(t);
	int64_t s = t - dd_days_from_civil(d.year, d.month, d.day) * 86400;
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day, (int)(s / 3600), (int)(s / 60 % 60),
		 (int)(s % 60));
	return buf;
}

/* The Markdown draft of the claims holding incident `id`. */
static char *draft(const dd_book *book, const dd_claims *c, const dd_incident *inc, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	if (!f) return NULL;
	char b1[32], b2[32], d1[11], d2[11], m[4][DD_MONEY_STRMAX], mo[8];
	fprintf(f, "# SLA Credit Request\n\n");
	fprintf(f, "Subject: **SLA Credit Request**: %s, %s%s%s\n\n", dd_sla_name(inc->sla), inc->service,
		inc->region ? ", " : "", inc->region ? inc->region : "");
	fprintf(f, "Open a case with AWS Support (Account and billing) from the payer account %s with the subject above "
		   "and the contents below.\n\n", book->payer);
	for (size_t i = 0; i < c->n; i++) {
		const dd_claim *x = &c->items[i];
		bool ours = false;
		for (size_t k = 0; k < x->nincidents; k++) ours |= !strcmp(x->incidents[k], inc->id);
		if (!ours) continue;
		fprintf(f, "## %s, %s\n\n", dd_month_format(x->month, mo), x->sla);
		fprintf(f, "- Service: %s; region: %s\n", x->service, x->region ? x->region : "(not recorded)");
		fprintf(f, "- Accounts: ");
		if (!x->naccounts) fprintf(f, "all accounts of the organization");
		for (size_t a = 0; a < x->naccounts; a++) fprintf(f, "%s%s", a ? ", " : "", x->accounts[a]);
		fprintf(f, "\n\nUnavailability, in UTC:\n\n| Incident | Start (UTC) | End (UTC) | Minutes |\n|---|---|---|---:|\n");
		for (size_t k = 0; k < x->nincidents; k++) {
			const dd_incident *e = find_incident(book, x->incidents[k]);
			if (!e) continue;
			dd_money mins;
			dd_money_muldiv(dd_money_from_units(e->end - e->start), 1, 60, &mins);
			fprintf(f, "| %s | %s | %s | %s |\n", e->id, iso(e->start, b1, sizeof b1), iso(e->end, b2, sizeof b2),
				dd_money_format(mins, m[0]));
		}
		char mm[16];
		snprintf(mm, sizeof mm, "%d,%03d", x->minutes_in_month / 1000, x->minutes_in_month % 1000);
		fprintf(f, "\nOverlapping times are counted once: %s minutes unavailable of %s in the month.\n\n",
			dd_money_format(x->unavailable_minutes, m[0]), mm);
		fprintf(f, "- Monthly uptime: %s %% (100 x (1 - %s / %s))\n", dd_money_format(dd_money_round(x->uptime_percent, 6), m[0]),
			dd_money_format(x->unavailable_minutes, m[1]), mm);
		fprintf(f, "- Service credit: %s %% of the affected charges of %s: **%s %s**%s\n",
			dd_money_format(x->credit_percent, m[2]), cli_cents(x->affected_charges, m[3]), cli_cents(x->credit, m[0]),
			book->currency, x->status == DD_CLAIM_BELOW_MINIMUM ? " (1.00 or less: AWS does not pay it)" : "");
		fprintf(f, "- Deadlines: file by **%s** (recommended, 30 days after the last incident); AWS's hard deadline is "
			   "**%s** (the end of the second billing cycle after the incident)\n",
			dd_date_format(x->recommended_deadline, d1), dd_date_format(x->hard_deadline, d2));
		fprintf(f, "- Status as of the draft: %s\n\n", dd_claim_status_name(x->status));
	}
	fprintf(f, "## Affected resources\n\n");
	if (!inc->nresources) fprintf(f, "(none recorded: add the instance, volume or bucket ids)\n");
	for (size_t i = 0; i < inc->nresources; i++) fprintf(f, "- %s\n", inc->resources[i]);
	fprintf(f, "\n## Request logs\n\nAttach the logs that show the errors and their times (for example CloudWatch "
		   "metrics, load balancer or application request logs), with any information you redact marked.\n\n");
	fprintf(f, "## For the account team\n\n");
	fprintf(f, "- Impact: %s\n", inc->impact ? inc->impact : "(not recorded)");
	if (inc->has_cost) fprintf(f, "- Business cost recorded: %s %s\n", cli_cents(inc->cost, m[0]), book->currency);
	else fprintf(f, "- Business cost: (not recorded)\n");
	fprintf(f, "\nThe SLA credit is a percent of the affected charges; a cost well above it is the case for a goodwill "
		   "credit ('drawdown brief --for goodwill --incident %s').\n", inc->id);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static int claim_verb(cli_ctx *ctx, int argc, char **argv)
{
	sla_args a = {0};
	int npos = 0;
	int rc = cli_parse_spec(ctx, &claim_spec, &a, argc, argv, &npos);
	const char *as_of_s = a.as_of, *out = a.out;
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	if (npos != 1) {
		fprintf(stderr, "drawdown: sla claim: name one incident id (see 'drawdown sla claim --help')\n");
		return CLI_USAGE;
	}
	dd_date as_of;
	if ((rc = cli_as_of("sla claim", as_of_s, &as_of))) return rc;
	dd_book *book = NULL;
	dd_store *store = NULL;
	cli_claims r = {0};
	char *text = NULL;
	size_t len = 0;
	if ((rc = cli_load_book(ctx, &book))) goto done;
	const dd_incident *inc = find_incident(book, argv[1]);
	if (!inc) {
		rc = cli_fail("sla claim: no incident \"%s\" in the book %s", argv[1], book->path);
		goto done;
	}
	if (dd_store_open_readonly(ctx->db, &store)) { /* no store: the claim without charges */
		dd_error_clear();
		store = NULL;
	}
	if ((rc = cli_claims_load(book, store, DD_MONTH_NONE, as_of, &r))) goto done;
	if (!(text = draft(book, &r.claims, inc, &len))) {
		rc = cli_fail("out of memory");
		goto done;
	}
	if (out) rc = cli_write_file("sla claim", out, text, len);
	else if (fwrite(text, 1, len, stdout) != len) rc = cli_fail("sla claim: cannot write the output");
done:
	free(text);
	cli_claims_free(&r);
	dd_store_close(store);
	dd_book_free(book);
	return rc;
}

int cmd_sla(cli_ctx *ctx, int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "list")) return cli_sla_list(ctx, argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "approve")) return cli_sla_approve(ctx, argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "claim")) return claim_verb(ctx, argc - 1, argv + 1);
	sla_args a = {0};
	int rc = cli_parse_spec(ctx, &cli_spec_sla, &a, argc, argv, NULL);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	const char *month_s = a.month, *as_of_s = a.as_of;
	bool json = a.json;
	if (a.csv && a.json) return cli_usage("sla", "--csv and --json together");
	dd_month month = DD_MONTH_NONE;
	dd_date as_of;
	if ((month_s && (rc = cli_month("sla", month_s, &month))) || (rc = cli_as_of("sla", as_of_s, &as_of))) return rc;
	dd_book *book = NULL;
	dd_store *store = NULL;
	cli_claims r = {0};
	if ((rc = cli_load_book(ctx, &book)) || (rc = cli_open_store(ctx, false, &store)) ||
	    (rc = cli_claims_load(book, store, month, as_of, &r)))
		goto done;
	if (json) rc = print_json(book, as_of, &r.claims);
	else print_table(book, as_of, &r.claims);
done:
	cli_claims_free(&r);
	dd_store_close(store);
	dd_book_free(book);
	return rc;
}
