/* Logical processor servicing receive queues: see cpu.h. */
#include "models/cpu.h"

#include "models/waker.h"

#include <simgrid/engine.h>

typedef struct {
  void *queue;
  const VqDpcOps *ops;
  gboolean needs_isr; /* a fresh interrupt: the next pass starts with the ISR */
} Item;

struct VqCpu {
  guint index;
  sg_host_t lp;
  double hz;
  double isr_cycles;
  GQueue items; /* Item*: queues with DPC work, served round-robin */
  VqWaker waker;
  GPtrArray *guests;    /* sg_actor_t placed on this LP */
  gboolean at_dispatch; /* guests suspended */
  double cycles[VQ_CPU_N_CAT];
  guint64 interrupts;
  guint64 passes;
  VqBins *busy;      /* busy seconds per sampling interval (not owned) */
  VqCpuWork running; /* the execution in progress, accounted when it ends */
  double running_t0; /* its start; < 0 when the LP is not executing */
  double end_s;
};

/* Each category's busy fraction in the report ("busy.isr", ...). */
static const VqMetric busy_metrics[VQ_CPU_N_CAT] = {
    [VQ_CPU_ISR] = VQ_M_PROCESSOR_BUSY_ISR,         [VQ_CPU_DPC] = VQ_M_PROCESSOR_BUSY_DPC,
    [VQ_CPU_VSWITCH] = VQ_M_PROCESSOR_BUSY_VSWITCH, [VQ_CPU_COPY] = VQ_M_PROCESSOR_BUSY_COPY,
    [VQ_CPU_TX] = VQ_M_PROCESSOR_BUSY_TX,           [VQ_CPU_GUEST] = VQ_M_PROCESSOR_BUSY_GUEST,
};

VqCpu *vq_cpu_new(guint index, sg_host_t lp, double frequency_hz, double isr_cycles,
                  VqBins *busy_bins) {
  g_return_val_if_fail(frequency_hz > 0 && lp != NULL, NULL);
  VqCpu *c = g_new0(VqCpu, 1);
  c->index = index;
  c->lp = lp;
  c->hz = frequency_hz;
  c->isr_cycles = isr_cycles;
  g_queue_init(&c->items);
  c->guests = g_ptr_array_new();
  c->busy = busy_bins;
  c->running_t0 = -1;
  return c;
}

void vq_cpu_free(VqCpu *c) {
  if (!c)
    return;
  g_queue_clear_full(&c->items, g_free);
  g_ptr_array_unref(c->guests);
  g_free(c);
}

static void set_dispatch(VqCpu *c, gboolean on) {
  if (c->at_dispatch == on)
    return;
  c->at_dispatch = on;
  for (guint i = 0; i < c->guests->len; i++) {
    sg_actor_t g = g_ptr_array_index(c->guests, i);
    if (on)
      sg_actor_suspend(g);
    else
      sg_actor_resume(g);
  }
}

double vq_cpu_work_total(const VqCpuWork *w) {
  double total = 0;
  for (int k = 0; k < VQ_CPU_N_CAT; k++)
    total += w->cycles[k];
  return total;
}

void vq_cpu_exec_begin(VqCpu *c, const VqCpuWork *w, double t0_s) {
  c->running = *w;
  c->running_t0 = t0_s;
}

void vq_cpu_exec_end(VqCpu *c, double t1_s) {
  /* Accounted once done; vq_cpu_finish() accounts the part done of one cut by the end. */
  double t0 = c->running_t0;
  c->running_t0 = -1;
  for (int k = 0; k < VQ_CPU_N_CAT; k++)
    c->cycles[k] += c->running.cycles[k];
  vq_bins_add_span(c->busy, t0, t1_s, t1_s - t0);
}

/* Runs WORK as one SimGrid execution on the LP and accounts it. */
static void run_work(VqCpu *c, const VqCpuWork *w) {
  double total = vq_cpu_work_total(w);
  if (total <= 0)
    return;
  vq_cpu_exec_begin(c, w, simgrid_get_clock());
  sg_actor_execute(total);
  vq_cpu_exec_end(c, simgrid_get_clock());
}

static void cpu_actor(int argc, char **argv) {
  VqCpu *c = sg_actor_self_get_data();
  for (;;) {
    while (g_queue_is_empty(&c->items)) {
      set_dispatch(c, FALSE);
      if (!vq_waker_sleep_until(&c->waker, c->end_s))
        return;
    }
    set_dispatch(c, TRUE);
    Item *it = g_queue_pop_head(&c->items);
    VqCpuWork w = {{0}};
    if (it->needs_isr) {
      /* The ISR and the first DPC pass run back to back: one execution covers both. */
      w.cycles[VQ_CPU_ISR] = c->isr_cycles;
      it->needs_isr = FALSE;
    }
    double start = simgrid_get_clock();
    if (it->ops->dpc_begin(it->queue, start, &w)) {
      run_work(c, &w);
      c->passes++;
      it->ops->dpc_end(it->queue, start, simgrid_get_clock());
      g_queue_push_tail(&c->items, it);
    } else {
      run_work(c, &w);
      it->ops->dpc_drained(it->queue, simgrid_get_clock());
      g_free(it);
    }
  }
}

void vq_cpu_start(VqCpu *c, double end_s) {
  c->end_s = end_s;
  vq_waker_init(&c->waker);
  char *name = g_strdup_printf("cpu%u", c->index);
  sg_actor_t a = sg_actor_init(name, c->lp);
  sg_actor_set_data(a, c);
  sg_actor_start(a, cpu_actor, 0, NULL);
  g_free(name);
}

void vq_cpu_count_interrupt(VqCpu *c) {
  c->interrupts++;
}

void vq_cpu_count_pass(VqCpu *c) {
  c->passes++;
}

double vq_cpu_isr_cycles(const VqCpu *c) {
  return c->isr_cycles;
}

void vq_cpu_interrupt(VqCpu *c, void *queue, const VqDpcOps *ops) {
  Item *it = g_new(Item, 1);
  *it = (Item){.queue = queue, .ops = ops, .needs_isr = TRUE};
  g_queue_push_tail(&c->items, it);
  c->interrupts++;
  vq_waker_wake(&c->waker);
}

void vq_cpu_finish(VqCpu *c, double end_s) {
  if (c->running_t0 < 0)
    return;
  double total = vq_cpu_work_total(&c->running);
  /* The execution ran alone on the LP (dispatch level), so the part done is the elapsed time
   * over its length; categories are prorated. */
  double done = MIN(1.0, (end_s - c->running_t0) * c->hz / total);
  for (int k = 0; k < VQ_CPU_N_CAT; k++)
    c->cycles[k] += done * c->running.cycles[k];
  vq_bins_add_span(c->busy, c->running_t0, end_s, end_s - c->running_t0);
  c->running_t0 = -1;
}

void vq_cpu_add_guest(VqCpu *c, sg_actor_t guest) {
  g_ptr_array_add(c->guests, guest);
}

void vq_cpu_account(VqCpu *c, VqCpuCategory cat, double t0_s, double t1_s, double cycles) {
  c->cycles[cat] += cycles;
  vq_bins_add_span(c->busy, t0_s, t1_s, cycles / c->hz);
}

void vq_cpu_report(const VqCpu *c, VqReport *r, double duration_s) {
  char name[16];
  g_snprintf(name, sizeof name, "%u", c->index);
  VqReportEntity *e = vq_report_add_entity(r, VQ_KIND_PROCESSOR, name);
  double total = 0;
  for (int k = 0; k < VQ_CPU_N_CAT; k++)
    total += c->cycles[k];
  vq_report_set(e, VQ_M_PROCESSOR_BUSY, total / c->hz / duration_s);
  for (int k = 0; k < VQ_CPU_N_CAT; k++)
    vq_report_set(e, busy_metrics[k], c->cycles[k] / c->hz / duration_s);
  vq_report_set(e, VQ_M_PROCESSOR_INTERRUPTS, (double)c->interrupts);
  vq_report_set(e, VQ_M_PROCESSOR_DPC_PASSES, (double)c->passes);
}

sg_host_t vq_cpu_host(const VqCpu *c) {
  return c->lp;
}

double vq_cpu_cycles(const VqCpu *c, VqCpuCategory cat) {
  return c->cycles[cat];
}

guint64 vq_cpu_interrupts(const VqCpu *c) {
  return c->interrupts;
}

guint64 vq_cpu_dpc_passes(const VqCpu *c) {
  return c->passes;
}
