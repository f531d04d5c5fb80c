/* Plot: runs gnuplot on the chart templates (results/ (*.gp files)), see plot.h.
 *
 * Gnuplot runs as a child process with stdin from /dev/null; its stderr is kept for the error
 * message. Gnuplot exits with status 1 on any error in a script (gnuplot 5.4), so a non-zero
 * status, a signal, or a missing/empty output file all count as failure.
 * Left out: a timeout (templates plot a few thousand points; gnuplot takes ~0.1 s).
 */
#include "sim/output/plot.h"

#include <math.h>

#include <glib/gstdio.h>

#ifndef VQ_SOURCE_DIR
#define VQ_SOURCE_DIR "."
#endif

GQuark vq_plot_error_quark(void) {
  return g_quark_from_static_string("vq-plot-error-quark");
}

gboolean vq_plot_available(void) {
  g_autofree char *path = g_find_program_in_path("gnuplot");
  return path != NULL;
}

char *vq_plot_template_dir(void) {
  const char *env = g_getenv("VMQSIM_TEMPLATES");
  if (env && *env)
    return g_strdup(env);
  return g_build_filename(VQ_SOURCE_DIR, "results", NULL);
}

/* Gnuplot single-quoted strings take everything literally except '', which stands for '. */
static void append_quoted(GString *s, const char *value) {
  g_string_append_c(s, '\'');
  for (const char *p = value; *p; p++) {
    if (*p == '\'')
      g_string_append_c(s, '\'');
    g_string_append_c(s, *p);
  }
  g_string_append_c(s, '\'');
}

static void append_string(GString *pre, const char *name, const char *value) {
  g_return_if_fail(pre != NULL && name != NULL && value != NULL);
  g_string_append_printf(pre, "%s=", name);
  append_quoted(pre, value);
  g_string_append(pre, "; ");
}

static void append_int(GString *pre, const char *name, gint64 v) {
  g_return_if_fail(pre != NULL && name != NULL);
  g_string_append_printf(pre, "%s=%" G_GINT64_FORMAT "; ", name, v);
}

static void append_string_array(GString *pre, const char *name, const char *const *values,
                                guint n) {
  g_return_if_fail(pre != NULL && name != NULL && (values != NULL || n == 0));
  /* Gnuplot rejects zero-sized arrays; an empty one is declared with one unused slot. */
  g_string_append_printf(pre, "array %s[%u]; ", name, MAX(n, 1u));
  for (guint i = 0; i < n; i++) {
    g_string_append_printf(pre, "%s[%u]=", name, i + 1);
    append_quoted(pre, values[i]);
    g_string_append(pre, "; ");
  }
}

static void append_int_array(GString *pre, const char *name, const gint64 *values, guint n) {
  g_return_if_fail(pre != NULL && name != NULL && (values != NULL || n == 0));
  g_string_append_printf(pre, "array %s[%u]; ", name, MAX(n, 1u));
  for (guint i = 0; i < n; i++)
    g_string_append_printf(pre, "%s[%u]=%" G_GINT64_FORMAT "; ", name, i + 1, values[i]);
}

static void append_double_array(GString *pre, const char *name, const double *values, guint n) {
  g_string_append_printf(pre, "array %s[%u]; ", name, MAX(n, 1u));
  if (n == 0)
    g_string_append_printf(pre, "%s[1]=0; ", name);
  for (guint i = 0; i < n; i++)
    g_string_append_printf(pre, "%s[%u]=%.17g; ", name, i + 1, values[i]);
}

gboolean vq_plot_run(const char *template_name, const char *preamble, const char *outfile,
                     GError **error) {
  g_return_val_if_fail(template_name != NULL && preamble != NULL && outfile != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

  g_autofree char *dir = vq_plot_template_dir();
  g_autofree char *template_path = g_build_filename(dir, template_name, NULL);
  if (!g_file_test(template_path, G_FILE_TEST_IS_REGULAR)) {
    g_set_error(error, VQ_PLOT_ERROR, VQ_PLOT_ERROR_TEMPLATE,
                "%s: chart template not found (set VMQSIM_TEMPLATES to the directory holding "
                "the *.gp files)",
                template_path);
    return FALSE;
  }

  const char *argv[] = {"gnuplot", "-e", preamble, template_path, NULL};
  g_autofree char *err_text = NULL;
  int status = 0;
  GError *spawn_err = NULL;
  if (!g_spawn_sync(NULL, (char **)argv, NULL,
                    G_SPAWN_SEARCH_PATH | G_SPAWN_STDIN_FROM_DEV_NULL | G_SPAWN_STDOUT_TO_DEV_NULL,
                    NULL, NULL, NULL, &err_text, &status, &spawn_err)) {
    g_set_error(error, VQ_PLOT_ERROR, VQ_PLOT_ERROR_SPAWN, "%s: cannot run gnuplot: %s",
                template_path, spawn_err->message);
    g_error_free(spawn_err);
    return FALSE;
  }
  if (!g_spawn_check_wait_status(status, &spawn_err)) {
    g_set_error(error, VQ_PLOT_ERROR, VQ_PLOT_ERROR_FAILED, "%s: gnuplot failed (%s): %s",
                template_path, spawn_err->message, g_strstrip(err_text));
    g_error_free(spawn_err);
    return FALSE;
  }

  GStatBuf st;
  if (g_stat(outfile, &st) != 0 || st.st_size == 0) {
    g_set_error(error, VQ_PLOT_ERROR, VQ_PLOT_ERROR_FAILED,
                "%s: gnuplot exited normally but wrote no %s: %s", template_path, outfile,
                g_strstrip(err_text));
    return FALSE;
  }
  return TRUE;
}

/* The parameters every template takes. */
static GString *preamble_new(const char *datafile, const char *outfile, const char *title) {
  GString *pre = g_string_new(NULL);
  append_string(pre, "datafile", datafile);
  append_string(pre, "outfile", outfile);
  append_string(pre, "title", title);
  return pre;
}

gboolean vq_plot_throughput(const char *datafile, const char *outfile, const char *title,
                            const gint64 *cols, const char *const *vms, guint n, GError **error) {
  g_return_val_if_fail(datafile && outfile && title && n > 0 && cols && vms, FALSE);
  g_autoptr(GString) pre = preamble_new(datafile, outfile, title);
  append_int_array(pre, "col", cols, n);
  append_string_array(pre, "vm", vms, n);
  return vq_plot_run("throughput.gp", pre->str, outfile, error);
}

gboolean vq_plot_cpu(const char *datafile, const char *outfile, const char *title, guint n_cats,
                     guint n_rows, GError **error) {
  g_return_val_if_fail(datafile && outfile && title && n_cats > 0 && n_rows > 0, FALSE);
  g_autoptr(GString) pre = preamble_new(datafile, outfile, title);
  append_int(pre, "ncat", n_cats);
  append_int(pre, "nrows", n_rows);
  return vq_plot_run("cpu.gp", pre->str, outfile, error);
}

gboolean vq_plot_latency_cdf(const char *datafile, const char *outfile, const char *title,
                             const char *const *entities, guint n, GError **error) {
  g_return_val_if_fail(datafile && outfile && title && n > 0 && entities, FALSE);
  g_autoptr(GString) pre = preamble_new(datafile, outfile, title);
  append_string_array(pre, "ent", entities, n);
  return vq_plot_run("latency.gp", pre->str, outfile, error);
}

gboolean vq_plot_reorder(const char *datafile, const char *outfile, const char *title,
                         const gint64 *cols, const char *const *labels, guint n,
                         const gint64 *rcols, const char *const *rlabels, guint nr,
                         const double *updates, guint nu, double duration_s, GError **error) {
  g_return_val_if_fail(datafile && outfile && title && n > 0 && nr > 0, FALSE);
  g_autoptr(GString) pre = preamble_new(datafile, outfile, title);
  append_int_array(pre, "col", cols, n);
  append_string_array(pre, "lbl", labels, n);
  append_int_array(pre, "rcol", rcols, nr);
  append_string_array(pre, "rlbl", rlabels, nr);
  append_double_array(pre, "upd", updates, nu);
  append_int(pre, "nupd", nu);
  g_string_append_printf(pre, "tmax_ms=%.17g; ", duration_s * 1000);
  return vq_plot_run("reorder.gp", pre->str, outfile, error);
}

gboolean vq_plot_study(const char *datafile, const char *outfile, const char *title,
                       const char *xlabel, const char *ylabel, guint col, double scale,
                       double limit, gboolean logy, const char *const *configs, guint n,
                       GError **error) {
  g_return_val_if_fail(datafile && outfile && title && xlabel && ylabel && n > 0, FALSE);
  g_autoptr(GString) pre = preamble_new(datafile, outfile, title);
  append_int(pre, "logy", logy);
  append_string(pre, "xlabel", xlabel);
  append_string(pre, "ylabel", ylabel);
  append_int(pre, "col", col);
  g_string_append_printf(pre, "scale=%.17g; ", scale);
  if (isfinite(limit))
    g_string_append_printf(pre, "limit=%.17g; ", limit * scale);
  append_string_array(pre, "conf", configs, n);
  return vq_plot_run("study.gp", pre->str, outfile, error);
}
