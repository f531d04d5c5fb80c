/* libFuzzer target for the scenario loader (sim/scenario*.c, sim/ini.c, sim/units.c).
 *
 * Each input is written to one memfd, reused for the whole run (no disk traffic), and loaded by
 * vq_scenario_load() through its /proc/self/fd/N name, with the input's "#set " lines as --set
 * overrides so the override parser is fuzzed too. Whatever the input, the outcome must pass
 * vq_fuzz_check_outcome() (tests/fuzz/scenario-check.h): a scenario keeping every promise of
 * scenario.h, or one well-formed error. Anything else aborts, and so do GLib criticals and
 * warnings (a g_return_if_fail reached from input is a bug too). ASan, UBSan and LeakSanitizer
 * do the rest: the loader never starts SimGrid, so a leak here is a real one.
 *
 * Built and run by scripts/fuzz.sh; see tests/fuzz/README.md.
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sim/scenario.h"
#include "tests/fuzz/fuzz-input.h"
#include "tests/fuzz/scenario-check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int input_fd = -1;
static char input_path[64];
static gboolean verbose; /* FUZZ_SCENARIO_VERBOSE set: print each outcome (replaying a corpus) */

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  verbose = g_getenv("FUZZ_SCENARIO_VERBOSE") != NULL;
  input_fd = memfd_create("fuzz-scenario", MFD_CLOEXEC);
  if (input_fd < 0) {
    perror("fuzz-scenario: memfd_create");
    abort();
  }
  snprintf(input_path, sizeof input_path, "/proc/self/fd/%d", input_fd);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vq_fuzz_write_input(input_fd, data, size, "fuzz-scenario");
  g_auto(GStrv) sets = vq_fuzz_overrides((const char *)data, size);
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(input_path, (const char *const *)sets, &err);
  g_autofree char *broken = vq_fuzz_check_outcome(input_path, (const char *const *)sets, sc, err);
  if (verbose)
    fprintf(stderr, "fuzz-scenario: %s\n", sc != NULL ? "loaded" : err->message);
  if (broken != NULL)
    fprintf(stderr, "fuzz-scenario: BROKEN INVARIANT: %s\n", broken);
  /* Every input: a scenario keeping scenario.h's promises, or one well-formed error. */
  g_assert_null(broken);
  return 0;
}
