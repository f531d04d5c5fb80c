/* Seed: derivation of the many random streams of a run from its one seed. */
#ifndef VQ_SEED_H
#define VQ_SEED_H

#include <glib.h>

G_BEGIN_DECLS

/* A well-mixed 64-bit seed for stream INDEX of a run seeded with SEED:
 * splitmix64(SEED ^ (0x9E3779B97F4A7C15 * (INDEX + 1))). Changes with SEED, differs per INDEX. */
guint64 vq_seed_derive(guint64 seed, guint64 index);

G_END_DECLS

#endif
