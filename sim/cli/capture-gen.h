/* Capture generator: writes synthetic pcap (through libpcap) and pcapng (blocks written here, as
 * libpcap cannot: draft-ietf-opsawg-pcapng sections 4.1 SHB, 4.2 IDB, 4.3 EPB) captures of a
 * seeded traffic mix, and says for every frame what a correct reader must find in it.
 *
 * FLOWS flows, each of one kind drawn from the mix weights, with its own addresses, ports,
 * VLAN tags (none, 802.1Q, or 802.1ad + 802.1Q), destination MAC and wire length; each frame
 * belongs to a flow drawn uniformly; frame k is stamped START + k / RATE. Memory: the flows,
 * not the frames. `vmqsim bench capture` writes its capture with it, and so does the tests' tool
 * (tests/tools/vq-gen-capture.c).
 */
#ifndef VQ_CLI_CAPTURE_GEN_H
#define VQ_CLI_CAPTURE_GEN_H

#include <glib.h>

#include "models/capture.h"

G_BEGIN_DECLS

typedef enum {
  VQ_GEN_IPV4_TCP,
  VQ_GEN_IPV4_UDP,
  VQ_GEN_IPV6_TCP,
  VQ_GEN_IPV6_UDP,
  VQ_GEN_ICMP,      /* IPv4 ICMP echo request */
  VQ_GEN_ICMPV6,    /* ICMPv6 echo request */
  VQ_GEN_ARP,       /* ARP request: not IP */
  VQ_GEN_IPV4_FRAG, /* UDP over IPv4, first (MF) or last (offset) fragment, drawn per frame */
  VQ_GEN_IPV6_FRAG, /* UDP over IPv6 behind a Fragment header, first or last */
  VQ_GEN_IPV6_EXT,  /* TCP or UDP behind Hop-by-Hop, type-2 Routing, Destination Options with a
                     * Home Address, AH: each present or not, drawn per flow */
  VQ_GEN_TRUNCATED, /* IPv4 TCP captured two bytes short of its ports */
  VQ_GEN_BAD_IPV4,  /* IPv4 with IHL 4 */
  VQ_GEN_N_KINDS
} VqGenKind;

#define VQ_GEN_START_S 1700000000 /* the first frame's time: 2023-11-14 22:13:20 UTC */

typedef struct {
  guint64 frames;
  guint flows;
  guint64 seed;
  gboolean pcapng;                /* else pcap */
  gboolean nanosecond;            /* nanosecond timestamps (else microsecond) */
  double rate_fps;                /* frames per second, constant */
  double weights[VQ_GEN_N_KINDS]; /* the mix, relative weights of the flows' kinds */
  double vlan_share;              /* share of flows with one 802.1Q tag */
  double qinq_share;              /* share of flows with two tags (802.1ad outer) */
  guint snaplen;                  /* captured bytes at most (the file header's snap length) */
  int linktype; /* a DLT (pcap_open_dead; pcapng writes it as the LINKTYPE, the same number but for
                 * a few): 1 (Ethernet) but for tests */
  guint64 mark_frame; /* frame whose record's place to report (0: none) */
} VqGenConf;

/* What vq_gen_write reports of MARK_FRAME's record. */
typedef struct {
  gint64 offset; /* where its record starts in the file */
  gint64 len;    /* its record's bytes, header included */
} VqGenMark;

/* Called once per frame written with the frame a reader must find (its number from 1). */
typedef void (*VqGenFrameFunc)(guint64 number, const VqCaptureFrame *expected, gpointer data);

/* A configuration with the defaults: 1000 frames over 100 flows, seed 1, pcap in microseconds,
 * 1 Mframe/s, every kind weighted 1, a quarter of the flows tagged and a sixteenth QinQ, snap
 * length 262144 (libpcap's maximum for Ethernet), Ethernet. */
void vq_gen_conf_init(VqGenConf *conf);
/* The kind named "ipv4-tcp", "arp", ...; -1 for an unknown name. */
int vq_gen_kind_from_name(const char *name);
/* Parses a mix "ipv4-tcp=3,arp=1" into WEIGHTS (kinds not named: 0); FALSE with ERROR. */
gboolean vq_gen_parse_mix(const char *text, double weights[VQ_GEN_N_KINDS], GError **error);

/* Writes CONF's capture to PATH, calling FN (may be NULL) for each frame; fills MARK (may be
 * NULL) for conf->mark_frame. FALSE with ERROR when PATH cannot be written. */
gboolean vq_gen_write(const VqGenConf *conf, const char *path, VqGenFrameFunc fn, gpointer data,
                      VqGenMark *mark, GError **error);

G_END_DECLS

#endif
