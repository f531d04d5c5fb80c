/* Tests for sim/input/scenario.c (and sim/input/ini.c): every field of a complete file, every
 * default, and the errors a user meets, with their kind and their "FILE:LINE: [group] key" prefix.
 */
#include <string.h>

#include "models/rss.h"
#include "sim/scenario.h"
#include "sim/input/units.h"
#include "tests/scenario-test.h"
#include "models/seed.h"

static void test_full(void) {
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(DATA "full.ini", NULL, &err);
  g_assert_no_error(err);
  g_assert_nonnull(sc);
  g_assert_cmpstr(sc->path, ==, DATA "full.ini");
  g_assert_cmpstr(sc->name, ==, "full");

  g_assert_cmpfloat(sc->duration_s, ==, 2.0);
  g_assert_cmpfloat(sc->warmup_s, ==, 0.1);
  g_assert_cmpfloat(sc->sample_interval_s, ==, 0.01);
  g_assert_cmpuint(sc->seed, ==, G_GUINT64_CONSTANT(12345678901234567890));
  g_assert_true(sc->step_every_frame);

  g_assert_cmpuint(sc->processors, ==, 8);
  g_assert_cmpfloat(sc->frequency_hz, ==, 3.1e9);
  g_assert_cmpfloat(sc->pcie_bandwidth_Bps, ==, 126e9 / 8);
  g_assert_cmpfloat(sc->pcie_latency_s, ==, 800e-9);

  g_assert_false(sc->vmq);
  g_assert_cmpuint(sc->max_vmq_queues, ==, 31);
  g_assert_cmpfloat(sc->wire_bps, ==, 25e9);
  g_assert_cmpuint(sc->ring_size, ==, 1024);
  g_assert_cmpfloat(sc->irq_max_delay_s, ==, 100e-6);
  g_assert_cmpuint(sc->irq_max_frames, ==, 32);
  g_assert_cmpuint(sc->dma_burst_frames, ==, 8);
  g_assert_cmpuint(sc->default_queue_lp, ==, 7);

  g_assert_cmpfloat(sc->isr_cycles, ==, 1000);
  g_assert_cmpfloat(sc->dpc_cycles, ==, 2000);
  g_assert_cmpfloat(sc->frame_cycles, ==, 2200.5);
  g_assert_cmpfloat(sc->vswitch_frame_cycles, ==, 1200);
  g_assert_cmpfloat(sc->sw_filter_frame_cycles, ==, 250);
  g_assert_cmpfloat(sc->copy_byte_cycles, ==, 0.5);

  g_assert_cmpuint(sc->vms->len, ==, 2);
  const VqVmConf *web = vm_at(sc, 0);
  g_assert_cmpstr(web->name, ==, "web");
  assert_mac(web->mac, 0x00, 0x15, 0x5d, 0x00, 0x00, 0x01);
  g_assert_cmpuint(web->vlan, ==, 10);
  g_assert_cmpuint(web->vcpus, ==, 4);
  g_assert_cmpuint(web->queue_lp, ==, 2);
  const guint web_lps[] = {3, 4, 5, 6};
  g_assert_cmpmem(web->vcpu_lps, 4 * sizeof(guint), web_lps, sizeof web_lps);
  g_assert_cmpfloat(web->guest_frame_cycles, ==, 3500);
  const VqVmConf *db = vm_at(sc, 1); /* defaults, as the second VM of an 8-LP host */
  g_assert_cmpstr(db->name, ==, "db");
  assert_mac(db->mac, 0x00, 0x15, 0x5d, 0x00, 0x00, 0x02);
  g_assert_cmpuint(db->vlan, ==, VQ_NO_VLAN);
  g_assert_cmpuint(db->vcpus, ==, 1);
  g_assert_cmpuint(db->queue_lp, ==, 2); /* 1 + 1 % 7 */
  g_assert_cmpuint(db->vcpu_lps[0], ==, 3);
  g_assert_cmpfloat(db->guest_frame_cycles, ==, 3000);

  g_assert_cmpuint(sc->flows->len, ==, 2);
  const VqFlowConf *http = flow_at(sc, 0);
  g_assert_cmpstr(http->name, ==, "http");
  g_assert_cmpint(http->vm, ==, 0);
  assert_mac(http->dst_mac, 0x00, 0x15, 0x5d, 0x00, 0x00, 0x01);
  g_assert_cmpuint(http->vlan, ==, 10); /* inherited from [vm web] */
  g_assert_cmpint(http->family, ==, 4);
  const guint8 src4[4] = {10, 0, 0, 1}, dst4[4] = {10, 0, 0, 2};
  g_assert_cmpmem(http->src_addr, 4, src4, 4);
  g_assert_cmpmem(http->dst_addr, 4, dst4, 4);
  g_assert_cmpuint(http->src_port, ==, 40000);
  g_assert_cmpuint(http->dst_port, ==, 80);
  g_assert_cmpint(http->proto, ==, VQ_PROTO_TCP);
  g_assert_cmpuint(http->frame_bytes, ==, 1500);
  g_assert_cmpfloat_with_epsilon(http->rate_fps, 1e9 / (8 * 1500.0), 1e-6);
  g_assert_cmpint(http->arrivals, ==, VQ_ARRIVALS_CONSTANT);
  g_assert_cmpuint(http->seed, ==, 99);
  g_assert_cmpfloat(http->start_s, ==, 0.1);
  g_assert_cmpfloat(http->stop_s, ==, 1.5);

  const VqFlowConf *v6 = flow_at(sc, 1);
  g_assert_cmpstr(v6->name, ==, "v6");
  g_assert_cmpint(v6->vm, ==, -1);
  assert_mac(v6->dst_mac, 0x02, 0, 0, 0, 0, 0x09);
  g_assert_cmpuint(v6->vlan, ==, 20);
  g_assert_cmpint(v6->family, ==, 6);
  const guint8 src6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
  const guint8 dst6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 2};
  g_assert_cmpmem(v6->src_addr, 16, src6, 16);
  g_assert_cmpmem(v6->dst_addr, 16, dst6, 16);
  g_assert_cmpuint(v6->src_port, ==, 5353);
  g_assert_cmpuint(v6->dst_port, ==, 53);
  g_assert_cmpint(v6->proto, ==, VQ_PROTO_UDP);
  g_assert_cmpfloat(v6->rate_fps, ==, 1e5); /* a frame rate is taken as is */
  g_assert_cmpuint(v6->frame_bytes, ==, 64);
  g_assert_cmpint(v6->arrivals, ==, VQ_ARRIVALS_POISSON);
  g_assert_cmpuint(v6->seed, ==, vq_seed_derive(G_GUINT64_CONSTANT(12345678901234567890), 1));
  g_assert_cmpfloat(v6->start_s, ==, 0);
  g_assert_cmpfloat(v6->stop_s, ==, 2.0);
}

static void test_defaults(void) {
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(DATA "defaults.ini", NULL, &err);
  g_assert_no_error(err);
  g_assert_cmpstr(sc->name, ==, "defaults");
  g_assert_cmpfloat(sc->duration_s, ==, 1.0);
  g_assert_cmpfloat(sc->warmup_s, ==, 0);
  g_assert_cmpfloat(sc->sample_interval_s, ==, 0.01);
  g_assert_cmpuint(sc->seed, ==, 1);
  g_assert_false(sc->step_every_frame);
  g_assert_cmpuint(sc->processors, ==, 4);
  g_assert_cmpfloat(sc->frequency_hz, ==, 2.5e9);
  g_assert_cmpfloat(sc->pcie_bandwidth_Bps, ==, 63.0e9 / 8);
  g_assert_cmpfloat(sc->pcie_latency_s, ==, 500e-9);
  g_assert_true(sc->vmq);
  g_assert_cmpuint(sc->max_vmq_queues, ==, 63);
  g_assert_cmpfloat(sc->wire_bps, ==, 10e9);
  g_assert_cmpuint(sc->ring_size, ==, 512);
  g_assert_cmpfloat(sc->irq_max_delay_s, ==, 50e-6);
  g_assert_cmpuint(sc->irq_max_frames, ==, 64);
  g_assert_cmpuint(sc->dma_burst_frames, ==, 16);
  g_assert_cmpuint(sc->default_queue_lp, ==, 0);
  g_assert_cmpfloat(sc->isr_cycles, ==, 1500);
  g_assert_cmpfloat(sc->dpc_cycles, ==, 3000);
  g_assert_cmpfloat(sc->frame_cycles, ==, 2500);
  g_assert_cmpfloat(sc->vswitch_frame_cycles, ==, 1500);
  g_assert_cmpfloat(sc->sw_filter_frame_cycles, ==, 300);
  g_assert_cmpfloat(sc->copy_byte_cycles, ==, 0.25);

  /* Queues round-robin over LPs 1..3, leaving LP 0 to the default queue; vCPUs follow. */
  const guint queue_lp[] = {1, 2, 3, 1}, vcpu_lp[] = {2, 3, 0, 2};
  g_assert_cmpuint(sc->vms->len, ==, 4);
  for (guint i = 0; i < 4; i++) {
    const VqVmConf *vm = vm_at(sc, i);
    g_assert_cmpuint(vm->vlan, ==, VQ_NO_VLAN);
    g_assert_cmpuint(vm->vcpus, ==, 1);
    g_assert_cmpuint(vm->queue_lp, ==, queue_lp[i]);
    g_assert_cmpuint(vm->vcpu_lps[0], ==, vcpu_lp[i]);
    g_assert_cmpfloat(vm->guest_frame_cycles, ==, 3000);
  }
  const VqFlowConf *f = flow_at(sc, 0);
  g_assert_cmpint(f->vm, ==, 0);
  g_assert_cmpuint(f->vlan, ==, VQ_NO_VLAN);
  g_assert_cmpint(f->proto, ==, VQ_PROTO_UDP);
  g_assert_cmpuint(f->frame_bytes, ==, 1500);
  g_assert_cmpint(f->arrivals, ==, VQ_ARRIVALS_POISSON);
  g_assert_cmpuint(f->seed, ==, vq_seed_derive(1, 0));
  g_assert_cmpfloat(f->start_s, ==, 0);
  g_assert_cmpfloat(f->stop_s, ==, 1.0);
}

static void test_one_processor(void) {
  const char *const o[] = {"host.processors=1", NULL};
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(DATA "defaults.ini", o, &err);
  g_assert_no_error(err);
  for (guint i = 0; i < sc->vms->len; i++) {
    g_assert_cmpuint(vm_at(sc, i)->queue_lp, ==, 0);
    g_assert_cmpuint(vm_at(sc, i)->vcpu_lps[0], ==, 0);
  }
}

static void test_override(void) {
  const char *const o[] = {"simulation.seed=7",
                           "vm.a.vcpus=2",
                           "flow.f.rate=1e5pps",
                           "vm.b.mac=00:15:5d:00:00:01",
                           "vm.b.vlan=5",
                           "pcie.latency=1us",
                           NULL};
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(DATA "defaults.ini", o, &err);
  g_assert_no_error(err);
  g_assert_cmpuint(sc->seed, ==, 7);
  g_assert_cmpuint(flow_at(sc, 0)->seed, ==, vq_seed_derive(7, 0)); /* --seed reaches flows */
  g_assert_cmpuint(flow_at(sc, 0)->seed, !=, vq_seed_derive(1, 0));
  g_assert_cmpuint(vm_at(sc, 0)->vcpus, ==, 2);
  g_assert_cmpuint(vm_at(sc, 0)->vcpu_lps[0], ==, 2);
  g_assert_cmpuint(vm_at(sc, 0)->vcpu_lps[1], ==, 3);
  g_assert_cmpfloat(flow_at(sc, 0)->rate_fps, ==, 1e5);
  assert_mac(vm_at(sc, 1)->mac, 0x00, 0x15, 0x5d, 0, 0, 0x01); /* same MAC, other VLAN: fine */
  g_assert_cmpuint(vm_at(sc, 1)->vlan, ==, 5);
  g_assert_cmpfloat(sc->pcie_latency_s, ==, 1e-6); /* [pcie] created by the override */
}

typedef struct {
  const char *file;
  int code;
  const char *prefix; /* after the path */
} FileError;

static const FileError file_errors[] = {
    {"typo-key.ini", VQ_SCENARIO_ERROR_UNKNOWN,
     ":6: [nic] wire_rte: unknown key; did you mean wire_rate? [nic] takes vmq, max_vmq_queues"},
    {"unknown-section.ini", VQ_SCENARIO_ERROR_UNKNOWN,
     ":8: [flwo web] is not a known section; did you mean [flow NAME]? allowed are [simulation], "
     "[host]"},
    {"missing-host.ini", VQ_SCENARIO_ERROR_MISSING,
     ":1: missing section [host]; every scenario needs [simulation], [host], [nic] and at least "
     "one [flow NAME] or [capture NAME]"},
    {"missing-flow.ini", VQ_SCENARIO_ERROR_MISSING,
     ":1: missing section [flow NAME] or [capture NAME]; every scenario needs"},
    {"negative-rate.ini", VQ_SCENARIO_ERROR_RANGE,
     ":14: [flow web] rate: \"-3Gbps\" is negative; expected a positive bit rate (bps, kbps, "
     "Mbps, Gbps, Tbps) or frame rate (pps, kpps, Mpps)"},
    {"bad-processor.ini", VQ_SCENARIO_ERROR_REF,
     ":9: [vm web] vcpu_processors: \"1, 4\" entry \"4\" is not a processor of this host; "
     "expected 0..3 ([host] processors = 4)"},
    {"dup-vm.ini", VQ_SCENARIO_ERROR_SYNTAX, ":8: duplicate section [vm web], already started at "},
    {"dup-flow.ini", VQ_SCENARIO_ERROR_SYNTAX, ":11: duplicate section [flow f]"},
    {"dup-key.ini", VQ_SCENARIO_ERROR_SYNTAX, ":5: [host] processors: set twice"},
    {"oversubscribed.ini", VQ_SCENARIO_ERROR_RANGE,
     ":22: [flow c] rate: makes the offered load too much for the wire. The flows up to this one "
     "take 12.16 Gbit/s on the wire"},
    {"mixed-family.ini", VQ_SCENARIO_ERROR_RANGE,
     ":9: [flow f] dst: \"[2001:db8::2]:2\" is IPv6 but src is IPv4"},
    {"key-before-section.ini", VQ_SCENARIO_ERROR_SYNTAX,
     ":2: key \"duration\" comes before any [section]"},
    {"garbage-line.ini", VQ_SCENARIO_ERROR_SYNTAX,
     ":3: \"this line is neither a key nor a section\" is not"},
    {"missing-key.ini", VQ_SCENARIO_ERROR_MISSING, ":2: [simulation] duration: missing"},
    {"flow-no-dst.ini", VQ_SCENARIO_ERROR_MISSING,
     ":7: [flow f] vm: missing; give vm = NAME of a [vm NAME] section, or dst_mac = MAC"},
    {"is-a-sweep.ini", VQ_SCENARIO_ERROR_UNKNOWN,
     ":2: [sweep] is a section of a sweep file, not of a scenario; run a sweep file with vmqsim "
     "sweep FILE"},
    {"vmmq-table-100.ini", VQ_SCENARIO_ERROR_RANGE,
     ":10: [vm web] indirection_table has 100 entries; NDIS needs a power of two <= 128"},
};

static void test_file_error(gconstpointer data) {
  const FileError *c = data;
  g_autofree char *prefix = g_strconcat("/", c->prefix, NULL);
  g_autofree char *msg = expect_error(c->file, NULL, c->code, prefix);
  if (strcmp(c->file, "oversubscribed.ini") == 0) /* gives the wire rate it compared with */
    g_assert_nonnull(strstr(msg, "more than [nic] wire_rate = 10 Gbit/s; lower the rates or "
                                 "raise wire_rate"));
}

/* A wire overflow is blamed on what the --set changed, with the remedy. */
static void test_wire_blame(void) {
  const char *rate[] = {"flow.a.rate=5Gbps", NULL};
  g_autofree char *m1 = expect_error(
      "oversubscribed.ini", rate, VQ_SCENARIO_ERROR_RANGE,
      "--set flow.a.rate=5Gbps: [flow a] rate: makes the offered load too much for the wire. With "
      "this change, the flows up to [flow c] take ");
  g_assert_true(g_str_has_suffix(m1, "lower the rates or raise wire_rate"));
  const char *wire[] = {"flow.c.rate=1Gbps", "nic.wire_rate=8Gbps", NULL};
  g_autofree char *m2 = expect_error("oversubscribed.ini", wire, VQ_SCENARIO_ERROR_RANGE,
                                     "--set nic.wire_rate=8Gbps: [nic] wire_rate: \"8Gbps\" is "
                                     "less than the offered load: the flows up to [flow b] take ");
  g_assert_true(g_str_has_suffix(m2, "raise wire_rate or lower the rates"));
}

static void test_io_error(void) {
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(DATA "no-such-file.ini", NULL, &err);
  g_assert_null(sc);
  g_assert_error(err, VQ_SCENARIO_ERROR, VQ_SCENARIO_ERROR_IO);
  g_assert_true(g_str_has_prefix(err->message, DATA "no-such-file.ini: "));
}

/* Bad values, one or two --set at a time on the defaults file; the error names the --set. */
static void test_bad_values(void) {
  static const SetCase cases[] = {
#define S(...) {__VA_ARGS__, NULL}
      /* found by fuzzing: a run under 1 us left no valid sampling interval */
      {S("simulation.duration=500ns"), VQ_SCENARIO_ERROR_RANGE,
       "--set simulation.duration=500ns: [simulation] duration: \"500ns\" is out of range; "
       "expected 1us..1e6s"},
      /* found by fuzzing: a control character is named escaped, never printed raw */
      {S("nic.vmq=o\rff"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set nic.vmq=o\\rff: holds the control character 0x0d"},
      {S("host.processors=0"), VQ_SCENARIO_ERROR_RANGE,
       "--set host.processors=0: [host] processors: \"0\" is out of range; expected an integer in "
       "1..1024"},
      {S("host.processors=1025"), VQ_SCENARIO_ERROR_RANGE, "--set host.processors=1025: [host] "},
      {S("host.processors=four"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set host.processors=four: [host] processors: \"four\" is not an integer"},
      {S("host.processors=-4"), VQ_SCENARIO_ERROR_RANGE, "--set host.processors=-4: [host] "},
      {S("host.frequency=50MHz"), VQ_SCENARIO_ERROR_RANGE,
       "--set host.frequency=50MHz: [host] frequency: \"50MHz\" is out of range; expected "
       "100MHz..10GHz"},
      {S("host.frequency=2.5"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set host.frequency=2.5: [host] frequency: \"2.5\" has no unit"},
      {S("simulation.duration=0"), VQ_SCENARIO_ERROR_RANGE, "--set simulation.duration=0: "},
      {S("simulation.duration=2e6s"), VQ_SCENARIO_ERROR_RANGE, "--set simulation.duration=2e6s: "},
      {S("simulation.duration=nan"), VQ_SCENARIO_ERROR_SYNTAX, "--set simulation.duration=nan: "},
      {S("simulation.warmup=1s"), VQ_SCENARIO_ERROR_RANGE,
       "--set simulation.warmup=1s: [simulation] warmup: \"1s\" is not less than duration (1s)"},
      {S("simulation.sample_interval=100ns"), VQ_SCENARIO_ERROR_RANGE, "--set simulation.sam"},
      /* duration 1 s: at most 10,000 intervals, so 100 us is the finest allowed */
      {S("simulation.sample_interval=99us"), VQ_SCENARIO_ERROR_RANGE,
       "--set simulation.sample_interval=99us: [simulation] sample_interval: \"99us\" is out of "
       "range; expected 100us..duration (1s): at least 1us and at most 10000 intervals"},
      {S("simulation.seed=-1"), VQ_SCENARIO_ERROR_RANGE, "--set simulation.seed=-1: "},
      {S("simulation.seed=18446744073709551616"), VQ_SCENARIO_ERROR_RANGE, "--set simulation."},
      {S("simulation.step_every_frame=maybe"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set simulation.step_every_frame=maybe: [simulation] step_every_frame: \"maybe\" is not "
       "allowed; expected on/off, true/false or yes/no"},
      {S("nic.vmq=2"), VQ_SCENARIO_ERROR_SYNTAX, "--set nic.vmq=2: [nic] vmq: "},
      {S("nic.ring_size=10"), VQ_SCENARIO_ERROR_RANGE, "--set nic.ring_size=10: [nic] ring_size"},
      {S("nic.dma_burst_frames=600"), VQ_SCENARIO_ERROR_RANGE,
       "--set nic.dma_burst_frames=600: [nic] dma_burst_frames: \"600\" is out of range; "
       "expected an integer in 1..ring_size (512)"},
      {S("nic.default_queue_processor=4"), VQ_SCENARIO_ERROR_REF,
       "--set nic.default_queue_processor=4: [nic] default_queue_processor: \"4\" is not a "
       "processor of this host; expected 0..3"},
      {S("nic.wire_rate=1e30Gbps"), VQ_SCENARIO_ERROR_RANGE, "--set nic.wire_rate=1e30Gbps: "},
      {S("nic.wire_rate=10Gpps"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set nic.wire_rate=10Gpps: [nic] wire_rate: \"10Gpps\" has an unknown unit \"Gpps\"; "
       "expected a positive bit rate (bps, kbps, Mbps, Gbps, Tbps)"},
      {S("nic.interrupt_max_delay=inf"), VQ_SCENARIO_ERROR_SYNTAX, "--set nic.interrupt_max_"},
      {S("nic.interrupt_max_frames=0"), VQ_SCENARIO_ERROR_RANGE, "--set nic.interrupt_max_fr"},
      {S("pcie.bandwidth=0.5Gbps"), VQ_SCENARIO_ERROR_RANGE, "--set pcie.bandwidth=0.5Gbps: "},
      {S("pcie.latency=2ms"), VQ_SCENARIO_ERROR_RANGE, "--set pcie.latency=2ms: [pcie] latency"},
      {S("cpu.frame_cycles=0"), VQ_SCENARIO_ERROR_RANGE, "--set cpu.frame_cycles=0: [cpu] "},
      {S("cpu.isr_cycles=-5"), VQ_SCENARIO_ERROR_RANGE, "--set cpu.isr_cycles=-5: [cpu] "},
      {S("cpu.dpc_cycles=inf"), VQ_SCENARIO_ERROR_SYNTAX, "--set cpu.dpc_cycles=inf: [cpu] "},
      {S("cpu.dpc_cycles=2e9"), VQ_SCENARIO_ERROR_RANGE, "--set cpu.dpc_cycles=2e9: [cpu] "},
      {S("vm.a.queue_processor=4"), VQ_SCENARIO_ERROR_REF, "--set vm.a.queue_processor=4: [vm a] "},
      {S("vm.a.vcpu_processors=1,2"), VQ_SCENARIO_ERROR_RANGE,
       "--set vm.a.vcpu_processors=1,2: [vm a] vcpu_processors: \"1,2\" lists 2 processors; "
       "expected one per vCPU (vcpus = 1)"},
      {S("vm.a.vcpus=2", "vm.a.vcpu_processors=1,9"), VQ_SCENARIO_ERROR_REF,
       "--set vm.a.vcpu_processors=1,9: [vm a] vcpu_processors: \"1,9\" entry \"9\" is not a "
       "processor"},
      {S("vm.a.vcpu_processors=x"), VQ_SCENARIO_ERROR_SYNTAX, "--set vm.a.vcpu_processors=x: "},
      {S("vm.a.vcpus=65"), VQ_SCENARIO_ERROR_RANGE, "--set vm.a.vcpus=65: [vm a] vcpus: "},
      {S("vm.a.vcpus=x"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set vm.a.vcpus=x: [vm a] vcpus: \"x\" is not an integer; expected an integer in 1..64"},
      {S("vm.a.vlan=4095"), VQ_SCENARIO_ERROR_RANGE, "--set vm.a.vlan=4095: [vm a] vlan: "},
      {S("vm.a.mac=01:00:5e:00:00:01"), VQ_SCENARIO_ERROR_RANGE,
       "--set vm.a.mac=01:00:5e:00:00:01: [vm a] mac: \"01:00:5e:00:00:01\" is a multicast"},
      {S("vm.a.mac=0015.5d00.0001"), VQ_SCENARIO_ERROR_SYNTAX, "--set vm.a.mac=0015.5d00.0001: "},
      {S("vm.a.mac=00:15:5d:00:00:0"), VQ_SCENARIO_ERROR_SYNTAX, "--set vm.a.mac=00:15:5d:0"},
      {S("vm.b.mac=00:15:5d:00:00:01"), VQ_SCENARIO_ERROR_RANGE,
       "--set vm.b.mac=00:15:5d:00:00:01: [vm b] mac: \"00:15:5d:00:00:01\" on vlan 0 is already "
       "[vm a]'s"},
      {S("flow.f.vm=zz"), VQ_SCENARIO_ERROR_REF,
       "--set flow.f.vm=zz: [flow f] vm: \"zz\" is not a VM of this scenario"},
      {S("flow.f.dst_mac=00:15:5d:00:00:01"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set flow.f.dst_mac=00:15:5d:00:00:01: [flow f] dst_mac: conflicts with vm"},
      {S("flow.f.rate=0Gbps"), VQ_SCENARIO_ERROR_RANGE, "--set flow.f.rate=0Gbps: [flow f] rate"},
      {S("flow.f.rate=10"), VQ_SCENARIO_ERROR_SYNTAX, "--set flow.f.rate=10: [flow f] rate: "},
      {S("flow.f.rate=1e30Gbps"), VQ_SCENARIO_ERROR_RANGE,
       "--set flow.f.rate=1e30Gbps: [flow f] rate: makes the offered load too much for the wire"},
      {S("flow.f.frame_size=63B"), VQ_SCENARIO_ERROR_RANGE, "--set flow.f.frame_size=63B: "},
      {S("flow.f.frame_size=9217B"), VQ_SCENARIO_ERROR_RANGE, "--set flow.f.frame_size=9217B: "},
      {S("flow.f.frame_size=100.5B"), VQ_SCENARIO_ERROR_RANGE,
       "--set flow.f.frame_size=100.5B: [flow f] frame_size: \"100.5B\" is not a whole number"},
      /* one rule for unit-less numbers: a quantity with a dimension needs its unit */
      {S("flow.f.frame_size=1500"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set flow.f.frame_size=1500: [flow f] frame_size: \"1500\" is not a frame size; expected "
       "a "
       "size 64B..9216B (e.g. 1500B)"},
      {S("simulation.duration=0.1"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set simulation.duration=0.1: [simulation] duration: \"0.1\" has no unit; expected"},
      {S("flow.f.protocol=icmp"), VQ_SCENARIO_ERROR_SYNTAX, "--set flow.f.protocol=icmp: "},
      {S("flow.f.arrivals=bursty"), VQ_SCENARIO_ERROR_SYNTAX, "--set flow.f.arrivals=bursty: "},
      {S("flow.f.src=10.0.0.1"), VQ_SCENARIO_ERROR_SYNTAX, "--set flow.f.src=10.0.0.1: [flow f] "},
      {S("flow.f.src=10.0.0.256:1"), VQ_SCENARIO_ERROR_SYNTAX, "--set flow.f.src=10.0.0.256:1: "},
      {S("flow.f.dst=10.0.0.1:65536"), VQ_SCENARIO_ERROR_SYNTAX, "--set flow.f.dst=10.0.0.1:6"},
      {S("flow.f.dst=2001:db8::1:80"), VQ_SCENARIO_ERROR_SYNTAX, "--set flow.f.dst=2001:db8::"},
      {S("flow.f.src=[2001:db8::1]:80"), VQ_SCENARIO_ERROR_RANGE,
       /* reported at dst, the value that no longer matches, which is in the file */
       "/:22: [flow f] dst: \"10.0.0.2:2\" is IPv4 but src is IPv6"},
      {S("flow.f.vlan=5000"), VQ_SCENARIO_ERROR_RANGE, "--set flow.f.vlan=5000: [flow f] vlan"},
      {S("flow.f.start=1s"), VQ_SCENARIO_ERROR_RANGE,
       "--set flow.f.start=1s: [flow f] start: \"1s\" leaves the flow no time"},
      {S("flow.f.stop=2s"), VQ_SCENARIO_ERROR_RANGE, "--set flow.f.stop=2s: [flow f] stop: "},
      {S("flow.f.seed=x"), VQ_SCENARIO_ERROR_SYNTAX, "--set flow.f.seed=x: [flow f] seed: "},
#undef S
  };
  run_set_cases("defaults.ini", cases, G_N_ELEMENTS(cases));
}

/* Errors in the --set arguments themselves. */
static void test_override_errors(void) {
  static const struct {
    const char *set;
    int code;
    const char *message; /* whole message */
  } cases[] = {
      {"vm.zz.vcpus=2", VQ_SCENARIO_ERROR_REF,
       "--set vm.zz.vcpus=2: [vm zz] does not exist in " DATA
       "defaults.ini; --set only changes existing sections"},
      /* two neighbours swapped are one typo */
      {"nic.wrie_rate=1Gbps", VQ_SCENARIO_ERROR_UNKNOWN,
       "--set nic.wrie_rate=1Gbps: [nic] wrie_rate: unknown key; did you mean wire_rate? [nic] "
       "takes vmq, max_vmq_queues, wire_rate, ring_size, interrupt_max_delay, "
       "interrupt_max_frames, dma_burst_frames, default_queue_processor, max_queue_pairs, "
       "rss_update_latency"},
      {"nic.wire_rte=1Gbps", VQ_SCENARIO_ERROR_UNKNOWN,
       "--set nic.wire_rte=1Gbps: [nic] wire_rte: unknown key; did you mean wire_rate? [nic] "
       "takes vmq, max_vmq_queues, wire_rate, ring_size, interrupt_max_delay, "
       "interrupt_max_frames, dma_burst_frames, default_queue_processor, max_queue_pairs, "
       "rss_update_latency"},
      {"bogus.key=1", VQ_SCENARIO_ERROR_UNKNOWN,
       "--set bogus.key=1: \"bogus\" is not a known section; allowed are [simulation], [host], "
       "[pcie], [nic], [cpu], [vm NAME], [flow NAME], [event NAME], [capture NAME]"},
      {"nic", VQ_SCENARIO_ERROR_SYNTAX,
       "--set nic: expected group.key=value, or vm.NAME.key=value / flow.NAME.key=value"},
      {"nic.ring_size", VQ_SCENARIO_ERROR_SYNTAX, NULL},
      {"vm.vcpus=2", VQ_SCENARIO_ERROR_SYNTAX,
       "--set vm.vcpus=2: [vm NAME] is set as vm.NAME.key=value"},
      {"host.x.processors=2", VQ_SCENARIO_ERROR_SYNTAX,
       "--set host.x.processors=2: [host] takes no NAME; use host.key=value"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    const char *const o[] = {cases[i].set, NULL};
    g_autofree char *prefix = g_strdup_printf("--set %s: ", cases[i].set);
    g_autofree char *msg = expect_error("defaults.ini", o, cases[i].code, prefix);
    if (cases[i].message != NULL)
      g_assert_cmpstr(msg, ==, cases[i].message);
  }
}

/* A value that a --set replaced is reported at the --set; the others keep their line. */
static void test_override_location(void) {
  const char *const o[] = {"flow.web.rate=2Gbps", NULL};
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(DATA "negative-rate.ini", o, &err);
  g_assert_no_error(err);
  g_assert_cmpfloat(flow_at(sc, 0)->rate_fps, ==, 2e9 / (8 * 1500.0));

  const char *const o2[] = {"flow.web.frame_size=64B", NULL};
  g_free(expect_error("negative-rate.ini", o2, VQ_SCENARIO_ERROR_RANGE,
                      "/:14: [flow web] rate: \"-3Gbps\" is negative"));
}

/* --set takes spaces around '=' as a file does ("nic.vmq = off"). */
static void test_override_spaces(void) {
  const char *o[] = {"nic.vmq = off", " host.processors =8", NULL};
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(DATA "defaults.ini", o, &err);
  g_assert_no_error(err);
  g_assert_false(sc->vmq);
  g_assert_cmpuint(sc->processors, ==, 8);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/scenario/full", test_full);
  g_test_add_func("/scenario/defaults", test_defaults);
  g_test_add_func("/scenario/one-processor", test_one_processor);
  g_test_add_func("/scenario/override", test_override);
  for (gsize i = 0; i < G_N_ELEMENTS(file_errors); i++) {
    g_autofree char *name = g_strndup(file_errors[i].file, strlen(file_errors[i].file) - 4);
    g_autofree char *test_path = g_strconcat("/scenario/error/", name, NULL);
    g_test_add_data_func(test_path, &file_errors[i], test_file_error);
  }
  g_test_add_func("/scenario/io-error", test_io_error);
  g_test_add_func("/scenario/wire-blame", test_wire_blame);
  g_test_add_func("/scenario/bad-values", test_bad_values);
  g_test_add_func("/scenario/override-errors", test_override_errors);
  g_test_add_func("/scenario/override-location", test_override_location);
  g_test_add_func("/scenario/override-spaces", test_override_spaces);
  return g_test_run();
}
