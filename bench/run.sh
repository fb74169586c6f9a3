#!/usr/bin/env bash
# run.sh: drawdown's import against DuckDB on the same generated legacy CUR
# file, as plain CSV, gzip and Parquet, in one run (issue #3's benchmark).
#
#   bench/setup.sh          # once: DuckDB for Node, hyperfine, GNU time
#   bench/run.sh [SIZE]     # SIZE like 100M or 1G (default 1G); RUNS=5 to change repeats
#
# Builds drawdown (Release) in build-release/, generates bench/out/cur-SIZE.csv
# once (gen_cur, seed 1) with .gz and .parquet copies, then times each side
# RUNS times and reports medians:
#   drawdown  `drawdown --db fresh.db import FILE` (whole process, 2 threads by
#             default), peak RSS from /usr/bin/time; when the CLI has no import
#             verb yet, the library import alone (dd_totals --ingest, no store)
#   DuckDB    bench/duck.mjs with 2 threads running queries/csv.sql or
#             queries/parquet.sql: SUM(DECIMAL(38,12)) grouped by period,
#             account, product, line item type; the time counted is the query's
#             own (Node start-up and library load excluded, in DuckDB's favour)
# and checks that both sides' totals equal FILE.expected.csv exactly.
# Throughput is the plain CSV's bytes over the time, for every format, so
# the three rows compare the same data.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-1G}
RUNS=${RUNS:-3}
OUT=bench/out
B=build-release
mkdir -p "$OUT"

die() { echo "run.sh: $*" >&2; exit 1; }
[ -d bench/node_modules/@duckdb/node-api ] || die "DuckDB missing: run bench/setup.sh first"
[ -x /usr/bin/time ] || die "GNU time missing: run bench/setup.sh first"

echo "== build (Release)"
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release -DDD_TESTS=OFF >/dev/null
cmake --build "$B" -j2 --target drawdown gen_cur dd_totals >/dev/null

CSV=$OUT/cur-$SIZE.csv GZ=$OUT/cur-$SIZE.csv.gz PQ=$OUT/cur-$SIZE.parquet EXP=$OUT/cur-$SIZE.csv.expected.csv
if [ ! -s "$EXP" ]; then
	echo "== generate $CSV"
	"$B/gen_cur" --bytes "$SIZE" --seed 1 --out "$CSV"
	rm -f "$GZ" "$PQ"
fi
if [ ! -s "$GZ" ]; then
	echo "== compress $GZ"
	if command -v pigz >/dev/null; then pigz -1 -p 2 -c "$CSV" >"$GZ"; else gzip -1 -c "$CSV" >"$GZ"; fi
fi
if [ ! -s "$PQ" ]; then
	echo "== Parquet copy $PQ"
	node bench/duck.mjs --set F="$CSV" --set OUT="$PQ" bench/queries/to_parquet.sql 2>/dev/null
fi
BYTES=$(stat -c %s "$CSV")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

has_import=0
"$B/drawdown" import --help 2>&1 | grep -qi import && has_import=1
[ $has_import = 1 ] || echo "note: drawdown has no import verb yet: timing the library import (dd_totals --ingest, no store write)"

canon() {
	awk -F, 'BEGIN { OFS = "," } NR > 1 { a = $NF; if (a ~ /\./) { sub(/0+$/, "", a); sub(/\.$/, "", a) }
		if (a == "-0") a = "0"; $NF = a } { print }'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# dd_once FILE: one timed drawdown import; prints "seconds maxrss_kib".
dd_once() {
	rm -f "$TMP/dd.db"
	if [ $has_import = 1 ]; then
		/usr/bin/time -f "%e %M" -o "$TMP/time" "$B/drawdown" --db "$TMP/dd.db" import "$1" >"$TMP/dd.log" 2>&1 ||
			{ cat "$TMP/dd.log" >&2; die "drawdown import $1 failed"; }
	else
		/usr/bin/time -f "%e %M" -o "$TMP/time" "$B/dd_totals" --ingest "$1" >"$TMP/dd.tot" 2>"$TMP/dd.log" ||
			{ cat "$TMP/dd.log" >&2; die "drawdown import $1 failed"; }
	fi
	tail -n 1 "$TMP/time"
}

# dd_check: drawdown's totals of the last import equal the expected file.
dd_check() {
	if [ $has_import = 1 ]; then "$B/dd_totals" --db "$TMP/dd.db" >"$TMP/dd.tot"; fi
	cmp -s "$TMP/dd.tot" "$EXP" && echo exact || echo DIFFERENT
}

# duck_once QUERY FILE: one DuckDB run; prints the query's seconds.
duck_once() {
	node bench/duck.mjs --csv --set F="$2" "$1" 2>"$TMP/duck.err" >"$TMP/duck.csv" ||
		{ cat "$TMP/duck.err" >&2; die "DuckDB on $2 failed"; }
	sed -n 's/^duckdb_ms=//p' "$TMP/duck.err" | awk '{ print $1 / 1000 }'
}

duck_check() { canon <"$TMP/duck.csv" | cmp -s - "$EXP" && echo exact || echo DIFFERENT; }

printf '\n== %s: %s bytes of CSV, %s rows, %s keys; %s runs each, medians; load before: %s\n' \
	"$CSV" "$BYTES" "$(($(wc -l <"$CSV") - 1))" "$(($(wc -l <"$EXP") - 1))" "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %10s %9s %9s %8s | %10s %9s %8s | %6s\n' format file_MB dd_s dd_GB/s dd_MiB duck_s duck_GB/s duck_ok ratio
for fmt in csv gz parquet; do
	case $fmt in csv) f=$CSV q=bench/queries/csv.sql ;; gz) f=$GZ q=bench/queries/csv.sql ;; parquet) f=$PQ q=bench/queries/parquet.sql ;; esac
	: >"$TMP/dd_t"; : >"$TMP/dd_m"; : >"$TMP/du_t"
	for i in $(seq "$RUNS"); do
		read -r t m < <(dd_once "$f")
		echo "$t" >>"$TMP/dd_t"; echo "$m" >>"$TMP/dd_m"
		duck_once "$q" "$f" >>"$TMP/du_t"
	done
	ddok=$(dd_check) duok=$(duck_check)
	dt=$(median <"$TMP/dd_t") mm=$(sort -n "$TMP/dd_m" | tail -n 1) ut=$(median <"$TMP/du_t")
	awk -v f="$fmt" -v sz="$(stat -c %s "$f")" -v b="$BYTES" -v dt="$dt" -v mm="$mm" -v ut="$ut" -v ok="$ddok" -v uok="$duok" 'BEGIN {
		printf "%-8s %10.1f %9.3f %9.3f %8.1f | %10.3f %9.3f %8s | %6.2f  drawdown totals: %s\n",
			f, sz / 1e6, dt, b / dt / 1e9, mm / 1024, ut, b / ut / 1e9, uok, ut / dt, ok }'
done
echo "(ratio = DuckDB time / drawdown time = drawdown's throughput over DuckDB's; targets: csv >= 3, gz >= 2.5, parquet >= 1; peak RSS < 256 MiB)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
