/* run.c: months from the store to the engine (run.h): a month's stored sums
 * at the engine's grain turned into dd_charge values, and the run of every
 * month from the first imported one. */
#include <stdlib.h>
#include <string.h>

#include "drawdown/run.h"

void dd_charges_dispose(dd_charges *c)
{
	if (!c) return;
	free(c->items);
	dd_agg_free(c->arena_);
	memset(c, 0, sizeof *c);
}

int dd_run_load_month(dd_store *s, dd_month m, dd_charges *out)
{
	dd_error_clear();
	memset(out, 0, sizeof *out);
	dd_agg *agg = NULL;
	size_t n;
	int rc = dd_store_load_month_sums(s, m, &agg, &out->present);
	if (rc) return rc;
	out->arena_ = agg; /* the strings of the items live in it */
	/* Sorted by (account, service, charge_type, entity, ..., service_name, flags). */
	const dd_agg_entry *e = dd_agg_entries(agg, &n);
	if (!e && n) {
		rc = DD_ENOMEM; /* dd_agg_entries said so */
		goto fail;
	}
	if (n && !(out->items = calloc(n, sizeof *out->items))) {
		rc = dd_error_set(DD_ENOMEM, "out of memory loading %zu charges of a month", n);
		goto fail;
	}
	/* classified here, once per loaded charge, not again on every run */
	for (size_t i = 0; i < n; i++) {
		out->items[i] = (dd_charge){
			.account = e[i].account,
			.service = e[i].service,
			.service_name = e[i].service_name,
			.charge_type = e[i].charge_type,
			.marketplace = dd_is_marketplace_entity(e[i].billing_entity, strlen(e[i].billing_entity)),
			.domain = dd_is_domain_charge((e[i].flags & DD_ROW_DOMAIN) != 0, e[i].service, e[i].service_name),
			.cls = dd_classify_charge(e[i].charge_type, e[i].service, e[i].service_name),
			.amount = e[i].amount,
		};
	}
	out->n = n;
	return 0;
fail:
	dd_charges_dispose(out);
	return rc;
}

int dd_run_load_history(dd_store *s, dd_month through, dd_history *out)
{
	char b1[8], b2[8], b3[8];
	dd_error_clear();
	memset(out, 0, sizeof *out);
	int rc = dd_store_month_range(s, &out->first, &out->last);
	if (rc == DD_ENOTFOUND) return dd_error_set(rc, "nothing imported yet: run 'drawdown import FILE' first");
	if (rc) return rc;
	if (through == DD_MONTH_NONE) through = out->last;
	if (through < out->first || through > out->last)
		return dd_error_set(DD_EINVALID, "%s is outside the imported months (%s to %s)", dd_month_format(through, b1),
				    dd_month_format(out->first, b2), dd_month_format(out->last, b3));
	size_t n = (size_t)(through - out->first) + 1;
	if (!(out->months = calloc(n, sizeof *out->months)))
		return dd_error_set(DD_ENOMEM, "out of memory loading %zu months", n);
	for (size_t i = 0; i < n; i++) {
		if ((rc = dd_run_load_month(s, out->first + (dd_month)i, &out->months[i]))) return rc;
		out->n = i + 1;
	}
	return 0;
}

void dd_history_dispose(dd_history *h)
{
	for (size_t i = 0; h && i < h->n; i++) dd_charges_dispose(&h->months[i]);
	if (h) {
		free(h->months);
		memset(h, 0, sizeof *h);
	}
}

int dd_run_to(const dd_book *book, dd_store *store, dd_month month, dd_run *run)
{
	char b1[8], b2[8];
	dd_error_clear();
	memset(run, 0, sizeof *run);
	run->stopped = DD_MONTH_NONE;
	dd_bill_init(&run->bill);
	int rc = dd_store_month_range(store, &run->first, &run->last);
	if (rc == DD_ENOTFOUND) return dd_error_set(rc, "nothing imported yet: run 'drawdown import FILE' first");
	if (rc) return rc;
	if (month == DD_MONTH_NONE) month = run->last;
	if (month < run->first)
		return dd_error_set(DD_EINVALID, "no data for %s: the first imported month is %s (the run starts there)",
				    dd_month_format(month, b1), dd_month_format(run->first, b2));
	run->month = month;
	if ((rc = dd_engine_new(book, &run->engine))) return rc;
	for (dd_month m = run->first; m <= month; m++) {
		dd_charges ch = {0};
		/* A month past the imported range is never in the store. */
		if (m <= run->last && (rc = dd_run_load_month(store, m, &ch))) return rc;
		rc = dd_engine_run_month(run->engine, m, ch.items, ch.n, !ch.present, &run->bill);
		if (rc || m < month) dd_charges_dispose(&ch);
		else run->charges = ch;
		if (rc) {
			run->stopped = m;
			return rc;
		}
	}
	return 0;
}

void dd_run_dispose(dd_run *run)
{
	dd_bill_dispose(&run->bill);
	dd_charges_dispose(&run->charges);
	dd_engine_free(run->engine);
	run->engine = NULL;
}
