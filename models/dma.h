/* Dma: a queue's receive DMA engine moving frames over the PCIe link into host memory.
 *
 * Frames are moved in bursts: a burst leaves when dma_burst_frames frames wait, or when the
 * queue's interrupt is due (a flush); one burst per queue is in flight at a time, so a queue's
 * frames reach memory in order. A burst is one SimGrid communication from the NIC host to the
 * memory host over the PCIe link, so concurrent bursts of different queues share the link's
 * bandwidth through SimGrid's flow model. Each frame also costs its descriptor write-back.
 * Left out: PCIe transaction-layer overheads (TLP headers, max payload size), reads of
 * descriptors from host memory, IOMMU.
 */
#ifndef VQ_DMA_H
#define VQ_DMA_H

#include <glib.h>
#include <simgrid/host.h>
#include <simgrid/semaphore.h>

#include "models/ring.h"

G_BEGIN_DECLS

/* Advanced receive descriptor write-back: 16 bytes per frame (Intel 82599 datasheet, section
 * 7.1.6, "Advanced Receive Descriptors"). */
#define VQ_DMA_DESC_BYTES 16u

typedef struct VqDma VqDma;
/* Called in the DMA actor when a burst has landed in memory. */
typedef void (*VqDmaDoneFn)(void *owner);

VqDma *vq_dma_new(const char *name, sg_host_t nic, sg_host_t mem, VqRing *ring, guint burst_frames,
                  VqDmaDoneFn done, void *owner);
void vq_dma_free(VqDma *d);
/* Spawns the engine's actor; it lives until END_S. */
void vq_dma_start(VqDma *d, double end_s);

gboolean vq_dma_is_busy(const VqDma *d);
/* When the next burst should leave given what is admitted, FLUSH_TO (a ring counter the
 * interrupt waits for, or 0): +inf when busy or nothing calls for a burst. */
double vq_dma_kick_time(const VqDma *d, guint64 flush_to);
/* Starts a burst at NOW_S with every waiting frame that has arrived by then. */
void vq_dma_kick(VqDma *d, double now_s);

guint64 vq_dma_bursts(const VqDma *d);
double vq_dma_bytes(const VqDma *d);

G_END_DECLS

#endif
