#!/bin/bash
# export_focus.sh: `drawdown export focus`. A hand-made book and month
# (tests/data/focus_export) whose five credit rows and two commitment rows
# were worked out by hand; the bundled example's twelve months, each
# passing tests/focus_rules.py and summing to minus the credits of
# `bill --json`; the refusals (exit 2 for usage, 1 for data) and --out
# (atomic: a failed export leaves the file as it was).
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 0; }
rules=$root/tests/focus_rules.py
data=$root/tests/data/focus_export

# ---- the hand-made month --------------------------------------------------
export DRAWDOWN_BOOK=$data/book.yaml DRAWDOWN_DB=$tmp/t.db
"$dd" import "$data/charges.csv" >/dev/null || fail "import the hand-made charges"
expect 0 "$dd" export focus --month 2026-03
cp "$tmp/out" "$tmp/t.csv"
python3 "$rules" "$tmp/t.csv" >"$tmp/rules.txt" || fail "the hand-made export breaks a FOCUS rule: $(head -5 "$tmp/rules.txt")"
"$dd" bill --month 2026-03 --json >"$tmp/t-bill.json" || fail "bill --json"
python3 - "$tmp/t.csv" "$tmp/t-bill.json" <<'PY' || fail "hand-made rows"
import csv, json, sys
from decimal import Decimal as D
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
# By hand (tests/data/focus_export): EC2 1,000 (mgmt, the payer), EC2 3,000
# and S3 500 (222222222222), no agreement terms in the way but a 10 %
# discount in contract year 1.
#   Before the discount, C-BEFORE (1,200, EC2, owned by the payer) takes the
#   owner's EC2 first: 1,000, then 200 of 222222222222's EC2.
#   Discount 10 %: 222's EC2 (3,000 - 200) x 10 % = 280, S3 500 x 10 % = 50.
#   After it, C-AFTER (2,700, any service, owned by 222222222222) takes the
#   larger remainder first: EC2 2,800 - 280 = 2,520, then S3 180 of 450.
#   Enterprise support on 4,500 of usage is the 15,000 minimum; SUP-1 pays
#   500 of it on the payer.
want = [
    ("C-BEFORE", "promotional", "before_discount", "111111111111", "mgmt", "Payer Account", "AmazonEC2", "-1000"),
    ("C-BEFORE", "promotional", "before_discount", "222222222222", "222222222222", "Linked Account", "AmazonEC2", "-200"),
    ("C-AFTER", "poc", "after_discount", "222222222222", "222222222222", "Linked Account", "AmazonEC2", "-2520"),
    ("C-AFTER", "poc", "after_discount", "222222222222", "222222222222", "Linked Account", "AmazonS3", "-180"),
    ("SUP-1", "support", "support", "111111111111", "mgmt", "Payer Account", "AWSSupportEnterprise", "-500"),
]
got = [(r["x_CreditId"], r["x_CreditType"], r["x_AppliedTo"], r["SubAccountId"], r["SubAccountName"],
        r["SubAccountType"], r["x_ServiceCode"], r["BilledCost"]) for r in rows]
assert got == want, got
names = [(r["ServiceName"], r["ServiceCategory"], r["ServiceSubcategory"]) for r in rows]
assert names == [("Amazon Elastic Compute Cloud", "Compute", "Virtual Machines")] * 3 + [
    ("Amazon Simple Storage Service", "Storage", "Object Storage"),
    ("AWS Support (Enterprise)", "Management and Governance", "Support")], names
for r in rows:
    assert r["BilledCost"] == r["EffectiveCost"] == r["ListCost"] == r["ContractedCost"] == r["PricingCurrencyEffectiveCost"], r
    assert (r["ChargeCategory"], r["ChargeClass"], r["ProviderName"], r["BillingAccountId"], r["BillingAccountName"]) == \
        ("Credit", "", "AWS", "111111111111", "mgmt"), r
    assert (r["BillingPeriodStart"], r["BillingPeriodEnd"], r["ChargePeriodStart"], r["ChargePeriodEnd"]) == \
        ("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"), r
    assert r["BillingCurrency"] == r["PricingCurrency"] == "USD", r
    assert r["x_CreditId"] in r["ChargeDescription"], r
    assert r["InvoiceId"] == r["SkuId"] == r["ResourceId"] == r["RegionId"] == r["CommitmentDiscountId"] == "", r
# The sum is minus the bill's credits: 1,200 + 2,700 + 500.
t = json.load(open(sys.argv[2]))["totals"]
total = D(t["credits_before_discount"]) + D(t["credits_after_discount"]) + D(t["support_credits"])
assert total == D("4400"), total
assert sum(D(r["BilledCost"]) for r in rows) == -total
PY

expect 0 "$dd" export focus --commitment
cp "$tmp/out" "$tmp/tc.csv"
python3 "$rules" "$tmp/tc.csv" >"$tmp/rules.txt" || fail "the hand-made commitment breaks a FOCUS rule: $(head -5 "$tmp/rules.txt")"
python3 - "$tmp/tc.csv" <<'PY' || fail "hand-made commitment rows"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
# EDP-T from 2026-01-01 for 2 years: 100,000 at 10 %, then 120,000.50 at 12.5 %.
got = [(r["ContractCommitmentId"], r["ContractCommitmentCategory"], r["ContractCommitmentCost"],
        r["ContractCommitmentQuantity"], r["ContractCommitmentUnit"], r["ContractCommitmentPeriodStart"],
        r["ContractCommitmentPeriodEnd"], r["ContractId"], r["ContractPeriodStart"], r["ContractPeriodEnd"],
        r["BillingCurrency"], r["x_ContractYear"], r["x_DiscountPercent"]) for r in rows]
assert got == [
    ("EDP-T-Y1", "Spend", "100000", "", "", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "EDP-T",
     "2026-01-01T00:00:00Z", "2028-01-01T00:00:00Z", "USD", "1", "10"),
    ("EDP-T-Y2", "Spend", "120000.5", "", "", "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z", "EDP-T",
     "2026-01-01T00:00:00Z", "2028-01-01T00:00:00Z", "USD", "2", "12.5"),
], got
assert all(r["ContractCommitmentType"] and r["ContractCommitmentDescription"] for r in rows)
PY

# ---- --json: the same cells as the CSV, null where the CSV field is empty --
for ds in "--month 2026-03:t.csv:1.2:cost_and_usage" "--commitment:tc.csv:1.3:contract_commitment"; do
	IFS=: read -r opt csvf ver name <<<"$ds"
	# shellcheck disable=SC2086
	expect 0 "$dd" export focus $opt --json
	cp "$tmp/out" "$tmp/j.json"
	python3 - "$tmp/$csvf" "$tmp/j.json" "$ver" "$name" <<'PY' || fail "export focus $opt --json differs from its CSV"
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
j = json.load(open(sys.argv[2]))
assert j["focus_version"] == sys.argv[3] and j["dataset"] == sys.argv[4], (j["focus_version"], j["dataset"])
head, body = rows[0], rows[1:]
assert len(j["rows"]) == len(body) > 0, (len(j["rows"]), len(body))
for r, o in zip(body, j["rows"]):
    assert list(o.keys()) == head, "columns or their order"
    for k, v in zip(head, r):
        assert o[k] == (v if v != "" else None), (k, o[k], v)
PY
done
expect 0 "$dd" export focus --commitment --json --out "$tmp/c.json"
grep -q "2 contract commitment rows written to $tmp/c.json" "$tmp/out" || fail "--json --out message: $(cat "$tmp/out")"
cmp -s <("$dd" export focus --commitment --json) "$tmp/c.json" || fail "--json --out wrote other bytes than stdout"

# ---- --out: the same bytes as stdout, replaced atomically -----------------
expect 0 "$dd" export focus --month 2026-03 --out "$tmp/o.csv"
cmp -s "$tmp/o.csv" "$tmp/t.csv" || fail "--out wrote other bytes than stdout"
grep -q "5 credit rows of 2026-03 written to $tmp/o.csv" "$tmp/out" || fail "--out message: $(cat "$tmp/out")"
echo "keep me" >"$tmp/keep.csv"
expect 1 "$dd" export focus --month 2027-05 --out "$tmp/keep.csv"
[ "$(cat "$tmp/keep.csv")" = "keep me" ] || fail "a failed export changed --out's file"
[ -s "$tmp/out" ] && fail "a failed export wrote to stdout"
grep -q "no charges imported for 2027-05 (the store holds 2026-03 to 2026-03)" "$tmp/err" || fail "no-data message: $(cat "$tmp/err")"
expect 1 "$dd" export focus --month 2026-03 --out "$tmp/no/such/dir/x.csv"
[ -e "$tmp/no" ] && fail "--out into a missing folder created something"
ls "$tmp" | grep -q '\.tmp' && fail "a temporary file was left behind"

# ---- refusals -------------------------------------------------------------
expect 2 "$dd" export focus
grep -q "give --month YYYY-MM or --commitment" "$tmp/err" || fail "neither: $(cat "$tmp/err")"
expect 2 "$dd" export focus --month 2026-03 --commitment
grep -q "together" "$tmp/err" || fail "both: $(cat "$tmp/err")"
expect 2 "$dd" export focus --month 2026-3
grep -q 'expected YYYY-MM, got "2026-3"' "$tmp/err" || fail "bad month: $(cat "$tmp/err")"
expect 2 "$dd" export focus --month 2026-03 --out ""
expect 2 "$dd" export csv
expect 2 "$dd" export
expect 0 "$dd" export focus --help
grep -q "export focus --commitment" "$tmp/out" || fail "--help"
expect 1 "$dd" export focus --month 2026-02
grep -q "before the first imported\|2026-03" "$tmp/err" || fail "a month before the data: $(cat "$tmp/err")"
cat >"$tmp/noagr.yaml" <<'EOF'
currency: USD
organization:
  payer: "111111111111"
EOF
expect 1 "$dd" --book "$tmp/noagr.yaml" export focus --commitment
grep -q "the book has no agreement" "$tmp/err" || fail "no agreement: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && fail "a refused --commitment wrote to stdout"
expect 1 "$dd" --db "$tmp/none.db" export focus --month 2026-03
[ -e "$tmp/none.db" ] && fail "export created a store"

# ---- the bundled example: every month of 2026 -----------------------------
export DRAWDOWN_BOOK=$root/examples/drawdown.yaml DRAWDOWN_DB=$tmp/e.db
"$dd" import "$root/examples/charges.csv" >/dev/null || fail "import the example"
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
	"$dd" export focus --month "2026-$m" >"$tmp/e-$m.csv" || fail "export 2026-$m"
	"$dd" bill --month "2026-$m" --json >"$tmp/e-bill-$m.json" || fail "bill 2026-$m"
done
python3 "$rules" "$tmp"/e-*.csv >"$tmp/rules.txt" || fail "the example's export breaks a FOCUS rule: $(grep -v ': ok:' "$tmp/rules.txt" | head -5)"
"$dd" export focus --commitment >"$tmp/e-cc.csv" || fail "export --commitment"
python3 "$rules" "$tmp/e-cc.csv" >"$tmp/rules.txt" || fail "the example's commitment breaks a FOCUS rule: $(head -5 "$tmp/rules.txt")"
python3 - "$tmp" <<'PY' || fail "example assertions"
import csv, json, sys
from collections import defaultdict
from decimal import Decimal as D
tmp = sys.argv[1]
for m in range(1, 13):
    rows = list(csv.DictReader(open("%s/e-%02d.csv" % (tmp, m), newline="")))
    t = json.load(open("%s/e-bill-%02d.json" % (tmp, m)))
    tot = t["totals"]
    # Phase by phase, the rows are minus what the bill says was credited.
    by = defaultdict(D)
    for r in rows:
        by[r["x_AppliedTo"]] += D(r["BilledCost"])
    applies = {"before_discount": D(0), "after_discount": D(0), "support": D(0)}
    applies.update(by)
    assert -(applies["before_discount"] + applies["after_discount"]) == \
        D(tot["credits_before_discount"]) + D(tot["credits_after_discount"]), m
    assert -applies["support"] == D(tot["support_credits"]), m
    # Per credit, the rows are minus the credit's use this month.
    per = defaultdict(D)
    for r in rows:
        per[r["x_CreditId"]] -= D(r["BilledCost"])
    for c in t["credits"]:
        assert per.get(c["id"], D(0)) == D(c["applied"]), (m, c["id"], per.get(c["id"]), c["applied"])
    # Per account and service (support aside), the rows are the line's credits.
    lines = defaultdict(D)
    for l in t["lines"]:
        lines[(l["account"], l["service"])] += D(l["credits"])
    got = defaultdict(D)
    for r in rows:
        if r["x_AppliedTo"] != "support":
            got[(r["SubAccountId"], r["x_ServiceCode"])] -= D(r["BilledCost"])
    assert {k: v for k, v in lines.items() if v} == dict(got), m
# December by hand (README): MAP-WAVE1 15,875.02 on prod: RDS 14,467.84 and
# ElastiCache 1,407.18; nothing else is credited that month.
dec = list(csv.DictReader(open("%s/e-12.csv" % tmp, newline="")))
assert [(r["x_CreditId"], r["SubAccountName"], r["x_ServiceCode"], r["BilledCost"]) for r in dec] == [
    ("MAP-WAVE1", "prod", "AmazonRDS", "-14467.84"), ("MAP-WAVE1", "prod", "AmazonElastiCache", "-1407.18")], dec
cc = list(csv.DictReader(open("%s/e-cc.csv" % tmp, newline="")))
assert [(r["ContractCommitmentId"], r["ContractCommitmentCost"], r["ContractCommitmentPeriodStart"]) for r in cc] == [
    ("EDP-2026-Y1", "1200000", "2026-01-01T00:00:00Z"), ("EDP-2026-Y2", "1500000", "2027-01-01T00:00:00Z"),
    ("EDP-2026-Y3", "1800000", "2028-01-01T00:00:00Z")], cc
PY
echo "ok: export focus"
