/* Seed derivation: see seed.h. */
#include "models/seed.h"

guint64 vq_seed_derive(guint64 seed, guint64 index) {
  /* splitmix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators",
   * OOPSLA 2014), the usual seeder for xoshiro generators. */
  guint64 z = seed ^ (G_GUINT64_CONSTANT(0x9E3779B97F4A7C15) * (index + 1));
  z += G_GUINT64_CONSTANT(0x9E3779B97F4A7C15);
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94D049BB133111EB);
  return z ^ (z >> 31);
}
