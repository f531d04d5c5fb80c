/* The VPort options shared by `rss-hash` and `trace-info` (vport-options.h). */
#include "sim/cli/vport-options.h"

#include <string.h>

char *vq_cli_vport_key(const char *text, guint8 key[VQ_RSS_KEY_LEN]) {
  memcpy(key, vq_rss_ms_key, VQ_RSS_KEY_LEN);
  g_autoptr(GError) error = NULL;
  if (text && !vq_rss_key_parse_hex(text, key, &error))
    return g_strdup_printf("--key: %s", error->message);
  return NULL;
}

char *vq_cli_vport_table_size(const char *text, guint *size) {
  if (!text)
    return NULL;
  char *end = NULL;
  guint64 n = g_ascii_isdigit(text[0]) ? g_ascii_strtoull(text, &end, 10) : 0;
  if (!end || *end || n > VQ_RSS_TABLE_MAX || !vq_rss_table_size_valid((guint)n))
    return g_strdup_printf("--table-size %s: NDIS needs a power of two <= %d", text,
                           VQ_RSS_TABLE_MAX);
  *size = (guint)n;
  return NULL;
}
