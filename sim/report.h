/* Report: a neutral container that models fill at the end of a run (and at each sampling tick),
 * and that sim/ writes out as results/<scenario>/summary.json, timeseries.csv and chart data.
 *
 * Models never print or write files: they add entities ("vm", "queue", "processor") with
 * numeric fields, latency histograms, and timeseries columns. The writer knows nothing of a
 * model's internals, only these names.
 */
#ifndef VQ_REPORT_H
#define VQ_REPORT_H

#include <glib.h>

#include "models/histo.h"

G_BEGIN_DECLS

#define VQ_REPORT_ERROR (vq_report_error_quark())
GQuark vq_report_error_quark(void);

typedef struct VqReport VqReport;
typedef struct VqReportEntity VqReportEntity;

VqReport *vq_report_new(const char *scenario_name);
void vq_report_free(VqReport *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqReport, vq_report_free)

/* Run-level facts ("seed", "duration_s", "simulated_frames", ...). */
void vq_report_set_run_double(VqReport *r, const char *key, double v);
void vq_report_set_run_string(VqReport *r, const char *key, const char *v);

/* Adds an entity of KIND ("vm", "queue", "processor") named NAME; entities keep insertion order
 * within their kind. Fields keep insertion order too. The report owns what it returns. */
VqReportEntity *vq_report_add_entity(VqReport *r, const char *kind, const char *name);
void vq_report_entity_set_double(VqReportEntity *e, const char *key, double v);
void vq_report_entity_set_uint(VqReportEntity *e, const char *key, guint64 v);
void vq_report_entity_set_string(VqReportEntity *e, const char *key, const char *v);
/* Adds "latency_s": {count, mean, p50, p99, p999, max} and keeps a copy of H for the CDF chart
 * (the entity's name labels its curve). */
void vq_report_entity_set_latency(VqReportEntity *e, const VqHisto *h);

/* Timeseries: columns are declared once before the first row; a row is the sample time and one
 * value per declared column. Column names are dotted: "vm.web.rx_gbps",
 * "processor.3.busy.dpc". */
guint vq_report_ts_add_column(VqReport *r, const char *name);
void vq_report_ts_add_row(VqReport *r, double t_s, const double *values, guint n_values);

G_END_DECLS

#endif
