/* Histo: latency histogram with log-spaced buckets, used on the per-frame path.
 * Memory is flat however long the run; any percentile is within 1% (relative) of the exact one;
 * count, mean and max are exact.
 */
#ifndef VQ_HISTO_H
#define VQ_HISTO_H

#include <glib.h>

G_BEGIN_DECLS

/* Values in seconds, >= 0 (values below 1 ns share the first bucket). */
typedef struct VqHisto VqHisto;
VqHisto *vq_histo_new(void);
void vq_histo_free(VqHisto *h);
void vq_histo_add(VqHisto *h, double value_s);
void vq_histo_merge(VqHisto *into, const VqHisto *from);
guint64 vq_histo_count(const VqHisto *h);
double vq_histo_mean(const VqHisto *h);               /* exact (kept as a running sum) */
double vq_histo_max(const VqHisto *h);                /* exact */
double vq_histo_quantile(const VqHisto *h, double q); /* q in [0,1]; 0 when empty */
/* Calls FN for each non-empty bucket in increasing order with the bucket's upper bound and the
 * cumulative fraction of samples at or below it (for CDF charts). */
void vq_histo_foreach_cdf(const VqHisto *h, void (*fn)(double upper_s, double cum_frac, void *ud),
                          void *ud);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqHisto, vq_histo_free)

G_END_DECLS

#endif
