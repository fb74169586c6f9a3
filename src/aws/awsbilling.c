/* awsbilling.c: reading the AWS Billing API's JSON (`aws billing
 * get-credits`, `aws billing get-credit-allocation-history`) with jansson.
 * Every value is checked and a failure names the JSON path of the field
 * (credits[3].initialAmount.currencyAmount). Amounts are exact: decimal
 * strings (or JSON integers, which jansson keeps exactly) parsed with
 * dd_money_parse, and a JSON real is refused for an amount. The one
 * floating-point value read here is a date: epoch seconds that the AWS CLI
 * may print with a fraction (get_time truncates them to the second).
 * The book-file writer is in awsbilling_yaml.c. */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "drawdown/awsbilling.h"
#include "drawdown/book.h"
#include "textenc.h"

/* Where we are in the document, for messages. */
typedef struct {
	const char *name; /* the file */
	char path[96];    /* e.g. "credits[3]" */
} jctx;

static int field_fail(const jctx *c, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int field_fail(const jctx *c, const char *field, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return dd_error_set(DD_EINVALID, "%s: %s%s%s: %s", c->name, c->path, *c->path ? "." : "", field, msg);
}

static const char *json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "a list";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a number with a fraction or exponent";
	case JSON_TRUE: return "true";
	case JSON_FALSE: return "false";
	default: return "null";
	}
}

/* Kept under the name the aws API has always had; the calendar is date.c's. */
dd_date dd_aws_epoch_date(int64_t t) { return dd_epoch_date(t); }

/* A timestamp; with end_of_day a bare date (no time) stands for its last
 * second, so "endDate": "2026-12-31" keeps the whole day. */
static int get_time(const jctx *c, json_t *obj, const char *field, bool required, bool end_of_day, bool *present,
		    int64_t *out)
{
	json_t *v = json_object_get(obj, field);
	if (present) *present = v && !json_is_null(v);
	if (!v || json_is_null(v)) return required ? field_fail(c, field, "missing (a date is required)") : 0;
	int64_t t;
	if (json_is_integer(v)) {
		t = (int64_t)json_integer_value(v);
	} else if (json_is_real(v)) {
		/* A timestamp, not money: epoch seconds with a fraction are read
		 * as a double and truncated to the second. */
		double x = json_real_value(v);
		if (!(x >= (double)DD_EPOCH_MIN && x <= (double)DD_EPOCH_MAX))
			return field_fail(c, field, "epoch seconds out of range");
		t = (int64_t)floor(x);
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v), i = s[0] == '-';
		while (i < n && isdigit((unsigned char)s[i])) i++;
		if (n > (size_t)(s[0] == '-') && i == n && n <= 13) {
			t = strtoll(s, NULL, 10);
		} else if (dd_timestamp_parse(s, n, DD_TS_DATE_ALONE, &t)) {
			return field_fail(c, field, "expected a timestamp (epoch seconds or YYYY-MM-DD[THH:MM:SS][Z|+hh:mm]), got \"%.40s\"", s);
		} else if (end_of_day && n == 10) {
			t += 86399;
		}
	} else {
		return field_fail(c, field, "expected a timestamp, got %s", json_kind(v));
	}
	if (t < DD_EPOCH_MIN || t > DD_EPOCH_MAX) return field_fail(c, field, "timestamp outside the years 1-9999");
	*out = t;
	return 0;
}

/* ---- strings, ids, amounts ---- */

/* A string field (borrowed from the JSON); a JSON integer is accepted as
 * its decimal text when int_ok (ids the API types as Long elsewhere). */
static int get_str(const jctx *c, json_t *obj, const char *field, bool required, bool int_ok, char *ibuf,
		   const char **out)
{
	json_t *v = json_object_get(obj, field);
	*out = NULL;
	if (!v || json_is_null(v)) return required ? field_fail(c, field, "missing (required)") : 0;
	if (int_ok && json_is_integer(v)) {
		snprintf(ibuf, 24, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		*out = ibuf;
		return 0;
	}
	if (!json_is_string(v)) return field_fail(c, field, "expected a string, got %s", json_kind(v));
	*out = json_string_value(v);
	return 0;
}

static int check_account(const jctx *c, const char *field, const char *s, char out[DD_ACCOUNT_MAX])
{
	size_t n = strlen(s);
	if (n == 0 || n >= DD_ACCOUNT_MAX)
		return field_fail(c, field, "expected an account id of 1-%d characters, got \"%.40s\"", DD_ACCOUNT_MAX - 1, s);
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return field_fail(c, field, "expected an account id (digits, letters, '-'), got \"%.40s\"", s);
	memcpy(out, s, n + 1);
	return 0;
}

static int parse_amount_value(const jctx *c, const char *field, json_t *v, dd_money *out)
{
	char buf[32];
	const char *s;
	size_t n;
	if (json_is_integer(v)) {
		n = (size_t)snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		s = buf;
	} else if (json_is_string(v)) {
		s = json_string_value(v);
		n = json_string_length(v);
	} else if (json_is_real(v)) {
		return field_fail(c, field,
				  "expected the amount as a decimal string such as \"743.21\", got a JSON number with a"
				  " fraction or exponent (not read: it would pass through binary floating point)");
	} else {
		return field_fail(c, field, "expected an amount (a decimal string), got %s", json_kind(v));
	}
	int rc = dd_money_parse(s, n, out, NULL);
	if (rc == DD_EOVERFLOW) return field_fail(c, field, "amount \"%.40s\" is out of range", s);
	if (rc) return field_fail(c, field, "expected a decimal amount such as \"743.21\", got \"%.40s\"", s);
	return 0;
}

/* An Amount: {"currencyAmount", "currencyCode"} (or {"amount", "unit"}),
 * a decimal string, or a JSON integer. */
static int get_amount(const jctx *c, json_t *obj, const char *field, bool required, bool *present, dd_money *out,
		      char currency[8])
{
	json_t *v = json_object_get(obj, field);
	if (present) *present = v && !json_is_null(v);
	if (!v || json_is_null(v)) return required ? field_fail(c, field, "missing (an amount is required)") : 0;
	if (!json_is_object(v)) return parse_amount_value(c, field, v, out);
	char sub[64];
	const char *key = json_object_get(v, "currencyAmount") ? "currencyAmount" : "amount";
	json_t *a = json_object_get(v, key);
	snprintf(sub, sizeof sub, "%s.%s", field, key);
	if (!a) return field_fail(c, sub, "missing (an Amount has currencyAmount and currencyCode)");
	int rc = parse_amount_value(c, sub, a, out);
	if (rc) return rc;
	key = json_object_get(v, "currencyCode") ? "currencyCode" : "unit";
	json_t *cur = json_object_get(v, key);
	if (!cur || json_is_null(cur)) return 0;
	snprintf(sub, sizeof sub, "%s.%s", field, key);
	const char *cs = json_is_string(cur) ? json_string_value(cur) : NULL;
	if (!cs || strlen(cs) != 3 || !isupper((unsigned char)cs[0]) || !isupper((unsigned char)cs[1]) ||
	    !isupper((unsigned char)cs[2]))
		return field_fail(c, sub, "expected a currency code of three capital letters such as \"USD\"");
	if (currency) memcpy(currency, cs, 4);
	return 0;
}

static int get_bool(const jctx *c, json_t *obj, const char *field, bool dflt, bool *out)
{
	json_t *v = json_object_get(obj, field);
	*out = dflt;
	if (!v || json_is_null(v)) return 0;
	if (!json_is_boolean(v)) return field_fail(c, field, "expected true or false, got %s", json_kind(v));
	*out = json_is_true(v);
	return 0;
}

/* An enumerated string: index in names, or dflt when absent. */
static int get_enum(const jctx *c, json_t *obj, const char *field, const char *const *names, int dflt, int *out)
{
	const char *s;
	int rc = get_str(c, obj, field, false, false, NULL, &s);
	*out = dflt;
	if (rc || !s) return rc;
	char list[160] = "";
	for (int i = 0; names[i]; i++) {
		if (!strcmp(s, names[i])) {
			*out = i;
			return 0;
		}
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", names[i]);
	}
	return field_fail(c, field, "expected one of %s, got \"%.40s\"", list, s);
}

static char *dup_or_fail(const jctx *c, const char *s, int *rc)
{
	char *d = strdup(s);
	if (!d) *rc = dd_error_set(DD_ENOMEM, "%s: %s: out of memory", c->name, c->path);
	return d;
}

/* ---- get-credits ---- */

static int get_products(const jctx *c, json_t *obj, dd_aws_credit *out)
{
	json_t *v = json_object_get(obj, "applicableProductNames");
	if (!v || json_is_null(v)) return 0;
	if (!json_is_array(v)) return field_fail(c, "applicableProductNames", "expected a list of service names, got %s", json_kind(v));
	size_t n = json_array_size(v);
	if (!n) return 0;
	out->products = calloc(n, sizeof *out->products);
	if (!out->products) return dd_error_set(DD_ENOMEM, "%s: out of memory", c->name);
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(v, i);
		char f[48];
		snprintf(f, sizeof f, "applicableProductNames[%zu]", i);
		if (!json_is_string(e) || !json_string_length(e))
			return field_fail(c, f, "expected a service name, got %s", json_kind(e));
		int rc = 0;
		out->products[out->nproducts] = dup_or_fail(c, json_string_value(e), &rc);
		if (rc) return rc;
		out->nproducts++;
	}
	return 0;
}

static int get_shareable(const jctx *c, json_t *obj, dd_aws_credit *out)
{
	json_t *v = json_object_get(obj, "shareableAccounts");
	if (!v || json_is_null(v)) return 0;
	if (!json_is_array(v)) return field_fail(c, "shareableAccounts", "expected a list of account ids, got %s", json_kind(v));
	size_t n = json_array_size(v);
	if (!n) return 0;
	out->share_with = calloc(n, sizeof *out->share_with);
	if (!out->share_with) return dd_error_set(DD_ENOMEM, "%s: out of memory", c->name);
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(v, i);
		char f[48];
		snprintf(f, sizeof f, "shareableAccounts[%zu]", i);
		if (!json_is_string(e)) return field_fail(c, f, "expected an account id string, got %s", json_kind(e));
		int rc = check_account(c, f, json_string_value(e), out->share_with[i]);
		if (rc) return rc;
		out->nshare_with++;
	}
	return 0;
}

static const char *const application_names[] = {"BEFORE_CROSS_SERVICE_DISCOUNTS", "AFTER_DISCOUNTS", NULL};
static const char *const sharing_names[] = {"DEFAULT", "DISABLED", "CUSTOM", "COST_CATEGORY_RULE", NULL};
static const char *const status_names[] = {"ENABLED", "DISABLED", NULL};

static int parse_credit_amounts(const jctx *c, json_t *o, dd_aws_credit *out)
{
	int rc;
	if ((rc = get_amount(c, o, "initialAmount", true, NULL, &out->initial, out->currency)) ||
	    (rc = get_amount(c, o, "remainingAmount", true, NULL, &out->remaining, NULL)) ||
	    (rc = get_amount(c, o, "estimatedAmount", false, &out->has_estimated, &out->estimated, NULL)))
		return rc;
	if (dd_money_is_neg(out->initial))
		return field_fail(c, "initialAmount", "a credit's initial amount cannot be negative");
	return 0;
}

/* What a credit and an allocation record both open with: the object, its
 * creditId (held to the book's id rule when it will name a book credit)
 * and its accountId. */
static int parse_ids(const jctx *c, json_t *o, bool book_id, char **credit_id, char *account)
{
	const char *s;
	char ibuf[24];
	int rc;
	if (!json_is_object(o)) return dd_error_set(DD_EINVALID, "%s: %s: expected an object, got %s", c->name, c->path, json_kind(o));
	if ((rc = get_str(c, o, "creditId", true, true, ibuf, &s))) return rc;
	if (!*s) return field_fail(c, "creditId", "must not be empty");
	if (book_id && !dd_credit_id_valid(s))
		return field_fail(c, "creditId",
				  "expected 1 to 128 characters without '#' or control characters, got \"%.40s\"", s);
	if (!(*credit_id = dup_or_fail(c, s, &rc))) return rc;
	if ((rc = get_str(c, o, "accountId", true, false, NULL, &s))) return rc;
	return check_account(c, "accountId", s, account);
}

static int parse_credit(const jctx *c, json_t *o, dd_aws_credit *out)
{
	const char *s;
	int rc, e;
	if ((rc = parse_ids(c, o, true, &out->credit_id, out->account))) return rc; /* it becomes a book credit id */
	if ((rc = get_str(c, o, "creditType", true, false, NULL, &s))) return rc;
	if (!(out->credit_type = dup_or_fail(c, s, &rc))) return rc;
	if ((rc = get_str(c, o, "description", false, false, NULL, &s))) return rc;
	if (s && *s && !(out->description = dup_or_fail(c, s, &rc))) return rc;
	if ((rc = parse_credit_amounts(c, o, out))) return rc;
	if ((rc = get_products(c, o, out))) return rc;
	if ((rc = get_time(c, o, "startDate", true, false, NULL, &out->start)) ||
	    (rc = get_time(c, o, "endDate", true, true, NULL, &out->end)) ||
	    (rc = get_time(c, o, "exhaustDate", false, false, &out->has_exhaust, &out->exhaust)))
		return rc;
	if (out->end < out->start) return field_fail(c, "endDate", "is before startDate");
	if ((rc = get_enum(c, o, "applicationType", application_names, 0, &e))) return rc;
	out->application = (dd_aws_application)e;
	if ((rc = get_enum(c, o, "creditSharingType", sharing_names, 0, &e))) return rc;
	out->sharing = (dd_aws_sharing)e;
	if ((rc = get_shareable(c, o, out))) return rc;
	if ((rc = get_str(c, o, "costCategoryArn", false, false, NULL, &s))) return rc;
	if (s && *s && !(out->cost_category_arn = dup_or_fail(c, s, &rc))) return rc;
	if ((rc = get_enum(c, o, "creditStatus", status_names, 0, &e))) return rc;
	out->enabled = e == 0;
	return 0;
}

static void credit_free(dd_aws_credit *c)
{
	free(c->credit_id);
	free(c->credit_type);
	free(c->description);
	for (size_t i = 0; i < c->nproducts; i++) free(c->products[i]);
	free(c->products);
	free(c->share_with);
	free(c->cost_category_arn);
}

void dd_aws_credits_dispose(dd_aws_credits *c)
{
	if (!c) return;
	for (size_t i = 0; i < c->n; i++) credit_free(&c->items[i]);
	free(c->items);
	c->items = NULL;
	c->n = 0;
}

/* Load the document and find its list: the object's `key` or a bare array. */
static int load_list(const char *name, const char *json, size_t len, const char *key, const char *what,
		     json_t **root, json_t **list)
{
	json_error_t err;
	const dd_textenc *wide = dd__textenc_wide((const uint8_t *)json, len);
	*root = NULL;
	if (wide) {
		char msg[200];
		dd__textenc_message(wide, msg, sizeof msg);
		return dd_error_set(DD_EFORMAT, "%s: %s", name, msg);
	}
	*root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err);
	if (!*root)
		return dd_error_set(DD_EPARSE, "%s:%d:%d: JSON syntax error: %s", name, err.line, err.column, err.text);
	*list = json_is_array(*root) ? *root : json_object_get(*root, key);
	if (!*list || json_is_null(*list))
		return dd_error_set(DD_EINVALID, "%s: expected an object with a \"%s\" list (the output of %s)", name, key,
				    what);
	if (!json_is_array(*list))
		return dd_error_set(DD_EINVALID, "%s: %s: expected a list, got %s", name, key, json_kind(*list));
	return 0;
}

int dd_aws_credits_parse(const char *name, const char *json, size_t len, dd_aws_credits *out)
{
	json_t *root, *list;
	dd_error_clear();
	memset(out, 0, sizeof *out);
	int rc = load_list(name, json, len, "credits", "aws billing get-credits", &root, &list);
	size_t n = rc ? 0 : json_array_size(list);
	if (!rc && n && !(out->items = calloc(n, sizeof *out->items))) rc = dd_error_set(DD_ENOMEM, "%s: out of memory", name);
	for (size_t i = 0; !rc && i < n; i++) {
		jctx c = {name, ""};
		snprintf(c.path, sizeof c.path, "credits[%zu]", i);
		out->n = i + 1;
		rc = parse_credit(&c, json_array_get(list, i), &out->items[i]);
		for (size_t j = 0; !rc && j < i; j++)
			if (!strcmp(out->items[j].credit_id, out->items[i].credit_id))
				rc = field_fail(&c, "creditId", "duplicate credit id \"%.40s\" (first at credits[%zu])",
						out->items[i].credit_id, j);
	}
	json_decref(root);
	if (rc) dd_aws_credits_dispose(out);
	return rc;
}

/* ---- get-credit-allocation-history ---- */

static int parse_alloc(const jctx *c, json_t *o, dd_aws_allocation *out)
{
	const char *s;
	int rc;
	if ((rc = parse_ids(c, o, false, &out->credit_id, out->account))) return rc;
	if ((rc = get_str(c, o, "appliedServiceName", true, false, NULL, &s))) return rc;
	if (!*s) return field_fail(c, "appliedServiceName", "must not be empty");
	if (!(out->service = dup_or_fail(c, s, &rc))) return rc;
	if ((rc = get_str(c, o, "billingMonth", true, false, NULL, &s))) return rc;
	if (dd_period_parse(s, strlen(s), &out->month) || DD_MONTH_YEAR(out->month) < 1 ||
	    DD_MONTH_YEAR(out->month) > 9999)
		return field_fail(c, "billingMonth", "expected a month YYYY-MM, got \"%.40s\"", s);
	if ((rc = get_amount(c, o, "creditAmount", true, NULL, &out->amount, NULL))) return rc;
	return get_bool(c, o, "isEstimatedBill", false, &out->estimated);
}

static int parse_notes(const char *name, json_t *root, dd_aws_history_notes *notes)
{
	jctx c = {name, ""};
	if (!json_is_object(root)) return 0;
	int rc = get_bool(&c, root, "partialResults", false, &notes->partial);
	json_t *fm = json_object_get(root, "failedMonths");
	if (rc || !fm || json_is_null(fm)) return rc;
	if (!json_is_array(fm)) return field_fail(&c, "failedMonths", "expected a list of months, got %s", json_kind(fm));
	size_t n = json_array_size(fm);
	if (n && !(notes->failed_months = calloc(n, sizeof *notes->failed_months)))
		return dd_error_set(DD_ENOMEM, "%s: out of memory", name);
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(fm, i);
		char f[40];
		snprintf(f, sizeof f, "failedMonths[%zu]", i);
		const char *s = json_is_string(e) ? json_string_value(e) : "";
		if (dd_period_parse(s, strlen(s), &notes->failed_months[i]))
			return field_fail(&c, f, "expected a month YYYY-MM, got %s", json_kind(e));
		notes->nfailed++;
	}
	return 0;
}

int dd_aws_allocations_parse(const char *name, const char *json, size_t len, dd_aws_allocation **out, size_t *n,
			     dd_aws_history_notes *notes)
{
	json_t *root, *list;
	dd_aws_history_notes local;
	dd_aws_history_notes *nt = notes ? notes : &local;
	dd_error_clear();
	memset(nt, 0, sizeof *nt);
	*out = NULL;
	*n = 0;
	int rc = load_list(name, json, len, "creditAllocationHistoryList", "aws billing get-credit-allocation-history",
			   &root, &list);
	size_t cnt = rc ? 0 : json_array_size(list), got = 0;
	dd_aws_allocation *a = NULL;
	if (!rc && cnt && !(a = calloc(cnt, sizeof *a))) rc = dd_error_set(DD_ENOMEM, "%s: out of memory", name);
	for (size_t i = 0; !rc && i < cnt; i++) {
		jctx c = {name, ""};
		snprintf(c.path, sizeof c.path, "creditAllocationHistoryList[%zu]", i);
		got = i + 1;
		rc = parse_alloc(&c, json_array_get(list, i), &a[i]);
	}
	if (!rc) rc = parse_notes(name, root, nt);
	json_decref(root);
	if (rc || !notes) {
		free(nt->failed_months);
		nt->failed_months = NULL;
		nt->nfailed = 0;
	}
	if (rc) {
		dd_aws_allocations_free(a, got);
		return rc;
	}
	*out = a;
	*n = cnt;
	return 0;
}

dd_aws_json_kind dd_aws_json_detect(const char *json, size_t len)
{
	json_error_t err;
	json_t *root = json_loadb(json, len, 0, &err), *probe = root;
	dd_aws_json_kind k = DD_AWS_JSON_NONE;
	if (json_is_array(root)) probe = json_array_get(root, 0);
	if (json_is_object(probe)) {
		if (json_object_get(probe, "credits") || json_object_get(probe, "initialAmount")) k = DD_AWS_JSON_CREDITS;
		else if (json_object_get(probe, "creditAllocationHistoryList") || json_object_get(probe, "appliedServiceName"))
			k = DD_AWS_JSON_ALLOCATIONS;
	}
	json_decref(root);
	return k;
}
