/* book.c: loading a book (SPEC 2.1): reading the YAML file and its
 * includes, collecting each file's top-level keys (single keys once across
 * all files, lists concatenated in include order), then handing the merged
 * view to the section checkers, and returning every problem found, sorted.
 * An offer (offer.c) collects its base book the same way and edits the
 * collected view before the checkers run; an edit (book_edit.c) is checked
 * by a load that reads one file's edited text instead of the file. Also the
 * book's lookups and its free. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book_int.h"

static const char *const top_keys[] = {"currency", "include", "organization", "agreement",
				       "support",  "credits", "incidents",    NULL};
enum { T_CURRENCY, T_INCLUDE, T_ORGANIZATION, T_AGREEMENT, T_SUPPORT, T_CREDITS, T_INCIDENTS };
static const char *const org_keys[] = {"payer", "credit_sharing", "accounts", NULL};
enum { O_PAYER, O_SHARING, O_ACCOUNTS };

/* ---- collecting keys across files ---- */

static void slot_set(dd__book_ctx *c, dd__book_ref *slot, int file, yaml_node_t *key, yaml_node_t *val, const char *field)
{
	if (slot->node) {
		char where[PATH_MAX + 32];
		dd__book_where(c, file, slot->file, slot->key, where, sizeof where);
		dd__book_problem(c, file, key, field, "\"%s\" is already defined at %s; define it in one file only", field,
			   where);
		return;
	}
	*slot = (dd__book_ref){file, val, key};
}

void dd__book_list_add(dd__book_ctx *c, dd__book_refs *r, int file, yaml_node_t *val, const char *field)
{
	if (dd__book_is_null(val)) return; /* "credits:" with nothing under it */
	if (val->type != YAML_SEQUENCE_NODE) {
		char got[80];
		dd__book_describe(val, got, sizeof got);
		dd__book_problem(c, file, val, field, "expected a list, got %s", got);
		return;
	}
	for (yaml_node_item_t *it = val->data.sequence.items.start; it < val->data.sequence.items.top; it++)
		dd__book_refs_push(c, r, file, dd__book_node(c, file, *it), NULL);
}

void dd__book_organization(dd__book_ctx *c, int file, yaml_node_t *key, yaml_node_t *val)
{
	yaml_node_t *ov[BK_MAX_FIELDS], *ok[BK_MAX_FIELDS];
	if (!c->organization.node) c->organization = (dd__book_ref){file, val, key};
	if (!dd__book_map(c, file, val, "organization", org_keys, ov, ok)) return;
	if (ov[O_PAYER]) slot_set(c, &c->payer, file, ok[O_PAYER], ov[O_PAYER], "organization.payer");
	if (ov[O_SHARING])
		slot_set(c, &c->credit_sharing, file, ok[O_SHARING], ov[O_SHARING], "organization.credit_sharing");
	if (ov[O_ACCOUNTS]) dd__book_list_add(c, &c->accounts, file, ov[O_ACCOUNTS], "organization.accounts");
}

static void load(dd__book_ctx *c, const char *path, const char *text, size_t len, int from, yaml_node_t *from_node,
		 int *stack, int depth);

static void include_one(dd__book_ctx *c, int file, yaml_node_t *n, const char *field, int *stack, int depth)
{
	char *name;
	if (!dd__book_text(c, file, n, field, &name)) return;
	char path[PATH_MAX];
	if (name[0] == '/') {
		snprintf(path, sizeof path, "%s", name);
	} else {
		char *dup = strdup(dd__book_file_name(c, file));
		if (!dup) { c->oom = true; free(name); return; }
		snprintf(path, sizeof path, "%s/%s", dirname(dup), name);
		free(dup);
	}
	free(name);
	load(c, path, NULL, 0, file, n, stack, depth + 1);
}

static void collect(dd__book_ctx *c, int file, int *stack, int depth)
{
	yaml_node_t *root = yaml_document_get_root_node(&c->files[file].doc);
	yaml_node_t *v[BK_MAX_FIELDS], *k[BK_MAX_FIELDS];
	if (!root) return; /* an empty file defines nothing */
	if (!dd__book_map(c, file, root, "", top_keys, v, k)) return;
	if (v[T_CURRENCY]) slot_set(c, &c->currency, file, k[T_CURRENCY], v[T_CURRENCY], "currency");
	if (v[T_AGREEMENT]) slot_set(c, &c->agreement, file, k[T_AGREEMENT], v[T_AGREEMENT], "agreement");
	if (v[T_SUPPORT]) slot_set(c, &c->support, file, k[T_SUPPORT], v[T_SUPPORT], "support");
	if (v[T_ORGANIZATION]) dd__book_organization(c, file, k[T_ORGANIZATION], v[T_ORGANIZATION]);
	if (v[T_CREDITS]) dd__book_list_add(c, &c->credits, file, v[T_CREDITS], "credits");
	if (v[T_INCIDENTS]) dd__book_list_add(c, &c->incidents, file, v[T_INCIDENTS], "incidents");
	/* Includes come after the file's own entries, in the order listed. */
	yaml_node_t *inc = v[T_INCLUDE];
	if (!inc || dd__book_is_null(inc)) return;
	if (inc->type == YAML_SEQUENCE_NODE) {
		size_t i = 0;
		for (yaml_node_item_t *it = inc->data.sequence.items.start; it < inc->data.sequence.items.top; it++, i++) {
			char field[64];
			dd__book_path_index(field, sizeof field, "include", i);
			include_one(c, file, dd__book_node(c, file, *it), field, stack, depth);
		}
	} else {
		include_one(c, file, inc, "include", stack, depth);
	}
}

/* "include cycle: a.yaml -> b.yaml -> a.yaml", from the file that starts it. */
static void cycle_problem(dd__book_ctx *c, int from, yaml_node_t *at, const int *stack, int first, int depth,
			  const char *path)
{
	/* A chain of long paths is cut at 2 KiB, with "..." to say so. */
	char chain[2048] = "";
	bool cut = false;
	for (int i = first; i < depth && !cut; i++) {
		size_t used = strlen(chain);
		cut = snprintf(chain + used, sizeof chain - used, "%s -> ", dd__book_file_name(c, stack[i])) >=
		      (int)(sizeof chain - used);
	}
	if (!cut) {
		size_t used = strlen(chain);
		cut = snprintf(chain + used, sizeof chain - used, "%s", path) >= (int)(sizeof chain - used);
	}
	dd__book_problem(c, from, at, "include", "include cycle: %s%s", chain, cut ? "..." : "");
}

static void load(dd__book_ctx *c, const char *path, const char *text, size_t len, int from, yaml_node_t *from_node,
		 int *stack, int depth)
{
	char real[PATH_MAX], why[256];
	bool have_real = realpath(path, real) != NULL;
	const char *field = from < 0 ? NULL : "include";
	if (from >= 0) {
		if (depth > BK_MAX_INCLUDE_DEPTH || c->nfiles >= BK_MAX_FILES) {
			dd__book_problem(c, from, from_node, field, "too many included files (at most %d, nested %d deep)",
				   BK_MAX_FILES, BK_MAX_INCLUDE_DEPTH);
			return;
		}
		if (!have_real) {
			dd__book_problem(c, from, from_node, field, "cannot read included file %s: %s", path, strerror(errno));
			return;
		}
		for (int i = 0; i < depth; i++)
			if (!strcmp(c->files[stack[i]].real, real)) {
				cycle_problem(c, from, from_node, stack, i, depth, path);
				return;
			}
		for (size_t i = 0; i < c->nfiles; i++)
			if (!strcmp(c->files[i].real, real)) {
				dd__book_problem(c, from, from_node, field,
					   "%s is already included; a file may be included only once", path);
				return;
			}
	}
	int file = dd__book_add_file(c, path, have_real ? real : NULL);
	if (file < 0) return;
	char *owned = NULL;
	if (!text && c->edit_real && have_real && !strcmp(real, c->edit_real)) {
		text = c->edit_text;
		len = c->edit_len;
	}
	if (!text) {
		text = owned = dd__book_read_file(path, &len, why, sizeof why);
		if (!text) {
			if (from < 0) {
				c->io_root = true;
				if (c->base_node)
					dd__book_problem(c, c->base_file, c->base_node, "offer.base",
							 "cannot read the base book %s: %s", path, why);
				else
					dd__book_problem_at(c, file, 0, 0, NULL, "cannot read the book: %s", why);
			} else {
				dd__book_problem(c, from, from_node, field, "cannot read included file %s: %s", path, why);
			}
			return;
		}
	}
	if (dd__book_parse(c, file, text, len)) {
		stack[depth] = file;
		collect(c, file, stack, depth);
	}
	free(owned);
}

/* ---- the result ---- */

void dd__book_load_root(dd__book_ctx *c, const char *path, const char *text, size_t len)
{
	int stack[BK_MAX_INCLUDE_DEPTH + 2];
	c->root = (int)c->nfiles;
	load(c, path, text, len, -1, NULL, stack, 0);
}

void dd__book_ctx_free(dd__book_ctx *c)
{
	dd__book_ctx_release(c);
	free(c->credits.v);
	free(c->accounts.v);
	free(c->incidents.v);
	dd_book_free(c->book);
	c->credits.v = c->accounts.v = c->incidents.v = NULL;
	c->book = NULL;
}

int dd__book_finish(dd__book_ctx *c, dd_book **out, dd_book_problems *problems)
{
	if (c->oom) return dd_error_set(DD_ENOMEM, "out of memory while loading a book");
	if (c->nprobs == 0) {
		*out = c->book;
		c->book = NULL;
		return 0;
	}
	return dd__book_fail(c, problems);
}

void dd__book_build(dd__book_ctx *c, const char *path)
{
	if (c->oom || c->io_root || c->syntax) return;
	dd_book *b = c->book;
	b->path = strdup(path);
	b->files = dd__book_calloc(c, c->nfiles, sizeof *b->files);
	if (!b->path || !b->files) c->oom = true;
	for (size_t i = 0; b->files && i < c->nfiles; i++) {
		b->files[i] = strdup(c->files[i].path);
		if (!b->files[i]) c->oom = true;
		b->nfiles++;
	}
	if (c->oom) return;
	dd__book_terms(c);
	dd__book_credits(c);
	dd__book_incidents(c);
}

static int load_book(const char *name, const char *text, size_t len, const dd__book_ctx *edit, dd_book **out,
		     dd_book_problems *problems)
{
	dd__book_ctx c;
	memset(&c, 0, sizeof c);
	if (edit) {
		c.edit_real = edit->edit_real;
		c.edit_text = edit->edit_text;
		c.edit_len = edit->edit_len;
	}
	if (out) *out = NULL;
	if (problems) *problems = (dd_book_problems){0};
	if (!out) return dd_error_set(DD_EUSAGE, "dd_book_load: out is NULL");
	c.book = calloc(1, sizeof *c.book);
	if (!c.book) return dd_error_set(DD_ENOMEM, "out of memory while loading a book");
	dd__book_load_root(&c, name, text, len);
	dd__book_build(&c, name);
	int rc = dd__book_finish(&c, out, problems);
	dd__book_ctx_free(&c);
	return rc;
}

int dd_book_load(const char *path, dd_book **out, dd_book_problems *problems)
{
	dd_error_clear();
	if (!path) return dd_error_set(DD_EUSAGE, "dd_book_load: path is NULL");
	return load_book(path, NULL, 0, NULL, out, problems);
}

int dd__book_load_edited(const char *path, const char *edit_real, const char *text, size_t len, dd_book **out,
			 dd_book_problems *problems)
{
	dd__book_ctx edit = {.edit_real = edit_real, .edit_text = text, .edit_len = len};
	return load_book(path, NULL, 0, &edit, out, problems);
}

int dd_book_load_buffer(const char *name, const char *text, size_t len, dd_book **out,
			dd_book_problems *problems)
{
	dd_error_clear();
	if (!text && len) return dd_error_set(DD_EUSAGE, "dd_book_load_buffer: text is NULL");
	return load_book(name ? name : "<buffer>", text ? text : "", len, NULL, out, problems);
}

void dd_book_free(dd_book *b)
{
	if (!b) return;
	for (size_t i = 0; i < b->naccounts; i++) free(b->accounts[i].name);
	free(b->accounts);
	free(b->agreement.id);
	free(b->agreement.commitment);
	free(b->agreement.discount_percent);
	for (size_t i = 0; i < b->ncredits; i++) dd__book_credit_free(&b->credits[i]);
	free(b->credits);
	for (size_t i = 0; i < b->nincidents; i++) dd__book_incident_free(&b->incidents[i]);
	free(b->incidents);
	for (size_t i = 0; i < b->nfiles; i++) free(b->files[i]);
	free(b->files);
	free(b->path);
	free(b);
}

const dd_account *dd_book_account(const dd_book *b, const char *id)
{
	if (!b || !id) return NULL;
	for (size_t i = 0; i < b->naccounts; i++)
		if (!strcmp(b->accounts[i].id, id)) return &b->accounts[i];
	return NULL;
}

const dd_credit *dd_book_credit(const dd_book *b, const char *id)
{
	if (!b || !id) return NULL;
	for (size_t i = 0; i < b->ncredits; i++)
		if (b->credits[i].id && !strcmp(b->credits[i].id, id)) return &b->credits[i];
	return NULL;
}

int dd_book_contract_year(const dd_book *b, dd_month m)
{
	if (!b || !b->agreement.present || m == DD_MONTH_NONE) return -1;
	int64_t d = (int64_t)m - dd_date_month(b->agreement.start);
	if (d < 0) return -1;
	int64_t y = d / 12;
	return y < b->agreement.years ? (int)y : -1;
}
