/* The scenario schema's tables: one entry per key (schema.h). Each default carries its source in
 * a comment; those marked "modelling assumption" are not measurements: calibrate them against a
 * measured host. */
#include <stddef.h>

#include "sim/input/schema.h"

#define AT(f) offsetof(VqScenario, f)
#define CODE VQ_KEY_BY_CODE

static const char *const engine_names[] = {"windowed", "reference", NULL};
static const int engine_values[] = {VQ_ENGINE_WINDOWED, VQ_ENGINE_REFERENCE};

static const VqKeySpec simulation_keys[] = {
    {"duration", VQ_KEY_TIME, NULL, "1us", "1e6s", .field = AT(duration_s), .dflt_doc = "required",
     .doc = "simulated time (1e6 s, ~11.6 days: anything longer is a typo)"},
    {"warmup", VQ_KEY_TIME, "0", "0", "duration", .field = AT(warmup_s),
     .doc = "start of the measured part: statistics ignore what happens before"},
    /* 100 samples per run by default; at most 10,000 intervals, as the timeseries keeps a value
     * per interval and processor (1024 processors x 10,000 rows = 80 MB at worst). */
    {"sample_interval", VQ_KEY_TIME, .field = AT(sample_interval_s), .flags = VQ_KEY_CUSTOM,
     .dflt_doc = "duration/100, at least 1us", .allowed = "1us..duration, at most 10000 intervals",
     .doc = "timeseries and chart period"},
    {"seed", VQ_KEY_UINT64, "1", "0", "18446744073709551615", .field = AT(seed),
     .doc = "the run's random seed; each flow's derives from it"},
    {"step_every_frame", VQ_KEY_BOOL, "off", .field = AT(step_every_frame),
     .doc = "debug switch: a SimGrid step per frame (results must not change)"},
    {"engine", VQ_KEY_CHOICE, "windowed", .choices = engine_names, .values = engine_values,
     .field = AT(engine),
     .doc = "windowed: models advanced per window; reference: the first engine, kept as oracle"},
    /* 1 ms: ~1,000 SimGrid activities per processor and simulated second, and a window's frames
     * (8,100 at 100 GbE) stay in cache. */
    {"window", VQ_KEY_TIME, "1ms", "1us", "1s", .field = AT(window_s),
     .doc = "the windowed engine's longest window; results do not depend on it"},
    {.name = NULL},
};

static const VqKeySpec host_keys[] = {
    {"processors", VQ_KEY_UINT, NULL, "1", G_STRINGIFY(VQ_MAX_PROCESSORS), .field = AT(processors),
     .dflt_doc = "required", .doc = "logical processors, numbered from 0"},
    /* Base clock of a common 2-socket server part, e.g. Intel Xeon Gold 6248: 2.5 GHz. */
    {"frequency", VQ_KEY_FREQUENCY, "2.5GHz", "100MHz", "10GHz", .field = AT(frequency_hz),
     .doc = "clock of every processor; turns cycles into time"},
    {.name = NULL},
};

static const VqKeySpec pcie_keys[] = {
    /* PCIe 3.0 x8: 8 GT/s x 8 lanes x 128/130 encoding = 63.0 Gbit/s per direction. */
    {"bandwidth", VQ_KEY_BIT_RATE, "63Gbps", "1Gbps", "10000Gbps", .field = AT(pcie_bandwidth_Bps),
     .scale = 1.0 / 8, .doc = "NIC-to-memory bandwidth per direction (default: PCIe 3.0 x8)"},
    /* Order of a PCIe posted-write/DMA latency; Neugebauer et al., "Understanding PCIe
     * performance for end host networking", SIGCOMM 2018, measure several hundred ns. */
    {"latency", VQ_KEY_TIME, "500ns", "0", "1ms", .field = AT(pcie_latency_s),
     .doc = "a DMA write's latency, after its bytes cross the link"},
    {.name = NULL},
};

static const VqKeySpec nic_keys[] = {
    {"vmq", VQ_KEY_BOOL, "on", .field = AT(vmq),
     .doc = "a queue per VM; off: one queue, the host vSwitch filters and copies in software"},
    /* Intel 82599 datasheet: 64 VMDq pools, one kept as the default queue. */
    {"max_vmq_queues", VQ_KEY_UINT, "63", "1", "1024", .field = AT(max_vmq_queues),
     .doc = "VMQ queues besides the default queue; VMs beyond share the default queue"},
    {"wire_rate", VQ_KEY_BIT_RATE, "10Gbps", "1Mbps", "1000Gbps", .field = AT(wire_bps),
     .doc = "line rate; the flows' offered load must fit in it"},
    /* Default "Receive Buffers" of Intel's Windows drivers. */
    {"ring_size", VQ_KEY_UINT, "512", "64", "65536", .field = AT(ring_size),
     .doc = "descriptors per receive ring; a full ring drops"},
    /* About 20,000 interrupts/s, the order of the moderation rates Windows drivers default to. */
    {"interrupt_max_delay", VQ_KEY_TIME, "50us", "0", "10ms", .field = AT(irq_max_delay_s),
     .doc = "interrupt moderation: longest wait after a frame lands"},
    /* Modelling assumption: an interrupt per 64 frames at most, well below the ring size. */
    {"interrupt_max_frames", VQ_KEY_UINT, "64", "1", "65536", .field = AT(irq_max_frames),
     .doc = "interrupt moderation: frames that raise the interrupt at once"},
    /* Descriptor write-back threshold; 82599 RXDCTL.WTHRESH is at most 16. */
    {"dma_burst_frames", VQ_KEY_UINT, "16", "1", "ring_size", .field = AT(dma_burst_frames),
     .doc = "descriptors written back in one burst"},
    {"default_queue_processor", VQ_KEY_PROCESSOR, "0", .field = AT(default_queue_lp),
     .doc = "processor of the default queue (frames no VM filter matches)"},
    /* Modelling assumption: a common VMMQ per-vPort limit; check the NIC's advertised maximum. */
    {"max_queue_pairs", VQ_KEY_UINT, "16", "1", "64", .field = AT(max_queue_pairs),
     .doc = "queues a VMMQ VPort may have"},
    /* Modelling assumption; NDIS only requires the NIC to follow "with minimal interruption". */
    {"rss_update_latency", VQ_KEY_TIME, "10us", "0", "10ms", .field = AT(rss_update_latency_s),
     .doc = "time the NIC takes to apply an [event]'s change"},
    {.name = NULL},
};

static const char *const service_names[] = {"constant", "exponential", NULL};
static const int service_values[] = {FALSE, TRUE};

/* Cycle counts: 1e9 cycles is ~0.4 s at 2.5 GHz, surely a typo. */
#define CYCLES(name, dflt, f, d)                                                                   \
  { name, VQ_KEY_CYCLES, dflt, "0", "1e9", .field = AT(f), .doc = d }

static const VqKeySpec cpu_keys[] = {
    /* Modelling assumption; calibrate against a measured host. */
    CYCLES("isr_cycles", "1500", isr_cycles, "per interrupt (ISR)"),
    /* Modelling assumption; calibrate against a measured host. */
    CYCLES("dpc_cycles", "3000", dpc_cycles, "per DPC pass"),
    /* ~1 us per frame at 2.5 GHz for miniport + host stack, the order of the per-packet kernel
     * cost reported by Rizzo, "netmap", USENIX ATC 2012. More than 0: checked by scenario.c. */
    CYCLES("frame_cycles", "2500", frame_cycles, "per frame, miniport and host stack (> 0)"),
    /* Modelling assumption; calibrate against a measured host. */
    CYCLES("vswitch_frame_cycles", "1500", vswitch_frame_cycles, "per frame, vSwitch"),
    /* Modelling assumption; calibrate against a measured host. */
    CYCLES("sw_filter_frame_cycles", "300", sw_filter_frame_cycles,
           "per frame, software MAC filter (vmq = off)"),
    /* memcpy of a cache-cold frame at ~4 bytes/cycle. */
    CYCLES("copy_byte_cycles", "0.25", copy_byte_cycles, "per byte copied (vmq = off)"),
    /* Modelling assumption; calibrate against a measured host. */
    CYCLES("tx_completion_cycles", "1000", tx_completion_cycles, "per transmit completion"),
    /* constant: the costs above are means of a tight per-packet path; exponential: for M/M/1
     * validation and as a crude model of cache misses and lock contention. */
    {"frame_service", VQ_KEY_CHOICE, "constant", .choices = service_names, .values = service_values,
     .field = AT(exp_service),
     .doc = "constant; exponential: each frame's cycles drawn with those means (M/M/1)"},
    {.name = NULL},
};

/* Windows' default: UDP 4-tuple hashing is off unless enabled, so UDP hashes its addresses. */
#define DEFAULT_HASH_TYPES "ipv4,tcp-ipv4,ipv6,tcp-ipv6"
#define HASH_TYPES                                                                                 \
  "a comma list of ipv4, tcp-ipv4, udp-ipv4, ipv6, tcp-ipv6, udp-ipv6, ipv6-ex, tcp-ipv6-ex, "     \
  "udp-ipv6-ex"
#define LP_LIST "a comma list of processors and ranges, e.g. 2-5 or 1,3,5"
#define TABLE_LIST "a comma list of processors, one per entry; 1..128 entries, a power of two"

static const VqKeySpec vm_keys[] = {
    {"mac", VQ_KEY_TEXT, .field = CODE, .dflt_doc = "required",
     .allowed = "a unicast MAC such as 00:15:5d:00:00:01", .doc = "the VM's MAC filter"},
    {"vlan", VQ_KEY_UINT, NULL, "0", "4094", .field = CODE, .dflt_doc = "none",
     .doc = "the VM's VLAN filter"},
    {"vcpus", VQ_KEY_UINT, "1", "1", "64", .field = CODE, .doc = "virtual processors"},
    {"queue_processor", VQ_KEY_PROCESSOR, .field = CODE,
     .dflt_doc = "1 + i mod (processors - 1) for the i-th VM",
     .allowed = "a processor; " LP_LIST " with count", .doc = "processor of the VM's VMQ queue"},
    {"vcpu_processors", VQ_KEY_TEXT, .field = CODE, .dflt_doc = "those after queue_processor",
     .allowed = "a comma list of processors, one per vCPU (with count: at least vcpus)",
     .doc = "where the vCPUs run"},
    /* Modelling assumption: a guest stack a little heavier than the host's frame path. */
    {"guest_frame_cycles", VQ_KEY_CYCLES, "3000", "0", "1e9", .field = CODE,
     .doc = "guest cycles per frame"},
    {"vmmq", VQ_KEY_BOOL, "off", .field = CODE,
     .doc = "a VMMQ VPort: several queues, spread by RSS (the keys below)"},
    /* Microsoft's published verification key, so results are reproducible; Windows draws a
     * random key per VPort. */
    {"rss_key", VQ_KEY_TEXT, .field = CODE, .flags = VQ_KEY_VMMQ_ONLY,
     .dflt_doc = "Microsoft's verification key", .allowed = "40 bytes in hex",
     .doc = "the Toeplitz key"},
    {"rss_hash_types", VQ_KEY_TEXT, DEFAULT_HASH_TYPES, .field = CODE, .flags = VQ_KEY_VMMQ_ONLY,
     .allowed = HASH_TYPES,
     .doc = "what the hash covers; other frames go to the default processor"},
    {"rss_processors", VQ_KEY_TEXT, .field = CODE, .flags = VQ_KEY_VMMQ_ONLY,
     .dflt_doc = "this or indirection_table is required", .allowed = LP_LIST,
     .doc = "processors that fill the table round-robin"},
    {"indirection_table", VQ_KEY_TEXT, .field = CODE, .flags = VQ_KEY_VMMQ_ONLY,
     .allowed = TABLE_LIST, .doc = "the table itself, instead of rss_processors"},
    /* NDIS's largest table, which spreads load most evenly over any processor count. */
    {"indirection_table_size", VQ_KEY_UINT, G_STRINGIFY(VQ_RSS_TABLE_MAX), "1",
     G_STRINGIFY(VQ_RSS_TABLE_MAX), .field = CODE, .flags = VQ_KEY_VMMQ_ONLY,
     .allowed = "a power of two, 1..128", .doc = "entries filled from rss_processors"},
    /* NDIS: frames no enabled hash type covers go to the default processor; the host sets it,
     * and the first entry's processor is what an unconfigured VPort would use. */
    {"rss_default_processor", VQ_KEY_PROCESSOR, .field = CODE, .flags = VQ_KEY_VMMQ_ONLY,
     .dflt_doc = "the table's first entry", .doc = "processor of frames no hash type covers"},
    {"queue_pairs", VQ_KEY_UINT, NULL, "1", "max_queue_pairs", .field = CODE,
     .flags = VQ_KEY_VMMQ_ONLY, .dflt_doc = "the processors its tables use",
     .doc = "the VPort's queues, at least one per processor any of its tables uses"},
    {"count", VQ_KEY_UINT, NULL, "1", G_STRINGIFY(VQ_MAX_VM_COUNT), .field = CODE,
     .dflt_doc = "none: one VM NAME",
     .doc = "N alike VMs NAME-1..NAME-N, MACs mac + i (see Scenario files)"},
    {.name = NULL},
};

static const char *const proto_names[] = {"tcp", "udp", "icmp", NULL};
static const int proto_values[] = {VQ_PROTO_TCP, VQ_PROTO_UDP, VQ_PROTO_ICMP};
static const char *const arrival_names[] = {"constant", "poisson", "onoff", "mmpp", NULL};
static const int arrival_values[] = {VQ_ARRIVALS_CONSTANT, VQ_ARRIVALS_POISSON, VQ_ARRIVALS_ONOFF,
                                     VQ_ARRIVALS_MMPP};
static const char *const period_names[] = {"exponential", "pareto", NULL};
static const int period_values[] = {FALSE, TRUE};
static const char *const spacing_names[] = {"poisson", "constant", NULL};
static const int spacing_values[] = {FALSE, TRUE};
static const char *const direction_names[] = {"rx", "tx", NULL};
static const int direction_values[] = {VQ_DIR_RX, VQ_DIR_TX};
static const char *const stream_names[] = {"per-flow", "per-section", NULL};
static const int stream_values[] = {FALSE, TRUE};
static const char *const tuples_names[] = {"sequential", "random", NULL};
static const int tuples_values[] = {FALSE, TRUE};

#define ENDPOINT                                                                                   \
  "10.0.0.1:80, [2001:db8::1]:80; the address alone for icmp; ranges 10.0.0.0/16:1024-65535, "     \
  "one per family, comma-separated"

static const VqKeySpec flow_keys[] = {
    {"vm", VQ_KEY_TEXT, .field = CODE, .dflt_doc = "this or dst_mac is required",
     .allowed = "a [vm NAME]'s NAME (with count: a flow per VM) or NAME-i",
     .doc = "the VM it goes to (rx) or comes from (tx)"},
    {"dst_mac", VQ_KEY_TEXT, .field = CODE, .allowed = "a MAC such as 00:15:5d:00:00:01",
     .doc = "destination MAC instead of vm (rx only): to no VM, or to the default queue"},
    {"vlan", VQ_KEY_UINT, NULL, "0", "4094", .field = CODE, .dflt_doc = "the VM's, else none",
     .doc = "802.1Q VLAN of its frames"},
    {"src", VQ_KEY_TEXT, .field = CODE, .dflt_doc = "required (not for a non-IP mix)",
     .allowed = ENDPOINT, .doc = "source address and port"},
    {"dst", VQ_KEY_TEXT, .field = CODE, .dflt_doc = "required (not for a non-IP mix)",
     .allowed = ENDPOINT, .doc = "destination address and port"},
    {"protocol", VQ_KEY_CHOICE, "udp", .choices = proto_names, .values = proto_values,
     .field = CODE, .doc = "IP protocol (one class; mix gives several)"},
    {"rate", VQ_KEY_TEXT, .field = CODE, .dflt_doc = "required (but with arrivals = mmpp)",
     .allowed = "a bit rate (bps..Tbps) or frame rate (pps, kpps, Mpps), > 0; or a schedule, "
                "RATE@TIME points from @0, '..' before one for a ramp: 1Gbps@0 ..10Gbps@50ms",
     .doc = "offered load (long-run mean); a bit rate counts frame bytes (their mean)"},
    {"frame_size", VQ_KEY_TEXT, "1500B", .field = CODE,
     .allowed = "64B..9216B (whole bytes); a range 64B..1518B (uniform); imix (64/570/1518 B at "
                "7:4:1); file:PATH (lines SIZE WEIGHT)",
     .doc = "Ethernet frame size, or a distribution drawn per frame"},
    {"arrivals", VQ_KEY_CHOICE, "poisson", .choices = arrival_names, .values = arrival_values,
     .field = CODE, .doc = "arrival process; onoff: bursts (burst_* keys); mmpp: see mmpp"},
    {"burst_on", VQ_KEY_TIME, NULL, "1ns", "1e6s", .field = CODE, .flags = VQ_KEY_ONOFF_ONLY,
     .dflt_doc = "required with onoff", .doc = "onoff: mean on period, at the peak rate / duty"},
    {"burst_off", VQ_KEY_TIME, NULL, "1ns", "1e6s", .field = CODE, .flags = VQ_KEY_ONOFF_ONLY,
     .dflt_doc = "required with onoff", .doc = "onoff: mean off period, no frames"},
    {"burst_periods", VQ_KEY_CHOICE, "exponential", .choices = period_names,
     .values = period_values, .field = CODE, .flags = VQ_KEY_ONOFF_ONLY,
     .doc = "onoff: law of the on and off periods"},
    /* Willinger, Taqqu, Sherman, Wilson, "Self-similarity through high-variability", IEEE/ACM
     * ToN 5(1), 1997: measured on/off periods have Pareto tails with shape between 1 and 2. */
    {"pareto_shape", VQ_KEY_NUMBER, "1.5", "1", "100", .field = CODE, .flags = VQ_KEY_ONOFF_ONLY,
     .allowed = "1 < shape <= 100", .doc = "onoff, pareto: shape (tail index) of the periods"},
    {"burst_arrivals", VQ_KEY_CHOICE, "constant", .choices = spacing_names,
     .values = spacing_values, .field = CODE, .flags = VQ_KEY_ONOFF_ONLY,
     .doc = "onoff: frames evenly spaced in on time, or Poisson at the peak rate"},
    {"mmpp", VQ_KEY_TEXT, .field = CODE, .dflt_doc = "required with mmpp",
     .allowed = "two states RATE/MEAN_TIME, e.g. 2Gbps/5ms 8Gbps/1ms",
     .doc = "mmpp: Poisson at each rate, exponential sojourns of those means"},
    /* Derived from the scenario seed, so --seed changes every flow and flows differ. */
    {"seed", VQ_KEY_UINT64, NULL, "0", "18446744073709551615", .field = CODE,
     .dflt_doc = "derived from [simulation] seed", .doc = "the flow's random stream"},
    {"start", VQ_KEY_TIME, "0", "0", "duration", .field = CODE, .doc = "when it starts"},
    {"stop", VQ_KEY_TIME, "duration", "0", "duration", .field = CODE,
     .allowed = "start < stop <= duration", .doc = "when it stops"},
    {"direction", VQ_KEY_CHOICE, "rx", .choices = direction_names, .values = direction_values,
     .field = CODE, .doc = "rx; tx: the VM sends, its transmit completions are modelled"},
    {"count", VQ_KEY_UINT, "1", "1", "65536", .field = CODE,
     .doc = "N connections: consecutive source ports, or taken from src and dst ranges"},
    {"rate_zipf", VQ_KEY_NUMBER, "0", "0", "10", .field = CODE,
     .doc = "0: equal split; S: connection j gets a share proportional to (j+1)^-S"},
    {"random_stream", VQ_KEY_CHOICE, "per-flow", .choices = stream_names, .values = stream_values,
     .field = CODE,
     .doc = "per-section: the section's connections share one stream (100k fit in memory)"},
    {"tuples", VQ_KEY_CHOICE, "sequential", .choices = tuples_names, .values = tuples_values,
     .field = CODE,
     .doc = "connections from the ranges: in order, or distinct seeded random draws"},
    {"mix", VQ_KEY_TEXT, .field = CODE, .dflt_doc = "protocol, over the ranges' family",
     .allowed = "NAME:WEIGHT items; tcp4, udp4, icmp4, frag4, tcp6, udp6, icmp6, frag6, arp, mpls, "
                "ethertype-0xHHHH",
     .doc = "kinds of frame and their shares of the rate, as weights"},
    {"heavy_hitters", VQ_KEY_UINT, "0", "0", "65535", .field = CODE,
     .doc = "K: each class's first K connections take heavy_share of its rate"},
    {"heavy_share", VQ_KEY_TEXT, .field = CODE, .dflt_doc = "required with heavy_hitters",
     .allowed = "a percentage above 0% and below 100%, e.g. 60%",
     .doc = "the heavy hitters' share, split equally among them"},
    {.name = NULL},
};

static const VqKeySpec capture_keys[] = {
    {"file", VQ_KEY_TEXT, .field = CODE, .dflt_doc = "required",
     .allowed = "a pcap or pcapng file of Ethernet frames, relative to the scenario file",
     .doc = "the capture replayed, streamed from the file"},
    {"ip_map", VQ_KEY_TEXT, .field = CODE, .dflt_doc = "by destination MAC",
     .allowed = "PREFIX=VM items: 10.0.1.0/24=web, 2001:db8::/64=db (longest prefix wins)",
     .doc = "frames to a VM by destination IP; they take its MAC and VLAN"},
    {"mac_map", VQ_KEY_TEXT, .field = CODE, .dflt_doc = "by destination MAC",
     .allowed = "MAC=VM items: 00:11:22:33:44:55=web",
     .doc = "frames to a VM by captured destination MAC; they take its MAC and VLAN"},
    /* 1e-6..1e6: a factor beyond is a unit mistake. */
    {"speedup", VQ_KEY_NUMBER, "1", "1e-6", "1e6", .field = CODE,
     .doc = "captured gaps divided by this (not with rate)"},
    {"rate", VQ_KEY_BIT_RATE, NULL, "1bps", "10000Gbps", .field = CODE, .dflt_doc = "none: speedup",
     .doc = "time scaled so that the capture's mean rate is this"},
    {"loop", VQ_KEY_UINT, "1", "1", "1000000", .field = CODE,
     .doc = "passes back to back, the next a mean gap after the last frame"},
    {"start", VQ_KEY_TIME, "0", "0", "duration", .field = CODE,
     .doc = "simulated time of the first frame"},
    {.name = NULL},
};

static const char *const action_names[] = {"set-table", "move-entries", "set-default-processor",
                                           NULL};
static const int action_values[] = {VQ_EVENT_SET_TABLE, VQ_EVENT_MOVE_ENTRIES,
                                    VQ_EVENT_SET_DEFAULT};

static const VqKeySpec event_keys[] = {
    {"time", VQ_KEY_TIME, NULL, "0", "duration", .field = CODE, .dflt_doc = "required",
     .allowed = "0..duration, before the run ends", .doc = "when the host issues the change"},
    {"vm", VQ_KEY_TEXT, .field = CODE, .dflt_doc = "required",
     .allowed = "the NAME (NAME-i with count) of a VM with vmmq = on", .doc = "whose VPort"},
    {"action", VQ_KEY_CHOICE, NULL, .choices = action_names, .values = action_values, .field = CODE,
     .dflt_doc = "required", .doc = "what changes"},
    {"indirection_table", VQ_KEY_TEXT, .field = CODE, .allowed = TABLE_LIST,
     .doc = "set-table: the new table (or rss_processors)"},
    {"rss_processors", VQ_KEY_TEXT, .field = CODE, .allowed = LP_LIST,
     .doc = "set-table: processors filling the new table round-robin"},
    {"indirection_table_size", VQ_KEY_UINT, NULL, "1", G_STRINGIFY(VQ_RSS_TABLE_MAX), .field = CODE,
     .dflt_doc = "the table's current size", .allowed = "a power of two, 1..128",
     .doc = "set-table with rss_processors: the new table's size"},
    {"entries", VQ_KEY_TEXT, .field = CODE, .allowed = "table indices and ranges, e.g. 0-3,8",
     .doc = "move-entries: the entries that move"},
    {"processor", VQ_KEY_PROCESSOR, .field = CODE,
     .doc = "move-entries, set-default-processor: the processor they go to"},
    {"rss_key", VQ_KEY_TEXT, .field = CODE, .flags = VQ_KEY_UNDOC},
    {"rss_hash_types", VQ_KEY_TEXT, .field = CODE, .flags = VQ_KEY_UNDOC},
    {.name = NULL},
};

static const VqSectionSpec sections[] = {
    {"simulation", FALSE, "required", simulation_keys, "the run"},
    {"host", FALSE, "required", host_keys, "the server"},
    {"pcie", FALSE, NULL, pcie_keys, "the NIC's PCIe link"},
    {"nic", FALSE, "required", nic_keys, "the NIC"},
    {"cpu", FALSE, NULL, cpu_keys, "host costs, in cycles"},
    {"vm", TRUE, NULL, vm_keys, "a VM, its VMQ queue or VMMQ VPort"},
    {"flow", TRUE, "at least one, or a [capture NAME]", flow_keys,
     "traffic to (rx) or from (tx) a VM"},
    {"event", TRUE, NULL, event_keys, "a live change of a VPort's RSS parameters"},
    {"capture", TRUE, NULL, capture_keys, "a pcap or pcapng capture replayed to the VMs"},
};

const VqSectionSpec *vq_schema_sections(guint *n) {
  *n = G_N_ELEMENTS(sections);
  return sections;
}
