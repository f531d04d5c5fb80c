#!/usr/bin/env bash
# Fuzzes the scenario loader, the sweep loader and the capture reader with libFuzzer + ASan +
# UBSan + LSan, for SECONDS in all (default 60), split evenly between the targets.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...] [LIBFUZZER-FLAGS...]
#
# TARGET is scenario (tests/fuzz/fuzz-scenario.c: vq_scenario_load), sweep
# (tests/fuzz/fuzz-sweep.c: vq_sweep_load) or capture (tests/fuzz/fuzz-capture.c: vq_capture_parse
# and the pcap/pcapng reader); none named means all three, so `scripts/fuzz.sh 30` is 10 s each.
# Builds the targets with clang against the project's sources (sim/**/*.c and models/*.c but
# sim/main.c, as the vqcore library) into $FUZZ_BUILD (default build-fuzz/, incremental), then
# runs each on its seed corpus tests/fuzz/corpus/TARGET/ with tests/fuzz/TARGET.dict. New inputs go
# to $FUZZ_BUILD/corpus/TARGET/ (kept between local runs, so coverage accumulates), never into the
# repo. Exits 0 when nothing was found; otherwise 1 (after running every target), leaving each
# input that crashed, hung, leaked or broke an invariant in $FUZZ_BUILD/artifacts/ (named
# TARGET-crash-..., TARGET-leak-...) and printing how to reproduce it.
# Arguments from the first one starting with '-' go to libFuzzer, for every target (-seed=1).
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: scripts/fuzz.sh [SECONDS] [scenario|sweep|capture]... [LIBFUZZER-FLAGS...]"
seconds=${1:-60}
shift || true
case $seconds in
'' | *[!0-9]* | 0) echo "$usage" >&2 && exit 2 ;;
esac
targets=()
while [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; do
  case $1 in
  scenario | sweep | capture) targets+=("$1") ;;
  *) echo "fuzz: unknown target '$1'; $usage" >&2 && exit 2 ;;
  esac
  shift
done
[ ${#targets[@]} -gt 0 ] || targets=(scenario sweep capture)
if [ "$seconds" -lt ${#targets[@]} ]; then
  echo "fuzz: $seconds s is less than 1 s per target" >&2 && exit 2
fi
out=${FUZZ_BUILD:-build-fuzz}
CC=${FUZZ_CC:-clang}
jobs=$(nproc 2>/dev/null || echo 2)

bash scripts/install-deps.sh test
command -v "$CC" >/dev/null || { echo "fuzz: $CC not found (scripts/install-deps.sh)" >&2; exit 2; }
if ! "$CC" -print-file-name=libclang_rt.fuzzer-x86_64.a | grep -q /; then
  echo "fuzz: $CC has no libFuzzer runtime; install libclang-rt-dev" >&2
  exit 2
fi

# ---- build --------------------------------------------------------------------------------------
# A generated makefile, so a second run recompiles only what changed (-MMD: headers too).
mkdir -p "$out/obj" "$out/artifacts" "$out/generated"
# The git commit header the CMake build generates (sim/output/provenance.c includes it).
cmake -DSRC="$PWD" -DOUT="$out/generated/vq-commit.h" -P cmake/commit.cmake
# ... and the chart templates compiled in (sim/output/plot.c).
cmake -DSRC="$PWD" -DOUT="$out/generated/vq-templates.c" -P cmake/templates.cmake
pc=$(pkg-config --cflags glib-2.0 json-glib-1.0 simgrid libpcap)
libs=$(pkg-config --libs glib-2.0 json-glib-1.0 simgrid libpcap)
srcs=""
for f in sim/*.c sim/*/*.c models/*.c; do
  [ "$f" = sim/main.c ] || srcs+="$f "
done
srcs+="$out/generated/vq-templates.c"
cat >"$out/fuzz.mk.new" <<EOF
CC := $CC
CFLAGS := -std=c17 -O1 -g -fno-omit-frame-pointer -I. -I$out/generated $pc \
  -DVQ_VERSION='"fuzz"' -DVQ_SOURCE_DIR='"$PWD"' \
  -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
  -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
  -Wno-unused-parameter $( [ -n "${CI:-}" ] && echo -Werror ) -MMD -MP
SRCS := $srcs
OBJS := \$(patsubst %.c,$out/obj/%.o,\$(SRCS))
HARNESSES := $out/obj/tests/fuzz/fuzz-scenario.o $out/obj/tests/fuzz/fuzz-sweep.o \
  $out/obj/tests/fuzz/fuzz-capture.o
$out/fuzz-%: \$(OBJS) $out/obj/tests/fuzz/fuzz-%.o
	\$(CC) -fsanitize=fuzzer,address,undefined \$^ -o \$@ $libs -lm
$out/obj/%.o: %.c $out/fuzz.mk
	@mkdir -p \$(dir \$@)
	\$(CC) \$(CFLAGS) -c \$< -o \$@
.SECONDARY:
-include \$(OBJS:.o=.d) \$(HARNESSES:.o=.d)
EOF
# Replaced only when it changed: every object depends on it (flags, source list).
if cmp -s "$out/fuzz.mk.new" "$out/fuzz.mk"; then
  rm "$out/fuzz.mk.new"
else
  mv "$out/fuzz.mk.new" "$out/fuzz.mk"
fi
bins=("${targets[@]/#/$out/fuzz-}")
start=$(date +%s)
make -s -j "$jobs" -f "$out/fuzz.mk" "${bins[@]}"
echo "fuzz: built ${bins[*]} in $(($(date +%s) - start)) s"

# ---- run ----------------------------------------------------------------------------------------
# detect_leaks stays on: the loaders never start SimGrid (whose stack switching defeats LSan).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# fuzz TARGET SECONDS [LIBFUZZER-FLAGS...]: runs one target for SECONDS; returns 0, or 1 after
# printing how to reproduce what it found.
fuzz() {
  local t=$1 secs=$2
  shift 2
  local bin=$out/fuzz-$t log=$out/fuzz-$t.log ext max_len rc runs took artifact
  case $t in
  scenario) ext=ini max_len=8192 ;;
  sweep) ext=sweep max_len=4096 ;;
  capture) ext=pcap max_len=4096 ;; # a frame, or a capture of a few frames (snap length 128)
  esac
  mkdir -p "$out/corpus/$t"
  set +e
  "$bin" "$out/corpus/$t" "tests/fuzz/corpus/$t" \
    -dict="tests/fuzz/$t.dict" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 \
    -max_len="$max_len" -print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" "$@" \
    </dev/null 2>&1 | # a sweep may name /dev/stdin as its scenario: never the terminal
    tee "$log" | grep -E --line-buffered '(DONE|pulse)'
  rc=${PIPESTATUS[0]}
  set -e

  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  if [ "$rc" -eq 0 ]; then
    echo "fuzz-$t: ${runs:-?} executions in ${took:-$secs} s" \
      "($((${runs:-0} / ${took:-$secs})) exec/s), no crash"
    return 0
  fi
  artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
  tail -n 40 "$log" >&2 # the report, and libFuzzer's "Base64:" of a small input for CI logs
  echo "fuzz-$t: FOUND A BUG after ${runs:-?} executions (libFuzzer exit $rc); log: $log" >&2
  if [ -n "$artifact" ]; then
    echo "  input:     $artifact" >&2
    echo "  reproduce: $bin $artifact" >&2
    echo "  minimise:  $bin -minimize_crash=1 -runs=10000 $artifact" >&2
    echo "  then copy it to tests/fuzz/regressions/<what-it-does>.$ext (tests/fuzz/README.md)" >&2
  fi
  return 1
}

# SECONDS in all: an even share each, the first target also taking what the division leaves.
share=$((seconds / ${#targets[@]}))
extra=$((seconds - share * ${#targets[@]}))
status=0
for t in "${targets[@]}"; do
  fuzz "$t" $((share + extra)) "$@" || status=1
  extra=0
done
exit "$status"
