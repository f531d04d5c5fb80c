/* Bytes-hash: a hash of a fixed-size key's bytes, for GHashTable keys that are plain structs
 * (built zeroed first, so their padding is equal too). */
#ifndef VQ_BYTES_HASH_H
#define VQ_BYTES_HASH_H

#include <glib.h>

G_BEGIN_DECLS

/* FNV-1a, 32 bits (Fowler, Noll, Vo; IETF draft-eastlake-fnv), over N bytes at P: cheap and
 * well spread over the few dozen bytes of a key. */
static inline guint vq_bytes_hash(const void *p, gsize n) {
  const guint8 *b = p;
  guint32 h = 2166136261u;
  for (gsize i = 0; i < n; i++)
    h = (h ^ b[i]) * 16777619u;
  return h;
}

G_END_DECLS

#endif
