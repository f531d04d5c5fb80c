/* RSS hashing (NDIS "RSS Hashing Functions", "RSS Hashing Types"): see rss.h. */
#include "models/rss.h"

#include <string.h>

struct VqToeplitz {
  guint8 key[VQ_RSS_KEY_LEN];                 /* the secret key, as given */
  guint32 table[VQ_RSS_MAX_INPUT_BYTES][256]; /* [byte position][byte value] -> hash part */
};

/* "Verifying the RSS Hash Calculation". */
const guint8 vq_rss_ms_key[VQ_RSS_KEY_LEN] = {
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3,
    0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3,
    0x80, 0x30, 0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

GQuark vq_rss_error_quark(void) {
  return g_quark_from_static_string("vq-rss-error-quark");
}

/* ---- Toeplitz ------------------------------------------------------------------------- */

guint32 vq_toeplitz_bitwise(const guint8 key[VQ_RSS_KEY_LEN], const guint8 *input,
                            gsize len_bytes) {
  g_return_val_if_fail(len_bytes <= VQ_RSS_MAX_INPUT_BYTES, 0);
  g_return_val_if_fail(input != NULL || len_bytes == 0, 0);
  /* The spec, literally: for each input bit from the left, if it is set XOR in the left-most
   * 32 bits of K, then shift K left one bit. WINDOW holds K's next 64 bits; it is refilled a
   * byte at a time, so its top 32 bits are always valid (36 input bytes + 4 <= 40 key bytes). */
  guint64 window = 0;
  for (int i = 0; i < 8; i++)
    window = (window << 8) | key[i];
  guint32 result = 0;
  for (gsize i = 0; i < len_bytes; i++) {
    for (int bit = 7; bit >= 0; bit--) {
      if (input[i] & (1u << bit))
        result ^= (guint32)(window >> 32);
      window <<= 1;
    }
    if (i + 8 < VQ_RSS_KEY_LEN)
      window |= key[i + 8];
  }
  return result;
}

/* The 32 key bits starting at key bit BIT (bit 0 = the most significant bit of key[0]). */
static guint32 key_window(const guint8 *key, guint bit) {
  guint byte = bit / 8;
  guint64 v = 0;
  for (guint k = 0; k < 5; k++)
    v = (v << 8) | key[byte + k];
  return (guint32)(v >> (8 - bit % 8));
}

VqToeplitz *vq_toeplitz_new(const guint8 key[VQ_RSS_KEY_LEN]) {
  g_return_val_if_fail(key != NULL, NULL);
  VqToeplitz *t = g_new(VqToeplitz, 1);
  memcpy(t->key, key, VQ_RSS_KEY_LEN);
  /* Toeplitz is linear in the input: the hash is the XOR over input bytes of the part each
   * byte contributes, and a byte's part is the XOR of the windows of its set bits. */
  for (guint pos = 0; pos < VQ_RSS_MAX_INPUT_BYTES; pos++) {
    guint32 w[8]; /* w[b]: window of bit b of the byte (b = 0 least significant) */
    for (guint b = 0; b < 8; b++)
      w[b] = key_window(key, pos * 8 + (7 - b));
    t->table[pos][0] = 0;
    for (guint v = 1; v < 256; v++) {
      guint low = (guint)g_bit_nth_lsf(v, -1);
      t->table[pos][v] = t->table[pos][v & (v - 1)] ^ w[low];
    }
  }
  return t;
}

void vq_toeplitz_free(VqToeplitz *t) {
  g_free(t);
}

guint32 vq_toeplitz_hash(const VqToeplitz *t, const guint8 *input, gsize len_bytes) {
  g_return_val_if_fail(t != NULL, 0);
  g_return_val_if_fail(len_bytes <= VQ_RSS_MAX_INPUT_BYTES, 0);
  g_return_val_if_fail(input != NULL || len_bytes == 0, 0);
  guint32 h = 0;
  for (gsize i = 0; i < len_bytes; i++)
    h ^= t->table[i][input[i]];
  return h;
}

/* ---- hash types ----------------------------------------------------------------------- */

/* The first enabled of EX and PLAIN; EX is 0 for IPv4, which has no _EX types. "RSS Hashing
 * Types" (note on NDIS_RSS_CAPS_HASH_TYPE_TCP_IPV6_EX): a NIC that reports the _EX types "must
 * calculate hash values (over fields in the IPv6 extension headers) in accordance with the IPv6
 * extension hash types that the protocol driver set", so an enabled _EX type wins over its
 * plain twin, as in the Intel 82598 datasheet's MRQC priority ("If TcpIPv6Ex is enabled, use
 * the TcpIPv6Ex function or if TcpIPv6 is enabled, use the TcpIPv6 function"). */
static guint32 first_enabled(guint32 enabled_types, guint32 ex, guint32 plain) {
  return (enabled_types & ex) ? ex : (enabled_types & plain) ? plain : 0;
}

/* The hash types of one IP version ("RSS Hashing Types": its set, and the IPv6 extension-header
 * set beside it). */
typedef struct {
  guint32 tcp, udp, ip;          /* the set of the IP version */
  guint32 tcp_ex, udp_ex, ip_ex; /* its extension-header twins (0: none, as for IPv4) */
} HashSet;

guint32 vq_rss_select(guint32 enabled_types, const VqRssPacket *p) {
  g_return_val_if_fail(p != NULL, 0);
  static const HashSet sets[2] = {
      {VQ_HASH_TCP_IPV4, VQ_HASH_UDP_IPV4, VQ_HASH_IPV4, 0, 0, 0},
      {VQ_HASH_TCP_IPV6, VQ_HASH_UDP_IPV6, VQ_HASH_IPV6, VQ_HASH_TCP_IPV6_EX, VQ_HASH_UDP_IPV6_EX,
       VQ_HASH_IPV6_EX},
  };
  if (p->family != 4 && p->family != 6)
    return 0; /* not IP: not hashed, the frame goes to the default processor */
  const HashSet *s = &sets[p->family == 6];
  /* "RSS Hashing Types": a fragment carries no usable transport header (only the first one
   * has it, and hashing it on ports would split a datagram's fragments over CPUs), so it and
   * any frame whose 4-tuple types are off fall back to the 2-tuple type. */
  guint32 t = 0;
  if (!p->is_fragment && p->ip_proto == VQ_PROTO_TCP)
    t = first_enabled(enabled_types, s->tcp_ex, s->tcp);
  else if (!p->is_fragment && p->ip_proto == VQ_PROTO_UDP)
    t = first_enabled(enabled_types, s->udp_ex, s->udp);
  return t ? t : first_enabled(enabled_types, s->ip_ex, s->ip);
}

static guint8 *put_port(guint8 *out, guint16 port) {
  out[0] = (guint8)(port >> 8); /* network byte order */
  out[1] = (guint8)port;
  return out + 2;
}

gsize vq_rss_build_input(guint32 type, const VqRssPacket *p, guint8 out[VQ_RSS_MAX_INPUT_BYTES]) {
  g_return_val_if_fail(p != NULL && out != NULL, 0);
  gsize addr_bytes = 16;
  gboolean ports = TRUE, ex = FALSE;
  switch (type) {
  case VQ_HASH_IPV4:
  case VQ_HASH_TCP_IPV4:
  case VQ_HASH_UDP_IPV4:
    addr_bytes = 4;
    ports = type != VQ_HASH_IPV4;
    break;
  case VQ_HASH_IPV6:
  case VQ_HASH_TCP_IPV6:
  case VQ_HASH_UDP_IPV6:
    ports = type != VQ_HASH_IPV6;
    break;
  case VQ_HASH_IPV6_EX:
  case VQ_HASH_TCP_IPV6_EX:
  case VQ_HASH_UDP_IPV6_EX:
    ports = type != VQ_HASH_IPV6_EX;
    ex = TRUE;
    break;
  default:
    g_return_val_if_reached(0);
  }
  /* "RSS Hashing Functions": source address, destination address, source port, destination
   * port, in the order they appear in the packet. "RSS Hashing Types", NDIS_HASH_IPV6_EX: the
   * source is the "Home address from the home address option in the IPv6 destination options
   * header", the destination the "IPv6 address that is contained in the Routing-Header-Type-2";
   * "If the extension header is not present", the IPv6 header's. */
  const guint8 *src = ex && p->has_home_addr ? p->home_addr : p->src_addr;
  const guint8 *dst = ex && p->has_rh2_addr ? p->rh2_addr : p->dst_addr;
  guint8 *o = out;
  memcpy(o, src, addr_bytes);
  o += addr_bytes;
  memcpy(o, dst, addr_bytes);
  o += addr_bytes;
  if (ports) {
    o = put_port(o, p->src_port);
    o = put_port(o, p->dst_port);
  }
  return (gsize)(o - out);
}

gboolean vq_rss_hash_packet(const VqToeplitz *t, guint32 enabled_types, const VqRssPacket *p,
                            guint32 *hash, guint32 *type) {
  g_return_val_if_fail(t != NULL && p != NULL && hash != NULL, FALSE);
  guint32 sel = vq_rss_select(enabled_types, p);
  if (type)
    *type = sel;
  *hash = 0;
  if (sel == 0)
    return FALSE;
  guint8 in[VQ_RSS_MAX_INPUT_BYTES];
  gsize len_bytes = vq_rss_build_input(sel, p, in);
  *hash = vq_toeplitz_hash(t, in, len_bytes);
  return TRUE;
}

/* ---- indirection table ---------------------------------------------------------------- */

void vq_rss_table_fill_default(guint *table, guint size, const guint *procs, guint n) {
  g_return_if_fail(n > 0);
  for (guint i = 0; i < size; i++)
    table[i] = procs[i % n];
}

gboolean vq_rss_table_size_valid(guint n) {
  return n >= 1 && n <= VQ_RSS_TABLE_MAX && (n & (n - 1)) == 0;
}

guint vq_rss_table_index(guint32 hash, guint table_size) {
  g_return_val_if_fail(vq_rss_table_size_valid(table_size), 0);
  /* "Introduction to Receive Side Scaling": the hash's least significant bits index the
   * indirection table (Intel 82575EB datasheet 5.4.2.2: 7 bits for its 128 entries). */
  return hash & (table_size - 1);
}

/* ---- keys and names ------------------------------------------------------------------- */

gboolean vq_rss_key_parse_hex(const char *hex, guint8 key[VQ_RSS_KEY_LEN], GError **error) {
  g_return_val_if_fail(hex != NULL && key != NULL, FALSE);
  const char *digits = hex;
  if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X'))
    digits += 2;
  gsize n = strlen(digits);
  for (gsize i = 0; i < n; i++) {
    if (!g_ascii_isxdigit(digits[i])) {
      g_set_error(error, VQ_RSS_ERROR, VQ_RSS_ERROR_KEY,
                  "RSS key: '%c' (character %" G_GSIZE_FORMAT ") is not a hex digit",
                  g_ascii_isprint(digits[i]) ? digits[i] : '?', (gsize)(digits - hex) + i + 1);
      return FALSE;
    }
  }
  if (n != 2 * VQ_RSS_KEY_LEN) {
    g_set_error(error, VQ_RSS_ERROR, VQ_RSS_ERROR_KEY,
                "RSS key has %" G_GSIZE_FORMAT " hex digits; NDIS keys are %d bytes = %d hex "
                "digits",
                n, VQ_RSS_KEY_LEN, 2 * VQ_RSS_KEY_LEN);
    return FALSE;
  }
  for (gsize i = 0; i < VQ_RSS_KEY_LEN; i++)
    key[i] = (guint8)(g_ascii_xdigit_value(digits[2 * i]) << 4 |
                      g_ascii_xdigit_value(digits[2 * i + 1]));
  return TRUE;
}

static const struct {
  const char *name;
  guint32 type;
} type_names[] = {
    {"ipv4", VQ_HASH_IPV4},
    {"tcp-ipv4", VQ_HASH_TCP_IPV4},
    {"udp-ipv4", VQ_HASH_UDP_IPV4},
    {"ipv6", VQ_HASH_IPV6},
    {"tcp-ipv6", VQ_HASH_TCP_IPV6},
    {"udp-ipv6", VQ_HASH_UDP_IPV6},
    {"ipv6-ex", VQ_HASH_IPV6_EX},
    {"tcp-ipv6-ex", VQ_HASH_TCP_IPV6_EX},
    {"udp-ipv6-ex", VQ_HASH_UDP_IPV6_EX},
};

guint32 vq_rss_type_from_name(const char *name) {
  g_return_val_if_fail(name != NULL, 0);
  for (gsize i = 0; i < G_N_ELEMENTS(type_names); i++)
    if (!strcmp(name, type_names[i].name))
      return type_names[i].type;
  return 0;
}

const char *vq_rss_type_name(guint32 type) {
  for (gsize i = 0; i < G_N_ELEMENTS(type_names); i++)
    if (type == type_names[i].type)
      return type_names[i].name;
  return NULL;
}
