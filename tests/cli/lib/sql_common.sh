# shellcheck shell=bash disable=SC2034  # COLS_* are read through eval
# sql_common.sh: sourced by the warehouse SQL tests (tests/cli/sql_duckdb.sh,
# tests/cli/sql_dialects.sh): the DuckDB views over the shared data, the
# canonical amount text, drawdown's own totals, the comparison of the two
# and the list of data files each sql/ file is checked on. Kept out of
# tests/cli/*.sh so CMake does not run it as a test of its own.
#
# The caller sets DD (the drawdown binary) and `set -euo pipefail`, then
# sources this file, defines `check LABEL TABLE SQLFILE DATAFILE` (which
# turns SQLFILE into the SQL DuckDB runs and calls sql_compare) and runs
# `sql_cases check`. Prints "SKIP: why" and exits 0 when DuckDB is missing.

ROOT=${DD_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
DATA=${DD_SHARED_DATA:-$ROOT/../shared/data}
BIN=$(dirname "$DD")

if [ ! -d "$ROOT/bench/node_modules/@duckdb/node-api" ]; then
	echo "SKIP: DuckDB not installed (run bench/setup.sh)"
	exit 0
fi
if ! command -v node >/dev/null; then
	echo "SKIP: DuckDB not installed (run bench/setup.sh): no node"
	exit 0
fi
[ -x "$BIN/dd_totals" ] || { echo "FAIL: $BIN/dd_totals not built"; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0 checks=0

# Columns each SQL file reads; the view adds the missing ones as NULL.
COLS_cur="bill_billing_period_start_date line_item_usage_start_date bill_payer_account_id line_item_usage_account_id line_item_product_code product_servicecode line_item_line_item_type bill_billing_entity line_item_unblended_cost"
COLS_cur_legacy="bill/BillingPeriodStartDate lineItem/UsageStartDate bill/PayerAccountId lineItem/UsageAccountId lineItem/ProductCode product/servicecode lineItem/LineItemType bill/BillingEntity lineItem/UnblendedCost"
COLS_focus="BillingPeriodStart ChargePeriodStart BillingAccountId SubAccountId x_ServiceCode ServiceName ChargeCategory ChargeFrequency x_BillingEntity PublisherName BilledCost ProviderName"

# view_sql TABLE FILE: CREATE VIEW TABLE over FILE, all VARCHAR, missing columns NULL.
view_sql() {
	local table=$1 file=$2 cols extra="" header
	eval "cols=\$COLS_$table"
	header=$(gzip -cdf "$file" | head -n 1 | tr -d '\r"' | tr ',' '\n')
	for c in $cols; do
		grep -qixF -- "$c" <<<"$header" || extra="$extra, CAST(NULL AS VARCHAR) AS \"$c\""
	done
	printf "CREATE VIEW %s AS SELECT *%s FROM read_csv('%s', header = true, all_varchar = true);\n" \
		"$table" "$extra" "$file"
}

# Canonical amount text: trailing fractional zeros and a bare point dropped.
canon() {
	awk -F, 'BEGIN { OFS = "," } NR > 1 { a = $NF; if (a ~ /\./) { sub(/0+$/, "", a); sub(/\.$/, "", a) }
		if (a == "-0" || a == "") a = "0"; $NF = a } { print }'
}

# Header first, then rows in bytewise order (read, not head: head may eat the pipe).
sorted() { local h; IFS= read -r h || return 1; printf '%s\n' "$h"; LC_ALL=C sort; }

# drawdown's totals of FILE at the aggregated-charges grain: the CLI import
# into a fresh store when the CLI has it, read back through the store API.
drawdown_totals() {
	local file=$1 db=$TMP/dd.db
	rm -f "$db"
	if "$DD" import --help 2>&1 | grep -qi import; then
		"$DD" --db "$db" import "$file" >"$TMP/import.log" 2>&1 || { cat "$TMP/import.log"; return 1; }
		"$BIN/dd_totals" --db "$db" --grain charges
	else
		echo "note: $DD has no import verb yet; using the library import (dd_totals --ingest)" >&2
		"$BIN/dd_totals" --ingest "$file" --grain charges
	fi
}

# sql_compare LABEL TABLE SQL DATAFILE: the SELECT text SQL, run by DuckDB
# after the view TABLE over DATAFILE, gives the same header and per-key
# totals as drawdown's import of DATAFILE, to the last digit.
sql_compare() {
	local label=$1 table=$2 query=$3 file=$4 sql
	checks=$((checks + 1))
	if [ ! -r "$file" ]; then echo "FAIL $label: missing $file"; fails=$((fails + 1)); return; fi
	sql=$(view_sql "$table" "$file"; printf '%s\n' "$query")
	if ! node "$ROOT/bench/duck.mjs" --csv -e "$sql" 2>"$TMP/duck.err" | canon | sorted >"$TMP/duck.csv"; then
		echo "FAIL $label: DuckDB: $(tail -n 3 "$TMP/duck.err")"; fails=$((fails + 1)); return
	fi
	if ! drawdown_totals "$file" 2>"$TMP/dd.err" | sorted >"$TMP/dd.csv" || [ ! -s "$TMP/dd.csv" ]; then
		echo "FAIL $label: drawdown: $(tail -n 3 "$TMP/dd.err")"; fails=$((fails + 1)); return
	fi
	local n
	n=$(($(wc -l <"$TMP/duck.csv") - 1))
	if [ "$n" -lt 1 ]; then echo "FAIL $label: DuckDB returned no rows"; fails=$((fails + 1)); return; fi
	if diff -u "$TMP/duck.csv" "$TMP/dd.csv" >"$TMP/diff"; then
		echo "ok   $label: $n keys equal"
	else
		echo "FAIL $label: totals differ (- DuckDB + drawdown):"; head -n 20 "$TMP/diff"
		fails=$((fails + 1))
	fi
}

# sql_cases CHECK: calls `CHECK LABEL TABLE SQLFILE DATAFILE` for every
# sql/ file on every shared data file of its table (and on a generated
# legacy CUR file when gen_cur is built).
sql_cases() {
	local check=$1 flavour m f W=$DATA/cur/wa-labs-2018
	for flavour in athena spark; do
		for m in Oct Nov Dec; do
			"$check" "$flavour cur2 $m 2018 (wa-labs CSV.gz)" cur "$ROOT/sql/${flavour}_cur2.sql" "$W/${m}2018-WorkshopCUR.csv.gz"
		done
		"$check" "$flavour cur2 sbroenne sample" cur "$ROOT/sql/${flavour}_cur2.sql" "$DATA/cur/cur2-mocks/sbroenne_sample-cur20.csv"
		"$check" "$flavour legacy aws-export-sample" cur_legacy "$ROOT/sql/${flavour}_cur_legacy.sql" "$DATA/cur/focus-converters/aws-export-sample.csv"
		"$check" "$flavour legacy sbroenne sample" cur_legacy "$ROOT/sql/${flavour}_cur_legacy.sql" "$DATA/cur/cur2-mocks/sbroenne_sample-legacy.csv"
		"$check" "$flavour focus sample (3 providers)" focus "$ROOT/sql/${flavour}_focus.sql" "$DATA/focus/focus_sample.csv"
		"$check" "$flavour focus 1.2 synthetic" focus "$ROOT/sql/${flavour}_focus.sql" "$DATA/focus/synthetic-1.3/aws_1_2_cost_and_usage_rows25_seed7_credits.csv"
		# FOCUS 1.3 synthetic rows carry 14 fractional digits: exact on both
		# sides (DECIMAL(38,18) in SQL, 18 digits in drawdown).
		for f in aws_1_3_cost_and_usage_rows25_seed7_credits aws_1_3_cost_and_usage_rows100_seed42; do
			"$check" "$flavour focus 1.3 synthetic $f" focus "$ROOT/sql/${flavour}_focus.sql" "$DATA/focus/synthetic-1.3/$f.csv"
		done
	done
	if [ -x "$BIN/gen_cur" ]; then
		# Generated legacy CUR: quoted commas, doubled quotes, exponents, CRLF, 3 months.
		"$BIN/gen_cur" --bytes 1M --seed 11 --months 3 --crlf --out "$TMP/gen.csv" 2>/dev/null
		"$check" "athena legacy generated (gen_cur, CRLF)" cur_legacy "$ROOT/sql/athena_cur_legacy.sql" "$TMP/gen.csv"
		"$check" "spark legacy generated (gen_cur, CRLF)" cur_legacy "$ROOT/sql/spark_cur_legacy.sql" "$TMP/gen.csv"
	fi
}
