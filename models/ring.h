/* Ring: one receive queue's descriptor ring.
 *
 * A frame occupies a descriptor from the moment the NIC accepts it until the DPC has indicated
 * it and returned the descriptor; a frame that finds every descriptor occupied is dropped (the
 * tail-drop behaviour of a NIC whose host is not keeping up). The ring keeps the frames in
 * arrival order and four monotonic counters that split them by stage:
 *
 *   freed <= taken <= ready <= tail
 *   [freed, taken)  handed to a DPC, descriptor not yet returned
 *   [taken, ready)  written back (models/dma.h): visible to the driver, waiting for a DPC
 *   [ready, tail)   accepted; data on its way over PCIe or landed, not yet written back
 *
 * The struct is public because the NIC reads it on the per-frame path.
 */
#ifndef VQ_RING_H
#define VQ_RING_H

#include <glib.h>

#include "models/traffic.h"

G_BEGIN_DECLS

typedef struct {
  VqFrame *slot; /* mask + 1 entries (a power of two >= size), indexed by counter & mask */
  guint size;    /* descriptors */
  guint mask;
  guint64 freed;   /* descriptors returned by the DPC */
  guint64 taken;   /* frames handed to a DPC */
  guint64 ready;   /* frames written back */
  guint64 tail;    /* frames accepted */
  guint64 dropped; /* frames refused because the ring was full */
} VqRing;

void vq_ring_init(VqRing *r, guint size);
void vq_ring_clear(VqRing *r);

static inline gboolean vq_ring_is_full(const VqRing *r) {
  return r->tail - r->freed >= r->size;
}

/* Accepts F (copied) or counts a drop when full. Returns TRUE when accepted. */
static inline gboolean vq_ring_push(VqRing *r, const VqFrame *f) {
  if (vq_ring_is_full(r)) {
    r->dropped++;
    return FALSE;
  }
  r->slot[r->tail & r->mask] = *f;
  r->tail++;
  return TRUE;
}

/* The stage transitions, each with one owner (the NIC admits: vq_ring_push above):
 * the write-back (dma.c) makes the frames up to TO visible; a DPC pass (miniport.c) takes
 * every visible frame, then returns the descriptors up to TO. Each keeps
 * freed <= taken <= ready <= tail. */
static inline void vq_ring_write_back(VqRing *r, guint64 to) {
  g_assert(to >= r->ready && to <= r->tail);
  r->ready = to;
}

static inline void vq_ring_take(VqRing *r) {
  r->taken = r->ready;
}

static inline void vq_ring_release(VqRing *r, guint64 to) {
  g_assert(to >= r->freed && to <= r->taken);
  r->freed = to;
}

/* The frame at counter IDX, which must be in [freed, tail). */
static inline const VqFrame *vq_ring_at(const VqRing *r, guint64 idx) {
  return &r->slot[idx & r->mask];
}

/* Counter just past the last frame in [from, tail) that arrived at or before T_S. */
guint64 vq_ring_arrived_by(const VqRing *r, guint64 from, double t_s);
/* Counter just past the last frame in [from, tail) that landed in memory at or before T_S. */
guint64 vq_ring_landed_by(const VqRing *r, guint64 from, double t_s);

/* Descriptors in use. */
static inline guint64 vq_ring_occupancy(const VqRing *r) {
  return r->tail - r->freed;
}

G_END_DECLS

#endif
