/* report.h: the HTML report (SPEC section 8, issue #14): one self-contained
 * page (inline SVG charts and CSS, no script, no network) with each
 * credit's balance over the months, the monthly waterfall, the commitment
 * per contract year, the leakage by credit type, the calendar ahead and,
 * when given, the forecast's bands and the offers side by side; under every
 * chart the table behind it. Pure: the caller computes the bills, the
 * forecast, the calendar and the offers and passes them in; the report
 * returns text. */
#ifndef DRAWDOWN_REPORT_H
#define DRAWDOWN_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "book.h"
#include "calendar.h"
#include "common.h"
#include "engine.h"
#include "forecast.h"
#include "money.h"
#include "offers.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

/* What the report shows. Everything is borrowed for the call. */
typedef struct {
	const dd_book *book;
	/* The bills of every month from the first imported one through the
	 * report's month, in order (bills[nbills - 1] is the report's month);
	 * each with book->ncredits credit states. nbills >= 1. */
	const dd_bill *bills;
	size_t nbills;
	/* The commitment at the end of the report's month
	 * (dd_engine_commitment), [book->agreement.years]; NULL without an
	 * agreement. */
	const dd_commit_year *years;
	/* The forecast from the report's month on; NULL: no forecast chart and
	 * no bands. */
	const dd_forecast *forecast;
	/* The dated events ahead (NULL or empty: the calendar says none). */
	const dd_calendar *calendar;
	/* The offers compared, with their inputs ([offers->n]); NULL: no offers
	 * chart. */
	const dd_offers_result *offers;
	const dd_offer_input *offer_inputs;
} dd_report_input;

/* The report as HTML (UTF-8, NUL-terminated; *len without the NUL; the
 * caller frees *html). DD_EINVALID for an input that does not fit
 * together (no bills, a bill without the book's credits, offers without
 * their inputs), DD_ENOMEM. */
int dd_report_html(const dd_report_input *in, char **html, size_t *len);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
