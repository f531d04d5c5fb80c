/* Vm: a virtual machine as the receive path sees it: its vmNIC's MAC (+VLAN), its vCPUs, the
 * guest's cost per received frame, and what it was offered, received and lost.
 *
 * Each vCPU is a single-core SimGrid VM on the LP it is pinned to, running a guest actor that
 * executes the guest stack's cycles for the frames indicated to it, in batches. Without vRSS
 * (not modelled yet) the vmNIC delivers every frame to vCPU 0. Guest work runs at passive level:
 * the LP's ISR/DPC work suspends it (see cpu.h). Latency is measured from a frame's arrival at
 * the NIC to its indication to the VM (the end of the host DPC work for that frame); guest
 * processing time is accounted as CPU use, not added to latency.
 */
#ifndef VQ_VM_H
#define VQ_VM_H

#include <glib.h>

#include "models/cpu.h"
#include "models/histo.h"
#include "sim/report.h"
#include "sim/scenario.h"

G_BEGIN_DECLS

typedef struct VqVm VqVm;

/* CPUS: every LP's processor, indexed by LP number. */
VqVm *vq_vm_new(const VqVmConf *conf, VqCpu *const *cpus, const VqScenario *sc);
void vq_vm_free(VqVm *vm);
/* Creates the vCPUs' SimGrid VMs and guest actors; they live until END_S. */
void vq_vm_start(VqVm *vm, double end_s);

const char *vq_vm_name(const VqVm *vm);
/* At the end of the run: accounts the part done of a guest batch cut off by END_S. */
void vq_vm_finish(VqVm *vm, double end_s);

/* Counters, fed by the NIC on the per-frame path. */
void vq_vm_offered(VqVm *vm, double t_s, guint len);
void vq_vm_dropped(VqVm *vm, double t_s, guint len);
/* A frame that arrived at ARRIVAL_S was indicated to the VM at DONE_S. */
void vq_vm_delivered(VqVm *vm, double arrival_s, double done_s, guint len);
/* FRAMES were indicated at NOW_S: queue their guest work on the receiving vCPU. */
void vq_vm_guest_work(VqVm *vm, guint frames);

/* Guest batches, for whichever engine runs them: a batch takes the whole backlog (returns its
 * cycles: 0 when the guest costs nothing) and is accounted when it ends at T1_S. */
double vq_vm_batch_begin(VqVm *vm);
void vq_vm_batch_end(VqVm *vm, double t1_s);
/* The windowed engine: cycles of the batch in progress still to run (read at the end). */
void vq_vm_set_remaining(VqVm *vm, double cycles);
/* Frames indicated, waiting for a batch; the windowed engine adds to them without waking. */
guint64 vq_vm_backlog(const VqVm *vm);
void vq_vm_add_backlog(VqVm *vm, guint frames);
/* The LP of vCPU 0, which receives every frame. */
guint vq_vm_rx_processor(const VqVm *vm);

guint64 vq_vm_offered_frames(const VqVm *vm);
guint64 vq_vm_delivered_frames(const VqVm *vm);
guint64 vq_vm_dropped_frames(const VqVm *vm);

/* Adds the "vm" entity and returns it so the NIC can add queue facts. */
VqReportEntity *vq_vm_report(const VqVm *vm, VqReport *r);
/* Declares this VM's timeseries columns (VALUES NULL) or writes its values for interval I
 * into VALUES; either way advances *POS by the number of columns. */
void vq_vm_timeseries(const VqVm *vm, VqReport *r, guint i, double *values, guint *pos);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqVm, vq_vm_free)

G_END_DECLS

#endif
