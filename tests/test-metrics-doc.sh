#!/usr/bin/env bash
# docs/metrics.md cannot drift from the metrics table: it must equal what `vmqsim metrics
# --markdown` prints (after a change to sim/metrics.def, rerun
# `build/vmqsim metrics --markdown > docs/metrics.md`).
source "$(dirname "$0")/lib.sh" "$@"
doc=$SRC/docs/metrics.md
"$VMQSIM" metrics --markdown >"$TMP/metrics.md"
expect_eq "vmqsim metrics --markdown exits 0" "$?" 0
if cmp -s "$TMP/metrics.md" "$doc"; then
  ok "docs/metrics.md equals vmqsim metrics --markdown"
else
  not_ok "docs/metrics.md differs from vmqsim metrics --markdown (regenerate it):"
  diff "$doc" "$TMP/metrics.md" | head -20
fi
# The comparison must be able to fail: one metric less is a difference.
grep -v '^| `settle_s` |' "$doc" >"$TMP/edited.md"
cmp -s "$TMP/metrics.md" "$TMP/edited.md" && not_ok "a doc missing a row still compares equal" ||
  ok "a doc missing a row differs"
# The plain listing: one line per metric, named as users name them.
"$VMQSIM" metrics >"$TMP/list"
expect_eq "vmqsim metrics exits 0" "$?" 0
grep -q '^queue\.dropped_frames  *integer  *frames ' "$TMP/list" && ok "lists queue.dropped_frames" ||
  not_ok "queue.dropped_frames missing from: $(head -3 "$TMP/list")"
grep -q '^vport\.<name>\.lp<processor>\.fps  *series ' "$TMP/list" && ok "lists a series" ||
  not_ok "vport.<name>.lp<processor>.fps missing"
rows=$(grep -c '^| `' "$doc")
[ "$(wc -l <"$TMP/list")" -eq "$rows" ] && ok "as many lines as the doc has rows ($rows)" ||
  not_ok "$(wc -l <"$TMP/list") lines, $rows rows"
one_line_exit2 "an unknown option is refused" "$VMQSIM" metrics --bogus
finish
