/* Study: a sweep results directory read back. See study.h. */
#include "sim/study/study.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/study/runs.h"

static const char *string_at(JsonArray *a, guint i) {
  JsonNode *n = a && i < json_array_get_length(a) ? json_array_get_element(a, i) : NULL;
  return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
             ? json_node_get_string(n)
             : NULL;
}

/* NULL when the manifest is sound, else what is wrong with it. */
static const char *manifest_check(VqManifest *m) {
  JsonNode *root = json_parser_get_root(m->parser);
  JsonObject *o = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
  JsonArray *axes = vq_runs_array(o, "axes");
  m->points = vq_runs_array(o, "points");
  m->seeds = vq_runs_array(o, "seeds");
  m->name = o ? json_object_get_string_member_with_default(o, "name", NULL) : NULL;
  double reps = vq_runs_num(o, "replications");
  if (!axes || !m->points || !m->seeds || !(reps >= 1 && reps <= G_MAXINT32))
    return "needs axes, points, seeds and replications";
  m->reps = (guint)reps;
  m->n_points = json_array_get_length(m->points);
  if (json_array_get_length(m->seeds) != m->reps)
    return "one seed per replication expected";
  for (guint a = 0; a < json_array_get_length(axes); a++) {
    JsonNode *n = json_array_get_element(axes, a);
    const char *key =
        JSON_NODE_HOLDS_OBJECT(n)
            ? json_object_get_string_member_with_default(json_node_get_object(n), "key", NULL)
            : NULL;
    if (!key)
      return "every axis needs a key";
    g_ptr_array_add(m->keys, (gpointer)key);
  }
  for (guint p = 0; p < m->n_points; p++) {
    JsonNode *n = json_array_get_element(m->points, p);
    JsonArray *v = JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
    if (!v || json_array_get_length(v) != m->keys->len)
      return "every point needs one value per axis";
    for (guint a = 0; a < m->keys->len; a++)
      if (!string_at(v, a))
        return "axis values are strings";
  }
  for (guint r = 0; r < m->reps; r++)
    if (!string_at(m->seeds, r))
      return "seeds are strings";
  JsonObject *cap = vq_runs_object(o, "capacity");
  const char *why = NULL;
  if (cap && !(m->capacity = vq_capacity_spec_from_json(cap, &why)))
    return why;
  for (guint a = 0; m->capacity && a < m->keys->len; a++)
    if (!strcmp(m->keys->pdata[a], m->capacity->search))
      m->search = (int)a;
  if (m->capacity && m->search < 0)
    return "capacity searches a key that is not an axis";
  return NULL;
}

/* The manifest's [collect] metrics into M->collect (M checked already): NULL, or what is wrong
 * with them (transfer full); a metric this vmqsim does not know is wrong. */
static char *manifest_collect(VqManifest *m) {
  JsonArray *names =
      vq_runs_array(json_node_get_object(json_parser_get_root(m->parser)), "collect");
  for (guint i = 0; names && i < json_array_get_length(names); i++) {
    const char *name = string_at(names, i);
    VqColumn c;
    g_autofree char *why = NULL;
    if (!name)
      return g_strdup("collect: metrics are strings");
    if (!vq_column_parse(name, &c, &why))
      return g_strdup_printf("collect: %s", why);
    g_array_append_val(m->collect, c);
  }
  return NULL;
}

VqManifest *vq_manifest_load(const char *dir, char **why) {
  g_autofree char *path = g_build_filename(dir, "manifest.json", NULL);
  if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
    *why = g_strdup_printf("%s: not a sweep results directory (no manifest.json)", dir);
    return NULL;
  }
  g_autoptr(VqManifest) m = g_new0(VqManifest, 1);
  m->parser = json_parser_new();
  m->keys = g_ptr_array_new();
  m->search = -1;
  m->collect = g_array_new(FALSE, FALSE, sizeof(VqColumn));
  g_autoptr(GError) err = NULL;
  const char *bad =
      json_parser_load_from_file(m->parser, path, &err) ? manifest_check(m) : err->message;
  g_autofree char *bad_collect = bad ? NULL : manifest_collect(m);
  if (bad || bad_collect) {
    *why = g_strdup_printf("%s: not a sweep manifest: %s", path, bad ? bad : bad_collect);
    return NULL;
  }
  return g_steal_pointer(&m);
}

void vq_manifest_free(VqManifest *m) {
  if (!m)
    return;
  g_clear_object(&m->parser);
  g_ptr_array_unref(m->keys);
  vq_capacity_spec_free(m->capacity);
  if (m->collect)
    g_array_unref(m->collect);
  g_free(m);
}

const char *vq_manifest_value(const VqManifest *m, guint point, guint axis) {
  return string_at(json_array_get_array_element(m->points, point), axis);
}

const char *vq_manifest_seed(const VqManifest *m, guint replication) {
  return string_at(m->seeds, replication);
}

/* ---- runs ---------------------------------------------------------------------------------- */

static void put(GHashTable *h, char *name, double v) {
  double *p = g_new(double, 1);
  *p = v;
  g_hash_table_replace(h, name, p);
}

/* Appends a copy of NAME to NAMES unless it holds it already. */
static void add_new(GPtrArray *names, const char *name) {
  if (!g_ptr_array_find_with_equal_func(names, name, g_str_equal, NULL))
    g_ptr_array_add(names, g_strdup(name));
}

/* Column C's value in every entity of its kind in S (the run object for a run metric), into H;
 * new columns to COLUMNS (when not NULL). */
static void put_column(GHashTable *h, JsonObject *s, const VqColumn *c, GPtrArray *columns) {
  VqKind kind = vq_metric_info(c->metric)->kind;
  if (kind == VQ_KIND_RUN) {
    char *name = vq_column_name(c, NULL);
    if (columns)
      add_new(columns, name);
    put(h, name, vq_column_value(c, vq_runs_run(s)));
    return;
  }
  JsonArray *a = vq_runs_entities(s, kind);
  for (guint i = 0; a && i < json_array_get_length(a); i++) {
    JsonObject *e = vq_runs_object_at(a, i);
    const char *entity = vq_runs_entity_name(e);
    if (!entity)
      continue;
    char *name = vq_column_name(c, entity);
    if (columns)
      add_new(columns, name);
    put(h, name, vq_column_value(c, e));
  }
}

/* One run's metrics: column name -> double*. */
static GHashTable *run_metrics(JsonObject *s, const GArray *collect, VqStudyFound *found) {
  GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *a = vq_runs_entities(s, VQ_KIND_VM);
  for (guint i = 0; found && a && i < json_array_get_length(a); i++) {
    const char *name = vq_runs_entity_name(vq_runs_object_at(a, i));
    if (name)
      add_new(found->vms, name);
  }
  for (guint k = 0; k < VQ_N_DEFAULT_COLUMNS; k++)
    put_column(h, s, &vq_default_columns[k], NULL);
  double run[VQ_RUN_N];
  vq_run_metrics(s, run);
  for (guint m = 0; m < VQ_RUN_N; m++)
    put(h, g_strdup(vq_run_metric_names[m]), run[m]);
  for (guint k = 0; collect && k < collect->len; k++) {
    while (found && found->columns->len <= k)
      g_ptr_array_add(found->columns, g_ptr_array_new_with_free_func(g_free));
    put_column(h, s, &g_array_index(collect, VqColumn, k), found ? found->columns->pdata[k] : NULL);
  }
  return h;
}

GHashTable *vq_study_load_run(const char *path, const char *want, const GArray *collect,
                              VqStudyFound *found) {
  if (!g_file_test(path, G_FILE_TEST_EXISTS))
    return NULL;
  g_autoptr(GError) err = NULL;
  JsonObject *s = NULL;
  g_autoptr(JsonParser) p = vq_runs_read_summary(path, &s, &err);
  if (!p) {
    fprintf(stderr, "collect: %s: %s; left out\n", path, err->message);
    return NULL;
  }
  const char *seed = vq_runs_metric_string(vq_runs_run(s), VQ_M_RUN_SEED);
  if (g_strcmp0(seed, want)) {
    fprintf(stderr, "collect: %s: seed %s, but this sweep's is %s; left out\n", path,
            seed ? seed : "(none)", want);
    return NULL;
  }
  return run_metrics(s, collect, found);
}

char *vq_study_run_dir(const char *dir, guint run) {
  char base[32];
  g_snprintf(base, sizeof base, "run-%05u", run);
  return g_build_filename(dir, "runs", base, NULL);
}

GHashTable **vq_study_load_grid(const char *dir, const VqManifest *m, VqStudyFound *found,
                                guint *present) {
  guint total = m->n_points * m->reps, n = 0;
  GHashTable **runs = g_new0(GHashTable *, MAX(total, 1));
  for (guint i = 0; i < total; i++) {
    g_autofree char *rd = vq_study_run_dir(dir, i);
    g_autofree char *path = g_build_filename(rd, "summary.json", NULL);
    runs[i] = vq_study_load_run(path, vq_manifest_seed(m, i % m->reps), m->collect, found);
    n += runs[i] != NULL;
  }
  if (present)
    *present = n;
  return runs;
}

void vq_study_runs_free(GHashTable **runs, guint n) {
  for (guint i = 0; i < n; i++)
    if (runs[i])
      g_hash_table_unref(runs[i]);
  g_free(runs);
}

guint vq_study_stats(GHashTable **runs, guint n, const char *name, double *mean, double *hw) {
  double sum = 0, ss = 0;
  guint k = 0;
  for (guint i = 0; i < n; i++) {
    double *v = runs[i] ? g_hash_table_lookup(runs[i], name) : NULL;
    if (v && isfinite(*v)) {
      sum += *v;
      k++;
    }
  }
  *mean = k ? sum / k : NAN;
  for (guint i = 0; i < n; i++) {
    double *v = runs[i] ? g_hash_table_lookup(runs[i], name) : NULL;
    if (v && isfinite(*v))
      ss += (*v - *mean) * (*v - *mean);
  }
  *hw = k > 1 ? vq_runs_t975(k - 1) * sqrt(ss / (k - 1) / k) : NAN;
  return k;
}

void vq_study_num(GString *s, double v, const char *undefined) {
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append(s, isfinite(v) ? g_ascii_formatd(buf, sizeof buf, "%.9g", v) : undefined);
}

gboolean vq_study_write(const char *dir, const char *name, const GString *text) {
  g_autofree char *path = g_build_filename(dir, name, NULL);
  g_autoptr(GError) err = NULL;
  if (g_file_set_contents(path, text->str, (gssize)text->len, &err))
    return TRUE;
  fprintf(stderr, "vmqsim: %s\n", err->message);
  return FALSE;
}

/* ---- capacity configurations --------------------------------------------------------------- */

char *vq_study_probe_dir(const char *dir, guint config, const char *value, guint replication) {
  char c[16], r[16];
  g_snprintf(c, sizeof c, "c%03u", config);
  g_snprintf(r, sizeof r, "run-r%02u", replication);
  return g_build_filename(dir, "probes", c, value, r, NULL);
}

/* A point from REPS run tables (NULLs for missing runs); FALSE when none is there. */
static gboolean cap_point(GHashTable **runs, guint reps, double x, gboolean probe, VqCapPoint *p) {
  *p = (VqCapPoint){.x = x, .probe = probe};
  for (guint r = 0; r < reps; r++)
    p->n += runs[r] != NULL;
  for (guint k = 0; k < VQ_RUN_N; k++)
    vq_study_stats(runs, reps, vq_run_metric_names[k], &p->mean[k], &p->ci95[k]);
  return p->n > 0;
}

/* The probes of configuration C found under DIR/probes/cNNN/. */
static void add_probes(const char *dir, const VqManifest *m, guint c, VqCapConfig *conf) {
  char name[16];
  g_snprintf(name, sizeof name, "c%03u", c);
  g_autofree char *cdir = g_build_filename(dir, "probes", name, NULL);
  g_autoptr(GDir) d = g_dir_open(cdir, 0, NULL);
  const char *value;
  while (d && (value = g_dir_read_name(d))) {
    double x = vq_capacity_value(m->capacity, value);
    if (isnan(x))
      continue;
    GHashTable **runs = g_new0(GHashTable *, m->reps);
    for (guint r = 0; r < m->reps; r++) {
      g_autofree char *rd = vq_study_probe_dir(dir, c, value, r);
      g_autofree char *path = g_build_filename(rd, "summary.json", NULL);
      runs[r] = vq_study_load_run(path, vq_manifest_seed(m, r), NULL, NULL);
    }
    VqCapPoint p;
    if (cap_point(runs, m->reps, x, TRUE, &p))
      g_array_append_val(conf->points, p);
    for (guint r = 0; r < m->reps; r++)
      if (runs[r])
        g_hash_table_unref(runs[r]);
    g_free(runs);
  }
}

/* Whether axis A takes more than one value. */
static gboolean axis_varies(const VqManifest *m, guint a) {
  for (guint p = 1; p < m->n_points; p++)
    if (strcmp(vq_manifest_value(m, p, a), vq_manifest_value(m, 0, a)))
      return TRUE;
  return FALSE;
}

/* "key=value, key=value" of the axes that vary but the searched one ("variant" shows its value
 * alone). */
static char *config_label(const VqManifest *m, const gboolean *varies, guint point) {
  g_autoptr(GString) s = g_string_new(NULL);
  for (guint a = 0; a < m->keys->len; a++) {
    if ((int)a == m->search || !varies[a])
      continue;
    const char *k = m->keys->pdata[a], *v = vq_manifest_value(m, point, a);
    g_string_append_printf(s, "%s%s%s%s", s->len ? ", " : "", strcmp(k, "variant") ? k : "",
                           strcmp(k, "variant") ? "=" : "", v);
  }
  return s->len ? g_string_free(g_steal_pointer(&s), FALSE) : g_strdup("all");
}

GPtrArray *vq_study_configs(const char *dir, const VqManifest *m, GHashTable **runs) {
  GPtrArray *configs = g_ptr_array_new_with_free_func(vq_cap_config_free);
  if (!m->capacity)
    return configs;
  g_autoptr(GHashTable) index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_autofree gboolean *varies = g_new0(gboolean, m->keys->len + 1);
  for (guint a = 0; a < m->keys->len; a++)
    varies[a] = axis_varies(m, a);
  for (guint p = 0; p < m->n_points; p++) {
    g_autofree char *label = config_label(m, varies, p);
    gpointer c;
    if (!g_hash_table_lookup_extended(index, label, NULL, &c)) {
      VqCapConfig *conf = g_new0(VqCapConfig, 1);
      conf->label = g_strdup(label);
      conf->points = g_array_new(FALSE, FALSE, sizeof(VqCapPoint));
      conf->grid_point = p;
      c = GUINT_TO_POINTER(configs->len);
      g_hash_table_insert(index, g_strdup(label), c);
      g_ptr_array_add(configs, conf);
    }
    VqCapConfig *conf = g_ptr_array_index(configs, GPOINTER_TO_UINT(c));
    double x = vq_capacity_value(m->capacity, vq_manifest_value(m, p, (guint)m->search));
    VqCapPoint pt;
    if (!isnan(x) && cap_point(runs + (gsize)p * m->reps, m->reps, x, FALSE, &pt))
      g_array_append_val(conf->points, pt);
  }
  for (guint c = 0; c < configs->len; c++) {
    add_probes(dir, m, c, g_ptr_array_index(configs, c));
    vq_capacity_analyse(m->capacity, g_ptr_array_index(configs, c));
  }
  return configs;
}
