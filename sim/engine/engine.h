/* Engine: runs one scenario on SimGrid. The platform (one single-core host per logical
 * processor whose speed is its frequency, a NIC host, a host-memory host, and the PCIe link
 * between them with the CM02 network model) is written as SimGrid XML from the scenario; the
 * models are then created, started and run to the end of simulated time.
 * SimGrid cannot be restarted inside a process: one run per process.
 */
#ifndef VQ_ENGINE_H
#define VQ_ENGINE_H

#include <glib.h>

#include "sim/report.h"
#include "sim/scenario.h"

G_BEGIN_DECLS

typedef struct {
  guint64 frames; /* frames simulated */
  guint64 events; /* SimGrid activities and wake-ups the models caused */
  double sim_s;   /* simulated seconds */
  double wall_s;  /* wall-clock seconds of the run */
} VqRunStats;

/* Writes the SimGrid platform XML for SC (exposed for tests). */
char *vq_platform_xml(const VqScenario *sc);

/* Starts SimGrid once per process, configured as every run needs it (CM02 network model without
 * cross-traffic, 1e-12 s precision, warnings only, the caller's SIGINT and SIGTERM handlers
 * kept), on SC's platform: its processors, frequency_hz, pcie_bandwidth_Bps and pcie_latency_s.
 * vq_engine_run() calls it; so do the tests of SimGrid-based models. */
gboolean vq_simgrid_start(const VqScenario *sc, GError **error);

/* Runs SC, fills REPORT. PROGRESS: print progress lines on stderr during long runs. */
gboolean vq_engine_run(const VqScenario *sc, VqReport *report, VqRunStats *stats, gboolean progress,
                       GError **error);

G_END_DECLS

#endif
