/* Tests for sim/input/units.c: every unit family, the accepted spellings, and the rejects. */
#include <math.h>

#include "sim/input/units.h"
#include "models/seed.h"

typedef gboolean (*Parser)(const char *text, double *value, GError **error);

typedef struct {
  const char *text;
  double expect;
} Good;

static void check_good(Parser parse, const Good *cases, gsize n) {
  for (gsize i = 0; i < n; i++) {
    g_autoptr(GError) err = NULL;
    double v = -1;
    g_test_message("parsing \"%s\"", cases[i].text);
    g_assert_true(parse(cases[i].text, &v, &err));
    g_assert_no_error(err);
    /* Decimal prefixes go through the exponent, so results are the nearest double: exact. */
    g_assert_cmpfloat(v, ==, cases[i].expect);
  }
}

static void check_bad(Parser parse, const char *const *texts, int code) {
  for (const char *const *t = texts; *t != NULL; t++) {
    g_autoptr(GError) err = NULL;
    double v = 42;
    g_test_message("rejecting \"%s\"", *t);
    g_assert_false(parse(*t, &v, &err));
    g_assert_error(err, VQ_UNITS_ERROR, code);
    g_assert_cmpfloat(v, ==, 42); /* untouched on failure */
  }
}

static void test_time(void) {
  static const Good good[] = {
      {"20us", 20e-6}, {"1.5 ms", 1.5e-3},  {"0.0", 0.0},     {"2s", 2.0},
      {"1e-3s", 1e-3}, {"2.5e3ns", 2.5e-6}, {".5s", 0.5},     {"5.ms", 5e-3},
      {"0", 0.0},      {"10ns", 10e-9},     {"1E2 us", 1e-4}, {"3e+1s", 30.0},
  };
  check_good(vq_units_parse_time, good, G_N_ELEMENTS(good));
  static const char *const bad[] = {"2",      "0.1",  "s",     "1 S",  "1sec",   "1 ms ",
                                    "",       " 1ms", "1  ms", "1min", "1.2.3s", "+1s",
                                    "1e400s", "0x10", "1e",    "1e-s", NULL};
  check_bad(vq_units_parse_time, bad, VQ_UNITS_ERROR_SYNTAX);
}

static void test_frequency(void) {
  static const Good good[] = {{"2.5GHz", 2.5e9}, {"0", 0},       {"100 MHz", 100e6},
                              {"3kHz", 3e3},     {"50Hz", 50.0}, {"1e9Hz", 1e9}};
  check_good(vq_units_parse_frequency, good, G_N_ELEMENTS(good));
  static const char *const bad[] = {"2.5", "0.5", "2.5ghz", "2.5 Ghz", "2.5GHZ", "2.5G", NULL};
  check_bad(vq_units_parse_frequency, bad, VQ_UNITS_ERROR_SYNTAX);
}

static void test_size(void) {
  static const Good good[] = {{"1500B", 1500},   {"0", 0},      {"1.5KB", 1500}, {"2KiB", 2048},
                              {"1MiB", 1048576}, {"9 MB", 9e6}, {"0.5KiB", 512}, {"64 B", 64}};
  check_good(vq_units_parse_size, good, G_N_ELEMENTS(good));
  static const char *const bad[] = {"1500", "1500b", "1.5kB", "1.5 kib", "2GB", "B", "1500 ", NULL};
  check_bad(vq_units_parse_size, bad, VQ_UNITS_ERROR_SYNTAX);
}

static void test_bit_rate(void) {
  static const Good good[] = {{"10Gbps", 10e9},  {"10 Gbps", 10e9}, {"100Mbps", 100e6},
                              {"1e6bps", 1e6},   {"0.1Gbps", 1e8},  {"2.5 kbps", 2500},
                              {"1e-3Gbps", 1e6}, {"0", 0},          {"0.00", 0}};
  check_good(vq_units_parse_bit_rate, good, G_N_ELEMENTS(good));
  static const char *const bad[] = {"10", "10pps", "10gbps", "10GBps", "10Gb", "10Gbpsx", NULL};
  check_bad(vq_units_parse_bit_rate, bad, VQ_UNITS_ERROR_SYNTAX);
}

static void test_frame_rate(void) {
  static const Good good[] = {
      {"1e6pps", 1e6}, {"1.5Mpps", 1.5e6}, {"14.88 Mpps", 14.88e6}, {"300kpps", 3e5}};
  check_good(vq_units_parse_frame_rate, good, G_N_ELEMENTS(good));
  static const char *const bad[] = {"10", "10Gbps", "10PPS", "10 Kpps", NULL};
  check_bad(vq_units_parse_frame_rate, bad, VQ_UNITS_ERROR_SYNTAX);
}

static void test_rate(void) {
  static const struct {
    const char *text;
    double value;
    VqRateKind kind;
  } cases[] = {{"10Gbps", 10e9, VQ_RATE_BITS},
               {"1e6pps", 1e6, VQ_RATE_FRAMES},
               {"2 Mpps", 2e6, VQ_RATE_FRAMES},
               {"750 Mbps", 750e6, VQ_RATE_BITS},
               {"0pps", 0, VQ_RATE_FRAMES}};
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(GError) err = NULL;
    double v = -1;
    VqRateKind kind = 99;
    g_assert_true(vq_units_parse_rate(cases[i].text, &v, &kind, &err));
    g_assert_no_error(err);
    g_assert_cmpfloat(v, ==, cases[i].value);
    g_assert_cmpint(kind, ==, cases[i].kind);
  }
}

/* The reject list of the brief, with the exact wording the scenario loader quotes. */
static void test_rejects(void) {
  static const struct {
    const char *text;
    int code;
    const char *message;
  } cases[] = {
      {"NaN", VQ_UNITS_ERROR_SYNTAX,
       "is not a number; expected a positive bit rate (bps, kbps, "
       "Mbps, Gbps, Tbps) or frame rate (pps, kpps, Mpps)"},
      {"nan", VQ_UNITS_ERROR_SYNTAX, NULL},
      {"inf", VQ_UNITS_ERROR_SYNTAX, NULL},
      {"-inf", VQ_UNITS_ERROR_SYNTAX, NULL},
      {"infinityGbps", VQ_UNITS_ERROR_SYNTAX, NULL},
      {"10", VQ_UNITS_ERROR_SYNTAX,
       "has no unit; expected a positive bit rate (bps, kbps, Mbps, "
       "Gbps, Tbps) or frame rate (pps, kpps, Mpps)"},
      {"10Gbpsx", VQ_UNITS_ERROR_SYNTAX,
       "has an unknown unit \"Gbpsx\"; expected a positive bit "
       "rate (bps, kbps, Mbps, Gbps, Tbps) or frame rate (pps, kpps, "
       "Mpps)"},
      {"", VQ_UNITS_ERROR_SYNTAX,
       "is empty; expected a positive bit rate (bps, kbps, Mbps, Gbps, Tbps) "
       "or frame rate (pps, kpps, Mpps)"},
      {"-3Gbps", VQ_UNITS_ERROR_NEGATIVE,
       "is negative; expected a positive bit rate (bps, kbps, "
       "Mbps, Gbps, Tbps) or frame rate (pps, kpps, Mpps)"},
      {"1e999Gbps", VQ_UNITS_ERROR_SYNTAX, NULL},
      {"1e99999999999999999999Gbps", VQ_UNITS_ERROR_SYNTAX, NULL},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(GError) err = NULL;
    double v;
    VqRateKind kind;
    g_test_message("rejecting \"%s\"", cases[i].text);
    g_assert_false(vq_units_parse_rate(cases[i].text, &v, &kind, &err));
    g_assert_error(err, VQ_UNITS_ERROR, cases[i].code);
    if (cases[i].message != NULL)
      g_assert_cmpstr(err->message, ==, cases[i].message);
  }

  g_autoptr(GError) err = NULL;
  double v;
  g_assert_false(vq_units_parse_time("-1s", &v, &err));
  g_assert_error(err, VQ_UNITS_ERROR, VQ_UNITS_ERROR_NEGATIVE);
  g_clear_error(&err);
  g_assert_false(vq_units_parse_time("-1", &v, &err)); /* no unit comes first */
  g_assert_error(err, VQ_UNITS_ERROR, VQ_UNITS_ERROR_SYNTAX);
  g_clear_error(&err);
  g_assert_false(vq_units_parse_time("-x", &v, &err));
  g_assert_error(err, VQ_UNITS_ERROR, VQ_UNITS_ERROR_SYNTAX);
  g_clear_error(&err);
  /* Huge but finite values parse: ranges are the caller's job. */
  g_assert_true(vq_units_parse_bit_rate("1e30Gbps", &v, &err));
  g_assert_no_error(err);
  g_assert_cmpfloat(v, ==, 1e39);
}

static void test_number(void) {
  static const Good good[] = {{"0.25", 0.25}, {"1e9", 1e9}, {"3000", 3000}, {"0", 0}};
  check_good(vq_units_parse_number, good, G_N_ELEMENTS(good));
  static const char *const bad[] = {"1500cycles", "1500 ", "1,5", "", "nan", NULL};
  check_bad(vq_units_parse_number, bad, VQ_UNITS_ERROR_SYNTAX);
}

static void test_seed_derive(void) {
  /* With SEED ^ (golden * 1) == 0 the result is splitmix64's first output from state 0, the
   * known answer of Vigna's reference splitmix64.c. */
  g_assert_cmphex(vq_seed_derive(G_GUINT64_CONSTANT(0x9E3779B97F4A7C15), 0), ==,
                  G_GUINT64_CONSTANT(0xE220A8397B1DCDAF));
  g_assert_cmphex(vq_seed_derive(1, 0), ==, vq_seed_derive(1, 0));
  g_assert_cmphex(vq_seed_derive(1, 0), !=, vq_seed_derive(1, 1));
  g_assert_cmphex(vq_seed_derive(1, 0), !=, vq_seed_derive(2, 0));
  /* Neighbouring (seed, index) pairs must not collide the way seed + index would. */
  g_assert_cmphex(vq_seed_derive(1, 1), !=, vq_seed_derive(2, 0));
}

/* Times in messages: the unit a user would write, and parsed back to the same value. */
static void test_format_time(void) {
  static const struct {
    double s;
    const char *text;
  } cases[] = {{0.2, "200ms"}, {2e-5, "20us"},   {1.5, "1.5s"}, {1e6, "1e+06s"},
               {1e-6, "1us"},  {5e-10, "0.5ns"}, {0, "0"}};
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *t = vq_units_format_time(cases[i].s);
    g_assert_cmpstr(t, ==, cases[i].text);
    double back;
    g_assert_true(vq_units_parse_time(t, &back, NULL));
    g_assert_cmpfloat(fabs(back - cases[i].s), <=, cases[i].s * 1e-12);
  }
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/units/time", test_time);
  g_test_add_func("/units/frequency", test_frequency);
  g_test_add_func("/units/size", test_size);
  g_test_add_func("/units/bit-rate", test_bit_rate);
  g_test_add_func("/units/frame-rate", test_frame_rate);
  g_test_add_func("/units/rate-either", test_rate);
  g_test_add_func("/units/rejects", test_rejects);
  g_test_add_func("/units/number", test_number);
  g_test_add_func("/units/seed-derive", test_seed_derive);
  g_test_add_func("/units/format-time", test_format_time);
  return g_test_run();
}
