/* fuzz_book.c: the book loader on arbitrary bytes never crashes or leaks,
 * and either returns a book or at least one problem with a message. The
 * name sits in a directory that does not exist, so relative includes in the
 * input fail fast instead of reading the working tree. */
#include <stdint.h>
#include <stdlib.h>

#include "drawdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dd_book *book = NULL;
	dd_book_problems problems;
	int rc = dd_book_load_buffer("/nonexistent-drawdown-fuzz/book.yaml", (const char *)data, size, &book,
				     &problems);
	if (rc == 0) {
		if (!book || problems.n != 0) abort();
		for (size_t i = 0; i < book->ncredits; i++)
			if (!book->credits[i].id || !dd_money_is_pos(book->credits[i].amount)) abort();
		dd_book_contract_year(book, DD_MONTH(2026, 1));
		dd_book_free(book);
		return 0;
	}
	if (book) abort();
	if (rc != DD_ENOMEM && problems.n == 0) abort();
	for (size_t i = 0; i < problems.n; i++)
		if (!problems.items[i].file || !problems.items[i].message) abort();
	dd_book_problems_dispose(&problems);
	return 0;
}
