#!/usr/bin/env bash
# vmqsim sweep on Slurm: the 6 runs of tests/data/sweeps/runner.sweep submitted as job arrays of
# scripts/slurm-sweep.sh (the script docs/cluster.md shows) to a private single-node Slurm this
# test starts and stops itself, then `vmqsim collect`, give the points.csv and points.json of
# `vmqsim sweep --jobs 2`. Also: VMQSIM_RUN_OFFSET, resubmitting after a lost run, the copy in
# docs/cluster.md, the script's own errors.
# The cluster: its own munged (key, socket, log under a temp dir), slurmctld and slurmd from
# Debian's slurm-wlm on two free ports from 16817 up, no accounting, no cgroups; everything is
# stopped and removed on exit, however the test ends, and every wait is bounded. ~20 s (Slurm
# starts array tasks a few seconds apart).
# Needs root and the packages slurm-wlm and munge (scripts/install-deps.sh installs them):
# without them it fails, unless VMQSIM_NO_SLURM=1, which skips it (exit 77).
source "$(dirname "$0")/lib.sh" "$@"

VMQSIM=$(realpath "$VMQSIM") # the jobs run in another directory
SWEEP=$SRC/tests/data/sweeps/runner.sweep
SCRIPT=$SRC/scripts/slurm-sweep.sh
RUNS=6

if [ "${VMQSIM_NO_SLURM:-}" = 1 ]; then
  echo "skip - VMQSIM_NO_SLURM=1: not starting Slurm"
  exit 77
fi
# give_up WHY: the test cannot go on; fails it (the EXIT trap still cleans up).
give_up() {
  not_ok "$*"
  finish
  exit 1
}
[ "$(id -u)" = 0 ] || give_up "needs root to start slurmd, slurmctld and munged (or set" \
  "VMQSIM_NO_SLURM=1 to skip this test)"
for c in munged mungekey munge unmunge slurmctld slurmd sbatch squeue sinfo scontrol scancel; do
  command -v "$c" >/dev/null || give_up "$c not found: install slurm-wlm and munge" \
    "(scripts/install-deps.sh does), or set VMQSIM_NO_SLURM=1 to skip this test"
done

# ---- the cluster -------------------------------------------------------------------------
T=${TMP:?}/cluster
CONF=$T/slurm.conf
HOST=$(hostname -s)
mkdir -p "$T"/{munge,state,spool,logs,submit}
chmod 700 "$T/munge"
MUNGE_PID="" CTLD_PID="" SLURMD_PID=""
# stop PID: TERM, up to 5 s to exit, then KILL
stop() {
  local pid=$1 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}
# The job processes this cluster started (slurmstepd, slurm-sweep.sh, vmqsim): those whose
# environment has VQ_SLURM_TEST=$T, which the daemons and every sbatch here get.
our_jobs() {
  local e pid
  for e in /proc/[0-9]*/environ; do
    pid=${e#/proc/}
    pid=${pid%/environ}
    [ "$pid" != $$ ] && tr '\0' '\n' 2>/dev/null <"$e" | grep -qxF "VQ_SLURM_TEST=$T" &&
      echo "$pid"
  done
}
cleanup() {
  if [ -n "$CTLD_PID" ] && kill -0 "$CTLD_PID" 2>/dev/null; then
    sl timeout 10 scancel --partition=vq >/dev/null 2>&1
  fi
  stop "$SLURMD_PID"
  stop "$CTLD_PID"
  local pid
  for pid in $(our_jobs); do kill -KILL "$pid" 2>/dev/null; done
  stop "$MUNGE_PID"
  [ "$failed" -eq 0 ] || log_tails
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP # the EXIT trap runs on these too
# within SECS CMD...: runs CMD every 0.2 s until it succeeds (status 0) or SECS have passed
within() {
  local end=$((SECONDS + $1))
  shift
  until "$@"; do
    [ $SECONDS -lt "$end" ] || return 1
    sleep 0.2
  done
}
# sl CMD...: CMD as a client of this cluster
sl() { env SLURM_CONF="$CONF" VQ_SLURM_TEST="$T" "$@"; }
# log_tails: the end of every log, shown when a check failed
log_tails() {
  local f
  for f in "$T"/logs/*.log "$T"/logs/*.out; do
    [ -s "$f" ] && echo "== $f" && tail -n 15 "$f"
  done
}

# munged: a fresh key, its own socket, log, pid and seed files
mungekey --create --keyfile="$T/munge/key" >/dev/null 2>&1 || give_up "mungekey --create failed"
chmod 600 "$T/munge/key"
SOCK=$T/munge/sock
munged -F --force --socket="$SOCK" --key-file="$T/munge/key" --log-file="$T/logs/munged.log" \
  --pid-file="$T/munge/pid" --seed-file="$T/munge/seed" </dev/null >"$T/logs/munged.out" 2>&1 &
MUNGE_PID=$!
within 10 test -S "$SOCK"
munge -n -S "$SOCK" 2>/dev/null | unmunge -S "$SOCK" >/dev/null 2>&1 &&
  ok "munged: a credential round trip" ||
  give_up "munged did not start:"

# Two free ports, from 16817 up (nothing accepts a connection on either)
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=16817
while ! port_free $PORT || ! port_free $((PORT + 1)); do
  PORT=$((PORT + 2))
  [ $PORT -lt 16917 ] || give_up "no two free ports in 16817-16916"
done
# The node as slurmd sees it (CPUs, sockets, cores, threads, RealMemory), so that it registers
# without being drained for a mismatch, and a job's --mem fits
NODE=$(slurmd -C | head -n 1 | sed -n 's/^NodeName=[^ ]* //p')
[ -n "$NODE" ] || NODE="CPUs=$(nproc)"
cat >"$CONF" <<EOF
ClusterName=vmqsimtest
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCK
CredType=cred/munge
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/logs/slurmctld.log
SlurmdLogFile=$T/logs/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
ReturnToService=2
MinJobAge=600
NodeName=$HOST NodeAddr=127.0.0.1 $NODE State=UNKNOWN
PartitionName=vq Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
env SLURM_CONF="$CONF" VQ_SLURM_TEST="$T" slurmctld -D -f "$CONF" </dev/null \
  >"$T/logs/slurmctld.out" 2>&1 &
CTLD_PID=$!
env SLURM_CONF="$CONF" VQ_SLURM_TEST="$T" slurmd -D -N "$HOST" -f "$CONF" </dev/null \
  >"$T/logs/slurmd.out" 2>&1 &
SLURMD_PID=$!
node_idle() { [ "$(sl timeout 5 sinfo -h -N -n "$HOST" -o %T 2>/dev/null)" = idle ]; }
# Up, or slurmd gone: then there is no point waiting the full 30 s.
idle_or_gone() { node_idle || ! kill -0 "$SLURMD_PID" 2>/dev/null; }
within 30 idle_or_gone
if ! kill -0 "$SLURMD_PID" 2>/dev/null; then
  # Many containers have no cgroup filesystem, which slurmd needs ("cgroup filesystem not
  # mounted"): this machine cannot run a private Slurm. A skip with the reason, not a failure.
  why=$(grep -hi 'cgroup' "$T/logs/slurmd.log" "$T/logs/slurmd.out" 2>/dev/null | head -n 1)
  if [ -n "$why" ]; then
    echo "skip - slurmd cannot run on this machine: $why"
    exit 77
  fi
  give_up "slurmd exited: $(tail -n 3 "$T/logs/slurmd.out" "$T/logs/slurmd.log" 2>&1 | xargs)"
fi
node_idle && ok "slurmctld and slurmd up, the node idle" ||
  give_up "the node is not idle after 30 s: $(sl timeout 5 sinfo -N -o '%N %T %E' 2>&1 | xargs)"

# submit [SBATCH OPTIONS...]: submits slurm-sweep.sh SWEEP $T/slurm from $T/submit, prints the
# job id
submit() {
  (cd "$T/submit" && sl VMQSIM="$VMQSIM" timeout 30 sbatch --parsable \
    --output="$T/logs/job-%A_%a.out" "$@" "$SCRIPT" "$SWEEP" "$T/slurm")
}
# queue_empty ID...: none of the jobs ID is pending or running any more
queue_empty() { [ -z "$(sl timeout 5 squeue -h -j "$(echo "$@" | tr ' ' ,)" -o %i 2>&1)" ]; }
# wait_jobs NAME TASKS ID...: waits (up to 100 s) until the jobs have left the queue, then
# checks that their TASKS tasks all completed with exit status 0
wait_jobs() {
  local name=$1 tasks=$2 id states=""
  shift 2
  within 100 queue_empty "$@" || not_ok "$name: still queued after 100 s"
  for id in "$@"; do
    states+=$(sl timeout 5 scontrol -o show job "$id" 2>&1 |
      sed -n 's/.* JobState=\([A-Z_]*\) .* ExitCode=\([0-9:]*\) .*/\1 \2/p')$'\n'
  done
  expect_eq "$name: every task COMPLETED, exit 0" "$(echo "$states" | grep . | sort | uniq -c |
    xargs)" "$tasks COMPLETED 0:0"
}

# ---- the study as two arrays: runs 0-3, and runs 4-5 through VMQSIM_RUN_OFFSET ---------------
"$VMQSIM" sweep "$SWEEP" --out "$T/jobs2" --jobs 2 >/dev/null 2>&1
expect_eq "sweep --jobs 2 exits 0" "$?" 0
N=$("$VMQSIM" sweep "$SWEEP" --list-runs | wc -l)
expect_eq "N from --list-runs" "$N" "$RUNS"
t0=$SECONDS
a=$(submit --array=0-3) && b=$(submit --array=0-1 --export=ALL,VMQSIM_RUN_OFFSET=4) ||
  give_up "sbatch failed: $a $b"
wait_jobs "two arrays" 6 "$a" "$b"
echo "# the arrays ran in $((SECONDS - t0)) s"
expect_eq "a run directory per run" "$(ls "$T/slurm/runs" | xargs)" \
  "run-00000 run-00001 run-00002 run-00003 run-00004 run-00005"
[ ! -e "$T/slurm/points.csv" ] && ok "the tasks do not collect" || not_ok "the tasks do not collect"
"$VMQSIM" collect "$T/slurm" >/dev/null 2>"$T/collect.err"
expect_eq "collect exits 0" "$?" 0
cmp -s "$T/jobs2/points.csv" "$T/slurm/points.csv" && ok "Slurm + collect: points.csv = --jobs 2" ||
  not_ok "Slurm + collect: points.csv differs from --jobs 2: $(diff "$T/jobs2/points.csv" \
    "$T/slurm/points.csv" | head -n 5)"
cmp -s "$T/jobs2/points.json" "$T/slurm/points.json" &&
  ok "Slurm + collect: points.json = --jobs 2" || not_ok "Slurm + collect: points.json differs"

# ---- resubmitting the whole array after losing a run: only that run runs again ---------------
rm -rf "$T/slurm/runs/run-00002" "$T/slurm/points.csv" "$T/slurm/points.json"
c=$(submit --array=0-$((N - 1))) || give_up "sbatch failed: $c"
wait_jobs "resubmitted array" 6 "$c"
expect_eq "resubmitted: 5 tasks skip their finished run" \
  "$(cat "$T"/logs/job-"${c}"_*.out | grep -c 'already finished')" 5
[ -f "$T/slurm/runs/run-00002/summary.json" ] && ok "resubmitted: the lost run ran again" ||
  not_ok "resubmitted: the lost run ran again: $(cat "$T/logs/job-${c}_2.out")"
"$VMQSIM" collect "$T/slurm" >/dev/null 2>&1
cmp -s "$T/jobs2/points.csv" "$T/slurm/points.csv" && ok "resubmitted: the same points.csv" ||
  not_ok "resubmitted: points.csv differs"

# ---- docs/cluster.md shows this very script ---------------------------------------------------
sed -n '/^<!-- scripts\/slurm-sweep.sh -->$/,/^```$/p' "$SRC/docs/cluster.md" | sed '1,2d;$d' \
  >"$T/doc-script"
cmp -s "$T/doc-script" "$SCRIPT" && ok "docs/cluster.md shows scripts/slurm-sweep.sh as it is" ||
  not_ok "docs/cluster.md's copy of scripts/slurm-sweep.sh differs: paste the file in again"

# ---- the script's own errors, outside Slurm ------------------------------------------------
env -u SLURM_ARRAY_TASK_ID bash "$SCRIPT" "$SWEEP" "$T/x" >/dev/null 2>"$T/err"
expect_eq "not an array task: exit 2" "$?" 2
grep -q 'not a job-array task' "$T/err" && ok "not an array task: says so" ||
  not_ok "not an array task: $(cat "$T/err")"
SLURM_ARRAY_TASK_ID=0 VMQSIM=$T/none bash "$SCRIPT" "$SWEEP" "$T/x" >/dev/null 2>"$T/err"
expect_eq "no vmqsim: exit 2" "$?" 2
grep -q 'set VMQSIM=' "$T/err" && ok "no vmqsim: says how to fix it" ||
  not_ok "no vmqsim: $(cat "$T/err")"
SLURM_ARRAY_TASK_ID=0 bash "$SCRIPT" "$SWEEP" >/dev/null 2>"$T/err"
expect_eq "one argument: exit 2" "$?" 2
finish
