#!/usr/bin/env bash
# Slurm job-array script for a vmqsim study: array task I runs run I of the sweep, as
#   vmqsim sweep SWEEP --run I --out OUTDIR
# Submit one task per run, then merge once every task has ended (docs/cluster.md):
#   N=$(vmqsim sweep SWEEP --list-runs | wc -l)
#   sbatch --array=0-$((N - 1)) scripts/slurm-sweep.sh SWEEP OUTDIR
#   vmqsim collect OUTDIR
# OUTDIR must be on a filesystem every node shares; finished runs are skipped, so resubmitting
# the same array reruns only the missing ones.
# vmqsim: $VMQSIM if set (sbatch passes the submitting shell's environment on), else PATH.
# VMQSIM_RUN_OFFSET (default 0) is added to the task id, for studies with more runs than the
# cluster's MaxArraySize: --array=0-999 then --export=ALL,VMQSIM_RUN_OFFSET=1000 --array=0-...
# The defaults below suit one run of a study like scenarios/example.sweep (one CPU, well under
# 1 GB, seconds to minutes); sbatch options on the command line override them.
#SBATCH --job-name=vmqsim-sweep
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --mem=1G
#SBATCH --time=01:00:00
#SBATCH --output=slurm-%A_%a.out
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: sbatch --array=0-\$((N - 1)) slurm-sweep.sh SWEEP OUTDIR" >&2
  exit 2
fi
if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
  echo "slurm-sweep.sh: not a job-array task (SLURM_ARRAY_TASK_ID unset): submit it with" \
    "sbatch --array=0-\$((N - 1)), N = the line count of vmqsim sweep SWEEP --list-runs" >&2
  exit 2
fi
vmqsim=${VMQSIM:-vmqsim}
if ! command -v "$vmqsim" >/dev/null; then
  echo "slurm-sweep.sh: $vmqsim: not found on $(hostname): set VMQSIM=/path/to/vmqsim or" \
    "put vmqsim on PATH" >&2
  exit 2
fi
run=$((SLURM_ARRAY_TASK_ID + ${VMQSIM_RUN_OFFSET:-0}))
exec "$vmqsim" sweep "$1" --run "$run" --out "$2"
