/* Bins: a quantity accumulated per sampling interval (the rows of timeseries.csv). Memory is
 * one double per interval, fixed at start. */
#ifndef VQ_BINS_H
#define VQ_BINS_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double width_s; /* sampling interval */
  guint n;        /* intervals covering the run */
  double *v;      /* n sums */
} VqBins;

void vq_bins_init(VqBins *b, double width_s, double duration_s);
void vq_bins_clear(VqBins *b);
/* Adds AMOUNT to the interval holding T_S (ignored outside the run). */
static inline void vq_bins_add_at(VqBins *b, double t_s, double amount) {
  if (t_s >= 0) {
    guint64 i = (guint64)(t_s / b->width_s);
    if (i < b->n)
      b->v[i] += amount;
  }
}
/* Spreads AMOUNT uniformly over [T0_S, T1_S), split across intervals. */
void vq_bins_add_span(VqBins *b, double t0_s, double t1_s, double amount);

G_END_DECLS

#endif
