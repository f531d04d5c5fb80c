/* `vmqsim bench`: how fast the simulator runs, against a bare per-frame floor.
 *
 * - Runs: the reference scenarios simulated for growing frame counts under the windowed engine,
 *   and once under the reference engine, each run its own process (this executable,
 *   `run --quiet --no-charts`, through vq_runs_spawn), timed from outside; its peak memory, SimGrid
 *   activity count and simulation-loop time from its speed line.
 * - Floor: the per-frame work with no engine at all, in this process: generate the frame
 *   (traffic heap, per-flow random stream), the VMQ filter lookup, the Toeplitz hash of its
 *   4-tuple, the indirection-table index, and a ring push and pop. The ratio says how much of
 *   the floor the full simulation keeps.
 * Speed is measured here, never asserted in a test (the machine's load would make it flaky).
 */
#include "sim/cli/bench.h"

#include "sim/cli/options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/filter.h"
#include "models/ring.h"
#include "models/rss.h"
#include "models/traffic.h"
#include "models/vport.h"
#include "sim/output/outdir.h"
#include "sim/study/runs.h"
#include "sim/scenario.h"

/* The two reference scenarios. */
#define SMALL_SCENARIO VQ_SOURCE_DIR "/scenarios/default.ini"
#define LARGE_SCENARIO VQ_SOURCE_DIR "/scenarios/bench-large.ini"

typedef struct {
  double frames;   /* simulated */
  double wall_s;   /* the whole process, from outside: loading, simulation, writing */
  double loop_s;   /* the simulation alone (its speed line) */
  double events;   /* SimGrid activities */
  double sim_s;    /* simulated seconds */
  double peak_mib; /* peak resident memory */
} RunResult;

/* Runs this executable on SC with ENGINE for DURATION_S simulated seconds; FALSE if the run
 * failed. */
static gboolean bench_run(const VqScenario *scenario, const char *engine, double duration_s,
                          RunResult *out) {
  const char *sc = scenario->path;
  g_autofree char *dir = g_dir_make_tmp("vmqsim-bench-XXXXXX", NULL);
  if (!dir)
    return FALSE;
  g_autofree char *res = g_build_filename(dir, "r", NULL);
  g_autofree char *dur = g_strdup_printf("simulation.duration=%.9gs", duration_s);
  g_autofree char *warm = g_strdup_printf("simulation.warmup=%.9gs", duration_s / 10);
  g_autofree char *eng = g_strdup_printf("simulation.engine=%s", engine);
  /* 100 sampling intervals whatever the length, as a scenario has by default: the timeseries
   * grows with its rows (duration / interval), and bench measures the engine, not the output
   * size. */
  g_autofree char *sample = g_strdup_printf("simulation.sample_interval=%.9gs", duration_s / 100);
  const char *sets[] = {dur, warm, eng, sample, NULL};
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0 = g_get_monotonic_time();
  gboolean ran = vq_runs_spawn(sc, res, scenario->seed, sets, FALSE, &err, &error);
  out->wall_s = (g_get_monotonic_time() - t0) / 1e6;
  out->sim_s = duration_s;
  /* "speed: F frames in W s wall = ...; E SimGrid events = ...; peak memory M MiB" */
  const char *sp = err ? strstr(err, "speed: ") : NULL;
  const char *ev = sp ? strstr(sp, "; ") : NULL;
  const char *pk = sp ? strstr(sp, "peak memory ") : NULL;
  gboolean ok = ran && sp && ev && pk &&
                sscanf(sp, "speed: %lf frames in %lf s", &out->frames, &out->loop_s) == 2 &&
                sscanf(ev, "; %lf SimGrid events", &out->events) == 1 &&
                sscanf(pk, "peak memory %lf", &out->peak_mib) == 1;
  if (!ok)
    fprintf(stderr, "vmqsim bench: run failed: %s%s\n", error ? error->message : "",
            err ? err : "");
  vq_outdir_remove_tree(dir); /* the g_dir_make_tmp() directory made above */
  return ok;
}

/* The floor: FRAMES frames of SC's traffic through filter, hash, table and ring. */
static double floor_fps(const VqScenario *sc, guint64 frames) {
  g_autoptr(VqFilter) filter = vq_filter_new();
  for (guint v = 0; v < sc->vms->len; v++) {
    const VqVmConf *vm = g_ptr_array_index(sc->vms, v);
    vq_filter_add(filter, v + 1, vm->mac, vm->vlan);
  }
  g_autoptr(VqToeplitz) tz = vq_toeplitz_new(vq_rss_ms_key);
  guint n_flows = sc->flows->len;
  VqRssPacket *pk = g_new0(VqRssPacket, n_flows);
  for (guint i = 0; i < n_flows; i++)
    vq_vport_flow_packet(g_ptr_array_index(sc->flows, i), &pk[i]);
  VqRing ring;
  vq_ring_init(&ring, 512);
  /* Traffic long enough for FRAMES frames: restart the generator when it runs dry. */
  VqTraffic *tr = vq_traffic_new(sc);
  guint64 sink = 0;
  gint64 t0 = g_get_monotonic_time();
  for (guint64 k = 0; k < frames; k++) {
    VqFrame f;
    if (!vq_traffic_next(tr, G_MAXDOUBLE, &f)) {
      vq_traffic_free(tr);
      tr = vq_traffic_new(sc);
      vq_traffic_next(tr, G_MAXDOUBLE, &f);
    }
    const VqFlowConf *fc = g_ptr_array_index(sc->flows, f.flow);
    guint q = vq_filter_match(filter, fc->dst_mac, fc->vlan);
    guint32 hash = 0;
    vq_rss_hash_packet(tz, VQ_HASH_ALL_MODELLED, &pk[f.flow], &hash, NULL);
    sink += q + vq_rss_table_index(hash, 128);
    vq_ring_push(&ring, &f);
    ring.freed = ring.taken = ring.ready = ring.tail; /* consumed at once */
  }
  double wall = (g_get_monotonic_time() - t0) / 1e6;
  vq_traffic_free(tr);
  vq_ring_clear(&ring);
  g_free(pk);
  if (sink == 42) /* keep the loop's work observable to the compiler */
    fputc(' ', stderr);
  return frames / wall;
}

/* Prints one row of the table; its frames per wall second. */
static double bench_row(const char *engine, const RunResult *r) {
  double fps = r->frames / r->wall_s;
  printf("%-10s %10.3g %8.2f %10.3g %10.3g %12.3g %10.3g %9.1f\n", engine, r->frames, r->wall_s,
         fps, r->frames / r->loop_s, r->events / r->sim_s, r->events / r->wall_s, r->peak_mib);
  fflush(stdout);
  return fps;
}

/* The table and floor of one scenario: the windowed engine up to MAX_FRAMES frames, the
 * reference engine at 1e6 (it is ~20-50 times slower). Returns 0, 1 (a run failed) or 2. */
static int bench_scenario(const char *label, const char *sc_path, double max_frames) {
  g_autoptr(GError) error = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(sc_path, NULL, &error);
  if (!sc) {
    fprintf(stderr, "vmqsim: %s\n", error->message);
    return 2;
  }
  double offered_fps = 0;
  for (guint i = 0; i < sc->flows->len; i++)
    offered_fps += ((const VqFlowConf *)g_ptr_array_index(sc->flows, i))->rate_fps;
  printf("vmqsim bench, %s: %s (%u VMs, %u flows, %.4g offered frames/s)\n\n", label, sc_path,
         sc->vms->len, sc->flows->len, offered_fps);
  printf("%-10s %10s %8s %10s %10s %12s %10s %9s\n", "engine", "frames", "wall s", "frames/s",
         "loop f/s", "acts/sim s", "acts/s", "peak MiB");
  double best = 0, best_ref = 0;
  for (double target = 1e6; target <= max_frames; target *= 10) {
    RunResult r;
    if (!bench_run(sc, "windowed", target / offered_fps, &r))
      return 1;
    double fps = bench_row("windowed", &r);
    best = MAX(best, fps);
  }
  RunResult r;
  if (!bench_run(sc, "reference", 1e6 / offered_fps, &r))
    return 1;
  best_ref = bench_row("reference", &r);
  double floor = floor_fps(sc, 10000000);
  printf("\nfloor (generate + filter + Toeplitz + table + ring, no engine): %.4g frames/s\n",
         floor);
  printf("share of the floor: windowed %.1f%%, reference %.1f%% (frames per wall second, the\n"
         "whole process: loading and writing included)\n\n",
         100 * best / floor, 100 * best_ref / floor);
  fflush(stdout);
  return 0;
}

int vq_cli_bench(int argc, char **argv) {
  gboolean full = FALSE;
  gint64 frames = 0;
  const GOptionEntry entries[] = {
      {"full", 0, 0, G_OPTION_ARG_NONE, &full, "Up to 1e8 frames (default: up to 1e7)", NULL},
      {"frames", 0, 0, G_OPTION_ARG_INT64, &frames,
       "bench capture: frames of the generated capture (default 2e6)", "N"},
      G_OPTION_ENTRY_NULL};
  const VqCommandHelp help = {
      "bench", "[SCENARIO | capture [CAPTURE]]",
      "Simulates the two reference scenarios (or SCENARIO alone): small, scenarios/default.ini\n"
      "(10 GbE, 8 VMs, VMQ), and large, scenarios/bench-large.ini (100 GbE of 1500 B frames,\n"
      "16 VMs x 8 VMMQ queue pairs, 32 processors, 100k Zipf connections), with the windowed\n"
      "engine for 1e6 and 1e7 frames and with the reference engine for 1e6. Each run is its\n"
      "own process (no charts drawn); a row gives its frames, wall seconds of the whole\n"
      "process, frames per wall second, frames per second of the simulation loop alone,\n"
      "SimGrid activities per simulated second and per wall second, and peak memory; then the\n"
      "bare per-frame floor (generation, VMQ filter, Toeplitz hash, table index, ring; no\n"
      "engine) and each engine's share of it.\n"
      "bench capture: frames per wall second of reading, parsing and steering (Toeplitz hash,\n"
      "indirection table) a capture: CAPTURE, or one of --frames frames generated into a\n"
      "temporary file. Speed is measured here, never asserted in a test.",
      "Exit status: 0 measured, 1 a run failed, 2 bad arguments."};
  g_auto(GStrv) scenario = NULL;
  int rc = vq_options_parse(&help, entries, argc, argv, 2, &scenario);
  if (rc >= 0)
    return rc;
  gboolean capture = scenario[0] && !strcmp(scenario[0], "capture");
  if ((frames || scenario[1]) && !capture)
    return vq_options_fail(&help, "--frames and a second argument go with 'bench capture'");
  if (frames < 0 || frames > G_GINT64_CONSTANT(1000000000))
    return vq_options_fail(&help, "--frames %" G_GINT64_FORMAT ": expected 1..1e9", frames);
  if (capture)
    return vq_bench_capture(scenario[1], frames ? (guint64)frames : 2000000);
  double most = full ? 1e8 : 1e7;
  if (scenario[0])
    return bench_scenario("scenario", scenario[0], most);
  rc = bench_scenario("small", SMALL_SCENARIO, most);
  return rc ? rc : bench_scenario("large", LARGE_SCENARIO, most);
}
