/* Model: the one contract between the engine (sim/engine/) and a model (models/).
 *
 * The engine loads the scenario and the SimGrid platform, then for each model: create, start
 * (spawn actors; the reference engine) or advance window by window (the windowed engine) to the
 * end of the simulated time, then finish (drain and check invariants), report (fill the neutral
 * VqReport), free. Models never print or write files.
 */
#ifndef VQ_MODEL_H
#define VQ_MODEL_H

#include <glib.h>

#include "sim/report.h"
#include "sim/scenario.h"

G_BEGIN_DECLS

/* Engine counters a model adds to (for the speed line). */
typedef struct {
  guint64 frames;  /* frames simulated */
  guint64 wakeups; /* SimGrid blocking calls made by the model's actors */
} VqModelStats;

typedef struct {
  const char *name;
  /* Builds the model from the scenario on the loaded platform. NULL + ERROR on failure. */
  void *(*create)(const VqScenario *sc, GError **error);
  /* The reference engine: spawns the model's actors. */
  void (*start)(void *self);
  /* The windowed engine: runs the model in plain C up to T_S (every event before it); BUSY_S[lp]
   * gets each processor's busy seconds since the last call. Returns the first arrival at or
   * after T_S (for windows of one frame). */
  double (*advance)(void *self, double t_s, double *busy_s);
  /* After the run: accounts what is still in flight and checks conservation (fatal if not). */
  void (*finish)(void *self, VqModelStats *stats);
  void (*report)(const void *self, VqReport *out);
  void (*free)(void *self);
} VqModelOps;

/* Fatal broken model invariant: prints file:line, simulated time and the message, aborts. */
#define VQ_INVARIANT(cond, ...)                                                                    \
  do {                                                                                             \
    if (G_UNLIKELY(!(cond)))                                                                       \
      vq_invariant_failed(__FILE__, __LINE__, #cond, __VA_ARGS__);                                 \
  } while (0)
G_NORETURN void vq_invariant_failed(const char *file, int line, const char *cond, const char *fmt,
                                    ...) G_GNUC_PRINTF(4, 5);

G_END_DECLS

#endif
