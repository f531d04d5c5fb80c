#!/usr/bin/env bash
# Fuzzes the scenario loader for SECONDS (default 60) with libFuzzer + ASan + UBSan + LSan.
#
# Builds tests/fuzz/fuzz-scenario.c with clang against the project's sources (sim/*.c and
# models/*.c but sim/main.c, as the vqcore library) into $FUZZ_BUILD (default build-fuzz/,
# incremental), then runs it on the seed corpus tests/fuzz/corpus/scenario/. New inputs go to
# $FUZZ_BUILD/corpus/ (kept between local runs, so coverage accumulates), never into the repo.
# Exits 0 when nothing was found; otherwise 1, leaving the input that crashed, hung, leaked or
# broke an invariant in $FUZZ_BUILD/artifacts/ and printing how to reproduce it.
# Extra arguments after SECONDS go to libFuzzer (e.g. -jobs=2, -seed=1).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
case $seconds in
'' | *[!0-9]* | 0) echo "usage: scripts/fuzz.sh [SECONDS] [LIBFUZZER-FLAGS...]" >&2 && exit 2 ;;
esac
out=${FUZZ_BUILD:-build-fuzz}
CC=${FUZZ_CC:-clang}
jobs=$(nproc 2>/dev/null || echo 2)

bash scripts/install-deps.sh
command -v "$CC" >/dev/null || { echo "fuzz: $CC not found (scripts/install-deps.sh)" >&2; exit 2; }
if ! "$CC" -print-file-name=libclang_rt.fuzzer-x86_64.a | grep -q /; then
  echo "fuzz: $CC has no libFuzzer runtime; install libclang-rt-dev" >&2
  exit 2
fi

# ---- build --------------------------------------------------------------------------------------
# A generated makefile, so a second run recompiles only what changed (-MMD: headers too).
mkdir -p "$out/obj" "$out/corpus" "$out/artifacts"
pc=$(pkg-config --cflags glib-2.0 json-glib-1.0 simgrid)
libs=$(pkg-config --libs glib-2.0 json-glib-1.0 simgrid)
srcs=""
for f in sim/*.c models/*.c; do
  [ "$f" = sim/main.c ] || srcs+="$f "
done
cat >"$out/fuzz.mk.new" <<EOF
CC := $CC
CFLAGS := -std=c17 -O1 -g -fno-omit-frame-pointer -I. $pc \
  -DVQ_VERSION='"fuzz"' -DVQ_SOURCE_DIR='"$PWD"' \
  -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
  -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
  -Wno-unused-parameter $( [ -n "${CI:-}" ] && echo -Werror ) -MMD -MP
SRCS := $srcs tests/fuzz/fuzz-scenario.c
OBJS := \$(patsubst %.c,$out/obj/%.o,\$(SRCS))
$out/fuzz-scenario: \$(OBJS)
	\$(CC) -fsanitize=fuzzer,address,undefined \$(OBJS) -o \$@ $libs -lm
$out/obj/%.o: %.c $out/fuzz.mk
	@mkdir -p \$(dir \$@)
	\$(CC) \$(CFLAGS) -c \$< -o \$@
-include \$(OBJS:.o=.d)
EOF
# Replaced only when it changed: every object depends on it (flags, source list).
if cmp -s "$out/fuzz.mk.new" "$out/fuzz.mk"; then
  rm "$out/fuzz.mk.new"
else
  mv "$out/fuzz.mk.new" "$out/fuzz.mk"
fi
start=$(date +%s)
make -s -j "$jobs" -f "$out/fuzz.mk" "$out/fuzz-scenario"
echo "fuzz: built $out/fuzz-scenario in $(($(date +%s) - start)) s"

# ---- run ----------------------------------------------------------------------------------------
# detect_leaks stays on: the loader never starts SimGrid (whose stack switching defeats LSan).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
log=$out/fuzz.log
set +e
"$out/fuzz-scenario" "$out/corpus" tests/fuzz/corpus/scenario \
  -dict=tests/fuzz/scenario.dict -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 \
  -max_len=8192 -print_final_stats=1 -artifact_prefix="$out/artifacts/" "$@" 2>&1 |
  tee "$log" | grep -E --line-buffered '(DONE|pulse)'
rc=${PIPESTATUS[0]}
set -e

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
if [ "$rc" -eq 0 ]; then
  echo "fuzz-scenario: ${runs:-?} executions in ${took:-$seconds} s, no crash"
  exit 0
fi
artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
tail -n 40 "$log" >&2 # the report, and libFuzzer's "Base64:" of a small input for CI logs
echo "fuzz-scenario: FOUND A BUG after ${runs:-?} executions (libFuzzer exit $rc); log: $log" >&2
if [ -n "$artifact" ]; then
  echo "  input:     $artifact" >&2
  echo "  reproduce: $out/fuzz-scenario $artifact" >&2
  echo "  minimise:  $out/fuzz-scenario -minimize_crash=1 -runs=10000 $artifact" >&2
  echo "  then copy it to tests/fuzz/regressions/<what-it-does>.ini (tests/fuzz/README.md)" >&2
fi
exit 1
