/* Traffic generator set-up: how a scenario's flows become sources (traffic.h). */
#include "models/traffic-private.h"

/* The root of FLOW's chain of streams (the loader makes stream <= index; a flow that names a
 * later one keeps its own, as before). ROOT holds the roots of the flows before it. */
static guint stream_root(const VqScenario *sc, const guint32 *root, guint flow) {
  const VqFlowConf *fc = g_ptr_array_index(sc->flows, flow);
  return fc->stream >= flow ? flow : root[fc->stream];
}

/* A flow's frame length, or 0 when drawn from its sizes. */
static guint32 fixed_len(const VqFlowConf *fc) {
  return vq_flow_sizes(fc) ? 0 : fc->frame_bytes;
}

/* A cohort's flow: constant, at one rate. */
static gboolean is_cohort(const VqFlowConf *fc) {
  return fc->arrivals == VQ_ARRIVALS_CONSTANT && !vq_flow_schedule(fc) && !fc->captured;
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
    same_len &= fixed_len(fc) == fixed_len(owner);
  }
  g->rng = rng;
  g->gap_s = 1.0 / total;
  g->end_s = flow_end(owner->stop_s, g->gap_s);
  g->alias = g_new(VqAliasEntry, n);
  vq_alias_build(w, n, g->alias);
  g->n = n;
  g->first = members[0];
  g->len = fixed_len(owner);
  g->members = contiguous ? NULL : g_memdup2(members, n * sizeof *members);
  if (!same_len) {
    g->lens = g_new(guint32, n);
    for (guint k = 0; k < n; k++)
      g->lens[k] = fixed_len(g_ptr_array_index(sc->flows, members[k]));
  }
  if (vq_flow_schedule(owner)) { /* the members share it: the total rate follows it */
    g->proc = g_new(VqArrivalProc, 1);
    vq_arrivals_init(g->proc, owner, total, rng);
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
    if (is_cohort(fc))
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
    tr->member[k] = (Member){x->flow, fixed_len(fc)};
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
  gboolean *superposed; /* by root: >= 2 flows, all Poisson with the owner's start, stop and
                         * schedule */
  gboolean *random;     /* by root: some flow draws random gaps */
  guint32 *members;     /* flows of superposed groups, group by group, in flow order */
  guint n_const, n_rngs, n_members, n_groups, n_varying;
} Plan;

static void plan_init(Plan *p, const VqScenario *sc) {
  guint n = sc->flows->len;
  p->root = g_new(guint32, n);
  p->size = g_new0(guint32, n);
  p->superposed = g_new0(gboolean, n);
  p->random = g_new0(gboolean, n);
  for (guint i = 0; i < n; i++) {
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, i);
    if (fc->captured) { /* its capture's source gives its frames */
      p->root[i] = i;
      continue;
    }
    guint r = p->root[i] = stream_root(sc, p->root, i);
    const VqFlowConf *owner = g_ptr_array_index(sc->flows, r);
    gboolean poisson = fc->arrivals == VQ_ARRIVALS_POISSON;
    if (r == i)
      p->superposed[r] = TRUE;
    p->superposed[r] &= poisson && fc->start_s == owner->start_s && fc->stop_s == owner->stop_s &&
                        vq_flow_schedule(fc) == vq_flow_schedule(owner);
    p->random[r] |= fc->arrivals != VQ_ARRIVALS_CONSTANT;
    p->size[r]++;
    p->n_const += is_cohort(fc);
    p->n_varying += !is_cohort(fc) && (vq_flow_schedule(fc) || !poisson);
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
    e->t_s = vq_traffic_group_draw(g, tr->seq, &e->flow);
    return e->t_s < INFINITY; /* group_draw applied the end */
  }
  if (vq_flow_schedule(fc) || fc->arrivals != VQ_ARRIVALS_POISSON) {
    Varying *v = &tr->varying[tr->n_varying];
    vq_arrivals_init(&v->proc, fc, fc->rate_fps, rng);
    v->rng = rng;
    v->len = fixed_len(fc);
    e->src = KIND_VARYING | tr->n_varying++;
    e->t_s = vq_arrivals_next(&v->proc, rng);
    return e->t_s < INFINITY;
  }
  Single *s = &tr->singles[*n_singles];
  s->gap_s = 1.0 / fc->rate_fps;
  s->end_s = flow_end(fc->stop_s, s->gap_s);
  s->len = fixed_len(fc);
  s->rng = rng;
  e->src = KIND_SINGLE | (*n_singles)++;
  /* A Poisson flow starts with an exponential gap too, so flows with the same start do not all
   * fire at once. */
  e->t_s = fc->start_s + exp_gap(s->rng, s->gap_s);
  return e->t_s < s->end_s;
}

/* Frame sizes of the flows that draw them: a sizer per distribution (a section's flows share
 * one), a size stream per stream root. */
static void sizes_init(VqTraffic *tr, const VqScenario *sc, const guint32 *root) {
  guint n = sc->flows->len;
  g_autoptr(GHashTable) made = g_hash_table_new(NULL, NULL);
  for (guint i = 0; i < n; i++) {
    const VqFrameSizes *d = vq_flow_sizes(g_ptr_array_index(sc->flows, i));
    if (!d)
      continue;
    if (!tr->sized) {
      tr->sized = g_new0(Sized, n);
      tr->size_state = g_new0(guint64, n);
      tr->sizers = g_ptr_array_new_with_free_func((GDestroyNotify)vq_sizer_free);
    }
    VqSizer *s = g_hash_table_lookup(made, d);
    if (!s) {
      g_ptr_array_add(tr->sizers, s = vq_sizer_new(d));
      g_hash_table_insert(made, (gpointer)d, s);
    }
    const VqFlowConf *owner = g_ptr_array_index(sc->flows, root[i]);
    tr->sized[i] = (Sized){s, root[i]};
    tr->size_state[root[i]] = vq_sizer_stream(owner->seed);
  }
}

/* A source per [capture NAME], at its first replayed frame. */
static void captures_init(VqTraffic *tr, const VqScenario *sc) {
  tr->n_captures = vq_scenario_n_captures(sc);
  tr->captures = g_new0(Capture, tr->n_captures + 1);
  for (guint k = 0; k < tr->n_captures; k++) {
    Capture *c = &tr->captures[k];
    c->replay = vq_replay_new(g_ptr_array_index(sc->captures, k), sc->duration_s);
    Entry e = {.src = KIND_CAPTURE | k};
    if ((e.t_s = vq_traffic_capture_next(c, &e.flow)) < INFINITY)
      tr->heap[tr->heap_len++] = e;
  }
}

VqTraffic *vq_traffic_new(const VqScenario *sc) {
  g_return_val_if_fail(sc != NULL, NULL);
  VqTraffic *tr = g_new0(VqTraffic, 1);
  guint n = tr->n_flows = sc->flows->len;
  tr->seq = g_new0(guint64, n);
  tr->heap = g_new(Entry, n + vq_scenario_n_captures(sc));
  Plan p = {0};
  plan_init(&p, sc);
  tr->n_groups = p.n_groups;
  cohorts_init(tr, sc, p.n_const);
  tr->rngs = g_new(GRand *, p.n_rngs + 1);
  tr->groups = g_new0(Group, tr->n_groups + 1);
  tr->singles = g_new0(Single, n - p.n_members - p.n_const + 1);
  tr->varying = g_new0(Varying, p.n_varying + 1);
  sizes_init(tr, sc, p.root);
  g_autofree GRand **rng_of = g_new0(GRand *, n); /* by root */
  guint n_groups = 0, n_singles = 0, done = 0;
  /* In flow index order, so flows sharing a stream that is not superposed take their first
   * gaps in index order, as they always have. */
  for (guint i = 0; i < n; i++) {
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, i);
    guint r = p.root[i];
    if (r == i && p.random[r])
      rng_of[r] = rng_new(tr, fc->seed);
    if (is_cohort(fc) || (p.superposed[r] && r != i) || fc->captured)
      continue;
    Entry e;
    if (first_arrival(tr, sc, &p, i, rng_of[r], &n_groups, &n_singles, &done, &e))
      tr->heap[tr->heap_len++] = e;
  }
  captures_init(tr, sc);
  for (guint i = tr->heap_len / 2; i-- > 0;)
    vq_traffic_heap_sift_down(tr, i);
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
    g_free(tr->groups[i].proc);
  }
  for (guint k = 0; k < tr->n_captures; k++)
    vq_replay_free(tr->captures[k].replay);
  g_free(tr->captures);
  if (tr->sizers)
    g_ptr_array_unref(tr->sizers);
  g_free(tr->sized);
  g_free(tr->size_state);
  g_free(tr->varying);
  g_free(tr->rngs);
  g_free(tr->groups);
  g_free(tr->singles);
  g_free(tr->cohorts);
  g_free(tr->member);
  g_free(tr->seq);
  g_free(tr->heap);
  g_free(tr);
}
