# throughput.gp: throughput offered to and delivered to each VM over simulated time.
#
# Run by sim/output/plot.c as   gnuplot -e "PARAMETERS" style.gp throughput.gp   with parameters:
#   datafile   timeseries.csv (header row, comma-separated, column 1 = time_s, the end of the
#              interval a row describes)
#   outfile    the PNG to write
#   vm[]       the VMs drawn by name (legend entries)
#   col[]      for each, the 1-based CSV column of its vm.<NAME>.rx_gbps (delivered)
#   ocol[]     for each, the column of its vm.<NAME>.offered_gbps; 0 when there is none
#   nothers    optional: the number of other VMs, drawn as one grey pair of lines (their
#              mean per VM); rcol[] and rocol[] hold their two columns, as col[] and ocol[]
#              (sim/output/report-charts.c names the VMs that lose most of their offered load
#              and leaves the rest to these)
#   nrows      number of data rows in datafile
#   warmup_ms  optional: the warm-up, shaded (not measured in summary.json)
#   title      optional chart title (the scenario name)
# Each VM has one colour: delivered solid, offered dashed (thinner); where the two part, the
# VM does not get what it is offered.
# The last row is left out: the run stops with frames still in flight (in rings, DPC passes,
# the vSwitch), which the last interval never delivers, so it would end every busy VM's line
# with a drop that is an artefact of stopping, not of the model.
# By hand (from a results directory):
#   gnuplot -e "datafile='timeseries.csv'; outfile='t.png'; nrows=100; warmup_ms=20; \
#               array vm[1]; vm[1]='web'; array col[1]; col[1]=3; array ocol[1]; ocol[1]=2" \
#           ../style.gp ../throughput.gp

if (!exists("title")) title = "vmqsim"
if (!exists("warmup_ms")) warmup_ms = 0
if (!exists("nothers")) nothers = 0
eval png_terminal(1000, 600)
set output outfile
set datafile separator ","

set title title . ": throughput offered (dashed) and delivered (solid) to each VM"
set xlabel "simulated time (ms)"
set ylabel "throughput (Gbit/s)"
set xrange [0:*]
set autoscale xfixmax
set yrange [0:*]
set grid
set key outside right top title "VM" noautotitle
if (warmup_ms > 0) { eval warmup_shade(warmup_ms) }

last = nrows - 2
others_title = nothers > 0 ? sprintf("others (%d VMs), mean", nothers) : ""
# Offered first, so that delivered is drawn over it where the two are equal.
plot for [i=1:|vm|] datafile skip 1 every ::0::last \
       using ($1 * 1000):(ocol[i] > 0 ? column(ocol[i]) : NaN) \
       with lines linetype i dashtype 2 linewidth 1.5 notitle, \
     for [i=1:|vm|] datafile skip 1 every ::0::last using ($1 * 1000):(column(col[i])) \
       with lines linetype i title vm[i], \
     for [k=1:(nothers > 0)] datafile skip 1 every ::0::last \
       using ($1 * 1000):((sum [j=1:nothers] (rocol[j] > 0 ? column(rocol[j]) : NaN)) / nothers) \
       with lines linecolor rgb others_colour dashtype 2 linewidth 1.5 notitle, \
     for [k=1:(nothers > 0)] datafile skip 1 every ::0::last \
       using ($1 * 1000):((sum [j=1:nothers] column(rcol[j])) / nothers) \
       with lines linecolor rgb others_colour dashtype 1 linewidth 2 title others_title, \
     keyentry with lines linecolor rgb "black" dashtype 1 title "delivered", \
     keyentry with lines linecolor rgb "black" dashtype 2 linewidth 1.5 title "offered"
