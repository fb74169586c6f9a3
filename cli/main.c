/* main.c: the drawdown command: global options, then one verb from the
 * table below (one cmd_<verb>.c each, as in git and libgit2's CLI). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

int cmd_check(cli_ctx *ctx, int argc, char **argv);
int cmd_import(cli_ctx *ctx, int argc, char **argv);
int cmd_bill(cli_ctx *ctx, int argc, char **argv);
int cmd_balance(cli_ctx *ctx, int argc, char **argv);
int cmd_commitment(cli_ctx *ctx, int argc, char **argv);
int cmd_charges(cli_ctx *ctx, int argc, char **argv);
int cmd_reconcile(cli_ctx *ctx, int argc, char **argv);
int cmd_forecast(cli_ctx *ctx, int argc, char **argv);
int cmd_opportunities(cli_ctx *ctx, int argc, char **argv);
int cmd_brief(cli_ctx *ctx, int argc, char **argv);
int cmd_calendar(cli_ctx *ctx, int argc, char **argv);
int cmd_advise(cli_ctx *ctx, int argc, char **argv);
int cmd_report(cli_ctx *ctx, int argc, char **argv);
int cmd_offers(cli_ctx *ctx, int argc, char **argv);
int cmd_sla(cli_ctx *ctx, int argc, char **argv);
int cmd_incident(cli_ctx *ctx, int argc, char **argv);
int cmd_init(cli_ctx *ctx, int argc, char **argv);
int cmd_export(cli_ctx *ctx, int argc, char **argv);

/* Each verb's spec (cli_spec, common.h): its --help, the man page and the
 * completions; `drawdown __spec` prints them for cmake/gen_cli_docs.py. */
extern const cli_spec cli_spec_bill, cli_spec_balance, cli_spec_commitment, cli_spec_reconcile;
extern const cli_spec cli_spec_check, cli_spec_import, cli_spec_charges, cli_spec_forecast, cli_spec_opportunities,
	cli_spec_brief, cli_spec_calendar, cli_spec_advise, cli_spec_offers, cli_spec_sla, cli_spec_incident;
extern const cli_spec cli_spec_report;
extern const cli_spec cli_spec_export;
extern const cli_spec cli_spec_init;

static const cli_spec *const specs[] = {
	&cli_spec_bill, &cli_spec_balance, &cli_spec_commitment, &cli_spec_reconcile,
	&cli_spec_check, &cli_spec_import, &cli_spec_charges, &cli_spec_forecast, &cli_spec_opportunities,
	&cli_spec_brief, &cli_spec_calendar, &cli_spec_advise, &cli_spec_offers, &cli_spec_sla, &cli_spec_incident,
	&cli_spec_report,
	&cli_spec_export,
	&cli_spec_init,
};

static const char global_synopsis[] = "[--book PATH] [--db PATH] VERB [options]\n"
				      "help VERB | --help | --version";

typedef struct {
	const char *name;
	int (*fn)(cli_ctx *ctx, int argc, char **argv);
	const char *summary;
} verb;

static const verb verbs[] = {
	{"check", cmd_check, "validate the book and list every problem"},
	{"import", cmd_import, "import billing files (all or nothing) into the store"},
	{"init", cmd_init, "write a first book from the imported charges (and AWS's credit list)"},
	{"bill", cmd_bill, "a month's bill: credits, discount, support, tax, payable"},
	{"balance", cmd_balance, "every credit's balance at the end of a month"},
	{"commitment", cmd_commitment, "the EDP commitment per contract year, and the shortfall"},
	{"charges", cmd_charges, "the stored charges at the aggregated grain (CSV or JSON)"},
	{"reconcile", cmd_reconcile, "a month's simulated credits next to AWS's own application"},
	{"forecast", cmd_forecast, "credits' fate, leakage and shortfall risk over Monte Carlo paths"},
	{"opportunities", cmd_opportunities, "credits not yet asked for: each programme's trigger, size and timing"},
	{"brief", cmd_brief, "the Markdown case for a credit ask (edp, map, support, goodwill)"},
	{"calendar", cmd_calendar, "every dated event: credits, contract years, renewal (table, JSON, iCalendar)"},
	{"advise", cmd_advise, "what to do this week, most urgent and largest first"},
	{"report", cmd_report, "one self-contained HTML page: balances, bills, commitment, leakage, forecast, offers"},
	{"offers", cmd_offers, "negotiation offers side by side on the engine; commitment sizing"},
	{"sla", cmd_sla, "SLA credit claims of the incidents: uptime, credit, both deadlines; drafts"},
	{"incident", cmd_incident, "record a service incident in the book (for SLA claims); list them"},
	{"export", cmd_export, "FOCUS CSV: a month's simulated credits (1.2) or the commitment (1.3)"},
};

static void usage(FILE *f)
{
	fputs("usage: drawdown [--book PATH] [--db PATH] VERB [options]\n"
	      "       drawdown help VERB | --help | --version\n"
	      "\n"
	      "Exact accounting of AWS credits, the EDP commitment and discount, and the\n"
	      "support plan, from a YAML book and imported billing data.\n"
	      "\n"
	      "Verbs:\n",
	      f);
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		fprintf(f, "  %-13s %s\n", verbs[i].name, verbs[i].summary);
	fputs("\n"
	      "Options (also accepted after the verb):\n"
	      "  --book PATH  the book (default $DRAWDOWN_BOOK, else ./drawdown.yaml)\n"
	      "  --db PATH    the store (default $DRAWDOWN_DB, else ./drawdown.db)\n"
	      "\n"
	      "Exit status: 0 success, 1 bad input, failed check or error, 2 usage error.\n"
	      "'drawdown VERB --help' describes a verb; docs/cli.md has the JSON contracts.\n",
	      f);
}

static const verb *find_verb(const char *name)
{
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
		if (strcmp(verbs[i].name, name) == 0) return &verbs[i];
	return NULL;
}

/* --name VALUE or --name=VALUE at argv[*i]; 1 when it matched. */
static int global_value(int argc, char **argv, int *i, const char *name, const char **out)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n) != 0) return 0;
	if (a[n] == '=') {
		*out = a + n + 1;
		return 1;
	}
	if (a[n] != '\0') return 0;
	if (*i + 1 >= argc) return -1;
	*out = argv[++*i];
	return 1;
}

int main(int argc, char **argv)
{
	cli_ctx ctx = {0};
	const char *env;
	ctx.book = (env = getenv("DRAWDOWN_BOOK")) && *env ? env : "drawdown.yaml";
	ctx.book_given = env && *env;
	ctx.db = (env = getenv("DRAWDOWN_DB")) && *env ? env : "drawdown.db";
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		int r;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return CLI_OK;
		}
		if (strcmp(a, "--version") == 0) {
			printf("drawdown %s\n", dd_version());
			return CLI_OK;
		}
		if ((r = global_value(argc, argv, &i, "--book", &ctx.book)) == 1) {
			ctx.book_given = true;
			continue;
		}
		if (r == 0 && (r = global_value(argc, argv, &i, "--db", &ctx.db)) == 1) continue;
		if (r < 0) {
			fprintf(stderr, "drawdown: %s needs a value (see 'drawdown --help')\n", a);
			return CLI_USAGE;
		}
		fprintf(stderr, "drawdown: unknown option \"%s\" (see 'drawdown --help')\n", a);
		return CLI_USAGE;
	}
	if (i >= argc) {
		usage(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[i], "__spec") == 0) return cli_spec_dump(specs, sizeof specs / sizeof specs[0], global_synopsis);
	if (strcmp(argv[i], "help") == 0) {
		if (i + 1 >= argc) {
			usage(stdout);
			return CLI_OK;
		}
		const verb *v = find_verb(argv[i + 1]);
		if (!v) {
			fprintf(stderr, "drawdown: no verb \"%s\" (see 'drawdown --help')\n", argv[i + 1]);
			return CLI_USAGE;
		}
		char *hargv[] = {argv[i + 1], "--help", NULL};
		return v->fn(&ctx, 2, hargv);
	}
	const verb *v = find_verb(argv[i]);
	if (!v) {
		fprintf(stderr, "drawdown: no verb \"%s\" (see 'drawdown --help')\n", argv[i]);
		return CLI_USAGE;
	}
	return v->fn(&ctx, argc - i, argv + i);
}
