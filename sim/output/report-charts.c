/* Report charts: see report-charts.h. What each chart shows is chosen here; how it looks, in its
 * template (the .gp files in results/, after results/style.gp):
 *   throughput.png  offered and delivered Gbit/s of each VM over time (the vm.<NAME>.offered_gbps
 *                   and vm.<NAME>.rx_gbps columns); past VQ_CHART_NAMED_VMS VMs the most starved
 *                   by name (largest offered - delivered Gbit/s in summary.json), the rest as
 *                   their mean
 *   cpu.png         cpu.csv as written
 *   latency.png     one CDF per entity with samples; past VQ_CHART_NAMED_CURVES those with the
 *                   highest p99 by name, the rest grey; the x axis ends a little past the largest
 *                   p99.9
 *   reorder.png     only when live RSS updates took effect, and only for the VPorts they change:
 *                   frames/s per processor and out of order, with each update's time and name
 * A chart with nothing to show is left out: gnuplot fails on a plot without points.
 * Left out: a VM keeping its colour from one run to the next (colours follow a chart's order).
 */
#include "sim/output/report-charts.h"

#include <math.h>
#include <string.h>

#include "sim/output/plot.h"
#include "sim/output/report-private.h"

/* Wraps a chart failure so the message names the results directory and the chart. */
static gboolean chart_done(gboolean ok, GError *inner, const char *target, const char *png,
                           GError **error) {
  if (!ok) {
    g_set_error(error, VQ_REPORT_ERROR, VQ_REPORT_ERROR_FAILED, "%s: cannot draw %s: %s", target,
                png, inner->message);
    g_error_free(inner);
  }
  return ok;
}

/* The timeseries columns of metric M (of an entity kind): appends their 1-based CSV column
 * (column 1 is time_s) to COLS and their label to LABELS, the column's name between "<kind>."
 * and the last part of M's key: "web" for "vm.web.rx_gbps", "big.lp2" for "vport.big.lp2.fps". */
static void ts_columns_of(const VqReport *r, VqMetric m, GArray *cols, GPtrArray *labels) {
  const VqMetricInfo *info = vq_metric_info(m);
  const char *last = strrchr(info->name, '.') ? strrchr(info->name, '.') + 1 : info->name;
  gsize lp = strlen(vq_kind_name(info->kind)) + 1, ls = strlen(last) + 1;
  for (guint c = 0; c < r->ts_columns->len; c++) {
    const TsColumn *col = r->ts_columns->pdata[c];
    gsize len = strlen(col->name);
    if (col->metric != m || len <= lp + ls)
      continue;
    gint64 csv_col = (gint64)c + 2;
    g_array_append_val(cols, csv_col);
    g_ptr_array_add(labels, g_strndup(col->name + lp, len - lp - ls));
  }
}

/* A series the chart may name or summarise, and what ranks it. */
typedef struct {
  const char *name; /* legend label (borrowed) */
  gint64 col[2];    /* throughput: its rx_gbps and offered_gbps columns (0: none) */
  double key;       /* ranks it, highest first: Gbit/s lost, p99 */
  guint order;      /* its place in summary order, which breaks ties */
} Ranked;

static gint by_key(gconstpointer a, gconstpointer b) {
  const Ranked *x = a, *y = b;
  if (x->key != y->key)
    return x->key > y->key ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Ranks SERIES when they are more than MAX and returns how many the chart names: all, or
 * MAX - 1 and one entry for the rest. */
static guint rank(GArray *series, guint max) {
  if (series->len <= max)
    return series->len;
  g_array_sort(series, by_key);
  return max - 1;
}

/* ---- throughput.png ------------------------------------------------------------------------ */

/* Gbit/s the VM was offered but not delivered over the run; -G_MAXDOUBLE when unknown. */
static double vm_lost_gbps(const VqReport *r, const char *name) {
  const Kind *k = vq_report_find_kind(r, VQ_KIND_VM);
  const VqReportEntity *e = k ? g_hash_table_lookup(k->by_name, name) : NULL;
  double offered, delivered;
  if (!e || !vq_report_field_number(e, VQ_M_VM_OFFERED_GBPS, &offered) ||
      !vq_report_field_number(e, VQ_M_VM_DELIVERED_GBPS, &delivered) ||
      !isfinite(offered - delivered))
    return -G_MAXDOUBLE;
  return offered - delivered;
}

/* One entry per VM with an rx_gbps column, named in NAMES (which keeps the strings). */
static GArray *vm_series(const VqReport *r, GPtrArray *names) {
  g_autoptr(GArray) rx = g_array_new(FALSE, FALSE, sizeof(gint64));
  g_autoptr(GArray) offered = g_array_new(FALSE, FALSE, sizeof(gint64));
  g_autoptr(GPtrArray) offered_names = g_ptr_array_new_with_free_func(g_free);
  ts_columns_of(r, VQ_M_TS_VM_RX_GBPS, rx, names);
  ts_columns_of(r, VQ_M_TS_VM_OFFERED_GBPS, offered, offered_names);
  GArray *series = g_array_new(FALSE, FALSE, sizeof(Ranked));
  for (guint i = 0; i < rx->len; i++) {
    Ranked s = {names->pdata[i], {g_array_index(rx, gint64, i), 0}, 0, i};
    s.key = vm_lost_gbps(r, s.name);
    for (guint j = 0; j < offered->len; j++)
      if (strcmp(offered_names->pdata[j], s.name) == 0)
        s.col[1] = g_array_index(offered, gint64, j);
    g_array_append_val(series, s);
  }
  return series;
}

static gboolean throughput_chart(const VqReport *r, const VqPlotTimes *t, const char *dir,
                                 const char *target, GError **error) {
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GArray) series = vm_series(r, names);
  guint n = series->len, named = rank(series, VQ_CHART_NAMED_VMS);
  if (n == 0)
    return TRUE;
  /* Per VM in chart order: its name, its rx_gbps column and (after all of those) offered_gbps. */
  g_autofree const char **labels = g_new(const char *, n);
  g_autofree gint64 *cols = g_new(gint64, 2 * n);
  for (guint i = 0; i < n; i++) {
    const Ranked *s = &g_array_index(series, Ranked, i);
    labels[i] = s->name;
    cols[i] = s->col[0];
    cols[n + i] = s->col[1];
  }
  VqPlotThroughput p = {.rx = {cols, labels, named},
                        .offered_cols = cols + n,
                        .others_rx = cols + named,
                        .others_offered = cols + n + named,
                        .n_others = n - named};
  g_autofree char *png = g_build_filename(dir, "throughput.png", NULL);
  GError *inner = NULL;
  gboolean ok = vq_plot_throughput(t, png, &p, &inner);
  return chart_done(ok, inner, target, "throughput.png", error);
}

/* ---- cpu.png and latency.png --------------------------------------------------------------- */

static gboolean cpu_chart(const VqReport *r, const char *dir, const char *target, GError **error) {
  g_autoptr(GArray) cats = vq_report_cpu_categories(r);
  const Kind *k = vq_report_find_kind(r, VQ_KIND_PROCESSOR);
  guint rows = k ? k->entities->len : 0;
  if (cats->len == 0 || rows == 0)
    return TRUE;
  g_autofree char *data = g_build_filename(dir, "cpu.csv", NULL);
  g_autofree char *png = g_build_filename(dir, "cpu.png", NULL);
  GError *inner = NULL;
  gboolean ok =
      vq_plot_cpu(data, png, (r->title ? r->title : r->scenario), cats->len, rows, &inner);
  return chart_done(ok, inner, target, "cpu.png", error);
}

static gboolean latency_chart(const VqReport *r, const char *dir, const char *target,
                              GError **error) {
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) ents = vq_report_latency_entities(r, &labels);
  g_autoptr(GArray) curves = g_array_new(FALSE, FALSE, sizeof(Ranked));
  double xmax_s = 0;
  for (guint i = 0; i < ents->len; i++) {
    const VqHisto *h = vq_report_entity_latency(ents->pdata[i]);
    if (vq_histo_count(h) == 0)
      continue;
    Ranked c = {labels->pdata[i], {0, 0}, vq_histo_quantile(h, 0.99), curves->len};
    g_array_append_val(curves, c);
    xmax_s = MAX(xmax_s, vq_histo_quantile(h, 0.999));
  }
  guint n = curves->len, named = rank(curves, VQ_CHART_NAMED_CURVES);
  if (n == 0)
    return TRUE;
  g_autofree const char **names = g_new(const char *, n);
  for (guint i = 0; i < n; i++)
    names[i] = g_array_index(curves, Ranked, i).name;
  /* 5% past the largest p99.9: every named curve reaches 0.999 inside the chart. */
  VqPlotLatency p = {names, named, names + named, n - named, 1.05 * xmax_s * 1e6};
  g_autofree char *data = g_build_filename(dir, "latency_cdf.csv", NULL);
  g_autofree char *png = g_build_filename(dir, "latency.png", NULL);
  GError *inner = NULL;
  gboolean ok = vq_plot_latency_cdf(data, png, (r->title ? r->title : r->scenario), &p, &inner);
  return chart_done(ok, inner, target, "latency.png", error);
}

/* ---- reorder.png --------------------------------------------------------------------------- */

static const char *string_field(const VqReportEntity *e, VqMetric m) {
  for (guint i = 0; i < e->fields->len; i++) {
    const Field *f = e->fields->pdata[i];
    if (f->metric == m && f->type == FIELD_STRING)
      return f->s;
  }
  return NULL;
}

/* TRUE when LABEL is VM's out-of-order series ("web") or, with !REORDERED, one of its
 * processors' ("web.lp2"). */
static gboolean series_of(const char *label, const char *vm, gboolean reordered) {
  if (reordered)
    return strcmp(label, vm) == 0;
  gsize n = strlen(vm);
  if (strncmp(label, vm, n) != 0 || strncmp(label + n, ".lp", 3) != 0)
    return FALSE;
  const char *digits = label + n + 3;
  return *digits && strspn(digits, "0123456789") == strlen(digits);
}

/* METRIC's series of the VPorts of VMS (VM names), in COLS and LABELS. */
static void vport_series(const VqReport *r, VqMetric metric, const GPtrArray *vms, GArray *cols,
                         GPtrArray *labels) {
  ts_columns_of(r, metric, cols, labels);
  gboolean reordered = metric == VQ_M_TS_VPORT_REORDERED_FPS;
  for (guint i = cols->len; i-- > 0;) {
    gboolean keep = FALSE;
    for (guint j = 0; j < vms->len && !keep; j++)
      keep = series_of(labels->pdata[i], vms->pdata[j], reordered);
    if (!keep) {
      g_array_remove_index(cols, i);
      g_ptr_array_remove_index(labels, i);
    }
  }
}

static gboolean reorder_chart(const VqReport *r, const VqPlotTimes *t, const char *dir,
                              const char *target, GError **error) {
  g_autoptr(GArray) times = g_array_new(FALSE, FALSE, sizeof(double));
  g_autoptr(GPtrArray) names = g_ptr_array_new(); /* borrowed from the update entities */
  g_autoptr(GPtrArray) vms = g_ptr_array_new();   /* the same */
  const Kind *k = vq_report_find_kind(r, VQ_KIND_UPDATE);
  for (guint i = 0; k && i < k->entities->len; i++) {
    const VqReportEntity *e = k->entities->pdata[i];
    const char *vm = string_field(e, VQ_M_UPDATE_VM);
    double t_s; /* an update that never took effect has no finite time */
    if (!vm || !vq_report_field_number(e, VQ_M_UPDATE_APPLIED_S, &t_s) || !(t_s < G_MAXDOUBLE))
      continue;
    g_array_append_val(times, t_s);
    g_ptr_array_add(names, e->name);
    g_ptr_array_add(vms, (gpointer)vm);
  }
  g_autoptr(GArray) cols = g_array_new(FALSE, FALSE, sizeof(gint64));
  g_autoptr(GArray) rcols = g_array_new(FALSE, FALSE, sizeof(gint64));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GPtrArray) rlabels = g_ptr_array_new_with_free_func(g_free);
  vport_series(r, VQ_M_TS_VPORT_LP_FPS, vms, cols, labels);
  vport_series(r, VQ_M_TS_VPORT_REORDERED_FPS, vms, rcols, rlabels);
  if (times->len == 0 || cols->len == 0 || rcols->len == 0)
    return TRUE;
  VqPlotReorder p = {
      {(const gint64 *)(void *)cols->data, (const char *const *)labels->pdata, labels->len},
      {(const gint64 *)(void *)rcols->data, (const char *const *)rlabels->pdata, rlabels->len},
      (const double *)(void *)times->data,
      (const char *const *)names->pdata,
      names->len};
  g_autofree char *png = g_build_filename(dir, "reorder.png", NULL);
  GError *inner = NULL;
  gboolean ok = vq_plot_reorder(t, png, &p, &inner);
  return chart_done(ok, inner, target, "reorder.png", error);
}

gboolean vq_report_write_charts(const VqReport *r, const char *dir, const char *target,
                                GError **error) {
  g_return_val_if_fail(r != NULL && dir != NULL && target != NULL, FALSE);
  if (!vq_plot_available()) {
    g_printerr("vmqsim: warning: gnuplot not found on PATH; %s has no charts\n", target);
    return TRUE;
  }
  g_autofree char *data = g_build_filename(dir, "timeseries.csv", NULL);
  double warmup_s = 0;
  vq_report_field_number(r->run, VQ_M_RUN_WARMUP_S, &warmup_s);
  VqPlotTimes t = {data, (r->title ? r->title : r->scenario), r->ts_rows, warmup_s};
  /* The time-series templates leave the last row out: they need two rows to draw one. */
  gboolean series = r->ts_rows >= 2;
  return (!series || throughput_chart(r, &t, dir, target, error)) &&
         cpu_chart(r, dir, target, error) && latency_chart(r, dir, target, error) &&
         (!series || reorder_chart(r, &t, dir, target, error));
}
