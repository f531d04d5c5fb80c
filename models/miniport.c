/* Miniport: the NDIS miniport driver's receive DPC for one queue, as the processor model runs
 * it (cpu.h: VqDpcOps).
 *
 * A pass takes every frame written back so far (the ring's ready counter) and charges the DPC
 * overhead plus each frame's cycles (its path's: miniport, host stack, vSwitch; vswitch.h); at
 * the pass's end it indicates the frames in ring order, one NdisMIndicateReceiveNetBufferLists
 * call for the batch (each frame is delivered at the moment its own work is done within the
 * pass), returns their descriptors, and hands each VM its frames. When a pass finds nothing
 * new, the queue is drained and the miniport re-enables its interrupt ("Receive Side Scaling
 * and interrupt moderation", NDIS: the DPC re-arms the interrupt once it has caught up).
 * Left out: per-DPC frame budgets (the DPC drains the queue however long it takes), receive
 * buffer refill costs, NDIS_RECEIVE_FLAGS_RESOURCES copies.
 */
#include "models/log.h"
#include "models/nic-private.h"

#include <math.h>

static gboolean dpc_begin(void *queue, double now, VqCpuWork *w) {
  RxQueue *q = queue;
  VqNic *nic = q->nic;
  VqRing *r = &q->ring;
  if (r->ready == r->taken)
    return FALSE;
  w->cycles[VQ_CPU_DPC] += nic->sc->dpc_cycles;
  q->pass_offset_cycles = w->cycles[VQ_CPU_ISR] + nic->sc->dpc_cycles;
  /* Summed in a local copy, in the same order: the compiler may then keep it in registers. */
  double acc[VQ_CPU_N_CAT];
  for (int k = 0; k < VQ_CPU_N_CAT; k++)
    acc[k] = w->cycles[k];
  for (guint64 i = r->taken; i < r->ready; i++) {
    const VqFrame *f = vq_ring_at(r, i);
    const PathCost *c = &nic->costs[f->cost];
    double s = vq_nic_frame_scale(nic, f);
    for (int k = 0; k < VQ_CPU_N_CAT; k++)
      acc[k] += c->cycles[k] * s;
    acc[VQ_CPU_COPY] += vq_path_copy(c, f->len) * s;
  }
  for (int k = 0; k < VQ_CPU_N_CAT; k++)
    w->cycles[k] = acc[k];
  q->pass_from = r->taken;
  q->pass_to = r->ready;
  vq_ring_take(r);
  q->free_bound_s = now + vq_cpu_work_total(w) / nic->hz;
  vq_nic_queue_nudge(nic, q);
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
  VQ_EVENT(miniport, nic->sc->trace, start, "dpc %s lp %u frames %" G_GUINT64_FORMAT " until %.9f",
           q->name, q->lp, q->pass_to - q->pass_from, end);
  double cum = q->pass_offset_cycles;
  for (guint64 i = q->pass_from; i < q->pass_to; i++) {
    const VqFrame *f = vq_ring_at(r, i);
    if (i + DPC_PREFETCH < q->pass_to) /* flow paths are scattered: fetch ahead */
      __builtin_prefetch(&nic->paths[vq_ring_at(r, i + DPC_PREFETCH)->flow], 1);
    FlowPath *p = &nic->paths[f->flow];
    const PathCost *c = &nic->costs[f->cost];
    cum += (c->total + vq_path_copy(c, f->len)) * vq_nic_frame_scale(nic, f);
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
    if (p->vm < 0) { /* the vSwitch found no VM for the MAC and discarded the frame */
      vq_vswitch_discard(nic->vswitch);
      continue;
    }
    vq_vm_delivered(nic->vms[p->vm], f->t_s, done, f->len);
    if (q->vport_k >= 0)
      vq_vport_indicated(nic->vports[p->vport], (guint)q->vport_k, f->t_s, done);
    vq_vswitch_deliver(nic->vswitch, q->lp, (guint)p->vm);
  }
  /* The pass ran alone on its LP (dispatch level): its length is exactly its cycles. */
  VQ_INVARIANT(fabs((end - start) - cum / nic->hz) <= 1e-9 * (end - start) + 1e-12,
               "DPC pass on %s took %.12g s for %.0f cycles at %.6g Hz", q->name, end - start, cum,
               nic->hz);
  vq_nic_occupancy_free(nic, q, end);
  vq_ring_release(r, q->pass_to);
  q->free_bound_s = end + nic->min_pass_cycles / nic->hz;
  /* Hand the guests their work once the scratch is clear: waking a guest (the reference
   * engine) is a SimGrid call, during which another pass ending at the same instant may run. */
  guint *vms = g_newa(guint, nic->n_vms + 1), *frames = g_newa(guint, nic->n_vms + 1);
  guint n = vq_vswitch_take_batch(nic->vswitch, q->lp, vms, frames);
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
  vq_nic_queue_nudge(nic, q);
}

static void dpc_drained(void *queue, double now) {
  RxQueue *q = queue;
  q->in_service = FALSE;
  vq_irq_enable(&q->irq, &q->ring);
  vq_nic_queue_nudge(q->nic, q);
}

const VqDpcOps vq_nic_dpc_ops = {dpc_begin, dpc_end, dpc_drained};
