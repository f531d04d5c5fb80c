/* Private to the scenario loader (scenario.c, scenario-entities.c): nothing else includes it. */
#ifndef VQ_SCENARIO_PRIVATE_H
#define VQ_SCENARIO_PRIVATE_H

#include "sim/ini.h"
#include "sim/scenario.h"

/* Cycle counts: bare numbers in 0..1e9. */
gboolean vq_scenario_get_cycles(const VqIni *ini, const char *g, const char *k, double dflt,
                                double *out, GError **error);
/* A logical processor below NLPS (REF error otherwise); ENTRY: one item of a list, or NULL. */
gboolean vq_scenario_get_lp(const VqIni *ini, const char *g, const char *k, const char *entry,
                            guint nlps, guint dflt, guint *out, GError **error);

void vq_scenario_vm_free(gpointer p);
void vq_scenario_flow_free(gpointer p);
/* Reads [vm NAME] (group G) into a new entry of SC->vms. */
gboolean vq_scenario_load_vm(const VqIni *ini, VqScenario *sc, const char *g, const char *name,
                             GError **error);
/* Reads [flow NAME]; VM_INDEX maps VM names to their index in SC->vms. */
gboolean vq_scenario_load_flow(const VqIni *ini, VqScenario *sc, const char *g, const char *name,
                               GHashTable *vm_index, GError **error);

#endif
