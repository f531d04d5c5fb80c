/* [capture NAME]: a pcap or pcapng file replayed through the NIC (models/replay.h). The file is
 * read once here, streaming: to fail early on a broken file, and to collect its distinct tuples
 * as the capture's flows, each with the VM the map gives it. */
#include <arpa/inet.h>
#include <math.h>
#include <string.h>

#include "models/replay.h"
#include "sim/input/scenario-private.h"
#include "sim/input/schema.h"

/* One item of ip_map or mac_map: a destination prefix (or a MAC, bits = 48) and its VM. */
typedef struct {
  int family; /* 4, 6; 0 for a MAC */
  guint8 addr[16];
  guint bits;
  guint vm;
} MapItem;

/* What the loader keeps while it reads the file. */
typedef struct {
  const VqIni *ini;
  VqScenario *sc;
  const char *g;
  VqCaptureConf *c;
  GArray *map;              /* MapItem; empty: by the captured MAC (+VLAN) */
  gboolean by_ip;           /* ip_map given (else mac_map, or the captured MAC) */
  GArray *n_of, *bytes_of;  /* per capture flow: frames and bytes of a pass (guint64) */
  double span_s, last_s;    /* captured span so far; the last frame's time (in order) */
  double pass_bytes;        /* bytes of the replayed frames of a pass, wire overhead not included */
  double prev_s, prev_bits; /* the last replayed frame: its time, its bits on the wire (0: none) */
  double min_ratio;         /* least captured gap over the wire bits of the frame before it */
} Loader;

void vq_scenario_capture_free(gpointer p) {
  VqCaptureConf *c = p;
  g_free(c->name);
  g_free(c->path);
  if (c->flow_of)
    g_hash_table_unref(c->flow_of);
  g_free(c);
}

static gboolean parse_mac(const char *s, guint8 mac[6]) {
  for (int i = 0; i < 6; i++, s += 3) {
    if (!g_ascii_isxdigit(s[0]) || !g_ascii_isxdigit(s[1]) || s[2] != (i < 5 ? ':' : '\0'))
      return FALSE;
    mac[i] = (guint8)(g_ascii_xdigit_value(s[0]) << 4 | g_ascii_xdigit_value(s[1]));
  }
  return TRUE;
}

/* "10.0.1.0/24" or "2001:db8::/64" (the length may be left out: the whole address). */
static gboolean parse_prefix(const char *s, MapItem *it) {
  g_auto(GStrv) parts = g_strsplit(s, "/", 2);
  it->family = strchr(parts[0], ':') ? 6 : 4;
  if (inet_pton(it->family == 6 ? AF_INET6 : AF_INET, parts[0], it->addr) != 1)
    return FALSE;
  guint max = it->family == 6 ? 128 : 32;
  char *end = NULL;
  guint64 bits = parts[1] ? g_ascii_strtoull(parts[1], &end, 10) : max;
  if (parts[1] && (end == parts[1] || *end || bits > max))
    return FALSE;
  it->bits = (guint)bits;
  return TRUE;
}

/* G's KEY: comma-separated KEY=VM items into L->map. */
static gboolean load_map(Loader *l, const char *key, GHashTable *vm_index, GError **error) {
  g_autofree char *v = vq_ini_get(l->ini, l->g, key);
  gboolean ip = strcmp(key, "ip_map") == 0;
  const char *form = ip ? "PREFIX=VM items such as 10.0.1.0/24=web, 2001:db8::/64=db"
                        : "MAC=VM items such as 00:11:22:33:44:55=web";
  g_auto(GStrv) items = g_strsplit(v, ",", -1);
  for (char **p = items; *p; p++) {
    g_auto(GStrv) kv = g_strsplit(g_strstrip(*p), "=", 2);
    MapItem it = {0};
    const char *vm = kv[0] && kv[1] ? g_strstrip(kv[1]) : "";
    gboolean ok =
        kv[0] && kv[1] &&
        (ip ? parse_prefix(g_strstrip(kv[0]), &it) : parse_mac(g_strstrip(kv[0]), it.addr));
    if (!ok)
      return vq_ini_fail_value(l->ini, error, VQ_SCENARIO_ERROR_SYNTAX, l->g, key,
                               "has an item \"%s\" that is not KEY=VM; expected %s", *p, form);
    const VqVmRef *ref = g_hash_table_lookup(vm_index, vm);
    if (!ref || ref->counted)
      return vq_ini_fail_value(l->ini, error, VQ_SCENARIO_ERROR_REF, l->g, key,
                               "maps to \"%s\", which is not one VM of this scenario; expected "
                               "the NAME of a [vm NAME] (NAME-i of one with count)",
                               vm);
    it.bits = ip ? it.bits : 48;
    it.vm = ref->first;
    g_array_append_val(l->map, it);
  }
  l->by_ip = ip;
  return TRUE;
}

/* Whether the first BITS bits of A and B agree. */
static gboolean prefix_match(const guint8 *a, const guint8 *b, guint bits) {
  guint whole = bits / 8, rest = bits % 8;
  if (memcmp(a, b, whole) != 0)
    return FALSE;
  return rest == 0 || ((a[whole] ^ b[whole]) & (0xffu << (8 - rest)) & 0xffu) == 0;
}

/* The VM K goes to, or -1: by the longest matching prefix of ip_map, the MAC of mac_map, or the
 * VM whose MAC and VLAN are the captured ones. */
static int map_vm(const Loader *l, const VqReplayKey *k) {
  if (l->map->len == 0) {
    for (guint v = 0; v < l->sc->vms->len; v++) {
      const VqVmConf *vm = g_ptr_array_index(l->sc->vms, v);
      if (memcmp(vm->mac, k->dst_mac, 6) == 0 && vm->vlan == k->vlan)
        return (int)v;
    }
    return -1;
  }
  int best = -1;
  guint best_bits = 0;
  for (guint i = 0; i < l->map->len; i++) {
    const MapItem *it = &g_array_index(l->map, MapItem, i);
    gboolean hit = l->by_ip ? it->family == k->family && prefix_match(it->addr, k->dst, it->bits)
                            : memcmp(it->addr, k->dst_mac, 6) == 0;
    if (hit && (best < 0 || it->bits > best_bits)) {
      best = (int)it->vm;
      best_bits = it->bits;
    }
  }
  return best;
}

/* A new flow of the capture for K; its rate and size are set once the file is read. */
static VqFlowConf *new_flow(Loader *l, const VqReplayKey *k) {
  VqFlowConf *f = g_new0(VqFlowConf, 1);
  const VqFlowConf *first =
      l->c->n_flows ? g_ptr_array_index(l->sc->flows, l->c->first_flow) : NULL;
  f->shares_name = first != NULL;
  f->name = first ? first->name : g_strdup(l->c->name);
  f->vm = map_vm(l, k);
  const VqVmConf *vm = f->vm >= 0 ? g_ptr_array_index(l->sc->vms, (guint)f->vm) : NULL;
  memcpy(f->dst_mac, vm ? vm->mac : k->dst_mac, 6);
  f->vlan = vm ? vm->vlan : k->vlan;
  f->family = k->family;
  f->ethertype = k->ethertype;
  f->proto = (VqProto)k->proto;
  f->is_fragment = k->is_fragment;
  f->src_port = k->src_port;
  f->dst_port = k->dst_port;
  memcpy(f->src_addr, k->src, 16);
  memcpy(f->dst_addr, k->dst, 16);
  VqFlowCaptured *x = f->captured = g_new(VqFlowCaptured, 1);
  x->capture = l->sc->captures->len;
  x->has_home_addr = k->has_home;
  x->has_rh2_addr = k->has_rh2;
  memcpy(x->home_addr, k->home, 16);
  memcpy(x->rh2_addr, k->rh2, 16);
  f->direction = VQ_DIR_RX;
  f->arrivals = VQ_ARRIVALS_POISSON; /* not generated: its capture's source gives its frames */
  f->stream = l->sc->flows->len;
  f->start_s = l->c->start_s;
  f->stop_s = l->sc->duration_s;
  return f;
}

/* Counts frame F of the pass; a usable frame's tuple becomes a flow the first time. */
static gboolean take_frame(Loader *l, const VqCaptureFrame *f, GError **error) {
  l->last_s = MAX(l->last_s, f->time_s);
  l->span_s = l->last_s;
  l->c->frames++;
  guint16 len;
  if (vq_replay_classify(f, &len) != VQ_CAPTURE_OK)
    return TRUE;
  l->c->usable++;
  l->pass_bytes += len;
  if (l->prev_bits > 0)
    l->min_ratio = MIN(l->min_ratio, (l->last_s - l->prev_s) / l->prev_bits);
  l->prev_s = l->last_s;
  l->prev_bits = (len + 20.0) * 8; /* preamble, SFD and gap: IEEE 802.3 clause 4 */
  VqReplayKey k;
  vq_replay_key(f, &k);
  guint idx = GPOINTER_TO_UINT(g_hash_table_lookup(l->c->flow_of, &k));
  if (idx == 0) {
    if (l->sc->flows->len >= VQ_MAX_FLOWS)
      return vq_ini_fail(l->ini, error, VQ_SCENARIO_ERROR_RANGE, l->g, "file",
                         "frame %" G_GUINT64_FORMAT " makes the scenario's flows more than %u "
                         "(the capture's distinct tuples count as flows); replay a shorter "
                         "capture or one with fewer flows",
                         l->c->frames, VQ_MAX_FLOWS);
    g_ptr_array_add(l->sc->flows, new_flow(l, &k));
    idx = l->sc->flows->len;
    l->c->n_flows++;
    g_hash_table_insert(l->c->flow_of, g_memdup2(&k, sizeof k), GUINT_TO_POINTER(idx));
    guint64 zero = 0;
    g_array_append_val(l->n_of, zero);
    g_array_append_val(l->bytes_of, zero);
  }
  guint j = idx - 1 - l->c->first_flow;
  g_array_index(l->n_of, guint64, j)++;
  g_array_index(l->bytes_of, guint64, j) += len;
  return TRUE;
}

/* Reads the whole file once; a broken one is an error at G's file key. */
static gboolean scan(Loader *l, GError **error) {
  g_autoptr(GError) e = NULL;
  g_autoptr(VqCapture) cap = vq_capture_open(l->c->path, &e);
  VqCaptureFrame f;
  while (cap && vq_capture_next(cap, &f, &e))
    if (!take_frame(l, &f, error))
      return FALSE;
  if (e)
    return vq_ini_fail(l->ini, error, VQ_SCENARIO_ERROR_IO, l->g, "file",
                       "%s; expected a "
                       "readable pcap or pcapng capture of Ethernet frames",
                       e->message);
  return TRUE;
}

/* FALSE, with an error at key A, when L's section sets both A and B (WHY: what to do). */
static gboolean not_both(const Loader *l, const char *a, const char *b, const char *why,
                         GError **error) {
  GKeyFile *kf = vq_ini_keyfile(l->ini);
  if (!g_key_file_has_key(kf, l->g, a, NULL) || !g_key_file_has_key(kf, l->g, b, NULL))
    return TRUE;
  return vq_ini_fail(l->ini, error, VQ_SCENARIO_ERROR_SYNTAX, l->g, a, "and %s are both set; %s", b,
                     why);
}

/* The time scale (from speedup, or from rate: the capture's mean bit rate over a pass becomes
 * it) and a pass's length; the mean rate must fit the wire (the peak may not: replay.h). */
static gboolean set_timing(Loader *l, GError **error) {
  VqCaptureConf *c = l->c;
  gboolean by_rate = g_key_file_has_key(vq_ini_keyfile(l->ini), l->g, "rate", NULL);
  if (!not_both(l, "rate", "speedup",
                "give one: speedup divides the captured gaps, rate scales time so that the "
                "capture's mean rate becomes it",
                error))
    return FALSE;
  double gap = c->frames >= 2 ? l->span_s / (double)(c->frames - 1) : 0, x;
  double pass = l->span_s + gap; /* captured seconds from a pass's first frame to the next's */
  const char *key = by_rate ? "rate" : "speedup";
  if (!vq_schema_read(l->ini, l->sc, l->g, key, NULL, &x, error))
    return FALSE;
  if (by_rate && !(pass > 0 && l->pass_bytes > 0))
    return vq_ini_fail(l->ini, error, VQ_SCENARIO_ERROR_RANGE, l->g, key,
                       "cannot be met: the capture has no duration or no usable frame; "
                       "expected speedup instead");
  c->scale = by_rate ? l->pass_bytes * 8 / (x * pass) : 1 / x;
  c->pass_s = pass * c->scale;
  c->peak_wire = 1 / (l->min_ratio * c->scale * l->sc->wire_bps); /* +inf: equal stamps */
  /* Each frame also takes 20 B of preamble, SFD and gap on the wire (IEEE 802.3 clause 4). */
  double wire = c->pass_s > 0 ? (l->pass_bytes + 20.0 * (double)c->usable) * 8 / c->pass_s : 0;
  c->wire_bps = wire;
  c->by_rate = by_rate;
  if (wire > l->sc->wire_bps * 1.000001)
    return vq_ini_fail(l->ini, error, VQ_SCENARIO_ERROR_RANGE, l->g, key,
                       "makes the capture's mean rate %.6g Gbit/s on the wire (frames + 20 B "
                       "each), more than [nic] wire_rate = %.6g Gbit/s; lower %s",
                       wire / 1e9, l->sc->wire_bps / 1e9, key);
  return TRUE;
}

/* Each flow's mean rate over a pass and its mean frame size (for reports and costs). */
static void set_rates(Loader *l) {
  const VqCaptureConf *c = l->c;
  double per_s = c->pass_s > 0 ? c->pass_s : l->sc->duration_s;
  for (guint j = 0; j < c->n_flows; j++) {
    VqFlowConf *f = g_ptr_array_index(l->sc->flows, c->first_flow + j);
    double n = (double)g_array_index(l->n_of, guint64, j);
    f->rate_fps = n / per_s;
    f->frame_bytes = (guint)lround((double)g_array_index(l->bytes_of, guint64, j) / n);
  }
}

static gboolean load_capture(Loader *l, GHashTable *vm_index, GError **error) {
  GKeyFile *kf = vq_ini_keyfile(l->ini);
  gboolean ip = g_key_file_has_key(kf, l->g, "ip_map", NULL);
  if (!not_both(l, "mac_map", "ip_map",
                "expected one of them (or neither: by the destination MAC and VLAN as captured)",
                error))
    return FALSE;
  if ((ip || g_key_file_has_key(kf, l->g, "mac_map", NULL)) &&
      !load_map(l, ip ? "ip_map" : "mac_map", vm_index, error))
    return FALSE;
  if (!vq_schema_read(l->ini, l->sc, l->g, "loop", NULL, &l->c->loop, error) ||
      !vq_schema_read(l->ini, l->sc, l->g, "start", NULL, &l->c->start_s, error) ||
      !scan(l, error) || !set_timing(l, error))
    return FALSE;
  set_rates(l);
  return TRUE;
}

gboolean vq_scenario_load_capture(const VqIni *ini, VqScenario *sc, const char *g, const char *name,
                                  GHashTable *vm_index, GError **error) {
  if (!vq_schema_need(ini, g, "file", error))
    return FALSE;
  g_autofree char *file = vq_ini_get(ini, g, "file");
  g_autofree char *rel = g_path_get_dirname(sc->path);
  g_autofree char *dir = g_canonicalize_filename(rel, NULL);
  VqCaptureConf *c = g_new0(VqCaptureConf, 1);
  c->name = g_strdup(name);
  /* Absolute, and written back: the results' scenario.ini then loads from anywhere. */
  c->path = g_canonicalize_filename(file, dir);
  g_key_file_set_string(vq_ini_keyfile(ini), g, "file", c->path);
  c->flow_of = vq_replay_table_new();
  c->first_flow = sc->flows->len;
  Loader l = {.ini = ini, .sc = sc, .g = g, .c = c, .min_ratio = INFINITY};
  l.map = g_array_new(FALSE, TRUE, sizeof(MapItem));
  l.n_of = g_array_new(FALSE, TRUE, sizeof(guint64));
  l.bytes_of = g_array_new(FALSE, TRUE, sizeof(guint64));
  gboolean ok = load_capture(&l, vm_index, error);
  g_array_unref(l.map);
  g_array_unref(l.n_of);
  g_array_unref(l.bytes_of);
  g_ptr_array_add(sc->captures, c); /* freed with SC, even on failure, as its flows are */
  return ok;
}
