#!/usr/bin/env bash
# profile.sh: where drawdown's import spends its time, on a generated 100 MB
# legacy CUR file (plain, .gz or Parquet: FORMAT csv|gz|parquet, default csv).
# perf sampling on the cpu-clock software event (works where hardware
# counters are "not supported", as on this VM), else callgrind (instructions, not
# seconds, but repeatable whatever else the machine does). Prints the top
# functions. Run bench/run.sh 100M first (it builds and makes the files).
#
#   bench/profile.sh [csv|gz|parquet]
set -euo pipefail
cd "$(dirname "$0")/.."
FORMAT=${1:-csv}
B=build-release
case $FORMAT in
csv) F=bench/out/cur-100M.csv ;; gz) F=bench/out/cur-100M.csv.gz ;; parquet) F=bench/out/cur-100M.parquet ;;
*) echo "usage: profile.sh [csv|gz|parquet]" >&2; exit 2 ;;
esac
[ -s "$F" ] || { echo "profile.sh: $F missing: run bench/run.sh 100M first" >&2; exit 1; }
# Release build with symbols and frame pointers, so the profile names functions.
cmake -S . -B build-profile -DCMAKE_BUILD_TYPE=Release -DDD_TESTS=OFF \
	-DCMAKE_C_FLAGS_RELEASE="-O3 -DNDEBUG -g -fno-omit-frame-pointer" >/dev/null
cmake --build build-profile -j2 --target drawdown dd_totals >/dev/null
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if build-profile/drawdown import --help 2>&1 | grep -qi import; then
	cmd=(build-profile/drawdown --db "$TMP/p.db" import "$F")
else
	cmd=(build-profile/dd_totals --ingest "$F")
fi
if perf record -q -e cpu-clock -o "$TMP/probe.data" -- true >/dev/null 2>&1; then
	perf record -q -e cpu-clock -g -o "$TMP/perf.data" -- "${cmd[@]}" >/dev/null
	perf report -i "$TMP/perf.data" --no-children --stdio --percent-limit 1 2>/dev/null |
		grep -E '^ +[0-9.]+%' | head -n 25
else
	echo "(perf cannot sample here: callgrind, instructions)"
	valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" "${cmd[@]}" >/dev/null 2>"$TMP/vg.log"
	callgrind_annotate "$TMP/cg.out" 2>/dev/null | sed -n '1,40p' | grep -E '^ *[0-9,]+ ' | head -n 25
fi
