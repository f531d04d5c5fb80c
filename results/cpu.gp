# cpu.gp: busy time of each logical processor, stacked by category (ISR, DPC, vSwitch, ...).
#
# Run by sim/output/plot.c as   gnuplot -e "PARAMETERS" style.gp cpu.gp   with parameters:
#   datafile  cpu.csv: header "processor,<cat1>,<cat2>,..." then one row per processor with the
#             busy fraction (0..1) of each category
#   outfile   the PNG to write
#   ncat      number of category columns (columns 2 .. ncat+1)
#   nrows     number of processors (rows)
#   title     optional chart title (the scenario name)
# Every processor has a tick, but only every k-th a label, k a power of two chosen so that at
# most 32 labels (16 once names have 3 digits) share the axis: every 8th of 128 processors.
# Bars lose their outline past 64 processors, where it would be wider than the bar.
# By hand:
#   gnuplot -e "datafile='cpu.csv'; outfile='c.png'; ncat=5; nrows=8" results/style.gp results/cpu.gp

if (!exists("title")) title = "vmqsim"
if (!exists("nrows")) nrows = 0
eval png_terminal(1000, 600)
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
if (nrows > 64) { set style fill solid 0.85 noborder } else { set style fill solid 0.85 border -1 }
set boxwidth 0.75
set key outside right top title "category"
every_k = 1
max_labels = nrows > 100 ? 16 : 32
while (nrows / every_k > max_labels) { every_k = every_k * 2 }
label_of(row) = int(row) % every_k == 0 ? strcol(1) : ""

plot for [i=2:ncat+1] datafile using (100 * column(i)):xtic(label_of($0)) title columnhead(i) \
     linetype i - 1 linewidth 1
