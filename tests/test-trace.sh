#!/usr/bin/env bash
# run --trace FILE --trace-window FROM..TO: one line per interrupt, DPC pass, drop and update in
# the window, in time order; never over a file vmqsim did not write; bad windows refused.
source "$(dirname "$0")/lib.sh" "$@"
cd "$TMP" || exit 1
S=$SRC/tests/data/reorder.ini
"$VMQSIM" run "$S" --out r --quiet --no-charts --trace t.txt 2>err
expect_eq "a run with --trace exits 0" "$?" 0
head -1 t.txt | grep -q '^# vmqsim trace of \[0.000000000 s, ' && ok "the header names the window" ||
  not_ok "header: $(head -1 t.txt)"
grep -v '^#' t.txt | awk '{ if ($1 < prev) bad = 1; prev = $1 } END { exit bad }' &&
  ok "lines in time order" || not_ok "lines out of time order"
for e in irq dpc update; do
  grep -q "^[0-9.]* $e " t.txt && ok "the trace has $e lines" || not_ok "no $e line"
done
# The number of interrupts traced over the whole run is the number the run reports.
irqs=$(grep -c '^[0-9.]* irq ' t.txt)
want=$(python3 -c "import json; d=json.load(open('r/summary.json')); print(sum(q['interrupts'] for q in d['queues']))")
expect_eq "every interrupt of the run is traced" "$irqs" "$want"
# A window: only its lines; the same run twice gives the same trace.
"$VMQSIM" run "$S" --out r --quiet --no-charts --trace w.txt --trace-window 10ms..11ms 2>err
grep -v '^#' w.txt | awk '$1 < 0.010 || $1 > 0.011 { bad = 1 } END { exit bad }' &&
  ok "a window keeps its lines only" || not_ok "lines outside 10ms..11ms"
"$VMQSIM" run "$S" --out r --quiet --no-charts --trace w2.txt --trace-window 10ms..11ms 2>err
cmp -s w.txt w2.txt && ok "the same run gives the same trace" || not_ok "the trace differs"
# Never over a file vmqsim did not write.
echo "my notes" >notes.txt
one_line_exit2 "--trace on a user's file" "$VMQSIM" run "$S" --out r --quiet --trace notes.txt
expect_eq "the user's file is untouched" "$(cat notes.txt)" "my notes"
one_line_exit2 "a window past the end" "$VMQSIM" run "$S" --out r --quiet --trace t.txt \
  --trace-window 0..5s
one_line_exit2 "a window backwards" "$VMQSIM" run "$S" --out r --quiet --trace t.txt \
  --trace-window 2ms..1ms
one_line_exit2 "--trace-window alone" "$VMQSIM" run "$S" --out r --quiet --trace-window 0..1ms
finish
