/* Dma: a receive queue's descriptor write-back, which makes landed frames visible to the driver.
 *
 * Frame data and descriptors cross PCIe in arrival order as frames come in (models/pcie.h: each
 * frame carries land_s, when it is in host memory). What the driver sees is the descriptor's
 * "done" bit, and NICs coalesce those write-backs per queue (Intel 82599 datasheet, 7.1.6 and
 * the RXDCTL.WTHRESH field: write back once that many descriptors are ready): here a write-back
 * burst happens when dma_burst_frames landed frames wait, or when the queue's interrupt is due
 * (the NIC flushes pending write-backs before it signals; 82599 section 7.3.1.2), and covers
 * every frame landed by then. Because the data is already in memory, a burst takes no further
 * time: the ring's ready counter moves at the burst. Pure logic on a ring; the NIC acts on it.
 */
#ifndef VQ_DMA_H
#define VQ_DMA_H

#include <glib.h>

#include "models/ring.h"

G_BEGIN_DECLS

typedef struct {
  VqRing *ring;
  guint burst_frames; /* write-back threshold (>= 1) */
  guint64 bursts;     /* write-back bursts done */
  double bytes;       /* frame and descriptor bytes the bursts made visible */
} VqDma;

void vq_dma_init(VqDma *d, VqRing *ring, guint burst_frames);

/* When the next burst should happen given what is admitted, FLUSH_TO (a ring counter the
 * interrupt waits for, or 0): +inf when nothing calls for one. May be in the past (the caller
 * acts at once). */
double vq_dma_kick_time(const VqDma *d, guint64 flush_to);
/* Writes back, at NOW_S, every waiting frame landed by then: they become ready. */
void vq_dma_kick(VqDma *d, double now_s);

G_END_DECLS

#endif
