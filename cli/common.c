/* common.c: the helpers every verb of the CLI shares (see common.h). */
#include "common.h"

#include <errno.h>
#include <stdarg.h>
#include <unistd.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- options ---------------------------------------------------------- */

int cli_month(const char *verb, const char *s, dd_month *out)
{
	if (!s) return cli_usage(verb, "--month YYYY-MM is required");
	if (dd_month_parse(s, strlen(s), out) != 0)
		return cli_usage(verb, "--month: expected YYYY-MM, got \"%s\"", s);
	return 0;
}

int cli_int(const char *verb, const char *opt, const char *s, long long min, long long max, long long *out)
{
	char *end = NULL;
	errno = 0;
	long long v = s && (*s == '-' || (*s >= '0' && *s <= '9')) ? strtoll(s, &end, 10) : 0;
	if (!end || errno || *end || v < min || v > max)
		return cli_usage(verb, "--%s: expected a whole number from %lld to %lld, got \"%s\"", opt, min, max,
				   s ? s : "");
	*out = v;
	return 0;
}

int cli_number(const char *verb, const char *opt, const char *s, double min, double max, double *out)
{
	char *end = NULL;
	errno = 0;
	double v = s && *s ? strtod(s, &end) : 0;
	if (!end || errno || *end || !(v >= min && v <= max))
		return cli_usage(verb, "--%s: expected a number from %g to %g, got \"%s\"", opt, min, max, s ? s : "");
	*out = v;
	return 0;
}

/* ---- errors, book, store ------------------------------------------------ */

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	fputs("drawdown: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_FAIL;
}

int cli_error(void)
{
	const char *m = dd_error_last();
	return cli_fail("%s", *m ? m : "unknown error");
}

void cli_print_problem(FILE *f, const dd_book_problem *p)
{
	/* Line 0 means "the whole file" (it could not be read). */
	if (p->line > 0) fprintf(f, "%s:%d:%d: ", p->file ? p->file : "?", p->line, p->column);
	else fprintf(f, "%s: ", p->file ? p->file : "?");
	if (p->field && *p->field) fprintf(f, "%s: ", p->field);
	fprintf(f, "%s\n", p->message ? p->message : "");
}

int cli_load_book(const cli_ctx *ctx, dd_book **out)
{
	dd_book_problems probs = {0};
	int rc = dd_book_load(ctx->book, out, &probs);
	if (rc == 0) return CLI_OK;
	for (size_t i = 0; i < probs.n; i++) cli_print_problem(stderr, &probs.items[i]);
	if (probs.n == 0) cli_error();
	else if (!cli_book_exists(ctx->book))
		fprintf(stderr, "drawdown: no book at %s: run `drawdown init` to start one from the imported charges\n",
			ctx->book);
	else fprintf(stderr, "drawdown: the book %s has %zu problem%s\n", ctx->book, probs.n, probs.n == 1 ? "" : "s");
	dd_book_problems_dispose(&probs);
	return CLI_FAIL;
}

bool cli_book_exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 || errno != ENOENT;
}

int cli_open_store(const cli_ctx *ctx, bool write, dd_store **out)
{
	int rc = write ? dd_store_open(ctx->db, out) : dd_store_open_readonly(ctx->db, out);
	return rc ? cli_error() : CLI_OK;
}

/* ---- the run ------------------------------------------------------------ */

int cli_run_to(const dd_book *book, dd_store *store, dd_month month, cli_run *run)
{
	char b[8];
	if (!dd_run_to(book, store, month, run)) return CLI_OK;
	cli_error();
	if (run->stopped != DD_MONTH_NONE) cli_fail("the run stopped at %s", dd_month_format(run->stopped, b));
	return CLI_FAIL;
}

void cli_run_free(cli_run *run) { dd_run_dispose(run); }

int cli_month_spec_verb(cli_ctx *ctx, const cli_spec *spec, int argc, char **argv, bool month_required,
			int needs, cli_month_report report)
{
	bool needs_agreement = needs & CLI_NEEDS_AGREEMENT, list = false;
	cli_month_args a = {0};
	dd_month month = DD_MONTH_NONE;
	int rc = cli_parse_spec(ctx, spec, &a, argc, argv, NULL);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	if (a.csv && a.json) return cli_usage(spec->verb, "--csv and --json together");
	if ((a.month || month_required) && (rc = cli_month(spec->verb, a.month, &month))) return rc;
	dd_book *book = NULL;
	dd_store *store = NULL;
	cli_run run = {0};
	if ((needs & CLI_LIST_BILL) && !cli_book_exists(ctx->book)) {
		/* No book yet: the list bill, from the store's payer alone. */
		if ((rc = cli_open_store(ctx, false, &store))) goto out;
		if (dd_run_list_book(store, ctx->book, &book)) {
			rc = cli_error();
			goto out;
		}
		list = true;
	} else if ((rc = cli_load_book(ctx, &book))) {
		goto out;
	}
	if (needs_agreement && !book->agreement.present) {
		rc = cli_fail("the book has no agreement (%s)", book->path);
		goto out;
	}
	if ((store || !(rc = cli_open_store(ctx, false, &store))) && !(rc = cli_run_to(book, store, month, &run)))
		rc = report(book, store, &run, a.json);
	if (!rc && list)
		fprintf(a.json || a.csv ? stderr : stdout,
			"%sNote: no book at %s: the list bill, without credits, discount or support terms; run `drawdown init`.\n",
			a.json || a.csv ? "drawdown: " : "\n", ctx->book);
out:
	cli_run_free(&run);
	dd_store_close(store);
	dd_book_free(book);
	return rc;
}

/* ---- the date and the forecast of the advice verbs ---------------------- */

int cli_as_of(const char *verb, const char *s, dd_date *out)
{
	if (!s) {
		*out = dd_epoch_date((int64_t)time(NULL));
		return 0;
	}
	if (dd_date_parse(s, strlen(s), out)) return cli_usage(verb, "--as-of: expected YYYY-MM-DD, got \"%s\"", s);
	return 0;
}

/* A file the book's loader refused: every problem, or the error when it
 * has none; frees them and returns CLI_FAIL. */
static int file_problems(const char *what, const char *path, dd_book_problems *probs)
{
	for (size_t i = 0; i < probs->n; i++) cli_print_problem(stderr, &probs->items[i]);
	if (probs->n == 0) cli_error();
	else fprintf(stderr, "drawdown: the %s %s has %zu problem%s\n", what, path, probs->n, probs->n == 1 ? "" : "s");
	dd_book_problems_dispose(probs);
	return CLI_FAIL;
}

int cli_load_ramp(const char *path, dd_ramp **out)
{
	*out = NULL;
	if (!path) return CLI_OK;
	dd_book_problems probs = {0};
	if (dd_ramp_load(path, out, &probs) == 0) return CLI_OK;
	return file_problems("ramp", path, &probs);
}

int cli_load_offers(const cli_ctx *ctx, char **files, int n, dd_offer **offers, dd_offer_input *in)
{
	for (int i = 0; i < n; i++) {
		dd_book_problems probs = {0};
		if (dd_offer_load(files[i], ctx->book, &offers[i], &probs)) return file_problems("offer", files[i], &probs);
		in[i] = (dd_offer_input){offers[i]->name, files[i], offers[i]->book};
	}
	return CLI_OK;
}

int cli_load_history(dd_store *store, dd_month through, const char *opt, cli_forecast *out)
{
	memset(out, 0, sizeof *out);
	if (dd_run_load_history(store, through, &out->hist)) {
		if (through != DD_MONTH_NONE && out->hist.n == 0 && out->hist.last)
			return cli_fail("%s: %s", opt, dd_error_last());
		return cli_error();
	}
	if (!(out->view = calloc(out->hist.n ? out->hist.n : 1, sizeof *out->view))) return cli_fail("out of memory");
	for (size_t i = 0; i < out->hist.n; i++)
		out->view[i] = (dd_fc_history){out->hist.first + (dd_month)i, out->hist.months[i].items,
					       out->hist.months[i].n, out->hist.months[i].present};
	return CLI_OK;
}

int cli_forecast_run(const dd_book *book, dd_store *store, const dd_fc_options *o, cli_forecast *out)
{
	dd_fc_options def;
	if (!o) {
		dd_fc_options_default(&def);
		o = &def;
	}
	int rc = cli_load_history(store, DD_MONTH_NONE, "--as-of", out);
	if (rc) return rc;
	if (dd_forecast_run(book, out->view, out->hist.n, o, &out->f)) return cli_error();
	return CLI_OK;
}

void cli_forecast_free(cli_forecast *f)
{
	dd_forecast_dispose(&f->f);
	free(f->view);
	dd_history_dispose(&f->hist);
	memset(f, 0, sizeof *f);
}

/* ---- SLA claims ---------------------------------------------------------- */


void cli_claims_free(cli_claims *r)
{
	dd_claims_dispose(&r->claims);
	for (size_t i = 0; r->aggs && i < r->nmonths; i++) dd_agg_free(r->aggs[i]);
	free(r->aggs);
	free(r->cm);
	free(r->months);
	memset(r, 0, sizeof *r);
}

int cli_claims_load(const dd_book *book, dd_store *store, dd_month month, dd_date as_of, cli_claims *r)
{
	memset(r, 0, sizeof *r);
	if (dd_claims_months(book, &r->months, &r->nmonths)) return cli_error();
	r->aggs = calloc(r->nmonths ? r->nmonths : 1, sizeof *r->aggs);
	r->cm = calloc(r->nmonths ? r->nmonths : 1, sizeof *r->cm);
	if (!r->aggs || !r->cm) return cli_fail("out of memory");
	for (size_t i = 0; i < r->nmonths; i++) {
		if (month != DD_MONTH_NONE && r->months[i] != month) continue;
		size_t n = 0;
		if (store && dd_store_load_entries(store, r->months[i], &r->aggs[i])) return cli_error();
		const dd_agg_entry *e = r->aggs[i] ? dd_agg_entries(r->aggs[i], &n) : NULL;
		r->cm[i] = (dd_claim_month){r->months[i], e, e ? n : 0};
	}
	if (dd_claims_compute(book, r->cm, r->nmonths, month, as_of, &r->claims)) return cli_error();
	return CLI_OK;
}


/* ---- files ---------------------------------------------------------------- */

/* --out FILE of every verb that writes one: written beside itself under a unique name, then renamed over:
 * a reader (a subscribed calendar) never sees half a file, and a failure (a missing
 * directory, a full disk) leaves whatever was there untouched. */
int cli_write_file(const char *verb, const char *path, const char *text, size_t len)
{
	return cli_write_file_as(verb, "--out", path, text, len);
}

int cli_write_file_as(const char *verb, const char *opt, const char *path, const char *text, size_t len)
{
	if (dd_file_replace(path, text, len)) return cli_fail("%s: %s: %s", verb, opt, dd_error_last());
	return CLI_OK;
}

/* ---- JSON --------------------------------------------------------------- */

/* Length of a valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned lo = 0x80, hi = 0xBF;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF) len = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4) len = 4;
	else return 0;
	if (len > n) return 0;
	if (s[0] == 0xE0) lo = 0xA0;      /* overlong */
	if (s[0] == 0xED) hi = 0x9F;      /* surrogates */
	if (s[0] == 0xF0) lo = 0x90;      /* overlong */
	if (s[0] == 0xF4) hi = 0x8F;      /* above U+10FFFF */
	if (s[1] < lo || s[1] > hi) return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xBF) return 0;
	return len;
}

/* Escapes what JSON requires, and replaces invalid UTF-8 (account names and
 * services come from files) by U+FFFD so the output always parses. */
static void js_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	fputc('"', f);
	for (size_t i = 0; i < n;) {
		unsigned char c = p[i];
		if (c == '"' || c == '\\') {
			fputc('\\', f);
			fputc(c, f);
		} else if (c == '\n') {
			fputs("\\n", f);
		} else if (c == '\t') {
			fputs("\\t", f);
		} else if (c == '\r') {
			fputs("\\r", f);
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
		} else if (c >= 0x80) {
			size_t len = utf8_len(p + i, n - i);
			if (len) fwrite(p + i, 1, len, f);
			else fputs("\\ufffd", f);
			i += len ? len : 1;
			continue;
		} else {
			fputc(c, f);
		}
		i++;
	}
	fputc('"', f);
}

void js_init(cli_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first = true;
}

static void js_key(cli_json *j, const char *key)
{
	if (j->depth > 0) {
		if (!j->first) fputc(',', j->f);
		fprintf(j->f, "\n%*s", j->depth * 2, "");
	}
	if (key) {
		js_string(j->f, key);
		fputs(": ", j->f);
	}
	j->first = false;
}

static void js_open(cli_json *j, const char *key, char c)
{
	js_key(j, key);
	fputc(c, j->f);
	j->depth++;
	j->first = true;
}

static void js_close(cli_json *j, char c)
{
	j->depth--;
	if (!j->first) fprintf(j->f, "\n%*s", j->depth * 2, "");
	fputc(c, j->f);
	j->first = false;
}

void js_obj(cli_json *j, const char *key) { js_open(j, key, '{'); }
void js_obj_end(cli_json *j) { js_close(j, '}'); }
void js_arr(cli_json *j, const char *key) { js_open(j, key, '['); }
void js_arr_end(cli_json *j) { js_close(j, ']'); }

void js_str(cli_json *j, const char *key, const char *v)
{
	js_key(j, key);
	if (v) js_string(j->f, v);
	else fputs("null", j->f);
}

void js_money(cli_json *j, const char *key, dd_money v)
{
	char b[DD_MONEY_STRMAX];
	js_str(j, key, dd_money_format(v, b));
}

void js_int(cli_json *j, const char *key, long long v)
{
	js_key(j, key);
	fprintf(j->f, "%lld", v);
}

void js_bool(cli_json *j, const char *key, bool v)
{
	js_key(j, key);
	fputs(v ? "true" : "false", j->f);
}

void js_report(cli_json *j, const dd_book *book, dd_date as_of)
{
	char b[11];
	js_init(j, stdout);
	js_obj(j, NULL);
	js_str(j, "as_of", dd_date_format(as_of, b));
	js_str(j, "currency", book->currency);
}

int js_done(cli_json *j)
{
	fputc('\n', j->f);
	if (fflush(j->f) != 0 || ferror(j->f)) return cli_fail("writing the output failed: %s", strerror(errno));
	return CLI_OK;
}

/* ---- tables ------------------------------------------------------------- */

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("drawdown: out of memory\n", stderr);
		exit(CLI_FAIL);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xrealloc(NULL, n), s, n);
}

void cli_table_init(cli_table *t, const char *align, size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->align = align;
	t->ncols = ncols;
}

static char **table_grow(cli_table *t)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
	}
	return t->cells + t->nrows++ * t->ncols;
}

static void table_vrow(cli_table *t, va_list ap)
{
	char **row = table_grow(t);
	for (size_t c = 0; c < t->ncols; c++) {
		const char *s = va_arg(ap, const char *);
		row[c] = xstrdup(s ? s : "");
	}
}

void cli_table_row(cli_table *t, ...)
{
	va_list ap;
	va_start(ap, t);
	table_vrow(t, ap);
	va_end(ap);
}

void cli_table_head(cli_table *t, ...)
{
	va_list ap;
	va_start(ap, t);
	table_vrow(t, ap);
	va_end(ap);
	t->has_head = t->nrows == 1;
}

void cli_table_hide_zero(cli_table *t) { t->hide_zero = true; }

void cli_table_rule(cli_table *t)
{
	char **row = table_grow(t);
	for (size_t c = 0; c < t->ncols; c++) row[c] = NULL;
}

/* Display width: code points, so names in UTF-8 line up. */
static size_t width(const char *s)
{
	size_t w = 0;
	for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

/* An amount, count or percent that is zero: "0.00", "-0.00", "0", "0.0%". */
static bool zero_cell(const char *s)
{
	bool digit = false;
	for (; *s; s++) {
		if (*s == '0') digit = true;
		else if (!strchr("-.,%", *s)) return false;
	}
	return digit;
}

/* A row to hide: a data row (no rule, not the header) whose right-aligned
 * cells are all zero. */
static bool hidden_row(const cli_table *t, size_t r)
{
	if (!t->hide_zero || cli_mode_get()->all || (t->has_head && r == 0)) return false;
	char **row = t->cells + r * t->ncols;
	bool any = false;
	for (size_t c = 0; c < t->ncols; c++) {
		if (!row[c]) return false;
		if (!t->align || t->align[c] != 'r') continue; /* 'n': a count, not an amount */
		if (!zero_cell(row[c])) return false;
		any = true;
	}
	return any;
}

/* RFC 4180: a field with a comma, a quote or a line break is quoted, its
 * quotes doubled; lines end with CRLF. */
static void csv_field(FILE *f, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL || *s == ' ' || (*s && s[strlen(s) - 1] == ' ');
	if (quote) fputc('"', f);
	for (; *s; s++) {
		if (*s == '"') fputc('"', f);
		fputc(*s, f);
	}
	if (quote) fputc('"', f);
}

/* A header as a CSV column name: "CARRIED IN" -> carried_in, "DOWN (MIN)" -> down_min. */
static void csv_name(FILE *f, const char *s)
{
	bool gap = false, any = false;
	for (; *s; s++) {
		char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (gap && any) fputc('_', f);
			fputc(c, f);
			gap = false;
			any = true;
		} else {
			gap = true;
		}
	}
}

static void table_csv(const cli_table *t, FILE *f)
{
	size_t data = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		char **row = t->cells + r * t->ncols;
		if (t->ncols && !row[0]) { /* a rule: under the header, a line; after data, a total follows */
			if (data) break;
			continue;
		}
		bool head = t->has_head && r == 0;
		data += !head;
		for (size_t c = 0; c < t->ncols; c++) {
			if (c) fputc(',', f);
			if (head) csv_name(f, row[c] ? row[c] : "");
			else csv_field(f, row[c] ? row[c] : "");
		}
		fputs("\r\n", f);
	}
}

void cli_table_print(const cli_table *t, FILE *f, int indent)
{
	size_t w[16] = {0};
	size_t nc = t->ncols < 16 ? t->ncols : 16, nhidden = 0;
	if (cli_mode_get()->csv) {
		table_csv(t, f);
		return;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		if (hidden_row(t, r)) continue;
		for (size_t c = 0; c < nc; c++) {
			const char *s = t->cells[r * t->ncols + c];
			if (s && width(s) > w[c]) w[c] = width(s);
		}
	}
	for (size_t r = 0; r < t->nrows; r++) {
		char **row = t->cells + r * t->ncols;
		if (hidden_row(t, r)) {
			nhidden++;
			continue;
		}
		bool bold = t->has_head && r == 0 && cli_mode_get()->color;
		/* Spaces are held back until something follows: no trailing blanks. */
		size_t pending = (size_t)indent;
		if (bold) {
			fprintf(f, "%*s\033[1m", (int)pending, "");
			pending = 0;
		}
		for (size_t c = 0; c < nc; c++) {
			const char *s = row[c];
			size_t pad = w[c] - (s ? width(s) : 0);
			if (c) pending += 2;
			if (!s) {
				fprintf(f, "%*s", (int)pending, "");
				for (size_t k = 0; k < w[c]; k++) fputc('-', f);
				pending = 0;
			} else if (t->align && (t->align[c] == 'r' || t->align[c] == 'n')) {
				pending += pad;
				if (*s) fprintf(f, "%*s%s", (int)pending, "", s), pending = 0;
				else pending += width(s);
			} else {
				if (*s) fprintf(f, "%*s%s", (int)pending, "", s), pending = 0;
				pending += pad;
			}
		}
		if (bold) fputs("\033[0m", f);
		fputc('\n', f);
	}
	if (nhidden)
		fprintf(f, "%*s%zu zero line%s hidden (--all shows them)\n", indent, "", nhidden, nhidden == 1 ? "" : "s");
}

void cli_table_free(cli_table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++) free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof *t);
}

const char *cli_probability(dd_money p, char *buf, size_t n)
{
	dd_money x;
	if (dd_money_muldiv(p, 1000, 1, &x)) x = dd_money_zero();
	long long tenths = (long long)(dd_money_round(x, 0).v / DD_MONEY_SCALE);
	snprintf(buf, n, "%lld.%lld%%", tenths / 10, tenths % 10);
	return buf;
}

const char *cli_cents(dd_money m, char *buf)
{
	if (cli_mode_get()->csv) return dd_money_format(m, buf);
	return dd_money_format_cents_grouped(m, buf);
}
