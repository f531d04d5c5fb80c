/* Logical processor (models/cpu): ISR + first DPC pass as one execution, accounting by
 * category, round-robin between queues, guests suspended during DPC work, prorating at the end
 * of the run. The queues are fakes implementing VqDpcOps. Simulating cases run in a subprocess
 * each (see sgtest.h). */
#include "models/cpu.h"

#include <math.h>

#include "tests/sgtest.h"

#define HZ 2e9
#define ISR 1000.0

/* A queue that has PASSES_LEFT passes of PASS work, and what the processor did with it. */
typedef struct {
  char id;
  GString *log; /* shared by the queues: the id of each dpc_begin call */
  guint passes_left;
  VqCpuWork pass;
  guint begins, ends, drained;
  double begin_s[8], start_s[8], end_s[8];
  double drained_s;
} FakeQueue;

static gboolean fake_begin(void *queue, double now_s, VqCpuWork *w) {
  FakeQueue *q = queue;
  g_assert_cmpfloat(now_s, ==, simgrid_get_clock());
  g_assert_cmpuint(q->begins, <, G_N_ELEMENTS(q->begin_s));
  q->begin_s[q->begins++] = now_s;
  if (q->log)
    g_string_append_c(q->log, q->id);
  if (q->passes_left == 0)
    return FALSE;
  q->passes_left--;
  for (int k = 0; k < VQ_CPU_N_CAT; k++)
    w->cycles[k] += q->pass.cycles[k];
  return TRUE;
}

static void fake_end(void *queue, double start_s, double end_s) {
  FakeQueue *q = queue;
  g_assert_cmpfloat(end_s, ==, simgrid_get_clock());
  g_assert_cmpuint(q->ends, <, G_N_ELEMENTS(q->end_s));
  q->start_s[q->ends] = start_s;
  q->end_s[q->ends++] = end_s;
}

static void fake_drained(void *queue, double now_s) {
  FakeQueue *q = queue;
  q->drained++;
  q->drained_s = now_s;
}

static const VqDpcOps fake_ops = {fake_begin, fake_end, fake_drained};

/* Raises an interrupt for each queue, in order, at each of the times. */
typedef struct {
  VqCpu *cpu;
  FakeQueue *queues[2];
  guint n_queues;
  double at_s[2];
  guint n_at;
} Driver;

static void driver_actor(int argc, char **argv) {
  Driver *d = sg_actor_self_get_data();
  for (guint t = 0; t < d->n_at; t++) {
    sg_actor_sleep_until(d->at_s[t]);
    for (guint i = 0; i < d->n_queues; i++)
      vq_cpu_interrupt(d->cpu, d->queues[i], &fake_ops);
  }
}

static VqBins bins; /* busy seconds per millisecond */

static VqCpu *start_cpu(double end_s) {
  sgt_start(1, HZ, 1e9, 1e-6);
  vq_bins_init(&bins, 1e-3, 1.0);
  VqCpu *c = vq_cpu_new(0, sgt_host("lp0"), HZ, ISR, &bins);
  vq_cpu_start(c, end_s);
  return c;
}

static double busy_s(void) {
  double s = 0;
  for (guint i = 0; i < bins.n; i++)
    s += bins.v[i];
  return s;
}

/* The ISR and the first pass are one execution: dpc_begin is called at the interrupt, before
 * the ISR has run, and dpc_end comes (isr + pass) / hz later. */
static void run_isr_dpc(void) {
  VqCpu *c = start_cpu(0.1);
  FakeQueue q = {.id = 'A', .passes_left = 1};
  q.pass.cycles[VQ_CPU_DPC] = 2000;
  q.pass.cycles[VQ_CPU_VSWITCH] = 500;
  q.pass.cycles[VQ_CPU_COPY] = 500;
  Driver d = {.cpu = c, .queues = {&q}, .n_queues = 1, .at_s = {1e-3, 2e-3}, .n_at = 2};
  sgt_spawn("driver", "nic", driver_actor, &d);
  simgrid_run();
  /* first interrupt: one pass, then drained */
  g_assert_cmpuint(q.ends, ==, 1);
  g_assert_cmpfloat(q.begin_s[0], ==, 1e-3);
  g_assert_cmpfloat(q.start_s[0], ==, 1e-3);
  g_assert_cmpfloat_with_epsilon(q.end_s[0] - q.start_s[0], 4000 / HZ, 1e-15);
  g_assert_cmpfloat(q.begin_s[1], ==, q.end_s[0]); /* asked again right away: nothing */
  /* second interrupt, no work: the ISR alone, then drained */
  g_assert_cmpuint(q.begins, ==, 3);
  g_assert_cmpfloat(q.begin_s[2], ==, 2e-3);
  g_assert_cmpuint(q.drained, ==, 2);
  g_assert_cmpfloat_with_epsilon(q.drained_s - 2e-3, ISR / HZ, 1e-15);
  g_assert_cmpfloat(vq_cpu_cycles(c, VQ_CPU_ISR), ==, 2 * ISR);
  g_assert_cmpfloat(vq_cpu_cycles(c, VQ_CPU_DPC), ==, 2000);
  g_assert_cmpfloat(vq_cpu_cycles(c, VQ_CPU_VSWITCH), ==, 500);
  g_assert_cmpfloat(vq_cpu_cycles(c, VQ_CPU_COPY), ==, 500);
  g_assert_cmpfloat(vq_cpu_cycles(c, VQ_CPU_GUEST), ==, 0);
  g_assert_cmpuint(vq_cpu_interrupts(c), ==, 2);
  g_assert_cmpuint(vq_cpu_dpc_passes(c), ==, 1);
  sgt_assert_rel(busy_s(), (4000 + ISR) / HZ, 1e-9);
  g_assert_cmpfloat(bins.v[0], ==, 0); /* all of it in the 2nd and 3rd milliseconds */
  vq_cpu_free(c);
}

static void test_isr_dpc(void) {
  sgt_isolated(run_isr_dpc);
}

/* Two queues signalled together get one pass each in turn. */
static void run_round_robin(void) {
  VqCpu *c = start_cpu(0.1);
  g_autoptr(GString) log = g_string_new(NULL);
  FakeQueue a = {.id = 'A', .log = log, .passes_left = 3};
  FakeQueue b = {.id = 'B', .log = log, .passes_left = 3};
  a.pass.cycles[VQ_CPU_DPC] = b.pass.cycles[VQ_CPU_DPC] = 3000;
  Driver d = {.cpu = c, .queues = {&a, &b}, .n_queues = 2, .at_s = {1e-3}, .n_at = 1};
  sgt_spawn("driver", "nic", driver_actor, &d);
  simgrid_run();
  g_assert_cmpstr(log->str, ==, "ABABABAB");
  g_assert_cmpuint(a.ends, ==, 3);
  g_assert_cmpuint(b.ends, ==, 3);
  g_assert_cmpuint(a.drained, ==, 1);
  g_assert_cmpuint(b.drained, ==, 1);
  /* back to back: A1 (isr+pass), B1 (isr+pass), then passes alone */
  g_assert_cmpfloat_with_epsilon(a.end_s[0] - 1e-3, 4000 / HZ, 1e-15);
  g_assert_cmpfloat(b.start_s[0], ==, a.end_s[0]);
  g_assert_cmpfloat_with_epsilon(b.end_s[0] - b.start_s[0], 4000 / HZ, 1e-15);
  g_assert_cmpfloat(a.start_s[1], ==, b.end_s[0]);
  g_assert_cmpfloat_with_epsilon(a.end_s[1] - a.start_s[1], 3000 / HZ, 1e-15);
  sgt_assert_rel(b.drained_s - 1e-3, (2 * ISR + 6 * 3000) / HZ, 1e-9);
  g_assert_cmpuint(vq_cpu_dpc_passes(c), ==, 6);
  g_assert_cmpuint(vq_cpu_interrupts(c), ==, 2);
  g_assert_cmpfloat(vq_cpu_cycles(c, VQ_CPU_ISR), ==, 2 * ISR);
  g_assert_cmpfloat(vq_cpu_cycles(c, VQ_CPU_DPC), ==, 18000);
  vq_cpu_free(c);
}

static void test_round_robin(void) {
  sgt_isolated(run_round_robin);
}

/* A guest on the LP computes 1 ms; a 100 us ISR + DPC comes in the middle. */
#define GUEST_CYCLES 2e6
#define DPC_AT 0.2e-3

typedef struct {
  double done_s;
  sg_actor_t actor;
  int suspended_during, suspended_after;
} Guest;

static void guest_actor(int argc, char **argv) {
  Guest *g = sg_actor_self_get_data();
  sg_actor_execute(GUEST_CYCLES);
  g->done_s = simgrid_get_clock();
}

static void probe_actor(int argc, char **argv) {
  Guest *g = sg_actor_self_get_data();
  sg_actor_sleep_until(DPC_AT + 50e-6);
  g->suspended_during = sg_actor_is_suspended(g->actor);
  sg_actor_sleep_until(DPC_AT + 150e-6);
  g->suspended_after = sg_actor_is_suspended(g->actor);
}

static void run_guest_suspended(void) {
  VqCpu *c = start_cpu(0.1);
  Guest g = {0};
  g.actor = sgt_spawn("guest", "lp0", guest_actor, &g);
  vq_cpu_add_guest(c, g.actor);
  FakeQueue q = {.id = 'A', .passes_left = 1};
  q.pass.cycles[VQ_CPU_DPC] = 200000 - ISR;
  Driver d = {.cpu = c, .queues = {&q}, .n_queues = 1, .at_s = {DPC_AT}, .n_at = 1};
  sgt_spawn("driver", "nic", driver_actor, &d);
  sgt_spawn("probe", "nic", probe_actor, &g);
  simgrid_run();
  g_assert_cmpuint(q.ends, ==, 1);
  g_assert_cmpfloat(q.start_s[0], ==, DPC_AT);
  /* the DPC ran alone: not slowed down by the guest */
  sgt_assert_rel(q.end_s[0] - q.start_s[0], 200000 / HZ, 1e-9);
  g_assert_true(g.suspended_during);
  g_assert_false(g.suspended_after);
  /* the guest lost exactly the DPC's length */
  sgt_assert_rel(g.done_s, GUEST_CYCLES / HZ + 200000 / HZ, 1e-9);
  vq_cpu_free(c);
}

static void test_guest_suspended(void) {
  sgt_isolated(run_guest_suspended);
}

/* The run ends 0.4 ms into a 1 ms pass: 0.4 ms worth of cycles, split by category. */
#define CUT_START 0.1e-3
#define CUT_END 0.5e-3

static void run_finish_prorates(void) {
  VqCpu *c = start_cpu(CUT_END);
  FakeQueue q = {.id = 'A', .passes_left = 1};
  q.pass.cycles[VQ_CPU_DPC] = 1.5e6 - ISR;
  q.pass.cycles[VQ_CPU_VSWITCH] = 0.5e6;
  Driver d = {.cpu = c, .queues = {&q}, .n_queues = 1, .at_s = {CUT_START}, .n_at = 1};
  sgt_spawn("driver", "nic", driver_actor, &d);
  simgrid_run_until(CUT_END);
  g_assert_cmpfloat(simgrid_get_clock(), ==, CUT_END);
  g_assert_cmpuint(q.ends, ==, 0);
  g_assert_cmpfloat(vq_cpu_cycles(c, VQ_CPU_DPC), ==, 0); /* nothing accounted yet */
  vq_cpu_finish(c, CUT_END);
  double ran = (CUT_END - CUT_START) * HZ, frac = ran / 2e6;
  double total = 0;
  for (int k = 0; k < VQ_CPU_N_CAT; k++)
    total += vq_cpu_cycles(c, k);
  sgt_assert_rel(total, ran, 1e-9);
  sgt_assert_rel(vq_cpu_cycles(c, VQ_CPU_ISR), frac * ISR, 1e-9);
  sgt_assert_rel(vq_cpu_cycles(c, VQ_CPU_DPC), frac * (1.5e6 - ISR), 1e-9);
  sgt_assert_rel(vq_cpu_cycles(c, VQ_CPU_VSWITCH), frac * 0.5e6, 1e-9);
  sgt_assert_rel(busy_s(), CUT_END - CUT_START, 1e-9);
  /* a second call has nothing left to account */
  vq_cpu_finish(c, CUT_END);
  sgt_assert_rel(vq_cpu_cycles(c, VQ_CPU_DPC), frac * (1.5e6 - ISR), 1e-9);
  sgt_assert_rel(busy_s(), CUT_END - CUT_START, 1e-9);
  g_assert_cmpuint(vq_cpu_dpc_passes(c), ==, 0);
  vq_cpu_free(c);
}

static void test_finish_prorates(void) {
  sgt_isolated(run_finish_prorates);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/cpu/isr-dpc-one-execution", test_isr_dpc);
  g_test_add_func("/cpu/round-robin", test_round_robin);
  g_test_add_func("/cpu/guest-suspended", test_guest_suspended);
  g_test_add_func("/cpu/finish-prorates", test_finish_prorates);
  return g_test_run();
}
