# style.gp: what every chart shares. sim/output/plot.c runs it before the chart's template:
#   gnuplot -e "PARAMETERS" style.gp TEMPLATE.gp
#
#   png_terminal(w, h)   the command (for `eval`) selecting a W x H pixel PNG: pngcairo, or
#                        plain png when this gnuplot has no cairo; UTF-8 text (µs) either way
#   line types 1..64     8 colours; from the 9th series on, each group of 8 has its own dash
#                        pattern, so series 1 and 9 share a colour but never a dash (beyond 64
#                        they repeat)
#   others_colour        grey, for series a chart summarises instead of naming
#   warmup_shade(ms)     the commands (for `eval`) that grey 0 .. MS ms of simulated time behind
#                        the data and write "warm-up" in it
#   si_div(m), si_suffix(m)  for an axis up to M: the divisor and the tick suffix (1 "",
#                        1e3 "k", 1e6 "M"), so 600000 frames/s reads "600k"

set encoding utf8
png_terminal(w, h) = strstrt(GPVAL_TERMINALS, "pngcairo") > 0 \
    ? sprintf("set terminal pngcairo noenhanced size %d,%d font 'sans,11'", w, h) \
    : sprintf("set terminal png noenhanced size %d,%d", w, h)

# Matplotlib's "tab10" colours without its grey and olive: distinct, none pale on white.
array series_colour[8] = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", \
                          "#e377c2", "#17becf"]
# solid, dashed, dash-dot, dash-dot-dot, dotted, long dashes, short dashes, long dash-dot
array series_dash[8] = ["1", "2", "4", "5", "3", "(20,8)", "(6,6)", "(20,6,3,6)"]
do for [i=1:64] {
  eval sprintf("set linetype %d linecolor rgb '%s' dashtype %s linewidth 2 pointtype 7", \
               i, series_colour[(i - 1) % 8 + 1], series_dash[(i - 1) / 8 % 8 + 1])
}
set linetype cycle 64
others_colour = "#a8a8a8"

warmup_shade(ms) = sprintf("set object 1 rectangle from first 0, graph 0 to first %.17g, graph 1 \
behind fillcolor rgb '#ececec' fillstyle solid 1.0 noborder; set label 1 'warm-up' at first 0, \
graph 1 offset character 0.5, -1 left front textcolor rgb '#707070'", ms)

si_div(m) = m >= 2e6 ? 1e6 : (m >= 2e3 ? 1e3 : 1)
si_suffix(m) = m >= 2e6 ? "M" : (m >= 2e3 ? "k" : "")
