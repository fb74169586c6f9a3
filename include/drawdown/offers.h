/* offers.h: negotiation offers evaluated by the engine, side by side (SPEC
 * section 5, issue #12). Every offer (a book: the base with the offer's
 * terms, offer.h) runs over the same forecast paths (same history, seed,
 * method and ramp) to its agreement's end; what it costs is the expected
 * net present value of its term's bills. Pure: no I/O. */
#ifndef DRAWDOWN_OFFERS_H
#define DRAWDOWN_OFFERS_H

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

/* An offer to evaluate: its name, the file it came from, and the book it
 * makes (borrowed for the call). The book needs an agreement: its term. */
typedef struct {
	const char *name;
	const char *file;
	const dd_book *book;
} dd_offer_input;

typedef struct {
	size_t credit;           /* index in the offer's book */
	dd_money face;
	dd_money used, leaked, discount_lost, value; /* means over the paths */
} dd_offer_credit;

/* One offer's figures over its term (the projected months of it: a term
 * that started before the forecast counts from the first projected month). */
typedef struct {
	dd_date term_start, term_end;
	int months;              /* projected months of the term */
	dd_money list_spend;     /* mean gross (before credits and discount; support, tax, shortfall excluded) */
	dd_fc_dist payable;      /* the term's bills: credits, discount, support, shortfall; tax excluded */
	dd_money npv;            /* mean over the paths of each month's payable discounted to the term's start */
	dd_money leakage;        /* mean of what the offer's credits let expire */
	dd_money shortfall, shortfall_probability; /* mean over the term's years; share of paths with any */
	dd_money effective_discount_percent; /* 100 x (list_spend - payable.mean) / list_spend, to 4 decimals */
	dd_offer_credit *credits; size_t ncredits;
} dd_offer_figures;

typedef struct {
	dd_offer_figures base;
	/* the change in discount points, on every year of the first offer, that
	 * gives the same expected NPV as this offer (the first offer's is 0),
	 * solved with the engine; to 4 decimals. points_found is false when no
	 * change within 100 points gets there: the first offer's payable does
	 * not move with its discount (it pays a shortfall on a net-basis
	 * commitment, say); credit_equivalent_points is then 0. */
	dd_money credit_equivalent_points;
	bool points_found;
	bool has_stress;
	dd_offer_figures low, high; /* all projected spend stress % lower, higher */
	int rank;                /* 1 = the lowest expected NPV */
	int rank_low, rank_high; /* the ranks under the stress */
	char *reason;            /* one sentence */
} dd_offer_result;

typedef struct {
	dd_money rate;           /* percent a year */
	int paths;
	uint64_t seed;
	dd_month as_of;          /* the forecast's */
	dd_money stress;         /* percent, 0 when none */
	bool ranking_flips;      /* a stress changes the winner */
	dd_offer_result *offers; size_t n;
} dd_offers_result;

/* Evaluate offers[0 .. n-1] over history (the forecast options o: paths,
 * seed, method, ramp; months is set from the terms). rate: the yearly
 * discount rate in percent (>= 0); stress: percent (0: none, else 0 to
 * 100). DD_EINVALID (an offer without an agreement, a term ending before
 * the forecast starts, bad rate or stress), or the forecast's errors.
 * Dispose *out in every case. */
int dd_offers_compare(const dd_fc_history *history, size_t nhist, const dd_offer_input *offers, size_t n,
		      const dd_fc_options *o, dd_money rate, dd_money stress, dd_offers_result *out);
void dd_offers_result_dispose(dd_offers_result *r);

/* Commitment sizing: the highest flat annual commitment (whole units) whose
 * shortfall probability is at most max_probability (a fraction in [0, 1])
 * in every contract year of book's agreement; per year the commitment, its
 * shortfall probability at the chosen commitment and the counted band. */
typedef struct {
	int year;
	dd_date start, end;
	dd_money commitment;     /* the most this year alone could carry */
	dd_money shortfall_probability; /* at the chosen annual commitment */
	dd_fc_band counted;
} dd_offer_size_year;

typedef struct {
	dd_money max_probability;
	dd_money annual_commitment;
	dd_offer_size_year *years; size_t nyears;
	/* with current terms (a book with an agreement): their expected NPV over
	 * the sized agreement's term, and the flat discount percent (4
	 * decimals) the sized agreement with annual_commitment must earn to
	 * cost no more, solved with the engine */
	bool has_discount_to_beat;
	dd_money current_npv, discount_to_beat;
} dd_offers_size_result;

/* current: the terms in force to beat (may be NULL or the book itself:
 * then nothing to beat); rate: the NPV's yearly percent. */
int dd_offers_size(const dd_fc_history *history, size_t nhist, const dd_book *book, const dd_book *current,
		   const dd_fc_options *o, dd_money rate, dd_money max_probability, dd_offers_size_result *out);
void dd_offers_size_dispose(dd_offers_size_result *r);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
