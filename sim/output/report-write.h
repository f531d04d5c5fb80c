/* Report writer: a filled VqReport (sim/report.h) written out as a results directory. */
#ifndef VQ_REPORT_WRITE_H
#define VQ_REPORT_WRITE_H

#include <glib.h>
#include <stdio.h>

#include "sim/output/outdir.h"
#include "sim/report.h"

G_BEGIN_DECLS

/* Writes OUT/summary.json, OUT/timeseries.csv, OUT/latency_cdf.csv, OUT/cpu.csv (mean busy
 * fraction per processor and category, from "processor" entities' "busy.<category>" fields),
 * with CHARTS the charts (throughput.png, cpu.png, latency.png) through gnuplot and the marker
 * OUT/.vmqsim-run, OUT being the directory claimed with vq_outdir_claim(). Everything is written
 * into a temporary sibling directory first and renamed into place at the end, so OUT is either
 * complete or absent/previous. An error in VQ_OUTDIR_ERROR_REFUSED means OUT changed since it
 * was claimed and may no longer be replaced (nothing was). */
gboolean vq_report_write(const VqReport *r, const VqOutdir *out, gboolean charts, GError **error);

/* A compact human summary table (per VM and per processor) on FP. */
void vq_report_print_summary(const VqReport *r, FILE *fp);

G_END_DECLS

#endif
