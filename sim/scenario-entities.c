/* Scenario loader, named sections: [vm NAME] (with its VMMQ VPort) and [flow NAME] (see
 * scenario.c for the whole, scenario-events.c for the RSS tables and [event NAME]). */
#define _POSIX_C_SOURCE 200809L /* inet_pton */

#include <arpa/inet.h>
#include <math.h>
#include <string.h>

#include "models/rss.h"
#include "sim/ini.h"
#include "sim/scenario-private.h"
#include "sim/units.h"

#define ENDPOINT_FORMS                                                                             \
  "ADDRESS:PORT for tcp and udp, e.g. 10.0.0.1:1234 or [2001:db8::1]:80 (port 0..65535); "         \
  "ADDRESS alone for icmp, e.g. 10.0.0.1 or 2001:db8::1"

/* "10.0.0.1:1234" or "[2001:db8::1]:80"; without a port, "10.0.0.1", "2001:db8::1" or
 * "[2001:db8::1]". HAS_PORT tells which. */
static gboolean parse_endpoint(const char *s, int *family, guint8 addr[16], guint16 *port,
                               gboolean *has_port) {
  g_autofree char *host = NULL;
  const char *port_text = NULL;
  memset(addr, 0, 16);
  *port = 0;
  *has_port = FALSE;
  if (*s == '[') {
    const char *close = strchr(s, ']');
    if (close == NULL || (close[1] != ':' && close[1] != '\0'))
      return FALSE;
    host = g_strndup(s + 1, (gsize)(close - s - 1));
    port_text = close[1] == ':' ? close + 2 : NULL;
    *family = 6;
  } else if (inet_pton(AF_INET6, s, addr) == 1) {
    *family = 6; /* a bare IPv6 address: its colons are not a port separator */
    return TRUE;
  } else {
    const char *colon = strrchr(s, ':');
    host = colon != NULL ? g_strndup(s, (gsize)(colon - s)) : g_strdup(s);
    port_text = colon != NULL ? colon + 1 : NULL;
    *family = 4;
  }
  if (inet_pton(*family == 6 ? AF_INET6 : AF_INET, host, addr) != 1)
    return FALSE;
  if (port_text == NULL)
    return TRUE;
  guint64 p;
  if (vq_ini_parse_uint(port_text, &p) != 0 || p > 65535)
    return FALSE;
  *port = (guint16)p;
  *has_port = TRUE;
  return TRUE;
}

/* An endpoint of a PROTO flow: with a port for tcp and udp, without one for icmp. */
static gboolean get_endpoint(const VqIni *ini, const char *g, const char *k, VqProto proto,
                             guint8 addr[16], guint16 *port, int *family, GError **error) {
  if (!vq_ini_need(ini, g, k, ENDPOINT_FORMS, error))
    return FALSE;
  g_autofree char *v = vq_ini_get(ini, g, k);
  gboolean has_port;
  if (!parse_endpoint(v, family, addr, port, &has_port))
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, k,
                             "is not an address; expected " ENDPOINT_FORMS);
  if (proto != VQ_PROTO_ICMP && !has_port)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, k,
                             "has no port; expected " ENDPOINT_FORMS);
  /* Reported at protocol: the address is fine for tcp and udp, the protocol makes it wrong. */
  if (proto == VQ_PROTO_ICMP && has_port)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, "protocol",
                             "has no ports, but %s = \"%s\" gives one; write the address alone, "
                             "e.g. 10.0.0.1 or 2001:db8::1",
                             k, v);
  return TRUE;
}

void vq_scenario_vm_free(gpointer p) {
  VqVmConf *vm = p;
  g_free(vm->name);
  g_free(vm->vcpu_lps);
  g_free(vm->vport.queue_lps);
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

/* The VMMQ-only keys of [vm NAME]. */
static const char *const vport_keys[] = {VQ_VPORT_KEYS, NULL};

#define HASH_TYPE_NAMES "ipv4, tcp-ipv4, udp-ipv4, ipv6, tcp-ipv6, udp-ipv6"

static gboolean get_hash_types(const VqIni *ini, const char *g, guint32 *out, GError **error) {
  g_autofree char *v = vq_ini_get(ini, g, "rss_hash_types");
  if (v == NULL) {
    /* Windows' default: UDP 4-tuple hashing is off unless enabled, so UDP frames hash on their
     * addresses only. */
    *out = VQ_HASH_IPV4 | VQ_HASH_TCP_IPV4 | VQ_HASH_IPV6 | VQ_HASH_TCP_IPV6;
    return TRUE;
  }
  *out = 0;
  g_auto(GStrv) items = g_strsplit(v, ",", -1);
  for (char **it = items; *it != NULL; it++) {
    guint32 t = vq_rss_type_from_name(g_strstrip(*it));
    if (t == 0)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, "rss_hash_types",
                               "entry \"%s\" is not a hash type; expected a comma list of "
                               "" HASH_TYPE_NAMES,
                               *it);
    *out |= t;
  }
  if (*out == 0)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "rss_hash_types",
                             "enables no hash type; expected at least one of " HASH_TYPE_NAMES);
  return TRUE;
}

/* The VPort of a VMMQ VM: key, hash types, table and default processor. Its queues depend on
 * the [event]s too, so vq_scenario_load_events() sets them. */
static gboolean load_vport(const VqIni *ini, VqScenario *sc, const char *g, VqVmConf *vm,
                           GError **error) {
  VqVportConf *vp = &vm->vport;
  if (!vq_ini_bool(ini, g, "vmmq", FALSE, &vp->enabled, error))
    return FALSE;
  if (!vp->enabled) {
    for (const char *const *k = vport_keys; *k != NULL; k++)
      if (!vq_scenario_only_with(ini, g, *k, "vmmq = on", error))
        return FALSE;
    return TRUE;
  }
  if (!sc->vmq)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "vmmq",
                             "needs [nic] vmq = on; VMMQ spreads a VM's traffic over several "
                             "VMQ queues");
  g_autofree char *key = vq_ini_get(ini, g, "rss_key");
  g_autoptr(GError) kerr = NULL;
  if (key == NULL)
    /* Microsoft's published verification key, so results are reproducible; Windows draws a
     * random key per VPort. */
    memcpy(vp->key, vq_rss_ms_key, sizeof vp->key);
  else if (!vq_rss_key_parse_hex(key, vp->key, &kerr))
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, "rss_key", "is not a key: %s",
                             kerr->message);
  guint queue_pairs;
  /* NDIS's largest table, which spreads load most evenly over any processor count. */
  return get_hash_types(ini, g, &vp->hash_types, error) &&
         vq_scenario_get_table(ini, g, sc->processors, VQ_RSS_TABLE_MAX, &vp->table_size,
                               vp->table_lps, error) &&
         /* NDIS: frames no enabled hash type covers go to the default processor; the host
          * sets it, and the first entry's processor is what an unconfigured VPort would use. */
         vq_scenario_get_lp(ini, g, "rss_default_processor", NULL, sc->processors, vp->table_lps[0],
                            &vp->default_lp, error) &&
         /* Only checked here; the VPort's queue count is set with its events. */
         vq_ini_guint(ini, g, "queue_pairs", 1, 1, sc->max_queue_pairs, &queue_pairs, error);
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
  /* queue_processor is read under VMMQ too (it places the default vCPUs) but no queue uses it:
   * the VPort's queues follow its indirection table. */
  return vq_ini_guint(ini, g, "vcpus", 1, 1, 64, &vm->vcpus, error) &&
         vq_scenario_get_lp(ini, g, "queue_processor", NULL, sc->processors, dflt_lp, &vm->queue_lp,
                            error) &&
         load_vcpu_lps(ini, g, sc->processors, vm, error) &&
         /* Modelling assumption: a guest stack a little heavier than the host's frame path. */
         vq_scenario_get_cycles(ini, g, "guest_frame_cycles", 3000, &vm->guest_frame_cycles,
                                error) &&
         load_vport(ini, sc, g, vm, error);
}

/* Sets the flow's VM or destination MAC, then its VLAN. An rx flow names its destination by
 * "vm" or "dst_mac" (exactly one); a tx flow names its sending VM, whose MAC it carries. */
static gboolean load_flow_dst(const VqIni *ini, VqScenario *sc, const char *g, VqFlowConf *f,
                              GHashTable *vm_index, GError **error) {
  g_autofree char *vm = vq_ini_get(ini, g, "vm");
  gboolean has_mac = g_key_file_has_key(vq_ini_keyfile(ini), g, "dst_mac", NULL);
  if (f->direction == VQ_DIR_TX && has_mac)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, "dst_mac",
                             "is allowed only with direction = rx; a tx flow is sent by vm = "
                             "NAME and carries that VM's MAC");
  if (f->direction == VQ_DIR_TX && vm == NULL)
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_MISSING, g, "vm",
                       "missing; a tx flow needs vm = NAME of the sending [vm NAME]");
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

/* count = N: the section stands for N flows that differ only by source port (port, port + 1,
 * ...), each with 1/N of the rate and its own random stream: the many connections RSS needs
 * to spread, without N sections. */
static gboolean expand_flow(const VqIni *ini, VqScenario *sc, const char *g, VqFlowConf *f,
                            GError **error) {
  guint count;
  if (!vq_ini_guint(ini, g, "count", 1, 1, 65536, &count, error))
    return FALSE;
  /* Each flow keeps its own random stream (a GRand, ~2.5 KB) and counters: cap the total so a
   * small file cannot ask for gigabytes (the fuzzer's 8 KB file with 100 sections of 65536). */
  guint total = sc->flows->len - 1 + count;
  if (total > VQ_MAX_FLOWS)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "count",
                             "brings the scenario to %u flows; at most %u", total, VQ_MAX_FLOWS);
  if (count == 1)
    return TRUE;
  if (f->proto == VQ_PROTO_ICMP)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "count",
                             "needs ports to tell the flows apart; use tcp or udp");
  if ((guint)f->src_port + count - 1 > 65535)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "count",
                             "takes source ports %u..%u, past 65535", f->src_port,
                             f->src_port + count - 1);
  guint64 seed = f->seed;
  f->rate_fps /= count;
  f->seed = vq_seed_derive(seed, 0);
  for (guint i = 1; i < count; i++) {
    VqFlowConf *c = g_memdup2(f, sizeof *f);
    c->name = g_strdup(f->name);
    c->src_port = (guint16)(f->src_port + i);
    c->seed = vq_seed_derive(seed, i);
    g_ptr_array_add(sc->flows, c);
  }
  return TRUE;
}

gboolean vq_scenario_load_flow(const VqIni *ini, VqScenario *sc, const char *g, const char *name,
                               guint index, GHashTable *vm_index, GError **error) {
  VqFlowConf *f = g_new0(VqFlowConf, 1);
  f->name = g_strdup(name);
  g_ptr_array_add(sc->flows, f);

  int dst_family, proto, arrivals, direction;
  static const char *const proto_names[] = {"tcp", "udp", "icmp", NULL};
  static const int proto_values[] = {VQ_PROTO_TCP, VQ_PROTO_UDP, VQ_PROTO_ICMP};
  static const char *const arrival_names[] = {"constant", "poisson", NULL};
  static const int arrival_values[] = {VQ_ARRIVALS_CONSTANT, VQ_ARRIVALS_POISSON};
  static const char *const direction_names[] = {"rx", "tx", NULL};
  static const int direction_values[] = {VQ_DIR_RX, VQ_DIR_TX};
  if (!vq_ini_choice(ini, g, "direction", direction_names, direction_values, VQ_DIR_RX, "rx or tx",
                     &direction, error))
    return FALSE;
  f->direction = (VqDirection)direction;
  /* The protocol first: it decides whether src and dst carry ports. For a tx flow src is the
   * VM's side, as on the wire. */
  if (!load_flow_dst(ini, sc, g, f, vm_index, error) ||
      !vq_ini_choice(ini, g, "protocol", proto_names, proto_values, VQ_PROTO_UDP,
                     "tcp, udp or icmp", &proto, error))
    return FALSE;
  f->proto = (VqProto)proto;
  if (!get_endpoint(ini, g, "src", f->proto, f->src_addr, &f->src_port, &f->family, error) ||
      !get_endpoint(ini, g, "dst", f->proto, f->dst_addr, &f->dst_port, &dst_family, error))
    return FALSE;
  if (dst_family != f->family)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "dst",
                             "is IPv%d but src is IPv%d; src and dst must be the same family",
                             dst_family, f->family);
  if (!load_flow_rate(ini, g, f, error) ||
      !vq_ini_choice(ini, g, "arrivals", arrival_names, arrival_values, VQ_ARRIVALS_POISSON,
                     "constant or poisson", &arrivals, error) ||
      /* Derived from the scenario seed, so --seed changes every flow and flows differ. */
      !vq_ini_uint(ini, g, "seed", vq_seed_derive(sc->seed, index), 0, G_MAXUINT64, &f->seed,
                   error))
    return FALSE;
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
  return expand_flow(ini, sc, g, f, error);
}
