/* Virtual machine receive-side model: see vm.h. */
#include "models/vm.h"

#include "models/model.h"
#include "models/waker.h"

#include <math.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/exec.h>
#include <simgrid/vm.h>

struct VqVm {
  const VqVmConf *conf;
  VqCpu *const *cpus; /* every LP's processor (not owned) */
  VqCpu *rx_cpu;      /* LP of vCPU 0, which receives every frame (no vRSS yet) */
  double hz;
  double warmup_s;
  double window_s; /* measurement window: duration - warmup */
  /* counters */
  guint64 offered, dropped, delivered;
  double offered_bytes, delivered_bytes, dropped_bytes;
  double measured_offered_bytes, measured_bytes;     /* in the window after warmup */
  VqHisto *latency;                                  /* frames arrived at or after warmup */
  VqBins offered_bins, delivered_bins, dropped_bins; /* bytes, bytes, frames */
  /* Steady state: per interval, frames offered (by arrival) and processed by the guest (by
   * completion); with dropped_bins, how many of the VM's frames the host holds over time. */
  double *offered_n;
  VqBins guest_done_bins;
  /* guest */
  guint64 backlog;         /* frames indicated, not yet processed by the guest */
  guint64 guest_frames;    /* frames the guest has processed */
  guint64 running;         /* frames of the guest batch in progress */
  gboolean batch_open;     /* a guest batch is in progress */
  sg_exec_t exec;          /* the reference engine: that batch's execution, NULL when none */
  double exec_cycles;      /* its cycles */
  double remaining_cycles; /* the windowed engine: its cycles still to run */
  VqWaker waker;
  double end_s;
};

VqVm *vq_vm_new(const VqVmConf *conf, VqCpu *const *cpus, const VqScenario *sc) {
  VqVm *vm = g_new0(VqVm, 1);
  vm->conf = conf;
  vm->cpus = cpus;
  vm->rx_cpu = cpus[conf->vcpu_lps[0]];
  vm->hz = sc->frequency_hz;
  vm->warmup_s = sc->warmup_s;
  vm->window_s = sc->duration_s - sc->warmup_s;
  vm->latency = vq_histo_new();
  vq_bins_init(&vm->offered_bins, sc->sample_interval_s, sc->duration_s);
  vq_bins_init(&vm->delivered_bins, sc->sample_interval_s, sc->duration_s);
  vq_bins_init(&vm->dropped_bins, sc->sample_interval_s, sc->duration_s);
  vq_bins_init(&vm->guest_done_bins, sc->sample_interval_s, sc->duration_s);
  vm->offered_n = g_new0(double, vm->offered_bins.n);
  return vm;
}

void vq_vm_free(VqVm *vm) {
  if (!vm)
    return;
  vq_histo_free(vm->latency);
  vq_bins_clear(&vm->offered_bins);
  vq_bins_clear(&vm->delivered_bins);
  vq_bins_clear(&vm->dropped_bins);
  vq_bins_clear(&vm->guest_done_bins);
  g_free(vm->offered_n);
  g_free(vm);
}

const char *vq_vm_name(const VqVm *vm) {
  return vm->conf->name;
}

double vq_vm_batch_begin(VqVm *vm) {
  g_assert(!vm->batch_open);
  vm->running = vm->backlog;
  vm->backlog = 0;
  vm->exec_cycles = (double)vm->running * vm->conf->guest_frame_cycles;
  vm->remaining_cycles = vm->exec_cycles;
  vm->batch_open = TRUE;
  return vm->exec_cycles;
}

void vq_vm_batch_end(VqVm *vm, double t1_s) {
  g_assert(vm->batch_open);
  /* The batch may have been suspended by DPCs on this LP: place the busy time at its end rather
   * than over the whole wall interval. */
  if (vm->exec_cycles > 0)
    vq_cpu_account(vm->rx_cpu, VQ_CPU_GUEST, t1_s - vm->exec_cycles / vm->hz, t1_s,
                   vm->exec_cycles);
  vm->guest_frames += vm->running;
  vq_bins_add_at(&vm->guest_done_bins, t1_s, (double)vm->running);
  vm->running = 0;
  vm->batch_open = FALSE;
}

void vq_vm_set_remaining(VqVm *vm, double cycles) {
  vm->remaining_cycles = cycles;
}

guint64 vq_vm_backlog(const VqVm *vm) {
  return vm->backlog;
}

guint vq_vm_rx_processor(const VqVm *vm) {
  return vm->conf->vcpu_lps[0];
}

void vq_vm_add_backlog(VqVm *vm, guint frames) {
  vm->backlog += frames;
}

static void guest_actor(int argc, char **argv) {
  VqVm *vm = sg_actor_self_get_data();
  for (;;) {
    while (vm->backlog == 0) {
      if (!vq_waker_sleep_until(&vm->waker, vm->end_s))
        return;
    }
    double cycles = vq_vm_batch_begin(vm);
    if (cycles > 0) {
      /* Kept as a handle so vq_vm_finish() can count the part of a batch cut off by the end. */
      vm->exec = sg_actor_exec_init(cycles);
      sg_exec_start(vm->exec);
      sg_exec_wait(vm->exec);
      vm->exec = NULL;
    }
    vq_vm_batch_end(vm, simgrid_get_clock());
  }
}

void vq_vm_start(VqVm *vm, double end_s) {
  vm->end_s = end_s;
  vq_waker_init(&vm->waker);
  sg_vm_t receiver_vm = NULL;
  for (guint k = 0; k < vm->conf->vcpus; k++) {
    char *name = g_strdup_printf("%s.vcpu%u", vm->conf->name, k);
    /* One single-core SimGrid VM per vCPU, on the LP the vCPU is pinned to. */
    sg_vm_t v = sg_vm_create_core(vq_cpu_host(vm->cpus[vm->conf->vcpu_lps[k]]), name);
    if (k == 0)
      receiver_vm = v;
    g_free(name);
  }
  /* Only vCPU 0 receives (no vRSS yet): only its VM runs an actor. */
  sg_vm_start(receiver_vm);
  char *aname = g_strdup_printf("%s.guest", vm->conf->name);
  sg_actor_t receiver = sg_actor_init(aname, (sg_host_t)receiver_vm);
  sg_actor_set_data(receiver, vm);
  sg_actor_start(receiver, guest_actor, 0, NULL);
  vq_cpu_add_guest(vm->rx_cpu, receiver);
  g_free(aname);
}

void vq_vm_finish(VqVm *vm, double end_s) {
  VQ_INVARIANT(vm->delivered == vm->guest_frames + vm->running + vm->backlog,
               "VM %s: %" G_GUINT64_FORMAT " frames indicated but %" G_GUINT64_FORMAT
               " processed + %" G_GUINT64_FORMAT " in progress + %" G_GUINT64_FORMAT " waiting",
               vm->conf->name, vm->delivered, vm->guest_frames, vm->running, vm->backlog);
  if (!vm->batch_open)
    return;
  /* SimGrid's remaining work is right even if DPCs suspended the guest part of the time. It
   * is updated lazily, so its last bits depend on how many events the run had: whole cycles
   * keep results independent of that (and of step_every_frame). */
  double remaining = vm->exec ? sg_exec_get_remaining(vm->exec) : vm->remaining_cycles;
  double done = round(vm->exec_cycles - remaining);
  vq_cpu_account(vm->rx_cpu, VQ_CPU_GUEST, end_s - done / vm->hz, end_s, done);
  vm->exec = NULL;
  vm->batch_open = FALSE;
}

void vq_vm_offered(VqVm *vm, double t_s, guint len) {
  vm->offered++;
  vm->offered_bytes += len;
  if (t_s >= vm->warmup_s)
    vm->measured_offered_bytes += len;
  VqBins *b = &vm->offered_bins; /* offered_n is indexed as its intervals */
  if (vq_bins_seek(b, t_s)) {
    b->v[b->cur] += len;
    vm->offered_n[b->cur] += 1;
  }
}

void vq_vm_dropped(VqVm *vm, double t_s, guint len) {
  vm->dropped++;
  vm->dropped_bytes += len;
  vq_bins_add_at(&vm->dropped_bins, t_s, 1);
}

void vq_vm_delivered(VqVm *vm, double arrival_s, double done_s, guint len) {
  vm->delivered++;
  vm->delivered_bytes += len;
  if (done_s >= vm->warmup_s)
    vm->measured_bytes += len;
  if (arrival_s >= vm->warmup_s)
    vq_histo_add(vm->latency, done_s - arrival_s);
  vq_bins_add_at(&vm->delivered_bins, done_s, len);
}

void vq_vm_guest_work(VqVm *vm, guint frames) {
  vq_vm_add_backlog(vm, frames);
  vq_waker_wake(&vm->waker);
}

guint64 vq_vm_offered_frames(const VqVm *vm) {
  return vm->offered;
}

guint64 vq_vm_delivered_frames(const VqVm *vm) {
  return vm->delivered;
}

guint64 vq_vm_dropped_frames(const VqVm *vm) {
  return vm->dropped;
}

/* Steady state over the measured window [warmup, end): the frames of the VM the host holds
 * (offered, not dropped, not yet processed by the guest: rings, vSwitch and guest backlog) at
 * the end, their growth over the window's second half when they still grow in its last quarter
 * (0 otherwise), and when the first drop after warmup happened (NaN: none). */
static void steady_state(const VqVm *vm, double *held, double *growth, double *drops_from_s) {
  const VqBins *b = &vm->offered_bins;
  guint first = MIN((guint)ceil(vm->warmup_s / b->width_s - 1e-9), b->n - 1);
  guint mid = first + (b->n - first) / 2, late = first + 3 * (b->n - first) / 4;
  double q = 0, q_mid = 0, q_late = 0;
  *drops_from_s = NAN;
  for (guint i = 0; i < b->n; i++) {
    q += vm->offered_n[i] - vm->dropped_bins.v[i] - vm->guest_done_bins.v[i];
    if (i + 1 == mid)
      q_mid = q;
    if (i + 1 == late)
      q_late = q;
    if (i >= first && vm->dropped_bins.v[i] > 0 && isnan(*drops_from_s))
      *drops_from_s = i * b->width_s;
  }
  *held = q;
  *growth = q > q_late ? q - q_mid : 0;
}

VqReportEntity *vq_vm_report(const VqVm *vm, VqReport *r) {
  VqReportEntity *e = vq_report_add_entity(r, VQ_KIND_VM, vm->conf->name);
  vq_report_set(e, VQ_M_VM_OFFERED_FRAMES, (double)vm->offered);
  vq_report_set(e, VQ_M_VM_OFFERED_BITS, vm->offered_bytes * 8);
  vq_report_set(e, VQ_M_VM_OFFERED_GBPS, vm->measured_offered_bytes * 8 / vm->window_s / 1e9);
  vq_report_set(e, VQ_M_VM_DELIVERED_FRAMES, (double)vm->delivered);
  vq_report_set(e, VQ_M_VM_DELIVERED_BITS, vm->delivered_bytes * 8);
  vq_report_set(e, VQ_M_VM_DELIVERED_GBPS, vm->measured_bytes * 8 / vm->window_s / 1e9);
  vq_report_set(e, VQ_M_VM_DROPPED_FRAMES, (double)vm->dropped);
  vq_report_set(e, VQ_M_VM_DROPPED_BITS, vm->dropped_bytes * 8);
  vq_report_set(e, VQ_M_VM_DROP_FRACTION,
                vm->offered ? (double)vm->dropped / (double)vm->offered : 0.0);
  vq_report_set(e, VQ_M_VM_GUEST_FRAMES, (double)vm->guest_frames);
  vq_report_set(e, VQ_M_VM_GUEST_RUNNING_FRAMES, (double)vm->running);
  vq_report_set(e, VQ_M_VM_GUEST_BACKLOG_FRAMES, (double)vm->backlog);
  vq_report_set(e, VQ_M_VM_VCPUS, vm->conf->vcpus);
  vq_report_set(e, VQ_M_VM_QUEUE_PROCESSOR, vm->conf->queue_lp);
  vq_report_set_latency(e, VQ_M_VM_LATENCY_S, vm->latency);
  double held, growth, drops_from_s;
  steady_state(vm, &held, &growth, &drops_from_s);
  vq_report_set(e, VQ_M_VM_HELD_FRAMES, held);
  vq_report_set(e, VQ_M_VM_HELD_GROWTH_FRAMES, growth);
  vq_report_set(e, VQ_M_VM_DROPS_FROM_S, drops_from_s);
  return e;
}

void vq_vm_timeseries(const VqVm *vm, VqReport *r, guint i, double *values, guint *pos) {
  if (!values) {
    static const VqMetric columns[] = {VQ_M_TS_VM_OFFERED_GBPS, VQ_M_TS_VM_RX_GBPS,
                                       VQ_M_TS_VM_DROPPED_FPS};
    for (guint k = 0; k < G_N_ELEMENTS(columns); k++) {
      vq_report_ts_add_column(r, columns[k], vm->conf->name, 0);
      (*pos)++;
    }
    return;
  }
  double w = vm->offered_bins.width_s;
  values[(*pos)++] = vm->offered_bins.v[i] * 8 / w / 1e9;
  values[(*pos)++] = vm->delivered_bins.v[i] * 8 / w / 1e9;
  values[(*pos)++] = vm->dropped_bins.v[i] / w;
}
