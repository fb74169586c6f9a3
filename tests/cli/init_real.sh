#!/bin/bash
# init_real.sh: `drawdown init` on real exports from ../shared/data, as
# init.sh does on the bundled example: a fresh store, `bill` without a book
# (gross summed from the file by Python), then init, check, and the payer,
# accounts and names Python reads from the file itself. The workshop's
# legacy-shaped CUR (wa-labs-2018, no names), a CUR 2.0 mock (cur2-mocks)
# and the FOCUS 1.3 synthetic export, which names its accounts
# (SubAccountName), its payers (BillingAccountName) and has two payers.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
data=${DD_SHARED_DATA:-$(cd "${DD_SOURCE_DIR:-.}" && pwd)/../shared/data}
[ -d "$data/cur" ] && [ -d "$data/focus" ] || { echo "SKIP: no shared data at $data"; exit 0; }
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: python3-yaml is missing (scripts/install-deps.sh installs it)"; exit 0; }

# one export: FILE FORMAT(cur|focus) MONTH
check_one() {
	local file=$1 kind=$2 month=$3 dir
	[ -r "$file" ] || { echo "note: $file missing, skipped"; return; }
	dir=$(mktemp -d "$tmp/x.XXXX") && cd "$dir" || fail "cd"
	"$dd" import "$file" >/dev/null || fail "import $file"
	expect 0 "$dd" bill --month "$month" --json
	cp "$tmp/out" bill.json
	grep -q 'no book at drawdown.yaml' "$tmp/err" || fail "$file: the note: $(cat "$tmp/err")"
	expect 0 "$dd" init
	expect 0 "$dd" check
	python3 - "$file" "$kind" "$month" drawdown.yaml bill.json <<'PY' || fail "init on $file"
import csv, gzip, io, json, sys, yaml
from collections import defaultdict
from decimal import Decimal as D
path, kind, month, book, bill = sys.argv[1:]
f = io.TextIOWrapper(gzip.open(path), encoding="utf-8-sig") if path.endswith(".gz") else open(path, encoding="utf-8-sig")
rows = list(csv.DictReader(f))
def col(x, *names):
    for n in names:
        if x.get(n) not in (None, "", "NULL"): return x[n]
    return ""
if kind == "focus":
    rows = [x for x in rows if x["ProviderName"] in ("AWS", "Amazon Web Services")]
    payer = lambda x: x["BillingAccountId"]; acct = lambda x: x["SubAccountId"] or x["BillingAccountId"]
    cost = lambda x: D(x["BilledCost"] or "0"); per = lambda x: x["BillingPeriodStart"][:7]
    typ = lambda x: x["ChargeCategory"]; name = lambda x: col(x, "SubAccountName")
    pname = lambda x: col(x, "BillingAccountName")
else:
    payer = lambda x: col(x, "bill_payer_account_id", "bill/PayerAccountId")
    acct = lambda x: col(x, "line_item_usage_account_id", "lineItem/UsageAccountId")
    cost = lambda x: D(col(x, "line_item_unblended_cost", "lineItem/UnblendedCost") or "0")
    per = lambda x: col(x, "bill_billing_period_start_date", "bill/BillingPeriodStartDate", "line_item_usage_start_date", "lineItem/UsageStartDate")[:7]
    typ = lambda x: col(x, "line_item_line_item_type", "lineItem/LineItemType") or "Usage"
    name = lambda x: col(x, "line_item_usage_account_name")
    pname = lambda x: col(x, "bill_payer_account_name")
# the payer with the largest charges (ties by id)
tot = defaultdict(D)
for x in rows: tot[payer(x)] += cost(x)
want_payer = sorted(tot, key=lambda p: (-tot[p], p))[0]
b = yaml.safe_load(open(book, encoding="utf-8"))
assert b["organization"]["payer"] == want_payer, (b["organization"]["payer"], tot)
names = {}
for x in rows: names.setdefault(acct(x), None); names[acct(x)] = name(x) or names[acct(x)]
pn = {payer(x): pname(x) for x in rows if pname(x)}
if want_payer not in names and want_payer in pn: names[want_payer] = pn[want_payer]
got = {a["id"]: a.get("name") for a in b["organization"]["accounts"]}
assert got == names, (got, names)
# the list bill: every charge of the month but tax and AWS's own application
skip = ("Tax", "Credit", "Refund", "EdpDiscount", "Adjustment")
gross = sum(cost(x) for x in rows if per(x) == month and typ(x) not in skip and not typ(x).endswith("Discount"))
r = json.load(open(bill))
assert D(r["totals"]["gross"]) == gross, (r["totals"]["gross"], gross)
PY
	cd "$tmp" || fail "cd"
}

check_one "$data/cur/cur2-mocks/sbroenne_sample-cur20.csv" cur 2025-01
check_one "$data/cur/wa-labs-2018/Oct2018-WorkshopCUR.csv.gz" cur 2018-10
check_one "$data/focus/synthetic-1.3/aws_1_3_cost_and_usage_rows100_seed42.csv" focus 2026-05
echo "ok"
