/* dd__store_load.c: reading the store back: the imported month range, a
 * month's sums at the engine's grain, a month's stored entries, and AWS's
 * credit allocation records (written and read here too). Sums are done in
 * C with dd_agg, exactly; SQL only selects rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

int dd_store_month_range(dd_store *s, dd_month *first, dd_month *last)
{
	dd_error_clear();
	sqlite3_stmt *st = dd__store_stmt(s, ST_RANGE, "reading the imported months");
	if (!st) return DD_ESTORE;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = dd__store_fail(s, "reading the imported months");
		sqlite3_reset(st);
		return rc;
	}
	if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
		sqlite3_reset(st);
		return dd_error_set(DD_ENOTFOUND, "store %s holds no imported months: run `drawdown import` first", s->path);
	}
	const char *a = dd__store_text(st, 0), *b = dd__store_text(st, 1);
	if (dd_month_parse(a, strlen(a), first) || dd_month_parse(b, strlen(b), last))
		rc = dd_error_set(DD_ESTORE, "store %s: periods holds '%s'..'%s', not YYYY-MM months (corrupt store?)",
				  s->path, a, b);
	else
		rc = 0;
	sqlite3_reset(st);
	return rc;
}

static int month_present(dd_store *s, dd_month m, bool *present)
{
	char month[8];
	sqlite3_stmt *st = dd__store_stmt(s, ST_PRESENT, "looking up an imported month");
	if (!st) return DD_ESTORE;
	int rc = dd__store_bind_month(s, st, 1, m, month);
	if (rc) return rc;
	rc = sqlite3_step(st);
	*present = rc == SQLITE_ROW;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : dd__store_fail(s, "looking up an imported month");
	sqlite3_reset(st);
	return rc;
}

static dd_str col_str(sqlite3_stmt *st, int col)
{
	dd_str r = {dd__store_text(st, col), (size_t)sqlite3_column_bytes(st, col)};
	return r;
}

/* Feed every charges row of month m into agg. With `grain` false the row
 * keeps all its columns; with `grain` true it is cut to the engine's key:
 * payer, region and description dropped, billing entity reduced to
 * marketplace or not, flags to the domain bit. */
static int scan_month(dd_store *s, dd_month m, bool grain, dd_agg *agg)
{
	char month[8];
	sqlite3_stmt *st = dd__store_stmt(s, s->version >= STORE_V_CHARGE_RANGES ? ST_LOAD_MONTH : ST_LOAD_MONTH_V2,
				      "reading a month's charges");
	if (!st) return DD_ESTORE;
	int rc = dd__store_bind_month(s, st, 1, m, month);
	if (rc) return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		dd_row r;
		memset(&r, 0, sizeof r);
		r.period = m;
		r.account = col_str(st, 1);
		r.service = col_str(st, 2);
		r.service_name = col_str(st, 3);
		r.charge_type = col_str(st, 4);
		r.billing_entity = col_str(st, 5);
		r.flags = (uint32_t)sqlite3_column_int64(st, 8);
		sqlite3_int64 rows = sqlite3_column_int64(st, 11);
		if ((rc = dd__store_money(s, st, 9, "charges.amount", &r.amount))) break;
		if (grain) {
			bool mp = dd_is_marketplace_entity(r.billing_entity.p, r.billing_entity.len);
			r.billing_entity = mp ? (dd_str){"AWS Marketplace", 15} : (dd_str){"AWS", 3};
			r.flags &= DD_ROW_DOMAIN;
		} else {
			r.payer = col_str(st, 0);
			r.region = col_str(st, 6);
			r.description = col_str(st, 7);
			if ((rc = dd__store_money(s, st, 10, "charges.effective", &r.effective))) break;
		}
		if ((rc = dd_agg_add_rows(agg, &r, rows > 0 ? (uint64_t)rows : 0))) break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = dd__store_fail(s, "reading a month's charges");
	sqlite3_reset(st);
	return rc;
}

int dd_store_load_month_sums(dd_store *s, dd_month m, dd_agg **out, bool *present)
{
	dd_agg *agg;
	dd_error_clear();
	*out = NULL;
	int rc = month_present(s, m, present);
	if (rc || (rc = dd_agg_new(&agg))) return rc;
	if ((rc = scan_month(s, m, true, agg))) {
		dd_agg_free(agg);
		return rc;
	}
	*out = agg;
	return 0;
}

int dd_store_load_entries(dd_store *s, dd_month m, dd_agg **out)
{
	dd_agg *agg;
	dd_error_clear();
	*out = NULL;
	int rc = dd_agg_new(&agg);
	if (rc) return rc;
	if ((rc = scan_month(s, m, false, agg))) {
		dd_agg_free(agg);
		return rc;
	}
	*out = agg;
	return 0;
}

/* ---- AWS credit allocation history ---- */

static int cmp_month(const void *a, const void *b)
{
	dd_month x = *(const dd_month *)a, y = *(const dd_month *)b;
	return (x > y) - (x < y);
}

static int insert_alloc(dd_store *s, const dd_aws_allocation *a, int64_t import_id)
{
	char month[8], amount[DD_MONEY_STRMAX];
	sqlite3_stmt *st = dd__store_stmt(s, ST_INSERT_ALLOC, "writing credit allocations");
	if (!st) return DD_ESTORE;
	int rc = dd__store_bind_month(s, st, 1, a->month, month);
	if (rc) return rc;
	sqlite3_bind_text(st, 2, a->credit_id ? a->credit_id : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->account, (int)strnlen(a->account, sizeof a->account), SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->service ? a->service : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, dd_money_format(a->amount, amount), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, a->estimated ? 1 : 0);
	sqlite3_bind_int64(st, 7, import_id);
	return dd__store_step_done(s, st, "writing credit allocations");
}

static int delete_months(dd_store *s, const dd_aws_allocation *a, size_t n)
{
	dd_month *months = n ? malloc(n * sizeof *months) : NULL;
	if (n && !months) return dd_error_set(DD_ENOMEM, "store %s: out of memory", s->path);
	for (size_t i = 0; i < n; i++) months[i] = a[i].month;
	qsort(months, n, sizeof *months, cmp_month);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		if (i && months[i] == months[i - 1]) continue;
		char month[8];
		sqlite3_stmt *st = dd__store_stmt(s, ST_DELETE_ALLOCS, "replacing credit allocations");
		if (!st) rc = DD_ESTORE;
		else if (!(rc = dd__store_bind_month(s, st, 1, months[i], month)))
			rc = dd__store_step_done(s, st, "replacing credit allocations");
	}
	free(months);
	return rc;
}

int dd_store_replace_allocations(dd_store *s, const dd_aws_allocation *a, size_t n, const char *source)
{
	int64_t import_id;
	dd_error_clear();
	if (s->readonly) return dd_error_set(DD_EUSAGE, "store %s is open read-only", s->path);
	int rc = dd__store_begin(s, "starting the credit allocation import");
	if (rc) return rc;
	if ((rc = dd__store_record_import(s, source, (int64_t)n, &import_id)) || (rc = delete_months(s, a, n))) goto fail;
	for (size_t i = 0; i < n; i++)
		if ((rc = insert_alloc(s, &a[i], import_id))) goto fail;
	if ((rc = dd__store_commit(s, "committing the credit allocations"))) goto fail;
	return 0;
fail:
	dd__store_rollback(s);
	return rc;
}

static int read_alloc(dd_store *s, sqlite3_stmt *st, dd_month m, dd_aws_allocation *r)
{
	memset(r, 0, sizeof *r);
	r->month = m;
	r->credit_id = strdup(dd__store_text(st, 0));
	r->service = strdup(dd__store_text(st, 2));
	if (!r->credit_id || !r->service) return dd_error_set(DD_ENOMEM, "store %s: out of memory", s->path);
	const char *acct = dd__store_text(st, 1);
	if (strlen(acct) >= sizeof r->account)
		return dd_error_set(DD_ESTORE, "store %s: aws_allocations.account holds '%s', longer than an account id",
				    s->path, acct);
	strcpy(r->account, acct);
	r->estimated = sqlite3_column_int(st, 4) != 0;
	return dd__store_money(s, st, 3, "aws_allocations.amount", &r->amount);
}

int dd_store_load_allocations(dd_store *s, dd_month m, dd_aws_allocation **out, size_t *n)
{
	dd_error_clear();
	*out = NULL;
	*n = 0;
	if (s->version < STORE_V_ALLOCATIONS) return 0; /* an older read-only store: none recorded */
	char month[8];
	sqlite3_stmt *st = dd__store_stmt(s, ST_LOAD_ALLOCS, "reading credit allocations");
	if (!st) return DD_ESTORE;
	int rc = dd__store_bind_month(s, st, 1, m, month);
	if (rc) return rc;
	dd_aws_allocation *a = NULL;
	size_t len = 0, cap = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			size_t nc = cap ? cap * 2 : 16;
			dd_aws_allocation *na = realloc(a, nc * sizeof *na);
			if (!na) {
				rc = dd_error_set(DD_ENOMEM, "store %s: out of memory", s->path);
				break;
			}
			a = na;
			cap = nc;
		}
		rc = read_alloc(s, st, m, &a[len]);
		len++; /* even on error: its strings are freed below */
		if (rc) break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = dd__store_fail(s, "reading credit allocations");
	sqlite3_reset(st);
	if (rc) {
		dd_aws_allocations_free(a, len);
		return rc;
	}
	*out = a;
	*n = len;
	return 0;
}
