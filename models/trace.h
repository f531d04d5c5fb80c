/* Trace: an event log of one time window of a run, one line per interrupt, DPC pass, drop and
 * RSS update, for a user who wants to see what happened between two instants (`vmqsim run
 * --trace FILE --trace-window 10ms..12ms`).
 *
 * Models add lines as they simulate (under the windowed engine a processor's events are
 * simulated a window ahead of another's, so lines arrive out of time order); the text is sorted
 * by time, then by the order the lines were added, when asked for. Tracing costs one pointer test
 * per traced event when off. Memory: at most VQ_TRACE_MAX_LINES lines are kept; the rest are
 * counted and the text says so. Models never write files: the caller writes the text.
 */
#ifndef VQ_TRACE_H
#define VQ_TRACE_H

#include <glib.h>

G_BEGIN_DECLS

#define VQ_TRACE_MAX_LINES 1000000

typedef struct VqTrace VqTrace;

/* A trace of the events at times in [FROM_S, TO_S]. */
VqTrace *vq_trace_new(double from_s, double to_s);
void vq_trace_free(VqTrace *t);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqTrace, vq_trace_free)

/* Is T (may be NULL) tracing time T_S? */
gboolean vq_trace_wants(const VqTrace *t, double t_s);
/* Adds the line "T_S EVENT..." (EVENT from FMT) when vq_trace_wants(T, T_S). */
void vq_trace_add(VqTrace *t, double t_s, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* The lines in time order, after a header naming the window and the columns (transfer full). */
char *vq_trace_text(VqTrace *t);

G_END_DECLS

#endif
