/* cmd_import.c: `drawdown import FILE...`: every billing file into one
 * aggregator, then one store transaction, so an import of several files is
 * all or nothing. AWS Billing API JSON is recognised too: a credit
 * allocation history is stored for reconcile, a get-credits list becomes an
 * includable book file. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"


typedef struct {
	const char *name;
	int last; /* last percent drawn, -1 before the first */
} progress_bar;

/* A stream's size is unknown (total 0): its bytes read so far instead. */
static void draw_count(progress_bar *p, uint64_t done)
{
	int mib = done >> 20 > INT32_MAX ? INT32_MAX : (int)(done >> 20);
	if (mib == p->last) return;
	p->last = mib;
	fprintf(stderr, "\r%-40.40s %d MiB read\033[K", p->name, mib);
	fflush(stderr);
}

static void draw_progress(void *ctx, uint64_t done, uint64_t total)
{
	progress_bar *p = ctx;
	if (!total) {
		draw_count(p, done);
		return;
	}
	int pct = (int)(done * 100 / total);
	if (pct > 100) pct = 100;
	if (pct == p->last) return;
	p->last = pct;
	char bar[31];
	int fill = pct * 30 / 100;
	memset(bar, '#', (size_t)fill);
	memset(bar + fill, '.', (size_t)(30 - fill));
	bar[30] = '\0';
	fprintf(stderr, "\r%-40.40s [%s] %3d%%", p->name, bar, pct);
	fflush(stderr);
}

typedef struct {
	dd_month period;
	const char *payer; /* borrowed from the dd_agg */
	uint64_t rows;
	dd_money amount;
} period_sum;

typedef struct {
	const char *format, *payer, *credits_out;
	bool json, csv;
	char **files;
	int nfiles;
	dd_agg *agg;
	dd_ingest_report report;
	dd_aws_allocation *allocs;
	size_t nallocs, nalloc_files, nbilling;
	const char **empty; /* billing files that held no rows */
	size_t nempty;
	dd_aws_credits credits;
	const char *credits_file;
	period_sum *periods;
	size_t nperiods;
	dd_store_import_stats stats;
} import_job;

static const cli_option options[] = {
	{.name = "format", .metavar = "F", .help = "force the format of the billing files (default auto)",
	 .at = offsetof(import_job, format), .complete = "auto aggregated cur cur2 focus"},
	{.name = "payer", .metavar = "ID",
	 .help = "payer for files without a payer column (default: the\n"
		 "book's payer, if the book loads)",
	 .at = offsetof(import_job, payer)},
	{.name = "credits-out", .metavar = "PATH",
	 .help = "where get-credits JSON is written as YAML\n"
		 "(default aws-credits.yaml)",
	 .at = offsetof(import_job, credits_out), .complete = "file"},
	{.name = "json", .help = "print the summary as JSON", .at = offsetof(import_job, json)},
	CLI_OPTION_CSV(import_job, csv),
	{0},
};

const cli_spec cli_spec_import = {
	.verb = "import",
	.summary = "import billing files (all or nothing) into the store",
	.synopsis = "import FILE... [--format auto|aggregated|cur|cur2|focus] [--payer ID] [--credits-out PATH] [--json | --csv]",
	.description = "Import billing files into the store: the aggregated charges CSV, legacy CUR,\n"
		       "CUR 2.0 or FOCUS; CSV, .gz, .zip or Parquet (a zip imports each CSV inside,\n"
		       "in name order); a directory or a CUR manifest imports its parts. Each\n"
		       "(billing period, payer) present replaces what the store held for it. All\n"
		       "files are read first: if any fails, nothing is written (exit 1).\n"
		       "\n"
		       "FILE '-' reads standard input; it, a pipe or a FIFO is read as a stream,\n"
		       "CSV or gzip (Parquet and zip need a file):\n"
		       "  aws s3 cp s3://bucket/cur.csv.gz - | drawdown import -\n"
		       "\n"
		       "AWS Billing API JSON (as the AWS CLI prints it) is recognised by content:\n"
		       "  get-credit-allocation-history  stored per month, for 'drawdown reconcile'\n"
		       "  get-credits                    written as a book file of credits to include\n",
	.args = "file",
	.options = options,
};

static bool ends_with_json(const char *p)
{
	size_t n = strlen(p);
	return n >= 5 && strcasecmp(p + n - 5, ".json") == 0;
}

/* Reads a whole JSON file (they are small: API pages, manifests). */
static int slurp(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) return dd_error_set(DD_EIO, "%s: cannot open: %s", path, strerror(errno));
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap);
	for (size_t r; b && (r = fread(b + n, 1, cap - n, f)) > 0;) {
		n += r;
		if (n == cap) {
			char *nb = cap < (1u << 30) ? realloc(b, cap *= 2) : NULL;
			if (!nb) free(b);
			b = nb;
		}
	}
	int err = ferror(f);
	fclose(f);
	if (!b) return dd_error_set(DD_ENOMEM, "%s: too large or out of memory", path);
	if (err) {
		free(b);
		return dd_error_set(DD_EIO, "%s: read error", path);
	}
	*buf = b;
	*len = n;
	return 0;
}

static int append_allocs(import_job *job, dd_aws_allocation *a, size_t n)
{
	dd_aws_allocation *all = realloc(job->allocs, (job->nallocs + n) * sizeof *all + 1);
	if (!all) {
		dd_aws_allocations_free(a, n);
		return dd_error_set(DD_ENOMEM, "out of memory");
	}
	memcpy(all + job->nallocs, a, n * sizeof *a);
	job->allocs = all;
	job->nallocs += n;
	free(a); /* the records' strings now belong to job->allocs */
	return 0;
}

/* A Billing API JSON: 1 when handled, 0 when it is not one (a manifest),
 * negative on error. */
static int read_aws_json(import_job *job, const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = slurp(path, &buf, &len);
	if (rc) return rc;
	dd_aws_json_kind kind = dd_aws_json_detect(buf, len);
	if (kind == DD_AWS_JSON_ALLOCATIONS) {
		dd_aws_allocation *a = NULL;
		size_t n = 0;
		dd_aws_history_notes notes = {0};
		rc = dd_aws_allocations_parse(path, buf, len, &a, &n, &notes);
		if (!rc && (notes.partial || notes.nfailed))
			fprintf(stderr, "drawdown: note: %s: AWS returned partial results (%zu failed month%s)\n", path,
				notes.nfailed, notes.nfailed == 1 ? "" : "s");
		free(notes.failed_months);
		if (!rc) rc = append_allocs(job, a, n);
		job->nalloc_files++;
	} else if (kind == DD_AWS_JSON_CREDITS) {
		if (job->credits_file)
			rc = dd_error_set(DD_EUSAGE, "%s: one get-credits file per import (%s came first)", path,
					  job->credits_file);
		else if (!(rc = dd_aws_credits_parse(path, buf, len, &job->credits)))
			job->credits_file = path;
	}
	free(buf);
	return rc ? rc : kind != DD_AWS_JSON_NONE;
}

static int read_files(import_job *job, dd_ingest_options *opt)
{
	progress_bar bar = {NULL, -1};
	bool tty = isatty(STDERR_FILENO);
	for (int i = 0; i < job->nfiles; i++) {
		const char *path = job->files[i];
		struct stat st;
		if (ends_with_json(path) && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			int rc = read_aws_json(job, path);
			if (rc < 0) return rc;
			if (rc > 0) continue;
		}
		bar.name = path;
		bar.last = -1;
		opt->progress = tty ? draw_progress : NULL;
		opt->progress_ctx = &bar;
		/* A FIFO waits for its writer: say so rather than sit silent. */
		bool fifo = tty && stat(path, &st) == 0 && S_ISFIFO(st.st_mode);
		if (fifo) fprintf(stderr, "\r%-40.40s waiting for data...", path);
		dd_ingest_report before = job->report;
		int rc = dd_ingest_path(path, opt, job->agg, &job->report);
		if (tty && (fifo || bar.last >= 0)) fputs("\r\033[K", stderr);
		if (rc) return rc;
		job->nbilling++;
		/* A valid header and no data rows: an empty export, not an error,
		 * but nothing of it is stored (ignored files are listed apart). */
		if (job->report.rows == before.rows && job->report.skipped_rows == before.skipped_rows &&
		    job->report.nignored_files == before.nignored_files) {
			job->empty[job->nempty++] = path;
			fprintf(stderr, "drawdown: note: %s: no rows; nothing imported\n", strcmp(path, "-") ? path : "stdin");
		}
	}
	return 0;
}

/* Per (period, payer) totals of what is about to be written. */
static int sum_periods(import_job *job)
{
	size_t n;
	const dd_agg_entry *e = dd_agg_entries(job->agg, &n);
	if (!e && dd_agg_count(job->agg)) return dd_error_set(DD_ENOMEM, "out of memory");
	job->periods = calloc(n ? n : 1, sizeof *job->periods);
	if (!job->periods) return dd_error_set(DD_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		period_sum *p = job->nperiods ? &job->periods[job->nperiods - 1] : NULL;
		if (!p || p->period != e[i].period || strcmp(p->payer, e[i].payer) != 0) {
			p = &job->periods[job->nperiods++];
			p->period = e[i].period;
			p->payer = e[i].payer;
		}
		p->rows += e[i].rows;
		if (dd_money_add_checked(p->amount, e[i].amount, &p->amount))
			return dd_error_set(DD_EOVERFLOW, "period total out of range");
	}
	return 0;
}

/* The credits file, replaced atomically (dd_file_replace): a reader never
 * sees half a file, and a failure leaves what was there. */
static int write_credits(import_job *job)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f) return dd_error_set(DD_ENOMEM, "--credits-out: out of memory");
	int rc = dd_aws_credits_write_yaml(&job->credits, job->credits_file, f);
	if (fclose(f) != 0 && !rc) rc = dd_error_set(DD_ENOMEM, "--credits-out: out of memory");
	if (!rc && dd_file_replace(job->credits_out, text, len))
		rc = dd_error_set(DD_EIO, "--credits-out: %s", dd_error_last());
	free(text);
	return rc;
}

static char *join_sources(import_job *job)
{
	size_t len = 1;
	for (int i = 0; i < job->nfiles; i++) len += strlen(job->files[i]) + 2;
	char *s = malloc(len);
	if (!s) return NULL;
	s[0] = '\0';
	for (int i = 0; i < job->nfiles; i++) {
		if (i) strcat(s, ", ");
		strcat(s, job->files[i]);
	}
	return s;
}

static int dd__store_all(const cli_ctx *ctx, import_job *job)
{
	dd_store *s = NULL;
	char *source = join_sources(job);
	int rc = source ? 0 : dd_error_set(DD_ENOMEM, "out of memory");
	/* A get-credits list alone is written as YAML only: no store. Billing
	 * files without a row (header-only exports) leave the store untouched:
	 * no import is recorded, and no store is created for them. */
	bool billing = dd_agg_count(job->agg) > 0;
	if (!rc && (billing || job->nalloc_files)) rc = dd_store_open(ctx->db, &s);
	/* Billing files and the allocation history are two transactions; the
	 * files were all read already, so only the store itself can fail here. */
	if (!rc && billing) rc = dd_store_replace(s, job->agg, source, &job->stats);
	if (!rc && job->nalloc_files) rc = dd_store_replace_allocations(s, job->allocs, job->nallocs, source);
	dd_store_close(s);
	free(source);
	if (!rc && job->credits_file) rc = write_credits(job);
	return rc;
}

static void json_tallies(cli_json *j, const char *key, const char *name, const dd_ingest_tally *t, size_t n)
{
	js_arr(j, key);
	for (size_t i = 0; i < n; i++) {
		js_obj(j, NULL);
		js_str(j, name, t[i].name);
		js_int(j, "rows", (long long)t[i].rows);
		js_money(j, "amount", t[i].amount);
		js_obj_end(j);
	}
	js_arr_end(j);
}

static int print_json(const cli_ctx *ctx, const import_job *job)
{
	char mb[8];
	cli_json j;
	js_init(&j, stdout);
	js_obj(&j, NULL);
	js_str(&j, "db", ctx->db);
	js_arr(&j, "files");
	for (int i = 0; i < job->nfiles; i++) js_str(&j, NULL, job->files[i]);
	js_arr_end(&j);
	js_str(&j, "format", job->nbilling ? dd_format_name(job->report.format) : NULL);
	js_int(&j, "rows", (long long)job->report.rows);
	js_int(&j, "entries", (long long)job->stats.entries);
	js_int(&j, "periods_replaced", (long long)job->stats.periods);
	js_arr(&j, "periods");
	for (size_t i = 0; i < job->nperiods; i++) {
		js_obj(&j, NULL);
		js_str(&j, "period", dd_month_format(job->periods[i].period, mb));
		js_str(&j, "payer", job->periods[i].payer);
		js_int(&j, "rows", (long long)job->periods[i].rows);
		js_money(&j, "amount", job->periods[i].amount);
		js_obj_end(&j);
	}
	js_arr_end(&j);
	json_tallies(&j, "unknown_types", "type", job->report.unknown_types, job->report.nunknown);
	json_tallies(&j, "skipped_providers", "provider", job->report.skipped_providers,
		     job->report.nskipped_providers);
	js_arr(&j, "ignored_files");
	for (size_t i = 0; i < job->report.nignored_files; i++) js_str(&j, NULL, job->report.ignored_files[i]);
	js_arr_end(&j);
	js_arr(&j, "empty_files");
	for (size_t i = 0; i < job->nempty; i++) js_str(&j, NULL, job->empty[i]);
	js_arr_end(&j);
	js_int(&j, "allocations", (long long)job->nallocs);
	js_str(&j, "credits_yaml", job->credits_file ? job->credits_out : NULL);
	js_int(&j, "credits", (long long)job->credits.n);
	js_obj_end(&j);
	return js_done(&j);
}

/* The periods imported: period, payer, rows, amount. */
static void print_periods(const import_job *job, int indent)
{
	char mb[8], b[DD_MONEY_STRMAX], rows[24];
	cli_table t;
	cli_table_init(&t, "llnr", 4);
	cli_table_head(&t, "PERIOD", "PAYER", "ROWS", "AMOUNT");
	for (size_t i = 0; i < job->nperiods; i++) {
		snprintf(rows, sizeof rows, "%llu", (unsigned long long)job->periods[i].rows);
		cli_table_row(&t, dd_month_format(job->periods[i].period, mb), job->periods[i].payer, rows,
			      cli_cents(job->periods[i].amount, b));
	}
	cli_table_print(&t, stdout, indent);
	cli_table_free(&t);
}

static void print_text(const cli_ctx *ctx, const import_job *job)
{
	char b[DD_MONEY_STRMAX];
	bool stored = dd_agg_count(job->agg) > 0;
	printf("Read %d file%s", job->nfiles, job->nfiles == 1 ? "" : "s");
	if (stored || job->nalloc_files) printf(" into %s", ctx->db);
	if (stored)
		printf(": %s, %llu row%s, %zu entr%s, %zu period%s replaced", dd_format_name(job->report.format),
		       (unsigned long long)job->report.rows, job->report.rows == 1 ? "" : "s", job->stats.entries,
		       job->stats.entries == 1 ? "y" : "ies", job->stats.periods, job->stats.periods == 1 ? "" : "s");
	else if (job->nbilling)
		printf(": %s, no rows; no charges imported", dd_format_name(job->report.format));
	printf("\n");
	if (job->nperiods) {
		printf("\n");
		print_periods(job, 2);
	}
	for (size_t i = 0; i < job->report.nunknown; i++) {
		const dd_ingest_tally *u = &job->report.unknown_types[i];
		printf("%sunknown charge type \"%s\" (kept: payable, never credited or discounted): %llu row%s, %s\n",
		       i ? "" : "\n", u->name, (unsigned long long)u->rows, u->rows == 1 ? "" : "s",
		       cli_cents(u->amount, b));
	}
	for (size_t i = 0; i < job->report.nskipped_providers; i++) {
		const dd_ingest_tally *u = &job->report.skipped_providers[i];
		printf("skipped provider \"%s\": %llu row%s, %s\n", u->name, (unsigned long long)u->rows,
		       u->rows == 1 ? "" : "s", cli_cents(u->amount, b));
	}
	for (size_t i = 0; i < job->report.nignored_files; i++)
		printf("ignored (no charges): %s\n", job->report.ignored_files[i]);
	if (job->nalloc_files) printf("AWS credit allocation history: %zu records stored\n", job->nallocs);
	if (job->credits_file)
		printf("AWS credits: %zu written to %s (add it to the book's include: list)\n", job->credits.n,
		       job->credits_out);
}

static void free_job(import_job *job)
{
	dd_agg_free(job->agg);
	dd_ingest_report_dispose(&job->report);
	dd_aws_allocations_free(job->allocs, job->nallocs);
	dd_aws_credits_dispose(&job->credits);
	free(job->periods);
	free(job->empty);
}

/* The payer for files without one: --payer, else the book's, if it loads
 * (import needs no book otherwise). */
static int default_payer(const cli_ctx *ctx, import_job *job, char *buf, size_t cap)
{
	if (job->payer) return 0;
	/* No book at all is fine for an import; a book that exists but does
	 * not load deserves a word, since its payer is then not used. */
	if (access(ctx->book, F_OK) != 0) return 0;
	dd_book *book = NULL;
	if (dd_book_load(ctx->book, &book, NULL) != 0) {
		fprintf(stderr, "drawdown: note: the book %s does not load ('drawdown check' says why); "
			"files without a payer column need --payer\n", ctx->book);
		return 0;
	}
	snprintf(buf, cap, "%s", book->payer);
	job->payer = buf;
	dd_book_free(book);
	return 0;
}

int cmd_import(cli_ctx *ctx, int argc, char **argv)
{
	import_job job = {0};
	job.credits_out = "aws-credits.yaml";
	int rc = cli_parse_spec(ctx, &cli_spec_import, &job, argc, argv, &job.nfiles);
	if (rc) return rc == CLI_HELP ? CLI_OK : rc;
	dd_ingest_options opt = {0};
	if (job.format && dd_format_parse(job.format, &opt.format) != 0) {
		fprintf(stderr, "drawdown: import: --format: expected auto, aggregated, cur, cur2 or focus, got \"%s\"\n",
			job.format);
		return CLI_USAGE;
	}
	if (job.nfiles == 0) {
		fprintf(stderr, "drawdown: import: no FILE given (see 'drawdown import --help')\n");
		return CLI_USAGE;
	}
	job.files = argv + 1;
	for (int i = 0, seen = 0; i < job.nfiles; i++)
		if (!strcmp(job.files[i], "-") && seen++) {
			fprintf(stderr, "drawdown: import: '-' (standard input) may be given only once\n");
			return CLI_USAGE;
		}
	if (!(job.empty = calloc((size_t)job.nfiles, sizeof *job.empty))) {
		fprintf(stderr, "drawdown: out of memory\n");
		return CLI_FAIL;
	}
	char payer[DD_ACCOUNT_MAX];
	default_payer(ctx, &job, payer, sizeof payer);
	opt.default_payer = job.payer;
	if ((rc = dd_agg_new(&job.agg)) || (rc = read_files(&job, &opt)) || (rc = sum_periods(&job)) ||
	    (rc = dd__store_all(ctx, &job))) {
		cli_error();
		fprintf(stderr, "drawdown: nothing imported\n");
		free_job(&job);
		return CLI_FAIL;
	}
	if (job.json) rc = print_json(ctx, &job);
	else if (job.csv) print_periods(&job, 0);
	else print_text(ctx, &job);
	free_job(&job);
	return rc;
}
