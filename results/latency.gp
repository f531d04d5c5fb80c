# latency.gp: latency CDF (NIC arrival to delivery in the VM), one curve per entity.
#
# Run by sim/plot.c as   gnuplot -e "PARAMETERS" latency.gp   with parameters:
#   datafile  latency_cdf.csv in long format: header "entity,latency_us,cum_fraction", then the
#             rows of each entity together, latency ascending
#   outfile   the PNG to write
#   ent[]     array: the entities to draw (names as in column 1; legend entries)
#   title     optional chart title (the scenario name)
# Each curve keeps only its own rows: the y expression is NaN (skipped) for other entities.
# Curves are steps, not lines: a row gives the fraction at or below a bucket's upper bound, and
# joining rows with slanted lines would suggest samples in empty buckets between them.
# By hand:
#   gnuplot -e "datafile='latency_cdf.csv'; outfile='l.png'; array ent[1]; ent[1]='web'" \
#           results/latency.gp

if (!exists("title")) title = "vmqsim"
if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
  set terminal pngcairo noenhanced size 1000,600 font "sans,11"
} else {
  set terminal png noenhanced size 1000,600
}
set output outfile
set datafile separator ","

set title title . ": latency CDF"
set xlabel "latency (µs, log scale)"
set ylabel "cumulative fraction of frames"
set logscale x 10
set format x "%g"
set yrange [0:1.02]
set ytics 0.1
set grid xtics mxtics ytics
set key outside right top title "entity"

plot for [i=1:|ent|] datafile skip 1 \
     using 2:(strcol(1) eq ent[i] ? column(3) : NaN) with steps linewidth 2 title ent[i]
