/* Study: a sweep results directory read back (what `vmqsim collect` and the capacity search of
 * `vmqsim sweep` share). It reads only the directory (manifest.json, runs/, probes/), never the
 * sweep file, so a results directory copied elsewhere still collects.
 *
 * Probes (bisection runs of the capacity search) live in
 *   DIR/probes/cNNN/VALUE/run-rNN/   configuration NNN (in order of first appearance among the
 *                                    points), the searched key at VALUE, replication NN
 * and run with the same seeds as the grid's replications.
 */
#ifndef VQ_STUDY_H
#define VQ_STUDY_H

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sim/study/capacity.h"
#include "sim/study/columns.h"

G_BEGIN_DECLS

typedef struct {
  JsonParser *parser;
  const char *name;  /* the study's name (its sweep file's, "capacity-vmq-vs-vmmq"); NULL when
                        the manifest has none */
  GPtrArray *keys;   /* const char*: the axis keys */
  JsonArray *points; /* per point, an array of the axis values (strings) */
  JsonArray *seeds;  /* per replication, its --seed (string) */
  guint n_points, reps;
  VqCapacitySpec *capacity; /* NULL without [capacity] */
  int search;               /* the searched axis, or -1 */
  GArray *collect;          /* VqColumn: the [collect] metrics (empty: none) */
} VqManifest;

/* DIR/manifest.json, or NULL with a message in *WHY (free it) and the exit status to give in
 * *STATUS (2: not a sweep results directory or a malformed manifest). */
VqManifest *vq_manifest_load(const char *dir, char **why);
void vq_manifest_free(VqManifest *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqManifest, vq_manifest_free)
const char *vq_manifest_value(const VqManifest *m, guint point, guint axis);
const char *vq_manifest_seed(const VqManifest *m, guint replication);

/* What the runs hold, in order of first appearance; filled as they load. */
typedef struct {
  GPtrArray *vms;     /* char*: the VMs' names (each has the default columns) */
  GPtrArray *columns; /* per [collect] metric of the manifest, a GPtrArray of its columns */
} VqStudyFound;

/* The metrics of the run whose summary.json is PATH: column name -> double* (the default
 * per-VM columns, vq_run_metric_names, and the columns of COLLECT, VqColumn, when not NULL), or
 * NULL when it is missing, unreadable or not run with WANT_SEED (the last two noted on stderr).
 * New VM names and [collect] columns are appended to FOUND (when not NULL). */
GHashTable *vq_study_load_run(const char *path, const char *want_seed, const GArray *collect,
                              VqStudyFound *found);
/* DIR/runs/run-NNNNN: grid run RUN's results directory (the one layout `sweep` writes and
 * `collect` reads). */
char *vq_study_run_dir(const char *dir, guint run);
/* The metrics of every grid run of DIR (n_points * reps tables, NULL where a run is missing or
 * not this sweep's); *PRESENT (may be NULL) counts the others. Free with vq_study_runs_free(). */
GHashTable **vq_study_load_grid(const char *dir, const VqManifest *m, VqStudyFound *found,
                                guint *present);
void vq_study_runs_free(GHashTable **runs, guint n);
/* Mean and 95% Student-t half-width of the finite values of metric NAME over the N tables of
 * RUNS that are not NULL; returns how many there were. */
guint vq_study_stats(GHashTable **runs, guint n, const char *name, double *mean, double *hw);

/* Appends V with 9 significant digits ('.' as decimal point), or UNDEFINED when not finite. */
void vq_study_num(GString *s, double v, const char *undefined);
/* Writes TEXT to DIR/NAME; FALSE (the error on stderr) when it cannot. */
gboolean vq_study_write(const char *dir, const char *name, const GString *text);

/* DIR/probes/cNNN/VALUE/run-rNN. */
char *vq_study_probe_dir(const char *dir, guint config, const char *value, guint replication);

/* The configurations of the capacity search (VqCapConfig*), each with its grid points (from
 * RUNS, n_points * reps tables or NULLs) and the probes found in DIR, analysed. */
GPtrArray *vq_study_configs(const char *dir, const VqManifest *m, GHashTable **runs);

G_END_DECLS

#endif
