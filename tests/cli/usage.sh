#!/bin/bash
# usage.sh: the command line itself: --help for every verb, `help VERB`,
# --version, exit 2 on usage errors, exit 1 on a bad book (with
# file:line:column on stderr), on a missing store, and on a month before the
# data; DRAWDOWN_BOOK / DRAWDOWN_DB honoured and overridden by the flags,
# which are accepted before and after the verb.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
src=$(cd "${DD_SOURCE_DIR:-.}" && pwd)/tests/data/cli

for v in check import bill balance commitment charges reconcile forecast calendar advise opportunities brief offers incident; do
	expect 0 "$dd" "$v" --help
	grep -q "usage: drawdown $v" "$tmp/out" || fail "$v --help: $(head -2 "$tmp/out")"
	expect 0 "$dd" help "$v"
	grep -q "usage: drawdown $v" "$tmp/out" || fail "help $v"
	grep -q "  $v " < <("$dd" --help) || fail "drawdown --help does not list $v"
done
expect 0 "$dd" --help
expect 0 "$dd" help
expect 0 "$dd" --version
grep -qE '^drawdown [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out" || fail "--version: $(cat "$tmp/out")"

# Usage errors: exit 2, a message on stderr, nothing on stdout.
b=(--book "$src/shortfall/book.yaml" --db "$tmp/none.db")
expect 2 "$dd"
expect 2 "$dd" frobnicate
grep -q 'no verb "frobnicate"' "$tmp/err" || fail "unknown verb message: $(cat "$tmp/err")"
expect 2 "$dd" help frobnicate
expect 2 "$dd" --bogus check
expect 2 "$dd" --book
expect 2 "$dd" "${b[@]}" check --bogus
grep -q 'unknown option "--bogus"' "$tmp/err" || fail "unknown flag message: $(cat "$tmp/err")"
expect 2 "$dd" "${b[@]}" check extra-argument
expect 2 "$dd" "${b[@]}" export focus
grep -q -- 'give --month YYYY-MM or --commitment' "$tmp/err" || fail "missing --month message: $(cat "$tmp/err")"
expect 2 "$dd" "${b[@]}" bill --month 2026-13
grep -q 'expected YYYY-MM, got "2026-13"' "$tmp/err" || fail "bad month message: $(cat "$tmp/err")"
expect 2 "$dd" "${b[@]}" bill --month 2026-1
expect 2 "$dd" "${b[@]}" bill --month=26-01
expect 2 "$dd" "${b[@]}" bill --month
expect 2 "$dd" "${b[@]}" balance --month 2026/01
expect 2 "$dd" "${b[@]}" commitment --month x
expect 2 "$dd" "${b[@]}" charges --csv --json
expect 2 "$dd" "${b[@]}" import
expect 2 "$dd" "${b[@]}" import --format parquetish "$src/shortfall/charges.csv"
expect 2 "$dd" "${b[@]}" bill --json=yes --month 2026-01
[ -e "$tmp/none.db" ] && fail "a usage error created the store"
[ -s "$tmp/out" ] && fail "a usage error printed on stdout"

# A bad book: every problem as file:line:column: field: message, exit 1.
expect 1 "$dd" --book "$src/badbook/book.yaml" check
grep -q 'badbook/book.yaml:6:5: credits\[0\].ammount: unknown field "ammount"' "$tmp/err" || fail "check: $(cat "$tmp/err")"
grep -q 'badbook/book.yaml:8:14: credits\[0\].expires: ' "$tmp/err" || fail "check: second problem missing"
expect 1 "$dd" --book "$src/badbook/book.yaml" check --json
python3 - "$tmp/out" <<'PY' || fail "check --json"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] is False, r
locs = [(p["line"], p["column"], p["field"]) for p in r["problems"]]
assert (6, 5, "credits[0].ammount") in locs and (8, 14, "credits[0].expires") in locs, locs
assert all(p["file"].endswith("badbook/book.yaml") and p["message"] for p in r["problems"])
PY
expect 1 "$dd" --book "$src/badbook/book.yaml" --db "$tmp/x.db" bill --month 2026-01
grep -q 'badbook/book.yaml:8:14: ' "$tmp/err" || fail "bill with a bad book: $(cat "$tmp/err")"
expect 1 "$dd" --book "$tmp/missing.yaml" check
grep -q 'missing.yaml: cannot read' "$tmp/err" || fail "missing book message: $(cat "$tmp/err")"
expect 0 "$dd" --book "$src/shortfall/book.yaml" check
grep -q 'ok' "$tmp/out" || fail "check summary"
expect 0 "$dd" --book "$src/shortfall/book.yaml" check --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["ok"] is True and r["problems"] == [], r' "$tmp/out" || fail "check --json ok"

# No store yet: exit 1 naming the file, and the store is not created.
expect 1 "$dd" "${b[@]}" bill --month 2026-01
grep -q 'none.db' "$tmp/err" || fail "missing store message: $(cat "$tmp/err")"
[ -e "$tmp/none.db" ] && fail "bill created the store"

# Environment, and flags over environment (before and after the verb).
export DRAWDOWN_BOOK=$src/shortfall/book.yaml DRAWDOWN_DB=$tmp/env.db
expect 0 "$dd" import "$src/shortfall/charges.csv"
[ -s "$tmp/env.db" ] || fail "DRAWDOWN_DB not used"
expect 0 "$dd" bill --month 2026-02 --json
grep -q '"payable": "165"' "$tmp/out" || fail "bill from the environment: $(cat "$tmp/out")"
DRAWDOWN_DB=$tmp/nowhere.db expect 0 "$dd" --db "$tmp/env.db" bill --month 2026-02
DRAWDOWN_DB=$tmp/nowhere.db expect 0 "$dd" bill --month 2026-02 --db "$tmp/env.db"
DRAWDOWN_DB=$tmp/nowhere.db expect 1 "$dd" bill --month 2026-02
DRAWDOWN_BOOK=$src/badbook/book.yaml expect 0 "$dd" --book "$src/shortfall/book.yaml" bill --month 2026-02
DRAWDOWN_BOOK=$src/badbook/book.yaml expect 1 "$dd" bill --month 2026-02
(cd "$tmp" && unset DRAWDOWN_BOOK DRAWDOWN_DB && cp "$src/shortfall/book.yaml" drawdown.yaml &&
	"$dd" import "$src/shortfall/charges.csv" >/dev/null && [ -s drawdown.db ]) || fail "./drawdown.yaml and ./drawdown.db defaults"

# Months: before the first imported month is an error; after it, no_data.
expect 1 "$dd" bill --month 2025-12
grep -q 'first imported month is 2026-01' "$tmp/err" || fail "early month message: $(cat "$tmp/err")"
expect 0 "$dd" bill --month 2026-04 --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["no_data"] is True and r["totals"]["gross"] == "0", r' "$tmp/out" || fail "no_data month"
expect 0 "$dd" bill --month 2026-04
grep -q 'no charges were imported for 2026-04' "$tmp/out" || fail "no_data note"

# No agreement: commitment says so.
export DRAWDOWN_BOOK=$src/import/book.yaml
expect 1 "$dd" commitment
grep -q 'the book has no agreement' "$tmp/err" || fail "no agreement message: $(cat "$tmp/err")"
echo PASS
