#!/usr/bin/env bash
# bench_gen.sh: a generated 2 MB legacy CUR file (bench/gen_cur: quoted
# commas, doubled quotes, exponent costs, negative credit/discount rows,
# leading-zero accounts, CRLF, 3 months) imports with totals exactly equal
# to the generator's own integer-arithmetic totals (FILE.expected.csv).
# Runs in CI: no DuckDB, nothing downloaded.
#
#   bash tests/cli/bench_gen.sh /path/to/drawdown
set -euo pipefail

DD=${1:?usage: bench_gen.sh /path/to/drawdown}
BIN=$(dirname "$DD")
for t in gen_cur dd_totals; do
	[ -x "$BIN/$t" ] || { echo "FAIL: $BIN/$t not built"; exit 1; }
done
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0

# totals FILE: drawdown's per (period, account, product, type) totals. The
# CLI import into a fresh store, read back through the store API, when the
# CLI has the verb; the library import otherwise.
totals() {
	local db=$TMP/dd.db
	rm -f "$db"
	if "$DD" import --help 2>&1 | grep -qi import; then
		"$DD" --db "$db" import "$1" >"$TMP/import.log" 2>&1 || { cat "$TMP/import.log" >&2; return 1; }
		"$BIN/dd_totals" --db "$db"
	else
		echo "note: $DD has no import verb yet; using the library import (dd_totals --ingest)" >&2
		"$BIN/dd_totals" --ingest "$1"
	fi
}

# check LABEL GEN_CUR_ARGS...
check() {
	local label=$1
	shift
	"$BIN/gen_cur" --out "$TMP/cur.csv" "$@" 2>/dev/null
	local keys=$(($(wc -l <"$TMP/cur.csv.expected.csv") - 1))
	if [ "$keys" -lt 100 ]; then
		echo "FAIL $label: only $keys expected keys (generator broken?)"; fails=$((fails + 1)); return
	fi
	if ! totals "$TMP/cur.csv" >"$TMP/got.csv" 2>"$TMP/err"; then
		echo "FAIL $label: import: $(tail -n 3 "$TMP/err")"; fails=$((fails + 1)); return
	fi
	if diff -u "$TMP/cur.csv.expected.csv" "$TMP/got.csv" >"$TMP/diff"; then
		echo "ok   $label: $keys keys equal"
	else
		echo "FAIL $label: totals differ (- expected + drawdown):"; head -n 20 "$TMP/diff"
		fails=$((fails + 1))
	fi
}

check "2 MB, 3 months, CRLF" --bytes 2M --seed 3 --months 3 --crlf
check "2 MB, 1 month, LF" --bytes 2M --seed 4 --start 2025-12

# The generator's expected file itself, re-derived by Python's csv and
# Decimal from the bytes it wrote (a third computation, sharing no code).
if command -v python3 >/dev/null; then
	"$BIN/gen_cur" --bytes 512K --seed 6 --months 2 --crlf --out "$TMP/py.csv" 2>/dev/null
	if python3 - "$TMP/py.csv" <<'PY'
import csv, sys
from decimal import Decimal
tot = {}
with open(sys.argv[1], newline="") as f:
    r = csv.DictReader(f)
    for row in r:
        k = (row["bill/BillingPeriodStartDate"][:7], row["lineItem/UsageAccountId"],
             row["lineItem/ProductCode"], row["lineItem/LineItemType"])
        tot[k] = tot.get(k, Decimal(0)) + Decimal(row["lineItem/UnblendedCost"])
def text(d):
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s
got = ["period,account,product_code,line_item_type,amount"]
got += [",".join(k) + "," + text(v) for k, v in sorted(tot.items())]
want = open(sys.argv[1] + ".expected.csv").read().splitlines()
sys.exit(0 if got == want else 1)
PY
	then echo "ok   expected totals equal Python Decimal's sums of the generated file"
	else echo "FAIL expected totals differ from Python Decimal's sums"; fails=$((fails + 1)); fi
fi

# The generator is deterministic: the same seed gives the same bytes.
"$BIN/gen_cur" --bytes 256K --seed 5 --out "$TMP/a.csv" 2>/dev/null
"$BIN/gen_cur" --bytes 256K --seed 5 --out "$TMP/b.csv" 2>/dev/null
if cmp -s "$TMP/a.csv" "$TMP/b.csv" && cmp -s "$TMP/a.csv.expected.csv" "$TMP/b.csv.expected.csv"; then
	echo "ok   same seed, same file"
else
	echo "FAIL same seed gave different files"; fails=$((fails + 1))
fi

[ "$fails" -eq 0 ]
