/* PCIe link (models/pcie) and descriptor write-back (models/dma): when each frame lands, how
 * the link is shared by queues, when a write-back burst is due and what it makes ready. Pure
 * logic: no simulation. */
#include "models/dma.h"
#include "models/pcie.h"

#include <math.h>

#define BW 1e9   /* PCIe bytes/s */
#define LAT 1e-6 /* PCIe latency, s */

static void assert_rel(double got, double want, double tol) {
  g_assert_cmpfloat(fabs(got - want), <=, tol * fabs(want));
}

/* Pushes a frame arriving at T_S that lands at LAND_S. */
static void push(VqRing *r, double t_s, double land_s, guint len) {
  VqFrame f = {.t_s = t_s, .land_s = land_s, .flow = 0, .len = len, .seq = r->tail};
  g_assert_true(vq_ring_push(r, &f));
}

/* A lone frame: the link's serialisation of its bytes, then the latency. */
static void test_pcie_lone(void) {
  VqPcie p;
  vq_pcie_init(&p, BW, LAT, 1e-3, 1e-2);
  double land = vq_pcie_transfer(&p, 2e-3, 1000 + VQ_PCIE_DESC_BYTES);
  assert_rel(land, 2e-3 + 1016 / BW + LAT, 1e-12);
  /* The next frame arrives after the link is free again: it does not wait. */
  land = vq_pcie_transfer(&p, 3e-3, 64 + VQ_PCIE_DESC_BYTES);
  assert_rel(land, 3e-3 + 80 / BW + LAT, 1e-12);
  g_assert_cmpfloat(p.bytes, ==, 1016 + 80);
  /* Busy seconds land in the intervals of the transfers. */
  assert_rel(p.busy.v[2], 1016 / BW, 1e-12);
  assert_rel(p.busy.v[3], 80 / BW, 1e-12);
  g_assert_cmpfloat(p.busy.v[0], ==, 0);
  vq_pcie_clear(&p);
}

/* Two queues offered BIG_N frames each at the same instants, faster than the link: the link
 * serialises them in arrival order, so each queue's last frame lands after all 2 BIG_N frames
 * crossed, i.e. each queue gets half the bandwidth (the analytic sharing case: a queue alone
 * takes BIG_N transfer times, two together 2 BIG_N). */
#define BIG_N 64
#define BIG_L 9000

static void test_pcie_shared(void) {
  VqPcie p;
  vq_pcie_init(&p, BW, LAT, 1e-3, 1e-2);
  const double tx = (BIG_L + VQ_PCIE_DESC_BYTES) / BW;
  double last_alone = 0;
  for (guint i = 0; i < BIG_N; i++)
    last_alone = vq_pcie_transfer(&p, 0.0, BIG_L + VQ_PCIE_DESC_BYTES);
  assert_rel(last_alone, BIG_N * tx + LAT, 1e-12);
  double last[2] = {0, 0};
  for (guint i = 0; i < 2 * BIG_N; i++) /* queue A and B alternate, all arriving at 1 ms */
    last[i % 2] = vq_pcie_transfer(&p, 1e-3, BIG_L + VQ_PCIE_DESC_BYTES);
  double a = last[0] - 1e-3, b = last[1] - 1e-3;
  assert_rel(a - LAT, 2 * (last_alone - LAT) - tx, 1e-9);
  assert_rel(b - LAT, 2 * (last_alone - LAT), 1e-9);
  /* The link was busy for exactly the bytes it moved. */
  double busy = 0;
  for (guint i = 0; i < p.busy.n; i++)
    busy += p.busy.v[i];
  assert_rel(busy, 3 * BIG_N * tx, 1e-12);
  vq_pcie_clear(&p);
}

/* Bursts are called for by landed frames: the burst_frames-th waiting frame's landing, or a
 * flush (interrupt due) at the first waiting frame's landing. */
static void test_kick_time(void) {
  VqRing r;
  vq_ring_init(&r, 16);
  VqDma d;
  vq_dma_init(&d, &r, 4);
  g_assert_true(isinf(vq_dma_kick_time(&d, 0))); /* nothing waiting */
  g_assert_true(isinf(vq_dma_kick_time(&d, 5))); /* ... even with a flush */
  push(&r, 1.0, 1.5, 64);
  push(&r, 1.1, 1.6, 64);
  push(&r, 1.2, 1.7, 64);
  g_assert_true(isinf(vq_dma_kick_time(&d, 0)));       /* 3 of 4 frames */
  g_assert_cmpfloat(vq_dma_kick_time(&d, 1), ==, 1.5); /* flush: the first waiting landing */
  g_assert_cmpfloat(vq_dma_kick_time(&d, 3), ==, 1.5);
  push(&r, 1.3, 1.8, 64);
  g_assert_cmpfloat(vq_dma_kick_time(&d, 0), ==, 1.8); /* the burst_frames-th frame lands */
  push(&r, 1.4, 1.9, 64);
  g_assert_cmpfloat(vq_dma_kick_time(&d, 0), ==, 1.8);
  /* Two frames written back: counting restarts at ready. */
  r.ready = 2;
  g_assert_true(isinf(vq_dma_kick_time(&d, 0))); /* 3 waiting */
  g_assert_true(isinf(vq_dma_kick_time(&d, 2))); /* flush_to not beyond ready: no flush */
  g_assert_cmpfloat(vq_dma_kick_time(&d, 3), ==, 1.7);
  push(&r, 1.5, 2.0, 64);
  g_assert_cmpfloat(vq_dma_kick_time(&d, 0), ==, 2.0);
  g_assert_cmpuint(d.bursts, ==, 0);
  g_assert_cmpfloat(d.bytes, ==, 0);
  vq_ring_clear(&r);
}

/* A burst makes ready exactly the frames landed by its time: not those still on the link. */
static void test_kick_landed_only(void) {
  VqRing r;
  vq_ring_init(&r, 16);
  VqDma d;
  vq_dma_init(&d, &r, 3);
  push(&r, 1.0, 1.5, 100);
  push(&r, 1.1, 1.6, 200);
  push(&r, 1.2, 1.7, 300);
  push(&r, 1.65, 2.1, 400); /* arrived before the burst, lands after it */
  g_assert_cmpfloat(vq_dma_kick_time(&d, 0), ==, 1.7);
  vq_dma_kick(&d, 1.7);
  g_assert_cmpuint(r.ready, ==, 3);
  g_assert_cmpuint(d.bursts, ==, 1);
  g_assert_cmpfloat(d.bytes, ==, 600 + 3 * VQ_PCIE_DESC_BYTES);
  /* A flush at 2.0 would find the fourth frame still on the link: its time is its landing. */
  g_assert_cmpfloat(vq_dma_kick_time(&d, 4), ==, 2.1);
  vq_dma_kick(&d, 2.1);
  g_assert_cmpuint(r.ready, ==, 4);
  g_assert_cmpuint(d.bursts, ==, 2);
  g_assert_cmpfloat(d.bytes, ==, 1000 + 4 * VQ_PCIE_DESC_BYTES);
  vq_ring_clear(&r);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/pcie/lone-frame", test_pcie_lone);
  g_test_add_func("/pcie/shared-link", test_pcie_shared);
  g_test_add_func("/dma/kick-time", test_kick_time);
  g_test_add_func("/dma/kick-landed-only", test_kick_landed_only);
  return g_test_run();
}
