/* trace-info's counts: what `vmqsim trace-info` tallies over a capture's frames (protocol mix,
 * VLAN tags, unusable reasons, RSS steering over one VPort) and how it prints them. Memory is
 * fixed (per ethertype, per VLAN id, per table entry, per processor), whatever the capture's
 * length. */
#ifndef VQ_CLI_TRACE_INFO_STATS_H
#define VQ_CLI_TRACE_INFO_STATS_H

#include <glib.h>
#include <stdio.h>

#include "models/capture.h"
#include "sim/scenario.h"

G_BEGIN_DECLS

/* The VPort whose RSS the frames go through. */
typedef struct {
  guint8 key[VQ_RSS_KEY_LEN];    /* Toeplitz key */
  gboolean key_is_ms;            /* it is Microsoft's verification key */
  guint32 hash_types;            /* enabled VQ_HASH_* types */
  guint table_size;              /* entries, a power of two <= 128 */
  guint table[VQ_RSS_TABLE_MAX]; /* processor of each entry */
  guint default_lp;              /* processor of frames no enabled type covers */
  char *source;                  /* where it comes from, for the report (copied) */
} VqTraceInfoVport;

/* Where one frame goes. */
typedef struct {
  gboolean usable;
  guint32 type;    /* hash type used; 0: not hashed (default processor, or unusable) */
  guint32 hash;    /* when type != 0 */
  guint entry;     /* indirection-table entry, when type != 0 */
  guint processor; /* when usable */
} VqTraceInfoSteer;

typedef struct VqTraceInfo VqTraceInfo;

VqTraceInfo *vq_trace_info_new(const VqTraceInfoVport *vp);
void vq_trace_info_free(VqTraceInfo *t);
/* Counts frame F; OUT (may be NULL): where it goes. */
void vq_trace_info_add(VqTraceInfo *t, const VqCaptureFrame *f, VqTraceInfoSteer *out);
/* The file's format ("pcap", "pcapng"), snap length and first frame's time (s since 1970). */
void vq_trace_info_set_file(VqTraceInfo *t, const char *format, guint snaplen, double start_s);
/* Prints the report of capture PATH. */
void vq_trace_info_print(const VqTraceInfo *t, const char *path, FILE *out);
/* The busiest processor's frames over the mean of the VPort's processors (its table's and the
 * default one), for all usable frames (HASHED_ONLY FALSE) or the hashed ones; 0 without any. */
double vq_trace_info_max_over_mean(const VqTraceInfo *t, gboolean hashed_only);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqTraceInfo, vq_trace_info_free)

G_END_DECLS

#endif
