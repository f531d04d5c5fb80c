/* A population's frames through a VPort's RSS (models/vport.c, models/rss.c), by the NDIS rules
 * of "RSS Hashing Types": non-IP frames are not hashed and go to the default processor; an IP
 * fragment and ICMP are hashed on their addresses with the 2-tuple type, whatever 4-tuple types
 * are on; TCP and UDP with their 4-tuple type when it is on. Then a run: the VPort's
 * unhashed_frames is what its default processor's queue received. */
#include <math.h>

#include "models/rss.h"
#include "models/vport.h"
#include "tests/e2e.h"
#include "tests/scenario-test.h"

/* UDP's 4-tuple type on, so that a fragment's 2-tuple hash is a choice the NIC makes. */
static const char *const udp_on[] = {
    "vm.web.rss_hash_types=ipv4,tcp-ipv4,udp-ipv4,ipv6,tcp-ipv6,udp-ipv6", NULL};

/* The hash of F's addresses alone (the 2-tuple type of its family) under the MS key. */
static guint32 two_tuple(const VqFlowConf *f) {
  g_autoptr(VqToeplitz) t = vq_toeplitz_new(vq_rss_ms_key);
  VqRssPacket pk = {.family = (guint8)f->family, .ip_proto = VQ_PROTO_UDP};
  memcpy(pk.src_addr, f->src_addr, 16);
  memcpy(pk.dst_addr, f->dst_addr, 16);
  guint32 hash, type;
  g_assert_true(
      vq_rss_hash_packet(t, f->family == 4 ? VQ_HASH_IPV4 : VQ_HASH_IPV6, &pk, &hash, &type));
  return hash;
}

static void test_hash_types(void) {
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(DATA "population.ini", udp_on, &err);
  g_assert_no_error(err);
  const VqVmConf *vm = vm_at(sc, 0);
  g_autoptr(VqVport) vp = vq_vport_new(sc, 0, 1);
  guint seen[4] = {0}; /* non-IP, fragments, icmp, tcp/udp */
  for (guint i = 0; i < sc->flows->len; i++) {
    const VqFlowConf *f = flow_at(sc, i);
    VqVportLookup l;
    vq_vport_lookup(vp, f, 0, &l);
    if (f->family == 0) {
      g_assert_cmpuint(l.type, ==, 0);
      g_assert_cmpuint(l.processor, ==, vm->vport.default_lp);
      seen[0]++;
      continue;
    }
    g_assert_cmpuint(l.processor, ==, vm->vport.table_lps[l.hash & (vm->vport.table_size - 1)]);
    guint32 ip = f->family == 4 ? VQ_HASH_IPV4 : VQ_HASH_IPV6;
    if (f->is_fragment || f->proto == VQ_PROTO_ICMP) {
      g_assert_cmpuint(l.type, ==, ip);
      g_assert_cmpuint(l.hash, ==, two_tuple(f));
      seen[f->is_fragment ? 1 : 2]++;
    } else {
      g_assert_cmpuint(l.type, ==,
                       f->proto == VQ_PROTO_TCP
                           ? (f->family == 4 ? VQ_HASH_TCP_IPV4 : VQ_HASH_TCP_IPV6)
                           : (f->family == 4 ? VQ_HASH_UDP_IPV4 : VQ_HASH_UDP_IPV6));
      seen[3]++;
    }
  }
  g_assert_cmpuint(seen[0], ==, 40 + 2); /* arp 30, mpls 10, [flow lldp] 2 */
  g_assert_cmpuint(seen[1], ==, 20);
  g_assert_cmpuint(seen[2], ==, 40);
  g_assert_cmpuint(seen[3], ==, 900 + 8);
}

/* Without the IPv6 types, IPv6 frames go to the default processor too. */
static void test_type_off(void) {
  const char *v4_only[] = {"vm.web.rss_hash_types=ipv4,tcp-ipv4", NULL};
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(DATA "population.ini", v4_only, &err);
  g_assert_no_error(err);
  g_autoptr(VqVport) vp = vq_vport_new(sc, 0, 1);
  guint unhashed = 0;
  for (guint i = 0; i < sc->flows->len; i++) {
    guint32 hash;
    gboolean hashed = vq_vport_flow_hash(vp, flow_at(sc, i), &hash);
    g_assert_true(hashed == (flow_at(sc, i)->family == 4));
    unhashed += !hashed;
  }
  g_assert_cmpuint(unhashed, ==, 40 + 2 + 100); /* non-IP, and tcp6 */
}

/* A run: the default processor (3) is in no table entry, so its queue receives exactly the
 * frames no hash type covers, which the VPort reports as unhashed_frames. They are the non-IP
 * 4% of [flow mix]'s 200 kpps and [flow lldp]'s 1 kpps over 50 ms: 450 expected, Poisson sd
 * 21.2; 6 sd allowed. */
static void test_run(void) {
  g_autofree char *sc = scenario("tests/data/scenarios/population.ini");
  const char *args[] = {"--set", "simulation.duration=50ms", "--quiet", NULL};
  g_autofree char *dir = run_sim(sc, args);
  JsonParser *p;
  JsonObject *s = load_summary(dir, &p);
  gint64 unhashed = json_object_get_int_member(entity(s, "vports", "web"), "unhashed_frames");
  JsonArray *qs = json_object_get_array_member(s, "queues");
  gint64 on_default = -1;
  for (guint i = 0; i < json_array_get_length(qs); i++) {
    JsonObject *q = json_array_get_object_element(qs, i);
    if (!g_strcmp0(json_object_get_string_member(q, "vm"), "web") &&
        json_object_get_int_member(q, "processor") == 3)
      on_default = json_object_get_int_member(q, "offered_frames");
  }
  g_test_message("unhashed_frames %" G_GINT64_FORMAT
                 ", default processor's queue %" G_GINT64_FORMAT,
                 unhashed, on_default);
  g_assert_cmpint(unhashed, ==, on_default);
  g_assert_cmpfloat(fabs(unhashed - 450.0), <, 6 * sqrt(450.0));
  g_object_unref(p);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/population-rss/hash-types", test_hash_types);
  g_test_add_func("/population-rss/type-off", test_type_off);
  g_test_add_func("/population-rss/run", test_run);
  return g_test_run();
}
