/* `vmqsim rss-lookup`: which processor and queue one connection lands on under a scenario's
 * VMMQ configuration, optionally at a given time (after the scenario's live updates). */
#include "sim/cli/cli-lookup.h"

#include <stdio.h>
#include <string.h>

#include "models/nic.h"
#include "models/rss.h"
#include "models/vport.h"
#include "sim/cli/cli-rss.h"
#include "sim/cli/options.h"
#include "sim/scenario.h"
#include "sim/input/units.h"

static int lookup_fail(char *msg) {
  fprintf(stderr, "vmqsim: %s\n", msg);
  g_free(msg);
  return 2;
}

/* The connection --proto PROTO from --src SRC to --dst DST into FLOW; NULL, or what is wrong
 * (transfer full). */
static char *parse_flow(const char *proto, const char *src, const char *dst, VqFlowConf *flow) {
  static const char *const names[] = {"tcp", "udp", "icmp"};
  static const VqProto values[] = {VQ_PROTO_TCP, VQ_PROTO_UDP, VQ_PROTO_ICMP};
  flow->proto = 0;
  for (guint i = 0; i < G_N_ELEMENTS(names); i++)
    if (!strcmp(proto, names[i]))
      flow->proto = values[i];
  if (!flow->proto)
    return g_strdup_printf("--proto %s: expected tcp, udp or icmp", proto);
  int src_family, dst_family;
  gboolean src_port, dst_port;
  char *err =
      vq_cli_parse_endpoint("--src", src, &src_family, flow->src_addr, &src_port, &flow->src_port);
  flow->family = (guint8)src_family;
  if (!err)
    err = vq_cli_parse_endpoint("--dst", dst, &dst_family, flow->dst_addr, &dst_port,
                                &flow->dst_port);
  if (!err && dst_family != flow->family)
    err = g_strdup_printf("--src and --dst must be the same IP version");
  gboolean want_ports = flow->proto != VQ_PROTO_ICMP;
  if (!err && (src_port != want_ports || dst_port != want_ports))
    err = g_strdup_printf("--proto %s %s", proto,
                          want_ports ? "needs ports: ADDR:PORT ([ADDR]:PORT for IPv6)"
                                     : "takes no ports");
  return err;
}

/* The index of SC's VM named NAME with vmmq = on, or -1. */
static int vmmq_vm(const VqScenario *sc, const char *name) {
  for (guint v = 0; v < sc->vms->len; v++) {
    const VqVmConf *vm = g_ptr_array_index(sc->vms, v);
    if (!strcmp(vm->name, name))
      return vm->vport.enabled ? (int)v : -1;
  }
  return -1;
}

int vq_cli_rss_lookup(int argc, char **argv) {
  g_autofree char *vport = NULL, *src = NULL, *dst = NULL, *proto = NULL, *at_opt = NULL;
  g_auto(GStrv) set = NULL, files = NULL;
  const GOptionEntry entries[] = {
      {"vport", 0, 0, G_OPTION_ARG_STRING, &vport, "The VM whose VMMQ VPort receives", "VM"},
      {"src", 0, 0, G_OPTION_ARG_STRING, &src, "Source: 10.0.0.1:80, [2001:db8::1]:80",
       "ADDR[:PORT]"},
      {"dst", 0, 0, G_OPTION_ARG_STRING, &dst, "Destination, same forms", "ADDR[:PORT]"},
      {"proto", 0, 0, G_OPTION_ARG_STRING, &proto, "tcp, udp or icmp (no ports)", "PROTO"},
      {"at", 0, 0, G_OPTION_ARG_STRING, &at_opt,
       "Arrival time: the table in force then, after the [event]s (default 0)", "TIME"},
      {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &set, "Override a scenario key (repeatable)",
       "GROUP.KEY=VALUE"},
      G_OPTION_ENTRY_NULL};
  const VqCommandHelp help = {
      "rss-lookup", "SCENARIO",
      "Where a frame from --src to --dst arriving at the VMMQ VPort of VM lands: its RSS hash\n"
      "and hash type (under the VPort's key and enabled types), the indirection table entry,\n"
      "the processor and the NIC queue. IPv6 with a port: [ADDR]:PORT.",
      "Exit status: 0 printed, 2 bad arguments or scenario."};
  int rc = vq_options_parse(&help, entries, argc, argv, 1, &files);
  if (rc >= 0)
    return rc;
  const char *file = files[0], *at = at_opt ? at_opt : "0";
  if (!file || !vport || !src || !dst || !proto)
    return vq_options_fail(&help, "needs SCENARIO, --vport, --src, --dst and --proto");
  g_autoptr(GPtrArray) sets = g_ptr_array_new();
  for (char **s = set; s && *s; s++)
    g_ptr_array_add(sets, *s);
  g_ptr_array_add(sets, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(file, (const char *const *)sets->pdata, &error);
  if (!sc)
    return lookup_fail(g_strdup(error->message));
  int vm = vmmq_vm(sc, vport);
  if (vm < 0)
    return lookup_fail(
        g_strdup_printf("--vport %s: %s has no VM of that name with vmmq = on", vport, file));
  VqFlowConf flow = {.direction = VQ_DIR_RX};
  char *err = parse_flow(proto, src, dst, &flow);
  if (err)
    return lookup_fail(err);
  double t_s;
  if (!vq_units_parse_time(at, &t_s, &error))
    return lookup_fail(g_strdup_printf("--at %s: %s", at, error->message));
  g_autofree guint *first = g_new0(guint, sc->vms->len);
  vq_nic_queue_layout(sc, first);
  VqVport *vp = vq_vport_new(sc, (guint)vm, first[vm]);
  VqVportLookup l;
  vq_vport_lookup(vp, &flow, t_s, &l);
  vq_vport_free(vp);
  if (l.type)
    printf("hash 0x%08x (%s)\nindex %u of %u\n", l.hash, vq_rss_type_name(l.type), l.index,
           l.table_size);
  else
    printf("hash none (no enabled hash type covers it: the default processor takes it)\n");
  printf("processor %u\nqueue q%u\n", l.processor, l.queue);
  return 0;
}
