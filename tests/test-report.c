/* Tests for sim/output/report.c (and the charts of sim/output/plot.c): summary.json read back with
 * JsonParser, the CSV files line by line, the atomic replace of the results directory (the rules of
 * what may be replaced are tests/test-outdir.c's), failures that leave nothing behind, the charts,
 * and the summary table. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sim/output/plot.h"
#include "sim/report.h"
#include "sim/output/report-write.h"
#include "tests/e2e.h" /* read_file() */

/* A small report: 2 VMs with latency, 2 queues, 3 processors (one idle, one with a category
 * the others lack), a timeseries, and one kind outside the usual three. */
static VqReport *sample_report(void) {
  VqReport *r = vq_report_new("two-vms");
  VqReportEntity *run = vq_report_run(r);
  vq_report_set_string(run, VQ_M_RUN_SEED, "42");
  vq_report_set(run, VQ_M_RUN_DURATION_S, 0.01);
  vq_report_set_string(run, VQ_M_RUN_VMQ, "on");

  g_autoptr(VqHisto) h = vq_histo_new();
  for (int i = 1; i <= 1000; i++)
    vq_histo_add(h, i * 1e-6); /* 1..1000 us */
  VqReportEntity *web = vq_report_add_entity(r, VQ_KIND_VM, "web");
  vq_report_set(web, VQ_M_VM_OFFERED_GBPS, 9.5);
  vq_report_set(web, VQ_M_VM_DELIVERED_GBPS, 9.25);
  vq_report_set(web, VQ_M_VM_DROPPED_FRAMES, 1234);
  vq_report_set_latency(web, VQ_M_VM_LATENCY_S, h);
  vq_histo_add(h, 5e-3); /* the report keeps a copy: this must not show */

  VqReportEntity *q = vq_report_add_entity(r, VQ_KIND_QUEUE, "web");
  vq_report_set(q, VQ_M_QUEUE_OFFERED_FRAMES, 1000);
  vq_report_set_string(q, VQ_M_QUEUE_DIRECTION, "rx");

  g_autoptr(VqHisto) h2 = vq_histo_new();
  for (int i = 1; i <= 400; i++)
    vq_histo_add(h2, 20e-6 + i * 0.1e-6);
  VqReportEntity *db = vq_report_add_entity(r, VQ_KIND_VM, "db");
  vq_report_set(db, VQ_M_VM_OFFERED_GBPS, 1.0);
  vq_report_set(db, VQ_M_VM_DELIVERED_GBPS, 1.0);
  vq_report_set(db, VQ_M_VM_DROPPED_FRAMES, 0);
  vq_report_set_latency(db, VQ_M_VM_LATENCY_S, h2);
  vq_report_add_entity(r, VQ_KIND_QUEUE, "db");

  VqReportEntity *p0 = vq_report_add_entity(r, VQ_KIND_PROCESSOR, "0");
  vq_report_set(p0, VQ_M_PROCESSOR_BUSY_ISR, 0.05);
  vq_report_set(p0, VQ_M_PROCESSOR_BUSY_DPC, 0.40);
  vq_report_set(p0, VQ_M_PROCESSOR_BUSY_VSWITCH, 0.25);
  VqReportEntity *p1 = vq_report_add_entity(r, VQ_KIND_PROCESSOR, "1");
  vq_report_set(p1, VQ_M_PROCESSOR_BUSY_ISR, 0.0);
  VqReportEntity *p2 = vq_report_add_entity(r, VQ_KIND_PROCESSOR, "2");
  vq_report_set(p2, VQ_M_PROCESSOR_BUSY_DPC, 0.10);
  vq_report_set(p2, VQ_M_PROCESSOR_BUSY_GUEST, 0.30);
  vq_report_set(p2, VQ_M_PROCESSOR_BUSY_ISR, 0.02);

  vq_report_set_at(vq_report_add_entity(r, VQ_KIND_VPORT, "web"), VQ_M_VPORT_FPS, 3, 1.5e6);

  guint c_web = vq_report_ts_add_column(r, VQ_M_TS_VM_RX_GBPS, "web", 0);
  guint c_cpu = vq_report_ts_add_column(r, VQ_M_TS_PROCESSOR_BUSY, "0", 0);
  guint c_db = vq_report_ts_add_column(r, VQ_M_TS_VM_RX_GBPS, "db", 0);
  g_assert_cmpuint(c_web, ==, 0);
  g_assert_cmpuint(c_cpu, ==, 1);
  g_assert_cmpuint(c_db, ==, 2);
  for (int t = 0; t < 100; t++) {
    double v[3] = {9.0 + 0.5 * (t % 7) / 7.0, 0.7, t < 50 ? 1.0 : 0.9};
    vq_report_ts_add_row(r, t * 1e-4, v, 3);
  }
  return r;
}

typedef struct {
  char *parent; /* fresh temporary directory */
  char *dir;    /* PARENT/out, the results directory */
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data) {
  f->parent = g_dir_make_tmp("test-report-XXXXXX", NULL);
  g_assert_nonnull(f->parent);
  f->dir = g_build_filename(f->parent, "out", NULL);
}

static void fixture_teardown(Fixture *f, gconstpointer data) {
  vq_outdir_remove_tree(f->parent);
  g_free(f->parent);
  g_free(f->dir);
}

static int cmp_names(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in DIR, sorted and joined by spaces. */
static char *list_dir_sorted(const char *dir) {
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  g_assert_nonnull(d);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(d)))
    g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, cmp_names);
  g_ptr_array_add(names, NULL);
  return g_strjoinv(" ", (char **)names->pdata);
}

/* DIR claimed for a run of the (imaginary) scenario file two-vms.ini without overrides. */
static VqOutdir *claim(const char *dir, GError **err) {
  return vq_outdir_claim(dir, "two-vms.ini", NULL, FALSE, err);
}

static void write_ok(const VqReport *r, const char *dir) {
  g_autoptr(GError) err = NULL;
  g_autoptr(VqOutdir) out = claim(dir, &err);
  g_assert_no_error(err);
  gboolean ok = vq_report_write(r, out, TRUE, &err);
  g_assert_no_error(err);
  g_assert_true(ok);
}

static void test_summary_json(Fixture *f, gconstpointer data) {
  g_autoptr(VqReport) r = sample_report();
  write_ok(r, f->dir);

  g_autofree char *path = g_build_filename(f->dir, "summary.json", NULL);
  g_autoptr(JsonParser) p = json_parser_new();
  g_autoptr(GError) err = NULL;
  json_parser_load_from_file(p, path, &err);
  g_assert_no_error(err);
  JsonObject *root = json_node_get_object(json_parser_get_root(p));
  g_assert_cmpstr(json_object_get_string_member(root, "scenario"), ==, "two-vms");
  JsonObject *run = json_object_get_object_member(root, "run");
  g_assert_cmpstr(json_object_get_string_member(run, "seed"), ==, "42");
  g_assert_cmpfloat(json_object_get_double_member(run, "duration_s"), ==, 0.01);
  g_assert_cmpstr(json_object_get_string_member(run, "vmq"), ==, "on");

  JsonArray *vms = json_object_get_array_member(root, "vms");
  g_assert_cmpuint(json_array_get_length(vms), ==, 2);
  JsonObject *web = json_array_get_object_element(vms, 0);
  g_assert_cmpstr(json_object_get_string_member(web, "name"), ==, "web");
  g_assert_cmpfloat(json_object_get_double_member(web, "offered_gbps"), ==, 9.5);
  g_assert_cmpfloat(json_object_get_double_member(web, "delivered_gbps"), ==, 9.25);
  g_assert_cmpint(json_object_get_int_member(web, "dropped_frames"), ==, 1234);
  JsonObject *lat = json_object_get_object_member(web, "latency_s");
  g_assert_cmpint(json_object_get_int_member(lat, "count"), ==, 1000);
  g_assert_cmpfloat_with_epsilon(json_object_get_double_member(lat, "mean_s"), 500.5e-6, 1e-12);
  g_assert_cmpfloat_with_epsilon(json_object_get_double_member(lat, "p50_s"), 500e-6, 5e-6);
  g_assert_cmpfloat_with_epsilon(json_object_get_double_member(lat, "p99_s"), 990e-6, 9.9e-6);
  g_assert_cmpfloat_with_epsilon(json_object_get_double_member(lat, "p999_s"), 999e-6, 9.99e-6);
  g_assert_cmpfloat(json_object_get_double_member(lat, "max_s"), ==, 1000e-6);
  JsonObject *db = json_array_get_object_element(vms, 1);
  g_assert_cmpstr(json_object_get_string_member(db, "name"), ==, "db");

  JsonArray *queues = json_object_get_array_member(root, "queues");
  g_assert_cmpuint(json_array_get_length(queues), ==, 2);
  JsonObject *q0 = json_array_get_object_element(queues, 0);
  g_assert_cmpstr(json_object_get_string_member(q0, "name"), ==, "web");
  /* A UINT metric is a JSON integer though set from a double. */
  JsonNode *offered = json_object_get_member(q0, "offered_frames");
  g_assert_true(json_node_get_value_type(offered) == G_TYPE_INT64);
  g_assert_cmpint(json_node_get_int(offered), ==, 1000);
  g_assert_cmpstr(json_object_get_string_member(q0, "direction"), ==, "rx");
  JsonArray *procs = json_object_get_array_member(root, "processors");
  g_assert_cmpuint(json_array_get_length(procs), ==, 3);
  JsonObject *p0 = json_array_get_object_element(procs, 0);
  g_assert_cmpfloat(json_object_get_double_member(p0, "busy.dpc"), ==, 0.40);
  JsonArray *vports = json_object_get_array_member(root, "vports");
  g_assert_cmpuint(json_array_get_length(vports), ==, 1);
  JsonObject *vp = json_array_get_object_element(vports, 0);
  g_assert_cmpfloat(json_object_get_double_member(vp, "fps.3"), ==, 1.5e6);
}

/* Key order is insertion order, kinds vm/queue/processor first; the same report gives the same
 * bytes. */
static void test_summary_order(Fixture *f, gconstpointer data) {
  g_autoptr(VqReport) r = sample_report();
  write_ok(r, f->dir);
  g_autofree char *text = read_file(f->dir, "summary.json");
  g_auto(GStrv) order = g_strsplit("scenario run seed duration_s vmq vms web offered_gbps "
                                   "delivered_gbps dropped_frames latency_s count mean_s p50_s "
                                   "p99_s p999_s max_s db queues processors vports fps.3",
                                   " ", -1);
  const char *at = text;
  for (guint i = 0; order[i]; i++) {
    g_autofree char *quoted = g_strdup_printf("\"%s\"", order[i]);
    const char *next = strstr(at, quoted);
    if (!next)
      g_error("%s missing or out of order in\n%s", quoted, text);
    at = next;
  }

  write_ok(r, f->dir);
  g_autofree char *again = read_file(f->dir, "summary.json");
  g_assert_cmpstr(text, ==, again);
}

static void test_empty_report(Fixture *f, gconstpointer data) {
  g_autoptr(VqReport) r = vq_report_new("empty");
  write_ok(r, f->dir);
  g_autofree char *json = read_file(f->dir, "summary.json");
  g_autoptr(JsonParser) p = json_parser_new();
  g_assert_true(json_parser_load_from_data(p, json, -1, NULL));
  JsonObject *root = json_node_get_object(json_parser_get_root(p));
  g_assert_cmpuint(json_array_get_length(json_object_get_array_member(root, "vms")), ==, 0);
  g_assert_cmpuint(json_array_get_length(json_object_get_array_member(root, "processors")), ==, 0);
  g_autofree char *ts = read_file(f->dir, "timeseries.csv");
  g_assert_cmpstr(ts, ==, "time_s\n");
  g_autofree char *cdf = read_file(f->dir, "latency_cdf.csv");
  g_assert_cmpstr(cdf, ==, "entity,latency_us,cum_fraction\n");
  g_autofree char *cpu = read_file(f->dir, "cpu.csv");
  g_assert_cmpstr(cpu, ==, "processor\n");
  /* No data, no charts (gnuplot would fail on an empty plot). */
  g_autofree char *names = list_dir_sorted(f->dir);
  g_assert_cmpstr(names, ==, ".vmqsim-run cpu.csv latency_cdf.csv summary.json timeseries.csv");
}

static void test_timeseries_csv(Fixture *f, gconstpointer data) {
  g_autoptr(VqReport) r = sample_report();
  write_ok(r, f->dir);
  g_autofree char *text = read_file(f->dir, "timeseries.csv");
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  g_assert_cmpuint(g_strv_length(lines), ==, 102); /* header, 100 rows, "" after the last \n */
  g_assert_cmpstr(lines[0], ==, "time_s,vm.web.rx_gbps,processor.0.busy,vm.db.rx_gbps");
  g_assert_cmpstr(lines[1], ==, "0,9,0.7,1");
  g_assert_cmpstr(lines[2], ==, "0.0001,9.07142857,0.7,1");
  g_assert_cmpstr(lines[100], ==, "0.0099,9.07142857,0.7,0.9");
  g_assert_cmpstr(lines[101], ==, "");
}

static void test_latency_cdf_csv(Fixture *f, gconstpointer data) {
  g_autoptr(VqReport) r = sample_report();
  write_ok(r, f->dir);
  g_autofree char *text = read_file(f->dir, "latency_cdf.csv");
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  g_assert_cmpstr(lines[0], ==, "entity,latency_us,cum_fraction");
  /* web's rows, then db's; each ascending in latency and fraction, ending at exactly 1. */
  guint i = 1, web_rows = 0, db_rows = 0;
  for (const char *ent = "web"; ent; ent = strcmp(ent, "web") == 0 ? "db" : NULL) {
    double last_us = 0, last_frac = 0;
    for (; lines[i] && *lines[i]; i++) {
      g_auto(GStrv) cols = g_strsplit(lines[i], ",", -1);
      g_assert_cmpuint(g_strv_length(cols), ==, 3);
      if (strcmp(cols[0], ent) != 0)
        break;
      double us = g_ascii_strtod(cols[1], NULL), frac = g_ascii_strtod(cols[2], NULL);
      g_assert_cmpfloat(us, >, last_us);
      g_assert_cmpfloat(frac, >, last_frac);
      last_us = us;
      last_frac = frac;
      *(strcmp(ent, "web") == 0 ? &web_rows : &db_rows) += 1;
    }
    g_assert_cmpfloat(last_frac, ==, 1.0);
  }
  g_assert_cmpstr(lines[i], ==, ""); /* nothing after db */
  g_assert_null(lines[i + 1]);
  g_assert_cmpuint(web_rows, >, 200); /* 1..1000 us spans ~10 octaves of 128 buckets */
  g_assert_cmpuint(db_rows, >, 20);
  g_assert_true(g_str_has_prefix(lines[1], "web,1.0")); /* first bucket above 1 us */
}

/* Labels are entity names, quoted as CSV needs. (Only VMs have a latency metric today, so the
 * "kind.name" label for two kinds' entities of one name cannot arise here.) */
static void test_cdf_labels(Fixture *f, gconstpointer data) {
  g_autoptr(VqReport) r = vq_report_new("labels");
  g_autoptr(VqHisto) h = vq_histo_new();
  vq_histo_add(h, 1e-5);
  /* 1e-5 s lies in [2^-17 * (1 + 39/128), 2^-17 * (1 + 40/128)): upper bound 10.0135803 us. */
  vq_report_set_latency(vq_report_add_entity(r, VQ_KIND_VM, "web"), VQ_M_VM_LATENCY_S, h);
  vq_report_add_entity(r, VQ_KIND_QUEUE, "web"); /* no latency: no clash */
  vq_report_set_latency(vq_report_add_entity(r, VQ_KIND_VM, "a,\"b\""), VQ_M_VM_LATENCY_S, h);
  write_ok(r, f->dir);
  g_autofree char *text = read_file(f->dir, "latency_cdf.csv");
  g_assert_cmpstr(text, ==,
                  "entity,latency_us,cum_fraction\n"
                  "web,10.0135803,1\n"
                  "\"a,\"\"b\"\"\",10.0135803,1\n");
}

static void test_cpu_csv(Fixture *f, gconstpointer data) {
  g_autoptr(VqReport) r = sample_report();
  write_ok(r, f->dir);
  g_autofree char *text = read_file(f->dir, "cpu.csv");
  g_assert_cmpstr(text, ==,
                  "processor,isr,dpc,vswitch,guest\n"
                  "0,0.05,0.4,0.25,0\n"
                  "1,0,0,0,0\n"
                  "2,0.02,0.1,0,0.3\n");
}

static void test_entity_reuse(void) {
  g_autoptr(VqReport) r = vq_report_new("reuse");
  VqReportEntity *a = vq_report_add_entity(r, VQ_KIND_VM, "web");
  g_assert_true(vq_report_add_entity(r, VQ_KIND_VM, "web") == a);
  g_assert_true(vq_report_add_entity(r, VQ_KIND_QUEUE, "web") != a);
}

static void test_atomic_replace(Fixture *f, gconstpointer data) {
  g_autoptr(VqReport) r = sample_report();
  write_ok(r, f->dir);
  /* A previous run of the same configuration is replaced as a whole. */
  g_autofree char *json = g_build_filename(f->dir, "summary.json", NULL);
  g_assert_true(g_file_set_contents(json, "old run\n", -1, NULL));
  write_ok(r, f->dir);
  g_autofree char *text = read_file(f->dir, "summary.json");
  g_assert_true(g_str_has_prefix(text, "{"));
  /* Only the results directory is left in the parent: no .tmp-* or .old-* siblings. */
  g_autofree char *names = list_dir_sorted(f->parent);
  g_assert_cmpstr(names, ==, "out");

  /* A trailing slash names the same directory; missing parents are created. */
  g_autofree char *slash = g_strconcat(f->dir, "/", NULL);
  write_ok(r, slash);
  g_autofree char *deep = g_build_filename(f->parent, "a", "b", "c", NULL);
  write_ok(r, deep);
  g_autofree char *deep_json = g_build_filename(deep, "summary.json", NULL);
  g_assert_true(g_file_test(deep_json, G_FILE_TEST_IS_REGULAR));
  g_autofree char *names2 = list_dir_sorted(f->parent);
  g_assert_cmpstr(names2, ==, "a out");
}

static void test_unwritable(Fixture *f, gconstpointer data) {
  g_autoptr(VqReport) r = sample_report();
  /* A regular file where a parent directory should be: fails even for root. Claimed first,
   * the file made after, so that the writer meets it. */
  g_autofree char *file = g_build_filename(f->parent, "file", NULL);
  g_autofree char *dir = g_build_filename(file, "sub", "out", NULL);
  g_autoptr(GError) err = NULL;
  g_autoptr(VqOutdir) out = claim(dir, &err);
  g_assert_no_error(err);
  g_assert_true(g_file_set_contents(file, "x", -1, NULL));
  g_assert_false(vq_report_write(r, out, TRUE, &err));
  g_assert_error(err, VQ_REPORT_ERROR, 0);
  g_assert_nonnull(strstr(err->message, file));
  g_autofree char *names = list_dir_sorted(f->parent);
  g_assert_cmpstr(names, ==, "file");
  /* Claimed now, the path through a file is refused at once. */
  g_clear_error(&err);
  g_assert_null(claim(dir, &err));
  g_assert_error(err, VQ_OUTDIR_ERROR, VQ_OUTDIR_ERROR_REFUSED);
}

/* A directory that was free when claimed but holds someone's file by the time the run ends is
 * not replaced, and the new results are dropped. */
static void test_changed_since_claim(Fixture *f, gconstpointer data) {
  g_autoptr(VqReport) r = sample_report();
  g_autoptr(GError) err = NULL;
  g_autoptr(VqOutdir) out = claim(f->dir, &err);
  g_assert_no_error(err);
  g_assert_cmpint(g_mkdir(f->dir, 0755), ==, 0);
  g_autofree char *notes = g_build_filename(f->dir, "notes.txt", NULL);
  g_assert_true(g_file_set_contents(notes, "mine\n", -1, NULL));
  g_assert_false(vq_report_write(r, out, TRUE, &err));
  g_assert_error(err, VQ_OUTDIR_ERROR, VQ_OUTDIR_ERROR_REFUSED);
  g_assert_nonnull(strstr(err->message, f->dir));
  g_autofree char *text = read_file(f->dir, "notes.txt");
  g_assert_cmpstr(text, ==, "mine\n");
  g_autofree char *names = list_dir_sorted(f->parent);
  g_assert_cmpstr(names, ==, "out");
  g_autofree char *inside = list_dir_sorted(f->dir);
  g_assert_cmpstr(inside, ==, "notes.txt");
}

static void test_not_a_directory(Fixture *f, gconstpointer data) {
  /* DIR exists as a regular file: refused when claimed, nothing written. */
  g_assert_true(g_file_set_contents(f->dir, "precious", -1, NULL));
  g_autoptr(GError) err = NULL;
  g_assert_null(claim(f->dir, &err));
  g_assert_error(err, VQ_OUTDIR_ERROR, VQ_OUTDIR_ERROR_REFUSED);
  g_assert_nonnull(strstr(err->message, f->dir));
  g_assert_nonnull(strstr(err->message, "not a directory"));
  g_autofree char *text = read_file(f->parent, "out");
  g_assert_cmpstr(text, ==, "precious");
  g_autofree char *names = list_dir_sorted(f->parent);
  g_assert_cmpstr(names, ==, "out");
}

static void assert_png(const char *dir, const char *name) {
  g_autofree char *path = g_build_filename(dir, name, NULL);
  g_autofree char *data = NULL;
  gsize len = 0;
  g_assert_true(g_file_get_contents(path, &data, &len, NULL));
  g_assert_cmpuint(len, >, 5 * 1024);
  g_assert_cmpmem(data, 8, "\x89PNG\r\n\x1a\n", 8);
}

static void test_charts(Fixture *f, gconstpointer data) {
  if (!vq_plot_available()) {
    g_test_skip("gnuplot not installed");
    return;
  }
  g_autoptr(VqReport) r = sample_report();
  write_ok(r, f->dir);
  assert_png(f->dir, "throughput.png");
  assert_png(f->dir, "cpu.png");
  assert_png(f->dir, "latency.png");
  if (g_getenv("VQ_KEEP_CHARTS")) { /* to look at them: VQ_KEEP_CHARTS=/some/dir */
    write_ok(r, g_getenv("VQ_KEEP_CHARTS"));
  }
}

/* Gnuplot present but failing (here: a broken template) is an error, and leaves nothing. */
static void test_chart_failure(Fixture *f, gconstpointer data) {
  if (!vq_plot_available()) {
    g_test_skip("gnuplot not installed");
    return;
  }
  g_autofree char *tdir = g_build_filename(f->parent, "templates", NULL);
  g_assert_cmpint(g_mkdir(tdir, 0755), ==, 0);
  const char *names[] = {"style.gp", "throughput.gp", "cpu.gp", "latency.gp"};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    g_autofree char *path = g_build_filename(tdir, names[i], NULL);
    g_assert_true(g_file_set_contents(path, "set output outfile\nplot no_such_fn(x)\n", -1, NULL));
  }
  g_setenv("VMQSIM_TEMPLATES", tdir, TRUE);
  g_autoptr(VqReport) r = sample_report();
  g_autoptr(GError) err = NULL;
  g_autoptr(VqOutdir) out = claim(f->dir, &err);
  g_assert_no_error(err);
  gboolean ok = vq_report_write(r, out, TRUE, &err);
  g_unsetenv("VMQSIM_TEMPLATES");
  g_assert_false(ok);
  g_assert_true(err->domain == VQ_REPORT_ERROR);
  g_assert_nonnull(strstr(err->message, "throughput.png"));
  g_assert_nonnull(strstr(err->message, "no_such_fn")); /* gnuplot's own message */
  g_autofree char *left = list_dir_sorted(f->parent);
  g_assert_cmpstr(left, ==, "templates");
}

/* No gnuplot on PATH: the data files are written, the charts skipped with a warning. */
static void test_no_gnuplot(Fixture *f, gconstpointer data) {
  if (g_test_subprocess()) {
    g_setenv("PATH", "/nonexistent", TRUE);
    g_assert_false(vq_plot_available());
    g_autoptr(VqReport) r = sample_report();
    write_ok(r, f->dir);
    g_autofree char *names = list_dir_sorted(f->dir);
    g_assert_cmpstr(names, ==, ".vmqsim-run cpu.csv latency_cdf.csv summary.json timeseries.csv");
    return;
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
  g_test_trap_assert_stderr("*warning: gnuplot not found*");
}

static void test_print_summary(void) {
  g_autoptr(VqReport) r = sample_report();
  FILE *fp = tmpfile();
  g_assert_nonnull(fp);
  vq_report_print_summary(r, fp);
  long len = ftell(fp);
  rewind(fp);
  g_autofree char *text = g_malloc0(len + 1);
  g_assert_cmpuint(fread(text, 1, len, fp), ==, (gsize)len);
  fclose(fp);
  if (g_test_verbose())
    g_printerr("%s", text);
  g_assert_cmpstr(text, ==,
                  "scenario two-vms\n"
                  "  VM   offered Gbps  delivered Gbps  dropped frames  p50 µs  p99 µs\n"
                  "  web         9.500           9.250            1234   501.6   988.0\n"
                  "  db          1.000           1.000               0    39.9    59.5\n"
                  "\n"
                  "  queue  VM  processor  in flight  dropped  frames/irq\n"
                  "  web     -          -          -        -           -\n"
                  "  db      -          -          -        -           -\n"
                  "\n"
                  "  processor  busy %  isr %  dpc %  vswitch %  guest %\n"
                  "  0            70.0    5.0   40.0       25.0        -\n"
                  "  2            42.0    2.0   10.0          -     30.0\n"
                  "  (left out: 1 processor busy 0.1% of the time or less: 1)\n");
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD("/report/summary-json", test_summary_json);
  ADD("/report/summary-order", test_summary_order);
  ADD("/report/empty", test_empty_report);
  ADD("/report/timeseries-csv", test_timeseries_csv);
  ADD("/report/latency-cdf-csv", test_latency_cdf_csv);
  ADD("/report/latency-cdf-labels", test_cdf_labels);
  ADD("/report/cpu-csv", test_cpu_csv);
  ADD("/report/atomic-replace", test_atomic_replace);
  ADD("/report/unwritable", test_unwritable);
  ADD("/report/changed-since-claim", test_changed_since_claim);
  ADD("/report/not-a-directory", test_not_a_directory);
  ADD("/report/charts", test_charts);
  ADD("/report/chart-failure", test_chart_failure);
  ADD("/report/no-gnuplot", test_no_gnuplot);
  g_test_add_func("/report/entity-reuse", test_entity_reuse);
  g_test_add_func("/report/print-summary", test_print_summary);
  return g_test_run();
}
