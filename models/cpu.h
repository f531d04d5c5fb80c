/* Cpu: a logical processor (LP) that services receive queues: interrupt service routine (ISR),
 * then deferred procedure calls (DPCs) that indicate frames in batches.
 *
 * Each LP is a single-core SimGrid host whose speed is its frequency, so executing N flops
 * takes N cycles. DPC work runs at DISPATCH_LEVEL in Windows: it runs to completion and is not
 * time-shared with threads. SimGrid would fair-share a core between concurrent executions, so
 * the model makes the priority explicit: while the LP has DPC work, the guest vCPU actors
 * placed on it are suspended, and resumed when the LP returns to passive level. A DPC pass on
 * a queue is one SimGrid execution covering a whole batch of frames (never one per frame);
 * queues with work are served round-robin, one pass each.
 * Busy time is accounted by category, in cycles and per sampling interval.
 */
#ifndef VQ_CPU_H
#define VQ_CPU_H

#include <glib.h>
#include <simgrid/actor.h>
#include <simgrid/host.h>

#include "models/bins.h"
#include "sim/report.h"

G_BEGIN_DECLS

typedef enum {
  VQ_CPU_ISR,     /* interrupt service routine */
  VQ_CPU_DPC,     /* DPC overhead and per-frame miniport + host stack work */
  VQ_CPU_VSWITCH, /* vSwitch forwarding, and software MAC filtering without VMQ */
  VQ_CPU_COPY,    /* copying frames into VM memory (no VMQ) */
  VQ_CPU_TX,      /* transmit completions */
  VQ_CPU_GUEST,   /* guest vCPU work */
  VQ_CPU_N_CAT
} VqCpuCategory;

/* Cycles of one DPC pass, by category. */
typedef struct {
  double cycles[VQ_CPU_N_CAT];
} VqCpuWork;

/* What the processor asks of a queue it services (implemented by the NIC's miniport). */
typedef struct {
  /* Takes the queue's ready frames for one pass at NOW_S and fills WORK; FALSE when none. */
  gboolean (*dpc_begin)(void *queue, double now_s, VqCpuWork *work);
  /* The pass that began at START_S ended at END_S: indicate and return descriptors. */
  void (*dpc_end)(void *queue, double start_s, double end_s);
  /* The queue is drained: unmask its interrupt. */
  void (*dpc_drained)(void *queue, double now_s);
} VqDpcOps;

typedef struct VqCpu VqCpu;

VqCpu *vq_cpu_new(guint index, sg_host_t lp, double frequency_hz, double isr_cycles,
                  VqBins *busy_bins);
void vq_cpu_free(VqCpu *c);
void vq_cpu_start(VqCpu *c, double end_s);

/* Cycles of WORK, all categories. */
double vq_cpu_work_total(const VqCpuWork *w);

/* For an engine that times executions itself (the windowed engine's processor domains): WORK
 * starts at T0_S on the LP / the one in progress ends at T1_S, and is accounted. */
void vq_cpu_exec_begin(VqCpu *c, const VqCpuWork *w, double t0_s);
void vq_cpu_exec_end(VqCpu *c, double t1_s);
/* Counts an interrupt / a DPC pass that such an engine ran. */
void vq_cpu_count_interrupt(VqCpu *c);
void vq_cpu_count_pass(VqCpu *c);
double vq_cpu_isr_cycles(const VqCpu *c);

/* An interrupt for QUEUE: run the ISR, then DPC passes until OPS->dpc_begin says drained. */
void vq_cpu_interrupt(VqCpu *c, void *queue, const VqDpcOps *ops);
/* At the end of the run: accounts the part done of an execution cut off by END_S. */
void vq_cpu_finish(VqCpu *c, double end_s);
/* A guest actor placed on this LP: suspended while the LP runs ISR/DPC work. */
void vq_cpu_add_guest(VqCpu *c, sg_actor_t guest);
/* Accounts CYCLES of category CAT executed over [T0_S, T1_S) (for work run by other actors). */
void vq_cpu_account(VqCpu *c, VqCpuCategory cat, double t0_s, double t1_s, double cycles);

/* Adds the "processor" entity: busy fraction over DURATION_S, in all and by category,
 * interrupts and DPC passes. */
void vq_cpu_report(const VqCpu *c, VqReport *r, double duration_s);

sg_host_t vq_cpu_host(const VqCpu *c);
double vq_cpu_cycles(const VqCpu *c, VqCpuCategory cat);
guint64 vq_cpu_interrupts(const VqCpu *c);
guint64 vq_cpu_dpc_passes(const VqCpu *c);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqCpu, vq_cpu_free)

G_END_DECLS

#endif
