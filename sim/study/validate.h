/* `vmqsim validate`: runs scenarios whose answers are known exactly (Pollaczek-Khinchine,
 * Little's law, processor capacity, packet conservation), R replications each with seeds 1..R,
 * one process per run (SimGrid cannot restart in one), and prints one row per check: expected,
 * measured (mean over replications), error, 95% Student-t half-width, tolerance, pass/fail.
 * --out writes the same as Markdown (docs/validation.md). */
#ifndef VQ_VALIDATE_H
#define VQ_VALIDATE_H

#include <glib.h>

G_BEGIN_DECLS

/* ARGV: the arguments after "validate". Returns the exit status: 0 when every row passes, 1
 * when one does not (or a run failed), 2 on bad arguments. */
int vq_validate_main(int argc, char **argv);

G_END_DECLS

#endif
