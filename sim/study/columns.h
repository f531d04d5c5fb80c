/* Columns: the per-entity metrics `vmqsim collect` reports in points.csv, beside the run-level
 * ones of capacity.h. By default, per VM: delivered Gbit/s, drop fraction and p99 latency. A
 * sweep file adds others, each a number of summary.json named as `vmqsim metrics` lists it
 * (sim/metrics.h):
 *   [collect]
 *   metrics = queue.dropped_frames, processor.busy.dpc, vport.fps.3, vm.latency_s.p999_s,
 *             run.pcie_busy
 * An indexed metric takes one index ("vport.fps.3"), a latency one of its statistics. A name
 * the table does not have is an error when the sweep file loads ("FILE:LINE: [collect]
 * metrics: ...", with a did-you-mean), and again when collect reads manifest.json.
 * A kind's metric gives one column per entity of that kind in the runs, "queue.q1.dropped_frames"
 * (first appearance order), a run metric one column, "run.pcie_busy".
 */
#ifndef VQ_COLUMNS_H
#define VQ_COLUMNS_H

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sim/input/ini.h"
#include "sim/metrics.h"
#include "sim/study/sweep.h"

G_BEGIN_DECLS

/* Longest key of a column: a metric's key and a latency statistic. */
#define VQ_COLUMN_KEY_MAX (VQ_METRIC_KEY_MAX + 16)

typedef struct {
  char key[VQ_COLUMN_KEY_MAX]; /* after "<kind>.<entity>.": "dropped_frames", "latency_s.p99_s" */
  VqMetric metric;             /* a number or a latency of summary.json */
  guint index;                 /* METRIC's index, when it has one */
  VqLatencyStat stat;          /* the statistic, when METRIC is a latency */
} VqColumn;

/* The per-VM columns every collect reports, under the names points.csv has always used. */
#define VQ_N_DEFAULT_COLUMNS 3
extern const VqColumn vq_default_columns[VQ_N_DEFAULT_COLUMNS];

/* NAME ("queue.dropped_frames") as a column: TRUE, or FALSE and *WHY (transfer full), starting
 * with NAME quoted: what is wrong, a did-you-mean when a metric is close, what is allowed. */
gboolean vq_column_parse(const char *name, VqColumn *out, char **why);
/* C as vq_column_parse() reads it: "queue.dropped_frames" (transfer full). */
char *vq_column_label(const VqColumn *c);
/* C's column for the entity named ENTITY: "queue.q1.dropped_frames"; "run.pcie_busy" for a run
 * metric (ENTITY NULL). Transfer full. */
char *vq_column_name(const VqColumn *c, const char *entity);
/* C's value in E, an entity of C's kind (the "run" object for a run metric); NAN when missing. */
double vq_column_value(const VqColumn *c, JsonObject *e);

/* Reads [collect] of INI into SW->collect (VqColumn; left empty without the section). */
gboolean vq_collect_load(const VqIni *ini, VqSweep *sw, GError **error);

G_END_DECLS

#endif
