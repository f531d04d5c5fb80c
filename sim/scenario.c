/* Scenario loader: turns a scenario .ini (plus --set overrides) into a checked VqScenario.
 *
 * Steps: ini.c scans the file (syntax, duplicate sections and keys, a location for every value);
 * every section and key is checked against the schema below, so a typo is an error rather than a
 * silently ignored setting; the overrides are applied; then each section is read in a fixed order
 * (simulation, host, pcie, nic, cpu, vms, flows) and the cross-checks run. The first problem
 * wins and is reported as "WHERE: [group] key: what is wrong; what is allowed", WHERE being
 * "FILE:LINE" or the "--set ..." argument the value came from.
 *
 * Defaults live next to the code that applies them, each with its source. Those marked
 * "modelling assumption" are not measurements: calibrate them against a measured host.
 */
#define _POSIX_C_SOURCE 200809L /* inet_pton */

#include "sim/scenario.h"

#include <arpa/inet.h>
#include <math.h>
#include <string.h>

#include "sim/ini.h"
#include "sim/units.h"

GQuark vq_scenario_error_quark(void) {
  return g_quark_from_static_string("vq-scenario-error-quark");
}

/* ---- schema ---------------------------------------------------------------------------------- */

static const char *const simulation_keys[] = {"duration", "warmup",           "sample_interval",
                                              "seed",     "step_every_frame", NULL};
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
                                       NULL};
static const char *const cpu_keys[] = {"isr_cycles",
                                       "dpc_cycles",
                                       "frame_cycles",
                                       "vswitch_frame_cycles",
                                       "sw_filter_frame_cycles",
                                       "copy_byte_cycles",
                                       NULL};
static const char *const vm_keys[] = {
    "mac", "vlan", "vcpus", "queue_processor", "vcpu_processors", "guest_frame_cycles", NULL};
static const char *const flow_keys[] = {"vm",       "dst_mac", "vlan",       "src",      "dst",
                                        "protocol", "rate",    "frame_size", "arrivals", "seed",
                                        "start",    "stop",    NULL};

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
};

#define ALLOWED_SECTIONS "[simulation], [host], [pcie], [nic], [cpu], [vm NAME], [flow NAME]"
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

/* ---- scenario-specific getters --------------------------------------------------------------- */

/* Cycle counts: bare numbers in 0..1e9 (1e9 cycles is ~0.4 s at 2.5 GHz: surely a typo). */
static gboolean get_cycles(const VqIni *ini, const char *g, const char *k, double dflt, double *out,
                           GError **error) {
  return vq_ini_quantity(ini, g, k, vq_units_parse_number, dflt, 0, 1e9, "a cycle count in 0..1e9",
                         out, error);
}

/* A logical processor: an integer below [host] processors, else a REF error. ENTRY is the text
 * to check (one item of a list), or NULL for the whole value. */
static gboolean get_lp(const VqIni *ini, const char *g, const char *k, const char *entry,
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

/* "10.0.0.1:1234" or "[2001:db8::1]:80". */
static gboolean parse_endpoint(const char *s, int *family, guint8 addr[16], guint16 *port) {
  g_autofree char *host = NULL;
  const char *port_text;
  if (*s == '[') {
    const char *close = strchr(s, ']');
    if (close == NULL || close[1] != ':')
      return FALSE;
    host = g_strndup(s + 1, (gsize)(close - s - 1));
    port_text = close + 2;
    *family = 6;
  } else {
    const char *colon = strrchr(s, ':');
    if (colon == NULL)
      return FALSE;
    host = g_strndup(s, (gsize)(colon - s));
    port_text = colon + 1;
    *family = 4;
  }
  memset(addr, 0, 16);
  if (inet_pton(*family == 6 ? AF_INET6 : AF_INET, host, addr) != 1)
    return FALSE;
  guint64 p;
  if (vq_ini_parse_uint(port_text, &p) != 0 || p > 65535)
    return FALSE;
  *port = (guint16)p;
  return TRUE;
}

static gboolean get_endpoint(const VqIni *ini, const char *g, const char *k, guint8 addr[16],
                             guint16 *port, int *family, GError **error) {
  if (!vq_ini_need(ini, g, k, "ADDRESS:PORT, e.g. 10.0.0.1:1234 or [2001:db8::1]:80", error))
    return FALSE;
  g_autofree char *v = vq_ini_get(ini, g, k);
  if (!parse_endpoint(v, family, addr, port))
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, k,
                             "is not ADDRESS:PORT; expected e.g. 10.0.0.1:1234 or "
                             "[2001:db8::1]:80 (port 0..65535)");
  return TRUE;
}

/* ---- sections -------------------------------------------------------------------------------- */

static gboolean load_simulation(const VqIni *ini, VqScenario *sc, GError **error) {
  const char *g = "simulation";
  const double d_max = 1e6; /* ~11.6 simulated days: anything longer is a typo */
  if (!vq_ini_need(ini, g, "duration", "a time such as 1s or 200ms", error) ||
      !vq_ini_quantity(ini, g, "duration", vq_units_parse_time, 0, 0, d_max, "0 < duration <= 1e6s",
                       &sc->duration_s, error))
    return FALSE;
  if (sc->duration_s <= 0)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "duration",
                             "is not positive; expected 0 < duration <= 1e6s");
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
         vq_ini_bool(ini, g, "step_every_frame", FALSE, &sc->step_every_frame, error);
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
         get_lp(ini, g, "default_queue_processor", NULL, sc->processors, 0, &sc->default_queue_lp,
                error);
}

static gboolean load_cpu(const VqIni *ini, VqScenario *sc, GError **error) {
  const char *g = "cpu";
  /* Modelling assumption; calibrate against a measured host. */
  if (!get_cycles(ini, g, "isr_cycles", 1500, &sc->isr_cycles, error) ||
      /* Modelling assumption; calibrate against a measured host. */
      !get_cycles(ini, g, "dpc_cycles", 3000, &sc->dpc_cycles, error) ||
      /* ~1 us per frame at 2.5 GHz for miniport + host stack, the order of the per-packet kernel
       * cost reported by Rizzo, "netmap", USENIX ATC 2012. */
      !get_cycles(ini, g, "frame_cycles", 2500, &sc->frame_cycles, error) ||
      /* Modelling assumption; calibrate against a measured host. */
      !get_cycles(ini, g, "vswitch_frame_cycles", 1500, &sc->vswitch_frame_cycles, error) ||
      /* Modelling assumption; calibrate against a measured host. */
      !get_cycles(ini, g, "sw_filter_frame_cycles", 300, &sc->sw_filter_frame_cycles, error) ||
      /* memcpy of a cache-cold frame at ~4 bytes/cycle. */
      !get_cycles(ini, g, "copy_byte_cycles", 0.25, &sc->copy_byte_cycles, error))
    return FALSE;
  if (sc->frame_cycles <= 0)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "frame_cycles",
                             "is not positive; every frame costs the host some cycles");
  return TRUE;
}

static void vm_free(gpointer p) {
  VqVmConf *vm = p;
  g_free(vm->name);
  g_free(vm->vcpu_lps);
  g_free(vm);
}

static void flow_free(gpointer p) {
  VqFlowConf *f = p;
  g_free(f->name);
  g_free(f);
}

static gboolean load_vcpu_lps(const VqIni *ini, const char *g, guint nlps, VqVmConf *vm,
                              GError **error) {
  vm->vcpu_lps = g_new(guint, vm->vcpus);
  g_autofree char *list = vq_ini_get(ini, g, "vcpu_processors");
  if (list == NULL) {
    /* vCPUs on the processors after the queue's, so guest and host work start apart. */
    for (guint k = 0; k < vm->vcpus; k++)
      vm->vcpu_lps[k] = (vm->queue_lp + 1 + k) % nlps;
    return TRUE;
  }
  g_auto(GStrv) items = g_strsplit(list, ",", -1);
  if (g_strv_length(items) != vm->vcpus)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "vcpu_processors",
                             "lists %u processors; expected one per vCPU (vcpus = %u)",
                             g_strv_length(items), vm->vcpus);
  for (guint k = 0; k < vm->vcpus; k++)
    if (!get_lp(ini, g, "vcpu_processors", g_strstrip(items[k]), nlps, 0, &vm->vcpu_lps[k], error))
      return FALSE;
  return TRUE;
}

static gboolean load_vm(const VqIni *ini, VqScenario *sc, const char *g, const char *name,
                        GError **error) {
  VqVmConf *vm = g_new0(VqVmConf, 1);
  vm->name = g_strdup(name);
  guint index = sc->vms->len;
  g_ptr_array_add(sc->vms, vm);

  guint vlan;
  if (!vq_ini_need(ini, g, "mac", "a unicast MAC such as 00:15:5d:00:00:01", error) ||
      !vq_ini_mac(ini, g, "mac", vm->mac, error))
    return FALSE;
  if (vm->mac[0] & 1)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "mac",
                             "is a multicast address; a VM needs a unicast MAC (first octet even)");
  if (!vq_ini_guint(ini, g, "vlan", VQ_NO_VLAN, 0, 4094, &vlan, error))
    return FALSE;
  vm->vlan = (guint16)vlan;
  for (guint i = 0; i < index; i++) {
    const VqVmConf *o = g_ptr_array_index(sc->vms, i);
    if (memcmp(o->mac, vm->mac, 6) == 0 && o->vlan == vm->vlan)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "mac",
                               "on vlan %u is already [vm %s]'s; VMs need distinct (mac, vlan)",
                               vm->vlan, o->name);
  }
  /* VMQ spreads queues over processors and leaves LP 0 to the default queue, as Windows'
   * base-processor default advises. */
  guint dflt_lp = sc->processors > 1 ? 1 + index % (sc->processors - 1) : 0;
  return vq_ini_guint(ini, g, "vcpus", 1, 1, 64, &vm->vcpus, error) &&
         get_lp(ini, g, "queue_processor", NULL, sc->processors, dflt_lp, &vm->queue_lp, error) &&
         load_vcpu_lps(ini, g, sc->processors, vm, error) &&
         /* Modelling assumption: a guest stack a little heavier than the host's frame path. */
         get_cycles(ini, g, "guest_frame_cycles", 3000, &vm->guest_frame_cycles, error);
}

/* Sets the flow's destination from "vm" or "dst_mac" (exactly one), then its VLAN. */
static gboolean load_flow_dst(const VqIni *ini, VqScenario *sc, const char *g, VqFlowConf *f,
                              GHashTable *vm_index, GError **error) {
  g_autofree char *vm = vq_ini_get(ini, g, "vm");
  gboolean has_mac = g_key_file_has_key(vq_ini_keyfile(ini), g, "dst_mac", NULL);
  if (vm != NULL && has_mac)
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, "dst_mac",
                       "conflicts with vm; give either vm = NAME or dst_mac = MAC, not both");
  if (vm == NULL && !has_mac)
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_MISSING, g, "vm",
                       "missing; give vm = NAME of a [vm NAME] section, or dst_mac = MAC");
  f->vm = -1;
  if (vm != NULL) {
    gpointer i;
    if (!g_hash_table_lookup_extended(vm_index, vm, NULL, &i))
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_REF, g, "vm",
                               "is not a VM of this scenario; expected the NAME of a [vm NAME]");
    f->vm = GPOINTER_TO_INT(i);
    const VqVmConf *conf = g_ptr_array_index(sc->vms, f->vm);
    memcpy(f->dst_mac, conf->mac, 6);
    f->vlan = conf->vlan;
  } else if (!vq_ini_mac(ini, g, "dst_mac", f->dst_mac, error)) {
    return FALSE;
  }
  guint vlan;
  if (!vq_ini_guint(ini, g, "vlan", f->vlan, 0, 4094, &vlan, error))
    return FALSE;
  f->vlan = (guint16)vlan;
  return TRUE;
}

static gboolean load_flow_rate(const VqIni *ini, const char *g, VqFlowConf *f, GError **error) {
  double bytes, rate;
  VqRateKind kind;
  g_autoptr(GError) uerr = NULL;
  if (!vq_ini_quantity(ini, g, "frame_size", vq_units_parse_size, 1500, 64, 9216,
                       "64B..9216B (Ethernet frame, jumbo included)", &bytes, error))
    return FALSE;
  if (bytes != floor(bytes))
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "frame_size",
                             "is not a whole number of bytes");
  f->frame_bytes = (guint)bytes;
  if (!vq_ini_need(ini, g, "rate",
                   "a bit rate (bps, kbps, Mbps, Gbps, Tbps) or frame rate (pps, kpps, Mpps)",
                   error))
    return FALSE;
  g_autofree char *text = vq_ini_get(ini, g, "rate");
  if (!vq_units_parse_rate(text, &rate, &kind, &uerr))
    return vq_ini_fail_value(ini, error,
                             uerr->code == VQ_UNITS_ERROR_NEGATIVE ? VQ_SCENARIO_ERROR_RANGE
                                                                   : VQ_SCENARIO_ERROR_SYNTAX,
                             g, "rate", "%s", uerr->message);
  if (rate <= 0)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "rate",
                             "is zero; expected a rate > 0");
  /* A bit rate counts frame bytes only; check_wire() adds the per-frame overhead. */
  f->rate_fps = kind == VQ_RATE_BITS ? rate / (8.0 * f->frame_bytes) : rate;
  return TRUE;
}

static gboolean load_flow(const VqIni *ini, VqScenario *sc, const char *g, const char *name,
                          GHashTable *vm_index, GError **error) {
  VqFlowConf *f = g_new0(VqFlowConf, 1);
  f->name = g_strdup(name);
  guint index = sc->flows->len;
  g_ptr_array_add(sc->flows, f);

  int dst_family, proto, arrivals;
  static const char *const proto_names[] = {"tcp", "udp", NULL};
  static const int proto_values[] = {VQ_PROTO_TCP, VQ_PROTO_UDP};
  static const char *const arrival_names[] = {"constant", "poisson", NULL};
  static const int arrival_values[] = {VQ_ARRIVALS_CONSTANT, VQ_ARRIVALS_POISSON};
  if (!load_flow_dst(ini, sc, g, f, vm_index, error) ||
      !get_endpoint(ini, g, "src", f->src_addr, &f->src_port, &f->family, error) ||
      !get_endpoint(ini, g, "dst", f->dst_addr, &f->dst_port, &dst_family, error))
    return FALSE;
  if (dst_family != f->family)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "dst",
                             "is IPv%d but src is IPv%d; src and dst must be the same family",
                             dst_family, f->family);
  if (!vq_ini_choice(ini, g, "protocol", proto_names, proto_values, VQ_PROTO_UDP, "tcp or udp",
                     &proto, error) ||
      !load_flow_rate(ini, g, f, error) ||
      !vq_ini_choice(ini, g, "arrivals", arrival_names, arrival_values, VQ_ARRIVALS_POISSON,
                     "constant or poisson", &arrivals, error) ||
      /* Derived from the scenario seed, so --seed changes every flow and flows differ. */
      !vq_ini_uint(ini, g, "seed", vq_seed_derive(sc->seed, index), 0, G_MAXUINT64, &f->seed,
                   error))
    return FALSE;
  f->proto = (VqProto)proto;
  f->arrivals = (VqArrivals)arrivals;

  g_autofree char *range = g_strdup_printf("0..duration (%g s)", sc->duration_s);
  if (!vq_ini_quantity(ini, g, "start", vq_units_parse_time, 0, 0, sc->duration_s, range,
                       &f->start_s, error) ||
      !vq_ini_quantity(ini, g, "stop", vq_units_parse_time, sc->duration_s, 0, sc->duration_s,
                       range, &f->stop_s, error))
    return FALSE;
  if (f->start_s >= f->stop_s) {
    gboolean has_stop = g_key_file_has_key(vq_ini_keyfile(ini), g, "stop", NULL);
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, has_stop ? "stop" : "start",
                             "leaves the flow no time; expected start < stop <= duration");
  }
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
    if (spec == NULL && (strcmp(*g, "vm") == 0 || strcmp(*g, "flow") == 0))
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
  g_autofree char *where = g_strdup_printf("--set %s", arg);
  const char *eq = strchr(arg, '=');
  g_autofree char *lhs = eq ? g_strndup(arg, (gsize)(eq - arg)) : NULL;
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
 * delimiter (1) and minimum inter-frame gap (12), IEEE 802.3 clause 4. The 1e-6 slack lets a
 * scenario fill the wire exactly despite rounding. */
static gboolean check_wire(const VqIni *ini, VqScenario *sc, GError **error) {
  double total = 0;
  for (guint i = 0; i < sc->flows->len; i++) {
    const VqFlowConf *f = g_ptr_array_index(sc->flows, i);
    total += f->rate_fps * (f->frame_bytes + 20) * 8.0;
    if (total > sc->wire_bps * 1.000001) {
      g_autofree char *g = g_strdup_printf("flow %s", f->name);
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "rate",
                         "flows up to this one offer %.6g Gbit/s on the wire (frames + 20 B "
                         "preamble, SFD and gap each), more than [nic] wire_rate = %.6g Gbit/s",
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
  g_autoptr(GHashTable) vm_index = g_hash_table_new(g_str_hash, g_str_equal);
  for (char **g = groups; *g != NULL; g++)
    if (g_str_has_prefix(*g, "vm ")) {
      g_hash_table_insert(vm_index, *g + 3, GINT_TO_POINTER(sc->vms->len));
      if (!load_vm(ini, sc, *g, *g + 3, error))
        return FALSE;
    }
  for (char **g = groups; *g != NULL; g++)
    if (g_str_has_prefix(*g, "flow ") && !load_flow(ini, sc, *g, *g + 5, vm_index, error))
      return FALSE;
  return check_wire(ini, sc, error);
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
  sc->vms = g_ptr_array_new_with_free_func(vm_free);
  sc->flows = g_ptr_array_new_with_free_func(flow_free);
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
  g_free(sc);
}
