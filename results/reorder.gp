# reorder.gp: what a live RSS update does, over simulated time. Two panels:
#   top     frames/s indicated on each processor of each VMMQ VPort (load moving between them)
#   bottom  frames/s indicated out of order (a frame after a later frame of its flow)
# with a dashed vertical line where each update took effect in the NIC.
#
# Run by sim/plot.c as   gnuplot -e "PARAMETERS" reorder.gp   with parameters:
#   datafile  timeseries.csv (header row, comma-separated, column 1 = time_s)
#   outfile   the PNG to write
#   col[], lbl[]    load series: 1-based CSV columns of vport.<VM>.lp<N>.fps, and their labels
#   rcol[], rlbl[]  reorder series: columns of vport.<VM>.reordered_fps, and their labels
#   upd[]     simulated times (s) at which updates took effect (may hold one unused 0 slot
#             when nupd = 0)
#   nupd      number of updates
#   tmax_ms   the run's duration in ms (both panels share this x range)
#   title     optional chart title (the scenario name)

if (!exists("title")) title = "vmqsim"
if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
  set terminal pngcairo noenhanced size 1000,800 font "sans,11"
} else {
  set terminal png noenhanced size 1000,800
}
set output outfile
set datafile separator ","
set grid
set key outside right top
do for [i=1:nupd] {
  set arrow i from first upd[i] * 1000, graph 0 to first upd[i] * 1000, graph 1 nohead \
      dashtype 2 linewidth 1.5 linecolor rgb "#555555"
}

set xrange [0:tmax_ms]
# Same margins in both panels, so their time axes line up whatever the legends' widths.
set lmargin at screen 0.10
set rmargin at screen 0.82
set multiplot layout 2,1 title title . ": live RSS updates (dashed: update applied by the NIC)"
set ylabel "frames/s indicated"
set yrange [0:*]
set format x ""
plot for [i=1:|col|] datafile skip 1 using ($1 * 1000):(column(col[i])) \
     with steps linewidth 2 title lbl[i]
set format x "%g"
set xlabel "simulated time (ms)"
set ylabel "out-of-order frames/s"
plot for [i=1:|rcol|] datafile skip 1 using ($1 * 1000):(column(rcol[i])) \
     with steps linewidth 2 title rlbl[i]
unset multiplot
