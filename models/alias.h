/* Alias table: O(1) draws from a discrete distribution over N weights, Walker's alias method
 * ("An efficient method for generating discrete random variables with general distributions",
 * ACM TOMS 3(3), 1977): column k, drawn uniformly, keeps k with probability prob, else gives
 * alias. The traffic generator uses it to give a superposed group's frames to flows, and the
 * frame-size model to draw sizes (IMIX, empirical).
 */
#ifndef VQ_ALIAS_H
#define VQ_ALIAS_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  float prob;    /* chance of keeping the column's own index, 0..1 (float: 8-byte entries) */
  guint32 alias; /* the index the column gives otherwise */
} VqAliasEntry;

/* Fills TABLE[0..N-1] for WEIGHTS[0..N-1] (finite, >= 0, sum > 0) in O(N), Vose's construction
 * ("A linear algorithm for generating random numbers with a given distribution", IEEE TSE
 * 17(9), 1991). */
void vq_alias_build(const double *weights, guint n, VqAliasEntry *table);
/* The index TABLE (of N entries) gives for one uniform U in [0, 1): its integer part of U * N is
 * the column, the fraction decides between the column and its alias. */
guint vq_alias_pick(const VqAliasEntry *table, guint n, double u);

/* The same, given X = u * n. */
static inline guint vq_alias_pick_x(const VqAliasEntry *table, guint n, double x) {
  guint k = (guint)x;
  if (k >= n) /* u * n rounded up to n */
    k = n - 1;
  return x - k < table[k].prob ? k : table[k].alias;
}

G_END_DECLS

#endif
