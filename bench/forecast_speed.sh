#!/usr/bin/env bash
# forecast_speed.sh: the forecast's speed (issue #10 item 5). Builds nothing.
#
#   bench/forecast_speed.sh [--no-wait] [--quick | --passes N]   # from the repository root
#   BUILD=/tmp/b bench/forecast_speed.sh    # binaries from another build dir
#   BIN=... DRAWDOWN=... RUNS=20 bench/forecast_speed.sh
#
# 1. $BIN (default $BUILD/forecast_speed, BUILD default build): the growth
#    table of dd_forecast_run on synthetic books, one factor at a time
#    (bench/forecast_speed.c; arguments are passed on: --quick for best of 1,
#    --no-wait not to wait for both cores to be free before each row,
#    --passes N for the best of N passes over the whole table).
# 2. The whole CLI as a user runs it on the bundled example:
#      drawdown --book examples/drawdown.yaml --db $tmp/ex.db forecast --json
#    (1000 paths x 36 months, the defaults) after
#      drawdown ... import examples/charges.csv
#    into a scratch store, with --threads 1 and with the default (every
#    core), once both cores are free ($BIN --wait-quiet, up to 20 s;
#    not with --no-wait or --quick). hyperfine when installed (3 warm-ups,
#    RUNS runs), else RUNS runs under /usr/bin/time: min, median and max
#    wall seconds, and the median user + sys CPU seconds. The two outputs
#    must be the same.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BIN=${BIN:-$BUILD/forecast_speed}
DRAWDOWN=${DRAWDOWN:-$BUILD/drawdown}
RUNS=${RUNS:-10}
for b in "$BIN" "$DRAWDOWN"; do
	[[ -x $b ]] || { echo "forecast_speed.sh: $b is not built (cmake --build $BUILD)" >&2; exit 1; }
done

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"$BIN" "$@"
echo

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dd=("$DRAWDOWN" --book examples/drawdown.yaml --db "$tmp/ex.db")
"${dd[@]}" import examples/charges.csv > /dev/null
"${dd[@]}" forecast --json --threads 1 > "$tmp/t1.json"
"${dd[@]}" forecast --json > "$tmp/tn.json"
cmp -s "$tmp/t1.json" "$tmp/tn.json" || { echo "forecast_speed.sh: --threads 1 and the default differ" >&2; exit 1; }

echo "CLI on the bundled example: ${dd[*]/#$tmp/\$tmp} forecast --json"
[[ " $* " == *" --no-wait "* || " $* " == *" --quick "* ]] || "$BIN" --wait-quiet
if command -v hyperfine > /dev/null; then
	hyperfine -N --warmup 3 --runs "$RUNS" \
		-n "--threads 1" "${dd[*]} forecast --json --threads 1" \
		-n "default" "${dd[*]} forecast --json"
else
	echo "(hyperfine not installed: $RUNS runs under /usr/bin/time)"
	printf '%-12s %8s %8s %8s %10s\n' "" "min s" "median s" "max s" "cpu s"
	for mode in "--threads 1" "default"; do
		args=(forecast --json)
		[[ $mode == default ]] || args+=(--threads 1)
		"${dd[@]}" "${args[@]}" > /dev/null # warm-up
		: > "$tmp/times"
		for ((i = 0; i < RUNS; i++)); do
			/usr/bin/time -f '%e %U %S' -a -o "$tmp/times" "${dd[@]}" "${args[@]}" > /dev/null
		done
		cpu=$(awk '{ print $2 + $3 }' "$tmp/times" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
		sort -n "$tmp/times" | awk -v m="$mode" -v cpu="$cpu" '
			{ w[NR] = $1 }
			END { printf "%-12s %8.3f %8.3f %8.3f %10.3f\n", m, w[1], w[int((NR + 1) / 2)], w[NR], cpu }'
	done
fi
