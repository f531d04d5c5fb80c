/* Traffic: the frames offered to the NIC by the scenario's flows.
 *
 * Each flow has a 5-tuple, a destination MAC (+VLAN), frame sizes and a rate, with constant,
 * Poisson, on/off or MMPP arrivals drawn from its own seeded GLib random stream, so adding a flow
 * never changes another flow's arrivals. With random_stream = per-section a section's flows share
 * one stream (so 100k connections do not need 100k streams); such a *group* of Poisson flows with
 * one start and stop is generated as one superposed Poisson process at the group's total rate, each
 * frame given to a flow by Walker's alias method over the flows' rates: the same process in
 * distribution (superposition and colouring theorems, Kingman, "Poisson Processes", 1993,
 * sections 2.2 and 5.1) at O(1) per frame whatever the group's size. A group that cannot be
 * superposed (constant arrivals, or flows with different starts or stops) draws from its stream
 * flow by flow in arrival order.
 *
 * Constant-rate flows with one start, rate and stop (a section's connections with equal shares)
 * come at the same instants, so they form one source too, giving each instant's frames in flow
 * order.
 *
 * The generator merges its sources (a Poisson flow alone, a superposed group, a cohort of
 * constant flows) in time order through a binary heap, ties broken by flow index so the order is
 * deterministic: a frame costs O(1) in its source and O(log sources) in the heap, where a
 * superposed group or a cohort, however many flows it has, is one source. (A calendar queue for
 * the constant flows was tried and dropped: with Zipf rates their frames pile up on common
 * instants, multiples of the fastest flow's gap, and keeping its buckets sorted made it 5x slower
 * than a plain heap.) Arrival times are the instants a frame has been fully received from the
 * wire; they do not depend on the rest of the model, which is what lets the NIC skip ahead
 * between externally visible moments.
 *
 * Flows whose rate varies (a rate schedule, on/off bursts, MMPP: models/arrivals.h) are sources
 * of their own, one frame at a time from their own stream (or their section's, drawn in arrival
 * order); a superposed group under one schedule stays one source, its total rate following the
 * schedule (the alias weights, the members' shares, do not change). Frame sizes other than a
 * fixed one are drawn per frame from a size stream apart (models/framesize.h), so they change
 * no arrival time. A [capture NAME] is one
 * more source, its frames read from the file as they are due (models/replay.h). Left out for
 * now: transmit traffic.
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
/* Writes each [capture NAME]'s counts and timing to an entity of its own in R (sim/report.h),
 * and their sums to the run's; nothing without a capture. */
typedef struct VqReport VqReport;
void vq_traffic_report_captures(const VqTraffic *tr, const VqScenario *sc, VqReport *r);
/* Frames produced so far by flow FLOW. */
guint64 vq_traffic_count(const VqTraffic *tr, guint flow);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqTraffic, vq_traffic_free)

G_END_DECLS

#endif
