/* Private to the report code: the structures behind VqReport and VqReportEntity, and the
 * helpers that sim/report.c (the container and its summary table) shares with
 * sim/report-write.c (the file writers) and sim/report-charts.c (the charts). Only report*.c
 * include this header; it is not installed and models never see it (they go through
 * sim/report.h).
 */
#ifndef VQ_REPORT_PRIVATE_H
#define VQ_REPORT_PRIVATE_H

#include <glib.h>

#include "models/histo.h"
#include "sim/metrics.h"
#include "sim/report.h"

G_BEGIN_DECLS

#define VQ_REPORT_ERROR_FAILED 0 /* VQ_REPORT_ERROR's only code: the message names the file */
#define BUSY_PREFIX "busy."      /* a processor's busy categories: "busy.isr", "busy.dpc", ... */

typedef enum { FIELD_DOUBLE, FIELD_UINT, FIELD_STRING, FIELD_LATENCY } FieldType;

typedef struct {
  VqMetric metric; /* its row of the metrics table */
  guint index;     /* fills in an indexed metric's key; 0 otherwise */
  FieldType type;  /* which of the members below holds the value (from the table) */
  double d;        /* FIELD_DOUBLE */
  guint64 u;       /* FIELD_UINT */
  char *s;         /* FIELD_STRING, owned */
  VqHisto *h;      /* FIELD_LATENCY, owned copy */
} Field;

struct VqReportEntity {
  VqKind kind;
  char *name;        /* unique within its kind; NULL for the run */
  GPtrArray *fields; /* Field*, insertion order */
};

typedef struct {
  VqKind kind;
  GPtrArray *entities; /* VqReportEntity*, insertion order */
  GHashTable *by_name; /* name -> VqReportEntity* (borrowed from entities) */
} Kind;

/* A timeseries column. */
typedef struct {
  char *name;      /* "vm.web.rx_gbps" */
  VqMetric metric; /* a SERIES metric */
} TsColumn;

struct VqReport {
  char *scenario;        /* scenario name */
  char *title;           /* charts' title: the name and the overrides, or NULL: the name */
  VqReportEntity *run;   /* run-level facts (kind VQ_KIND_RUN, no name) */
  GPtrArray *kinds;      /* Kind*, first-use order */
  GPtrArray *ts_columns; /* TsColumn*, in declaration order */
  GArray *ts_data;       /* double; per row: time_s then one value per column */
  guint ts_rows;         /* rows in ts_data */
  GPtrArray *warnings;   /* char*: kind and message, alternately */
};

/* The kind KIND, or NULL when no entity of that kind was added. */
Kind *vq_report_find_kind(const VqReport *r, VqKind kind);
/* Field M (at INDEX for an indexed metric) of E, or NULL. */
Field *vq_report_field_find(const VqReportEntity *e, VqMetric m, guint index);
/* The key of field F ("fps.3") in BUF, or its metric's name. */
const char *vq_report_field_key(const Field *f, char buf[VQ_METRIC_KEY_MAX]);
/* A numeric field (double or uint) as a double; FALSE when absent or not numeric. */
gboolean vq_report_field_number(const VqReportEntity *e, VqMetric m, double *out);
/* The same for an indexed metric at INDEX ("fps.3": VQ_M_VPORT_FPS at 3). */
gboolean vq_report_field_number_at(const VqReportEntity *e, VqMetric m, guint index, double *out);
/* The entity's latency histogram, or NULL when it has none. */
const VqHisto *vq_report_entity_latency(const VqReportEntity *e);
/* The busy categories ("busy.<category>" metrics) set on any processor, first-seen order. */
GArray *vq_report_cpu_categories(const VqReport *r);
/* A busy category's name: "dpc" for VQ_M_PROCESSOR_BUSY_DPC. */
const char *vq_report_category(VqMetric busy);
/* The entities with a latency histogram, in summary.json order (borrowed), and in *LABELS
 * (free both) their labels in latency_cdf.csv: the name, or "kind.name" when two kinds share it
 * (report-write.c). */
GPtrArray *vq_report_latency_entities(const VqReport *r, GPtrArray **labels);

G_END_DECLS

#endif
