/* `vmqsim validate`: its options, then the checks (sim/study/validate.h). */
#include "sim/cli/cli-validate.h"

#include <stdio.h>

#include "sim/cli/options.h"
#include "sim/exit-codes.h"
#include "sim/study/validate.h"

int vq_cli_validate(int argc, char **argv) {
  gint reps = 0, jobs = (gint)MAX(g_get_num_processors(), 1);
  gboolean quick = FALSE;
  g_autofree char *out = NULL;
  const GOptionEntry entries[] = {
      {"replications", 0, 0, G_OPTION_ARG_INT, &reps,
       "Replications per check, seeds 1..R (default 10; --quick: 8)", "R"},
      {"quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Shorter runs and 8 replications", NULL},
      {"out", 0, 0, G_OPTION_ARG_FILENAME, &out, "Also write the table as Markdown", "FILE.md"},
      {"jobs", 0, 0, G_OPTION_ARG_INT, &jobs, "Runs at a time (default: the processors)", "N"},
      G_OPTION_ENTRY_NULL};
  const VqCommandHelp help = {
      "validate", NULL,
      "Runs the validation checks (M/D/1, M/M/1, Little's law, RSS spreading, throughput\n"
      "cap, conservation), R replications each, prints one row per check and with --out\n"
      "writes them as Markdown (docs/validation.md).",
      "Exit status: 0 every check passes, 1 one does not, 2 bad arguments."};
  int rc = vq_options_parse(&help, entries, argc, argv, 0, NULL);
  if (rc >= 0)
    return rc;
  if (reps != 0 && reps < 2)
    return vq_options_fail(&help, "--replications %d: at least 2 (a confidence interval)", reps);
  if (jobs < 1)
    return vq_options_fail(&help, "--jobs %d: at least 1", jobs);
  VqValidateOptions o = {(guint)reps, (guint)jobs, quick, out};
  return vq_validate_run(&o);
}
