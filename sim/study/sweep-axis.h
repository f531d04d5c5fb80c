/* Sweep axes: a [vary] key's value as the list of values it stands for. Private to the sweep
 * loader (sweep.c, sweep-axis.c). */
#ifndef VQ_SWEEP_AXIS_H
#define VQ_SWEEP_AXIS_H

#include <glib.h>

#include "sim/input/ini.h"
#include "sim/scenario.h"
#include "sim/study/sweep.h"

G_BEGIN_DECLS

#define VQ_SWEEP_MAX_POINTS 100000 /* points of a sweep */
#define VQ_SWEEP_MAX_VALUES                                                                        \
  (2 * VQ_SWEEP_MAX_POINTS) /* values in all the axes (sweep.c's header says why) */

/* KEY's values (its [vary] line) into AXIS, which may take ROOM of them; FALSE with a
 * file:line ERROR (VQ_SCENARIO_ERROR domain) otherwise. */
gboolean vq_sweep_parse_axis(const VqIni *ini, const char *key, guint room, VqSweepAxis *axis,
                             GError **error);

G_END_DECLS

#endif
