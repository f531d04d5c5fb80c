/* vmqsim command line: check and run scenarios. */
#define _POSIX_C_SOURCE 200809L /* sigaction */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <math.h>

#include "sim/cli/bench.h"
#include "sim/cli/cli-lookup.h"
#include "sim/cli/cli-rss.h"
#include "sim/engine/engine.h"
#include "sim/output/outdir.h"
#include "sim/report.h"
#include "sim/output/report-write.h"
#include "sim/scenario.h"
#include "sim/cli/cli-sweep.h"
#include "sim/cli/cli-validate.h"
#include "sim/exit-codes.h"

static const char usage_text[] =
    "Usage: vmqsim COMMAND [OPTIONS] ...\n"
    "\n"
    "Simulates how a server NIC spreads received traffic over virtual machines and CPU cores\n"
    "(Windows NDIS VMQ, and VMMQ with RSS and live indirection-table updates),\n"
    "cycle-approximate, on the SimGrid kernel.\n"
    "\n"
    "Commands:\n"
    "  run FILE [--out DIR] [--force] [--seed N] [--set GROUP.KEY=VALUE ...] [--quiet]\n"
    "      [--no-charts]\n"
    "        Simulate the scenario FILE; write summary.json, timeseries.csv and charts to DIR\n"
    "        (default results/<scenario name>) and print a summary table.\n"
    "  check FILE [--seed N] [--set GROUP.KEY=VALUE ...]\n"
    "        Validate FILE and exit: 0 when valid, 2 with one FILE:LINE: error when not.\n"
    "  rss-hash --type TYPE --src ADDR[:PORT] --dst ADDR[:PORT] [--key HEX] [--table-size N]\n"
    "        Print the NDIS RSS (Toeplitz) hash of one packet and, with --table-size, its\n"
    "        indirection-table index (vmqsim rss-hash --help for the forms).\n"
    "  rss-lookup FILE --vport VM --src ADDR[:PORT] --dst ADDR[:PORT] --proto P [--at TIME]\n"
    "        Where that connection lands under FILE's VMMQ configuration: hash, table entry,\n"
    "        processor and queue (vmqsim rss-lookup --help).\n"
    "  bench [SCENARIO] [--full]\n"
    "        Simulated frames per wall second, events/s and peak memory for 1e6..1e7 frames\n"
    "        (1e8 with --full), against a bare per-frame floor (vmqsim bench --help).\n"
    "  validate [--replications R] [--quick] [--out FILE.md] [--jobs N]\n"
    "        Run the checks against queueing theory, Little's law, capacity and conservation\n"
    "        (R seeds each); exit 0 when all pass; write docs/validation.md with --out.\n"
    "  sweep FILE [--out DIR] [--jobs N] [--list-runs | --run I]\n"
    "        Run a study: one scenario over varied keys, R seeds per point, N runs at a time;\n"
    "        a restart skips finished runs; then collect (vmqsim sweep --help).\n"
    "  collect DIR\n"
    "        Summarise a sweep's results into DIR/points.csv and DIR/points.json: per point,\n"
    "        each metric's mean and 95% CI over the replications (vmqsim collect --help).\n"
    "\n"
    "Options:\n"
    "  --out DIR      results directory, replaced atomically when the run completes. DIR\n"
    "                 must be absent, empty, or a previous run (DIR/.vmqsim-run and only the\n"
    "                 files it lists) of the same FILE and --set/--seed; never the working\n"
    "                 directory, $HOME or an ancestor of either. Else: exit 2, nothing written\n"
    "  --force        let DIR (given or default) be a previous run of another FILE or other\n"
    "                 --set/--seed; it never allows anything else\n"
    "  --seed N       scenario seed (every flow's random stream derives from it)\n"
    "  --set G.K=V    override a scenario key, e.g. --set nic.vmq=off,\n"
    "                 --set vm.web.vcpus=4, --set flow.bulk.rate=5Gbps,\n"
    "                 --set event.move.time=50ms (repeatable)\n"
    "  --quiet        no summary table, no progress\n"
    "  --no-charts    data files only, no PNG charts (faster; for runs in bulk)\n"
    "  -h, --help     this help\n"
    "  --version      print the version\n"
    "\n"
    "Exit status: 0 success, 1 internal failure (e.g. cannot write results), 2 bad input,\n"
    "130 interrupted (Ctrl-C: nothing written; during the final write, the write completes).\n"
    "Scenario format: see scenarios/default.ini and README.md.\n";

static int fail_input(const char *msg) {
  fprintf(stderr, "vmqsim: %s\n", msg);
  return EXIT_BAD_INPUT;
}

/* A results directory refused: "--out DIR: why" when DIR was given, else "DIR: why". */
static int fail_out(const char *given, const char *msg) {
  fprintf(stderr, "vmqsim: %s%s\n", given ? "--out " : "", msg);
  return EXIT_BAD_INPUT;
}

/* This process's peak resident memory so far. */
static double peak_mib(void) {
  struct rusage ru;
  return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss / 1024.0 : NAN; /* kB on Linux */
}

typedef struct {
  const char *file;
  const char *out;
  const char *seed;
  GPtrArray *sets; /* char* overrides, NULL-terminated */
  gboolean quiet;
  gboolean force;     /* may replace a previous run of another configuration */
  gboolean no_charts; /* write the data files only */
} Args;

/* Parses the arguments after the command. Returns NULL on success, else an error message. */
static char *parse_args(int argc, char **argv, gboolean allow_run_opts, Args *a) {
  a->sets = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; i < argc; i++) {
    const char *s = argv[i];
    const char *val = NULL;
    gboolean is_opt = g_str_has_prefix(s, "--");
    const char *eq = is_opt ? strchr(s, '=') : NULL;
    char *name = eq ? g_strndup(s, eq - s) : g_strdup(s);
    gboolean takes =
        is_opt && (!strcmp(name, "--out") || !strcmp(name, "--seed") || !strcmp(name, "--set"));
    if (takes) {
      if (eq)
        val = eq + 1;
      else if (i + 1 < argc)
        val = argv[++i];
      else {
        char *m = g_strdup_printf("%s needs a value (see vmqsim --help)", name);
        g_free(name);
        return m;
      }
    }
    char *err = NULL;
    if (!is_opt) {
      if (a->file)
        err = g_strdup_printf("unexpected argument '%s': one scenario file per run", s);
      else
        a->file = s;
    } else if (!strcmp(name, "--set")) {
      if (!strchr(val, '='))
        err = g_strdup_printf("--set %s: expected GROUP.KEY=VALUE", val);
      else
        g_ptr_array_add(a->sets, g_strdup(val));
    } else if (allow_run_opts && !strcmp(name, "--out")) {
      if (!*val)
        err = g_strdup("--out: expected a directory, not an empty string");
      a->out = val;
    } else if (!strcmp(name, "--seed")) {
      char *end = NULL;
      g_ascii_strtoull(val, &end, 10);
      if (!*val || *end || val[0] == '-')
        err = g_strdup_printf("--seed %s: expected a non-negative integer", val);
      a->seed = val;
    } else if (allow_run_opts && !strcmp(name, "--quiet")) {
      a->quiet = TRUE;
    } else if (allow_run_opts && !strcmp(name, "--force")) {
      a->force = TRUE;
    } else if (allow_run_opts && !strcmp(name, "--no-charts")) {
      a->no_charts = TRUE;
    } else {
      err = g_strdup_printf("unknown option '%s' (see vmqsim --help)", s);
    }
    g_free(name);
    if (err)
      return err;
  }
  if (!a->file)
    return g_strdup("missing scenario FILE (see vmqsim --help)");
  if (a->seed)
    g_ptr_array_insert(a->sets, 0, g_strdup_printf("simulation.seed=%s", a->seed));
  g_ptr_array_add(a->sets, NULL);
  return NULL;
}

/* Ctrl-C during a run: results are only ever written complete (a temporary directory renamed
 * into place), so an interrupted simulation just stops, says so, and leaves nothing behind. */
static void on_interrupt(int sig) {
  static const char msg[] = "\nvmqsim: interrupted; no results written\n";
  if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
    /* nothing more to do in a signal handler */
  }
  _exit(128 + sig);
}

static void set_interrupt_handling(gboolean deferred) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  /* While the results are written and renamed, an interrupt waits until they are complete. */
  sigprocmask(deferred ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

static gint compare_names(gconstpointer a, gconstpointer b) {
  return g_strcmp0(*(const char *const *)a, *(const char *const *)b);
}

/* "results: DIR/ (files...)": what the run wrote, charts included, in name order. */
static void print_results_line(const char *dir) {
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  const char *n;
  while (d && (n = g_dir_read_name(d)))
    if (n[0] != '.') /* the marker is bookkeeping, not a result */
      g_ptr_array_add(names, g_strdup(n));
  g_ptr_array_sort(names, compare_names);
  g_ptr_array_add(names, NULL);
  g_autofree char *list = g_strjoinv(", ", (char **)names->pdata);
  printf("results: %s/ (%s)\n", dir, list);
}

static int cmd_check_or_run(int argc, char **argv, gboolean run) {
  Args a = {0};
  g_autofree char *err = parse_args(argc, argv, run, &a);
  if (err) {
    g_ptr_array_unref(a.sets);
    return fail_input(err);
  }
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sets = a.sets;
  const char *const *overrides = (const char *const *)sets->pdata;
  g_autoptr(VqScenario) sc = vq_scenario_load(a.file, overrides, &error);
  if (!sc)
    return fail_input(error->message);
  if (!run) {
    printf("%s: ok (%u processors, %u VM%s, %u flow%s, %u event%s, %.6g s)\n", a.file,
           sc->processors, sc->vms->len, sc->vms->len == 1 ? "" : "s", sc->flows->len,
           sc->flows->len == 1 ? "" : "s", sc->events->len, sc->events->len == 1 ? "" : "s",
           sc->duration_s);
    return EXIT_SUCCESS;
  }
  g_autofree char *out = a.out ? g_strdup(a.out) : g_build_filename("results", sc->name, NULL);
  /* Before simulating: a refused directory costs no run time, and nothing is written. */
  g_autoptr(VqOutdir) od = vq_outdir_claim(out, a.file, overrides, a.force, &error);
  if (!od)
    return fail_out(a.out, error->message);
  g_autoptr(VqReport) report = vq_report_new(sc->name);
  VqRunStats st = {0};
  struct sigaction sa = {.sa_handler = on_interrupt};
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  if (!vq_engine_run(sc, report, &st, !a.quiet, &error)) {
    fprintf(stderr, "vmqsim: %s\n", error->message);
    return EXIT_FAILURE;
  }
  set_interrupt_handling(TRUE);
  gboolean written = vq_report_write(report, od, !a.no_charts, &error);
  set_interrupt_handling(FALSE); /* a pending interrupt exits here, after a complete write */
  if (!written) {
    if (g_error_matches(error, VQ_OUTDIR_ERROR, VQ_OUTDIR_ERROR_REFUSED))
      return fail_out(a.out, error->message);
    fprintf(stderr, "vmqsim: %s\n", error->message);
    return EXIT_FAILURE;
  }
  if (!a.quiet)
    vq_report_print_summary(report, stdout);
  print_results_line(out);
  fprintf(stderr,
          "speed: %" G_GUINT64_FORMAT " frames in %.3f s wall = %.3g simulated frames/s; "
          "%" G_GUINT64_FORMAT " SimGrid events = %.3g events/s, %.3g per simulated s; "
          "%.3g simulated s per wall s; peak memory %.1f MiB\n",
          st.frames, st.wall_s, st.frames / MAX(st.wall_s, 1e-9), st.events,
          st.events / MAX(st.wall_s, 1e-9), st.events / MAX(st.sim_s, 1e-12),
          st.sim_s / MAX(st.wall_s, 1e-9), peak_mib());
  return EXIT_SUCCESS;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage_text, stderr);
    return EXIT_BAD_INPUT;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    fputs(usage_text, stdout);
    return EXIT_SUCCESS;
  }
  if (!strcmp(cmd, "--version")) {
    printf("vmqsim %s\n", VQ_VERSION);
    return EXIT_SUCCESS;
  }
  if (!strcmp(cmd, "rss-hash"))
    return vq_cli_rss_hash(argc - 2, argv + 2);
  if (!strcmp(cmd, "rss-lookup"))
    return vq_cli_rss_lookup(argc - 2, argv + 2);
  if (!strcmp(cmd, "bench"))
    return vq_cli_bench(argc - 2, argv + 2);
  if (!strcmp(cmd, "validate"))
    return vq_cli_validate(argc - 2, argv + 2);
  if (!strcmp(cmd, "sweep"))
    return vq_cli_sweep(argc - 2, argv + 2);
  if (!strcmp(cmd, "collect"))
    return vq_cli_collect(argc - 2, argv + 2);
  for (int i = 2; i < argc; i++)
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(usage_text, stdout);
      return EXIT_SUCCESS;
    }
  if (!strcmp(cmd, "run"))
    return cmd_check_or_run(argc - 2, argv + 2, TRUE);
  if (!strcmp(cmd, "check"))
    return cmd_check_or_run(argc - 2, argv + 2, FALSE);
  char *m = g_strdup_printf(
      "unknown command '%s'; expected run, check, rss-hash, rss-lookup, bench, validate, sweep or "
      "collect "
      "(see vmqsim --help)",
      cmd);
  int rc = fail_input(m);
  g_free(m);
  return rc;
}
