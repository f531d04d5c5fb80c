/* Capture files (models/capture.c): captures the project writes itself (tests/tools/
 * vq-gen-capture, $VQ_GEN_CAPTURE) read back frame by frame, in pcap and pcapng, microsecond
 * and nanosecond, every field equal to what the generator says it wrote; and every broken file
 * (truncated in a record or in the header, corrupt record, bad magic, wrong link type, missing,
 * empty, a directory) refused with one line naming the file and, for a record, the frame. */
#include <glib/gstdio.h>
#include <string.h>

#include "models/capture.h"

typedef struct {
  char *dir;
  char *path;   /* the capture */
  char *expect; /* the generator's expected frames */
} Fixture;

static void setup(Fixture *fx, gconstpointer data) {
  fx->dir = g_dir_make_tmp("test-capture-XXXXXX", NULL);
  g_assert_nonnull(fx->dir);
  fx->path = g_build_filename(fx->dir, "c.cap", NULL);
  fx->expect = g_build_filename(fx->dir, "c.tsv", NULL);
}

static void teardown(Fixture *fx, gconstpointer data) {
  g_remove(fx->path);
  g_remove(fx->expect);
  g_rmdir(fx->dir);
  g_free(fx->dir);
  g_free(fx->path);
  g_free(fx->expect);
}

/* Runs the generator writing FX's capture and expectations, with ARGS (space-separated). */
static void generate(const Fixture *fx, const char *args) {
  const char *gen = g_getenv("VQ_GEN_CAPTURE");
  if (!gen)
    gen = "./vq-gen-capture";
  g_autofree char *cmd = g_strdup_printf("%s %s --expect %s %s", gen, fx->path, fx->expect, args);
  g_auto(GStrv) argv = g_strsplit(cmd, " ", -1);
  g_autofree char *err = NULL;
  gint status = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true(
      g_spawn_sync(NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error));
  g_assert_no_error(error);
  if (!g_spawn_check_wait_status(status, NULL))
    g_error("%s failed: %s", cmd, err);
}

/* Reads FX's capture to the end, comparing every frame with the expectations; returns the
 * frames read, and counts each status and family into the arrays. */
static guint64 read_and_compare(const Fixture *fx, const char *format, guint64 *by_status,
                                guint64 *by_family) {
  g_autofree char *text = NULL;
  g_assert_true(g_file_get_contents(fx->expect, &text, NULL, NULL));
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  g_assert_cmpstr(lines[0], ==, vq_capture_format_header());
  g_autoptr(GError) error = NULL;
  g_autoptr(VqCapture) c = vq_capture_open(fx->path, &error);
  g_assert_no_error(error);
  g_assert_cmpstr(vq_capture_format(c), ==, format);
  VqCaptureFrame f;
  guint64 n = 0;
  while (vq_capture_next(c, &f, &error)) {
    n++;
    g_autofree char *got = vq_capture_format_frame(n, &f);
    g_assert_nonnull(lines[n]);
    g_assert_cmpstr(got, ==, lines[n]);
    by_status[f.status]++;
    by_family[f.status == VQ_CAPTURE_OK ? f.rss.family : 1]++;
  }
  g_assert_no_error(error);
  g_assert_cmpstr(lines[n + 1], ==, ""); /* every expected frame was read, none more */
  g_assert_cmpuint(vq_capture_frames(c), ==, n);
  g_assert_cmpfloat(vq_capture_start_s(c), ==, 1700000000.0);
  return n;
}

/* 3000 frames of every kind: each frame as written, each kind and reason present. */
static void roundtrip(Fixture *fx, const char *format, gboolean nano) {
  g_autofree char *args =
      g_strdup_printf("--frames 3000 --flows 300 --seed 7 --rate 1.234567e6%s%s",
                      strcmp(format, "pcapng") ? "" : " --pcapng", nano ? " --nano" : "");
  generate(fx, args);
  guint64 by_status[VQ_CAPTURE_N_STATUS] = {0}, by_family[7] = {0};
  g_assert_cmpuint(read_and_compare(fx, format, by_status, by_family), ==, 3000);
  /* the generator's mix: truncated and bad-ipv4 flows, IPv4, IPv6 and non-IP (ARP) frames */
  g_assert_cmpuint(by_status[VQ_CAPTURE_OK], >, 2000);
  g_assert_cmpuint(by_status[VQ_CAPTURE_TRUNCATED], >, 0);
  g_assert_cmpuint(by_status[VQ_CAPTURE_BAD_IPV4], >, 0);
  g_assert_cmpuint(by_family[0], >, 0);
  g_assert_cmpuint(by_family[4], >, 0);
  g_assert_cmpuint(by_family[6], >, 0);
}

static void test_roundtrip_pcap(Fixture *fx, gconstpointer data) {
  roundtrip(fx, "pcap", FALSE);
}

static void test_roundtrip_pcap_nano(Fixture *fx, gconstpointer data) {
  roundtrip(fx, "pcap", TRUE);
}

static void test_roundtrip_pcapng(Fixture *fx, gconstpointer data) {
  roundtrip(fx, "pcapng", FALSE);
}

static void test_roundtrip_pcapng_nano(Fixture *fx, gconstpointer data) {
  roundtrip(fx, "pcapng", TRUE);
}

/* Nanosecond files keep nanoseconds: frames 1/3 us apart are not rounded to microseconds. */
static void test_nanosecond_times(Fixture *fx, gconstpointer data) {
  generate(fx, "--nano --frames 4 --rate 3e6");
  g_autoptr(VqCapture) c = vq_capture_open(fx->path, NULL);
  g_assert_nonnull(c);
  VqCaptureFrame f;
  for (int k = 0; k < 4; k++) {
    g_assert_true(vq_capture_next(c, &f, NULL));
    /* k / 3e6 s rounded to the nanosecond: 0, 333, 667, 1000 ns */
    g_assert_cmpfloat_with_epsilon(f.time_s, (double)(gint64)(k * 1e9 / 3e6 + 0.5) * 1e-9, 1e-15);
  }
}

/* A snap length shorter than the headers: frames become truncated as the generator says. */
static void test_snaplen(Fixture *fx, gconstpointer data) {
  generate(fx, "--snaplen 64 --frames 2000 --pcapng");
  guint64 by_status[VQ_CAPTURE_N_STATUS] = {0}, by_family[7] = {0};
  g_assert_cmpuint(read_and_compare(fx, "pcapng", by_status, by_family), ==, 2000);
  g_assert_cmpuint(by_status[VQ_CAPTURE_TRUNCATED], >, 2000 / 12 + 100); /* ipv6-ext too */
}

/* Opens (or reads to the end) FX's capture and expects one error of CODE whose message is
 * one line starting with the file's name and containing WANT. */
static void expect_error(const char *path, VqCaptureError code, const char *want,
                         guint64 good_frames) {
  g_autoptr(GError) error = NULL;
  g_autoptr(VqCapture) c = vq_capture_open(path, &error);
  VqCaptureFrame f;
  guint64 n = 0;
  while (c && vq_capture_next(c, &f, &error))
    n++;
  g_assert_error(error, VQ_CAPTURE_ERROR, (gint)code);
  g_assert_cmpuint(n, ==, good_frames);
  g_assert_true(g_str_has_prefix(error->message, path));
  g_assert_null(strchr(error->message, '\n'));
  if (!strstr(error->message, want))
    g_error("'%s' does not contain '%s'", error->message, want);
}

static void test_truncated_record(Fixture *fx, gconstpointer data) {
  generate(fx, "--frames 100 --truncate-in-frame 37");
  expect_error(fx->path, VQ_CAPTURE_ERROR_TRUNCATED, ": frame 37: truncated", 36);
  generate(fx, "--frames 100 --truncate-in-frame 100 --pcapng");
  expect_error(fx->path, VQ_CAPTURE_ERROR_TRUNCATED, ": frame 100: truncated", 99);
}

static void test_corrupt_record(Fixture *fx, gconstpointer data) {
  generate(fx, "--frames 50 --corrupt-frame 5");
  expect_error(fx->path, VQ_CAPTURE_ERROR_CORRUPT, ": frame 5: corrupt record", 4);
  generate(fx, "--frames 50 --corrupt-frame 1 --pcapng");
  expect_error(fx->path, VQ_CAPTURE_ERROR_CORRUPT, ": frame 1: corrupt record", 0);
}

static void test_bad_header(Fixture *fx, gconstpointer data) {
  generate(fx, "--frames 5 --bad-magic");
  expect_error(fx->path, VQ_CAPTURE_ERROR_FORMAT, "not a pcap or pcapng capture", 0);
  generate(fx, "--frames 5 --cut-header");
  expect_error(fx->path, VQ_CAPTURE_ERROR_TRUNCATED, "ends inside its header", 0);
  generate(fx, "--frames 5 --linktype 12"); /* DLT_RAW, LINKTYPE_RAW 101 in the file */
  expect_error(fx->path, VQ_CAPTURE_ERROR_LINK_TYPE, "link type RAW (12)", 0);
  generate(fx, "--frames 5 --linktype 105 --pcapng"); /* 802.11 */
  expect_error(fx->path, VQ_CAPTURE_ERROR_LINK_TYPE, "Ethernet captures only", 0);
  g_assert_true(g_file_set_contents(fx->path, "", 0, NULL));
  expect_error(fx->path, VQ_CAPTURE_ERROR_FORMAT, "empty file", 0);
}

static void test_not_a_file(Fixture *fx, gconstpointer data) {
  expect_error(fx->path, VQ_CAPTURE_ERROR_OPEN, "cannot open: No such file", 0);
  expect_error(fx->dir, VQ_CAPTURE_ERROR_OPEN, "is a directory", 0);
}

/* An empty capture (a header, no frame) is valid: no frame, no error. */
static void test_no_frames(Fixture *fx, gconstpointer data) {
  generate(fx, "--frames 0 --pcapng");
  g_autoptr(GError) error = NULL;
  g_autoptr(VqCapture) c = vq_capture_open(fx->path, &error);
  g_assert_no_error(error);
  VqCaptureFrame f;
  g_assert_false(vq_capture_next(c, &f, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(vq_capture_frames(c), ==, 0);
  g_assert_cmpuint(vq_capture_snaplen(c), ==, 262144);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, setup, fn, teardown)
  ADD("/capture/roundtrip/pcap", test_roundtrip_pcap);
  ADD("/capture/roundtrip/pcap-nano", test_roundtrip_pcap_nano);
  ADD("/capture/roundtrip/pcapng", test_roundtrip_pcapng);
  ADD("/capture/roundtrip/pcapng-nano", test_roundtrip_pcapng_nano);
  ADD("/capture/roundtrip/snaplen", test_snaplen);
  ADD("/capture/time/nanosecond", test_nanosecond_times);
  ADD("/capture/errors/truncated-record", test_truncated_record);
  ADD("/capture/errors/corrupt-record", test_corrupt_record);
  ADD("/capture/errors/bad-header", test_bad_header);
  ADD("/capture/errors/not-a-file", test_not_a_file);
  ADD("/capture/no-frames", test_no_frames);
  return g_test_run();
}
