#!/usr/bin/python3
"""sql_transpile.py: parse one warehouse SQL file of sql/ in its own dialect
with sqlglot, check it is the aggregated-charges query it should be, and
print it transpiled to DuckDB. Used by tests/cli/sql_dialects.sh.

  /usr/bin/python3 sql_transpile.py --read trino|spark [--also presto] \
      --table TABLE --columns "COL COL ..." FILE.sql >OUT.sql

--also DIALECT: the file must parse in that dialect too, to the same tree.
Every problem is printed on stderr as FILE:LINE:COLUMN: message (the place
sqlglot reports for a syntax error; for a check of the parsed tree, the
first token of the name concerned) and the exit status is 1. Exit status 3:
this sqlglot lacks a dialect (the caller skips).

The checks, so that a file sqlglot reads leniently cannot pass as garbage
(for example double-quoted names read by Spark, where they are string
literals, or an unknown function passed through unparsed):
  - one statement, a SELECT, from the one table TABLE, with no join or
    subquery;
  - its output columns are exactly the aggregated charges columns, in order;
  - the columns it reads are exactly --columns (the view of the test
    provides these and no others);
  - GROUP BY 1..6 (every output column but the amount);
  - one SUM, over a CAST to DECIMAL(38,18); no type but text and
    DECIMAL(38,18) anywhere (no floating point for money);
  - every function is one sqlglot knows (so the DuckDB text is a
    translation), except those in PASSTHROUGH, checked by hand below.
The DuckDB text is what sqlglot generates (unsupported_level RAISE), with
no rewrite of ours; it is preceded by a comment naming the source.
"""
import argparse
import re
import sys

try:
    import sqlglot
    from sqlglot import exp
    from sqlglot.dialects.dialect import Dialect
    from sqlglot.errors import ErrorLevel, ParseError, TokenError, UnsupportedError
except ImportError as e:  # the shell test checks first; belt and braces
    print(f"sql_transpile.py: no sqlglot: {e}", file=sys.stderr)
    sys.exit(3)

# The aggregated charges columns (SPEC 2.2 grain; dd_totals --grain charges
# prints the same header, which the shell test compares too).
OUTPUT = ["billing_period", "payer_account", "usage_account", "service",
          "charge_type", "billing_entity", "amount"]

# Functions sqlglot 10.6 has no class for, so it copies them to DuckDB as
# written. Each has the same meaning in Trino, Spark SQL and DuckDB:
#   NULLIF(a, b)       SQL standard: NULL when a = b, else a.
#   SUBSTR(s, p, n)    n characters from position p, counted from 1 (Trino
#                      substr, Spark substr, DuckDB substr/substring).
# Any other unknown function fails the check: add it only after reading
# its definition in both dialects.
PASSTHROUGH = {"NULLIF", "SUBSTR"}

TEXT_TYPES = {exp.DataType.Type.VARCHAR, exp.DataType.Type.TEXT}


class Problem(Exception):
    def __init__(self, line, col, message):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def offset_to_line_col(sql, offset):
    line = sql.count("\n", 0, offset) + 1
    col = offset - (sql.rfind("\n", 0, offset) + 1) + 1
    return line, col


def dialect_of(name):
    """sqlglot's dialect NAME (a class in 10.6, an instance in later ones)."""
    d = Dialect.get_or_raise(name)
    return d() if isinstance(d, type) else d


def parse(sql, dialect_name):
    """The statements of sql in dialect_name; Problem on a syntax error."""
    dialect = dialect_of(dialect_name)
    try:
        return [s for s in dialect.parse(sql, error_level=ErrorLevel.RAISE) if s is not None]
    except ParseError as e:
        if not e.errors:
            raise Problem(1, 1, f"{dialect_name}: {e}")
        where = Locator(sql, dialect_name)
        places = [(d.get("line") or 1, where.col(d.get("line") or 1, d.get("col") or 1)) for d in e.errors]
        notes = []
        for d, (line, col) in zip(e.errors, places):
            note = f"{d.get('description')} (line {line}, column {col})"
            if note not in notes:
                notes.append(note)
        raise Problem(*places[0], f"{dialect_name}: " + "; ".join(notes))
    except (RuntimeError, TokenError) as e:
        # sqlglot's tokenizer: "Missing ' from LINE:OFFSET" (OFFSET counts
        # characters from the start of the file).
        m = re.search(r"from (\d+):(\d+)$", str(e))
        if not m:
            raise Problem(1, 1, f"{dialect_name}: {e}")
        line, col = offset_to_line_col(sql, int(m.group(2)))
        raise Problem(line, col, f"{dialect_name}: {e} (character {m.group(2)} of the file)")


class Locator:
    """Where a name first occurs among the tokens of the file. sqlglot 10.6
    gives a token's column as its end minus the length of its text, which
    for a quoted name or string (text without its quotes) is two past the
    opening quote: col() puts such a column back on the quote."""

    QUOTES = "'\"`"

    def __init__(self, sql, dialect_name):
        self.lines = sql.split("\n")
        try:
            self.tokens = dialect_of(dialect_name).tokenizer.tokenize(sql)
        except (RuntimeError, TokenError):
            self.tokens = []

    def col(self, line, col):
        for t in self.tokens:
            if t.line == line and t.col == col and col >= 3:
                text = self.lines[line - 1] if line <= len(self.lines) else ""
                if text[col - 3:col - 2] in tuple(self.QUOTES) and text[col - 2:].startswith(t.text):
                    return col - 2
        return col

    def at(self, name=None):
        for t in self.tokens:
            if name is None or t.text.lower() == str(name).lower():
                return t.line, self.col(t.line, t.col)
        return (self.tokens[0].line, self.tokens[0].col) if self.tokens else (1, 1)


def check_tree(stmts, table, columns, where):
    """Problems of the parsed file as a list of (line, col, message)."""
    out = []

    def bad(message, name=None):
        line, col = where.at(name)
        out.append((line, col, message))

    if len(stmts) != 1:
        bad(f"{len(stmts)} statements, expected one SELECT")
        return out
    tree = stmts[0]
    if not isinstance(tree, exp.Select):
        bad(f"the statement is {type(tree).__name__}, expected SELECT")
        return out

    if tree.named_selects != OUTPUT:
        bad(f"output columns {tree.named_selects}, expected {OUTPUT}")

    tables = [t.name for t in tree.find_all(exp.Table)]
    if tables != [table]:
        bad(f"reads tables {tables}, expected [{table!r}]", tables[0] if tables else None)
    for kind in (exp.Join, exp.Subquery, exp.Union):
        node = tree.find(kind)
        if node is not None:
            bad(f"has a {kind.__name__}, expected a plain SELECT from {table}")

    read = {c.name for c in tree.find_all(exp.Column)}
    for name in sorted(read - set(columns)):
        bad(f"reads column {name!r}, which {table} does not have", name)
    for name in [c for c in columns if c not in read]:
        bad(f"does not read column {name!r} of {table} (a name parsed as something else?)", name)

    group = tree.args.get("group")
    keys = [g.sql() for g in group.expressions] if group else []
    if keys != ["1", "2", "3", "4", "5", "6"]:
        bad(f"GROUP BY {keys}, expected 1..6", "GROUP")

    decimal = exp.DataType.build("DECIMAL(38, 18)")
    for t in tree.find_all(exp.DataType):
        if t.this not in TEXT_TYPES and t != decimal:
            bad(f"type {t.sql()}: only text and DECIMAL(38, 18) are expected", t.this.name)
    sums = list(tree.find_all(exp.Sum))
    if len(sums) != 1:
        bad(f"{len(sums)} SUMs, expected one (the amount)", "SUM")
    else:
        arg = sums[0].this
        if not isinstance(arg, (exp.Cast, exp.TryCast)) or arg.args.get("to") != decimal:
            bad(f"SUM({arg.sql()}): expected the sum of a CAST to DECIMAL(38, 18)", "SUM")
    if "amount" in tree.named_selects and sums:
        amount = tree.selects[tree.named_selects.index("amount")]
        if sums[0] not in set(amount.find_all(exp.Sum)):
            bad("the SUM is not in the amount column", "amount")

    for f in tree.find_all(exp.Anonymous):
        if f.name.upper() not in PASSTHROUGH:
            bad(f"function {f.name} is unknown to sqlglot: it would reach DuckDB untranslated", f.name)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--read", required=True)
    ap.add_argument("--also", action="append", default=[])
    ap.add_argument("--table", required=True)
    ap.add_argument("--columns", required=True)
    ap.add_argument("file")
    args = ap.parse_args()
    for d in [args.read, *args.also, "duckdb"]:
        try:
            dialect_of(d)
        except (ValueError, KeyError):
            print(f"sql_transpile.py: sqlglot {sqlglot.__version__} has no dialect {d!r}", file=sys.stderr)
            return 3

    with open(args.file, encoding="utf-8") as fh:
        sql = fh.read()
    problems = []
    try:
        stmts = parse(sql, args.read)
        for other in args.also:
            if parse(sql, other) != stmts:
                problems.append((1, 1, f"parses to another tree in {other} than in {args.read}"))
    except Problem as p:
        problems.append((p.line, p.col, p.message))
        stmts = None
    if stmts is not None:
        problems += check_tree(stmts, args.table, args.columns.split(), Locator(sql, args.read))
    if not problems:
        try:
            duck = stmts[0].sql(dialect="duckdb", pretty=True, unsupported_level=ErrorLevel.RAISE)
        except UnsupportedError as e:
            problems.append((1, 1, f"no DuckDB translation: {e}"))
    if problems:
        for line, col, message in problems:
            print(f"{args.file}:{line}:{col}: {message}", file=sys.stderr)
        return 1
    print(f"-- {args.file} read as {args.read}, written as duckdb by sqlglot {sqlglot.__version__}")
    print(duck)
    return 0


if __name__ == "__main__":
    sys.exit(main())
