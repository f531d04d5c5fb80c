/* Per-interval sums (models/bins). */
#include "models/bins.h"

#include <math.h>

static void test_span_split(void) {
  VqBins b;
  vq_bins_init(&b, 0.01, 0.1);
  g_assert_cmpuint(b.n, ==, 10);
  vq_bins_add_span(&b, 0.005, 0.025, 2.0); /* half in bin 0, all of bin 1, half of bin 2 */
  g_assert_cmpfloat_with_epsilon(b.v[0], 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon(b.v[1], 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon(b.v[2], 0.5, 1e-12);
  vq_bins_clear(&b);
}

/* Regression: a span starting exactly on a rounded bin edge (0.29 / 0.01) looped forever. */
static void test_span_on_rounded_edge(void) {
  VqBins b;
  vq_bins_init(&b, 0.01, 1.0);
  double t0 = 0.28999885289205468, t1 = 0.29000085289205468;
  vq_bins_add_span(&b, t0, t1, t1 - t0);
  double sum = 0;
  for (guint i = 0; i < b.n; i++)
    sum += b.v[i];
  g_assert_cmpfloat_with_epsilon(sum, t1 - t0, 1e-18);
  /* Every edge, as the run produces them (accumulated times that fall just off the edges):
   * each span of one interval's length puts its whole amount into the bins, none lost. */
  double before = 0, total = 0;
  for (guint i = 0; i < b.n; i++)
    before += b.v[i];
  guint spans = 0;
  for (double t = 0; t < 0.99; t += 0.01, spans++)
    vq_bins_add_span(&b, t, t + 0.01, 1.0);
  for (guint i = 0; i < b.n; i++)
    total += b.v[i];
  g_assert_cmpuint(spans, ==, 99);
  g_assert_cmpfloat(fabs((total - before) - spans), <, 1e-9);
  vq_bins_clear(&b);
}

static void test_outside_run_ignored(void) {
  VqBins b;
  vq_bins_init(&b, 1.0, 2.0);
  vq_bins_add_at(&b, 5.0, 1.0);
  vq_bins_add_at(&b, -1.0, 1.0);
  vq_bins_add_span(&b, 1.5, 4.0, 2.5); /* 1 unit per second: 0.5 lands in bin 1 */
  g_assert_cmpfloat(b.v[0], ==, 0.0);
  g_assert_cmpfloat_with_epsilon(b.v[1], 0.5, 1e-12);
  vq_bins_clear(&b);
}

/* The cached interval never changes where a value goes: times at, just below and just above
 * every edge, in an order that jumps between intervals, land where t / width puts them. */
static void test_cursor_matches_division(void) {
  VqBins b, ref;
  const double w = 1e-3 / 3; /* not a binary fraction: edges round */
  vq_bins_init(&b, w, 0.1);
  vq_bins_init(&ref, w, 0.1);
  g_autoptr(GRand) rng = g_rand_new_with_seed(7);
  for (int k = 0; k < 200000; k++) {
    guint i = (guint)g_rand_int_range(rng, 0, (gint32)b.n + 1);
    double t = i * w;
    switch (k % 4) {
    case 1:
      t = nextafter(t, 0);
      break;
    case 2:
      t = nextafter(t, 1);
      break;
    case 3:
      t += g_rand_double(rng) * w;
      break;
    }
    double amount = 1 + k % 7;
    vq_bins_add_at(&b, t, amount);
    guint64 j = (guint64)(t / w);
    if (j < ref.n)
      ref.v[j] += amount;
  }
  for (guint i = 0; i < b.n; i++)
    g_assert_cmpfloat(b.v[i], ==, ref.v[i]);
  g_assert_cmpuint(b.cur, <, b.n); /* the cache was used */
  vq_bins_clear(&b);
  vq_bins_clear(&ref);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/bins/span-split", test_span_split);
  g_test_add_func("/bins/span-on-rounded-edge", test_span_on_rounded_edge);
  g_test_add_func("/bins/outside-run-ignored", test_outside_run_ignored);
  g_test_add_func("/bins/cursor-matches-division", test_cursor_matches_division);
  return g_test_run();
}
