#!/usr/bin/env bash
# setup.sh: what the benchmark and tests/cli/sql_duckdb.sh need beyond the
# build: DuckDB for Node (the version pinned in package.json and
# package-lock.json, into bench/node_modules), hyperfine, GNU time (peak
# RSS) and linux-perf (profiles) from Debian. Only missing pieces are
# installed; nothing else is downloaded.
set -euo pipefail
cd "$(dirname "$0")"
missing=()
for p in hyperfine time linux-perf; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup: apt-get install ${missing[*]}" >&2
	apt-get update -qq
	apt-get install -y -qq "${missing[@]}" || echo "setup: could not install ${missing[*]} (the benchmark falls back)" >&2
fi
if [ ! -d node_modules/@duckdb/node-api ]; then
	npm ci --no-audit --no-fund
fi
node -e "import('@duckdb/node-api').then(() => console.log('setup: DuckDB for Node ready'))"
