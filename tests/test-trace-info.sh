#!/usr/bin/env bash
# `vmqsim trace-info`: on captures the project generates (tests/tools/vq-gen-capture), the counts
# equal what the generator wrote, each frame's hash, entry and processor equal `vmqsim rss-hash`'s
# and the table's, the per-entry and per-processor tallies add up, the max/mean equals the one
# computed from the frame list, --scenario takes the VM's VPort; broken captures and bad options
# give one "vmqsim: " line and exit 2.
source "$(dirname "$0")/lib.sh" "$@"
GEN=${VQ_GEN_CAPTURE:-$(dirname "$VMQSIM")/vq-gen-capture}
[ -x "$GEN" ] || { not_ok "no generator at $GEN" && finish; exit; }

cap=$TMP/mix.pcapng
"$GEN" "$cap" --pcapng --nano --frames 4000 --flows 400 --seed 3 --expect "$TMP/expect.tsv" ||
  not_ok "generator failed"
"$VMQSIM" trace-info "$cap" >"$TMP/info" 2>"$TMP/err"
expect_eq "trace-info exits 0" "$?" 0
expect_eq "nothing on stderr" "$(cat "$TMP/err")" ""

# count AWK-CONDITION: expected frames (TSV columns: 10 status, 11 family, 12 proto, 13 fragment,
# 6 tags).
count() { awk -F'\t' "NR > 1 && ($1) { n++ } END { print n + 0 }" "$TMP/expect.tsv"; }
usable=$(count '$10 == "ok"')
expect_eq "frames line" "$(grep '^frames:' "$TMP/info")" \
  "frames: 4000 ($usable usable, $((4000 - usable)) unusable)"
row() { sed -n "s/^  $1  *\([0-9]*\) .*/\1/p" "$TMP/info" | head -1; }
expect_eq "IPv4 TCP" "$(row 'IPv4 TCP')" "$(count '$10 == "ok" && $11 == 4 && $12 == 6')"
expect_eq "IPv6 UDP" "$(row 'IPv6 UDP')" "$(count '$10 == "ok" && $11 == 6 && $12 == 17')"
expect_eq "IPv6 other" "$(row 'IPv6 other')" \
  "$(count '$10 == "ok" && $11 == 6 && $12 != 6 && $12 != 17')"
expect_eq "non-IP" "$(row 'non-IP')" "$(count '$10 == "ok" && $11 == 0')"
expect_eq "truncated" "$(row truncated)" "$(count '$10 == "truncated"')"
expect_eq "bad-ipv4-header" "$(row bad-ipv4-header)" "$(count '$10 == "bad-ipv4-header"')"
frag4=$(count '$10 == "ok" && $11 == 4 && $13 == 1') frag6=$(count '$10 == "ok" && $11 == 6 && $13 == 1')
grep -q "^  IP fragments: $frag4 IPv4, $frag6 IPv6 " "$TMP/info" && ok "fragments" ||
  not_ok "fragments: expected $frag4 and $frag6: $(grep fragments "$TMP/info")"
qinq=$(count '$10 == "ok" && $6 == 2')
grep -q " two (QinQ)" "$TMP/info" && grep -q ", $qinq two (QinQ)" "$TMP/info" && ok "QinQ" ||
  not_ok "QinQ: expected $qinq: $(grep QinQ "$TMP/info")"
grep -q '^duration: 3.999ms ' "$TMP/info" && ok "duration (4000 frames at 1e6/s)" ||
  not_ok "duration: $(grep duration "$TMP/info")"

# The frame list: the same frames, plus where each goes.
"$VMQSIM" trace-info "$cap" --list >"$TMP/list"
expect_eq "--list: the generator's frames" "$(cut -f1-19 "$TMP/list")" "$(cat "$TMP/expect.tsv")"
# Every hashed frame's processor is its entry's under the default table (entry i: processor
# i mod 4); every other usable frame goes to processor 0.
bad=$(awk -F'\t' 'NR > 1 && $10 == "ok" && (($20 != "-" && $23 != $22 % 4) ||
  ($20 == "-" && $23 != 0)) { n++ } END { print n + 0 }' "$TMP/list")
expect_eq "--list: processor = table[entry]" "$bad" 0
# Hash and entry of some frames of each hashed type, through rss-hash.
checked=0
while IFS=$'\t' read -r src dst sport dport hash type entry home rh2; do
  case $type in
  tcp-ipv6* | udp-ipv6*) args=(--src "[$src]:$sport" --dst "[$dst]:$dport") ;;
  tcp-ipv4 | udp-ipv4) args=(--src "$src:$sport" --dst "$dst:$dport") ;;
  *) args=(--src "$src" --dst "$dst") ;;
  esac
  # the _ex types hash the extension headers' addresses when the frame had them
  [ "$home" != - ] && args+=(--home-address "$home")
  [ "$rh2" != - ] && args+=(--routing-address "$rh2")
  got=$("$VMQSIM" rss-hash --type "$type" "${args[@]}" --table-size 128 | tr '\n' ' ')
  expect_eq "rss-hash $type $src -> $dst" "$got" "$hash index $entry "
  checked=$((checked + 1))
done < <(awk -F'\t' 'NR > 1 && $21 != "-" && seen[$21]++ < 2 { print $14 "\t" $15 "\t" $16 "\t" \
  $17 "\t" $20 "\t" $21 "\t" $22 "\t" $18 "\t" $19 }' "$TMP/list")
expect_eq "frames checked against rss-hash (2 per hash type)" "$checked" 12

# The per-entry and per-processor tallies add up; max/mean as computed from the list.
entries=$(sed -n '/^  frames per table entry:/,$p' "$TMP/info" | tail -n +2 | cut -c11- |
  tr -s ' ' '\n' | awk '{ s += $1 } END { print s }')
expect_eq "per-entry frames sum to the hashed frames" "$entries" "$(count '$10 == "ok" && $11 != 0')"
procs=$(awk '/^  processor  entries/ { on = 1; next } on && /^ +[0-9]+ +[0-9]+ +[0-9]+ / \
  { s += $3; e += $2; next } on { exit } END { print s, e }' "$TMP/info")
expect_eq "per-processor frames and entries" "$procs" "$usable 128"
want=$(awk -F'\t' 'NR > 1 && $23 != "-" { n[$23]++; s++ } END { for (p in n) if (n[p] > m) m = n[p];
  printf "%.3f", m * 4 / s }' "$TMP/list")
grep -q "^  busiest processor / mean: $want over the usable" "$TMP/info" && ok "max/mean $want" ||
  not_ok "max/mean: expected $want: $(grep busiest "$TMP/info")"
want=$(awk -F'\t' 'NR > 1 && $20 != "-" { n[$23]++; s++ } END { for (p in n) if (n[p] > m) m = n[p];
  printf "%.3f", m * 4 / s }' "$TMP/list")
grep -q "^  *$want over the hashed frames" "$TMP/info" && ok "max/mean of the hashed $want" ||
  not_ok "max/mean of the hashed: expected $want: $(grep -A1 busiest "$TMP/info")"

# Options: a 16-entry table over processors 4,6 with processor 9 the default, TCP over IPv4 only.
"$VMQSIM" trace-info "$cap" --table-size 16 --processors 4,6 --default-processor 9 \
  --hash-types tcp-ipv4 >"$TMP/opt"
expect_eq "processors 4,6,9" "$(awk '/^ +[0-9]+ +[0-9]+ +[0-9]+ / { printf "%s:%s ", $1, $2 }' \
  "$TMP/opt")" "4:8 6:8 9:0 "
expect_eq "only tcp-ipv4 hashed" "$(sed -n 's/^  hashed frames: \([0-9]*\) .*/\1/p' "$TMP/opt")" \
  "$(count '$10 == "ok" && $11 == 4 && $12 == 6 && $13 == 0')"
# --scenario: the VM's VPort (rss-live-update.ini: web over processors 2-5, default 2).
"$VMQSIM" trace-info "$cap" --scenario "$SRC/scenarios/rss-live-update.ini" --vm web >"$TMP/sc"
expect_eq "--scenario: the VM's processors" \
  "$(awk '/^ +[0-9]+ +[0-9]+ +[0-9]+ / { printf "%s ", $1 }' "$TMP/sc")" "2 3 4 5 "
grep -q "to the default processor 2$" "$TMP/sc" && ok "--scenario: its default processor" ||
  not_ok "--scenario default: $(grep 'default processor' "$TMP/sc")"

# pcap in microseconds reads the same frames.
"$GEN" "$TMP/mix.pcap" --frames 4000 --flows 400 --seed 3
"$VMQSIM" trace-info "$TMP/mix.pcap" --list | cut -f3- >"$TMP/list-pcap"
expect_eq "pcap and pcapng: the same frames" "$(cut -f3- "$TMP/list")" "$(cat "$TMP/list-pcap")"

# Broken captures and bad arguments: one line, exit 2, naming the file (and frame).
"$GEN" "$TMP/cut.pcap" --frames 50 --truncate-in-frame 12
one_line_exit2 "truncated capture" "$VMQSIM" trace-info "$TMP/cut.pcap"
grep -q "^vmqsim: $TMP/cut.pcap: frame 12: truncated" "$TMP/err" && ok "names frame 12" ||
  not_ok "truncated: $(cat "$TMP/err")"
"$GEN" "$TMP/magic.pcap" --frames 5 --bad-magic
one_line_exit2 "corrupt header" "$VMQSIM" trace-info "$TMP/magic.pcap"
"$GEN" "$TMP/raw.pcap" --frames 5 --linktype 12
one_line_exit2 "wrong link type" "$VMQSIM" trace-info "$TMP/raw.pcap"
grep -q "link type RAW" "$TMP/err" && ok "names the link type" || not_ok "$(cat "$TMP/err")"
one_line_exit2 "missing file" "$VMQSIM" trace-info "$TMP/none.pcap"
one_line_exit2 "--table-size 100" "$VMQSIM" trace-info "$cap" --table-size 100
one_line_exit2 "--processors 3-1" "$VMQSIM" trace-info "$cap" --processors 3-1
one_line_exit2 "--hash-types tcp" "$VMQSIM" trace-info "$cap" --hash-types tcp
one_line_exit2 "--vm without --scenario" "$VMQSIM" trace-info "$cap" --vm web
one_line_exit2 "--scenario without --vm" "$VMQSIM" trace-info "$cap" --scenario "$SRC/scenarios/default.ini"
one_line_exit2 "--scenario with --processors" "$VMQSIM" trace-info "$cap" \
  --scenario "$SRC/scenarios/rss-live-update.ini" --vm web --processors 0-3
one_line_exit2 "a VM without VMMQ" "$VMQSIM" trace-info "$cap" \
  --scenario "$SRC/scenarios/rss-live-update.ini" --vm nobody
one_line_exit2 "no capture" "$VMQSIM" trace-info
"$VMQSIM" trace-info --help >"$TMP/help"
expect_eq "--help exits 0" "$?" 0
grep -q "processors 0-3" "$TMP/help" && ok "--help states the default VPort" || not_ok "--help"
finish
