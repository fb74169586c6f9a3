/* test_file.c: dd_file_replace, the one atomic writer (book edits, --out,
 * --html, --book, --credits-out): a new file gets 0666 less the umask, an
 * existing one keeps its mode, a failure leaves what was there and no
 * temporary file, and the message names the path; and dd_error_set may
 * take the last error as an argument (a caller's prefix). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "drawdown.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/dd_file_XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) return NULL;
	static char buf[256];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* entries in dir besides . and .. */
static int entries(void)
{
	DIR *d = opendir(dir);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));) n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static void test_new_and_replaced(void **state)
{
	(void)state;
	char p[128];
	snprintf(p, sizeof p, "%s/a.txt", dir);
	mode_t old = umask(022);
	assert_int_equal(dd_file_replace(p, "one\n", 4), 0);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644); /* 0666 less 022 */
	assert_string_equal(slurp(p), "one\n");
	assert_int_equal(chmod(p, 0640), 0);
	assert_int_equal(dd_file_replace(p, "two", 3), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640); /* kept */
	assert_string_equal(slurp(p), "two");
	assert_int_equal(dd_file_replace(p, NULL, 0), 0); /* empty */
	assert_string_equal(slurp(p), "");
	assert_int_equal(entries(), 1);
	umask(old);
}

static void test_failures_leave_things(void **state)
{
	(void)state;
	char p[128], sub[128];
	snprintf(p, sizeof p, "%s/no/such/dir/x", dir);
	assert_int_equal(dd_file_replace(p, "x", 1), DD_EIO);
	assert_non_null(strstr(dd_error_last(), "cannot create"));
	assert_non_null(strstr(dd_error_last(), p));
	/* a directory at the path: the rename fails, the directory stays, no
	 * temporary file is left */
	snprintf(sub, sizeof sub, "%s/d", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	int before = entries();
	assert_int_equal(dd_file_replace(sub, "x", 1), DD_EIO);
	assert_non_null(strstr(dd_error_last(), "cannot replace"));
	struct stat st;
	assert_int_equal(stat(sub, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(entries(), before);
	assert_int_equal(dd_file_replace(NULL, "x", 1), DD_EUSAGE);
}

static void test_error_prefix(void **state)
{
	(void)state;
	dd_error_set(DD_EIO, "cannot write %s: %s", "b.yaml", "No space left on device");
	assert_int_equal(dd_error_set(DD_EIO, "%s: %s", "book.yaml", dd_error_last()), DD_EIO);
	assert_string_equal(dd_error_last(), "book.yaml: cannot write b.yaml: No space left on device");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_and_replaced),
		cmocka_unit_test(test_failures_leave_things),
		cmocka_unit_test(test_error_prefix),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
