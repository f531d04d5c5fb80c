/* Capture generator: the pcap and pcapng files (see capture-gen.h). pcap through libpcap
 * (pcap_open_dead + pcap_dump_open); pcapng by hand, from draft-ietf-opsawg-pcapng: a Section
 * Header Block (4.1), one Interface Description Block (4.2) with if_tsresol, then one Enhanced
 * Packet Block (4.3) per frame, little-endian. */
#define _DEFAULT_SOURCE /* pcap.h's u_int, u_char; ftello */

#include "sim/cli/capture-gen.h"

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

#include "sim/cli/capture-gen-private.h"

#define NS_PER_S 1000000000ull
#define MAX_FRAME 2048 /* above any generated frame: 1518 + 2 tags, or 162 bytes of headers */

enum {
  PCAPNG_SHB = 0x0A0D0D0A,
  PCAPNG_IDB = 1,
  PCAPNG_EPB = 6,
  PCAPNG_BYTE_ORDER_MAGIC = 0x1A2B3C4D,
  PCAPNG_IF_TSRESOL = 9, /* option code: timestamp resolution, 10^-value seconds */
};

typedef struct {
  const VqGenConf *conf;
  FILE *fp;              /* pcapng */
  pcap_t *dead;          /* pcap: libpcap's handle for writing */
  pcap_dumper_t *dumper; /* pcap */
} Writer;

static guint8 *le16(guint8 *p, guint v) {
  p[0] = (guint8)v, p[1] = (guint8)(v >> 8);
  return p + 2;
}

static guint8 *le32(guint8 *p, guint32 v) {
  return le16(le16(p, v & 0xffff), v >> 16);
}

static gboolean io_failed(const char *path, GError **error) {
  int e = errno;
  g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "%s: cannot write: %s", path,
              g_strerror(e));
  return FALSE;
}

static gboolean pcapng_open(Writer *w, const char *path, GError **error) {
  w->fp = fopen(path, "wb");
  if (!w->fp)
    return io_failed(path, error);
  guint8 b[60], *p = b;
  /* SHB: type, length 28, byte-order magic, version 1.0, section length unknown (-1) */
  p = le32(le32(le32(p, PCAPNG_SHB), 28), PCAPNG_BYTE_ORDER_MAGIC);
  p = le16(le16(p, 1), 0);
  p = le32(le32(p, 0xffffffffu), 0xffffffffu);
  p = le32(p, 28);
  /* IDB: type, length 32, link type, reserved, snap length, if_tsresol, end of options */
  p = le32(le32(p, PCAPNG_IDB), 32);
  p = le32(le16(le16(p, (guint)w->conf->linktype), 0), w->conf->snaplen);
  p = le16(le16(p, PCAPNG_IF_TSRESOL), 1);
  *p++ = w->conf->nanosecond ? 9 : 6;
  *p++ = 0, *p++ = 0, *p++ = 0; /* padding to 32 bits */
  p = le32(le32(p, 0), 32);     /* opt_endofopt, then the length again */
  if (fwrite(b, 1, (size_t)(p - b), w->fp) != (size_t)(p - b))
    return io_failed(path, error);
  return TRUE;
}

static void pcapng_frame(Writer *w, guint64 t, const guint8 *data, guint32 cap, guint32 wire) {
  guint32 padded = (cap + 3) & ~3u, total = 32 + padded;
  guint8 head[28], *p = head;
  p = le32(le32(le32(p, PCAPNG_EPB), total), 0); /* interface 0 */
  p = le32(le32(p, (guint32)(t >> 32)), (guint32)t);
  p = le32(le32(p, cap), wire);
  static const guint8 zeros[4];
  guint8 tail[4];
  le32(tail, total);
  fwrite(head, 1, sizeof head, w->fp);
  fwrite(data, 1, cap, w->fp);
  fwrite(zeros, 1, padded - cap, w->fp);
  fwrite(tail, 1, sizeof tail, w->fp); /* errors: ferror() at the end */
}

static gboolean writer_open(Writer *w, const char *path, GError **error) {
  if (w->conf->pcapng)
    return pcapng_open(w, path, error);
  w->dead = pcap_open_dead_with_tstamp_precision(w->conf->linktype, (int)w->conf->snaplen,
                                                 w->conf->nanosecond ? PCAP_TSTAMP_PRECISION_NANO
                                                                     : PCAP_TSTAMP_PRECISION_MICRO);
  w->dumper = w->dead ? pcap_dump_open(w->dead, path) : NULL;
  if (!w->dumper) {
    g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot write: %s", path,
                w->dead ? pcap_geterr(w->dead) : "pcap_open_dead failed");
    return FALSE;
  }
  return TRUE;
}

static gint64 writer_tell(const Writer *w) {
  return w->conf->pcapng ? (gint64)ftello(w->fp) : (gint64)pcap_dump_ftell64(w->dumper);
}

/* Frame at T_NS after the first, CAP of its WIRE bytes captured. */
static void writer_frame(Writer *w, guint64 t_ns, const guint8 *data, guint32 cap, guint32 wire) {
  guint64 sub = t_ns % NS_PER_S; /* nanoseconds into the second */
  if (!w->conf->nanosecond)
    sub /= 1000;
  if (w->conf->pcapng) {
    guint64 units = w->conf->nanosecond ? NS_PER_S : 1000000;
    pcapng_frame(w, (VQ_GEN_START_S + t_ns / NS_PER_S) * units + sub, data, cap, wire);
    return;
  }
  /* nanosecond precision: libpcap writes tv_usec as it is, the nanoseconds */
  struct pcap_pkthdr h = {.caplen = cap, .len = wire};
  h.ts.tv_sec = (time_t)(VQ_GEN_START_S + t_ns / NS_PER_S);
  h.ts.tv_usec = (suseconds_t)sub;
  pcap_dump((u_char *)w->dumper, &h, data);
}

static gboolean writer_close(Writer *w, const char *path, GError **error) {
  FILE *fp = w->conf->pcapng ? w->fp : w->dumper ? pcap_dump_file(w->dumper) : NULL;
  gboolean ok = fp && fflush(fp) == 0 && !ferror(fp);
  if (!ok)
    io_failed(path, error);
  if (w->conf->pcapng && w->fp)
    ok = fclose(w->fp) == 0 && ok;
  if (w->dumper)
    pcap_dump_close(w->dumper);
  if (w->dead)
    pcap_close(w->dead);
  return ok;
}

/* Frame K (from 0) of CONF into BUF, what a reader must find into X; returns its time after
 * the first frame in nanoseconds. */
static guint64 next_frame(const VqGenConf *conf, const VqGenFlow *flows, guint64 *s, guint64 k,
                          guint8 *buf, VqCaptureFrame *x) {
  const VqGenFlow *f = &flows[vq_gen_rand(s) % conf->flows];
  gboolean first = vq_gen_rand(s) >> 63;
  guint32 wire = MAX(f->size + 4u * f->n_tags, vq_gen_header_len(f));
  guint32 need = vq_gen_frame(f, first, buf, wire, x);
  guint32 cap = MIN(wire, conf->snaplen);
  if (f->kind == VQ_GEN_TRUNCATED)
    cap = MIN(cap, need - 2);
  if (cap < need)
    x->status = VQ_CAPTURE_TRUNCATED;
  x->wire_len = wire;
  x->cap_len = cap;
  guint64 t_ns = (guint64)((double)k * 1e9 / conf->rate_fps + 0.5);
  if (!conf->nanosecond)
    t_ns -= t_ns % 1000; /* what the file keeps */
  /* as the reader computes it: whole seconds plus nanoseconds */
  x->time_s = (double)(t_ns / NS_PER_S) + (double)(t_ns % NS_PER_S) * 1e-9;
  return t_ns;
}

gboolean vq_gen_write(const VqGenConf *conf, const char *path, VqGenFrameFunc fn, gpointer data,
                      VqGenMark *mark, GError **error) {
  g_return_val_if_fail(conf != NULL && path != NULL && conf->flows > 0, FALSE);
  g_return_val_if_fail(conf->rate_fps > 0, FALSE);
  g_autofree VqGenFlow *flows = g_new(VqGenFlow, conf->flows);
  for (guint i = 0; i < conf->flows; i++)
    vq_gen_flow_init(&flows[i], conf, i);
  Writer w = {.conf = conf};
  if (!writer_open(&w, path, error)) {
    writer_close(&w, path, NULL);
    return FALSE;
  }
  guint64 s = conf->seed ^ 0x5851F42D4C957F2Dull; /* the frames' stream, apart from the flows' */
  guint8 buf[MAX_FRAME];
  VqCaptureFrame x;
  for (guint64 k = 0; k < conf->frames; k++) {
    guint64 t_ns = next_frame(conf, flows, &s, k, buf, &x);
    gboolean marked = mark && k + 1 == conf->mark_frame;
    if (marked)
      mark->offset = writer_tell(&w);
    writer_frame(&w, t_ns, buf, x.cap_len, x.wire_len);
    if (marked)
      mark->len = writer_tell(&w) - mark->offset;
    if (fn)
      fn(k + 1, &x, data);
  }
  return writer_close(&w, path, error);
}
