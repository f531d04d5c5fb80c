# latency.gp: latency CDF (NIC arrival to delivery in the VM), one curve per entity.
#
# Run by sim/output/plot.c as   gnuplot -e "PARAMETERS" style.gp latency.gp   with parameters:
#   datafile  latency_cdf.csv in long format: header "entity,latency_us,cum_fraction", then the
#             rows of each entity together, latency ascending
#   outfile   the PNG to write
#   ent[]     array: the entities drawn by name (names as in column 1; legend entries)
#   nothers   optional: the number of other entities in datafile, those not in ent[], drawn
#             as thin grey curves under one legend entry (sim/output/report-charts.c names the
#             entities with the highest p99 when there are too many to tell apart)
#   xmax_us   optional: the x axis's end (sim/output/report-charts.c: 5% past the largest
#             p99.9, so that one outlier cannot squeeze every curve to the left); curves that
#             go beyond it leave at the edge
#   title     optional chart title (the scenario name)
# The x axis is linear from 0, so distances read as time, not as ratios.
# Each curve keeps only its own rows: the y expression is NaN (skipped) for other entities.
# Curves are steps, not lines: a row gives the fraction at or below a bucket's upper bound, and
# joining rows with slanted lines would suggest samples in empty buckets between them. An
# impulse from 0 marks where each named curve starts (its first non-empty bucket).
# By hand:
#   gnuplot -e "datafile='latency_cdf.csv'; outfile='l.png'; array ent[1]; ent[1]='web'" \
#           results/style.gp results/latency.gp

if (!exists("title")) title = "vmqsim"
if (!exists("xmax_us")) xmax_us = NaN
if (!exists("nothers")) nothers = 0
eval png_terminal(1000, 600)
set output outfile
set datafile separator ","

set title title . ": latency CDF"
set xlabel "latency (µs)"
set ylabel "cumulative fraction of frames"
if (xmax_us > 0) { set xrange [0:xmax_us] } else { set xrange [0:*] }
set yrange [0:1.02]
set ytics 0.1
set grid xtics ytics
set key outside right top title "entity"

# first(e): 1 on the first row of entity E, else 0 (an entity's rows are contiguous; $0 counts
# the rows of the current pass over the file from 0).
prev = ""
first(e) = (f = strcol(1) eq e && ($0 == 0 || prev ne e), prev = strcol(1), f)
# The other entities' rows, in one pass over the file (one per entity takes seconds at 64
# VMs): those of no named entity, cut (NaN) where one entity ends and the next begins, so
# that the step curve does not join them. The cut drops the first row of each grey curve but
# the file's first (a thin line's first bucket, not worth a pass of its own).
named(e) = sum [i=1:|ent|] (e eq ent[i] ? 1 : 0)
other_y(e) = (y = named(e) || ($0 > 0 && prev ne e) ? NaN : column(3), prev = e, y)
# The grey curves first, under the named ones; their legend entry last.
plot for [k=1:(nothers > 0)] datafile skip 1 using 2:(other_y(strcol(1))) with steps \
       linecolor rgb others_colour dashtype 1 linewidth 1 notitle, \
     for [i=1:|ent|] datafile skip 1 using 2:(first(ent[i]) ? column(3) : NaN) \
       with impulses linetype i notitle, \
     for [i=1:|ent|] datafile skip 1 \
       using 2:(strcol(1) eq ent[i] ? column(3) : NaN) with steps linetype i title ent[i], \
     for [i=1:(nothers > 0)] keyentry with steps \
       linecolor rgb others_colour dashtype 1 linewidth 1 \
       title (nothers > 0 ? sprintf("others (%d)", nothers) : "")
