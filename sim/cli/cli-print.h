/* CLI: `vmqsim check --print`, the scenario as the simulator runs it. */
#ifndef VQ_CLI_PRINT_H
#define VQ_CLI_PRINT_H

#include <stdio.h>

#include "sim/scenario.h"

G_BEGIN_DECLS

/* Prints SC resolved: the fixed sections' every key (defaults marked), VMs expanded with their
 * queues and processors, VPort tables, flows and events. */
void vq_print_scenario(const VqScenario *sc, FILE *fp);

G_END_DECLS

#endif
