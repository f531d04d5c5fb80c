/* Private to the report code: the structures behind VqReport and VqReportEntity, and the
 * helpers that sim/report.c (the container and its summary table) shares with
 * sim/report-write.c (the file writers). Only report*.c include this header; it is not installed
 * and models never see it (they go through sim/report.h).
 */
#ifndef VQ_REPORT_PRIVATE_H
#define VQ_REPORT_PRIVATE_H

#include <glib.h>

#include "models/histo.h"
#include "sim/report.h"

G_BEGIN_DECLS

#define BUSY_PREFIX "busy."

typedef enum { FIELD_DOUBLE, FIELD_UINT, FIELD_STRING, FIELD_LATENCY } FieldType;

typedef struct {
  char *key;      /* JSON key */
  FieldType type; /* which of the members below holds the value */
  double d;       /* FIELD_DOUBLE */
  guint64 u;      /* FIELD_UINT */
  char *s;        /* FIELD_STRING, owned */
  VqHisto *h;     /* FIELD_LATENCY, owned copy */
} Field;

struct VqReportEntity {
  char *kind;        /* "vm", "queue", "processor", ... */
  char *name;        /* unique within its kind */
  GPtrArray *fields; /* Field*, insertion order */
};

typedef struct {
  char *kind;          /* as given to vq_report_add_entity */
  GPtrArray *entities; /* VqReportEntity*, insertion order */
  GHashTable *by_name; /* name -> VqReportEntity* (borrowed from entities) */
} Kind;

struct VqReport {
  char *scenario;        /* scenario name */
  GPtrArray *run;        /* Field*, run-level facts */
  GPtrArray *kinds;      /* Kind*, first-use order */
  GPtrArray *ts_columns; /* char*, timeseries column names */
  GArray *ts_data;       /* double; per row: time_s then one value per column */
  guint ts_rows;         /* rows in ts_data */
};

/* The kind named KIND, or NULL when no entity of that kind was added. */
Kind *vq_report_find_kind(const VqReport *r, const char *kind);
/* A numeric field (double or uint) as a double; FALSE when absent or not numeric. */
gboolean vq_report_field_number(const VqReportEntity *e, const char *key, double *out);
/* The entity's latency histogram, or NULL when it has none. */
const VqHisto *vq_report_entity_latency(const VqReportEntity *e);
/* "busy.<category>" keys over all processors, first-seen order (borrowed strings); "busy.total"
 * is left out. Free the array, not its contents. */
GPtrArray *vq_report_cpu_categories(const VqReport *r);

G_END_DECLS

#endif
