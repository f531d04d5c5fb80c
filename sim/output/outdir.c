/* Results directories of `vmqsim run`: see outdir.h. */
#define _XOPEN_SOURCE 700 /* realpath (glibc declares it under XSI) */
#include "sim/output/outdir.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define MARKER_GROUP "run"

struct VqOutdir {
  char *dir;        /* as given, to start messages with */
  char *path;       /* canonical: the directory written */
  char *scenario;   /* canonical scenario path (as given when it cannot be resolved) */
  char **overrides; /* the --set list, NULL-terminated */
  gboolean force;   /* a previous run of another configuration may be replaced */
  GPtrArray *extra; /* names and contents, alternately: files added to the run's own */
};

GQuark vq_outdir_error_quark(void) {
  return g_quark_from_static_string("vq-outdir-error-quark");
}

static gboolean refuse(GError **error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static gboolean refuse(GError **error, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *m = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  g_set_error_literal(error, VQ_OUTDIR_ERROR, VQ_OUTDIR_ERROR_REFUSED, m);
  return FALSE;
}

/* ---- paths -------------------------------------------------------------------------------- */

/* The working directory, canonical, or NULL with errno. Not g_get_current_dir(): when the
 * directory was deleted (or replaced) under us it answers "/", which would make every relative
 * path look like one below the root and the working directory look like none at all. */
static char *current_dir(void) {
  char *cwd = getcwd(NULL, 0);
  if (cwd && (cwd[0] != '/' || !g_file_test(cwd, G_FILE_TEST_IS_DIR))) {
    free(cwd); /* Linux answers "(unreachable)/..." for a directory outside our root */
    cwd = NULL;
    errno = ENOENT;
  }
  return cwd;
}

/* PATH made absolute, with symlinks, "." and ".." resolved. A path that does not exist yet is
 * resolved through its nearest existing ancestor: the components below it will be created as
 * real directories, so ".." among them means their parent. NULL with errno when a component
 * cannot be resolved for another reason than not existing (not a directory, no permission), or
 * PATH is relative and the working directory is gone. */
static char *canonical_path(const char *path) {
  g_autofree char *cwd = g_path_is_absolute(path) ? NULL : current_dir();
  if (!g_path_is_absolute(path) && !cwd)
    return NULL;
  char *cur = cwd ? g_build_filename(cwd, path, NULL) : g_strdup(path);
  for (gsize n = strlen(cur); n > 1 && G_IS_DIR_SEPARATOR(cur[n - 1]); n--)
    cur[n - 1] = '\0'; /* dirname("a/") would be "a" */
  g_autoptr(GPtrArray) below = g_ptr_array_new_with_free_func(g_free); /* innermost first */
  char *real;
  while (!(real = realpath(cur, NULL))) { /* realpath("/") cannot fail with ENOENT */
    int errsv = errno;
    if (errsv != ENOENT) {
      g_free(cur);
      errno = errsv;
      return NULL;
    }
    g_ptr_array_add(below, g_path_get_basename(cur));
    char *up = g_path_get_dirname(cur);
    g_free(cur);
    cur = up;
  }
  g_free(cur);
  for (guint i = below->len; i-- > 0;) {
    const char *c = below->pdata[i];
    char *next = !strcmp(c, ".")    ? g_strdup(real)
                 : !strcmp(c, "..") ? g_path_get_dirname(real)
                                    : g_build_filename(real, c, NULL);
    free(real);
    real = next;
  }
  return real;
}

/* A is B or one of B's ancestors (both canonical). */
static gboolean is_same_or_ancestor(const char *a, const char *b) {
  gsize n = strlen(a);
  return !strcmp(a, "/") || (!strncmp(a, b, n) && (b[n] == '\0' || b[n] == '/'));
}

/* What PATH (canonical) is that a run must never replace, or NULL. HERE: the working
 * directory (canonical). */
static const char *forbidden_reason(const char *path, const char *here) {
  g_autofree char *home = canonical_path(g_get_home_dir()); /* $HOME when set */
  if (!strcmp(path, "/"))
    return "the root directory";
  if (!strcmp(path, here))
    return "the working directory";
  if (home && !strcmp(path, home))
    return "the home directory";
  if (is_same_or_ancestor(path, here))
    return "an ancestor of the working directory";
  if (home && is_same_or_ancestor(path, home))
    return "an ancestor of the home directory";
  return NULL;
}

/* ---- the marker --------------------------------------------------------------------------- */

static gint compare_names(gconstpointer a, gconstpointer b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names in DIR, sorted (so the marker does not depend on the file system's order). */
static GPtrArray *dir_names(const char *dir, GError **error) {
  g_autoptr(GDir) d = g_dir_open(dir, 0, error);
  if (!d)
    return NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  const char *n;
  while ((n = g_dir_read_name(d)))
    g_ptr_array_add(names, g_strdup(n));
  g_ptr_array_sort(names, compare_names);
  return names;
}

/* "a=1 b=2", or "none". */
static char *overrides_text(const char *const *sets) {
  return sets && *sets ? g_strjoinv(" ", (char **)sets) : g_strdup("none");
}

/* Why the run recorded by MARKER is of another configuration than O, or NULL. */
static char *other_configuration(const VqOutdir *o, GKeyFile *marker) {
  g_autofree char *scenario = g_key_file_get_string(marker, MARKER_GROUP, "scenario", NULL);
  g_auto(GStrv) sets = g_key_file_get_string_list(marker, MARKER_GROUP, "overrides", NULL, NULL);
  if (!scenario || !sets) /* a marker edited by hand: its configuration is unknown */
    return g_strdup("its marker records no scenario or no overrides");
  if (strcmp(scenario, o->scenario))
    return g_strdup_printf("its scenario: %s; this run's: %s", scenario, o->scenario);
  if (!g_strv_equal((const char *const *)sets, (const char *const *)o->overrides)) {
    g_autofree char *was = overrides_text((const char *const *)sets);
    g_autofree char *now = overrides_text((const char *const *)o->overrides);
    return g_strdup_printf("its --set: %s; this run's: %s", was, now);
  }
  return NULL;
}

/* The rules for a directory that exists: empty, or a previous run holding only the files its
 * marker lists, of this configuration unless forced. */
static gboolean may_replace_dir(const VqOutdir *o, GError **error) {
  g_autoptr(GError) inner = NULL;
  g_autoptr(GPtrArray) names = dir_names(o->path, &inner);
  if (!names)
    return refuse(error, "%s: cannot list it: %s", o->dir, inner->message);
  if (names->len == 0)
    return TRUE; /* nothing to lose */
  g_autofree char *mpath = g_build_filename(o->path, VQ_OUTDIR_MARKER, NULL);
  GStatBuf st;
  if (g_lstat(mpath, &st) != 0 || !S_ISREG(st.st_mode))
    return refuse(error,
                  "%s: directory exists and was not written by vmqsim run (no %s); choose "
                  "another directory or remove it yourself",
                  o->dir, VQ_OUTDIR_MARKER);
  g_autoptr(GKeyFile) marker = g_key_file_new();
  g_auto(GStrv) files = NULL;
  if (!g_key_file_load_from_file(marker, mpath, G_KEY_FILE_NONE, &inner) ||
      !(files = g_key_file_get_string_list(marker, MARKER_GROUP, "files", NULL, &inner)))
    return refuse(error,
                  "%s: cannot read its %s (%s); choose another directory or remove it "
                  "yourself",
                  o->dir, VQ_OUTDIR_MARKER, inner->message);
  for (guint i = 0; i < names->len; i++) {
    const char *n = names->pdata[i];
    g_autofree char *p = g_build_filename(o->path, n, NULL);
    if (strcmp(n, VQ_OUTDIR_MARKER) && (!g_strv_contains((const char *const *)files, n) ||
                                        g_lstat(p, &st) != 0 || S_ISDIR(st.st_mode)))
      return refuse(error,
                    "%s: holds %s, which vmqsim run did not write; move it out, choose another "
                    "directory or remove it yourself",
                    o->dir, n);
  }
  g_autofree char *other = other_configuration(o, marker);
  if (other && !o->force)
    return refuse(error,
                  "%s: holds a run of another configuration (%s); choose another --out, or add "
                  "--force to replace it",
                  o->dir, other);
  return TRUE;
}

gboolean vq_outdir_recheck(const VqOutdir *o, GError **error) {
  g_return_val_if_fail(o != NULL, FALSE);
  GStatBuf st;
  if (g_lstat(o->path, &st) != 0) {
    if (errno == ENOENT)
      return TRUE;
    return refuse(error, "%s: %s", o->dir, g_strerror(errno));
  }
  if (!S_ISDIR(st.st_mode))
    return refuse(error, "%s: exists and is not a directory; not replacing it", o->dir);
  return may_replace_dir(o, error);
}

VqOutdir *vq_outdir_claim(const char *dir, const char *scenario, const char *const *overrides,
                          gboolean force, GError **error) {
  g_return_val_if_fail(dir != NULL && *dir && scenario != NULL, NULL);
  g_autoptr(VqOutdir) o = g_new0(VqOutdir, 1);
  o->dir = g_strdup(dir);
  g_autofree char *here = current_dir();
  if (!here) { /* without it, neither a relative DIR nor the rules can be resolved */
    refuse(error, "%s: cannot find the working directory (%s); run vmqsim from one that exists",
           dir, g_strerror(errno));
    return NULL;
  }
  o->path = canonical_path(dir);
  if (!o->path) {
    refuse(error, "%s: cannot resolve the path: %s", dir, g_strerror(errno));
    return NULL;
  }
  const char *why = forbidden_reason(o->path, here);
  if (why) {
    refuse(error, "%s: refusing to replace %s, %s; choose another directory", dir, o->path, why);
    return NULL;
  }
  o->scenario = realpath(scenario, NULL);
  if (!o->scenario)
    o->scenario = g_strdup(scenario);
  o->overrides = g_strdupv((char **)overrides);
  if (!o->overrides)
    o->overrides = g_new0(char *, 1);
  o->force = force;
  return vq_outdir_recheck(o, error) ? g_steal_pointer(&o) : NULL;
}

void vq_outdir_free(VqOutdir *o) {
  if (!o)
    return;
  g_free(o->dir);
  g_free(o->path);
  g_free(o->scenario);
  g_strfreev(o->overrides);
  if (o->extra)
    g_ptr_array_unref(o->extra);
  g_free(o);
}

const char *vq_outdir_path(const VqOutdir *o) {
  return o->path;
}

void vq_outdir_add_file(VqOutdir *o, const char *name, char *contents) {
  g_return_if_fail(o != NULL && name != NULL && contents != NULL && !strchr(name, '/'));
  if (!o->extra)
    o->extra = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(o->extra, g_strdup(name));
  g_ptr_array_add(o->extra, contents);
}

gboolean vq_outdir_write_marker(const VqOutdir *o, const char *tmp, GError **error) {
  g_return_val_if_fail(o != NULL && tmp != NULL, FALSE);
  for (guint i = 0; o->extra && i < o->extra->len; i += 2) {
    g_autofree char *path = g_build_filename(tmp, o->extra->pdata[i], NULL);
    g_autoptr(GError) inner = NULL;
    if (!g_file_set_contents(path, o->extra->pdata[i + 1], -1, &inner)) {
      g_set_error(error, VQ_OUTDIR_ERROR, VQ_OUTDIR_ERROR_FAILED, "%s: cannot write %s: %s", o->dir,
                  (const char *)o->extra->pdata[i], inner->message);
      return FALSE;
    }
  }
  g_autoptr(GPtrArray) files = dir_names(tmp, error);
  if (!files)
    return FALSE;
  g_autoptr(GKeyFile) k = g_key_file_new();
  g_key_file_set_string(k, MARKER_GROUP, "scenario", o->scenario);
  g_key_file_set_string_list(k, MARKER_GROUP, "overrides", (const char *const *)o->overrides,
                             g_strv_length(o->overrides));
  g_key_file_set_string_list(k, MARKER_GROUP, "files", (const char *const *)files->pdata,
                             files->len);
  g_key_file_set_comment(k, NULL, NULL,
                         " Written by vmqsim run. A later run of the same scenario and --set "
                         "overrides replaces\n this directory; one of another configuration only "
                         "with --force; nothing else does.",
                         NULL);
  g_autofree char *path = g_build_filename(tmp, VQ_OUTDIR_MARKER, NULL);
  g_autoptr(GError) inner = NULL;
  if (!g_key_file_save_to_file(k, path, &inner)) {
    g_set_error(error, VQ_OUTDIR_ERROR, VQ_OUTDIR_ERROR_FAILED, "%s: cannot write %s: %s", o->dir,
                VQ_OUTDIR_MARKER, inner->message);
    return FALSE;
  }
  return TRUE;
}

/* ---- deleting ----------------------------------------------------------------------------- */

void vq_outdir_remove_tree(const char *path) {
  GStatBuf st;
  /* lstat, not stat: a symlink is removed itself, whatever it points to. */
  if (g_lstat(path, &st) != 0)
    return;
  if (S_ISDIR(st.st_mode)) {
    g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
      g_autofree char *child = g_build_filename(path, name, NULL);
      vq_outdir_remove_tree(child);
    }
    g_rmdir(path);
  } else {
    g_remove(path);
  }
}
