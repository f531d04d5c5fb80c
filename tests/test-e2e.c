/* End-to-end checks: run the vmqsim binary on scenarios and assert on summary.json.
 * Each run is its own process (SimGrid cannot restart in one). */
#include <math.h>

#include "tests/e2e.h"

/* M/D/1: Pollaczek-Khinchine mean sojourn W = S + rho*S/(2(1-rho)), S = 1 us. */
static void check_md1(double rho) {
  g_autofree char *sc = scenario("tests/data/md1.ini");
  g_autofree char *rate = g_strdup_printf("flow.in.rate=%.0fpps", rho * 1e6);
  const char *args[] = {"--set", rate, "--set", "simulation.duration=0.4s", NULL};
  g_autofree char *dir = run_sim(sc, args);
  JsonParser *p;
  JsonObject *s = load_summary(dir, &p);
  JsonObject *lat = json_object_get_object_member(entity(s, "vms", "sink"), "latency_s");
  double S = 1e-6, W = S + rho * S / (2 * (1 - rho));
  double measured = json_object_get_double_member(lat, "mean_s");
  double err = (measured - W) / W;
  g_test_message("M/D/1 rho=%.2f: PK %.6g s, measured %.6g s over %" G_GINT64_FORMAT
                 " frames, error %+.3f%%",
                 rho, W, measured, json_object_get_int_member(lat, "count"), 100 * err);
  g_assert_cmpint(json_object_get_int_member(lat, "count"), >, 100000);
  g_assert_cmpfloat(fabs(err), <, 0.02);
  g_assert_cmpint(json_object_get_int_member(entity(s, "vms", "sink"), "dropped_frames"), ==, 0);
  g_object_unref(p);
}

/* VMQ off, frame sizes uniform on 64..1518 B: the vSwitch's copy costs copy_byte_cycles per byte
 * of each frame, so the service time varies with the size and the queue is M/G/1, whose mean
 * sojourn is W = E[S] + lambda E[S^2] / (2 (1 - rho)) (Pollaczek-Khinchine). At rho = 0.8 a copy
 * costed at the mean size (M/D/1) gives 11% less (measured: -10.9% before the copy was costed per
 * frame); the bound is 3%. */
static void test_mg1_copy(void) {
  const double f = 2.5e9, a = 500, c = 2.5, rho = 0.8; /* cycles/frame, cycles/byte */
  const double n = 1518 - 64 + 1, el = (64 + 1518) / 2.0, el2 = (n * n - 1) / 12 + el * el;
  double es = (a + c * el) / f, es2 = (a * a + 2 * a * c * el + c * c * el2) / (f * f);
  double lambda = rho / es, W = es + lambda * es2 / (2 * (1 - rho));
  g_autofree char *sc = scenario("tests/data/md1.ini");
  g_autofree char *rate = g_strdup_printf("flow.in.rate=%.3fpps", lambda);
  const char *args[] = {"--set", rate,
                        "--set", "flow.in.frame_size=64B..1518B",
                        "--set", "nic.vmq=off",
                        "--set", "cpu.frame_cycles=500",
                        "--set", "cpu.sw_filter_frame_cycles=0",
                        "--set", "cpu.copy_byte_cycles=2.5",
                        "--set", "simulation.duration=0.5s",
                        NULL};
  g_autofree char *dir = run_sim(sc, args);
  JsonParser *p;
  JsonObject *s = load_summary(dir, &p);
  JsonObject *lat = json_object_get_object_member(entity(s, "vms", "sink"), "latency_s");
  double measured = json_object_get_double_member(lat, "mean_s"), err = (measured - W) / W;
  double md1 = es + lambda * es * es / (2 * (1 - rho));
  g_test_message("M/G/1 copy: PK %.6g s (M/D/1 at the mean size %.6g s), measured %.6g s, "
                 "error %+.3f%%",
                 W, md1, measured, 100 * err);
  g_assert_cmpfloat(fabs(err), <, 0.03);
  g_assert_cmpint(json_object_get_int_member(entity(s, "vms", "sink"), "dropped_frames"), ==, 0);
  g_object_unref(p);
}

static void test_md1_rho05(void) {
  check_md1(0.5);
}

static void test_md1_rho08(void) {
  check_md1(0.8);
}

/* offered = indicated + dropped + in flight, per queue, and the queues add up to the VMs. */
static void test_conservation(void) {
  g_autofree char *sc = scenario("tests/data/default.ini");
  const char *args[] = {"--set", "simulation.duration=40ms", "--set", "simulation.warmup=4ms",
                        "--set", "nic.ring_size=128",        NULL};
  g_autofree char *dir = run_sim(sc, args);
  JsonParser *p;
  JsonObject *s = load_summary(dir, &p);
  JsonArray *qs = json_object_get_array_member(s, "queues");
  gint64 q_offered = 0, q_dropped = 0;
  for (guint i = 0; i < json_array_get_length(qs); i++) {
    JsonObject *q = json_array_get_object_element(qs, i);
    q_offered += assert_queue_conserves(q);
    q_dropped += json_object_get_int_member(q, "dropped_frames");
  }
  JsonArray *vms = json_object_get_array_member(s, "vms");
  gint64 v_offered = 0, v_dropped = 0, v_delivered = 0;
  for (guint i = 0; i < json_array_get_length(vms); i++) {
    JsonObject *v = json_array_get_object_element(vms, i);
    v_offered += json_object_get_int_member(v, "offered_frames");
    v_dropped += json_object_get_int_member(v, "dropped_frames");
    v_delivered += json_object_get_int_member(v, "delivered_frames");
  }
  g_assert_cmpint(q_offered, ==, v_offered); /* every flow targets a VM here */
  g_assert_cmpint(q_dropped, ==, v_dropped);
  g_assert_cmpint(q_dropped, >, 0); /* the 128-descriptor ring of 'bulk' overflows */
  g_assert_cmpint(v_delivered + v_dropped, <=, v_offered);
  g_object_unref(p);
}

/* [vm load] count = 3 with one flow section: three VMs, each offered the section's full rate
 * (per VM) on its own queue, and each delivering it; frames are conserved per queue. */
static void test_vm_count(void) {
  g_autofree char *sc = scenario("tests/data/vm-count.ini");
  g_autofree char *dir = run_sim(sc, NULL);
  JsonParser *p;
  JsonObject *s = load_summary(dir, &p);
  JsonArray *vms = json_object_get_array_member(s, "vms");
  g_assert_cmpuint(json_array_get_length(vms), ==, 3);
  for (guint i = 0; i < 3; i++) {
    g_autofree char *name = g_strdup_printf("load-%u", i + 1);
    JsonObject *v = entity(s, "vms", name);
    gint64 offered = json_object_get_int_member(v, "offered_frames");
    gint64 delivered = json_object_get_int_member(v, "delivered_frames");
    /* 100k frames/s, constant arrivals, for 20 ms */
    g_assert_cmpint(offered, ==, 2000);
    g_assert_cmpint(json_object_get_int_member(v, "dropped_frames"), ==, 0);
    g_assert_cmpint(delivered, <=, offered);
    g_assert_cmpint(delivered, >=, offered - 10); /* the last few still in flight at the end */
    double off_gbps = json_object_get_double_member(v, "offered_gbps");
    g_assert_cmpfloat_with_epsilon(off_gbps, 100e3 * 256 * 8 / 1e9, 1e-9);
    g_assert_cmpfloat(json_object_get_double_member(v, "delivered_gbps"), >, 0.99 * off_gbps);
    /* its own queue (q1..q3), on its queue_processor 1..3, conserving frames */
    g_assert_cmpint(json_object_get_int_member(v, "queue_processor"), ==, i + 1);
    g_autofree char *qname = g_strdup_printf("q%u", i + 1);
    g_assert_cmpstr(json_object_get_string_member(v, "queue"), ==, qname);
    JsonObject *q = entity(s, "queues", qname);
    g_assert_cmpstr(json_object_get_string_member(q, "vm"), ==, name);
    g_assert_cmpint(assert_queue_conserves(q), ==, offered);
  }
  g_object_unref(p);
}

/* A saturated queue processor delivers at most hz / cycles-per-frame frames per second; with
 * the DPC overhead amortised over large batches it gets within a few percent of it. */
static void test_saturation_cap(void) {
  g_autofree char *sc = scenario("tests/data/default.ini");
  const char *args[] = {"--set", "simulation.duration=60ms", "--set", "simulation.warmup=10ms",
                        NULL};
  g_autofree char *dir = run_sim(sc, args);
  JsonParser *p;
  JsonObject *s = load_summary(dir, &p);
  JsonObject *bulk = entity(s, "vms", "bulk");
  /* 2500 frame + 1500 vSwitch cycles at 2.5 GHz: 625,000 frames/s of 1024 B = 5.12 Gbit/s. */
  double cap_gbps = 2.5e9 / (2500 + 1500) * 1024 * 8 / 1e9;
  double got = json_object_get_double_member(bulk, "delivered_gbps");
  g_test_message("bulk delivered %.4f Gbit/s, processor cap %.4f Gbit/s", got, cap_gbps);
  g_assert_cmpfloat(got, <=, cap_gbps);
  g_assert_cmpfloat(got, >, 0.97 * cap_gbps);
  g_assert_cmpfloat(json_object_get_double_member(entity(s, "processors", "1"), "busy"), >, 0.99);
  g_assert_cmpint(json_object_get_int_member(bulk, "dropped_frames"), >, 0);
  /* the light VMs lose nothing and their processors stay mostly idle */
  g_assert_cmpint(json_object_get_int_member(entity(s, "vms", "web1"), "dropped_frames"), ==, 0);
  g_assert_cmpfloat(json_object_get_double_member(entity(s, "processors", "2"), "busy"), <, 0.2);
  g_object_unref(p);
}

/* VMQ off: one queue on the default processor does everything, including the copies. */
static void test_vmq_off(void) {
  g_autofree char *sc = scenario("tests/data/default.ini");
  const char *args[] = {
      "--set", "simulation.duration=30ms", "--set", "simulation.warmup=3ms", "--set", "nic.vmq=off",
      NULL};
  g_autofree char *dir = run_sim(sc, args);
  JsonParser *p;
  JsonObject *s = load_summary(dir, &p);
  g_assert_cmpuint(json_array_get_length(json_object_get_array_member(s, "queues")), ==, 1);
  JsonObject *p0 = entity(s, "processors", "0");
  g_assert_cmpfloat(json_object_get_double_member(p0, "busy.copy"), >, 0.0);
  g_assert_cmpfloat(json_object_get_double_member(p0, "busy"), >, 0.99);
  for (int lp = 1; lp <= 8; lp++) {
    char name[4];
    g_snprintf(name, sizeof name, "%d", lp);
    g_assert_cmpfloat(json_object_get_double_member(entity(s, "processors", name), "busy"), ==, 0);
  }
  g_object_unref(p);
}

/* DPCs run at dispatch level: a guest vCPU on its VM's saturated queue processor gets no CPU
 * (the run would abort if a DPC pass were slowed by sharing the core), while a guest next to
 * a lightly loaded queue still runs. */
static void test_dpc_priority(void) {
  g_autofree char *sc = scenario("tests/data/default.ini");
  const char *args[] = {
      "--set", "simulation.duration=30ms",  "--set", "vm.bulk.vcpu_processors=1,10",
      "--set", "vm.web1.vcpu_processors=2", NULL};
  g_autofree char *dir = run_sim(sc, args);
  JsonParser *p;
  JsonObject *s = load_summary(dir, &p);
  JsonObject *lp1 = entity(s, "processors", "1"), *lp2 = entity(s, "processors", "2");
  g_assert_cmpfloat(json_object_get_double_member(lp1, "busy"), >, 0.99);
  g_assert_cmpfloat(json_object_get_double_member(lp1, "busy.guest"), <, 0.01);
  g_assert_cmpint(json_object_get_int_member(entity(s, "vms", "bulk"), "guest_backlog_frames"), >,
                  1000);
  g_assert_cmpfloat(json_object_get_double_member(lp2, "busy.guest"), >, 0.01);
  g_assert_cmpint(json_object_get_int_member(entity(s, "vms", "web1"), "guest_backlog_frames"), <,
                  10);
  g_object_unref(p);
}

/* Regression: two DPC passes ending at the same instant handed guest work out twice (the
 * run aborts on the end-of-run invariant if that comes back; the test also checks it). */
static void test_same_instant_passes(void) {
  g_autofree char *sc = scenario("tests/data/same-instant.ini");
  g_autofree char *dir = run_sim(sc, NULL);
  JsonParser *p;
  JsonObject *s = load_summary(dir, &p);
  const char *vms[] = {"a", "b"};
  for (guint i = 0; i < G_N_ELEMENTS(vms); i++) {
    JsonObject *v = entity(s, "vms", vms[i]);
    g_assert_cmpint(json_object_get_int_member(v, "delivered_frames"), >, 3000);
    g_assert_cmpint(json_object_get_int_member(v, "delivered_frames"), ==,
                    json_object_get_int_member(v, "guest_frames") +
                        json_object_get_int_member(v, "guest_running_frames") +
                        json_object_get_int_member(v, "guest_backlog_frames"));
  }
  g_object_unref(p);
}

/* Regression: a guest batch cut off by the end of the run was not counted at all. */
static void test_guest_cut_off(void) {
  g_autofree char *sc = scenario("tests/data/default.ini");
  const char *args[] = {
      "--set", "simulation.duration=20ms",         "--set", "simulation.warmup=2ms",
      "--set", "vm.bulk.guest_frame_cycles=20000", NULL};
  g_autofree char *dir = run_sim(sc, args);
  JsonParser *p;
  JsonObject *s = load_summary(dir, &p);
  /* 20000 cycles x ~620 k frames/s is far beyond one 2.5 GHz vCPU: it is busy all the time. */
  g_assert_cmpfloat(json_object_get_double_member(entity(s, "processors", "9"), "busy.guest"), >,
                    0.98);
  JsonObject *bulk = entity(s, "vms", "bulk");
  g_assert_cmpint(json_object_get_int_member(bulk, "guest_running_frames"), >, 0);
  g_assert_cmpint(json_object_get_int_member(bulk, "delivered_frames"), ==,
                  json_object_get_int_member(bulk, "guest_frames") +
                      json_object_get_int_member(bulk, "guest_running_frames") +
                      json_object_get_int_member(bulk, "guest_backlog_frames"));
  g_object_unref(p);
}

/* Same scenario and seed: byte-identical results; another seed: different ones. */
static void test_determinism(void) {
  g_autofree char *sc = scenario("tests/data/default.ini");
  const char *args[] = {"--set", "simulation.duration=20ms", "--set", "simulation.warmup=2ms",
                        NULL};
  const char *args2[] = {
      "--set", "simulation.duration=20ms", "--set", "simulation.warmup=2ms", "--seed", "2", NULL};
  g_autofree char *a = run_sim(sc, args);
  g_autofree char *b = run_sim(sc, args);
  g_autofree char *c = run_sim(sc, args2);
  assert_same_results(a, b, TRUE);
  assert_same_results(a, c, FALSE);
}

/* The debug switch that wakes SimGrid at every frame (reference engine) or makes every window
 * one frame long (windowed engine) must give byte-identical results: it checks that running
 * ahead of SimGrid's clock changes nothing. */
static void step_identity(const char *const *variant, const char *engine) {
  g_autofree char *sc = scenario("tests/data/default.ini");
  GPtrArray *skip = g_ptr_array_new(), *step = g_ptr_array_new();
  const char *base[] = {
      "--set", "simulation.duration=25ms", "--set", "simulation.warmup=2ms", "--set", engine};
  for (guint i = 0; i < G_N_ELEMENTS(base); i++) {
    g_ptr_array_add(skip, (gpointer)base[i]);
    g_ptr_array_add(step, (gpointer)base[i]);
  }
  for (; *variant; variant++) {
    g_ptr_array_add(skip, (gpointer) "--set");
    g_ptr_array_add(skip, (gpointer)*variant);
    g_ptr_array_add(step, (gpointer) "--set");
    g_ptr_array_add(step, (gpointer)*variant);
  }
  g_ptr_array_add(step, (gpointer) "--set");
  g_ptr_array_add(step, (gpointer) "simulation.step_every_frame=true");
  g_ptr_array_add(skip, NULL);
  g_ptr_array_add(step, NULL);
  g_autofree char *a = run_sim(sc, (const char *const *)skip->pdata);
  g_autofree char *b = run_sim(sc, (const char *const *)step->pdata);
  assert_same_results(a, b, TRUE);
  /* ... and the switch did change how the run went. */
  guint64 ea = run_events(a), eb = run_events(b);
  g_test_message("%s: %" G_GUINT64_FORMAT " SimGrid events, %" G_GUINT64_FORMAT " stepping", engine,
                 ea, eb);
  g_assert_cmpuint(eb, >, ea + ea / 2);
  g_ptr_array_unref(skip);
  g_ptr_array_unref(step);
}

static void test_step_identity(gconstpointer data) {
  step_identity(data, "simulation.engine=windowed");
}

static void test_step_identity_reference(gconstpointer data) {
  step_identity(data, "simulation.engine=reference");
}

/* The PCIe latency delays each frame by exactly itself: the interrupt announces what has
 * landed, and waits for nothing that arrived later (at rho = 0.85 the first engine added 458 ns
 * for a 400 ns latency). */
static void test_pcie_latency_adds_itself(void) {
  g_autofree char *sc = scenario("tests/data/md1.ini");
  double mean[2];
  const char *lat[] = {"pcie.latency=0s", "pcie.latency=400ns"};
  for (int i = 0; i < 2; i++) {
    const char *args[] = {
        "--set", lat[i], "--set", "flow.in.rate=0.85Mpps", "--set", "simulation.duration=0.1s",
        NULL};
    g_autofree char *dir = run_sim(sc, args);
    JsonParser *p;
    JsonObject *s = load_summary(dir, &p);
    mean[i] = json_object_get_double_member(
        json_object_get_object_member(entity(s, "vms", "sink"), "latency_s"), "mean_s");
    g_object_unref(p);
  }
  g_test_message("mean latency %.9g s without PCIe latency, %.9g s with 400 ns", mean[0], mean[1]);
  g_assert_cmpfloat(fabs((mean[1] - mean[0]) - 400e-9), <, 1e-12);
}

static const char *const v_default[] = {NULL};
static const char *const v_small_ring[] = {"nic.ring_size=64", "nic.interrupt_max_frames=8",
                                           "nic.dma_burst_frames=4", NULL};
static const char *const v_shared_lp[] = {"vm.web1.queue_processor=1", "vm.web2.queue_processor=1",
                                          "nic.ring_size=128", NULL};
static const char *const v_vmq_off[] = {"nic.vmq=off", "nic.ring_size=256", NULL};
static const char *const v_no_moderation[] = {"nic.interrupt_max_delay=0",
                                              "nic.interrupt_max_frames=1",
                                              "nic.dma_burst_frames=1", "nic.ring_size=64", NULL};
static const char *const v_few_queues[] = {"nic.max_vmq_queues=3", "vm.web1.vcpu_processors=1",
                                           NULL};
/* Exponential per-frame cycles: a DPC pass may be far shorter than the cheapest constant one,
 * so the queue's admission bound falls back to the DPC overhead alone; small rings drop. */
static const char *const v_exp_service[] = {"cpu.frame_service=exponential", "nic.ring_size=64",
                                            "nic.interrupt_max_frames=8", NULL};

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/e2e/md1/rho-0.5", test_md1_rho05);
  g_test_add_func("/e2e/md1/rho-0.8", test_md1_rho08);
  g_test_add_func("/e2e/mg1-copy", test_mg1_copy);
  g_test_add_func("/e2e/conservation", test_conservation);
  g_test_add_func("/e2e/vm-count", test_vm_count);
  g_test_add_func("/e2e/saturation-cap", test_saturation_cap);
  g_test_add_func("/e2e/vmq-off", test_vmq_off);
  g_test_add_func("/e2e/determinism", test_determinism);
  g_test_add_func("/e2e/dpc-priority", test_dpc_priority);
  g_test_add_func("/e2e/guest-cut-off", test_guest_cut_off);
  g_test_add_func("/e2e/same-instant-passes", test_same_instant_passes);
  g_test_add_data_func("/e2e/step-identity/default", v_default, test_step_identity);
  g_test_add_data_func("/e2e/step-identity/small-ring", v_small_ring, test_step_identity);
  g_test_add_data_func("/e2e/step-identity/shared-processor", v_shared_lp, test_step_identity);
  g_test_add_data_func("/e2e/step-identity/vmq-off", v_vmq_off, test_step_identity);
  g_test_add_data_func("/e2e/step-identity/no-moderation", v_no_moderation, test_step_identity);
  g_test_add_data_func("/e2e/step-identity/few-queues", v_few_queues, test_step_identity);
  g_test_add_data_func("/e2e/step-identity/exp-service", v_exp_service, test_step_identity);
  const char *const *variants[] = {v_default,       v_small_ring, v_shared_lp,  v_vmq_off,
                                   v_no_moderation, v_few_queues, v_exp_service};
  const char *names[] = {"default",       "small-ring", "shared-processor", "vmq-off",
                         "no-moderation", "few-queues", "exp-service"};
  for (guint i = 0; i < G_N_ELEMENTS(variants); i++) {
    g_autofree char *path = g_strdup_printf("/e2e/step-identity-reference/%s", names[i]);
    g_test_add_data_func(path, variants[i], test_step_identity_reference);
  }
  g_test_add_func("/e2e/pcie-latency-adds-itself", test_pcie_latency_adds_itself);
  return g_test_run();
}
