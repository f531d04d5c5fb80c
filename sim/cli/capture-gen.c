/* Capture generator: the flows and the bytes of their frames (see capture-gen.h); the file
 * formats are in capture-gen-write.c. */
#include "sim/cli/capture-gen.h"

#include <string.h>

#include "sim/cli/capture-gen-private.h"

static const char *const kind_names[VQ_GEN_N_KINDS] = {
    "ipv4-tcp", "ipv4-udp",  "ipv6-tcp",  "ipv6-udp", "icmp",      "icmpv6",
    "arp",      "ipv4-frag", "ipv6-frag", "ipv6-ext", "truncated", "bad-ipv4",
};

/* Header lengths (RFC 791, 8200, 793, 768, 792, 4443, 826; RFC 6275 6.3 and 6.4 for the Home
 * Address option and the type-2 Routing Header; RFC 4302 for AH with a 96-bit ICV). */
enum {
  ETH = 14,
  TAG = 4,
  IP4 = 20,
  IP6 = 40,
  TCP = 20,
  UDP = 8,
  ICMP = 8,
  ARP = 28,
  EXT_HBH = 8,  /* next, length 0, PadN of 4 */
  EXT_RH2 = 24, /* next, length 2, type 2, segments left 1, reserved, home address */
  EXT_DST = 24, /* next, length 2, PadN of 2, Home Address option (at 8n + 6, RFC 6275 6.3) */
  EXT_AH = 24,  /* next, length 4, reserved, SPI, sequence, 12-byte ICV */
  EXT_FRAG = 8,
  NH_ICMPV6 = 58,
};

/* Frame sizes on the wire, untagged (the common Ethernet sizes, 64 to 1518 B). */
static const guint32 sizes[] = {64, 128, 256, 512, 1024, 1518};

guint64 vq_gen_rand(guint64 *state) {
  /* splitmix64 (Steele, Lea, Flood: "Fast splittable pseudorandom number generators", 2014) */
  guint64 z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static double rand01(guint64 *s) {
  return (double)(vq_gen_rand(s) >> 11) * 0x1.0p-53;
}

void vq_gen_conf_init(VqGenConf *conf) {
  *conf = (VqGenConf){.frames = 1000,
                      .flows = 100,
                      .seed = 1,
                      .rate_fps = 1e6,
                      .vlan_share = 0.25,
                      .qinq_share = 1.0 / 16,
                      .snaplen = 262144,
                      .linktype = 1};
  for (int k = 0; k < VQ_GEN_N_KINDS; k++)
    conf->weights[k] = 1;
}

int vq_gen_kind_from_name(const char *name) {
  for (int k = 0; k < VQ_GEN_N_KINDS; k++)
    if (!strcmp(name, kind_names[k]))
      return k;
  return -1;
}

gboolean vq_gen_parse_mix(const char *text, double weights[VQ_GEN_N_KINDS], GError **error) {
  double sum = 0;
  memset(weights, 0, VQ_GEN_N_KINDS * sizeof *weights);
  g_auto(GStrv) items = g_strsplit(text, ",", -1);
  for (char **it = items; *it; it++) {
    g_auto(GStrv) kv = g_strsplit(*it, "=", 2);
    int k = vq_gen_kind_from_name(g_strstrip(kv[0]));
    char *end = NULL;
    double w = kv[1] ? g_ascii_strtod(kv[1], &end) : -1;
    if (k < 0 || !kv[1] || end == kv[1] || *end || !(w >= 0 && w < 1e9)) {
      g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                  "mix entry '%s': expected KIND=WEIGHT, KIND one of ipv4-tcp, ipv4-udp, "
                  "ipv6-tcp, ipv6-udp, icmp, icmpv6, arp, ipv4-frag, ipv6-frag, ipv6-ext, "
                  "truncated, bad-ipv4",
                  *it);
      return FALSE;
    }
    weights[k] = w;
    sum += w;
  }
  if (sum <= 0) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "mix '%s' weighs nothing", text);
    return FALSE;
  }
  return TRUE;
}

static VqGenKind draw_kind(const VqGenConf *conf, guint64 *s) {
  double sum = 0;
  for (int k = 0; k < VQ_GEN_N_KINDS; k++)
    sum += conf->weights[k];
  double x = rand01(s) * sum;
  for (int k = 0; k < VQ_GEN_N_KINDS; k++) {
    if (x < conf->weights[k])
      return (VqGenKind)k;
    x -= conf->weights[k];
  }
  return VQ_GEN_IPV4_TCP; /* rounding at the top end */
}

static gboolean kind_is_ipv6(VqGenKind k) {
  return k == VQ_GEN_IPV6_TCP || k == VQ_GEN_IPV6_UDP || k == VQ_GEN_ICMPV6 ||
         k == VQ_GEN_IPV6_FRAG || k == VQ_GEN_IPV6_EXT;
}

static void rand_bytes(guint64 *s, guint8 *out, gsize n) {
  for (gsize i = 0; i < n; i++)
    out[i] = (guint8)vq_gen_rand(s);
}

/* Flow I of CONF: its kind, tags, MAC, addresses, ports, headers and size. */
void vq_gen_flow_init(VqGenFlow *f, const VqGenConf *conf, guint i) {
  guint64 s = conf->seed * 0x100000001B3ull + i; /* one stream per flow */
  memset(f, 0, sizeof *f);
  f->kind = draw_kind(conf, &s);
  double t = rand01(&s);
  f->n_tags = t < conf->qinq_share ? 2 : t < conf->qinq_share + conf->vlan_share ? 1 : 0;
  f->vlan = (guint16)(1 + vq_gen_rand(&s) % 4094);
  f->outer_vlan = (guint16)(1 + vq_gen_rand(&s) % 4094);
  f->dst_mac[0] = 0x02; /* locally administered, unicast */
  rand_bytes(&s, f->dst_mac + 1, 5);
  f->family = kind_is_ipv6(f->kind) ? 6 : 4;
  static const guint8 v4_src[] = {10}, v4_dst[] = {192, 168};
  static const guint8 v6_prefix[] = {0x20, 0x01, 0x0d, 0xb8}; /* RFC 3849 documentation */
  rand_bytes(&s, f->src, 16);
  rand_bytes(&s, f->dst, 16);
  rand_bytes(&s, f->home, 16);
  rand_bytes(&s, f->rh2, 16);
  if (f->family == 4) {
    memcpy(f->src, v4_src, sizeof v4_src);
    memcpy(f->dst, v4_dst, sizeof v4_dst);
    memset(f->src + 4, 0, 12);
    memset(f->dst + 4, 0, 12);
  } else {
    memcpy(f->src, v6_prefix, 4);
    memcpy(f->dst, v6_prefix, 4);
    memcpy(f->home, v6_prefix, 4);
    memcpy(f->rh2, v6_prefix, 4);
  }
  f->src_port = (guint16)(1024 + vq_gen_rand(&s) % 64512);
  f->dst_port = (guint16)(1 + vq_gen_rand(&s) % 65535);
  guint64 bits = vq_gen_rand(&s);
  f->upper = (bits & 1) ? VQ_PROTO_UDP : VQ_PROTO_TCP;
  f->hbh = (bits >> 1) & 1, f->has_rh2 = (bits >> 2) & 1, f->hao = (bits >> 3) & 1;
  f->ah = (bits >> 4) & 1;
  f->size = sizes[vq_gen_rand(&s) % G_N_ELEMENTS(sizes)];
}

/* ---- bytes ---------------------------------------------------------------------------- */

static guint8 *put16(guint8 *p, guint v) {
  p[0] = (guint8)(v >> 8), p[1] = (guint8)v;
  return p + 2;
}

static guint8 *put_ethernet(guint8 *p, const VqGenFlow *f, guint16 type, VqCaptureFrame *x) {
  static const guint8 src_mac[6] = {0x02, 0, 0, 0, 0, 1};
  memcpy(p, f->dst_mac, 6);
  memcpy(p + 6, src_mac, 6);
  p += 12;
  if (f->n_tags == 2)
    p = put16(put16(p, 0x88a8), f->outer_vlan); /* 802.1ad service tag, PCP 0 */
  if (f->n_tags >= 1)
    p = put16(put16(p, 0x8100), (3u << 13) | f->vlan); /* 802.1Q, PCP 3 */
  memcpy(x->dst_mac, f->dst_mac, 6);
  x->n_tags = f->n_tags;
  x->vlan = f->n_tags ? f->vlan : VQ_NO_VLAN;
  x->outer_vlan = f->n_tags == 2 ? f->outer_vlan : VQ_NO_VLAN;
  x->ethertype = type;
  return put16(p, type);
}

/* An IPv4 header of TOTAL bytes; FRAG: the flags and offset field. */
static guint8 *put_ipv4(guint8 *p, const VqGenFlow *f, guint total, guint8 proto, guint frag,
                        guint ihl_words) {
  memset(p, 0, IP4);
  p[0] = (guint8)(0x40 | ihl_words);
  put16(p + 2, total);
  put16(p + 4, 0x1234); /* identification */
  put16(p + 6, frag);
  p[8] = 64, p[9] = proto;
  memcpy(p + 12, f->src, 4);
  memcpy(p + 16, f->dst, 4);
  return p + IP4;
}

static guint8 *put_ipv6(guint8 *p, const VqGenFlow *f, guint payload, guint8 nh) {
  memset(p, 0, IP6);
  p[0] = 0x60;
  put16(p + 4, payload);
  p[6] = nh, p[7] = 64;
  memcpy(p + 8, f->src, 16);
  memcpy(p + 24, f->dst, 16);
  return p + IP6;
}

/* TCP, UDP or ICMP header of the flow (TCP and UDP: its ports). */
static guint8 *put_l4(guint8 *p, const VqGenFlow *f, guint8 proto, guint len) {
  guint n = proto == VQ_PROTO_TCP ? TCP : proto == VQ_PROTO_UDP ? UDP : ICMP;
  memset(p, 0, n);
  if (proto == VQ_PROTO_TCP || proto == VQ_PROTO_UDP) {
    put16(p, f->src_port);
    put16(p + 2, f->dst_port);
  }
  if (proto == VQ_PROTO_TCP)
    p[12] = 5 << 4, p[13] = 0x10; /* data offset 5 words, ACK */
  else if (proto == VQ_PROTO_UDP)
    put16(p + 4, len);
  else
    p[0] = proto == VQ_PROTO_ICMP ? 8 : 128; /* echo request (RFC 792, RFC 4443) */
  return p + n;
}

static guint l4_len(guint8 proto) {
  return proto == VQ_PROTO_TCP ? TCP : proto == VQ_PROTO_UDP ? UDP : ICMP;
}

/* The IPv6 headers of F after the fixed header, in RFC 8200 4.1 order, ending with the upper
 * layer's number; returns how many. */
static guint ipv6_chain(const VqGenFlow *f, guint8 chain[6]) {
  guint n = 0;
  if (f->kind == VQ_GEN_IPV6_EXT) {
    if (f->hbh)
      chain[n++] = 0;
    if (f->has_rh2)
      chain[n++] = 43;
    if (f->hao)
      chain[n++] = 60; /* RFC 6275 6.3: after the routing header, before AH */
    if (f->ah)
      chain[n++] = 51;
  }
  if (f->kind == VQ_GEN_IPV6_FRAG)
    chain[n++] = 44;
  chain[n++] = f->kind == VQ_GEN_IPV6_TCP                                  ? VQ_PROTO_TCP
               : f->kind == VQ_GEN_IPV6_UDP || f->kind == VQ_GEN_IPV6_FRAG ? VQ_PROTO_UDP
               : f->kind == VQ_GEN_ICMPV6                                  ? NH_ICMPV6
                                                                           : f->upper;
  return n;
}

static guint ext_len(guint8 nh) {
  return nh == 0 ? EXT_HBH : nh == 43 ? EXT_RH2 : nh == 60 ? EXT_DST : nh == 51 ? EXT_AH : EXT_FRAG;
}

guint32 vq_gen_header_len(const VqGenFlow *f) {
  guint32 l2 = ETH + TAG * f->n_tags;
  if (f->kind == VQ_GEN_ARP)
    return l2 + ARP;
  if (f->family == 4) {
    guint8 proto = f->kind == VQ_GEN_ICMP                                      ? VQ_PROTO_ICMP
                   : f->kind == VQ_GEN_IPV4_UDP || f->kind == VQ_GEN_IPV4_FRAG ? VQ_PROTO_UDP
                                                                               : VQ_PROTO_TCP;
    return l2 + IP4 + l4_len(proto);
  }
  guint8 chain[6];
  guint n = ipv6_chain(f, chain);
  guint32 len = l2 + IP6 + l4_len(chain[n - 1]);
  for (guint i = 0; i + 1 < n; i++)
    len += ext_len(chain[i]);
  return len;
}

static void expect_ip(VqCaptureFrame *x, const VqGenFlow *f, guint8 proto, gboolean frag) {
  x->rss.family = f->family;
  x->rss.ip_proto = proto;
  x->rss.is_fragment = frag;
  memcpy(x->rss.src_addr, f->src, 16);
  memcpy(x->rss.dst_addr, f->dst, 16);
  if (!frag && (proto == VQ_PROTO_TCP || proto == VQ_PROTO_UDP)) {
    x->rss.src_port = f->src_port;
    x->rss.dst_port = f->dst_port;
  }
}

/* The bytes a reader needs: the headers through the ports (TCP, UDP) or the last IP header. */
static guint32 needed(guint32 l4_offset, const VqCaptureFrame *x) {
  gboolean ports =
      !x->rss.is_fragment && (x->rss.ip_proto == VQ_PROTO_TCP || x->rss.ip_proto == VQ_PROTO_UDP);
  return l4_offset + (ports ? 4 : 0);
}

static guint32 build_ipv4(const VqGenFlow *f, gboolean first, guint8 *buf, guint32 wire,
                          VqCaptureFrame *x) {
  guint8 *p = put_ethernet(buf, f, 0x0800, x);
  guint32 l3 = (guint32)(p - buf), total = wire - l3;
  VqGenKind k = f->kind;
  guint8 proto = k == VQ_GEN_ICMP                                ? VQ_PROTO_ICMP
                 : k == VQ_GEN_IPV4_UDP || k == VQ_GEN_IPV4_FRAG ? VQ_PROTO_UDP
                                                                 : VQ_PROTO_TCP;
  /* first fragment: MF (0x2000), offset 0; last: offset 185 x 8 = 1480 bytes, MF clear */
  guint frag = k == VQ_GEN_IPV4_FRAG ? (first ? 0x2000 : 185) : 0;
  p = put_ipv4(p, f, total, proto, frag, k == VQ_GEN_BAD_IPV4 ? 4 : 5);
  put_l4(p, f, proto, total - IP4);
  expect_ip(x, f, proto, k == VQ_GEN_IPV4_FRAG);
  if (k == VQ_GEN_BAD_IPV4)
    x->status = VQ_CAPTURE_BAD_IPV4;
  return needed(l3 + IP4, x);
}

/* Extension header NH (next: NEXT) of F at P; returns its end. */
static guint8 *put_ext(guint8 *p, const VqGenFlow *f, guint8 nh, guint8 next, gboolean first) {
  guint len = ext_len(nh);
  memset(p, 0, len);
  p[0] = next;
  if (nh == 0)
    p[1] = 0, p[2] = 1, p[3] = 4; /* PadN of 4 */
  else if (nh == 43)
    p[1] = 2, p[2] = 2, p[3] = 1, memcpy(p + 8, f->rh2, 16);
  else if (nh == 60)
    p[1] = 2, p[2] = 1, p[3] = 2, p[6] = 0xc9, p[7] = 16, memcpy(p + 8, f->home, 16);
  else if (nh == 51)
    p[1] = 4, p[7] = 1; /* payload length (24 / 4) - 2; SPI 1 */
  else                  /* fragment: first (offset 0, M) or last (offset 100 x 8, M clear) */
    put16(p + 2, first ? 1 : 100 << 3), p[7] = 7;
  return p + len;
}

static guint32 build_ipv6(const VqGenFlow *f, gboolean first, guint8 *buf, guint32 wire,
                          VqCaptureFrame *x) {
  guint8 *p = put_ethernet(buf, f, 0x86dd, x);
  guint32 l3 = (guint32)(p - buf);
  guint8 chain[6];
  guint n = ipv6_chain(f, chain);
  p = put_ipv6(p, f, wire - l3 - IP6, chain[0]);
  for (guint i = 0; i + 1 < n; i++)
    p = put_ext(p, f, chain[i], chain[i + 1], first);
  guint32 l4 = (guint32)(p - buf);
  put_l4(p, f, chain[n - 1], wire - l4);
  expect_ip(x, f, chain[n - 1], f->kind == VQ_GEN_IPV6_FRAG);
  x->rss.has_home_addr = f->kind == VQ_GEN_IPV6_EXT && f->hao;
  x->rss.has_rh2_addr = f->kind == VQ_GEN_IPV6_EXT && f->has_rh2;
  if (x->rss.has_home_addr)
    memcpy(x->rss.home_addr, f->home, 16);
  if (x->rss.has_rh2_addr)
    memcpy(x->rss.rh2_addr, f->rh2, 16);
  return needed(l4, x);
}

static guint32 build_arp(const VqGenFlow *f, guint8 *buf, VqCaptureFrame *x) {
  guint8 *p = put_ethernet(buf, f, 0x0806, x);
  guint32 l2 = (guint32)(p - buf);
  /* RFC 826 request: Ethernet (1), IPv4, 6- and 4-byte addresses, opcode 1 */
  p = put16(put16(p, 1), 0x0800);
  p[0] = 6, p[1] = 4;
  put16(p + 2, 1);
  memcpy(p + 14, f->src, 4);
  memcpy(p + 24, f->dst, 4);
  return l2;
}

guint32 vq_gen_frame(const VqGenFlow *f, gboolean first, guint8 *buf, guint32 wire,
                     VqCaptureFrame *x) {
  memset(x, 0, sizeof *x);
  memset(buf, 0, wire);
  if (f->kind == VQ_GEN_ARP)
    return build_arp(f, buf, x);
  if (f->family == 4)
    return build_ipv4(f, first, buf, wire, x);
  return build_ipv6(f, first, buf, wire, x);
}
