/* Scenario loader, named sections: [vm NAME] and [flow NAME] (see scenario.c for the whole). */
#define _POSIX_C_SOURCE 200809L /* inet_pton */

#include <arpa/inet.h>
#include <math.h>
#include <string.h>

#include "sim/ini.h"
#include "sim/scenario-private.h"
#include "sim/units.h"

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

void vq_scenario_vm_free(gpointer p) {
  VqVmConf *vm = p;
  g_free(vm->name);
  g_free(vm->vcpu_lps);
  g_free(vm);
}

void vq_scenario_flow_free(gpointer p) {
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
    if (!vq_scenario_get_lp(ini, g, "vcpu_processors", g_strstrip(items[k]), nlps, 0,
                            &vm->vcpu_lps[k], error))
      return FALSE;
  return TRUE;
}

gboolean vq_scenario_load_vm(const VqIni *ini, VqScenario *sc, const char *g, const char *name,
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
         vq_scenario_get_lp(ini, g, "queue_processor", NULL, sc->processors, dflt_lp, &vm->queue_lp,
                            error) &&
         load_vcpu_lps(ini, g, sc->processors, vm, error) &&
         /* Modelling assumption: a guest stack a little heavier than the host's frame path. */
         vq_scenario_get_cycles(ini, g, "guest_frame_cycles", 3000, &vm->guest_frame_cycles, error);
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

gboolean vq_scenario_load_flow(const VqIni *ini, VqScenario *sc, const char *g, const char *name,
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
