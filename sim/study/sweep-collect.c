/* `vmqsim collect DIR`: see sweep-run.h. Reads only DIR (manifest.json and the runs' summary.json
 * files), never the sweep file, so a results directory copied elsewhere still collects. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sim/study/columns.h"
#include "sim/study/runs.h"
#include "sim/study/study-points.h"
#include "sim/study/study.h"
#include "sim/study/study-report.h"
#include "sim/study/sweep-run.h"
#include "sim/exit-codes.h"

/* ---- output ------------------------------------------------------------------------------- */

static void csv_field(GString *s, const char *f) {
  if (!strpbrk(f, ",\"\r\n")) {
    g_string_append(s, f);
    return;
  }
  g_string_append_c(s, '"');
  for (; *f; f++) {
    if (*f == '"')
      g_string_append_c(s, '"');
    g_string_append_c(s, *f);
  }
  g_string_append_c(s, '"');
}

static void json_str(GString *s, const char *f) {
  g_autoptr(JsonNode) n = json_node_init_string(json_node_alloc(), f);
  g_autofree char *t = json_to_string(n, FALSE);
  g_string_append(s, t);
}

/* The metrics collect reports, in column order: per VM its default columns, the run-level
 * metrics, then per [collect] metric its columns. */
static GPtrArray *metric_columns(const VqStudyFound *found) {
  GPtrArray *metrics = g_ptr_array_new_with_free_func(g_free);
  for (guint v = 0; v < found->vms->len; v++)
    for (guint k = 0; k < VQ_N_DEFAULT_COLUMNS; k++)
      g_ptr_array_add(metrics, vq_column_name(&vq_default_columns[k], found->vms->pdata[v]));
  for (guint k = 0; k < VQ_RUN_N; k++)
    g_ptr_array_add(metrics, g_strdup(vq_run_metric_names[k]));
  for (guint k = 0; k < found->columns->len; k++) {
    const GPtrArray *names = found->columns->pdata[k];
    for (guint i = 0; i < names->len; i++)
      g_ptr_array_add(metrics, g_strdup(names->pdata[i]));
  }
  return metrics;
}

/* The header of points.csv and the start of points.json, up to its points. */
static void write_heads(const VqManifest *m, const GPtrArray *metrics, GString *csv, GString *js) {
  GPtrArray *keys = m->keys;
  g_string_append(csv, "point");
  g_string_append(js, "{\n  \"axes\": [");
  for (guint a = 0; a < keys->len; a++) {
    g_string_append_c(csv, ',');
    csv_field(csv, keys->pdata[a]);
    g_string_append(js, a ? ", " : "");
    json_str(js, keys->pdata[a]);
  }
  g_string_append(csv, ",n");
  g_string_append(js, "],\n  \"metrics\": [");
  for (guint k = 0; k < metrics->len; k++) {
    g_string_append_printf(csv, ",%s_mean,%s_ci95", (char *)metrics->pdata[k],
                           (char *)metrics->pdata[k]);
    g_string_append(js, k ? ", " : "");
    json_str(js, metrics->pdata[k]);
  }
  g_string_append_printf(js, "],\n  \"replications\": %u,\n  \"points\": [", m->reps);
  g_string_append_c(csv, '\n');
}

/* Point P's row of points.csv and entry of points.json, from its replications' tables PR. */
static void write_point(const VqManifest *m, guint p, GHashTable **pr, const GPtrArray *metrics,
                        GString *csv, GString *js) {
  guint n = 0;
  g_autoptr(GString) missing = g_string_new(NULL);
  for (guint r = 0; r < m->reps; r++) {
    n += pr[r] != NULL;
    if (!pr[r])
      g_string_append_printf(missing, " run-%05u", p * m->reps + r);
  }
  if (missing->len)
    fprintf(stderr, "collect: point %u: %u of %u replications missing:%s\n", p, m->reps - n,
            m->reps, missing->str);
  g_string_append_printf(csv, "%u", p);
  g_string_append_printf(js, "%s\n    {\"point\": %u, \"values\": {", p ? "," : "", p);
  for (guint a = 0; a < m->keys->len; a++) {
    g_string_append_c(csv, ',');
    csv_field(csv, vq_manifest_value(m, p, a));
    g_string_append(js, a ? ", " : "");
    json_str(js, m->keys->pdata[a]);
    g_string_append(js, ": ");
    json_str(js, vq_manifest_value(m, p, a));
  }
  g_string_append_printf(csv, ",%u", n);
  g_string_append_printf(js, "}, \"n\": %u,\n     \"metrics\": {", n);
  for (guint k = 0; k < metrics->len; k++) {
    double mean, hw;
    guint got = vq_study_stats(pr, m->reps, metrics->pdata[k], &mean, &hw);
    /* A metric no run of the point has (a VM the point does not have) is no news. */
    if (got < n && got > 0)
      fprintf(stderr, "collect: point %u: %s missing in %u of %u runs\n", p,
              (char *)metrics->pdata[k], n - got, n);
    g_string_append_c(csv, ',');
    vq_study_num(csv, mean, "");
    g_string_append_c(csv, ',');
    vq_study_num(csv, hw, "");
    g_string_append(js, k ? ",\n       " : "\n       ");
    json_str(js, metrics->pdata[k]);
    g_string_append(js, ": {\"mean\": ");
    vq_study_num(js, mean, "null");
    g_string_append(js, ", \"ci95\": ");
    vq_study_num(js, hw, "null");
    g_string_append_printf(js, ", \"n\": %u}", got);
  }
  g_string_append(csv, "\n");
  g_string_append(js, "}}");
}

/* One line per point on stdout: its axis values and the numbers people look at first (mean over
 * its runs): delivered Gbit/s, drops, the worst VM's p99 and the busiest processor. */
static void print_points(const VqManifest *m, GHashTable **runs) {
  static const struct {
    const char *header;
    VqRunMetric metric;
    double scale;
    int decimals;
  } cols[] = {{"delivered Gbps", VQ_RUN_DELIVERED_GBPS, 1, 2},
              {"drops %", VQ_RUN_DROP_FRACTION, 100, 2},
              {"worst p99 µs", VQ_RUN_WORST_P99_S, 1e6, 1},
              {"busiest processor %", VQ_RUN_MAX_BUSY, 100, 1}};
  g_autofree int *width = g_new0(int, m->keys->len + 1);
  for (guint a = 0; a < m->keys->len; a++) {
    width[a] = (int)strlen(m->keys->pdata[a]);
    for (guint p = 0; p < m->n_points; p++)
      width[a] = MAX(width[a], (int)strlen(vq_manifest_value(m, p, a)));
  }
  g_autoptr(GString) s = g_string_new(" ");
  for (guint a = 0; a < m->keys->len; a++)
    g_string_append_printf(s, " %*s", width[a], (const char *)m->keys->pdata[a]);
  for (guint c = 0; c < G_N_ELEMENTS(cols); c++)
    g_string_append_printf(s, "  %s", cols[c].header);
  printf("%s\n", s->str);
  for (guint p = 0; p < m->n_points; p++) {
    g_string_assign(s, " ");
    for (guint a = 0; a < m->keys->len; a++)
      g_string_append_printf(s, " %*s", width[a], vq_manifest_value(m, p, a));
    for (guint c = 0; c < G_N_ELEMENTS(cols); c++) {
      double mean, hw;
      guint n = vq_study_stats(runs + (gsize)p * m->reps, m->reps,
                               vq_run_metric_names[cols[c].metric], &mean, &hw);
      int w = (int)g_utf8_strlen(cols[c].header, -1);
      if (n > 0)
        g_string_append_printf(s, "  %*.*f", w, cols[c].decimals, mean * cols[c].scale);
      else
        g_string_append_printf(s, "  %*s", w, "-");
    }
    printf("%s\n", s->str);
  }
}

int vq_collect_dir(const char *dir) {
  g_autofree char *why = NULL;
  g_autoptr(VqManifest) m = vq_manifest_load(dir, &why);
  if (!m) {
    fprintf(stderr, "vmqsim: %s\n", why);
    return EXIT_BAD_INPUT;
  }
  guint total = m->n_points * m->reps, present;
  g_autoptr(GPtrArray) vms = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  VqStudyFound found = {vms, columns};
  GHashTable **runs = vq_study_load_grid(dir, m, &found, &present);
  g_autoptr(GPtrArray) metrics = metric_columns(&found);
  g_autoptr(GString) csv = g_string_new(NULL);
  g_autoptr(GString) js = g_string_new(NULL);
  write_heads(m, metrics, csv, js);
  for (guint p = 0; p < m->n_points; p++)
    write_point(m, p, runs + (gsize)p * m->reps, metrics, csv, js);
  g_string_append(js, "\n  ]\n}\n");
  g_autoptr(GPtrArray) configs = vq_study_configs(dir, m, runs);
  print_points(m, runs);
  gboolean written = vq_study_write(dir, "points.csv", csv) &&
                     vq_study_write(dir, "points.json", js) &&
                     (m->capacity || vq_study_points_chart(dir, m, runs));
  vq_study_runs_free(runs, total);
  if (!written)
    return EXIT_FAILURE;
  printf("collect: %u points, %u of %u runs: %s/points.csv, %s/points.json%s\n", m->n_points,
         present, total, dir, dir, m->capacity ? "" : ", points.png");
  if (m->capacity && !vq_study_report(dir, m, configs))
    return EXIT_FAILURE;
  return EXIT_SUCCESS;
}
