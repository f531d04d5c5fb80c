#!/usr/bin/env bash
# make install's layout: `cmake --install` into a scratch prefix gives bin/vmqsim and the man
# page; the installed binary, and a copy of it elsewhere, run a scenario from another directory
# and draw its charts (the templates are compiled in), with the same numbers as the build's.
source "$(dirname "$0")/lib.sh" "$@"

BUILD=$(dirname "$VMQSIM")
cmake --install "$BUILD" --prefix "$TMP/prefix" >/dev/null 2>"$TMP/err"
expect_eq "cmake --install exits 0" "$?" 0
[ -x "$TMP/prefix/bin/vmqsim" ] && ok "bin/vmqsim installed" || not_ok "bin/vmqsim missing"
man1=$(find "$TMP/prefix" -name vmqsim.1 | head -n 1)
grep -q '^\.TH VMQSIM 1 ' "$man1" 2>/dev/null && ok "the man page is installed" ||
  not_ok "no man page with .TH under $TMP/prefix"
grep -q '^\.SS rss-hash$' "$man1" 2>/dev/null && ok "the man page has a section per command" ||
  not_ok "the man page lacks the rss-hash command"

mkdir -p "$TMP/elsewhere" && cp "$VMQSIM" "$TMP/elsewhere/copied"
"$VMQSIM" run "$SRC/tests/data/golden.ini" --quiet --out "$TMP/ref" >/dev/null 2>&1
for bin in "$TMP/prefix/bin/vmqsim" "$TMP/elsewhere/copied"; do
  name=${bin#"$TMP"/}
  (cd "$TMP" && env -u VMQSIM_TEMPLATES "$bin" run "$SRC/tests/data/golden.ini" --quiet \
    --out "$TMP/out-${name//\//-}" >/dev/null 2>"$TMP/err")
  expect_eq "$name: run exits 0" "$?" 0
  for png in throughput cpu latency; do
    [ -s "$TMP/out-${name//\//-}/$png.png" ] && ok "$name draws $png.png" ||
      not_ok "$name: no $png.png ($(head -c 300 "$TMP/err"))"
  done
  cmp -s "$TMP/ref/summary.json" "$TMP/out-${name//\//-}/summary.json" &&
    ok "$name: summary.json as the build's" || not_ok "$name: summary.json differs"
done
finish
