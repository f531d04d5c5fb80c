/* `vmqsim validate`: runs scenarios whose answers are known exactly (Pollaczek-Khinchine,
 * Little's law, processor capacity, packet conservation), R replications each with seeds 1..R,
 * one process per run (SimGrid cannot restart in one), and prints one row per check: expected,
 * measured (mean over replications), error, 95% Student-t half-width, tolerance, pass/fail.
 * --out writes the same as Markdown (docs/validation.md). */
#ifndef VQ_VALIDATE_H
#define VQ_VALIDATE_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint replications; /* per check, >= 2; 0: 10, or 8 with quick */
  guint jobs;         /* runs at a time, >= 1 */
  gboolean quick;     /* shorter runs */
  const char *out;    /* also write the table as Markdown here, or NULL */
} VqValidateOptions;

/* Runs every check, prints the table on stdout (and OUT). Returns the exit status: 0 when
 * every row passes, 1 when one does not (or a run failed). */
int vq_validate_run(const VqValidateOptions *o);

G_END_DECLS

#endif
