#!/bin/bash
# messages.sh: inputs that are not what drawdown reads are named for what
# they are, at exit 1 with nothing written: a CSV, a gzip's content or a
# JSON in UTF-16 or UTF-32 (made here with iconv) says so and gives the
# iconv to run; a book likewise (UTF-16 with a byte order mark is read); a
# JSON that is neither a CUR manifest nor Billing API output names the
# documents understood; a Parquet page error names its file once.
# Data: tests/data/cli/import, tests/data/awsbilling, tests/data/parquet.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
src=$root/tests/data/cli/import
command -v iconv >/dev/null || { echo "SKIP: iconv is not installed"; exit 0; }
export DRAWDOWN_BOOK=$src/book.yaml DRAWDOWN_DB=$tmp/a.db
# refused FILE WORDS...: import FILE exits 1, its message holds WORDS, no store.
refused() {
	local f=$1
	shift
	"$dd" import "$f" >/dev/null 2>"$tmp/err"
	[ $? -eq 1 ] || fail "$f should exit 1"
	grep -qF -- "$*" "$tmp/err" || fail "$f: $(cat "$tmp/err")"
	[ -e "$DRAWDOWN_DB" ] && fail "$f created the store"
	return 0
}

iconv -f UTF-8 -t UTF-16 "$src/feb.csv" >"$tmp/u16.csv"
refused "$tmp/u16.csv" "drawdown: $tmp/u16.csv: this file is UTF-16 (little-endian) text; drawdown reads UTF-8: convert it first, e.g. with iconv -f UTF-16LE -t UTF-8"
iconv -f UTF-8 -t UTF-16BE "$src/feb.csv" >"$tmp/u16be.csv"
refused "$tmp/u16be.csv" "$tmp/u16be.csv: this file is UTF-16 (big-endian) text"
iconv -f UTF-8 -t UTF-32 "$src/feb.csv" >"$tmp/u32.csv"
refused "$tmp/u32.csv" "$tmp/u32.csv: this file is UTF-32 (little-endian) text; drawdown reads UTF-8: convert it first, e.g. with iconv -f UTF-32LE -t UTF-8"
iconv -f UTF-8 -t UTF-16 "$src/feb.csv" | gzip >"$tmp/u16.csv.gz"
refused "$tmp/u16.csv.gz" "$tmp/u16.csv.gz: this file is UTF-16 (little-endian) text"
iconv -f UTF-8 -t UTF-16 "$src/feb.csv" | "$dd" import - >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -qF 'stdin: this file is UTF-16 (little-endian) text' "$tmp/err" || fail "pipe: $(cat "$tmp/err")"
# The converted file imports: the advice works.
iconv -f UTF-16 -t UTF-8 "$tmp/u16.csv" >"$tmp/back.csv"
"$dd" --db "$tmp/back.db" import "$tmp/back.csv" >/dev/null || fail "the file iconv converted back"

# get-credits saved by PowerShell's `>` (UTF-16 with a BOM).
iconv -f UTF-8 -t UTF-16 "$root/tests/data/awsbilling/get-credits.json" >"$tmp/get-credits.json"
refused "$tmp/get-credits.json" "$tmp/get-credits.json: this file is UTF-16 (little-endian) text"
# Neither a manifest nor Billing API output: both kinds are named.
printf '{"reportName": "report", "files": []}\n' >"$tmp/other.json"
refused "$tmp/other.json" "$tmp/other.json: not a JSON file drawdown reads: expected a CUR manifest (with a \"reportKeys\" (CUR) or \"dataFiles\" (CUR 2.0) list) or AWS Billing API output: that of \`aws billing get-credits\` (with a \"credits\" list) or of \`aws billing get-credit-allocation-history\` (with a \"creditAllocationHistoryList\")"

# A page of the amount column is corrupt (gen.py's bad_page_billing: the
# page header at byte 249): the file is named once, then column and page.
pq=$root/tests/data/parquet/bad_page_billing.parquet
refused "$pq" "drawdown: $pq: column amount, row group 0, page at byte 249: "
[ "$(grep -o 'bad_page_billing.parquet' "$tmp/err" | wc -l)" -eq 1 ] || fail "Parquet path named more than once: $(cat "$tmp/err")"

# Books: UTF-16 with a byte order mark is read; UTF-32, or UTF-16 without
# the mark, is named at 1:1.
iconv -f UTF-8 -t UTF-16 "$src/book.yaml" >"$tmp/b16.yaml"
"$dd" check --book "$tmp/b16.yaml" >/dev/null || fail "a UTF-16 book with a BOM should load"
iconv -f UTF-8 -t UTF-32 "$src/book.yaml" >"$tmp/b32.yaml"
"$dd" check --book "$tmp/b32.yaml" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -qxF "$tmp/b32.yaml:1:1: this file is UTF-32 (little-endian) text; drawdown reads UTF-8: convert it first, e.g. with iconv -f UTF-32LE -t UTF-8" "$tmp/err" ||
	fail "UTF-32 book: $(cat "$tmp/err")"
iconv -f UTF-8 -t UTF-16BE "$src/book.yaml" >"$tmp/b16be.yaml"
"$dd" check --book "$tmp/b16be.yaml" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -qF "$tmp/b16be.yaml:1:1: this file is UTF-16 (big-endian) text" "$tmp/err" ||
	fail "UTF-16BE book without a BOM: $(cat "$tmp/err")"
echo PASS
