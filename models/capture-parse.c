/* Capture: parsing one frame's bytes to what the NIC needs (see capture.h). Pure functions: no
 * file, no state, so the parser is unit-tested and fuzzed on bytes alone. */
#define _POSIX_C_SOURCE 200809L /* inet_ntop */

#include "models/capture.h"

#include <arpa/inet.h>
#include <string.h>

/* Ethertypes (IEEE 802 numbers) and IP protocol / IPv6 next-header numbers (IANA). */
enum {
  ETH_HEADER_LEN = 14,  /* destination, source, ethertype */
  ETH_TYPE_OFFSET = 12, /* the ethertype (or a tag's TPID) after the two MACs */
  VLAN_TAG_LEN = 4,     /* TPID + TCI */
  MAX_TAGS = 2,         /* 802.1ad QinQ: service tag + customer tag */
  ETHERTYPE_IPV4 = 0x0800,
  ETHERTYPE_IPV6 = 0x86dd,
  ETHERTYPE_8021Q = 0x8100,  /* IEEE 802.1Q customer tag */
  ETHERTYPE_8021AD = 0x88a8, /* IEEE 802.1ad service tag */
  IPV4_MIN_HEADER = 20,      /* RFC 791: IHL >= 5 words */
  IPV6_HEADER_LEN = 40,      /* RFC 8200 section 3 */
  NH_HOP_BY_HOP = 0,
  NH_ROUTING = 43,
  NH_FRAGMENT = 44,
  NH_AH = 51,
  NH_DEST_OPTIONS = 60,
  FRAGMENT_HEADER_LEN = 8, /* RFC 8200 4.5 */
  OPT_PAD1 = 0,            /* RFC 8200 4.2: the one option without a length byte */
  OPT_HOME_ADDRESS = 0xc9, /* RFC 6275 6.3 */
  ADDR6_LEN = 16,
  RH2_TYPE = 2,        /* RFC 6275 6.4: Routing Type 2 */
  RH2_EXT_LEN = 2,     /* its Hdr Ext Len: 8 + 16 bytes = (2 + 1) x 8 */
  RH2_ADDR_OFFSET = 8, /* next, length, type, segments left, 4 reserved, then the address */
  PORTS_LEN = 4,       /* source and destination port, first in both TCP and UDP */
};

static guint16 rd16(const guint8 *p) {
  return (guint16)(p[0] << 8 | p[1]);
}

/* What is being parsed: the bytes, how many were captured, and where the current layer's
 * data ends by its own account (the wire length, then the IP packet's length). */
typedef struct {
  const guint8 *b;
  guint32 cap;
  guint32 end;
} Cursor;

/* OK when N bytes at OFF lie in the layer's data and were captured; BAD when the layer's
 * lengths leave no room for them; TRUNCATED when only the capture lacks them. */
static VqCaptureStatus need(const Cursor *c, guint32 off, guint32 n, VqCaptureStatus bad) {
  if ((guint64)off + n > c->end)
    return bad;
  if ((guint64)off + n > c->cap)
    return VQ_CAPTURE_TRUNCATED;
  return VQ_CAPTURE_OK;
}

static VqCaptureStatus parse_ethernet(const Cursor *c, VqCaptureFrame *f, guint32 *l3) {
  VqCaptureStatus st = need(c, 0, ETH_HEADER_LEN, VQ_CAPTURE_BAD_LENGTHS);
  if (st != VQ_CAPTURE_OK)
    return st;
  memcpy(f->dst_mac, c->b, sizeof f->dst_mac);
  guint32 off = ETH_TYPE_OFFSET;
  guint16 type = rd16(c->b + off);
  while ((type == ETHERTYPE_8021Q || type == ETHERTYPE_8021AD) && f->n_tags < MAX_TAGS) {
    st = need(c, off, VLAN_TAG_LEN + 2, VQ_CAPTURE_BAD_LENGTHS);
    if (st != VQ_CAPTURE_OK)
      return st;
    f->outer_vlan = f->vlan;
    f->vlan = rd16(c->b + off + 2) & 0x0fff; /* TCI: PCP (3), DEI (1), VID (12) */
    f->n_tags++;
    off += VLAN_TAG_LEN;
    type = rd16(c->b + off);
  }
  f->ethertype = type;
  *l3 = off + 2;
  return VQ_CAPTURE_OK;
}

/* The TCP or UDP ports at OFF, when P is an unfragmented TCP or UDP packet. */
static VqCaptureStatus parse_ports(const Cursor *c, guint32 off, VqRssPacket *p) {
  if (p->is_fragment || (p->ip_proto != VQ_PROTO_TCP && p->ip_proto != VQ_PROTO_UDP))
    return VQ_CAPTURE_OK;
  VqCaptureStatus st = need(c, off, PORTS_LEN, VQ_CAPTURE_BAD_TRANSPORT);
  if (st != VQ_CAPTURE_OK)
    return st;
  p->src_port = rd16(c->b + off);
  p->dst_port = rd16(c->b + off + 2);
  return VQ_CAPTURE_OK;
}

static VqCaptureStatus parse_ipv4(Cursor *c, guint32 l3, VqRssPacket *p) {
  VqCaptureStatus st = need(c, l3, IPV4_MIN_HEADER, VQ_CAPTURE_BAD_IPV4);
  if (st != VQ_CAPTURE_OK)
    return st;
  const guint8 *h = c->b + l3;
  guint32 ihl = (h[0] & 0x0fu) * 4, total = rd16(h + 2);
  if (h[0] >> 4 != 4 || ihl < IPV4_MIN_HEADER || total < ihl || (guint64)l3 + total > c->end)
    return VQ_CAPTURE_BAD_IPV4;
  c->end = l3 + total;
  st = need(c, l3, ihl, VQ_CAPTURE_BAD_IPV4); /* the options */
  if (st != VQ_CAPTURE_OK)
    return st;
  p->family = 4;
  p->ip_proto = h[9];
  p->is_fragment = (rd16(h + 6) & 0x3fff) != 0; /* MF (0x2000) or a fragment offset */
  memcpy(p->src_addr, h + 12, 4);
  memcpy(p->dst_addr, h + 16, 4);
  return parse_ports(c, l3 + ihl, p);
}

/* The options of the Destination Options header H (LEN bytes): a Home Address option. */
static VqCaptureStatus dest_options(const guint8 *h, guint32 len, VqRssPacket *p) {
  for (guint32 i = 2; i < len;) {
    if (h[i] == OPT_PAD1) {
      i++;
      continue;
    }
    if (i + 2 > len || i + 2 + h[i + 1] > len)
      return VQ_CAPTURE_BAD_EXTENSION; /* an option past its header */
    if (h[i] == OPT_HOME_ADDRESS && !p->has_home_addr) {
      if (h[i + 1] != ADDR6_LEN)
        return VQ_CAPTURE_BAD_EXTENSION;
      memcpy(p->home_addr, h + i + 2, ADDR6_LEN);
      p->has_home_addr = TRUE;
    }
    i += 2 + h[i + 1];
  }
  return VQ_CAPTURE_OK;
}

/* The length of the extension header NH at OFF (RFC 8200 4.3: (Hdr Ext Len + 1) x 8 bytes;
 * RFC 4302 2.2: AH is (Payload Len + 2) x 4; RFC 8200 4.5: a Fragment header is 8), after
 * checking that it lies in the packet. */
static VqCaptureStatus extension_len(const Cursor *c, guint32 off, guint8 nh, guint32 *len) {
  VqCaptureStatus st = need(c, off, 2, VQ_CAPTURE_BAD_EXTENSION);
  if (st != VQ_CAPTURE_OK)
    return st;
  const guint8 *h = c->b + off;
  *len = nh == NH_FRAGMENT ? FRAGMENT_HEADER_LEN : nh == NH_AH ? (h[1] + 2u) * 4 : (h[1] + 1u) * 8;
  return need(c, off, *len, VQ_CAPTURE_BAD_EXTENSION);
}

/* Walks the extension headers from OFF, NH the first one's number, to the upper layer. */
static VqCaptureStatus walk_extensions(const Cursor *c, guint32 off, guint8 nh, VqRssPacket *p) {
  for (;;) {
    if (nh != NH_HOP_BY_HOP && nh != NH_ROUTING && nh != NH_DEST_OPTIONS && nh != NH_AH &&
        nh != NH_FRAGMENT) {
      p->ip_proto = nh; /* the upper layer (or ESP, No Next Header, ...: no ports) */
      return parse_ports(c, off, p);
    }
    guint32 len;
    VqCaptureStatus st = extension_len(c, off, nh, &len);
    if (st != VQ_CAPTURE_OK)
      return st;
    const guint8 *h = c->b + off;
    if (nh == NH_FRAGMENT && (rd16(h + 2) & 0xfff9)) {
      /* offset (0xfff8) or M (0x0001): a real fragment; an atomic one (RFC 6946) reads on */
      p->is_fragment = TRUE;
      p->ip_proto = h[0];
      return VQ_CAPTURE_OK;
    }
    if (nh == NH_DEST_OPTIONS && (st = dest_options(h, len, p)) != VQ_CAPTURE_OK)
      return st;
    if (nh == NH_ROUTING && h[2] == RH2_TYPE && !p->has_rh2_addr) {
      if (h[1] != RH2_EXT_LEN)
        return VQ_CAPTURE_BAD_EXTENSION;
      memcpy(p->rh2_addr, h + RH2_ADDR_OFFSET, ADDR6_LEN);
      p->has_rh2_addr = TRUE;
    }
    nh = h[0];
    off += len;
  }
}

static VqCaptureStatus parse_ipv6(Cursor *c, guint32 l3, VqRssPacket *p) {
  VqCaptureStatus st = need(c, l3, IPV6_HEADER_LEN, VQ_CAPTURE_BAD_IPV6);
  if (st != VQ_CAPTURE_OK)
    return st;
  const guint8 *h = c->b + l3;
  guint32 payload = rd16(h + 4);
  if (h[0] >> 4 != 6 || (guint64)l3 + IPV6_HEADER_LEN + payload > c->end)
    return VQ_CAPTURE_BAD_IPV6;
  if (payload != 0) /* 0: a jumbogram or BIG TCP; the frame's length bounds it */
    c->end = l3 + IPV6_HEADER_LEN + payload;
  p->family = 6;
  memcpy(p->src_addr, h + 8, ADDR6_LEN);
  memcpy(p->dst_addr, h + 24, ADDR6_LEN);
  return walk_extensions(c, l3 + IPV6_HEADER_LEN, h[6], p);
}

VqCaptureStatus vq_capture_parse(const guint8 *bytes, guint32 cap_len, guint32 wire_len,
                                 VqCaptureFrame *out) {
  g_return_val_if_fail(out != NULL && (bytes != NULL || cap_len == 0), VQ_CAPTURE_BAD_LENGTHS);
  memset(out, 0, sizeof *out);
  out->wire_len = wire_len;
  out->cap_len = cap_len;
  Cursor c = {bytes, cap_len, wire_len};
  guint32 l3 = 0;
  VqCaptureStatus st = VQ_CAPTURE_BAD_LENGTHS;
  if (cap_len <= wire_len)
    st = parse_ethernet(&c, out, &l3);
  if (st == VQ_CAPTURE_OK && out->ethertype == ETHERTYPE_IPV4)
    st = parse_ipv4(&c, l3, &out->rss);
  else if (st == VQ_CAPTURE_OK && out->ethertype == ETHERTYPE_IPV6)
    st = parse_ipv6(&c, l3, &out->rss);
  out->status = st;
  return st;
}

/* ---- names and text --------------------------------------------------------------------- */

static const struct {
  const char *name;
  const char *doc;
} statuses[VQ_CAPTURE_N_STATUS] = {
    [VQ_CAPTURE_OK] = {"ok", "usable"},
    [VQ_CAPTURE_TRUNCATED] = {"truncated", "captured bytes end inside a header the NIC parses"},
    [VQ_CAPTURE_BAD_LENGTHS] = {"bad-lengths",
                                "captured length over the wire length, or a runt frame"},
    [VQ_CAPTURE_BAD_IPV4] = {"bad-ipv4-header",
                             "IPv4 version, header length or total length impossible"},
    [VQ_CAPTURE_BAD_IPV6] = {"bad-ipv6-header", "IPv6 version or payload length impossible"},
    [VQ_CAPTURE_BAD_EXTENSION] = {"bad-extension-header",
                                  "an IPv6 extension header past the packet, or malformed"},
    [VQ_CAPTURE_BAD_TRANSPORT] = {"bad-transport-header",
                                  "the IP packet ends before the TCP or UDP ports"},
};

const char *vq_capture_status_name(VqCaptureStatus s) {
  return (guint)s < VQ_CAPTURE_N_STATUS ? statuses[s].name : NULL;
}

const char *vq_capture_status_doc(VqCaptureStatus s) {
  return (guint)s < VQ_CAPTURE_N_STATUS ? statuses[s].doc : NULL;
}

const char *vq_capture_format_header(void) {
  return "frame\ttime_s\twire_len\tcap_len\tdst_mac\ttags\tvlan\touter_vlan\tethertype\tstatus\t"
         "family\tip_proto\tfragment\tsrc\tdst\tsrc_port\tdst_port\thome_addr\trh2_addr";
}

static void append_addr(GString *s, int family, gboolean present, const guint8 *addr) {
  char text[INET6_ADDRSTRLEN];
  if (!present || !inet_ntop(family == 4 ? AF_INET : AF_INET6, addr, text, sizeof text))
    g_string_append(s, "\t-");
  else
    g_string_append_printf(s, "\t%s", text);
}

char *vq_capture_format_frame(guint64 number, const VqCaptureFrame *f) {
  g_return_val_if_fail(f != NULL, NULL);
  const guint8 *m = f->dst_mac;
  GString *s = g_string_new(NULL);
  g_string_append_printf(
      s,
      "%" G_GUINT64_FORMAT "\t%.9f\t%u\t%u\t%02x:%02x:%02x:%02x:%02x:%02x\t%u\t%u"
      "\t%u\t0x%04x\t%s",
      number, f->time_s, f->wire_len, f->cap_len, m[0], m[1], m[2], m[3], m[4], m[5], f->n_tags,
      f->vlan, f->outer_vlan, f->ethertype, vq_capture_status_name(f->status));
  const VqRssPacket *p = &f->rss;
  gboolean ip = f->status == VQ_CAPTURE_OK && p->family != 0;
  if (!ip) {
    g_string_append(s, "\t0\t-\t-\t-\t-\t-\t-\t-\t-");
    return g_string_free(s, FALSE);
  }
  gboolean ports = !p->is_fragment && (p->ip_proto == VQ_PROTO_TCP || p->ip_proto == VQ_PROTO_UDP);
  g_string_append_printf(s, "\t%u\t%u\t%d", p->family, p->ip_proto, p->is_fragment ? 1 : 0);
  append_addr(s, p->family, TRUE, p->src_addr);
  append_addr(s, p->family, TRUE, p->dst_addr);
  if (ports)
    g_string_append_printf(s, "\t%u\t%u", p->src_port, p->dst_port);
  else
    g_string_append(s, "\t-\t-");
  append_addr(s, 6, p->has_home_addr, p->home_addr);
  append_addr(s, 6, p->has_rh2_addr, p->rh2_addr);
  return g_string_free(s, FALSE);
}
