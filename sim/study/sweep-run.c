/* `vmqsim sweep`: see sweep-run.h (`vmqsim collect` is in sweep-collect.c). */
#include "sim/study/sweep-run.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sim/output/provenance.h"
#include "sim/study/capacity.h"
#include "sim/study/columns.h"
#include "sim/study/runs.h"
#include "sim/study/study.h"
#include "sim/study/sweep.h"
#include "models/seed.h"
#include "sim/exit-codes.h"

#define SEED_SCHEME "vq_seed_derive(scenario seed, replication)"

static int bad_input(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static int bad_input(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *m = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  fprintf(stderr, "vmqsim: %s\n", m);
  return EXIT_BAD_INPUT;
}

static gboolean run_finished(const char *dir, guint run) {
  g_autofree char *d = vq_study_run_dir(dir, run);
  g_autofree char *s = g_build_filename(d, "summary.json", NULL);
  return g_file_test(s, G_FILE_TEST_IS_REGULAR);
}

/* ---- manifest ----------------------------------------------------------------------------- */

static void add_string(JsonBuilder *b, const char *key, const char *value) {
  json_builder_set_member_name(b, key);
  json_builder_add_string_value(b, value);
}

static void add_int(JsonBuilder *b, const char *key, gint64 value) {
  json_builder_set_member_name(b, key);
  json_builder_add_int_value(b, value);
}

/* The optional parts of SW: its variants' overrides, [capacity], [collect]. */
static void add_sections(JsonBuilder *b, const VqSweep *sw) {
  if (sw->variants->len) { /* each variant's overrides */
    json_builder_set_member_name(b, "variants");
    json_builder_begin_object(b);
    for (guint v = 0; v < sw->variants->len; v++) {
      const VqSweepVariant *var = g_ptr_array_index(sw->variants, v);
      json_builder_set_member_name(b, var->name);
      json_builder_begin_array(b);
      for (guint i = 0; i < var->sets->len; i++)
        json_builder_add_string_value(b, g_ptr_array_index(var->sets, i));
      json_builder_end_array(b);
    }
    json_builder_end_object(b);
  }
  if (sw->capacity) {
    json_builder_set_member_name(b, "capacity");
    json_builder_add_value(b, vq_capacity_spec_to_json(sw->capacity));
  }
  if (sw->collect->len) { /* the [collect] metrics, named as vmqsim metrics lists them */
    json_builder_set_member_name(b, "collect");
    json_builder_begin_array(b);
    for (guint i = 0; i < sw->collect->len; i++) {
      g_autofree char *label = vq_column_label(&g_array_index(sw->collect, VqColumn, i));
      json_builder_add_string_value(b, label);
    }
    json_builder_end_array(b);
  }
}

/* What DIR/manifest.json records of SW (seeds as strings: they are 64-bit unsigned). */
static JsonNode *manifest_new(const VqSweep *sw, GError **error) {
  g_autofree char *bytes = NULL;
  gsize len = 0;
  if (!g_file_get_contents(sw->scenario, &bytes, &len, error))
    return NULL;
  g_autofree char *sha = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (guchar *)bytes, len);
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  add_string(b, "vmqsim_version", VQ_VERSION);
  /* The version string spans model changes; the commit does not: runs of another build are
   * not mixed into one study. */
  add_string(b, "vmqsim_commit", vq_provenance_commit());
  add_string(b, "sweep", sw->path);
  add_string(b, "name", sw->name);
  add_string(b, "scenario", sw->scenario);
  add_string(b, "scenario_sha256", sha);
  add_string(b, "combine", sw->zip ? "zip" : "cross");
  json_builder_set_member_name(b, "axes");
  json_builder_begin_array(b);
  for (guint a = 0; a < sw->axes->len; a++) {
    const VqSweepAxis *ax = g_ptr_array_index(sw->axes, a);
    json_builder_begin_object(b);
    add_string(b, "key", ax->key);
    json_builder_set_member_name(b, "values");
    json_builder_begin_array(b);
    for (guint v = 0; v < ax->values->len; v++)
      json_builder_add_string_value(b, g_ptr_array_index(ax->values, v));
    json_builder_end_array(b);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  add_int(b, "n_points", sw->n_points);
  add_int(b, "replications", sw->replications);
  add_int(b, "n_runs", vq_sweep_n_runs(sw));
  add_string(b, "run_index", "run = point * replications + replication");
  g_autofree char *base = g_strdup_printf("%" G_GUINT64_FORMAT, sw->base_seed);
  add_string(b, "scenario_seed", base);
  add_string(b, "seed_scheme", SEED_SCHEME);
  json_builder_set_member_name(b, "seeds"); /* per replication */
  json_builder_begin_array(b);
  for (guint r = 0; r < sw->replications; r++) {
    g_autofree char *s = g_strdup_printf("%" G_GUINT64_FORMAT, vq_sweep_seed(sw, r));
    json_builder_add_string_value(b, s);
  }
  json_builder_end_array(b);
  json_builder_set_member_name(b, "points"); /* per point, the value of each axis */
  json_builder_begin_array(b);
  for (guint p = 0; p < sw->n_points; p++) {
    json_builder_begin_array(b);
    for (guint a = 0; a < sw->axes->len; a++)
      json_builder_add_string_value(b, vq_sweep_value(sw, p, a));
    json_builder_end_array(b);
  }
  json_builder_end_array(b);
  add_sections(b, sw);
  json_builder_end_object(b);
  return json_builder_get_root(b);
}

/* The members of the manifest that may change from one sweep on a DIR to the next: [capacity]
 * only chooses where probes go, and every probe stays a valid run; [collect] only what collect
 * reads of the runs. */
static const char *const may_change[] = {"capacity", "collect", NULL};

/* The first member of NEW that OLD lacks or has otherwise. The sweep file's name and the paths
 * may differ (a renamed file, another working directory); the study itself may not, but for
 * the members of may_change. */
static const char *manifest_differs(JsonObject *old, JsonObject *new) {
  g_autoptr(GList) keys = json_object_get_members(new);
  for (GList *k = keys; k; k = k->next) {
    const char *key = k->data;
    if (!strcmp(key, "sweep") || !strcmp(key, "name") || !strcmp(key, "scenario") ||
        g_strv_contains(may_change, key))
      continue;
    JsonNode *o = old ? json_object_get_member(old, key) : NULL;
    if (!o || !json_node_equal(o, json_object_get_member(new, key)))
      return key;
  }
  return NULL;
}

/* DIR holds nothing yet (but perhaps another process's manifest.json being written). */
static gboolean dir_is_fresh(const char *dir) {
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  if (!d)
    return !g_file_test(dir, G_FILE_TEST_EXISTS);
  const char *n;
  while ((n = g_dir_read_name(d)))
    if (!g_str_has_prefix(n, "manifest.json"))
      return FALSE;
  return TRUE;
}

/* Writes DIR/manifest.json, or checks that the one there describes the same study. Returns 0
 * or an exit status (the error printed). */
static int manifest_ensure(const char *dir, JsonNode *m) {
  g_autofree char *path = g_build_filename(dir, "manifest.json", NULL);
  g_autoptr(GError) err = NULL;
  gboolean write = TRUE;
  /* Freshness first, then the manifest: a concurrent `sweep --run` on the same DIR writes the
   * manifest before anything else, so a DIR it made stale already has one (the other order
   * refused DIR when that process wrote in between the two looks). */
  gboolean fresh = dir_is_fresh(dir);
  if (g_file_test(path, G_FILE_TEST_EXISTS)) {
    g_autoptr(JsonParser) p = json_parser_new();
    if (!json_parser_load_from_file(p, path, &err))
      return bad_input("%s: %s", path, err->message);
    JsonNode *root = json_parser_get_root(p);
    JsonObject *old = root && JSON_NODE_HOLDS_OBJECT(root) ? json_node_get_object(root) : NULL;
    const char *key = manifest_differs(old, json_node_get_object(m));
    if (key && !strcmp(key, "vmqsim_commit"))
      return bad_input("%s: its runs were made by another vmqsim build (commit %s, this is %s); "
                       "use another --out, or remove %s to rerun them all",
                       path,
                       json_object_has_member(old, "vmqsim_commit")
                           ? json_object_get_string_member(old, "vmqsim_commit")
                           : "not recorded",
                       vq_provenance_commit(), dir);
    if (key)
      return bad_input("%s: written for another study ('%s' differs); use another --out or "
                       "remove %s",
                       path, key, dir);
    write = FALSE;
    for (const char *const *k = may_change; *k; k++) {
      JsonNode *was = json_object_get_member(old, *k);
      JsonNode *now = json_object_get_member(json_node_get_object(m), *k);
      write = write || ((was || now) && !(was && now && json_node_equal(was, now)));
    }
  } else if (!fresh) {
    return bad_input("%s: exists and is not a sweep results directory (no manifest.json); use "
                     "another --out",
                     dir);
  }
  if (write) {
    g_autofree char *text = json_to_string(m, TRUE);
    if (g_mkdir_with_parents(dir, 0777) != 0 ||
        !g_file_set_contents(path, text, (gssize)strlen(text), &err)) {
      fprintf(stderr, "vmqsim: %s: %s\n", path, err ? err->message : g_strerror(errno));
      return EXIT_FAILURE;
    }
  }
  g_autofree char *runs = g_build_filename(dir, "runs", NULL);
  if (g_mkdir_with_parents(runs, 0777) != 0) {
    fprintf(stderr, "vmqsim: %s: %s\n", runs, g_strerror(errno));
    return EXIT_FAILURE;
  }
  return 0;
}

/* ---- runs --------------------------------------------------------------------------------- */

typedef struct {
  guint run, point, replication;
  guint64 seed;
  char **sets; /* the point's KEY=VALUE overrides */
  char *out;
  char *what; /* "run 5 (point 2, replication 1)", for messages */
  gboolean ok;
  char *why; /* a failed run's last stderr line */
} Job;

static Job *job_new(const VqSweep *sw, const char *dir, guint run) {
  Job *j = g_new0(Job, 1);
  j->run = run;
  j->point = vq_sweep_point(sw, run);
  j->replication = vq_sweep_replication(sw, run);
  j->seed = vq_sweep_seed(sw, j->replication);
  j->sets = vq_sweep_point_overrides(sw, j->point);
  j->out = dir ? vq_study_run_dir(dir, run) : NULL;
  j->what = g_strdup_printf("run %u (point %u, replication %u)", run, j->point, j->replication);
  return j;
}

static void job_free(gpointer p) {
  Job *j = p;
  g_strfreev(j->sets);
  g_free(j->out);
  g_free(j->what);
  g_free(j->why);
  g_free(j);
}

/* The run's arguments after the scenario: "--seed S --set K=V ...", shell-quoted as needed. */
static char *job_args(const Job *j) {
  g_autoptr(GString) s = g_string_new(NULL);
  g_string_append_printf(s, "--seed %" G_GUINT64_FORMAT, j->seed);
  for (char **k = j->sets; k && *k; k++) {
    gboolean plain = TRUE;
    for (const char *c = *k; *c && plain; c++)
      plain = g_ascii_isalnum(*c) || strchr("._-=:/+,@%", *c);
    g_autofree char *q = plain ? g_strdup(*k) : g_shell_quote(*k);
    g_string_append_printf(s, " --set %s", q);
  }
  return g_string_free(g_steal_pointer(&s), FALSE);
}

static void job_run(Job *j, const char *scenario, gboolean charts) {
  g_autofree char *errors = NULL, *sum = g_build_filename(j->out, "summary.json", NULL);
  g_autoptr(GError) err = NULL;
  j->ok =
      vq_runs_spawn(scenario, j->out, j->seed, (const char *const *)j->sets, charts, &errors, &err);
  if (j->ok && !g_file_test(sum, G_FILE_TEST_IS_REGULAR)) {
    j->ok = FALSE;
    j->why = g_strdup_printf("exited 0 but wrote no %s", sum);
  } else if (!j->ok) {
    char *text = g_strchomp(errors ? errors : g_strdup(""));
    errors = text;
    const char *nl = strrchr(text, '\n'), *line = nl ? nl + 1 : text;
    j->why = g_strdup(*line ? line : err->message);
  }
}

static void job_report_failure(const Job *j) {
  fprintf(stderr, "sweep: %s failed: %s\n", j->what, j->why);
}

typedef struct {
  const char *scenario;
  gboolean charts;
  GAsyncQueue *done; /* Job* as they finish */
} Pool;

static void pool_run(gpointer data, gpointer user) {
  Pool *p = user;
  job_run(data, p->scenario, p->charts);
  g_async_queue_push(p->done, data);
}

/* The jobs of TODO, JOBS at a time, a progress line after each (WHAT: "runs", DONE_BEFORE of
 * TOTAL done before). Returns the failures. */
static guint run_jobs(const VqSweep *sw, GPtrArray *todo, gboolean charts, guint jobs,
                      const char *what, guint done_before, guint total) {
  guint failed = 0;
  if (!todo->len)
    return 0;
  Pool p = {.scenario = sw->scenario, .charts = charts, .done = g_async_queue_new()};
  GThreadPool *pool = g_thread_pool_new(pool_run, &p, (gint)MIN(jobs, todo->len), TRUE, NULL);
  for (guint i = 0; i < todo->len; i++)
    g_thread_pool_push(pool, g_ptr_array_index(todo, i), NULL);
  double t0 = g_get_monotonic_time() / 1e6;
  /* On a terminal one line, rewritten in place; in a log, a line per run. */
  gboolean tty = isatty(STDERR_FILENO);
  for (guint done = 1; done <= todo->len; done++) {
    Job *j = g_async_queue_pop(p.done);
    if (!j->ok) {
      failed++;
      if (tty)
        fputc('\n', stderr);
      job_report_failure(j);
    }
    double elapsed = g_get_monotonic_time() / 1e6 - t0;
    fprintf(stderr, "%ssweep: %s %u/%u, ETA %.0f s%s", tty ? "\r\033[K" : "", what,
            done_before + done, total, elapsed / done * (todo->len - done),
            tty && done < todo->len ? "" : "\n");
  }
  g_thread_pool_free(pool, FALSE, TRUE);
  g_async_queue_unref(p.done);
  return failed;
}

/* Every unfinished run. Returns the failures. */
static guint run_all(const VqSweep *sw, const char *dir, gboolean charts, guint jobs) {
  guint total = vq_sweep_n_runs(sw);
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func(job_free);
  for (guint i = 0; i < total; i++)
    if (!run_finished(dir, i))
      g_ptr_array_add(todo, job_new(sw, dir, i));
  guint skipped = total - todo->len;
  fprintf(stderr, "sweep: %s: %u runs (%u points x %u replications) in %s/", sw->name, total,
          sw->n_points, sw->replications, dir);
  if (skipped)
    fprintf(stderr, "; skipping %u finished runs", skipped);
  fprintf(stderr, "\n");
  return run_jobs(sw, todo, charts, jobs, "runs", skipped, total);
}

/* ---- capacity search ----------------------------------------------------------------------- */

/* The probe of configuration C at X, replication R: the overrides of the configuration's grid
 * point with the searched key at X. */
static Job *probe_new(const VqSweep *sw, const char *dir, const VqCapConfig *conf, guint c,
                      const char *value, guint r) {
  Job *j = g_new0(Job, 1);
  j->point = conf->grid_point;
  j->replication = r;
  j->seed = vq_sweep_seed(sw, r);
  j->sets = vq_sweep_point_overrides(sw, conf->grid_point);
  g_autofree char *prefix = g_strconcat(sw->capacity->search, "=", NULL);
  for (char **k = j->sets; *k; k++)
    if (g_str_has_prefix(*k, prefix)) {
      g_free(*k);
      *k = g_strconcat(prefix, value, NULL);
    }
  j->out = vq_study_probe_dir(dir, c, value, r);
  j->what = g_strdup_printf("probe %s=%s (%s), replication %u", sw->capacity->search, value,
                            conf->label, r);
  return j;
}

/* Bisection: while a configuration's bracket is wider than the resolution, run the replications
 * of its midpoint (all configurations' probes of a round in parallel). Returns the failures. */
static guint search(const VqSweep *sw, const char *dir, gboolean charts, guint jobs) {
  g_autofree char *why = NULL;
  g_autoptr(VqManifest) m = vq_manifest_load(dir, &why);
  if (!m) {
    fprintf(stderr, "vmqsim: %s\n", why);
    return 1;
  }
  /* The grid is done: only the probes change from round to round. */
  guint total = m->n_points * m->reps;
  GHashTable **runs = vq_study_load_grid(dir, m, NULL, NULL);
  guint failed = 0;
  for (guint round = 1; !failed; round++) {
    g_autoptr(GPtrArray) configs = vq_study_configs(dir, m, runs);
    g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func(job_free);
    g_autoptr(GString) probes = g_string_new(NULL);
    for (guint c = 0; c < configs->len; c++) {
      const VqCapConfig *conf = g_ptr_array_index(configs, c);
      double x;
      if (!vq_capacity_next_probe(sw->capacity, conf, &x))
        continue;
      g_autofree char *value = vq_capacity_format(sw->capacity, x);
      g_string_append_printf(probes, "%s%s at %s", probes->len ? ", " : "", conf->label, value);
      for (guint r = 0; r < sw->replications; r++) {
        Job *j = probe_new(sw, dir, conf, c, value, r);
        g_autofree char *sum = g_build_filename(j->out, "summary.json", NULL);
        if (g_file_test(sum, G_FILE_TEST_IS_REGULAR))
          job_free(j);
        else
          g_ptr_array_add(todo, j);
      }
    }
    if (!probes->len)
      break;
    fprintf(stderr, "sweep: capacity search, round %u: %s\n", round, probes->str);
    failed = run_jobs(sw, todo, charts, jobs, "probe runs", 0, todo->len);
  }
  vq_study_runs_free(runs, total);
  return failed;
}

static void list_runs(const VqSweep *sw) {
  for (guint i = 0; i < vq_sweep_n_runs(sw); i++) {
    Job *j = job_new(sw, NULL, i);
    g_autofree char *args = job_args(j);
    printf("%u\tpoint %u\treplication %u\t%s\n", i, j->point, j->replication, args);
    job_free(j);
  }
}

/* --run I: that run alone (skipped when finished), no collect. */
static int run_single(const VqSweep *sw, const char *dir, gboolean charts, guint run) {
  if (run_finished(dir, run)) {
    fprintf(stderr, "sweep: run %u already finished (%s/runs/run-%05u)\n", run, dir, run);
    return 0;
  }
  Job *j = job_new(sw, dir, run);
  job_run(j, sw->scenario, charts);
  int rc = j->ok ? 0 : 1;
  if (!j->ok)
    job_report_failure(j);
  job_free(j);
  return rc;
}

/* ---- command ------------------------------------------------------------------------------ */

int vq_sweep_execute(const VqSweepOptions *o) {
  const char *file = o->file, *out = o->out;
  guint jobs = MAX(o->jobs, 1), run = o->run;
  gboolean list = o->list, single = o->single, charts = o->charts;
  g_autoptr(GError) err = NULL;
  g_autoptr(VqSweep) sw = vq_sweep_load(file, &err);
  if (!sw)
    return bad_input("%s", err->message);
  guint total = vq_sweep_n_runs(sw);
  if (list) {
    list_runs(sw);
    return 0;
  }
  if (single && run >= total)
    return bad_input("sweep: --run %u: %s has %u runs (0 to %u)", run, file, total, total - 1);
  g_autofree char *dir = out ? g_strdup(out) : g_build_filename("results", sw->name, NULL);
  g_autoptr(JsonNode) m = manifest_new(sw, &err);
  if (!m)
    return bad_input("%s", err->message);
  int rc = manifest_ensure(dir, m);
  if (rc)
    return rc;
  if (single)
    return run_single(sw, dir, charts, run);
  guint failed = run_all(sw, dir, charts, jobs);
  if (failed)
    fprintf(stderr, "sweep: %u of %u runs failed; rerun the same command to retry them\n", failed,
            total);
  else if (sw->capacity && (failed = search(sw, dir, charts, jobs)))
    fprintf(stderr, "sweep: the capacity search stopped: %u probe runs failed\n", failed);
  rc = vq_collect_dir(dir);
  return failed ? 1 : rc;
}
