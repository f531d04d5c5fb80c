/* The VPort options that `rss-hash` and `trace-info` both take, read the same way with the same
 * messages: --key (a Toeplitz key) and --table-size (an indirection table's entries). */
#ifndef VQ_CLI_VPORT_OPTIONS_H
#define VQ_CLI_VPORT_OPTIONS_H

#include <glib.h>

#include "models/rss.h"

G_BEGIN_DECLS

/* --key TEXT, 80 hex digits, into KEY; Microsoft's verification key when TEXT is NULL. Returns
 * NULL or the error message, "--key: ..." (free it). */
char *vq_cli_vport_key(const char *text, guint8 key[VQ_RSS_KEY_LEN]);
/* --table-size TEXT, a power of two <= VQ_RSS_TABLE_MAX (NDIS), into *SIZE; *SIZE is left as it
 * is when TEXT is NULL. Returns NULL or the error message (free it). */
char *vq_cli_vport_table_size(const char *text, guint *size);

G_END_DECLS

#endif
