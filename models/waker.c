/* Sleeping actors: see waker.h. */
#include "models/waker.h"

#include <math.h>
#include <simgrid/engine.h>

void vq_waker_init(VqWaker *w) {
  *w = (VqWaker){.sem = sg_sem_init(0), .planned_s = INFINITY};
}

gboolean vq_waker_sleep_until(VqWaker *w, double until_s) {
  double left = until_s - simgrid_get_clock();
  if (left <= 0)
    return FALSE;
  w->sleeping = TRUE;
  w->planned_s = until_s;
  gboolean woken = sg_sem_acquire_timeout(w->sem, left) == 0;
  w->sleeping = FALSE;
  w->planned_s = INFINITY;
  return woken;
}

void vq_waker_wake(VqWaker *w) {
  if (w->sleeping) {
    w->sleeping = FALSE;
    sg_sem_release(w->sem);
  }
}
