/* Traffic generator: sources (Poisson flows alone, superposed Poisson groups, cohorts of constant
 * flows, flows of varying rate) merged by a binary heap. See traffic.h; the set-up is in
 * traffic-setup.c. */
#include "models/traffic-private.h"

#include "sim/report.h"

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
  } else if ((top->src & KIND_MASK) == KIND_CAPTURE) {
    Capture *c = &tr->captures[i];
    out->len = c->len;
    next = vq_traffic_capture_next(c, &top->flow);
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

/* COUNTS (replayed, then unusable by reason: replay.h) to E from FIRST on: frames, replayed,
 * unusable, then each reason, in the rows' order (sim/metrics.def). */
static void report_counts(VqReportEntity *e, VqMetric first, const guint64 *counts) {
  guint64 unusable = 0;
  for (guint i = 1; i < VQ_REPLAY_N_REASONS; i++)
    unusable += counts[i];
  vq_report_set(e, first, (double)(counts[VQ_CAPTURE_OK] + unusable));
  vq_report_set(e, (VqMetric)(first + 1), (double)counts[VQ_CAPTURE_OK]);
  vq_report_set(e, (VqMetric)(first + 2), (double)unusable);
  for (guint i = 1; i < VQ_REPLAY_N_REASONS; i++)
    vq_report_set(e, (VqMetric)(first + 2 + i), (double)counts[i]);
}
G_STATIC_ASSERT(VQ_M_RUN_CAPTURE_UNUSABLE_TOO_LONG - VQ_M_RUN_CAPTURE_FRAMES ==
                2 + VQ_REPLAY_TOO_LONG);
G_STATIC_ASSERT(VQ_M_CAPTURE_UNUSABLE_TOO_LONG - VQ_M_CAPTURE_FRAMES == 2 + VQ_REPLAY_TOO_LONG);
G_STATIC_ASSERT(VQ_CAPTURE_OK == 0);

void vq_traffic_report_captures(const VqTraffic *tr, const VqScenario *sc, VqReport *r) {
  guint64 sum[VQ_REPLAY_N_REASONS] = {0};
  for (guint k = 0; k < tr->n_captures; k++) {
    const VqCaptureConf *c = g_ptr_array_index(sc->captures, k);
    const guint64 *counts = vq_replay_counts(tr->captures[k].replay);
    VqReportEntity *e = vq_report_add_entity(r, VQ_KIND_CAPTURE, c->name);
    report_counts(e, VQ_M_CAPTURE_FRAMES, counts);
    vq_report_set(e, VQ_M_CAPTURE_FLOWS, c->n_flows);
    vq_report_set(e, VQ_M_CAPTURE_TIME_SCALE, c->scale);
    vq_report_set(e, VQ_M_CAPTURE_WIRE_GBPS, c->wire_bps / 1e9);
    for (guint i = 0; i < VQ_REPLAY_N_REASONS; i++)
      sum[i] += counts[i];
  }
  if (tr->n_captures > 0)
    report_counts(vq_report_run(r), VQ_M_RUN_CAPTURE_FRAMES, sum);
}
