/* CLI: `vmqsim rss-hash`, the RSS hash (models/rss) of one packet, for checking by hand. */
#ifndef VQ_CLI_RSS_H
#define VQ_CLI_RSS_H

#include <glib.h>

G_BEGIN_DECLS

/* Runs `rss-hash` on the arguments after the command; returns the exit status (0, or 2 for
 * bad input after one "vmqsim: " line on stderr). */
int vq_cli_rss_hash(int argc, char **argv);

/* Parses "1.2.3.4", "1.2.3.4:80", "2001:db8::1", "[2001:db8::1]" or "[2001:db8::1]:80" given
 * to option OPT. Returns NULL, or an error message naming OPT (free it). */
char *vq_cli_parse_endpoint(const char *opt, const char *text, int *family, guint8 addr[16],
                            gboolean *has_port, guint16 *port);

G_END_DECLS

#endif
