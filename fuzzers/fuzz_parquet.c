/* fuzz_parquet.c: libFuzzer harness for the Parquet reader: open a buffer,
 * read every column of every row group, free everything. Row groups
 * claiming more than 2^20 rows are skipped so a tiny input cannot make the
 * harness allocate gigabytes (a legitimate file that large is not a bug). */
#include <stddef.h>
#include <stdint.h>

#include "../src/ingest/parquet/parquet.h" /* internal API: the harness is built outside src/ */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dd__pq_file *f;
	if (dd__pq_open_buffer("fuzz.parquet", data, size, &f)) return 0;
	dd__pq_column col = {0};
	for (size_t g = 0; g < dd__pq_num_row_groups(f); g++) {
		if (dd__pq_row_group_rows(f, g) > (1u << 20)) continue;
		for (size_t c = 0; c < dd__pq_num_columns(f); c++) {
			(void)dd__pq_column_name(f, c);
			(void)dd__pq_column_supported(f, c);
			if (dd__pq_read_column(f, g, c, &col) == 0) {
				/* touch every view so the sanitizer checks it */
				unsigned sum = 0;
				for (size_t i = 0; i < col.n; i++)
					if (col.vals[i].len) sum += (unsigned char)col.vals[i].p[col.vals[i].len - 1];
				volatile unsigned sink = sum;
				(void)sink;
			}
		}
	}
	dd__pq_column_free(&col);
	dd__pq_close(f);
	return 0;
}
