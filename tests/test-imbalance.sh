#!/usr/bin/env bash
# Table-granularity imbalance (scenarios/rss-imbalance.ini, issue 12 item 8): T = 128 entries
# round-robin over N = 6 processors give 2 processors 22 entries and 4 processors 21, so with
# uniform flows processor k's expected share of the frames is p_k = c_k / 128 and
#   max/mean = 22 / (128/6) = 1.03125,   (max-min)/min = 1/21 = 0.047619.
# Bounds: M frames drawn over the connections make each share multinomial, sd sqrt(p(1-p)/M);
# F connections drawn at random add sd sqrt(p(1-p)/F) (which entry each one hashes to). Every
# share must lie within 4 sd of p_k (a false failure ~4e-4 per run), max/mean within 1% of the
# analytic value, and (max-min)/min within the range those 4-sd shares allow.
#  1. 65,536 connections = 256 addresses x 256 source ports, sequential: the Toeplitz hash is
#     linear (XOR) in the 16 varying bits, so each of the 128 entries gets exactly 512 of them
#     and only the frames' noise is left (F = infinity; ~2.3 M frames, sd 0.15% of a share).
#  2. 65,536 connections drawn at random, Poisson arrivals (the study's case): with F noise the
#     1% check of max/mean is only ~1.2 sd, so it gets the 4-sd bound too (~3.6%).
source "$(dirname "$0")/lib.sh" "$@"
INI=$SRC/scenarios/rss-imbalance.ini
WINDOW=1.95 # duration - warmup, seconds

# check NAME F(0: no connection noise) SUMMARY
check() {
  awk -v name="$1" -v f="$2" -v w="$WINDOW" '
    /"vports"/ { in_vp = 1 }
    in_vp && /"fps\./ { v = $3; sub(/,$/, "", v); fps[n++] = v; m += v * w }
    in_vp && /"table_size"/ { t = $3 + 0 }
    in_vp && /"imbalance_max_mean"/ { mm = $3 + 0 }
    in_vp && /"imbalance_min_max"/ { mnm = $3 + 0; in_vp = 0 }
    END {
      if (n != 6 || t != 128) { print "not ok - " name ": no 6-queue VPort of 128 entries"; exit 1 }
      bad = 0
      for (k = 0; k < n; k++) {
        p = (int(t / n) + (k < t % n)) / t
        sd = sqrt(p * (1 - p) * (1 / m + (f > 0 ? 1 / f : 0)))
        if (k == 0) { pmax = p; smax = sd } else { pmin = p; smin = sd }
        if ((fps[k] * w / m - p) ^ 2 > (4 * sd) ^ 2) {
          printf "share of processor %d %.5f, expected %.5f +- %.5f (4 sd)\n", k, fps[k] * w / m, p, 4 * sd
          bad = 1
        }
      }
      amm = pmax * n; ar = pmax / pmin - 1; r = 1 / mnm - 1
      rtol = (pmax + 4 * smax) / (pmin - 4 * smin) - 1 - ar
      mtol = f > 0 ? 4 * smax / pmax * amm : 0.01 * amm
      printf "%s: %.0f frames, max/mean %.5f (analytic %.5f +- %.5f), (max-min)/min %.5f (analytic %.5f +- %.5f)\n", name, m, mm, amm, mtol, r, ar, rtol
      if ((mm - amm) ^ 2 > mtol ^ 2 || (r - ar) ^ 2 > rtol ^ 2) bad = 1
      exit bad
    }' "$3"
}

run() { # run OUT --set ...
  local out=$1
  shift
  "$VMQSIM" run "$INI" --out "$TMP/$out" --no-charts --set simulation.duration=2s \
    --set flow.clients.rate=1.2Mpps "$@" >/dev/null 2>"$TMP/err" ||
    not_ok "$out: run failed: $(cat "$TMP/err")"
}

run aligned --set flow.clients.src=10.0.0.0/24:1024-1279 --set flow.clients.tuples=sequential
check "aligned 256 x 256 connections" 0 "$TMP/aligned/summary.json" &&
  ok "aligned connections: shares, max/mean within 1% and (max-min)/min of T=128 over N=6" ||
  not_ok "aligned connections: imbalance off the analytic value"

run random
check "65536 random connections" 65536 "$TMP/random/summary.json" &&
  ok "random connections: shares and imbalance within their 4-sd bounds" ||
  not_ok "random connections: imbalance off the analytic value"
finish
