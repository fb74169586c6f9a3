#!/bin/bash
# realdata.sh: `drawdown import` and `charges --csv` on a real CUR (the
# Well-Architected labs' October 2018, ../shared/data): the gzip CSV and the
# Parquet copy of the same month give byte-identical charges; the totals per
# (account, product, line item type) equal Python's own Decimal sums of the
# CSV; and the charges CSV re-imports to the same charges (every column but
# rows, which the importer counts per CSV line). Then the keboola legacy
# CUR delivered as ZIP (../shared/data/cur/cur2-mocks), alone and through
# its CUR 1 manifest: charges equal Python's zipfile + Decimal sums, and a
# later import of a zip with a bad member changes nothing. Skips without
# the data.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
data=${DD_SHARED_DATA:-${DD_SOURCE_DIR:-.}/../shared/data}/cur/wa-labs-2018
[ -r "$data/Oct2018-WorkshopCUR.csv.gz" ] || { echo "SKIP: no shared data at $data"; exit 0; }
export DRAWDOWN_BOOK=$tmp/no-book.yaml

"$dd" --db "$tmp/gz.db" import "$data/Oct2018-WorkshopCUR.csv.gz" --json >"$tmp/imp.json" || fail "import csv.gz"
"$dd" --db "$tmp/pq.db" import "$data/Oct2018-WorkshopCUR-00001.snappy.parquet" >/dev/null || fail "import parquet"
"$dd" --db "$tmp/gz.db" charges --csv >"$tmp/gz.csv" || fail "charges gz"
"$dd" --db "$tmp/pq.db" charges --csv >"$tmp/pq.csv" || fail "charges parquet"
cmp -s "$tmp/gz.csv" "$tmp/pq.csv" || fail "CSV and Parquet of the same month differ: $(diff "$tmp/gz.csv" "$tmp/pq.csv" | head -5)"

python3 - "$data/Oct2018-WorkshopCUR.csv.gz" "$tmp/gz.csv" "$tmp/imp.json" <<'PY' || fail "totals"
import csv, gzip, json, sys
from decimal import Decimal as D
want, rows = {}, 0
with gzip.open(sys.argv[1], "rt", newline="") as f:
    for r in csv.DictReader(f):
        k = (r["line_item_usage_account_id"], r["line_item_product_code"], r["line_item_line_item_type"])
        want[k] = want.get(k, D(0)) + D(r["line_item_unblended_cost"] or "0")
        rows += 1
got, grows = {}, 0
for r in csv.DictReader(open(sys.argv[2], newline="")):
    assert r["billing_period"] == "2018-10", r
    k = (r["usage_account"], r["service"], r["charge_type"])
    got[k] = got.get(k, D(0)) + D(r["amount"])
    grows += int(r["rows"])
assert got == want, sorted(set(got.items()) ^ set(want.items()))[:5]
assert grows == rows, (grows, rows)
imp = json.load(open(sys.argv[3]))
assert imp["rows"] == rows and imp["format"] == "cur2", imp
assert D(imp["periods"][0]["amount"]) == sum(want.values()), imp["periods"]
PY

"$dd" --db "$tmp/copy.db" import "$tmp/gz.csv" >/dev/null || fail "re-import of charges --csv"
"$dd" --db "$tmp/copy.db" charges --csv >"$tmp/copy.csv" || fail "charges of the copy"
diff <(sed 's/,[0-9]*$//' "$tmp/gz.csv") <(sed 's/,[0-9]*$//' "$tmp/copy.csv") >/dev/null || fail "round trip changed the charges"
# ZIP: the keboola CUR 1 part. Grain of the check: (period, payer,
# account, product, line item type), rows and Decimal sums of
# lineItem/UnblendedCost over every member in name order.
mocks=$data/../cur2-mocks
for f in keboola_MockTestReport-00001.csv.zip keboola_cur1_manifest.json; do
  rm -f "$tmp/zip.db"
  "$dd" --db "$tmp/zip.db" import "$mocks/$f" --json >"$tmp/zimp.json" || fail "import $f"
  "$dd" --db "$tmp/zip.db" charges --csv >"$tmp/zip.csv" || fail "charges of $f"
  python3 - "$mocks/keboola_MockTestReport-00001.csv.zip" "$tmp/zip.csv" "$tmp/zimp.json" <<'PY' || fail "zip totals ($f)"
import csv, io, json, sys, zipfile
from decimal import Decimal as D
want, rows = {}, 0
z = zipfile.ZipFile(sys.argv[1])
for m in sorted(z.namelist()):
    for r in csv.DictReader(io.TextIOWrapper(z.open(m), "utf-8-sig", newline="")):
        k = (r["bill/BillingPeriodStartDate"][:7], r["bill/PayerAccountId"], r["lineItem/UsageAccountId"],
             r["lineItem/ProductCode"], r["lineItem/LineItemType"])
        n, a = want.get(k, (0, D(0)))
        want[k] = (n + 1, a + D(r["lineItem/UnblendedCost"] or "0"))
        rows += 1
got = {}
for r in csv.DictReader(open(sys.argv[2], newline="")):
    k = (r["billing_period"], r["payer_account"], r["usage_account"], r["service"], r["charge_type"])
    n, a = got.get(k, (0, D(0)))
    got[k] = (n + int(r["rows"]), a + D(r["amount"]))
assert got == want, (got, want)
imp = json.load(open(sys.argv[3]))
assert imp["rows"] == rows and imp["format"] == "cur", imp
total = sum(a for n, a in want.values())
assert [(p["period"], p["rows"], D(p["amount"])) for p in imp["periods"]] == [("2024-01", rows, total)], imp["periods"]
PY
done
# A failed import (the zip's first member by name, a_bad.csv, has "1.2.3"
# on line 3, column 7) is refused naming archive and member, and leaves
# the store as it was.
bad=${DD_SOURCE_DIR:-.}/tests/data/ingest/bad/bad_value.zip
"$dd" --db "$tmp/zip.db" import "$bad" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] || fail "a zip with a bad member should fail"
grep -q 'bad_value.zip: a_bad.csv:3:7: amount: expected a decimal number' "$tmp/err" || fail "zip error message: $(cat "$tmp/err")"
"$dd" --db "$tmp/zip.db" charges --csv | cmp -s - "$tmp/zip.csv" || fail "the failed zip import changed the store"
echo PASS
