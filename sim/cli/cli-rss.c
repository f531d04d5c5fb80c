/* `vmqsim rss-hash`: hashes one packet with models/rss and prints the hash (and the
 * indirection-table index), so a model's numbers can be checked against a NIC or a datasheet. */
#define _POSIX_C_SOURCE 200809L /* inet_pton */

#include "sim/cli/cli-rss.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "models/rss.h"
#include "sim/cli/options.h"
#include "sim/cli/vport-options.h"
#include "sim/exit-codes.h"

/* --type's names, in models/rss's order. */
#define TYPE_NAMES                                                                                 \
  "ipv4, tcp-ipv4, udp-ipv4, ipv6, tcp-ipv6, udp-ipv6, ipv6-ex, tcp-ipv6-ex or udp-ipv6-ex"

typedef struct {
  int family;      /* 4 or 6 */
  guint8 addr[16]; /* network byte order */
  gboolean has_port;
  guint16 port;
} Endpoint;

static char *parse_endpoint(const char *opt, const char *text, Endpoint *e);

static gboolean parse_uint16(const char *text, guint16 *port) {
  if (!*text || strlen(text) > 5)
    return FALSE;
  guint v = 0;
  for (const char *c = text; *c; c++) {
    if (!g_ascii_isdigit(*c))
      return FALSE;
    v = v * 10 + (guint)(*c - '0');
  }
  if (v > 65535)
    return FALSE;
  *port = (guint16)v;
  return TRUE;
}

char *vq_cli_parse_endpoint(const char *opt, const char *text, int *family, guint8 addr[16],
                            gboolean *has_port, guint16 *port) {
  Endpoint e = {0};
  char *err = parse_endpoint(opt, text, &e);
  *family = e.family;
  memcpy(addr, e.addr, 16);
  *has_port = e.has_port;
  *port = e.port;
  return err;
}

/* "1.2.3.4", "1.2.3.4:80", "2001:db8::1", "[2001:db8::1]", "[2001:db8::1]:80". */
static char *parse_endpoint(const char *opt, const char *text, Endpoint *e) {
  g_autofree char *host = NULL;
  const char *port_text = NULL;
  if (text[0] == '[') {
    const char *close = strchr(text, ']');
    if (!close || (close[1] && close[1] != ':'))
      return g_strdup_printf("%s %s: expected [IPV6] or [IPV6]:PORT", opt, text);
    host = g_strndup(text + 1, (gsize)(close - text - 1));
    if (close[1] == ':')
      port_text = close + 2;
    e->family = 6;
  } else {
    const char *colon = strchr(text, ':');
    if (colon && strchr(colon + 1, ':')) {
      host = g_strdup(text); /* a bare IPv6 address: no port without brackets */
      e->family = 6;
    } else {
      host = colon ? g_strndup(text, (gsize)(colon - text)) : g_strdup(text);
      port_text = colon ? colon + 1 : NULL;
      e->family = 4;
    }
  }
  memset(e->addr, 0, sizeof e->addr);
  if (inet_pton(e->family == 6 ? AF_INET6 : AF_INET, host, e->addr) != 1)
    return g_strdup_printf("%s %s: '%s' is not an IPv%d address", opt, text, host, e->family);
  e->has_port = port_text != NULL;
  if (port_text && !parse_uint16(port_text, &e->port))
    return g_strdup_printf("%s %s: port '%s' is not an integer 0..65535", opt, text, port_text);
  return NULL;
}

/* Checks E against TYPE: same IP version, and a port exactly when the type hashes ports. */
static char *check_endpoint(const char *opt, const char *text, const Endpoint *e, guint32 type) {
  const char *name = vq_rss_type_name(type);
  int family = (type & (VQ_HASH_IPV4 | VQ_HASH_TCP_IPV4 | VQ_HASH_UDP_IPV4)) ? 4 : 6;
  gboolean four_tuple = type != VQ_HASH_IPV4 && type != VQ_HASH_IPV6 && type != VQ_HASH_IPV6_EX;
  if (e->family != family)
    return g_strdup_printf("%s %s: an IPv%d address, but --type %s hashes IPv%d", opt, text,
                           e->family, name, family);
  if (four_tuple && !e->has_port)
    return g_strdup_printf("%s %s: --type %s hashes ports; give ADDR:PORT%s", opt, text, name,
                           family == 6 ? " as [ADDR]:PORT" : "");
  if (!four_tuple && e->has_port)
    return g_strdup_printf("%s %s: --type %s hashes addresses only; drop the port or use "
                           "--type tcp-%s or udp-%s",
                           opt, text, name, name, name);
  return NULL;
}

typedef struct {
  char *key;
  char *type;
  char *src;
  char *dst;
  char *table_size;
  char *home; /* --home-address: the Home Address option's address */
  char *rh2;  /* --routing-address: the type-2 Routing Header's address */
} Args;

static void args_clear(Args *a) {
  g_free(a->key);
  g_free(a->type);
  g_free(a->src);
  g_free(a->dst);
  g_free(a->table_size);
  g_free(a->home);
  g_free(a->rh2);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Args, args_clear)

/* Option OPT's TEXT, an extension header's IPv6 address, into ADDR (and *HAS = TRUE) for an
 * _EX TYPE; returns NULL or an error message. */
static char *parse_ext_addr(const char *opt, const char *text, guint32 type, gboolean *has,
                            guint8 addr[16]) {
  if (!text)
    return NULL;
  if (!(type & VQ_HASH_EX_TYPES))
    return g_strdup_printf("%s %s: --type %s hashes the IPv6 header's addresses; an extension "
                           "header's address needs ipv6-ex, tcp-ipv6-ex or udp-ipv6-ex",
                           opt, text, vq_rss_type_name(type));
  Endpoint e;
  char *err = parse_endpoint(opt, text, &e);
  if (err)
    return err;
  if (e.family != 6)
    return g_strdup_printf("%s %s: an IPv4 address; IPv6 extension headers carry IPv6 "
                           "addresses, e.g. 2001:db8::1",
                           opt, text);
  if (e.has_port)
    return g_strdup_printf("%s %s: an address has no port here; expected e.g. 2001:db8::1", opt,
                           text);
  *has = TRUE;
  memcpy(addr, e.addr, 16);
  return NULL;
}

/* Everything but the printing; returns NULL or an error message. */
static char *rss_hash(const Args *a, guint32 *hash, guint *table_size) {
  guint8 key[VQ_RSS_KEY_LEN];
  char *err = vq_cli_vport_key(a->key, key);
  if (err)
    return err;
  guint32 type = vq_rss_type_from_name(a->type);
  if (!type)
    return g_strdup_printf("--type %s: unknown; expected " TYPE_NAMES, a->type);
  *table_size = 0;
  if ((err = vq_cli_vport_table_size(a->table_size, table_size)))
    return err;
  Endpoint src = {0}, dst = {0};
  err = parse_endpoint("--src", a->src, &src);
  if (!err)
    err = parse_endpoint("--dst", a->dst, &dst);
  if (!err)
    err = check_endpoint("--src", a->src, &src, type);
  if (!err)
    err = check_endpoint("--dst", a->dst, &dst, type);
  VqRssPacket p = {
      .family = (guint8)src.family,
      .ip_proto = (type & (VQ_HASH_UDP_IPV4 | VQ_HASH_UDP_IPV6 | VQ_HASH_UDP_IPV6_EX))
                      ? VQ_PROTO_UDP
                      : VQ_PROTO_TCP,
      .src_port = src.port,
      .dst_port = dst.port,
  };
  if (!err)
    err = parse_ext_addr("--home-address", a->home, type, &p.has_home_addr, p.home_addr);
  if (!err)
    err = parse_ext_addr("--routing-address", a->rh2, type, &p.has_rh2_addr, p.rh2_addr);
  if (err)
    return err;
  memcpy(p.src_addr, src.addr, sizeof p.src_addr);
  memcpy(p.dst_addr, dst.addr, sizeof p.dst_addr);
  g_autoptr(VqToeplitz) t = vq_toeplitz_new(key);
  guint32 used = 0;
  /* Only TYPE is enabled, so the selection rules can only pick TYPE. */
  gboolean hashed = vq_rss_hash_packet(t, type, &p, hash, &used);
  g_assert(hashed && used == type);
  return NULL;
}

int vq_cli_rss_hash(int argc, char **argv) {
  g_auto(Args) a = {0};
  const GOptionEntry entries[] = {
      {"type", 0, 0, G_OPTION_ARG_STRING, &a.type,
       "ipv4, ipv6, ipv6-ex (addresses); tcp-/udp-ipv4, tcp-/udp-ipv6, tcp-/udp-ipv6-ex (and "
       "ports)",
       "TYPE"},
      {"src", 0, 0, G_OPTION_ARG_STRING, &a.src,
       "Source: 10.0.0.1:80, [2001:db8::1]:80, 2001:db8::1", "ADDR[:PORT]"},
      {"dst", 0, 0, G_OPTION_ARG_STRING, &a.dst,
       "Destination, same forms; ports only for tcp-/udp- types", "ADDR[:PORT]"},
      {"key", 0, 0, G_OPTION_ARG_STRING, &a.key,
       "Secret key, 80 hex digits (default: Microsoft's verification key 6d5a56da...beac01fa)",
       "HEX"},
      {"table-size", 0, 0, G_OPTION_ARG_STRING, &a.table_size,
       "Indirection table entries, a power of two <= 128", "N"},
      {"home-address", 0, 0, G_OPTION_ARG_STRING, &a.home,
       "_EX types: the Home Address option's address, hashed as the source", "IPV6"},
      {"routing-address", 0, 0, G_OPTION_ARG_STRING, &a.rh2,
       "_EX types: the type-2 Routing Header's address, hashed as the destination", "IPV6"},
      G_OPTION_ENTRY_NULL};
  const VqCommandHelp help = {
      "rss-hash", NULL,
      "Prints the NDIS RSS (Toeplitz) hash of one packet as 0x + 8 hex digits, and with\n"
      "--table-size the indirection-table index it selects as 'index N'.",
      "Exit status: 0 printed, 2 bad arguments."};
  int rc = vq_options_parse(&help, entries, argc, argv, 0, NULL);
  if (rc >= 0)
    return rc;
  if (!a.type)
    return vq_options_fail(&help, "missing --type (" TYPE_NAMES ")");
  if (!a.src)
    return vq_options_fail(&help, "missing --src ADDR[:PORT]");
  if (!a.dst)
    return vq_options_fail(&help, "missing --dst ADDR[:PORT]");
  guint32 hash = 0;
  guint table_size = 0;
  g_autofree char *err = rss_hash(&a, &hash, &table_size);
  if (err)
    return vq_options_fail(&help, "%s", err);
  printf("0x%08x\n", hash);
  if (table_size)
    printf("index %u\n", vq_rss_table_index(hash, table_size));
  return 0;
}
