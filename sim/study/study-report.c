/* Study report: capacity.csv, capacity.dat, the charts and report.html. See study-report.h. */
#include "sim/study/study-report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/output/plot.h"

/* How each run-level metric reads, and its factor for display (µs, as everywhere else). */
static const struct {
  const char *words;
  const char *unit;
  double scale;
} shown[VQ_RUN_N] = {
    [VQ_RUN_OFFERED_GBPS] = {"offered", "Gbit/s", 1},
    [VQ_RUN_DELIVERED_GBPS] = {"delivered", "Gbit/s", 1},
    [VQ_RUN_DROP_FRACTION] = {"drops", "%", 100},
    [VQ_RUN_MAX_BUSY] = {"busiest processor", "%", 100},
    [VQ_RUN_WORST_P99_S] = {"worst VM p99 latency", "µs", 1e6},
    [VQ_RUN_WORST_MEAN_S] = {"worst VM mean latency", "µs", 1e6},
    [VQ_RUN_UNSTEADY] = {"unsteady runs", "%", 100},
};

static char *metric_text(VqRunMetric k, double v) {
  if (!isfinite(v))
    return g_strdup_printf("%s undefined", shown[k].words);
  return g_strdup_printf("%s %.4g %s", shown[k].words, v * shown[k].scale, shown[k].unit);
}

static const VqCapPoint *point_at(const VqCapConfig *c, double x) {
  for (guint i = 0; i < c->points->len; i++)
    if (g_array_index(c->points, VqCapPoint, i).x == x)
      return &g_array_index(c->points, VqCapPoint, i);
  return NULL;
}

/* "8 (9 fails: worst VM p99 latency 812 us)" */
static char *config_answer(const VqManifest *m, const VqCapConfig *c) {
  const VqCapacitySpec *spec = m->capacity;
  if (c->points->len == 0)
    return g_strdup("unknown (no runs yet)");
  g_autofree char *fail = isnan(c->first_fail) ? NULL : vq_capacity_format(spec, c->first_fail);
  g_autoptr(GString) why = g_string_new(NULL);
  const VqCapPoint *p = isnan(c->first_fail) ? NULL : point_at(c, c->first_fail);
  for (guint k = 0; p && k < VQ_RUN_N; k++)
    if (c->fail_mask & (1u << k)) {
      g_autofree char *t = metric_text(k, p->mean[k]);
      g_string_append_printf(why, "%s%s", why->len ? ", " : "", t);
    }
  /* An answer resting on runs that are not steady depends on their length: not called. */
  const VqCapPoint *at = isnan(c->capacity) ? NULL : point_at(c, c->capacity);
  const VqCapPoint *shaky = at && at->mean[VQ_RUN_UNSTEADY] > 0 ? at
                            : p && p->mean[VQ_RUN_UNSTEADY] > 0 ? p
                                                                : NULL;
  if (shaky) {
    g_autofree char *x = vq_capacity_format(spec, shaky->x);
    return g_strdup_printf("not called (runs at %s are not in a steady state, so whether they "
                           "meet the SLO depends on their length: lengthen [simulation] "
                           "duration)",
                           x);
  }
  if (isnan(c->capacity))
    return g_strdup_printf("none (the smallest value tried, %s, fails: %s)", fail, why->str);
  g_autofree char *cap = vq_capacity_format(spec, c->capacity);
  if (!fail)
    return g_strdup_printf("at least %s (every value tried meets it)", cap);
  return g_strdup_printf("%s (%s fails: %s)", cap, fail, why->str);
}

char *vq_study_sentence(const VqManifest *m, GPtrArray *configs) {
  g_autofree char *slo = vq_capacity_slo_text(m->capacity);
  g_autoptr(GString) s = g_string_new(NULL);
  g_string_append_printf(s, "Largest %s meeting %s:", m->capacity->search, slo);
  for (guint i = 0; i < configs->len; i++) {
    const VqCapConfig *c = g_ptr_array_index(configs, i);
    g_autofree char *a = config_answer(m, c);
    if (configs->len == 1 && !strcmp(c->label, "all"))
      g_string_append_printf(s, " %s", a);
    else
      g_string_append_printf(s, "%s %s with %s", i ? ";" : "", a, c->label);
  }
  g_string_append_c(s, '.');
  return g_string_free(g_steal_pointer(&s), FALSE);
}

/* ---- data files ---------------------------------------------------------------------------- */

static GString *capacity_dat(GPtrArray *configs) {
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < configs->len; i++) {
    const VqCapConfig *c = g_ptr_array_index(configs, i);
    g_string_append_printf(s, "%s# configuration %u: %s\n# x n probe", i ? "\n\n" : "", i,
                           c->label);
    for (guint k = 0; k < VQ_RUN_N; k++)
      g_string_append_printf(s, " %s %s_ci95", vq_run_metric_names[k], vq_run_metric_names[k]);
    g_string_append_c(s, '\n');
    for (guint j = 0; j < c->points->len; j++) {
      const VqCapPoint *p = &g_array_index(c->points, VqCapPoint, j);
      vq_study_num(s, p->x, "?");
      g_string_append_printf(s, " %u %d", p->n, p->probe);
      for (guint k = 0; k < VQ_RUN_N; k++) {
        g_string_append_c(s, ' ');
        vq_study_num(s, p->mean[k], "?");
        g_string_append_c(s, ' ');
        vq_study_num(s, p->ci95[k], "?");
      }
      g_string_append_c(s, '\n');
    }
  }
  return s;
}

static GString *capacity_csv(GPtrArray *configs) {
  GString *s = g_string_new("configuration,label,capacity,first_fail,over_limit,monotone,knee,"
                            "points,probes\n");
  for (guint i = 0; i < configs->len; i++) {
    const VqCapConfig *c = g_ptr_array_index(configs, i);
    g_autofree char *label = g_strdup(c->label);
    g_strdelimit(label, ",\"", ';');
    g_string_append_printf(s, "%u,\"%s\",", i, label);
    vq_study_num(s, c->capacity, "");
    g_string_append_c(s, ',');
    vq_study_num(s, c->first_fail, "");
    g_string_append_c(s, ',');
    for (guint k = 0, first = 1; k < VQ_RUN_N; k++)
      if (c->fail_mask & (1u << k)) {
        g_string_append_printf(s, "%s%s", first ? "" : " ", vq_run_metric_names[k]);
        first = 0;
      }
    g_string_append_printf(s, ",%s,", c->monotone ? "yes" : "no");
    vq_study_num(s, c->knee, "");
    guint probes = 0;
    for (guint j = 0; j < c->points->len; j++)
      probes += g_array_index(c->points, VqCapPoint, j).probe;
    g_string_append_printf(s, ",%u,%u\n", c->points->len, probes);
  }
  return s;
}

/* ---- charts -------------------------------------------------------------------------------- */

/* The first three always; the others when the SLO limits their metric. Latencies and drop
 * fractions span decades past saturation: log scale (drops can be exactly 0: see study.gp). */
static const struct {
  const char *file;
  VqRunMetric metric;
  const char *ylabel;
  gboolean logy, zeros;
} charts[] = {
    {"capacity-throughput.png", VQ_RUN_DELIVERED_GBPS, "delivered throughput, all VMs (Gbit/s)",
     FALSE, FALSE},
    {"capacity-processor.png", VQ_RUN_MAX_BUSY, "busiest processor (% busy)", FALSE, FALSE},
    {"capacity-p99.png", VQ_RUN_WORST_P99_S, "worst VM's p99 latency (µs, log scale)", TRUE, FALSE},
    {"capacity-mean-latency.png", VQ_RUN_WORST_MEAN_S, "worst VM's mean latency (µs, log scale)",
     TRUE, FALSE},
    {"capacity-drops.png", VQ_RUN_DROP_FRACTION, "frames dropped, all VMs (%, log scale)", TRUE,
     TRUE},
};

static gboolean chart_wanted(const VqManifest *m, guint i) {
  return i < 3 || !isnan(m->capacity->limit[charts[i].metric]);
}

/* The study's name: the manifest's, or for one without, its directory's. */
static char *study_name(const char *dir, const VqManifest *m) {
  return m->name ? g_strdup(m->name) : g_path_get_basename(dir);
}

/* The searched key in words, then the key and its unit: "tenant VMs (vm.tenant.count)",
 * "rate of flow in (flow.in.rate, kpps)", "ring size of nic (nic.ring_size)". */
static char *axis_label(const VqCapacitySpec *spec) {
  const char *unit = spec->unit + (spec->unit[0] == ' ');
  g_auto(GStrv) part = g_strsplit(spec->search, ".", 3);
  guint n = g_strv_length(part);
  g_autofree char *what = g_strdelimit(g_strdup(n ? part[n - 1] : ""), "_", ' ');
  g_autofree char *words = n == 3 && !strcmp(part[0], "vm") && !strcmp(part[2], "count")
                               ? g_strdup_printf("%s VMs", part[1])
                           : n == 3 ? g_strdup_printf("%s of %s %s", what, part[0], part[1])
                           : n == 2 ? g_strdup_printf("%s of %s", what, part[0])
                                    : g_strdup(what);
  return g_strdup_printf("%s (%s%s%s)", words, spec->search, *unit ? ", " : "", unit);
}

/* Draws the charts; returns how many were drawn. */
static guint draw_charts(const char *dir, const VqManifest *m, GPtrArray *configs) {
  if (!vq_plot_available()) {
    fprintf(stderr, "collect: gnuplot not found; capacity charts skipped\n");
    return 0;
  }
  g_autofree char *dat = g_build_filename(dir, "capacity.dat", NULL);
  guint n = configs->len;
  g_autofree const char **labels = g_new0(const char *, n + 1);
  g_autofree double *capacity = g_new(double, n), *knee = g_new(double, n);
  for (guint i = 0; i < n; i++) {
    const VqCapConfig *c = g_ptr_array_index(configs, i);
    labels[i] = c->label;
    capacity[i] = c->capacity;
    knee[i] = c->knee;
  }
  g_autofree char *name = study_name(dir, m);
  g_autofree char *xlabel = axis_label(m->capacity);
  guint drawn = 0;
  for (guint i = 0; i < G_N_ELEMENTS(charts); i++) {
    if (!chart_wanted(m, i))
      continue;
    VqRunMetric k = charts[i].metric;
    VqPlotStudy p = {.xlabel = xlabel,
                     .ylabel = charts[i].ylabel,
                     .col = 4 + 2 * k,
                     .scale = shown[k].scale,
                     .limit = m->capacity->limit[k],
                     .logy = charts[i].logy,
                     .zeros = charts[i].zeros,
                     .configs = labels,
                     .capacity = capacity,
                     .knee = knee,
                     .n = n};
    g_autofree char *out = g_build_filename(dir, charts[i].file, NULL);
    g_autofree char *title = g_strdup_printf("%s: %s", name, shown[k].words);
    g_autoptr(GError) err = NULL;
    if (vq_plot_study(dat, out, title, &p, &err))
      drawn++;
    else
      fprintf(stderr, "collect: %s\n", err->message);
  }
  return drawn;
}

/* ---- report.html --------------------------------------------------------------------------- */

static void esc(GString *s, const char *text) {
  g_autofree char *e = g_markup_escape_text(text, -1);
  g_string_append(s, e);
}

static void cell(GString *s, const VqCapPoint *p, VqRunMetric k) {
  g_string_append(s, "<td>");
  if (isfinite(p->mean[k]))
    g_string_append_printf(s, "%.4g", p->mean[k] * shown[k].scale);
  if (isfinite(p->ci95[k]))
    g_string_append_printf(s, " &plusmn; %.2g", p->ci95[k] * shown[k].scale);
  g_string_append(s, "</td>");
}

static void html_points(GString *s, const VqManifest *m, const VqCapConfig *c) {
  g_string_append(s, "<table><tr><th>");
  esc(s, m->capacity->search);
  g_string_append(s, "</th><th>runs</th>");
  for (guint k = 0; k < VQ_RUN_N; k++)
    g_string_append_printf(s, "<th>%s (%s)</th>", shown[k].words, shown[k].unit);
  g_string_append(s, "<th>SLO</th></tr>\n");
  for (guint j = 0; j < c->points->len; j++) {
    const VqCapPoint *p = &g_array_index(c->points, VqCapPoint, j);
    g_autofree char *x = vq_capacity_format(m->capacity, p->x);
    g_string_append(s, "<tr><td>");
    esc(s, x);
    g_string_append_printf(s, "%s</td><td>%u</td>", p->probe ? " (bisection)" : "", p->n);
    for (guint k = 0; k < VQ_RUN_N; k++)
      cell(s, p, k);
    g_string_append_printf(s, "<td>%s</td></tr>\n",
                           vq_capacity_failures(m->capacity, p) ? "fails" : "meets");
  }
  g_string_append(s, "</table>\n");
}

/* The table of answers: per configuration its capacity, knee and whether it is monotone. */
static void html_answers(GString *s, const VqManifest *m, GPtrArray *configs) {
  g_string_append(s, "<table><tr><th>configuration</th><th>capacity</th><th>knee of "
                     "throughput</th><th>monotone</th></tr>\n");
  for (guint i = 0; i < configs->len; i++) {
    const VqCapConfig *c = g_ptr_array_index(configs, i);
    g_autofree char *a = config_answer(m, c);
    g_autofree char *knee =
        isnan(c->knee) ? g_strdup("none (no bend)") : vq_capacity_format(m->capacity, c->knee);
    g_string_append(s, "<tr><td>");
    esc(s, c->label);
    g_string_append(s, "</td><td>");
    esc(s, a);
    g_string_append(s, "</td><td>");
    esc(s, knee);
    g_string_append_printf(s, "</td><td>%s</td></tr>\n", c->monotone ? "yes" : "no");
  }
  g_string_append(s, "</table>\n");
}

static GString *report_html(const char *dir, const VqManifest *m, GPtrArray *configs,
                            const char *sentence) {
  g_autofree char *name = study_name(dir, m);
  g_autofree char *slo = vq_capacity_slo_text(m->capacity);
  GString *s = g_string_new("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>");
  esc(s, name);
  g_string_append(s, " - vmqsim capacity study</title>\n<style>body{font-family:sans-serif;"
                     "max-width:1100px;margin:2em auto}table{border-collapse:collapse;"
                     "margin:1em 0}td,th{border:1px solid #bbb;padding:2px 8px;text-align:right}"
                     "p.answer{font-size:1.2em;background:#eef;padding:.6em}</style></head>"
                     "<body>\n<h1>Capacity study: ");
  esc(s, name);
  g_string_append(s, "</h1>\n<p class=\"answer\">");
  esc(s, sentence);
  g_string_append(s, "</p>\n<p>SLO: ");
  esc(s, slo);
  g_string_append_printf(s,
                         ", on the mean of %u replications per point (95%% confidence "
                         "half-widths shown after &plusmn;). Capacity: the largest value "
                         "such that it and every smaller value tried meet the SLO; "
                         "bisection between grid points down to a resolution of ",
                         m->reps);
  g_autofree char *res = m->capacity->resolution > 0
                             ? vq_capacity_format(m->capacity, m->capacity->resolution)
                             : g_strdup("(none: the grid alone)");
  esc(s, res);
  g_string_append(s, ". Knee: Kneedle (Satopaa et al., 2011) on delivered throughput.</p>\n");
  html_answers(s, m, configs);
  for (guint i = 0; i < G_N_ELEMENTS(charts); i++) {
    g_autofree char *path = g_build_filename(dir, charts[i].file, NULL);
    g_autofree char *png = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &png, &len, NULL))
      continue;
    g_autofree char *b64 = g_base64_encode((const guchar *)png, len);
    g_string_append_printf(s, "<p><img alt=\"%s\" src=\"data:image/png;base64,%s\"></p>\n",
                           charts[i].file, b64);
  }
  for (guint i = 0; i < configs->len; i++) {
    const VqCapConfig *c = g_ptr_array_index(configs, i);
    g_string_append(s, "<h2>");
    esc(s, c->label);
    g_string_append(s, "</h2>\n");
    html_points(s, m, c);
  }
  g_string_append(s, "<p>Written by vmqsim collect " VQ_VERSION ".</p>\n</body></html>\n");
  return s;
}

gboolean vq_study_report(const char *dir, const VqManifest *m, GPtrArray *configs) {
  g_autoptr(GString) dat = capacity_dat(configs);
  g_autoptr(GString) csv = capacity_csv(configs);
  if (!vq_study_write(dir, "capacity.dat", dat) || !vq_study_write(dir, "capacity.csv", csv))
    return FALSE;
  /* Old charts would be embedded as if new: remove them before drawing. */
  for (guint i = 0; i < G_N_ELEMENTS(charts); i++) {
    g_autofree char *path = g_build_filename(dir, charts[i].file, NULL);
    remove(path);
  }
  if (configs->len)
    draw_charts(dir, m, configs);
  g_autofree char *sentence = vq_study_sentence(m, configs);
  g_autoptr(GString) html = report_html(dir, m, configs, sentence);
  if (!vq_study_write(dir, "report.html", html))
    return FALSE;
  printf("%s\ncollect: capacity: %s/capacity.csv, %s/report.html\n", sentence, dir, dir);
  return TRUE;
}
