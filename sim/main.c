/* vmqsim: the overview of the commands, and which front end (sim/cli/) runs each. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/cli/bench.h"
#include "sim/cli/cli-keys.h"
#include "sim/cli/cli-lookup.h"
#include "sim/cli/cli-metrics.h"
#include "sim/cli/cli-rss.h"
#include "sim/cli/cli-run.h"
#include "sim/cli/cli-sweep.h"
#include "sim/cli/cli-trace-info.h"
#include "sim/cli/cli-validate.h"
#include "sim/exit-codes.h"
#include "sim/output/provenance.h"

/* One row per command: its front end (sim/cli/), its synopsis and what it does; the overview
 * below and the unknown-command message come from here, each command's --help from its own
 * option table. */
typedef struct {
  const char *name;
  int (*main)(int argc, char **argv); /* the arguments after the command */
  const char *synopsis;
  const char *doc; /* lines, each indented in the overview */
} Command;

static const Command commands[] = {
    {"run", vq_cli_run,
     "FILE [--out DIR] [--force] [--seed N] [--set G.K=V ...] [--quiet] [--no-charts]\n"
     "    [--trace FILE [--trace-window FROM..TO]] [--log CAT:LEVEL]",
     "Simulate the scenario FILE; write summary.json, timeseries.csv and charts to DIR\n"
     "(default results/<scenario name>) and print a summary table."},
    {"check", vq_cli_check, "FILE [--print] [--seed N] [--set G.K=V ...]",
     "Validate FILE and exit: 0 when valid, 2 with one FILE:LINE: error when not;\n"
     "--print shows the scenario as it will run (defaults, VMs, queues, tables)."},
    {"keys", vq_cli_keys, "[--markdown | --fuzz-dict]",
     "List every scenario section and key: what it does, its default, what it allows."},
    {"rss-hash", vq_cli_rss_hash,
     "--type TYPE --src ADDR[:PORT] --dst ADDR[:PORT] [--key HEX] [--table-size N]\n"
     "    [--home-address IPV6] [--routing-address IPV6]",
     "Print the NDIS RSS (Toeplitz) hash of one packet and, with --table-size, its\n"
     "indirection-table index."},
    {"rss-lookup", vq_cli_rss_lookup,
     "FILE --vport VM --src ADDR[:PORT] --dst ADDR[:PORT] --proto P [--at TIME]",
     "Where that connection lands under FILE's VMMQ configuration: hash, table entry,\n"
     "processor and queue."},
    {"trace-info", vq_cli_trace_info,
     "CAPTURE [--list] [--scenario FILE --vm NAME | --key HEX --hash-types LIST\n"
     "    --table-size N --processors LIST --default-processor N]",
     "What a pcap or pcapng capture holds (frames, duration, rate, protocol mix, unusable\n"
     "frames) and how one VPort's RSS would spread it over table entries and processors."},
    {"bench", vq_cli_bench, "[SCENARIO] [--full] | capture [CAPTURE] [--frames N]",
     "Simulated frames per wall second, SimGrid activities and peak memory under both\n"
     "engines, against a bare per-frame floor; or how fast a capture is read, parsed and\n"
     "steered."},
    {"validate", vq_cli_validate, "[--replications R] [--quick] [--out FILE.md] [--jobs N]",
     "Run the checks against queueing theory, Little's law, capacity and conservation\n"
     "(R seeds each); exit 0 when all pass; write docs/validation.md with --out."},
    {"sweep", vq_cli_sweep, "FILE [--out DIR] [--jobs N] [--charts] [--list-runs | --run I]",
     "Run a study: one scenario over varied keys, R seeds per point, N runs at a time;\n"
     "a restart skips finished runs; then collect."},
    {"collect", vq_cli_collect, "DIR",
     "Summarise a sweep's results into DIR/points.csv, .json and .png (or the capacity\n"
     "charts): per point, each metric's mean and 95% CI over the replications."},
    {"metrics", vq_cli_metrics, "[--markdown]",
     "List every metric a run writes (summary.json fields, timeseries.csv columns) with\n"
     "its type, unit and meaning; --markdown prints the tables of docs/metrics.md."},
};

static void print_usage(FILE *fp) {
  fputs("Usage: vmqsim COMMAND [OPTIONS] ...\n"
        "\n"
        "Simulates how a server NIC spreads received traffic over virtual machines and CPU\n"
        "cores (Windows NDIS VMQ, and VMMQ with RSS and live indirection-table updates),\n"
        "cycle-approximate, on the SimGrid kernel.\n"
        "\n"
        "Commands:\n",
        fp);
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
    fprintf(fp, "  %s %s\n", commands[i].name, commands[i].synopsis);
    g_auto(GStrv) lines = g_strsplit(commands[i].doc, "\n", -1);
    for (char **l = lines; *l; l++)
      fprintf(fp, "        %s\n", *l);
  }
  fputs("\n"
        "vmqsim COMMAND --help lists a command's options; vmqsim --version prints the version.\n"
        "--set G.K=V overrides a scenario key, e.g. --set nic.vmq=off, --set vm.web.vcpus=4.\n"
        "Exit status: 0 success, 1 internal failure (e.g. cannot write results), 2 bad input,\n"
        "130 interrupted (Ctrl-C: nothing written; during the final write, the write completes).\n"
        "Scenario format: see scenarios/default.ini and README.md.\n",
        fp);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    print_usage(stderr);
    return EXIT_BAD_INPUT;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
    print_usage(stdout);
    return EXIT_SUCCESS;
  }
  if (!strcmp(cmd, "--version")) {
    g_autofree char *text = vq_provenance_version_text();
    fputs(text, stdout);
    return EXIT_SUCCESS;
  }
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
    if (!strcmp(cmd, commands[i].name))
      return commands[i].main(argc - 2, argv + 2);
  g_autoptr(GString) names = g_string_new(NULL);
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
    g_string_append_printf(names, "%s%s",
                           i == 0                           ? ""
                           : i + 1 < G_N_ELEMENTS(commands) ? ", "
                                                            : " or ",
                           commands[i].name);
  fprintf(stderr, "vmqsim: unknown command '%s'; expected %s (see vmqsim --help)\n", cmd,
          names->str);
  return EXIT_BAD_INPUT;
}
