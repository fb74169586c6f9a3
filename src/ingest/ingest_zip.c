/* ingest_zip.c: zip archives (the legacy CUR's ZIP delivery), read with
 * libzip. Each file member, in name order, imports as if it were a file of
 * its own named "archive: member", so a message reads "x.zip: a.csv:3:21:
 * ...". A member is streamed (zip_fread on ingest_stream.c's reader
 * thread), never held whole, so memory stays bounded whatever its size.
 * Everything the archive's directory can tell is checked before any member
 * is parsed (no file members, encryption, a compression method this libzip
 * lacks), so the refusal names the real problem rather than a symptom. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "csv.h"
#include "ingest_int.h"
#include "textenc.h"

typedef struct {
	const char *name;
	zip_uint64_t index;
	uint64_t size, comp_size;
	int32_t method;     /* -1 when the directory does not say */
	uint16_t encryption;
} entry;

/* One member being read, as a dd_stream_src. */
typedef struct {
	zip_t *za;
	zip_uint64_t index;
	zip_file_t *zf;
	uint64_t out;        /* bytes read from the member so far */
	uint64_t size, comp_size;
	uint64_t base;       /* compressed bytes of the members before it */
	char msg[320];
} member;

static int member_read(void *ctx, uint8_t *out, size_t cap, size_t *n, bool *eof)
{
	member *m = ctx;
	*n = 0;
	*eof = false;
	while (*n < cap) {
		zip_int64_t k = zip_fread(m->zf, out + *n, cap - *n);
		if (k < 0) {
			snprintf(m->msg, sizeof m->msg, "corrupt data in the member after %llu bytes of it: %s",
				 (unsigned long long)(m->out + *n), zip_file_strerror(m->zf));
			return DD_EPARSE;
		}
		if (k == 0) { *eof = true; break; }
		*n += (size_t)k;
	}
	/* The first block holds the member's start: a compressed file inside
	 * the archive would otherwise read as a garbled CSV header. */
	const char *kind = m->out == 0 ? dd__container_kind(out, *n) : NULL;
	const dd_textenc *wide = m->out == 0 ? dd__textenc_wide(out, *n) : NULL;
	m->out += *n;
	if (kind) {
		snprintf(m->msg, sizeof m->msg, "the member is itself a %s file, which is not read inside a zip "
			 "archive: extract it and import it directly", kind);
		return DD_EFORMAT;
	}
	if (wide) {
		dd__textenc_message(wide, m->msg, sizeof m->msg);
		return DD_EFORMAT;
	}
	return 0;
}

static uint64_t member_consumed(void *ctx)
{
	const member *m = ctx;
	if (m->size == 0) return m->base + m->comp_size;
	uint64_t out = m->out < m->size ? m->out : m->size;
	return m->base + (uint64_t)((unsigned __int128)m->comp_size * out / m->size);
}

/* Line number of offset off: read the member again from its start (only on
 * the error path, once the reader thread has stopped). */
static uint64_t member_line_of(void *ctx, uint64_t off)
{
	member *m = ctx;
	zip_file_t *zf = zip_fopen_index(m->za, m->index, 0);
	size_t bs = (size_t)1 << 20;
	char *buf = malloc(bs);
	uint64_t lines = 1, pos = 0;
	while (zf && buf && pos < off) {
		size_t want = (size_t)(off - pos < bs ? off - pos : bs);
		zip_int64_t k = zip_fread(zf, buf, want);
		if (k <= 0) break;
		lines += dd__csv_count_newlines(buf, (size_t)k);
		pos += (uint64_t)k;
	}
	free(buf);
	if (zf) zip_fclose(zf);
	return zf && pos == off ? lines : 0;
}

static const char *method_name(int32_t m)
{
	switch (m) {
	case ZIP_CM_SHRINK: return "Shrink";
	case ZIP_CM_REDUCE_1: case ZIP_CM_REDUCE_2: case ZIP_CM_REDUCE_3: case ZIP_CM_REDUCE_4: return "Reduce";
	case ZIP_CM_IMPLODE: return "Implode";
	case ZIP_CM_DEFLATE64: return "Deflate64";
	case ZIP_CM_PKWARE_IMPLODE: return "PKWARE DCL Implode";
	case ZIP_CM_BZIP2: return "bzip2";
	case ZIP_CM_LZMA: return "LZMA";
	case ZIP_CM_TERSE: return "IBM TERSE";
	case ZIP_CM_LZ77: return "IBM LZ77";
	case 93: return "Zstandard";
	case ZIP_CM_XZ: return "XZ";
	case ZIP_CM_PPMD: return "PPMd";
	}
	return "an unknown method";
}

static const char *encryption_name(uint16_t e)
{
	switch (e) {
	case ZIP_EM_TRAD_PKWARE: return "traditional PKWARE encryption (ZipCrypto)";
	case ZIP_EM_AES_128: return "WinZip AES-128";
	case ZIP_EM_AES_192: return "WinZip AES-192";
	case ZIP_EM_AES_256: return "WinZip AES-256";
	}
	return "PKWARE strong encryption";
}

/* Refuse a member the directory already shows cannot be read. */
static int check_entry(const char *archive, const entry *e)
{
	if (e->encryption != ZIP_EM_NONE)
		return dd_error_set(DD_EFORMAT, "%s: %s: the member is encrypted with %s: encrypted archives are "
				    "not read; extract it with its password and import the CSV", archive, e->name,
				    encryption_name(e->encryption));
	if (e->method >= 0 && !zip_compression_method_supported(e->method, 0))
		return dd_error_set(DD_EFORMAT, "%s: %s: the member is compressed with %s (zip method %d), which "
				    "this build cannot decompress: re-create the archive with Deflate, or extract "
				    "it and import the CSV", archive, e->name, method_name(e->method), (int)e->method);
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* The file members in name order; directories and macOS's __MACOSX/
 * metadata (resource forks: never billing data, and never meant to be seen)
 * left out. DD_ENOTFOUND when nothing is left. */
static int list_members(const char *archive, zip_t *za, entry **out, size_t *nout)
{
	zip_int64_t n = zip_get_num_entries(za, 0);
	if (n <= 0) return dd_error_set(DD_ENOTFOUND, "%s: empty zip archive: it has no members to import", archive);
	entry *v = calloc((size_t)n, sizeof *v);
	if (!v) return dd_error_set(DD_ENOMEM, "out of memory");
	size_t nv = 0, dirs = 0, meta = 0;
	for (zip_uint64_t i = 0; i < (zip_uint64_t)n; i++) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(za, i, 0, &st) != 0) {
			int rc = dd_error_set(DD_EPARSE, "%s: member %llu: %s", archive, (unsigned long long)i + 1,
					      zip_strerror(za));
			free(v);
			return rc;
		}
		const char *name = (st.valid & ZIP_STAT_NAME) && st.name ? st.name : "";
		size_t len = strlen(name);
		if (len && name[len - 1] == '/') { dirs++; continue; }
		if (strncmp(name, "__MACOSX/", 9) == 0) { meta++; continue; }
		entry *e = &v[nv++];
		e->name = name;
		e->index = i;
		e->size = st.valid & ZIP_STAT_SIZE ? st.size : 0;
		e->comp_size = st.valid & ZIP_STAT_COMP_SIZE ? st.comp_size : 0;
		e->method = st.valid & ZIP_STAT_COMP_METHOD ? st.comp_method : -1;
		e->encryption = st.valid & ZIP_STAT_ENCRYPTION_METHOD ? st.encryption_method : ZIP_EM_NONE;
	}
	if (nv == 0) {
		free(v);
		if (dirs)
			return dd_error_set(DD_ENOTFOUND, "%s: the zip archive holds only directories (%zu), no files "
					    "to import", archive, dirs);
		return dd_error_set(DD_ENOTFOUND, "%s: the zip archive holds only macOS metadata (__MACOSX/, %zu "
				    "members), no files to import", archive, meta);
	}
	qsort(v, nv, sizeof *v, cmp_entry);
	*out = v;
	*nout = nv;
	return 0;
}

static int import_member(dd_ingest_ctx *c, zip_t *za, const entry *e, uint64_t base, uint64_t total)
{
	char *name;
	if (asprintf(&name, "%s: %s", c->name, e->name) < 0) return dd_error_set(DD_ENOMEM, "out of memory");
	dd_ingest_ctx mc = *c;
	mc.name = name;
	member m = {.za = za, .index = e->index, .size = e->size, .comp_size = e->comp_size, .base = base};
	int rc;
	if (!(m.zf = zip_fopen_index(za, e->index, 0))) {
		rc = dd_error_set(DD_EPARSE, "%s: cannot read the member: %s", name, zip_strerror(za));
	} else {
		dd_stream_src src = {&m, member_read, member_consumed, member_line_of, m.msg, total};
		rc = dd__stream_ingest(&mc, &src);
		zip_fclose(m.zf);
	}
	free(name);
	return rc;
}

/* libzip's reason an archive does not open, as our code and message. */
static int open_failed(const char *archive, zip_error_t *ze)
{
	int code = zip_error_code_zip(ze);
	if (code == ZIP_ER_MEMORY) return dd_error_set(DD_ENOMEM, "%s: out of memory opening the zip archive", archive);
	if (code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_SEEK || code == ZIP_ER_TELL)
		return dd_error_set(DD_EIO, "%s: cannot read the zip archive: %s", archive, zip_error_strerror(ze));
	return dd_error_set(DD_EPARSE, "%s: not a readable zip archive (truncated or corrupt): %s", archive,
			    zip_error_strerror(ze));
}

int dd__zip_ingest(dd_ingest_ctx *c, const uint8_t *mem, int fd, uint64_t size)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = NULL;
	if (mem) {
		src = zip_source_buffer_create(mem, size, 0, &ze);
	} else {
		/* libzip closes the FILE with the archive: give it its own
		 * descriptor (ours stays the caller's; reads elsewhere use pread) */
		int dfd = dup(fd);
		FILE *f = dfd >= 0 ? fdopen(dfd, "rb") : NULL;
		if (!f) {
			if (dfd >= 0) close(dfd);
			zip_error_fini(&ze);
			return dd_error_set(DD_EIO, "%s: cannot open the zip archive", c->name);
		}
		if (!(src = zip_source_filep_create(f, 0, -1, &ze))) fclose(f);
	}
	zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!za) {
		int rc = open_failed(c->name, &ze);
		if (src) zip_source_free(src);
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	entry *v = NULL;
	size_t n = 0;
	int rc = list_members(c->name, za, &v, &n);
	for (size_t i = 0; i < n && !rc; i++) rc = check_entry(c->name, &v[i]);
	uint64_t base = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		rc = import_member(c, za, &v[i], base, size);
		base += v[i].comp_size;
	}
	free(v);
	zip_discard(za);
	return rc;
}
