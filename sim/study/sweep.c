/* Sweep loader: a .sweep file into a VqSweep whose every point is known to load. See sweep.h.
 *
 * ini.c scans the file (syntax, duplicates, a line for every key) and its getters word the
 * errors; they are in the VQ_SCENARIO_ERROR domain and are moved to VQ_SWEEP_ERROR (same codes)
 * before they leave vq_sweep_load().
 *
 * A [vary] value is a range when it holds ".." and no '"' ("LO..HI step STEP", one unit for
 * all three), else a comma-separated list; a list item in double quotes is taken verbatim, commas
 * included ("9,10" for a processor list). Range values are LO + i * STEP, up to HI inclusive when
 * it is reached within 1e-9 relative, written as the shortest decimal that reads back (after
 * rounding to 15 significant digits, so 0.1 + 2 * 0.1 is written "0.3") followed by LO's unit as
 * written ("1.5Gbps", "256").
 *
 * Each axis value is checked by loading the scenario with that one override, so a bad key or
 * value names its sweep line before any run starts. Values that are only wrong together (say a
 * rate that fits the wire alone but not with another axis' rate) are caught when that run loads
 * its scenario. A load takes ~0.3 ms and every `vmqsim sweep FILE --run I` loads the sweep, so
 * the check is capped at MAX_CHECKS loads: when the axes hold more values in all, each axis has
 * at most max(2, MAX_CHECKS / axes) of its values checked, evenly spread, its first and last
 * included (the others, like combinations, are caught when their run loads). Without the cap a
 * 100000-value range took ~30 s to load, in every run of the sweep (fuzz-sweep found the inputs
 * growing ranges ever slower).
 * For the same reason the axes hold at most VQ_SWEEP_MAX_VALUES values in all, and a range is
 * counted before it is written out: ten zipped 100000-value ranges (a 300-byte file) took 1.6 s and
 * 75 MB to load, and a 4 KB file holds fifteen times as many.
 */
#include "sim/study/sweep.h"
#include "sim/study/sweep-axis.h"

#include <math.h>
#include <string.h>

#include "sim/study/capacity.h"
#include "sim/study/columns.h"
#include "sim/input/ini.h"
#include "sim/scenario.h"
#include "sim/input/units.h"
#include "models/seed.h"

#define MAX_CHECKS 128 /* scenario loads to check the axes' values; see the top */
#define NEEDS                                                                                      \
  "a sweep needs [sweep] with scenario = FILE and [vary] with at least one scenario key, "         \
  "as in nic.vmq = off, on"

GQuark vq_sweep_error_quark(void) {
  return g_quark_from_static_string("vq-sweep-error-quark");
}

static void axis_free(gpointer p) {
  VqSweepAxis *a = p;
  g_free(a->key);
  g_ptr_array_unref(a->values);
  g_free(a);
}

/* ---- the file -------------------------------------------------------------------------------- */

static gboolean check_schema(const VqIni *ini, GError **error) {
  static const char *const sweep_keys[] = {"scenario", "replications", "combine", NULL};
  GKeyFile *kf = vq_ini_keyfile(ini);
  g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
  for (char **g = groups; *g != NULL; g++) {
    /* capacity.c and columns.c check their sections' keys */
    if (strcmp(*g, "vary") == 0 || strcmp(*g, "capacity") == 0 || strcmp(*g, "collect") == 0)
      continue;
    if (g_str_has_prefix(*g, "variant ")) {
      if (strspn(*g + 8, " ") == strlen(*g + 8))
        return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, *g, NULL,
                           "has no name; expected [variant NAME]");
      continue;
    }
    /* A scenario given to sweep: say which command runs it. */
    static const char *const scenario_sections[] = {"simulation", "host", "nic", NULL};
    if (g_strv_contains(scenario_sections, *g) || g_str_has_prefix(*g, "flow ") ||
        g_str_has_prefix(*g, "vm "))
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_UNKNOWN, *g, NULL,
                         "is a section of a scenario, not of a sweep file; run a scenario with "
                         "vmqsim run FILE (a sweep file names it: [sweep] scenario = FILE)");
    if (strcmp(*g, "sweep") != 0)
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_UNKNOWN, *g, NULL,
                         "is not a known section; allowed are [sweep], [vary], [variant NAME], "
                         "[capacity], [collect]");
    if (!vq_ini_check_keys(ini, *g, sweep_keys, error))
      return FALSE;
  }
  const char *top = vq_ini_where(ini, "", NULL); /* "FILE:1" */
  if (!g_key_file_has_group(kf, "sweep") || !g_key_file_has_group(kf, "vary"))
    return vq_ini_fail_at(error, top, VQ_SCENARIO_ERROR_MISSING, "missing section [%s]; " NEEDS,
                          g_key_file_has_group(kf, "sweep") ? "vary" : "sweep");
  g_auto(GStrv) vary = g_key_file_get_keys(kf, "vary", NULL, NULL);
  if (vary[0] == NULL)
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_MISSING, "vary", NULL, "has no keys; " NEEDS);
  return vq_ini_need(ini, "sweep", "scenario", "the scenario file, relative to the sweep file",
                     error);
}

static void variant_free(gpointer p) {
  VqSweepVariant *v = p;
  g_free(v->name);
  g_ptr_array_unref(v->sets);
  g_free(v);
}

static VqSweepAxis *axis_new(VqSweep *sw, const char *key, const VqIni *ini, const char *group,
                             const char *line_key) {
  VqSweepAxis *a = g_new0(VqSweepAxis, 1);
  a->key = g_strdup(key);
  a->values = g_ptr_array_new_with_free_func(g_free);
  const char *where = vq_ini_where(ini, group, line_key);
  a->line = (guint)g_ascii_strtoull(strrchr(where, ':') + 1, NULL, 10);
  g_ptr_array_add(sw->axes, a);
  return a;
}

/* [variant NAME] sections: their overrides, and the "variant" axis of their names. */
static gboolean load_variants(const VqIni *ini, VqSweep *sw, GError **error) {
  GKeyFile *kf = vq_ini_keyfile(ini);
  g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
  VqSweepAxis *axis = NULL;
  for (char **g = groups; *g != NULL; g++) {
    if (!g_str_has_prefix(*g, "variant "))
      continue;
    g_auto(GStrv) keys = g_key_file_get_keys(kf, *g, NULL, NULL);
    if (keys[0] == NULL)
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_MISSING, *g, NULL,
                         "has no keys; a variant sets scenario keys, as in nic.vmq = off");
    if (axis == NULL)
      axis = axis_new(sw, "variant", ini, *g, NULL);
    VqSweepVariant *v = g_new0(VqSweepVariant, 1);
    v->name = g_strdup(*g + 8);
    v->sets = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(sw->variants, v);
    g_ptr_array_add(axis->values, g_strdup(v->name));
    for (char **k = keys; *k != NULL; k++) {
      if (g_key_file_has_key(kf, "vary", *k, NULL))
        return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, *g, *k,
                           "is also a [vary] key; a key is set by the variants or varied, not "
                           "both");
      g_autofree char *value = vq_ini_get(ini, *g, *k);
      g_ptr_array_add(v->sets, g_strconcat(*k, "=", value, NULL));
    }
  }
  return TRUE;
}

static gboolean load_sweep_group(const VqIni *ini, VqSweep *sw, GError **error) {
  static const char *const combine_names[] = {"cross", "zip", NULL};
  static const int combine_values[] = {FALSE, TRUE};
  int zip;
  if (!vq_ini_guint(ini, "sweep", "replications", 1, 1, 1000, &sw->replications, error) ||
      !vq_ini_choice(ini, "sweep", "combine", combine_names, combine_values, FALSE,
                     "cross (every combination) or zip (the i-th value of every axis together)",
                     &zip, error))
    return FALSE;
  sw->zip = zip;

  g_autofree char *scenario = vq_ini_get(ini, "sweep", "scenario");
  g_autofree char *dir = g_path_get_dirname(sw->path);
  sw->scenario = g_path_is_absolute(scenario) || strcmp(dir, ".") == 0
                     ? g_strdup(scenario)
                     : g_build_filename(dir, scenario, NULL);
  g_autoptr(GError) serr = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(sw->scenario, NULL, &serr);
  if (sc == NULL)
    return vq_ini_fail(ini, error,
                       serr->code == VQ_SCENARIO_ERROR_IO ? VQ_SCENARIO_ERROR_IO
                                                          : VQ_SCENARIO_ERROR_SYNTAX,
                       "sweep", "scenario", "%s", serr->message);
  sw->base_seed = sc->seed;
  return TRUE;
}

/* Points of the axes: each range or list parsed, the product or common length in bounds. */
static gboolean load_axes(const VqIni *ini, VqSweep *sw, GError **error) {
  g_auto(GStrv) keys = g_key_file_get_keys(vq_ini_keyfile(ini), "vary", NULL, NULL);
  guint64 points = MAX(sw->variants->len, 1);
  guint first_vary = sw->axes->len; /* after the variants' axis */
  guint64 vary_points = 1;
  guint values = 0;
  for (char **k = keys; *k != NULL; k++) {
    VqSweepAxis *a = axis_new(sw, *k, ini, "vary", *k);
    if (strcmp(*k, "variant") == 0)
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "vary", *k,
                         "is not a scenario key; variants are [variant NAME] sections");
    if (!vq_sweep_parse_axis(ini, *k, VQ_SWEEP_MAX_VALUES - values, a, error))
      return FALSE;
    values += a->values->len;
    const VqSweepAxis *first = g_ptr_array_index(sw->axes, first_vary);
    guint n = a->values->len;
    if (sw->zip && n != first->values->len)
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "vary", *k,
                         "has %u values but %s (line %u) has %u; combine = zip takes the i-th "
                         "value of every axis, so all need as many",
                         n, first->key, first->line, first->values->len);
    vary_points = sw->zip ? n : vary_points * n;
    if (points * vary_points > VQ_SWEEP_MAX_POINTS)
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_RANGE, "vary", *k,
                         "makes %" G_GUINT64_FORMAT " points with the axes above, more than %d; "
                         "vary fewer values",
                         points * vary_points, VQ_SWEEP_MAX_POINTS);
  }
  sw->n_points = (guint)(points * vary_points);
  return TRUE;
}

/* Every variant must load with the scenario on its own, and every [vary] value (or MAX_CHECKS
 * of them in all, see the top) with each variant (or alone). */
static gboolean check_values(const VqIni *ini, const VqSweep *sw, GError **error) {
  guint first = sw->variants->len ? 1 : 0;
  guint64 total = 0;
  for (guint a = first; a < sw->axes->len; a++)
    total += ((const VqSweepAxis *)g_ptr_array_index(sw->axes, a))->values->len;
  guint per_axis = total <= MAX_CHECKS ? G_MAXUINT : MAX(2, MAX_CHECKS / (sw->axes->len - first));
  guint nv = MAX(sw->variants->len, 1);
  for (guint vi = 0; vi < nv; vi++) {
    const VqSweepVariant *var = sw->variants->len ? g_ptr_array_index(sw->variants, vi) : NULL;
    g_autoptr(GPtrArray) sets = g_ptr_array_new();
    for (guint i = 0; var && i < var->sets->len; i++)
      g_ptr_array_add(sets, g_ptr_array_index(var->sets, i));
    g_autofree char *group = var ? g_strconcat("variant ", var->name, NULL) : NULL;
    g_autofree char *with = var ? g_strdup_printf(" (with [variant %s])", var->name) : g_strdup("");
    g_ptr_array_add(sets, NULL);
    g_autoptr(GError) verr = NULL;
    g_autoptr(VqScenario) alone =
        vq_scenario_load(sw->scenario, (const char *const *)sets->pdata, &verr);
    if (alone == NULL)
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, group, NULL, "%s", verr->message);
    g_ptr_array_remove_index(sets, sets->len - 1);
    for (guint a = first; a < sw->axes->len; a++) {
      const VqSweepAxis *axis = g_ptr_array_index(sw->axes, a);
      guint n = axis->values->len, k = MIN(n, per_axis);
      for (guint j = 0; j < k; j++) {
        /* j * (n - 1) / (k - 1): 0, ..., n - 1, distinct as k <= n. */
        guint i = k == n ? j : (guint)((guint64)j * (n - 1) / (k - 1));
        const char *v = g_ptr_array_index(axis->values, i);
        g_autofree char *set = g_strconcat(axis->key, "=", v, NULL);
        g_ptr_array_add(sets, set);
        g_ptr_array_add(sets, NULL);
        g_autoptr(GError) serr = NULL;
        g_autoptr(VqScenario) sc =
            vq_scenario_load(sw->scenario, (const char *const *)sets->pdata, &serr);
        g_ptr_array_set_size(sets, sets->len - 2);
        if (sc == NULL)
          return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "vary", axis->key,
                             "value \"%s\"%s: %s", v, with, serr->message);
      }
    }
  }
  return TRUE;
}

VqSweep *vq_sweep_load(const char *file, GError **error) {
  g_return_val_if_fail(file != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  g_autoptr(VqSweep) sw = g_new0(VqSweep, 1);
  sw->path = g_strdup(file);
  g_autofree char *base = g_path_get_basename(file);
  const char *ext = strrchr(base, '.');
  sw->name = ext != NULL && ext != base ? g_strndup(base, (gsize)(ext - base)) : g_strdup(base);
  sw->axes = g_ptr_array_new_with_free_func(axis_free);
  sw->variants = g_ptr_array_new_with_free_func(variant_free);
  sw->collect = g_array_new(FALSE, FALSE, sizeof(VqColumn));

  g_autoptr(GError) err = NULL;
  g_autoptr(VqIni) ini = vq_ini_load(file, &err);
  if (ini != NULL && check_schema(ini, &err) && load_sweep_group(ini, sw, &err) &&
      load_variants(ini, sw, &err) && load_axes(ini, sw, &err) && check_values(ini, sw, &err) &&
      vq_capacity_load(ini, sw, &err) && vq_collect_load(ini, sw, &err))
    return g_steal_pointer(&sw);
  /* The ini helpers speak VQ_SCENARIO_ERROR; the codes up to RANGE are the same. */
  err->domain = VQ_SWEEP_ERROR;
  if (err->code > VQ_SWEEP_ERROR_RANGE)
    err->code = VQ_SWEEP_ERROR_SYNTAX;
  g_propagate_error(error, g_steal_pointer(&err));
  return NULL;
}

void vq_sweep_free(VqSweep *sw) {
  if (sw == NULL)
    return;
  g_free(sw->path);
  g_free(sw->name);
  g_free(sw->scenario);
  if (sw->axes != NULL)
    g_ptr_array_unref(sw->axes);
  if (sw->variants != NULL)
    g_ptr_array_unref(sw->variants);
  vq_capacity_spec_free(sw->capacity);
  if (sw->collect != NULL)
    g_array_unref(sw->collect);
  g_free(sw);
}

/* ---- runs and points ------------------------------------------------------------------------- */

guint vq_sweep_n_runs(const VqSweep *sw) {
  g_return_val_if_fail(sw != NULL, 0);
  return sw->n_points * sw->replications;
}

guint vq_sweep_point(const VqSweep *sw, guint run) {
  g_return_val_if_fail(sw != NULL && run < vq_sweep_n_runs(sw), 0);
  return run / sw->replications;
}

guint vq_sweep_replication(const VqSweep *sw, guint run) {
  g_return_val_if_fail(sw != NULL && run < vq_sweep_n_runs(sw), 0);
  return run % sw->replications;
}

const char *vq_sweep_value(const VqSweep *sw, guint point, guint a) {
  g_return_val_if_fail(sw != NULL && point < sw->n_points && a < sw->axes->len, NULL);
  const VqSweepAxis *axis = g_ptr_array_index(sw->axes, a);
  guint variants = MAX(sw->variants->len, 1), per_variant = sw->n_points / variants;
  if (sw->variants->len && a == 0) /* the variants' axis is outermost */
    return g_ptr_array_index(axis->values, point / per_variant);
  guint i = point % per_variant;
  if (!sw->zip) { /* the last axis varies fastest */
    guint below = 1;
    for (guint b = a + 1; b < sw->axes->len; b++)
      below *= ((const VqSweepAxis *)g_ptr_array_index(sw->axes, b))->values->len;
    i = i / below % axis->values->len;
  }
  return g_ptr_array_index(axis->values, i);
}

char **vq_sweep_point_overrides(const VqSweep *sw, guint point) {
  g_return_val_if_fail(sw != NULL && point < sw->n_points, NULL);
  GPtrArray *o = g_ptr_array_new();
  guint a = 0;
  if (sw->variants->len) {
    guint per_variant = sw->n_points / sw->variants->len;
    const VqSweepVariant *v = g_ptr_array_index(sw->variants, point / per_variant);
    for (guint i = 0; i < v->sets->len; i++)
      g_ptr_array_add(o, g_strdup(g_ptr_array_index(v->sets, i)));
    a = 1;
  }
  for (; a < sw->axes->len; a++) {
    const VqSweepAxis *axis = g_ptr_array_index(sw->axes, a);
    g_ptr_array_add(o, g_strconcat(axis->key, "=", vq_sweep_value(sw, point, a), NULL));
  }
  g_ptr_array_add(o, NULL);
  return (char **)g_ptr_array_free(o, FALSE);
}

int vq_sweep_axis_index(const VqSweep *sw, const char *key) {
  for (guint a = 0; a < sw->axes->len; a++)
    if (!strcmp(((const VqSweepAxis *)g_ptr_array_index(sw->axes, a))->key, key))
      return (int)a;
  return -1;
}

guint64 vq_sweep_seed(const VqSweep *sw, guint replication) {
  g_return_val_if_fail(sw != NULL, 0);
  return vq_seed_derive(sw->base_seed, replication);
}
