/* Nic: the receive side of a VMQ/VMMQ-capable NIC and its miniport driver, tying the other
 * models together: traffic -> filter (-> vport: RSS) -> ring -> dma -> irq -> cpu (ISR/DPC)
 * -> vm.
 *
 * Per-frame work is plain C. Under the windowed engine (the default) models/domain.c advances
 * each processor's queues and DPCs event by event and SimGrid sees one execution per processor
 * and window. Under the reference engine (models/nic-actors.c) SimGrid is woken at externally
 * visible moments (a DMA burst, an interrupt, a moderation deadline, the end of a DPC pass): one
 * actor per queue admits its frames into the ring ahead of SimGrid's clock, but never past the
 * earliest moment its processor could return descriptors: the DPC pass in progress ends at a
 * known time (it runs to completion at dispatch level), an interrupt waiting for its DMA can be
 * raised at once (so not before ISR + the cheapest pass from now), and an idle queue's
 * descriptors can only come back after an interrupt that this same actor raises. Ring admission
 * (the drop decision) is therefore exact under both; an invariant checks it on every run (no
 * frame enters a ring after a descriptor return later than its arrival). `step_every_frame`
 * limits admission to the current time and wakes the actor at every arrival: it must give
 * identical results, and checks the skipping.
 *
 * VMQ on: one queue per VM (up to max_vmq_queues) selected by MAC (+VLAN) filters, serviced on
 * the VM's queue processor, frames DMA'd straight into VM memory. VMQ off, or VMs beyond the
 * NIC's queues: queue 0, where the vSwitch filters in software and copies each frame.
 * VMMQ: the VM's VPort has a queue per processor its RSS table uses (models/vport.h picks one
 * by the frame's hash and the table version in force at its arrival). Transmit completions use
 * a twin queue of the selected queue pair, on the same processor.
 * Actors that share state must finish their changes before any SimGrid call: a call (even a
 * semaphore release) lets other actors run first.
 */
#ifndef VQ_NIC_H
#define VQ_NIC_H

#include <glib.h>

#include "models/model.h"

G_BEGIN_DECLS

extern const VqModelOps vq_nic_model;

/* The NIC's queue rule, VM by VM in file order: a VM asks for NEED queues (a VMMQ VPort one
 * per queue pair, a plain VMQ VM one) and gets them while LEFT, what remains of
 * max_vmq_queues, lasts; otherwise none (a plain VM then shares the default queue; the scenario
 * loader refuses a VPort that does not fit). Returns the queues taken. The loader and
 * vq_nic_queue_layout() both apply it, so they cannot disagree. */
static inline guint vq_nic_take_queues(gboolean vmq, guint need, guint *left) {
  if (!vmq || need > *left)
    return 0;
  *left -= need;
  return need;
}

/* The NIC's receive queues for SC: queue 0 is the default queue; VMs take the next ones by
 * vq_nic_take_queues(). FIRST[v] gets VM v's first queue (0 when it has none); returns the
 * number of receive queues. */
guint vq_nic_queue_layout(const VqScenario *sc, guint *first);

G_END_DECLS

#endif
