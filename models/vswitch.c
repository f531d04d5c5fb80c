/* The virtual switch: see vswitch.h. */
#include "models/vswitch.h"

#include "models/filter.h"

void vq_vswitch_cost(const VqScenario *sc, VqVswitchPath path, double cycles[VQ_CPU_N_CAT],
                     double *copy_byte) {
  for (int k = 0; k < VQ_CPU_N_CAT; k++)
    cycles[k] = 0;
  *copy_byte = 0;
  switch (path) {
  case VQ_VSWITCH_TX:
    cycles[VQ_CPU_TX] = sc->tx_completion_cycles;
    return;
  case VQ_VSWITCH_VMQ:
    cycles[VQ_CPU_DPC] = sc->frame_cycles;
    cycles[VQ_CPU_VSWITCH] = sc->vswitch_frame_cycles;
    return;
  case VQ_VSWITCH_SOFTWARE:
    cycles[VQ_CPU_DPC] = sc->frame_cycles;
    cycles[VQ_CPU_VSWITCH] = sc->sw_filter_frame_cycles + sc->vswitch_frame_cycles;
    *copy_byte = sc->copy_byte_cycles;
    return;
  case VQ_VSWITCH_UNMATCHED:
    cycles[VQ_CPU_DPC] = sc->frame_cycles;
    cycles[VQ_CPU_VSWITCH] = sc->sw_filter_frame_cycles; /* looked up, then discarded */
    return;
  }
}

VqVswitch *vq_vswitch_new(const VqScenario *sc) {
  VqVswitch *vs = g_new0(VqVswitch, 1);
  vs->sc = sc;
  vs->n_vms = sc->vms->len;
  vs->macs = vq_filter_new();
  for (guint v = 0; v < vs->n_vms; v++) {
    const VqVmConf *vc = g_ptr_array_index(sc->vms, v);
    vq_filter_add(vs->macs, v + 1, vc->mac, vc->vlan);
  }
  vs->scratch = g_new0(VqVswitchScratch, sc->processors);
  return vs;
}

void vq_vswitch_free(VqVswitch *vs) {
  if (!vs)
    return;
  for (guint lp = 0; lp < vs->sc->processors; lp++) {
    g_free(vs->scratch[lp].batch);
    g_free(vs->scratch[lp].touched);
  }
  g_free(vs->scratch);
  vq_filter_free(vs->macs);
  g_free(vs);
}

int vq_vswitch_lookup(const VqVswitch *vs, const guint8 mac[6], guint16 vlan) {
  return (int)vq_filter_match(vs->macs, mac, vlan) - 1;
}

VqVswitchScratch *vq_vswitch_scratch(VqVswitch *vs, guint lp) {
  VqVswitchScratch *s = &vs->scratch[lp];
  if (!s->batch) {
    s->batch = g_new0(guint, vs->n_vms);
    s->touched = g_new(guint, vs->n_vms);
  }
  return s;
}

guint vq_vswitch_take_batch(VqVswitch *vs, guint lp, guint *vms, guint *frames) {
  VqVswitchScratch *s = &vs->scratch[lp];
  guint n = s->n_touched;
  for (guint i = 0; i < n; i++) {
    vms[i] = s->touched[i];
    frames[i] = s->batch[vms[i]];
    s->batch[vms[i]] = 0;
  }
  s->n_touched = 0;
  return n;
}

void vq_vswitch_discard(VqVswitch *vs) {
  vs->unmatched++;
}

guint64 vq_vswitch_unmatched(const VqVswitch *vs) {
  return vs->unmatched;
}
