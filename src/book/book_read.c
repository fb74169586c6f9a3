/* book_read.c: reading one YAML file of the book loader (a book, one of its
 * includes, or a ramp file) and parsing it into a document: only regular
 * files of bounded size, the encodings libyaml reads, nesting bounded before
 * libyaml builds the tree, syntax errors as problems with line:column, one
 * document per file. A leaf file: book.c and ramp.c call down to it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "book_int.h"
#include "textenc.h"

int dd__book_add_file(dd__book_ctx *c, const char *path, const char *real)
{
	if (c->nfiles == c->capfiles) {
		size_t cap = c->capfiles ? c->capfiles * 2 : 4;
		dd__book_file *f = realloc(c->files, cap * sizeof *f);
		if (!f) { c->oom = true; return -1; }
		c->files = f;
		c->capfiles = cap;
	}
	dd__book_file *f = &c->files[c->nfiles];
	memset(f, 0, sizeof *f);
	f->path = strdup(path);
	f->real = strdup(real ? real : path);
	if (!f->path || !f->real) { free(f->path); free(f->real); c->oom = true; return -1; }
	return (int)c->nfiles++;
}

/* Never blocks on a FIFO or reads /dev/zero forever: stat first, regular
 * files only, at most BK_MAX_FILE_BYTES. */
char *dd__book_read_file(const char *path, size_t *len, char *why, size_t whysize)
{
	struct stat st;
	/* stat first: opening a FIFO would block until someone writes to it. */
	if (stat(path, &st) != 0) { snprintf(why, whysize, "%s", strerror(errno)); return NULL; }
	if (!S_ISREG(st.st_mode)) { snprintf(why, whysize, "not a regular file"); return NULL; }
	FILE *f = fopen(path, "rb");
	if (!f) { snprintf(why, whysize, "%s", strerror(errno)); return NULL; }
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, whysize, "not a regular file");
		fclose(f);
		return NULL;
	}
	if ((unsigned long long)st.st_size > BK_MAX_FILE_BYTES) {
		snprintf(why, whysize, "larger than %u MiB", BK_MAX_FILE_BYTES >> 20);
		fclose(f);
		return NULL;
	}
	char *buf = malloc((size_t)st.st_size + 1);
	size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
	int err = ferror(f);
	fclose(f);
	if (!buf || err) { free(buf); snprintf(why, whysize, buf ? "read error" : "out of memory"); return NULL; }
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Where a reader error (bad UTF-8) sits: libyaml gives only a byte offset. */
static void offset_mark(const char *text, size_t len, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && i < len; i++) {
		if (text[i] == '\n') { (*line)++; *col = 1; }
		else (*col)++;
	}
}

static void syntax_problem(dd__book_ctx *c, int file, yaml_parser_t *p, const char *text, size_t len)
{
	int line, col;
	c->syntax = true;
	if (p->error == YAML_MEMORY_ERROR) { c->oom = true; return; }
	if (p->error == YAML_READER_ERROR) {
		offset_mark(text, len, p->problem_offset, &line, &col);
		dd__book_problem_at(c, file, line, col, NULL, "YAML syntax error: %s", p->problem ? p->problem : "bad input");
		return;
	}
	line = (int)p->problem_mark.line + 1;
	col = (int)p->problem_mark.column + 1;
	if (p->context)
		dd__book_problem_at(c, file, line, col, NULL, "YAML syntax error: %s %s (at %d:%d)", p->problem, p->context,
			      (int)p->context_mark.line + 1, (int)p->context_mark.column + 1);
	else
		dd__book_problem_at(c, file, line, col, NULL, "YAML syntax error: %s", p->problem ? p->problem : "bad input");
}

/* Walk the events of the text, before libyaml builds the document, and
 * refuse nesting beyond BK_MAX_NESTING at the collection that goes too deep.
 * The walk stops there, so a hostile file costs only its first levels.
 * Syntax errors are left to the loader, which reports them the same way. */
static bool depth_ok(dd__book_ctx *c, int file, const char *text, size_t len)
{
	yaml_parser_t p;
	yaml_event_t e;
	int depth = 0;
	bool ok = true, done = false;
	if (!yaml_parser_initialize(&p)) { c->oom = true; return false; }
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done && yaml_parser_parse(&p, &e)) {
		if (e.type == YAML_SEQUENCE_START_EVENT || e.type == YAML_MAPPING_START_EVENT) {
			if (++depth > BK_MAX_NESTING) {
				c->syntax = true;
				dd__book_problem_at(c, file, (int)e.start_mark.line + 1, (int)e.start_mark.column + 1, NULL,
					      "lists and mappings nested more than %d deep (expected at most %d "
					      "levels)", BK_MAX_NESTING, BK_MAX_NESTING);
				ok = false;
			}
		} else if (e.type == YAML_SEQUENCE_END_EVENT || e.type == YAML_MAPPING_END_EVENT) {
			depth--;
		}
		done = !ok || e.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&e);
	}
	if (p.error == YAML_MEMORY_ERROR) { c->oom = true; ok = false; }
	yaml_parser_delete(&p);
	return ok;
}

/* libyaml reads UTF-8 and UTF-16 with a byte order mark; UTF-32, or
 * UTF-16 without the mark, would only fail as "control characters". */
static bool encoding_ok(dd__book_ctx *c, int file, const char *text, size_t len)
{
	const dd_textenc *e = dd__textenc_wide((const uint8_t *)text, len);
	bool bom16 = len >= 2 && (!memcmp(text, "\xff\xfe", 2) || !memcmp(text, "\xfe\xff", 2));
	if (!e || (bom16 && strstr(e->name, "UTF-16"))) return true;
	char msg[200];
	dd__textenc_message(e, msg, sizeof msg);
	c->syntax = true;
	dd__book_problem_at(c, file, 1, 1, NULL, "%s", msg);
	return false;
}

bool dd__book_parse(dd__book_ctx *c, int file, const char *text, size_t len)
{
	yaml_parser_t p;
	if (!encoding_ok(c, file, text, len) || !depth_ok(c, file, text, len)) return false;
	if (!yaml_parser_initialize(&p)) { c->oom = true; return false; }
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	dd__book_file *f = &c->files[file];
	if (!yaml_parser_load(&p, &f->doc)) {
		syntax_problem(c, file, &p, text, len);
		yaml_parser_delete(&p);
		return false;
	}
	f->has_doc = true;
	if (yaml_document_get_root_node(&f->doc)) {
		yaml_document_t next;
		if (!yaml_parser_load(&p, &next)) {
			syntax_problem(c, file, &p, text, len);
		} else {
			yaml_node_t *root = yaml_document_get_root_node(&next);
			const char *kind = c->kind ? c->kind : "book";
			if (root)
				dd__book_problem(c, file, root, NULL,
					   "%s %s file holds one YAML document; found a second one (after ---)",
					   strchr("aeiou", kind[0]) ? "an" : "a", kind);
			yaml_document_delete(&next);
		}
	}
	yaml_parser_delete(&p);
	return true;
}
