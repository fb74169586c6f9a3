/* engine_int.h: state shared by the engine's source files (engine.c runs a
 * month and keeps balances and the commitment; engine_apply.c builds the
 * lines and places credits and the discount). Not API. */
#ifndef DD_ENGINE_INT_H
#define DD_ENGINE_INT_H

#include "drawdown/engine.h"

/* One (account, service, marketplace) line while a month is worked out. */
typedef struct {
	const char *account, *service, *service_name;
	bool marketplace;
	bool twin;         /* the same account and service also has a line with the other marketplace flag */
	size_t acct;       /* index in dd_engine.accts */
	dd_money u, d, f, x, t; /* usage, domain usage, fee, unknown, tax */
	dd_money rem;      /* what the current phase may still take */
	dd_money p1, p2, disc;
} eng_line;

/* An account with lines this month. The month's lines are built in
 * (account, service, marketplace) order and its accounts in id order, so
 * an index comparison stands for a string comparison (cmp_place). */
typedef struct {
	const char *id;
	bool sharing;
	dd_money sum;      /* scratch: remaining the current credit can cover */
	bool owner, reach; /* scratch: the current credit's owner; may be spent on */
} eng_acct;

struct dd_engine {
	const dd_book *book;
	dd_month last;            /* last month run, DD_MONTH_NONE before the first */
	size_t nc;                /* book->ncredits */
	/* committed state (changes only when a month succeeds) */
	dd_money *remaining, *consumed, *expired_total; /* [nc] */
	dd_money *counted, *mkt_raw; /* [agreement years]: counted spend, raw Marketplace amount */
	/* derived from the book once */
	size_t *order;            /* credits in application order */
	bool *owner_sharing;      /* [nc] */
	size_t *acct_by_id;       /* [book->naccounts]: indices by (id, index), for dd__eng_shares */
	dd_month *start_m, *expiry_m; /* [nc] */
	dd_month agr_start;       /* agreement start month */
	int years;                /* agreement years (0 without an agreement) */
	/* scratch, reused across months */
	unsigned char *usable;    /* [nc] */
	dd_money *start_rem;      /* [nc] remaining at the start of the month */
	size_t *cidx; size_t cap_cidx;
	eng_line *lines; size_t nlines, cap_lines;
	eng_acct *accts; size_t naccts, cap_accts;
	size_t *elig; size_t cap_elig;
};

/* engine_apply.c */
/* A percent as the reduced fraction num/den of pct / 100. The discount runs
 * on every line of every month (and of every forecast path); at 18 digits
 * a * pct.v overflows 128 bits above about 28 USD, but a * num for 6 %
 * (3/50) or 8.5 % (17/200) does not, so the 256-bit path becomes rare. */
typedef struct {
	dd_money pct;
	unsigned __int128 num, den;
	bool neg;
} dd__eng_pct;
void dd__eng_pct_init(dd__eng_pct *p, dd_money pct);
/* dd_money_mul_percent(a, p->pct), same result, fast when a * num fits. */
int dd__eng_mul_pct(const dd__eng_pct *p, dd_money a, dd_money *out);
/* The two above in one call (tests). */
int dd__eng_mul_percent(dd_money a, dd_money pct, dd_money *out);
int dd__eng_build_lines(dd_engine *e, const dd_charge *ch, size_t n, dd_bill *bill);
/* Whether account `id` shares its credits: the book's first entry for it,
 * true when the book does not list it. A binary search: every line's
 * account is looked up each month of each forecast path, and a scan of the
 * book's accounts made that quadratic in accounts. */
bool dd__eng_shares(const dd_engine *e, const char *id);
int dd__eng_phase(dd_engine *e, dd_bill *bill, dd_applies phase);
int dd__eng_discount(dd_engine *e, dd_money pct);
int dd__eng_support(dd_engine *e, dd_bill *bill);
int dd__eng_grow(void **p, size_t *cap, size_t need, size_t size);

#endif
