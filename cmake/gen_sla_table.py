#!/usr/bin/env python3
"""gen_sla_table.py: the SLA table of data/slas.csv (SPEC section 6), checked
and turned into C for the analysis layer (CMake runs it at build time; the
output is ${CMAKE_BINARY_DIR}/generated/sla_table.c, read through
dd_sla_defs) or into docs/sla.md.

    gen_sla_table.py SLAS.CSV OUT.c
    gen_sla_table.py --markdown SLAS.CSV [OUT.md]     (stdout without OUT.md)

A row that breaks a rule of the file's header (tiers not contiguous, not
half-open down to 0, a percent that falls as uptime falls, an unknown
measure, a false row without a note, ...) fails the build with file:line.
Percents are exact: decimal text becomes value * 10^18 in integers, never
a float, and the C carries those integers (dd_money).
"""
import csv
import datetime
import os
import re
import sys

COLUMNS = ["name", "service", "commitment", "measure", "tiers", "excluded", "source", "page_date", "checked",
           "verified", "note"]
MEASURES = {"unavailable_minutes": "DD_SLA_UNAVAILABLE_MINUTES", "error_rate_5min": "DD_SLA_ERROR_RATE_5MIN"}
MEASURE_TEXT = {"unavailable_minutes": "unavailable minutes", "error_rate_5min": "error rate per 5-minute interval"}
SCALE = 10 ** 18
DECIMAL = re.compile(r"^(\d{1,3})(?:\.(\d{1,18}))?$")
TIER = re.compile(r"^\[([0-9.]+),([0-9.]+)\)=([0-9.]+)$")
NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SERVICE = re.compile(r"^[A-Za-z0-9]+$")


class Bad(Exception):
    pass


def decimal(text, what):
    """Exact value * 10^18 of a plain decimal ("99.99"), as an int."""
    m = DECIMAL.match(text)
    if not m:
        raise Bad("%s: expected a decimal like 99.95, got %r" % (what, text))
    return int(m.group(1)) * SCALE + int((m.group(2) or "").ljust(18, "0"))


def date(text, what):
    try:
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
            raise ValueError
        datetime.date.fromisoformat(text)
    except ValueError:
        raise Bad("%s: expected YYYY-MM-DD, got %r" % (what, text))
    return text


def parse_tiers(text, commitment):
    """[(at_least, below, percent, texts)], highest band first."""
    tiers = []
    for part in [p.strip() for p in text.split(";")]:
        m = TIER.match(part)
        if not m:
            raise Bad("tiers: expected [AT_LEAST,BELOW)=PERCENT, got %r" % part)
        lo, hi, pct = (decimal(m.group(i), "tiers") for i in (1, 2, 3))
        tiers.append((lo, hi, pct, (m.group(1), m.group(2), m.group(3))))
    if tiers[0][1] != commitment:
        raise Bad("tiers: the first band must end at the commitment (below %s)" % tiers[0][3][1])
    for (lo, hi, pct, t), nxt in zip(tiers, tiers[1:] + [None]):
        if not lo < hi:
            raise Bad("tiers: [%s,%s) is empty" % (t[0], t[1]))
        if not 0 < pct <= 100 * SCALE:
            raise Bad("tiers: percent %s is not in (0, 100]" % t[2])
        if nxt is None:
            if lo != 0:
                raise Bad("tiers: the last band must reach 0, not %s" % t[0])
        else:
            if nxt[1] != lo:
                raise Bad("tiers: bands not contiguous: [%s,%s) then [%s,%s)" % (t[0], t[1], nxt[3][0], nxt[3][1]))
            if nxt[2] < pct:
                raise Bad("tiers: the credit falls from %s to %s as uptime falls" % (t[2], nxt[3][2]))
    return tiers


def read(path):
    rows, names, header = [], set(), None
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    for no, raw in enumerate(lines, 1):
        where = "%s:%d" % (path, no)
        try:
            line = raw.decode("ascii", errors="replace")
            if line.endswith("\r"):
                raise Bad("CR line ending")
            if line.startswith("#") or not line.strip():
                continue
            if any(not (" " <= c <= "~") for c in line):
                raise Bad("only printable ASCII")
            fields = next(csv.reader([line], strict=True))
            if header is None:
                if fields != COLUMNS:
                    raise Bad("the header must be: " + ",".join(COLUMNS))
                header = fields
                continue
            if len(fields) != len(COLUMNS):
                raise Bad("%d fields, expected %d" % (len(fields), len(COLUMNS)))
            r = dict(zip(COLUMNS, fields))
            if not NAME.match(r["name"]):
                raise Bad("name: expected lower-case words joined by '-', got %r" % r["name"])
            if r["name"] in names:
                raise Bad("name %r is listed twice" % r["name"])
            names.add(r["name"])
            if not SERVICE.match(r["service"]):
                raise Bad("service: expected a billing service code like AmazonEC2, got %r" % r["service"])
            c = decimal(r["commitment"], "commitment")
            if not 0 < c <= 100 * SCALE:
                raise Bad("commitment: %s is not in (0, 100]" % r["commitment"])
            r["commitment_v"] = c
            if r["measure"] not in MEASURES:
                raise Bad("measure: expected one of %s, got %r" % (", ".join(MEASURES), r["measure"]))
            r["tiers_v"] = parse_tiers(r["tiers"], c)
            if not r["excluded"].strip():
                raise Bad("excluded: say what the SLA excludes")
            if not re.match(r"^https?://[^ ]+$", r["source"]):
                raise Bad("source: expected the address of AWS's page, got %r" % r["source"])
            if r["page_date"]:
                date(r["page_date"], "page_date")
            date(r["checked"], "checked")
            if r["verified"] not in ("true", "false"):
                raise Bad("verified: expected true or false, got %r" % r["verified"])
            if r["verified"] == "false" and not r["note"].strip():
                raise Bad("note: a row not verified must say what could not be confirmed")
            r["line"] = no
            rows.append(r)
        except (Bad, csv.Error) as e:
            raise SystemExit("%s: %s" % (where, e))
    if header is None or not rows:
        raise SystemExit("%s: no header or no rows" % path)
    return rows


def c_string(s):
    if s is None:
        return "NULL"
    # "?" escaped so no trigraph can form; the file is ASCII (read() checked)
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("?", "\\?") + '"'


def c_money(v):
    return "DD_PCT(%d, %dLL)" % (v // SCALE, v % SCALE)


def ident(name):
    return name.replace("-", "_")


def emit_c(rows, src):
    name = "data/slas.csv" if src.replace(os.sep, "/").endswith("data/slas.csv") else src
    out = ["/* sla_table.c: GENERATED by cmake/gen_sla_table.py from %s; do not edit." % name,
           " * The SLA definitions dd_sla_defs returns, in the order of the file; every",
           " * percent is an exact dd_money (value * 10^18 as integer parts). */",
           '#include "drawdown/sla.h"', '#include "sla_table.h"', "",
           "#define DD_PCT(units, frac) {(dd_i128)(units) * DD_MONEY_SCALE + (dd_i128)(frac)}", ""]
    for r in rows:
        out.append("static const dd_sla_tier tiers_%s[] = {" % ident(r["name"]))
        for lo, hi, pct, _ in r["tiers_v"]:
            out.append("\t{.at_least = %s, .below = %s, .percent = %s}," % (c_money(lo), c_money(hi), c_money(pct)))
        out.append("};")
    out.append("")
    out.append("const dd_sla_def dd__sla_table[] = {")
    for r in rows:
        n = ident(r["name"])
        out += ["\t{",
                "\t\t.name = %s," % c_string(r["name"]),
                "\t\t.service = %s," % c_string(r["service"]),
                "\t\t.excluded = %s," % c_string(r["excluded"]),
                "\t\t.source = %s," % c_string(r["source"]),
                "\t\t.page_date = %s," % c_string(r["page_date"] or None),
                "\t\t.checked = %s," % c_string(r["checked"]),
                "\t\t.note = %s," % c_string(r["note"] or None),
                "\t\t.commitment = %s," % c_money(r["commitment_v"]),
                "\t\t.measure = %s," % MEASURES[r["measure"]],
                "\t\t.tiers = tiers_%s," % n,
                "\t\t.ntiers = sizeof tiers_%s / sizeof tiers_%s[0]," % (n, n),
                "\t\t.verified = %s," % r["verified"],
                "\t},"]
    out.append("};")
    out.append("const size_t dd__sla_table_n = sizeof dd__sla_table / sizeof dd__sla_table[0];")
    return "\n".join(out) + "\n"


def md_cell(s):
    return s.replace("|", "\\|")


def emit_md(rows):
    out = ["# SLA definitions", "",
           "<!-- GENERATED by cmake/gen_sla_table.py from data/slas.csv: edit the CSV, then run",
           "     python3 cmake/gen_sla_table.py --markdown data/slas.csv docs/sla.md",
           "     (tests/cli/sla_table.sh fails while this file differs from what the CSV gives). -->", "",
           "The AWS SLAs drawdown knows (SPEC section 6): one row each in `data/slas.csv`, compiled",
           "into the library at build time (`include/drawdown/sla.h`: `dd_sla_defs`, `dd_sla_find`,",
           "`dd_sla_credit_percent`) and listed by `drawdown sla list [--json]`. The names are a",
           "contract: a book's incident names its SLA so (`incidents[].sla`).", "",
           "- **Commitment** is the monthly uptime percent AWS commits to; at or above it there is",
           "  no credit.",
           "- **Credit tiers** are half-open intervals of the month's uptime percent: AWS's \"less",
           "  than X but at least Y\" is `[Y, X)`; the percent is of the month's charges for the",
           "  service (and region, where the SLA is regional) that the credit is figured on. The",
           "  uptime is compared exactly, with no rounding: 99.98999 is below 99.99.",
           "- **Measure**: *unavailable minutes* (uptime = 100 % minus the unavailable minutes over",
           "  the minutes in the month) or *error rate per 5-minute interval* (uptime = 100 % minus",
           "  the average error rate of the month's 5-minute intervals).",
           "- **Verified** is *yes* only when the stored text of AWS's own page (the *source*, as",
           "  of its *page date*, its \"Last Updated\") states the commitment and every tier, bounds",
           "  and percent. A *no* row's note says what was and was not confirmed and where the rest",
           "  comes from: check those against the live page before relying on a claim. The pages",
           "  were read as stored copies on the *checked* date; AWS may have changed them since.",
           "- **Excluded** is a paraphrase of the SLA's exclusions, not part of the verification.", "",
           "| name | service | commitment | credit tiers | measure | verified | source | page date | checked |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        tiers = "; ".join("[%s, %s) %s %%" % t[3] for t in r["tiers_v"])
        out.append("| `%s` | %s | %s %% | %s | %s | %s | <%s> | %s | %s |" % (
            r["name"], r["service"], r["commitment"], tiers, MEASURE_TEXT[r["measure"]],
            "yes" if r["verified"] == "true" else "**no**", r["source"], r["page_date"] or "(none read)",
            r["checked"]))
    out += ["", "## Exclusions and notes", ""]
    for r in rows:
        out += ["### `%s`" % r["name"], "", "Excluded: " + md_cell(r["excluded"]), ""]
        if r["note"]:
            out += [("Note: " if r["verified"] == "true" else "Not verified: ") + md_cell(r["note"]), ""]
    return "\n".join(out)


def write(path, text):
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv):
    if len(argv) >= 2 and argv[0] == "--markdown" and len(argv) <= 3:
        text = emit_md(read(argv[1]))
        if len(argv) == 3:
            write(argv[2], text)
        else:
            sys.stdout.write(text)
        return 0
    if len(argv) == 2 and not argv[0].startswith("-"):
        write(argv[1], emit_c(read(argv[0]), argv[0]))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
