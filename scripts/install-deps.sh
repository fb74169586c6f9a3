#!/usr/bin/env bash
# Installs the Debian packages drawdown builds and tests with. Uses apt-get
# only for packages that are missing, so it is fast and offline on a machine
# that already has them. Nothing is downloaded from anywhere but Debian.
set -euo pipefail
# python3-sqlglot (10.6 in Debian 12): tests/cli/sql_dialects.sh parses sql/
# as Trino and Spark SQL with it. python3-icalendar: tests/cli/calendar.sh
# parses `drawdown calendar --ics` back with it. zsh: tests/cli/man_completion.sh
# checks the generated zsh completion parses. chromium, chromium-driver and
# python3-selenium: tests/cli/report_browser.sh renders the HTML report.
# python3-yaml: tests/cli/init.sh reads the book `drawdown init` writes with a
# YAML parser of its own.
# iso-codes: tests/focus_rules.py checks the FOCUS currency columns against
# its ISO 4217 list.
pkgs=(build-essential cmake pkg-config libsqlite3-dev libyaml-dev zlib1g-dev
      libisal-dev libsnappy-dev libzstd-dev libcmocka-dev libjansson-dev libzip-dev
      python3-sqlglot python3-icalendar sqlite3 zsh
      chromium chromium-driver python3-selenium python3-yaml iso-codes)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
