#!/bin/bash
# scenarios.sh: hand-computed bills, balances and commitments through the
# CLI's JSON (tests/data/cli/<name>/book.yaml + charges.csv). Every expected
# amount is worked out in the comments; amounts are exact decimal strings.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
src=$(cd "${DD_SOURCE_DIR:-.}" && pwd)/tests/data/cli
# run NAME ARGS...: the verb on scenario NAME's book and store, JSON to $tmp/NAME.json.
run() {
	local name=$1; shift
	"$dd" --book "$src/$name/book.yaml" --db "$tmp/$name.db" "$@" >"$tmp/$name.json" 2>"$tmp/err" ||
		fail "$name: $* exited $? ($(cat "$tmp/err"))"
}
# check NAME PYTHON: assertions on the JSON, bound to r.
check() {
	python3 -c "import json,sys
r = json.load(open(sys.argv[1]))
$2" "$tmp/$1.json" || fail "$1: assertion failed"
}
for s in aws_vector discount expiry shortfall support_owner gross_support zero_credit; do
	run "$s" import "$src/$s/charges.csv"
done

# SPEC 3 step 3 (AWS's example). A ($10, EC2+S3) expires first and goes
# first, to the larger charge: EC2 100 - 10 = 90; then B ($5, EC2): 90 - 5
# = 85. S3 keeps its 50. Totals: gross 150, credits 15, payable 135.
run aws_vector bill --month 2026-01 --json
check aws_vector '
lines = {l["service"]: l for l in r["lines"]}
assert (lines["AmazonEC2"]["gross"], lines["AmazonEC2"]["credits"], lines["AmazonEC2"]["payable"]) == ("100", "15", "85"), lines
assert (lines["AmazonS3"]["gross"], lines["AmazonS3"]["credits"], lines["AmazonS3"]["payable"]) == ("50", "0", "50"), lines
assert all(l["account"] == "111111111111" and l["discount"] == "0" for l in r["lines"])
t = r["totals"]
assert (t["gross"], t["credits_before_discount"], t["payable"]) == ("150", "15", "135"), t
c = {x["id"]: x for x in r["credits"]}
assert (c["A"]["applied"], c["A"]["remaining"], c["B"]["applied"], c["B"]["remaining"]) == ("10", "0", "5", "0"), c
assert r["month"] == "2026-01" and r["currency"] == "USD" and r["no_data"] is False
'

# SPEC 3 step 4: (1,000,000 - 100,000) x 0.90 = 810,000. The credit goes to
# EC2 (600,000, the larger): EC2 (600,000 - 100,000) x 0.10 = 50,000
# discount, 450,000 payable; S3 400,000 x 0.10 = 40,000, 360,000 payable.
run discount bill --month 2026-01 --json
check discount '
t = r["totals"]
assert (t["gross"], t["credits_before_discount"], t["discount"], t["credits_after_discount"]) == ("1000000", "100000", "90000", "0"), t
assert (t["support_fee"], t["support_credits"], t["tax"], t["payable"]) == ("0", "0", "0", "810000"), t
lines = {l["service"]: (l["credits"], l["discount"], l["payable"]) for l in r["lines"]}
assert lines == {"AmazonEC2": ("100000", "50000", "450000"), "AmazonS3": ("0", "40000", "360000")}, lines
'

# Expiry with leakage. January: SHORT ($100, expires 2026-01-31) pays the
# 30 of EC2 and 100 - 30 = 70 expires at the end of January. February has
# no data (run, nothing charged). March: LONG ($500, RDS) pays 120.5,
# 500 - 120.5 = 379.5 left.
run expiry bill --month 2026-01 --json
check expiry '
c = {x["id"]: x for x in r["credits"]}
assert (c["SHORT"]["applied"], c["SHORT"]["remaining"], c["SHORT"]["expired"]) == ("30", "0", "70"), c
assert r["totals"]["leakage"] == "70" and r["totals"]["payable"] == "0", r["totals"]
'
run expiry bill --month 2026-02 --json
check expiry '
assert r["no_data"] is True and r["lines"] == [], r
c = {x["id"]: x for x in r["credits"]}
assert (c["SHORT"]["applied"], c["SHORT"]["expired"], c["LONG"]["remaining"]) == ("0", "0", "500"), c
'
run expiry balance --month 2026-02 --json
check expiry '
assert r["month"] == "2026-02"
c = {x["id"]: x for x in r["credits"]}
s = c["SHORT"]
assert (s["type"], s["initial"], s["consumed"], s["remaining"], s["expired"]) == ("promotional", "100", "30", "0", "70"), s
assert (s["expires"], s["status"]) == ("2026-01-31", "expired"), s
l = c["LONG"]
assert (l["initial"], l["consumed"], l["remaining"], l["expired"], l["status"]) == ("500", "0", "500", "0", "active"), l
'
run expiry balance --json   # default: the last imported month, 2026-03
check expiry '
assert r["month"] == "2026-03"
c = {x["id"]: x for x in r["credits"]}
assert (c["LONG"]["consumed"], c["LONG"]["remaining"], c["LONG"]["expired"]) == ("120.5", "379.5", "0"), c
assert c["SHORT"]["expired"] == "70", c
'
"$dd" --book "$src/expiry/book.yaml" --db "$tmp/expiry.db" balance --month 2026-02 >"$tmp/table" || fail "balance table"
grep -qE '^  promotional +70\.00$' "$tmp/table" || fail "leakage per type: $(cat "$tmp/table")"

# Commitment: year 1 is 1,000, year 2 is 2,000, net basis, no discount.
# After January: counted 100, shortfall 1,000 - 100 = 900. After February:
# 100 + 150 = 250 counted (tax never counts), shortfall 750; year 2 has not
# started: its whole 2,000. February's bill: 150 + 15 tax = 165.
run shortfall commitment --month 2026-01 --json
check shortfall '
assert r["agreement"] == "EDP-SMALL"
y = r["years"][0]
assert (y["year"], y["start"], y["end"], y["commitment"], y["counted"], y["shortfall"]) == (1, "2026-01-01", "2026-12-31", "1000", "100", "900"), y
'
run shortfall commitment --json
check shortfall '
y1, y2 = r["years"]
assert (y1["counted"], y1["carried_in"], y1["shortfall"]) == ("250", "0", "750"), y1
assert (y2["year"], y2["start"], y2["end"], y2["commitment"], y2["counted"], y2["shortfall"]) == (2, "2027-01-01", "2027-12-31", "2000", "0", "2000"), y2
'
run shortfall bill --month 2026-02 --json
check shortfall '
t = r["totals"]
assert (t["gross"], t["tax"], t["payable"], t["counted"]) == ("150", "15", "165", "150"), t
'
# The year ends in December: its shortfall, 1,000 - 250 = 750, is a line of
# December's bill (a no-data month), inside gross and payable.
run shortfall bill --month 2026-12 --json
check shortfall '
t = r["totals"]
assert r["no_data"] is True and (t["shortfall"], t["gross"], t["payable"]) == ("750", "750", "750"), t
'
"$dd" --book "$src/shortfall/book.yaml" --db "$tmp/shortfall.db" bill --month 2026-12 >"$tmp/table" || fail "bill table"
grep -q 'commitment shortfall of 750.00' "$tmp/table" || fail "shortfall note: $(cat "$tmp/table")"
# Issue #8 / SPEC 3.1 "Support fee": B does not share, so its support credit
# pays B's fee, not the payer's. Developer fees: payer max(29, 3% x 2,000) =
# 60, B max(29, 3% x 5,000) = 150. Support credits 150 (the credit keeps
# 150); payable 7,000 + 210 - 150 = 7,060.
run support_owner bill --month 2026-01 --json
check support_owner '
t = r["totals"]
assert (t["gross"], t["support_fee"], t["support_credits"], t["payable"]) == ("7000", "210", "150", "7060"), t
c = {x["id"]: x for x in r["credits"]}
assert (c["SUP-B"]["applied"], c["SUP-B"]["remaining"]) == ("150", "150"), c
'

# Gross basis, credits do not count: 3,000 + fee max(100, 10% x 3,000) = 300,
# minus the support credit of 80: 3,220 counted.
run gross_support bill --month 2026-01 --json
check gross_support '
t = r["totals"]
assert (t["support_fee"], t["support_credits"], t["counted"]) == ("300", "80", "3220"), t
'

# Credits of 0 load, are never used and show exhausted; the tranche of 25
# that requires the 0 tranche is usable at once and pays 25 of EC2's 100.
run zero_credit balance --month 2026-01 --json
check zero_credit '
c = {x["id"]: x for x in r["credits"]}
assert (c["ZERO"]["initial"], c["ZERO"]["consumed"], c["ZERO"]["remaining"], c["ZERO"]["status"]) == ("0", "0", "0", "exhausted"), c
assert (c["TIERED#1"]["initial"], c["TIERED#1"]["status"]) == ("0", "exhausted"), c
assert (c["TIERED#2"]["consumed"], c["TIERED#2"]["remaining"]) == ("25", "0"), c
'
echo PASS
