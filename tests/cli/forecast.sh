#!/bin/bash
# forecast.sh: `drawdown forecast` as a user runs it: the issue's worked
# example through import (leakage 16,400 with probability 1, 33 months
# needed, ask for 2029-12-31), the same seed giving the same bytes and
# another seed other bytes on a noisy history, --as-of before the last
# month, a ramp file, the backtest of a perfect line, and every refusal:
# option values out of range (exit 2, naming the option), a bad ramp file
# (exit 1, file:line:column), --as-of after the data and a history too
# short for --backtest (exit 1, naming the option).
set -u
. "$(dirname "$0")/lib/common.sh" "$1"

# The worked example: EC2 800 a month for 2026.
cat >"$tmp/book.yaml" <<'YAML'
currency: USD
organization:
  payer: "111111111111"
credits:
  - { id: SMALL, type: promotional, amount: 2000, start: 2027-01-01, expires: 2027-06-30, services: [AmazonEC2] }
  - { id: LARGE, type: promotional, amount: 24000, start: 2027-01-01, expires: 2027-12-31 }
YAML
{
	echo billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount
	for m in 01 02 03 04 05 06 07 08 09 10 11 12; do echo "2026-$m,111111111111,111111111111,AmazonEC2,Usage,AWS,800"; done
} >"$tmp/flat.csv"
b=(--book "$tmp/book.yaml" --db "$tmp/flat.db")
expect 0 "$dd" "${b[@]}" import "$tmp/flat.csv"
expect 0 "$dd" "${b[@]}" forecast --method run-rate --paths 100 --json
cp "$tmp/out" "$tmp/flat.json"
py "$tmp/flat.json" '
assert (r["as_of"], r["method"], r["paths"], r["seed"], r["months_ahead"]) == ("2026-12", "run-rate", 100, 1, 36), r
assert len(r["months"]) == 36 and r["months"][0]["month"] == "2027-01"
c = {x["id"]: x for x in r["credits"]}
s, l = c["SMALL"], c["LARGE"]
assert s["exhausted_month"] == {"p50": "2027-03", "p90": "2027-03"}, s
assert s["leak_probability"] == "0" and s["suggested_expiry"] is None, s
assert l["remaining"] == "24000" and l["exhausted_month"] == {"p50": None, "p90": None}, l
assert l["leakage"] == {"mean": "16400", "p10": "16400", "p50": "16400", "p90": "16400"}, l
assert l["leak_probability"] == "1", l
assert l["months_needed"] == {"p50": 33, "p90": 33}, l
assert l["suggested_expiry"] == "2029-12-31", l
m = r["months"][2]  # 2027-03: SMALL 400 + LARGE 400 on 800
assert m["gross"] == {"p10": "800", "p50": "800", "p90": "800"} and m["credits"]["p50"] == "800", m
assert r["months"][12]["payable"]["p50"] == "800", r["months"][12]
assert r["commitment"] == []
'
expect 0 "$dd" "${b[@]}" forecast --method run-rate --paths 100
grep -q "LARGE (promotional, expires 2027-12-31): 24,000.00 left at the end of 2026-12. Will leave 16,400.00 unused" "$tmp/out" ||
	fail "table: $(grep LARGE "$tmp/out")"
grep -q "ask for an expiry of 2029-12-31" "$tmp/out" || fail "table: no suggested expiry"

# --as-of before the last month ignores the later months; after it is refused.
expect 0 "$dd" "${b[@]}" forecast --as-of 2026-06 --months 6 --paths 10 --json
py "$tmp/out" 'assert r["as_of"] == "2026-06" and r["months"][0]["month"] == "2026-07" and len(r["months"]) == 6, r["as_of"]'
expect 1 "$dd" "${b[@]}" forecast --as-of 2027-01
grep -q -- "--as-of" "$tmp/err" || fail "as-of after the data: $(cat "$tmp/err")"

# A noisy history: the same seed, the same bytes (threads or not); another seed, others.
{
	echo billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount
	i=0
	for y in 2025 2026; do for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
		i=$((i + 1)); echo "$y-$m,111111111111,111111111111,AmazonEC2,Usage,AWS,$((1000 + (i * 7919 % 13) * 37)).25"
		echo "$y-$m,111111111111,111111111111,AmazonS3,Usage,AWS,$((300 + (i * 104729 % 7) * 11)).10"
	done; done
} >"$tmp/noisy.csv"
n=(--book "$tmp/book.yaml" --db "$tmp/noisy.db")
expect 0 "$dd" "${n[@]}" import "$tmp/noisy.csv"
"$dd" "${n[@]}" forecast --seed 7 --json >"$tmp/s7a" || fail "seed 7"
"$dd" "${n[@]}" forecast --seed 7 --threads 1 --json >"$tmp/s7b" || fail "seed 7, one thread"
"$dd" "${n[@]}" forecast --seed 8 --json >"$tmp/s8" || fail "seed 8"
cmp -s "$tmp/s7a" "$tmp/s7b" || fail "the same seed gave different output"
cmp -s "$tmp/s7a" "$tmp/s8" && fail "seeds 7 and 8 gave the same output"
py "$tmp/s7a" '
g = r["months"][0]["gross"]
from decimal import Decimal as D
assert D(g["p10"]) < D(g["p50"]) < D(g["p90"]), g
'

# A ramp: RDS + 40,000 from 2027-01 on a new series; EC2 x 1.3 from 2027-07 (a step).
cat >"$tmp/ramp.yaml" <<'YAML'
ramp:
  - { account: "111111111111", service: AmazonRDS, from: 2027-01, amount: 40000 }
  - { account: "111111111111", service: AmazonEC2, from: 2027-07, growth_percent: 30 }
  - { account: "111111111111", service: AWSGlue, from: 2027-03, until: 2027-05, amount: 900 }
YAML
expect 0 "$dd" "${b[@]}" forecast --method run-rate --paths 10 --months 12 --ramp "$tmp/ramp.yaml" --json
py "$tmp/out" '
g = [m["gross"]["p50"] for m in r["months"]]
assert g == ["40800", "40800", "41700", "41700", "41700", "40800", "41040", "41040", "41040", "41040", "41040", "41040"], g
'
# A bad ramp file: exit 1, file:line:column and the field.
printf 'ramp:\n  - { account: "111111111111", service: AmazonRDS, from: 2027-13, amount: 5 }\n' >"$tmp/bad-ramp.yaml"
expect 1 "$dd" "${b[@]}" forecast --ramp "$tmp/bad-ramp.yaml"
grep -q "bad-ramp.yaml:2:" "$tmp/err" || fail "bad ramp: $(cat "$tmp/err")"
grep -q "ramp\[0\].from" "$tmp/err" || fail "bad ramp field: $(cat "$tmp/err")"
expect 1 "$dd" "${b[@]}" forecast --ramp "$tmp/no-such-ramp.yaml"
grep -q "no-such-ramp.yaml" "$tmp/err" || fail "missing ramp: $(cat "$tmp/err")"

# Options out of range or unknown: exit 2, naming the option, nothing on stdout.
for bad in "--paths 0" "--paths x" "--months 0" "--months 121" "--method magic" "--seed -1" "--window 0" \
	"--growth -100" "--backtest 0" "--threads 0" "--as-of 2026-13"; do
	set -- $bad
	expect 2 "$dd" "${b[@]}" forecast "$@"
	grep -q -- "$1" "$tmp/err" || fail "$bad: the message does not name $1: $(cat "$tmp/err")"
	[ -s "$tmp/out" ] && fail "$bad: output on stdout"
done
expect 2 "$dd" "${b[@]}" forecast --backtest 3 --months 3

# The backtest of a perfect line: 100 + 10 i over 2026; the last 4 months are
# 180 .. 210, recovered exactly by trend (MAPE 0, all inside the band).
{
	echo billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount
	for i in 0 1 2 3 4 5 6 7 8 9 10 11; do printf '2026-%02d,111111111111,111111111111,AmazonEC2,Usage,AWS,%d\n' $((i + 1)) $((100 + 10 * i)); done
} >"$tmp/line.csv"
l=(--book "$tmp/book.yaml" --db "$tmp/line.db")
expect 0 "$dd" "${l[@]}" import "$tmp/line.csv"
expect 0 "$dd" "${l[@]}" forecast --backtest 4 --method trend --paths 50 --json
py "$tmp/out" '
b = r["backtest"]
assert b["holdout"] == 4 and b["method"] == "trend", b
assert [m["month"] for m in b["months"]] == ["2026-09", "2026-10", "2026-11", "2026-12"], b
assert [m["actual"] for m in b["months"]] == ["180", "190", "200", "210"], b
assert all(m["p10"] == m["p50"] == m["p90"] == m["actual"] for m in b["months"]), b
assert float(b["mape"]) == 0 and float(b["coverage"]) == 1, b
'
expect 0 "$dd" "${l[@]}" forecast --backtest 9 --paths 10
expect 1 "$dd" "${l[@]}" forecast --backtest 10
grep -q -- "--backtest" "$tmp/err" || fail "backtest too long: $(cat "$tmp/err")"
echo "PASS: forecast"
