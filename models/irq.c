/* Interrupt moderation logic: see irq.h. */
#include "models/irq.h"

#include <math.h>

void vq_irq_init(VqIrq *irq, double max_delay_s, guint max_frames) {
  g_return_if_fail(max_frames >= 1 && max_delay_s >= 0);
  *irq = (VqIrq){.max_delay_s = max_delay_s, .max_frames = max_frames, .enabled = TRUE};
}

double vq_irq_due_time(const VqIrq *irq, const VqRing *ring) {
  if (!irq->enabled || irq->due || irq->signalled >= ring->tail)
    return INFINITY;
  double t = vq_ring_at(ring, irq->signalled)->land_s + irq->max_delay_s;
  guint64 kth = irq->signalled + irq->max_frames - 1;
  if (kth < ring->tail) {
    double t_count = vq_ring_at(ring, kth)->land_s;
    if (t_count < t)
      t = t_count;
  }
  return t;
}

void vq_irq_set_due(VqIrq *irq, const VqRing *ring, double now_s) {
  g_assert(irq->enabled && !irq->due);
  irq->due = TRUE;
  irq->flush_to = vq_ring_landed_by(ring, irq->signalled, now_s);
  g_assert(irq->flush_to > irq->signalled);
}

void vq_irq_raise(VqIrq *irq) {
  g_assert(irq->enabled && irq->due);
  irq->enabled = FALSE;
  irq->due = FALSE;
  irq->signalled = irq->flush_to;
  irq->raised++;
}

void vq_irq_enable(VqIrq *irq, const VqRing *ring) {
  g_assert(!irq->enabled);
  irq->enabled = TRUE;
  if (irq->signalled < ring->taken)
    irq->signalled = ring->taken;
}
