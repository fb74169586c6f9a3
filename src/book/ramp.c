/* ramp.c: loading a forecast ramp file (docs/ramp.md), the migration plan a
 * forecast adds to the history: one YAML file with a `ramp:` list, each
 * entry an account, a service, a first month (and maybe a last one) and
 * either an amount added every month or a step in percent. It goes through
 * the book loader's reading, node helpers and problems list, so a ramp file
 * is read with the same limits and its problems read like a book's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book_int.h"
#include "drawdown/ramp.h"

static const char *const top_keys[] = {"ramp", NULL};
static const char *const step_keys[] = {"account", "service", "from", "until", "amount", "growth_percent", NULL};
enum { S_ACCOUNT, S_SERVICE, S_FROM, S_UNTIL, S_AMOUNT, S_GROWTH };

/* The file being loaded is always the context's file 0 (no includes). */
#define F0 0

static bool service(dd__book_ctx *c, yaml_node_t *n, const char *path, char **out)
{
	if (!dd__book_text(c, F0, n, path, out)) return false;
	if (**out) return true;
	free(*out);
	*out = NULL;
	dd__book_problem(c, F0, n, path, "expected a service name (a product code such as AmazonRDS), got \"\"");
	return false;
}

/* Whether key a comes after key b in the file (to report a clash at the later one). */
static bool later(const yaml_node_t *a, const yaml_node_t *b)
{
	return a->start_mark.index > b->start_mark.index;
}

/* amount and growth_percent: each checked on its own, then exactly one. */
static void change(dd__book_ctx *c, yaml_node_t *map, yaml_node_t **v, yaml_node_t **k, const char *path,
		   dd_ramp_step *st)
{
	char field[96], where[64];
	yaml_node_t *am = v[S_AMOUNT], *gr = v[S_GROWTH];
	if (am) {
		dd__book_path(field, sizeof field, path, "amount");
		if (dd__book_money(c, F0, am, field, &st->amount)) {
			if (dd_money_is_neg(st->amount))
				dd__book_problem(c, F0, am, field,
						 "an amount added every month must be 0 or more, got %s",
						 (const char *)am->data.scalar.value);
			else st->has_amount = true;
		}
	}
	if (gr) {
		dd__book_path(field, sizeof field, path, "growth_percent");
		if (dd__book_money(c, F0, gr, field, &st->growth_percent)) {
			if (dd_money_cmp(st->growth_percent, dd_money_from_units(-100)) <= 0)
				dd__book_problem(c, F0, gr, field,
						 "growth_percent must be more than -100 (-100 would leave nothing of "
						 "the series), got %s", (const char *)gr->data.scalar.value);
			else st->has_growth = true;
		}
	}
	if (!am && !gr) {
		dd__book_problem(c, F0, map, path,
				 "missing \"amount\" or \"growth_percent\": give exactly one (an amount added every "
				 "month, or a percent the series changes by from \"from\" on)");
	} else if (am && gr) {
		bool g2 = later(k[S_GROWTH], k[S_AMOUNT]);
		yaml_node_t *second = g2 ? k[S_GROWTH] : k[S_AMOUNT], *first = g2 ? k[S_AMOUNT] : k[S_GROWTH];
		dd__book_path(field, sizeof field, path, g2 ? "growth_percent" : "amount");
		dd__book_where(c, F0, F0, first, where, sizeof where);
		dd__book_problem(c, F0, second, field,
				 "give either \"amount\" or \"growth_percent\", not both (\"%s\" is at %s); write two "
				 "entries for both", g2 ? "amount" : "growth_percent", where);
		st->has_amount = st->has_growth = false;
	}
}

static void step(dd__book_ctx *c, yaml_node_t *n, size_t i, dd_ramp_step *st)
{
	char path[64], field[96];
	yaml_node_t *v[BK_MAX_FIELDS], *k[BK_MAX_FIELDS];
	dd__book_path_index(path, sizeof path, "ramp", i);
	st->from = st->until = DD_MONTH_NONE;
	st->line = n ? (int)n->start_mark.line + 1 : 0;
	st->column = n ? (int)n->start_mark.column + 1 : 0;
	if (!dd__book_map(c, F0, n, path, step_keys, v, k)) return;

	if (dd__book_required(c, F0, n, v[S_ACCOUNT], path, "account")) {
		dd__book_path(field, sizeof field, path, "account");
		dd__book_account_id(c, F0, v[S_ACCOUNT], field, st->account);
	}
	if (dd__book_required(c, F0, n, v[S_SERVICE], path, "service")) {
		dd__book_path(field, sizeof field, path, "service");
		service(c, v[S_SERVICE], field, &st->service);
	}
	bool from_ok = false, until_ok = false;
	if (dd__book_required(c, F0, n, v[S_FROM], path, "from")) {
		dd__book_path(field, sizeof field, path, "from");
		from_ok = dd__book_month(c, F0, v[S_FROM], field, &st->from);
	}
	if (v[S_UNTIL]) {
		dd__book_path(field, sizeof field, path, "until");
		until_ok = dd__book_month(c, F0, v[S_UNTIL], field, &st->until);
	}
	if (from_ok && until_ok && st->until < st->from) {
		char u[8], f[8];
		dd__book_path(field, sizeof field, path, "until");
		dd__book_problem(c, F0, v[S_UNTIL], field,
				 "until %s is before from %s (until is the last month of the entry, inclusive)",
				 dd_month_format(st->until, u), dd_month_format(st->from, f));
	}
	change(c, n, v, k, path, st);
}

static void steps(dd__book_ctx *c, dd_ramp *r)
{
	yaml_node_t *root = yaml_document_get_root_node(&c->files[F0].doc);
	yaml_node_t *v[BK_MAX_FIELDS], *k[BK_MAX_FIELDS];
	if (!root) {
		/* Nothing but comments (or nothing at all): still a place to point at. */
		dd__book_problem_at(c, F0, 1, 1, "ramp", "missing required field \"ramp\" (the file is empty)");
		return;
	}
	if (!dd__book_map(c, F0, root, "", top_keys, v, k)) return;
	if (!dd__book_required(c, F0, root, v[0], "", "ramp")) return;
	yaml_node_t *list = v[0];
	if (dd__book_is_null(list)) return; /* "ramp:" with nothing under it: no entries */
	if (list->type != YAML_SEQUENCE_NODE) {
		char got[80];
		dd__book_describe(list, got, sizeof got);
		dd__book_problem(c, F0, list, "ramp", "expected a list of entries, got %s", got);
		return;
	}
	size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
	if (n == 0) return;
	r->steps = dd__book_calloc(c, n, sizeof *r->steps);
	if (!r->steps) return;
	for (size_t i = 0; i < n && !c->oom; i++) {
		dd_ramp_step *st = &r->steps[r->n++];
		st->file = r->path;
		step(c, dd__book_node(c, F0, list->data.sequence.items.start[i]), i, st);
	}
}

static int load_ramp(const char *name, const char *text, size_t len, dd_ramp **out, dd_book_problems *problems)
{
	dd__book_ctx c;
	memset(&c, 0, sizeof c);
	c.kind = "ramp";
	if (problems) *problems = (dd_book_problems){0};
	if (!out) return dd_error_set(DD_EUSAGE, "dd_ramp_load: out is NULL");
	*out = NULL;
	dd_ramp *r = calloc(1, sizeof *r);
	if (r) r->path = strdup(name);
	if (!r || !r->path || dd__book_add_file(&c, name, NULL) != F0) c.oom = true;
	char *owned = NULL, why[256];
	if (!c.oom && !text) {
		text = owned = dd__book_read_file(name, &len, why, sizeof why);
		if (!text) {
			c.io_root = true;
			dd__book_problem_at(&c, F0, 0, 0, NULL, "cannot read the ramp file: %s", why);
		}
	}
	if (!c.oom && text && dd__book_parse(&c, F0, text, len)) steps(&c, r);
	free(owned);
	int rc = 0;
	if (c.oom) rc = dd_error_set(DD_ENOMEM, "out of memory while loading the ramp file %s", name);
	else if (c.nprobs) rc = dd__book_fail(&c, problems);
	else { *out = r; r = NULL; }
	dd__book_ctx_release(&c);
	dd_ramp_free(r);
	return rc;
}

int dd_ramp_load(const char *path, dd_ramp **out, dd_book_problems *problems)
{
	dd_error_clear();
	if (!path) {
		if (out) *out = NULL;
		if (problems) *problems = (dd_book_problems){0};
		return dd_error_set(DD_EUSAGE, "dd_ramp_load: path is NULL");
	}
	return load_ramp(path, NULL, 0, out, problems);
}

int dd_ramp_load_buffer(const char *name, const char *text, size_t len, dd_ramp **out, dd_book_problems *problems)
{
	dd_error_clear();
	if (!text && len) {
		if (out) *out = NULL;
		if (problems) *problems = (dd_book_problems){0};
		return dd_error_set(DD_EUSAGE, "dd_ramp_load_buffer: text is NULL");
	}
	return load_ramp(name ? name : "<buffer>", text ? text : "", len, out, problems);
}

void dd_ramp_free(dd_ramp *r)
{
	if (!r) return;
	for (size_t i = 0; i < r->n; i++) free(r->steps[i].service);
	free(r->steps);
	free(r->path);
	free(r);
}
