# reorder.gp: what live RSS updates do, over simulated time. Two panels:
#   top     frames/s indicated on each processor of the VPorts the updates change (load moving
#           between them)
#   bottom  frames/s indicated out of order (a frame after a later frame of its flow)
# with a dashed vertical line, named after the update, where each update took effect in the NIC.
#
# Run by sim/output/plot.c as   gnuplot -e "PARAMETERS" style.gp reorder.gp   with parameters:
#   datafile  timeseries.csv (header row, comma-separated, column 1 = time_s, the end of the
#             interval a row describes)
#   outfile   the PNG to write
#   col[], lbl[]    load series: 1-based CSV columns of vport.<VM>.lp<N>.fps, and their labels
#   rcol[], rlbl[]  reorder series: columns of vport.<VM>.reordered_fps, and their labels
#   upd[], updname[]  simulated times (s) at which updates took effect, and their names
#   nrows     number of data rows in datafile
#   warmup_ms optional: the warm-up, shaded
#   title     optional chart title (the scenario name)
# Each row holds the rate over the interval that ENDS at its time, so the series are drawn as
# steps that hold a row's value back to the previous row's time (fsteps): a change shows in
# the interval where it happened, not one interval later.
# The last row is left out: the run stops with frames still in flight, which the last interval
# never indicates, so every processor's line would end with an artificial drop.
# Frames/s ticks read 600k, 1.2M: the axis is divided by 1, 1e3 or 1e6 (style.gp's si_div).

if (!exists("title")) title = "vmqsim"
if (!exists("warmup_ms")) warmup_ms = 0
eval png_terminal(1000, 800)
set output outfile
set datafile separator ","
set grid
set key outside right top
last = nrows - 2

# The largest value of each panel, for its tick unit.
lmax = 0
do for [i=1:|col|] {
  stats datafile skip 1 every ::0::last using (column(col[i])) nooutput
  lmax = STATS_max > lmax ? STATS_max : lmax
}
rmax = 0
do for [i=1:|rcol|] {
  stats datafile skip 1 every ::0::last using (column(rcol[i])) nooutput
  rmax = STATS_max > rmax ? STATS_max : rmax
}

do for [i=1:|upd|] {
  set arrow i from first upd[i] * 1000, graph 0 to first upd[i] * 1000, graph 1 nohead \
      dashtype 2 linewidth 1.5 linecolor rgb "#555555" front
}
if (warmup_ms > 0) { eval warmup_shade(warmup_ms) }

set xrange [0:*]
set autoscale xfixmax
# Same margins in both panels, so their time axes line up whatever the legends' widths.
set lmargin at screen 0.10
set rmargin at screen 0.82
set multiplot layout 2,1 title title . ": live RSS updates (dashed: update applied by the NIC)"
do for [i=1:|upd|] {
  set label 10 + i updname[i] at first upd[i] * 1000, graph 1 offset character 0.4, -1 left \
      front textcolor rgb "#333333"
}
set ylabel "frames/s indicated"
set yrange [0:*]
# Headroom, so that a peak stays visible under the frame; and "0", not "0k".
set offsets 0, 0, graph 0.05, 0
set ytics add ("0" 0)
set format y "%g" . si_suffix(lmax)
set format x ""
plot for [i=1:|col|] datafile skip 1 every ::0::last \
     using ($1 * 1000):(column(col[i]) / si_div(lmax)) with fsteps linetype i title lbl[i]
do for [i=1:|upd|] { unset label 10 + i }
unset label 1
set format x "%g"
set xlabel "simulated time (ms)"
set ylabel "out-of-order frames/s"
set format y "%g" . si_suffix(rmax)
plot for [i=1:|rcol|] datafile skip 1 every ::0::last \
     using ($1 * 1000):(column(rcol[i]) / si_div(rmax)) with fsteps linetype i title rlbl[i]
unset multiplot
