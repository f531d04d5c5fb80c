/* The windowed engine against the reference engine (the oracle), scenario by scenario.
 *
 * Each case runs `vmqsim run` twice, engine = reference and engine = windowed, and compares
 * summary.json and timeseries.csv: every count (offered, delivered, dropped, reordered frames,
 * interrupts, DPC passes, ... any JSON integer) must be identical, every other number (latency
 * mean and percentiles, busy fractions, per-interval values) equal within 1e-9 relative: the two
 * engines time the same executions, one through SimGrid's solver and one in plain C, and may
 * round the last bits differently. Then the step identity of the windowed engine: windows of one
 * frame (step_every_frame) give the same results with a different number of SimGrid activities.
 */
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sim/output/outdir.h"
#include "sim/study/runs.h"

#define REL_TOL 1e-9
#define ABS_TOL 1e-15 /* values that should be 0 may differ by rounding noise */

static const char *vmqsim(void) {
  const char *p = g_getenv("VMQSIM");
  g_assert_nonnull(p); /* set by ctest */
  return p;
}

static char *data_path(const char *name) {
  return g_build_filename(VQ_SOURCE_DIR, "tests", "data", name, NULL);
}

/* A run's results directory and its speed line's SimGrid event count. */
typedef struct {
  char *dir;
  guint64 events;
} Run;

static Run run(const char *scenario, const char *engine, const char *const *sets, gboolean step) {
  g_autoptr(GError) err = NULL;
  Run r = {g_dir_make_tmp("vmqsim-engines-XXXXXX", &err), 0};
  g_assert_no_error(err);
  g_autofree char *out = g_build_filename(r.dir, "r", NULL);
  g_autofree char *eng = g_strdup_printf("simulation.engine=%s", engine);
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  /* Not --quiet: the speed line has the event count. */
  const char *fixed[] = {vmqsim(), "run", scenario, "--out", out, "--set", eng};
  for (guint i = 0; i < G_N_ELEMENTS(fixed); i++)
    g_ptr_array_add(argv, (gpointer)fixed[i]);
  for (; sets && *sets; sets++) {
    g_ptr_array_add(argv, (gpointer) "--set");
    g_ptr_array_add(argv, (gpointer)*sets);
  }
  if (step) {
    g_ptr_array_add(argv, (gpointer) "--set");
    g_ptr_array_add(argv, (gpointer) "simulation.step_every_frame=true");
  }
  g_ptr_array_add(argv, (gpointer) "--no-charts"); /* charts are not compared */
  g_ptr_array_add(argv, NULL);
  g_autofree char *err_text = NULL;
  int status = 0;
  g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
               &err_text, &status, &err);
  g_assert_no_error(err);
  if (!g_spawn_check_wait_status(status, NULL))
    g_error("vmqsim (%s engine) failed on %s: %s", engine, scenario, err_text);
  const char *ev = strstr(err_text, " SimGrid events");
  g_assert_nonnull(ev);
  while (ev > err_text && g_ascii_isdigit(ev[-1]))
    ev--;
  r.events = g_ascii_strtoull(ev, NULL, 10);
  g_free(r.dir);
  r.dir = g_steal_pointer(&out);
  return r;
}

static void run_clear(Run *r) {
  g_autofree char *parent = g_path_get_dirname(r->dir);
  vq_outdir_remove_tree(parent);
  g_free(r->dir);
}

static gboolean close_enough(double a, double b) {
  if (isnan(a) || isnan(b))
    return isnan(a) && isnan(b);
  return fabs(a - b) <= REL_TOL * MAX(fabs(a), fabs(b)) + ABS_TOL;
}

/* Compares two JSON trees under the rule above; appends each difference (up to a few) to
 * WHY with its PATH. */
static void compare_nodes(JsonNode *a, JsonNode *b, const char *path, GString *why) {
  if (why->len > 2000)
    return;
  if (JSON_NODE_TYPE(a) != JSON_NODE_TYPE(b)) {
    g_string_append_printf(why, "%s: node types differ\n", path);
    return;
  }
  switch (JSON_NODE_TYPE(a)) {
  case JSON_NODE_OBJECT: {
    JsonObject *oa = json_node_get_object(a), *ob = json_node_get_object(b);
    g_autoptr(GList) ma = json_object_get_members(oa);
    if (json_object_get_size(oa) != json_object_get_size(ob))
      g_string_append_printf(why, "%s: %u members against %u\n", path, json_object_get_size(oa),
                             json_object_get_size(ob));
    for (GList *l = ma; l; l = l->next) {
      g_autofree char *sub = g_strdup_printf("%s.%s", path, (const char *)l->data);
      if (!json_object_has_member(ob, l->data))
        g_string_append_printf(why, "%s: missing\n", sub);
      else
        compare_nodes(json_object_get_member(oa, l->data), json_object_get_member(ob, l->data), sub,
                      why);
    }
    return;
  }
  case JSON_NODE_ARRAY: {
    JsonArray *xa = json_node_get_array(a), *xb = json_node_get_array(b);
    guint n = json_array_get_length(xa);
    if (n != json_array_get_length(xb)) {
      g_string_append_printf(why, "%s: %u elements against %u\n", path, n,
                             json_array_get_length(xb));
      return;
    }
    for (guint i = 0; i < n; i++) {
      JsonNode *ea = json_array_get_element(xa, i), *eb = json_array_get_element(xb, i);
      const char *name =
          JSON_NODE_HOLDS_OBJECT(ea) && json_object_has_member(json_node_get_object(ea), "name")
              ? json_object_get_string_member(json_node_get_object(ea), "name")
              : NULL;
      g_autofree char *sub =
          name ? g_strdup_printf("%s[%s]", path, name) : g_strdup_printf("%s[%u]", path, i);
      compare_nodes(ea, eb, sub, why);
    }
    return;
  }
  case JSON_NODE_VALUE: {
    GType ta = json_node_get_value_type(a), tb = json_node_get_value_type(b);
    if (ta == G_TYPE_INT64 && tb == G_TYPE_INT64) {
      if (json_node_get_int(a) != json_node_get_int(b))
        g_string_append_printf(why, "%s: count %" G_GINT64_FORMAT " against %" G_GINT64_FORMAT "\n",
                               path, json_node_get_int(a), json_node_get_int(b));
    } else if (ta == G_TYPE_STRING || tb == G_TYPE_STRING) {
      if (g_strcmp0(json_node_get_string(a), json_node_get_string(b)))
        g_string_append_printf(why, "%s: '%s' against '%s'\n", path, json_node_get_string(a),
                               json_node_get_string(b));
    } else if (!close_enough(json_node_get_double(a), json_node_get_double(b))) {
      g_string_append_printf(why, "%s: %.17g against %.17g\n", path, json_node_get_double(a),
                             json_node_get_double(b));
    }
    return;
  }
  case JSON_NODE_NULL:
    return;
  }
}

static JsonParser *load(const char *dir, const char *file) {
  g_autofree char *path = g_build_filename(dir, file, NULL);
  g_autoptr(GError) err = NULL;
  JsonParser *p = json_parser_new();
  json_parser_load_from_file(p, path, &err);
  g_assert_no_error(err);
  return p;
}

/* timeseries.csv: same header, same rows, values within the tolerance. */
static void compare_csv(const char *da, const char *db, GString *why) {
  g_autofree char *pa = g_build_filename(da, "timeseries.csv", NULL);
  g_autofree char *pb = g_build_filename(db, "timeseries.csv", NULL);
  g_autofree char *ta = NULL, *tb = NULL;
  g_assert_true(g_file_get_contents(pa, &ta, NULL, NULL));
  g_assert_true(g_file_get_contents(pb, &tb, NULL, NULL));
  g_auto(GStrv) la = g_strsplit(ta, "\n", -1), lb = g_strsplit(tb, "\n", -1);
  if (g_strv_length(la) != g_strv_length(lb) || strcmp(la[0], lb[0])) {
    g_string_append(why, "timeseries.csv: rows or columns differ\n");
    return;
  }
  g_auto(GStrv) header = g_strsplit(la[0], ",", -1);
  for (guint row = 1; la[row] && why->len < 2000; row++) {
    g_auto(GStrv) ca = g_strsplit(la[row], ",", -1), cb = g_strsplit(lb[row], ",", -1);
    for (guint c = 0; ca[c] && cb[c]; c++)
      if (!close_enough(g_ascii_strtod(ca[c], NULL), g_ascii_strtod(cb[c], NULL)))
        g_string_append_printf(why, "timeseries.csv row %u %s: %s against %s\n", row,
                               header[c] ? header[c] : "?", ca[c], cb[c]);
  }
}

/* The differences between two runs' results ("" when none). */
static char *differences(const Run *a, const Run *b) {
  GString *why = g_string_new(NULL);
  g_autoptr(JsonParser) ja = load(a->dir, "summary.json");
  g_autoptr(JsonParser) jb = load(b->dir, "summary.json");
  compare_nodes(json_parser_get_root(ja), json_parser_get_root(jb), "summary", why);
  compare_csv(a->dir, b->dir, why);
  return g_string_free(why, FALSE);
}

typedef struct {
  const char *name;     /* the test path's last part */
  const char *scenario; /* under tests/data */
  const char *sets[6];  /* --set overrides, NULL-terminated */
} Case;

/* At least one scenario of every kind the engines must agree on. */
static const Case corpus[] = {
    {"golden", "golden.ini", {NULL}},
    {"golden-vmmq", "golden-vmmq.ini", {NULL}}, /* VMMQ, tx completions, live updates */
    {"md1", "md1.ini", {NULL}},
    {"validate-rss-md1", "validate/rss-md1.ini", {"simulation.duration=60ms", NULL}},
    {"validate-saturation", "validate/saturation.ini", {"simulation.duration=40ms", NULL}},
    {"vmq-off", "golden.ini", {"nic.vmq=off", NULL}},
    {"max-vmq-queues", "golden.ini", {"nic.max_vmq_queues=1", NULL}},
    {"guest-on-dpc-processor", "golden.ini", {"vm.hot.vcpu_processors=1", NULL}},
    {"guests-share-a-processor",
     "golden.ini",
     {"vm.hot.vcpu_processors=2", "vm.warm.guest_frame_cycles=20000", NULL}},
    {"exponential-service", "golden.ini", {"cpu.frame_service=exponential", NULL}},
    {"exponential-vmmq", "golden-vmmq.ini", {"cpu.frame_service=exponential", NULL}},
    {"tiny-ring", "golden.ini", {"nic.ring_size=64", NULL}},
    {"huge-ring", "golden.ini", {"nic.ring_size=65536", NULL}},
    {"no-moderation",
     "golden.ini",
     {"nic.interrupt_max_delay=0s", "nic.interrupt_max_frames=1", NULL}},
    {"burst-1", "golden-vmmq.ini", {"nic.dma_burst_frames=1", NULL}},
    {"slow-pcie", "golden.ini", {"pcie.bandwidth=2Gbps", "pcie.latency=2us", NULL}},
    {"reorder", "reorder.ini", {NULL}},
    {"same-instant", "same-instant.ini", {NULL}},
    {"vm-count", "vm-count.ini", {NULL}},
    {"scenario-full", "scenarios/full.ini", {NULL}},
    {"scenario-vmmq-events", "scenarios/vmmq.ini", {NULL}},
    {"count-expansion", "scenarios/vm-count.ini", {NULL}},
    {"population", "scenarios/population.ini", {NULL}}, /* non-IP, fragments, unhashed frames */
};

static void test_engines_agree(gconstpointer data) {
  const Case *c = data;
  g_autofree char *sc = data_path(c->scenario);
  Run ref = run(sc, "reference", c->sets, FALSE);
  Run win = run(sc, "windowed", c->sets, FALSE);
  g_autofree char *why = differences(&ref, &win);
  if (*why)
    g_error("%s: the engines disagree:\n%s", c->name, why);
  /* Not a trivial pass: the case simulated something. */
  g_autoptr(JsonParser) j = load(win.dir, "summary.json");
  JsonObject *runo =
      json_object_get_object_member(json_node_get_object(json_parser_get_root(j)), "run");
  g_assert_cmpfloat(json_object_get_double_member(runo, "simulated_frames"), >, 0);
  run_clear(&ref);
  run_clear(&win);
}

/* Windows of one frame against the default windows: the same results, and the window setting
 * did change how the run went (many more SimGrid activities). */
static void test_step_identity(gconstpointer data) {
  const Case *c = data;
  g_autofree char *sc = data_path(c->scenario);
  Run dflt = run(sc, "windowed", c->sets, FALSE);
  Run step = run(sc, "windowed", c->sets, TRUE);
  g_autofree char *why = differences(&dflt, &step);
  if (*why)
    g_error("%s: windows of one frame change the results:\n%s", c->name, why);
  g_test_message("%s: %" G_GUINT64_FORMAT " SimGrid activities by default, %" G_GUINT64_FORMAT
                 " with windows of one frame",
                 c->name, dflt.events, step.events);
  g_assert_cmpuint(step.events, >, 2 * dflt.events);
  run_clear(&dflt);
  run_clear(&step);
}

/* The comparison can fail: another seed, or a frame cost 1e-6 higher, is caught. */
static void test_comparison_detects(void) {
  g_autofree char *sc = data_path("golden.ini");
  const char *seed2[] = {"simulation.seed=2", NULL};
  const char *costlier[] = {"cpu.frame_cycles=3000.003", NULL};
  const char *base[] = {"cpu.frame_cycles=3000", NULL};
  Run a = run(sc, "windowed", base, FALSE);
  Run b = run(sc, "windowed", seed2, FALSE);
  Run c = run(sc, "windowed", costlier, FALSE);
  g_autofree char *ab = differences(&a, &b);
  g_autofree char *ac = differences(&a, &c);
  g_assert_nonnull(strstr(ab, "count"));
  g_assert_cmpstr(ac, !=, "");
  run_clear(&a);
  run_clear(&b);
  run_clear(&c);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/engines/comparison-detects", test_comparison_detects);
  for (guint i = 0; i < G_N_ELEMENTS(corpus); i++) {
    g_autofree char *path = g_strdup_printf("/engines/agree/%s", corpus[i].name);
    g_test_add_data_func(path, &corpus[i], test_engines_agree);
  }
  static const Case step_cases[] = {
      {"golden", "golden.ini", {"simulation.duration=40ms", NULL}},
      {"golden-vmmq", "golden-vmmq.ini", {"simulation.duration=40ms", NULL}},
  };
  for (guint i = 0; i < G_N_ELEMENTS(step_cases); i++) {
    g_autofree char *path = g_strdup_printf("/engines/step-identity/%s", step_cases[i].name);
    g_test_add_data_func(path, &step_cases[i], test_step_identity);
  }
  return g_test_run();
}
