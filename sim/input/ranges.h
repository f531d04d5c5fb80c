/* Ranges: the address prefixes and port ranges of a flow population's src and dst, and the
 * distinct connection tuples taken from them, in order or by seeded draws (used by
 * scenario-population.c, whose header states the rules). */
#ifndef VQ_RANGES_H
#define VQ_RANGES_H

#include <glib.h>

G_BEGIN_DECLS

/* One side (src or dst) of one family: addresses base .. base + 2^host_bits - 1 and ports
 * port_lo .. port_hi. */
typedef struct {
  gboolean given;
  guint8 base[16]; /* network byte order (IPv4: the first 4 bytes), host bits clear */
  guint host_bits; /* 0: one address */
  gboolean has_port;
  guint port_lo, port_hi; /* 0, 0 without a port */
} VqRange;

/* One connection's addresses and ports. */
typedef struct {
  guint8 addr[2][16]; /* src, dst */
  guint16 port[2];
} VqTuple;

/* Parses "PREFIX:PORTS" (10.0.0.0/16:1024-65535, [2001:db8::/64]:80) or an address or prefix
 * alone into R, its family (4 or 6) into *FAMILY. NULL, or what is wrong, in words that follow
 * the quoted value (transfer full). */
char *vq_range_parse(const char *text, int *family, VqRange *r);
/* Distinct tuples of the two sides SD (src, dst): G_MAXUINT64 when that many or more. */
guint64 vq_range_tuples(const VqRange sd[2]);
/* N distinct tuples of family FAMILY (N <= vq_range_tuples()) into OUT: in mixed-radix order
 * (src port fastest, then src address, dst port, dst address), or RANDOM: uniform draws from
 * the splitmix64 stream 2^64 - 1 - FAMILY of SEED, a repeat drawn again. */
void vq_range_take(const VqRange sd[2], int family, guint n, gboolean random, guint64 seed,
                   VqTuple *out);

G_END_DECLS

#endif
