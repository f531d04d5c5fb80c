/* PCIe link: see pcie.h. */
#include "models/pcie.h"

void vq_pcie_init(VqPcie *p, double bandwidth_Bps, double latency_s, double interval_s,
                  double duration_s) {
  g_return_if_fail(bandwidth_Bps > 0 && latency_s >= 0);
  *p = (VqPcie){.bandwidth_Bps = bandwidth_Bps, .latency_s = latency_s};
  vq_bins_init(&p->busy, interval_s, duration_s);
}

void vq_pcie_clear(VqPcie *p) {
  vq_bins_clear(&p->busy);
}
