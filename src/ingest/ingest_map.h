/* ingest_map.h (internal): from a header to the roles the store's grain
 * needs, and from one row's values to a dd_row in a dd_agg. Shared by the
 * CSV and Parquet readers; one dd__map_state per thread. */
#ifndef DD_INGEST_MAP_H
#define DD_INGEST_MAP_H

#include "drawdown/agg.h"
#include "drawdown/ingest.h"

typedef enum {
	R_PERIOD, R_PERIOD_ALT, R_PAYER, R_ACCOUNT, R_SERVICE, R_SERVICE_ALT, R_SERVICE_NAME,
	R_TYPE, R_ENTITY, R_ENTITY_ALT, R_REGION, R_REGION_ALT, R_DESC, R_AMOUNT, R_SP_EFF,
	R_RI_EFF, R_EFFECTIVE, R_USAGE_TYPE, R_MAP_TAG, R_TAGS, R_CURRENCY, R_PROVIDER, R_FREQ,
	R_MAP_BOOL, /* the aggregated CSV's map_migrated column: true / false */
	R_ACCOUNT_NAME, /* the usage account's name, where the format has one */
	R_PAYER_NAME,   /* the payer's name, likewise */
	R_COUNT
} dd_role;

typedef struct {
	dd_format format;
	int col[R_COUNT];     /* column index for each role, -1 when absent */
	size_t ncols;         /* columns in the header */
	char **names;         /* header names (for messages) */
	const char *default_payer;
} dd_map;

/* What dd__map_init found when the header is not a charges file. */
#define DD_MAP_CONTRACT_COMMITMENT 1

/* Build the plan from the header. Returns 0, DD_MAP_CONTRACT_COMMITMENT (a
 * FOCUS 1.3 contract commitment dataset: no charges), or DD_EFORMAT /
 * DD_EPARSE / DD_ENOMEM with the message set (naming `file`). */
int dd__map_init(dd_map *m, const char *file, const dd_str *names, size_t n, dd_format forced,
		const char *default_payer);
void dd__map_free(dd_map *m);

/* Columns read per row, in increasing order: fills idx (room for R_COUNT),
 * returns how many. */
size_t dd__map_needed(const dd_map *m, int *idx);

typedef struct {
	char *name;
	size_t len;
	bool known, keep_desc;
	int eff;              /* 0 amount, 1 Savings Plan effective, 2 reservation effective */
	dd_ingest_tally *tally; /* for unknown types */
} dd_type_info;

typedef struct {
	dd_agg *agg;
	uint64_t rows, skipped_rows;
	dd_money skipped_amount;
	dd_ingest_tally *unknown; size_t nunknown;
	dd_ingest_tally *providers; size_t nproviders;
	char currency[16]; size_t currency_len;
	uint64_t currency_loc; /* driver's location of the first currency seen */
	uint64_t loc;          /* the driver sets this before each row */
	/* caches: consecutive rows repeat these values */
	char period_text[40]; size_t period_len; dd_month period;
	dd_type_info *types; size_t ntypes; size_t last_type;
} dd__map_state;

/* A value error in a row: message parts, the driver adds file and line. */
typedef struct {
	int code;             /* DD_EPARSE, DD_EINVALID, DD_EOVERFLOW, DD_ENOMEM */
	int col;              /* 0-based column, -1 when none */
	const char *expected; /* "a decimal number", ... */
	char got[72];         /* the offending text (truncated) */
	char note[96];        /* extra words, e.g. where the currency came from */
} dd__map_err;

void dd__map_state_init(dd__map_state *st, dd_agg *agg);
void dd__map_state_free(dd__map_state *st); /* tallies and caches; not the agg */

/* Map one row. vals[role] holds the (already unquoted) value of each role's
 * column; absent columns have len 0. Returns 0 or a negative code with *err
 * filled. */
int dd__map_row(const dd_map *m, dd__map_state *st, const dd_str *vals, dd__map_err *err);

/* Join src's tallies and counts into dst (aggs are merged by the caller).
 * Returns 0, DD_ENOMEM, or DD_EINVALID when the currencies differ (err->got
 * holds src's currency). */
int dd__map_state_merge(dd__map_state *dst, const dd__map_state *src, dd__map_err *err);

/* Add a state's counts and tallies to a report. */
int dd__map_report(const dd__map_state *st, dd_format f, dd_ingest_report *r);

/* Add (name, rows, amount) into a tally list. */
int dd__tally_add(dd_ingest_tally **list, size_t *n, const char *name, size_t len, uint64_t rows,
		 dd_money amount);

#endif
