/* Report: the results container models fill (see report.h), and the compact summary table
 * printed at the end of a run. The files (summary.json, the CSVs, the charts) are written by
 * sim/report-write.c; the structures both files share are in sim/report-private.h.
 */
#include "sim/report.h"
#include "sim/output/report-write.h"

#include <string.h>

#include "sim/output/report-private.h"

GQuark vq_report_error_quark(void) {
  return g_quark_from_static_string("vq-report-error-quark");
}

/* ---- construction ---------------------------------------------------------------------- */

static void field_clear_value(Field *f) {
  g_clear_pointer(&f->s, g_free);
  g_clear_pointer(&f->h, vq_histo_free);
}

static void field_free(gpointer p) {
  Field *f = p;
  field_clear_value(f);
  g_free(f->key);
  g_free(f);
}

/* Setting a key again replaces its value but keeps its position. */
static Field *field_set(GPtrArray *fields, const char *key, FieldType type) {
  Field *f = NULL;
  for (guint i = 0; i < fields->len && !f; i++)
    if (strcmp(((Field *)fields->pdata[i])->key, key) == 0)
      f = fields->pdata[i];
  if (f) {
    field_clear_value(f);
  } else {
    f = g_new0(Field, 1);
    f->key = g_strdup(key);
    g_ptr_array_add(fields, f);
  }
  f->type = type;
  return f;
}

static const Field *field_find(const VqReportEntity *e, const char *key) {
  for (guint i = 0; i < e->fields->len; i++)
    if (strcmp(((Field *)e->fields->pdata[i])->key, key) == 0)
      return e->fields->pdata[i];
  return NULL;
}

/* A numeric field (double or uint) as a double; FALSE when absent or not numeric. */
gboolean vq_report_field_number(const VqReportEntity *e, const char *key, double *out) {
  const Field *f = field_find(e, key);
  if (f && f->type == FIELD_DOUBLE)
    *out = f->d;
  else if (f && f->type == FIELD_UINT)
    *out = (double)f->u;
  else
    return FALSE;
  return TRUE;
}

const VqHisto *vq_report_entity_latency(const VqReportEntity *e) {
  for (guint i = 0; i < e->fields->len; i++) {
    const Field *f = e->fields->pdata[i];
    if (f->type == FIELD_LATENCY)
      return f->h;
  }
  return NULL;
}

static void entity_free(gpointer p) {
  VqReportEntity *e = p;
  g_ptr_array_unref(e->fields);
  g_free(e->kind);
  g_free(e->name);
  g_free(e);
}

static void kind_free(gpointer p) {
  Kind *k = p;
  g_hash_table_unref(k->by_name);
  g_ptr_array_unref(k->entities);
  g_free(k->kind);
  g_free(k);
}

VqReport *vq_report_new(const char *scenario_name) {
  g_return_val_if_fail(scenario_name != NULL, NULL);
  VqReport *r = g_new0(VqReport, 1);
  r->scenario = g_strdup(scenario_name);
  r->run = g_ptr_array_new_with_free_func(field_free);
  r->kinds = g_ptr_array_new_with_free_func(kind_free);
  r->ts_columns = g_ptr_array_new_with_free_func(g_free);
  r->ts_data = g_array_new(FALSE, FALSE, sizeof(double));
  return r;
}

void vq_report_free(VqReport *r) {
  if (!r)
    return;
  g_ptr_array_unref(r->run);
  g_ptr_array_unref(r->kinds);
  g_ptr_array_unref(r->ts_columns);
  g_array_unref(r->ts_data);
  g_free(r->scenario);
  g_free(r);
}

void vq_report_set_run_double(VqReport *r, const char *key, double v) {
  g_return_if_fail(r != NULL && key != NULL);
  field_set(r->run, key, FIELD_DOUBLE)->d = v;
}

void vq_report_set_run_string(VqReport *r, const char *key, const char *v) {
  g_return_if_fail(r != NULL && key != NULL && v != NULL);
  field_set(r->run, key, FIELD_STRING)->s = g_strdup(v);
}

Kind *vq_report_find_kind(const VqReport *r, const char *kind) {
  for (guint i = 0; i < r->kinds->len; i++)
    if (strcmp(((Kind *)r->kinds->pdata[i])->kind, kind) == 0)
      return r->kinds->pdata[i];
  return NULL;
}

/* Adding KIND/NAME a second time returns the first entity, so two models (say the NIC and the
 * ring) can both contribute fields to "queue 3". */
VqReportEntity *vq_report_add_entity(VqReport *r, const char *kind, const char *name) {
  g_return_val_if_fail(r != NULL && kind != NULL && *kind && name != NULL, NULL);
  Kind *k = vq_report_find_kind(r, kind);
  if (!k) {
    k = g_new0(Kind, 1);
    k->kind = g_strdup(kind);
    k->entities = g_ptr_array_new_with_free_func(entity_free);
    k->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    g_ptr_array_add(r->kinds, k);
  }
  VqReportEntity *e = g_hash_table_lookup(k->by_name, name);
  if (e)
    return e;
  e = g_new0(VqReportEntity, 1);
  e->kind = g_strdup(kind);
  e->name = g_strdup(name);
  e->fields = g_ptr_array_new_with_free_func(field_free);
  g_ptr_array_add(k->entities, e);
  g_hash_table_insert(k->by_name, e->name, e);
  return e;
}

void vq_report_entity_set_double(VqReportEntity *e, const char *key, double v) {
  g_return_if_fail(e != NULL && key != NULL && strcmp(key, "name") != 0);
  field_set(e->fields, key, FIELD_DOUBLE)->d = v;
}

void vq_report_entity_set_uint(VqReportEntity *e, const char *key, guint64 v) {
  g_return_if_fail(e != NULL && key != NULL && strcmp(key, "name") != 0);
  field_set(e->fields, key, FIELD_UINT)->u = v;
}

void vq_report_entity_set_string(VqReportEntity *e, const char *key, const char *v) {
  g_return_if_fail(e != NULL && key != NULL && v != NULL && strcmp(key, "name") != 0);
  field_set(e->fields, key, FIELD_STRING)->s = g_strdup(v);
}

void vq_report_entity_set_latency(VqReportEntity *e, const VqHisto *h) {
  g_return_if_fail(e != NULL && h != NULL);
  Field *f = field_set(e->fields, "latency_s", FIELD_LATENCY);
  f->h = vq_histo_new();
  vq_histo_merge(f->h, h);
}

guint vq_report_ts_add_column(VqReport *r, const char *name) {
  g_return_val_if_fail(r != NULL && name != NULL, 0);
  g_return_val_if_fail(r->ts_rows == 0, 0); /* columns are fixed once rows exist */
  g_ptr_array_add(r->ts_columns, g_strdup(name));
  return r->ts_columns->len - 1;
}

void vq_report_ts_add_row(VqReport *r, double t_s, const double *values, guint n_values) {
  g_return_if_fail(r != NULL);
  g_return_if_fail(n_values == r->ts_columns->len);
  g_return_if_fail(values != NULL || n_values == 0);
  g_array_append_val(r->ts_data, t_s);
  g_array_append_vals(r->ts_data, values, n_values);
  r->ts_rows++;
}

/* ---- queries (also used by report-write.c) ------------------------------------------ */

/* "busy.<category>" keys over all processors, first-seen order. "busy.total" is left out: it
 * would count the other categories twice in a stacked chart. */
GPtrArray *vq_report_cpu_categories(const VqReport *r) {
  GPtrArray *cats = g_ptr_array_new();
  const Kind *k = vq_report_find_kind(r, "processor");
  for (guint i = 0; k && i < k->entities->len; i++) {
    const VqReportEntity *e = k->entities->pdata[i];
    for (guint j = 0; j < e->fields->len; j++) {
      const Field *f = e->fields->pdata[j];
      if (g_str_has_prefix(f->key, BUSY_PREFIX) && f->key[strlen(BUSY_PREFIX)] &&
          strcmp(f->key, BUSY_PREFIX "total") != 0 &&
          (f->type == FIELD_DOUBLE || f->type == FIELD_UINT) &&
          !g_ptr_array_find_with_equal_func(cats, f->key, g_str_equal, NULL))
        g_ptr_array_add(cats, f->key);
    }
  }
  return cats;
}

/* ---- summary table ---------------------------------------------------------------------- */

/* Prints ROWS (GPtrArray of GPtrArray of char*, row 0 the header): first column left-aligned,
 * the others right-aligned, each as wide as its widest cell. */
static void print_table(FILE *fp, const GPtrArray *rows) {
  const GPtrArray *header = rows->pdata[0];
  g_autofree int *width = g_new0(int, header->len);
  for (guint i = 0; i < rows->len; i++)
    for (guint c = 0; c < header->len; c++)
      width[c] = MAX(width[c], (int)strlen(((GPtrArray *)rows->pdata[i])->pdata[c]));
  for (guint i = 0; i < rows->len; i++) {
    const GPtrArray *row = rows->pdata[i];
    fprintf(fp, "  %-*s", width[0], (const char *)row->pdata[0]);
    for (guint c = 1; c < header->len; c++)
      fprintf(fp, "  %*s", width[c], (const char *)row->pdata[c]);
    fputc('\n', fp);
  }
}

static GPtrArray *table_row(void) {
  return g_ptr_array_new_with_free_func(g_free);
}

static void cell(GPtrArray *row, gboolean present, double v, int decimals) {
  g_ptr_array_add(row, present ? g_strdup_printf("%.*f", decimals, v) : g_strdup("-"));
}

static gboolean any_has(const Kind *k, const char *key) {
  for (guint i = 0; i < k->entities->len; i++)
    if (field_find(k->entities->pdata[i], key))
      return TRUE;
  return FALSE;
}

static void print_vms(const Kind *k, FILE *fp) {
  static const struct {
    const char *key, *header;
    int decimals;
  } cols[] = {{"offered_gbps", "offered Gbps", 3},
              {"delivered_gbps", "delivered Gbps", 3},
              {"dropped_frames", "dropped frames", 0}};
  gboolean has[G_N_ELEMENTS(cols)], has_lat = FALSE;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  GPtrArray *header = table_row();
  g_ptr_array_add(rows, header);
  g_ptr_array_add(header, g_strdup("VM"));
  for (guint c = 0; c < G_N_ELEMENTS(cols); c++)
    if ((has[c] = any_has(k, cols[c].key)))
      g_ptr_array_add(header, g_strdup(cols[c].header));
  for (guint i = 0; i < k->entities->len; i++)
    has_lat = has_lat || vq_report_entity_latency(k->entities->pdata[i]);
  if (has_lat) {
    g_ptr_array_add(header, g_strdup("p50 us"));
    g_ptr_array_add(header, g_strdup("p99 us"));
  }

  for (guint i = 0; i < k->entities->len; i++) {
    const VqReportEntity *e = k->entities->pdata[i];
    GPtrArray *row = table_row();
    g_ptr_array_add(rows, row);
    g_ptr_array_add(row, g_strdup(e->name));
    for (guint c = 0; c < G_N_ELEMENTS(cols); c++) {
      double v = 0;
      gboolean present = vq_report_field_number(e, cols[c].key, &v); /* before cell() reads v */
      if (has[c])
        cell(row, present, v, cols[c].decimals);
    }
    if (has_lat) {
      const VqHisto *h = vq_report_entity_latency(e);
      gboolean ok = h && vq_histo_count(h) > 0;
      cell(row, ok, ok ? vq_histo_quantile(h, 0.50) * 1e6 : 0, 1);
      cell(row, ok, ok ? vq_histo_quantile(h, 0.99) * 1e6 : 0, 1);
    }
  }
  print_table(fp, rows);
}

/* Processor busy fraction: its "busy" field, else the sum of its busy categories. */
static double processor_busy(const VqReportEntity *e, const GPtrArray *cats) {
  double total = 0, v;
  if (vq_report_field_number(e, "busy", &total))
    return total;
  for (guint c = 0; c < cats->len; c++)
    if (vq_report_field_number(e, cats->pdata[c], &v))
      total += v;
  return total;
}

static void print_processors(const VqReport *r, const Kind *k, FILE *fp) {
  g_autoptr(GPtrArray) cats = vq_report_cpu_categories(r);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  GPtrArray *header = table_row();
  g_ptr_array_add(rows, header);
  g_ptr_array_add(header, g_strdup("processor"));
  g_ptr_array_add(header, g_strdup("busy %"));
  for (guint c = 0; c < cats->len; c++)
    g_ptr_array_add(header,
                    g_strdup_printf("%s %%", (const char *)cats->pdata[c] + strlen(BUSY_PREFIX)));

  for (guint i = 0; i < k->entities->len; i++) {
    const VqReportEntity *e = k->entities->pdata[i];
    double busy = processor_busy(e, cats), v = 0;
    if (!(busy > 0.001)) /* idle processors would drown the busy ones on a 64-LP host */
      continue;
    GPtrArray *row = table_row();
    g_ptr_array_add(rows, row);
    g_ptr_array_add(row, g_strdup(e->name));
    cell(row, TRUE, busy * 100, 1);
    for (guint c = 0; c < cats->len; c++) {
      gboolean present = vq_report_field_number(e, cats->pdata[c], &v);
      cell(row, present, v * 100, 1);
    }
  }
  if (rows->len > 1)
    print_table(fp, rows);
  else
    fprintf(fp, "  (no processor busy more than 0.1%% of the time)\n");
}

void vq_report_print_summary(const VqReport *r, FILE *fp) {
  g_return_if_fail(r != NULL && fp != NULL);
  fprintf(fp, "scenario %s\n", r->scenario);
  const Kind *vms = vq_report_find_kind(r, "vm");
  if (vms && vms->entities->len > 0)
    print_vms(vms, fp);
  const Kind *procs = vq_report_find_kind(r, "processor");
  if (procs && procs->entities->len > 0) {
    fputc('\n', fp);
    print_processors(r, procs, fp);
  }
}
