/* book_edit.h: adding an entry to one of the book's lists (credits,
 * incidents) by editing the text of the file that holds the list, never by
 * writing the book out again: every other byte stays as it was (comments,
 * blank lines, quoting, the order of fields). The entry takes the layout of
 * the entries already there. An edit is checked by loading the whole book
 * with the edited text in place before anything is written, and the file is
 * then replaced atomically. In the book layer (docs/book.md, "Adding
 * entries"). */
#ifndef DRAWDOWN_BOOK_EDIT_H
#define DRAWDOWN_BOOK_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "book.h"
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

/* A top-level list of the book that entries can be added to. */
typedef enum { DD_BOOK_LIST_CREDITS, DD_BOOK_LIST_INCIDENTS } dd_book_list;

/* "credits", "incidents": the top-level key. */
const char *dd_book_list_name(dd_book_list list);

/* An entry being built: its fields in the order added (opaque). */
typedef struct dd_book_entry dd_book_entry;

/* A new, empty entry (caller frees with dd_book_entry_free), or NULL out of
 * memory. */
dd_book_entry *dd_book_entry_new(void);
void dd_book_entry_free(dd_book_entry *e);

/* Add a field. `key` is a field name (letters, digits, '_'). The value is
 * UTF-8 text (else DD_EINVALID, naming the key) and reads back as exactly
 * that text:
 *  - dd_book_entry_value writes it plain when YAML reads the plain form as
 *    the same text (an id, a date, a timestamp, an amount), else quoted;
 *  - dd_book_entry_text always double-quotes it, with escapes (free text);
 *  - dd_book_entry_list writes a flow list of quoted items, ["a", "b"]
 *    (n 0 is []).
 * Returns 0, DD_EINVALID, DD_EUSAGE (a bad key, a NULL value) or DD_ENOMEM;
 * the entry is unchanged on failure. */
int dd_book_entry_value(dd_book_entry *e, const char *key, const char *value);
int dd_book_entry_text(dd_book_entry *e, const char *key, const char *value);
int dd_book_entry_list(dd_book_entry *e, const char *key, const char *const *items, size_t n);

/* The edit itself, pure: text[0 .. len-1], one book file (`name` is for
 * messages), with the entry appended at the end of its top-level `list`:
 *  - a block list (`- ` entries): after the last line of its last entry
 *    (and the comment lines indented under it), with the entries' own
 *    indentation, and a blank line before it when the entries are
 *    separated by blank lines;
 *  - a flow list ([...]) with entries: `, { ... }` after its last entry;
 *  - `list:` with no value, `~`, `null` or `[]`: the value becomes a
 *    block list holding the entry;
 *  - no such key: `list:` and the entry at the end of the file, after a
 *    blank line.
 * Lines added end as the file's first line does (LF or CRLF). *out is the
 * new text, NUL-terminated (caller frees), *outlen its length; *line (may be
 * NULL) the 1-based line of the first byte added, *nlines (may be NULL) how
 * many lines were added (0: inside a line). DD_EPARSE for bad YAML (the
 * message has name:line:column), DD_EINVALID for a file this cannot edit
 * (UTF-16 or UTF-32 text, a top level that is not a block mapping, `list`
 * holding something other than a list), DD_EUSAGE, DD_ENOMEM. */
int dd_book_edit_text(const char *name, const char *text, size_t len, dd_book_list list, const dd_book_entry *e,
		      char **out, size_t *outlen, int *line, int *nlines);

/* Where an append went, or would have gone. */
typedef struct {
	char *file;   /* the file edited: the book or one of its includes; NULL when
		       * the book was refused before it was edited */
	int line;     /* in the edited text, as dd_book_edit_text's *line */
	int nlines;   /* as dd_book_edit_text's *nlines */
} dd_book_edit;

/* Append the entry to `list` of the book at path (its includes resolved as
 * dd_book_load does), in the file that holds the list's last entry (the book
 * itself when the list is empty), editing that file with
 * dd_book_edit_text. Nothing is written unless the book loads without a
 * problem before the edit and after it (the second load reads the edited
 * text in place of the file; its problems point into the edited text, at
 * edit->line on for the entry's own). The file is then replaced atomically:
 * a temporary file beside it (beside the file a symbolic link points to),
 * written, fsync'd, given the file's mode, renamed over it. Not for several
 * writers at once: an edit made by another between the read and the rename
 * is lost.
 * Returns 0; the book's problems (DD_EINVALID, DD_EPARSE, DD_EIO, into
 * *problems when not NULL; edit->file NULL when found before editing);
 * dd_book_edit_text's failures; DD_EIO when the file cannot be written (it
 * is then unchanged); DD_ENOMEM. *edit (may be NULL) is filled as far as the
 * call got: dispose it in every case. *problems as dd_book_load's. */
int dd_book_append(const char *path, dd_book_list list, const dd_book_entry *e, dd_book_problems *problems,
		   dd_book_edit *edit);
void dd_book_edit_dispose(dd_book_edit *edit);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
