#!/usr/bin/env bash
# Golden scenarios: results must equal the reviewed copies in tests/golden/<scenario>/, byte for
# byte. After a deliberate model change: VMQSIM_UPDATE_GOLDEN=1 ctest -R golden, then review
# the diff.
source "$(dirname "$0")/lib.sh" "$@"
for name in golden golden-vmmq; do
  G=$SRC/tests/golden/$name
  "$VMQSIM" run "$SRC/tests/data/$name.ini" --quiet --out "$TMP/$name" >/dev/null 2>"$TMP/err"
  expect_eq "$name scenario runs" "$?" 0
  mkdir -p "$G"
  for f in summary.json timeseries.csv cpu.csv; do
    if [ -n "${VMQSIM_UPDATE_GOLDEN:-}" ]; then
      cp "$TMP/$name/$f" "$G/$f"
      echo "updated $G/$f"
    fi
    if cmp -s "$TMP/$name/$f" "$G/$f"; then
      ok "$name/$f matches the golden copy"
    else
      not_ok "$name/$f differs from the golden copy:"
      diff "$G/$f" "$TMP/$name/$f" | head -20
    fi
  done
done
finish
