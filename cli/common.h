/* common.h: what the verbs of the drawdown CLI share: the global options,
 * a small option parser, loading the book and the store, the engine run
 * from the first imported month, a JSON writer and aligned tables. The CLI
 * uses the public API only (include/drawdown.h). */
#ifndef DD_CLI_COMMON_H
#define DD_CLI_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "drawdown.h"

/* Exit statuses: success, bad input / failed check / any error, usage. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };
/* cli_parse_spec's result when --help was asked (the verb then exits 0). */
#define CLI_HELP (-1)

/* Global state of one invocation (no globals: passed to every verb). */
typedef struct {
	const char *book; /* --book, else $DRAWDOWN_BOOK, else drawdown.yaml */
	const char *db;   /* --db, else $DRAWDOWN_DB, else drawdown.db */
	bool book_given;  /* named by a flag or the environment, not the default */
} cli_ctx;

/* ---- verb specs: one place per option ------------------------------------
 * Every verb declares one cli_spec (its name, synopsis, description and
 * options, each with its help and where its value goes); --help, the man
 * page and the bash and zsh completions are all generated from it
 * (`drawdown __spec` prints every spec as JSON for cmake/gen_cli_docs.py).
 * An option's value goes into the verb's own struct of values, at an offset,
 * so the specs are static tables the generator can read without running. */
typedef struct {
	const char *name;     /* the long name, without "--" */
	const char *metavar;  /* the value's placeholder ("YYYY-MM"); NULL: a flag */
	const char *help;     /* what it does; '\n' starts a continuation line */
	size_t at;            /* offsetof(values, field): a const char * field, or bool for a flag */
	const char *complete; /* how to complete the value: "file", "dir" or words separated by spaces */
	const char *alias;    /* an older spelling, accepted too (not shown) */
} cli_option;

typedef struct cli_spec {
	const char *verb;           /* "bill", or "sla claim" for a subcommand */
	const char *summary;        /* one line: drawdown --help's list, the man page */
	const char *synopsis;       /* the usage forms after "drawdown ", one per line (wrapped when printed) */
	const char *description;    /* paragraphs; lines starting with two spaces are kept as they are */
	const cli_option *options;  /* ends with an entry whose name is NULL; NULL: none */
	const char *notes;          /* printed after the options (may be NULL) */
	const char *args;           /* completion of positional arguments: "file" or words; NULL none */
	const struct cli_spec *const *subs; /* subcommands, NULL-terminated; NULL: none */
} cli_spec;

/* The options every verb takes (--book, --db) and --help, for the docs. */
extern const cli_option cli_global_options[];

/* Parse a verb's argv (argv[0] is the verb as typed) by its spec: each
 * option's value into `values` (the verb's struct) at its offset. Accepts
 * --name VALUE, --name=VALUE, `--` and, besides the spec's options, --book,
 * --db and --help anywhere. Positional arguments are moved to the front of
 * argv+1; *npos counts them (pass npos NULL to refuse any). The messages
 * name spec->verb. --json, --csv and --all also set the output
 * mode (cli_mode_get). Returns 0, CLI_HELP (the help printed on stdout) or
 * CLI_USAGE (message on stderr). */
int cli_parse_spec(cli_ctx *ctx, const cli_spec *spec, void *values, int argc, char **argv, int *npos);
/* A usage error: "drawdown: <verb>: <message> (see 'drawdown <verb> --help')"
 * on stderr; returns CLI_USAGE. */
int cli_usage(const char *verb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The --help text of a spec (and its subcommands') on f. */
void cli_spec_help(const cli_spec *spec, FILE *f);
/* Every spec as JSON on stdout (the hidden `drawdown __spec`). */
int cli_spec_dump(const cli_spec *const *specs, size_t n, const char *global_synopsis);

/* The output of this invocation (one verb per process, so one mode): set by
 * cli_parse_spec from --json, --csv and --all; colour when stdout is a
 * terminal and NO_COLOR is unset or empty, never with --json or --csv. */
typedef struct {
	bool json, csv, all, color;
} cli_mode;
const cli_mode *cli_mode_get(void);

/* The values of a month report (cli_month_spec_verb). */
typedef struct {
	const char *month;
	bool json, csv, all;
} cli_month_args;

/* Options shared word for word by every table verb. */
#define CLI_OPTION_CSV(type, field)                                                                        \
	{.name = "csv", .help = "the main table as CSV (RFC 4180), every row, exact amounts",     \
	 .at = offsetof(type, field)}
#define CLI_OPTION_ALL(type, field)                                                                        \
	{.name = "all", .help = "also the lines whose amounts are all zero (hidden otherwise)",                \
	 .at = offsetof(type, field)}

/* Parse a --month value; CLI_USAGE with a message when it is not YYYY-MM,
 * or when s is NULL (the verb requires --month). */
int cli_month(const char *verb, const char *s, dd_month *out);

/* Parse option --opt's value as a whole number in [min, max], or a
 * number (a model parameter, never money) in [min, max]; CLI_USAGE with a
 * message naming the option otherwise. */
int cli_int(const char *verb, const char *opt, const char *s, long long min, long long max, long long *out);
int cli_number(const char *verb, const char *opt, const char *s, double min, double max, double *out);

/* Print "drawdown: <message>" on stderr; returns CLI_FAIL. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* cli_fail with the library's last error message. */
int cli_error(void);

/* Print one book problem as file:line:col: field: message. */
void cli_print_problem(FILE *f, const dd_book_problem *p);
/* Load the book; on failure print every problem to stderr and return
 * CLI_FAIL (for a book that does not exist, naming `drawdown init`). */
int cli_load_book(const cli_ctx *ctx, dd_book **out);
/* Whether something is at path (a broken link or an unreadable directory
 * counts: only a missing file is "no book"). */
bool cli_book_exists(const char *path);
/* Open the store read-only (it must exist) or read-write. */
int cli_open_store(const cli_ctx *ctx, bool write, dd_store **out);

/* The library's run (run.h), with the CLI's error reporting. */
typedef dd_run cli_run;

/* dd_run_to that prints its error and returns CLI_FAIL; cli_run_free in
 * every case. */
int cli_run_to(const dd_book *book, dd_store *store, dd_month month, cli_run *run);
void cli_run_free(cli_run *run);

/* What a month report prints from the book, the store (open read-only) and
 * the run to its month; returns CLI_OK or CLI_FAIL. */
typedef int (*cli_month_report)(const dd_book *book, dd_store *store, cli_run *run, bool json);

/* The skeleton of every month report (bill, balance, commitment,
 * reconcile): the spec's --month, --json, --csv, --all parsed into a
 * cli_month_args (a missing --month is a usage error when month_required,
 * else the run's default: the last imported month), the book loaded, the
 * store opened read-only, the run to the month, report(), and everything
 * freed. `needs`:
 * CLI_NEEDS_AGREEMENT (true) fails without an agreement; CLI_LIST_BILL
 * runs a missing book as the book of no terms (dd_run_list_book) with a
 * note naming the path and `drawdown init` (on stderr with --json/--csv). */
#define CLI_NEEDS_AGREEMENT 1
#define CLI_LIST_BILL 2
int cli_month_spec_verb(cli_ctx *ctx, const cli_spec *spec, int argc, char **argv, bool month_required,
			int needs, cli_month_report report);

/* --as-of YYYY-MM-DD of the advice verbs: s NULL is today (UTC). CLI_USAGE
 * with a message naming --as-of otherwise. */
int cli_as_of(const char *verb, const char *s, dd_date *out);

/* The forecast every verb after `forecast` starts from (advise, calendar,
 * opportunities, brief, offers): the history from the store through the
 * last imported month (or o's as-of when the caller sets `through`), and the
 * forecast over it with options o (NULL: the defaults, auto, 1,000 paths,
 * seed 1, 36 months). On failure prints the error and returns CLI_FAIL;
 * cli_forecast_free in every case. */
typedef struct {
	dd_history hist;
	dd_fc_history *view;  /* [hist.n], what dd_forecast_* read */
	dd_forecast f;
} cli_forecast;

/* through DD_MONTH_NONE: every imported month; else through that month,
 * which `opt` names in the message when it is outside the imported ones
 * ("--as-of", "report: --month"). */
int cli_load_history(dd_store *store, dd_month through, const char *opt, cli_forecast *out);
int cli_forecast_run(const dd_book *book, dd_store *store, const dd_fc_options *o, cli_forecast *out);
void cli_forecast_free(cli_forecast *f);

/* Load a forecast's ramp file (--ramp); on failure print every problem
 * (file:line:column) or the error and return CLI_FAIL. path NULL: *out NULL. */
int cli_load_ramp(const char *path, dd_ramp **out);

/* Load n offer files over the book (offer.h) into offers[] and the inputs
 * of the offers analysis in[]; on failure print every problem
 * (file:line:column) and return CLI_FAIL. The caller frees offers[i]. */
int cli_load_offers(const cli_ctx *ctx, char **files, int n, dd_offer **offers, dd_offer_input *in);

/* The SLA claims of the book's incidents as of a date (claims.h), with the
 * stored charges of every month an incident touches (store may be NULL: no
 * charges); month DD_MONTH_NONE: every such month. Prints the error and
 * returns CLI_FAIL; cli_claims_free in every case. */
typedef struct {
	dd_month *months;
	size_t nmonths;
	dd_agg **aggs;
	dd_claim_month *cm;
	dd_claims claims;
} cli_claims;
int cli_claims_load(const dd_book *book, dd_store *store, dd_month month, dd_date as_of, cli_claims *r);
void cli_claims_free(cli_claims *r);

/* Write text to path as --out does: a temporary file beside it, fsynced and
 * renamed over it, so a failure leaves what was there untouched; messages
 * start "<verb>: --out:". CLI_OK or CLI_FAIL. */
int cli_write_file(const char *verb, const char *path, const char *text, size_t len);
/* The same for a file named by another option: "<verb>: <opt>:". */
int cli_write_file_as(const char *verb, const char *opt, const char *path, const char *text, size_t len);

/* Streaming JSON writer, indented by two spaces; keys are written in the
 * order of the calls (the output's key order is part of the contract's
 * readability). `key` is NULL inside arrays and for the root. */
typedef struct {
	FILE *f;
	int depth;
	bool first; /* nothing written yet at this depth */
} cli_json;

void js_init(cli_json *j, FILE *f);
void js_obj(cli_json *j, const char *key);
void js_obj_end(cli_json *j);
void js_arr(cli_json *j, const char *key);
void js_arr_end(cli_json *j);
void js_str(cli_json *j, const char *key, const char *v); /* NULL -> null */
void js_money(cli_json *j, const char *key, dd_money v);  /* exact decimal string */
void js_int(cli_json *j, const char *key, long long v);
void js_bool(cli_json *j, const char *key, bool v);
/* Start the JSON object of a report dated `as_of` (the advice verbs):
 * {"as_of": "YYYY-MM-DD", "currency": book's, ... (the caller goes on). */
void js_report(cli_json *j, const dd_book *book, dd_date as_of);
/* Finish (newline) and report a write error as CLI_FAIL. */
int js_done(cli_json *j);

/* A table of text cells, columns aligned; right-aligned columns are marked
 * with 'r' in `align` (e.g. "llrr"), or 'n' for a count that does not keep
 * a row of zero amounts from being hidden (cli_table_hide_zero). */
typedef struct {
	size_t ncols, nrows, cap;
	const char *align;
	char **cells; /* nrows * ncols, owned */
	bool has_head;  /* row 0 is the header (cli_table_head) */
	bool hide_zero; /* cli_table_hide_zero */
} cli_table;

void cli_table_init(cli_table *t, const char *align, size_t ncols);
/* Add a row of ncols strings (copied; NULL prints as empty). */
void cli_table_row(cli_table *t, ...);
/* Add a rule (a line of dashes under every column). */
void cli_table_rule(cli_table *t);
/* Row 0 as the header: bold on a terminal; in CSV, the header row with
 * the names lower-cased and spaces as '_'. Call before any other row. */
void cli_table_head(cli_table *t, ...);
/* Rows whose right-aligned cells are all zero ("0.00", "0", "0.0%") are
 * not printed unless --all; a note after the table counts them. */
void cli_table_hide_zero(cli_table *t);
/* Aligned text; in CSV mode (--csv) RFC 4180 CSV instead: the header and
 * every row up to the first rule (what follows a rule is a total). */
void cli_table_print(const cli_table *t, FILE *f, int indent);
/* The escape sequence for SGR code (e.g. "1" bold, "31" red) and the reset,
 * or "" when the output has no colour. */
const char *cli_sgr(const char *code);
void cli_table_free(cli_table *t);

/* An exact probability in [0, 1] as a percent to a tenth ("100.0%",
 * half-even): into buf of n bytes. */
const char *cli_probability(dd_money p, char *buf, size_t n);

/* Money as "1,234.57" (half-even to cents): into buf of DD_MONEY_STRMAX;
 * in CSV mode the exact plain decimal instead ("1234.5678", as --json). */
const char *cli_cents(dd_money m, char *buf);

#endif
