/* Runs: see runs.h. */
#include "sim/study/runs.h"

#include <math.h>

gboolean vq_runs_spawn(const char *scenario, const char *out, guint64 seed, const char *const *sets,
                       gboolean charts, char **stderr_text, GError **error) {
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
  const char *fixed[] = {"/proc/self/exe", "run", scenario, "--quiet", "--out", out, "--seed"};
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

JsonArray *vq_runs_array(JsonObject *s, const char *kind) {
  JsonNode *n = s ? json_object_get_member(s, kind) : NULL;
  return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

JsonObject *vq_runs_object(JsonObject *o, const char *key) {
  JsonNode *n = o ? json_object_get_member(o, key) : NULL;
  return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

JsonObject *vq_runs_entity(JsonObject *s, const char *kind, const char *name) {
  JsonArray *a = vq_runs_array(s, kind);
  for (guint i = 0; a && i < json_array_get_length(a); i++) {
    JsonNode *n = json_array_get_element(a, i);
    JsonObject *o = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
    if (o && !g_strcmp0(json_object_get_string_member_with_default(o, "name", ""), name))
      return o;
  }
  return NULL;
}

double vq_runs_t975(guint df) {
  static const double t[] = {NAN,   12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365,
                             2.306, 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                             2.120, 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
                             2.064, 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  return df <= 30 ? t[df] : df < 40 ? 2.042 : df < 60 ? 2.021 : df < 120 ? 2.000 : 1.980;
}
