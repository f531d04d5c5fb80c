/* Replay: a [capture NAME]'s frames as a traffic source (models/traffic.c merges it with the
 * flows), streamed from the file during the run, as models/capture.h reads it.
 *
 * The loader (sim/input/scenario-capture.c) reads the capture once: each usable frame's tuple
 * (VqReplayKey: destination MAC, VLAN, EtherType, family, protocol, addresses, ports, fragment
 * flag, the IPv6 _EX addresses) becomes one of the capture's flows, found again here through the
 * capture's flow_of table at O(1) per frame. Memory grows with the distinct tuples, never with
 * the capture's length.
 *
 * Times: frame k of pass p arrives at start + p * pass + t_k * scale, t_k its captured time since
 * the first frame; a frame earlier than the one before it (a capture that goes back in time) is
 * taken at the time before, as frames arrive in order. A pass lasts the captured span plus one
 * mean gap (span / (frames - 1)), so the next pass starts a mean gap after the last frame. The
 * first frame at or after the run's end ends the source.
 *
 * Lengths: each frame keeps its captured wire length. A capture's wire length leaves out the
 * 4-byte FCS, so a minimum-size frame reads 60 B: shorter than 64 B is replayed as 64 B (IEEE
 * 802.3 clause 4.4.2, minFrameSize, padding included). Longer than 9216 B (the NIC's largest,
 * as [flow] frame_size; captures taken above a TSO/GRO stack hold such super-frames) is unusable,
 * reason "too-long".
 *
 * Left out: the wire's serialisation of a burst (the model takes arrival times as given, so a
 * replay faster than the wire at its peak is replayed as captured; the loader checks the mean).
 */
#ifndef VQ_REPLAY_H
#define VQ_REPLAY_H

#include <glib.h>

#include "models/capture.h"
#include "sim/scenario.h"

G_BEGIN_DECLS

#define VQ_REPLAY_MIN_BYTES VQ_MIN_FRAME_BYTES
#define VQ_REPLAY_MAX_BYTES 9216 /* the NIC's largest frame, as [flow] frame_size */

/* Why a frame is not replayed: a VqCaptureStatus, or one more. */
#define VQ_REPLAY_TOO_LONG VQ_CAPTURE_N_STATUS
#define VQ_REPLAY_N_REASONS (VQ_CAPTURE_N_STATUS + 1)

/* The fields the NIC steers on: frames with equal keys are one flow. Zero it before filling, so
 * padding hashes alike. */
typedef struct {
  guint8 dst_mac[6];
  guint16 vlan;
  guint16 ethertype;
  guint8 family, proto, is_fragment, has_home, has_rh2;
  guint16 src_port, dst_port;
  guint8 src[16], dst[16], home[16], rh2[16];
} VqReplayKey;

/* F's reason (VQ_CAPTURE_OK when replayed) and, when replayed, its length on the NIC. */
guint vq_replay_classify(const VqCaptureFrame *f, guint16 *len);
/* "ok", the capture's reason names, "too-long". */
const char *vq_replay_reason_name(guint reason);
/* F's key (F usable). */
void vq_replay_key(const VqCaptureFrame *f, VqReplayKey *key);
/* A table from VqReplayKey (owned) to a pointer-sized value. */
GHashTable *vq_replay_table_new(void);

/* One capture being replayed. */
typedef struct VqReplay VqReplay;

/* Opens capture C of SC (its file was checked at load) for a run ending at END_S. */
VqReplay *vq_replay_new(const VqCaptureConf *c, double end_s);
void vq_replay_free(VqReplay *r);
/* The next replayed frame: TRUE with its time, flow and length; FALSE at the end. */
gboolean vq_replay_next(VqReplay *r, double *t_s, guint32 *flow, guint16 *len);
/* Frames read before the end, and of them those not replayed, by reason (index 0: replayed). */
const guint64 *vq_replay_counts(const VqReplay *r);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqReplay, vq_replay_free)

G_END_DECLS

#endif
