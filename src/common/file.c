/* file.c: the one atomic file writer of drawdown (the book edits, the CLI's
 * --out, --html, --book and --credits-out): a failed write leaves what was
 * there untouched, and a reader never sees half a file. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drawdown/common.h"

/* The rename lasts once the directory is on disk too. */
static void sync_dir(const char *path)
{
	char *dir = strdup(path);
	int dfd = dir ? open(dirname(dir), O_RDONLY | O_DIRECTORY) : -1;
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	free(dir);
}

int dd_file_replace(const char *path, const char *text, size_t len)
{
	if (!path || (!text && len)) return dd_error_set(DD_EUSAGE, "dd_file_replace: path and text are required");
	struct stat st;
	bool existed = stat(path, &st) == 0;
	size_t n = strlen(path);
	char *tmp = malloc(n + 8);
	if (!tmp) return dd_error_set(DD_ENOMEM, "out of memory");
	memcpy(tmp, path, n);
	memcpy(tmp + n, ".XXXXXX", 8);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int rc = dd_error_set(DD_EIO, "cannot create %s: %s", path, strerror(errno));
		free(tmp);
		return rc;
	}
	const char *what = NULL;
	int err = 0;
	/* mkstemp makes the file 0600: an existing file keeps its mode (and its
	 * owner, when allowed: root editing another's book), a new one is as
	 * readable as any other file the user makes */
	mode_t mode;
	if (existed) {
		mode = st.st_mode & 07777;
	} else {
		mode_t um = umask(0);
		umask(um);
		mode = 0666 & ~um;
	}
	if (fchmod(fd, mode) != 0) what = "cannot set the mode of", err = errno;
	if (!what && existed && (st.st_uid != geteuid() || st.st_gid != getegid()))
		(void)!fchown(fd, st.st_uid, st.st_gid); /* not allowed: the writer owns it, same mode */
	for (size_t off = 0; !what && off < len;) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR) continue;
		if (w <= 0) what = "cannot write", err = w < 0 ? errno : EIO;
		else off += (size_t)w;
	}
	if (!what && fsync(fd) != 0) what = "cannot write", err = errno;
	if (close(fd) != 0 && !what) what = "cannot write", err = errno;
	if (!what && rename(tmp, path) != 0) what = "cannot replace", err = errno;
	int rc = 0;
	if (what) {
		rc = dd_error_set(DD_EIO, "%s %s: %s", what, path, strerror(err));
		unlink(tmp);
	} else {
		sync_dir(path);
	}
	free(tmp);
	return rc;
}
