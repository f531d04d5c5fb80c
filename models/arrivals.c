/* Arrival processes with a varying rate: see arrivals.h. */
#include "models/arrivals.h"

#include <math.h>

/* L over the current segment. */
static void segment_total(VqArrivalProc *p) {
  double len = p->t1 - p->t0;
  if (p->b == 0) /* an open segment at rate 0 has 0, not 0 * inf */
    p->total = p->a > 0 ? p->a * len : 0;
  else
    p->total = (p->a + 0.5 * p->b * len) * len;
}

/* Schedule segment K: from point K to point K + 1 (or for ever). */
static void schedule_segment(VqArrivalProc *p, guint k) {
  const VqSchedule *s = p->sched;
  p->t0 = s->t_s[k];
  p->a = s->level[k] * p->rate_fps;
  p->b = 0;
  p->t1 = INFINITY;
  p->next = k + 1;
  if (k + 1 < s->n) {
    p->t1 = s->t_s[k + 1];
    if (s->ramp[k + 1])
      p->b = (s->level[k + 1] - s->level[k]) * p->rate_fps / (p->t1 - p->t0);
  }
}

/* A period of the chain's state S: exponential, or Pareto of shape alpha > 1 and mean m, whose
 * scale is m (alpha - 1) / alpha, drawn by inversion as scale * U^(-1 / alpha). */
static double chain_period(const VqBurstConf *c, guint s, GRand *rng) {
  double u = 1.0 - g_rand_double(rng); /* (0, 1] */
  if (c->shape > 0)
    return c->mean_s[s] * (c->shape - 1) / c->shape * pow(u, -1.0 / c->shape);
  return -log(u) * c->mean_s[s];
}

static void chain_segment(VqArrivalProc *p, double t0, guint s, GRand *rng) {
  p->next = s;
  p->t0 = t0;
  p->t1 = t0 + chain_period(p->burst, s, rng);
  p->a = p->burst->level[s] * p->rate_fps;
  p->b = 0;
}

void vq_arrivals_init(VqArrivalProc *p, const VqFlowConf *fc, double rate_fps, GRand *rng) {
  const VqBurstConf *burst = vq_flow_burst(fc);
  *p = (VqArrivalProc){.rate_fps = rate_fps, .sched = vq_flow_schedule(fc)};
  /* As a constant flow's stop (traffic.c): start + k gap may round to just below it. */
  p->end_s = fc->stop_s - 1e-6 / rate_fps;
  p->poisson = fc->arrivals != VQ_ARRIVALS_CONSTANT && !(burst && burst->even);
  p->at = p->poisson ? 0 : -1; /* the first constant frame at L = 0: at the start */
  if (fc->arrivals == VQ_ARRIVALS_ONOFF || fc->arrivals == VQ_ARRIVALS_MMPP) {
    p->sched = NULL;
    p->burst = burst;
    const double *m = burst->mean_s;
    chain_segment(p, fc->start_s, g_rand_double(rng) < m[0] / (m[0] + m[1]) ? 0 : 1, rng);
  } else {
    guint k = 0;
    while (k + 1 < p->sched->n && p->sched->t_s[k + 1] <= fc->start_s)
      k++;
    schedule_segment(p, k);
    p->a += p->b * (fc->start_s - p->t0);
    p->t0 = fc->start_s;
  }
  segment_total(p);
}

/* Moves P to its next segment; FALSE when none starts before the stop. */
static gboolean next_segment(VqArrivalProc *p, GRand *rng) {
  if (p->burst)
    chain_segment(p, p->t1, p->next ^ 1, rng);
  else if (p->next < p->sched->n)
    schedule_segment(p, p->next);
  else
    return FALSE;
  segment_total(p);
  return p->t0 < p->end_s;
}

/* The D where a + b d integrates to X >= 0. */
static double solve(double a, double b, double x) {
  if (b == 0)
    return x / a;
  if (x <= 0)
    return 0;
  double disc = a * a + 2 * b * x; /* >= 0 up to rounding at a ramp to 0 */
  return 2 * x / (a + sqrt(disc > 0 ? disc : 0));
}

double vq_arrivals_next(VqArrivalProc *p, GRand *rng) {
  double x = p->at + (p->poisson ? -log(1.0 - g_rand_double(rng)) : 1.0);
  while (x > p->total || p->total <= 0) {
    x -= p->total;
    if (!next_segment(p, rng))
      return INFINITY;
  }
  p->at = x;
  double t = p->t0 + solve(p->a, p->b, x);
  return t < p->end_s ? t : INFINITY;
}
