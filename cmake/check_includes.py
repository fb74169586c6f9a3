#!/usr/bin/env python3
"""check_includes.py: the include rules of docs/ARCHITECTURE.md, checked on
every build (CMake runs it before compiling; a wrong include fails the
build with file:line and the rule it breaks).

Each source file belongs to the layer of its folder (src/<layer>/, cli/);
each public header include/drawdown/<name>.h to the layer that implements
it. A file may include its own layer's headers and those of the layers its
layer depends on, nothing else. The per-layer include directories already
keep a layer's internal headers out of reach of the others; this check
covers the public headers, which every layer can see.

    check_includes.py SOURCE_DIR [STAMP]
"""
import os
import re
import sys

# layer -> the layers it may include (besides itself)
DEPENDS = {
    "common": set(),
    "book": {"common"},
    "ingest": {"common"},
    "store": {"common"},
    "engine": {"common", "book"},
    "aws": {"common", "book"},
    "forecast": {"common", "book", "engine"},
    "run": {"common", "book", "engine", "store"},
    "analysis": {"common", "book", "engine", "forecast", "run"},
    "report": {"common", "book", "engine", "forecast", "run", "analysis"},
    "cli": {"umbrella"},
    "umbrella": {"common", "book", "ingest", "store", "engine", "aws", "forecast", "run", "analysis", "report"},
}

PUBLIC = {
    "common.h": "common", "money.h": "common", "agg.h": "common", "allocation.h": "common", "classify.h": "common",
    "book.h": "book", "ramp.h": "book", "ingest.h": "ingest", "store.h": "store",
    "offer.h": "book", "book_edit.h": "book", "book_init.h": "book",
    "engine.h": "engine", "awsbilling.h": "aws", "forecast.h": "forecast", "run.h": "run", "reconcile.h": "analysis",
    "advice.h": "analysis", "claims.h": "analysis", "offers.h": "analysis", "calendar.h": "analysis", "opportunities.h": "analysis",
    "sla.h": "analysis", "report.h": "report", "focus.h": "report",
}

# Includes that break a rule today, each with the part of issue #9 that
# removes it. Nothing may be added here: fix the include instead.
KNOWN = {
}

# Third-party headers and the only layer that may use each.
SYSTEM = {
    "sqlite3.h": {"store"}, "yaml.h": {"book"}, "jansson.h": {"ingest", "aws"},
    "zlib.h": {"ingest"}, "isa-l/igzip_lib.h": {"ingest"}, "zstd.h": {"ingest"},
    "snappy-c.h": {"ingest"}, "zip.h": {"ingest"},
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SYSINCLUDE = re.compile(r'^\s*#\s*include\s+<([^>]+)>')


def layer_of(rel):
    parts = rel.split("/")
    if parts[0] == "src":
        return parts[1]
    if parts[0] == "cli":
        return "cli"
    if rel == "include/drawdown.h":
        return "umbrella"
    if parts[0] == "include" and parts[1] == "drawdown":
        return PUBLIC.get(parts[2])
    return None


def target_layer(rel, inc):
    """The layer of what `inc`, included from `rel`, names (None: a local,
    same-folder or system header the include directories decide)."""
    name = inc.split("/")[-1]
    if inc == "drawdown.h":
        return "umbrella"
    if inc.startswith("drawdown/") or (rel.startswith("include/drawdown/") and "/" not in inc):
        return PUBLIC.get(name, "unknown public header " + inc)
    return None


def main():
    root = sys.argv[1]
    problems = []
    used = set()
    for top in ("src", "cli", "include"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for f in sorted(files):
                if not f.endswith((".c", ".h")):
                    continue
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                me = layer_of(rel)
                if me is None:
                    problems.append(f"{rel}:1: not in a layer's folder (docs/ARCHITECTURE.md)")
                    continue
                with open(path, encoding="utf-8") as fh:
                    for n, line in enumerate(fh, 1):
                        sm = SYSINCLUDE.match(line)
                        if sm and sm.group(1) in SYSTEM and me not in SYSTEM[sm.group(1)]:
                            problems.append(f"{rel}:{n}: <{sm.group(1)}> belongs to the "
                                            f"{', '.join(sorted(SYSTEM[sm.group(1)]))} layer only")
                            continue
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        to = target_layer(rel, m.group(1))
                        if to is None or to == me:
                            continue
                        if to.startswith("unknown"):
                            problems.append(f"{rel}:{n}: {to}")
                        elif to not in DEPENDS[me]:
                            if (rel, to) in KNOWN:
                                used.add((rel, to))
                                continue
                            problems.append(f'{rel}:{n}: the {me} layer may not include "{m.group(1)}" '
                                            f"(layer {to}); {me} may include: "
                                            f"{', '.join(sorted(DEPENDS[me])) or 'nothing but itself'}")
    for k in sorted(set(KNOWN) - used):
        problems.append(f"cmake/check_includes.py: known exception {k} no longer occurs: remove it")
    if problems:
        print("include rules (docs/ARCHITECTURE.md) broken:", file=sys.stderr)
        for p in problems:
            print("  " + p, file=sys.stderr)
        return 1
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as fh:
            fh.write("ok\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
