/* ingest_util.c: what the readers of every format share with the entry
 * file (ingest.c): the thread count, the list of ignored files, the message
 * of a failed join of threads' results, and telling a container format from
 * its first bytes. A leaf file, so the readers call down to it, never back
 * up into ingest.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest_int.h"

int dd__ingest_threads(const dd_ingest_options *opt)
{
	int n = opt->threads;
	if (n <= 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		n = c > 0 ? (int)c : 1;
	}
	return n > 64 ? 64 : n;
}

int dd__ingest_ignore(dd_ingest_ctx *c, const char *why)
{
	dd_ingest_report *r = c->report;
	if (!r) return 0;
	char **nl = realloc(r->ignored_files, (r->nignored_files + 1) * sizeof *nl);
	if (!nl) return dd_error_set(DD_ENOMEM, "out of memory");
	r->ignored_files = nl;
	size_t len = strlen(c->name) + strlen(why) + 4;
	char *s = malloc(len);
	if (!s) return dd_error_set(DD_ENOMEM, "out of memory");
	snprintf(s, len, "%s: %s", c->name, why);
	nl[r->nignored_files++] = s;
	return 0;
}

int dd__ingest_merge_fail(const char *name, int code)
{
	return dd_error_set(code, "%s: %s while joining threads", name,
			    code == DD_ENOMEM ? "out of memory" : "total out of range");
}

const char *dd__container_kind(const uint8_t *p, size_t n)
{
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) return "gzip";
	if (n >= 4 && memcmp(p, "PAR1", 4) == 0) return "Parquet";
	if (n >= 4 && (memcmp(p, "PK\x03\x04", 4) == 0 || memcmp(p, "PK\x05\x06", 4) == 0)) return "zip";
	return NULL;
}
