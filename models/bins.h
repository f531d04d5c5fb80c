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
  /* The interval last added to, and the times safely inside it (a billionth of an interval
   * away from its edges, where t / width_s cannot round to another interval): a time there
   * needs no division. */
  guint cur;
  double cur_lo, cur_hi;
} VqBins;

void vq_bins_init(VqBins *b, double width_s, double duration_s);
void vq_bins_clear(VqBins *b);
/* The interval holding T_S: sets b->cur when within the run. */
gboolean vq_bins_locate(VqBins *b, double t_s);

/* Adds AMOUNT to the interval holding T_S (ignored outside the run). */
/* Makes the interval of T_S current (b->cur, for other arrays indexed alike); FALSE when T_S is
 * outside the run. */
static inline gboolean vq_bins_seek(VqBins *b, double t_s) {
  return (t_s > b->cur_lo && t_s < b->cur_hi) || vq_bins_locate(b, t_s);
}

static inline void vq_bins_add_at(VqBins *b, double t_s, double amount) {
  if (vq_bins_seek(b, t_s))
    b->v[b->cur] += amount;
}
/* Spreads AMOUNT uniformly over [T0_S, T1_S), split across intervals. */
void vq_bins_add_span(VqBins *b, double t0_s, double t1_s, double amount);

G_END_DECLS

#endif
