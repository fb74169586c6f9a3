/* offer.h: a negotiation offer (SPEC section 5, issue #12), as loaded from
 * YAML (docs/offers.md): a book fragment that modifies a base book. Loading
 * merges the two and validates the result exactly as a book is validated,
 * every problem with file:line:column (the offer's for what the offer
 * wrote, the base's for what it kept); the result is an ordinary dd_book
 * that the engine, the forecast and the offers analysis run like any
 * other, read-only and shareable. */
#ifndef DRAWDOWN_OFFER_H
#define DRAWDOWN_OFFER_H

#include <stddef.h>

#include "book.h"
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The API is all that libdrawdown exports (the library is built with
 * -fvisibility=hidden; internal symbols are dd__*). */
#pragma GCC visibility push(default)

typedef struct {
	char *name;      /* offer.name: 1 to 128 bytes, no control characters; for tables and JSON */
	char *path;      /* the offer file (or the buffer's name) */
	char *base_path; /* the base book read: offer.base resolved against the offer's directory,
			  * or default_base as given */
	/* The merged book, owned: book->path is the offer's path, book->files[0]
	 * the offer, [1] the base, then the base's includes in order; every
	 * credit's `file` is the one it was written in. */
	dd_book *book;
} dd_offer;

/* Load an offer, merge it with its base book and validate the result.
 * default_base: the book to modify when the offer has no `base:` (the
 * --book in use; NULL: none, and then `base:` is required); `base:` is
 * relative to the offer file's directory (absolute paths work too). On
 * success *out is the offer (caller frees with dd_offer_free) and returns 0.
 * On failure returns DD_EIO (the offer or its base cannot be read) /
 * DD_EPARSE (either is not YAML, or nests too deep) / DD_EINVALID (any
 * other problem, in the offer or in the merged book) / DD_ENOMEM, *out is
 * NULL, and *problems (if not NULL) receives every problem found, sorted by
 * file (the offer first, then the base and its includes), line and column
 * (caller frees with dd_book_problems_dispose). */
int dd_offer_load(const char *path, const char *default_base, dd_offer **out, dd_book_problems *problems);
/* Same, from memory; `name` (NULL: "<buffer>") is used in messages and to
 * resolve `base:` (relative to its directory). */
int dd_offer_load_buffer(const char *name, const char *text, size_t len, const char *default_base, dd_offer **out,
			 dd_book_problems *problems);
/* Frees the offer and its book; NULL is fine. */
void dd_offer_free(dd_offer *o);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif
#endif
