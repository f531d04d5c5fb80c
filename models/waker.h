/* Waker: how an actor of the reference engine sleeps until it has something to do, and how
 * other actors wake it: a semaphore, a flag saying the actor is blocked on it, and the time it
 * planned to wake at. Waking an actor that is not asleep costs nothing (each release is a
 * SimGrid event). One driver for the queue, processor and guest actors' waits.
 */
#ifndef VQ_WAKER_H
#define VQ_WAKER_H

#include <glib.h>
#include <simgrid/semaphore.h>

G_BEGIN_DECLS

typedef struct {
  sg_sem_t sem;
  gboolean sleeping; /* the actor is blocked on sem */
  double planned_s;  /* ... until then, unless woken (+inf when awake) */
} VqWaker;

void vq_waker_init(VqWaker *w);
/* Blocks the calling actor until woken or UNTIL_S; FALSE when UNTIL_S came (or had come). */
gboolean vq_waker_sleep_until(VqWaker *w, double until_s);
/* Wakes the actor if it is asleep. */
void vq_waker_wake(VqWaker *w);

static inline gboolean vq_waker_is_asleep(const VqWaker *w) {
  return w->sleeping;
}

G_END_DECLS

#endif
