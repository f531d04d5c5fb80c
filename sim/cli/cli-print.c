/* `vmqsim check --print`: the scenario as the simulator will run it. Every key of the fixed
 * sections with its value (defaults marked), each VM (a section with count expanded) with its
 * queues and processors, each VPort's indirection table, the NIC's queue map, the flows (a
 * section's connections summarised) and the events in time order. */
#define _POSIX_C_SOURCE 200809L /* inet_ntop */
#include "sim/cli/cli-print.h"

#include <arpa/inet.h>
#include <string.h>

#include "models/nic.h"
#include "models/rss.h"
#include "sim/input/schema.h"
#include "sim/input/units.h"

#define FLOWS_SHOWN 8 /* connections of one section listed before "... and N more" */

static void print_fixed(const VqScenario *sc, GKeyFile *given, FILE *fp) {
  guint n;
  const VqSectionSpec *s = vq_schema_sections(&n);
  for (guint i = 0; i < n; i++) {
    if (s[i].named)
      continue;
    fprintf(fp, "[%s]\n", s[i].type);
    for (const VqKeySpec *k = s[i].keys; k->name != NULL; k++) {
      g_autofree char *v = vq_schema_format(k, sc);
      gboolean set = g_key_file_has_key(given, s[i].type, k->name, NULL);
      fprintf(fp, "  %-24s = %s%s\n", k->name, v, set ? "" : "  (default)");
    }
  }
}

/* A table of SIZE entries: its shortest repeating pattern when short ("repeats 2,3,4,5"), else
 * its runs of entries on one processor when few ("0-31 -> 2, 32-63 -> 3"), else every entry;
 * then how many entries each processor has (transfer full). */
static char *table_text(const guint *lps, guint size) {
  GString *s = g_string_new(NULL);
  guint period = 1, runs = 1;
  while (period < size) {
    guint i = period;
    while (i < size && lps[i] == lps[i % period])
      i++;
    if (i == size)
      break;
    period++;
  }
  for (guint i = 1; i < size; i++)
    runs += lps[i] != lps[i - 1];
  if (period < size && period <= 16) {
    g_string_append(s, "repeats ");
    for (guint i = 0; i < period; i++)
      g_string_append_printf(s, "%s%u", i ? "," : "", lps[i]);
  } else {
    for (guint i = 0; i < size;) {
      guint j = i;
      while (j + 1 < size && lps[j + 1] == lps[i] && runs <= 16)
        j++;
      g_string_append_printf(s, "%s%u", i ? ", " : "", i);
      if (j > i)
        g_string_append_printf(s, "-%u", j);
      g_string_append_printf(s, " -> %u", lps[i]);
      i = j + 1;
    }
  }
  g_autoptr(GHashTable) count = g_hash_table_new(NULL, NULL);
  g_autoptr(GArray) order = g_array_new(FALSE, FALSE, sizeof(guint));
  for (guint i = 0; i < size; i++) {
    gpointer key = GUINT_TO_POINTER(lps[i] + 1);
    guint c = GPOINTER_TO_UINT(g_hash_table_lookup(count, key));
    if (c == 0)
      g_array_append_val(order, lps[i]);
    g_hash_table_insert(count, key, GUINT_TO_POINTER(c + 1));
  }
  g_string_append(s, "; entries per processor:");
  for (guint i = 0; i < order->len; i++) {
    guint lp = g_array_index(order, guint, i);
    g_string_append_printf(s, "%s %u: %u", i ? "," : "", lp,
                           GPOINTER_TO_UINT(g_hash_table_lookup(count, GUINT_TO_POINTER(lp + 1))));
  }
  return g_string_free(s, FALSE);
}

/* "0-31,40": N sorted numbers with runs as ranges (transfer full). */
static char *ranges_text(const guint *xs, guint n) {
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < n;) {
    guint j = i;
    while (j + 1 < n && xs[j + 1] == xs[j] + 1)
      j++;
    g_string_append_printf(s, "%s%u", i ? "," : "", xs[i]);
    if (j > i)
      g_string_append_printf(s, "-%u", xs[j]);
    i = j + 1;
  }
  return g_string_free(s, FALSE);
}

static char *list_text(const guint *xs, guint n) {
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf(s, "%s%u", i ? "," : "", xs[i]);
  return g_string_free(s, FALSE);
}

static void print_vport(const VqVportConf *vp, guint first, FILE *fp) {
  g_autofree char *lps = list_text(vp->queue_lps, vp->queue_pairs);
  g_autofree char *table = table_text(vp->table_lps, vp->table_size);
  GString *types = g_string_new(NULL);
  for (guint32 bit = 1; bit != 0 && bit <= vp->hash_types; bit <<= 1)
    if (vp->hash_types & bit)
      g_string_append_printf(types, "%s%s", types->len ? "," : "", vq_rss_type_name(bit));
  fprintf(fp,
          "  VMMQ VPort: queues q%u-q%u on processors %s; hash types %s; default processor %u\n"
          "  indirection table, %u entries: %s\n",
          first, first + vp->queue_pairs - 1, lps, types->str, vp->default_lp, vp->table_size,
          table);
  g_string_free(types, TRUE);
}

static void print_vms(const VqScenario *sc, const guint *first, FILE *fp) {
  for (guint v = 0; v < sc->vms->len; v++) {
    const VqVmConf *vm = g_ptr_array_index(sc->vms, v);
    g_autofree char *of =
        vm->instance ? g_strdup_printf("  (VM %u of [vm %s], count)", vm->instance, vm->section)
                     : g_strdup("");
    g_autofree char *vcpus = list_text(vm->vcpu_lps, vm->vcpus);
    g_autofree char *vlan =
        vm->vlan == VQ_NO_VLAN ? g_strdup("none") : g_strdup_printf("%u", vm->vlan);
    fprintf(fp,
            "[vm %s]%s\n  mac %02x:%02x:%02x:%02x:%02x:%02x, vlan %s; %u vCPU%s %s; "
            "guest_frame_cycles %g\n",
            vm->name, of, vm->mac[0], vm->mac[1], vm->mac[2], vm->mac[3], vm->mac[4], vm->mac[5],
            vlan, vm->vcpus, vm->vcpus == 1 ? " on processor" : "s on processors", vcpus,
            vm->guest_frame_cycles);
    if (vm->vport.enabled)
      print_vport(&vm->vport, first[v], fp);
    else if (first[v] > 0)
      fprintf(fp, "  VMQ queue q%u on processor %u\n", first[v], vm->queue_lp);
    else
      fprintf(fp, "  no queue of its own: frames go to the default queue q0 (%s)\n",
              sc->vmq ? "max_vmq_queues used up by the VMs before it" : "vmq = off");
  }
}

static char *endpoint(const VqFlowConf *f, const guint8 *addr, guint16 port) {
  char text[INET6_ADDRSTRLEN];
  inet_ntop(f->family == 4 ? AF_INET : AF_INET6, addr, text, sizeof text);
  if ((f->proto != VQ_PROTO_TCP && f->proto != VQ_PROTO_UDP) || f->is_fragment)
    return g_strdup(text); /* no ports */
  return f->family == 4 ? g_strdup_printf("%s:%u", text, port)
                        : g_strdup_printf("[%s]:%u", text, port);
}

/* What F's frames are: "tcp", "udp", "icmp", "udp fragments", "arp (not IP)", "ip protocol
 * 47" (a captured flow may carry any IP protocol number, IANA's registry), ... */
static char *flow_kind(const VqFlowConf *f) {
  const char *frag = f->is_fragment ? " fragments" : "";
  if (f->family == 0)
    return f->ethertype == 0x0806   ? g_strdup("arp (not IP)")
           : f->ethertype == 0x8847 ? g_strdup("mpls (not IP)")
                                    : g_strdup_printf("ethertype 0x%04x (not IP)", f->ethertype);
  switch ((guint)f->proto) {
  case VQ_PROTO_ICMP:
    return g_strdup_printf("icmp%s", frag);
  case VQ_PROTO_TCP:
    return g_strdup_printf("tcp%s", frag);
  case VQ_PROTO_UDP:
    return g_strdup_printf("udp%s", frag);
  case 58: /* IPv6-ICMP */
    return g_strdup_printf("icmpv6%s", frag);
  default:
    return g_strdup_printf("ip protocol %u%s", (guint)f->proto, frag);
  }
}

static void print_flow(const VqScenario *sc, const VqFlowConf *f, FILE *fp) {
  g_autofree char *kind = flow_kind(f);
  g_autofree char *src = f->family ? endpoint(f, f->src_addr, f->src_port) : NULL;
  g_autofree char *dst = f->family ? endpoint(f, f->dst_addr, f->dst_port) : NULL;
  g_autofree char *what =
      f->family ? g_strdup_printf("%s %s -> %s", kind, src, dst) : g_strdup(kind);
  g_autofree char *start = vq_units_format_time(f->start_s),
                  *stop = vq_units_format_time(f->stop_s);
  const VqVmConf *vm = f->vm >= 0 ? g_ptr_array_index(sc->vms, (guint)f->vm) : NULL;
  static const char *const arrivals[] = {[VQ_ARRIVALS_CONSTANT] = "constant",
                                         [VQ_ARRIVALS_POISSON] = "poisson",
                                         [VQ_ARRIVALS_ONOFF] = "onoff",
                                         [VQ_ARRIVALS_MMPP] = "mmpp"};
  /* A captured flow: its mean over a pass, at the captured times (scaled), from the capture's
   * start; it maps to no VM when its captured MAC or IP does not. */
  fprintf(fp, "  %s %s: %s, %.6g Gbit/s (%.6g frames/s%s) of %.6g B frames%s, %s, %s..%s\n",
          f->direction == VQ_DIR_TX ? "tx from" : "rx to",
          vm            ? vm->name
          : f->captured ? "no VM"
                        : "no VM (dst_mac)",
          what, f->rate_fps * vq_flow_mean_bytes(f) * 8 / 1e9, f->rate_fps,
          vq_flow_schedule(f) ? " at the schedule's peak"
          : f->captured       ? " mean"
                              : "",
          vq_flow_mean_bytes(f), vq_flow_sizes(f) || f->captured ? " on average" : "",
          f->captured ? "at the captured times" : arrivals[f->arrivals], start, stop);
}

/* A section of several kinds of frame (mix): each kind's flows and share of the frame rate. */
static void print_kinds(const VqScenario *sc, guint first, guint n, double fps, FILE *fp) {
  GPtrArray *kinds = g_ptr_array_new_with_free_func(g_free);
  g_autofree guint *flows = g_new0(guint, n);
  g_autofree double *rate = g_new0(double, n);
  for (guint i = first; i < first + n; i++) {
    const VqFlowConf *f = g_ptr_array_index(sc->flows, i);
    g_autofree char *kind = flow_kind(f);
    char *label = g_strdup_printf("%s%s", kind,
                                  f->family == 6 ? " IPv6"
                                  : f->family    ? " IPv4"
                                                 : "");
    guint k = 0;
    while (k < kinds->len && strcmp(g_ptr_array_index(kinds, k), label) != 0)
      k++;
    if (k == kinds->len)
      g_ptr_array_add(kinds, label);
    else
      g_free(label);
    flows[k]++;
    rate[k] += f->rate_fps;
  }
  for (guint k = 0; k < kinds->len && kinds->len > 1; k++)
    fprintf(fp, "  %s: %u flows, %.4g%% of the frames\n", (const char *)g_ptr_array_index(kinds, k),
            flows[k], 100 * rate[k] / fps);
  g_ptr_array_free(kinds, TRUE);
}

static void print_flows(const VqScenario *sc, FILE *fp) {
  for (guint i = 0; i < sc->flows->len;) {
    const VqFlowConf *f = g_ptr_array_index(sc->flows, i);
    guint n = 1;
    double fps = f->rate_fps, bps = f->rate_fps * vq_flow_mean_bytes(f) * 8;
    for (const VqFlowConf *g;
         i + n < sc->flows->len && (g = g_ptr_array_index(sc->flows, i + n))->shares_name; n++) {
      fps += g->rate_fps;
      bps += g->rate_fps * vq_flow_mean_bytes(g) * 8; /* a capture's flows differ in size */
    }
    const char *section = f->captured ? "capture" : "flow";
    if (n == 1)
      fprintf(fp, "[%s %s]\n", section, f->name);
    else
      fprintf(fp, "[%s %s]  %u flows, %.6g Gbit/s in all\n", section, f->name, n, bps / 1e9);
    print_kinds(sc, i, n, fps, fp);
    for (guint k = 0; k < MIN(n, FLOWS_SHOWN); k++)
      print_flow(sc, g_ptr_array_index(sc->flows, i + k), fp);
    if (n > FLOWS_SHOWN)
      fprintf(fp, "  ... and %u more\n", n - FLOWS_SHOWN);
    i += n;
  }
}

static void print_events(const VqScenario *sc, FILE *fp) {
  for (guint e = 0; e < sc->events->len; e++) {
    const VqEventConf *ev = g_ptr_array_index(sc->events, e);
    const VqVmConf *vm = g_ptr_array_index(sc->vms, ev->vm);
    g_autofree char *at = vq_units_format_time(ev->time_s);
    fprintf(fp, "[event %s]  at %s, VM %s: ", ev->name, at, vm->name);
    if (ev->action == VQ_EVENT_SET_TABLE) {
      g_autofree char *table = table_text(ev->table_lps, ev->table_size);
      fprintf(fp, "set-table, %u entries: %s\n", ev->table_size, table);
    } else if (ev->action == VQ_EVENT_MOVE_ENTRIES) {
      g_autofree char *entries = ranges_text(ev->entries, ev->n_entries);
      fprintf(fp, "move-entries %s to processor %u\n", entries, ev->processor);
    } else {
      fprintf(fp, "set-default-processor %u\n", ev->processor);
    }
  }
}

void vq_print_scenario(const VqScenario *sc, FILE *fp) {
  g_autoptr(GKeyFile) given = g_key_file_new();
  /* as_run is what the loader produced: it loads. */
  g_key_file_load_from_data(given, sc->as_run, (gsize)-1, G_KEY_FILE_NONE, NULL);
  fprintf(fp, "# %s as vmqsim runs it: every value resolved\n", sc->path);
  print_fixed(sc, given, fp);
  g_autofree guint *first = g_new0(guint, MAX(sc->vms->len, 1));
  guint n_queues = vq_nic_queue_layout(sc, first);
  fprintf(fp, "# %u receive queue%s: q0, the default queue, on processor %u; then the VMs'\n",
          n_queues, n_queues == 1 ? "" : "s", sc->default_queue_lp);
  print_vms(sc, first, fp);
  print_flows(sc, fp);
  print_events(sc, fp);
}
