#!/usr/bin/env bash
# run.sh: drawdown's import against DuckDB on the same generated legacy CUR
# files, as plain CSV, gzip and Parquet, in one run, on two shapes of data.
#
#   bench/setup.sh                    # once: DuckDB for Node, hyperfine, GNU time
#   bench/run.sh [FEW_SIZE [KEYS_SIZE]]   # default 1G and 470M; RUNS=5 to change repeats
#   SHAPES=keys bench/run.sh          # one shape only (few | keys)
#
# Shapes (gen_cur, seed 1):
#   few   50 accounts, 4 usage variants per service: ~46,000 keys at the
#         store's grain per GiB, many rows per key
#   keys  --keys $KEYS (default 18000): 800 accounts, 20 regions; ~120,000
#         keys at the store's grain in 470 MB, a few rows per key, rows in
#         random order (no grouping for a cache to use), as the key-heavy
#         enterprise export of issue #8
# Each file gets .gz and .parquet copies. Each side runs RUNS times,
# interleaved, and medians are reported:
#   drawdown      `drawdown --db fresh.db import FILE` as a whole process
#                 (2 threads by default, SQLite write included), peak RSS
#                 from /usr/bin/time
#   DuckDB exact  bench/duck.mjs, 2 threads, queries/csv.sql or parquet.sql:
#                 SUM(DECIMAL(38,12)) by period, account, product, line item
#                 type; totals must equal FILE.expected.csv to the last digit
#   DuckDB user   the same with queries/csv_double.sql or parquet_double.sql:
#                 read_csv's own type detection and a plain SUM over a DOUBLE,
#                 DuckDB's fastest ordinary configuration and what a user
#                 types; only its key set is checked (float sums are inexact)
# DuckDB's time is its own (instance, statements), as its CLI's timer shows
# it: Node's start-up and library load are not counted, in DuckDB's favour.
# Throughput is the plain CSV's bytes over the time for every format, so the
# three rows of a shape compare the same data.
set -euo pipefail
cd "$(dirname "$0")/.."
FEW_SIZE=${1:-1G}
KEYS_SIZE=${2:-470M}
KEYS=${KEYS:-18000}
RUNS=${RUNS:-3}
SHAPES=${SHAPES:-few keys}
OUT=bench/out
B=build-release
mkdir -p "$OUT"

die() { echo "run.sh: $*" >&2; exit 1; }
[ -d bench/node_modules/@duckdb/node-api ] || die "DuckDB missing: run bench/setup.sh first"
[ -x /usr/bin/time ] || die "GNU time missing: run bench/setup.sh first"

echo "== build (Release)"
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release -DDD_TESTS=OFF >/dev/null
cmake --build "$B" -j2 --target drawdown gen_cur dd_totals >/dev/null

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

canon() {
	awk -F, 'BEGIN { OFS = "," } NR > 1 { a = $NF; if (a ~ /\./) { sub(/0+$/, "", a); sub(/\.$/, "", a) }
		if (a == "-0") a = "0"; $NF = a } { print }'
}
keys_only() { awk -F, 'BEGIN { OFS = "," } { NF = NF - 1; print }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# make_files SHAPE SIZE: generate (once) and print the base path.
make_files() {
	local shape=$1 size=$2 base args=()
	if [ "$shape" = keys ]; then base=$OUT/cur-keys$KEYS-$size; args=(--keys "$KEYS"); else base=$OUT/cur-$size; fi
	if [ ! -s "$base.csv.expected.csv" ]; then
		echo "== generate $base.csv" >&2
		"$B/gen_cur" --bytes "$size" --seed 1 "${args[@]}" --out "$base.csv" >&2
		rm -f "$base.csv.gz" "$base.parquet"
	fi
	if [ ! -s "$base.csv.gz" ]; then
		echo "== compress $base.csv.gz" >&2
		if command -v pigz >/dev/null; then pigz -1 -p 2 -c "$base.csv" >"$base.csv.gz"; else gzip -1 -c "$base.csv" >"$base.csv.gz"; fi
	fi
	if [ ! -s "$base.parquet" ]; then
		echo "== Parquet copy $base.parquet" >&2
		node bench/duck.mjs --set F="$base.csv" --set OUT="$base.parquet" bench/queries/to_parquet.sql 2>/dev/null
	fi
	echo "$base"
}

# dd_once FILE: one timed drawdown import; prints "seconds maxrss_kib".
dd_once() {
	rm -f "$TMP/dd.db"
	/usr/bin/time -f "%e %M" -o "$TMP/time" "$B/drawdown" --db "$TMP/dd.db" import "$1" >"$TMP/dd.log" 2>&1 ||
		{ cat "$TMP/dd.log" >&2; die "drawdown import $1 failed"; }
	tail -n 1 "$TMP/time"
}

# duck_once QUERY FILE OUTCSV: one DuckDB run; prints the statements' seconds.
duck_once() {
	node bench/duck.mjs --csv --set F="$2" "$1" 2>"$TMP/duck.err" >"$3" ||
		{ cat "$TMP/duck.err" >&2; die "DuckDB on $2 failed"; }
	sed -n 's/^duckdb_ms=//p' "$TMP/duck.err" | awk '{ print $1 / 1000 }'
}

echo "(ratio = DuckDB time / drawdown time; targets: csv >= 3, gz >= 2.5, parquet >= 1 against DuckDB as a user runs it; peak RSS < 256 MiB)"
for shape in $SHAPES; do
	case $shape in few) size=$FEW_SIZE ;; keys) size=$KEYS_SIZE ;; *) die "unknown shape $shape (few | keys)" ;; esac
	base=$(make_files "$shape" "$size")
	CSV=$base.csv EXP=$base.csv.expected.csv
	BYTES=$(stat -c %s "$CSV")
	dd_once "$CSV" >/dev/null
	entries=$(sed -n 's/.* rows, \([0-9]*\) entr.*/\1/p' "$TMP/dd.log" | head -n 1)
	printf '\n== shape %s: %s, %s bytes of CSV, %s rows, %s keys at the store grain (%s at the 4-column grain); %s runs each, medians; load before: %s\n' \
		"$shape" "$CSV" "$BYTES" "$(($(wc -l <"$CSV") - 1))" "$entries" "$(($(wc -l <"$EXP") - 1))" "$RUNS" \
		"$(cut -d' ' -f1-3 /proc/loadavg)"
	printf '%-8s %9s | %8s %8s %7s | %8s %6s %6s | %8s %6s %6s\n' format file_MB dd_s dd_GB/s dd_MiB exact_s ratio ok user_s ratio keys
	for fmt in csv gz parquet; do
		case $fmt in
		csv) f=$CSV q=bench/queries/csv.sql u=bench/queries/csv_double.sql ;;
		gz) f=$CSV.gz q=bench/queries/csv.sql u=bench/queries/csv_double.sql ;;
		parquet) f=$base.parquet q=bench/queries/parquet.sql u=bench/queries/parquet_double.sql ;;
		esac
		: >"$TMP/dd_t"; : >"$TMP/dd_m"; : >"$TMP/ex_t"; : >"$TMP/us_t"
		for i in $(seq "$RUNS"); do
			read -r t m < <(dd_once "$f")
			echo "$t" >>"$TMP/dd_t"; echo "$m" >>"$TMP/dd_m"
			duck_once "$q" "$f" "$TMP/exact.csv" >>"$TMP/ex_t"
			duck_once "$u" "$f" "$TMP/user.csv" >>"$TMP/us_t"
		done
		"$B/dd_totals" --db "$TMP/dd.db" >"$TMP/dd.tot"
		cmp -s "$TMP/dd.tot" "$EXP" || die "$shape $fmt: drawdown's totals differ from $EXP"
		ok=$(canon <"$TMP/exact.csv" | cmp -s - "$EXP" && echo exact || echo DIFFERENT)
		kok=$(keys_only <"$TMP/user.csv" | cmp -s - <(keys_only <"$EXP") && echo same || echo DIFFERENT)
		awk -v f="$fmt" -v sz="$(stat -c %s "$f")" -v b="$BYTES" -v dt="$(median <"$TMP/dd_t")" \
			-v mm="$(sort -n "$TMP/dd_m" | tail -n 1)" -v et="$(median <"$TMP/ex_t")" -v ut="$(median <"$TMP/us_t")" \
			-v ok="$ok" -v kok="$kok" 'BEGIN {
			printf "%-8s %9.1f | %8.3f %8.3f %7.1f | %8.3f %6.2f %6s | %8.3f %6.2f %6s\n",
				f, sz / 1e6, dt, b / dt / 1e9, mm / 1024, et, et / dt, ok, ut, ut / dt, kok }'
	done
done
echo
echo "drawdown's totals equal gen_cur's expected files exactly in every row above (checked); load after: $(cut -d' ' -f1-3 /proc/loadavg)"
