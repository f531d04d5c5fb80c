#!/usr/bin/env bash
# `vmqsim rss-hash`: Microsoft's 16 RSS verification hashes through the command line, the
# indirection index, and bad input -> one "vmqsim: " line on stderr, exit 2.
source "$(dirname "$0")/lib.sh" "$@"
TSV=$SRC/tests/data/ms-rss-verification.tsv

# rss NAME ARGS...: runs rss-hash, leaves stdout in $out and the exit status in $rc.
rss() {
  local name=$1
  shift
  out=$("$VMQSIM" rss-hash "$@" 2>"$TMP/err")
  rc=$?
  expect_eq "$name: exits 0" "$rc" 0
  [ -s "$TMP/err" ] && not_ok "$name: stderr: $(cat "$TMP/err")"
}

# Columns: family, src, sport, dst, dport, hash over addresses, hash with TCP ports.
rows=0 ex_rows=0
while IFS=$'\t' read -r family src sport dst dport hash_addr hash_tcp; do
  case $family in ipv4 | ipv6) ;; *) continue ;; esac # comments and the header
  rows=$((rows + 1))
  if [ "$family" = ipv4 ]; then
    s4=$src:$sport d4=$dst:$dport
  else
    s4=[$src]:$sport d4=[$dst]:$dport
  fi
  rss "$family $src -> $dst" --type "$family" --src "$src" --dst "$dst"
  expect_eq "$family $src -> $dst: hash" "$out" "$hash_addr"
  rss "tcp-$family $s4 -> $d4" --type "tcp-$family" --src "$s4" --dst "$d4"
  expect_eq "tcp-$family $s4 -> $d4: hash" "$out" "$hash_tcp"
  [ "$family" = ipv6 ] || continue
  # "RSS Hashing Types": without the extension headers the _EX types hash the IPv6 header's
  # addresses, so they give the published hashes; with them, the Home Address option's address
  # replaces the source and the type-2 Routing Header's the destination, so header addresses
  # ::a/::b with the row's addresses in the extension headers give the row's hash again.
  rss "ipv6-ex $src -> $dst" --type ipv6-ex --src "$src" --dst "$dst"
  expect_eq "ipv6-ex $src -> $dst: hash" "$out" "$hash_addr"
  for t in tcp-ipv6-ex udp-ipv6-ex; do
    rss "$t $s4 -> $d4" --type $t --src "$s4" --dst "$d4"
    expect_eq "$t $s4 -> $d4: hash" "$out" "$hash_tcp"
    rss "$t home+routing $src $dst" --type $t --src "[::a]:$sport" --dst "[::b]:$dport" \
      --home-address "$src" --routing-address "$dst"
    expect_eq "$t home+routing $src $dst: hash" "$out" "$hash_tcp"
  done
  rss "ipv6-ex home+routing $src $dst" --type ipv6-ex --src ::a --dst ::b \
    --home-address "$src" --routing-address "$dst"
  expect_eq "ipv6-ex home+routing $src $dst: hash" "$out" "$hash_addr"
  # Each alone replaces only its own address.
  rss "ipv6-ex home only $src" --type ipv6-ex --src ::a --dst "$dst" --home-address "$src"
  expect_eq "ipv6-ex home only $src: hash" "$out" "$hash_addr"
  rss "ipv6-ex routing only $dst" --type ipv6-ex --src "$src" --dst ::b --routing-address "$dst"
  expect_eq "ipv6-ex routing only $dst: hash" "$out" "$hash_addr"
  ex_rows=$((ex_rows + 1))
done <"$TSV"
expect_eq "vectors read" "$rows" 8
expect_eq "IPv6 vectors through the _EX types" "$ex_rows" 3
# A home address that is not the source changes the hash (the option is hashed, not ignored).
rss "ipv6-ex other home" --type ipv6-ex --src 3ffe:2501:200:1fff::7 --dst 3ffe:2501:200:3::1 \
  --home-address 2001:db8::1
[ "$out" != 0x2cc18cd5 ] && [[ $out =~ ^0x[0-9a-f]{8}$ ]] && ok "ipv6-ex other home: other hash" ||
  not_ok "ipv6-ex other home: $out"

# The other accepted forms give the same hash: [addr] without a port, --opt=value, the key
# spelled out with 0x in capitals.
rss "ipv6 [addr] form" --type ipv6 --src '[3ffe:2501:200:1fff::7]' --dst '[3ffe:2501:200:3::1]'
expect_eq "ipv6 [addr] form: hash" "$out" 0x2cc18cd5
rss "explicit key" --key 0X6D5A56DA255B0EC24167253D43A38FB0D0CA2BCBAE7B30B477CB2DA38030F20C6A42B73BBEAC01FA \
  --type=tcp-ipv4 --src=66.9.149.187:2794 --dst=161.142.100.80:1766
expect_eq "explicit key: hash" "$out" 0x51ccc178
# UDP hashes the same fields as TCP.
rss "udp-ipv4" --type udp-ipv4 --src 66.9.149.187:2794 --dst 161.142.100.80:1766
expect_eq "udp-ipv4: hash" "$out" 0x51ccc178
# Another key gives another hash.
rss "other key" --key "$(printf '%080d' 1)" --type ipv4 --src 66.9.149.187 --dst 161.142.100.80
[ "$out" != 0x323e8fc2 ] && [[ $out =~ ^0x[0-9a-f]{8}$ ]] && ok "other key: other hash" ||
  not_ok "other key: $out"

# --table-size: a second line with the hash's low bits.
rss "table-size 128" --type tcp-ipv4 --src 66.9.149.187:2794 --dst 161.142.100.80:1766 \
  --table-size 128
expect_eq "table-size 128: lines" "$(printf '%s\n' "$out" | wc -l)" 2
expect_eq "table-size 128: hash" "$(printf '%s\n' "$out" | sed -n 1p)" 0x51ccc178
expect_eq "table-size 128: index" "$(printf '%s\n' "$out" | sed -n 2p)" "index $((0x51ccc178 & 127))"
rss "table-size 1" --type ipv4 --src 66.9.149.187 --dst 161.142.100.80 --table-size 1
expect_eq "table-size 1: index" "$(printf '%s\n' "$out" | sed -n 2p)" "index 0"

"$VMQSIM" rss-hash --help >"$TMP/out" 2>&1
expect_eq "rss-hash --help exits 0" "$?" 0
grep -q '^  vmqsim rss-hash' "$TMP/out" && ok "rss-hash --help shows its usage" ||
  not_ok "rss-hash --help shows its usage"
"$VMQSIM" --help | grep -q '^  rss-hash ' && ok "vmqsim --help lists rss-hash" ||
  not_ok "vmqsim --help lists rss-hash"

# bad NAME REGEX ARGS...: exit 2, nothing on stdout, one stderr line matching REGEX.
bad() {
  local name=$1 re=$2
  shift 2
  "$VMQSIM" rss-hash "$@" >"$TMP/out" 2>"$TMP/err"
  expect_eq "$name: exits 2" "$?" 2
  expect_eq "$name: one error line" "$(wc -l <"$TMP/err")" 1
  expect_eq "$name: no output" "$(wc -c <"$TMP/out")" 0
  grep -Eq "$re" "$TMP/err" && ok "$name: message" || not_ok "$name: message was: $(cat "$TMP/err")"
}
A=(--src 66.9.149.187:2794 --dst 161.142.100.80:1766)
bad "key too short" '^vmqsim: rss-hash: --key: .*78 hex digits.*80' --key "$(printf '%078d' 0)" \
  --type tcp-ipv4 "${A[@]}"
bad "key too long" '^vmqsim: rss-hash: --key: .*82 hex digits' --key "$(printf '%082d' 0)" \
  --type tcp-ipv4 "${A[@]}"
bad "key not hex" "^vmqsim: rss-hash: --key: .*'z' .*not a hex digit" --key "z$(printf '%079d' 0)" \
  --type tcp-ipv4 "${A[@]}"
bad "port on ipv4" '^vmqsim: rss-hash: --src 66.9.149.187:2794: .*addresses only' --type ipv4 "${A[@]}"
bad "port on ipv6" '^vmqsim: rss-hash: --dst \[::2\]:80: .*addresses only' --type ipv6 --src ::1 \
  --dst '[::2]:80'
bad "no port on tcp-ipv4" '^vmqsim: rss-hash: --dst 161.142.100.80: .*ports' --type tcp-ipv4 \
  --src 66.9.149.187:2794 --dst 161.142.100.80
bad "family mismatch" '^vmqsim: rss-hash: --src \[::1\]:80: an IPv6 address, but --type tcp-ipv4' \
  --type tcp-ipv4 --src '[::1]:80' --dst 161.142.100.80:1766
bad "family mismatch ipv6" '^vmqsim: rss-hash: --src 66.9.149.187: an IPv4 address, but --type ipv6' \
  --type ipv6 --src 66.9.149.187 --dst ::1
bad "table size 100" '^vmqsim: rss-hash: --table-size 100: .*power of two <= 128' --type tcp-ipv4 \
  "${A[@]}" --table-size 100
bad "table size 256" '^vmqsim: rss-hash: --table-size 256: ' --type tcp-ipv4 "${A[@]}" --table-size 256
bad "table size 0" '^vmqsim: rss-hash: --table-size 0: ' --type tcp-ipv4 "${A[@]}" --table-size 0
bad "unknown option" "^vmqsim: rss-hash: unknown option '--frobnicate'" --type tcp-ipv4 "${A[@]}" \
  --frobnicate
bad "unknown type" '^vmqsim: rss-hash: --type ipv4-ex: unknown; expected .*udp-ipv6-ex' \
  --type ipv4-ex "${A[@]}"
X=(--src '[::1]:80' --dst '[::2]:81')
bad "home address, plain type" '^vmqsim: rss-hash: --home-address ::3: --type tcp-ipv6 hashes the IPv6 header' \
  --type tcp-ipv6 "${X[@]}" --home-address ::3
bad "routing address, ipv4" '^vmqsim: rss-hash: --routing-address ::3: --type tcp-ipv4 ' \
  --type tcp-ipv4 "${A[@]}" --routing-address ::3
bad "home address IPv4" '^vmqsim: rss-hash: --home-address 1.2.3.4: an IPv4 address; IPv6 ext' \
  --type tcp-ipv6-ex "${X[@]}" --home-address 1.2.3.4
bad "routing address with port" '^vmqsim: rss-hash: --routing-address \[::3\]:80: .*no port' \
  --type tcp-ipv6-ex "${X[@]}" --routing-address '[::3]:80'
bad "routing address not an address" "^vmqsim: rss-hash: --routing-address ::g: '::g' is not an IPv6" \
  --type udp-ipv6-ex "${X[@]}" --routing-address ::g
bad "ipv6-ex with ports" '^vmqsim: rss-hash: --src \[::1\]:80: --type ipv6-ex hashes addresses only' \
  --type ipv6-ex "${X[@]}"
bad "tcp-ipv6-ex, IPv4 source" '^vmqsim: rss-hash: --src 66.9.149.187:2794: an IPv4 address, but --type tcp-ipv6-ex' \
  --type tcp-ipv6-ex "${A[@]}"
bad "missing type" '^vmqsim: rss-hash: missing --type' "${A[@]}"
bad "missing dst" '^vmqsim: rss-hash: missing --dst' --type ipv4 --src 1.2.3.4
bad "no value" '^vmqsim: rss-hash: Missing argument for --table-size' --type tcp-ipv4 "${A[@]}" --table-size
bad "bad address" "^vmqsim: rss-hash: --src 1.2.3.256: '1.2.3.256' is not an IPv4 address" \
  --type ipv4 --src 1.2.3.256 --dst 1.2.3.4
bad "bad port" "^vmqsim: rss-hash: --src 1.2.3.4:65536: port '65536'" --type tcp-ipv4 \
  --src 1.2.3.4:65536 --dst 1.2.3.4:1
bad "stray argument" "^vmqsim: rss-hash: unexpected argument 'extra'" --type tcp-ipv4 "${A[@]}" extra

finish
