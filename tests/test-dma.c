/* Receive DMA engine (models/dma): kick time, burst duration over the PCIe link (CM02, no
 * cross-traffic: latency + bytes / bandwidth), when ring->ready advances, link sharing between
 * queues, counters. Simulating cases run in a subprocess each (see sgtest.h). */
#include "models/dma.h"

#include <math.h>

#include "tests/sgtest.h"

#define BW 1e9   /* PCIe bytes/s */
#define LAT 1e-6 /* PCIe latency, s */

static void push(VqRing *r, double t_s, guint len) {
  VqFrame f = {.t_s = t_s, .flow = 0, .len = len, .seq = r->tail};
  g_assert_true(vq_ring_push(r, &f));
}

/* Seconds a lone burst of FRAMES frames of LEN bytes takes. */
static double burst_s(guint frames, guint len) {
  return LAT + frames * (double)(len + VQ_DMA_DESC_BYTES) / BW;
}

static void noop_done(void *owner) {}

/* vq_dma_kick_time reads only the ring and the busy flag: no simulation needed. */
static void test_kick_time(void) {
  VqRing r;
  vq_ring_init(&r, 16);
  VqDma *d = vq_dma_new("dma", NULL, NULL, &r, 4, noop_done, NULL);
  g_assert_false(vq_dma_is_busy(d));
  g_assert_true(isinf(vq_dma_kick_time(d, 0))); /* nothing waiting */
  g_assert_true(isinf(vq_dma_kick_time(d, 5))); /* ... even with a flush */
  push(&r, 1.0, 64);
  push(&r, 1.1, 64);
  push(&r, 1.2, 64);
  g_assert_true(isinf(vq_dma_kick_time(d, 0)));       /* 3 of 4 frames */
  g_assert_cmpfloat(vq_dma_kick_time(d, 1), ==, 1.0); /* flush: the first waiting frame */
  g_assert_cmpfloat(vq_dma_kick_time(d, 3), ==, 1.0);
  push(&r, 1.3, 64);
  g_assert_cmpfloat(vq_dma_kick_time(d, 0), ==, 1.3); /* the burst_frames-th frame */
  push(&r, 1.4, 64);
  g_assert_cmpfloat(vq_dma_kick_time(d, 0), ==, 1.3);
  /* Two frames handed to the engine: counting restarts at kicked. */
  r.kicked = 2;
  g_assert_true(isinf(vq_dma_kick_time(d, 0))); /* 3 waiting */
  g_assert_true(isinf(vq_dma_kick_time(d, 2))); /* flush_to not beyond kicked: no flush */
  g_assert_cmpfloat(vq_dma_kick_time(d, 3), ==, 1.2);
  push(&r, 1.5, 64);
  g_assert_cmpfloat(vq_dma_kick_time(d, 0), ==, 1.5);
  g_assert_cmpuint(vq_dma_bursts(d), ==, 0);
  g_assert_cmpfloat(vq_dma_bytes(d), ==, 0);
  vq_dma_free(d);
  vq_ring_clear(&r);
}

/* One queue's engine, its ring, and what its completions recorded. */
typedef struct {
  VqRing ring;
  VqDma *dma;
  double done_s[4];
  guint64 ready_at_done[4];
  guint done_calls;
} Queue;

static void on_done(void *owner) {
  Queue *q = owner;
  g_assert_cmpuint(q->done_calls, <, G_N_ELEMENTS(q->done_s));
  q->done_s[q->done_calls] = simgrid_get_clock();
  q->ready_at_done[q->done_calls] = q->ring.ready;
  q->done_calls++;
}

static void queue_init(Queue *q, const char *name, guint ring_size, guint burst_frames) {
  vq_ring_init(&q->ring, ring_size);
  q->dma = vq_dma_new(name, sgt_host("nic"), sgt_host("mem"), &q->ring, burst_frames, on_done, q);
}

static void queue_clear(Queue *q) {
  vq_dma_free(q->dma);
  vq_ring_clear(&q->ring);
}

#define N 8
#define L 1000

static void burst_driver(int argc, char **argv) {
  Queue *q = sg_actor_self_get_data();
  VqRing *r = &q->ring;
  g_assert_cmpfloat(vq_dma_kick_time(q->dma, 0), ==, (N - 1) * 1e-6); /* the N-th arrival */
  sg_actor_sleep_until(10e-6);
  double kick = simgrid_get_clock();
  vq_dma_kick(q->dma, kick);
  /* Frame N+1 arrives after the kick: not in this burst. */
  g_assert_cmpuint(r->kicked, ==, N);
  g_assert_cmpuint(r->tail, ==, N + 1);
  g_assert_true(vq_dma_is_busy(q->dma));
  g_assert_true(isinf(vq_dma_kick_time(q->dma, 0)));
  g_assert_true(isinf(vq_dma_kick_time(q->dma, N + 1)));
  double len = burst_s(N, L);
  sg_actor_sleep_until(kick + len - 1e-9);
  g_assert_cmpuint(r->ready, ==, 0); /* still in flight */
  g_assert_true(vq_dma_is_busy(q->dma));
  g_assert_cmpuint(q->done_calls, ==, 0);
  sg_actor_sleep_until(kick + len + 1e-9);
  g_assert_cmpuint(q->done_calls, ==, 1);
  g_assert_false(vq_dma_is_busy(q->dma));
  g_assert_cmpuint(r->ready, ==, N);
  sgt_assert_rel(q->done_s[0] - kick, len, 1e-9);
  /* One frame waits: only a flush calls for a burst, at its arrival. */
  g_assert_true(isinf(vq_dma_kick_time(q->dma, 0)));
  g_assert_cmpfloat(vq_dma_kick_time(q->dma, N + 1), ==, 20e-6);
  sg_actor_sleep_until(30e-6);
  vq_dma_kick(q->dma, simgrid_get_clock());
  sg_actor_sleep_until(40e-6);
  g_assert_cmpuint(q->done_calls, ==, 2);
  sgt_assert_rel(q->done_s[1] - 30e-6, burst_s(1, L), 1e-9);
}

static void run_burst_time(void) {
  sgt_start(1, 2e9, BW, LAT);
  Queue q = {0};
  queue_init(&q, "dma", 64, N);
  for (guint i = 0; i < N; i++)
    push(&q.ring, i * 1e-6, L);
  push(&q.ring, 20e-6, L);
  vq_dma_start(q.dma, 1e-3);
  sgt_spawn("driver", "nic", burst_driver, &q);
  simgrid_run();
  g_assert_cmpuint(q.done_calls, ==, 2);
  g_assert_cmpuint(q.ready_at_done[0], ==, N); /* set before the callback */
  g_assert_cmpuint(q.ready_at_done[1], ==, N + 1);
  g_assert_cmpuint(vq_dma_bursts(q.dma), ==, 2);
  g_assert_cmpfloat(vq_dma_bytes(q.dma), ==, (N + 1) * (double)(L + VQ_DMA_DESC_BYTES));
  queue_clear(&q);
}

static void test_burst_time(void) {
  sgt_isolated(run_burst_time);
}

/* Two queues' bursts on one link. Big bursts, so that latency is small beside transfer. */
#define BIG_N 64
#define BIG_L 9000
#define SHARED_T 1e-3

static void shared_driver(int argc, char **argv) {
  Queue *q = sg_actor_self_get_data(); /* q[0], q[1] */
  sg_actor_sleep_until(10e-6);
  vq_dma_kick(q[0].dma, simgrid_get_clock()); /* alone */
  sg_actor_sleep_until(SHARED_T);
  vq_dma_kick(q[0].dma, simgrid_get_clock());
  vq_dma_kick(q[1].dma, simgrid_get_clock());
}

static void run_shared_link(void) {
  sgt_start(1, 2e9, BW, LAT);
  Queue q[2];
  memset(q, 0, sizeof q);
  queue_init(&q[0], "dmaA", 256, BIG_N);
  queue_init(&q[1], "dmaB", 256, BIG_N);
  for (guint i = 0; i < BIG_N; i++)
    push(&q[0].ring, 0.0, BIG_L);
  for (guint i = 0; i < BIG_N; i++) {
    push(&q[0].ring, 0.5e-3, BIG_L); /* A's second burst */
    push(&q[1].ring, 0.5e-3, BIG_L);
  }
  vq_dma_start(q[0].dma, 0.1);
  vq_dma_start(q[1].dma, 0.1);
  sgt_spawn("driver", "nic", shared_driver, q);
  simgrid_run();
  g_assert_cmpuint(q[0].done_calls, ==, 2);
  g_assert_cmpuint(q[1].done_calls, ==, 1);
  double alone = q[0].done_s[0] - 10e-6;
  sgt_assert_rel(alone, burst_s(BIG_N, BIG_L), 1e-9);
  g_assert_cmpfloat(q[0].done_s[0], <, SHARED_T); /* over before the shared bursts */
  double a = q[0].done_s[1] - SHARED_T, b = q[1].done_s[0] - SHARED_T;
  g_test_message("alone %.9g s, shared %.9g s and %.9g s", alone, a, b);
  sgt_assert_rel(a, 2 * alone, 0.01);
  sgt_assert_rel(b, 2 * alone, 0.01);
  /* Fair sharing of one link: each gets half the bandwidth after the common latency. */
  sgt_assert_rel(a, LAT + 2 * (burst_s(BIG_N, BIG_L) - LAT), 1e-9);
  sgt_assert_rel(b, a, 1e-9);
  g_assert_cmpuint(q[0].ready_at_done[1], ==, 2 * BIG_N);
  g_assert_cmpuint(q[1].ready_at_done[0], ==, BIG_N);
  g_assert_cmpuint(vq_dma_bursts(q[0].dma), ==, 2);
  g_assert_cmpuint(vq_dma_bursts(q[1].dma), ==, 1);
  g_assert_cmpfloat(vq_dma_bytes(q[0].dma), ==, 2.0 * BIG_N * (BIG_L + VQ_DMA_DESC_BYTES));
  g_assert_cmpfloat(vq_dma_bytes(q[1].dma), ==, 1.0 * BIG_N * (BIG_L + VQ_DMA_DESC_BYTES));
  queue_clear(&q[0]);
  queue_clear(&q[1]);
}

static void test_shared_link(void) {
  sgt_isolated(run_shared_link);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/dma/kick-time", test_kick_time);
  g_test_add_func("/dma/burst-time", test_burst_time);
  g_test_add_func("/dma/shared-link", test_shared_link);
  return g_test_run();
}
