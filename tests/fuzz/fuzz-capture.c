/* libFuzzer target for the capture reader (models/capture.c, models/capture-parse.c): each input
 * is parsed as one frame's bytes (vq_capture_parse) and read as a pcap / pcapng file from memory
 * (fmemopen + vq_capture_open_stream, libpcap underneath), and must pass vq_fuzz_check_capture()
 * (tests/fuzz/capture-check.h). GLib criticals and warnings abort; ASan, UBSan and LeakSanitizer
 * do the rest.
 *
 * Built and run by scripts/fuzz.sh; see tests/fuzz/README.md.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen, in capture-check.h */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/fuzz/capture-check.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc, (void)argv;
  g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  g_autofree char *broken = vq_fuzz_check_capture(data, size);
  if (broken != NULL)
    fprintf(stderr, "fuzz-capture: BROKEN INVARIANT: %s\n", broken);
  g_assert_null(broken);
  return 0;
}
