/* `vmqsim trace-info`: reads a capture once (models/capture, streaming) and prints its frames,
 * duration, mean rate, protocol mix, VLAN tags, unusable frames by reason, and how RSS would
 * spread the usable frames over one VPort's indirection table (models/rss), per entry and per
 * processor: what a user runs first on a capture. The VPort comes from the options or from a
 * scenario's VMMQ VM; every frame is taken to reach that VPort (a capture's MACs are not the
 * scenario's). The counting and printing: trace-info-stats.c. */
#include "sim/cli/cli-trace-info.h"

#include <stdio.h>
#include <string.h>

#include "models/capture.h"
#include "models/rss.h"
#include "sim/cli/options.h"
#include "sim/cli/trace-info-stats.h"
#include "sim/cli/vport-options.h"
#include "sim/exit-codes.h"
#include "sim/scenario.h"

/* The defaults when no scenario is given: 4 processors (a small VPort) over NDIS's largest
 * table (NDIS_RSS_INDIRECTION_TABLE_MAX_SIZE_REVISION_1, 128 entries). */
#define DEFAULT_PROCESSORS "0-3"
#define DEFAULT_TABLE_SIZE VQ_RSS_TABLE_MAX

typedef struct {
  char *key, *types, *table_size, *processors, *default_lp, *scenario, *vm;
  char **set;
  gboolean list;
} Args;

static void args_clear(Args *a) {
  g_free(a->key), g_free(a->types), g_free(a->table_size), g_free(a->processors);
  g_free(a->default_lp), g_free(a->scenario), g_free(a->vm);
  g_strfreev(a->set);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Args, args_clear)

/* A non-negative integer below LIMIT. */
static gboolean parse_uint(const char *text, guint limit, guint *out) {
  char *end = NULL;
  if (!g_ascii_isdigit(text[0]))
    return FALSE;
  guint64 v = g_ascii_strtoull(text, &end, 10);
  if (*end || v >= limit)
    return FALSE;
  *out = (guint)v;
  return TRUE;
}

/* "0-3", "1,3,5-7" into PROCS (at most VQ_RSS_TABLE_MAX); NULL or what is wrong. */
static char *parse_processors(const char *text, guint *procs, guint *n) {
  *n = 0;
  g_auto(GStrv) items = g_strsplit(text, ",", -1);
  for (char **it = items; *it; it++) {
    g_auto(GStrv) ends = g_strsplit(g_strstrip(*it), "-", 2);
    guint lo, hi;
    if (!parse_uint(ends[0], VQ_MAX_PROCESSORS, &lo) ||
        !parse_uint(ends[1] ? ends[1] : ends[0], VQ_MAX_PROCESSORS, &hi) || lo > hi)
      return g_strdup_printf("--processors %s: expected a comma list of processors and "
                             "ascending ranges below %d, e.g. 0-3 or 1,3,5",
                             text, VQ_MAX_PROCESSORS);
    for (guint p = lo; p <= hi; p++) {
      if (*n == VQ_RSS_TABLE_MAX)
        return g_strdup_printf("--processors %s: more than %d processors", text, VQ_RSS_TABLE_MAX);
      procs[(*n)++] = p;
    }
  }
  return *n ? NULL : g_strdup_printf("--processors %s: lists nothing", text);
}

static char *parse_types(const char *text, guint32 *types) {
  *types = 0;
  g_auto(GStrv) items = g_strsplit(text, ",", -1);
  for (char **it = items; *it; it++) {
    guint32 t = vq_rss_type_from_name(g_strstrip(*it));
    if (!t)
      return g_strdup_printf("--hash-types %s: '%s' is not a hash type; expected a comma list "
                             "of ipv4, tcp-ipv4, udp-ipv4, ipv6, tcp-ipv6, udp-ipv6",
                             text, *it);
    *types |= t;
  }
  return NULL;
}

/* The VPort from the options. */
static char *vport_from_options(const Args *a, VqTraceInfoVport *vp) {
  vp->key_is_ms = a->key == NULL;
  char *err = vq_cli_vport_key(a->key, vp->key);
  if (err)
    return err;
  vp->hash_types = VQ_HASH_ALL_MODELLED;
  err = a->types ? parse_types(a->types, &vp->hash_types) : NULL;
  vp->table_size = DEFAULT_TABLE_SIZE;
  if (!err)
    err = vq_cli_vport_table_size(a->table_size, &vp->table_size);
  guint procs[VQ_RSS_TABLE_MAX], n = 0;
  if (!err)
    err = parse_processors(a->processors ? a->processors : DEFAULT_PROCESSORS, procs, &n);
  if (err)
    return err;
  vq_rss_table_fill_default(vp->table, vp->table_size, procs, n);
  vp->default_lp = procs[0];
  if (a->default_lp && !parse_uint(a->default_lp, VQ_MAX_PROCESSORS, &vp->default_lp))
    return g_strdup_printf("--default-processor %s: expected a processor below %d", a->default_lp,
                           VQ_MAX_PROCESSORS);
  vp->source =
      g_strdup_printf("--processors %s", a->processors ? a->processors : DEFAULT_PROCESSORS);
  return NULL;
}

/* The VPort of --vm in --scenario. */
static char *vport_from_scenario(const Args *a, VqTraceInfoVport *vp) {
  if (!a->vm)
    return g_strdup("--scenario needs --vm NAME, the VMMQ VM whose VPort receives");
  if (a->key || a->types || a->table_size || a->processors || a->default_lp)
    return g_strdup("--scenario takes the VPort's key, hash types, table and default processor "
                    "from the scenario; drop --key, --hash-types, --table-size, --processors "
                    "and --default-processor");
  g_autoptr(GError) error = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(a->scenario, (const char *const *)a->set, &error);
  if (!sc)
    return g_strdup(error->message);
  for (guint v = 0; v < sc->vms->len; v++) {
    const VqVmConf *vm = g_ptr_array_index(sc->vms, v);
    if (strcmp(vm->name, a->vm) || !vm->vport.enabled)
      continue;
    memcpy(vp->key, vm->vport.key, sizeof vp->key);
    vp->key_is_ms = !memcmp(vp->key, vq_rss_ms_key, sizeof vp->key);
    vp->hash_types = vm->vport.hash_types;
    vp->table_size = vm->vport.table_size;
    memcpy(vp->table, vm->vport.table_lps, sizeof vp->table);
    vp->default_lp = vm->vport.default_lp;
    vp->source = g_strdup_printf("VM %s of %s", vm->name, a->scenario);
    return NULL;
  }
  return g_strdup_printf("--vm %s: %s has no VM of that name with vmmq = on", a->vm, a->scenario);
}

/* Reads PATH to its end into ST (and the frame list with LIST); FALSE with ERROR. */
static gboolean read_capture(const char *path, VqTraceInfo *st, gboolean list, GError **error) {
  g_autoptr(VqCapture) c = vq_capture_open(path, error);
  if (!c)
    return FALSE;
  if (list)
    printf("%s\thash\ttype\tentry\tprocessor\n", vq_capture_format_header());
  VqCaptureFrame f;
  while (vq_capture_next(c, &f, error)) {
    VqTraceInfoSteer s;
    vq_trace_info_add(st, &f, &s);
    if (list) {
      g_autofree char *line = vq_capture_format_frame(vq_capture_frames(c), &f);
      if (s.type)
        printf("%s\t0x%08x\t%s\t%u\t%u\n", line, s.hash, vq_rss_type_name(s.type), s.entry,
               s.processor);
      else if (s.usable) /* not hashed: the default processor */
        printf("%s\t-\t-\t-\t%u\n", line, s.processor);
      else
        printf("%s\t-\t-\t-\t-\n", line);
    }
  }
  if (error && *error)
    return FALSE;
  vq_trace_info_set_file(st, vq_capture_format(c), vq_capture_snaplen(c), vq_capture_start_s(c));
  return TRUE;
}

int vq_cli_trace_info(int argc, char **argv) {
  g_auto(Args) a = {0};
  const GOptionEntry entries[] = {
      {"key", 0, 0, G_OPTION_ARG_STRING, &a.key,
       "Toeplitz key, 80 hex digits (default: Microsoft's verification key 6d5a56da...)", "HEX"},
      {"hash-types", 0, 0, G_OPTION_ARG_STRING, &a.types,
       "Enabled hash types (default: all, ipv4,tcp-ipv4,udp-ipv4,ipv6,tcp-ipv6,udp-ipv6)", "LIST"},
      {"table-size", 0, 0, G_OPTION_ARG_STRING, &a.table_size,
       "Indirection table entries, a power of two <= 128 (default 128)", "N"},
      {"processors", 0, 0, G_OPTION_ARG_STRING, &a.processors,
       "Processors filling the table round robin (default 0-3)", "LIST"},
      {"default-processor", 0, 0, G_OPTION_ARG_STRING, &a.default_lp,
       "Processor of frames no hash type covers (default: the first of --processors)", "N"},
      {"scenario", 0, 0, G_OPTION_ARG_FILENAME, &a.scenario,
       "Take the VPort from this scenario's VM --vm instead", "FILE"},
      {"vm", 0, 0, G_OPTION_ARG_STRING, &a.vm, "The scenario's VMMQ VM (with --scenario)", "NAME"},
      {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a.set,
       "Override a scenario key (with --scenario; repeatable)", "GROUP.KEY=VALUE"},
      {"list", 0, 0, G_OPTION_ARG_NONE, &a.list,
       "Print one line per frame (its fields, hash, type, entry, processor) instead", NULL},
      G_OPTION_ENTRY_NULL};
  const VqCommandHelp help = {
      "trace-info", "CAPTURE",
      "Reads a pcap or pcapng capture of Ethernet frames and prints its frames, duration, mean\n"
      "rate, protocol mix, VLAN tags and unusable frames by reason, then how one VMMQ VPort's\n"
      "RSS would spread the usable frames: frames per indirection-table entry and per\n"
      "processor, and the busiest processor's frames over the mean. Every frame is taken to\n"
      "reach that VPort. Without --scenario the VPort has Microsoft's verification key, every\n"
      "modelled hash type, 128 entries filled round robin from processors 0-3, and processor\n"
      "0 for frames no hash type covers (non-IP frames, IP frames of disabled types).",
      "Exit status: 0 printed, 2 bad arguments, scenario or capture (missing, truncated,\n"
      "corrupt, not Ethernet: one line naming the file and the frame)."};
  g_autofree char *path = NULL;
  int rc = vq_options_parse_one(&help, entries, argc, argv, "CAPTURE", &path);
  if (rc >= 0)
    return rc;
  if ((a.vm || a.set) && !a.scenario)
    return vq_options_fail(&help, "--vm and --set need --scenario FILE");
  VqTraceInfoVport vp = {0};
  g_autofree char *err = a.scenario ? vport_from_scenario(&a, &vp) : vport_from_options(&a, &vp);
  if (err) {
    g_free(vp.source);
    return vq_options_fail(&help, "%s", err);
  }
  g_autoptr(VqTraceInfo) st = vq_trace_info_new(&vp);
  g_free(vp.source);
  g_autoptr(GError) error = NULL;
  if (!read_capture(path, st, a.list, &error)) {
    fflush(stdout);
    fprintf(stderr, "vmqsim: %s\n", error->message);
    return EXIT_BAD_INPUT;
  }
  if (!a.list)
    vq_trace_info_print(st, path, stdout);
  return 0;
}
