/* parquet.c: opening Parquet files and reading one column chunk: page
 * headers, decompression (snappy, gzip, zstd), definition levels, and the
 * scatter of decoded values around NULLs into the caller's text views. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include "drawdown/common.h"
#include "parquet_int.h"
#include "pq_thrift.h"

#define MAX_PAGE (1u << 30) /* uncompressed page size we agree to allocate */

/* ---- open / close ---------------------------------------------------------- */

static int finish_open(dd__pq_file *f, dd__pq_file **out)
{
	int rc = f->name ? dd__pq_parse_footer(f) : dd_error_set(DD_ENOMEM, "out of memory opening a Parquet file");
	if (rc) { dd__pq_close(f); return rc; }
	*out = f;
	return 0;
}

int dd__pq_open_buffer(const char *name, const uint8_t *data, size_t len, dd__pq_file **out)
{
	*out = NULL;
	if (!data && len) return dd_error_set(DD_EUSAGE, "dd__pq_open_buffer: no data");
	dd__pq_file *f = calloc(1, sizeof *f);
	if (!f) return dd_error_set(DD_ENOMEM, "out of memory opening a Parquet file");
	f->name = strdup(name ? name : "<buffer>");
	f->data = data ? data : (const uint8_t *)"";
	f->len = len;
	return finish_open(f, out);
}

int dd__pq_open(const char *path, dd__pq_file **out)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return dd_error_set(DD_EIO, "%s: cannot open: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return dd_error_set(DD_EIO, "%s: cannot stat: %s", path, strerror(e));
	}
	if (st.st_size < 12) {
		close(fd);
		return dd_error_set(DD_EFORMAT, "%s: not a Parquet file (%lld bytes)", path, (long long)st.st_size);
	}
	void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	int e = errno;
	close(fd);
	if (m == MAP_FAILED) return dd_error_set(DD_EIO, "%s: cannot map: %s", path, strerror(e));
	dd__pq_file *f = calloc(1, sizeof *f);
	if (!f) { munmap(m, (size_t)st.st_size); return dd_error_set(DD_ENOMEM, "out of memory opening %s", path); }
	f->name = strdup(path);
	f->data = m;
	f->len = (size_t)st.st_size;
	f->mapped = true;
	return finish_open(f, out);
}

void dd__pq_release_row_group(dd__pq_file *f, size_t rg)
{
	if (!f || !f->mapped || rg >= f->ngroups) return;
	uint64_t lo = UINT64_MAX, hi = 0;
	for (size_t c = 0; c < f->nleaves; c++) {
		const dd__pq_chunk *k = &f->groups[rg].chunks[c];
		if (k->start < 0 || k->size <= 0 || (uint64_t)k->start >= f->len) continue;
		uint64_t end = (uint64_t)k->start + (uint64_t)k->size;
		if ((uint64_t)k->start < lo) lo = (uint64_t)k->start;
		if (end > hi) hi = end;
	}
	if (lo >= hi) return;
	if (hi > f->len) hi = f->len;
	/* Whole pages around the group: a page shared with the neighbouring
	 * group that another thread still reads is simply faulted in again (the
	 * mapping is private and never written, so its pages are the file's). */
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = (uintptr_t)(f->data + lo) & ~(page - 1);
	uintptr_t b = ((uintptr_t)(f->data + hi) + page - 1) & ~(page - 1);
	uintptr_t lim = ((uintptr_t)(f->data + f->len) + page - 1) & ~(page - 1);
	if (b > lim) b = lim;
	if (b > a) madvise((void *)a, b - a, MADV_DONTNEED);
}

void dd__pq_close(dd__pq_file *f)
{
	if (!f) return;
	dd__pq_free_meta(f);
	if (f->mapped) munmap((void *)f->data, f->len);
	free(f->name);
	free(f);
}

size_t dd__pq_num_columns(const dd__pq_file *f) { return f->nleaves; }
const char *dd__pq_column_name(const dd__pq_file *f, size_t col) { return col < f->nleaves ? f->leaves[col].name : NULL; }
bool dd__pq_column_supported(const dd__pq_file *f, size_t col) { return col < f->nleaves && f->leaves[col].supported; }
uint64_t dd__pq_num_rows(const dd__pq_file *f) { return (uint64_t)f->num_rows; }
size_t dd__pq_num_row_groups(const dd__pq_file *f) { return f->ngroups; }
uint64_t dd__pq_row_group_rows(const dd__pq_file *f, size_t rg) { return rg < f->ngroups ? (uint64_t)f->groups[rg].num_rows : 0; }

long dd__pq_find_column(const dd__pq_file *f, const char *name)
{
	for (size_t i = 0; i < f->nleaves; i++)
		if (strcmp(f->leaves[i].name, name) == 0) return (long)i;
	return -1;
}

/* ---- page headers -------------------------------------------------------- */

enum { PAGE_DATA = 0, PAGE_INDEX = 1, PAGE_DICT = 2, PAGE_DATA_V2 = 3 };

typedef struct {
	int type;
	int32_t usize, csize, nvals, enc, def_enc, def_len, rep_len;
	bool compressed;
	bool have_sub;
} page_hdr;

static void parse_sub(dd__thrift_reader *r, page_hdr *h, int which)
{
	dd__thrift_struct s = {0};
	int16_t id;
	int t;
	if (!dd__thrift_enter(r)) return;
	h->have_sub = true;
	while (dd__thrift_field(r, &s, &id, &t)) {
		int key = which * 100 + id;
		if (t == TC_I32 && (key == 501 || key == 701 || key == 801)) h->nvals = dd__thrift_i32(r);
		else if (t == TC_I32 && (key == 502 || key == 702 || key == 804)) h->enc = dd__thrift_i32(r);
		else if (t == TC_I32 && key == 503) h->def_enc = dd__thrift_i32(r);
		else if (t == TC_I32 && key == 805) h->def_len = dd__thrift_i32(r);
		else if (t == TC_I32 && key == 806) h->rep_len = dd__thrift_i32(r);
		else if (key == 807 && (t == TC_TRUE || t == TC_FALSE)) h->compressed = t == TC_TRUE;
		else dd__thrift_skip(r, t);
	}
	dd__thrift_leave(r);
}

static void parse_page_header(dd__thrift_reader *r, page_hdr *h)
{
	dd__thrift_struct s = {0};
	int16_t id;
	int t;
	memset(h, 0, sizeof *h);
	h->type = h->usize = h->csize = h->nvals = -1;
	h->def_enc = PQ_ENC_RLE;
	h->compressed = true;
	while (dd__thrift_field(r, &s, &id, &t)) {
		if (id == 1 && t == TC_I32) h->type = dd__thrift_i32(r);
		else if (id == 2 && t == TC_I32) h->usize = dd__thrift_i32(r);
		else if (id == 3 && t == TC_I32) h->csize = dd__thrift_i32(r);
		else if ((id == 5 || id == 7 || id == 8) && t == TC_STRUCT && id == (h->type == PAGE_DATA ? 5 : h->type == PAGE_DICT ? 7 : 8))
			parse_sub(r, h, id);
		else dd__thrift_skip(r, t);
	}
}

/* ---- decompression -------------------------------------------------------- */

static int inflate_all(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t *got)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit2(&z, 15 + 32) != Z_OK) return -1;
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int zr = inflate(&z, Z_FINISH);
	*got = cap - z.avail_out;
	inflateEnd(&z);
	return zr == Z_STREAM_END ? 0 : -1;
}

/* Checked before allocating the output, so a tiny hostile page cannot make
 * us allocate its claimed (up to 1 GiB) size: snappy and zstd frames state
 * their size; deflate expands at most 1032:1. */
static bool size_plausible(int codec, const uint8_t *in, size_t n, size_t usize)
{
	if (codec == PQ_CODEC_SNAPPY) {
		size_t ulen = 0;
		return snappy_uncompressed_length((const char *)in, n, &ulen) == SNAPPY_OK && ulen == usize;
	}
	if (codec == PQ_CODEC_GZIP) return usize / 1032 <= n;
	if (codec == PQ_CODEC_ZSTD) {
		unsigned long long z = ZSTD_getFrameContentSize(in, n);
		if (z == ZSTD_CONTENTSIZE_ERROR) return false;
		return z == ZSTD_CONTENTSIZE_UNKNOWN || z == usize;
	}
	return true;
}

static int decompress(const dd__pq_pctx *c, int codec, const uint8_t *in, size_t n, size_t usize, const uint8_t **out)
{
	if (codec == PQ_CODEC_NONE) { *out = in; return 0; }
	if (usize > MAX_PAGE) return dd__pq_perr(c, DD_EFORMAT, "page of %zu bytes uncompressed is too large", usize);
	if (!size_plausible(codec, in, n, usize))
		return dd__pq_perr(c, DD_EPARSE, "page of %zu compressed bytes cannot hold the declared %zu bytes", n, usize);
	uint8_t *dst = dd__pq_arena_alloc(&c->b->arena, usize ? usize : 1);
	if (!dst) return dd__pq_perr(c, DD_ENOMEM, "out of memory for a page of %zu bytes", usize);
	size_t got = 0;
	bool ok = false;
	if (codec == PQ_CODEC_SNAPPY) {
		got = usize;
		ok = snappy_uncompress((const char *)in, n, (char *)dst, &got) == SNAPPY_OK;
	} else if (codec == PQ_CODEC_GZIP) {
		ok = inflate_all(in, n, dst, usize, &got) == 0;
	} else if (codec == PQ_CODEC_ZSTD) {
		size_t r = ZSTD_decompress(dst, usize, in, n);
		ok = !ZSTD_isError(r);
		got = ok ? r : 0;
	} else {
		return dd__pq_perr(c, DD_EFORMAT, "compression codec %d is not supported (only snappy, gzip, zstd)", codec);
	}
	if (!ok || got != usize) return dd__pq_perr(c, DD_EPARSE, "page does not decompress to its declared %zu bytes", usize);
	*out = dst;
	return 0;
}

/* ---- data pages -------------------------------------------------------- */

static int bit_width(unsigned v)
{
	int w = 0;
	while (v) { w++; v >>= 1; }
	return w;
}

/* Definition levels -> number of non-null values (levels kept in b->levels). */
static int def_levels(const dd__pq_pctx *c, const uint8_t *p, size_t len, size_t n, size_t *nn)
{
	const dd__pq_leaf *l = c->leaf;
	const char *why = NULL;
	int rc = dd__pq_reserve(c, (void **)&c->b->levels, &c->b->lev_cap, n ? n : 1, sizeof(uint32_t));
	if (rc) return rc;
	if (dd__pq_rle_decode(p, len, bit_width((unsigned)l->max_def), c->b->levels, n, &why) < 0)
		return dd__pq_perr(c, DD_EPARSE, "definition levels: %s", why);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (c->b->levels[i] > (uint32_t)l->max_def) return dd__pq_perr(c, DD_EPARSE, "definition level above the maximum");
		k += c->b->levels[i] == (uint32_t)l->max_def;
	}
	*nn = k;
	return 0;
}

/* Values are packed at dst[0..nn); spread them to their rows, NULLs between. */
static void scatter(const dd__pq_pctx *c, dd_str *dst, uint8_t *isnull, size_t n, size_t nn)
{
	if (c->leaf->max_def == 0) { memset(isnull, 0, n); return; }
	size_t j = nn;
	for (size_t i = n; i-- > 0;) {
		if (c->b->levels[i] == (uint32_t)c->leaf->max_def) {
			dst[i] = dst[--j];
			isnull[i] = 0;
		} else {
			dst[i].p = "";
			dst[i].len = 0;
			isnull[i] = 1;
		}
	}
}

static int data_page(const dd__pq_pctx *c, const page_hdr *h, int codec, const uint8_t *p, dd__pq_column *out, size_t rows)
{
	size_t n = (size_t)h->nvals, nn = n, usize = (size_t)h->usize, csize = (size_t)h->csize;
	const uint8_t *d = p, *vals;
	size_t vlen;
	int rc;
	if (h->nvals < 0 || n > rows - out->n) return dd__pq_perr(c, DD_EPARSE, "page holds %d values, more than the row group has left", h->nvals);
	if (h->type == PAGE_DATA) {
		if ((rc = decompress(c, codec, p, csize, usize, &d))) return rc;
		size_t dlen = codec == PQ_CODEC_NONE ? csize : usize;
		vals = d;
		vlen = dlen;
		if (c->leaf->max_def > 0) {
			if (h->def_enc != PQ_ENC_RLE) return dd__pq_perr(c, DD_EFORMAT, "definition level encoding %d is not supported", h->def_enc);
			if (dlen < 4) return dd__pq_perr(c, DD_EPARSE, "page too short for its definition levels");
			size_t llen = (size_t)d[0] | (size_t)d[1] << 8 | (size_t)d[2] << 16 | (size_t)d[3] << 24;
			if (llen > dlen - 4) return dd__pq_perr(c, DD_EPARSE, "definition levels longer than the page");
			if ((rc = def_levels(c, d + 4, llen, n, &nn))) return rc;
			vals = d + 4 + llen;
			vlen = dlen - 4 - llen;
		}
	} else {
		if (h->def_len < 0 || h->rep_len < 0 || (size_t)h->def_len + (size_t)h->rep_len > csize ||
		    (size_t)h->def_len + (size_t)h->rep_len > usize)
			return dd__pq_perr(c, DD_EPARSE, "level lengths do not fit the page");
		size_t lv = (size_t)h->def_len + (size_t)h->rep_len;
		if (c->leaf->max_def > 0 && (rc = def_levels(c, p + h->rep_len, (size_t)h->def_len, n, &nn))) return rc;
		int cd = h->compressed ? codec : PQ_CODEC_NONE;
		if ((rc = decompress(c, cd, p + lv, csize - lv, usize - lv, &vals))) return rc;
		vlen = cd == PQ_CODEC_NONE ? csize - lv : usize - lv;
	}
	dd_str *dst = out->vals + out->n;
	if ((rc = dd__pq_decode_values(c, h->enc, vals, vlen, nn, dst))) return rc;
	scatter(c, dst, out->isnull + out->n, n, nn);
	out->n += n;
	return 0;
}

static int dict_page(const dd__pq_pctx *c, const page_hdr *h, int codec, const uint8_t *p)
{
	const uint8_t *d;
	if (h->nvals < 0) return dd__pq_perr(c, DD_EPARSE, "dictionary page with a negative count");
	if (h->enc != PQ_ENC_PLAIN && h->enc != PQ_ENC_PLAIN_DICT)
		return dd__pq_perr(c, DD_EFORMAT, "dictionary page encoding %d is not supported", h->enc);
	int rc = decompress(c, codec, p, (size_t)h->csize, (size_t)h->usize, &d);
	if (rc) return rc;
	return dd__pq_decode_dict(c, d, codec == PQ_CODEC_NONE ? (size_t)h->csize : (size_t)h->usize, (size_t)h->nvals);
}

static dd__pq_colbuf *colbuf(dd__pq_column *col)
{
	if (!col->priv_) col->priv_ = calloc(1, sizeof(dd__pq_colbuf));
	return col->priv_;
}

static int read_pages(dd__pq_pctx *c, const dd__pq_chunk *k, dd__pq_column *out, size_t rows)
{
	const uint8_t *base = c->f->data;
	int64_t pos = k->start, end = k->start + k->size;
	while (out->n < rows) {
		if (pos >= end)
			return dd_error_set(DD_EPARSE, "%s: column %s, row group %zu: pages end after %zu of %zu values",
					    c->f->name, c->leaf->name, c->rg, out->n, rows);
		c->at = pos;
		dd__thrift_reader r;
		page_hdr h;
		dd__thrift_init(&r, base + pos, (size_t)(end - pos));
		parse_page_header(&r, &h);
		if (r.err) return dd__pq_perr(c, DD_EPARSE, "page header: %s", r.err);
		int64_t body = pos + (r.p - r.start);
		if (h.csize < 0 || h.usize < 0 || h.csize > end - body) return dd__pq_perr(c, DD_EPARSE, "page size past the column chunk");
		int rc = 0;
		if ((h.type == PAGE_DATA || h.type == PAGE_DATA_V2 || h.type == PAGE_DICT) && !h.have_sub)
			return dd__pq_perr(c, DD_EPARSE, "page header without its type's header");
		if (h.type == PAGE_DICT) rc = dict_page(c, &h, k->codec, base + body);
		else if (h.type == PAGE_DATA || h.type == PAGE_DATA_V2) rc = data_page(c, &h, k->codec, base + body, out, rows);
		if (rc) return rc;
		pos = body + h.csize;
	}
	return 0;
}

int dd__pq_read_column(dd__pq_file *f, size_t rg, size_t col, dd__pq_column *out)
{
	if (!f || !out || rg >= f->ngroups || col >= f->nleaves)
		return dd_error_set(DD_EUSAGE, "dd__pq_read_column: no row group %zu / column %zu", rg, col);
	const dd__pq_leaf *l = &f->leaves[col];
	out->n = 0;
	if (!l->supported) return dd_error_set(DD_EFORMAT, "%s: column %s: %s", f->name, l->name, l->why);
	dd__pq_colbuf *b = colbuf(out);
	if (!b) return dd_error_set(DD_ENOMEM, "out of memory reading %s", f->name);
	dd__pq_arena_reset(&b->arena);
	b->have_dict = false;
	b->ndict = 0;
	dd__pq_pctx c = {f, l, rg, f->groups[rg].chunks[col].start, b};
	size_t rows = (size_t)f->groups[rg].num_rows;
	size_t cap = b->cap;
	int rc = dd__pq_reserve(&c, (void **)&out->vals, &cap, rows ? rows : 1, sizeof *out->vals);
	if (!rc) rc = dd__pq_reserve(&c, (void **)&out->isnull, &b->cap, rows ? rows : 1, 1);
	if (!rc) rc = read_pages(&c, &f->groups[rg].chunks[col], out, rows);
	if (rc) out->n = 0;
	return rc;
}

void dd__pq_column_free(dd__pq_column *c)
{
	if (!c) return;
	dd__pq_colbuf *b = c->priv_;
	if (b) {
		dd__pq_arena_free(&b->arena);
		free(b->dict);
		free(b->levels);
		free(b->idx);
		free(b->ints);
		free(b->ints2);
		free(b->tmp);
		free(b);
	}
	free(c->vals);
	free(c->isnull);
	memset(c, 0, sizeof *c);
}
