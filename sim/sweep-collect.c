/* `vmqsim collect DIR`: see sweep-run.h. Reads only DIR (manifest.json and the runs' summary.json
 * files), never the sweep file, so a results directory copied elsewhere still collects. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sim/runs.h"
#include "sim/sweep-run.h"

#define EXIT_BAD_INPUT 2

/* DIR/manifest.json, checked to hold what collect reads. */
typedef struct {
  JsonParser *parser;
  GPtrArray *keys;   /* const char*: the axis keys */
  JsonArray *points; /* per point, an array of the axis values (strings) */
  JsonArray *seeds;  /* per replication, its --seed (string) */
  guint n_points, reps;
} Manifest;

static const char *string_at(JsonArray *a, guint i) {
  JsonNode *n = a && i < json_array_get_length(a) ? json_array_get_element(a, i) : NULL;
  return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING
             ? json_node_get_string(n)
             : NULL;
}

/* NULL when the manifest is sound, else what is wrong with it. */
static const char *manifest_check(Manifest *m) {
  JsonNode *root = json_parser_get_root(m->parser);
  JsonObject *o = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
  JsonArray *axes = vq_runs_array(o, "axes");
  m->points = vq_runs_array(o, "points");
  m->seeds = vq_runs_array(o, "seeds");
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
  return NULL;
}

/* ---- metrics ------------------------------------------------------------------------------ */

static void put(GHashTable *h, char *name, double v) {
  double *p = g_new(double, 1);
  *p = v;
  g_hash_table_replace(h, name, p);
}

/* One run's metrics: name -> double*. New VM names are appended to VMS (first appearance). */
static GHashTable *run_metrics(JsonObject *s, GPtrArray *vms) {
  GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *a = vq_runs_array(s, "vms");
  double total = a ? 0 : NAN, busy = NAN;
  for (guint i = 0; a && i < json_array_get_length(a); i++) {
    JsonNode *n = json_array_get_element(a, i);
    JsonObject *vm = JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
    const char *name = vm ? json_object_get_string_member_with_default(vm, "name", NULL) : NULL;
    if (!name)
      continue;
    if (!g_ptr_array_find_with_equal_func(vms, name, g_str_equal, NULL))
      g_ptr_array_add(vms, g_strdup(name));
    double gbps = vq_runs_num(vm, "delivered_gbps");
    put(h, g_strdup_printf("vm.%s.delivered_gbps", name), gbps);
    put(h, g_strdup_printf("vm.%s.drop_fraction", name), vq_runs_num(vm, "drop_fraction"));
    put(h, g_strdup_printf("vm.%s.latency_p99_s", name),
        vq_runs_num(vq_runs_object(vm, "latency_s"), "p99_s"));
    total += gbps;
  }
  JsonArray *procs = vq_runs_array(s, "processors");
  for (guint i = 0; procs && i < json_array_get_length(procs); i++) {
    JsonNode *n = json_array_get_element(procs, i);
    double b = vq_runs_num(JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL, "busy");
    busy = isnan(busy) || b > busy ? b : busy;
  }
  put(h, g_strdup("run.max_processor_busy"), busy);
  put(h, g_strdup("run.delivered_gbps"), total);
  return h;
}

/* The summary of run RUN, its metrics, or NULL when it is missing or not this sweep's run. */
static GHashTable *load_run(const char *dir, const Manifest *m, guint run, GPtrArray *vms) {
  char base[32];
  g_snprintf(base, sizeof base, "run-%05u", run);
  g_autofree char *path = g_build_filename(dir, "runs", base, "summary.json", NULL);
  if (!g_file_test(path, G_FILE_TEST_EXISTS))
    return NULL;
  g_autoptr(GError) err = NULL;
  JsonObject *s = NULL;
  g_autoptr(JsonParser) p = vq_runs_read_summary(path, &s, &err);
  if (!p) {
    fprintf(stderr, "collect: %s: %s; left out\n", path, err->message);
    return NULL;
  }
  JsonObject *r = vq_runs_object(s, "run");
  const char *seed = r ? json_object_get_string_member_with_default(r, "seed", NULL) : NULL;
  const char *want = string_at(m->seeds, run % m->reps);
  if (g_strcmp0(seed, want)) {
    fprintf(stderr, "collect: %s: seed %s, but this sweep's is %s; left out\n", path,
            seed ? seed : "(none)", want);
    return NULL;
  }
  return run_metrics(s, vms);
}

/* ---- output ------------------------------------------------------------------------------- */

static void num(GString *s, double v, const char *undefined) {
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append(s, isfinite(v) ? g_ascii_formatd(buf, sizeof buf, "%.9g", v) : undefined);
}

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

/* Mean and 95% half-width of the finite values of metric NAME over the runs present. */
static guint stats(GHashTable **runs, guint n, const char *name, double *mean, double *hw) {
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

static gboolean write_out(const char *dir, const char *name, const GString *text) {
  g_autofree char *path = g_build_filename(dir, name, NULL);
  g_autoptr(GError) err = NULL;
  if (g_file_set_contents(path, text->str, (gssize)text->len, &err))
    return TRUE;
  fprintf(stderr, "vmqsim: %s\n", err->message);
  return FALSE;
}

int vq_collect_dir(const char *dir) {
  g_autofree char *mpath = g_build_filename(dir, "manifest.json", NULL);
  if (!g_file_test(mpath, G_FILE_TEST_IS_REGULAR)) {
    fprintf(stderr, "vmqsim: %s: not a sweep results directory (no manifest.json)\n", dir);
    return EXIT_BAD_INPUT;
  }
  g_autoptr(GPtrArray) keys = g_ptr_array_new();
  g_autoptr(JsonParser) parser = json_parser_new(); /* freed at scope exit */
  Manifest m = {.parser = parser, .keys = keys};
  g_autoptr(GError) err = NULL;
  const char *bad =
      json_parser_load_from_file(m.parser, mpath, &err) ? manifest_check(&m) : err->message;
  if (bad) {
    fprintf(stderr, "vmqsim: %s: not a sweep manifest: %s\n", mpath, bad);
    return EXIT_BAD_INPUT;
  }
  guint total = m.n_points * m.reps, present = 0;
  g_autoptr(GPtrArray) vms = g_ptr_array_new_with_free_func(g_free);
  GHashTable **runs = g_new0(GHashTable *, MAX(total, 1));
  for (guint i = 0; i < total; i++)
    present += (runs[i] = load_run(dir, &m, i, vms)) != NULL;
  g_autoptr(GPtrArray) metrics = g_ptr_array_new_with_free_func(g_free);
  static const char *const per_vm[] = {"delivered_gbps", "drop_fraction", "latency_p99_s"};
  for (guint v = 0; v < vms->len; v++)
    for (guint k = 0; k < G_N_ELEMENTS(per_vm); k++)
      g_ptr_array_add(metrics, g_strdup_printf("vm.%s.%s", (char *)vms->pdata[v], per_vm[k]));
  g_ptr_array_add(metrics, g_strdup("run.max_processor_busy"));
  g_ptr_array_add(metrics, g_strdup("run.delivered_gbps"));

  g_autoptr(GString) csv = g_string_new("point");
  g_autoptr(GString) js = g_string_new("{\n  \"axes\": [");
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
  g_string_append_printf(js, "],\n  \"replications\": %u,\n  \"points\": [", m.reps);
  g_string_append_c(csv, '\n');
  for (guint p = 0; p < m.n_points; p++) {
    GHashTable **pr = runs + (gsize)p * m.reps;
    JsonArray *values = json_array_get_array_element(m.points, p);
    guint n = 0;
    g_autoptr(GString) missing = g_string_new(NULL);
    for (guint r = 0; r < m.reps; r++) {
      n += pr[r] != NULL;
      if (!pr[r])
        g_string_append_printf(missing, " run-%05u", p * m.reps + r);
    }
    if (missing->len)
      fprintf(stderr, "collect: point %u: %u of %u replications missing:%s\n", p, m.reps - n,
              m.reps, missing->str);
    g_string_append_printf(csv, "%u", p);
    g_string_append_printf(js, "%s\n    {\"point\": %u, \"values\": {", p ? "," : "", p);
    for (guint a = 0; a < keys->len; a++) {
      g_string_append_c(csv, ',');
      csv_field(csv, string_at(values, a));
      g_string_append(js, a ? ", " : "");
      json_str(js, keys->pdata[a]);
      g_string_append(js, ": ");
      json_str(js, string_at(values, a));
    }
    g_string_append_printf(csv, ",%u", n);
    g_string_append_printf(js, "}, \"n\": %u,\n     \"metrics\": {", n);
    for (guint k = 0; k < metrics->len; k++) {
      double mean, hw;
      guint got = stats(pr, m.reps, metrics->pdata[k], &mean, &hw);
      if (got < n)
        fprintf(stderr, "collect: point %u: %s missing in %u of %u runs\n", p,
                (char *)metrics->pdata[k], n - got, n);
      g_string_append_c(csv, ',');
      num(csv, mean, "");
      g_string_append_c(csv, ',');
      num(csv, hw, "");
      g_string_append(js, k ? ",\n       " : "\n       ");
      json_str(js, metrics->pdata[k]);
      g_string_append(js, ": {\"mean\": ");
      num(js, mean, "null");
      g_string_append(js, ", \"ci95\": ");
      num(js, hw, "null");
      g_string_append_printf(js, ", \"n\": %u}", got);
    }
    g_string_append(csv, "\n");
    g_string_append(js, "}}");
  }
  g_string_append(js, "\n  ]\n}\n");
  for (guint i = 0; i < total; i++)
    if (runs[i])
      g_hash_table_unref(runs[i]);
  g_free(runs);
  if (!write_out(dir, "points.csv", csv) || !write_out(dir, "points.json", js))
    return EXIT_FAILURE;
  printf("collect: %u points, %u of %u runs: %s/points.csv, %s/points.json\n", m.n_points, present,
         total, dir, dir);
  return EXIT_SUCCESS;
}

static const char collect_usage[] =
    "Usage: vmqsim collect DIR\n"
    "Summarises the sweep results directory DIR (written by vmqsim sweep): DIR/points.csv and\n"
    "DIR/points.json, one row per point: the axis values, n (replications present), and per\n"
    "metric its mean and 95% Student-t half-width (metric_mean, metric_ci95). Metrics:\n"
    "vm.NAME.delivered_gbps, vm.NAME.drop_fraction, vm.NAME.latency_p99_s,\n"
    "run.max_processor_busy, run.delivered_gbps. Missing runs are noted on stderr.\n"
    "Exit status: 0 written, 1 cannot write, 2 bad arguments or not a sweep results directory.\n";

int vq_collect_main(int argc, char **argv) {
  const char *dir = NULL;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      fputs(collect_usage, stdout);
      return EXIT_SUCCESS;
    }
    if (argv[i][0] == '-' || dir) {
      fprintf(stderr, "vmqsim: collect: unexpected argument '%s' (see vmqsim collect --help)\n",
              argv[i]);
      return EXIT_BAD_INPUT;
    }
    dir = argv[i];
  }
  if (!dir) {
    fprintf(stderr, "vmqsim: collect: missing results DIR (see vmqsim collect --help)\n");
    return EXIT_BAD_INPUT;
  }
  return vq_collect_dir(dir);
}
