/* advice.c: the findings of `drawdown advise` (advice.h). Each kind is one
 * function that reads the book, the forecast and the as-of date and adds
 * findings; amounts at stake come from the forecast's paths or the book,
 * never from a separate estimate. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown/advice.h"
#include "drawdown/calendar.h"
#include "analysis_int.h"

static const char *const kind_names[] = {
	"credit_expiring", "expiry_too_short", "before_discount_credit", "renewal_window", "renewal_critical",
	"commitment_shortfall", "map_untagged", "sla_claim", "credit_opportunity",
};

const char *dd_finding_kind_name(dd_finding_kind k)
{
	return (unsigned)k < DD_FIND_KIND_COUNT ? kind_names[k] : "?";
}

const char *dd_severity_name(dd_severity s)
{
	return s == DD_SEV_CRITICAL ? "critical" : s == DD_SEV_WARNING ? "warning" : "info";
}

/* ---- building findings ------------------------------------------------ */

typedef struct {
	dd_advice *out;
	size_t cap;
	int rc;
} builder;

#define format dd__text

/* A new finding (zeroed but kind, severity, subject); NULL after an error. */
static dd_finding *add(builder *b, dd_finding_kind kind, dd_severity sev, const char *subject)
{
	if (b->rc) return NULL;
	if (b->out->n == b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 16;
		dd_finding *p = realloc(b->out->items, nc * sizeof *p);
		if (!p) {
			b->rc = dd_error_set(DD_ENOMEM, "advice: out of memory");
			return NULL;
		}
		b->out->items = p;
		b->cap = nc;
	}
	dd_finding *f = &b->out->items[b->out->n++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->severity = sev;
	f->months_needed = -1;
	if (!(f->subject = strdup(subject ? subject : ""))) b->rc = dd_error_set(DD_ENOMEM, "advice: out of memory");
	return f;
}

/* The finding's action and message, printf-style, both required. */
static void words(builder *b, dd_finding *f, char *action, char *message)
{
	f->action = action;
	f->message = message;
	if (!b->rc && (!action || !message)) b->rc = dd_error_set(DD_ENOMEM, "advice: out of memory");
}

static const char *cents(dd_money m, char *buf) { return dd_money_format_cents_grouped(m, buf); }
static const char *day(dd_date d, char *buf) { return dd_date_format(d, buf); }

/* A probability (exact fraction) as a whole percent, for messages. */
static int percent_of(dd_money p)
{
	dd_money x;
	if (dd_money_muldiv(p, 100, 1, &x)) return 0;
	return (int)(dd_money_round(x, 0).v / DD_MONEY_SCALE);
}

/* ---- the kinds -------------------------------------------------------- */

/* The unused balance a credit is projected to leave at its expiry (P50):
 * from the forecast's paths when it expires after the last imported
 * month, else what the history already let expire. */
static dd_money unused_p50(const dd_forecast *fc, const dd_credit *cr, const dd_fc_credit *c)
{
	return dd_date_month(cr->expires) <= fc->as_of ? c->expired : c->leakage.p50;
}

static void credit_findings(builder *b, const dd_advice_input *in)
{
	const dd_book *book = in->book;
	const dd_forecast *fc = in->forecast;
	char a[DD_MONEY_STRMAX], d[11], d2[11];
	for (size_t i = 0; i < fc->ncredits && !b->rc; i++) {
		const dd_fc_credit *c = &fc->credits[i];
		const dd_credit *cr = &book->credits[c->credit];
		int64_t days = dd_date_days_between(in->as_of, cr->expires);
		if (days < 0) continue; /* expired before today */
		dd_money unused = unused_p50(fc, cr, c);
		/* expiring within 90 days (inclusive) with value left */
		if (days <= 90 && dd_money_is_pos(unused)) {
			dd_finding *f = add(b, DD_FIND_CREDIT_EXPIRING, days <= 30 ? DD_SEV_CRITICAL : DD_SEV_WARNING, cr->id);
			if (!f) return;
			f->has_date = f->has_amount = true;
			f->date = cr->expires;
			f->amount = unused;
			words(b, f,
			      format("Ask the account team now to extend %s beyond %s, or move eligible spend onto it.",
				     cr->id, day(cr->expires, d)),
			      format("%s will leave %s unused on %s (P50 of the forecast), %lld days from %s.", cr->id,
				     cents(unused, a), day(cr->expires, d), (long long)days, day(in->as_of, d2)));
		}
		/* projected to leak: the expiry is too short for the spend */
		if (dd_date_month(cr->expires) > fc->as_of && dd_money_is_pos(c->leakage.p50)) {
			dd_finding *f = add(b, DD_FIND_EXPIRY_TOO_SHORT, DD_SEV_WARNING, cr->id);
			if (!f) return;
			f->has_date = f->has_amount = true;
			f->date = cr->expires;
			f->amount = c->leakage.p50;
			f->has_suggested_expiry = c->has_suggested;
			f->suggested_expiry = c->suggested_expiry;
			f->months_needed = c->months_needed_p90;
			if (c->has_suggested)
				words(b, f,
				      format("Ask for %s to expire on %s instead of %s.", cr->id, day(c->suggested_expiry, d),
					     day(cr->expires, d2)),
				      format("%s is projected to leave %s unused at its expiry on %s (P50, probability %d%%); "
					     "at the projected spend it needs %d months from its start (P90).",
					     cr->id, cents(c->leakage.p50, a), day(cr->expires, d2),
					     percent_of(c->leak_probability), c->months_needed_p90));
			else
				words(b, f,
				      format("Ask to widen %s's services or accounts, or to convert it to a smaller, "
					     "longer credit.", cr->id),
				      format("%s is projected to leave %s unused at its expiry on %s (P50, probability %d%%); "
					     "even without an expiry the projected spend would not use it within %d months.",
					     cr->id, cents(c->leakage.p50, a), day(cr->expires, d), percent_of(c->leak_probability),
					     DD_FC_MAX_MONTHS));
		}
	}
}

/* A before-discount credit is worth (1 - discount) of its face: the value
 * lost is the remaining balance at the as-of date (the forecast's P50 at
 * the end of the month before it, or the last imported month's balance)
 * x the discount percent of the contract year containing the as-of date. */
static void before_discount(builder *b, const dd_advice_input *in)
{
	const dd_book *book = in->book;
	const dd_forecast *fc = in->forecast;
	int y = dd_book_contract_year(book, dd_date_month(in->as_of));
	if (y < 0) return;
	dd_money pct = book->agreement.discount_percent[y];
	if (!dd_money_is_pos(pct)) return;
	char a[DD_MONEY_STRMAX], r[DD_MONEY_STRMAX], p[DD_MONEY_STRMAX];
	for (size_t i = 0; i < fc->ncredits && !b->rc; i++) {
		const dd_fc_credit *c = &fc->credits[i];
		const dd_credit *cr = &book->credits[c->credit];
		if (cr->applies != DD_APPLIES_BEFORE_DISCOUNT || cr->type == DD_CREDIT_SUPPORT) continue;
		if (dd_date_cmp(cr->expires, in->as_of) < 0 || !dd_money_is_pos(c->balance_p50)) continue;
		dd_money lost;
		if (dd_money_mul_percent(c->balance_p50, pct, &lost) || !dd_money_is_pos(lost)) continue;
		dd_finding *f = add(b, DD_FIND_BEFORE_DISCOUNT_CREDIT, DD_SEV_WARNING, cr->id);
		if (!f) return;
		f->has_amount = true;
		f->amount = lost;
		words(b, f, format("Ask for %s to be applied after the EDP discount.", cr->id),
		      format("%s applies before the %s%% discount of contract year %d: its remaining %s is worth %s less "
			     "than if it applied after the discount.",
			     cr->id, dd_money_format(pct, p), y + 1, cents(c->balance_p50, r), cents(lost, a)));
	}
}

static void renewal(builder *b, const dd_advice_input *in)
{
	const dd_agreement *ag = &in->book->agreement;
	dd_renewal_dates r;
	if (dd_agreement_renewal(ag, &r)) {
		dd_error_clear();
		return;
	}
	char d1[11], d2[11], d3[11];
	if (dd_date_cmp(in->as_of, r.window_opens) >= 0 && dd_date_cmp(in->as_of, r.critical) < 0) {
		dd_finding *f = add(b, DD_FIND_RENEWAL_WINDOW, DD_SEV_WARNING, ag->id);
		if (!f) return;
		f->has_date = true;
		f->date = r.window_opens;
		words(b, f,
		      format("Start the renewal of %s now: settle the commitment, discount, term and credits together "
			     "before %s.", ag->id, day(r.critical, d2)),
		      format("The renewal window of %s opened on %s; you have until %s before leverage is gone "
			     "(the agreement ends on %s).",
			     ag->id, day(r.window_opens, d1), day(r.critical, d2), day(r.end, d3)));
	} else if (dd_date_cmp(in->as_of, r.critical) >= 0 && dd_date_cmp(in->as_of, r.end) <= 0) {
		dd_finding *f = add(b, DD_FIND_RENEWAL_CRITICAL, DD_SEV_CRITICAL, ag->id);
		if (!f) return;
		f->has_date = true;
		f->date = r.critical;
		words(b, f, format("Close the renewal of %s this week; escalate what is still open.", ag->id),
		      format("%s ends on %s: less than 60 days are left (since %s), and little leverage with them.", ag->id,
			     day(r.end, d3), day(r.critical, d2)));
	}
}

static void shortfall(builder *b, const dd_advice_input *in)
{
	const dd_forecast *fc = in->forecast;
	int y = dd_book_contract_year(in->book, dd_date_month(in->as_of));
	if (y < 0 || (size_t)y >= fc->nyears) return;
	const dd_fc_year *fy = &fc->years[y];
	if (!dd_money_is_pos(fy->shortfall.mean)) return;
	int pc = percent_of(fy->shortfall_probability);
	dd_finding *f = add(b, DD_FIND_COMMITMENT_SHORTFALL, pc >= 50 ? DD_SEV_CRITICAL : DD_SEV_WARNING,
			    in->book->agreement.id);
	if (!f) return;
	char a[DD_MONEY_STRMAX], c[DD_MONEY_STRMAX], k[DD_MONEY_STRMAX], d[11];
	f->has_date = f->has_amount = true;
	f->date = fy->end;
	f->amount = fy->shortfall.mean;
	f->probability = fy->shortfall_probability;
	f->year = fy->year;
	words(b, f,
	      format("Bring spend forward into contract year %d or negotiate the commitment before %s.", fy->year,
		     day(fy->end, d)),
	      format("Contract year %d of %s is projected to count %s against its commitment of %s (P50): a shortfall "
		     "of %s expected (mean), probability %d%%, billed after %s.",
		     fy->year, in->book->agreement.id, cents(fy->counted.p50, c), cents(fy->commitment, k), cents(fy->shortfall.mean, a),
		     pc, day(fy->end, d)));
}

static bool credit_names(const dd_credit *cr, const dd_agg_entry *e)
{
	if (cr->services_all) return true;
	for (size_t i = 0; i < cr->nservices; i++)
		if (!strcmp(cr->services[i], e->service) || (e->service_name && !strcmp(cr->services[i], e->service_name)))
			return true;
	return false;
}

static bool credit_account(const dd_credit *cr, const char *account)
{
	if (!strcmp(cr->owner, account)) return true;
	for (size_t i = 0; cr->sharing == DD_SHARING_LIST && i < cr->nshare_with; i++)
		if (!strcmp(cr->share_with[i], account)) return true;
	return false;
}

/* Migration spend without the map-migrated tag earns no MAP credit: per
 * MAP credit whose window holds the as-of date, the last imported month's
 * usage on its services in its accounts (its owner and its account list)
 * without the tag. */
static void map_untagged(builder *b, const dd_advice_input *in)
{
	const dd_book *book = in->book;
	char a[DD_MONEY_STRMAX], mb[8], d[11];
	for (size_t i = 0; i < book->ncredits && !b->rc; i++) {
		const dd_credit *cr = &book->credits[i];
		if (cr->type != DD_CREDIT_MAP || cr->tranche > 1) continue;
		if (dd_date_cmp(in->as_of, cr->start) < 0 || dd_date_cmp(in->as_of, cr->expires) > 0) continue;
		dd_money spend = dd_money_zero();
		for (size_t k = 0; k < in->nlast; k++) {
			const dd_agg_entry *e = &in->last_entries[k];
			if (e->flags & DD_ROW_MAP_MIGRATED) continue;
			if (dd_classify_charge(e->charge_type, e->service, e->service_name) != DD_CLASS_USAGE) continue;
			if (!credit_account(cr, e->account) || !credit_names(cr, e)) continue;
			spend = dd_money_add(spend, e->amount);
		}
		if (!dd_money_is_pos(spend)) continue;
		dd_finding *f = add(b, DD_FIND_MAP_UNTAGGED, DD_SEV_WARNING, cr->id);
		if (!f) return;
		f->has_date = f->has_amount = true;
		f->date = cr->expires;
		f->amount = spend;
		words(b, f,
		      format("Tag the migrated resources of %s with map-migrated (the MAP tag from your agreement) so "
			     "their spend earns MAP credits.", cr->owner),
		      format("In %s, %s of spend on the services of %s in its accounts carried no map-migrated tag; "
			     "untagged migration spend earns no MAP credits (the window runs to %s).",
			     dd_month_format(in->last_month, mb), cents(spend, a), cr->id, day(cr->expires, d)));
	}
}

/* An SLA claim still to file (open, or late: past the recommended date but
 * not the hard one): critical once late or within 7 days of the recommended
 * date, dated by the deadline that applies now. */
static void sla_claims(builder *b, const dd_advice_input *in)
{
	char a[DD_MONEY_STRMAX], d1[11], d2[11], mo[8];
	for (size_t i = 0; in->claims && i < in->claims->n && !b->rc; i++) {
		const dd_claim *c = &in->claims->items[i];
		if (c->status != DD_CLAIM_OPEN && c->status != DD_CLAIM_LATE) continue;
		bool late = c->status == DD_CLAIM_LATE;
		int64_t left = dd_date_days_between(in->as_of, c->recommended_deadline);
		dd_finding *f = add(b, DD_FIND_SLA_CLAIM, late || left <= 7 ? DD_SEV_CRITICAL : DD_SEV_WARNING,
				    c->nincidents ? c->incidents[0] : c->sla);
		if (!f) return;
		f->has_date = f->has_amount = true;
		f->date = late ? c->hard_deadline : c->recommended_deadline;
		f->amount = c->credit;
		f->recommended_deadline = c->recommended_deadline;
		f->hard_deadline = c->hard_deadline;
		words(b, f,
		      format("File the SLA credit request for %s (drawdown sla claim %s) by %s.", f->subject, f->subject,
			     day(f->date, d1)),
		      format("%s in %s: %s uptime %s%%, a credit of %s; recommended by %s%s, AWS's hard deadline %s.", c->sla,
			     dd_month_format(c->month, mo), c->region ? c->region : "all regions",
			     dd_money_format(dd_money_round(c->uptime_percent, 4), (char[DD_MONEY_STRMAX]){0}), cents(c->credit, a),
			     day(c->recommended_deadline, d1), late ? " (passed)" : "", day(c->hard_deadline, d2)));
	}
}

/* Each programme whose trigger is present: worth the low end of its
 * typical size (none for support and sla: AWS publishes no range), dated
 * the day to ask from. */
static void opportunities(builder *b, const dd_advice_input *in)
{
	char lo[DD_MONEY_STRMAX], hi[DD_MONEY_STRMAX];
	for (size_t i = 0; in->opportunities && i < in->opportunities->n && !b->rc; i++) {
		const dd_opportunity *o = &in->opportunities->items[i];
		if (!o->trigger) continue;
		const char *name = dd_opp_programme_name(o->programme);
		dd_finding *f = add(b, DD_FIND_CREDIT_OPPORTUNITY, DD_SEV_INFO, name);
		if (!f) return;
		f->has_date = true;
		f->date = o->ask_on;
		f->has_typical = o->has_typical;
		f->low = o->typical_low;
		f->high = o->typical_high;
		if (o->has_typical) {
			f->has_amount = true;
			f->amount = o->typical_low; /* the least a typical grant is worth */
			words(b, f, format("Ask for %s credits of %s to %s.", name, cents(o->typical_low, lo), cents(o->typical_high, hi)),
			      format("%s %s", o->trigger, o->when));
		} else {
			words(b, f, format("Ask for %s credits.", name), format("%s %s", o->trigger, o->when));
		}
	}
}

/* ---- order ------------------------------------------------------------ */

static int cmp_finding(const void *x, const void *y)
{
	const dd_finding *a = x, *b = y;
	if (a->severity != b->severity) return (int)a->severity - (int)b->severity;
	if (a->has_amount != b->has_amount) return a->has_amount ? -1 : 1;
	if (a->has_amount && dd_money_cmp(a->amount, b->amount)) return dd_money_cmp(b->amount, a->amount);
	if (a->has_date != b->has_date) return a->has_date ? -1 : 1;
	if (a->has_date && dd_date_cmp(a->date, b->date)) return dd_date_cmp(a->date, b->date);
	if (a->kind != b->kind) return (int)a->kind - (int)b->kind;
	return strcmp(a->subject, b->subject);
}

int dd_advise(const dd_advice_input *in, dd_advice *out)
{
	dd_error_clear();
	memset(out, 0, sizeof *out);
	if (!in || !in->book || !in->forecast) return dd_error_set(DD_EUSAGE, "dd_advise: the book and the forecast are required");
	builder b = {out, 0, 0};
	credit_findings(&b, in);
	before_discount(&b, in);
	renewal(&b, in);
	shortfall(&b, in);
	map_untagged(&b, in);
	sla_claims(&b, in);
	opportunities(&b, in);
	if (b.rc) {
		int rc = b.rc;
		dd_advice_dispose(out);
		return rc;
	}
	if (out->n > 1) qsort(out->items, out->n, sizeof *out->items, cmp_finding);
	return 0;
}

void dd_advice_dispose(dd_advice *a)
{
	if (!a) return;
	for (size_t i = 0; i < a->n; i++) {
		free(a->items[i].subject);
		free(a->items[i].action);
		free(a->items[i].message);
	}
	free(a->items);
	memset(a, 0, sizeof *a);
}
