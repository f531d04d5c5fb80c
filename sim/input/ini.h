/* Ini: a GKeyFile that remembers where each value came from.
 *
 * GKeyFile keeps no line numbers, accepts only '#' comments and silently merges a repeated group
 * or key. This reader scans the text itself, line by line, and then lets GKeyFile load a normalised
 * copy, so that every group and key has a location ("FILE:LINE", or the "--set ..." argument that
 * overrode it) for error messages. It also holds the typed getters whose errors name that place.
 *
 * Syntax: "[group]" headers, "key = value" lines, blank lines; comments are lines starting with
 * '#' or ';', and the rest of a value line after a blank followed by '#' or ';'. Leading and
 * trailing blanks around keys and values are dropped. Values are kept raw (no GKeyFile escapes).
 * A key before the first group, a repeated group, or a repeated key within a group is an error.
 * Errors are in the VQ_SCENARIO_ERROR domain (the scenario loader is the only user).
 */
#ifndef VQ_INI_H
#define VQ_INI_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct VqIni VqIni;

/* Reads and scans PATH. Returns NULL and sets ERROR (IO or SYNTAX, "PATH:LINE: ...") on failure. */
VqIni *vq_ini_load(const char *path, GError **error);
void vq_ini_free(VqIni *ini);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VqIni, vq_ini_free)

/* The values (owned by INI), loaded by GKeyFile from the scanned text: groups and keys are in
 * file order, and a group without keys still exists. */
GKeyFile *vq_ini_keyfile(const VqIni *ini);

/* Where GROUP's KEY was set ("FILE:LINE" or "--set ..."), or where GROUP starts when KEY is NULL
 * or absent, or "FILE:1" when GROUP is absent too. Owned by INI. */
const char *vq_ini_where(const VqIni *ini, const char *group, const char *key);

/* The value with surrounding blanks removed (transfer full), or NULL when absent. */
char *vq_ini_get(const VqIni *ini, const char *group, const char *key);

/* ---- typed getters ----
 * Each returns TRUE and stores the value (or DFLT when KEY is absent), or returns FALSE and sets
 * ERROR in the VQ_SCENARIO_ERROR domain to "WHERE: [GROUP] KEY: \"VALUE\" what is wrong;
 * expected what is allowed". */

typedef gboolean (*VqIniParser)(const char *text, double *value, GError **error);

/* A quantity parsed by PARSE (a vq_units_parse_* function), in LO..HI as RANGE_TEXT words it. */
gboolean vq_ini_quantity(const VqIni *ini, const char *group, const char *key, VqIniParser parse,
                         double dflt, double lo, double hi, const char *range_text, double *out,
                         GError **error);
/* An unsigned decimal integer in LO..HI. */
gboolean vq_ini_uint(const VqIni *ini, const char *group, const char *key, guint64 dflt, guint64 lo,
                     guint64 hi, guint64 *out, GError **error);
gboolean vq_ini_guint(const VqIni *ini, const char *group, const char *key, guint dflt, guint lo,
                      guint hi, guint *out, GError **error);
/* One of NAMES (NULL-terminated), storing the matching entry of VALUES; EXPECTED lists them. */
gboolean vq_ini_choice(const VqIni *ini, const char *group, const char *key,
                       const char *const *names, const int *values, int dflt, const char *expected,
                       int *out, GError **error);
/* on/off, true/false, yes/no. */
gboolean vq_ini_bool(const VqIni *ini, const char *group, const char *key, gboolean dflt,
                     gboolean *out, GError **error);
/* Six hex pairs separated by ':' ("00:15:5d:00:00:01"); KEY must be present. */
gboolean vq_ini_mac(const VqIni *ini, const char *group, const char *key, guint8 mac[6],
                    GError **error);

/* A MISSING error unless KEY is set: "[GROUP] KEY: missing; expected EXPECTED". */
gboolean vq_ini_need(const VqIni *ini, const char *group, const char *key, const char *expected,
                     GError **error);
/* Sets ERROR (VQ_SCENARIO_ERROR domain, CODE) to "WHERE: MESSAGE"; returns FALSE. */
gboolean vq_ini_fail_at(GError **error, const char *where, int code, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
/* The entry of CANDIDATES (NULL-terminated) closest to WORD, if within two edits and half of
 * WORD's length, else NULL. */
const char *vq_ini_closest(const char *word, const char *const *candidates);
/* "[GROUP] KEY: unknown key; did you mean X? [GROUP] takes A, B, ..." (transfer full), X being the
 * entry of ALLOWED (NULL-terminated) within two edits of KEY, if any. */
char *vq_ini_unknown_key(const char *group, const char *key, const char *const *allowed);
/* An UNKNOWN error at the first key of GROUP not in ALLOWED (NULL-terminated), worded by
 * vq_ini_unknown_key(); TRUE when every key is allowed. */
gboolean vq_ini_check_keys(const VqIni *ini, const char *group, const char *const *allowed,
                           GError **error);
/* Sets ERROR to "WHERE: [GROUP] KEY: MESSAGE" (or "WHERE: [GROUP] MESSAGE" when KEY is NULL), WHERE
 * being vq_ini_where(); returns FALSE. */
gboolean vq_ini_fail(const VqIni *ini, GError **error, int code, const char *group, const char *key,
                     const char *fmt, ...) G_GNUC_PRINTF(6, 7);
/* As vq_ini_fail(), with the value as written quoted before MESSAGE. */
gboolean vq_ini_fail_value(const VqIni *ini, GError **error, int code, const char *group,
                           const char *key, const char *fmt, ...) G_GNUC_PRINTF(6, 7);
/* Parses an unsigned decimal integer; returns 0, or the VqScenarioError code to report (SYNTAX
 * when not digits, RANGE when negative or above 2^64-1). */
int vq_ini_parse_uint(const char *text, guint64 *out);

/* Sets (creating GROUP if needed) GROUP's KEY to VALUE, recording WHERE as its location. */
void vq_ini_set(VqIni *ini, const char *group, const char *key, const char *value,
                const char *where);

G_END_DECLS

#endif
