/* CLI: `vmqsim trace-info`, what a capture holds and how a VPort's RSS would spread it, without
 * running a simulation. */
#ifndef VQ_CLI_TRACE_INFO_H
#define VQ_CLI_TRACE_INFO_H

#include <glib.h>

G_BEGIN_DECLS

/* Runs `trace-info` on the arguments after the command; returns the exit status (0, or 2 for
 * bad input after one "vmqsim: " line on stderr). */
int vq_cli_trace_info(int argc, char **argv);

G_END_DECLS

#endif
