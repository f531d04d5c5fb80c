/* Scenario loader, [flow NAME] sections (see scenario.c for the whole, scenario-vm.c for
 * [vm NAME], scenario-events.c for the RSS tables and [event NAME]). */
#define _POSIX_C_SOURCE 200809L /* inet_pton */

#include <arpa/inet.h>
#include <math.h>
#include <string.h>

#include "sim/input/ini.h"
#include "sim/input/scenario-private.h"
#include "sim/input/schema.h"
#include "sim/input/units.h"
#include "models/seed.h"

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
  if (!vq_schema_need(ini, g, k, error))
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

void vq_scenario_flow_free(gpointer p) {
  VqFlowConf *f = p;
  if (!f->shares_name) {
    g_free(f->name);
    vq_scenario_workload_free(f); /* shared as the name is */
  }
  g_free(f->captured);
  g_free(f);
}

/* Sets the flow's VM or destination MAC, then its VLAN. An rx flow names its destination by
 * "vm" or "dst_mac" (exactly one); a tx flow names its sending VM, whose MAC it carries. */
static gboolean load_flow_dst(const VqIni *ini, VqScenario *sc, const char *g, VqFlowConf *f,
                              GHashTable *vm_index, const VqVmRef **ref, GError **error) {
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
  *ref = NULL;
  if (vm != NULL) {
    *ref = g_hash_table_lookup(vm_index, vm);
    if (*ref == NULL)
      return vq_scenario_unknown_vm(ini, g, vm, vm_index, error);
    /* A section with count: its first VM here, the others in expand_flow(). */
    f->vm = (int)(*ref)->first;
    const VqVmConf *conf = g_ptr_array_index(sc->vms, f->vm);
    memcpy(f->dst_mac, conf->mac, 6);
    f->vlan = conf->vlan;
  } else if (!vq_ini_mac(ini, g, "dst_mac", f->dst_mac, error)) {
    return FALSE;
  }
  guint vlan, dflt = f->vlan;
  if (!vq_schema_read(ini, sc, g, "vlan", &dflt, &vlan, error))
    return FALSE;
  f->vlan = (guint16)vlan;
  return TRUE;
}

gboolean vq_scenario_address_add(int family, guint8 addr[16], guint64 add) {
  guint n = family == 4 ? 4 : 8;
  guint8 *low = family == 4 ? addr : addr + 8;
  guint64 x = 0, max = family == 4 ? G_MAXUINT32 : G_MAXUINT64;
  for (guint k = 0; k < n; k++)
    x = x << 8 | low[k];
  if (x > max - add)
    return FALSE;
  x += add;
  for (guint k = n; k-- > 0; x >>= 8)
    low[k] = (guint8)(x & 0xff);
  return TRUE;
}

gboolean vq_scenario_check_flow_cap(const VqIni *ini, const VqScenario *sc, const char *g,
                                    const VqVmRef *ref, guint count, GError **error) {
  gboolean per_vm = ref != NULL && ref->counted;
  guint n_vms = per_vm ? ref->count : 1;
  /* Each flow keeps its own random stream (a GRand, ~2.5 KB) and counters: cap the total so a
   * small file cannot ask for gigabytes (the fuzzer's 8 KB file with 100 sections of 65536). */
  guint64 total = sc->flows->len - 1 + (guint64)n_vms * count;
  if (total > VQ_MAX_FLOWS && !per_vm)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "count",
                             "brings the scenario to %" G_GUINT64_FORMAT " flows; at most %u",
                             total, VQ_MAX_FLOWS);
  if (total > VQ_MAX_FLOWS)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, count > 1 ? "count" : "vm",
                             "gives each of the %u VMs of [vm %s] %u flows, which brings the "
                             "scenario to %" G_GUINT64_FORMAT " flows; at most %u",
                             n_vms, ref->section, count, total, VQ_MAX_FLOWS);
  return TRUE;
}

/* Makes F (the section's first flow, already in SC) the first of N_VMS * COUNT flows (N_VMS = 0:
 * not per VM, one VM's), adding the others to SC as expand_flow() describes. */
static void add_flows(VqScenario *sc, VqFlowConf *f, const VqVmRef *ref, guint n_vms, guint count,
                      double zipf, gboolean per_section) {
  VqFlowConf base = *f; /* shallow: name stays f's */
  g_autofree double *share = g_new(double, count);
  double sum = 0;
  for (guint j = 0; j < count; j++)
    sum += share[j] = pow(j + 1.0, -zipf);
  for (guint k = 0; k < MAX(n_vms, 1) * count; k++) {
    guint i = k / count, j = k % count;
    VqFlowConf *c = k == 0 ? f : g_new(VqFlowConf, 1);
    *c = base;
    /* 100k connections need no 100k copies of one name: the section's first flow owns it; the
     * others point at it and never free it. */
    c->shares_name = k > 0;
    c->rate_fps = base.rate_fps * share[j] / sum;
    c->src_port = (guint16)(base.src_port + j);
    c->seed = vq_seed_derive(base.seed, k);
    c->stream = per_section ? base.stream : base.stream + k;
    if (n_vms > 0) {
      const VqVmConf *vm = g_ptr_array_index(sc->vms, ref->first + i);
      c->vm = (int)(ref->first + i);
      memcpy(c->dst_mac, vm->mac, 6);
      vq_scenario_address_add(c->family, c->direction == VQ_DIR_TX ? c->src_addr : c->dst_addr, i);
    }
    if (k > 0)
      g_ptr_array_add(sc->flows, c);
  }
}

/* The flows of one section. With count = C the section stands for C flows that differ only by
 * source port (port, port + 1, ...), each with 1/C of the rate and its own random stream: the
 * many connections RSS needs to spread, without C sections.
 *
 * With vm = NAME of a [vm NAME] with count = N, it stands for those flows to each of the N VMs
 * (N * C flows, VM by VM): to VM i (0-based), the flow goes to its MAC, and the VM's side of the
 * flow (dst for rx, src for tx: the VM's own address) is the written address + i, so every VM
 * has its own address (IPv4: the 32-bit address; IPv6: its low 64 bits; an error if that
 * overflows). The rate is per VM: each VM is offered the full rate.
 *
 * Seeds: a single flow keeps the section's seed; otherwise flow k of the section (k = i * C + j)
 * gets vq_seed_derive(seed, k), which differs for every k (splitmix64 mixes seed ^ odd * (k + 1)
 * bijectively), so no two flows of a section share a random stream. With random_stream =
 * per-section they all share the first flow's stream instead (a GRand is ~2.5 KB, so 100k
 * connections with their own would take 250 MB); the generator then makes the section one
 * superposed Poisson process (models/traffic.h), deterministic too.
 *
 * rate_zipf = S splits a VM's rate over its C connections as Zipf's law does: connection j
 * (0-based) gets a share (j + 1)^-S / sum over k of (k + 1)^-S (S = 0: equal shares), the
 * heavy-tailed connection popularity of real traffic (a few elephants, many mice). */
static gboolean expand_flow(const VqIni *ini, VqScenario *sc, const char *g, VqFlowConf *f,
                            const VqVmRef *ref, GError **error) {
  guint count;
  double zipf;
  int per_section;
  if (!vq_schema_read(ini, sc, g, "count", NULL, &count, error) ||
      !vq_schema_read(ini, sc, g, "rate_zipf", NULL, &zipf, error) ||
      !vq_schema_read(ini, sc, g, "random_stream", NULL, &per_section, error))
    return FALSE;
  f->stream = sc->flows->len - 1;
  gboolean per_vm = ref != NULL && ref->counted;
  guint n_vms = per_vm ? ref->count : 1;
  if (!vq_scenario_check_flow_cap(ini, sc, g, ref, count, error))
    return FALSE;
  if (count > 1 && f->proto == VQ_PROTO_ICMP)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "count",
                             "needs ports to tell the flows apart; use tcp or udp");
  if (count > 1 && (guint)f->src_port + count - 1 > 65535)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "count",
                             "takes source ports %u..%u, past 65535", f->src_port,
                             f->src_port + count - 1);
  if (!per_vm && count == 1)
    return TRUE;
  const char *vm_side = f->direction == VQ_DIR_TX ? "src" : "dst";
  guint8 last[16];
  memcpy(last, f->direction == VQ_DIR_TX ? f->src_addr : f->dst_addr, 16);
  if (!vq_scenario_address_add(f->family, last, n_vms - 1))
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, vm_side,
                             "+ %u, the address of VM %s-%u, overflows the %s; VM %s-i of [vm "
                             "%s] (count = %u) takes this address + i - 1, so give one with room "
                             "for %u",
                             n_vms - 1, ref->section, n_vms,
                             f->family == 4 ? "IPv4 address" : "low 64 bits of the IPv6 address",
                             ref->section, ref->section, n_vms, n_vms);
  add_flows(sc, f, ref, per_vm ? n_vms : 0, count, zipf, per_section);
  return TRUE;
}

gboolean vq_scenario_load_flow(const VqIni *ini, VqScenario *sc, const char *g, const char *name,
                               guint index, GHashTable *vm_index, GError **error) {
  VqFlowConf *f = g_new0(VqFlowConf, 1);
  f->name = g_strdup(name);
  g_ptr_array_add(sc->flows, f);

  int src_family = 0, dst_family, proto, arrivals, direction;
  if (!vq_schema_read(ini, sc, g, "direction", NULL, &direction, error))
    return FALSE;
  f->direction = (VqDirection)direction;
  /* The protocol first: it decides whether src and dst carry ports. For a tx flow src is the
   * VM's side, as on the wire. */
  const VqVmRef *ref;
  if (!load_flow_dst(ini, sc, g, f, vm_index, &ref, error) ||
      !vq_schema_read(ini, sc, g, "protocol", NULL, &proto, error))
    return FALSE;
  f->proto = (VqProto)proto;
  /* Ranges, mixes and heavy hitters: scenario-population.c reads the endpoints and expands. */
  gboolean population = vq_population_wanted(ini, g);
  if (!population &&
      (!get_endpoint(ini, g, "src", f->proto, f->src_addr, &f->src_port, &src_family, error) ||
       !get_endpoint(ini, g, "dst", f->proto, f->dst_addr, &f->dst_port, &dst_family, error)))
    return FALSE;
  if (!population)
    f->family = (guint8)src_family;
  if (!population && dst_family != f->family)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "dst",
                             "is IPv%d but src is IPv%d; src and dst must be the same family",
                             dst_family, f->family);
  guint64 seed = vq_seed_derive(sc->seed, index);
  if (!vq_scenario_load_workload(ini, sc, g, f, error) ||
      !vq_schema_read(ini, sc, g, "arrivals", NULL, &arrivals, error) ||
      !vq_schema_read(ini, sc, g, "seed", &seed, &f->seed, error))
    return FALSE;
  f->arrivals = (VqArrivals)arrivals;

  if (!vq_schema_read(ini, sc, g, "start", NULL, &f->start_s, error) ||
      !vq_schema_read(ini, sc, g, "stop", NULL, &f->stop_s, error))
    return FALSE;
  if (f->start_s >= f->stop_s) {
    gboolean has_stop = g_key_file_has_key(vq_ini_keyfile(ini), g, "stop", NULL);
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, has_stop ? "stop" : "start",
                             "leaves the flow no time; expected start < stop <= duration");
  }
  return population ? vq_population_expand(ini, sc, g, f, ref, error)
                    : expand_flow(ini, sc, g, f, ref, error);
}
