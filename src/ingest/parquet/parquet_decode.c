/* parquet_decode.c: Parquet value encodings -> text views: PLAIN, dictionary
 * indices, the RLE/bit-packed hybrid, DELTA_BINARY_PACKED,
 * DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT. Each
 * decoder checks every length against the page it reads. */
#include <string.h>

#include "drawdown/common.h"
#include "parquet_int.h"

static uint32_t le32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

/* bw (0..64) bits starting at bit `pos`, LSB first; caller checked bounds. */
static uint64_t bits_at(const uint8_t *p, uint64_t pos, int bw)
{
	uint64_t v = 0;
	int got = 0;
	p += pos >> 3;
	int skip = (int)(pos & 7);
	while (got < bw) {
		uint64_t byte = (uint64_t)(*p++ >> skip);
		int take = 8 - skip;
		v |= byte << got;
		got += take;
		skip = 0;
	}
	return bw == 64 ? v : v & ((UINT64_C(1) << bw) - 1);
}

static bool uvarint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
	uint64_t v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (*p >= end) return false;
		uint8_t b = *(*p)++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) { *out = v; return true; }
	}
	return false;
}

long dd__pq_rle_decode(const uint8_t *p, size_t len, int bw, uint32_t *out, size_t n, const char **why)
{
	const uint8_t *s = p, *end = p + len;
	size_t got = 0;
	if (bw < 0 || bw > 32) { *why = "bit width above 32"; return -1; }
	size_t vbytes = ((size_t)bw + 7) / 8;
	while (got < n) {
		uint64_t h;
		if (!uvarint(&p, end, &h) || h > UINT32_MAX) { *why = "truncated or bad RLE run header"; return -1; }
		if (h & 1) {
			uint64_t count = (h >> 1) * 8, avail = (uint64_t)(end - p) * 8;
			uint64_t take = count < n - got ? count : n - got;
			if (take * (uint64_t)bw > avail) { *why = "bit-packed run past the end of the page"; return -1; }
			for (uint64_t i = 0; i < take; i++) out[got + i] = (uint32_t)bits_at(p, i * (uint64_t)bw, bw);
			uint64_t used = (count * (uint64_t)bw + 7) / 8;
			p += used < (uint64_t)(end - p) ? used : (uint64_t)(end - p);
			got += take;
		} else {
			uint64_t count = h >> 1;
			if ((size_t)(end - p) < vbytes) { *why = "RLE run past the end of the page"; return -1; }
			uint32_t v = 0;
			for (size_t i = 0; i < vbytes; i++) v |= (uint32_t)p[i] << (8 * i);
			p += vbytes;
			if (bw < 32 && (v >> bw)) { *why = "RLE value wider than its bit width"; return -1; }
			uint64_t take = count < n - got ? count : n - got;
			for (uint64_t i = 0; i < take; i++) out[got + i] = v;
			got += take;
		}
	}
	return (long)(p - s);
}

/* ---- DELTA_BINARY_PACKED ----------------------------------------------- */

/* Decodes exactly `want` values into out; returns bytes consumed or -1. */
static long delta_ints(const uint8_t *p, size_t len, int64_t *out, size_t want, const char **why)
{
	const uint8_t *s = p, *end = p + len;
	uint64_t bsize, nmini, total, zz;
	if (!uvarint(&p, end, &bsize) || !uvarint(&p, end, &nmini) || !uvarint(&p, end, &total) ||
	    !uvarint(&p, end, &zz)) { *why = "truncated DELTA_BINARY_PACKED header"; return -1; }
	if (bsize == 0 || bsize % 128 || bsize > (1u << 20) || nmini == 0 || bsize % nmini || (bsize / nmini) % 32) {
		*why = "bad DELTA_BINARY_PACKED block size";
		return -1;
	}
	if (total != want) { *why = "DELTA_BINARY_PACKED count differs from the page's"; return -1; }
	if (want == 0) return (long)(p - s);
	uint64_t per = bsize / nmini, cur = (zz >> 1) ^ -(zz & 1);
	size_t got = 0;
	out[got++] = (int64_t)cur;
	while (got < want) {
		uint64_t mz;
		if (!uvarint(&p, end, &mz)) { *why = "truncated DELTA_BINARY_PACKED block"; return -1; }
		uint64_t min = (mz >> 1) ^ -(mz & 1);
		if ((uint64_t)(end - p) < nmini) { *why = "truncated DELTA_BINARY_PACKED widths"; return -1; }
		const uint8_t *widths = p;
		p += nmini;
		for (uint64_t m = 0; m < nmini && got < want; m++) {
			int bw = widths[m];
			if (bw > 64) { *why = "DELTA_BINARY_PACKED bit width above 64"; return -1; }
			uint64_t bytes = per * (uint64_t)bw / 8;
			uint64_t take = per < want - got ? per : want - got;
			if ((uint64_t)(end - p) < (take * (uint64_t)bw + 7) / 8) { *why = "DELTA_BINARY_PACKED miniblock past the end"; return -1; }
			for (uint64_t i = 0; i < take; i++) {
				cur += min + bits_at(p, i * (uint64_t)bw, bw);
				out[got++] = (int64_t)cur;
			}
			p += bytes < (uint64_t)(end - p) ? bytes : (uint64_t)(end - p);
		}
	}
	return (long)(p - s);
}

/* ---- value decoders ----------------------------------------------------- */

static int text_of(const dd__pq_pctx *c, const uint8_t *v, size_t n, dd_str *out)
{
	return dd__pq_text(c->leaf, v, n, &c->b->arena, out);
}

static size_t fixed_size(const dd__pq_leaf *l)
{
	switch (l->type) {
	case PQ_INT32: case PQ_FLOAT: return 4;
	case PQ_INT64: case PQ_DOUBLE: return 8;
	case PQ_INT96: return 12;
	case PQ_FLBA: return (size_t)l->type_length;
	default: return 0;
	}
}

static int plain(const dd__pq_pctx *c, const uint8_t *p, size_t len, size_t nn, dd_str *out, size_t *used)
{
	const dd__pq_leaf *l = c->leaf;
	int rc = 0;
	if (l->type == PQ_BOOLEAN) {
		if ((nn + 7) / 8 > len) return dd__pq_perr(c, DD_EPARSE, "PLAIN booleans past the end of the page");
		for (size_t i = 0; i < nn; i++) {
			uint8_t bit = (p[i >> 3] >> (i & 7)) & 1;
			text_of(c, &bit, 1, &out[i]);
		}
		*used = (nn + 7) / 8;
		return 0;
	}
	if (l->type == PQ_BYTE_ARRAY) {
		const uint8_t *s = p, *end = p + len;
		bool conv = dd__pq_leaf_needs_text(l);
		for (size_t i = 0; i < nn && !rc; i++) {
			if (end - p < 4) return dd__pq_perr(c, DD_EPARSE, "PLAIN string %zu past the end of the page", i);
			uint32_t n = le32(p);
			p += 4;
			if (n > (size_t)(end - p)) return dd__pq_perr(c, DD_EPARSE, "PLAIN string %zu of %u bytes past the end of the page", i, n);
			if (conv) rc = text_of(c, p, n, &out[i]);
			else { out[i].p = (const char *)p; out[i].len = n; }
			p += n;
		}
		*used = (size_t)(p - s);
		return rc;
	}
	size_t sz = fixed_size(l);
	if (sz == 0 || nn > len / sz) return dd__pq_perr(c, DD_EPARSE, "%zu PLAIN values of %zu bytes past the end of the page", nn, sz);
	for (size_t i = 0; i < nn && !rc; i++) rc = text_of(c, p + i * sz, sz, &out[i]);
	*used = nn * sz;
	return rc;
}

static int dict_indices(const dd__pq_pctx *c, const uint8_t *p, size_t len, size_t nn, dd_str *out)
{
	dd__pq_colbuf *b = c->b;
	const char *why = NULL;
	if (!b->have_dict) return dd__pq_perr(c, DD_EPARSE, "dictionary-encoded page without a dictionary page");
	if (nn == 0) return 0;
	if (len < 1) return dd__pq_perr(c, DD_EPARSE, "dictionary page data is empty");
	int rc = dd__pq_reserve(c, (void **)&b->idx, &b->idx_cap, nn, sizeof *b->idx);
	if (rc) return rc;
	if (dd__pq_rle_decode(p + 1, len - 1, p[0], b->idx, nn, &why) < 0)
		return dd__pq_perr(c, DD_EPARSE, "dictionary indices: %s", why);
	for (size_t i = 0; i < nn; i++) {
		if (b->idx[i] >= b->ndict)
			return dd__pq_perr(c, DD_EPARSE, "dictionary index %u out of range (%zu entries)", b->idx[i], b->ndict);
		out[i] = b->dict[b->idx[i]];
	}
	return 0;
}

static int rle_bools(const dd__pq_pctx *c, const uint8_t *p, size_t len, size_t nn, dd_str *out)
{
	const char *why = NULL;
	if (c->leaf->type != PQ_BOOLEAN) return dd__pq_perr(c, DD_EFORMAT, "RLE encoding for a non-boolean column");
	if (len < 4 || le32(p) > len - 4) return dd__pq_perr(c, DD_EPARSE, "RLE booleans: bad length prefix");
	int rc = dd__pq_reserve(c, (void **)&c->b->idx, &c->b->idx_cap, nn, sizeof *c->b->idx);
	if (rc) return rc;
	if (dd__pq_rle_decode(p + 4, le32(p), 1, c->b->idx, nn, &why) < 0) return dd__pq_perr(c, DD_EPARSE, "RLE booleans: %s", why);
	for (size_t i = 0; i < nn; i++) {
		uint8_t bit = (uint8_t)c->b->idx[i];
		text_of(c, &bit, 1, &out[i]);
	}
	return 0;
}

static int delta_binary(const dd__pq_pctx *c, const uint8_t *p, size_t len, size_t nn, dd_str *out)
{
	const char *why = NULL;
	int t = c->leaf->type;
	if (t != PQ_INT32 && t != PQ_INT64) return dd__pq_perr(c, DD_EFORMAT, "DELTA_BINARY_PACKED for a non-integer column");
	int rc = dd__pq_reserve(c, (void **)&c->b->ints, &c->b->ints_cap, nn ? nn : 1, sizeof(int64_t));
	if (rc) return rc;
	if (delta_ints(p, len, c->b->ints, nn, &why) < 0) return dd__pq_perr(c, DD_EPARSE, "%s", why);
	for (size_t i = 0; i < nn && !rc; i++) {
		uint8_t le[8];
		uint64_t v = (uint64_t)c->b->ints[i];
		for (int k = 0; k < 8; k++) le[k] = (uint8_t)(v >> (8 * k));
		rc = text_of(c, le, t == PQ_INT32 ? 4 : 8, &out[i]);
	}
	return rc;
}

/* Lengths (DELTA_BINARY_PACKED) then the concatenated bytes. */
static int delta_length(const dd__pq_pctx *c, const uint8_t *p, size_t len, size_t nn, dd_str *out)
{
	const char *why = NULL;
	int rc = dd__pq_reserve(c, (void **)&c->b->ints, &c->b->ints_cap, nn ? nn : 1, sizeof(int64_t));
	if (rc) return rc;
	long used = delta_ints(p, len, c->b->ints, nn, &why);
	if (used < 0) return dd__pq_perr(c, DD_EPARSE, "DELTA_LENGTH_BYTE_ARRAY lengths: %s", why);
	const uint8_t *s = p + used, *end = p + len;
	bool conv = dd__pq_leaf_needs_text(c->leaf);
	for (size_t i = 0; i < nn && !rc; i++) {
		int64_t n = c->b->ints[i];
		if (n < 0 || n > end - s) return dd__pq_perr(c, DD_EPARSE, "DELTA_LENGTH_BYTE_ARRAY value %zu past the end", i);
		if (conv) rc = text_of(c, s, (size_t)n, &out[i]);
		else { out[i].p = (const char *)s; out[i].len = (size_t)n; }
		s += n;
	}
	return rc;
}

/* Prefix lengths, then suffixes as DELTA_LENGTH_BYTE_ARRAY; each value is
 * rebuilt in the arena from the previous value's prefix. */
static int delta_strings(const dd__pq_pctx *c, const uint8_t *p, size_t len, size_t nn, dd_str *out)
{
	const char *why = NULL;
	dd__pq_colbuf *b = c->b;
	int rc = dd__pq_reserve(c, (void **)&b->ints2, &b->ints2_cap, nn ? nn : 1, sizeof(int64_t));
	if (rc) return rc;
	long used = delta_ints(p, len, b->ints2, nn, &why);
	if (used < 0) return dd__pq_perr(c, DD_EPARSE, "DELTA_BYTE_ARRAY prefixes: %s", why);
	dd__pq_leaf raw = *c->leaf;
	raw.show = PQ_SHOW_PLAIN; /* suffixes are bytes; convert the whole value below */
	dd__pq_pctx rc2 = *c;
	rc2.leaf = &raw;
	if ((rc = delta_length(&rc2, p + used, len - (size_t)used, nn, out))) return rc;
	dd_str prev = {"", 0};
	for (size_t i = 0; i < nn; i++) {
		int64_t pre = b->ints2[i];
		if (pre < 0 || (size_t)pre > prev.len) return dd__pq_perr(c, DD_EPARSE, "DELTA_BYTE_ARRAY prefix %zu longer than the previous value", i);
		if (pre > 0) {
			char *v = dd__pq_arena_alloc(&b->arena, (size_t)pre + out[i].len);
			if (!v) return dd__pq_perr(c, DD_ENOMEM, "out of memory");
			memcpy(v, prev.p, (size_t)pre);
			memcpy(v + pre, out[i].p, out[i].len);
			out[i].p = v;
			out[i].len += (size_t)pre;
		}
		prev = out[i];
	}
	if (dd__pq_leaf_needs_text(c->leaf))
		for (size_t i = 0; i < nn && !rc; i++) rc = text_of(c, (const uint8_t *)out[i].p, out[i].len, &out[i]);
	return rc;
}

static int stream_split(const dd__pq_pctx *c, const uint8_t *p, size_t len, size_t nn, dd_str *out)
{
	size_t sz = c->leaf->type == PQ_BYTE_ARRAY || c->leaf->type == PQ_BOOLEAN ? 0 : fixed_size(c->leaf);
	if (sz == 0) return dd__pq_perr(c, DD_EFORMAT, "BYTE_STREAM_SPLIT for a variable-size column");
	if (nn > len / sz) return dd__pq_perr(c, DD_EPARSE, "BYTE_STREAM_SPLIT values past the end of the page");
	int rc = dd__pq_reserve(c, (void **)&c->b->tmp, &c->b->tmp_cap, sz, 1);
	for (size_t i = 0; i < nn && !rc; i++) {
		for (size_t k = 0; k < sz; k++) c->b->tmp[k] = p[k * nn + i];
		rc = text_of(c, c->b->tmp, sz, &out[i]);
	}
	return rc;
}

int dd__pq_decode_values(const dd__pq_pctx *c, int enc, const uint8_t *p, size_t len, size_t nn, dd_str *out)
{
	size_t used;
	switch (enc) {
	case PQ_ENC_PLAIN: return plain(c, p, len, nn, out, &used);
	case PQ_ENC_PLAIN_DICT: case PQ_ENC_RLE_DICT: return dict_indices(c, p, len, nn, out);
	case PQ_ENC_RLE: return rle_bools(c, p, len, nn, out);
	case PQ_ENC_DELTA_BINARY: return delta_binary(c, p, len, nn, out);
	case PQ_ENC_DELTA_LENGTH: return delta_length(c, p, len, nn, out);
	case PQ_ENC_DELTA_BYTE_ARRAY: return delta_strings(c, p, len, nn, out);
	case PQ_ENC_BYTE_STREAM_SPLIT: return stream_split(c, p, len, nn, out);
	default: return dd__pq_perr(c, DD_EFORMAT, "value encoding %d is not supported", enc);
	}
}

int dd__pq_decode_dict(const dd__pq_pctx *c, const uint8_t *p, size_t len, size_t n)
{
	dd__pq_colbuf *b = c->b;
	size_t used;
	if (b->have_dict) return dd__pq_perr(c, DD_EPARSE, "a second dictionary page");
	b->have_dict = true;
	b->ndict = 0;
	/* Every PLAIN value takes at least one bit: bounds n before allocating. */
	if (n > len * 8) return dd__pq_perr(c, DD_EPARSE, "dictionary of %zu entries in %zu bytes", n, len);
	int rc = dd__pq_reserve(c, (void **)&b->dict, &b->dict_cap, n ? n : 1, sizeof *b->dict);
	if (rc) return rc;
	rc = plain(c, p, len, n, b->dict, &used);
	b->ndict = rc ? 0 : n;
	return rc;
}
