/* Private to the NIC model (nic.c: the per-frame path and the actors; nic-setup.c: set-up,
 * end of run, report). Nothing outside models/nic*.c includes this,
 * but for the unit test of its admission rules (tests/test-nic.c). */
#ifndef VQ_NIC_PRIVATE_H
#define VQ_NIC_PRIVATE_H

#include <math.h>

#include <simgrid/host.h>

#include "models/cpu.h"
#include "models/dma.h"
#include "models/filter.h"
#include "models/irq.h"
#include "models/pcie.h"
#include "models/nic.h"
#include "models/ring.h"
#include "models/trace.h"
#include "models/traffic.h"
#include "models/vm.h"
#include "models/vport.h"
#include "models/vswitch.h"
#include "models/waker.h"
#include "models/seed.h"

typedef struct VqNic VqNic;
typedef struct VqDomain VqDomain;
typedef struct VqGuests VqGuests;

/* A flow's per-frame cycles on its queue's processor. Flows alike share one (nic->costs): the
 * vector is 64 bytes and a scenario may have 100k flows but only a few kinds of path. */
typedef struct {
  double cycles[VQ_CPU_N_CAT]; /* by category, the copy excepted */
  double total;                /* their sum */
  double copy_byte;            /* plus this many per byte of the frame, in VQ_CPU_COPY */
} PathCost;

/* C's cycles for a frame of LEN bytes: its total and its copy. */
static inline double vq_path_copy(const PathCost *c, guint32 len) {
  return c->copy_byte * len;
}

/* What happens to a flow's frames is fixed for the run: the filter's queue, the destination
 * VM and the per-frame cycles. Computed once instead of per frame (same result). 40 bytes, as
 * it is touched twice per frame and a scenario may have 100k flows. */
enum {
  PATH_TX = 1 << 0,         /* frames are transmit completions, not received frames */
  PATH_HASHED = 1 << 1,     /* an enabled RSS hash type covers the flow */
  PATH_MAY_REORDER = 1 << 2 /* its VPort's table changes during the run: it can change queues */
};
typedef struct {
  guint32 queue;   /* the VMQ filter's queue (VMMQ: the VPort's first queue) */
  guint32 hash;    /* its RSS hash (tx: of the reversed tuple), when PATH_HASHED */
  gint16 vm;       /* destination (rx) or sending (tx) VM; -1: no VM owns the MAC */
  gint16 vport;    /* VM index whose VMMQ VPort steers the flow, or -1 */
  guint16 cost;    /* its per-frame cycles: nic->costs[cost] */
  guint8 flags;    /* PATH_* */
  guint64 offered; /* frames generated (before the end) */
  guint64 dropped; /* refused by a full ring */
  guint64 done;    /* indicated: delivered to its VM, or discarded by the vSwitch (no VM owns
                    * the MAC), or completed (tx) */
} FlowPath;

/* Order of indication of a flow that may change queues (PATH_MAY_REORDER). */
typedef struct {
  guint64 max_seq;   /* the highest sequence number indicated so far */
  guint64 reordered; /* frames indicated after a later frame of the flow */
  gint32 version;    /* VPort table version the flow was last counted reordered in */
  gboolean seen;
} FlowOrder;

/* A generated frame not yet admitted, and its queue. */
typedef struct {
  VqFrame f;
  guint32 queue;
} Pending;

/* Growable FIFO of generated frames not yet admitted (a power-of-two ring). */
typedef struct {
  Pending *buf;
  guint cap, head, len;
} Fifo;

typedef struct {
  VqNic *nic;
  guint index;
  char name[16];
  int vm;      /* VM owning the queue, -1 for the default queue */
  guint lp;    /* processor servicing the queue */
  int vport_k; /* queue index within the VM's VMMQ VPort, or -1 */
  gboolean tx; /* a transmit-completion queue (twin of an rx queue) */
  int tx_twin; /* rx queue: index of its completion twin, or -1 */
  VqRing ring;
  VqIrq irq;
  VqDma dma;
  VqCpu *cpu;
  Fifo fifo;
  VqWaker waker;              /* the reference engine's queue actor */
  double t_act_s;             /* windowed engine: when the queue next acts (vq_nic_act_all) */
  gboolean in_service;        /* interrupt raised, the processor owns the queue until drained */
  double free_bound_s;        /* in service: the processor returns no descriptor before this */
  guint64 pass_from, pass_to; /* the DPC pass in progress covers these ring counters */
  double pass_offset_cycles;  /* ISR + DPC overhead before the first frame of the pass */
  guint64 offered;
  double offered_bytes, dropped_bytes, indicated_bytes;
  guint64 max_occupancy;
  /* Little's law: ring occupancy (tail - freed) integrated over [warmup, end). Admission runs
   * ahead of the clock, so the integral is advanced in time order at each descriptor return:
   * first through the admitted frames that arrived by then (in ring order), then the frees. */
  guint64 occ_arrived; /* ring counter: frames whose arrival the integral has passed */
  double occ_t_s;      /* time the integral has reached */
  double occ_area;     /* integral of occupancy over [warmup, occ_t_s], frame-seconds */
  double res_sum_s;    /* sum of (descriptor return - arrival) over frames freed after warmup */
  guint64 res_frames;  /* frames freed after warmup */
} RxQueue;

struct VqNic {
  const VqScenario *sc;
  double end_s;
  double hz;
  VqTraffic *traffic;
  VqPcie pcie;
  double generated_to_s; /* every frame arriving at or before this is in a queue's FIFO */
  double window_s;       /* how far ahead the generator fills the FIFOs */
  FlowPath *paths;
  FlowOrder *order; /* per flow, when any flow may reorder; else NULL */
  guint n_flows;
  PathCost *costs; /* the distinct per-frame costs of the paths */
  RxQueue *queues;
  guint n_queues;
  VqCpu **cpus;      /* indexed by LP */
  VqBins *busy_bins; /* per LP */
  VqVm **vms;
  guint n_vms;
  VqVport **vports; /* per VM: its VMMQ VPort, or NULL */
  VqVswitch *vswitch;
  sg_host_t nic_host, mem_host;
  double min_pass_cycles; /* no DPC pass is cheaper: DPC overhead + cheapest frame */
  gboolean exp_service;   /* per-frame cycles scaled by an Exp(1) draw (vq_nic_frame_scale) */
  guint64 wakeups;
  /* The windowed engine (domain.c): no queue, DMA, processor or guest actors. */
  gboolean windowed;
  VqDomain **domains; /* per LP */
  Fifo *domain_fifos; /* per LP: generated frames of its queues, in arrival order */
  VqGuests **guests;  /* per LP with receiving vCPUs, else NULL */
  GArray *guest_log;  /* GuestEvent: what the guests see this window, from every domain */
  GArray *order_log;  /* OrderEvent: indications of flows that may change queues, this window */
  guint32 log_seq;    /* emission order of the logs' entries (ties in time keep it) */
};

/* What a processor's guests must know of the rest, in the order it happened: work handed over
 * by a DPC pass (on any processor), and the processor entering or leaving dispatch level. */
typedef enum { GUEST_HANDOFF, GUEST_DISPATCH_BEGIN, GUEST_DISPATCH_END } GuestEventKind;
typedef struct {
  double t_s;
  guint32 seq;
  guint32 lp; /* the processor whose guests see it */
  guint32 kind;
  guint32 vm;
  guint32 frames;
} GuestEvent;

/* A frame indicated at DONE_S by the pass ending at PASS_END_S, of a flow that may change
 * queues: the order of indications is decided across processors, by pass end, at the window's
 * end (the first engine saw passes end in global time order). */
typedef struct {
  double pass_end_s;
  double done_s;
  guint32 seq;
  guint32 flow;
  guint64 frame_seq;
} OrderEvent;

/* The factor on frame F's host cycles: 1, or under frame_service = exponential an Exp(1) draw
 * that depends only on (flow, sequence number): a splitmix64 hash of the two (models/seed.h) made
 * uniform in (0, 1], then -ln. So a frame costs the same however the run is scheduled, and
 * nothing is stored per frame. */
static inline double vq_nic_frame_scale(const VqNic *nic, const VqFrame *f) {
  if (!nic->exp_service)
    return 1.0;
  /* Apart from the flow's arrival stream (a GRand seeded with the same seed). */
  const VqFlowConf *fc = g_ptr_array_index(nic->sc->flows, f->flow);
  guint64 seed = fc->seed ^ G_GUINT64_CONSTANT(0x5851F42D4C957F2D);
  double u = (double)((vq_seed_derive(seed, f->seq) >> 11) + 1) * 0x1p-53;
  return -log(u);
}

static inline const VqFrame *vq_fifo_peek(const Fifo *f) {
  return f->len ? &f->buf[f->head].f : NULL;
}

static inline const Pending *vq_fifo_peek_pending(const Fifo *f) {
  return f->len ? &f->buf[f->head] : NULL;
}

static inline void vq_fifo_pop(Fifo *f) {
  f->head = (f->head + 1) & (f->cap - 1);
  f->len--;
}

/* Moves every frame arriving at or before UPTO_S (and before the end) into its queue's FIFO. */
void vq_nic_generate(VqNic *nic, double upto_s);
/* Admits F into Q's ring (TRUE), or counts its drop. */
gboolean vq_nic_admit(VqNic *nic, RxQueue *q, const VqFrame *f);
/* The reference engine (nic-actors.c): actor bodies (data: the RxQueue / the VqNic); waking a
 * queue's actor for a frame that arrives before it planned to wake; after another actor changed
 * Q's state, waking it only if it must act or admit sooner than planned. */
void vq_nic_queue_actor(int argc, char **argv);
void vq_nic_generator_actor(int argc, char **argv);
void vq_nic_queue_wake(RxQueue *q);
void vq_nic_queue_nudge(VqNic *nic, RxQueue *q);
/* Performs whatever is due on Q at NOW (one action: raise, moderation, write-back); FALSE when
 * nothing is. Returns in *T_NEXT the time of the next action given the frames admitted so far. */
gboolean vq_nic_act(VqNic *nic, RxQueue *q, double now, double *t_next);
/* The pass ending at END_S returns the descriptors of [pass_from, pass_to): Little's law. */
void vq_nic_occupancy_free(VqNic *nic, RxQueue *q, double end_s);
/* Advances Q's occupancy integral to T_S (arrivals up to T_S included). */
void vq_nic_occupancy_advance(const VqNic *nic, RxQueue *q, double t_s);
/* Performs whatever is due on Q at NOW (raise, moderation, write-back) until nothing is; returns
 * when Q next needs to act given the frames admitted so far (+inf: never). */
double vq_nic_act_all(VqNic *nic, RxQueue *q, double now);
/* Q has just admitted a frame (not dropped it): the earliest moment that frame makes Q act
 * (+inf: none; Q's other actions are unchanged). */
double vq_nic_admit_act_time(const RxQueue *q);
/* The miniport's DPC entry points (the processor model calls them through VqDpcOps). */
extern const VqDpcOps vq_nic_dpc_ops;
/* Accounts the order of indication of a flow's frame (reordering), see nic.c. */
void vq_nic_track_order(VqNic *nic, guint flow, guint64 seq, double done_s);

/* The windowed engine (domain.c, guests.c). */
void vq_domains_create(VqNic *nic);
void vq_domains_free(VqNic *nic);
/* A raised interrupt for Q, on Q's domain. */
void vq_domain_interrupt(VqNic *nic, RxQueue *q);
/* Runs generator, processor domains and guests to T_S; BUSY_S[lp] gets each processor's busy
 * seconds in [from, T_S). */
void vq_domains_advance(VqNic *nic, double t_s, double *busy_s);
/* At the end of the run: cycles still to run of guest batches in progress (for vq_vm_finish). */
void vq_domains_finish(VqNic *nic);

VqGuests *vq_guests_new(VqNic *nic, guint lp);
void vq_guests_free(VqGuests *g);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqGuests, vq_guests_free)
/* Event E for these guests, from the processor domain SRC_LP (each domain posts in time
 * order). */
void vq_guests_post(VqGuests *g, guint src_lp, const GuestEvent *e);
/* Runs the guests through the events posted (in time order, ties in posting order) and on to
 * T_S; returns their busy seconds since the last call. */
double vq_guests_advance(VqGuests *g, double t_s);
void vq_guests_finish(VqGuests *g);

#endif
