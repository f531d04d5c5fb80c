/* libFuzzer target for the sweep loader (sim/sweep.c, and through it sim/ini.c, sim/units.c and
 * the scenario loader with one --set override per axis value).
 *
 * A sweep names its scenario relative to itself, so the input cannot live in a memfd as the
 * scenario target's does: at start-up a private temporary directory gets a copy of
 * tests/data/sweeps/short.ini as "short.ini" (the seeds say `scenario = short.ini`), and each input
 * is written to "in.sweep" next to it, through one descriptor reused for the whole run, then loaded
 * by vq_sweep_load(). Whatever the input, the outcome must pass vq_fuzz_check_sweep_outcome()
 * (tests/fuzz/sweep-check.h): a sweep keeping every promise of sweep.h, every point's overrides
 * included, or one well-formed error naming the file and a line of it. Anything else aborts, and
 * so do GLib criticals and warnings. ASan, UBSan and LeakSanitizer do the rest (no SimGrid here
 * either, so a leak is a real one). The directory is removed at exit (not after a crash).
 *
 * Built and run by scripts/fuzz.sh; see tests/fuzz/README.md.
 */
#define _GNU_SOURCE /* pwrite, O_CLOEXEC under -std=c17 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sim/study/sweep.h"
#include "tests/fuzz/fuzz-input.h"
#include "tests/fuzz/sweep-check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dir;
static char *input_path;
static int input_fd = -1;
static gboolean verbose; /* FUZZ_SWEEP_VERBOSE set: print each outcome (replaying a corpus) */

static void clean_up(void) {
  if (input_fd >= 0)
    close(input_fd);
  vq_fuzz_sweep_dir_remove(dir);
  g_free(input_path);
  g_free(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  verbose = g_getenv("FUZZ_SWEEP_VERBOSE") != NULL;
  g_autoptr(GError) err = NULL;
  dir = vq_fuzz_sweep_dir_new(&err);
  if (dir == NULL) {
    fprintf(stderr, "fuzz-sweep: %s\n", err->message);
    abort();
  }
  input_path = g_build_filename(dir, VQ_FUZZ_SWEEP_INPUT, NULL);
  input_fd = open(input_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (input_fd < 0) {
    perror("fuzz-sweep: open");
    abort();
  }
  atexit(clean_up);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vq_fuzz_write_input(input_fd, data, size, "fuzz-sweep");
  g_autoptr(GError) err = NULL;
  g_autoptr(VqSweep) sw = vq_sweep_load(input_path, &err);
  g_autofree char *broken =
      vq_fuzz_check_sweep_outcome(input_path, (const char *)data, size, sw, err);
  if (verbose)
    fprintf(stderr, "fuzz-sweep: %s\n", sw != NULL ? "loaded" : err->message);
  if (broken != NULL)
    fprintf(stderr, "fuzz-sweep: BROKEN INVARIANT: %s\n", broken);
  /* Every input: a sweep keeping sweep.h's promises, or one well-formed error. */
  g_assert_null(broken);
  return 0;
}
