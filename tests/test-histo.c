/* Tests for models/histo.c: exact count/mean/max, quantiles within 1% of the exact nearest-rank
 * quantile of the same samples, merge, empty histograms, and the CDF walk. */
#include <math.h>
#include <stdlib.h>

#include "models/histo.h"

static const double quantiles[] = {0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1.0};

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The exact nearest-rank quantile of sorted samples (the definition histo.h documents). */
static double exact_quantile(const double *sorted, gsize n, double q) {
  gsize rank = (gsize)ceil(q * (double)n);
  if (rank < 1)
    rank = 1;
  if (rank > n)
    rank = n;
  return sorted[rank - 1];
}

static void assert_within_rel(double got, double want, double rel) {
  if (fabs(got - want) > rel * fabs(want))
    g_error("got %.9g, want %.9g (+-%.2g%%)", got, want, rel * 100);
}

/* Adds SAMPLES to a fresh histogram and checks every quantile against the sorted array. */
static void check_quantiles(double *samples, gsize n) {
  g_autoptr(VqHisto) h = vq_histo_new();
  for (gsize i = 0; i < n; i++)
    vq_histo_add(h, samples[i]);
  qsort(samples, n, sizeof *samples, cmp_double);
  for (gsize k = 0; k < G_N_ELEMENTS(quantiles); k++)
    assert_within_rel(vq_histo_quantile(h, quantiles[k]), exact_quantile(samples, n, quantiles[k]),
                      0.01);
}

static void test_exact_stats(void) {
  g_autoptr(VqHisto) h = vq_histo_new();
  long double sum = 0;
  double max = 0;
  g_autoptr(GRand) rng = g_rand_new_with_seed(7);
  for (guint i = 0; i < 100000; i++) {
    double v = g_rand_double_range(rng, 1e-7, 3e-3);
    vq_histo_add(h, v);
    sum += v;
    max = MAX(max, v);
  }
  g_assert_cmpuint(vq_histo_count(h), ==, 100000);
  g_assert_cmpfloat_with_epsilon(vq_histo_mean(h), (double)(sum / 100000), 1e-15);
  g_assert_cmpfloat(vq_histo_max(h), ==, max);
}

/* 1..100000 us, each once: the p-quantile is known in closed form too. */
static void test_quantile_uniform(void) {
  gsize n = 100000;
  double *s = g_new(double, n);
  for (gsize i = 0; i < n; i++) /* shuffled: insertion order must not matter */
    s[(i * 7919) % n] = (double)(i + 1) * 1e-6;
  check_quantiles(s, n);
  g_free(s);

  g_autoptr(VqHisto) h = vq_histo_new();
  for (gsize i = 1; i <= n; i++)
    vq_histo_add(h, (double)i * 1e-6);
  assert_within_rel(vq_histo_quantile(h, 0.5), 0.050, 0.01);
  assert_within_rel(vq_histo_quantile(h, 0.99), 0.099, 0.01);
  g_assert_cmpfloat(vq_histo_quantile(h, 0.0), ==, 1e-6);             /* the exact min */
  g_assert_cmpfloat(vq_histo_quantile(h, 1.0), ==, (double)n * 1e-6); /* the exact max */
}

static void test_quantile_exponential(void) {
  gsize n = 200000;
  double *s = g_new(double, n);
  g_autoptr(GRand) rng = g_rand_new_with_seed(42);
  for (gsize i = 0; i < n; i++)
    s[i] = -20e-6 * log(1.0 - g_rand_double(rng)); /* mean 20 us */
  check_quantiles(s, n);
  g_free(s);
}

/* Spans the whole range, edges included: sub-ns values and values beyond 1024 s. */
static void test_quantile_wide(void) {
  gsize n = 50000;
  double *s = g_new(double, n);
  g_autoptr(GRand) rng = g_rand_new_with_seed(3);
  for (gsize i = 0; i < n; i++)
    s[i] = pow(10.0, g_rand_double_range(rng, -8.5, 2.9)); /* 3 ns .. 800 s */
  check_quantiles(s, n);
  g_free(s);

  /* Every bucket: the median of {tiny, v, huge} is v's bucket midpoint, within 0.4% of v. */
  for (double v = 1e-9; v < 1000; v *= 1.0037) {
    g_autoptr(VqHisto) three = vq_histo_new();
    vq_histo_add(three, 1e-12);
    vq_histo_add(three, v);
    vq_histo_add(three, 2000.0);
    assert_within_rel(vq_histo_quantile(three, 0.5), v, 0.004);
  }
}

static void test_out_of_range(void) {
  g_autoptr(VqHisto) h = vq_histo_new();
  vq_histo_add(h, 0.0);
  vq_histo_add(h, 1e-12);
  vq_histo_add(h, 5000.0);
  vq_histo_add(h, 9000.0);
  g_assert_cmpuint(vq_histo_count(h), ==, 4);
  g_assert_cmpfloat(vq_histo_max(h), ==, 9000.0);
  g_assert_cmpfloat(vq_histo_quantile(h, 1.0), ==, 9000.0);
  g_assert_cmpfloat(vq_histo_quantile(h, 0.0), ==, 0.0);
  g_assert_cmpfloat(vq_histo_quantile(h, 0.25), <, 1e-9);
  /* Beyond the range the answer is only known to lie between 1016 s and the max. */
  g_assert_cmpfloat(vq_histo_quantile(h, 0.75), >, 1000.0);
  g_assert_cmpfloat(vq_histo_quantile(h, 0.75), <=, 9000.0);
  g_assert_cmpfloat_with_epsilon(vq_histo_mean(h), 14000.0 / 4, 1e-9);
}

static void test_merge(void) {
  g_autoptr(VqHisto) a = vq_histo_new();
  g_autoptr(VqHisto) b = vq_histo_new();
  g_autoptr(VqHisto) all = vq_histo_new();
  g_autoptr(GRand) rng = g_rand_new_with_seed(11);
  for (guint i = 0; i < 30000; i++) {
    double v = g_rand_double_range(rng, 1e-6, 1e-3);
    vq_histo_add(i % 3 ? a : b, v);
    vq_histo_add(all, v);
  }
  vq_histo_add(b, 0.5); /* b holds the max */
  vq_histo_add(all, 0.5);
  vq_histo_merge(a, b);
  g_assert_cmpuint(vq_histo_count(a), ==, vq_histo_count(all));
  g_assert_cmpfloat_with_epsilon(vq_histo_mean(a), vq_histo_mean(all), 1e-15);
  g_assert_cmpfloat(vq_histo_max(a), ==, 0.5);
  for (gsize k = 0; k < G_N_ELEMENTS(quantiles); k++)
    g_assert_cmpfloat(vq_histo_quantile(a, quantiles[k]), ==, vq_histo_quantile(all, quantiles[k]));

  /* Merging an empty histogram changes nothing; merging into an empty one copies. */
  g_autoptr(VqHisto) empty = vq_histo_new();
  vq_histo_merge(a, empty);
  g_assert_cmpuint(vq_histo_count(a), ==, 30001);
  vq_histo_merge(empty, a);
  g_assert_cmpuint(vq_histo_count(empty), ==, 30001);
  g_assert_cmpfloat(vq_histo_quantile(empty, 0.5), ==, vq_histo_quantile(all, 0.5));
}

static void count_cb(double upper_s, double cum_frac, void *ud) {
  (*(guint *)ud)++;
}

static void test_empty(void) {
  g_autoptr(VqHisto) h = vq_histo_new();
  guint calls = 0;
  g_assert_cmpuint(vq_histo_count(h), ==, 0);
  g_assert_cmpfloat(vq_histo_mean(h), ==, 0.0);
  g_assert_cmpfloat(vq_histo_max(h), ==, 0.0);
  g_assert_cmpfloat(vq_histo_quantile(h, 0.0), ==, 0.0);
  g_assert_cmpfloat(vq_histo_quantile(h, 0.99), ==, 0.0);
  g_assert_cmpfloat(vq_histo_quantile(h, 1.0), ==, 0.0);
  vq_histo_foreach_cdf(h, count_cb, &calls);
  g_assert_cmpuint(calls, ==, 0);
}

typedef struct {
  guint calls;
  double last_upper, last_frac;
  const double *sorted;
  gsize n;
} CdfCheck;

static void cdf_cb(double upper_s, double cum_frac, void *ud) {
  CdfCheck *c = ud;
  g_assert_cmpfloat(upper_s, >, c->last_upper);
  g_assert_cmpfloat(cum_frac, >, c->last_frac);
  g_assert_cmpfloat(cum_frac, <=, 1.0);
  /* The fraction of samples at or below the bound matches the exact count to the bucket. */
  gsize below = 0;
  while (below < c->n && c->sorted[below] < upper_s)
    below++;
  g_assert_cmpfloat_with_epsilon(cum_frac, (double)below / (double)c->n, 1e-12);
  c->last_upper = upper_s;
  c->last_frac = cum_frac;
  c->calls++;
}

static void test_cdf(void) {
  gsize n = 20000;
  double *s = g_new(double, n);
  g_autoptr(VqHisto) h = vq_histo_new();
  g_autoptr(GRand) rng = g_rand_new_with_seed(5);
  for (gsize i = 0; i < n; i++) {
    s[i] = -50e-6 * log(1.0 - g_rand_double(rng));
    vq_histo_add(h, s[i]);
  }
  qsort(s, n, sizeof *s, cmp_double);
  CdfCheck c = {.sorted = s, .n = n};
  vq_histo_foreach_cdf(h, cdf_cb, &c);
  g_assert_cmpuint(c.calls, >, 100);
  g_assert_cmpfloat(c.last_frac, ==, 1.0);
  g_assert_cmpfloat(c.last_upper, >=, s[n - 1]);
  g_assert_cmpfloat(c.last_upper, <=, s[n - 1] * 1.01);
  g_free(s);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/histo/exact-stats", test_exact_stats);
  g_test_add_func("/histo/quantile-uniform", test_quantile_uniform);
  g_test_add_func("/histo/quantile-exponential", test_quantile_exponential);
  g_test_add_func("/histo/quantile-wide-range", test_quantile_wide);
  g_test_add_func("/histo/out-of-range", test_out_of_range);
  g_test_add_func("/histo/merge", test_merge);
  g_test_add_func("/histo/empty", test_empty);
  g_test_add_func("/histo/cdf-monotone", test_cdf);
  return g_test_run();
}
