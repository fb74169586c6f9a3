#!/bin/bash
# check_offer.sh: `drawdown check --offer FILE`: an offer merged with its
# base (offer.base, relative to the offer; else the --book in use) is
# checked like a book: the summary names the offer and its base, --json
# adds "offer" and "base", and every problem of the offer or of the merged
# book is printed as file:line:column (the offer's for what it wrote, the
# base's for what it kept), exit 1. The offers are tests/data/offers/.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
src=$(cd "${DD_SOURCE_DIR:-.}" && pwd)/tests/data/offers

# offer.base, whatever --book says; the merged book's figures: KEEP 1,000 +
# TIERED 50 + 30 + INCLUDED 250 + EDP-SIGN 100,000 + REPLACED 200 = 101,530
expect 0 "$dd" --book "$tmp/none.yaml" check --offer "$src/offer.yaml"
grep -qx "$src/offer.yaml: ok: offer \"3 years, 11 %\" on $src/base.yaml, 3 files, payer 111111111111, 1 account, 6 credits (101,530.00 USD), agreement EDP-2027 from 2027-01-01 for 3 years, 1 incident" "$tmp/out" ||
	fail "summary: $(cat "$tmp/out")"
[ ! -s "$tmp/err" ] || fail "stderr: $(cat "$tmp/err")"
expect 0 "$dd" check --offer "$src/offer.yaml" --json
py "$tmp/out" 'assert r["ok"] is True and r["problems"] == [], r
assert r["book"].endswith("tests/data/offers/offer.yaml") and r["files"] == 3 and r["credits"] == 6, r
assert r["offer"] == "3 years, 11 %" and r["base"].endswith("tests/data/offers/base.yaml"), r
assert r["agreement_years"] == 3, r'

# no offer.base: the --book in use (here from the environment)
DRAWDOWN_BOOK="$src/base.yaml" expect 0 "$dd" check --offer "$src/nobase.yaml"
grep -q "ok: offer \"support credit instead\" on $src/base.yaml, 3 files" "$tmp/out" || fail "default base: $(cat "$tmp/out")"
# ... and without any book: the default drawdown.yaml of the working directory, missing here
(cd "$tmp" && expect 1 "$dd" check --offer "$src/nobase.yaml")
grep -q '^drawdown.yaml: cannot read the book: No such file or directory' "$tmp/err" || fail "no base: $(cat "$tmp/err")"
grep -q 'drawdown: 1 problem in the offer' "$tmp/err" || fail "count: $(cat "$tmp/err")"

# problems of the offer and of the merged book, each at its place, all at once
cat >"$tmp/bad.yaml" <<YAML
offer:
  name: bad
  base: $src/base.yaml
  owner: me
remove_credits: [NOPE]
organization: { payer: "111111111111" }
credits:
  - { id: KEEP, type: map, amount: -1, start: 2026-01-01, expires: 2026-12-31 }
YAML
expect 1 "$dd" check --offer "$tmp/bad.yaml"
grep -q "^$tmp/bad.yaml:4:3: offer.owner: unknown field \"owner\"" "$tmp/err" || fail "unknown key: $(cat "$tmp/err")"
grep -q "^$tmp/bad.yaml:5:18: remove_credits\[0\]: the base book $src/base.yaml has no credit \"NOPE\"" "$tmp/err" || fail "remove: $(cat "$tmp/err")"
grep -q "^$tmp/bad.yaml:8:36: credits\[4\].amount: amount must not be negative, got -1" "$tmp/err" || fail "credit: $(cat "$tmp/err")"
grep -q "^$src/credits/more.yaml:3:92: credits\[3\].owner: account \"222222222222\" is neither" "$tmp/err" || fail "base entry: $(cat "$tmp/err")"
grep -q 'drawdown: 4 problems in the offer' "$tmp/err" || fail "count: $(cat "$tmp/err")"
expect 1 "$dd" check --offer "$tmp/bad.yaml" --json
py "$tmp/out" 'assert r["ok"] is False and len(r["problems"]) == 4, r
p = r["problems"][0]
assert p["line"] == 4 and p["column"] == 3 and p["field"] == "offer.owner", p
assert "offer" not in r, r'

# an unreadable offer; --offer needs its value
expect 1 "$dd" check --offer "$tmp/missing.yaml"
grep -q "missing.yaml: cannot read the offer: No such file or directory" "$tmp/err" || fail "missing offer: $(cat "$tmp/err")"
expect 2 "$dd" check --offer
echo ok
