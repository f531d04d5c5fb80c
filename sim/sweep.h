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
 * Keys are scenario --set keys (group.key, vm.NAME.key, flow.NAME.key, event.NAME.key) and are
 * checked against the scenario, one value at a time (errors name the sweep line): every value, or
 * when the axes hold more than 128 values in all, max(2, 128 / axes) of each axis's values evenly
 * spread, first and last included. What the check misses is reported when its run loads.
 * Limits: 100000 points, 200000 values in all the axes, 1000 replications.
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
  char *key;         /* "flow.web.rate" */
  GPtrArray *values; /* char*, as --set values ("1Gbps", "on", "256") */
  guint line;        /* line of the key in the sweep file */
} VqSweepAxis;

typedef struct {
  char *path;          /* the sweep file */
  char *name;          /* basename without extension: names results/<name>/ */
  char *scenario;      /* scenario path, resolved against the sweep file's directory */
  guint64 base_seed;   /* the scenario's seed */
  guint replications;  /* >= 1 */
  gboolean zip;        /* TRUE: point i takes value i of every axis (equal lengths) */
  GPtrArray *axes;     /* VqSweepAxis*, in file order */
  guint n_points;      /* product (cross) or common length (zip) of the axes' lengths */
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

G_END_DECLS

#endif
