/* CLI: `vmqsim keys`, the scenario schema as a listing, Markdown or a fuzzing dictionary. */
#ifndef VQ_CLI_KEYS_H
#define VQ_CLI_KEYS_H

#include <glib.h>

G_BEGIN_DECLS

/* Runs `keys` on the arguments after the command; returns the exit status. */
int vq_cli_keys(int argc, char **argv);

G_END_DECLS

#endif
