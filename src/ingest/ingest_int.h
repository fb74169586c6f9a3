/* ingest_int.h (internal): what the importer's source files share: the
 * context of one file's import, the CSV drivers (plain file / memory, and a
 * stream fed by a decompressor or a pipe), the gzip, zip and Parquet readers. */
#ifndef DD_INGEST_INT_H
#define DD_INGEST_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "drawdown/ingest.h"

#define DD_INGEST_BLOCK ((size_t)8 << 20)       /* bytes per read / inflate block */
#define DD_INGEST_MAX_RECORD ((size_t)64 << 20) /* one CSV record may not exceed this */

typedef struct {
	const char *name;               /* for messages */
	const dd_ingest_options *opt;   /* never NULL (defaults filled in) */
	dd_agg *agg;
	dd_ingest_report *report;       /* may be NULL */
} dd_ingest_ctx;

/* The container a file's first bytes announce: "gzip", "Parquet", "zip"
 * (a local file header, or the end record alone: an empty archive), or
 * NULL for anything else (CSV). */
const char *dd__container_kind(const uint8_t *p, size_t n);

/* Worker threads to use (opt->threads, 0 = online cores). */
int dd__ingest_threads(const dd_ingest_options *opt);

/* Note a recognised file that holds no charges in the report. */
int dd__ingest_ignore(dd_ingest_ctx *c, const char *why);

/* A thread's totals that could not be joined to the first thread's
 * (DD_ENOMEM, or DD_EOVERFLOW for a total out of range), named with the file. */
int dd__ingest_merge_fail(const char *name, int code);

/* Plain CSV from memory (mem != NULL) or from a file descriptor, split
 * across threads at record boundaries. */
int dd__csv_ingest(dd_ingest_ctx *c, const char *mem, int fd, uint64_t size);

/* Streamed CSV (after gzip or zip): feed contiguous data from the start
 * of the decompressed stream; the unconsumed tail must be fed again in
 * front of the next data. `off` is the stream offset of p[0]. */
typedef struct dd__csv_stream dd__csv_stream;
int dd__csv_stream_new(dd_ingest_ctx *c, dd__csv_stream **out);
int dd__csv_stream_feed(dd__csv_stream *s, const char *p, size_t n, uint64_t off, bool eof,
			size_t *consumed);
/* After a failed feed: the stream offset of the failing record, or
 * UINT64_MAX when the message is already complete. */
uint64_t dd__csv_stream_err_off(const dd__csv_stream *s);
/* Complete the pending error message given the line of err_off. */
int dd__csv_stream_fail(dd__csv_stream *s, uint64_t line);
int dd__csv_stream_finish(dd__csv_stream *s); /* report, after eof */
void dd__csv_stream_free(dd__csv_stream *s);

/* A decompressed byte stream, parsed as CSV by dd__stream_ingest. read
 * runs on a reader thread (so it must not touch the thread's last error:
 * it writes msg instead); line_of runs on the caller's thread once the
 * reader has stopped. */
typedef struct {
	void *ctx;
	/* Up to cap bytes into out, filling it unless the stream ends: 0 with
	 * *n and *eof (set with the last bytes), or an error code with msg. */
	int (*read)(void *ctx, uint8_t *out, size_t cap, size_t *n, bool *eof);
	/* Input bytes consumed so far, of `total`, for progress. */
	uint64_t (*consumed)(void *ctx);
	/* Line number of decompressed offset off (0 when unknown). */
	uint64_t (*line_of)(void *ctx, uint64_t off);
	const char *msg;  /* the read error's text, without the file name */
	uint64_t total;
} dd_stream_src;

/* Parse src as one CSV file named c->name. A src without line_of (a pipe,
 * which cannot be read twice) has its lines counted as it is parsed. */
int dd__stream_ingest(dd_ingest_ctx *c, const dd_stream_src *src);

/* A pipe, FIFO or terminal: read front to back once, its size unknown. The
 * first bytes were read already to tell the format; they come first. */
typedef struct {
	int fd;
	uint8_t head[64];  /* DD_TEXTENC_PROBE */
	size_t nhead, pos; /* head bytes held, and handed out */
	uint64_t in;       /* bytes handed out so far */
} dd_pipe;

/* Fill out with up to cap bytes, fewer only at the end of input: the
 * count (0 at the end), or -1 with errno on a read error. */
long long dd__pipe_read(dd_pipe *p, uint8_t *out, size_t cap);

/* Import from a pipe (ingest_stream.c): CSV or gzip, told from its first
 * bytes; Parquet and zip need seeking and are refused with DD_EFORMAT. */
int dd__pipe_ingest(dd_ingest_ctx *c, int fd);

/* gzip (one or more members), from memory or a file descriptor. */
int dd__gz_ingest(dd_ingest_ctx *c, const uint8_t *mem, int fd, uint64_t size);
/* gzip from a pipe. */
int dd__gz_ingest_pipe(dd_ingest_ctx *c, dd_pipe *p);

/* zip archive, every file member as a CSV file of its own, from memory or
 * a file descriptor. */
int dd__zip_ingest(dd_ingest_ctx *c, const uint8_t *mem, int fd, uint64_t size);

/* Parquet, from memory or a path; DD_EFORMAT when not built in. */
int dd__parquet_ingest(dd_ingest_ctx *c, const uint8_t *mem, size_t len, const char *path);

#endif
