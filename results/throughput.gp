# throughput.gp: delivered throughput per VM over simulated time, one line per VM.
#
# Run by sim/plot.c as   gnuplot -e "PARAMETERS" throughput.gp   with parameters:
#   datafile  timeseries.csv (header row, comma-separated, column 1 = time_s)
#   outfile   the PNG to write
#   col[]     array: the 1-based CSV column of each VM's vm.<NAME>.rx_gbps series
#   vm[]      array: the VM names, same order (legend entries)
#   title     optional chart title (the scenario name)
# By hand:
#   gnuplot -e "datafile='timeseries.csv'; outfile='t.png'; array col[1]; col[1]=2; \
#               array vm[1]; vm[1]='web'" results/throughput.gp

if (!exists("title")) title = "vmqsim"
if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
  set terminal pngcairo noenhanced size 1000,600 font "sans,11"
} else {
  set terminal png noenhanced size 1000,600
}
set output outfile
set datafile separator ","

set title title . ": throughput delivered to each VM"
set xlabel "simulated time (ms)"
set ylabel "delivered throughput (Gbit/s)"
set yrange [0:*]
set grid
set key outside right top title "VM"

plot for [i=1:|col|] datafile skip 1 using ($1 * 1000):(column(col[i])) \
     with lines linewidth 2 title vm[i]
