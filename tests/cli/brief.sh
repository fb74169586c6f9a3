#!/bin/bash
# brief.sh: `drawdown opportunities` and `drawdown brief` on the bundled
# example (examples/drawdown.yaml, examples/charges.csv) as of 2026-12-31:
# the opportunities' JSON keys and the triggers worked out from the example
# by hand (EC2 in 2026-12 and no Graviton credit after 2026-06-30; the
# datadog Marketplace spend; a ramp of 200,000 a month, more than 25 % over
# any projection of the 2026 spend; an incident added to a copy of the
# book); the EDP brief's commitments, term and dates from the book; the
# goodwill brief's record and cost from the book and the CSV; the support
# fee at Enterprise's minimum; figures that other verbs report (the
# commitment's counted, the forecast's leakage) the same in the brief;
# --out written atomically; and the refusals (exit 2 for usage, 1 for an
# unknown incident).
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
src=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
has() { grep -qF -- "$1" "$tmp/out" || fail "${2:-output}: no \"$1\" in: $(head -c 600 "$tmp/out")"; }

b=(--book "$src/examples/drawdown.yaml" --db "$tmp/ex.db")
expect 0 "$dd" "${b[@]}" import "$src/examples/charges.csv"

# By hand from the CSV: EC2 usage in 2026-12 (prod 39,954.61 + staging
# 1,413.24 + sandbox 468.62), datadog over 2026, the year's spend (every row
# but tax), and prod + staging's EC2 usage in 2026-10 (the incident's cost).
csv=$src/examples/charges.csv
sum() { awk -F, "$1"' { s += $7 } END { printf "%.2f\n", s }' "$csv"; }
[ "$(sum '$1 == "2026-12" && $4 == "AmazonEC2" && $5 == "Usage"')" = 41836.47 ] || fail "EC2 2026-12 by hand"
[ "$(sum '$4 == "datadog-infrastructure"')" = 24280.00 ] || fail "datadog by hand"
[ "$(sum 'NR > 1 && $5 != "Tax"')" = 1039766.66 ] || fail "2026 spend by hand"
[ "$(sum '$1 == "2026-10" && $4 == "AmazonEC2" && $5 == "Usage" && ($3 == "222222222222" || $3 == "333333333333")')" = 40733.74 ] ||
	fail "incident cost by hand"

# ---- opportunities ----------------------------------------------------------
expect 0 "$dd" "${b[@]}" opportunities --as-of 2026-12-31 --json
cp "$tmp/out" "$tmp/opp.json"
py "$tmp/opp.json" '
assert list(r) == ["as_of", "currency", "opportunities"], list(r)
assert r["as_of"] == "2026-12-31" and r["currency"] == "USD", r
o = {x["programme"]: x for x in r["opportunities"]}
assert [x["programme"] for x in r["opportunities"]] == ["edp", "map", "poc", "graviton", "marketplace", "partner", "support", "sla"]
for x in r["opportunities"]:
    assert list(x) == ["programme", "held", "trigger", "typical", "when"], list(x)
    assert list(x["typical"]) == ["low", "high"] and x["when"], x
# held: face value expiring on or after 2026-12-31 (EDP-SVC#1 expires that day;
# POC-ANALYTICS 2026-07-31, GRAVITON-STAGING 2026-06-30 have expired)
assert o["edp"]["held"] == "100000" and o["map"]["held"] == "420000", o
assert o["poc"]["held"] == "0" and o["graviton"]["held"] == "0" and o["support"]["held"] == "12000", o
assert o["edp"]["typical"] == {"low": "25000", "high": "250000"}, o["edp"]
assert o["map"]["typical"] == {"low": "100000", "high": "1000000"}
assert o["poc"]["typical"] == {"low": "5000", "high": "25000"}
assert o["graviton"]["typical"] == {"low": "10000", "high": "50000"}
assert o["marketplace"]["typical"] == {"low": "5000", "high": "100000"}
assert o["partner"]["typical"] == {"low": "5000", "high": "50000"}
assert o["support"]["typical"] == {"low": None, "high": None} and o["sla"]["typical"] == {"low": None, "high": None}
assert "no typical range" in o["support"]["when"]
# EDP-2026 ends 2028-12-31, 24 months away, and it is in force: no edp trigger
assert o["edp"]["trigger"] is None and "2028-03-31" in o["edp"]["when"] and "2028-11-01" in o["edp"]["when"], o["edp"]
# every service of the example is billed from 2026-01: nothing new
assert o["poc"]["trigger"] is None
g = o["graviton"]["trigger"]
assert g == "EC2 billed 41,836.47 in 2026-12, the last imported month, and the book holds no Graviton credit expiring on or after 2026-12-31 (GRAVITON-STAGING expired on 2026-06-30).", g
m = o["marketplace"]["trigger"]
assert m == "Marketplace purchases billed 24,280.00 in the last 12 imported months (2026-01 to 2026-12): datadog-infrastructure 24,280.00.", m
assert o["partner"]["trigger"] is None and o["support"]["trigger"] is None and o["sla"]["trigger"] is None
'
# Before GRAVITON-STAGING expired it was held: no graviton trigger.
expect 0 "$dd" "${b[@]}" opportunities --as-of 2026-06-30 --json
py "$tmp/out" '
o = {x["programme"]: x for x in r["opportunities"]}
assert o["graviton"]["held"] == "10000" and o["graviton"]["trigger"] is None, o["graviton"]
'
expect 0 "$dd" "${b[@]}" opportunities --as-of 2026-12-31
has "graviton" && has "present" && has "EC2 billed 41,836.47 in 2026-12"
has "no published range"

# A ramp of 200,000 a month on prod's RDS: the next 12 months are at least
# 2,400,000, over 1.25 x 1,039,766.66 = 1,299,708.33 whatever the rest does.
cat >"$tmp/ramp.yaml" <<'YAML'
ramp:
  - { account: "222222222222", service: AmazonRDS, from: 2027-01, amount: 200000 }
YAML
expect 0 "$dd" "${b[@]}" opportunities --as-of 2026-12-31 --ramp "$tmp/ramp.yaml" --json
py "$tmp/out" '
o = {x["programme"]: x for x in r["opportunities"]}
t = o["map"]["trigger"]
assert t and "over the 1,039,766.66 of the last 12 imported (2026-01 to 2026-12)" in t, t
'

# An incident in a copy of the book: support (goodwill) and sla.
cp "$src/examples/drawdown.yaml" "$tmp/book.yaml"
cat >>"$tmp/book.yaml" <<'YAML'

incidents:
  - id: INC-2026-10-03
    service: AmazonEC2
    sla: ec2-region
    region: us-east-1
    accounts: ["222222222222", "333333333333"]
    start: 2026-10-03T14:05:00Z
    end: 2026-10-03T19:35:00Z
    impact: checkout unavailable
YAML
i=(--book "$tmp/book.yaml" --db "$tmp/ex.db")
expect 0 "$dd" "${i[@]}" opportunities --as-of 2026-12-31 --json
py "$tmp/out" '
o = {x["programme"]: x for x in r["opportunities"]}
s, l = o["support"]["trigger"], o["sla"]["trigger"]
assert s == "Incidents in the book: INC-2026-10-03 (AmazonEC2, ec2-region, us-east-1, from 2026-10-03 14:05 UTC for 5 h 30 min), impact: checkout unavailable.", s
assert "INC-2026-10-03" in l and "by 2026-12-31 at the latest" in l and "2026-11-02" in l, l
'

# ---- brief --for edp --------------------------------------------------------
expect 0 "$dd" "${b[@]}" brief --for edp --as-of 2026-12-31
cp "$tmp/out" "$tmp/edp.md"
has "# EDP credit request: EDP-2026"
has "Term: 2026-01-01 to 2028-12-31 (3 years)"
has "| 1 | 2026-01-01 | 2026-12-31 | 1,200,000.00 | 6% |"
has "| 2 | 2027-01-01 | 2027-12-31 | 1,500,000.00 | 7% |"
has "| 3 | 2028-01-01 | 2028-12-31 | 1,800,000.00 | 8% |"
has "| **Total** | 2026-01-01 | 2028-12-31 | **4,500,000.00** |"
has "| 2028-03-31 | The renewal window opens"
has "| 2028-11-01 | The 60-day mark"
has "| 2028-12-31 | EDP-2026 ends |"
has "EDP service credits: 25,000.00 to 250,000.00 a year"
has "Held: 100,000.00 of edp credits expiring on or after 2026-12-31 (EDP-SVC#1 50,000.00 to 2026-12-31, EDP-SVC#2 30,000.00 to 2027-12-31, EDP-SVC#3 20,000.00 to 2028-12-31)."
# 24 projected months inside the term (2027-01 .. 2028-12), none after it
[ "$(grep -cE '^\| 202[78]-[0-9]{2} \| [23] \|' "$tmp/out")" -eq 24 ] || fail "edp: projected months"
grep -q '^| 2029-' "$tmp/out" && fail "edp: a month after the term"
# Year 1 is imported: its counted is the commitment verb's, its headroom the
# shortfall; the leakage rows are the forecast's.
expect 0 "$dd" "${b[@]}" commitment --month 2026-12 --json
cp "$tmp/out" "$tmp/commitment.json"
expect 0 "$dd" "${b[@]}" forecast --json
cp "$tmp/out" "$tmp/forecast.json"
python3 - "$tmp/edp.md" "$tmp/commitment.json" "$tmp/forecast.json" <<'PY' || fail "edp brief against commitment and forecast"
import json, sys
from decimal import Decimal as D
md = open(sys.argv[1]).read()
y1 = json.load(open(sys.argv[2]))["years"][0]
fc = json.load(open(sys.argv[3]))
cents = lambda s: "{:,.2f}".format(D(s))
row = [l for l in md.splitlines() if l.startswith("| 1 | 2026-01-01")][0]
assert cents(y1["counted"]) + " (imported)" in row, (row, y1)
assert "-" + cents(y1["shortfall"]) + ": shortfall" in row, (row, y1)
leaks = [c for c in fc["credits"] if D(c["leak_probability"]) > 0]
assert leaks, "the example has a credit that leaks (MAP-WAVE2)"
for c in leaks:
    line = [l for l in md.splitlines() if l.startswith("| " + c["id"] + " |")]
    assert line, c["id"]
    assert cents(c["leakage"]["p50"]) in line[0] and c["suggested_expiry"] in line[0], (line, c)
PY

# Without an agreement the example's 1,039,766.66 a year is over 1,000,000:
# the edp trigger, and a brief for a first EDP.
printf 'currency: USD\norganization:\n  payer: "111111111111"\n' >"$tmp/bare.yaml"
n=(--book "$tmp/bare.yaml" --db "$tmp/ex.db")
expect 0 "$dd" "${n[@]}" opportunities --as-of 2026-12-31 --json
py "$tmp/out" '
o = {x["programme"]: x for x in r["opportunities"]}
t = o["edp"]["trigger"]
assert t == "The book has no EDP agreement, and the last 12 imported months (2026-01 to 2026-12) billed 1,039,766.66 of spend: over the 1,000,000.00 a year at which an EDP is usually offered.", t
'
expect 0 "$dd" "${n[@]}" brief --for edp --as-of 2026-12-31
has "# EDP credit request: a first agreement"
has "The last 12 imported months (2026-01 to 2026-12) billed 1,039,766.66 of spend."

# ---- brief --for map --------------------------------------------------------
expect 0 "$dd" "${b[@]}" brief --for map --as-of 2026-12-31 --ramp "$tmp/ramp.yaml"
has "# MAP credit request"
has "against 1,039,766.66 in the last 12 imported months"
has "A ramp of 25% or more"
has "| prod (222222222222) | AmazonRDS | 2027-01 | - | +200,000.00 a month |"
has "| **Total** | **1,039,766.66** |"
has "MAP credits: 100,000.00 to 1,000,000.00 a year"
has "The migration plan starts in 2027-01: ask before it does."

# ---- brief --for support ----------------------------------------------------
# Enterprise: the greater of 15,000 a month and the tiers (10 % of the first
# 150,000); the example spends about 100,000 a month: 12 x 15,000.
expect 0 "$dd" "${b[@]}" brief --for support --as-of 2026-12-31
has "The book's support plan: enterprise."
has "| 2027-01 to 2027-12 | 180,000.00 |"
has "Held: 12,000.00 of support credits expiring on or after 2026-12-31 (SUPPORT-2026 12,000.00 to 2026-12-31)."
has "from the renewal window's opening on 2028-03-31, before the 60-day mark of 2028-11-01"

# ---- brief --for goodwill ---------------------------------------------------
expect 0 "$dd" "${i[@]}" brief --for goodwill --incident INC-2026-10-03 --as-of 2026-12-31
cp "$tmp/out" "$tmp/goodwill.md"
has "# Goodwill credit request: INC-2026-10-03"
has "- Service: AmazonEC2, under the SLA ec2-region"
has "- Region: us-east-1"
has "- From 2026-10-03 14:05 UTC to 2026-10-03 19:35 UTC: 5 h 30 min"
has "- Accounts: prod (222222222222), staging (333333333333)"
has "- Impact: checkout unavailable"
has "| 2026-10 | prod (222222222222) | 39,350.22 |"
has "| 2026-10 | staging (333333333333) | 1,383.52 |"
has "| **Total** | | **40,733.74** |"
has "| 2026-11-02 | The SLA claim, recommended"
has "| 2026-12-31 | The SLA claim's hard deadline"

# --out: the same bytes, written atomically (no temporary left), stdout empty.
expect 0 "$dd" "${i[@]}" brief --for goodwill --incident INC-2026-10-03 --as-of 2026-12-31 --out "$tmp/gw.md"
[ -s "$tmp/out" ] && fail "--out: output on stdout"
cmp -s "$tmp/gw.md" "$tmp/goodwill.md" || fail "--out differs from stdout"
ls "$tmp" | grep -q 'gw.md.tmp' && fail "--out left a temporary file"
echo old >"$tmp/edp-out.md"
expect 0 "$dd" "${b[@]}" brief --for edp --as-of 2026-12-31 --out "$tmp/edp-out.md"
cmp -s "$tmp/edp-out.md" "$tmp/edp.md" || fail "--out did not replace the file"
expect 1 "$dd" "${b[@]}" brief --for edp --as-of 2026-12-31 --out "$tmp/no-such-dir/b.md"
grep -q -- "--out" "$tmp/err" || fail "--out in a missing folder: $(cat "$tmp/err")"

# ---- refusals ---------------------------------------------------------------
expect 1 "$dd" "${i[@]}" brief --for goodwill --incident INC-NOPE
grep -q 'no incident "INC-NOPE"' "$tmp/err" || fail "unknown incident: $(cat "$tmp/err")"
for bad in "" "--for" "--for goodwill" "--for cheese" "--for edp --incident INC-2026-10-03" "--for edp --json=1" \
	"--for edp --as-of 2026-13-01" "--for map --bogus" "--for goodwill --incident INC-2026-10-03 --ramp $tmp/ramp.yaml"; do
	expect 2 "$dd" "${i[@]}" brief $bad
	[ -s "$tmp/out" ] && fail "brief $bad: output on stdout"
done
for bad in "--as-of 2026-12" "--bogus" "--json=1"; do
	expect 2 "$dd" "${b[@]}" opportunities $bad
done
grep -q -- "--json takes no value" "$tmp/err" || fail "opportunities --json=1: $(cat "$tmp/err")"
# --json: the same brief as a JSON string, for scripts
expect 0 "$dd" "${b[@]}" brief --for edp --as-of 2026-12-31
cp "$tmp/out" "$tmp/edp.md"
expect 0 "$dd" "${b[@]}" brief --for edp --as-of 2026-12-31 --json
python3 - "$tmp/out" "$tmp/edp.md" <<'PY' || fail "brief --json"
import json, sys
r = json.load(open(sys.argv[1]))
assert (r["for"], r["as_of"], r["incident"]) == ("edp", "2026-12-31", None), r
assert r["markdown"] == open(sys.argv[2]).read()
PY
echo "brief.sh: ok"
