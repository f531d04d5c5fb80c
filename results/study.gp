# study.gp: one metric of a capacity study against the searched value, one line with 95%
# confidence-interval error bars per configuration, with the study's answers marked:
#   SLO limit   a red dashed horizontal line at the metric's limit, when the SLO has one
#   capacity    per configuration a dotted vertical line in its colour at its capacity (the
#               largest value meeting the SLO), its value in the legend ("vmq (capacity 7,
#               knee 8)"), where it cannot hide a curve
#   knee        per configuration an open diamond on its curve at the knee of its delivered
#               throughput (Kneedle), the point past which more load buys little throughput
#
# Run by sim/output/plot.c (vq_plot_study) as   gnuplot -e "PARAMETERS" style.gp study.gp
# with parameters:
#   datafile  capacity.dat: one block per configuration, blocks separated by two blank lines;
#             column 1 = the searched value, then per metric its mean and 95% half-width
#   outfile   the PNG to write
#   col       the 1-based column of the metric's mean (its half-width is col + 1)
#   scale     factor applied to the metric (1e6 for seconds -> microseconds)
#   conf[]    array: the configurations' names, in block order (legend entries)
#   cap[], knee[]  arrays, per configuration: its capacity and its knee (NaN: none)
#   xlabel, ylabel, title
#   limit     optional: the SLO limit (already scaled), drawn as a dashed line
#   logy      optional: 1 for a logarithmic y axis (latencies and drop fractions span decades)
#   zeros     optional, with logy: 1 when the metric can be exactly 0 (drops), which a log axis
#             cannot show: a 0 is drawn on the axis's bottom, a decade below the smallest
#             value above 0 (or the limit), and that tick reads "0"
# By hand:
#   gnuplot -e "datafile='capacity.dat'; outfile='p99.png'; col=12; scale=1e6; logy=1; \
#               array conf[1]; conf[1]='all'; array cap[1]=[7]; array knee[1]=[8]; \
#               xlabel='x'; ylabel='p99 (µs)'; title='t'" results/style.gp results/study.gp

if (!exists("logy")) logy = 0
if (!exists("zeros")) zeros = 0
if (!exists("limit")) limit = NaN
eval png_terminal(1000, 600)
set output outfile
set title title
set xlabel xlabel
set ylabel ylabel
# An undefined mean or half-width (one replication) is an empty field: "?" skips it.
set datafile missing "?"
set grid
set key outside right top title "configuration"
# The same plot width in every chart of a study, whatever its legend.
set rmargin at screen 0.78

ybot = 0
if (logy) {
  set logscale y
  if (zeros) {
    undefine STATS_min
    stats datafile using (column(col) > 0 ? column(col) * scale : NaN) nooutput
    low = exists("STATS_min") ? STATS_min : 1
    if (limit < low) { low = limit }
    ybot = 10 ** (floor(log10(low)) - 1)
    set yrange [ybot:*]
    set ytics add ("0" ybot)
  } else {
    set yrange [*:*]
  }
} else {
  set yrange [0:*]
}
# Mean, and the error bar's ends; on a log axis nothing goes below ybot.
y_of(m) = logy && zeros && m <= ybot ? ybot : m
lo_of(m, h) = logy && zeros && m - h <= ybot ? ybot : m - h

do for [i=1:|conf|] {
  if (cap[i] == cap[i]) {
    set arrow i from first cap[i], graph 0 to first cap[i], graph 1 nohead front \
        linetype i dashtype 3 linewidth 2
  }
}
# "vmq (capacity 7, knee 8)"
conf_title(i) = conf[i] . (cap[i] == cap[i] || knee[i] == knee[i] ? " (" : "") \
    . (cap[i] == cap[i] ? sprintf("capacity %g", cap[i]) : "") \
    . (cap[i] == cap[i] && knee[i] == knee[i] ? ", " : "") \
    . (knee[i] == knee[i] ? sprintf("knee %g", knee[i]) : "") \
    . (cap[i] == cap[i] || knee[i] == knee[i] ? ")" : "")

plot for [i=1:|conf|] datafile index (i - 1) \
       using 1:(y_of(column(col) * scale)):(lo_of(column(col) * scale, column(col + 1) * scale)) \
             :(y_of((column(col) + column(col + 1)) * scale)) \
       with yerrorlines linetype i dashtype 1 title conf_title(i), \
     for [i=1:|conf|] datafile index (i - 1) \
       using 1:($1 == knee[i] ? y_of(column(col) * scale) : NaN) \
       with points linetype i pointtype 12 pointsize 3 linewidth 2 notitle, \
     for [i=1:(limit == limit)] limit with lines linecolor rgb "#c00000" dashtype 2 linewidth 2 \
       title sprintf("SLO limit (%g)", limit), \
     keyentry with lines linecolor rgb "black" dashtype 3 linewidth 2 title "capacity", \
     keyentry with points linecolor rgb "black" pointtype 12 pointsize 2 linewidth 2 \
       title "knee of throughput"
