/* What must hold after vq_scenario_load() on ANY input, shared by the fuzz target
 * (tests/fuzz/fuzz-scenario.c) and the regression test (tests/test-fuzz-regressions.c), so a
 * crash file replays under ctest exactly as the fuzzer ran it.
 *
 * - The overrides come from the input itself: each line starting with "#set " (a comment to the
 *   loader) gives one --set argument, the rest of the line, at most VQ_FUZZ_MAX_SETS of them.
 * - The outcome: exactly one of a scenario and a GError. The error is in VQ_SCENARIO_ERROR with
 *   a known code, its message valid UTF-8 on one line with no control character but tab (a lone CR
 * would rewind the terminal over it: regressions/bare-cr-in-line.ini) and starting with "FILE:" or
 *   "--set ARG: " (scenario.h, STYLE.md "Errors").
 *   The scenario keeps every promise scenario.h makes to the models ("Everything here is
 *   already checked: models may trust it").
 */
#ifndef VQ_TESTS_FUZZ_SCENARIO_CHECK_H
#define VQ_TESTS_FUZZ_SCENARIO_CHECK_H

#include <math.h>
#include <string.h>

#include "models/rss.h"
#include "sim/scenario.h"

#define VQ_FUZZ_MAX_SETS 4

/* The "#set " lines of DATA (LEN bytes, not NUL-terminated), as a NULL-terminated vector
 * (transfer full), or NULL when there are none. */
static inline char **vq_fuzz_overrides(const char *data, size_t len) {
  static const char mark[] = "#set ";
  const size_t mlen = sizeof mark - 1;
  GPtrArray *sets = NULL;
  for (size_t i = 0; i < len && (sets == NULL || sets->len < VQ_FUZZ_MAX_SETS);) {
    const char *nl = memchr(data + i, '\n', len - i);
    size_t end = nl != NULL ? (size_t)(nl - data) : len;
    if (end - i >= mlen && memcmp(data + i, mark, mlen) == 0) {
      if (sets == NULL)
        sets = g_ptr_array_new();
      /* An argv string ends at a NUL: so does the override. */
      g_ptr_array_add(sets, g_strndup(data + i + mlen, end - i - mlen));
    }
    i = end + 1;
  }
  if (sets == NULL)
    return NULL;
  g_ptr_array_add(sets, NULL);
  return (char **)g_ptr_array_free(sets, FALSE);
}

static inline gboolean vq_fuzz_in(const guint *xs, guint n, guint x) {
  for (guint i = 0; i < n; i++)
    if (xs[i] == x)
      return TRUE;
  return FALSE;
}

static inline gboolean vq_fuzz_time_ok(double t, double hi) {
  return isfinite(t) && t >= 0 && t <= hi;
}

/* The first promise of scenario.h that SC breaks (transfer full), or NULL. */
static inline char *vq_fuzz_check_scenario(const VqScenario *sc, const char *path) {
#define BROKEN(...) return g_strdup_printf(__VA_ARGS__)
  if (sc->path == NULL || strcmp(sc->path, path) != 0 || sc->name == NULL)
    BROKEN("path \"%s\" or name \"%s\" is not the file's", sc->path, sc->name);
  double d = sc->duration_s;
  if (!(isfinite(d) && d > 0 && d <= 1e6))
    BROKEN("duration %g s not in (0, 1e6]", d);
  if (!(vq_fuzz_time_ok(sc->warmup_s, d) && sc->warmup_s < d))
    BROKEN("warmup %g s not in [0, duration %g s)", sc->warmup_s, d);
  /* At least 1us and at most 10,000 intervals (scenario.c); 1e-9 of slack for rounding. A run
   * shorter than 1us is refused (regressions/sub-microsecond-duration.ini). */
  if (!(vq_fuzz_time_ok(sc->sample_interval_s, d) && sc->sample_interval_s >= 1e-6 &&
        d / sc->sample_interval_s <= 10000 * (1 + 1e-9)))
    BROKEN("sample_interval %g s for duration %g s", sc->sample_interval_s, d);
  if (sc->processors < 1 || sc->processors > VQ_MAX_PROCESSORS)
    BROKEN("processors = %u", sc->processors);
  guint nlps = sc->processors;
  if (!(sc->frequency_hz >= 100e6 && sc->frequency_hz <= 10e9))
    BROKEN("frequency %g Hz", sc->frequency_hz);
  if (!(isfinite(sc->pcie_bandwidth_Bps) && sc->pcie_bandwidth_Bps > 0) ||
      !vq_fuzz_time_ok(sc->pcie_latency_s, 1e-3))
    BROKEN("pcie %g B/s, %g s", sc->pcie_bandwidth_Bps, sc->pcie_latency_s);
  if (!(isfinite(sc->wire_bps) && sc->wire_bps > 0))
    BROKEN("wire_rate %g bit/s", sc->wire_bps);
  if (sc->ring_size < 64 || sc->ring_size > 65536 || sc->irq_max_frames < 1 ||
      sc->dma_burst_frames < 1 || sc->dma_burst_frames > sc->ring_size ||
      !vq_fuzz_time_ok(sc->irq_max_delay_s, 10e-3))
    BROKEN("ring %u, irq %u frames / %g s, dma burst %u", sc->ring_size, sc->irq_max_frames,
           sc->irq_max_delay_s, sc->dma_burst_frames);
  if (sc->default_queue_lp >= nlps)
    BROKEN("default_queue_processor %u >= processors %u", sc->default_queue_lp, nlps);
  if (sc->max_vmq_queues < 1 || sc->max_queue_pairs < 1 || sc->max_queue_pairs > 64 ||
      !vq_fuzz_time_ok(sc->rss_update_latency_s, 10e-3))
    BROKEN("max_vmq_queues %u, max_queue_pairs %u, rss_update_latency %g s", sc->max_vmq_queues,
           sc->max_queue_pairs, sc->rss_update_latency_s);
  const double costs[] = {sc->isr_cycles,
                          sc->dpc_cycles,
                          sc->frame_cycles,
                          sc->vswitch_frame_cycles,
                          sc->sw_filter_frame_cycles,
                          sc->copy_byte_cycles,
                          sc->tx_completion_cycles};
  for (guint i = 0; i < G_N_ELEMENTS(costs); i++)
    if (!(costs[i] >= 0 && costs[i] <= 1e9))
      BROKEN("[cpu] cost #%u = %g cycles", i, costs[i]);
  if (!(sc->frame_cycles > 0))
    BROKEN("frame_cycles %g not positive", sc->frame_cycles);

  if (sc->vms == NULL || sc->flows == NULL || sc->events == NULL || sc->flows->len == 0)
    BROKEN("no vms/flows/events array, or no flow");
  if (sc->vms->len > VQ_MAX_VMS)
    BROKEN("%u VMs, more than %u", sc->vms->len, VQ_MAX_VMS);
  guint vmmq_queues = 0;
  for (guint v = 0; v < sc->vms->len; v++) {
    const VqVmConf *vm = g_ptr_array_index(sc->vms, v);
    const VqVportConf *vp = &vm->vport;
    if (vm->name == NULL || vm->section == NULL || (vm->mac[0] & 1) || vm->vlan > 4094)
      BROKEN("vm #%u: name, section, multicast MAC or vlan %u", v, vm->vlan);
    if (vm->instance > VQ_MAX_VM_COUNT || (vm->instance == 0 && strcmp(vm->name, vm->section)))
      BROKEN("vm %s: instance %u of [vm %s]", vm->name, vm->instance, vm->section);
    for (guint o = 0; o < v; o++) {
      const VqVmConf *other = g_ptr_array_index(sc->vms, o);
      if (memcmp(other->mac, vm->mac, 6) == 0 && other->vlan == vm->vlan)
        BROKEN("vm %s: same (mac, vlan) as vm %s", vm->name, other->name);
      if (strcmp(other->name, vm->name) == 0)
        BROKEN("vm #%u and #%u: both named %s", o, v, vm->name);
    }
    if (vm->vcpus < 1 || vm->vcpus > 64 || vm->vcpu_lps == NULL || vm->queue_lp >= nlps)
      BROKEN("vm %s: %u vcpus, queue processor %u", vm->name, vm->vcpus, vm->queue_lp);
    for (guint k = 0; k < vm->vcpus; k++)
      if (vm->vcpu_lps[k] >= nlps)
        BROKEN("vm %s: vcpu %u on processor %u >= %u", vm->name, k, vm->vcpu_lps[k], nlps);
    if (!(vm->guest_frame_cycles >= 0 && vm->guest_frame_cycles <= 1e9))
      BROKEN("vm %s: guest_frame_cycles %g", vm->name, vm->guest_frame_cycles);
    if (!vp->enabled) {
      if (vp->queue_pairs != 0 || vp->queue_lps != NULL)
        BROKEN("vm %s: vmmq off but %u queue pairs", vm->name, vp->queue_pairs);
      continue;
    }
    if (!sc->vmq)
      BROKEN("vm %s: vmmq on under [nic] vmq = off", vm->name);
    if (vp->hash_types == 0 || (vp->hash_types & ~VQ_HASH_ALL_MODELLED) != 0)
      BROKEN("vm %s: hash types 0x%x", vm->name, vp->hash_types);
    if (!vq_rss_table_size_valid(vp->table_size))
      BROKEN("vm %s: table size %u", vm->name, vp->table_size);
    if (vp->queue_pairs < 1 || vp->queue_pairs > sc->max_queue_pairs || vp->queue_lps == NULL)
      BROKEN("vm %s: %u queue pairs, max %u", vm->name, vp->queue_pairs, sc->max_queue_pairs);
    for (guint q = 0; q < vp->queue_pairs; q++)
      if (vp->queue_lps[q] >= nlps || vq_fuzz_in(vp->queue_lps, q, vp->queue_lps[q]))
        BROKEN("vm %s: queue %u on processor %u (out of range or repeated)", vm->name, q,
               vp->queue_lps[q]);
    for (guint i = 0; i < vp->table_size; i++)
      if (!vq_fuzz_in(vp->queue_lps, vp->queue_pairs, vp->table_lps[i]))
        BROKEN("vm %s: table entry %u -> processor %u, which has no queue", vm->name, i,
               vp->table_lps[i]);
    if (!vq_fuzz_in(vp->queue_lps, vp->queue_pairs, vp->default_lp))
      BROKEN("vm %s: default processor %u has no queue", vm->name, vp->default_lp);
    vmmq_queues += vp->queue_pairs;
  }
  if (vmmq_queues > sc->max_vmq_queues)
    BROKEN("VMMQ VPorts take %u queues, more than max_vmq_queues %u", vmmq_queues,
           sc->max_vmq_queues);

  /* Events: by time, each on a VMMQ VM, every processor it names already has a queue, and
   * move-entries indices inside the table size in force at that time. */
  g_autofree guint *size_now = g_new0(guint, sc->vms->len + 1);
  for (guint v = 0; v < sc->vms->len; v++)
    size_now[v] = ((const VqVmConf *)g_ptr_array_index(sc->vms, v))->vport.table_size;
  for (guint e = 0; e < sc->events->len; e++) {
    const VqEventConf *ev = g_ptr_array_index(sc->events, e);
    if (ev->name == NULL || !vq_fuzz_time_ok(ev->time_s, d) || ev->time_s >= d)
      BROKEN("event #%u: name or time %g s", e, ev->time_s);
    if (e > 0 && ((const VqEventConf *)g_ptr_array_index(sc->events, e - 1))->time_s > ev->time_s)
      BROKEN("event %s: not sorted by time", ev->name);
    if (ev->vm >= sc->vms->len)
      BROKEN("event %s: vm index %u", ev->name, ev->vm);
    const VqVportConf *vp = &((const VqVmConf *)g_ptr_array_index(sc->vms, ev->vm))->vport;
    if (!vp->enabled)
      BROKEN("event %s: on a VM without VMMQ", ev->name);
    switch (ev->action) {
    case VQ_EVENT_SET_TABLE:
      if (!vq_rss_table_size_valid(ev->table_size))
        BROKEN("event %s: table size %u", ev->name, ev->table_size);
      for (guint i = 0; i < ev->table_size; i++)
        if (!vq_fuzz_in(vp->queue_lps, vp->queue_pairs, ev->table_lps[i]))
          BROKEN("event %s: entry %u -> processor %u, which has no queue", ev->name, i,
                 ev->table_lps[i]);
      size_now[ev->vm] = ev->table_size;
      break;
    case VQ_EVENT_MOVE_ENTRIES:
      if (ev->n_entries < 1 || ev->n_entries > size_now[ev->vm])
        BROKEN("event %s: %u entries for a table of %u", ev->name, ev->n_entries, size_now[ev->vm]);
      for (guint i = 0; i < ev->n_entries; i++)
        if (ev->entries[i] >= size_now[ev->vm] || vq_fuzz_in(ev->entries, i, ev->entries[i]))
          BROKEN("event %s: entry %u out of the table (%u) or repeated", ev->name, ev->entries[i],
                 size_now[ev->vm]);
      G_GNUC_FALLTHROUGH; /* to check the target processor */
    case VQ_EVENT_SET_DEFAULT:
      if (!vq_fuzz_in(vp->queue_lps, vp->queue_pairs, ev->processor))
        BROKEN("event %s: processor %u has no queue", ev->name, ev->processor);
      break;
    default:
      BROKEN("event %s: action %d", ev->name, (int)ev->action);
    }
  }

  /* Flows; then the wire, summed in file order as scenario.c does (so no rounding slack). */
  double load[2] = {0, 0};
  for (guint i = 0; i < sc->flows->len; i++) {
    const VqFlowConf *f = g_ptr_array_index(sc->flows, i);
    if (f->name == NULL || f->vm < -1 || f->vm >= (int)sc->vms->len)
      BROKEN("flow #%u: name or vm index %d", i, f->vm);
    if (f->vm >= 0 &&
        memcmp(f->dst_mac, ((const VqVmConf *)g_ptr_array_index(sc->vms, f->vm))->mac, 6) != 0)
      BROKEN("flow %s: dst_mac is not its VM's", f->name);
    if (f->direction == VQ_DIR_TX && f->vm < 0)
      BROKEN("flow %s: tx without a VM", f->name);
    if (f->direction != VQ_DIR_RX && f->direction != VQ_DIR_TX)
      BROKEN("flow %s: direction %d", f->name, (int)f->direction);
    if (f->vlan > 4094 || (f->family != 4 && f->family != 6))
      BROKEN("flow %s: vlan %u, family %d", f->name, f->vlan, f->family);
    if (f->proto != VQ_PROTO_TCP && f->proto != VQ_PROTO_UDP && f->proto != VQ_PROTO_ICMP)
      BROKEN("flow %s: protocol %d", f->name, (int)f->proto);
    if (f->proto == VQ_PROTO_ICMP && (f->src_port != 0 || f->dst_port != 0))
      BROKEN("flow %s: icmp with ports %u -> %u", f->name, f->src_port, f->dst_port);
    if (!(isfinite(f->rate_fps) && f->rate_fps > 0))
      BROKEN("flow %s: rate %g frames/s", f->name, f->rate_fps);
    if (f->frame_bytes < 64 || f->frame_bytes > 9216)
      BROKEN("flow %s: frame %u B", f->name, f->frame_bytes);
    if ((guint)f->arrivals > VQ_ARRIVALS_MMPP)
      BROKEN("flow %s: arrivals %d", f->name, (int)f->arrivals);
    const VqFrameSizes *sizes = vq_flow_sizes(f);
    if (sizes && !(sizes->mean_bytes >= 64 && sizes->mean_bytes <= 9216))
      BROKEN("flow %s: mean frame %g B", f->name, sizes->mean_bytes);
    if (!(vq_fuzz_time_ok(f->start_s, d) && vq_fuzz_time_ok(f->stop_s, d) &&
          f->start_s < f->stop_s))
      BROKEN("flow %s: start %g s, stop %g s, duration %g s", f->name, f->start_s, f->stop_s, d);
    double *total = &load[f->direction == VQ_DIR_TX];
    *total += f->rate_fps * (vq_flow_mean_bytes(f) + 20) * 8.0;
    if (*total > sc->wire_bps * 1.000001)
      BROKEN("flow %s: %g bit/s on a %g bit/s wire", f->name, *total, sc->wire_bps);
  }
  return NULL;
#undef BROKEN
}

/* What is wrong with an error message M whatever its source (transfer full), or NULL: it must be
 * valid UTF-8 on one line, with no control character but tab. Shared with sweep-check.h. */
static inline char *vq_fuzz_check_message(const char *m) {
  if (m == NULL || !g_utf8_validate(m, -1, NULL))
    return g_strdup("error message is NULL or not UTF-8");
  for (const char *c = m; *c; c++)
    if ((unsigned char)*c < 0x20 && *c != '\t') {
      g_autofree char *escaped = g_strescape(m, NULL);
      return g_strdup_printf("error message holds a control character: \"%s\"", escaped);
    }
  return NULL;
}

/* What is wrong with the outcome of vq_scenario_load(PATH, SETS) = SC, ERR (transfer full), or
 * NULL when it is one of the two allowed ones. */
static inline char *vq_fuzz_check_outcome(const char *path, const char *const *sets,
                                          const VqScenario *sc, const GError *err) {
  if ((sc == NULL) == (err == NULL))
    return g_strdup_printf("returned %s scenario and %s error", sc ? "a" : "no", err ? "an" : "no");
  if (sc != NULL) {
    char *why = vq_fuzz_check_scenario(sc, path);
    if (why != NULL) {
      char *msg = g_strdup_printf("loaded, but breaks a promise of scenario.h: %s", why);
      g_free(why);
      return msg;
    }
    return NULL;
  }
  const char *m = err->message;
  if (err->domain != VQ_SCENARIO_ERROR || err->code < VQ_SCENARIO_ERROR_IO ||
      err->code > VQ_SCENARIO_ERROR_REF)
    return g_strdup_printf("error %s/%d is not a VqScenarioError: %s",
                           g_quark_to_string(err->domain), err->code, m);
  char *bad = vq_fuzz_check_message(m);
  if (bad != NULL)
    return bad;
  size_t plen = strlen(path);
  if (strncmp(m, path, plen) == 0 && m[plen] == ':')
    return NULL;
  for (const char *const *s = sets; s != NULL && *s != NULL; s++) {
    g_autofree char *esc = g_strescape(*s, NULL); /* how an argument with a control char is named */
    g_autofree char *where_esc = g_strdup_printf("--set %s: ", esc);
    if (g_str_has_prefix(m, where_esc))
      return NULL;
    g_autofree char *where = g_strdup_printf("--set %s: ", *s);
    if (g_str_has_prefix(m, where))
      return NULL;
  }
  return g_strdup_printf("error message starts with neither \"%s:\" nor \"--set ARG: \": %s", path,
                         m);
}

#endif
