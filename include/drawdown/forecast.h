/* forecast.h: the forecast (SPEC section 4). From the history at the
 * engine's grain it projects every series (account, service and kind of
 * charge) month by month along P seeded Monte Carlo paths, and runs the real
 * month engine over every path from its state at the as-of month: per month
 * the bands of the bill, per credit when it is used up and what leaks, per
 * contract year the counted spend and the shortfall with its probability.
 * Pure like the engine: no I/O, no clock; the same inputs and seed give the
 * same result on any number of threads. Growth is modelled in floating
 * point; every projected charge is rounded to the cent before the exact
 * engine sees it, and every amount reported comes out of the engine. */
#ifndef DRAWDOWN_FORECAST_H
#define DRAWDOWN_FORECAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "book.h"
#include "common.h"
#include "engine.h"
#include "money.h"
#include "ramp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

typedef enum { DD_FC_AUTO, DD_FC_RUN_RATE, DD_FC_TREND, DD_FC_GROWTH, DD_FC_SEASONAL } dd_fc_method;

/* "auto", "run-rate", "trend", "growth", "seasonal". */
const char *dd_fc_method_name(dd_fc_method m);
/* DD_EINVALID for any other name. */
int dd_fc_method_parse(const char *s, dd_fc_method *out);

/* One month of history as the run loads it (dd_run_load_month). */
typedef struct {
	dd_month month;
	const dd_charge *charges; /* borrowed for the call */
	size_t n;
	bool present;             /* false: no data imported for the month */
} dd_fc_history;

#define DD_FC_MAX_MONTHS 120  /* the farthest a forecast looks (months_needed too) */
#define DD_FC_MAX_PATHS 1000000

typedef struct {
	dd_fc_method method;      /* default DD_FC_AUTO */
	int window;               /* months; 0: the method's default (run-rate 3, trend and growth 12, seasonal 36) */
	bool has_growth;          /* --growth given */
	double growth_percent;    /* per year, a model parameter (not money) */
	int months;               /* N, 1 .. DD_FC_MAX_MONTHS (default 36) */
	int paths;                /* P, 1 .. DD_FC_MAX_PATHS (default 1000) */
	uint64_t seed;            /* default 1 */
	const dd_ramp *ramp;      /* may be NULL */
	int threads;              /* 0: every core */
	bool months_needed;       /* run the lifted-expiry paths (default true) */
	/* a projected month whose end-of-month balances to report per credit
	 * (dd_fc_credit.balance_p50), e.g. the month before an advice date;
	 * DD_MONTH_NONE (the default): none */
	dd_month balance_month;
	/* every projected charge (ramp included) x scale_percent / 100, exactly:
	 * offers' stress test (default 100) */
	dd_money scale_percent;
	/* keep every credit's balance at the end of every projected month on
	 * every path (dd_forecast.path_balance: paths x months x credits
	 * amounts; the report's balance bands); default false */
	bool credit_balances;
} dd_fc_options;

void dd_fc_options_default(dd_fc_options *o);

/* Nearest-rank quantiles: the value at rank ceil(q x P) of the sorted values. */
typedef struct { dd_money p10, p50, p90; } dd_fc_band;
typedef struct { dd_money mean, p10, p50, p90; } dd_fc_dist;

/* The fields of one projected bill that each path keeps. */
typedef enum {
	DD_FC_GROSS, DD_FC_CREDITS, DD_FC_DISCOUNT, DD_FC_SUPPORT_FEE, DD_FC_SUPPORT_CREDITS,
	DD_FC_PAYABLE, DD_FC_COUNTED, DD_FC_TAX, DD_FC_SHORTFALL, DD_FC_LEAKAGE,
	DD_FC_NFIELDS
} dd_fc_field;

typedef struct {
	dd_month month;
	dd_fc_band band[DD_FC_NFIELDS]; /* band[DD_FC_GROSS], ... over the paths */
} dd_fc_month;

typedef struct {
	size_t credit;            /* index in book->credits */
	dd_money remaining;       /* balance at the end of the as-of month */
	dd_money expired;         /* what expired unused up to the end of the as-of month (history) */
	dd_money balance_p50;     /* the balance at the end of options.balance_month (P50; remaining
				     when that month is not projected) */
	/* the month the balance reaches 0 by use; DD_MONTH_NONE when the quantile
	 * falls on a path where it never does (before its expiry or the horizon) */
	dd_month exhausted_p50, exhausted_p90;
	dd_fc_dist leakage;       /* what expires unused after the as-of month */
	dd_money leak_probability; /* share of paths with leakage > 0, exact, in [0, 1] */
	/* months from the credit's start month through the month it is used up,
	 * with only its expiry lifted (up to DD_FC_MAX_MONTHS after the as-of
	 * month); -1: never (null) */
	int months_needed_p50, months_needed_p90;
	bool has_suggested;       /* the expiry to ask for, when it is at risk */
	dd_date suggested_expiry;
} dd_fc_credit;

typedef struct {
	int year;                 /* 1-based contract year */
	dd_date start, end;
	dd_money commitment;
	dd_fc_band counted;       /* actual months plus the projection (to the horizon) */
	dd_fc_dist shortfall;
	dd_money shortfall_probability;
} dd_fc_year;

typedef struct {
	dd_month as_of;           /* the last month of history used */
	int months, paths;
	uint64_t seed;
	dd_fc_method method;
	dd_fc_month *month;       /* [months]: as_of + 1 ... */
	dd_fc_credit *credits;    /* [book->ncredits] */
	size_t ncredits;
	dd_fc_year *years;        /* [agreement years]; NULL without an agreement */
	size_t nyears;
	/* Per path, for the analyses built on the forecast (offers, advice,
	 * the report): path p's month k (0-based) field f is
	 * path_months[(p * months + k) * DD_FC_NFIELDS + f]; credit c's leakage
	 * and use after the as-of month path_leak[p * ncredits + c] and
	 * path_used[p * ncredits + c], and of what it used before the discount
	 * the part the discount would have taken (used x the month's discount
	 * percent) path_discount_lost[p * ncredits + c]; year y's counted and
	 * shortfall path_counted[p * nyears + y], path_shortfall[p * nyears + y]. */
	dd_money *path_months, *path_leak, *path_used, *path_discount_lost, *path_counted, *path_shortfall;
	/* with options.credit_balances: credit c's balance at the end of month k
	 * on path p, path_balance[(p * months + k) * ncredits + c]; else NULL */
	dd_money *path_balance;
	size_t nseries;           /* series projected (ramp-only ones included) */
} dd_forecast;

/* Project history[0 .. n-1] (consecutive months, oldest first; the last is
 * the as-of month) under `book`. DD_EINVALID for bad options or history
 * (message names the option), DD_ENOMEM, or the engine's error. *out is
 * filled on success; dd_forecast_dispose it in every case. */
int dd_forecast_run(const dd_book *book, const dd_fc_history *history, size_t n, const dd_fc_options *o,
		    dd_forecast *out);
void dd_forecast_dispose(dd_forecast *f);

/* Backtest: hide the last `holdout` months of history, forecast them from
 * the months before, and compare the total gross (charges but tax, as the
 * engine's gross without a shortfall). DD_EINVALID when fewer than
 * holdout + 3 months exist. */
typedef struct {
	dd_month month;
	dd_money actual, p10, p50, p90;
} dd_fc_backtest_month;

typedef struct {
	int holdout;
	dd_fc_method method;
	dd_fc_backtest_month *months; /* [holdout] */
	/* mean of |p50 - actual| / actual over the months with actual > 0, and
	 * the share of months with p10 <= actual <= p90: statistics, in double */
	double mape, coverage;
	int mape_months;          /* months with actual > 0 */
} dd_fc_backtest;

int dd_forecast_backtest(const dd_fc_history *history, size_t n, int holdout, const dd_fc_options *o,
			 dd_fc_backtest *out);
void dd_fc_backtest_dispose(dd_fc_backtest *b);

/* Nearest-rank quantile q (percent, 1..100) of v[0 .. n-1], which it sorts. */
dd_money dd_fc_quantile(dd_money *v, size_t n, int q);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
