/* What must hold after vq_sweep_load() on ANY input, and the place the input is loaded from,
 * shared by the fuzz target (tests/fuzz/fuzz-sweep.c) and the regression test
 * (tests/test-fuzz-regressions.c), so a crash file replays under ctest exactly as the fuzzer ran
 * it.
 *
 * - The place: a private temporary directory holding the input as "in.sweep" and a copy of
 *   tests/data/sweeps/short.ini as "short.ini", so an input's `scenario = short.ini` (as in the
 *   seeds) names a small valid scenario next to it.
 * - The outcome: exactly one of a sweep and a GError. The error is in VQ_SWEEP_ERROR with a known
 *   code, its message valid UTF-8 on one line with no control character but tab
 *   (vq_fuzz_check_message() of scenario-check.h), and starts with "PATH:LINE: " (LINE a line of
 *   the input, 1 for what is nowhere) or, for an IO error, "PATH: " (sweep.h, ini.h).
 *   The sweep keeps every promise sweep.h makes: replications >= 1, at least one axis, every axis
 *   with distinct non-empty values (as many for zip), n_points their product (cross) or common
 *   length (zip) in 1..100000, vq_sweep_n_runs() = n_points * replications, and every point's
 *   overrides "KEY=VALUE" for the value an odometer over the axes (last fastest) gives. With
 *   [variant NAME]s, axis 0 is "variant" (their names), crossed outermost even under zip, and a
 *   point's overrides start with its variant's settings.
 */
#ifndef VQ_TESTS_FUZZ_SWEEP_CHECK_H
#define VQ_TESTS_FUZZ_SWEEP_CHECK_H

#include <glib/gstdio.h>
#include <string.h>

#include "sim/study/sweep.h"
#include "tests/fuzz/scenario-check.h"

#define VQ_FUZZ_SWEEP_INPUT "in.sweep"
#define VQ_FUZZ_SWEEP_SCENARIO "short.ini"
#define VQ_FUZZ_SWEEP_MAX_POINTS 100000 /* sweep.c MAX_POINTS */

/* A new private temporary directory holding VQ_FUZZ_SWEEP_SCENARIO (transfer full), or NULL and
 * ERROR. */
static inline char *vq_fuzz_sweep_dir_new(GError **error) {
  g_autofree char *text = NULL;
  gsize len = 0;
  if (!g_file_get_contents(VQ_SOURCE_DIR "/tests/data/sweeps/short.ini", &text, &len, error))
    return NULL;
  char *dir = g_dir_make_tmp("fuzz-sweep-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  g_autofree char *scenario = g_build_filename(dir, VQ_FUZZ_SWEEP_SCENARIO, NULL);
  if (!g_file_set_contents(scenario, text, (gssize)len, error)) {
    g_rmdir(dir);
    g_free(dir);
    return NULL;
  }
  return dir;
}

/* Removes DIR of vq_fuzz_sweep_dir_new() with its two files. */
static inline void vq_fuzz_sweep_dir_remove(const char *dir) {
  static const char *const files[] = {VQ_FUZZ_SWEEP_INPUT, VQ_FUZZ_SWEEP_SCENARIO};
  for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
    g_autofree char *f = g_build_filename(dir, files[i], NULL);
    g_remove(f);
  }
  g_rmdir(dir);
}

/* The first promise of sweep.h that SW, loaded from PATH (MAX_LINE lines), breaks (transfer
 * full), or NULL. */
static inline char *vq_fuzz_check_sweep(const VqSweep *sw, const char *path, guint max_line) {
#define BROKEN(...) return g_strdup_printf(__VA_ARGS__)
  g_autofree char *base = g_path_get_basename(path);
  const char *ext = strrchr(base, '.');
  g_autofree char *name =
      ext != NULL && ext != base ? g_strndup(base, (gsize)(ext - base)) : g_strdup(base);
  if (sw->path == NULL || strcmp(sw->path, path) != 0 || g_strcmp0(sw->name, name) != 0)
    BROKEN("path \"%s\" or name \"%s\" is not the file's", sw->path, sw->name);
  if (sw->scenario == NULL || *sw->scenario == '\0')
    BROKEN("no scenario path");
  if (sw->replications < 1 || sw->replications > 1000)
    BROKEN("replications = %u", sw->replications);
  if (sw->axes == NULL || sw->axes->len < 1)
    BROKEN("no axis");
  guint n_axes = sw->axes->len;
  guint first_vary = sw->variants != NULL && sw->variants->len ? 1 : 0;
  if (first_vary &&
      (n_axes < 2 || strcmp(((const VqSweepAxis *)sw->axes->pdata[0])->key, "variant") != 0 ||
       ((const VqSweepAxis *)sw->axes->pdata[0])->values->len != sw->variants->len))
    BROKEN("%u variants but no \"variant\" axis of as many names first", sw->variants->len);
  guint64 product = 1;
  const VqSweepAxis *first = g_ptr_array_index(sw->axes, first_vary);
  for (guint a = 0; a < n_axes; a++) {
    const VqSweepAxis *axis = g_ptr_array_index(sw->axes, a);
    if (axis == NULL || axis->key == NULL || *axis->key == '\0' || axis->values == NULL ||
        axis->values->len < 1)
      BROKEN("axis #%u: no key or no value", a);
    if (axis->line < 1 || axis->line > max_line)
      BROKEN("axis %s: line %u not in 1..%u", axis->key, axis->line, max_line);
    for (guint b = 0; b < a; b++)
      if (strcmp(((const VqSweepAxis *)g_ptr_array_index(sw->axes, b))->key, axis->key) == 0)
        BROKEN("axis %s: twice", axis->key);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < axis->values->len; i++) {
      const char *v = g_ptr_array_index(axis->values, i);
      if (v == NULL || *v == '\0' || !g_hash_table_add(seen, (gpointer)v))
        BROKEN("axis %s: value #%u empty or repeated", axis->key, i);
    }
    gboolean zipped = sw->zip && a >= first_vary;
    if (zipped && axis->values->len != first->values->len)
      BROKEN("zip: axis %s has %u values, axis %s %u", axis->key, axis->values->len, first->key,
             first->values->len);
    product *= zipped && a > first_vary ? 1 : axis->values->len;
    if (product > VQ_FUZZ_SWEEP_MAX_POINTS)
      BROKEN("axes up to %s make %" G_GUINT64_FORMAT " points, more than %d", axis->key, product,
             VQ_FUZZ_SWEEP_MAX_POINTS);
  }
  if (sw->n_points != product)
    BROKEN("n_points %u, expected %" G_GUINT64_FORMAT " (%s)", sw->n_points, product,
           sw->zip ? "zip" : "cross");
  guint runs = vq_sweep_n_runs(sw);
  if ((guint64)runs != (guint64)sw->n_points * sw->replications)
    BROKEN("%u runs for %u points x %u replications", runs, sw->n_points, sw->replications);
  if (vq_sweep_point(sw, runs - 1) != sw->n_points - 1 ||
      vq_sweep_replication(sw, runs - 1) != sw->replications - 1)
    BROKEN("last run %u is point %u, replication %u", runs - 1, vq_sweep_point(sw, runs - 1),
           vq_sweep_replication(sw, runs - 1));

  /* Every point, against an odometer over the axes (cross: the last one fastest; zip: one index
   * for all the [vary] axes, the variants' odometer digit above it). */
  g_autofree guint *at = g_new0(guint, n_axes);
  guint per_variant = sw->n_points / (first_vary ? sw->variants->len : 1);
  for (guint p = 0; p < sw->n_points; p++) {
    g_auto(GStrv) o = vq_sweep_point_overrides(sw, p);
    const VqSweepVariant *var =
        first_vary ? g_ptr_array_index(sw->variants, p / per_variant) : NULL;
    guint n_sets = var ? var->sets->len : 0;
    if (o == NULL || g_strv_length(o) != n_sets + n_axes - first_vary)
      BROKEN("point %u: overrides NULL or not the variant's and one per [vary] axis", p);
    for (guint i = 0; i < n_sets; i++)
      if (strcmp(o[i], g_ptr_array_index(var->sets, i)) != 0)
        BROKEN("point %u: override %s, expected the variant's %s", p, o[i],
               (char *)g_ptr_array_index(var->sets, i));
    for (guint a = 0; a < n_axes; a++) {
      const VqSweepAxis *axis = g_ptr_array_index(sw->axes, a);
      guint idx = !sw->zip ? at[a] : a < first_vary ? p / per_variant : p % per_variant;
      const char *v = g_ptr_array_index(axis->values, idx);
      const char *got = vq_sweep_value(sw, p, a);
      if (g_strcmp0(got, v) != 0)
        BROKEN("point %u, axis %s: value \"%s\"; expected \"%s\"", p, axis->key, got, v);
      if (a < first_vary)
        continue;
      const char *ov = o[n_sets + a - first_vary];
      size_t klen = strlen(axis->key);
      if (strncmp(ov, axis->key, klen) != 0 || ov[klen] != '=' || strcmp(ov + klen + 1, v) != 0)
        BROKEN("point %u, axis %s: override \"%s\"; expected \"%s\"", p, axis->key, ov, v);
    }
    for (guint a = n_axes; a-- > 0;) {
      const VqSweepAxis *axis = g_ptr_array_index(sw->axes, a);
      if (++at[a] < axis->values->len)
        break;
      at[a] = 0;
    }
  }
  return NULL;
#undef BROKEN
}

/* What is wrong with the outcome of vq_sweep_load(PATH) = SW, ERR, PATH holding DATA (LEN bytes),
 * (transfer full), or NULL when it is one of the two allowed ones. */
static inline char *vq_fuzz_check_sweep_outcome(const char *path, const char *data, size_t len,
                                                const VqSweep *sw, const GError *err) {
  guint max_line = 1;
  for (size_t i = 0; i < len; i++)
    max_line += data[i] == '\n';
  if ((sw == NULL) == (err == NULL))
    return g_strdup_printf("returned %s sweep and %s error", sw ? "a" : "no", err ? "an" : "no");
  if (sw != NULL) {
    char *why = vq_fuzz_check_sweep(sw, path, max_line);
    if (why == NULL)
      return NULL;
    char *msg = g_strdup_printf("loaded, but breaks a promise of sweep.h: %s", why);
    g_free(why);
    return msg;
  }
  const char *m = err->message;
  if (err->domain != VQ_SWEEP_ERROR || err->code < VQ_SWEEP_ERROR_IO ||
      err->code > VQ_SWEEP_ERROR_RANGE)
    return g_strdup_printf("error %s/%d is not a VqSweepError: %s", g_quark_to_string(err->domain),
                           err->code, m);
  char *bad = vq_fuzz_check_message(m);
  if (bad != NULL)
    return bad;
  size_t plen = strlen(path);
  if (strncmp(m, path, plen) == 0 && m[plen] == ':') {
    const char *p = m + plen + 1;
    if (p[0] == ' ' && err->code == VQ_SWEEP_ERROR_IO)
      return NULL; /* the file itself could not be read */
    guint64 line = 0;
    const char *q = p;
    while (g_ascii_isdigit(*q) && line <= max_line)
      line = line * 10 + (guint64)(*q++ - '0');
    if (q > p && *p != '0' && q[0] == ':' && q[1] == ' ' && line >= 1 && line <= max_line)
      return NULL;
  }
  return g_strdup_printf("error message does not start with \"%s:LINE: \" (LINE in 1..%u)%s: %s",
                         path, max_line, err->code == VQ_SWEEP_ERROR_IO ? " or \"PATH: \"" : "", m);
}

#endif
