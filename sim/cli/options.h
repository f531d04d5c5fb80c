/* Options: how every command reads its arguments, from a table of GOptionEntry, and answers
 * --help and bad arguments the same way (one line on stderr, exit status 2). */
#ifndef VQ_CLI_OPTIONS_H
#define VQ_CLI_OPTIONS_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *command; /* "validate" */
  const char *args;    /* the positional arguments in the usage line ("FILE"), or NULL */
  const char *summary; /* what it does, for --help */
  const char *footer;  /* exit statuses and the like, for --help */
} VqCommandHelp;

/* Parses the arguments after the command (ARGC, ARGV) against ENTRIES. Returns -1 when they
 * parsed, with *POSITIONAL (when not NULL) the other arguments, at most MAX_POSITIONAL (free
 * with g_strfreev); else the exit status the command must return: 0 after printing --help on
 * stdout, EXIT_BAD_INPUT after one line on stderr. */
int vq_options_parse(const VqCommandHelp *h, const GOptionEntry *entries, int argc, char **argv,
                     guint max_positional, char ***positional);
/* As vq_options_parse() for a command that takes exactly one positional argument, WHAT ("sweep
 * FILE"): *ARG gets it (free it) when -1 is returned; missing, it is a bad argument. */
int vq_options_parse_one(const VqCommandHelp *h, const GOptionEntry *entries, int argc, char **argv,
                         const char *what, char **arg);
/* Prints "vmqsim: COMMAND: MESSAGE (see vmqsim COMMAND --help)" on stderr; returns
 * EXIT_BAD_INPUT. */
int vq_options_fail(const VqCommandHelp *h, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

G_END_DECLS

#endif
