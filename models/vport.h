/* Vport: a VM's VPort under VMMQ: RSS over several queues, and live updates of its indirection
 * table while traffic flows.
 *
 * NDIS RSS ("RSS Hashing Functions", "Indirection Table"): a frame an enabled hash type covers
 * is hashed with the VPort's Toeplitz key; the hash's low bits index the indirection table,
 * whose entry names a processor; the VPort queue serving that processor receives the frame.
 * A frame no enabled type covers goes to the default processor's queue. Transmit completions
 * are steered by the same table: a transmitted frame carries the hash of its connection's
 * receive direction (its tuple reversed), so its completion lands where the connection's
 * received frames do.
 *
 * Live updates ([event] sections: whole table, single entries as in RSSv2, default processor)
 * form a list of table versions: the initial one, then one per update, in force from the
 * update's time plus the NIC's update latency. A frame follows the version in force when it
 * arrives at the NIC; frames already queued stay where they are and are indicated on the old
 * processor, possibly after later frames of the same flow indicated on the new one: that is
 * the reordering each update is charged with. Because update times are known in advance, a
 * frame's queue depends only on its arrival time, which keeps the NIC's skipping exact.
 * Left out: the NDIS_RSS_PARAM_FLAG_* handshake, IPv6 extension-header hash types, and
 * Toeplitz keys or hash types changing at run time (VMMQ forbids it).
 */
#ifndef VQ_VPORT_H
#define VQ_VPORT_H

#include <glib.h>

#include "models/bins.h"
#include "models/rss.h"
#include "sim/report.h"
#include "sim/scenario.h"

G_BEGIN_DECLS

typedef struct VqVport VqVport;

/* Builds the VPort of VM VM_INDEX; its k-th queue is NIC queue QUEUE0 + k, serving the
 * processor sc->vms[vm]->vport.queue_lps[k]. */
VqVport *vq_vport_new(const VqScenario *sc, guint vm_index, guint queue0);
void vq_vport_free(VqVport *vp);

/* What the NIC parses out of FLOW's frames for RSS (models/rss.h): a tx flow's tuple reversed,
 * as its connection receives; family 0 for a frame that is not IP, is_fragment for fragments. */
void vq_vport_flow_packet(const VqFlowConf *flow, VqRssPacket *pk);
/* The RSS hash of FLOW's frames (a tx flow: its reversed tuple, as its connection receives);
 * FALSE when no enabled hash type covers them, i.e. they go to the default processor. */
gboolean vq_vport_flow_hash(const VqVport *vp, const VqFlowConf *flow, guint32 *hash);

/* Where a frame of FLOW arriving at T_S goes (for `vmqsim rss-lookup`). */
typedef struct {
  guint32 hash;     /* RSS hash, when type != 0 */
  guint32 type;     /* NDIS hash type used; 0: none applies, the default processor takes it */
  guint index;      /* indirection table entry (when hashed) */
  guint table_size; /* entries of the table in force */
  guint processor;  /* the LP */
  guint queue;      /* the NIC queue */
} VqVportLookup;
void vq_vport_lookup(const VqVport *vp, const VqFlowConf *flow, double t_s, VqVportLookup *out);

/* The NIC queue for a frame arriving at T_S; T_S must not decrease from call to call. */
guint vq_vport_queue(VqVport *vp, gboolean hashed, guint32 hash, double t_s);

/* Table version in force at T_S: 0 the initial table, k after the k-th update. */
guint vq_vport_version_at(const VqVport *vp, double t_s);
guint vq_vport_n_versions(const VqVport *vp);

/* Accounting, per version (by arrival time for drops and latency, by indication time for
 * indications and reordering). K is the frame's queue within the VPort. */
void vq_vport_dropped(VqVport *vp, double arrival_s);
void vq_vport_indicated(VqVport *vp, guint k, double arrival_s, double done_s);
/* A frame indicated at DONE_S after a later frame of its flow (by DISPLACEMENT sequence
 * numbers); FIRST_IN_VERSION when its flow had not been reordered yet in that version. */
void vq_vport_reordered(VqVport *vp, double done_s, guint64 displacement,
                        gboolean first_in_version);
guint64 vq_vport_reordered_total(const VqVport *vp);

/* Records FRAMES frames (over the run) of flows no enabled hash type covers, which the default
 * processor took; the report then carries unhashed_frames (only then: a VPort whose every flow
 * is hashed has none to report). */
void vq_vport_set_unhashed(VqVport *vp, guint64 frames);

/* Adds a "vport" entity (per-queue load and imbalance over the measurement window) and one
 * "update" entity per live update (reordering, drops, latency and per-processor load before
 * and after, time to settle). BUSY: every LP's busy time per sampling interval. */
void vq_vport_report(const VqVport *vp, VqReport *r, const VqBins *busy);
/* Declares this VPort's timeseries columns (VALUES NULL) or writes interval I's values;
 * either way advances *POS by the number of columns. */
void vq_vport_timeseries(const VqVport *vp, VqReport *r, guint i, double *values, guint *pos);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqVport, vq_vport_free)

G_END_DECLS

#endif
