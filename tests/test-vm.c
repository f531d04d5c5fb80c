/* Virtual machine (models/vm): counters, latency statistics and warmup, report fields and
 * timeseries, and the guest actor: where its SimGrid VMs are placed, what it executes, and its
 * suspension by DPC work on its LP. Simulating cases run in a subprocess each (see sgtest.h). */
#include "models/vm.h"
#include "sim/output/report-write.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <simgrid/vm.h>

#include "tests/sgtest.h"

#define HZ 2e9

static JsonObject *summary_vm(const char *dir, const char *name, JsonParser *p) {
  g_autofree char *path = g_build_filename(dir, "summary.json", NULL);
  g_autoptr(GError) err = NULL;
  json_parser_load_from_file(p, path, &err);
  g_assert_no_error(err);
  JsonArray *a = json_object_get_array_member(json_node_get_object(json_parser_get_root(p)), "vms");
  for (guint i = 0; i < json_array_get_length(a); i++) {
    JsonObject *o = json_array_get_object_element(a, i);
    if (!g_strcmp0(json_object_get_string_member(o, "name"), name))
      return o;
  }
  g_error("no vm named %s", name);
}

/* Counters and the report need no simulation: the VM only touches SimGrid when started. */
static void test_counters_report(void) {
  guint lps[] = {0};
  VqVmConf conf = {.name = (char *)"web", .vcpus = 1, .vcpu_lps = lps, .guest_frame_cycles = 500};
  VqVmConf idle_conf = conf;
  idle_conf.name = (char *)"idle";
  VqScenario sc = {
      .frequency_hz = HZ, .warmup_s = 0.01, .duration_s = 0.1, .sample_interval_s = 0.01};
  VqCpu *cpus[1] = {NULL};
  VqVm *vm = vq_vm_new(&conf, cpus, &sc), *idle = vq_vm_new(&idle_conf, cpus, &sc);
  g_assert_cmpstr(vq_vm_name(vm), ==, "web");
  /* 10 frames of 1000 B offered, 2 of them before the warmup */
  vq_vm_offered(vm, 0.005, 1000);
  vq_vm_offered(vm, 0.006, 1000);
  for (int i = 2; i < 10; i++)
    vq_vm_offered(vm, 0.01 * i, 1000);
  vq_vm_dropped(vm, 0.006, 1000);
  vq_vm_dropped(vm, 0.05, 1000);
  /* arrived before the warmup, indicated after: delivered, not in the latency statistics */
  vq_vm_delivered(vm, 0.005, 0.0101, 1000);
  vq_vm_delivered(vm, 0.02, 0.02 + 10e-6, 1000);
  vq_vm_delivered(vm, 0.03, 0.03 + 30e-6, 1000);
  vq_vm_delivered(vm, 0.04, 0.04 + 20e-6, 1000);
  vq_vm_guest_work(vm, 3); /* not started: stays in the backlog */
  g_assert_cmpuint(vq_vm_offered_frames(vm), ==, 10);
  g_assert_cmpuint(vq_vm_dropped_frames(vm), ==, 2);
  g_assert_cmpuint(vq_vm_delivered_frames(vm), ==, 4);

  g_autoptr(VqReport) r = vq_report_new("vm-test");
  vq_vm_report(vm, r);
  vq_vm_report(idle, r);
  /* timeseries: 3 columns per VM, per 10 ms interval */
  guint n = 0;
  vq_vm_timeseries(vm, r, 0, NULL, &n);
  double v[3];
  guint pos = 0;
  vq_vm_timeseries(vm, r, 0, v, &pos);
  g_assert_cmpuint(pos, ==, 3);
  sgt_assert_rel(v[0], 2000 * 8 / 0.01 / 1e9, 1e-12); /* offered Gbit/s */
  g_assert_cmpfloat(v[1], ==, 0);                     /* delivered Gbit/s */
  sgt_assert_rel(v[2], 1 / 0.01, 1e-12);              /* dropped frames/s */
  pos = 0;
  vq_vm_timeseries(vm, r, 1, v, &pos);
  sgt_assert_rel(v[1], 1000 * 8 / 0.01 / 1e9, 1e-12); /* the frame indicated at 10.1 ms */
  g_assert_cmpfloat(v[2], ==, 0);

  g_autoptr(GError) err = NULL;
  g_autofree char *tmp = g_dir_make_tmp("vq-test-vm-XXXXXX", &err);
  g_assert_no_error(err);
  g_autofree char *dir = g_build_filename(tmp, "r", NULL);
  g_autoptr(VqOutdir) out = vq_outdir_claim(dir, "vm-test.ini", NULL, FALSE, &err);
  g_assert_no_error(err);
  g_assert_true(vq_report_write(r, out, TRUE, &err));
  g_assert_no_error(err);
  g_autoptr(JsonParser) p = json_parser_new();
  JsonObject *o = summary_vm(dir, "web", p);
  g_assert_cmpint(json_object_get_int_member(o, "offered_frames"), ==, 10);
  g_assert_cmpint(json_object_get_int_member(o, "delivered_frames"), ==, 4);
  g_assert_cmpint(json_object_get_int_member(o, "dropped_frames"), ==, 2);
  sgt_assert_rel(json_object_get_double_member(o, "drop_fraction"), 0.2, 1e-12);
  /* rates over the 90 ms window: offered after warmup, delivered (indicated) after warmup */
  sgt_assert_rel(json_object_get_double_member(o, "offered_gbps"), 8000 * 8 / 0.09 / 1e9, 1e-9);
  sgt_assert_rel(json_object_get_double_member(o, "delivered_gbps"), 4000 * 8 / 0.09 / 1e9, 1e-9);
  g_assert_cmpint(json_object_get_int_member(o, "guest_frames"), ==, 0);
  g_assert_cmpint(json_object_get_int_member(o, "guest_backlog_frames"), ==, 3);
  g_assert_cmpint(json_object_get_int_member(o, "vcpus"), ==, 1);
  JsonObject *lat = json_object_get_object_member(o, "latency_s");
  g_assert_cmpint(json_object_get_int_member(lat, "count"), ==, 3);
  sgt_assert_rel(json_object_get_double_member(lat, "mean_s"), 20e-6, 1e-9);
  sgt_assert_rel(json_object_get_double_member(lat, "max_s"), 30e-6, 1e-9);
  /* nothing offered: no division by zero */
  JsonParser *p2 = json_parser_new();
  o = summary_vm(dir, "idle", p2);
  g_assert_cmpint(json_object_get_int_member(o, "offered_frames"), ==, 0);
  g_assert_cmpfloat(json_object_get_double_member(o, "drop_fraction"), ==, 0);
  g_assert_cmpint(
      json_object_get_int_member(json_object_get_object_member(o, "latency_s"), "count"), ==, 0);
  g_object_unref(p2);
  vq_vm_free(vm);
  vq_vm_free(idle);
  vq_outdir_remove_tree(tmp);
  g_assert_false(g_file_test(tmp, G_FILE_TEST_EXISTS));
}

/* A queue with one DPC pass of PASS_CYCLES (including the ISR). */
#define ISR 1000.0
#define PASS_CYCLES 200000.0

typedef struct {
  gboolean done;
  double start_s, end_s;
  VqVm *vm; /* when set, the pass indicates FRAMES frames to it */
  guint frames;
} Queue;

static gboolean q_begin(void *queue, double now_s, VqCpuWork *w) {
  Queue *q = queue;
  if (q->done)
    return FALSE;
  q->done = TRUE;
  w->cycles[VQ_CPU_DPC] = PASS_CYCLES - ISR;
  return TRUE;
}

static void q_end(void *queue, double start_s, double end_s) {
  Queue *q = queue;
  q->start_s = start_s;
  q->end_s = end_s;
  if (q->vm)
    vq_vm_guest_work(q->vm, q->frames);
}

static void q_drained(void *queue, double now_s) {}

static const VqDpcOps q_ops = {q_begin, q_end, q_drained};

/* What the driver does, and what it saw. */
typedef struct {
  VqVm *vm;
  VqCpu *cpus[2];
  guint rx_lp;          /* vcpu_lps[0] */
  double work_at_s;     /* guest work queued then (< 0: by the DPC pass) */
  guint frames;         /* ... this many frames */
  double dpc_at_s;      /* an interrupt on rx_lp then (< 0: none) */
  double expect_done;   /* when the guest work must be done */
  double before, after; /* guest cycles accounted just before / after expect_done */
  Queue q;
} Drive;

static void driver_actor(int argc, char **argv) {
  Drive *d = sg_actor_self_get_data();
  VqCpu *rx = d->cpus[d->rx_lp];
  if (d->work_at_s >= 0) {
    sg_actor_sleep_until(d->work_at_s);
    vq_vm_guest_work(d->vm, d->frames);
  } else
    d->q = (Queue){.vm = d->vm, .frames = d->frames}; /* the DPC pass queues it */
  if (d->dpc_at_s >= 0) {
    sg_actor_sleep_until(d->dpc_at_s);
    vq_cpu_interrupt(rx, &d->q, &q_ops);
  }
  sg_actor_sleep_until(d->expect_done - 1e-9);
  d->before = vq_cpu_cycles(rx, VQ_CPU_GUEST);
  sg_actor_sleep_until(d->expect_done + 1e-9);
  d->after = vq_cpu_cycles(rx, VQ_CPU_GUEST);
}

#define FRAME_CYCLES 1000.0

static void run_guest(Drive *d) {
  sgt_start(2, HZ, 1e9, 1e-6);
  static VqBins bins[2];
  static guint lps[2];
  lps[0] = d->rx_lp;
  lps[1] = 1 - d->rx_lp;
  for (guint i = 0; i < 2; i++) {
    vq_bins_init(&bins[i], 1e-3, 0.01);
    char name[8];
    g_snprintf(name, sizeof name, "lp%u", i);
    d->cpus[i] = vq_cpu_new(i, sgt_host(name), HZ, ISR, &bins[i]);
    vq_cpu_start(d->cpus[i], 0.01);
  }
  VqVmConf conf = {
      .name = (char *)"web", .vcpus = 2, .vcpu_lps = lps, .guest_frame_cycles = FRAME_CYCLES};
  VqScenario sc = {
      .frequency_hz = HZ, .warmup_s = 0, .duration_s = 0.01, .sample_interval_s = 1e-3};
  d->vm = vq_vm_new(&conf, d->cpus, &sc);
  vq_vm_start(d->vm, 0.01);
  /* one single-core SimGrid VM per vCPU, on its LP; the guest actor in vCPU 0's */
  sg_vm_t vcpu[2];
  for (guint k = 0; k < 2; k++) {
    char vname[16], lname[8], other[8];
    g_snprintf(vname, sizeof vname, "web.vcpu%u", k);
    g_snprintf(lname, sizeof lname, "lp%u", lps[k]);
    g_snprintf(other, sizeof other, "lp%u", 1 - lps[k]);
    vcpu[k] = sg_vm_by_name(sgt_host(lname), vname);
    g_assert_nonnull(vcpu[k]);
    g_assert_true(sg_vm_get_pm(vcpu[k]) == sgt_host(lname));
    g_assert_null(sg_vm_by_name(sgt_host(other), vname));
  }
  g_autofree sg_actor_t *actors = sg_actor_list();
  sg_host_t guest_host = NULL;
  for (size_t i = 0; i < sg_actor_count(); i++)
    if (!g_strcmp0(sg_actor_get_name(actors[i]), "web.guest"))
      guest_host = sg_actor_get_host(actors[i]);
  g_assert_true(guest_host == (sg_host_t)vcpu[0]);
  sgt_spawn("driver", "nic", driver_actor, d);
  simgrid_run();
  double cycles = d->frames * FRAME_CYCLES;
  g_assert_cmpfloat(d->before, ==, 0);
  g_assert_cmpfloat(d->after, ==, cycles); /* frames * guest_frame_cycles */
  g_assert_cmpfloat(vq_cpu_cycles(d->cpus[1 - d->rx_lp], VQ_CPU_GUEST), ==, 0);
  g_assert_cmpfloat(vq_cpu_cycles(d->cpus[d->rx_lp], VQ_CPU_GUEST), ==, cycles);
  vq_vm_free(d->vm);
  for (guint i = 0; i < 2; i++) {
    vq_cpu_free(d->cpus[i]);
    vq_bins_clear(&bins[i]);
  }
}

/* The guest actor runs on vCPU 0's LP (here lp1) at the LP's full speed. */
static void run_guest_work(void) {
  Drive d = {.rx_lp = 1, .work_at_s = 1e-3, .frames = 10, .dpc_at_s = -1};
  d.expect_done = d.work_at_s + d.frames * FRAME_CYCLES / HZ;
  run_guest(&d);
}

static void test_guest_work(void) {
  sgt_isolated(run_guest_work);
}

/* A DPC on the guest's LP suspends it: the DPC takes its own length, the guest is late by it. */
static void run_guest_preempted(void) {
  Drive d = {.rx_lp = 0, .work_at_s = 1e-3, .frames = 1000, .dpc_at_s = 1.1e-3};
  d.expect_done = d.work_at_s + d.frames * FRAME_CYCLES / HZ + PASS_CYCLES / HZ;
  run_guest(&d);
  g_assert_true(d.q.done);
  g_assert_cmpfloat(d.q.start_s, ==, d.dpc_at_s);
  sgt_assert_rel(d.q.end_s - d.q.start_s, PASS_CYCLES / HZ, 1e-9);
}

static void test_guest_preempted(void) {
  sgt_isolated(run_guest_preempted);
}

/* The usual order: the guest is idle, the DPC pass on its LP indicates frames (and wakes it
 * while it is suspended); it runs them once the LP is back at passive level. */
static void run_guest_woken_by_dpc(void) {
  Drive d = {.rx_lp = 0, .work_at_s = -1, .frames = 100, .dpc_at_s = 1e-3};
  d.expect_done = d.dpc_at_s + PASS_CYCLES / HZ + d.frames * FRAME_CYCLES / HZ;
  run_guest(&d);
  g_assert_true(d.q.done);
  sgt_assert_rel(d.q.end_s - d.q.start_s, PASS_CYCLES / HZ, 1e-9);
}

static void test_guest_woken_by_dpc(void) {
  sgt_isolated(run_guest_woken_by_dpc);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/vm/counters-report", test_counters_report);
  g_test_add_func("/vm/guest-work", test_guest_work);
  g_test_add_func("/vm/guest-preempted-by-dpc", test_guest_preempted);
  g_test_add_func("/vm/guest-woken-by-dpc", test_guest_woken_by_dpc);
  return g_test_run();
}
