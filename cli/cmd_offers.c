/* cmd_offers.c: `drawdown offers compare OFFER...` (which deal is worth
 * more, on the engine and the same forecast paths) and `drawdown offers
 * size` (the commitment the forecast can carry). offers.h does the work;
 * offer files are read with offer.h. */
#include <stdlib.h>
#include <string.h>

#include "common.h"


typedef struct {
	const char *rate, *paths, *seed, *method, *ramp, *stress, *offer, *maxp;
	bool summary, json, csv;
} offers_args;

static const cli_option options[] = {
	{.name = "rate", .metavar = "PCT", .help = "yearly discount rate of the NPV (default 0)", .at = offsetof(offers_args, rate)},
	{.name = "paths", .metavar = "P", .help = "Monte Carlo paths (default 1000)", .at = offsetof(offers_args, paths)},
	{.name = "seed", .metavar = "S", .help = "the seed (default 1)", .at = offsetof(offers_args, seed)},
	{.name = "method", .metavar = "M", .help = "the forecast's method (default auto)", .at = offsetof(offers_args, method),
	 .complete = "auto run-rate trend growth seasonal"},
	{.name = "ramp", .metavar = "FILE", .help = "a migration plan added to the forecast", .at = offsetof(offers_args, ramp),
	 .complete = "file"},
	{.name = "stress", .metavar = "PCT", .help = "compare: also with all projected spend PCT % lower and higher",
	 .at = offsetof(offers_args, stress)},
	{.name = "summary", .help = "compare: five sentences to paste into an email", .at = offsetof(offers_args, summary)},
	{.name = "offer", .metavar = "FILE", .help = "size: the offer whose agreement is sized (default: the book's)",
	 .at = offsetof(offers_args, offer), .complete = "file"},
	{.name = "max-shortfall-probability", .metavar = "PCT",
	 .help = "size: the highest shortfall probability allowed in any year", .at = offsetof(offers_args, maxp)},
	{.name = "json", .help = "the comparison as JSON (docs/cli.md); amounts exact", .at = offsetof(offers_args, json)},
	CLI_OPTION_CSV(offers_args, csv),
	{0},
};

const cli_spec cli_spec_offers = {
	.verb = "offers",
	.summary = "negotiation offers side by side on the engine; commitment sizing",
	.synopsis = "offers compare OFFER... [--rate PCT] [--paths P] [--seed S] [--method M] [--ramp FILE] "
		    "[--stress PCT] [--summary] [--json | --csv]\n"
		    "offers size [--offer FILE] --max-shortfall-probability PCT [--paths P] [--seed S] [--method M] "
		    "[--ramp FILE] [--rate PCT] [--json | --csv]",
	.description = "compare: every offer file (the book with the offer's terms, docs/offers.md) runs\n"
		       "over the same forecast paths to its agreement's end; ranked by the expected\n"
		       "net present value of what is paid (rank 1 the lowest), with the credit-equivalent\n"
		       "of each gap in discount points on the first offer.\n"
		       "size: the highest flat annual commitment whose shortfall probability is at most\n"
		       "PCT % in every contract year of the offer's (or the book's) agreement; with\n"
		       "--offer, the discount it must earn to cost no more than the book's terms.\n",
	.notes = "--csv: compare, the ranking: rank, offer, list_spend, payable, npv, leakage,\n"
		 "shortfall, effective, points; size, the years: year, start, end,\n"
		 "most_this_year, counted_p10, counted_p50, shortfall_probability.\n",
	.args = "compare size",
	.options = options,
};

static int common_options(const char *verb, const offers_args *a, dd_fc_options *o)
{
	long long v;
	int rc;
	dd_fc_options_default(o);
	if (a->paths && (rc = cli_int(verb, "paths", a->paths, 1, DD_FC_MAX_PATHS, &v))) return rc;
	if (a->paths) o->paths = (int)v;
	if (a->seed && (rc = cli_int(verb, "seed", a->seed, 0, 9223372036854775807LL, &v))) return rc;
	if (a->seed) o->seed = (uint64_t)v;
	if (a->method && dd_fc_method_parse(a->method, &o->method)) {
		fprintf(stderr, "drawdown: %s: --method: expected auto, run-rate, trend, growth or seasonal, got \"%s\"\n", verb,
			a->method);
		return CLI_USAGE;
	}
	return 0;
}

/* A percent option as an exact amount in [0, max). */
static int percent_option(const char *verb, const char *name, const char *s, int max, dd_money *out)
{
	*out = dd_money_zero();
	if (!s) return 0;
	if (dd_money_parse(s, strlen(s), out, NULL) || dd_money_is_neg(*out) ||
	    dd_money_cmp(*out, dd_money_from_units(max)) > 0) {
		fprintf(stderr, "drawdown: %s: --%s: expected a percent from 0 to %d, got \"%s\" (see 'drawdown offers --help')\n",
			verb, name, max, s);
		return CLI_USAGE;
	}
	return 0;
}

/* {"key": {"mean": v}}: every mean over the paths is reported this way */
static void js_mean(cli_json *j, const char *key, dd_money v)
{
	js_obj(j, key);
	js_money(j, "mean", v);
	js_obj_end(j);
}

static void js_figures(cli_json *j, const dd_book *book, const dd_offer_figures *g, const dd_offer_result *r)
{
	char d[11];
	js_obj(j, "term");
	js_str(j, "start", dd_date_format(g->term_start, d));
	js_str(j, "end", dd_date_format(g->term_end, d));
	js_obj_end(j);
	js_mean(j, "list_spend", g->list_spend);
	js_obj(j, "payable");
	js_money(j, "mean", g->payable.mean);
	js_money(j, "p10", g->payable.p10);
	js_money(j, "p50", g->payable.p50);
	js_money(j, "p90", g->payable.p90);
	js_obj_end(j);
	js_mean(j, "npv", g->npv);
	js_mean(j, "leakage", g->leakage);
	js_obj(j, "shortfall");
	js_money(j, "mean", g->shortfall);
	js_money(j, "probability", g->shortfall_probability);
	js_obj_end(j);
	js_money(j, "effective_discount_percent", g->effective_discount_percent);
	if (r && r->points_found) js_money(j, "credit_equivalent_discount_points", r->credit_equivalent_points);
	else if (r) js_str(j, "credit_equivalent_discount_points", NULL);
	js_arr(j, "credits");
	for (size_t c = 0; c < g->ncredits; c++) {
		const dd_offer_credit *oc = &g->credits[c];
		js_obj(j, NULL);
		js_str(j, "id", book->credits[oc->credit].id);
		js_money(j, "face", oc->face);
		js_mean(j, "used", oc->used);
		js_mean(j, "leaked", oc->leaked);
		js_mean(j, "discount_lost", oc->discount_lost);
		js_mean(j, "value", oc->value);
		js_obj_end(j);
	}
	js_arr_end(j);
}

static int print_compare_json(const dd_offers_result *r, const dd_offer_input *in)
{
	cli_json j;
	js_init(&j, stdout);
	js_obj(&j, NULL);
	js_money(&j, "rate", r->rate);
	js_int(&j, "paths", r->paths);
	js_int(&j, "seed", (long long)r->seed);
	if (dd_money_is_pos(r->stress)) {
		js_money(&j, "stress", r->stress);
		js_bool(&j, "ranking_flips", r->ranking_flips);
	}
	js_arr(&j, "offers");
	for (size_t i = 0; i < r->n; i++) {
		const dd_offer_result *o = &r->offers[i];
		js_obj(&j, NULL);
		js_str(&j, "name", in[i].name);
		js_str(&j, "file", in[i].file);
		js_figures(&j, in[i].book, &o->base, o);
		js_int(&j, "rank", o->rank);
		js_str(&j, "reason", o->reason);
		if (o->has_stress) {
			js_obj(&j, "stress");
			js_obj(&j, "low");
			js_figures(&j, in[i].book, &o->low, NULL);
			js_int(&j, "rank", o->rank_low);
			js_obj_end(&j);
			js_obj(&j, "high");
			js_figures(&j, in[i].book, &o->high, NULL);
			js_int(&j, "rank", o->rank_high);
			js_obj_end(&j);
			js_obj_end(&j);
		}
		js_obj_end(&j);
	}
	js_arr_end(&j);
	js_obj_end(&j);
	return js_done(&j);
}

static void print_compare_table(const dd_offers_result *r, const dd_offer_input *in, const char *currency)
{
	char b[8], rt[DD_MONEY_STRMAX];
	bool csv = cli_mode_get()->csv;
	if (!csv)
		printf("Offers after %s (%s): NPV at %s%% a year, %d paths, seed %llu\n\n", dd_month_format(r->as_of, b), currency,
	       dd_money_format(r->rate, rt), r->paths, (unsigned long long)r->seed);
	cli_table t;
	cli_table_init(&t, "rlrrrrrrr", 9);
	cli_table_head(&t, "RANK", "OFFER", "LIST SPEND", "PAYABLE", "NPV", "LEAKAGE", "SHORTFALL", "EFFECTIVE", "POINTS");
	for (int rank = 1; rank <= (int)r->n; rank++)
		for (size_t i = 0; i < r->n; i++) {
			const dd_offer_result *o = &r->offers[i];
			if (o->rank != rank) continue;
			char c[6][DD_MONEY_STRMAX], rk[16], eff[DD_MONEY_STRMAX + 2], pts[DD_MONEY_STRMAX];
			snprintf(rk, sizeof rk, "%d", rank);
			snprintf(eff, sizeof eff, "%s%%", dd_money_format(o->base.effective_discount_percent, c[5]));
			cli_table_row(&t, rk, in[i].name, cli_cents(o->base.list_spend, c[0]), cli_cents(o->base.payable.mean, c[1]),
				      cli_cents(o->base.npv, c[2]), cli_cents(o->base.leakage, c[3]),
				      cli_cents(o->base.shortfall, c[4]), eff,
				      o->points_found ? dd_money_format(o->credit_equivalent_points, pts) : (csv ? "" : "-"));
		}
	cli_table_print(&t, stdout, csv ? 0 : 2);
	cli_table_free(&t);
	if (csv) return;
	printf("\nPOINTS: the discount points on \"%s\", every year, that give the same expected NPV.\n", in[0].name);
	for (size_t i = 0; i < r->n; i++) printf("  %s: %s\n", in[i].name, r->offers[i].reason);
	if (dd_money_is_pos(r->stress)) {
		char s[DD_MONEY_STRMAX];
		printf("\nWith all projected spend %s%% lower and higher the ranking %s.\n", dd_money_format(r->stress, s),
		       r->ranking_flips ? "FLIPS: the winner changes" : "holds");
	}
}

/* Five sentences: the winner, by how much, the credit-equivalent of the
 * gap, the main risk, and what would flip the ranking. */
static void print_summary(const dd_offers_result *r, const dd_offer_input *in)
{
	size_t w = 0, s = r->n;
	for (size_t i = 0; i < r->n; i++) {
		if (r->offers[i].rank == 1) w = i;
		if (r->offers[i].rank == 2) s = i;
	}
	const dd_offer_result *W = &r->offers[w];
	char a[DD_MONEY_STRMAX], b[DD_MONEY_STRMAX], c[DD_MONEY_STRMAX], rt[DD_MONEY_STRMAX];
	printf("\"%s\" costs the least: an expected %s in today's money (NPV at %s%% a year) for %s of list spend.\n",
	       in[w].name, cli_cents(W->base.npv, a), dd_money_format(r->rate, rt), cli_cents(W->base.list_spend, b));
	if (s == r->n) {
		printf("It is the only offer compared.\n");
		printf("There is no gap to convert into discount points.\n");
	} else {
		const dd_offer_result *S = &r->offers[s];
		printf("The next best, \"%s\", costs %s more.\n", in[s].name, cli_cents(dd_money_sub(S->base.npv, W->base.npv), a));
		if (W->points_found && S->points_found)
			printf("That gap is worth %s points of discount on \"%s\" for the whole term.\n",
			       dd_money_format(dd_money_sub(W->credit_equivalent_points, S->credit_equivalent_points), c), in[0].name);
		else
			printf("No change of discount on \"%s\" within 100 points closes that gap: its payable does not follow "
			       "its discount.\n", in[0].name);
	}
	if (dd_money_cmp(W->base.shortfall, W->base.leakage) >= 0 && dd_money_is_pos(W->base.shortfall))
	{
		dd_money pc = dd_money_zero();
		dd_money_muldiv(W->base.shortfall_probability, 100, 1, &pc);
		printf("Its main risk is the commitment: a shortfall of %s expected, probability %s%%.\n",
		       cli_cents(W->base.shortfall, a), dd_money_format(dd_money_round(pc, 0), c));
	}
	else if (dd_money_is_pos(W->base.leakage))
		printf("Its main risk is leakage: %s of credits expected to expire unused.\n", cli_cents(W->base.leakage, a));
	else
		printf("It carries no expected shortfall and no expected leakage.\n");
	if (dd_money_is_pos(r->stress))
		printf("With spend %s%% lower or higher the ranking %s.\n", dd_money_format(r->stress, c),
		       r->ranking_flips ? "flips, so the choice depends on the forecast" : "holds");
	else if (s != r->n && W->points_found && r->offers[s].points_found)
		printf("The ranking would flip if \"%s\" came %s points of discount closer; run with --stress to test the forecast.\n",
		       in[s].name, dd_money_format(dd_money_sub(W->credit_equivalent_points, r->offers[s].credit_equivalent_points), c));
	else
		printf("Run with --stress to see how a lower or higher spend changes it.\n");
}

static int compare(cli_ctx *ctx, const offers_args *a, char **files, int n)
{
	const char *verb = "offers compare";
	dd_fc_options o;
	dd_money rate, stress;
	int rc;
	if (n < 1) {
		fprintf(stderr, "drawdown: %s: name at least one offer file (see 'drawdown offers --help')\n", verb);
		return CLI_USAGE;
	}
	if ((rc = common_options(verb, a, &o)) || (rc = percent_option(verb, "rate", a->rate, 1000, &rate)) ||
	    (rc = percent_option(verb, "stress", a->stress, 99, &stress)))
		return rc;
	dd_book *book = NULL;
	dd_store *store = NULL;
	dd_ramp *ramp = NULL;
	cli_forecast cf = {0};
	dd_offers_result res = {0};
	dd_offer **offers = calloc((size_t)n, sizeof *offers);
	dd_offer_input *in = calloc((size_t)n, sizeof *in);
	if (!offers || !in) {
		rc = cli_fail("out of memory");
		goto out;
	}
	if ((rc = cli_load_book(ctx, &book)) || (rc = cli_load_offers(ctx, files, n, offers, in))) goto out;
	if (a->ramp && (rc = cli_load_ramp(a->ramp, &ramp))) goto out;
	o.ramp = ramp;
	if ((rc = cli_open_store(ctx, false, &store)) || (rc = cli_load_history(store, DD_MONTH_NONE, "--as-of", &cf))) goto out;
	if (dd_offers_compare(cf.view, cf.hist.n, in, (size_t)n, &o, rate, stress, &res)) {
		rc = cli_error();
		goto out;
	}
	if (a->json) rc = print_compare_json(&res, in);
	else if (a->summary) print_summary(&res, in);
	else print_compare_table(&res, in, book->currency);
out:
	dd_offers_result_dispose(&res);
	for (int i = 0; offers && i < n; i++) dd_offer_free(offers[i]);
	free(offers);
	free(in);
	cli_forecast_free(&cf);
	dd_ramp_free(ramp);
	dd_store_close(store);
	dd_book_free(book);
	return rc;
}

static int size(cli_ctx *ctx, const offers_args *a)
{
	const char *verb = "offers size";
	dd_fc_options o;
	dd_money maxp;
	int rc;
	if (!a->maxp) {
		fprintf(stderr, "drawdown: %s: --max-shortfall-probability PCT is required (see 'drawdown offers --help')\n", verb);
		return CLI_USAGE;
	}
	if ((rc = common_options(verb, a, &o)) || (rc = percent_option(verb, "max-shortfall-probability", a->maxp, 100, &maxp)))
		return rc;
	dd_money_muldiv(maxp, 1, 100, &maxp);
	dd_book *book = NULL;
	dd_offer *offer = NULL;
	dd_store *store = NULL;
	dd_ramp *ramp = NULL;
	cli_forecast cf = {0};
	dd_offers_size_result res = {0};
	dd_offer_input in;
	if ((rc = cli_load_book(ctx, &book))) goto out;
	if (a->offer && (rc = cli_load_offers(ctx, (char **)&a->offer, 1, &offer, &in))) goto out;
	if (a->ramp && (rc = cli_load_ramp(a->ramp, &ramp))) goto out;
	o.ramp = ramp;
	const dd_book *target = offer ? offer->book : book;
	if (!target->agreement.present) {
		rc = cli_fail("%s has no agreement to size a commitment for", offer ? a->offer : book->path);
		goto out;
	}
	if ((rc = cli_open_store(ctx, false, &store)) || (rc = cli_load_history(store, DD_MONTH_NONE, "--as-of", &cf))) goto out;
	dd_money rate;
	if ((rc = percent_option(verb, "rate", a->rate, 1000, &rate))) goto out;
	if (dd_offers_size(cf.view, cf.hist.n, target, offer ? book : NULL, &o, rate, maxp, &res)) {
		rc = cli_error();
		goto out;
	}
	char d1[11], d2[11], m[4][DD_MONEY_STRMAX];
	if (a->json) {
		cli_json j;
		js_init(&j, stdout);
		js_obj(&j, NULL);
		js_money(&j, "max_shortfall_probability", res.max_probability);
		js_money(&j, "annual_commitment", res.annual_commitment);
		if (res.has_discount_to_beat) {
			js_money(&j, "current_npv", res.current_npv);
			js_money(&j, "discount_to_beat_percent", res.discount_to_beat);
		}
		js_arr(&j, "years");
		for (size_t y = 0; y < res.nyears; y++) {
			const dd_offer_size_year *sy = &res.years[y];
			js_obj(&j, NULL);
			js_int(&j, "year", sy->year);
			js_str(&j, "start", dd_date_format(sy->start, d1));
			js_str(&j, "end", dd_date_format(sy->end, d2));
			js_money(&j, "commitment", sy->commitment);
			js_money(&j, "shortfall_probability", sy->shortfall_probability);
			js_obj(&j, "counted");
			js_money(&j, "p10", sy->counted.p10);
			js_money(&j, "p50", sy->counted.p50);
			js_money(&j, "p90", sy->counted.p90);
			js_obj_end(&j);
			js_obj_end(&j);
		}
		js_arr_end(&j);
		js_obj_end(&j);
		rc = js_done(&j);
	} else {
		bool csv = cli_mode_get()->csv;
		if (!csv)
			printf("The highest flat annual commitment with a shortfall probability of at most %s%% in every year: %s %s\n\n",
		       a->maxp, cli_cents(res.annual_commitment, m[0]), book->currency);
		cli_table t;
		cli_table_init(&t, "rllrrrr", 7);
		cli_table_head(&t, "YEAR", "START", "END", "MOST THIS YEAR", "COUNTED P10", "COUNTED P50", "SHORTFALL PROBABILITY");
		for (size_t y = 0; y < res.nyears; y++) {
			const dd_offer_size_year *sy = &res.years[y];
			char yr[16], pr[DD_MONEY_STRMAX];
			snprintf(yr, sizeof yr, "%d", sy->year);
			dd_money pc;
			dd_money_muldiv(sy->shortfall_probability, 100, 1, &pc);
			snprintf(pr, sizeof pr, "%s%%", dd_money_format(dd_money_round(pc, 1), m[3]));
			cli_table_row(&t, yr, dd_date_format(sy->start, d1), dd_date_format(sy->end, d2), cli_cents(sy->commitment, m[0]),
				      cli_cents(sy->counted.p10, m[1]), cli_cents(sy->counted.p50, m[2]), pr);
		}
		cli_table_print(&t, stdout, csv ? 0 : 2);
		cli_table_free(&t);
		if (!csv && res.has_discount_to_beat && dd_money_is_pos(res.discount_to_beat))
			printf("\nTo cost no more than the current terms (expected NPV %s over the same term), that commitment "
			       "must earn a discount of at least %s%% every year.\n",
			       cli_cents(res.current_npv, m[0]), dd_money_format(res.discount_to_beat, m[1]));
		else if (!csv && res.has_discount_to_beat)
			printf("\nThat commitment costs less than the current terms (expected NPV %s over the same term) even with "
			       "no discount (break-even at %s%%).\n",
			       cli_cents(res.current_npv, m[0]), dd_money_format(res.discount_to_beat, m[1]));
	}
out:
	dd_offers_size_dispose(&res);
	dd_offer_free(offer);
	cli_forecast_free(&cf);
	dd_ramp_free(ramp);
	dd_store_close(store);
	dd_book_free(book);
	return rc;
}

int cmd_offers(cli_ctx *ctx, int argc, char **argv)
{
	offers_args a = {0};
	int npos = 0;
	int rc = cli_parse_spec(ctx, &cli_spec_offers, &a, argc, argv, &npos);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	if (a.csv && (a.json || a.summary)) return cli_usage("offers", "--csv cannot be used with --json or --summary");
	if (npos < 1 || (strcmp(argv[1], "compare") && strcmp(argv[1], "size"))) {
		fprintf(stderr, "drawdown: offers: expected 'compare' or 'size' (see 'drawdown offers --help')\n");
		return CLI_USAGE;
	}
	if (!strcmp(argv[1], "compare")) return compare(ctx, &a, argv + 2, npos - 1);
	if (npos > 1) {
		fprintf(stderr, "drawdown: offers size: unexpected argument \"%s\"; the offer is --offer FILE\n", argv[2]);
		return CLI_USAGE;
	}
	return size(ctx, &a);
}
