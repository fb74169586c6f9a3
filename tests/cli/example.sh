#!/bin/bash
# example.sh: the bundled example (examples/drawdown.yaml, charges.csv)
# through the CLI: the book checks, every month's bill obeys conservation
# (SPEC 3.1) and adds up from its lines, every credit's balance is
# initial = consumed + remaining + expired, January matches a computation
# by hand, and the two leaking credits match sums taken from the CSV.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
export DRAWDOWN_BOOK=$root/examples/drawdown.yaml DRAWDOWN_DB=$tmp/e.db

"$dd" check >/dev/null || fail "the example book does not check"
"$dd" import "$root/examples/charges.csv" >/dev/null || fail "import"
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
	"$dd" bill --month "2026-$m" --json >"$tmp/bill-$m.json" || fail "bill 2026-$m"
	"$dd" balance --month "2026-$m" --json >"$tmp/balance-$m.json" || fail "balance 2026-$m"
	"$dd" bill --month "2026-$m" >/dev/null || fail "bill table 2026-$m"
done
"$dd" commitment --month 2026-12 --json >"$tmp/commitment.json" || fail "commitment"
"$dd" balance >/dev/null && "$dd" commitment >/dev/null || fail "tables"
# without --month, bill and reconcile take the last imported month (2026-12)
"$dd" bill --json >"$tmp/bill-last.json" || fail "bill without --month"
cmp -s "$tmp/bill-last.json" "$tmp/bill-12.json" || fail "bill without --month is not 2026-12's"
"$dd" reconcile --json | grep -q '"month": "2026-12"' || fail "reconcile without --month is not 2026-12"

python3 - "$tmp" "$root/examples/charges.csv" <<'PY' || fail "example assertions"
import csv, json, sys
from decimal import Decimal as D
tmp, charges = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(charges)))

for m in range(1, 13):
    b = json.load(open("%s/bill-%02d.json" % (tmp, m)))
    t = {k: D(v) for k, v in b["totals"].items()}
    # SPEC 3.1: gross - credits - discount + support - support credits + tax = payable.
    lhs = (t["gross"] - t["credits_before_discount"] - t["discount"] - t["credits_after_discount"]
           + t["support_fee"] - t["support_credits"] + t["tax"])
    assert lhs == t["payable"], (m, lhs, t)
    lines = b["lines"]
    assert sum(D(l["gross"]) for l in lines) + t["shortfall"] == t["gross"], m
    assert sum(D(l["credits"]) for l in lines) == t["credits_before_discount"] + t["credits_after_discount"], m
    assert sum(D(l["discount"]) for l in lines) == t["discount"], m
    assert sum(D(l["tax"]) for l in lines) == t["tax"], m
    for l in lines:
        assert D(l["gross"]) - D(l["credits"]) - D(l["discount"]) == D(l["payable"]), (m, l)
    # Gross and tax equal the CSV's own sums (no shortfall before December).
    mine = [r for r in rows if r["billing_period"] == "2026-%02d" % m]
    assert t["gross"] - t["shortfall"] == sum(D(r["amount"]) for r in mine if r["charge_type"] != "Tax"), m
    assert t["tax"] == sum(D(r["amount"]) for r in mine if r["charge_type"] == "Tax"), m
    assert t["leakage"] == sum(D(c["expired"]) for c in b["credits"]), m
    bal = json.load(open("%s/balance-%02d.json" % (tmp, m)))
    for c in bal["credits"]:
        assert D(c["initial"]) == D(c["consumed"]) + D(c["remaining"]) + D(c["expired"]), (m, c)
    # The bill's credits and the balance agree on what remains.
    assert [c["remaining"] for c in b["credits"]] == [c["remaining"] for c in bal["credits"]], m

# January by hand (examples/charges.csv, 2026-01):
#   usage: payer 174.98 + 94.31 + 242.74 + 415.08 = 927.11; prod 34,890.80 +
#   12,131.25 + 4,717.44 + 2,655.90 + 972.42 + 1,728.73 + 2,306.90 = 59,403.44;
#   staging 1,222.32 + 772.16 + 248.35 = 2,242.83; data 7,692.30 + 2,181.06 +
#   3,636.72 + 539.19 = 14,049.27 (+ Marketplace 1,922.34); sandbox 418.20 +
#   45.23 = 463.43. Gross 79,008.42; tax 2,180.68 + 480.77 = 2,661.45.
#   Phase 1, by expiry: SANDBOX-PROMO (Mar) takes sandbox's 463.43;
#   GRAVITON-STAGING (Jun, EC2, stays on staging) 1,222.32; EDP-SVC#1 (Dec)
#   50,000: payer first (927.11), then prod, the largest: EC2 34,890.80, RDS
#   12,131.25, S3 the last 2,050.84. Credits 51,685.75.
#   Discount 6 % of 79,008.42 - 1,922.34 (Marketplace) - 51,685.75 =
#   25,400.33 -> 1,524.0198.
#   Enterprise support: base 79,008.42 - 1,922.34 = 77,086.08, 10 % =
#   7,708.608 < 15,000 minimum -> 15,000; SUPPORT-2026 covers 12,000.
#   Payable 79,008.42 - 51,685.75 - 1,524.0198 + 15,000 - 12,000 + 2,661.45
#   = 31,460.1002.
#   Counted (net): 25,400.33 x 0.94 = 23,876.3102 + support 3,000 +
#   Marketplace 1,922.34 + credits 51,685.75 = 80,484.4002.
b = json.load(open(tmp + "/bill-01.json"))
t = b["totals"]
assert (t["gross"], t["credits_before_discount"], t["discount"]) == ("79008.42", "51685.75", "1524.0198"), t
assert (t["support_fee"], t["support_credits"], t["tax"], t["payable"]) == ("15000", "12000", "2661.45", "31460.1002"), t
assert t["counted"] == "80484.4002", t
lines = {(l["account"], l["service"]): l for l in b["lines"]}
assert lines[("222222222222", "AmazonS3")]["credits"] == "2050.84", lines[("222222222222", "AmazonS3")]
assert lines[("444444444444", "datadog-infrastructure")]["marketplace"] is True
assert lines[("444444444444", "datadog-infrastructure")]["credits"] == "0"
c = {x["id"]: x for x in b["credits"]}
assert (c["EDP-SVC#1"]["applied"], c["GRAVITON-STAGING"]["applied"], c["SANDBOX-PROMO"]["applied"]) == ("50000", "1222.32", "463.43"), c

# Leakage from the CSV: the sandbox does not share, so SANDBOX-PROMO pays all
# its charges until it expires in March; GRAVITON-STAGING pays staging's EC2
# (no earlier credit can) until it expires in June.
def spend(acct, months, svc=None):
    return sum(D(r["amount"]) for r in rows if r["usage_account"] == acct and r["charge_type"] == "Usage"
               and r["billing_period"] in months and (svc is None or r["service"] == svc))
q1 = ["2026-%02d" % m for m in (1, 2, 3)]
h1 = ["2026-%02d" % m for m in range(1, 7)]
bal = {x["id"]: x for x in json.load(open(tmp + "/balance-12.json"))["credits"]}
assert D(bal["SANDBOX-PROMO"]["expired"]) == 3000 - spend("555555555555", q1), bal["SANDBOX-PROMO"]
assert D(bal["GRAVITON-STAGING"]["expired"]) == 10000 - spend("333333333333", h1, "AmazonEC2"), bal["GRAVITON-STAGING"]
m3 = {x["id"]: x for x in json.load(open(tmp + "/bill-03.json"))["credits"]}
assert D(m3["SANDBOX-PROMO"]["expired"]) == 3000 - spend("555555555555", q1), m3["SANDBOX-PROMO"]
# The MAP credit is locked until its milestone month (2026-06).
m5 = {x["id"]: x for x in json.load(open(tmp + "/bill-05.json"))["credits"]}
assert m5["MAP-WAVE1"]["applied"] == "0" and m5["MAP-WAVE1"]["status"] == "locked", m5["MAP-WAVE1"]
m6 = {x["id"]: x for x in json.load(open(tmp + "/bill-06.json"))["credits"]}
assert D(m6["MAP-WAVE1"]["applied"]) > 0, m6["MAP-WAVE1"]

# Commitment: year 1 counted equals the sum of the months' counted; the
# shortfall line of December is what the commitment verb reports.
cm = json.load(open(tmp + "/commitment.json"))
y1 = cm["years"][0]
counted = sum(D(json.load(open("%s/bill-%02d.json" % (tmp, m)))["totals"]["counted"]) for m in range(1, 13))
assert D(y1["counted"]) == counted, (y1, counted)
assert D(y1["shortfall"]) == max(D(0), D(y1["commitment"]) - counted), y1
dec = json.load(open(tmp + "/bill-12.json"))["totals"]
assert D(dec["shortfall"]) == D(y1["shortfall"]), (dec, y1)
assert [y["shortfall"] for y in cm["years"][1:]] == ["1500000", "1800000"], cm
PY
echo PASS
