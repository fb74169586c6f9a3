/* main.c: the drawdown command: global options, then one verb from the
 * table below (one cmd_<verb>.c each, as in git and libgit2's CLI). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* A verb: its function and its spec (cli_spec, common.h), the one place its
 * name, summary, synopsis and options are written: --help, `drawdown
 * --help`'s list, the man page and the completions all come from it
 * (`drawdown __spec` prints them for cmake/gen_cli_docs.py). */
#define VERB(name) int cmd_##name(cli_ctx *ctx, int argc, char **argv); extern const cli_spec cli_spec_##name;
VERB(check)
VERB(import)
VERB(init)
VERB(bill)
VERB(balance)
VERB(commitment)
VERB(charges)
VERB(reconcile)
VERB(forecast)
VERB(opportunities)
VERB(brief)
VERB(calendar)
VERB(advise)
VERB(report)
VERB(offers)
VERB(sla)
VERB(incident)
VERB(export)
#undef VERB

typedef struct {
	int (*fn)(cli_ctx *ctx, int argc, char **argv);
	const cli_spec *spec;
} verb;

/* In the order drawdown --help lists them. */
#define VERB(name) {cmd_##name, &cli_spec_##name}
static const verb verbs[] = {
	VERB(check),	     VERB(import),   VERB(init),     VERB(bill),  VERB(balance), VERB(commitment),
	VERB(charges),	     VERB(reconcile), VERB(forecast), VERB(opportunities), VERB(brief), VERB(calendar),
	VERB(advise),	     VERB(report),   VERB(offers),   VERB(sla),   VERB(incident), VERB(export),
};
#undef VERB
#define NVERBS (sizeof verbs / sizeof verbs[0])

static const char global_synopsis[] = "[--book PATH] [--db PATH] VERB [options]\n"
				      "help VERB | --help | --version";

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
	for (size_t i = 0; i < NVERBS; i++) fprintf(f, "  %-13s %s\n", verbs[i].spec->verb, verbs[i].spec->summary);
	fputs("\nOptions (also accepted after the verb):\n", f);
	for (const cli_option *o = cli_global_options; o->name; o++) {
		char flag[32];
		snprintf(flag, sizeof flag, "--%s %s", o->name, o->metavar ? o->metavar : "");
		if (o->metavar) fprintf(f, "  %-13s%s\n", flag, o->help);
	}
	fputs("\n"
	      "Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).\n"
	      "Exit status: 0 success, 1 bad input, failed check or error, 2 usage error.\n"
	      "'drawdown VERB --help' describes a verb; docs/cli.md has the JSON contracts;\n"
	      "man drawdown has them all.\n",
	      f);
}

static const verb *find_verb(const char *name)
{
	for (size_t i = 0; i < NVERBS; i++)
		if (strcmp(verbs[i].spec->verb, name) == 0) return &verbs[i];
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
	if (strcmp(argv[i], "__spec") == 0) { /* hidden: the specs for the man page and completions */
		const cli_spec *specs[NVERBS];
		for (size_t k = 0; k < NVERBS; k++) specs[k] = verbs[k].spec;
		return cli_spec_dump(specs, NVERBS, global_synopsis);
	}
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
