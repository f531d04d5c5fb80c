/* Sweep: a study as a file: which scenario, which keys vary over which values (crossed or
 * zipped), and how many replications per point. Run I of a sweep is point I / R, replication
 * I % R (R replications), so `vmqsim sweep FILE --run I` is the same run on any machine.
 *
 * File format (INI, the same error standard as scenarios: "FILE:LINE: [group] key: ..."):
 *   [sweep]
 *   scenario = ../scenarios/default.ini   # relative to the sweep file
 *   replications = 5                      # default 1
 *   combine = cross                       # cross (every combination) or zip (i-th with i-th)
 *   [vary]
 *   nic.vmq = off, on                     # a list
 *   flow.bulk-a.rate = 1Gbps..5Gbps step 1Gbps   # a range: LO..HI step STEP (same unit)
 *   nic.ring_size = 256..1024 step 256    # plain numbers too
 *   [variant vmmq]                        # optional: named configurations, crossed with
 *   vm.web.vmmq = on                      # the [vary] points; each is a set of overrides
 *   vm.web.rss_processors = 1-8           # (sets of keys no single axis can switch)
 *   [capacity]                            # optional: the SLO search (sim/capacity.h)
 *   [collect]                             # optional: more metrics for points.csv
 *   metrics = queue.dropped_frames        #   (sim/study/columns.h)
 * Keys are scenario --set keys (group.key, vm.NAME.key, flow.NAME.key, event.NAME.key) and are
 * checked against the scenario, one value at a time (errors name the sweep line): every value, or
 * when the axes hold more than 128 values in all, max(2, 128 / axes) of each axis's values evenly
 * spread, first and last included. What the check misses is reported when its run loads.
 * Limits: 100000 points, 200000 values in all the axes, 1000 replications.
 * With variants, the first axis is "variant" (values: the variant names, in file order) and is
 * crossed with the [vary] points even under combine = zip; a point's overrides are its
 * variant's, then its [vary] values'.
 * Seeds: replication r runs with --seed vq_seed_derive(scenario seed, r): independent streams
 * per replication, the same for every point (common random numbers across points).
 */
#ifndef VQ_SWEEP_H
#define VQ_SWEEP_H

#include <glib.h>

G_BEGIN_DECLS

#define VQ_SWEEP_ERROR (vq_sweep_error_quark())
GQuark vq_sweep_error_quark(void);
typedef enum {
  VQ_SWEEP_ERROR_IO,
  VQ_SWEEP_ERROR_SYNTAX,
  VQ_SWEEP_ERROR_UNKNOWN,
  VQ_SWEEP_ERROR_MISSING,
  VQ_SWEEP_ERROR_RANGE,
} VqSweepError;

typedef struct {
  char *key;         /* "flow.web.rate", or "variant" for the variants' axis */
  GPtrArray *values; /* char*, as --set values ("1Gbps", "on", "256"), or the variant names */
  guint line;        /* line of the key (of the first [variant]) in the sweep file */
} VqSweepAxis;

typedef struct {
  char *name;      /* [variant NAME] */
  GPtrArray *sets; /* char*: "key=value" overrides, in file order */
} VqSweepVariant;

typedef struct VqCapacitySpec VqCapacitySpec; /* sim/capacity.h */

typedef struct {
  char *path;               /* the sweep file */
  char *name;               /* basename without extension: names results/<name>/ */
  char *scenario;           /* scenario path, resolved against the sweep file's directory */
  guint64 base_seed;        /* the scenario's seed */
  guint replications;       /* >= 1 */
  gboolean zip;             /* TRUE: point i takes value i of every axis (equal lengths) */
  GPtrArray *axes;          /* VqSweepAxis*: "variant" first when there are variants, then [vary] */
  GPtrArray *variants;      /* VqSweepVariant*, in file order (empty: none) */
  guint n_points;           /* variants (or 1) x the product (cross) or length (zip) of [vary] */
  VqCapacitySpec *capacity; /* the [capacity] section, or NULL */
  GArray *collect;          /* VqColumn: the [collect] section's metrics, in file order */
} VqSweep;

VqSweep *vq_sweep_load(const char *file, GError **error);
void vq_sweep_free(VqSweep *sw);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqSweep, vq_sweep_free)

/* Runs in all: n_points * replications. */
guint vq_sweep_n_runs(const VqSweep *sw);
/* Point of run RUN and its replication. */
guint vq_sweep_point(const VqSweep *sw, guint run);
guint vq_sweep_replication(const VqSweep *sw, guint run);
/* The value of axis A at POINT. */
const char *vq_sweep_value(const VqSweep *sw, guint point, guint a);
/* "key=value" overrides of POINT, NULL-terminated (free with g_strfreev). */
char **vq_sweep_point_overrides(const VqSweep *sw, guint point);
/* The --seed of replication R. */
guint64 vq_sweep_seed(const VqSweep *sw, guint replication);
/* Index of the axis KEY, or -1. */
int vq_sweep_axis_index(const VqSweep *sw, const char *key);

/* Values as the loader reads them (shared with sim/capacity.c). vq_sweep_split_value() splits a
 * plain number or a quantity in a scenario unit into its number and its unit as written (from
 * the blank before it, if any); on failure it stores the problem in WHY (to follow the quoted
 * text) and returns its VqScenarioError code, else 0. vq_sweep_format_number() writes the
 * shortest decimal (no exponent) that reads back as X rounded to 15 significant digits. */
int vq_sweep_split_value(const char *text, double *num, const char **unit, char **why);
gboolean vq_sweep_same_unit(const char *a, const char *b);
char *vq_sweep_format_number(double x);

G_END_DECLS

#endif
