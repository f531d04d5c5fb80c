/* `vmqsim sweep` and `vmqsim collect`: their options, then the study (sim/study/sweep-run.h). */
#include "sim/cli/cli-sweep.h"

#include "sim/cli/options.h"
#include "sim/study/sweep-run.h"

int vq_cli_sweep(int argc, char **argv) {
  g_autofree char *out = NULL;
  gint jobs = 1, run = G_MININT; /* G_MININT: no --run */
  gboolean list = FALSE, charts = FALSE;
  const GOptionEntry entries[] = {
      {"out", 0, 0, G_OPTION_ARG_FILENAME, &out, "Results directory (default results/<sweep name>)",
       "DIR"},
      {"jobs", 0, 0, G_OPTION_ARG_INT, &jobs, "Runs at a time (default 1)", "N"},
      {"list-runs", 0, 0, G_OPTION_ARG_NONE, &list,
       "Print every run: index, point, replication, its --seed and --set arguments", NULL},
      {"run", 0, 0, G_OPTION_ARG_INT, &run,
       "Run only run I (from 0), without collecting: for job arrays, GNU parallel", "I"},
      {"charts", 0, 0, G_OPTION_ARG_NONE, &charts,
       "Let every run draw its charts (default: data files only)", NULL},
      G_OPTION_ENTRY_NULL};
  const VqCommandHelp help = {
      "sweep", "FILE",
      "Runs the study FILE (a scenario, the keys it varies over which values, R replications\n"
      "per point): every run not finished yet in DIR, N at a time, each `vmqsim run SCENARIO\n"
      "--quiet --no-charts --out DIR/runs/run-NNNNN --seed S --set KEY=VALUE ...`, then\n"
      "`vmqsim collect DIR` (points.csv, points.json). Run I is point I / R, replication\n"
      "I % R; a restart skips the finished runs. With a [capacity] section, it then bisects\n"
      "each configuration's bracket (the largest value meeting the SLO and the next, failing\n"
      "one) down to the resolution, R probe runs per step in DIR/probes, and collect writes\n"
      "the capacity answer, charts and report.html.",
      "Exit status: 0 every run finished, 1 a run failed (the others ran and were collected),\n"
      "2 bad input."};
  g_autofree char *file = NULL;
  int rc = vq_options_parse_one(&help, entries, argc, argv, "sweep FILE", &file);
  if (rc >= 0)
    return rc;
  if (jobs < 1)
    return vq_options_fail(&help, "--jobs %d: expected a whole number, at least 1", jobs);
  if (out && !*out)
    return vq_options_fail(&help, "--out '': expected a directory");
  gboolean single = run != G_MININT;
  if (single && run < 0)
    return vq_options_fail(&help, "--run %d: expected a whole number, from 0", run);
  if (list && single)
    return vq_options_fail(&help, "--list-runs and --run exclude each other");
  VqSweepOptions o = {file, out, (guint)jobs, list, single, single ? (guint)run : 0, charts};
  return vq_sweep_execute(&o);
}

int vq_cli_collect(int argc, char **argv) {
  const GOptionEntry entries[] = {G_OPTION_ENTRY_NULL};
  const VqCommandHelp help = {
      "collect", "DIR",
      "Summarises the sweep results directory DIR (written by vmqsim sweep): DIR/points.csv\n"
      "and DIR/points.json, one row per point: the axis values, n (replications present), and\n"
      "per metric its mean and 95% Student-t half-width (metric_mean, metric_ci95). Metrics:\n"
      "vm.NAME.delivered_gbps, vm.NAME.drop_fraction, vm.NAME.latency_p99_s,\n"
      "run.offered_gbps, run.delivered_gbps, run.drop_fraction, run.max_processor_busy,\n"
      "run.worst_p99_latency_s, run.worst_mean_latency_s, then the sweep's [collect] metrics\n"
      "(one column per entity, as queue.q1.dropped_frames). Missing runs are noted on stderr.\n"
      "A sweep without [capacity] gets points.png (and points.dat): per point, delivered\n"
      "throughput, drops, worst p99 latency and busiest processor with 95% error bars.\n"
      "A sweep with [capacity] gets instead capacity.csv (per configuration the largest searched\n"
      "value meeting the SLO, the next one tried, the knee), capacity.dat, charts with 95%\n"
      "error bars (capacity-*.png) and report.html (self-contained), from the grid runs and\n"
      "whatever bisection probes are in DIR/probes; the answer is printed in one sentence.",
      "Exit status: 0 written, 1 cannot write, 2 bad arguments or not a sweep results\n"
      "directory."};
  g_autofree char *dir = NULL;
  int rc = vq_options_parse_one(&help, entries, argc, argv, "results DIR", &dir);
  return rc >= 0 ? rc : vq_collect_dir(dir);
}
