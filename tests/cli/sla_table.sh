#!/bin/bash
# sla_table.sh: the SLA table's generator (cmake/gen_sla_table.py, issue
# #13.1) on data/slas.csv: docs/sla.md is what the CSV gives (regenerate it
# after an edit), the C is the same bytes on every run, and a table that
# breaks a rule of the CSV's header is refused with file:line and the rule:
# bands not contiguous, a first band not ending at the commitment, a last one
# not reaching 0, a credit that falls as uptime falls, an empty band, an
# unknown measure, a percent that is not a plain decimal, a name listed
# twice, a false row without a note, a wrong header, a byte not ASCII. The
# drawdown binary ($1) is not used.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
src=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
gen=$src/cmake/gen_sla_table.py
csv=$src/data/slas.csv

python3 "$gen" --markdown "$csv" >"$tmp/sla.md" || fail "the generator refused data/slas.csv"
cmp -s "$tmp/sla.md" "$src/docs/sla.md" ||
	fail "docs/sla.md is not what data/slas.csv gives: run python3 cmake/gen_sla_table.py --markdown data/slas.csv docs/sla.md"
python3 "$gen" "$csv" "$tmp/a.c" && python3 "$gen" "$csv" "$tmp/b.c" || fail "no C generated"
cmp -s "$tmp/a.c" "$tmp/b.c" || fail "the generated C differs between two runs"
[ ! -e "$tmp/a.c.tmp" ] || fail "a temporary file was left behind"
grep -q '^const dd_sla_def dd__sla_table\[\] = {' "$tmp/a.c" || fail "no table in the generated C"

# The ec2-region row's line, to break it in copies.
line=$(grep -n '^ec2-region,' "$csv" | cut -d: -f1)
[ -n "$line" ] || fail "no ec2-region row"

# refuse WANT SED-EXPRESSION: the edited copy is refused at the row's line
# (or at LINE when given third), saying WANT.
refuse() {
	local want=$1 expr=$2 at=${3:-$line}
	sed "$expr" "$csv" >"$tmp/bad.csv"
	cmp -s "$tmp/bad.csv" "$csv" && fail "the edit $expr changed nothing"
	python3 "$gen" "$tmp/bad.csv" "$tmp/bad.c" 2>"$tmp/err" && fail "accepted ($expr)"
	grep -q "bad.csv:$at: .*$want" "$tmp/err" || fail "($expr) said: $(cat "$tmp/err"), expected line $at: $want"
	[ ! -e "$tmp/bad.c" ] || fail "($expr) wrote C anyway"
}
refuse "not contiguous" "${line}s/\[95.0,99.0)=30/[95.0,98.0)=30/"
refuse "first band must end at the commitment" "${line}s/,99.99,unavailable/,99.9,unavailable/"
refuse "last band must reach 0" "${line}s/\[0,95.0)=100/[1,95.0)=100/"
refuse "credit falls" "${line}s/\[0,95.0)=100/[0,95.0)=20/"
refuse "percent 0 is not in" "${line}s/\[99.0,99.99)=10/[99.0,99.99)=0/"
refuse "is empty" "${line}s/\[95.0,99.0)=30; \[0,95.0)=100/[95.0,99.0)=30; [99.0,95.0)=30; [0,95.0)=100/"
refuse "measure: expected one of" "${line}s/unavailable_minutes/downtime/"
refuse "expected a decimal" "${line}s/,99.99,unavailable/,99.99e0,unavailable/"
refuse "tiers: expected" "${line}s/\[99.0,99.99)=10/[99.0,99.99)=10.5%/"
refuse "listed twice" "${line}s/^ec2-region,/ec2-instance,/" $((line + 1))
refuse "must say what could not be confirmed" "${line}s/,false,\".*\"$/,false,/"
refuse "verified: expected true or false" "${line}s/,false,/,no,/"
refuse "checked: expected YYYY-MM-DD" "${line}s/,2026-12-02,/,2026-02-30,/"
refuse "source: expected the address" "${line}s|https://aws.amazon.com/compute/sla/historical/|aws.amazon.com|"
refuse "only printable ASCII" "${line}s/Region-Level/Region\xe2\x80\x91Level/"
hdr=$(grep -n '^name,' "$csv" | cut -d: -f1)
refuse "the header must be" "${hdr}s/,note$/,notes/" "$hdr"
echo "PASS: docs/sla.md current, the C stable, 16 broken tables refused at their line"
