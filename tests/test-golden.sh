#!/usr/bin/env bash
# Golden scenario: results must equal the reviewed copies in tests/golden/, byte for byte.
# After a deliberate model change: VMQSIM_UPDATE_GOLDEN=1 ctest -R golden, then review the diff.
source "$(dirname "$0")/lib.sh" "$@"
G=$SRC/tests/golden
"$VMQSIM" run "$SRC/tests/data/golden.ini" --quiet --out "$TMP/golden" >/dev/null 2>"$TMP/err"
expect_eq "golden scenario runs" "$?" 0
for f in summary.json timeseries.csv cpu.csv; do
  if [ -n "${VMQSIM_UPDATE_GOLDEN:-}" ]; then
    cp "$TMP/golden/$f" "$G/$f"
    echo "updated $G/$f"
  fi
  if cmp -s "$TMP/golden/$f" "$G/$f"; then
    ok "$f matches the golden copy"
  else
    not_ok "$f differs from the golden copy:"
    diff "$G/$f" "$TMP/golden/$f" | head -20
  fi
done
finish
