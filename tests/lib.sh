# Shared helpers for the shell tests: counts checks and prints "N passed, N failed".
# Usage: source tests/lib.sh "$@"  (args: VMQSIM SOURCE_DIR)
VMQSIM=${1:?path to vmqsim}
SRC=$(cd "${2:?source dir}" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
# expect_eq NAME ACTUAL EXPECTED
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got '$2', expected '$3'"; fi; }
# one_line_exit2 NAME CMD...: exits 2 with one "vmqsim: " line on stderr
one_line_exit2() {
  local name=$1
  shift
  "$@" >/dev/null 2>"$TMP/err"
  local rc=$?
  [ "$rc" = 2 ] && [ "$(wc -l <"$TMP/err")" = 1 ] && grep -q '^vmqsim: ' "$TMP/err" &&
    ok "$name" || not_ok "$name: exit $rc, stderr: $(cat "$TMP/err")"
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
