/* Units: strict parsing of scenario quantities. See units.h for the accepted grammar.
 *
 * The number is scanned by hand rather than with strtod() alone, because strtod() also accepts
 * "nan", "inf", hexadecimal floats, leading blanks and signs, which a scenario must not contain.
 * Decimal SI prefixes are applied by adding to the decimal exponent before conversion, so "0.1Gbps"
 * is exactly the double nearest to 1e8 rather than 0.1 * 1e9 rounded twice.
 */
#include "sim/input/units.h"

#include <math.h>
#include <string.h>

GQuark vq_units_error_quark(void) {
  return g_quark_from_static_string("vq-units-error-quark");
}

typedef struct {
  const char *suffix;
  int exp10;       /* decimal SI prefix: value = number * 10^exp10 ... */
  double mult;     /* ... * mult, for the binary prefixes (KiB, MiB), else 1 */
  VqRateKind kind; /* only meaningful for rates */
} Unit;

typedef struct {
  const Unit *units;    /* terminated by a NULL suffix */
  gboolean bare_ok;     /* any number without a unit is accepted (plain numbers); otherwise
                         * only zero, the one quantity that means the same in every unit */
  const char *expected; /* what is allowed, completes "...; expected " */
} Family;

static const Unit time_units[] = {
    {"s", 0, 1, 0}, {"ms", -3, 1, 0}, {"us", -6, 1, 0}, {"ns", -9, 1, 0}, {NULL, 0, 0, 0}};
static const Unit frequency_units[] = {
    {"Hz", 0, 1, 0}, {"kHz", 3, 1, 0}, {"MHz", 6, 1, 0}, {"GHz", 9, 1, 0}, {NULL, 0, 0, 0}};
static const Unit size_units[] = {{"B", 0, 1, 0},  {"KB", 3, 1, 0},          {"KiB", 0, 1024.0, 0},
                                  {"MB", 6, 1, 0}, {"MiB", 0, 1048576.0, 0}, {NULL, 0, 0, 0}};
static const Unit rate_units[] = {
    {"bps", 0, 1, VQ_RATE_BITS},    {"kbps", 3, 1, VQ_RATE_BITS},   {"Mbps", 6, 1, VQ_RATE_BITS},
    {"Gbps", 9, 1, VQ_RATE_BITS},   {"Tbps", 12, 1, VQ_RATE_BITS},  {"pps", 0, 1, VQ_RATE_FRAMES},
    {"kpps", 3, 1, VQ_RATE_FRAMES}, {"Mpps", 6, 1, VQ_RATE_FRAMES}, {NULL, 0, 0, 0}};
static const Unit no_units[] = {{NULL, 0, 0, 0}};

/* One rule for every key: a quantity with a dimension needs its unit ("20" for a time or a rate
 * would be a guess: seconds or microseconds, bit/s or frames/s); only a plain count, cycle count
 * or ratio is a bare number, and 0 may be written bare for any key. */
static const Family time_family = {time_units, FALSE, "a non-negative time (s, ms, us, ns)"};
static const Family frequency_family = {frequency_units, FALSE,
                                        "a positive frequency (Hz, kHz, MHz, GHz)"};
static const Family size_family = {size_units, FALSE, "a non-negative size (B, KB, KiB, MB, MiB)"};
static const Family bit_rate_family = {rate_units, FALSE,
                                       "a positive bit rate (bps, kbps, Mbps, Gbps, Tbps)"};
static const Family frame_rate_family = {rate_units, FALSE,
                                         "a positive frame rate (pps, kpps, Mpps)"};
static const Family rate_family = {
    rate_units, FALSE,
    "a positive bit rate (bps, kbps, Mbps, Gbps, Tbps) or frame rate (pps, kpps, Mpps)"};
static const Family number_family = {no_units, TRUE, "a non-negative number"};

/* Decimal exponents beyond this overflow or underflow a double anyway; clamping keeps the
 * exponent arithmetic below from overflowing a long on "1e99999999999999999999". */
#define EXP_CLAMP 9999

static gboolean fail(const Family *fam, VqUnitsError code, GError **error, const char *reason) {
  g_set_error(error, VQ_UNITS_ERROR, code, "%s; expected %s", reason, fam->expected);
  return FALSE;
}

/* An exponent at *P ("e6", "E-3"), moving *P past it; 0 when there is none. An 'e' only starts
 * an exponent when digits follow; otherwise it would be part of a unit. */
static long scan_exponent(const char **pp) {
  const char *p = *pp;
  long exp10 = 0;
  if (!((*p == 'e' || *p == 'E') &&
        (g_ascii_isdigit(p[1]) || ((p[1] == '+' || p[1] == '-') && g_ascii_isdigit(p[2])))))
    return 0;
  p++;
  gboolean exp_negative = (*p == '-');
  if (*p == '+' || *p == '-')
    p++;
  while (g_ascii_isdigit(*p)) {
    if (exp10 < EXP_CLAMP)
      exp10 = exp10 * 10 + (*p - '0');
    p++;
  }
  *pp = p;
  return exp_negative ? -exp10 : exp10;
}

/* The unit of FAM (of kind ONLY_KIND when >= 0) that P, the text after the number, names, at
 * most one space after it; the bare unit for nothing when FAM allows it or the number is ZERO;
 * else NULL and ERROR. */
static const Unit *find_unit(const Family *fam, int only_kind, const char *p, gboolean zero,
                             GError **error) {
  static const Unit bare = {"", 0, 1, 0};
  const char *unit_text = *p == ' ' ? p + 1 : p;
  if (*unit_text == '\0' && unit_text == p) {
    if (zero)
      return &bare;
    if (!fam->bare_ok)
      fail(fam, VQ_UNITS_ERROR_SYNTAX, error, "has no unit");
    return fam->bare_ok ? &bare : NULL;
  }
  for (const Unit *u = fam->units; u->suffix != NULL; u++)
    if (strcmp(u->suffix, unit_text) == 0 && (only_kind < 0 || (int)u->kind == only_kind))
      return u;
  g_autofree char *reason = fam->units[0].suffix == NULL
                                ? g_strdup_printf("has \"%s\" after the number", p)
                                : g_strdup_printf("has an unknown unit \"%s\"", unit_text);
  fail(fam, VQ_UNITS_ERROR_SYNTAX, error, reason);
  return NULL;
}

/* Parses TEXT in FAM; when ONLY_KIND >= 0, units of another rate kind count as unknown. */
static gboolean parse(const char *text, const Family *fam, int only_kind, double *value,
                      VqRateKind *kind, GError **error) {
  if (text == NULL || *text == '\0')
    return fail(fam, VQ_UNITS_ERROR_SYNTAX, error, "is empty");

  const char *p = text;
  gboolean negative = (*p == '-');
  if (negative)
    p++;

  const char *mant = p;
  guint digits = 0;
  while (g_ascii_isdigit(*p))
    p++, digits++;
  if (*p == '.') {
    p++;
    while (g_ascii_isdigit(*p))
      p++, digits++;
  }
  if (digits == 0)
    return fail(fam, VQ_UNITS_ERROR_SYNTAX, error, "is not a number");
  int mant_len = (int)(p - mant);

  long exp10 = scan_exponent(&p);
  gboolean zero = strspn(mant, "0.") == (size_t)mant_len;

  const Unit *unit = find_unit(fam, only_kind, p, zero, error);
  if (unit == NULL)
    return FALSE;

  long total_exp = CLAMP(exp10 + unit->exp10, -EXP_CLAMP, EXP_CLAMP);
  g_autofree char *normal = g_strdup_printf("%.*se%ld", mant_len, mant, total_exp);
  double v = g_ascii_strtod(normal, NULL) * unit->mult;
  if (!isfinite(v))
    return fail(fam, VQ_UNITS_ERROR_SYNTAX, error, "is too large");
  if (negative)
    return fail(fam, VQ_UNITS_ERROR_NEGATIVE, error, "is negative");

  *value = v;
  if (kind != NULL)
    *kind = unit->kind;
  return TRUE;
}

gboolean vq_units_parse_time(const char *text, double *seconds, GError **error) {
  g_return_val_if_fail(seconds != NULL, FALSE);
  return parse(text, &time_family, -1, seconds, NULL, error);
}

gboolean vq_units_parse_frequency(const char *text, double *hz, GError **error) {
  g_return_val_if_fail(hz != NULL, FALSE);
  return parse(text, &frequency_family, -1, hz, NULL, error);
}

gboolean vq_units_parse_size(const char *text, double *bytes, GError **error) {
  g_return_val_if_fail(bytes != NULL, FALSE);
  return parse(text, &size_family, -1, bytes, NULL, error);
}

gboolean vq_units_parse_bit_rate(const char *text, double *bps, GError **error) {
  g_return_val_if_fail(bps != NULL, FALSE);
  return parse(text, &bit_rate_family, VQ_RATE_BITS, bps, NULL, error);
}

gboolean vq_units_parse_frame_rate(const char *text, double *fps, GError **error) {
  g_return_val_if_fail(fps != NULL, FALSE);
  return parse(text, &frame_rate_family, VQ_RATE_FRAMES, fps, NULL, error);
}

gboolean vq_units_parse_rate(const char *text, double *value, VqRateKind *kind, GError **error) {
  g_return_val_if_fail(value != NULL && kind != NULL, FALSE);
  return parse(text, &rate_family, -1, value, kind, error);
}

gboolean vq_units_parse_number(const char *text, double *value, GError **error) {
  g_return_val_if_fail(value != NULL, FALSE);
  return parse(text, &number_family, -1, value, NULL, error);
}

char *vq_units_format_time(double seconds) {
  for (guint i = 0; time_units[i + 1].suffix != NULL; i++)
    if (seconds >= pow(10, time_units[i].exp10))
      return g_strdup_printf("%g%s", seconds / pow(10, time_units[i].exp10), time_units[i].suffix);
  guint last = G_N_ELEMENTS(time_units) - 2; /* ns: below 1ns, or 0 */
  return g_strdup_printf("%g%s", seconds / pow(10, time_units[last].exp10),
                         seconds == 0 ? "" : time_units[last].suffix);
}
