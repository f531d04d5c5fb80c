/* models/replay: which frames are replayed and at what length, and which frames are one flow. */
#include <string.h>

#include "models/replay.h"

static VqCaptureFrame udp4(guint32 wire_len, guint16 sport) {
  VqCaptureFrame f = {.wire_len = wire_len, .cap_len = MIN(wire_len, 128), .ethertype = 0x0800};
  f.rss.family = 4;
  f.rss.ip_proto = VQ_PROTO_UDP;
  f.rss.src_port = sport;
  f.rss.dst_port = 53;
  memcpy(f.rss.src_addr, (guint8[]){10, 0, 0, 1}, 4);
  memcpy(f.rss.dst_addr, (guint8[]){10, 0, 0, 2}, 4);
  return f;
}

/* A capture leaves out the FCS: a 60 B minimum frame is replayed as 64 B; 9216 B is the NIC's
 * largest, one more is unusable; a parse failure keeps its reason. */
static void test_lengths(void) {
  guint16 len = 0;
  VqCaptureFrame f = udp4(60, 1);
  g_assert_cmpuint(vq_replay_classify(&f, &len), ==, VQ_CAPTURE_OK);
  g_assert_cmpuint(len, ==, 64);
  f = udp4(9216, 1);
  g_assert_cmpuint(vq_replay_classify(&f, &len), ==, VQ_CAPTURE_OK);
  g_assert_cmpuint(len, ==, 9216);
  f = udp4(9217, 1);
  g_assert_cmpuint(vq_replay_classify(&f, &len), ==, VQ_REPLAY_TOO_LONG);
  g_assert_cmpstr(vq_replay_reason_name(VQ_REPLAY_TOO_LONG), ==, "too-long");
  f.status = VQ_CAPTURE_TRUNCATED;
  g_assert_cmpuint(vq_replay_classify(&f, &len), ==, VQ_CAPTURE_TRUNCATED);
  g_assert_cmpstr(vq_replay_reason_name(VQ_CAPTURE_TRUNCATED), ==, "truncated");
}

/* Frames of one tuple are one flow whatever their length and time; a port, the VLAN, the
 * fragment flag or an _EX address makes another; a non-IP frame's leftover fields do not. */
static void test_keys(void) {
  g_autoptr(GHashTable) t = vq_replay_table_new();
  VqReplayKey k;
  VqCaptureFrame a = udp4(100, 1), b = udp4(1500, 1);
  b.time_s = 3;
  vq_replay_key(&a, &k);
  g_hash_table_insert(t, g_memdup2(&k, sizeof k), GUINT_TO_POINTER(1));
  vq_replay_key(&b, &k);
  g_assert_cmpuint(GPOINTER_TO_UINT(g_hash_table_lookup(t, &k)), ==, 1);
  VqCaptureFrame other[4] = {udp4(100, 2), udp4(100, 1), udp4(100, 1), udp4(100, 1)};
  other[1].vlan = 7;
  other[2].rss.is_fragment = TRUE;
  other[3].rss.has_home_addr = TRUE;
  other[3].rss.home_addr[0] = 0x20;
  for (guint i = 0; i < G_N_ELEMENTS(other); i++) {
    vq_replay_key(&other[i], &k);
    g_assert_null(g_hash_table_lookup(t, &k));
  }
  VqCaptureFrame arp1 = {.ethertype = 0x0806}, arp2 = arp1;
  arp2.rss.src_port = 99; /* not IP: ignored */
  VqReplayKey k1, k2;
  vq_replay_key(&arp1, &k1);
  vq_replay_key(&arp2, &k2);
  g_assert_cmpmem(&k1, sizeof k1, &k2, sizeof k2);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/replay/lengths", test_lengths);
  g_test_add_func("/replay/keys", test_keys);
  return g_test_run();
}
