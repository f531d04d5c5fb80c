/* Shared by the scenario-loader tests (test-scenario.c, test-scenario-vmmq.c). */
#ifndef VQ_TESTS_SCENARIO_TEST_H
#define VQ_TESTS_SCENARIO_TEST_H

#include <string.h>

#include "sim/scenario.h"

#define DATA VQ_SOURCE_DIR "/tests/data/scenarios/"

static inline void assert_mac(const guint8 *mac, guint8 a, guint8 b, guint8 c, guint8 d, guint8 e,
                              guint8 f) {
  const guint8 want[6] = {a, b, c, d, e, f};
  g_assert_cmpmem(mac, 6, want, 6);
}

static inline const VqVmConf *vm_at(const VqScenario *sc, guint i) {
  return g_ptr_array_index(sc->vms, i);
}

static inline const VqFlowConf *flow_at(const VqScenario *sc, guint i) {
  return g_ptr_array_index(sc->flows, i);
}

/* Loads FILE (under tests/data/scenarios) with OVERRIDES, expects failure with CODE and a
 * message starting with PREFIX (a leading '/' in PREFIX stands for DATA + FILE). Returns the
 * message for further checks. */
static inline char *expect_error(const char *file, const char *const *overrides, int code,
                                 const char *prefix) {
  g_autofree char *path = g_strconcat(DATA, file, NULL);
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(path, overrides, &err);
  g_assert_null(sc);
  g_assert_error(err, VQ_SCENARIO_ERROR, code);
  g_autofree char *want = prefix[0] == '/' ? g_strconcat(path, prefix + 1, NULL) : g_strdup(prefix);
  if (!g_str_has_prefix(err->message, want))
    g_error("message \"%s\"\n  does not start with \"%s\"", err->message, want);
  g_assert_null(strchr(err->message, '\n'));
  return g_strdup(err->message);
}

/* A bad value given by one or two --set on FILE: the expected error kind and message start. */
typedef struct {
  const char *set[3]; /* NULL-terminated overrides */
  int code;
  const char *prefix;
} SetCase;

static inline void run_set_cases(const char *file, const SetCase *cases, gsize n) {
  for (gsize i = 0; i < n; i++) {
    g_test_message("--set %s %s", cases[i].set[0], cases[i].set[1] ? cases[i].set[1] : "");
    g_free(expect_error(file, cases[i].set, cases[i].code, cases[i].prefix));
  }
}

#endif
