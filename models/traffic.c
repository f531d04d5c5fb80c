/* Traffic generator: sources (Poisson flows alone, superposed Poisson groups, cohorts of constant
 * flows) merged by a binary heap. See traffic.h. */
#include "models/traffic.h"

#include <math.h>

/* A source's slot in the merge heap: its next frame. */
typedef struct {
  double t_s;   /* arrival time of the source's next frame */
  guint32 flow; /* its flow; equal times go to the lower flow index */
  guint32 src;  /* KIND_* | index into singles, groups or cohorts */
} Entry;

#define KIND_SINGLE 0u
#define KIND_GROUP 0x40000000u
#define KIND_COHORT 0x80000000u
#define KIND_MASK 0xc0000000u /* VQ_MAX_FLOWS (2^17) sources fit below */

/* A Poisson flow generated alone: its own stream, or a shared one that is not superposed (then
 * its flows draw from it in arrival order). 32 bytes; its sequence counter is in
 * VqTraffic.seq. */
typedef struct {
  double gap_s; /* mean inter-arrival time: 1 / rate */
  double end_s; /* stop - 1e-6 gap: no frame at or after it (see flow_end) */
  GRand *rng;   /* its stream */
  guint32 len;  /* frame length, bytes */
} Single;
G_STATIC_ASSERT(sizeof(Single) == 32);
G_STATIC_ASSERT(sizeof(Entry) == 16);
G_STATIC_ASSERT(sizeof(VqAliasEntry) == 8);

#define GROUP_AHEAD 8 /* draws made ahead of use */

/* Poisson flows sharing one stream, start and stop, generated as one process at their total
 * rate. A member flow costs 8 bytes here (its alias entry; lens and members only when needed)
 * and its 8-byte sequence counter. */
typedef struct {
  GRand *rng;          /* the group's stream, seeded as its owner flow's */
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

struct VqTraffic {
  guint64 *seq; /* per flow: frames produced */
  guint n_flows;
  Single *singles;
  Group *groups;
  guint n_groups;
  Cohort *cohorts;
  Member *member; /* the cohorts' members, cohort by cohort */
  GRand **rngs;   /* the streams, owned */
  guint n_rngs;
  Entry *heap; /* unfinished sources, min-heap on (t_s, flow) */
  guint heap_len;
};

/* Exponential inter-arrival of mean GAP_S: -ln(U) * gap with U in (0,1]; 1 - [0,1) avoids
 * log(0). */
static double exp_gap(GRand *rng, double gap_s) {
  return -log(1.0 - g_rand_double(rng)) * gap_s;
}

/* A frame within a millionth of a gap of the stop is at the stop: start + k * gap can round to
 * just below a stop it equals exactly (rate 3000 from 0 to 0.1 gave 301 frames). */
static double flow_end(double stop_s, double gap_s) {
  return stop_s - 1e-6 * gap_s;
}

void vq_traffic_alias_build(const double *weights, guint n, VqAliasEntry *table) {
  g_return_if_fail(n > 0 && weights != NULL && table != NULL);
  double sum = 0;
  for (guint i = 0; i < n; i++)
    sum += weights[i];
  g_return_if_fail(sum > 0 && isfinite(sum));
  /* Scaled so that the mean is 1. Columns below 1 ("small") are topped up from one above
   * ("large"), which keeps the rest: Vose's two work lists, here two stacks in one array
   * (small growing up from 0, large down from n), filled in index order. */
  double *p = g_new(double, n);
  guint32 *stack = g_new(guint32, n);
  guint s = 0, l = n;
  for (guint i = 0; i < n; i++) {
    p[i] = weights[i] * n / sum;
    if (p[i] < 1.0)
      stack[s++] = i;
    else
      stack[--l] = i;
  }
  while (s > 0 && l < n) {
    guint32 j = stack[--s], g = stack[l];
    table[j] = (VqAliasEntry){.prob = (float)p[j], .alias = g};
    /* (p_g + p_j) - 1 rather than p_g - (1 - p_j): the stable order (K. Schwarz, "Darts, Dice,
     * and Coins", 2011). */
    p[g] = (p[g] + p[j]) - 1.0;
    if (p[g] < 1.0) {
      l++;
      stack[s++] = g;
    }
  }
  /* What is left is 1 up to rounding. */
  while (l < n) {
    guint32 g = stack[l++];
    table[g] = (VqAliasEntry){.prob = 1.0f, .alias = g};
  }
  while (s > 0) {
    guint32 j = stack[--s];
    table[j] = (VqAliasEntry){.prob = 1.0f, .alias = j};
  }
  g_free(stack);
  g_free(p);
}

guint vq_traffic_alias_pick(const VqAliasEntry *table, guint n, double u) {
  /* One uniform for both choices: its 53 bits leave > 30 for the fraction below 2^22 columns. */
  return vq_traffic_alias_pick_x(table, n, u * n);
}

guint vq_traffic_alias_pick_x(const VqAliasEntry *table, guint n, double x) {
  guint k = (guint)x;
  if (k >= n) /* u * n rounded up to n */
    k = n - 1;
  return x - k < table[k].prob ? k : table[k].alias;
}

/* The group's next frame, or +inf at its stop. Draw order, per frame: the gap first (one
 * uniform), then, if the frame is before the stop, its flow (one more uniform); the draws are
 * made up to GROUP_AHEAD frames early, in that same order from the group's own stream. Sets
 * *FLOW and prefetches its sequence counter in SEQ. */
static double group_draw(Group *g, const guint64 *seq, guint32 *flow) {
  while (g->ahead_len < GROUP_AHEAD && !g->finished) {
    double next = g->last_s + exp_gap(g->rng, g->gap_s);
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
  guint k = vq_traffic_alias_pick_x(g->alias, g->n, x);
  g->pending = k;
  *flow = g->members ? g->members[k] : g->first + k;
  __builtin_prefetch(&seq[*flow], 1);
  return t;
}

static gboolean entry_less(const Entry *a, const Entry *b) {
  return a->t_s < b->t_s || (a->t_s == b->t_s && a->flow < b->flow);
}

static void heap_sift_down(VqTraffic *tr, guint i) {
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

/* The root of FLOW's chain of streams (the loader makes stream <= index; a flow that names a
 * later one keeps its own, as before). ROOT holds the roots of the flows before it. */
static guint stream_root(const VqScenario *sc, const guint32 *root, guint flow) {
  const VqFlowConf *fc = g_ptr_array_index(sc->flows, flow);
  return fc->stream >= flow ? flow : root[fc->stream];
}

static GRand *rng_new(VqTraffic *tr, guint64 seed) {
  /* GRand seeds with 32-bit words: feed both halves of the 64-bit flow seed. */
  guint32 words[2] = {(guint32)seed, (guint32)(seed >> 32)};
  return tr->rngs[tr->n_rngs++] = g_rand_new_with_seed_array(words, 2);
}

/* Builds group G from the N flows MEMBERS (in index order), sharing RNG. */
static void group_init(const VqScenario *sc, Group *g, const guint32 *members, guint n,
                       GRand *rng) {
  const VqFlowConf *owner = g_ptr_array_index(sc->flows, members[0]);
  double *w = g_new(double, n);
  double total = 0;
  gboolean contiguous = TRUE, same_len = TRUE;
  for (guint k = 0; k < n; k++) {
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, members[k]);
    total += w[k] = fc->rate_fps;
    contiguous &= members[k] == members[0] + k;
    same_len &= fc->frame_bytes == owner->frame_bytes;
  }
  g->rng = rng;
  g->gap_s = 1.0 / total;
  g->end_s = flow_end(owner->stop_s, g->gap_s);
  g->alias = g_new(VqAliasEntry, n);
  vq_traffic_alias_build(w, n, g->alias);
  g->n = n;
  g->first = members[0];
  g->len = owner->frame_bytes;
  g->members = contiguous ? NULL : g_memdup2(members, n * sizeof *members);
  if (!same_len) {
    g->lens = g_new(guint32, n);
    for (guint k = 0; k < n; k++)
      g->lens[k] = ((const VqFlowConf *)g_ptr_array_index(sc->flows, members[k]))->frame_bytes;
  }
  g_free(w);
}

typedef struct {
  double start_s, rate_fps, stop_s;
  guint32 flow;
} CohortKey;

static int cohort_key_cmp(const void *a, const void *b) {
  const CohortKey *x = a, *y = b;
  if (x->start_s != y->start_s)
    return x->start_s < y->start_s ? -1 : 1;
  if (x->rate_fps != y->rate_fps)
    return x->rate_fps < y->rate_fps ? -1 : 1;
  if (x->stop_s != y->stop_s)
    return x->stop_s < y->stop_s ? -1 : 1;
  return x->flow < y->flow ? -1 : x->flow > y->flow;
}

/* The constant flows (N of them) as cohorts, each in the heap at its start unless it has no
 * frame (start at its stop). They draw no random number, so their streams do not matter. */
static void cohorts_init(VqTraffic *tr, const VqScenario *sc, guint n) {
  CohortKey *keys = g_new(CohortKey, n + 1);
  guint m = 0;
  for (guint i = 0; i < sc->flows->len; i++) {
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, i);
    if (fc->arrivals == VQ_ARRIVALS_CONSTANT)
      keys[m++] = (CohortKey){fc->start_s, fc->rate_fps, fc->stop_s, i};
  }
  g_assert(m == n);
  qsort(keys, n, sizeof *keys, cohort_key_cmp);
  tr->member = g_new(Member, n + 1);
  tr->cohorts = g_new(Cohort, n + 1);
  guint n_cohorts = 0;
  for (guint k = 0; k < n; k++) {
    const CohortKey *x = &keys[k], *p = k ? &keys[k - 1] : NULL;
    if (!p || x->start_s != p->start_s || x->rate_fps != p->rate_fps || x->stop_s != p->stop_s) {
      Cohort *c = &tr->cohorts[n_cohorts++];
      c->gap_s = 1.0 / x->rate_fps;
      c->start_s = x->start_s;
      c->end_s = flow_end(x->stop_s, c->gap_s);
      c->base = k;
      c->n = 0;
      c->pos = 0;
    }
    tr->cohorts[n_cohorts - 1].n++;
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, x->flow);
    tr->member[k] = (Member){x->flow, fc->frame_bytes};
  }
  /* A constant flow starts exactly at its start time. */
  for (guint c = 0; c < n_cohorts; c++)
    if (tr->cohorts[c].start_s < tr->cohorts[c].end_s)
      tr->heap[tr->heap_len++] = (Entry){.t_s = tr->cohorts[c].start_s,
                                         .flow = tr->member[tr->cohorts[c].base].flow,
                                         .src = KIND_COHORT | c};
  g_free(keys);
}

/* How vq_traffic_new() lays out the sources: which flows share a random stream (their root),
 * and which of those groups are superposed. */
typedef struct {
  guint32 *root;        /* by flow: the flow owning its stream */
  guint32 *size;        /* by root: flows in its group */
  gboolean *superposed; /* by root: >= 2 flows, all Poisson with the owner's start and stop */
  gboolean *random;     /* by root: some flow draws random gaps */
  guint32 *members;     /* flows of superposed groups, group by group, in flow order */
  guint n_const, n_rngs, n_members, n_groups;
} Plan;

static void plan_init(Plan *p, const VqScenario *sc) {
  guint n = sc->flows->len;
  p->root = g_new(guint32, n);
  p->size = g_new0(guint32, n);
  p->superposed = g_new0(gboolean, n);
  p->random = g_new0(gboolean, n);
  for (guint i = 0; i < n; i++) {
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, i);
    guint r = p->root[i] = stream_root(sc, p->root, i);
    const VqFlowConf *owner = g_ptr_array_index(sc->flows, r);
    gboolean poisson = fc->arrivals == VQ_ARRIVALS_POISSON;
    if (r == i)
      p->superposed[r] = TRUE;
    p->superposed[r] &= poisson && fc->start_s == owner->start_s && fc->stop_s == owner->stop_s;
    p->random[r] |= poisson;
    p->size[r]++;
    p->n_const += !poisson;
  }
  /* Members of superposed groups, group by group: OFFSET[r] is where root r's start. */
  g_autofree guint32 *offset = g_new(guint32, n);
  for (guint r = 0; r < n; r++) {
    if (p->root[r] != r)
      continue;
    p->superposed[r] &= p->size[r] >= 2;
    p->n_rngs += p->random[r];
    p->n_groups += p->superposed[r];
    offset[r] = p->n_members;
    p->n_members += p->superposed[r] ? p->size[r] : 0;
  }
  p->members = g_new(guint32, p->n_members + 1);
  for (guint i = 0; i < n; i++)
    if (p->superposed[p->root[i]])
      p->members[offset[p->root[i]]++] = i;
}

static void plan_clear(Plan *p) {
  g_free(p->members);
  g_free(p->random);
  g_free(p->superposed);
  g_free(p->size);
  g_free(p->root);
}

/* Flow I's source in the heap: its group (I is the group's root) or its own stream, at its first
 * arrival; FALSE when it has none before its stop. RNG: its stream's generator. */
static gboolean first_arrival(VqTraffic *tr, const VqScenario *sc, const Plan *p, guint i,
                              GRand *rng, guint *n_groups, guint *n_singles, guint *done,
                              Entry *e) {
  const VqFlowConf *fc = g_ptr_array_index(sc->flows, i);
  guint r = p->root[i];
  *e = (Entry){.flow = i};
  if (p->superposed[r]) {
    Group *g = &tr->groups[*n_groups];
    group_init(sc, g, p->members + *done, p->size[r], rng);
    *done += p->size[r];
    e->src = KIND_GROUP | (*n_groups)++;
    /* Superposed flows start with an exponential gap at the total rate, as each flow did. */
    g->last_s = fc->start_s;
    e->t_s = group_draw(g, tr->seq, &e->flow);
    return e->t_s < INFINITY; /* group_draw applied the end */
  }
  Single *s = &tr->singles[*n_singles];
  s->gap_s = 1.0 / fc->rate_fps;
  s->end_s = flow_end(fc->stop_s, s->gap_s);
  s->len = fc->frame_bytes;
  s->rng = rng;
  e->src = KIND_SINGLE | (*n_singles)++;
  /* A Poisson flow starts with an exponential gap too, so flows with the same start do not all
   * fire at once. */
  e->t_s = fc->start_s + exp_gap(s->rng, s->gap_s);
  return e->t_s < s->end_s;
}

VqTraffic *vq_traffic_new(const VqScenario *sc) {
  g_return_val_if_fail(sc != NULL, NULL);
  VqTraffic *tr = g_new0(VqTraffic, 1);
  guint n = tr->n_flows = sc->flows->len;
  tr->seq = g_new0(guint64, n);
  tr->heap = g_new(Entry, n);
  Plan p = {0};
  plan_init(&p, sc);
  tr->n_groups = p.n_groups;
  cohorts_init(tr, sc, p.n_const);
  tr->rngs = g_new(GRand *, p.n_rngs + 1);
  tr->groups = g_new0(Group, tr->n_groups + 1);
  tr->singles = g_new0(Single, n - p.n_members - p.n_const + 1);
  g_autofree GRand **rng_of = g_new0(GRand *, n); /* by root */
  guint n_groups = 0, n_singles = 0, done = 0;
  /* In flow index order, so flows sharing a stream that is not superposed take their first
   * gaps in index order, as they always have. */
  for (guint i = 0; i < n; i++) {
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, i);
    guint r = p.root[i];
    if (r == i && p.random[r])
      rng_of[r] = rng_new(tr, fc->seed);
    if (fc->arrivals == VQ_ARRIVALS_CONSTANT || (p.superposed[r] && r != i))
      continue;
    Entry e;
    if (first_arrival(tr, sc, &p, i, rng_of[r], &n_groups, &n_singles, &done, &e))
      tr->heap[tr->heap_len++] = e;
  }
  for (guint i = tr->heap_len / 2; i-- > 0;)
    heap_sift_down(tr, i);
  plan_clear(&p);
  return tr;
}

void vq_traffic_free(VqTraffic *tr) {
  if (!tr)
    return;
  for (guint i = 0; i < tr->n_rngs; i++)
    g_rand_free(tr->rngs[i]);
  for (guint i = 0; i < tr->n_groups; i++) {
    g_free(tr->groups[i].alias);
    g_free(tr->groups[i].members);
    g_free(tr->groups[i].lens);
  }
  g_free(tr->rngs);
  g_free(tr->groups);
  g_free(tr->singles);
  g_free(tr->cohorts);
  g_free(tr->member);
  g_free(tr->seq);
  g_free(tr->heap);
  g_free(tr);
}

double vq_traffic_peek(const VqTraffic *tr) {
  return tr->heap_len ? tr->heap[0].t_s : INFINITY;
}

gboolean vq_traffic_next(VqTraffic *tr, double limit_s, VqFrame *out) {
  /* Finished sources leave the heap, so its top is finite. */
  if (tr->heap_len == 0 || !(tr->heap[0].t_s <= limit_s))
    return FALSE;
  Entry *top = &tr->heap[0];
  out->t_s = top->t_s;
  out->flow = top->flow;
  out->seq = tr->seq[top->flow]++;
  out->land_s = 0; /* the NIC's to set */
  out->cost = 0;
  guint32 i = top->src & ~KIND_MASK;
  double next;
  if ((top->src & KIND_MASK) == KIND_GROUP) {
    Group *g = &tr->groups[i];
    out->len = g->lens ? g->lens[g->pending] : g->len;
    next = group_draw(g, tr->seq, &top->flow);
  } else if ((top->src & KIND_MASK) == KIND_COHORT) {
    Cohort *c = &tr->cohorts[i];
    out->len = tr->member[c->base + c->pos].len;
    if (++c->pos < c->n) { /* the next member, same instant */
      next = top->t_s;
    } else {
      /* start + seq * gap rather than accumulating, so there is no drift. */
      c->pos = 0;
      next = c->start_s + (double)(out->seq + 1) * c->gap_s;
      if (!(next < c->end_s))
        next = INFINITY;
    }
    top->flow = tr->member[c->base + c->pos].flow;
  } else {
    Single *s = &tr->singles[i];
    out->len = s->len;
    next = top->t_s + exp_gap(s->rng, s->gap_s);
    if (!(next < s->end_s))
      next = INFINITY;
  }
  if (isfinite(next)) {
    top->t_s = next;
  } else {
    *top = tr->heap[--tr->heap_len];
    if (tr->heap_len == 0)
      return TRUE;
  }
  heap_sift_down(tr, 0);
  return TRUE;
}

guint64 vq_traffic_count(const VqTraffic *tr, guint flow) {
  g_return_val_if_fail(flow < tr->n_flows, 0);
  return tr->seq[flow];
}
