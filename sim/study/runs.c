/* Runs: see runs.h. */
#include "sim/study/runs.h"

#include <math.h>

gboolean vq_runs_spawn(const char *scenario, const char *out, guint64 seed, const char *const *sets,
                       gboolean charts, char **stderr_text, GError **error) {
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
  /* Not --quiet: the speed line on stderr is what bench measures (stdout is discarded). */
  const char *fixed[] = {"/proc/self/exe", "run", scenario, "--out", out, "--seed"};
  for (guint i = 0; i < G_N_ELEMENTS(fixed); i++)
    g_ptr_array_add(argv, g_strdup(fixed[i]));
  g_ptr_array_add(argv, g_strdup_printf("%" G_GUINT64_FORMAT, seed));
  for (const char *const *s = sets; s && *s; s++) {
    g_ptr_array_add(argv, g_strdup("--set"));
    g_ptr_array_add(argv, g_strdup(*s));
  }
  if (!charts)
    g_ptr_array_add(argv, g_strdup("--no-charts"));
  g_ptr_array_add(argv, NULL);
  g_autofree char *errors = NULL;
  int status = 0;
  gboolean ok = g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                             NULL, NULL, &errors, &status, error) &&
                g_spawn_check_wait_status(status, error);
  if (stderr_text)
    *stderr_text = g_steal_pointer(&errors);
  return ok;
}

JsonParser *vq_runs_read_summary(const char *path, JsonObject **summary, GError **error) {
  g_autoptr(JsonParser) parser = json_parser_new();
  if (!json_parser_load_from_file(parser, path, error))
    return NULL;
  JsonNode *root = json_parser_get_root(parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
    g_set_error(error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA, "%s: not a JSON object",
                path);
    return NULL;
  }
  *summary = json_node_get_object(root);
  return g_steal_pointer(&parser);
}

double vq_runs_num(JsonObject *o, const char *key) {
  JsonNode *n = o ? json_object_get_member(o, key) : NULL;
  if (!n || JSON_NODE_TYPE(n) != JSON_NODE_VALUE)
    return NAN;
  GType t = json_node_get_value_type(n);
  return t == G_TYPE_INT64    ? (double)json_node_get_int(n)
         : t == G_TYPE_DOUBLE ? json_node_get_double(n)
                              : NAN;
}

JsonArray *vq_runs_array(JsonObject *o, const char *key) {
  JsonNode *n = o ? json_object_get_member(o, key) : NULL;
  return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

JsonObject *vq_runs_object(JsonObject *o, const char *key) {
  JsonNode *n = o ? json_object_get_member(o, key) : NULL;
  return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

/* ---- summary.json ---------------------------------------------------------------------- */

JsonObject *vq_runs_run(JsonObject *s) {
  return vq_runs_object(s, vq_kind_member(VQ_KIND_RUN));
}

JsonArray *vq_runs_entities(JsonObject *s, VqKind kind) {
  g_return_val_if_fail(kind != VQ_KIND_RUN, NULL);
  return vq_runs_array(s, vq_kind_member(kind));
}

const char *vq_runs_entity_name(JsonObject *e) {
  return e ? json_object_get_string_member_with_default(e, "name", NULL) : NULL;
}

JsonObject *vq_runs_object_at(JsonArray *a, guint i) {
  JsonNode *n = json_array_get_element(a, i);
  return JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

JsonObject *vq_runs_entity(JsonObject *s, VqKind kind, const char *name) {
  JsonArray *a = vq_runs_entities(s, kind);
  for (guint i = 0; a && i < json_array_get_length(a); i++) {
    JsonObject *o = vq_runs_object_at(a, i);
    if (o && !g_strcmp0(vq_runs_entity_name(o), name))
      return o;
  }
  return NULL;
}

double vq_runs_metric(JsonObject *e, VqMetric m) {
  g_return_val_if_fail(m < VQ_M_N && !vq_metric_is_indexed(m), NAN);
  return vq_runs_metric_at(e, m, 0);
}

double vq_runs_metric_at(JsonObject *e, VqMetric m, guint index) {
  g_return_val_if_fail(m < VQ_M_N, NAN);
  VqMetricType t = vq_metric_info(m)->type;
  g_return_val_if_fail(t == VQ_METRIC_DOUBLE || t == VQ_METRIC_UINT, NAN);
  char key[VQ_METRIC_KEY_MAX];
  return vq_runs_num(e, vq_metric_key(m, index, key));
}

double vq_runs_latency(JsonObject *e, VqMetric m, VqLatencyStat s) {
  g_return_val_if_fail(m < VQ_M_N && vq_metric_info(m)->type == VQ_METRIC_LATENCY, NAN);
  return vq_runs_num(vq_runs_object(e, vq_metric_info(m)->name), vq_latency_stat_name(s));
}

const char *vq_runs_metric_string(JsonObject *e, VqMetric m) {
  g_return_val_if_fail(m < VQ_M_N && vq_metric_info(m)->type == VQ_METRIC_STRING, NULL);
  return e ? json_object_get_string_member_with_default(e, vq_metric_info(m)->name, NULL) : NULL;
}

double vq_runs_t975(guint df) {
  static const double t[] = {NAN,   12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365,
                             2.306, 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                             2.120, 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
                             2.064, 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  return df <= 30 ? t[df] : df < 40 ? 2.042 : df < 60 ? 2.021 : df < 120 ? 2.000 : 1.980;
}
