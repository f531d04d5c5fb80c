#!/usr/bin/env bash
# Generated documentation cannot drift: every block scripts/gen-docs.sh knows (the README's
# scenario-key tables, the fuzzer's dictionary, docs/metrics.md's tables, ...) equals what its
# vmqsim command prints now.
source "$(dirname "$0")/lib.sh" "$@"
cd "$SRC" || exit 1
if scripts/gen-docs.sh "$VMQSIM" --check >"$TMP/out" 2>&1; then
  ok "every generated block is current"
else
  not_ok "a generated block is stale; run make docs: $(head -20 "$TMP/out")"
fi
# The check must catch a stale block: a copy whose README lost a key's row. Only that block is
# rerun in the copy (gen-docs.sh's CODE argument): the check above has rerun every block, and
# some take seconds (the reduced rss-imbalance study).
mkdir -p "$TMP/copy/scripts"
cp scripts/gen-docs.sh "$TMP/copy/scripts/"
grep -v '^| `ring_size`' README.md >"$TMP/copy/README.md"
"$TMP/copy/scripts/gen-docs.sh" "$VMQSIM" --check 'vmqsim keys --markdown' >"$TMP/out" 2>&1
expect_eq "a README without the ring_size row fails the check" "$?" 1
grep -q "gen-docs: .* failed" "$TMP/out" && not_ok "the block's command failed in the copy" ||
  ok "in the copy, the keys block's command ran"
grep -q '^+| `ring_size`' "$TMP/out" && ok "the diff shows the missing row" ||
  not_ok "the diff does not show the row: $(cat "$TMP/out")"
# The metrics table: one line per metric, named as users name them (a sweep's [collect]).
"$VMQSIM" metrics >"$TMP/metrics"
grep -q '^queue\.dropped_frames  *integer  *frames ' "$TMP/metrics" &&
  ok "metrics lists queue.dropped_frames" || not_ok "metrics does not list queue.dropped_frames"
grep -q '^vport\.<name>\.lp<processor>\.fps  *series ' "$TMP/metrics" && ok "metrics lists a series" ||
  not_ok "metrics does not list vport.<name>.lp<processor>.fps"
rows=$(grep -c '^| `' docs/metrics.md)
[ "$(wc -l <"$TMP/metrics")" -eq "$rows" ] && ok "metrics: as many lines as docs/metrics.md rows" ||
  not_ok "metrics: $(wc -l <"$TMP/metrics") lines, docs/metrics.md $rows rows"
# Every key the loader takes is documented: a scenario key missing from `keys` cannot load.
"$VMQSIM" keys >"$TMP/keys"
for k in duration ring_size rss_hash_types rate_zipf action; do
  grep -q "^  $k " "$TMP/keys" && ok "keys lists $k" || not_ok "keys does not list $k"
done
finish
