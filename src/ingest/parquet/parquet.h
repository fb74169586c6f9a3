/* parquet.h: drawdown's own read-only Parquet reader (internal, not public API).
 *
 * It turns each column chunk of a Parquet file into text views, which the
 * importers then parse like CSV fields (money exactly, via dd_money_parse).
 * Covers what AWS exports and common writers (Arrow, Spark, DuckDB) produce:
 * flat or non-repeated nested schemas, data pages v1/v2, dictionary pages,
 * PLAIN / dictionary / RLE / DELTA_* / BYTE_STREAM_SPLIT encodings,
 * UNCOMPRESSED / SNAPPY / GZIP / ZSTD. Repeated columns (lists, maps) are
 * listed but reported unsupported.
 *
 * Threads: after dd__pq_open the handle is never written, so two threads may
 * read different columns or row groups at once, each with its own column. */
#ifndef DRAWDOWN_PARQUET_H
#define DRAWDOWN_PARQUET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drawdown/common.h" /* dd_str */

typedef struct dd__pq_file dd__pq_file;

/* Open a file (mmap) or a buffer (borrowed, must outlive the handle). Parses
 * and validates the footer. Errors: DD_EIO / DD_EFORMAT / DD_EPARSE / DD_ENOMEM
 * with a message naming the file and what is wrong. *out belongs to the
 * caller: dd__pq_close it. */
int dd__pq_open(const char *path, dd__pq_file **out);
int dd__pq_open_buffer(const char *name, const uint8_t *data, size_t len, dd__pq_file **out);
/* Accepts NULL. */
void dd__pq_close(dd__pq_file *f);

size_t dd__pq_num_columns(const dd__pq_file *f);                   /* leaf columns */
const char *dd__pq_column_name(const dd__pq_file *f, size_t col);  /* dotted path for nested; borrowed */
bool dd__pq_column_supported(const dd__pq_file *f, size_t col);
uint64_t dd__pq_num_rows(const dd__pq_file *f);
size_t dd__pq_num_row_groups(const dd__pq_file *f);
uint64_t dd__pq_row_group_rows(const dd__pq_file *f, size_t rg);
/* Index of the leaf column whose dotted name is `name`, or -1. */
long dd__pq_find_column(const dd__pq_file *f, const char *name);

/* Values of one column chunk as text views. NULL values have isnull[i]=1 and
 * len 0. Views point into memory owned by `col` (or the mapped file) and stay
 * valid until the next dd__pq_read_column into the same `col` or
 * dd__pq_column_free. Start with a zeroed dd__pq_column; reusing it reuses its
 * buffers. */
typedef struct {
	dd_str *vals;
	uint8_t *isnull;
	size_t n;
	void *priv_;
} dd__pq_column;
int dd__pq_read_column(dd__pq_file *f, size_t rg, size_t col, dd__pq_column *col_out);
/* Done with row group rg of a mapped file: the pages of all its column
 * chunks leave this process's resident set (also those of columns not read,
 * which the kernel maps in around each page fault), so a reader releasing
 * each group after use stays in bounded memory whatever the file size.
 * Views into the group stay valid: a page read again comes back from the
 * file. No effect on a file opened from a buffer. */
void dd__pq_release_row_group(dd__pq_file *f, size_t rg);
/* Frees the buffers and zeroes *c; accepts NULL and a zeroed column. */
void dd__pq_column_free(dd__pq_column *c);

#endif
