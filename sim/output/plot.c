/* Plot: runs gnuplot on the chart templates (results/ (*.gp files)), see plot.h.
 *
 * Gnuplot runs as a child process reading the style and the template from its stdin (as the file
 * /dev/stdin: gnuplot's "-" reads line by line as if typed, which breaks multi-line blocks); its
 * stderr is kept for the error message. Gnuplot exits with status 1 on any error in a script
 * (gnuplot 5.4), so a non-zero status, a signal, or a missing/empty output file all count as
 * failure. Left out: a timeout (templates plot a few thousand points; gnuplot takes ~0.1 s).
 */
#include "sim/output/plot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "sim/output/templates.h"

GQuark vq_plot_error_quark(void) {
  return g_quark_from_static_string("vq-plot-error-quark");
}

gboolean vq_plot_available(void) {
  g_autofree char *path = g_find_program_in_path("gnuplot");
  return path != NULL;
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

/* A double as gnuplot reads it back; not finite: NaN (printf's "nan" or "inf" would be an
 * undefined variable, and gnuplot has no infinity constant). */
static void append_number(GString *pre, double v) {
  if (isfinite(v))
    g_string_append_printf(pre, "%.17g", v);
  else
    g_string_append(pre, "NaN");
}

static void append_double(GString *pre, const char *name, double v) {
  g_string_append_printf(pre, "%s=", name);
  append_number(pre, v);
  g_string_append(pre, "; ");
}

static void append_double_array(GString *pre, const char *name, const double *values, guint n) {
  g_return_if_fail(pre != NULL && name != NULL && (values != NULL || n == 0));
  g_string_append_printf(pre, "array %s[%u]; ", name, MAX(n, 1u));
  for (guint i = 0; i < n; i++) {
    g_string_append_printf(pre, "%s[%u]=", name, i + 1);
    append_number(pre, values[i]);
    g_string_append(pre, "; ");
  }
}

/* The text of template NAME: from $VMQSIM_TEMPLATES when set, else the copy compiled in. */
static char *template_text(const char *name, GError **error) {
  const char *dir = g_getenv("VMQSIM_TEMPLATES");
  if (dir && *dir) {
    g_autofree char *path = g_build_filename(dir, name, NULL);
    char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
      g_set_error(error, VQ_PLOT_ERROR, VQ_PLOT_ERROR_TEMPLATE,
                  "%s: chart template not found (VMQSIM_TEMPLATES names the directory of the "
                  "*.gp files; unset it to use the built-in ones)",
                  path);
    return text;
  }
  for (const VqTemplate *t = vq_templates; t->name; t++)
    if (!strcmp(t->name, name))
      return g_strdup(t->text);
  g_set_error(error, VQ_PLOT_ERROR, VQ_PLOT_ERROR_TEMPLATE, "%s: no such chart template", name);
  return NULL;
}

/* Runs gnuplot -e PREAMBLE on SCRIPT (given on its stdin); FALSE with its stderr in *ERR_TEXT
 * and the reason in ERROR. */
static gboolean gnuplot(const char *preamble, const char *script, char **err_text, GError **error) {
  const char *argv[] = {"gnuplot", "-e", preamble, "/dev/stdin", NULL};
  GPid pid;
  int in_fd, err_fd, status = 0;
  if (!g_spawn_async_with_pipes(NULL, (char **)argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                    G_SPAWN_STDOUT_TO_DEV_NULL,
                                NULL, NULL, &pid, &in_fd, NULL, &err_fd, error))
    return FALSE;
  /* The script (~10 KB) fits the pipe: written whole before stderr is read, no deadlock. */
  FILE *in = fdopen(in_fd, "w");
  fputs(script, in);
  fclose(in);
  g_autoptr(GIOChannel) ch = g_io_channel_unix_new(err_fd);
  g_io_channel_set_close_on_unref(ch, TRUE);
  g_io_channel_read_to_end(ch, err_text, NULL, NULL);
  waitpid(pid, &status, 0);
  g_spawn_close_pid(pid);
  if (!*err_text)
    *err_text = g_strdup("");
  return g_spawn_check_wait_status(status, error);
}

gboolean vq_plot_run(const char *template_name, const char *preamble, const char *outfile,
                     GError **error) {
  g_return_val_if_fail(template_name != NULL && preamble != NULL && outfile != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

  g_autofree char *style = template_text(VQ_PLOT_STYLE, error);
  g_autofree char *body = style ? template_text(template_name, error) : NULL;
  if (!body)
    return FALSE;
  g_autofree char *script = g_strconcat(style, "\n", body, NULL);
  g_autofree char *err_text = NULL;
  GError *run_err = NULL;
  if (!gnuplot(preamble, script, &err_text, &run_err)) {
    g_set_error(error, VQ_PLOT_ERROR, err_text ? VQ_PLOT_ERROR_FAILED : VQ_PLOT_ERROR_SPAWN,
                "%s: %s (%s)%s%s", template_name,
                err_text ? "gnuplot failed" : "cannot run gnuplot", run_err->message,
                err_text ? ": " : "", err_text ? g_strstrip(err_text) : "");
    g_error_free(run_err);
    return FALSE;
  }

  GStatBuf st;
  if (g_stat(outfile, &st) != 0 || st.st_size == 0) {
    g_set_error(error, VQ_PLOT_ERROR, VQ_PLOT_ERROR_FAILED,
                "%s: gnuplot exited normally but wrote no %s: %s", template_name, outfile,
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

/* The parameters of the time-series templates. */
static GString *times_preamble(const VqPlotTimes *t, const char *outfile) {
  GString *pre = preamble_new(t->datafile, outfile, t->title);
  append_int(pre, "nrows", t->rows);
  append_double(pre, "warmup_ms", t->warmup_s * 1000);
  return pre;
}

gboolean vq_plot_throughput(const VqPlotTimes *t, const char *outfile, const VqPlotThroughput *p,
                            GError **error) {
  g_return_val_if_fail(t && outfile && p && p->rx.n > 0, FALSE);
  g_autoptr(GString) pre = times_preamble(t, outfile);
  append_string_array(pre, "vm", p->rx.labels, p->rx.n);
  append_int_array(pre, "col", p->rx.cols, p->rx.n);
  append_int_array(pre, "ocol", p->offered_cols, p->rx.n);
  append_int(pre, "nothers", p->n_others);
  append_int_array(pre, "rcol", p->others_rx, p->n_others);
  append_int_array(pre, "rocol", p->others_offered, p->n_others);
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
                             const VqPlotLatency *p, GError **error) {
  g_return_val_if_fail(datafile && outfile && title && p && p->n_named > 0, FALSE);
  g_autoptr(GString) pre = preamble_new(datafile, outfile, title);
  append_string_array(pre, "ent", p->named, p->n_named);
  append_int(pre, "nothers", p->n_others);
  append_string_array(pre, "other", p->others, p->n_others);
  if (p->xmax_us > 0)
    append_double(pre, "xmax_us", p->xmax_us);
  return vq_plot_run("latency.gp", pre->str, outfile, error);
}

gboolean vq_plot_reorder(const VqPlotTimes *t, const char *outfile, const VqPlotReorder *p,
                         GError **error) {
  g_return_val_if_fail(t && outfile && p, FALSE);
  g_return_val_if_fail(p->load.n > 0 && p->reordered.n > 0 && p->n_updates > 0, FALSE);
  g_autoptr(GString) pre = times_preamble(t, outfile);
  append_int_array(pre, "col", p->load.cols, p->load.n);
  append_string_array(pre, "lbl", p->load.labels, p->load.n);
  append_int_array(pre, "rcol", p->reordered.cols, p->reordered.n);
  append_string_array(pre, "rlbl", p->reordered.labels, p->reordered.n);
  append_double_array(pre, "upd", p->update_s, p->n_updates);
  append_string_array(pre, "updname", p->update_names, p->n_updates);
  return vq_plot_run("reorder.gp", pre->str, outfile, error);
}

gboolean vq_plot_study(const char *datafile, const char *outfile, const char *title,
                       const VqPlotStudy *p, GError **error) {
  g_return_val_if_fail(datafile && outfile && title && p && p->n > 0, FALSE);
  g_return_val_if_fail(p->xlabel && p->ylabel && p->capacity && p->knee, FALSE);
  g_autoptr(GString) pre = preamble_new(datafile, outfile, title);
  append_int(pre, "logy", p->logy);
  append_int(pre, "zeros", p->zeros);
  append_string(pre, "xlabel", p->xlabel);
  append_string(pre, "ylabel", p->ylabel);
  append_int(pre, "col", p->col);
  append_double(pre, "scale", p->scale);
  if (isfinite(p->limit))
    append_double(pre, "limit", p->limit * p->scale);
  append_string_array(pre, "conf", p->configs, p->n);
  append_double_array(pre, "cap", p->capacity, p->n);
  append_double_array(pre, "knee", p->knee, p->n);
  return vq_plot_run("study.gp", pre->str, outfile, error);
}

gboolean vq_plot_points(const char *datafile, const char *outfile, const char *title,
                        const char *xlabel, GError **error) {
  g_return_val_if_fail(datafile && outfile && title && xlabel, FALSE);
  g_autoptr(GString) pre = preamble_new(datafile, outfile, title);
  append_string(pre, "xlabel", xlabel);
  return vq_plot_run("points.gp", pre->str, outfile, error);
}
