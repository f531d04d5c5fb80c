/* `run --trace`: the window it asks for, and the file it writes (cli-trace.h). */
#include "sim/cli/cli-trace.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sim/input/units.h"

#define HEADER "# vmqsim trace" /* how vq_trace_text() starts: marks a file vmqsim wrote */

/* Is FILE absent, or a trace vmqsim wrote? */
static gboolean ours_or_absent(const char *file) {
  if (!g_file_test(file, G_FILE_TEST_EXISTS))
    return TRUE;
  if (!g_file_test(file, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  FILE *fp = g_fopen(file, "r");
  char head[sizeof HEADER] = {0};
  gboolean ours =
      fp && fread(head, 1, sizeof HEADER - 1, fp) == sizeof HEADER - 1 && strcmp(head, HEADER) == 0;
  if (fp)
    fclose(fp);
  return ours;
}

VqTrace *vq_cli_trace_new(const char *file, const char *window, double duration_s, char **message) {
  if (!ours_or_absent(file)) {
    *message = g_strdup_printf("--trace %s: exists and is not a trace vmqsim wrote; choose "
                               "another file",
                               file);
    return NULL;
  }
  double from = 0, to = duration_s;
  if (window != NULL) {
    const char *dots = strstr(window, "..");
    g_autofree char *a = dots ? g_strndup(window, (gsize)(dots - window)) : NULL;
    if (!dots || !vq_units_parse_time(a, &from, NULL) ||
        !vq_units_parse_time(dots + 2, &to, NULL) || from > to || to > duration_s) {
      g_autofree char *dur = vq_units_format_time(duration_s);
      *message = g_strdup_printf("--trace-window %s: expected FROM..TO, two times with FROM <= "
                                 "TO <= duration (%s), e.g. 10ms..12ms",
                                 window, dur);
      return NULL;
    }
  }
  return vq_trace_new(from, to);
}

gboolean vq_cli_trace_write(VqTrace *t, const char *file, GError **error) {
  g_autofree char *text = vq_trace_text(t);
  /* g_file_set_contents writes a temporary file and renames it into place. */
  return g_file_set_contents(file, text, -1, error);
}
