/* ingest_map.c: header -> roles -> dd_row for the four charge formats
 * (aggregated SPEC 2.2, legacy CUR, CUR 2.0 / Athena, FOCUS 1.x). The CSV
 * and Parquet readers both extract the role values of a row and call
 * dd__map_row, so every format rule lives here once. */
#include "drawdown/classify.h"
#include "ingest_map.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
	int role;
	const char *name;
} colname;

/* Candidates per role, first present wins. */
static const colname agg_cols[] = {
	{R_PERIOD, "billing_period"}, {R_PAYER, "payer_account"}, {R_ACCOUNT, "usage_account"},
	{R_SERVICE, "service"}, {R_SERVICE_NAME, "service_name"}, {R_TYPE, "charge_type"},
	{R_ENTITY, "billing_entity"}, {R_REGION, "region"}, {R_AMOUNT, "amount"},
	{R_CURRENCY, "currency"}, {R_MAP_BOOL, "map_migrated"}, {R_ACCOUNT_NAME, "usage_account_name"},
	{R_PAYER_NAME, "payer_account_name"},
	{-1, NULL}};
static const colname cur_cols[] = {
	{R_PERIOD, "bill/BillingPeriodStartDate"}, {R_PERIOD_ALT, "lineItem/UsageStartDate"},
	{R_PAYER, "bill/PayerAccountId"}, {R_ACCOUNT, "lineItem/UsageAccountId"},
	{R_SERVICE, "lineItem/ProductCode"}, {R_SERVICE_ALT, "product/servicecode"},
	{R_SERVICE_NAME, "product/ProductName"}, {R_TYPE, "lineItem/LineItemType"},
	{R_ENTITY, "bill/BillingEntity"}, {R_REGION, "product/region"},
	{R_REGION_ALT, "product/regionCode"}, {R_DESC, "lineItem/LineItemDescription"},
	{R_AMOUNT, "lineItem/UnblendedCost"}, {R_SP_EFF, "savingsPlan/SavingsPlanEffectiveCost"},
	{R_RI_EFF, "reservation/EffectiveCost"}, {R_USAGE_TYPE, "lineItem/UsageType"},
	{R_MAP_TAG, "resourceTags/user:map-migrated"}, {R_CURRENCY, "lineItem/CurrencyCode"},
	{R_ACCOUNT_NAME, "lineItem/UsageAccountName"},
	{R_PAYER_NAME, "bill/PayerAccountName"}, {-1, NULL}};
static const colname cur2_cols[] = {
	{R_PERIOD, "bill_billing_period_start_date"}, {R_PERIOD_ALT, "line_item_usage_start_date"},
	{R_PAYER, "bill_payer_account_id"}, {R_ACCOUNT, "line_item_usage_account_id"},
	{R_SERVICE, "line_item_product_code"}, {R_SERVICE_ALT, "product_servicecode"},
	{R_SERVICE_NAME, "product_product_name"}, {R_SERVICE_NAME, "product_servicename"},
	{R_TYPE, "line_item_line_item_type"}, {R_ENTITY, "bill_billing_entity"},
	{R_REGION, "product_region"}, {R_REGION_ALT, "product_region_code"},
	{R_DESC, "line_item_line_item_description"}, {R_AMOUNT, "line_item_unblended_cost"},
	{R_SP_EFF, "savings_plan_savings_plan_effective_cost"},
	{R_RI_EFF, "reservation_effective_cost"}, {R_USAGE_TYPE, "line_item_usage_type"},
	{R_MAP_TAG, "resource_tags_user_map_migrated"}, {R_TAGS, "resource_tags"},
	{R_CURRENCY, "line_item_currency_code"}, {R_ACCOUNT_NAME, "line_item_usage_account_name"},
	{R_PAYER_NAME, "bill_payer_account_name"}, {-1, NULL}};
static const colname focus_cols[] = {
	{R_PERIOD, "BillingPeriodStart"}, {R_PERIOD_ALT, "ChargePeriodStart"},
	{R_PAYER, "BillingAccountId"}, {R_ACCOUNT, "SubAccountId"},
	{R_SERVICE, "x_ServiceCode"}, {R_SERVICE_ALT, "ServiceName"},
	{R_SERVICE_NAME, "ServiceName"}, {R_TYPE, "ChargeCategory"},
	{R_ENTITY, "x_BillingEntity"}, {R_ENTITY_ALT, "PublisherName"},
	{R_REGION, "RegionId"}, {R_REGION_ALT, "Region"}, {R_DESC, "ChargeDescription"},
	{R_AMOUNT, "BilledCost"}, {R_EFFECTIVE, "EffectiveCost"},
	{R_USAGE_TYPE, "x_UsageType"}, {R_TAGS, "Tags"}, {R_CURRENCY, "BillingCurrency"},
	{R_PROVIDER, "ProviderName"}, {R_FREQ, "ChargeFrequency"}, {R_ACCOUNT_NAME, "SubAccountName"},
	{R_PAYER_NAME, "BillingAccountName"},
	{-1, NULL}};

static const colname *format_cols(dd_format f)
{
	switch (f) {
	case DD_FORMAT_AGGREGATED: return agg_cols;
	case DD_FORMAT_CUR: return cur_cols;
	case DD_FORMAT_CUR2: return cur2_cols;
	case DD_FORMAT_FOCUS: return focus_cols;
	default: return NULL;
	}
}

static int find_col(const dd_str *names, size_t n, const char *want)
{
	size_t wl = strlen(want);
	for (size_t i = 0; i < n; i++)
		if (names[i].len == wl && strncasecmp(names[i].p, want, wl) == 0) return (int)i;
	return -1;
}

static dd_format detect(const dd_str *names, size_t n)
{
	if (find_col(names, n, "lineItem/UnblendedCost") >= 0) return DD_FORMAT_CUR;
	if (find_col(names, n, "line_item_unblended_cost") >= 0) return DD_FORMAT_CUR2;
	if (find_col(names, n, "BilledCost") >= 0 && find_col(names, n, "ChargeCategory") >= 0)
		return DD_FORMAT_FOCUS;
	if (find_col(names, n, "billing_period") >= 0 ||
	    (find_col(names, n, "amount") >= 0 && find_col(names, n, "usage_account") >= 0))
		return DD_FORMAT_AGGREGATED;
	return DD_FORMAT_AUTO;
}

/* "a,b,c" of the header for messages, cut at about 300 characters. */
static void header_list(const dd_str *names, size_t n, char *buf, size_t cap)
{
	size_t w = 0;
	buf[0] = 0;
	for (size_t i = 0; i < n && w + 8 < cap; i++) {
		int k = snprintf(buf + w, cap - w, "%s%.*s", i ? "," : "", (int)names[i].len, names[i].p);
		if (k < 0) break;
		w += (size_t)k;
		if (w >= cap) { w = cap - 1; break; }
	}
	if (w >= cap - 8) strcpy(buf + cap - 5, "...");
}

static int missing(const char *file, const char *col, dd_format f, const dd_str *names, size_t n)
{
	char hdr[320];
	header_list(names, n, hdr, sizeof hdr);
	return dd_error_set(DD_EPARSE, "%s:1: missing required column \"%s\" for the %s format; header: %s",
			    file, col, dd_format_name(f), hdr);
}

static int check_required(const dd_map *m, const char *file, const dd_str *names, size_t n)
{
	const int *c = m->col;
	switch (m->format) {
	case DD_FORMAT_AGGREGATED:
		if (c[R_PERIOD] < 0) return missing(file, "billing_period", m->format, names, n);
		if (c[R_ACCOUNT] < 0) return missing(file, "usage_account", m->format, names, n);
		if (c[R_SERVICE] < 0) return missing(file, "service", m->format, names, n);
		if (c[R_TYPE] < 0) return missing(file, "charge_type", m->format, names, n);
		if (c[R_AMOUNT] < 0) return missing(file, "amount", m->format, names, n);
		return 0;
	case DD_FORMAT_CUR:
	case DD_FORMAT_CUR2: {
		bool legacy = m->format == DD_FORMAT_CUR;
		if (c[R_AMOUNT] < 0)
			return missing(file, legacy ? "lineItem/UnblendedCost" : "line_item_unblended_cost", m->format, names, n);
		if (c[R_PERIOD] < 0 && c[R_PERIOD_ALT] < 0)
			return missing(file, legacy ? "bill/BillingPeriodStartDate" : "bill_billing_period_start_date", m->format, names, n);
		if (c[R_ACCOUNT] < 0 && c[R_PAYER] < 0)
			return missing(file, legacy ? "lineItem/UsageAccountId" : "line_item_usage_account_id", m->format, names, n);
		if (c[R_SERVICE] < 0 && c[R_SERVICE_ALT] < 0)
			return missing(file, legacy ? "lineItem/ProductCode" : "line_item_product_code", m->format, names, n);
		return 0;
	}
	case DD_FORMAT_FOCUS:
		if (c[R_AMOUNT] < 0) return missing(file, "BilledCost", m->format, names, n);
		if (c[R_TYPE] < 0) return missing(file, "ChargeCategory", m->format, names, n);
		if (c[R_PERIOD] < 0 && c[R_PERIOD_ALT] < 0) return missing(file, "BillingPeriodStart", m->format, names, n);
		if (c[R_ACCOUNT] < 0 && c[R_PAYER] < 0) return missing(file, "SubAccountId", m->format, names, n);
		if (c[R_SERVICE] < 0 && c[R_SERVICE_ALT] < 0) return missing(file, "ServiceName", m->format, names, n);
		return 0;
	default:
		return dd_error_set(DD_EUSAGE, "%s: no format", file);
	}
}

int dd__map_init(dd_map *m, const char *file, const dd_str *names, size_t n, dd_format forced,
		const char *default_payer)
{
	memset(m, 0, sizeof *m);
	for (int r = 0; r < R_COUNT; r++) m->col[r] = -1;
	m->default_payer = default_payer;
	dd_format f = forced;
	if (f == DD_FORMAT_AUTO) {
		f = detect(names, n);
		if (f == DD_FORMAT_AUTO) {
			if (find_col(names, n, "ContractCommitmentId") >= 0) return DD_MAP_CONTRACT_COMMITMENT;
			char hdr[320];
			header_list(names, n, hdr, sizeof hdr);
			return dd_error_set(DD_EFORMAT,
					    "%s:1: unrecognised header: expected the aggregated charges columns "
					    "(billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount), "
					    "a CUR (lineItem/UnblendedCost), CUR 2.0 (line_item_unblended_cost) or FOCUS "
					    "(BilledCost, ChargeCategory) header; got: %s", file, hdr);
		}
	}
	const colname *cols = format_cols(f);
	if (!cols) return dd_error_set(DD_EUSAGE, "%s: unknown format %d", file, (int)f);
	m->format = f;
	for (const colname *c = cols; c->name; c++)
		if (m->col[c->role] < 0) m->col[c->role] = find_col(names, n, c->name);
	int rc = check_required(m, file, names, n);
	if (rc) return rc;
	m->ncols = n;
	m->names = calloc(n ? n : 1, sizeof *m->names);
	if (!m->names) return dd_error_set(DD_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		m->names[i] = strndup(names[i].p, names[i].len);
		if (!m->names[i]) { dd__map_free(m); return dd_error_set(DD_ENOMEM, "out of memory"); }
	}
	return 0;
}

void dd__map_free(dd_map *m)
{
	if (!m || !m->names) return;
	for (size_t i = 0; i < m->ncols; i++) free(m->names[i]);
	free(m->names);
	m->names = NULL;
}

size_t dd__map_needed(const dd_map *m, int *idx)
{
	size_t k = 0;
	for (int r = 0; r < R_COUNT; r++) {
		int c = m->col[r];
		if (c < 0) continue;
		bool dup = false;
		for (size_t j = 0; j < k; j++) dup |= idx[j] == c;
		if (!dup) idx[k++] = c;
	}
	for (size_t i = 1; i < k; i++) /* insertion sort: at most R_COUNT */
		for (size_t j = i; j > 0 && idx[j - 1] > idx[j]; j--) {
			int t = idx[j]; idx[j] = idx[j - 1]; idx[j - 1] = t;
		}
	return k;
}

void dd__map_state_init(dd__map_state *st, dd_agg *agg)
{
	memset(st, 0, sizeof *st);
	st->agg = agg;
	st->period = DD_MONTH_NONE;
	st->last_type = (size_t)-1;
}

static void tallies_free(dd_ingest_tally *t, size_t n)
{
	for (size_t i = 0; i < n; i++) free(t[i].name);
	free(t);
}

void dd__map_state_free(dd__map_state *st)
{
	tallies_free(st->unknown, st->nunknown);
	tallies_free(st->providers, st->nproviders);
	for (size_t i = 0; i < st->ntypes; i++) free(st->types[i].name);
	free(st->types);
	st->unknown = st->providers = NULL;
	st->types = NULL;
	st->nunknown = st->nproviders = st->ntypes = 0;
}

int dd__tally_add(dd_ingest_tally **list, size_t *n, const char *name, size_t len, uint64_t rows,
		 dd_money amount)
{
	for (size_t i = 0; i < *n; i++) {
		dd_ingest_tally *t = &(*list)[i];
		if (strlen(t->name) == len && memcmp(t->name, name, len) == 0) {
			t->rows += rows;
			return dd_money_add_checked(t->amount, amount, &t->amount);
		}
	}
	dd_ingest_tally *nl = realloc(*list, (*n + 1) * sizeof *nl);
	if (!nl) return dd_error_set(DD_ENOMEM, "out of memory for the tally of \"%.*s\"", (int)len, name);
	*list = nl;
	char *s = strndup(name, len);
	if (!s) return dd_error_set(DD_ENOMEM, "out of memory for the tally of \"%.*s\"", (int)len, name);
	nl[*n].name = s;
	nl[*n].rows = rows;
	nl[*n].amount = amount;
	(*n)++;
	return 0;
}

static bool str_is(dd_str s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len == n && memcmp(s.p, lit, n) == 0;
}

static bool str_is_ci(dd_str s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len == n && strncasecmp(s.p, lit, n) == 0;
}

/* The type's cached classification; NULL on out of memory. */
static dd_type_info *type_info(dd__map_state *st, dd_str t)
{
	if (st->last_type < st->ntypes) {
		dd_type_info *ti = &st->types[st->last_type];
		if (ti->len == t.len && memcmp(ti->name, t.p, t.len) == 0) return ti;
	}
	for (size_t i = 0; i < st->ntypes; i++) {
		dd_type_info *ti = &st->types[i];
		if (ti->len == t.len && memcmp(ti->name, t.p, t.len) == 0) {
			st->last_type = i;
			return ti;
		}
	}
	dd_type_info *nt = realloc(st->types, (st->ntypes + 1) * sizeof *nt);
	if (!nt) return NULL;
	st->types = nt;
	dd_type_info *ti = &nt[st->ntypes];
	memset(ti, 0, sizeof *ti);
	/* an exact copy: the lookups above compare ti->len bytes (a NUL inside
	 * is refused later, with the other key fields, by the aggregator) */
	if (!(ti->name = malloc(t.len + 1))) return NULL;
	memcpy(ti->name, t.p, t.len);
	ti->name[t.len] = '\0';
	ti->len = t.len;
	ti->known = dd_charge_class_known(dd_classify_type(t.p, t.len)); /* the engine's own classifier */
	ti->keep_desc = str_is(t, "Credit") || str_is(t, "Refund") ||
			(t.len >= 8 && memcmp(t.p + t.len - 8, "Discount", 8) == 0);
	ti->eff = str_is(t, "SavingsPlanCoveredUsage") ? 1 : str_is(t, "DiscountedUsage") ? 2 : 0;
	st->last_type = st->ntypes++;
	return ti;
}

static inline bool is_null(dd_str s)
{
	return s.len == 0 || (s.len == 4 && memcmp(s.p, "NULL", 4) == 0);
}

static int fail(dd__map_err *e, int code, int col, const char *expected, dd_str got)
{
	e->code = code;
	e->col = col;
	e->expected = expected;
	size_t n = got.len < sizeof e->got - 4 ? got.len : sizeof e->got - 4;
	memcpy(e->got, got.p ? got.p : "", n);
	strcpy(e->got + n, got.len > n ? "..." : "");
	e->note[0] = 0;
	return code;
}

static int parse_cost(const dd_map *m, int role, dd_str v, dd_money *out, dd__map_err *e)
{
	if (is_null(v)) { *out = dd_money_zero(); return 0; }
	int rc = dd_money_parse(v.p, v.len, out, NULL);
	if (rc == 0) return 0;
	return fail(e, DD_EPARSE, m->col[role],
		    rc == DD_EOVERFLOW ? "a decimal number in range"
				       : "a decimal number (at most 18 fractional digits)", v);
}

/* FOCUS and CUR 2.0 tags are JSON objects; only parsed when the text
 * mentions the tag, so the common row pays one memmem. */
static bool tags_map_migrated(dd_str v)
{
	if (!v.p || v.len < 12 || (!memmem(v.p, v.len, "map-migrated", 12) && !memmem(v.p, v.len, "map_migrated", 12)))
		return false;
	json_t *j = json_loadb(v.p, v.len, 0, NULL);
	bool found = false;
	const char *key;
	json_t *val;
	if (json_is_object(j)) {
		json_object_foreach(j, key, val) {
			size_t kl = strlen(key);
			bool match = kl >= 12 && (strcmp(key + kl - 12, "map-migrated") == 0 ||
						  strcmp(key + kl - 12, "map_migrated") == 0);
			if (match && json_is_string(val) && json_string_length(val) > 0) found = true;
		}
	}
	json_decref(j);
	return found;
}

static bool is_aws_provider(dd_str p)
{
	return is_null(p) || str_is_ci(p, "AWS") || str_is_ci(p, "Amazon Web Services");
}

/* A FOCUS publisher that is neither AWS nor an Amazon entity sells through
 * AWS Marketplace (FOCUS: the publisher produced the resource). */
static bool focus_marketplace(const dd_str *vals)
{
	dd_str e = vals[R_ENTITY];
	if (!is_null(e)) return dd_is_marketplace_entity(e.p, e.len);
	dd_str p = vals[R_ENTITY_ALT];
	if (is_null(p)) return false;
	if (dd_is_marketplace_entity(p.p, p.len)) return true;
	return !(str_is_ci(p, "AWS") || (p.len >= 6 && strncasecmp(p.p, "Amazon", 6) == 0));
}

static int check_currency(const dd_map *m, dd__map_state *st, dd_str c, dd__map_err *e)
{
	if (is_null(c)) return 0;
	if (st->currency_len == 0) {
		if (c.len >= sizeof st->currency)
			return fail(e, DD_EPARSE, m->col[R_CURRENCY], "a currency code", c);
		memcpy(st->currency, c.p, c.len);
		st->currency[c.len] = 0;
		st->currency_len = c.len;
		st->currency_loc = st->loc;
		return 0;
	}
	if (c.len == st->currency_len && memcmp(c.p, st->currency, c.len) == 0) return 0;
	fail(e, DD_EINVALID, m->col[R_CURRENCY], NULL, c);
	snprintf(e->note, sizeof e->note, "%s like the earlier rows (one currency per import)", st->currency);
	return DD_EINVALID;
}

static int resolve_period(const dd_map *m, dd__map_state *st, const dd_str *vals, dd_row *row,
			  dd__map_err *e)
{
	int role = R_PERIOD;
	dd_str v = vals[R_PERIOD];
	if (is_null(v) || m->col[R_PERIOD] < 0) { role = R_PERIOD_ALT; v = vals[R_PERIOD_ALT]; }
	if (v.len == st->period_len && v.len && memcmp(v.p, st->period_text, v.len) == 0) {
		row->period = st->period;
		return 0;
	}
	if (is_null(v) || dd_period_parse(v.p, v.len, &row->period) != 0)
		return fail(e, DD_EPARSE, m->col[role] >= 0 ? m->col[role] : m->col[R_PERIOD],
			    "YYYY-MM, YYYY-MM-DD or an ISO timestamp", v);
	if (v.len < sizeof st->period_text) {
		memcpy(st->period_text, v.p, v.len);
		st->period_len = v.len;
		st->period = row->period;
	}
	return 0;
}

static dd_str lit(const char *s)
{
	dd_str r = {s, strlen(s)};
	return r;
}

/* Charge type, with FOCUS's Purchase + Recurring folded into RecurringFee. */
static int resolve_type(const dd_map *m, const dd_str *vals, dd_row *row, dd__map_err *e)
{
	if (m->col[R_TYPE] < 0) { row->charge_type = lit("Usage"); return 0; } /* e.g. trimmed CUR samples */
	dd_str t = vals[R_TYPE];
	if (is_null(t)) return fail(e, DD_EPARSE, m->col[R_TYPE], "a line item type", t);
	if (m->format == DD_FORMAT_FOCUS && str_is_ci(t, "Purchase") && str_is_ci(vals[R_FREQ], "Recurring"))
		t = lit("RecurringFee");
	row->charge_type = t;
	return 0;
}

static dd_str first_set(dd_str a, dd_str b)
{
	if (!is_null(a)) return a;
	if (!is_null(b)) return b;
	dd_str z = {"", 0};
	return z;
}

static int resolve_accounts(const dd_map *m, const dd_str *vals, dd_row *row, dd__map_err *e)
{
	dd_str payer = vals[R_PAYER], acct = vals[R_ACCOUNT];
	if (is_null(payer) && m->default_payer) payer = lit(m->default_payer);
	if (is_null(acct)) acct = payer;
	if (is_null(payer)) payer = acct;
	if (is_null(acct))
		return fail(e, DD_EPARSE, m->col[R_ACCOUNT] >= 0 ? m->col[R_ACCOUNT] : m->col[R_PAYER],
			    "an account id", vals[R_ACCOUNT]);
	row->payer = payer;
	row->account = acct;
	return 0;
}

static uint32_t row_flags(const dd_map *m, const dd_str *vals, dd_str service)
{
	uint32_t f = 0;
	if (!is_null(vals[R_MAP_TAG]) || (m->col[R_TAGS] >= 0 && tags_map_migrated(vals[R_TAGS])))
		f |= DD_ROW_MAP_MIGRATED;
	if (str_is(service, "AmazonRegistrar") ||
	    (str_is(service, "AmazonRoute53") && vals[R_USAGE_TYPE].len &&
	     memmem(vals[R_USAGE_TYPE].p, vals[R_USAGE_TYPE].len, "Domain", 6)))
		f |= DD_ROW_DOMAIN;
	return f;
}

int dd__map_row(const dd_map *m, dd__map_state *st, const dd_str *vals, dd__map_err *e)
{
	dd_row row;
	int rc;
	memset(&row, 0, sizeof row);
	if ((rc = resolve_period(m, st, vals, &row, e)) || (rc = resolve_accounts(m, vals, &row, e)) ||
	    (rc = resolve_type(m, vals, &row, e)) || (rc = parse_cost(m, R_AMOUNT, vals[R_AMOUNT], &row.amount, e)))
		return rc;
	if (m->format == DD_FORMAT_FOCUS && !is_aws_provider(vals[R_PROVIDER])) {
		if (memchr(vals[R_PROVIDER].p, 0, vals[R_PROVIDER].len)) /* it names a tally entry */
			return fail(e, DD_EPARSE, m->col[R_PROVIDER], "text without NUL bytes", vals[R_PROVIDER]);
		st->skipped_rows++;
		if (dd_money_add_checked(st->skipped_amount, row.amount, &st->skipped_amount))
			return fail(e, DD_EOVERFLOW, m->col[R_AMOUNT], "a total in range", vals[R_AMOUNT]);
		if ((rc = dd__tally_add(&st->providers, &st->nproviders, vals[R_PROVIDER].p, vals[R_PROVIDER].len, 1,
				       row.amount)))
			return fail(e, rc, m->col[R_AMOUNT], rc == DD_ENOMEM ? "memory" : "a total in range",
				    vals[R_AMOUNT]);
		return 0;
	}
	if ((rc = check_currency(m, st, vals[R_CURRENCY], e))) return rc;
	dd_type_info *ti = type_info(st, row.charge_type);
	if (!ti) return fail(e, DD_ENOMEM, -1, "memory", row.charge_type);
	row.effective = row.amount;
	if (m->format == DD_FORMAT_FOCUS) {
		if (m->col[R_EFFECTIVE] >= 0 && (rc = parse_cost(m, R_EFFECTIVE, vals[R_EFFECTIVE], &row.effective, e)))
			return rc;
	} else if (ti->eff == 1 && m->col[R_SP_EFF] >= 0) {
		if ((rc = parse_cost(m, R_SP_EFF, vals[R_SP_EFF], &row.effective, e))) return rc;
	} else if (ti->eff == 2 && m->col[R_RI_EFF] >= 0) {
		if ((rc = parse_cost(m, R_RI_EFF, vals[R_RI_EFF], &row.effective, e))) return rc;
	}
	row.service = first_set(vals[R_SERVICE], vals[R_SERVICE_ALT]);
	row.service_name = is_null(vals[R_SERVICE_NAME]) ? lit("") : vals[R_SERVICE_NAME];
	row.region = first_set(vals[R_REGION], vals[R_REGION_ALT]);
	if (!is_null(vals[R_ACCOUNT_NAME])) row.account_name = vals[R_ACCOUNT_NAME];
	if (!is_null(vals[R_PAYER_NAME])) row.payer_name = vals[R_PAYER_NAME];
	if (ti->keep_desc && !is_null(vals[R_DESC])) row.description = vals[R_DESC];
	bool mp = m->format == DD_FORMAT_FOCUS ? focus_marketplace(vals)
					       : dd_is_marketplace_entity(vals[R_ENTITY].p, vals[R_ENTITY].len);
	row.billing_entity = lit(mp ? "AWS Marketplace" : "AWS");
	row.flags = row_flags(m, vals, row.service);
	if (m->col[R_MAP_BOOL] >= 0 && !is_null(vals[R_MAP_BOOL])) {
		/* the aggregated CSV's own flag, so warehouse SQL can carry the tag */
		if (str_is_ci(vals[R_MAP_BOOL], "true")) row.flags |= DD_ROW_MAP_MIGRATED;
		else if (!str_is_ci(vals[R_MAP_BOOL], "false"))
			return fail(e, DD_EPARSE, m->col[R_MAP_BOOL], "true or false", vals[R_MAP_BOOL]);
	}
	if (!ti->known && (rc = dd__tally_add(&st->unknown, &st->nunknown, ti->name, ti->len, 1, row.amount)))
		return fail(e, rc, m->col[R_AMOUNT], rc == DD_ENOMEM ? "memory" : "a total in range", vals[R_AMOUNT]);
	if ((rc = dd_agg_add(st->agg, &row))) {
		if (rc == DD_EINVALID) { /* a NUL byte in a key field: name its column */
			static const dd_role key_roles[] = {R_PAYER,	    R_ACCOUNT, R_SERVICE,	R_SERVICE_ALT,
							    R_SERVICE_NAME, R_TYPE,    R_REGION,	R_REGION_ALT,
							    R_DESC,	    R_ACCOUNT_NAME, R_PAYER_NAME};
			for (size_t k = 0; k < sizeof key_roles / sizeof *key_roles; k++) {
				dd_role r = key_roles[k];
				if (m->col[r] >= 0 && vals[r].len && memchr(vals[r].p, 0, vals[r].len))
					return fail(e, DD_EPARSE, m->col[r], "text without NUL bytes", vals[r]);
			}
		}
		return fail(e, rc, m->col[R_AMOUNT], rc == DD_ENOMEM ? "memory" : "a total in range", vals[R_AMOUNT]);
	}
	st->rows++;
	return 0;
}

int dd__map_state_merge(dd__map_state *dst, const dd__map_state *src, dd__map_err *e)
{
	if (src->currency_len) {
		if (!dst->currency_len) {
			memcpy(dst->currency, src->currency, sizeof dst->currency);
			dst->currency_len = src->currency_len;
			dst->currency_loc = src->currency_loc;
		} else if (strcmp(dst->currency, src->currency) != 0) {
			dd_str got = {src->currency, src->currency_len};
			fail(e, DD_EINVALID, -1, NULL, got);
			snprintf(e->note, sizeof e->note, "%s like the earlier rows (one currency per import)",
				 dst->currency);
			return DD_EINVALID;
		}
	}
	dst->rows += src->rows;
	dst->skipped_rows += src->skipped_rows;
	if (dd_money_add_checked(dst->skipped_amount, src->skipped_amount, &dst->skipped_amount))
		return dd_error_set(DD_EOVERFLOW, "the amount of the rows of other providers left the money range");
	for (size_t i = 0; i < src->nunknown; i++) {
		const dd_ingest_tally *t = &src->unknown[i];
		int rc = dd__tally_add(&dst->unknown, &dst->nunknown, t->name, strlen(t->name), t->rows, t->amount);
		if (rc) return rc; /* out of memory, or the sum out of range: the message says which */
	}
	for (size_t i = 0; i < src->nproviders; i++) {
		const dd_ingest_tally *t = &src->providers[i];
		int rc = dd__tally_add(&dst->providers, &dst->nproviders, t->name, strlen(t->name), t->rows, t->amount);
		if (rc) return rc;
	}
	return 0;
}

int dd__map_report(const dd__map_state *st, dd_format f, dd_ingest_report *r)
{
	if (!r) return 0;
	r->format = f;
	r->rows += st->rows + st->skipped_rows;
	r->skipped_rows += st->skipped_rows;
	if (dd_money_add_checked(r->skipped_amount, st->skipped_amount, &r->skipped_amount))
		return dd_error_set(DD_EOVERFLOW, "skipped total out of range");
	for (size_t i = 0; i < st->nunknown; i++) {
		const dd_ingest_tally *t = &st->unknown[i];
		if (dd__tally_add(&r->unknown_types, &r->nunknown, t->name, strlen(t->name), t->rows, t->amount))
			return dd_error_set(DD_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < st->nproviders; i++) {
		const dd_ingest_tally *t = &st->providers[i];
		if (dd__tally_add(&r->skipped_providers, &r->nskipped_providers, t->name, strlen(t->name),
				 t->rows, t->amount))
			return dd_error_set(DD_ENOMEM, "out of memory");
	}
	return 0;
}
