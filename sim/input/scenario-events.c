/* Scenario loader, RSS under VMMQ: the indirection tables that [vm NAME] and [event NAME] share,
 * the [event NAME] sections (live RSS updates), and each VPort's queues (see scenario.c for the
 * whole, scenario-flow.c for the rest of [vm NAME]).
 *
 * Follows NDIS RSS ("RSS Configuration"; entry moves as in "Receive Side Scaling Version 2
 * (RSSv2)"): a table of a power of two <= 128 entries, each naming a processor; under VMMQ the
 * key and hash types are fixed for the VPort's life, so an event may change only the table and
 * the default processor. Left out: changing the number of queues after the VPort is created
 * (every processor the VPort will ever use gets its queue up front).
 */
#include <string.h>

#include "models/nic.h"
#include "models/rss.h"
#include "sim/input/ini.h"
#include "sim/input/scenario-private.h"
#include "sim/input/schema.h"
#include "sim/input/units.h"

/* ---- lists and tables ------------------------------------------------------------------------ */

/* One number of G's list KEY: a processor below BOUND when TABLE is NULL (REF error beyond the
 * host, as vq_scenario_get_lp()), else an index into the table TABLE describes (RANGE error). */
static gboolean list_number(const VqIni *ini, const char *g, const char *k, const char *text,
                            guint bound, const char *table, guint *out, GError **error) {
  if (table == NULL)
    return vq_scenario_get_lp(ini, g, k, text, bound, 0, out, error);
  guint64 x;
  int code = vq_ini_parse_uint(text, &x);
  if (code == VQ_SCENARIO_ERROR_SYNTAX)
    return vq_ini_fail_value(ini, error, code, g, k,
                             "entry \"%s\" is not a table index; expected 0..%u", text, bound - 1);
  if (code == 0 && x < bound) {
    *out = (guint)x;
    return TRUE;
  }
  return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, k,
                           "entry \"%s\" is not an entry of %s; expected 0..%u", text, table,
                           bound - 1);
}

/* Expands G's KEY, a comma list of numbers and ranges ("2,4-6"), into OUT (guint), each number
 * checked by list_number(). */
static gboolean get_list(const VqIni *ini, const char *g, const char *k, guint bound,
                         const char *table, GArray *out, GError **error) {
  g_autofree char *v = vq_ini_get(ini, g, k);
  g_auto(GStrv) items = g_strsplit(v != NULL ? v : "", ",", -1);
  for (char **it = items; *it != NULL; it++) {
    char *item = g_strstrip(*it);
    char *dash = strchr(item, '-');
    guint lo, hi;
    if (dash == NULL || dash == item) { /* a leading '-' is a negative number, not a range */
      if (!list_number(ini, g, k, item, bound, table, &lo, error))
        return FALSE;
      g_array_append_val(out, lo);
      continue;
    }
    *dash = '\0';
    if (!list_number(ini, g, k, g_strstrip(item), bound, table, &lo, error) ||
        !list_number(ini, g, k, g_strstrip(dash + 1), bound, table, &hi, error))
      return FALSE;
    if (lo > hi)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, k,
                               "has the backwards range %u-%u; write %u-%u", lo, hi, hi, lo);
    for (guint x = lo; x <= hi; x++)
      g_array_append_val(out, x);
  }
  if (out->len == 0)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, k,
                             "lists nothing; expected a comma list of numbers and ranges, e.g. "
                             "2,4-6");
  return TRUE;
}

gboolean vq_scenario_get_lp_list(const VqIni *ini, const char *g, const char *k, guint nlps,
                                 GArray *out, GError **error) {
  return get_list(ini, g, k, nlps, NULL, out, error);
}

gboolean vq_scenario_get_table(const VqIni *ini, const VqScenario *sc, const char *g,
                               const guint *dflt_size, guint *size, guint lps[VQ_RSS_TABLE_MAX],
                               GError **error) {
  guint nlps = sc->processors;
  GKeyFile *kf = vq_ini_keyfile(ini);
  gboolean has_table = g_key_file_has_key(kf, g, "indirection_table", NULL);
  gboolean has_procs = g_key_file_has_key(kf, g, "rss_processors", NULL);
  if (has_table && has_procs)
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, "indirection_table",
                       "conflicts with rss_processors; give either rss_processors = LIST (with "
                       "indirection_table_size) or indirection_table = LIST, not both");
  if (!has_table && !has_procs)
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_MISSING, g, "rss_processors",
                       "missing; give rss_processors = LIST (with indirection_table_size), e.g. "
                       "4-7, or indirection_table = LIST, one processor per entry");
  g_autoptr(GArray) list = g_array_new(FALSE, FALSE, sizeof(guint));
  if (has_table) {
    if (!vq_scenario_only_with(ini, g, "indirection_table_size",
                               "rss_processors; an indirection_table's length is its size",
                               error) ||
        !get_list(ini, g, "indirection_table", nlps, NULL, list, error))
      return FALSE;
    if (!vq_rss_table_size_valid(list->len))
      return vq_ini_fail_at(error, vq_ini_where(ini, g, "indirection_table"),
                            VQ_SCENARIO_ERROR_RANGE,
                            "[%s] indirection_table has %u entries; NDIS needs a power of two "
                            "<= %d",
                            g, list->len, VQ_RSS_TABLE_MAX);
    *size = list->len;
    memcpy(lps, list->data, list->len * sizeof(guint));
    return TRUE;
  }
  if (!vq_schema_read(ini, sc, g, "indirection_table_size", dflt_size, size, error))
    return FALSE;
  if (!vq_rss_table_size_valid(*size))
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "indirection_table_size",
                             "is not a valid table size; NDIS needs a power of two <= %d",
                             VQ_RSS_TABLE_MAX);
  if (!get_list(ini, g, "rss_processors", nlps, NULL, list, error))
    return FALSE;
  if (list->len > *size)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "rss_processors",
                             "lists %u processors but the table has %u entries "
                             "(indirection_table_size); some processors would get none",
                             list->len, *size);
  vq_rss_table_fill_default(lps, *size, (const guint *)(void *)list->data, list->len);
  return TRUE;
}

/* ---- [event NAME] ---------------------------------------------------------------------------- */

void vq_scenario_event_free(gpointer p) {
  VqEventConf *ev = p;
  g_free(ev->name);
  g_free(ev);
}

/* The keys each action takes besides time, vm and action, and where each is allowed. */
static const struct {
  const char *key;
  guint actions; /* bit per VqEventAction */
  const char *why;
} action_keys[] = {
    {"indirection_table", 1u << VQ_EVENT_SET_TABLE, "action = set-table"},
    {"rss_processors", 1u << VQ_EVENT_SET_TABLE, "action = set-table"},
    {"indirection_table_size", 1u << VQ_EVENT_SET_TABLE, "action = set-table"},
    {"entries", 1u << VQ_EVENT_MOVE_ENTRIES, "action = move-entries"},
    {"processor", 1u << VQ_EVENT_MOVE_ENTRIES | 1u << VQ_EVENT_SET_DEFAULT,
     "action = move-entries or set-default-processor"},
};

/* What does not depend on other events: time, VM, action, and which keys are allowed. */
static gboolean load_event_head(const VqIni *ini, VqScenario *sc, const char *g, const char *name,
                                GHashTable *vm_index, GError **error) {
  VqEventConf *ev = g_new0(VqEventConf, 1);
  ev->name = g_strdup(name);
  g_ptr_array_add(sc->events, ev);

  if (!vq_schema_need(ini, g, "time", error) ||
      !vq_schema_read(ini, sc, g, "time", NULL, &ev->time_s, error))
    return FALSE;
  g_autofree char *dur = vq_units_format_time(sc->duration_s);
  if (ev->time_s >= sc->duration_s)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "time",
                             "is not before the end of the run; expected 0 <= time < duration "
                             "(%s)",
                             dur);

  if (!vq_schema_need(ini, g, "vm", error))
    return FALSE;
  g_autofree char *vm = vq_ini_get(ini, g, "vm");
  const VqVmRef *ref = g_hash_table_lookup(vm_index, vm);
  if (ref == NULL)
    return vq_scenario_unknown_vm(ini, g, vm, vm_index, error);
  /* An event changes one VPort: a section with count stands for several. */
  if (ref->counted)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_REF, g, "vm",
                             "is [vm %s] with count = %u, several VMs; an event changes one "
                             "VPort: name one VM, %s-1..%s-%u",
                             ref->section, ref->count, ref->section, ref->section, ref->count);
  ev->vm = ref->first;
  if (!((const VqVmConf *)g_ptr_array_index(sc->vms, ev->vm))->vport.enabled)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "vm",
                             "has vmmq = off; RSS events change a VMMQ VPort's table");

  int action;
  if (!vq_schema_need(ini, g, "action", error) ||
      !vq_schema_read(ini, sc, g, "action", NULL, &action, error))
    return FALSE;
  ev->action = (VqEventAction)action;

  static const char *const fixed[] = {"rss_key", "rss_hash_types"};
  for (guint k = 0; k < G_N_ELEMENTS(fixed); k++)
    if (g_key_file_has_key(vq_ini_keyfile(ini), g, fixed[k], NULL))
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, fixed[k],
                         "VMMQ fixes the key and hash types for the VPort's life; an event may "
                         "change only the indirection table and the default processor");
  for (guint k = 0; k < G_N_ELEMENTS(action_keys); k++)
    if (!(action_keys[k].actions & 1u << ev->action) &&
        !vq_scenario_only_with(ini, g, action_keys[k].key, action_keys[k].why, error))
      return FALSE;
  return TRUE;
}

/* The action's settings. SIZE_NOW is the VPort's table size in force at the event's time (its
 * earlier set-table events applied), updated by a set-table. */
static gboolean load_event_body(const VqIni *ini, const VqScenario *sc, VqEventConf *ev,
                                guint *size_now, GError **error) {
  g_autofree char *g = g_strdup_printf("event %s", ev->name);
  const VqVmConf *vm = g_ptr_array_index(sc->vms, ev->vm);
  if (ev->action == VQ_EVENT_SET_TABLE) {
    if (!vq_scenario_get_table(ini, sc, g, size_now, &ev->table_size, ev->table_lps, error))
      return FALSE;
    *size_now = ev->table_size;
    return TRUE;
  }
  if (ev->action == VQ_EVENT_MOVE_ENTRIES) {
    if (!vq_schema_need(ini, g, "entries", error))
      return FALSE;
    g_autofree char *at = vq_units_format_time(ev->time_s);
    g_autofree char *table =
        g_strdup_printf("[vm %s]'s table, which has %u entries at %s", vm->name, *size_now, at);
    g_autoptr(GArray) list = g_array_new(FALSE, FALSE, sizeof(guint));
    if (!get_list(ini, g, "entries", *size_now, table, list, error))
      return FALSE;
    gboolean seen[VQ_RSS_TABLE_MAX] = {FALSE};
    for (guint i = 0; i < list->len; i++) {
      guint e = g_array_index(list, guint, i);
      if (seen[e])
        return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "entries",
                                 "lists entry %u twice; expected each entry once", e);
      seen[e] = TRUE;
      ev->entries[ev->n_entries++] = e;
    }
  }
  return vq_schema_need(ini, g, "processor", error) &&
         vq_schema_read(ini, sc, g, "processor", NULL, &ev->processor, error);
}

static gint by_time(gconstpointer a, gconstpointer b) {
  const VqEventConf *x = *(VqEventConf *const *)a, *y = *(VqEventConf *const *)b;
  return (x->time_s > y->time_s) - (x->time_s < y->time_s);
}

/* ---- VPort queues ---------------------------------------------------------------------------- */

static void add_lp(GArray *lps, guint lp) {
  for (guint i = 0; i < lps->len; i++)
    if (g_array_index(lps, guint, i) == lp)
      return;
  g_array_append_val(lps, lp);
}

static char *lp_list_text(const GArray *lps) {
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < lps->len; i++)
    g_string_append_printf(s, "%s%u", i ? ", " : "", g_array_index(lps, guint, i));
  return g_string_free(s, FALSE);
}

/* Gives VM V's VPort a queue per processor it ever uses, in order of first use (default
 * processor, table, then its events by time), out of the NIC's *QUEUES_LEFT. A plain VMQ VM
 * takes one queue while any is left (beyond that it shares the default queue). */
static gboolean finish_vport(const VqIni *ini, VqScenario *sc, guint v, guint *queues_left,
                             GError **error) {
  VqVmConf *vm = g_ptr_array_index(sc->vms, v);
  VqVportConf *vp = &vm->vport;
  if (!vp->enabled) {
    vq_nic_take_queues(sc->vmq, 1, queues_left); /* or none: it shares the default queue */
    return TRUE;
  }
  g_autofree char *g = g_strdup_printf("vm %s", vm->section);
  g_autoptr(GArray) lps = g_array_new(FALSE, FALSE, sizeof(guint));
  add_lp(lps, vp->default_lp);
  for (guint i = 0; i < vp->table_size; i++)
    add_lp(lps, vp->table_lps[i]);
  for (guint e = 0; e < sc->events->len; e++) {
    const VqEventConf *ev = g_ptr_array_index(sc->events, e);
    if (ev->vm != v)
      continue;
    if (ev->action == VQ_EVENT_SET_TABLE)
      for (guint i = 0; i < ev->table_size; i++)
        add_lp(lps, ev->table_lps[i]);
    else
      add_lp(lps, ev->processor);
  }
  guint n = lps->len, given;
  g_autofree char *used = lp_list_text(lps);
  if (!vq_schema_read(ini, sc, g, "queue_pairs", &n, &given, error))
    return FALSE;
  if (n > given)
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "queue_pairs",
                       "the VPort uses %u processor%s (%s) but queue_pairs = %u; give at "
                       "least %u or use fewer processors",
                       n, n == 1 ? "" : "s", used, given, n);
  /* A queue_pairs above n is accepted and changes nothing: the extra queues would have no
   * processor in the table, so no frame could reach them. */
  if (n > sc->max_queue_pairs)
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "vmmq",
                       "the VPort uses %u processors (%s), one queue each, more than [nic] "
                       "max_queue_pairs = %u",
                       n, used, sc->max_queue_pairs);
  if (n > *queues_left && vm->instance > 0)
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "vmmq",
                       "VM %s (%u of count) needs %u queues, only %u left of [nic] "
                       "max_vmq_queues = %u (VMs take them in file order: a VMMQ VM one per "
                       "processor, a VMQ VM one); lower count or raise max_vmq_queues",
                       vm->name, vm->instance, n, *queues_left, sc->max_vmq_queues);
  if (n > *queues_left)
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "vmmq",
                       "needs %u queues, only %u left of [nic] max_vmq_queues = %u (VMs take "
                       "them in file order: a VMMQ VM one per processor, a VMQ VM one)",
                       n, *queues_left, sc->max_vmq_queues);
  guint taken = vq_nic_take_queues(sc->vmq, n, queues_left);
  g_assert(taken == n); /* it fits: checked above, and vmmq needs vmq */
  vp->queue_pairs = n;
  vp->queue_lps = (guint *)g_array_free(g_steal_pointer(&lps), FALSE);
  return TRUE;
}

gboolean vq_scenario_load_events(const VqIni *ini, VqScenario *sc, char **groups,
                                 GHashTable *vm_index, GError **error) {
  for (char **g = groups; *g != NULL; g++)
    if (g_str_has_prefix(*g, "event ") && !load_event_head(ini, sc, *g, *g + 6, vm_index, error))
      return FALSE;
  /* Stable since GLib 2.32, so events at the same time keep their file order. */
  g_ptr_array_sort(sc->events, by_time);
  g_autofree guint *size_now = g_new(guint, sc->vms->len);
  for (guint v = 0; v < sc->vms->len; v++)
    size_now[v] = ((const VqVmConf *)g_ptr_array_index(sc->vms, v))->vport.table_size;
  for (guint e = 0; e < sc->events->len; e++) {
    VqEventConf *ev = g_ptr_array_index(sc->events, e);
    if (!load_event_body(ini, sc, ev, &size_now[ev->vm], error))
      return FALSE;
  }
  guint queues_left = sc->max_vmq_queues;
  for (guint v = 0; v < sc->vms->len; v++)
    if (!finish_vport(ini, sc, v, &queues_left, error))
      return FALSE;
  return TRUE;
}
