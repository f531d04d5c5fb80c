/* Warnings: runs that work but may not mean what their user thinks (warnings.h). */
#include "sim/output/warnings.h"

#include <math.h>
#include <string.h>

#include "models/nic.h"
#include "sim/output/report-private.h"

/* Growth of a VM's held frames below this is noise (a queue's length fluctuates by a few
 * moderation batches); above it, and above 1% of the frames it was offered, it is a trend. */
#define HELD_NOISE_FRAMES 64
#define HELD_TREND_FRACTION 0.01
/* Busy at or above this, a processor does all it can: the work it is given exceeds it. */
#define SATURATED_BUSY 0.999
/* A guest that cannot keep up: its processor this busy, with frames waiting. */
#define GUEST_SATURATED_BUSY 0.99
#define NAMES_SHOWN 5 /* VMs named in one warning before "and N more" */

static void warn(VqReport *r, const char *kind, char *message) {
  vq_report_add_warning(r, kind, message);
  g_free(message);
}

/* "a, b, c and 4 more" (transfer full). */
static char *names_text(GPtrArray *names) {
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < MIN(names->len, NAMES_SHOWN); i++)
    g_string_append_printf(s, "%s%s", i ? ", " : "", (const char *)names->pdata[i]);
  if (names->len > NAMES_SHOWN)
    g_string_append_printf(s, " and %u more", names->len - NAMES_SHOWN);
  return g_string_free(s, FALSE);
}

/* Rx flows whose destination (MAC, VLAN) no VM has: the vSwitch discards all their frames. */
static void check_no_vm(const VqScenario *sc, VqReport *r) {
  const char *last = NULL; /* a section's flows share their name: one warning per section */
  for (guint i = 0; i < sc->flows->len; i++) {
    const VqFlowConf *f = g_ptr_array_index(sc->flows, i);
    if (f->vm >= 0 || f->direction != VQ_DIR_RX || (last && !strcmp(last, f->name)))
      continue;
    const char *same_mac = NULL;
    gboolean owned = FALSE;
    for (guint v = 0; v < sc->vms->len && !owned; v++) {
      const VqVmConf *vm = g_ptr_array_index(sc->vms, v);
      if (memcmp(vm->mac, f->dst_mac, 6) == 0) {
        owned = vm->vlan == f->vlan;
        same_mac = vm->name;
      }
    }
    if (owned)
      continue;
    last = f->name;
    if (f->captured) { /* its frames came from a file: name the section and the remedy */
      guint n = 0;
      for (guint k = i; k < sc->flows->len; k++) {
        const VqFlowConf *g = g_ptr_array_index(sc->flows, k);
        n += g->captured && g->captured->capture == f->captured->capture && g->vm < 0 &&
             g->direction == VQ_DIR_RX;
      }
      warn(r, "no-vm",
           g_strdup_printf("[capture %s]: %u of its flows go to no VM (the first to "
                           "%02x:%02x:%02x:%02x:%02x:%02x): the vSwitch discards their frames "
                           "(run.unmatched_frames); ip_map or mac_map names their VMs",
                           f->name, n, f->dst_mac[0], f->dst_mac[1], f->dst_mac[2], f->dst_mac[3],
                           f->dst_mac[4], f->dst_mac[5]));
      continue;
    }
    g_autofree char *why = same_mac
                               ? g_strdup_printf(" (VM %s has the MAC, on another VLAN)", same_mac)
                               : g_strdup("");
    g_autofree char *vlan =
        f->vlan == VQ_NO_VLAN ? g_strdup("untagged") : g_strdup_printf("on vlan %u", f->vlan);
    warn(r, "no-vm",
         g_strdup_printf("[flow %s] goes to %02x:%02x:%02x:%02x:%02x:%02x %s, which no VM "
                         "has%s: the vSwitch discards its frames (run.unmatched_frames)",
                         f->name, f->dst_mac[0], f->dst_mac[1], f->dst_mac[2], f->dst_mac[3],
                         f->dst_mac[4], f->dst_mac[5], vlan, why));
  }
}

/* VMs that get no VMQ queue of their own because max_vmq_queues ran out. */
static void check_default_queue(const VqScenario *sc, VqReport *r) {
  if (!sc->vmq || sc->vms->len == 0)
    return;
  g_autofree guint *first = g_new0(guint, sc->vms->len);
  vq_nic_queue_layout(sc, first);
  g_autoptr(GPtrArray) names = g_ptr_array_new();
  for (guint v = 0; v < sc->vms->len; v++)
    if (first[v] == 0)
      g_ptr_array_add(names, ((const VqVmConf *)g_ptr_array_index(sc->vms, v))->name);
  if (names->len == 0)
    return;
  g_autofree char *list = names_text(names);
  warn(r, "default-queue",
       g_strdup_printf("%u VM%s (%s) share the default queue on processor %u, with its software "
                       "filtering and copying: [nic] max_vmq_queues = %u is used up by the VMs "
                       "before them",
                       names->len, names->len == 1 ? "" : "s", list, sc->default_queue_lp,
                       sc->max_vmq_queues));
}

/* Captures that replay nothing, that end before the run does (its rates are over the whole
 * measured window), or whose frames come, at their peak, faster than the wire carries them:
 * replayed as captured, as the model does not serialise arrivals (models/replay.h). */
static void check_captures(const VqScenario *sc, VqReport *r) {
  for (guint k = 0; k < vq_scenario_n_captures(sc); k++) {
    const VqCaptureConf *c = g_ptr_array_index(sc->captures, k);
    double end_s = c->start_s + c->loop * c->pass_s;
    if (c->frames == 0)
      warn(r, "capture-empty",
           g_strdup_printf("[capture %s] has no frame: it replays nothing", c->name));
    else if (c->usable == 0)
      warn(r, "capture-empty",
           g_strdup_printf("[capture %s] has no usable frame (%" G_GUINT64_FORMAT
                           " in the file, all unusable: summary.json's captures[] says why): it "
                           "replays nothing",
                           c->name, c->frames));
    else if (end_s < sc->duration_s)
      warn(r, "capture-short",
           g_strdup_printf("[capture %s] ends at %.6g ms of the %.6g ms run (%u pass%s of %.6g "
                           "ms from %.6g ms): the time after it has none of its frames, and "
                           "rates over the measured window count that time; raise loop or "
                           "shorten the duration",
                           c->name, end_s * 1e3, sc->duration_s * 1e3, c->loop,
                           c->loop == 1 ? "" : "es", c->pass_s * 1e3, c->start_s * 1e3));
    if (c->peak_wire > 1)
      warn(r, "capture-peak",
           g_strdup_printf(
               "[capture %s] has frames closer than the wire carries them (%s): "
               "they are replayed at their captured times, not serialised",
               c->name, isfinite(c->peak_wire) ? "a peak above wire_rate" : "equal time stamps"));
  }
}

void vq_warnings_scenario(const VqScenario *sc, VqReport *r) {
  check_no_vm(sc, r);
  check_captures(sc, r);
  check_default_queue(sc, r);
}

static double field(const VqReportEntity *e, VqMetric m) {
  double v;
  return vq_report_field_number(e, m, &v) ? v : NAN;
}

/* The busy fraction of processor LP, 0 when it reported nothing (idle). */
static double busy_of(const VqReport *r, guint lp) {
  const Kind *k = vq_report_find_kind(r, VQ_KIND_PROCESSOR);
  char name[16];
  g_snprintf(name, sizeof name, "%u", lp);
  const VqReportEntity *e = k ? g_hash_table_lookup(k->by_name, name) : NULL;
  return e ? field(e, VQ_M_PROCESSOR_BUSY) : 0;
}

/* A VM whose frames pile up, whose drops start late, or whose guest cannot keep up. */
static void check_vm(const VqScenario *sc, const VqVmConf *conf, const VqReportEntity *e,
                     VqReport *r) {
  double offered = field(e, VQ_M_VM_OFFERED_FRAMES), held = field(e, VQ_M_VM_HELD_FRAMES);
  double growth = field(e, VQ_M_VM_HELD_GROWTH_FRAMES);
  double drops_from = field(e, VQ_M_VM_DROPS_FROM_S);
  double backlog = field(e, VQ_M_VM_GUEST_BACKLOG_FRAMES);
  if (growth > MAX(HELD_NOISE_FRAMES, HELD_TREND_FRACTION * offered))
    warn(r, "unsteady",
         g_strdup_printf("VM %s: %.0f frames (%.1f%% of those offered) are still held in the host "
                         "at the end and their number grows (+%.0f over the second half of the "
                         "measured time): not a steady state; the results depend on the run's "
                         "length: lengthen [simulation] duration, or lower the load",
                         conf->name, held, 100 * held / MAX(offered, 1), growth));
  double late = sc->warmup_s + 0.75 * (sc->duration_s - sc->warmup_s);
  if (!isnan(drops_from) && drops_from >= late) {
    warn(r, "late-drops",
         g_strdup_printf("VM %s: drops begin only at %gms, in the last quarter of the run: the "
                         "drop rate is not steady yet; lengthen [simulation] duration",
                         conf->name, drops_from * 1e3));
  }
  guint lp = conf->vcpu_lps[0];
  double busy = busy_of(r, lp);
  if (backlog > HELD_NOISE_FRAMES && busy >= GUEST_SATURATED_BUSY)
    warn(r, "guest-saturated",
         g_strdup_printf("VM %s: its guest cannot keep up: processor %u, where its vCPU 0 "
                         "receives, is %.1f%% busy with %.0f frames waiting",
                         conf->name, lp, 100 * busy, backlog));
}

/* Processors that do all they can: the work they are given exceeds them. */
static void check_processors(VqReport *r) {
  const Kind *k = vq_report_find_kind(r, VQ_KIND_PROCESSOR);
  const Kind *queues = vq_report_find_kind(r, VQ_KIND_QUEUE);
  for (guint i = 0; k && i < k->entities->len; i++) {
    const VqReportEntity *p = k->entities->pdata[i];
    double busy = field(p, VQ_M_PROCESSOR_BUSY);
    if (!(busy >= SATURATED_BUSY))
      continue;
    g_autoptr(GPtrArray) served = g_ptr_array_new();
    double lp = g_ascii_strtod(p->name, NULL);
    for (guint q = 0; queues && q < queues->entities->len; q++) {
      const VqReportEntity *e = queues->entities->pdata[q];
      if (field(e, VQ_M_QUEUE_PROCESSOR) == lp)
        g_ptr_array_add(served, e->name);
    }
    g_autofree char *list = served->len ? names_text(served) : NULL;
    g_autofree char *what =
        list ? g_strdup_printf("its queues %s and any guest there", list) : g_strdup("guests only");
    warn(r, "processor-saturated",
         g_strdup_printf("processor %s is %.1f%% busy (%s): it is offered more work than it can "
                         "do, so what it serves drops or piles up",
                         p->name, 100 * busy, what));
  }
}

void vq_warnings_run(const VqScenario *sc, VqReport *r) {
  const Kind *vms = vq_report_find_kind(r, VQ_KIND_VM);
  for (guint v = 0; vms && v < vms->entities->len && v < sc->vms->len; v++)
    check_vm(sc, g_ptr_array_index(sc->vms, v), vms->entities->pdata[v], r);
  check_processors(r);
}
