/* Interrupt moderation (models/irq): due time, flush_to, masking, re-enable, raise count. */
#include "models/irq.h"

#include <math.h>

/* A frame arriving at T_S that lands at LAND_S. */
static void push_landing(VqRing *r, double t_s, double land_s) {
  VqFrame f = {.t_s = t_s, .land_s = land_s, .flow = 0, .len = 64, .seq = r->tail};
  g_assert_true(vq_ring_push(r, &f));
}

/* Most cases need only one time: the frame lands as it arrives. */
static void push(VqRing *r, double t_s) {
  push_landing(r, t_s, t_s);
}

/* Moderation counts from landings, and a due interrupt announces only the frames landed by
 * then: not one that arrived just before but is still crossing PCIe (the first engine made the
 * interrupt wait for it). */
static void test_due_from_landing(void) {
  VqRing r;
  vq_ring_init(&r, 64);
  VqIrq irq;
  vq_irq_init(&irq, 10e-6, 3);
  push_landing(&r, 1.0, 1.0 + 0.5e-6);
  g_assert_cmpfloat(vq_irq_due_time(&irq, &r), ==, 1.0 + 0.5e-6 + 10e-6);
  push_landing(&r, 1.000002, 1.000002 + 0.5e-6);
  push_landing(&r, 1.000003, 1.000003 + 0.5e-6); /* the third: max_frames once it lands */
  g_assert_cmpfloat(vq_irq_due_time(&irq, &r), ==, 1.000003 + 0.5e-6);
  /* Due at 1.0000031 s: frame 2 has arrived, not landed. */
  vq_irq_set_due(&irq, &r, 1.0000031);
  g_assert_cmpuint(irq.flush_to, ==, 2);
  r.ready = 2;
  g_assert_true(vq_irq_should_raise(&irq, &r));
  vq_ring_clear(&r);
}

static void test_due_max_delay(void) {
  VqRing r;
  vq_ring_init(&r, 64);
  VqIrq irq;
  vq_irq_init(&irq, 10e-6, 64);
  g_assert_true(irq.enabled);
  g_assert_true(isinf(vq_irq_due_time(&irq, &r))); /* nothing pending */
  push(&r, 1.0);
  g_assert_cmpfloat(vq_irq_due_time(&irq, &r), ==, 1.0 + 10e-6);
  push(&r, 1.000002);
  push(&r, 1.000009);
  g_assert_cmpfloat(vq_irq_due_time(&irq, &r), ==, 1.0 + 10e-6); /* from the FIRST frame */
  g_assert_cmpuint(irq.raised, ==, 0);
  vq_ring_clear(&r);
}

static void test_due_max_frames(void) {
  VqRing r;
  vq_ring_init(&r, 64);
  VqIrq irq;
  vq_irq_init(&irq, 10e-6, 3);
  push(&r, 1.0);
  push(&r, 1.000001);
  g_assert_cmpfloat(vq_irq_due_time(&irq, &r), ==, 1.0 + 10e-6); /* only 2 of 3 */
  push(&r, 1.000002);
  g_assert_cmpfloat(vq_irq_due_time(&irq, &r), ==, 1.000002); /* the 3rd frame's arrival */
  push(&r, 1.000003);
  g_assert_cmpfloat(vq_irq_due_time(&irq, &r), ==, 1.000002);

  /* The 3rd frame comes after the delay expires: the delay wins. */
  VqRing s;
  vq_ring_init(&s, 64);
  push(&s, 2.0);
  push(&s, 2.000001);
  push(&s, 2.00003);
  g_assert_cmpfloat(vq_irq_due_time(&irq, &s), ==, 2.0 + 10e-6);

  /* No moderation (max_frames 1, max_delay 0): due at the first frame's arrival; max_frames 1
   * alone is enough. */
  VqIrq none, one;
  vq_irq_init(&none, 0, 1);
  vq_irq_init(&one, 50e-6, 1);
  g_assert_cmpfloat(vq_irq_due_time(&none, &s), ==, 2.0);
  g_assert_cmpfloat(vq_irq_due_time(&one, &s), ==, 2.0);
  vq_ring_clear(&r);
  vq_ring_clear(&s);
}

static void test_flush_to(void) {
  VqRing r;
  vq_ring_init(&r, 64);
  VqIrq irq;
  vq_irq_init(&irq, 10e-6, 64);
  const double due = 1.0 + 10e-6;
  push(&r, 1.0);
  push(&r, 1.000004);
  push(&r, due); /* arrives exactly at the due time: covered */
  push(&r, nextafter(due, INFINITY));
  push(&r, 1.00002);
  g_assert_cmpfloat(vq_irq_due_time(&irq, &r), ==, due);
  vq_irq_set_due(&irq, &r, due);
  g_assert_true(irq.due);
  g_assert_cmpuint(irq.flush_to, ==, 3);
  g_assert_true(isinf(vq_irq_due_time(&irq, &r))); /* already due */

  /* Count-triggered, with a tie on the k-th frame: every frame arrived by then is covered. */
  VqRing s;
  vq_ring_init(&s, 64);
  VqIrq k2;
  vq_irq_init(&k2, 10e-6, 2);
  push(&s, 1.0);
  push(&s, 1.000003);
  push(&s, 1.000003);
  push(&s, 1.000005);
  double t = vq_irq_due_time(&k2, &s);
  g_assert_cmpfloat(t, ==, 1.000003);
  vq_irq_set_due(&k2, &s, t);
  g_assert_cmpuint(k2.flush_to, ==, 3);

  /* Acting late (the due time is in the past): covers what has arrived by NOW. */
  VqIrq late;
  vq_irq_init(&late, 10e-6, 64);
  g_assert_cmpfloat(vq_irq_due_time(&late, &r), ==, due);
  vq_irq_set_due(&late, &r, 1.00002);
  g_assert_cmpuint(late.flush_to, ==, 5);
  vq_ring_clear(&r);
  vq_ring_clear(&s);
}

static void test_should_raise_after_dma(void) {
  VqRing r;
  vq_ring_init(&r, 64);
  VqIrq irq;
  vq_irq_init(&irq, 10e-6, 64);
  for (int i = 0; i < 4; i++)
    push(&r, 1.0 + i * 4e-6); /* 1.0, +4, +8, +12 us: the first three by the due time */
  r.ready = 4;
  g_assert_false(vq_irq_should_raise(&irq, &r)); /* not due yet, whatever the DMA did */
  r.ready = 0;
  vq_irq_set_due(&irq, &r, vq_irq_due_time(&irq, &r));
  g_assert_cmpuint(irq.flush_to, ==, 3);
  for (guint64 ready = 0; ready <= 4; ready++) {
    r.ready = ready;
    g_assert_cmpint(vq_irq_should_raise(&irq, &r), ==, ready >= 3);
  }
  vq_ring_clear(&r);
}

static void test_masked_after_raise(void) {
  VqRing r;
  vq_ring_init(&r, 64);
  VqIrq irq;
  vq_irq_init(&irq, 10e-6, 64);
  push(&r, 1.0);
  push(&r, 1.000001);
  vq_irq_set_due(&irq, &r, vq_irq_due_time(&irq, &r));
  r.ready = 2;
  g_assert_true(vq_irq_should_raise(&irq, &r));
  vq_irq_raise(&irq);
  g_assert_cmpuint(irq.raised, ==, 1);
  g_assert_false(irq.enabled);
  g_assert_false(irq.due);
  g_assert_cmpuint(irq.signalled, ==, 2);
  g_assert_false(vq_irq_should_raise(&irq, &r));
  /* New frames while a DPC owns the queue: still masked, nothing due. */
  for (int i = 0; i < 70 && !vq_ring_is_full(&r); i++)
    push(&r, 1.0001 + i * 1e-6);
  r.ready = r.tail;
  g_assert_true(isinf(vq_irq_due_time(&irq, &r)) && vq_irq_due_time(&irq, &r) > 0);
  g_assert_false(vq_irq_should_raise(&irq, &r));
  g_assert_cmpuint(irq.raised, ==, 1);
  vq_ring_clear(&r);
}

/* One full cycle: due, DMA done, raise, the DPC takes what is ready, re-enable. */
static void cycle(VqIrq *irq, VqRing *r, guint64 want_flush_to) {
  double t = vq_irq_due_time(irq, r);
  g_assert_true(isfinite(t));
  vq_irq_set_due(irq, r, t);
  g_assert_cmpuint(irq->flush_to, ==, want_flush_to);
  r->ready = r->tail; /* DMA caught up with everything admitted */
  g_assert_true(vq_irq_should_raise(irq, r));
  vq_irq_raise(irq);
}

static void test_enable_pending(void) {
  VqRing r;
  vq_ring_init(&r, 64);
  VqIrq irq;
  vq_irq_init(&irq, 10e-6, 64);
  push(&r, 1.0);
  push(&r, 1.000005);
  push(&r, 1.00002); /* after the due time: not announced by the first interrupt */
  cycle(&irq, &r, 2);
  g_assert_cmpuint(irq.signalled, ==, 2);

  /* The DPC took only what the interrupt announced; frame 2 and a later one are pending. */
  push(&r, 1.000035);
  r.taken = 2;
  vq_irq_enable(&irq, &r);
  g_assert_true(irq.enabled);
  g_assert_cmpuint(irq.signalled, ==, r.taken);
  g_assert_cmpfloat(vq_irq_due_time(&irq, &r), ==, 1.00002 + 10e-6); /* from frame 2 */
  cycle(&irq, &r, 3); /* frame 2 only: frame 3 comes 15 us after it */
  g_assert_cmpuint(irq.raised, ==, 2);

  /* The DPC took more than announced (frame 3, unannounced, and two that came in meanwhile):
   * those are not pending again; frame 6 is. */
  push(&r, 1.00004);
  push(&r, 1.00005);
  push(&r, 1.00006);
  r.ready = r.taken = 6; /* 6 arrived after the DMA snapshot */
  vq_irq_enable(&irq, &r);
  g_assert_cmpuint(irq.signalled, ==, 6);
  g_assert_cmpfloat(vq_irq_due_time(&irq, &r), ==, 1.00006 + 10e-6); /* from frame 6 */
  cycle(&irq, &r, 7);
  r.taken = r.freed = 7;
  vq_irq_enable(&irq, &r);
  g_assert_true(isinf(vq_irq_due_time(&irq, &r))); /* drained: nothing pending */
  g_assert_cmpuint(irq.raised, ==, 3);
  vq_ring_clear(&r);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/irq/due-max-delay", test_due_max_delay);
  g_test_add_func("/irq/due-max-frames", test_due_max_frames);
  g_test_add_func("/irq/flush-to", test_flush_to);
  g_test_add_func("/irq/due-from-landing", test_due_from_landing);
  g_test_add_func("/irq/should-raise-after-dma", test_should_raise_after_dma);
  g_test_add_func("/irq/masked-after-raise", test_masked_after_raise);
  g_test_add_func("/irq/enable-pending", test_enable_pending);
  return g_test_run();
}
