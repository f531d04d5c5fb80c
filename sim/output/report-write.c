/* Report writer: vq_report_write() and the files it makes (see report.h).
 *
 * Output layout (documented for users in results/README.md):
 *   summary.json     {"scenario", "run": {...}, "vms": [...], "queues": [...],
 *                    "processors": [...], then the other kinds' arrays ("vports", ...) in
 *                    first-use order}; keys and types from the metrics table (sim/metrics.def),
 *                    every key in insertion order, so two runs with the same seed give
 *                    byte-identical files
 *   timeseries.csv   time_s plus one column per declared series
 *   latency_cdf.csv  entity,latency_us,cum_fraction (long format, entities in summary order)
 *   cpu.csv          processor,<category>... busy fractions from "busy.<category>" fields
 *   *.png            charts drawn by gnuplot from the three CSV files (report-charts.c)
 *   .vmqsim-run      the marker that lets a later run replace the directory (sim/outdir.h)
 *
 * Numbers are formatted with g_ascii_formatd so a locale set by main() cannot turn the decimal
 * point into a comma. Left out: reading a report back (consumers parse the JSON/CSV).
 */
#include "sim/report.h"
#include "sim/output/report-write.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sim/output/outdir.h"
#include "sim/output/report-charts.h"
#include "sim/output/report-private.h"

/* ---- file contents ---------------------------------------------------------------------- */

/* Kinds in output order: vm, queue, processor first (always present in summary.json, even if
 * empty, so consumers need not test for them), then the others in first-use order. */
static const VqKind standard_kinds[] = {VQ_KIND_VM, VQ_KIND_QUEUE, VQ_KIND_PROCESSOR};

static gboolean is_standard(VqKind k) {
  for (guint i = 0; i < G_N_ELEMENTS(standard_kinds); i++)
    if (standard_kinds[i] == k)
      return TRUE;
  return FALSE;
}

static GArray *kinds_in_order(const VqReport *r) {
  GArray *kinds = g_array_new(FALSE, FALSE, sizeof(VqKind));
  g_array_append_vals(kinds, standard_kinds, G_N_ELEMENTS(standard_kinds));
  for (guint i = 0; i < r->kinds->len; i++) {
    VqKind k = ((Kind *)r->kinds->pdata[i])->kind;
    if (!is_standard(k))
      g_array_append_val(kinds, k);
  }
  return kinds;
}

/* Every entity, in output order (borrowed pointers). */
static GPtrArray *entities_in_order(const VqReport *r) {
  g_autoptr(GArray) kinds = kinds_in_order(r);
  GPtrArray *out = g_ptr_array_new();
  for (guint i = 0; i < kinds->len; i++) {
    const Kind *k = vq_report_find_kind(r, g_array_index(kinds, VqKind, i));
    for (guint j = 0; k && j < k->entities->len; j++)
      g_ptr_array_add(out, k->entities->pdata[j]);
  }
  return out;
}

static void format_number(GString *s, double v) {
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append(s, g_ascii_formatd(buf, sizeof buf, "%.9g", v));
}

/* RFC 4180: quote a field only when it holds a comma, a quote or a line break. */
static void csv_field(GString *s, const char *v) {
  if (!strpbrk(v, ",\"\r\n")) {
    g_string_append(s, v);
    return;
  }
  g_string_append_c(s, '"');
  for (const char *p = v; *p; p++) {
    if (*p == '"')
      g_string_append_c(s, '"');
    g_string_append_c(s, *p);
  }
  g_string_append_c(s, '"');
}

/* JSON has no NaN or infinity: those become null rather than an unparsable file. */
static void json_number(JsonBuilder *b, double v) {
  if (isfinite(v))
    json_builder_add_double_value(b, v);
  else
    json_builder_add_null_value(b);
}

static void json_latency(JsonBuilder *b, const VqHisto *h) {
  json_builder_begin_object(b);
  for (VqLatencyStat s = 0; s < VQ_LATENCY_N; s++) {
    json_builder_set_member_name(b, vq_latency_stat_name(s));
    if (s == VQ_LATENCY_COUNT)
      json_builder_add_int_value(b, (gint64)vq_histo_count(h));
    else if (s == VQ_LATENCY_MEAN_S)
      json_number(b, vq_histo_mean(h));
    else if (s == VQ_LATENCY_MAX_S)
      json_number(b, vq_histo_max(h));
    else
      json_number(b, vq_histo_quantile(h, vq_latency_stat_quantile(s)));
  }
  json_builder_end_object(b);
}

static void json_fields(JsonBuilder *b, const GPtrArray *fields) {
  for (guint i = 0; i < fields->len; i++) {
    const Field *f = fields->pdata[i];
    char key[VQ_METRIC_KEY_MAX];
    json_builder_set_member_name(b, vq_report_field_key(f, key));
    switch (f->type) {
    case FIELD_DOUBLE:
      json_number(b, f->d);
      break;
    case FIELD_UINT:
      json_builder_add_int_value(b, (gint64)MIN(f->u, (guint64)G_MAXINT64));
      break;
    case FIELD_STRING:
      json_builder_add_string_value(b, f->s);
      break;
    case FIELD_LATENCY:
      json_latency(b, f->h);
      break;
    }
  }
}

static GString *summary_json(const VqReport *r) {
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "scenario");
  json_builder_add_string_value(b, r->scenario);
  json_builder_set_member_name(b, vq_kind_member(VQ_KIND_RUN));
  json_builder_begin_object(b);
  json_fields(b, r->run->fields);
  json_builder_end_object(b);

  g_autoptr(GArray) kinds = kinds_in_order(r);
  for (guint i = 0; i < kinds->len; i++) {
    VqKind kind = g_array_index(kinds, VqKind, i);
    const Kind *k = vq_report_find_kind(r, kind);
    json_builder_set_member_name(b, vq_kind_member(kind));
    json_builder_begin_array(b);
    for (guint j = 0; k && j < k->entities->len; j++) {
      const VqReportEntity *e = k->entities->pdata[j];
      json_builder_begin_object(b);
      json_builder_set_member_name(b, "name");
      json_builder_add_string_value(b, e->name);
      json_fields(b, e->fields);
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
  }
  json_builder_set_member_name(b, "warnings");
  json_builder_begin_array(b);
  for (guint i = 0; i < vq_report_n_warnings(r); i++) {
    const char *kind, *message = vq_report_warning(r, i, &kind);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "kind");
    json_builder_add_string_value(b, kind);
    json_builder_set_member_name(b, "message");
    json_builder_add_string_value(b, message);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);

  g_autoptr(JsonNode) root = json_builder_get_root(b);
  g_autoptr(JsonGenerator) gen = json_generator_new();
  json_generator_set_root(gen, root);
  json_generator_set_pretty(gen, TRUE);
  json_generator_set_indent(gen, 2);
  GString *s = g_string_new(NULL);
  json_generator_to_gstring(gen, s);
  g_string_append_c(s, '\n');
  return s;
}

static GString *timeseries_csv(const VqReport *r) {
  GString *s = g_string_new("time_s");
  for (guint c = 0; c < r->ts_columns->len; c++) {
    g_string_append_c(s, ',');
    csv_field(s, ((const TsColumn *)r->ts_columns->pdata[c])->name);
  }
  g_string_append_c(s, '\n');
  guint stride = r->ts_columns->len + 1;
  for (guint row = 0; row < r->ts_rows; row++) {
    gsize first = (gsize)row * stride;
    const double *v = &g_array_index(r->ts_data, double, first);
    for (guint c = 0; c < stride; c++) {
      if (c)
        g_string_append_c(s, ',');
      format_number(s, v[c]);
    }
    g_string_append_c(s, '\n');
  }
  return s;
}

/* The label of an entity's CDF curve: its name, or "kind.name" when another kind has an entity
 * of the same name with a latency too (a VM and its queue are often both called "web"). */
static char *curve_label(const GPtrArray *with_latency, const VqReportEntity *e) {
  for (guint i = 0; i < with_latency->len; i++) {
    const VqReportEntity *o = with_latency->pdata[i];
    if (o != e && strcmp(o->name, e->name) == 0)
      return g_strdup_printf("%s.%s", vq_kind_name(e->kind), e->name);
  }
  return g_strdup(e->name);
}

GPtrArray *vq_report_latency_entities(const VqReport *r, GPtrArray **labels) {
  g_autoptr(GPtrArray) all = entities_in_order(r);
  GPtrArray *out = g_ptr_array_new();
  for (guint i = 0; i < all->len; i++)
    if (vq_report_entity_latency(all->pdata[i]))
      g_ptr_array_add(out, all->pdata[i]);
  *labels = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < out->len; i++)
    g_ptr_array_add(*labels, curve_label(out, out->pdata[i]));
  return out;
}

typedef struct {
  GString *s;        /* latency_cdf.csv being written */
  const char *label; /* current entity's curve label */
} CdfWriter;

static void cdf_row(double upper_s, double cum_frac, void *ud) {
  CdfWriter *w = ud;
  csv_field(w->s, w->label);
  g_string_append_c(w->s, ',');
  format_number(w->s, upper_s * 1e6);
  g_string_append_c(w->s, ',');
  format_number(w->s, cum_frac);
  g_string_append_c(w->s, '\n');
}

static GString *latency_cdf_csv(const VqReport *r) {
  GString *s = g_string_new("entity,latency_us,cum_fraction\n");
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) ents = vq_report_latency_entities(r, &labels);
  for (guint i = 0; i < ents->len; i++) {
    CdfWriter w = {s, labels->pdata[i]};
    vq_histo_foreach_cdf(vq_report_entity_latency(ents->pdata[i]), cdf_row, &w);
  }
  return s;
}

static GString *cpu_csv(const VqReport *r, guint *n_cats, guint *n_rows) {
  g_autoptr(GArray) cats = vq_report_cpu_categories(r);
  GString *s = g_string_new("processor");
  for (guint c = 0; c < cats->len; c++) {
    g_string_append_c(s, ',');
    csv_field(s, vq_report_category(g_array_index(cats, VqMetric, c)));
  }
  g_string_append_c(s, '\n');
  const Kind *k = vq_report_find_kind(r, VQ_KIND_PROCESSOR);
  for (guint i = 0; k && i < k->entities->len; i++) {
    const VqReportEntity *e = k->entities->pdata[i];
    csv_field(s, e->name);
    for (guint c = 0; c < cats->len; c++) {
      double v = 0.0;
      vq_report_field_number(e, g_array_index(cats, VqMetric, c), &v);
      g_string_append_c(s, ',');
      format_number(s, v);
    }
    g_string_append_c(s, '\n');
  }
  *n_cats = cats->len;
  *n_rows = k ? k->entities->len : 0;
  return s;
}

/* ---- writing ---------------------------------------------------------------------------- */

static gboolean write_file(const char *tmp, const char *target, const char *name, GString *text,
                           GError **error) {
  g_autofree char *path = g_build_filename(tmp, name, NULL);
  GError *inner = NULL;
  gboolean ok = g_file_set_contents(path, text->str, (gssize)text->len, &inner);
  if (!ok) {
    g_set_error(error, VQ_REPORT_ERROR, VQ_REPORT_ERROR_FAILED, "%s: cannot write %s: %s", target,
                name, inner->message);
    g_error_free(inner);
  }
  g_string_free(text, TRUE);
  return ok;
}

static gboolean write_all(const VqReport *r, const char *tmp, const char *target, gboolean charts,
                          GError **error) {
  guint n_cats, n_rows;
  return write_file(tmp, target, "summary.json", summary_json(r), error) &&
         write_file(tmp, target, "timeseries.csv", timeseries_csv(r), error) &&
         write_file(tmp, target, "latency_cdf.csv", latency_cdf_csv(r), error) &&
         write_file(tmp, target, "cpu.csv", cpu_csv(r, &n_cats, &n_rows), error) &&
         (!charts || vq_report_write_charts(r, tmp, target, error));
}

static void set_errno_error(GError **error, int errsv, const char *path, const char *what) {
  g_set_error(error, VQ_REPORT_ERROR, VQ_REPORT_ERROR_FAILED, "%s: %s: %s", path, what,
              g_strerror(errsv));
}

/* Moves TMP to TARGET, replacing a previous TARGET directory: the old one is renamed aside
 * first and deleted only once the new one is in place, so TARGET is never half-written. */
static gboolean replace_dir(const VqOutdir *out, const char *tmp, const char *target,
                            const char *parent, const char *base, GError **error) {
  /* The run took a while: check again what TARGET holds now, just before moving it. */
  if (!vq_outdir_recheck(out, error))
    return FALSE;
  g_autofree char *old = NULL;
  if (g_file_test(target, G_FILE_TEST_IS_DIR)) {
    g_autofree char *old_base = g_strconcat(base, ".old-XXXXXX", NULL);
    old = g_build_filename(parent, old_base, NULL);
    /* rename(2) may replace an empty directory, so reserving the name with mkdtemp is safe. */
    if (!g_mkdtemp(old)) {
      set_errno_error(error, errno, old, "cannot create directory");
      return FALSE;
    }
    if (g_rename(target, old) != 0) {
      set_errno_error(error, errno, target, "cannot move the previous results aside");
      g_rmdir(old);
      return FALSE;
    }
  }
  if (g_rename(tmp, target) != 0) {
    set_errno_error(error, errno, target, "cannot move the new results into place");
    if (old)
      g_rename(old, target); /* best effort: put the previous results back */
    return FALSE;
  }
  if (old)
    vq_outdir_remove_tree(old);
  return TRUE;
}

gboolean vq_report_write(const VqReport *r, const VqOutdir *out, gboolean charts, GError **error) {
  g_return_val_if_fail(r != NULL && out != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);

  const char *target = vq_outdir_path(out); /* canonical: no trailing slash, symlinks resolved */
  g_autofree char *parent = g_path_get_dirname(target);
  g_autofree char *base = g_path_get_basename(target);

  if (g_mkdir_with_parents(parent, 0777) != 0) {
    set_errno_error(error, errno, parent, "cannot create directory");
    return FALSE;
  }
  g_autofree char *tmp_base = g_strconcat(base, ".tmp-XXXXXX", NULL);
  g_autofree char *tmp = g_build_filename(parent, tmp_base, NULL);
  if (!g_mkdtemp(tmp)) {
    set_errno_error(error, errno, tmp, "cannot create directory");
    return FALSE;
  }
  g_chmod(tmp, 0755); /* mkdtemp makes it 0700; results are meant to be shared */

  if (!write_all(r, tmp, target, charts, error) || !vq_outdir_write_marker(out, tmp, error) ||
      !replace_dir(out, tmp, target, parent, base, error)) {
    vq_outdir_remove_tree(tmp);
    return FALSE;
  }
  return TRUE;
}
