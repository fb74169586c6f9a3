/* ingest_gz.c: gzip-compressed CSV, streamed. ISA-L's inflate (2-3x zlib's
 * speed) runs on its own thread and fills a ring of blocks; the calling
 * thread parses them, so inflating and parsing use both cores. Multi-member
 * files (concatenated gzip, as some writers split output) are followed
 * member by member; a stream that ends inside a member is an error. */
#include <isa-l/igzip_lib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest_int.h"

#define NBUF 3
#define IN_CHUNK ((size_t)1 << 20)
#define HEADROOM ((size_t)1 << 20) /* room to put the previous block's partial record in front */

/* The inflater: input from memory or a file, member after member. */
typedef struct {
	const uint8_t *mem;
	int fd;
	uint64_t size, in_off; /* compressed bytes handed to ISA-L so far */
	uint8_t *inbuf;
	struct inflate_state st;
	bool in_member, done;
	char msg[200];
} gz;

static int gz_init(gz *g, const uint8_t *mem, int fd, uint64_t size)
{
	memset(g, 0, sizeof *g);
	g->mem = mem;
	g->fd = fd;
	g->size = size;
	if (!mem && !(g->inbuf = malloc(IN_CHUNK))) return DD_ENOMEM;
	isal_inflate_init(&g->st);
	g->st.crc_flag = ISAL_GZIP;
	g->in_member = true;
	return 0;
}

/* Make input available; false at end of input or on a read error. */
static bool gz_refill(gz *g)
{
	if (g->st.avail_in > 0) return true;
	if (g->in_off >= g->size) return false;
	size_t n = (size_t)(g->size - g->in_off < IN_CHUNK ? g->size - g->in_off : IN_CHUNK);
	if (g->mem) {
		g->st.next_in = (uint8_t *)g->mem + g->in_off;
	} else {
		ssize_t k = pread(g->fd, g->inbuf, n, (off_t)g->in_off);
		if (k <= 0) {
			snprintf(g->msg, sizeof g->msg, "read error at byte %llu", (unsigned long long)g->in_off);
			return false;
		}
		n = (size_t)k;
		g->st.next_in = g->inbuf;
	}
	g->st.avail_in = (uint32_t)n;
	g->in_off += n;
	return true;
}

/* After a member: another member follows, or only zero padding. */
static int gz_next_member(gz *g)
{
	for (;;) {
		if (!gz_refill(g)) {
			if (g->msg[0]) return DD_EIO;
			g->done = true;
			return 0;
		}
		if (g->st.next_in[0] == 0) { g->st.next_in++; g->st.avail_in--; continue; }
		if (g->st.next_in[0] != 0x1f) {
			snprintf(g->msg, sizeof g->msg, "unexpected data after a gzip member (byte %llu)",
				 (unsigned long long)(g->in_off - g->st.avail_in));
			return DD_EPARSE;
		}
		uint8_t *ni = g->st.next_in;
		uint32_t ai = g->st.avail_in;
		isal_inflate_reset(&g->st);
		g->st.crc_flag = ISAL_GZIP;
		g->st.next_in = ni;
		g->st.avail_in = ai;
		g->in_member = true;
		return 0;
	}
}

/* Inflate up to cap bytes into out. Returns 0 with *n (0 and g->done at the
 * end), or an error with g->msg set. */
static int gz_read(gz *g, uint8_t *out, size_t cap, size_t *n)
{
	*n = 0;
	while (*n < cap && !g->done) {
		if (!g->in_member) {
			int rc = gz_next_member(g);
			if (rc) return rc;
			continue;
		}
		if (g->st.avail_in == 0 && !gz_refill(g)) {
			if (g->msg[0]) return DD_EIO;
			snprintf(g->msg, sizeof g->msg, "truncated gzip stream: it ends inside a member after %llu bytes",
				 (unsigned long long)g->size);
			return DD_EPARSE;
		}
		g->st.next_out = out + *n;
		g->st.avail_out = (uint32_t)(cap - *n);
		int rc = isal_inflate(&g->st);
		*n = cap - g->st.avail_out;
		if (rc != ISAL_DECOMP_OK) {
			snprintf(g->msg, sizeof g->msg, "corrupt gzip data near compressed byte %llu (ISA-L error %d)",
				 (unsigned long long)(g->in_off - g->st.avail_in), rc);
			return DD_EPARSE;
		}
		if (g->st.block_state == ISAL_BLOCK_FINISH) g->in_member = false;
	}
	return 0;
}

static uint64_t gz_consumed(const gz *g) { return g->in_off - g->st.avail_in; }

/* ---- the reader thread and its ring ------------------------------------ */

typedef struct {
	char *mem;   /* HEADROOM + DD_INGEST_BLOCK */
	size_t len;
	bool full, eof;
	int err;
} slot;

typedef struct {
	gz g;
	slot s[NBUF];
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
	_Atomic uint64_t in_done;
} ring;

static void *reader(void *arg)
{
	ring *r = arg;
	for (int i = 0;; i = (i + 1) % NBUF) {
		pthread_mutex_lock(&r->mu);
		while (r->s[i].full && !r->stop) pthread_cond_wait(&r->cv, &r->mu);
		bool stop = r->stop;
		pthread_mutex_unlock(&r->mu);
		if (stop) return NULL;
		size_t n = 0;
		int rc = gz_read(&r->g, (uint8_t *)r->s[i].mem + HEADROOM, DD_INGEST_BLOCK, &n);
		atomic_store_explicit(&r->in_done, gz_consumed(&r->g), memory_order_relaxed);
		pthread_mutex_lock(&r->mu);
		r->s[i].len = n;
		r->s[i].err = rc;
		r->s[i].eof = rc || r->g.done;
		r->s[i].full = true;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		if (rc || r->g.done) return NULL;
	}
}

/* Line number of uncompressed offset off: inflate again from the start
 * (only on the error path, when the parsed data is long gone). */
static uint64_t gz_line_of(const uint8_t *mem, int fd, uint64_t size, uint64_t off)
{
	gz g;
	uint64_t lines = 1, pos = 0;
	uint8_t *buf = malloc(1 << 20);
	if (!buf || gz_init(&g, mem, fd, size)) { free(buf); return 0; }
	while (pos < off) {
		size_t want = (size_t)(off - pos < (1 << 20) ? off - pos : (1 << 20)), n = 0;
		if (gz_read(&g, buf, want, &n) || n == 0) break;
		for (size_t i = 0; i < n; i++) lines += buf[i] == '\n';
		pos += n;
	}
	free(g.inbuf);
	free(buf);
	return lines;
}

/* Parse the ring's blocks on this thread; carry the partial last record. */
static int consume(dd_ingest_ctx *c, ring *r, dd_csv_stream *cs, const uint8_t *mem, int fd, uint64_t size)
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
			rc = dd_error_set(s->err, "%s: %s", c->name, r->g.msg);
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
			c->opt->progress(c->opt->progress_ctx, atomic_load_explicit(&r->in_done, memory_order_relaxed), size);
		if (rc) {
			uint64_t eo = dd__csv_stream_err_off(cs);
			if (eo != UINT64_MAX) rc = dd__csv_stream_fail(cs, gz_line_of(mem, fd, size, eo));
			break;
		}
		if (eof) break;
	}
	free(carry);
	return rc;
}

int dd__gz_ingest(dd_ingest_ctx *c, const uint8_t *mem, int fd, uint64_t size)
{
	ring *r = calloc(1, sizeof *r);
	if (!r) return dd_error_set(DD_ENOMEM, "out of memory");
	int rc = gz_init(&r->g, mem, fd, size);
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
			rc = consume(c, r, cs, mem, fd, size);
			pthread_mutex_lock(&r->mu);
			r->stop = true;
			pthread_cond_broadcast(&r->cv);
			pthread_mutex_unlock(&r->mu);
			pthread_join(tid, NULL);
		} else {
			rc = dd_error_set(DD_EGENERIC, "%s: could not start the reader thread", c->name);
		}
		if (!rc) rc = dd__csv_stream_finish(cs);
		pthread_mutex_destroy(&r->mu);
		pthread_cond_destroy(&r->cv);
	}
	dd__csv_stream_free(cs);
	for (int i = 0; i < NBUF; i++) free(r->s[i].mem);
	free(r->g.inbuf);
	free(r);
	return rc;
}
