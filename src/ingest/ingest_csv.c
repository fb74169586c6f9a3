/* ingest_csv.c: CSV files into a dd_agg. The header picks the format
 * (ingest_map.c); records go through the tokenizer (csv.c) and dd__map_row.
 *
 * Plain files and memory are split into one chunk per thread. A chunk's
 * start is guessed as the byte after the first '\n' past its nominal offset
 * (wrong only when that newline sits inside a quoted field); each chunk
 * takes the records that start before the next chunk's start, into its own
 * dd_agg. After the join, chunk k's true end is compared with chunk k+1's
 * guessed start and a chunk with a wrong guess is re-run from the true
 * boundary, so the result never depends on the guess. Each thread reads
 * with pread into its own block buffer: memory stays bounded whatever the
 * file size (mmap would count every touched page as resident). */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csv.h"
#include "ingest_int.h"
#include "ingest_map.h"

#define STOP 2          /* record callback: chunk boundary reached */
#define MIN_CHUNK ((uint64_t)4 << 20)

/* Per-thread parse state. */
typedef struct {
	const dd_map *map;
	dd__map_state st;
	const char **ends;
	size_t cap;
	char *scratch;
	size_t scratch_cap;
	const char *buf;     /* current data */
	uint64_t base_off;   /* input offset of buf[0] */
	uint64_t stop_off;   /* records starting here or later belong to the next chunk */
	/* the first error: its record's offset and the message parts */
	int err;
	uint64_t err_off;
	int err_col;         /* 1-based field, 0 when none */
	char err_msg[256];   /* text after "file:line:col: " */
} job;

static int job_init(job *j, const dd_map *map, dd_agg *agg)
{
	memset(j, 0, sizeof *j);
	j->map = map;
	dd__map_state_init(&j->st, agg);
	j->cap = map->ncols + 65; /* +64: dd__csv_scan stores a block of fields unchecked */
	j->ends = malloc(j->cap * sizeof *j->ends);
	j->stop_off = UINT64_MAX;
	return j->ends ? 0 : dd_error_set(DD_ENOMEM, "out of memory");
}

static void job_free(job *j)
{
	dd__map_state_free(&j->st);
	free(j->ends);
	free(j->scratch);
	j->ends = NULL;
	j->scratch = NULL;
}

static int job_fail(job *j, int code, uint64_t off, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int job_fail(job *j, int code, uint64_t off, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(j->err_msg, sizeof j->err_msg, fmt, ap);
	va_end(ap);
	j->err = code;
	j->err_off = off;
	j->err_col = col;
	return code;
}

static int map_fail(job *j, uint64_t off, const dd__map_err *e)
{
	const char *col = e->col >= 0 ? j->map->names[e->col] : "row";
	if (e->expected)
		return job_fail(j, e->code, off, e->col + 1, "%s: expected %s, got \"%s\"", col, e->expected, e->got);
	return job_fail(j, e->code, off, e->col + 1, "%s: expected %s, got \"%s\"", col, e->note, e->got);
}

static int on_record(void *ctx, const dd__csv_rec *r)
{
	job *j = ctx;
	uint64_t off = j->base_off + (uint64_t)(r->start - j->buf);
	if (off >= j->stop_off) return STOP;
	size_t reclen = (size_t)(r->end - r->start);
	if (r->nfields == 1 && (reclen == 0 || (reclen == 1 && r->start[0] == '\r'))) return 0;
	const dd_map *m = j->map;
	if (r->nfields != m->ncols) {
		size_t col = r->nfields > m->ncols ? m->ncols + 1 : r->nfields + 1;
		return job_fail(j, DD_EPARSE, off, (int)col, "expected %zu fields as in the header, got %zu",
				m->ncols, r->nfields);
	}
	if (reclen > j->scratch_cap) {
		free(j->scratch);
		j->scratch_cap = reclen * 2;
		if (!(j->scratch = malloc(j->scratch_cap))) {
			j->scratch_cap = 0;
			return job_fail(j, DD_ENOMEM, off, 0, "out of memory");
		}
	}
	char *scr = j->scratch;
	dd_str vals[R_COUNT];
	for (int role = 0; role < R_COUNT; role++) {
		int c = m->col[role];
		vals[role].p = "";
		vals[role].len = 0;
		if (c < 0) continue;
		size_t bad = dd__csv_field(r, (size_t)c, &scr, &vals[role]);
		if (bad)
			return job_fail(j, DD_EPARSE, off, c + 1,
					"%s: malformed quoting at character %zu of the field (a quoted field "
					"must be closed and inner quotes doubled)", m->names[c], bad);
	}
	j->st.loc = off;
	dd__map_err e;
	if (dd__map_row(m, &j->st, vals, &e)) return map_fail(j, off, &e);
	return 0;
}

/* The field number (1-based) holding the unclosed quote of a record. */
static int open_quote_field(const char *rec, size_t len)
{
	size_t q = dd__csv_open_quote(rec, len);
	int field = 1;
	bool in = false;
	for (size_t i = 0; i < q && i < len; i++) {
		if (rec[i] == '"') in = !in;
		else if (rec[i] == ',' && !in) field++;
	}
	return field;
}

/* Scan one window of data; returns 0, STOP, or an error (recorded in j). */
static int job_scan(job *j, const char *p, size_t n, uint64_t off, bool eof, size_t *consumed)
{
	j->buf = p;
	j->base_off = off;
	int rc = dd__csv_scan(p, n, eof, j->ends, j->cap, on_record, j, consumed);
	if (rc == DD_CSV_UNTERMINATED)
		return job_fail(j, DD_EPARSE, off + *consumed, open_quote_field(p + *consumed, n - *consumed),
				"unterminated quoted field (a '\"' opens a field that never closes before the end of the file)");
	return rc;
}

/* ---- header ---------------------------------------------------------- */

typedef struct {
	dd_str *names;
	size_t n;
	char *scratch;
	bool got;
} header;

/* dd__csv_scan's callback: codes only, which header_parse turns into
 * messages naming the file. */
static int on_header(void *ctx, const dd__csv_rec *r)
{
	header *h = ctx;
	size_t n = r->nfields;
	h->names = calloc(n, sizeof *h->names);
	h->scratch = malloc((size_t)(r->end - r->start) + 1);
	if (!h->names || !h->scratch) return DD_ENOMEM;
	char *scr = h->scratch;
	for (size_t i = 0; i < n; i++) {
		if (dd__csv_field(r, i, &scr, &h->names[i])) return DD_EPARSE;
		while (h->names[i].len && (h->names[i].p[0] == ' ' || h->names[i].p[0] == '\t')) {
			h->names[i].p++;
			h->names[i].len--;
		}
		while (h->names[i].len && (h->names[i].p[h->names[i].len - 1] == ' ' || h->names[i].p[h->names[i].len - 1] == '\t'))
			h->names[i].len--;
	}
	h->n = n;
	h->got = true;
	return STOP;
}

static void header_free(header *h)
{
	free(h->names);
	free(h->scratch);
	memset(h, 0, sizeof *h);
}

/* Where the header record ends (dd__csv_scan stopped at its start). */
static size_t header_end(const char *p, size_t n)
{
	bool in = false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"') in = !in;
		else if (p[i] == '\n' && !in) return i + 1;
	}
	return n;
}

/* Parse the header at p (after any BOM). Returns 0 with h->got set, 0 with
 * !h->got when more data is needed, or an error. *used = bytes of header. */
static int header_parse(const char *name, const char *p, size_t n, bool eof, header *h, size_t *used)
{
	size_t fields = 4096;
	const char **ends = malloc(fields * sizeof *ends);
	if (!ends) return dd_error_set(DD_ENOMEM, "out of memory");
	size_t consumed = 0;
	int rc = dd__csv_scan(p, n, eof, ends, fields, on_header, h, &consumed);
	free(ends);
	if (rc == DD_ENOMEM) return dd_error_set(DD_ENOMEM, "out of memory");
	if (rc == DD_EPARSE || rc == DD_CSV_UNTERMINATED)
		return dd_error_set(DD_EPARSE, "%s:1: malformed header line (bad quoting)", name);
	if (!h->got) {
		if (eof) return dd_error_set(DD_EPARSE, "%s:1:1: empty file: expected a header line", name);
		return 0;
	}
	if (h->n > fields) return dd_error_set(DD_EPARSE, "%s:1: more than %zu columns in the header", name, fields);
	if (h->n == 1 && h->names[0].len == 0)
		return dd_error_set(DD_EPARSE, "%s:1:1: empty header line: expected column names", name);
	*used = header_end(p, n);
	return 0;
}

static size_t bom_len(const char *p, size_t n)
{
	return n >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF ? 3 : 0;
}

/* ---- plain files and memory, in chunks --------------------------------- */

typedef struct {
	job j;
	dd_agg *own;         /* the chunk's private aggregator (not chunk 0) */
	const char *mem;
	int fd;
	uint64_t size;
	uint64_t start, next;
	char *buf;
	size_t bufcap;
	_Atomic uint64_t done;
	int rc;
	/* chunk 0 reports progress for all */
	struct chunks *all;
} chunk;

typedef struct chunks {
	chunk *c;
	int n;
	dd_ingest_ctx *ctx;
	uint64_t size;
} chunks;

static int read_full(int fd, char *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	while (got < n) {
		ssize_t k = pread(fd, buf + got, n - got, (off_t)(off + got));
		if (k <= 0) return -1;
		got += (size_t)k;
	}
	return 0;
}

static void progress(chunks *all)
{
	const dd_ingest_options *o = all->ctx->opt;
	if (!o->progress) return;
	uint64_t done = 0;
	for (int i = 0; i < all->n; i++) done += atomic_load_explicit(&all->c[i].done, memory_order_relaxed);
	o->progress(o->progress_ctx, done, all->size);
}

static void run_chunk(chunk *c, bool report)
{
	uint64_t off = c->start;
	c->rc = 0;
	while (off < c->size) {
		size_t n = (size_t)(c->size - off < c->bufcap ? c->size - off : c->bufcap);
		bool eof = off + n == c->size;
		const char *p;
		if (c->mem) p = c->mem + off;
		else {
			if (read_full(c->fd, c->buf, n, off)) {
				c->rc = job_fail(&c->j, DD_EIO, off, 0, "read error");
				break;
			}
			p = c->buf;
		}
		size_t consumed = 0;
		int rc = job_scan(&c->j, p, n, off, eof, &consumed);
		uint64_t before = off;
		off += consumed;
		atomic_fetch_add_explicit(&c->done, off - before, memory_order_relaxed);
		if (report) progress(c->all);
		if (rc == STOP) break;
		if (rc) { c->rc = rc; break; }
		if (eof) break;
		if (consumed == 0) { /* a record longer than the window */
			if (c->bufcap >= DD_INGEST_MAX_RECORD) {
				c->rc = job_fail(&c->j, DD_EPARSE, off, 0, "record longer than %zu bytes", DD_INGEST_MAX_RECORD);
				break;
			}
			size_t nc = c->bufcap * 2;
			if (!c->mem) {
				char *nb = realloc(c->buf, nc);
				if (!nb) { c->rc = job_fail(&c->j, DD_ENOMEM, off, 0, "out of memory"); break; }
				c->buf = nb;
			}
			c->bufcap = nc;
		}
	}
	c->next = off;
}

static void *chunk_thread(void *arg)
{
	run_chunk(arg, false);
	return NULL;
}

/* Guess a record boundary: the byte after the first '\n' at or after pos. */
static uint64_t guess_boundary(const char *mem, int fd, uint64_t size, uint64_t pos)
{
	char tmp[65536];
	while (pos < size) {
		size_t n = (size_t)(size - pos < sizeof tmp ? size - pos : sizeof tmp);
		const char *p = mem ? mem + pos : tmp;
		if (!mem && read_full(fd, tmp, n, pos)) return size;
		const char *nl = memchr(p, '\n', n);
		if (nl) return pos + (uint64_t)(nl - p) + 1;
		pos += n;
	}
	return size;
}

static uint64_t line_of(const char *mem, int fd, uint64_t off)
{
	if (mem) return 1 + dd__csv_count_newlines(mem, (size_t)off);
	static const size_t bs = 1 << 20;
	char *tmp = malloc(bs);
	uint64_t lines = 1, pos = 0;
	while (tmp && pos < off) {
		size_t n = (size_t)(off - pos < bs ? off - pos : bs);
		if (read_full(fd, tmp, n, pos)) break;
		lines += dd__csv_count_newlines(tmp, n);
		pos += n;
	}
	free(tmp);
	return lines;
}

static int report_job_error(const char *name, const job *j, uint64_t line)
{
	if (j->err_col > 0)
		return dd_error_set(j->err, "%s:%llu:%d: %s", name, (unsigned long long)line, j->err_col, j->err_msg);
	return dd_error_set(j->err, "%s:%llu: %s", name, (unsigned long long)line, j->err_msg);
}

static int chunk_setup(chunk *c, chunks *all, const dd_map *map, dd_agg *agg, const char *mem, int fd,
		       uint64_t size, uint64_t start, uint64_t stop)
{
	memset(c, 0, sizeof *c);
	c->mem = mem;
	c->fd = fd;
	c->size = size;
	c->start = start;
	c->all = all;
	c->bufcap = DD_INGEST_BLOCK;
	if (!agg) {
		int rc = dd_agg_new(&c->own);
		if (rc) return rc;
		agg = c->own;
	}
	if (!mem && !(c->buf = malloc(c->bufcap))) return dd_error_set(DD_ENOMEM, "out of memory");
	int rc = job_init(&c->j, map, agg);
	c->j.stop_off = stop;
	return rc;
}

static void chunk_free(chunk *c)
{
	job_free(&c->j);
	dd_agg_free(c->own);
	free(c->buf);
	c->own = NULL;
	c->buf = NULL;
}

static int run_all(dd_ingest_ctx *ctx, const dd_map *map, const char *mem, int fd, uint64_t size,
		   uint64_t data_start)
{
	int nt = dd__ingest_threads(ctx->opt);
	uint64_t data = size - data_start;
	if ((uint64_t)nt * MIN_CHUNK > data) nt = (int)(data / MIN_CHUNK) ? (int)(data / MIN_CHUNK) : 1;
	chunks all = {calloc((size_t)nt, sizeof(chunk)), nt, ctx, size};
	if (!all.c) return dd_error_set(DD_ENOMEM, "out of memory");
	uint64_t *starts = calloc((size_t)nt + 1, sizeof *starts);
	int rc = starts ? 0 : dd_error_set(DD_ENOMEM, "out of memory");
	if (!rc) {
		starts[0] = data_start;
		for (int k = 1; k < nt; k++)
			starts[k] = guess_boundary(mem, fd, size, data_start + data / (uint64_t)nt * (uint64_t)k);
		starts[nt] = UINT64_MAX;
	}
	int made = 0;
	for (int k = 0; k < nt && !rc; k++, made++)
		rc = chunk_setup(&all.c[k], &all, map, k ? NULL : ctx->agg, mem, fd, size, starts[k], starts[k + 1]);
	pthread_t *tids = calloc((size_t)nt, sizeof *tids);
	int started = 0;
	if (!rc && !tids) rc = dd_error_set(DD_ENOMEM, "out of memory");
	for (int k = 1; k < nt && !rc; k++) {
		if (pthread_create(&tids[k], NULL, chunk_thread, &all.c[k]) != 0) {
			run_chunk(&all.c[k], false); /* no thread: do it here */
			tids[k] = 0;
		}
		started = k;
	}
	if (!rc) run_chunk(&all.c[0], true);
	for (int k = 1; k <= started; k++)
		if (tids[k]) pthread_join(tids[k], NULL);
	for (int k = 0; k < nt && !rc; k++) {
		chunk *c = &all.c[k];
		if (k > 0 && all.c[k - 1].next != c->start) { /* wrong guess: redo from the true boundary */
			uint64_t stop = c->j.stop_off;
			chunk_free(c);
			if ((rc = chunk_setup(c, &all, map, NULL, mem, fd, size, all.c[k - 1].next, stop))) break;
			run_chunk(c, false);
		}
		if (c->rc) {
			rc = report_job_error(ctx->name, &c->j, line_of(mem, fd, c->j.err_off));
			break;
		}
		if (k == 0) continue;
		dd__map_err e;
		if ((rc = dd_agg_merge(ctx->agg, c->own))) {
			rc = dd__ingest_merge_fail(ctx->name, rc);
			break;
		}
		if ((rc = dd__map_state_merge(&all.c[0].j.st, &c->j.st, &e))) {
			if (rc != DD_EINVALID) { /* only a currency clash fills e */
				rc = dd__ingest_merge_fail(ctx->name, rc);
				break;
			}
			int col = map->col[R_CURRENCY] + 1;
			rc = dd_error_set(rc, "%s:%llu:%d: %s: expected %s, got \"%s\"", ctx->name,
					  (unsigned long long)line_of(mem, fd, c->j.st.currency_loc), col,
					  map->names[col - 1], e.note, e.got);
			break;
		}
	}
	if (!rc) rc = dd__map_report(&all.c[0].j.st, map->format, ctx->report);
	if (!rc) progress(&all);
	for (int k = 0; k < made; k++) chunk_free(&all.c[k]);
	free(all.c);
	free(starts);
	free(tids);
	return rc;
}

/* Read the header from the start of the input and build the map. Returns 0,
 * DD_MAP_CONTRACT_COMMITMENT or an error; *data_start = first data byte. */
static int read_header(dd_ingest_ctx *ctx, const char *mem, int fd, uint64_t size, dd_map *map,
		       uint64_t *data_start)
{
	size_t cap = 1 << 16;
	char *tmp = NULL;
	int rc;
	for (;;) {
		size_t n = (size_t)(size < cap ? size : cap);
		const char *p = mem;
		if (!mem) {
			char *nt = realloc(tmp, cap);
			if (!nt) { free(tmp); return dd_error_set(DD_ENOMEM, "out of memory"); }
			tmp = nt;
			if (read_full(fd, tmp, n, 0)) { free(tmp); return dd_error_set(DD_EIO, "%s: read error", ctx->name); }
			p = tmp;
		}
		size_t bom = bom_len(p, n), used = 0;
		header h = {0};
		rc = header_parse(ctx->name, p + bom, n - bom, n == size, &h, &used);
		if (!rc && h.got) {
			*data_start = bom + used;
			rc = dd__map_init(map, ctx->name, h.names, h.n, ctx->opt->format, ctx->opt->default_payer);
			header_free(&h);
			break;
		}
		header_free(&h);
		if (rc) break;
		if (cap >= DD_INGEST_MAX_RECORD) { rc = dd_error_set(DD_EPARSE, "%s:1: header line too long", ctx->name); break; }
		cap *= 4;
	}
	free(tmp);
	return rc;
}

int dd__csv_ingest(dd_ingest_ctx *ctx, const char *mem, int fd, uint64_t size)
{
	dd_map map;
	uint64_t data_start = 0;
	int rc = read_header(ctx, mem, fd, size, &map, &data_start);
	if (rc == DD_MAP_CONTRACT_COMMITMENT)
		return dd__ingest_ignore(ctx, "FOCUS contract commitment dataset (no charges)");
	if (rc) return rc;
	rc = run_all(ctx, &map, mem, fd, size, data_start);
	dd__map_free(&map);
	return rc;
}

/* ---- stream (after gzip) ------------------------------------------------ */

struct dd__csv_stream {
	dd_ingest_ctx *ctx;
	dd_map map;
	bool have_map, ignored;
	job j;
};

int dd__csv_stream_new(dd_ingest_ctx *ctx, dd__csv_stream **out)
{
	dd__csv_stream *s = calloc(1, sizeof *s);
	if (!s) return dd_error_set(DD_ENOMEM, "out of memory");
	s->ctx = ctx;
	*out = s;
	return 0;
}

int dd__csv_stream_feed(dd__csv_stream *s, const char *p, size_t n, uint64_t off, bool eof, size_t *consumed)
{
	*consumed = 0;
	s->j.err = 0;
	if (s->ignored) { *consumed = n; return 0; }
	size_t skip = 0;
	if (!s->have_map) {
		size_t bom = off == 0 ? bom_len(p, n) : 0, used = 0;
		if (off == 0 && !eof && n < 3) return 0;
		header h = {0};
		int rc = header_parse(s->ctx->name, p + bom, n - bom, eof, &h, &used);
		if (rc || !h.got) { header_free(&h); return rc; }
		skip = bom + used;
		rc = dd__map_init(&s->map, s->ctx->name, h.names, h.n, s->ctx->opt->format, s->ctx->opt->default_payer);
		header_free(&h);
		if (rc == DD_MAP_CONTRACT_COMMITMENT) {
			s->ignored = true;
			*consumed = n;
			return dd__ingest_ignore(s->ctx, "FOCUS contract commitment dataset (no charges)");
		}
		if (rc) return rc;
		s->have_map = true;
		if ((rc = job_init(&s->j, &s->map, s->ctx->agg))) return rc;
	}
	size_t used = 0;
	int rc = job_scan(&s->j, p + skip, n - skip, off + skip, eof, &used);
	*consumed = skip + used;
	return rc;
}

uint64_t dd__csv_stream_err_off(const dd__csv_stream *s)
{
	return s->j.err ? s->j.err_off : UINT64_MAX;
}

int dd__csv_stream_fail(dd__csv_stream *s, uint64_t line)
{
	return report_job_error(s->ctx->name, &s->j, line);
}

int dd__csv_stream_finish(dd__csv_stream *s)
{
	if (!s->have_map) return 0;
	return dd__map_report(&s->j.st, s->map.format, s->ctx->report);
}

void dd__csv_stream_free(dd__csv_stream *s)
{
	if (!s) return;
	if (s->have_map) {
		job_free(&s->j);
		dd__map_free(&s->map);
	}
	free(s);
}
