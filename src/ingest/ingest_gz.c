/* ingest_gz.c: gzip-compressed CSV, streamed through ingest_stream.c's
 * reader thread with ISA-L's inflate (2-3x zlib's speed), from memory, a
 * file or a pipe. Multi-member files (concatenated gzip, as some writers
 * split output) are followed member by member; a stream that ends inside a
 * member is an error. */
#include <errno.h>
#include <isa-l/igzip_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "ingest_int.h"
#include "textenc.h"

#define IN_CHUNK ((size_t)1 << 20)

/* The inflater: input from memory, a file or a pipe, member after member. */
typedef struct {
	const uint8_t *mem;
	int fd;
	dd_pipe *pipe;         /* read front to back; size unknown */
	uint64_t size, in_off; /* compressed bytes handed to ISA-L so far */
	uint8_t *inbuf;
	struct inflate_state st;
	bool in_member, done;
	bool started;          /* the first decompressed bytes were checked */
	char msg[200];
} gz;

static int gz_init(gz *g, const uint8_t *mem, int fd, uint64_t size)
{
	memset(g, 0, sizeof *g);
	g->mem = mem;
	g->fd = fd;
	g->size = size;
	if (!mem && !(g->inbuf = malloc(IN_CHUNK))) return dd_error_set(DD_ENOMEM, "out of memory");
	isal_inflate_init(&g->st);
	g->st.crc_flag = ISAL_GZIP;
	g->in_member = true;
	return 0;
}

static bool pipe_refill(gz *g)
{
	long long k = dd__pipe_read(g->pipe, g->inbuf, IN_CHUNK);
	if (k < 0) {
		snprintf(g->msg, sizeof g->msg, "read error at byte %llu: %s", (unsigned long long)g->in_off,
			 strerror(errno));
		return false;
	}
	g->st.next_in = g->inbuf;
	g->st.avail_in = (uint32_t)k;
	g->in_off += (uint64_t)k;
	return k > 0;
}

/* Make input available; false at end of input or on a read error. */
static bool gz_refill(gz *g)
{
	if (g->st.avail_in > 0) return true;
	if (g->pipe) return pipe_refill(g);
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
				 (unsigned long long)g->in_off);
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
		lines += dd__csv_count_newlines((const char *)buf, n);
		pos += n;
	}
	free(g.inbuf);
	free(buf);
	return lines;
}

/* ---- as a dd_stream_src ------------------------------------------------ */

static int src_read(void *ctx, uint8_t *out, size_t cap, size_t *n, bool *eof)
{
	gz *g = ctx;
	int rc = gz_read(g, out, cap, n);
	*eof = g->done;
	/* What the gzip holds may be UTF-16 text (a compressed "Unicode" export). */
	const dd_textenc *wide = !rc && !g->started ? dd__textenc_wide(out, *n) : NULL;
	g->started = true;
	if (wide) {
		dd__textenc_message(wide, g->msg, sizeof g->msg);
		rc = DD_EFORMAT;
	}
	return rc;
}

static uint64_t src_consumed(void *ctx) { return gz_consumed(ctx); }

static uint64_t src_line_of(void *ctx, uint64_t off)
{
	gz *g = ctx;
	return gz_line_of(g->mem, g->fd, g->size, off);
}

static int gz_ingest(dd_ingest_ctx *c, const uint8_t *mem, int fd, uint64_t size, dd_pipe *pipe)
{
	gz *g = malloc(sizeof *g); /* inflate_state is large: not on the stack */
	if (!g) return dd_error_set(DD_ENOMEM, "out of memory");
	int rc = gz_init(g, mem, fd, size);
	if (!rc) {
		g->pipe = pipe;
		/* A pipe cannot be inflated again to find an error's line: the
		 * stream counts lines as it goes instead (line_of NULL). */
		dd_stream_src src = {g, src_read, src_consumed, pipe ? NULL : src_line_of, g->msg, size};
		rc = dd__stream_ingest(c, &src);
	}
	free(g->inbuf);
	free(g);
	return rc;
}

int dd__gz_ingest(dd_ingest_ctx *c, const uint8_t *mem, int fd, uint64_t size)
{
	return gz_ingest(c, mem, fd, size, NULL);
}

int dd__gz_ingest_pipe(dd_ingest_ctx *c, dd_pipe *p) { return gz_ingest(c, NULL, p->fd, 0, p); }
