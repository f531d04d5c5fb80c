/* Scenario loader: [vm NAME] count (one section for N alike VMs) and the flows and events that
 * name such a section (sim/input/scenario-vm.c, sim/input/scenario-flow.c,
 * sim/input/scenario-events.c). */
#include <math.h>
#include <string.h>

#include "sim/scenario.h"
#include "sim/input/units.h"
#include "tests/scenario-test.h"
#include "models/seed.h"

static VqScenario *load_ok(const char *file, const char *const *overrides) {
  g_autofree char *path = g_strconcat(DATA, file, NULL);
  g_autoptr(GError) err = NULL;
  VqScenario *sc = vq_scenario_load(path, overrides, &err);
  g_assert_no_error(err);
  g_assert_nonnull(sc);
  return sc;
}

/* The last 4 bytes of an address (IPv4: all of it) as a number. */
static guint32 addr_tail(const guint8 *addr, int family) {
  const guint8 *p = family == 4 ? addr : addr + 12;
  return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* Names, MACs (mac + i, carrying into the next octet), vlan, queue processors from a list
 * (entry i mod 2), vCPUs from a list (entries i*2.. mod 5), other keys alike; a plain VM after
 * them keeps its name and the default rotation by its index. */
static void test_expand(void) {
  g_autoptr(VqScenario) sc = load_ok("vm-count.ini", NULL);
  g_assert_cmpuint(sc->vms->len, ==, 4);
  static const char *const names[] = {"web-1", "web-2", "web-3"};
  static const guint8 last2[][2] = {{0x00, 0xfe}, {0x00, 0xff}, {0x01, 0x00}};
  static const guint queue_lp[] = {1, 2, 1};
  static const guint vcpu_lps[][2] = {{3, 4}, {5, 6}, {7, 3}};
  for (guint i = 0; i < 3; i++) {
    const VqVmConf *vm = vm_at(sc, i);
    g_assert_cmpstr(vm->name, ==, names[i]);
    g_assert_cmpstr(vm->section, ==, "web");
    g_assert_cmpuint(vm->instance, ==, i + 1);
    assert_mac(vm->mac, 0x00, 0x15, 0x5d, 0x00, last2[i][0], last2[i][1]);
    g_assert_cmpuint(vm->vlan, ==, 7);
    g_assert_cmpuint(vm->vcpus, ==, 2);
    g_assert_cmpuint(vm->queue_lp, ==, queue_lp[i]);
    g_assert_cmpmem(vm->vcpu_lps, 2 * sizeof(guint), vcpu_lps[i], 2 * sizeof(guint));
    g_assert_cmpfloat(vm->guest_frame_cycles, ==, 2000);
    g_assert_false(vm->vport.enabled);
  }
  const VqVmConf *db = vm_at(sc, 3);
  g_assert_cmpstr(db->name, ==, "db");
  g_assert_cmpstr(db->section, ==, "db");
  g_assert_cmpuint(db->instance, ==, 0);
  g_assert_cmpuint(db->queue_lp, ==, 4); /* 1 + 3 % 7: the fourth VM */
  g_assert_cmpuint(db->vcpu_lps[0], ==, 5);
}

/* A flow to a section with count: one per VM (times its own count), each VM offered the full
 * rate, the VM's side of the address + i, every seed distinct; a flow may name one VM. */
static void test_flows(void) {
  g_autoptr(VqScenario) sc = load_ok("vm-count.ini", NULL);
  g_assert_cmpuint(sc->flows->len, ==, 3 * 2 + 3 + 3 + 1);

  /* [flow in]: VM by VM, 2 connections each on ports 1000, 1001, sharing the VM's rate. */
  static const guint32 in_dst[] = {0x0a0100fe, 0x0a0100ff, 0x0a010100};
  guint64 in_seed = vq_seed_derive(1, 0); /* the first flow section's seed */
  double per_vm[3] = {0};
  for (guint k = 0; k < 6; k++) {
    const VqFlowConf *f = flow_at(sc, k);
    guint i = k / 2;
    g_assert_cmpstr(f->name, ==, "in");
    g_assert_cmpint(f->vm, ==, (int)i);
    g_assert_cmpmem(f->dst_mac, 6, vm_at(sc, i)->mac, 6);
    g_assert_cmpuint(f->vlan, ==, 7);
    g_assert_cmpuint(addr_tail(f->dst_addr, 4), ==, in_dst[i]);
    g_assert_cmpuint(addr_tail(f->src_addr, 4), ==, 0x0a000001);
    g_assert_cmpuint(f->src_port, ==, 1000 + k % 2);
    g_assert_cmpuint(f->dst_port, ==, 80);
    g_assert_cmpuint(f->seed, ==, vq_seed_derive(in_seed, k));
    per_vm[i] += f->rate_fps;
  }
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat_with_epsilon(per_vm[i], 100e3, 1e-6);

  /* [flow v6]: the low 64 bits of dst, up to ffff:ffff:ffff:ffff. */
  for (guint i = 0; i < 3; i++) {
    const VqFlowConf *f = flow_at(sc, 6 + i);
    g_assert_cmpstr(f->name, ==, "v6");
    g_assert_cmpint(f->family, ==, 6);
    g_assert_cmpint(f->vm, ==, (int)i);
    g_assert_cmpuint(addr_tail(f->dst_addr, 6), ==, 0xfffffffdu + i);
    const guint8 high[12] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff};
    g_assert_cmpmem(f->dst_addr, 12, high, 12);
    g_assert_cmpfloat(f->rate_fps, ==, 10e3);
  }

  /* [flow out], tx: the VM's side is src. */
  for (guint i = 0; i < 3; i++) {
    const VqFlowConf *f = flow_at(sc, 9 + i);
    g_assert_cmpint(f->direction, ==, VQ_DIR_TX);
    g_assert_cmpint(f->vm, ==, (int)i);
    g_assert_cmpuint(addr_tail(f->src_addr, 4), ==, in_dst[i]);
    g_assert_cmpuint(addr_tail(f->dst_addr, 4), ==, 0x0a000001);
  }

  /* [flow one]: vm = web-3, one flow that keeps its section's seed. */
  const VqFlowConf *one = flow_at(sc, 12);
  g_assert_cmpstr(one->name, ==, "one");
  g_assert_cmpint(one->vm, ==, 2);
  g_assert_cmpuint(one->seed, ==, vq_seed_derive(1, 3));
  assert_mac(one->dst_mac, 0x00, 0x15, 0x5d, 0x00, 0x01, 0x00);

  for (guint a = 0; a < sc->flows->len; a++)
    for (guint b = 0; b < a; b++)
      g_assert_cmpuint(flow_at(sc, a)->seed, !=, flow_at(sc, b)->seed);
}

/* --set vm.NAME.count=N, as a sweep gives it: the VM count follows; count = 1 still names the
 * VM NAME-1; without the key nothing changes. */
static void test_set_count(void) {
  g_autoptr(VqScenario) plain = load_ok("defaults.ini", NULL);
  g_assert_cmpuint(plain->vms->len, ==, 4);
  g_assert_cmpstr(vm_at(plain, 0)->name, ==, "a");
  g_assert_cmpuint(plain->flows->len, ==, 1);

  /* a's MAC moved away from b, c and d, which mac + i would hit. */
  const char *const three[] = {"vm.a.count=3", "vm.a.mac=00:15:5d:00:01:00", NULL};
  g_autoptr(VqScenario) sc = load_ok("defaults.ini", three);
  g_assert_cmpuint(sc->vms->len, ==, 6);
  static const char *const names[] = {"a-1", "a-2", "a-3", "b", "c", "d"};
  static const guint queue_lp[] = {1, 2, 3, 1, 2, 3}; /* the default rotation, by VM index */
  for (guint i = 0; i < 6; i++) {
    g_assert_cmpstr(vm_at(sc, i)->name, ==, names[i]);
    g_assert_cmpuint(vm_at(sc, i)->queue_lp, ==, queue_lp[i]);
    g_assert_cmpuint(vm_at(sc, i)->vcpu_lps[0], ==, (queue_lp[i] + 1) % 4);
  }
  g_assert_cmpuint(sc->flows->len, ==, 3);
  for (guint i = 0; i < 3; i++) {
    g_assert_cmpint(flow_at(sc, i)->vm, ==, (int)i);
    g_assert_cmpfloat(flow_at(sc, i)->rate_fps, ==, flow_at(plain, 0)->rate_fps);
  }

  const char *const one[] = {"vm.a.count=1", NULL};
  g_autoptr(VqScenario) sc1 = load_ok("defaults.ini", one);
  g_assert_cmpuint(sc1->vms->len, ==, 4);
  g_assert_cmpstr(vm_at(sc1, 0)->name, ==, "a-1");
  g_assert_cmpuint(sc1->flows->len, ==, 1);
  g_assert_cmpuint(flow_at(sc1, 0)->seed, ==, vq_seed_derive(flow_at(plain, 0)->seed, 0));
}

/* Events name one VM of a section with count; its VPort's queues then count against the NIC's
 * max_vmq_queues like any VM's, and the VM that does not fit is named. */
static void test_events(void) {
#define WEB_EVENTS                                                                                 \
  "vm.web.mac=00:15:5d:00:01:00", "event.late.vm=web-2", "event.move.vm=web-1",                    \
      "event.dflt.vm=web-1", "event.after.vm=web-2"
  const char *const ok[] = {"vm.web.count=2", WEB_EVENTS, "nic.max_vmq_queues=40",
                            "flow.out.rate=4Gbps", NULL};
  g_autoptr(VqScenario) sc = load_ok("vmmq.ini", ok);
  g_assert_cmpuint(sc->vms->len, ==, 4);
  g_assert_cmpuint(sc->events->len, ==, 5);
  static const char *const order[] = {"dflt", "move", "tie", "late", "after"};
  static const guint vm[] = {0, 0, 2, 1, 1};
  for (guint i = 0; i < 5; i++) {
    const VqEventConf *e = g_ptr_array_index(sc->events, i);
    g_assert_cmpstr(e->name, ==, order[i]);
    g_assert_cmpuint(e->vm, ==, vm[i]);
  }
  /* web-1: table 4-7, then dflt 3 and move 2; web-2: table 4-7, then late 1-2 and after 0. */
  const guint q1[] = {4, 5, 6, 7, 3, 2}, q2[] = {4, 5, 6, 7, 1, 2, 0};
  g_assert_cmpmem(vm_at(sc, 0)->vport.queue_lps, vm_at(sc, 0)->vport.queue_pairs * sizeof(guint),
                  q1, sizeof q1);
  g_assert_cmpmem(vm_at(sc, 1)->vport.queue_lps, vm_at(sc, 1)->vport.queue_pairs * sizeof(guint),
                  q2, sizeof q2);
  g_assert_cmpuint(sc->flows->len, ==, 2 + 1 + 2); /* in and out per web VM, ping to db */

  static const SetCase cases[] = {
      {{"vm.web.count=2", "vm.web.mac=00:15:5d:00:01:00", NULL},
       VQ_SCENARIO_ERROR_REF,
       "/:37: [event late] vm: \"web\" is [vm web] with count = 2, several VMs; an event "
       "changes one VPort: name one VM, web-1..web-2"},
  };
  run_set_cases("vmmq.ini", cases, G_N_ELEMENTS(cases));
  /* 6 + 7 queues for web-1 and web-2 leave 2 of 15: web-3 needs 4. */
  const char *const full[] = {"vm.web.count=3", WEB_EVENTS, NULL};
  g_autofree char *msg = expect_error(
      "vmmq.ini", full, VQ_SCENARIO_ERROR_RANGE,
      "/:18: [vm web] vmmq: VM web-3 (3 of count) needs 4 queues, only 2 left of [nic] "
      "max_vmq_queues = 15");
  g_assert_nonnull(strstr(msg, "; lower count or raise max_vmq_queues"));
#undef WEB_EVENTS
}

static void test_errors(void) {
  static const SetCase cases[] = {
#define S(...) {__VA_ARGS__, NULL}
      {S("vm.web.count=0"), VQ_SCENARIO_ERROR_RANGE,
       "--set vm.web.count=0: [vm web] count: \"0\" is out of range; expected an integer in "
       "1..256"},
      {S("vm.web.count=1000"), VQ_SCENARIO_ERROR_RANGE,
       "--set vm.web.count=1000: [vm web] count: \"1000\" is out of range; expected an integer "
       "in 1..256"},
      {S("vm.web.count=three"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set vm.web.count=three: [vm web] count: \"three\" is not an integer"},
      /* fe:ff:ff:ff:ff:fe + 2 = ff:00:00:00:00:00, a multicast address */
      {S("vm.web.mac=fe:ff:ff:ff:ff:fe"), VQ_SCENARIO_ERROR_RANGE,
       "/:12: [vm web] count: \"3\" gives VM web-3 the MAC mac + 2 = ff:00:00:00:00:00, a "
       "multicast address; VM web-i takes mac + i - 1 and needs a unicast MAC (first octet "
       "even), so from this mac count can be at most 2"},
      {S("vm.web.count=256", "vm.web.mac=00:ff:ff:ff:ff:01"), VQ_SCENARIO_ERROR_RANGE,
       "--set vm.web.count=256: [vm web] count: \"256\" gives VM web-256 the MAC mac + 255 = "
       "01:00:00:00:00:00, a multicast address"},
      /* (mac, vlan) distinct per VM: db on web-2's */
      {S("vm.db.mac=00:15:5d:00:00:ff", "vm.db.vlan=7"), VQ_SCENARIO_ERROR_RANGE,
       "--set vm.db.mac=00:15:5d:00:00:ff: [vm db] mac: \"00:15:5d:00:00:ff\" on vlan 7 is "
       "already VM web-2's (of [vm web]); VMs need distinct (mac, vlan)"},
      {S("vm.web.vcpu_processors=3"), VQ_SCENARIO_ERROR_RANGE,
       "--set vm.web.vcpu_processors=3: [vm web] vcpu_processors: \"3\" lists 1 processor; "
       "with count, expected at least one per vCPU (vcpus = 2)"},
      {S("vm.web.queue_processor=1,8"), VQ_SCENARIO_ERROR_REF,
       "--set vm.web.queue_processor=1,8: [vm web] queue_processor: \"1,8\" entry \"8\" is not "
       "a processor of this host"},
      {S("flow.in.dst=255.255.255.254:80"), VQ_SCENARIO_ERROR_RANGE,
       "--set flow.in.dst=255.255.255.254:80: [flow in] dst: \"255.255.255.254:80\" + 2, the "
       "address of VM web-3, overflows the IPv4 address"},
      {S("flow.v6.dst=[2001:db8::ffff:ffff:ffff:fffe]:53"), VQ_SCENARIO_ERROR_RANGE,
       "--set flow.v6.dst=[2001:db8::ffff:ffff:ffff:fffe]:53: [flow v6] dst: "
       "\"[2001:db8::ffff:ffff:ffff:fffe]:53\" + 2, the address of VM web-3, overflows the low "
       "64 bits of the IPv6 address"},
      {S("flow.out.src=255.255.255.255:80"), VQ_SCENARIO_ERROR_RANGE,
       "--set flow.out.src=255.255.255.255:80: [flow out] src: "},
      /* the flow cap covers VMs x connections */
      {S("flow.in.count=50000"), VQ_SCENARIO_ERROR_RANGE,
       "--set flow.in.count=50000: [flow in] count: \"50000\" gives each of the 3 VMs of [vm "
       "web] 50000 flows, which brings the scenario to 150000 flows; at most 131072"},
      {S("flow.one.vm=web-4"), VQ_SCENARIO_ERROR_REF,
       "--set flow.one.vm=web-4: [flow one] vm: \"web-4\" is not a VM of this scenario"},
      /* the rate is per VM: 3 x 3.5 Gbit/s does not fit 10 Gbit/s */
      {S("flow.in.rate=3.5Gbps"), VQ_SCENARIO_ERROR_RANGE,
       "--set flow.in.rate=3.5Gbps: [flow in] rate: makes the offered load too much for the wire. The flows up to this one take 10.64 Gbit/s"},
#undef S
  };
  run_set_cases("vm-count.ini", cases, G_N_ELEMENTS(cases));

  /* db-3 = fc + 2 on vlan 7 is web-1's */
  const char *const db3[] = {"vm.db.count=3", "vm.db.mac=00:15:5d:00:00:fc", "vm.db.vlan=7", NULL};
  g_free(expect_error(
      "vm-count.ini", db3, VQ_SCENARIO_ERROR_RANGE,
      "--set vm.db.mac=00:15:5d:00:00:fc: [vm db] mac: \"00:15:5d:00:00:fc\" + 2, the "
      "MAC of VM db-3 (VM db-i takes mac + i - 1), on vlan 7 is already VM web-1's (of "
      "[vm web]); VMs need distinct (mac, vlan)"));
  g_free(expect_error("vm-count-names.ini", NULL, VQ_SCENARIO_ERROR_SYNTAX,
                      "/:16: [vm y-2] names a VM y-2, already a VM of [vm y] (count); VM names "
                      "must be unique"));
  const char *const x2[] = {"vm.x.count=2", NULL};
  g_free(expect_error("vm-count-names.ini", x2, VQ_SCENARIO_ERROR_SYNTAX,
                      "--set vm.x.count=2: [vm x] count: \"2\" names a VM x-2, already [vm x-2]"));
  g_free(
      expect_error("too-many-vms.ini", NULL, VQ_SCENARIO_ERROR_RANGE,
                   "/:20: [vm g4] count: \"256\" brings the scenario to 1280 VMs; at most 1024"));
}

/* rate_zipf splits each VM's rate by Zipf's law over its connections; random_stream =
 * per-section points every flow of the section at the first one's stream. */
static void test_zipf_streams(void) {
  const char *const set[] = {"flow.in.rate_zipf=1", "flow.in.count=4",
                             "flow.in.random_stream=per-section", NULL};
  g_autoptr(VqScenario) sc = load_ok("vm-count.ini", set);
  const double h4 = 1 + 1 / 2.0 + 1 / 3.0 + 1 / 4.0; /* harmonic number H(4) */
  for (guint k = 0; k < 12; k++) {
    const VqFlowConf *f = g_ptr_array_index(sc->flows, k);
    guint j = k % 4;
    g_assert_cmpstr(f->name, ==, "in");
    g_assert_cmpfloat(fabs(f->rate_fps - 100e3 / (j + 1) / h4), <, 1e-6);
    g_assert_cmpuint(f->src_port, ==, 1000 + j);
    g_assert_cmpuint(f->stream, ==, 0);
  }
  /* The next section's flows have their own streams again (per-flow, the default). */
  for (guint k = 12; k < sc->flows->len; k++)
    g_assert_cmpuint(((const VqFlowConf *)g_ptr_array_index(sc->flows, k))->stream, ==, k);
  /* rate_zipf = 0 (the default) is the equal split. */
  g_autoptr(VqScenario) eq = load_ok("vm-count.ini", NULL);
  g_assert_cmpfloat(((const VqFlowConf *)g_ptr_array_index(eq->flows, 1))->rate_fps, ==, 50e3);
  static const SetCase bad[] = {
      {{"flow.in.rate_zipf=-1"}, VQ_SCENARIO_ERROR_RANGE, "--set flow.in.rate_zipf=-1: [flow in]"},
      {{"flow.in.rate_zipf=11"}, VQ_SCENARIO_ERROR_RANGE, "--set flow.in.rate_zipf=11: [flow in]"},
      {{"flow.in.random_stream=shared"},
       VQ_SCENARIO_ERROR_SYNTAX,
       "--set flow.in.random_stream=shared: [flow in] random_stream"},
  };
  run_set_cases("vm-count.ini", bad, G_N_ELEMENTS(bad));
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/scenario/vm-count/expand", test_expand);
  g_test_add_func("/scenario/vm-count/flows", test_flows);
  g_test_add_func("/scenario/vm-count/set", test_set_count);
  g_test_add_func("/scenario/vm-count/events", test_events);
  g_test_add_func("/scenario/vm-count/errors", test_errors);
  g_test_add_func("/scenario/vm-count/zipf-streams", test_zipf_streams);
  return g_test_run();
}
