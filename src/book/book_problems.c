/* book_problems.c: what every part of the book loader shares: allocation
 * that remembers running out of memory, the list of references to YAML
 * nodes, and the problems list with its file:line:column, handed over
 * sorted when loading fails. A leaf file, so book.c, ramp.c and the section
 * checkers they call (book_credits.c, book_terms.c, book_yaml.c) all call
 * down to it and none calls back up. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book_int.h"

/* ---- small allocation helpers that remember out-of-memory ---- */

void *dd__book_calloc(dd__book_ctx *c, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p) c->oom = true;
	return p;
}

char *dd__book_strndup(dd__book_ctx *c, const char *s, size_t n)
{
	char *p = strndup(s, n);
	if (!p) c->oom = true;
	return p;
}

bool dd__book_refs_push(dd__book_ctx *c, dd__book_refs *r, int file, yaml_node_t *node, yaml_node_t *key)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		dd__book_ref *v = realloc(r->v, cap * sizeof *v);
		if (!v) { c->oom = true; return false; }
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n++] = (dd__book_ref){file, node, key};
	return true;
}

/* ---- problems ---- */

const char *dd__book_file_name(const dd__book_ctx *c, int file) { return c->files[file].path; }

void dd__book_where(const dd__book_ctx *c, int here, int file, const yaml_node_t *node, char *buf, size_t size)
{
	int line = node ? (int)node->start_mark.line + 1 : 0, col = node ? (int)node->start_mark.column + 1 : 0;
	if (here == file) snprintf(buf, size, "%d:%d", line, col);
	else snprintf(buf, size, "%s:%d:%d", dd__book_file_name(c, file), line, col);
}

static void vproblem(dd__book_ctx *c, int file, int line, int column, const char *field, const char *fmt, va_list ap)
{
	if (c->oom) return;
	if (c->nprobs >= BK_MAX_PROBLEMS && !c->closing) { c->truncated = true; return; }
	if (c->nprobs == c->capprobs) {
		size_t cap = c->capprobs ? c->capprobs * 2 : 16;
		dd_book_problem *p = realloc(c->probs, cap * sizeof *p);
		if (p) c->probs = p;
		int *pf = p ? realloc(c->probfile, cap * sizeof *pf) : NULL;
		if (!p || !pf) { c->oom = true; return; }
		c->probfile = pf;
		c->capprobs = cap;
	}
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	dd_book_problem *p = &c->probs[c->nprobs];
	p->file = strdup(dd__book_file_name(c, file));
	p->line = line;
	p->column = column;
	p->field = field && *field ? strdup(field) : NULL;
	p->message = strdup(msg);
	if (!p->file || !p->message || (field && *field && !p->field)) {
		free(p->file); free(p->field); free(p->message);
		c->oom = true;
		return;
	}
	c->probfile[c->nprobs++] = file;
}

void dd__book_problem_at(dd__book_ctx *c, int file, int line, int column, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem(c, file, line, column, field, fmt, ap);
	va_end(ap);
}

void dd__book_problem(dd__book_ctx *c, int file, const yaml_node_t *node, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem(c, file, node ? (int)node->start_mark.line + 1 : 0, node ? (int)node->start_mark.column + 1 : 0,
		 field, fmt, ap);
	va_end(ap);
}

/* ---- handing the problems over ---- */

static int cmp_prob(const void *a, const void *b, void *arg)
{
	const dd__book_ctx *c = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const dd_book_problem *p = &c->probs[i], *q = &c->probs[j];
	if (c->probfile[i] != c->probfile[j]) return c->probfile[i] < c->probfile[j] ? -1 : 1;
	if (p->line != q->line) return p->line < q->line ? -1 : 1;
	if (p->column != q->column) return p->column < q->column ? -1 : 1;
	return i < j ? -1 : i > j; /* keep the order found */
}

static void hand_over_problems(dd__book_ctx *c, dd_book_problems *out)
{
	size_t *order = malloc((c->nprobs ? c->nprobs : 1) * sizeof *order);
	dd_book_problem *items = malloc((c->nprobs ? c->nprobs : 1) * sizeof *items);
	if (!order || !items) {
		free(order); free(items);
		out->items = c->probs; /* unsorted beats nothing */
		out->n = c->nprobs;
		c->probs = NULL;
		c->nprobs = 0;
		return;
	}
	for (size_t i = 0; i < c->nprobs; i++) order[i] = i;
	qsort_r(order, c->nprobs, sizeof *order, cmp_prob, c);
	for (size_t i = 0; i < c->nprobs; i++) items[i] = c->probs[order[i]];
	free(order);
	free(c->probs);
	c->probs = NULL;
	out->items = items;
	out->n = c->nprobs;
	c->nprobs = 0;
}

int dd__book_fail(dd__book_ctx *c, dd_book_problems *problems)
{
	c->closing = true;
	if (c->truncated)
		dd__book_problem_at(c, 0, 0, 0, NULL, "more than %d problems; only the first %d are listed",
			      BK_MAX_PROBLEMS, BK_MAX_PROBLEMS);
	int rc = c->io_root ? DD_EIO : c->syntax ? DD_EPARSE : DD_EINVALID;
	dd_book_problems local = {0};
	hand_over_problems(c, &local);
	const dd_book_problem *p = &local.items[0];
	dd_error_set(rc, "%s:%d:%d: %s%s%s (%zu problem%s)", p->file, p->line, p->column, p->field ? p->field : "",
		     p->field ? ": " : "", p->message, local.n, local.n == 1 ? "" : "s");
	if (problems) *problems = local;
	else dd_book_problems_dispose(&local);
	return rc;
}

void dd__book_ctx_release(dd__book_ctx *c)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		if (c->files[i].has_doc) yaml_document_delete(&c->files[i].doc);
		free(c->files[i].path);
		free(c->files[i].real);
	}
	free(c->files);
	dd_book_problems p = {c->probs, c->nprobs};
	dd_book_problems_dispose(&p);
	free(c->probfile);
	c->files = NULL;
	c->probs = NULL;
	c->probfile = NULL;
	c->nfiles = c->nprobs = 0;
}

void dd_book_problems_dispose(dd_book_problems *p)
{
	if (!p) return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->items[i].file);
		free(p->items[i].field);
		free(p->items[i].message);
	}
	free(p->items);
	p->items = NULL;
	p->n = 0;
}
