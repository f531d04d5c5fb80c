/* Scenario loader, the workload forms of a [flow NAME] (issue 12): frame_size (a size, a range,
 * imix, or file:PATH), rate (one rate, or a schedule of steps and ramps), and the arrival
 * process with its keys (arrivals = onoff: burst_*; arrivals = mmpp: mmpp). Stored as
 * sim/scenario.h says (VqFrameSizes, VqSchedule, VqBurstConf); the models are in
 * models/framesize.h and models/arrivals.h. Called by scenario-flow.c. */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "models/framesize.h"
#include "sim/input/ini.h"
#include "sim/input/scenario-private.h"
#include "sim/input/schema.h"
#include "sim/input/units.h"

#define SIZE_FORMS                                                                                 \
  "a size 64B..9216B (e.g. 1500B), a range 64B..1518B, imix, or file:PATH (lines SIZE WEIGHT)"
#define SCHEDULE_FORMS                                                                             \
  "RATE@TIME points, times increasing from @0 up to the duration, '..' before a point for a "      \
  "linear ramp to it from the point before, e.g. 1Gbps@0 10Gbps@50ms or 0pps@0 ..1Mpps@10ms"
#define MMPP_FORMS "two states RATE/MEAN_TIME, e.g. 2Gbps/5ms 8Gbps/1ms"
#define MIN_FRAME VQ_MIN_FRAME_BYTES
#define MAX_FRAME 9216
#define MAX_SIZE_LINES 65536      /* a size file's entries: more than the 9153 sizes there are */
#define MAX_SIZE_FILE (1u << 24)  /* 16 MB, far more than 65536 lines need */
#define MAX_SCHEDULE_POINTS 10000 /* one step per 100 us of a 1 s run */

/* ---- frame sizes --------------------------------------------------------------------------- */

/* A whole frame size in 64..9216 B from TEXT ("1500B", "1.5KB"; with BARE also "1500", as the
 * size column of a size file, which is bytes by definition). */
static gboolean parse_frame_size(const char *text, gboolean bare, guint *out) {
  double bytes;
  g_autoptr(GError) e = NULL;
  gboolean ok = vq_units_parse_size(text, &bytes, &e) ||
                (bare && strspn(text, "0123456789") == strlen(text) &&
                 vq_units_parse_number(text, &bytes, NULL));
  if (!ok || bytes != floor(bytes) || bytes < MIN_FRAME || bytes > MAX_FRAME)
    return FALSE;
  *out = (guint)bytes;
  return TRUE;
}

/* One line of a size file: "SIZE WEIGHT" (blanks or a comma between); FALSE if malformed. */
static gboolean parse_size_line(char *line, guint *size, double *weight) {
  char **w = g_strsplit_set(line, " \t,", -1);
  char *v[3] = {NULL, NULL, NULL};
  guint n = 0;
  for (char **p = w; *p; p++)
    if (**p && n < 3)
      v[n++] = *p;
  g_autoptr(GError) e = NULL;
  gboolean ok =
      n == 2 && parse_frame_size(v[0], TRUE, size) && vq_units_parse_number(v[1], weight, &e);
  g_strfreev(w);
  return ok;
}

/* Parses the lines of size file PATH (TEXT, modified) into D; errors at "PATH:LINE". */
static gboolean parse_size_lines(const char *path, char *text, VqFrameSizes *d, GError **error) {
  g_autoptr(GArray) sizes = g_array_new(FALSE, FALSE, sizeof(guint16));
  g_autoptr(GArray) weights = g_array_new(FALSE, FALSE, sizeof(double));
  double sum = 0, bytes = 0;
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    char *hash = strchr(lines[i], '#');
    if (hash)
      *hash = '\0';
    g_strstrip(lines[i]);
    if (!*lines[i])
      continue;
    g_autofree char *where = g_strdup_printf("%s:%u", path, i + 1);
    guint size;
    double w;
    if (sizes->len == MAX_SIZE_LINES)
      return vq_ini_fail_at(error, where, VQ_SCENARIO_ERROR_RANGE,
                            "more than %u sizes; expected at most %u lines SIZE WEIGHT",
                            MAX_SIZE_LINES, MAX_SIZE_LINES);
    if (!parse_size_line(lines[i], &size, &w) || !isfinite(w))
      return vq_ini_fail_at(error, where, VQ_SCENARIO_ERROR_SYNTAX,
                            "\"%s\" is not a frame size and a weight; expected SIZE WEIGHT, e.g. "
                            "\"1500 3\" (a whole size 64..9216 B, a weight >= 0; '#' comments)",
                            lines[i]);
    guint16 s16 = (guint16)size;
    g_array_append_val(sizes, s16);
    g_array_append_val(weights, w);
    sum += w;
    bytes += w * size;
  }
  if (!(sum > 0) || !isfinite(sum))
    return vq_ini_fail_at(error, path, VQ_SCENARIO_ERROR_RANGE,
                          "has no frame size with a weight > 0 (or weights too large); expected "
                          "lines SIZE WEIGHT, some weight > 0");
  d->n = sizes->len;
  d->mean_bytes = bytes / sum;
  d->sizes = (guint16 *)g_array_free(g_steal_pointer(&sizes), FALSE);
  d->weights = (double *)g_array_free(g_steal_pointer(&weights), FALSE);
  return TRUE;
}

/* Reads size file NAME (relative to the scenario file unless absolute) into D. */
static gboolean load_size_file(const VqIni *ini, const VqScenario *sc, const char *g,
                               const char *name, VqFrameSizes *d, GError **error) {
  g_autofree char *dir = g_path_get_dirname(sc->path);
  g_autofree char *path =
      g_path_is_absolute(name) ? g_strdup(name) : g_build_filename(dir, name, NULL);
  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr(GError) ioerr = NULL;
  GStatBuf st;
  /* A regular file of bounded size first: /dev/zero would be read for ever. */
  if (*name && g_stat(path, &st) == 0 && (!S_ISREG(st.st_mode) || st.st_size > MAX_SIZE_FILE))
    len = MAX_SIZE_FILE + 1;
  else if (!*name || !g_file_get_contents(path, &text, &len, &ioerr))
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_IO, g, "frame_size",
                             "cannot be read: %s; expected file:PATH of a file of lines SIZE "
                             "WEIGHT, PATH relative to the scenario file",
                             ioerr ? ioerr->message : "no PATH");
  if (len > MAX_SIZE_FILE || strlen(text) != len)
    return vq_ini_fail_value(
        ini, error, VQ_SCENARIO_ERROR_RANGE, g, "frame_size",
        "names %s, %s; expected a text file of at most %u lines SIZE WEIGHT", path,
        len > MAX_SIZE_FILE ? "not a regular file of at most 16 MB" : "not a text file",
        MAX_SIZE_LINES);
  return parse_size_lines(path, text, d, error);
}

/* F's workload forms, made when it gets its first (owned by F from then: freed with it). */
static VqFlowForms *forms_of(VqFlowConf *f) {
  if (!f->forms)
    f->forms = g_new0(VqFlowForms, 1);
  return f->forms;
}

/* frame_size: F's frame_bytes (the mean, rounded, for a distribution) and sizes. */
static gboolean load_frame_size(const VqIni *ini, const VqScenario *sc, const char *g,
                                VqFlowConf *f, GError **error) {
  g_autofree char *text = vq_ini_get(ini, g, "frame_size");
  const char *v = text ? text : "1500B"; /* the schema's default */
  if (parse_frame_size(v, FALSE, &f->frame_bytes))
    return TRUE;
  VqFrameSizes *d = g_new0(VqFrameSizes, 1);
  forms_of(f)->sizes = d;
  const char *dots = strstr(v, "..");
  if (strcmp(v, "imix") == 0) {
    d->n = VQ_IMIX_N;
    d->sizes = g_memdup2(vq_imix_sizes, sizeof vq_imix_sizes);
    d->weights = g_memdup2(vq_imix_weights, sizeof vq_imix_weights);
    for (guint k = 0; k < VQ_IMIX_N; k++)
      d->mean_bytes += vq_imix_sizes[k] * vq_imix_weights[k] / (7 + 4 + 1);
  } else if (g_str_has_prefix(v, "file:")) {
    if (!load_size_file(ini, sc, g, v + 5, d, error))
      return FALSE;
  } else if (dots) {
    g_autofree char *lo = g_strstrip(g_strndup(v, (gsize)(dots - v)));
    g_autofree char *hi = g_strstrip(g_strdup(dots + 2));
    if (!parse_frame_size(lo, FALSE, &d->lo) || !parse_frame_size(hi, FALSE, &d->hi) ||
        d->lo >= d->hi)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "frame_size",
                               "is not a range of frame sizes; expected LOW..HIGH, whole sizes "
                               "64B <= LOW < HIGH <= 9216B, e.g. 64B..1518B");
    d->mean_bytes = (d->lo + d->hi) / 2.0;
  } else {
    double b;
    gboolean size = vq_units_parse_size(v, &b, NULL);
    return vq_ini_fail_value(ini, error, size ? VQ_SCENARIO_ERROR_RANGE : VQ_SCENARIO_ERROR_SYNTAX,
                             g, "frame_size", "is not %s; expected " SIZE_FORMS,
                             !size           ? "a frame size"
                             : b != floor(b) ? "a whole number of bytes"
                                             : "within 64B..9216B");
  }
  f->frame_bytes = (guint)lround(d->mean_bytes);
  return TRUE;
}

/* ---- rate and schedule --------------------------------------------------------------------- */

/* A rate RATE_TEXT in frames/s, a bit rate converted with MEAN_BYTES; FALSE with a message
 * ("is not a rate; expected ...", as units.h words it) and its error code in *CODE. */
static gboolean parse_fps(const char *text, double mean_bytes, double *fps, int *code, char **msg) {
  double rate;
  VqRateKind kind;
  g_autoptr(GError) uerr = NULL;
  if (!vq_units_parse_rate(text, &rate, &kind, &uerr)) {
    *code =
        uerr->code == VQ_UNITS_ERROR_NEGATIVE ? VQ_SCENARIO_ERROR_RANGE : VQ_SCENARIO_ERROR_SYNTAX;
    *msg = g_strdup(uerr->message);
    return FALSE;
  }
  /* A bit rate counts frame bytes only; check_wire() adds the per-frame overhead. */
  *fps = kind == VQ_RATE_BITS ? rate / (8.0 * mean_bytes) : rate;
  return TRUE;
}

/* One item "[..]RATE@TIME" (DELIM '@') or "RATE/TIME" ('/') of a list at *P, advancing it past
 * the item; RATE may hold a blank ("10 Gbps"). FALSE when there is no DELIM before the next
 * item. */
static gboolean next_item(const char **p, char delim, gboolean *ramp, char **rate, char **time) {
  const char *s = *p + strspn(*p, " \t");
  *ramp = g_str_has_prefix(s, "..");
  s += *ramp ? 2 : 0;
  const char *d = strchr(s, delim);
  const char *stop = d ? d + 1 + strcspn(d + 1, " \t") : s + strlen(s);
  const char *again = d ? strchr(d + 1, delim) : NULL;
  if (again && again < stop) /* "1Gbps@1ms@2ms" */
    d = NULL;
  *rate = g_strstrip(g_strndup(s, (gsize)((d ? d : stop) - s)));
  *time = d ? g_strndup(d + 1, (gsize)(stop - d - 1)) : NULL;
  *p = stop;
  return d != NULL;
}

/* What is wrong with point K ("[..]RATE@TIME", R: the "..") of a schedule whose points so far
 * are at T, or NULL; stores the point in *FPS and *T_S, and the error's code in *CODE. */
static char *schedule_point(const VqScenario *sc, const GArray *t, guint k, gboolean r,
                            const char *rate, const char *time, double mean_bytes, double *fps,
                            double *t_s, int *code) {
  g_autofree char *msg = NULL;
  *code = VQ_SCENARIO_ERROR_SYNTAX;
  if (!time)
    return g_strdup_printf("has no @TIME at point %u (\"%s\")", k, rate);
  if (!parse_fps(rate, mean_bytes, fps, code, &msg))
    return g_strdup_printf("has point %u's rate \"%s\", which %s", k, rate, msg);
  if (!vq_units_parse_time(time, t_s, NULL))
    return g_strdup_printf("has point %u's time \"%s\", not a time (s, ms, us, ns)", k, time);
  *code = VQ_SCENARIO_ERROR_RANGE;
  if (k == 1 && (*t_s != 0 || r))
    return g_strdup_printf("starts with \"%s%s@%s\"; the first point is RATE@0", r ? ".." : "",
                           rate, time);
  if (k > 1 && *t_s <= g_array_index(t, double, k - 2))
    return g_strdup_printf("has point %u at %s, not after point %u", k, time, k - 1);
  if (*t_s > sc->duration_s)
    return g_strdup_printf("has point %u at %s, past the duration", k, time);
  if (k > MAX_SCHEDULE_POINTS)
    return g_strdup_printf("has more than %u points", MAX_SCHEDULE_POINTS);
  return NULL;
}

/* The rate schedule TEXT (it has an '@') into F: rate_fps its peak, schedule its shape. */
static gboolean load_schedule(const VqIni *ini, const VqScenario *sc, const char *g,
                              const char *text, double mean_bytes, VqFlowConf *f, GError **error) {
  g_autoptr(GArray) t = g_array_new(FALSE, FALSE, sizeof(double));
  g_autoptr(GArray) fps = g_array_new(FALSE, FALSE, sizeof(double));
  g_autoptr(GArray) ramp = g_array_new(FALSE, FALSE, sizeof(gboolean));
  double peak = 0;
  for (const char *p = text; *(p + strspn(p, " \t"));) {
    gboolean r;
    g_autofree char *rate = NULL, *time = NULL;
    double fps_k = 0, t_k = 0;
    int code;
    next_item(&p, '@', &r, &rate, &time);
    g_autofree char *msg =
        schedule_point(sc, t, t->len + 1, r, rate, time, mean_bytes, &fps_k, &t_k, &code);
    if (msg)
      return vq_ini_fail_value(ini, error, code, g, "rate", "%s%s", msg,
                               strstr(msg, "expected") ? "" : "; expected " SCHEDULE_FORMS);
    g_array_append_val(t, t_k);
    g_array_append_val(fps, fps_k);
    g_array_append_val(ramp, r);
    peak = MAX(peak, fps_k);
  }
  if (!(peak > 0))
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "rate",
                             "is 0 at every point; expected some rate > 0 (0 is a pause)");
  VqSchedule *s = g_new0(VqSchedule, 1);
  s->n = t->len;
  s->t_s = (double *)g_array_free(g_steal_pointer(&t), FALSE);
  s->ramp = (gboolean *)g_array_free(g_steal_pointer(&ramp), FALSE);
  s->level = (double *)g_array_free(g_steal_pointer(&fps), FALSE);
  for (guint k = 0; k < s->n; k++)
    s->level[k] /= peak;
  forms_of(f)->schedule = s;
  f->rate_fps = peak;
  return TRUE;
}

/* rate: one rate, or a schedule. */
static gboolean load_rate(const VqIni *ini, const VqScenario *sc, const char *g, VqFlowConf *f,
                          GError **error) {
  if (!vq_schema_need(ini, g, "rate", error))
    return FALSE;
  g_autofree char *text = vq_ini_get(ini, g, "rate");
  double mean = vq_flow_mean_bytes(f);
  if (strchr(text, '@')) {
    if (f->arrivals != VQ_ARRIVALS_CONSTANT && f->arrivals != VQ_ARRIVALS_POISSON)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "rate",
                               "is a schedule, which needs arrivals = constant or poisson; "
                               "expected one rate, the long-run mean, with arrivals = onoff");
    return load_schedule(ini, sc, g, text, mean, f, error);
  }
  int code;
  g_autofree char *msg = NULL;
  if (!parse_fps(text, mean, &f->rate_fps, &code, &msg))
    return vq_ini_fail_value(ini, error, code, g, "rate", "%s", msg);
  if (f->rate_fps <= 0)
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "rate",
                             "is zero; expected a rate > 0");
  return TRUE;
}

/* ---- arrival processes --------------------------------------------------------------------- */

/* arrivals = onoff: its periods, their law, the frames' spacing; the peak is rate / duty. */
static gboolean load_onoff(const VqIni *ini, const VqScenario *sc, const char *g, VqFlowConf *f,
                           GError **error) {
  VqBurstConf *b = g_new0(VqBurstConf, 1);
  forms_of(f)->burst = b;
  int pareto, even;
  if (!vq_schema_need(ini, g, "burst_on", error) || !vq_schema_need(ini, g, "burst_off", error) ||
      !vq_schema_read(ini, sc, g, "burst_on", NULL, &b->mean_s[0], error) ||
      !vq_schema_read(ini, sc, g, "burst_off", NULL, &b->mean_s[1], error) ||
      !vq_schema_read(ini, sc, g, "burst_periods", NULL, &pareto, error) ||
      !vq_schema_read(ini, sc, g, "burst_arrivals", NULL, &even, error))
    return FALSE;
  if (pareto) {
    if (!vq_schema_read(ini, sc, g, "pareto_shape", NULL, &b->shape, error))
      return FALSE;
    if (b->shape <= 1)
      return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "pareto_shape",
                               "leaves the periods no finite mean; expected a shape > 1, e.g. "
                               "1.5 (1 < shape < 2: heavy-tailed, self-similar traffic)");
  } else if (!vq_scenario_only_with(ini, g, "pareto_shape", "burst_periods = pareto", error)) {
    return FALSE;
  }
  b->even = even;
  double duty = b->mean_s[0] / (b->mean_s[0] + b->mean_s[1]);
  b->level[0] = 1 / duty; /* so that the long-run rate is rate_fps */
  b->level[1] = 0;
  return TRUE;
}

/* arrivals = mmpp: the two states, "RATE/MEAN RATE/MEAN"; rate_fps their long-run mean. */
static gboolean load_mmpp(const VqIni *ini, const VqScenario *sc, const char *g, VqFlowConf *f,
                          GError **error) {
  if (!vq_schema_need(ini, g, "mmpp", error))
    return FALSE;
  if (g_key_file_has_key(vq_ini_keyfile(ini), g, "rate", NULL))
    return vq_ini_fail(ini, error, VQ_SCENARIO_ERROR_SYNTAX, g, "rate",
                       "conflicts with arrivals = mmpp, whose key mmpp gives the rates; remove "
                       "rate (the long-run rate is the states' mean)");
  g_autofree char *text = vq_ini_get(ini, g, "mmpp");
  const char *p = text;
  double fps[2], num = 0;
  VqBurstConf *b = g_new0(VqBurstConf, 1);
  forms_of(f)->burst = b;
  for (guint s = 0; s < 3; s++) {
    gboolean ramp;
    g_autofree char *rate = NULL, *time = NULL, *msg = NULL, *why = NULL;
    int code = VQ_SCENARIO_ERROR_SYNTAX;
    gboolean more = *(p + strspn(p, " \t")) != '\0';
    if (s == 2 && !more)
      break;
    if (s == 2 || !more || !next_item(&p, '/', &ramp, &rate, &time) || ramp)
      msg = g_strdup("is not two states");
    else if (!parse_fps(rate, vq_flow_mean_bytes(f), &fps[s], &code, &why))
      msg = g_strdup_printf("has state %u's rate \"%s\", which %s", s + 1, rate, why);
    else if (!vq_units_parse_time(time, &b->mean_s[s], NULL) || !(b->mean_s[s] > 0))
      msg = g_strdup_printf("has state %u's mean time \"%s\", not a time > 0", s + 1, time);
    if (msg)
      return vq_ini_fail_value(ini, error, code, g, "mmpp", "%s; expected " MMPP_FORMS, msg);
    num += fps[s] * b->mean_s[s];
  }
  f->rate_fps = num / (b->mean_s[0] + b->mean_s[1]);
  if (!(f->rate_fps > 0))
    return vq_ini_fail_value(ini, error, VQ_SCENARIO_ERROR_RANGE, g, "mmpp",
                             "has no rate > 0; expected " MMPP_FORMS);
  for (guint s = 0; s < 2; s++)
    b->level[s] = fps[s] / f->rate_fps;
  return TRUE;
}

gboolean vq_scenario_load_workload(const VqIni *ini, const VqScenario *sc, const char *g,
                                   VqFlowConf *f, GError **error) {
  int arrivals;
  if (!vq_schema_read(ini, sc, g, "arrivals", NULL, &arrivals, error) ||
      !load_frame_size(ini, sc, g, f, error))
    return FALSE;
  f->arrivals = (VqArrivals)arrivals;
  for (const VqKeySpec *k = vq_schema_section("flow")->keys; k->name; k++)
    if ((k->flags & VQ_KEY_ONOFF_ONLY) && f->arrivals != VQ_ARRIVALS_ONOFF &&
        !vq_scenario_only_with(ini, g, k->name, "arrivals = onoff", error))
      return FALSE;
  if (f->arrivals != VQ_ARRIVALS_MMPP &&
      !vq_scenario_only_with(ini, g, "mmpp", "arrivals = mmpp", error))
    return FALSE;
  if (f->arrivals == VQ_ARRIVALS_MMPP)
    return load_mmpp(ini, sc, g, f, error);
  if (!load_rate(ini, sc, g, f, error))
    return FALSE;
  return f->arrivals != VQ_ARRIVALS_ONOFF || load_onoff(ini, sc, g, f, error);
}

void vq_scenario_workload_free(VqFlowConf *f) {
  if (!f->forms)
    return;
  VqFrameSizes *d = (VqFrameSizes *)f->forms->sizes;
  VqSchedule *s = (VqSchedule *)f->forms->schedule;
  if (d) {
    g_free(d->sizes);
    g_free(d->weights);
    g_free(d);
  }
  g_free((VqBurstConf *)f->forms->burst);
  if (s) {
    g_free(s->t_s);
    g_free(s->level);
    g_free(s->ramp);
    g_free(s);
  }
  g_clear_pointer(&f->forms, g_free);
}
