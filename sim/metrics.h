/* Metrics: the one declaration of every result a run writes, each field of summary.json and
 * each column of timeseries.csv, with its entity kind, type, unit and meaning. The rows are in
 * sim/metrics.def; this header turns them into the VqMetric IDs.
 *
 * Models write through the IDs (sim/report.h), so a misspelt metric does not compile and the
 * writer takes each key and its JSON type from the table. The studies read summary.json back
 * through the same IDs (sim/study/runs.h); a metric a user names in a file is looked up here
 * with vq_metric_find() when the file loads. The tables of docs/metrics.md are generated from
 * it (vq_metrics_markdown(), `vmqsim metrics --markdown`, `make docs`) and
 * tests/test-generated.sh keeps them from drifting.
 */
#ifndef VQ_METRICS_H
#define VQ_METRICS_H

#include <glib.h>

G_BEGIN_DECLS

/* What a metric belongs to: the run, or one entity of summary.json's arrays. */
typedef enum {
  VQ_KIND_RUN,       /* summary.json's "run" object */
  VQ_KIND_VM,        /* "vms": one per VM */
  VQ_KIND_QUEUE,     /* "queues": one per NIC queue */
  VQ_KIND_PROCESSOR, /* "processors": one per logical processor */
  VQ_KIND_VPORT,     /* "vports": one per VMMQ VPort */
  VQ_KIND_UPDATE,    /* "updates": one per live RSS update */
  VQ_KIND_FLOW,      /* "flows": one per flow that saw reordering */
  VQ_KIND_CAPTURE,   /* "captures": one per [capture NAME] */
  VQ_KIND_N
} VqKind;

typedef enum {
  VQ_METRIC_DOUBLE,  /* a JSON number, null when not finite */
  VQ_METRIC_UINT,    /* a JSON integer */
  VQ_METRIC_STRING,  /* a JSON string */
  VQ_METRIC_LATENCY, /* a JSON object with one member per VqLatencyStat */
  VQ_METRIC_SERIES,  /* a timeseries.csv column: one number per sampling interval */
} VqMetricType;

typedef enum {
#define VQ_METRIC(id, kind, name, type, unit, doc) id,
#include "sim/metrics.def"
#undef VQ_METRIC
  VQ_M_N
} VqMetric;

typedef struct {
  VqKind kind;
  const char *name; /* JSON key or column suffix; "<...>" marks an index ("fps.<processor>") */
  VqMetricType type;
  const char *unit; /* for people: "s", "frames", "fraction", ... ("" for strings) */
  const char *doc;  /* one line */
} VqMetricInfo;

/* M's row of the table. */
const VqMetricInfo *vq_metric_info(VqMetric m);
/* "number", "integer", "string", "latency", "series". */
const char *vq_metric_type_name(VqMetricType t);

/* "run", "vm", "queue", ...: the kind as users name it. */
const char *vq_kind_name(VqKind k);
/* Its member of summary.json: "run", or the array "vms", "queues", ... */
const char *vq_kind_member(VqKind k);
/* The kind named NAME (as vq_kind_name() gives it); FALSE when there is none. */
gboolean vq_kind_find(const char *name, VqKind *out);

/* How users name M: "vm.offered_frames" (kind, then key), "run.duration_s"; a timeseries
 * column as "vm.<name>.rx_gbps" ("pcie.busy" for the run). Transfer full. */
char *vq_metric_label(VqMetric m);
/* Whether M's name holds an index ("fps.<processor>"). */
gboolean vq_metric_is_indexed(VqMetric m);
/* Longest key vq_metric_key() writes, its terminating NUL included. */
#define VQ_METRIC_KEY_MAX 64
/* M's key: its name itself when it has no index; else its name with INDEX in place of the
 * "<...>" part, written to BUF, and BUF is returned. */
const char *vq_metric_key(VqMetric m, guint index, char buf[VQ_METRIC_KEY_MAX]);
/* Whether KEY is M's key ("fps.3" is VQ_M_VPORT_FPS's, storing 3 in *INDEX when INDEX is not
 * NULL). */
gboolean vq_metric_matches(VqMetric m, const char *key, guint *index);
/* The summary.json metric of KIND whose key is NAME ("busy.dpc"; "fps.3" matches
 * "fps.<processor>", storing 3 in *INDEX when INDEX is not NULL); FALSE when there is none.
 * Timeseries columns are not looked up. */
gboolean vq_metric_find(VqKind kind, const char *name, VqMetric *out, guint *index);

/* The members of a LATENCY metric's object, in the order they are written. */
typedef enum {
  VQ_LATENCY_COUNT,  /* "count": samples */
  VQ_LATENCY_MEAN_S, /* "mean_s": exact mean */
  VQ_LATENCY_P50_S,  /* "p50_s": median */
  VQ_LATENCY_P99_S,  /* "p99_s": 99th percentile */
  VQ_LATENCY_P999_S, /* "p999_s": 99.9th percentile */
  VQ_LATENCY_MAX_S,  /* "max_s": exact maximum */
  VQ_LATENCY_N
} VqLatencyStat;

/* "count", "mean_s", ... */
const char *vq_latency_stat_name(VqLatencyStat s);
/* The quantile a percentile stands for (0.5, 0.99, 0.999); NAN for the others. */
double vq_latency_stat_quantile(VqLatencyStat s);

/* The tables of docs/metrics.md: the table as Markdown, one section per kind, then the
 * timeseries columns (transfer full). */
char *vq_metrics_markdown(void);

G_END_DECLS

#endif
