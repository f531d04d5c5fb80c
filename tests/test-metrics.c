/* Tests for the metrics table (sim/metrics.def, sim/output/metrics.c): its rows, the look-ups,
 * the report refusing what the table does not allow (sim/output/report.c), and its agreement with
 * the golden results in tests/golden/: every key and column there is a metric of the table with the
 * table's JSON type, and every metric the studies (sim/study/) read is there, so a model that
 * stopped writing one fails here rather than turning a study's results into null. */
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sim/metrics.h"
#include "sim/output/report-private.h"

#define GOLDEN VQ_SOURCE_DIR "/tests/golden"
#define STUDY VQ_SOURCE_DIR "/sim/study"

/* Each metric's C identifier, from the same rows as the enum. */
static const char *const ids[VQ_M_N] = {
#define VQ_METRIC(id, kind, name, type, unit, doc) [id] = #id,
#include "sim/metrics.def"
#undef VQ_METRIC
};

/* ---- the table --------------------------------------------------------------------------- */

static void test_rows(void) {
  for (VqMetric m = 0; m < VQ_M_N; m++) {
    const VqMetricInfo *i = vq_metric_info(m);
    g_assert_nonnull(ids[m]);
    g_assert_true(i->name && *i->name && i->unit && i->doc && *i->doc);
    g_assert_cmpuint(i->kind, <, VQ_KIND_N);
    /* "name" is every entity's own key; two rows of one kind and file never share a name. */
    g_assert_cmpstr(i->name, !=, "name");
    for (VqMetric o = 0; o < m; o++) {
      const VqMetricInfo *j = vq_metric_info(o);
      gboolean series = i->type == VQ_METRIC_SERIES, other = j->type == VQ_METRIC_SERIES;
      if (j->kind == i->kind && series == other && !strcmp(j->name, i->name))
        g_error("%s and %s are both %s", ids[o], ids[m], i->name);
    }
    /* The longest index fits the key buffer. */
    char key[VQ_METRIC_KEY_MAX];
    g_assert_cmpuint(strlen(vq_metric_key(m, G_MAXUINT, key)), <, VQ_METRIC_KEY_MAX - 1);
  }
}

static void test_find(void) {
  for (VqMetric m = 0; m < VQ_M_N; m++) {
    const VqMetricInfo *i = vq_metric_info(m);
    char key[VQ_METRIC_KEY_MAX];
    VqMetric found = VQ_M_N;
    guint index = 0;
    gboolean ok = vq_metric_find(i->kind, vq_metric_key(m, 17, key), &found, &index);
    if (i->type == VQ_METRIC_SERIES) { /* columns are not summary keys */
      g_assert_true(!ok || found != m);
      continue;
    }
    g_assert_true(ok);
    g_assert_cmpstr(ids[found], ==, ids[m]);
    g_assert_cmpuint(index, ==, vq_metric_is_indexed(m) ? 17 : 0);
  }
  VqMetric m;
  guint index;
  g_assert_true(vq_metric_find(VQ_KIND_UPDATE, "load_after.12", &m, &index));
  g_assert_true(m == VQ_M_UPDATE_LOAD_AFTER && index == 12);
  g_assert_true(vq_metric_find(VQ_KIND_PROCESSOR, "busy.dpc", &m, NULL));
  g_assert_true(m == VQ_M_PROCESSOR_BUSY_DPC);
  const char *const bad[] = {
      "fps.", "fps.x", "fps.1x", "fps.99999999999", "fps", "busy.", "rx_gbps", "dropped_frame", ""};
  for (guint b = 0; b < G_N_ELEMENTS(bad); b++)
    g_assert_false(vq_metric_find(VQ_KIND_VPORT, bad[b], &m, NULL) ||
                   vq_metric_find(VQ_KIND_VM, bad[b], &m, NULL) ||
                   vq_metric_find(VQ_KIND_PROCESSOR, bad[b], &m, NULL));
  g_assert_false(vq_metric_find(VQ_KIND_QUEUE, "vcpus", &m, NULL)); /* a VM's, not a queue's */
  VqKind k;
  g_assert_true(vq_kind_find("vport", &k) && k == VQ_KIND_VPORT);
  g_assert_false(vq_kind_find("vports", &k));
  g_assert_cmpstr(vq_kind_member(VQ_KIND_PROCESSOR), ==, "processors");
  g_autofree char *label = vq_metric_label(VQ_M_QUEUE_DROPPED_FRAMES);
  g_assert_cmpstr(label, ==, "queue.dropped_frames");
  g_autofree char *column = vq_metric_label(VQ_M_TS_VPORT_LP_FPS);
  g_assert_cmpstr(column, ==, "vport.<name>.lp<processor>.fps");
  char key[VQ_METRIC_KEY_MAX];
  g_assert_cmpstr(vq_metric_key(VQ_M_TS_VPORT_LP_FPS, 3, key), ==, "lp3.fps");
  g_assert_cmpstr(vq_latency_stat_name(VQ_LATENCY_P999_S), ==, "p999_s");
  g_assert_cmpfloat(vq_latency_stat_quantile(VQ_LATENCY_P99_S), ==, 0.99);
  g_assert_true(isnan(vq_latency_stat_quantile(VQ_LATENCY_MEAN_S)));
}

/* ---- the report's side of the contract ----------------------------------------------------- */

/* The table governs what a model may set: a metric of another kind or type, a fraction for an
 * integer, or an indexed metric without its index is refused (a critical, no field); setting a
 * metric again keeps its place; an integer metric set from a double is kept as an integer. */
static void test_report_contract(void) {
  g_autoptr(VqReport) r = vq_report_new("contract");
  VqReportEntity *vm = vq_report_add_entity(r, VQ_KIND_VM, "web");
  vq_report_set(vm, VQ_M_VM_OFFERED_FRAMES, 1);
  vq_report_set(vm, VQ_M_VM_DELIVERED_FRAMES, 2);
  vq_report_set(vm, VQ_M_VM_OFFERED_FRAMES, 3);
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*info->kind == e->kind*");
  vq_report_set(vm, VQ_M_QUEUE_DROPPED_FRAMES, 4);
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*field_types*");
  vq_report_set(vm, VQ_M_VM_QUEUE, 5);
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*v == floor(v)*");
  vq_report_set(vm, VQ_M_VM_DROPPED_FRAMES, 1.5);
  VqReportEntity *vp = vq_report_add_entity(r, VQ_KIND_VPORT, "web");
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*vq_metric_is_indexed*");
  vq_report_set(vp, VQ_M_VPORT_FPS, 6);
  g_test_expect_message(NULL, G_LOG_LEVEL_CRITICAL, "*info->kind == e->kind*");
  vq_report_set_string(vq_report_run(r), VQ_M_QUEUE_VM, "web");
  g_test_assert_expected_messages();
  g_assert_cmpuint(vm->fields->len, ==, 2);
  const Field *first = vm->fields->pdata[0], *second = vm->fields->pdata[1];
  g_assert_true(first->metric == VQ_M_VM_OFFERED_FRAMES && first->type == FIELD_UINT);
  g_assert_cmpuint(first->u, ==, 3);
  g_assert_true(second->metric == VQ_M_VM_DELIVERED_FRAMES);
  g_assert_cmpuint(vp->fields->len, ==, 0);
  g_assert_cmpuint(vq_report_run(r)->fields->len, ==, 0);
}

/* ---- the golden results ----------------------------------------------------------------- */

typedef struct {
  GPtrArray *parsers;   /* JsonParser*, one per golden summary.json */
  GPtrArray *summaries; /* JsonObject*, their roots */
  GPtrArray *columns;   /* char*: every golden timeseries.csv column but time_s */
} Golden;

static void golden_load(Golden *g) {
  g->parsers = g_ptr_array_new_with_free_func(g_object_unref);
  g->summaries = g_ptr_array_new();
  g->columns = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GDir) d = g_dir_open(GOLDEN, 0, NULL);
  g_assert_nonnull(d);
  for (const char *run; (run = g_dir_read_name(d));) {
    g_autofree char *json = g_build_filename(GOLDEN, run, "summary.json", NULL);
    g_autofree char *csv = g_build_filename(GOLDEN, run, "timeseries.csv", NULL);
    JsonParser *p = json_parser_new();
    g_autoptr(GError) err = NULL;
    g_assert_true(json_parser_load_from_file(p, json, &err));
    g_ptr_array_add(g->parsers, p);
    g_ptr_array_add(g->summaries, json_node_get_object(json_parser_get_root(p)));
    g_autofree char *text = NULL;
    g_assert_true(g_file_get_contents(csv, &text, NULL, NULL));
    *strchr(text, '\n') = '\0';
    g_auto(GStrv) header = g_strsplit(text, ",", -1);
    g_assert_cmpstr(header[0], ==, "time_s");
    for (guint c = 1; header[c]; c++)
      g_ptr_array_add(g->columns, g_strdup(header[c]));
  }
  g_assert_cmpuint(g->summaries->len, >=, 2);
}

static void golden_free(Golden *g) {
  g_ptr_array_unref(g->summaries);
  g_ptr_array_unref(g->parsers);
  g_ptr_array_unref(g->columns);
}

/* Whether the JSON node N has the type the table gives M. */
static gboolean type_fits(VqMetric m, JsonNode *n) {
  GType t = JSON_NODE_HOLDS_VALUE(n) ? json_node_get_value_type(n) : G_TYPE_INVALID;
  switch (vq_metric_info(m)->type) {
  case VQ_METRIC_DOUBLE:
    return t == G_TYPE_DOUBLE || JSON_NODE_HOLDS_NULL(n);
  case VQ_METRIC_UINT:
    return t == G_TYPE_INT64 && json_node_get_int(n) >= 0;
  case VQ_METRIC_STRING:
    return t == G_TYPE_STRING;
  case VQ_METRIC_LATENCY:
    if (!JSON_NODE_HOLDS_OBJECT(n) || json_object_get_size(json_node_get_object(n)) != VQ_LATENCY_N)
      return FALSE;
    for (VqLatencyStat s = 0; s < VQ_LATENCY_N; s++)
      if (!json_object_has_member(json_node_get_object(n), vq_latency_stat_name(s)))
        return FALSE;
    return TRUE;
  case VQ_METRIC_SERIES:
    break;
  }
  return FALSE;
}

/* The entities of KIND in summary S (the run object alone for VQ_KIND_RUN). */
static GPtrArray *entities(JsonObject *s, VqKind kind) {
  GPtrArray *out = g_ptr_array_new();
  JsonNode *n = json_object_get_member(s, vq_kind_member(kind));
  if (n && kind == VQ_KIND_RUN)
    g_ptr_array_add(out, json_node_get_object(n));
  for (guint i = 0; n && kind != VQ_KIND_RUN && i < json_array_get_length(json_node_get_array(n));
       i++)
    g_ptr_array_add(out, json_array_get_object_element(json_node_get_array(n), i));
  return out;
}

/* Every member of every golden summary is a metric of its kind, of the table's type. */
static void test_golden_keys(void) {
  Golden g;
  golden_load(&g);
  guint checked = 0;
  for (guint s = 0; s < g.summaries->len; s++) {
    JsonObject *sum = g.summaries->pdata[s];
    guint members = 2; /* "scenario" and "warnings" (sim/output/warnings.h: not metrics) */
    g_assert_true(json_object_has_member(sum, "warnings"));
    for (VqKind k = 0; k < VQ_KIND_N; k++) {
      members += json_object_has_member(sum, vq_kind_member(k));
      g_autoptr(GPtrArray) es = entities(sum, k);
      for (guint e = 0; e < es->len; e++) {
        g_autoptr(GList) keys = json_object_get_members(es->pdata[e]);
        for (GList *l = keys; l; l = l->next) {
          VqMetric m;
          if (k != VQ_KIND_RUN && !strcmp(l->data, "name"))
            continue;
          if (!vq_metric_find(k, l->data, &m, NULL))
            g_error("golden %s.%s is not in sim/metrics.def", vq_kind_name(k), (char *)l->data);
          if (!type_fits(m, json_object_get_member(es->pdata[e], l->data)))
            g_error("golden %s.%s is not a JSON %s", vq_kind_name(k), (char *)l->data,
                    vq_metric_type_name(vq_metric_info(m)->type));
          checked++;
        }
      }
    }
    g_assert_cmpuint(json_object_get_size(sum), ==, members); /* no unknown kind */
  }
  g_assert_cmpuint(checked, >, 200);
  golden_free(&g);
}

/* Whether COLUMN is series M's column of some entity ("vm.<entity>.rx_gbps"). */
static gboolean column_of(const char *column, VqMetric m) {
  const VqMetricInfo *i = vq_metric_info(m);
  g_autofree char *label = vq_metric_label(m); /* "vport.<name>.lp<processor>.fps" */
  g_autoptr(GString) re = g_string_new("^");
  for (const char *p = label; *p;) {
    const char *open = strchr(p, '<');
    g_autofree char *lit = g_regex_escape_string(p, open ? (gint)(open - p) : -1);
    g_string_append(re, lit);
    if (!open)
      break;
    g_string_append(re, g_str_has_prefix(open, "<name>") ? "[^,]+" : "[0-9]+");
    p = strchr(open, '>') + 1;
  }
  g_string_append_c(re, '$');
  return i->type == VQ_METRIC_SERIES && g_regex_match_simple(re->str, column, 0, 0);
}

static void test_golden_columns(void) {
  Golden g;
  golden_load(&g);
  for (guint c = 0; c < g.columns->len; c++) {
    gboolean found = FALSE;
    for (VqMetric m = 0; m < VQ_M_N && !found; m++)
      found = column_of(g.columns->pdata[c], m);
    if (!found)
      g_error("golden timeseries column %s is not in sim/metrics.def", (char *)g.columns->pdata[c]);
  }
  g_assert_cmpuint(g.columns->len, >, 20);
  g_assert_false(column_of("vm.web.rx_gbps.x", VQ_M_TS_VM_RX_GBPS));
  g_assert_false(column_of("vport.big.lpX.fps", VQ_M_TS_VPORT_LP_FPS));
  golden_free(&g);
}

/* Whether some golden entity of M's kind has M with a value of its type (for an indexed metric,
 * at any index); a metric that is only ever null does not count. */
static gboolean golden_has(const Golden *g, VqMetric m) {
  const VqMetricInfo *info = vq_metric_info(m);
  for (guint s = 0; s < g->summaries->len; s++) {
    g_autoptr(GPtrArray) es = entities(g->summaries->pdata[s], info->kind);
    for (guint e = 0; e < es->len; e++) {
      g_autoptr(GList) keys = json_object_get_members(es->pdata[e]);
      for (GList *l = keys; l; l = l->next) {
        VqMetric found;
        JsonNode *n = json_object_get_member(es->pdata[e], l->data);
        if (vq_metric_find(info->kind, l->data, &found, NULL) && found == m &&
            !JSON_NODE_HOLDS_NULL(n) && type_fits(m, n))
          return TRUE;
      }
    }
  }
  return FALSE;
}

/* The metrics the files of sim/study/ name (their VQ_M_ identifiers), each once. */
static GArray *study_reads(void) {
  GArray *read = g_array_new(FALSE, FALSE, sizeof(VqMetric));
  g_autoptr(GRegex) re = g_regex_new("\\bVQ_M_[A-Z0-9_]+\\b", 0, 0, NULL);
  g_autoptr(GDir) d = g_dir_open(STUDY, 0, NULL);
  g_assert_nonnull(d);
  for (const char *f; (f = g_dir_read_name(d));) {
    if (!g_str_has_suffix(f, ".c") && !g_str_has_suffix(f, ".h"))
      continue;
    g_autofree char *path = g_build_filename(STUDY, f, NULL), *text = NULL;
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_autoptr(GMatchInfo) mi = NULL;
    for (g_regex_match(re, text, 0, &mi); g_match_info_matches(mi); g_match_info_next(mi, NULL)) {
      g_autofree char *id = g_match_info_fetch(mi, 0);
      if (!strcmp(id, "VQ_M_N")) /* the count, not a metric */
        continue;
      VqMetric m = 0;
      while (m < VQ_M_N && strcmp(ids[m], id))
        m++;
      if (m == VQ_M_N)
        g_error("%s names %s, which sim/metrics.def does not have", path, id);
      gboolean seen = FALSE;
      for (guint i = 0; i < read->len && !seen; i++)
        seen = g_array_index(read, VqMetric, i) == m;
      if (!seen)
        g_array_append_val(read, m);
    }
  }
  return read;
}

static void test_study_reads_in_golden(void) {
  Golden g;
  golden_load(&g);
  g_autoptr(GArray) read = study_reads();
  g_assert_cmpuint(read->len, >=, 20); /* capacity, collect and validate read that many */
  for (guint i = 0; i < read->len; i++) {
    VqMetric m = g_array_index(read, VqMetric, i);
    if (!golden_has(&g, m))
      g_error("the studies read %s (%s.%s), which no golden summary.json has", ids[m],
              vq_kind_name(vq_metric_info(m)->kind), vq_metric_info(m)->name);
  }
  /* The check can fail: the golden runs have no flow that saw reordering, hence no flows. */
  g_assert_false(golden_has(&g, VQ_M_FLOW_SRC_PORT));
  g_assert_true(golden_has(&g, VQ_M_VPORT_FPS));
  golden_free(&g);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/metrics/rows", test_rows);
  g_test_add_func("/metrics/find", test_find);
  g_test_add_func("/metrics/report-contract", test_report_contract);
  g_test_add_func("/metrics/golden-keys-in-table", test_golden_keys);
  g_test_add_func("/metrics/golden-columns-in-table", test_golden_columns);
  g_test_add_func("/metrics/study-reads-in-golden", test_study_reads_in_golden);
  return g_test_run();
}
