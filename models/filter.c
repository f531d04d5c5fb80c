/* VMQ receive filters: see filter.h. */
#include "models/filter.h"

struct VqFilter {
  GHashTable *by_key; /* (mac << 16 | vlan) -> queue */
};

static guint64 filter_key(const guint8 mac[6], guint16 vlan) {
  guint64 k = 0;
  for (int i = 0; i < 6; i++)
    k = (k << 8) | mac[i];
  return (k << 16) | vlan;
}

VqFilter *vq_filter_new(void) {
  VqFilter *f = g_new0(VqFilter, 1);
  f->by_key = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  return f;
}

void vq_filter_free(VqFilter *f) {
  if (!f)
    return;
  g_hash_table_destroy(f->by_key);
  g_free(f);
}

gboolean vq_filter_add(VqFilter *f, guint queue, const guint8 mac[6], guint16 vlan) {
  g_return_val_if_fail(queue != VQ_DEFAULT_QUEUE, FALSE);
  gint64 *key = g_new(gint64, 1);
  *key = (gint64)filter_key(mac, vlan);
  if (g_hash_table_contains(f->by_key, key)) {
    g_free(key);
    return FALSE;
  }
  g_hash_table_insert(f->by_key, key, GUINT_TO_POINTER(queue));
  return TRUE;
}

guint vq_filter_match(const VqFilter *f, const guint8 mac[6], guint16 vlan) {
  /* MAC AND VLAN first, then the MAC-only filter (VLAN 0 = "any"). */
  gint64 key = (gint64)filter_key(mac, vlan);
  gpointer q;
  if (g_hash_table_lookup_extended(f->by_key, &key, NULL, &q))
    return GPOINTER_TO_UINT(q);
  key = (gint64)filter_key(mac, 0);
  if (vlan != 0 && g_hash_table_lookup_extended(f->by_key, &key, NULL, &q))
    return GPOINTER_TO_UINT(q);
  return VQ_DEFAULT_QUEUE;
}

guint vq_filter_count(const VqFilter *f) {
  return g_hash_table_size(f->by_key);
}
