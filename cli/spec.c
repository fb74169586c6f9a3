/* spec.c: the verbs' specs (common.h's cli_spec) turned into what a user
 * sees: the option parser, the --help text, the output mode (--json,
 * --csv, --all, colour) and the JSON dump the man page and the shell
 * completions are generated from (cmake/gen_cli_docs.py). */
#include "common.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const cli_option cli_global_options[] = {
	{.name = "book", .metavar = "PATH", .help = "the book (default $DRAWDOWN_BOOK, else ./drawdown.yaml)",
	 .at = offsetof(cli_ctx, book), .complete = "file"},
	{.name = "db", .metavar = "PATH", .help = "the store (default $DRAWDOWN_DB, else ./drawdown.db)",
	 .at = offsetof(cli_ctx, db), .complete = "file"},
	{.name = "help", .help = "describe the verb and its options"},
	{0},
};

/* ---- the output mode ---------------------------------------------------- */

/* One verb runs per process, so its mode is the process's: the table
 * printer and cli_cents read it without every verb passing it down. */
static cli_mode mode;

const cli_mode *cli_mode_get(void) { return &mode; }

/* https://no-color.org: any non-empty NO_COLOR disables colour.
 * DRAWDOWN_FORCE_COLOR (hidden, for the tests) stands for a terminal. */
static bool want_color(void)
{
	const char *no = getenv("NO_COLOR"), *force = getenv("DRAWDOWN_FORCE_COLOR");
	if (no && *no) return false;
	return (force && *force) || isatty(STDOUT_FILENO);
}

const char *cli_sgr(const char *code)
{
	/* a few buffers in turn, so one printf can take several */
	static char buf[8][16];
	static unsigned next;
	if (!mode.color) return "";
	char *b = buf[next++ % 8];
	snprintf(b, sizeof buf[0], "\033[%sm", code);
	return b;
}

/* ---- parsing ------------------------------------------------------------ */

int cli_usage(const char *verb, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "drawdown: %s: ", verb);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'drawdown %s --help')\n", verb);
	return CLI_USAGE;
}

static bool named(const char *s, const char *name, size_t len)
{
	return s && strlen(s) == len && memcmp(s, name, len) == 0;
}

static const cli_option *find_option(const cli_option *o, const char *name, size_t len)
{
	for (; o && o->name; o++)
		if (named(o->name, name, len) || named(o->alias, name, len)) return o;
	return NULL;
}

int cli_parse_spec(cli_ctx *ctx, const cli_spec *spec, void *values, int argc, char **argv, int *npos)
{
	const char *verb = spec->verb;
	char *base = values;
	int n = 0;
	bool only_pos = false;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (only_pos || a[0] != '-' || a[1] == '\0') {
			if (!npos) return cli_usage(verb, "unexpected argument \"%s\"", a);
			argv[1 + n++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli_spec_help(spec, stdout);
			return CLI_HELP;
		}
		if (a[1] != '-') return cli_usage(verb, "unknown option \"%s\"", a);
		const char *name = a + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const cli_option *o = find_option(spec->options, name, len);
		char *dst = base;
		if (!o) { /* --book and --db after the verb, as git takes them (--help was seen above) */
			o = find_option(cli_global_options, name, len);
			if (o && !o->metavar) o = NULL;
			dst = (char *)ctx;
		}
		if (!o) return cli_usage(verb, "unknown option \"--%.*s\"", (int)len, name);
		if (!o->metavar) {
			if (eq) return cli_usage(verb, "--%s takes no value", o->name);
			*(bool *)(dst + o->at) = true;
			if (!strcmp(o->name, "json")) mode.json = true;
			if (!strcmp(o->name, "csv")) mode.csv = true;
			if (!strcmp(o->name, "all")) mode.all = true;
			continue;
		}
		const char **v = (const char **)(void *)(dst + o->at);
		if (eq) {
			*v = eq + 1;
		} else {
			if (i + 1 >= argc) return cli_usage(verb, "--%s needs a value", o->name);
			*v = argv[++i];
		}
		if (dst == (char *)ctx && o->at == offsetof(cli_ctx, book)) ctx->book_given = true;
	}
	if (npos) *npos = n;
	mode.color = !mode.json && !mode.csv && want_color();
	return 0;
}

/* ---- --help ------------------------------------------------------------- */

/* One usage form, wrapped at 80 columns between its top-level words (a
 * bracketed group stays whole), continuation lines under the first option. */
static void print_form(FILE *f, const char *lead, const char *verb, const char *form, size_t len)
{
	size_t col = strlen(lead) + 9, indent = col;
	fprintf(f, "%sdrawdown ", lead);
	size_t vlen = strlen(verb);
	if (len > vlen && !memcmp(form, verb, vlen) && form[vlen] == ' ') indent = col + vlen + 1;
	for (size_t i = 0; i < len;) {
		size_t j = i;
		int depth = 0;
		for (int words = 0; words < 2; words++) {
			while (j < len && (depth > 0 || form[j] != ' ')) {
				if (form[j] == '[') depth++;
				if (form[j] == ']') depth--;
				j++;
			}
			/* "--month YYYY-MM" stays on one line */
			if (form[i] != '-' || form[i + 1] != '-' || j + 1 >= len || strchr("-[|", form[j + 1])) break;
			j++;
		}
		size_t w = j - i;
		if (col > indent && col + 1 + w > 80) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (i > 0) {
			fputc(' ', f);
			col++;
		}
		fwrite(form + i, 1, w, f);
		col += w;
		i = j;
		while (i < len && form[i] == ' ') i++;
	}
	fputc('\n', f);
}

static void print_synopsis(FILE *f, const cli_spec *s, bool *first)
{
	for (const char *p = s->synopsis; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		print_form(f, *first ? "usage: " : "       ", s->verb, p, len);
		*first = false;
		p += len + (e != NULL);
	}
	for (const cli_spec *const *sub = s->subs; sub && *sub; sub++) print_synopsis(f, *sub, first);
}

static size_t option_width(const cli_option *o)
{
	return 2 + strlen(o->name) + (o->metavar ? 1 + strlen(o->metavar) : 0);
}

static void print_options(FILE *f, const cli_option *opts)
{
	size_t w = 0;
	for (const cli_option *o = opts; o && o->name; o++)
		if (option_width(o) > w) w = option_width(o);
	for (const cli_option *o = opts; o && o->name; o++) {
		fprintf(f, "  --%s%s%s%*s", o->name, o->metavar ? " " : "", o->metavar ? o->metavar : "",
			(int)(w - option_width(o) + 2), "");
		for (const char *p = o->help ? o->help : ""; *p;) {
			const char *e = strchr(p, '\n');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			if (p != o->help) fprintf(f, "%*s", (int)(w + 4), "");
			fprintf(f, "%.*s\n", (int)len, p);
			p += len + (e != NULL);
		}
		if (!o->help || !*o->help) fputc('\n', f);
	}
}

static void print_body(const cli_spec *s, FILE *f, bool sub)
{
	const char *word = sub ? strrchr(s->verb, ' ') : NULL;
	if (s->description) {
		fputc('\n', f);
		if (word) fprintf(f, "%s: ", word + 1);
		fputs(s->description, f);
		if (s->description[strlen(s->description) - 1] != '\n') fputc('\n', f);
	}
	if (s->options && s->options->name) {
		fputc('\n', f);
		print_options(f, s->options);
	}
	if (s->notes) {
		fputc('\n', f);
		fputs(s->notes, f);
		if (s->notes[strlen(s->notes) - 1] != '\n') fputc('\n', f);
	}
	for (const cli_spec *const *u = s->subs; u && *u; u++) print_body(*u, f, true);
}

void cli_spec_help(const cli_spec *spec, FILE *f)
{
	bool first = true;
	print_synopsis(f, spec, &first);
	print_body(spec, f, false);
}

/* ---- the dump for the generator ----------------------------------------- */

static void dump_options(cli_json *j, const char *key, const cli_option *opts)
{
	js_arr(j, key);
	for (const cli_option *o = opts; o && o->name; o++) {
		js_obj(j, NULL);
		js_str(j, "name", o->name);
		js_str(j, "metavar", o->metavar);
		js_str(j, "help", o->help);
		js_str(j, "complete", o->complete);
		js_str(j, "alias", o->alias);
		js_obj_end(j);
	}
	js_arr_end(j);
}

static void dump_spec(cli_json *j, const cli_spec *s)
{
	js_obj(j, NULL);
	js_str(j, "verb", s->verb);
	js_str(j, "summary", s->summary);
	js_str(j, "synopsis", s->synopsis);
	js_str(j, "description", s->description);
	dump_options(j, "options", s->options);
	js_str(j, "notes", s->notes);
	js_str(j, "args", s->args);
	js_arr(j, "subs");
	for (const cli_spec *const *u = s->subs; u && *u; u++) dump_spec(j, *u);
	js_arr_end(j);
	js_obj_end(j);
}

int cli_spec_dump(const cli_spec *const *specs, size_t n, const char *global_synopsis)
{
	cli_json j;
	js_init(&j, stdout);
	js_obj(&j, NULL);
	js_str(&j, "synopsis", global_synopsis);
	dump_options(&j, "global_options", cli_global_options);
	js_arr(&j, "verbs");
	for (size_t i = 0; i < n; i++) dump_spec(&j, specs[i]);
	js_arr_end(&j);
	js_obj_end(&j);
	return js_done(&j);
}
