/* calendar_ics.c: the calendar's events as RFC 5545 iCalendar text
 * (calendar.h), for Google Calendar, Outlook and any client that
 * subscribes to a file: all-day events, UIDs that stay the same from one
 * run to the next, a reminder a week before each deadline. Pure: the text
 * goes into memory; the caller writes it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown/calendar.h"

/* RFC 5545 3.1: a content line is at most 75 octets, without its CRLF. */
#define ICS_LINE_MAX 75

typedef struct {
	char *p;
	size_t n, cap;
	int failed;
} buf_t;

static void put(buf_t *b, const char *s, size_t len)
{
	if (b->failed) return;
	if (b->n + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + len + 1) cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->failed = dd_error_set(DD_ENOMEM, "out of memory writing the iCalendar");
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, len);
	b->n += len;
	b->p[b->n] = '\0';
}

static void puts_(buf_t *b, const char *s) { put(b, s, strlen(s)); }

/* TEXT escaping (3.3.11): backslash, semicolon and comma escaped, a line
 * break as \n; carriage returns and the other control characters, which
 * TEXT may not hold, dropped (a tab is kept). */
static void put_text(buf_t *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\\' || c == ';' || c == ',') {
			char e[2] = {'\\', (char)c};
			put(b, e, 2);
		} else if (c == '\n') {
			put(b, "\\n", 2);
		} else if ((c < 0x20 && c != '\t') || c == 0x7f) {
			continue;
		} else {
			put(b, (const char *)&c, 1);
		}
	}
}

/* A UID part: letters, digits, '.' and '-' as they are, every other byte
 * as _XX (hex), so different subjects never share a UID and no client has
 * anything to unescape or decode (python-icalendar decodes %XX). */
static void put_uid_part(buf_t *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
			put(b, (const char *)&c, 1);
		} else {
			char e[3] = {'_', hex[c >> 4], hex[c & 15]};
			put(b, e, 3);
		}
	}
}

/* Write the content line held in `line` (from `start` to its end) folded
 * (3.1): at most 75 octets a line, continuation lines starting with a
 * space, never splitting a UTF-8 character; each line ends in CRLF. */
static void end_line(buf_t *out, buf_t *line)
{
	if (line->failed) {
		out->failed = line->failed;
		return;
	}
	size_t i = 0, n = line->n;
	bool first = true;
	while (i < n || first) {
		size_t room = first ? ICS_LINE_MAX : ICS_LINE_MAX - 1, k = n - i < room ? n - i : room;
		/* back off to the start of a UTF-8 character (a continuation byte is 10xxxxxx) */
		if (i + k < n)
			while (k > 1 && ((unsigned char)line->p[i + k] & 0xC0) == 0x80) k--;
		if (!first) put(out, " ", 1);
		put(out, line->p + i, k);
		put(out, "\r\n", 2);
		i += k;
		first = false;
	}
	line->n = 0;
}

static void prop(buf_t *out, buf_t *line, const char *name, const char *value)
{
	puts_(line, name);
	puts_(line, value);
	end_line(out, line);
}

static void prop_text(buf_t *out, buf_t *line, const char *name, const char *value)
{
	puts_(line, name);
	put_text(line, value);
	end_line(out, line);
}

/* YYYYMMDD (dates are valid: year 1..9999) */
static const char *ics_date(dd_date d, char *buf)
{
	unsigned v[3] = {(unsigned)d.year % 10000u, (unsigned)d.month % 100u, (unsigned)d.day % 100u};
	snprintf(buf, 9, "%04u%02u%02u", v[0], v[1], v[2]);
	return buf;
}

/* What a calendar app shows as the event's title, before the subject. */
static const char *summary_label(dd_event_kind k)
{
	switch (k) {
	case DD_EVENT_CREDIT_START: return "Credit starts";
	case DD_EVENT_CREDIT_EXPIRY: return "Credit expires";
	case DD_EVENT_UNLOCK: return "Credit unlocks";
	case DD_EVENT_CONTRACT_YEAR_END: return "Contract year ends";
	case DD_EVENT_RENEWAL_WINDOW_OPENS: return "Renewal window opens";
	case DD_EVENT_RENEWAL_CRITICAL: return "Renewal critical";
	case DD_EVENT_AGREEMENT_END: return "Agreement ends";
	case DD_EVENT_SLA_CLAIM_RECOMMENDED: return "SLA claim recommended by";
	case DD_EVENT_SLA_CLAIM_DEADLINE: return "SLA claim deadline";
	default: return "Event";
	}
}

static void event(buf_t *out, buf_t *line, const dd_event *e, const dd_ics_options *o, const char *stamp)
{
	char d[9], amt[DD_MONEY_STRMAX], summary[512];
	prop(out, line, "BEGIN:", "VEVENT");

	puts_(line, "UID:");
	puts_(line, dd_event_kind_name(e->kind)); /* [a-z_]: the one part not encoded */
	puts_(line, "-");
	put_uid_part(line, e->subject);
	puts_(line, "-");
	puts_(line, ics_date(e->date, d));
	if (o->uid_tag && *o->uid_tag) {
		puts_(line, "-");
		put_uid_part(line, o->uid_tag);
	}
	puts_(line, "@drawdown");
	end_line(out, line);

	prop(out, line, "DTSTAMP:", stamp);
	prop(out, line, "DTSTART;VALUE=DATE:", ics_date(e->date, d));
	prop(out, line, "DTEND;VALUE=DATE:", ics_date(dd_date_add_days(e->date, 1), d));

	/* "Credit expires: EDP-SVC#1 (50,000.00 USD)"; a year's end names the year */
	char label[64];
	if (e->kind == DD_EVENT_CONTRACT_YEAR_END && e->year > 0)
		snprintf(label, sizeof label, "Contract year %d ends", e->year);
	else
		snprintf(label, sizeof label, "%s", summary_label(e->kind));
	puts_(line, "SUMMARY:");
	put_text(line, label);
	put_text(line, ": ");
	put_text(line, e->subject);
	if (e->has_amount) {
		snprintf(summary, sizeof summary, " (%s%s%s)", dd_money_format_cents_grouped(e->amount, amt),
			 o->currency && *o->currency ? " " : "", o->currency ? o->currency : "");
		put_text(line, summary);
	}
	end_line(out, line);
	prop_text(out, line, "DESCRIPTION:", e->message);
	prop_text(out, line, "CATEGORIES:", dd_event_kind_name(e->kind));
	prop(out, line, "TRANSP:", "TRANSPARENT");

	if (dd_event_kind_is_deadline(e->kind)) {
		prop(out, line, "BEGIN:", "VALARM");
		prop(out, line, "ACTION:", "DISPLAY");
		puts_(line, "DESCRIPTION:");
		put_text(line, label);
		put_text(line, " in a week: ");
		put_text(line, e->subject);
		end_line(out, line);
		prop(out, line, "TRIGGER:", "-P7D");
		prop(out, line, "END:", "VALARM");
	}
	prop(out, line, "END:", "VEVENT");
}

int dd_calendar_ics(const dd_calendar *cal, const dd_ics_options *o, char **text, size_t *len)
{
	dd_error_clear();
	*text = NULL;
	if (len) *len = 0;
	if (!cal || !o) return dd_error_set(DD_EUSAGE, "dd_calendar_ics: no calendar or options");
	buf_t out = {0}, line = {0};
	char stamp[20], d[9];
	snprintf(stamp, sizeof stamp, "%sT000000Z", ics_date(o->stamp, d));

	prop(&out, &line, "BEGIN:", "VCALENDAR");
	prop(&out, &line, "VERSION:", "2.0");
	prop(&out, &line, "PRODID:", "-//drawdown//drawdown calendar//EN");
	prop(&out, &line, "CALSCALE:", "GREGORIAN");
	prop(&out, &line, "METHOD:", "PUBLISH");
	if (o->name && *o->name) prop_text(&out, &line, "X-WR-CALNAME:", o->name);
	for (size_t i = 0; i < cal->n; i++) event(&out, &line, &cal->items[i], o, stamp);
	prop(&out, &line, "END:", "VCALENDAR");

	free(line.p);
	if (out.failed || !out.p) {
		free(out.p);
		return out.failed ? out.failed : dd_error_set(DD_ENOMEM, "out of memory writing the iCalendar");
	}
	*text = out.p;
	if (len) *len = out.n;
	return 0;
}
