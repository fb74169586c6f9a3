#!/bin/bash
# init.sh: a new user with exports and no book. On the bundled example's
# charges in a fresh store: `bill` without a book is the list bill (gross and
# tax summed from the CSV by Python) with the note naming the path and
# `drawdown init`; other verbs fail naming both; `init` writes a book that
# `check` accepts, holding the payer and accounts Python finds in the CSV;
# a second init refuses and leaves the file as it was; --force replaces it;
# --credits adds AWS's list (the fixture's credits, ids and amounts, and the
# accounts they name). On a CUR 2.0 file made for this test: names with
# quotes, colons, '#', commas and unicode; the Business plan from the
# AWSSupportBusiness rows; the agreement skeleton with the 5 % the
# EdpDiscount rows are of the eligible spend (worked out by Python). A
# failed init (missing or bad --credits, no store) writes nothing and names
# the file and the field. Real exports: init_real.sh.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: python3-yaml is missing (scripts/install-deps.sh installs it)"; exit 0; }

# ---- the bundled example, no book -----------------------------------------
mkdir "$tmp/ex" && cd "$tmp/ex" || fail "cd"
"$dd" import "$root/examples/charges.csv" >/dev/null || fail "import"
expect 0 "$dd" bill --month 2026-12
grep -q '^Note: no book at drawdown.yaml: the list bill, without credits, discount or support terms; run `drawdown init`.$' "$tmp/out" \
	|| fail "the note: $(tail -3 "$tmp/out")"
expect 0 "$dd" bill --month 2026-12 --json
grep -q 'no book at drawdown.yaml' "$tmp/err" || fail "the note under --json goes to stderr: $(cat "$tmp/err")"
python3 - "$tmp/out" "$root/examples/charges.csv" <<'PY' || fail "the list bill"
import csv, json, sys
from decimal import Decimal as D
r = json.load(open(sys.argv[1]))
rows = [x for x in csv.DictReader(open(sys.argv[2])) if x["billing_period"] == "2026-12"]
gross = sum(D(x["amount"]) for x in rows if x["charge_type"] != "Tax")
tax = sum(D(x["amount"]) for x in rows if x["charge_type"] == "Tax")
t = r["totals"]
assert D(t["gross"]) == gross, (t["gross"], gross)
assert D(t["tax"]) == tax and D(t["payable"]) == gross + tax, t
for k in ("credits_before_discount", "discount", "credits_after_discount", "support_fee", "support_credits"):
    assert D(t[k]) == 0, (k, t[k])
assert r["credits"] == [], r["credits"]
PY
# verbs that need the terms fail, naming the path and init
expect 1 "$dd" balance
grep -q 'no book at drawdown.yaml: run `drawdown init`' "$tmp/err" || fail "balance without a book: $(cat "$tmp/err")"
expect 1 "$dd" forecast --paths 10
grep -q 'drawdown init' "$tmp/err" || fail "forecast without a book: $(cat "$tmp/err")"

expect 0 "$dd" init
grep -q '^drawdown.yaml: a first book: payer 111111111111, 5 accounts' "$tmp/out" || fail "init's summary: $(cat "$tmp/out")"
expect 0 "$dd" check
python3 - drawdown.yaml "$root/examples/charges.csv" <<'PY' || fail "the example's book"
import csv, sys, yaml
b = yaml.safe_load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert b["organization"]["payer"] == "111111111111"
assert {x["payer_account"] for x in rows} == {"111111111111"}
want = sorted({x["usage_account"] for x in rows})
got = [a["id"] for a in b["organization"]["accounts"]]
assert got == want, (got, want)
assert all("name" not in a for a in b["organization"]["accounts"])  # the CSV names none
assert b["support"] == {"plan": "basic"}, b["support"]  # no support rows
assert "agreement" not in b and b["credits"] == [], b
PY
cp drawdown.yaml "$tmp/first.yaml"
# a second init refuses, and the book is as it was
expect 1 "$dd" init
grep -q 'drawdown.yaml exists.*--force' "$tmp/err" || fail "second init: $(cat "$tmp/err")"
cmp -s drawdown.yaml "$tmp/first.yaml" || fail "a refused init changed the book"
expect 1 "$dd" --book other.yaml init --credits "$tmp/missing.json"
grep -q "missing.json" "$tmp/err" || fail "missing --credits: $(cat "$tmp/err")"
[ ! -e other.yaml ] || fail "a failed init wrote other.yaml"

# --force with AWS's credit list
cred=$root/tests/data/awsbilling/get-credits.json
expect 0 "$dd" init --force --credits "$cred"
expect 0 "$dd" check
python3 - drawdown.yaml "$cred" <<'PY' || fail "init --credits"
import json, sys, yaml
from decimal import Decimal as D
b = yaml.safe_load(open(sys.argv[1]))
aws = json.load(open(sys.argv[2]))["credits"]
want = [(c["creditId"], D(str(c["initialAmount"]["currencyAmount"] if isinstance(c["initialAmount"], dict) else c["initialAmount"])))
        for c in aws]
got = [(c["id"], D(str(c["amount"]))) for c in b["credits"]]
assert got == want, (got, want)
ids = {a["id"] for a in b["organization"]["accounts"]} | {b["organization"]["payer"]}
named = {c["accountId"] for c in aws} | {x for c in aws for x in c.get("shareableAccounts", [])}
assert named <= ids, named - ids
PY
cmp -s drawdown.yaml "$tmp/first.yaml" && fail "--force did not replace the book"

# --json: what was written, against the YAML on disk read by PyYAML
cp drawdown.yaml "$tmp/before-json.yaml"
expect 0 "$dd" init --force --credits "$cred" --json
cmp -s drawdown.yaml "$tmp/before-json.yaml" || fail "init --json wrote another book than init"
python3 - drawdown.yaml "$tmp/out" <<'PY' || fail "init --json"
import json, sys, yaml
b = yaml.safe_load(open(sys.argv[1]))
j = json.load(open(sys.argv[2]))
assert j["book"] == "drawdown.yaml", j["book"]
assert j["payer"] == b["organization"]["payer"], j["payer"]
assert [(a["id"], a["name"]) for a in j["accounts"]] == [(a["id"], a.get("name")) for a in b["organization"]["accounts"]], j["accounts"]
assert j["support_plan"] == b["support"]["plan"], j["support_plan"]
assert j["agreement"] == (b["agreement"]["id"] if b.get("agreement") else None), j["agreement"]
assert j["credits"] == len(b["credits"]) > 0, j["credits"]
PY

# a failed init writes nothing: bad JSON, a bad field, no store
printf '{"credits": [' >"$tmp/bad.json"
expect 1 "$dd" init --force --credits "$tmp/bad.json"
grep -q "bad.json:1:" "$tmp/err" || fail "bad JSON: $(cat "$tmp/err")"
printf '{"credits": [{"creditId": "C1", "accountId": "111111111111", "creditType": "Promotion", "initialAmount": 1.5, "startDate": "2026-01-01", "endDate": "2026-12-31"}]}' >"$tmp/field.json"
expect 1 "$dd" init --force --credits "$tmp/field.json"
grep -q "field.json: credits\[0\].initialAmount" "$tmp/err" || fail "bad field: $(cat "$tmp/err")"
python3 - drawdown.yaml "$cred" <<'PY' || fail "a failed --force init changed the book"
import yaml, sys
assert len(yaml.safe_load(open(sys.argv[1]))["credits"]) > 0
PY
expect 1 "$dd" --db "$tmp/none.db" --book "$tmp/none.yaml" init
grep -q 'none.db' "$tmp/err" && grep -q 'drawdown import' "$tmp/err" || fail "no store: $(cat "$tmp/err")"
[ ! -e "$tmp/none.yaml" ] || fail "init without a store wrote a book"
expect 1 "$dd" --book "$tmp/no-such-dir/b.yaml" init
grep -q 'init: --book: cannot create .*no-such-dir/b.yaml' "$tmp/err" || fail "unwritable book: $(cat "$tmp/err")"

# ---- CUR 2.0 with names, support and EDP discount rows ----------------------
mkdir "$tmp/cur2" && cd "$tmp/cur2" || fail "cd"
cur2=$root/tests/data/init/cur2.csv
"$dd" import "$cur2" >/dev/null || fail "import cur2"
expect 0 "$dd" bill --month 2026-01 --json
python3 - "$tmp/out" "$cur2" <<'PY' || fail "the CUR 2.0 list bill"
import csv, json, sys
from decimal import Decimal as D
r = json.load(open(sys.argv[1]))
rows = [x for x in csv.DictReader(open(sys.argv[2], encoding="utf-8")) if x["bill_billing_period_start_date"].startswith("2026-01")]
# list price: everything but tax, AWS's discount and the support rows (the engine prices support itself)
gross = sum(D(x["line_item_unblended_cost"]) for x in rows
            if x["line_item_line_item_type"] not in ("Tax", "EdpDiscount") and not x["line_item_product_code"].startswith("AWSSupport"))
assert D(r["totals"]["gross"]) == gross == D("5400"), (r["totals"], gross)
PY
expect 0 "$dd" init
expect 0 "$dd" check
python3 - drawdown.yaml "$cur2" <<'PY' || fail "the CUR 2.0 book"
import csv, sys, yaml
from collections import defaultdict
from decimal import Decimal as D
b = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
assert b["organization"]["payer"] == "999999999999"
names = {x["line_item_usage_account_id"]: x["line_item_usage_account_name"] for x in rows}
got = {a["id"]: a.get("name") for a in b["organization"]["accounts"]}
assert got == names, (got, names)
assert got["333333333333"] == 'sandbox #1, "eu"' and got["222222222222"] == "prod – Zürich"
assert b["support"]["plan"] == "business"
# the discount rows over the month's usage and fees (not tax, support, Marketplace), each month
disc, elig = defaultdict(D), defaultdict(D)
for x in rows:
    m, t, a = x["bill_billing_period_start_date"][:7], x["line_item_line_item_type"], D(x["line_item_unblended_cost"])
    if t == "EdpDiscount": disc[m] += a
    elif t in ("Usage", "DiscountedUsage", "Fee") and x["bill_billing_entity"] == "AWS" and not x["line_item_product_code"].startswith("AWSSupport"):
        elig[m] += a
pct = {m: -disc[m] * 100 / elig[m] for m in disc}
assert set(pct.values()) == {D(5)}, pct
g = b["agreement"]
assert g["discount_percent"] == 5 and str(g["start"]) == min(disc) + "-01" and g["commitment"] == 0, g
PY
grep -q 'id: EDP-TODO  # TODO' drawdown.yaml || fail "the agreement's TODO"
# with the terms known, January's bill has the 5 % discount: 250 of 5,000
expect 0 "$dd" bill --month 2026-01 --json
py "$tmp/out" 'assert r["totals"]["discount"] == "250", r["totals"]'
echo "ok"
