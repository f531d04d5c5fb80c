/* `vmqsim metrics`: every metric a run writes, one line each, or docs/metrics.md. */
#include "sim/cli/cli-metrics.h"

#include <stdio.h>
#include <stdlib.h>

#include "sim/cli/options.h"
#include "sim/exit-codes.h"
#include "sim/metrics.h"

int vq_cli_metrics(int argc, char **argv) {
  gboolean markdown = FALSE;
  const GOptionEntry entries[] = {{"markdown", 0, 0, G_OPTION_ARG_NONE, &markdown,
                                   "Print the tables of docs/metrics.md (Markdown) instead", NULL},
                                  G_OPTION_ENTRY_NULL};
  const VqCommandHelp help = {
      "metrics", NULL,
      "Lists every metric a run writes, one per line: its name (kind.key for a summary.json\n"
      "field, the column for a timeseries.csv one), type, unit and meaning, from the table in\n"
      "sim/metrics.def. A sweep's [collect] metrics take the summary.json names.",
      "Exit status: 0, or 2 bad arguments."};
  int rc = vq_options_parse(&help, entries, argc, argv, 0, NULL);
  if (rc >= 0)
    return rc;
  if (markdown) {
    g_autofree char *md = vq_metrics_markdown();
    fputs(md, stdout);
    return EXIT_SUCCESS;
  }
  for (VqMetric m = 0; m < VQ_M_N; m++) {
    const VqMetricInfo *i = vq_metric_info(m);
    g_autofree char *label = vq_metric_label(m);
    printf("%-40s %-8s %-11s %s\n", label, vq_metric_type_name(i->type), *i->unit ? i->unit : "-",
           i->doc);
  }
  return EXIT_SUCCESS;
}
