/* Shared by the traffic generator's tests: scenarios of bare flows, draining a generator, and a
 * reference generator to check it against. Static inline: each test-*.c is its own program. */
#ifndef VQ_TESTS_TRAFFIC_TEST_H
#define VQ_TESTS_TRAFFIC_TEST_H

#include <math.h>

#include "models/traffic.h"

/* A scenario with only what the generator reads: flows. */
static inline VqScenario *scenario_new(void) {
  VqScenario *sc = g_new0(VqScenario, 1);
  sc->vms = g_ptr_array_new();
  sc->flows = g_ptr_array_new_with_free_func(g_free);
  return sc;
}

static inline VqFlowConf *add_flow(VqScenario *sc, VqArrivals arrivals, double rate_fps,
                                   guint64 seed, double start_s, double stop_s) {
  VqFlowConf *fc = g_new0(VqFlowConf, 1);
  fc->vm = -1;
  fc->rate_fps = rate_fps;
  fc->frame_bytes = 64 + 8 * sc->flows->len; /* per-flow length, to check it is carried */
  fc->arrivals = arrivals;
  fc->seed = seed;
  fc->stream = sc->flows->len; /* its own */
  fc->start_s = start_s;
  fc->stop_s = stop_s;
  g_ptr_array_add(sc->flows, fc);
  return fc;
}

/* Pops every frame (the scenario must finish) into an array of VqFrame. The limit is the
 * largest finite time, not +inf: see test_next_inf_limit_finished. */
static inline GArray *drain(const VqScenario *sc) {
  g_autoptr(VqTraffic) tr = vq_traffic_new(sc);
  GArray *out = g_array_new(FALSE, FALSE, sizeof(VqFrame));
  VqFrame f;
  while (vq_traffic_next(tr, G_MAXDOUBLE, &f))
    g_array_append_val(out, f);
  g_assert_true(isinf(vq_traffic_peek(tr)));
  return out;
}

/* Arrival times of flow FLOW in FR. */
static inline GArray *times_of(const GArray *fr, guint flow) {
  GArray *t = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint k = 0; k < fr->len; k++)
    if (g_array_index(fr, VqFrame, k).flow == flow)
      g_array_append_val(t, g_array_index(fr, VqFrame, k).t_s);
  return t;
}

/* N Poisson flows sharing the stream of the first (random_stream = per-section), start 0, with
 * rates by Zipf's law of exponent ZIPF summing to TOTAL_FPS. */
static inline guint add_group(VqScenario *sc, guint n, double total_fps, double zipf, guint64 seed,
                              double stop_s) {
  guint first = sc->flows->len;
  double h = 0;
  for (guint j = 0; j < n; j++)
    h += pow(j + 1.0, -zipf);
  for (guint j = 0; j < n; j++)
    add_flow(sc, VQ_ARRIVALS_POISSON, total_fps * pow(j + 1.0, -zipf) / h, seed + j, 0, stop_s)
        ->stream = first;
  return first;
}

/* Mean and coefficient of variation of the gaps between the times T[0..], from 0. */
static inline void gap_stats(const GArray *t, double *mean, double *cv) {
  double prev = 0, sum = 0, sum2 = 0;
  guint n = t->len;
  for (guint k = 0; k < n; k++) {
    double gap = g_array_index(t, double, k) - prev;
    sum += gap;
    sum2 += gap * gap;
    prev = g_array_index(t, double, k);
  }
  *mean = sum / n;
  *cv = sqrt((sum2 - n * *mean * *mean) / (n - 1)) / *mean;
}

/* The frames of flow FLOW in FR, renumbered as flow 0. */
static inline GArray *frames_of(const GArray *fr, guint flow) {
  GArray *out = g_array_new(FALSE, FALSE, sizeof(VqFrame));
  for (guint k = 0; k < fr->len; k++) {
    VqFrame f = g_array_index(fr, VqFrame, k);
    if (f.flow == flow) {
      f.flow = 0;
      g_array_append_val(out, f);
    }
  }
  return out;
}

/* The generator before superposition, by linear scan: every flow its own process, flows that
 * share a stream drawing from it in arrival order. The oracle for flows not superposed. */
static inline GArray *drain_reference(const VqScenario *sc) {
  guint n = sc->flows->len;
  double *next = g_new(double, n);
  guint64 *seq = g_new0(guint64, n);
  GRand **rng = g_new0(GRand *, n);
  for (guint i = 0; i < n; i++) {
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, i);
    guint32 words[2] = {(guint32)fc->seed, (guint32)(fc->seed >> 32)};
    rng[i] = fc->stream >= i ? g_rand_new_with_seed_array(words, 2) : rng[fc->stream];
    double gap = 1 / fc->rate_fps, u = fc->arrivals == VQ_ARRIVALS_POISSON;
    next[i] = fc->start_s + (u ? -log(1.0 - g_rand_double(rng[i])) * gap : 0);
    if (next[i] >= fc->stop_s - 1e-6 * gap)
      next[i] = INFINITY;
  }
  GArray *out = g_array_new(FALSE, FALSE, sizeof(VqFrame));
  for (guint m = 0; n > 0; m = 0) {
    for (guint i = 1; i < n; i++)
      m = next[i] < next[m] ? i : m;
    if (isinf(next[m]))
      break;
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, m);
    VqFrame f = {.t_s = next[m], .flow = m, .len = fc->frame_bytes, .seq = seq[m]++};
    g_array_append_val(out, f);
    double gap = 1 / fc->rate_fps;
    double t = fc->arrivals == VQ_ARRIVALS_POISSON
                   ? next[m] - log(1.0 - g_rand_double(rng[m])) * gap
                   : fc->start_s + (double)seq[m] * gap;
    next[m] = t < fc->stop_s - 1e-6 * gap ? t : INFINITY;
  }
  for (guint i = 0; i < n; i++)
    if (((VqFlowConf *)g_ptr_array_index(sc->flows, i))->stream >= i)
      g_rand_free(rng[i]);
  g_free(rng);
  g_free(seq);
  g_free(next);
  return out;
}

#endif
