# cpu.gp: busy time of each logical processor, stacked by category (ISR, DPC, vSwitch, ...).
#
# Run by sim/plot.c as   gnuplot -e "PARAMETERS" cpu.gp   with parameters:
#   datafile  cpu.csv: header "processor,<cat1>,<cat2>,..." then one row per processor with the
#             busy fraction (0..1) of each category
#   outfile   the PNG to write
#   ncat      number of category columns (columns 2 .. ncat+1)
#   nrows     number of processors (rows); tick labels are rotated when there are many
#   title     optional chart title (the scenario name)
# By hand:
#   gnuplot -e "datafile='cpu.csv'; outfile='c.png'; ncat=5; nrows=8" results/cpu.gp

if (!exists("title")) title = "vmqsim"
if (!exists("nrows")) nrows = 0
if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
  set terminal pngcairo noenhanced size 1000,600 font "sans,11"
} else {
  set terminal png noenhanced size 1000,600
}
set output outfile
set datafile separator ","

set title title . ": processor busy time by category"
set xlabel "logical processor"
set ylabel "busy (% of simulated time)"
set yrange [0:100]
set ytics 10
set grid ytics
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.75
set key outside right top title "category"
if (nrows > 24) { set xtics rotate by -60 font ",8" }

plot for [i=2:ncat+1] datafile using (100 * column(i)):xtic(1) title columnhead(i)
