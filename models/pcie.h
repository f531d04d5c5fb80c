/* Pcie: the NIC's PCIe link to host memory, one direction (device to host).
 *
 * The NIC moves every received frame's data, and its 16-byte descriptor write-back, over the
 * link as soon as the frame is in, in arrival order: the link is a FIFO server at its bandwidth
 * (bytes / bandwidth per frame, starting no earlier than the frame's arrival, never before the
 * previous frame has left), then the link latency. So each frame carries the moment its data and
 * descriptor have landed in host memory, computed where frames are generated, in O(1), and no
 * queue's timing depends on another's except through this exogenous order. This replaces the
 * first engine's per-burst SimGrid transfers sharing the link by max-min fairness: a real NIC's
 * DMA engine serialises its writes on the link in the order it issues them.
 * Left out: TLP headers and the max payload size split (bandwidth is the usable one; the
 * scenario's figure), descriptor reads by the NIC, IOMMU translation, credits and back-pressure
 * (the link is never slower than the wire in the shipped scenarios: 252 Gbit/s vs 100 Gbit/s).
 */
#ifndef VQ_PCIE_H
#define VQ_PCIE_H

#include <glib.h>

#include "models/bins.h"

G_BEGIN_DECLS

/* Advanced receive descriptor write-back: 16 bytes per frame (Intel 82599 datasheet, section
 * 7.1.6, "Advanced Receive Descriptors"). */
#define VQ_PCIE_DESC_BYTES 16u

typedef struct {
  double bandwidth_Bps; /* usable bytes per second */
  double latency_s;     /* from the last byte leaving the NIC to it being in memory */
  double free_s;        /* the link is busy with earlier frames until then */
  double bytes;         /* bytes moved */
  VqBins busy;          /* busy seconds per sampling interval (link utilisation) */
} VqPcie;

void vq_pcie_init(VqPcie *p, double bandwidth_Bps, double latency_s, double interval_s,
                  double duration_s);
void vq_pcie_clear(VqPcie *p);

/* Moves BYTES that the NIC has from ARRIVAL_S on (arrival order: ARRIVAL_S never decreases from
 * call to call); returns when they have landed in host memory. */
static inline double vq_pcie_transfer(VqPcie *p, double arrival_s, double bytes) {
  double start = arrival_s > p->free_s ? arrival_s : p->free_s;
  p->free_s = start + bytes / p->bandwidth_Bps;
  p->bytes += bytes;
  vq_bins_add_span(&p->busy, start, p->free_s, p->free_s - start);
  return p->free_s + p->latency_s;
}

G_END_DECLS

#endif
