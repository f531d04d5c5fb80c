/* Receive DMA engine: see dma.h. */
#include "models/dma.h"

#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>

struct VqDma {
  char *name;
  sg_host_t nic, mem;
  VqRing *ring;
  guint burst_frames;
  VqDmaDoneFn done;
  void *owner;
  sg_sem_t go; /* released by vq_dma_kick() */
  gboolean busy;
  guint64 burst_to;   /* ring counter the burst in flight ends at */
  double burst_bytes; /* size of the burst in flight */
  double end_s;
  guint64 bursts; /* bursts completed */
  double bytes;   /* bytes moved */
};

VqDma *vq_dma_new(const char *name, sg_host_t nic, sg_host_t mem, VqRing *ring, guint burst_frames,
                  VqDmaDoneFn done, void *owner) {
  g_return_val_if_fail(burst_frames >= 1 && ring && done, NULL);
  VqDma *d = g_new0(VqDma, 1);
  d->name = g_strdup(name);
  d->nic = nic;
  d->mem = mem;
  d->ring = ring;
  d->burst_frames = burst_frames;
  d->done = done;
  d->owner = owner;
  return d;
}

void vq_dma_free(VqDma *d) {
  if (!d)
    return;
  g_free(d->name);
  g_free(d);
}

gboolean vq_dma_is_busy(const VqDma *d) {
  return d->busy;
}

double vq_dma_kick_time(const VqDma *d, guint64 flush_to) {
  const VqRing *r = d->ring;
  if (d->busy || r->kicked >= r->tail)
    return INFINITY;
  if (flush_to > r->kicked)
    return vq_ring_at(r, r->kicked)->t_s; /* already arrived: the caller clamps to now */
  guint64 last = r->kicked + d->burst_frames - 1;
  return last < r->tail ? vq_ring_at(r, last)->t_s : INFINITY;
}

void vq_dma_kick(VqDma *d, double now_s) {
  VqRing *r = d->ring;
  g_assert(!d->busy);
  guint64 to = vq_ring_arrived_by(r, r->kicked, now_s);
  g_assert(to > r->kicked);
  double bytes = 0;
  for (guint64 i = r->kicked; i < to; i++)
    bytes += vq_ring_at(r, i)->len + VQ_DMA_DESC_BYTES;
  r->kicked = to;
  d->burst_to = to;
  d->burst_bytes = bytes;
  d->busy = TRUE;
  sg_sem_release(d->go);
}

static void dma_actor(int argc, char **argv) {
  VqDma *d = sg_actor_self_get_data();
  for (;;) {
    double left = d->end_s - simgrid_get_clock();
    if (left <= 0 || sg_sem_acquire_timeout(d->go, left) != 0)
      return; /* timed out: the run is over */
    sg_host_sendto(d->nic, d->mem, d->burst_bytes);
    d->ring->ready = d->burst_to;
    d->busy = FALSE;
    d->bursts++;
    d->bytes += d->burst_bytes;
    d->done(d->owner);
  }
}

void vq_dma_start(VqDma *d, double end_s) {
  d->end_s = end_s;
  d->go = sg_sem_init(0);
  sg_actor_t a = sg_actor_init(d->name, d->nic);
  sg_actor_set_data(a, d);
  sg_actor_start(a, dma_actor, 0, NULL);
}

guint64 vq_dma_bursts(const VqDma *d) {
  return d->bursts;
}

double vq_dma_bytes(const VqDma *d) {
  return d->bytes;
}
