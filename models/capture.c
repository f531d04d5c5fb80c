/* Capture: reading pcap and pcapng files through libpcap (see capture.h). */
/* pcap.h uses the BSD types u_int, u_char (glibc: _DEFAULT_SOURCE); fileno. */
#define _DEFAULT_SOURCE

#include "models/capture.h"

#include <errno.h>
#include <stdio_ext.h>
#include <pcap/pcap.h>
#include <string.h>
#include <sys/stat.h>

/* Read buffer of the capture's stream: one read() per 256 KiB instead of per 4 KiB (stdio's
 * default), which is most of the reading cost of small frames. */
#define READ_BUFFER_BYTES (256 * 1024)

struct VqCapture {
  pcap_t *pcap;
  char *name;          /* the file, as messages name it */
  char *buffer;        /* the stream's stdio buffer: freed after the stream is closed */
  guint64 frames;      /* records read */
  gint64 t0_sec;       /* the first frame's time: seconds ... */
  gint64 t0_nsec;      /* ... and nanoseconds */
  gboolean major_is_1; /* libpcap reports pcapng as version 1.0, pcap as 2.4 */
};

GQuark vq_capture_error_quark(void) {
  return g_quark_from_static_string("vq-capture-error-quark");
}

/* libpcap's message on one line (it has none, but a message is one line whatever the input). */
static char *one_line(const char *text) {
  return g_strdelimit(g_strdup(text), "\r\n", ' ');
}

/* The error for libpcap's open failure ERRBUF on NAME: truncated or not a capture at all. */
static void open_failed(const char *name, const char *errbuf, GError **error) {
  g_autofree char *why = one_line(errbuf);
  if (strstr(errbuf, "truncated"))
    g_set_error(error, VQ_CAPTURE_ERROR, VQ_CAPTURE_ERROR_TRUNCATED,
                "%s: truncated capture: the file ends inside its header (libpcap: %s)", name, why);
  else
    g_set_error(error, VQ_CAPTURE_ERROR, VQ_CAPTURE_ERROR_FORMAT,
                "%s: not a pcap or pcapng capture (libpcap: %s)", name, why);
}

VqCapture *vq_capture_open(const char *path, GError **error) {
  g_return_val_if_fail(path != NULL, NULL);
  FILE *fp = fopen(path, "rb");
  if (fp == NULL) {
    int e = errno;
    g_set_error(error, VQ_CAPTURE_ERROR, VQ_CAPTURE_ERROR_OPEN, "%s: cannot open: %s", path,
                g_strerror(e));
    return NULL;
  }
  return vq_capture_open_stream(fp, path, error);
}

/* FALSE with ERROR when FP is a directory or an empty regular file. */
static gboolean check_stream(FILE *fp, const char *name, GError **error) {
  struct stat st;
  int fd = fileno(fp); /* -1 for a memory stream: nothing to check */
  if (fd < 0 || fstat(fd, &st) != 0)
    return TRUE;
  if (S_ISDIR(st.st_mode)) {
    g_set_error(error, VQ_CAPTURE_ERROR, VQ_CAPTURE_ERROR_OPEN,
                "%s: is a directory; expected a pcap or pcapng capture", name);
    return FALSE;
  }
  if (S_ISREG(st.st_mode) && st.st_size == 0) {
    g_set_error(error, VQ_CAPTURE_ERROR, VQ_CAPTURE_ERROR_FORMAT,
                "%s: empty file; expected a pcap or pcapng capture", name);
    return FALSE;
  }
  return TRUE;
}

VqCapture *vq_capture_open_stream(FILE *fp, const char *name, GError **error) {
  g_return_val_if_fail(fp != NULL && name != NULL, NULL);
  if (!check_stream(fp, name, error)) {
    fclose(fp);
    return NULL;
  }
  char *buffer = NULL;
  if (fileno(fp) >= 0) { /* a file, not a memory stream */
    buffer = g_malloc(READ_BUFFER_BYTES);
    setvbuf(fp, buffer, _IOFBF, READ_BUFFER_BYTES);
  }
  __fsetlocking(fp, FSETLOCKING_BYCALLER); /* one thread reads it: no lock per fread */
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  /* Nanosecond timestamps whatever the file's resolution: libpcap scales microseconds. */
  pcap_t *p = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (p == NULL) {
    fclose(fp); /* libpcap leaves the stream to its caller on failure */
    g_free(buffer);
    open_failed(name, errbuf, error);
    return NULL;
  }
  VqCapture *c = g_new0(VqCapture, 1);
  c->pcap = p;
  c->name = g_strdup(name);
  c->buffer = buffer;
  c->major_is_1 = pcap_major_version(p) == 1;
  int dlt = pcap_datalink(p);
  if (dlt != DLT_EN10MB) {
    const char *dlt_name = pcap_datalink_val_to_name(dlt);
    g_set_error(error, VQ_CAPTURE_ERROR, VQ_CAPTURE_ERROR_LINK_TYPE,
                "%s: link type %s (%d); vmqsim reads Ethernet captures only (EN10MB, 1)", name,
                dlt_name ? dlt_name : "unknown", dlt);
    vq_capture_free(c);
    return NULL;
  }
  return c;
}

void vq_capture_free(VqCapture *c) {
  if (c == NULL)
    return;
  pcap_close(c->pcap); /* closes the stream, which uses the buffer */
  g_free(c->buffer);
  g_free(c->name);
  g_free(c);
}

/* The error for pcap_next_ex's failure on frame NUMBER. */
static void read_failed(const VqCapture *c, guint64 number, GError **error) {
  const char *errbuf = pcap_geterr(c->pcap);
  g_autofree char *why = one_line(errbuf);
  /* libpcap 1.10 (sf-pcap.c, sf-pcapng.c): "truncated dump file; tried to read N captured
   * bytes, only got M", "truncated pcapng dump file; ..." when the file ends in a record; other
   * messages ("invalid packet capture length", a block's bad length) for a corrupt one. */
  if (strstr(errbuf, "truncated"))
    g_set_error(error, VQ_CAPTURE_ERROR, VQ_CAPTURE_ERROR_TRUNCATED,
                "%s: frame %" G_GUINT64_FORMAT
                ": truncated capture: the file ends inside this frame's record (libpcap: %s)",
                c->name, number, why);
  else
    g_set_error(error, VQ_CAPTURE_ERROR, VQ_CAPTURE_ERROR_CORRUPT,
                "%s: frame %" G_GUINT64_FORMAT ": corrupt record (libpcap: %s)", c->name, number,
                why);
}

gboolean vq_capture_next(VqCapture *c, VqCaptureFrame *out, GError **error) {
  g_return_val_if_fail(c != NULL && out != NULL, FALSE);
  struct pcap_pkthdr *h;
  const u_char *data;
  int rc = pcap_next_ex(c->pcap, &h, &data);
  if (rc == PCAP_ERROR_BREAK) /* a savefile's end */
    return FALSE;
  if (rc != 1) {
    read_failed(c, c->frames + 1, error);
    return FALSE;
  }
  c->frames++;
  vq_capture_parse(data, h->caplen, h->len, out);
  /* With PCAP_TSTAMP_PRECISION_NANO, tv_usec holds nanoseconds. */
  if (c->frames == 1) {
    c->t0_sec = h->ts.tv_sec;
    c->t0_nsec = h->ts.tv_usec;
  }
  out->time_s = (double)(h->ts.tv_sec - c->t0_sec) + (double)(h->ts.tv_usec - c->t0_nsec) * 1e-9;
  return TRUE;
}

guint64 vq_capture_frames(const VqCapture *c) {
  g_return_val_if_fail(c != NULL, 0);
  return c->frames;
}

const char *vq_capture_format(const VqCapture *c) {
  g_return_val_if_fail(c != NULL, NULL);
  return c->major_is_1 ? "pcapng" : "pcap";
}

double vq_capture_start_s(const VqCapture *c) {
  g_return_val_if_fail(c != NULL, 0);
  return c->frames ? (double)c->t0_sec + (double)c->t0_nsec * 1e-9 : 0;
}

guint vq_capture_snaplen(const VqCapture *c) {
  g_return_val_if_fail(c != NULL, 0);
  int s = pcap_snapshot(c->pcap);
  return s > 0 ? (guint)s : 0;
}
