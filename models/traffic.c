/* Traffic generator: sources (Poisson flows alone, superposed Poisson groups, cohorts of constant
 * flows, flows of varying rate) merged by a binary heap. See traffic.h; the set-up is in
 * traffic-setup.c. */
#include "models/traffic-private.h"

/* The group's next frame, or +inf at its stop. Draw order, per frame: the gap first (one
 * uniform), then, if the frame is before the stop, its flow (one more uniform); the draws are
 * made up to GROUP_AHEAD frames early, in that same order from the group's own stream. Sets
 * *FLOW and prefetches its sequence counter in SEQ. */
double vq_traffic_group_draw(Group *g, const guint64 *seq, guint32 *flow) {
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

static gboolean entry_less(const Entry *a, const Entry *b) {
  return a->t_s < b->t_s || (a->t_s == b->t_s && a->flow < b->flow);
}

void vq_traffic_heap_sift_down(VqTraffic *tr, guint i) {
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
    next = vq_traffic_group_draw(g, tr->seq, &top->flow);
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
  } else if ((top->src & KIND_MASK) == KIND_VARYING) {
    Varying *v = &tr->varying[i];
    out->len = v->len;
    next = vq_arrivals_next(&v->proc, v->rng);
  } else {
    Single *s = &tr->singles[i];
    out->len = s->len;
    next = top->t_s + exp_gap(s->rng, s->gap_s);
    if (!(next < s->end_s))
      next = INFINITY;
  }
  if (G_UNLIKELY(out->len == 0)) {
    const Sized *z = &tr->sized[out->flow];
    out->len = (guint16)vq_sizer_draw(z->sizer, &tr->size_state[z->root]);
  }
  if (isfinite(next)) {
    top->t_s = next;
  } else {
    *top = tr->heap[--tr->heap_len];
    if (tr->heap_len == 0)
      return TRUE;
  }
  vq_traffic_heap_sift_down(tr, 0);
  return TRUE;
}

guint64 vq_traffic_count(const VqTraffic *tr, guint flow) {
  g_return_val_if_fail(flow < tr->n_flows, 0);
  return tr->seq[flow];
}
