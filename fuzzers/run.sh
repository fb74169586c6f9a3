#!/usr/bin/env bash
# run.sh: coverage-guided fuzzing of every harness (fuzzers/fuzz_*.c) with
# libFuzzer under ASan+UBSan, for SECONDS each, two at a time (2 cores).
# The CI only replays the committed corpus; this is how it grows.
#
#   fuzzers/run.sh [SECONDS] [NAME...]     # default 120 s, every harness
#
# Needs clang (Debian's clang and libclang-rt-*-dev). Each harness works on
# a scratch copy of fuzzers/corpus/NAME under $OUT (default /tmp/dd-fuzz),
# since libFuzzer writes what it finds into its corpus folder: copy the
# interesting finds (crash-* under $OUT/NAME/artifacts, and minimised new
# inputs) into fuzzers/corpus/NAME by hand, with a name that says what they
# are. Exit 1 if any harness found a crash, a leak or a timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-120}
shift || true
OUT=${OUT:-/tmp/dd-fuzz}
B=build-fuzz
command -v clang >/dev/null || { echo "run.sh: clang missing (apt-get install clang)" >&2; exit 1; }
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in fuzzers/fuzz_*.c; do n=${f#fuzzers/fuzz_}; names+=("${n%.c}"); done
fi
CC=clang cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDD_LIBFUZZER=ON -DDD_SANITIZE=ON >/dev/null
cmake --build "$B" -j2 --target "${names[@]/#/fuzz_}" >/dev/null

one() {
	local n=$1 d=$OUT/$1
	rm -rf "$d" && mkdir -p "$d/corpus" "$d/artifacts"
	cp fuzzers/corpus/"$n"/* "$d/corpus/" 2>/dev/null || true
	if ASAN_OPTIONS=detect_leaks=1 "$B/fuzz_$n" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 \
		-artifact_prefix="$d/artifacts/" "$d/corpus" >"$d/log" 2>&1; then
		echo "ok    $n: $(grep -E '^#[0-9]+.*DONE' "$d/log" | tail -1 | cut -c1-100)"
	else
		echo "FOUND $n: $(grep -m1 -E 'ERROR|SUMMARY' "$d/log" | cut -c1-160); see $d/log and $d/artifacts"
		return 1
	fi
}

fails=0 pids=()
for n in "${names[@]}"; do
	one "$n" &
	pids+=($!)
	if [ ${#pids[@]} -eq 2 ]; then
		for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
		pids=()
	fi
done
for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
[ "$fails" -eq 0 ]
