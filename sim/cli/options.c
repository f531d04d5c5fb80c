/* Command options: see options.h. */
#include "sim/cli/options.h"

#include <stdio.h>
#include <string.h>

#include "sim/exit-codes.h"

int vq_options_fail(const VqCommandHelp *h, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  fprintf(stderr, "vmqsim: %s: %s (see vmqsim %s --help)\n", h->command, msg, h->command);
  return EXIT_BAD_INPUT;
}

int vq_options_parse(const VqCommandHelp *h, const GOptionEntry *entries, int argc, char **argv,
                     guint max_positional, char ***positional) {
  g_autofree char *prog = g_strdup_printf("vmqsim %s", h->command);
  g_autoptr(GOptionContext) ctx = g_option_context_new(h->args);
  g_option_context_set_summary(ctx, h->summary);
  g_option_context_set_description(ctx, h->footer);
  g_option_context_add_main_entries(ctx, entries, NULL);
  /* Answered here, not by GOption (which would exit the process), and unknown options are
   * reported in vmqsim's own words. */
  g_option_context_set_help_enabled(ctx, FALSE);
  g_option_context_set_ignore_unknown_options(ctx, TRUE);
  for (int i = 0; i < argc; i++)
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      g_set_prgname(prog); /* the usage line names the command */
      g_autofree char *text = g_option_context_get_help(ctx, TRUE, NULL);
      fputs(text, stdout);
      return 0;
    }
  g_auto(GStrv) args = g_new0(char *, argc + 2);
  args[0] = g_strdup(prog);
  for (int i = 0; i < argc; i++)
    args[i + 1] = g_strdup(argv[i]);
  g_autoptr(GError) err = NULL;
  if (!g_option_context_parse_strv(ctx, &args, &err))
    return vq_options_fail(h, "%s", err->message);
  guint n = 0;
  for (char **a = args + 1; *a; a++) {
    if ((*a)[0] == '-' && (*a)[1])
      return vq_options_fail(h, "unknown option '%s'", *a);
    if (++n > max_positional)
      return vq_options_fail(h, "unexpected argument '%s'", *a);
  }
  if (positional)
    *positional = g_strdupv(args + 1);
  return -1;
}

int vq_options_parse_one(const VqCommandHelp *h, const GOptionEntry *entries, int argc, char **argv,
                         const char *what, char **arg) {
  g_auto(GStrv) positional = NULL;
  int rc = vq_options_parse(h, entries, argc, argv, 1, &positional);
  if (rc >= 0)
    return rc;
  if (!positional[0])
    return vq_options_fail(h, "missing %s", what);
  *arg = g_strdup(positional[0]);
  return -1;
}
