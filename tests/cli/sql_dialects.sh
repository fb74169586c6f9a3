#!/usr/bin/env bash
# sql_dialects.sh: the warehouse SQL in sql/ read in its own dialect by
# sqlglot (Debian's python3-sqlglot), not only by DuckDB: every
# sql/athena_*.sql parses as Trino (Athena engine v3) and as Presto (v2) to
# the same tree, every sql/spark_*.sql as Spark SQL, each is the
# aggregated-charges SELECT it should be (tests/cli/lib/sql_transpile.py
# lists the checks), and sqlglot's translation of it to DuckDB gives the same
# per-key totals as drawdown's own import, to the last digit, on the same
# shared data as sql_duckdb.sh. Skipped without sqlglot or DuckDB.
#
#   bash tests/cli/sql_dialects.sh /path/to/drawdown
#
# Rewrites: none of the SQL text. DuckDB runs exactly what sqlglot writes for
# it; as in sql_duckdb.sh, the table is a view over the file with every
# column VARCHAR and missing columns NULL. Where that differs from
# sql_duckdb.sh, it is sqlglot's reading of the dialect:
#   - Spark's backquoted names become double-quoted names (no text rewrite
#     by the test, as sql_duckdb.sh needs);
#   - Spark's CAST becomes TRY_CAST: with spark.sql.ansi.enabled=false (the
#     default before Spark 4.0) a text that is not a number casts to NULL,
#     where Trino, DuckDB and drawdown stop with an error. The totals agree
#     on every file here, so no cost in them depends on that; the Spark
#     files say which setting keeps a bad cost from counting as 0.
#   - Trino's ORDER BY gets NULLS LAST (Trino's default); the rows are
#     compared sorted in any case;
#   - NULLIF and SUBSTR, which sqlglot 10.6 does not model, are copied as
#     written: they mean the same in Trino, Spark and DuckDB (the checker
#     rejects any other function it does not know).
# The checker is itself checked: a syntax error put in at a known place is
# reported at that file:line:column, and a file read in the wrong dialect
# (Athena's double-quoted names are string literals in Spark) is rejected.
set -euo pipefail

DD=${1:?usage: sql_dialects.sh /path/to/drawdown}
# Debian's python3-sqlglot installs for /usr/bin/python3, which need not be
# the python3 first on PATH.
PY=/usr/bin/python3
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ ! -x "$PY" ] || ! "$PY" -c 'import sqlglot' 2>/dev/null; then
	echo "SKIP: sqlglot not installed for $PY (apt-get install python3-sqlglot)"
	exit 0
fi
if ! "$PY" -c 'from sqlglot.dialects.dialect import Dialect
for d in ("trino", "presto", "spark", "duckdb"): Dialect.get_or_raise(d)' 2>/dev/null; then
	echo "SKIP: this sqlglot lacks one of the dialects trino, presto, spark, duckdb"
	exit 0
fi
# Views, canonical amounts, drawdown's totals, the comparison and the data
# files: shared with sql_duckdb.sh (skips without DuckDB).
# shellcheck source=tests/cli/lib/sql_common.sh
. "$HERE/lib/sql_common.sh"
SQLGLOT=$("$PY" -c 'import sqlglot; print(sqlglot.__version__)')

# transpile NAME DIALECT TABLE [ALSO]: sql/NAME.sql checked (and parsed as
# dialect ALSO too) and written for DuckDB to $TMP/NAME.duckdb.sql (absent
# when it fails). Run from the source root so messages say sql/NAME.sql.
transpile() {
	local name=$1 dialect=$2 table=$3 also=${4:-} cols
	eval "cols=\$COLS_$table"
	checks=$((checks + 1))
	if (cd "$ROOT" && "$PY" "$HERE/lib/sql_transpile.py" --read "$dialect" ${also:+--also "$also"} \
		--table "$table" --columns "$cols" "sql/$name.sql") >"$TMP/$name.duckdb.sql" 2>"$TMP/transpile.err"; then
		echo "ok   sql/$name.sql parses as $dialect${also:+ and as $also}: the charges SELECT from $table, written for DuckDB"
	else
		echo "FAIL sql/$name.sql as $dialect:"; sed 's/^/    /' "$TMP/transpile.err"
		rm -f "$TMP/$name.duckdb.sql"; fails=$((fails + 1))
	fi
}

for t in cur2:cur cur_legacy:cur_legacy focus:focus; do
	transpile "athena_${t%%:*}" trino "${t##*:}" presto
	transpile "spark_${t%%:*}" spark "${t##*:}"
done

# expect_reject LABEL WANT FILE DIALECT TABLE: the checker rejects FILE read
# as DIALECT, and its message contains WANT.
expect_reject() {
	local label=$1 want=$2 file=$3 dialect=$4 table=$5 cols
	eval "cols=\$COLS_$table"
	checks=$((checks + 1))
	if "$PY" "$HERE/lib/sql_transpile.py" --read "$dialect" --table "$table" --columns "$cols" \
		"$file" >/dev/null 2>"$TMP/reject.err"; then
		echo "FAIL checker: $label: accepted"; fails=$((fails + 1))
	elif grep -qF -- "$want" "$TMP/reject.err"; then
		echo "ok   checker: $label: $(head -n 1 "$TMP/reject.err")"
	else
		echo "FAIL checker: $label: no '$want' in:"; sed 's/^/    /' "$TMP/reject.err"; fails=$((fails + 1))
	fi
}
# A syntax error at a place found here, not by sqlglot: "GROUP BY 1, ..."
# becomes "GROUP 1, ...", whose "1" (column 7) cannot follow GROUP.
line=$(grep -n '^GROUP BY 1' "$ROOT/sql/athena_cur2.sql" | cut -d: -f1)
sed "${line}s/^GROUP BY 1/GROUP 1/" "$ROOT/sql/athena_cur2.sql" >"$TMP/syntax.sql"
expect_reject "syntax error in athena_cur2.sql" "$TMP/syntax.sql:$line:7: trino:" "$TMP/syntax.sql" trino cur
# An unterminated quote on the last line: "ORDER BY 1, 2, 3, 4, 5, '6", the
# quote in column 25, where the tokenizer's error is placed.
line=$(grep -n '^ORDER BY 1, 2, 3, 4, 5, 6$' "$ROOT/sql/spark_cur2.sql" | cut -d: -f1)
sed "${line}s/, 6\$/, '6/" "$ROOT/sql/spark_cur2.sql" >"$TMP/quote.sql"
expect_reject "unterminated quote in spark_cur2.sql" "$TMP/quote.sql:$line:25: spark:" "$TMP/quote.sql" spark cur
# The wrong dialect parses, but to string literals where names should be.
expect_reject "athena_cur_legacy.sql read as Spark" "does not read column 'lineItem/UnblendedCost'" \
	"$ROOT/sql/athena_cur_legacy.sql" spark cur_legacy

# check LABEL TABLE SQLFILE DATAFILE: SQLFILE as sqlglot wrote it for DuckDB.
check() {
	local label=$1 table=$2 sqlfile=$3 file=$4 out
	out=$TMP/$(basename "$sqlfile" .sql).duckdb.sql
	if [ ! -s "$out" ]; then
		checks=$((checks + 1)); fails=$((fails + 1))
		echo "FAIL $label (via sqlglot): $(basename "$sqlfile") did not transpile (above)"; return
	fi
	sql_compare "$label (via sqlglot)" "$table" "$(cat "$out")" "$file"
}
sql_cases check

if [ "$fails" -eq 0 ]; then
	echo "PASS: $checks/$checks checks (sqlglot $SQLGLOT: 6 files parsed in their dialects and transpiled; totals equal drawdown's)"
else
	echo "FAIL: $fails of $checks checks failed (sqlglot $SQLGLOT)"
	exit 1
fi
