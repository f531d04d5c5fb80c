/* NIC receive path and miniport: the per-frame path and the actors (see nic.h). */
#include "models/log.h"
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
  return vq_waker_is_asleep(&q->waker) && f->t_s < q->waker.planned_s ? q : NULL;
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
      vq_nic_queue_wake(wake[i]);
  } while (n == GENERATE_BATCH);
  if (upto_s > nic->generated_to_s)
    nic->generated_to_s = upto_s;
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
  VQ_EVENT(nic, nic->sc->trace, f->t_s, "drop %s flow %s", q->name,
           ((const VqFlowConf *)g_ptr_array_index(nic->sc->flows, f->flow))->name);
  q->dropped_bytes += f->len;
  if (p->flags & PATH_TX)
    return FALSE;
  if (p->vm >= 0)
    vq_vm_dropped(nic->vms[p->vm], f->t_s, f->len);
  if (p->vport >= 0)
    vq_vport_dropped(nic->vports[p->vport], f->t_s);
  return FALSE;
}

/* ---- write-back, moderation, interrupt ------------------------------------------------------ */

static void raise_interrupt(VqNic *nic, RxQueue *q, double now) {
  VQ_EVENT(nic, nic->sc->trace, now, "irq %s lp %u frames %" G_GUINT64_FORMAT, q->name, q->lp,
           q->ring.ready - q->ring.taken);
  vq_irq_raise(&q->irq);
  q->in_service = TRUE;
  q->free_bound_s = now + (nic->sc->isr_cycles + nic->min_pass_cycles) / nic->hz;
  if (nic->windowed)
    vq_domain_interrupt(nic, q);
  else
    vq_cpu_interrupt(q->cpu, q, &vq_nic_dpc_ops);
}

gboolean vq_nic_act(VqNic *nic, RxQueue *q, double now, double *t_next) {
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
  while (vq_nic_act(nic, q, now, &t_next))
    ;
  return t_next;
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

void vq_nic_occupancy_free(VqNic *nic, RxQueue *q, double end_s) {
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
