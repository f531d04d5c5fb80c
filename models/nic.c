/* NIC receive path and miniport: the per-frame path and the actors (see nic.h). */
#include "models/nic-private.h"

#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>

/* ---- FIFO ---------------------------------------------------------------------------- */

static void fifo_push(Fifo *f, const VqFrame *fr, guint32 queue) {
  if (f->len == f->cap) {
    guint cap = f->cap ? f->cap * 2 : 256;
    Pending *buf = g_new(Pending, cap);
    for (guint i = 0; i < f->len; i++)
      buf[i] = f->buf[(f->head + i) & (f->cap - 1)];
    g_free(f->buf);
    f->buf = buf;
    f->cap = cap;
    f->head = 0;
  }
  f->buf[(f->head + f->len) & (f->cap - 1)] = (Pending){*fr, queue};
  f->len++;
}

/* ---- arrivals ------------------------------------------------------------------------ */

static void queue_wake(RxQueue *q) {
  if (q->sleeping) {
    q->sleeping = FALSE;
    sg_sem_release(q->wake);
  }
}

/* Waking the queue actors that must see a frame sooner than they planned. */
/* Frames taken from the generator at a time: their flow paths are fetched from memory
 * together (a scenario may have 100k flows, far more than the caches hold). */
#define GENERATE_BATCH 32

/* Steers frame F (its flow's path P) to its queue and starts its DMA; returns the queue if its
 * actor must be woken for it (the reference engine). */
static RxQueue *generate_one(VqNic *nic, VqFrame *f, FlowPath *p) {
  p->offered++;
  f->cost = p->cost;
  guint qi = p->queue;
  if (p->vport >= 0) /* RSS: the table version in force when the frame arrives */
    qi = vq_vport_queue(nic->vports[p->vport], p->flags & PATH_HASHED, p->hash, f->t_s);
  if (p->flags & PATH_TX) {
    /* A completion: only its descriptor write-back crosses PCIe, on the completion twin of the
     * queue pair the table selects. */
    f->len = 0;
    qi = (guint)nic->queues[qi].tx_twin;
  } else if (p->vm >= 0) {
    vq_vm_offered(nic->vms[p->vm], f->t_s, f->len);
  }
  RxQueue *q = &nic->queues[qi];
  f->land_s = vq_pcie_transfer(&nic->pcie, f->t_s, f->len + VQ_PCIE_DESC_BYTES);
  /* The windowed engine's domains take their queues' frames in arrival order. */
  fifo_push(nic->windowed ? &nic->domain_fifos[q->lp] : &q->fifo, f, qi);
  q->offered++;
  q->offered_bytes += f->len;
  return q->sleeping && f->t_s < q->planned_s ? q : NULL;
}

void vq_nic_generate(VqNic *nic, double upto_s) {
  if (upto_s > nic->end_s)
    upto_s = nic->end_s;
  VqFrame batch[GENERATE_BATCH];
  guint n;
  do {
    for (n = 0; n < GENERATE_BATCH && vq_traffic_next(nic->traffic, upto_s, &batch[n]);) {
      if (batch[n].t_s >= nic->end_s)
        continue;
      __builtin_prefetch(&nic->paths[batch[n].flow], 1);
      n++;
    }
    RxQueue *wake[GENERATE_BATCH];
    guint n_wake = 0;
    for (guint i = 0; i < n; i++)
      if ((wake[n_wake] = generate_one(nic, &batch[i], &nic->paths[batch[i].flow])))
        n_wake++;
    /* Only once the batch is in the FIFOs: a woken actor may run at once and generate more. */
    for (guint i = 0; i < n_wake; i++)
      queue_wake(wake[i]);
  } while (n == GENERATE_BATCH);
  if (upto_s > nic->generated_to_s)
    nic->generated_to_s = upto_s;
}

void vq_nic_generator_actor(int argc, char **argv) {
  VqNic *nic = sg_actor_self_get_data();
  for (;;) {
    double now = simgrid_get_clock();
    double next = vq_traffic_peek(nic->traffic);
    if (next >= nic->end_s)
      return;
    /* Jump over idle gaps: nothing to generate before NEXT. */
    double upto = (next > now ? next : now) + nic->window_s;
    vq_nic_generate(nic, upto);
    nic->wakeups++;
    sg_actor_sleep_until(upto < nic->end_s ? upto : nic->end_s);
  }
}

gboolean vq_nic_admit(VqNic *nic, RxQueue *q, const VqFrame *f) {
  if (vq_ring_push(&q->ring, f)) {
    guint64 occ = vq_ring_occupancy(&q->ring);
    if (occ > q->max_occupancy)
      q->max_occupancy = occ;
    return TRUE;
  }
  FlowPath *p = &nic->paths[f->flow];
  p->dropped++;
  q->dropped_bytes += f->len;
  if (p->flags & PATH_TX)
    return FALSE;
  if (p->vm >= 0)
    vq_vm_dropped(nic->vms[p->vm], f->t_s, f->len);
  if (p->vport >= 0)
    vq_vport_dropped(nic->vports[p->vport], f->t_s);
  return FALSE;
}

/* ---- the queue actor --------------------------------------------------------------------- */

static void raise_interrupt(VqNic *nic, RxQueue *q, double now) {
  vq_irq_raise(&q->irq);
  q->in_service = TRUE;
  q->free_bound_s = now + (nic->sc->isr_cycles + nic->min_pass_cycles) / nic->hz;
  if (nic->windowed)
    vq_domain_interrupt(nic, q);
  else
    vq_cpu_interrupt(q->cpu, q, &vq_nic_dpc_ops);
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
  double t_dma = vq_dma_kick_time(&q->dma, q->irq.due ? q->irq.flush_to : 0);
  if (t_dma <= now) {
    vq_dma_kick(&q->dma, now);
    return TRUE;
  }
  *t_next = MIN(t_irq, t_dma);
  return FALSE;
}

double vq_nic_admit_act_time(const RxQueue *q) {
  /* What act() would find new: the frame may be the burst_frames-th waiting for write-back
   * (dma.h), or, the interrupt armed, the first pending frame (its max_delay) or the
   * max_frames-th (irq.h); nothing else moved. */
  const VqRing *r = &q->ring;
  guint64 i = r->tail - 1;
  double land = vq_ring_at(r, i)->land_s, t = INFINITY;
  if (r->ready + q->dma.burst_frames - 1 == i)
    t = land;
  const VqIrq *irq = &q->irq;
  if (irq->enabled && !irq->due) {
    if (irq->signalled == i)
      t = MIN(t, land + irq->max_delay_s);
    if (irq->signalled + irq->max_frames - 1 == i)
      t = MIN(t, land);
  }
  return t;
}

double vq_nic_act_all(VqNic *nic, RxQueue *q, double now) {
  double t_next;
  while (act(nic, q, now, &t_next))
    ;
  return t_next;
}

/* Another actor changed Q's state: wake its actor only if it can now act, or must admit,
 * before the moment it planned to wake (each wake-up is a SimGrid event). */
static void queue_nudge(VqNic *nic, RxQueue *q) {
  if (!q->sleeping)
    return;
  double t = vq_irq_should_raise(&q->irq, &q->ring) ? 0 : vq_irq_due_time(&q->irq, &q->ring);
  t = MIN(t, vq_dma_kick_time(&q->dma, q->irq.due ? q->irq.flush_to : 0));
  const VqFrame *f = vq_fifo_peek(&q->fifo);
  if (f)
    t = MIN(t, f->t_s);
  if (t < q->planned_s)
    queue_wake(q);
}

void vq_nic_queue_actor(int argc, char **argv) {
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
      vq_nic_generate(nic, MIN(lim, now + nic->window_s));
    const VqFrame *f = vq_fifo_peek(&q->fifo);
    if (f && f->t_s <= lim) {
      vq_nic_admit(nic, q, f);
      vq_fifo_pop(&q->fifo);
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

/* ---- ring occupancy (Little's law) -------------------------------------------------------- */

static void occupancy_to(const VqNic *nic, RxQueue *q, double t_s) {
  double from = MAX(q->occ_t_s, nic->sc->warmup_s), to = MIN(t_s, nic->end_s);
  if (to > from)
    q->occ_area += (double)(q->occ_arrived - q->ring.freed) * (to - from);
  q->occ_t_s = MAX(q->occ_t_s, t_s);
}

void vq_nic_occupancy_advance(const VqNic *nic, RxQueue *q, double t_s) {
  const VqRing *r = &q->ring;
  for (; q->occ_arrived < r->tail && vq_ring_at(r, q->occ_arrived)->t_s <= t_s; q->occ_arrived++) {
    const VqFrame *f = vq_ring_at(r, q->occ_arrived);
    /* Exact admission: no frame enters the ring after a descriptor return later than its
     * arrival (it would have found that descriptor free too early). */
    VQ_INVARIANT(f->t_s >= q->occ_t_s,
                 "queue %s: frame arriving at %.12g s admitted after a "
                 "descriptor return at %.12g s",
                 q->name, f->t_s, q->occ_t_s);
    occupancy_to(nic, q, f->t_s);
  }
  occupancy_to(nic, q, t_s);
}

/* The pass ending at END_S returns the descriptors of [pass_from, pass_to). */
static void occupancy_free(VqNic *nic, RxQueue *q, double end_s) {
  vq_nic_occupancy_advance(nic, q, end_s);
  VQ_INVARIANT(q->occ_arrived >= q->pass_to,
               "queue %s: descriptor returned at %.12g s before its "
               "frame arrived",
               q->name, end_s);
  if (end_s < nic->sc->warmup_s || end_s > nic->end_s)
    return;
  for (guint64 i = q->pass_from; i < q->pass_to; i++)
    q->res_sum_s += end_s - vq_ring_at(&q->ring, i)->t_s;
  q->res_frames += q->pass_to - q->pass_from;
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
    const VqFrame *f = vq_ring_at(r, i);
    const PathCost *c = &nic->costs[f->cost];
    double s = vq_nic_frame_scale(nic, f);
    for (int k = 0; k < VQ_CPU_N_CAT; k++)
      w->cycles[k] += c->cycles[k] * s;
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

/* Per-flow order at indication: a frame indicated after a later frame of its flow is out of
 * order (a queue is FIFO, so only a flow that changed queues can get there). */
void vq_nic_track_order(VqNic *nic, guint flow, guint64 seq, double done) {
  FlowOrder *o = &nic->order[flow];
  if (!o->seen || seq > o->max_seq) {
    o->seen = TRUE;
    o->max_seq = seq;
    return;
  }
  o->reordered++;
  const FlowPath *p = &nic->paths[flow];
  if (p->vport < 0)
    return;
  VqVport *vp = nic->vports[p->vport];
  int v = (int)vq_vport_version_at(vp, done);
  vq_vport_reordered(vp, done, o->max_seq - seq, o->version != v);
  o->version = v;
}

/* Frames ahead whose flow path dpc_end fetches early. */
#define DPC_PREFETCH 4

static void dpc_end(void *queue, double start, double end) {
  RxQueue *q = queue;
  VqNic *nic = q->nic;
  VqRing *r = &q->ring;
  double cum = q->pass_offset_cycles;
  for (guint64 i = q->pass_from; i < q->pass_to; i++) {
    const VqFrame *f = vq_ring_at(r, i);
    if (i + DPC_PREFETCH < q->pass_to) /* flow paths are scattered: fetch ahead */
      __builtin_prefetch(&nic->paths[vq_ring_at(r, i + DPC_PREFETCH)->flow], 1);
    FlowPath *p = &nic->paths[f->flow];
    cum += nic->costs[f->cost].total * vq_nic_frame_scale(nic, f);
    q->indicated_bytes += f->len;
    p->done++;
    if (p->flags & PATH_TX)
      continue;
    double done = start + cum / nic->hz;
    /* Only a flow that can change queues can be reordered (a queue is FIFO). The windowed
     * engine decides the order across processors at the window's end. */
    if ((p->flags & PATH_MAY_REORDER) && !nic->windowed) {
      vq_nic_track_order(nic, f->flow, f->seq, done);
    } else if (p->flags & PATH_MAY_REORDER) {
      OrderEvent o = {end, done, nic->log_seq++, f->flow, f->seq};
      g_array_append_val(nic->order_log, o);
    }
    if (p->vm < 0)
      continue; /* the vSwitch found no VM for the MAC and discarded the frame */
    vq_vm_delivered(nic->vms[p->vm], f->t_s, done, f->len);
    if (q->vport_k >= 0)
      vq_vport_indicated(nic->vports[p->vport], (guint)q->vport_k, f->t_s, done);
    if (nic->vm_batch[p->vm]++ == 0)
      nic->vm_touched[nic->n_touched++] = (guint)p->vm;
  }
  /* The pass ran alone on its LP (dispatch level): its length is exactly its cycles. */
  VQ_INVARIANT(fabs((end - start) - cum / nic->hz) <= 1e-9 * (end - start) + 1e-12,
               "DPC pass on %s took %.12g s for %.0f cycles at %.6g Hz", q->name, end - start, cum,
               nic->hz);
  occupancy_free(nic, q, end);
  r->freed = q->pass_to;
  q->free_bound_s = end + nic->min_pass_cycles / nic->hz;
  /* Hand the guests their work only once the shared scratch is clear: waking a guest is a
   * SimGrid call, during which another processor's pass ending at the same instant may run
   * this same code (it did: guest frames were counted twice, 3 in 10 s). */
  guint n = nic->n_touched;
  guint *vms = g_newa(guint, n + 1), *frames = g_newa(guint, n + 1);
  for (guint i = 0; i < n; i++) {
    vms[i] = nic->vm_touched[i];
    frames[i] = nic->vm_batch[vms[i]];
    nic->vm_batch[vms[i]] = 0;
  }
  nic->n_touched = 0;
  for (guint i = 0; i < n; i++) {
    if (!nic->windowed) {
      vq_vm_guest_work(nic->vms[vms[i]], frames[i]);
      continue;
    }
    VqVm *vm = nic->vms[vms[i]];
    guint lp = vq_vm_rx_processor(vm);
    GuestEvent e = {end, nic->log_seq++, lp, GUEST_HANDOFF, vms[i], frames[i]};
    vq_guests_post(nic->guests[lp], q->lp, &e);
  }
  queue_nudge(nic, q);
}

static void dpc_drained(void *queue, double now) {
  RxQueue *q = queue;
  q->in_service = FALSE;
  vq_irq_enable(&q->irq, &q->ring);
  queue_nudge(q->nic, q);
}

const VqDpcOps vq_nic_dpc_ops = {dpc_begin, dpc_end, dpc_drained};
