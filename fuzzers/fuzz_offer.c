/* fuzz_offer.c: the offer loader on arbitrary bytes never crashes or leaks,
 * and either returns an offer whose merged book keeps the promises of
 * offer.h and book.h (a name of one line, the offer as files[0] and its
 * base as files[1], every credit with a unique id and a place in one of
 * the book's files, tranches pointing back) and runs a month through the
 * engine, or at least one problem with a place and a message. The base is
 * a fixed book (with an include) written once to a scratch directory,
 * which is also the offer's directory, so `base: base.yaml` finds it and
 * other relative names fail fast; it is removed at exit. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drawdown.h"

static const char base_text[] =
	"organization:\n"
	"  payer: \"111111111111\"\n"
	"  accounts:\n"
	"    - { id: \"222222222222\", name: prod }\n"
	"include: more.yaml\n"
	"agreement: { id: EDP-2026, start: 2026-01-01, years: 1, commitment: 1200000, discount_percent: 6 }\n"
	"support: { plan: business }\n"
	"credits:\n"
	"  - { id: KEEP, type: map, amount: 1000, start: 2026-01-01, expires: 2026-12-31 }\n"
	"  - { id: OLD-PROMO, type: promotional, amount: 500, start: 2026-01-01, expires: 2026-06-30 }\n"
	"  - id: TIERED\n"
	"    type: edp\n"
	"    tranches:\n"
	"      - { amount: 50, start: 2026-01-01, expires: 2026-12-31 }\n"
	"      - { amount: 30, start: 2027-01-01, expires: 2027-12-31, requires_previous: true }\n"
	"incidents:\n"
	"  - { id: INC-1, service: AmazonEC2, sla: ec2-region, start: 2026-03-01T10:00:00Z, end: 2026-03-01T11:00:00Z }\n";
static const char more_text[] =
	"credits:\n"
	"  - { id: INCLUDED, type: poc, amount: 250, start: 2026-01-01, expires: 2026-12-31, owner: \"222222222222\" }\n";

static char dir[64], base[96], more[96], name[96];

static void cleanup(void)
{
	unlink(base);
	unlink(more);
	rmdir(dir);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(text, 1, strlen(text), f) != strlen(text) || fclose(f) != 0) abort();
}

static void setup(void)
{
	if (dir[0]) return;
	snprintf(dir, sizeof dir, "/tmp/dd-fuzz-offer-XXXXXX");
	if (!mkdtemp(dir)) abort();
	snprintf(base, sizeof base, "%s/base.yaml", dir);
	snprintf(more, sizeof more, "%s/more.yaml", dir);
	snprintf(name, sizeof name, "%s/offer.yaml", dir);
	write_file(base, base_text);
	write_file(more, more_text);
	atexit(cleanup);
}

static void check(const dd_offer *o)
{
	const dd_book *b = o->book;
	size_t len = o->name ? strlen(o->name) : 0;
	if (!b || len < 1 || len > 128 || strcmp(o->path, name) || !o->base_path) abort();
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)o->name[i] < 0x20 || o->name[i] == 0x7f) abort();
	if (b->nfiles < 2 || strcmp(b->files[0], o->path) || strcmp(b->files[1], o->base_path) || !b->payer[0]) abort();
	for (size_t i = 0; i < b->ncredits; i++) {
		const dd_credit *c = &b->credits[i];
		bool known = false;
		if (!c->id || !c->file || c->line < 1 || dd_money_is_neg(c->amount)) abort();
		for (size_t f = 0; f < b->nfiles; f++) known = known || c->file == b->files[f];
		if (!known || (c->after >= 0 && (size_t)c->after >= i)) abort();
		if (dd_book_credit(b, c->id) != c) abort(); /* ids unique after the merge */
	}
	dd_engine *e = NULL;
	dd_bill bill;
	dd_bill_init(&bill);
	dd_charge ch = {.account = b->payer, .service = "AmazonEC2", .charge_type = "Usage",
			.amount = dd_money_from_units(1000000)};
	if (dd_engine_new(b, &e) != 0) abort();
	int rc = dd_engine_run_month(e, DD_MONTH(2026, 1), &ch, 1, false, &bill);
	if (rc != 0 && rc != DD_EOVERFLOW) abort();
	dd_bill_dispose(&bill);
	dd_engine_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	dd_offer *o = NULL;
	dd_book_problems problems;
	int rc = dd_offer_load_buffer(name, (const char *)data, size, base, &o, &problems);
	if (rc == 0) {
		if (!o || problems.n != 0) abort();
		check(o);
		dd_offer_free(o);
		return 0;
	}
	if (o) abort();
	if (rc != DD_ENOMEM && problems.n == 0) abort();
	for (size_t i = 0; i < problems.n; i++)
		if (!problems.items[i].file || !problems.items[i].message || !problems.items[i].message[0] ||
		    problems.items[i].line < 0)
			abort();
	dd_book_problems_dispose(&problems);
	return 0;
}
