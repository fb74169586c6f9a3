/* parquet_util.c: what the Parquet reader's files share: the arena that
 * holds decoded values, the error message naming file, column, row group
 * and page, and growing a buffer. A leaf file, so parquet.c and the files
 * it calls (parquet_meta.c, parquet_decode.c, parquet_text.c) all call
 * down to it and none calls back up. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "drawdown/common.h"
#include "parquet_int.h"

#define ARENA_BLOCK (1u << 20)

/* ---- arena ----------------------------------------------------------------- */

struct dd__pq_block {
	dd__pq_block *next;
	size_t cap, used;
	uint8_t data[];
};

void *dd__pq_arena_alloc(dd__pq_arena *a, size_t n)
{
	while (a->cur && a->cur->cap - a->cur->used < n) {
		if (!a->cur->next || a->cur->next->cap < n) break;
		a->cur = a->cur->next;
		a->cur->used = 0;
	}
	if (!a->cur || a->cur->cap - a->cur->used < n) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		dd__pq_block *b = malloc(sizeof *b + cap);
		if (!b) return NULL;
		b->cap = cap;
		b->used = 0;
		if (a->cur) { b->next = a->cur->next; a->cur->next = b; }
		else { b->next = a->head; a->head = b; }
		a->cur = b;
	}
	void *p = a->cur->data + a->cur->used;
	a->cur->used += n;
	return p;
}

void dd__pq_arena_reset(dd__pq_arena *a)
{
	a->cur = a->head;
	if (a->cur) a->cur->used = 0;
}

void dd__pq_arena_free(dd__pq_arena *a)
{
	for (dd__pq_block *b = a->head, *n; b; b = n) {
		n = b->next;
		free(b);
	}
	a->head = a->cur = NULL;
}

/* ---- errors and buffers ------------------------------------------------------ */

int dd__pq_perr(const dd__pq_pctx *c, int code, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return dd_error_set(code, "%s: column %s, row group %zu, page at byte %lld: %s", c->f->name, c->leaf->name,
			    c->rg, (long long)c->at, msg);
}

int dd__pq_reserve(const dd__pq_pctx *c, void **buf, size_t *cap, size_t n, size_t sz)
{
	if (n <= *cap) return 0;
	size_t want = n > *cap * 2 ? n : *cap * 2;
	if (want > SIZE_MAX / sz) return dd__pq_perr(c, DD_ENOMEM, "out of memory");
	void *p = realloc(*buf, want * sz);
	if (!p) return dd__pq_perr(c, DD_ENOMEM, "out of memory for %zu values", n);
	*buf = p;
	*cap = want;
	return 0;
}
