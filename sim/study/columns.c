/* Columns: see columns.h. */
#include "sim/study/columns.h"

#include <math.h>
#include <string.h>

#include "sim/scenario.h"
#include "sim/study/runs.h"

#define ALLOWED                                                                                    \
  "expected KIND.KEY, a number of summary.json as `vmqsim metrics` lists them (docs/metrics.md)"

const VqColumn vq_default_columns[VQ_N_DEFAULT_COLUMNS] = {
    {"delivered_gbps", VQ_M_VM_DELIVERED_GBPS, 0, 0},
    {"drop_fraction", VQ_M_VM_DROP_FRACTION, 0, 0},
    {"latency_p99_s", VQ_M_VM_LATENCY_S, 0, VQ_LATENCY_P99_S},
};

/* Whether A and B read the same value. */
static gboolean same_value(const VqColumn *a, const VqColumn *b) {
  gboolean latency = vq_metric_info(a->metric)->type == VQ_METRIC_LATENCY;
  return a->metric == b->metric && a->index == b->index && (!latency || a->stat == b->stat);
}

/* KEY ("latency_s.p99_s") as a statistic of one of KIND's latencies: 1 when it is one, -1 when
 * it names a latency but no statistic of it, 0 when it names no latency. */
static int latency_stat(VqKind kind, const char *key, VqColumn *out) {
  for (VqMetric m = 0; m < VQ_M_N; m++) {
    const VqMetricInfo *i = vq_metric_info(m);
    gsize len = strlen(i->name);
    if (i->kind != kind || i->type != VQ_METRIC_LATENCY || strncmp(key, i->name, len) ||
        key[len] != '.')
      continue;
    for (VqLatencyStat s = 0; s < VQ_LATENCY_N; s++)
      if (!strcmp(key + len + 1, vq_latency_stat_name(s))) {
        out->metric = m;
        out->stat = s;
        return 1;
      }
    return -1;
  }
  return 0;
}

/* The indexed metric of KIND that KEY names without its index ("fps", "fps.<processor>"). */
static const VqMetricInfo *indexed_without_index(VqKind kind, const char *key) {
  for (VqMetric m = 0; m < VQ_M_N; m++) {
    const VqMetricInfo *i = vq_metric_info(m);
    const char *open = strchr(i->name, '<');
    if (i->kind != kind || i->type == VQ_METRIC_SERIES || !open)
      continue;
    gsize stem = (gsize)(open - i->name) - (open > i->name && open[-1] == '.');
    if (!strcmp(key, i->name) || (strlen(key) == stem && !strncmp(key, i->name, stem)))
      return i;
  }
  return NULL;
}

/* Whether KEY is a timeseries column of KIND's ("rx_gbps", "lp3.fps" or its pattern). */
static gboolean is_series(VqKind kind, const char *key) {
  for (VqMetric m = 0; m < VQ_M_N; m++) {
    const VqMetricInfo *i = vq_metric_info(m);
    if (i->kind == kind && i->type == VQ_METRIC_SERIES &&
        (!strcmp(key, i->name) || vq_metric_matches(m, key, NULL)))
      return TRUE;
  }
  return FALSE;
}

/* "\"NAME\" is not a metric; did you mean X? expected ...": X among the summary metrics'
 * labels and their latency statistics. */
static char *unknown(const char *name) {
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func(g_free);
  for (VqMetric m = 0; m < VQ_M_N; m++) {
    const VqMetricInfo *i = vq_metric_info(m);
    if (i->type == VQ_METRIC_LATENCY)
      for (VqLatencyStat s = 0; s < VQ_LATENCY_N; s++)
        g_ptr_array_add(labels, g_strdup_printf("%s.%s.%s", vq_kind_name(i->kind), i->name,
                                                vq_latency_stat_name(s)));
    else if (i->type != VQ_METRIC_SERIES)
      g_ptr_array_add(labels, vq_metric_label(m));
  }
  g_ptr_array_add(labels, NULL);
  const char *close = vq_ini_closest(name, (const char *const *)labels->pdata);
  g_autofree char *hint = close ? g_strdup_printf("did you mean %s? ", close) : g_strdup("");
  return g_strdup_printf("\"%s\" is not a metric; %s" ALLOWED, name, hint);
}

/* KEY, a key of KIND, as a column; else *WHY. */
static gboolean parse_key(const char *name, VqKind kind, const char *key, VqColumn *out,
                          char **why) {
  VqMetric m;
  const VqMetricInfo *ix;
  if (vq_metric_find(kind, key, &m, &out->index)) {
    VqMetricType t = vq_metric_info(m)->type;
    out->metric = m;
    if (t == VQ_METRIC_DOUBLE || t == VQ_METRIC_UINT)
      return TRUE;
    *why = t == VQ_METRIC_LATENCY
               ? g_strdup_printf("\"%s\" is a latency; name one of its statistics, as %s.p99_s",
                                 name, name)
               : g_strdup_printf("\"%s\" is a %s; collect takes numbers (`vmqsim metrics` "
                                 "gives each metric's type)",
                                 name, vq_metric_type_name(t));
    return FALSE;
  }
  int stat = latency_stat(kind, key, out);
  if (stat > 0)
    return TRUE;
  if (stat < 0)
    *why = g_strdup_printf("\"%s\" is not a statistic of a latency; expected count, mean_s, "
                           "p50_s, p99_s, p999_s or max_s after it",
                           name);
  else if (is_series(kind, key))
    *why =
        g_strdup_printf("\"%s\" is a column of timeseries.csv; collect reads summary.json", name);
  else if ((ix = indexed_without_index(kind, key)))
    *why = g_strdup_printf("\"%s\" needs its index: %s.%s with a number in place of %s", name,
                           vq_kind_name(kind), ix->name, strchr(ix->name, '<'));
  else
    *why = unknown(name);
  return FALSE;
}

gboolean vq_column_parse(const char *name, VqColumn *out, char **why) {
  g_return_val_if_fail(name != NULL && out != NULL && why != NULL, FALSE);
  *out = (VqColumn){0};
  const char *dot = strchr(name, '.');
  g_autofree char *kind_name = dot ? g_strndup(name, (gsize)(dot - name)) : NULL;
  VqKind kind;
  if (!dot || !vq_kind_find(kind_name, &kind) || strlen(dot + 1) >= VQ_COLUMN_KEY_MAX) {
    *why = unknown(name);
    return FALSE;
  }
  if (!parse_key(name, kind, dot + 1, out, why))
    return FALSE;
  g_strlcpy(out->key, dot + 1, sizeof out->key);
  return TRUE;
}

char *vq_column_label(const VqColumn *c) {
  return g_strdup_printf("%s.%s", vq_kind_name(vq_metric_info(c->metric)->kind), c->key);
}

char *vq_column_name(const VqColumn *c, const char *entity) {
  VqKind kind = vq_metric_info(c->metric)->kind;
  g_return_val_if_fail((entity == NULL) == (kind == VQ_KIND_RUN), NULL);
  if (!entity)
    return vq_column_label(c);
  return g_strdup_printf("%s.%s.%s", vq_kind_name(kind), entity, c->key);
}

double vq_column_value(const VqColumn *c, JsonObject *e) {
  if (vq_metric_info(c->metric)->type == VQ_METRIC_LATENCY)
    return vq_runs_latency(e, c->metric, c->stat);
  return vq_runs_metric_at(e, c->metric, c->index);
}

/* ---- the [collect] section ---------------------------------------------------------------- */

/* The metric named ITEM, appended to SW->collect; FALSE and ERROR when it is not one or is
 * collected already. */
static gboolean add_metric(const VqIni *ini, VqSweep *sw, const char *item, GError **error) {
  VqColumn c;
  g_autofree char *why = NULL;
  if (!vq_column_parse(item, &c, &why))
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_UNKNOWN, "collect", "metrics", "%s", why);
  for (guint i = 0; i < VQ_N_DEFAULT_COLUMNS; i++)
    if (same_value(&c, &vq_default_columns[i]))
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "collect", "metrics",
                         "\"%s\" is collected anyway (vm.NAME.%s); leave it out", item,
                         vq_default_columns[i].key);
  for (guint i = 0; i < sw->collect->len; i++)
    if (same_value(&c, &g_array_index(sw->collect, VqColumn, i)))
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "collect", "metrics",
                         "\"%s\" is listed twice", item);
  g_array_append_val(sw->collect, c);
  return TRUE;
}

gboolean vq_collect_load(const VqIni *ini, VqSweep *sw, GError **error) {
  if (!g_key_file_has_group(vq_ini_keyfile(ini), "collect"))
    return TRUE;
  static const char *const keys[] = {"metrics", NULL};
  if (!vq_ini_check_keys(ini, "collect", keys, error) ||
      !vq_ini_need(ini, "collect", "metrics", "a list of metrics, as queue.dropped_frames", error))
    return FALSE;
  g_autofree char *text = vq_ini_get(ini, "collect", "metrics");
  if (*text == '\0')
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_MISSING, "collect", "metrics",
                       "is empty; " ALLOWED ", separated by commas");
  g_auto(GStrv) items = g_strsplit(text, ",", -1);
  for (char **item = items; *item != NULL; item++) {
    if (*g_strstrip(*item) == '\0')
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "collect", "metrics",
                               "has an empty item; " ALLOWED ", separated by commas");
    if (!add_metric(ini, sw, *item, error))
      return FALSE;
  }
  return TRUE;
}
