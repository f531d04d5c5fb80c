/* SimGrid start-up and the run loop: see engine.h. */
#define _GNU_SOURCE /* memfd_create */
#include "sim/engine.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <xbt/config.h>
#include <xbt/log.h>

#include "models/model.h"
#include "models/nic.h"

/* The models of a run, in start order. */
static const VqModelOps *const models[] = {&vq_nic_model};
#define N_MODELS G_N_ELEMENTS(models)

void vq_invariant_failed(const char *file, int line, const char *cond, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  fprintf(stderr, "%s:%d: model invariant broken at simulated t=%.12g s: %s (%s)\n", file, line,
          simgrid_get_clock(), msg, cond);
  g_free(msg);
  abort();
}

char *vq_platform_xml(const VqScenario *sc) {
  GString *x = g_string_new("<?xml version='1.0'?>\n"
                            "<!DOCTYPE platform SYSTEM \"https://simgrid.org/simgrid.dtd\">\n"
                            "<platform version=\"4.1\">\n<zone id=\"host\" routing=\"Full\">\n");
  /* One flop = one cycle: a host's speed is its LP's frequency. */
  for (guint i = 0; i < sc->processors; i++)
    g_string_append_printf(x, "  <host id=\"lp%u\" speed=\"%.17gf\" core=\"1\"/>\n", i,
                           sc->frequency_hz);
  /* The NIC and host memory do not compute: they are the two ends of the PCIe link. */
  g_string_append(x, "  <host id=\"nic\" speed=\"1f\"/>\n  <host id=\"mem\" speed=\"1f\"/>\n");
  g_string_append_printf(x,
                         "  <link id=\"pcie\" bandwidth=\"%.17gBps\" latency=\"%.17gs\""
                         " sharing_policy=\"SPLITDUPLEX\"/>\n"
                         "  <route src=\"nic\" dst=\"mem\"><link_ctn id=\"pcie\" "
                         "direction=\"UP\"/></route>\n",
                         sc->pcie_bandwidth_Bps, sc->pcie_latency_s);
  g_string_append(x, "</zone>\n</platform>\n");
  return g_string_free(x, FALSE);
}

static gboolean load_platform(const VqScenario *sc, GError **error) {
  g_autofree char *xml = vq_platform_xml(sc);
  /* SimGrid loads platforms from files only: hand it an in-memory one. */
  int fd = memfd_create("vmqsim-platform.xml", MFD_CLOEXEC);
  if (fd < 0 || write(fd, xml, strlen(xml)) != (ssize_t)strlen(xml)) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot write the platform: %s",
                g_strerror(errno));
    if (fd >= 0)
      close(fd);
    return FALSE;
  }
  char path[64];
  g_snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  simgrid_load_platform(path);
  close(fd);
  return TRUE;
}

typedef struct {
  double end_s;
  gint64 t0_us;
  gint64 last_us;
  const VqModelStats *stats;
} Progress;

static void progress_actor(int argc, char **argv) {
  Progress *p = sg_actor_self_get_data();
  double step = p->end_s / 200;
  for (double t = step; t < p->end_s; t += step) {
    sg_actor_sleep_until(t);
    gint64 now = g_get_monotonic_time();
    if (now - p->last_us < 2 * G_USEC_PER_SEC)
      continue;
    p->last_us = now;
    double wall = (now - p->t0_us) / 1e6;
    fprintf(stderr, "progress: %5.1f%% simulated (%.6g of %.6g s), %.1f s wall, ETA %.0f s\n",
            100 * t / p->end_s, t, p->end_s, wall, wall * (p->end_s - t) / t);
  }
}

gboolean vq_engine_run(const VqScenario *sc, VqReport *report, VqRunStats *stats, gboolean progress,
                       GError **error) {
  static gboolean started;
  g_return_val_if_fail(!started, FALSE); /* SimGrid cannot be restarted in one process */
  started = TRUE;
  int argc = 1;
  char *argv[] = {(char *)"vmqsim", NULL};
  xbt_log_control_set("root.thresh:warning");
  /* Exiting with actors still blocked at the end of simulated time is how a run ends. */
  xbt_log_control_set("ker_engine.thresh:error");
  /* SimGrid installs its own Ctrl-C handler (print status, exit 1): keep the caller's. */
  struct sigaction old_int, old_term;
  sigaction(SIGINT, NULL, &old_int);
  sigaction(SIGTERM, NULL, &old_term);
  simgrid_init(&argc, argv);
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  /* CM02 without cross-traffic: the default LV08 model multiplies latency by 13.01, wrong for
   * a PCIe link. Timing precision well below a nanosecond: the default rounds short sleeps. */
  sg_cfg_set_string("network/model", "CM02");
  sg_cfg_set_boolean("network/crosstraffic", "no");
  sg_cfg_set_double("surf/precision", 1e-12);
  if (!load_platform(sc, error))
    return FALSE;

  void *self[N_MODELS] = {0};
  gboolean ok = TRUE;
  for (guint i = 0; i < N_MODELS && ok; i++)
    ok = (self[i] = models[i]->create(sc, error)) != NULL;
  if (ok) {
    gint64 t0 = g_get_monotonic_time();
    VqModelStats ms = {0};
    Progress prog = {.end_s = sc->duration_s, .t0_us = t0, .last_us = t0, .stats = &ms};
    for (guint i = 0; i < N_MODELS; i++)
      models[i]->start(self[i]);
    if (progress) {
      sg_actor_t a = sg_actor_init("progress", sg_host_by_name("nic"));
      sg_actor_set_data(a, &prog);
      sg_actor_start(a, progress_actor, 0, NULL);
    }
    simgrid_run_until(sc->duration_s);
    for (guint i = 0; i < N_MODELS; i++)
      models[i]->finish(self[i], &ms);
    stats->wall_s = (g_get_monotonic_time() - t0) / 1e6;
    stats->frames = ms.frames;
    stats->events = ms.wakeups;
    stats->sim_s = sc->duration_s;
    vq_report_set_run_double(report, "duration_s", sc->duration_s);
    vq_report_set_run_double(report, "warmup_s", sc->warmup_s);
    char seed[24];
    g_snprintf(seed, sizeof seed, "%" G_GUINT64_FORMAT, sc->seed);
    vq_report_set_run_string(report, "seed", seed);
    vq_report_set_run_double(report, "simulated_frames", (double)ms.frames);
    for (guint i = 0; i < N_MODELS; i++)
      models[i]->report(self[i], report);
  }
  for (guint i = 0; i < N_MODELS; i++)
    if (self[i])
      models[i]->free(self[i]);
  return ok;
}
