#!/bin/bash
# realdata.sh: `drawdown import` and `charges --csv` on a real CUR (the
# Well-Architected labs' October 2018, ../shared/data): the gzip CSV and the
# Parquet copy of the same month give byte-identical charges; the totals per
# (account, product, line item type) equal Python's own Decimal sums of the
# CSV; and the charges CSV re-imports to the same charges (every column but
# rows, which the importer counts per CSV line). Skips without the data.
set -u
dd=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
data=${DD_SHARED_DATA:-${DD_SOURCE_DIR:-.}/../shared/data}/cur/wa-labs-2018
[ -r "$data/Oct2018-WorkshopCUR.csv.gz" ] || { echo "SKIP: no shared data at $data"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DRAWDOWN_BOOK DRAWDOWN_DB
export DRAWDOWN_BOOK=$tmp/no-book.yaml
fail() { echo "FAIL: $*"; exit 1; }

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
echo PASS
