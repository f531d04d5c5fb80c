#!/usr/bin/env bash
# Layers: a lower layer never includes a higher one. From the bottom: the contract
# (sim/scenario.h, sim/report.h, and the metrics table sim/metrics.h with its rows in
# sim/metrics.def) and models/; then sim/input (scenario loading) and sim/engine
# (SimGrid, the run loop) side by side; sim/output (results, charts); sim/study (sweeps,
# studies, validation); sim/cli and sim/main.c (argv front ends) on top. Each rule lists what a
# layer's files may include from this project (vq-commit.h: generated at build time).
source "$(dirname "$0")/lib.sh" "$@"
cd "$SRC" || exit 1
# allowed LAYER: the include prefixes (regular expressions) its files may use
declare -A allowed=(
  [contract]='^(models/histo\.h$|sim/metrics\.(h|def)$)'
  [models]='^(models/|sim/scenario\.h$|sim/report\.h$|sim/metrics\.h$)'
  [input]='^(models/|sim/scenario\.h$|sim/input/)'
  [engine]='^(models/|sim/scenario\.h$|sim/report\.h$|sim/metrics\.h$|sim/engine/)'
  [output]='^(models/|sim/scenario\.h$|sim/report\.h$|sim/metrics\.(h|def)$|sim/output/|vq-commit\.h$)'
  [study]='^(models/|sim/scenario\.h$|sim/report\.h$|sim/metrics\.h$|sim/exit-codes\.h$|sim/input/|sim/output/|sim/study/)'
  [cli]='^(models/|sim/)'
)
layer_of() {
  case $1 in
  sim/scenario.h | sim/report.h | sim/metrics.h | sim/metrics.def | sim/exit-codes.h) echo contract ;;
  models/*) echo models ;;
  sim/input/*) echo input ;;
  sim/engine/*) echo engine ;;
  sim/output/*) echo output ;;
  sim/study/*) echo study ;;
  sim/cli/* | sim/main.c) echo cli ;;
  *) echo unknown ;;
  esac
}
files=$(git ls-files 'sim/*.[ch]' 'sim/*.def' 'models/*.[ch]')
[ -n "$files" ] || files=$(find sim models -name '*.[ch]' -o -name '*.def')
checked=0
for f in $files; do
  layer=$(layer_of "$f")
  if [ "$layer" = unknown ]; then
    not_ok "$f is in no layer (sim/ keeps only main.c and the contract headers at its top)"
    continue
  fi
  while read -r inc; do
    [ -n "$inc" ] || continue
    checked=$((checked + 1))
    [[ $inc =~ ${allowed[$layer]} ]] || not_ok "$f ($layer) includes $inc"
  done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
done
[ "$failed" -eq 0 ] && ok "no layer includes a higher one"
# The check must have looked at something, and must catch a violation.
[ "$checked" -gt 100 ] && ok "$checked project includes checked" || not_ok "only $checked includes found"
[[ sim/cli/bench.h =~ ${allowed[models]} ]] && not_ok "the models rule lets sim/cli in" ||
  ok "the models rule refuses sim/cli"
finish
