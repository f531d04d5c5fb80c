/* Tests for sim/study/capacity.c and the sweep's [variant NAME] / [capacity] sections: Kneedle, the
 * SLO bracket and its bisection, run-level metrics, and every error of the two sections. */
#include <math.h>
#include <string.h>

#include "sim/study/capacity.h"
#include "sim/study/sweep.h"
#include "tests/sweep-test.h"

#define DEFAULT_INI VQ_SOURCE_DIR "/tests/data/default.ini"
#define RATE_AXIS "flow.web1.rate = 100Mbps..500Mbps step 100Mbps\n"

/* ---- Kneedle ------------------------------------------------------------------------------- */

static void test_kneedle(void) {
  /* Linear up to x = 6, flat after: the knee is where it bends. */
  double x[10], y[10];
  for (int i = 0; i < 10; i++) {
    x[i] = i + 1;
    y[i] = 5.0 * MIN(i + 1, 6);
  }
  g_assert_cmpfloat(vq_kneedle(x, y, 10), ==, 6);
  /* A straight line has no knee; nor have two points or a flat line. */
  for (int i = 0; i < 10; i++)
    y[i] = 3.0 * x[i];
  g_assert_true(isnan(vq_kneedle(x, y, 10)));
  g_assert_true(isnan(vq_kneedle(x, y, 2)));
  for (int i = 0; i < 10; i++)
    y[i] = 7;
  g_assert_true(isnan(vq_kneedle(x, y, 10)));
  /* A concave curve y = 1 - exp(-x): the knee sits where the curve is farthest above its chord,
   * at x = ln(slope of the normalised chord) analytically; on a grid of 0.5 that is 2.0. */
  for (int i = 0; i < 10; i++) {
    x[i] = 0.5 * i;
    y[i] = 1 - exp(-x[i]);
  }
  double chord = (y[9] - y[0]) / (x[9] - x[0]), want = -log(chord);
  g_assert_cmpfloat(fabs(vq_kneedle(x, y, 10) - want), <=, 0.25);
}

/* ---- bracket and bisection ----------------------------------------------------------------- */

static VqCapacitySpec *spec_p99(double limit_s, double resolution) {
  VqCapacitySpec *s = g_new0(VqCapacitySpec, 1);
  s->search = g_strdup("vm.t.count");
  s->unit = g_strdup("");
  s->resolution = resolution;
  for (guint m = 0; m < VQ_RUN_N; m++)
    s->limit[m] = NAN;
  s->limit[VQ_RUN_WORST_P99_S] = limit_s;
  return s;
}

/* A configuration whose points have p99 P99[i] at X[i] (N points). */
static VqCapConfig *config_of(const double *x, const double *p99, guint n) {
  VqCapConfig *c = g_new0(VqCapConfig, 1);
  c->label = g_strdup("all");
  c->points = g_array_new(FALSE, FALSE, sizeof(VqCapPoint));
  for (guint i = 0; i < n; i++) {
    VqCapPoint p = {.x = x[i], .n = 2};
    for (guint m = 0; m < VQ_RUN_N; m++)
      p.mean[m] = p.ci95[m] = NAN;
    p.mean[VQ_RUN_WORST_P99_S] = p99[i];
    p.mean[VQ_RUN_DELIVERED_GBPS] = 5 * MIN(x[i], 8);
    g_array_append_val(c->points, p);
  }
  return c;
}

static void test_bracket(void) {
  VqCapacitySpec *s = spec_p99(100e-6, 1);
  /* Out of order on purpose: analyse sorts. 1..8 pass, 12 and 16 fail. */
  const double x[] = {16, 4, 1, 8, 12}, p99[] = {900e-6, 40e-6, 20e-6, 80e-6, 300e-6};
  VqCapConfig *c = config_of(x, p99, 5);
  vq_capacity_analyse(s, c);
  g_assert_cmpfloat(c->capacity, ==, 8);
  g_assert_cmpfloat(c->first_fail, ==, 12);
  g_assert_cmpuint(c->fail_mask, ==, 1u << VQ_RUN_WORST_P99_S);
  g_assert_true(c->monotone);
  g_assert_cmpfloat(c->knee, ==, 8); /* delivered = 5 min(x, 8) bends at 8 */
  double probe;
  g_assert_true(vq_capacity_next_probe(s, c, &probe));
  g_assert_cmpfloat(probe, ==, 10); /* the midpoint of 8..12 */
  /* A probe at 10 that passes moves the bracket to 10..12, then 11 is probed, then nothing. */
  VqCapPoint p = g_array_index(c->points, VqCapPoint, 0);
  p.x = 10;
  p.probe = TRUE;
  p.mean[VQ_RUN_WORST_P99_S] = 95e-6;
  g_array_append_val(c->points, p);
  vq_capacity_analyse(s, c);
  g_assert_cmpfloat(c->capacity, ==, 10);
  g_assert_true(vq_capacity_next_probe(s, c, &probe));
  g_assert_cmpfloat(probe, ==, 11);
  p.x = 11;
  p.mean[VQ_RUN_WORST_P99_S] = 101e-6;
  g_array_append_val(c->points, p);
  vq_capacity_analyse(s, c);
  g_assert_cmpfloat(c->capacity, ==, 10);
  g_assert_cmpfloat(c->first_fail, ==, 11);
  g_assert_false(vq_capacity_next_probe(s, c, &probe));
  g_assert_cmpfloat(c->knee, ==, 8); /* probes do not move the knee: grid points only */
  vq_cap_config_free(c);

  /* Everything fails; everything passes; passing again after a failure; undefined = failing. */
  const double x2[] = {1, 2, 3};
  const double all_fail[] = {1, 1, 1}, all_pass[] = {0, 0, 0}, bumpy[] = {0, 1, 0};
  const double undefined[] = {0, NAN, 0};
  c = config_of(x2, all_fail, 3);
  vq_capacity_analyse(s, c);
  g_assert_true(isnan(c->capacity));
  g_assert_cmpfloat(c->first_fail, ==, 1);
  g_assert_false(vq_capacity_next_probe(s, c, &probe));
  vq_cap_config_free(c);
  c = config_of(x2, all_pass, 3);
  vq_capacity_analyse(s, c);
  g_assert_cmpfloat(c->capacity, ==, 3);
  g_assert_true(isnan(c->first_fail));
  vq_cap_config_free(c);
  c = config_of(x2, bumpy, 3);
  vq_capacity_analyse(s, c);
  g_assert_cmpfloat(c->capacity, ==, 1);
  g_assert_false(c->monotone);
  vq_cap_config_free(c);
  c = config_of(x2, undefined, 3);
  vq_capacity_analyse(s, c);
  g_assert_cmpfloat(c->capacity, ==, 1);
  vq_cap_config_free(c);
  vq_capacity_spec_free(s);

  /* A continuous key: bisection on the lattice lo + k * resolution, strictly inside. */
  s = spec_p99(100e-6, 10);
  const double x3[] = {300, 600, 900}, p3[] = {0, 0, 1};
  c = config_of(x3, p3, 3);
  vq_capacity_analyse(s, c);
  g_assert_true(vq_capacity_next_probe(s, c, &probe));
  g_assert_cmpfloat(probe, ==, 750);
  s->resolution = 300; /* the grid is already that fine */
  g_assert_false(vq_capacity_next_probe(s, c, &probe));
  s->resolution = 0; /* no bisection asked */
  g_assert_false(vq_capacity_next_probe(s, c, &probe));
  vq_cap_config_free(c);
  vq_capacity_spec_free(s);
}

/* ---- run-level metrics --------------------------------------------------------------------- */

static void test_run_metrics(void) {
  const char *text =
      "{\"vms\": [{\"name\": \"a\", \"offered_gbps\": 5, \"delivered_gbps\": 4, "
      "\"offered_frames\": 100, \"dropped_frames\": 10, "
      "\"latency_s\": {\"mean_s\": 2e-5, \"p99_s\": 9e-5}},"
      "{\"name\": \"b\", \"offered_gbps\": 3, \"delivered_gbps\": 3, \"offered_frames\": 300, "
      "\"dropped_frames\": 0, \"latency_s\": {\"mean_s\": 3e-5, \"p99_s\": 5e-5}},"
      "{\"name\": \"idle\", \"offered_gbps\": 0, \"delivered_gbps\": 0, \"offered_frames\": 0,"
      " \"dropped_frames\": 0}],"
      "\"processors\": [{\"name\": \"0\", \"busy\": 0.25}, {\"name\": \"1\", \"busy\": 0.75}]}";
  g_autoptr(JsonParser) p = json_parser_new();
  g_assert_true(json_parser_load_from_data(p, text, -1, NULL));
  double m[VQ_RUN_N];
  vq_run_metrics(json_node_get_object(json_parser_get_root(p)), m);
  g_assert_cmpfloat(m[VQ_RUN_OFFERED_GBPS], ==, 8);
  g_assert_cmpfloat(m[VQ_RUN_DELIVERED_GBPS], ==, 7);
  g_assert_cmpfloat(m[VQ_RUN_DROP_FRACTION], ==, 10.0 / 400);
  g_assert_cmpfloat(m[VQ_RUN_MAX_BUSY], ==, 0.75);
  g_assert_cmpfloat(m[VQ_RUN_WORST_P99_S], ==, 9e-5);
  g_assert_cmpfloat(m[VQ_RUN_WORST_MEAN_S], ==, 3e-5);
  /* No VMs and no processors: undefined, not zero. */
  g_autoptr(JsonParser) e = json_parser_new();
  g_assert_true(json_parser_load_from_data(e, "{}", -1, NULL));
  vq_run_metrics(json_node_get_object(json_parser_get_root(e)), m);
  for (guint k = 0; k < VQ_RUN_N; k++)
    g_assert_true(isnan(m[k]));
}

/* ---- the sections -------------------------------------------------------------------------- */

static VqSweep *load_text(const char *vary, const char *more, GError **err) {
  g_autofree char *path = write_sweep_more(DEFAULT_INI, "replications = 2", vary, more);
  VqSweep *sw = vq_sweep_load(path, err);
  remove_sweep(path);
  return sw;
}

static void test_capacity_section(void) {
  g_autoptr(GError) err = NULL;
  g_autoptr(VqSweep) sw = load_text(RATE_AXIS,
                                    "[capacity]\nsearch = flow.web1.rate\n"
                                    "p99_latency = 200us\ndrop_fraction = 0.1%\n"
                                    "processor_busy = 0.9\nresolution = 25Mbps\n",
                                    &err);
  g_assert_no_error(err);
  const VqCapacitySpec *c = sw->capacity;
  g_assert_nonnull(c);
  g_assert_cmpstr(c->search, ==, "flow.web1.rate");
  g_assert_cmpstr(c->unit, ==, "Mbps");
  g_assert_cmpfloat(c->resolution, ==, 25);
  g_assert_cmpfloat(c->limit[VQ_RUN_WORST_P99_S], ==, 200e-6);
  g_assert_cmpfloat(c->limit[VQ_RUN_DROP_FRACTION], ==, 0.001);
  g_assert_cmpfloat(c->limit[VQ_RUN_MAX_BUSY], ==, 0.9);
  g_assert_true(isnan(c->limit[VQ_RUN_WORST_MEAN_S]));
  g_assert_cmpfloat(vq_capacity_value(c, "250Mbps"), ==, 250);
  g_assert_true(isnan(vq_capacity_value(c, "1Gbps"))); /* another unit */
  g_autofree char *v = vq_capacity_format(c, 237.5);
  g_assert_cmpstr(v, ==, "237.5Mbps");
  g_autofree char *slo = vq_capacity_slo_text(c);
  g_assert_cmpstr(slo, ==, "drops <= 0.1% and busiest processor <= 90% and p99 latency <= 200 µs");
  /* Round trip through manifest.json. */
  g_autoptr(JsonNode) j = vq_capacity_spec_to_json(c);
  const char *why = NULL;
  VqCapacitySpec *back = vq_capacity_spec_from_json(json_node_get_object(j), &why);
  g_assert_nonnull(back);
  g_assert_cmpstr(back->search, ==, c->search);
  for (guint k = 0; k < VQ_RUN_N; k++)
    g_assert_true(back->limit[k] == c->limit[k] || (isnan(back->limit[k]) && isnan(c->limit[k])));
  vq_capacity_spec_free(back);

  /* No [capacity]: no spec. */
  g_autoptr(VqSweep) none = load_text(RATE_AXIS, NULL, &err);
  g_assert_no_error(err);
  g_assert_null(none->capacity);
}

/* Each bad section fails with "FILE:LINE: [GROUP] ..." holding WANT. */
static void test_section_errors(void) {
  static const struct {
    const char *vary, *more, *want;
  } cases[] = {
      {RATE_AXIS, "[capacity]\np99_latency = 1ms\n", "[capacity] search: missing"},
      {RATE_AXIS, "[capacity]\nsearch = nic.vmq\np99_latency = 1ms\n", "is not a [vary] key"},
      {RATE_AXIS "nic.vmq = off, on\n", "[capacity]\nsearch = nic.vmq\np99_latency = 1ms\n",
       "varies over \"off\""},
      {"flow.web1.rate = 100Mbps, 1Gbps\n",
       "[capacity]\nsearch = flow.web1.rate\n"
       "p99_latency = 1ms\n",
       "in different units"},
      {RATE_AXIS, "[capacity]\nsearch = flow.web1.rate\n", "sets no limit"},
      {RATE_AXIS, "[capacity]\nsearch = flow.web1.rate\ndrop_fraction = 120%\n", "outside 0..1"},
      {RATE_AXIS, "[capacity]\nsearch = flow.web1.rate\nprocessor_busy = lots\n",
       "is not a fraction"},
      {RATE_AXIS, "[capacity]\nsearch = flow.web1.rate\np99_latency = -1ms\n", "p99_latency"},
      {RATE_AXIS, "[capacity]\nsearch = flow.web1.rate\np99_latency = 1ms\nresolution = 1us\n",
       "is not in the unit"},
      {RATE_AXIS, "[capacity]\nsearch = flow.web1.rate\np99_latency = 1ms\nresolution = 0Mbps\n",
       "is zero"},
      {RATE_AXIS, "[capacity]\nsearch = flow.web1.rate\np99_latncy = 1ms\n",
       "did you mean p99_latency"},
      {RATE_AXIS, "[variant a]\n", "[variant a] has no keys"},
      {RATE_AXIS, "[variant a]\nflow.web1.rate = 1Gbps\n", "is also a [vary] key"},
      {RATE_AXIS, "[variant a]\nnic.vmq = maybe\n", "[variant a]"},
      {RATE_AXIS, "[variant a]\nnic.ring_size = 1\n", "[variant a]"},
      {"variant = 1, 2\n", NULL, "variants are [variant NAME] sections"},
      {RATE_AXIS, "[varient a]\nnic.vmq = on\n", "is not a known section"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_test_message("case %u: %s", i, cases[i].want);
    g_autoptr(GError) err = NULL;
    g_autoptr(VqSweep) sw = load_text(cases[i].vary, cases[i].more, &err);
    g_assert_null(sw);
    g_assert_error(err, VQ_SWEEP_ERROR, err->code);
    g_assert_true(strstr(err->message, "t.sweep:") != NULL);
    g_assert_true(strchr(err->message, '\n') == NULL);
    if (!strstr(err->message, cases[i].want))
      g_error("case %u: \"%s\" lacks \"%s\"", i, err->message, cases[i].want);
  }
}

static void test_variants(void) {
  g_autoptr(GError) err = NULL;
  /* Variants are crossed with the [vary] points even under zip, outermost. */
  g_autoptr(VqSweep) sw =
      load_text("flow.web1.rate = 100Mbps, 200Mbps\nflow.web2.rate = 300Mbps, 400Mbps\n",
                "[variant off]\nnic.vmq = off\n[variant small]\nnic.ring_size = 256\n"
                "nic.interrupt_max_frames = 8\n",
                &err);
  g_assert_no_error(err);
  g_assert_cmpuint(sw->variants->len, ==, 2);
  g_assert_cmpuint(sw->axes->len, ==, 3);
  g_assert_cmpuint(sw->n_points, ==, 8);
  g_assert_cmpstr(((VqSweepAxis *)g_ptr_array_index(sw->axes, 0))->key, ==, "variant");
  g_assert_cmpstr(vq_sweep_value(sw, 0, 0), ==, "off");
  g_assert_cmpstr(vq_sweep_value(sw, 3, 0), ==, "off");
  g_assert_cmpstr(vq_sweep_value(sw, 4, 0), ==, "small");
  g_assert_cmpstr(vq_sweep_value(sw, 5, 1), ==, "100Mbps");
  g_assert_cmpstr(vq_sweep_value(sw, 5, 2), ==, "400Mbps");
  g_auto(GStrv) o = vq_sweep_point_overrides(sw, 5);
  const char *const want[] = {"nic.ring_size=256", "nic.interrupt_max_frames=8",
                              "flow.web1.rate=100Mbps", "flow.web2.rate=400Mbps", NULL};
  g_assert_cmpstrv(o, want);
  g_assert_cmpint(vq_sweep_axis_index(sw, "flow.web2.rate"), ==, 2);
  g_assert_cmpint(vq_sweep_axis_index(sw, "nope"), ==, -1);

  g_autofree char *path =
      write_sweep_more(DEFAULT_INI, "combine = zip",
                       "flow.web1.rate = 100Mbps, 200Mbps\n"
                       "flow.web2.rate = 300Mbps, 400Mbps\n",
                       "[variant a]\nnic.vmq = off\n"
                       "[variant b]\nnic.vmq = on\n[variant c]\nnic.ring_size = 128\n");
  g_autoptr(VqSweep) zip = vq_sweep_load(path, &err);
  remove_sweep(path);
  g_assert_no_error(err);
  g_assert_cmpuint(zip->n_points, ==, 6); /* 3 variants x 2 zipped points */
  g_assert_cmpstr(vq_sweep_value(zip, 3, 0), ==, "b");
  g_assert_cmpstr(vq_sweep_value(zip, 3, 1), ==, "200Mbps");
  g_assert_cmpstr(vq_sweep_value(zip, 3, 2), ==, "400Mbps");

  /* A [vary] value wrong only with one variant names the variant. */
  g_autoptr(VqSweep) bad = load_text("nic.dma_burst_frames = 16, 600\n",
                                     "[variant big]\nnic.ring_size = 1024\n"
                                     "[variant tiny]\nnic.ring_size = 512\n",
                                     &err);
  g_assert_null(bad);
  g_assert_nonnull(err);
  g_test_message("%s", err->message);
  g_assert_nonnull(strstr(err->message, "value \"600\" (with [variant tiny])"));
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/capacity/kneedle", test_kneedle);
  g_test_add_func("/capacity/bracket", test_bracket);
  g_test_add_func("/capacity/run-metrics", test_run_metrics);
  g_test_add_func("/capacity/section", test_capacity_section);
  g_test_add_func("/capacity/section-errors", test_section_errors);
  g_test_add_func("/capacity/variants", test_variants);
  return g_test_run();
}
