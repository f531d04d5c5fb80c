/* Tests for sim/study/sweep.c: expansion order (cross, zip), ranges and their formatting, the run
 * -> point / replication mapping, overrides, seeds, and every error with its kind and its
 * "FILE:LINE: [group] key" prefix. */
#include <glib/gstdio.h>
#include <string.h>

#include "sim/study/sweep.h"
#include "sim/input/units.h"
#include "tests/sweep-test.h"
#include "models/seed.h"

#define DATA VQ_SOURCE_DIR "/tests/data/sweeps/"
#define DEFAULT_INI VQ_SOURCE_DIR "/tests/data/default.ini"

static VqSweep *load_ok(const char *path) {
  g_autoptr(GError) err = NULL;
  VqSweep *sw = vq_sweep_load(path, &err);
  g_assert_no_error(err);
  g_assert_nonnull(sw);
  return sw;
}

static const VqSweepAxis *axis_at(const VqSweep *sw, guint a) {
  return g_ptr_array_index(sw->axes, a);
}

/* Asserts that axis A holds exactly the values WANT (NULL-terminated). */
static void assert_values(const VqSweep *sw, guint a, const char *const *want) {
  const VqSweepAxis *axis = axis_at(sw, a);
  guint n = g_strv_length((char **)want);
  for (guint i = 0; i < MIN(n, axis->values->len); i++)
    g_assert_cmpstr(g_ptr_array_index(axis->values, i), ==, want[i]);
  g_assert_cmpuint(axis->values->len, ==, n);
}

/* Values of a one-axis sweep of default.ini varying VARY ("key = value"). */
static void assert_axis(const char *vary, const char *const *want) {
  g_test_message("%s", vary);
  g_autofree char *path = write_sweep(DEFAULT_INI, "", vary);
  g_autoptr(VqSweep) sw = load_ok(path);
  assert_values(sw, 0, want);
  g_assert_cmpuint(sw->n_points, ==, g_strv_length((char **)want));
  remove_sweep(path);
}

/* Loading PATH fails with CODE and a message starting with PREFIX, of which a leading '/' stands
 * for PATH. Returns the message. */
static char *expect_error(const char *path, int code, const char *prefix) {
  g_autoptr(GError) err = NULL;
  g_autoptr(VqSweep) sw = vq_sweep_load(path, &err);
  g_assert_null(sw);
  g_assert_error(err, VQ_SWEEP_ERROR, code);
  g_autofree char *want = prefix[0] == '/' ? g_strconcat(path, prefix + 1, NULL) : g_strdup(prefix);
  if (!g_str_has_prefix(err->message, want))
    g_error("message \"%s\"\n  does not start with \"%s\"", err->message, want);
  g_assert_null(strchr(err->message, '\n'));
  return g_strdup(err->message);
}

/* As expect_error() on a temporary sweep of default.ini with SWEEP and VARY lines. */
static char *expect_text_error(const char *sweep, const char *vary, int code, const char *prefix) {
  g_test_message("[sweep] %s [vary] %s", sweep, vary ? vary : "(none)");
  g_autofree char *path = write_sweep(DEFAULT_INI, sweep, vary);
  char *msg = expect_error(path, code, prefix);
  remove_sweep(path);
  return msg;
}

/* ---- expansion ------------------------------------------------------------------------------- */

static void test_cross(void) {
  g_autoptr(VqSweep) sw = load_ok(DATA "cross.sweep");
  g_assert_cmpstr(sw->path, ==, DATA "cross.sweep");
  g_assert_cmpstr(sw->name, ==, "cross");
  g_assert_cmpstr(sw->scenario, ==, DATA "../default.ini");
  g_assert_cmpuint(sw->base_seed, ==, 1);
  g_assert_false(sw->zip);
  g_assert_cmpuint(sw->replications, ==, 3);
  g_assert_cmpuint(sw->axes->len, ==, 3);
  g_assert_cmpstr(axis_at(sw, 0)->key, ==, "nic.vmq");
  g_assert_cmpstr(axis_at(sw, 1)->key, ==, "flow.bulk-a.rate");
  g_assert_cmpstr(axis_at(sw, 2)->key, ==, "nic.ring_size");
  g_assert_cmpuint(axis_at(sw, 0)->line, ==, 7);
  g_assert_cmpuint(axis_at(sw, 1)->line, ==, 8);
  g_assert_cmpuint(axis_at(sw, 2)->line, ==, 9);
  const char *const vmq[] = {"off", "on", NULL};
  const char *const rate[] = {"1Gbps", "1.5Gbps", "2Gbps", NULL};
  const char *const ring[] = {"256", "512", "768", "1024", NULL};
  assert_values(sw, 0, vmq);
  assert_values(sw, 1, rate);
  assert_values(sw, 2, ring);
  g_assert_cmpuint(sw->n_points, ==, 24);
  g_assert_cmpuint(vq_sweep_n_runs(sw), ==, 72);

  /* The last axis varies fastest. */
  for (guint p = 0; p < 24; p++) {
    g_assert_cmpstr(vq_sweep_value(sw, p, 0), ==, vmq[p / 12]);
    g_assert_cmpstr(vq_sweep_value(sw, p, 1), ==, rate[p / 4 % 3]);
    g_assert_cmpstr(vq_sweep_value(sw, p, 2), ==, ring[p % 4]);
  }
  g_auto(GStrv) o5 = vq_sweep_point_overrides(sw, 5);
  const char *const want5[] = {"nic.vmq=off", "flow.bulk-a.rate=1.5Gbps", "nic.ring_size=512",
                               NULL};
  g_assert_true(g_strv_equal((const char *const *)o5, want5));
  g_auto(GStrv) o23 = vq_sweep_point_overrides(sw, 23);
  const char *const want23[] = {"nic.vmq=on", "flow.bulk-a.rate=2Gbps", "nic.ring_size=1024", NULL};
  g_assert_true(g_strv_equal((const char *const *)o23, want23));
}

static void test_runs(void) {
  g_autoptr(VqSweep) sw = load_ok(DATA "cross.sweep");
  g_assert_cmpuint(vq_sweep_point(sw, 0), ==, 0);
  g_assert_cmpuint(vq_sweep_replication(sw, 0), ==, 0);
  g_assert_cmpuint(vq_sweep_point(sw, 5), ==, 1);
  g_assert_cmpuint(vq_sweep_replication(sw, 5), ==, 2);
  g_assert_cmpuint(vq_sweep_point(sw, 6), ==, 2);
  g_assert_cmpuint(vq_sweep_replication(sw, 6), ==, 0);
  g_assert_cmpuint(vq_sweep_point(sw, 71), ==, 23);
  g_assert_cmpuint(vq_sweep_replication(sw, 71), ==, 2);
  for (guint run = 0; run < vq_sweep_n_runs(sw); run++)
    g_assert_cmpuint(vq_sweep_point(sw, run) * 3 + vq_sweep_replication(sw, run), ==, run);
}

static void test_seeds(void) {
  g_autoptr(VqSweep) sw = load_ok(DATA "cross.sweep");
  guint64 s[3];
  for (guint r = 0; r < 3; r++) {
    s[r] = vq_sweep_seed(sw, r);
    g_assert_cmpuint(s[r], ==, vq_seed_derive(1, r));
    g_assert_cmpuint(s[r], !=, 1);
  }
  g_assert_cmpuint(s[0], !=, s[1]);
  g_assert_cmpuint(s[1], !=, s[2]);
  g_assert_cmpuint(s[0], !=, s[2]);
  /* Common random numbers: every point's replication r has the same seed. */
  for (guint run = 0; run < vq_sweep_n_runs(sw); run++)
    g_assert_cmpuint(vq_sweep_seed(sw, vq_sweep_replication(sw, run)), ==,
                     s[vq_sweep_replication(sw, run)]);

  /* The base seed is the scenario's (full.ini: seed = 12345678901234567890). */
  g_autofree char *path =
      write_sweep(VQ_SOURCE_DIR "/tests/data/scenarios/full.ini", "", "nic.vmq = on, off");
  g_autoptr(VqSweep) full = load_ok(path);
  g_assert_cmpuint(full->base_seed, ==, G_GUINT64_CONSTANT(12345678901234567890));
  g_assert_cmpuint(vq_sweep_seed(full, 0), ==,
                   vq_seed_derive(G_GUINT64_CONSTANT(12345678901234567890), 0));
  g_assert_cmpstr(full->name, ==, "t");
  g_assert_cmpuint(vq_sweep_n_runs(full), ==, 2); /* replications default to 1 */
  remove_sweep(path);
}

static void test_zip(void) {
  g_autoptr(VqSweep) sw = load_ok(DATA "zip.sweep");
  g_assert_true(sw->zip);
  g_assert_cmpuint(sw->replications, ==, 1);
  g_assert_cmpuint(sw->n_points, ==, 3);
  g_assert_cmpuint(vq_sweep_n_runs(sw), ==, 3);
  const char *const quoted[] = {"9,10", "10,11", " 11, 12 ", NULL};
  assert_values(sw, 2, quoted);
  g_assert_cmpstr(vq_sweep_value(sw, 0, 0), ==, "256");
  g_assert_cmpstr(vq_sweep_value(sw, 2, 0), ==, "1024");
  g_auto(GStrv) o1 = vq_sweep_point_overrides(sw, 1);
  const char *const want1[] = {"nic.ring_size=512", "nic.interrupt_max_frames=32",
                               "vm.bulk.vcpu_processors=10,11", NULL};
  g_assert_true(g_strv_equal((const char *const *)o1, want1));
}

static void test_ranges(void) {
  const char *const half[] = {"0.5Gbps", "1Gbps", "1.5Gbps", "2Gbps", NULL};
  assert_axis("flow.bulk-a.rate = 0.5Gbps..2Gbps step 0.5Gbps", half);
  const char *const lands[] = {"100", "400", "700", "1000", NULL};
  assert_axis("nic.ring_size = 100..1000 step 300", lands);
  const char *const short_of_hi[] = {"100", "400", "700", NULL};
  assert_axis("nic.ring_size = 100..999 step 300", short_of_hi);
  const char *const one[] = {"256", NULL};
  assert_axis("nic.ring_size = 256..256 step 1", one);
  /* 0.1 + 2 * 0.1 is 0.30000000000000004 in binary; it is written as 0.3. */
  const char *const tenths[] = {"0.1", "0.2", "0.3", "0.4", "0.5", NULL};
  assert_axis("cpu.copy_byte_cycles = 0.1..0.5 step 0.1", tenths);
  /* HI within 1e-9 relative of a step is included, as written. */
  const char *const near_below[] = {"1000", "1500", "1999.9999999", NULL};
  assert_axis("cpu.frame_cycles = 1000..1999.9999999 step 500", near_below);
  const char *const near_above[] = {"1000", "1500", "2000.0000001", NULL};
  assert_axis("cpu.frame_cycles = 1000..2000.0000001 step 500", near_above);
  /* The unit as written on LO, blank included; large values without an exponent. */
  const char *const spaced[] = {"10 ms", "20 ms", "30 ms", NULL};
  assert_axis("simulation.warmup = 10 ms..30 ms step 10ms", spaced);
  const char *const kbps[] = {"100000kbps", "200000kbps", "300000kbps", NULL};
  assert_axis("flow.bulk-a.rate = 100000kbps..300000kbps step 100000kbps", kbps);
  const char *const exp[] = {"1000", "2000", NULL};
  assert_axis("cpu.isr_cycles = 1e3..2e3 step 1e3", exp);
  const char *const list[] = {"on", "off", NULL};
  assert_axis("nic.vmq = on,off  # a comment", list);
}

static void test_example(void) {
  g_autoptr(VqSweep) sw = load_ok(VQ_SOURCE_DIR "/scenarios/example.sweep");
  g_assert_cmpstr(sw->name, ==, "example");
  g_assert_cmpstr(sw->scenario, ==, VQ_SOURCE_DIR "/scenarios/default.ini");
  g_assert_cmpuint(sw->n_points, ==, 6);
  g_assert_cmpuint(vq_sweep_n_runs(sw), ==, 12);
  g_assert_cmpuint(vq_sweep_point(sw, 7), ==, 3);
  g_assert_cmpuint(vq_sweep_replication(sw, 7), ==, 1);
  g_assert_cmpstr(vq_sweep_value(sw, 3, 0), ==, "on");
  g_assert_cmpstr(vq_sweep_value(sw, 3, 1), ==, "1Gbps");
}

/* ---- errors ---------------------------------------------------------------------------------- */

static void test_error_files(void) {
  g_free(expect_error(DATA "unknown-key.sweep", VQ_SWEEP_ERROR_UNKNOWN,
                      "/:3: [sweep] replication: unknown key; did you mean "
                      "replications? [sweep] takes scenario, replications, combine"));
  g_free(expect_error(DATA "no-vary.sweep", VQ_SWEEP_ERROR_MISSING,
                      "/:1: missing section [vary]; a sweep needs"));
  g_free(expect_error(DATA "bad-range.sweep", VQ_SWEEP_ERROR_RANGE,
                      "/:6: [vary] nic.ring_size: \"1024..256 step 256\" has LO "
                      "\"1024\" above HI \"256\"; expected LO <= HI"));
  g_free(expect_error(DATA "zip-mismatch.sweep", VQ_SWEEP_ERROR_SYNTAX,
                      "/:7: [vary] nic.interrupt_max_frames: has 2 values but nic.ring_size (line "
                      "6) has 3; combine = zip"));
  /* A scenario that does not load, reported at the scenario key. */
  g_autofree char *bad =
      write_sweep(VQ_SOURCE_DIR "/tests/data/scenarios/bad-processor.ini", "", "nic.vmq = on");
  g_free(expect_error(bad, VQ_SWEEP_ERROR_SYNTAX,
                      "/:2: [sweep] scenario: " VQ_SOURCE_DIR
                      "/tests/data/scenarios/bad-processor.ini:"));
  remove_sweep(bad);
  g_free(expect_error(DATA "bad-value.sweep", VQ_SWEEP_ERROR_SYNTAX,
                      "/:7: [vary] nic.ring_size: value \"10\": --set "
                      "nic.ring_size=10: [nic] ring_size: \"10\" is out of range; "
                      "expected an integer in 64..65536"));
  g_free(expect_error(DATA "nonexistent.sweep", VQ_SWEEP_ERROR_IO, "/: "));
}

static void test_error_sweep_group(void) {
  g_free(expect_text_error("[extra]", "nic.vmq = on", VQ_SWEEP_ERROR_UNKNOWN,
                           "/:3: [extra] is not a known section; allowed are [sweep], [vary]"));
  g_free(expect_text_error("", "", VQ_SWEEP_ERROR_MISSING,
                           "/:4: [vary] has no keys; a sweep needs [sweep]"));
  g_free(expect_text_error("replications = 0", "nic.vmq = on", VQ_SWEEP_ERROR_RANGE,
                           "/:3: [sweep] replications: \"0\" is out of range; "
                           "expected an integer in 1..1000"));
  g_free(expect_text_error("combine = both", "nic.vmq = on", VQ_SWEEP_ERROR_SYNTAX,
                           "/:3: [sweep] combine: \"both\" is not allowed; "
                           "expected cross"));
  g_free(expect_text_error("scenario = x.ini", "nic.vmq = on", VQ_SWEEP_ERROR_SYNTAX,
                           "/:3: [sweep] scenario: set twice (first at "));

  /* No scenario key; a scenario that does not exist (resolved against the sweep's directory). */
  g_autofree char *dir = g_dir_make_tmp("test-sweep-XXXXXX", NULL);
  g_assert_nonnull(dir);
  g_autofree char *path = g_build_filename(dir, "s.sweep", NULL);
  g_assert_true(
      g_file_set_contents(path, "[sweep]\nreplications = 2\n[vary]\nnic.vmq = on\n", -1, NULL));
  g_free(expect_error(path, VQ_SWEEP_ERROR_MISSING, "/:1: [sweep] scenario: missing; expected"));
  g_assert_true(
      g_file_set_contents(path, "[sweep]\nscenario = nope.ini\n[vary]\nnic.vmq = on\n", -1, NULL));
  g_autofree char *nope = g_strdup_printf("/:2: [sweep] scenario: %s/nope.ini: ", dir);
  g_free(expect_error(path, VQ_SWEEP_ERROR_IO, nope));
  g_remove(path);
  g_rmdir(dir);
}

typedef struct {
  const char *vary;
  int code;
  const char *prefix; /* after "PATH:" */
} VaryCase;

static void test_error_vary(void) {
  static const VaryCase cases[] = {
      {"nic.vmq =", VQ_SWEEP_ERROR_SYNTAX, "5: [vary] nic.vmq: \"\" has an empty value"},
      {"nic.vmq = off, , on", VQ_SWEEP_ERROR_SYNTAX,
       "5: [vary] nic.vmq: \"off, , on\" has an "
       "empty value; expected a list"},
      {"nic.vmq = off, on, off", VQ_SWEEP_ERROR_SYNTAX,
       "5: [vary] nic.vmq: \"off, on, off\" gives the value \"off\" twice"},
      {"vm.bulk.vcpu_processors = \"9,10", VQ_SWEEP_ERROR_SYNTAX,
       "5: [vary] vm.bulk.vcpu_processors: \"\"9,10\" has a '\"' that is not closed"},
      {"nic.vmq = on\nnic.vmq = off", VQ_SWEEP_ERROR_SYNTAX,
       "6: [vary] nic.vmq: set twice (first at "},
      {"nic.ring_size = 256..1024", VQ_SWEEP_ERROR_SYNTAX,
       "5: [vary] nic.ring_size: \"256..1024\" is a range without a step; expected LO..HI step "
       "STEP"},
      {"nic.ring_size = 256..1024 step 0", VQ_SWEEP_ERROR_RANGE,
       "5: [vary] nic.ring_size: \"256..1024 step 0\" has STEP \"0\" that is not positive"},
      {"nic.ring_size = -256..1024 step 256", VQ_SWEEP_ERROR_RANGE,
       "5: [vary] nic.ring_size: \"-256..1024 step 256\" has LO \"-256\" that is negative"},
      {"nic.ring_size = 256..1024 step lots", VQ_SWEEP_ERROR_SYNTAX,
       "5: [vary] nic.ring_size: \"256..1024 step lots\" has STEP \"lots\" that is not a number"},
      {"flow.bulk-a.rate = 1Gbps..2Gbps step 500Mbps", VQ_SWEEP_ERROR_SYNTAX,
       "5: [vary] flow.bulk-a.rate: \"1Gbps..2Gbps step 500Mbps\" has STEP \"500Mbps\" in "
       "another unit than LO \"1Gbps\"; write LO, HI and STEP in the same unit"},
      {"flow.bulk-a.rate = 1..2Gbps step 1Gbps", VQ_SWEEP_ERROR_SYNTAX,
       "5: [vary] flow.bulk-a.rate: \"1..2Gbps step 1Gbps\" has HI \"2Gbps\" in another unit"},
      {"cpu.isr_cycles = 0..1000000 step 1", VQ_SWEEP_ERROR_RANGE,
       "5: [vary] cpu.isr_cycles: \"0..1000000 step 1\" gives more than 100000 values"},
      {"cpu.isr_cycles = 0..399 step 1\ncpu.dpc_cycles = 0..399 step 1", VQ_SWEEP_ERROR_RANGE,
       "6: [vary] cpu.dpc_cycles: makes 160000 points with the axes above, more than 100000"},
      {"cpu.isr_cycles = 1..1.00000000000001 step 0.000000000000001", VQ_SWEEP_ERROR_SYNTAX,
       "5: [vary] cpu.isr_cycles: \"1..1.00000000000001 step 0.000000000000001\" gives the "
       "value \"1\" twice; each value of an axis must be distinct (the step is below"},
      {"simulation.seed = 1, 2", VQ_SWEEP_ERROR_SYNTAX,
       "5: [vary] simulation.seed: cannot vary: each replication gets its own seed"},
      {"nic.vmq = on\nnic.ringsize = 256", VQ_SWEEP_ERROR_SYNTAX,
       "6: [vary] nic.ringsize: value \"256\": --set nic.ringsize=256: [nic] ringsize: unknown "
       "key; did you mean ring_size?"},
      {"vm.nobody.vcpus = 2", VQ_SWEEP_ERROR_SYNTAX,
       "5: [vary] vm.nobody.vcpus: value \"2\": --set vm.nobody.vcpus=2: [vm nobody] does not "
       "exist"},
      {"vmq = on", VQ_SWEEP_ERROR_SYNTAX,
       "5: [vary] vmq: value \"on\": --set vmq=on: expected group.key=value"},
      {"nic.vmq = on, maybe", VQ_SWEEP_ERROR_SYNTAX,
       "5: [vary] nic.vmq: value \"maybe\": --set nic.vmq=maybe: [nic] vmq: \"maybe\" is not "
       "allowed"},
      /* Quoted, ".." is a list value, not a range. */
      {"nic.vmq = \"1..2\"", VQ_SWEEP_ERROR_SYNTAX,
       "5: [vary] nic.vmq: value \"1..2\": --set nic.vmq=1..2: [nic] vmq: \"1..2\" is not allowed"},
      /* 2 and 4 Gbps fit the wire next to the other flows; 6 does not: the error names the
       * value the sweep set, not the flow where the sum overflows. */
      {"flow.bulk-a.rate = 2Gbps..8Gbps step 2Gbps", VQ_SWEEP_ERROR_SYNTAX,
       "5: [vary] flow.bulk-a.rate: value \"6Gbps\": --set flow.bulk-a.rate=6Gbps: [flow bulk-a] "
       "rate: makes the offered load too much for the wire"},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *prefix = g_strconcat("/:", cases[i].prefix, NULL);
    g_free(expect_text_error("", cases[i].vary, cases[i].code, prefix));
  }
}

/* ---- limits ---------------------------------------------------------------------------------- */

/* Loading checks at most 128 values against the scenario (sweep.c MAX_CHECKS): a 100000-value
 * axis used to take 100000 scenario loads (~30 s) in every `vmqsim sweep --run I`. */
static void test_long_axis(void) {
  g_autofree char *path = write_sweep(DEFAULT_INI, "", "cpu.isr_cycles = 0..99999 step 1");
  g_test_timer_start();
  g_autoptr(VqSweep) sw = load_ok(path);
  double took = g_test_timer_elapsed();
  g_test_message("100000 values loaded in %.3f s", took);
  g_assert_cmpfloat(took, <, 10.0); /* ~0.1 s; 30 s before the cap */
  g_assert_cmpuint(sw->n_points, ==, 100000);
  g_assert_cmpstr(vq_sweep_value(sw, 99999, 0), ==, "99999");
  remove_sweep(path);

  /* 1000 ring sizes, one out of range: at index 1 it is not among the 128 checked (the run
   * reports it); last, it is (the first and last values always are). */
  g_autoptr(GString) rings = g_string_new("nic.ring_size = 64, 1");
  for (guint r = 65; r < 65 + 998; r++)
    g_string_append_printf(rings, ", %u", r);
  g_autofree char *unchecked = write_sweep(DEFAULT_INI, "", rings->str);
  g_autoptr(VqSweep) sw2 = load_ok(unchecked);
  g_assert_cmpuint(sw2->n_points, ==, 1000);
  g_assert_cmpstr(vq_sweep_value(sw2, 1, 0), ==, "1");
  remove_sweep(unchecked);
  g_string_erase(rings, strlen("nic.ring_size = 64"), strlen(", 1"));
  g_string_append(rings, ", 1");
  g_autofree char *m = expect_text_error("", rings->str, VQ_SWEEP_ERROR_SYNTAX,
                                         "/:5: [vary] nic.ring_size: value \"1\": --set "
                                         "nic.ring_size=1: [nic] ring_size: \"1\" is out of range");
}

/* At most 200000 values in all the axes (a zip of many long ranges took seconds and a GB), the
 * range counted before it is written out. */
static void test_many_values(void) {
  g_autoptr(GString) vary = g_string_new(NULL);
  for (guint a = 0; a < 10; a++)
    g_string_append_printf(vary, "cpu.k%u = 0..99999 step 1\n", a);
  g_autofree char *m = expect_text_error(
      "combine = zip", vary->str, VQ_SWEEP_ERROR_RANGE,
      "/:7: [vary] cpu.k2: makes more than 200000 values in all with the axes above; vary fewer "
      "keys or values");
  /* Two make exactly 200000: fine. */
  g_autofree char *path =
      write_sweep(DEFAULT_INI, "combine = zip",
                  "cpu.isr_cycles = 0..99999 step 1\ncpu.dpc_cycles = 1..100000 step 1");
  g_autoptr(VqSweep) sw = load_ok(path);
  g_assert_cmpuint(sw->n_points, ==, 100000);
  g_assert_cmpstr(vq_sweep_value(sw, 99999, 1), ==, "100000");
  remove_sweep(path);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/sweep/cross", test_cross);
  g_test_add_func("/sweep/runs", test_runs);
  g_test_add_func("/sweep/seeds", test_seeds);
  g_test_add_func("/sweep/zip", test_zip);
  g_test_add_func("/sweep/ranges", test_ranges);
  g_test_add_func("/sweep/example", test_example);
  g_test_add_func("/sweep/error/files", test_error_files);
  g_test_add_func("/sweep/error/sweep-group", test_error_sweep_group);
  g_test_add_func("/sweep/error/vary", test_error_vary);
  g_test_add_func("/sweep/limits/long-axis", test_long_axis);
  g_test_add_func("/sweep/limits/many-values", test_many_values);
  return g_test_run();
}
