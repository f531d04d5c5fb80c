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
  /* The window's events: runs in time order, one per stretch posted by one domain. */
  GArray *inbox;  /* GuestEvent */
  GArray *runs;   /* guint: where each run starts in inbox */
  guint last_src; /* domain of the last event posted, G_MAXUINT: none */
  guint *head;    /* scratch: each run's next event */
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
  g->inbox = g_array_new(FALSE, FALSE, sizeof(GuestEvent));
  g->runs = g_array_new(FALSE, FALSE, sizeof(guint));
  g->last_src = G_MAXUINT;
  g->head = g_new(guint, nic->sc->processors + 1);
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
  g_array_unref(g->inbox);
  g_array_unref(g->runs);
  g_free(g->head);
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

void vq_guests_post(VqGuests *g, guint src_lp, const GuestEvent *e) {
  if (src_lp != g->last_src) {
    g_array_append_val(g->runs, g->inbox->len);
    g->last_src = src_lp;
  }
  g_array_append_val(g->inbox, *e);
}

static void handle(VqGuests *g, const GuestEvent *e) {
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

double vq_guests_advance(VqGuests *g, double t_s) {
  g->busy_s = 0;
  /* A merge of the runs (each in time order) by (time, posting order): a window has a few
   * runs, one per processor domain that handed work over, so a linear pick beats a sort. */
  const GuestEvent *ev = (const GuestEvent *)(void *)g->inbox->data;
  guint n_runs = g->runs->len;
  const guint *start_of = (const guint *)(void *)g->runs->data;
  for (guint r = 0; r < n_runs; r++)
    g->head[r] = start_of[r];
  for (;;) {
    const GuestEvent *best = NULL;
    guint best_r = 0;
    for (guint r = 0; r < n_runs; r++) {
      guint end = r + 1 < n_runs ? start_of[r + 1] : g->inbox->len;
      if (g->head[r] == end)
        continue;
      const GuestEvent *e = &ev[g->head[r]];
      if (!best || e->t_s < best->t_s || (e->t_s == best->t_s && e->seq < best->seq)) {
        best = e;
        best_r = r;
      }
    }
    if (!best)
      break;
    g->head[best_r]++;
    handle(g, best);
  }
  g_array_set_size(g->inbox, 0);
  g_array_set_size(g->runs, 0);
  g->last_src = G_MAXUINT;
  progress(g, t_s);
  return g->busy_s;
}

void vq_guests_finish(VqGuests *g) {
  for (guint i = 0; i < g->n_vms; i++)
    if (g->remaining[i] >= 0)
      vq_vm_set_remaining(g->vms[i], g->remaining[i]);
}
