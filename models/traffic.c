/* Traffic generator: per-flow arrival processes merged by a binary heap. See traffic.h. */
#include "models/traffic.h"

#include <math.h>

typedef struct {
  double next_s; /* time of the flow's next frame, +inf when finished */
  double gap_s;  /* mean inter-arrival time: 1 / rate */
  double start_s;
  double stop_s;
  guint32 len;
  gboolean poisson;
  guint64 seq; /* frames produced */
  GRand *rng;  /* its own, or an earlier flow's (random_stream = per-section) */
  gboolean owns_rng;
} Flow;

struct VqTraffic {
  Flow *flows;
  guint n_flows;
  guint *heap; /* flow indices, min-heap on (next_s, index) */
  guint heap_len;
};

static double flow_gap(Flow *f) {
  if (!f->poisson)
    return f->gap_s;
  /* Exponential inter-arrival: -ln(U)/rate with U in (0,1]; 1 - [0,1) avoids log(0). */
  return -log(1.0 - g_rand_double(f->rng)) * f->gap_s;
}

static gboolean heap_less(const VqTraffic *tr, guint a, guint b) {
  double ta = tr->flows[a].next_s, tb = tr->flows[b].next_s;
  return ta < tb || (ta == tb && a < b);
}

static void heap_sift_down(VqTraffic *tr, guint i) {
  for (;;) {
    guint l = 2 * i + 1, r = l + 1, m = i;
    if (l < tr->heap_len && heap_less(tr, tr->heap[l], tr->heap[m]))
      m = l;
    if (r < tr->heap_len && heap_less(tr, tr->heap[r], tr->heap[m]))
      m = r;
    if (m == i)
      return;
    guint tmp = tr->heap[i];
    tr->heap[i] = tr->heap[m];
    tr->heap[m] = tmp;
    i = m;
  }
}

VqTraffic *vq_traffic_new(const VqScenario *sc) {
  g_return_val_if_fail(sc != NULL, NULL);
  VqTraffic *tr = g_new0(VqTraffic, 1);
  tr->n_flows = sc->flows->len;
  tr->flows = g_new0(Flow, tr->n_flows);
  tr->heap = g_new(guint, tr->n_flows);
  for (guint i = 0; i < tr->n_flows; i++) {
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, i);
    Flow *f = &tr->flows[i];
    f->gap_s = 1.0 / fc->rate_fps;
    f->start_s = fc->start_s;
    f->stop_s = fc->stop_s;
    f->len = fc->frame_bytes;
    f->poisson = fc->arrivals == VQ_ARRIVALS_POISSON;
    f->owns_rng = fc->stream >= i; /* the loader makes stream <= i */
    if (f->owns_rng) {
      /* GRand seeds with 32-bit words: feed both halves of the 64-bit flow seed. */
      guint32 words[2] = {(guint32)fc->seed, (guint32)(fc->seed >> 32)};
      f->rng = g_rand_new_with_seed_array(words, 2);
    } else {
      f->rng = tr->flows[fc->stream].rng;
    }
    /* A Poisson flow starts with an exponential gap too, so flows with the same start do not
     * all fire at once; a constant flow starts exactly at its start time. */
    f->next_s = fc->start_s + (f->poisson ? flow_gap(f) : 0.0);
    if (f->next_s >= f->stop_s - 1e-6 * f->gap_s)
      f->next_s = INFINITY;
    tr->heap[i] = i;
  }
  tr->heap_len = tr->n_flows;
  for (guint i = tr->heap_len / 2; i-- > 0;)
    heap_sift_down(tr, i);
  return tr;
}

void vq_traffic_free(VqTraffic *tr) {
  if (!tr)
    return;
  for (guint i = 0; i < tr->n_flows; i++)
    if (tr->flows[i].owns_rng)
      g_rand_free(tr->flows[i].rng);
  g_free(tr->flows);
  g_free(tr->heap);
  g_free(tr);
}

double vq_traffic_peek(const VqTraffic *tr) {
  return tr->heap_len ? tr->flows[tr->heap[0]].next_s : INFINITY;
}

gboolean vq_traffic_next(VqTraffic *tr, double limit_s, VqFrame *out) {
  if (tr->heap_len == 0)
    return FALSE;
  guint i = tr->heap[0];
  Flow *f = &tr->flows[i];
  if (isinf(f->next_s) || !(f->next_s <= limit_s))
    return FALSE;
  out->t_s = f->next_s;
  out->flow = i;
  out->len = f->len;
  out->seq = f->seq++;
  /* Constant flows use start + seq * gap rather than accumulating, so there is no drift. */
  double next = f->poisson ? f->next_s + flow_gap(f) : f->start_s + (double)f->seq * f->gap_s;
  /* start + k * gap can round to just below a stop it equals exactly (rate 3000 from 0 to 0.1
   * gave 301 frames): a frame within a millionth of a gap of the stop is at the stop. */
  f->next_s = next < f->stop_s - 1e-6 * f->gap_s ? next : INFINITY;
  heap_sift_down(tr, 0);
  return TRUE;
}

guint64 vq_traffic_count(const VqTraffic *tr, guint flow) {
  g_return_val_if_fail(flow < tr->n_flows, 0);
  return tr->flows[flow].seq;
}
