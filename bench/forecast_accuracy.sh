#!/usr/bin/env bash
# forecast_accuracy.sh: the accuracy of `drawdown forecast --backtest`
# against R's forecast::ets (Hyndman) on the same held-out months.
#
#   bench/forecast_setup.sh            # once: r-base-core, r-cran-forecast (Debian)
#   bench/forecast_accuracy.sh [--method M] [--holdout K]... [--series-seed N]
#                                      # default: K = 12 and 6, N = 20261201
#
# bench/forecast_accuracy.R generates the series (set.seed(N); 100 random walks,
# 50 walks with a step up, 8 real seasonal series from R's datasets and the
# forecast package; see its header) and fits ets on each. Each series is then
# written as an aggregated charges CSV (one account, AmazonEC2 Usage, cents),
# imported into a scratch store under a minimal book, and backtested with
# `drawdown forecast --backtest K --json` (defaults but --method); the table
# compares, per group and overall, the MAPE of drawdown's P50 with ets's
# point forecast and the coverage of drawdown's P10-P90 with ets's 80 %
# interval, after checking both hold out the same months with the same
# actuals. Exit 1 if, for some K, drawdown's overall MAPE is worse than
# ets's or its coverage is outside [70 %, 90 %] (each printed as FAIL).
# --series-seed draws other walks (and other money levels for the real
# series): a check that what passes on the default seed was not tuned to it.
#
# Kept in bench/out/forecast/: series.csv, ets.csv, versions.txt (refitted
# only when forecast_accuracy.R, the holdouts or the seed change),
# drawdown/SERIES-K.json and per_series.csv (one row per series and K).
# DRAWDOWN=path picks the binary (default build/drawdown; not built here).
set -euo pipefail
cd "$(dirname "$0")/.."
DD=${DRAWDOWN:-build/drawdown}
OUT=bench/out/forecast
METHOD=
SEED=20261201
KS=()

die() { echo "forecast_accuracy.sh: $*" >&2; exit 2; }
usage() { sed -n '5,7p' "$0" | sed 's/^# *//' >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	--method) [ $# -ge 2 ] || usage; METHOD=$2; shift 2 ;;
	--method=*) METHOD=${1#*=}; shift ;;
	--series-seed) [ $# -ge 2 ] || usage; SEED=$2; shift 2 ;;
	--series-seed=*) SEED=${1#*=}; shift ;;
	--holdout) [ $# -ge 2 ] || usage; KS+=("$2"); shift 2 ;;
	--holdout=*) KS+=("${1#*=}"); shift ;;
	-h | --help) usage ;;
	*) echo "forecast_accuracy.sh: unknown argument $1" >&2; usage ;;
	esac
done
[ ${#KS[@]} -gt 0 ] || KS=(12 6)
[[ $SEED =~ ^[0-9]{1,9}$ ]] || die "--series-seed $SEED: not a number below 10^9"
for k in "${KS[@]}"; do [[ $k =~ ^[1-9][0-9]*$ ]] || die "--holdout $k: not a positive number of months"; done

[ -x "$DD" ] || die "$DD missing: build first (cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build build)"
command -v Rscript >/dev/null || die "R missing: run bench/forecast_setup.sh first"
Rscript -e 'quit(status = !requireNamespace("forecast", quietly = TRUE))' >/dev/null 2>&1 ||
	die "R's forecast package missing: run bench/forecast_setup.sh first"
command -v python3 >/dev/null || die "python3 missing"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
rm -rf "$OUT/drawdown"
mkdir -p "$OUT/drawdown"

ks_csv=$(IFS=,; echo "${KS[*]}")
# ets is refitted only when the R script, the holdouts or the seed change (deterministic).
stamp="$(sha256sum <bench/forecast_accuracy.R | cut -c1-16) $ks_csv $SEED"
if [ ! -s "$OUT/ets.csv" ] || [ "$(cat "$OUT/ets.stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -f "$OUT/ets.stamp"
	Rscript bench/forecast_accuracy.R "$OUT" "$ks_csv" "$SEED" >"$TMP/r.log" 2>&1 ||
		{ cat "$TMP/r.log" >&2; die "forecast_accuracy.R failed"; }
	echo "$stamp" >"$OUT/ets.stamp"
fi

# One aggregated CSV per series, and a minimal book (no credits, no agreement).
PAYER=111111111111
awk -F, -v dir="$TMP" -v payer="$PAYER" '
	NR == 1 { next }
	!($1 in seen) { seen[$1] = 1; print $1 > (dir "/list")
		print "billing_period,payer_account,usage_account,service,charge_type,billing_entity,amount" > (dir "/" $1 ".csv") }
	{ print $3 "," payer "," payer ",AmazonEC2,Usage,AWS," $4 > (dir "/" $1 ".csv") }
' "$OUT/series.csv"
printf 'currency: USD\norganization:\n  payer: "%s"\n' "$PAYER" >"$TMP/book.yaml"
"$DD" --book "$TMP/book.yaml" check >/dev/null 2>"$TMP/err" || { cat "$TMP/err" >&2; die "the book is refused"; }

args=()
[ -z "$METHOD" ] || args+=(--method "$METHOD")
n=0
while read -r s; do
	db="$TMP/$s.db"
	"$DD" --book "$TMP/book.yaml" --db "$db" import "$TMP/$s.csv" >/dev/null 2>"$TMP/err" ||
		{ cat "$TMP/err" >&2; die "$s: import failed"; }
	[[ $SEED =~ ^[0-9]{1,9}$ ]] || die "--series-seed $SEED: not a number below 10^9"
for k in "${KS[@]}"; do
		cmd=("$DD" --book "$TMP/book.yaml" --db "$db" forecast --backtest "$k" ${args[@]+"${args[@]}"} --json)
		if ! "${cmd[@]}" >"$OUT/drawdown/$s-$k.json" 2>"$TMP/err"; then
			cat "$TMP/err" >&2
			die "$s: failed: ${cmd[*]}"
		fi
	done
	n=$((n + 1))
done <"$TMP/list"

echo "$n series (series seed $SEED); $(cat "$OUT/versions.txt"); $("$DD" --version 2>/dev/null | head -1)"
echo
python3 bench/forecast_accuracy.py "$OUT/ets.csv" "$OUT/drawdown" "$OUT/per_series.csv" "${KS[@]}"
