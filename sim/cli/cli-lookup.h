/* CLI: `vmqsim rss-lookup`, where one connection lands under a scenario's VMMQ configuration. */
#ifndef VQ_CLI_LOOKUP_H
#define VQ_CLI_LOOKUP_H

#include <glib.h>

G_BEGIN_DECLS

/* Runs `rss-lookup` on the arguments after the command; returns the exit status (0, or 2 for
 * bad input after one "vmqsim: " line on stderr). */
int vq_cli_rss_lookup(int argc, char **argv);

G_END_DECLS

#endif
