#!/bin/bash
# focus_rules.sh: proves tests/focus_rules.py, the validator the FOCUS
# export is checked with. Every file of tests/data/focus_bad breaks the
# rules its name starts with (RULE[+RULE]__what.csv; cc. for the 1.3
# contract commitment dataset) and the validator must report exactly those;
# the shared real and synthetic samples (../shared/data/focus) valid for
# their version must pass, and the FOCUS 1.0 sample must report exactly its
# known traps. $1 (the drawdown binary) is not used.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 0; }
rules=$root/tests/focus_rules.py

n=0
for f in "$root"/tests/data/focus_bad/*.csv; do
	b=$(basename "$f" .csv)
	want=${b%%__*}
	want=${want#cc.}
	python3 "$rules" --json "$f" >"$tmp/r.json"
	[ $? -eq 1 ] || fail "$b: the validator did not reject it"
	python3 - "$tmp/r.json" "$want" <<'PY' || fail "$b: not exactly the rule(s) $want"
import json, sys
d = json.load(open(sys.argv[1]))["files"][0]
got = sorted({v["rule"] for v in d["violations"]})
assert got == sorted(sys.argv[2].split("+")), got
PY
	n=$((n + 1))
done
[ "$n" -ge 40 ] || fail "only $n bad files"

# The usage errors.
python3 "$rules" >/dev/null 2>&1; [ $? -eq 2 ] || fail "no file: not exit 2"
python3 "$rules" --version 2.0 x.csv >/dev/null 2>&1; [ $? -eq 2 ] || fail "--version 2.0: not exit 2"

shared=$root/../shared/data/focus
if [ ! -d "$shared" ]; then
	echo "ok: focus_rules ($n bad files; the shared samples are not here: $shared)"
	exit 0
fi
# The synthetic 1.2 / 1.3 samples are valid for their version.
for f in "$shared"/synthetic-1.3/*.csv; do
	python3 "$rules" "$f" >"$tmp/r.txt" || fail "$(basename "$f") rejected: $(head -3 "$tmp/r.txt")"
done
# The real FOCUS 1.0 sample (FOCUS-Sample-Data, 1,000 rows): exactly the
# traps ../shared/data/README.md lists (nulls written as the text NULL;
# "Usage-based" beside "Usage-Based"; costs to 11 digits that are not unit
# price x quantity) and what they and the file's own shape imply: times as
# "2024-09-01 00:00:00" (no T, no Z), an "Id" column without the x_
# prefix, columns null because they hold the text NULL while their
# companion is set, and the one Credit row (line 458: EffectiveCost and
# ContractedCost -3 against BilledCost -2.6137, a negative unit price).
python3 "$rules" --version 1.0 --json "$shared/focus_sample.csv" >"$tmp/s.json"
[ $? -eq 1 ] || fail "focus_sample.csv: not rejected"
python3 - "$tmp/s.json" "$shared/focus_sample.csv" <<'PY' || fail "focus_sample.csv: not exactly its known traps"
import csv, json, sys
from collections import Counter
d = json.load(open(sys.argv[1]))["files"][0]
rows = list(csv.DictReader(open(sys.argv[2], newline="")))
assert d["rows"] == 1000
v = d["violations"]
by = Counter(x["rule"] for x in v)
assert set(by) == {"null.placeholder", "format.datetime", "null.conditional", "cost.unit-price", "value.allowed",
                   "header.unknown-column", "value.non-negative", "credit.cost-equal"}, by
# Every placeholder is the text NULL, and every NULL in the file is one.
nulls = sum(1 for r in rows for k, x in r.items() if x == "NULL")
assert by["null.placeholder"] == nulls, (by["null.placeholder"], nulls)
assert all("'NULL'" in x["message"] for x in v if x["rule"] == "null.placeholder")
# The four period columns of every row, "YYYY-MM-DD HH:MM:SS".
assert by["format.datetime"] == 4000
assert {x["column"] for x in v if x["rule"] == "format.datetime"} == {
    "BillingPeriodStart", "BillingPeriodEnd", "ChargePeriodStart", "ChargePeriodEnd"}
# "Usage-based": the rows that write it.
assert by["value.allowed"] == sum(1 for r in rows if r["ChargeFrequency"] == "Usage-based") == 7
assert all(x["column"] == "ChargeFrequency" for x in v if x["rule"] == "value.allowed")
assert [x["column"] for x in v if x["rule"] == "header.unknown-column"] == ["Id"]
assert {x["line"] for x in v if x["rule"] in ("credit.cost-equal", "value.non-negative")} == {458}
assert rows[456]["ChargeCategory"] == "Credit"
assert all(x["column"] in ("ListCost", "ContractedCost") for x in v if x["rule"] == "cost.unit-price")
PY
echo "ok: focus_rules ($n bad files, the shared samples)"
