#!/bin/bash
# incident.sh: `drawdown incident add` and `drawdown sla approve` as a user
# runs them, on a copy of the bundled example (which has comments): the
# entry is appended and `check` passes, every other byte of the file is
# kept (the file minus the added lines is the original), the fields read
# back exactly (`incident list --json`); each refusal (end before start, an
# unknown SLA, a duplicate id, an unknown account, a bad cost, a bad
# timestamp, an error rate on a minute-based SLA, a book with problems)
# exits 1 and leaves the file byte-identical; with includes the entry goes
# to the file that holds the incidents; the file's mode is kept. `sla
# approve` adds the credit SLA-<id> with the exact text expected, refuses a
# second approval, an unknown incident, an amount not above 0; its claims
# then show approved. Says SKIP for `sla approve` alone while the sla verb
# does not route it yet.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
src=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
has_err() { grep -qF -- "$1" "$tmp/err" || fail "stderr lacks \"$1\": $(cat "$tmp/err")"; }

# only_added ORIG NEW FIRST LAST: NEW is ORIG with lines FIRST..LAST inserted, every other byte the same.
only_added() {
	python3 - "$@" <<'PY' || fail "$2 is not $1 plus lines $3-$4"
import sys
orig, new = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
a, b = int(sys.argv[3]), int(sys.argv[4])
lines = new.split(b"\n")
kept = b"\n".join(lines[:a - 1] + lines[b:])
assert kept == orig, (len(kept), len(orig))
PY
}

book=$tmp/book.yaml
cp "$src/examples/drawdown.yaml" "$book"
chmod 640 "$book"
b=(--book "$book")

# ---- add: the entry, and every other byte kept ----
expect 0 "$dd" "${b[@]}" incident add --id INC-2026-10-03 --sla ec2-region --service AmazonEC2 --region us-east-1 \
	--accounts 222222222222,333333333333 --resources 'i-0abc, vol-0def' --start 2026-10-03T14:05:00Z \
	--end '2026-10-03 21:35+02:00' --impact 'checkout unavailable; "orders" lost: 3 hours' --cost 180000.50
n=$(wc -l <"$src/examples/drawdown.yaml")
grep -qx "incident INC-2026-10-03 added to $book (lines $((n + 1))-$((n + 12)))" "$tmp/out" || fail "add: $(cat "$tmp/out")"
only_added "$src/examples/drawdown.yaml" "$book" $((n + 1)) $((n + 12))
# The example has no incidents: the list at the end, after a blank line, in the example's layout.
tail -n 12 "$book" >"$tmp/added"
cat >"$tmp/want" <<'YAML'

incidents:
  - id: INC-2026-10-03
    service: AmazonEC2
    sla: ec2-region
    region: us-east-1
    accounts: ["222222222222", "333333333333"]
    resources: ["i-0abc", "vol-0def"]
    start: 2026-10-03T14:05:00Z
    end: 2026-10-03T19:35:00Z
    impact: "checkout unavailable; \"orders\" lost: 3 hours"
    cost: 180000.50
YAML
diff "$tmp/want" "$tmp/added" >/dev/null || fail "added lines: $(diff "$tmp/want" "$tmp/added")"
[ "$(stat -c %a "$book")" = 640 ] || fail "mode not kept: $(stat -c %a "$book")"
ls -A "$tmp" | grep -q 'book.yaml.' && fail "a temporary file was left: $(ls -A "$tmp")"
expect 0 "$dd" "${b[@]}" check
grep -q ", 1 incident$" "$tmp/out" || fail "check: $(cat "$tmp/out")"

# A second one, on an error-rate SLA: after the first, with nothing between.
cp "$book" "$tmp/one.yaml"
expect 0 "$dd" "${b[@]}" incident add --id S3-1 --sla s3-standard --service AmazonS3 --start 2026-11-02T08:00Z \
	--end 2026-11-02T08:20Z --error-rate 12.25 --cost 0
grep -qx "incident S3-1 added to $book (lines $((n + 13))-$((n + 19)))" "$tmp/out" || fail "second add: $(cat "$tmp/out")"
only_added "$tmp/one.yaml" "$book" $((n + 13)) $((n + 19))
[ "$(tail -n 7 "$book" | head -n 1)" = "  - id: S3-1" ] || fail "second entry: $(tail -n 7 "$book")"
expect 0 "$dd" "${b[@]}" incident list --json
py "$tmp/out" '
i = r["incidents"]
assert len(i) == 2, i
a, s = i
assert a == {"id": "INC-2026-10-03", "service": "AmazonEC2", "sla": "ec2-region", "region": "us-east-1",
             "accounts": ["222222222222", "333333333333"], "resources": ["i-0abc", "vol-0def"],
             "start": "2026-10-03T14:05:00Z", "end": "2026-10-03T19:35:00Z",
             "impact": "checkout unavailable; \"orders\" lost: 3 hours", "cost": "180000.5", "error_rate": None,
             "intervals": [], "file": sys.argv[1].replace("out", "book.yaml"), "line": a["line"]}, a
assert s["sla"] == "s3-standard" and s["error_rate"] == "12.25" and s["cost"] == "0" and s["region"] is None, s
assert s["accounts"] == [] and s["resources"] == [] and s["impact"] is None, s
assert (s["start"], s["end"]) == ("2026-11-02T08:00:00Z", "2026-11-02T08:20:00Z"), s
assert s["line"] == a["line"] + 10, (a["line"], s["line"])
'
expect 0 "$dd" "${b[@]}" incident list
grep -q "S3-1  *s3-standard  *AmazonS3 .*2026-11-02T08:00:00Z  2026-11-02T08:20:00Z  *0.00$" "$tmp/out" || fail "list: $(cat "$tmp/out")"

# ---- refusals: exit 1, the file byte-identical ----
cp "$book" "$tmp/before.yaml"
refuse() {
	local msg=$1; shift
	expect 1 "$dd" "${b[@]}" incident add "$@"
	has_err "$msg"
	has_err "nothing written"
	cmp -s "$book" "$tmp/before.yaml" || fail "a refused add changed the book: $*"
	[ -s "$tmp/out" ] && fail "a refused add printed on stdout: $(cat "$tmp/out")"
	ls -A "$tmp" | grep -q 'book.yaml.' && fail "a temporary file was left: $(ls -A "$tmp")"
	return 0
}
ok=(--service AmazonEC2 --start 2026-12-01T10:00Z)
line=$((n + 20)) # the refused entry's first line
refuse "book.yaml:$((line + 4)):10: incidents[2].end: end 2026-12-01T09:00:00Z is before start 2026-12-01T10:00:00Z" \
	--id X --sla ec2-region "${ok[@]}" --end 2026-12-01T09:00Z
refuse "book.yaml:$((line + 2)):10: incidents[2].sla: expected one of: ec2-region, " --id X --sla ec2-zone "${ok[@]}" --end 2026-12-01T11:00Z
refuse "book.yaml:$line:9: incidents[2].id: duplicate incident id \"S3-1\" (first defined at $((n + 13)):9)" \
	--id S3-1 --sla ec2-region "${ok[@]}" --end 2026-12-01T11:00Z
refuse "book.yaml:$((line + 3)):32: incidents[2].accounts[1]: account \"999999999999\" is neither the payer nor listed" \
	--id X --sla ec2-region "${ok[@]}" --end 2026-12-01T11:00Z --accounts 222222222222,999999999999
refuse "incidents[2].cost: cost must not be negative, got -5" --id X --sla eks "${ok[@]}" --end 2026-12-01T11:00Z --cost -5
refuse "incidents[2].cost: expected an amount (digits with an optional '.', no thousands separators" \
	--id X --sla eks "${ok[@]}" --end 2026-12-01T11:00Z --cost 180,000
refuse "incidents[2].cost: expected an amount" --id X --sla eks "${ok[@]}" --end 2026-12-01T11:00Z --cost ''
refuse "incidents[2].start: expected a timestamp YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM], got \"yesterday\"" \
	--id X --sla eks --service S --start yesterday --end 2026-12-01T11:00Z
refuse "incidents[2].error_rate: error_rate is for error-rate SLAs" --id X --sla ec2-region "${ok[@]}" \
	--end 2026-12-01T11:00Z --error-rate 5
refuse "incidents[2].error_rate: a percentage must be between 0 and 100, got 101" --id X --sla lambda "${ok[@]}" \
	--end 2026-12-01T11:00Z --error-rate 101
refuse "incidents[2].resources[1]: a resource id cannot be empty" --id X --sla eks "${ok[@]}" --end 2026-12-01T11:00Z \
	--resources 'a,,b'
refuse "with the new entry (lines $line-$((line + 5)) of $book) the book would have 2 problems" \
	--id S3-1 --sla nope "${ok[@]}" --end 2026-12-01T11:00Z --region r
# Usage errors: exit 2, nothing written.
for args in "" "frob" "add" "add --id X --sla eks --service S --start 2026-12-01T10:00Z" "add --id X --bogus" "list extra"; do
	# shellcheck disable=SC2086
	expect 2 "$dd" "${b[@]}" incident $args
	cmp -s "$book" "$tmp/before.yaml" || fail "a usage error changed the book: $args"
done
expect 2 "$dd" "${b[@]}" incident add --id X --sla eks --service S --start 2026-12-01T10:00Z
has_err "incident add: --end is required"
expect 0 "$dd" incident --help
grep -q "usage: drawdown incident add" "$tmp/out" || fail "--help"
for o in --id --sla --service --start --end --region --accounts --resources --impact --cost --error-rate "nothing is written"; do
	grep -q -- "$o" "$tmp/out" || fail "incident --help does not mention $o"
done
expect 0 "$dd" incident add --help
grep -q "usage: drawdown incident add" "$tmp/out" || fail "add --help"

# A book with problems is refused before any edit.
printf 'organization: { payer: "1" }\ncredits: [{ id: X }]\n' >"$tmp/bad.yaml"
cp "$tmp/bad.yaml" "$tmp/bad.orig"
expect 1 "$dd" --book "$tmp/bad.yaml" incident add --id I --sla eks --service S --start 2026-12-01T10:00Z --end 2026-12-01T11:00Z
has_err "bad.yaml:2:11: credits[0].type: missing required field \"type\""
has_err "incident add: the book has 4 problems; fix them first (nothing written)"
cmp -s "$tmp/bad.yaml" "$tmp/bad.orig" || fail "a bad book was edited"
expect 1 "$dd" --book "$tmp/none.yaml" incident add --id I --sla eks --service S --start 2026-12-01T10:00Z --end 2026-12-01T11:00Z
has_err "none.yaml: cannot read the book"
[ -e "$tmp/none.yaml" ] && fail "a missing book was created"

# ---- includes: the entry goes to the file that holds the incidents ----
mkdir -p "$tmp/inc/parts"
cat >"$tmp/inc/book.yaml" <<'YAML'
# the book: terms here, incidents in parts/
include: [parts/credits.yaml, parts/incidents.yaml]
organization:
  payer: "111111111111"
  accounts:
    - { id: "222222222222", name: prod }
YAML
cat >"$tmp/inc/parts/credits.yaml" <<'YAML'
credits:
  - { id: C1, type: poc, amount: 100, start: 2026-01-01, expires: 2026-12-31 }
YAML
cat >"$tmp/inc/parts/incidents.yaml" <<'YAML'
# incidents, newest last
incidents:
- id: OLD
  service: AmazonRDS
  sla: rds-multi-az   # Multi-AZ
  start: 2026-09-01T10:00:00Z
  end: 2026-09-01T10:30:00Z

# (end of the incidents)
YAML
cp -r "$tmp/inc" "$tmp/inc.orig"
expect 0 "$dd" --book "$tmp/inc/book.yaml" incident add --id NEW --sla rds-multi-az --service AmazonRDS \
	--accounts 222222222222 --start 2026-10-05T01:00Z --end 2026-10-05T01:45Z
grep -qx "incident NEW added to $tmp/inc/parts/incidents.yaml (lines 8-13)" "$tmp/out" || fail "include add: $(cat "$tmp/out")"
cmp -s "$tmp/inc/book.yaml" "$tmp/inc.orig/book.yaml" || fail "the book itself was edited"
cmp -s "$tmp/inc/parts/credits.yaml" "$tmp/inc.orig/parts/credits.yaml" || fail "credits.yaml was edited"
only_added "$tmp/inc.orig/parts/incidents.yaml" "$tmp/inc/parts/incidents.yaml" 8 13
sed -n 8,13p "$tmp/inc/parts/incidents.yaml" >"$tmp/added"
printf -- '- id: NEW\n  service: AmazonRDS\n  sla: rds-multi-az\n  accounts: ["222222222222"]\n  start: 2026-10-05T01:00:00Z\n  end: 2026-10-05T01:45:00Z\n' >"$tmp/want"
diff "$tmp/want" "$tmp/added" >/dev/null || fail "include entry: $(diff "$tmp/want" "$tmp/added")"
expect 0 "$dd" --book "$tmp/inc/book.yaml" check
expect 0 "$dd" --book "$tmp/inc/book.yaml" incident list --json
py "$tmp/out" '
assert [x["id"] for x in r["incidents"]] == ["OLD", "NEW"], r
assert r["incidents"][1]["file"].endswith("/inc/parts/incidents.yaml") and r["incidents"][1]["line"] == 8, r
'
# A refusal in an include names its line and leaves it as it was.
cp "$tmp/inc/parts/incidents.yaml" "$tmp/inc.before"
expect 1 "$dd" --book "$tmp/inc/book.yaml" incident add --id NEW --sla eks --service S --start 2026-10-05T01:00Z --end 2026-10-05T02:00Z
has_err "parts/incidents.yaml:14:7: incidents[2].id: duplicate incident id \"NEW\" (first defined at 8:7)"
cmp -s "$tmp/inc/parts/incidents.yaml" "$tmp/inc.before" || fail "a refused add changed the include"

# ---- sla approve ----
if ! "$dd" sla approve --help >"$tmp/out" 2>&1 || ! head -n 1 "$tmp/out" | grep -q "^usage: drawdown sla approve"; then
	echo "SKIP: sla approve (the sla verb is not wired yet)"
	exit 0
fi
cp "$book" "$tmp/before.yaml"
expect 0 "$dd" "${b[@]}" sla approve INC-2026-10-03 --amount 1234.56 --date 2026-11-15
# The example's credits are set apart by blank lines: the credit after SUPPORT-2026's, after one.
first=$(($(grep -n '^    expires: 2026-12-31$' "$tmp/before.yaml" | tail -n 1 | cut -d: -f1) + 1))
grep -qx "credit SLA-INC-2026-10-03 (sla, 1,234.56 USD, 2026-12-01 to 2027-11-30, owner 222222222222) added to $book (lines $first-$((first + 8)))" "$tmp/out" ||
	fail "approve: $(cat "$tmp/out") (expected lines $first-$((first + 8)))"
only_added "$tmp/before.yaml" "$book" $first $((first + 8))
sed -n "$first,$((first + 8))p" "$book" >"$tmp/added"
cat >"$tmp/want" <<'YAML'

  - id: SLA-INC-2026-10-03
    type: sla
    amount: 1234.56
    start: 2026-12-01
    expires: 2027-11-30
    owner: "222222222222"
    services: ["AmazonEC2"]
    description: "SLA credit for incident INC-2026-10-03, approved 2026-11-15"
YAML
diff "$tmp/want" "$tmp/added" >/dev/null || fail "approved credit: $(diff "$tmp/want" "$tmp/added")"
expect 0 "$dd" "${b[@]}" check --json
py "$tmp/out" 'assert r["ok"] and r["credits"] == 11, r'
# Its claims show approved.
expect 0 "$dd" "${b[@]}" --db "$tmp/ex.db" import "$src/examples/charges.csv"
expect 0 "$dd" "${b[@]}" --db "$tmp/ex.db" sla --as-of 2026-11-20 --json
py "$tmp/out" '
c = [x for x in r["claims"] if "INC-2026-10-03" in x["incidents"]]
assert c and all(x["status"] == "approved" for x in c), c
'
# Refused, nothing written: a second approval, an unknown incident, an amount not above 0.
cp "$book" "$tmp/before.yaml"
approve_refused() {
	local msg=$1; shift
	expect 1 "$dd" "${b[@]}" sla approve "$@"
	has_err "$msg"
	cmp -s "$book" "$tmp/before.yaml" || fail "a refused approval changed the book: $*"
	return 0
}
approve_refused "incident INC-2026-10-03 is already approved: credit SLA-INC-2026-10-03 at $book:$((first + 1)):5" \
	INC-2026-10-03 --amount 10 --date 2026-11-20
approve_refused "no incident \"INC-NOPE\" in the book" INC-NOPE --amount 10
approve_refused "--amount must be more than 0, got 0" S3-1 --amount 0
approve_refused "--amount must be more than 0, got -5" S3-1 --amount -5
approve_refused "--amount: expected an exact amount" S3-1 --amount 1,000
expect 2 "$dd" "${b[@]}" sla approve S3-1
has_err "--amount X is required"
expect 2 "$dd" "${b[@]}" sla approve --amount 5
expect 2 "$dd" "${b[@]}" sla approve S3-1 --amount 5 --date 2026-13-01
cmp -s "$book" "$tmp/before.yaml" || fail "a usage error changed the book"
# No affected account: the payer owns it; approved on 2026-12-31, it starts 2027-01-01.
expect 0 "$dd" "${b[@]}" sla approve S3-1 --amount 0.5 --date 2026-12-31
grep -q "credit SLA-S3-1 (sla, 0.50 USD, 2027-01-01 to 2027-12-31, owner 111111111111)" "$tmp/out" || fail "payer: $(cat "$tmp/out")"
grep -q '^    services: \["AmazonS3"\]$' "$book" || fail "S3 credit services"
# With includes, the credit goes to the file that holds the credits.
cp "$tmp/inc/parts/credits.yaml" "$tmp/credits.before"
expect 0 "$dd" --book "$tmp/inc/book.yaml" sla approve OLD --amount 99 --date 2026-09-30
grep -q "added to $tmp/inc/parts/credits.yaml (lines 3-10)" "$tmp/out" || fail "include approve: $(cat "$tmp/out")"
only_added "$tmp/credits.before" "$tmp/inc/parts/credits.yaml" 3 10
grep -q "^    start: 2026-10-01$" "$tmp/inc/parts/credits.yaml" && grep -q "^    expires: 2027-09-30$" "$tmp/inc/parts/credits.yaml" ||
	fail "include credit dates: $(cat "$tmp/inc/parts/credits.yaml")"
echo PASS
