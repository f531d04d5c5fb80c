/* Study report: what `vmqsim collect` writes for a sweep with a [capacity] section.
 *
 *   capacity.csv    one row per configuration: capacity (the largest searched value meeting the
 *                   SLO), first_fail (the next value tried, which fails), the metrics over
 *                   their limits there, monotone, knee, points
 *   capacity.dat    the points per configuration (grid and probes) for gnuplot: x, n, probe,
 *                   then per run-level metric (capacity.h order) its mean and 95% half-width
 *   capacity-throughput.png, capacity-processor.png, capacity-p99.png
 *                   delivered Gbit/s, busiest processor (%) and worst p99 (us) against the
 *                   searched value, one line with error bars per configuration
 *   report.html     self-contained (charts embedded): the answer in one sentence, the SLO, a
 *                   table per configuration and every point
 * The sentence is printed on stdout too. Charts are skipped (with a note) without gnuplot.
 */
#ifndef VQ_STUDY_REPORT_H
#define VQ_STUDY_REPORT_H

#include "sim/study/study.h"

G_BEGIN_DECLS

/* CONFIGS: VqCapConfig*, analysed. Returns FALSE (with a message on stderr) when a file cannot
 * be written. */
gboolean vq_study_report(const char *dir, const VqManifest *m, GPtrArray *configs);

/* The capacity answer in one sentence (transfer full). */
char *vq_study_sentence(const VqManifest *m, GPtrArray *configs);

G_END_DECLS

#endif
