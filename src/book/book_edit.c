/* book_edit.c: adding an entry to a list of the book (book_edit.h) as a
 * text edit of the file that holds the list. libyaml finds the list and the
 * end of its last entry; the entry is written in the entries' own layout
 * and inserted there, so every other byte of the file is kept. The edited
 * book is loaded (book.c reads the edited text in place of the file) before
 * the file is replaced atomically.
 *
 * libyaml's marks count lines and characters, not bytes, and end a block
 * collection at the next token (after any comments that follow it): only
 * the end marks of scalars and flow collections are taken as they are, and
 * (line, column) are turned into byte offsets by counting line breaks as
 * libyaml does. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "book_int.h"
#include "drawdown/book_edit.h"

static const char *const list_names[] = {"credits", "incidents"};

const char *dd_book_list_name(dd_book_list list)
{
	return (unsigned)list < sizeof list_names / sizeof *list_names ? list_names[list] : "unknown";
}

/* ---- text buffers ---- */

typedef struct {
	char *p;
	size_t n, cap;
	bool oom;
} buf_t;

static void put_n(buf_t *b, const char *s, size_t n)
{
	/* a length past half the address space is a bad offset, not text: refuse
	 * it as out of memory (and GCC's -O3 range analysis then sees the bound) */
	if (b->oom || n > SIZE_MAX / 2) {
		b->oom = true;
		return;
	}
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->n + n + 1) cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) { b->oom = true; return; }
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void put_s(buf_t *b, const char *s) { put_n(b, s, strlen(s)); }

static void put_spaces(buf_t *b, size_t n)
{
	while (n--) put_n(b, " ", 1);
}

/* ---- entries ---- */

typedef enum { F_VALUE, F_TEXT, F_LIST } field_kind;

typedef struct {
	char *key;
	field_kind kind;
	char **items; /* [n]: the value (F_VALUE, F_TEXT: n is 1) or the list's items */
	size_t n;
} field_t;

struct dd_book_entry {
	field_t *f;
	size_t n, cap;
};

dd_book_entry *dd_book_entry_new(void) { return calloc(1, sizeof(dd_book_entry)); }

static void field_free(field_t *f)
{
	free(f->key);
	for (size_t i = 0; i < f->n; i++) free(f->items[i]);
	free(f->items);
}

void dd_book_entry_free(dd_book_entry *e)
{
	if (!e) return;
	for (size_t i = 0; i < e->n; i++) field_free(&e->f[i]);
	free(e->f);
	free(e);
}

/* Length of the UTF-8 sequence at s (NUL-terminated) and its code point,
 * or 0 when the bytes are not UTF-8 (overlong forms and surrogates
 * included: libyaml refuses them too). */
static size_t utf8_next(const unsigned char *s, long *cp)
{
	if (s[0] < 0x80) { *cp = s[0]; return 1; }
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (!n || s[0] > 0xf4) return 0;
	long v = s[0] & (0x3f >> (n - 1));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	static const long min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (v < min[n] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return 0;
	*cp = v;
	return n;
}

static bool utf8_valid(const char *s)
{
	long cp;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_next(p, &cp);
		if (!n) return false;
		p += n;
	}
	return true;
}

static bool key_valid(const char *k)
{
	if (!k || !*k) return false;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9') || *k == '_'))
			return false;
	return true;
}

static int add_field(dd_book_entry *e, const char *key, field_kind kind, const char *const *items, size_t n)
{
	if (!e || !key_valid(key)) return dd_error_set(DD_EUSAGE, "dd_book_entry: a field name is letters, digits or '_'");
	for (size_t i = 0; i < n; i++) {
		if (!items[i]) return dd_error_set(DD_EUSAGE, "dd_book_entry: %s: the value is NULL", key);
		if (!utf8_valid(items[i])) return dd_error_set(DD_EINVALID, "%s: the text is not valid UTF-8", key);
	}
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		field_t *f = realloc(e->f, cap * sizeof *f);
		if (!f) return dd_error_set(DD_ENOMEM, "out of memory");
		e->f = f;
		e->cap = cap;
	}
	field_t f = {.key = strdup(key), .kind = kind, .items = calloc(n ? n : 1, sizeof(char *))};
	bool ok = f.key && f.items;
	for (size_t i = 0; ok && i < n; i++, f.n++) ok = (f.items[i] = strdup(items[i])) != NULL;
	if (!ok) {
		field_free(&f);
		return dd_error_set(DD_ENOMEM, "out of memory");
	}
	e->f[e->n++] = f;
	return 0;
}

int dd_book_entry_value(dd_book_entry *e, const char *key, const char *value)
{
	return add_field(e, key, F_VALUE, &value, 1);
}

int dd_book_entry_text(dd_book_entry *e, const char *key, const char *value)
{
	return add_field(e, key, F_TEXT, &value, 1);
}

int dd_book_entry_list(dd_book_entry *e, const char *key, const char *const *items, size_t n)
{
	if (n && !items) return dd_error_set(DD_EUSAGE, "dd_book_entry_list: %s: items is NULL", key ? key : "?");
	return add_field(e, key, F_LIST, items, n);
}

/* ---- writing values ---- */

/* Whether the plain form of s reads back as the same text: letters and
 * digits first, then those or . _ - + / (and ':' inside, outside a flow
 * collection, where older libyaml refuses it), and not a word the book
 * reads as nothing. Anything else is quoted. */
static bool plain_ok(const char *s, bool flow)
{
	static const char *const nothing[] = {"null", "Null", "NULL"};
	unsigned char c0 = (unsigned char)s[0];
	if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || (c0 >= '0' && c0 <= '9'))) return false;
	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || strchr("._-+/", ch))
			continue;
		if (ch == ':' && !flow && p[1]) continue;
		return false;
	}
	for (size_t i = 0; i < sizeof nothing / sizeof *nothing; i++)
		if (!strcmp(s, nothing[i])) return false;
	return true;
}

/* Written as is inside double quotes: YAML's printable set, less what YAML
 * 1.1 reads as a line break (NEL, LS, PS) and the byte order mark. */
static bool printable(long cp)
{
	if (cp == 0x2028 || cp == 0x2029 || cp == 0xfeff) return false;
	return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
	       (cp >= 0x10000 && cp <= 0x10ffff);
}

/* A double-quoted scalar: the one YAML style that holds any text. The text
 * was checked to be UTF-8 when the field was added. */
static void put_quoted(buf_t *b, const char *s)
{
	char esc[16];
	put_s(b, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		long cp = 0;
		size_t n = utf8_next(p, &cp);
		if (!n) n = 1, cp = 0xfffd; /* not reached: checked on entry */
		if (cp == '"' || cp == '\\') snprintf(esc, sizeof esc, "\\%c", (int)cp);
		else if (cp == '\n') snprintf(esc, sizeof esc, "\\n");
		else if (cp == '\t') snprintf(esc, sizeof esc, "\\t");
		else if (printable(cp)) esc[0] = '\0';
		else if (cp <= 0xff) snprintf(esc, sizeof esc, "\\x%02X", (unsigned)cp);
		else if (cp <= 0xffff) snprintf(esc, sizeof esc, "\\u%04X", (unsigned)cp);
		else snprintf(esc, sizeof esc, "\\U%08X", (unsigned)cp);
		if (esc[0]) put_s(b, esc);
		else put_n(b, (const char *)p, n);
		p += n;
	}
	put_s(b, "\"");
}

static void put_value(buf_t *b, const field_t *f, bool flow)
{
	if (f->kind == F_LIST) {
		put_s(b, "[");
		for (size_t i = 0; i < f->n; i++) {
			if (i) put_s(b, ", ");
			put_quoted(b, f->items[i]);
		}
		put_s(b, "]");
	} else if (f->kind == F_VALUE && plain_ok(f->items[0], flow)) {
		put_s(b, f->items[0]);
	} else {
		put_quoted(b, f->items[0]);
	}
}

/* The entry as a block list item: "- " at dash, its fields at col. */
static void put_block(buf_t *b, const dd_book_entry *e, size_t dash, size_t col, const char *eol)
{
	for (size_t i = 0; i < e->n; i++) {
		if (i == 0) {
			put_spaces(b, dash);
			put_s(b, "-");
			put_spaces(b, col - dash - 1);
		} else {
			put_spaces(b, col);
		}
		put_s(b, e->f[i].key);
		put_s(b, ": ");
		put_value(b, &e->f[i], false);
		put_s(b, eol);
	}
}

static void put_flow(buf_t *b, const dd_book_entry *e)
{
	put_s(b, "{ ");
	for (size_t i = 0; i < e->n; i++) {
		if (i) put_s(b, ", ");
		put_s(b, e->f[i].key);
		put_s(b, ": ");
		put_value(b, &e->f[i], true);
	}
	put_s(b, " }");
}

/* ---- positions in the text ---- */

typedef struct {
	const unsigned char *t;
	size_t len;
	size_t base; /* 3 after a UTF-8 byte order mark, which libyaml does not count */
} src_t;

/* The length of the line break at i, as libyaml reads them (CR LF, CR,
 * LF, NEL, LS, PS), or 0. */
static size_t eol_len(const src_t *s, size_t i)
{
	const unsigned char *u = s->t;
	if (i >= s->len) return 0;
	if (u[i] == '\r') return i + 1 < s->len && u[i + 1] == '\n' ? 2 : 1;
	if (u[i] == '\n') return 1;
	if (u[i] == 0xc2 && i + 1 < s->len && u[i + 1] == 0x85) return 2;
	if (u[i] == 0xe2 && i + 2 < s->len && u[i + 1] == 0x80 && (u[i + 2] == 0xa8 || u[i + 2] == 0xa9)) return 3;
	return 0;
}

/* The byte offset of libyaml's (line, column), both 0-based, columns in characters. */
static size_t offset_of(const src_t *s, size_t line, size_t col)
{
	size_t i = s->base;
	while (line > 0 && i < s->len) {
		size_t k = eol_len(s, i);
		if (k) {
			i += k;
			line--;
		} else {
			i++;
		}
	}
	while (col > 0 && i < s->len && !eol_len(s, i)) {
		i++;
		while (i < s->len && (s->t[i] & 0xc0) == 0x80) i++;
		col--;
	}
	return i;
}

static size_t line_start(const src_t *s, size_t line) { return offset_of(s, line, 0); }

/* The offset just after the line break that ends the line holding i, or
 * the end of the text when that line has none. */
static size_t after_line(const src_t *s, size_t i)
{
	for (; i < s->len; i++) {
		size_t k = eol_len(s, i);
		if (k) return i + k;
	}
	return s->len;
}

/* The line from i: its indentation in spaces, and whether it holds only a
 * comment (*comment) or nothing at all (returns true when blank). */
static bool blank_line(const src_t *s, size_t i, size_t *indent, bool *comment)
{
	size_t n = 0;
	while (i + n < s->len && (s->t[i + n] == ' ' || s->t[i + n] == '\t')) n++;
	*indent = n;
	*comment = i + n < s->len && s->t[i + n] == '#';
	return i + n >= s->len || eol_len(s, i + n);
}

/* Whether the text ends with a line break. */
static bool ends_with_break(const src_t *s)
{
	size_t n = s->len;
	return n > s->base && (eol_len(s, n - 1) || (n >= 2 && eol_len(s, n - 2) == 2) || (n >= 3 && eol_len(s, n - 3) == 3));
}

/* The start of the line before the one starting at i (i after base). */
static size_t prev_line_start(const src_t *s, size_t i)
{
	const unsigned char *u = s->t;
	/* step back over the line break that ends the previous line */
	if (i >= s->base + 2 && u[i - 1] == '\n' && u[i - 2] == '\r') i -= 2;
	else if (i >= s->base + 3 && u[i - 3] == 0xe2 && u[i - 2] == 0x80 && (u[i - 1] == 0xa8 || u[i - 1] == 0xa9)) i -= 3;
	else if (i >= s->base + 2 && u[i - 2] == 0xc2 && u[i - 1] == 0x85) i -= 2;
	else if (i > s->base) i -= 1;
	while (i > s->base) {
		size_t j = i - 1;
		if (u[j] == '\n' || u[j] == '\r') break;
		if (u[j] == 0x85 && j >= 1 && u[j - 1] == 0xc2) break;
		if ((u[j] == 0xa8 || u[j] == 0xa9) && j >= 2 && u[j - 1] == 0x80 && u[j - 2] == 0xe2) break;
		i = j;
	}
	return i;
}

/* ---- the end of a list's last entry ---- */

typedef struct {
	size_t line, col;
	bool set;
	const yaml_node_t *block_scalar; /* the last | or > scalar seen, if any */
} pos_t;

static bool is_block(const yaml_node_t *n)
{
	return (n->type == YAML_SEQUENCE_NODE && n->data.sequence.style == YAML_BLOCK_SEQUENCE_STYLE) ||
	       (n->type == YAML_MAPPING_NODE && n->data.mapping.style == YAML_BLOCK_MAPPING_STYLE);
}

static bool mark_after(yaml_mark_t m, size_t line, size_t col) { return m.line > line || (m.line == line && m.column > col); }

/* The furthest end of what n holds: a block collection's own end mark is
 * the next token, after the comments that follow it, so its scalars and
 * flow collections are asked instead; a block scalar's end is found from
 * its lines (block_scalar_end). Each node once (aliases may repeat or
 * enclose a node). */
static void last_pos(yaml_document_t *d, yaml_node_t *n, bool *seen, pos_t *p)
{
	if (!n) return;
	size_t id = (size_t)(n - d->nodes.start);
	if (seen[id]) return;
	seen[id] = true;
	if (n->type == YAML_SCALAR_NODE &&
	    (n->data.scalar.style == YAML_LITERAL_SCALAR_STYLE || n->data.scalar.style == YAML_FOLDED_SCALAR_STYLE)) {
		const yaml_node_t *b = p->block_scalar;
		if (!b || mark_after(n->start_mark, b->start_mark.line, b->start_mark.column)) p->block_scalar = n;
		return;
	}
	if (!is_block(n)) {
		if (!p->set || mark_after(n->end_mark, p->line, p->col))
			p->line = n->end_mark.line, p->col = n->end_mark.column, p->set = true;
		return;
	}
	if (n->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
			last_pos(d, yaml_document_get_node(d, *it), seen, p);
		return;
	}
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
		last_pos(d, yaml_document_get_node(d, pr->key), seen, p);
		last_pos(d, yaml_document_get_node(d, pr->value), seen, p);
	}
}

/* Where the text after a block scalar (| or >) may go. libyaml ends it at
 * the first line less indented than its content (after the blank lines
 * before that line, and some of its spaces), or at the end of the text: its
 * content is the lines between its header and that line. With "keep"
 * chomping (|+) the blank lines at its end are part of its value, so the
 * offset is after them; else after its last line that is not blank. */
static size_t block_scalar_end(const src_t *s, const yaml_node_t *n)
{
	size_t hdr = offset_of(s, n->start_mark.line, n->start_mark.column);
	bool keep = false;
	for (size_t i = hdr + 1; i < s->len && s->t[i] && strchr("+-0123456789", s->t[i]); i++) keep |= s->t[i] == '+';
	size_t end = offset_of(s, n->end_mark.line, n->end_mark.column);
	if (end >= s->len) return s->len;
	size_t stop = line_start(s, n->end_mark.line), first = after_line(s, hdr);
	if (keep || stop <= first) return stop < first ? first : stop;
	for (size_t l = stop; l > first;) {
		size_t indent;
		bool comment;
		l = prev_line_start(s, l);
		if (!blank_line(s, l, &indent, &comment)) return after_line(s, l);
	}
	return first; /* an empty scalar: after its header */
}

/* ---- the edit ---- */

typedef struct {
	size_t rm_start, rm_end; /* bytes removed (a `~` or `[]` value) */
	size_t at;               /* where the new text goes (after the removal) */
	buf_t add;               /* the new text */
	bool completes;          /* add starts with the break the text's last line lacked */
} splice_t;

static bool is_nothing(const yaml_node_t *v)
{
	if (v->type == YAML_SEQUENCE_NODE) return v->data.sequence.items.top == v->data.sequence.items.start;
	return dd__book_is_null(v);
}

/* The text at the end of the file needs a line break first when its last line has none. */
static void complete_last_line(const src_t *s, splice_t *sp, const char *eol)
{
	if (sp->at != s->len || s->len <= s->base || ends_with_break(s)) return;
	put_s(&sp->add, eol);
	sp->completes = true;
}

/* A block list with entries: the new one after the last. */
static void edit_block(const src_t *s, yaml_document_t *d, yaml_node_t *seq, const dd_book_entry *e, const char *eol,
		       splice_t *sp)
{
	size_t n = (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start);
	size_t dash = seq->start_mark.column;
	yaml_node_t *first = yaml_document_get_node(d, seq->data.sequence.items.start[0]);
	yaml_node_t *last = yaml_document_get_node(d, seq->data.sequence.items.top[-1]);
	size_t col = first && first->start_mark.column > dash + 1 ? first->start_mark.column : dash + 2;
	size_t nnodes = (size_t)(d->nodes.top - d->nodes.start);
	bool *seen = calloc(nnodes ? nnodes : 1, sizeof *seen);
	pos_t end = {0};
	if (!seen) { sp->add.oom = true; return; }
	for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++)
		last_pos(d, yaml_document_get_node(d, *it), seen, &end);
	free(seen);
	size_t at = end.set ? after_line(s, offset_of(s, end.line, end.col)) : 0;
	if (end.block_scalar) {
		size_t b = block_scalar_end(s, end.block_scalar);
		if (b > at) at = b;
	}
	/* Comment lines indented under the last entry belong to it. */
	for (;;) {
		size_t indent;
		bool comment;
		if (at >= s->len || blank_line(s, at, &indent, &comment) || !comment || indent <= dash) break;
		at = after_line(s, at);
	}
	sp->rm_start = sp->rm_end = sp->at = at;
	complete_last_line(s, sp, eol);
	/* Entries set apart by a blank line (above their comments) get one. */
	if (n >= 2 && last) {
		size_t l = line_start(s, last->start_mark.line), indent;
		bool comment = true, blank = false;
		while (l > s->base && comment && !blank) {
			l = prev_line_start(s, l);
			blank = blank_line(s, l, &indent, &comment);
		}
		if (blank) put_s(&sp->add, eol);
	}
	put_block(&sp->add, e, dash, col, eol);
}

int dd_book_edit_text(const char *name, const char *text, size_t len, dd_book_list list, const dd_book_entry *e,
		      char **out, size_t *outlen, int *line, int *nlines)
{
	dd_error_clear();
	if (out) *out = NULL;
	if (outlen) *outlen = 0;
	if (line) *line = 0;
	if (nlines) *nlines = 0;
	if (!out || !outlen || !e || (!text && len) || (unsigned)list > DD_BOOK_LIST_INCIDENTS)
		return dd_error_set(DD_EUSAGE, "dd_book_edit_text: bad arguments");
	if (!name) name = "<buffer>";
	if (e->n == 0) return dd_error_set(DD_EUSAGE, "dd_book_edit_text: the entry has no fields");
	if (!text) text = "";
	if (len >= 2 && (!memcmp(text, "\xff\xfe", 2) || !memcmp(text, "\xfe\xff", 2)))
		return dd_error_set(DD_EINVALID, "%s: the file is UTF-16 text; convert it to UTF-8 (iconv -f UTF-16 -t "
						 "UTF-8) to add to it", name);
	src_t s = {(const unsigned char *)text, len, len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3) ? 3 : 0};
	const char *eol = "\n";
	for (size_t i = s.base; i < len; i++)
		if (eol_len(&s, i)) {
			if (eol_len(&s, i) == 2 && text[i] == '\r') eol = "\r\n";
			break;
		}

	/* The book's own reader: encodings, nesting, syntax, one document. */
	dd__book_ctx c;
	memset(&c, 0, sizeof c);
	int rc = 0;
	if (dd__book_add_file(&c, name, NULL) < 0) {
		dd__book_ctx_release(&c);
		return dd_error_set(DD_ENOMEM, "out of memory");
	}
	bool parsed = dd__book_parse(&c, 0, text, len);
	if (c.oom) rc = dd_error_set(DD_ENOMEM, "out of memory");
	else if (c.nprobs) rc = dd__book_fail(&c, NULL);
	else if (!parsed) rc = dd_error_set(DD_EPARSE, "%s: cannot read the YAML", name);
	if (rc) {
		dd__book_ctx_release(&c);
		return rc;
	}
	yaml_document_t *d = &c.files[0].doc;
	yaml_node_t *root = yaml_document_get_root_node(d);
	const char *key = list_names[list];
	splice_t sp = {0};
	if (root && (root->type != YAML_MAPPING_NODE || root->data.mapping.style != YAML_BLOCK_MAPPING_STYLE)) {
		rc = dd_error_set(DD_EINVALID, "%s: the top level is not a mapping of fields written one per line; "
					       "add to %s by hand", name, key);
		goto done;
	}
	yaml_node_t *k = NULL, *v = NULL;
	for (yaml_node_pair_t *p = root ? root->data.mapping.pairs.start : NULL; p && p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *pk = yaml_document_get_node(d, p->key);
		if (pk && pk->type == YAML_SCALAR_NODE && !strcmp((const char *)pk->data.scalar.value, key)) {
			k = pk;
			v = yaml_document_get_node(d, p->value);
			break;
		}
	}
	if (k && v && (v->start_mark.line < k->end_mark.line ||
		       (v->start_mark.line == k->end_mark.line && v->start_mark.column < k->end_mark.column))) {
		rc = dd_error_set(DD_EINVALID, "%s:%d:%d: %s is an alias (*name) of a list written elsewhere; add to "
					       "it by hand", name, (int)k->start_mark.line + 1, (int)k->start_mark.column + 1, key);
		goto done;
	}
	if (!k) {
		/* No list yet: the key and the entry at the end of the file, or
		 * before the "..." that ends its document. */
		size_t kc = root ? root->start_mark.column : 0;
		size_t end = d->end_implicit ? len : line_start(&s, d->end_mark.line);
		/* (an empty stream has no document, nor a "..." to end it) */
		sp.rm_start = sp.rm_end = sp.at = end + 3 <= len && !memcmp(text + end, "...", 3) ? end : len;
		complete_last_line(&s, &sp, eol);
		if (sp.at > s.base) put_s(&sp.add, eol);
		put_spaces(&sp.add, kc);
		put_s(&sp.add, key);
		put_s(&sp.add, ":");
		put_s(&sp.add, eol);
		put_block(&sp.add, e, kc + 2, kc + 4, eol);
	} else if (v && is_nothing(v)) {
		/* `key:`, `key: ~`, `key: []`: the value becomes the block list. */
		size_t kc = k->start_mark.column;
		size_t vs = offset_of(&s, v->start_mark.line, v->start_mark.column);
		size_t ve = offset_of(&s, v->end_mark.line, v->end_mark.column);
		if (ve > vs) {
			/* Drop the value with the spaces before it, and those after it when the line ends there. */
			while (vs > 0 && (text[vs - 1] == ' ' || text[vs - 1] == '\t')) vs--;
			size_t j = ve;
			while (j < len && (text[j] == ' ' || text[j] == '\t')) j++;
			if (j >= len || eol_len(&s, j)) ve = j;
		}
		sp.rm_start = vs;
		sp.rm_end = ve;
		sp.at = after_line(&s, ve);
		complete_last_line(&s, &sp, eol);
		put_block(&sp.add, e, kc + 2, kc + 4, eol);
	} else if (v && v->type == YAML_SEQUENCE_NODE && v->data.sequence.style == YAML_BLOCK_SEQUENCE_STYLE) {
		edit_block(&s, d, v, e, eol, &sp);
	} else if (v && v->type == YAML_SEQUENCE_NODE) {
		/* A flow list [a, b]: ", { ... }" after its last entry. */
		yaml_node_t *last = yaml_document_get_node(d, v->data.sequence.items.top[-1]);
		if (!last || is_block(last)) {
			rc = dd_error_set(DD_EINVALID, "%s: cannot find the end of %s; add to it by hand", name, key);
			goto done;
		}
		sp.rm_start = sp.rm_end = sp.at = offset_of(&s, last->end_mark.line, last->end_mark.column);
		put_s(&sp.add, ", ");
		put_flow(&sp.add, e);
	} else {
		char got[80];
		dd__book_describe(v, got, sizeof got);
		rc = dd_error_set(DD_EINVALID, "%s:%d:%d: %s: expected a list, got %s", name, v ? (int)v->start_mark.line + 1 : 0,
				  v ? (int)v->start_mark.column + 1 : 0, key, got);
		goto done;
	}
	buf_t o = {0};
	put_n(&o, text, sp.rm_start);
	put_n(&o, text + sp.rm_end, sp.at - sp.rm_end);
	size_t added_at = o.n;
	put_n(&o, sp.add.p ? sp.add.p : "", sp.add.n);
	put_n(&o, text + sp.at, len - sp.at);
	if (o.oom || sp.add.oom) {
		free(o.p);
		rc = dd_error_set(DD_ENOMEM, "out of memory");
		goto done;
	}
	src_t os = {(const unsigned char *)o.p, o.n, s.base};
	int l = 1, nl = 0;
	for (size_t i = 0; i < added_at; i++)
		if (eol_len(&os, i)) {
			i += eol_len(&os, i) - 1;
			l++;
		}
	for (size_t i = added_at; i < added_at + sp.add.n; i++)
		if (eol_len(&os, i)) {
			i += eol_len(&os, i) - 1;
			nl++;
		}
	/* The break that ends the text's old last line adds no line. */
	if (sp.completes) {
		l++;
		nl--;
	}
	*out = o.p;
	*outlen = o.n;
	if (line) *line = l;
	if (nlines) *nlines = nl;
done:
	free(sp.add.p);
	dd__book_ctx_release(&c);
	return rc;
}

/* ---- appending to a book's file ---- */

void dd_book_edit_dispose(dd_book_edit *edit)
{
	if (!edit) return;
	free(edit->file);
	*edit = (dd_book_edit){0};
}

static size_t list_count(const dd_book *b, dd_book_list list)
{
	return list == DD_BOOK_LIST_CREDITS ? b->ncredits : b->nincidents;
}

/* The file holding the list's last entry (borrowed from b), else the book. */
static const char *list_file(const dd_book *b, dd_book_list list)
{
	const char *f = NULL;
	if (list == DD_BOOK_LIST_CREDITS && b->ncredits) f = b->credits[b->ncredits - 1].file;
	if (list == DD_BOOK_LIST_INCIDENTS && b->nincidents) f = b->incidents[b->nincidents - 1].file;
	return f ? f : b->files[0];
}

/* Replace real (a regular file the user may write) with text, atomically
 * (dd_file_replace); messages name the book's file as it was given. */
static int write_atomic(const char *shown, const char *real, const char *text, size_t len)
{
	struct stat st;
	/* A file the user may not write stays as it is, though the directory would let a rename replace it. */
	if (stat(real, &st) != 0 || access(real, W_OK) != 0)
		return dd_error_set(DD_EIO, "cannot write %s: %s", shown, strerror(errno));
	int rc = dd_file_replace(real, text, len);
	if (rc && strcmp(shown, real)) return dd_error_set(rc, "%s: %s", shown, dd_error_last());
	return rc;
}

int dd_book_append(const char *path, dd_book_list list, const dd_book_entry *e, dd_book_problems *problems,
		   dd_book_edit *edit)
{
	dd_error_clear();
	if (problems) *problems = (dd_book_problems){0};
	if (edit) *edit = (dd_book_edit){0};
	if (!path || !e || (unsigned)list > DD_BOOK_LIST_INCIDENTS)
		return dd_error_set(DD_EUSAGE, "dd_book_append: bad arguments");
	dd_book *b = NULL, *after = NULL;
	int rc = dd_book_load(path, &b, problems);
	if (rc) return rc;
	size_t before = list_count(b, list);
	char *file = strdup(list_file(b, list)), real[PATH_MAX], why[256];
	char *text = NULL, *edited = NULL;
	size_t len = 0, elen = 0;
	int line = 0, nlines = 0;
	dd_book_free(b);
	if (!file) return dd_error_set(DD_ENOMEM, "out of memory");
	if (edit) edit->file = file;
	if (!realpath(file, real)) {
		rc = dd_error_set(DD_EIO, "cannot read %s: %s", file, strerror(errno));
		goto out;
	}
	text = dd__book_read_file(real, &len, why, sizeof why);
	if (!text) {
		rc = dd_error_set(DD_EIO, "cannot read %s: %s", file, why);
		goto out;
	}
	if ((rc = dd_book_edit_text(file, text, len, list, e, &edited, &elen, &line, &nlines))) goto out;
	if (edit) {
		edit->line = line;
		edit->nlines = nlines;
	}
	rc = dd__book_load_edited(path, real, edited, elen, &after, problems);
	if (rc) goto out;
	if (list_count(after, list) != before + 1) {
		/* Never expected: the edit did not add exactly one entry. */
		rc = dd_error_set(DD_EGENERIC, "%s: the edit of %s did not add one entry; nothing written", file,
				  list_names[list]);
		goto out;
	}
	rc = write_atomic(file, real, edited, elen);
out:
	dd_book_free(after);
	free(text);
	free(edited);
	if (!edit) free(file);
	return rc;
}

/* ---- quoting for other writers of book text (book_init.c) ---- */

int dd__book_quote(const char *s, char **out)
{
	buf_t b = {0};
	*out = NULL;
	if (!utf8_valid(s)) return DD_EINVALID;
	put_quoted(&b, s);
	if (b.oom) {
		free(b.p);
		return DD_ENOMEM;
	}
	*out = b.p;
	return 0;
}
