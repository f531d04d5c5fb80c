/* Tests for sim/scenario.c (and sim/ini.c): every field of a complete file, every default, and
 * the errors a user meets, with their kind and their "FILE:LINE: [group] key" prefix. */
#include <string.h>

#include "models/rss.h"
#include "sim/scenario.h"
#include "sim/units.h"

#define DATA VQ_SOURCE_DIR "/tests/data/scenarios/"

static void assert_mac(const guint8 *mac, guint8 a, guint8 b, guint8 c, guint8 d, guint8 e,
                       guint8 f) {
  const guint8 want[6] = {a, b, c, d, e, f};
  g_assert_cmpmem(mac, 6, want, 6);
}

static const VqVmConf *vm_at(const VqScenario *sc, guint i) {
  return g_ptr_array_index(sc->vms, i);
}

static const VqFlowConf *flow_at(const VqScenario *sc, guint i) {
  return g_ptr_array_index(sc->flows, i);
}

/* Loads FILE (under tests/data/scenarios) with OVERRIDES, expects failure with CODE and a
 * message starting with PREFIX (a leading '/' in PREFIX stands for DATA + FILE). Returns the
 * message for further checks. */
static char *expect_error(const char *file, const char *const *overrides, int code,
                          const char *prefix) {
  g_autofree char *path = g_strconcat(DATA, file, NULL);
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(path, overrides, &err);
  g_assert_null(sc);
  g_assert_error(err, VQ_SCENARIO_ERROR, code);
  g_autofree char *want = prefix[0] == '/' ? g_strconcat(path, prefix + 1, NULL) : g_strdup(prefix);
  if (!g_str_has_prefix(err->message, want))
    g_error("message \"%s\"\n  does not start with \"%s\"", err->message, want);
  g_assert_null(strchr(err->message, '\n'));
  return g_strdup(err->message);
}

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
     ":8: [flwo web] is not a known section; allowed are [simulation], [host]"},
    {"missing-host.ini", VQ_SCENARIO_ERROR_MISSING,
     ":1: missing section [host]; every scenario needs [simulation], [host], [nic] and at least "
     "one [flow NAME]"},
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
     ":22: [flow c] rate: flows up to this one offer 12.16 Gbit/s on the wire"},
    {"mixed-family.ini", VQ_SCENARIO_ERROR_RANGE,
     ":9: [flow f] dst: \"[2001:db8::2]:2\" is IPv6 but src is IPv4"},
    {"key-before-section.ini", VQ_SCENARIO_ERROR_SYNTAX,
     ":2: key \"duration\" comes before any [section]"},
    {"garbage-line.ini", VQ_SCENARIO_ERROR_SYNTAX,
     ":3: \"this line is neither a key nor a section\" is not"},
    {"missing-key.ini", VQ_SCENARIO_ERROR_MISSING, ":2: [simulation] duration: missing"},
    {"flow-no-dst.ini", VQ_SCENARIO_ERROR_MISSING,
     ":7: [flow f] vm: missing; give vm = NAME of a [vm NAME] section, or dst_mac = MAC"},
    {"vmmq-table-100.ini", VQ_SCENARIO_ERROR_RANGE,
     ":10: [vm web] indirection_table has 100 entries; NDIS needs a power of two <= 128"},
};

static void test_file_error(gconstpointer data) {
  const FileError *c = data;
  g_autofree char *prefix = g_strconcat("/", c->prefix, NULL);
  g_autofree char *msg = expect_error(c->file, NULL, c->code, prefix);
  if (strcmp(c->file, "oversubscribed.ini") == 0) /* gives the wire rate it compared with */
    g_assert_nonnull(strstr(msg, "more than [nic] wire_rate = 10 Gbit/s"));
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
  static const struct {
    const char *set[3];
    int code;
    const char *prefix;
  } cases[] = {
#define S(...) {__VA_ARGS__, NULL}
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
       "--set simulation.warmup=1s: [simulation] warmup: \"1s\" is not less than duration (1 s)"},
      {S("simulation.sample_interval=100ns"), VQ_SCENARIO_ERROR_RANGE, "--set simulation.sam"},
      /* duration 1 s: at most 10,000 intervals, so 100 us is the finest allowed */
      {S("simulation.sample_interval=99us"), VQ_SCENARIO_ERROR_RANGE,
       "--set simulation.sample_interval=99us: [simulation] sample_interval: \"99us\" is out of "
       "range; expected 0.0001s..duration (1 s): at least 1us and at most 10000 intervals"},
      {S("simulation.seed=-1"), VQ_SCENARIO_ERROR_RANGE, "--set simulation.seed=-1: "},
      {S("simulation.seed=18446744073709551616"), VQ_SCENARIO_ERROR_RANGE, "--set simulation."},
      {S("simulation.step_every_frame=maybe"), VQ_SCENARIO_ERROR_SYNTAX,
       "--set simulation.step_every_frame=maybe: [simulation] step_every_frame: \"maybe\" is not "
       "allowed; expected on/off, true/false or yes/no"},
      {S("nic.vmq=2"), VQ_SCENARIO_ERROR_SYNTAX, "--set nic.vmq=2: [nic] vmq: "},
      {S("nic.ring_size=10"), VQ_SCENARIO_ERROR_RANGE, "--set nic.ring_size=10: [nic] ring_size"},
      {S("nic.dma_burst_frames=600"), VQ_SCENARIO_ERROR_RANGE,
       "--set nic.dma_burst_frames=600: [nic] dma_burst_frames: \"600\" is out of range; "
       "expected an integer in 1..512"},
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
       "--set flow.f.rate=1e30Gbps: [flow f] rate: flows up to this one offer"},
      {S("flow.f.frame_size=63"), VQ_SCENARIO_ERROR_RANGE, "--set flow.f.frame_size=63: "},
      {S("flow.f.frame_size=9217"), VQ_SCENARIO_ERROR_RANGE, "--set flow.f.frame_size=9217: "},
      {S("flow.f.frame_size=100.5"), VQ_SCENARIO_ERROR_RANGE,
       "--set flow.f.frame_size=100.5: [flow f] frame_size: \"100.5\" is not a whole number"},
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
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_test_message("--set %s %s", cases[i].set[0], cases[i].set[1] ? cases[i].set[1] : "");
    g_autofree char *msg =
        expect_error("defaults.ini", cases[i].set, cases[i].code, cases[i].prefix);
  }
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
       "defaults.ini; --set only changes existing VMs and flows"},
      {"nic.wire_rte=1Gbps", VQ_SCENARIO_ERROR_UNKNOWN,
       "--set nic.wire_rte=1Gbps: [nic] wire_rte: unknown key; did you mean wire_rate? [nic] "
       "takes vmq, max_vmq_queues, wire_rate, ring_size, interrupt_max_delay, "
       "interrupt_max_frames, dma_burst_frames, default_queue_processor, max_queue_pairs, "
       "rss_update_latency"},
      {"bogus.key=1", VQ_SCENARIO_ERROR_UNKNOWN,
       "--set bogus.key=1: \"bogus\" is not a known section; allowed are [simulation], [host], "
       "[pcie], [nic], [cpu], [vm NAME], [flow NAME], [event NAME]"},
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

  const char *const o2[] = {"flow.web.frame_size=64", NULL};
  g_autofree char *msg = expect_error("negative-rate.ini", o2, VQ_SCENARIO_ERROR_RANGE,
                                      "/:14: [flow web] rate: \"-3Gbps\" is negative");
}

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
  g_autofree char *msg =
      expect_error("defaults.ini", o2, VQ_SCENARIO_ERROR_RANGE,
                   "--set vm.b.vmmq=on: [vm b] vmmq: the VPort uses 4 processors (0, 1, 2, 3), one "
                   "queue each, more than [nic] max_queue_pairs = 2");
}

/* VMMQ, event and flow errors, one or two --set at a time on vmmq.ini. A prefix starting with
 * '/' is reported at a line of the file (a cross-check on a key the --set did not touch). */
static void test_vmmq_errors(void) {
  static const struct {
    const char *set[3];
    int code;
    const char *prefix;
  } cases[] = {
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
      {S("vm.db.rss_default_processor=8"), VQ_SCENARIO_ERROR_REF,
       "--set vm.db.rss_default_processor=8: [vm db] rss_default_processor: "},
      {S("event.dflt.vm=plain"), VQ_SCENARIO_ERROR_RANGE,
       "--set event.dflt.vm=plain: [event dflt] vm: \"plain\" has vmmq = off"},
      {S("event.dflt.vm=nope"), VQ_SCENARIO_ERROR_REF,
       "--set event.dflt.vm=nope: [event dflt] vm: \"nope\" is not a VM of this scenario"},
      /* after "late" (300 ms) the table has 2 entries */
      {S("event.after.entries=0-2"), VQ_SCENARIO_ERROR_RANGE,
       "--set event.after.entries=0-2: [event after] entries: \"0-2\" entry \"2\" is not an "
       "entry of [vm web]'s table, which has 2 entries at 0.4 s; expected 0..1"},
      {S("event.move.entries=3,16"), VQ_SCENARIO_ERROR_RANGE,
       "--set event.move.entries=3,16: [event move] entries: \"3,16\" entry \"16\" is not an "
       "entry of [vm web]'s table, which has 16 entries at 0.2 s"},
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
       "--set flow.out.rate=10Gbps: [flow out] rate: tx flows up to this one send 10.1333 Gbit/s "
       "on the wire"},
      {S("nic.rss_update_latency=11ms"), VQ_SCENARIO_ERROR_RANGE, "--set nic.rss_update_laten"},
      {S("nic.max_queue_pairs=65"), VQ_SCENARIO_ERROR_RANGE, "--set nic.max_queue_pairs=65: "},
      {S("cpu.tx_completion_cycles=-1"), VQ_SCENARIO_ERROR_RANGE, "--set cpu.tx_completion_c"},
#undef S
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_test_message("--set %s %s", cases[i].set[0], cases[i].set[1] ? cases[i].set[1] : "");
    g_autofree char *msg = expect_error("vmmq.ini", cases[i].set, cases[i].code, cases[i].prefix);
  }
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
  g_test_add_func("/scenario/bad-values", test_bad_values);
  g_test_add_func("/scenario/override-errors", test_override_errors);
  g_test_add_func("/scenario/override-location", test_override_location);
  g_test_add_func("/scenario/vmmq", test_vmmq);
  g_test_add_func("/scenario/vmmq-defaults", test_vmmq_defaults);
  g_test_add_func("/scenario/vmmq-errors", test_vmmq_errors);
  return g_test_run();
}
