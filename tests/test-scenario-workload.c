/* Scenario loader, the workload keys of [flow] (sim/input/scenario-workload.c): frame_size
 * forms, rate schedules, arrivals = onoff and mmpp, and their errors. */
#include <math.h>

#include "tests/scenario-test.h"

static VqScenario *load(const char *const *sets) {
  g_autoptr(GError) err = NULL;
  VqScenario *sc = vq_scenario_load(DATA "defaults.ini", sets, &err);
  g_assert_no_error(err);
  return sc;
}

static void test_frame_sizes(void) {
  g_autoptr(VqScenario) fixed = load((const char *[]){"flow.f.frame_size=9KiB", NULL});
  g_assert_null(vq_flow_sizes(flow_at(fixed, 0)));
  g_assert_cmpuint(flow_at(fixed, 0)->frame_bytes, ==, 9216);
  g_autoptr(VqScenario) u = load((const char *[]){"flow.f.frame_size=64B..1519B", NULL});
  const VqFlowConf *f = flow_at(u, 0);
  g_assert_cmpuint(vq_flow_sizes(f)->lo, ==, 64);
  g_assert_cmpuint(vq_flow_sizes(f)->hi, ==, 1519);
  g_assert_cmpfloat(vq_flow_sizes(f)->mean_bytes, ==, 791.5);
  g_assert_cmpuint(f->frame_bytes, ==, 792);             /* rounded half away from zero */
  g_assert_cmpfloat(f->rate_fps, ==, 1e9 / (8 * 791.5)); /* the bit rate on the mean size */
  g_autoptr(VqScenario) imix = load((const char *[]){"flow.f.frame_size=imix", NULL});
  f = flow_at(imix, 0);
  g_assert_cmpuint(vq_flow_sizes(f)->n, ==, 3);
  g_assert_cmpfloat(fabs(vq_flow_sizes(f)->mean_bytes - 4246.0 / 12), <, 1e-12);
  g_assert_cmpfloat(fabs(f->rate_fps * 8 * 4246.0 / 12 - 1e9), <, 1e-3);
  g_autoptr(VqScenario) file = load((const char *[]){"flow.f.frame_size=file:sizes.txt", NULL});
  f = flow_at(file, 0);
  g_assert_cmpuint(vq_flow_sizes(f)->n, ==, 3);
  g_assert_cmpuint(vq_flow_sizes(f)->sizes[1], ==, 1500);
  g_assert_cmpfloat(vq_flow_sizes(f)->weights[2], ==, 2);
  g_assert_cmpfloat(vq_flow_sizes(f)->mean_bytes, ==, (64 * 5 + 1500 * 3 + 9000 * 2) / 10.0);
}

static void test_frame_size_errors(void) {
  /* A bad line: the error names the size file and its line (not the scenario's). */
  g_autoptr(GError) err = NULL;
  const char *bad[] = {"flow.f.frame_size=file:sizes-bad.txt", NULL};
  g_autoptr(VqScenario) sc = vq_scenario_load(DATA "defaults.ini", bad, &err);
  g_assert_null(sc);
  g_assert_error(err, VQ_SCENARIO_ERROR, VQ_SCENARIO_ERROR_SYNTAX);
  g_assert_true(g_str_has_prefix(
      err->message, DATA "sizes-bad.txt:4: \"1500 heavy\" is not a frame size and a weight"));
  g_free(expect_error("defaults.ini", (const char *[]){"flow.f.frame_size=file:none.txt", NULL},
                      VQ_SCENARIO_ERROR_IO,
                      "--set flow.f.frame_size=file:none.txt: [flow f] frame_size: "
                      "\"file:none.txt\" cannot be read"));
  /* A device or a directory is refused before it is read (/dev/zero would never end). */
  g_free(expect_error("defaults.ini", (const char *[]){"flow.f.frame_size=file:/dev/zero", NULL},
                      VQ_SCENARIO_ERROR_RANGE,
                      "--set flow.f.frame_size=file:/dev/zero: [flow f] frame_size: "
                      "\"file:/dev/zero\" names /dev/zero, not a regular file"));
  const SetCase cases[] = {
      {{"flow.f.frame_size=1518B..64B"}, VQ_SCENARIO_ERROR_RANGE, "--set flow.f.frame_size="},
      {{"flow.f.frame_size=63B..100B"}, VQ_SCENARIO_ERROR_RANGE, "--set flow.f.frame_size="},
      {{"flow.f.frame_size=imax"}, VQ_SCENARIO_ERROR_SYNTAX, "--set flow.f.frame_size="},
  };
  run_set_cases("defaults.ini", cases, G_N_ELEMENTS(cases));
}

/* rate_fps is the peak; the points are fractions of it; '..' marks a ramp. */
static void test_schedule(void) {
  g_autoptr(VqScenario) sc = load((const char *[]){
      "flow.f.rate=1Gbps@0 ..4Gbps@100ms 2 Gbps@0.5s 0pps@1s", "flow.f.count=4", NULL});
  const VqFlowConf *f = flow_at(sc, 0);
  const VqSchedule *s = vq_flow_schedule(f);
  g_assert_nonnull(s);
  g_assert_cmpuint(s->n, ==, 4);
  g_assert_cmpfloat(f->rate_fps * 4, ==, 4e9 / (8 * 1500.0)); /* count splits the peak */
  const double t[] = {0, 0.1, 0.5, 1}, level[] = {0.25, 1, 0.5, 0};
  const gboolean ramp[] = {FALSE, TRUE, FALSE, FALSE};
  for (guint k = 0; k < 4; k++) {
    g_assert_cmpfloat(s->t_s[k], ==, t[k]);
    g_assert_cmpfloat(s->level[k], ==, level[k]);
    g_assert_cmpint(s->ramp[k], ==, ramp[k]);
  }
  for (guint i = 1; i < 4; i++) /* the section's flows share it */
    g_assert_true(vq_flow_schedule(flow_at(sc, i)) == s);
}

static void test_schedule_errors(void) {
  const char *tail = "; expected RATE@TIME points";
  const struct {
    const char *rate;
    int code;
    const char *msg;
  } cases[] = {
      {"1Gbps@0 2Gbps@5ms 3Gbps@5ms", VQ_SCENARIO_ERROR_RANGE,
       "has point 3 at 5ms, not after point 2"},
      {"1Gbps@1ms", VQ_SCENARIO_ERROR_RANGE,
       "starts with \"1Gbps@1ms\"; the first point is RATE@0"},
      {"..1Gbps@0", VQ_SCENARIO_ERROR_RANGE, "starts with \"..1Gbps@0\""},
      {"1Gbps@0 2Gbps", VQ_SCENARIO_ERROR_SYNTAX, "has no @TIME at point 2 (\"2Gbps\")"},
      {"1Gbps@0 2Gbps@2s", VQ_SCENARIO_ERROR_RANGE, "has point 2 at 2s, past the duration"},
      {"1Gbps@0 2Gbps@1x", VQ_SCENARIO_ERROR_SYNTAX, "has point 2's time \"1x\", not a time"},
      {"0bps@0 0pps@1ms", VQ_SCENARIO_ERROR_RANGE, "is 0 at every point"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *set = g_strdup_printf("flow.f.rate=%s", cases[i].rate);
    g_autofree char *want =
        g_strdup_printf("--set %s: [flow f] rate: \"%s\" %s", set, cases[i].rate, cases[i].msg);
    g_autofree char *msg =
        expect_error("defaults.ini", (const char *[]){set, NULL}, cases[i].code, want);
    if (cases[i].code == VQ_SCENARIO_ERROR_RANGE && i < 5)
      g_assert_nonnull(strstr(msg, tail));
  }
}

/* onoff: the peak level is 1 / duty; mmpp: the rate is the states' mean. */
static void test_bursts(void) {
  g_autoptr(VqScenario) on =
      load((const char *[]){"flow.f.arrivals=onoff", "flow.f.burst_on=1ms", "flow.f.burst_off=3ms",
                            "flow.f.burst_periods=pareto", "flow.f.pareto_shape=1.2", NULL});
  const VqBurstConf *b = vq_flow_burst(flow_at(on, 0));
  g_assert_cmpfloat(b->level[0], ==, 4);
  g_assert_cmpfloat(b->level[1], ==, 0);
  g_assert_cmpfloat(b->shape, ==, 1.2);
  g_assert_true(b->even);
  g_assert_cmpfloat(flow_at(on, 0)->rate_fps, ==, 1e9 / (8 * 1500.0));
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) mm = vq_scenario_load(DATA "mmpp.ini", NULL, &err);
  g_assert_no_error(err);
  const VqFlowConf *f = flow_at(mm, 0);
  g_assert_cmpfloat(f->rate_fps, ==, (5e5 * 3e-3 + 2e5 * 1e-3) / 4e-3);
  g_assert_cmpfloat(fabs(f->rate_fps * vq_flow_burst(f)->level[0] - 5e5), <, 1e-6);
  g_assert_cmpfloat(fabs(f->rate_fps * vq_flow_burst(f)->level[1] - 2e5), <, 1e-6);
  g_assert_cmpfloat(vq_flow_burst(f)->mean_s[1], ==, 1e-3);
}

static void test_burst_errors(void) {
  const SetCase cases[] = {
      {{"flow.f.burst_on=1ms"},
       VQ_SCENARIO_ERROR_SYNTAX,
       "--set flow.f.burst_on=1ms: [flow f] burst_on: \"1ms\" is allowed only with arrivals = "
       "onoff"},
      {{"flow.f.arrivals=onoff"}, VQ_SCENARIO_ERROR_MISSING, "/:19: [flow f] burst_on: missing"},
      {{"flow.f.mmpp=1Gbps/1ms 2Gbps/1ms"},
       VQ_SCENARIO_ERROR_SYNTAX,
       "--set flow.f.mmpp=1Gbps/1ms 2Gbps/1ms: [flow f] mmpp: \"1Gbps/1ms 2Gbps/1ms\" is allowed "
       "only with arrivals = mmpp"},
      {{"flow.f.arrivals=onoff", "flow.f.rate=1Gbps@0"},
       VQ_SCENARIO_ERROR_RANGE,
       "--set flow.f.rate=1Gbps@0: [flow f] rate: \"1Gbps@0\" is a schedule, which needs "
       "arrivals = constant or poisson"},
  };
  run_set_cases("defaults.ini", cases, G_N_ELEMENTS(cases));
  const SetCase mm[] = {
      {{"flow.f.rate=1Gbps"},
       VQ_SCENARIO_ERROR_SYNTAX,
       "--set flow.f.rate=1Gbps: [flow f] rate: conflicts with arrivals = mmpp"},
      {{"flow.f.mmpp=1Gbps/1ms"},
       VQ_SCENARIO_ERROR_SYNTAX,
       "--set flow.f.mmpp=1Gbps/1ms: [flow f] mmpp: \"1Gbps/1ms\" is not two states"},
      {{"flow.f.mmpp=1Gbps/0ms 1Gbps/1ms"},
       VQ_SCENARIO_ERROR_SYNTAX,
       "--set flow.f.mmpp=1Gbps/0ms 1Gbps/1ms: [flow f] mmpp: \"1Gbps/0ms 1Gbps/1ms\" has state "
       "1's mean time \"0ms\", not a time > 0"},
      /* The faster state's 10.1 Gbit/s on the wire does not fit a 10 Gbit/s wire. */
      {{"flow.f.mmpp=10Gbps/1ms 1Gbps/1ms"},
       VQ_SCENARIO_ERROR_RANGE,
       "--set flow.f.mmpp=10Gbps/1ms 1Gbps/1ms: [flow f] mmpp: makes the faster state's rate "
       "10.1333 Gbit/s on the wire"},
  };
  run_set_cases("mmpp.ini", mm, G_N_ELEMENTS(mm));
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/scenario-workload/frame-sizes", test_frame_sizes);
  g_test_add_func("/scenario-workload/frame-size-errors", test_frame_size_errors);
  g_test_add_func("/scenario-workload/schedule", test_schedule);
  g_test_add_func("/scenario-workload/schedule-errors", test_schedule_errors);
  g_test_add_func("/scenario-workload/bursts", test_bursts);
  g_test_add_func("/scenario-workload/burst-errors", test_burst_errors);
  return g_test_run();
}
