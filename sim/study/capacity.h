/* Capacity search: the largest value of one swept key (offered load, VM count) whose runs meet
 * a service-level objective, and the knee of the throughput curve.
 *
 * The sweep file's [capacity] section:
 *   [capacity]
 *   search = vm.tenant.count     # a [vary] key whose values are numbers in one unit
 *   p99_latency = 200us          # limits (at least one): the worst VM's 99th percentile,
 *   mean_latency = 50us          #   the worst VM's mean latency,
 *   drop_fraction = 0.1%         #   dropped / offered frames over all VMs,
 *   processor_busy = 90%         #   the busiest processor's busy fraction
 *   resolution = 1               # bisection stops when the bracket is this narrow (the search
 *                                # key's unit); default: the grid alone, no bisection
 *
 * A point meets the SLO when the mean over its replications of every limited metric is at or
 * below its limit. Per configuration (the values of every other axis: the variant, say) the
 * capacity is the largest searched value such that it and every smaller value tried meet the
 * SLO; the bracket is that value and the next one tried, which fails. `vmqsim sweep` runs the
 * grid, then bisects each bracket wider than `resolution` (probe runs with the same seeds as the
 * grid); `vmqsim collect` works from whatever runs and probes are on disk.
 *
 * The knee of delivered throughput against the searched value is found with Kneedle
 * (Satopaa, Albrecht, Irwin, Raghavan, "Finding a 'Kneedle' in a Haystack", ICDCS Workshops
 * 2011): both axes scaled to [0, 1], the knee is the point farthest above the chord from the
 * first to the last point; none when that distance is below 0.05 (a straight line).
 */
#ifndef VQ_CAPACITY_H
#define VQ_CAPACITY_H

#include <glib.h>
#include <json-glib/json-glib.h>

#include "sim/input/ini.h"
#include "sim/study/sweep.h"

G_BEGIN_DECLS

/* Run-level metrics of one run's summary.json. */
typedef enum {
  VQ_RUN_OFFERED_GBPS,   /* sum over VMs */
  VQ_RUN_DELIVERED_GBPS, /* sum over VMs */
  VQ_RUN_DROP_FRACTION,  /* dropped / offered frames over all VMs */
  VQ_RUN_MAX_BUSY,       /* the busiest processor's busy fraction */
  VQ_RUN_WORST_P99_S,    /* the largest p99 latency of any VM */
  VQ_RUN_WORST_MEAN_S,   /* the largest mean latency of any VM */
  VQ_RUN_UNSTEADY,       /* 1 when the run warns that a result is not steady, else 0 */
  VQ_RUN_N
} VqRunMetric;

/* "run.offered_gbps", "run.delivered_gbps", "run.drop_fraction", "run.max_processor_busy",
 * "run.worst_p99_latency_s", "run.worst_mean_latency_s", "run.unsteady". */
extern const char *const vq_run_metric_names[VQ_RUN_N];

/* The run-level metrics of SUMMARY (NAN where it lacks what one needs). */
void vq_run_metrics(JsonObject *summary, double out[VQ_RUN_N]);

struct VqCapacitySpec {
  char *search;           /* the searched [vary] key */
  char *unit;             /* its values' unit as written ("kpps", " Gbps", "") */
  double resolution;      /* in UNIT; 0: no bisection */
  double limit[VQ_RUN_N]; /* NAN: not limited */
};

/* Reads [capacity] of INI into SW->capacity (left NULL without the section). */
gboolean vq_capacity_load(const VqIni *ini, VqSweep *sw, GError **error);
void vq_capacity_spec_free(VqCapacitySpec *spec);
/* For manifest.json, and back (NULL and *WHY when O is not a capacity object). */
JsonNode *vq_capacity_spec_to_json(const VqCapacitySpec *spec);
VqCapacitySpec *vq_capacity_spec_from_json(JsonObject *o, const char **why);
/* "p99 latency <= 200 us and drops <= 0.1%": the SLO in words. */
char *vq_capacity_slo_text(const VqCapacitySpec *spec);
/* The number of VALUE (a value of the searched axis), NAN when it is not in the spec's unit. */
double vq_capacity_value(const VqCapacitySpec *spec, const char *value);
/* X written as an axis value: the shortest decimal and the unit. */
char *vq_capacity_format(const VqCapacitySpec *spec, double x);

/* One searched value of one configuration, with the mean and 95% half-width over its n runs. */
typedef struct {
  double x;
  guint n;
  gboolean probe; /* from bisection, not the grid */
  double mean[VQ_RUN_N], ci95[VQ_RUN_N];
} VqCapPoint;

typedef struct {
  char *label;      /* "variant=vmq, nic.ring_size=512", or "all" */
  GArray *points;   /* VqCapPoint, sorted by x after vq_capacity_analyse() */
  guint grid_point; /* a grid point of this configuration (its overrides seed the probes) */
  /* set by vq_capacity_analyse(): */
  double capacity;   /* NAN when even the smallest value fails */
  double first_fail; /* the smallest failing value above capacity; NAN when none fails */
  guint fail_mask;   /* the metrics (1 << VqRunMetric) over their limits at first_fail */
  gboolean monotone; /* FALSE when a value above first_fail meets the SLO again */
  double knee;       /* Kneedle's knee of delivered Gbit/s over x (grid points); NAN: none */
} VqCapConfig;

void vq_cap_config_free(gpointer p);
/* The metrics (1 << VqRunMetric) of P over their limits; an undefined mean counts as over. */
guint vq_capacity_failures(const VqCapacitySpec *spec, const VqCapPoint *p);
void vq_capacity_analyse(const VqCapacitySpec *spec, VqCapConfig *c);
/* The next bisection probe of C (analysed), or FALSE when the bracket is within resolution. */
gboolean vq_capacity_next_probe(const VqCapacitySpec *spec, const VqCapConfig *c, double *x);
/* Kneedle over N points sorted by X; returns the knee's x or NAN. */
double vq_kneedle(const double *x, const double *y, guint n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqCapacitySpec, vq_capacity_spec_free)

G_END_DECLS

#endif
