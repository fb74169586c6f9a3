/* ingest.h: readers of billing files into a dd_agg. The aggregated charges
 * CSV (SPEC 2.2), legacy CUR, CUR 2.0 / Athena snake_case and FOCUS 1.x, as
 * CSV, gzip, zip or Parquet, detected from content and header. */
#ifndef DRAWDOWN_INGEST_H
#define DRAWDOWN_INGEST_H

#include "agg.h"
#include "common.h"
#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

typedef enum {
	DD_FORMAT_AUTO = 0,
	DD_FORMAT_AGGREGATED, /* billing_period,payer_account,usage_account,... */
	DD_FORMAT_CUR,        /* legacy CUR: lineItem/UnblendedCost, ... */
	DD_FORMAT_CUR2,       /* CUR 2.0 / Athena: line_item_unblended_cost, ... */
	DD_FORMAT_FOCUS       /* FOCUS 1.0-1.2: BilledCost, ChargeCategory, ... */
} dd_format;

const char *dd_format_name(dd_format f); /* "aggregated", "cur", "cur2", "focus" */
/* Parse a --format value; DD_EUSAGE when unknown. */
int dd_format_parse(const char *s, dd_format *out);

/* total_bytes is 0 when the size is unknown (a stream). */
typedef void (*dd_progress_fn)(void *ctx, uint64_t done_bytes, uint64_t total_bytes);

typedef struct {
	dd_format format;           /* DD_FORMAT_AUTO to detect */
	const char *default_payer;  /* used when the file has no payer column */
	int threads;                /* 0 = number of cores */
	dd_progress_fn progress;    /* may be NULL */
	void *progress_ctx;
} dd_ingest_options;

typedef struct {
	char *name;
	uint64_t rows;
	dd_money amount;
} dd_ingest_tally;

typedef struct {
	dd_format format;           /* what was read */
	uint64_t rows;              /* data rows read */
	uint64_t skipped_rows;      /* rows of other providers (FOCUS) */
	dd_money skipped_amount;
	dd_ingest_tally *unknown_types; size_t nunknown; /* kept, and listed */
	dd_ingest_tally *skipped_providers; size_t nskipped_providers;
	/* Files recognised but holding no charges (FOCUS 1.3 contract
	 * commitment datasets): listed, nothing imported from them. */
	char **ignored_files; size_t nignored_files;
} dd_ingest_report;

/* Frees the contents only. A report must be zero-initialised before its
 * first use; each dd_ingest_path / dd_ingest_buffer call ADDS to it (so one
 * report can sum an import of several files). */
void dd_ingest_report_dispose(dd_ingest_report *r);

/* Read one file (plain, .gz, .zip or Parquet) or a directory / manifest of
 * parts into agg. A directory imports every *.csv, *.csv.gz, *.csv.zip and
 * *.parquet under it (recursively, sorted by path); a CUR manifest (*.json
 * with reportKeys or dataFiles) imports the listed parts found next to it
 * (by base name). A zip archive imports each file member (in name order) as
 * a CSV file named "archive: member" in messages. "-" is standard input
 * (named "stdin" in messages); it, a pipe, a FIFO or a character device is
 * read once front to back as plain or gzip CSV, and a Parquet or zip file
 * there is refused (DD_EFORMAT: they need seeking). A FIFO without a
 * writer yet is waited on until one writes or closes it.
 * Value errors read "file:line:column: <column name>: expected ..., got
 * "..."", where line is the physical line where the record starts and
 * column the 1-based field number. report may be NULL.
 * On error returns DD_EIO / DD_EPARSE / DD_EFORMAT with a message
 * naming the file, line (or row group) and column; agg is then in an
 * unspecified state and must be discarded (the store is not touched). */
int dd_ingest_path(const char *path, const dd_ingest_options *opt, dd_agg *agg,
		   dd_ingest_report *report);

/* Read from memory (tests, fuzzers). `name` is used in messages. */
int dd_ingest_buffer(const char *name, const char *data, size_t len,
		     const dd_ingest_options *opt, dd_agg *agg, dd_ingest_report *report);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
