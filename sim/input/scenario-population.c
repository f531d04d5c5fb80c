/* Scenario loader: flow populations, one [flow NAME] section standing for many connections of
 * several kinds (see scenario-flow.c for the section as a whole).
 *
 * Endpoints. src and dst each take one range per IP family, comma-separated: a prefix and a
 * port or port range, "10.0.0.0/16:1024-65535", "[2001:db8::/64]:80", or an address alone for
 * classes without ports ("10.0.0.0/24", "2001:db8::/64"). A prefix must have its host bits
 * clear. A family's ranges need ports exactly when a class of that family has them (tcp, udp).
 *
 * Connections. count = N connections in all, drawn per family from the tuples (src address,
 * src port, dst address, dst port) the ranges allow, and always distinct within a family:
 *   - tuples = sequential: the family's k-th connection is tuple k in mixed-radix order, the
 *     source port varying fastest, then the source address, the destination port, the
 *     destination address. When no side has a range (one address, one port each), the source
 *     port stands for itself and those above it, as count always did: ports P, P+1, ...
 *   - tuples = random: uniform draws from the whole tuple space, a repeat drawn again, from a
 *     counter-based splitmix64 stream of the section's seed (stream index 2^64 - 1 - family, one
 *     no connection's seed uses). Distinct draws of N from a space of M take M (H(M) - H(M-N))
 *     draws on average: at most ~0.8 M for N = M = 65536, so load time stays small.
 * More connections than a family's tuples is an error.
 *
 * Classes. mix = NAME:WEIGHT ... names the kinds of frame and their shares of the section's
 * frame rate (weights, normalised: 60 20 20 and 3 1 1 are the same mix). Without mix, the
 * section is one class, protocol over the family of its ranges. Connections go to classes by
 * largest-remainder (Hamilton) apportionment of N by the same weights, ties to the earlier
 * class: each class gets its quota N w / sum(w) rounded down or up, but at least one (taken
 * from the class with the most). A class's connections are contiguous, in mix order; each IP
 * class takes the next tuples of its family. icmp and fragment connections keep their tuple's
 * addresses, not its ports: NDIS hashes them on addresses only ("RSS Hashing Types": the
 * 2-tuple type for a fragment and for IP that is neither TCP nor UDP). Non-IP classes (arp,
 * mpls, ethertype-0xHHHH) have no addresses: no hash type covers them, the VPort's default
 * processor takes them.
 *
 * Popularity, within each class: with heavy_hitters = K and heavy_share = P%, the class's first
 * K connections share P% of its rate equally, and the others split the rest as rate_zipf says
 * (rank r from 0 gets a share (r + 1)^-S); without them, rate_zipf splits the whole class rate.
 *
 * With vm = NAME of a [vm NAME] with count, the population is repeated per VM with the VM's
 * side (dst for rx, src for tx) + i, as for a plain flow; that side must then be one address.
 * Seeds, streams and names follow scenario-flow.c: connection k of the section gets
 * vq_seed_derive(seed, k) unless it is the only one.
 */
#include <math.h>
#include <string.h>

#include "sim/input/ini.h"
#include "sim/input/ranges.h"
#include "sim/input/scenario-private.h"
#include "sim/input/schema.h"
#include "sim/input/units.h"
#include "models/seed.h"

#define MAX_CLASSES 16
#define RANGE_FORMS                                                                                \
  "one range per family, comma-separated: PREFIX:PORTS such as 10.0.0.0/16:1024-65535 or "         \
  "[2001:db8::/64]:80, the address alone for icmp, fragments"
#define MIX_FORMS                                                                                  \
  "NAME:WEIGHT items, NAME one of tcp4, udp4, icmp4, frag4, tcp6, udp6, icmp6, frag6, arp, "       \
  "mpls, ethertype-0xHHHH"

/* What a class's frames are (family 0: not IP). */
typedef struct {
  const char *name;
  int family;
  VqProto proto;
  gboolean fragment; /* fragments of a udp datagram */
  guint16 ethertype;
} Kind;

static const Kind kinds[] = {
    {"tcp4", 4, VQ_PROTO_TCP, FALSE, 0},       {"udp4", 4, VQ_PROTO_UDP, FALSE, 0},
    {"icmp4", 4, VQ_PROTO_ICMP, FALSE, 0},     {"frag4", 4, VQ_PROTO_UDP, TRUE, 0},
    {"tcp6", 6, VQ_PROTO_TCP, FALSE, 0},       {"udp6", 6, VQ_PROTO_UDP, FALSE, 0},
    {"icmp6", 6, VQ_PROTO_ICMP, FALSE, 0},     {"frag6", 6, VQ_PROTO_UDP, TRUE, 0},
    {"arp", 0, VQ_PROTO_NONE, FALSE, 0x0806}, /* IEEE EtherType registry */
    {"mpls", 0, VQ_PROTO_NONE, FALSE, 0x8847},
};

typedef struct {
  Kind kind;
  char name[24]; /* as written in mix */
  double weight; /* share of the section's frame rate, not normalised */
  guint n;       /* connections */
} Class;

static gboolean uses_ports(const Kind *k) {
  return !k->fragment && (k->proto == VQ_PROTO_TCP || k->proto == VQ_PROTO_UDP);
}

static int fam_index(int family) {
  return family == 6;
}

/* ---- endpoints ------------------------------------------------------------------------------ */

/* KEY's ranges (IDX 0: src, 1: dst) into SPACE[family][IDX]; none when KEY is absent (a mix of
 * non-IP classes only needs none, check_families() asks for those the classes need). */
static gboolean load_sides(const VqIni *ini, const char *g, const char *key, guint idx,
                           VqRange space[2][2], GError **error) {
  g_autofree char *v = vq_ini_get(ini, g, key);
  if (v == NULL)
    return TRUE;
  g_auto(GStrv) items = g_strsplit(v, ",", -1);
  for (guint i = 0; items[i] != NULL; i++) {
    VqRange s;
    int family;
    g_autofree char *err = vq_range_parse(g_strstrip(items[i]), &family, &s);
    if (err == NULL && space[fam_index(family)][idx].given)
      err = g_strdup_printf("lists IPv%d twice; give one range per family", family);
    if (err != NULL)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, key, "%s%s expected %s",
                               err, g_str_has_suffix(err, "?") ? "" : ";", RANGE_FORMS);
    space[fam_index(family)][idx] = s;
  }
  return TRUE;
}

/* ---- classes ------------------------------------------------------------------------------ */

/* "ethertype-0xHHHH": a non-IP kind, or an error's words (transfer full). */
static char *parse_ethertype(const char *name, Kind *k) {
  const char *hex = name + strlen("ethertype-0x");
  char *end;
  unsigned long v = strtoul(hex, &end, 16);
  if (strlen(hex) != 4 || *end != '\0')
    return g_strdup_printf("has class %s, not ethertype-0x and four hex digits", name);
  /* IEEE 802.3: values below 0x0600 are lengths; IP and VLAN tags have classes or keys. */
  if (v < 0x0600 || v == 0x0800 || v == 0x86dd || v == 0x8100 || v == 0x88a8)
    return g_strdup_printf("has class %s, which is %s", name,
                           v < 0x0600    ? "a length, not an EtherType (those are >= 0x0600)"
                           : v < 0x0801  ? "IPv4: use tcp4, udp4, icmp4 or frag4"
                           : v == 0x86dd ? "IPv6: use tcp6, udp6, icmp6 or frag6"
                                         : "a VLAN tag: use the vlan key");
  *k = (Kind){NULL, 0, VQ_PROTO_NONE, FALSE, (guint16)v};
  return NULL;
}

/* One "NAME:WEIGHT" item into C; an error's words (transfer full), or NULL. */
static char *parse_class(const char *item, Class *c) {
  const char *colon = strrchr(item, ':');
  g_autofree char *name = colon ? g_strndup(item, (gsize)(colon - item)) : g_strdup(item);
  double w;
  if (colon == NULL || !vq_units_parse_number(colon + 1, &w, NULL) || w <= 0)
    return g_strdup_printf("has \"%s\", not NAME:WEIGHT with a weight > 0", item);
  c->weight = w;
  g_strlcpy(c->name, name, sizeof c->name);
  if (g_str_has_prefix(name, "ethertype-0x"))
    return parse_ethertype(name, &c->kind);
  const char *names[G_N_ELEMENTS(kinds) + 1];
  for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
    names[i] = kinds[i].name;
    if (strcmp(name, kinds[i].name) == 0) {
      c->kind = kinds[i];
      return NULL;
    }
  }
  names[G_N_ELEMENTS(kinds)] = NULL;
  const char *best = vq_ini_closest(name, names);
  return g_strdup_printf("has class \"%s\"%s%s%s", name, best ? "; did you mean " : "",
                         best ? best : "", best ? "?" : "");
}

static gboolean load_mix(const VqIni *ini, const char *g, Class *cls, guint *n_cls,
                         GError **error) {
  g_autofree char *v = vq_ini_get(ini, g, "mix");
  g_auto(GStrv) items = g_strsplit_set(v, " \t,", -1);
  *n_cls = 0;
  for (guint i = 0; items[i] != NULL; i++) {
    if (items[i][0] == '\0')
      continue;
    g_autofree char *err = *n_cls == MAX_CLASSES
                               ? g_strdup_printf("has more than %u classes", MAX_CLASSES)
                               : parse_class(items[i], &cls[*n_cls]);
    for (guint j = 0; err == NULL && j < *n_cls; j++)
      if (strcmp(cls[j].name, cls[*n_cls].name) == 0)
        err = g_strdup_printf("names %s twice", cls[j].name);
    if (err != NULL)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, "mix", "%s%s expected %s",
                               err, g_str_has_suffix(err, "?") ? "" : ";", MIX_FORMS);
    cls[*n_cls].kind.name = cls[*n_cls].name;
    (*n_cls)++;
  }
  if (*n_cls == 0)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, "mix",
                             "names no class; expected %s", MIX_FORMS);
  return TRUE;
}

/* The classes: mix, or protocol over the one family of the ranges. */
static gboolean load_classes(const VqIni *ini, const char *g, VqProto proto, VqRange space[2][2],
                             Class *cls, guint *n_cls, GError **error) {
  GKeyFile *kf = vq_ini_keyfile(ini);
  if (g_key_file_has_key(kf, g, "mix", NULL)) {
    if (g_key_file_has_key(kf, g, "protocol", NULL))
      return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, "protocol",
                         "conflicts with mix, which names each class's protocol; drop one");
    return load_mix(ini, g, cls, n_cls, error);
  }
  if (space[0][0].given && space[1][0].given)
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "src",
                       "lists IPv4 and IPv6 ranges; two families need mix = ..., e.g. "
                       "mix = tcp4:50 tcp6:50");
  int family = space[1][0].given ? 6 : 4;
  for (guint i = 0; i < G_N_ELEMENTS(kinds); i++)
    if (kinds[i].family == family && kinds[i].proto == proto && !kinds[i].fragment)
      cls[0] = (Class){.kind = kinds[i], .weight = 1};
  g_strlcpy(cls[0].name, cls[0].kind.name, sizeof cls[0].name);
  *n_cls = 1;
  return TRUE;
}

/* Every family a class uses has both sides, with ports exactly when a class of it uses them;
 * no family is given that no class uses. */
static gboolean check_families(const VqIni *ini, const char *g, const Class *cls, guint n_cls,
                               VqRange space[2][2], GError **error) {
  static const char *const keys[] = {"src", "dst"};
  gboolean mix = g_key_file_has_key(vq_ini_keyfile(ini), g, "mix", NULL);
  for (int fi = 0; fi < 2; fi++) {
    const Class *user = NULL, *port_user = NULL;
    for (guint c = 0; c < n_cls; c++) {
      if (cls[c].kind.family != (fi ? 6 : 4))
        continue;
      user = user ? user : &cls[c];
      port_user = port_user || !uses_ports(&cls[c].kind) ? port_user : &cls[c];
    }
    for (guint s = 0; s < 2; s++) {
      const VqRange *sd = &space[fi][s];
      if (user && !sd->given)
        return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_MISSING, g, keys[s],
                           "has no IPv%d range, which class %s needs; expected %s", fi ? 6 : 4,
                           user->name, RANGE_FORMS);
      if (!user && sd->given)
        return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, keys[s],
                                 "gives an IPv%d range, but no class is IPv%d; %s", fi ? 6 : 4,
                                 fi ? 6 : 4,
                                 mix ? "drop the range, or add a class to mix"
                                     : "src and dst must be one family (or give a mix)");
      if (user && port_user && !sd->has_port)
        return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, keys[s],
                                 "has no IPv%d port; %s needs ports, e.g. %s:1024-65535",
                                 fi ? 6 : 4, port_user->name,
                                 fi ? "[2001:db8::/64]" : "10.0.0.0/16");
      if (user && !port_user && sd->has_port)
        return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, keys[s],
                                 "gives IPv%d ports, but %s has none; write the address alone, "
                                 "e.g. %s",
                                 fi ? 6 : 4, user->name, fi ? "2001:db8::/64" : "10.0.0.0/24");
    }
  }
  return TRUE;
}

/* Largest-remainder apportionment of COUNT connections by weight, at least one each. */
static void apportion(Class *cls, guint n_cls, guint count) {
  double sum = 0, rem[MAX_CLASSES];
  guint given = 0;
  for (guint c = 0; c < n_cls; c++)
    sum += cls[c].weight;
  for (guint c = 0; c < n_cls; c++) {
    double q = count * (cls[c].weight / sum);
    cls[c].n = (guint)floor(q);
    rem[c] = q - cls[c].n;
    given += cls[c].n;
  }
  for (; given < count; given++) {
    guint best = 0;
    for (guint c = 1; c < n_cls; c++)
      best = rem[c] > rem[best] ? c : best;
    rem[best] = -1;
    cls[best].n++;
  }
  for (guint c = 0; c < n_cls; c++) {
    guint most = 0;
    for (guint d = 1; d < n_cls; d++)
      most = cls[d].n > cls[most].n ? d : most;
    if (cls[c].n == 0) {
      cls[most].n--;
      cls[c].n = 1;
    }
  }
}

/* ---- the section ---------------------------------------------------------------------------- */

typedef struct {
  VqRange space[2][2]; /* [IPv4, IPv6][src, dst] */
  Class cls[MAX_CLASSES];
  guint n_cls, count, heavy;
  double zipf, heavy_share;
  int per_section, random;
  VqTuple *tuples[2]; /* each family's connections' tuples, in class order */
} Population;

static gboolean load_heavy(const VqIni *ini, const VqScenario *sc, const char *g, Population *p,
                           GError **error) {
  if (!vq_schema_read(ini, sc, g, "heavy_hitters", NULL, &p->heavy, error))
    return FALSE;
  /* heavy_hitters = 0 leaves heavy_share unused, so a sweep may set it to 0 alone. */
  if (p->heavy > 0 && !vq_schema_need(ini, g, "heavy_share", error))
    return FALSE;
  g_autofree char *v = vq_ini_get(ini, g, "heavy_share");
  if (v == NULL)
    return TRUE;
  gsize len = strlen(v);
  g_autofree char *num = len > 1 && v[len - 1] == '%' ? g_strndup(v, len - 1) : NULL;
  double pct;
  if (num == NULL || !vq_units_parse_number(g_strchomp(num), &pct, NULL) || pct <= 0 || pct >= 100)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "heavy_share",
                             "is not a share; expected a percentage above 0%% and below 100%%, "
                             "e.g. 60%%");
  p->heavy_share = pct / 100;
  return TRUE;
}

/* The rates of a class's N connections, splitting RATE as the header says. */
static void class_rates(const Population *p, double rate, guint n, double *out) {
  double light = p->heavy > 0 ? rate * (1 - p->heavy_share) : rate, sum = 0;
  for (guint j = 0; j < p->heavy; j++)
    out[j] = rate * p->heavy_share / p->heavy;
  for (guint j = p->heavy; j < n; j++)
    sum += out[j] = pow(j - p->heavy + 1.0, -p->zipf);
  for (guint j = p->heavy; j < n; j++)
    out[j] = light * out[j] / sum;
}

/* As count has always read one address and one port per side: source ports P, P+1, ... */
static void widen_single(VqRange sd[2]) {
  gboolean single = TRUE;
  for (guint s = 0; s < 2; s++)
    single = single && sd[s].host_bits == 0 && sd[s].port_lo == sd[s].port_hi;
  if (single && sd[0].has_port)
    sd[0].port_hi = 65535;
}

static gboolean make_tuples(const VqIni *ini, const char *g, Population *p, guint64 seed,
                            GError **error) {
  for (int fi = 0; fi < 2; fi++) {
    int family = fi ? 6 : 4;
    guint n = 0;
    for (guint c = 0; c < p->n_cls; c++)
      n += p->cls[c].kind.family == family ? p->cls[c].n : 0;
    if (n == 0)
      continue;
    if (!p->random)
      widen_single(p->space[fi]);
    guint64 m = vq_range_tuples(p->space[fi]);
    if (n > m)
      return vq_ini_fail_value(
          ini, error, VQ_SCENARIO_ERROR_RANGE, g, "count",
          "asks for %u IPv%d connections, but src and dst allow only %" G_GUINT64_FORMAT
          " distinct IPv%d tuples; widen a range in src or dst, or lower count",
          n, family, m, family);
    p->tuples[fi] = g_new(VqTuple, n);
    vq_range_take(p->space[fi], family, n, p->random, seed, p->tuples[fi]);
  }
  return TRUE;
}

/* With a [vm NAME] with count, VM i takes the VM side's address + i: one address, with room. */
static gboolean check_vm_side(const VqIni *ini, const char *g, const VqFlowConf *f,
                              const VqVmRef *ref, Population *p, GError **error) {
  guint s = f->direction == VQ_DIR_TX ? 0 : 1;
  const char *key = s ? "dst" : "src";
  for (int fi = 0; fi < 2; fi++) {
    const VqRange *sd = &p->space[fi][s];
    guint8 last[16];
    memcpy(last, sd->base, 16);
    if (sd->given && sd->host_bits > 0)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, key,
                               "is a prefix, but VM %s-i of [vm %s] (count = %u) takes this "
                               "side's address + i - 1; give one address per family",
                               ref->section, ref->section, ref->count);
    if (sd->given && !vq_scenario_address_add(fi ? 6 : 4, last, ref->count - 1))
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, key,
                               "+ %u, the IPv%d address of VM %s-%u, overflows; give one with "
                               "room for the %u VMs of [vm %s]",
                               ref->count - 1, fi ? 6 : 4, ref->section, ref->count, ref->count,
                               ref->section);
  }
  return TRUE;
}

static gboolean load_population(const VqIni *ini, const VqScenario *sc, const char *g,
                                const VqFlowConf *f, const VqVmRef *ref, Population *p,
                                GError **error) {
  if (!load_sides(ini, g, "src", 0, p->space, error) ||
      !load_sides(ini, g, "dst", 1, p->space, error) ||
      !load_classes(ini, g, f->proto, p->space, p->cls, &p->n_cls, error) ||
      !check_families(ini, g, p->cls, p->n_cls, p->space, error) ||
      !vq_schema_read(ini, sc, g, "count", NULL, &p->count, error) ||
      !vq_schema_read(ini, sc, g, "rate_zipf", NULL, &p->zipf, error) ||
      !vq_schema_read(ini, sc, g, "random_stream", NULL, &p->per_section, error) ||
      !vq_schema_read(ini, sc, g, "tuples", NULL, &p->random, error) ||
      !load_heavy(ini, sc, g, p, error) ||
      !vq_scenario_check_flow_cap(ini, sc, g, ref, p->count, error))
    return FALSE;
  if (p->count < p->n_cls)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "count",
                             "is fewer than the %u classes of mix; each needs a connection",
                             p->n_cls);
  apportion(p->cls, p->n_cls, p->count);
  for (guint c = 0; c < p->n_cls; c++)
    if (p->heavy > 0 && p->cls[c].n <= p->heavy)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "heavy_hitters",
                               "leaves class %s, with %u of the %u connections, no others; "
                               "each class needs more connections than heavy_hitters",
                               p->cls[c].name, p->cls[c].n, p->count);
  if (ref != NULL && ref->counted && !check_vm_side(ini, g, f, ref, p, error))
    return FALSE;
  return make_tuples(ini, g, p, f->seed, error);
}

/* Sets C's kind and, for IP, its addresses and (tcp, udp) ports from T. */
static void set_connection(VqFlowConf *c, const Kind *k, const VqTuple *t) {
  c->family = k->family;
  c->proto = k->proto;
  c->is_fragment = k->fragment;
  c->ethertype = k->ethertype;
  if (t == NULL)
    return;
  memcpy(c->src_addr, t->addr[0], 16);
  memcpy(c->dst_addr, t->addr[1], 16);
  c->src_port = uses_ports(k) ? t->port[0] : 0;
  c->dst_port = uses_ports(k) ? t->port[1] : 0;
}

/* Makes F the first of the section's connections (VM by VM, class by class), adding the others
 * to SC. */
static void emit(VqScenario *sc, VqFlowConf *f, const VqVmRef *ref, const Population *p) {
  VqFlowConf base = *f; /* shallow: name stays f's */
  guint n_vms = ref != NULL && ref->counted ? ref->count : 1, total = n_vms * p->count, k = 0;
  double sum = 0;
  g_autofree double *rate = g_new(double, p->count);
  for (guint c = 0; c < p->n_cls; c++)
    sum += p->cls[c].weight;
  for (guint c = 0, j0 = 0; c < p->n_cls; j0 += p->cls[c++].n)
    class_rates(p, base.rate_fps * (p->cls[c].weight / sum), p->cls[c].n, rate + j0);
  for (guint i = 0; i < n_vms; i++) {
    guint used[2] = {0, 0};
    for (guint c = 0, j = 0; c < p->n_cls; c++) {
      const Kind *kd = &p->cls[c].kind;
      int fi = fam_index(kd->family);
      for (guint r = 0; r < p->cls[c].n; r++, j++, k++) {
        VqFlowConf *fc = k == 0 ? f : g_new(VqFlowConf, 1);
        *fc = base;
        fc->shares_name = k > 0;
        set_connection(fc, kd, kd->family ? &p->tuples[fi][used[fi]++] : NULL);
        fc->rate_fps = rate[j];
        fc->seed = total > 1 ? vq_seed_derive(base.seed, k) : base.seed;
        fc->stream = p->per_section ? base.stream : base.stream + k;
        if (n_vms > 1 || (ref != NULL && ref->counted)) {
          const VqVmConf *vm = g_ptr_array_index(sc->vms, ref->first + i);
          fc->vm = (int)(ref->first + i);
          memcpy(fc->dst_mac, vm->mac, 6);
          if (fc->family != 0)
            vq_scenario_address_add(fc->family,
                                    fc->direction == VQ_DIR_TX ? fc->src_addr : fc->dst_addr, i);
        }
        if (k > 0)
          g_ptr_array_add(sc->flows, fc);
      }
    }
  }
}

gboolean vq_population_wanted(const VqIni *ini, const char *g) {
  static const char *const keys[] = {"mix", "tuples", "heavy_hitters", "heavy_share"};
  for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
    if (g_key_file_has_key(vq_ini_keyfile(ini), g, keys[i], NULL))
      return TRUE;
  for (guint s = 0; s < 2; s++) {
    g_autofree char *v = vq_ini_get(ini, g, s ? "dst" : "src");
    if (v != NULL && strpbrk(v, "/,-") != NULL)
      return TRUE;
  }
  return FALSE;
}

gboolean vq_population_expand(const VqIni *ini, VqScenario *sc, const char *g, VqFlowConf *f,
                              const VqVmRef *ref, GError **error) {
  Population p = {.n_cls = 0};
  f->stream = sc->flows->len - 1;
  gboolean ok = load_population(ini, sc, g, f, ref, &p, error);
  if (ok)
    emit(sc, f, ref, &p);
  g_free(p.tuples[0]);
  g_free(p.tuples[1]);
  return ok;
}
