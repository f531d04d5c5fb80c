/* Histo: latency histogram with log-spaced buckets, cheap enough for the per-frame path.
 *
 * Bucketing follows the HdrHistogram idea, applied to the IEEE-754 bits of a double: a positive
 * double's bit pattern, read as an integer, grows monotonically with its value, and its top bits
 * are the binary exponent followed by the mantissa. Keeping the exponent and the top
 * VQ_HISTO_SUB_BITS mantissa bits splits every octave [2^e, 2^(e+1)) into 128 equal buckets, so
 * a bucket is at most 1/128 (0.78%) of its lower bound wide, and its midpoint is within 0.39%
 * of any value inside it. Computing a bucket is one shift and one subtraction: no log().
 *
 * Range: 2^-30 s (0.93 ns) .. 2^10 s (1024 s), 40 octaves x 128 = 5120 buckets (40 KiB),
 * allocated once. Values below the range share the first bucket, values above it share the last
 * one; the exact min and max clamp quantiles so these edge buckets still answer sensibly.
 *
 * Left out: concurrent updates (each actor owns its histogram; merge at the end).
 */
#include "models/histo.h"

#include <math.h>
#include <string.h>

#define VQ_HISTO_SUB_BITS 7                     /* 128 buckets per octave */
#define VQ_HISTO_SHIFT (52 - VQ_HISTO_SUB_BITS) /* 52 = double mantissa bits */
#define VQ_HISTO_MIN_EXP (-30)                  /* 2^-30 s ~ 0.93 ns */
#define VQ_HISTO_MAX_EXP 10                     /* 2^10 s = 1024 s */
#define VQ_HISTO_N_BUCKETS ((VQ_HISTO_MAX_EXP - VQ_HISTO_MIN_EXP) << VQ_HISTO_SUB_BITS)

struct VqHisto {
  guint64 count;                       /* samples added */
  double sum;                          /* running sum of samples, s (Kahan-compensated) */
  double sum_comp;                     /* Kahan compensation term for sum, s */
  double min;                          /* smallest sample, s (valid when count > 0) */
  double max;                          /* largest sample, s (valid when count > 0) */
  guint64 buckets[VQ_HISTO_N_BUCKETS]; /* samples per bucket, see bucket_of() */
};

static guint64 double_bits(double v) {
  guint64 b;
  memcpy(&b, &v, sizeof b);
  return b;
}

static double bits_double(guint64 b) {
  double v;
  memcpy(&v, &b, sizeof v);
  return v;
}

/* Top bits of 2^VQ_HISTO_MIN_EXP, the key of bucket 0: biased exponent (bias 1023), mantissa 0. */
static guint64 base_key(void) {
  return (guint64)(1023 + VQ_HISTO_MIN_EXP) << VQ_HISTO_SUB_BITS;
}

static guint bucket_of(double v) {
  guint64 key = double_bits(v) >> VQ_HISTO_SHIFT;
  guint64 base = base_key();
  if (!(v > 0.0) || key < base)
    return 0;
  key -= base;
  return key >= VQ_HISTO_N_BUCKETS ? VQ_HISTO_N_BUCKETS - 1 : (guint)key;
}

static double bucket_lower(guint i) {
  return bits_double((base_key() + i) << VQ_HISTO_SHIFT);
}

static double bucket_upper(guint i) {
  return bits_double((base_key() + i + 1) << VQ_HISTO_SHIFT);
}

VqHisto *vq_histo_new(void) {
  return g_new0(VqHisto, 1);
}

void vq_histo_free(VqHisto *h) {
  g_free(h);
}

void vq_histo_add(VqHisto *h, double value_s) {
  g_return_if_fail(h != NULL);
  g_return_if_fail(value_s >= 0.0); /* also rejects NaN */

  h->buckets[bucket_of(value_s)]++;
  if (h->count == 0 || value_s < h->min)
    h->min = value_s;
  if (h->count == 0 || value_s > h->max)
    h->max = value_s;
  h->count++;
  /* Kahan summation: a run adds ~1e9 samples of ~1e-5 s; a plain sum would lose digits. */
  double y = value_s - h->sum_comp;
  double t = h->sum + y;
  h->sum_comp = (t - h->sum) - y;
  h->sum = t;
}

void vq_histo_merge(VqHisto *into, const VqHisto *from) {
  g_return_if_fail(into != NULL);
  g_return_if_fail(from != NULL);
  if (from->count == 0)
    return;
  for (guint i = 0; i < VQ_HISTO_N_BUCKETS; i++)
    into->buckets[i] += from->buckets[i];
  if (into->count == 0 || from->min < into->min)
    into->min = from->min;
  if (into->count == 0 || from->max > into->max)
    into->max = from->max;
  into->count += from->count;
  double y = from->sum - from->sum_comp - into->sum_comp;
  double t = into->sum + y;
  into->sum_comp = (t - into->sum) - y;
  into->sum = t;
}

guint64 vq_histo_count(const VqHisto *h) {
  g_return_val_if_fail(h != NULL, 0);
  return h->count;
}

double vq_histo_mean(const VqHisto *h) {
  g_return_val_if_fail(h != NULL, 0.0);
  return h->count ? h->sum / (double)h->count : 0.0;
}

double vq_histo_max(const VqHisto *h) {
  g_return_val_if_fail(h != NULL, 0.0);
  return h->count ? h->max : 0.0;
}

/* Nearest-rank quantile: the value of the sample of rank ceil(q * count) (rank 1 for q = 0).
 * The answer is the midpoint of that sample's bucket, clamped to [min, max]. */
double vq_histo_quantile(const VqHisto *h, double q) {
  g_return_val_if_fail(h != NULL, 0.0);
  g_return_val_if_fail(q >= 0.0 && q <= 1.0, 0.0);
  if (h->count == 0)
    return 0.0;

  guint64 rank = (guint64)ceil(q * (double)h->count);
  if (rank < 1)
    rank = 1;
  if (rank > h->count)
    rank = h->count;
  if (rank == 1)
    return h->min; /* the extreme ranks are known exactly */
  if (rank == h->count)
    return h->max;

  guint64 seen = 0;
  guint i = 0;
  for (; i < VQ_HISTO_N_BUCKETS; i++) {
    seen += h->buckets[i];
    if (seen >= rank)
      break;
  }
  g_assert(i < VQ_HISTO_N_BUCKETS);

  double mid = 0.5 * (bucket_lower(i) + bucket_upper(i));
  if (i == 0)
    mid = 0.5 * (h->min + MIN(h->max, bucket_upper(0))); /* sub-ns bucket: no lower bound */
  else if (i == VQ_HISTO_N_BUCKETS - 1)
    mid = 0.5 * (bucket_lower(i) + h->max); /* beyond 1024 s: no upper bound */
  return CLAMP(mid, h->min, h->max);
}

void vq_histo_foreach_cdf(const VqHisto *h, void (*fn)(double upper_s, double cum_frac, void *ud),
                          void *ud) {
  g_return_if_fail(h != NULL);
  g_return_if_fail(fn != NULL);
  if (h->count == 0)
    return;

  guint64 seen = 0;
  for (guint i = 0; i < VQ_HISTO_N_BUCKETS && seen < h->count; i++) {
    if (h->buckets[i] == 0)
      continue;
    seen += h->buckets[i];
    /* The last bucket also holds everything above the range: its true bound is the max. */
    double upper = i == VQ_HISTO_N_BUCKETS - 1 ? h->max : bucket_upper(i);
    /* Exactly 1.0 at the end, whatever the rounding of seen / count. */
    fn(upper, seen == h->count ? 1.0 : (double)seen / (double)h->count, ud);
  }
}
