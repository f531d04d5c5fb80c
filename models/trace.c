/* Trace: the lines of one window of a run, kept in memory and sorted on output (trace.h). */
#include "models/trace.h"

#include <stdarg.h>

typedef struct {
  double t_s;
  guint64 seq; /* order of addition: equal times keep it */
  char *text;
} Line;

struct VqTrace {
  double from_s, to_s;
  GArray *lines; /* Line */
  guint64 seq;
  guint64 left_out; /* lines past VQ_TRACE_MAX_LINES */
};

static void line_clear(gpointer p) {
  g_free(((Line *)p)->text);
}

VqTrace *vq_trace_new(double from_s, double to_s) {
  VqTrace *t = g_new0(VqTrace, 1);
  t->from_s = from_s;
  t->to_s = to_s;
  t->lines = g_array_new(FALSE, FALSE, sizeof(Line));
  g_array_set_clear_func(t->lines, line_clear);
  return t;
}

void vq_trace_free(VqTrace *t) {
  if (t == NULL)
    return;
  g_array_unref(t->lines);
  g_free(t);
}

gboolean vq_trace_wants(const VqTrace *t, double t_s) {
  return t != NULL && t_s >= t->from_s && t_s <= t->to_s;
}

void vq_trace_add(VqTrace *t, double t_s, const char *fmt, ...) {
  if (!vq_trace_wants(t, t_s))
    return;
  if (t->lines->len >= VQ_TRACE_MAX_LINES) {
    t->left_out++;
    return;
  }
  va_list ap;
  va_start(ap, fmt);
  Line l = {t_s, t->seq++, g_strdup_vprintf(fmt, ap)};
  va_end(ap);
  g_array_append_val(t->lines, l);
}

static gint by_time(gconstpointer a, gconstpointer b) {
  const Line *x = a, *y = b;
  if (x->t_s != y->t_s)
    return x->t_s < y->t_s ? -1 : 1;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

char *vq_trace_text(VqTrace *t) {
  g_array_sort(t->lines, by_time);
  GString *s = g_string_new(NULL);
  g_string_append_printf(
      s,
      "# vmqsim trace of [%.9f s, %.9f s]: time_s event fields\n"
      "# irq QUEUE lp P frames N: the queue's interrupt, N frames written back\n"
      "# dpc QUEUE lp P frames N until T: a DPC pass over N frames, ending at T\n"
      "# drop QUEUE flow F: a frame refused by a full ring\n"
      "# update EVENT vm V: the NIC applies the [event]'s change\n",
      t->from_s, t->to_s);
  for (guint i = 0; i < t->lines->len; i++) {
    const Line *l = &g_array_index(t->lines, Line, i);
    g_string_append_printf(s, "%.9f %s\n", l->t_s, l->text);
  }
  if (t->left_out > 0)
    g_string_append_printf(s, "# %" G_GUINT64_FORMAT " more lines left out (at most %u kept)\n",
                           t->left_out, VQ_TRACE_MAX_LINES);
  return g_string_free(s, FALSE);
}
