/* vmqsim: the overview of the commands, and which front end (sim/cli/) runs each. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cli/bench.h"
#include "sim/cli/cli-lookup.h"
#include "sim/cli/cli-rss.h"
#include "sim/cli/cli-run.h"
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
  if (!strcmp(cmd, "run"))
    return vq_cli_run(argc - 2, argv + 2);
  if (!strcmp(cmd, "check"))
    return vq_cli_check(argc - 2, argv + 2);
  char *m = g_strdup_printf(
      "unknown command '%s'; expected run, check, rss-hash, rss-lookup, bench, validate, sweep or "
      "collect "
      "(see vmqsim --help)",
      cmd);
  int rc = fail_input(m);
  g_free(m);
  return rc;
}
