#!/usr/bin/env bash
# vmqsim sweep / collect: the runs of tests/data/sweeps/runner.sweep (VMQ off and on over a 20 ms
# default scenario, 3 replications: 6 runs) give the same points.csv however they are run: one
# at a time, two at a time, one `--run I` per process by hand or through GNU parallel, and after
# a restart. Also: the seeds, the header, failures, and bad input (~10 s).
source "$(dirname "$0")/lib.sh" "$@"

SWEEP=$SRC/tests/data/sweeps/runner.sweep
R=3
POINTS=2
RUNS=$((POINTS * R))
HEADER=point,nic.vmq,n
for vm in bulk web1 web2 web3 db1 db2 cache backup; do
  for m in delivered_gbps drop_fraction latency_p99_s; do
    HEADER+=",vm.$vm.${m}_mean,vm.$vm.${m}_ci95"
  done
done
for m in offered_gbps delivered_gbps drop_fraction max_processor_busy worst_p99_latency_s \
  worst_mean_latency_s unsteady; do
  HEADER+=",run.${m}_mean,run.${m}_ci95"
done

# ---- listing -------------------------------------------------------------------------------
"$VMQSIM" sweep "$SWEEP" --list-runs >"$TMP/list"
expect_eq "--list-runs exits 0" "$?" 0
expect_eq "--list-runs: points x R lines" "$(wc -l <"$TMP/list")" "$RUNS"
expect_eq "--list-runs: run 4 is point 1, replication 1" "$(sed -n 5p "$TMP/list" | cut -f1-3)" \
  "$(printf '4\tpoint 1\treplication 1')"
sed -n 5p "$TMP/list" | cut -f4 | grep -qE '^--seed [0-9]+ --set nic.vmq=on$' &&
  ok "--list-runs: the run's arguments" || not_ok "--list-runs: arguments '$(sed -n 5p "$TMP/list")'"

# ---- one and two at a time -----------------------------------------------------------------
"$VMQSIM" sweep "$SWEEP" --out "$TMP/j1" >"$TMP/out" 2>"$TMP/err"
expect_eq "sweep --jobs 1 exits 0" "$?" 0
expect_eq "a progress line per run" "$(grep -cE '^sweep: runs [0-9]+/6, ETA [0-9]+ s$' "$TMP/err")" \
  "$RUNS"
grep -q '^collect: 2 points, 6 of 6 runs' "$TMP/out" && ok "sweep collects" ||
  not_ok "sweep collects: $(cat "$TMP/out")"
"$VMQSIM" sweep "$SWEEP" --out "$TMP/j2" --jobs 2 >/dev/null 2>"$TMP/err"
expect_eq "sweep --jobs 2 exits 0" "$?" 0
cmp -s "$TMP/j1/points.csv" "$TMP/j2/points.csv" && ok "--jobs 2 points.csv = --jobs 1" ||
  not_ok "--jobs 2 points.csv differs from --jobs 1"
cmp -s "$TMP/j1/points.json" "$TMP/j2/points.json" && ok "--jobs 2 points.json = --jobs 1" ||
  not_ok "--jobs 2 points.json differs from --jobs 1"
expect_eq "points.csv header" "$(head -n 1 "$TMP/j1/points.csv")" "$HEADER"
expect_eq "points.csv: one row per point" "$(($(wc -l <"$TMP/j1/points.csv") - 1))" "$POINTS"
expect_eq "points.csv: n = R on every row" \
  "$(tail -n +2 "$TMP/j1/points.csv" | cut -d, -f3 | sort -u)" "$R"
expect_eq "points.csv: the axis values" "$(tail -n +2 "$TMP/j1/points.csv" | cut -d, -f1,2 | xargs)" \
  "0,off 1,on"
# points.png: a sweep without [capacity] gets its points drawn, from points.dat
expect_eq "points.dat: a row per point, labelled by the varied value" \
  "$(cut -d' ' -f1,2 "$TMP/j1/points.dat" | xargs)" "0 off 1 on"
col=$(head -n 1 "$TMP/j1/points.csv" | tr , '\n' | grep -nx 'run.delivered_gbps_mean' | cut -d: -f1)
expect_eq "points.dat: delivered Gbit/s as in points.csv" \
  "$(awk '{ printf "%.6g\n", $3 }' "$TMP/j1/points.dat" | xargs)" \
  "$(tail -n +2 "$TMP/j1/points.csv" | cut -d, -f"$col" | awk '{ printf "%.6g\n", $1 }' | xargs)"
head -c 8 "$TMP/j1/points.png" | od -An -c | grep -q 'P   N   G' && ok "points.png is a PNG" ||
  not_ok "points.png is missing or not a PNG"
for k in scenario_sha256 seed_scheme seeds points vmqsim_version; do
  grep -q "\"$k\"" "$TMP/j1/manifest.json" && ok "manifest.json has $k" ||
    not_ok "manifest.json has $k"
done
expect_eq "manifest.json: the scenario's SHA-256" \
  "$(grep -o '"scenario_sha256" : "[0-9a-f]*"' "$TMP/j1/manifest.json" | cut -d'"' -f4)" \
  "$(sha256sum "$SRC/tests/data/sweeps/short.ini" | cut -d' ' -f1)"

# ---- seeds: common random numbers across points, independent across replications ----------
seed() { grep -o '"seed" : "[0-9]*"' "$1/runs/run-0000$2/summary.json" | cut -d'"' -f4; }
for r in 0 1 2; do
  expect_eq "replication $r: the same seed at both points" "$(seed "$TMP/j1" $r)" \
    "$(seed "$TMP/j1" $((R + r)))"
  expect_eq "replication $r: the seed --list-runs shows" "$(seed "$TMP/j1" $r)" \
    "$(sed -n "$((r + 1))p" "$TMP/list" | cut -f4 | cut -d' ' -f2)"
done
expect_eq "three replications, three seeds" \
  "$(for r in 0 1 2; do seed "$TMP/j1" $r; done | sort -u | wc -l)" 3

# ---- one run per process: by hand, GNU parallel ---------------------------------------------
for i in $(seq 0 $((RUNS - 1))); do
  "$VMQSIM" sweep "$SWEEP" --out "$TMP/hand" --run "$i" >/dev/null 2>>"$TMP/hand.err" ||
    not_ok "--run $i"
done
[ ! -e "$TMP/hand/points.csv" ] && ok "--run does not collect" || not_ok "--run does not collect"
"$VMQSIM" collect "$TMP/hand" >/dev/null 2>"$TMP/err"
expect_eq "collect exits 0" "$?" 0
cmp -s "$TMP/j1/points.csv" "$TMP/hand/points.csv" && ok "--run by hand + collect = --jobs" ||
  not_ok "--run by hand + collect differs from --jobs"
"$VMQSIM" sweep "$SWEEP" --out "$TMP/hand" --run 2 >/dev/null 2>"$TMP/err"
expect_eq "--run of a finished run exits 0" "$?" 0
grep -q 'run 2 already finished' "$TMP/err" && ok "--run of a finished run skips it" ||
  not_ok "--run of a finished run: $(cat "$TMP/err")"
if command -v parallel >/dev/null; then
  seq 0 $((RUNS - 1)) | parallel --will-cite -j 3 "$VMQSIM" sweep "$SWEEP" --out "$TMP/par" \
    --run {} >/dev/null 2>"$TMP/err"
  rc=$?
  [ "$rc" = 0 ] || sed 's/^/# /' "$TMP/err" # the failing runs' own words, for the log
  expect_eq "GNU parallel: every run exits 0" "$rc" 0
  "$VMQSIM" collect "$TMP/par" >/dev/null 2>&1
  cmp -s "$TMP/j1/points.csv" "$TMP/par/points.csv" && ok "GNU parallel + collect = --jobs" ||
    not_ok "GNU parallel + collect differs from --jobs"
else
  echo "skip - GNU parallel is not installed (scripts/install-deps.sh installs it)"
fi

# ---- restart ---------------------------------------------------------------------------------
rm -rf "$TMP/j2/runs/run-00004"
"$VMQSIM" sweep "$SWEEP" --out "$TMP/j2" --jobs 2 >/dev/null 2>"$TMP/err"
expect_eq "restart exits 0" "$?" 0
grep -q 'skipping 5 finished runs' "$TMP/err" && ok "restart skips 5 finished runs" ||
  not_ok "restart skips 5 finished runs: $(cat "$TMP/err")"
expect_eq "restart runs exactly 1 run" "$(grep -c '^sweep: runs ' "$TMP/err")" 1
cmp -s "$TMP/j1/points.csv" "$TMP/j2/points.csv" && ok "restart: the same points.csv" ||
  not_ok "restart: points.csv differs"

# ---- [collect]: more columns from the same runs; a name the table lacks is refused ----------
cp -r "$TMP/j1" "$TMP/col"
sed "s|^scenario = .*|scenario = $SRC/tests/data/sweeps/short.ini|" "$SWEEP" >"$TMP/collect.sweep"
printf '[collect]\nmetrics = queue.dropped_frames, processor.busy\n' >>"$TMP/collect.sweep"
"$VMQSIM" sweep "$TMP/collect.sweep" --out "$TMP/col" >/dev/null 2>"$TMP/err"
expect_eq "[collect] added to a finished sweep exits 0" "$?" 0
grep -q 'skipping 6 finished runs' "$TMP/err" && ok "[collect] reruns nothing" ||
  not_ok "[collect] reruns nothing: $(cat "$TMP/err")"
head -n 1 "$TMP/col/points.csv" | grep -q "^$HEADER,queue.q0.dropped_frames_mean,.*,queue.q8.dropped_frames_ci95,processor.0.busy_mean,.*,processor.15.busy_ci95\$" &&
  ok "[collect]: its columns after the others" ||
  not_ok "[collect] header: $(head -n 1 "$TMP/col/points.csv" | cut -c 1-200)..."
fields=$(head -n 1 "$TMP/j1/points.csv" | tr ',' '\n' | wc -l)
expect_eq "[collect]: the other columns unchanged" "$(cut -d, -f1-"$fields" "$TMP/col/points.csv")" \
  "$(cat "$TMP/j1/points.csv")"
grep -q '"processor.busy"' "$TMP/col/manifest.json" && ok "manifest.json records [collect]" ||
  not_ok "manifest.json records [collect]"
sed -i 's/"processor.busy"/"processor.bussy"/' "$TMP/col/manifest.json"
one_line_exit2 "collect with an unknown metric in manifest.json exits 2" "$VMQSIM" collect "$TMP/col"
grep -q 'manifest.json: not a sweep manifest: collect: "processor.bussy" is not a metric; did you mean processor.busy?' "$TMP/err" &&
  ok "collect names the metric" || not_ok "collect names the metric: $(cat "$TMP/err")"
sed -i 's/^metrics = .*/metrics = queue.droped_frames/' "$TMP/collect.sweep"
one_line_exit2 "an unknown [collect] metric exits 2" "$VMQSIM" sweep "$TMP/collect.sweep" --list-runs
grep -q 'collect.sweep:[0-9]*: \[collect\] metrics: "queue.droped_frames" is not a metric; did you mean queue.dropped_frames?' "$TMP/err" &&
  ok "the sweep file's line and a did-you-mean" || not_ok "unknown metric: $(cat "$TMP/err")"

# ---- a failed run: reported, the others run, exit 1, n smaller -----------------------------
mkdir -p "$TMP/fail/runs" && cp "$TMP/j1/manifest.json" "$TMP/fail/"
touch "$TMP/fail/runs/run-00001" # a file where the run's directory goes: the run cannot write
"$VMQSIM" sweep "$SWEEP" --out "$TMP/fail" >/dev/null 2>"$TMP/err"
expect_eq "a failed run: exit 1" "$?" 1
grep -q '^sweep: run 1 (point 0, replication 1) failed: vmqsim: .*not a directory' "$TMP/err" &&
  ok "a failed run: its last stderr line" || not_ok "a failed run: $(cat "$TMP/err")"
expect_eq "a failed run: the others still run" "$(ls "$TMP/fail/runs" | grep -c 'run-0000[0-9]$')" 6
grep -q '^collect: point 0: 1 of 3 replications missing: run-00001' "$TMP/err" &&
  ok "collect notes the missing run" || not_ok "collect notes the missing run"
expect_eq "n = R - 1 where a run is missing" "$(tail -n +2 "$TMP/fail/points.csv" | cut -d, -f3 |
  xargs)" "2 3"

# ---- bad input -----------------------------------------------------------------------------
mkdir -p "$TMP/plain" && touch "$TMP/plain/x"
one_line_exit2 "collect on a non-sweep directory exits 2" "$VMQSIM" collect "$TMP/plain"
grep -q 'not a sweep results directory' "$TMP/err" && ok "collect says why" ||
  not_ok "collect says why: $(cat "$TMP/err")"
one_line_exit2 "sweep into a non-sweep directory exits 2" "$VMQSIM" sweep "$SWEEP" --out "$TMP/plain"
sed -e 's/^replications = 3/replications = 2/' -e "s|^scenario = .*|scenario = $SRC/tests/data/sweeps/short.ini|" \
  "$SWEEP" >"$TMP/other.sweep"
one_line_exit2 "sweep into another study's directory exits 2" "$VMQSIM" sweep "$TMP/other.sweep" \
  --out "$TMP/j1"
grep -q "'replications' differs" "$TMP/err" && ok "it names what differs" ||
  not_ok "it names what differs: $(cat "$TMP/err")"
one_line_exit2 "--run past the last run exits 2" "$VMQSIM" sweep "$SWEEP" --out "$TMP/x" --run 6
one_line_exit2 "--jobs 0 exits 2" "$VMQSIM" sweep "$SWEEP" --jobs 0
one_line_exit2 "a missing sweep file exits 2" "$VMQSIM" sweep "$TMP/none.sweep"
one_line_exit2 "sweep without a file exits 2" "$VMQSIM" sweep
one_line_exit2 "collect without DIR exits 2" "$VMQSIM" collect
"$VMQSIM" sweep --help | grep -q '^  vmqsim sweep' && ok "sweep --help" || not_ok "sweep --help"
"$VMQSIM" collect --help | grep -q '^  vmqsim collect' && ok "collect --help" ||
  not_ok "collect --help"
# Another build's runs are not mixed into a study: the manifest records the commit.
cp -r "$TMP/j1" "$TMP/other"
sed -i 's/"vmqsim_commit" *: *"[^"]*"/"vmqsim_commit" : "000000000000"/' "$TMP/other/manifest.json"
grep -q '"vmqsim_commit" : "000000000000"' "$TMP/other/manifest.json" &&
  ok "the manifest records the commit" || not_ok "no vmqsim_commit in manifest.json"
"$VMQSIM" sweep "$SWEEP" --out "$TMP/other" >/dev/null 2>"$TMP/err"
expect_eq "a sweep over another build's runs exits 2" "$?" 2
grep -q 'made by another vmqsim build (commit 000000000000, this is ' "$TMP/err" &&
  ok "... saying so" || not_ok "stderr: $(cat "$TMP/err")"

finish
