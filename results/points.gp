# points.gp: a sweep's points side by side, for a sweep without [capacity] (which gets the
# capacity charts instead): four panels, delivered throughput, drops, worst p99 latency and
# busiest processor, each point's mean with its 95% confidence-interval error bar.
#
# Run by sim/output/plot.c (vq_plot_points) as   gnuplot -e "PARAMETERS" style.gp points.gp
# with parameters:
#   datafile  points.dat: per point, its index (0-based), its label (the varied values, quoted),
#             then per metric (in the panels' order) its mean and 95% half-width ("?": none)
#   outfile   the PNG to write
#   title     the study's name
#   xlabel    the varied keys
# By hand:
#   gnuplot -e "datafile='points.dat'; outfile='points.png'; title='t'; xlabel='x'" \
#       results/style.gp results/points.gp

eval png_terminal(1200, 800)
set output outfile
set datafile missing "?"
set grid
set key noautotitle
set multiplot layout 2, 2 title title
set xlabel xlabel
set xrange [-0.5:*]
set offsets 0, 0.5, 0, 0
set xtics rotate by -30 left
array panel_col[4] = [3, 5, 7, 9]
array panel_scale[4] = [1, 100, 1e6, 100]
array panel_label[4] = ["delivered, all VMs (Gbit/s)", "frames dropped, all VMs (%)", \
                        "worst VM's p99 latency (µs)", "busiest processor (% busy)"]
do for [k=1:4] {
  set ylabel panel_label[k]
  set yrange [0:*]
  c = panel_col[k]
  s = panel_scale[k]
  plot datafile using 1:(column(c) * s):((column(c) - column(c + 1)) * s) \
                      :((column(c) + column(c + 1)) * s):xtic(2) \
       with yerrorlines linetype k dashtype 1
}
unset multiplot
