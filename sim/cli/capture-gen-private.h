/* Capture generator internals shared by capture-gen.c (flows, frame bytes) and
 * capture-gen-write.c (the file formats). */
#ifndef VQ_CLI_CAPTURE_GEN_PRIVATE_H
#define VQ_CLI_CAPTURE_GEN_PRIVATE_H

#include "sim/cli/capture-gen.h"

G_BEGIN_DECLS

/* One generated flow: everything its frames carry. */
typedef struct {
  VqGenKind kind;
  guint8 family;      /* 4 or 6 (ARP: 4, for its addresses) */
  guint8 n_tags;      /* 0, 1 (802.1Q) or 2 (802.1ad + 802.1Q) */
  guint16 vlan;       /* the 802.1Q tag's id */
  guint16 outer_vlan; /* the 802.1ad tag's id */
  guint8 dst_mac[6];
  guint8 src[16], dst[16]; /* addresses (IPv4: the first 4 bytes) */
  guint16 src_port, dst_port;
  guint8 upper;                   /* ipv6-ext: TCP or UDP */
  gboolean hbh, has_rh2, hao, ah; /* ipv6-ext: which extension headers */
  guint8 home[16], rh2[16];       /* the Home Address option's and type-2 header's addresses */
  guint32 size;                   /* wire length before tags, unless the headers need more */
} VqGenFlow;

/* The next number of the splitmix64 stream STATE. */
guint64 vq_gen_rand(guint64 *state);
void vq_gen_flow_init(VqGenFlow *f, const VqGenConf *conf, guint i);
/* Bytes of F's headers, the whole TCP/UDP/ICMP/ARP header included. */
guint32 vq_gen_header_len(const VqGenFlow *f);
/* Writes a frame of F, WIRE bytes (>= vq_gen_header_len), to BUF and what a reader must find
 * in it to X (but time, lengths and truncation); returns the bytes a reader needs captured.
 * FIRST: the first fragment of a datagram, for the fragment kinds. */
guint32 vq_gen_frame(const VqGenFlow *f, gboolean first, guint8 *buf, guint32 wire,
                     VqCaptureFrame *x);

G_END_DECLS

#endif
