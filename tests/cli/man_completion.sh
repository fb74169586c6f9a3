#!/bin/bash
# man_completion.sh: the man page and the shell completions generated from
# the verbs' specs (drawdown __spec, cmake/gen_cli_docs.py): every verb and
# option of every spec is in the man page and in the verb's --help; the man
# page is clean roff (groff -ww); the build's copies are the generator's;
# bash completion, sourced and called as bash calls it, completes verbs,
# subcommands, options and option values; the zsh script parses (zsh -n).
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
build=$(dirname "$dd")

"$dd" __spec >"$tmp/spec.json" || fail "drawdown __spec"
python3 "$root/cmake/gen_cli_docs.py" "$dd" "$tmp/gen" || fail "gen_cli_docs.py"
man=$tmp/gen/man/drawdown.1
for f in man/drawdown.1 completions/drawdown.bash completions/_drawdown; do
	[ -f "$build/$f" ] || fail "the build did not write $f (targets dd_man, dd_completions)"
	cmp -s "$build/$f" "$tmp/gen/$f" || fail "$build/$f is not what the specs give now"
done

# Clean roff: no warning at all, and it renders.
groff -man -ww -z "$man" 2>"$tmp/groff.err" || fail "groff: $(cat "$tmp/groff.err")"
[ -s "$tmp/groff.err" ] && fail "groff warnings: $(head -5 "$tmp/groff.err")"
groff -man -Tutf8 -P-cbou "$man" >"$tmp/man.txt" 2>/dev/null || fail "groff render"

# Every verb, subcommand and option: in its section of the man page and in
# its own --help (which prints its synopsis and options).
python3 - "$tmp/spec.json" "$tmp/man.txt" "$dd" <<'PY' || fail "man page or --help"
import json, re, subprocess, sys
spec = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read().replace("\u2010", "-").replace("\u2212", "-")
dd = sys.argv[3]
def walk(vs):
    for v in vs:
        yield v
        yield from walk(v["subs"])
verbs = list(walk(spec["verbs"]))
names = [v["verb"] for v in verbs]
assert len(verbs) >= 15 and "bill" in names and "sla claim" in names, names
# the man page's sections, one per verb, "   bill" at the subsection indent
starts = [(m.start(), m.group(1)) for m in re.finditer(r"^ {3}(\S.*)$", text, re.M)]
sections = {}
for i, (pos, name) in enumerate(starts):
    end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
    sections[name.strip()] = re.sub(r"\s+", " ", text[pos:end])
missing = []
for v in verbs:
    sec = sections.get(v["verb"])
    if sec is None:
        missing.append("man: no section " + v["verb"])
        continue
    if v["synopsis"] and "drawdown " + v["verb"] not in sec:
        missing.append("man: %s: no synopsis" % v["verb"])
    h = subprocess.run([dd] + v["verb"].split() + ["--help"], capture_output=True, text=True)
    if h.returncode != 0:
        missing.append("%s --help: exit %d" % (v["verb"], h.returncode))
    if "usage: drawdown " + v["verb"] not in h.stdout and v["synopsis"]:
        missing.append("%s --help: no usage line" % v["verb"])
    for o in v["options"]:
        flag = "--" + o["name"] + (" " + o["metavar"] if o["metavar"] else "")
        if flag not in sec:
            missing.append("man: %s: %s" % (v["verb"], flag))
        if not re.search(r"^  " + re.escape(flag) + r"( |$)", h.stdout, re.M):
            missing.append("%s --help: %s" % (v["verb"], flag))
        if not o["help"]:
            missing.append("%s: --%s has no help" % (v["verb"], o["name"]))
for o in spec["global_options"]:
    if "--" + o["name"] not in text:
        missing.append("man: global --" + o["name"])
for word in ("NO_COLOR", "DRAWDOWN_BOOK", "DRAWDOWN_DB", "EXIT STATUS"):
    if word not in text:
        missing.append("man: " + word)
top = subprocess.run([dd, "--help"], capture_output=True, text=True).stdout
for v in spec["verbs"]:
    if not re.search(r"^  %s " % re.escape(v["verb"]), top, re.M):
        missing.append("drawdown --help does not list " + v["verb"])
assert not missing, "\n".join(missing)
PY

# bash: the completion function as bash calls it, on COMP_WORDS/COMP_CWORD.
comp() { # comp WORD... : what completes the last word
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _drawdown; printf "%s\n" "${COMPREPLY[@]}"' \
		_ "$tmp/gen/completions/drawdown.bash" "$@"
}
want() { # want "EXPECTED LINES" WORD...
	local w=$1; shift
	local got; got=$(cd "$tmp" && comp "$@" | sort | tr '\n' ' ')
	[ "$got" = "$w " ] || fail "completion of '$*': got '$got', expected '$w '"
}
has() { # has ITEM WORD...: ITEM among the completions
	local w=$1; shift
	(cd "$tmp" && comp "$@") | grep -qxF -- "$w" || fail "completion of '$*' lacks $w: $(cd "$tmp" && comp "$@" | tr '\n' ' ')"
}
want "balance" drawdown ba
want "bill" drawdown --book x.yaml bi
want "--month" drawdown bill --mo
want "cur cur2" drawdown import --format cu
want "auto growth run-rate seasonal trend" drawdown forecast --method ""
want "approve claim list" drawdown sla ""
want "add list" drawdown incident ""
want "--as-of" drawdown sla claim --a
want "--amount" drawdown sla approve --am
want "edp goodwill map support" drawdown brief --for ""
want "--csv" drawdown balance --cs
want "--all" drawdown bill --al
has "--csv" drawdown advise --
has "--json" drawdown sla list --
has "--book" drawdown check --
has "commitment" drawdown co
has "charges" drawdown c
has "bill" drawdown help b
if grep -q '"verb": "export"' "$tmp/spec.json"; then
	want "focus" drawdown export ""
	has "--month" drawdown export focus --m
fi
: >"$tmp/plan-a.csv"
want "plan-a.csv" drawdown import pla
want "plan-a.csv" drawdown forecast --ramp pla
want "" drawdown bill --month 2026
bash -n "$tmp/gen/completions/drawdown.bash" || fail "bash -n"

# zsh: a syntax check where zsh is installed (scripts/install-deps.sh adds it).
if command -v zsh >/dev/null; then
	zsh -n "$tmp/gen/completions/_drawdown" || fail "zsh -n _drawdown"
	head -1 "$tmp/gen/completions/_drawdown" | grep -qx '#compdef drawdown' || fail "_drawdown: no #compdef line"
else
	echo "note: zsh not installed, its syntax check skipped"
fi
echo PASS
