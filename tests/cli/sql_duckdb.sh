#!/usr/bin/env bash
# sql_duckdb.sh: the warehouse SQL in sql/ gives the same per-key totals as
# drawdown's own import, to the last digit, on the shared real exports (and
# on a generated legacy CUR file when gen_cur is built). DuckDB (bench/
# node_modules, installed by bench/setup.sh) runs the SQL; nothing is
# downloaded here, so without it the test is skipped.
#
#   bash tests/cli/sql_duckdb.sh /path/to/drawdown
#
# The only rewrites of the shipped SQL: the table (`cur`, `cur_legacy`,
# `focus`) is a DuckDB view over the file read with every column as VARCHAR
# (what an Athena table over CSV holds), columns a file lacks are added to
# that view as NULL, and the Spark files' backquoted names become double
# quoted (DuckDB has no backquotes). The SQL text itself is run unchanged.
set -euo pipefail

DD=${1:?usage: sql_duckdb.sh /path/to/drawdown}
# Views, canonical amounts, drawdown's totals, the comparison and the data
# files: shared with sql_dialects.sh.
# shellcheck source=tests/cli/lib/sql_common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/sql_common.sh"

# check LABEL TABLE SQLFILE DATAFILE
check() {
	local label=$1 table=$2 sqlfile=$3 file=$4 sql
	sql=$(cat "$sqlfile")
	case $sqlfile in */spark_*) sql=${sql//\`/\"} ;; esac
	sql_compare "$label" "$table" "$sql" "$file"
}

sql_cases check

echo "$((checks - fails))/$checks SQL checks passed"
[ "$fails" -eq 0 ]
