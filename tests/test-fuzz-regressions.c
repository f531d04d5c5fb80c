/* Replays every input in tests/fuzz/regressions/ exactly as its fuzz target runs it, and asserts
 * the same outcome the fuzzer demands. A *.sweep file goes to the sweep loader from the target's
 * temporary directory (next to short.ini) and must give a sweep keeping sweep.h's promises or one
 * well-formed error (tests/fuzz/sweep-check.h); any other file goes to the scenario loader (its
 * "#set " lines as overrides) and must give a scenario keeping scenario.h's promises or one
 * well-formed error (tests/fuzz/scenario-check.h); a *.pcap, *.pcapng or *.frame file goes to
 * the capture reader, as a frame and as a file (tests/fuzz/capture-check.h). Each file the
 * fuzzers ever broke a loader with stays here, so the bug cannot come back. Run under ASan/UBSan
 * by the sanitizer stage of .ci/run.
 */
#define _POSIX_C_SOURCE 200809L /* fmemopen, in capture-check.h */

#include <string.h>

#include "sim/scenario.h"
#include "sim/study/sweep.h"
#include "tests/fuzz/capture-check.h"
#include "tests/fuzz/scenario-check.h"
#include "tests/fuzz/sweep-check.h"

#define REGRESSIONS VQ_SOURCE_DIR "/tests/fuzz/regressions"

/* The bytes of the regression input PATH (*LEN of them). */
static char *read_input(const char *path, gsize *len) {
  char *text = NULL;
  g_autoptr(GError) io = NULL;
  g_assert_true(g_file_get_contents(path, &text, len, &io));
  g_assert_no_error(io);
  return text;
}

static void test_replay_sweep(gconstpointer data) {
  const char *file = data;
  gsize len = 0;
  g_autofree char *text = read_input(file, &len);
  g_autoptr(GError) io = NULL;
  g_autofree char *dir = vq_fuzz_sweep_dir_new(&io);
  g_assert_no_error(io);
  g_autofree char *path = g_build_filename(dir, VQ_FUZZ_SWEEP_INPUT, NULL);
  g_assert_true(g_file_set_contents(path, text, (gssize)len, &io));
  g_autoptr(GError) err = NULL;
  VqSweep *sw = vq_sweep_load(path, &err);
  g_test_message("%s", sw != NULL ? "loaded" : err->message);
  g_autofree char *broken = vq_fuzz_check_sweep_outcome(path, text, len, sw, err);
  vq_sweep_free(sw);
  vq_fuzz_sweep_dir_remove(dir);
  if (broken != NULL)
    g_error("%s: %s", file, broken);
}

static void test_replay(gconstpointer data) {
  const char *path = data;
  gsize len = 0;
  g_autofree char *text = read_input(path, &len);
  g_auto(GStrv) sets = vq_fuzz_overrides(text, len);
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(path, (const char *const *)sets, &err);
  g_test_message("%s", sc != NULL ? "loaded" : err->message);
  g_autofree char *broken = vq_fuzz_check_outcome(path, (const char *const *)sets, sc, err);
  if (broken != NULL)
    g_error("%s: %s", path, broken);
}

static void test_replay_capture(gconstpointer data) {
  const char *path = data;
  gsize len = 0;
  g_autofree char *bytes = read_input(path, &len);
  g_autofree char *broken = vq_fuzz_check_capture((const guint8 *)bytes, len);
  if (broken != NULL)
    g_error("%s: %s", path, broken);
}

static gboolean is_capture(const char *name) {
  return g_str_has_suffix(name, ".pcap") || g_str_has_suffix(name, ".pcapng") ||
         g_str_has_suffix(name, ".frame");
}

/* The checks themselves: a multi-line message and a missing location are caught. */
static void test_checker(void) {
  g_autoptr(GError) two_lines =
      g_error_new(VQ_SCENARIO_ERROR, VQ_SCENARIO_ERROR_SYNTAX, "f.ini:1: [nic] a\nb");
  g_autofree char *m1 = vq_fuzz_check_outcome("f.ini", NULL, NULL, two_lines);
  g_assert_nonnull(m1);
  g_autoptr(GError) nowhere =
      g_error_new(VQ_SCENARIO_ERROR, VQ_SCENARIO_ERROR_SYNTAX, "[nic] vmq: bad");
  g_autofree char *m2 = vq_fuzz_check_outcome("f.ini", NULL, NULL, nowhere);
  g_assert_nonnull(m2);
  const char *const sets[] = {"nic.vmq=x", NULL};
  g_autoptr(GError) set =
      g_error_new(VQ_SCENARIO_ERROR, VQ_SCENARIO_ERROR_SYNTAX, "--set nic.vmq=x: [nic] vmq: bad");
  g_autofree char *m3 = vq_fuzz_check_outcome("f.ini", sets, NULL, set);
  g_assert_null(m3);
  g_autofree char *m4 = vq_fuzz_check_outcome("f.ini", NULL, NULL, NULL);
  g_assert_nonnull(m4);

  const char text[] = "#set nic.vmq=off\n[nic]\n#set  host.processors=2\r\n#se x\n#set ";
  g_auto(GStrv) got = vq_fuzz_overrides(text, sizeof text - 1);
  g_assert_nonnull(got);
  g_assert_cmpuint(g_strv_length(got), ==, 3);
  g_assert_cmpstr(got[0], ==, "nic.vmq=off");
  g_assert_cmpstr(got[1], ==, " host.processors=2\r");
  g_assert_cmpstr(got[2], ==, "");

  /* Sweeps: "PATH:LINE: " with LINE a line of the input, or "PATH: " for IO only. */
  const char in[] = "[sweep]\nscenario = x.ini\n";
  g_autoptr(GError) line2 =
      g_error_new(VQ_SWEEP_ERROR, VQ_SWEEP_ERROR_SYNTAX, "s.sweep:2: [sweep] scenario: x");
  g_autofree char *s1 = vq_fuzz_check_sweep_outcome("s.sweep", in, sizeof in - 1, NULL, line2);
  g_assert_null(s1);
  g_autoptr(GError) line9 =
      g_error_new(VQ_SWEEP_ERROR, VQ_SWEEP_ERROR_SYNTAX, "s.sweep:9: [sweep] scenario: x");
  g_autofree char *s2 = vq_fuzz_check_sweep_outcome("s.sweep", in, sizeof in - 1, NULL, line9);
  g_assert_nonnull(s2);
  g_autoptr(GError) noline = g_error_new(VQ_SWEEP_ERROR, VQ_SWEEP_ERROR_SYNTAX, "s.sweep: x");
  g_autofree char *s3 = vq_fuzz_check_sweep_outcome("s.sweep", in, sizeof in - 1, NULL, noline);
  g_assert_nonnull(s3);
  g_autoptr(GError) io = g_error_new(VQ_SWEEP_ERROR, VQ_SWEEP_ERROR_IO, "s.sweep: no such file");
  g_autofree char *s4 = vq_fuzz_check_sweep_outcome("s.sweep", in, sizeof in - 1, NULL, io);
  g_assert_null(s4);
  g_autoptr(GError) scen =
      g_error_new(VQ_SCENARIO_ERROR, VQ_SCENARIO_ERROR_SYNTAX, "s.sweep:1: [sweep] x");
  g_autofree char *s5 = vq_fuzz_check_sweep_outcome("s.sweep", in, sizeof in - 1, NULL, scen);
  g_assert_nonnull(s5);
}

/* g_ptr_array_sort() hands over pointers to the elements. */
static gint by_name(gconstpointer a, gconstpointer b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/fuzz-regressions/checker", test_checker);

  g_autoptr(GError) err = NULL;
  g_autoptr(GDir) dir = g_dir_open(REGRESSIONS, 0, &err);
  g_assert_no_error(err);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  for (const char *n; (n = g_dir_read_name(dir)) != NULL;)
    if (!g_str_has_prefix(n, "README"))
      g_ptr_array_add(names, g_strdup(n));
  g_ptr_array_sort(names, by_name);
  /* An empty folder would make this test one that cannot fail. */
  g_assert_cmpuint(names->len, >, 0);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < names->len; i++) {
    const char *n = g_ptr_array_index(names, i);
    char *path = g_build_filename(REGRESSIONS, n, NULL);
    g_ptr_array_add(paths, path);
    g_autofree char *test = g_strconcat("/fuzz-regressions/", n, NULL);
    g_test_add_data_func(test, path,
                         g_str_has_suffix(n, ".sweep") ? test_replay_sweep
                         : is_capture(n)               ? test_replay_capture
                                                       : test_replay);
  }
  return g_test_run();
}
