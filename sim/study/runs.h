/* Runs: what `vmqsim validate` and `vmqsim sweep` share. One `vmqsim run` in a child process
 * (SimGrid cannot restart within a process), reading its summary.json back, and the Student-t
 * quantile of the 95% confidence intervals over replications. */
#ifndef VQ_RUNS_H
#define VQ_RUNS_H

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sim/metrics.h"

G_BEGIN_DECLS

/* Runs `vmqsim run SCENARIO --out OUT --seed SEED [--set S ...] [--no-charts]` with
 * this executable (/proc/self/exe) in a child process and waits for it: the one way vmqsim
 * starts a child. SETS is NULL-terminated (NULL: none); without CHARTS the run writes its data
 * files only (charts cost time and are not needed in bulk); its stdout is discarded. Returns
 * TRUE when it exits 0, else sets ERROR. *STDERR_TEXT (when not NULL) receives its stderr
 * either way. */
gboolean vq_runs_spawn(const char *scenario, const char *out, guint64 seed, const char *const *sets,
                       gboolean charts, char **stderr_text, GError **error);

/* Parses the summary.json at PATH: returns its parser (which owns *SUMMARY, the root object)
 * or NULL with ERROR. */
JsonParser *vq_runs_read_summary(const char *path, JsonObject **summary, GError **error);

/* JSON accessors (manifest.json, ...); each returns NAN or NULL when O or the member is
 * missing. */
double vq_runs_num(JsonObject *o, const char *key); /* a number (JSON null: NAN) */
JsonArray *vq_runs_array(JsonObject *o, const char *key);
JsonObject *vq_runs_object(JsonObject *o, const char *key);

/* summary.json read through the metrics table (sim/metrics.h), so a study asks for a metric by
 * its ID, never by a key written out again. Each returns NAN or NULL when S, E or the member is
 * missing. */
JsonObject *vq_runs_run(JsonObject *s);                  /* the "run" object */
JsonArray *vq_runs_entities(JsonObject *s, VqKind kind); /* the array "vms", "queues", ... */
/* The entity of KIND named NAME, and an entity's name. */
JsonObject *vq_runs_entity(JsonObject *s, VqKind kind, const char *name);
const char *vq_runs_entity_name(JsonObject *e);
/* Element I of A (< its length) when it is an object, else NULL. */
JsonObject *vq_runs_object_at(JsonArray *a, guint i);
/* Metric M of E (a DOUBLE or UINT metric; JSON null reads NAN); _at for an indexed one
 * ("fps.<processor>" at INDEX). */
double vq_runs_metric(JsonObject *e, VqMetric m);
double vq_runs_metric_at(JsonObject *e, VqMetric m, guint index);
/* Statistic S of E's LATENCY metric M. */
double vq_runs_latency(JsonObject *e, VqMetric m, VqLatencyStat s);
/* A STRING metric. */
const char *vq_runs_metric_string(JsonObject *e, VqMetric m);

/* Student t quantile, two-sided 95%, with DF degrees of freedom (rounded down beyond 30,
 * which is conservative). NAN for DF = 0. */
double vq_runs_t975(guint df);

G_END_DECLS

#endif
