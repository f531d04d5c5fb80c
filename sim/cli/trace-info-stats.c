/* trace-info's counts and report (see trace-info-stats.h). */
#include "sim/cli/trace-info-stats.h"

#include <string.h>

#include "models/rss.h"
#include "sim/input/units.h"

#define N_ETHERTYPES 65536
#define N_VLANS 4096

struct VqTraceInfo {
  VqTraceInfoVport vp;
  VqToeplitz *tz;
  guint lps[VQ_RSS_TABLE_MAX + 1]; /* the VPort's processors, ascending: table and default */
  guint n_lps;
  const char *format; /* "pcap" or "pcapng" (static) */
  guint snaplen;
  double start_s;
  guint64 frames, usable, wire_bytes, cap_bytes;
  double t_min, t_max, t_prev; /* frame times (s after the first) */
  guint64 backwards;           /* frames stamped before the frame preceding them */
  guint64 status[VQ_CAPTURE_N_STATUS];
  guint64 ip[2][3];     /* usable IP frames: [IPv4, IPv6][TCP, UDP, other] */
  guint64 fragments[2]; /* of which fragments */
  guint64 home, rh2;    /* IPv6 with a Home Address option, with a type-2 routing header */
  guint64 *ethertypes;  /* usable non-IP frames per ethertype */
  guint64 tags[3];      /* usable frames with 0, 1, 2 VLAN tags */
  guint8 vlan_seen[N_VLANS / 8];
  guint64 entry[VQ_RSS_TABLE_MAX];      /* hashed frames per table entry */
  guint64 by_type[32];                  /* hashed frames per hash type bit */
  guint64 hashed_lp[VQ_MAX_PROCESSORS]; /* hashed frames per processor */
  guint64 unhashed;                     /* usable frames to the default processor */
};

static int cmp_uint(gconstpointer a, gconstpointer b) {
  guint x = *(const guint *)a, y = *(const guint *)b;
  return (x > y) - (x < y);
}

VqTraceInfo *vq_trace_info_new(const VqTraceInfoVport *vp) {
  g_return_val_if_fail(vp != NULL && vq_rss_table_size_valid(vp->table_size), NULL);
  VqTraceInfo *t = g_new0(VqTraceInfo, 1);
  t->vp = *vp;
  t->vp.source = g_strdup(vp->source);
  t->tz = vq_toeplitz_new(vp->key);
  t->ethertypes = g_new0(guint64, N_ETHERTYPES);
  guint all[VQ_RSS_TABLE_MAX + 1];
  memcpy(all, vp->table, vp->table_size * sizeof(guint));
  all[vp->table_size] = vp->default_lp;
  qsort(all, vp->table_size + 1, sizeof(guint), cmp_uint);
  for (guint i = 0; i <= vp->table_size; i++)
    if (t->n_lps == 0 || t->lps[t->n_lps - 1] != all[i])
      t->lps[t->n_lps++] = all[i];
  return t;
}

void vq_trace_info_free(VqTraceInfo *t) {
  if (!t)
    return;
  vq_toeplitz_free(t->tz);
  g_free(t->ethertypes);
  g_free(t->vp.source);
  g_free(t);
}

/* The protocol mix and tags of a usable frame F. */
static void count_mix(VqTraceInfo *t, const VqCaptureFrame *f) {
  const VqRssPacket *p = &f->rss;
  t->tags[f->n_tags]++;
  if (f->n_tags)
    t->vlan_seen[f->vlan / 8] |= (guint8)(1u << (f->vlan % 8));
  if (p->family == 0) {
    t->ethertypes[f->ethertype]++;
    return;
  }
  guint v = p->family == 6;
  t->ip[v][p->ip_proto == VQ_PROTO_TCP ? 0 : p->ip_proto == VQ_PROTO_UDP ? 1 : 2]++;
  t->fragments[v] += p->is_fragment;
  t->home += p->has_home_addr;
  t->rh2 += p->has_rh2_addr;
}

void vq_trace_info_add(VqTraceInfo *t, const VqCaptureFrame *f, VqTraceInfoSteer *out) {
  VqTraceInfoSteer s = {.usable = f->status == VQ_CAPTURE_OK};
  double ts = f->time_s;
  t->t_min = t->frames ? MIN(t->t_min, ts) : ts;
  t->t_max = t->frames ? MAX(t->t_max, ts) : ts;
  t->backwards += t->frames && ts < t->t_prev;
  t->t_prev = ts;
  t->frames++;
  t->wire_bytes += f->wire_len;
  t->cap_bytes += f->cap_len;
  t->status[f->status]++;
  if (s.usable) {
    t->usable++;
    count_mix(t, f);
    if (vq_rss_hash_packet(t->tz, t->vp.hash_types, &f->rss, &s.hash, &s.type)) {
      s.entry = vq_rss_table_index(s.hash, t->vp.table_size);
      s.processor = t->vp.table[s.entry];
      t->entry[s.entry]++;
      t->by_type[g_bit_nth_lsf(s.type, -1)]++;
      t->hashed_lp[s.processor]++;
    } else {
      s.processor = t->vp.default_lp;
      t->unhashed++;
    }
  }
  if (out)
    *out = s;
}

void vq_trace_info_set_file(VqTraceInfo *t, const char *format, guint snaplen, double start_s) {
  t->format = format;
  t->snaplen = snaplen;
  t->start_s = start_s;
}

static guint64 lp_frames(const VqTraceInfo *t, guint lp, gboolean hashed_only) {
  return t->hashed_lp[lp] + (!hashed_only && lp == t->vp.default_lp ? t->unhashed : 0);
}

static guint lp_entries(const VqTraceInfo *t, guint lp) {
  guint n = 0;
  for (guint e = 0; e < t->vp.table_size; e++)
    n += t->vp.table[e] == lp;
  return n;
}

double vq_trace_info_max_over_mean(const VqTraceInfo *t, gboolean hashed_only) {
  guint64 max = 0, sum = 0;
  guint n = 0;
  for (guint i = 0; i < t->n_lps; i++) {
    guint lp = t->lps[i];
    if (hashed_only && lp_entries(t, lp) == 0)
      continue; /* the default processor outside the table takes no hashed frame */
    guint64 x = lp_frames(t, lp, hashed_only);
    max = MAX(max, x);
    sum += x;
    n++;
  }
  return sum ? (double)max * n / (double)sum : 0;
}

/* ---- the report ----------------------------------------------------------------------- */

static double share(guint64 part, guint64 whole) {
  return whole ? 100.0 * (double)part / (double)whole : 0;
}

/* V with an SI prefix: "1.235 M". */
static char *si(double v) {
  static const char *const prefix[] = {"", "k", "M", "G", "T"};
  guint i = 0;
  while (v >= 1000 && i + 1 < G_N_ELEMENTS(prefix))
    v /= 1000, i++;
  return g_strdup_printf("%.4g %s", v, prefix[i]); /* "1.5 k" then the unit, or "12 " */
}

static void print_summary(const VqTraceInfo *t, const char *path, FILE *out) {
  fprintf(out, "capture %s: %s, snap length %u, Ethernet\n", path, t->format, t->snaplen);
  fprintf(out,
          "frames: %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT " usable, %" G_GUINT64_FORMAT
          " unusable)\n",
          t->frames, t->usable, t->frames - t->usable);
  fprintf(out, "bytes: %" G_GUINT64_FORMAT " on the wire, %" G_GUINT64_FORMAT " captured\n",
          t->wire_bytes, t->cap_bytes);
  if (t->frames == 0)
    return;
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc((gint64)t->start_s);
  g_autofree char *when = start ? g_date_time_format(start, "%Y-%m-%d %H:%M:%S") : g_strdup("?");
  double span = t->t_max - t->t_min;
  g_autofree char *dur = vq_units_format_time(span);
  fprintf(out, "first frame: %s.%09.0f UTC\n", when,
          (t->start_s - (double)(gint64)t->start_s) * 1e9);
  fprintf(out, "duration: %s (first to last frame time stamp)\n", dur);
  if (t->backwards)
    fprintf(out, "out of order: %" G_GUINT64_FORMAT " frames stamped before their predecessor\n",
            t->backwards);
  if (span > 0) {
    g_autofree char *fps = si((double)t->frames / span);
    g_autofree char *bps = si((double)t->wire_bytes * 8 / span);
    fprintf(out,
            "mean rate: %s frames/s, %sbit/s (frames, wire bytes x 8, over the duration, as "
            "capinfos)\n",
            fps, bps);
  }
}

static const struct {
  guint16 type;
  const char *name;
} ethertype_names[] = {
    {0x0806, "ARP"},
    {0x8035, "RARP"},
    {0x0842, "Wake-on-LAN"},
    {0x8100, "802.1Q tag"},
    {0x88a8, "802.1ad tag"},
    {0x8847, "MPLS"},
    {0x8848, "MPLS multicast"},
    {0x8863, "PPPoE discovery"},
    {0x8864, "PPPoE session"},
    {0x888e, "802.1X"},
    {0x88cc, "LLDP"},
    {0x88e5, "MACsec"},
    {0x88f7, "PTP"},
    {0x8906, "FCoE"},
    {0x8914, "FIP"},
};

static const char *ethertype_name(guint type) {
  if (type < 0x0600)
    return "802.3 length (LLC)";
  for (guint i = 0; i < G_N_ELEMENTS(ethertype_names); i++)
    if (ethertype_names[i].type == type)
      return ethertype_names[i].name;
  return "";
}

static void print_mix(const VqTraceInfo *t, FILE *out) {
  static const char *const fam[] = {"IPv4", "IPv6"}, *const proto[] = {"TCP", "UDP", "other"};
  fprintf(out, "\nprotocol mix (usable frames)   frames   share\n");
  guint64 ip = 0;
  for (guint v = 0; v < 2; v++)
    for (guint p = 0; p < 3; p++) {
      fprintf(out, "  %s %-24s %10" G_GUINT64_FORMAT " %6.2f%%\n", fam[v], proto[p], t->ip[v][p],
              share(t->ip[v][p], t->usable));
      ip += t->ip[v][p];
    }
  fprintf(out, "  %-29s %10" G_GUINT64_FORMAT " %6.2f%%\n", "non-IP", t->usable - ip,
          share(t->usable - ip, t->usable));
  for (guint e = 0; e < N_ETHERTYPES; e++)
    if (t->ethertypes[e])
      fprintf(out, "    ethertype 0x%04x %-15s %8" G_GUINT64_FORMAT "\n", e, ethertype_name(e),
              t->ethertypes[e]);
  fprintf(out,
          "  IP fragments: %" G_GUINT64_FORMAT " IPv4, %" G_GUINT64_FORMAT
          " IPv6 (hashed on addresses only)\n",
          t->fragments[0], t->fragments[1]);
  fprintf(out,
          "  IPv6 with a Home Address option: %" G_GUINT64_FORMAT
          ", with a type-2 routing header: %" G_GUINT64_FORMAT "\n",
          t->home, t->rh2);
  guint vlans = 0;
  for (guint i = 0; i < N_VLANS / 8; i++)
    vlans += (guint)__builtin_popcount(t->vlan_seen[i]);
  fprintf(out,
          "VLAN tags (usable frames): %" G_GUINT64_FORMAT " untagged, %" G_GUINT64_FORMAT
          " one tag, %" G_GUINT64_FORMAT " two (QinQ); %u VLAN ids\n",
          t->tags[0], t->tags[1], t->tags[2], vlans);
}

static void print_unusable(const VqTraceInfo *t, FILE *out) {
  fprintf(out, "\nunusable frames: %" G_GUINT64_FORMAT "\n", t->frames - t->usable);
  for (int s = VQ_CAPTURE_OK + 1; s < VQ_CAPTURE_N_STATUS; s++)
    fprintf(out, "  %-21s %10" G_GUINT64_FORMAT "  %s\n", vq_capture_status_name(s), t->status[s],
            vq_capture_status_doc(s));
}

static void print_vport(const VqTraceInfo *t, FILE *out) {
  GString *types = g_string_new(NULL);
  for (guint b = 0; b < 32; b++)
    if (t->vp.hash_types & (1u << b))
      g_string_append_printf(types, "%s%s", types->len ? "," : "", vq_rss_type_name(1u << b));
  fprintf(out, "\nRSS over one VPort (%s): %u entries, %s key\n", t->vp.source, t->vp.table_size,
          t->vp.key_is_ms ? "Microsoft's verification" : "the given");
  fprintf(out, "  hash types: %s\n", types->str);
  g_string_free(types, TRUE);
  fprintf(out, "  hashed frames: %" G_GUINT64_FORMAT " by type:", t->usable - t->unhashed);
  for (guint b = 0, n = 0; b < 32; b++)
    if (t->by_type[b])
      fprintf(out, "%s%s %" G_GUINT64_FORMAT, n++ % 4 ? ", " : "\n    ", vq_rss_type_name(1u << b),
              t->by_type[b]);
  fprintf(out,
          "\n  not hashed (no enabled type covers them): %" G_GUINT64_FORMAT
          " frames, to the default processor %u\n",
          t->unhashed, t->vp.default_lp);
}

static void print_rss(const VqTraceInfo *t, FILE *out) {
  print_vport(t, out);
  fprintf(out, "  processor  entries      frames   share\n");
  for (guint i = 0; i < t->n_lps; i++) {
    guint lp = t->lps[i];
    guint64 x = lp_frames(t, lp, FALSE);
    fprintf(out, "  %9u %8u %11" G_GUINT64_FORMAT " %6.2f%%%s\n", lp, lp_entries(t, lp), x,
            share(x, t->usable), lp == t->vp.default_lp ? "  (default)" : "");
  }
  fprintf(out, "  busiest processor / mean: %.3f over the usable frames and the processors above\n",
          vq_trace_info_max_over_mean(t, FALSE));
  fprintf(out, "                            %.3f over the hashed frames and the table's\n",
          vq_trace_info_max_over_mean(t, TRUE));
  fprintf(out, "  frames per table entry:\n");
  for (guint e = 0; e < t->vp.table_size; e += 8) {
    fprintf(out, "  %4u-%-4u", e, MIN(e + 8, t->vp.table_size) - 1);
    for (guint k = e; k < MIN(e + 8, t->vp.table_size); k++)
      fprintf(out, " %9" G_GUINT64_FORMAT, t->entry[k]);
    fputc('\n', out);
  }
}

void vq_trace_info_print(const VqTraceInfo *t, const char *path, FILE *out) {
  print_summary(t, path, out);
  print_mix(t, out);
  print_unusable(t, out);
  print_rss(t, out);
}
