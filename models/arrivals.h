/* Arrival processes whose rate varies over time: a rate schedule's steps and ramps (constant or
 * Poisson frames), on/off bursts (exponential or Pareto periods) and the two-state MMPP. The
 * traffic generator gives each such flow (or a superposed group under one schedule) one of these.
 *
 * Method: every form is a point process on the integrated rate L(t) = integral of the rate from
 * the start. Poisson frames are at the points of a unit-rate Poisson process in L (steps of
 * Exp(1)), constant frames at L = 0, 1, 2, ...; L is inverted back to time. Inversion is exact
 * for any time-varying rate (the time-change theorem: Cinlar, "Introduction to Stochastic
 * Processes", 1975, section 4.1; Lewis and Shedler, "Simulation of nonhomogeneous Poisson
 * processes by thinning", Naval Research Logistics Quarterly 26(3), 1979, section 1, who also
 * give thinning, which needs a bounded rate and wastes draws). A Poisson step that crosses a rate
 * change carries over, exact by memorylessness, and no draw is wasted.
 *
 * The rate is piecewise linear over segments: a schedule's, fixed, or the periods of a two-state
 * chain, drawn as they come from the flow's stream. On a segment where the rate is a + b d at
 * t0 + d, L grows by a d + b d^2 / 2, reached at d = 2x / (a + sqrt(a^2 + 2 b x)) (the form
 * without cancellation).
 *
 * The two-state forms (sim/scenario.h, VqBurstConf): onoff holds state on for a period of mean
 * burst_on at the peak rate rate / duty cycle (duty = on / (on + off)), then off with no frames
 * for a period of mean burst_off, so the long-run rate is rate; frames in on time are evenly
 * spaced (constant, the ON/OFF sources of Willinger, Taqqu, Sherman and Wilson, "Self-similarity
 * through high-variability", IEEE/ACM ToN 5(1), 1997, whose Pareto periods make the sum
 * self-similar) or Poisson (an interrupted Poisson process). Even spacing runs in on time, across
 * off periods, so a short burst is not rounded up to a whole frame. MMPP: two Poisson rates with
 * exponential sojourns (Fischer and Meier-Hellstern, "The Markov-modulated Poisson process (MMPP)
 * cookbook", Performance Evaluation 18(2), 1993). The chain starts in a state drawn with its
 * long-run probability (mean period / sum of the means): stationary for exponential periods;
 * with Pareto periods the first period is a whole one, not a residual (left out).
 *
 * Cost: O(1) per frame plus O(1) per segment crossed (a schedule's points; a chain's periods,
 * fewer than the frames unless the periods are shorter than the gaps). Memory: constant.
 */
#ifndef VQ_ARRIVALS_H
#define VQ_ARRIVALS_H

#include <glib.h>

#include "sim/scenario.h"

G_BEGIN_DECLS

/* One process. 104 bytes; no heap memory. */
typedef struct {
  double t0, t1;            /* the current segment of the rate */
  double a, b;              /* rate at t0, frames/s, and its slope, frames/s^2 */
  double total;             /* L over the segment (+inf for an open last one) */
  double at;                /* L from t0 to the last frame */
  double end_s;             /* no frame at or after this time */
  double rate_fps;          /* levels are multiples of it */
  const VqSchedule *sched;  /* the segments' source: a schedule, */
  const VqBurstConf *burst; /* or a two-state chain */
  guint next;               /* schedule: the point ending the segment; chain: its state */
  gboolean poisson;         /* Exp(1) steps in L, else unit steps */
} VqArrivalProc;

/* Sets P up for the flow FC at RATE_FPS (its own, or a superposed group's total), from FC's
 * start to its stop; a chain draws its first state and period from RNG. */
void vq_arrivals_init(VqArrivalProc *p, const VqFlowConf *fc, double rate_fps, GRand *rng);
/* The next frame's time, or +inf when there is none before the stop. Draws from RNG (NULL for
 * constant frames under a schedule, which draw nothing). */
double vq_arrivals_next(VqArrivalProc *p, GRand *rng);

G_END_DECLS

#endif
