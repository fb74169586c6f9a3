/* cmd_incident.c: `drawdown incident add`: record a service incident in the
 * book (for SLA claims) as a new entry of its `incidents:` list, a text edit
 * that keeps every other line (book_edit.h), refused as `check` would
 * refuse the book with it; `incident list`: the book's incidents with every
 * field, as a table or JSON. */
#include <stdlib.h>
#include <string.h>

#include "book_append.h"
#include "common.h"


/* A timestamp as the book's UTC form, 2026-10-03T14:05:00Z (buf >= 32 bytes). */
static const char *utc_text(int64_t t, char *buf, size_t size)
{
	char d[11];
	int64_t sod = ((t % 86400) + 86400) % 86400;
	snprintf(buf, size, "%sT%02d:%02d:%02dZ", dd_date_format(dd_epoch_date(t), d), (int)(sod / 3600),
		 (int)(sod / 60 % 60), (int)(sod % 60));
	return buf;
}

/* ---- add ---------------------------------------------------------------- */

typedef struct {
	const char *id, *sla, *service, *start, *end, *region, *accounts, *resources, *impact, *cost, *error_rate;
} add_args;

#define SLA_NAMES                                                                                                 \
	"ec2-region ec2-instance ebs-region ebs-volume s3-standard s3-ia rds-multi-az rds-single-az dynamodb "    \
	"dynamodb-global elb eks api-gateway lambda cloudfront"

static const cli_option add_options[] = {
	{.name = "id", .metavar = "ID", .help = "the incident's id, unique in the book", .at = offsetof(add_args, id)},
	{.name = "sla", .metavar = "NAME",
	 .help = "the SLA claimed under: ec2-region, ec2-instance, ebs-region,\n"
		 "ebs-volume, s3-standard, s3-ia, rds-multi-az, rds-single-az,\n"
		 "dynamodb, dynamodb-global, elb, eks, api-gateway, lambda,\n"
		 "cloudfront ('drawdown sla list')",
	 .at = offsetof(add_args, sla), .complete = SLA_NAMES},
	{.name = "service", .metavar = "S", .help = "the affected service, e.g. AmazonEC2", .at = offsetof(add_args, service)},
	{.name = "start", .metavar = "TS",
	 .help = "when it began, YYYY-MM-DDTHH:MM[:SS] then Z, +HH:MM or nothing\n"
		 "(UTC); written in UTC, e.g. 2026-10-03T14:05:00Z",
	 .at = offsetof(add_args, start)},
	{.name = "end", .metavar = "TS", .help = "when it ended, the same way; not before --start", .at = offsetof(add_args, end)},
	{.name = "region", .metavar = "R", .help = "the affected region, e.g. us-east-1", .at = offsetof(add_args, region)},
	{.name = "accounts", .metavar = "A,B", .help = "the affected accounts: the payer or accounts of the book",
	 .at = offsetof(add_args, accounts)},
	{.name = "resources", .metavar = "X,Y", .help = "the affected resource ids: instances, volumes, buckets, ARNs",
	 .at = offsetof(add_args, resources)},
	{.name = "impact", .metavar = "TEXT", .help = "the business impact, in words", .at = offsetof(add_args, impact)},
	{.name = "cost", .metavar = "X", .help = "the business cost, an exact amount >= 0 (180000.50)",
	 .at = offsetof(add_args, cost)},
	{.name = "error-rate", .metavar = "PCT",
	 .help = "error-rate SLAs (S3, DynamoDB, API Gateway, Lambda,\n"
		 "CloudFront): the average error rate during it, 0 to 100",
	 .at = offsetof(add_args, error_rate)},
	{0},
};

static const cli_spec add_spec = {
	.verb = "incident add",
	.summary = "record an outage in the book",
	.synopsis = "incident add --id ID --sla NAME --service S --start TS --end TS [--region R] [--accounts A,B] "
		    "[--resources X,Y] [--impact TEXT] [--cost X] [--error-rate PCT]",
	.description = "append the incident to the book's incidents (in the file that holds them:\n"
		       "the book, or the included file with the last one), after the last entry, in\n"
		       "their layout; comments and every other line stay as they are. The book with the\n"
		       "entry is checked as 'drawdown check' does: if it would have a problem (end\n"
		       "before start, an unknown SLA or account, a duplicate id, a bad cost), every\n"
		       "problem is printed, nothing is written and the exit status is 1. The file is\n"
		       "replaced atomically (written beside it, then renamed), keeping its mode.\n",
	.options = add_options,
};

typedef struct {
	bool json, csv;
} list_args;

static const cli_option list_options[] = {
	{.name = "json",
	 .help = "{\"incidents\":[{\"id\",\"service\",\"sla\",\"region\",\"accounts\",\n"
		 "\"resources\",\"start\",\"end\",\"impact\",\"cost\",\"error_rate\",\n"
		 "\"intervals\",\"file\",\"line\"}]} (docs/cli.md); amounts exact",
	 .at = offsetof(list_args, json)},
	CLI_OPTION_CSV(list_args, csv),
	{0},
};

static const cli_spec list_spec = {
	.verb = "incident list",
	.summary = "the book's incidents",
	.synopsis = "incident list [--json | --csv]",
	.description = "every incident of the book, with where it is written.\n",
	.notes = "--csv: id, sla, service, region, start, end, cost.\n",
	.options = list_options,
};

const cli_spec cli_spec_incident = {
	.verb = "incident",
	.summary = "record a service incident in the book (for SLA claims); list them",
	.args = "add list",
	.subs = (const cli_spec *const[]){&add_spec, &list_spec, NULL},
};

/* A list option's items as a field (none given: no field). */
static int add_list(dd_book_entry *e, const char *key, const char *s)
{
	if (!s) return 0;
	char **items;
	size_t n;
	if (cli_split(s, &items, &n)) return CLI_FAIL;
	int rc = dd_book_entry_list(e, key, (const char *const *)items, n);
	cli_split_free(items, n);
	return rc;
}

/* --start and --end in the book's UTC form when they read as timestamps;
 * else as given, for the book's check to refuse with its own message. */
static int add_time(dd_book_entry *e, const char *key, const char *s)
{
	int64_t t;
	char buf[32];
	if (dd_timestamp_parse(s, strlen(s), DD_TS_OFFSET_HOURS, &t) == 0) s = utc_text(t, buf, sizeof buf);
	return dd_book_entry_value(e, key, s);
}

static int build(const add_args *a, dd_book_entry *e)
{
	int rc = dd_book_entry_value(e, "id", a->id);
	if (!rc) rc = dd_book_entry_value(e, "service", a->service);
	if (!rc) rc = dd_book_entry_value(e, "sla", a->sla);
	if (!rc && a->region) rc = dd_book_entry_value(e, "region", a->region);
	if (!rc) rc = add_list(e, "accounts", a->accounts);
	if (!rc) rc = add_list(e, "resources", a->resources);
	if (!rc) rc = add_time(e, "start", a->start);
	if (!rc) rc = add_time(e, "end", a->end);
	if (!rc && a->impact) rc = dd_book_entry_text(e, "impact", a->impact);
	if (!rc && a->cost) rc = dd_book_entry_value(e, "cost", a->cost);
	if (!rc && a->error_rate) rc = dd_book_entry_value(e, "error_rate", a->error_rate);
	return rc;
}

static int incident_add(cli_ctx *ctx, int argc, char **argv)
{
	add_args a = {0};
	int rc = cli_parse_spec(ctx, &add_spec, &a, argc, argv, NULL);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	const char *missing = !a.id ? "--id" : !a.sla ? "--sla" : !a.service ? "--service" : !a.start ? "--start"
			      : !a.end ? "--end" : NULL;
	if (missing) {
		fprintf(stderr, "drawdown: incident add: %s is required (see 'drawdown incident --help')\n", missing);
		return CLI_USAGE;
	}
	dd_book_entry *e = dd_book_entry_new();
	if (!e) return cli_fail("out of memory");
	dd_error_clear();
	if (build(&a, e)) {
		/* add_list reported its own failure; the entry's are in the last error */
		if (*dd_error_last()) cli_fail("incident add: %s (nothing written)", dd_error_last());
		dd_book_entry_free(e);
		return CLI_FAIL;
	}
	size_t n = strlen(a.id) + 16;
	char *what = malloc(n);
	if (!what) rc = cli_fail("out of memory");
	else {
		snprintf(what, n, "incident %s", a.id);
		rc = cli_book_append(ctx, "incident add", DD_BOOK_LIST_INCIDENTS, e, what);
	}
	free(what);
	dd_book_entry_free(e);
	return rc;
}

/* ---- list --------------------------------------------------------------- */

static void js_strs(cli_json *j, const char *key, const char *const *v, size_t n)
{
	js_arr(j, key);
	for (size_t i = 0; i < n; i++) js_str(j, NULL, v[i]);
	js_arr_end(j);
}

static int list_json(const dd_book *b)
{
	char t[32];
	cli_json j;
	js_init(&j, stdout);
	js_obj(&j, NULL);
	js_str(&j, "book", b->path);
	js_str(&j, "currency", b->currency);
	js_arr(&j, "incidents");
	for (size_t i = 0; i < b->nincidents; i++) {
		const dd_incident *in = &b->incidents[i];
		js_obj(&j, NULL);
		js_str(&j, "id", in->id);
		js_str(&j, "service", in->service);
		js_str(&j, "sla", dd_sla_name(in->sla));
		js_str(&j, "region", in->region);
		js_arr(&j, "accounts");
		for (size_t k = 0; k < in->naccounts; k++) js_str(&j, NULL, in->accounts[k]);
		js_arr_end(&j);
		js_strs(&j, "resources", (const char *const *)in->resources, in->nresources);
		js_str(&j, "start", utc_text(in->start, t, sizeof t));
		js_str(&j, "end", utc_text(in->end, t, sizeof t));
		js_str(&j, "impact", in->impact);
		if (in->has_cost) js_money(&j, "cost", in->cost);
		else js_str(&j, "cost", NULL);
		if (in->has_error_rate) js_money(&j, "error_rate", in->error_rate);
		else js_str(&j, "error_rate", NULL);
		js_arr(&j, "intervals");
		for (size_t k = 0; k < in->nintervals; k++) js_money(&j, NULL, in->intervals[k]);
		js_arr_end(&j);
		js_str(&j, "file", in->file);
		js_int(&j, "line", in->line);
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_obj_end(&j);
	return js_done(&j);
}

static int list_table(const dd_book *b)
{
	bool csv = cli_mode_get()->csv;
	if (!csv) printf("Incidents of %s (%zu)\n\n", b->path, b->nincidents);
	if (b->nincidents == 0 && !csv) {
		printf("  None recorded ('drawdown incident add' records one).\n");
	} else {
		cli_table t;
		char s[32], e[32], cost[DD_MONEY_STRMAX];
		cli_table_init(&t, "llllllr", 7);
		cli_table_head(&t, "ID", "SLA", "SERVICE", "REGION", "START", "END", "COST");
		for (size_t i = 0; i < b->nincidents; i++) {
			const dd_incident *in = &b->incidents[i];
			cli_table_row(&t, in->id, dd_sla_name(in->sla), in->service, in->region ? in->region : "",
				      utc_text(in->start, s, sizeof s), utc_text(in->end, e, sizeof e),
				      in->has_cost ? cli_cents(in->cost, cost) : "");
		}
		cli_table_print(&t, stdout, csv ? 0 : 2);
		cli_table_free(&t);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) return cli_fail("incident list: cannot write the output");
	return CLI_OK;
}

static int incident_list(cli_ctx *ctx, int argc, char **argv)
{
	list_args a = {0};
	int rc = cli_parse_spec(ctx, &list_spec, &a, argc, argv, NULL);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	if (a.csv && a.json) return cli_usage("incident list", "--csv and --json together");
	bool json = a.json;
	dd_book *b = NULL;
	if ((rc = cli_load_book(ctx, &b))) return rc;
	rc = json ? list_json(b) : list_table(b);
	dd_book_free(b);
	return rc;
}

int cmd_incident(cli_ctx *ctx, int argc, char **argv)
{
	/* the messages name the command as typed: "incident add" */
	static char add_name[] = "incident add", list_name[] = "incident list";
	const char *sub = argc > 1 ? argv[1] : NULL;
	if (sub && (!strcmp(sub, "add") || !strcmp(sub, "list"))) {
		argv[1] = !strcmp(sub, "add") ? add_name : list_name;
		return sub[0] == 'a' ? incident_add(ctx, argc - 1, argv + 1) : incident_list(ctx, argc - 1, argv + 1);
	}
	if (sub && (!strcmp(sub, "--help") || !strcmp(sub, "-h"))) {
		cli_spec_help(&cli_spec_incident, stdout);
		return CLI_OK;
	}
	if (sub) fprintf(stderr, "drawdown: incident: unknown subcommand \"%s\"; expected add or list (see 'drawdown incident --help')\n", sub);
	else fprintf(stderr, "drawdown: incident: expected add or list (see 'drawdown incident --help')\n");
	return CLI_USAGE;
}
