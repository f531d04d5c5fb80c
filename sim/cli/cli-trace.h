/* CLI: `run --trace FILE [--trace-window FROM..TO]`, the event log of a time window. */
#ifndef VQ_CLI_TRACE_H
#define VQ_CLI_TRACE_H

#include <glib.h>

#include "models/trace.h"

G_BEGIN_DECLS

/* The trace that --trace FILE with --trace-window WINDOW (NULL: the whole run of DURATION_S)
 * asks for, or NULL and a one-line MESSAGE (transfer full) when WINDOW is not "TIME..TIME" within
 * the run, or FILE exists and is not a trace vmqsim wrote (it is never overwritten then). */
VqTrace *vq_cli_trace_new(const char *file, const char *window, double duration_s, char **message);
/* Writes T's text to FILE (a temporary file renamed into place). */
gboolean vq_cli_trace_write(VqTrace *t, const char *file, GError **error);

G_END_DECLS

#endif
