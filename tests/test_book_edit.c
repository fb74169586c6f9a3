/* test_book_edit.c: adding an entry to a book's list as a text edit
 * (book_edit.h). Each layout of a list (block, indentless, set apart by
 * blank lines, with comments under its last entry, ending in a block
 * scalar, flow, empty, absent) gives exactly the expected text, every other
 * byte kept; values are written so they read back as the same text (quoting
 * and escapes, checked by loading the result); files that cannot be edited
 * are refused. dd_book_append on files: the file holding the list (an
 * include), refusals that leave the file byte-identical, the mode and a
 * symbolic link kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "drawdown.h"

static dd_book_entry *incident(const char *id)
{
	dd_book_entry *e = dd_book_entry_new();
	assert_non_null(e);
	assert_int_equal(dd_book_entry_value(e, "id", id), 0);
	assert_int_equal(dd_book_entry_value(e, "service", "AmazonEC2"), 0);
	assert_int_equal(dd_book_entry_value(e, "sla", "ec2-region"), 0);
	assert_int_equal(dd_book_entry_value(e, "start", "2026-10-03T14:05:00Z"), 0);
	assert_int_equal(dd_book_entry_value(e, "end", "2026-10-03T19:35:00Z"), 0);
	return e;
}

/* The edit of text with entry e (NULL: the incident "NEW"), which must be want. */
static void expect_edit(const char *text, dd_book_list list, dd_book_entry *e, const char *want, int want_line,
			int want_nlines)
{
	dd_book_entry *own = e ? NULL : incident("NEW");
	char *out = NULL;
	size_t len = 0;
	int line = -1, nlines = -1;
	int rc = dd_book_edit_text("t.yaml", text, strlen(text), list, e ? e : own, &out, &len, &line, &nlines);
	if (rc) print_message("%s\n", dd_error_last());
	assert_int_equal(rc, 0);
	assert_string_equal(out, want);
	assert_int_equal(len, strlen(want));
	assert_int_equal(line, want_line);
	assert_int_equal(nlines, want_nlines);
	free(out);
	dd_book_entry_free(own);
}

#define NEW_ENTRY(dash, col)                                                                                        \
	dash "- " col "id: NEW\n" dash "  " col "service: AmazonEC2\n" dash "  " col "sla: ec2-region\n" dash       \
	     "  " col "start: 2026-10-03T14:05:00Z\n" dash "  " col "end: 2026-10-03T19:35:00Z\n"

static void test_block_list(void **state)
{
	/* After the last line of the last entry, before what follows the list. */
	expect_edit("organization: { payer: '1' }  # the payer\n"
		    "incidents:\n"
		    "  - id: A\n"
		    "    service: AmazonEC2 # trailing comment\n"
		    "  - { id: B, service: AmazonEC2 }\n"
		    "\n"
		    "# the credits\n"
		    "credits: []\n",
		    DD_BOOK_LIST_INCIDENTS, NULL,
		    "organization: { payer: '1' }  # the payer\n"
		    "incidents:\n"
		    "  - id: A\n"
		    "    service: AmazonEC2 # trailing comment\n"
		    "  - { id: B, service: AmazonEC2 }\n" NEW_ENTRY("  ", "")
		    "\n"
		    "# the credits\n"
		    "credits: []\n",
		    6, 5);
	/* Indentless ("- " at the key's column), and fields further in. */
	expect_edit("incidents:\n- id: A\n  end: x\ncredits:\n",
		    DD_BOOK_LIST_INCIDENTS, NULL, "incidents:\n- id: A\n  end: x\n" NEW_ENTRY("", "") "credits:\n", 4, 5);
	expect_edit("incidents:\n    -   id: A\n        end: x\n",
		    DD_BOOK_LIST_INCIDENTS, NULL, "incidents:\n    -   id: A\n        end: x\n" NEW_ENTRY("    ", "  "), 4, 5);
	/* The last entry's nested block list, and comments indented under it. */
	expect_edit("incidents:\n"
		    "  - id: A\n"
		    "    accounts:\n"
		    "      - '2'\n"
		    "      # more to come\n"
		    "    # about A\n"
		    "  # - id: OLD (not under A)\n"
		    "credits:\n",
		    DD_BOOK_LIST_INCIDENTS, NULL,
		    "incidents:\n"
		    "  - id: A\n"
		    "    accounts:\n"
		    "      - '2'\n"
		    "      # more to come\n"
		    "    # about A\n" NEW_ENTRY("  ", "")
		    "  # - id: OLD (not under A)\n"
		    "credits:\n",
		    7, 5);
	/* The end of the file, with and without its last line break. */
	expect_edit("incidents:\n  - id: A", DD_BOOK_LIST_INCIDENTS, NULL, "incidents:\n  - id: A\n" NEW_ENTRY("  ", ""), 3,
		    5);
	expect_edit("incidents:\n  - id: A\n\n\n", DD_BOOK_LIST_INCIDENTS, NULL,
		    "incidents:\n  - id: A\n" NEW_ENTRY("  ", "") "\n\n", 3, 5);
}

/* Entries set apart by blank lines (and a comment above each) get one too. */
static void test_separated(void **state)
{
	dd_book_entry *e = dd_book_entry_new();
	assert_int_equal(dd_book_entry_value(e, "id", "SLA-X"), 0);
	assert_int_equal(dd_book_entry_value(e, "type", "sla"), 0);
	assert_int_equal(dd_book_entry_list(e, "services", (const char *const[]){"AmazonEC2"}, 1), 0);
	expect_edit("credits:\n"
		    "  # first\n"
		    "  - id: A\n"
		    "    type: edp\n"
		    "\n"
		    "  # second\n"
		    "  # (two lines)\n"
		    "  - id: B\n"
		    "    type: map\n"
		    "\n"
		    "incidents: []\n",
		    DD_BOOK_LIST_CREDITS, e,
		    "credits:\n"
		    "  # first\n"
		    "  - id: A\n"
		    "    type: edp\n"
		    "\n"
		    "  # second\n"
		    "  # (two lines)\n"
		    "  - id: B\n"
		    "    type: map\n"
		    "\n"
		    "  - id: SLA-X\n"
		    "    type: sla\n"
		    "    services: [\"AmazonEC2\"]\n"
		    "\n"
		    "incidents: []\n",
		    10, 4);
	/* One entry alone says nothing about separation. */
	expect_edit("credits:\n\n  - id: A\n", DD_BOOK_LIST_CREDITS, e,
		    "credits:\n\n  - id: A\n  - id: SLA-X\n    type: sla\n    services: [\"AmazonEC2\"]\n", 4, 3);
	dd_book_entry_free(e);
}

/* A block scalar's end, for libyaml, is the next line less indented (after
 * the blank lines and some of its spaces): the entry goes after the
 * scalar's last line, or after its kept blank lines (|+). */
static void test_block_scalar(void **state)
{
	expect_edit("incidents:\n"
		    "  - id: A\n"
		    "    impact: |\n"
		    "      line one\n"
		    "\n"
		    "      line two\n"
		    "\n"
		    "  # next\n"
		    "credits:\n",
		    DD_BOOK_LIST_INCIDENTS, NULL,
		    "incidents:\n"
		    "  - id: A\n"
		    "    impact: |\n"
		    "      line one\n"
		    "\n"
		    "      line two\n" NEW_ENTRY("  ", "")
		    "\n"
		    "  # next\n"
		    "credits:\n",
		    7, 5);
	expect_edit("incidents:\n  - impact: >+\n      kept\n\n\ncredits:\n", DD_BOOK_LIST_INCIDENTS, NULL,
		    "incidents:\n  - impact: >+\n      kept\n\n\n" NEW_ENTRY("  ", "") "credits:\n", 6, 5);
	expect_edit("incidents:\n  - impact: |-\n      at the end", DD_BOOK_LIST_INCIDENTS, NULL,
		    "incidents:\n  - impact: |-\n      at the end\n" NEW_ENTRY("  ", ""), 4, 5);
	/* A scalar written after the block scalar, in the same entry, is the end. */
	expect_edit("incidents:\n  - impact: |\n      x\n    id: A\n", DD_BOOK_LIST_INCIDENTS, NULL,
		    "incidents:\n  - impact: |\n      x\n    id: A\n" NEW_ENTRY("  ", ""), 5, 5);
}

static void test_flow_and_empty(void **state)
{
	dd_book_entry *e = dd_book_entry_new();
	assert_int_equal(dd_book_entry_value(e, "id", "N"), 0);
	assert_int_equal(dd_book_entry_value(e, "start", "2026-10-03T14:05:00Z"), 0);
	/* A flow list: ", { ... }" after the last entry; ':' is quoted in flow. Columns count characters. */
	expect_edit("incidents: [{ id: \"caf\xc3\xa9\" }, { id: B }]  # \xc3\xa9\n", DD_BOOK_LIST_INCIDENTS, e,
		    "incidents: [{ id: \"caf\xc3\xa9\" }, { id: B }, { id: N, start: \"2026-10-03T14:05:00Z\" }]  # \xc3\xa9\n", 1,
		    0);
	expect_edit("incidents: [\n  {id: A},\n]\n", DD_BOOK_LIST_INCIDENTS, e,
		    "incidents: [\n  {id: A}, { id: N, start: \"2026-10-03T14:05:00Z\" },\n]\n", 2, 0);
	/* Nothing yet: the value becomes a block list. */
	expect_edit("incidents:\ncredits:\n", DD_BOOK_LIST_INCIDENTS, NULL, "incidents:\n" NEW_ENTRY("  ", "") "credits:\n",
		    2, 5);
	expect_edit("incidents:   # none yet\n", DD_BOOK_LIST_INCIDENTS, NULL,
		    "incidents:   # none yet\n" NEW_ENTRY("  ", ""), 2, 5);
	expect_edit("incidents: ~  # none yet\n", DD_BOOK_LIST_INCIDENTS, NULL,
		    "incidents:  # none yet\n" NEW_ENTRY("  ", ""), 2, 5);
	expect_edit("incidents: []\nx: 1\n", DD_BOOK_LIST_INCIDENTS, NULL, "incidents:\n" NEW_ENTRY("  ", "") "x: 1\n", 2, 5);
	expect_edit("incidents: null", DD_BOOK_LIST_INCIDENTS, NULL, "incidents:\n" NEW_ENTRY("  ", ""), 2, 5);
	/* No key: at the end, after a blank line; the file's last line completed. */
	expect_edit("organization: { payer: '1' }\n# end\n", DD_BOOK_LIST_INCIDENTS, NULL,
		    "organization: { payer: '1' }\n# end\n\nincidents:\n" NEW_ENTRY("  ", ""), 3, 7);
	expect_edit("organization: { payer: '1' }", DD_BOOK_LIST_INCIDENTS, NULL,
		    "organization: { payer: '1' }\n\nincidents:\n" NEW_ENTRY("  ", ""), 2, 7);
	expect_edit("", DD_BOOK_LIST_CREDITS, e, "credits:\n  - id: N\n    start: 2026-10-03T14:05:00Z\n", 1, 3);
	expect_edit("# only a comment\n", DD_BOOK_LIST_CREDITS, e,
		    "# only a comment\n\ncredits:\n  - id: N\n    start: 2026-10-03T14:05:00Z\n", 2, 4);
	expect_edit("---\nx: 1\n...\n# after the document\n", DD_BOOK_LIST_CREDITS, e,
		    "---\nx: 1\n\ncredits:\n  - id: N\n    start: 2026-10-03T14:05:00Z\n...\n# after the document\n", 3, 4);
	/* The other list's key is not this one. */
	expect_edit("credits:\n  - id: A\n", DD_BOOK_LIST_INCIDENTS, e,
		    "credits:\n  - id: A\n\nincidents:\n  - id: N\n    start: 2026-10-03T14:05:00Z\n", 3, 4);
	dd_book_entry_free(e);
}

/* CRLF files get CRLF lines; a UTF-8 byte order mark is kept and not counted. */
static void test_line_ends(void **state)
{
	dd_book_entry *e = dd_book_entry_new();
	assert_int_equal(dd_book_entry_value(e, "id", "N"), 0);
	assert_int_equal(dd_book_entry_value(e, "sla", "eks"), 0);
	expect_edit("incidents:\r\n  - id: A\r\n\r\nx: 1\r\n", DD_BOOK_LIST_INCIDENTS, e,
		    "incidents:\r\n  - id: A\r\n  - id: N\r\n    sla: eks\r\n\r\nx: 1\r\n", 3, 2);
	expect_edit("x: 1", DD_BOOK_LIST_INCIDENTS, e, "x: 1\n\nincidents:\n  - id: N\n    sla: eks\n", 2, 4);
	expect_edit("x: 1\r\n", DD_BOOK_LIST_INCIDENTS, e, "x: 1\r\n\r\nincidents:\r\n  - id: N\r\n    sla: eks\r\n", 2, 4);
	expect_edit("\xef\xbb\xbfincidents: [{id: \xc3\xa9}]\n", DD_BOOK_LIST_INCIDENTS, e,
		    "\xef\xbb\xbfincidents: [{id: \xc3\xa9}, { id: N, sla: eks }]\n", 1, 0);
	dd_book_entry_free(e);
}

/* Values read back as exactly the text given: loaded as a book. */
static void test_values_round_trip(void **state)
{
	static const char *const texts[] = {
		"plain", "null", "NULL", "~", "", "true", "a: b", "a #b", "- x", "'single'", "\"double\"", "back\\slash",
		"two\nlines", "tab\there", "bell\a", "del\x7f", "nel\xc2\x85", "ls\xe2\x80\xa8", "bom\xef\xbb\xbf",
		"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", " leading and trailing ", "{ x }", "[1, 2]", "*alias", "&anchor",
		"!tag", "%percent", "@at", "`tick", "a,b", "50,000", "12:30", "x:",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		for (int kind = 0; kind < 2; kind++) {
			dd_book_entry *e = dd_book_entry_new();
			assert_int_equal(dd_book_entry_value(e, "id", "I"), 0);
			assert_int_equal(dd_book_entry_value(e, "service", "S"), 0);
			assert_int_equal(dd_book_entry_value(e, "sla", "eks"), 0);
			/* region is text read as written: dd_book_entry_value must quote what plain would change */
			int rc = kind ? dd_book_entry_value(e, "region", texts[i]) : dd_book_entry_text(e, "impact", texts[i]);
			assert_int_equal(rc, 0);
			const char *const res[] = {texts[i], "b"};
			assert_int_equal(dd_book_entry_list(e, "resources", res, 2), 0);
			assert_int_equal(dd_book_entry_value(e, "start", "2026-10-03T14:05:00Z"), 0);
			assert_int_equal(dd_book_entry_value(e, "end", "2026-10-03 19:35"), 0);
			const char *base = "organization: { payer: '1' }\n";
			char *out;
			size_t len;
			assert_int_equal(dd_book_edit_text("t.yaml", base, strlen(base), DD_BOOK_LIST_INCIDENTS, e, &out, &len,
							   NULL, NULL),
					 0);
			dd_book *b = NULL;
			dd_book_problems p;
			rc = dd_book_load_buffer("t.yaml", out, len, &b, &p);
			if (!texts[i][0]) {
				/* "" is a resource id the book refuses: that is the only problem */
				assert_int_equal(rc, DD_EINVALID);
				assert_int_equal(p.n, 1);
				assert_non_null(strstr(p.items[0].message, "a resource id cannot be empty"));
				dd_book_problems_dispose(&p);
				free(out);
				dd_book_entry_free(e);
				continue;
			}
			if (rc) {
				print_message("%s\n", out);
				for (size_t j = 0; j < p.n; j++) print_message("%d:%d %s\n", p.items[j].line, p.items[j].column, p.items[j].message);
			}
			assert_int_equal(rc, 0);
			const dd_incident *in = &b->incidents[0];
			const char *got = kind ? in->region : in->impact;
			assert_non_null(got);
			assert_string_equal(got, texts[i]);
			assert_string_equal(in->resources[0], texts[i]);
			assert_int_equal(in->end - in->start, 19800);
			dd_book_free(b);
			free(out);
			dd_book_entry_free(e);
		}
	}
	/* What is written plain, and what is quoted. */
	dd_book_entry *e = dd_book_entry_new();
	assert_int_equal(dd_book_entry_value(e, "a", "2026-10-03T14:05:00Z"), 0);
	assert_int_equal(dd_book_entry_value(e, "b", "1234.50"), 0);
	assert_int_equal(dd_book_entry_value(e, "c", "null"), 0);
	assert_int_equal(dd_book_entry_value(e, "d", "-5"), 0);
	assert_int_equal(dd_book_entry_value(e, "e", "arn:aws:s3:::bucket/key"), 0);
	assert_int_equal(dd_book_entry_text(e, "f", "plain"), 0);
	assert_int_equal(dd_book_entry_list(e, "g", NULL, 0), 0);
	assert_int_equal(dd_book_entry_text(e, "h", "q\"\\\n\t\x01\xc2\x85\xe2\x80\xa9\xef\xbb\xbf\xc2\xa0"), 0);
	expect_edit("", DD_BOOK_LIST_CREDITS, e,
		    "credits:\n  - a: 2026-10-03T14:05:00Z\n    b: 1234.50\n    c: \"null\"\n    d: \"-5\"\n"
		    "    e: arn:aws:s3:::bucket/key\n    f: \"plain\"\n    g: []\n"
		    "    h: \"q\\\"\\\\\\n\\t\\x01\\x85\\u2029\\uFEFF\xc2\xa0\"\n",
		    1, 9);
	dd_book_entry_free(e);
}

static void test_refused(void **state)
{
	dd_book_entry *e = incident("N");
	char *out = (char *)1;
	size_t len = 1;
	/* Values that are not UTF-8, bad keys, NULL values: refused when added, the entry unchanged. */
	dd_book_entry *f = dd_book_entry_new();
	assert_int_equal(dd_book_entry_text(f, "impact", "caf\xe9"), DD_EINVALID);
	assert_non_null(strstr(dd_error_last(), "impact: the text is not valid UTF-8"));
	assert_int_equal(dd_book_entry_value(f, "id", "\xc0\xaf"), DD_EINVALID); /* overlong */
	assert_int_equal(dd_book_entry_value(f, "id", "\xed\xa0\x80"), DD_EINVALID); /* a surrogate */
	assert_int_equal(dd_book_entry_list(f, "r", (const char *const[]){"ok", "\xff"}, 2), DD_EINVALID);
	assert_int_equal(dd_book_entry_value(f, "bad key", "x"), DD_EUSAGE);
	assert_int_equal(dd_book_entry_value(f, "", "x"), DD_EUSAGE);
	assert_int_equal(dd_book_entry_value(f, "k", NULL), DD_EUSAGE);
	assert_int_equal(dd_book_entry_value(NULL, "k", "x"), DD_EUSAGE);
	/* An entry without fields. */
	assert_int_equal(dd_book_edit_text("t.yaml", "", 0, DD_BOOK_LIST_CREDITS, f, &out, &len, NULL, NULL), DD_EUSAGE);
	assert_null(out);
	assert_int_equal(len, 0);
	dd_book_entry_free(f);
	static const struct {
		const char *text;
		size_t len;
		int rc;
		const char *msg;
	} bad[] = {
		{"\xff\xfei\0n\0", 6, DD_EINVALID, "t.yaml: the file is UTF-16 text"},
		{"{ incidents: [] }\n", 0, DD_EINVALID, "t.yaml: the top level is not a mapping of fields written one per line"},
		{"- a\n", 0, DD_EINVALID, "the top level is not a mapping"},
		{"incidents: { id: A }\n", 0, DD_EINVALID, "t.yaml:1:12: incidents: expected a list, got a mapping"},
		{"incidents: text\n", 0, DD_EINVALID, "t.yaml:1:12: incidents: expected a list, got \"text\""},
		{"x: &l [a]\nincidents: *l\n", 0, DD_EINVALID, "t.yaml:2:1: incidents is an alias"},
		{"incidents: [\n", 0, DD_EPARSE, "t.yaml:2:1: YAML syntax error"},
		{"a: 1\n---\nb: 2\n", 0, DD_EINVALID, "found a second one"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		size_t n = bad[i].len ? bad[i].len : strlen(bad[i].text);
		int rc = dd_book_edit_text("t.yaml", bad[i].text, n, DD_BOOK_LIST_INCIDENTS, e, &out, &len, NULL, NULL);
		if (rc != bad[i].rc || !strstr(dd_error_last(), bad[i].msg))
			print_message("case %zu: rc %d: %s\n", i, rc, dd_error_last());
		assert_int_equal(rc, bad[i].rc);
		assert_non_null(strstr(dd_error_last(), bad[i].msg));
		assert_null(out);
	}
	assert_int_equal(dd_book_edit_text("t.yaml", "", 0, (dd_book_list)7, e, &out, &len, NULL, NULL), DD_EUSAGE);
	assert_int_equal(dd_book_edit_text("t.yaml", NULL, 3, DD_BOOK_LIST_CREDITS, e, &out, &len, NULL, NULL), DD_EUSAGE);
	assert_string_equal(dd_book_list_name(DD_BOOK_LIST_CREDITS), "credits");
	assert_string_equal(dd_book_list_name(DD_BOOK_LIST_INCIDENTS), "incidents");
	assert_string_equal(dd_book_list_name((dd_book_list)9), "unknown");
	dd_book_entry_free(e);
	dd_book_entry_free(NULL);
	dd_book_edit_dispose(NULL);
}

/* ---- files ---- */

static char dir[256];

static void write_text(const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	assert_int_equal(fclose(f), 0);
}

static char *read_text(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	static char buf[8192];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int setup_dir(void **state)
{
	snprintf(dir, sizeof dir, "%s/dd-book-edit-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_append_files(void **state)
{
	char book[512];
	snprintf(book, sizeof book, "%s/book.yaml", dir);
	const char *root = "# the book\n"
			   "include: [more.yaml]\n"
			   "organization: { payer: '1', accounts: [{ id: '2' }] }\n"
			   "incidents:\n"
			   "  - { id: A, service: S, sla: eks, start: 2026-10-03T14:05:00Z, end: 2026-10-03T15:05:00Z }\n";
	const char *more = "# more incidents\n"
			   "incidents:\n"
			   "  - id: B   # the second\n"
			   "    service: S\n"
			   "    sla: eks\n"
			   "    start: 2026-10-03T14:05:00Z\n"
			   "    end: 2026-10-03T15:05:00Z\n"
			   "# end of more\n";
	write_text("book.yaml", root);
	write_text("more.yaml", more);
	char more_path[512];
	snprintf(more_path, sizeof more_path, "%s/more.yaml", dir);
	assert_int_equal(chmod(more_path, 0640), 0);

	/* The entry goes to the file holding the last incident: the include. */
	dd_book_entry *e = incident("C"), *e2;
	assert_int_equal(dd_book_entry_list(e, "accounts", (const char *const[]){"2"}, 1), 0);
	dd_book_problems p;
	dd_book_edit ed;
	int rc = dd_book_append(book, DD_BOOK_LIST_INCIDENTS, e, &p, &ed);
	if (rc) print_message("%s\n", dd_error_last());
	assert_int_equal(rc, 0);
	assert_int_equal(p.n, 0);
	assert_string_equal(ed.file, more_path);
	assert_int_equal(ed.line, 8);
	assert_int_equal(ed.nlines, 6);
	dd_book_edit_dispose(&ed);
	assert_null(ed.file);
	assert_string_equal(read_text("book.yaml"), root);
	char want[2048];
	snprintf(want, sizeof want, "%.*s%s%s", (int)(strstr(more, "# end") - more), more,
		 "  - id: C\n    service: AmazonEC2\n    sla: ec2-region\n    start: 2026-10-03T14:05:00Z\n"
		 "    end: 2026-10-03T19:35:00Z\n    accounts: [\"2\"]\n",
		 "# end of more\n");
	assert_string_equal(read_text("more.yaml"), want);
	struct stat st;
	assert_int_equal(stat(more_path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	dd_book *b;
	assert_int_equal(dd_book_load(book, &b, NULL), 0);
	assert_int_equal(b->nincidents, 3);
	assert_string_equal(b->incidents[2].id, "C");
	dd_book_free(b);
	dd_book_entry_free(e);

	/* Refusals leave every file as it was: a duplicate id, an unknown account, end before start. */
	char *before = strdup(read_text("more.yaml"));
	static const char *const why[] = {"duplicate incident id \"C\"", "account \"9\" is neither the payer nor listed",
					  "end 2026-10-03T10:00:00Z is before start"};
	for (int i = 0; i < 3; i++) {
		e = dd_book_entry_new();
		assert_int_equal(dd_book_entry_value(e, "id", i == 0 ? "C" : "D"), 0);
		assert_int_equal(dd_book_entry_value(e, "service", "S"), 0);
		assert_int_equal(dd_book_entry_value(e, "sla", "eks"), 0);
		if (i == 1) assert_int_equal(dd_book_entry_list(e, "accounts", (const char *const[]){"9"}, 1), 0);
		assert_int_equal(dd_book_entry_value(e, "start", "2026-10-03T14:05:00Z"), 0);
		assert_int_equal(dd_book_entry_value(e, "end", i == 2 ? "2026-10-03T10:00:00Z" : "2026-10-03T15:00:00Z"), 0);
		assert_int_equal(dd_book_append(book, DD_BOOK_LIST_INCIDENTS, e, &p, &ed), DD_EINVALID);
		assert_int_equal(p.n, 1);
		assert_string_equal(p.items[0].file, more_path);
		assert_true(p.items[0].line >= ed.line && p.items[0].line < ed.line + ed.nlines);
		assert_non_null(strstr(p.items[0].message, why[i]));
		assert_string_equal(ed.file, more_path);
		assert_int_equal(ed.line, 14);
		dd_book_problems_dispose(&p);
		dd_book_edit_dispose(&ed);
		dd_book_entry_free(e);
		assert_string_equal(read_text("more.yaml"), before);
		assert_string_equal(read_text("book.yaml"), root);
	}
	free(before);

	/* A book with problems is refused before any edit: edit.file is NULL. */
	write_text("bad.yaml", "organization: { payer: '1' }\ncredits: [{ id: X }]\n");
	char bad[512];
	snprintf(bad, sizeof bad, "%s/bad.yaml", dir);
	e = incident("N");
	assert_int_equal(dd_book_append(bad, DD_BOOK_LIST_INCIDENTS, e, &p, &ed), DD_EINVALID);
	assert_true(p.n > 0);
	assert_null(ed.file);
	dd_book_problems_dispose(&p);
	assert_string_equal(read_text("bad.yaml"), "organization: { payer: '1' }\ncredits: [{ id: X }]\n");
	/* A file the user may not write is refused, though its directory is writable (root may write anything). */
	if (geteuid() != 0) {
		assert_int_equal(chmod(more_path, 0440), 0);
		before = strdup(read_text("more.yaml"));
		e2 = incident("RO");
		assert_int_equal(dd_book_append(book, DD_BOOK_LIST_INCIDENTS, e2, &p, &ed), DD_EIO);
		assert_non_null(strstr(dd_error_last(), "cannot write"));
		assert_string_equal(read_text("more.yaml"), before);
		free(before);
		dd_book_edit_dispose(&ed);
		dd_book_entry_free(e2);
		assert_int_equal(chmod(more_path, 0640), 0);
	}
	/* No such book: DD_EIO; problems may be NULL, edit too. */
	char none[512];
	snprintf(none, sizeof none, "%s/none.yaml", dir);
	assert_int_equal(dd_book_append(none, DD_BOOK_LIST_INCIDENTS, e, NULL, NULL), DD_EIO);
	assert_int_equal(dd_book_append(NULL, DD_BOOK_LIST_INCIDENTS, e, NULL, NULL), DD_EUSAGE);
	dd_book_entry_free(e);
}

/* A book reached through a symbolic link: the file it points to is edited
 * and the link stays a link; the credits' list in the book itself. */
static void test_append_symlink(void **state)
{
	write_text("real.yaml", "organization: { payer: '1' }\n");
	char real[512], link[512];
	snprintf(real, sizeof real, "%s/real.yaml", dir);
	snprintf(link, sizeof link, "%s/link.yaml", dir);
	assert_int_equal(symlink("real.yaml", link), 0);
	dd_book_entry *e = dd_book_entry_new();
	assert_int_equal(dd_book_entry_value(e, "id", "SLA-INC-1"), 0);
	assert_int_equal(dd_book_entry_value(e, "type", "sla"), 0);
	assert_int_equal(dd_book_entry_value(e, "amount", "1234.56"), 0);
	assert_int_equal(dd_book_entry_value(e, "start", "2026-12-01"), 0);
	assert_int_equal(dd_book_entry_value(e, "expires", "2027-11-30"), 0);
	dd_book_edit ed;
	assert_int_equal(dd_book_append(link, DD_BOOK_LIST_CREDITS, e, NULL, &ed), 0);
	assert_string_equal(ed.file, link);
	assert_int_equal(ed.line, 2);
	assert_int_equal(ed.nlines, 7);
	dd_book_edit_dispose(&ed);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(read_text("real.yaml"), "organization: { payer: '1' }\n\ncredits:\n  - id: SLA-INC-1\n    type: sla\n"
						   "    amount: 1234.56\n    start: 2026-12-01\n    expires: 2027-11-30\n");
	dd_book *b;
	assert_int_equal(dd_book_load(link, &b, NULL), 0);
	assert_int_equal(b->ncredits, 1);
	dd_book_free(b);
	/* The same id again: the duplicate is refused, the file unchanged. */
	dd_book_problems p;
	assert_int_equal(dd_book_append(link, DD_BOOK_LIST_CREDITS, e, &p, NULL), DD_EINVALID);
	assert_non_null(strstr(p.items[0].message, "duplicate credit id \"SLA-INC-1\""));
	dd_book_problems_dispose(&p);
	dd_book_entry_free(e);
	/* No leftover temporary files. */
	char cmd[600];
	snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s' | grep -v -x -e book.yaml -e more.yaml -e bad.yaml -e real.yaml -e link.yaml)\"", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_block_list),
		cmocka_unit_test(test_separated),
		cmocka_unit_test(test_block_scalar),
		cmocka_unit_test(test_flow_and_empty),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_values_round_trip),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_append_files),
		cmocka_unit_test(test_append_symlink),
	};
	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
