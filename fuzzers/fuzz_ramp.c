/* fuzz_ramp.c: the ramp loader on arbitrary bytes never crashes or leaks,
 * and either returns a ramp whose every step keeps the promises of ramp.h
 * (a service, a month, until not before from, exactly one of an amount >= 0
 * or a step > -100 %) or at least one problem with a place and a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dd_ramp *r = NULL;
	dd_book_problems problems;
	int rc = dd_ramp_load_buffer("fuzz-ramp.yaml", (const char *)data, size, &r, &problems);
	if (rc == 0) {
		if (!r || problems.n != 0 || strcmp(r->path, "fuzz-ramp.yaml")) abort();
		for (size_t i = 0; i < r->n; i++) {
			const dd_ramp_step *s = &r->steps[i];
			if (!s->account[0] || !s->service || !s->service[0] || s->file != r->path || s->line < 1) abort();
			if (s->from == DD_MONTH_NONE || (s->until != DD_MONTH_NONE && s->until < s->from)) abort();
			if (s->has_amount == s->has_growth) abort();
			if (s->has_amount && dd_money_is_neg(s->amount)) abort();
			if (s->has_growth && dd_money_cmp(s->growth_percent, dd_money_from_units(-100)) <= 0) abort();
		}
		dd_ramp_free(r);
		return 0;
	}
	if (r) abort();
	if (rc != DD_ENOMEM && problems.n == 0) abort();
	for (size_t i = 0; i < problems.n; i++)
		if (!problems.items[i].file || !problems.items[i].message || problems.items[i].line < 0) abort();
	dd_book_problems_dispose(&problems);
	return 0;
}
