/* Helpers for the unit tests of the SimGrid-based models (dma, cpu, vm).
 *
 * SimGrid cannot be initialised twice in one process, so every case that simulates runs in a
 * GLib test subprocess (sgt_isolated). In the child, sgt_start() starts SimGrid with the
 * engine's own set-up (vq_simgrid_start) on a platform of the given processors, frequency and
 * PCIe link. Header-only
 * (static inline): CMake builds each tests/test-*.c as its own executable.
 */
#ifndef VQ_SGTEST_H
#define VQ_SGTEST_H

#include <glib.h>
#include <math.h>
#include <string.h>

#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>

#include "sim/engine/engine.h"
#include "sim/scenario.h"

/* Runs BODY in a fresh subprocess (one SimGrid per process) and asserts that it passed. */
static inline void sgt_isolated(void (*body)(void)) {
  if (g_test_subprocess()) {
    body();
    return;
  }
  g_test_trap_subprocess(NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
}

/* Starts SimGrid as a run does (vq_simgrid_start) on hosts lp0..lp<PROCESSORS-1> at HZ, "nic"
 * and "mem", and the "pcie" link of BW_BPS bytes/s and LAT_S seconds from nic to mem. */
static inline void sgt_start(guint processors, double hz, double bw_Bps, double lat_s) {
  VqScenario sc = {.processors = processors,
                   .frequency_hz = hz,
                   .pcie_bandwidth_Bps = bw_Bps,
                   .pcie_latency_s = lat_s};
  g_autoptr(GError) err = NULL;
  g_assert_true(vq_simgrid_start(&sc, &err));
  g_assert_no_error(err);
}

static inline sg_host_t sgt_host(const char *name) {
  sg_host_t h = sg_host_by_name(name);
  g_assert_nonnull(h);
  return h;
}

/* Starts actor NAME running FN on host HOST with DATA as its data. */
static inline sg_actor_t sgt_spawn(const char *name, const char *host, xbt_main_func_t fn,
                                   void *data) {
  sg_actor_t a = sg_actor_init(name, sgt_host(host));
  sg_actor_set_data(a, data);
  sg_actor_start(a, fn, 0, NULL);
  return a;
}

/* |A - B| <= REL * |B| */
#define sgt_assert_rel(a, b, rel)                                                                  \
  do {                                                                                             \
    double sgt_a_ = (a), sgt_b_ = (b);                                                             \
    if (!(fabs(sgt_a_ - sgt_b_) <= (rel)*fabs(sgt_b_)))                                            \
      g_error("%s:%d: %s = %.17g, expected %s = %.17g (relative tolerance %g)", __FILE__,          \
              __LINE__, #a, sgt_a_, #b, sgt_b_, (double)(rel));                                    \
  } while (0)

#endif
