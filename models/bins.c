/* Per-interval sums: see bins.h. */
#include "models/bins.h"

#include <math.h>

void vq_bins_init(VqBins *b, double width_s, double duration_s) {
  g_return_if_fail(width_s > 0 && duration_s > 0);
  b->width_s = width_s;
  b->n = (guint)ceil(duration_s / width_s - 1e-9);
  if (b->n == 0)
    b->n = 1;
  b->v = g_new0(double, b->n);
}

void vq_bins_clear(VqBins *b) {
  g_clear_pointer(&b->v, g_free);
  b->n = 0;
}

gboolean vq_bins_locate(VqBins *b, double t_s) {
  if (!(t_s >= 0))
    return FALSE;
  guint64 i = (guint64)(t_s / b->width_s);
  if (i >= b->n)
    return FALSE;
  b->cur = (guint)i;
  double margin = 1e-9 * b->width_s;
  b->cur_lo = (double)i * b->width_s + margin;
  b->cur_hi = (double)(i + 1) * b->width_s - margin;
  return TRUE;
}

void vq_bins_add_span(VqBins *b, double t0_s, double t1_s, double amount) {
  if (!(t1_s > t0_s)) {
    vq_bins_add_at(b, t0_s, amount);
    return;
  }
  double rate = amount / (t1_s - t0_s);
  if (t0_s > b->cur_lo && t1_s < b->cur_hi) { /* within one interval: what the loop would add */
    b->v[b->cur] += rate * (t1_s - t0_s);
    return;
  }
  /* Walk bin indices, not times: t / width can round onto an edge and stall a time loop. */
  guint64 first = (guint64)(MAX(t0_s, 0.0) / b->width_s);
  guint64 last = (guint64)(t1_s / b->width_s);
  for (guint64 i = first; i <= last && i < b->n; i++) {
    double lo = MAX(t0_s, (double)i * b->width_s);
    double hi = MIN(t1_s, (double)(i + 1) * b->width_s);
    if (hi > lo)
      b->v[i] += rate * (hi - lo);
  }
  vq_bins_locate(b, t1_s); /* the next span likely starts in the last interval */
}
