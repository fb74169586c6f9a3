/* ingest_parquet.c: Parquet files into a dd_agg, through the same format
 * mapping as CSV (ingest_map.c). Only the columns the mapping needs are
 * decoded (src/parquet.h gives them as text views, money parsed exactly by
 * dd_money_parse). Row groups are shared out among threads, each with its
 * own dd_agg, joined in row-group order at the end. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_int.h"
#include "ingest_map.h"
#include "parquet.h"

typedef struct {
	dd__pq_file *f;
	const dd_map *map;
	const char *name;
	int nthreads, t;
	dd_agg *own;
	dd__map_state st;
	dd__pq_column cols[R_COUNT]; /* one per needed column, by slot */
	int slot[R_COUNT];          /* role -> slot, -1 when absent */
	int colidx[R_COUNT];        /* slot -> file column */
	int nslots;
	/* first error */
	int err;
	size_t err_rg;
	uint64_t err_row;
	bool err_whole;      /* err_msg is the Parquet reader's, naming file, column and row group */
	char err_msg[1024];
} worker;

static int read_group(worker *w, size_t rg)
{
	for (int s = 0; s < w->nslots; s++) {
		int rc = dd__pq_read_column(w->f, rg, (size_t)w->colidx[s], &w->cols[s]);
		if (rc) {
			w->err = rc;
			w->err_rg = rg;
			w->err_row = 0;
			w->err_whole = true;
			snprintf(w->err_msg, sizeof w->err_msg, "%s", dd_error_last());
			return rc;
		}
	}
	uint64_t n = dd__pq_row_group_rows(w->f, rg);
	for (int s = 0; s < w->nslots; s++)
		if (w->cols[s].n != n) {
			w->err = DD_EPARSE;
			w->err_rg = rg;
			w->err_row = 0;
			snprintf(w->err_msg, sizeof w->err_msg, "%s: %zu values where the row group has %llu rows",
				 w->map->names[w->colidx[s]], w->cols[s].n, (unsigned long long)n);
			return DD_EPARSE;
		}
	dd_str vals[R_COUNT];
	for (uint64_t i = 0; i < n; i++) {
		for (int role = 0; role < R_COUNT; role++) {
			int s = w->slot[role];
			if (s < 0 || w->cols[s].isnull[i]) { vals[role].p = ""; vals[role].len = 0; continue; }
			vals[role] = w->cols[s].vals[i];
		}
		w->st.loc = ((uint64_t)rg << 40) | i;
		dd__map_err e;
		int rc = dd__map_row(w->map, &w->st, vals, &e);
		if (rc) {
			w->err = rc;
			w->err_rg = rg;
			w->err_row = i;
			const char *col = e.col >= 0 ? w->map->names[e.col] : "row";
			snprintf(w->err_msg, sizeof w->err_msg, "%s: expected %s, got \"%s\"", col,
				 e.expected ? e.expected : e.note, e.got);
			return rc;
		}
	}
	return 0;
}

static void *work(void *arg)
{
	worker *w = arg;
	size_t nrg = dd__pq_num_row_groups(w->f);
	for (size_t rg = (size_t)w->t; rg < nrg; rg += (size_t)w->nthreads) {
		int rc = read_group(w, rg);
		dd__pq_release_row_group(w->f, rg); /* bounded memory whatever the file size */
		if (rc) break;
	}
	return NULL;
}

static int setup(worker *w, dd__pq_file *f, const dd_map *map, const char *name, int nthreads, int t, dd_agg *agg)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	w->map = map;
	w->name = name;
	w->nthreads = nthreads;
	w->t = t;
	if (!agg) {
		int rc = dd_agg_new(&w->own);
		if (rc) return rc;
		agg = w->own;
	}
	dd__map_state_init(&w->st, agg);
	for (int r = 0; r < R_COUNT; r++) {
		w->slot[r] = -1;
		int c = map->col[r];
		if (c < 0) continue;
		for (int s = 0; s < w->nslots; s++)
			if (w->colidx[s] == c) w->slot[r] = s;
		if (w->slot[r] < 0) {
			w->colidx[w->nslots] = c;
			w->slot[r] = w->nslots++;
		}
	}
	return 0;
}

static void teardown(worker *w)
{
	for (int s = 0; s < w->nslots; s++) dd__pq_column_free(&w->cols[s]);
	dd__map_state_free(&w->st);
	dd_agg_free(w->own);
}

static int build_map(dd_ingest_ctx *c, dd__pq_file *f, dd_map *map)
{
	size_t n = dd__pq_num_columns(f);
	dd_str *names = calloc(n ? n : 1, sizeof *names);
	if (!names) return dd_error_set(DD_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const char *s = dd__pq_column_name(f, i);
		names[i].p = s ? s : "";
		names[i].len = s ? strlen(s) : 0;
	}
	int rc = dd__map_init(map, c->name, names, n, c->opt->format, c->opt->default_payer);
	free(names);
	if (rc) return rc;
	for (int r = 0; r < R_COUNT; r++) {
		int col = map->col[r];
		if (col >= 0 && !dd__pq_column_supported(f, (size_t)col)) {
			rc = dd_error_set(DD_EFORMAT, "%s: column %s has a Parquet type drawdown cannot read",
					  c->name, map->names[col]);
			dd__map_free(map);
			return rc;
		}
	}
	return 0;
}

static int run(dd_ingest_ctx *c, dd__pq_file *f, const dd_map *map)
{
	size_t nrg = dd__pq_num_row_groups(f);
	int nt = dd__ingest_threads(c->opt);
	if ((size_t)nt > nrg) nt = nrg ? (int)nrg : 1;
	worker *w = calloc((size_t)nt, sizeof *w);
	pthread_t *tid = calloc((size_t)nt, sizeof *tid);
	bool *started = calloc((size_t)nt, sizeof *started);
	int rc = w && tid && started ? 0 : dd_error_set(DD_ENOMEM, "out of memory");
	int made = 0;
	for (int t = 0; t < nt && !rc; t++, made++) rc = setup(&w[t], f, map, c->name, nt, t, t ? NULL : c->agg);
	for (int t = 1; t < nt && !rc; t++) started[t] = pthread_create(&tid[t], NULL, work, &w[t]) == 0;
	if (!rc) work(&w[0]);
	for (int t = 1; t < nt && !rc; t++) {
		if (started[t]) pthread_join(tid[t], NULL);
		else work(&w[t]);
	}
	int first = -1; /* the earliest failing row group */
	for (int t = 0; t < nt && !rc; t++)
		if (w[t].err && (first < 0 || w[t].err_rg < w[first].err_rg)) first = t;
	if (!rc && first >= 0 && w[first].err_whole)
		rc = dd_error_set(w[first].err, "%s", w[first].err_msg);
	else if (!rc && first >= 0)
		rc = dd_error_set(w[first].err, "%s: row group %zu, row %llu: %s", c->name, w[first].err_rg,
				  (unsigned long long)w[first].err_row + 1, w[first].err_msg);
	for (int t = 1; t < nt && !rc; t++) {
		dd__map_err e;
		if ((rc = dd_agg_merge(c->agg, w[t].own))) {
			rc = dd__ingest_merge_fail(c->name, rc);
			break;
		}
		if ((rc = dd__map_state_merge(&w[0].st, &w[t].st, &e))) {
			if (rc != DD_EINVALID) { /* only a currency clash fills e */
				rc = dd__ingest_merge_fail(c->name, rc);
				break;
			}
			uint64_t loc = w[t].st.currency_loc;
			rc = dd_error_set(rc, "%s: row group %llu, row %llu: %s: expected %s, got \"%s\"", c->name,
					  (unsigned long long)(loc >> 40), (unsigned long long)(loc & ((1ull << 40) - 1)) + 1,
					  map->names[map->col[R_CURRENCY]], e.note, e.got);
		}
	}
	if (!rc) rc = dd__map_report(&w[0].st, map->format, c->report);
	if (!rc && c->opt->progress) c->opt->progress(c->opt->progress_ctx, 1, 1);
	for (int t = 0; t < made; t++) teardown(&w[t]);
	free(w);
	free(tid);
	free(started);
	return rc;
}

int dd__parquet_ingest(dd_ingest_ctx *c, const uint8_t *mem, size_t len, const char *path)
{
	dd__pq_file *f = NULL;
	int rc = mem ? dd__pq_open_buffer(c->name, mem, len, &f) : dd__pq_open(path, &f);
	if (rc) return rc;
	dd_map map;
	rc = build_map(c, f, &map);
	if (rc == DD_MAP_CONTRACT_COMMITMENT) {
		rc = dd__ingest_ignore(c, "FOCUS contract commitment dataset (no charges)");
	} else if (!rc) {
		rc = run(c, f, &map);
		dd__map_free(&map);
	}
	dd__pq_close(f);
	return rc;
}
