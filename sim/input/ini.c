/* Ini: a GKeyFile that remembers where each value came from, and typed getters whose errors
 * name that place. See ini.h.
 *
 * The scanner checks the structure line by line (so it can name the line), then hands a
 * normalised copy of the text ("[group]" and "key=value" lines only) to GKeyFile, which holds the
 * values from then on.
 */
#include "sim/input/ini.h"

#include <stdarg.h>
#include <string.h>

#include "sim/scenario.h"
#include "sim/input/units.h"

struct VqIni {
  char *path;
  GKeyFile *kf;
  GHashTable *where; /* "group" or "group\nkey" -> "FILE:LINE" or "--set ..." (both owned) */
  char *fallback;    /* "FILE:1", for what is nowhere */
};

static char *where_key(const char *group, const char *key) {
  return key == NULL ? g_strdup(group) : g_strconcat(group, "\n", key, NULL);
}

/* Keys are identifiers, dotted ones too (a sweep's [vary] keys are --set keys such as
 * "flow.web.rate"); this also keeps them valid GKeyFile key names. */
static gboolean is_key_name(const char *s) {
  if (*s == '\0' || *s == '.')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isalnum(*s) && *s != '_' && *s != '-' && *s != '.')
      return FALSE;
  return TRUE;
}

/* What GKeyFile accepts as a group name: non-empty, no brackets, no control characters. */
static gboolean is_group_name(const char *s) {
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (*s == '[' || *s == ']' || g_ascii_iscntrl(*s))
      return FALSE;
  return TRUE;
}

static gboolean syntax(GError **error, const char *path, guint line, const char *what) {
  g_set_error(error, VQ_SCENARIO_ERROR, VQ_SCENARIO_ERROR_SYNTAX, "%s:%u: %s", path, line, what);
  return FALSE;
}

/* Removes an inline comment: a '#' or ';' preceded by a blank. */
static void strip_inline_comment(char *value) {
  for (char *p = value; *p != '\0'; p++)
    if ((*p == '#' || *p == ';') && p > value && g_ascii_isspace(p[-1])) {
      *p = '\0';
      return;
    }
}

/* Scans one line (NUL-terminated, without its newline) into OUT and INI's locations. */
/* LINE, "[NAME]", starts the section NAME: now *GROUP. */
static gboolean scan_header(VqIni *ini, char *line, guint lineno, char **group, GString *out,
                            GError **error) {
  const char *path = ini->path;
  size_t len = strlen(line);
  if (line[len - 1] != ']') {
    g_autofree char *m = g_strdup_printf("section header \"%s\" does not end with ']'", line);
    return syntax(error, path, lineno, m);
  }
  line[len - 1] = '\0';
  const char *name = line + 1;
  if (!is_group_name(name)) {
    g_autofree char *m = g_strdup_printf("[%s] is not a valid section name", name);
    return syntax(error, path, lineno, m);
  }
  const char *first = g_hash_table_lookup(ini->where, name);
  if (first != NULL) {
    g_autofree char *m = g_strdup_printf(
        "duplicate section [%s], already started at %s; section and VM/flow names must be unique",
        name, first);
    return syntax(error, path, lineno, m);
  }
  g_hash_table_insert(ini->where, g_strdup(name), g_strdup_printf("%s:%u", path, lineno));
  g_free(*group);
  *group = g_strdup(name);
  g_string_append_printf(out, "[%s]\n", name);
  return TRUE;
}

static gboolean scan_line(VqIni *ini, char *line, guint lineno, char **group, GString *out,
                          GError **error) {
  const char *path = ini->path;
  g_strstrip(line);
  if (*line == '\0' || *line == '#' || *line == ';')
    return TRUE;

  if (*line == '[')
    return scan_header(ini, line, lineno, group, out, error);

  char *eq = strchr(line, '=');
  if (eq == NULL) {
    g_autofree char *m =
        g_strdup_printf("\"%s\" is not a [section] header, a key = value line or a comment", line);
    return syntax(error, path, lineno, m);
  }
  *eq = '\0';
  char *key = g_strstrip(line);
  char *value = eq + 1;
  strip_inline_comment(value);
  g_strstrip(value);
  if (*group == NULL) {
    g_autofree char *m = g_strdup_printf("key \"%s\" comes before any [section]", key);
    return syntax(error, path, lineno, m);
  }
  if (!is_key_name(key)) {
    g_autofree char *m = g_strdup_printf(
        "[%s] \"%s\" is not a key name (letters, digits, '_', '-' and '.')", *group, key);
    return syntax(error, path, lineno, m);
  }
  g_autofree char *wk = where_key(*group, key);
  const char *first = g_hash_table_lookup(ini->where, wk);
  if (first != NULL) {
    g_autofree char *m =
        g_strdup_printf("[%s] %s: set twice (first at %s); keep one", *group, key, first);
    return syntax(error, path, lineno, m);
  }
  g_hash_table_insert(ini->where, g_steal_pointer(&wk), g_strdup_printf("%s:%u", path, lineno));
  g_string_append_printf(out, "%s=%s\n", key, value);
  return TRUE;
}

static gboolean scan(VqIni *ini, char *text, gsize len, GString *out, GError **error) {
  if (strlen(text) != len)
    return syntax(error, ini->path, 1, "contains a NUL byte; a scenario is a text file");
  const char *bad = NULL;
  if (!g_utf8_validate(text, (gssize)len, &bad)) {
    guint line = 1;
    for (const char *p = text; p < bad; p++)
      line += (*p == '\n');
    return syntax(error, ini->path, line, "this line is not valid UTF-8 text");
  }
  if (g_str_has_prefix(text, "\xEF\xBB\xBF"))
    memset(text, ' ', 3); /* a byte-order mark, as some Windows editors write */

  g_autofree char *group = NULL;
  guint lineno = 0;
  char *p = text;
  while (*p != '\0') {
    char *nl = strchr(p, '\n');
    char *next = nl != NULL ? nl + 1 : p + strlen(p);
    if (nl != NULL)
      *nl = '\0';
    lineno++;
    /* Windows line ends are fine; any other control character (a lone CR would rewind the
     * terminal over the error message that quotes the line) is refused without quoting it. */
    size_t n = strlen(p);
    if (n > 0 && p[n - 1] == '\r')
      p[n - 1] = '\0';
    for (const char *c = p; *c; c++)
      if ((unsigned char)*c < 0x20 && *c != '\t') {
        g_autofree char *m = g_strdup_printf(
            "contains the control character 0x%02x; a scenario is a text file", (unsigned)*c);
        return syntax(error, ini->path, lineno, m);
      }
    if (!scan_line(ini, p, lineno, &group, out, error))
      return FALSE;
    p = next;
  }
  return TRUE;
}

VqIni *vq_ini_load(const char *path, GError **error) {
  g_return_val_if_fail(path != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);

  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr(GError) io = NULL;
  if (!g_file_get_contents(path, &text, &len, &io)) {
    g_set_error(error, VQ_SCENARIO_ERROR, VQ_SCENARIO_ERROR_IO, "%s: %s", path, io->message);
    return NULL;
  }

  g_autoptr(VqIni) ini = g_new0(VqIni, 1);
  ini->path = g_strdup(path);
  ini->kf = g_key_file_new();
  ini->where = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  ini->fallback = g_strdup_printf("%s:1", path);

  g_autoptr(GString) normal = g_string_new(NULL);
  if (!scan(ini, text, len, normal, error))
    return NULL;
  g_autoptr(GError) kf_error = NULL;
  if (!g_key_file_load_from_data(ini->kf, normal->str, normal->len, G_KEY_FILE_NONE, &kf_error)) {
    /* Not expected after the scan; report it rather than assert, since it is about input. */
    syntax(error, path, 1, kf_error->message);
    return NULL;
  }
  return g_steal_pointer(&ini);
}

void vq_ini_free(VqIni *ini) {
  if (ini == NULL)
    return;
  g_free(ini->path);
  g_key_file_unref(ini->kf);
  g_hash_table_unref(ini->where);
  g_free(ini->fallback);
  g_free(ini);
}

GKeyFile *vq_ini_keyfile(const VqIni *ini) {
  g_return_val_if_fail(ini != NULL, NULL);
  return ini->kf;
}

const char *vq_ini_where(const VqIni *ini, const char *group, const char *key) {
  g_return_val_if_fail(ini != NULL && group != NULL, NULL);
  const char *w = NULL;
  if (key != NULL) {
    g_autofree char *wk = where_key(group, key);
    w = g_hash_table_lookup(ini->where, wk);
  }
  if (w == NULL)
    w = g_hash_table_lookup(ini->where, group);
  return w != NULL ? w : ini->fallback;
}

char *vq_ini_get(const VqIni *ini, const char *group, const char *key) {
  g_return_val_if_fail(ini != NULL && group != NULL && key != NULL, NULL);
  char *v = g_key_file_get_value(ini->kf, group, key, NULL);
  return v != NULL ? g_strstrip(v) : NULL;
}

void vq_ini_set(VqIni *ini, const char *group, const char *key, const char *value,
                const char *where) {
  g_return_if_fail(ini != NULL && is_group_name(group) && is_key_name(key));
  g_return_if_fail(value != NULL && where != NULL);
  if (!g_key_file_has_group(ini->kf, group))
    g_hash_table_insert(ini->where, g_strdup(group), g_strdup(where));
  g_key_file_set_value(ini->kf, group, key, value);
  g_hash_table_insert(ini->where, where_key(group, key), g_strdup(where));
}

/* ---- errors and typed getters ---------------------------------------------------------------- */

static char *vformat(const char *fmt, va_list ap) G_GNUC_PRINTF(1, 0);
static char *vformat(const char *fmt, va_list ap) {
  return g_strdup_vprintf(fmt, ap);
}

gboolean vq_ini_fail_at(GError **error, const char *where, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = vformat(fmt, ap);
  va_end(ap);
  g_set_error(error, VQ_SCENARIO_ERROR, code, "%s: %s", where, msg);
  return FALSE;
}

gboolean vq_ini_fail(const VqIni *ini, GError **error, int code, const char *group, const char *key,
                     const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = vformat(fmt, ap);
  va_end(ap);
  return vq_ini_fail_at(error, vq_ini_where(ini, group, key), code, "[%s] %s%s%s", group,
                        key ? key : "", key ? ": " : "", msg);
}

gboolean vq_ini_fail_value(const VqIni *ini, GError **error, int code, const char *group,
                           const char *key, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *msg = vformat(fmt, ap);
  va_end(ap);
  g_autofree char *v = vq_ini_get(ini, group, key);
  if (v == NULL) /* a default that fails a cross-check */
    return vq_ini_fail(ini, error, code, group, key, "the default %s", msg);
  return vq_ini_fail(ini, error, code, group, key, "\"%s\" %s", v, msg);
}

gboolean vq_ini_need(const VqIni *ini, const char *group, const char *key, const char *expected,
                     GError **error) {
  if (g_key_file_has_key(ini->kf, group, key, NULL))
    return TRUE;
  return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_MISSING, group, key, "missing; expected %s",
                     expected);
}

gboolean vq_ini_quantity(const VqIni *ini, const char *group, const char *key, VqIniParser parse,
                         double dflt, double lo, double hi, const char *range_text, double *out,
                         GError **error) {
  g_autofree char *v = vq_ini_get(ini, group, key);
  if (v == NULL) {
    *out = dflt;
    return TRUE;
  }
  g_autoptr(GError) uerr = NULL;
  if (!parse(v, out, &uerr)) {
    /* "-3Gbps" is well-formed but out of range; everything else does not parse. */
    int code = g_error_matches(uerr, VQ_UNITS_ERROR, VQ_UNITS_ERROR_NEGATIVE)
                   ? VQ_SCENARIO_ERROR_RANGE
                   : VQ_SCENARIO_ERROR_SYNTAX;
    return vq_ini_fail_value(ini, error, code, group, key, "%s", uerr->message);
  }
  if (*out < lo || *out > hi)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, group, key,
                             "is out of range; expected %s", range_text);
  return TRUE;
}

int vq_ini_parse_uint(const char *text, guint64 *out) {
  const char *p = text + (*text == '-');
  if (*p == '\0')
    return VQ_SCENARIO_ERROR_SYNTAX;
  guint64 x = 0;
  int code = *text == '-' ? VQ_SCENARIO_ERROR_RANGE : 0;
  for (; *p != '\0'; p++) {
    if (!g_ascii_isdigit(*p))
      return VQ_SCENARIO_ERROR_SYNTAX;
    if (x > (G_MAXUINT64 - (guint64)(*p - '0')) / 10)
      code = VQ_SCENARIO_ERROR_RANGE; /* keep scanning: junk later is still a syntax error */
    else
      x = x * 10 + (guint64)(*p - '0');
  }
  *out = x;
  return code;
}

gboolean vq_ini_uint(const VqIni *ini, const char *group, const char *key, guint64 dflt, guint64 lo,
                     guint64 hi, guint64 *out, GError **error) {
  g_autofree char *v = vq_ini_get(ini, group, key);
  if (v == NULL) {
    *out = dflt;
    return TRUE;
  }
  int code = vq_ini_parse_uint(v, out);
  if (code == 0 && *out >= lo && *out <= hi)
    return TRUE;
  return vq_ini_fail_value(
      ini, error, code ? code : VQ_SCENARIO_ERROR_RANGE, group, key,
      "%s; expected an integer in %" G_GUINT64_FORMAT "..%" G_GUINT64_FORMAT,
      code == VQ_SCENARIO_ERROR_SYNTAX ? "is not an integer" : "is out of range", lo, hi);
}

gboolean vq_ini_guint(const VqIni *ini, const char *group, const char *key, guint dflt, guint lo,
                      guint hi, guint *out, GError **error) {
  guint64 x = 0;
  if (!vq_ini_uint(ini, group, key, dflt, lo, hi, &x, error))
    return FALSE;
  *out = (guint)x;
  return TRUE;
}

gboolean vq_ini_choice(const VqIni *ini, const char *group, const char *key,
                       const char *const *names, const int *values, int dflt, const char *expected,
                       int *out, GError **error) {
  g_autofree char *v = vq_ini_get(ini, group, key);
  *out = dflt;
  if (v == NULL)
    return TRUE;
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp(v, names[i]) == 0) {
      *out = values[i];
      return TRUE;
    }
  return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_SYNTAX, group, key,
                           "is not allowed; expected %s", expected);
}

gboolean vq_ini_bool(const VqIni *ini, const char *group, const char *key, gboolean dflt,
                     gboolean *out, GError **error) {
  static const char *const names[] = {"on", "off", "true", "false", "yes", "no", NULL};
  static const int values[] = {TRUE, FALSE, TRUE, FALSE, TRUE, FALSE};
  int b;
  if (!vq_ini_choice(ini, group, key, names, values, dflt, "on/off, true/false or yes/no", &b,
                     error))
    return FALSE;
  *out = b;
  return TRUE;
}

gboolean vq_ini_mac(const VqIni *ini, const char *group, const char *key, guint8 mac[6],
                    GError **error) {
  g_autofree char *v = vq_ini_get(ini, group, key);
  const char *s = v != NULL ? v : "";
  for (int i = 0; i < 6; i++, s += 3) {
    if (!g_ascii_isxdigit(s[0]) || !g_ascii_isxdigit(s[1]) || s[2] != (i < 5 ? ':' : '\0'))
      return vq_ini_fail_value(
          ini, error, VQ_SCENARIO_ERROR_SYNTAX, group, key,
          "is not a MAC address; expected six hex pairs such as 00:15:5d:00:00:01");
    mac[i] = (guint8)(g_ascii_xdigit_value(s[0]) << 4 | g_ascii_xdigit_value(s[1]));
  }
  return TRUE;
}

/* Edit distance for "did you mean": insertions, deletions, substitutions and swaps of two
 * neighbours ("wbe" for "web" is one typo), each 1 (the optimal string alignment distance).
 * Names are short, so three rows suffice. */
static guint edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  g_autofree guint *prev2 = g_new0(guint, lb + 1), *prev = g_new(guint, lb + 1),
                   *cur = g_new(guint, lb + 1);
  for (size_t j = 0; j <= lb; j++)
    prev[j] = (guint)j;
  for (size_t i = 1; i <= la; i++) {
    cur[0] = (guint)i;
    for (size_t j = 1; j <= lb; j++) {
      guint sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
      cur[j] = MIN(sub, MIN(prev[j], cur[j - 1]) + 1);
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = MIN(cur[j], prev2[j - 2] + 1);
    }
    guint *t = prev2;
    prev2 = prev, prev = cur, cur = t;
  }
  return prev[lb];
}

const char *vq_ini_closest(const char *word, const char *const *candidates) {
  const char *best = NULL;
  /* Suggest only close matches: two typos at most, and no more than half the word. */
  guint best_d = MIN(3, (guint)strlen(word) / 2 + 1);
  for (const char *const *k = candidates; *k != NULL; k++) {
    guint d = edit_distance(word, *k);
    if (d < best_d)
      best = *k, best_d = d;
  }
  return best;
}

char *vq_ini_unknown_key(const char *group, const char *key, const char *const *allowed) {
  GString *m = g_string_new(NULL);
  g_string_printf(m, "[%s] %s: unknown key; ", group, key);
  const char *best = vq_ini_closest(key, allowed);
  if (best != NULL)
    g_string_append_printf(m, "did you mean %s? ", best);
  g_string_append_printf(m, "[%s] takes ", group);
  for (const char *const *k = allowed; *k != NULL; k++)
    g_string_append_printf(m, "%s%s", k == allowed ? "" : ", ", *k);
  return g_string_free(m, FALSE);
}

gboolean vq_ini_check_keys(const VqIni *ini, const char *group, const char *const *allowed,
                           GError **error) {
  g_auto(GStrv) keys = g_key_file_get_keys(vq_ini_keyfile(ini), group, NULL, NULL);
  for (char **k = keys; k && *k; k++)
    if (!g_strv_contains(allowed, *k)) {
      g_autofree char *m = vq_ini_unknown_key(group, *k, allowed);
      return vq_ini_fail_at(error, vq_ini_where(ini, group, *k), VQ_SCENARIO_ERROR_UNKNOWN, "%s",
                            m);
    }
  return TRUE;
}
