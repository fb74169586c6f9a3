#!/usr/bin/env bash
# The whole test suite: installs missing Debian packages, then builds and
# runs every test twice, once normally and once with
# -fsanitize=address,undefined. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh || exit 1
# DuckDB for Node is the independent engine tests/cli/sql_duckdb.sh checks
# the warehouse SQL with (issue #3). It comes from the npm registry, pinned
# by bench/package-lock.json; without Node or the registry that one test
# says SKIP and everything else still runs.
if [ ! -d bench/node_modules/@duckdb/node-api ] && command -v npm >/dev/null; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
    echo "test: could not install DuckDB for Node; tests/cli/sql_duckdb.sh will SKIP" >&2
fi
jobs=$(nproc 2>/dev/null || echo 2)
pass=0; fail=0; skip=0
for kind in normal sanitize; do
  dir=build-test-$kind
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
  [ "$kind" = sanitize ] && flags+=(-DDD_SANITIZE=ON)
  echo "== $kind build =="
  if ! cmake -S . -B "$dir" "${flags[@]}" >/dev/null || ! cmake --build "$dir" -j"$jobs" >/dev/null; then
    echo "build ($kind) FAILED"; cmake --build "$dir" -j1 2>&1 | tail -40; fail=$((fail+1)); continue
  fi
  log=$dir/ctest.log
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$dir" -j"$jobs" --output-on-failure 2>&1 | tee "$log"
  p=$(grep -cE 'Test +#[0-9]+: .* Passed' "$log")
  s=$(grep -cE 'Test +#[0-9]+: .*\*\*\*Skipped' "$log")
  f=$(grep -E 'Test +#[0-9]+: .*(\*\*\*|Failed|Not Run)' "$log" | grep -cv '\*\*\*Skipped')
  pass=$((pass+p)); fail=$((fail+f)); skip=$((skip+s))
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
