/* The default chart of a sweep without [capacity]: its points side by side (points.png). */
#include "sim/study/study-points.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/output/plot.h"

/* The panels of points.gp, in its order. */
static const VqRunMetric panels[] = {VQ_RUN_DELIVERED_GBPS, VQ_RUN_DROP_FRACTION,
                                     VQ_RUN_WORST_P99_S, VQ_RUN_MAX_BUSY};

/* Whether axis A takes more than one value. */
static gboolean varies(const VqManifest *m, guint a) {
  for (guint p = 1; p < m->n_points; p++)
    if (strcmp(vq_manifest_value(m, p, a), vq_manifest_value(m, 0, a)))
      return TRUE;
  return FALSE;
}

/* A gnuplot string: "..." with \ and " escaped. */
static void quoted(GString *s, const char *text) {
  g_string_append_c(s, '"');
  for (const char *c = text; *c; c++) {
    if (*c == '"' || *c == '\\')
      g_string_append_c(s, '\\');
    g_string_append_c(s, *c);
  }
  g_string_append_c(s, '"');
}

/* points.dat: per point its index, its varied values, then each panel's mean and half-width. */
static GString *points_dat(const VqManifest *m, GHashTable **runs, const gboolean *vary) {
  GString *s = g_string_new(NULL);
  for (guint p = 0; p < m->n_points; p++) {
    g_autoptr(GString) label = g_string_new(NULL);
    for (guint a = 0; a < m->keys->len; a++)
      if (vary[a])
        g_string_append_printf(label, "%s%s", label->len ? ", " : "", vq_manifest_value(m, p, a));
    g_string_append_printf(s, "%u ", p);
    quoted(s, label->len ? label->str : vq_manifest_value(m, p, 0));
    for (guint k = 0; k < G_N_ELEMENTS(panels); k++) {
      double mean = NAN, hw = NAN;
      guint n = vq_study_stats(runs + (gsize)p * m->reps, m->reps, vq_run_metric_names[panels[k]],
                               &mean, &hw);
      g_string_append_c(s, ' ');
      vq_study_num(s, n > 0 ? mean : NAN, "?");
      g_string_append_c(s, ' ');
      vq_study_num(s, n > 1 ? hw : 0, "?");
    }
    g_string_append_c(s, '\n');
  }
  return s;
}

gboolean vq_study_points_chart(const char *dir, const VqManifest *m, GHashTable **runs) {
  if (!vq_plot_available()) {
    fprintf(stderr, "collect: gnuplot not found; points.png skipped\n");
    return TRUE;
  }
  g_autofree gboolean *vary = g_new0(gboolean, m->keys->len + 1);
  g_autoptr(GString) xlabel = g_string_new(NULL);
  for (guint a = 0; a < m->keys->len; a++)
    if ((vary[a] = varies(m, a)))
      g_string_append_printf(xlabel, "%s%s", xlabel->len ? ", " : "",
                             (const char *)m->keys->pdata[a]);
  g_autoptr(GString) dat = points_dat(m, runs, vary);
  if (!vq_study_write(dir, "points.dat", dat))
    return FALSE;
  g_autofree char *datafile = g_build_filename(dir, "points.dat", NULL);
  g_autofree char *outfile = g_build_filename(dir, "points.png", NULL);
  g_autofree char *title = m->name ? g_strdup(m->name) : g_path_get_basename(dir);
  g_autoptr(GError) err = NULL;
  if (!vq_plot_points(datafile, outfile, title, xlabel->len ? xlabel->str : "point", &err)) {
    fprintf(stderr, "collect: %s\n", err->message);
    return FALSE;
  }
  return TRUE;
}
