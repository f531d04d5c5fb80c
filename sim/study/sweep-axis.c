/* Sweep axes: a [vary] value, a range ("LO..HI step STEP") or a list, into its values (the
 * grammar is described in sweep.c's header). */
#include "sim/study/sweep-axis.h"

#include <math.h>
#include <string.h>

#include "sim/input/units.h"

char *vq_sweep_format_number(double x) {
  char buf[512], fmt[16];
  g_ascii_formatd(buf, sizeof buf, "%.15g", x);
  double y = g_ascii_strtod(buf, NULL);
  for (int k = 0; k <= 40 && fabs(y) < 1e21; k++) {
    g_snprintf(fmt, sizeof fmt, "%%.%df", k);
    g_ascii_formatd(buf, sizeof buf, fmt, y);
    if (g_ascii_strtod(buf, NULL) == y)
      return g_strdup(buf);
  }
  g_ascii_formatd(buf, sizeof buf, "%.17g", y);
  return g_strdup(buf);
}

int vq_sweep_split_value(const char *text, double *num, const char **unit, char **why) {
  typedef gboolean (*Parse)(const char *, double *, GError **);
  static const Parse parsers[] = {vq_units_parse_number,     vq_units_parse_time,
                                  vq_units_parse_size,       vq_units_parse_bit_rate,
                                  vq_units_parse_frame_rate, vq_units_parse_frequency};
  gboolean ok = FALSE, negative = FALSE;
  double v;
  for (guint i = 0; i < G_N_ELEMENTS(parsers) && !ok; i++) {
    g_autoptr(GError) e = NULL;
    ok = parsers[i](text, &v, &e);
    negative = negative || g_error_matches(e, VQ_UNITS_ERROR, VQ_UNITS_ERROR_NEGATIVE);
  }
  if (!ok) {
    *why = g_strdup(negative ? "is negative; expected a non-negative value"
                             : "is not a number or a quantity with a unit of time (s, ms, us, "
                               "ns), size (B, KB, KiB, MB, MiB), bit rate (bps ... Tbps), frame "
                               "rate (pps, kpps, Mpps) or frequency (Hz ... GHz)");
    return negative ? VQ_SCENARIO_ERROR_RANGE : VQ_SCENARIO_ERROR_SYNTAX;
  }
  /* The number as units.c reads it: digits with an optional fraction and exponent. */
  const char *p = text;
  while (g_ascii_isdigit(*p) || *p == '.')
    p++;
  if ((*p == 'e' || *p == 'E') &&
      (g_ascii_isdigit(p[1]) || ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit(p[2])))) {
    p += 2;
    while (g_ascii_isdigit(*p))
      p++;
  }
  *num = g_ascii_strtod(text, NULL);
  *unit = p;
  return 0;
}

gboolean vq_sweep_same_unit(const char *a, const char *b) {
  return strcmp(a + (*a == ' '), b + (*b == ' ')) == 0;
}

static gboolean too_many_values(const VqIni *ini, const char *key, GError **error) {
  return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_RANGE, "vary", key,
                     "makes more than %d values in all with the axes above; vary fewer keys or "
                     "values",
                     VQ_SWEEP_MAX_VALUES);
}

/* "LO..HI step STEP" (VALUE) into VALUES, which may take ROOM more. */
static gboolean expand_range(const VqIni *ini, const char *key, const char *value, guint room,
                             GPtrArray *values, GError **error) {
  const char *dots = strstr(value, "..");
  const char *step = NULL;
  for (const char *s = strstr(dots + 2, "step"); s != NULL && step == NULL;
       s = strstr(s + 1, "step"))
    if (g_ascii_isspace(s[-1]) && g_ascii_isspace(s[4]))
      step = s;
  if (step == NULL)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "vary", key,
                             "is a range without a step; expected LO..HI step STEP");
  static const char *const names[] = {"LO", "HI", "STEP"};
  g_auto(GStrv) text = g_new0(char *, 4);
  text[0] = g_strstrip(g_strndup(value, (gsize)(dots - value)));
  text[1] = g_strstrip(g_strndup(dots + 2, (gsize)(step - dots - 2)));
  text[2] = g_strstrip(g_strdup(step + 4));
  double num[3];
  const char *unit[3];
  for (int i = 0; i < 3; i++) {
    g_autofree char *why = NULL;
    int code = vq_sweep_split_value(text[i], &num[i], &unit[i], &why);
    if (code != 0)
      return vq_ini_fail_value(ini, error, code, "vary", key, "has %s \"%s\" that %s", names[i],
                               text[i], why);
    if (!vq_sweep_same_unit(unit[i], unit[0]))
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "vary", key,
                               "has %s \"%s\" in another unit than LO \"%s\"; write LO, HI and "
                               "STEP in the same unit",
                               names[i], text[i], text[0]);
  }
  double lo = num[0], hi = num[1], st = num[2];
  if (st <= 0)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, "vary", key,
                             "has STEP \"%s\" that is not positive; expected STEP > 0", text[2]);
  if (lo > hi)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, "vary", key,
                             "has LO \"%s\" above HI \"%s\"; expected LO <= HI", text[0], text[1]);
  double q = (hi - lo) / st;
  if (q >= VQ_SWEEP_MAX_POINTS)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, "vary", key,
                             "gives more than %d values; expected a larger STEP",
                             VQ_SWEEP_MAX_POINTS);
  double m = round(q);
  gboolean lands = fabs(lo + m * st - hi) <= 1e-9 * fabs(hi);
  guint last = lands ? (guint)m : (guint)floor(q);
  if (last >= room)
    return too_many_values(ini, key, error);
  for (guint i = 0; i <= last; i++) {
    g_autofree char *n = vq_sweep_format_number(lands && i == last ? hi : lo + i * st);
    g_ptr_array_add(values, g_strconcat(n, unit[0], NULL));
  }
  return TRUE;
}

/* A comma-separated list (VALUE) into VALUES; "..." items are taken verbatim. */
static gboolean split_list(const VqIni *ini, const char *key, const char *value, GPtrArray *values,
                           GError **error) {
  const char *p = value;
  for (;;) {
    while (g_ascii_isspace(*p))
      p++;
    char *item;
    if (*p == '"') {
      const char *close = strchr(p + 1, '"');
      if (close == NULL)
        return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "vary", key,
                                 "has a '\"' that is not closed");
      item = g_strndup(p + 1, (gsize)(close - p - 1));
      for (p = close + 1; g_ascii_isspace(*p); p++)
        ;
      if (*p != ',' && *p != '\0') {
        g_free(item);
        return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "vary", key,
                                 "has text after a quoted value; separate values with ','");
      }
    } else {
      const char *end = strchr(p, ',');
      end = end != NULL ? end : p + strlen(p);
      item = g_strstrip(g_strndup(p, (gsize)(end - p)));
      p = end;
    }
    if (*item == '\0') {
      g_free(item);
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "vary", key,
                               "has an empty value; expected a list (a, b, c) or a range "
                               "(LO..HI step STEP)");
    }
    g_ptr_array_add(values, item);
    if (*p == '\0')
      return TRUE;
    p++; /* ',' */
  }
}

gboolean vq_sweep_parse_axis(const VqIni *ini, const char *key, guint room, VqSweepAxis *axis,
                             GError **error) {
  g_autofree char *value = vq_ini_get(ini, "vary", key);
  if (strcmp(key, "simulation.seed") == 0)
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "vary", key,
                       "cannot vary: each replication gets its own seed from the scenario's; "
                       "set [sweep] replications instead");
  gboolean range = strchr(value, '"') == NULL && strstr(value, "..") != NULL;
  if (range ? !expand_range(ini, key, value, room, axis->values, error)
            : !split_list(ini, key, value, axis->values, error))
    return FALSE;
  if (axis->values->len > room)
    return too_many_values(ini, key, error);
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < axis->values->len; i++) {
    const char *v = g_ptr_array_index(axis->values, i);
    if (!g_hash_table_add(seen, (gpointer)v))
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, "vary", key,
                               "gives the value \"%s\" twice; each value of an axis must be "
                               "distinct%s",
                               v, range ? " (the step is below the precision of the values)" : "");
  }
  return TRUE;
}
