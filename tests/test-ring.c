/* Descriptor ring (models/ring): tail drop, occupancy, wrap-around, arrived_by search. */
#include "models/ring.h"

#include <math.h>

static VqFrame frame(double t_s, guint64 seq) {
  return (VqFrame){.t_s = t_s, .flow = (guint32)(seq % 3), .len = 64, .seq = seq};
}

static void test_drop_when_full(void) {
  VqRing r;
  vq_ring_init(&r, 64);
  for (guint64 i = 0; i < 64; i++) {
    g_assert_false(vq_ring_is_full(&r));
    VqFrame f = frame((double)i, i);
    g_assert_true(vq_ring_push(&r, &f));
    g_assert_cmpuint(vq_ring_occupancy(&r), ==, i + 1);
  }
  g_assert_true(vq_ring_is_full(&r));
  VqFrame extra = frame(64.0, 64);
  g_assert_false(vq_ring_push(&r, &extra));
  g_assert_cmpuint(r.dropped, ==, 1);
  g_assert_cmpuint(r.tail, ==, 64);
  g_assert_cmpuint(vq_ring_occupancy(&r), ==, 64);
  /* The refused frame overwrote nothing. */
  for (guint64 i = 0; i < 64; i++)
    g_assert_cmpuint(vq_ring_at(&r, i)->seq, ==, i);
  g_assert_false(vq_ring_push(&r, &extra));
  g_assert_cmpuint(r.dropped, ==, 2);

  /* One descriptor back: exactly one more frame fits, in the slot of frame 0. */
  r.freed = r.taken = r.ready = 1;
  g_assert_false(vq_ring_is_full(&r));
  g_assert_true(vq_ring_push(&r, &extra));
  g_assert_cmpuint(r.tail, ==, 65);
  g_assert_cmpuint(vq_ring_at(&r, 64)->seq, ==, 64);
  g_assert_cmpuint(vq_ring_at(&r, 1)->seq, ==, 1);
  g_assert_true(vq_ring_is_full(&r));
  g_assert_false(vq_ring_push(&r, &extra));
  g_assert_cmpuint(r.dropped, ==, 3);
  vq_ring_clear(&r);
  g_assert_null(r.slot);
}

/* Random pushes and frees over many laps of a small ring, checked against a plain count. */
static void test_wrap_around(void) {
  g_autoptr(GRand) rng = g_rand_new_with_seed(3);
  VqRing r;
  vq_ring_init(&r, 8);
  guint64 offered = 0, accepted = 0, refused = 0;
  double t = 0;
  for (int round = 0; round < 2000; round++) {
    guint n_push = (guint)g_rand_int_range(rng, 0, 7);
    for (guint i = 0; i < n_push; i++) {
      t += g_rand_double(rng);
      offered++;
      gboolean room = r.tail - r.freed < r.size;
      /* seq records the ring counter the frame should get, so at() can be checked below. */
      VqFrame f = frame(t, room ? accepted : G_MAXUINT64);
      g_assert_cmpint(vq_ring_push(&r, &f), ==, room);
      if (room)
        accepted++;
      else
        refused++;
    }
    guint64 occ = vq_ring_occupancy(&r);
    g_assert_cmpuint(occ, <=, 8);
    g_assert_cmpuint(occ, ==, r.tail - r.freed);
    for (guint64 i = r.freed; i < r.tail; i++) {
      g_assert_cmpuint(vq_ring_at(&r, i)->seq, ==, i);
      if (i > r.freed)
        g_assert_cmpfloat(vq_ring_at(&r, i)->t_s, >, vq_ring_at(&r, i - 1)->t_s);
    }
    guint64 before = r.freed;
    r.freed += (guint64)g_rand_int_range(rng, 0, (gint32)occ + 1);
    g_assert_cmpuint(r.freed, >=, before);
    r.taken = r.ready = r.freed;
  }
  g_assert_cmpuint(r.tail, ==, accepted);
  g_assert_cmpuint(r.dropped, ==, refused);
  g_assert_cmpuint(accepted + refused, ==, offered);
  g_assert_cmpuint(r.tail, >, 100 * r.size); /* many laps */
  g_assert_cmpuint(refused, >, 0);
  vq_ring_clear(&r);
}

/* Fills R (wrapped by LAPS * size) with the arrival times T. */
static void fill(VqRing *r, guint laps, const double *t, guint n) {
  r->freed = r->taken = r->ready = r->tail = (guint64)laps * r->size + 3;
  for (guint i = 0; i < n; i++) {
    VqFrame f = frame(t[i], r->tail);
    g_assert_true(vq_ring_push(r, &f));
  }
}

static guint64 linear_arrived_by(const VqRing *r, guint64 from, double t_s) {
  guint64 i = from;
  while (i < r->tail && vq_ring_at(r, i)->t_s <= t_s)
    i++;
  return i;
}

static void test_arrived_by_boundaries(void) {
  VqRing r;
  vq_ring_init(&r, 16);
  const double t[] = {1.0, 1.0, 1.0, 2.0, 2.0, 3.0};
  fill(&r, 5, t, G_N_ELEMENTS(t)); /* counters 83..88 in slots 3..8 */
  const guint64 b = r.freed;
  g_assert_cmpuint(vq_ring_arrived_by(&r, b, 0.5), ==, b);     /* none before */
  g_assert_cmpuint(vq_ring_arrived_by(&r, b, 1.0), ==, b + 3); /* equal times count */
  g_assert_cmpuint(vq_ring_arrived_by(&r, b, nextafter(1.0, 0)), ==, b);
  g_assert_cmpuint(vq_ring_arrived_by(&r, b, 1.5), ==, b + 3);
  g_assert_cmpuint(vq_ring_arrived_by(&r, b, 2.0), ==, b + 5);
  g_assert_cmpuint(vq_ring_arrived_by(&r, b, 3.0), ==, b + 6); /* all */
  g_assert_cmpuint(vq_ring_arrived_by(&r, b, INFINITY), ==, b + 6);
  g_assert_cmpuint(vq_ring_arrived_by(&r, b, -INFINITY), ==, b);
  /* From a later counter: the frames before it are not looked at. */
  g_assert_cmpuint(vq_ring_arrived_by(&r, b + 4, 1.0), ==, b + 4);
  g_assert_cmpuint(vq_ring_arrived_by(&r, b + 4, 2.0), ==, b + 5);
  g_assert_cmpuint(vq_ring_arrived_by(&r, r.tail, 9.0), ==, r.tail); /* empty range */

  /* Across the wrap: slots 14, 15, 0, 1, ... hold counters in order. */
  const double w[] = {0.1, 0.2, 0.2, 0.3, 0.4, 0.5, 0.5, 0.5, 0.9, 1.0};
  r.freed = r.taken = r.ready = r.tail = 16 * 7 + 14;
  for (guint i = 0; i < G_N_ELEMENTS(w); i++) {
    VqFrame f = frame(w[i], i);
    g_assert_true(vq_ring_push(&r, &f));
  }
  const guint64 c = r.freed;
  g_assert_cmpuint(vq_ring_arrived_by(&r, c, 0.2), ==, c + 3);
  g_assert_cmpuint(vq_ring_arrived_by(&r, c, 0.5), ==, c + 8);
  g_assert_cmpuint(vq_ring_arrived_by(&r, c + 2, 0.45), ==, c + 5);
  vq_ring_clear(&r);
}

static void test_arrived_by_random(void) {
  g_autoptr(GRand) rng = g_rand_new_with_seed(17);
  VqRing r;
  vq_ring_init(&r, 64);
  guint checks = 0;
  for (int trial = 0; trial < 200; trial++) {
    guint n = (guint)g_rand_int_range(rng, 0, 65);
    double t[64], acc = 0;
    for (guint i = 0; i < n; i++) {
      if (i == 0 || g_rand_boolean(rng)) /* about half the frames tie with the previous one */
        acc += (double)g_rand_int_range(rng, 1, 4);
      t[i] = acc;
    }
    fill(&r, (guint)g_rand_int_range(rng, 0, 1000), t, n);
    for (guint64 from = r.freed;
         /* arrived_by may start anywhere in [freed, tail] */ from <= r.tail; from++) {
      for (guint i = 0; i < n; i++) {
        const double probes[] = {t[i], nextafter(t[i], -INFINITY), t[i] + 0.5};
        for (guint p = 0; p < G_N_ELEMENTS(probes); p++) {
          g_assert_cmpuint(vq_ring_arrived_by(&r, from, probes[p]), ==,
                           linear_arrived_by(&r, from, probes[p]));
          checks++;
        }
      }
      g_assert_cmpuint(vq_ring_arrived_by(&r, from, -1.0), ==, from);
      g_assert_cmpuint(vq_ring_arrived_by(&r, from, INFINITY), ==, r.tail);
    }
  }
  g_assert_cmpuint(checks, >, 100000);
  vq_ring_clear(&r);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/ring/drop-when-full", test_drop_when_full);
  g_test_add_func("/ring/wrap-around", test_wrap_around);
  g_test_add_func("/ring/arrived-by-boundaries", test_arrived_by_boundaries);
  g_test_add_func("/ring/arrived-by-random", test_arrived_by_random);
  return g_test_run();
}
