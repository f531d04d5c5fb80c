#!/usr/bin/env bash
# The capacity search end to end, on an M/D/1 queue whose answer is computable by hand
# (tests/data/sweeps/md1-capacity.sweep): the mean sojourn W = S (1 + rho / (2 (1 - rho))) meets
# an SLO W <= L up to rho* = 2 (L/S - 1) / (1 + 2 (L/S - 1)). With S = 1 us the largest rate is
# rho* x 1 Mpps. The search (grid 300/600/900 kpps, then bisection to 10 kpps) must land within
# 20 kpps of it, for L = 2.5 us and, restarted with another SLO, L = 2 us. Also: the report's
# files, a restart that reruns nothing, collect alone, bad input (~40 s).
source "$(dirname "$0")/lib.sh" "$@"

SWEEP=$SRC/tests/data/sweeps/md1-capacity.sweep
OUT=$TMP/md1

# rho* x 1000 kpps for the limit L us (S = 1 us)
expected_kpps() { awk -v l="$1" 'BEGIN { a = 2 * (l - 1); printf "%.1f", 1000 * a / (1 + a) }'; }
# check_answer NAME LIMIT_US: capacity.csv within 20 kpps of the exact answer, bracket 10 kpps
check_answer() {
  local row cap fail want
  row=$(sed -n 2p "$OUT/capacity.csv")
  cap=$(echo "$row" | cut -d, -f3)
  fail=$(echo "$row" | cut -d, -f4)
  want=$(expected_kpps "$2")
  awk -v c="$cap" -v w="$want" 'BEGIN { exit !(c != "" && c - w <= 20 && w - c <= 20) }' &&
    ok "$1: capacity $cap kpps, exact $want kpps" || not_ok "$1: capacity '$cap', exact $want"
  awk -v c="$cap" -v f="$fail" 'BEGIN { exit !(f - c > 0 && f - c <= 10.000001) }' &&
    ok "$1: bracket $cap..$fail within the resolution" || not_ok "$1: bracket '$cap'..'$fail'"
}

"$VMQSIM" sweep "$SWEEP" --jobs 2 --out "$OUT" >"$TMP/out" 2>"$TMP/err"
expect_eq "capacity sweep exits 0" "$?" 0
check_answer "W <= 2.5 us" 2.5
grep -q '^Largest flow.in.rate meeting mean latency <= 2.5 µs: [0-9.]*kpps ([0-9.]*kpps fails: worst VM mean latency [0-9.]* µs)\.$' "$TMP/out" &&
  ok "the answer in one sentence" || not_ok "sentence: $(cat "$TMP/out")"
rounds=$(grep -c '^sweep: capacity search, round' "$TMP/err")
[ "$rounds" -ge 3 ] && [ "$rounds" -le 6 ] && ok "bisection: $rounds rounds" ||
  not_ok "bisection took $rounds rounds; expected log2(300 / 10) ~ 5"
expect_eq "probe runs on disk: 2 replications per round" \
  "$(find "$OUT/probes" -name summary.json | wc -l)" "$((2 * rounds))"

# ---- the report ------------------------------------------------------------------------------
for f in capacity.csv capacity.dat report.html capacity-throughput.png capacity-processor.png \
  capacity-p99.png capacity-mean-latency.png; do
  [ -s "$OUT/$f" ] && ok "$f written" || not_ok "$f missing"
done
[ ! -e "$OUT/points.png" ] && ok "a capacity study gets its own charts, not points.png" ||
  not_ok "points.png drawn for a capacity study"
[ ! -e "$OUT/capacity-drops.png" ] && ok "no drops chart without a drop limit" ||
  not_ok "capacity-drops.png drawn without a drop limit"
sentence=$(grep '^Largest' "$TMP/out" | sed 's/</\&lt;/g; s/>/\&gt;/g')
grep -qF "$sentence" "$OUT/report.html" && ok "report.html states the answer" ||
  not_ok "report.html lacks '$sentence'"
expect_eq "report.html embeds the 4 charts" "$(grep -o 'src="data:image/png;base64,' "$OUT/report.html" | wc -l)" 4
grep -qE '(src|href)="(https?:|file:|/)' "$OUT/report.html" && not_ok "report.html links outside" ||
  ok "report.html is self-contained"
expect_eq "capacity.dat: grid + probe points" "$(grep -cv '^#\|^$' "$OUT/capacity.dat")" $((3 + rounds))

# ---- restart, collect ------------------------------------------------------------------------
cp "$OUT/capacity.csv" "$TMP/first.csv"
"$VMQSIM" sweep "$SWEEP" --jobs 2 --out "$OUT" >/dev/null 2>"$TMP/err"
expect_eq "restart exits 0" "$?" 0
expect_eq "restart runs nothing" "$(grep -c 'runs [0-9]\|round' "$TMP/err")" 0
cmp -s "$TMP/first.csv" "$OUT/capacity.csv" && ok "restart: the same answer" ||
  not_ok "restart changed capacity.csv"
rm "$OUT/capacity.csv" "$OUT/report.html"
"$VMQSIM" collect "$OUT" >/dev/null 2>&1
cmp -s "$TMP/first.csv" "$OUT/capacity.csv" && [ -s "$OUT/report.html" ] &&
  ok "collect alone rewrites the same answer and report" || not_ok "collect alone differs"

# What the charts are given (dump_templates), in a copy under another name: the title names
# the study (the sweep file), not the directory; the x axis is in words; capacity, knee and the
# SLO limit are marked.
cp -r "$OUT" "$TMP/j1"
dump_templates "$TMP/dump"
VMQSIM_TEMPLATES=$TMP/dump "$VMQSIM" collect "$TMP/j1" >/dev/null 2>&1
V=$TMP/j1/capacity-mean-latency.png.vars
expect_eq "study charts: titled with the study's name" "$(gp_var "$V" title)" \
  '"md1-capacity: worst VM mean latency"'
grep -q '<title>md1-capacity - ' "$TMP/j1/report.html" && ok "report.html: the study's name" ||
  not_ok "report.html title: $(grep -o '<title>[^<]*' "$TMP/j1/report.html")"
expect_eq "study charts: the x axis in words" "$(gp_var "$V" xlabel)" \
  '"rate of flow in (flow.in.rate, kpps)"'
expect_eq "study charts: the capacity marked" "$(gp_var "$V" cap)" \
  "[$(sed -n 2p "$OUT/capacity.csv" | cut -d, -f3)]"
expect_eq "study charts: the SLO limit (µs) on a log axis" \
  "$(gp_var "$V" limit) $(gp_var "$V" logy) $(gp_var "$V" zeros)" "2.5 1 0"

# Another SLO in the same directory: the runs and probes so far are kept, the search goes on.
sed 's/^mean_latency = 2.5us/mean_latency = 2us/; s|^scenario = ../md1.ini|scenario = '"$SRC"'/tests/data/md1.ini|' \
  "$SWEEP" >"$TMP/slo2.sweep"
"$VMQSIM" sweep "$TMP/slo2.sweep" --jobs 2 --out "$OUT" >"$TMP/out" 2>"$TMP/err"
expect_eq "another SLO, same directory: exits 0" "$?" 0
expect_eq "another SLO: the grid is not rerun" "$(grep -c 'sweep: runs' "$TMP/err")" 0
check_answer "W <= 2 us" 2

# ---- bad input -------------------------------------------------------------------------------
printf '[sweep]\nscenario = %s\n[vary]\nflow.in.rate = 1kpps, 2kpps\n[capacity]\nsearch = flow.in.rate\n' \
  "$SRC/tests/data/md1.ini" >"$TMP/nolimit.sweep"
one_line_exit2 "a [capacity] without a limit exits 2" "$VMQSIM" sweep "$TMP/nolimit.sweep" --out "$TMP/x"
grep -q 'nolimit.sweep:5: \[capacity\] sets no limit' "$TMP/err" && ok "  ... naming file:line" ||
  not_ok "  ... message: $(cat "$TMP/err")"
[ ! -e "$TMP/x" ] && ok "  ... and writes nothing" || not_ok "  ... but wrote $TMP/x"
finish
