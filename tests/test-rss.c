/* RSS hashing (models/rss): Microsoft's verification vectors, table-driven == bit-serial
 * Toeplitz, the NDIS hash-type selection rules, the indirection index, key parsing. */
#define _POSIX_C_SOURCE 200809L /* inet_pton, in rss-vectors.h */

#include <string.h>

#include "models/rss.h"
#include "tests/rss-vectors.h"

/* All 16 published hashes, through vq_rss_hash_packet and both Toeplitz forms. */
static void test_ms_vectors(void) {
  GArray *v = load_vectors();
  g_assert_cmpuint(v->len, ==, 8);
  guint n4 = 0, n6 = 0, checked = 0;
  g_autoptr(VqToeplitz) t = vq_toeplitz_new(vq_rss_ms_key);
  for (guint i = 0; i < v->len; i++) {
    const Vector *x = &g_array_index(v, Vector, i);
    gboolean v4 = x->p.family == 4;
    n4 += v4, n6 += !v4;
    guint32 two = v4 ? VQ_HASH_IPV4 : VQ_HASH_IPV6;
    guint32 four = v4 ? VQ_HASH_TCP_IPV4 : VQ_HASH_TCP_IPV6;
    const guint32 types[2] = {two, four}, want[2] = {x->hash_addr, x->hash_tcp};
    const gsize lens[2] = {v4 ? 8 : 32, v4 ? 12 : 36};
    for (int k = 0; k < 2; k++) {
      g_test_message("%s: %s", x->line, vq_rss_type_name(types[k]));
      guint32 hash = 0, type = 0;
      g_assert_true(vq_rss_hash_packet(t, types[k], &x->p, &hash, &type));
      g_assert_cmpuint(type, ==, types[k]);
      g_assert_cmphex(hash, ==, want[k]);
      guint8 in[VQ_RSS_MAX_INPUT_BYTES];
      g_assert_cmpuint(vq_rss_build_input(types[k], &x->p, in), ==, lens[k]);
      g_assert_cmphex(vq_toeplitz_hash(t, in, lens[k]), ==, want[k]);
      g_assert_cmphex(vq_toeplitz_bitwise(vq_rss_ms_key, in, lens[k]), ==, want[k]);
      checked++;
    }
  }
  g_assert_cmpuint(n4, ==, 5);
  g_assert_cmpuint(n6, ==, 3);
  g_assert_cmpuint(checked, ==, 16);
  free_vectors(v);
}

/* The input is source address, destination address, source port, destination port. */
static void test_input_layout(void) {
  VqRssPacket p = {.family = 4, .ip_proto = VQ_PROTO_UDP, .src_port = 0x1234, .dst_port = 0xabcd};
  memcpy(p.src_addr, (guint8[]){10, 0, 0, 1}, 4);
  memcpy(p.dst_addr, (guint8[]){10, 0, 0, 2}, 4);
  guint8 in[VQ_RSS_MAX_INPUT_BYTES];
  const guint8 want[12] = {10, 0, 0, 1, 10, 0, 0, 2, 0x12, 0x34, 0xab, 0xcd};
  g_assert_cmpuint(vq_rss_build_input(VQ_HASH_UDP_IPV4, &p, in), ==, 12);
  g_assert_cmpmem(in, 12, want, 12);
  g_assert_cmpuint(vq_rss_build_input(VQ_HASH_IPV4, &p, in), ==, 8);
  g_assert_cmpmem(in, 8, want, 8);
  g_assert_cmpuint(vq_rss_build_input(VQ_HASH_UDP_IPV6, &p, in), ==, 36);
  g_assert_cmpmem(in + 32, 4, want + 8, 4);
}

/* Table-driven == bit-serial, for random keys and inputs of every length 0..36. */
static void test_fast_equals_bitwise(void) {
  g_autoptr(GRand) rng = g_rand_new_with_seed(20240601);
  guint compared = 0, nonzero = 0;
  for (int round = 0; round < 10000; round++) {
    guint8 key[VQ_RSS_KEY_LEN], in[VQ_RSS_MAX_INPUT_BYTES];
    for (gsize i = 0; i < sizeof key; i++)
      key[i] = (guint8)g_rand_int(rng);
    for (gsize i = 0; i < sizeof in; i++)
      in[i] = (guint8)g_rand_int(rng);
    g_autoptr(VqToeplitz) t = vq_toeplitz_new(key);
    for (gsize len = 0; len <= VQ_RSS_MAX_INPUT_BYTES; len++) {
      guint32 slow = vq_toeplitz_bitwise(key, in, len);
      g_assert_cmphex(vq_toeplitz_hash(t, in, len), ==, slow);
      compared++;
      nonzero += slow != 0;
    }
  }
  g_assert_cmpuint(compared, ==, 10000 * 37);
  g_assert_cmpuint(nonzero, >, 10000 * 36 - 100); /* only length 0 is always 0 */
  /* One input bit set = the key window at that bit: input bit 287 (the last) sees key bits
   * 287..318, so only the key's very last bit is never used. */
  guint8 in[VQ_RSS_MAX_INPUT_BYTES] = {0};
  in[35] = 0x01;
  g_assert_cmphex(vq_toeplitz_bitwise(vq_rss_ms_key, in, 36), ==, (guint32)(0x3bbeac01faull >> 1));
}

/* An IPv4 (or IPv6) TCP flow between the first vector's addresses and ports. */
static VqRssPacket vector_packet(guint family, guint8 proto) {
  GArray *v = load_vectors();
  VqRssPacket p = {0};
  for (guint i = 0; i < v->len; i++)
    if (g_array_index(v, Vector, i).p.family == family) {
      p = g_array_index(v, Vector, i).p;
      break;
    }
  free_vectors(v);
  g_assert_cmpuint(p.family, ==, family);
  p.ip_proto = proto;
  return p;
}

static void check_selection(guint family) {
  g_autoptr(VqToeplitz) t = vq_toeplitz_new(vq_rss_ms_key);
  gboolean v4 = family == 4;
  guint32 ip = v4 ? VQ_HASH_IPV4 : VQ_HASH_IPV6, tcp = v4 ? VQ_HASH_TCP_IPV4 : VQ_HASH_TCP_IPV6,
          udp = v4 ? VQ_HASH_UDP_IPV4 : VQ_HASH_UDP_IPV6;
  guint32 other = v4 ? VQ_HASH_IPV6 | VQ_HASH_TCP_IPV6 | VQ_HASH_UDP_IPV6 | VQ_HASH_EX_TYPES
                     : VQ_HASH_IPV4 | VQ_HASH_TCP_IPV4 | VQ_HASH_UDP_IPV4;
  /* The IPv6 extension-header types have their own tests (test-rss-ex.c). */
  const guint32 all = VQ_HASH_ALL_MODELLED & ~VQ_HASH_EX_TYPES;
  VqRssPacket tcp_p = vector_packet(family, VQ_PROTO_TCP);
  VqRssPacket udp_p = vector_packet(family, VQ_PROTO_UDP);
  guint32 addr_hash = 0, tcp_hash = 0, h = 0, type = 0;
  g_assert_true(vq_rss_hash_packet(t, ip, &tcp_p, &addr_hash, &type));
  g_assert_cmphex(type, ==, ip);
  g_assert_true(vq_rss_hash_packet(t, ip | tcp, &tcp_p, &tcp_hash, &type));
  g_assert_cmphex(type, ==, tcp);
  g_assert_cmphex(tcp_hash, !=, addr_hash);

  /* UDP with only the TCP types (and the 2-tuple) enabled: the 2-tuple hash. */
  g_assert_cmphex(vq_rss_select(all & ~udp, &udp_p), ==, ip);
  g_assert_true(vq_rss_hash_packet(t, ip | tcp, &udp_p, &h, &type));
  g_assert_cmphex(type, ==, ip);
  g_assert_cmphex(h, ==, addr_hash);
  /* UDP with UDP enabled: same Toeplitz input layout as TCP, so the same hash. */
  g_assert_true(vq_rss_hash_packet(t, all, &udp_p, &h, &type));
  g_assert_cmphex(type, ==, udp);
  g_assert_cmphex(h, ==, tcp_hash);
  /* A 4-tuple type alone does not hash other traffic. */
  g_assert_cmphex(vq_rss_select(tcp, &udp_p), ==, 0);
  g_assert_cmphex(vq_rss_select(udp, &tcp_p), ==, 0);

  /* A fragment of a TCP (or UDP) frame: 2-tuple, whatever is enabled; 0 without it. */
  VqRssPacket frag = tcp_p;
  frag.is_fragment = TRUE;
  g_assert_true(vq_rss_hash_packet(t, all, &frag, &h, &type));
  g_assert_cmphex(type, ==, ip);
  g_assert_cmphex(h, ==, addr_hash);
  g_assert_cmphex(vq_rss_select(tcp | udp | other, &frag), ==, 0);
  frag = udp_p;
  frag.is_fragment = TRUE;
  g_assert_cmphex(vq_rss_select(all, &frag), ==, ip);

  /* Another protocol (ICMP): the 2-tuple. */
  VqRssPacket icmp = vector_packet(family, v4 ? 1 : 58);
  g_assert_cmphex(vq_rss_select(all, &icmp), ==, ip);

  /* Only the other family's types, or nothing, enabled: no hash, hash and type zeroed. */
  h = type = 0xdead;
  g_assert_false(vq_rss_hash_packet(t, other, &tcp_p, &h, &type));
  g_assert_cmphex(h, ==, 0);
  g_assert_cmphex(type, ==, 0);
  g_assert_false(vq_rss_hash_packet(t, 0, &tcp_p, &h, NULL));
  g_assert_cmphex(vq_rss_select(0, &udp_p), ==, 0);
}

static void test_select_ipv4(void) {
  check_selection(4);
}

static void test_select_ipv6(void) {
  check_selection(6);
}

static void test_select_non_ip(void) {
  g_autoptr(VqToeplitz) t = vq_toeplitz_new(vq_rss_ms_key);
  VqRssPacket p = vector_packet(4, VQ_PROTO_TCP);
  p.family = 0; /* e.g. ARP */
  guint32 h = 1, type = 1;
  g_assert_cmphex(vq_rss_select(VQ_HASH_ALL_MODELLED, &p), ==, 0);
  g_assert_false(vq_rss_hash_packet(t, VQ_HASH_ALL_MODELLED, &p, &h, &type));
  g_assert_cmphex(h, ==, 0);
  g_assert_cmphex(type, ==, 0);
}

static void test_table_index(void) {
  guint valid = 0;
  for (guint n = 0; n <= 300; n++) {
    gboolean want =
        n == 1 || n == 2 || n == 4 || n == 8 || n == 16 || n == 32 || n == 64 || n == 128;
    g_assert_cmpint(vq_rss_table_size_valid(n), ==, want);
    valid += want;
  }
  g_assert_cmpuint(valid, ==, 8);
  g_assert_false(vq_rss_table_size_valid(256));
  g_assert_false(vq_rss_table_size_valid(G_MAXUINT));
  const guint32 hashes[] = {0x51ccc178, 0x323e8fc2, 0xffffffff, 0, 0x80000000, 0x7f};
  for (gsize i = 0; i < G_N_ELEMENTS(hashes); i++)
    for (guint n = 1; n <= VQ_RSS_TABLE_MAX; n *= 2) {
      guint idx = vq_rss_table_index(hashes[i], n);
      g_assert_cmpuint(idx, <, n);
      g_assert_cmpuint(idx, ==, hashes[i] % n); /* the low log2(n) bits */
    }
  g_assert_cmpuint(vq_rss_table_index(0x51ccc178, 128), ==, 0x78);
  g_assert_cmpuint(vq_rss_table_index(0x51ccc178, 8), ==, 0);
  g_assert_cmpuint(vq_rss_table_index(0x51ccc17f, 8), ==, 7);
  g_assert_cmpuint(vq_rss_table_index(0xffffffff, 1), ==, 0);
}

/* Run only through g_test_trap_subprocess ("subprocess" paths are skipped otherwise). */
static void refused_subprocess(gconstpointer size) {
  vq_rss_table_index(0x1234, GPOINTER_TO_UINT(size));
}

/* A table size that is not a power of two <= 128 is a programming error. */
static void test_table_index_refused(void) {
  const guint sizes[] = {0, 100, 256};
  for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
    g_autofree char *path = g_strdup_printf("/rss/table/index-refused/subprocess/%u", sizes[i]);
    g_test_trap_subprocess(path, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*vq_rss_table_size_valid*");
  }
}

static void test_key_parse(void) {
  guint8 key[VQ_RSS_KEY_LEN];
  const char *ms =
      "6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa";
  g_autoptr(GError) error = NULL;
  g_assert_true(vq_rss_key_parse_hex(ms, key, &error));
  g_assert_no_error(error);
  g_assert_cmpmem(key, sizeof key, vq_rss_ms_key, sizeof vq_rss_ms_key);
  g_autofree char *upper = g_strconcat("0X", ms, NULL);
  for (char *c = upper + 2; *c; c++)
    *c = g_ascii_toupper(*c);
  memset(key, 0, sizeof key);
  g_assert_true(vq_rss_key_parse_hex(upper, key, NULL));
  g_assert_cmpmem(key, sizeof key, vq_rss_ms_key, sizeof vq_rss_ms_key);
  g_autofree char *lower0x = g_strconcat("0x", ms, NULL);
  g_assert_true(vq_rss_key_parse_hex(lower0x, key, NULL));

  g_autofree char *short_key = g_strndup(ms, 78);
  g_autofree char *long_key = g_strconcat(ms, "00", NULL);
  g_autofree char *bad_digit = g_strdup(ms);
  bad_digit[10] = 'g';
  g_autofree char *spaced = g_strconcat(" ", ms, NULL);
  const struct {
    const char *text, *pattern;
  } bad[] = {
      {"", "*0 hex digits*80*"},
      {"0x", "*0 hex digits*"},
      {short_key, "*78 hex digits*"},
      {long_key, "*82 hex digits*"},
      {bad_digit, "*'g'*11*not a hex digit*"},
      {spaced, "*' '*not a hex digit*"},
      {"0x0x00", "*'x'*not a hex digit*"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    memcpy(key, vq_rss_ms_key, sizeof key);
    g_clear_error(&error);
    g_assert_false(vq_rss_key_parse_hex(bad[i].text, key, &error));
    g_assert_error(error, VQ_RSS_ERROR, VQ_RSS_ERROR_KEY);
    if (!g_pattern_match_simple(bad[i].pattern, error->message))
      g_error("key '%s': message '%s' does not match '%s'", bad[i].text, error->message,
              bad[i].pattern);
    g_assert_cmpmem(key, sizeof key, vq_rss_ms_key, sizeof vq_rss_ms_key); /* untouched */
  }
}

static void test_type_names(void) {
  const char *names[] = {"ipv4",     "tcp-ipv4", "udp-ipv4",    "ipv6",       "tcp-ipv6",
                         "udp-ipv6", "ipv6-ex",  "tcp-ipv6-ex", "udp-ipv6-ex"};
  const guint32 types[] = {0x100,  0x200, 0x4000, 0x400,  0x1000,
                           0x8000, 0x800, 0x2000, 0x10000}; /* ntddndis.h */
  guint32 all = 0;
  for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
    g_assert_cmphex(vq_rss_type_from_name(names[i]), ==, types[i]);
    g_assert_cmpstr(vq_rss_type_name(types[i]), ==, names[i]);
    all |= types[i];
  }
  g_assert_cmphex(all, ==, VQ_HASH_ALL_MODELLED);
  g_assert_cmphex(vq_rss_type_from_name("TCP-IPV4"), ==, 0);
  g_assert_cmphex(vq_rss_type_from_name("ipv4-ex"), ==, 0); /* NDIS has no IPv4 _EX type */
  g_assert_cmphex(vq_rss_type_from_name("tcp-ipv6ex"), ==, 0);
  g_assert_cmphex(vq_rss_type_from_name(""), ==, 0);
  g_assert_null(vq_rss_type_name(0));
  g_assert_null(vq_rss_type_name(0x20000));
  g_assert_null(vq_rss_type_name(VQ_HASH_IPV4 | VQ_HASH_TCP_IPV4));
}

/* The default table deals the processors round robin: 8 entries over 3 processors. */
static void test_table_default(void) {
  const guint procs[] = {4, 9, 2};
  guint table[8];
  vq_rss_table_fill_default(table, 8, procs, 3);
  const guint want[] = {4, 9, 2, 4, 9, 2, 4, 9};
  for (guint i = 0; i < 8; i++)
    g_assert_cmpuint(table[i], ==, want[i]);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/rss/table/default-round-robin", test_table_default);
  g_test_add_func("/rss/toeplitz/ms-vectors", test_ms_vectors);
  g_test_add_func("/rss/toeplitz/input-layout", test_input_layout);
  g_test_add_func("/rss/toeplitz/fast-equals-bitwise", test_fast_equals_bitwise);
  g_test_add_func("/rss/select/ipv4", test_select_ipv4);
  g_test_add_func("/rss/select/ipv6", test_select_ipv6);
  g_test_add_func("/rss/select/non-ip", test_select_non_ip);
  g_test_add_func("/rss/table/index", test_table_index);
  g_test_add_func("/rss/table/index-refused", test_table_index_refused);
  g_test_add_data_func("/rss/table/index-refused/subprocess/0", GUINT_TO_POINTER(0),
                       refused_subprocess);
  g_test_add_data_func("/rss/table/index-refused/subprocess/100", GUINT_TO_POINTER(100),
                       refused_subprocess);
  g_test_add_data_func("/rss/table/index-refused/subprocess/256", GUINT_TO_POINTER(256),
                       refused_subprocess);
  g_test_add_func("/rss/key/parse-hex", test_key_parse);
  g_test_add_func("/rss/type-names", test_type_names);
  return g_test_run();
}
