/* Vswitch: the Hyper-V virtual switch as the receive path sees it, after the miniport has
 * indicated a frame: the VM that owns its destination MAC (+VLAN), what forwarding costs per
 * frame, and handing a DPC pass's frames to each VM's guest.
 *
 * Costs per frame, on the processor running the DPC (cycles from the scenario's [cpu]):
 * - VMQ / VMMQ queue: the NIC already placed the frame in the VM's memory; the vSwitch only
 *   forwards it (vswitch_frame_cycles).
 * - Default queue, frame for a VM: the vSwitch looks the MAC up in software
 *   (sw_filter_frame_cycles) and copies the frame into VM memory (copy_byte_cycles per byte),
 *   then forwards it: the price of running without VMQ ("Virtual Machine Queue (VMQ)
 *   Overview", Microsoft).
 * - Default queue, no VM owns the MAC: looked up, then discarded (counted as unmatched).
 * - Transmit completion: tx_completion_cycles (the completion DPC's work).
 * Plus, on every received frame, the miniport and host stack's frame_cycles.
 * A pass's frames reach each VM's guest as one batch at the pass's end; the batch is built in
 * the scratch of the processor that ran the pass, so processors never share it.
 */
#ifndef VQ_VSWITCH_H
#define VQ_VSWITCH_H

#include <glib.h>

#include "models/cpu.h"
#include "sim/scenario.h"

G_BEGIN_DECLS

typedef enum {
  VQ_VSWITCH_VMQ,       /* received on a VM's own (VMQ / VMMQ) queue */
  VQ_VSWITCH_SOFTWARE,  /* received on the default queue, for a VM */
  VQ_VSWITCH_UNMATCHED, /* received on the default queue, for no VM */
  VQ_VSWITCH_TX,        /* a transmit completion */
} VqVswitchPath;

/* The per-frame cycles of PATH by category, but for the copy into VM memory: that is
 * *COPY_BYTE cycles per byte of each frame, in VQ_CPU_COPY (0 but on the software path), as a
 * flow's frames may differ in size. */
void vq_vswitch_cost(const VqScenario *sc, VqVswitchPath path, double cycles[VQ_CPU_N_CAT],
                     double *copy_byte);

typedef struct VqVswitch VqVswitch;

VqVswitch *vq_vswitch_new(const VqScenario *sc);
void vq_vswitch_free(VqVswitch *vs);
/* The VM owning MAC (tagged VLAN, 0 when untagged), or -1. */
int vq_vswitch_lookup(const VqVswitch *vs, const guint8 mac[6], guint16 vlan);

/* A frame for VM indicated by the pass running on processor LP. */
static inline void vq_vswitch_deliver(VqVswitch *vs, guint lp, guint vm);
/* That pass has ended: gives each VM it delivered to (VMS, in first-delivery order) its frame
 * count (FRAMES), returns how many VMs, and clears LP's scratch. VMS and FRAMES have room for
 * every VM. */
guint vq_vswitch_take_batch(VqVswitch *vs, guint lp, guint *vms, guint *frames);
/* A frame no VM owns, discarded. */
void vq_vswitch_discard(VqVswitch *vs);
guint64 vq_vswitch_unmatched(const VqVswitch *vs);

/* Per processor: frames per VM of the pass in progress, and the VMs touched. */
typedef struct {
  guint *batch;   /* per VM */
  guint *touched; /* VM indices, in first-delivery order */
  guint n_touched;
} VqVswitchScratch;

struct VqVswitch {
  const VqScenario *sc;
  struct VqFilter *macs;     /* MAC (+VLAN) -> VM index + 1 */
  VqVswitchScratch *scratch; /* per processor, allocated on first use */
  guint n_vms;
  guint64 unmatched;
};

VqVswitchScratch *vq_vswitch_scratch(VqVswitch *vs, guint lp);

static inline void vq_vswitch_deliver(VqVswitch *vs, guint lp, guint vm) {
  VqVswitchScratch *s = vs->scratch[lp].batch ? &vs->scratch[lp] : vq_vswitch_scratch(vs, lp);
  if (s->batch[vm]++ == 0)
    s->touched[s->n_touched++] = vm;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqVswitch, vq_vswitch_free)

G_END_DECLS

#endif
