/* Shared by the sweep tests: a sweep file in a fresh temporary directory. */
#ifndef VQ_SWEEP_TEST_H
#define VQ_SWEEP_TEST_H

#include <glib.h>
#include <glib/gstdio.h>

/* [sweep] with SCENARIO and the lines SWEEP, then [vary] with VARY (NULL: no [vary] section),
 * then the text MORE (NULL: nothing). Returns its path; remove it with remove_sweep(). */
static inline char *write_sweep_more(const char *scenario, const char *sweep, const char *vary,
                                     const char *more) {
  g_autoptr(GError) err = NULL;
  g_autofree char *dir = g_dir_make_tmp("test-sweep-XXXXXX", &err);
  g_assert_no_error(err);
  char *path = g_build_filename(dir, "t.sweep", NULL);
  g_autofree char *text =
      g_strdup_printf("[sweep]\nscenario = %s\n%s\n%s%s\n%s", scenario, sweep,
                      vary ? "[vary]\n" : "", vary ? vary : "", more ? more : "");
  g_file_set_contents(path, text, -1, &err);
  g_assert_no_error(err);
  return path;
}

static inline char *write_sweep(const char *scenario, const char *sweep, const char *vary) {
  return write_sweep_more(scenario, sweep, vary, NULL);
}

static inline void remove_sweep(const char *path) {
  g_autofree char *dir = g_path_get_dirname(path);
  g_remove(path);
  g_rmdir(dir);
}

#endif
