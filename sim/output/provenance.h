/* Provenance: how a result was made. The version and git commit of vmqsim and the versions of
 * the libraries it runs on (for --version, sweep manifests and every results directory), and a
 * run's run.json and scenario.ini.
 *
 * run.json records the command line, the scenario file's path and SHA-256, the --set/--seed
 * overrides in order, the seed in force, and the versions above; scenario.ini is the scenario as
 * run (every section and key, overrides applied, listed at its top), which `vmqsim run` accepts
 * as it is. Nothing in either depends on the time of day or the machine, so identical runs of one
 * build give identical files.
 */
#ifndef VQ_PROVENANCE_H
#define VQ_PROVENANCE_H

#include <glib.h>

#include "sim/scenario.h"

G_BEGIN_DECLS

/* "0.1.0" */
const char *vq_provenance_version(void);
/* The git commit vmqsim was built from ("3f2a...", "-dirty" when the tree had uncommitted
 * changes, "unknown" when not built from a git checkout). */
const char *vq_provenance_commit(void);
/* "vmqsim 0.1.0 (commit C)\nSimGrid 3.32.0, GLib 2.74.6, json-glib 1.6.6\n" (transfer full). */
char *vq_provenance_version_text(void);

/* run.json for the run of SC made by the command line ARGV (NULL-terminated, "vmqsim" first)
 * with OVERRIDES (NULL-terminated: --seed as simulation.seed=N, then each --set) (transfer full).
 * The file's SHA-256 is read from SC->path; "unreadable" if it cannot be read any more. */
char *vq_provenance_run_json(const VqScenario *sc, const char *const *argv,
                             const char *const *overrides);
/* scenario.ini: SC->as_run under a header naming the file and the overrides (transfer full). */
char *vq_provenance_scenario_ini(const VqScenario *sc, const char *const *overrides);

G_END_DECLS

#endif
