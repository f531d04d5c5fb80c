/* Report: a neutral container that models fill at the end of a run (and at each sampling tick),
 * and that sim/ writes out as results/<scenario>/summary.json, timeseries.csv and chart data.
 *
 * Models never print or write files: they add entities (a VM, a queue, a processor) and set
 * their metrics, latency histograms and timeseries columns, each named by its VqMetric ID from
 * the table in sim/metrics.def. The writer knows nothing of a model's internals, only that
 * table: each key, its JSON type and its unit come from there.
 */
#ifndef VQ_REPORT_H
#define VQ_REPORT_H

#include <glib.h>

#include "models/histo.h"
#include "sim/metrics.h"

G_BEGIN_DECLS

#define VQ_REPORT_ERROR (vq_report_error_quark())
GQuark vq_report_error_quark(void);

typedef struct VqReport VqReport;
typedef struct VqReportEntity VqReportEntity;

VqReport *vq_report_new(const char *scenario_name);
void vq_report_free(VqReport *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqReport, vq_report_free)

/* The run itself: summary.json's "run" object, for the VQ_KIND_RUN metrics. Owned by R. */
VqReportEntity *vq_report_run(VqReport *r);
/* Adds an entity of KIND (not VQ_KIND_RUN) named NAME; entities keep insertion order within
 * their kind. The report owns what it returns. */
VqReportEntity *vq_report_add_entity(VqReport *r, VqKind kind, const char *name);

/* Metrics of an entity, M being one of its kind. Fields keep the order they were first set in;
 * setting one again replaces its value in place. A UINT metric is written as a JSON integer:
 * V must then be a whole number >= 0 (exact up to 2^53). */
void vq_report_set(VqReportEntity *e, VqMetric m, double v);
/* The same for an indexed metric ("fps.<processor>"), INDEX filling in its "<...>" part. */
void vq_report_set_at(VqReportEntity *e, VqMetric m, guint index, double v);
void vq_report_set_string(VqReportEntity *e, VqMetric m, const char *v);
/* A LATENCY metric: {count, mean_s, p50_s, p99_s, p999_s, max_s} from a copy of H, which the
 * report keeps for the CDF chart (the entity's name labels its curve). */
void vq_report_set_latency(VqReportEntity *e, VqMetric m, const VqHisto *h);

/* Timeseries: columns are declared once before the first row; a row is the sample time and one
 * value per declared column. Column M (a SERIES metric) of the entity named ENTITY is named
 * "<kind>.<ENTITY>.<key>" ("vm.web.rx_gbps", "processor.3.busy"), or "<key>" for a run-level
 * one (ENTITY NULL), the key taking INDEX when M is indexed. Returns the column's number. */
guint vq_report_ts_add_column(VqReport *r, VqMetric m, const char *entity, guint index);
void vq_report_ts_add_row(VqReport *r, double t_s, const double *values, guint n_values);

/* The charts' title, when it should say more than the scenario's name (its overrides). */
void vq_report_set_title(VqReport *r, const char *title);

/* Warnings: a run that works but may not mean what its user thinks (sim/output/warnings.h).
 * KIND names the check ("unsteady", "no-vm", ...); MESSAGE is one line. summary.json lists them
 * in order of addition. */
void vq_report_add_warning(VqReport *r, const char *kind, const char *message);
guint vq_report_n_warnings(const VqReport *r);
/* The I-th warning's message, its kind in *KIND when not NULL. */
const char *vq_report_warning(const VqReport *r, guint i, const char **kind);

G_END_DECLS

#endif
