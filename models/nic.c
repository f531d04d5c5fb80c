/* NIC receive path and miniport: see nic.h. */
#include "models/nic.h"

#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <simgrid/semaphore.h>

#include "models/cpu.h"
#include "models/dma.h"
#include "models/filter.h"
#include "models/irq.h"
#include "models/ring.h"
#include "models/traffic.h"
#include "models/vm.h"

typedef struct VqNic VqNic;

/* What happens to a flow's frames is fixed for the run: the filter's queue, the destination
 * VM and the per-frame cycles. Computed once instead of per frame (same result). */
typedef struct {
  guint queue;
  int vm;                             /* destination VM, -1 when no VM owns the MAC */
  double cycles[VQ_CPU_N_CAT];        /* per frame, on the queue's processor */
  double total_cycles;
  guint64 offered, dropped, delivered, unmatched;
} FlowPath;

/* Growable FIFO of generated frames not yet admitted by their queue. */
typedef struct {
  VqFrame *buf;
  guint cap, head, len;
} Fifo;

typedef struct {
  VqNic *nic;
  guint index;
  char name[16];
  int vm;                 /* VM owning the queue, -1 for the default queue */
  VqRing ring;
  VqIrq irq;
  VqDma *dma;
  VqCpu *cpu;
  Fifo fifo;
  sg_sem_t wake;
  gboolean sleeping;      /* blocked on wake until planned_s */
  double planned_s;
  gboolean in_service;    /* interrupt raised, the processor owns the queue until drained */
  double free_bound_s;    /* in service: the processor returns no descriptor before this */
  guint64 pass_from, pass_to; /* the DPC pass in progress covers these ring counters */
  double pass_offset_cycles;  /* ISR + DPC overhead before the first frame of the pass */
  guint64 offered;
  guint64 max_occupancy;
} RxQueue;

struct VqNic {
  const VqScenario *sc;
  double end_s;
  double hz;
  VqTraffic *traffic;
  double generated_to_s;  /* every frame arriving at or before this is in a queue's FIFO */
  double window_s;        /* how far ahead the generator fills the FIFOs */
  FlowPath *paths;
  guint n_flows;
  RxQueue *queues;
  guint n_queues;
  VqCpu **cpus;           /* indexed by LP */
  VqBins *busy_bins;      /* per LP */
  VqVm **vms;
  guint n_vms;
  guint *vm_batch;        /* per VM: frames of the current DPC pass */
  sg_host_t nic_host, mem_host;
  double min_pass_cycles; /* no DPC pass is cheaper: DPC overhead + cheapest frame */
  guint64 wakeups;
};

static const VqDpcOps dpc_ops;

/* ---- FIFO ---------------------------------------------------------------------------- */

static void fifo_push(Fifo *f, const VqFrame *fr) {
  if (f->len == f->cap) {
    guint cap = f->cap ? f->cap * 2 : 256;
    VqFrame *buf = g_new(VqFrame, cap);
    for (guint i = 0; i < f->len; i++)
      buf[i] = f->buf[(f->head + i) % f->cap];
    g_free(f->buf);
    f->buf = buf;
    f->cap = cap;
    f->head = 0;
  }
  f->buf[(f->head + f->len) % f->cap] = *fr;
  f->len++;
}

static inline const VqFrame *fifo_peek(const Fifo *f) {
  return f->len ? &f->buf[f->head] : NULL;
}

static inline void fifo_pop(Fifo *f) {
  f->head = (f->head + 1) % f->cap;
  f->len--;
}

/* ---- arrivals ------------------------------------------------------------------------ */

static void queue_wake(RxQueue *q) {
  if (q->sleeping) {
    q->sleeping = FALSE;
    sg_sem_release(q->wake);
  }
}

/* Moves every frame arriving at or before UPTO_S (and before the end) into its queue's FIFO,
 * waking the queue actors that must see it sooner than they planned. */
static void nic_generate(VqNic *nic, double upto_s) {
  if (upto_s > nic->end_s)
    upto_s = nic->end_s;
  VqFrame f;
  while (vq_traffic_next(nic->traffic, upto_s, &f)) {
    if (f.t_s >= nic->end_s)
      continue;
    FlowPath *p = &nic->paths[f.flow];
    p->offered++;
    if (p->vm >= 0)
      vq_vm_offered(nic->vms[p->vm], f.t_s, f.len);
    RxQueue *q = &nic->queues[p->queue];
    fifo_push(&q->fifo, &f);
    q->offered++;
    if (f.t_s < q->planned_s)
      queue_wake(q);
  }
  if (upto_s > nic->generated_to_s)
    nic->generated_to_s = upto_s;
}

static void generator_actor(int argc, char **argv) {
  VqNic *nic = sg_actor_self_get_data();
  for (;;) {
    double now = simgrid_get_clock();
    double next = vq_traffic_peek(nic->traffic);
    if (next >= nic->end_s)
      return;
    /* Jump over idle gaps: nothing to generate before NEXT. */
    double upto = (next > now ? next : now) + nic->window_s;
    nic_generate(nic, upto);
    nic->wakeups++;
    sg_actor_sleep_until(upto < nic->end_s ? upto : nic->end_s);
  }
}

static void admit(VqNic *nic, RxQueue *q, const VqFrame *f) {
  if (vq_ring_push(&q->ring, f)) {
    guint64 occ = vq_ring_occupancy(&q->ring);
    if (occ > q->max_occupancy)
      q->max_occupancy = occ;
    return;
  }
  FlowPath *p = &nic->paths[f->flow];
  p->dropped++;
  if (p->vm >= 0)
    vq_vm_dropped(nic->vms[p->vm], f->t_s, f->len);
}

/* ---- the queue actor --------------------------------------------------------------------- */

static void raise_interrupt(VqNic *nic, RxQueue *q, double now) {
  vq_irq_raise(&q->irq);
  q->in_service = TRUE;
  q->free_bound_s = now + (nic->sc->isr_cycles + nic->min_pass_cycles) / nic->hz;
  vq_cpu_interrupt(q->cpu, q, &dpc_ops);
}

/* Performs whatever is due at NOW (one action); FALSE when nothing is. Returns in *T_NEXT the
 * time of the next action given the frames admitted so far. */
static gboolean act(VqNic *nic, RxQueue *q, double now, double *t_next) {
  if (vq_irq_should_raise(&q->irq, &q->ring)) {
    raise_interrupt(nic, q, now);
    return TRUE;
  }
  double t_irq = vq_irq_due_time(&q->irq, &q->ring);
  if (t_irq <= now) {
    vq_irq_set_due(&q->irq, &q->ring, now);
    return TRUE;
  }
  double t_dma = vq_dma_kick_time(q->dma, q->irq.due ? q->irq.flush_to : 0);
  if (t_dma <= now) {
    vq_dma_kick(q->dma, now);
    return TRUE;
  }
  *t_next = MIN(t_irq, t_dma);
  return FALSE;
}

/* Another actor changed Q's state: wake its actor only if it can now act, or must admit,
 * before the moment it planned to wake (each wake-up is a SimGrid event). */
static void queue_nudge(VqNic *nic, RxQueue *q) {
  if (!q->sleeping)
    return;
  double t = vq_irq_should_raise(&q->irq, &q->ring) ? 0 : vq_irq_due_time(&q->irq, &q->ring);
  t = MIN(t, vq_dma_kick_time(q->dma, q->irq.due ? q->irq.flush_to : 0));
  const VqFrame *f = fifo_peek(&q->fifo);
  if (f)
    t = MIN(t, f->t_s);
  if (t < q->planned_s)
    queue_wake(q);
}

static void queue_actor(int argc, char **argv) {
  RxQueue *q = sg_actor_self_get_data();
  VqNic *nic = q->nic;
  const gboolean step = nic->sc->step_every_frame;
  for (;;) {
    double now = simgrid_get_clock();
    if (now >= nic->end_s)
      return;
    double t_act;
    if (act(nic, q, now, &t_act))
      continue;
    /* Admission horizon, the earliest moment the processor could return descriptors (frees
     * before NOW have happened): in service, the bound the processor keeps; interrupt due,
     * the DMA burst in flight may raise it at any moment, and the processor still needs an
     * ISR and a DPC pass; idle, not before an interrupt that this actor raises itself. */
    gboolean gated = q->in_service || q->irq.due;
    double lim = q->in_service ? MAX(q->free_bound_s, now)
                 : q->irq.due  ? now + (nic->sc->isr_cycles + nic->min_pass_cycles) / nic->hz
                               : INFINITY;
    lim = MIN(MIN(lim, t_act), nic->end_s);
    if (step)
      lim = MIN(lim, now);
    if (q->fifo.len == 0 && isfinite(lim) && lim > nic->generated_to_s)
      nic_generate(nic, MIN(lim, now + nic->window_s));
    const VqFrame *f = fifo_peek(&q->fifo);
    if (f && f->t_s <= lim) {
      admit(nic, q, f);
      fifo_pop(&q->fifo);
      continue;
    }
    /* Nothing to do before WAKE: sleep, unless the processor, the DMA engine or the generator
     * changes the picture first (they release the semaphore). While the horizon holds frames
     * back, step to each arrival. */
    double wake = MIN(t_act, nic->end_s);
    if (f && (gated || step))
      wake = MIN(wake, f->t_s);
    q->planned_s = wake;
    q->sleeping = TRUE;
    nic->wakeups++;
    sg_sem_acquire_timeout(q->wake, wake - now);
    q->sleeping = FALSE;
    q->planned_s = INFINITY;
  }
}

/* In the DMA actor, at the moment a burst lands: raise the interrupt it completes and start
 * the next burst here rather than waking the queue actor for it. */
static void dma_done(void *owner) {
  RxQueue *q = owner;
  double now = simgrid_get_clock(), t_next;
  while (act(q->nic, q, now, &t_next))
    ;
  queue_nudge(q->nic, q);
}

/* ---- the miniport DPC ---------------------------------------------------------------- */

static gboolean dpc_begin(void *queue, double now, VqCpuWork *w) {
  RxQueue *q = queue;
  VqNic *nic = q->nic;
  VqRing *r = &q->ring;
  if (r->ready == r->taken)
    return FALSE;
  w->cycles[VQ_CPU_DPC] += nic->sc->dpc_cycles;
  q->pass_offset_cycles = w->cycles[VQ_CPU_ISR] + nic->sc->dpc_cycles;
  for (guint64 i = r->taken; i < r->ready; i++) {
    const FlowPath *p = &nic->paths[vq_ring_at(r, i)->flow];
    for (int k = 0; k < VQ_CPU_N_CAT; k++)
      w->cycles[k] += p->cycles[k];
  }
  q->pass_from = r->taken;
  q->pass_to = r->ready;
  r->taken = r->ready;
  double total = 0;
  for (int k = 0; k < VQ_CPU_N_CAT; k++)
    total += w->cycles[k];
  q->free_bound_s = now + total / nic->hz;
  queue_nudge(nic, q);
  return TRUE;
}

static void dpc_end(void *queue, double start, double end) {
  RxQueue *q = queue;
  VqNic *nic = q->nic;
  VqRing *r = &q->ring;
  double cum = q->pass_offset_cycles;
  for (guint64 i = q->pass_from; i < q->pass_to; i++) {
    const VqFrame *f = vq_ring_at(r, i);
    FlowPath *p = &nic->paths[f->flow];
    cum += p->total_cycles;
    if (p->vm < 0) {
      p->unmatched++; /* the vSwitch found no VM for the MAC and discarded the frame */
      continue;
    }
    p->delivered++;
    vq_vm_delivered(nic->vms[p->vm], f->t_s, start + cum / nic->hz, f->len);
    nic->vm_batch[p->vm]++;
  }
  /* The pass ran alone on its LP (dispatch level): its length is exactly its cycles. */
  VQ_INVARIANT(fabs((end - start) - cum / nic->hz) <= 1e-9 * (end - start) + 1e-12,
               "DPC pass on %s took %.12g s for %.0f cycles at %.6g Hz", q->name, end - start,
               cum, nic->hz);
  r->freed = q->pass_to;
  q->free_bound_s = end + nic->min_pass_cycles / nic->hz;
  for (guint v = 0; v < nic->n_vms; v++) {
    if (nic->vm_batch[v]) {
      vq_vm_guest_work(nic->vms[v], nic->vm_batch[v]);
      nic->vm_batch[v] = 0;
    }
  }
  queue_nudge(nic, q);
}

static void dpc_drained(void *queue, double now) {
  RxQueue *q = queue;
  q->in_service = FALSE;
  vq_irq_enable(&q->irq, &q->ring);
  queue_nudge(q->nic, q);
}

static const VqDpcOps dpc_ops = {dpc_begin, dpc_end, dpc_drained};

/* ---- set-up --------------------------------------------------------------------------- */

static void path_costs(const VqScenario *sc, FlowPath *p, guint frame_bytes) {
  p->cycles[VQ_CPU_DPC] = sc->frame_cycles;
  if (p->queue != VQ_DEFAULT_QUEUE) {
    /* VMQ: the frame is already in the VM's memory; the vSwitch only forwards it. */
    p->cycles[VQ_CPU_VSWITCH] = sc->vswitch_frame_cycles;
  } else if (p->vm >= 0) {
    /* Default queue: the vSwitch looks the MAC up in software and copies into VM memory. */
    p->cycles[VQ_CPU_VSWITCH] = sc->sw_filter_frame_cycles + sc->vswitch_frame_cycles;
    p->cycles[VQ_CPU_COPY] = sc->copy_byte_cycles * frame_bytes;
  } else {
    p->cycles[VQ_CPU_VSWITCH] = sc->sw_filter_frame_cycles; /* looked up, then discarded */
  }
  for (int k = 0; k < VQ_CPU_N_CAT; k++)
    p->total_cycles += p->cycles[k];
}

static sg_host_t need_host(const char *name, GError **error) {
  sg_host_t h = sg_host_by_name(name);
  if (!h)
    g_set_error(error, VQ_SCENARIO_ERROR, VQ_SCENARIO_ERROR_REF,
                "platform has no host '%s' (engine and model disagree)", name);
  return h;
}

static void nic_free(void *self);

static void *nic_create(const VqScenario *sc, GError **error) {
  VqNic *nic = g_new0(VqNic, 1);
  nic->sc = sc;
  nic->end_s = sc->duration_s;
  nic->hz = sc->frequency_hz;
  if (!(nic->nic_host = need_host("nic", error)) || !(nic->mem_host = need_host("mem", error))) {
    nic_free(nic);
    return NULL;
  }
  nic->cpus = g_new0(VqCpu *, sc->processors);
  nic->busy_bins = g_new0(VqBins, sc->processors);
  for (guint i = 0; i < sc->processors; i++) {
    char name[32];
    g_snprintf(name, sizeof name, "lp%u", i);
    sg_host_t h = need_host(name, error);
    if (!h) {
      nic_free(nic);
      return NULL;
    }
    vq_bins_init(&nic->busy_bins[i], sc->sample_interval_s, sc->duration_s);
    nic->cpus[i] = vq_cpu_new(i, h, sc->frequency_hz, sc->isr_cycles, &nic->busy_bins[i]);
  }
  nic->n_vms = sc->vms->len;
  nic->vms = g_new0(VqVm *, nic->n_vms);
  nic->vm_batch = g_new0(guint, nic->n_vms);
  g_autoptr(VqFilter) filter = vq_filter_new();  /* the NIC's VMQ filters */
  g_autoptr(VqFilter) vswitch = vq_filter_new(); /* the vSwitch's MAC table: VM index + 1 */
  nic->n_queues = sc->vmq ? 1 + MIN(nic->n_vms, sc->max_vmq_queues) : 1;
  nic->queues = g_new0(RxQueue, nic->n_queues);
  for (guint v = 0; v < nic->n_vms; v++) {
    const VqVmConf *vc = g_ptr_array_index(sc->vms, v);
    nic->vms[v] = vq_vm_new(vc, nic->cpus, sc);
    vq_filter_add(vswitch, v + 1, vc->mac, vc->vlan);
    if (v + 1 < nic->n_queues)
      vq_filter_add(filter, v + 1, vc->mac, vc->vlan);
  }
  for (guint i = 0; i < nic->n_queues; i++) {
    RxQueue *q = &nic->queues[i];
    q->nic = nic;
    q->index = i;
    q->vm = i == 0 ? -1 : (int)i - 1;
    g_snprintf(q->name, sizeof q->name, "q%u", i);
    guint lp = i == 0 ? sc->default_queue_lp
                      : ((const VqVmConf *)g_ptr_array_index(sc->vms, i - 1))->queue_lp;
    q->cpu = nic->cpus[lp];
    q->planned_s = INFINITY;
    vq_ring_init(&q->ring, sc->ring_size);
    vq_irq_init(&q->irq, sc->irq_max_delay_s, sc->irq_max_frames);
    char *dname = g_strdup_printf("dma.%s", q->name);
    q->dma = vq_dma_new(dname, nic->nic_host, nic->mem_host, &q->ring, sc->dma_burst_frames,
                        dma_done, q);
    g_free(dname);
  }
  nic->n_flows = sc->flows->len;
  nic->paths = g_new0(FlowPath, nic->n_flows);
  double total_fps = 0, cheapest = INFINITY;
  for (guint i = 0; i < nic->n_flows; i++) {
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, i);
    FlowPath *p = &nic->paths[i];
    p->queue = sc->vmq ? vq_filter_match(filter, fc->dst_mac, fc->vlan) : VQ_DEFAULT_QUEUE;
    p->vm = (int)vq_filter_match(vswitch, fc->dst_mac, fc->vlan) - 1;
    path_costs(sc, p, fc->frame_bytes);
    total_fps += fc->rate_fps;
    cheapest = MIN(cheapest, p->total_cycles);
  }
  nic->min_pass_cycles = sc->dpc_cycles + cheapest;
  /* About 64 frames per generator wake-up, within [1 us, 1 ms]: few SimGrid events, small
   * FIFOs. */
  nic->window_s = CLAMP(64.0 / total_fps, 1e-6, 1e-3);
  nic->traffic = vq_traffic_new(sc);
  return nic;
}

static void nic_start(void *self) {
  VqNic *nic = self;
  for (guint i = 0; i < nic->sc->processors; i++)
    vq_cpu_start(nic->cpus[i], nic->end_s);
  for (guint v = 0; v < nic->n_vms; v++)
    vq_vm_start(nic->vms[v], nic->end_s);
  for (guint i = 0; i < nic->n_queues; i++) {
    RxQueue *q = &nic->queues[i];
    q->wake = sg_sem_init(0);
    vq_dma_start(q->dma, nic->end_s);
    sg_actor_t a = sg_actor_init(q->name, nic->nic_host);
    sg_actor_set_data(a, q);
    sg_actor_start(a, queue_actor, 0, NULL);
  }
  sg_actor_t g = sg_actor_init("generator", nic->nic_host);
  sg_actor_set_data(g, nic);
  sg_actor_start(g, generator_actor, 0, NULL);
}

/* ---- end of run -------------------------------------------------------------------------- */

static void nic_finish(void *self, VqModelStats *stats) {
  VqNic *nic = self;
  /* SimGrid has processed every event before the end, so every descriptor freed before then
   * is back: admitting what arrived before the end but is not yet in a ring is exact, and
   * makes the end state independent of how far each actor had skipped ahead. */
  for (guint i = 0; i < nic->n_queues; i++)
    nic->queues[i].sleeping = FALSE; /* the run is over: nobody to wake */
  nic_generate(nic, nic->end_s);
  for (guint i = 0; i < nic->sc->processors; i++)
    vq_cpu_finish(nic->cpus[i], nic->end_s);
  for (guint i = 0; i < nic->n_queues; i++) {
    RxQueue *q = &nic->queues[i];
    const VqFrame *f;
    while ((f = fifo_peek(&q->fifo))) {
      admit(nic, q, f);
      fifo_pop(&q->fifo);
    }
  }
  /* Conservation, from independent counters: per-flow counts at generation, admission and
   * indication against what the rings and FIFOs still hold. */
  guint64 offered = 0, done = 0, held = 0;
  for (guint i = 0; i < nic->n_flows; i++) {
    const FlowPath *p = &nic->paths[i];
    offered += p->offered;
    done += p->delivered + p->unmatched + p->dropped;
  }
  for (guint i = 0; i < nic->n_queues; i++) {
    const RxQueue *q = &nic->queues[i];
    held += vq_ring_occupancy(&q->ring);
    VQ_INVARIANT(q->offered == q->ring.tail + q->ring.dropped + q->fifo.len,
                 "queue %s: offered %" G_GUINT64_FORMAT " != accepted %" G_GUINT64_FORMAT
                 " + dropped %" G_GUINT64_FORMAT " + waiting %u",
                 q->name, q->offered, q->ring.tail, q->ring.dropped, q->fifo.len);
  }
  VQ_INVARIANT(offered == done + held,
               "frames not conserved: offered %" G_GUINT64_FORMAT " != delivered+dropped %"
               G_GUINT64_FORMAT " + in flight %" G_GUINT64_FORMAT, offered, done, held);
  stats->frames += offered;
  stats->wakeups += nic->wakeups;
  for (guint i = 0; i < nic->n_queues; i++)
    stats->wakeups += vq_dma_bursts(nic->queues[i].dma);
  for (guint i = 0; i < nic->sc->processors; i++)
    stats->wakeups += vq_cpu_interrupts(nic->cpus[i]) + vq_cpu_dpc_passes(nic->cpus[i]);
}

static void report_queue(const VqNic *nic, const RxQueue *q, VqReport *r) {
  VqReportEntity *e = vq_report_add_entity(r, "queue", q->name);
  vq_report_entity_set_string(e, "vm", q->vm < 0 ? "(default)" : vq_vm_name(nic->vms[q->vm]));
  guint lp = 0;
  while (nic->cpus[lp] != q->cpu)
    lp++;
  vq_report_entity_set_uint(e, "processor", lp);
  vq_report_entity_set_uint(e, "offered_frames", q->offered);
  vq_report_entity_set_uint(e, "accepted_frames", q->ring.tail);
  vq_report_entity_set_uint(e, "dropped_frames", q->ring.dropped);
  vq_report_entity_set_uint(e, "indicated_frames", q->ring.freed);
  vq_report_entity_set_uint(e, "in_flight_frames", q->fifo.len + vq_ring_occupancy(&q->ring));
  vq_report_entity_set_uint(e, "interrupts", q->irq.raised);
  vq_report_entity_set_double(e, "frames_per_interrupt",
                              q->irq.raised ? (double)q->ring.freed / (double)q->irq.raised : 0);
  vq_report_entity_set_uint(e, "dma_bursts", vq_dma_bursts(q->dma));
  vq_report_entity_set_double(e, "dma_bytes", vq_dma_bytes(q->dma));
  vq_report_entity_set_uint(e, "max_ring_occupancy", q->max_occupancy);
}

static void nic_report(const void *self, VqReport *r) {
  const VqNic *nic = self;
  const VqScenario *sc = nic->sc;
  guint64 unmatched = 0;
  for (guint i = 0; i < nic->n_flows; i++)
    unmatched += nic->paths[i].unmatched;
  vq_report_set_run_double(r, "unmatched_frames", (double)unmatched);
  vq_report_set_run_string(r, "vmq", sc->vmq ? "on" : "off");
  for (guint v = 0; v < nic->n_vms; v++) {
    VqReportEntity *e = vq_vm_report(nic->vms[v], r);
    guint qi = 0;
    for (guint i = 0; i < nic->n_flows; i++)
      if (nic->paths[i].vm == (int)v)
        qi = nic->paths[i].queue;
    vq_report_entity_set_string(e, "queue", nic->queues[qi].name);
  }
  for (guint i = 0; i < nic->n_queues; i++)
    report_queue(nic, &nic->queues[i], r);
  for (guint i = 0; i < sc->processors; i++) {
    const VqCpu *c = nic->cpus[i];
    char name[16];
    g_snprintf(name, sizeof name, "%u", i);
    VqReportEntity *e = vq_report_add_entity(r, "processor", name);
    double total = 0;
    for (int k = 0; k < VQ_CPU_N_CAT; k++)
      total += vq_cpu_cycles(c, k);
    vq_report_entity_set_double(e, "busy", total / nic->hz / sc->duration_s);
    for (int k = 0; k < VQ_CPU_N_CAT; k++) {
      char key[32];
      g_snprintf(key, sizeof key, "busy.%s", vq_cpu_category_name(k));
      vq_report_entity_set_double(e, key, vq_cpu_cycles(c, k) / nic->hz / sc->duration_s);
    }
    vq_report_entity_set_uint(e, "interrupts", vq_cpu_interrupts(c));
    vq_report_entity_set_uint(e, "dpc_passes", vq_cpu_dpc_passes(c));
  }
  /* Timeseries: per VM, then the busy fraction of every processor. */
  guint n_cols = 0;
  for (guint v = 0; v < nic->n_vms; v++)
    vq_vm_timeseries(nic->vms[v], r, 0, NULL, &n_cols);
  for (guint i = 0; i < sc->processors; i++) {
    char col[32];
    g_snprintf(col, sizeof col, "processor.%u.busy", i);
    vq_report_ts_add_column(r, col);
  }
  n_cols = 3 * nic->n_vms + sc->processors;
  double *row = g_new(double, n_cols);
  guint n_rows = nic->busy_bins[0].n;
  for (guint b = 0; b < n_rows; b++) {
    guint pos = 0;
    for (guint v = 0; v < nic->n_vms; v++)
      vq_vm_timeseries(nic->vms[v], r, b, row, &pos);
    for (guint i = 0; i < sc->processors; i++)
      row[pos++] = nic->busy_bins[i].v[b] / nic->busy_bins[i].width_s;
    g_assert(pos == n_cols);
    vq_report_ts_add_row(r, (b + 1) * nic->busy_bins[0].width_s, row, n_cols);
  }
  g_free(row);
}

static void nic_free(void *self) {
  VqNic *nic = self;
  if (!nic)
    return;
  for (guint i = 0; i < nic->n_queues; i++) {
    vq_ring_clear(&nic->queues[i].ring);
    vq_dma_free(nic->queues[i].dma);
    g_free(nic->queues[i].fifo.buf);
  }
  g_free(nic->queues);
  for (guint v = 0; v < nic->n_vms; v++)
    vq_vm_free(nic->vms[v]);
  g_free(nic->vms);
  g_free(nic->vm_batch);
  if (nic->cpus)
    for (guint i = 0; i < nic->sc->processors; i++) {
      vq_cpu_free(nic->cpus[i]);
      vq_bins_clear(&nic->busy_bins[i]);
    }
  g_free(nic->cpus);
  g_free(nic->busy_bins);
  g_free(nic->paths);
  vq_traffic_free(nic->traffic);
  g_free(nic);
}

const VqModelOps vq_nic_model = {
    .name = "nic",
    .create = nic_create,
    .start = nic_start,
    .finish = nic_finish,
    .report = nic_report,
    .free = nic_free,
};
