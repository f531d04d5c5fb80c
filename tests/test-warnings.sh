#!/usr/bin/env bash
# Warnings for runs that work but may not mean what the user thinks (sim/output/warnings.h):
# on stderr, one line each, in summary.json with their kind; errors under --strict.
source "$(dirname "$0")/lib.sh" "$@"
cd "$TMP" || exit 1
D=$SRC/tests/data
kinds() { python3 -c "import json; print(' '.join(w['kind'] for w in json.load(open('$1/summary.json'))['warnings']))"; }
# A steady M/D/1 run gives none.
"$VMQSIM" run "$D/md1.ini" --out steady --quiet --no-charts 2>err
expect_eq "a steady run exits 0" "$?" 0
expect_eq "a steady run warns of nothing" "$(kinds steady)" ""
# (Sanitizer builds may note their own lines on stderr: only vmqsim's count.)
! grep -q '^vmqsim: ' err && ok "nothing from vmqsim on stderr" || not_ok "stderr: $(cat err)"
# The golden scenario has a flow to a MAC no VM has.
"$VMQSIM" run "$D/golden.ini" --out g --quiet --no-charts 2>err
expect_eq "a run with a flow to no VM exits 0" "$?" 0
grep -q '^vmqsim: warning: \[flow stranger\] goes to 02:00:00:00:00:99 untagged, which no VM has' err &&
  ok "the warning names the flow" || not_ok "stderr: $(cat err)"
[[ " $(kinds g) " == *" no-vm "* ]] && ok "summary.json lists it" || not_ok "kinds: $(kinds g)"
"$VMQSIM" check "$D/golden.ini" >out 2>err
expect_eq "check warns too, and exits 0" "$?" 0
grep -q '^vmqsim: warning: \[flow stranger\]' err && ok "check prints the warning" ||
  not_ok "check stderr: $(cat err)"
"$VMQSIM" check "$D/golden.ini" --strict >out 2>err
expect_eq "check --strict: exit 2" "$?" 2
expect_eq "... the warning, then why" "$(tail -1 err)" \
  "vmqsim: --strict: the scenario gives warnings (above)"
"$VMQSIM" run "$D/golden.ini" --out strict --quiet --strict 2>err
expect_eq "run --strict with a scenario warning: exit 2" "$?" 2
[ ! -e strict ] && ok "run --strict simulated nothing, wrote nothing" || not_ok "strict/ written"
# VMs past max_vmq_queues share the default queue.
"$VMQSIM" check "$D/md1.ini" --set nic.max_vmq_queues=1 --set vm.sink.count=3 2>err >/dev/null
grep -q '^vmqsim: warning: 2 VMs (sink-2, sink-3) share the default queue' err &&
  ok "VMs on the default queue" || not_ok "stderr: $(cat err)"
# A guest that cannot keep up: its frames pile up, its processor is saturated.
"$VMQSIM" run "$D/md1.ini" --out slow --quiet --no-charts --set vm.sink.guest_frame_cycles=20000 2>err
expect_eq "an unsteady run exits 0" "$?" 0
for k in unsteady guest-saturated processor-saturated; do
  [[ " $(kinds slow) " == *" $k "* ]] && ok "warns $k" || not_ok "no $k: $(kinds slow); $(cat err)"
done
expect_eq "one stderr line per warning" "$(grep -c '^vmqsim: warning: ' err)" \
  "$(kinds slow | wc -w)"
"$VMQSIM" run "$D/md1.ini" --out slow2 --quiet --no-charts --strict \
  --set vm.sink.guest_frame_cycles=20000 2>err
expect_eq "run --strict with run warnings: exit 2" "$?" 2
[ -f slow2/summary.json ] && ok "... after writing the results" || not_ok "no results"
finish
