/* Capture frame parsing (models/capture-parse.c) on bytes written out here by hand from the
 * RFCs' header layouts, independently of the generator: Ethernet and VLAN tags, IPv4 with
 * options and fragments, IPv6 extension headers with the Mobile IPv6 addresses, every
 * truncation point, and each unusable reason. */
#define _POSIX_C_SOURCE 200809L /* inet_pton, fmemopen */

#include <arpa/inet.h>
#include <string.h>

#include "models/capture.h"
#include "tests/fuzz/capture-check.h"

#define SEEDS VQ_SOURCE_DIR "/tests/fuzz/corpus/capture"

/* Ethernet header to 02:00:00:00:00:02 of ETHERTYPE (after the MACs). */
#define ETH(t1, t2) 0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, t1, t2

/* 10.0.0.1:1234 -> 192.168.1.2:80, TCP, IPv4 with 4 bytes of options (IHL 6), 64 bytes. */
static const guint8 ipv4_tcp[] = {ETH(0x08, 0x00),
                                  0x46,
                                  0,
                                  0,
                                  50,
                                  0,
                                  1,
                                  0x40,
                                  0,
                                  64,
                                  6,
                                  0,
                                  0,
                                  10,
                                  0,
                                  0,
                                  1,
                                  192,
                                  168,
                                  1,
                                  2, /* DF */
                                  0x01,
                                  0x01,
                                  0x01,
                                  0x00, /* NOP NOP NOP EOL */
                                  0x04,
                                  0xd2,
                                  0x00,
                                  0x50,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0x50,
                                  0x10,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0};

/* IPv6 2001:db8::1 -> 2001:db8::2, Hop-by-Hop (PadN 4), type-2 Routing Header (home address
 * 2001:db8::a), Destination Options (PadN 2, Home Address 2001:db8::b at 8n+6), AH (payload
 * length 4: (4 + 2) x 4 = 24 bytes), UDP 12345 -> 53. RFC 8200 4.3, 6275 6.3/6.4, 4302 2.2. */
static const guint8 ipv6_ext[] = {ETH(0x86, 0xdd),
                                  0x60,
                                  0,
                                  0,
                                  0,
                                  0,
                                  88,
                                  0,
                                  64, /* payload 88, next HBH */
                                  0x20,
                                  0x01,
                                  0x0d,
                                  0xb8,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0x01, /* source */
                                  0x20,
                                  0x01,
                                  0x0d,
                                  0xb8,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0x02, /* destination */
                                  43,
                                  0,
                                  0x01,
                                  0x04,
                                  0,
                                  0,
                                  0,
                                  0, /* HBH -> routing */
                                  60,
                                  2,
                                  2,
                                  1,
                                  0,
                                  0,
                                  0,
                                  0, /* RH2 -> dest options */
                                  0x20,
                                  0x01,
                                  0x0d,
                                  0xb8,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0x0a, /* its home address */
                                  51,
                                  2,
                                  0x01,
                                  0x02,
                                  0,
                                  0,
                                  0xc9,
                                  16, /* DST -> AH; PadN, HAO */
                                  0x20,
                                  0x01,
                                  0x0d,
                                  0xb8,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0,
                                  0x0b, /* the home address */
                                  17,
                                  4,
                                  0,
                                  0,
                                  0,
                                  0,
                                  1,
                                  0,
                                  0,
                                  0,
                                  0,
                                  1,
                                  1,
                                  2,
                                  3,
                                  4,
                                  5,
                                  6,
                                  7,
                                  8,
                                  9,
                                  10,
                                  11,
                                  12, /* AH -> UDP */
                                  0x30,
                                  0x39,
                                  0x00,
                                  0x35,
                                  0,
                                  8,
                                  0,
                                  0}; /* UDP */

static void addr(int family, const char *text, guint8 out[16]) {
  memset(out, 0, 16);
  g_assert_cmpint(inet_pton(family == 4 ? AF_INET : AF_INET6, text, out), ==, 1);
}

static void assert_addr(const guint8 *got, int family, const char *text) {
  guint8 want[16];
  addr(family, text, want);
  g_assert_cmpmem(got, family == 4 ? 4 : 16, want, family == 4 ? 4 : 16);
}

static VqCaptureStatus parse(const guint8 *b, gsize len, VqCaptureFrame *f) {
  return vq_capture_parse(b, (guint32)len, (guint32)len, f);
}

static void test_ipv4_tcp(void) {
  VqCaptureFrame f;
  g_assert_cmpint(parse(ipv4_tcp, sizeof ipv4_tcp, &f), ==, VQ_CAPTURE_OK);
  static const guint8 mac[6] = {0x02, 0, 0, 0, 0, 0x02};
  g_assert_cmpmem(f.dst_mac, 6, mac, 6);
  g_assert_cmpuint(f.ethertype, ==, 0x0800);
  g_assert_cmpuint(f.n_tags, ==, 0);
  g_assert_cmpuint(f.rss.family, ==, 4);
  g_assert_cmpuint(f.rss.ip_proto, ==, VQ_PROTO_TCP);
  g_assert_false(f.rss.is_fragment); /* DF alone is not a fragment */
  assert_addr(f.rss.src_addr, 4, "10.0.0.1");
  assert_addr(f.rss.dst_addr, 4, "192.168.1.2");
  g_assert_cmpuint(f.rss.src_port, ==, 1234); /* after the options: IHL read */
  g_assert_cmpuint(f.rss.dst_port, ==, 80);
  g_assert_cmpuint(f.wire_len, ==, sizeof ipv4_tcp);
}

/* MF set, or a non-zero offset: a fragment, no ports read; MF clear and offset 0: not. */
static void test_ipv4_fragment(void) {
  static const guint16 fields[] = {0x2000, 0x0001, 0x00b9, 0x3fff, 0x4000, 0x8000};
  static const gboolean frag[] = {TRUE, TRUE, TRUE, TRUE, FALSE, FALSE};
  for (guint i = 0; i < G_N_ELEMENTS(fields); i++) {
    guint8 b[sizeof ipv4_tcp];
    memcpy(b, ipv4_tcp, sizeof b);
    b[14 + 6] = (guint8)(fields[i] >> 8), b[14 + 7] = (guint8)fields[i];
    VqCaptureFrame f;
    g_assert_cmpint(parse(b, sizeof b, &f), ==, VQ_CAPTURE_OK);
    g_assert_cmpint(f.rss.is_fragment, ==, frag[i]);
    g_assert_cmpuint(f.rss.src_port, ==, frag[i] ? 0 : 1234);
  }
}

static void test_ipv6_extensions(void) {
  VqCaptureFrame f;
  g_assert_cmpint(parse(ipv6_ext, sizeof ipv6_ext, &f), ==, VQ_CAPTURE_OK);
  g_assert_cmpuint(f.rss.family, ==, 6);
  g_assert_cmpuint(f.rss.ip_proto, ==, VQ_PROTO_UDP);
  g_assert_false(f.rss.is_fragment);
  assert_addr(f.rss.src_addr, 6, "2001:db8::1");
  assert_addr(f.rss.dst_addr, 6, "2001:db8::2");
  g_assert_true(f.rss.has_rh2_addr);
  assert_addr(f.rss.rh2_addr, 6, "2001:db8::a");
  g_assert_true(f.rss.has_home_addr);
  assert_addr(f.rss.home_addr, 6, "2001:db8::b");
  g_assert_cmpuint(f.rss.src_port, ==, 12345);
  g_assert_cmpuint(f.rss.dst_port, ==, 53);
}

/* A Fragment header in place of the HBH: offset or M set is a fragment and ends the walk; an
 * atomic fragment (RFC 6946) reads on to the upper layer. */
static void test_ipv6_fragment(void) {
  guint8 b[sizeof ipv6_ext];
  memcpy(b, ipv6_ext, sizeof b);
  b[14 + 6] = 44; /* the first extension header is a Fragment header now */
  static const guint16 fields[] = {0x0001, 0x0320, 0x0000};
  for (guint i = 0; i < G_N_ELEMENTS(fields); i++) {
    b[54 + 2] = (guint8)(fields[i] >> 8), b[54 + 3] = (guint8)fields[i];
    VqCaptureFrame f;
    g_assert_cmpint(parse(b, sizeof b, &f), ==, VQ_CAPTURE_OK);
    gboolean frag = fields[i] != 0;
    g_assert_cmpint(f.rss.is_fragment, ==, frag);
    /* fragment: the protocol named by the Fragment header (43, routing); atomic: UDP */
    g_assert_cmpuint(f.rss.ip_proto, ==, frag ? 43 : VQ_PROTO_UDP);
    g_assert_cmpint(f.rss.has_home_addr, ==, !frag);
    g_assert_cmpuint(f.rss.dst_port, ==, frag ? 0 : 53);
  }
}

/* One 802.1Q tag; 802.1ad + 802.1Q; a third tag is not parsed (non-IP, usable). */
static void test_vlan_tags(void) {
  guint8 b[sizeof ipv4_tcp + 12];
  static const guint8 qinq[] = {0x88, 0xa8, 0x00, 0x64, 0x81, 0x00, 0x60, 0x0a};
  for (guint tags = 1; tags <= 3; tags++) {
    memcpy(b, ipv4_tcp, 12);
    if (tags == 1)
      memcpy(b + 12, qinq + 4, 4);
    else
      memcpy(b + 12, qinq, 8);
    if (tags == 3)
      memcpy(b + 20, qinq + 4, 4);
    memcpy(b + 12 + 4 * tags, ipv4_tcp + 12, sizeof ipv4_tcp - 12);
    VqCaptureFrame f;
    g_assert_cmpint(parse(b, sizeof ipv4_tcp + 4 * tags, &f), ==, VQ_CAPTURE_OK);
    g_assert_cmpuint(f.n_tags, ==, MIN(tags, 2));
    g_assert_cmpuint(f.vlan, ==, 10); /* VID 10 under PCP 3 */
    g_assert_cmpuint(f.outer_vlan, ==, tags == 1 ? 0 : 100);
    g_assert_cmpuint(f.ethertype, ==, tags == 3 ? 0x8100 : 0x0800);
    g_assert_cmpuint(f.rss.family, ==, tags == 3 ? 0 : 4);
    if (tags < 3)
      g_assert_cmpuint(f.rss.dst_port, ==, 80);
  }
}

static void test_non_ip(void) {
  static const guint8 arp[] = {ETH(0x08, 0x06), 0, 1, 8, 0, 6, 4, 0, 1};
  VqCaptureFrame f;
  g_assert_cmpint(parse(arp, sizeof arp, &f), ==, VQ_CAPTURE_OK);
  g_assert_cmpuint(f.ethertype, ==, 0x0806);
  g_assert_cmpuint(f.rss.family, ==, 0);
}

/* Every captured length short of the headers the NIC needs is truncated, and every one from
 * there on is usable: IPv4 needs through the ports (options included), IPv6 through the
 * extension headers and the ports. */
static void test_truncation_points(void) {
  const struct {
    const guint8 *b;
    guint32 len, need;
  } cases[] = {{ipv4_tcp, sizeof ipv4_tcp, 14 + 24 + 4},
               {ipv6_ext, sizeof ipv6_ext, 14 + 40 + 80 + 4}};
  for (guint c = 0; c < G_N_ELEMENTS(cases); c++)
    for (guint32 cap = 0; cap <= cases[c].len; cap++) {
      VqCaptureFrame f;
      VqCaptureStatus st = vq_capture_parse(cases[c].b, cap, cases[c].len, &f);
      g_assert_cmpint(st, ==, cap < cases[c].need ? VQ_CAPTURE_TRUNCATED : VQ_CAPTURE_OK);
      g_assert_cmpuint(f.cap_len, ==, cap);
    }
}

/* Edits BYTES (a copy of BASE) at OFFSET to VALUE and expects STATUS. */
static void expect_status(const guint8 *base, gsize len, gsize offset, guint8 value,
                          VqCaptureStatus status) {
  guint8 b[256];
  g_assert_cmpuint(len, <=, sizeof b);
  memcpy(b, base, len);
  b[offset] = value;
  VqCaptureFrame f;
  g_assert_cmpstr(vq_capture_status_name(parse(b, len, &f)), ==, vq_capture_status_name(status));
}

static void test_unusable(void) {
  expect_status(ipv4_tcp, sizeof ipv4_tcp, 14, 0x44, VQ_CAPTURE_BAD_IPV4);    /* IHL 4 */
  expect_status(ipv4_tcp, sizeof ipv4_tcp, 14, 0x56, VQ_CAPTURE_BAD_IPV4);    /* version 5 */
  expect_status(ipv4_tcp, sizeof ipv4_tcp, 17, 51, VQ_CAPTURE_BAD_IPV4);      /* past the frame */
  expect_status(ipv4_tcp, sizeof ipv4_tcp, 17, 23, VQ_CAPTURE_BAD_IPV4);      /* < header */
  expect_status(ipv4_tcp, sizeof ipv4_tcp, 17, 26, VQ_CAPTURE_BAD_TRANSPORT); /* 2 port bytes */
  expect_status(ipv6_ext, sizeof ipv6_ext, 14, 0x40, VQ_CAPTURE_BAD_IPV6);    /* version 4 */
  expect_status(ipv6_ext, sizeof ipv6_ext, 19, 89, VQ_CAPTURE_BAD_IPV6);      /* past the frame */
  expect_status(ipv6_ext, sizeof ipv6_ext, 19, 60, VQ_CAPTURE_BAD_EXTENSION); /* ends in AH */
  expect_status(ipv6_ext, sizeof ipv6_ext, 63, 1, VQ_CAPTURE_BAD_EXTENSION);  /* RH2 length 1 */
  expect_status(ipv6_ext, sizeof ipv6_ext, 93, 15, VQ_CAPTURE_BAD_EXTENSION); /* HAO length */
  expect_status(ipv6_ext, sizeof ipv6_ext, 89, 30, VQ_CAPTURE_BAD_EXTENSION); /* PadN overruns */
  /* an IPv6 payload length of 0 (jumbogram, BIG TCP): bounded by the frame, usable */
  expect_status(ipv6_ext, sizeof ipv6_ext, 19, 0, VQ_CAPTURE_OK);
  /* captured length over the wire length; a frame shorter than an Ethernet header */
  VqCaptureFrame f;
  g_assert_cmpint(vq_capture_parse(ipv4_tcp, 64, 60, &f), ==, VQ_CAPTURE_BAD_LENGTHS);
  g_assert_cmpint(vq_capture_parse(ipv4_tcp, 10, 10, &f), ==, VQ_CAPTURE_BAD_LENGTHS);
  g_assert_cmpint(vq_capture_parse(ipv4_tcp, 10, 64, &f), ==, VQ_CAPTURE_TRUNCATED);
  g_assert_cmpint(vq_capture_parse(NULL, 0, 0, &f), ==, VQ_CAPTURE_BAD_LENGTHS);
}

/* The text form carries every field (the round-trip tests compare frames through it). */
static void test_format(void) {
  VqCaptureFrame f;
  parse(ipv6_ext, sizeof ipv6_ext, &f);
  f.time_s = 1.5;
  g_autofree char *line = vq_capture_format_frame(7, &f);
  g_assert_cmpstr(line, ==,
                  "7\t1.500000000\t142\t142\t02:00:00:00:00:02\t0\t0\t0\t0x86dd\tok\t6\t17\t0\t"
                  "2001:db8::1\t2001:db8::2\t12345\t53\t2001:db8::b\t2001:db8::a");
  g_auto(GStrv) cols = g_strsplit(vq_capture_format_header(), "\t", -1);
  g_auto(GStrv) vals = g_strsplit(line, "\t", -1);
  g_assert_cmpuint(g_strv_length(cols), ==, g_strv_length(vals));
  for (int s = 0; s < VQ_CAPTURE_N_STATUS; s++)
    g_assert_nonnull(vq_capture_status_doc((VqCaptureStatus)s));
  g_assert_null(vq_capture_status_name(VQ_CAPTURE_N_STATUS));
}

/* The fuzz target's checks pass on its seeds (frames and capture files, broken ones included),
 * and catch what they are for. */
static void test_fuzz_checks(void) {
  g_autoptr(GDir) dir = g_dir_open(SEEDS, 0, NULL);
  g_assert_nonnull(dir);
  guint n = 0;
  for (const char *name; (name = g_dir_read_name(dir)) != NULL; n++) {
    g_autofree char *path = g_build_filename(SEEDS, name, NULL), *data = NULL;
    gsize len = 0;
    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    g_autofree char *broken = vq_fuzz_check_capture((const guint8 *)data, len);
    if (broken)
      g_error("%s: %s", name, broken);
  }
  g_assert_cmpuint(n, >=, 9);
  VqCaptureFrame f;
  parse(ipv4_tcp, sizeof ipv4_tcp, &f);
  f.rss.is_fragment = TRUE; /* a fragment with ports */
  g_autofree char *m1 = vq_fuzz_check_frame(&f, sizeof ipv4_tcp, sizeof ipv4_tcp);
  g_assert_nonnull(m1);
  g_autoptr(GError) e = g_error_new(VQ_CAPTURE_ERROR, VQ_CAPTURE_ERROR_CORRUPT, "%s: frame 3: x",
                                    VQ_FUZZ_CAPTURE_NAME);
  g_autofree char *m2 = vq_fuzz_check_capture_error(e, 4);
  g_assert_nonnull(m2);
  g_autofree char *m3 = vq_fuzz_check_capture_error(e, 3);
  g_assert_null(m3);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/capture/parse/ipv4-tcp", test_ipv4_tcp);
  g_test_add_func("/capture/parse/ipv4-fragment", test_ipv4_fragment);
  g_test_add_func("/capture/parse/ipv6-extensions", test_ipv6_extensions);
  g_test_add_func("/capture/parse/ipv6-fragment", test_ipv6_fragment);
  g_test_add_func("/capture/parse/vlan-tags", test_vlan_tags);
  g_test_add_func("/capture/parse/non-ip", test_non_ip);
  g_test_add_func("/capture/parse/truncation-points", test_truncation_points);
  g_test_add_func("/capture/parse/unusable", test_unusable);
  g_test_add_func("/capture/parse/format", test_format);
  g_test_add_func("/capture/parse/fuzz-checks", test_fuzz_checks);
  return g_test_run();
}
