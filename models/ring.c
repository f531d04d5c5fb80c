/* Descriptor ring: see ring.h. */
#include "models/ring.h"

void vq_ring_init(VqRing *r, guint size) {
  g_return_if_fail(size > 0);
  *r = (VqRing){.slot = g_new(VqFrame, size), .size = size};
}

void vq_ring_clear(VqRing *r) {
  g_clear_pointer(&r->slot, g_free);
}

guint64 vq_ring_arrived_by(const VqRing *r, guint64 from, double t_s) {
  g_assert(from >= r->freed && from <= r->tail);
  /* Frames are in arrival order, so a binary search finds the boundary. */
  guint64 lo = from, hi = r->tail;
  while (lo < hi) {
    guint64 mid = lo + (hi - lo) / 2;
    if (vq_ring_at(r, mid)->t_s <= t_s)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}
