# The rss-imbalance chart from scripts/rss-imbalance-table.sh's CSV:
#   gnuplot -e "csv='DIR/imbalance.csv'; out='DIR/imbalance.png'" scripts/rss-imbalance.gp
# Columns: 1 N, 2 T, 3 flows, 4 zipf, 7 max/mean, 8 analytic, 9 expected with noise,
# 10 (max-min)/min, 11 analytic, 12 expected.
set terminal pngcairo size 1200,600 font "sans,10"
set output out
set datafile separator ","
set multiplot layout 1,2 title "RSS imbalance: T table entries filled round-robin over N processors (mean of 3 runs)"
set logscale x 2
set xrange [6:160]
set xtics (8, 16, 32, 64, 128)
set xlabel "indirection table size T (entries)"
set grid
set key top right font ",9"
sel(n, f, z) = sprintf("< awk -F, 'NR > 1 && $1 == %d && $3 == %d && $4 == %d' '%s'", n, f, z, csv)
set ylabel "busiest processor / mean (max/mean)"
set yrange [1:2.2]
plot sel(6, 65536, 0) using 2:8 with linespoints lw 2 pt 0 lc rgb "#1f77b4" title "N=6 analytic ceil(T/N)/(T/N)", \
     sel(6, 65536, 0) using 2:7 with points pt 7 ps 1.2 lc rgb "#1f77b4" title "N=6, 65,536 uniform flows", \
     sel(6, 1000, 0) using 2:7 with points pt 6 ps 1.2 lc rgb "#1f77b4" title "N=6, 1,000 uniform flows", \
     sel(6, 1000, 0) using 2:9 with lines dt 2 lc rgb "#1f77b4" title "N=6, 1,000: expected with flow noise", \
     sel(5, 65536, 0) using 2:8 with linespoints lw 2 pt 0 lc rgb "#2ca02c" title "N=5 analytic", \
     sel(5, 65536, 0) using 2:7 with points pt 5 ps 1.2 lc rgb "#2ca02c" title "N=5, 65,536 uniform flows", \
     sel(3, 65536, 0) using 2:8 with linespoints lw 2 pt 0 lc rgb "#ff7f0e" title "N=3 analytic", \
     sel(3, 65536, 0) using 2:7 with points pt 13 ps 1.4 lc rgb "#ff7f0e" title "N=3, 65,536 uniform flows", \
     sel(6, 65536, 1) using 2:7 with linespoints pt 9 ps 1.4 lc rgb "#d62728" title "N=6, 65,536 Zipf(1) flows"
set ylabel "(max - min) / min"
set logscale y 10
set yrange [0.01:30]   # room above the Zipf line for the key
plot sel(6, 65536, 0) using 2:11 with linespoints lw 2 pt 0 lc rgb "#1f77b4" title "N=6 analytic (ceil-floor)/floor", \
     sel(6, 65536, 0) using 2:10 with points pt 7 ps 1.2 lc rgb "#1f77b4" title "N=6, 65,536 uniform flows", \
     sel(6, 1000, 0) using 2:10 with points pt 6 ps 1.2 lc rgb "#1f77b4" title "N=6, 1,000 uniform flows", \
     sel(6, 1000, 0) using 2:12 with lines dt 2 lc rgb "#1f77b4" title "N=6, 1,000: expected with flow noise", \
     sel(5, 65536, 0) using 2:11 with linespoints lw 2 pt 0 lc rgb "#2ca02c" title "N=5 analytic", \
     sel(5, 65536, 0) using 2:10 with points pt 5 ps 1.2 lc rgb "#2ca02c" title "N=5, 65,536 uniform flows", \
     sel(3, 65536, 0) using 2:11 with linespoints lw 2 pt 0 lc rgb "#ff7f0e" title "N=3 analytic", \
     sel(3, 65536, 0) using 2:10 with points pt 13 ps 1.4 lc rgb "#ff7f0e" title "N=3, 65,536 uniform flows", \
     sel(6, 65536, 1) using 2:10 with linespoints pt 9 ps 1.4 lc rgb "#d62728" title "N=6, 65,536 Zipf(1) flows"
unset multiplot
