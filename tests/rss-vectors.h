/* Microsoft's RSS verification vectors (tests/data/ms-rss-verification.tsv) as packets, shared
 * by the RSS tests. Static inline: each test-*.c is its own program; it defines
 * _POSIX_C_SOURCE 200809L (inet_pton) before any include. */
#ifndef VQ_TESTS_RSS_VECTORS_H
#define VQ_TESTS_RSS_VECTORS_H

#include <arpa/inet.h>
#include <string.h>

#include "models/rss.h"

#define VECTORS_TSV VQ_SOURCE_DIR "/tests/data/ms-rss-verification.tsv"

typedef struct {
  VqRssPacket p;     /* family, addresses and ports of the row; ip_proto TCP */
  guint32 hash_addr; /* published hash over the addresses */
  guint32 hash_tcp;  /* published hash over addresses and TCP ports */
  char *line;        /* the row, for messages */
} Vector;

static inline guint32 parse_hash(const char *text) {
  char *end = NULL;
  g_assert_true(g_str_has_prefix(text, "0x"));
  guint64 v = g_ascii_strtoull(text + 2, &end, 16);
  g_assert_true(end && *end == '\0' && end == text + 10);
  return (guint32)v;
}

/* Reads the TSV: '#' comments, a header line, then family/src/sport/dst/dport/hash/hash. */
static inline GArray *load_vectors(void) {
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_assert_true(g_file_get_contents(VECTORS_TSV, &text, NULL, &error));
  g_assert_no_error(error);
  GArray *v = g_array_new(FALSE, TRUE, sizeof(Vector));
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  gboolean header_seen = FALSE;
  for (char **l = lines; *l; l++) {
    if (**l == '#' || **l == '\0')
      continue;
    if (!header_seen) {
      g_assert_cmpstr(*l, ==,
                      "family\tsrc_addr\tsrc_port\tdst_addr\tdst_port\thash_addr_only\t"
                      "hash_with_tcp");
      header_seen = TRUE;
      continue;
    }
    g_auto(GStrv) f = g_strsplit(*l, "\t", -1);
    g_assert_cmpuint(g_strv_length(f), ==, 7);
    Vector x = {.line = g_strdup(*l)};
    x.p.family = !strcmp(f[0], "ipv4") ? 4 : !strcmp(f[0], "ipv6") ? 6 : 0;
    g_assert_cmpuint(x.p.family, !=, 0);
    int af = x.p.family == 4 ? AF_INET : AF_INET6;
    g_assert_cmpint(inet_pton(af, f[1], x.p.src_addr), ==, 1);
    g_assert_cmpint(inet_pton(af, f[3], x.p.dst_addr), ==, 1);
    x.p.src_port = (guint16)g_ascii_strtoull(f[2], NULL, 10);
    x.p.dst_port = (guint16)g_ascii_strtoull(f[4], NULL, 10);
    x.p.ip_proto = VQ_PROTO_TCP;
    x.hash_addr = parse_hash(f[5]);
    x.hash_tcp = parse_hash(f[6]);
    g_array_append_val(v, x);
  }
  g_assert_true(header_seen);
  return v;
}

static inline void free_vectors(GArray *v) {
  for (guint i = 0; i < v->len; i++)
    g_free(g_array_index(v, Vector, i).line);
  g_array_unref(v);
}

#endif
