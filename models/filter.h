/* Filter: VMQ receive filters, the NIC's choice of a queue by destination MAC (+VLAN).
 *
 * Follows NDIS receive filtering ("NDIS_RECEIVE_FILTER_PARAMETERS"): the tests inside one
 * filter are ANDed (MAC equal, and VLAN equal when the filter names a VLAN); a queue may have
 * several filters, ORed; a frame no filter matches goes to queue 0, the default queue.
 * A MAC-only filter matches the MAC whatever the frame's VLAN tag.
 */
#ifndef VQ_FILTER_H
#define VQ_FILTER_H

#include <glib.h>

G_BEGIN_DECLS

#define VQ_DEFAULT_QUEUE 0u

typedef struct VqFilter VqFilter;

VqFilter *vq_filter_new(void);
void vq_filter_free(VqFilter *f);
/* Adds a filter sending frames to MAC (and VLAN, unless VLAN is 0) to QUEUE (> 0). Returns
 * FALSE when the same (MAC, VLAN) pair is already filtered to a queue. */
gboolean vq_filter_add(VqFilter *f, guint queue, const guint8 mac[6], guint16 vlan);
/* The queue for a frame to MAC tagged VLAN (0 when untagged). */
guint vq_filter_match(const VqFilter *f, const guint8 mac[6], guint16 vlan);
guint vq_filter_count(const VqFilter *f);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqFilter, vq_filter_free)

G_END_DECLS

#endif
