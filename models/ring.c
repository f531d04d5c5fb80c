/* Descriptor ring: see ring.h. */
#include "models/ring.h"

#include <stddef.h>
#include <string.h>

void vq_ring_init(VqRing *r, guint size) {
  g_return_if_fail(size > 0);
  /* At most SIZE frames are in [freed, tail): slots modulo a power of two >= SIZE never
   * collide, and a mask is cheaper than a division on the per-frame path. */
  guint cap = 1;
  while (cap < size)
    cap <<= 1;
  *r = (VqRing){.slot = g_new(VqFrame, cap), .size = size, .mask = cap - 1};
}

void vq_ring_clear(VqRing *r) {
  g_clear_pointer(&r->slot, g_free);
}

/* Counter just past the last frame in [from, tail) whose time at byte OFFSET of VqFrame is at or
 * before T_S. Frames are in arrival order and land in it (models/pcie.h), so a binary search on
 * either time finds the boundary. */
static guint64 boundary(const VqRing *r, guint64 from, double t_s, size_t offset) {
  g_assert(from >= r->freed && from <= r->tail);
  guint64 lo = from, hi = r->tail;
  while (lo < hi) {
    guint64 mid = lo + (hi - lo) / 2;
    double t;
    memcpy(&t, (const char *)vq_ring_at(r, mid) + offset, sizeof t);
    if (t <= t_s)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

guint64 vq_ring_arrived_by(const VqRing *r, guint64 from, double t_s) {
  return boundary(r, from, t_s, offsetof(VqFrame, t_s));
}

guint64 vq_ring_landed_by(const VqRing *r, guint64 from, double t_s) {
  return boundary(r, from, t_s, offsetof(VqFrame, land_s));
}
