/* Report charts: the PNGs of a results directory, drawn by gnuplot (sim/output/plot.h) from the
 * data files the report writer has put there. */
#ifndef VQ_REPORT_CHARTS_H
#define VQ_REPORT_CHARTS_H

#include <glib.h>

#include "sim/report.h"

G_BEGIN_DECLS

/* Up to this many VMs, throughput.png names each; beyond, it names the VQ_CHART_NAMED_VMS - 1
 * that lose most of their offered load and draws the others as one mean. One per colour of
 * results/style.gp: a VM's offered and delivered lines share its colour, told apart by dashes. */
#define VQ_CHART_NAMED_VMS 8
/* The same for latency.png's curves (by p99, the others grey): two dash patterns of 8 colours. */
#define VQ_CHART_NAMED_CURVES 16

/* Draws DIR/throughput.png, cpu.png, latency.png and, with live RSS updates, reorder.png, from
 * DIR's timeseries.csv, cpu.csv and latency_cdf.csv (written from R). A chart with nothing to
 * show is left out; without gnuplot none is drawn, with a warning naming TARGET (the results
 * directory DIR will become). An error (VQ_REPORT_ERROR) names TARGET and the chart. */
gboolean vq_report_write_charts(const VqReport *r, const char *dir, const char *target,
                                GError **error);

G_END_DECLS

#endif
