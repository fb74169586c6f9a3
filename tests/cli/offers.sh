#!/bin/bash
# offers.sh: `drawdown offers` as a new user runs it, on histories whose
# figures are worked by hand: the issue's worked check from offer files
# (2,000,000 a month; 10 % pays 64,800,000, 11 % 64,080,000, a 200,000
# after-discount credit 64,600,000 = 0.2778 points, before the discount
# 64,620,000 = 0.25 points); support credits against a support discount
# (Enterprise on 1,000,000 a month: 64,500 a month; 60,000 of credits once
# against 10 % off for 3 years = 232,200); a credit that leaks losing to a
# smaller one that lasts; --summary, --stress, sizing; and a bad offer file.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
history() { # history FILE AMOUNT: EC2 at AMOUNT a month through 2026
	{
		echo billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount
		for m in 01 02 03 04 05 06 07 08 09 10 11 12; do echo "2026-$m,111111111111,111111111111,AmazonEC2,Usage,AWS,$2"; done
	} >"$1"
}
offer() { # offer FILE NAME DISCOUNT [EXTRA YAML]
	printf 'offer: { name: "%s" }\nagreement: { id: NEW, start: 2027-01-01, years: 3, commitment: [1, 1, 1], discount_percent: %s }\n%s' \
		"$2" "$3" "${4:-}" >"$1"
}
printf 'currency: USD\norganization:\n  payer: "111111111111"\n' >"$tmp/book.yaml"
history "$tmp/flat.csv" 2000000
b=(--book "$tmp/book.yaml" --db "$tmp/flat.db")
"$dd" "${b[@]}" import "$tmp/flat.csv" >/dev/null || fail "import"
offer "$tmp/a.yaml" "10 %" 10
offer "$tmp/b.yaml" "11 %" 11
offer "$tmp/c.yaml" "10 % + 200K after" 10 'credits:
  - { id: SIGN, type: edp, amount: 200000, start: 2027-01-01, expires: 2029-12-31, applies: after_discount }
'
offer "$tmp/d.yaml" "10 % + 200K before" 10 'credits:
  - { id: SIGN, type: edp, amount: 200000, start: 2027-01-01, expires: 2029-12-31 }
'
"$dd" "${b[@]}" offers compare "$tmp/a.yaml" "$tmp/b.yaml" "$tmp/c.yaml" "$tmp/d.yaml" --paths 20 --json >"$tmp/cmp.json" ||
	fail "offers compare: $(cat "$tmp/cmp.json")"
py "$tmp/cmp.json" '
o = {x["name"]: x for x in r["offers"]}
assert r["rate"] == "0" and r["paths"] == 20 and r["seed"] == 1, r
a, b, c, d = o["10 %"], o["11 %"], o["10 % + 200K after"], o["10 % + 200K before"]
assert a["term"] == {"start": "2027-01-01", "end": "2029-12-31"}, a["term"]
assert a["list_spend"]["mean"] == "72000000", a
assert [x["payable"]["mean"] for x in (a, b, c, d)] == ["64800000", "64080000", "64600000", "64620000"]
assert a["npv"]["mean"] == "64800000"  # at 0 %: the payable
assert [x["credit_equivalent_discount_points"] for x in (a, b, c, d)] == ["0", "1", "0.2778", "0.25"]
assert [x["rank"] for x in (a, b, c, d)] == [4, 1, 2, 3]
assert a["effective_discount_percent"] == "10" and b["effective_discount_percent"] == "11"
s = d["credits"][0]
assert (s["id"], s["face"], s["used"]["mean"], s["discount_lost"]["mean"], s["value"]["mean"]) == ("SIGN", "200000", "200000", "20000", "180000"), s
assert c["credits"][0]["value"]["mean"] == "200000"
assert a["shortfall"] == {"mean": "0", "probability": "0"}
assert "less than" in b["reason"] and "more" in a["reason"], (a["reason"], b["reason"])
'
"$dd" "${b[@]}" offers compare "$tmp/a.yaml" "$tmp/b.yaml" --paths 20 >"$tmp/table" || fail "offers table"
grep -q "11 %" "$tmp/table" && grep -q "64,080,000.00" "$tmp/table" || fail "offers table: $(cat "$tmp/table")"
"$dd" "${b[@]}" offers compare "$tmp/a.yaml" "$tmp/b.yaml" --paths 20 --summary >"$tmp/summary" || fail "summary"
[ "$(grep -c '\.$' "$tmp/summary")" -eq 5 ] || fail "summary is not five sentences: $(cat "$tmp/summary")"
grep -q '"11 %" costs the least' "$tmp/summary" && grep -q "720,000.00 more" "$tmp/summary" || fail "summary: $(cat "$tmp/summary")"
"$dd" "${b[@]}" offers compare "$tmp/a.yaml" "$tmp/b.yaml" --paths 20 --stress 10 --json >"$tmp/stress.json" || fail "stress"
py "$tmp/stress.json" '
b = r["offers"][1]
assert r["ranking_flips"] is False and b["stress"]["low"]["rank"] == 1, r
assert b["stress"]["low"]["list_spend"]["mean"] == "64800000" and b["stress"]["high"]["payable"]["mean"] == "70488000", b["stress"]
'
# An NPV at 12 %: the annuity of 36 months of 1,800,000 discounted by 1.12^(t/12).
"$dd" "${b[@]}" offers compare "$tmp/a.yaml" --paths 5 --rate 12 --json >"$tmp/npv.json" || fail "rate"
py "$tmp/npv.json" '
v = 1.12 ** (-1 / 12)
want = 1800000 * (1 - v ** 36) / (1 / v - 1)
assert abs(float(r["offers"][0]["npv"]["mean"]) - want) < 0.01, (r["offers"][0]["npv"], want)
'
# Support: Enterprise on 1,000,000 a month is 10 % of 150,000 + 7 % of
# 350,000 + 5 % of 500,000 = 64,500 a month. A year of support credits
# (60,000) against 10 % off the fee for the term (6,450 x 36 = 232,200).
history "$tmp/m.csv" 1000000
s=(--book "$tmp/book.yaml" --db "$tmp/m.db")
"$dd" "${s[@]}" import "$tmp/m.csv" >/dev/null || fail "import 1M"
offer "$tmp/credits.yaml" "support credits" 0 'support: { plan: enterprise }
credits:
  - { id: SUP, type: support, amount: 60000, start: 2027-01-01, expires: 2027-12-31 }
'
offer "$tmp/rate.yaml" "support discount" 0 'support: { plan: enterprise, discount_percent: 10 }
'
"$dd" "${s[@]}" offers compare "$tmp/credits.yaml" "$tmp/rate.yaml" --paths 10 --json >"$tmp/sup.json" || fail "support offers: $(cat "$tmp/sup.json")"
py "$tmp/sup.json" '
c, d = r["offers"]
assert c["payable"]["mean"] == str(36 * 1000000 + 36 * 64500 - 60000), c["payable"]
assert d["payable"]["mean"] == str(36 * 1000000 + 36 * 58050), d["payable"]
assert d["rank"] == 1 and c["rank"] == 2
'
# A credit that leaks (200,000 for 2027 on 10,000 a month: 120,000 used)
# loses to a smaller one lasting the term (150,000 to 2029: all used).
history "$tmp/slow.csv" 10000
w=(--book "$tmp/book.yaml" --db "$tmp/slow.db")
"$dd" "${w[@]}" import "$tmp/slow.csv" >/dev/null || fail "import slow"
offer "$tmp/big.yaml" "200K, one year" 0 'credits:
  - { id: BIG, type: edp, amount: 200000, start: 2027-01-01, expires: 2027-12-31 }
'
offer "$tmp/small.yaml" "150K, three years" 0 'credits:
  - { id: SMALL, type: edp, amount: 150000, start: 2027-01-01, expires: 2029-12-31 }
'
"$dd" "${w[@]}" offers compare "$tmp/big.yaml" "$tmp/small.yaml" --paths 10 --json >"$tmp/slow.json" || fail "slow offers"
py "$tmp/slow.json" '
big, small = r["offers"]
assert big["leakage"]["mean"] == "80000" and big["credits"][0]["used"]["mean"] == "120000", big
assert big["payable"]["mean"] == "240000" and small["payable"]["mean"] == "210000", (big["payable"], small["payable"])
assert small["rank"] == 1 and big["rank"] == 2
'
# Sizing on the noiseless history: 24,000,000 x 0.9 counted every year.
"$dd" "${b[@]}" offers size --offer "$tmp/a.yaml" --max-shortfall-probability 10 --paths 10 --json >"$tmp/size.json" || fail "size"
py "$tmp/size.json" '
assert r["annual_commitment"] == "21600000" and r["max_shortfall_probability"] == "0.1", r
assert [y["commitment"] for y in r["years"]] == ["21600000"] * 3
'
# Refusals: a bad offer file names its line and column; usage errors exit 2.
printf 'offer: { name: "x", colour: red }\n' >"$tmp/bad.yaml"
"$dd" "${b[@]}" offers compare "$tmp/bad.yaml" >/dev/null 2>"$tmp/err" && fail "a bad offer was accepted"
grep -q "bad.yaml:1:" "$tmp/err" || fail "bad offer message: $(cat "$tmp/err")"
"$dd" "${b[@]}" offers >/dev/null 2>&1; [ $? -eq 2 ] || fail "offers without a subcommand"
"$dd" "${b[@]}" offers compare >/dev/null 2>&1; [ $? -eq 2 ] || fail "compare without offers"
"$dd" "${b[@]}" offers compare "$tmp/a.yaml" --rate -1 >/dev/null 2>"$tmp/err"; [ $? -eq 2 ] || fail "--rate -1"
grep -q -- "--rate" "$tmp/err" || fail "--rate message"
"$dd" "${b[@]}" offers size --offer "$tmp/a.yaml" >/dev/null 2>&1; [ $? -eq 2 ] || fail "size without --max-shortfall-probability"
echo "PASS: offers"
