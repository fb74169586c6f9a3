#!/bin/bash
# stream.sh: `drawdown import -`, /dev/stdin and FIFOs read as streams: plain
# CSV and gzip through a pipe give the same store as the file (and the
# totals worked out by hand), an error names the same line:column as for
# the file, a FIFO whose writer comes late is waited for, and Parquet or zip
# through a pipe is refused (exit 1, the message says why, store unchanged).
# Data: tests/data/cli/import (feb.csv: see import.sh for its figures),
# tests/data/parquet, and the real October 2018 CUR when ../shared/data has it.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
src=$root/tests/data/cli/import
writer=
trap '[ -n "$writer" ] && kill "$writer" 2>/dev/null; rm -rf "$tmp"' EXIT
export DRAWDOWN_BOOK=$src/book.yaml
charges() { "$dd" --db "$1" charges --csv || fail "charges of $1"; }

# The file itself, then the same bytes through a pipe, gzip through a pipe,
# and /dev/stdin. feb.csv: 5 rows, 4 entries, 2026-02 totals 76.750000000001.
"$dd" --db "$tmp/file.db" import "$src/feb.csv" >/dev/null || fail "import feb.csv"
charges "$tmp/file.db" >"$tmp/file.csv"
cat "$src/feb.csv" | "$dd" --db "$tmp/pipe.db" import - --json >"$tmp/pipe.json" || fail "cat | import -"
py "$tmp/pipe.json" '
assert r["files"] == ["-"], r["files"]
assert (r["rows"], r["entries"], r["periods_replaced"]) == (5, 4, 1), r
assert r["periods"] == [{"period": "2026-02", "payer": "111111111111", "rows": 5, "amount": "76.750000000001"}], r["periods"]'
charges "$tmp/pipe.db" | cmp -s - "$tmp/file.csv" || fail "CSV through a pipe differs from the file"
gzip -c "$src/feb.csv" | "$dd" --db "$tmp/gz.db" import - >/dev/null || fail "gzip | import -"
charges "$tmp/gz.db" | cmp -s - "$tmp/file.csv" || fail "gzip through a pipe differs from the file"
gzip -c "$src/feb.csv" | "$dd" --db "$tmp/dev.db" import /dev/stdin >/dev/null || fail "gzip | import /dev/stdin"
charges "$tmp/dev.db" | cmp -s - "$tmp/file.csv" || fail "/dev/stdin differs from the file"
# Redirected from a file, '-' is that file (read by size, not streamed).
"$dd" --db "$tmp/redir.db" import - <"$src/feb.csv" >/dev/null || fail "import - < feb.csv"
charges "$tmp/redir.db" | cmp -s - "$tmp/file.csv" || fail "import - < file differs from the file"

# A bad value through a pipe is reported at the file's line:column, named
# stdin: bad.csv's line 3, column 7 (see import.sh).
cat "$src/bad.csv" | "$dd" --db "$tmp/bad.db" import - 2>"$tmp/err" >/dev/null
[ $? -eq 1 ] || fail "a bad CSV through a pipe should exit 1"
grep -q '^drawdown: stdin:3:7: amount: ' "$tmp/err" || fail "pipe error: $(cat "$tmp/err")"
gzip -c "$src/bad.csv" | "$dd" --db "$tmp/bad.db" import - 2>"$tmp/err" >/dev/null
grep -q '^drawdown: stdin:3:7: amount: ' "$tmp/err" || fail "gzip pipe error: $(cat "$tmp/err")"
[ -e "$tmp/bad.db" ] && fail "a failed pipe import created the store"
# Past the first 8 MiB block, with quoted line breaks: 300,000 records of
# two lines each after the header fill lines 2..600001, so the bad amount
# is at 600002:7 (12 MB; lines counted as the pipe is read).
python3 -c 'import sys
w = sys.stdout.write
w("billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount\n")
for i in range(300000): w("2026-01,1,%d,\"svc\nx\",Usage,AWS,1.5\n" % (i % 50))
w("2026-01,1,1,a,Usage,AWS,bad\n")' >"$tmp/big.csv"
for how in cat "gzip -c"; do
	$how "$tmp/big.csv" | "$dd" --db "$tmp/bad.db" import - 2>"$tmp/err" >/dev/null
	grep -q '^drawdown: stdin:600002:7: amount: ' "$tmp/err" || fail "$how big pipe error: $(cat "$tmp/err")"
done
# Nothing through the pipe: the empty-file error, exit 1.
"$dd" --db "$tmp/bad.db" import - </dev/null 2>"$tmp/err" >/dev/null
[ $? -eq 1 ] && grep -q 'stdin:1:1: empty file' "$tmp/err" || fail "empty pipe: $(cat "$tmp/err")"
# '-' twice is a usage error: standard input can be read once.
cat "$src/feb.csv" | "$dd" --db "$tmp/bad.db" import - - 2>/dev/null >/dev/null
[ $? -eq 2 ] || fail "'-' twice should be a usage error"

# A FIFO: the writer opens it a second after drawdown does.
mkfifo "$tmp/fifo"
(sleep 1; gzip -c "$src/feb.csv" >"$tmp/fifo") &
writer=$!
timeout 30 "$dd" --db "$tmp/fifo.db" import "$tmp/fifo" >/dev/null || fail "import from a FIFO"
wait "$writer"
writer=
charges "$tmp/fifo.db" | cmp -s - "$tmp/file.csv" || fail "the FIFO differs from the file"

# Parquet and zip need seeking: refused from a pipe, nothing written to a
# store that holds feb.csv.
cp "$tmp/file.db" "$tmp/keep.db"
for f in "$root/tests/data/parquet/snappy_pages.parquet:Parquet" \
	"$root/../shared/data/cur/cur2-mocks/keboola_MockTestReport-00001.csv.zip:zip"; do
	path=${f%:*} kind=${f##*:}
	[ -r "$path" ] || { [ "$kind" = zip ] && printf 'PK\003\004rest' >"$tmp/x.zip" && path=$tmp/x.zip; }
	cat "$path" | "$dd" --db "$tmp/keep.db" import - 2>"$tmp/err" >/dev/null
	[ $? -eq 1 ] || fail "$kind through a pipe should exit 1"
	grep -q "^drawdown: stdin: a $kind file cannot be read from a pipe .*save it to a file first" "$tmp/err" ||
		fail "$kind through a pipe: $(cat "$tmp/err")"
	charges "$tmp/keep.db" | cmp -s - "$tmp/file.csv" || fail "a refused $kind pipe changed the store"
done
if command -v sqlite3 >/dev/null; then
	[ "$(sqlite3 "$tmp/keep.db" 'SELECT count(*) FROM imports')" = 1 ] || fail "a refused pipe recorded an import"
fi

# The real October 2018 CUR, 119,307 rows in 110 MB of CSV (many 8 MiB
# blocks through the pipe): the same store as the file; its total is the
# Python Decimal sum test_ingest_real.c gives for it.
data=${DD_SHARED_DATA:-$root/../shared/data}/cur/wa-labs-2018/Oct2018-WorkshopCUR.csv.gz
if [ -r "$data" ]; then
	"$dd" --db "$tmp/real.db" import "$data" >/dev/null || fail "import the real CUR"
	gzip -dc "$data" | "$dd" --db "$tmp/realpipe.db" import - --json >"$tmp/real.json" || fail "real CUR through a pipe"
	py "$tmp/real.json" 'assert [(p["period"], p["rows"], p["amount"]) for p in r["periods"]] == [("2018-10", 119307, "4064.4831315379")], r["periods"]'
	cmp -s <(charges "$tmp/real.db") <(charges "$tmp/realpipe.db") || fail "the real CUR through a pipe differs"
else
	echo "note: no shared data at $data: the real-CUR part is skipped"
fi
# Billing API JSON through a pipe is named as JSON (it is read from a .json
# file), not misread as a CSV with bad quoting; the store is not touched.
for json in '{"credits": []}' $'\xef\xbb\xbf  [ ]'; do
	printf '%s' "$json" | "$dd" --db "$tmp/json.db" import - 2>"$tmp/err" >/dev/null && fail "JSON through a pipe was accepted"
	grep -q 'stdin: this is JSON, not a billing CSV' "$tmp/err" || fail "JSON through a pipe: $(cat "$tmp/err")"
	[ ! -e "$tmp/json.db" ] || fail "JSON through a pipe created a store"
done
echo PASS
