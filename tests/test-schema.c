/* The schema's tables (sim/input/schema-tables.c) against the loader: what a table says is what
 * loading does. A default written there must load, and for a key with a field must equal what
 * an absent key gives; the bounds it documents must load; every documented key says what it
 * does. */
#include <glib.h>
#include <string.h>

#include "sim/input/schema.h"
#include "sim/scenario.h"

#define BASE VQ_SOURCE_DIR "/tests/data/scenarios/defaults.ini"

/* The --set prefix that reaches SECTION's key in BASE: "nic.", "vm.a.", "flow.f.". */
static const char *prefix_of(const VqSectionSpec *s) {
  if (!s->named)
    return NULL;
  return !strcmp(s->type, "vm") ? "vm.a." : !strcmp(s->type, "flow") ? "flow.f." : NULL;
}

/* Loads BASE with KEY = VALUE (and what a VMMQ-only key needs), or NULL with *ERROR. */
static VqScenario *load_with(const VqSectionSpec *s, const VqKeySpec *k, const char *value,
                             GError **error) {
  g_autofree char *set = s->named ? g_strdup_printf("%s%s=%s", prefix_of(s), k->name, value)
                                  : g_strdup_printf("%s.%s=%s", s->type, k->name, value);
  /* A slow flow, so that the smallest wire_rate still carries it. */
  const char *vmmq[] = {"flow.f.rate=100kbps", "vm.a.vmmq=on", "vm.a.rss_processors=1-2", set,
                        NULL};
  const char *plain[] = {"flow.f.rate=100kbps", set, NULL};
  const char *onoff[] = {"flow.f.rate=100kbps",
                         "flow.f.arrivals=onoff",
                         "flow.f.burst_on=1ms",
                         "flow.f.burst_off=1ms",
                         "flow.f.burst_periods=pareto",
                         set,
                         NULL};
  if (k->flags & VQ_KEY_ONOFF_ONLY)
    return vq_scenario_load(BASE, onoff, error);
  return vq_scenario_load(BASE, (k->flags & VQ_KEY_VMMQ_ONLY) ? vmmq : plain, error);
}

/* Is TEXT written as a value (not the name of another key, as "duration" is)? */
static gboolean literal(const char *text) {
  return text != NULL && (g_ascii_isdigit(text[0]) || g_ascii_islower(text[0])) &&
         strchr(text, '_') == NULL && strcmp(text, "duration") != 0 &&
         strcmp(text, "ring_size") != 0 && strcmp(text, "max_queue_pairs") != 0;
}

static void test_defaults_load(void) {
  guint n, checked = 0, fields = 0;
  const VqSectionSpec *s = vq_schema_sections(&n);
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) plain = vq_scenario_load(BASE, NULL, &err);
  g_assert_no_error(err);
  for (guint i = 0; i < n; i++) {
    if (s[i].named && prefix_of(&s[i]) == NULL)
      continue; /* [event NAME]: no event in BASE */
    for (const VqKeySpec *k = s[i].keys; k->name != NULL; k++) {
      if (!literal(k->dflt) || k->type == VQ_KEY_TEXT)
        continue;
      g_autoptr(VqScenario) sc = load_with(&s[i], k, k->dflt, &err);
      if (sc == NULL)
        g_error("[%s] %s = %s (its default): %s", s[i].type, k->name, k->dflt, err->message);
      checked++;
      if (k->field < 0)
        continue;
      /* The value an absent key gets is the documented default: same bytes in the field. */
      gsize size = k->type == VQ_KEY_UINT64                                ? sizeof(guint64)
                   : k->type == VQ_KEY_UINT || k->type == VQ_KEY_PROCESSOR ? sizeof(guint)
                   : k->type == VQ_KEY_BOOL || k->type == VQ_KEY_CHOICE    ? sizeof(int)
                                                                           : sizeof(double);
      g_assert_cmpmem(G_STRUCT_MEMBER_P(sc, k->field), size, G_STRUCT_MEMBER_P(plain, k->field),
                      size);
      fields++;
    }
  }
  g_assert_cmpuint(checked, >=, 35);
  g_assert_cmpuint(fields, >=, 25);
}

/* The fixed sections' numeric bounds, as documented, load. */
static void test_bounds_load(void) {
  guint n, checked = 0;
  const VqSectionSpec *s = vq_schema_sections(&n);
  for (guint i = 0; i < n; i++)
    for (const VqKeySpec *k = s[i].keys; !s[i].named && k->name != NULL; k++) {
      if (k->lo == NULL)
        continue;
      const char *bounds[] = {k->lo, k->hi};
      for (guint b = 0; b < 2; b++) {
        /* A zero duration or frame cost is refused by a cross-check, not by the bounds. */
        if (!literal(bounds[b]) || (b == 0 && !strcmp(k->name, "frame_cycles")))
          continue;
        g_autoptr(GError) err = NULL;
        g_autoptr(VqScenario) sc = load_with(&s[i], k, bounds[b], &err);
        if (sc == NULL)
          g_error("[%s] %s = %s (a bound): %s", s[i].type, k->name, bounds[b], err->message);
        checked++;
      }
    }
  g_assert_cmpuint(checked, >, 40);
}

/* One past a bound is refused, naming the bound: checked on keys of each numeric kind. */
static void test_beyond_bounds(void) {
  static const struct {
    const char *set, *says;
  } cases[] = {
      {"nic.ring_size=65537", "expected an integer in 64..65536"},
      {"nic.dma_burst_frames=513", "expected an integer in 1..ring_size (512)"},
      {"pcie.latency=1001us", "expected 0..1ms"},
      {"host.frequency=11GHz", "expected 100MHz..10GHz"},
      {"simulation.warmup=2s", "expected 0..duration (1s)"},
      {"flow.f.start=2s", "expected 0..duration (1s)"},
      {"vm.a.vcpus=65", "expected an integer in 1..64"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    const char *sets[] = {cases[i].set, NULL};
    g_autoptr(GError) err = NULL;
    g_autoptr(VqScenario) sc = vq_scenario_load(BASE, sets, &err);
    g_assert_null(sc);
    g_assert_error(err, VQ_SCENARIO_ERROR, VQ_SCENARIO_ERROR_RANGE);
    if (!g_str_has_suffix(err->message, cases[i].says))
      g_error("%s: \"%s\" does not end with \"%s\"", cases[i].set, err->message, cases[i].says);
  }
}

static void test_documented(void) {
  guint n;
  const VqSectionSpec *s = vq_schema_sections(&n);
  for (guint i = 0; i < n; i++) {
    g_assert_nonnull(s[i].doc);
    g_assert_true(vq_schema_section(s[i].type) == &s[i]);
    for (const VqKeySpec *k = s[i].keys; k->name != NULL; k++) {
      /* One entry per name, found by the lookup the loader uses. */
      g_assert_true(vq_schema_key(&s[i], k->name) == k);
      if (k->flags & VQ_KEY_UNDOC)
        continue;
      if (k->doc == NULL || k->doc[0] == '\0')
        g_error("[%s] %s has no doc", s[i].type, k->name);
      g_autofree char *allowed = vq_schema_allowed(k);
      g_assert_cmpstr(allowed, !=, "");
      if (k->type == VQ_KEY_CHOICE && k->dflt != NULL)
        g_assert_true(g_strv_contains(k->choices, k->dflt));
    }
  }
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/schema/defaults-load", test_defaults_load);
  g_test_add_func("/schema/bounds-load", test_bounds_load);
  g_test_add_func("/schema/beyond-bounds", test_beyond_bounds);
  g_test_add_func("/schema/documented", test_documented);
  return g_test_run();
}
