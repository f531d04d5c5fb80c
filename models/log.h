/* Log: the models' categories of SimGrid's XBT logging, so that a user can watch one block at
 * work (`vmqsim run --log=nic:debug`), every line stamped with the model's simulated time.
 *
 * Categories, under the root "vmqsim": nic (admission drops, interrupts), miniport (DPC passes),
 * vport (live RSS updates), engine (windows of the windowed engine, set-up). Per-event messages
 * are at XBT's "verbose" level, the lowest one a release build keeps (NDEBUG compiles debug
 * messages out: xbt/log.h), so `--log=CAT:debug` or `:verbose` shows them. By default vmqsim
 * sets its categories to "warning": nothing is printed. Under the windowed engine a processor's
 * events are simulated up to a window ahead of another's, so lines of different processors
 * interleave out of time order; each carries its own time.
 */
#ifndef VQ_LOG_H
#define VQ_LOG_H

#include <glib.h>
#include <xbt/log.h>

#include "models/trace.h"

G_BEGIN_DECLS

XBT_LOG_EXTERNAL_CATEGORY(vmqsim);
XBT_LOG_EXTERNAL_CATEGORY(nic);
XBT_LOG_EXTERNAL_CATEGORY(miniport);
XBT_LOG_EXTERNAL_CATEGORY(vport);
XBT_LOG_EXTERNAL_CATEGORY(engine);

/* An event at T_S: a line of the run's event trace (TRACE, may be NULL: models/trace.h) and a
 * verbose message of category CAT, both from FMT. */
#define VQ_EVENT(cat, trace, t_s, fmt, ...)                                                        \
  do {                                                                                             \
    if (G_UNLIKELY((trace) != NULL))                                                               \
      vq_trace_add((trace), (t_s), fmt, __VA_ARGS__);                                              \
    XBT_CVERB(cat, "%.9f s: " fmt, (double)(t_s), __VA_ARGS__);                                    \
  } while (0)

/* The categories a user may name, and what each logs (NULL-terminated). */
extern const char *const vq_log_names[];
extern const char *const vq_log_docs[];

#define VQ_LOG_ERROR (vq_log_error_quark())
GQuark vq_log_error_quark(void);

/* Checks SPEC, "CAT:LEVEL" (CAT one of vq_log_names, LEVEL an XBT level: trace, debug, verbose,
 * info, warning, error, critical); FALSE with a one-line message naming what is allowed. */
gboolean vq_log_check(const char *spec, GError **error);
/* Sets vmqsim's categories to "warning" with a layout of "[CAT/LEVEL] message", then applies
 * SPECS (checked; NULL-terminated, may be NULL) in order. */
void vq_log_configure(const char *const *specs);

G_END_DECLS

#endif
