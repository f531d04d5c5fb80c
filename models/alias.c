/* Alias table: see alias.h. */
#include "models/alias.h"

#include <math.h>

G_STATIC_ASSERT(sizeof(VqAliasEntry) == 8);

void vq_alias_build(const double *weights, guint n, VqAliasEntry *table) {
  g_return_if_fail(n > 0 && weights != NULL && table != NULL);
  double sum = 0;
  for (guint i = 0; i < n; i++)
    sum += weights[i];
  g_return_if_fail(sum > 0 && isfinite(sum));
  /* Scaled so that the mean is 1. Columns below 1 ("small") are topped up from one above
   * ("large"), which keeps the rest: Vose's two work lists, here two stacks in one array
   * (small growing up from 0, large down from n), filled in index order. */
  double *p = g_new(double, n);
  guint32 *stack = g_new(guint32, n);
  guint s = 0, l = n;
  for (guint i = 0; i < n; i++) {
    p[i] = weights[i] * n / sum;
    if (p[i] < 1.0)
      stack[s++] = i;
    else
      stack[--l] = i;
  }
  while (s > 0 && l < n) {
    guint32 j = stack[--s], g = stack[l];
    table[j] = (VqAliasEntry){.prob = (float)p[j], .alias = g};
    /* (p_g + p_j) - 1 rather than p_g - (1 - p_j): the stable order (K. Schwarz, "Darts, Dice,
     * and Coins", 2011). */
    p[g] = (p[g] + p[j]) - 1.0;
    if (p[g] < 1.0) {
      l++;
      stack[s++] = g;
    }
  }
  /* What is left is 1 up to rounding. */
  while (l < n) {
    guint32 g = stack[l++];
    table[g] = (VqAliasEntry){.prob = 1.0f, .alias = g};
  }
  while (s > 0) {
    guint32 j = stack[--s];
    table[j] = (VqAliasEntry){.prob = 1.0f, .alias = j};
  }
  g_free(stack);
  g_free(p);
}

guint vq_alias_pick(const VqAliasEntry *table, guint n, double u) {
  /* One uniform for both choices: its 53 bits leave > 30 for the fraction below 2^22 columns. */
  return vq_alias_pick_x(table, n, u * n);
}
