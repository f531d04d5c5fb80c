/* The models' XBT log categories. See log.h. */
#include "models/log.h"

#include <string.h>

XBT_LOG_NEW_CATEGORY(vmqsim, "vmqsim's models");
XBT_LOG_NEW_SUBCATEGORY(nic, vmqsim, "NIC: drops at a full ring, interrupts");
XBT_LOG_NEW_SUBCATEGORY(miniport, vmqsim, "miniport: DPC passes");
XBT_LOG_NEW_SUBCATEGORY(vport, vmqsim, "VMMQ VPorts: live RSS updates");
XBT_LOG_NEW_SUBCATEGORY(engine, vmqsim, "engine: set-up and the windowed engine's windows");

const char *const vq_log_names[] = {"vmqsim", "nic", "miniport", "vport", "engine", NULL};
const char *const vq_log_docs[] = {"all of the below",
                                   "drops at a full ring, interrupts (verbose)",
                                   "DPC passes (verbose)",
                                   "live RSS updates as the NIC applies them (info)",
                                   "the queue layout (info), each window (verbose)",
                                   NULL};

/* XBT's levels (xbt/log.h e_xbt_log_priority_t), lowest first. */
static const char *const levels[] = {"trace",   "debug", "verbose",  "info",
                                     "warning", "error", "critical", NULL};

GQuark vq_log_error_quark(void) {
  return g_quark_from_static_string("vq-log-error-quark");
}

static gboolean listed(const char *const *list, const char *word) {
  for (; *list; list++)
    if (!strcmp(*list, word))
      return TRUE;
  return FALSE;
}

gboolean vq_log_check(const char *spec, GError **error) {
  g_auto(GStrv) part = g_strsplit(spec, ":", 2);
  if (!part[0] || !part[1]) {
    g_set_error(error, VQ_LOG_ERROR, 0, "--log %s: expected CATEGORY:LEVEL, e.g. nic:debug", spec);
    return FALSE;
  }
  if (!listed(vq_log_names, part[0])) {
    g_autofree char *names = g_strjoinv(", ", (char **)vq_log_names);
    g_set_error(error, VQ_LOG_ERROR, 0, "--log %s: no category \"%s\"; expected one of %s", spec,
                part[0], names);
    return FALSE;
  }
  if (!listed(levels, part[1])) {
    g_autofree char *names = g_strjoinv(", ", (char **)levels);
    g_set_error(error, VQ_LOG_ERROR, 0, "--log %s: no level \"%s\"; expected one of %s", spec,
                part[1], names);
    return FALSE;
  }
  return TRUE;
}

void vq_log_configure(const char *const *specs) {
  xbt_log_control_set("vmqsim.thres:warning vmqsim.fmt:[%c/%p]%e%m%n");
  for (; specs && *specs; specs++) {
    g_auto(GStrv) part = g_strsplit(*specs, ":", 2);
    g_autofree char *control = g_strdup_printf("%s.thres:%s", part[0], part[1]);
    xbt_log_control_set(control);
  }
}
