# common.sh: the start every CLI test shares, sourced as
#   . "$(dirname "$0")/lib/common.sh" "$1"
# $dd: the drawdown binary given as $1, as an absolute path; $tmp: a scratch
# folder removed on exit (a script that traps EXIT itself removes it too);
# no book or store taken from the environment; fail MESSAGE; py FILE CODE
# runs Python assertions on a JSON file, bound to r; expect STATUS CMD...
# runs CMD (stdout to $tmp/out, stderr to $tmp/err) and fails unless it
# exits STATUS.
dd=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset DRAWDOWN_BOOK DRAWDOWN_DB
fail() { echo "FAIL: $*"; exit 1; }
py() { python3 -c "import json,sys
r = json.load(open(sys.argv[1]))
$2" "$1" || fail "assertion on $1"; }
expect() {
	local want=$1; shift
	"$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	[ "$got" -eq "$want" ] || fail "exit $got, expected $want: $* ($(head -c 400 "$tmp/err"))"
}
