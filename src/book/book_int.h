/* book_int.h: what the book loader's files share: the loading context (the
 * YAML documents of the book and its includes, the problems found so far,
 * the book being built) and the node helpers that check a value and report
 * a problem when it is wrong. Not part of the public API. */
#ifndef DD_BOOK_INT_H
#define DD_BOOK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "drawdown/book.h"

/* Limits that keep a hostile book (or fuzz input) cheap to reject. */
#define BK_MAX_FILES 64
#define BK_MAX_INCLUDE_DEPTH 16
#define BK_MAX_FILE_BYTES (16u << 20)
#define BK_MAX_PROBLEMS 1000
#define BK_MAX_FIELDS 16 /* known fields of any one mapping */
/* Lists and mappings nested in one file. A book needs about 5; libyaml's
 * scanner costs time quadratic in nesting (200,000 '[' took minutes). */
#define BK_MAX_NESTING 64

typedef struct {
	char *path;          /* as shown in messages */
	char *real;          /* canonical path for cycle detection (or a copy of path) */
	yaml_document_t doc;
	bool has_doc;
} dd__book_file;

/* A node of one file's document. */
typedef struct {
	int file;
	yaml_node_t *node;
	yaml_node_t *key;    /* the key node naming it, when it came from a mapping */
} dd__book_ref;

typedef struct {
	dd__book_ref *v;
	size_t n, cap;
} dd__book_refs;

typedef struct {
	dd__book_file *files;
	size_t nfiles, capfiles;
	dd_book_problem *probs;
	size_t nprobs, capprobs;
	int *probfile;       /* file index of each problem, for sorting */
	bool truncated;      /* more than BK_MAX_PROBLEMS problems */
	bool closing;        /* adding the final "too many problems" note */
	bool oom;
	bool syntax;         /* a YAML syntax error was found */
	bool io_root;        /* the book itself could not be read */
	const char *kind;    /* what a file is, for messages: "ramp", "offer"; NULL is "book" */
	/* Keys that may be defined once across all files. */
	dd__book_ref organization; /* the first organization mapping seen */
	dd__book_ref currency, payer, credit_sharing, agreement, support;
	/* Lists concatenated in include order. */
	dd__book_refs credits, accounts, incidents;
	dd_book *book;
	bool payer_ok;       /* book->payer holds a valid id */
	int root;            /* the file index of the book's own root document (0; an offer's base) */
	/* An offer's `base:`, when it names the root: where a read failure is reported. */
	int base_file;
	yaml_node_t *base_node;
	/* An edit being checked (book_edit.c): the file whose real path is
	 * edit_real is read as edit_text instead of from the disk. */
	const char *edit_real;
	const char *edit_text;
	size_t edit_len;
} dd__book_ctx;

/* Loading (book.c), shared with offer.c. load_root reads the book at path
 * (text: its contents, or NULL to read the file) and collects its top-level
 * keys and those of its includes into c, as file c->nfiles on (c->root).
 * organization collects one `organization:` mapping, list_add one list into
 * r (null is an empty list). build makes c->book from what was collected
 * (its path, its files, every section checked) unless a file was unreadable
 * or bad YAML; finish hands the book over, or fails with every problem;
 * ctx_free frees what the context holds. */
void dd__book_load_root(dd__book_ctx *c, const char *path, const char *text, size_t len);
void dd__book_organization(dd__book_ctx *c, int file, yaml_node_t *key, yaml_node_t *val);
void dd__book_list_add(dd__book_ctx *c, dd__book_refs *r, int file, yaml_node_t *val, const char *field);
void dd__book_build(dd__book_ctx *c, const char *path);
int dd__book_finish(dd__book_ctx *c, dd_book **out, dd_book_problems *problems);
void dd__book_ctx_free(dd__book_ctx *c);
/* dd_book_load, with the file whose real path is edit_real (the book or
 * one of its includes) read as text[0 .. len-1] instead (book_edit.c). */
int dd__book_load_edited(const char *path, const char *edit_real, const char *text, size_t len, dd_book **out,
			 dd_book_problems *problems);

/* Reading (book_read.c). add_file registers a file (path as shown in
 * messages, real path or NULL) and returns its index, or -1 out of memory.
 * read_file returns a regular file of at most BK_MAX_FILE_BYTES, NUL-ended,
 * or NULL with a reason in `why`. parse loads text into files[file].doc,
 * reporting bad encodings, too deep nesting, syntax errors (setting
 * c->syntax) and a second document; false when the first document could
 * not be read (files[file].has_doc is then false). */
int dd__book_add_file(dd__book_ctx *c, const char *path, const char *real);
char *dd__book_read_file(const char *path, size_t *len, char *why, size_t whysize);
bool dd__book_parse(dd__book_ctx *c, int file, const char *text, size_t len);

/* Problems (book_problems.c). `file` is a file index; the location is node's start
 * mark (1-based), or 0:0 when node is NULL. */
void dd__book_problem(dd__book_ctx *c, int file, const yaml_node_t *node, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void dd__book_problem_at(dd__book_ctx *c, int file, int line, int column, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
const char *dd__book_file_name(const dd__book_ctx *c, int file);
/* "12:7" or "other.yaml:12:7" when `file` differs from `here`. */
void dd__book_where(const dd__book_ctx *c, int here, int file, const yaml_node_t *node, char *buf, size_t size);
bool dd__book_refs_push(dd__book_ctx *c, dd__book_refs *r, int file, yaml_node_t *node, yaml_node_t *key);
void *dd__book_calloc(dd__book_ctx *c, size_t n, size_t size);
char *dd__book_strndup(dd__book_ctx *c, const char *s, size_t n);
/* A failed load (c->nprobs > 0): adds the "too many problems" note, sorts
 * the problems by file, line and column into *problems (or frees them when
 * NULL), sets the last error to the first one and returns DD_EIO (the root
 * file unreadable), DD_EPARSE (bad YAML) or DD_EINVALID. */
int dd__book_fail(dd__book_ctx *c, dd_book_problems *problems);
/* Frees the files' documents and any problems not handed over. */
void dd__book_ctx_release(dd__book_ctx *c);

/* Node helpers (book_yaml.c). Each reports its own problem and returns false
 * when the value is wrong. `path` is the field path for messages. */
yaml_node_t *dd__book_node(dd__book_ctx *c, int file, yaml_node_item_t id);
/* Check a mapping: keys must be text, known (else "unknown field" with a
 * suggestion) and not repeated. vals[i] / keys[i] receive the value and key
 * of known[i] (NULL-terminated list), or NULL. False if not a mapping. */
bool dd__book_map(dd__book_ctx *c, int file, yaml_node_t *node, const char *path, const char *const *known,
	    yaml_node_t **vals, yaml_node_t **keys);
/* The index of `name` in a NULL-terminated list, or -1. */
int dd__book_index(const char *const *list, const char *name);
bool dd__book_is_null(const yaml_node_t *n);
/* A short description of a node for messages: "\"text\"", "nothing", "a list", "a mapping". */
void dd__book_describe(const yaml_node_t *n, char *buf, size_t size);
/* Field path helpers: "a.b", "a[3]". */
void dd__book_path(char *buf, size_t size, const char *base, const char *field);
void dd__book_path_index(char *buf, size_t size, const char *base, size_t i);

bool dd__book_scalar(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, const char *what);
bool dd__book_text(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, char **out);
bool dd__book_bool(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, bool *out);
bool dd__book_date(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, dd_date *out);
bool dd__book_month(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, dd_month *out);
bool dd__book_money(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, dd_money *out);
bool dd__book_percent(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, dd_money *out);
bool dd__book_int(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, int lo, int hi, int *out);
bool dd__book_enum(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, const char *const *names, int *out);
bool dd__book_account_id(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, char out[DD_ACCOUNT_MAX]);
bool dd__book_timestamp(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, int64_t *out);
/* A required field: reports `missing required field "name"` at the mapping. */
bool dd__book_required(dd__book_ctx *c, int file, yaml_node_t *map, yaml_node_t *val, const char *path, const char *name);
/* An account id that must be the payer or a listed account. */
bool dd__book_known_account(dd__book_ctx *c, int file, yaml_node_t *n, const char *path, const char *id);

/* Sections (book_terms.c, book_credits.c). */
void dd__book_terms(dd__book_ctx *c);
void dd__book_credits(dd__book_ctx *c);
void dd__book_incidents(dd__book_ctx *c);
void dd__book_credit_free(dd_credit *cr);
void dd__book_incident_free(dd_incident *in);

/* s as a double-quoted YAML scalar (book_edit.c's escapes: reads back as
 * exactly s), malloc'd into *out. DD_EINVALID when s is not UTF-8,
 * DD_ENOMEM; no message set. */
int dd__book_quote(const char *s, char **out);

#endif
