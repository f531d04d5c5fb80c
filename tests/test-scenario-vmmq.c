/* Scenario loader: VMMQ VPorts, [event] sections, tx and ICMP flows. */
#include <string.h>

#include "models/rss.h"
#include "sim/scenario.h"
#include "tests/scenario-test.h"

static const VqEventConf *event_at(const VqScenario *sc, guint i) {
  return g_ptr_array_index(sc->events, i);
}

static void assert_lps(const guint *got, guint n, const guint *want, guint n_want) {
  g_assert_cmpuint(n, ==, n_want);
  g_assert_cmpmem(got, n * sizeof(guint), want, n_want * sizeof(guint));
}

/* VPorts, events (sorted by time), an ICMP flow and a tx flow. */
static void test_vmmq(void) {
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(DATA "vmmq.ini", NULL, &err);
  g_assert_no_error(err);
  g_assert_cmpuint(sc->max_queue_pairs, ==, 8);
  g_assert_cmpfloat(sc->rss_update_latency_s, ==, 20e-6);
  g_assert_cmpfloat(sc->tx_completion_cycles, ==, 800);

  const VqVportConf *web = &vm_at(sc, 0)->vport;
  g_assert_true(web->enabled);
  g_assert_cmpmem(web->key, 40, vq_rss_ms_key, 40);
  g_assert_cmpuint(web->hash_types, ==,
                   VQ_HASH_IPV4 | VQ_HASH_TCP_IPV4 | VQ_HASH_IPV6 | VQ_HASH_TCP_IPV6);
  g_assert_cmpuint(web->table_size, ==, 16);
  for (guint i = 0; i < 16; i++) /* round-robin over 4-7 */
    g_assert_cmpuint(web->table_lps[i], ==, 4 + i % 4);
  g_assert_cmpuint(web->default_lp, ==, 4);
  /* default, table, then its events by time: dflt 3, move 2, late 1-2, after 0 */
  const guint web_q[] = {4, 5, 6, 7, 3, 2, 1, 0};
  assert_lps(web->queue_lps, web->queue_pairs, web_q, G_N_ELEMENTS(web_q));

  const VqVportConf *db = &vm_at(sc, 1)->vport;
  g_assert_true(db->enabled);
  for (guint i = 0; i < 40; i++)
    g_assert_cmpuint(db->key[i], ==, i);
  g_assert_cmpuint(db->hash_types, ==, VQ_HASH_UDP_IPV4 | VQ_HASH_IPV4);
  const guint db_table[] = {3, 1, 2, 1}, db_q[] = {5, 3, 1, 2, 6};
  assert_lps(db->table_lps, db->table_size, db_table, G_N_ELEMENTS(db_table));
  g_assert_cmpuint(db->default_lp, ==, 5);
  assert_lps(db->queue_lps, db->queue_pairs, db_q, G_N_ELEMENTS(db_q));
  g_assert_false(vm_at(sc, 2)->vport.enabled);
  g_assert_cmpuint(vm_at(sc, 2)->vport.queue_pairs, ==, 0);

  static const char *const order[] = {"dflt", "move", "tie", "late", "after"};
  static const double times[] = {0.1, 0.2, 0.2, 0.3, 0.4};
  g_assert_cmpuint(sc->events->len, ==, 5);
  for (guint i = 0; i < 5; i++) {
    g_assert_cmpstr(event_at(sc, i)->name, ==, order[i]);
    g_assert_cmpfloat_with_epsilon(event_at(sc, i)->time_s, times[i], 1e-12);
  }
  const VqEventConf *e = event_at(sc, 0);
  g_assert_cmpuint(e->vm, ==, 0);
  g_assert_cmpint(e->action, ==, VQ_EVENT_SET_DEFAULT);
  g_assert_cmpuint(e->processor, ==, 3);
  e = event_at(sc, 1);
  g_assert_cmpint(e->action, ==, VQ_EVENT_MOVE_ENTRIES);
  const guint moved[] = {0, 1, 12};
  assert_lps(e->entries, e->n_entries, moved, G_N_ELEMENTS(moved));
  g_assert_cmpuint(e->processor, ==, 2);
  e = event_at(sc, 2); /* size defaults to db's table then: 4 */
  g_assert_cmpuint(e->vm, ==, 1);
  g_assert_cmpint(e->action, ==, VQ_EVENT_SET_TABLE);
  const guint all6[] = {6, 6, 6, 6};
  assert_lps(e->table_lps, e->table_size, all6, G_N_ELEMENTS(all6));
  e = event_at(sc, 3);
  const guint late[] = {1, 2};
  assert_lps(e->table_lps, e->table_size, late, G_N_ELEMENTS(late));
  e = event_at(sc, 4); /* entry 1 of the 2-entry table "late" set */
  g_assert_cmpuint(e->n_entries, ==, 1);
  g_assert_cmpuint(e->entries[0], ==, 1);
  g_assert_cmpuint(e->processor, ==, 0);

  const VqFlowConf *in = flow_at(sc, 0), *ping = flow_at(sc, 1), *out = flow_at(sc, 2);
  g_assert_cmpint(in->direction, ==, VQ_DIR_RX);
  g_assert_cmpint(ping->proto, ==, VQ_PROTO_ICMP);
  g_assert_cmpint(ping->family, ==, 6);
  const guint8 src6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
  const guint8 dst6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};
  g_assert_cmpmem(ping->src_addr, 16, src6, 16);
  g_assert_cmpmem(ping->dst_addr, 16, dst6, 16);
  g_assert_cmpuint(ping->src_port, ==, 0);
  g_assert_cmpuint(ping->dst_port, ==, 0);
  g_assert_cmpint(out->direction, ==, VQ_DIR_TX);
  g_assert_cmpint(out->vm, ==, 0);
  assert_mac(out->dst_mac, 0x00, 0x15, 0x5d, 0x00, 0x00, 0x01); /* the sending VM's */
  g_assert_cmpuint(out->src_port, ==, 80);
}

/* New keys' defaults; a VMMQ VM with only rss_processors; an IPv4 ICMP flow. */
static void test_vmmq_defaults(void) {
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(DATA "defaults.ini", NULL, &err);
  g_assert_no_error(err);
  g_assert_cmpuint(sc->max_queue_pairs, ==, 16);
  g_assert_cmpfloat(sc->rss_update_latency_s, ==, 10e-6);
  g_assert_cmpfloat(sc->tx_completion_cycles, ==, 1000);
  g_assert_false(vm_at(sc, 0)->vport.enabled);
  g_assert_cmpint(flow_at(sc, 0)->direction, ==, VQ_DIR_RX);
  g_assert_cmpuint(sc->events->len, ==, 0);

  const char *const o[] = {"vm.b.vmmq=on",         "vm.b.rss_processors=3, 1-2",
                           "flow.f.protocol=icmp", "flow.f.src=10.0.0.1",
                           "flow.f.dst=10.0.0.2",  NULL};
  g_autoptr(VqScenario) sc2 = vq_scenario_load(DATA "defaults.ini", o, &err);
  g_assert_no_error(err);
  const VqVportConf *vp = &vm_at(sc2, 1)->vport;
  g_assert_true(vp->enabled);
  g_assert_cmpmem(vp->key, 40, vq_rss_ms_key, 40);
  g_assert_cmpuint(vp->hash_types, ==,
                   VQ_HASH_IPV4 | VQ_HASH_TCP_IPV4 | VQ_HASH_IPV6 | VQ_HASH_TCP_IPV6);
  g_assert_cmpuint(vp->table_size, ==, 128);
  const guint rr[] = {3, 1, 2};
  for (guint i = 0; i < 128; i++)
    g_assert_cmpuint(vp->table_lps[i], ==, rr[i % 3]);
  g_assert_cmpuint(vp->default_lp, ==, 3);
  assert_lps(vp->queue_lps, vp->queue_pairs, rr, G_N_ELEMENTS(rr));
  const VqFlowConf *f = flow_at(sc2, 0);
  g_assert_cmpint(f->proto, ==, VQ_PROTO_ICMP);
  g_assert_cmpint(f->family, ==, 4);
  const guint8 src4[4] = {10, 0, 0, 1};
  g_assert_cmpmem(f->src_addr, 4, src4, 4);

  const char *const o2[] = {"vm.b.vmmq=on", "vm.b.rss_processors=0-3", "nic.max_queue_pairs=2",
                            NULL};
  g_free(
      expect_error("defaults.ini", o2, VQ_SCENARIO_ERROR_RANGE,
                   "--set vm.b.vmmq=on: [vm b] vmmq: the VPort uses 4 processors (0, 1, 2, 3), one "
                   "queue each, more than [nic] max_queue_pairs = 2"));
}

/* rss_hash_types takes the IPv6 extension-header types by their rss-hash names. */
static void test_vmmq_hash_types_ex(void) {
  const char *const o[] = {"vm.db.rss_hash_types=ipv6-ex, tcp-ipv6-ex,udp-ipv6-ex , ipv4", NULL};
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(DATA "vmmq.ini", o, &err);
  g_assert_no_error(err);
  g_assert_cmphex(vm_at(sc, 1)->vport.hash_types, ==,
                  VQ_HASH_IPV6_EX | VQ_HASH_TCP_IPV6_EX | VQ_HASH_UDP_IPV6_EX | VQ_HASH_IPV4);
  g_assert_cmphex(VQ_HASH_IPV6_EX | VQ_HASH_TCP_IPV6_EX | VQ_HASH_UDP_IPV6_EX, ==,
                  0x800 | 0x2000 | 0x10000); /* ntddndis.h */
}

/* VMMQ, event and flow errors, one or two --set at a time on vmmq.ini. A prefix starting with
 * '/' is reported at a line of the file (a cross-check on a key the --set did not touch). */
static void test_vmmq_errors(void) {
  static const SetCase cases[] = {
#define S(...) {__VA_ARGS__, NULL}
      {S("vm.db.indirection_table=3,1,2,8"), VQ_SCENARIO_ERROR_REF,
       "--set vm.db.indirection_table=3,1,2,8: [vm db] indirection_table: \"3,1,2,8\" entry "
       "\"8\" is not a processor of this host; expected 0..7"},
      {S("vm.web.rss_processors=4-9"), VQ_SCENARIO_ERROR_REF,
       "--set vm.web.rss_processors=4-9: [vm web] rss_processors: \"4-9\" entry \"9\" is not a "
       "processor of this host"},
      {S("vm.web.rss_processors=7-4"), VQ_SCENARIO_ERROR_RANGE,
       "--set vm.web.rss_processors=7-4: [vm web] rss_processors: \"7-4\" has the backwards "
       "range 7-4; write 4-7"},
      {S("vm.web.indirection_table_size=100"), VQ_SCENARIO_ERROR_RANGE,
       "--set vm.web.indirection_table_size=100: [vm web] indirection_table_size: \"100\" is not "
       "a valid table size; NDIS needs a power of two <= 128"},
      {S("vm.web.indirection_table_size=2"), VQ_SCENARIO_ERROR_RANGE,
       "/:19: [vm web] rss_processors: \"4-7\" lists 4 processors but the table has 2 entries"},
      {S("nic.vmq=off"), VQ_SCENARIO_ERROR_RANGE,
       "/:18: [vm web] vmmq: \"on\" needs [nic] vmq = on"},
      {S("vm.plain.rss_key=00"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set vm.plain.rss_key=00: [vm plain] rss_key: \"00\" is allowed only with vmmq = on"},
      {S("vm.web.vmmq=off"), VQ_SCENARIO_ERROR_SYNTAX,
       "/:19: [vm web] rss_processors: \"4-7\" is allowed only with vmmq = on"},
      {S("vm.db.rss_processors=1"), VQ_SCENARIO_ERROR_SYNTAX,
       "/:28: [vm db] indirection_table: conflicts with rss_processors"},
      {S("vm.plain.vmmq=on"), VQ_SCENARIO_ERROR_MISSING,
       "/:31: [vm plain] rss_processors: missing; give rss_processors = LIST"},
      {S("vm.db.indirection_table_size=4"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set vm.db.indirection_table_size=4: [vm db] indirection_table_size: \"4\" is allowed "
       "only with rss_processors"},
      {S("vm.db.rss_key=abc"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set vm.db.rss_key=abc: [vm db] rss_key: \"abc\" is not a key: RSS key has 3 hex"},
      {S("vm.db.rss_hash_types=ipv4, udp"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set vm.db.rss_hash_types=ipv4, udp: [vm db] rss_hash_types: \"ipv4, udp\" entry "
       "\"udp\" is not a hash type"},
      {S("vm.db.rss_hash_types=ipv4-ex"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set vm.db.rss_hash_types=ipv4-ex: [vm db] rss_hash_types: \"ipv4-ex\" entry "
       "\"ipv4-ex\" is not a hash type; expected a comma list of ipv4, tcp-ipv4, udp-ipv4, ipv6, "
       "tcp-ipv6, udp-ipv6, ipv6-ex, tcp-ipv6-ex, udp-ipv6-ex"},
      {S("vm.db.rss_default_processor=8"), VQ_SCENARIO_ERROR_REF,
       "--set vm.db.rss_default_processor=8: [vm db] rss_default_processor: "},
      {S("event.dflt.vm=plain"), VQ_SCENARIO_ERROR_RANGE,
       "--set event.dflt.vm=plain: [event dflt] vm: \"plain\" has vmmq = off"},
      {S("event.dflt.vm=nope"), VQ_SCENARIO_ERROR_REF,
       "--set event.dflt.vm=nope: [event dflt] vm: \"nope\" is not a VM of this scenario"},
      /* after "late" (300 ms) the table has 2 entries */
      {S("event.after.entries=0-2"), VQ_SCENARIO_ERROR_RANGE,
       "--set event.after.entries=0-2: [event after] entries: \"0-2\" entry \"2\" is not an "
       "entry of [vm web]'s table, which has 2 entries at 400ms; expected 0..1"},
      {S("event.move.entries=3,16"), VQ_SCENARIO_ERROR_RANGE,
       "--set event.move.entries=3,16: [event move] entries: \"3,16\" entry \"16\" is not an "
       "entry of [vm web]'s table, which has 16 entries at 200ms"},
      {S("event.move.entries=3,1-3"), VQ_SCENARIO_ERROR_RANGE,
       "--set event.move.entries=3,1-3: [event move] entries: \"3,1-3\" lists entry 3 twice"},
      {S("event.dflt.rss_key=00"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set event.dflt.rss_key=00: [event dflt] rss_key: VMMQ fixes the key and hash types "
       "for the VPort's life"},
      {S("event.dflt.action=flip"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set event.dflt.action=flip: [event dflt] action: \"flip\" is not allowed; expected "
       "set-table, move-entries or set-default-processor"},
      {S("event.dflt.action=set-table"), VQ_SCENARIO_ERROR_SYNTAX,
       "/:52: [event dflt] processor: \"3\" is allowed only with action = move-entries or "
       "set-default-processor"},
      {S("event.tie.indirection_table=0,1,2"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set event.tie.indirection_table=0,1,2: [event tie] indirection_table: conflicts"},
      {S("event.dflt.time=1s"), VQ_SCENARIO_ERROR_RANGE,
       "--set event.dflt.time=1s: [event dflt] time: \"1s\" is not before the end of the run"},
      {S("vm.web.queue_pairs=7"), VQ_SCENARIO_ERROR_RANGE,
       "--set vm.web.queue_pairs=7: [vm web] queue_pairs: the VPort uses 8 processors (4, 5, 6, "
       "7, 3, 2, 1, 0) but queue_pairs = 7"},
      {S("nic.max_queue_pairs=4", "vm.web.queue_pairs=4"), VQ_SCENARIO_ERROR_RANGE,
       "--set vm.web.queue_pairs=4: [vm web] queue_pairs: the VPort uses 8 processors"},
      {S("nic.max_vmq_queues=12"), VQ_SCENARIO_ERROR_RANGE,
       "/:25: [vm db] vmmq: needs 5 queues, only 4 left of [nic] max_vmq_queues = 12"},
      {S("flow.out.dst_mac=00:15:5d:00:00:01"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set flow.out.dst_mac=00:15:5d:00:00:01: [flow out] dst_mac: \"00:15:5d:00:00:01\" is "
       "allowed only with direction = rx"},
      {S("flow.ping.src=[2001:db8::1]:7"), VQ_SCENARIO_ERROR_SYNTAX,
       "/:76: [flow ping] protocol: \"icmp\" has no ports, but src = \"[2001:db8::1]:7\" gives "
       "one"},
      {S("flow.in.dst=10.0.0.2"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set flow.in.dst=10.0.0.2: [flow in] dst: \"10.0.0.2\" has no port; expected "},
      {S("flow.out.direction=both"), VQ_SCENARIO_ERROR_SYNTAX, "--set flow.out.direction=both: "},
      {S("flow.out.rate=10Gbps"), VQ_SCENARIO_ERROR_RANGE,
       "--set flow.out.rate=10Gbps: [flow out] rate: makes the offered load too much for the wire. "
       "The tx flows up to this one take 10.1333 Gbit/s on the wire"},
      {S("nic.rss_update_latency=11ms"), VQ_SCENARIO_ERROR_RANGE, "--set nic.rss_update_laten"},
      {S("nic.max_queue_pairs=65"), VQ_SCENARIO_ERROR_RANGE, "--set nic.max_queue_pairs=65: "},
      {S("cpu.tx_completion_cycles=-1"), VQ_SCENARIO_ERROR_RANGE, "--set cpu.tx_completion_c"},
#undef S
  };
  run_set_cases("vmmq.ini", cases, G_N_ELEMENTS(cases));
}

/* count = N expands one section into N flows: source ports port..port+N-1, 1/N of the rate
 * each, distinct seeds; the next section's seed is the same as without count. */
static void test_flow_count(void) {
  const char *base[] = {"flow.http.count=4", NULL};
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) plain = vq_scenario_load(DATA "full.ini", NULL, &err);
  g_assert_no_error(err);
  g_autoptr(VqScenario) sc = vq_scenario_load(DATA "full.ini", base, &err);
  g_assert_no_error(err);
  g_assert_cmpuint(sc->flows->len, ==, plain->flows->len + 3);
  const VqFlowConf *p0 = flow_at(plain, 0);
  for (guint i = 0; i < 4; i++) {
    const VqFlowConf *f = flow_at(sc, i);
    g_assert_cmpstr(f->name, ==, p0->name);
    g_assert_cmpuint(f->src_port, ==, p0->src_port + i);
    g_assert_cmpfloat_with_epsilon(f->rate_fps, p0->rate_fps / 4, p0->rate_fps * 1e-12);
    for (guint j = 0; j < i; j++)
      g_assert_cmpuint(f->seed, !=, flow_at(sc, j)->seed);
  }
  for (guint i = 1; i < plain->flows->len; i++)
    g_assert_cmpuint(flow_at(sc, i + 3)->seed, ==, flow_at(plain, i)->seed);

  const char *too_many[] = {"flow.http.count=65536", NULL};
  g_autofree char *m1 =
      expect_error("full.ini", too_many, VQ_SCENARIO_ERROR_RANGE, "--set flow.http.count=65536: ");
  g_assert_nonnull(strstr(m1, "[flow http] count: \"65536\" takes source ports"));
  const char *icmp[] = {"flow.http.count=2", "flow.http.protocol=icmp", "flow.http.src=10.0.0.1",
                        "flow.http.dst=10.0.0.2", NULL};
  g_autofree char *m2 =
      expect_error("full.ini", icmp, VQ_SCENARIO_ERROR_RANGE, "--set flow.http.count=2: ");
  g_assert_nonnull(strstr(m2, "count: \"2\" needs ports"));
  /* found by fuzzing: count had no overall cap (an 8 KB file asked for 6.5 M flows) */
  g_autofree char *m3 = expect_error("too-many-flows.ini", NULL, VQ_SCENARIO_ERROR_RANGE,
                                     "/:24: [flow c] count: \"65536\" brings the scenario to");
  g_assert_nonnull(strstr(m3, "flows; at most 131072"));
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/scenario/vmmq", test_vmmq);
  g_test_add_func("/scenario/vmmq-defaults", test_vmmq_defaults);
  g_test_add_func("/scenario/vmmq-hash-types-ex", test_vmmq_hash_types_ex);
  g_test_add_func("/scenario/vmmq-errors", test_vmmq_errors);
  g_test_add_func("/scenario/flow-count", test_flow_count);
  return g_test_run();
}
