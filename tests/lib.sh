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
# dump_templates DIR: chart templates that draw a blank chart and save their parameters (every
# gnuplot variable, `save var`) to OUTFILE.vars, with the real results/style.gp; for
# VMQSIM_TEMPLATES=DIR, to check what vmqsim gives each chart.
dump_templates() {
  mkdir -p "$1" && cp "$SRC/results/style.gp" "$1/" || return 1
  local t
  for t in throughput cpu latency reorder study; do
    printf 'save var outfile . ".vars"\neval png_terminal(100, 100)\nset output outfile\nplot x\n' \
      >"$1/$t.gp"
  done
}
# gp_var FILE NAME: NAME's value in a `save var` file: 57, "many-vms", ["hot","t-2"] (an array)
gp_var() { sed -n "s/^\(array \)\{0,1\}$2\(\[[0-9]*\]\)\{0,1\} = //p" "$1"; }
