/* Report: the results container models fill (see report.h), and the compact summary table
 * printed at the end of a run. The files (summary.json, the CSVs, the charts) are written by
 * sim/report-write.c; the structures both files share are in sim/report-private.h.
 */
#include "sim/report.h"
#include "sim/output/report-write.h"

#include <math.h>
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
  g_free(f);
}

static const FieldType field_types[] = {
    [VQ_METRIC_DOUBLE] = FIELD_DOUBLE,
    [VQ_METRIC_UINT] = FIELD_UINT,
    [VQ_METRIC_STRING] = FIELD_STRING,
    [VQ_METRIC_LATENCY] = FIELD_LATENCY,
};

Field *vq_report_field_find(const VqReportEntity *e, VqMetric m, guint index) {
  for (guint i = 0; i < e->fields->len; i++) {
    Field *f = e->fields->pdata[i];
    if (f->metric == m && f->index == index)
      return f;
  }
  return NULL;
}

/* The field of M (at INDEX) to store a value of TYPE in, or NULL (and a critical) when M is not
 * a metric of E's kind or holds another type. Setting a metric again replaces its value but
 * keeps its position. */
static Field *field_set(VqReportEntity *e, VqMetric m, guint index, FieldType type) {
  g_return_val_if_fail(e != NULL && m < VQ_M_N, NULL);
  const VqMetricInfo *info = vq_metric_info(m);
  g_return_val_if_fail(info->kind == e->kind, NULL);
  g_return_val_if_fail(info->type != VQ_METRIC_SERIES && field_types[info->type] == type, NULL);
  Field *f = vq_report_field_find(e, m, index);
  if (f) {
    field_clear_value(f);
  } else {
    f = g_new0(Field, 1);
    f->metric = m;
    f->index = index;
    g_ptr_array_add(e->fields, f);
  }
  f->type = field_types[info->type];
  return f;
}

const char *vq_report_field_key(const Field *f, char buf[VQ_METRIC_KEY_MAX]) {
  return vq_metric_key(f->metric, f->index, buf);
}

gboolean vq_report_field_number(const VqReportEntity *e, VqMetric m, double *out) {
  return vq_report_field_number_at(e, m, 0, out);
}

gboolean vq_report_field_number_at(const VqReportEntity *e, VqMetric m, guint index, double *out) {
  const Field *f = vq_report_field_find(e, m, index);
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

static VqReportEntity *entity_new(VqKind kind, const char *name) {
  VqReportEntity *e = g_new0(VqReportEntity, 1);
  e->kind = kind;
  e->name = g_strdup(name);
  e->fields = g_ptr_array_new_with_free_func(field_free);
  return e;
}

static void entity_free(gpointer p) {
  VqReportEntity *e = p;
  g_ptr_array_unref(e->fields);
  g_free(e->name);
  g_free(e);
}

static void kind_free(gpointer p) {
  Kind *k = p;
  g_hash_table_unref(k->by_name);
  g_ptr_array_unref(k->entities);
  g_free(k);
}

static void ts_column_free(gpointer p) {
  TsColumn *c = p;
  g_free(c->name);
  g_free(c);
}

VqReport *vq_report_new(const char *scenario_name) {
  g_return_val_if_fail(scenario_name != NULL, NULL);
  VqReport *r = g_new0(VqReport, 1);
  r->scenario = g_strdup(scenario_name);
  r->run = entity_new(VQ_KIND_RUN, NULL);
  r->kinds = g_ptr_array_new_with_free_func(kind_free);
  r->ts_columns = g_ptr_array_new_with_free_func(ts_column_free);
  r->ts_data = g_array_new(FALSE, FALSE, sizeof(double));
  r->warnings = g_ptr_array_new_with_free_func(g_free);
  return r;
}

void vq_report_set_title(VqReport *r, const char *title) {
  g_return_if_fail(r != NULL && title != NULL);
  g_free(r->title);
  r->title = g_strdup(title);
}

void vq_report_add_warning(VqReport *r, const char *kind, const char *message) {
  g_return_if_fail(r != NULL && kind != NULL && message != NULL);
  g_ptr_array_add(r->warnings, g_strdup(kind));
  g_ptr_array_add(r->warnings, g_strdup(message));
}

guint vq_report_n_warnings(const VqReport *r) {
  return r->warnings->len / 2;
}

const char *vq_report_warning(const VqReport *r, guint i, const char **kind) {
  g_return_val_if_fail(2 * i + 1 < r->warnings->len, NULL);
  if (kind)
    *kind = r->warnings->pdata[2 * i];
  return r->warnings->pdata[2 * i + 1];
}

void vq_report_free(VqReport *r) {
  if (!r)
    return;
  entity_free(r->run);
  g_ptr_array_unref(r->kinds);
  g_ptr_array_unref(r->ts_columns);
  g_array_unref(r->ts_data);
  g_ptr_array_unref(r->warnings);
  g_free(r->scenario);
  g_free(r->title);
  g_free(r);
}

VqReportEntity *vq_report_run(VqReport *r) {
  g_return_val_if_fail(r != NULL, NULL);
  return r->run;
}

Kind *vq_report_find_kind(const VqReport *r, VqKind kind) {
  for (guint i = 0; i < r->kinds->len; i++)
    if (((Kind *)r->kinds->pdata[i])->kind == kind)
      return r->kinds->pdata[i];
  return NULL;
}

/* Adding KIND/NAME a second time returns the first entity, so two models (say the NIC and the
 * ring) can both contribute fields to "queue 3". */
VqReportEntity *vq_report_add_entity(VqReport *r, VqKind kind, const char *name) {
  g_return_val_if_fail(r != NULL && kind > VQ_KIND_RUN && kind < VQ_KIND_N && name != NULL, NULL);
  Kind *k = vq_report_find_kind(r, kind);
  if (!k) {
    k = g_new0(Kind, 1);
    k->kind = kind;
    k->entities = g_ptr_array_new_with_free_func(entity_free);
    k->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    g_ptr_array_add(r->kinds, k);
  }
  VqReportEntity *e = g_hash_table_lookup(k->by_name, name);
  if (e)
    return e;
  e = entity_new(kind, name);
  g_ptr_array_add(k->entities, e);
  g_hash_table_insert(k->by_name, e->name, e);
  return e;
}

/* A number for metric M (at INDEX): kept as a double, or as an integer for a UINT metric. */
static void set_number(VqReportEntity *e, VqMetric m, guint index, double v) {
  gboolean integer = vq_metric_info(m)->type == VQ_METRIC_UINT;
  g_return_if_fail(!integer || (v >= 0 && v == floor(v) && v < 0x1p64));
  Field *f = field_set(e, m, index, integer ? FIELD_UINT : FIELD_DOUBLE);
  if (f && integer)
    f->u = (guint64)v;
  else if (f)
    f->d = v;
}

void vq_report_set(VqReportEntity *e, VqMetric m, double v) {
  g_return_if_fail(m < VQ_M_N && !vq_metric_is_indexed(m));
  set_number(e, m, 0, v);
}

void vq_report_set_at(VqReportEntity *e, VqMetric m, guint index, double v) {
  g_return_if_fail(m < VQ_M_N && vq_metric_is_indexed(m));
  set_number(e, m, index, v);
}

void vq_report_set_string(VqReportEntity *e, VqMetric m, const char *v) {
  g_return_if_fail(v != NULL && m < VQ_M_N && !vq_metric_is_indexed(m));
  Field *f = field_set(e, m, 0, FIELD_STRING);
  if (f)
    f->s = g_strdup(v);
}

void vq_report_set_latency(VqReportEntity *e, VqMetric m, const VqHisto *h) {
  g_return_if_fail(h != NULL && m < VQ_M_N && !vq_metric_is_indexed(m));
  Field *f = field_set(e, m, 0, FIELD_LATENCY);
  if (!f)
    return;
  f->h = vq_histo_new();
  vq_histo_merge(f->h, h);
}

guint vq_report_ts_add_column(VqReport *r, VqMetric m, const char *entity, guint index) {
  g_return_val_if_fail(r != NULL && m < VQ_M_N, 0);
  const VqMetricInfo *info = vq_metric_info(m);
  g_return_val_if_fail(info->type == VQ_METRIC_SERIES, 0);
  g_return_val_if_fail((entity == NULL) == (info->kind == VQ_KIND_RUN), 0);
  g_return_val_if_fail(r->ts_rows == 0, 0); /* columns are fixed once rows exist */
  char buf[VQ_METRIC_KEY_MAX];
  const char *key = vq_metric_key(m, index, buf);
  TsColumn *c = g_new0(TsColumn, 1);
  c->metric = m;
  c->name =
      entity ? g_strdup_printf("%s.%s.%s", vq_kind_name(info->kind), entity, key) : g_strdup(key);
  g_ptr_array_add(r->ts_columns, c);
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

/* The "busy.<category>" metrics set on any processor, in first-seen order ("busy" alone, the
 * total, is not a category: it would count the others twice in a stacked chart). */
GArray *vq_report_cpu_categories(const VqReport *r) {
  GArray *cats = g_array_new(FALSE, FALSE, sizeof(VqMetric));
  const Kind *k = vq_report_find_kind(r, VQ_KIND_PROCESSOR);
  for (guint i = 0; k && i < k->entities->len; i++) {
    const VqReportEntity *e = k->entities->pdata[i];
    for (guint j = 0; j < e->fields->len; j++) {
      const Field *f = e->fields->pdata[j];
      gboolean seen = FALSE;
      for (guint c = 0; c < cats->len && !seen; c++)
        seen = g_array_index(cats, VqMetric, c) == f->metric;
      if (!seen && g_str_has_prefix(vq_metric_info(f->metric)->name, BUSY_PREFIX))
        g_array_append_val(cats, f->metric);
    }
  }
  return cats;
}

const char *vq_report_category(VqMetric busy) {
  return vq_metric_info(busy)->name + strlen(BUSY_PREFIX);
}
