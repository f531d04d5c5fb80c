/* Results directories of `vmqsim run`: which directory a run may replace, the marker that says
 * a directory holds a run, and the one function that deletes a directory tree.
 *
 * `run --out DIR` replaces DIR wholesale, so before anything is simulated DIR is claimed:
 *   - never the working directory, one of its ancestors, the home directory ($HOME), one of its
 *     ancestors, or / (compared as canonical paths: symlinks and ".." resolved; a DIR that does
 *     not exist yet is resolved through its nearest existing parent), even with a marker;
 *   - never something that exists and is not a directory (a file, a dangling symlink);
 *   - a directory is replaced only when it is empty, or when it holds a previous run: a marker
 *     DIR/.vmqsim-run (VQ_OUTDIR_MARKER) and only the files that marker lists;
 *   - a previous run of another configuration (another scenario file, other --set overrides)
 *     only with FORCE.
 * A symlink DIR is followed: the directory it points to is checked and written, the link stays.
 *
 * The marker is a GKeyFile, group [run]: scenario (canonical path), overrides (the --set list,
 * --seed as simulation.seed=N, in command-line order), files (the names the run wrote). Nothing
 * in it depends on the time of day, so identical runs give byte-identical directories.
 * Left out: locking against two runs claiming one directory at once (the later rename wins).
 */
#ifndef VQ_OUTDIR_H
#define VQ_OUTDIR_H

#include <glib.h>

G_BEGIN_DECLS

#define VQ_OUTDIR_MARKER ".vmqsim-run"

#define VQ_OUTDIR_ERROR (vq_outdir_error_quark())
GQuark vq_outdir_error_quark(void);
typedef enum {
  VQ_OUTDIR_ERROR_REFUSED, /* the rules above: bad input, exit status 2 */
  VQ_OUTDIR_ERROR_FAILED,  /* a path cannot be resolved or the marker written */
} VqOutdirError;

typedef struct VqOutdir VqOutdir;

/* Claims DIR for one run of SCENARIO with OVERRIDES (NULL-terminated, NULL: none). Returns
 * the claim, or NULL with ERROR (a one-line message starting with DIR). Writes nothing. */
VqOutdir *vq_outdir_claim(const char *dir, const char *scenario, const char *const *overrides,
                          gboolean force, GError **error);
void vq_outdir_free(VqOutdir *o);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqOutdir, vq_outdir_free)

/* The directory to write: DIR's canonical path. */
const char *vq_outdir_path(const VqOutdir *o);

/* The claim's rules again, just before the previous directory is moved aside (a run can take
 * long enough for someone to put files there meanwhile). */
gboolean vq_outdir_recheck(const VqOutdir *o, GError **error);

/* Adds the file NAME (no '/') with CONTENTS (taken) to what the run writes (run.json, ...). */
void vq_outdir_add_file(VqOutdir *o, const char *name, char *contents);

/* Writes the added files and then the marker into TMP, the new results directory before it is
 * renamed into place, the marker listing every file then in TMP. */
gboolean vq_outdir_write_marker(const VqOutdir *o, const char *tmp, GError **error);

/* Removes PATH and, when it is a real directory (not a symlink to one), everything below it,
 * never following a symlink. Callers pass only directories vmqsim created itself. */
void vq_outdir_remove_tree(const char *path);

G_END_DECLS

#endif
