/* Traffic generator (models/traffic): arrival spacing, Poisson statistics, merge order, seeds. */
#include "models/traffic.h"

#include <math.h>

/* A scenario with only what the generator reads: flows. */
static VqScenario *scenario_new(void) {
  VqScenario *sc = g_new0(VqScenario, 1);
  sc->vms = g_ptr_array_new();
  sc->flows = g_ptr_array_new_with_free_func(g_free);
  return sc;
}

static VqFlowConf *add_flow(VqScenario *sc, VqArrivals arrivals, double rate_fps, guint64 seed,
                            double start_s, double stop_s) {
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
static GArray *drain(const VqScenario *sc) {
  g_autoptr(VqTraffic) tr = vq_traffic_new(sc);
  GArray *out = g_array_new(FALSE, FALSE, sizeof(VqFrame));
  VqFrame f;
  while (vq_traffic_next(tr, G_MAXDOUBLE, &f))
    g_array_append_val(out, f);
  g_assert_true(isinf(vq_traffic_peek(tr)));
  return out;
}

static void test_constant_spacing(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  const double rate = 1234567.0, start = 0.125; /* 1/rate is not a binary fraction */
  add_flow(sc, VQ_ARRIVALS_CONSTANT, rate, 1, start, 1e9);
  g_autoptr(VqTraffic) tr = vq_traffic_new(sc);
  const double gap = 1.0 / rate;
  VqFrame f;
  for (guint64 k = 0; k <= 1000000; k++) {
    g_assert_true(vq_traffic_next(tr, INFINITY, &f));
    g_assert_cmpuint(f.seq, ==, k);
    g_assert_cmpuint(f.flow, ==, 0);
    g_assert_cmpuint(f.len, ==, 64);
    double want = start + (double)k / rate;
    g_assert_cmpfloat(fabs(f.t_s - want), <=, 1e-12 * want);
    g_assert_cmpfloat(fabs(f.t_s - (start + (double)k * gap)), <=, 1e-12 * want);
  }
  g_assert_cmpfloat(f.t_s, >, 0.9); /* 1e6 frames at ~1.23 Mfps after 0.125 s */
  g_assert_cmpuint(vq_traffic_count(tr, 0), ==, 1000001);
}

static void test_constant_stop(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 4.0, 1, 0.0, 1.0);    /* 0, .25, .5, .75; 1.0 is the stop */
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 1000.0, 1, 2.0, 2.5); /* 500 frames */
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 1000.0, 1, 3.0, 3.0); /* empty: starts at its stop */
  g_autoptr(GArray) fr = drain(sc);
  g_assert_cmpuint(fr->len, ==, 504);
  const double want0[] = {0.0, 0.25, 0.5, 0.75};
  for (guint i = 0; i < 4; i++) {
    g_assert_cmpuint(g_array_index(fr, VqFrame, i).flow, ==, 0);
    g_assert_cmpfloat(g_array_index(fr, VqFrame, i).t_s, ==, want0[i]);
  }
  g_assert_cmpfloat(g_array_index(fr, VqFrame, 4).t_s, ==, 2.0);
  const VqFrame *last = &g_array_index(fr, VqFrame, fr->len - 1);
  g_assert_cmpuint(last->flow, ==, 1);
  g_assert_cmpuint(last->seq, ==, 499);
  g_assert_cmpfloat(last->t_s, <, 2.5);
  g_assert_cmpfloat_with_epsilon(last->t_s, 2.499, 1e-12);
}

static void test_poisson_mean_rate(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  const double rate = 1e5, start = 0.5;
  add_flow(sc, VQ_ARRIVALS_POISSON, rate, 42, start, 1e9);
  g_autoptr(VqTraffic) tr = vq_traffic_new(sc);
  const guint n = 200000;
  double prev = start, sum = 0, sum2 = 0;
  guint below_mean = 0;
  VqFrame f;
  for (guint k = 0; k < n; k++) {
    g_assert_true(vq_traffic_next(tr, INFINITY, &f));
    double gap = f.t_s - prev;
    g_assert_cmpfloat(gap, >, 0.0); /* the first frame too: a Poisson flow starts with a gap */
    sum += gap;
    sum2 += gap * gap;
    below_mean += gap < 1.0 / rate;
    prev = f.t_s;
  }
  double mean = sum / n, sd = sqrt((sum2 - n * mean * mean) / (n - 1));
  g_assert_cmpfloat(fabs(mean * rate - 1.0), <, 0.01);
  g_assert_cmpfloat(fabs(sd / mean - 1.0), <, 0.02); /* exponential: CV = 1 */
  /* Exponential CDF at the mean: 1 - 1/e = 0.632 (a uniform or constant gap would miss). */
  g_assert_cmpfloat(fabs((double)below_mean / n - (1.0 - exp(-1.0))), <, 0.01);
}

/* random_stream = per-section: flows drawing from one GRand are still Poisson at their own
 * rates, the whole is deterministic, and it differs from the flows' own streams. */
static void test_shared_stream(void) {
  g_autoptr(VqScenario) own = scenario_new(), shared = scenario_new();
  const double rates[] = {4e4, 1e4, 5e3};
  for (guint i = 0; i < G_N_ELEMENTS(rates); i++) {
    add_flow(own, VQ_ARRIVALS_POISSON, rates[i], 100 + i, 0, 2.0);
    add_flow(shared, VQ_ARRIVALS_POISSON, rates[i], 100 + i, 0, 2.0)->stream = 0;
  }
  g_autoptr(GArray) a = drain(shared);
  g_autoptr(GArray) b = drain(shared);
  g_autoptr(GArray) c = drain(own);
  g_assert_cmpuint(a->len, ==, b->len);
  g_assert_cmpmem(a->data, a->len * sizeof(VqFrame), b->data, b->len * sizeof(VqFrame));
  /* Flow 0 draws first from the shared GRand seeded like its own: its first gap is the same;
   * flow 1's is not (it takes the shared stream's second number, not its own seed's first). */
  double first_shared[3] = {0}, first_own[3] = {0};
  guint n[3] = {0};
  for (guint k = 0; k < a->len; k++) {
    const VqFrame *f = &g_array_index(a, VqFrame, k);
    if (n[f->flow]++ == 0)
      first_shared[f->flow] = f->t_s;
  }
  for (guint k = c->len; k-- > 0;)
    first_own[g_array_index(c, VqFrame, k).flow] = g_array_index(c, VqFrame, k).t_s;
  g_assert_cmpfloat(first_shared[0], ==, first_own[0]);
  g_assert_cmpfloat(first_shared[1], !=, first_own[1]);
  /* Each flow keeps its rate: counts within 4 standard deviations of rate x 2 s. */
  for (guint i = 0; i < G_N_ELEMENTS(rates); i++) {
    double want = rates[i] * 2.0;
    g_assert_cmpfloat(fabs(n[i] - want), <, 4 * sqrt(want));
  }
}

static gint frame_cmp(gconstpointer a, gconstpointer b) {
  const VqFrame *x = a, *y = b;
  if (x->t_s != y->t_s)
    return x->t_s < y->t_s ? -1 : 1;
  return x->flow < y->flow ? -1 : x->flow > y->flow;
}

static void test_merge_order(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  /* Constant flows that tie at every 2 ms, listed slow-first, plus Poisson flows between. */
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 500.0, 1, 0.0, 0.2);
  add_flow(sc, VQ_ARRIVALS_POISSON, 3000.0, 2, 0.0, 0.2);
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 1000.0, 3, 0.0, 0.2);
  add_flow(sc, VQ_ARRIVALS_POISSON, 700.0, 4, 0.05, 0.15);
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 250.0, 5, 0.0, 0.2);
  g_autoptr(GArray) fr = drain(sc);

  /* Reference: each flow alone (its own stream, so the same times), merged by sorting. */
  g_autoptr(GArray) ref = g_array_new(FALSE, FALSE, sizeof(VqFrame));
  for (guint i = 0; i < sc->flows->len; i++) {
    g_autoptr(VqScenario) one = scenario_new();
    VqFlowConf *fc = add_flow(one, VQ_ARRIVALS_CONSTANT, 1, 0, 0, 0);
    *fc = *(VqFlowConf *)g_ptr_array_index(sc->flows, i);
    g_autoptr(GArray) alone = drain(one);
    for (guint k = 0; k < alone->len; k++) {
      VqFrame f = g_array_index(alone, VqFrame, k);
      g_assert_cmpuint(f.seq, ==, k);
      f.flow = i;
      g_array_append_val(ref, f);
    }
  }
  g_array_sort(ref, frame_cmp);
  g_assert_cmpuint(fr->len, ==, ref->len);
  guint ties = 0;
  for (guint k = 0; k < fr->len; k++) {
    const VqFrame *a = &g_array_index(fr, VqFrame, k), *b = &g_array_index(ref, VqFrame, k);
    g_assert_cmpfloat(a->t_s, ==, b->t_s);
    g_assert_cmpuint(a->flow, ==, b->flow);
    g_assert_cmpuint(a->seq, ==, b->seq);
    g_assert_cmpuint(a->len, ==, 64 + 8 * a->flow);
    if (k > 0) {
      const VqFrame *p = &g_array_index(fr, VqFrame, k - 1);
      g_assert_cmpfloat(p->t_s, <=, a->t_s);
      if (p->t_s == a->t_s) {
        g_assert_cmpuint(p->flow, <, a->flow);
        ties++;
      }
    }
  }
  /* 0 and 2 tie every 2 ms (100 times), 4 joins them every 4 ms (50 more adjacent pairs). */
  g_assert_cmpuint(ties, ==, 150);
}

static void test_deterministic(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  add_flow(sc, VQ_ARRIVALS_POISSON, 1e4, 7, 0.0, 1.0);
  add_flow(sc, VQ_ARRIVALS_POISSON, 2e4, 8, 0.0, 1.0);
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 5e3, 9, 0.0, 1.0);
  g_autoptr(GArray) a = drain(sc);
  g_autoptr(GArray) b = drain(sc);
  g_assert_cmpuint(a->len, ==, b->len);
  g_assert_cmpuint(a->len, >, 30000);
  g_assert_cmpmem(a->data, a->len * sizeof(VqFrame), b->data, b->len * sizeof(VqFrame));
}

/* Arrival times of flow FLOW in FR. */
static GArray *times_of(const GArray *fr, guint flow) {
  GArray *t = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint k = 0; k < fr->len; k++)
    if (g_array_index(fr, VqFrame, k).flow == flow)
      g_array_append_val(t, g_array_index(fr, VqFrame, k).t_s);
  return t;
}

static void test_seed_isolation(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  add_flow(sc, VQ_ARRIVALS_POISSON, 1e4, 11, 0.0, 0.5);
  VqFlowConf *other = add_flow(sc, VQ_ARRIVALS_POISSON, 1e4, 12, 0.0, 0.5);
  g_autoptr(GArray) a = drain(sc);
  other->seed = 12 + (G_GUINT64_CONSTANT(1) << 32); /* differs in the high word only */
  g_autoptr(GArray) b = drain(sc);
  g_autoptr(GArray) a0 = times_of(a, 0), b0 = times_of(b, 0);
  g_autoptr(GArray) a1 = times_of(a, 1), b1 = times_of(b, 1);
  g_assert_cmpuint(a0->len, >, 4000);
  g_assert_cmpmem(a0->data, a0->len * sizeof(double), b0->data, b0->len * sizeof(double));
  g_assert_cmpfloat(g_array_index(a1, double, 0), !=, g_array_index(b1, double, 0));
}

static void test_next_limit(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 100.0, 1, 1.0, 1.05); /* 1.00, 1.01, ..., 1.04 */
  g_autoptr(VqTraffic) tr = vq_traffic_new(sc);
  VqFrame f = {.t_s = -1, .seq = 99};
  g_assert_cmpfloat(vq_traffic_peek(tr), ==, 1.0);
  g_assert_false(vq_traffic_next(tr, 0.999, &f));
  g_assert_false(vq_traffic_next(tr, nextafter(1.0, 0.0), &f));
  g_assert_cmpfloat(f.t_s, ==, -1); /* OUT untouched */
  g_assert_cmpuint(vq_traffic_count(tr, 0), ==, 0);
  g_assert_cmpfloat(vq_traffic_peek(tr), ==, 1.0);
  g_assert_true(vq_traffic_next(tr, 1.0, &f)); /* at the limit counts */
  g_assert_cmpfloat(f.t_s, ==, 1.0);
  g_assert_cmpuint(f.seq, ==, 0);
  guint n = 1;
  while (vq_traffic_next(tr, 2.0, &f))
    n++;
  g_assert_cmpuint(n, ==, 5);
  g_assert_cmpuint(vq_traffic_count(tr, 0), ==, 5);
  g_assert_true(isinf(vq_traffic_peek(tr)) && vq_traffic_peek(tr) > 0);
  g_assert_false(vq_traffic_next(tr, G_MAXDOUBLE, &f));
  g_assert_cmpuint(f.seq, ==, 4);
}

static void test_peek_inf_when_finished(void) {
  g_autoptr(VqScenario) none = scenario_new();
  g_autoptr(VqTraffic) empty = vq_traffic_new(none);
  VqFrame f;
  g_assert_true(isinf(vq_traffic_peek(empty)) && vq_traffic_peek(empty) > 0);
  g_assert_false(vq_traffic_next(empty, INFINITY, &f));

  g_autoptr(VqScenario) sc = scenario_new();
  add_flow(sc, VQ_ARRIVALS_POISSON, 1e3, 5, 0.0, 0.01);
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 1e3, 5, 0.0, 0.002);
  g_autoptr(VqTraffic) tr = vq_traffic_new(sc);
  double prev = -1;
  while (isfinite(vq_traffic_peek(tr))) {
    double t = vq_traffic_peek(tr);
    g_assert_true(vq_traffic_next(tr, t, &f));
    g_assert_cmpfloat(f.t_s, ==, t);
    g_assert_cmpfloat(f.t_s, >=, prev);
    g_assert_cmpfloat(f.t_s, <, f.flow ? 0.002 : 0.01);
    prev = f.t_s;
  }
  g_assert_true(vq_traffic_peek(tr) > 0);
  g_assert_cmpuint(vq_traffic_count(tr, 1), ==, 2);
  g_assert_false(vq_traffic_next(tr, G_MAXDOUBLE, &f));
}

/* The contract: next() pops only a frame that exists. The comment in vq_traffic_next says
 * "also false for +inf", but `!(inf <= inf)` is false, so with LIMIT_S = +inf a finished
 * generator keeps returning frames at t = +inf. The NIC clamps its limit to the run's end, so
 * it is latent there; reported, marked incomplete until the model is fixed. */
static void test_next_inf_limit_finished(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 10.0, 1, 0.0, 0.25); /* 0, 0.1, 0.2 */
  g_autoptr(VqTraffic) tr = vq_traffic_new(sc);
  VqFrame f;
  for (guint k = 0; k < 3; k++)
    g_assert_true(vq_traffic_next(tr, INFINITY, &f));
  g_assert_cmpfloat_with_epsilon(f.t_s, 0.2, 1e-15);
  g_assert_true(isinf(vq_traffic_peek(tr)));
  /* Regression: a finished flow keeps next = +inf, and +inf <= +inf let it produce frames. */
  g_assert_false(vq_traffic_next(tr, INFINITY, &f));
  g_assert_cmpuint(vq_traffic_count(tr, 0), ==, 3);
}

/* Regression: start + k * gap rounding just below stop gave rate 3000 over [0, 0.1) 301
 * frames instead of 300. */
static void test_constant_stop_rounding(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 3000.0, 1, 0.0, 0.1);
  g_autoptr(VqTraffic) tr = vq_traffic_new(sc);
  VqFrame f;
  guint n = 0;
  while (vq_traffic_next(tr, G_MAXDOUBLE, &f))
    n++;
  g_assert_cmpuint(n, ==, 300);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/traffic/constant-spacing", test_constant_spacing);
  g_test_add_func("/traffic/constant-stop", test_constant_stop);
  g_test_add_func("/traffic/poisson-mean-rate", test_poisson_mean_rate);
  g_test_add_func("/traffic/merge-order", test_merge_order);
  g_test_add_func("/traffic/deterministic", test_deterministic);
  g_test_add_func("/traffic/seed-isolation", test_seed_isolation);
  g_test_add_func("/traffic/next-limit", test_next_limit);
  g_test_add_func("/traffic/peek-inf-when-finished", test_peek_inf_when_finished);
  g_test_add_func("/traffic/next-inf-limit-finished", test_next_inf_limit_finished);
  g_test_add_func("/traffic/constant-stop-rounding", test_constant_stop_rounding);
  g_test_add_func("/traffic/shared-stream", test_shared_stream);
  return g_test_run();
}
