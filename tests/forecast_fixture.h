/* forecast_fixture.h: what the forecast and advice tests share: exact
 * amounts and months from text, books from YAML text, and histories built
 * by hand (series of monthly amounts per account and service). */
#ifndef DD_FORECAST_FIXTURE_H
#define DD_FORECAST_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drawdown.h"

#include "money_assert.h"


static inline dd_book *book_of(const char *yaml)
{
	dd_book *b = NULL;
	dd_book_problems p = {0};
	if (dd_book_load_buffer("test.yaml", yaml, strlen(yaml), &b, &p)) {
		for (size_t i = 0; i < p.n; i++) print_error("%d:%d: %s\n", p.items[i].line, p.items[i].column, p.items[i].message);
		dd_book_problems_dispose(&p);
		fail_msg("book did not load");
	}
	return b;
}

/* A history of up to 8 series over up to 60 months. */
#define H_MONTHS 60
#define H_SERIES 8
typedef struct {
	dd_fc_history h[H_MONTHS];
	dd_charge c[H_MONTHS][H_SERIES];
	char amounts[H_MONTHS][H_SERIES][32];
	size_t n;
} hist_t;

/* Month i (from `first`) of series (account, service) costs v[i]. */
static inline void hist_series(hist_t *h, const char *first, size_t n, const char *account, const char *service,
			const double *v)
{
	dd_month f = MO(first);
	if (n > h->n) h->n = n;
	for (size_t i = 0; i < n; i++) {
		dd_fc_history *m = &h->h[i];
		m->month = f + (dd_month)i;
		m->present = true;
		m->charges = h->c[i];
		if (v[i] == 0) continue;
		size_t k = m->n++;
		snprintf(h->amounts[i][k], sizeof h->amounts[i][k], "%.2f", v[i]);
		h->c[i][k] = (dd_charge){.account = account, .service = service, .charge_type = "Usage",
					 .amount = M(h->amounts[i][k])};
	}
}

#endif
