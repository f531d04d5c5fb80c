/* Descriptor write-back: see dma.h. */
#include "models/dma.h"

#include <math.h>

#include "models/pcie.h"

void vq_dma_init(VqDma *d, VqRing *ring, guint burst_frames) {
  g_return_if_fail(burst_frames >= 1 && ring);
  *d = (VqDma){.ring = ring, .burst_frames = burst_frames};
}

double vq_dma_kick_time(const VqDma *d, guint64 flush_to) {
  const VqRing *r = d->ring;
  if (r->ready >= r->tail)
    return INFINITY;
  if (flush_to > r->ready)
    return vq_ring_at(r, r->ready)->land_s; /* landed already: the caller clamps to now */
  guint64 last = r->ready + d->burst_frames - 1;
  return last < r->tail ? vq_ring_at(r, last)->land_s : INFINITY;
}

void vq_dma_kick(VqDma *d, double now_s) {
  VqRing *r = d->ring;
  guint64 to = vq_ring_landed_by(r, r->ready, now_s);
  g_assert(to > r->ready);
  double bytes = 0;
  for (guint64 i = r->ready; i < to; i++)
    bytes += vq_ring_at(r, i)->len + VQ_PCIE_DESC_BYTES;
  vq_ring_write_back(r, to);
  d->bursts++;
  d->bytes += bytes;
}
