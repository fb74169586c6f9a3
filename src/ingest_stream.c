/* ingest_stream.c: the pipeline under compressed CSV (gzip files, zip
 * members). The decompressor runs on its own thread and fills a ring of
 * blocks while the calling thread parses them, so inflating and parsing use
 * two cores; memory stays a few blocks whatever the size. A record cut by a
 * block's end is carried in front of the next block. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_int.h"

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
static int consume(dd_ingest_ctx *c, ring *r, dd_csv_stream *cs)
{
	char *carry = NULL;
	size_t carry_len = 0, carry_cap = 0;
	uint64_t off = 0; /* stream offset of the carry's first byte */
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
	dd_csv_stream *cs = NULL;
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
			if (eo != UINT64_MAX) rc = dd__csv_stream_fail(cs, src->line_of(src->ctx, eo));
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
