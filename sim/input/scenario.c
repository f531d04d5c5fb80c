/* Scenario loader: turns a scenario .ini (plus --set overrides) into a checked VqScenario.
 *
 * Steps: ini.c scans the file (syntax, duplicate sections and keys, a location for every value);
 * every section and key is checked against the schema below, so a typo is an error rather than a
 * silently ignored setting; the overrides are applied; then each section is read in a fixed order
 * (simulation, host, pcie, nic, cpu, vms, events with the VMs' queues, flows) and the
 * cross-checks run. The first problem wins and is reported as "WHERE: [group] key: what is
 * wrong; what is allowed", WHERE being "FILE:LINE" or the "--set ..." argument the value came
 * from.
 *
 * Defaults live next to the code that applies them, each with its source. Those marked
 * "modelling assumption" are not measurements: calibrate them against a measured host.
 */
#include "sim/scenario.h"

#include <math.h>
#include <string.h>

#include "sim/input/ini.h"
#include "sim/input/scenario-private.h"
#include "sim/input/units.h"

GQuark vq_scenario_error_quark(void) {
  return g_quark_from_static_string("vq-scenario-error-quark");
}

/* ---- schema ---------------------------------------------------------------------------------- */

static const char *const simulation_keys[] = {
    "duration", "warmup", "sample_interval", "seed", "step_every_frame", "engine", "window", NULL};
static const char *const host_keys[] = {"processors", "frequency", NULL};
static const char *const pcie_keys[] = {"bandwidth", "latency", NULL};
static const char *const nic_keys[] = {"vmq",
                                       "max_vmq_queues",
                                       "wire_rate",
                                       "ring_size",
                                       "interrupt_max_delay",
                                       "interrupt_max_frames",
                                       "dma_burst_frames",
                                       "default_queue_processor",
                                       "max_queue_pairs",
                                       "rss_update_latency",
                                       NULL};
static const char *const cpu_keys[] = {"isr_cycles",
                                       "dpc_cycles",
                                       "frame_cycles",
                                       "vswitch_frame_cycles",
                                       "sw_filter_frame_cycles",
                                       "copy_byte_cycles",
                                       "tx_completion_cycles",
                                       "frame_service",
                                       NULL};
static const char *const vm_keys[] = {"mac",
                                      "vlan",
                                      "vcpus",
                                      "queue_processor",
                                      "vcpu_processors",
                                      "guest_frame_cycles",
                                      "vmmq",
                                      VQ_VPORT_KEYS,
                                      "count",
                                      NULL};
static const char *const flow_keys[] = {
    "vm",        "dst_mac",    "vlan",      "src",           "dst",   "protocol",
    "rate",      "frame_size", "arrivals",  "seed",          "start", "stop",
    "direction", "count",      "rate_zipf", "random_stream", NULL};
/* rss_key and rss_hash_types only to say why an event cannot have them. */
static const char *const event_keys[] = {"time",
                                         "vm",
                                         "action",
                                         "indirection_table",
                                         "rss_processors",
                                         "indirection_table_size",
                                         "entries",
                                         "processor",
                                         "rss_key",
                                         "rss_hash_types",
                                         NULL};

typedef struct {
  const char *type;        /* "nic", or "vm" for "[vm NAME]" */
  gboolean named;          /* takes a NAME after the type */
  const char *const *keys; /* allowed keys, NULL-terminated */
} GroupSpec;

static const GroupSpec group_specs[] = {
    {"simulation", FALSE, simulation_keys},
    {"host", FALSE, host_keys},
    {"pcie", FALSE, pcie_keys},
    {"nic", FALSE, nic_keys},
    {"cpu", FALSE, cpu_keys},
    {"vm", TRUE, vm_keys},
    {"flow", TRUE, flow_keys},
    {"event", TRUE, event_keys},
};

#define ALLOWED_SECTIONS                                                                           \
  "[simulation], [host], [pcie], [nic], [cpu], [vm NAME], [flow NAME], [event NAME]"
#define REQUIRED_SECTIONS                                                                          \
  "every scenario needs [simulation], [host], [nic] and at least one [flow NAME]"

/* The spec of GROUP ("nic", "vm web"), with NAME pointing into GROUP for named ones; NULL if
 * GROUP is not a known section. A named section's NAME may hold letters, digits, '_' and '-'. */
static const GroupSpec *classify(const char *group, const char **name) {
  for (guint i = 0; i < G_N_ELEMENTS(group_specs); i++) {
    const GroupSpec *s = &group_specs[i];
    size_t n = strlen(s->type);
    if (strncmp(group, s->type, n) != 0)
      continue;
    if (!s->named && group[n] == '\0')
      return s;
    if (s->named && group[n] == ' ') {
      *name = group + n + 1;
      return s;
    }
  }
  return NULL;
}

static gboolean is_name(const char *s) {
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum(*s) && *s != '_' && *s != '-')
      return FALSE;
  return TRUE;
}

/* ---- getters shared with scenario-entities.c ------------------------------------------------- */

/* Cycle counts: bare numbers in 0..1e9 (1e9 cycles is ~0.4 s at 2.5 GHz: surely a typo). */
gboolean vq_scenario_get_cycles(const VqIni *ini, const char *g, const char *k, double dflt,
                                double *out, GError **error) {
  return vq_ini_quantity(ini, g, k, vq_units_parse_number, dflt, 0, 1e9, "a cycle count in 0..1e9",
                         out, error);
}

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

/* ---- sections -------------------------------------------------------------------------------- */

/* The engine (sim/engine.h) and the windowed engine's longest window. 1 ms by default: ~1,000
 * SimGrid activities per processor and simulated second, and a window's frames (8,100 at
 * 100 GbE) stay in cache. Results do not depend on it (the step-identity test checks). */
static gboolean load_engine(const VqIni *ini, VqScenario *sc, GError **error) {
  static const char *const names[] = {"windowed", "reference", NULL};
  static const int values[] = {VQ_ENGINE_WINDOWED, VQ_ENGINE_REFERENCE};
  int engine = VQ_ENGINE_WINDOWED;
  if (!vq_ini_choice(ini, "simulation", "engine", names, values, VQ_ENGINE_WINDOWED,
                     "windowed or reference", &engine, error))
    return FALSE;
  sc->engine = (VqEngineKind)engine;
  return vq_ini_quantity(ini, "simulation", "window", vq_units_parse_time, 1e-3, 1e-6, 1.0,
                         "1us..1s", &sc->window_s, error);
}

static gboolean load_simulation(const VqIni *ini, VqScenario *sc, GError **error) {
  const char *g = "simulation";
  const double d_max = 1e6; /* ~11.6 simulated days: anything longer is a typo */
  if (!vq_ini_need(ini, g, "duration", "a time such as 1s or 200ms", error) ||
      !vq_ini_quantity(ini, g, "duration", vq_units_parse_time, 0, 0, d_max,
                       "1us <= duration <= 1e6s", &sc->duration_s, error))
    return FALSE;
  /* At least one sampling interval of the shortest allowed length (1 us). */
  if (sc->duration_s < 1e-6)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "duration",
                             "is shorter than 1us; expected 1us <= duration <= 1e6s");
  if (!vq_ini_quantity(ini, g, "warmup", vq_units_parse_time, 0, 0, d_max, "a time < duration",
                       &sc->warmup_s, error))
    return FALSE;
  if (sc->warmup_s >= sc->duration_s)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "warmup",
                             "is not less than duration (%g s)", sc->duration_s);
  /* 100 samples per run by default. At most 10,000 intervals: the timeseries keeps a value
   * per interval and processor (1024 processors x 10,000 rows = 80 MB at worst). */
  double dflt_sample = MIN(sc->duration_s, MAX(sc->duration_s / 100, 1e-6));
  double min_sample = MAX(1e-6, sc->duration_s / 10000);
  g_autofree char *range = g_strdup_printf(
      "%gs..duration (%g s): at least 1us and at most 10000 intervals", min_sample, sc->duration_s);
  return vq_ini_quantity(ini, g, "sample_interval", vq_units_parse_time, dflt_sample, min_sample,
                         sc->duration_s, range, &sc->sample_interval_s, error) &&
         vq_ini_uint(ini, g, "seed", 1, 0, G_MAXUINT64, &sc->seed, error) &&
         vq_ini_bool(ini, g, "step_every_frame", FALSE, &sc->step_every_frame, error) &&
         load_engine(ini, sc, error);
}

static gboolean load_host(const VqIni *ini, VqScenario *sc, GError **error) {
  const char *g = "host";
  return vq_ini_need(ini, g, "processors", "the number of logical processors, 1..1024", error) &&
         vq_ini_guint(ini, g, "processors", 1, 1, VQ_MAX_PROCESSORS, &sc->processors, error) &&
         /* Base clock of a common 2-socket server part, e.g. Intel Xeon Gold 6248: 2.5 GHz. */
         vq_ini_quantity(ini, g, "frequency", vq_units_parse_frequency, 2.5e9, 100e6, 10e9,
                         "100MHz..10GHz", &sc->frequency_hz, error);
}

static gboolean load_pcie(const VqIni *ini, VqScenario *sc, GError **error) {
  const char *g = "pcie";
  double bps;
  /* PCIe 3.0 x8: 8 GT/s x 8 lanes x 128/130 encoding = 63.0 Gbit/s per direction. */
  if (!vq_ini_quantity(ini, g, "bandwidth", vq_units_parse_bit_rate, 63.0e9, 1e9, 10e12,
                       "1Gbps..10000Gbps", &bps, error))
    return FALSE;
  sc->pcie_bandwidth_Bps = bps / 8;
  /* Order of a PCIe posted-write/DMA latency; Neugebauer et al., "Understanding PCIe performance
   * for end host networking", SIGCOMM 2018, measure several hundred ns. */
  return vq_ini_quantity(ini, g, "latency", vq_units_parse_time, 500e-9, 0, 1e-3, "0..1ms",
                         &sc->pcie_latency_s, error);
}

static gboolean load_nic(const VqIni *ini, VqScenario *sc, GError **error) {
  const char *g = "nic";
  return vq_ini_bool(ini, g, "vmq", TRUE, &sc->vmq, error) &&
         /* Intel 82599 datasheet: 64 VMDq pools, one kept as the default queue. */
         vq_ini_guint(ini, g, "max_vmq_queues", 63, 1, 1024, &sc->max_vmq_queues, error) &&
         vq_ini_quantity(ini, g, "wire_rate", vq_units_parse_bit_rate, 10e9, 1e6, 1e12,
                         "1Mbps..1000Gbps", &sc->wire_bps, error) &&
         /* Default "Receive Buffers" of Intel's Windows drivers. */
         vq_ini_guint(ini, g, "ring_size", 512, 64, 65536, &sc->ring_size, error) &&
         /* About 20,000 interrupts/s, the order of the moderation rates Windows drivers default
          * to. */
         vq_ini_quantity(ini, g, "interrupt_max_delay", vq_units_parse_time, 50e-6, 0, 10e-3,
                         "0..10ms", &sc->irq_max_delay_s, error) &&
         /* Modelling assumption: an interrupt per 64 frames at most, well below the ring size. */
         vq_ini_guint(ini, g, "interrupt_max_frames", 64, 1, 65536, &sc->irq_max_frames, error) &&
         /* Descriptor write-back threshold; 82599 RXDCTL.WTHRESH is at most 16. */
         vq_ini_guint(ini, g, "dma_burst_frames", 16, 1, sc->ring_size, &sc->dma_burst_frames,
                      error) &&
         vq_scenario_get_lp(ini, g, "default_queue_processor", NULL, sc->processors, 0,
                            &sc->default_queue_lp, error) &&
         /* Modelling assumption: a common VMMQ per-vPort limit; check the NIC's advertised
          * maximum. */
         vq_ini_guint(ini, g, "max_queue_pairs", 16, 1, 64, &sc->max_queue_pairs, error) &&
         /* Modelling assumption; NDIS only requires the NIC to follow "with minimal
          * interruption". */
         vq_ini_quantity(ini, g, "rss_update_latency", vq_units_parse_time, 10e-6, 0, 10e-3,
                         "0..10ms", &sc->rss_update_latency_s, error);
}

static gboolean load_cpu(const VqIni *ini, VqScenario *sc, GError **error) {
  const char *g = "cpu";
  /* Modelling assumption; calibrate against a measured host. */
  if (!vq_scenario_get_cycles(ini, g, "isr_cycles", 1500, &sc->isr_cycles, error) ||
      /* Modelling assumption; calibrate against a measured host. */
      !vq_scenario_get_cycles(ini, g, "dpc_cycles", 3000, &sc->dpc_cycles, error) ||
      /* ~1 us per frame at 2.5 GHz for miniport + host stack, the order of the per-packet kernel
       * cost reported by Rizzo, "netmap", USENIX ATC 2012. */
      !vq_scenario_get_cycles(ini, g, "frame_cycles", 2500, &sc->frame_cycles, error) ||
      /* Modelling assumption; calibrate against a measured host. */
      !vq_scenario_get_cycles(ini, g, "vswitch_frame_cycles", 1500, &sc->vswitch_frame_cycles,
                              error) ||
      /* Modelling assumption; calibrate against a measured host. */
      !vq_scenario_get_cycles(ini, g, "sw_filter_frame_cycles", 300, &sc->sw_filter_frame_cycles,
                              error) ||
      /* memcpy of a cache-cold frame at ~4 bytes/cycle. */
      !vq_scenario_get_cycles(ini, g, "copy_byte_cycles", 0.25, &sc->copy_byte_cycles, error) ||
      /* Modelling assumption; calibrate against a measured host. */
      !vq_scenario_get_cycles(ini, g, "tx_completion_cycles", 1000, &sc->tx_completion_cycles,
                              error))
    return FALSE;
  if (sc->frame_cycles <= 0)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "frame_cycles",
                             "is not positive; every frame costs the host some cycles");
  /* constant: every frame costs its cycles (the default, as the costs above are means of a
   * tight per-packet path); exponential: each frame's host cycles are drawn from an
   * exponential distribution with that mean, for M/M/1 validation and as a crude model of
   * cache misses and lock contention. */
  static const char *const service_names[] = {"constant", "exponential", NULL};
  static const int service_values[] = {FALSE, TRUE};
  int exp_service;
  if (!vq_ini_choice(ini, g, "frame_service", service_names, service_values, FALSE,
                     "constant or exponential", &exp_service, error))
    return FALSE;
  sc->exp_service = exp_service;
  return TRUE;
}

/* ---- whole file ------------------------------------------------------------------------------ */

/* Every section and key of the file must be in the schema. */
static gboolean check_schema(const VqIni *ini, GError **error) {
  GKeyFile *kf = vq_ini_keyfile(ini);
  g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
  for (char **g = groups; *g != NULL; g++) {
    const char *name = NULL;
    const GroupSpec *spec = classify(*g, &name);
    if (spec == NULL &&
        (strcmp(*g, "vm") == 0 || strcmp(*g, "flow") == 0 || strcmp(*g, "event") == 0))
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, *g, NULL,
                         "needs a name, as in [%s NAME]", *g);
    if (spec == NULL)
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_UNKNOWN, *g, NULL,
                         "is not a known section; allowed are " ALLOWED_SECTIONS);
    if (spec->named && !is_name(name))
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, *g, NULL,
                         "has a bad NAME; [%s NAME] takes letters, digits, '_' and '-'",
                         spec->type);
    g_auto(GStrv) keys = g_key_file_get_keys(kf, *g, NULL, NULL);
    for (char **k = keys; *k != NULL; k++)
      if (!g_strv_contains(spec->keys, *k)) {
        g_autofree char *m = vq_ini_unknown_key(*g, *k, spec->keys);
        return vq_ini_fail_at(error, vq_ini_where(ini, *g, *k), VQ_SCENARIO_ERROR_UNKNOWN, "%s", m);
      }
  }
  return TRUE;
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
  const GroupSpec *spec = NULL;
  for (guint i = 0; i < G_N_ELEMENTS(group_specs); i++)
    if (strcmp(group_specs[i].type, type) == 0)
      spec = &group_specs[i];
  if (spec == NULL)
    return vq_ini_fail_at(error, where, VQ_SCENARIO_ERROR_UNKNOWN,
                          "\"%s\" is not a known section; allowed are " ALLOWED_SECTIONS, type);
  g_autofree char *group = NULL;
  if (spec->named) {
    if (key == dot + 1)
      return vq_ini_fail_at(error, where, VQ_SCENARIO_ERROR_SYNTAX,
                            "[%s NAME] is set as %s.NAME.key=value", type, type);
    group = g_strdup_printf("%s %.*s", type, (int)(key - 1 - (dot + 1)), dot + 1);
    if (!g_key_file_has_group(vq_ini_keyfile(ini), group))
      return vq_ini_fail_at(error, where, VQ_SCENARIO_ERROR_REF,
                            "[%s] does not exist in %s; --set only changes existing VMs and flows",
                            group, path);
  } else {
    if (key != dot + 1)
      return vq_ini_fail_at(error, where, VQ_SCENARIO_ERROR_SYNTAX,
                            "[%s] takes no NAME; use %s.key=value", type, type);
    group = g_strdup(type);
  }
  if (!g_strv_contains(spec->keys, key)) {
    g_autofree char *m = vq_ini_unknown_key(group, key, spec->keys);
    return vq_ini_fail_at(error, where, VQ_SCENARIO_ERROR_UNKNOWN, "%s", m);
  }
  g_autofree char *value = g_strstrip(g_strdup(eq + 1));
  vq_ini_set(ini, group, key, value, where);
  return TRUE;
}

static gboolean check_required(const VqIni *ini, GError **error) {
  GKeyFile *kf = vq_ini_keyfile(ini);
  static const char *const required[] = {"simulation", "host", "nic"};
  const char *top = vq_ini_where(ini, "", NULL); /* "FILE:1" */
  for (guint i = 0; i < G_N_ELEMENTS(required); i++)
    if (!g_key_file_has_group(kf, required[i]))
      return vq_ini_fail_at(error, top, VQ_SCENARIO_ERROR_MISSING, "missing section [%s]; %s",
                            required[i], REQUIRED_SECTIONS);
  g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
  for (char **g = groups; *g != NULL; g++)
    if (g_str_has_prefix(*g, "flow "))
      return TRUE;
  return vq_ini_fail_at(error, top, VQ_SCENARIO_ERROR_MISSING, "missing section [flow NAME]; %s",
                        REQUIRED_SECTIONS);
}

/* Offered load on the wire: each frame also occupies 20 bytes of preamble (7), start-of-frame
 * delimiter (1) and minimum inter-frame gap (12), IEEE 802.3 clause 4. The wire is full duplex,
 * so rx and tx flows are checked apart. The 1e-6 slack lets a scenario fill the wire exactly
 * despite rounding. */
static gboolean check_wire(const VqIni *ini, VqScenario *sc, VqDirection dir, GError **error) {
  double total = 0;
  for (guint i = 0; i < sc->flows->len; i++) {
    const VqFlowConf *f = g_ptr_array_index(sc->flows, i);
    if (f->direction != dir)
      continue;
    total += f->rate_fps * (f->frame_bytes + 20) * 8.0;
    if (total > sc->wire_bps * 1.000001) {
      g_autofree char *g = g_strdup_printf("flow %s", f->name);
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "rate",
                         "%sflows up to this one %s %.6g Gbit/s on the wire (frames + 20 B "
                         "preamble, SFD and gap each), more than [nic] wire_rate = %.6g Gbit/s",
                         dir == VQ_DIR_TX ? "tx " : "", dir == VQ_DIR_TX ? "send" : "offer",
                         total / 1e9, sc->wire_bps / 1e9);
    }
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
      !load_host(ini, sc, error) || !load_pcie(ini, sc, error) || !load_nic(ini, sc, error) ||
      !load_cpu(ini, sc, error))
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
  if (!load_all(ini, file, overrides, sc, error))
    return NULL;
  return g_steal_pointer(&sc);
}

void vq_scenario_free(VqScenario *sc) {
  if (sc == NULL)
    return;
  g_free(sc->path);
  g_free(sc->name);
  if (sc->vms != NULL)
    g_ptr_array_unref(sc->vms);
  if (sc->flows != NULL)
    g_ptr_array_unref(sc->flows);
  if (sc->events != NULL)
    g_ptr_array_unref(sc->events);
  g_free(sc);
}
