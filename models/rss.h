/* RSS: the NIC's receive-side-scaling hash, which spreads one queue's traffic over CPU cores.
 *
 * Follows NDIS RSS as specified in the Windows driver docs: "RSS Hashing Functions" (the
 * Toeplitz hash and its input order), "RSS Hashing Types" (which fields are hashed for which
 * frame) and "Verifying the RSS Hash Calculation" (the known-answer vectors and the key
 * vq_rss_ms_key). Modelled:
 *   - Toeplitz over source address, destination address and, for the 4-tuple types, source
 *     port and destination port, all in network byte order; a bit-serial reference form (the
 *     spec's definition) and a table-driven form built once per key;
 *   - the choice of hash type from the enabled types and the frame (vq_rss_select): a 4-tuple
 *     type only for an unfragmented TCP/UDP frame, else the 2-tuple type of its IP version,
 *     else no hash (the miniport then uses the default processor);
 *   - the IPv6 extension-header types NDIS_HASH_IPV6_EX, TCP_IPV6_EX and UDP_IPV6_EX: the same
 *     input as their plain twin, with the Home Address option's address ("in the IPv6
 *     destination options header") as source and the type-2 Routing Header's address as
 *     destination, each "if the extension header is not present" replaced by the IPv6
 *     header's. When an _EX type and its twin are both enabled, the _EX one is used (NDIS's
 *     note on NDIS_RSS_CAPS_HASH_TYPE_TCP_IPV6_EX; Intel 82598 datasheet, MRQC priority; for
 *     the 2-tuple pair by analogy) and reported (NDIS lets the NIC report either);
 *   - the indirection-table index: the hash's low bits, table sizes a power of two <= 128.
 * Left out: the hash functions other than Toeplitz, the rule that only some combinations of a
 * set are valid (NDIS lists no TCP|UDP without the 2-tuple type; any set of bits is taken), and
 * the miniport's handling of a frame whose headers it cannot parse (the caller says what it
 * parsed, including the extension-header addresses).
 */
#ifndef VQ_RSS_H
#define VQ_RSS_H

#include <glib.h>

#include "sim/scenario.h" /* VQ_RSS_KEY_LEN, VQ_RSS_TABLE_MAX, VqProto */

G_BEGIN_DECLS

/* Hash types, with the NDIS_HASH_* values of ntddndis.h. */
#define VQ_HASH_IPV4 0x100u
#define VQ_HASH_TCP_IPV4 0x200u
#define VQ_HASH_IPV6 0x400u
#define VQ_HASH_TCP_IPV6 0x1000u
#define VQ_HASH_UDP_IPV4 0x4000u
#define VQ_HASH_UDP_IPV6 0x8000u
#define VQ_HASH_IPV6_EX 0x800u
#define VQ_HASH_TCP_IPV6_EX 0x2000u
#define VQ_HASH_UDP_IPV6_EX 0x10000u
#define VQ_HASH_EX_TYPES (VQ_HASH_IPV6_EX | VQ_HASH_TCP_IPV6_EX | VQ_HASH_UDP_IPV6_EX)
#define VQ_HASH_ALL_MODELLED                                                                       \
  (VQ_HASH_IPV4 | VQ_HASH_TCP_IPV4 | VQ_HASH_UDP_IPV4 | VQ_HASH_IPV6 | VQ_HASH_TCP_IPV6 |          \
   VQ_HASH_UDP_IPV6 | VQ_HASH_EX_TYPES)

#define VQ_RSS_MAX_INPUT_BYTES 36 /* IPv6 4-tuple: 16 + 16 + 2 + 2 */

#define VQ_RSS_ERROR (vq_rss_error_quark())
GQuark vq_rss_error_quark(void);

typedef enum {
  VQ_RSS_ERROR_KEY, /* a secret key that is not 80 hex digits */
} VqRssError;

/* What the NIC parsed out of a received frame, as far as RSS cares. */
typedef struct {
  guint8 family;        /* 4 or 6; 0 for a frame that is not IP */
  guint8 ip_proto;      /* IP protocol number (VQ_PROTO_TCP, VQ_PROTO_UDP, ...) */
  gboolean is_fragment; /* an IP fragment: no transport header the NIC may use */
  guint8 src_addr[16];  /* network byte order; IPv4 uses the first 4 bytes */
  guint8 dst_addr[16];  /* network byte order; IPv4 uses the first 4 bytes */
  guint16 src_port;     /* host byte order; used by the TCP/UDP types only */
  guint16 dst_port;     /* host byte order; used by the TCP/UDP types only */
  /* IPv6 extension headers that the IPV6_EX types hash instead of the IPv6 header's addresses
   * (filled by a parser that saw them; FALSE otherwise). */
  gboolean has_home_addr; /* a Destination Options header carried a Home Address option */
  guint8 home_addr[16];   /* its address: the _EX types' source address */
  gboolean has_rh2_addr;  /* a type-2 Routing Header was present */
  guint8 rh2_addr[16];    /* its address: the _EX types' destination address */
} VqRssPacket;

/* Toeplitz hasher for one secret key (opaque: the key and its 36 x 256 lookup table). */
typedef struct VqToeplitz VqToeplitz;

/* The key of "Verifying the RSS Hash Calculation". */
extern const guint8 vq_rss_ms_key[VQ_RSS_KEY_LEN];

/* Toeplitz hash of INPUT (len_bytes <= 36) by the spec's bit-serial definition (reference). */
guint32 vq_toeplitz_bitwise(const guint8 key[VQ_RSS_KEY_LEN], const guint8 *input, gsize len_bytes);
/* Builds the lookup table for KEY (copied). */
VqToeplitz *vq_toeplitz_new(const guint8 key[VQ_RSS_KEY_LEN]);
void vq_toeplitz_free(VqToeplitz *t);
/* Toeplitz hash of INPUT (len_bytes <= 36): one table look-up per input byte. */
guint32 vq_toeplitz_hash(const VqToeplitz *t, const guint8 *input, gsize len_bytes);

/* The hash type NDIS uses for P given ENABLED_TYPES (VQ_HASH_* bits); 0 means no hash. */
guint32 vq_rss_select(guint32 enabled_types, const VqRssPacket *p);
/* Writes the hash input of P for TYPE (one VQ_HASH_*) to OUT; returns its length in bytes. The
 * _EX types take home_addr / rh2_addr instead of the header's addresses when P has them. */
gsize vq_rss_build_input(guint32 type, const VqRssPacket *p, guint8 out[VQ_RSS_MAX_INPUT_BYTES]);
/* Selects the type and hashes P; FALSE (hash and type 0) when no enabled type applies. TYPE
 * may be NULL. */
gboolean vq_rss_hash_packet(const VqToeplitz *t, guint32 enabled_types, const VqRssPacket *p,
                            guint32 *hash, guint32 *type);

/* TRUE when N entries is a valid indirection table: a power of two, 1 .. VQ_RSS_TABLE_MAX. */
gboolean vq_rss_table_size_valid(guint n);
/* The indirection-table entry for HASH: its low bits, hash & (table_size - 1). */
guint vq_rss_table_index(guint32 hash, guint table_size);
/* The default table of SIZE entries over the N processors PROCS: entry i gets PROCS[i % N],
 * round robin, as Linux drivers' default indir[i] = i % n (ethtool_rxfh_indir_default). */
void vq_rss_table_fill_default(guint *table, guint size, const guint *procs, guint n);

/* Parses a 40-byte key written as exactly 80 hex digits (optional 0x, any case). */
gboolean vq_rss_key_parse_hex(const char *hex, guint8 key[VQ_RSS_KEY_LEN], GError **error);
/* "ipv4", "tcp-ipv4", "udp-ipv4", "ipv6", "tcp-ipv6", "udp-ipv6", "ipv6-ex", "tcp-ipv6-ex",
 * "udp-ipv6-ex" -> VQ_HASH_*; 0 if unknown. */
guint32 vq_rss_type_from_name(const char *name);
/* The name of one VQ_HASH_* type, NULL for anything else (0, several bits). */
const char *vq_rss_type_name(guint32 type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqToeplitz, vq_toeplitz_free)

G_END_DECLS

#endif
