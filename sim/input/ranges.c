/* Ranges of a flow population: parsing, and the tuples taken from them. See ranges.h. */
#define _POSIX_C_SOURCE 200809L /* inet_pton, inet_ntop */
#include "sim/input/ranges.h"

#include <arpa/inet.h>
#include <string.h>

#include "sim/input/ini.h"
#include "models/bytes-hash.h"
#include "models/seed.h"

static char *parse_ports(const char *text, VqRange *s) {
  const char *dash = strchr(text, '-');
  g_autofree char *lo_text = dash ? g_strndup(text, (gsize)(dash - text)) : g_strdup(text);
  guint64 lo, hi = 0;
  if (vq_ini_parse_uint(lo_text, &lo) != 0 || (dash && vq_ini_parse_uint(dash + 1, &hi) != 0))
    return g_strdup_printf("has ports \"%s\", not PORT or LO-HI", text);
  hi = dash ? hi : lo;
  if (hi > 65535)
    return g_strdup_printf("has port %" G_GUINT64_FORMAT ", past 65535", hi);
  if (lo > hi)
    return g_strdup_printf("has port range %s, which runs backwards", text);
  s->has_port = TRUE;
  s->port_lo = (guint)lo;
  s->port_hi = (guint)hi;
  return NULL;
}

static char *parse_prefix(const char *text, int family, VqRange *s) {
  const char *slash = strchr(text, '/');
  g_autofree char *host = slash ? g_strndup(text, (gsize)(slash - text)) : g_strdup(text);
  guint bits = family == 4 ? 32 : 128;
  guint64 len = bits;
  if (inet_pton(family == 4 ? AF_INET : AF_INET6, host, s->base) != 1)
    return g_strdup_printf("has \"%s\", not an IPv%d address", host, family);
  if (slash && (vq_ini_parse_uint(slash + 1, &len) != 0 || len > bits))
    return g_strdup_printf("has prefix length \"%s\"; IPv%d takes /0 to /%u", slash + 1, family,
                           bits);
  s->host_bits = bits - (guint)len;
  guint8 net[16];
  memcpy(net, s->base, 16);
  for (guint b = 0; b < bits / 8; b++) {
    guint keep = len >= 8 * (b + 1) ? 8 : len > 8 * b ? (guint)len - 8 * b : 0;
    net[b] &= (guint8)(0xff00u >> keep);
  }
  if (memcmp(net, s->base, bits / 8) == 0)
    return NULL;
  char shown[INET6_ADDRSTRLEN];
  inet_ntop(family == 4 ? AF_INET : AF_INET6, net, shown, sizeof shown);
  return g_strdup_printf("has host bits set in %s; did you mean %s/%u?", text, shown, (guint)len);
}

char *vq_range_parse(const char *text, int *family, VqRange *s) {
  memset(s, 0, sizeof *s);
  s->given = TRUE;
  g_autofree char *addr = NULL;
  const char *ports = NULL;
  *family = 6;
  if (text[0] == '[') {
    const char *close = strchr(text, ']');
    if (close == NULL || (close[1] != ':' && close[1] != '\0'))
      return g_strdup_printf("has \"%s\", with no ] or text after it other than :PORTS", text);
    addr = g_strndup(text + 1, (gsize)(close - text - 1));
    ports = close[1] == ':' ? close + 2 : NULL;
  } else if (strchr(text, ':') != strrchr(text, ':')) {
    addr = g_strdup(text); /* a bare IPv6 address or prefix: its colons are no port separator */
  } else {
    const char *colon = strchr(text, ':');
    addr = colon ? g_strndup(text, (gsize)(colon - text)) : g_strdup(text);
    ports = colon ? colon + 1 : NULL;
    *family = 4;
  }
  char *err = parse_prefix(addr, *family, s);
  return err || ports == NULL ? err : parse_ports(ports, s);
}

/* KEY's ranges (IDX 0: src, 1: dst) into SPACE[family][IDX]. */

typedef struct {
  guint64 seed, next;
} Draws;

static guint64 draw(Draws *d) {
  return vq_seed_derive(d->seed, d->next++);
}

/* Uniform in [0, N), N >= 1: draws below 2^64 mod N are redrawn, so every value is as likely. */
static guint64 draw_below(Draws *d, guint64 n) {
  guint64 r, threshold = (0 - n) % n;
  while ((r = draw(d)) < threshold)
    ;
  return r % n;
}

static guint64 ports_of(const VqRange *s) {
  return (guint64)s->port_hi - s->port_lo + 1;
}

static guint64 addrs_of(const VqRange *s) {
  return s->host_bits >= 64 ? G_MAXUINT64 : (guint64)1 << s->host_bits;
}

guint64 vq_range_tuples(const VqRange sd[2]) {
  guint64 m = 1, f[4] = {ports_of(&sd[0]), addrs_of(&sd[0]), ports_of(&sd[1]), addrs_of(&sd[1])};
  for (guint i = 0; i < 4; i++)
    m = f[i] == G_MAXUINT64 || m > G_MAXUINT64 / f[i] ? G_MAXUINT64 : m * f[i];
  return m;
}

/* ADDR (NBYTES, network byte order) + X, carried through the bytes. */
static void addr_plus(guint8 *addr, guint nbytes, guint64 x) {
  guint carry = 0;
  for (guint b = nbytes; b-- > 0 && (x || carry); x >>= 8) {
    guint v = addr[b] + (guint)(x & 0xff) + carry;
    addr[b] = (guint8)v;
    carry = v >> 8;
  }
}

/* VqTuple J in mixed-radix order: src port fastest, then src address, dst port, dst address. */
static void tuple_at(const VqRange sd[2], guint nbytes, guint64 j, VqTuple *t) {
  for (guint s = 0; s < 2; s++) {
    t->port[s] = (guint16)(sd[s].port_lo + j % ports_of(&sd[s]));
    j /= ports_of(&sd[s]);
    memcpy(t->addr[s], sd[s].base, 16);
    addr_plus(t->addr[s], nbytes, j % addrs_of(&sd[s]));
    j /= addrs_of(&sd[s]);
  }
}

static void tuple_random(const VqRange sd[2], guint nbytes, Draws *d, VqTuple *t) {
  for (guint s = 0; s < 2; s++) {
    t->port[s] = (guint16)(sd[s].port_lo + draw_below(d, ports_of(&sd[s])));
    memcpy(t->addr[s], sd[s].base, 16);
    guint64 r = 0;
    for (guint b = 0; b < nbytes; b++) {
      guint host =
          MIN(8u, sd[s].host_bits > 8 * (nbytes - 1 - b) ? sd[s].host_bits - 8 * (nbytes - 1 - b)
                                                         : 0u); /* host bits in byte b */
      r = b % 8 ? r >> 8 : draw(d);
      t->addr[s][b] |= (guint8)(r & ((1u << host) - 1));
    }
  }
}

static guint tuple_hash(gconstpointer p) {
  return vq_bytes_hash(p, sizeof(VqTuple));
}

static gboolean tuple_equal(gconstpointer a, gconstpointer b) {
  return memcmp(a, b, sizeof(VqTuple)) == 0;
}

void vq_range_take(const VqRange sd[2], int family, guint n, gboolean random, guint64 seed,
                   VqTuple *out) {
  guint nbytes = family == 4 ? 4 : 16;
  memset(out, 0, n * sizeof *out);
  if (!random) {
    for (guint j = 0; j < n; j++)
      tuple_at(sd, nbytes, j, &out[j]);
    return;
  }
  Draws d = {vq_seed_derive(seed, G_MAXUINT64 - (guint64)family), 0};
  g_autoptr(GHashTable) seen = g_hash_table_new(tuple_hash, tuple_equal);
  for (guint j = 0; j < n; j++) {
    do
      tuple_random(sd, nbytes, &d, &out[j]);
    while (g_hash_table_contains(seen, &out[j]));
    g_hash_table_add(seen, &out[j]);
  }
}
