/* The reference engine's actors for the NIC: the generator and one actor per queue (see nic.h
 * and sim/engine/engine.h). The windowed engine runs the same rules without them (domain.c). */
#include "models/nic-private.h"

#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>

void vq_nic_queue_wake(RxQueue *q) {
  vq_waker_wake(&q->waker);
}

/* Waking the queue actors that must see a frame sooner than they planned. */
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

/* Another actor changed Q's state: wake its actor only if it can now act, or must admit,
 * before the moment it planned to wake (each wake-up is a SimGrid event). */
void vq_nic_queue_nudge(VqNic *nic, RxQueue *q) {
  if (!vq_waker_is_asleep(&q->waker))
    return;
  double t = vq_irq_should_raise(&q->irq, &q->ring) ? 0 : vq_irq_due_time(&q->irq, &q->ring);
  t = MIN(t, vq_dma_kick_time(&q->dma, q->irq.due ? q->irq.flush_to : 0));
  const VqFrame *f = vq_fifo_peek(&q->fifo);
  if (f)
    t = MIN(t, f->t_s);
  if (t < q->waker.planned_s)
    vq_nic_queue_wake(q);
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
    if (vq_nic_act(nic, q, now, &t_act))
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
    nic->wakeups++;
    vq_waker_sleep_until(&q->waker, wake);
  }
}
