/* Capture: reads a pcap or pcapng capture of Ethernet frames, one frame at a time, and parses
 * each to what the NIC needs for VMQ filtering and RSS (destination MAC, VLAN, the hash tuple).
 *
 * Reading goes through libpcap (pcap_fopen_offline: both pcap, microsecond or nanosecond, and
 * pcapng), streaming: memory does not depend on the capture's length. The link type must be
 * Ethernet (DLT_EN10MB); anything else, and a missing, empty, corrupt or truncated file, is a
 * GError in VQ_CAPTURE_ERROR whose message is one line naming the file and, for a record, its
 * frame number (frames are numbered from 1, as Wireshark and tcpdump do). A file cut exactly
 * between two records reads as a shorter capture: nothing in pcap or pcapng tells them apart.
 *
 * Parsing (vq_capture_parse) is a pure function of the frame's bytes and lengths:
 *   - Ethernet II; up to two VLAN tags (TPID 0x8100 or 0x88a8, 802.1Q / 802.1ad QinQ): `vlan`
 *     is the tag nearest the payload, `outer_vlan` the first of two; a third tag is not parsed
 *     (the frame is then non-IP with ethertype 0x8100 or 0x88a8, as a NIC parsing two tags sees
 *     it). A VLAN id of 0 (priority tag) reads as untagged (VQ_NO_VLAN).
 *   - IPv4 (RFC 791): options skipped by IHL; a fragment (MF set or a non-zero offset) has
 *     is_fragment and no ports, its protocol the header's.
 *   - IPv6 (RFC 8200): the extension headers Hop-by-Hop (0), Routing (43), Fragment (44),
 *     Destination Options (60) and AH (51, length (n + 2) x 4 bytes, RFC 4302 2.2) are walked to
 *     the upper-layer protocol. A Home Address option (type 0xC9, 16 bytes, RFC 6275 6.3) in a
 *     Destination Options header fills home_addr; a type-2 Routing Header (RFC 6275 6.4, header
 *     length 2) fills rh2_addr. A Fragment header with a non-zero offset or M set makes a
 *     fragment and ends the walk (RFC 6275 puts both Mobile IPv6 headers before it); an atomic
 *     fragment (offset 0, M clear, RFC 6946) does not. A payload length of 0 (a jumbogram, RFC
 *     2675, or a Linux BIG TCP receive) takes the frame's length instead. Any other next header
 *     (ESP 50, No Next Header 59, Mobility 135, ...) is the upper-layer protocol.
 *   - TCP and UDP: the two ports, when not a fragment; other protocols have none.
 * Left out: checksums (RSS does not look at them), 802.3 length frames and LLC/SNAP (non-IP, by
 * their length field as "ethertype"), MPLS, tunnels (VXLAN, GRE: the outer header is hashed, as
 * a NIC without tunnel offloads does).
 *
 * Every frame is usable (ARP and other non-IP frames too: they go to the default processor) or
 * unusable for one of the VqCaptureStatus reasons.
 */
#ifndef VQ_CAPTURE_H
#define VQ_CAPTURE_H

#include <glib.h>
#include <stdio.h>

#include "models/rss.h"

G_BEGIN_DECLS

#define VQ_CAPTURE_ERROR (vq_capture_error_quark())
GQuark vq_capture_error_quark(void);

typedef enum {
  VQ_CAPTURE_ERROR_OPEN,      /* missing or unreadable file */
  VQ_CAPTURE_ERROR_FORMAT,    /* empty, or not a pcap / pcapng file */
  VQ_CAPTURE_ERROR_LINK_TYPE, /* not Ethernet */
  VQ_CAPTURE_ERROR_TRUNCATED, /* the file ends inside a header or record */
  VQ_CAPTURE_ERROR_CORRUPT,   /* a record libpcap refuses (impossible length, bad block) */
} VqCaptureError;

/* Why a frame is unusable; VQ_CAPTURE_OK when it is usable. */
typedef enum {
  VQ_CAPTURE_OK,
  VQ_CAPTURE_TRUNCATED,     /* captured bytes end inside a header the NIC parses (snap length) */
  VQ_CAPTURE_BAD_LENGTHS,   /* captured length over the wire length, or under 14 on the wire */
  VQ_CAPTURE_BAD_IPV4,      /* version not 4, IHL < 5, total length < header or > frame */
  VQ_CAPTURE_BAD_IPV6,      /* version not 6, payload length beyond the frame */
  VQ_CAPTURE_BAD_EXTENSION, /* an IPv6 extension header past the payload, or malformed */
  VQ_CAPTURE_BAD_TRANSPORT, /* the IP packet ends before the TCP/UDP ports */
  VQ_CAPTURE_N_STATUS
} VqCaptureStatus;

/* One captured frame, parsed. */
typedef struct {
  double time_s;      /* since the capture's first frame (negative if the file goes back) */
  guint32 wire_len;   /* bytes on the wire (the record's original length) */
  guint32 cap_len;    /* bytes captured (<= wire_len in a well-formed file) */
  guint8 dst_mac[6];  /* destination MAC */
  guint8 n_tags;      /* VLAN tags parsed: 0, 1 or 2 */
  guint16 vlan;       /* VLAN id of the tag nearest the payload, or VQ_NO_VLAN */
  guint16 outer_vlan; /* VLAN id of the outer tag when there are two, else VQ_NO_VLAN */
  guint16 ethertype;  /* after the tags (an 802.3 length when < 0x600) */
  VqCaptureStatus status;
  VqRssPacket rss; /* family 0 for non-IP; valid when status is VQ_CAPTURE_OK */
} VqCaptureFrame;

/* Parses one frame of CAP_LEN captured bytes (WIRE_LEN on the wire) into OUT (all but time_s);
 * returns OUT->status. Reads no byte past BYTES + CAP_LEN. */
VqCaptureStatus vq_capture_parse(const guint8 *bytes, guint32 cap_len, guint32 wire_len,
                                 VqCaptureFrame *out);
/* "ok", "truncated", "bad-lengths", "bad-ipv4-header", ...; NULL out of range. */
const char *vq_capture_status_name(VqCaptureStatus s);
/* What a status means, one short phrase, for reports. */
const char *vq_capture_status_doc(VqCaptureStatus s);
/* One line of text with every field of F, tab-separated (the header: vq_capture_format_header):
 * how tests compare frames and `trace-info --list` shows them (transfer full). */
char *vq_capture_format_frame(guint64 number, const VqCaptureFrame *f);
const char *vq_capture_format_header(void);

/* A capture file being read. */
typedef struct VqCapture VqCapture;

/* Opens PATH; NULL and ERROR when it is missing, not a capture, or not Ethernet. */
VqCapture *vq_capture_open(const char *path, GError **error);
/* As vq_capture_open() on FP (transfer full: closed by vq_capture_free, or here on failure),
 * NAME naming it in messages. */
VqCapture *vq_capture_open_stream(FILE *fp, const char *name, GError **error);
void vq_capture_free(VqCapture *c);

/* The next frame into OUT: TRUE; FALSE at the end of the file (ERROR unset) or with ERROR when
 * the file is truncated or corrupt there. */
gboolean vq_capture_next(VqCapture *c, VqCaptureFrame *out, GError **error);
/* Frames read so far (the last one's number). */
guint64 vq_capture_frames(const VqCapture *c);
/* "pcap" or "pcapng". */
const char *vq_capture_format(const VqCapture *c);
/* The first frame's absolute time, seconds since 1970 (0 before the first frame). */
double vq_capture_start_s(const VqCapture *c);
/* The snapshot length from the file's header (pcapng: the first interface's, 0 = none). */
guint vq_capture_snaplen(const VqCapture *c);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqCapture, vq_capture_free)

G_END_DECLS

#endif
