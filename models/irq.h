/* Irq: one MSI-X interrupt per queue, with interrupt moderation.
 *
 * Moderation as NIC drivers expose it (Intel's ITR / "rx-usecs" and "rx-frames"): once a frame
 * is pending, the interrupt is raised no later than max_delay after that first frame, or as
 * soon as max_frames frames are pending, whichever comes first; max_delay 0 and max_frames 1
 * means no moderation. A frame is pending once it has landed in host memory (models/pcie.h):
 * the NIC signals what it has written, so the interrupt announces the frames landed when it is
 * due, after their descriptors are written back (models/dma.h), never frames still crossing the
 * link. It stays masked while a DPC owns the queue (NDIS miniports re-enable it when the DPC has
 * drained the queue). This file is pure logic on a ring; the NIC acts on it.
 */
#ifndef VQ_IRQ_H
#define VQ_IRQ_H

#include <glib.h>

#include "models/ring.h"

G_BEGIN_DECLS

typedef struct {
  double max_delay_s; /* moderation: latest raise after the first pending frame */
  guint max_frames;   /* moderation: raise at this many pending frames (>= 1) */
  gboolean enabled;   /* unmasked: no DPC owns the queue */
  guint64 signalled;  /* ring counter: frames before it are announced or taken by a DPC */
  guint64 flush_to;   /* when due: raise once the ring's ready counter reaches this */
  gboolean due;       /* the moderation condition has fired; waiting for the write-back */
  guint64 raised;     /* interrupts raised so far */
} VqIrq;

void vq_irq_init(VqIrq *irq, double max_delay_s, guint max_frames);

/* When the moderation condition fires for the frames admitted so far: +inf if masked, already
 * due, or nothing is pending. May be in the past (the caller acts at once). */
double vq_irq_due_time(const VqIrq *irq, const VqRing *ring);

/* Marks the interrupt due at NOW_S: it covers the frames landed by then. */
void vq_irq_set_due(VqIrq *irq, const VqRing *ring, double now_s);

/* TRUE when due and the write-back has caught up, i.e. the interrupt must be raised now. */
static inline gboolean vq_irq_should_raise(const VqIrq *irq, const VqRing *ring) {
  return irq->enabled && irq->due && ring->ready >= irq->flush_to;
}

/* Raises it: masks the interrupt until vq_irq_enable(). */
void vq_irq_raise(VqIrq *irq);

/* Unmasks after a DPC drained the queue up to the ring's taken counter. */
void vq_irq_enable(VqIrq *irq, const VqRing *ring);

G_END_DECLS

#endif
