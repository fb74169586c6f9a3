#!/bin/bash
# install.sh: the tool installs like a Unix program (issue #14.5). Installs
# the build that $1 lives in to a temporary prefix (cmake --install
# --prefix), checks every file is where GNUInstallDirs puts it (the binary,
# libdrawdown.a, libdrawdown.so with its SONAME and links, the headers,
# drawdown.pc, and the man page and completions when the build makes
# them), that the shared library exports the API only, that drawdown.pc
# names every library libdrawdown.so needs, then builds tests/install/prog.c
# with `pkg-config --cflags --libs drawdown` (shared) and `--static` (against
# libdrawdown.a) and compares what both print with figures worked out by
# hand. A sanitizer build's objects need the sanitizer runtimes: the program
# is built with the same -fsanitize flags as the build was.
set -u
. "$(dirname "$0")/lib/common.sh" "$1"
root=$(cd "${DD_SOURCE_DIR:-.}" && pwd)
build=$(dirname "$dd")
cache=$build/CMakeCache.txt
[ -f "$cache" ] || fail "no $cache: $dd is not in a CMake build directory"
command -v pkg-config >/dev/null || fail "pkg-config not installed (scripts/install-deps.sh installs it)"
command -v readelf >/dev/null && command -v nm >/dev/null || fail "readelf/nm not installed (binutils)"
cached() { sed -n "s/^$1:[A-Z]*=//p" "$cache" | head -1; }

# The version, read from CMakeLists.txt's project() line.
version=$(sed -n 's/^project(drawdown VERSION \([0-9][0-9.]*\) .*/\1/p' "$root/CMakeLists.txt")
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "no project(drawdown VERSION X.Y.Z ...) in CMakeLists.txt"
major=${version%%.*}

# Where GNUInstallDirs puts things, relative to the prefix (as configured).
dir() { # NAME DEFAULT
	local v; v=$(cached "CMAKE_INSTALL_$1"); echo "${v:-$2}"
}
bindir=$(dir BINDIR bin); libdir=$(dir LIBDIR lib); incdir=$(dir INCLUDEDIR include)
dataroot=$(dir DATAROOTDIR share); datadir=$(dir DATADIR "$dataroot"); mandir=$(dir MANDIR "$dataroot/man")
for d in "$bindir" "$libdir" "$incdir" "$datadir" "$mandir"; do
	case $d in /*) echo "SKIP: the build installs to the absolute $d: a test prefix would not hold it"; exit 0 ;; esac
done

P=$tmp/prefix
cmake --install "$build" --prefix "$P" >"$tmp/install.log" 2>&1 || fail "cmake --install: $(tail -5 "$tmp/install.log")"
L=$P/$libdir

# The files.
[ -x "$P/$bindir/drawdown" ] || fail "no $bindir/drawdown"
[ "$("$P/$bindir/drawdown" --version)" = "drawdown $version" ] || fail "installed drawdown --version: $("$P/$bindir/drawdown" --version)"
[ -f "$L/libdrawdown.a" ] || fail "no $libdir/libdrawdown.a"
[ -f "$L/libdrawdown.so.$version" ] && [ ! -L "$L/libdrawdown.so.$version" ] || fail "no $libdir/libdrawdown.so.$version"
[ "$(readlink "$L/libdrawdown.so.$major")" = "libdrawdown.so.$version" ] || fail "libdrawdown.so.$major is not a link to libdrawdown.so.$version"
[ "$(readlink "$L/libdrawdown.so")" = "libdrawdown.so.$major" ] || fail "libdrawdown.so is not a link to libdrawdown.so.$major"
soname=$(readelf -dW "$L/libdrawdown.so.$version" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = "libdrawdown.so.$major" ] || fail "SONAME is \"$soname\", expected libdrawdown.so.$major"
for h in "$root"/include/drawdown.h "$root"/include/drawdown/*.h; do
	rel=${h#"$root"/include/}
	cmp -s "$h" "$P/$incdir/$rel" || fail "$incdir/$rel not installed (or differs)"
done
[ -f "$L/pkgconfig/drawdown.pc" ] || fail "no $libdir/pkgconfig/drawdown.pc"
# The man page and the completions, when this build generates them
# (targets dd_man and dd_completions): what the build made, installed.
targets=$(cmake --build "$build" --target help 2>/dev/null)
installed() { # BUILT INSTALLED
	[ -f "$1" ] || fail "the build has no $1"
	cmp -s "$1" "$2" || fail "${2#"$P"/} not installed (or differs from $1)"
}
man=0 completions=0
if grep -qw dd_man <<<"$targets"; then
	man=1
	installed "$build/man/drawdown.1" "$P/$mandir/man1/drawdown.1"
	extras="man page"
fi
if grep -qw dd_completions <<<"$targets"; then
	completions=1
	installed "$build/completions/drawdown.bash" "$P/$datadir/bash-completion/completions/drawdown"
	installed "$build/completions/_drawdown" "$P/$datadir/zsh/site-functions/_drawdown"
	extras="${extras:+$extras, }completions"
fi
# Nothing else: no test, bench or fuzz program, no stray file.
{
	printf '%s\n' "$bindir/drawdown" "$libdir/libdrawdown.a" "$libdir/libdrawdown.so" "$libdir/libdrawdown.so.$major" \
		"$libdir/libdrawdown.so.$version" "$libdir/pkgconfig/drawdown.pc"
	for h in "$root"/include/drawdown.h "$root"/include/drawdown/*.h; do echo "$incdir/${h#"$root"/include/}"; done
	[ $man = 1 ] && echo "$mandir/man1/drawdown.1"
	[ $completions = 1 ] && printf '%s\n' "$datadir/bash-completion/completions/drawdown" "$datadir/zsh/site-functions/_drawdown"
} | sort >"$tmp/want-files"
(cd "$P" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort) >"$tmp/got-files"
diff "$tmp/want-files" "$tmp/got-files" >"$tmp/files.diff" || fail "installed files differ from the list (< expected, > installed): $(cat "$tmp/files.diff")"

# The shared library exports the API and nothing else: every dynamic
# symbol is a dd_ name declared in the installed headers, and they are the
# static library's exported (default-visibility) symbols (symbols.sh's rule).
# Names starting with _ belong to the toolchain.
cat "$P/$incdir"/drawdown.h "$P/$incdir"/drawdown/*.h >"$tmp/api.h"
nm -D --defined-only "$L/libdrawdown.so.$version" | awk '{ print $NF }' | grep -v '^_' | sort -u >"$tmp/dynsyms"
[ -s "$tmp/dynsyms" ] || fail "libdrawdown.so exports nothing"
while read -r s; do
	case $s in
	dd__*) fail "libdrawdown.so exports the internal $s" ;;
	dd_*) grep -qw -- "$s" "$tmp/api.h" || fail "libdrawdown.so exports $s, not declared in the headers" ;;
	*) fail "libdrawdown.so exports $s, not a dd_ name" ;;
	esac
done <"$tmp/dynsyms"
readelf -sW "$L/libdrawdown.a" | awk '$5 == "GLOBAL" && $6 == "DEFAULT" && $7 != "UND" { print $8 }' | grep -v '^_' | sort -u >"$tmp/staticsyms"
diff "$tmp/staticsyms" "$tmp/dynsyms" >"$tmp/symdiff" || fail "libdrawdown.so and libdrawdown.a export different symbols: $(head -5 "$tmp/symdiff")"

# drawdown.pc.
export PKG_CONFIG_PATH=$L/pkgconfig
# pkg-config's output, its spaces normalised (it ends lines with one)
pc() { local o; o=$(pkg-config "$@") || return 1; echo $o; }
pkg-config --exists drawdown || fail "pkg-config does not read drawdown.pc: $(pkg-config --print-errors --exists drawdown 2>&1)"
[ "$(pc --modversion drawdown)" = "$version" ] || fail "drawdown.pc version $(pc --modversion drawdown), expected $version"
[ "$(pc --variable=prefix drawdown)" = "$P" ] || fail "drawdown.pc prefix $(pc --variable=prefix drawdown), expected the install prefix $P"
[ "$(pc --cflags drawdown)" = "-I$P/$incdir" ] || fail "pkg-config --cflags: $(pc --cflags drawdown)"
# Shared: the dependencies stay private.
[ "$(pc --libs drawdown)" = "-L$L -ldrawdown" ] || fail "pkg-config --libs: $(pc --libs drawdown)"
static_libs=$(pc --static --libs drawdown) || fail "pkg-config --static --libs drawdown failed"
# Every library libdrawdown.so was linked with (its NEEDED entries, less
# the C library's and the sanitizers'), found in the --static libs by the
# SONAME of what the linker takes for each -lNAME.
cc=$(cached CMAKE_C_COMPILER); cc=${cc:-cc}
for l in $static_libs; do
	case $l in -l*) ;; *) continue ;; esac
	f=$("$cc" -print-file-name="lib${l#-l}.so")
	[ -f "$f" ] && readelf -dW "$f" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p'
done | sort -u >"$tmp/provided"
readelf -dW "$L/libdrawdown.so.$version" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
	grep -Ev '^(libc|libm|libpthread|libdl|librt|ld-linux.*|libasan|libubsan|libgcc_s|libstdc\+\+)\.so' |
	sort -u >"$tmp/needed"
missing=$(comm -23 "$tmp/needed" "$tmp/provided")
[ -z "$missing" ] || fail "libdrawdown.so needs $(echo $missing), which drawdown.pc's Requires.private/Libs.private do not give"

# The program, shared then static. The compiler and the sanitizer flags the
# build used (DD_SANITIZE, DD_LIBFUZZER or -fsanitize in CMAKE_C_FLAGS).
san=()
[ "$(cached DD_SANITIZE)" = ON ] && san+=(-fsanitize=address,undefined)
[ "$(cached DD_LIBFUZZER)" = ON ] && san+=(-fsanitize=fuzzer-no-link)
for fl in $(cached CMAKE_C_FLAGS); do
	case $fl in -fsanitize*|-fno-sanitize*) san+=("$fl") ;; esac
done
prog=$root/tests/install/prog.c
want="version $version
money 0.3 0.30 1,234,567.90
date 2028-02-29 366
bill gross 100 credits 10 discount 4.5 tax 8.25 payable 93.75"
# By hand: 0.10 + 0.20 = 0.3; 1,234,567.895 to cents half-even (9 is odd)
# is .90; 2027-05-31 + 9 months is February 2028, a leap year: 29th;
# 2028 has 366 days. January 2026: 100.00 of EC2 less the 10.00 credit,
# 5 % of the 90.00 left is 4.50 discount, tax 8.25 on top: 93.75.
# shellcheck disable=SC2046
"$cc" -Wall -Wextra -Werror "${san[@]}" "$prog" -o "$tmp/prog_shared" $(pkg-config --cflags --libs drawdown) \
	2>"$tmp/cc.err" || fail "shared build of prog.c: $(head -20 "$tmp/cc.err")"
readelf -dW "$tmp/prog_shared" | grep -q "(NEEDED).*\[libdrawdown.so.$major\]" || fail "prog_shared does not need libdrawdown.so.$major"
got=$(LD_LIBRARY_PATH=$L "$tmp/prog_shared" "$tmp/shared.db" 2>"$tmp/run.err") || fail "prog_shared: $(head -20 "$tmp/run.err")"
[ "$got" = "$want" ] || fail "prog_shared printed:
$got
expected:
$want"
# Static: the same flags with libdrawdown.a in place of -ldrawdown (both
# are in the directory, and the linker would take the .so).
# shellcheck disable=SC2046
"$cc" -Wall -Wextra -Werror "${san[@]}" "$prog" -o "$tmp/prog_static" $(pc --cflags drawdown) \
	$(sed 's/\(^\| \)-ldrawdown\( \|$\)/\1-l:libdrawdown.a\2/' <<<"$static_libs") \
	2>"$tmp/cc.err" || fail "static build of prog.c: $(head -20 "$tmp/cc.err")"
! readelf -dW "$tmp/prog_static" | grep -q "(NEEDED).*libdrawdown" || fail "prog_static needs libdrawdown.so"
got=$("$tmp/prog_static" "$tmp/static.db" 2>"$tmp/run.err") || fail "prog_static: $(head -20 "$tmp/run.err")"
[ "$got" = "$want" ] || fail "prog_static printed:
$got
expected:
$want"
echo "PASS: installed $version to a prefix (binary, libdrawdown.a, libdrawdown.so.$major, headers, drawdown.pc${extras:+, $extras}; $(wc -l <"$tmp/dynsyms") symbols exported); prog.c built and run shared and static${san:+ with ${san[*]}}"
