/* `vmqsim run` and `vmqsim check`: their options, then the scenario loaded and (run) simulated,
 * its results written and summarised. */
#define _POSIX_C_SOURCE 200809L /* sigaction */
#include "sim/cli/cli-run.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "sim/cli/cli-print.h"
#include "models/log.h"
#include "sim/cli/cli-trace.h"
#include "sim/cli/options.h"
#include "sim/engine/engine.h"
#include "sim/exit-codes.h"
#include "sim/output/outdir.h"
#include "sim/output/provenance.h"
#include "sim/output/warnings.h"
#include "sim/output/report-write.h"
#include "sim/report.h"
#include "sim/scenario.h"

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

typedef struct {
  char *file;
  char *out;
  char *seed;
  char **set; /* --set, in order */
  gboolean quiet;
  gboolean force;     /* may replace a previous run of another configuration */
  gboolean no_charts; /* write the data files only */
  gboolean print;     /* check: print the resolved scenario */
  gboolean strict;    /* warnings are errors */
  char **log;         /* run: --log CAT:LEVEL, in order */
  char *trace;        /* run: the event log's file ... */
  char *trace_window; /* ... and its window, FROM..TO */
} Args;

static void args_clear(Args *a) {
  g_free(a->file);
  g_free(a->out);
  g_free(a->seed);
  g_strfreev(a->log);
  g_free(a->trace);
  g_free(a->trace_window);
  g_strfreev(a->set);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Args, args_clear)

static const char run_summary[] =
    "Simulates the scenario FILE; writes summary.json, timeseries.csv and charts to DIR\n"
    "(default results/<scenario name>, or results/<name>+<override>+... with --set/--seed)\n"
    "and prints a summary table. DIR must be absent, empty, or a previous run\n"
    "(DIR/.vmqsim-run and only the files it lists) of the same FILE and --set/--seed;\n"
    "never the working directory, $HOME or an ancestor of either.";
static const char check_summary[] =
    "Loads and validates the scenario FILE (with its --set/--seed) without simulating: one\n"
    "line, ok or FILE:LINE: what is wrong.";
static const char footer[] =
    "Exit status: 0 success, 1 internal failure (e.g. cannot write results), 2 bad input,\n"
    "130 interrupted (Ctrl-C: nothing written; during the final write, the write completes).";

/* *OVERRIDES: --seed (first, as simulation.seed=N) and every --set, NULL-terminated; -1, or the
 * exit status when one is malformed. */
static int collect_overrides(const VqCommandHelp *help, const Args *a, GPtrArray **overrides) {
  *overrides = g_ptr_array_new_with_free_func(g_free);
  if (a->seed) {
    char *end = NULL;
    g_ascii_strtoull(a->seed, &end, 10);
    if (!*a->seed || *end || a->seed[0] == '-')
      return vq_options_fail(help, "--seed %s: expected a non-negative integer", a->seed);
    g_ptr_array_add(*overrides, g_strdup_printf("simulation.seed=%s", a->seed));
  }
  for (char **s = a->set; s && *s; s++) {
    if (!strchr(*s, '='))
      return vq_options_fail(help, "--set %s: expected GROUP.KEY=VALUE", *s);
    g_ptr_array_add(*overrides, g_strdup(*s));
  }
  g_ptr_array_add(*overrides, NULL);
  return -1;
}

/* Parses the arguments of run (RUN) or check; -1 when they parsed, else the exit status. Then
 * *OVERRIDES holds --seed (first) and every --set, NULL-terminated. */
static int parse(int argc, char **argv, gboolean run, Args *a, GPtrArray **overrides) {
  const GOptionEntry run_entries[] = {
      {"out", 0, 0, G_OPTION_ARG_FILENAME, &a->out,
       "Results directory, replaced atomically when "
       "the run completes",
       "DIR"},
      {"force", 0, 0, G_OPTION_ARG_NONE, &a->force,
       "Let DIR be a previous run of another FILE "
       "or other --set/--seed (nothing else)",
       NULL},
      {"quiet", 0, 0, G_OPTION_ARG_NONE, &a->quiet,
       "Print nothing but errors and warnings: no summary, progress, results or speed line", NULL},
      {"no-charts", 0, 0, G_OPTION_ARG_NONE, &a->no_charts, "Data files only, no PNG charts", NULL},
      {"trace", 0, 0, G_OPTION_ARG_FILENAME, &a->trace,
       "Write an event log (interrupts, DPC passes, drops, updates) to FILE", "FILE"},
      {"trace-window", 0, 0, G_OPTION_ARG_STRING, &a->trace_window,
       "The log's time window (default: the whole run)", "FROM..TO"},
      {"log", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a->log,
       "Log a model's work on stderr, each line at its simulated time: CAT vmqsim, nic, "
       "miniport, vport or engine; LEVEL debug (every event), info, ... (repeatable)",
       "CAT:LEVEL"},
      G_OPTION_ENTRY_NULL};
  const GOptionEntry check_entries[] = {
      {"print", 0, 0, G_OPTION_ARG_NONE, &a->print,
       "Print the scenario as it will run: every value, defaults marked, VMs expanded with "
       "their queues and processors, tables, flows, events",
       NULL},
      G_OPTION_ENTRY_NULL};
  const GOptionEntry common[] = {{"seed", 0, 0, G_OPTION_ARG_STRING, &a->seed,
                                  "Scenario seed (every flow's stream derives "
                                  "from it)",
                                  "N"},
                                 {"strict", 0, 0, G_OPTION_ARG_NONE, &a->strict,
                                  "Warnings (a flow to no VM, an unsteady result, ...) are "
                                  "errors: exit status 2",
                                  NULL},
                                 {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a->set,
                                  "Override a scenario key, e.g. "
                                  "nic.vmq=off, vm.web.vcpus=4 (repeatable)",
                                  "GROUP.KEY=VALUE"},
                                 G_OPTION_ENTRY_NULL};
  GOptionEntry entries[G_N_ELEMENTS(run_entries) + G_N_ELEMENTS(common)];
  guint n = 0;
  for (guint i = 0; run && i + 1 < G_N_ELEMENTS(run_entries); i++)
    entries[n++] = run_entries[i];
  for (guint i = 0; !run && i + 1 < G_N_ELEMENTS(check_entries); i++)
    entries[n++] = check_entries[i];
  for (guint i = 0; i < G_N_ELEMENTS(common); i++)
    entries[n++] = common[i];
  const VqCommandHelp help = {run ? "run" : "check", "FILE", run ? run_summary : check_summary,
                              footer};
  int rc = vq_options_parse_one(&help, entries, argc, argv, "scenario FILE", &a->file);
  if (rc >= 0)
    return rc;
  if (a->out && !*a->out)
    return vq_options_fail(&help, "--out: expected a directory, not an empty string");
  return collect_overrides(&help, a, overrides);
}

/* run.json and scenario.ini for the run of SC by "vmqsim run ARGV..." with OVERRIDES. */
static void add_provenance(VqOutdir *od, const VqScenario *sc, int argc, char **argv,
                           const char *const *overrides) {
  g_autoptr(GPtrArray) cmd = g_ptr_array_new();
  g_ptr_array_add(cmd, "vmqsim");
  g_ptr_array_add(cmd, "run");
  for (int i = 0; i < argc; i++)
    g_ptr_array_add(cmd, argv[i]);
  g_ptr_array_add(cmd, NULL);
  vq_outdir_add_file(od, "run.json",
                     vq_provenance_run_json(sc, (const char *const *)cmd->pdata, overrides));
  vq_outdir_add_file(od, "scenario.ini", vq_provenance_scenario_ini(sc, overrides));
}

/* Prints R's warnings from the FROM-th on stderr; returns how many there are in all. */
static guint print_warnings(const VqReport *r, guint from) {
  for (guint i = from; i < vq_report_n_warnings(r); i++)
    fprintf(stderr, "vmqsim: warning: %s\n", vq_report_warning(r, i, NULL));
  return vq_report_n_warnings(r);
}

static int check(const Args *a, const VqScenario *sc) {
  if (a->print) {
    vq_print_scenario(sc, stdout);
  } else {
    printf("%s: ok (%u processor%s, %u VM%s, %u flow%s, %u event%s, %.6g s)\n", a->file,
           sc->processors, sc->processors == 1 ? "" : "s", sc->vms->len,
           sc->vms->len == 1 ? "" : "s", sc->flows->len, sc->flows->len == 1 ? "" : "s",
           sc->events->len, sc->events->len == 1 ? "" : "s", sc->duration_s);
  }
  g_autoptr(VqReport) r = vq_report_new(sc->name);
  vq_warnings_scenario(sc, r);
  if (print_warnings(r, 0) > 0 && a->strict)
    return fail_input("--strict: the scenario gives warnings (above)");
  return EXIT_SUCCESS;
}

static void print_speed(const VqRunStats *st) {
  fprintf(stderr,
          "speed: %" G_GUINT64_FORMAT " frames in %.3f s wall = %.3g simulated frames/s; "
          "%" G_GUINT64_FORMAT " SimGrid events = %.3g events/s, %.3g per simulated s; "
          "%.3g simulated s per wall s; peak memory %.1f MiB\n",
          st->frames, st->wall_s, st->frames / MAX(st->wall_s, 1e-9), st->events,
          st->events / MAX(st->wall_s, 1e-9), st->events / MAX(st->sim_s, 1e-12),
          st->sim_s / MAX(st->wall_s, 1e-9), peak_mib());
}

/* The default results directory: results/NAME, or for a run with overrides (--seed N is
 * simulation.seed=N) results/NAME+GROUP.KEY=VALUE+..., so that a run of another configuration
 * never lands on (or is refused by) the plain one's directory. '/' and blanks become '_'. */
static char *default_out(const char *name, const char *const *overrides) {
  g_autoptr(GString) s = g_string_new(name);
  for (; overrides && *overrides; overrides++) {
    g_autofree char *o = g_strdup(*overrides);
    g_strdelimit(o, "/ \t", '_');
    g_string_append_printf(s, "+%s", o);
  }
  return g_build_filename("results", s->str, NULL);
}

/* Simulates SC, writes its results (and trace) to OD, named OUT as the user gave it; the exit
 * status. */
static int simulate(const Args *a, VqScenario *sc, VqOutdir *od, const char *out, VqTrace *trace) {
  g_autoptr(GError) error = NULL;
  g_autoptr(VqReport) report = vq_report_new(sc->name);
  if (a->set || a->seed) { /* the charts say which configuration they show */
    g_autofree char *sets = a->set ? g_strjoinv(", ", a->set) : NULL;
    g_autofree char *title =
        g_strdup_printf("%s (%s%s%s%s)", sc->name, a->seed ? "seed " : "", a->seed ? a->seed : "",
                        a->seed && sets ? ", " : "", sets ? sets : "");
    vq_report_set_title(report, title);
  }
  vq_warnings_scenario(sc, report);
  guint n_static = print_warnings(report, 0);
  if (n_static > 0 && a->strict)
    return fail_input("--strict: the scenario gives warnings (above); nothing simulated");
  VqRunStats st = {0};
  struct sigaction sa = {.sa_handler = on_interrupt};
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  if (!vq_engine_run(sc, report, &st, !a->quiet, &error)) {
    fprintf(stderr, "vmqsim: %s\n", error->message);
    return EXIT_FAILURE;
  }
  vq_warnings_run(sc, report);
  set_interrupt_handling(TRUE);
  gboolean written = vq_report_write(report, od, !a->no_charts, &error);
  set_interrupt_handling(FALSE); /* a pending interrupt exits here, after a complete write */
  if (written && trace && !vq_cli_trace_write(trace, a->trace, &error))
    written = FALSE;
  if (!written) {
    if (g_error_matches(error, VQ_OUTDIR_ERROR, VQ_OUTDIR_ERROR_REFUSED))
      return fail_out(a->out, error->message);
    fprintf(stderr, "vmqsim: %s\n", error->message);
    return EXIT_FAILURE;
  }
  if (!a->quiet) {
    vq_report_print_summary(report, stdout);
    print_results_line(out);
    print_speed(&st);
  }
  if (print_warnings(report, n_static) > 0 && a->strict)
    return fail_input("--strict: the run gives warnings (above; also in summary.json)");
  return EXIT_SUCCESS;
}

static int check_or_run(int argc, char **argv, gboolean run) {
  g_auto(Args) a = {0};
  g_autoptr(GPtrArray) sets = NULL;
  int rc = parse(argc, argv, run, &a, &sets);
  if (rc >= 0)
    return rc;
  g_autoptr(GError) error = NULL;
  const char *const *overrides = (const char *const *)sets->pdata;
  g_autoptr(VqScenario) sc = vq_scenario_load(a.file, overrides, &error);
  if (!sc)
    return fail_input(error->message);
  if (!run)
    return check(&a, sc);
  g_autofree char *out = a.out ? g_strdup(a.out) : default_out(sc->name, overrides);
  /* Before simulating: a refused directory costs no run time, and nothing is written. */
  g_autoptr(VqOutdir) od = vq_outdir_claim(out, a.file, overrides, a.force, &error);
  if (!od)
    return fail_out(a.out, error->message);
  if (a.trace_window && !a.trace)
    return fail_input("--trace-window needs --trace FILE");
  for (char **l = a.log; l && *l; l++)
    if (!vq_log_check(*l, &error))
      return fail_input(error->message);
  vq_log_configure((const char *const *)a.log);
  g_autoptr(VqTrace) trace = NULL;
  g_autofree char *why = NULL;
  if (a.trace && !(trace = vq_cli_trace_new(a.trace, a.trace_window, sc->duration_s, &why)))
    return fail_input(why);
  sc->trace = trace;
  add_provenance(od, sc, argc, argv, overrides);
  return simulate(&a, sc, od, out, trace);
}

int vq_cli_run(int argc, char **argv) {
  return check_or_run(argc, argv, TRUE);
}

int vq_cli_check(int argc, char **argv) {
  return check_or_run(argc, argv, FALSE);
}
