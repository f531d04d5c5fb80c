/* The NDIS IPv6 extension-header hash types (models/rss): NDIS_HASH_IPV6_EX, TCP_IPV6_EX and
 * UDP_IPV6_EX, their input and the rules that choose them.
 *
 * How the expected values are derived. "RSS Hashing Types" defines an _EX type by the fields
 * it hashes: those of its plain twin (NDIS_HASH_IPV6, TCP_IPV6, UDP_IPV6), except that the
 * source address is the "Home address from the home address option in the IPv6 destination
 * options header" and the destination address the "IPv6 address that is contained in the
 * Routing-Header-Type-2", each "If the extension header is not present" the IPv6 header's.
 * "RSS Hashing Functions" fixes the layout: source address, destination address, source port,
 * destination port, in network byte order. So every expected hash below is one of
 *   - a hash Microsoft published ("Verifying the RSS Hash Calculation", the IPv6 rows of
 *     tests/data/ms-rss-verification.tsv, key vq_rss_ms_key), reached through an _EX type by
 *     putting the row's addresses in the extension headers and others in the IPv6 header; or
 *   - the spec's bit-serial Toeplitz (vq_toeplitz_bitwise) over an input this file writes out
 *     byte by byte (manual_input), never through vq_rss_build_input, the code under test;
 *     /rss-ex/reference-anchored first checks that this hand-built input gives the published
 *     hashes.
 * The selection rules (/rss-ex/select/...) follow "RSS Hashing Types" case by case; each row
 * says which sentence decides it.
 */
#define _POSIX_C_SOURCE 200809L /* inet_pton, in rss-vectors.h */

#include <string.h>

#include "models/rss.h"
#include "tests/rss-vectors.h"

#define PORTS_TYPES                                                                                \
  (VQ_HASH_TCP_IPV6 | VQ_HASH_UDP_IPV6 | VQ_HASH_TCP_IPV6_EX | VQ_HASH_UDP_IPV6_EX)

/* The hash input written out by hand: SRC, DST (16 bytes each) and, when PORTS, the source and
 * destination ports most significant byte first. Returns its length. */
static gsize manual_input(const guint8 src[16], const guint8 dst[16], gboolean ports, guint16 sport,
                          guint16 dport, guint8 out[VQ_RSS_MAX_INPUT_BYTES]) {
  memcpy(out, src, 16);
  memcpy(out + 16, dst, 16);
  if (!ports)
    return 32;
  out[32] = (guint8)(sport >> 8);
  out[33] = (guint8)(sport & 0xff);
  out[34] = (guint8)(dport >> 8);
  out[35] = (guint8)(dport & 0xff);
  return 36;
}

/* The spec's bit-serial Toeplitz, with Microsoft's key, over manual_input. */
static guint32 reference(const guint8 src[16], const guint8 dst[16], gboolean ports, guint16 sport,
                         guint16 dport) {
  guint8 in[VQ_RSS_MAX_INPUT_BYTES];
  gsize len = manual_input(src, dst, ports, sport, dport, in);
  return vq_toeplitz_bitwise(vq_rss_ms_key, in, len);
}

/* The three IPv6 rows of Microsoft's vectors (the file's order). */
static GArray *ipv6_rows(void) {
  GArray *all = load_vectors();
  GArray *v6 = g_array_new(FALSE, TRUE, sizeof(Vector));
  for (guint i = 0; i < all->len; i++) {
    Vector *x = &g_array_index(all, Vector, i);
    if (x->p.family == 6) {
      g_array_append_val(v6, *x);
      x->line = NULL; /* moved */
    }
  }
  free_vectors(all);
  g_assert_cmpuint(v6->len, ==, 3);
  return v6;
}

/* Row I's ports with row J's addresses in the IPv6 header and row I's in the Home Address
 * option and the type-2 Routing Header: the _EX types must see row I, the plain ones row J. */
static VqRssPacket ext_packet(GArray *rows, guint i, guint j, guint8 proto) {
  const VqRssPacket *ri = &g_array_index(rows, Vector, i).p;
  const VqRssPacket *rj = &g_array_index(rows, Vector, j).p;
  VqRssPacket p = *ri;
  p.ip_proto = proto;
  memcpy(p.src_addr, rj->src_addr, 16);
  memcpy(p.dst_addr, rj->dst_addr, 16);
  p.has_home_addr = p.has_rh2_addr = TRUE;
  memcpy(p.home_addr, ri->src_addr, 16);
  memcpy(p.rh2_addr, ri->dst_addr, 16);
  return p;
}

/* The hand-built input reproduces the 6 published IPv6 hashes, so it can serve as reference. */
static void test_reference_anchored(void) {
  GArray *rows = ipv6_rows();
  for (guint i = 0; i < rows->len; i++) {
    const Vector *x = &g_array_index(rows, Vector, i);
    const VqRssPacket *p = &x->p;
    g_assert_cmphex(reference(p->src_addr, p->dst_addr, FALSE, 0, 0), ==, x->hash_addr);
    g_assert_cmphex(reference(p->src_addr, p->dst_addr, TRUE, p->src_port, p->dst_port), ==,
                    x->hash_tcp);
  }
  free_vectors(rows);
}

/* "If the extension header is not present, use the Source [Destination] IPv6 Address": without
 * them each _EX type gives its plain twin's hash, which Microsoft published. */
static void test_no_extension_headers(void) {
  static const struct {
    guint32 ex, plain;
    guint8 proto;
  } pairs[] = {{VQ_HASH_IPV6_EX, VQ_HASH_IPV6, VQ_PROTO_TCP},
               {VQ_HASH_TCP_IPV6_EX, VQ_HASH_TCP_IPV6, VQ_PROTO_TCP},
               {VQ_HASH_UDP_IPV6_EX, VQ_HASH_UDP_IPV6, VQ_PROTO_UDP}};
  g_autoptr(VqToeplitz) t = vq_toeplitz_new(vq_rss_ms_key);
  GArray *rows = ipv6_rows();
  guint checked = 0;
  for (guint i = 0; i < rows->len; i++)
    for (gsize k = 0; k < G_N_ELEMENTS(pairs); k++) {
      const Vector *x = &g_array_index(rows, Vector, i);
      VqRssPacket p = x->p;
      p.ip_proto = pairs[k].proto;
      guint32 want = pairs[k].ex == VQ_HASH_IPV6_EX ? x->hash_addr : x->hash_tcp;
      guint32 ex = 0, plain = 0, type = 0;
      g_assert_true(vq_rss_hash_packet(t, pairs[k].ex, &p, &ex, &type));
      g_assert_cmphex(type, ==, pairs[k].ex);
      g_assert_true(vq_rss_hash_packet(t, pairs[k].plain, &p, &plain, &type));
      g_assert_cmphex(type, ==, pairs[k].plain);
      g_assert_cmphex(ex, ==, want);
      g_assert_cmphex(plain, ==, want);
      checked++;
    }
  g_assert_cmpuint(checked, ==, 9);
  free_vectors(rows);
}

/* With the headers present the _EX types hash their addresses (row I: published), the plain
 * types the IPv6 header's (row J); with only one header, only its address is replaced. */
static void test_substituted_addresses(void) {
  g_autoptr(VqToeplitz) t = vq_toeplitz_new(vq_rss_ms_key);
  GArray *rows = ipv6_rows();
  for (guint i = 0; i < rows->len; i++) {
    guint j = (i + 1) % rows->len;
    const Vector *xi = &g_array_index(rows, Vector, i), *xj = &g_array_index(rows, Vector, j);
    VqRssPacket p = ext_packet(rows, i, j, VQ_PROTO_TCP);
    guint16 sp = p.src_port, dp = p.dst_port;
    guint32 h = 0;
    g_assert_true(vq_rss_hash_packet(t, VQ_HASH_TCP_IPV6_EX, &p, &h, NULL));
    g_assert_cmphex(h, ==, xi->hash_tcp);
    g_assert_true(vq_rss_hash_packet(t, VQ_HASH_IPV6_EX, &p, &h, NULL));
    g_assert_cmphex(h, ==, xi->hash_addr);
    g_assert_true(vq_rss_hash_packet(t, VQ_HASH_IPV6, &p, &h, NULL));
    g_assert_cmphex(h, ==, xj->hash_addr);
    g_assert_true(vq_rss_hash_packet(t, VQ_HASH_TCP_IPV6, &p, &h, NULL));
    g_assert_cmphex(h, ==, reference(p.src_addr, p.dst_addr, TRUE, sp, dp));
    p.ip_proto = VQ_PROTO_UDP;
    g_assert_true(vq_rss_hash_packet(t, VQ_HASH_UDP_IPV6_EX, &p, &h, NULL));
    g_assert_cmphex(h, ==, xi->hash_tcp);
    /* The input itself: home address, routing-header address, ports. */
    guint8 in[VQ_RSS_MAX_INPUT_BYTES], want[VQ_RSS_MAX_INPUT_BYTES];
    g_assert_cmpuint(vq_rss_build_input(VQ_HASH_UDP_IPV6_EX, &p, in), ==, 36);
    manual_input(xi->p.src_addr, xi->p.dst_addr, TRUE, sp, dp, want);
    g_assert_cmpmem(in, 36, want, 36);
    /* Home Address option alone: source replaced, destination the header's. */
    p.has_rh2_addr = FALSE;
    g_assert_true(vq_rss_hash_packet(t, VQ_HASH_UDP_IPV6_EX, &p, &h, NULL));
    g_assert_cmphex(h, ==, reference(xi->p.src_addr, xj->p.dst_addr, TRUE, sp, dp));
    /* Routing header alone: destination replaced. */
    p.has_home_addr = FALSE, p.has_rh2_addr = TRUE;
    g_assert_true(vq_rss_hash_packet(t, VQ_HASH_IPV6_EX, &p, &h, NULL));
    g_assert_cmphex(h, ==, reference(xj->p.src_addr, xi->p.dst_addr, FALSE, 0, 0));
  }
  free_vectors(rows);
}

/* One selection case: a frame, the enabled types, the type NDIS picks (0: no hash). */
typedef struct {
  guint8 proto;
  gboolean fragment;
  guint32 enabled;
  guint32 want;
  const char *why;
} SelectCase;

#define TCP6 VQ_HASH_TCP_IPV6
#define UDP6 VQ_HASH_UDP_IPV6
#define IP6 VQ_HASH_IPV6
#define TCP6X VQ_HASH_TCP_IPV6_EX
#define UDP6X VQ_HASH_UDP_IPV6_EX
#define IP6X VQ_HASH_IPV6_EX

/* Quotes from "RSS Hashing Types" unless marked 82598 (Intel 82598EB datasheet, RSS priority of
 * the MRQC hash functions, which the NDIS note on the _EX capabilities agrees with) or
 * "analogy" (neither text says it for the 2-tuple types: the 4-tuple rule carried over). */
static const SelectCase select_cases[] = {
    {VQ_PROTO_TCP, FALSE, TCP6X, TCP6X, "TCP_IPV6_EX alone: TCP over IPv6"},
    {VQ_PROTO_UDP, FALSE, UDP6X, UDP6X, "UDP_IPV6_EX alone: UDP over IPv6"},
    {VQ_PROTO_TCP, FALSE, IP6X, IP6X, "IPV6_EX alone: any IPv6 frame, ports or not"},
    {VQ_PROTO_UDP, FALSE, TCP6X, 0, "a transport it does not support: no hash"},
    {VQ_PROTO_TCP, FALSE, UDP6X, 0, "a transport it does not support: no hash"},
    {VQ_PROTO_UDP, FALSE, TCP6X | IP6X, IP6X, "TCP_IPV6_EX | IPV6_EX, no TCP header: IPV6_EX"},
    {VQ_PROTO_TCP, FALSE, UDP6X | IP6X, IP6X, "UDP_IPV6_EX | IPV6_EX, no UDP header: IPV6_EX"},
    {VQ_PROTO_UDP, FALSE, TCP6X | UDP6X | IP6X, UDP6X, "all three: as the transport says"},
    {58, FALSE, TCP6X | UDP6X | IP6X, IP6X, "all three, ICMPv6 (no TCP/UDP header): IPV6_EX"},
    {VQ_PROTO_TCP, FALSE, TCP6 | TCP6X, TCP6X,
     "both TCP types: 'must calculate ... in accordance with the IPv6 extension hash types'"},
    {VQ_PROTO_UDP, FALSE, UDP6 | UDP6X, UDP6X,
     "both UDP types: the _EX one (82598: UdpIPv6Ex first)"},
    {VQ_PROTO_TCP, FALSE, IP6 | IP6X, IP6X, "both 2-tuple types: the _EX one (analogy)"},
    {VQ_PROTO_TCP, FALSE, TCP6 | IP6X, TCP6, "82598: the TCP function before the 2-tuple ones"},
    {VQ_PROTO_UDP, FALSE, TCP6X | UDP6, UDP6, "UDP: the enabled UDP type, from either set"},
    {VQ_PROTO_TCP, FALSE, TCP6X | IP6, TCP6X, "TCP_IPV6_EX covers TCP; IPV6 is the fallback"},
    {VQ_PROTO_UDP, FALSE, TCP6X | IP6, IP6, "no UDP type: the enabled 2-tuple, IPV6"},
    {VQ_PROTO_TCP, TRUE, TCP6X | UDP6X | IP6X, IP6X,
     "a fragment: 2-tuple (IPv4 note; 82598: 'not fragmented')"},
    {VQ_PROTO_UDP, TRUE, TCP6 | UDP6 | IP6 | IP6X, IP6X,
     "a fragment, both 2-tuples: IPV6_EX (analogy)"},
    {VQ_PROTO_TCP, TRUE, TCP6X | UDP6X, 0, "a fragment with no 2-tuple type: no hash"},
    {VQ_PROTO_TCP, TRUE, TCP6X | UDP6X | IP6, IP6, "a fragment, only IPV6: IPV6"},
    {VQ_PROTO_TCP, FALSE, VQ_HASH_ALL_MODELLED, TCP6X, "everything on, TCP: TCP_IPV6_EX"},
};

/* Each case's type, and its hash: the reference over the fields that type names. */
static void test_select(gconstpointer data) {
  const SelectCase *c = data;
  g_autoptr(VqToeplitz) t = vq_toeplitz_new(vq_rss_ms_key);
  GArray *rows = ipv6_rows();
  VqRssPacket p = ext_packet(rows, 0, 1, c->proto);
  p.is_fragment = c->fragment;
  g_test_message("%s", c->why);
  g_assert_cmphex(vq_rss_select(c->enabled, &p), ==, c->want);
  guint32 h = 0xdead, type = 0xdead;
  g_assert_cmpint(vq_rss_hash_packet(t, c->enabled, &p, &h, &type), ==, c->want != 0);
  g_assert_cmphex(type, ==, c->want);
  gboolean ex = (c->want & VQ_HASH_EX_TYPES) != 0, ports = (c->want & PORTS_TYPES) != 0;
  guint32 want = c->want == 0
                     ? 0
                     : reference(ex ? p.home_addr : p.src_addr, ex ? p.rh2_addr : p.dst_addr, ports,
                                 p.src_port, p.dst_port);
  g_assert_cmphex(h, ==, want);
  free_vectors(rows);
}

/* The _EX types are IPv6's: an IPv4 frame ignores them and any extension-header fields, and a
 * frame that is not IP is not hashed. */
static void test_other_families(void) {
  g_autoptr(VqToeplitz) t = vq_toeplitz_new(vq_rss_ms_key);
  GArray *all = load_vectors();
  const Vector *x = &g_array_index(all, Vector, 0);
  g_assert_cmpuint(x->p.family, ==, 4);
  VqRssPacket p = x->p;
  p.has_home_addr = p.has_rh2_addr = TRUE;
  memset(p.home_addr, 0xaa, 16);
  memset(p.rh2_addr, 0xbb, 16);
  g_assert_cmphex(vq_rss_select(VQ_HASH_EX_TYPES, &p), ==, 0);
  guint32 h = 0, type = 0;
  g_assert_true(vq_rss_hash_packet(t, VQ_HASH_ALL_MODELLED, &p, &h, &type));
  g_assert_cmphex(type, ==, VQ_HASH_TCP_IPV4);
  g_assert_cmphex(h, ==, x->hash_tcp);
  p.family = 0;
  g_assert_cmphex(vq_rss_select(VQ_HASH_ALL_MODELLED, &p), ==, 0);
  free_vectors(all);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/rss-ex/reference-anchored", test_reference_anchored);
  g_test_add_func("/rss-ex/no-extension-headers", test_no_extension_headers);
  g_test_add_func("/rss-ex/substituted-addresses", test_substituted_addresses);
  for (gsize i = 0; i < G_N_ELEMENTS(select_cases); i++) {
    g_autofree char *path = g_strdup_printf("/rss-ex/select/%02zu", i);
    g_test_add_data_func(path, &select_cases[i], test_select);
  }
  g_test_add_func("/rss-ex/other-families", test_other_families);
  return g_test_run();
}
