/* The chart `collect` draws for a sweep without [capacity]: DIR/points.png (and its data,
 * points.dat), every point's delivered throughput, drops, worst p99 latency and busiest
 * processor with 95% error bars, labelled by the values that vary between points. */
#ifndef VQ_STUDY_POINTS_H
#define VQ_STUDY_POINTS_H

#include "sim/study/study.h"

G_BEGIN_DECLS

/* Draws it from RUNS (n_points * reps tables or NULLs). FALSE (said on stderr) when it could
 * not be written; TRUE without a chart when gnuplot is missing (said too). */
gboolean vq_study_points_chart(const char *dir, const VqManifest *m, GHashTable **runs);

G_END_DECLS

#endif
