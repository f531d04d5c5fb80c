/* vq-gen-capture: writes a synthetic pcap or pcapng capture for the tests (never a downloaded
 * one), and optionally what a reader must find in each frame, and damaged variants.
 *
 *   vq-gen-capture OUT [--pcapng] [--nano] [--frames N] [--flows N] [--seed S] [--rate FPS]
 *       [--mix KIND=W,...] [--vlan-share X] [--qinq-share X] [--snaplen N] [--linktype N]
 *       [--expect FILE] [--truncate-in-frame K | --corrupt-frame K | --bad-magic | --cut-header]
 *
 * --expect writes vq_capture_format_header() and one vq_capture_format_frame() line per frame,
 * built from the generator's description of the frame, not by parsing it. The damage options
 * rewrite the file after writing it: cut inside frame K's record, give frame K's record an
 * impossible length, replace the magic number, or cut the file inside its header.
 * An undamaged file is read back with libpcap (a reader independent of the project's, as the
 * pcapng writer is the project's own): its link type and every record's lengths must be those
 * of the frames described, in order, and no more; a disagreement aborts (a generator bug).
 * The frames themselves: sim/cli/capture-gen.h. Exit status: 0 written, 1 failure, 2 usage.
 */
#define _DEFAULT_SOURCE /* truncate */

#include <fcntl.h>
#include <glib.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <unistd.h>

#include "sim/cli/capture-gen.h"

typedef struct {
  gint64 frames, flows, seed, snaplen, linktype, truncate_in, corrupt;
  double rate, vlan_share, qinq_share;
  gboolean pcapng, nano, bad_magic, cut_header;
  char *mix, *expect;
} Args;

static void args_clear(Args *a) {
  g_free(a->mix);
  g_free(a->expect);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Args, args_clear)

/* What the generator said it wrote: each frame's lengths, and the --expect file (or NULL). */
typedef struct {
  GArray *lens; /* guint32 pairs: wire, captured */
  FILE *expect;
} Written;

static void on_frame(guint64 number, const VqCaptureFrame *x, gpointer data) {
  Written *w = data;
  guint32 lens[2] = {x->wire_len, x->cap_len};
  g_array_append_vals(w->lens, lens, 2);
  if (w->expect) {
    g_autofree char *line = vq_capture_format_frame(number, x);
    fprintf(w->expect, "%s\n", line);
  }
}

/* PATH read back by libpcap holds LINKTYPE and exactly the frames of LENS, in order. */
static void check_written(const char *path, int linktype, const GArray *lens) {
  char err[PCAP_ERRBUF_SIZE];
  pcap_t *p = pcap_open_offline(path, err);
  if (!p)
    g_error("vq-gen-capture: libpcap cannot read back %s: %s", path, err);
  g_assert_cmpint(pcap_datalink(p), ==, linktype);
  struct pcap_pkthdr *h;
  const u_char *bytes;
  guint n = 0;
  for (int rc; (rc = pcap_next_ex(p, &h, &bytes)) == 1; n++) {
    g_assert_cmpuint(2 * n + 1, <, lens->len);
    g_assert_cmpuint(h->len, ==, g_array_index(lens, guint32, 2 * n));
    g_assert_cmpuint(h->caplen, ==, g_array_index(lens, guint32, 2 * n + 1));
  }
  g_assert_cmpuint(2 * n, ==, lens->len); /* and the file ended cleanly after them */
  pcap_close(p);
}

/* Overwrites 4 bytes at OFFSET of PATH with the little-endian V (pcap records of this machine's
 * order; pcapng blocks as the generator writes them). */
static gboolean poke32(const char *path, gint64 offset, guint32 v) {
  guint8 b[4] = {(guint8)v, (guint8)(v >> 8), (guint8)(v >> 16), (guint8)(v >> 24)};
  int fd = open(path, O_WRONLY);
  gboolean ok = fd >= 0 && pwrite(fd, b, 4, offset) == 4;
  if (fd >= 0)
    close(fd);
  return ok;
}

static gboolean damage(const Args *a, const char *path, const VqGenMark *m) {
  if (a->truncate_in)
    return truncate(path, m->offset + m->len / 2) == 0;
  if (a->corrupt) /* pcap: the record's captured length (offset 8); pcapng: the block length */
    return poke32(path, m->offset + (a->pcapng ? 4 : 8), 0x7ffffff0u);
  if (a->bad_magic)
    return poke32(path, 0, 0x58585858u); /* "XXXX" */
  if (a->cut_header)
    return truncate(path, 10) == 0;
  return TRUE;
}

static gboolean conf_from_args(const Args *a, VqGenConf *c, GError **error) {
  vq_gen_conf_init(c);
  c->frames = (guint64)a->frames;
  c->flows = (guint)a->flows;
  c->seed = (guint64)a->seed;
  c->pcapng = a->pcapng;
  c->nanosecond = a->nano;
  c->rate_fps = a->rate;
  c->vlan_share = a->vlan_share;
  c->qinq_share = a->qinq_share;
  c->snaplen = (guint)a->snaplen;
  c->linktype = (int)a->linktype;
  c->mark_frame = (guint64)(a->truncate_in ? a->truncate_in : a->corrupt);
  if (a->mix && !vq_gen_parse_mix(a->mix, c->weights, error))
    return FALSE;
  if (a->frames < 0 || a->flows < 1 || a->rate <= 0 || a->snaplen < 1 || a->snaplen > 262144) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "need --frames >= 0, --flows >= 1, --rate > 0, --snaplen 1..262144");
    return FALSE;
  }
  if (c->mark_frame > c->frames) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "no frame %" G_GUINT64_FORMAT,
                c->mark_frame);
    return FALSE;
  }
  return TRUE;
}

int main(int argc, char **argv) {
  g_auto(Args) a = {.frames = 1000,
                    .flows = 100,
                    .seed = 1,
                    .snaplen = 262144,
                    .linktype = 1,
                    .rate = 1e6,
                    .vlan_share = 0.25,
                    .qinq_share = 1.0 / 16};
  const GOptionEntry entries[] = {
      {"pcapng", 0, 0, G_OPTION_ARG_NONE, &a.pcapng, "pcapng (default pcap)", NULL},
      {"nano", 0, 0, G_OPTION_ARG_NONE, &a.nano, "Nanosecond timestamps", NULL},
      {"frames", 0, 0, G_OPTION_ARG_INT64, &a.frames, "Frames (1000)", "N"},
      {"flows", 0, 0, G_OPTION_ARG_INT64, &a.flows, "Flows (100)", "N"},
      {"seed", 0, 0, G_OPTION_ARG_INT64, &a.seed, "Seed (1)", "S"},
      {"rate", 0, 0, G_OPTION_ARG_DOUBLE, &a.rate, "Frames per second (1e6)", "FPS"},
      {"mix", 0, 0, G_OPTION_ARG_STRING, &a.mix, "Kinds and weights (all 1)", "KIND=W,..."},
      {"vlan-share", 0, 0, G_OPTION_ARG_DOUBLE, &a.vlan_share, "Flows with 802.1Q", "X"},
      {"qinq-share", 0, 0, G_OPTION_ARG_DOUBLE, &a.qinq_share, "Flows with two tags", "X"},
      {"snaplen", 0, 0, G_OPTION_ARG_INT64, &a.snaplen, "Snap length (262144)", "N"},
      {"linktype", 0, 0, G_OPTION_ARG_INT64, &a.linktype, "Link type, a DLT (1, Ethernet)", "N"},
      {"expect", 0, 0, G_OPTION_ARG_FILENAME, &a.expect, "Write the expected frames", "FILE"},
      {"truncate-in-frame", 0, 0, G_OPTION_ARG_INT64, &a.truncate_in, "Cut in frame K", "K"},
      {"corrupt-frame", 0, 0, G_OPTION_ARG_INT64, &a.corrupt, "Bad length in frame K", "K"},
      {"bad-magic", 0, 0, G_OPTION_ARG_NONE, &a.bad_magic, "Replace the magic number", NULL},
      {"cut-header", 0, 0, G_OPTION_ARG_NONE, &a.cut_header, "Cut inside the file header", NULL},
      G_OPTION_ENTRY_NULL};
  g_autoptr(GOptionContext) ctx = g_option_context_new("OUT");
  g_option_context_add_main_entries(ctx, entries, NULL);
  g_autoptr(GError) error = NULL;
  VqGenConf conf;
  if (!g_option_context_parse(ctx, &argc, &argv, &error) || !conf_from_args(&a, &conf, &error) ||
      argc != 2) {
    fprintf(stderr, "vq-gen-capture: %s\n", error ? error->message : "expected one OUT file");
    return 2;
  }
  FILE *expect = a.expect ? fopen(a.expect, "w") : NULL;
  if (a.expect && !expect) {
    perror(a.expect);
    return 1;
  }
  if (expect)
    fprintf(expect, "%s\n", vq_capture_format_header());
  VqGenMark mark = {0};
  Written w = {g_array_new(FALSE, FALSE, sizeof(guint32)), expect};
  gboolean ok = vq_gen_write(&conf, argv[1], on_frame, &w, &mark, &error);
  if (expect && fclose(expect) != 0)
    ok = FALSE;
  if (ok)
    check_written(argv[1], conf.linktype, w.lens);
  g_array_unref(w.lens);
  if (ok && !damage(&a, argv[1], &mark))
    ok = FALSE;
  if (!ok)
    fprintf(stderr, "vq-gen-capture: %s\n", error ? error->message : "cannot write");
  return ok ? 0 : 1;
}
