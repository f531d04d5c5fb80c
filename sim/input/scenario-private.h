/* Private to the scenario loader (scenario*.c, schema*.c): nothing
 * else includes it. */
#ifndef VQ_SCENARIO_PRIVATE_H
#define VQ_SCENARIO_PRIVATE_H

#include "sim/input/ini.h"
#include "sim/scenario.h"

/* A logical processor below NLPS (REF error otherwise); ENTRY: one item of a list, or NULL. */
gboolean vq_scenario_get_lp(const VqIni *ini, const char *g, const char *k, const char *entry,
                            guint nlps, guint dflt, guint *out, GError **error);
/* A SYNTAX error unless G's KEY is absent: "[G] KEY: only with WHY". */
gboolean vq_scenario_only_with(const VqIni *ini, const char *g, const char *k, const char *why,
                               GError **error);

/* A comma list of processors and ranges ("2,4-6"), expanded into OUT (guint); at least one. */
gboolean vq_scenario_get_lp_list(const VqIni *ini, const char *g, const char *k, guint nlps,
                                 GArray *out, GError **error);
/* An RSS indirection table from G: indirection_table = LIST (its length is the size), or
 * rss_processors = LIST with indirection_table_size (default *DFLT_SIZE, or the schema's when
 * NULL) filled round-robin. Exactly one of the two must be given. */
gboolean vq_scenario_get_table(const VqIni *ini, const VqScenario *sc, const char *g,
                               const guint *dflt_size, guint *size, guint lps[VQ_RSS_TABLE_MAX],
                               GError **error);

/* What a name in "vm = NAME" ([flow] and [event]) stands for: the values of the VM index, a
 * GHashTable from name (borrowed) to VqVmRef (owned, g_free), made by vq_scenario_vm_index_new().
 * Every VM has its name in it; a [vm NAME] section with count also has its NAME, which stands
 * for all its instances. */
typedef struct {
  const char *section; /* NAME of the [vm NAME] section (borrowed) */
  guint first;         /* index into sc->vms of the VM, or of the section's first instance */
  guint count;         /* VMs it stands for: 1, or the section's count */
  gboolean counted;    /* the NAME of a section with count, standing for NAME-1..NAME-count */
} VqVmRef;

GHashTable *vq_scenario_vm_index_new(void);
/* A REF error for G's "vm = NAME" naming no VM, with the closest name in VM_INDEX if any. */
gboolean vq_scenario_unknown_vm(const VqIni *ini, const char *g, const char *name,
                                GHashTable *vm_index, GError **error);

/* Reads G's workload keys into F (scenario-workload.c): frame_size, rate (or a schedule),
 * arrivals and its keys; sets frame_bytes, rate_fps, arrivals, sizes, schedule, burst. */
gboolean vq_scenario_load_workload(const VqIni *ini, const VqScenario *sc, const char *g,
                                   VqFlowConf *f, GError **error);
/* Frees what F owns of its workload (its sizes and schedule), not F. */
void vq_scenario_workload_free(VqFlowConf *f);

void vq_scenario_vm_free(gpointer p);
void vq_scenario_flow_free(gpointer p);
void vq_scenario_event_free(gpointer p);
/* Reads [vm NAME] (group G) into new entries of SC->vms (one, or count of them), with their
 * VPorts when vmmq = on (all but queue_pairs and queue_lps, which vq_scenario_load_events() sets
 * once events are known), and adds their names to VM_INDEX. */
gboolean vq_scenario_load_vm(const VqIni *ini, VqScenario *sc, const char *g, const char *name,
                             GHashTable *vm_index, GError **error);
/* Reads [flow NAME], the INDEX-th flow section (its seed derives from it; a section with
 * count = N adds N flows, and one to a [vm NAME] with count adds a flow per VM); VM_INDEX is
 * the VM index above. */
gboolean vq_scenario_load_flow(const VqIni *ini, VqScenario *sc, const char *g, const char *name,
                               guint index, GHashTable *vm_index, GError **error);
/* Adds ADD to the address of FAMILY (IPv4: the 32-bit address; IPv6: its low 64 bits), both in
 * network byte order; FALSE if that overflows (scenario-flow.c). */
gboolean vq_scenario_address_add(int family, guint8 addr[16], guint64 add);
/* A RANGE error unless G's COUNT flows (times the VMs of REF when it stands for a section with
 * count) keep the scenario within VQ_MAX_FLOWS; SC->flows already holds the section's first. */
gboolean vq_scenario_check_flow_cap(const VqIni *ini, const VqScenario *sc, const char *g,
                                    const VqVmRef *ref, guint count, GError **error);

/* Flow populations (scenario-population.c): TRUE when [flow] G uses any of their forms (a range
 * or a list in src or dst, or one of the keys mix, tuples, heavy_hitters, heavy_share). */
gboolean vq_population_wanted(const VqIni *ini, const char *g);
/* Reads G's endpoints, protocol classes and popularity, and expands F (the section's first flow,
 * already in SC, with its direction, VM, rate, seed and times loaded) into its connections,
 * as the file's header describes. REF: the VM reference of "vm = NAME", or NULL. */
gboolean vq_population_expand(const VqIni *ini, VqScenario *sc, const char *g, VqFlowConf *f,
                              const VqVmRef *ref, GError **error);

/* Reads [capture NAME] (group G) into SC->captures, its distinct tuples into SC->flows
 * (scenario-capture.c); VM_INDEX names the VMs of ip_map and mac_map. */
gboolean vq_scenario_load_capture(const VqIni *ini, VqScenario *sc, const char *g, const char *name,
                                  GHashTable *vm_index, GError **error);
void vq_scenario_capture_free(gpointer p);

/* Reads every [event NAME] of GROUPS into SC->events (sorted by time), then sets each VPort's
 * queues (queue_pairs, queue_lps) and checks them against [nic] max_queue_pairs and
 * max_vmq_queues. Needs SC->vms loaded; an event names one VM, never a section with count. */
gboolean vq_scenario_load_events(const VqIni *ini, VqScenario *sc, char **groups,
                                 GHashTable *vm_index, GError **error);

#endif
