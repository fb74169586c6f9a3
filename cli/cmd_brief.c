/* cmd_brief.c: `drawdown brief --for edp|map|support|goodwill`: the case
 * for a credit ask as Markdown (SPEC section 7). AWS grants discretionary
 * credits when the buyer supplies a justification it can point to, so the
 * brief quantifies it and dates the ask (early, beside the structural
 * terms). Every figure is read from the book, the store and the default
 * forecast (through opportunities.h for the triggers and typical sizes),
 * never typed twice. --out replaces the file atomically. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

typedef struct {
	const char *for_s, *incident, *as_of, *ramp, *out;
	bool json;
} brief_args;

static const cli_option options[] = {
	{.name = "for", .metavar = "KIND", .help = "edp, map, support or goodwill", .at = offsetof(brief_args, for_s),
	 .complete = "edp map support goodwill"},
	{.name = "incident", .metavar = "ID", .help = "the book's incident (goodwill only)",
	 .at = offsetof(brief_args, incident)},
	{.name = "as-of", .metavar = "YYYY-MM-DD", .help = "the day the brief is for (default: today, UTC)",
	 .at = offsetof(brief_args, as_of)},
	{.name = "ramp", .metavar = "FILE", .help = "a migration plan added to the forecast (docs/forecast.md)",
	 .at = offsetof(brief_args, ramp), .complete = "file"},
	{.name = "out", .metavar = "FILE", .help = "write the brief to FILE (replaced atomically), not stdout",
	 .at = offsetof(brief_args, out), .complete = "file"},
	{.name = "json",
	 .help = "{\"for\",\"as_of\",\"incident\",\"markdown\"}: the same brief as a JSON\n"
		 "string, for scripts (with --out, written to FILE)",
	 .at = offsetof(brief_args, json)},
	{0},
};

const cli_spec cli_spec_brief = {
	.verb = "brief",
	.summary = "the Markdown case for a credit ask (edp, map, support, goodwill)",
	.synopsis = "brief --for edp|map|support|goodwill [--incident ID] [--as-of YYYY-MM-DD] [--ramp FILE] "
		    "[--out FILE] [--json]",
	.description = "The Markdown case for a credit ask, every figure from the book, the store\n"
		       "and the default forecast (auto, 1,000 paths, seed 1):\n"
		       "  edp       the commitment per year and in total, the term, the projected spend\n"
		       "            and headroom, the credits asked with their sizes, and the dates\n"
		       "            (renewal window opening, 60-day mark)\n"
		       "  map       the projected ramp (with --ramp, the migration plan) and the\n"
		       "            increase it brings, and the credits asked\n"
		       "  support   the support fee projected per year and the credits asked\n"
		       "  goodwill  an incident's record (what failed, for how long, which systems and\n"
		       "            accounts, what it cost); needs --incident\n",
	.options = options,
};

typedef enum { B_EDP, B_MAP, B_SUPPORT, B_GOODWILL } brief_kind;

typedef struct {
	const dd_book *book;
	const cli_forecast *cf;
	const dd_forecast *f;     /* NULL for goodwill */
	const dd_opportunities *o;
	const dd_ramp *ramp;
	const char *ramp_path;
	dd_date as_of;
	FILE *w;
} brief;

static const char *plan_name(dd_support_plan p)
{
	switch (p) {
	case DD_SUPPORT_DEVELOPER: return "developer";
	case DD_SUPPORT_BUSINESS: return "business";
	case DD_SUPPORT_ENTERPRISE_ON_RAMP: return "enterprise_on_ramp";
	case DD_SUPPORT_ENTERPRISE: return "enterprise";
	default: return "basic";
	}
}


/* Tenths of a percent, floored, as "25.0%" / "-3.5%". */
static const char *tenths_text(long long t, char *buf, size_t n)
{
	long long a = t < 0 ? -t : t;
	snprintf(buf, n, "%s%lld.%lld%%", t < 0 ? "-" : "", a / 10, a % 10);
	return buf;
}

static const char *account_text(const dd_book *book, const char *id, char *buf, size_t n)
{
	const dd_account *a = dd_book_account(book, id);
	if (a && a->name) snprintf(buf, n, "%s (%s)", a->name, id);
	else snprintf(buf, n, "%s", id);
	return buf;
}

/* "2026-10-03 14:05 UTC" */
static const char *timestamp_text(int64_t s, char *buf, size_t n)
{
	char d[11];
	int64_t sec = s % 86400;
	if (sec < 0) sec += 86400;
	snprintf(buf, n, "%s %02d:%02d UTC", dd_date_format(dd_epoch_date(s), d), (int)(sec / 3600), (int)(sec % 3600 / 60));
	return buf;
}

/* What the brief was made from (book, imported months, forecast), and why ask early. */
static void header(const brief *b)
{
	char d[11], m1[8], m2[8];
	const dd_history *h = &b->cf->hist;
	fprintf(b->w, "As of %s, from the book `%s`", dd_date_format(b->as_of, d), b->book->path);
	if (h->n)
		fprintf(b->w, ", the store's %zu imported month%s (%s to %s)", h->n, h->n == 1 ? "" : "s",
			dd_month_format(h->first, m1), dd_month_format(h->first + (dd_month)(h->n - 1), m2));
	if (b->f) {
		dd_money paths = dd_money_from_units(b->f->paths);
		char p[DD_MONEY_STRMAX];
		cli_cents(paths, p);
		p[strlen(p) - 3] = '\0'; /* a count: no cents */
		fprintf(b->w, " and drawdown's forecast of the %d months after %s (method %s, %s paths, seed %llu", b->f->months,
			dd_month_format(b->f->as_of, m1), dd_fc_method_name(b->f->method), p, (unsigned long long)b->f->seed);
		if (b->ramp_path) fprintf(b->w, ", with the migration plan `%s`", b->ramp_path);
		fprintf(b->w, "); projected figures are the P50 of its paths");
	}
	fprintf(b->w, ". Amounts in %s.\n\n", b->book->currency);
	fprintf(b->w, "AWS grants discretionary credits when the buyer supplies a justification it can point to: this "
		      "brief quantifies it. Ask early in the negotiation, beside the structural terms (discount, "
		      "commitment, term, support), never as a last-minute add-on.\n");
}

static void typical_line(const brief *b, dd_opp_programme p, const char *what, const char *how)
{
	const dd_opportunity *op = &b->o->items[p];
	char lo[DD_MONEY_STRMAX], hi[DD_MONEY_STRMAX];
	if (op->has_typical)
		fprintf(b->w, "- **%s: %s to %s a year**, the typical size for a large enterprise (buyer-side advisers' "
			      "figures)%s%s.\n",
			what, cli_cents(op->typical_low, lo), cli_cents(op->typical_high, hi), how ? ", " : "", how ? how : "");
	else
		fprintf(b->w, "- **%s**: AWS publishes no typical range%s%s.\n", what, how ? "; " : "", how ? how : "");
}

/* The book's credits of a type expiring on or after the as-of date. */
static void held_line(const brief *b, dd_opp_programme p)
{
	const dd_opportunity *op = &b->o->items[p];
	char a[DD_MONEY_STRMAX], d[11];
	fprintf(b->w, "- Held: %s of %s credits expiring on or after %s", cli_cents(op->held, a),
		dd_opp_programme_name(p), dd_date_format(b->as_of, d));
	int k = 0;
	for (size_t i = 0; i < b->book->ncredits; i++) {
		const dd_credit *c = &b->book->credits[i];
		if (c->type != op->type || dd_date_cmp(c->expires, b->as_of) < 0) continue;
		fprintf(b->w, "%s%s %s to %s", k++ ? ", " : " (", c->id, cli_cents(c->amount, a), dd_date_format(c->expires, d));
	}
	fprintf(b->w, "%s.\n", k ? ")" : "");
}

/* Credits (of one type, or every type when all) the forecast expects to
 * leak, with the expiry that would let the projection use them. */
static void leakage(const brief *b, bool all, dd_credit_type type)
{
	char r[DD_MONEY_STRMAX], l[DD_MONEY_STRMAX], d[11], s[11], pc[32];
	int k = 0;
	for (size_t i = 0; b->f && i < b->f->ncredits; i++) {
		const dd_fc_credit *fc = &b->f->credits[i];
		const dd_credit *c = &b->book->credits[fc->credit];
		if ((!all && c->type != type) || !dd_money_is_pos(fc->leak_probability)) continue;
		if (k++ == 0)
			fprintf(b->w, "\nCurrent credits the forecast expects to leave unused, and the expiry that would let "
				      "the projection use them (ask for it in the same negotiation):\n\n"
				      "| Credit | Type | Remaining | Expires | Unused at expiry (P50) | Probability | Ask for expiry |\n"
				      "|---|---|---:|---|---:|---:|---|\n");
		fprintf(b->w, "| %s | %s | %s | %s | %s | %s | %s |\n", c->id, dd_credit_type_name(c->type),
			cli_cents(fc->remaining, r), dd_date_format(c->expires, d), cli_cents(fc->leakage.p50, l),
			cli_probability(fc->leak_probability, pc, sizeof pc),
			fc->has_suggested ? dd_date_format(fc->suggested_expiry, s) : "none within 120 months");
	}
	if (!k)
		fprintf(b->w, "- The forecast expects no current %s%scredit to leave value unused.\n", all ? "" : dd_credit_type_name(type),
			all ? "" : " ");
}

/* P10/P50/P90 over the paths of field f summed over months [k0, k1). */
static int block_band(const dd_forecast *f, dd_fc_field field, int k0, int k1, dd_fc_band *out)
{
	dd_money *v = malloc((size_t)f->paths * sizeof *v);
	if (!v) return cli_fail("out of memory");
	for (int p = 0; p < f->paths; p++) {
		dd_money s = dd_money_zero();
		for (int k = k0; k < k1; k++) s = dd_money_add(s, f->path_months[((size_t)p * (size_t)f->months + (size_t)k) * DD_FC_NFIELDS + field]);
		v[p] = s;
	}
	out->p10 = dd_fc_quantile(v, (size_t)f->paths, 10);
	out->p50 = dd_fc_quantile(v, (size_t)f->paths, 50);
	out->p90 = dd_fc_quantile(v, (size_t)f->paths, 90);
	free(v);
	return CLI_OK;
}

/* P50 over the paths of month k's gross without a contract year's shortfall. */
static int month_spend(const dd_forecast *f, int k, dd_money *out)
{
	dd_money *v = malloc((size_t)f->paths * sizeof *v);
	if (!v) return cli_fail("out of memory");
	for (int p = 0; p < f->paths; p++) {
		const dd_money *pm = &f->path_months[((size_t)p * (size_t)f->months + (size_t)k) * DD_FC_NFIELDS];
		v[p] = dd_money_sub(pm[DD_FC_GROSS], pm[DD_FC_SHORTFALL]);
	}
	*out = dd_fc_quantile(v, (size_t)f->paths, 50);
	free(v);
	return CLI_OK;
}

/* Imported spend of history month i (every charge but tax, support and AWS's own application). */
static dd_money history_spend(const dd_fc_history *h)
{
	dd_money s = dd_money_zero();
	for (size_t j = 0; h->present && j < h->n; j++) {
		const dd_charge *c = &h->charges[j];
		dd_charge_class cls = c->cls != DD_CLASS_UNSET ? c->cls : dd_classify_charge(c->charge_type, c->service, c->service_name);
		if (cls != DD_CLASS_SUPPORT && cls != DD_CLASS_AWS_APPLIED && cls != DD_CLASS_TAX) s = dd_money_add(s, c->amount);
	}
	return s;
}

/* ---- edp ------------------------------------------------------------- */

static int edp_years(const brief *b)
{
	const dd_agreement *ag = &b->book->agreement;
	const dd_forecast *f = b->f;
	char d1[11], d2[11], c[DD_MONEY_STRMAX], p[DD_MONEY_STRMAX], h[DD_MONEY_STRMAX], pc[32], disc[DD_MONEY_STRMAX];
	dd_money total = dd_money_zero(), counted = dd_money_zero();
	fprintf(b->w, "\n| Year | From | To | Commitment | Discount | Counted (P50) | Headroom |\n"
		      "|---:|---|---|---:|---:|---:|---|\n");
	for (size_t y = 0; y < f->nyears; y++) {
		const dd_fc_year *fy = &f->years[y];
		dd_month end = dd_date_month(fy->end);
		dd_money head = dd_money_sub(fy->counted.p50, fy->commitment);
		total = dd_money_add(total, fy->commitment);
		counted = dd_money_add(counted, fy->counted.p50);
		fprintf(b->w, "| %d | %s | %s | %s | %s%% | %s%s | ", fy->year, dd_date_format(fy->start, d1),
			dd_date_format(fy->end, d2), cli_cents(fy->commitment, c), dd_money_format(ag->discount_percent[y], disc),
			cli_cents(fy->counted.p50, p),
			end <= f->as_of ? " (imported)" : end > f->as_of + f->months ? " (to the horizon)" : "");
		if (dd_money_is_neg(head))
			fprintf(b->w, "%s: shortfall, probability %s |\n", cli_cents(head, h),
				cli_probability(fy->shortfall_probability, pc, sizeof pc));
		else
			fprintf(b->w, "%s |\n", cli_cents(head, h));
	}
	fprintf(b->w, "| **Total** | %s | %s | **%s** | | %s | %s |\n", dd_date_format(f->years[0].start, d1),
		dd_date_format(f->years[f->nyears - 1].end, d2), cli_cents(total, c), cli_cents(counted, p),
		cli_cents(dd_money_sub(counted, total), h));
	fprintf(b->w, "\nCounted is the spend that counts toward the commitment (%s basis), imported months plus the "
		      "projection; headroom is counted minus commitment, a shortfall when negative (billed in the year's "
		      "last month), with the share of the forecast's paths on which the year falls short.\n",
		ag->basis == DD_BASIS_GROSS ? "gross" : "net");
	return CLI_OK;
}

static int edp_months(const brief *b)
{
	const dd_forecast *f = b->f;
	const dd_agreement *ag = &b->book->agreement;
	char m[8], s[DD_MONEY_STRMAX], c[DD_MONEY_STRMAX];
	int k0 = -1;
	for (int k = 0; k < f->months; k++) {
		int y = dd_book_contract_year(b->book, f->month[k].month);
		if (y < 0) continue;
		if (k0 < 0) {
			k0 = k;
			fprintf(b->w, "\n## Projected spend\n\nThe forecast's P50 per month inside the term: spend is the gross "
				      "before credits and discount (a shortfall apart), counted what counts toward the "
				      "commitment.\n\n| Month | Contract year | Spend (P50) | Counted (P50) |\n|---|---:|---:|---:|\n");
		}
		dd_money sp;
		if (month_spend(f, k, &sp)) return CLI_FAIL;
		fprintf(b->w, "| %s | %d | %s | %s |\n", dd_month_format(f->month[k].month, m), y + 1, cli_cents(sp, s),
			cli_cents(f->month[k].band[DD_FC_COUNTED].p50, c));
	}
	if (k0 < 0) fprintf(b->w, "\n## Projected spend\n\nThe forecast has no month inside the term of %s.\n", ag->id);
	return CLI_OK;
}

static int brief_edp(const brief *b)
{
	const dd_agreement *ag = &b->book->agreement;
	const dd_opportunities *o = b->o;
	const dd_opportunity *op = &o->items[DD_OPP_EDP];
	char d1[11], d2[11], d3[11], a[DD_MONEY_STRMAX], y[DD_MONEY_STRMAX], m1[8], m2[8];
	dd_renewal_dates r;
	if (!ag->present) {
		fprintf(b->w, "# EDP credit request: a first agreement\n\n");
		header(b);
		fprintf(b->w, "\n## Spend\n\n");
		if (o->spend_months) {
			fprintf(b->w, "The last %d imported months (%s to %s) billed %s of spend", o->spend_months,
				dd_month_format(o->last - (dd_month)(o->spend_months - 1), m1), dd_month_format(o->last, m2),
				cli_cents(o->spend, a));
			if (o->spend_months != 12) fprintf(b->w, " (%s a year)", cli_cents(o->spend_year, y));
			fprintf(b->w, ".");
		}
		if (o->ramp_months)
			fprintf(b->w, " The forecast's P50 spend for the next %d months is %s.", o->ramp_months,
				cli_cents(o->ramp_projected, a));
		fprintf(b->w, "\n\n## Credits asked\n\n");
		typical_line(b, DD_OPP_EDP, "EDP service credits", "often tiered across the term and negotiated with the EDP");
		fprintf(b->w, "- Why: %s\n", op->trigger ? op->trigger : "no trigger in the data yet (the spend is not over "
									   "1,000,000.00 a year).");
		held_line(b, DD_OPP_EDP);
		leakage(b, true, DD_CREDIT_EDP);
		fprintf(b->w, "\n## Dates\n\n%s\n", op->when);
		return CLI_OK;
	}
	if (dd_agreement_renewal(ag, &r)) return cli_error();
	fprintf(b->w, "# EDP credit request: %s\n\n", ag->id);
	header(b);
	fprintf(b->w, "\n## Dates\n\n| Date | |\n|---|---|\n"
		      "| %s | The renewal window opens (9 months before the end): ask from here, beside the renewal's terms |\n"
		      "| %s | The 60-day mark: inside the last 60 days little leverage is left |\n"
		      "| %s | %s ends |\n",
		dd_date_format(r.window_opens, d1), dd_date_format(r.critical, d2), dd_date_format(r.end, d3), ag->id);
	fprintf(b->w, "\n## Commitment and term\n\nTerm: %s to %s (%d year%s); commitment basis %s; credits count "
		      "toward the commitment: %s; carry-forward: %s.\n",
		dd_date_format(ag->start, d1), dd_date_format(r.end, d2), ag->years, ag->years == 1 ? "" : "s",
		ag->basis == DD_BASIS_GROSS ? "gross" : "net", ag->credits_count ? "yes" : "no", ag->carry_forward ? "yes" : "no");
	if (edp_years(b) || edp_months(b)) return CLI_FAIL;
	fprintf(b->w, "\n## Credits asked\n\n");
	typical_line(b, DD_OPP_EDP, "EDP service credits",
		     "often tiered across the term (e.g. 50,000 / 30,000 / 20,000) and negotiated with the EDP");
	if (op->trigger) fprintf(b->w, "- Why now: %s\n", op->trigger);
	else fprintf(b->w, "- Why: %s ends on %s, in %lld days: the credits are negotiated with its renewal.\n", ag->id,
		     dd_date_format(r.end, d1), (long long)dd_date_days_between(b->as_of, r.end));
	held_line(b, DD_OPP_EDP);
	leakage(b, true, DD_CREDIT_EDP);
	fprintf(b->w, "\n## When to ask\n\n%s\n", op->when);
	return CLI_OK;
}

/* ---- map ------------------------------------------------------------- */

static void ramp_steps(const brief *b)
{
	char from[8], until[8], a[DD_MONEY_STRMAX], acc[DD_ACCOUNT_MAX + 256];
	if (!b->ramp) {
		fprintf(b->w, "\nNo migration plan was given (`--ramp FILE`): the projection is the history's own trend.\n");
		return;
	}
	fprintf(b->w, "\nThe migration plan (`%s`):\n\n| Account | Service | From | Until | Change |\n|---|---|---|---|---|\n",
		b->ramp_path);
	for (size_t i = 0; i < b->ramp->n; i++) {
		const dd_ramp_step *s = &b->ramp->steps[i];
		fprintf(b->w, "| %s | %s | %s | %s | ", account_text(b->book, s->account, acc, sizeof acc), s->service,
			dd_month_format(s->from, from), s->until == DD_MONTH_NONE ? "-" : dd_month_format(s->until, until));
		if (s->has_amount) fprintf(b->w, "+%s a month |\n", cli_cents(s->amount, a));
		else fprintf(b->w, "spend x (1 %s %s%%) from then on |\n", dd_money_is_neg(s->growth_percent) ? "-" : "+",
			     dd_money_format(dd_money_is_neg(s->growth_percent) ? dd_money_neg(s->growth_percent) : s->growth_percent, a));
	}
}

static int brief_map(const brief *b)
{
	const dd_opportunities *o = b->o;
	const dd_forecast *f = b->f;
	const dd_opportunity *op = &o->items[DD_OPP_MAP];
	char m1[8], m2[8], a[DD_MONEY_STRMAX], c[DD_MONEY_STRMAX], d[DD_MONEY_STRMAX], pc[32];
	fprintf(b->w, "# MAP credit request\n\n");
	header(b);
	fprintf(b->w, "\n## The ramp\n\n");
	int k = o->ramp_months;
	if (k == 0) {
		fprintf(b->w, "No imported month to measure a ramp against.\n");
	} else {
		dd_money inc = dd_money_sub(o->ramp_projected, o->ramp_base);
		fprintf(b->w, "The forecast's P50 spend for the next %d months (%s to %s) is %s, against %s in the last %d "
			      "imported months: an increase of %s",
			k, dd_month_format(o->last + 1, m1), dd_month_format(o->last + (dd_month)k, m2),
			cli_cents(o->ramp_projected, a), cli_cents(o->ramp_base, c), k, cli_cents(inc, d));
		if (o->has_ramp_percent) fprintf(b->w, " (%s)", tenths_text(o->ramp_tenths, pc, sizeof pc));
		fprintf(b->w, ". %s\n", op->trigger ? "A ramp of 25% or more, as a migration brings."
						    : "Below the 25% ramp that marks a migration: the ask needs the "
						      "migration plan to show the ramp.");
		ramp_steps(b);
		fprintf(b->w, "\n| Imported month | Spend | Projected month | Spend (P50) | Increase |\n|---|---:|---|---:|---:|\n");
		for (int i = 0; i < k; i++) {
			dd_month hm = o->last - (dd_month)(k - 1 - i);
			dd_money hs = history_spend(&b->cf->view[b->cf->hist.n - (size_t)k + (size_t)i]), ps;
			if (month_spend(f, i, &ps)) return CLI_FAIL;
			fprintf(b->w, "| %s | %s | %s | %s | %s |\n", dd_month_format(hm, m1), cli_cents(hs, a),
				dd_month_format(f->month[i].month, m2), cli_cents(ps, c), cli_cents(dd_money_sub(ps, hs), d));
		}
		fprintf(b->w, "| **Total** | **%s** | | **%s** | **%s** |\n", cli_cents(o->ramp_base, a),
			cli_cents(o->ramp_projected, c), cli_cents(inc, d));
		fprintf(b->w, "\nSpend is the gross before credits and discount: every charge but tax, support and AWS's "
			      "own credits (a contract year's shortfall apart).\n");
	}
	fprintf(b->w, "\n## Credits asked\n\n");
	typical_line(b, DD_OPP_MAP, "MAP credits", "tied to migration milestones and asked for before the migration starts");
	held_line(b, DD_OPP_MAP);
	leakage(b, false, DD_CREDIT_MAP);
	fprintf(b->w, "\n## Dates\n\n");
	if (b->ramp && b->ramp->n) {
		dd_month first = b->ramp->steps[0].from;
		for (size_t i = 1; i < b->ramp->n; i++)
			if (b->ramp->steps[i].from < first) first = b->ramp->steps[i].from;
		fprintf(b->w, "The migration plan starts in %s: ask before it does. ", dd_month_format(first, m1));
	}
	fprintf(b->w, "%s\n", op->when);
	return CLI_OK;
}

/* ---- support --------------------------------------------------------- */

static int brief_support(const brief *b)
{
	const dd_forecast *f = b->f;
	const dd_opportunity *op = &b->o->items[DD_OPP_SUPPORT];
	char m1[8], m2[8], t1[11], t2[11], a[DD_MONEY_STRMAX], c[DD_MONEY_STRMAX], d[DD_MONEY_STRMAX], e[DD_MONEY_STRMAX];
	fprintf(b->w, "# Support credit request\n\n");
	header(b);
	fprintf(b->w, "\n## The support fee\n\nThe book's support plan: %s. The fee the forecast projects (the engine "
		      "computes it from each path's bill), per 12 months after %s: the P50 of each period's total over the "
		      "paths, with its P10-P90 range.\n\n"
		      "| Period | Support fee (P50) | P10 - P90 | Support credits applied (P50) |\n|---|---:|---:|---:|\n",
		plan_name(b->book->support_plan), dd_month_format(f->as_of, m1));
	dd_fc_band first = {0};
	for (int k0 = 0; k0 < f->months; k0 += 12) {
		int k1 = k0 + 12 < f->months ? k0 + 12 : f->months;
		dd_fc_band fee, cr;
		if (block_band(f, DD_FC_SUPPORT_FEE, k0, k1, &fee) || block_band(f, DD_FC_SUPPORT_CREDITS, k0, k1, &cr))
			return CLI_FAIL;
		if (k0 == 0) first = fee;
		fprintf(b->w, "| %s to %s | %s | %s - %s | %s |\n", dd_month_format(f->month[k0].month, m1),
			dd_month_format(f->month[k1 - 1].month, m2), cli_cents(fee.p50, a), cli_cents(fee.p10, c),
			cli_cents(fee.p90, d), cli_cents(cr.p50, e));
	}
	fprintf(b->w, "\n## Credits asked\n\n");
	char how[160 + DD_MONEY_STRMAX];
	snprintf(how, sizeof how, "size the ask on the fee above (%s projected for the next %d months)", cli_cents(first.p50, a),
		 f->months < 12 ? f->months : 12);
	typical_line(b, DD_OPP_SUPPORT, "Support credits", how);
	if (op->trigger) fprintf(b->w, "- Why: %s\n", op->trigger);
	held_line(b, DD_OPP_SUPPORT);
	leakage(b, false, DD_CREDIT_SUPPORT);
	fprintf(b->w, "\n## Dates\n\n");
	dd_renewal_dates r;
	if (b->book->agreement.present && !dd_agreement_renewal(&b->book->agreement, &r) && dd_date_cmp(r.end, b->as_of) >= 0)
		fprintf(b->w, "Support is one of the structural terms of %s's renewal: ask with it, from the renewal window's "
			      "opening on %s, before the 60-day mark of %s.\n",
			b->book->agreement.id, dd_date_format(r.window_opens, t1), dd_date_format(r.critical, t2));
	else
		fprintf(b->w, "Ask beside the support terms when the plan is negotiated or renewed, never as a last-minute "
			      "add-on.\n");
	if (op->trigger) fprintf(b->w, "\nAfter an incident: %s\n", op->when);
	return CLI_OK;
}

/* ---- goodwill -------------------------------------------------------- */

static bool same_service(const dd_charge *c, const char *service)
{
	return (c->service && strcmp(c->service, service) == 0) || (c->service_name && strcmp(c->service_name, service) == 0);
}

static bool affected_account(const dd_incident *inc, const char *account)
{
	if (inc->naccounts == 0) return true;
	for (size_t i = 0; i < inc->naccounts; i++)
		if (strcmp(inc->accounts[i], account) == 0) return true;
	return false;
}

static int brief_goodwill(const brief *b, const dd_incident *inc)
{
	char t1[40], t2[40], acc[DD_ACCOUNT_MAX + 256], m[8], a[DD_MONEY_STRMAX], d1[11], d2[11];
	const dd_history *h = &b->cf->hist;
	fprintf(b->w, "# Goodwill credit request: %s\n\n", inc->id);
	header(b);
	int64_t mins = (inc->end - inc->start) / 60;
	fprintf(b->w, "\n## What failed\n\n- Service: %s, under the SLA %s\n- Region: %s\n- From %s to %s: ", inc->service,
		dd_sla_name(inc->sla), inc->region ? inc->region : "not recorded", timestamp_text(inc->start, t1, sizeof t1),
		timestamp_text(inc->end, t2, sizeof t2));
	if (mins >= 60) fprintf(b->w, "%lld h %02lld min\n", (long long)(mins / 60), (long long)(mins % 60));
	else fprintf(b->w, "%lld min\n", (long long)mins);
	fprintf(b->w, "- Accounts: ");
	if (!inc->naccounts) fprintf(b->w, "not recorded (every account is counted below)");
	for (size_t i = 0; i < inc->naccounts; i++)
		fprintf(b->w, "%s%s", i ? ", " : "", account_text(b->book, inc->accounts[i], acc, sizeof acc));
	fprintf(b->w, "\n- Impact: %s\n", inc->impact ? inc->impact : "not recorded in the book");

	fprintf(b->w, "\n## What it cost\n\nThe affected service's charges in the affected accounts in the month%s of "
		      "the incident, as imported (every region: the store's history is kept per account and service); the "
		      "SLA credit is a percent of these.\n\n| Month | Account | Charges |\n|---|---|---:|\n",
		dd_date_month(dd_epoch_date(inc->start)) == dd_date_month(dd_epoch_date(inc->end)) ? "" : "s");
	dd_money total = dd_money_zero();
	int rows = 0;
	for (dd_month mo = dd_date_month(dd_epoch_date(inc->start)); mo <= dd_date_month(dd_epoch_date(inc->end)); mo++) {
		if (h->n == 0 || mo < h->first || mo >= h->first + (dd_month)h->n || !b->cf->view[mo - h->first].present) {
			fprintf(b->w, "| %s | | not imported |\n", dd_month_format(mo, m));
			continue;
		}
		const dd_fc_history *hm = &b->cf->view[mo - h->first];
		/* charges are sorted by account: one row per affected account */
		for (size_t j = 0; j < hm->n;) {
			const char *account = hm->charges[j].account;
			dd_money s = dd_money_zero();
			bool any = false;
			for (; j < hm->n && strcmp(hm->charges[j].account, account) == 0; j++) {
				const dd_charge *c = &hm->charges[j];
				dd_charge_class cls = c->cls != DD_CLASS_UNSET ? c->cls : dd_classify_charge(c->charge_type, c->service, c->service_name);
				if (cls == DD_CLASS_TAX || cls == DD_CLASS_SUPPORT || cls == DD_CLASS_AWS_APPLIED) continue;
				if (!same_service(c, inc->service) || !affected_account(inc, account)) continue;
				s = dd_money_add(s, c->amount);
				any = true;
			}
			if (!any) continue;
			total = dd_money_add(total, s);
			rows++;
			fprintf(b->w, "| %s | %s | %s |\n", dd_month_format(mo, m), account_text(b->book, account, acc, sizeof acc),
				cli_cents(s, a));
		}
	}
	fprintf(b->w, "| **Total** | | **%s** |\n", cli_cents(total, a));
	if (!rows) fprintf(b->w, "\nNo imported charge of %s in the affected accounts in those months.\n", inc->service);
	fprintf(b->w, "\nThe business impact recorded in the book: %s.\n", inc->impact ? inc->impact : "none recorded");

	dd_date rec = dd_date_add_days(dd_epoch_date(inc->end), 30);
	dd_date hard = dd_month_last_day(dd_date_month(dd_epoch_date(inc->start)) + 2);
	const char *rec_passed = dd_date_cmp(rec, b->as_of) < 0 ? " (passed)" : "";
	const char *hard_passed = dd_date_cmp(hard, b->as_of) < 0 ? " (passed: the SLA credit can no longer be claimed)" : "";
	fprintf(b->w, "\n## Credits asked\n\n- **An SLA credit** under %s: the SLA's tier percent of the charges above, "
		      "claimed apart (subject \"SLA Credit Request\", with the dates and times, the affected resources and "
		      "region, and the logs).\n",
		dd_sla_name(inc->sla));
	typical_line(b, DD_OPP_SUPPORT, "A goodwill credit", "size the ask on what the incident cost (above)");
	held_line(b, DD_OPP_SUPPORT);
	fprintf(b->w, "\n## Dates\n\n| Date | |\n|---|---|\n"
		      "| %s | The SLA claim, recommended: 30 days after the incident ended%s |\n"
		      "| %s | The SLA claim's hard deadline: the end of the second billing cycle after the incident's month%s |\n"
		      "\nAsk for the goodwill credit now, while the incident is recent, with this record, beside the SLA claim "
		      "and not in its place.\n",
		dd_date_format(rec, d1), rec_passed, dd_date_format(hard, d2), hard_passed);
	return CLI_OK;
}

/* ---- the verb -------------------------------------------------------- */

static int parse_kind(const char *s, brief_kind *out)
{
	static const char *const kinds[] = {"edp", "map", "support", "goodwill"};
	for (int i = 0; i < 4; i++)
		if (strcmp(s, kinds[i]) == 0) {
			*out = (brief_kind)i;
			return 0;
		}
	return -1;
}

int cmd_brief(cli_ctx *ctx, int argc, char **argv)
{
	brief_args a = {0};
	int rc = cli_parse_spec(ctx, &cli_spec_brief, &a, argc, argv, NULL);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	const char *for_s = a.for_s, *incident = a.incident, *as_of_s = a.as_of, *ramp_path = a.ramp,
		   *out_path = a.out;
	bool json = a.json;
	brief_kind kind;
	if (!for_s) {
		fprintf(stderr, "drawdown: brief: --for edp|map|support|goodwill is required (see 'drawdown brief --help')\n");
		return CLI_USAGE;
	}
	if (parse_kind(for_s, &kind)) {
		fprintf(stderr, "drawdown: brief: --for: expected edp, map, support or goodwill, got \"%s\" (see 'drawdown "
				"brief --help')\n",
			for_s);
		return CLI_USAGE;
	}
	if (kind == B_GOODWILL && !incident) {
		fprintf(stderr, "drawdown: brief: --for goodwill needs --incident ID (see 'drawdown brief --help')\n");
		return CLI_USAGE;
	}
	if (kind != B_GOODWILL && incident) {
		fprintf(stderr, "drawdown: brief: --incident is for --for goodwill only (see 'drawdown brief --help')\n");
		return CLI_USAGE;
	}
	if (kind == B_GOODWILL && ramp_path) {
		fprintf(stderr, "drawdown: brief: --ramp is not used by --for goodwill (see 'drawdown brief --help')\n");
		return CLI_USAGE;
	}
	if (out_path && !*out_path) {
		fprintf(stderr, "drawdown: brief: --out: expected a file name (see 'drawdown brief --help')\n");
		return CLI_USAGE;
	}
	dd_date as_of;
	if ((rc = cli_as_of(argv[0], as_of_s, &as_of))) return rc;

	dd_book *book = NULL;
	dd_store *store = NULL;
	dd_ramp *ramp = NULL;
	cli_forecast cf = {0};
	dd_opportunities o = {0};
	char *text = NULL;
	size_t len = 0;
	FILE *w = NULL;
	const dd_incident *inc = NULL;
	dd_fc_options fo;
	dd_fc_options_default(&fo);
	if ((rc = cli_load_book(ctx, &book)) || (rc = cli_load_ramp(ramp_path, &ramp))) goto out;
	if (kind == B_GOODWILL) {
		for (size_t i = 0; i < book->nincidents && !inc; i++)
			if (strcmp(book->incidents[i].id, incident) == 0) inc = &book->incidents[i];
		if (!inc) {
			rc = cli_fail("brief: no incident \"%s\" in the book %s (%zu incident%s)", incident, book->path,
				      book->nincidents, book->nincidents == 1 ? "" : "s");
			goto out;
		}
	}
	fo.ramp = ramp;
	if ((rc = cli_open_store(ctx, false, &store))) goto out;
	/* goodwill reads the record and the imported charges: no projection */
	rc = kind == B_GOODWILL ? cli_load_history(store, DD_MONTH_NONE, "--as-of", &cf) : cli_forecast_run(book, store, &fo, &cf);
	if (rc) goto out;
	if (dd_opportunities_find(book, cf.view, cf.hist.n, kind == B_GOODWILL ? NULL : &cf.f, as_of, &o)) {
		rc = cli_error();
		goto out;
	}
	if (!(w = open_memstream(&text, &len))) {
		rc = cli_fail("out of memory");
		goto out;
	}
	brief b = {book, &cf, kind == B_GOODWILL ? NULL : &cf.f, &o, ramp, ramp_path, as_of, w};
	switch (kind) {
	case B_EDP: rc = brief_edp(&b); break;
	case B_MAP: rc = brief_map(&b); break;
	case B_SUPPORT: rc = brief_support(&b); break;
	case B_GOODWILL: rc = brief_goodwill(&b, inc); break;
	}
	if (fclose(w) != 0 && !rc) rc = cli_fail("out of memory");
	w = NULL;
	if (rc) goto out;
	if (json) { /* the brief as one JSON string, in a small object */
		char *jt = NULL, d[11];
		size_t jl = 0;
		FILE *jf = open_memstream(&jt, &jl);
		if (!jf) {
			rc = cli_fail("out of memory");
			goto out;
		}
		cli_json j;
		js_init(&j, jf);
		js_obj(&j, NULL);
		js_str(&j, "for", for_s);
		js_str(&j, "as_of", dd_date_format(as_of, d));
		js_str(&j, "incident", incident);
		js_str(&j, "markdown", text);
		js_obj_end(&j);
		rc = js_done(&j);
		if (fclose(jf) != 0 && !rc) rc = cli_fail("out of memory");
		free(text);
		text = jt;
		len = jl;
		if (rc) goto out;
	}
	if (out_path) {
		rc = cli_write_file("brief", out_path, text, len);
	} else if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
		rc = cli_fail("write error on standard output");
	}
out:
	if (w) fclose(w);
	free(text);
	dd_opportunities_dispose(&o);
	cli_forecast_free(&cf);
	dd_ramp_free(ramp);
	dd_store_close(store);
	dd_book_free(book);
	return rc;
}
