/* `vmqsim sweep` and `vmqsim collect`: run a study (sim/sweep.h) and summarise it.
 *
 * Results directory DIR (default results/<sweep name>):
 *   manifest.json        what was run: sweep and scenario paths, the scenario's SHA-256, the
 *                        axes and every point's values, replications, the seed of each
 *                        replication and the seed scheme, the vmqsim version. Written before
 *                        the first run; a restart into DIR must describe the same study.
 *   runs/run-NNNNN/      run N (point N / R, replication N % R), as `vmqsim run --out` writes
 *                        it (atomically: a run is finished when its summary.json exists)
 *   points.csv           one row per point: the axis values, n (replications present), and per
 *   points.json          metric its mean and 95% Student-t half-width over the replications
 *   probes/, capacity.*, capacity-*.png, report.html
 *                        with [capacity]: the bisection's runs and the report (study.h,
 *                        study-report.h)
 * Metrics: vm.NAME.delivered_gbps, vm.NAME.drop_fraction, vm.NAME.latency_p99_s per VM, and the
 * run-level ones of capacity.h (offered and delivered Gbit/s, drop fraction, busiest processor,
 * worst p99 and mean latency). Numbers are printed with %.9g; an undefined value (a CI from one
 * replication, a metric that no run has) is an empty CSV field and a JSON null. */
#ifndef VQ_SWEEP_RUN_H
#define VQ_SWEEP_RUN_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *file; /* the sweep file */
  const char *out;  /* results directory, or NULL: results/<sweep name> */
  guint jobs;       /* runs at a time, >= 1 */
  gboolean list;    /* print every run and stop */
  gboolean single;  /* run only run RUN, without collecting */
  guint run;
  gboolean charts; /* let every run draw its charts */
} VqSweepOptions;

/* Runs the sweep (every run not finished yet, the capacity search, then collect). Returns the
 * exit status: 0 every run finished, 1 a run failed (the others still ran and were collected),
 * 2 bad input (one line on stderr). */
int vq_sweep_execute(const VqSweepOptions *o);

/* Collects the results directory DIR: DIR/points.csv and DIR/points.json (and the capacity
 * answer). Returns 0, 1 when they cannot be written, 2 when DIR is not a sweep results
 * directory. */
int vq_collect_dir(const char *dir);

G_END_DECLS

#endif
