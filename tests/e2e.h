/* Helpers for end-to-end tests: run the vmqsim binary (one process per run: SimGrid cannot
 * restart in one) and read its summary.json. Static inline: each test-*.c is its own program.
 */
#ifndef VQ_TESTS_E2E_H
#define VQ_TESTS_E2E_H

#include <json-glib/json-glib.h>
#include <string.h>

static inline const char *vmqsim(void) {
  const char *p = g_getenv("VMQSIM");
  g_assert_nonnull(p); /* set by ctest */
  return p;
}

/* Runs `vmqsim run SCENARIO --out DIR ARGS...` (its summary table discarded, its stderr kept for
 * the speed line: not --quiet, which has none) and returns DIR (caller frees). */
static inline char *run_sim(const char *scenario, const char *const *args) {
  g_autoptr(GError) err = NULL;
  char *dir = g_dir_make_tmp("vmqsim-e2e-XXXXXX", &err);
  g_assert_no_error(err);
  char *out = g_build_filename(dir, "r", NULL);
  g_free(dir);
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer)vmqsim());
  g_ptr_array_add(argv, (gpointer) "run");
  g_ptr_array_add(argv, (gpointer)scenario);
  g_ptr_array_add(argv, (gpointer) "--out");
  g_ptr_array_add(argv, out);
  for (; args && *args; args++)
    g_ptr_array_add(argv, (gpointer)*args);
  g_ptr_array_add(argv, NULL);
  int status = 0;
  g_autofree char *err_text = NULL;
  g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
               &err_text, &status, &err);
  g_assert_no_error(err);
  if (!g_spawn_check_wait_status(status, NULL))
    g_error("vmqsim failed on %s: %s", scenario, err_text);
  /* Its stderr (the speed line) beside the results: see run_events(). */
  g_autofree char *parent = g_path_get_dirname(out);
  g_autofree char *errs = g_build_filename(parent, "stderr.txt", NULL);
  g_assert_true(g_file_set_contents(errs, err_text ? err_text : "", -1, NULL));
  return out;
}

/* The SimGrid events the run that wrote DIR reported in its speed line. */
static inline guint64 run_events(const char *dir) {
  g_autofree char *parent = g_path_get_dirname(dir);
  g_autofree char *errs = g_build_filename(parent, "stderr.txt", NULL);
  g_autofree char *text = NULL;
  g_assert_true(g_file_get_contents(errs, &text, NULL, NULL));
  const char *ev = strstr(text, " SimGrid events");
  g_assert_nonnull(ev);
  while (ev > text && g_ascii_isdigit(ev[-1]))
    ev--;
  return g_ascii_strtoull(ev, NULL, 10);
}

static inline JsonObject *load_summary(const char *dir, JsonParser **keep) {
  g_autofree char *path = g_build_filename(dir, "summary.json", NULL);
  g_autoptr(GError) err = NULL;
  *keep = json_parser_new();
  json_parser_load_from_file(*keep, path, &err);
  g_assert_no_error(err);
  return json_node_get_object(json_parser_get_root(*keep));
}

static inline JsonObject *entity(JsonObject *s, const char *kind, const char *name) {
  JsonArray *a = json_object_get_array_member(s, kind);
  for (guint i = 0; i < json_array_get_length(a); i++) {
    JsonObject *o = json_array_get_object_element(a, i);
    if (!g_strcmp0(json_object_get_string_member(o, "name"), name))
      return o;
  }
  g_error("no %s named %s", kind, name);
}

/* Asserts that queue Q (a "queues" entity) conserves frames: offered = indicated + dropped + in
 * flight. Returns its offered frames. */
static inline gint64 assert_queue_conserves(JsonObject *q) {
  gint64 offered = json_object_get_int_member(q, "offered_frames");
  g_assert_cmpint(offered, ==,
                  json_object_get_int_member(q, "indicated_frames") +
                      json_object_get_int_member(q, "dropped_frames") +
                      json_object_get_int_member(q, "in_flight_frames"));
  return offered;
}

static inline char *scenario(const char *rel) {
  return g_build_filename(VQ_SOURCE_DIR, rel, NULL);
}

static inline char *read_file(const char *dir, const char *name) {
  g_autofree char *path = g_build_filename(dir, name, NULL);
  char *text = NULL;
  g_autoptr(GError) err = NULL;
  g_file_get_contents(path, &text, NULL, &err);
  g_assert_no_error(err);
  return text;
}

static inline void assert_same_results(const char *a, const char *b, gboolean same) {
  const char *files[] = {"summary.json", "timeseries.csv"};
  gboolean all_same = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *x = read_file(a, files[i]);
    g_autofree char *y = read_file(b, files[i]);
    if (g_strcmp0(x, y))
      all_same = FALSE;
    if (same && g_strcmp0(x, y))
      g_error("%s differs between %s and %s", files[i], a, b);
  }
  g_assert_true(all_same == same);
}

/* Runs vmqsim with ARGS (NULL-terminated) and returns its stdout; asserts it exited 0. */
static inline char *run_capture(const char *const *args) {
  g_autoptr(GPtrArray) argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer)vmqsim());
  for (; *args; args++)
    g_ptr_array_add(argv, (gpointer)*args);
  g_ptr_array_add(argv, NULL);
  char *out = NULL;
  g_autofree char *err_text = NULL;
  int status = 0;
  g_autoptr(GError) err = NULL;
  g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err_text,
               &status, &err);
  g_assert_no_error(err);
  if (!g_spawn_check_wait_status(status, NULL))
    g_error("vmqsim %s failed: %s", (const char *)argv->pdata[1], err_text);
  return out;
}

#endif
