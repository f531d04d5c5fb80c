/* Processor domains: the windowed engine's receive path, in plain C (see sim/engine/engine.h).
 *
 * The receive path is feed-forward: arrivals are exogenous and known ahead, each frame's PCIe
 * landing is fixed when it is generated (pcie.h), and the only feedback, a full ring, depends
 * only on the processor that services the queue. So each logical processor owns its queues
 * (ring admission, write-back, interrupt moderation) and its DPC server (ISR, then passes
 * round-robin over the queues with work, at dispatch level, one at a time), and advances them
 * with its own event loop, exactly: the same rules (ring.h, dma.h, irq.h, the miniport's
 * dpc_begin/dpc_end/dpc_drained in nic.c) applied in time order, with the first engine's order
 * at equal times: arrivals, then the processor, then the queues' own actions.
 * What crosses processors is handed over at the window's end, in time order: guest work
 * (guests.c, run after every DPC domain, since guests never delay a DPC) and the order in
 * which flows that can change queues are indicated (reordering).
 */
#include "models/nic-private.h"

#include <math.h>

typedef struct {
  RxQueue *q;
  gboolean needs_isr; /* a fresh interrupt: the next execution starts with the ISR */
} Item;

struct VqDomain {
  guint lp;
  VqCpu *cpu;
  double hz;
  gboolean has_guests; /* guests receive on this LP: they need its dispatch periods */
  RxQueue **queues;    /* the queues it services */
  guint n_queues;
  Item *items; /* ring buffer: queues with DPC work, served round-robin */
  guint items_cap, items_head, items_len;
  /* the execution in progress (ISR and/or a DPC pass) */
  gboolean busy;
  Item cur;
  gboolean cur_pass; /* a pass (dpc_end at its end), else the drained check */
  double cur_start_s, cur_end_s;
  double busy_from_s; /* its busy time is counted in the window up to here */
  gboolean at_dispatch;
  double busy_window_s; /* busy seconds counted in the window in progress */
  RxQueue *act_q;       /* the queue that acts first, at act_t (NULL, +inf: none) */
  double act_t;
};

static void set_act(VqDomain *d, RxQueue *q, double t);

static void items_push(VqDomain *d, Item it) {
  if (d->items_len == d->items_cap) {
    guint cap = d->items_cap ? 2 * d->items_cap : 8;
    Item *buf = g_new(Item, cap);
    for (guint i = 0; i < d->items_len; i++)
      buf[i] = d->items[(d->items_head + i) % d->items_cap];
    g_free(d->items);
    d->items = buf;
    d->items_cap = cap;
    d->items_head = 0;
  }
  d->items[(d->items_head + d->items_len++) % d->items_cap] = it;
}

static Item items_pop(VqDomain *d) {
  Item it = d->items[d->items_head];
  d->items_head = (d->items_head + 1) % d->items_cap;
  d->items_len--;
  return it;
}

static void log_dispatch(VqNic *nic, VqDomain *d, double t, gboolean begin) {
  d->at_dispatch = begin;
  if (!d->has_guests)
    return;
  GuestEvent e = {.t_s = t,
                  .seq = nic->log_seq++,
                  .lp = d->lp,
                  .kind = begin ? GUEST_DISPATCH_BEGIN : GUEST_DISPATCH_END};
  vq_guests_post(nic->guests[d->lp], d->lp, &e);
}

void vq_domain_interrupt(VqNic *nic, RxQueue *q) {
  VqDomain *d = nic->domains[q->lp];
  items_push(d, (Item){q, TRUE});
  vq_cpu_count_interrupt(d->cpu);
}

/* Counts the execution's busy time up to T in the window in progress. */
static void count_busy(VqDomain *d, double t) {
  if (t > d->busy_from_s)
    d->busy_window_s += t - d->busy_from_s;
  d->busy_from_s = t;
}

/* The processor is free at NOW: starts the next execution, as the first engine's processor
 * actor does (cpu.c): round-robin, the ISR with an interrupt's first pass, dispatch level
 * from the first item to the moment none is left. Executions of no cycles end at once. */
static void server_next(VqNic *nic, VqDomain *d, double now) {
  while (!d->busy) {
    if (d->items_len == 0) {
      if (d->at_dispatch)
        log_dispatch(nic, d, now, FALSE);
      return;
    }
    if (!d->at_dispatch)
      log_dispatch(nic, d, now, TRUE);
    Item it = items_pop(d);
    VqCpuWork w = {{0}};
    if (it.needs_isr) {
      w.cycles[VQ_CPU_ISR] = vq_cpu_isr_cycles(d->cpu);
      it.needs_isr = FALSE;
    }
    gboolean pass = vq_nic_dpc_ops.dpc_begin(it.q, now, &w);
    double total = vq_cpu_work_total(&w);
    if (total > 0) {
      vq_cpu_exec_begin(d->cpu, &w, now);
      d->busy = TRUE;
      d->cur = it;
      d->cur_pass = pass;
      d->cur_start_s = d->busy_from_s = now;
      d->cur_end_s = now + total / d->hz;
      return;
    }
    if (pass) {
      vq_cpu_count_pass(d->cpu);
      vq_nic_dpc_ops.dpc_end(it.q, now, now);
      items_push(d, it);
    } else {
      vq_nic_dpc_ops.dpc_drained(it.q, now);
    }
    set_act(d, it.q, vq_nic_act_all(nic, it.q, now));
  }
}

/* The execution in progress ends at its time. */
static void server_complete(VqNic *nic, VqDomain *d) {
  double end = d->cur_end_s;
  Item it = d->cur;
  count_busy(d, end);
  vq_cpu_exec_end(d->cpu, end);
  d->busy = FALSE;
  if (d->cur_pass) {
    vq_cpu_count_pass(d->cpu);
    vq_nic_dpc_ops.dpc_end(it.q, d->cur_start_s, end);
    items_push(d, it);
  } else {
    vq_nic_dpc_ops.dpc_drained(it.q, end);
  }
  /* The processor goes on before the queue acts on what the pass changed (in the first
   * engine, the queue's actor ran once the processor's had blocked). */
  server_next(nic, d, end);
  set_act(d, it.q, vq_nic_act_all(nic, it.q, end));
  server_next(nic, d, end);
}

/* Q's next action is at T: keeps the domain's earliest action (act_q at act_t) up to date. */
static void set_act(VqDomain *d, RxQueue *q, double t) {
  q->t_act_s = t;
  if (t < d->act_t) {
    d->act_t = t;
    d->act_q = q;
  } else if (q == d->act_q) {
    d->act_t = INFINITY;
    d->act_q = NULL;
    for (guint i = 0; i < d->n_queues; i++)
      if (d->queues[i]->t_act_s < d->act_t) {
        d->act_t = d->queues[i]->t_act_s;
        d->act_q = d->queues[i];
      }
  }
}

/* Runs D to T_S: every event before T_S, in time order; at equal times arrivals first (a frame
 * arriving as a pass ends finds its descriptors not yet returned), then the processor, then the
 * queues' own actions. */
static void domain_advance(VqNic *nic, VqDomain *d, double t_s) {
  Fifo *in = &nic->domain_fifos[d->lp];
  for (;;) {
    double t_srv = d->busy ? d->cur_end_s : INFINITY;
    /* Arrivals up to the next other event: admission only ever makes its queue act earlier. */
    const Pending *pd;
    while ((pd = vq_fifo_peek_pending(in)) && pd->f.t_s <= MIN(t_srv, d->act_t) &&
           pd->f.t_s < t_s) {
      RxQueue *q = &nic->queues[pd->queue];
      gboolean admitted = vq_nic_admit(nic, q, &pd->f);
      vq_fifo_pop(in);
      double t = admitted ? vq_nic_admit_act_time(q) : INFINITY;
      if (t < q->t_act_s)
        set_act(d, q, t);
    }
    if (t_srv <= d->act_t && t_srv < t_s) {
      server_complete(nic, d);
    } else if (d->act_t < t_s) {
      double t = d->act_t;
      RxQueue *q = d->act_q;
      set_act(d, q, vq_nic_act_all(nic, q, t));
      server_next(nic, d, t);
    } else {
      break;
    }
  }
  if (d->busy)
    count_busy(d, t_s);
}

void vq_domains_create(VqNic *nic) {
  const VqScenario *sc = nic->sc;
  nic->windowed = TRUE;
  nic->domains = g_new0(VqDomain *, sc->processors);
  nic->domain_fifos = g_new0(Fifo, sc->processors);
  nic->guests = g_new0(VqGuests *, sc->processors);
  nic->order_log = g_array_new(FALSE, FALSE, sizeof(OrderEvent));
  gboolean *has_guests = g_new0(gboolean, sc->processors);
  for (guint v = 0; v < nic->n_vms; v++)
    has_guests[vq_vm_rx_processor(nic->vms[v])] = TRUE;
  for (guint lp = 0; lp < sc->processors; lp++) {
    VqDomain *d = g_new0(VqDomain, 1);
    d->lp = lp;
    d->cpu = nic->cpus[lp];
    d->hz = nic->hz;
    d->has_guests = has_guests[lp];
    d->act_t = INFINITY;
    for (guint i = 0; i < nic->n_queues; i++)
      d->n_queues += nic->queues[i].lp == lp;
    d->queues = g_new(RxQueue *, d->n_queues + 1);
    d->n_queues = 0;
    for (guint i = 0; i < nic->n_queues; i++)
      if (nic->queues[i].lp == lp) {
        d->queues[d->n_queues++] = &nic->queues[i];
        nic->queues[i].t_act_s = INFINITY;
      }
    nic->domains[lp] = d;
    if (has_guests[lp])
      nic->guests[lp] = vq_guests_new(nic, lp);
  }
  g_free(has_guests);
}

void vq_domains_free(VqNic *nic) {
  if (!nic->domains)
    return;
  for (guint lp = 0; lp < nic->sc->processors; lp++) {
    if (nic->domains[lp]) {
      g_free(nic->domains[lp]->queues);
      g_free(nic->domains[lp]->items);
      g_free(nic->domains[lp]);
    }
    g_free(nic->domain_fifos[lp].buf);
    vq_guests_free(nic->guests[lp]);
  }
  g_free(nic->domains);
  g_free(nic->domain_fifos);
  g_free(nic->guests);
  g_array_unref(nic->order_log);
}

static gint order_event_cmp(gconstpointer a, gconstpointer b) {
  const OrderEvent *x = a, *y = b;
  if (x->pass_end_s != y->pass_end_s)
    return x->pass_end_s < y->pass_end_s ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void vq_domains_advance(VqNic *nic, double t_s, double *busy_s) {
  const guint n_lp = nic->sc->processors;
  /* Every frame arriving before T_S is in its queue's FIFO (and no later one is needed). */
  vq_nic_generate(nic, t_s);
  for (guint lp = 0; lp < n_lp; lp++) {
    VqDomain *d = nic->domains[lp];
    d->busy_window_s = 0;
    domain_advance(nic, d, t_s);
    busy_s[lp] = d->busy_window_s;
  }
  /* Reordering: indications of flows that may change queues, in the order passes ended. */
  GArray *ol = nic->order_log;
  g_array_sort(ol, order_event_cmp);
  for (guint i = 0; i < ol->len; i++) {
    const OrderEvent *o = &g_array_index(ol, OrderEvent, i);
    vq_nic_track_order(nic, o->flow, o->frame_seq, o->done_s);
  }
  g_array_set_size(ol, 0);
  /* Guests, each processor's with what concerns it, in time order. */
  for (guint lp = 0; lp < n_lp; lp++)
    if (nic->guests[lp])
      busy_s[lp] += vq_guests_advance(nic->guests[lp], t_s);
}

void vq_domains_finish(VqNic *nic) {
  for (guint lp = 0; lp < nic->sc->processors; lp++) {
    /* The last window ends at the end: every frame before it was admitted or dropped. */
    VQ_INVARIANT(nic->domain_fifos[lp].len == 0, "processor %u: %u frames never admitted", lp,
                 nic->domain_fifos[lp].len);
    if (nic->guests[lp])
      vq_guests_finish(nic->guests[lp]);
  }
}
