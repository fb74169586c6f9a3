#!/usr/bin/env bash
# The main job on the bundled example: install missing Debian packages,
# build, import examples/charges.csv into a scratch store, and print the
# bill, the credit balances and the commitment for one month of the example
# (default 2026-12, the end of the first contract year; pass another).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
month=${1:-2026-12}
dd() {
  printf '\n$ drawdown %s\n' "$*"
  ./build/drawdown --book examples/drawdown.yaml --db "$tmp/example.db" "$@"
}
dd check
dd import examples/charges.csv
dd bill --month "$month"
dd balance --month "$month"
dd commitment --month "$month"
# The future, from the imported months: the default forecast (1,000 Monte
# Carlo paths through the engine, seed 1) and what to do about it, as of
# the last day of the month shown.
dd forecast --months 24
dd advise --as-of "$(date -u -d "$month-01 +1 month -1 day" +%F)"
# The same as one page to look at (or mail): charts and the tables behind
# them, the forecast's bands included; it needs no network to open.
dd report --html build/report.html --month "$month" --forecast --offers examples/offer-signed.yaml examples/offer-lower.yaml
