/* Metrics: the table of sim/metrics.def, its look-ups, and docs/metrics.md. See sim/metrics.h. */
#include "sim/metrics.h"

#include <math.h>
#include <string.h>

static const VqMetricInfo table[VQ_M_N] = {
#define VQ_METRIC(id, kind, name, type, unit, doc)                                                 \
  [id] = {VQ_KIND_##kind, name, VQ_METRIC_##type, unit, doc},
#include "sim/metrics.def"
#undef VQ_METRIC
};

static const struct {
  const char *name;   /* as users name the kind */
  const char *member; /* of summary.json */
  const char *one;    /* what one entity is, for the documentation */
} kinds[VQ_KIND_N] = {
    [VQ_KIND_RUN] = {"run", "run", "the run as a whole (an object, not an array)"},
    [VQ_KIND_VM] = {"vm", "vms", "one per VM"},
    [VQ_KIND_QUEUE] = {"queue", "queues",
                       "one per NIC queue: `qN` receive, `qN.tx` its transmit-completion twin"},
    [VQ_KIND_PROCESSOR] = {"processor", "processors",
                           "one per logical processor, named by its number; busy fractions are "
                           "of the whole run"},
    [VQ_KIND_VPORT] = {"vport", "vports",
                       "one per VMMQ VPort, named after its VM, over the initial table's window"},
    [VQ_KIND_UPDATE] = {"update", "updates",
                        "one per live RSS update (`[event NAME]`); `_before` and `_after`: the "
                        "windows of the table it replaced and of its own, after warmup"},
    [VQ_KIND_FLOW] = {"flow", "flows",
                      "one per flow that saw reordering (only those), named `FLOW:PORT` "
                      "(section, source port), or `FLOW:PORT#I` (I: its place in the section) "
                      "when flows share a port"},
    [VQ_KIND_CAPTURE] = {"capture", "captures",
                         "one per `[capture NAME]`; the run's `capture_*` are their sums"},
};

static const struct {
  const char *name;
  double quantile;
  const char *doc;
} latency_stats[VQ_LATENCY_N] = {
    [VQ_LATENCY_COUNT] = {"count", NAN, "samples"},
    [VQ_LATENCY_MEAN_S] = {"mean_s", NAN, "exact mean"},
    [VQ_LATENCY_P50_S] = {"p50_s", 0.50, "median"},
    [VQ_LATENCY_P99_S] = {"p99_s", 0.99, "99th percentile"},
    [VQ_LATENCY_P999_S] = {"p999_s", 0.999, "99.9th percentile"},
    [VQ_LATENCY_MAX_S] = {"max_s", NAN, "exact maximum"},
};

const VqMetricInfo *vq_metric_info(VqMetric m) {
  g_return_val_if_fail(m < VQ_M_N, &table[0]);
  return &table[m];
}

const char *vq_kind_name(VqKind k) {
  g_return_val_if_fail(k < VQ_KIND_N, "?");
  return kinds[k].name;
}

const char *vq_kind_member(VqKind k) {
  g_return_val_if_fail(k < VQ_KIND_N, "?");
  return kinds[k].member;
}

gboolean vq_kind_find(const char *name, VqKind *out) {
  for (VqKind k = 0; k < VQ_KIND_N; k++)
    if (strcmp(kinds[k].name, name) == 0) {
      *out = k;
      return TRUE;
    }
  return FALSE;
}

char *vq_metric_label(VqMetric m) {
  const VqMetricInfo *i = vq_metric_info(m);
  if (i->type != VQ_METRIC_SERIES)
    return g_strdup_printf("%s.%s", kinds[i->kind].name, i->name);
  if (i->kind == VQ_KIND_RUN)
    return g_strdup(i->name);
  return g_strdup_printf("%s.<name>.%s", kinds[i->kind].name, i->name);
}

gboolean vq_metric_is_indexed(VqMetric m) {
  return strchr(vq_metric_info(m)->name, '<') != NULL;
}

const char *vq_metric_key(VqMetric m, guint index, char buf[VQ_METRIC_KEY_MAX]) {
  const char *name = vq_metric_info(m)->name, *open = strchr(name, '<');
  if (!open)
    return name;
  g_snprintf(buf, VQ_METRIC_KEY_MAX, "%.*s%u%s", (int)(open - name), name, index,
             strchr(open, '>') + 1);
  return buf;
}

/* Whether KEY is PATTERN ("fps.<processor>") with a decimal number in place of its "<...>"
 * part; stores the number in *INDEX. */
static gboolean matches_indexed(const char *pattern, const char *key, guint *index) {
  const char *open = strchr(pattern, '<'), *after = strchr(open, '>') + 1;
  gsize pre = (gsize)(open - pattern), post = strlen(after), len = strlen(key);
  if (len <= pre + post || strncmp(key, pattern, pre) != 0 || strcmp(key + len - post, after))
    return FALSE;
  guint64 v = 0;
  for (const char *p = key + pre; p < key + len - post; p++) {
    if (!g_ascii_isdigit(*p) || (v = v * 10 + (guint64)(*p - '0')) > G_MAXUINT)
      return FALSE;
  }
  *index = (guint)v;
  return TRUE;
}

gboolean vq_metric_matches(VqMetric m, const char *key, guint *index) {
  g_return_val_if_fail(m < VQ_M_N && key != NULL, FALSE);
  guint at = 0;
  if (vq_metric_is_indexed(m) ? !matches_indexed(table[m].name, key, &at)
                              : strcmp(table[m].name, key) != 0)
    return FALSE;
  if (index)
    *index = at;
  return TRUE;
}

gboolean vq_metric_find(VqKind kind, const char *name, VqMetric *out, guint *index) {
  g_return_val_if_fail(name != NULL && out != NULL, FALSE);
  for (VqMetric m = 0; m < VQ_M_N; m++)
    if (table[m].kind == kind && table[m].type != VQ_METRIC_SERIES &&
        vq_metric_matches(m, name, index)) {
      *out = m;
      return TRUE;
    }
  return FALSE;
}

const char *vq_metric_type_name(VqMetricType t) {
  static const char *const names[] = {
      [VQ_METRIC_DOUBLE] = "number",   [VQ_METRIC_UINT] = "integer",  [VQ_METRIC_STRING] = "string",
      [VQ_METRIC_LATENCY] = "latency", [VQ_METRIC_SERIES] = "series",
  };
  g_return_val_if_fail(t < G_N_ELEMENTS(names), "?");
  return names[t];
}

const char *vq_latency_stat_name(VqLatencyStat s) {
  g_return_val_if_fail(s < VQ_LATENCY_N, "?");
  return latency_stats[s].name;
}

double vq_latency_stat_quantile(VqLatencyStat s) {
  g_return_val_if_fail(s < VQ_LATENCY_N, NAN);
  return latency_stats[s].quantile;
}

/* ---- docs/metrics.md ----------------------------------------------------------------------- */

static void markdown_row(GString *md, const char *key, const VqMetricInfo *i, gboolean typed) {
  g_string_append_printf(md, "| `%s` |", key);
  if (typed)
    g_string_append_printf(md, " %s |", vq_metric_type_name(i->type));
  g_string_append_printf(md, " %s | %s |\n", *i->unit ? i->unit : "-", i->doc);
}

static void markdown_kind(GString *md, VqKind k) {
  g_string_append_printf(md, "%s## %s\n\nsummary.json `\"%s\"`: %s.\n\n", k ? "\n" : "",
                         kinds[k].name, kinds[k].member, kinds[k].one);
  g_string_append(md, "| key | type | unit | meaning |\n|---|---|---|---|\n");
  gboolean latency = FALSE;
  for (VqMetric m = 0; m < VQ_M_N; m++)
    if (table[m].kind == k && table[m].type != VQ_METRIC_SERIES) {
      markdown_row(md, table[m].name, &table[m], TRUE);
      latency = latency || table[m].type == VQ_METRIC_LATENCY;
    }
  if (!latency)
    return;
  g_string_append(md, "\nA latency object's members:");
  for (VqLatencyStat s = 0; s < VQ_LATENCY_N; s++)
    g_string_append_printf(md, "%s `%s` (%s)", s ? "," : "", latency_stats[s].name,
                           latency_stats[s].doc);
  g_string_append(md, ". Percentiles come from a log-bucketed histogram and are within 0.4% of "
                      "the exact nearest-rank value.\n");
}

char *vq_metrics_markdown(void) {
  GString *md = g_string_new(NULL);
  for (VqKind k = 0; k < VQ_KIND_N; k++)
    markdown_kind(md, k);
  g_string_append(md, "\n## timeseries.csv\n\nColumn `time_s` (the end of the sampling "
                      "interval, s), then per entity, in the order the models declare them:\n\n"
                      "| column | unit | meaning |\n|---|---|---|\n");
  for (VqMetric m = 0; m < VQ_M_N; m++)
    if (table[m].type == VQ_METRIC_SERIES) {
      g_autofree char *column = vq_metric_label(m);
      markdown_row(md, column, &table[m], FALSE);
    }
  return g_string_free(md, FALSE);
}
