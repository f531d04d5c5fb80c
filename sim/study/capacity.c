/* Capacity search: the [capacity] section, run-level metrics, the SLO test, the bracket and its
 * bisection, and Kneedle. See capacity.h. */
#include "sim/study/capacity.h"

#include <math.h>
#include <string.h>

#include "sim/study/runs.h"
#include "sim/scenario.h"
#include "sim/input/units.h"

const char *const vq_run_metric_names[VQ_RUN_N] = {"run.offered_gbps",
                                                   "run.delivered_gbps",
                                                   "run.drop_fraction",
                                                   "run.max_processor_busy",
                                                   "run.worst_p99_latency_s",
                                                   "run.worst_mean_latency_s",
                                                   "run.unsteady"};

/* 1 when summary S warns that a result is not steady (sim/output/warnings.h: unsteady,
 * late-drops), 0 when not, NAN when it has no warnings list (an older vmqsim wrote it). */
static double unsteady(JsonObject *s) {
  JsonArray *w =
      json_object_has_member(s, "warnings") ? json_object_get_array_member(s, "warnings") : NULL;
  if (!w)
    return NAN;
  for (guint i = 0; i < json_array_get_length(w); i++) {
    JsonObject *o = vq_runs_object_at(w, i);
    const char *kind =
        o && json_object_has_member(o, "kind") ? json_object_get_string_member(o, "kind") : NULL;
    if (!g_strcmp0(kind, "unsteady") || !g_strcmp0(kind, "late-drops"))
      return 1;
  }
  return 0;
}

/* The [capacity] key of each limit, its metric, and how it reads. */
static const struct {
  const char *key;
  VqRunMetric metric;
  gboolean time; /* a duration; else a fraction, "0.1%" or "0.001" */
  const char *words;
} limits[] = {
    {"p99_latency", VQ_RUN_WORST_P99_S, TRUE, "p99 latency"},
    {"mean_latency", VQ_RUN_WORST_MEAN_S, TRUE, "mean latency"},
    {"drop_fraction", VQ_RUN_DROP_FRACTION, FALSE, "drops"},
    {"processor_busy", VQ_RUN_MAX_BUSY, FALSE, "busiest processor"},
};

void vq_run_metrics(JsonObject *s, double out[VQ_RUN_N]) {
  JsonArray *vms = vq_runs_entities(s, VQ_KIND_VM);
  double offered = 0, delivered = 0, dropped = 0, frames = 0, p99 = NAN, mean = NAN;
  for (guint i = 0; vms && i < json_array_get_length(vms); i++) {
    JsonObject *vm = vq_runs_object_at(vms, i);
    offered += vq_runs_metric(vm, VQ_M_VM_OFFERED_GBPS);
    delivered += vq_runs_metric(vm, VQ_M_VM_DELIVERED_GBPS);
    dropped += vq_runs_metric(vm, VQ_M_VM_DROPPED_FRAMES);
    frames += vq_runs_metric(vm, VQ_M_VM_OFFERED_FRAMES);
    /* fmax ignores a NAN (a VM without latency samples); a missing VM array leaves NAN. */
    p99 = fmax(p99, vq_runs_latency(vm, VQ_M_VM_LATENCY_S, VQ_LATENCY_P99_S));
    mean = fmax(mean, vq_runs_latency(vm, VQ_M_VM_LATENCY_S, VQ_LATENCY_MEAN_S));
  }
  double busy = NAN;
  JsonArray *procs = vq_runs_entities(s, VQ_KIND_PROCESSOR);
  for (guint i = 0; procs && i < json_array_get_length(procs); i++)
    busy = fmax(busy, vq_runs_metric(vq_runs_object_at(procs, i), VQ_M_PROCESSOR_BUSY));
  out[VQ_RUN_OFFERED_GBPS] = vms ? offered : NAN;
  out[VQ_RUN_DELIVERED_GBPS] = vms ? delivered : NAN;
  out[VQ_RUN_DROP_FRACTION] = frames > 0 ? dropped / frames : NAN;
  out[VQ_RUN_MAX_BUSY] = busy;
  out[VQ_RUN_WORST_P99_S] = p99;
  out[VQ_RUN_WORST_MEAN_S] = mean;
  out[VQ_RUN_UNSTEADY] = unsteady(s);
}

/* ---- the [capacity] section ---------------------------------------------------------------- */

static gboolean parse_fraction(const VqIni *ini, const char *key, double *out, GError **error) {
  g_autofree char *text = vq_ini_get(ini, "capacity", key);
  char *end = NULL;
  double v = g_ascii_strtod(text, &end);
  while (g_ascii_isspace(*end))
    end++;
  gboolean percent = *end == '%';
  if (end == text || !isfinite(v) || (percent ? end[1] != '\0' : *end != '\0'))
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "capacity", key,
                             "is not a fraction; expected 0..1 or a percentage, as 0.001 or 0.1%%");
  v = percent ? v / 100 : v;
  if (v < 0 || v > 1)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, "capacity", key,
                             "is outside 0..1 (0%%..100%%)");
  *out = v;
  return TRUE;
}

/* The search key: a [vary] axis of numbers in one unit. */
static gboolean load_search(const VqIni *ini, const VqSweep *sw, VqCapacitySpec *c,
                            GError **error) {
  if (!vq_ini_need(ini, "capacity", "search",
                   "the [vary] key whose largest passing value is "
                   "sought, as flow.web.rate",
                   error))
    return FALSE;
  c->search = vq_ini_get(ini, "capacity", "search");
  int a = vq_sweep_axis_index(sw, c->search);
  if (a < 0 || !strcmp(c->search, "variant"))
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_REF, "capacity", "search",
                             "is not a [vary] key; expected one of the keys the sweep varies");
  const VqSweepAxis *axis = g_ptr_array_index(sw->axes, a);
  for (guint i = 0; i < axis->values->len; i++) {
    const char *v = g_ptr_array_index(axis->values, i), *unit;
    double x;
    g_autofree char *why = NULL;
    if (vq_sweep_split_value(v, &x, &unit, &why) != 0)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "capacity", "search",
                               "varies over \"%s\", which %s", v, why);
    if (c->unit == NULL)
      c->unit = g_strdup(unit);
    else if (!vq_sweep_same_unit(unit, c->unit))
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "capacity", "search",
                               "varies over \"%s\" and \"%s\" in different units; a searched "
                               "key's values need one unit",
                               (char *)g_ptr_array_index(axis->values, 0), v);
  }
  return TRUE;
}

static gboolean load_resolution(const VqIni *ini, VqCapacitySpec *c, GError **error) {
  g_autofree char *text = vq_ini_get(ini, "capacity", "resolution");
  if (text == NULL)
    return TRUE;
  const char *unit;
  g_autofree char *why = NULL;
  int code = vq_sweep_split_value(text, &c->resolution, &unit, &why);
  if (code != 0)
    return vq_ini_fail_value(ini, error, code, "capacity", "resolution", "%s", why);
  if (!vq_sweep_same_unit(unit, c->unit))
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "capacity", "resolution",
                             "is not in the unit of %s's values (\"%s\")", c->search,
                             c->unit + (*c->unit == ' '));
  if (!(c->resolution > 0))
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, "capacity", "resolution",
                             "is zero; expected a positive width (or no key: the grid only)");
  return TRUE;
}

gboolean vq_capacity_load(const VqIni *ini, VqSweep *sw, GError **error) {
  GKeyFile *kf = vq_ini_keyfile(ini);
  if (!g_key_file_has_group(kf, "capacity"))
    return TRUE;
  static const char *const keys[] = {
      "search",     "p99_latency", "mean_latency", "drop_fraction", "processor_busy",
      "resolution", NULL};
  if (!vq_ini_check_keys(ini, "capacity", keys, error))
    return FALSE;
  VqCapacitySpec *c = sw->capacity = g_new0(VqCapacitySpec, 1);
  for (guint m = 0; m < VQ_RUN_N; m++)
    c->limit[m] = NAN;
  if (!load_search(ini, sw, c, error) || !load_resolution(ini, c, error))
    return FALSE;
  gboolean any = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS(limits); i++) {
    if (!g_key_file_has_key(kf, "capacity", limits[i].key, NULL))
      continue;
    any = TRUE;
    double *v = &c->limit[limits[i].metric];
    if (limits[i].time ? !vq_ini_quantity(ini, "capacity", limits[i].key, vq_units_parse_time, 0, 0,
                                          3600, "0s..1h", v, error)
                       : !parse_fraction(ini, limits[i].key, v, error))
      return FALSE;
  }
  if (!any)
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_MISSING, "capacity", NULL,
                       "sets no limit; give at least one of p99_latency, mean_latency, "
                       "drop_fraction, processor_busy");
  return TRUE;
}

void vq_capacity_spec_free(VqCapacitySpec *spec) {
  if (spec == NULL)
    return;
  g_free(spec->search);
  g_free(spec->unit);
  g_free(spec);
}

JsonNode *vq_capacity_spec_to_json(const VqCapacitySpec *c) {
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "search");
  json_builder_add_string_value(b, c->search);
  json_builder_set_member_name(b, "unit");
  json_builder_add_string_value(b, c->unit);
  json_builder_set_member_name(b, "resolution");
  json_builder_add_double_value(b, c->resolution);
  json_builder_set_member_name(b, "limits");
  json_builder_begin_object(b);
  for (guint m = 0; m < VQ_RUN_N; m++)
    if (!isnan(c->limit[m])) {
      json_builder_set_member_name(b, vq_run_metric_names[m]);
      json_builder_add_double_value(b, c->limit[m]);
    }
  json_builder_end_object(b);
  json_builder_end_object(b);
  return json_builder_get_root(b);
}

VqCapacitySpec *vq_capacity_spec_from_json(JsonObject *o, const char **why) {
  JsonObject *lim = vq_runs_object(o, "limits");
  const char *search = o ? json_object_get_string_member_with_default(o, "search", NULL) : NULL;
  const char *unit = o ? json_object_get_string_member_with_default(o, "unit", NULL) : NULL;
  double res = vq_runs_num(o, "resolution");
  if (!lim || !search || !unit || !(res >= 0)) {
    *why = "capacity needs search, unit, resolution and limits";
    return NULL;
  }
  VqCapacitySpec *c = g_new0(VqCapacitySpec, 1);
  c->search = g_strdup(search);
  c->unit = g_strdup(unit);
  c->resolution = res;
  gboolean any = FALSE;
  for (guint m = 0; m < VQ_RUN_N; m++) {
    c->limit[m] = vq_runs_num(lim, vq_run_metric_names[m]);
    any = any || !isnan(c->limit[m]);
  }
  if (!any) {
    *why = "capacity has no limits";
    vq_capacity_spec_free(c);
    return NULL;
  }
  return c;
}

static char *limit_text(VqRunMetric m, double v) {
  for (guint i = 0; i < G_N_ELEMENTS(limits); i++)
    if (limits[i].metric == m)
      return limits[i].time ? g_strdup_printf("%s <= %.4g µs", limits[i].words, v * 1e6)
                            : g_strdup_printf("%s <= %.4g%%", limits[i].words, v * 100);
  return g_strdup(vq_run_metric_names[m]);
}

char *vq_capacity_slo_text(const VqCapacitySpec *c) {
  g_autoptr(GString) s = g_string_new(NULL);
  for (guint m = 0; m < VQ_RUN_N; m++)
    if (!isnan(c->limit[m])) {
      g_autofree char *t = limit_text(m, c->limit[m]);
      g_string_append_printf(s, "%s%s", s->len ? " and " : "", t);
    }
  return g_string_free(g_steal_pointer(&s), FALSE);
}

double vq_capacity_value(const VqCapacitySpec *c, const char *value) {
  double x;
  const char *unit;
  g_autofree char *why = NULL;
  if (vq_sweep_split_value(value, &x, &unit, &why) != 0 || !vq_sweep_same_unit(unit, c->unit))
    return NAN;
  return x;
}

char *vq_capacity_format(const VqCapacitySpec *c, double x) {
  g_autofree char *n = vq_sweep_format_number(x);
  return g_strconcat(n, c->unit, NULL);
}

/* ---- analysis ------------------------------------------------------------------------------ */

void vq_cap_config_free(gpointer p) {
  VqCapConfig *c = p;
  g_free(c->label);
  g_array_unref(c->points);
  g_free(c);
}

guint vq_capacity_failures(const VqCapacitySpec *spec, const VqCapPoint *p) {
  guint mask = 0;
  for (guint m = 0; m < VQ_RUN_N; m++)
    if (!isnan(spec->limit[m]) && !(p->mean[m] <= spec->limit[m]))
      mask |= 1u << m;
  return mask;
}

static gint by_x(gconstpointer a, gconstpointer b) {
  double x = ((const VqCapPoint *)a)->x, y = ((const VqCapPoint *)b)->x;
  return (x > y) - (x < y);
}

double vq_kneedle(const double *x, const double *y, guint n) {
  if (n < 3 || !(x[n - 1] > x[0]))
    return NAN;
  double ylo = INFINITY, yhi = -INFINITY;
  for (guint i = 0; i < n; i++) {
    if (!isfinite(y[i]))
      return NAN;
    ylo = fmin(ylo, y[i]);
    yhi = fmax(yhi, y[i]);
  }
  if (!(yhi > ylo))
    return NAN;
  double y0 = (y[0] - ylo) / (yhi - ylo), y1 = (y[n - 1] - ylo) / (yhi - ylo), best = 0.05;
  double knee = NAN;
  for (guint i = 1; i + 1 < n; i++) {
    double u = (x[i] - x[0]) / (x[n - 1] - x[0]), v = (y[i] - ylo) / (yhi - ylo);
    double d = v - (y0 + u * (y1 - y0)); /* height above the chord */
    if (d > best) {
      best = d;
      knee = x[i];
    }
  }
  return knee;
}

void vq_capacity_analyse(const VqCapacitySpec *spec, VqCapConfig *c) {
  g_array_sort(c->points, by_x);
  c->capacity = c->first_fail = NAN;
  c->fail_mask = 0;
  c->monotone = TRUE;
  for (guint i = 0; i < c->points->len; i++) {
    const VqCapPoint *p = &g_array_index(c->points, VqCapPoint, i);
    guint fails = vq_capacity_failures(spec, p);
    if (isnan(c->first_fail) && !fails)
      c->capacity = p->x;
    else if (isnan(c->first_fail)) {
      c->first_fail = p->x;
      c->fail_mask = fails;
    } else if (!fails)
      c->monotone = FALSE;
  }
  g_autoptr(GArray) x = g_array_new(FALSE, FALSE, sizeof(double));
  g_autoptr(GArray) y = g_array_new(FALSE, FALSE, sizeof(double));
  for (guint i = 0; i < c->points->len; i++) {
    const VqCapPoint *p = &g_array_index(c->points, VqCapPoint, i);
    if (!p->probe) {
      g_array_append_val(x, p->x);
      g_array_append_val(y, p->mean[VQ_RUN_DELIVERED_GBPS]);
    }
  }
  c->knee = vq_kneedle((double *)x->data, (double *)y->data, x->len);
}

gboolean vq_capacity_next_probe(const VqCapacitySpec *spec, const VqCapConfig *c, double *x) {
  if (!(spec->resolution > 0) || isnan(c->capacity) || isnan(c->first_fail))
    return FALSE;
  double a = c->capacity, b = c->first_fail, r = spec->resolution;
  if (b - a <= r * (1 + 1e-9))
    return FALSE;
  /* The midpoint on the lattice a + k r, strictly inside the bracket. */
  double k = round((b - a) / 2 / r);
  double m = a + MAX(k, 1) * r;
  if (!(m < b - r * 1e-9))
    return FALSE;
  *x = m;
  return TRUE;
}
