/* parquet_meta.c: the Parquet footer (FileMetaData in Thrift compact form):
 * schema -> leaf columns with their definition/repetition levels and text
 * rendering, row groups -> byte ranges of column chunks, all checked against
 * the file size so the page reader can trust them. */
#include <stdlib.h>
#include <string.h>

#include "drawdown/common.h"
#include "parquet_int.h"
#include "pq_thrift.h"

#define MAX_SCHEMA_DEPTH 64
#define MAX_NAME 4096

typedef struct {
	int type, rep, conv;
	int32_t type_length, num_children, scale;
	const uint8_t *name;
	size_t name_len;
	/* logical type: the union's field id (0 = none) and its parameters */
	int logical;
	int32_t lscale;
	int lunit;
	bool lutc, lsigned;
} dd__pq_elem;

typedef struct {
	dd__pq_file *f;
	dd__thrift_reader r;
	dd__pq_elem *elems;
	size_t nelems;
	int64_t data_end; /* first byte of the footer */
} meta_ctx;

static int fail(dd__pq_file *f, int code, const char *what, const dd__thrift_reader *r)
{
	if (r && r->err)
		return dd_error_set(code, "%s: Parquet footer: %s (at byte %zu of the metadata) while reading %s",
				    f->name, r->err, (size_t)(r->p - r->start), what);
	return dd_error_set(code, "%s: Parquet footer: %s", f->name, what);
}

/* TimeUnit union {1: MILLIS, 2: MICROS, 3: NANOS}. */
static int parse_unit(dd__thrift_reader *r)
{
	dd__thrift_struct s = {0};
	int16_t id;
	int t, unit = 0;
	if (!dd__thrift_enter(r)) return 0;
	while (dd__thrift_field(r, &s, &id, &t)) {
		if (t == TC_STRUCT && id >= 1 && id <= 3) unit = id == 1 ? 1000 : id == 2 ? 1000000 : 1000000000;
		dd__thrift_skip(r, t);
	}
	dd__thrift_leave(r);
	return unit;
}

/* LogicalType union: keep the kind and the few parameters we show. */
static void parse_logical(dd__thrift_reader *r, dd__pq_elem *e)
{
	dd__thrift_struct s = {0};
	int16_t id;
	int t;
	if (!dd__thrift_enter(r)) return;
	while (dd__thrift_field(r, &s, &id, &t)) {
		if (t != TC_STRUCT) { dd__thrift_skip(r, t); continue; }
		e->logical = id;
		if (!dd__thrift_enter(r)) break;
		dd__thrift_struct in = {0};
		int16_t k;
		int kt;
		while (dd__thrift_field(r, &in, &k, &kt)) {
			if (id == 5 && k == 1 && kt == TC_I32) e->lscale = dd__thrift_i32(r);
			else if ((id == 7 || id == 8) && k == 1) e->lutc = kt == TC_TRUE;
			else if ((id == 7 || id == 8) && k == 2 && kt == TC_STRUCT) e->lunit = parse_unit(r);
			else if (id == 10 && k == 2) e->lsigned = kt == TC_TRUE;
			else dd__thrift_skip(r, kt);
		}
		dd__thrift_leave(r);
	}
	dd__thrift_leave(r);
}

static void parse_elem(dd__thrift_reader *r, dd__pq_elem *e)
{
	dd__thrift_struct s = {0};
	int16_t id;
	int t;
	memset(e, 0, sizeof *e);
	e->type = e->conv = e->num_children = -1;
	e->lsigned = true;
	if (!dd__thrift_enter(r)) return;
	while (dd__thrift_field(r, &s, &id, &t)) {
		if (id == 1 && t == TC_I32) e->type = dd__thrift_i32(r);
		else if (id == 2 && t == TC_I32) e->type_length = dd__thrift_i32(r);
		else if (id == 3 && t == TC_I32) e->rep = dd__thrift_i32(r);
		else if (id == 4 && t == TC_BINARY) e->name = dd__thrift_binary(r, &e->name_len);
		else if (id == 5 && t == TC_I32) e->num_children = dd__thrift_i32(r);
		else if (id == 6 && t == TC_I32) e->conv = dd__thrift_i32(r);
		else if (id == 7 && t == TC_I32) e->scale = dd__thrift_i32(r);
		else if (id == 10 && t == TC_STRUCT) parse_logical(r, e);
		else dd__thrift_skip(r, t);
	}
	dd__thrift_leave(r);
}

static int parse_schema(meta_ctx *m)
{
	int et;
	size_t n;
	if (!dd__thrift_list(&m->r, &et, &n) || et != TC_STRUCT) return fail(m->f, DD_EPARSE, "schema list", &m->r);
	if (n == 0) return fail(m->f, DD_EPARSE, "the schema is empty", NULL);
	free(m->elems);
	m->elems = calloc(n, sizeof *m->elems);
	if (!m->elems) return dd_error_set(DD_ENOMEM, "%s: out of memory for the schema", m->f->name);
	m->nelems = n;
	for (size_t i = 0; i < n && !m->r.err; i++) parse_elem(&m->r, &m->elems[i]);
	return m->r.err ? fail(m->f, DD_EPARSE, "schema", &m->r) : 0;
}

/* ColumnMetaData: type, codec, num_values, sizes and page offsets. */
static void parse_colmeta(dd__thrift_reader *r, dd__pq_chunk *c)
{
	dd__thrift_struct s = {0};
	int16_t id;
	int t;
	int64_t data_off = -1, dict_off = -1;
	if (!dd__thrift_enter(r)) return;
	while (dd__thrift_field(r, &s, &id, &t)) {
		if (id == 1 && t == TC_I32) c->type = dd__thrift_i32(r);
		else if (id == 4 && t == TC_I32) c->codec = dd__thrift_i32(r);
		else if (id == 5 && t == TC_I64) c->num_values = dd__thrift_i64(r);
		else if (id == 7 && t == TC_I64) c->size = dd__thrift_i64(r);
		else if (id == 9 && t == TC_I64) data_off = dd__thrift_i64(r);
		else if (id == 11 && t == TC_I64) dict_off = dd__thrift_i64(r);
		else dd__thrift_skip(r, t);
	}
	dd__thrift_leave(r);
	/* Some writers store dictionary_page_offset = 0 for "none". */
	c->start = dict_off > 0 && dict_off < data_off ? dict_off : data_off;
}

static int parse_chunk(dd__thrift_reader *r, dd__pq_chunk *c, bool *external)
{
	dd__thrift_struct s = {0};
	int16_t id;
	int t;
	bool have = false;
	c->start = c->size = -1;
	c->type = -1;
	if (!dd__thrift_enter(r)) return 0;
	while (dd__thrift_field(r, &s, &id, &t)) {
		if (id == 1 && t == TC_BINARY) { size_t l; (void)dd__thrift_binary(r, &l); *external = true; }
		else if (id == 3 && t == TC_STRUCT) { parse_colmeta(r, c); have = true; }
		else dd__thrift_skip(r, t);
	}
	dd__thrift_leave(r);
	return have;
}

static int parse_group(meta_ctx *m, dd__pq_group *g, size_t *nchunks)
{
	dd__thrift_reader *r = &m->r;
	dd__thrift_struct s = {0};
	int16_t id;
	int t;
	g->num_rows = -1;
	if (!dd__thrift_enter(r)) return fail(m->f, DD_EPARSE, "row group", r);
	while (dd__thrift_field(r, &s, &id, &t)) {
		if (id == 3 && t == TC_I64) { g->num_rows = dd__thrift_i64(r); continue; }
		if (id != 1 || t != TC_LIST || g->chunks) { dd__thrift_skip(r, t); continue; }
		int et;
		size_t n;
		if (!dd__thrift_list(r, &et, &n) || et != TC_STRUCT) break;
		g->chunks = calloc(n ? n : 1, sizeof *g->chunks);
		if (!g->chunks) return dd_error_set(DD_ENOMEM, "%s: out of memory for row groups", m->f->name);
		*nchunks = n;
		for (size_t i = 0; i < n && !r->err; i++) {
			bool external = false;
			if (!parse_chunk(r, &g->chunks[i], &external) && !r->err)
				return fail(m->f, DD_EPARSE, "a column chunk has no metadata", NULL);
			if (external)
				return fail(m->f, DD_EFORMAT, "column chunks in other files (file_path) are not supported", NULL);
		}
	}
	dd__thrift_leave(r);
	return r->err ? fail(m->f, DD_EPARSE, "row group", r) : 0;
}

static int parse_groups(meta_ctx *m, size_t **nchunks)
{
	int et;
	size_t n;
	if (!dd__thrift_list(&m->r, &et, &n) || et != TC_STRUCT) return fail(m->f, DD_EPARSE, "row group list", &m->r);
	if (m->f->groups) return fail(m->f, DD_EPARSE, "two row group lists", NULL);
	m->f->groups = calloc(n ? n : 1, sizeof *m->f->groups);
	*nchunks = calloc(n ? n : 1, sizeof **nchunks);
	if (!m->f->groups || !*nchunks) return dd_error_set(DD_ENOMEM, "%s: out of memory for row groups", m->f->name);
	m->f->ngroups = n;
	for (size_t i = 0; i < n; i++) {
		int rc = parse_group(m, &m->f->groups[i], &(*nchunks)[i]);
		if (rc) return rc;
	}
	return 0;
}

/* ---- schema tree -> leaves ------------------------------------------- */

/* How a leaf's values are shown, from its logical type (preferred) or its
 * legacy converted type. Unknown combinations fall back to plain. */
static void leaf_show(dd__pq_leaf *l, const dd__pq_elem *e)
{
	int t = l->type;
	l->utc = true;
	if (t == PQ_INT96) { l->show = PQ_SHOW_TIMESTAMP; l->unit = 1000000000; return; }
	if (e->logical) {
		switch (e->logical) {
		case 5: l->show = PQ_SHOW_DECIMAL; l->scale = e->lscale; break;
		case 6: if (t == PQ_INT32) l->show = PQ_SHOW_DATE; break;
		case 7: case 8:
			if ((t == PQ_INT64 || (e->logical == 7 && t == PQ_INT32)) && e->lunit) {
				l->show = e->logical == 8 ? PQ_SHOW_TIMESTAMP : PQ_SHOW_TIME;
				l->unit = e->lunit;
				l->utc = e->lutc;
			}
			break;
		case 10: if (!e->lsigned) l->show = PQ_SHOW_UNSIGNED; break;
		case 14: if (t == PQ_FLBA && l->type_length == 16) l->show = PQ_SHOW_UUID; break;
		case 15: if (t == PQ_FLBA && l->type_length == 2) l->show = PQ_SHOW_FLOAT16; break;
		default: break;
		}
	} else {
		switch (e->conv) {
		case 5: l->show = PQ_SHOW_DECIMAL; l->scale = e->scale; break;
		case 6: if (t == PQ_INT32) l->show = PQ_SHOW_DATE; break;
		case 7: if (t == PQ_INT32) { l->show = PQ_SHOW_TIME; l->unit = 1000; } break;
		case 8: if (t == PQ_INT64) { l->show = PQ_SHOW_TIME; l->unit = 1000000; } break;
		case 9: case 10:
			if (t == PQ_INT64) { l->show = PQ_SHOW_TIMESTAMP; l->unit = e->conv == 9 ? 1000 : 1000000; }
			break;
		case 11: case 12: case 13: case 14: l->show = PQ_SHOW_UNSIGNED; break;
		default: break;
		}
	}
	if (l->show == PQ_SHOW_UNSIGNED && t != PQ_INT32 && t != PQ_INT64) l->show = PQ_SHOW_PLAIN;
	if (l->show == PQ_SHOW_DECIMAL) {
		bool fits = t == PQ_INT32 || t == PQ_INT64 || t == PQ_BYTE_ARRAY ||
			    (t == PQ_FLBA && l->type_length <= 16);
		if (!fits) { l->supported = false; l->why = "DECIMAL wider than 16 bytes"; }
		if (l->scale < 0 || l->scale > 38) { l->supported = false; l->why = "DECIMAL scale outside 0..38"; }
	}
}

typedef struct {
	meta_ctx *m;
	size_t next; /* next schema element */
	char path[MAX_NAME];
	dd__pq_leaf *leaves;
	size_t nleaves, cap;
} walk_ctx;

static int add_leaf(walk_ctx *w, const dd__pq_elem *e, size_t plen, int def, int rep)
{
	if (w->nleaves == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		dd__pq_leaf *nl = realloc(w->leaves, cap * sizeof *nl);
		if (!nl) return dd_error_set(DD_ENOMEM, "%s: out of memory for the schema", w->m->f->name);
		w->leaves = nl;
		w->cap = cap;
	}
	dd__pq_leaf *l = &w->leaves[w->nleaves];
	memset(l, 0, sizeof *l);
	l->name = strndup(w->path, plen);
	if (!l->name) return dd_error_set(DD_ENOMEM, "%s: out of memory for the schema", w->m->f->name);
	w->nleaves++;
	l->type = e->type;
	l->type_length = e->type_length;
	l->max_def = (int16_t)def;
	l->max_rep = (int16_t)rep;
	l->supported = true;
	if (e->type < PQ_BOOLEAN || e->type > PQ_FLBA) { l->supported = false; l->why = "unknown physical type"; return 0; }
	if (e->type == PQ_FLBA && (e->type_length <= 0 || e->type_length > (1 << 20))) {
		l->supported = false;
		l->why = "FIXED_LEN_BYTE_ARRAY without a sane length";
		return 0;
	}
	leaf_show(l, e);
	if (rep > 0) { l->supported = false; l->why = "repeated (list or map) columns are not supported"; }
	return 0;
}

/* Element w->next and its subtree; plen = length of the parent's path. */
static int walk(walk_ctx *w, size_t plen, int def, int rep, int depth)
{
	meta_ctx *m = w->m;
	if (depth > MAX_SCHEMA_DEPTH) return fail(m->f, DD_EFORMAT, "schema nested deeper than 64 levels", NULL);
	if (w->next >= m->nelems) return fail(m->f, DD_EPARSE, "schema ends inside a group", NULL);
	const dd__pq_elem *e = &m->elems[w->next++];
	size_t len = plen;
	if (depth > 0) {
		if (plen + 1 + e->name_len >= MAX_NAME) return fail(m->f, DD_EFORMAT, "column name too long", NULL);
		if (plen) w->path[len++] = '.';
		if (e->name_len) memcpy(w->path + len, e->name, e->name_len);
		len += e->name_len;
		if (e->rep == PQ_OPTIONAL) def++;
		else if (e->rep == PQ_REPEATED) { def++; rep++; }
		else if (e->rep != PQ_REQUIRED) return fail(m->f, DD_EPARSE, "bad repetition type", NULL);
	}
	if (e->num_children <= 0 && depth > 0) return add_leaf(w, e, len, def, rep);
	for (int32_t i = 0; i < e->num_children; i++) {
		int rc = walk(w, len, def, rep, depth + 1);
		if (rc) return rc;
	}
	return 0;
}

static int build_leaves(meta_ctx *m)
{
	walk_ctx w = {.m = m};
	int rc = walk(&w, 0, 0, 0, 0);
	if (!rc && w.next != m->nelems) rc = fail(m->f, DD_EPARSE, "schema has elements outside the root", NULL);
	m->f->leaves = w.leaves;
	m->f->nleaves = w.nleaves;
	return rc;
}

/* Every chunk must lie in the data area and match its leaf's type. */
static int check_groups(meta_ctx *m, const size_t *nchunks)
{
	dd__pq_file *f = m->f;
	for (size_t g = 0; g < f->ngroups; g++) {
		dd__pq_group *grp = &f->groups[g];
		if (nchunks[g] != f->nleaves)
			return dd_error_set(DD_EPARSE, "%s: Parquet footer: row group %zu has %zu column chunks for %zu columns",
					    f->name, g, nchunks[g], f->nleaves);
		if (grp->num_rows < 0 || grp->num_rows > INT32_MAX)
			return dd_error_set(DD_EPARSE, "%s: Parquet footer: row group %zu has a bad row count", f->name, g);
		for (size_t c = 0; c < f->nleaves; c++) {
			dd__pq_chunk *k = &grp->chunks[c];
			if (k->start < 4 || k->size < 0 || k->size > m->data_end - k->start)
				return dd_error_set(DD_EPARSE, "%s: Parquet footer: column %s of row group %zu lies outside the file",
						    f->name, f->leaves[c].name, g);
			if (k->type != f->leaves[c].type)
				return dd_error_set(DD_EPARSE, "%s: Parquet footer: column %s of row group %zu has type %d, schema says %d",
						    f->name, f->leaves[c].name, g, k->type, f->leaves[c].type);
		}
	}
	return 0;
}

static int parse_file_meta(meta_ctx *m, size_t **nchunks)
{
	dd__thrift_struct s = {0};
	int16_t id;
	int t, rc;
	bool have_rows = false;
	if (!dd__thrift_enter(&m->r)) return fail(m->f, DD_EPARSE, "file metadata", &m->r);
	while (dd__thrift_field(&m->r, &s, &id, &t)) {
		if (id == 2 && t == TC_LIST) { if ((rc = parse_schema(m))) return rc; }
		else if (id == 3 && t == TC_I64) { m->f->num_rows = dd__thrift_i64(&m->r); have_rows = true; }
		else if (id == 4 && t == TC_LIST) { if ((rc = parse_groups(m, nchunks))) return rc; }
		else dd__thrift_skip(&m->r, t);
	}
	if (m->r.err) return fail(m->f, DD_EPARSE, "file metadata", &m->r);
	if (!m->elems) return fail(m->f, DD_EPARSE, "no schema", NULL);
	if (!have_rows || m->f->num_rows < 0) return fail(m->f, DD_EPARSE, "no row count", NULL);
	return 0;
}

int dd__pq_parse_footer(dd__pq_file *f)
{
	if (f->len < 12 || memcmp(f->data, "PAR1", 4) != 0)
		return dd_error_set(DD_EFORMAT, "%s: not a Parquet file (no PAR1 magic at the start)", f->name);
	if (memcmp(f->data + f->len - 4, "PAR1", 4) != 0) {
		if (memcmp(f->data + f->len - 4, "PARE", 4) == 0)
			return dd_error_set(DD_EFORMAT, "%s: encrypted Parquet files are not supported", f->name);
		return dd_error_set(DD_EFORMAT, "%s: Parquet file truncated (no PAR1 magic at the end)", f->name);
	}
	const uint8_t *lp = f->data + f->len - 8;
	uint32_t flen = (uint32_t)lp[0] | (uint32_t)lp[1] << 8 | (uint32_t)lp[2] << 16 | (uint32_t)lp[3] << 24;
	if (flen == 0 || flen > f->len - 12)
		return dd_error_set(DD_EPARSE, "%s: Parquet footer length %u does not fit a %zu-byte file", f->name, flen, f->len);
	meta_ctx m = {.f = f, .data_end = (int64_t)(f->len - 8 - flen)};
	size_t *nchunks = NULL;
	dd__thrift_init(&m.r, f->data + m.data_end, flen);
	int rc = parse_file_meta(&m, &nchunks);
	if (!rc) rc = build_leaves(&m);
	if (!rc) rc = check_groups(&m, nchunks);
	free(nchunks);
	free(m.elems);
	return rc;
}

void dd__pq_free_meta(dd__pq_file *f)
{
	for (size_t i = 0; i < f->nleaves; i++) free(f->leaves[i].name);
	free(f->leaves);
	if (f->groups)
		for (size_t g = 0; g < f->ngroups; g++) free(f->groups[g].chunks);
	free(f->groups);
	f->leaves = NULL;
	f->groups = NULL;
	f->nleaves = f->ngroups = 0;
}
