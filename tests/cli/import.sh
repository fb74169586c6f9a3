#!/bin/bash
# import.sh: `drawdown import` is all or nothing across files, re-importing
# a month replaces it, the summary's figures are the files' own, the payer
# defaults to the book's or --payer, and `charges --csv` re-imports to the
# same bytes. Data: tests/data/cli/import.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
src=$(cd "${DD_SOURCE_DIR:-.}" && pwd)/tests/data/cli/import
export DRAWDOWN_BOOK=$src/book.yaml DRAWDOWN_DB=$tmp/a.db

# jan.csv has no payer column: the book's payer (111111111111) is used.
# January gross: 100.25 + 7.5 = 107.75.
"$dd" import "$src/jan.csv" --json >"$tmp/imp.json" || fail "import jan"
py "$tmp/imp.json" '
assert r["rows"] == 2 and r["periods_replaced"] == 1, r
assert r["periods"] == [{"period": "2026-01", "payer": "111111111111", "rows": 2, "amount": "107.75"}], r["periods"]'
"$dd" bill --month 2026-01 --json >"$tmp/b.json" || fail "bill jan"
py "$tmp/b.json" 'assert r["totals"]["gross"] == "107.75", r["totals"]'

# Re-import of January (same payer) replaces it: only EC2 40 remains.
"$dd" import "$src/jan-again.csv" >/dev/null || fail "re-import"
"$dd" bill --month 2026-01 --json >"$tmp/before.json" || fail "bill after re-import"
py "$tmp/before.json" '
assert r["totals"]["gross"] == "40", r["totals"]
assert [(l["account"], l["service"], l["gross"]) for l in r["lines"]] == [("111111111111", "AmazonEC2", "40")], r["lines"]'
"$dd" charges --csv >"$tmp/charges-before.csv" || fail "charges"

# A failed import: feb.csv is good, bad.csv's line 3 has amount "12.3.4"
# (column 7), and bad.csv's line 2 would replace January with 999.
# Nothing may change: January stays 40, February stays absent.
"$dd" import "$src/feb.csv" "$src/bad.csv" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 1 ] || fail "a failed import should exit 1"
grep -q 'bad.csv:3:7: amount: ' "$tmp/err" || fail "error message: $(cat "$tmp/err")"
grep -q 'nothing imported' "$tmp/err" || fail "no 'nothing imported'"
"$dd" bill --month 2026-01 --json >"$tmp/after.json" || fail "bill after the failed import"
cmp -s "$tmp/before.json" "$tmp/after.json" || fail "the failed import changed January's bill"
"$dd" charges --csv >"$tmp/charges-after.csv" || fail "charges after"
cmp -s "$tmp/charges-before.csv" "$tmp/charges-after.csv" || fail "the failed import changed the store"
"$dd" charges --month 2026-02 --json >"$tmp/c.json" || fail "charges feb"
py "$tmp/c.json" 'assert r["charges"] == [], r'

# feb.csv alone. Its period total: 60 + 1.000000000001 + 0.75 + 12 + 3 =
# 76.750000000001, 5 rows in 4 entries (the two EC2 rows sum: 60.75).
# MysteryCharge is kept and listed. The service named 'Amazon "Q", test'
# checks the CSV's quotes and the JSON's escapes.
"$dd" import "$src/feb.csv" --json >"$tmp/imp.json" || fail "import feb"
py "$tmp/imp.json" '
assert (r["rows"], r["entries"], r["periods_replaced"]) == (5, 4, 1), r
assert r["periods"] == [{"period": "2026-02", "payer": "111111111111", "rows": 5, "amount": "76.750000000001"}], r["periods"]
assert r["unknown_types"] == [{"type": "MysteryCharge", "rows": 1, "amount": "3"}], r["unknown_types"]'
"$dd" import "$src/feb.csv" | grep -q 'unknown charge type "MysteryCharge"' || fail "text summary lists the unknown type"
# Bill: gross = everything but tax = 76.750000000001, nothing credited.
"$dd" bill --month 2026-02 --json >"$tmp/b.json" || fail "bill feb"
py "$tmp/b.json" '
assert r["totals"]["gross"] == "76.750000000001" and r["totals"]["payable"] == "76.750000000001", r["totals"]
lines = {(l["account"], l["service"]): l for l in r["lines"]}
assert lines[("111111111111", "Amazon \"Q\", test")]["gross"] == "1.000000000001", lines
assert lines[("111111111111", "AmazonEC2")]["gross"] == "60.75", lines
assert lines[("222222222222", "datadog")]["marketplace"] is True, lines
assert r["unknown_types"] == ["MysteryCharge"], r["unknown_types"]'

# charges --csv: sorted, exact, quoted where needed.
"$dd" charges --csv >"$tmp/all.csv" || fail "charges --csv"
cat >"$tmp/expected.csv" <<'CSV'
billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount,service_name,region,rows
2026-01,111111111111,111111111111,AmazonEC2,Usage,AWS,40,,,1
2026-02,111111111111,111111111111,"Amazon ""Q"", test",Usage,AWS,1.000000000001,,,1
2026-02,111111111111,111111111111,AmazonEC2,Usage,AWS,60.75,,,2
2026-02,111111111111,222222222222,AmazonS3,MysteryCharge,AWS,3,,,1
2026-02,111111111111,222222222222,datadog,Usage,AWS Marketplace,12,,,1
CSV
diff "$tmp/expected.csv" "$tmp/all.csv" || fail "charges --csv"
# Round trip: import that CSV into a fresh store and list it again. The
# importer counts each CSV line as one row (it does not read the rows
# column), so the rows column is compared apart: 2 -> 1 for EC2 only.
DRAWDOWN_DB=$tmp/b.db "$dd" import "$tmp/all.csv" >/dev/null || fail "re-import of charges --csv"
DRAWDOWN_DB=$tmp/b.db "$dd" charges --csv >"$tmp/again.csv" || fail "charges of the copy"
diff <(sed 's/,[0-9]*$//' "$tmp/all.csv") <(sed 's/,[0-9]*$//' "$tmp/again.csv") || fail "round trip changed the charges"
grep -q '^2026-02,.*,AmazonEC2,Usage,AWS,60.75,,,1$' "$tmp/again.csv" || fail "rows column after the round trip"
DRAWDOWN_DB=$tmp/c.db "$dd" import "$tmp/again.csv" >/dev/null || fail "second re-import"
DRAWDOWN_DB=$tmp/c.db "$dd" charges --csv | cmp -s - "$tmp/again.csv" || fail "round trip is not byte-identical"
"$dd" charges --month 2026-01 --csv | tail -n +2 | grep -c . | grep -qx 1 || fail "charges --month"

# --payer overrides the book's payer for files without a payer column.
DRAWDOWN_DB=$tmp/p.db "$dd" import --payer 999999999999 "$src/jan.csv" >/dev/null || fail "--payer"
DRAWDOWN_DB=$tmp/p.db "$dd" charges --csv | tail -n +2 | cut -d, -f2 | sort -u | grep -qx 999999999999 || fail "--payer not used"
# --format forced wrong: the file does not parse as CUR, nothing written.
DRAWDOWN_DB=$tmp/f.db "$dd" import --format cur "$src/jan.csv" >/dev/null 2>&1
[ $? -eq 1 ] || fail "--format cur on an aggregated file should fail"
# A file that does not exist: exit 1 naming it.
"$dd" import "$tmp/nope.csv" 2>"$tmp/err" >/dev/null
[ $? -eq 1 ] && grep -q 'nope.csv' "$tmp/err" || fail "missing file: $(cat "$tmp/err")"

# AWS Billing API JSON. get-credits becomes an includable book file (the
# same text as the awsbilling tests' hand-written expectation) and touches
# no store; the allocation history is stored (2 records in that file).
aws=$(cd "$src/../../awsbilling" && pwd)
(cd "$aws" && "$dd" --db "$tmp/g.db" import get-credits.json --credits-out "$tmp/aws.yaml" >/dev/null) || fail "get-credits import"
diff "$aws/get-credits.expected.yaml" "$tmp/aws.yaml" || fail "get-credits YAML"
[ -e "$tmp/g.db" ] && fail "a get-credits import created the store"
"$dd" --db "$tmp/g.db" import "$aws/cli/get-credit-allocation-history.json" --json >"$tmp/imp.json" || fail "history import"
py "$tmp/imp.json" 'assert r["allocations"] == 2 and r["periods"] == [], r'
printf '{"credits": [{"creditId": "1", "initialAmount": 12.5}]}' >"$tmp/bad.json"
"$dd" --db "$tmp/g.db" import "$tmp/bad.json" --credits-out "$tmp/bad.yaml" 2>"$tmp/err" >/dev/null
[ $? -eq 1 ] && grep -q 'bad.json: credits\[0\]' "$tmp/err" || fail "bad get-credits: $(cat "$tmp/err")"
[ -e "$tmp/bad.yaml" ] && fail "a failed get-credits import wrote YAML"
# JSON escaping of what files hold: an invalid UTF-8 byte becomes U+FFFD, a
# tab, a backslash, a quote and a control character are escaped, UTF-8 kept.
printf 'billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount\n2026-01,1,1,"bad\xffname",Usage,AWS,1\n2026-01,1,1,"tab\tq\\""\x01",Usage,AWS,2\n2026-01,1,1,"caf\xc3\xa9",Usage,AWS,3\n' >"$tmp/odd.csv"
DRAWDOWN_DB=$tmp/odd.db "$dd" import "$tmp/odd.csv" >/dev/null || fail "odd import"
DRAWDOWN_DB=$tmp/odd.db "$dd" charges --json >"$tmp/odd.json" || fail "odd charges"
py "$tmp/odd.json" '
assert [c["service"] for c in r["charges"]] == ["bad\ufffdname", "caf\u00e9", "tab\tq\\\"\x01"], r'
echo PASS
