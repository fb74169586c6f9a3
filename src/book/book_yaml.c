/* book_yaml.c: checking single YAML nodes of a book (or a ramp file) against
 * what a field expects (text, booleans, dates, months, amounts, ...). Every
 * helper reports its own problem with the node's line:column and a message
 * saying what was found and what was expected, so the section code stays a
 * list of fields. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "book_int.h"

yaml_node_t *dd__book_node(dd__book_ctx *c, int file, yaml_node_item_t id)
{
	return yaml_document_get_node(&c->files[file].doc, id);
}

int dd__book_index(const char *const *list, const char *name)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], name)) return i;
	return -1;
}

static const char *sval(const yaml_node_t *n) { return (const char *)n->data.scalar.value; }

static bool has_nul(const yaml_node_t *n)
{
	return memchr(n->data.scalar.value, '\0', n->data.scalar.length) != NULL;
}

bool dd__book_is_null(const yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
	const char *s = sval(n);
	return !strcmp(s, "") || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

void dd__book_describe(const yaml_node_t *n, char *buf, size_t size)
{
	if (!n || dd__book_is_null(n)) snprintf(buf, size, "nothing");
	else if (n->type == YAML_SEQUENCE_NODE) snprintf(buf, size, "a list");
	else if (n->type == YAML_MAPPING_NODE) snprintf(buf, size, "a mapping");
	else {
		/* Quote at most 60 bytes, replacing control bytes, so a message stays one line. */
		size_t len = n->data.scalar.length, k = 0;
		char tmp[64];
		for (size_t i = 0; i < len && k < 60; i++) {
			unsigned char ch = n->data.scalar.value[i];
			tmp[k++] = (ch < 0x20 || ch == 0x7f) ? '?' : (char)ch;
		}
		tmp[k] = '\0';
		snprintf(buf, size, "\"%s%s\"", tmp, len > 60 ? "..." : "");
	}
}

void dd__book_path(char *buf, size_t size, const char *base, const char *field)
{
	if (base && *base) snprintf(buf, size, "%s.%s", base, field);
	else snprintf(buf, size, "%s", field);
}

void dd__book_path_index(char *buf, size_t size, const char *base, size_t i)
{
	snprintf(buf, size, "%s[%zu]", base, i);
}

/* Levenshtein distance, for "did you mean"; names are short. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 40 || lb > 40) return 99;
	size_t row[41];
	for (size_t j = 0; j <= lb; j++) row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			size_t best = diag + cost;
			if (row[j] + 1 < best) best = row[j] + 1;
			if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* "amount: 40,000" inside { }: YAML reads the ',' as the end of the field,
 * so the amount is 40 and "000" a field of its own. */
static bool split_number(const yaml_node_t *map, const yaml_node_t *key)
{
	size_t len = key->data.scalar.length;
	if (map->data.mapping.style != YAML_FLOW_MAPPING_STYLE || key->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	    len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (key->data.scalar.value[i] < '0' || key->data.scalar.value[i] > '9') return false;
	return true;
}

static void unknown_field(dd__book_ctx *c, int file, const yaml_node_t *map, yaml_node_t *key, const char *path,
			  const char *const *known)
{
	char what[80], field[512], list[512] = "";
	dd__book_describe(key, what, sizeof what);
	dd__book_path(field, sizeof field, path, sval(key));
	const char *best = NULL;
	size_t bestd = 99, len = strlen(sval(key));
	for (int i = 0; known[i]; i++) {
		size_t d = distance(sval(key), known[i]);
		if (d < bestd) { bestd = d; best = known[i]; }
	}
	if (!strcmp(sval(key), "<<")) {
		dd__book_problem(c, file, key, field, "unknown field \"<<\" (YAML merge keys are not supported)");
		return;
	}
	if (split_number(map, key)) {
		dd__book_problem(c, file, key, field,
				 "unknown field %s (inside { } a ',' ends a field: write amounts without thousands "
				 "separators, e.g. 40000)", what);
		return;
	}
	if (best && bestd <= (len < 6 ? 1 : 2)) {
		dd__book_problem(c, file, key, field, "unknown field %s (did you mean \"%s\"?)", what, best);
		return;
	}
	for (int i = 0; known[i]; i++) {
		size_t used = strlen(list);
		snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", known[i]);
	}
	dd__book_problem(c, file, key, field, "unknown field %s (expected one of: %s)", what, list);
}

bool dd__book_map(dd__book_ctx *c, int file, yaml_node_t *node, const char *path, const char *const *known,
	    yaml_node_t **vals, yaml_node_t **keys)
{
	for (int i = 0; known[i]; i++) vals[i] = keys[i] = NULL;
	if (!node || node->type != YAML_MAPPING_NODE) {
		char what[80];
		dd__book_describe(node, what, sizeof what);
		dd__book_problem(c, file, node, path, "expected a mapping of fields, got %s", what);
		return false;
	}
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *k = dd__book_node(c, file, p->key), *v = dd__book_node(c, file, p->value);
		if (!k || k->type != YAML_SCALAR_NODE) {
			dd__book_problem(c, file, k, path, "a field name must be plain text, not a list or mapping");
			continue;
		}
		int i = has_nul(k) ? -1 : dd__book_index(known, sval(k));
		if (i < 0) { unknown_field(c, file, node, k, path, known); continue; }
		if (keys[i]) {
			char field[512], where[64];
			dd__book_path(field, sizeof field, path, known[i]);
			dd__book_where(c, file, file, keys[i], where, sizeof where);
			dd__book_problem(c, file, k, field, "field \"%s\" appears twice (first at %s)", known[i], where);
			continue;
		}
		keys[i] = k;
		vals[i] = v;
	}
	return true;
}

/* "expected <what>, got <the node, described>": false, for the callers to return. */
static bool expected(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, const char *what)
{
	char got[80];
	dd__book_describe(n, got, sizeof got);
	dd__book_problem(c, file, n, path, "expected %s, got %s", what, got);
	return false;
}

bool dd__book_scalar(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, const char *what)
{
	if (n && n->type == YAML_SCALAR_NODE && !dd__book_is_null(n)) {
		if (!has_nul(n)) return true;
		dd__book_problem(c, file, n, path, "a value may not contain a NUL character (\\0)");
		return false;
	}
	return expected(c, file, n, path, what);
}

bool dd__book_text(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, char **out)
{
	if (!dd__book_scalar(c, file, n, path, "text")) return false;
	*out = dd__book_strndup(c, sval(n), n->data.scalar.length);
	return *out != NULL;
}

bool dd__book_bool(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, bool *out)
{
	static const char *const yes[] = {"true", "on", "yes", NULL}, *const no[] = {"false", "off", "no", NULL};
	if (!dd__book_scalar(c, file, n, path, "true or false")) return false;
	for (int i = 0; yes[i]; i++) {
		if (!strcasecmp(sval(n), yes[i])) { *out = true; return true; }
		if (!strcasecmp(sval(n), no[i])) { *out = false; return true; }
	}
	return expected(c, file, n, path, "true/false (or on/off, yes/no)");
}

bool dd__book_date(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, dd_date *out)
{
	if (!dd__book_scalar(c, file, n, path, "a date YYYY-MM-DD")) return false;
	if (dd_date_parse(sval(n), n->data.scalar.length, out) == 0) return true;
	return expected(c, file, n, path, "a date YYYY-MM-DD");
}

bool dd__book_month(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, dd_month *out)
{
	if (!dd__book_scalar(c, file, n, path, "a month YYYY-MM")) return false;
	if (dd_month_parse(sval(n), n->data.scalar.length, out) == 0) return true;
	return expected(c, file, n, path, "a month YYYY-MM");
}

bool dd__book_money(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, dd_money *out)
{
	if (!dd__book_scalar(c, file, n, path, "an amount")) return false;
	int rc = dd_money_parse(sval(n), n->data.scalar.length, out, NULL);
	if (rc == 0) return true;
	char got[80];
	dd__book_describe(n, got, sizeof got);
	if (rc == DD_EOVERFLOW)
		dd__book_problem(c, file, n, path, "amount %s is too large", got);
	else
		dd__book_problem(c, file, n, path,
			   "expected an amount (digits with an optional '.', no thousands separators, at most 18 "
			   "decimals), got %s", got);
	return false;
}

bool dd__book_percent(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, dd_money *out)
{
	if (!dd__book_money(c, file, n, path, out)) return false;
	if (dd_money_is_neg(*out) || dd_money_cmp(*out, dd_money_from_units(100)) > 0) {
		dd__book_problem(c, file, n, path, "a percentage must be between 0 and 100, got %s", sval(n));
		return false;
	}
	return true;
}

bool dd__book_int(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, int lo, int hi, int *out)
{
	if (!dd__book_scalar(c, file, n, path, "a whole number")) return false;
	const char *s = sval(n);
	size_t len = n->data.scalar.length;
	long v = 0;
	bool ok = len > 0 && len <= 9;
	for (size_t i = 0; ok && i < len; i++) {
		if (s[i] < '0' || s[i] > '9') ok = false;
		else v = v * 10 + (s[i] - '0');
	}
	char got[80];
	dd__book_describe(n, got, sizeof got);
	if (!ok) {
		dd__book_problem(c, file, n, path, "expected a whole number from %d to %d, got %s", lo, hi, got);
		return false;
	}
	if (v < lo || v > hi) {
		dd__book_problem(c, file, n, path, "must be from %d to %d, got %ld", lo, hi, v);
		return false;
	}
	*out = (int)v;
	return true;
}

bool dd__book_enum(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, const char *const *names, int *out)
{
	char list[512] = "";
	for (int i = 0; names[i]; i++) {
		size_t used = strlen(list);
		snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", names[i]);
	}
	if (n && n->type == YAML_SCALAR_NODE && !dd__book_is_null(n) && !has_nul(n)) {
		int i = dd__book_index(names, sval(n));
		if (i >= 0) { *out = i; return true; }
	}
	char got[80];
	dd__book_describe(n, got, sizeof got);
	dd__book_problem(c, file, n, path, "expected one of: %s; got %s", list, got);
	return false;
}

bool dd__book_account_id(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, char out[DD_ACCOUNT_MAX])
{
	if (!dd__book_scalar(c, file, n, path, "an account id")) return false;
	const char *s = sval(n);
	size_t len = n->data.scalar.length;
	bool ok = len >= 1 && len < DD_ACCOUNT_MAX;
	for (size_t i = 0; ok && i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-') ok = false;
	if (!ok) {
		char got[80];
		dd__book_describe(n, got, sizeof got);
		dd__book_problem(c, file, n, path, "expected an account id (1 to %d letters, digits or '-'), got %s",
			   DD_ACCOUNT_MAX - 1, got);
		return false;
	}
	memcpy(out, s, len);
	out[len] = '\0';
	return true;
}

bool dd__book_known_account(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, const char *id)
{
	if (!c->payer_ok || !strcmp(id, c->book->payer) || dd_book_account(c->book, id)) return true;
	dd__book_problem(c, file, n, path, "account \"%s\" is neither the payer nor listed in organization.accounts", id);
	return false;
}

bool dd__book_required(dd__book_ctx *c, int file, yaml_node_t *map, yaml_node_t *val, const char *path, const char *name)
{
	if (val) return true;
	char field[512];
	dd__book_path(field, sizeof field, path, name);
	dd__book_problem(c, file, map, field, "missing required field \"%s\"", name);
	return false;
}

/* An incident's start or end: dd_timestamp_parse's grammar, where an offset
 * may stop after its hours ("+02"), as incidents always could. Fractions
 * of a second are dropped: incidents are measured in minutes. */
bool dd__book_timestamp(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, int64_t *out)
{
	if (!dd__book_scalar(c, file, n, path, "a timestamp YYYY-MM-DDTHH:MM:SSZ")) return false;
	if (dd_timestamp_parse(sval(n), n->data.scalar.length, DD_TS_OFFSET_HOURS, out) == 0) return true;
	return expected(c, file, n, path, "a timestamp YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]");
}
