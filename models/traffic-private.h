/* Private to the traffic generator (traffic.c: the sources and the merge; traffic-setup.c: how
 * a scenario's flows become sources). See traffic.h. */
#ifndef VQ_TRAFFIC_PRIVATE_H
#define VQ_TRAFFIC_PRIVATE_H

#include <math.h>

#include "models/alias.h"
#include "models/arrivals.h"
#include "models/framesize.h"
#include "models/replay.h"
#include "models/traffic.h"

/* A source's slot in the merge heap: its next frame. */
typedef struct {
  double t_s;   /* arrival time of the source's next frame */
  guint32 flow; /* its flow; equal times go to the lower flow index */
  guint32 src;  /* KIND_* | index into singles, groups or cohorts */
} Entry;

#define KIND_SINGLE 0u
#define KIND_GROUP 0x20000000u
#define KIND_COHORT 0x40000000u
#define KIND_VARYING 0x60000000u
#define KIND_CAPTURE 0x80000000u
#define KIND_MASK 0xe0000000u /* VQ_MAX_FLOWS (2^17) sources fit below */

/* A Poisson flow generated alone: its own stream, or a shared one that is not superposed (then
 * its flows draw from it in arrival order). 32 bytes; its sequence counter is in
 * VqTraffic.seq. */
typedef struct {
  double gap_s; /* mean inter-arrival time: 1 / rate */
  double end_s; /* stop - 1e-6 gap: no frame at or after it (see flow_end) */
  GRand *rng;   /* its stream */
  guint32 len;  /* frame length, bytes; 0: drawn from its sizes (as everywhere below) */
} Single;
G_STATIC_ASSERT(sizeof(Single) == 32);
G_STATIC_ASSERT(sizeof(Entry) == 16);

/* A flow generated alone whose rate varies: a schedule, on/off, MMPP (arrivals.h). */
typedef struct {
  VqArrivalProc proc;
  GRand *rng;  /* its stream; NULL when it draws nothing (constant frames on a schedule) */
  guint32 len; /* frame length, bytes */
} Varying;

#define GROUP_AHEAD 8 /* draws made ahead of use */

/* Poisson flows sharing one stream, start and stop, generated as one process at their total
 * rate. A member flow costs 8 bytes here (its alias entry; lens and members only when needed)
 * and its 8-byte sequence counter. */
typedef struct {
  GRand *rng;          /* the group's stream, seeded as its owner flow's */
  VqArrivalProc *proc; /* its rate over time under a schedule, else NULL */
  double gap_s;        /* mean inter-arrival time of the group: 1 / total rate */
  double end_s;        /* stop - 1e-6 gap_s */
  VqAliasEntry *alias; /* n entries, over the members' rates */
  guint32 *members;    /* flow of member k, or NULL when it is first + k */
  guint32 *lens;       /* frame length of member k, or NULL when every member has len */
  guint32 n;           /* members, >= 2 */
  guint32 first;       /* flow of member 0 */
  guint32 len;         /* frame length of every member (when lens is NULL), bytes */
  guint32 pending;     /* the member of the drawn next frame */
  /* Draws made ahead, so that the alias entries they need are fetched from memory early (a
   * table of 100k members is far bigger than the caches): a ring of times and u * n. */
  double ahead_t[GROUP_AHEAD], ahead_x[GROUP_AHEAD];
  guint32 ahead_head, ahead_len;
  double last_s;     /* time of the last draw made */
  gboolean finished; /* a draw reached the stop: no more frames after those ahead */
} Group;

/* Constant-rate flows with one start, rate and stop: their frames come at the same instants
 * start + k gap, where ties go in flow order, so they are one source that gives each instant's
 * frames member by member (the lockstep flows of a section with rate_zipf = 0 cost O(1) per
 * frame, not a heap sift each). 40 bytes, and 8 per member in VqTraffic.member. */
typedef struct {
  double gap_s;   /* 1 / rate */
  double start_s; /* frame k of each member at start + k gap: no drift */
  double end_s;   /* stop - 1e-6 gap */
  guint32 base;   /* its members: VqTraffic.member[base .. base + n - 1], in flow order */
  guint32 n;      /* members, >= 1 */
  guint32 pos;    /* the member whose frame is next */
} Cohort;

G_STATIC_ASSERT(sizeof(Cohort) == 40);

typedef struct {
  guint32 flow;
  guint32 len; /* frame length, bytes */
} Member;

/* A [capture NAME] being replayed, and the length of its pending frame. */
typedef struct {
  VqReplay *replay;
  guint16 len;
} Capture;

/* A flow's frame sizes, when drawn: its distribution and the stream (of its stream's root). */
typedef struct {
  const VqSizer *sizer;
  guint32 root;
} Sized;

struct VqTraffic {
  guint64 *seq; /* per flow: frames produced */
  guint n_flows;
  Single *singles;
  Group *groups;
  guint n_groups;
  Cohort *cohorts;
  Member *member; /* the cohorts' members, cohort by cohort */
  Varying *varying;
  guint n_varying;
  GRand **rngs; /* the streams, owned */
  guint n_rngs;
  Sized *sized;        /* by flow, or NULL when every flow has one frame size */
  guint64 *size_state; /* by root flow: its size stream (framesize.h) */
  GPtrArray *sizers;   /* one VqSizer per distinct distribution, owned */
  Capture *captures;   /* one per [capture NAME] */
  guint n_captures;
  Entry *heap; /* unfinished sources, min-heap on (t_s, flow) */
  guint heap_len;
};

/* Exponential inter-arrival of mean GAP_S: -ln(U) * gap with U in (0,1]; 1 - [0,1) avoids
 * log(0). */
static inline double exp_gap(GRand *rng, double gap_s) {
  return -log(1.0 - g_rand_double(rng)) * gap_s;
}

/* A frame within a millionth of a gap of the stop is at the stop: start + k * gap can round to
 * just below a stop it equals exactly (rate 3000 from 0 to 0.1 gave 301 frames). */
static inline double flow_end(double stop_s, double gap_s) {
  return stop_s - 1e-6 * gap_s;
}

/* Inline: they are on the per-frame path (traffic.c) and set-up takes the first frames. */

/* The group's next frame, or +inf at its stop. Draw order, per frame: the gap first (one
 * uniform), then, if the frame is before the stop, its flow (one more uniform); the draws are
 * made up to GROUP_AHEAD frames early, in that same order from the group's own stream. Sets
 * *FLOW and prefetches its sequence counter in SEQ. */
static inline double vq_traffic_group_draw(Group *g, const guint64 *seq, guint32 *flow) {
  while (g->ahead_len < GROUP_AHEAD && !g->finished) {
    double next =
        g->proc ? vq_arrivals_next(g->proc, g->rng) : g->last_s + exp_gap(g->rng, g->gap_s);
    if (!(next < g->end_s)) {
      g->finished = TRUE;
      break;
    }
    double x = g_rand_double(g->rng) * g->n;
    guint j = (guint)x < g->n ? (guint)x : g->n - 1;
    __builtin_prefetch(&g->alias[j]);
    guint slot = (g->ahead_head + g->ahead_len++) % GROUP_AHEAD;
    g->ahead_t[slot] = g->last_s = next;
    g->ahead_x[slot] = x;
  }
  if (g->ahead_len == 0)
    return INFINITY;
  double t = g->ahead_t[g->ahead_head], x = g->ahead_x[g->ahead_head];
  g->ahead_head = (g->ahead_head + 1) % GROUP_AHEAD;
  g->ahead_len--;
  guint k = vq_alias_pick_x(g->alias, g->n, x);
  g->pending = k;
  *flow = g->members ? g->members[k] : g->first + k;
  __builtin_prefetch(&seq[*flow], 1);
  return t;
}

/* The capture's next frame, or +inf at its end; sets *FLOW and the pending length. */
static inline double vq_traffic_capture_next(Capture *c, guint32 *flow) {
  double t;
  return vq_replay_next(c->replay, &t, flow, &c->len) ? t : INFINITY;
}

static inline gboolean entry_less(const Entry *a, const Entry *b) {
  return a->t_s < b->t_s || (a->t_s == b->t_s && a->flow < b->flow);
}

static inline void vq_traffic_heap_sift_down(VqTraffic *tr, guint i) {
  Entry *h = tr->heap;
  Entry e = h[i];
  for (;;) {
    guint l = 2 * i + 1, r = l + 1, m = l;
    if (l >= tr->heap_len)
      break;
    if (r < tr->heap_len && entry_less(&h[r], &h[l]))
      m = r;
    if (!entry_less(&h[m], &e))
      break;
    h[i] = h[m];
    i = m;
  }
  h[i] = e;
}

#endif
