/* Guests: the receiving vCPUs placed on one logical processor, for the windowed engine.
 *
 * The same behaviour as the first engine's guest actors (vm.c) on SimGrid VMs: a VM's guest
 * takes its whole backlog as one batch when it is idle and can run; the batches in progress on
 * a processor share it equally (processor sharing: one single-core SimGrid VM each on the same
 * host); they make no progress while the processor is at dispatch level (DPCs suspend them,
 * cpu.h), and a guest that got work meanwhile starts when the processor leaves it. Guests never
 * delay a DPC, so they run after every processor domain of a window, through the events that
 * concern them (domain.c), then on to the window's end.
 */
#include "models/nic-private.h"

#include <math.h>

struct VqGuests {
  double hz;
  VqVm **vms; /* receiving on this LP, in VM order */
  guint n_vms;
  int *local;        /* per VM of the scenario: its index in vms, or -1 */
  double *remaining; /* per VM: cycles left of its batch; < 0 when it has none */
  guint n_active;    /* batches in progress */
  gboolean at_dispatch;
  double t_s;    /* advanced to */
  double busy_s; /* busy seconds counted since the window began */
};

VqGuests *vq_guests_new(VqNic *nic, guint lp) {
  VqGuests *g = g_new0(VqGuests, 1);
  g->hz = nic->hz;
  g->vms = g_new(VqVm *, nic->n_vms);
  g->local = g_new(int, nic->n_vms);
  for (guint v = 0; v < nic->n_vms; v++) {
    g->local[v] = -1;
    if (vq_vm_rx_processor(nic->vms[v]) == lp) {
      g->local[v] = (int)g->n_vms;
      g->vms[g->n_vms++] = nic->vms[v];
    }
  }
  g->remaining = g_new(double, g->n_vms);
  for (guint i = 0; i < g->n_vms; i++)
    g->remaining[i] = -1;
  return g;
}

void vq_guests_free(VqGuests *g) {
  if (!g)
    return;
  g_free(g->vms);
  g_free(g->local);
  g_free(g->remaining);
  g_free(g);
}

/* Guest I is idle and may run at T: it takes its backlog. */
static void start(VqGuests *g, guint i, double t) {
  if (vq_vm_backlog(g->vms[i]) == 0)
    return;
  double cycles = vq_vm_batch_begin(g->vms[i]);
  if (cycles > 0) {
    g->remaining[i] = cycles;
    g->n_active++;
  } else {
    vq_vm_batch_end(g->vms[i], t); /* nothing to run */
  }
}

/* Runs the batches in progress from g->t_s to T: no other event comes in between. */
static void progress(VqGuests *g, double t) {
  while (g->t_s < t) {
    if (g->at_dispatch || g->n_active == 0) {
      g->t_s = t;
      return;
    }
    double rmin = INFINITY;
    for (guint i = 0; i < g->n_vms; i++)
      if (g->remaining[i] >= 0 && g->remaining[i] < rmin)
        rmin = g->remaining[i];
    double share = g->hz / g->n_active; /* cycles per second each */
    double t_done = g->t_s + rmin / share;
    double to = MIN(t, t_done);
    double ran = (to - g->t_s) * share;
    g->busy_s += to - g->t_s;
    g->t_s = to;
    gboolean done = t_done <= t;
    for (guint i = 0; i < g->n_vms; i++) {
      if (g->remaining[i] < 0)
        continue;
      if (done && g->remaining[i] == rmin) {
        g->remaining[i] = -1;
        g->n_active--;
        vq_vm_batch_end(g->vms[i], to);
        start(g, i, to); /* the guest loops at once to what came meanwhile */
      } else {
        g->remaining[i] = MAX(0.0, g->remaining[i] - ran);
      }
    }
  }
}

double vq_guests_advance(VqGuests *g, const GuestEvent *events, guint n, double t_s) {
  g->busy_s = 0;
  for (guint k = 0; k < n; k++) {
    const GuestEvent *e = &events[k];
    progress(g, e->t_s);
    switch (e->kind) {
    case GUEST_HANDOFF: {
      g_assert(g->local[e->vm] >= 0);
      guint i = (guint)g->local[e->vm];
      vq_vm_add_backlog(g->vms[i], e->frames);
      if (!g->at_dispatch && g->remaining[i] < 0)
        start(g, i, e->t_s);
      break;
    }
    case GUEST_DISPATCH_BEGIN:
      g->at_dispatch = TRUE;
      break;
    case GUEST_DISPATCH_END:
      g->at_dispatch = FALSE;
      for (guint i = 0; i < g->n_vms; i++)
        if (g->remaining[i] < 0)
          start(g, i, e->t_s);
      break;
    }
  }
  progress(g, t_s);
  return g->busy_s;
}

void vq_guests_finish(VqGuests *g) {
  for (guint i = 0; i < g->n_vms; i++)
    if (g->remaining[i] >= 0)
      vq_vm_set_remaining(g->vms[i], g->remaining[i]);
}
