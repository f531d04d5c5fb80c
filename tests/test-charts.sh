#!/usr/bin/env bash
# The run charts (sim/output/report-charts.c, results/*.gp): the real templates draw a 64-VM,
# 128-processor run without error; templates that only record their parameters
# (dump_templates) show what each chart is given: the VMs and curves it names, the rows, the
# warm-up, the updates; reorder.png only with live updates; and the time-series templates, run
# by hand on a small file, leave the last row out (~15 s).
source "$(dirname "$0")/lib.sh" "$@"
if ! command -v gnuplot >/dev/null; then
  echo "gnuplot not installed: skipped"
  exit 77
fi

# png_size FILE: "WIDTHxHEIGHT" from the PNG's header, or nothing when FILE is not a PNG.
png_size() {
  [ "$(head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || return
  od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%dx%d", $3 * 256 + $4, $7 * 256 + $8 }'
}
# csv_col FILE NAME: the 1-based column of NAME in FILE's header
csv_col() { head -1 "$1" | tr , '\n' | grep -nx "$2" | cut -d: -f1; }

# ---- 64 VMs, 128 processors: the real templates ---------------------------------------------
MANY=$SRC/tests/data/many-vms.ini
"$VMQSIM" run "$MANY" --quiet --out "$TMP/many" >/dev/null 2>"$TMP/err"
expect_eq "64 VMs: the run with charts exits 0" "$?" 0
for f in throughput cpu latency; do
  expect_eq "64 VMs: $f.png is a 1000x600 PNG" "$(png_size "$TMP/many/$f.png")" 1000x600
done
[ ! -e "$TMP/many/reorder.png" ] && ok "no reorder.png without live updates" ||
  not_ok "reorder.png drawn without live updates"

# ---- what each chart is given ----------------------------------------------------------------
dump_templates "$TMP/dump"
VMQSIM_TEMPLATES=$TMP/dump "$VMQSIM" run "$MANY" --quiet --out "$TMP/mdump" >/dev/null 2>&1
expect_eq "64 VMs through the recording templates: exits 0" "$?" 0
V=$TMP/mdump/throughput.png.vars
TS=$TMP/mdump/timeseries.csv
expect_eq "throughput: the starved VM first, 6 more by name" \
  "$(gp_var "$V" vm | cut -d, -f1) $(gp_var "$V" vm | tr , '\n' | wc -l)" '["hot" 7'
expect_eq "throughput: 57 VMs as others" "$(gp_var "$V" nothers)" 57
expect_eq "throughput: hot's delivered column" "$(gp_var "$V" col | cut -d, -f1)" \
  "[$(csv_col "$TS" vm.hot.rx_gbps)"
expect_eq "throughput: hot's offered column" "$(gp_var "$V" ocol | cut -d, -f1)" \
  "[$(csv_col "$TS" vm.hot.offered_gbps)"
expect_eq "throughput: every data row given (the template leaves out the last)" \
  "$(gp_var "$V" nrows)" "$(($(wc -l <"$TS") - 1))"
expect_eq "throughput: the warm-up, ms" "$(gp_var "$V" warmup_ms)" 2
V=$TMP/mdump/latency.png.vars
expect_eq "latency: the worst p99 first, 15 curves by name" \
  "$(gp_var "$V" ent | cut -d, -f1) $(gp_var "$V" ent | tr , '\n' | wc -l)" '["hot" 15'
expect_eq "latency: 49 curves grey" "$(gp_var "$V" nothers)" 49
p999=$(sed -n '/"name" : "hot"/,/p999_s/s/.*"p999_s" : \([0-9.e-]*\).*/\1/p' "$TMP/mdump/summary.json")
awk -v x="$(gp_var "$V" xmax_us)" -v p="$p999" 'BEGIN { exit !(x > p * 1e6 && x < 1.06 * p * 1e6) }' &&
  ok "latency: the x axis ends 5% past the largest p99.9" ||
  not_ok "latency: xmax_us $(gp_var "$V" xmax_us), hot's p99.9 $p999 s"
expect_eq "cpu: 128 processors" "$(gp_var "$TMP/mdump/cpu.png.vars" nrows)" 128

# Few VMs: all named, in summary.json order.
"$VMQSIM" run "$SRC/tests/data/default.ini" --quiet --out "$TMP/ddump" \
  --set simulation.duration=30ms >/dev/null 2>&1
VMQSIM_TEMPLATES=$TMP/dump "$VMQSIM" run "$SRC/tests/data/default.ini" --quiet --force \
  --out "$TMP/ddump" --set simulation.duration=30ms >/dev/null 2>&1
expect_eq "8 VMs: each by name, in the scenario's order" \
  "$(gp_var "$TMP/ddump/throughput.png.vars" vm)" \
  '["bulk","web1","web2","web3","db1","db2","cache","backup"]'
expect_eq "8 VMs: no others" "$(gp_var "$TMP/ddump/throughput.png.vars" nothers)" 0

# ---- reorder.png: only with live updates -------------------------------------------------------
"$VMQSIM" run "$SRC/scenarios/vmmq-scaling.ini" --quiet --out "$TMP/vmmq" \
  --set simulation.duration=6ms --set simulation.warmup=1ms >/dev/null 2>&1
expect_eq "VMMQ without updates: run exits 0" "$?" 0
[ -e "$TMP/vmmq/throughput.png" ] && [ ! -e "$TMP/vmmq/reorder.png" ] &&
  ok "VMMQ without updates: no reorder.png" || not_ok "VMMQ without updates: $(ls "$TMP/vmmq")"
"$VMQSIM" run "$SRC/tests/data/reorder.ini" --quiet --out "$TMP/upd" >/dev/null 2>&1
expect_eq "with a live update: reorder.png is a 1000x800 PNG" "$(png_size "$TMP/upd/reorder.png")" \
  1000x800
VMQSIM_TEMPLATES=$TMP/dump "$VMQSIM" run "$SRC/tests/data/reorder.ini" --quiet \
  --out "$TMP/udump" >/dev/null 2>&1
V=$TMP/udump/reorder.png.vars
expect_eq "reorder: the update's name" "$(gp_var "$V" updname)" '["split"]'
applied=$(sed -n 's/.*"applied_s" : \([0-9.e-]*\).*/\1/p' "$TMP/udump/summary.json")
awk -v u="$(gp_var "$V" upd | tr -d '[]')" -v a="$applied" 'BEGIN { exit !(u == a && a > 0) }' &&
  ok "reorder: the time it took effect" || not_ok "reorder: upd $(gp_var "$V" upd), applied $applied"

# ---- the templates leave the last row out -------------------------------------------------------
# Three 1 ms rows, the last one off: drawn, it would set the largest x and move the y range.
printf '%s\n' time_s,vm.a.offered_gbps,vm.a.rx_gbps,vport.a.reordered_fps,vport.a.lp1.fps \
  0.001,2,1,1000,5000 0.002,2,1,1000,5000 0.003,2,0.2,9000,100 >"$TMP/ts.csv"
pre="datafile='$TMP/ts.csv'; nrows=3; warmup_ms=1; array vm[1]=['a']; array col[1]=[3]; \
array ocol[1]=[2]; array lbl[1]=['a.lp1']; array rcol[1]=[4]; array rlbl[1]=['a']; \
array upd[1]=[0.0015]; array updname[1]=['u']"
# template, then the x max, y min and y max of its (last) plot
for want in 'throughput 2.0 1.0 2.0' 'reorder 2.0 1000.0 1000.0'; do
  t=${want%% *}
  gnuplot -e "$pre; outfile='$TMP/$t.png'" "$SRC/results/style.gp" "$SRC/results/$t.gp" \
    -e 'print GPVAL_DATA_X_MAX, GPVAL_DATA_Y_MIN, GPVAL_DATA_Y_MAX' >/dev/null 2>"$TMP/gp"
  expect_eq "$t.gp: the last row left out" "$t $(tail -1 "$TMP/gp")" "$want"
done

# µs, not "us", wherever a chart shows latency.
grep -n '\bus\b' "$SRC"/results/*.gp "$SRC"/sim/output/report-charts.c >"$TMP/us"
expect_eq "no chart labels latency in us" "$(cat "$TMP/us")" ""
finish
