/* Traffic: the frames offered to the NIC by the scenario's flows.
 *
 * Each flow has a 5-tuple, a destination MAC (+VLAN), a frame size and a rate, with constant or
 * Poisson arrivals drawn from its own seeded GLib random stream, so adding a flow never changes
 * another flow's arrivals (or, with random_stream = per-section, from its section's stream, so
 * 100k connections do not need 100k streams). The generator merges the flows in time order through
 * a binary heap (ties broken by flow index, so the order is deterministic). Arrival times are the
 * instants a frame has been fully received from the wire; they do not depend on the rest of the
 * model, which is what lets the NIC skip ahead between externally visible moments. Left out for
 * now: pcap traces, bursty (on/off) sources, transmit traffic.
 */
#ifndef VQ_TRAFFIC_H
#define VQ_TRAFFIC_H

#include <glib.h>

#include "sim/scenario.h"

G_BEGIN_DECLS

/* One received frame, as the NIC model carries it from arrival to indication. */
typedef struct {
  double t_s;    /* arrival time at the NIC */
  double land_s; /* when its data and descriptor are in host memory (set by the NIC: pcie.h) */
  guint32 flow;  /* index into the scenario's flows */
  guint16 len;   /* frame length, bytes (at most 9216) */
  guint16 cost;  /* set by the NIC: index of its per-frame cost vector */
  guint64 seq;   /* per-flow sequence number, from 0 */
} VqFrame;

typedef struct VqTraffic VqTraffic;

VqTraffic *vq_traffic_new(const VqScenario *sc);
void vq_traffic_free(VqTraffic *tr);
/* Time of the next frame, or +inf when every flow is finished. */
double vq_traffic_peek(const VqTraffic *tr);
/* Pops the next frame if it arrives at or before LIMIT_S; returns FALSE otherwise. */
gboolean vq_traffic_next(VqTraffic *tr, double limit_s, VqFrame *out);
/* Frames produced so far by flow FLOW. */
guint64 vq_traffic_count(const VqTraffic *tr, guint flow);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqTraffic, vq_traffic_free)

G_END_DECLS

#endif
