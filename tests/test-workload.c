/* Workload forms in the traffic generator (models/framesize, models/arrivals, models/traffic):
 * frame-size distributions, on/off bursts, MMPP, rate schedules (steps, ramps, superposed
 * groups), stream independence and determinism. Every bound is stated: a count of mean m of
 * Poisson frames is within 4 sqrt(m); other bounds are derived where they are asserted. Seeds
 * are fixed, so a pass is reproducible, and a wrong model (a rate off by the duty cycle, IMIX
 * proportions of another variant, a step not taken) lands far outside. */
#include <math.h>
#include <string.h>

#include "models/arrivals.h"
#include "models/framesize.h"
#include "tests/traffic-test.h"

static guint16 imix_sizes[] = {64, 570, 1518};
static double imix_weights[] = {7, 4, 1};
static const VqFrameSizes imix = {
    .n = 3, .sizes = imix_sizes, .weights = imix_weights, .mean_bytes = 4246.0 / 12};

/* Frames of FR in [A, B). */
static guint count_in(const GArray *fr, double a, double b) {
  guint n = 0;
  for (guint k = 0; k < fr->len; k++) {
    double t = g_array_index(fr, VqFrame, k).t_s;
    n += t >= a && t < b;
  }
  return n;
}

/* IMIX: each class's share within 4 standard deviations of its binomial share, and Pearson's
 * chi-square (2 degrees of freedom) below 18.4, its 0.9999 quantile. The arrival times are
 * those of the same flow with one size: sizes have a stream of their own. */
static void test_imix(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  add_flow(sc, VQ_ARRIVALS_POISSON, 1e5, 3, 0, 1.2)->forms = &(VqFlowForms){.sizes = &imix};
  g_autoptr(GArray) fr = drain(sc);
  guint n = fr->len, seen[3] = {0};
  for (guint k = 0; k < n; k++) {
    guint len = g_array_index(fr, VqFrame, k).len, c = len == 64 ? 0 : len == 570 ? 1 : 2;
    g_assert_cmpuint(len, ==, imix_sizes[c]);
    seen[c]++;
  }
  double chi2 = 0;
  for (guint c = 0; c < 3; c++) {
    double p = imix_weights[c] / 12, want = p * n;
    g_assert_cmpfloat(fabs(seen[c] - want), <, 4 * sqrt(n * p * (1 - p)));
    chi2 += (seen[c] - want) * (seen[c] - want) / want;
  }
  g_assert_cmpfloat(chi2, <, 18.4);
  ((VqFlowConf *)g_ptr_array_index(sc->flows, 0))->forms = NULL;
  g_autoptr(GArray) fixed = drain(sc);
  g_assert_cmpuint(fixed->len, ==, n);
  for (guint k = 0; k < n; k++)
    g_assert_cmpfloat(g_array_index(fixed, VqFrame, k).t_s, ==, g_array_index(fr, VqFrame, k).t_s);
}

/* Uniform 64..1518: every size in range, both ends drawn, mean within 4 standard errors
 * (variance of a discrete uniform on m values: (m^2 - 1) / 12). */
static void test_uniform(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  VqFrameSizes u = {.lo = 64, .hi = 1518, .mean_bytes = 791};
  add_flow(sc, VQ_ARRIVALS_CONSTANT, 2e5, 1, 0, 1)->forms = &(VqFlowForms){.sizes = &u};
  g_autoptr(GArray) fr = drain(sc);
  double sum = 0;
  gboolean lo = FALSE, hi = FALSE;
  for (guint k = 0; k < fr->len; k++) {
    guint len = g_array_index(fr, VqFrame, k).len;
    g_assert_cmpuint(len, >=, 64);
    g_assert_cmpuint(len, <=, 1518);
    lo |= len == 64;
    hi |= len == 1518;
    sum += len;
  }
  g_assert_cmpuint(fr->len, ==, 200000);
  g_assert_true(lo && hi);
  double m = 1455, sd = sqrt((m * m - 1) / 12);
  g_assert_cmpfloat(fabs(sum / fr->len - 791), <, 4 * sd / sqrt(fr->len));
}

/* The on/off process's bursts: frames evenly spaced at the peak rate (rate / duty) inside a
 * burst, a gap longer than that between bursts. Returns the bursts' lengths in frames. */
static GArray *bursts_of(const GArray *fr, double peak) {
  GArray *b = g_array_new(FALSE, FALSE, sizeof(guint));
  guint len = 1;
  for (guint k = 1; k <= fr->len; k++) {
    double gap = k < fr->len
                     ? g_array_index(fr, VqFrame, k).t_s - g_array_index(fr, VqFrame, k - 1).t_s
                     : INFINITY;
    if (gap < 1.001 / peak) {
      g_assert_cmpfloat(gap, >, 0.999 / peak);
      len++;
      continue;
    }
    g_array_append_val(b, len);
    len = 1;
  }
  return b;
}

/* On/off, exponential periods of means 1 ms and 4 ms (duty 0.2), even frames: over T = 20 s the
 * frame count is rate T within 4 sigma. By the renewal-reward CLT the count's variance is
 * T / E[C] Var((peak - rate) ON - rate OFF) = T / 5 ms rate^2 ((1/d - 1)^2 m_on^2 + m_off^2),
 * a relative sigma of sqrt(6.4e-3 / T) = 1.8%; the measured duty (frames / peak / T) is 0.2
 * within 4 x 1.8% too, and the mean burst (frames / peak) 1 ms within 4 / sqrt(bursts). */
static void test_onoff_exponential(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  const double rate = 1e5, d = 0.2, peak = rate / d, T = 20;
  VqFlowConf *f = add_flow(sc, VQ_ARRIVALS_ONOFF, rate, 11, 0, T);
  f->forms = &(VqFlowForms){
      .burst = &(VqBurstConf){.mean_s = {1e-3, 4e-3}, .level = {1 / d, 0}, .even = TRUE}};
  g_autoptr(GArray) fr = drain(sc);
  double rel = sqrt(6.4e-3 / T);
  g_assert_cmpfloat(fabs(fr->len / (rate * T) - 1), <, 4 * rel);
  g_assert_cmpfloat(fabs(fr->len / peak / T / d - 1), <, 4 * rel);
  g_autoptr(GArray) b = bursts_of(fr, peak);
  double sum = 0;
  for (guint k = 0; k < b->len; k++)
    sum += g_array_index(b, guint, k);
  g_assert_cmpfloat(fabs(b->len - T / 5e-3), <, 0.1 * T / 5e-3); /* ~4000 cycles */
  g_assert_cmpfloat(fabs(sum / b->len / peak / 1e-3 - 1), <, 4 / sqrt(b->len));
  /* Deterministic: the same seed, the same frames. */
  g_autoptr(GArray) again = drain(sc);
  g_assert_cmpmem(fr->data, fr->len * sizeof(VqFrame), again->data, again->len * sizeof(VqFrame));
}

/* On/off with Pareto periods of shape 2.5 (finite variance: CV^2 = 1 / (a (a - 2)) = 0.8): mean
 * burst 1 ms within 4 sqrt(0.8 / bursts); no burst shorter than the Pareto scale 0.6 ms (less a
 * frame); and a heavy tail: P(burst > 2 ms) = 0.3^2.5 = 0.049, within 4 binomial sigma (an
 * exponential period gives e^-2 = 0.135). Poisson frames in on time would blur the bursts, so
 * the frames are even. */
static void test_onoff_pareto(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  const double rate = 2e5, d = 0.25, peak = rate / d;
  VqFlowConf *f = add_flow(sc, VQ_ARRIVALS_ONOFF, rate, 12, 0, 20);
  f->forms =
      &(VqFlowForms){.burst = &(VqBurstConf){
                         .mean_s = {1e-3, 3e-3}, .level = {1 / d, 0}, .shape = 2.5, .even = TRUE}};
  g_autoptr(GArray) fr = drain(sc);
  g_autoptr(GArray) b = bursts_of(fr, peak);
  double sum = 0;
  guint longer = 0, n = b->len - 2; /* the first and last bursts may be cut */
  for (guint k = 1; k <= n; k++) {
    double on = g_array_index(b, guint, k) / peak;
    g_assert_cmpfloat(on, >, 0.6e-3 - 2 / peak);
    sum += on;
    longer += on > 2e-3;
  }
  g_assert_cmpfloat(fabs(sum / n / 1e-3 - 1), <, 4 * sqrt(0.8 / n));
  double p = pow(0.3, 2.5);
  g_assert_cmpfloat(fabs((double)longer / n - p), <, 4 * sqrt(p * (1 - p) / n));
}

/* MMPP: 1e5 frames/s for a mean 4 ms, 4e5 for 1 ms; long-run rate 1.6e5. The count over 20 s:
 * variance T (rate + Var((r0 - rate) S0 + (r1 - rate) S1) / E[C]) = 20 (1.6e5 + 2.3e7), a sigma
 * of 0.67%; since rate = r0 p0 + r1 p1 this checks the occupancy p1 = 0.2 too. Occupancy from
 * 100 us windows (Poisson means 10 and 40; more than 25 frames counts as state 1): within 0.02
 * of 0.2 (4 sigma of the estimate is 0.014; windows that straddle a switch, 4%, add little). */
static void test_mmpp(void) {
  g_autoptr(VqScenario) sc = scenario_new();
  const double rate = 1.6e5, T = 20;
  VqFlowConf *f = add_flow(sc, VQ_ARRIVALS_MMPP, rate, 13, 0, T);
  f->forms = &(VqFlowForms){
      .burst = &(VqBurstConf){.mean_s = {4e-3, 1e-3}, .level = {1e5 / rate, 4e5 / rate}}};
  g_autoptr(GArray) fr = drain(sc);
  g_assert_cmpfloat(fabs(fr->len / (rate * T) - 1), <, 4 * 0.0067);
  guint n_win = (guint)(T / 1e-4), high = 0, k = 0;
  for (guint w = 0; w < n_win; w++) {
    guint c = 0;
    for (; k < fr->len && g_array_index(fr, VqFrame, k).t_s < (w + 1) * 1e-4; k++)
      c++;
    high += c > 25;
  }
  g_assert_cmpfloat(fabs((double)high / n_win - 0.2), <, 0.02);
}

/* Steps: 1e5/s, 3e5/s from 0.5 s, a pause from 1 s, 2e5/s from 1.5 s. Poisson: each step's
 * count within 4 sqrt(mean), none in the pause; constant: the exact count, +-1. */
static void test_schedule_steps(void) {
  double t[] = {0, 0.5, 1.0, 1.5}, level[] = {1 / 3.0, 1, 0, 2 / 3.0};
  gboolean ramp[] = {FALSE, FALSE, FALSE, FALSE};
  VqSchedule s = {.n = 4, .t_s = t, .level = level, .ramp = ramp};
  for (int arr = 0; arr < 2; arr++) {
    g_autoptr(VqScenario) sc = scenario_new();
    add_flow(sc, arr ? VQ_ARRIVALS_POISSON : VQ_ARRIVALS_CONSTANT, 3e5, 21, 0, 2)->forms =
        &(VqFlowForms){.schedule = &s};
    g_autoptr(GArray) fr = drain(sc);
    for (guint k = 0; k < 4; k++) {
      double want = 3e5 * level[k] * 0.5, got = count_in(fr, t[k], t[k] + 0.5);
      g_assert_cmpfloat(fabs(got - want), <=, arr ? 4 * sqrt(want) : 1);
    }
    /* Constant frames reach L = 2e5 exactly at 1 s, the pause's start: its only frame. */
    g_assert_cmpuint(count_in(fr, 1.0 + 1e-9, 1.5), ==, 0);
    if (!arr) /* constant: the first frame at the start, even gaps within a step */
      g_assert_cmpfloat(g_array_index(fr, VqFrame, 1).t_s, ==, 1e-5);
  }
}

/* A ramp from 0 to 4e5/s over [0, 1 s], then 4e5/s to 1.5 s: the integrated rate over [0, 0.5)
 * is 5e4, over [0.5, 1) 1.5e4 x 10, over [1, 1.5) 2e5. Poisson within 4 sqrt; constant +-1. */
static void test_schedule_ramp(void) {
  double t[] = {0, 1.0}, level[] = {0, 1};
  gboolean ramp[] = {FALSE, TRUE};
  VqSchedule s = {.n = 2, .t_s = t, .level = level, .ramp = ramp};
  const double a[] = {0, 0.25, 0.5, 1.0}, b[] = {0.25, 0.5, 1.0, 1.5};
  for (int arr = 0; arr < 2; arr++) {
    g_autoptr(VqScenario) sc = scenario_new();
    add_flow(sc, arr ? VQ_ARRIVALS_POISSON : VQ_ARRIVALS_CONSTANT, 4e5, 22, 0, 1.5)->forms =
        &(VqFlowForms){.schedule = &s};
    g_autoptr(GArray) fr = drain(sc);
    for (guint k = 0; k < G_N_ELEMENTS(a); k++) {
      double ra = 4e5 * MIN(a[k], 1), rb = 4e5 * MIN(b[k], 1); /* rates at the ends */
      double want =
          (ra + rb) / 2 * (MIN(b[k], 1) - MIN(a[k], 1)) + 4e5 * (b[k] - MAX(a[k], 1)) * (b[k] > 1);
      double got = count_in(fr, a[k], b[k]);
      g_assert_cmpfloat(fabs(got - want), <=, arr ? 4 * sqrt(want) : 1);
    }
  }
}

/* A superposed group (random_stream = per-section) under one schedule: the total follows the
 * schedule per step, each flow keeps its share (within 4 sqrt(mean)). */
static void test_schedule_group(void) {
  double t[] = {0, 0.4}, level[] = {0.25, 1};
  gboolean ramp[] = {FALSE, FALSE};
  VqSchedule s = {.n = 2, .t_s = t, .level = level, .ramp = ramp};
  VqFlowForms forms = {.schedule = &s}; /* the section's flows share it */
  g_autoptr(VqScenario) sc = scenario_new();
  guint first = add_group(sc, 8, 4e5, 1.0, 31, 0.8);
  double h = 0;
  for (guint j = 0; j < 8; j++) {
    ((VqFlowConf *)g_ptr_array_index(sc->flows, first + j))->forms = &forms;
    h += 1.0 / (j + 1);
  }
  g_autoptr(GArray) fr = drain(sc);
  double want0 = 1e5 * 0.4, want1 = 4e5 * 0.4;
  g_assert_cmpfloat(fabs(count_in(fr, 0, 0.4) - want0), <, 4 * sqrt(want0));
  g_assert_cmpfloat(fabs(count_in(fr, 0.4, 0.8) - want1), <, 4 * sqrt(want1));
  for (guint j = 0; j < 8; j++) {
    g_autoptr(GArray) tj = times_of(fr, first + j);
    double want = (want0 + want1) / (j + 1) / h;
    g_assert_cmpfloat(fabs(tj->len - want), <, 4 * sqrt(want));
  }
}

/* Adding flows of every new form (bursty, MMPP, scheduled and sized) changes no other flow's
 * frames: each has its own stream (the flows here keep their seeds, as a scenario's do when
 * sections are added after them). */
static void test_stream_independence(void) {
  g_autoptr(VqScenario) a = scenario_new();
  add_flow(a, VQ_ARRIVALS_POISSON, 2e4, 40, 0, 0.5);
  add_flow(a, VQ_ARRIVALS_CONSTANT, 1e4, 41, 0.001, 0.5);
  add_group(a, 4, 3e4, 1, 42, 0.5);
  add_flow(a, VQ_ARRIVALS_ONOFF, 1e4, 43, 0, 0.5)->forms =
      &(VqFlowForms){.burst = &(VqBurstConf){.mean_s = {1e-3, 1e-3}, .level = {2, 0}}};
  g_autoptr(VqScenario) b = scenario_new();
  for (guint i = 0; i < a->flows->len; i++)
    *add_flow(b, VQ_ARRIVALS_POISSON, 1, 0, 0, 0) = *(VqFlowConf *)g_ptr_array_index(a->flows, i);
  double t[] = {0, 0.1}, level[] = {1, 0.5};
  gboolean ramp[] = {FALSE, TRUE};
  VqSchedule s = {.n = 2, .t_s = t, .level = level, .ramp = ramp};
  VqFlowConf *x = add_flow(b, VQ_ARRIVALS_POISSON, 5e4, 50, 0, 0.5);
  x->forms = &(VqFlowForms){.schedule = &s, .sizes = &imix};
  add_flow(b, VQ_ARRIVALS_MMPP, 2e4, 51, 0, 0.5)->forms =
      &(VqFlowForms){.burst = &(VqBurstConf){.mean_s = {1e-3, 2e-3}, .level = {2, 0.5}}};
  add_flow(b, VQ_ARRIVALS_ONOFF, 1e4, 52, 0, 0.5)->forms =
      &(VqFlowForms){.burst = &(VqBurstConf){
                         .mean_s = {1e-4, 1e-3}, .level = {11, 0}, .shape = 1.5, .even = TRUE}};
  g_autoptr(GArray) fa = drain(a);
  g_autoptr(GArray) fb = drain(b);
  for (guint i = 0; i < a->flows->len; i++) {
    g_autoptr(GArray) p = frames_of(fa, i);
    g_autoptr(GArray) q = frames_of(fb, i);
    g_assert_cmpuint(p->len, >, 100);
    g_assert_cmpmem(p->data, p->len * sizeof(VqFrame), q->data, q->len * sizeof(VqFrame));
  }
  for (guint i = a->flows->len; i < b->flows->len; i++) {
    g_autoptr(GArray) q = times_of(fb, i);
    g_assert_cmpuint(q->len, >, 1000);
  }
}

/* The process alone: a chain's periods are drawn from its stream as they come, so two processes
 * on equal streams agree; a schedule draws nothing for constant frames (a NULL stream). */
static void test_process_draws(void) {
  VqFlowConf f = {.arrivals = VQ_ARRIVALS_CONSTANT, .stop_s = 1};
  double t[] = {0}, level[] = {1};
  gboolean ramp[] = {FALSE};
  VqSchedule s = {.n = 1, .t_s = t, .level = level, .ramp = ramp};
  f.forms = &(VqFlowForms){.schedule = &s};
  VqArrivalProc p;
  vq_arrivals_init(&p, &f, 1000, NULL);
  for (guint k = 0; k < 1000; k++)
    g_assert_cmpfloat(fabs(vq_arrivals_next(&p, NULL) - k / 1000.0), <, 1e-12);
  g_assert_true(isinf(vq_arrivals_next(&p, NULL)));
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/workload/sizes/imix", test_imix);
  g_test_add_func("/workload/sizes/uniform", test_uniform);
  g_test_add_func("/workload/onoff/exponential", test_onoff_exponential);
  g_test_add_func("/workload/onoff/pareto", test_onoff_pareto);
  g_test_add_func("/workload/mmpp/rate-and-occupancy", test_mmpp);
  g_test_add_func("/workload/schedule/steps", test_schedule_steps);
  g_test_add_func("/workload/schedule/ramp", test_schedule_ramp);
  g_test_add_func("/workload/schedule/superposed-group", test_schedule_group);
  g_test_add_func("/workload/streams/independent", test_stream_independence);
  g_test_add_func("/workload/process/constant-schedule", test_process_draws);
  return g_test_run();
}
