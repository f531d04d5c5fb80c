/* SimGrid start-up and the run loop: see engine.h. */
#define _GNU_SOURCE /* memfd_create */
#include "sim/engine/engine.h"

#include <errno.h>
#include <math.h>
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
#include <simgrid/semaphore.h>
#include <xbt/config.h>
#include <xbt/log.h>

#include "models/log.h"
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

/* ---- the windowed engine -------------------------------------------------------------------- */

/* One SimGrid actor per processor performs, each window, the busy time its domain computed for
 * it as one execution on its host (so SimGrid's host load and energy accounting see it); the
 * driver actor runs the models in plain C window by window and sleeps to each window's end. */
typedef struct {
  const VqScenario *sc;
  const VqModelOps *const *models;
  void **self;
  guint n_models;
  sg_sem_t *go;        /* per LP: released when it has work */
  double *work_cycles; /* per LP: the window's busy cycles */
  double *busy_s;      /* scratch for a model's advance */
  gboolean over;
  guint64 activities; /* SimGrid activities: executions, sleeps, semaphore hand-overs */
  double next_arrival_s;
} Windowed;

static Windowed *windowed_self(void) {
  return sg_actor_self_get_data();
}

static void lp_actor(int argc, char **argv) {
  Windowed *w = windowed_self();
  guint lp = (guint)g_ascii_strtoull(argv[1], NULL, 10);
  for (;;) {
    sg_sem_acquire(w->go[lp]);
    if (w->over)
      return;
    sg_actor_execute(w->work_cycles[lp]);
  }
}

/* The end of the window that starts at NOW: the longest window, the next sampling boundary,
 * the next scheduled event (RSS updates apply then), the end; with step_every_frame, the next
 * arrival (a window of one frame). */
static double window_end(const Windowed *w, double now) {
  const VqScenario *sc = w->sc;
  double end = MIN(sc->duration_s, now + sc->window_s);
  double k = floor(now / sc->sample_interval_s + 1e-9) + 1;
  end = MIN(end, k * sc->sample_interval_s);
  for (guint i = 0; sc->events && i < sc->events->len; i++) {
    const VqEventConf *ev = g_ptr_array_index(sc->events, i);
    double at = ev->time_s + sc->rss_update_latency_s;
    if (at > now)
      end = MIN(end, at);
  }
  if (sc->step_every_frame && w->next_arrival_s > now)
    end = MIN(end, w->next_arrival_s);
  return end > now ? end : MIN(sc->duration_s, now + sc->window_s);
}

static void driver_actor(int argc, char **argv) {
  Windowed *w = windowed_self();
  const VqScenario *sc = w->sc;
  double now = 0;
  while (now < sc->duration_s) {
    double end = window_end(w, now);
    memset(w->work_cycles, 0, sc->processors * sizeof(double));
    w->next_arrival_s = INFINITY;
    for (guint m = 0; m < w->n_models; m++) {
      if (!w->models[m]->advance)
        continue;
      double next = w->models[m]->advance(w->self[m], end, w->busy_s);
      w->next_arrival_s = MIN(w->next_arrival_s, next);
      for (guint lp = 0; lp < sc->processors; lp++)
        w->work_cycles[lp] += w->busy_s[lp] * sc->frequency_hz;
    }
    guint busy = 0;
    for (guint lp = 0; lp < sc->processors; lp++)
      if (w->work_cycles[lp] > 0) {
        sg_sem_release(w->go[lp]);
        w->activities += 2; /* the hand-over and the execution */
        busy++;
      }
    XBT_CVERB(engine, "%.9f s: window to %.9f s, %u busy processors", now, end, busy);
    sg_actor_sleep_until(end);
    w->activities++;
    now = end;
  }
  w->over = TRUE;
  for (guint lp = 0; lp < sc->processors; lp++)
    sg_sem_release(w->go[lp]);
}

static void windowed_start(Windowed *w) {
  const VqScenario *sc = w->sc;
  w->go = g_new(sg_sem_t, sc->processors);
  w->work_cycles = g_new0(double, sc->processors);
  w->busy_s = g_new0(double, sc->processors);
  for (guint lp = 0; lp < sc->processors; lp++) {
    char name[32], index[16];
    g_snprintf(name, sizeof name, "lp%u", lp);
    g_snprintf(index, sizeof index, "%u", lp);
    w->go[lp] = sg_sem_init(0);
    sg_actor_t a = sg_actor_init(name, sg_host_by_name(name));
    sg_actor_set_data(a, w);
    const char *args[] = {name, index};
    sg_actor_start(a, lp_actor, 2, (char **)args);
  }
  sg_actor_t d = sg_actor_init("driver", sg_host_by_name("nic"));
  sg_actor_set_data(d, w);
  sg_actor_start(d, driver_actor, 0, NULL);
}

static void windowed_free(Windowed *w) {
  if (w->go)
    for (guint lp = 0; lp < w->sc->processors; lp++)
      sg_sem_destroy(w->go[lp]);
  g_free(w->go);
  g_free(w->work_cycles);
  g_free(w->busy_s);
}

gboolean vq_simgrid_start(const VqScenario *sc, GError **error) {
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
  return load_platform(sc, error);
}

gboolean vq_engine_run(const VqScenario *sc, VqReport *report, VqRunStats *stats, gboolean progress,
                       GError **error) {
  if (!vq_simgrid_start(sc, error))
    return FALSE;

  void *self[N_MODELS] = {0};
  gboolean ok = TRUE;
  for (guint i = 0; i < N_MODELS && ok; i++)
    ok = (self[i] = models[i]->create(sc, error)) != NULL;
  if (ok) {
    gint64 t0 = g_get_monotonic_time();
    VqModelStats ms = {0};
    Progress prog = {.end_s = sc->duration_s, .t0_us = t0, .last_us = t0, .stats = &ms};
    Windowed win = {.sc = sc, .models = models, .self = self, .n_models = N_MODELS};
    if (sc->engine == VQ_ENGINE_WINDOWED)
      windowed_start(&win);
    else
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
    stats->events = ms.wakeups + win.activities;
    windowed_free(&win);
    stats->sim_s = sc->duration_s;
    VqReportEntity *run = vq_report_run(report);
    vq_report_set(run, VQ_M_RUN_DURATION_S, sc->duration_s);
    vq_report_set(run, VQ_M_RUN_WARMUP_S, sc->warmup_s);
    char seed[24];
    g_snprintf(seed, sizeof seed, "%" G_GUINT64_FORMAT, sc->seed);
    vq_report_set_string(run, VQ_M_RUN_SEED, seed);
    vq_report_set(run, VQ_M_RUN_SIMULATED_FRAMES, (double)ms.frames);
    for (guint i = 0; i < N_MODELS; i++)
      models[i]->report(self[i], report);
  }
  for (guint i = 0; i < N_MODELS; i++)
    if (self[i])
      models[i]->free(self[i]);
  return ok;
}
