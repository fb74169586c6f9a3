#!/bin/bash
# advise.sh: `drawdown advise` on the bundled example as a new user runs it,
# with figures worked out from the book and the CSV (not from drawdown): on
# 2026-12-31 year 1's shortfall (1,200,000 less what `commitment` counts),
# the before-discount credits' lost value (remaining x 6 %), MAP-WAVE1's
# untagged RDS + ElastiCache spend of 2026-12 (summed from the CSV),
# MAP-WAVE2's leakage with the expiry to ask for; the renewal window and
# critical mark on their dates; the order; and bad input.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
b=(--book "$root/examples/drawdown.yaml" --db "$tmp/ex.db")
"$dd" "${b[@]}" import "$root/examples/charges.csv" >/dev/null || fail "import"
"$dd" "${b[@]}" commitment --month 2026-12 --json >"$tmp/commit.json" || fail "commitment"
"$dd" "${b[@]}" advise --as-of 2026-12-31 --json >"$tmp/a.json" || fail "advise"
python3 - "$tmp/a.json" "$tmp/commit.json" "$root/examples/charges.csv" <<'PY' || fail "advise on 2026-12-31"
import csv, json, sys
from decimal import Decimal as D
r = json.load(open(sys.argv[1]))
assert r["as_of"] == "2026-12-31" and r["currency"] == "USD", r
f = {(x["kind"], x["subject"]): x for x in r["findings"]}
for x in r["findings"]:
    assert set(["kind", "severity", "date", "amount", "subject", "action", "message"]) <= set(x), x
    assert x["action"].endswith(".") and x["message"], x
# year 1: the commitment less what counted
y1 = json.load(open(sys.argv[2]))["years"][0]
s = f[("commitment_shortfall", "EDP-2026")]
assert D(s["amount"]) == D("1200000") - D(y1["counted"]) == D(y1["shortfall"]), (s, y1)
assert s["severity"] == "critical" and s["year"] == 1 and s["probability"] == "1" and s["date"] == "2026-12-31", s
# before the discount at 6 % (year 1): MAP-WAVE2 300,000 -> 18,000; the EDP tranches 30,000 and 20,000
assert f[("before_discount_credit", "MAP-WAVE2")]["amount"] == "18000"
assert f[("before_discount_credit", "EDP-SVC#2")]["amount"] == "1800"
assert f[("before_discount_credit", "EDP-SVC#3")]["amount"] == "1200"
# untagged: 222's RDS and ElastiCache usage in 2026-12, from the CSV
want = sum(D(row["amount"]) for row in csv.DictReader(open(sys.argv[3]))
           if row["billing_period"] == "2026-12" and row["usage_account"] == "222222222222"
           and row["service"] in ("AmazonRDS", "AmazonElastiCache") and row["charge_type"] == "Usage")
m = f[("map_untagged", "MAP-WAVE1")]
assert D(m["amount"]) == want, (m, want)
# MAP-WAVE2 leaks: an expiry to ask for, later than its own, at a 6-month step from 2027-01
e = f[("expiry_too_short", "MAP-WAVE2")]
assert D(e["amount"]) > 0 and e["date"] == "2027-12-31", e
assert e["months_needed"] > 12 and e["suggested_expiry"] > "2027-12-31", e
assert e["suggested_expiry"][5:] in ("06-30", "12-31"), e
# order: severity, then amount
sev = {"critical": 0, "warning": 1, "info": 2}
k = [(sev[x["severity"]], -D(x["amount"] or 0)) for x in r["findings"]]
assert k == sorted(k), k
assert not any(x["kind"].startswith("renewal") for x in r["findings"])
PY
"$dd" "${b[@]}" advise --as-of 2028-03-31 --json >"$tmp/w.json" || fail "advise 2028-03-31"
py "$tmp/w.json" '
w = [x for x in r["findings"] if x["kind"] == "renewal_window"]
assert len(w) == 1 and w[0]["date"] == "2028-03-31" and w[0]["severity"] == "warning" and "2028-11-01" in w[0]["message"], w
'
"$dd" "${b[@]}" advise --as-of 2028-11-01 --json >"$tmp/c.json" || fail "advise 2028-11-01"
py "$tmp/c.json" '
c = [x for x in r["findings"] if x["kind"] == "renewal_critical"]
assert len(c) == 1 and c[0]["date"] == "2028-11-01" and c[0]["severity"] == "critical", c
assert not [x for x in r["findings"] if x["kind"] == "renewal_window"]
'
"$dd" "${b[@]}" advise --as-of 2026-12-31 >"$tmp/text" || fail "advise table"
grep -q "MAP-WAVE2 is projected to leave" "$tmp/text" || fail "advise text: $(head -5 "$tmp/text")"
grep -q -- "-> Ask for MAP-WAVE2 to expire on" "$tmp/text" || fail "advise text: no action"
"$dd" "${b[@]}" advise --as-of 2026-13-01 >/dev/null 2>"$tmp/err" && fail "a bad --as-of was accepted"
[ $? -eq 2 ] || fail "bad --as-of: exit status"
grep -q -- "--as-of" "$tmp/err" || fail "bad --as-of message: $(cat "$tmp/err")"
"$dd" --book "$root/examples/drawdown.yaml" --db "$tmp/none.db" advise >/dev/null 2>&1 && fail "advise without a store"
# The aggregated CSV's map_migrated column: RDS of 222 tagged in 2026-12 leaves
# only ElastiCache untagged; a value other than true/false is refused with
# its line and column, and nothing is imported.
python3 - "$root/examples/charges.csv" "$tmp/tagged.csv" "$tmp/badtag.csv" <<'PY' || fail "tagged CSV"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for out, bad in ((sys.argv[2], False), (sys.argv[3], True)):
    with open(out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]) + ["map_migrated"])
        w.writeheader()
        for r in rows:
            tag = r["billing_period"] == "2026-12" and r["usage_account"] == "222222222222" and r["service"] == "AmazonRDS"
            w.writerow(dict(r, map_migrated=("maybe" if bad else "true") if tag else ("" if bad else "false")))
PY
t=(--book "$root/examples/drawdown.yaml" --db "$tmp/tagged.db")
"$dd" "${t[@]}" import "$tmp/tagged.csv" >/dev/null || fail "import with map_migrated"
"$dd" "${t[@]}" advise --as-of 2026-12-31 --json >"$tmp/t.json" || fail "advise tagged"
python3 - "$tmp/t.json" "$root/examples/charges.csv" <<'PY' || fail "map_untagged with the tag"
import csv, json, sys
from decimal import Decimal as D
f = {(x["kind"], x["subject"]): x for x in json.load(open(sys.argv[1]))["findings"]}
want = sum(D(r["amount"]) for r in csv.DictReader(open(sys.argv[2])) if r["billing_period"] == "2026-12"
           and r["usage_account"] == "222222222222" and r["service"] == "AmazonElastiCache" and r["charge_type"] == "Usage")
assert D(f[("map_untagged", "MAP-WAVE1")]["amount"]) == want, f[("map_untagged", "MAP-WAVE1")]
PY
"$dd" --book "$root/examples/drawdown.yaml" --db "$tmp/bad.db" import "$tmp/badtag.csv" >/dev/null 2>"$tmp/err" && fail "map_migrated=maybe accepted"
grep -q "badtag.csv:[0-9]*:8" "$tmp/err" || fail "bad map_migrated: $(cat "$tmp/err")"
grep -qi "true or false" "$tmp/err" || fail "bad map_migrated message: $(cat "$tmp/err")"
[ -e "$tmp/bad.db" ] && "$dd" --book "$root/examples/drawdown.yaml" --db "$tmp/bad.db" charges --json 2>/dev/null | grep -q AmazonRDS && fail "rows kept after a failed import"
echo "PASS: advise"
