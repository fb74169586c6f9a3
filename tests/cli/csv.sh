#!/bin/bash
# csv.sh: --csv on the table verbs, over the bundled example: each output
# parses as RFC 4180 CSV (python's csv module) with a header row and rows of
# the header's width, no prose, no colour; every amount equals, as an exact
# decimal, the verb's --json figure for the same row (matched in python by
# key, not pasted). Also: zero lines hidden from tables with a note and
# shown by --all (kept in --json and --csv); colour only when asked for a
# terminal (DRAWDOWN_FORCE_COLOR stands for one) and never with NO_COLOR
# set, --json or --csv.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
export DRAWDOWN_BOOK=$root/examples/drawdown.yaml DRAWDOWN_DB=$tmp/e.db
"$dd" import "$root/examples/charges.csv" >/dev/null || fail "import"

run() { # run NAME ARGS...: $tmp/NAME.csv and $tmp/NAME.json
	local name=$1; shift
	"$dd" "$@" --csv >"$tmp/$name.csv" 2>"$tmp/err" || fail "$* --csv: $(cat "$tmp/err")"
	"$dd" "$@" --json >"$tmp/$name.json" 2>"$tmp/err" || fail "$* --json: $(cat "$tmp/err")"
}
run bill bill --month 2026-12
run balance balance --month 2026-06
run commitment commitment --month 2026-12
run forecast forecast --months 6 --paths 40
run advise advise --as-of 2026-12-31
run calendar calendar --as-of 2026-01-01
run opportunities opportunities --as-of 2026-12-31
run reconcile reconcile --month 2026-03
run slalist sla list
# import: the periods it read (fresh stores, so both runs import the same)
"$dd" --db "$tmp/i1.db" import "$root/examples/charges.csv" --csv >"$tmp/import.csv" || fail "import --csv"
"$dd" --db "$tmp/i2.db" import "$root/examples/charges.csv" --json >"$tmp/import.json" || fail "import --json"

python3 - "$tmp" <<'PY' || fail "CSV against JSON"
import csv, io, json, sys
from decimal import Decimal as D
tmp = sys.argv[1]

def load(name):
    raw = open("%s/%s.csv" % (tmp, name), "rb").read()
    assert b"\x1b" not in raw, name + ": colour in CSV"
    text = raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows, name + ": empty"
    head = rows[0]
    assert all(h and h == h.lower() and " " not in h for h in head), (name, head)
    for r in rows[1:]:
        assert len(r) == len(head), (name, r)  # no prose lines
    return [dict(zip(head, r)) for r in rows[1:]], json.load(open("%s/%s.json" % (tmp, name)))

def eq(name, a, b):
    assert D(a) == D(b), "%s: csv %s, json %s" % (name, a, b)
    assert "," not in a and "e" not in a.lower(), name + ": not a plain decimal: " + a

rows, j = load("import")
per = {(p["period"], p["payer"]): p for p in j["periods"]}
assert len(rows) == len(per) == 12, (len(rows), len(per))
for r in rows:
    p = per[(r["period"], r["payer"])]
    eq("import amount", r["amount"], p["amount"])
    assert int(r["rows"]) == p["rows"], r

rows, j = load("bill")
assert len(rows) == len(j["lines"]) and rows, (len(rows), len(j["lines"]))
lines = {(l["account"], l["service"]): l for l in j["lines"]}
for r in rows:
    l = lines[(r["account"], r["service"])]
    for k in ("gross", "credits", "discount", "payable", "tax"):
        eq("bill " + k, r[k], l[k])
    assert r["marketplace"] == str(l["marketplace"]).lower()
# the lines add up to the bill's totals (before tax, support and shortfall)
assert sum(D(r["credits"]) for r in rows) == D(j["totals"]["credits_before_discount"]) + D(j["totals"]["credits_after_discount"])

rows, j = load("balance")
cr = {c["id"]: c for c in j["credits"]}
assert len(rows) == len(cr)
for r in rows:
    c = cr[r["credit"]]
    for k in ("initial", "consumed", "remaining", "expired"):
        eq("balance " + k, r[k], c[k])
    assert r["status"] == c["status"] and r["expires"] == c["expires"] and r["type"] == c["type"]

rows, j = load("commitment")
assert [int(r["year"]) for r in rows] == [y["year"] for y in j["years"]]
for r, y in zip(rows, j["years"]):
    for k in ("commitment", "counted", "carried_in", "shortfall"):
        eq("commitment " + k, r[k], y[k])

rows, j = load("forecast")
assert [r["month"] for r in rows] == [m["month"] for m in j["months"]] and len(rows) == 6
for r, m in zip(rows, j["months"]):
    for k in ("gross", "credits", "discount", "support_fee", "support_credits", "payable", "counted"):
        eq("forecast " + k, r[k], m[k]["p50"])
    eq("forecast p10", r["payable_p10"], m["payable"]["p10"])
    eq("forecast p90", r["payable_p90"], m["payable"]["p90"])

rows, j = load("advise")
assert len(rows) == len(j["findings"]) and rows
for i, (r, f) in enumerate(zip(rows, j["findings"])):
    assert int(r["rank"]) == i + 1 and r["kind"] == f["kind"] and r["severity"] == f["severity"]
    assert r["subject"] == f["subject"] and r["message"] == f["message"] and r["action"] == f["action"]
    if f["amount"] is None:
        assert r["amount"] == ""
    else:
        eq("advise amount", r["amount"], f["amount"])
    assert r["date"] == (f["date"] or "")

rows, j = load("calendar")
assert len(rows) == len(j["events"]) and rows
for r, e in zip(rows, j["events"]):
    assert r["date"] == e["date"] and r["event"] == e["kind"] and r["subject"] == e["subject"]
    if e["amount"] is None:
        assert r["amount"] == ""
    else:
        eq("calendar amount", r["amount"], e["amount"])

rows, j = load("opportunities")
assert [r["programme"] for r in rows] == [o["programme"] for o in j["opportunities"]]
for r, o in zip(rows, j["opportunities"]):
    eq("opportunities held", r["held"], o["held"])
    if o["typical"]["low"] is not None:
        eq("typical low", r["typical_low"], o["typical"]["low"])
        eq("typical high", r["typical_high"], o["typical"]["high"])

rows, j = load("reconcile")
assert len(rows) == len(j["rows"])
for r, w in zip(rows, j["rows"]):
    assert (r["credit"], r["account"], r["service"]) == (w["credit"], w["account"], w["service"])
    for k in ("simulated", "actual", "difference"):
        eq("reconcile " + k, r[k], w[k])

rows, j = load("slalist")
assert [r["name"] for r in rows] == [s["name"] for s in j["slas"]]
for r, s in zip(rows, j["slas"]):
    eq("sla commitment", r["commitment"], s["commitment"])
PY

# --csv with --json is a usage error, as charges has always refused it.
expect 2 "$dd" bill --month 2026-12 --csv --json
expect 2 "$dd" advise --csv --json

# Zero lines: a service billed 0.00 is a line of zeros; the table hides it
# and says so, --all shows it, --json and --csv keep it.
printf '%s\n' billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount \
	2026-01,111111111111,111111111111,AmazonEC2,Usage,AWS,100 \
	2026-01,111111111111,111111111111,AmazonS3,Usage,AWS,0.00 >"$tmp/zero.csv"
z=(--book "$root/tests/data/cli/shortfall/book.yaml" --db "$tmp/z.db")
"$dd" "${z[@]}" import "$tmp/zero.csv" >/dev/null || fail "import zero.csv"
expect 0 "$dd" "${z[@]}" bill --month 2026-01
grep -q AmazonEC2 "$tmp/out" || fail "bill: EC2 line missing"
grep -q AmazonS3 "$tmp/out" && fail "bill: the zero S3 line is shown without --all"
grep -q '^  1 zero line hidden (--all shows them)$' "$tmp/out" || fail "bill: no note: $(cat "$tmp/out")"
expect 0 "$dd" "${z[@]}" bill --month 2026-01 --all
grep -qE '^  111111111111 +AmazonS3 +0\.00 +0\.00 +0\.00 +0\.00$' "$tmp/out" || fail "bill --all: $(cat "$tmp/out")"
grep -q 'hidden' "$tmp/out" && fail "bill --all: a note of hidden lines"
expect 0 "$dd" "${z[@]}" bill --month 2026-01 --json
py "$tmp/out" 'assert sorted(l["service"] for l in r["lines"]) == ["AmazonEC2", "AmazonS3"], r["lines"]'
expect 0 "$dd" "${z[@]}" bill --month 2026-01 --csv
grep -q '^111111111111,AmazonS3,0,0,0,0,0,false' "$tmp/out" || fail "bill --csv lost the zero line"
expect 0 "$dd" "${z[@]}" charges
grep -q AmazonS3 "$tmp/out" && fail "charges: the 0.00 charge shown without --all"
grep -q 'zero line hidden' "$tmp/out" || fail "charges: no note"
expect 0 "$dd" "${z[@]}" charges --all
grep -q AmazonS3 "$tmp/out" || fail "charges --all"
# forecast: credits with nothing left (the example's expired ones) hidden
expect 0 "$dd" forecast --months 3 --paths 20
n=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(r["credits"]))' "$tmp/forecast.json")
shown=$(grep -cE '^  [A-Z].* \((edp|map|poc|promotional|graviton|support|sla|marketplace|partner|other)' "$tmp/out")
hidden=$(sed -nE 's/^  ([0-9]+) zero lines? hidden \(--all shows them\)$/\1/p' "$tmp/out")
[ -n "$hidden" ] && [ $((shown + hidden)) -eq "$n" ] || fail "forecast: $shown shown + ${hidden:-?} hidden != $n credits"
expect 0 "$dd" forecast --months 3 --paths 20 --all
[ "$(grep -cE '^  [A-Z].* \((edp|map|poc|promotional|graviton|support|sla|marketplace|partner|other)' "$tmp/out")" -eq "$n" ] || fail "forecast --all"

# Colour: none in a pipe; bold headers and severities when a terminal is
# stood for; none with NO_COLOR non-empty, --json or --csv; an empty
# NO_COLOR does not count (no-color.org).
esc=$'\033'
"$dd" balance >"$tmp/plain" || fail balance
grep -q "$esc" "$tmp/plain" && fail "colour in a pipe"
DRAWDOWN_FORCE_COLOR=1 "$dd" balance >"$tmp/col" || fail balance
grep -q "$esc\[1m" "$tmp/col" || fail "no bold header on a terminal"
[ "$(sed "s/$esc\[[0-9;]*m//g" "$tmp/col")" = "$(cat "$tmp/plain")" ] || fail "colour changed the text"
DRAWDOWN_FORCE_COLOR=1 NO_COLOR= "$dd" balance | grep -q "$esc" || fail "an empty NO_COLOR turned colour off"
for args in "balance" "balance --json" "balance --csv" "advise --as-of 2026-12-31"; do
	DRAWDOWN_FORCE_COLOR=1 NO_COLOR=1 "$dd" $args | grep -q "$esc" && fail "colour with NO_COLOR=1: $args"
done
for args in "balance --json" "balance --csv" "advise --as-of 2026-12-31 --json"; do
	DRAWDOWN_FORCE_COLOR=1 "$dd" $args | grep -q "$esc" && fail "colour in $args"
done
DRAWDOWN_FORCE_COLOR=1 "$dd" advise --as-of 2026-12-31 | grep -q "\[$esc\[1;31mcritical$esc\[0m\]" || fail "advise: critical not red"
echo PASS
