/* Units: strict parsing of the quantities a scenario is written in ("20us", "2.5GHz", "1500B",
 * "10 Gbps", "1e6pps").
 *
 * A quantity is a non-negative decimal number (digits, optional fraction, optional exponent:
 * "2.5", "1e6", ".5") followed by an optional single space and a case-sensitive SI suffix.
 * Everything else is refused: NaN, "inf", hexadecimal, a sign, trailing junk, an unknown or
 * missing unit. One rule for every quantity with a dimension (time, size, frequency, rate): it
 * needs its unit, since a bare "10" is a guess (seconds or microseconds, bit/s or frames/s); 0
 * alone is accepted (the same in every unit). Plain numbers (vq_units_parse_number) take none.
 *
 * Deliberately left to the caller: ranges ("1e30Gbps" parses; the scenario loader rejects it).
 *
 * On failure the GError message is short and written to follow the quoted input, e.g.
 * "is negative; expected a positive bit rate (bps, kbps, Mbps, Gbps, Tbps)".
 */
#ifndef VQ_UNITS_H
#define VQ_UNITS_H

#include <glib.h>

G_BEGIN_DECLS

#define VQ_UNITS_ERROR (vq_units_error_quark())
GQuark vq_units_error_quark(void);

typedef enum {
  VQ_UNITS_ERROR_SYNTAX,   /* empty, not a number, unknown or missing unit, overflow */
  VQ_UNITS_ERROR_NEGATIVE, /* a well-formed quantity with a minus sign */
} VqUnitsError;

typedef enum {
  VQ_RATE_BITS,   /* bit/s: bps, kbps, Mbps, Gbps */
  VQ_RATE_FRAMES, /* frames/s: pps, kpps, Mpps */
} VqRateKind;

/* s, ms, us, ns (a bare 0 too). Stores seconds. */
gboolean vq_units_parse_time(const char *text, double *seconds, GError **error);
/* Hz, kHz, MHz, GHz (unit required). Stores Hz. */
gboolean vq_units_parse_frequency(const char *text, double *hz, GError **error);
/* B, KB (1000), KiB (1024), MB (10^6), MiB (2^20) (a bare 0 too). Stores bytes. */
gboolean vq_units_parse_size(const char *text, double *bytes, GError **error);
/* bps, kbps, Mbps, Gbps (unit required). Stores bit/s. */
gboolean vq_units_parse_bit_rate(const char *text, double *bps, GError **error);
/* pps, kpps, Mpps (unit required). Stores frames/s. */
gboolean vq_units_parse_frame_rate(const char *text, double *fps, GError **error);
/* Either a bit rate or a frame rate; KIND says which one VALUE is in. */
gboolean vq_units_parse_rate(const char *text, double *value, VqRateKind *kind, GError **error);
/* SECONDS as a user would write it: in the largest unit that keeps the number >= 1 ("200ms",
 * "20us", "1.5s"), %g precision (transfer full). */
char *vq_units_format_time(double seconds);
/* A bare non-negative number with no unit (cycle counts). */
gboolean vq_units_parse_number(const char *text, double *value, GError **error);

G_END_DECLS

#endif
