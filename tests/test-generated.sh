#!/usr/bin/env bash
# Generated documentation cannot drift: every block scripts/gen-docs.sh knows (the README's
# scenario-key tables, the fuzzer's dictionary, ...) equals what its vmqsim command prints now.
source "$(dirname "$0")/lib.sh" "$@"
cd "$SRC" || exit 1
if scripts/gen-docs.sh "$VMQSIM" --check >"$TMP/out" 2>&1; then
  ok "every generated block is current"
else
  not_ok "a generated block is stale; run make docs: $(head -20 "$TMP/out")"
fi
# The check must catch a stale block: a copy whose README lost a key's row.
mkdir -p "$TMP/copy/scripts" "$TMP/copy/tests/fuzz"
cp scripts/gen-docs.sh "$TMP/copy/scripts/"
cp -r scenarios "$TMP/copy/"
cp tests/fuzz/scenario.dict "$TMP/copy/tests/fuzz/"
grep -v '^| `ring_size`' README.md >"$TMP/copy/README.md"
"$TMP/copy/scripts/gen-docs.sh" "$VMQSIM" --check >"$TMP/out" 2>&1
expect_eq "a README without the ring_size row fails the check" "$?" 1
grep -q "gen-docs: .* failed" "$TMP/out" && not_ok "a block's command failed in the copy" ||
  ok "in the copy, every block's command ran"
grep -q '^+| `ring_size`' "$TMP/out" && ok "the diff shows the missing row" ||
  not_ok "the diff does not show the row: $(cat "$TMP/out")"
# Every key the loader takes is documented: a scenario key missing from `keys` cannot load.
"$VMQSIM" keys >"$TMP/keys"
for k in duration ring_size rss_hash_types rate_zipf action; do
  grep -q "^  $k " "$TMP/keys" && ok "keys lists $k" || not_ok "keys does not list $k"
done
finish
