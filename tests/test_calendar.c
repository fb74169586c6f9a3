/* test_calendar.c: the calendar (calendar.h, issue #11): the renewal dates
 * of agreements ending on the 31st, on 28 February and on 29 February of a
 * leap year, and one whose window falls on a shorter month; every event
 * kind of a small book in date order, ties by kind then by the book's
 * order; --from/--to bounds; unlocks by date, by milestone alone and on
 * tranches; and the iCalendar text: structure, stable UIDs, alarms on the
 * deadlines only, CRLF, folding at 75 octets without splitting a UTF-8
 * character, TEXT escaping. Every expected date is counted by hand in the
 * comment beside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drawdown.h"

static dd_date D(const char *s)
{
	dd_date d;
	if (dd_date_parse(s, strlen(s), &d)) fail_msg("bad date in test: %s", s);
	return d;
}

static dd_money M(const char *s)
{
	dd_money m;
	if (dd_money_parse(s, strlen(s), &m, NULL)) fail_msg("bad amount in test: %s", s);
	return m;
}

#define assert_date(actual, want)                                                                  \
	do {                                                                                       \
		char b_[11];                                                                       \
		assert_string_equal(dd_date_format((actual), b_), (want));                         \
	} while (0)

static dd_book *book_of(const char *yaml)
{
	dd_book *b = NULL;
	dd_book_problems p = {0};
	if (dd_book_load_buffer("test.yaml", yaml, strlen(yaml), &b, &p)) {
		for (size_t i = 0; i < p.n; i++)
			print_error("%d:%d: %s: %s\n", p.items[i].line, p.items[i].column, p.items[i].field,
				    p.items[i].message);
		dd_book_problems_dispose(&p);
		fail_msg("book did not load");
	}
	return b;
}

static void renewal_of(const char *start, int years, const char *end, const char *window, const char *critical)
{
	dd_agreement a = {.present = true, .start = D(start), .years = years};
	dd_renewal_dates r;
	assert_int_equal(dd_agreement_renewal(&a, &r), 0);
	assert_date(r.end, end);
	assert_date(r.window_opens, window);
	assert_date(r.critical, critical);
}

static void test_renewal_dates(void **state)
{
	(void)state;
	/* 2026-01-01 + 3 years = 2029-01-01, the day before: 2028-12-31. Nine
	 * months earlier, same day: 2028-03-31 (March has 31). 60 days back:
	 * 30 days of December to 2028-12-01, 30 days of November to 2028-11-01. */
	renewal_of("2026-01-01", 3, "2028-12-31", "2028-03-31", "2028-11-01");
	/* 2026-03-01 + 1 year - 1 day = 2027-02-28 (2027 is not leap). Nine
	 * months earlier: 2026-05-28. 60 days back: 28 to 2027-01-31, 31 to
	 * 2026-12-31 (59), 1 to 2026-12-30 (60). */
	renewal_of("2026-03-01", 1, "2027-02-28", "2026-05-28", "2026-12-30");
	/* 2027-03-01 + 1 year - 1 day = 2028-02-29 (2028 is leap). Nine months
	 * earlier: 2027-05-29. 60 days back: 29 to 2028-01-31, 31 to 2027-12-31. */
	renewal_of("2027-03-01", 1, "2028-02-29", "2027-05-29", "2027-12-31");
	/* 2025-09-01 + 1 year - 1 day = 2026-08-31. Nine months earlier is
	 * November, which has 30 days: clamped to 2025-11-30. 60 days back: 31
	 * to 2026-07-31, 29 more to 2026-07-02. */
	renewal_of("2025-09-01", 1, "2026-08-31", "2025-11-30", "2026-07-02");
	dd_agreement none = {0};
	dd_renewal_dates r;
	assert_int_equal(dd_agreement_renewal(&none, &r), DD_ENOTFOUND);
	assert_non_null(strstr(dd_error_last(), "no agreement"));
}

/* Z-PROMO comes first in the book and last in the alphabet: ties of one
 * kind on one date follow the book. */
static const char small_book[] = "currency: USD\n"
				 "organization:\n"
				 "  payer: \"111111111111\"\n"
				 "agreement:\n"
				 "  id: EDP-T\n"
				 "  start: 2026-01-01\n"
				 "  years: 2\n"
				 "  commitment: [100000, 150000]\n"
				 "credits:\n"
				 "  - { id: Z-PROMO, type: promotional, amount: 1000, start: 2026-01-01, expires: 2026-06-30 }\n"
				 "  - id: MAP-1\n"
				 "    type: map\n"
				 "    amount: 5000\n"
				 "    start: 2026-01-01\n"
				 "    expires: 2027-06-30\n"
				 "    unlock: { milestone: wave-1, on: 2026-04-15 }\n"
				 "  - id: MAP-2\n"
				 "    type: map\n"
				 "    amount: 700\n"
				 "    start: 2026-02-01\n"
				 "    expires: 2026-12-31\n"
				 "    unlock: { milestone: wave-2 }\n"
				 "  - id: TR\n"
				 "    type: edp\n"
				 "    tranches:\n"
				 "      - { amount: 300, start: 2026-01-01, expires: 2026-12-31 }\n"
				 "      - { amount: 200.5, start: 2027-01-01, expires: 2027-12-31, requires_previous: true }\n";

typedef struct {
	const char *date, *kind, *subject, *amount; /* amount NULL: none */
	int year;
} want_event;

/* The whole calendar of small_book, worked out by hand:
 * - MAP-1's unlock is on 2026-04-15; the book keeps its month, so the event
 *   is 2026-04-01, the day the engine makes it usable;
 * - MAP-2 waits for a milestone without a date: no unlock event;
 * - TR#2 opens on its start, after TR#1 is used up: an unlock beside its
 *   credit_start, after it (kind order);
 * - the agreement ends 2026-01-01 + 2 years - 1 day = 2027-12-31; its
 *   window opens 9 months before, 2027-03-31; it is critical 60 days
 *   before: 30 days of December to 2027-12-01, 30 of November to
 *   2027-11-01; contract year 1 ends 2026-12-31, year 2 2027-12-31. */
static const want_event small_all[] = {
	{"2026-01-01", "credit_start", "Z-PROMO", "1000", 0},
	{"2026-01-01", "credit_start", "MAP-1", "5000", 0},
	{"2026-01-01", "credit_start", "TR#1", "300", 0},
	{"2026-02-01", "credit_start", "MAP-2", "700", 0},
	{"2026-04-01", "unlock", "MAP-1", "5000", 0},
	{"2026-06-30", "credit_expiry", "Z-PROMO", "1000", 0},
	{"2026-12-31", "credit_expiry", "MAP-2", "700", 0},
	{"2026-12-31", "credit_expiry", "TR#1", "300", 0},
	{"2026-12-31", "contract_year_end", "EDP-T", "100000", 1},
	{"2027-01-01", "credit_start", "TR#2", "200.5", 0},
	{"2027-01-01", "unlock", "TR#2", "200.5", 0},
	{"2027-03-31", "renewal_window_opens", "EDP-T", NULL, 0},
	{"2027-06-30", "credit_expiry", "MAP-1", "5000", 0},
	{"2027-11-01", "renewal_critical", "EDP-T", NULL, 0},
	{"2027-12-31", "credit_expiry", "TR#2", "200.5", 0},
	{"2027-12-31", "contract_year_end", "EDP-T", "150000", 2},
	{"2027-12-31", "agreement_end", "EDP-T", NULL, 0},
};
#define N_SMALL (sizeof small_all / sizeof small_all[0])

static void check_events(const dd_calendar *c, const want_event *w, size_t n)
{
	char d[11];
	if (c->n != n) {
		for (size_t i = 0; i < c->n; i++)
			print_error("  %s %s %s\n", dd_date_format(c->items[i].date, d),
				    dd_event_kind_name(c->items[i].kind), c->items[i].subject);
		fail_msg("%zu events, expected %zu", c->n, n);
	}
	for (size_t i = 0; i < n; i++) {
		const dd_event *e = &c->items[i];
		assert_string_equal(dd_date_format(e->date, d), w[i].date);
		assert_string_equal(dd_event_kind_name(e->kind), w[i].kind);
		assert_string_equal(e->subject, w[i].subject);
		assert_int_equal(e->has_amount, w[i].amount != NULL);
		if (w[i].amount) assert_int_equal(dd_money_cmp(e->amount, M(w[i].amount)), 0);
		assert_int_equal(e->year, w[i].year);
		assert_non_null(e->message);
		assert_true(strlen(e->message) > 0);
	}
}

static const dd_event *find(const dd_calendar *c, const char *kind, const char *subject)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(dd_event_kind_name(c->items[i].kind), kind) && !strcmp(c->items[i].subject, subject))
			return &c->items[i];
	fail_msg("no %s event for %s", kind, subject);
	return NULL;
}

static void test_every_kind(void **state)
{
	(void)state;
	dd_book *b = book_of(small_book);
	dd_calendar c;
	assert_int_equal(dd_calendar_events(b, NULL, NULL, &c), 0);
	check_events(&c, small_all, N_SMALL);
	/* credit events point at their credit; the agreement's at none */
	assert_string_equal(b->credits[c.items[2].credit].id, "TR#1");
	assert_int_equal(find(&c, "agreement_end", "EDP-T")->credit, -1);
	/* the messages say what holds a credit back and what a tranche waits for */
	assert_string_equal(find(&c, "credit_start", "MAP-1")->message,
			    "MAP-1 (map) starts, usable through 2027-06-30; locked until 2026-04");
	assert_string_equal(find(&c, "credit_start", "MAP-2")->message,
			    "MAP-2 (map) starts, usable through 2026-12-31; locked until milestone wave-2 is reached "
			    "(no date yet)");
	assert_string_equal(find(&c, "unlock", "MAP-1")->message, "MAP-1 (map) unlocks (milestone wave-1): usable from 2026-04");
	assert_string_equal(find(&c, "unlock", "TR#2")->message, "TR#2 (edp): tranche 2 opens, usable once TR#1 is used up");
	assert_string_equal(find(&c, "agreement_end", "EDP-T")->message,
			    "EDP-T ends: the last day of its 2 years from 2026-01-01");
	assert_non_null(strstr(find(&c, "renewal_critical", "EDP-T")->message, "2027-12-31"));
	/* the same book gives the same list */
	dd_calendar c2;
	assert_int_equal(dd_calendar_events(b, NULL, NULL, &c2), 0);
	check_events(&c2, small_all, N_SMALL);
	dd_calendar_dispose(&c2);
	dd_calendar_dispose(&c);
	assert_null(c.items);
	assert_int_equal(c.n, 0);
	dd_calendar_dispose(&c); /* twice is harmless */
	dd_book_free(b);
}

static void test_range(void **state)
{
	(void)state;
	dd_book *b = book_of(small_book);
	dd_calendar c;
	dd_date from = D("2026-12-31"), to = D("2027-01-01");
	/* both bounds inclusive: small_all[6..10] */
	assert_int_equal(dd_calendar_events(b, &from, &to, &c), 0);
	check_events(&c, small_all + 6, 5);
	dd_calendar_dispose(&c);
	/* from alone: the three events of the agreement's last day */
	from = D("2027-12-31");
	assert_int_equal(dd_calendar_events(b, &from, NULL, &c), 0);
	check_events(&c, small_all + 14, 3);
	dd_calendar_dispose(&c);
	/* to alone: the three starts of 2026-01-01 */
	to = D("2026-01-01");
	assert_int_equal(dd_calendar_events(b, NULL, &to, &c), 0);
	check_events(&c, small_all, 3);
	dd_calendar_dispose(&c);
	/* after everything: none */
	from = D("2028-01-01");
	assert_int_equal(dd_calendar_events(b, &from, NULL, &c), 0);
	assert_int_equal(c.n, 0);
	dd_calendar_dispose(&c);
	dd_book_free(b);
}

static void test_unlocks(void **state)
{
	(void)state;
	/* EARLY unlocks in March but starts on 10 May: usable from its start.
	 * T2#2 starts 2026-07-01 but waits for its dated milestone, 2026-09-15:
	 * it opens 2026-09-01. T2#3 waits for a milestone without a date: no
	 * unlock. No agreement: no agreement events. */
	dd_book *b = book_of("currency: USD\n"
			     "organization:\n"
			     "  payer: \"111111111111\"\n"
			     "credits:\n"
			     "  - { id: EARLY, type: map, amount: 10, start: 2026-05-10, expires: 2026-12-31, unlock: { on: "
			     "2026-03-20 } }\n"
			     "  - id: T2\n"
			     "    type: edp\n"
			     "    tranches:\n"
			     "      - { amount: 1, start: 2026-01-01, expires: 2026-06-30 }\n"
			     "      - { amount: 2, start: 2026-07-01, expires: 2026-12-31, unlock: { milestone: go-live, on: "
			     "2026-09-15 } }\n"
			     "      - { amount: 3, start: 2027-01-01, expires: 2027-12-31, unlock: { milestone: later } }\n");
	dd_calendar c;
	assert_int_equal(dd_calendar_events(b, NULL, NULL, &c), 0);
	static const want_event w[] = {
		{"2026-01-01", "credit_start", "T2#1", "1", 0},
		{"2026-05-10", "credit_start", "EARLY", "10", 0},
		{"2026-05-10", "unlock", "EARLY", "10", 0},
		{"2026-06-30", "credit_expiry", "T2#1", "1", 0},
		{"2026-07-01", "credit_start", "T2#2", "2", 0},
		{"2026-09-01", "unlock", "T2#2", "2", 0},
		{"2026-12-31", "credit_expiry", "EARLY", "10", 0},
		{"2026-12-31", "credit_expiry", "T2#2", "2", 0},
		{"2027-01-01", "credit_start", "T2#3", "3", 0},
		{"2027-12-31", "credit_expiry", "T2#3", "3", 0},
	};
	check_events(&c, w, sizeof w / sizeof w[0]);
	assert_string_equal(find(&c, "credit_start", "EARLY")->message, "EARLY (map) starts, usable through 2026-12-31");
	assert_string_equal(find(&c, "unlock", "EARLY")->message, "EARLY (map) unlocks: usable from 2026-05");
	assert_string_equal(find(&c, "credit_start", "T2#2")->message,
			    "T2#2 (edp) starts, usable through 2026-12-31; locked until 2026-09");
	assert_string_equal(find(&c, "unlock", "T2#2")->message, "T2#2 (edp): tranche 2 opens (milestone go-live)");
	dd_calendar_dispose(&c);
	dd_book_free(b);

	/* A book with neither credits nor agreement has no events. */
	b = book_of("currency: USD\norganization:\n  payer: \"111111111111\"\n");
	assert_int_equal(dd_calendar_events(b, NULL, NULL, &c), 0);
	assert_int_equal(c.n, 0);
	dd_calendar_dispose(&c);
	dd_book_free(b);
}

static void test_kinds(void **state)
{
	(void)state;
	static const char *const names[] = {"credit_start",	    "credit_expiry",	"unlock",
					    "contract_year_end",    "renewal_window_opens", "renewal_critical",
					    "agreement_end",	    "sla_claim_recommended", "sla_claim_deadline"};
	static const bool deadline[] = {false, true, false, false, true, true, true, true, true};
	assert_int_equal(DD_EVENT_KIND_COUNT, 9);
	for (int k = 0; k < DD_EVENT_KIND_COUNT; k++) {
		assert_string_equal(dd_event_kind_name((dd_event_kind)k), names[k]);
		assert_int_equal(dd_event_kind_is_deadline((dd_event_kind)k), deadline[k]);
	}
	assert_string_equal(dd_event_kind_name(DD_EVENT_KIND_COUNT), "?");
}

/* ---- iCalendar ----------------------------------------------------------- */

static size_t count(const char *s, const char *needle)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle)) n++;
	return n;
}

/* Every line ends in CRLF and holds at most 75 octets; a continuation line
 * starts with a space and never with the middle of a UTF-8 character.
 * Returns the text unfolded (caller frees). */
static char *check_lines_and_unfold(const char *t, size_t len)
{
	assert_int_equal(strlen(t), len);
	assert_true(len >= 2 && t[len - 2] == '\r' && t[len - 1] == '\n');
	char *u = malloc(len + 1);
	assert_non_null(u);
	size_t n = 0;
	const char *line = t;
	while (*line) {
		const char *cr = strstr(line, "\r\n");
		assert_non_null(cr);
		size_t l = (size_t)(cr - line);
		if (l > 75) fail_msg("line of %zu octets: %.*s", l, (int)l, line);
		assert_null(memchr(line, '\n', l)); /* no bare LF */
		assert_null(memchr(line, '\r', l)); /* no bare CR */
		if (line != t && line[0] == ' ') {
			assert_true(l >= 2);
			assert_true(((unsigned char)line[1] & 0xC0) != 0x80);
			n--; /* the previous line's '\n' */
			memcpy(u + n, line + 1, l - 1);
			n += l - 1;
		} else {
			memcpy(u + n, line, l);
			n += l;
		}
		u[n++] = '\n';
		line = cr + 2;
	}
	u[n] = '\0';
	return u;
}

static void test_ics(void **state)
{
	(void)state;
	dd_book *b = book_of(small_book);
	dd_calendar c;
	assert_int_equal(dd_calendar_events(b, NULL, NULL, &c), 0);
	dd_ics_options o = {.stamp = D("2026-06-15"), .name = "Test, Inc; x", .uid_tag = "111111111111", .currency = "USD"};
	char *t = NULL, *t2 = NULL;
	size_t len = 0, len2 = 0;
	assert_int_equal(dd_calendar_ics(&c, &o, &t, &len), 0);
	char *u = check_lines_and_unfold(t, len);
	assert_true(strncmp(t, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 37) == 0);
	assert_true(len > 15 && strcmp(t + len - 15, "END:VCALENDAR\r\n") == 0);
	assert_non_null(strstr(t, "\r\nX-WR-CALNAME:Test\\, Inc\\; x\r\n"));
	/* one VEVENT per event; an alarm on the 8 deadlines: 5 expiries, the
	 * window, the critical mark and the end */
	assert_int_equal(count(t, "BEGIN:VEVENT\r\n"), N_SMALL);
	assert_int_equal(count(t, "END:VEVENT\r\n"), N_SMALL);
	assert_int_equal(count(t, "BEGIN:VALARM\r\n"), 8);
	assert_int_equal(count(t, "TRIGGER:-P7D\r\n"), 8);
	assert_int_equal(count(t, "DTSTAMP:20260615T000000Z\r\n"), N_SMALL);
	/* the agreement's last day: DTEND the next day, in the next year */
	assert_non_null(strstr(t, "UID:agreement_end-EDP-T-20271231-111111111111@drawdown\r\n"
				  "DTSTAMP:20260615T000000Z\r\n"
				  "DTSTART;VALUE=DATE:20271231\r\n"
				  "DTEND;VALUE=DATE:20280101\r\n"
				  "SUMMARY:Agreement ends: EDP-T\r\n"));
	/* '#' is encoded in the UID (_23); the amount's comma escaped in the summary */
	assert_non_null(strstr(t, "UID:credit_expiry-TR_231-20261231-111111111111@drawdown\r\n"));
	assert_non_null(strstr(u, "\nSUMMARY:Contract year 2 ends: EDP-T (150\\,000.00 USD)\n"));
	assert_non_null(strstr(u, "\nSUMMARY:Credit unlocks: TR#2 (200.50 USD)\n"));
	assert_non_null(strstr(u, "\nCATEGORIES:renewal_critical\n"));
	/* a start has no alarm: the event after MAP-2's start is not a VALARM */
	const char *s = strstr(u, "SUMMARY:Credit starts: MAP-2");
	assert_non_null(s);
	assert_true(strstr(s, "END:VEVENT") < strstr(s, "BEGIN:VALARM"));
	/* every UID differs */
	for (const char *p = u; (p = strstr(p, "\nUID:"));) {
		p += 5;
		size_t l = strcspn(p, "\n");
		char needle[300];
		assert_true(l + 7 < sizeof needle);
		memcpy(needle, "\nUID:", 5);
		memcpy(needle + 5, p, l);
		memcpy(needle + 5 + l, "\n", 2);
		assert_int_equal(count(u, needle), 1);
	}
	/* the same calendar and stamp give the same bytes */
	assert_int_equal(dd_calendar_ics(&c, &o, &t2, &len2), 0);
	assert_int_equal(len2, len);
	assert_memory_equal(t, t2, len);
	free(t);
	free(t2);
	free(u);
	dd_calendar_dispose(&c);
	dd_book_free(b);
}

/* Escaping and folding, on a calendar built by hand (a kind the book does
 * not produce yet, and text no book field holds). */
static void test_ics_text(void **state)
{
	(void)state;
	char msg[600], subject[] = "S,1;\\x_\xc3\xa9";
	strcpy(msg, "line1\nline2\r, semi; back\\ tab\tend ");
	for (int i = 0; i < 200; i++) strcat(msg, "\xc3\xa9"); /* 200 x U+00E9, 2 octets each */
	dd_event e = {.date = D("2028-02-28"), .kind = DD_EVENT_SLA_CLAIM_DEADLINE, .subject = subject, .message = msg,
		      .credit = -1};
	dd_calendar c = {&e, 1};
	dd_ics_options o = {.stamp = D("2028-01-01")};
	char *t = NULL;
	size_t len = 0;
	assert_int_equal(dd_calendar_ics(&c, &o, &t, &len), 0);
	char *u = check_lines_and_unfold(t, len);
	assert_null(strstr(t, "X-WR-CALNAME")); /* no name, no line */
	/* UID: every byte but letters, digits, '.', '-' as _XX; no tag */
	assert_non_null(strstr(u, "\nUID:sla_claim_deadline-S_2C1_3B_5Cx_5F_C3_A9-20280228@drawdown\n"));
	/* 2028 is leap: the day after 28 February is the 29th */
	assert_non_null(strstr(u, "\nDTEND;VALUE=DATE:20280229\n"));
	assert_non_null(strstr(u, "\nSUMMARY:SLA claim deadline: S\\,1\\;\\\\x_\xc3\xa9\n"));
	char want[800];
	strcpy(want, "\nDESCRIPTION:line1\\nline2\\, semi\\; back\\\\ tab\tend ");
	for (int i = 0; i < 200; i++) strcat(want, "\xc3\xa9");
	strcat(want, "\n");
	assert_non_null(strstr(u, want));
	assert_int_equal(count(t, "BEGIN:VALARM\r\n"), 1);
	/* the long description was folded */
	assert_true(count(t, "\r\n ") >= 5);
	free(t);
	free(u);

	/* an empty calendar is still a calendar */
	dd_calendar none = {0};
	assert_int_equal(dd_calendar_ics(&none, &o, &t, &len), 0);
	assert_string_equal(t, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//drawdown//drawdown calendar//EN\r\n"
			       "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_renewal_dates), cmocka_unit_test(test_every_kind), cmocka_unit_test(test_range),
		cmocka_unit_test(test_unlocks),	      cmocka_unit_test(test_kinds),	 cmocka_unit_test(test_ics),
		cmocka_unit_test(test_ics_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
