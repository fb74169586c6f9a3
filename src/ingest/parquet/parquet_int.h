/* parquet_int.h: the parsed footer shared by parquet_meta.c (footer),
 * parquet.c (pages, levels, encodings) and parquet_text.c (value text). */
#ifndef DRAWDOWN_PARQUET_INT_H
#define DRAWDOWN_PARQUET_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parquet.h"

/* Parquet enums (parquet.thrift). */
enum { PQ_BOOLEAN = 0, PQ_INT32 = 1, PQ_INT64 = 2, PQ_INT96 = 3, PQ_FLOAT = 4,
       PQ_DOUBLE = 5, PQ_BYTE_ARRAY = 6, PQ_FLBA = 7 };
enum { PQ_REQUIRED = 0, PQ_OPTIONAL = 1, PQ_REPEATED = 2 };
enum { PQ_CODEC_NONE = 0, PQ_CODEC_SNAPPY = 1, PQ_CODEC_GZIP = 2, PQ_CODEC_ZSTD = 6 };
enum { PQ_ENC_PLAIN = 0, PQ_ENC_PLAIN_DICT = 2, PQ_ENC_RLE = 3, PQ_ENC_BIT_PACKED = 4,
       PQ_ENC_DELTA_BINARY = 5, PQ_ENC_DELTA_LENGTH = 6, PQ_ENC_DELTA_BYTE_ARRAY = 7,
       PQ_ENC_RLE_DICT = 8, PQ_ENC_BYTE_STREAM_SPLIT = 9 };

/* How a leaf's values are shown as text (from logical / converted types). */
typedef enum {
	PQ_SHOW_PLAIN = 0, /* strings as-is, numbers in decimal */
	PQ_SHOW_UNSIGNED,  /* UINT_* / INTEGER(signed=false) */
	PQ_SHOW_DECIMAL,   /* scaled integer */
	PQ_SHOW_DATE,      /* days since 1970-01-01 */
	PQ_SHOW_TIMESTAMP, /* units since the epoch */
	PQ_SHOW_TIME,      /* units since midnight */
	PQ_SHOW_UUID,
	PQ_SHOW_FLOAT16
} dd__pq_show;

typedef struct {
	char *name;         /* dotted path */
	int type;           /* physical */
	int32_t type_length;
	dd__pq_show show;
	int32_t scale;      /* DECIMAL */
	int unit;           /* TIMESTAMP/TIME: 1000 (ms), 1000000 (us), 1000000000 (ns) */
	bool utc;           /* TIMESTAMP: adjusted to UTC (adds 'Z') */
	int16_t max_def, max_rep;
	bool supported;
	const char *why;    /* when not supported */
} dd__pq_leaf;

typedef struct {
	int type, codec;
	int64_t num_values;
	int64_t start, size; /* byte range of all pages (dictionary first) */
} dd__pq_chunk;

typedef struct {
	int64_t num_rows;
	dd__pq_chunk *chunks; /* one per leaf */
} dd__pq_group;

struct dd__pq_file {
	char *name;
	const uint8_t *data;
	size_t len;
	bool mapped;
	int64_t num_rows;
	size_t nleaves, ngroups;
	dd__pq_leaf *leaves;
	dd__pq_group *groups;
};

/* parquet_meta.c: parse the footer into f (leaves, groups). */
int dd__pq_parse_footer(dd__pq_file *f);
void dd__pq_free_meta(dd__pq_file *f);

/* A growable arena of fixed blocks: views into it stay valid until reset. */
typedef struct dd__pq_block dd__pq_block;
typedef struct {
	dd__pq_block *head, *cur;
} dd__pq_arena;
void *dd__pq_arena_alloc(dd__pq_arena *a, size_t n);
void dd__pq_arena_reset(dd__pq_arena *a);
void dd__pq_arena_free(dd__pq_arena *a);

/* parquet_text.c: text of one fixed-size value (`v` points at its plain
 * encoding, `n` bytes) or a BYTE_ARRAY; written into the arena. */
int dd__pq_text(const dd__pq_leaf *l, const uint8_t *v, size_t n, dd__pq_arena *a, dd_str *out);
/* Does this leaf's text differ from its raw bytes (so needs dd__pq_text)? */
bool dd__pq_leaf_needs_text(const dd__pq_leaf *l);
/* Shortest round-trip text of a double / float (exposed for tests). */
size_t dd__pq_double_text(double d, char *buf);
size_t dd__pq_float_text(float d, char *buf);

/* Per-column reusable buffers (dd__pq_column.priv_). */
typedef struct {
	dd__pq_arena arena;      /* decompressed pages and value text */
	dd_str *dict;        /* dictionary entries as text, converted once */
	size_t ndict, dict_cap;
	bool have_dict;      /* this chunk's dictionary page was read */
	size_t cap;          /* of vals / isnull */
	uint32_t *levels;    /* definition levels of a page */
	uint32_t *idx;       /* dictionary indices of a page */
	int64_t *ints, *ints2; /* DELTA_* scratch */
	uint8_t *tmp;        /* BYTE_STREAM_SPLIT gather */
	size_t lev_cap, idx_cap, ints_cap, ints2_cap, tmp_cap;
} dd__pq_colbuf;

/* Where a page is, for error messages. */
typedef struct {
	const dd__pq_file *f;
	const dd__pq_leaf *leaf;
	size_t rg;
	int64_t at;
	dd__pq_colbuf *b;
} dd__pq_pctx;

int dd__pq_perr(const dd__pq_pctx *c, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
/* Grow *buf to hold n elements of size sz (kept when big enough). */
int dd__pq_reserve(const dd__pq_pctx *c, void **buf, size_t *cap, size_t n, size_t sz);

/* parquet_decode.c */
/* RLE / bit-packed hybrid: n values of bit width bw (0..32) into out.
 * Returns bytes consumed, or -1 with *why set. */
long dd__pq_rle_decode(const uint8_t *p, size_t len, int bw, uint32_t *out, size_t n, const char **why);
/* Non-null values of a data page (encoding `enc`) into out[0..nn). */
int dd__pq_decode_values(const dd__pq_pctx *c, int enc, const uint8_t *p, size_t len, size_t nn, dd_str *out);
/* A dictionary page (PLAIN values) into c->b->dict. */
int dd__pq_decode_dict(const dd__pq_pctx *c, const uint8_t *p, size_t len, size_t n);

#endif
