/* Traffic generator (models/traffic): arrival spacing, Poisson statistics, merge order, seeds,
 * superposed groups and their alias tables, and the reference for flows generated alone. */
#include <math.h>
#include <string.h>

#include "models/alias.h"
#include "tests/traffic-test.h"

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

/* random_stream = per-section: the flows of a section are one Poisson process at their total
 * rate, each frame given to a flow by the alias table. Deterministic; each flow Poisson at its
 * own rate; the merged stream Poisson at the total rate; the draw order as documented. */
static void test_shared_stream(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  const double rates[] = {4e4, 1e4, 5e3}, total = 5.5e4, dur = 20.0;
  for (guint i = 0; i < G_N_ELEMENTS(rates); i++)
    add_flow(sc, VQ_ARRIVALS_POISSON, rates[i], 100 + i, 0, dur)->stream = 0;
  g_autoptr(GArray) a = drain(sc);
  g_autoptr(GArray) b = drain(sc);
  g_assert_cmpuint(a->len, ==, b->len);
  g_assert_cmpmem(a->data, a->len * sizeof(VqFrame), b->data, b->len * sizeof(VqFrame));

  /* Draw order: a GRand seeded as flow 0 (the stream's owner) gives the first gap at the total
   * rate, then the first frame's flow, then the second gap and flow. */
  guint32 words[2] = {100, 0};
  g_autoptr(GRand) r = g_rand_new_with_seed_array(words, 2);
  VqAliasEntry table[3];
  vq_alias_build(rates, 3, table);
  double t = 0;
  for (guint k = 0; k < 2; k++) {
    t += -log(1.0 - g_rand_double(r)) / total;
    guint flow = vq_alias_pick(table, 3, g_rand_double(r));
    g_assert_cmpfloat(g_array_index(a, VqFrame, k).t_s, ==, t);
    g_assert_cmpuint(g_array_index(a, VqFrame, k).flow, ==, flow);
  }

  /* The merged stream: Poisson at the total rate (mean gap, CV 1, CDF at the mean 1 - 1/e). */
  g_autoptr(GArray) all = g_array_new(FALSE, FALSE, sizeof(double));
  guint below = 0;
  for (guint k = 0; k < a->len; k++) {
    const VqFrame *f = &g_array_index(a, VqFrame, k);
    g_assert_cmpuint(f->len, ==, 64 + 8 * f->flow); /* per-flow lengths are kept */
    below += f->t_s - (k ? g_array_index(a, VqFrame, k - 1).t_s : 0) < 1 / total;
    g_array_append_val(all, f->t_s);
  }
  double want = total * dur, mean, cv;
  g_assert_cmpfloat(fabs(a->len - want), <, 4 * sqrt(want));
  gap_stats(all, &mean, &cv);
  g_assert_cmpfloat(fabs(mean * total - 1), <, 4 / sqrt(want));
  g_assert_cmpfloat(fabs(cv - 1), <, 0.01); /* standard error sqrt(2 / n) = 0.0013 */
  g_assert_cmpfloat(fabs((double)below / a->len - (1 - exp(-1.0))), <, 0.003);
  /* Each flow: count within 4 standard deviations of rate x duration, exponential gaps (a
   * round robin over the flows would give CV well below 1). */
  for (guint i = 0; i < G_N_ELEMENTS(rates); i++) {
    g_autoptr(GArray) ti = times_of(a, i);
    want = rates[i] * dur;
    g_assert_cmpfloat(fabs(ti->len - want), <, 4 * sqrt(want));
    gap_stats(ti, &mean, &cv);
    g_assert_cmpfloat(fabs(mean * rates[i] - 1), <, 4 / sqrt(want));
    g_assert_cmpfloat(fabs(cv - 1), <, 0.03); /* n >= 1e5: standard error 0.0045 */
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

/* Flows with their own stream or constant arrivals, and shared streams that cannot be
 * superposed (constant flows, different starts or stops), give exactly the frames they gave
 * before (the golden files depend on it), with or without a superposed group beside them. */
static void test_singles_match_reference(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  add_flow(sc, VQ_ARRIVALS_POISSON, 2e4, 1, 0, 0.2);    /* 0: own */
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 3e3, 2, 0, 0.2);   /* 1: constant */
  add_flow(sc, VQ_ARRIVALS_POISSON, 7e3, 3, 0.1, 0.15); /* 2: own */
  for (guint i = 3; i < 6; i++)                         /* 3-5: one stream, different stops */
    add_flow(sc, VQ_ARRIVALS_POISSON, 5e3 * i, 4, 0, 0.05 * i)->stream = 3;
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 1e3, 5, 0, 0.2);                 /* 6: constant */
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 4e3, 6, 0.01, 0.2)->stream = 6;  /* 7: shares 6's */
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 2e3, 7, 0, 0.2);                 /* 8: constant... */
  add_flow(sc, VQ_ARRIVALS_POISSON, 9e3, 8, 0, 0.2)->stream = 8;      /* 9: ...and Poisson */
  add_flow(sc, VQ_ARRIVALS_POISSON, 1e4, 9, 0, 0.2);                  /* 10-11: one stream, */
  add_flow(sc, VQ_ARRIVALS_POISSON, 1e4, 10, 0.05, 0.2)->stream = 10; /* start differs */
  add_flow(sc, VQ_ARRIVALS_POISSON, 6e3, 11, 0, 0.2)->stream = 9;     /* 12: 9's, so 8's */
  add_flow(sc, VQ_ARRIVALS_POISSON, 6e3, 12, 0, 0.2)->stream = 14;    /* 13: later: its own */
  g_autoptr(GArray) fr = drain(sc);
  g_autoptr(GArray) ref = drain_reference(sc);
  g_assert_cmpuint(fr->len, >, 20000);
  g_assert_cmpuint(fr->len, ==, ref->len);
  g_assert_cmpmem(fr->data, fr->len * sizeof(VqFrame), ref->data, ref->len * sizeof(VqFrame));

  guint before = sc->flows->len;
  add_group(sc, 4, 3e4, 0.0, 13, 0.2); /* superposed: differs from the reference alone */
  g_autoptr(GArray) mixed = drain(sc);
  g_autoptr(GArray) others = g_array_new(FALSE, FALSE, sizeof(VqFrame));
  guint grouped = 0;
  for (guint k = 0; k < mixed->len; k++) {
    if (g_array_index(mixed, VqFrame, k).flow < before)
      g_array_append_val(others, g_array_index(mixed, VqFrame, k));
    else
      grouped++;
  }
  g_assert_cmpfloat(fabs(grouped - 6e3), <, 4 * sqrt(6e3));
  g_assert_cmpmem(others->data, others->len * sizeof(VqFrame), ref->data,
                  ref->len * sizeof(VqFrame));
}

/* Many constant flows: Zipf rates, flows in lockstep (cohorts, their members interleaved with
 * other cohorts' and stopping at four times), a slow flow alone at the end, Poisson flows
 * between; every frame as the reference gives it. */
static void test_constant_cohorts_match_reference(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  for (guint j = 0; j < 200; j++)
    add_flow(sc, VQ_ARRIVALS_CONSTANT, 2e5 / (j + 1), j, 0, 0.1);
  for (guint j = 0; j < 100; j++) /* 200-299: lockstep from 20 ms, stopping in four cohorts */
    add_flow(sc, VQ_ARRIVALS_CONSTANT, 1e3, j, 0.02, 0.06 + 0.01 * (j % 4));
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 2e5, 1, 0, 0.1);    /* 300: with flow 0 */
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 7, 1, 0, 1.0);      /* 301: alone after 0.1 s */
  add_flow(sc, VQ_ARRIVALS_POISSON, 1e3, 2, 0, 0.5);     /* 302 */
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 1e3, 3, 0.3, 0.3);  /* 303: no frame */
  add_flow(sc, VQ_ARRIVALS_POISSON, 5e4, 4, 0.05, 0.07); /* 304 */
  g_autoptr(GArray) fr = drain(sc);
  g_autoptr(GArray) ref = drain_reference(sc);
  g_assert_cmpuint(fr->len, >, 100000);
  g_assert_cmpuint(fr->len, ==, ref->len);
  g_assert_cmpmem(fr->data, fr->len * sizeof(VqFrame), ref->data, ref->len * sizeof(VqFrame));
  g_autoptr(GArray) slow = times_of(fr, 301), lock = times_of(fr, 203);
  g_assert_cmpuint(slow->len, ==, 7);
  g_assert_cmpuint(lock->len, ==, 70); /* 20 ms to 90 ms at 1 kHz */
}

/* Removing a flow from a superposed group changes only that group: another group (its flows
 * not contiguous), an own-stream flow and a constant flow keep every frame, byte for byte. */
static void test_group_removal_isolation(void) {
  g_autoptr(VqScenario) a = scenario_new(), b = scenario_new();
  add_group(a, 5, 5e4, 1.0, 30, 0.5);                     /* 0-4 */
  add_flow(a, VQ_ARRIVALS_POISSON, 2e4, 40, 0, 0.5);      /* 5 */
  add_flow(a, VQ_ARRIVALS_CONSTANT, 1e4, 41, 0.001, 0.5); /* 6 */
  for (guint i = 7; i < 12; i++) /* 7, 9, 11: one group; 8, 10: their own */
    add_flow(a, VQ_ARRIVALS_POISSON, 3e3 * (i - 6), 50 + i, 0, 0.5)->stream = i % 2 ? 7 : i;
  for (guint i = 0; i < a->flows->len; i++) {
    if (i == 2)
      continue;
    VqFlowConf *c = g_memdup2(g_ptr_array_index(a->flows, i), sizeof(VqFlowConf));
    c->stream -= c->stream > 2;
    g_ptr_array_add(b->flows, c);
  }
  g_autoptr(GArray) fa = drain(a);
  g_autoptr(GArray) fb = drain(b);
  for (guint i = 5; i < 12; i++) {
    g_autoptr(GArray) x = frames_of(fa, i), y = frames_of(fb, i - 1);
    g_assert_cmpuint(x->len, >, 1000);
    g_assert_cmpuint(x->len, ==, y->len);
    g_assert_cmpmem(x->data, x->len * sizeof(VqFrame), y->data, y->len * sizeof(VqFrame));
  }
  g_autoptr(GArray) x = frames_of(fa, 0), y = frames_of(fb, 0); /* the changed group */
  g_assert_true(x->len != y->len || memcmp(x->data, y->data, x->len * sizeof(VqFrame)) != 0);
}

/* Vose's construction on weights that are binary fractions of their sum, checked exactly:
 * scaled to mean 1 they are 0.5, 0.5, 1, 2; the smalls (taken last first) borrow from 3. */
static void test_alias_binary_fractions(void) {
  const double w[] = {1, 1, 2, 4};
  VqAliasEntry t[4];
  vq_alias_build(w, 4, t);
  const float prob[] = {0.5f, 0.5f, 1, 1};
  const guint32 alias[] = {3, 3, 2, 3};
  for (guint k = 0; k < 4; k++) {
    g_assert_cmpfloat(t[k].prob, ==, prob[k]);
    g_assert_cmpuint(t[k].alias, ==, alias[k]);
  }
  /* Each index's chance, summed over the columns, is its weight / 8, exactly. */
  double p[4] = {0};
  for (guint k = 0; k < 4; k++) {
    p[k] += t[k].prob / 4.0;
    p[t[k].alias] += (1 - t[k].prob) / 4.0;
  }
  for (guint k = 0; k < 4; k++)
    g_assert_cmpfloat(p[k], ==, w[k] / 8);
  /* The column is the integer part of 4u, the fraction picks column or alias. */
  const double u[] = {0.1, 0.125, 0.3, 0.4, 0.5, 0.99, nextafter(1.0, 0.0)};
  const guint want[] = {0, 3, 1, 3, 2, 3, 3};
  for (guint k = 0; k < G_N_ELEMENTS(u); k++)
    g_assert_cmpuint(vq_alias_pick(t, 4, u[k]), ==, want[k]);
  /* Two more: 3:1, and a zero weight, which is never drawn. */
  vq_alias_build((const double[]){3, 1}, 2, t);
  g_assert_cmpfloat(t[0].prob, ==, 1);
  g_assert_cmpfloat(t[1].prob, ==, 0.5);
  g_assert_cmpuint(t[1].alias, ==, 0);
  vq_alias_build((const double[]){0, 1}, 2, t);
  g_assert_cmpfloat(t[0].prob, ==, 0);
  g_assert_cmpuint(t[0].alias, ==, 1);
  g_assert_cmpfloat(t[1].prob, ==, 1);
}

/* Zipf(1) over 1000 flows: the table's chances equal the weights' (to float rounding), and the
 * frames a superposed group gives its flows match them (chi-square, and each flow within 5
 * standard deviations). */
static void test_alias_zipf_frequencies(void) {
  const guint n = 1000, frames = 2000000;
  g_autoptr(VqScenario) sc = scenario_new();
  add_group(sc, n, 1e6, 1.0, 77, 1e9);
  g_autofree double *w = g_new(double, n), *p = g_new0(double, n);
  double sum = 0;
  for (guint i = 0; i < n; i++)
    sum += w[i] = ((VqFlowConf *)g_ptr_array_index(sc->flows, i))->rate_fps;
  g_autofree VqAliasEntry *t = g_new(VqAliasEntry, n);
  vq_alias_build(w, n, t);
  for (guint k = 0; k < n; k++) {
    p[k] += t[k].prob / n;
    p[t[k].alias] += (1.0 - t[k].prob) / n;
  }
  for (guint i = 0; i < n; i++)
    g_assert_cmpfloat(fabs(p[i] / (w[i] / sum) - 1), <, 1e-6);

  g_autoptr(VqTraffic) tr = vq_traffic_new(sc);
  VqFrame f;
  for (guint k = 0; k < frames; k++)
    g_assert_true(vq_traffic_next(tr, INFINITY, &f));
  double chi2 = 0;
  guint64 total = 0;
  for (guint i = 0; i < n; i++) {
    double want = frames * w[i] / sum, got = (double)vq_traffic_count(tr, i);
    total += vq_traffic_count(tr, i);
    chi2 += (got - want) * (got - want) / want;
    g_assert_cmpfloat(fabs(got - want), <, 5 * sqrt(want * (1 - w[i] / sum)));
  }
  g_assert_cmpuint(total, ==, frames);
  /* n - 1 degrees of freedom: mean 999, standard deviation sqrt(2 x 999) = 44.7. */
  g_assert_cmpfloat(chi2, <, (n - 1) + 4 * sqrt(2.0 * (n - 1)));
}

/* 100,000 connections of one section (Zipf(1)) as one group: the total rate is right, the
 * elephants get their shares, frames are in time order. */
static void test_superposed_100k_rate(void) {
  const guint n = 100000;
  const double total = 2e6, dur = 0.5;
  g_autoptr(VqScenario) sc = scenario_new();
  add_group(sc, n, total, 1.0, 5, dur);
  double h = 0;
  for (guint i = 0; i < n; i++) {
    ((VqFlowConf *)g_ptr_array_index(sc->flows, i))->frame_bytes = 1500;
    h += 1.0 / (i + 1);
  }
  g_autoptr(VqTraffic) tr = vq_traffic_new(sc);
  VqFrame f;
  double prev = 0;
  guint frames = 0;
  while (vq_traffic_next(tr, G_MAXDOUBLE, &f)) {
    g_assert_cmpfloat(f.t_s, >=, prev);
    g_assert_cmpuint(f.len, ==, 1500);
    prev = f.t_s;
    frames++;
  }
  g_assert_cmpfloat(prev, <, dur);
  double want = total * dur;
  g_assert_cmpfloat(fabs(frames - want), <, 4 * sqrt(want));
  guint64 sum = 0;
  for (guint i = 0; i < n; i++)
    sum += vq_traffic_count(tr, i);
  g_assert_cmpuint(sum, ==, frames);
  for (guint i = 0; i < 3; i++) { /* binomial, given the frames */
    double share = 1.0 / (i + 1) / h, mean = frames * share;
    g_assert_cmpfloat(fabs(vq_traffic_count(tr, i) - mean), <, 4 * sqrt(mean * (1 - share)));
  }
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
  g_test_add_func("/traffic/singles-match-reference", test_singles_match_reference);
  g_test_add_func("/traffic/constant-cohorts-match-reference",
                  test_constant_cohorts_match_reference);
  g_test_add_func("/traffic/group-removal-isolation", test_group_removal_isolation);
  g_test_add_func("/traffic/alias/binary-fractions", test_alias_binary_fractions);
  g_test_add_func("/traffic/alias/zipf-frequencies", test_alias_zipf_frequencies);
  g_test_add_func("/traffic/superposed-100k-rate", test_superposed_100k_rate);
  return g_test_run();
}
