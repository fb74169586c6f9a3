#!/usr/bin/env python3
"""gen_cli_docs.py: the man page and the bash and zsh completions of the
drawdown CLI, generated from the verbs' specs (cli/*.c, cli_spec) that
`drawdown __spec` prints as JSON, so --help, drawdown.1 and the completions
come from one place per option.

    gen_cli_docs.py DRAWDOWN OUTDIR [man|completions]

writes OUTDIR/man/drawdown.1 (man macros), OUTDIR/completions/drawdown.bash
and OUTDIR/completions/_drawdown (zsh); only the man page or only the
completions when asked (the build's dd_man and dd_completions)."""
import json
import os
import subprocess
import sys


def load(binary):
    spec = json.loads(subprocess.run([binary, "__spec"], check=True, capture_output=True, text=True).stdout)
    version = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True).stdout.split()[-1]
    return spec, version


def walk(verbs):
    """Every spec, subcommands after their verb."""
    for v in verbs:
        yield v
        yield from walk(v.get("subs") or [])


# ---- man page ---------------------------------------------------------------

def roff(text):
    """Text safe in a roff line: backslashes, leading dots and quotes, hyphens of options."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    if text[:1] in (".", "'"):
        text = "\\&" + text
    return text


def paragraphs(text):
    """Flowed prose; lines indented by two spaces kept as they are (no fill)."""
    out, pre = [], False
    for line in (text or "").rstrip("\n").split("\n"):
        if pre and not line.startswith("  "):
            out += [".fi", ".RE"]
            pre = False
        if line == "":
            out.append(".PP")
        elif line.startswith("  "):
            if not pre:
                out += [".RS 2", ".nf"]
                pre = True
            out.append(roff(line[2:]))
        else:
            out.append(roff(line))
    if pre:
        out += [".fi", ".RE"]
    return out


def man_options(opts):
    out = []
    for o in opts or []:
        head = "\\fB%s\\fR" % roff("--" + o["name"])
        if o["metavar"]:
            head += " \\fI%s\\fR" % roff(o["metavar"])
        out += [".TP", head, roff(" ".join((o["help"] or "").split("\n")))]
    return out


def man_page(spec, version):
    L = ['.TH DRAWDOWN 1 "" "drawdown %s" "User Commands"' % version,
         ".ad l", ".nh", ".SH NAME",
         "drawdown \\- exact accounting of AWS credits, the EDP commitment and discount, and the support plan",
         ".SH SYNOPSIS", ".nf"]
    for form in spec["synopsis"].split("\n"):
        L.append("\\fBdrawdown\\fR " + roff(form))
    L += [".fi", ".SH DESCRIPTION",
          "drawdown runs the month engine over a YAML book (credits, the EDP agreement, the support plan) and",
          "billing data imported into a store, with exact amounts. Each verb below is",
          "also described by \\fBdrawdown\\fR \\fIVERB\\fR \\fB\\-\\-help\\fR, from the same source as this page.",
          ".SH GLOBAL OPTIONS",
          "Accepted before the verb and after it."]
    L += man_options(spec["global_options"])
    L += [".TP", "\\fB\\-\\-version\\fR", "print the version and exit",
          ".SH COMMANDS"]
    for v in walk(spec["verbs"]):
        L += [".SS %s" % roff(v["verb"]), roff(v["summary"] or ""), ".PP", ".nf"]
        for form in (v["synopsis"] or "").split("\n"):
            if form:
                L.append("\\fBdrawdown\\fR " + roff(form))
        L.append(".fi")
        if v["description"]:
            L += [".PP"] + paragraphs(v["description"])
        L += man_options(v["options"])
        if v["notes"]:
            L += [".PP"] + paragraphs(v["notes"])
    L += [".SH OUTPUT",
          "Tables round half-even to cents; \\fB\\-\\-json\\fR prints every amount as its exact decimal string,",
          "and \\fB\\-\\-csv\\fR prints a verb's main table as RFC 4180 CSV with the same exact amounts.",
          "Tables hide lines whose amounts are all zero, with a note counting them; \\fB\\-\\-all\\fR shows them.",
          "Colour is used only when standard output is a terminal, never with \\fB\\-\\-json\\fR or \\fB\\-\\-csv\\fR.",
          ".SH ENVIRONMENT",
          ".TP", ".B DRAWDOWN_BOOK", "the book when \\fB\\-\\-book\\fR is not given (else ./drawdown.yaml)",
          ".TP", ".B DRAWDOWN_DB", "the store when \\fB\\-\\-db\\fR is not given (else ./drawdown.db)",
          ".TP", ".B NO_COLOR", "any non\\-empty value turns colour off (https://no\\-color.org)",
          ".SH EXIT STATUS",
          "0 success, 1 bad input, a failed check or an error, 2 a usage error.",
          ".SH SEE ALSO",
          "docs/cli.md (the JSON contracts), docs/book.md (the book), docs/rules.md (the engine's rules)."]
    return "\n".join(L) + "\n"


# ---- completions ----------------------------------------------------------------

def key_of(v):
    return v["verb"]


def option_names(v, spec):
    return ["--" + o["name"] for o in (v["options"] or [])] + ["--" + o["name"] for o in spec["global_options"]]


def value_options(spec):
    """Every option taking a value, with how to complete it ('' nothing)."""
    vals = {}
    for v in [{"options": spec["global_options"]}] + list(walk(spec["verbs"])):
        for o in v["options"] or []:
            if o["metavar"]:
                if vals.get("--" + o["name"]) in (None, ""):
                    vals["--" + o["name"]] = o["complete"] or ""
    return vals


def sh_quote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def bash(spec):
    tops = [v for v in spec["verbs"]]
    L = ["# drawdown.bash: bash completion of drawdown, generated by cmake/gen_cli_docs.py",
         "# from the verbs' specs (drawdown __spec). Source it, or install it as",
         "# /usr/share/bash-completion/completions/drawdown.",
         "",
         "_drawdown_options() {",
         '\tcase "$1" in']
    for v in walk(spec["verbs"]):
        L.append("\t%s) echo %s ;;" % (sh_quote(key_of(v)), sh_quote(" ".join(option_names(v, spec)))))
    L += ["\t*) echo '--help' ;;", "\tesac", "}", "",
          "# how the value of an option is completed: file, words, or nothing (a flag: no value)",
          "_drawdown_value() {",
          '\tcase "$1" in']
    for name, how in sorted(value_options(spec).items()):
        L.append("\t%s) echo %s ;;" % (name, sh_quote(how or "-")))
    L += ["\t*) return 1 ;;", "\tesac", "}", "",
          "# the subcommands of a verb, or how its arguments are completed",
          "_drawdown_subs() {",
          '\tcase "$1" in']
    for v in tops:
        if v["subs"]:
            L.append("\t%s) echo %s ;;" % (sh_quote(v["verb"]), sh_quote(" ".join(s["verb"].split(" ", 1)[1] for s in v["subs"]))))
    L += ["\tesac", "}", "",
          "_drawdown_args() {",
          '\tcase "$1" in']
    for v in walk(spec["verbs"]):
        if v["args"] and not v["subs"]:
            L.append("\t%s) echo %s ;;" % (sh_quote(key_of(v)), sh_quote(v["args"])))
    L += ["\tesac", "}", "",
          "_drawdown() {",
          '\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}',
          '\tlocal verb="" sub="" i=1 w how',
          '\tCOMPREPLY=()',
          '\twhile [ "$i" -lt "$COMP_CWORD" ]; do',
          '\t\tw=${COMP_WORDS[i]}',
          '\t\tcase "$w" in',
          '\t\t--*=*) ;;',
          '\t\t--*) _drawdown_value "$w" >/dev/null && i=$((i + 1)) ;;',
          '\t\t*) if [ -z "$verb" ]; then verb=$w; elif [ -z "$sub" ]; then sub=$w; fi ;;',
          '\t\tesac',
          '\t\ti=$((i + 1))',
          '\tdone',
          '\tif [ "$COMP_CWORD" -gt 1 ] && [[ $prev == --* ]] && how=$(_drawdown_value "$prev"); then',
          '\t\tcase "$how" in',
          '\t\tfile | dir) COMPREPLY=($(compgen -f -- "$cur")) ;;',
          '\t\t-) ;;',
          '\t\t*) COMPREPLY=($(compgen -W "$how" -- "$cur")) ;;',
          '\t\tesac',
          '\t\treturn 0',
          '\tfi',
          '\tlocal verbs=' + sh_quote(" ".join(v["verb"] for v in tops)),
          '\tif [ -z "$verb" ]; then',
          '\t\tif [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "--book --db --help --version" -- "$cur"))',
          '\t\telse COMPREPLY=($(compgen -W "$verbs help" -- "$cur")); fi',
          '\t\treturn 0',
          '\tfi',
          '\tif [ "$verb" = help ]; then',
          '\t\t[ -z "$sub" ] && COMPREPLY=($(compgen -W "$verbs" -- "$cur"))',
          '\t\treturn 0',
          '\tfi',
          '\tlocal subs key=$verb',
          '\tsubs=$(_drawdown_subs "$verb")',
          '\tif [ -n "$sub" ] && [[ " $subs " == *" $sub "* ]]; then key="$verb $sub"; fi',
          '\tif [[ $cur == -* ]]; then',
          '\t\tCOMPREPLY=($(compgen -W "$(_drawdown_options "$key")" -- "$cur"))',
          '\telif [ -n "$subs" ] && [ -z "$sub" ]; then',
          '\t\tCOMPREPLY=($(compgen -W "$subs" -- "$cur"))',
          '\telse',
          '\t\thow=$(_drawdown_args "$key")',
          '\t\tcase "$how" in',
          '\t\tfile | dir) COMPREPLY=($(compgen -f -- "$cur")) ;;',
          '\t\t"") ;;',
          '\t\t*) COMPREPLY=($(compgen -W "$how" -- "$cur")) ;;',
          '\t\tesac',
          '\tfi',
          '\treturn 0',
          '}',
          'complete -F _drawdown drawdown']
    return "\n".join(L) + "\n"


def zq(s):
    """A string inside single quotes of a zsh _arguments spec."""
    s = (s or "").split("\n")[0]
    for c in "\\[]:":
        s = s.replace(c, "\\" + c)
    return s.replace("'", "'\\''")


def zsh_specs(v, spec):
    out = []
    for o in (v["options"] or []) + [o for o in spec["global_options"] if o["name"] != "help"]:
        s = "--%s[%s]" % (o["name"], zq(o["help"]))
        if o["metavar"]:
            how = o["complete"]
            action = "_files" if how in ("file", "dir") else ("(%s)" % how if how else " ")
            s += ":%s:%s" % (zq(o["metavar"]), action)
        out.append("'" + s + "'")
    if v["args"] and not v["subs"]:
        out.append("'*:argument:%s'" % ("_files" if v["args"] == "file" else "(%s)" % v["args"]))
    return out


def zsh(spec):
    fn = lambda v: "_drawdown_" + v["verb"].replace(" ", "_").replace("-", "_")
    L = ["#compdef drawdown",
         "# _drawdown: zsh completion of drawdown, generated by cmake/gen_cli_docs.py from the",
         "# verbs' specs (drawdown __spec). Install it in a directory of $fpath.", ""]
    for v in walk(spec["verbs"]):
        L.append("%s() {" % fn(v))
        if v["subs"]:
            subs = " ".join(s["verb"].split(" ", 1)[1] for s in v["subs"])
            L += ["\tif (( CURRENT == 2 )) && [[ $words[CURRENT] != -* ]]; then",
                  "\t\t_values 'subcommand' %s" % subs, "\t\treturn", "\tfi",
                  "\tcase $words[2] in"]
            for s in v["subs"]:
                L.append("\t%s) shift words; (( CURRENT-- )); %s ;;" % (s["verb"].split(" ", 1)[1], fn(s)))
            L.append("\t*) _arguments \\")
            L += ["\t\t%s \\" % x for x in zsh_specs(v, spec)]
            L += ["\t\t'--help[describe the verb]' ;;", "\tesac"]
        else:
            L.append("\t_arguments \\")
            L += ["\t\t%s \\" % x for x in zsh_specs(v, spec)]
            L.append("\t\t'--help[describe the verb]'")
        L += ["}", ""]
    L += ["_drawdown() {",
          "\tlocal curcontext=$curcontext state line",
          "\tlocal -a verbs",
          "\tverbs=("]
    for v in spec["verbs"]:
        L.append("\t\t'%s:%s'" % (v["verb"], zq(v["summary"])))
    L += ["\t\t'help:describe a verb'", "\t)",
          "\t_arguments -C \\",
          "\t\t'--book[the book]:path:_files' \\",
          "\t\t'--db[the store]:path:_files' \\",
          "\t\t'--help[describe drawdown]' \\",
          "\t\t'--version[print the version]' \\",
          "\t\t'1: :->verb' \\",
          "\t\t'*:: :->args'",
          "\tcase $state in",
          "\tverb) _describe 'verb' verbs ;;",
          "\targs)",
          "\t\tcase $words[1] in"]
    for v in spec["verbs"]:
        L.append("\t\t%s) %s ;;" % (v["verb"], fn(v)))
    L += ["\t\thelp) _describe 'verb' verbs ;;", "\t\tesac ;;", "\tesac", "}", "", '_drawdown "$@"']
    return "\n".join(L) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[3:] not in ([], ["man"], ["completions"]):
        sys.exit("usage: gen_cli_docs.py DRAWDOWN OUTDIR [man|completions]")
    spec, version = load(sys.argv[1])
    out, what = sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else None
    if what in (None, "man"):
        write(os.path.join(out, "man", "drawdown.1"), man_page(spec, version))
    if what in (None, "completions"):
        write(os.path.join(out, "completions", "drawdown.bash"), bash(spec))
        write(os.path.join(out, "completions", "_drawdown"), zsh(spec))


if __name__ == "__main__":
    main()
