/* opportunities.h: credits not yet asked for (SPEC section 7, issue #11).
 * For each programme AWS grants discretionary credits under (EDP, MAP, POC,
 * Graviton, Marketplace, partner, support, SLA): the face value the book
 * holds, whether the programme's trigger is present in the data (with the
 * evidence in one sentence), the typical size of a grant and when to ask.
 * `drawdown opportunities` prints them, `drawdown brief` builds its case on
 * them and `drawdown advise` turns every present trigger into a
 * credit_opportunity finding. Pure: the book, the history and the forecast
 * come in as arguments; no I/O, no clock (the as-of date is an argument). */
#ifndef DRAWDOWN_OPPORTUNITIES_H
#define DRAWDOWN_OPPORTUNITIES_H

#include <stdbool.h>
#include <stddef.h>

#include "book.h"
#include "common.h"
#include "forecast.h"
#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

/* The programmes, in the order they are reported (a contract: their names
 * are JSON values). */
typedef enum {
	DD_OPP_EDP, DD_OPP_MAP, DD_OPP_POC, DD_OPP_GRAVITON, DD_OPP_MARKETPLACE,
	DD_OPP_PARTNER, DD_OPP_SUPPORT, DD_OPP_SLA,
	DD_OPP_COUNT
} dd_opp_programme;

/* "edp", "map", "poc", "graviton", "marketplace", "partner", "support",
 * "sla"; "?" out of range. */
const char *dd_opp_programme_name(dd_opp_programme p);
/* The book's credit type a programme's grants are recorded as
 * (DD_OPP_EDP -> DD_CREDIT_EDP, ...). */
dd_credit_type dd_opp_credit_type(dd_opp_programme p);

/* The thresholds of the triggers (docs/cli.md, `opportunities`). */
#define DD_OPP_EDP_RENEWAL_MONTHS 12      /* an agreement ending within this many months of the as-of date */
#define DD_OPP_EDP_SPEND_PER_YEAR 1000000 /* no agreement in force and more spend than this a year */
#define DD_OPP_MAP_RAMP_PERCENT 25        /* the projected next 12 months this much over the last 12 */
#define DD_OPP_POC_NEW_MONTHS 3           /* a service first billed in the last 3 imported months */

/* One programme. */
typedef struct {
	dd_opp_programme programme;
	dd_credit_type type;      /* dd_opp_credit_type(programme) */
	/* face value of the book's credits of `type` (every tranche) whose
	 * expiry is on or after the as-of date, used or not */
	dd_money held;
	char *trigger;            /* owned: one sentence with the evidence; NULL when the trigger is absent */
	bool has_typical;         /* false for support and sla: AWS publishes no range */
	dd_money typical_low, typical_high; /* a year's grant for a large enterprise (SPEC section 7) */
	char *when;               /* owned, never NULL: when (and how) to ask, one or two sentences */
	/* the day to ask from: the as-of date, or for edp with an agreement the
	 * renewal window's opening when that is later */
	dd_date ask_on;
} dd_opportunity;

/* The opportunities and the figures their triggers were decided on (what a
 * brief quotes again). "Spend" is the imported gross: every charge but tax,
 * support and AWS's own credits, refunds and discounts (the classifier,
 * classify.h), as the forecast's backtest measures it. */
typedef struct {
	dd_opportunity *items;    /* [n], one per programme in enum order: items[DD_OPP_MAP] is map */
	size_t n;                 /* DD_OPP_COUNT */
	dd_date as_of;
	dd_month last;            /* the last month of history; DD_MONTH_NONE without history */
	/* the spend window: the last min(12, n) months of history, ending at
	 * `last` (a month without imported data counts as nothing) */
	int spend_months;
	dd_money spend;           /* imported gross over the spend window */
	dd_money spend_year;      /* spend x 12 / spend_months (= spend with 12 months) */
	/* the ramp (map): the next ramp_months = min(spend_months, forecast
	 * months) projected months against the last ramp_months imported ones;
	 * 0 without a forecast or history */
	int ramp_months;
	dd_money ramp_base;       /* imported gross of the last ramp_months months */
	/* the sum over the next ramp_months months of the P50 over the paths of
	 * the month's gross without a contract year's shortfall */
	dd_money ramp_projected;
	/* (ramp_projected - ramp_base) / ramp_base in tenths of a percent,
	 * rounded toward minus infinity (250 is 25.0 %); only when ramp_base > 0 */
	bool has_ramp_percent;
	long long ramp_tenths;
} dd_opportunities;

/* The opportunities of `book` on `as_of`, from history[0 .. n-1] (the
 * months the forecast was run on: consecutive, oldest first; n may be 0)
 * and the forecast run on them (NULL: the map trigger is not looked for and
 * ramp_months is 0). Triggers:
 * - edp: an agreement whose last day is from as_of to as_of + 12 months
 *   (the renewal, calendar.h); or no agreement in force on as_of (none in
 *   the book, or it has ended) and spend_year over 1,000,000;
 * - map: ramp_base > 0 and ramp_projected >= ramp_base x 1.25, exactly;
 * - poc: history longer than 3 months and a service (the charge's service
 *   field: product code or FOCUS name) whose first non-zero charge of
 *   spend is in the last 3 months of history; every such service named;
 * - graviton: EC2 spend (AmazonEC2, or the service named "Amazon Elastic
 *   Compute Cloud"; Marketplace lines aside) in the last month of history
 *   above 0, and no graviton credit held;
 * - marketplace: Marketplace spend over the spend window above 0 (the
 *   products named, the largest first);
 * - partner: never (billing data does not tell a partner purchase apart);
 * - support: an incident of the book that started on or before as_of
 *   (goodwill; every one named);
 * - sla: an incident that started on or before as_of whose SLA claim can
 *   still be filed: the end of the second month after the month it started
 *   is on or after as_of.
 * DD_EUSAGE when the forecast's as-of month is not the last month of
 * history; DD_ENOMEM; DD_EOVERFLOW. *out is the caller's: dispose it in
 * every case (it is empty on error). */
int dd_opportunities_find(const dd_book *book, const dd_fc_history *history, size_t n, const dd_forecast *forecast,
			  dd_date as_of, dd_opportunities *out);
/* Frees what *o holds (the items and their texts) and zeroes it. */
void dd_opportunities_dispose(dd_opportunities *o);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
