/* VMQ receive filters (models/filter): MAC / MAC+VLAN matching, OR within a queue, default. */
#include "models/filter.h"

static const guint8 MAC_A[6] = {0x00, 0x15, 0x5d, 0x00, 0x00, 0x01};
static const guint8 MAC_B[6] = {0x00, 0x15, 0x5d, 0x00, 0x00, 0x02};
static const guint8 MAC_C[6] = {0x00, 0x15, 0x5d, 0x00, 0x00, 0x03};

static void test_mac_only_any_vlan(void) {
  g_autoptr(VqFilter) f = vq_filter_new();
  g_assert_true(vq_filter_add(f, 1, MAC_A, 0));
  g_assert_cmpuint(vq_filter_match(f, MAC_A, 0), ==, 1); /* untagged */
  g_assert_cmpuint(vq_filter_match(f, MAC_A, 1), ==, 1);
  g_assert_cmpuint(vq_filter_match(f, MAC_A, 20), ==, 1);
  g_assert_cmpuint(vq_filter_match(f, MAC_A, 4094), ==, 1);
  g_assert_cmpuint(vq_filter_match(f, MAC_B, 0), ==, VQ_DEFAULT_QUEUE);
  g_assert_cmpuint(vq_filter_match(f, MAC_B, 20), ==, VQ_DEFAULT_QUEUE);
  g_assert_cmpuint(vq_filter_count(f), ==, 1);
}

static void test_mac_vlan_anded(void) {
  g_autoptr(VqFilter) f = vq_filter_new();
  g_assert_true(vq_filter_add(f, 2, MAC_A, 20));
  g_assert_cmpuint(vq_filter_match(f, MAC_A, 20), ==, 2);
  g_assert_cmpuint(vq_filter_match(f, MAC_A, 0), ==, VQ_DEFAULT_QUEUE);  /* untagged */
  g_assert_cmpuint(vq_filter_match(f, MAC_A, 21), ==, VQ_DEFAULT_QUEUE); /* VLAN differs */
  g_assert_cmpuint(vq_filter_match(f, MAC_B, 20), ==, VQ_DEFAULT_QUEUE); /* MAC differs */
}

static void test_or_within_queue(void) {
  g_autoptr(VqFilter) f = vq_filter_new();
  g_assert_true(vq_filter_add(f, 3, MAC_A, 0));
  g_assert_true(vq_filter_add(f, 3, MAC_B, 30));
  g_assert_true(vq_filter_add(f, 3, MAC_B, 31));
  g_assert_cmpuint(vq_filter_count(f), ==, 3);
  g_assert_cmpuint(vq_filter_match(f, MAC_A, 0), ==, 3);
  g_assert_cmpuint(vq_filter_match(f, MAC_A, 30), ==, 3);
  g_assert_cmpuint(vq_filter_match(f, MAC_B, 30), ==, 3);
  g_assert_cmpuint(vq_filter_match(f, MAC_B, 31), ==, 3);
  g_assert_cmpuint(vq_filter_match(f, MAC_B, 32), ==, VQ_DEFAULT_QUEUE);
  g_assert_cmpuint(vq_filter_match(f, MAC_B, 0), ==, VQ_DEFAULT_QUEUE);
  g_assert_cmpuint(vq_filter_match(f, MAC_C, 30), ==, VQ_DEFAULT_QUEUE);
}

static void test_default_queue(void) {
  g_assert_cmpuint(VQ_DEFAULT_QUEUE, ==, 0);
  g_autoptr(VqFilter) f = vq_filter_new();
  g_assert_cmpuint(vq_filter_count(f), ==, 0);
  g_assert_cmpuint(vq_filter_match(f, MAC_A, 0), ==, VQ_DEFAULT_QUEUE);
  g_assert_cmpuint(vq_filter_match(f, MAC_A, 7), ==, VQ_DEFAULT_QUEUE);
  vq_filter_add(f, 4, MAC_B, 0);
  const guint8 zero[6] = {0}, bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  g_assert_cmpuint(vq_filter_match(f, zero, 0), ==, VQ_DEFAULT_QUEUE);
  g_assert_cmpuint(vq_filter_match(f, bcast, 0), ==, VQ_DEFAULT_QUEUE);
  g_assert_cmpuint(vq_filter_match(f, MAC_C, 4095), ==, VQ_DEFAULT_QUEUE);
}

static void test_duplicate_rejected(void) {
  g_autoptr(VqFilter) f = vq_filter_new();
  g_assert_true(vq_filter_add(f, 1, MAC_A, 5));
  g_assert_false(vq_filter_add(f, 2, MAC_A, 5));         /* same pair, other queue */
  g_assert_false(vq_filter_add(f, 1, MAC_A, 5));         /* same pair, same queue */
  g_assert_cmpuint(vq_filter_match(f, MAC_A, 5), ==, 1); /* the first one stays */
  g_assert_cmpuint(vq_filter_count(f), ==, 1);
  g_assert_true(vq_filter_add(f, 2, MAC_A, 6)); /* another VLAN is another pair */
  g_assert_true(vq_filter_add(f, 3, MAC_A, 0)); /* and MAC-only is another one still */
  g_assert_false(vq_filter_add(f, 4, MAC_A, 0));
  g_assert_cmpuint(vq_filter_count(f), ==, 3);
  g_assert_cmpuint(vq_filter_match(f, MAC_A, 0), ==, 3);
}

static void test_exact_beats_mac_only(void) {
  /* Both insertion orders: the result must not depend on which filter came first. */
  for (int order = 0; order < 2; order++) {
    g_autoptr(VqFilter) f = vq_filter_new();
    if (order == 0) {
      g_assert_true(vq_filter_add(f, 1, MAC_A, 0));
      g_assert_true(vq_filter_add(f, 2, MAC_A, 7));
    } else {
      g_assert_true(vq_filter_add(f, 2, MAC_A, 7));
      g_assert_true(vq_filter_add(f, 1, MAC_A, 0));
    }
    g_assert_cmpuint(vq_filter_match(f, MAC_A, 7), ==, 2);
    g_assert_cmpuint(vq_filter_match(f, MAC_A, 8), ==, 1);
    g_assert_cmpuint(vq_filter_match(f, MAC_A, 0), ==, 1);
  }
}

/* Every MAC byte and every VLAN bit is part of the key: no two of these alias. */
static void test_key_distinct(void) {
  g_autoptr(VqFilter) f = vq_filter_new();
  guint q = 1;
  for (int byte = 0; byte < 6; byte++) {
    guint8 mac[6] = {0};
    mac[byte] = 0x01;
    g_assert_true(vq_filter_add(f, q++, mac, 0));
    mac[byte] = 0x80;
    g_assert_true(vq_filter_add(f, q++, mac, 0));
  }
  const guint8 bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  for (int bit = 0; bit < 12; bit++)
    g_assert_true(vq_filter_add(f, q++, bcast, (guint16)(1u << bit)));
  g_assert_cmpuint(vq_filter_count(f), ==, 24);
  q = 1;
  for (int byte = 0; byte < 6; byte++) {
    guint8 mac[6] = {0};
    mac[byte] = 0x01;
    g_assert_cmpuint(vq_filter_match(f, mac, 3), ==, q++);
    mac[byte] = 0x80;
    g_assert_cmpuint(vq_filter_match(f, mac, 0), ==, q++);
  }
  for (int bit = 0; bit < 12; bit++)
    g_assert_cmpuint(vq_filter_match(f, bcast, (guint16)(1u << bit)), ==, q++);
  g_assert_cmpuint(vq_filter_match(f, bcast, 3), ==, VQ_DEFAULT_QUEUE);
  g_assert_cmpuint(vq_filter_match(f, bcast, 0), ==, VQ_DEFAULT_QUEUE);
}

/* Queue 0 is the default queue: a filter cannot name it. */
static void test_queue_zero_refused(void) {
  if (g_test_subprocess()) {
    g_autoptr(VqFilter) f = vq_filter_new();
    vq_filter_add(f, VQ_DEFAULT_QUEUE, MAC_A, 0);
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed();
  g_test_trap_assert_stderr("*queue != VQ_DEFAULT_QUEUE*");
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/filter/mac-only-any-vlan", test_mac_only_any_vlan);
  g_test_add_func("/filter/mac-vlan-anded", test_mac_vlan_anded);
  g_test_add_func("/filter/or-within-queue", test_or_within_queue);
  g_test_add_func("/filter/default-queue", test_default_queue);
  g_test_add_func("/filter/duplicate-rejected", test_duplicate_rejected);
  g_test_add_func("/filter/exact-beats-mac-only", test_exact_beats_mac_only);
  g_test_add_func("/filter/key-distinct", test_key_distinct);
  g_test_add_func("/filter/queue-zero-refused", test_queue_zero_refused);
  return g_test_run();
}
