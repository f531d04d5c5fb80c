/* Frame sizes: each frame's size drawn from its flow's distribution (sim/scenario.h,
 * VqFrameSizes): a fixed size (no draw at all), every whole size of a range alike, or a table of
 * sizes and weights (the simple IMIX, or an empirical distribution from a file) by Walker's alias
 * method, O(1) per frame.
 *
 * Sizes come from a stream of their own, not the flow's arrival stream, so the arrival times of
 * a flow do not depend on its size distribution (and a fixed-size flow draws exactly what it
 * always drew). The stream is splitmix64 (Steele, Lea, Flood, "Fast splittable pseudorandom
 * number generators", OOPSLA 2014): 8 bytes of state per stream, where a GRand takes ~2.5 KB.
 *
 * The simple IMIX: 64, 570 and 1518 B Ethernet frames in the proportions 7:4:1 (the "simple
 * IMIX" of traffic generators, e.g. Spirent and Ixia, after the Agilent/NLANR mix of 40, 576 and
 * 1500 B IP packets; RFC 6985 "IMIX Genome" (A. Morton, 2013) defines the notation for such
 * mixes, and does not fix the mix itself). Its mean is 4246 / 12 = 353.83 B.
 */
#ifndef VQ_FRAMESIZE_H
#define VQ_FRAMESIZE_H

#include <glib.h>

#include "models/alias.h"
#include "sim/scenario.h"

G_BEGIN_DECLS

#define VQ_IMIX_N 3
extern const guint16 vq_imix_sizes[VQ_IMIX_N];  /* bytes */
extern const double vq_imix_weights[VQ_IMIX_N]; /* 7 : 4 : 1 */

/* A ready-to-draw distribution. */
typedef struct VqSizer VqSizer;

VqSizer *vq_sizer_new(const VqFrameSizes *d);
void vq_sizer_free(VqSizer *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqSizer, vq_sizer_free)

/* A size stream's first state, for a flow seeded SEED: no flow's arrival seed (those derive
 * from the scenario seed by flow index, below VQ_MAX_FLOWS). */
guint64 vq_sizer_stream(guint64 seed);
/* One frame's size, advancing the size stream STATE. */
guint vq_sizer_draw(const VqSizer *s, guint64 *state);

G_END_DECLS

#endif
