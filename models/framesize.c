/* Frame sizes: see framesize.h. */
#include "models/framesize.h"

#include "models/seed.h"

const guint16 vq_imix_sizes[VQ_IMIX_N] = {64, 570, 1518};
const double vq_imix_weights[VQ_IMIX_N] = {7, 4, 1};

struct VqSizer {
  guint lo, span;      /* uniform: lo + [0, span) */
  guint n;             /* table entries, or 0 for uniform */
  guint16 *sizes;      /* n */
  VqAliasEntry *alias; /* n, over the weights */
};

VqSizer *vq_sizer_new(const VqFrameSizes *d) {
  g_return_val_if_fail(d != NULL, NULL);
  VqSizer *s = g_new0(VqSizer, 1);
  if (d->n == 0) {
    g_return_val_if_fail(d->lo < d->hi, s);
    s->lo = d->lo;
    s->span = d->hi - d->lo + 1;
    return s;
  }
  s->n = d->n;
  s->sizes = g_memdup2(d->sizes, d->n * sizeof *d->sizes);
  s->alias = g_new(VqAliasEntry, d->n);
  vq_alias_build(d->weights, d->n, s->alias);
  return s;
}

void vq_sizer_free(VqSizer *s) {
  if (!s)
    return;
  g_free(s->sizes);
  g_free(s->alias);
  g_free(s);
}

guint64 vq_sizer_stream(guint64 seed) {
  return vq_seed_derive(seed, G_MAXUINT64 - 1);
}

guint vq_sizer_draw(const VqSizer *s, guint64 *state) {
  /* splitmix64's output function on a Weyl sequence; the top 53 bits as a uniform in [0, 1). */
  guint64 z = *state += G_GUINT64_CONSTANT(0x9E3779B97F4A7C15);
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94D049BB133111EB);
  z ^= z >> 31;
  double u = (double)(z >> 11) * 0x1p-53;
  if (s->n == 0)
    return s->lo + (guint)(u * s->span);
  return s->sizes[vq_alias_pick(s->alias, s->n, u)];
}
