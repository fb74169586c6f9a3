#!/usr/bin/env bash
# The main job on the bundled example: install missing Debian packages,
# build, import examples/charges.csv into a scratch store, and print the
# bill, the credit balances and the commitment for the example's last month.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
db=$(mktemp -d)/example.db
dd() { ./build/drawdown --book examples/drawdown.yaml --db "$db" "$@"; }
month=${1:-2026-12}
dd check
dd import examples/charges.csv
dd bill --month "$month"
dd balance --month "$month"
dd commitment --month "$month"
