#!/bin/bash
# empty_export.sh: a billing export with a valid header and no data rows
# (plain, gzip, through a pipe) is not an error (exit 0) but imports
# nothing: the note "FILE: no rows; nothing imported" on standard error, no
# store created, an existing store byte-for-byte as it was (sqlite3 .dump,
# no imports row added), JSON valid with rows 0 and the file listed in
# empty_files. Beside a file with rows, only that file is imported.
# Data: tests/data/cli/import (feb.csv: 5 rows, see import.sh).
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
src=$(cd "${DD_SOURCE_DIR:-.}" && pwd)/tests/data/cli/import
export DRAWDOWN_BOOK=$src/book.yaml DRAWDOWN_DB=$tmp/a.db
# The store's whole content: sqlite3's dump when the shell is there, else
# every charge (the imports table is then checked through the next import).
state() {
	if command -v sqlite3 >/dev/null; then sqlite3 "$DRAWDOWN_DB" .dump; else "$dd" charges --csv; fi
}

head -n 1 "$src/feb.csv" >"$tmp/header.csv"
printf 'billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount\r\n' >"$tmp/crlf.csv"
gzip -c "$tmp/header.csv" >"$tmp/header.csv.gz"

# No store yet: none is created.
"$dd" import "$tmp/header.csv" >"$tmp/out" 2>"$tmp/err" || fail "a header-only CSV should exit 0"
grep -qx "drawdown: note: $tmp/header.csv: no rows; nothing imported" "$tmp/err" || fail "note: $(cat "$tmp/err")"
grep -q 'no rows; no charges imported' "$tmp/out" || fail "summary: $(cat "$tmp/out")"
[ -e "$DRAWDOWN_DB" ] && fail "a header-only import created the store"

# A store holding feb.csv stays as it was, whatever empty export comes.
"$dd" import "$src/feb.csv" >/dev/null || fail "import feb"
state >"$tmp/before"
for f in "$tmp/header.csv" "$tmp/crlf.csv" "$tmp/header.csv.gz"; do
	"$dd" import "$f" --json >"$tmp/imp.json" 2>"$tmp/err" || fail "$f should exit 0"
	grep -q "$f: no rows; nothing imported" "$tmp/err" || fail "$f note: $(cat "$tmp/err")"
	py "$tmp/imp.json" "
assert (r['rows'], r['entries'], r['periods_replaced'], r['periods']) == (0, 0, 0, []), r
assert r['empty_files'] == ['$f'], r['empty_files']"
	state | cmp -s - "$tmp/before" || fail "$f changed the store"
done
cat "$tmp/header.csv" | "$dd" import - 2>"$tmp/err" >/dev/null || fail "a header-only pipe should exit 0"
grep -q '^drawdown: note: stdin: no rows; nothing imported' "$tmp/err" || fail "pipe note: $(cat "$tmp/err")"
state | cmp -s - "$tmp/before" || fail "a header-only pipe changed the store"
if command -v sqlite3 >/dev/null; then
	[ "$(sqlite3 "$DRAWDOWN_DB" 'SELECT count(*) FROM imports')" = 1 ] || fail "an empty export recorded an import"
fi

# Beside a file with rows: that file is imported (5 rows), the empty one noted.
"$dd" import "$tmp/header.csv" "$src/feb.csv" --json >"$tmp/imp.json" 2>"$tmp/err" || fail "mixed import"
grep -q "$tmp/header.csv: no rows; nothing imported" "$tmp/err" || fail "mixed note: $(cat "$tmp/err")"
grep -q "feb.csv: no rows" "$tmp/err" && fail "feb.csv noted as empty"
py "$tmp/imp.json" "
assert (r['rows'], r['entries'], r['periods_replaced']) == (5, 4, 1), r
assert r['empty_files'] == ['$tmp/header.csv'], r['empty_files']"
if command -v sqlite3 >/dev/null; then
	[ "$(sqlite3 "$DRAWDOWN_DB" 'SELECT count(*) FROM imports')" = 2 ] || fail "the mixed import was not recorded once"
fi
echo PASS
