#!/usr/bin/env bash
# forecast_setup.sh: what bench/forecast_accuracy.sh needs beyond the build:
# R and its forecast package (Hyndman's ets), from Debian only
# (r-base-core, r-cran-forecast). Installed only when missing; nothing is
# fetched from CRAN or anywhere else.
set -euo pipefail
missing=()
for p in r-base-core r-cran-forecast; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "forecast_setup: apt-get install ${missing[*]}" >&2
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
command -v python3 >/dev/null || { echo "forecast_setup: python3 is needed too" >&2; exit 1; }
Rscript -e 'suppressPackageStartupMessages(library(forecast)); cat("forecast_setup: R", paste(R.version$major, R.version$minor, sep = "."), "and forecast", as.character(packageVersion("forecast")), "ready\n")'
