/* Schema: lookups in the tables of schema-tables.c, and the typed reads they drive. */
#include "sim/input/schema.h"

#include <string.h>

#include "sim/input/scenario-private.h"
#include "sim/input/units.h"

const VqSectionSpec *vq_schema_section(const char *type) {
  guint n;
  const VqSectionSpec *s = vq_schema_sections(&n);
  for (guint i = 0; i < n; i++)
    if (strcmp(s[i].type, type) == 0)
      return &s[i];
  return NULL;
}

const VqSectionSpec *vq_schema_classify(const char *group, const char **name) {
  guint n;
  const VqSectionSpec *s = vq_schema_sections(&n);
  for (guint i = 0; i < n; i++) {
    size_t len = strlen(s[i].type);
    if (strncmp(group, s[i].type, len) != 0)
      continue;
    if (!s[i].named && group[len] == '\0')
      return &s[i];
    if (s[i].named && group[len] == ' ') {
      *name = group + len + 1;
      return &s[i];
    }
  }
  return NULL;
}

const VqKeySpec *vq_schema_key(const VqSectionSpec *section, const char *key) {
  for (const VqKeySpec *k = section->keys; k->name != NULL; k++)
    if (strcmp(k->name, key) == 0)
      return k;
  return NULL;
}

char *vq_schema_unknown_key(const VqSectionSpec *section, const char *group, const char *key) {
  g_autoptr(GPtrArray) names = g_ptr_array_new();
  for (const VqKeySpec *k = section->keys; k->name != NULL; k++)
    g_ptr_array_add(names, (gpointer)k->name);
  g_ptr_array_add(names, NULL);
  return vq_ini_unknown_key(group, key, (const char *const *)names->pdata);
}

char *vq_schema_section_list(void) {
  guint n;
  const VqSectionSpec *s = vq_schema_sections(&n);
  GString *out = g_string_new(NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf(out, "%s[%s%s]", i ? ", " : "", s[i].type, s[i].named ? " NAME" : "");
  return g_string_free(out, FALSE);
}

/* ---- values as written ----------------------------------------------------------------------- */

static VqIniParser parser_of(VqKeyType type) {
  switch (type) {
  case VQ_KEY_TIME:
    return vq_units_parse_time;
  case VQ_KEY_FREQUENCY:
    return vq_units_parse_frequency;
  case VQ_KEY_SIZE:
    return vq_units_parse_size;
  case VQ_KEY_BIT_RATE:
    return vq_units_parse_bit_rate;
  default:
    return vq_units_parse_number;
  }
}

static gboolean is_integer(VqKeyType type) {
  return type == VQ_KEY_UINT || type == VQ_KEY_UINT64 || type == VQ_KEY_PROCESSOR;
}

/* The key of a fixed section named NAME that has a field, or NULL. */
static const VqKeySpec *field_key(const char *name) {
  guint n;
  const VqSectionSpec *s = vq_schema_sections(&n);
  for (guint i = 0; i < n; i++)
    for (const VqKeySpec *k = s[i].keys; !s[i].named && k->name != NULL; k++)
      if (k->field >= 0 && strcmp(k->name, name) == 0)
        return k;
  return NULL;
}

/* TEXT, a value as written or the name of a loaded key (then *NAMED), as a number of TYPE. The
 * tables are fixed, so a text that is neither is a programming error. */
static double resolve(const char *text, VqKeyType type, const VqScenario *sc, gboolean *named) {
  double v;
  guint64 u;
  *named = FALSE;
  if (is_integer(type) ? vq_ini_parse_uint(text, &u) == 0 : parser_of(type)(text, &v, NULL))
    return is_integer(type) ? (double)u : v;
  const VqKeySpec *k = field_key(text);
  g_assert(k != NULL && sc != NULL);
  *named = TRUE;
  gconstpointer p = G_STRUCT_MEMBER_P(sc, k->field);
  return is_integer(k->type) ? *(const guint *)p : *(const double *)p;
}

static guint64 resolve_uint(const char *text, const VqScenario *sc) {
  guint64 u;
  if (vq_ini_parse_uint(text, &u) == 0)
    return u;
  gboolean named;
  return (guint64)resolve(text, VQ_KEY_UINT, sc, &named);
}

/* V of TYPE in the unit a user would write ("200ms", "10Gbps") (transfer full). */
static char *format_value(VqKeyType type, double v) {
  if (type == VQ_KEY_TIME)
    return vq_units_format_time(v);
  static const struct {
    VqKeyType type;
    double scale;
    const char *unit;
  } units[] = {
      {VQ_KEY_TIME, 1, "s"},          {VQ_KEY_TIME, 1e-3, "ms"},
      {VQ_KEY_TIME, 1e-6, "us"},      {VQ_KEY_TIME, 1e-9, "ns"},
      {VQ_KEY_FREQUENCY, 1e9, "GHz"}, {VQ_KEY_FREQUENCY, 1e6, "MHz"},
      {VQ_KEY_BIT_RATE, 1e9, "Gbps"}, {VQ_KEY_BIT_RATE, 1e6, "Mbps"},
      {VQ_KEY_SIZE, 1, "B"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(units); i++)
    if (units[i].type == type && (v >= units[i].scale || v == 0))
      return g_strdup_printf("%g%s", v / units[i].scale, units[i].unit);
  return g_strdup_printf("%g", v);
}

/* BOUND as written, or "NAME (VALUE)" when it names a key and SC is loaded (transfer full). */
static char *bound_text(const VqKeySpec *k, const char *bound, const VqScenario *sc) {
  if (sc == NULL || field_key(bound) == NULL)
    return g_strdup(bound);
  gboolean named;
  g_autofree char *v = format_value(k->type, resolve(bound, k->type, sc, &named));
  return g_strdup_printf("%s (%s)", bound, v);
}

static char *allowed_in(const VqKeySpec *k, const VqScenario *sc) {
  if (k->allowed != NULL)
    return g_strdup(k->allowed);
  if (k->type == VQ_KEY_BOOL)
    return g_strdup("on/off, true/false or yes/no");
  if (k->type == VQ_KEY_PROCESSOR)
    return g_strdup("a processor, 0..processors - 1");
  if (k->type == VQ_KEY_CHOICE) {
    GString *s = g_string_new(NULL);
    for (guint i = 0; k->choices[i] != NULL; i++)
      g_string_append_printf(s, "%s%s",
                             i == 0              ? ""
                             : k->choices[i + 1] ? ", "
                                                 : " or ",
                             k->choices[i]);
    return g_string_free(s, FALSE);
  }
  g_assert(k->lo != NULL && k->hi != NULL);
  g_autofree char *lo = bound_text(k, k->lo, sc), *hi = bound_text(k, k->hi, sc);
  return g_strdup_printf("%s..%s", lo, hi);
}

char *vq_schema_allowed(const VqKeySpec *k) {
  return allowed_in(k, NULL);
}

char *vq_schema_default(const VqKeySpec *k) {
  return g_strdup(k->dflt_doc ? k->dflt_doc : k->dflt ? k->dflt : "none");
}

/* ---- reads ----------------------------------------------------------------------------------- */

static const VqKeySpec *spec_of(const char *group, const char *key) {
  const char *name = NULL;
  const VqSectionSpec *s = vq_schema_classify(group, &name);
  const VqKeySpec *k = s ? vq_schema_key(s, key) : NULL;
  g_assert(k != NULL); /* the loader reads only keys of its tables */
  return k;
}

static int choice_default(const VqKeySpec *k) {
  for (guint i = 0; k->dflt != NULL && k->choices[i] != NULL; i++)
    if (strcmp(k->choices[i], k->dflt) == 0)
      return k->values[i];
  return k->values[0];
}

static gboolean read_number(const VqIni *ini, const VqScenario *sc, const char *group,
                            const VqKeySpec *k, const void *dflt, double *out, GError **error) {
  gboolean named;
  double d = dflt ? *(const double *)dflt : k->dflt ? resolve(k->dflt, k->type, sc, &named) : 0;
  double lo = resolve(k->lo, k->type, sc, &named), hi = resolve(k->hi, k->type, sc, &named);
  g_autofree char *range = allowed_in(k, sc);
  return vq_ini_quantity(ini, group, k->name, parser_of(k->type), d, lo, hi, range, out, error);
}

gboolean vq_schema_read(const VqIni *ini, const VqScenario *sc, const char *group, const char *key,
                        const void *dflt, void *out, GError **error) {
  const VqKeySpec *k = spec_of(group, key);
  switch (k->type) {
  case VQ_KEY_UINT:
  case VQ_KEY_UINT64: {
    guint64 d = dflt      ? (k->type == VQ_KEY_UINT ? *(const guint *)dflt : *(const guint64 *)dflt)
                : k->dflt ? resolve_uint(k->dflt, sc)
                          : 0;
    g_autofree char *v = vq_ini_get(ini, group, key);
    guint64 x = d;
    int code = v ? vq_ini_parse_uint(v, &x) : 0;
    if (v != NULL && (code != 0 || x < resolve_uint(k->lo, sc) || x > resolve_uint(k->hi, sc))) {
      g_autofree char *range = allowed_in(k, sc);
      return vq_ini_fail_value(
          ini, error, code ? code : VQ_SCENARIO_ERROR_RANGE, group, key, "%s; expected %s%s",
          code == VQ_SCENARIO_ERROR_SYNTAX ? "is not an integer" : "is out of range",
          k->allowed ? "" : "an integer in ", range);
    }
    if (k->type == VQ_KEY_UINT)
      *(guint *)out = (guint)x;
    else
      *(guint64 *)out = x;
    return TRUE;
  }
  case VQ_KEY_BOOL:
    return vq_ini_bool(ini, group, key, dflt ? *(const gboolean *)dflt : !g_strcmp0(k->dflt, "on"),
                       out, error);
  case VQ_KEY_CHOICE: {
    g_autofree char *expected = allowed_in(k, sc);
    return vq_ini_choice(ini, group, key, k->choices, k->values,
                         dflt ? *(const int *)dflt : choice_default(k), expected, out, error);
  }
  case VQ_KEY_PROCESSOR:
    return vq_scenario_get_lp(ini, group, key, NULL, sc->processors,
                              dflt      ? *(const guint *)dflt
                              : k->dflt ? (guint)resolve_uint(k->dflt, sc)
                                        : 0,
                              out, error);
  case VQ_KEY_TEXT:
    g_assert_not_reached(); /* read by the section's code */
  default:
    return read_number(ini, sc, group, k, dflt, out, error);
  }
}

gboolean vq_schema_need(const VqIni *ini, const char *group, const char *key, GError **error) {
  g_autofree char *allowed = allowed_in(spec_of(group, key), NULL);
  return vq_ini_need(ini, group, key, allowed, error);
}

gboolean vq_schema_load_fields(const VqIni *ini, VqScenario *sc, const char *type, GError **error) {
  const VqSectionSpec *s = vq_schema_section(type);
  for (const VqKeySpec *k = s->keys; k->name != NULL; k++) {
    if (k->field < 0 || (k->flags & VQ_KEY_CUSTOM))
      continue;
    if (k->dflt == NULL && !vq_schema_need(ini, type, k->name, error))
      return FALSE;
    if (!vq_schema_read(ini, sc, type, k->name, NULL, G_STRUCT_MEMBER_P(sc, k->field), error))
      return FALSE;
    if (k->scale != 0)
      G_STRUCT_MEMBER(double, sc, k->field) *= k->scale;
  }
  return TRUE;
}

char *vq_schema_format(const VqKeySpec *k, const VqScenario *sc) {
  g_assert(k->field >= 0);
  gconstpointer p = G_STRUCT_MEMBER_P(sc, k->field);
  switch (k->type) {
  case VQ_KEY_UINT:
  case VQ_KEY_PROCESSOR:
    return g_strdup_printf("%u", *(const guint *)p);
  case VQ_KEY_UINT64:
    return g_strdup_printf("%" G_GUINT64_FORMAT, *(const guint64 *)p);
  case VQ_KEY_BOOL:
    return g_strdup(*(const gboolean *)p ? "on" : "off");
  case VQ_KEY_CHOICE:
    for (guint i = 0; k->choices[i] != NULL; i++)
      if (k->values[i] == *(const int *)p)
        return g_strdup(k->choices[i]);
    g_assert_not_reached();
  default:
    return format_value(k->type, *(const double *)p / (k->scale != 0 ? k->scale : 1));
  }
}
