/* offer.c: loading a negotiation offer (docs/offers.md, issue #12): a YAML
 * file in the book's own format that modifies a base book. The offer is
 * file 0 of the loading context; its base book and the base's includes are
 * collected after it, exactly as a book collects itself (book.c); then the
 * offer edits what was collected (a top-level key it writes replaces the
 * base's; its credits are added, or replace the base credit of the same id;
 * remove_credits drops base credits) and the book's own section checkers
 * validate the merged view. Every node keeps its file, line and column, so
 * a problem points at the offer for what it wrote and at the base for what
 * it kept, and the merged book is held to every rule a book is. */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book_int.h"
#include "drawdown/offer.h"

/* The offer file is always the context's file 0; its base comes next. */
#define F_OFFER 0
#define NAME_MAX_BYTES 128

static const char *const top_keys[] = {"offer",	    "currency", "include",	  "organization", "agreement",
				       "support",   "credits",	"remove_credits", "incidents",	  NULL};
enum { T_OFFER, T_CURRENCY, T_INCLUDE, T_ORGANIZATION, T_AGREEMENT, T_SUPPORT, T_CREDITS, T_REMOVE, T_INCIDENTS };
static const char *const offer_keys[] = {"name", "base", NULL};
enum { O_NAME, O_BASE };

static const char *sv(const yaml_node_t *n) { return (const char *)n->data.scalar.value; }

static size_t seq_len(const yaml_node_t *n)
{
	return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

/* offer.name labels tables and JSON: one line of text. */
static char *offer_name(dd__book_ctx *c, yaml_node_t *n)
{
	char *name = NULL;
	if (!dd__book_text(c, F_OFFER, n, "offer.name", &name)) return NULL;
	size_t len = strlen(name); /* a NUL inside was refused by dd__book_text */
	bool ok = len >= 1 && len <= NAME_MAX_BYTES;
	for (const char *p = name; ok && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f) ok = false;
	if (ok) return name;
	char got[80];
	dd__book_describe(n, got, sizeof got);
	dd__book_problem(c, F_OFFER, n, "offer.name",
			 "an offer's name is 1 to %d bytes of text on one line (no control characters), got %s",
			 NAME_MAX_BYTES, got);
	free(name);
	return NULL;
}

/* `base:` relative to the offer's directory ("base.yaml" next to
 * "offer.yaml" stays "base.yaml"), an absolute path as written. */
static char *resolve(dd__book_ctx *c, const char *name)
{
	char *dup = strdup(dd__book_file_name(c, F_OFFER)), *out = NULL;
	if (!dup) { c->oom = true; return NULL; }
	const char *dir = dirname(dup);
	size_t need = strlen(dir) + strlen(name) + 2;
	if (name[0] == '/' || (!strcmp(dir, ".") && strncmp(dd__book_file_name(c, F_OFFER), "./", 2)))
		out = strdup(name);
	else if ((out = malloc(need)))
		snprintf(out, need, "%s/%s", dir, name);
	free(dup);
	if (!out) c->oom = true;
	return out;
}

/* The book to modify: offer.base, else default_base. NULL after reporting
 * why there is none. `at` is where a problem about it is reported. */
static char *base_path(dd__book_ctx *c, yaml_node_t *base, yaml_node_t *at, const char *default_base)
{
	char *name = NULL, *path = NULL;
	if (base) {
		if (!dd__book_text(c, F_OFFER, base, "offer.base", &name)) return NULL;
		bool ok = name[0] != '\0';
		for (const char *p = name; ok && *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f) ok = false;
		if (ok) {
			path = resolve(c, name);
		} else {
			char got[80];
			dd__book_describe(base, got, sizeof got);
			dd__book_problem(c, F_OFFER, base, "offer.base",
					 "expected the path of the base book (no control characters), got %s", got);
		}
		free(name);
		return path;
	}
	if (default_base) {
		if (!(path = strdup(default_base))) c->oom = true;
		return path;
	}
	if (at) dd__book_problem(c, F_OFFER, at, "offer.base",
				 "missing \"base\": the offer names no base book and none was given to modify "
				 "(write offer.base, or give the book, e.g. --book)");
	else dd__book_problem_at(c, F_OFFER, 1, 1, "offer.base",
				 "missing \"base\": the offer names no base book and none was given to modify "
				 "(write offer.base, or give the book, e.g. --book)");
	return NULL;
}

/* The id a collected credit entry writes, when it writes one as text (the
 * checkers report every other form); NULL otherwise. */
static const char *ref_id(dd__book_ctx *c, const dd__book_ref *r)
{
	const yaml_node_t *n = r->node;
	if (!n || n->type != YAML_MAPPING_NODE) return NULL;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = dd__book_node(c, r->file, p->key), *v = dd__book_node(c, r->file, p->value);
		if (k && k->type == YAML_SCALAR_NODE && !strcmp(sv(k), "id") && v && v->type == YAML_SCALAR_NODE &&
		    !dd__book_is_null(v))
			return sv(v);
	}
	return NULL;
}

/* Ids in text order, each with where it came from (a base credit, or an
 * entry of remove_credits), so that a long list costs n log n, not n^2. */
typedef struct {
	const char *id;
	size_t at;
} id_at;

typedef struct {
	id_at *v;
	size_t n;
} id_index;

static int cmp_id_at(const void *a, const void *b)
{
	const id_at *x = a, *y = b;
	int r = strcmp(x->id, y->id);
	return r ? r : (x->at > y->at) - (x->at < y->at);
}

/* The first entry of ix with this id, or NULL. */
static const id_at *find(const id_index *ix, const char *id)
{
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->v[mid].id, id) < 0) lo = mid + 1;
		else hi = mid;
	}
	return lo < ix->n && !strcmp(ix->v[lo].id, id) ? &ix->v[lo] : NULL;
}

/* Marks every base credit with this id to be dropped; false when none has it. */
static bool mark(const id_index *base, const char *id, bool *drop)
{
	const id_at *e = find(base, id);
	if (!e) return false;
	for (const id_at *end = base->v + base->n; e < end && !strcmp(e->id, id); e++) drop[e->at] = true;
	return true;
}

static void remove_credits(dd__book_ctx *c, yaml_node_t *list, const id_index *ids, bool *drop)
{
	const char *base = dd__book_file_name(c, c->root);
	if (!list || dd__book_is_null(list)) return;
	if (list->type != YAML_SEQUENCE_NODE) {
		char got[80];
		dd__book_describe(list, got, sizeof got);
		dd__book_problem(c, F_OFFER, list, "remove_credits",
				 "expected a list of credit ids of the base book, got %s (write [ID] for one)", got);
		return;
	}
	/* first[i]: the first entry with entry i's text (i itself when none before it) */
	size_t n = seq_len(list);
	size_t *first = dd__book_calloc(c, n, sizeof *first);
	id_index seen = {dd__book_calloc(c, n, sizeof *seen.v), 0};
	if (!first || !seen.v) goto out;
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *it = dd__book_node(c, F_OFFER, list->data.sequence.items.start[i]);
		first[i] = i;
		if (it && it->type == YAML_SCALAR_NODE && !dd__book_is_null(it)) seen.v[seen.n++] = (id_at){sv(it), i};
	}
	qsort(seen.v, seen.n, sizeof *seen.v, cmp_id_at);
	for (size_t k = 1; k < seen.n; k++)
		if (!strcmp(seen.v[k].id, seen.v[k - 1].id)) first[seen.v[k].at] = first[seen.v[k - 1].at];
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *it = dd__book_node(c, F_OFFER, list->data.sequence.items.start[i]);
		char field[64], what[80], *id = NULL;
		dd__book_path_index(field, sizeof field, "remove_credits", i);
		if (!dd__book_text(c, F_OFFER, it, field, &id)) continue;
		dd__book_describe(it, what, sizeof what); /* the id quoted, control bytes replaced */
		if (first[i] != i) {
			char where[64];
			yaml_node_t *prev = dd__book_node(c, F_OFFER, list->data.sequence.items.start[first[i]]);
			dd__book_where(c, F_OFFER, F_OFFER, prev, where, sizeof where);
			dd__book_problem(c, F_OFFER, it, field, "credit %s is already listed at %s", what, where);
		} else if (!mark(ids, id, drop)) {
			/* "TIERED#2": tranches are not removed one by one; say which credit holds it */
			char *hash = strchr(id, '#');
			if (hash) *hash = '\0';
			if (hash && find(ids, id))
				dd__book_problem(c, F_OFFER, it, field,
						 "the base book %s has no credit %s (a tranche goes with its credit: "
						 "remove \"%s\")", base, what, id);
			else
				dd__book_problem(c, F_OFFER, it, field, "the base book %s has no credit %s", base, what);
		}
		free(id);
	}
out:
	free(first);
	free(seen.v);
}

/* The merged list: the base's credits it keeps, in their order, then the
 * offer's, in its order (one replacing a base credit among them). */
static void credits(dd__book_ctx *c, yaml_node_t *list, yaml_node_t *remove)
{
	size_t nbase = c->credits.n, kept = 0;
	bool *drop = dd__book_calloc(c, nbase, sizeof *drop);
	id_index ids = {dd__book_calloc(c, nbase, sizeof *ids.v), 0};
	dd__book_refs add = {0};
	if (!drop || !ids.v) goto out;
	for (size_t b = 0; b < nbase; b++) {
		const char *id = ref_id(c, &c->credits.v[b]);
		if (id) ids.v[ids.n++] = (id_at){id, b};
	}
	qsort(ids.v, ids.n, sizeof *ids.v, cmp_id_at);
	remove_credits(c, remove, &ids, drop);
	if (list) dd__book_list_add(c, &add, F_OFFER, list, "credits");
	for (size_t a = 0; a < add.n; a++) {
		const char *id = ref_id(c, &add.v[a]);
		if (id) mark(&ids, id, drop);
	}
	for (size_t b = 0; b < nbase; b++)
		if (!drop[b]) c->credits.v[kept++] = c->credits.v[b];
	c->credits.n = kept;
	for (size_t a = 0; a < add.n && !c->oom; a++)
		dd__book_refs_push(c, &c->credits, add.v[a].file, add.v[a].node, add.v[a].key);
out:
	free(add.v);
	free(ids.v);
	free(drop);
}

/* A top-level key the offer writes replaces the base's (wherever in the
 * base and its includes that was defined). */
static void merge(dd__book_ctx *c, yaml_node_t **v, yaml_node_t **k)
{
	if (k[T_CURRENCY]) c->currency = (dd__book_ref){F_OFFER, v[T_CURRENCY], k[T_CURRENCY]};
	if (k[T_AGREEMENT]) c->agreement = (dd__book_ref){F_OFFER, v[T_AGREEMENT], k[T_AGREEMENT]};
	if (k[T_SUPPORT]) c->support = (dd__book_ref){F_OFFER, v[T_SUPPORT], k[T_SUPPORT]};
	if (k[T_ORGANIZATION]) {
		c->organization = c->payer = c->credit_sharing = (dd__book_ref){0};
		c->accounts.n = 0;
		dd__book_organization(c, F_OFFER, k[T_ORGANIZATION], v[T_ORGANIZATION]);
	}
	if (k[T_INCIDENTS]) {
		c->incidents.n = 0;
		dd__book_list_add(c, &c->incidents, F_OFFER, v[T_INCIDENTS], "incidents");
	}
	credits(c, v[T_CREDITS], v[T_REMOVE]);
}

/* Reads the offer's own keys, loads its base and merges; true when the
 * merged view is ready for the checkers. */
static bool offer(dd__book_ctx *c, dd_offer *o, const char *default_base)
{
	yaml_node_t *root = yaml_document_get_root_node(&c->files[F_OFFER].doc);
	yaml_node_t *v[BK_MAX_FIELDS], *k[BK_MAX_FIELDS], *ov[BK_MAX_FIELDS], *ok[BK_MAX_FIELDS];
	if (!root) {
		dd__book_problem_at(c, F_OFFER, 1, 1, "offer", "missing required field \"offer\" (the file is empty)");
		return false;
	}
	if (!dd__book_map(c, F_OFFER, root, "", top_keys, v, k)) return false;
	yaml_node_t *at = root, *base = NULL;
	if (dd__book_required(c, F_OFFER, root, v[T_OFFER], "", "offer") &&
	    dd__book_map(c, F_OFFER, v[T_OFFER], "offer", offer_keys, ov, ok)) {
		at = v[T_OFFER];
		if (dd__book_required(c, F_OFFER, at, ov[O_NAME], "offer", "name")) o->name = offer_name(c, ov[O_NAME]);
		base = ov[O_BASE];
	}
	if (k[T_INCLUDE])
		dd__book_problem(c, F_OFFER, k[T_INCLUDE], "include",
				 "an offer cannot include files (write what it changes in the offer; its base book "
				 "may include files)");
	o->base_path = base_path(c, base, at, default_base);
	if (!o->base_path) return false;
	char real[PATH_MAX];
	if (realpath(o->base_path, real) && !strcmp(real, c->files[F_OFFER].real)) {
		dd__book_problem(c, F_OFFER, base ? base : at, "offer.base",
				 "the base book %s is the offer file itself (an offer modifies a book)", o->base_path);
		return false;
	}
	c->kind = NULL; /* the base is a book */
	c->base_file = F_OFFER;
	c->base_node = base;
	dd__book_load_root(c, o->base_path, NULL, 0);
	if (c->oom || c->io_root || c->syntax) return false;
	merge(c, v, k);
	return true;
}

static int load_offer(const char *name, const char *text, size_t len, const char *default_base, dd_offer **out,
		      dd_book_problems *problems)
{
	dd__book_ctx c;
	char real[PATH_MAX], why[256], *owned = NULL;
	memset(&c, 0, sizeof c);
	c.kind = "offer";
	if (problems) *problems = (dd_book_problems){0};
	if (!out) return dd_error_set(DD_EUSAGE, "dd_offer_load: out is NULL");
	*out = NULL;
	dd_offer *o = calloc(1, sizeof *o);
	c.book = calloc(1, sizeof *c.book);
	bool have_real = realpath(name, real) != NULL;
	if (!o || !c.book || !(o->path = strdup(name)) || dd__book_add_file(&c, name, have_real ? real : NULL) != F_OFFER)
		c.oom = true;
	if (!c.oom && !text) {
		text = owned = dd__book_read_file(name, &len, why, sizeof why);
		if (!text) {
			c.io_root = true;
			dd__book_problem_at(&c, F_OFFER, 0, 0, NULL, "cannot read the offer: %s", why);
		}
	}
	bool merged = !c.oom && text && dd__book_parse(&c, F_OFFER, text, len) && !c.syntax && offer(&c, o, default_base);
	free(owned);
	if (merged) dd__book_build(&c, name);
	if (!c.oom && !merged && c.nprobs == 0) /* every path that stops early reports why; never hand out nothing */
		dd__book_problem_at(&c, F_OFFER, 0, 0, NULL, "the offer could not be loaded");
	dd_book *book = NULL;
	int rc = dd__book_finish(&c, &book, problems);
	if (rc == 0) {
		o->book = book;
		*out = o;
		o = NULL;
	}
	dd__book_ctx_free(&c);
	dd_offer_free(o);
	return rc;
}

int dd_offer_load(const char *path, const char *default_base, dd_offer **out, dd_book_problems *problems)
{
	dd_error_clear();
	if (!path) {
		if (out) *out = NULL;
		if (problems) *problems = (dd_book_problems){0};
		return dd_error_set(DD_EUSAGE, "dd_offer_load: path is NULL");
	}
	return load_offer(path, NULL, 0, default_base, out, problems);
}

int dd_offer_load_buffer(const char *name, const char *text, size_t len, const char *default_base, dd_offer **out,
			 dd_book_problems *problems)
{
	dd_error_clear();
	if (!text && len) {
		if (out) *out = NULL;
		if (problems) *problems = (dd_book_problems){0};
		return dd_error_set(DD_EUSAGE, "dd_offer_load_buffer: text is NULL");
	}
	return load_offer(name ? name : "<buffer>", text ? text : "", len, default_base, out, problems);
}

void dd_offer_free(dd_offer *o)
{
	if (!o) return;
	free(o->name);
	free(o->path);
	free(o->base_path);
	dd_book_free(o->book);
	free(o);
}
