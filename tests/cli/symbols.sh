#!/bin/bash
# symbols.sh: the one internal-symbol rule (issue #9.5). Every symbol that
# libdrawdown defines is dd_<module>_... (public: declared in include/, and
# exported) or dd__<module>_... (internal: hidden, built with
# -fvisibility=hidden); nothing else, nothing internal exported, nothing
# public left hidden. Toolchain symbols (__asan_*, ...) are not ours.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
lib=$(dirname "$dd")/libdrawdown.a
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
[ -f "$lib" ] || fail "no $lib"
command -v readelf >/dev/null || { echo "SKIP: readelf not installed"; exit 0; }
readelf -sW "$lib" | awk '$5 == "GLOBAL" && $7 != "UND" { print $6, $8 }' | sort -u >"$tmp/syms"
[ -s "$tmp/syms" ] || fail "no symbols read from $lib"
cat "$root"/include/drawdown.h "$root"/include/drawdown/*.h >"$tmp/api.h"
bad=0
while read -r vis name; do
	case $name in __*|.*) continue ;; esac
	case $name in
	dd__*) [ "$vis" = HIDDEN ] || { echo "internal $name is exported ($vis)"; bad=1; } ;;
	dd_*)
		grep -qw -- "$name" "$tmp/api.h" || { echo "$name is not declared in include/: name it dd__..."; bad=1; }
		[ "$vis" = DEFAULT ] || { echo "public $name is not exported ($vis)"; bad=1; } ;;
	*) echo "$name has neither prefix (dd_ public, dd__ internal)"; bad=1 ;;
	esac
done <"$tmp/syms"
[ $bad = 0 ] || fail "symbol rule broken (see above)"
echo "PASS: $(grep -c ' dd__' "$tmp/syms") internal (hidden), $(grep -vc ' dd__\| __' "$tmp/syms") public (exported)"
