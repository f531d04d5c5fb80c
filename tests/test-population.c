/* Flow populations (sim/input/scenario-population.c, sim/input/ranges.c): ranges respected,
 * tuples distinct, sequential order, the mix's connection counts and rate shares, heavy hitters,
 * determinism, the legacy forms unchanged. The file is tests/data/scenarios/population.ini. */
#include <math.h>
#include <string.h>

#include "sim/scenario.h"
#include "tests/scenario-test.h"
#include "models/seed.h"

static VqScenario *load_with(const char *file, const char *const *overrides) {
  g_autofree char *path = g_strconcat(DATA, file, NULL);
  g_autoptr(GError) err = NULL;
  VqScenario *sc = vq_scenario_load(path, overrides, &err);
  g_assert_no_error(err);
  return sc;
}

/* The flows of section NAME: the first's index in *FIRST, their number returned. */
static guint section(const VqScenario *sc, const char *name, guint *first) {
  guint n = 0;
  *first = 0;
  for (guint i = 0; i < sc->flows->len; i++)
    if (strcmp(flow_at(sc, i)->name, name) == 0 && n++ == 0)
      *first = i;
  return n;
}

static void assert_flow_equal(const VqFlowConf *a, const VqFlowConf *b) {
  g_assert_cmpstr(a->name, ==, b->name);
  g_assert_cmpint(a->shares_name, ==, b->shares_name);
  g_assert_cmpint(a->vm, ==, b->vm);
  g_assert_cmpmem(a->dst_mac, 6, b->dst_mac, 6);
  g_assert_cmpuint(a->vlan, ==, b->vlan);
  g_assert_cmpint(a->family, ==, b->family);
  g_assert_cmpmem(a->src_addr, 16, b->src_addr, 16);
  g_assert_cmpmem(a->dst_addr, 16, b->dst_addr, 16);
  g_assert_cmpuint(a->src_port, ==, b->src_port);
  g_assert_cmpuint(a->dst_port, ==, b->dst_port);
  g_assert_cmpint(a->proto, ==, b->proto);
  g_assert_cmpint(a->is_fragment, ==, b->is_fragment);
  g_assert_cmpuint(a->ethertype, ==, b->ethertype);
  g_assert_cmpint(a->direction, ==, b->direction);
  g_assert_cmpfloat(a->rate_fps, ==, b->rate_fps); /* bit for bit */
  g_assert_cmpuint(a->frame_bytes, ==, b->frame_bytes);
  g_assert_cmpint(a->arrivals, ==, b->arrivals);
  g_assert_cmpuint(a->seed, ==, b->seed);
  g_assert_cmpuint(a->stream, ==, b->stream);
  g_assert_cmpfloat(a->start_s, ==, b->start_s);
  g_assert_cmpfloat(a->stop_s, ==, b->stop_s);
}

static void assert_scenarios_equal(const VqScenario *a, const VqScenario *b) {
  g_assert_cmpuint(a->flows->len, ==, b->flows->len);
  for (guint i = 0; i < a->flows->len; i++)
    assert_flow_equal(flow_at(a, i), flow_at(b, i));
}

/* A section that only names the sequential order, or writes its consecutive ports as a range,
 * or asks for no heavy hitters, gives the very flows count always gave (here 40 connections per
 * VM to the 3 VMs of [vm web], Zipf-split, one stream), so old results cannot move. */
static void test_legacy_forms(void) {
  const char *base[] = {"flow.in.count=40", "flow.in.rate_zipf=1.3",
                        "flow.in.random_stream=per-section", NULL};
  g_autoptr(VqScenario) want = load_with("vm-count.ini", base);
  const char *forms[][2] = {{"flow.in.tuples=sequential", "flow.v6.tuples=sequential"},
                            {"flow.in.src=10.0.0.1:1000-1039", "flow.out.heavy_hitters=0"}};
  for (guint i = 0; i < G_N_ELEMENTS(forms); i++) {
    const char *set[] = {base[0], base[1], base[2], forms[i][0], forms[i][1], NULL};
    g_autoptr(VqScenario) got = load_with("vm-count.ini", set);
    assert_scenarios_equal(want, got);
  }
}

/* The IPv4 or IPv6 4-tuple of F as text, for a set of distinct tuples. */
static char *tuple_text(const VqFlowConf *f) {
  GString *s = g_string_new(NULL);
  for (guint b = 0; b < 16; b++)
    g_string_append_printf(s, "%02x", f->src_addr[b]);
  for (guint b = 0; b < 16; b++)
    g_string_append_printf(s, "%02x", f->dst_addr[b]);
  g_string_append_printf(s, ":%u:%u:%d", f->src_port, f->dst_port, f->family);
  return g_string_free(s, FALSE);
}

/* [flow mix]: every IPv4 connection's src in 10.0.0.0/16, ports 1024..65535 (none for icmp and
 * fragments), dst 192.0.2.10:443; IPv6 in 2001:db8:1::/64 to [2001:db8::10]:443; non-IP
 * without addresses; 4-tuples distinct within a family; draws spread over the /16. */
static void test_ranges(void) {
  g_autoptr(VqScenario) sc = load_with("population.ini", NULL);
  guint first = 0, n = section(sc, "mix", &first);
  g_assert_cmpuint(n, ==, 1000);
  static const guint8 dst4[4] = {192, 0, 2, 10}, zero[16] = {0};
  static const guint8 src6[8] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0};
  static const guint8 dst6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x10};
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) src16 = g_hash_table_new(g_direct_hash, g_direct_equal);
  for (guint i = first; i < first + n; i++) {
    const VqFlowConf *f = flow_at(sc, i);
    gboolean ports = !f->is_fragment && f->proto != VQ_PROTO_ICMP;
    if (f->family == 0) {
      g_assert_true(f->ethertype == 0x0806 || f->ethertype == 0x8847);
      g_assert_cmpmem(f->src_addr, 16, zero, 16);
      g_assert_cmpmem(f->dst_addr, 16, zero, 16);
      g_assert_cmpuint(f->src_port + f->dst_port, ==, 0);
      continue;
    }
    if (f->family == 4) {
      g_assert_true(f->src_addr[0] == 10 && f->src_addr[1] == 0);
      g_assert_cmpmem(f->dst_addr, 4, dst4, 4);
      g_hash_table_add(src16, GUINT_TO_POINTER(f->src_addr[2] << 8 | f->src_addr[3]));
    } else {
      g_assert_cmpmem(f->src_addr, 8, src6, 8);
      g_assert_cmpmem(f->dst_addr, 16, dst6, 16);
    }
    g_assert_cmpuint(f->src_port, >=, ports ? 1024 : 0);
    g_assert_cmpuint(f->src_port, <=, ports ? 65535 : 0);
    g_assert_cmpuint(f->dst_port, ==, ports ? 443 : 0);
    g_assert_true(g_hash_table_add(seen, tuple_text(f)));
  }
  /* 860 IPv4 draws over 65,536 addresses: ~5.6 repeats expected; 20 would be a broken draw. */
  g_assert_cmpuint(g_hash_table_size(src16), >, 860 - 20);
}

/* [flow seq]: src 10.1.0.0/30:1000-1001, count 8, sequential: src port fastest, then address. */
static void test_sequential(void) {
  g_autoptr(VqScenario) sc = load_with("population.ini", NULL);
  guint first = 0, n = section(sc, "seq", &first);
  g_assert_cmpuint(n, ==, 8);
  for (guint k = 0; k < n; k++) {
    const VqFlowConf *f = flow_at(sc, first + k);
    const guint8 src[4] = {10, 1, 0, (guint8)(k / 2)}, dst[4] = {10, 2, 0, 1};
    g_assert_cmpmem(f->src_addr, 4, src, 4);
    g_assert_cmpuint(f->src_port, ==, 1000 + k % 2);
    g_assert_cmpmem(f->dst_addr, 4, dst, 4);
    g_assert_cmpuint(f->dst_port, ==, 80);
    g_assert_cmpfloat(f->rate_fps, ==, 80e3 / 8);
  }
}

/* Kind of a flow, as a mix class would name it (without the family digit). */
static const char *kind_of(const VqFlowConf *f) {
  if (f->family == 0)
    return f->ethertype == 0x0806 ? "arp" : "mpls";
  return f->is_fragment             ? "frag"
         : f->proto == VQ_PROTO_TCP ? "tcp"
         : f->proto == VQ_PROTO_UDP ? "udp"
                                    : "icmp";
}

/* The section's connections per class and their rate, in order of first appearance. */
typedef struct {
  char name[16];
  guint n;
  double rate;
  guint first; /* index of its first flow */
} Tally;

static guint tally(const VqScenario *sc, const char *section_name, Tally *t, guint max) {
  guint first = 0, n = section(sc, section_name, &first), nt = 0;
  for (guint i = first; i < first + n; i++) {
    const VqFlowConf *f = flow_at(sc, i);
    char name[16];
    g_snprintf(name, sizeof name, "%s%s", kind_of(f),
               f->family == 4   ? "4"
               : f->family == 6 ? "6"
                                : "");
    guint k = 0;
    while (k < nt && strcmp(t[k].name, name) != 0)
      k++;
    if (k == nt) {
      g_assert_cmpuint(nt, <, max);
      t[nt++] = (Tally){.first = i};
      g_strlcpy(t[k].name, name, sizeof t[k].name);
    }
    t[k].n++;
    t[k].rate += f->rate_fps;
  }
  return nt;
}

/* mix = tcp4:60 udp4:20 tcp6:10 icmp4:4 arp:3 mpls:1 frag4:2 over 1000 connections at 200 kpps:
 * the classes in mix order, contiguous, their quotas exactly (whole numbers here), each class's
 * rate its weight's share of 200 kpps. */
static void test_mix(void) {
  g_autoptr(VqScenario) sc = load_with("population.ini", NULL);
  static const struct {
    const char *name;
    guint n;
  } want[] = {{"tcp4", 600}, {"udp4", 200}, {"tcp6", 100}, {"icmp4", 40},
              {"arp", 30},   {"mpls", 10},  {"frag4", 20}};
  Tally t[8];
  guint nt = tally(sc, "mix", t, 8), at = t[0].first;
  g_assert_cmpuint(nt, ==, G_N_ELEMENTS(want));
  for (guint k = 0; k < nt; k++) {
    g_assert_cmpstr(t[k].name, ==, want[k].name);
    g_assert_cmpuint(t[k].n, ==, want[k].n);
    g_assert_cmpuint(t[k].first, ==, at); /* contiguous */
    at += t[k].n;
    g_assert_cmpfloat(fabs(t[k].rate / (200e3 * want[k].n / 1000.0) - 1), <, 1e-12);
  }
}

/* Largest remainder, ties to the earlier class, at least one each: 7 over three equal weights
 * is 3, 2, 2; 10 over 97:2:1 (tcp4, arp, tcp6) has quotas 9.7, 0.2, 0.1, so 10, 0, 0 before each
 * class gets its one: 8, 1, 1. Then 200 random weight vectors over 5 classes and 1000 connections:
 * every class within one of its quota (all quotas >= 1 there) and the total exact. */
static void check_counts(const char *count, const char *mix, const guint *want, guint n) {
  const char *set[] = {count, mix, "flow.mix.heavy_hitters=0", NULL};
  g_autoptr(VqScenario) sc = load_with("population.ini", set);
  Tally t[8];
  g_assert_cmpuint(tally(sc, "mix", t, 8), ==, n);
  for (guint k = 0; k < n; k++)
    g_assert_cmpuint(t[k].n, ==, want[k]);
}

static void test_apportion(void) {
  check_counts("flow.mix.count=7", "flow.mix.mix=tcp4:1 tcp6:1 arp:1", (guint[]){3, 2, 2}, 3);
  check_counts("flow.mix.count=10", "flow.mix.mix=tcp4:97 arp:2 tcp6:1", (guint[]){8, 1, 1}, 3);
  g_autoptr(GRand) r = g_rand_new_with_seed(12);
  static const char *const names[] = {"tcp4", "udp4", "icmp4", "tcp6", "arp"};
  for (guint trial = 0; trial < 200; trial++) {
    double w[5], sum = 0;
    GString *mix = g_string_new("flow.mix.mix=");
    for (guint c = 0; c < 5; c++) {
      sum += w[c] = g_rand_double_range(r, 1, 100);
      g_string_append_printf(mix, "%s:%.3f ", names[c], w[c]);
    }
    const char *set[] = {"flow.mix.count=1000", mix->str, "flow.mix.heavy_hitters=0",
                         "flow.mix.tuples=sequential", NULL};
    g_autoptr(VqScenario) sc = load_with("population.ini", set);
    Tally t[8];
    g_assert_cmpuint(tally(sc, "mix", t, 8), ==, 5);
    guint total = 0;
    for (guint c = 0; c < 5; c++) {
      double q = 1000 * (g_ascii_strtod(strchr(strstr(mix->str, names[c]), ':') + 1, NULL) /
                         sum); /* the weight as written */
      g_assert_cmpfloat(fabs(t[c].n - q), <, 1.0 + 1e-6);
      total += t[c].n;
    }
    g_assert_cmpuint(total, ==, 1000);
    g_string_free(mix, TRUE);
  }
}

/* heavy_hitters = 2, heavy_share = 60%, rate_zipf = 1: in each class the first two take 30% of
 * its rate each, and the others' rates fall as 1/(r + 1) with their rank r. */
static void test_heavy(void) {
  g_autoptr(VqScenario) sc = load_with("population.ini", NULL);
  Tally t[8];
  guint nt = tally(sc, "mix", t, 8);
  for (guint k = 0; k < nt; k++) {
    const VqFlowConf *h0 = flow_at(sc, t[k].first), *h1 = flow_at(sc, t[k].first + 1);
    g_assert_cmpfloat(fabs(h0->rate_fps / (0.3 * t[k].rate) - 1), <, 1e-12);
    g_assert_cmpfloat(h0->rate_fps, ==, h1->rate_fps);
    for (guint r = 0; r + 3 < t[k].n; r++) {
      double a = flow_at(sc, t[k].first + 2 + r)->rate_fps;
      double b = flow_at(sc, t[k].first + 3 + r)->rate_fps;
      g_assert_cmpfloat(fabs(a / b - (r + 2.0) / (r + 1.0)), <, 1e-12);
    }
  }
}

/* The same file and seed give the same population; another seed draws other tuples. */
static void test_deterministic(void) {
  g_autoptr(VqScenario) a = load_with("population.ini", NULL);
  g_autoptr(VqScenario) b = load_with("population.ini", NULL);
  assert_scenarios_equal(a, b);
  const char *set[] = {"simulation.seed=8", NULL};
  g_autoptr(VqScenario) c = load_with("population.ini", set);
  guint first = 0, n = section(a, "mix", &first), same = 0;
  for (guint i = first; i < first + n; i++)
    same += flow_at(a, i)->family != 0 &&
            memcmp(flow_at(a, i)->src_addr, flow_at(c, i)->src_addr, 16) == 0;
  g_assert_cmpuint(same, <, 10); /* 960 IP connections; a chance repeat is ~1 in 65,536 */
}

/* Random draws from a space of 64 tuples: 64 of them are the whole space; 65 is an error. */
static void test_dense(void) {
  const char *set[] = {"flow.seq.src=10.1.0.0/28:1000-1003", "flow.seq.tuples=random",
                       "flow.seq.count=64", NULL};
  g_autoptr(VqScenario) sc = load_with("population.ini", set);
  guint first = 0, n = section(sc, "seq", &first);
  gboolean hit[16][4] = {{FALSE}};
  for (guint i = first; i < first + n; i++) {
    const VqFlowConf *f = flow_at(sc, i);
    g_assert_cmpuint(f->src_addr[3], <, 16);
    g_assert_cmpuint(f->src_port - 1000, <, 4);
    g_assert_false(hit[f->src_addr[3]][f->src_port - 1000]);
    hit[f->src_addr[3]][f->src_port - 1000] = TRUE;
  }
  g_assert_cmpuint(n, ==, 64);
  const char *over[] = {set[0], set[1], "flow.seq.count=65", NULL};
  g_free(expect_error("population.ini", over, VQ_SCENARIO_ERROR_RANGE,
                      "--set flow.seq.count=65: [flow seq] count: \"65\" asks for 65 IPv4 "
                      "connections, but src and dst allow only 64 distinct IPv4 tuples"));
}

/* 20,000 distinct random draws over 10.0.0.0/16 with one port: both address bytes uniform by a
 * chi-square test over 256 cells. Draws without replacement from N = 65,536 shrink the statistic
 * by the finite-population factor 1 - n/N (0.695): divided by it, it is chi-square with 255
 * degrees of freedom (mean 255, sd 22.6); outside 255 +- 6 sd (119..391) a fair draw falls
 * about once in 10^8, a skewed one (a bit stuck, a short cycle) far more often. */
static void test_uniform(void) {
  const char *set[] = {"flow.seq.src=10.0.0.0/16:5000", "flow.seq.tuples=random",
                       "flow.seq.count=20000", NULL};
  g_autoptr(VqScenario) sc = load_with("population.ini", set);
  guint first = 0, n = section(sc, "seq", &first);
  for (guint byte = 2; byte < 4; byte++) {
    double cells[256] = {0}, chi2 = 0, e = n / 256.0;
    for (guint i = first; i < first + n; i++)
      cells[flow_at(sc, i)->src_addr[byte]]++;
    for (guint c = 0; c < 256; c++)
      chi2 += (cells[c] - e) * (cells[c] - e) / e;
    chi2 /= 1 - n / 65536.0;
    g_test_message("address byte %u: chi-square %.1f (corrected) over 255 degrees of freedom", byte,
                   chi2);
    g_assert_cmpfloat(fabs(chi2 - 255), <, 6 * sqrt(2 * 255.0));
  }
}

/* A population to each VM of a section with count: the same tuples for every VM, dst + i. */
static void test_per_vm(void) {
  const char *set[] = {"flow.in.src=10.0.0.0/24:1000-1999", "flow.in.tuples=random",
                       "flow.in.count=10", NULL};
  g_autoptr(VqScenario) sc = load_with("vm-count.ini", set);
  guint first = 0, n = section(sc, "in", &first);
  g_assert_cmpuint(n, ==, 30);
  static const guint8 dst[3][4] = {{10, 1, 0, 254}, {10, 1, 0, 255}, {10, 1, 1, 0}};
  guint64 seed = vq_seed_derive(1, 0); /* the file's first flow section, seed 1 */
  for (guint k = 0; k < n; k++) {
    const VqFlowConf *f = flow_at(sc, first + k), *f0 = flow_at(sc, first + k % 10);
    g_assert_cmpint(f->vm, ==, (int)(k / 10));
    g_assert_cmpmem(f->dst_addr, 4, dst[k / 10], 4);
    g_assert_cmpmem(f->src_addr, 16, f0->src_addr, 16);
    g_assert_cmpuint(f->src_port, ==, f0->src_port);
    g_assert_cmpuint(f->seed, ==, vq_seed_derive(seed, k));
  }
}

/* Bad ranges, classes, weights and shares: one line naming the key, what is wrong and what is
 * allowed, with "did you mean" where a near name exists. Mix weights are weights, not percents:
 * they need not sum to 100, only be > 0. */
#define SEQ(v) "flow.seq.src=" v
#define MIX(v) "flow.mix.mix=" v
#define SYN VQ_SCENARIO_ERROR_SYNTAX
#define RNG VQ_SCENARIO_ERROR_RANGE
static const SetCase error_cases[] = {
    {{SEQ("10.1.0.0/33:1000")},
     SYN,
     "--set " SEQ("10.1.0.0/33:1000") ": [flow seq] src: "
                                      "\"10.1.0.0/33:1000\" has prefix length \"33\"; IPv4 takes "
                                      "/0 to /32; expected one range"},
    {{SEQ("10.1.0.1/30:1000")},
     SYN,
     "--set " SEQ("10.1.0.1/30:1000") ": [flow seq] src: "
                                      "\"10.1.0.1/30:1000\" has host bits set in 10.1.0.1/30; "
                                      "did you mean 10.1.0.0/30? expected"},
    {{SEQ("[2001:db8::/129]:80")},
     SYN,
     "--set " SEQ("[2001:db8::/129]:80") ": [flow seq] src: "
                                         "\"[2001:db8::/129]:80\" has prefix length \"129\"; "
                                         "IPv6 takes /0 to /128"},
    {{SEQ("10.1.0.0/30:2000-1000")},
     SYN,
     "--set " SEQ("10.1.0.0/30:2000-1000") ": [flow seq] "
                                           "src: \"10.1.0.0/30:2000-1000\" has port range "
                                           "2000-1000, which runs backwards"},
    {{SEQ("10.1.0.0/30:1000-70000")},
     SYN,
     "--set " SEQ(
         "10.1.0.0/30:1000-70000") ": [flow seq] "
                                   "src: \"10.1.0.0/30:1000-70000\" has port 70000, past 65535"},
    {{SEQ("10.1.0.0/30:1, 10.2.0.0/30:1")},
     SYN,
     "--set " SEQ("10.1.0.0/30:1, 10.2.0.0/30:1") ": [flow seq] src: \"10.1.0.0/30:1, "
                                                  "10.2.0.0/30:1\" lists IPv4 twice"},
    {{SEQ("10.1.0.0/30")},
     SYN,
     "--set " SEQ("10.1.0.0/30") ": [flow seq] src: \"10.1.0.0/30\" "
                                 "has no IPv4 port; tcp4 needs ports"},
    {{"flow.seq.protocol=icmp"},
     SYN,
     "/:38: [flow seq] src: \"10.1.0.0/30:1000-1001\" gives IPv4 "
     "ports, but icmp4 has none; write the address alone"},
    {{MIX("tcp:60 udp4:20 tcp6:20")},
     SYN,
     "--set " MIX("tcp:60 udp4:20 tcp6:20") ": [flow mix] "
                                            "mix: \"tcp:60 udp4:20 tcp6:20\" has class \"tcp\"; "
                                            "did you mean tcp4? expected NAME:WEIGHT"},
    {{MIX("tcp4:0 tcp6:1")},
     SYN,
     "--set " MIX("tcp4:0 tcp6:1") ": [flow mix] mix: \"tcp4:0 "
                                   "tcp6:1\" has \"tcp4:0\", not NAME:WEIGHT with a weight > 0"},
    {{MIX("tcp4:1 tcp4:2")},
     SYN,
     "--set " MIX("tcp4:1 tcp4:2") ": [flow mix] mix: \"tcp4:1 "
                                   "tcp4:2\" names tcp4 twice"},
    {{MIX("tcp4:1 tcp6:1 ethertype-0x0800:1")},
     SYN,
     "--set " MIX(
         "tcp4:1 tcp6:1 "
         "ethertype-0x0800:1") ": [flow mix] mix: \"tcp4:1 tcp6:1 ethertype-0x0800:1\" has class "
                               "ethertype-0x0800, which is IPv4: use tcp4"},
    {{MIX("tcp4:1")},
     RNG,
     "/:24: [flow mix] src: \"10.0.0.0/16:1024-65535, "
     "[2001:db8:1::/64]:1024-65535\" gives an IPv6 range, but no class is IPv6"},
    {{"flow.seq.mix=tcp4:1"}, SYN, "/:40: [flow seq] protocol: conflicts with mix"},
    {{"flow.mix.count=3"},
     RNG,
     "--set flow.mix.count=3: [flow mix] count: \"3\" is fewer than "
     "the 7 classes of mix"},
    {{"flow.mix.heavy_share=60"},
     RNG,
     "--set flow.mix.heavy_share=60: [flow mix] heavy_share: "
     "\"60\" is not a share; expected a percentage above 0% and below 100%"},
    {{"flow.mix.heavy_share=100%"},
     RNG,
     "--set flow.mix.heavy_share=100%: [flow mix] "
     "heavy_share: \"100%\" is not a share"},
    {{"flow.seq.heavy_hitters=1"},
     VQ_SCENARIO_ERROR_MISSING,
     "/:36: [flow seq] heavy_share: "
     "missing"},
    {{"flow.mix.heavy_hitters=20"},
     RNG,
     "--set flow.mix.heavy_hitters=20: [flow mix] "
     "heavy_hitters: \"20\" leaves class mpls, with 10 of the 1000 connections, no others"},
    {{"flow.seq.tuples=sideways"},
     SYN,
     "--set flow.seq.tuples=sideways: [flow seq] tuples: "
     "\"sideways\" is not allowed; expected sequential or random"},
};

static void test_errors(void) {
  run_set_cases("population.ini", error_cases, G_N_ELEMENTS(error_cases));
  /* The VM side of a population to a section with count is one address, each VM's + i. */
  const char *vm_side[] = {"flow.in.dst=10.1.0.0/24:80", NULL};
  g_free(expect_error("vm-count.ini", vm_side, RNG,
                      "--set flow.in.dst=10.1.0.0/24:80: [flow in] dst: \"10.1.0.0/24:80\" is a "
                      "prefix, but VM web-i of [vm web] (count = 3) takes this side's address"));
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/population/legacy-forms", test_legacy_forms);
  g_test_add_func("/population/ranges", test_ranges);
  g_test_add_func("/population/sequential", test_sequential);
  g_test_add_func("/population/mix", test_mix);
  g_test_add_func("/population/apportion", test_apportion);
  g_test_add_func("/population/heavy", test_heavy);
  g_test_add_func("/population/deterministic", test_deterministic);
  g_test_add_func("/population/dense", test_dense);
  g_test_add_func("/population/uniform", test_uniform);
  g_test_add_func("/population/per-vm", test_per_vm);
  g_test_add_func("/population/errors", test_errors);
  return g_test_run();
}
