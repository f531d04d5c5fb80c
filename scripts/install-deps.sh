#!/usr/bin/env bash
# Installs the Debian packages vmqsim needs; does nothing when they are all present already (so
# `make run` and `make test` can call it every time).
# Usage: scripts/install-deps.sh run|test
#   run:  to build vmqsim, run scenarios and draw charts (`make run`);
#   test: also what only the test suite uses (`make test`).
set -euo pipefail
mode=${1:-test}
pkgs=(cmake make gcc pkg-config libsimgrid-dev libglib2.0-dev libjson-glib-dev libpcap-dev
  gnuplot-nox)
# Test only:
# clang and libclang-rt-dev (libFuzzer and the sanitizer runtimes, libclang_rt.fuzzer-x86_64.a:
# the default clang's libclang-rt-N-dev, which clang-N does not pull in) for scripts/fuzz.sh.
# parallel (GNU parallel): tests/test-sweep-run.sh runs a sweep's runs through it.
# slurm-wlm and munge: tests/test-sweep-slurm.sh starts a private single-node Slurm (its own
# munged, slurmctld and slurmd, on their own ports and paths) and runs a sweep as a job array.
case $mode in
run) ;;
test) pkgs+=(clang libclang-rt-dev parallel slurm-wlm munge python3) ;; # python3: tests read JSON
*)
  echo "install-deps: expected run or test, not '$mode'" >&2
  exit 2
  ;;
esac
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# No service may start on install (munge's and Slurm's would): the Slurm test starts its own
# daemons, and slurmctld/slurmd cannot start without a slurm.conf. A policy-rc.d exiting 101
# forbids invoke-rc.d and deb-systemd-invoke to start anything; Docker-style images have one.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  trap '$SUDO rm -f "$policy"' EXIT
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
