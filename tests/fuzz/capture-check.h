/* What must hold for ANY input to the capture reader, shared by the fuzz target
 * (tests/fuzz/fuzz-capture.c), the regression test (tests/test-fuzz-regressions.c, for *.pcap,
 * *.pcapng and *.frame) and the seed replay of tests/test-capture-parse.c.
 *
 * Each input is used twice:
 * - as one frame's bytes, parsed by vq_capture_parse() with its wire length equal to, above and
 *   below its captured length: a known status, the lengths echoed, the fields consistent with the
 *   status (family 4 only behind ethertype 0x0800, ports only for unfragmented TCP/UDP, Mobile
 *   IPv6 addresses only for IPv6, at most two tags, 12-bit VLAN ids), a one-line text form with
 *   a value per column, and the hash computable; and cutting the capture short can only make a
 *   frame "truncated", never change what was parsed (every shorter captured length gives the same
 *   frame or a truncated one);
 * - as a capture file, read through fmemopen() and vq_capture_open_stream() to its end: exactly
 *   one of a capture and an error on opening, then frames with known statuses until the end or
 *   one error; every error in VQ_CAPTURE_ERROR with a known code, on one line, starting with the
 *   file's name, and naming the frame after the last one read when it is about a record.
 * Needs fmemopen(): define _POSIX_C_SOURCE 200809L before the first #include.
 */
#ifndef VQ_TESTS_FUZZ_CAPTURE_CHECK_H
#define VQ_TESTS_FUZZ_CAPTURE_CHECK_H

#include <stdio.h>
#include <string.h>

#include "models/capture.h"
#include "models/rss.h"

#define VQ_FUZZ_CAPTURE_NAME "fuzz.cap"

/* NULL when F (parsed from CAP of WIRE bytes) is consistent, else what is not (transfer full). */
static inline char *vq_fuzz_check_frame(const VqCaptureFrame *f, guint32 cap, guint32 wire) {
  const VqRssPacket *p = &f->rss;
  if ((guint)f->status >= VQ_CAPTURE_N_STATUS)
    return g_strdup_printf("status %d out of range", f->status);
  if (f->cap_len != cap || f->wire_len != wire)
    return g_strdup("lengths not echoed");
  if (cap > wire && f->status != VQ_CAPTURE_BAD_LENGTHS)
    return g_strdup("captured length over the wire length not refused");
  if (f->n_tags > 2 || f->vlan > 4095 || f->outer_vlan > 4095 || (f->n_tags < 2 && f->outer_vlan))
    return g_strdup("VLAN fields out of range");
  gboolean l4 = !p->is_fragment && (p->ip_proto == VQ_PROTO_TCP || p->ip_proto == VQ_PROTO_UDP);
  if (f->status == VQ_CAPTURE_OK &&
      ((p->family != 0 && p->family != 4 && p->family != 6) ||
       (p->family == 4 && f->ethertype != 0x0800) || (p->family == 6 && f->ethertype != 0x86dd) ||
       (p->family == 0 && (f->ethertype == 0x0800 || f->ethertype == 0x86dd)) ||
       (!l4 && (p->src_port || p->dst_port)) ||
       (p->family != 6 && (p->has_home_addr || p->has_rh2_addr))))
    return g_strdup("usable frame with inconsistent fields");
  g_autofree char *line = vq_capture_format_frame(1, f);
  g_auto(GStrv) cols = g_strsplit(line, "\t", -1);
  g_auto(GStrv) head = g_strsplit(vq_capture_format_header(), "\t", -1);
  if (strchr(line, '\n') || g_strv_length(cols) != g_strv_length(head))
    return g_strdup_printf("text form '%s' is not one line of %u columns", line,
                           g_strv_length(head));
  static VqToeplitz *tz;
  if (!tz)
    tz = vq_toeplitz_new(vq_rss_ms_key); /* once for the process */
  guint32 h1 = 0, h2 = 1, t1 = 0, t2 = 0;
  vq_rss_hash_packet(tz, VQ_HASH_ALL_MODELLED, p, &h1, &t1);
  vq_rss_hash_packet(tz, VQ_HASH_ALL_MODELLED, p, &h2, &t2);
  return h1 == h2 && t1 == t2 ? NULL : g_strdup("hash not deterministic");
}

/* The frame checks on DATA parsed as one frame, then on shorter captures of it. */
static inline char *vq_fuzz_check_frames(const guint8 *data, guint32 size) {
  const guint32 wires[] = {size, size + 1000, size / 2};
  for (guint w = 0; w < G_N_ELEMENTS(wires); w++) {
    VqCaptureFrame full, part;
    vq_capture_parse(data, size, wires[w], &full);
    char *broken = vq_fuzz_check_frame(&full, size, wires[w]);
    if (broken || size > wires[w])
      return broken;
    const guint32 cuts[] = {size / 2, size * 3 / 4, size ? size - 1 : 0, 14, 18, 34, 54, 58};
    for (guint c = 0; c < G_N_ELEMENTS(cuts) && cuts[c] <= size; c++) {
      vq_capture_parse(data, cuts[c], wires[w], &part);
      if ((broken = vq_fuzz_check_frame(&part, cuts[c], wires[w])))
        return broken;
      part.cap_len = full.cap_len;
      if (part.status != VQ_CAPTURE_TRUNCATED && memcmp(&part, &full, sizeof part))
        return g_strdup_printf("captured to %u of %u bytes, the frame parses otherwise (%s, "
                               "not %s or truncated)",
                               cuts[c], size, vq_capture_status_name(part.status),
                               vq_capture_status_name(full.status));
    }
  }
  return NULL;
}

/* NULL when ERROR is a well-formed capture error; FRAME: the frame it must name, 0 none. */
static inline char *vq_fuzz_check_capture_error(const GError *error, guint64 frame) {
  if (error->domain != VQ_CAPTURE_ERROR || error->code < 0 ||
      error->code > VQ_CAPTURE_ERROR_CORRUPT)
    return g_strdup_printf("error outside VQ_CAPTURE_ERROR: %s", error->message);
  if (strchr(error->message, '\n') || strchr(error->message, '\r') ||
      !g_str_has_prefix(error->message, VQ_FUZZ_CAPTURE_NAME ": "))
    return g_strdup_printf("error not one line naming the file: %s", error->message);
  g_autofree char *want = g_strdup_printf(": frame %" G_GUINT64_FORMAT ": ", frame);
  if (frame && !strstr(error->message, want))
    return g_strdup_printf("error does not name frame %" G_GUINT64_FORMAT ": %s", frame,
                           error->message);
  return NULL;
}

/* DATA (SIZE bytes) read as a capture file. */
static inline char *vq_fuzz_check_file(const guint8 *data, size_t size) {
  if (size == 0)
    return NULL; /* fmemopen() refuses an empty buffer */
  g_autofree guint8 *copy = g_memdup2(data, size);
  FILE *fp = fmemopen(copy, size, "r");
  if (!fp)
    return g_strdup("fmemopen failed");
  g_autoptr(GError) error = NULL;
  g_autoptr(VqCapture) c = vq_capture_open_stream(fp, VQ_FUZZ_CAPTURE_NAME, &error);
  if ((c == NULL) == (error == NULL))
    return g_strdup("not exactly one of a capture and an error");
  VqCaptureFrame f;
  guint64 n = 0;
  while (c && vq_capture_next(c, &f, &error)) {
    n++;
    char *broken = vq_fuzz_check_frame(&f, f.cap_len, f.wire_len);
    if (broken || n > size)
      return broken ? broken : g_strdup("more frames than bytes");
  }
  if (c && vq_capture_frames(c) != n)
    return g_strdup("frame count differs from the frames read");
  /* opening names no frame; reading always names the one it could not read */
  return error ? vq_fuzz_check_capture_error(error, c ? n + 1 : 0) : NULL;
}

/* Every check on DATA: NULL, or what broke (transfer full). */
static inline char *vq_fuzz_check_capture(const guint8 *data, size_t size) {
  char *broken = vq_fuzz_check_frames(data, (guint32)MIN(size, G_MAXUINT32 / 4));
  return broken ? broken : vq_fuzz_check_file(data, size);
}

#endif
