/* Nic: the receive side of a VMQ-capable NIC and its miniport driver, tying the other models
 * together: traffic -> filter -> ring -> dma -> irq -> cpu (ISR/DPC) -> vm.
 *
 * Per-frame work is plain C; SimGrid is woken only at externally visible moments (a DMA burst,
 * an interrupt, a moderation deadline, the end of a DPC pass). One actor per queue admits its
 * frames into the ring ahead of SimGrid's clock, but never past the earliest moment its
 * processor could return descriptors: the DPC pass in progress ends at a known time (it runs
 * to completion at dispatch level), and an idle queue's descriptors can only come back after
 * an interrupt that this same actor raises. Ring admission (the drop decision) is therefore
 * exact. `step_every_frame` limits admission to the current time and wakes the actor at every
 * arrival: it must give identical results, and checks the skipping.
 *
 * VMQ on: one queue per VM (up to max_vmq_queues) selected by MAC (+VLAN) filters, serviced on
 * the VM's queue processor, frames DMA'd straight into VM memory. VMQ off, or VMs beyond the
 * NIC's queues: queue 0, where the vSwitch filters in software and copies each frame.
 */
#ifndef VQ_NIC_H
#define VQ_NIC_H

#include <glib.h>

#include "models/model.h"

G_BEGIN_DECLS

extern const VqModelOps vq_nic_model;

/* The NIC's receive queues for SC: queue 0 is the default queue; VMs take the next ones in file
 * order, a VMMQ VPort one per queue pair, a plain VMQ VM one while max_vmq_queues lasts (the
 * others share queue 0). FIRST[v] gets VM v's first queue (0 when it has none); returns the
 * number of receive queues. */
guint vq_nic_queue_layout(const VqScenario *sc, guint *first);

G_END_DECLS

#endif
