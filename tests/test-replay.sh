#!/usr/bin/env bash
# [capture NAME] replay, on captures the project generates (tests/tools/vq-gen-capture): every
# captured frame is replayed or counted unusable by reason, as the generator wrote them; each
# hashed frame lands on the processor trace-info gives for the VM's VPort; runs are
# byte-identical; speedup divides time, loop repeats the capture; broken captures and bad maps
# give one line and exit 2 with nothing written.
source "$(dirname "$0")/lib.sh" "$@"
GEN=${VQ_GEN_CAPTURE:-$(dirname "$VMQSIM")/vq-gen-capture}
[ -x "$GEN" ] || { not_ok "no generator at $GEN" && finish; exit; }

"$GEN" "$TMP/cap.pcapng" --pcapng --nano --frames 4000 --flows 400 --seed 3 \
  --expect "$TMP/expect.tsv" || not_ok "generator failed"
# count AWK-CONDITION: expected frames (TSV columns: 2 time, 10 status).
count() { awk -F'\t' "NR > 1 && ($1) { n++ } END { print n + 0 }" "$TMP/expect.tsv"; }
# scenario FILE [CAPTURE-KEYS...]: every IP frame to web (VMMQ over 0-3, default processor 4);
# ARP maps to no VM: the default queue, on processor 5.
scenario() {
  local f=$1
  shift
  cat >"$f" <<INI
[simulation]
duration = 10ms
seed = 1
[host]
processors = 6
[nic]
wire_rate = 100Gbps
default_queue_processor = 5
[vm web]
mac = 00:15:5d:00:00:01
vcpus = 1
vcpu_processors = 5
guest_frame_cycles = 0
vmmq = on
rss_processors = 0-3
rss_default_processor = 4
rss_hash_types = ipv4, tcp-ipv4, ipv6, tcp-ipv6
[capture cap]
file = cap.pcapng
ip_map = 0.0.0.0/0=web, ::/0=web
INI
  printf '%s\n' "$@" >>"$f"
}
# metric DIR KEY: summary.json's run.KEY.
metric() {
  python3 -c "import json; print(json.load(open('$1/summary.json'))['run']['$2'])"
}

scenario "$TMP/s.ini"
"$VMQSIM" run "$TMP/s.ini" --out "$TMP/a" >/dev/null 2>"$TMP/err"
expect_eq "run exits 0" "$?" 0
usable=$(count '$10 == "ok"')
expect_eq "capture_frames = frames in the file" "$(metric "$TMP/a" capture_frames)" 4000
expect_eq "replayed = the generator's usable frames" \
  "$(metric "$TMP/a" capture_replayed_frames)" "$usable"
expect_eq "unusable = the rest" "$(metric "$TMP/a" capture_unusable_frames)" $((4000 - usable))

# check --print: the capture's section, its flows' mean bit rate summed flow by flow (they differ
# in size: the generator's usable frames' bits over a 4 ms pass), every IP protocol named.
"$VMQSIM" check "$TMP/s.ini" --print >"$TMP/print" 2>&1
want=$(python3 -c "
import csv
rows = [r for r in csv.reader(open('$TMP/expect.tsv'), delimiter='\t')][1:]
print(f'{sum(max(64, int(r[2])) for r in rows if r[9] == \"ok\") * 8 / 4000e-6 / 1e9:.4f}')")
got=$(sed -n 's/^\[capture cap\]  [0-9]* flows, \([0-9.]*\) Gbit\/s in all$/\1/p' "$TMP/print")
expect_eq "check --print: [capture cap]'s Gbit/s, flow by flow" "$(printf '%.4f' "$got")" "$want"
grep -q '(null)' "$TMP/print" && not_ok "check --print prints (null)" || ok "no (null) in check --print"
grep -q '^  rx to web: icmpv6 .* at the captured times, ' "$TMP/print" &&
  ok "check --print names ICMPv6 and the captured timing" || not_ok "$(head -30 "$TMP/print")"

# Two captures of the same file: each its own entity in captures[], the run's fields their sums.
scenario "$TMP/two.ini" "[capture again]" "file = cap.pcapng" "ip_map = 0.0.0.0/0=web, ::/0=web" \
  "speedup = 2" "start = 1ms"
"$VMQSIM" run "$TMP/two.ini" --out "$TMP/two" >/dev/null 2>"$TMP/err"
expect_eq "two captures: run exits 0" "$?" 0
# capture DIR I KEY: summary.json's captures[I].KEY.
capture() {
  python3 -c "import json; print(json.load(open('$1/summary.json'))['captures'][$2]['$3'])"
}
expect_eq "captures[] names them in file order" "$(capture "$TMP/two" 0 name) $(capture "$TMP/two" 1 name)" \
  "cap again"
for i in 0 1; do
  expect_eq "captures[$i].frames" "$(capture "$TMP/two" $i frames)" 4000
  expect_eq "captures[$i].replayed_frames" "$(capture "$TMP/two" $i replayed_frames)" "$usable"
  expect_eq "captures[$i].unusable.truncated" "$(capture "$TMP/two" $i unusable.truncated)" \
    "$(count '$10 == "truncated"')"
done
expect_eq "time_scale: 1 / speedup" "$(capture "$TMP/two" 1 time_scale)" 0.5
expect_eq "wire_gbps: twice as fast at speedup 2" \
  "$(python3 -c "import json; c = json.load(open('$TMP/two/summary.json'))['captures']
print(abs(c[1]['wire_gbps'] / c[0]['wire_gbps'] - 2) < 1e-9)")" True
expect_eq "run.capture_frames: the sum" "$(metric "$TMP/two" capture_frames)" 8000
expect_eq "run.capture_replayed_frames: the sum" "$(metric "$TMP/two" capture_replayed_frames)" \
  $((2 * usable))
for r in truncated bad-ipv4-header bad-ipv6-header bad-transport-header; do
  expect_eq "unusable $r" "$(metric "$TMP/a" "capture_unusable.$r")" "$(count "\$10 == \"$r\"")"
done
expect_eq "every replayed frame simulated" "$(metric "$TMP/a" simulated_frames)" "$usable.0"

# Per processor: web's queues got what trace-info says the VPort's table gives each processor.
"$VMQSIM" trace-info "$TMP/cap.pcapng" --scenario "$TMP/s.ini" --vm web >"$TMP/info"
python3 - "$TMP/a/summary.json" "$TMP/info" >"$TMP/cmp" <<'PY'
import json, re, sys
s = json.load(open(sys.argv[1]))
got = {}
for q in s["queues"]:
    if q["vm"] == "web":
        got[q["processor"]] = got.get(q["processor"], 0) + q["offered_frames"]
want = {}
for line in open(sys.argv[2]):
    m = re.match(r"^\s+(\d+)\s+(\d+)\s+(\d+)\s+[0-9.]+%", line)
    if m:
        want[int(m.group(1))] = int(m.group(3))
arp = sum(q["offered_frames"] for q in s["queues"] if q["vm"] == "(default)")
hashed = all(got.get(p, 0) == want.get(p, -1) for p in range(4))
print("ok" if hashed and got.get(4, 0) + arp == want.get(4, -1) else f"got {got} + {arp}, want {want}")
PY
expect_eq "per processor: queues = trace-info's table" "$(cat "$TMP/cmp")" ok

"$VMQSIM" run "$TMP/s.ini" --out "$TMP/b" >/dev/null 2>&1
cmp -s "$TMP/a/summary.json" "$TMP/b/summary.json" && cmp -s "$TMP/a/timeseries.csv" \
  "$TMP/b/timeseries.csv" && ok "two runs byte-identical" || not_ok "two runs differ"

scenario "$TMP/loop.ini" "loop = 2"
"$VMQSIM" run "$TMP/loop.ini" --out "$TMP/l" >/dev/null 2>&1
expect_eq "loop = 2: twice the frames" "$(metric "$TMP/l" capture_frames)" 8000
expect_eq "loop = 2: twice the replayed" "$(metric "$TMP/l" capture_replayed_frames)" \
  $((2 * usable))

# The capture's frames are 1 us apart: in a 1.0005 ms run, those before 1.0005 ms are read; at
# speedup 2, those before 2.001 ms; started 0.5 ms late, those before 0.5005 ms.
scenario "$TMP/d1.ini" "speedup = 1"
"$VMQSIM" run "$TMP/d1.ini" --set simulation.duration=1.0005ms --out "$TMP/d1" >/dev/null 2>&1
expect_eq "speedup 1: frames before the end" "$(metric "$TMP/d1" capture_frames)" \
  "$(count '$2 < 0.0010005')"
scenario "$TMP/d2.ini" "speedup = 2"
"$VMQSIM" run "$TMP/d2.ini" --set simulation.duration=1.0005ms --out "$TMP/d2" >/dev/null 2>&1
expect_eq "speedup 2: twice as many" "$(metric "$TMP/d2" capture_frames)" \
  "$(count '$2 < 0.002001')"
scenario "$TMP/st.ini" "start = 0.5ms"
"$VMQSIM" run "$TMP/st.ini" --set simulation.duration=1.0005ms --out "$TMP/st" >/dev/null 2>&1
expect_eq "start 0.5ms" "$(metric "$TMP/st" capture_frames)" "$(count '$2 < 0.0005005')"
# rate = half the capture's mean frame rate in bits: a pass takes twice as long.
scenario "$TMP/r.ini" "rate = $(python3 -c "
import csv
rows = [r for r in csv.reader(open('$TMP/expect.tsv'), delimiter='\t')][1:]
b = sum(max(64, int(r[2])) for r in rows if r[9] == 'ok') * 8
print(f'{b / 4000e-6 / 2:.6f}bps')")"
"$VMQSIM" run "$TMP/r.ini" --set simulation.duration=2.001ms --out "$TMP/r" >/dev/null 2>&1
expect_eq "rate at half the mean: half as many" "$(metric "$TMP/r" capture_frames)" \
  "$(count '$2 < 0.0010005')"

# The peak: frames 1 us apart fit 100 Gbit/s; 0.1 us apart (speedup 10), a 1518 B frame does not
# (123 Gbit/s) while the mean does (~50): a capture-peak warning, only then.
kinds() { python3 -c "import json; print(' '.join(w['kind'] for w in json.load(open('$1/summary.json'))['warnings']))"; }
expect_eq "no capture-peak warning at speedup 1" "$(kinds "$TMP/a" | grep -c capture-peak)" 0
# Non-IP frames (ARP) match no ip_map prefix: one no-vm warning that names the capture section
# (not a [flow]) and the remedy.
grep -q '"message" : "\[capture cap\]: [0-9]* of its flows go to no VM .*ip_map or mac_map' \
  "$TMP/a/summary.json" && ok "unmapped capture frames: a no-vm warning naming [capture cap]" ||
  not_ok "unmapped capture frames: no warning naming [capture cap]"
scenario "$TMP/peak.ini" "speedup = 10"
"$VMQSIM" run "$TMP/peak.ini" --out "$TMP/p" >/dev/null 2>&1
expect_eq "capture-peak warning at speedup 10" "$(kinds "$TMP/p" | grep -c capture-peak)" 1
# One pass of 4 ms in a 10 ms run: a capture-short warning saying when it ends; none when three
# passes cover the run.
grep -q '"message" : "\[capture cap\] ends at 4[0-9.]* ms of the 10 ms run (1 pass of' \
  "$TMP/a/summary.json" && ok "capture-short warning: 4 ms of 10" ||
  not_ok "no capture-short warning: $(kinds "$TMP/a")"
scenario "$TMP/loop3.ini" "loop = 3"
"$VMQSIM" run "$TMP/loop3.ini" --out "$TMP/l3" >/dev/null 2>&1
expect_eq "no capture-short warning with loop = 3" "$(kinds "$TMP/l3" | grep -c capture-short)" 0
# A capture with no frame, or none usable: a capture-empty warning (the run still works).
"$GEN" "$TMP/empty.pcap" --frames 0
sed 's/^file = .*/file = empty.pcap/' "$TMP/s.ini" >"$TMP/empty.ini"
"$VMQSIM" run "$TMP/empty.ini" --out "$TMP/em" >/dev/null 2>&1
expect_eq "empty capture: run exits 0" "$?" 0
expect_eq "empty capture: a capture-empty warning" "$(kinds "$TMP/em" | grep -c capture-empty)" 1
"$GEN" "$TMP/bad.pcap" --frames 20 --mix truncated=1,bad-ipv4=1
sed 's/^file = .*/file = bad.pcap/' "$TMP/s.ini" >"$TMP/bad.ini"
"$VMQSIM" run "$TMP/bad.ini" --out "$TMP/bad" >/dev/null 2>&1
grep -q '"message" : "\[capture cap\] has no usable frame (20 in the file' "$TMP/bad/summary.json" &&
  ok "every frame unusable: a capture-empty warning with the count" ||
  not_ok "every frame unusable: $(kinds "$TMP/bad")"
"$GEN" "$TMP/arp.pcap" --frames 20 --mix arp=1
sed 's/^file = .*/file = arp.pcap/' "$TMP/s.ini" >"$TMP/arp.ini"
"$VMQSIM" run "$TMP/arp.ini" --out "$TMP/arp" >/dev/null 2>&1
expect_eq "usable frames only: no capture-empty warning" "$(kinds "$TMP/arp" | grep -c capture-empty)" 0

# Errors: one line naming the scenario's line and the capture's problem, exit 2, no results.
err() {
  local name=$1 file=$2 line=$3
  shift 3
  "$VMQSIM" run "$file" --out "$TMP/e" >/dev/null 2>"$TMP/err"
  local rc=$?
  [ "$rc" = 2 ] && [ "$(wc -l <"$TMP/err")" = 1 ] && grep -q "$line" "$TMP/err" &&
    [ ! -e "$TMP/e" ] && ok "$name" || not_ok "$name: exit $rc, stderr: $(cat "$TMP/err")"
}
scenario "$TMP/missing.ini"
sed -i 's/^file = .*/file = nowhere.pcap/' "$TMP/missing.ini"
err "missing file" "$TMP/missing.ini" 'missing.ini:19: \[capture cap\] file: .*nowhere.pcap'
"$GEN" "$TMP/trunc.pcap" --frames 50 --truncate-in-frame 20
sed 's/^file = .*/file = trunc.pcap/' "$TMP/s.ini" >"$TMP/trunc.ini"
err "truncated" "$TMP/trunc.ini" 'trunc.ini:19: .*trunc.pcap.*frame 20'
"$GEN" "$TMP/corrupt.pcap" --frames 50 --corrupt-frame 7
sed 's/^file = .*/file = corrupt.pcap/' "$TMP/s.ini" >"$TMP/corrupt.ini"
err "corrupt" "$TMP/corrupt.ini" 'corrupt.ini:19: .*corrupt.pcap.*frame 7'
"$GEN" "$TMP/raw.pcap" --frames 5 --linktype 12
sed 's/^file = .*/file = raw.pcap/' "$TMP/s.ini" >"$TMP/raw.ini"
err "wrong link type" "$TMP/raw.ini" 'raw.ini:19: .*raw.pcap'
sed 's/^ip_map = .*/ip_map = 10.0.0.0\/33=web/' "$TMP/s.ini" >"$TMP/badmap.ini"
err "bad prefix" "$TMP/badmap.ini" 'badmap.ini:20: \[capture cap\] ip_map: .*10.0.0.0/33'
sed 's/^ip_map = .*/ip_map = 10.0.0.0\/8=nobody/' "$TMP/s.ini" >"$TMP/badvm.ini"
err "unknown VM" "$TMP/badvm.ini" 'badvm.ini:20: .*nobody'
scenario "$TMP/both.ini" "speedup = 2" "rate = 1Gbps"
err "speedup and rate" "$TMP/both.ini" 'both.ini:22: \[capture cap\] rate: and speedup are both set; give one'
scenario "$TMP/maps.ini" "mac_map = 02:00:00:00:00:01=web"
err "mac_map and ip_map" "$TMP/maps.ini" \
  'maps.ini:21: \[capture cap\] mac_map: and ip_map are both set; expected one of them'
scenario "$TMP/wire.ini" "speedup = 1000"
err "mean rate over the wire" "$TMP/wire.ini" 'wire.ini:.*speedup: .*wire_rate'
# A capture that fits alone, with a flow that fits alone, but not both.
bulk=("[flow bulk]" "vm = web" "src = 10.1.0.1:1000" "dst = 10.2.0.1:80" "rate = 50Gbps")
scenario "$TMP/sum.ini" "rate = 60Gbps" "${bulk[@]}"
err "capture and flows over the wire" "$TMP/sum.ini" \
  'sum.ini:.*\[capture cap\] rate: .* 112.526 Gbit/s .*50.6667 Gbit/s of the \[flow\]s.*wire_rate = 100'
scenario "$TMP/sum-ok.ini" "rate = 40Gbps" "${bulk[@]}"
"$VMQSIM" run "$TMP/sum-ok.ini" --out "$TMP/sum-ok" >/dev/null 2>"$TMP/err"
expect_eq "capture and flows within the wire: run exits 0" "$?" 0
finish
