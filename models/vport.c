/* VMMQ VPort: RSS steering and live indirection-table updates. See vport.h. */
#include "models/vport.h"

#include <math.h>
#include <string.h>

#include "models/rss.h"
#include "models/log.h"
#include "models/trace.h"

/* Load is "settled" after an update once every VPort processor stays within a band around its
 * new steady level (mean busy over the second half of the version's window). The band is the
 * larger of 10 busy points and 3 standard deviations of that processor's per-interval load
 * over the same half, so the ordinary interval-to-interval noise of a busy processor does not
 * read as "not settled" (a modelling choice; see README). */
#define SETTLE_TOLERANCE 0.10
#define SETTLE_SIGMAS 3.0
/* Fewer intervals than this after an update: its settle time is not measurable. */
#define SETTLE_MIN_INTERVALS 4

typedef struct {
  double apply_s; /* in force for frames arriving from here */
  int event;      /* index into sc->events, -1 for the initial table */
  guint size;
  guint8 k_of_entry[VQ_RSS_TABLE_MAX]; /* VPort queue serving each entry's processor */
  guint default_k;
  /* accounting over the version's window [apply_s, next version's apply_s) */
  guint64 dropped, indicated, reordered, flows_reordered, max_displacement;
  guint64 *frames_k; /* indicated per VPort queue (by indication time, after warmup) */
  VqHisto *latency;  /* frames arriving in the window, after warmup */
} Version;

struct VqVport {
  const VqScenario *sc;
  const VqVmConf *vm;
  guint queue0, n_queues;
  VqToeplitz *toeplitz;
  Version *v;
  guint n_v;
  guint cursor;        /* version in force for the latest vq_vport_queue() call */
  VqBins reorder_bins; /* reordered frames per interval */
  VqBins *queue_bins;  /* frames indicated per VPort queue per interval */
  guint64 reordered_total;
  gboolean has_unhashed; /* some flow goes to the default processor unhashed */
  guint64 unhashed;      /* its frames over the run */
};

static guint k_of_lp(const VqVportConf *c, guint lp) {
  for (guint k = 0; k < c->queue_pairs; k++)
    if (c->queue_lps[k] == lp)
      return k;
  g_error("processor %u has no queue in the VPort (the scenario loader should have given it one)",
          lp);
}

static void version_fill(Version *ver, const VqVportConf *c, guint size, const guint *lps) {
  ver->size = size;
  for (guint i = 0; i < size; i++)
    ver->k_of_entry[i] = (guint8)k_of_lp(c, lps[i]);
}

VqVport *vq_vport_new(const VqScenario *sc, guint vm_index, guint queue0) {
  const VqVmConf *vm = g_ptr_array_index(sc->vms, vm_index);
  const VqVportConf *c = &vm->vport;
  g_return_val_if_fail(c->enabled && c->queue_pairs >= 1, NULL);
  VqVport *vp = g_new0(VqVport, 1);
  vp->sc = sc;
  vp->vm = vm;
  vp->queue0 = queue0;
  vp->n_queues = c->queue_pairs;
  vp->toeplitz = vq_toeplitz_new(c->key);
  guint n_events = sc->events ? sc->events->len : 0;
  vp->v = g_new0(Version, 1 + n_events);
  Version *v0 = &vp->v[0];
  v0->event = -1;
  version_fill(v0, c, c->table_size, c->table_lps);
  v0->default_k = k_of_lp(c, c->default_lp);
  vp->n_v = 1;
  for (guint e = 0; e < n_events; e++) {
    const VqEventConf *ev = g_ptr_array_index(sc->events, e);
    if (ev->vm != vm_index)
      continue;
    Version *nv = &vp->v[vp->n_v];
    *nv = vp->v[vp->n_v - 1];
    nv->event = (int)e;
    nv->apply_s = ev->time_s + sc->rss_update_latency_s;
    vq_trace_add(sc->trace, nv->apply_s, "update %s vm %s", ev->name, vm->name);
    XBT_CINFO(vport, "%.9f s: update %s of vm %s takes effect (issued at %.9f s)", nv->apply_s,
              ev->name, vm->name, ev->time_s);
    switch (ev->action) {
    case VQ_EVENT_SET_TABLE:
      version_fill(nv, c, ev->table_size, ev->table_lps);
      break;
    case VQ_EVENT_MOVE_ENTRIES:
      for (guint i = 0; i < ev->n_entries; i++) {
        g_assert(ev->entries[i] < nv->size);
        nv->k_of_entry[ev->entries[i]] = (guint8)k_of_lp(c, ev->processor);
      }
      break;
    case VQ_EVENT_SET_DEFAULT:
      nv->default_k = k_of_lp(c, ev->processor);
      break;
    }
    vp->n_v++;
  }
  for (guint i = 0; i < vp->n_v; i++) {
    vp->v[i].frames_k = g_new0(guint64, vp->n_queues);
    vp->v[i].latency = vq_histo_new();
    vp->v[i].dropped = vp->v[i].indicated = vp->v[i].reordered = 0;
    vp->v[i].flows_reordered = vp->v[i].max_displacement = 0;
  }
  vq_bins_init(&vp->reorder_bins, sc->sample_interval_s, sc->duration_s);
  vp->queue_bins = g_new0(VqBins, vp->n_queues);
  for (guint k = 0; k < vp->n_queues; k++)
    vq_bins_init(&vp->queue_bins[k], sc->sample_interval_s, sc->duration_s);
  return vp;
}

void vq_vport_free(VqVport *vp) {
  if (!vp)
    return;
  for (guint i = 0; i < vp->n_v; i++) {
    g_free(vp->v[i].frames_k);
    vq_histo_free(vp->v[i].latency);
  }
  g_free(vp->v);
  for (guint k = 0; k < vp->n_queues; k++)
    vq_bins_clear(&vp->queue_bins[k]);
  g_free(vp->queue_bins);
  vq_bins_clear(&vp->reorder_bins);
  vq_toeplitz_free(vp->toeplitz);
  g_free(vp);
}

void vq_vport_flow_packet(const VqFlowConf *flow, VqRssPacket *pk) {
  gboolean tx = flow->direction == VQ_DIR_TX;
  *pk = (VqRssPacket){
      .family = (guint8)flow->family, /* 0: not IP, which no hash type covers */
      .ip_proto = (guint8)flow->proto,
      .is_fragment = flow->is_fragment,
      .src_port = tx ? flow->dst_port : flow->src_port,
      .dst_port = tx ? flow->src_port : flow->dst_port,
  };
  memcpy(pk->src_addr, tx ? flow->dst_addr : flow->src_addr, 16);
  memcpy(pk->dst_addr, tx ? flow->src_addr : flow->dst_addr, 16);
  const VqFlowCaptured *x = flow->captured;
  if (!tx && x) { /* a captured frame's extension headers (models/replay.h) */
    pk->has_home_addr = x->has_home_addr;
    pk->has_rh2_addr = x->has_rh2_addr;
    memcpy(pk->home_addr, x->home_addr, 16);
    memcpy(pk->rh2_addr, x->rh2_addr, 16);
  }
}

gboolean vq_vport_flow_hash(const VqVport *vp, const VqFlowConf *flow, guint32 *hash) {
  VqRssPacket pk;
  vq_vport_flow_packet(flow, &pk);
  return vq_rss_hash_packet(vp->toeplitz, vp->vm->vport.hash_types, &pk, hash, NULL);
}

void vq_vport_lookup(const VqVport *vp, const VqFlowConf *flow, double t_s, VqVportLookup *out) {
  VqRssPacket pk;
  vq_vport_flow_packet(flow, &pk);
  *out = (VqVportLookup){0};
  gboolean hashed =
      vq_rss_hash_packet(vp->toeplitz, vp->vm->vport.hash_types, &pk, &out->hash, &out->type);
  const Version *ver = &vp->v[vq_vport_version_at(vp, t_s)];
  out->table_size = ver->size;
  out->index = hashed ? vq_rss_table_index(out->hash, ver->size) : 0;
  guint k = hashed ? ver->k_of_entry[out->index] : ver->default_k;
  out->processor = vp->vm->vport.queue_lps[k];
  out->queue = vp->queue0 + k;
}

guint vq_vport_queue(VqVport *vp, gboolean hashed, guint32 hash, double t_s) {
  while (vp->cursor + 1 < vp->n_v && vp->v[vp->cursor + 1].apply_s <= t_s)
    vp->cursor++;
  const Version *ver = &vp->v[vp->cursor];
  guint k = hashed ? ver->k_of_entry[vq_rss_table_index(hash, ver->size)] : ver->default_k;
  return vp->queue0 + k;
}

guint vq_vport_version_at(const VqVport *vp, double t_s) {
  guint lo = 0, hi = vp->n_v; /* the last version with apply_s <= t_s */
  while (hi - lo > 1) {
    guint mid = (lo + hi) / 2;
    if (vp->v[mid].apply_s <= t_s)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

guint vq_vport_n_versions(const VqVport *vp) {
  return vp->n_v;
}

void vq_vport_dropped(VqVport *vp, double arrival_s) {
  if (arrival_s >= vp->sc->warmup_s)
    vp->v[vq_vport_version_at(vp, arrival_s)].dropped++;
}

void vq_vport_indicated(VqVport *vp, guint k, double arrival_s, double done_s) {
  vq_bins_add_at(&vp->queue_bins[k], done_s, 1);
  if (done_s >= vp->sc->warmup_s) {
    Version *ver = &vp->v[vq_vport_version_at(vp, done_s)];
    ver->indicated++;
    ver->frames_k[k]++;
  }
  /* Per-version latency is reported around updates only (vq_vport_report): none, no need. */
  if (vp->n_v > 1 && arrival_s >= vp->sc->warmup_s)
    vq_histo_add(vp->v[vq_vport_version_at(vp, arrival_s)].latency, done_s - arrival_s);
}

void vq_vport_reordered(VqVport *vp, double done_s, guint64 displacement,
                        gboolean first_in_version) {
  Version *ver = &vp->v[vq_vport_version_at(vp, done_s)];
  ver->reordered++;
  ver->flows_reordered += first_in_version;
  ver->max_displacement = MAX(ver->max_displacement, displacement);
  vp->reordered_total++;
  vq_bins_add_at(&vp->reorder_bins, done_s, 1);
}

guint64 vq_vport_reordered_total(const VqVport *vp) {
  return vp->reordered_total;
}

void vq_vport_set_unhashed(VqVport *vp, guint64 frames) {
  vp->has_unhashed = TRUE;
  vp->unhashed = frames;
}

/* ---- report ----------------------------------------------------------------------------- */

/* Version I's measurement window: [apply, next apply) clipped to [warmup, duration). */
static gboolean version_window(const VqVport *vp, guint i, double *a, double *b) {
  *a = MAX(vp->v[i].apply_s, vp->sc->warmup_s);
  *b = i + 1 < vp->n_v ? MIN(vp->v[i + 1].apply_s, vp->sc->duration_s) : vp->sc->duration_s;
  return *b > *a;
}

/* Mean busy fraction of an LP over [A, B), from its per-interval busy seconds. */
static double lp_load(const VqBins *busy, double a, double b) {
  double w = busy->width_s, sum = 0;
  for (guint j = (guint)(a / w); j < busy->n && j * w < b; j++) {
    double lo = MAX(a, j * w), hi = MIN(b, (j + 1) * w);
    if (hi > lo)
      sum += busy->v[j] * (hi - lo) / w;
  }
  return sum / (b - a);
}

/* Imbalance over the queues version I's table uses: max/mean and min/max of their rates. */
static void imbalance(const VqVport *vp, guint i, double *max_mean, double *min_max) {
  const Version *ver = &vp->v[i];
  gboolean used[256] = {FALSE};
  for (guint e = 0; e < ver->size; e++)
    used[ver->k_of_entry[e]] = TRUE;
  double mx = 0, mn = INFINITY, sum = 0;
  guint n = 0;
  for (guint k = 0; k < vp->n_queues; k++) {
    if (!used[k])
      continue;
    double f = (double)ver->frames_k[k];
    mx = MAX(mx, f);
    mn = MIN(mn, f);
    sum += f;
    n++;
  }
  *max_mean = sum > 0 ? mx / (sum / n) : NAN;
  *min_max = mx > 0 ? mn / mx : NAN;
}

/* Time from version I's application until every VPort processor's load stays within
 * SETTLE_TOLERANCE of its steady level; NAN when too short to tell or never settled. */
static double settle_time(const VqVport *vp, guint i, const VqBins *busy) {
  double a, b;
  if (!version_window(vp, i, &a, &b))
    return NAN;
  const VqBins *b0 = &busy[vp->vm->vport.queue_lps[0]];
  double w = b0->width_s;
  gint64 j0 = (gint64)ceil(vp->v[i].apply_s / w - 1e-9), j1 = (gint64)floor(b / w + 1e-9) - 1;
  if (j1 - j0 + 1 < SETTLE_MIN_INTERVALS)
    return NAN;
  /* Steady level and band of each VPort processor, from the window's second half. */
  double *steady = g_newa(double, vp->n_queues), *band = g_newa(double, vp->n_queues);
  gint64 h0 = (gint64)ceil((a + (b - a) / 2) / w - 1e-9);
  for (guint k = 0; k < vp->n_queues; k++) {
    const VqBins *lb = &busy[vp->vm->vport.queue_lps[k]];
    steady[k] = lp_load(lb, a + (b - a) / 2, b);
    double ss = 0;
    gint64 n = 0;
    for (gint64 j = h0; j <= j1; j++, n++)
      ss += (lb->v[j] / w - steady[k]) * (lb->v[j] / w - steady[k]);
    band[k] = MAX(SETTLE_TOLERANCE, n > 1 ? SETTLE_SIGMAS * sqrt(ss / (n - 1)) : 0);
  }
  gint64 js = j1 + 1;
  for (gint64 j = j1; j >= j0; j--) {
    gboolean ok = TRUE;
    for (guint k = 0; k < vp->n_queues && ok; k++) {
      const VqBins *lb = &busy[vp->vm->vport.queue_lps[k]];
      ok = fabs(lb->v[j] / w - steady[k]) <= band[k];
    }
    if (!ok)
      break;
    js = j;
  }
  return js <= j1 ? MAX(0.0, js * w - vp->v[i].apply_s) : NAN;
}

/* The metrics of one side of an update: the window of the table it replaced, or of its own. */
typedef struct {
  VqMetric max_mean, min_max, drops_per_s, p99_latency_s, load;
} WindowMetrics;

static const WindowMetrics before = {
    VQ_M_UPDATE_IMBALANCE_MAX_MEAN_BEFORE, VQ_M_UPDATE_IMBALANCE_MIN_MAX_BEFORE,
    VQ_M_UPDATE_DROPS_PER_S_BEFORE, VQ_M_UPDATE_P99_LATENCY_S_BEFORE, VQ_M_UPDATE_LOAD_BEFORE};
static const WindowMetrics after = {
    VQ_M_UPDATE_IMBALANCE_MAX_MEAN_AFTER, VQ_M_UPDATE_IMBALANCE_MIN_MAX_AFTER,
    VQ_M_UPDATE_DROPS_PER_S_AFTER, VQ_M_UPDATE_P99_LATENCY_S_AFTER, VQ_M_UPDATE_LOAD_AFTER};

static void report_window(const VqVport *vp, guint i, VqReportEntity *e, const WindowMetrics *wm,
                          const VqBins *busy) {
  double a, b;
  gboolean ok = version_window(vp, i, &a, &b);
  const Version *ver = &vp->v[i];
  double mm, mnm;
  imbalance(vp, i, &mm, &mnm);
  vq_report_set(e, wm->max_mean, mm);
  vq_report_set(e, wm->min_max, mnm);
  vq_report_set(e, wm->drops_per_s, ok ? ver->dropped / (b - a) : NAN);
  vq_report_set(e, wm->p99_latency_s, vq_histo_quantile(ver->latency, 0.99));
  for (guint k = 0; k < vp->n_queues; k++) {
    guint lp = vp->vm->vport.queue_lps[k];
    vq_report_set_at(e, wm->load, lp, ok ? lp_load(&busy[lp], a, b) : NAN);
  }
}

static const char *action_name(VqEventAction a) {
  switch (a) {
  case VQ_EVENT_SET_TABLE:
    return "set-table";
  case VQ_EVENT_MOVE_ENTRIES:
    return "move-entries";
  case VQ_EVENT_SET_DEFAULT:
    return "set-default-processor";
  }
  return "?";
}

void vq_vport_report(const VqVport *vp, VqReport *r, const VqBins *busy) {
  VqReportEntity *e = vq_report_add_entity(r, VQ_KIND_VPORT, vp->vm->name);
  vq_report_set(e, VQ_M_VPORT_QUEUE_PAIRS, vp->n_queues);
  vq_report_set(e, VQ_M_VPORT_TABLE_SIZE, vp->v[0].size);
  vq_report_set(e, VQ_M_VPORT_UPDATES, vp->n_v - 1);
  vq_report_set(e, VQ_M_VPORT_REORDERED_FRAMES, (double)vp->reordered_total);
  double a, b;
  gboolean ok = version_window(vp, 0, &a, &b);
  for (guint k = 0; k < vp->n_queues; k++)
    vq_report_set_at(e, VQ_M_VPORT_FPS, vp->vm->vport.queue_lps[k],
                     ok ? vp->v[0].frames_k[k] / (b - a) : NAN);
  double mm, mnm;
  imbalance(vp, 0, &mm, &mnm);
  vq_report_set(e, VQ_M_VPORT_IMBALANCE_MAX_MEAN, mm);
  vq_report_set(e, VQ_M_VPORT_IMBALANCE_MIN_MAX, mnm);
  if (vp->has_unhashed)
    vq_report_set(e, VQ_M_VPORT_UNHASHED_FRAMES, (double)vp->unhashed);
  for (guint i = 1; i < vp->n_v; i++) {
    const Version *ver = &vp->v[i];
    const VqEventConf *ev = g_ptr_array_index(vp->sc->events, ver->event);
    VqReportEntity *u = vq_report_add_entity(r, VQ_KIND_UPDATE, ev->name);
    vq_report_set_string(u, VQ_M_UPDATE_VM, vp->vm->name);
    vq_report_set_string(u, VQ_M_UPDATE_ACTION, action_name(ev->action));
    vq_report_set(u, VQ_M_UPDATE_TIME_S, ev->time_s);
    vq_report_set(u, VQ_M_UPDATE_APPLIED_S, ver->apply_s);
    vq_report_set(u, VQ_M_UPDATE_APPLIED, ver->apply_s < vp->sc->duration_s);
    vq_report_set(u, VQ_M_UPDATE_REORDERED_FRAMES, (double)ver->reordered);
    vq_report_set(u, VQ_M_UPDATE_FLOWS_REORDERED, (double)ver->flows_reordered);
    vq_report_set(u, VQ_M_UPDATE_MAX_DISPLACEMENT, (double)ver->max_displacement);
    report_window(vp, i - 1, u, &before, busy);
    report_window(vp, i, u, &after, busy);
    vq_report_set(u, VQ_M_UPDATE_SETTLE_S, settle_time(vp, i, busy));
  }
}

void vq_vport_timeseries(const VqVport *vp, VqReport *r, guint i, double *values, guint *pos) {
  double w = vp->reorder_bins.width_s;
  if (!values) {
    vq_report_ts_add_column(r, VQ_M_TS_VPORT_REORDERED_FPS, vp->vm->name, 0);
    for (guint k = 0; k < vp->n_queues; k++)
      vq_report_ts_add_column(r, VQ_M_TS_VPORT_LP_FPS, vp->vm->name, vp->vm->vport.queue_lps[k]);
    *pos += 1 + vp->n_queues;
    return;
  }
  values[(*pos)++] = vp->reorder_bins.v[i] / w;
  for (guint k = 0; k < vp->n_queues; k++)
    values[(*pos)++] = vp->queue_bins[k].v[i] / w;
}
