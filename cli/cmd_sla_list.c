/* cmd_sla_list.c: `drawdown sla list`: every SLA drawdown knows (sla.h,
 * compiled from data/slas.csv): its billing service, monthly commitment,
 * credit tiers as half-open intervals of the uptime percent, how uptime is
 * measured, and whether AWS's own page confirmed it; --json adds what is
 * excluded, the page and its date, and the note. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sla_list.h"

typedef struct {
	bool json, csv;
} list_args;

static const cli_option options[] = {
	{.name = "json",
	 .help = "{\"slas\":[{\"name\",\"service\",\"commitment\",\"tiers\":[{\"below\",\n"
		 "\"at_least\",\"percent\"}],\"measure\",\"excluded\",\"source\",\n"
		 "\"page_date\",\"checked\",\"verified\",\"note\"}]} (docs/cli.md); exact",
	 .at = offsetof(list_args, json)},
	CLI_OPTION_CSV(list_args, csv),
	{0},
};

const cli_spec cli_spec_sla_list = {
	.verb = "sla list",
	.summary = "the SLA table drawdown knows",
	.synopsis = "sla list [--json | --csv]",
	.description = "The SLAs drawdown knows, in the order of data/slas.csv: the name an incident\n"
		       "names (incidents[].sla), the billing service the credit is figured on, the\n"
		       "monthly uptime percent committed, the credit tiers ([at least, below) uptime\n"
		       "percent -> credit percent of the month's charges), the measure\n"
		       "(unavailable_minutes or error_rate_5min) and whether the stored text of AWS's\n"
		       "page confirmed every tier (docs/sla.md has the sources and notes).\n",
	.notes = "--csv: name, service, commitment, credit_tiers, measure, verified.\n",
	.options = options,
};

static int print_json(const dd_sla_def *defs, size_t n)
{
	cli_json j;
	js_init(&j, stdout);
	js_obj(&j, NULL);
	js_arr(&j, "slas");
	for (size_t i = 0; i < n; i++) {
		const dd_sla_def *d = &defs[i];
		js_obj(&j, NULL);
		js_str(&j, "name", d->name);
		js_str(&j, "service", d->service);
		js_money(&j, "commitment", d->commitment);
		js_arr(&j, "tiers");
		for (size_t t = 0; t < d->ntiers; t++) {
			js_obj(&j, NULL);
			js_money(&j, "below", d->tiers[t].below);
			js_money(&j, "at_least", d->tiers[t].at_least);
			js_money(&j, "percent", d->tiers[t].percent);
			js_obj_end(&j);
		}
		js_arr_end(&j);
		js_str(&j, "measure", dd_sla_measure_name(d->measure));
		js_str(&j, "excluded", d->excluded);
		js_str(&j, "source", d->source);
		js_str(&j, "page_date", d->page_date);
		js_str(&j, "checked", d->checked);
		js_bool(&j, "verified", d->verified);
		js_str(&j, "note", d->note);
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_obj_end(&j);
	return js_done(&j);
}

/* "[99,99.99) 10%; [95,99) 30%; [0,95) 100%" into buf of cap bytes. */
static const char *tiers_text(const dd_sla_def *d, char *buf, size_t cap)
{
	char lo[DD_MONEY_STRMAX], hi[DD_MONEY_STRMAX], pct[DD_MONEY_STRMAX];
	size_t len = 0;
	buf[0] = '\0';
	for (size_t t = 0; t < d->ntiers && len < cap; t++) {
		int w = snprintf(buf + len, cap - len, "%s[%s,%s) %s%%", t ? "; " : "",
				 dd_money_format(d->tiers[t].at_least, lo), dd_money_format(d->tiers[t].below, hi),
				 dd_money_format(d->tiers[t].percent, pct));
		if (w < 0) break;
		len += (size_t)w;
	}
	return buf;
}

static int print_table(const dd_sla_def *defs, size_t n)
{
	char c[DD_MONEY_STRMAX], tiers[512];
	size_t unverified = 0;
	bool one_day = true, csv = cli_mode_get()->csv;
	if (!csv)
		printf("SLAs (%zu): monthly uptime percent committed, and the credit percent of the\n"
	       "month's charges for each half-open band [at least, below) of uptime\n\n",
	       n);
	cli_table t;
	cli_table_init(&t, "llrlll", 6);
	cli_table_head(&t, "NAME", "SERVICE", "COMMITMENT", "CREDIT TIERS", "MEASURE", "VERIFIED");
	cli_table_rule(&t);
	for (size_t i = 0; i < n; i++) {
		const dd_sla_def *d = &defs[i];
		cli_table_row(&t, d->name, d->service, dd_money_format(d->commitment, c),
			      tiers_text(d, tiers, sizeof tiers), dd_sla_measure_name(d->measure),
			      d->verified ? "yes" : "no");
		unverified += !d->verified;
		one_day = one_day && strcmp(d->checked, defs[0].checked) == 0;
	}
	cli_table_print(&t, stdout, csv ? 0 : 2);
	cli_table_free(&t);
	if (csv) return CLI_OK;
	if (unverified) {
		printf("\nNot verified (%zu): the stored text of AWS's page did not confirm every tier:\n ", unverified);
		for (size_t i = 0; i < n; i++)
			if (!defs[i].verified) printf(" %s", defs[i].name);
		printf("\n");
	}
	if (n && one_day)
		printf("\nChecked %s against stored copies of AWS's SLA pages; the sources, exclusions\n"
		       "and notes are in --json and docs/sla.md.\n",
		       defs[0].checked);
	else
		printf("\nThe sources, check dates, exclusions and notes are in --json and docs/sla.md.\n");
	if (fflush(stdout) != 0 || ferror(stdout)) return cli_fail("writing the output failed: %s", strerror(errno));
	return CLI_OK;
}

int cli_sla_list(cli_ctx *ctx, int argc, char **argv)
{
	list_args a = {0};
	int rc = cli_parse_spec(ctx, &cli_spec_sla_list, &a, argc, argv, NULL);
	if (rc == CLI_HELP) return CLI_OK;
	if (rc) return rc;
	if (a.csv && a.json) return cli_usage("sla list", "--csv and --json together");
	bool json = a.json;
	size_t n;
	const dd_sla_def *defs = dd_sla_defs(&n);
	return json ? print_json(defs, n) : print_table(defs, n);
}
