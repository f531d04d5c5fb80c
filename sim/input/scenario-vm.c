/* Scenario loader, [vm NAME] sections: a VM, with its VMMQ VPort, or with count = N a group of
 * N alike VMs (see scenario.c for the whole, scenario-flow.c for [flow NAME], scenario-events.c
 * for the RSS tables).
 *
 * count = N (1..VQ_MAX_VM_COUNT; a scenario has at most VQ_MAX_VMS VMs in all) makes the section
 * stand for N VMs named NAME-1..NAME-N, even for N = 1; without the key the section is one VM
 * named NAME. Instance i (0-based) of a section with count gets:
 *   - mac + i, the MAC read as a 48-bit number (an error if it leaves the unicast range), on the
 *     same vlan; every (mac, vlan) must still be distinct across all VMs;
 *   - queue_processor: a list of processors and ranges ("1-3,6"), instance i taking entry
 *     i mod length; without the key the default rotation by VM index, as for any VM;
 *   - vcpu_processors: a list of at least vcpus entries, instance i taking entries
 *     (i * vcpus + j) mod length for its vCPUs j = 0..vcpus-1 (so each instance gets vcpus
 *     distinct entries of the list, and the list wraps around); without the key the default
 *     (the processors after its queue processor), as for any VM;
 *   - every other key (vcpus, guest_frame_cycles, vmmq and the VPort's keys) as written.
 * The instances are separate VMs: each has its own VMQ queue (or VPort queues), taken in file
 * order from [nic] max_vmq_queues as any VM's; a plain VMQ instance beyond that limit shares the
 * default queue, a VMMQ instance that does not fit is an error naming it. A [flow NAME] with
 * vm = NAME gives each instance a flow (scenario-flow.c); an [event NAME] must name one
 * instance, NAME-i. Every VM name, instances' included, must be unique.
 */
#include <string.h>

#include "models/rss.h"
#include "sim/input/ini.h"
#include "sim/input/scenario-private.h"
#include "sim/input/schema.h"

void vq_scenario_vm_free(gpointer p) {
  VqVmConf *vm = p;
  g_free(vm->name);
  g_free(vm->section);
  g_free(vm->vcpu_lps);
  g_free(vm->vport.queue_lps);
  g_free(vm);
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
                             "lists %u processor%s; expected one per vCPU (vcpus = %u)",
                             g_strv_length(items), g_strv_length(items) == 1 ? "" : "s", vm->vcpus);
  for (guint k = 0; k < vm->vcpus; k++)
    if (!vq_scenario_get_lp(ini, g, "vcpu_processors", g_strstrip(items[k]), nlps, 0,
                            &vm->vcpu_lps[k], error))
      return FALSE;
  return TRUE;
}

/* rss_hash_types, or the schema's default (the same text, so one parser reads both). */
static gboolean get_hash_types(const VqIni *ini, const char *g, guint32 *out, GError **error) {
  const VqKeySpec *k = vq_schema_key(vq_schema_section("vm"), "rss_hash_types");
  g_autofree char *given = vq_ini_get(ini, g, k->name);
  const char *v = given != NULL ? given : k->dflt;
  *out = 0;
  g_auto(GStrv) items = g_strsplit(v, ",", -1);
  for (char **it = items; *it != NULL; it++) {
    guint32 t = vq_rss_type_from_name(g_strstrip(*it));
    if (t == 0)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, k->name,
                               "entry \"%s\" is not a hash type; expected %s", *it, k->allowed);
    *out |= t;
  }
  if (*out == 0)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, k->name,
                             "enables no hash type; expected %s", k->allowed);
  return TRUE;
}

/* The VPort of a VMMQ VM: key, hash types, table and default processor. Its queues depend on
 * the [event]s too, so vq_scenario_load_events() sets them. */
static gboolean load_vport(const VqIni *ini, VqScenario *sc, const char *g, VqVmConf *vm,
                           GError **error) {
  VqVportConf *vp = &vm->vport;
  if (!vq_schema_read(ini, sc, g, "vmmq", NULL, &vp->enabled, error))
    return FALSE;
  if (!vp->enabled) {
    for (const VqKeySpec *k = vq_schema_section("vm")->keys; k->name != NULL; k++)
      if ((k->flags & VQ_KEY_VMMQ_ONLY) &&
          !vq_scenario_only_with(ini, g, k->name, "vmmq = on", error))
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
  guint queue_pairs, one = 1;
  return get_hash_types(ini, g, &vp->hash_types, error) &&
         vq_scenario_get_table(ini, sc, g, NULL, &vp->table_size, vp->table_lps, error) &&
         /* The schema's entry says why the first entry's processor. */
         vq_schema_read(ini, sc, g, "rss_default_processor", &vp->table_lps[0], &vp->default_lp,
                        error) &&
         /* Only checked here; the VPort's queue count is set with its events. */
         vq_schema_read(ini, sc, g, "queue_pairs", &one, &queue_pairs, error);
}

/* ---- the VM index ---------------------------------------------------------------------------- */

GHashTable *vq_scenario_vm_index_new(void) {
  return g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
}

static gint compare_names(gconstpointer a, gconstpointer b, gpointer unused) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

gboolean vq_scenario_unknown_vm(const VqIni *ini, const char *g, const char *name,
                                GHashTable *vm_index, GError **error) {
  guint n;
  g_autofree gpointer *names = g_hash_table_get_keys_as_array(vm_index, &n);
  /* Sorted, so that of equally close names the first in order wins, whatever the hashing. */
  g_qsort_with_data(names, (gint)n, sizeof *names, compare_names, NULL);
  const char *best = vq_ini_closest(name, (const char *const *)names);
  g_autofree char *hint = best ? g_strdup_printf("did you mean %s? ", best) : g_strdup("");
  return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_REF, g, "vm",
                           "is not a VM of this scenario; %sexpected the NAME of a [vm NAME] "
                           "(NAME-i of one with count)",
                           hint);
}

#define UNIQUE_NAMES "VM names must be unique (count = N names a section's VMs NAME-1..NAME-N)"

/* What NAME already is in the index, for an error message (transfer full). */
static char *describe_ref(const VqVmRef *r, const char *name) {
  if (r->counted)
    return g_strdup_printf("the NAME of [vm %s], which has count = %u", r->section, r->count);
  if (strcmp(r->section, name) != 0)
    return g_strdup_printf("a VM of [vm %s] (count)", r->section);
  return g_strdup_printf("[vm %s]", r->section);
}

/* Adds NAME (borrowed: it must outlive INDEX) for the COUNT VMs from FIRST of section G; an
 * error if some section already uses the name. */
static gboolean index_add(const VqIni *ini, GHashTable *index, const char *g, const char *section,
                          const char *name, guint first, guint count, gboolean counted,
                          gboolean in_counted_section, GError **error) {
  const VqVmRef *old = g_hash_table_lookup(index, name);
  if (old != NULL) {
    g_autofree char *what = describe_ref(old, name);
    if (in_counted_section)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, "count",
                               "names a VM %s, already %s; " UNIQUE_NAMES, name, what);
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, NULL,
                       "names a VM %s, already %s; " UNIQUE_NAMES, name, what);
  }
  VqVmRef *r = g_new(VqVmRef, 1);
  *r = (VqVmRef){.section = section, .first = first, .count = count, .counted = counted};
  g_hash_table_insert(index, (gpointer)name, r);
  return TRUE;
}

/* ---- [vm NAME] ------------------------------------------------------------------------------- */

static guint64 mac_number(const guint8 mac[6]) {
  guint64 x = 0;
  for (guint k = 0; k < 6; k++)
    x = x << 8 | mac[k];
  return x;
}

static void mac_from_number(guint64 x, guint8 mac[6]) {
  for (guint k = 6; k-- > 0; x >>= 8)
    mac[k] = (guint8)(x & 0xff);
}

/* VM's MAC, with its instances' (mac + i) when COUNTED, checked: unicast, and (mac, vlan) not
 * one of the FIRST VMs before this section. */
static gboolean check_macs(const VqIni *ini, const VqScenario *sc, const char *g,
                           const VqVmConf *vm, guint first, guint count, gboolean counted,
                           GError **error) {
  guint64 base = mac_number(vm->mac);
  for (guint i = 0; i < count; i++) {
    guint8 mac[6];
    guint64 x = base + i;
    mac_from_number(x, mac);
    if (x > G_GUINT64_CONSTANT(0xffffffffffff) || (mac[0] & 1)) {
      g_autofree char *got =
          x > G_GUINT64_CONSTANT(0xffffffffffff)
              ? g_strdup("past ff:ff:ff:ff:ff:ff")
              : g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x, a multicast address", mac[0],
                                mac[1], mac[2], mac[3], mac[4], mac[5]);
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "count",
                               "gives VM %s-%u the MAC mac + %u = %s; VM %s-i takes mac + i - 1 "
                               "and needs a unicast MAC (first octet even), so from this mac "
                               "count can be at most %u",
                               vm->section, i + 1, i, got, vm->section, i);
    }
    for (guint o = 0; o < first; o++) {
      const VqVmConf *other = g_ptr_array_index(sc->vms, o);
      if (memcmp(other->mac, mac, 6) != 0 || other->vlan != vm->vlan)
        continue;
      g_autofree char *owner =
          other->instance ? g_strdup_printf("VM %s's (of [vm %s])", other->name, other->section)
                          : g_strdup_printf("[vm %s]'s", other->name);
      if (!counted)
        return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "mac",
                                 "on vlan %u is already %s; VMs need distinct (mac, vlan)",
                                 vm->vlan, owner);
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "mac",
                               "+ %u, the MAC of VM %s-%u (VM %s-i takes mac + i - 1), on vlan "
                               "%u is already %s; VMs need distinct (mac, vlan)",
                               i, vm->section, i + 1, vm->section, vm->vlan, owner);
    }
  }
  return TRUE;
}

/* VMQ spreads queues over processors and leaves LP 0 to the default queue, as Windows'
 * base-processor default advises. INDEX: the VM's index in the scenario. */
static guint default_queue_lp(const VqScenario *sc, guint index) {
  return sc->processors > 1 ? 1 + index % (sc->processors - 1) : 0;
}

/* The processors of instance I (0-based; 0 without count), VM INDEX of the scenario: from the
 * lists QLPS and VLPS of a section with count when given, else as for any VM. */
static gboolean place_vm(const VqIni *ini, const VqScenario *sc, const char *g, VqVmConf *vm,
                         guint i, guint index, const GArray *qlps, const GArray *vlps,
                         GError **error) {
  if (qlps != NULL)
    vm->queue_lp = g_array_index(qlps, guint, i % qlps->len);
  /* queue_processor is read under VMMQ too (it places the default vCPUs) but no queue uses it:
   * the VPort's queues follow its indirection table. */
  else {
    guint dflt = default_queue_lp(sc, index);
    if (!vq_schema_read(ini, sc, g, "queue_processor", &dflt, &vm->queue_lp, error))
      return FALSE;
  }
  if (vlps == NULL)
    return load_vcpu_lps(ini, g, sc->processors, vm, error);
  vm->vcpu_lps = g_new(guint, vm->vcpus);
  for (guint j = 0; j < vm->vcpus; j++)
    vm->vcpu_lps[j] = g_array_index(vlps, guint, (i * vm->vcpus + j) % vlps->len);
  return TRUE;
}

/* For a section with count: its processor lists, each NULL when the key is absent. */
static gboolean get_count_lists(const VqIni *ini, const VqScenario *sc, const char *g, guint vcpus,
                                GArray **qlps, GArray **vlps, GError **error) {
  GKeyFile *kf = vq_ini_keyfile(ini);
  if (g_key_file_has_key(kf, g, "queue_processor", NULL)) {
    *qlps = g_array_new(FALSE, FALSE, sizeof(guint));
    if (!vq_scenario_get_lp_list(ini, g, "queue_processor", sc->processors, *qlps, error))
      return FALSE;
  }
  if (g_key_file_has_key(kf, g, "vcpu_processors", NULL)) {
    *vlps = g_array_new(FALSE, FALSE, sizeof(guint));
    if (!vq_scenario_get_lp_list(ini, g, "vcpu_processors", sc->processors, *vlps, error))
      return FALSE;
    if ((*vlps)->len < vcpus)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "vcpu_processors",
                               "lists %u processor%s; with count, expected at least one per "
                               "vCPU (vcpus = %u): VM i takes entries i*vcpus.. of the list, "
                               "wrapping around",
                               (*vlps)->len, (*vlps)->len == 1 ? "" : "s", vcpus);
  }
  return TRUE;
}

/* Adds the COUNT VMs from FIRST of section G to VM_INDEX: their names and, for a section with
 * count (COUNTED), the section's NAME. The names are borrowed from the entries of SC->vms, which
 * outlive the index. */
static gboolean index_vms(const VqIni *ini, GHashTable *vm_index, const char *g,
                          const VqScenario *sc, guint first, guint count, gboolean counted,
                          GError **error) {
  const VqVmConf *vm = g_ptr_array_index(sc->vms, first);
  if (counted &&
      !index_add(ini, vm_index, g, vm->section, vm->section, first, count, TRUE, TRUE, error))
    return FALSE;
  for (guint i = 0; i < count; i++) {
    const VqVmConf *c = g_ptr_array_index(sc->vms, first + i);
    if (!index_add(ini, vm_index, g, vm->section, c->name, first + i, 1, FALSE, counted, error))
      return FALSE;
  }
  return TRUE;
}

gboolean vq_scenario_load_vm(const VqIni *ini, VqScenario *sc, const char *g, const char *name,
                             GHashTable *vm_index, GError **error) {
  gboolean counted = g_key_file_has_key(vq_ini_keyfile(ini), g, "count", NULL);
  guint count = 1, first = sc->vms->len;
  if (counted && !vq_schema_read(ini, sc, g, "count", NULL, &count, error))
    return FALSE;
  /* Each VM has its queues, histograms and timeseries columns: cap the total so a small file
   * cannot ask for gigabytes. */
  if (first + count > VQ_MAX_VMS) {
    if (counted)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "count",
                               "brings the scenario to %u VMs; at most %u", first + count,
                               VQ_MAX_VMS);
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_RANGE, g, NULL,
                       "is VM number %u; a scenario has at most %u VMs", first + 1, VQ_MAX_VMS);
  }
  VqVmConf *vm = g_new0(VqVmConf, 1);
  vm->section = g_strdup(name);
  vm->instance = counted ? 1 : 0;
  vm->name = counted ? g_strdup_printf("%s-1", name) : g_strdup(name);
  g_ptr_array_add(sc->vms, vm);

  guint vlan, no_vlan = VQ_NO_VLAN;
  if (!vq_schema_need(ini, g, "mac", error) || !vq_ini_mac(ini, g, "mac", vm->mac, error))
    return FALSE;
  if (vm->mac[0] & 1)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "mac",
                             "is a multicast address; a VM needs a unicast MAC (first octet even)");
  if (!vq_schema_read(ini, sc, g, "vlan", &no_vlan, &vlan, error))
    return FALSE;
  vm->vlan = (guint16)vlan;
  g_autoptr(GArray) qlps = NULL;
  g_autoptr(GArray) vlps = NULL;
  if (!check_macs(ini, sc, g, vm, first, count, counted, error) ||
      !vq_schema_read(ini, sc, g, "vcpus", NULL, &vm->vcpus, error) ||
      (counted && !get_count_lists(ini, sc, g, vm->vcpus, &qlps, &vlps, error)) ||
      !place_vm(ini, sc, g, vm, 0, first, qlps, vlps, error) ||
      !vq_schema_read(ini, sc, g, "guest_frame_cycles", NULL, &vm->guest_frame_cycles, error) ||
      !load_vport(ini, sc, g, vm, error))
    return FALSE;
  for (guint i = 1; i < count; i++) {
    VqVmConf *c = g_memdup2(vm, sizeof *vm);
    c->section = g_strdup(name);
    c->instance = i + 1;
    c->name = g_strdup_printf("%s-%u", name, i + 1);
    c->vcpu_lps = NULL;
    c->vport.queue_lps = NULL; /* set with the events */
    mac_from_number(mac_number(vm->mac) + i, c->mac);
    g_ptr_array_add(sc->vms, c);
    if (!place_vm(ini, sc, g, c, i, first + i, qlps, vlps, error))
      return FALSE;
  }
  return index_vms(ini, vm_index, g, sc, first, count, counted, error);
}
