#!/bin/bash
# sla_list.sh: `drawdown sla list [--json]` (issue #13.1) against
# data/slas.csv read here with Python's csv module: every SLA in the file's
# order with its service, commitment, tiers (below, at_least, percent as
# exact decimal strings), measure, exclusions, source, page date (null when
# none was read), check date, verified (a JSON bool) and note (null when
# empty); the table lists every name and the unverified ones; --help; a
# wrong option or argument is a usage error naming "sla list". Says SKIP
# while the binary has no `sla` verb (cli/cmd_sla.c calls cli_sla_list).
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
src=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
"$dd" sla list --json >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'no verb "sla"' "$tmp/err"; then
	echo "SKIP: drawdown has no sla verb yet (cli/cmd_sla.c is to call cli_sla_list)"
	exit 0
fi
[ $rc -eq 0 ] || fail "sla list --json: exit $rc ($(head -c 300 "$tmp/err"))"
cp "$tmp/out" "$tmp/slas.json"
python3 - "$tmp/slas.json" "$src/data/slas.csv" <<'PY' || fail "the JSON is not the table"
import csv, json, sys
from decimal import Decimal
r = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(l for l in open(sys.argv[2]) if not l.startswith("#") and l.strip()))
assert list(r) == ["slas"], list(r)
got = r["slas"]
assert [s["name"] for s in got] == [w["name"] for w in rows], [s["name"] for s in got]
keys = ["name", "service", "commitment", "tiers", "measure", "excluded", "source", "page_date", "checked",
        "verified", "note"]
def exact(s):
    # an exact decimal string as dd_money prints it: no exponent, no trailing zeros
    assert isinstance(s, str) and s == s.strip() and "e" not in s.lower(), s
    assert "." not in s or not s.endswith("0"), s
    return Decimal(s)
for s, w in zip(got, rows):
    assert list(s) == keys, (s["name"], list(s))
    for k in ("service", "measure", "excluded", "source", "checked"):
        assert s[k] == w[k], (s["name"], k, s[k], w[k])
    assert s["page_date"] == (w["page_date"] or None), s["name"]
    assert s["note"] == (w["note"] or None), s["name"]
    assert s["verified"] is (w["verified"] == "true"), s["name"]
    assert exact(s["commitment"]) == Decimal(w["commitment"]), s["name"]
    want = []
    for part in w["tiers"].split(";"):
        band, pct = part.strip().split("=")
        lo, hi = band[1:-1].split(",")
        want.append((Decimal(hi), Decimal(lo), Decimal(pct)))
    tiers = [(exact(t["below"]), exact(t["at_least"]), exact(t["percent"])) for t in s["tiers"]]
    assert all(list(t) == ["below", "at_least", "percent"] for t in s["tiers"]), s["name"]
    assert tiers == want, (s["name"], tiers, want)
ec2 = got[0]
assert ec2["name"] == "ec2-region" and ec2["commitment"] == "99.99", ec2
assert [t["below"] for t in ec2["tiers"]] == ["99.99", "99", "95"], ec2["tiers"]
assert [t["percent"] for t in ec2["tiers"]] == ["10", "30", "100"], ec2["tiers"]
PY

expect 0 "$dd" sla list
for name in $(grep -v '^#' "$src/data/slas.csv" | tail -n +2 | cut -d, -f1); do
	grep -q "^  $name " "$tmp/out" || fail "the table has no row for $name"
done
grep -q '^  ec2-region  *AmazonEC2  *99.99  *\[99,99.99) 10%; \[95,99) 30%; \[0,95) 100%  *unavailable_minutes  *no$' "$tmp/out" ||
	fail "the ec2-region row is not as expected: $(grep ec2-region "$tmp/out")"
n=$(grep -v '^#' "$src/data/slas.csv" | tail -n +2 | grep -c ',false,')
grep -q "^Not verified ($n):" "$tmp/out" || fail "the table does not list the $n unverified SLAs"
expect 0 "$dd" sla list --help
grep -q '^usage: drawdown sla list' "$tmp/out" || fail "no usage on --help"
expect 2 "$dd" sla list --bogus
grep -q "sla list: unknown option" "$tmp/err" || fail "the usage error does not name sla list: $(cat "$tmp/err")"
expect 2 "$dd" sla list extra
expect 2 "$dd" sla list --json=yes
echo "PASS: sla list: the JSON is data/slas.csv, the table lists every SLA, refusals"
