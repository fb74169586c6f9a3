/* engine_fixture.h: build dd_book values and month charges directly in C for
 * the engine tests, without the YAML loader, plus money assertions. Each test
 * makes one fx (calloc'd, everything inside it) and frees it with fx_free. */
#ifndef DD_ENGINE_FIXTURE_H
#define DD_ENGINE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drawdown.h"

#define FX_ACCOUNTS 16
#define FX_CREDITS 64
#define FX_LIST 8
#define FX_YEARS 8
#define FX_CHARGES 1024

typedef struct {
	dd_book book;
	dd_account accounts[FX_ACCOUNTS];
	dd_credit credits[FX_CREDITS];
	char *services[FX_CREDITS][FX_LIST];
	char share[FX_CREDITS][FX_LIST][DD_ACCOUNT_MAX];
	char ids[FX_CREDITS][32];
	dd_money commitment[FX_YEARS], discount[FX_YEARS];
	dd_charge charges[FX_CHARGES];
	size_t ncharges;
	dd_engine *engine;
	dd_bill bill;
} fx_t;

#include "money_assert.h"


static inline fx_t *fx_new(const char *payer)
{
	fx_t *f = calloc(1, sizeof *f);
	assert_non_null(f);
	strcpy(f->book.currency, "USD");
	snprintf(f->book.payer, DD_ACCOUNT_MAX, "%s", payer);
	f->book.credit_sharing = true;
	f->book.accounts = f->accounts;
	f->book.credits = f->credits;
	f->book.support_plan = DD_SUPPORT_NONE;
	dd_bill_init(&f->bill);
	return f;
}

static inline void fx_free(fx_t *f)
{
	dd_engine_free(f->engine);
	dd_bill_dispose(&f->bill);
	free(f);
}

static inline dd_account *fx_account(fx_t *f, const char *id, bool sharing)
{
	assert_true(f->book.naccounts < FX_ACCOUNTS);
	dd_account *a = &f->accounts[f->book.naccounts++];
	snprintf(a->id, DD_ACCOUNT_MAX, "%s", id);
	a->sharing = sharing;
	return a;
}

/* A credit on all services, owned by the payer, before discount, default
 * sharing, enabled, no lock. Returns its index. */
static inline int fx_credit(fx_t *f, const char *id, dd_credit_type type, const char *amount,
			    const char *start, const char *expires)
{
	assert_true(f->book.ncredits < FX_CREDITS);
	int i = (int)f->book.ncredits++;
	dd_credit *c = &f->credits[i];
	snprintf(f->ids[i], sizeof f->ids[i], "%s", id);
	c->id = f->ids[i];
	c->type = type;
	c->amount = M(amount);
	c->start = D(start);
	c->expires = D(expires);
	snprintf(c->owner, DD_ACCOUNT_MAX, "%s", f->book.payer);
	c->services_all = true;
	c->applies = DD_APPLIES_BEFORE_DISCOUNT;
	c->sharing = DD_SHARING_DEFAULT;
	c->status = DD_STATUS_ENABLED;
	c->unlock_month = DD_MONTH_NONE;
	c->after = -1;
	return i;
}

/* NULL-terminated list of services for credit i. */
static inline void fx_services(fx_t *f, int i, ...)
{
	va_list ap;
	va_start(ap, i);
	dd_credit *c = &f->credits[i];
	c->services_all = false;
	c->services = f->services[i];
	c->nservices = 0;
	for (const char *s; (s = va_arg(ap, const char *));) {
		assert_true(c->nservices < FX_LIST);
		f->services[i][c->nservices++] = (char *)s;
	}
	va_end(ap);
}

/* NULL-terminated list of accounts credit i may be shared with. */
static inline void fx_share_with(fx_t *f, int i, ...)
{
	va_list ap;
	va_start(ap, i);
	dd_credit *c = &f->credits[i];
	c->sharing = DD_SHARING_LIST;
	c->share_with = f->share[i];
	c->nshare_with = 0;
	for (const char *s; (s = va_arg(ap, const char *));) {
		assert_true(c->nshare_with < FX_LIST);
		snprintf(f->share[i][c->nshare_with++], DD_ACCOUNT_MAX, "%s", s);
	}
	va_end(ap);
}

/* An agreement of `years` years with the same commitment and discount each
 * year (change f->commitment[y] / f->discount[y] afterwards for ramps). */
static inline dd_agreement *fx_agreement(fx_t *f, const char *start, int years, const char *commitment,
					 const char *discount)
{
	assert_true(years <= FX_YEARS);
	dd_agreement *a = &f->book.agreement;
	a->present = true;
	a->id = (char *)"EDP-TEST";
	a->start = D(start);
	a->years = years;
	a->commitment = f->commitment;
	a->discount_percent = f->discount;
	for (int y = 0; y < years; y++) {
		f->commitment[y] = M(commitment);
		f->discount[y] = M(discount);
	}
	a->basis = DD_BASIS_NET;
	a->credits_count = true;
	a->carry_forward = false;
	a->marketplace_cap_percent = M("25");
	a->discount_marketplace = false;
	return a;
}

static inline dd_charge *fx_charge(fx_t *f, const char *account, const char *service, const char *type,
				   const char *amount)
{
	assert_true(f->ncharges < FX_CHARGES);
	dd_charge *c = &f->charges[f->ncharges++];
	memset(c, 0, sizeof *c);
	c->account = account;
	c->service = service;
	c->charge_type = type;
	c->amount = M(amount);
	return c;
}

static inline dd_charge *fx_usage(fx_t *f, const char *account, const char *service, const char *amount)
{
	return fx_charge(f, account, service, "Usage", amount);
}

/* Run month `month` ("YYYY-MM") with the charges added so far, then forget
 * them. Creates the engine on first use. Returns the engine's code. */
static inline int fx_run_rc(fx_t *f, const char *month, bool no_data)
{
	if (!f->engine) assert_int_equal(dd_engine_new(&f->book, &f->engine), 0);
	int rc = dd_engine_run_month(f->engine, MO(month), f->charges, f->ncharges, no_data, &f->bill);
	f->ncharges = 0;
	return rc;
}

static inline dd_bill *fx_run(fx_t *f, const char *month)
{
	int rc = fx_run_rc(f, month, false);
	if (rc) fail_msg("run %s: %s", month, dd_error_last());
	return &f->bill;
}

static inline dd_bill *fx_run_nodata(fx_t *f, const char *month)
{
	int rc = fx_run_rc(f, month, true);
	if (rc) fail_msg("run %s (no data): %s", month, dd_error_last());
	return &f->bill;
}

static inline const dd_bill_line *fx_line_mp(const dd_bill *b, const char *account, const char *service,
					     bool marketplace)
{
	for (size_t i = 0; i < b->nlines; i++)
		if (!strcmp(b->lines[i].account, account) && !strcmp(b->lines[i].service, service) &&
		    b->lines[i].marketplace == marketplace)
			return &b->lines[i];
	fail_msg("no line %s/%s%s", account, service, marketplace ? " (marketplace)" : "");
	return NULL;
}

static inline const dd_bill_line *fx_line(const dd_bill *b, const char *account, const char *service)
{
	return fx_line_mp(b, account, service, false);
}

/* Sum of the allocations of credit i to (account, service); 0 when none. */
static inline dd_money fx_alloc(const dd_bill *b, int credit, const char *account, const char *service)
{
	dd_money s = dd_money_zero();
	for (size_t i = 0; i < b->nallocs; i++)
		if (b->allocs[i].credit == credit && !strcmp(b->allocs[i].account, account) &&
		    !strcmp(b->allocs[i].service, service))
			s = dd_money_add(s, b->allocs[i].amount);
	return s;
}

static inline const dd_support_line *fx_support(const dd_bill *b, const char *account)
{
	for (size_t i = 0; i < b->nsupport; i++)
		if (!strcmp(b->support[i].account, account)) return &b->support[i];
	fail_msg("no support line for %s", account);
	return NULL;
}

/* The totals identity every bill must satisfy (SPEC 3.1 conservation). */
static inline void fx_assert_identity(const dd_bill *b)
{
	dd_money p = b->gross;
	p = dd_money_sub(p, b->credits_before_discount);
	p = dd_money_sub(p, b->discount);
	p = dd_money_sub(p, b->credits_after_discount);
	p = dd_money_add(p, b->support_fee);
	p = dd_money_sub(p, b->support_credits);
	p = dd_money_add(p, b->tax);
	assert_true(dd_money_cmp(p, b->payable) == 0);
}

#endif
