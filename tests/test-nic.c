/* The NIC's admission rules (models/nic*.c): which receive queues the VMs get (the queue rule,
 * shared with the scenario loader), and what happens to a frame at a full ring (dropped, counted
 * against its flow and queue, nothing else touched). */
#include <glib.h>

#include "models/nic-private.h"
#include "sim/scenario.h"

#define BASE VQ_SOURCE_DIR "/tests/data/scenarios/defaults.ini" /* four plain VMs a..d */

static void test_take_queues(void) {
  guint left = 4;
  g_assert_cmpuint(vq_nic_take_queues(TRUE, 3, &left), ==, 3);
  g_assert_cmpuint(left, ==, 1);
  /* Does not fit: none taken, nothing used up, so a later smaller VM may still fit. */
  g_assert_cmpuint(vq_nic_take_queues(TRUE, 2, &left), ==, 0);
  g_assert_cmpuint(left, ==, 1);
  g_assert_cmpuint(vq_nic_take_queues(TRUE, 1, &left), ==, 1);
  g_assert_cmpuint(left, ==, 0);
  g_assert_cmpuint(vq_nic_take_queues(TRUE, 1, &left), ==, 0);
  left = 8; /* VMQ off: every VM shares the default queue */
  g_assert_cmpuint(vq_nic_take_queues(FALSE, 1, &left), ==, 0);
  g_assert_cmpuint(left, ==, 8);
}

/* The layout of BASE with SETS: the first queue of each of its four VMs, and the queue count. */
static guint layout(const char *const *sets, guint first[4]) {
  g_autoptr(GError) err = NULL;
  g_autoptr(VqScenario) sc = vq_scenario_load(BASE, sets, &err);
  g_assert_no_error(err);
  g_assert_cmpuint(sc->vms->len, ==, 4);
  return vq_nic_queue_layout(sc, first);
}

static void test_layout(void) {
  guint first[4];
  /* One queue per VM after the default queue 0, in file order. */
  g_assert_cmpuint(layout(NULL, first), ==, 5);
  g_assert_cmpuint(first[0], ==, 1);
  g_assert_cmpuint(first[3], ==, 4);
  /* Two VMQ queues: the last two VMs share the default queue. */
  const char *two[] = {"nic.max_vmq_queues=2", NULL};
  g_assert_cmpuint(layout(two, first), ==, 3);
  g_assert_cmpuint(first[1], ==, 2);
  g_assert_cmpuint(first[2], ==, 0);
  g_assert_cmpuint(first[3], ==, 0);
  /* VMQ off: one queue for all. */
  const char *off[] = {"nic.vmq=off", NULL};
  g_assert_cmpuint(layout(off, first), ==, 1);
  for (guint v = 0; v < 4; v++)
    g_assert_cmpuint(first[v], ==, 0);
  /* A VMMQ VPort on processors 1-3 takes three queues; of max 4, one is left for VM b. */
  const char *vmmq[] = {"nic.max_vmq_queues=4", "vm.a.vmmq=on", "vm.a.rss_processors=1-3", NULL};
  g_assert_cmpuint(layout(vmmq, first), ==, 5);
  g_assert_cmpuint(first[0], ==, 1);
  g_assert_cmpuint(first[1], ==, 4);
  g_assert_cmpuint(first[2], ==, 0);
}

static void test_full_ring_drops(void) {
  FlowPath paths[2] = {{.vm = -1, .vport = -1}, {.vm = -1, .vport = -1, .flags = PATH_TX}};
  VqScenario sc = {.trace = NULL};
  VqNic nic = {.sc = &sc, .paths = paths, .n_flows = 2};
  RxQueue q = {.nic = &nic, .vm = -1, .vport_k = -1};
  vq_ring_init(&q.ring, 64);
  VqFrame f = {.t_s = 1e-6, .land_s = 2e-6, .flow = 0, .len = 1500};
  for (guint i = 0; i < 64; i++) {
    f.seq = i;
    g_assert_true(vq_nic_admit(&nic, &q, &f));
  }
  g_assert_cmpuint(q.max_occupancy, ==, 64);
  /* The 65th finds the ring full: dropped, against its flow and the queue, in frames and bytes. */
  g_assert_false(vq_nic_admit(&nic, &q, &f));
  g_assert_cmpuint(q.ring.tail, ==, 64);
  g_assert_cmpuint(q.ring.dropped, ==, 1);
  g_assert_cmpuint(paths[0].dropped, ==, 1);
  g_assert_cmpfloat(q.dropped_bytes, ==, 1500);
  /* A transmit completion is dropped the same way (no VM's receive statistics to touch). */
  f.flow = 1;
  f.len = 64;
  g_assert_false(vq_nic_admit(&nic, &q, &f));
  g_assert_cmpuint(paths[1].dropped, ==, 1);
  g_assert_cmpfloat(q.dropped_bytes, ==, 1564);
  /* Returned descriptors make room again: the next frame is admitted. */
  vq_ring_write_back(&q.ring, 64);
  vq_ring_take(&q.ring);
  vq_ring_release(&q.ring, 1);
  g_assert_true(vq_nic_admit(&nic, &q, &f));
  g_assert_cmpuint(q.ring.dropped, ==, 2);
  vq_ring_clear(&q.ring);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/nic/take-queues", test_take_queues);
  g_test_add_func("/nic/layout", test_layout);
  g_test_add_func("/nic/full-ring-drops", test_full_ring_drops);
  return g_test_run();
}
