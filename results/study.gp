# study.gp: one metric of a capacity study against the searched value, one line with 95%
# confidence-interval error bars per configuration.
#
# Run by sim/plot.c (vq_plot_study) as   gnuplot -e "PARAMETERS" study.gp   with parameters:
#   datafile  capacity.dat: one block per configuration, blocks separated by two blank lines;
#             column 1 = the searched value, then per metric its mean and 95% half-width
#   outfile   the PNG to write
#   col       the 1-based column of the metric's mean (its half-width is col + 1)
#   scale     factor applied to the metric (1e6 for seconds -> microseconds)
#   conf[]    array: the configurations' names, in block order (legend entries)
#   xlabel, ylabel, title
#   limit     optional: the SLO limit (already scaled), drawn as a dashed line
#   logy      optional: 1 for a logarithmic y axis (latencies span decades past saturation)
# By hand:
#   gnuplot -e "datafile='capacity.dat'; outfile='p99.png'; col=8; scale=1e6; \
#               array conf[1]; conf[1]='all'; xlabel='x'; ylabel='p99 (us)'; title='t'" \
#               results/study.gp

if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
  set terminal pngcairo noenhanced size 1000,600 font "sans,11"
} else {
  set terminal png noenhanced size 1000,600
}
set output outfile
set title title
set xlabel xlabel
set ylabel ylabel
if (exists("logy") && logy) {
  set logscale y
  set yrange [*:*]
} else {
  set yrange [0:*]
}
set grid
set key outside right top title "configuration"
set style line 99 linecolor rgb "#c00000" dashtype 2 linewidth 2

# An undefined mean or half-width (one replication) is an empty field: "?" skips it.
set datafile missing "?"
if (exists("limit")) {
  plot for [i=1:|conf|] datafile index (i - 1) using 1:(column(col) * scale):(column(col + 1) * scale) \
         with yerrorlines linewidth 2 pointtype 7 title conf[i], \
       limit with lines linestyle 99 title "SLO limit"
} else {
  plot for [i=1:|conf|] datafile index (i - 1) using 1:(column(col) * scale):(column(col + 1) * scale) \
         with yerrorlines linewidth 2 pointtype 7 title conf[i]
}
