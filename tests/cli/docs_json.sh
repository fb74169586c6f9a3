#!/bin/bash
# docs_json.sh: docs/cli.md keeps the JSON contract of every verb (issue
# #14.6). Every verb `drawdown --help` lists has a section in docs/cli.md,
# and every key each verb's --json writes on the bundled example (with an
# incident, so the SLA keys appear, and two offers) is named in its section,
# as "key" or `key`, or in a document the section links to (claims.md for
# sla). A new key without its documentation fails here, naming the verb and
# the key's path.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
cp "$root/examples/drawdown.yaml" "$tmp/book.yaml"
cat "$root/tests/data/cli/incident-1107.yaml" >>"$tmp/book.yaml"
printf 'offer: { name: "11 %%" }\nagreement: { id: NEW, start: 2027-01-01, years: 2, commitment: [1000000, 1000000], discount_percent: [11, 11] }\n' >"$tmp/o1.yaml"
printf 'offer: { name: "10 %% and a credit" }\nagreement: { id: NEW, start: 2027-01-01, years: 2, commitment: [1000000, 1000000], discount_percent: [10, 10] }\ncredits:\n  - { id: SIGN, type: edp, amount: 100000, start: 2027-01-01, expires: 2027-12-31, applies: after_discount }\n' >"$tmp/o2.yaml"
printf 'currency: USD\norganization: { payer: "111111111111" }\ncredits:\n  - { id: X, type: edp, ammount: 5 }\n' >"$tmp/bad.yaml"
o=$tmp/out
mkdir "$o"
b=(--book "$tmp/book.yaml" --db "$tmp/ex.db")
# run NAME ARGS...: the verb's --json output into $o/NAME.json (NAME is the
# verb, words joined by _, then optionally .what)
run() {
	local name=$1; shift
	"$dd" "${b[@]}" "$@" --json >"$o/$name.json" 2>"$tmp/err" || fail "$*: $(head -c 400 "$tmp/err")"
}
run import import "$root/examples/charges.csv"
run check check
run check.offer check --offer "$tmp/o1.yaml"
"$dd" --book "$tmp/bad.yaml" check --json >"$o/check.problems.json" 2>/dev/null
[ -s "$o/check.problems.json" ] || fail "check --json on a bad book printed nothing"
run bill bill --month 2026-12
run balance balance --month 2026-12
run commitment commitment --month 2026-12
run charges charges --month 2026-12
run reconcile reconcile --month 2026-12
run forecast forecast --months 12 --paths 50
run forecast.backtest forecast --backtest 3 --paths 50
run calendar calendar --as-of 2026-12-01
run advise advise --as-of 2026-12-01
run opportunities opportunities --as-of 2026-12-01
run brief brief --for edp --as-of 2026-12-01
run sla sla --as-of 2026-12-01
run sla_list sla list
run incident_list incident list
run offers_compare offers compare "$tmp/o1.yaml" "$tmp/o2.yaml" --paths 50 --stress 10
run offers_size offers size --offer "$tmp/o1.yaml" --max-shortfall-probability 10 --paths 50
run export_focus export focus --month 2026-12
run export_focus.commitment export focus --commitment
"$dd" --book "$tmp/new.yaml" --db "$tmp/ex.db" init --json >"$o/init.json" || fail "init --json"
"$dd" --help >"$tmp/help" || fail "drawdown --help"
python3 - "$root/docs" "$o" "$tmp/help" <<'PY' || fail "docs/cli.md is behind the code (see above)"
import glob, json, os, re, sys
docs, outs, help_file = sys.argv[1:4]
cli = open(os.path.join(docs, "cli.md")).read()
# sections by the words of their heading: "## `offers compare OFFER...`" is "offers compare"
sections, cur = {}, None
for line in cli.split("\n"):
    if line.startswith("## "):
        m = re.match(r"^## `([a-z]+)(?: ([a-z]+))?", line)
        cur = " ".join(w for w in m.groups() if w) if m else None
        if cur:
            sections.setdefault(cur, "")
    if cur:
        sections[cur] += line + "\n"
bad = []
# every verb of drawdown --help's list
help_text = open(help_file).read()
verbs = re.findall(r"^  ([a-z][a-z-]*) ", help_text.split("Verbs:", 1)[1].split("\n\n", 1)[0], re.M)
assert verbs, "no verbs read from drawdown --help"
heads = {s.split(" ")[0] for s in sections}
bad += [f"verb {v}: no section in docs/cli.md (## `{v} ...`)" for v in verbs if v not in heads]
def text_for(verb):
    t = sections.get(verb, "")
    if " " in verb:
        t += sections.get(verb.split(" ")[0], "")
    for link in set(re.findall(r"\]\(([a-z_]+\.md)\)", t)) - {"cli.md"}:
        if os.path.exists(os.path.join(docs, link)):
            t += open(os.path.join(docs, link)).read()
    return t
def keys(o, path=""):
    if isinstance(o, dict):
        for k, v in o.items():
            yield path + "." + k, k
            yield from keys(v, path + "." + k)
    elif isinstance(o, list):
        for v in o:
            yield from keys(v, path + "[]")
files = sorted(glob.glob(os.path.join(outs, "*.json")))
for f in files:
    verb = os.path.basename(f).split(".")[0].replace("_", " ")
    t = text_for(verb)
    if not t:
        bad.append(f"{verb}: no section in docs/cli.md")
        continue
    for p in sorted({p for p, k in keys(json.load(open(f))) if f'"{k}"' not in t and f"`{k}`" not in t}):
        bad.append(f"{verb} --json writes {p[1:]}, not named in its section of docs/cli.md")
for b in bad:
    print(b)
print(f"{len(verbs)} verbs, {len(files)} outputs checked")
sys.exit(1 if bad else 0)
PY
echo "PASS: every verb documented, every --json key named in docs/cli.md"
