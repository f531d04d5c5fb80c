#!/usr/bin/env bash
# vmqsim check --print: the scenario as it will run, every value resolved: defaults marked, a
# section with count expanded VM by VM with its queue, VMs past max_vmq_queues on the default
# queue, VPort tables summarised, flows and events.
source "$(dirname "$0")/lib.sh" "$@"
D=$SRC/tests/data
"$VMQSIM" check "$D/vm-count.ini" --print --set nic.max_vmq_queues=2 >"$TMP/out" 2>"$TMP/err"
expect_eq "check --print exits 0" "$?" 0
has() { grep -qxF -- "$2" "$TMP/out" && ok "$1" || not_ok "$1: no line '$2' in: $(cat "$TMP/out")"; }
has "a key given is plain" "  max_vmq_queues           = 2"
has "a default is marked" "  dma_burst_frames         = 16  (default)"
has "pcie bandwidth in bit/s as written" "  bandwidth                = 63Gbps  (default)"
has "the first VM of the count section" "[vm load-1]  (VM 1 of [vm load], count)"
has "its queue" "  VMQ queue q1 on processor 1"
has "the third VM is past max_vmq_queues = 2" \
  "  no queue of its own: frames go to the default queue q0 (max_vmq_queues used up by the VMs before it)"
has "the flow section, one flow per VM" "[flow in]  3 flows, 0.6144 Gbit/s in all"
grep -q '^  rx to load-3: udp 192.0.2.1:1000 -> 198.51.100.3:2000, ' "$TMP/out" &&
  ok "the third VM's flow, its own address" || not_ok "no flow to load-3"
"$VMQSIM" check "$SRC/tests/data/reorder.ini" --print >"$TMP/out" 2>"$TMP/err"
expect_eq "check --print on a VMMQ scenario exits 0" "$?" 0
grep -q '^  VMMQ VPort: queues q1-q' "$TMP/out" && ok "the VPort's queues" ||
  not_ok "no VPort line: $(cat "$TMP/out")"
grep -q '^  indirection table, [0-9]* entries: .*; entries per processor: ' "$TMP/out" &&
  ok "the VPort's table" || not_ok "no table line"
grep -q '^\[event [a-z0-9_-]*\]  at [0-9.]*[mun]*s, VM ' "$TMP/out" && ok "the events" ||
  not_ok "no event line"
one_line_exit2 "a bad scenario: one line, exit 2" "$VMQSIM" check "$D/vm-count.ini" --print \
  --set nic.ring_size=1
finish
