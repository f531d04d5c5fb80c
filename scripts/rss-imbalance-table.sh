#!/bin/sh
# Measured against analytic RSS imbalance, per point of a finished rss-imbalance sweep:
#   scripts/rss-imbalance-table.sh results/rss-imbalance [--no-chart]  -> table on stdout,
#   DIR/imbalance.csv and (unless --no-chart) DIR/imbalance.png (gnuplot, scripts/rss-imbalance.gp).
# The README's table is this table for the reduced study (scenarios/rss-imbalance-reduced.sweep,
# written by scripts/gen-docs.sh).
# Per run: N = the VPort's queues, T = its table size, F = the section's count, M = frames in
# the measured window (sum of fps.<lp> x (duration - warmup)). Analytic for uniform flows:
# max/mean = ceil(T/N)/(T/N), (max-min)/min = (ceil-floor)/floor, (max-min)/max = (ceil-floor)/ceil
# (the Linux selftest's "16%", see the README). "expected" adds the noise of
# F uniform flows and M frames: each processor's share p (entries/T) gets relative variance
# 1/(F p) + 1/(M p) (Poisson counts), shares are renormalised to sum 1 (which makes them
# multinomial to first order), and the mean over 5,000 draws of the max/mean and
# (max-min)/min of those shares is reported; the draws restart from seed 1 at every point, so a
# point's value does not depend on which other points the sweep has. Zipf points have no
# analytic value ("-").
set -eu
DIR=${1:?usage: rss-imbalance-table.sh RESULTS_DIR [--no-chart]}
CHART=${2:-}
SRC=$(cd "$(dirname "$0")/.." && pwd)
# Each finished run's scenario.ini and summary.json, in run order, read by one awk.
set --
for run in "$DIR"/runs/run-*; do
  [ -f "$run/summary.json" ] && set -- "$@" "$run/scenario.ini" "$run/summary.json"
done
[ $# -gt 0 ] || { echo "rss-imbalance-table.sh: no finished run in $DIR/runs" >&2; exit 1; }
# Per run, from scenario.ini: the window (duration - warmup), F = count, rate_zipf; from the
# first VPort of the pretty-printed summary.json: N, T, M = frames (fps.<lp> x window), imbalance.
awk -v OFS='\t' '
  function secs(v,    n, u) { # 50ms, 1s, 200us -> seconds
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    return sprintf("%.9g", n * (u == "ms" ? 1e-3 : u == "us" ? 1e-6 : u == "ns" ? 1e-9 : 1)) + 0
  }
  FNR == 1 && FILENAME ~ /scenario\.ini$/ { delete kv }
  FILENAME ~ /scenario\.ini$/ {
    if (match($0, /^(duration|warmup|count|rate_zipf)=/)) {
      k = substr($0, 1, RLENGTH - 1)
      if (!(k in kv)) kv[k] = substr($0, RLENGTH + 1)
    }
    next
  }
  FNR == 1 { on = done = m = 0; w = sprintf("%.9g", secs(kv["duration"]) - secs(kv["warmup"])) + 0 }
  done { next }
  /"vports"/ { on = 1 }
  on && /"queue_pairs"/ { n = $3 + 0 }
  on && /"table_size"/ { t = $3 + 0 }
  on && /"fps\./ { m += $3 * w }
  on && /"imbalance_max_mean"/ { mm = $3 + 0 }
  on && /"imbalance_min_max"/ { print n, t, kv["count"], kv["rate_zipf"] + 0, m, mm, $3 + 0; done = 1 }' \
  "$@" | sort -k1,1n -k4,4n -k2,2n -k3,3n | awk -F'\t' -v OFS=, '
  function normal() { return sqrt(-2 * log(1 - rand())) * cos(6.283185307179586 * rand()) }
  # Mean over draws of max/mean and (max-min)/min of N noisy shares (see the header).
  function expect(n, t, f, m,    d, k, c, x, s, mx, mn, smm, sr) {
    smm = sr = 0
    for (d = 0; d < 5000; d++) {
      s = 0
      for (k = 0; k < n; k++) {
        c = int(t / n) + (k < t % n ? 1 : 0)
        x[k] = c / t * (1 + normal() * sqrt((1 / f + 1 / m) * t / c))
        s += x[k]
      }
      mx = 0; mn = 1e300
      for (k = 0; k < n; k++) { mx = x[k] > mx ? x[k] : mx; mn = x[k] < mn ? x[k] : mn }
      smm += mx / (s / n); sr += (mx - mn) / mn
    }
    e_mm = smm / 5000; e_r = sr / 5000
  }
  function flush() {
    if (!cnt) return
    lo = int(pt / pn); hi = lo + (pt % pn ? 1 : 0)
    if (pz == 0) {
      srand(1)
      expect(pn, pt, pf, sm / cnt)
      a_mm = sprintf("%.4f", hi / (pt / pn)); a_r = sprintf("%.4f", (hi - lo) / lo)
      x_mm = sprintf("%.4f", e_mm); x_r = sprintf("%.4f", e_r)
      a_rm = sprintf("%.4f", (hi - lo) / hi)
    } else a_mm = a_r = x_mm = x_r = a_rm = "-"
    print pn, pt, pf, pz, cnt, sprintf("%.0f", sm / cnt), sprintf("%.4f", smm / cnt), a_mm, x_mm,
      sprintf("%.4f", sr / cnt), a_r, x_r, sprintf("%.4f", srm / cnt), a_rm
    cnt = sm = smm = sr = srm = 0
  }
  BEGIN { print "N,T,flows,zipf,runs,frames,max_mean,analytic,expected,spread,analytic_spread,expected_spread,range_max,analytic_range_max" }
  { if (cnt && ($1 != pn || $2 != pt || $3 != pf || $4 != pz)) flush()
    pn = $1; pt = $2; pf = $3; pz = $4; cnt++; sm += $5; smm += $6; sr += 1 / $7 - 1; srm += 1 - $7 }
  END { flush() }' >"$DIR/imbalance.csv"
awk -F, 'NR == 1 { printf "%19s %-26s %-26s %s\n", "", "   max/mean", "   (max-min)/min",
                   "   (max-min)/max"
                   printf "%3s %4s %6s %4s %8s %8s %8s  %8s %8s %8s  %8s %8s\n", "N", "T", "flows",
                   "zipf", "meas", "anal", "exp", "meas", "anal", "exp", "meas", "anal"
                   next }
         { printf "%3s %4s %6s %4s %8s %8s %8s  %8s %8s %8s  %8s %8s\n", $1, $2, $3, $4, $7, $8,
           $9, $10, $11, $12, $13, $14 }' "$DIR/imbalance.csv"
if [ "$CHART" != --no-chart ] && command -v gnuplot >/dev/null; then
  gnuplot -e "csv='$DIR/imbalance.csv'; out='$DIR/imbalance.png'" "$SRC/scripts/rss-imbalance.gp"
fi
