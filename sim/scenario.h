/* Scenario: the validated, typed contents of a scenario .ini file.
 *
 * The loader (scenario.c) reads GKeyFile-compatible INI with units ("10Gbps", "2.5GHz", "20us",
 * "1500B"), rejects unknown groups and keys, and reports every error as
 * "FILE:LINE: [group] key: what is wrong; what is allowed" in the VQ_SCENARIO_ERROR domain.
 * Everything here is already checked: models may trust it. All times are in seconds, rates in
 * frames per second, sizes in bytes, frequencies in Hz, costs in cycles.
 */
#ifndef VQ_SCENARIO_H
#define VQ_SCENARIO_H

#include <glib.h>

G_BEGIN_DECLS

#define VQ_SCENARIO_ERROR (vq_scenario_error_quark())
GQuark vq_scenario_error_quark(void);

typedef enum {
  VQ_SCENARIO_ERROR_IO,      /* cannot read the file */
  VQ_SCENARIO_ERROR_SYNTAX,  /* not INI, or a value that does not parse */
  VQ_SCENARIO_ERROR_UNKNOWN, /* unknown group or key */
  VQ_SCENARIO_ERROR_MISSING, /* required group or key absent */
  VQ_SCENARIO_ERROR_RANGE,   /* parses, but out of the allowed range */
  VQ_SCENARIO_ERROR_REF,     /* refers to a VM / processor that does not exist */
} VqScenarioError;

/* onoff: bursts at a peak rate between silences; mmpp: a two-state Markov-modulated Poisson
 * process (models/arrivals.h). */
typedef enum {
  VQ_ARRIVALS_CONSTANT,
  VQ_ARRIVALS_POISSON,
  VQ_ARRIVALS_ONOFF,
  VQ_ARRIVALS_MMPP
} VqArrivals;
/* windowed: processor domains in plain C, SimGrid per processor per window (the default);
 * reference: the first engine, SimGrid actors per queue, DMA, processor and guest (the oracle). */
typedef enum { VQ_ENGINE_WINDOWED, VQ_ENGINE_REFERENCE } VqEngineKind;
/* IP protocol numbers (IANA); NONE for a frame that is not IP. */
typedef enum { VQ_PROTO_NONE = 0, VQ_PROTO_ICMP = 1, VQ_PROTO_TCP = 6, VQ_PROTO_UDP = 17 } VqProto;
typedef enum { VQ_DIR_RX, VQ_DIR_TX } VqDirection;

#define VQ_MAX_PROCESSORS 1024
#define VQ_MAX_FLOWS 131072   /* flows after count expansion */
#define VQ_MAX_VM_COUNT 256   /* [vm NAME] count: VMs one section may stand for */
#define VQ_MAX_VMS 1024       /* VMs after count expansion */
#define VQ_NO_VLAN 0          /* VLAN ids are 1..4094; 0 means untagged */
#define VQ_MIN_FRAME_BYTES 64 /* IEEE 802.3 clause 4.4.2 minFrameSize: no frame is shorter */

/* NDIS RSS: at most 128 indirection table entries, a power of two
 * (NDIS_RSS_INDIRECTION_TABLE_MAX_SIZE_REVISION_1), and a 40-byte Toeplitz key
 * (NDIS_RSS_HASH_SECRET_KEY_MAX_SIZE_REVISION_1). */
#define VQ_RSS_TABLE_MAX 128
#define VQ_RSS_KEY_LEN 40

/* A VM's VPort under VMMQ: RSS spreads its frames over several queues. Every processor the
 * VPort ever uses (table, default processor, and those named by later [event]s) has its own
 * queue; queue_lps lists them in order of first use. Key and hash types are fixed for the
 * VPort's life, as NDIS requires under VMMQ. */
typedef struct VqTrace VqTrace; /* models/trace.h */

typedef struct {
  gboolean enabled;                  /* vmmq = on */
  guint queue_pairs;                 /* queues of the VPort */
  guint *queue_lps;                  /* queue_pairs entries: each queue's processor, distinct */
  guint8 key[VQ_RSS_KEY_LEN];        /* Toeplitz key */
  guint32 hash_types;                /* enabled NDIS hash types (VQ_HASH_* bits, models/rss.h) */
  guint table_size;                  /* indirection table entries: a power of two <= 128 */
  guint table_lps[VQ_RSS_TABLE_MAX]; /* processor of each entry */
  guint default_lp;                  /* processor for frames no enabled hash type covers */
} VqVportConf;

typedef struct {
  char *name;                /* from "[vm NAME]"; "NAME-i" for instance i of a section with count */
  char *section;             /* NAME of the [vm NAME] section it comes from */
  guint instance;            /* 1..count within a section with count; 0 without the key */
  guint8 mac[6];             /* destination MAC that selects this VM's VMQ queue */
  guint16 vlan;              /* 1..4094, or VQ_NO_VLAN */
  guint vcpus;               /* >= 1 */
  guint *vcpu_lps;           /* vcpus entries: the LP each vCPU runs on */
  guint queue_lp;            /* processor that services this VM's VMQ queue (interrupt + DPC) */
  double guest_frame_cycles; /* guest stack cost per frame, on the VM's vCPUs */
  VqVportConf vport;         /* VMMQ / RSS; vport.enabled FALSE under plain VMQ */
} VqVmConf;

typedef enum {
  VQ_EVENT_SET_TABLE,    /* replace the whole indirection table (may change its size) */
  VQ_EVENT_MOVE_ENTRIES, /* point some entries at another processor (RSSv2) */
  VQ_EVENT_SET_DEFAULT,  /* change the default processor */
} VqEventAction;

/* A live RSS update on a VPort at a time of the scenario's timeline ("[event NAME]"). The NIC
 * applies it nic.rss_update_latency later; frames that arrived before that follow the old
 * table. Events are sorted by time (ties keep file order). */
typedef struct {
  char *name;
  double time_s; /* when the host issues the change */
  guint vm;      /* index into vms: a VM with vmmq = on */
  VqEventAction action;
  guint table_size; /* SET_TABLE: new size and entries */
  guint table_lps[VQ_RSS_TABLE_MAX];
  guint n_entries; /* MOVE_ENTRIES: entry indices and their new processor */
  guint entries[VQ_RSS_TABLE_MAX];
  guint processor; /* MOVE_ENTRIES target / SET_DEFAULT new default */
} VqEventConf;

/* ---- workload forms of a [flow] (issue 12; read by sim/input/scenario-workload.c) ---- */

/* A frame-size distribution other than one fixed size: every whole size lo..hi alike, or a
 * table of sizes and weights (imix, file:PATH). */
typedef struct {
  guint lo, hi;      /* uniform: the sizes, bytes, lo < hi; 0 for a table */
  guint n;           /* table: entries (>= 1); 0 for uniform */
  guint16 *sizes;    /* table: n sizes, bytes, 64..9216 */
  double *weights;   /* table: n weights, >= 0, some > 0 */
  double mean_bytes; /* the distribution's mean: bit rates are converted with it */
} VqFrameSizes;

/* A rate schedule: the rate over simulated time as fractions of the flow's peak rate_fps. From
 * point k to point k + 1 the rate stays at level[k] (a step), or goes linearly to level[k + 1]
 * when ramp[k + 1]; after the last point it stays. */
typedef struct {
  guint n;        /* points, >= 1 */
  double *t_s;    /* n times, increasing, t_s[0] = 0 */
  double *level;  /* n fractions of rate_fps, 0..1, the largest 1 */
  gboolean *ramp; /* n: reached linearly from the point before (ramp[0] FALSE) */
} VqSchedule;

/* The two states of arrivals = onoff (0: on, 1: off) or mmpp, each held for a random period. */
typedef struct {
  double mean_s[2]; /* mean period of each state */
  double level[2];  /* rate in each state, a multiple of rate_fps (onoff: 1 / duty cycle, 0) */
  double shape;     /* onoff: Pareto shape of the periods, > 1; 0: exponential periods */
  gboolean even;    /* onoff: frames evenly spaced in on time (else Poisson at the peak rate) */
} VqBurstConf;

/* The workload forms of a [flow] section other than one frame size and one rate (issue 12).
 * Shared by the section's flows (count) and owned by its first, as the name is. */
typedef struct {
  const VqFrameSizes *sizes;  /* each frame's size drawn from it, else frame_bytes */
  const VqSchedule *schedule; /* the rate over time (constant and poisson), else rate_fps */
  const VqBurstConf *burst;   /* arrivals = onoff or mmpp, else NULL */
} VqFlowForms;

/* What a flow a [capture NAME] found has and generated flows have not: its capture, and the
 * IPv6 _EX hash addresses of its frames (models/rss.h). Owned by the flow. */
typedef struct {
  guint capture; /* index into captures */
  gboolean has_home_addr, has_rh2_addr;
  guint8 home_addr[16], rh2_addr[16];
} VqFlowCaptured;

/* A flow: 120 bytes, as a scenario may have 100k of them (bench-large); what few flows have is
 * behind the forms and captured pointers. */
typedef struct {
  char *name;          /* from "[flow NAME]" */
  int vm;              /* index into vms of the destination VM, or -1 when dst_mac is explicit */
  guint stream;        /* the flow whose random stream this one draws from: itself, or the first
                        * flow of its section under random_stream = per-section */
  guint8 dst_mac[6];   /* the VM's MAC when vm >= 0 */
  guint16 vlan;        /* VQ_NO_VLAN when untagged */
  guint8 src_addr[16]; /* network byte order; IPv4 uses the first 4 bytes */
  guint8 dst_addr[16];
  guint16 src_port;
  guint16 dst_port;
  guint16 ethertype;         /* family 0: the frames' EtherType (0x0806 ARP, 0x8847 MPLS, ...) */
  guint8 family;             /* 4 or 6; 0: not IP (ethertype says what), no addresses or ports */
  guint8 is_fragment;        /* boolean: IP fragments (of a udp datagram), hashed on addresses */
  VqProto proto : 8;         /* tcp, udp, or icmp (IP with no ports: hashed on addresses only) */
  VqDirection direction : 8; /* rx: to the VM; tx: sent by the VM (only its completion is
                              * modelled) */
  VqArrivals arrivals : 8;   /* how its frames arrive; onoff and mmpp have forms->burst */
  guint shares_name : 1;     /* name is the first flow of its section's (count): not freed here,
                              * nor its forms */
  guint frame_bytes;         /* Ethernet frame, 64..9216; with sizes, their mean rounded */
  double rate_fps;           /* offered frames/s: the long-run mean; with a schedule, its peak
                              * (bit rates are converted with the mean frame size) */
  VqFlowForms *forms;        /* NULL: one frame size and one rate */
  VqFlowCaptured *captured;  /* NULL unless a [capture NAME] found it (no source of its own:
                              * the capture's frames are its frames) */
  guint64 seed;              /* per-flow seed (derived from the scenario seed unless given) */
  double start_s;            /* first frame not before this time */
  double stop_s;             /* no frame at or after this time */
} VqFlowConf;
G_STATIC_ASSERT(sizeof(VqFlowConf) == 120);

/* F's workload forms, NULL where it has the plain one. */
static inline const VqFrameSizes *vq_flow_sizes(const VqFlowConf *f) {
  return f->forms ? f->forms->sizes : NULL;
}

static inline const VqSchedule *vq_flow_schedule(const VqFlowConf *f) {
  return f->forms ? f->forms->schedule : NULL;
}

static inline const VqBurstConf *vq_flow_burst(const VqFlowConf *f) {
  return f->forms ? f->forms->burst : NULL;
}

/* F's mean frame size, bytes. */
static inline double vq_flow_mean_bytes(const VqFlowConf *f) {
  const VqFrameSizes *d = vq_flow_sizes(f);
  return d ? d->mean_bytes : (double)f->frame_bytes;
}

/* F's highest rate at any moment, frames/s: a burst's or MMPP state's, or rate_fps. */
static inline double vq_flow_peak_fps(const VqFlowConf *f) {
  gboolean burst = f->arrivals == VQ_ARRIVALS_ONOFF || f->arrivals == VQ_ARRIVALS_MMPP;
  const VqBurstConf *b = burst ? vq_flow_burst(f) : NULL;
  return b ? f->rate_fps * MAX(b->level[0], b->level[1]) : f->rate_fps;
}

/* A [capture NAME]: a pcap/pcapng file replayed through the NIC (models/replay.h). Its frames'
 * distinct tuples are the flows first_flow .. first_flow + n_flows - 1. */
typedef struct {
  char *name;          /* from "[capture NAME]" */
  char *path;          /* the capture file, resolved against the scenario's directory */
  GHashTable *flow_of; /* VqReplayKey (models/replay.h) -> 1 + flow index; owned */
  guint first_flow;    /* index into flows of its first flow */
  guint n_flows;       /* its distinct tuples */
  double scale;        /* simulated seconds per captured second (1 / speedup, or from rate) */
  double pass_s;       /* one pass, simulated: captured span + one mean gap, times scale */
  guint loop;          /* passes, back to back, >= 1 */
  double start_s;      /* the first frame's simulated time */
  guint64 frames;      /* frames in the file */
  guint64 usable;      /* frames replayed per pass (the rest are unusable) */
  double peak_wire;    /* highest frame rate on the wire between two replayed frames over
                        * wire_rate: > 1 when frames come closer than the wire carries them */
  double wire_bps;     /* mean rate on the wire over a pass, bit/s (frames + 20 B each) */
  gboolean by_rate;    /* its timing key is rate (else speedup) */
} VqCaptureConf;

typedef struct {
  char *path;   /* file it was loaded from */
  char *name;   /* basename without .ini: names results/<name>/ */
  char *as_run; /* the file's sections and keys as loaded, --set applied, in INI form (results'
                 * scenario.ini: it loads to the same scenario) */

  /* [simulation] */
  double duration_s;         /* simulated time; > 0 */
  double warmup_s;           /* frames arriving before this are not in latency stats; < duration */
  double sample_interval_s;  /* timeseries sampling period */
  guint64 seed;              /* scenario seed; --seed overrides */
  gboolean step_every_frame; /* debug: wake SimGrid at every frame (must give identical results) */
  VqTrace *trace;            /* not from the file: `run --trace`'s event log, or NULL */
  VqEngineKind engine;       /* which engine runs the scenario */
  double window_s;           /* windowed engine: longest window */

  /* [host] */
  guint processors;    /* logical processors, 1..VQ_MAX_PROCESSORS */
  double frequency_hz; /* every LP runs at this frequency: one SimGrid flop = one cycle */

  /* [pcie] */
  double pcie_bandwidth_Bps; /* bytes per second, one direction */
  double pcie_latency_s;

  /* [nic] */
  gboolean vmq;                /* TRUE: a queue per VM; FALSE: everything in the default queue */
  guint max_vmq_queues;        /* non-default VMQ queues the NIC offers; VMs beyond share queue 0 */
  double wire_bps;             /* line rate, for reporting offered load */
  guint ring_size;             /* descriptors per queue, 64..65536 */
  double irq_max_delay_s;      /* interrupt moderation: at most this long after the first frame */
  guint irq_max_frames;        /* ... or as soon as this many frames are pending (>= 1) */
  guint dma_burst_frames;      /* frames per DMA burst (>= 1) */
  guint default_queue_lp;      /* processor of the default queue */
  guint max_queue_pairs;       /* VMMQ: most queues one VPort may have */
  double rss_update_latency_s; /* time the NIC takes to apply a live RSS change */

  /* [cpu] costs in cycles */
  double isr_cycles;             /* per interrupt */
  double dpc_cycles;             /* per DPC indication (one per batch of frames) */
  double frame_cycles;           /* per frame, miniport + host stack, > 0 */
  double vswitch_frame_cycles;   /* per frame, vSwitch forwarding */
  double sw_filter_frame_cycles; /* per frame, software MAC filtering when vmq = off */
  double copy_byte_cycles;       /* per byte, copy into VM memory when vmq = off */
  double tx_completion_cycles;   /* per transmitted frame, completion work in a DPC */
  gboolean exp_service;          /* frame_service = exponential: per-frame host cycles are
                                  * exponential with the means above (models/nic.c) */

  GPtrArray *vms;      /* VqVmConf*, in file order */
  GPtrArray *flows;    /* VqFlowConf*, in file order */
  GPtrArray *events;   /* VqEventConf*, by time */
  GPtrArray *captures; /* VqCaptureConf*, in file order */
} VqScenario;

/* SC's [capture NAME] sections (captures may be NULL in a scenario built by hand). */
static inline guint vq_scenario_n_captures(const VqScenario *sc) {
  return sc->captures ? sc->captures->len : 0;
}

/* Loads and validates FILE, applying OVERRIDES ("group.key=value", NULL-terminated, may be NULL)
 * after reading. Groups with a name take it after a dot: "vm web.vcpus=4" is written
 * "vm.web.vcpus=4". Returns NULL and sets ERROR on any problem. */
VqScenario *vq_scenario_load(const char *file, const char *const *overrides, GError **error);
void vq_scenario_free(VqScenario *sc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqScenario, vq_scenario_free)

G_END_DECLS

#endif
