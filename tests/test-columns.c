/* Tests for sim/study/columns.c and the sweep's [collect] section: metric names parsed against
 * the metrics table, every load-time error with its "FILE:LINE: [collect] metrics:" prefix and
 * its did-you-mean, and the columns a run's summary.json gives (tests/golden/golden-vmmq). */
#include <math.h>
#include <string.h>

#include "sim/study/columns.h"
#include "sim/study/study.h"
#include "sim/study/sweep.h"
#include "tests/sweep-test.h"

#define DEFAULT_INI VQ_SOURCE_DIR "/tests/data/default.ini"
#define GOLDEN_VMMQ VQ_SOURCE_DIR "/tests/golden/golden-vmmq/summary.json"

static VqColumn parse_ok(const char *name) {
  VqColumn c;
  g_autofree char *why = NULL;
  if (!vq_column_parse(name, &c, &why))
    g_error("%s: %s", name, why);
  g_autofree char *label = vq_column_label(&c);
  g_assert_cmpstr(label, ==, name); /* what the manifest records reads back the same */
  return c;
}

static void test_parse(void) {
  VqColumn c = parse_ok("queue.dropped_frames");
  g_assert_true(c.metric == VQ_M_QUEUE_DROPPED_FRAMES);
  g_assert_cmpstr(c.key, ==, "dropped_frames");
  g_autofree char *q1 = vq_column_name(&c, "q1");
  g_assert_cmpstr(q1, ==, "queue.q1.dropped_frames");
  c = parse_ok("processor.busy.dpc");
  g_assert_true(c.metric == VQ_M_PROCESSOR_BUSY_DPC);
  c = parse_ok("vport.fps.3");
  g_assert_true(c.metric == VQ_M_VPORT_FPS && c.index == 3);
  c = parse_ok("update.load_after.12");
  g_assert_true(c.metric == VQ_M_UPDATE_LOAD_AFTER && c.index == 12);
  c = parse_ok("vm.latency_s.p999_s");
  g_assert_true(c.metric == VQ_M_VM_LATENCY_S && c.stat == VQ_LATENCY_P999_S);
  c = parse_ok("run.pcie_busy");
  g_autofree char *run = vq_column_name(&c, NULL);
  g_assert_cmpstr(run, ==, "run.pcie_busy");
}

/* Each bad name is refused with a message holding WANT. */
static void test_parse_errors(void) {
  static const struct {
    const char *name, *want;
  } cases[] = {
      {"queue.droped_frames", "\"queue.droped_frames\" is not a metric; did you mean "
                              "queue.dropped_frames? expected KIND.KEY"},
      {"queu.dropped_frames", "did you mean queue.dropped_frames?"},
      {"dropped_frames", "is not a metric; expected KIND.KEY"},
      {"vm.vcpu", "did you mean vm.vcpus?"},
      {"vm.queue", "\"vm.queue\" is a string; collect takes numbers"},
      {"vm.latency_s", "is a latency; name one of its statistics, as vm.latency_s.p99_s"},
      {"vm.latency_s.p98_s", "is not a statistic of a latency"},
      {"vport.fps", "needs its index: vport.fps.<processor> with a number"},
      {"update.load_before.<processor>", "needs its index"},
      {"vport.fps.x", "is not a metric"},
      {"vm.rx_gbps", "is a column of timeseries.csv"},
      {"vport.lp3.fps", "is a column of timeseries.csv"},
      {"", "is not a metric"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    VqColumn c;
    g_autofree char *why = NULL;
    g_assert_false(vq_column_parse(cases[i].name, &c, &why));
    g_assert_nonnull(why);
    if (!strstr(why, cases[i].want))
      g_error("\"%s\": \"%s\" lacks \"%s\"", cases[i].name, why, cases[i].want);
  }
}

/* Default columns and [collect] ones from a run's summary.json, as collect reads them. */
static void test_values(void) {
  g_autoptr(GArray) collect = g_array_new(FALSE, FALSE, sizeof(VqColumn));
  const char *const names[] = {"vport.fps.1", "queue.dropped_frames", "run.pcie_busy",
                               "vm.latency_s.max_s", "flow.reordered_frames"};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    VqColumn c = parse_ok(names[i]);
    g_array_append_val(collect, c);
  }
  g_autoptr(GPtrArray) vms = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  VqStudyFound found = {vms, columns};
  g_autoptr(GHashTable) h = vq_study_load_run(GOLDEN_VMMQ, "11", collect, &found);
  g_assert_nonnull(h);
  struct {
    const char *column;
    double want; /* from tests/golden/golden-vmmq/summary.json */
  } expect[] = {
      {"vm.front.delivered_gbps", 1.9414217142857144},
      {"vm.back.latency_p99_s", 3.4213066101074219e-05},
      {"vport.front.fps.1", 456572.37936772051},
      {"queue.q2.dropped_frames", 0},
      {"run.pcie_busy", 0.040907699470899471},
      {"vm.front.latency_s.max_s", 3.2747949790352775e-05},
  };
  for (guint i = 0; i < G_N_ELEMENTS(expect); i++) {
    const double *v = g_hash_table_lookup(h, expect[i].column);
    if (!v)
      g_error("no column %s", expect[i].column);
    g_assert_cmpfloat(*v, ==, expect[i].want);
  }
  g_assert_cmpuint(vms->len, ==, 2);
  g_assert_cmpstr(vms->pdata[1], ==, "back");
  /* Per [collect] metric its columns, entities in summary order; no flows in this run. */
  g_assert_cmpuint(columns->len, ==, G_N_ELEMENTS(names));
  const GPtrArray *queues = columns->pdata[1];
  g_assert_cmpuint(queues->len, ==, 10); /* q0-q5 and q6.tx-q9.tx */
  g_assert_cmpstr(queues->pdata[9], ==, "queue.q9.tx.dropped_frames");
  g_assert_cmpuint(((const GPtrArray *)columns->pdata[4])->len, ==, 0);
  /* Another seed: not this sweep's run. */
  g_assert_null(vq_study_load_run(GOLDEN_VMMQ, "12", collect, NULL));
}

/* ---- the [collect] section ------------------------------------------------------------------ */

static VqSweep *load_collect(const char *more, GError **err) {
  g_autofree char *path = write_sweep_more(DEFAULT_INI, "", "nic.vmq = off, on", more);
  VqSweep *sw = vq_sweep_load(path, err);
  remove_sweep(path);
  return sw;
}

static void test_section(void) {
  g_autoptr(GError) err = NULL;
  g_autoptr(VqSweep) sw =
      load_collect("[collect]\nmetrics = processor.busy, queue.interrupts ,vport.fps.2\n", &err);
  g_assert_no_error(err);
  g_assert_cmpuint(sw->collect->len, ==, 3);
  g_assert_true(g_array_index(sw->collect, VqColumn, 0).metric == VQ_M_PROCESSOR_BUSY);
  g_assert_cmpstr(g_array_index(sw->collect, VqColumn, 1).key, ==, "interrupts");
  g_assert_cmpuint(g_array_index(sw->collect, VqColumn, 2).index, ==, 2);
  g_autoptr(VqSweep) none = load_collect(NULL, &err);
  g_assert_no_error(err);
  g_assert_cmpuint(none->collect->len, ==, 0);
}

/* Each bad section fails at load with CODE and a message starting "FILE:7: [collect] ...". */
static void test_section_errors(void) {
  static const struct {
    const char *more;
    int code;
    const char *want; /* after "t.sweep:7: " */
  } cases[] = {
      {"[collect]\nmetrics = queue.dropped_frames, vm.offerd_gbps\n", VQ_SWEEP_ERROR_UNKNOWN,
       "[collect] metrics: \"vm.offerd_gbps\" is not a metric; did you mean vm.offered_gbps? "
       "expected KIND.KEY, a number of summary.json as `vmqsim metrics` lists them "
       "(docs/metrics.md)"},
      {"[collect]\nmetric = queue.dropped_frames\n", VQ_SWEEP_ERROR_UNKNOWN,
       "[collect] metric: unknown key; did you mean metrics?"},
      {"[collect]\nmetrics =\n", VQ_SWEEP_ERROR_MISSING, "[collect] metrics: is empty"},
      {"[collect]\nmetrics = queue.interrupts,,vm.vcpus\n", VQ_SWEEP_ERROR_SYNTAX,
       "[collect] metrics: \"queue.interrupts,,vm.vcpus\" has an empty item"},
      {"[collect]\nmetrics = vm.vcpus, vm.vcpus\n", VQ_SWEEP_ERROR_SYNTAX,
       "[collect] metrics: \"vm.vcpus\" is listed twice"},
      {"[collect]\nmetrics = vm.drop_fraction\n", VQ_SWEEP_ERROR_SYNTAX,
       "[collect] metrics: \"vm.drop_fraction\" is collected anyway (vm.NAME.drop_fraction)"},
      {"[collect]\n", VQ_SWEEP_ERROR_MISSING, "[collect] metrics: missing"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_test_message("case %u: %s", i, cases[i].want);
    g_autoptr(GError) err = NULL;
    g_autoptr(VqSweep) sw = load_collect(cases[i].more, &err);
    g_assert_null(sw);
    g_assert_error(err, VQ_SWEEP_ERROR, cases[i].code);
    g_assert_null(strchr(err->message, '\n'));
    g_autofree char *want = g_strconcat("t.sweep:", i == 6 ? "6" : "7", ": ", cases[i].want, NULL);
    const char *at = strstr(err->message, "t.sweep:");
    if (!at || !g_str_has_prefix(at, want))
      g_error("case %u: \"%s\"\n  does not hold \"%s\"", i, err->message, want);
  }
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/columns/parse", test_parse);
  g_test_add_func("/columns/parse-errors", test_parse_errors);
  g_test_add_func("/columns/values", test_values);
  g_test_add_func("/columns/section", test_section);
  g_test_add_func("/columns/section-errors", test_section_errors);
  return g_test_run();
}
