/* Scenario loader: turns a scenario .ini (plus --set overrides) into a checked VqScenario.
 *
 * Steps: ini.c scans the file (syntax, duplicate sections and keys, a location for every value);
 * every section and key is checked against the schema (schema.h: one table declares each key,
 * its type, default, bounds and documentation), so a typo is an error rather than a silently
 * ignored setting; the overrides are applied; then each section is read in a fixed order
 * (simulation, host, pcie, nic, cpu, vms, events with the VMs' queues, flows) and the
 * cross-checks run. The fixed sections' keys load straight from the table; the named sections'
 * code reads each key through it. The first problem wins and is reported as "WHERE: [group] key:
 * what is wrong; what is allowed", WHERE being "FILE:LINE" or the "--set ..." argument the value
 * came from.
 */
#include "sim/scenario.h"

#include <math.h>
#include <string.h>

#include "sim/input/ini.h"
#include "sim/input/scenario-private.h"
#include "sim/input/schema.h"
#include "sim/input/units.h"

GQuark vq_scenario_error_quark(void) {
  return g_quark_from_static_string("vq-scenario-error-quark");
}

static gboolean is_name(const char *s) {
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum(*s) && *s != '_' && *s != '-')
      return FALSE;
  return TRUE;
}

/* ---- getters shared with scenario-flow.c ------------------------------------------------- */

/* A logical processor: an integer below [host] processors, else a REF error. ENTRY is the text
 * to check (one item of a list), or NULL for the whole value. */
gboolean vq_scenario_get_lp(const VqIni *ini, const char *g, const char *k, const char *entry,
                            guint nlps, guint dflt, guint *out, GError **error) {
  g_autofree char *v = entry ? g_strdup(entry) : vq_ini_get(ini, g, k);
  if (v == NULL) {
    *out = dflt;
    return TRUE;
  }
  g_autofree char *what = entry ? g_strdup_printf("entry \"%s\" ", entry) : g_strdup("");
  guint64 x;
  int code = vq_ini_parse_uint(v, &x);
  if (code == VQ_SCENARIO_ERROR_SYNTAX)
    return vq_ini_fail_value(ini, error, code, g, k, "%sis not a processor number; expected 0..%u",
                             what, nlps - 1);
  if (code == 0 && x < nlps) {
    *out = (guint)x;
    return TRUE;
  }
  return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_REF, g, k,
                           "%sis not a processor of this host; expected 0..%u ([host] "
                           "processors = %u)",
                           what, nlps - 1, nlps);
}

gboolean vq_scenario_only_with(const VqIni *ini, const char *g, const char *k, const char *why,
                               GError **error) {
  if (!g_key_file_has_key(vq_ini_keyfile(ini), g, k, NULL))
    return TRUE;
  return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, k, "is allowed only with %s",
                           why);
}

/* ---- sections: their keys with a field load from the schema's table; here what is more ---- */

static gboolean load_simulation(const VqIni *ini, VqScenario *sc, GError **error) {
  const char *g = "simulation";
  if (!vq_schema_load_fields(ini, sc, g, error))
    return FALSE;
  g_autofree char *dur = vq_units_format_time(sc->duration_s);
  if (sc->warmup_s >= sc->duration_s)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "warmup",
                             "is not less than duration (%s)", dur);
  /* The schema's sample_interval entry says why: 100 samples, at most 10,000 intervals. */
  double dflt_sample = MIN(sc->duration_s, MAX(sc->duration_s / 100, 1e-6));
  double min_sample = MAX(1e-6, sc->duration_s / 10000);
  g_autofree char *lo = vq_units_format_time(min_sample);
  g_autofree char *range =
      g_strdup_printf("%s..duration (%s): at least 1us and at most 10000 intervals", lo, dur);
  return vq_ini_quantity(ini, g, "sample_interval", vq_units_parse_time, dflt_sample, min_sample,
                         sc->duration_s, range, &sc->sample_interval_s, error);
}

static gboolean load_cpu(const VqIni *ini, VqScenario *sc, GError **error) {
  if (!vq_schema_load_fields(ini, sc, "cpu", error))
    return FALSE;
  if (sc->frame_cycles <= 0)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, "cpu", "frame_cycles",
                             "is not positive; every frame costs the host some cycles");
  return TRUE;
}

/* ---- whole file ------------------------------------------------------------------------------ */

/* "is not a known section; did you mean [X]? allowed are ..." (transfer full), TYPE being the
 * section's first word. */
static char *unknown_section(const char *type) {
  guint n;
  const VqSectionSpec *s = vq_schema_sections(&n);
  g_autoptr(GPtrArray) types = g_ptr_array_new();
  for (guint i = 0; i < n; i++)
    g_ptr_array_add(types, (gpointer)s[i].type);
  g_ptr_array_add(types, NULL);
  const char *best = vq_ini_closest(type, (const char *const *)types->pdata);
  const VqSectionSpec *b = best ? vq_schema_section(best) : NULL;
  g_autofree char *all = vq_schema_section_list();
  g_autofree char *hint =
      b ? g_strdup_printf("did you mean [%s%s]? ", b->type, b->named ? " NAME" : "") : g_strdup("");
  return g_strdup_printf("is not a known section; %sallowed are %s", hint, all);
}

/* Every section and key of the file must be in the schema. */
static gboolean check_schema(const VqIni *ini, GError **error) {
  GKeyFile *kf = vq_ini_keyfile(ini);
  g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
  for (char **g = groups; *g != NULL; g++) {
    const char *name = NULL;
    const VqSectionSpec *spec = vq_schema_classify(*g, &name);
    const VqSectionSpec *bare = vq_schema_section(*g);
    if (spec == NULL && bare != NULL && bare->named)
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, *g, NULL,
                         "needs a name, as in [%s NAME]", *g);
    if (spec == NULL && (!strcmp(*g, "sweep") || !strcmp(*g, "vary") || !strcmp(*g, "capacity") ||
                         !strcmp(*g, "collect") || g_str_has_prefix(*g, "variant ")))
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_UNKNOWN, *g, NULL,
                         "is a section of a sweep file, not of a scenario; run a sweep file with "
                         "vmqsim sweep FILE");
    if (spec == NULL) {
      g_autofree char *type = g_strndup(*g, strcspn(*g, " "));
      g_autofree char *m = unknown_section(type);
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_UNKNOWN, *g, NULL, "%s", m);
    }
    if (spec->named && !is_name(name))
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, *g, NULL,
                         "has a bad NAME; [%s NAME] takes letters, digits, '_' and '-'",
                         spec->type);
    g_auto(GStrv) keys = g_key_file_get_keys(kf, *g, NULL, NULL);
    for (char **k = keys; *k != NULL; k++)
      if (vq_schema_key(spec, *k) == NULL) {
        g_autofree char *m = vq_schema_unknown_key(spec, *g, *k);
        return vq_ini_fail_at(error, vq_ini_where(ini, *g, *k), VQ_SCENARIO_ERROR_UNKNOWN, "%s", m);
      }
  }
  return TRUE;
}

/* "[TYPE NAME] does not exist in PATH; did you mean [TYPE X]? ..." for --set (transfer full). */
static char *unknown_entity(const VqIni *ini, const char *type, const char *group,
                            const char *path) {
  g_auto(GStrv) groups = g_key_file_get_groups(vq_ini_keyfile(ini), NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new();
  size_t n = strlen(type);
  for (char **g = groups; *g != NULL; g++)
    if (strncmp(*g, type, n) == 0 && (*g)[n] == ' ')
      g_ptr_array_add(names, *g + n + 1);
  g_ptr_array_add(names, NULL);
  const char *best = vq_ini_closest(group + n + 1, (const char *const *)names->pdata);
  g_autofree char *hint =
      best ? g_strdup_printf("did you mean [%s %s]? ", type, best) : g_strdup("");
  return g_strdup_printf("[%s] does not exist in %s; %s--set only changes existing sections", group,
                         path, hint);
}

/* "group.key=value", or "vm.NAME.key=value" / "flow.NAME.key=value" for named sections. */
static gboolean apply_override(VqIni *ini, const char *path, const char *arg, GError **error) {
  for (const char *c = arg; *c; c++)
    if ((unsigned char)*c < 0x20 && *c != '\t') {
      /* Named escaped: the raw character would garble the terminal. */
      g_autofree char *esc = g_strescape(arg, NULL);
      g_autofree char *at = g_strdup_printf("--set %s", esc);
      return vq_ini_fail_at(error, at, VQ_SCENARIO_ERROR_SYNTAX,
                            "holds the control character 0x%02x", (unsigned)*c);
    }
  g_autofree char *where = g_strdup_printf("--set %s", arg);
  const char *eq = strchr(arg, '=');
  /* "nic.vmq = off" as well as "nic.vmq=off", as in a file. */
  g_autofree char *lhs = eq ? g_strstrip(g_strndup(arg, (gsize)(eq - arg))) : NULL;
  char *dot = lhs ? strchr(lhs, '.') : NULL;
  if (dot == NULL)
    return vq_ini_fail_at(error, where, VQ_SCENARIO_ERROR_SYNTAX,
                          "expected group.key=value, or vm.NAME.key=value / flow.NAME.key=value");
  *dot = '\0';
  const char *type = lhs, *key = strrchr(dot + 1, '.');
  key = key ? key + 1 : dot + 1;
  const VqSectionSpec *spec = vq_schema_section(type);
  if (spec == NULL) {
    g_autofree char *m = unknown_section(type);
    return vq_ini_fail_at(error, where, VQ_SCENARIO_ERROR_UNKNOWN, "\"%s\" %s", type, m);
  }
  g_autofree char *group = NULL;
  if (spec->named) {
    if (key == dot + 1)
      return vq_ini_fail_at(error, where, VQ_SCENARIO_ERROR_SYNTAX,
                            "[%s NAME] is set as %s.NAME.key=value", type, type);
    group = g_strdup_printf("%s %.*s", type, (int)(key - 1 - (dot + 1)), dot + 1);
    if (!g_key_file_has_group(vq_ini_keyfile(ini), group)) {
      g_autofree char *m = unknown_entity(ini, type, group, path);
      return vq_ini_fail_at(error, where, VQ_SCENARIO_ERROR_REF, "%s", m);
    }
  } else {
    if (key != dot + 1)
      return vq_ini_fail_at(error, where, VQ_SCENARIO_ERROR_SYNTAX,
                            "[%s] takes no NAME; use %s.key=value", type, type);
    group = g_strdup(type);
  }
  if (vq_schema_key(spec, key) == NULL) {
    g_autofree char *m = vq_schema_unknown_key(spec, group, key);
    return vq_ini_fail_at(error, where, VQ_SCENARIO_ERROR_UNKNOWN, "%s", m);
  }
  g_autofree char *value = g_strstrip(g_strdup(eq + 1));
  vq_ini_set(ini, group, key, value, where);
  return TRUE;
}

/* The sections the schema marks as needed: each fixed one, and one of each named one. */
static gboolean check_required(const VqIni *ini, GError **error) {
  GKeyFile *kf = vq_ini_keyfile(ini);
  g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
  /* A [capture NAME] brings flows of its own: then no [flow NAME] is needed. */
  gboolean capture = FALSE;
  for (char **g = groups; *g != NULL; g++)
    capture |= g_str_has_prefix(*g, "capture ");
  guint n;
  const VqSectionSpec *s = vq_schema_sections(&n);
  guint n_need = 0;
  for (guint i = 0; i < n; i++)
    n_need += s[i].need != NULL;
  GString *need = g_string_new("every scenario needs ");
  for (guint i = 0, k = 0; i < n; i++)
    if (s[i].need != NULL) {
      k++;
      g_string_append_printf(need, "%s%s[%s%s]%s",
                             k == 1       ? ""
                             : k < n_need ? ", "
                                          : " and ",
                             s[i].named ? "at least one " : "", s[i].type,
                             s[i].named ? " NAME" : "",
                             strcmp(s[i].type, "flow") == 0 ? " or [capture NAME]" : "");
    }
  g_autofree char *needed = g_string_free(need, FALSE);
  const char *top = vq_ini_where(ini, "", NULL); /* "FILE:1" */
  for (guint i = 0; i < n; i++) {
    gboolean found = FALSE;
    for (char **g = groups; *g != NULL && !found; g++) {
      const char *name = NULL;
      found = vq_schema_classify(*g, &name) == &s[i];
    }
    if (s[i].need != NULL && !found && !(capture && strcmp(s[i].type, "flow") == 0))
      return vq_ini_fail_at(error, top, VQ_SCENARIO_ERROR_MISSING, "missing section [%s%s]%s; %s",
                            s[i].type, s[i].named ? " NAME" : "",
                            strcmp(s[i].type, "flow") == 0 ? " or [capture NAME]" : "", needed);
  }
  return TRUE;
}

/* Of the DIR flows up to UPTO, the last whose rate or frame size a --set gave (transfer full:
 * its group), or NULL: the flow to blame when they overflow the wire, as the user changed it. */
static char *set_flow(const VqIni *ini, const VqScenario *sc, VqDirection dir, guint upto) {
  for (guint i = upto + 1; i-- > 0;) {
    const VqFlowConf *f = g_ptr_array_index(sc->flows, i);
    g_autofree char *g = g_strdup_printf("flow %s", f->name);
    if (f->direction == dir && (g_str_has_prefix(vq_ini_where(ini, g, "rate"), "--set ") ||
                                g_str_has_prefix(vq_ini_where(ini, g, "frame_size"), "--set ")))
      return g_steal_pointer(&g);
  }
  return NULL;
}

/* A flow's bursts (onoff, mmpp) at their peak, with FRAME_BITS on the wire per frame, must fit
 * the wire alone: frames cannot come faster than it carries them. */
static gboolean check_burst(const VqIni *ini, const VqScenario *sc, const VqFlowConf *f,
                            double frame_bits, GError **error) {
  double peak = vq_flow_peak_fps(f) * frame_bits;
  gboolean onoff = f->arrivals == VQ_ARRIVALS_ONOFF;
  if (peak <= sc->wire_bps * 1.000001 || (!onoff && f->arrivals != VQ_ARRIVALS_MMPP))
    return TRUE;
  g_autofree char *g = g_strdup_printf("flow %s", f->name);
  return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_RANGE, g, onoff ? "burst_on" : "mmpp",
                     "makes %s %.6g Gbit/s on the wire (frames + 20 B each), more than [nic] "
                     "wire_rate = %.6g Gbit/s; %s",
                     onoff ? "the peak rate during bursts (rate / duty cycle)"
                           : "the faster state's rate",
                     peak / 1e9, sc->wire_bps / 1e9,
                     onoff ? "lengthen burst_on, shorten burst_off or lower the rate"
                           : "lower its rate or raise wire_rate");
}

/* Offered load on the wire: each frame also occupies 20 bytes of preamble (7), start-of-frame
 * delimiter (1) and minimum inter-frame gap (12), IEEE 802.3 clause 4. The wire is full duplex,
 * so rx and tx flows are checked apart. The 1e-6 slack lets a scenario fill the wire exactly
 * despite rounding. */
static gboolean check_wire(const VqIni *ini, VqScenario *sc, VqDirection dir, GError **error) {
  double total = 0;
  for (guint i = 0; i < sc->flows->len; i++) {
    const VqFlowConf *f = g_ptr_array_index(sc->flows, i);
    if (f->direction != dir || f->captured) /* a capture's mean: below */
      continue;
    /* A schedule's rate_fps is its peak; a burst's peak must fit alone. */
    double per_frame_bits = (vq_flow_mean_bytes(f) + 20) * 8.0;
    total += f->rate_fps * per_frame_bits;
    if (!check_burst(ini, sc, f, per_frame_bits, error))
      return FALSE;
    if (total <= sc->wire_bps * 1.000001)
      continue;
    const char *what = dir == VQ_DIR_TX ? "tx flows" : "flows";
    g_autofree char *g = g_strdup_printf("flow %s", f->name);
    g_autofree char *changed = set_flow(ini, sc, dir, i);
    if (!changed && g_str_has_prefix(vq_ini_where(ini, "nic", "wire_rate"), "--set "))
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, "nic", "wire_rate",
                               "is less than the offered load: the %s up to [%s] take %.6g "
                               "Gbit/s on the wire (frames + 20 B preamble, SFD and gap each); "
                               "raise wire_rate or lower the rates",
                               what, g, total / 1e9);
    g_autofree char *with = changed && strcmp(changed, g) != 0
                                ? g_strdup_printf(" With this change, the %s up to [%s]", what, g)
                                : g_strdup_printf(" The %s up to this one", what);
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_RANGE, changed ? changed : g, "rate",
                       "makes the offered load too much for the wire.%s take %.6g Gbit/s on "
                       "the wire (frames + 20 B preamble, SFD and gap each), more than [nic] "
                       "wire_rate = %.6g Gbit/s; lower the rates or raise wire_rate",
                       with, total / 1e9, sc->wire_bps / 1e9);
  }
  /* Captures are received frames; each fits alone (scenario-capture.c), but with the rest? */
  for (guint k = 0; dir == VQ_DIR_RX && k < vq_scenario_n_captures(sc); k++) {
    const VqCaptureConf *c = g_ptr_array_index(sc->captures, k);
    double before = total;
    total += c->wire_bps;
    if (total <= sc->wire_bps * 1.000001)
      continue;
    g_autofree char *g = g_strdup_printf("capture %s", c->name);
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_RANGE, g, c->by_rate ? "rate" : "speedup",
                       "makes the offered load %.6g Gbit/s on the wire (frames + 20 B each): the "
                       "capture's mean %.6g Gbit/s and the %.6g Gbit/s of the [flow]s%s, more "
                       "than [nic] wire_rate = %.6g Gbit/s; lower %s or the flows' rates",
                       total / 1e9, c->wire_bps / 1e9, before / 1e9,
                       k ? " and the captures before it" : "", sc->wire_bps / 1e9,
                       c->by_rate ? "rate" : "speedup");
  }
  return TRUE;
}

static gboolean load_all(VqIni *ini, const char *path, const char *const *overrides, VqScenario *sc,
                         GError **error) {
  if (!check_schema(ini, error))
    return FALSE;
  for (const char *const *o = overrides; o != NULL && *o != NULL; o++)
    if (!apply_override(ini, path, *o, error))
      return FALSE;
  if (!check_required(ini, error) || !load_simulation(ini, sc, error) ||
      !vq_schema_load_fields(ini, sc, "host", error) ||
      !vq_schema_load_fields(ini, sc, "pcie", error) ||
      !vq_schema_load_fields(ini, sc, "nic", error) || !load_cpu(ini, sc, error))
    return FALSE;

  g_auto(GStrv) groups = g_key_file_get_groups(vq_ini_keyfile(ini), NULL);
  g_autoptr(GHashTable) vm_index = vq_scenario_vm_index_new();
  for (char **g = groups; *g != NULL; g++)
    if (g_str_has_prefix(*g, "vm ") && !vq_scenario_load_vm(ini, sc, *g, *g + 3, vm_index, error))
      return FALSE;
  if (!vq_scenario_load_events(ini, sc, groups, vm_index, error))
    return FALSE;
  guint section = 0;
  for (char **g = groups; *g != NULL; g++)
    if (g_str_has_prefix(*g, "flow ") &&
        !vq_scenario_load_flow(ini, sc, *g, *g + 5, section++, vm_index, error))
      return FALSE;
  for (char **g = groups; *g != NULL; g++)
    if (g_str_has_prefix(*g, "capture ") &&
        !vq_scenario_load_capture(ini, sc, *g, *g + 8, vm_index, error))
      return FALSE;
  return check_wire(ini, sc, VQ_DIR_RX, error) && check_wire(ini, sc, VQ_DIR_TX, error);
}

VqScenario *vq_scenario_load(const char *file, const char *const *overrides, GError **error) {
  g_return_val_if_fail(file != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  g_autoptr(VqIni) ini = vq_ini_load(file, error);
  if (ini == NULL)
    return NULL;
  g_autoptr(VqScenario) sc = g_new0(VqScenario, 1);
  sc->path = g_strdup(file);
  g_autofree char *base = g_path_get_basename(file);
  sc->name = g_str_has_suffix(base, ".ini") ? g_strndup(base, strlen(base) - 4) : g_strdup(base);
  sc->vms = g_ptr_array_new_with_free_func(vq_scenario_vm_free);
  sc->flows = g_ptr_array_new_with_free_func(vq_scenario_flow_free);
  sc->events = g_ptr_array_new_with_free_func(vq_scenario_event_free);
  sc->captures = g_ptr_array_new_with_free_func(vq_scenario_capture_free);
  if (!load_all(ini, file, overrides, sc, error))
    return NULL;
  sc->as_run = g_key_file_to_data(vq_ini_keyfile(ini), NULL, NULL);
  return g_steal_pointer(&sc);
}

void vq_scenario_free(VqScenario *sc) {
  if (sc == NULL)
    return;
  g_free(sc->path);
  g_free(sc->name);
  g_free(sc->as_run);
  if (sc->vms != NULL)
    g_ptr_array_unref(sc->vms);
  if (sc->flows != NULL)
    g_ptr_array_unref(sc->flows);
  if (sc->events != NULL)
    g_ptr_array_unref(sc->events);
  if (sc->captures != NULL)
    g_ptr_array_unref(sc->captures);
  g_free(sc);
}
