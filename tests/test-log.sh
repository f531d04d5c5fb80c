#!/usr/bin/env bash
# run --log CAT:LEVEL: XBT log categories per model, each line at its simulated time. Checked
# against summary.json: one nic drop line per dropped frame, one irq line per interrupt, one
# vport line per update; nothing logged without --log; bad categories and levels exit 2 with
# nothing written (~3 s).
source "$(dirname "$0")/lib.sh" "$@"

S=$SRC/scenarios/rss-live-update.ini
"$VMQSIM" run "$S" --quiet --out "$TMP/plain" >/dev/null 2>"$TMP/plain.err"
expect_eq "without --log: no model log lines" "$(grep -c '^\[\(nic\|vport\|engine\|miniport\)/' "$TMP/plain.err")" 0

"$VMQSIM" run "$S" --quiet --out "$TMP/nic" --log=nic:debug --log vport:info >/dev/null 2>"$TMP/err"
expect_eq "--log exits 0" "$?" 0
# the sum of field $1 over summary.json's queues
sum() {
  sed -n '/^  "queues" : \[/,/^  \]/p' "$TMP/nic/summary.json" | grep -o "\"$1\" : [0-9]*" |
    awk '{ s += $3 } END { print s + 0 }'
}
expect_eq "a drop line per dropped frame" "$(grep -c '^\[nic/VERBOSE\] [0-9.]* s: drop ' "$TMP/err")" \
  "$(sum dropped_frames)"
expect_eq "an irq line per interrupt" "$(grep -c '^\[nic/VERBOSE\] [0-9.]* s: irq ' "$TMP/err")" \
  "$(sum interrupts)"
expect_eq "a vport line per update" "$(grep -c '^\[vport/INFO\] .* takes effect' "$TMP/err")" 2
expect_eq "no DPC lines: miniport was not asked for" "$(grep -c '^\[miniport/' "$TMP/err")" 0
awk '/^\[nic\/VERBOSE\]/ { if ($2 < 0 || $2 > 0.12) bad++ } END { exit bad > 0 }' "$TMP/err" &&
  ok "every line's time within the run" || not_ok "a log line's time outside 0..duration"
cmp -s "$TMP/plain/summary.json" "$TMP/nic/summary.json" && ok "logging changes no result" ||
  not_ok "summary.json differs with --log"

for bad in nci:debug nic:loud nic; do
  "$VMQSIM" run "$S" --quiet --out "$TMP/bad" --log="$bad" >/dev/null 2>"$TMP/err"
  expect_eq "--log=$bad exits 2" "$?" 2
  expect_eq "--log=$bad: one line" "$(wc -l <"$TMP/err")" 1
  [ ! -e "$TMP/bad" ] && ok "--log=$bad: nothing written" || not_ok "--log=$bad wrote $TMP/bad"
done
finish
