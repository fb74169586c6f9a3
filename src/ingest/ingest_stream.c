/* ingest_stream.c: the pipeline under compressed CSV (gzip files, zip
 * members) and under anything read from a pipe. The decompressor (or the
 * pipe reader) runs on its own thread and fills a ring of blocks while the
 * calling thread parses them, so inflating and parsing use two cores;
 * memory stays a few blocks whatever the size. A record cut by a block's
 * end is carried in front of the next block. */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "ingest_int.h"
#include "textenc.h"

#define NBUF 3
#define HEADROOM ((size_t)1 << 20) /* room to put the previous block's partial record in front */

typedef struct {
	char *mem;   /* HEADROOM + DD_INGEST_BLOCK */
	size_t len;
	bool full, eof;
	int err;
} slot;

typedef struct {
	const dd_stream_src *src;
	slot s[NBUF];
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	_Atomic uint64_t in_done;
	uint64_t err_line; /* without src->line_of: the line of the failing record, 0 if unknown */
} ring;

static void *reader(void *arg)
{
	ring *r = arg;
	const dd_stream_src *src = r->src;
	for (int i = 0;; i = (i + 1) % NBUF) {
		pthread_mutex_lock(&r->mu);
		while (r->s[i].full && !r->stop) pthread_cond_wait(&r->cv, &r->mu);
		bool stop = r->stop;
		pthread_mutex_unlock(&r->mu);
		if (stop) return NULL;
		size_t n = 0;
		bool eof = false;
		int rc = src->read(src->ctx, (uint8_t *)r->s[i].mem + HEADROOM, DD_INGEST_BLOCK, &n, &eof);
		atomic_store_explicit(&r->in_done, src->consumed(src->ctx), memory_order_relaxed);
		pthread_mutex_lock(&r->mu);
		r->s[i].len = n;
		r->s[i].err = rc;
		r->s[i].eof = rc || eof;
		r->s[i].full = true;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		if (rc || eof) return NULL;
	}
}

/* Parse the ring's blocks on this thread; carry the partial last record.
 * A CSV error is left pending in cs (its line is found after the reader
 * has stopped). */
static int consume(dd_ingest_ctx *c, ring *r, dd__csv_stream *cs)
{
	char *carry = NULL;
	size_t carry_len = 0, carry_cap = 0;
	uint64_t off = 0; /* stream offset of the carry's first byte */
	uint64_t line = 1; /* its line, counted only when the source cannot be read again */
	bool count = !r->src->line_of;
	int rc = 0;
	for (int i = 0;; i = (i + 1) % NBUF) {
		slot *s = &r->s[i];
		pthread_mutex_lock(&r->mu);
		while (!s->full) pthread_cond_wait(&r->cv, &r->mu);
		pthread_mutex_unlock(&r->mu);
		if (s->err) {
			rc = dd_error_set(s->err, "%s: %s", c->name, r->src->msg);
			break;
		}
		char *p = s->mem + HEADROOM;
		size_t n = s->len;
		char *big = NULL;
		if (carry_len <= HEADROOM) {
			p -= carry_len;
			if (carry_len) memcpy(p, carry, carry_len);
		} else {
			if (!(big = malloc(carry_len + n))) { rc = dd_error_set(DD_ENOMEM, "out of memory"); break; }
			memcpy(big, carry, carry_len);
			memcpy(big + carry_len, p, n);
			p = big;
		}
		n += carry_len;
		size_t used = 0;
		rc = dd__csv_stream_feed(cs, p, n, off, s->eof, &used);
		if (rc && count) {
			uint64_t eo = dd__csv_stream_err_off(cs);
			if (eo != UINT64_MAX && eo >= off && eo - off <= n)
				r->err_line = line + dd__csv_count_newlines(p, (size_t)(eo - off));
		}
		if (!rc && !s->eof) {
			size_t tail = n - used;
			if (tail > DD_INGEST_MAX_RECORD) {
				rc = dd_error_set(DD_EPARSE, "%s: a record longer than %zu bytes at offset %llu", c->name,
						  DD_INGEST_MAX_RECORD, (unsigned long long)(off + used));
			} else if (tail > carry_cap) {
				char *nc = realloc(carry, tail * 2);
				if (!nc) rc = dd_error_set(DD_ENOMEM, "out of memory");
				else { carry = nc; carry_cap = tail * 2; }
			}
			if (!rc) {
				if (count) line += dd__csv_count_newlines(p, used);
				memmove(carry, p + used, tail);
				carry_len = tail;
				off += used;
			}
		}
		free(big);
		bool eof = s->eof;
		pthread_mutex_lock(&r->mu);
		s->full = false;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		if (c->opt->progress)
			c->opt->progress(c->opt->progress_ctx, atomic_load_explicit(&r->in_done, memory_order_relaxed),
					 r->src->total);
		if (rc || eof) break;
	}
	free(carry);
	return rc;
}

int dd__stream_ingest(dd_ingest_ctx *c, const dd_stream_src *src)
{
	ring *r = calloc(1, sizeof *r);
	if (!r) return dd_error_set(DD_ENOMEM, "out of memory");
	r->src = src;
	int rc = 0;
	for (int i = 0; i < NBUF && !rc; i++)
		if (!(r->s[i].mem = malloc(HEADROOM + DD_INGEST_BLOCK))) rc = DD_ENOMEM;
	dd__csv_stream *cs = NULL;
	if (rc) rc = dd_error_set(DD_ENOMEM, "out of memory");
	else rc = dd__csv_stream_new(c, &cs);
	if (!rc) {
		pthread_mutex_init(&r->mu, NULL);
		pthread_cond_init(&r->cv, NULL);
		pthread_t tid;
		if (pthread_create(&tid, NULL, reader, r) == 0) {
			rc = consume(c, r, cs);
			pthread_mutex_lock(&r->mu);
			r->stop = true;
			pthread_cond_broadcast(&r->cv);
			pthread_mutex_unlock(&r->mu);
			pthread_join(tid, NULL);
			uint64_t eo = rc ? dd__csv_stream_err_off(cs) : UINT64_MAX;
			if (eo != UINT64_MAX)
				rc = dd__csv_stream_fail(cs, src->line_of ? src->line_of(src->ctx, eo) : r->err_line);
		} else {
			rc = dd_error_set(DD_EGENERIC, "%s: could not start the reader thread", c->name);
		}
		if (!rc) rc = dd__csv_stream_finish(cs);
		pthread_mutex_destroy(&r->mu);
		pthread_cond_destroy(&r->cv);
	}
	dd__csv_stream_free(cs);
	for (int i = 0; i < NBUF; i++) free(r->s[i].mem);
	free(r);
	return rc;
}

/* ---- pipes ------------------------------------------------------------ */

long long dd__pipe_read(dd_pipe *p, uint8_t *out, size_t cap)
{
	size_t n = 0;
	while (n < cap && p->pos < p->nhead) out[n++] = p->head[p->pos++];
	while (n < cap) {
		ssize_t k = read(p->fd, out + n, cap - n);
		if (k < 0 && errno == EINTR) continue;
		if (k < 0) return -1;
		if (k == 0) break;
		n += (size_t)k;
	}
	p->in += n;
	return (long long)n;
}

typedef struct {
	dd_pipe *p;
	char msg[200];
} plain_pipe;

static int plain_read(void *ctx, uint8_t *out, size_t cap, size_t *n, bool *eof)
{
	plain_pipe *pp = ctx;
	long long k = dd__pipe_read(pp->p, out, cap);
	if (k < 0) {
		snprintf(pp->msg, sizeof pp->msg, "read error at byte %llu: %s", (unsigned long long)pp->p->in,
			 strerror(errno));
		*n = 0;
		return DD_EIO;
	}
	*n = (size_t)k;
	*eof = (size_t)k < cap;
	return 0;
}

static uint64_t plain_consumed(void *ctx) { return ((plain_pipe *)ctx)->p->in; }

/* A stream that opens (after a UTF-8 byte order mark and white space) with
 * '{' or '[' is JSON: no billing CSV header starts so. */
static bool looks_like_json(const uint8_t *p, size_t n)
{
	size_t i = n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf ? 3 : 0;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n')) i++;
	return i < n && (p[i] == '{' || p[i] == '[');
}

int dd__pipe_ingest(dd_ingest_ctx *c, int fd)
{
	dd_pipe p = {.fd = fd};
	long long k = dd__pipe_read(&p, p.head, sizeof p.head);
	if (k < 0) return dd_error_set(DD_EIO, "%s: read error: %s", c->name, strerror(errno));
	p.nhead = (size_t)k;
	p.in = 0; /* the head is handed out again */
	const char *kind = dd__container_kind(p.head, p.nhead);
	const dd_textenc *wide = dd__textenc_wide(p.head, p.nhead);
	if (!kind && wide) {
		char msg[200];
		dd__textenc_message(wide, msg, sizeof msg);
		return dd_error_set(DD_EFORMAT, "%s: %s", c->name, msg);
	}
	if (kind && strcmp(kind, "gzip"))
		return dd_error_set(DD_EFORMAT, "%s: a %s file cannot be read from a pipe (reading it needs seeking): "
				    "save it to a file first and import that", c->name, kind);
	if (kind) return dd__gz_ingest_pipe(c, &p);
	if (looks_like_json(p.head, p.nhead))
		return dd_error_set(DD_EFORMAT, "%s: this is JSON, not a billing CSV: AWS Billing API JSON (get-credits, "
				    "get-credit-allocation-history) is read from a .json file: save it first (e.g. aws "
				    "billing get-credits > credits.json) and import that", c->name);
	plain_pipe pp = {&p, ""};
	dd_stream_src src = {&pp, plain_read, plain_consumed, NULL, pp.msg, 0};
	return dd__stream_ingest(c, &src);
}
