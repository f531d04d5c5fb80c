/* NIC model: set-up from the scenario, start, end of run and report (see nic.h). */
#include "models/bytes-hash.h"
#include "models/log.h"
#include "models/nic-private.h"

#include <math.h>
#include <string.h>
#include <simgrid/actor.h>

/* ---- set-up --------------------------------------------------------------------------- */

static PathCost path_cost(const VqScenario *sc, const FlowPath *p) {
  VqVswitchPath kind = (p->flags & PATH_TX)           ? VQ_VSWITCH_TX
                       : p->queue != VQ_DEFAULT_QUEUE ? VQ_VSWITCH_VMQ
                       : p->vm >= 0                   ? VQ_VSWITCH_SOFTWARE
                                                      : VQ_VSWITCH_UNMATCHED;
  PathCost c = {{0}, 0, 0};
  vq_vswitch_cost(sc, kind, c.cycles, &c.copy_byte);
  for (int k = 0; k < VQ_CPU_N_CAT; k++)
    c.total += c.cycles[k];
  return c;
}

/* PathCost keys by their bytes (built with {0} first, so no padding differs). */
static guint cost_hash(gconstpointer key) {
  return vq_bytes_hash(key, sizeof(PathCost));
}

static gboolean cost_equal(gconstpointer a, gconstpointer b) {
  return memcmp(a, b, sizeof(PathCost)) == 0;
}

static sg_host_t need_host(const char *name, GError **error) {
  sg_host_t h = sg_host_by_name(name);
  if (!h)
    g_set_error(error, VQ_SCENARIO_ERROR, VQ_SCENARIO_ERROR_REF,
                "platform has no host '%s' (engine and model disagree)", name);
  return h;
}

static void nic_free(void *self);

guint vq_nic_queue_layout(const VqScenario *sc, guint *first) {
  guint n = 1, left = sc->max_vmq_queues;
  for (guint v = 0; v < sc->vms->len; v++) {
    const VqVmConf *vc = g_ptr_array_index(sc->vms, v);
    guint taken = vq_nic_take_queues(sc->vmq, vc->vport.enabled ? vc->vport.queue_pairs : 1, &left);
    /* The loader rejects a VMMQ VPort that does not fit; a plain VM shares queue 0. */
    g_assert(taken || !vc->vport.enabled);
    first[v] = taken ? n : 0;
    n += taken;
  }
  return n;
}

static void init_queue(VqNic *nic, guint i, guint lp, int vm, int vport_k, gboolean tx) {
  const VqScenario *sc = nic->sc;
  RxQueue *q = &nic->queues[i];
  q->nic = nic;
  q->index = i;
  q->vm = vm;
  q->vport_k = vport_k;
  q->tx = tx;
  q->tx_twin = -1;
  g_snprintf(q->name, sizeof q->name, tx ? "q%u.tx" : "q%u", i);
  q->lp = lp;
  q->cpu = nic->cpus[lp];
  q->waker.planned_s = INFINITY;
  vq_ring_init(&q->ring, sc->ring_size);
  vq_irq_init(&q->irq, sc->irq_max_delay_s, sc->irq_max_frames);
  vq_dma_init(&q->dma, &q->ring, sc->dma_burst_frames);
  XBT_CINFO(nic, "0 s: queue %s on processor %u for %s, %u descriptors", q->name, lp,
            vm >= 0 ? ((const VqVmConf *)g_ptr_array_index(sc->vms, vm))->name
                    : "the default queue",
            sc->ring_size);
}

/* The processors, one per host lp<i>. FALSE (ERROR set) when the platform lacks one. */
static gboolean create_cpus(VqNic *nic, GError **error) {
  const VqScenario *sc = nic->sc;
  nic->cpus = g_new0(VqCpu *, sc->processors);
  nic->busy_bins = g_new0(VqBins, sc->processors);
  for (guint i = 0; i < sc->processors; i++) {
    char name[32];
    g_snprintf(name, sizeof name, "lp%u", i);
    sg_host_t h = need_host(name, error);
    if (!h)
      return FALSE;
    vq_bins_init(&nic->busy_bins[i], sc->sample_interval_s, sc->duration_s);
    nic->cpus[i] = vq_cpu_new(i, h, sc->frequency_hz, sc->isr_cycles, &nic->busy_bins[i]);
  }
  return TRUE;
}

/* Marks in TWIN the rx queues (of the N_RX laid out from FIRST) whose VM sends: each gets a
 * transmit-completion twin. Returns how many. */
static guint mark_twins(const VqNic *nic, const guint *first, gboolean *twin) {
  const VqScenario *sc = nic->sc;
  guint n_twins = 0;
  for (guint i = 0; i < nic->n_flows; i++) {
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, i);
    if (fc->direction != VQ_DIR_TX)
      continue;
    const VqVmConf *vc = g_ptr_array_index(sc->vms, (guint)fc->vm);
    guint nq = first[fc->vm] && vc->vport.enabled ? vc->vport.queue_pairs : 1;
    for (guint k = 0; k < nq; k++)
      if (!twin[first[fc->vm] + k]) {
        twin[first[fc->vm] + k] = TRUE;
        n_twins++;
      }
  }
  return n_twins;
}

/* The VMs, their VPorts and filters, and every queue: the default, the VMs' (from FIRST), then
 * the twins. */
static void create_queues(VqNic *nic, const guint *first, guint n_rx, VqFilter *filter) {
  const VqScenario *sc = nic->sc;
  g_autofree gboolean *twin = g_new0(gboolean, n_rx);
  nic->n_queues = n_rx + mark_twins(nic, first, twin);
  nic->queues = g_new0(RxQueue, nic->n_queues);
  init_queue(nic, 0, sc->default_queue_lp, -1, -1, FALSE);
  for (guint v = 0; v < nic->n_vms; v++) {
    const VqVmConf *vc = g_ptr_array_index(sc->vms, v);
    nic->vms[v] = vq_vm_new(vc, nic->cpus, sc);
    if (!first[v])
      continue;
    vq_filter_add(filter, first[v], vc->mac, vc->vlan);
    if (vc->vport.enabled) {
      nic->vports[v] = vq_vport_new(sc, v, first[v]);
      for (guint k = 0; k < vc->vport.queue_pairs; k++)
        init_queue(nic, first[v] + k, vc->vport.queue_lps[k], (int)v, (int)k, FALSE);
    } else {
      init_queue(nic, first[v], vc->queue_lp, (int)v, -1, FALSE);
    }
  }
  for (guint i = 0, t = n_rx; i < n_rx; i++) {
    if (!twin[i])
      continue;
    init_queue(nic, t, nic->queues[i].lp, nic->queues[i].vm, -1, TRUE);
    nic->queues[i].tx_twin = (int)t++;
  }
}

/* Each flow's path (queue, VM, VPort, hash, cost; alike costs shared); the offered frames per
 * second in *TOTAL_FPS and the cheapest per-frame cost in *CHEAPEST. */
static void create_paths(VqNic *nic, const guint *first, const VqFilter *filter, double *total_fps,
                         double *cheapest) {
  const VqScenario *sc = nic->sc;
  nic->paths = g_new0(FlowPath, nic->n_flows);
  *total_fps = 0;
  *cheapest = INFINITY;
  g_autoptr(GArray) costs = g_array_new(FALSE, FALSE, sizeof(PathCost));
  g_autoptr(GHashTable) cost_index = g_hash_table_new_full(cost_hash, cost_equal, g_free, NULL);
  for (guint i = 0; i < nic->n_flows; i++) {
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, i);
    FlowPath *p = &nic->paths[i];
    if (fc->direction == VQ_DIR_TX) {
      p->flags |= PATH_TX;
      p->vm = (gint16)fc->vm;
      p->queue = first[fc->vm];
    } else {
      p->queue = sc->vmq ? vq_filter_match(filter, fc->dst_mac, fc->vlan) : VQ_DEFAULT_QUEUE;
      p->vm = (gint16)vq_vswitch_lookup(nic->vswitch, fc->dst_mac, fc->vlan);
    }
    int owner = nic->queues[p->queue].vm;
    p->vport = (gint16)(owner >= 0 && nic->vports[owner] ? owner : -1);
    if (p->vport >= 0 && vq_vport_flow_hash(nic->vports[p->vport], fc, &p->hash))
      p->flags |= PATH_HASHED;
    if (p->vport >= 0 && vq_vport_n_versions(nic->vports[p->vport]) > 1)
      p->flags |= PATH_MAY_REORDER;
    PathCost c = path_cost(sc, p);
    gpointer at;
    if (!g_hash_table_lookup_extended(cost_index, &c, NULL, &at)) {
      g_assert(costs->len <= G_MAXUINT16); /* distinct frame sizes x paths: far fewer */
      at = GUINT_TO_POINTER(costs->len);
      g_array_append_val(costs, c);
      g_hash_table_insert(cost_index, g_memdup2(&c, sizeof c), at);
    }
    p->cost = (guint16)GPOINTER_TO_UINT(at);
    *total_fps += fc->rate_fps;
    *cheapest = MIN(*cheapest, c.total + vq_path_copy(&c, VQ_MIN_FRAME_BYTES));
  }
  nic->costs = (PathCost *)g_array_free(g_steal_pointer(&costs), FALSE);
}

static void *nic_create(const VqScenario *sc, GError **error) {
  VqNic *nic = g_new0(VqNic, 1);
  nic->sc = sc;
  nic->end_s = sc->duration_s;
  nic->hz = sc->frequency_hz;
  if (!(nic->nic_host = need_host("nic", error)) || !(nic->mem_host = need_host("mem", error)) ||
      !create_cpus(nic, error)) {
    nic_free(nic);
    return NULL;
  }
  nic->n_vms = sc->vms->len;
  nic->vms = g_new0(VqVm *, nic->n_vms);
  nic->vports = g_new0(VqVport *, nic->n_vms);
  nic->vswitch = vq_vswitch_new(sc);
  nic->n_flows = sc->flows->len;
  g_autofree guint *first = g_new0(guint, nic->n_vms);
  guint n_rx = vq_nic_queue_layout(sc, first);
  g_autoptr(VqFilter) filter = vq_filter_new(); /* the NIC's VMQ filters */
  create_queues(nic, first, n_rx, filter);
  double total_fps, cheapest;
  create_paths(nic, first, filter, &total_fps, &cheapest);
  /* An exponential draw may be as small as it likes: then only the DPC overhead is sure. */
  nic->exp_service = sc->exp_service;
  nic->min_pass_cycles = sc->dpc_cycles + (sc->exp_service ? 0 : cheapest);
  /* About 64 frames per generator wake-up, within [1 us, 1 ms]: few SimGrid events, small
   * FIFOs. */
  nic->window_s = CLAMP(64.0 / total_fps, 1e-6, 1e-3);
  nic->traffic = vq_traffic_new(sc);
  for (guint i = 0; i < nic->n_flows && !nic->order; i++)
    if (nic->paths[i].flags & PATH_MAY_REORDER) {
      nic->order = g_new0(FlowOrder, nic->n_flows);
      for (guint k = 0; k < nic->n_flows; k++)
        nic->order[k].version = -1;
    }
  if (sc->engine == VQ_ENGINE_WINDOWED)
    vq_domains_create(nic);
  vq_pcie_init(&nic->pcie, sc->pcie_bandwidth_Bps, sc->pcie_latency_s, sc->sample_interval_s,
               sc->duration_s);
  return nic;
}

static void nic_start(void *self) {
  VqNic *nic = self;
  for (guint i = 0; i < nic->sc->processors; i++)
    vq_cpu_start(nic->cpus[i], nic->end_s);
  for (guint v = 0; v < nic->n_vms; v++)
    vq_vm_start(nic->vms[v], nic->end_s);
  for (guint i = 0; i < nic->n_queues; i++) {
    RxQueue *q = &nic->queues[i];
    vq_waker_init(&q->waker);
    sg_actor_t a = sg_actor_init(q->name, nic->nic_host);
    sg_actor_set_data(a, q);
    sg_actor_start(a, vq_nic_queue_actor, 0, NULL);
  }
  sg_actor_t g = sg_actor_init("generator", nic->nic_host);
  sg_actor_set_data(g, nic);
  sg_actor_start(g, vq_nic_generator_actor, 0, NULL);
}

static double nic_advance(void *self, double t_s, double *busy_s) {
  VqNic *nic = self;
  vq_domains_advance(nic, t_s, busy_s);
  return vq_traffic_peek(nic->traffic);
}

/* ---- end of run -------------------------------------------------------------------------- */

static void nic_finish(void *self, VqModelStats *stats) {
  VqNic *nic = self;
  /* SimGrid has processed every event before the end, so every descriptor freed before then
   * is back: admitting what arrived before the end but is not yet in a ring is exact, and
   * makes the end state independent of how far each actor had skipped ahead. */
  for (guint i = 0; i < nic->n_queues; i++)
    nic->queues[i].waker.sleeping = FALSE; /* the run is over: nobody to wake */
  vq_nic_generate(nic, nic->end_s);
  for (guint i = 0; i < nic->sc->processors; i++)
    vq_cpu_finish(nic->cpus[i], nic->end_s);
  if (nic->windowed)
    vq_domains_finish(nic);
  for (guint v = 0; v < nic->n_vms; v++)
    vq_vm_finish(nic->vms[v], nic->end_s);
  for (guint i = 0; i < nic->n_queues; i++) {
    RxQueue *q = &nic->queues[i];
    const VqFrame *f;
    while ((f = vq_fifo_peek(&q->fifo))) {
      vq_nic_admit(nic, q, f);
      vq_fifo_pop(&q->fifo);
    }
    vq_nic_occupancy_advance(nic, q, nic->end_s); /* frames still in the ring count to the end */
  }
  /* Conservation, from independent counters: per-flow counts at generation, admission and
   * indication against what the rings and FIFOs still hold. */
  guint64 offered = 0, done = 0, held = 0;
  for (guint i = 0; i < nic->n_flows; i++) {
    const FlowPath *p = &nic->paths[i];
    offered += p->offered;
    done += p->done + p->dropped;
  }
  for (guint i = 0; i < nic->n_queues; i++) {
    const RxQueue *q = &nic->queues[i];
    held += vq_ring_occupancy(&q->ring);
    VQ_INVARIANT(q->offered == q->ring.tail + q->ring.dropped + q->fifo.len,
                 "queue %s: offered %" G_GUINT64_FORMAT " != accepted %" G_GUINT64_FORMAT
                 " + dropped %" G_GUINT64_FORMAT " + waiting %u",
                 q->name, q->offered, q->ring.tail, q->ring.dropped, q->fifo.len);
  }
  VQ_INVARIANT(offered == done + held,
               "frames not conserved: offered %" G_GUINT64_FORMAT
               " != delivered+dropped %" G_GUINT64_FORMAT " + in flight %" G_GUINT64_FORMAT,
               offered, done, held);
  stats->frames += offered;
  if (nic->windowed)
    return;
  stats->wakeups += nic->wakeups;
  for (guint i = 0; i < nic->sc->processors; i++)
    stats->wakeups += vq_cpu_interrupts(nic->cpus[i]) + vq_cpu_dpc_passes(nic->cpus[i]);
}

static void report_queue(const VqNic *nic, const RxQueue *q, VqReport *r) {
  VqReportEntity *e = vq_report_add_entity(r, VQ_KIND_QUEUE, q->name);
  vq_report_set_string(e, VQ_M_QUEUE_VM, q->vm < 0 ? "(default)" : vq_vm_name(nic->vms[q->vm]));
  vq_report_set_string(e, VQ_M_QUEUE_DIRECTION, q->tx ? "tx-completion" : "rx");
  vq_report_set(e, VQ_M_QUEUE_PROCESSOR, q->lp);
  vq_report_set(e, VQ_M_QUEUE_OFFERED_FRAMES, (double)q->offered);
  vq_report_set(e, VQ_M_QUEUE_OFFERED_BITS, q->offered_bytes * 8);
  vq_report_set(e, VQ_M_QUEUE_ACCEPTED_FRAMES, (double)q->ring.tail);
  vq_report_set(e, VQ_M_QUEUE_DROPPED_FRAMES, (double)q->ring.dropped);
  vq_report_set(e, VQ_M_QUEUE_DROPPED_BITS, q->dropped_bytes * 8);
  vq_report_set(e, VQ_M_QUEUE_INDICATED_FRAMES, (double)q->ring.freed);
  vq_report_set(e, VQ_M_QUEUE_INDICATED_BITS, q->indicated_bytes * 8);
  vq_report_set(e, VQ_M_QUEUE_IN_FLIGHT_FRAMES,
                (double)(q->fifo.len + vq_ring_occupancy(&q->ring)));
  vq_report_set(e, VQ_M_QUEUE_INTERRUPTS, (double)q->irq.raised);
  vq_report_set(e, VQ_M_QUEUE_FRAMES_PER_INTERRUPT,
                q->irq.raised ? (double)q->ring.freed / (double)q->irq.raised : 0);
  vq_report_set(e, VQ_M_QUEUE_DMA_BURSTS, (double)q->dma.bursts);
  vq_report_set(e, VQ_M_QUEUE_DMA_BYTES, q->dma.bytes);
  vq_report_set(e, VQ_M_QUEUE_MAX_RING_OCCUPANCY, (double)q->max_occupancy);
  /* Little's law: time-average descriptors in use over the window after warmup, and the mean
   * arrival -> descriptor return time of the frames freed in it (null when none). */
  vq_report_set(e, VQ_M_QUEUE_MEAN_OCCUPANCY, q->occ_area / (nic->end_s - nic->sc->warmup_s));
  vq_report_set(e, VQ_M_QUEUE_MEAN_RESIDENCE_S,
                q->res_frames ? q->res_sum_s / (double)q->res_frames : NAN);
  vq_report_set(e, VQ_M_QUEUE_RESIDENCE_FRAMES, (double)q->res_frames);
}

/* Timeseries: per VM, then the busy fraction of every processor and of the PCIe link, then per
 * VPort; one row per sampling interval. */
static void report_timeseries(const VqNic *nic, VqReport *r) {
  const VqScenario *sc = nic->sc;
  guint n_cols = 0;
  for (guint v = 0; v < nic->n_vms; v++)
    vq_vm_timeseries(nic->vms[v], r, 0, NULL, &n_cols);
  for (guint i = 0; i < sc->processors; i++) {
    char lp[16];
    g_snprintf(lp, sizeof lp, "%u", i);
    vq_report_ts_add_column(r, VQ_M_TS_PROCESSOR_BUSY, lp, 0);
    n_cols++;
  }
  vq_report_ts_add_column(r, VQ_M_TS_RUN_PCIE_BUSY, NULL, 0);
  n_cols++;
  for (guint v = 0; v < nic->n_vms; v++)
    if (nic->vports[v])
      vq_vport_timeseries(nic->vports[v], r, 0, NULL, &n_cols);
  double *row = g_new(double, n_cols);
  guint n_rows = nic->busy_bins[0].n;
  for (guint b = 0; b < n_rows; b++) {
    guint pos = 0;
    for (guint v = 0; v < nic->n_vms; v++)
      vq_vm_timeseries(nic->vms[v], r, b, row, &pos);
    for (guint i = 0; i < sc->processors; i++)
      row[pos++] = nic->busy_bins[i].v[b] / nic->busy_bins[i].width_s;
    row[pos++] = nic->pcie.busy.v[b] / nic->pcie.busy.width_s;
    for (guint v = 0; v < nic->n_vms; v++)
      if (nic->vports[v])
        vq_vport_timeseries(nic->vports[v], r, b, row, &pos);
    g_assert(pos == n_cols);
    vq_report_ts_add_row(r, (b + 1) * nic->busy_bins[0].width_s, row, n_cols);
  }
  g_free(row);
}

/* Each VPort's frames that no enabled hash type covered (the default processor took them). */
static void report_unhashed(const VqNic *nic) {
  g_autofree guint64 *frames = g_new0(guint64, nic->n_vms);
  g_autofree gboolean *any = g_new0(gboolean, nic->n_vms);
  for (guint i = 0; i < nic->n_flows; i++) {
    const FlowPath *p = &nic->paths[i];
    if (p->vport >= 0 && !(p->flags & PATH_HASHED)) {
      any[p->vport] = TRUE;
      frames[p->vport] += p->offered;
    }
  }
  for (guint v = 0; v < nic->n_vms; v++)
    if (any[v])
      vq_vport_set_unhashed(nic->vports[v], frames[v]);
}

/* Flows that saw reordering (only those: a run may have thousands of flows), each named
 * "NAME:PORT" (section, source port), or "NAME:PORT#I" (I: its place in its section, from 1)
 * when other flows have that name too: a population's or a capture's may share a port, and one
 * entity per name would mix their counts. */
static void report_flows(const VqNic *nic, VqReport *r) {
  const VqScenario *sc = nic->sc;
  if (!nic->order)
    return;
  g_autoptr(GHashTable) uses = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < nic->n_flows; i++) {
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, i);
    char *name = g_strdup_printf("%s:%u", fc->name, fc->src_port);
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(uses, name));
    g_hash_table_replace(uses, name, GUINT_TO_POINTER(n + 1));
  }
  for (guint i = 0, first = 0; i < nic->n_flows; i++) {
    const FlowPath *p = &nic->paths[i];
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, i);
    first = fc->shares_name ? first : i;
    if (!nic->order[i].reordered)
      continue;
    g_autofree char *name = g_strdup_printf("%s:%u", fc->name, fc->src_port);
    if (GPOINTER_TO_UINT(g_hash_table_lookup(uses, name)) > 1) {
      char *unique = g_strdup_printf("%s#%u", name, i - first + 1);
      g_free(name);
      name = unique;
    }
    VqReportEntity *e = vq_report_add_entity(r, VQ_KIND_FLOW, name);
    vq_report_set(e, VQ_M_FLOW_SRC_PORT, fc->src_port);
    vq_report_set(e, VQ_M_FLOW_REORDERED_FRAMES, (double)nic->order[i].reordered);
    vq_report_set(e, VQ_M_FLOW_OFFERED_FRAMES, (double)p->offered);
  }
}

static void nic_report(const void *self, VqReport *r) {
  const VqNic *nic = self;
  const VqScenario *sc = nic->sc;
  guint64 unmatched = vq_vswitch_unmatched(nic->vswitch), reordered = 0;
  for (guint i = 0; nic->order && i < nic->n_flows; i++)
    reordered += nic->order[i].reordered;
  VqReportEntity *run = vq_report_run(r);
  vq_report_set(run, VQ_M_RUN_UNMATCHED_FRAMES, (double)unmatched);
  vq_report_set(run, VQ_M_RUN_REORDERED_FRAMES, (double)reordered);
  vq_report_set_string(run, VQ_M_RUN_VMQ, sc->vmq ? "on" : "off");
  /* PCIe link utilisation (device to host) over the whole run. */
  vq_report_set(run, VQ_M_RUN_PCIE_BUSY,
                nic->pcie.bytes / nic->pcie.bandwidth_Bps / sc->duration_s);
  vq_traffic_report_captures(nic->traffic, sc, r);
  for (guint v = 0; v < nic->n_vms; v++) {
    VqReportEntity *e = vq_vm_report(nic->vms[v], r);
    guint64 completed = 0;
    for (guint i = 0; i < nic->n_flows; i++)
      if ((nic->paths[i].flags & PATH_TX) && nic->paths[i].vm == (int)v)
        completed += nic->paths[i].done;
    vq_report_set(e, VQ_M_VM_TX_COMPLETED_FRAMES, (double)completed);
    /* Its queues: a run of consecutive receive queues, or the shared default queue. */
    guint lo = 0, hi = 0;
    for (guint i = 1; i < nic->n_queues; i++) {
      if (nic->queues[i].tx || nic->queues[i].vm != (int)v)
        continue;
      if (!lo)
        lo = i;
      hi = i;
    }
    char *qs = lo == hi ? g_strdup(nic->queues[lo].name)
                        : g_strdup_printf("%s-%s", nic->queues[lo].name, nic->queues[hi].name);
    vq_report_set_string(e, VQ_M_VM_QUEUE, qs);
    g_free(qs);
  }
  for (guint i = 0; i < nic->n_queues; i++)
    report_queue(nic, &nic->queues[i], r);
  for (guint i = 0; i < sc->processors; i++)
    vq_cpu_report(nic->cpus[i], r, sc->duration_s);
  report_unhashed(nic);
  for (guint v = 0; v < nic->n_vms; v++)
    if (nic->vports[v])
      vq_vport_report(nic->vports[v], r, nic->busy_bins);
  report_flows(nic, r);
  report_timeseries(nic, r);
}

static void nic_free(void *self) {
  VqNic *nic = self;
  if (!nic)
    return;
  vq_domains_free(nic);
  for (guint i = 0; i < nic->n_queues; i++) {
    vq_ring_clear(&nic->queues[i].ring);
    g_free(nic->queues[i].fifo.buf);
  }
  g_free(nic->queues);
  for (guint v = 0; v < nic->n_vms; v++) {
    vq_vm_free(nic->vms[v]);
    vq_vport_free(nic->vports[v]);
  }
  g_free(nic->vports);
  g_free(nic->vms);
  vq_vswitch_free(nic->vswitch);
  if (nic->cpus)
    for (guint i = 0; i < nic->sc->processors; i++) {
      vq_cpu_free(nic->cpus[i]);
      vq_bins_clear(&nic->busy_bins[i]);
    }
  g_free(nic->cpus);
  g_free(nic->busy_bins);
  g_free(nic->paths);
  g_free(nic->order);
  g_free(nic->costs);
  vq_traffic_free(nic->traffic);
  vq_pcie_clear(&nic->pcie);
  g_free(nic);
}

const VqModelOps vq_nic_model = {
    .name = "nic",
    .create = nic_create,
    .start = nic_start,
    .advance = nic_advance,
    .finish = nic_finish,
    .report = nic_report,
    .free = nic_free,
};
