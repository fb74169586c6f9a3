/* fuzz_book_edit.c: the book's text edit (book_edit.h) on arbitrary bytes
 * never crashes or leaks, and keeps its promise: when the bytes load as a
 * book and the edit succeeds, the edited text loads as the same book with
 * one more entry in the list, the new one last, and the lines before the
 * ones added are byte-identical. Both lists, an incident and a credit. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown.h"

static dd_book_entry *entry(dd_book_list list)
{
	dd_book_entry *e = dd_book_entry_new();
	if (!e) return NULL;
	int rc = dd_book_entry_value(e, "id", "FUZZ-NEW-ENTRY");
	if (list == DD_BOOK_LIST_INCIDENTS) {
		rc = rc || dd_book_entry_value(e, "service", "AmazonS3") || dd_book_entry_value(e, "sla", "s3-standard") ||
		     dd_book_entry_list(e, "resources", (const char *const[]){"bucket: \"x\" # y", "\xc3\xa9"}, 2) ||
		     dd_book_entry_value(e, "start", "2026-10-03T14:05:00Z") ||
		     dd_book_entry_value(e, "end", "2026-10-03T15:05:00Z") || dd_book_entry_text(e, "impact", "a\nb: c") ||
		     dd_book_entry_value(e, "error_rate", "12.5");
	} else {
		rc = rc || dd_book_entry_value(e, "type", "sla") || dd_book_entry_value(e, "amount", "100") ||
		     dd_book_entry_value(e, "start", "2026-12-01") || dd_book_entry_value(e, "expires", "2027-11-30");
	}
	if (rc) {
		dd_book_entry_free(e);
		return NULL;
	}
	return e;
}

/* A line break as libyaml counts them (CR LF, CR, LF, NEL, LS, PS): its length, or 0. */
static size_t brk(const char *t, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)t;
	if (u[i] == '\r') return i + 1 < n && u[i + 1] == '\n' ? 2 : 1;
	if (u[i] == '\n') return 1;
	if (u[i] == 0xc2 && i + 1 < n && u[i + 1] == 0x85) return 2;
	if (u[i] == 0xe2 && i + 2 < n && u[i + 1] == 0x80 && (u[i + 2] == 0xa8 || u[i + 2] == 0xa9)) return 3;
	return 0;
}

static size_t count(const dd_book *b, dd_book_list list) { return list ? b->nincidents : b->ncredits; }

static const char *last_id(const dd_book *b, dd_book_list list)
{
	if (list) return b->nincidents ? b->incidents[b->nincidents - 1].id : NULL;
	return b->ncredits ? b->credits[b->ncredits - 1].id : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	for (int list = DD_BOOK_LIST_CREDITS; list <= DD_BOOK_LIST_INCIDENTS; list++) {
		dd_book_entry *e = entry((dd_book_list)list);
		if (!e) return 0;
		char *out = NULL;
		size_t len = 0;
		int line = 0, nlines = 0;
		int rc = dd_book_edit_text("fuzz.yaml", text, size, (dd_book_list)list, e, &out, &len, &line, &nlines);
		dd_book_entry_free(e);
		if (rc) {
			if (out || !*dd_error_last()) abort();
			continue;
		}
		if (!out || out[len] != '\0' || len <= size || line < 1 || nlines < 0) abort();
		/* The lines before the first one added are the input's own (a
		 * removed "~" or "[]" sits on the line before the entry). */
		size_t same = 0;
		for (int l = 1; l < line - 1 && same < size;) {
			size_t k = brk(text, size, same);
			same += k ? k : 1;
			l += k != 0;
		}
		if (same > len || memcmp(out, text, same)) abort();
		dd_book *before = NULL, *after = NULL;
		/* No includes: a fuzz input must not read other files. */
		if (!memmem(text, size, "include", 7) && !memmem(text, size, "FUZZ-NEW-ENTRY", 14) &&
		    dd_book_load_buffer("fuzz.yaml", text, size, &before, NULL) == 0) {
			if (dd_book_load_buffer("fuzz.yaml", out, len, &after, NULL) != 0) abort();
			if (count(after, (dd_book_list)list) != count(before, (dd_book_list)list) + 1) abort();
			if (!last_id(after, (dd_book_list)list) || strcmp(last_id(after, (dd_book_list)list), "FUZZ-NEW-ENTRY"))
				abort();
			if (count(after, (dd_book_list)!list) != count(before, (dd_book_list)!list)) abort();
			if (after->naccounts != before->naccounts || strcmp(after->payer, before->payer)) abort();
		}
		dd_book_free(before);
		dd_book_free(after);
		free(out);
	}
	return 0;
}
