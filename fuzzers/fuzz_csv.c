/* fuzz_csv.c: the CSV importer (tokenizer, header detection, the four
 * format mappings, gzip, zip archives: dd_ingest_buffer detects them from
 * the bytes, so the zip_* and bad_zip_* seeds reach libzip and the member
 * reader) never crashes or leaks on any input: each input is read with
 * format detection and with every forced format, on one thread and on two. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drawdown.h"

static void one(const uint8_t *data, size_t size, dd_format f, int threads)
{
	dd_agg *agg = NULL;
	if (dd_agg_new(&agg) != 0) abort();
	dd_ingest_report rep;
	memset(&rep, 0, sizeof rep);
	dd_ingest_options o = {.format = f, .default_payer = "111122223333", .threads = threads};
	int rc = dd_ingest_buffer("fuzz.csv", (const char *)data, size, &o, agg, &rep);
	if (rc > 0) abort();
	if (rc < 0 && dd_error_last()[0] == 0) abort(); /* every failure says why */
	dd_ingest_report_dispose(&rep);
	dd_agg_free(agg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const dd_format formats[] = {DD_FORMAT_AUTO, DD_FORMAT_AGGREGATED, DD_FORMAT_CUR,
					    DD_FORMAT_CUR2, DD_FORMAT_FOCUS};
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) one(data, size, formats[i], 1);
	one(data, size, DD_FORMAT_AUTO, 2);
	return 0;
}
