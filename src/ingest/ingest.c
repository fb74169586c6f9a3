/* ingest.c: the importer's entry points. Decides what a path is (directory,
 * CUR manifest, gzip, Parquet, zip, CSV: from content, not from names, except
 * that directories pick files by extension; a pipe, FIFO or "-" for standard
 * input is a stream) and hands it to the reader. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libgen.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest_int.h"
#include "textenc.h"

const char *dd_format_name(dd_format f)
{
	switch (f) {
	case DD_FORMAT_AUTO: return "auto";
	case DD_FORMAT_AGGREGATED: return "aggregated";
	case DD_FORMAT_CUR: return "cur";
	case DD_FORMAT_CUR2: return "cur2";
	case DD_FORMAT_FOCUS: return "focus";
	}
	return "unknown";
}

int dd_format_parse(const char *s, dd_format *out)
{
	static const dd_format all[] = {DD_FORMAT_AUTO, DD_FORMAT_AGGREGATED, DD_FORMAT_CUR,
					DD_FORMAT_CUR2, DD_FORMAT_FOCUS};
	for (size_t i = 0; s && i < sizeof all / sizeof all[0]; i++)
		if (strcasecmp(s, dd_format_name(all[i])) == 0) { *out = all[i]; return 0; }
	return dd_error_set(DD_EUSAGE, "unknown format \"%s\": expected auto, aggregated, cur, cur2 or focus",
			    s ? s : "");
}

void dd_ingest_report_dispose(dd_ingest_report *r)
{
	if (!r) return;
	for (size_t i = 0; i < r->nunknown; i++) free(r->unknown_types[i].name);
	for (size_t i = 0; i < r->nskipped_providers; i++) free(r->skipped_providers[i].name);
	for (size_t i = 0; i < r->nignored_files; i++) free(r->ignored_files[i]);
	free(r->unknown_types);
	free(r->skipped_providers);
	free(r->ignored_files);
	memset(r, 0, sizeof *r);
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && strcasecmp(s + a - b, suf) == 0;
}

static int wide_text_error(const char *name, const dd_textenc *e)
{
	char msg[200];
	dd__textenc_message(e, msg, sizeof msg);
	return dd_error_set(DD_EFORMAT, "%s: %s", name, msg);
}

/* Content-detected import of one buffer or open file. */
static int ingest_data(dd_ingest_ctx *c, const char *mem, int fd, uint64_t size, const char *path)
{
	unsigned char magic[DD_TEXTENC_PROBE] = {0};
	size_t have = size < sizeof magic ? (size_t)size : sizeof magic;
	if (mem) memcpy(magic, mem, have);
	else if (have && pread(fd, magic, have, 0) != (ssize_t)have)
		return dd_error_set(DD_EIO, "%s: read error: %s", c->name, strerror(errno));
	const char *kind = dd__container_kind(magic, have);
	const dd_textenc *wide = kind ? NULL : dd__textenc_wide(magic, have);
	if (wide) return wide_text_error(c->name, wide);
	if (kind && !strcmp(kind, "gzip")) return dd__gz_ingest(c, (const uint8_t *)mem, fd, size);
	if (kind && !strcmp(kind, "Parquet")) {
		if (mem) return dd__parquet_ingest(c, (const uint8_t *)mem, (size_t)size, NULL);
		return dd__parquet_ingest(c, NULL, 0, path);
	}
	if (kind && !strcmp(kind, "zip")) return dd__zip_ingest(c, (const uint8_t *)mem, fd, size);
	if (size == 0) return dd_error_set(DD_EPARSE, "%s:1:1: empty file: expected a header line", c->name);
	return dd__csv_ingest(c, mem, fd, size);
}

static int ingest_file(dd_ingest_ctx *c, const char *path);

/* ---- directories ----------------------------------------------------- */

typedef struct {
	char **v;
	size_t n, cap;
} strvec;

static int strvec_push(strvec *sv, const char *s)
{
	if (sv->n == sv->cap) {
		size_t nc = sv->cap ? sv->cap * 2 : 16;
		char **nv = realloc(sv->v, nc * sizeof *nv);
		if (!nv) return dd_error_set(DD_ENOMEM, "out of memory");
		sv->v = nv;
		sv->cap = nc;
	}
	if (!(sv->v[sv->n] = strdup(s))) return dd_error_set(DD_ENOMEM, "out of memory");
	sv->n++;
	return 0;
}

static void strvec_free(strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++) free(sv->v[i]);
	free(sv->v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool importable_name(const char *n)
{
	return has_suffix(n, ".csv") || has_suffix(n, ".csv.gz") || has_suffix(n, ".csv.zip") ||
	       has_suffix(n, ".parquet");
}

static int collect(const char *dir, strvec *out, int depth)
{
	if (depth > 32) return dd_error_set(DD_EINVALID, "%s: directories nested too deep", dir);
	DIR *d = opendir(dir);
	if (!d) return dd_error_set(DD_EIO, "%s: cannot open directory: %s", dir, strerror(errno));
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(d))) {
		if (e->d_name[0] == '.') continue;
		char *p;
		if (asprintf(&p, "%s/%s", dir, e->d_name) < 0) { rc = dd_error_set(DD_ENOMEM, "out of memory"); break; }
		struct stat st;
		if (stat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode)) rc = collect(p, out, depth + 1);
			else if (S_ISREG(st.st_mode) && importable_name(e->d_name)) rc = strvec_push(out, p);
		}
		free(p);
	}
	closedir(d);
	return rc;
}

static int ingest_dir(dd_ingest_ctx *c, const char *dir)
{
	strvec files = {0};
	int rc = collect(dir, &files, 0);
	if (!rc) {
		qsort(files.v, files.n, sizeof *files.v, cmp_str);
		if (files.n == 0)
			rc = dd_error_set(DD_ENOTFOUND, "%s: no *.csv, *.csv.gz, *.csv.zip or *.parquet files in this directory", dir);
	}
	for (size_t i = 0; i < files.n && !rc; i++) rc = ingest_file(c, files.v[i]);
	strvec_free(&files);
	return rc;
}

/* ---- manifests ----------------------------------------------------------- */

/* The file in dir named `base`, or else the one file whose name ends with
 * it (local copies often carry a prefix), in *out (caller frees). Else
 * DD_ENOTFOUND (none), DD_EINVALID (several) or DD_ENOMEM, with its message. */
static int find_part(const char *manifest, const char *dir, const char *base, char **out)
{
	char *p;
	if (asprintf(&p, "%s/%s", dir, base) < 0) return dd_error_set(DD_ENOMEM, "%s: out of memory", manifest);
	if (access(p, R_OK) == 0) {
		*out = p;
		return 0;
	}
	free(p);
	p = NULL;
	DIR *d = opendir(dir);
	int matches = 0, rc = 0;
	struct dirent *e;
	while (!rc && d && (e = readdir(d))) {
		if (e->d_name[0] == '.' || !has_suffix(e->d_name, base)) continue;
		matches++;
		free(p);
		if (asprintf(&p, "%s/%s", dir, e->d_name) < 0) {
			p = NULL;
			rc = dd_error_set(DD_ENOMEM, "%s: out of memory", manifest);
		}
	}
	if (d) closedir(d);
	if (!rc && matches == 1) {
		*out = p;
		return 0;
	}
	free(p);
	if (rc) return rc;
	if (matches == 0)
		return dd_error_set(DD_ENOTFOUND, "%s: part \"%s\" listed in the manifest is not in %s", manifest, base,
				    dir);
	return dd_error_set(DD_EINVALID, "%s: part \"%s\" matches %d files in %s", manifest, base, matches, dir);
}

/* The first bytes of a JSON file: jansson reads UTF-8 only. */
static const dd_textenc *json_wide(const char *path)
{
	uint8_t head[DD_TEXTENC_PROBE];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(head, 1, sizeof head, f) : 0;
	if (f) fclose(f);
	return dd__textenc_wide(head, n);
}

static int ingest_manifest(dd_ingest_ctx *c, const char *path)
{
	json_error_t je;
	const dd_textenc *wide = json_wide(path);
	if (wide) return wide_text_error(path, wide);
	json_t *root = json_load_file(path, 0, &je);
	if (!root)
		return dd_error_set(DD_EPARSE, "%s:%d:%d: invalid JSON: %s", path, je.line, je.column, je.text);
	json_t *parts = json_object_get(root, "reportKeys");
	if (!json_is_array(parts)) parts = json_object_get(root, "dataFiles");
	int rc = 0;
	if (!json_is_array(parts)) {
		rc = dd_error_set(DD_EFORMAT, "%s: not a JSON file drawdown reads: expected a CUR manifest (with a "
				  "\"reportKeys\" (CUR) or \"dataFiles\" (CUR 2.0) list) or AWS Billing API output: "
				  "that of `aws billing get-credits` (with a \"credits\" list) or of `aws billing "
				  "get-credit-allocation-history` (with a \"creditAllocationHistoryList\")", path);
		json_decref(root);
		return rc;
	}
	char *dcopy = strdup(path);
	const char *dir = dcopy ? dirname(dcopy) : ".";
	size_t i;
	json_t *v;
	json_array_foreach(parts, i, v) {
		if (rc) break;
		const char *key = json_string_value(v);
		if (!key) { rc = dd_error_set(DD_EPARSE, "%s: part %zu: expected a string", path, i + 1); break; }
		const char *slash = strrchr(key, '/');
		const char *base = slash ? slash + 1 : key;
		char *part = NULL;
		if ((rc = find_part(path, dir, base, &part))) break;
		rc = ingest_file(c, part);
		free(part);
	}
	free(dcopy);
	json_decref(root);
	return rc;
}

/* ---- files ----------------------------------------------------------- */

/* A FIFO is opened without blocking (open(2) would wait for a writer with
 * no way out), then made blocking again, and we wait in poll(2) for the
 * first data or the writer's close, as `cat` waits for data: reading a
 * FIFO nobody has opened yet would otherwise see its end at once. */
static int open_stream(const char *path, const struct stat *st, int *fd)
{
	*fd = open(path, O_RDONLY | O_CLOEXEC | (S_ISFIFO(st->st_mode) ? O_NONBLOCK : 0));
	if (*fd < 0) return dd_error_set(DD_EIO, "%s: %s", path, strerror(errno));
	if (!S_ISFIFO(st->st_mode)) return 0;
	int fl = fcntl(*fd, F_GETFL);
	struct pollfd pf = {*fd, POLLIN, 0};
	int rc;
	if (fl < 0 || fcntl(*fd, F_SETFL, fl & ~O_NONBLOCK) < 0) rc = -1;
	else while ((rc = poll(&pf, 1, -1)) < 0 && errno == EINTR) {}
	if (rc >= 0) return 0;
	rc = dd_error_set(DD_EIO, "%s: %s", path, strerror(errno));
	close(*fd);
	return rc;
}

/* Anything but a regular file (a pipe, a FIFO, /dev/stdin on a pipe, a
 * terminal) is read front to back as a stream: its st_size says nothing. */
static int ingest_stream(dd_ingest_ctx *c, const char *path, const struct stat *st)
{
	int fd, rc = open_stream(path, st, &fd);
	if (rc) return rc;
	dd_ingest_ctx fc = *c;
	fc.name = path;
	rc = dd__pipe_ingest(&fc, fd);
	close(fd);
	return rc;
}

/* "-": standard input; a stream unless it was redirected from a file. */
static int ingest_stdin(dd_ingest_ctx *c)
{
	struct stat st;
	dd_ingest_ctx fc = *c;
	fc.name = "stdin";
	if (fstat(STDIN_FILENO, &st) != 0) return dd_error_set(DD_EIO, "stdin: %s", strerror(errno));
	if (S_ISREG(st.st_mode)) return ingest_data(&fc, NULL, STDIN_FILENO, (uint64_t)st.st_size, "/dev/stdin");
	if (S_ISDIR(st.st_mode)) return dd_error_set(DD_EIO, "stdin: is a directory");
	return dd__pipe_ingest(&fc, STDIN_FILENO);
}

static int ingest_file(dd_ingest_ctx *c, const char *path)
{
	struct stat st;
	if (!strcmp(path, "-")) return ingest_stdin(c);
	if (stat(path, &st) != 0) return dd_error_set(DD_EIO, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode)) return ingest_dir(c, path);
	if (!S_ISREG(st.st_mode)) return ingest_stream(c, path, &st);
	if (has_suffix(path, ".json")) return ingest_manifest(c, path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return dd_error_set(DD_EIO, "%s: %s", path, strerror(errno));
	dd_ingest_ctx fc = *c;
	fc.name = path;
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	int rc = ingest_data(&fc, NULL, fd, (uint64_t)st.st_size, path);
	close(fd);
	return rc;
}

int dd_ingest_path(const char *path, const dd_ingest_options *opt, dd_agg *agg, dd_ingest_report *report)
{
	dd_error_clear();
	if (!path || !agg) return dd_error_set(DD_EUSAGE, "dd_ingest_path: path and agg are required");
	dd_ingest_options defaults = {0};
	dd_ingest_ctx c = {path, opt ? opt : &defaults, agg, report};
	return ingest_file(&c, path);
}

int dd_ingest_buffer(const char *name, const char *data, size_t len, const dd_ingest_options *opt,
		     dd_agg *agg, dd_ingest_report *report)
{
	dd_error_clear();
	if (!agg || (!data && len)) return dd_error_set(DD_EUSAGE, "dd_ingest_buffer: data and agg are required");
	dd_ingest_options defaults = {0};
	dd_ingest_ctx c = {name ? name : "<buffer>", opt ? opt : &defaults, agg, report};
	return ingest_data(&c, data ? data : "", -1, len, NULL);
}
