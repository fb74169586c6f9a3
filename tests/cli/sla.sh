#!/bin/bash
# sla.sh: `drawdown sla` as a new user runs it: last month's outage recorded
# in a copy of the bundled example's book, the claim with the figures worked
# out independently (uptime from the minutes, the credit from the CSV's
# charges and the table's tier), both deadlines, each status on its dates,
# the claim draft, and bad input.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
cp "$root/examples/drawdown.yaml" "$tmp/book.yaml"
cat "$root/tests/data/cli/incident-1107.yaml" >>"$tmp/book.yaml"
cat >>"$tmp/book.yaml" <<'YAML'
  - id: INC-1108
    sla: ec2-region
    service: AmazonEC2
    region: us-east-1
    accounts: ["222222222222"]
    start: 2026-11-07T21:00:00Z
    end: 2026-11-07T22:00:00Z
YAML
b=(--book "$tmp/book.yaml" --db "$tmp/ex.db")
"$dd" "${b[@]}" import "$root/examples/charges.csv" >/dev/null || fail "import"
"$dd" "${b[@]}" sla --as-of 2026-12-01 --json >"$tmp/s.json" || fail "sla: $(cat "$tmp/s.json")"
"$dd" "${b[@]}" sla list --json >"$tmp/list.json" || fail "sla list"
python3 - "$tmp/s.json" "$tmp/list.json" "$root/examples/charges.csv" <<'PY' || fail "the claim"
import csv, json, sys
from decimal import Decimal as D, getcontext, ROUND_DOWN
getcontext().prec = 60
r = json.load(open(sys.argv[1]))
c, = r["claims"]
assert (c["sla"], c["service"], c["region"], c["accounts"], c["month"]) == ("ec2-region", "AmazonEC2", "us-east-1", ["222222222222"], "2026-11"), c
assert c["incidents"] == ["INC-1107", "INC-1108"], c
# 13:05-21:30 and 21:00-22:00 overlap: 13:05-22:00 = 535 minutes
assert c["unavailable_minutes"] == "535" and c["minutes_in_month"] == 43200, c
up = (D(100) * (43200 - 535) / 43200).quantize(D("1e-18"), rounding=ROUND_DOWN)
assert D(c["uptime_percent"]) == up, (c["uptime_percent"], up)
tiers = {s["name"]: s for s in json.load(open(sys.argv[2]))["slas"]}["ec2-region"]["tiers"]
pct = next(D(t["percent"]) for t in tiers if D(t["at_least"]) <= up < D(t["below"]))
assert D(c["credit_percent"]) == pct, (c, pct)
# the CSV has no region: 222's EC2 usage of 2026-11
aff = sum(D(x["amount"]) for x in csv.DictReader(open(sys.argv[3])) if x["billing_period"] == "2026-11"
          and x["usage_account"] == "222222222222" and x["service"] == "AmazonEC2" and x["charge_type"] == "Usage")
assert D(c["affected_charges"]) == aff and D(c["credit"]) == aff * pct / 100, (c, aff)
# 30 days after 2026-11-07; the end of the second month after November
assert (c["recommended_deadline"], c["hard_deadline"], c["status"]) == ("2026-12-07", "2027-01-31", "open"), c
PY
"$dd" "${b[@]}" sla --as-of 2026-12-08 --json | grep -q '"status": "late"' || fail "late after 2026-12-07"
"$dd" "${b[@]}" sla --as-of 2027-02-01 --json | grep -q '"status": "lost"' || fail "lost after 2027-01-31"
"$dd" "${b[@]}" sla --month 2026-10 --json | grep -q '"claims": \[\]' || fail "--month without incidents"
"$dd" "${b[@]}" sla --as-of 2026-12-01 >"$tmp/table" || fail "sla table"
grep -q "ec2-region  us-east-1" "$tmp/table" || fail "sla table: $(cat "$tmp/table")"
"$dd" "${b[@]}" sla claim INC-1107 --as-of 2026-12-01 --out "$tmp/claim.md" || fail "sla claim"
for want in "# SLA Credit Request" "SLA Credit Request" "2026-11-07T13:05:00Z" "2026-11-07T22:00:00Z" "i-0abc123" \
	"us-east-1" "535 minutes unavailable of 43,200" "2026-12-07" "2027-01-31" "Request logs" "checkout unavailable" "125,000.00"; do
	grep -qF -- "$want" "$tmp/claim.md" || fail "the draft lacks \"$want\""
done
"$dd" "${b[@]}" sla claim NO-SUCH >/dev/null 2>"$tmp/err"; [ $? -eq 1 ] || fail "claim of an unknown incident"
grep -q "NO-SUCH" "$tmp/err" || fail "unknown incident message"
"$dd" "${b[@]}" sla --month 2026-13 >/dev/null 2>&1; [ $? -eq 2 ] || fail "bad --month"
"$dd" "${b[@]}" sla claim >/dev/null 2>&1; [ $? -eq 2 ] || fail "claim without an id"
# advise and calendar show the open claim with both deadlines
"$dd" "${b[@]}" advise --as-of 2026-12-01 --json >"$tmp/a.json" || fail "advise"
py "$tmp/a.json" '
s = [x for x in r["findings"] if x["kind"] == "sla_claim"]
assert len(s) == 1 and s[0]["subject"] == "INC-1107" and s[0]["severity"] == "critical", s
assert (s[0]["date"], s[0]["recommended_deadline"], s[0]["hard_deadline"]) == ("2026-12-07", "2026-12-07", "2027-01-31"), s
'
"$dd" "${b[@]}" calendar --as-of 2026-12-01 --json >"$tmp/c.json" || fail "calendar"
py "$tmp/c.json" '
e = [(x["date"], x["kind"]) for x in r["events"] if x["kind"].startswith("sla_")]
assert e == [("2026-12-07", "sla_claim_recommended"), ("2027-01-31", "sla_claim_deadline")], e
'
# approve: the credit SLA-INC-1107 from the first day of the month after
# the approval to the last day of its 12th month, its claim approved, and
# applied on the next bill (January 2027: EC2 of 222 is 50,000; the SLA
# credit names one service and goes before the EDP tranche that names all)
cp "$tmp/book.yaml" "$tmp/before.yaml"
"$dd" "${b[@]}" sla approve INC-1107 --amount 0 >/dev/null 2>&1 && fail "an approval of 0 was accepted"
cmp -s "$tmp/book.yaml" "$tmp/before.yaml" || fail "a refused approval changed the book"
"$dd" "${b[@]}" sla approve INC-1107 --amount 9000 --date 2026-12-10 >/dev/null || fail "approve"
"$dd" "${b[@]}" check --json >"$tmp/check.json" || fail "check after approve"
"$dd" "${b[@]}" sla --as-of 2026-12-15 --json | grep -q '"status": "approved"' || fail "approved status"
printf 'billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount\n2027-01,111111111111,222222222222,AmazonEC2,Usage,AWS,50000\n' >"$tmp/jan.csv"
"$dd" "${b[@]}" import "$tmp/jan.csv" >/dev/null || fail "import January"
"$dd" "${b[@]}" bill --month 2027-01 --json >"$tmp/bill.json" || fail "bill 2027-01"
py "$tmp/bill.json" '
c = {x["id"]: x for x in r["credits"]}
s = c["SLA-INC-1107"]
assert s["applied"] == "9000" and s["remaining"] == "0", s
'
"$dd" "${b[@]}" balance --month 2026-12 --json | python3 -c '
import json, sys
c = {x["id"]: x for x in json.load(sys.stdin)["credits"]}["SLA-INC-1107"]
assert (c["start"], c["expires"], c["status"]) == ("2027-01-01", "2027-12-31", "not_started"), c
' || fail "the approved credit's dates"
echo "PASS: sla"
