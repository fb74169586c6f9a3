/* calendar.c: the book's dated events (calendar.h): the agreement's renewal
 * dates, and every credit and agreement date as a sorted list of events.
 * The iCalendar rendering is in calendar_ics.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown/calendar.h"

int dd_agreement_renewal(const dd_agreement *a, dd_renewal_dates *out)
{
	if (!a || !a->present || a->years < 1) return dd_error_set(DD_ENOTFOUND, "the book has no agreement");
	out->end = dd_date_add_days(dd_date_add_months(a->start, 12 * a->years), -1);
	out->window_opens = dd_date_add_months(out->end, -9);
	out->critical = dd_date_add_days(out->end, -60);
	return 0;
}

static const char *const kind_names[DD_EVENT_KIND_COUNT] = {
	"credit_start",	    "credit_expiry",	"unlock",	 "contract_year_end",	  "renewal_window_opens",
	"renewal_critical", "agreement_end", "sla_claim_recommended", "sla_claim_deadline",
};

const char *dd_event_kind_name(dd_event_kind k)
{
	return (unsigned)k < DD_EVENT_KIND_COUNT ? kind_names[k] : "?";
}

bool dd_event_kind_is_deadline(dd_event_kind k)
{
	switch (k) {
	case DD_EVENT_CREDIT_EXPIRY:
	case DD_EVENT_RENEWAL_WINDOW_OPENS:
	case DD_EVENT_RENEWAL_CRITICAL:
	case DD_EVENT_AGREEMENT_END:
	case DD_EVENT_SLA_CLAIM_RECOMMENDED:
	case DD_EVENT_SLA_CLAIM_DEADLINE: return true;
	default: return false;
	}
}

/* ---- building the list -------------------------------------------------- */

typedef struct {
	dd_calendar *cal;
	size_t cap;
	const dd_date *from, *to;
	int failed; /* DD_ENOMEM once an allocation failed; later adds do nothing */
} builder;

static char *vfmt(const char *f, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, f, ap);
	char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (s) vsnprintf(s, (size_t)n + 1, f, ap2);
	va_end(ap2);
	return s;
}

/* Add one event (the message printf-style) when its date is in range. */
static void add(builder *b, dd_date date, dd_event_kind kind, const char *subject, const dd_money *amount,
		int credit, int year, const char *f, ...) __attribute__((format(printf, 8, 9)));
static void add(builder *b, dd_date date, dd_event_kind kind, const char *subject, const dd_money *amount,
		int credit, int year, const char *f, ...)
{
	if (b->failed) return;
	if ((b->from && dd_date_cmp(date, *b->from) < 0) || (b->to && dd_date_cmp(date, *b->to) > 0)) return;
	dd_calendar *c = b->cal;
	if (c->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 32;
		dd_event *p = realloc(c->items, cap * sizeof *p);
		if (!p) goto oom;
		c->items = p;
		b->cap = cap;
	}
	dd_event *e = &c->items[c->n];
	memset(e, 0, sizeof *e);
	e->date = date;
	e->kind = kind;
	e->credit = credit;
	e->year = year;
	if (amount) {
		e->has_amount = true;
		e->amount = *amount;
	}
	va_list ap;
	va_start(ap, f);
	e->message = vfmt(f, ap);
	va_end(ap);
	e->subject = strdup(subject ? subject : "");
	if (!e->message || !e->subject) {
		free(e->message);
		free(e->subject);
		goto oom;
	}
	c->n++;
	return;
oom:
	b->failed = dd_error_set(DD_ENOMEM, "out of memory listing the calendar");
}

static void credit_events(builder *b, const dd_book *book, int i)
{
	const dd_credit *cr = &book->credits[i];
	const char *type = dd_credit_type_name(cr->type);
	char day[11], mon[8];
	bool dated_unlock = cr->has_unlock && cr->unlock_month != DD_MONTH_NONE;

	/* The start says what still holds the credit back. */
	const char *l1 = "", *l2 = "", *l3 = "";
	if (cr->has_unlock && !dated_unlock) {
		l1 = "; locked until milestone ";
		l2 = cr->milestone ? cr->milestone : "?";
		l3 = " is reached (no date yet)";
	} else if (dated_unlock && dd_date_month(cr->start) < cr->unlock_month) {
		l1 = "; locked until ";
		l2 = dd_month_format(cr->unlock_month, mon);
	}
	add(b, cr->start, DD_EVENT_CREDIT_START, cr->id, &cr->amount, i, 0, "%s (%s) starts, usable through %s%s%s%s",
	    cr->id, type, dd_date_format(cr->expires, day), l1, l2, l3);
	add(b, cr->expires, DD_EVENT_CREDIT_EXPIRY, cr->id, &cr->amount, i, 0,
	    "%s (%s) expires: what is left of it after this day is lost", cr->id, type);

	/* The day it unlocks: a dated unlock's month (the engine unlocks by
	 * month), never before the credit starts; a later tranche opens on its
	 * start unless a dated unlock holds it longer. */
	dd_date when = cr->start;
	if (dated_unlock) {
		dd_date first = {(int16_t)DD_MONTH_YEAR(cr->unlock_month), (int8_t)DD_MONTH_MON(cr->unlock_month), 1};
		if (dd_date_cmp(first, when) > 0) when = first;
	}
	const char *prev = cr->after >= 0 && (size_t)cr->after < book->ncredits ? book->credits[cr->after].id : NULL;
	bool ms = cr->milestone && dated_unlock;
	const char *m1 = ms ? " (milestone " : "", *m2 = ms ? cr->milestone : "", *m3 = ms ? ")" : "";
	const char *w1 = prev ? ", usable once " : "", *w2 = prev ? prev : "", *w3 = prev ? " is used up" : "";
	if (cr->tranche > 1 && (!cr->has_unlock || dated_unlock))
		add(b, when, DD_EVENT_UNLOCK, cr->id, &cr->amount, i, 0, "%s (%s): tranche %d opens%s%s%s%s%s%s", cr->id,
		    type, cr->tranche, m1, m2, m3, w1, w2, w3);
	else if (cr->tranche <= 1 && dated_unlock)
		add(b, when, DD_EVENT_UNLOCK, cr->id, &cr->amount, i, 0, "%s (%s) unlocks%s%s%s: usable from %s", cr->id,
		    type, m1, m2, m3, dd_month_format(dd_date_month(when), mon));
}

static void agreement_events(builder *b, const dd_agreement *a)
{
	dd_renewal_dates r;
	char end[11], start[11];
	if (dd_agreement_renewal(a, &r)) return; /* only called with an agreement (years >= 1) */
	dd_date_format(r.end, end);
	dd_date_format(a->start, start);
	for (int y = 0; y < a->years; y++) {
		/* the engine's contract year: start + 12 (y + 1) months - 1 day */
		dd_date ye = dd_date_add_days(dd_date_add_months(a->start, 12 * (y + 1)), -1);
		add(b, ye, DD_EVENT_CONTRACT_YEAR_END, a->id, &a->commitment[y], -1, y + 1,
		    "Contract year %d of %s ends: a shortfall against its commitment is billed with this month", y + 1,
		    a->id);
	}
	add(b, r.window_opens, DD_EVENT_RENEWAL_WINDOW_OPENS, a->id, NULL, -1, 0,
	    "The renewal window of %s opens, 9 months before it ends on %s: ask for credits now, with the "
	    "discount, commitment, term and support, not as a last-minute add-on",
	    a->id, end);
	add(b, r.critical, DD_EVENT_RENEWAL_CRITICAL, a->id, NULL, -1, 0,
	    "The renewal of %s is critical: 60 days before it ends on %s, little leverage is left", a->id, end);
	add(b, r.end, DD_EVENT_AGREEMENT_END, a->id, NULL, -1, 0, "%s ends: the last day of its %d year%s from %s",
	    a->id, a->years, a->years == 1 ? "" : "s", start);
}

/* Date, then kind, then the order the events were added in (the book's
 * order): a total order, so the list never depends on qsort. */
typedef struct {
	dd_event e;
	size_t seq;
} ranked;

static int cmp_ranked(const void *pa, const void *pb)
{
	const ranked *a = pa, *b = pb;
	int c = dd_date_cmp(a->e.date, b->e.date);
	if (c) return c;
	if (a->e.kind != b->e.kind) return a->e.kind < b->e.kind ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* An SLA claim still to file (open or late): its recommended date (while it
 * is ahead) and its hard deadline; subject the first incident, amount the
 * credit claimed. */
static void claim_events(builder *b, const dd_claims *claims)
{
	char mo[8], d[11];
	for (size_t i = 0; claims && i < claims->n; i++) {
		const dd_claim *c = &claims->items[i];
		if (c->status != DD_CLAIM_OPEN && c->status != DD_CLAIM_LATE) continue;
		const char *who = c->nincidents ? c->incidents[0] : c->sla;
		dd_month_format(c->month, mo);
		if (c->status == DD_CLAIM_OPEN)
			add(b, c->recommended_deadline, DD_EVENT_SLA_CLAIM_RECOMMENDED, who, &c->credit, -1, 0,
			    "File the SLA credit request for %s (%s, %s): 30 days after the incident, the recommended date",
			    who, c->sla, mo);
		add(b, c->hard_deadline, DD_EVENT_SLA_CLAIM_DEADLINE, who, &c->credit, -1, 0,
		    "Last day to claim the SLA credit for %s (%s, %s): after %s AWS pays nothing", who, c->sla, mo,
		    dd_date_format(c->hard_deadline, d));
	}
}

int dd_calendar_events(const dd_book *book, const dd_date *from, const dd_date *to, dd_calendar *out)
{
	return dd_calendar_events_claims(book, NULL, from, to, out);
}

int dd_calendar_events_claims(const dd_book *book, const dd_claims *claims, const dd_date *from, const dd_date *to,
			      dd_calendar *out)
{
	dd_error_clear();
	memset(out, 0, sizeof *out);
	if (!book) return dd_error_set(DD_EUSAGE, "dd_calendar_events: no book");
	builder b = {.cal = out, .from = from, .to = to};
	for (size_t i = 0; i < book->ncredits; i++) credit_events(&b, book, (int)i);
	if (book->agreement.present) agreement_events(&b, &book->agreement);
	claim_events(&b, claims);
	if (b.failed) {
		dd_calendar_dispose(out);
		return b.failed;
	}
	if (out->n > 1) {
		ranked *r = malloc(out->n * sizeof *r);
		if (!r) {
			dd_calendar_dispose(out);
			return dd_error_set(DD_ENOMEM, "out of memory sorting the calendar");
		}
		for (size_t i = 0; i < out->n; i++) r[i] = (ranked){out->items[i], i};
		qsort(r, out->n, sizeof *r, cmp_ranked);
		for (size_t i = 0; i < out->n; i++) out->items[i] = r[i].e;
		free(r);
	}
	return 0;
}

void dd_calendar_dispose(dd_calendar *cal)
{
	if (!cal) return;
	for (size_t i = 0; i < cal->n; i++) {
		free(cal->items[i].subject);
		free(cal->items[i].message);
	}
	free(cal->items);
	memset(cal, 0, sizeof *cal);
}
