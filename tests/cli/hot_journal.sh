#!/bin/bash
# hot_journal.sh: a writer killed inside its transaction, once the database
# file had begun to change, leaves a hot rollback journal. The read-only
# verbs (charges, bill) must still read the store, with the data as it was
# before the killed write, instead of failing with "attempt to write a
# readonly database". The writer is the sqlite3 shell with a one-page cache,
# so the journal turns hot (its magic number written) after a few pages.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
src=$(cd "${DD_SOURCE_DIR:-.}" && pwd)/tests/data/cli/import
command -v sqlite3 >/dev/null || { echo "SKIP: the sqlite3 shell is not installed"; exit 0; }
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; exec 3>&-; rm -rf "$tmp"' EXIT
export DRAWDOWN_BOOK=$src/book.yaml DRAWDOWN_DB=$tmp/a.db

"$dd" import "$src/feb.csv" >/dev/null || fail "import feb"
"$dd" charges --csv >"$tmp/before.csv" || fail "charges before"
# feb.csv holds 76.750000000001 for 2026-02 (see import.sh).
grep -q '^2026-02,111111111111,111111111111,AmazonEC2,Usage,AWS,60.75,' "$tmp/before.csv" || fail "charges before"

# Delete every charge and write 2000 junk rows, then wait until the
# journal is hot and kill the shell (SIGKILL: no rollback of its own).
mkfifo "$tmp/sql"
sqlite3 "$DRAWDOWN_DB" <"$tmp/sql" >/dev/null 2>&1 &
pid=$!
exec 3>"$tmp/sql"
printf '%s\n' 'PRAGMA cache_size = 1;' 'BEGIN;' 'DELETE FROM charges;' \
	'CREATE TABLE junk AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)' \
	' SELECT i, hex(randomblob(100)) AS x FROM n;' >&3
hot=
for _ in $(seq 100); do
	magic=$(od -An -tx1 -N8 "$DRAWDOWN_DB-journal" 2>/dev/null | tr -d ' \n')
	[ "$magic" = d9d505f920a163d7 ] && { hot=1; break; }
	sleep 0.1
done
kill -9 "$pid"
wait "$pid" 2>/dev/null
pid=
exec 3>&-
[ -n "$hot" ] || fail "the journal never turned hot"
[ -s "$DRAWDOWN_DB-journal" ] || fail "the kill left no journal"

# Read-only verbs first: they roll the journal back and read the old data.
"$dd" charges --csv >"$tmp/after.csv" 2>"$tmp/err" || fail "charges after the kill: $(cat "$tmp/err")"
cmp -s "$tmp/before.csv" "$tmp/after.csv" || fail "charges after the kill differ"
[ -e "$DRAWDOWN_DB-journal" ] && fail "the hot journal is still there"
"$dd" bill --month 2026-02 --json >"$tmp/b.json" || fail "bill after the kill"
python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
assert r["totals"]["gross"] == "76.750000000001", r["totals"]' "$tmp/b.json" || fail "bill after the kill"
[ "$(sqlite3 "$DRAWDOWN_DB" "SELECT count(*) FROM sqlite_master WHERE name = 'junk'")" = 0 ] || fail "junk table kept"
echo PASS
