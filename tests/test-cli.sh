#!/usr/bin/env bash
# Command-line behaviour: help, version, and bad input -> one FILE:LINE: line, exit 2, no results.
source "$(dirname "$0")/lib.sh" "$@"
S=$SRC/tests/data/scenarios

"$VMQSIM" --help >"$TMP/out" 2>&1
expect_eq "--help exits 0" "$?" 0
grep -q '^Usage: vmqsim COMMAND' "$TMP/out" && ok "--help shows usage" || not_ok "--help shows usage"
grep -q -- '--set G.K=V' "$TMP/out" && ok "--help documents --set" || not_ok "--help documents --set"
"$VMQSIM" run --help >/dev/null 2>&1
expect_eq "run --help exits 0" "$?" 0
out=$("$VMQSIM" --version)
expect_eq "--version" "$?" 0
# The version with the commit it was built from, then the libraries it runs on.
first=$(head -1 <<<"$out")
[[ $first =~ ^vmqsim\ [0-9]+\.[0-9]+\.[0-9]+\ \(commit\ ([0-9a-f]{12}(-dirty)?|unknown)\)$ ]] &&
  ok "version format" || not_ok "version format: $first"
if git -C "$SRC" rev-parse --short=12 HEAD >/dev/null 2>&1; then
  [[ $first == *"$(git -C "$SRC" rev-parse --short=12 HEAD)"* ]] && ok "--version names HEAD" ||
    not_ok "--version does not name HEAD $(git -C "$SRC" rev-parse --short=12 HEAD): $first"
fi
[[ $(sed -n 2p <<<"$out") =~ ^SimGrid\ 3\.[0-9.]+,\ GLib\ 2\.[0-9.]+,\ json-glib\ [0-9.]+$ ]] &&
  ok "--version lists the libraries" || not_ok "library versions: $out"

"$VMQSIM" >/dev/null 2>&1
expect_eq "no command exits 2" "$?" 2
"$VMQSIM" frobnicate 2>"$TMP/err"
expect_eq "unknown command exits 2" "$?" 2
expect_eq "unknown command: one line" "$(wc -l <"$TMP/err")" 1

"$VMQSIM" check "$SRC/tests/data/default.ini" >/dev/null
expect_eq "default scenario is valid" "$?" 0

# --no-charts: the data files, no chart and no word about gnuplot.
"$VMQSIM" run "$SRC/tests/data/golden.ini" --quiet --no-charts --out "$TMP/nocharts" \
  --set simulation.duration=5ms --set simulation.sample_interval=1ms >/dev/null 2>"$TMP/err"
expect_eq "--no-charts run exits 0" "$?" 0
expect_eq "--no-charts: no PNG" "$(ls "$TMP/nocharts" | grep -c '\.png$')" 0
[ -s "$TMP/nocharts/summary.json" ] && ok "--no-charts: summary.json written" ||
  not_ok "--no-charts: no summary.json"
grep -q gnuplot "$TMP/err" && not_ok "--no-charts mentions gnuplot: $(cat "$TMP/err")" ||
  ok "--no-charts: no gnuplot warning"
"$VMQSIM" run "$SRC/tests/data/golden.ini" --quiet --out "$TMP/charts" \
  --set simulation.duration=5ms --set simulation.sample_interval=1ms >/dev/null 2>&1
if command -v gnuplot >/dev/null; then
  [ "$(ls "$TMP/charts" | grep -c '\.png$')" -gt 0 ] && ok "without --no-charts the run draws charts" ||
    not_ok "without --no-charts: no chart drawn"
fi

# bad_input NAME EXPECTED_PREFIX_REGEX ARGS...: check and run both exit 2 with one line
# matching the regex, and run leaves no results directory behind.
bad_input() {
  local name=$1 re=$2
  shift 2
  "$VMQSIM" check "$@" >"$TMP/out" 2>"$TMP/err"
  expect_eq "$name: check exits 2" "$?" 2
  expect_eq "$name: one error line" "$(wc -l <"$TMP/err")" 1
  grep -Eq "$re" "$TMP/err" && ok "$name: message" || not_ok "$name: message was: $(cat "$TMP/err")"
  "$VMQSIM" run "$@" --out "$TMP/res-$name" >/dev/null 2>"$TMP/err"
  expect_eq "$name: run exits 2" "$?" 2
  [ ! -e "$TMP/res-$name" ] && ok "$name: no results written" || not_ok "$name: results written"
  [ -z "$(ls "$TMP" | grep "^res-$name.tmp")" ] && ok "$name: no temp dir" || not_ok "$name: temp dir left"
}
bad_input typo-key "^vmqsim: $S/typo-key.ini:6: \[nic\] wire_rte: unknown key; did you mean wire_rate\?" "$S/typo-key.ini"
bad_input negative-rate "^vmqsim: $S/negative-rate.ini:14: \[flow .*\] rate: .*negative" \
  "$S/negative-rate.ini"
bad_input missing-section "^vmqsim: $S/missing-host.ini:1: missing section \[host\]" \
  "$S/missing-host.ini"
bad_input bad-set "^vmqsim: --set nic.ring_size=-4: " "$SRC/tests/data/default.ini" \
  --set nic.ring_size=-4
bad_input no-such-file "^vmqsim: .*nonexistent.ini" "$TMP/nonexistent.ini"
bad_input bad-seed "^vmqsim: (run|check): --seed x: expected a non-negative integer" \
  "$SRC/tests/data/default.ini" --seed x
bad_input unknown-option "^vmqsim: (run|check): unknown option '--frobnicate'" "$SRC/tests/data/default.ini" \
  --frobnicate

# Ctrl-C in the middle of a run: exit 130, one message, no results and no temporary directory.
# The signal goes once the run has printed its first progress line (2 s into the simulation),
# so its handler is surely installed, however loaded the machine (a fixed sleep was not enough).
"$VMQSIM" run "$SRC/tests/data/default.ini" --out "$TMP/interrupted" \
  --set simulation.duration=1000s --set simulation.sample_interval=1s >/dev/null 2>"$TMP/err" &
pid=$!
for _ in $(seq 300); do
  grep -q '^progress:' "$TMP/err" && break
  sleep 0.1
done
kill -INT "$pid"
wait "$pid"
expect_eq "Ctrl-C exits 130" "$?" 130
grep -q "interrupted; no results written" "$TMP/err" && ok "Ctrl-C message" ||
  not_ok "Ctrl-C message: $(cat "$TMP/err")"
[ -z "$(ls "$TMP" | grep '^interrupted')" ] && ok "Ctrl-C leaves nothing" ||
  not_ok "Ctrl-C left: $(ls "$TMP" | grep '^interrupted')"

# The wrong file for the command: the error says which command takes it.
"$VMQSIM" run "$SRC/tests/data/sweeps/runner.sweep" >/dev/null 2>"$TMP/err"
expect_eq "run on a sweep file exits 2" "$?" 2
grep -q 'is a section of a sweep file, not of a scenario; run a sweep file with vmqsim sweep FILE' \
  "$TMP/err" && ok "run on a sweep file says to use sweep" || not_ok "stderr: $(cat "$TMP/err")"
"$VMQSIM" sweep "$SRC/tests/data/default.ini" >/dev/null 2>"$TMP/err"
expect_eq "sweep on a scenario exits 2" "$?" 2
grep -q 'is a section of a scenario, not of a sweep file; run a scenario with vmqsim run FILE' \
  "$TMP/err" && ok "sweep on a scenario says to use run" || not_ok "stderr: $(cat "$TMP/err")"

finish
