/* `vmqsim validate`: see validate.h. What each check proves is explained in
 * tests/data/validate/README.md, which the Markdown output embeds. */
#include "sim/study/validate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sim/output/outdir.h"
#include "sim/study/runs.h"
#include "sim/exit-codes.h"

/* Every validation run gets these with --set, so the expectations below and the runs cannot
 * disagree: 2500 cycles at 2.5 GHz is the 1 us M/D/1 service time. */
#define HZ 2.5e9
#define MD1_CYCLES 2500.0
#define S_S (MD1_CYCLES / HZ)
/* tests/data/validate/saturation.ini's costs, likewise set explicitly. */
#define SAT_ISR 1500.0
#define SAT_DPC 3000.0
#define SAT_FRAME 2500.0
#define SAT_VSWITCH 1500.0

typedef struct {
  const char *scenario;    /* path */
  const char *const *sets; /* --set overrides */
  guint seed;
  JsonParser *parser;
  JsonObject *s; /* summary.json; NULL when the run failed */
  char *errors;  /* why it failed and its stderr */
} Run;

#include "sim/study/validate-private.h"

/* ---- runs ------------------------------------------------------------------------------- */

/* Conservation on every queue of every run, from the queue's own counters; and Little's law
 * on every queue of every run that freed LITTLE_MIN_FRAMES after warmup (fewer, and the frames
 * in the ring at the window's two edges weigh too much): mean occupancy against the rate of
 * frames freed in the window times their mean residence. The ratio farthest from 1 is kept. */
#define LITTLE_MIN_FRAMES 10000
static void account(Ctx *c, JsonObject *s) {
  JsonArray *qs = vq_runs_entities(s, VQ_KIND_QUEUE);
  JsonObject *run = vq_runs_run(s);
  double window = vq_runs_metric(run, VQ_M_RUN_DURATION_S) - vq_runs_metric(run, VQ_M_RUN_WARMUP_S);
  double worst = qs ? 0 : NAN, little = 1;
  for (guint i = 0; qs && i < json_array_get_length(qs); i++) {
    JsonObject *q = json_array_get_object_element(qs, i);
    double d = vq_runs_metric(q, VQ_M_QUEUE_OFFERED_FRAMES) -
               vq_runs_metric(q, VQ_M_QUEUE_INDICATED_FRAMES) -
               vq_runs_metric(q, VQ_M_QUEUE_DROPPED_FRAMES) -
               vq_runs_metric(q, VQ_M_QUEUE_IN_FLIGHT_FRAMES);
    worst = isnan(d) || isnan(worst) ? NAN : MAX(worst, fabs(d));
    c->cons_queues++;
    c->cons_drops += (guint64)vq_runs_metric(q, VQ_M_QUEUE_DROPPED_FRAMES);
    double n = vq_runs_metric(q, VQ_M_QUEUE_RESIDENCE_FRAMES);
    if (!(n >= LITTLE_MIN_FRAMES))
      continue;
    double ratio = vq_runs_metric(q, VQ_M_QUEUE_MEAN_OCCUPANCY) /
                   (n / window * vq_runs_metric(q, VQ_M_QUEUE_MEAN_RESIDENCE_S));
    little = isnan(ratio) || fabs(ratio - 1) > fabs(little - 1) ? ratio : little;
    c->little_queues++;
  }
  g_array_append_val(c->cons, worst);
  g_array_append_val(c->little, little);
}

/* In a pool thread: one `vmqsim run` in a fresh temporary directory, read back, removed. */
static void run_one(gpointer data, gpointer ctx) {
  Run *run = data;
  const Ctx *c = ctx;
  g_autoptr(GError) err = NULL;
  g_autofree char *dir = g_dir_make_tmp("vmqsim-validate-XXXXXX", &err);
  g_autofree char *out = g_build_filename(dir ? dir : "", "r", NULL);
  g_autofree char *sum = g_build_filename(out, "summary.json", NULL);
  g_autofree char *errors = NULL;
  if (dir && vq_runs_spawn(run->scenario, out, run->seed, run->sets, c->charts, &errors, &err))
    run->parser = vq_runs_read_summary(sum, &run->s, &err);
  if (!run->s)
    run->errors = g_strdup_printf("%s\n%s", err->message, errors ? errors : "");
  if (dir)
    vq_outdir_remove_tree(dir); /* the g_dir_make_tmp() directory made above */
}

/* Runs REL (relative to the source tree) with SETS once per replication, seeds 1..R, up to
 * c->jobs at a time. Results depend on the seeds only, not on the order runs finish. */
static Run *run_all(Ctx *c, const char *rel, const char *const *sets) {
  g_autofree char *scenario = g_build_filename(VQ_SOURCE_DIR, rel, NULL);
  Run *runs = g_new0(Run, c->reps);
  c->t0 = g_get_monotonic_time() / 1e6;
  GThreadPool *pool = g_thread_pool_new(run_one, c, (gint)c->jobs, TRUE, NULL);
  for (guint i = 0; i < c->reps; i++) {
    runs[i] = (Run){.scenario = scenario, .sets = sets, .seed = i + 1};
    g_thread_pool_push(pool, &runs[i], NULL);
  }
  g_thread_pool_free(pool, FALSE, TRUE); /* waits for every run */
  for (guint i = 0; i < c->reps; i++) {
    if (runs[i].s) {
      account(c, runs[i].s);
    } else {
      g_printerr("validate: %s (seed %u) failed: %s", rel, i + 1, runs[i].errors);
      double nan = NAN;
      g_array_append_val(c->cons, nan);
      g_array_append_val(c->little, nan);
    }
    g_clear_pointer(&runs[i].errors, g_free);
  }
  return runs;
}

static void runs_free(Ctx *c, Run *runs) {
  for (guint i = 0; i < c->reps; i++)
    g_clear_object(&runs[i].parser);
  g_free(runs);
}

/* ---- checks ------------------------------------------------------------------------------- */

static Row *row_new(int section, double scale, double tol, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);
static Row *row_new(int section, double scale, double tol, const char *fmt, ...) {
  Row *r = g_new0(Row, 1);
  va_list ap;
  va_start(ap, fmt);
  r->label = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  r->section = section;
  r->scale = scale;
  r->tol = tol;
  r->cond = TRUE;
  r->e = g_array_new(FALSE, FALSE, sizeof(double));
  r->m = g_array_new(FALSE, FALSE, sizeof(double));
  return r;
}

static void row_add(Row *r, double expected, double measured) {
  if (!isfinite(expected) || !isfinite(measured)) {
    r->missing++;
    return;
  }
  g_array_append_val(r->e, expected);
  g_array_append_val(r->m, measured);
}

static void row_done(Ctx *c, Row *r) {
  guint n = r->m->len;
  double se = 0, sm = 0, sd = 0;
  for (guint i = 0; i < n; i++) {
    se += g_array_index(r->e, double, i);
    sm += g_array_index(r->m, double, i);
  }
  r->exp = n ? se / n : NAN;
  r->meas = n ? sm / n : NAN;
  for (guint i = 0; i < n; i++) {
    double d = g_array_index(r->m, double, i) - g_array_index(r->e, double, i);
    sd += (d - (r->meas - r->exp)) * (d - (r->meas - r->exp));
  }
  r->hw = n > 1 ? vq_runs_t975(n - 1) * sqrt(sd / (n - 1) / n) : NAN;
  double lim = r->tol * fabs(r->exp);
  r->pass = n > 1 && !r->missing && r->cond && fabs(r->meas - r->exp) <= lim && r->hw <= lim;
  g_autofree char *e = vq_validate_fmt_value(r->exp * r->scale),
                  *m = vq_validate_fmt_value(r->meas * r->scale);
  g_autofree char *err = vq_validate_fmt_rel(r, r->meas - r->exp, "+"),
                  *hw = vq_validate_fmt_rel(r, r->hw, "");
  g_printerr("validate: [%u] %s: expected %s, measured %s (%s, CI %s): %s (%.1f s)\n", ++c->n_rows,
             r->label, e, m, err, hw, vq_validate_row_result(r),
             g_get_monotonic_time() / 1e6 - c->t0);
  g_ptr_array_add(c->rows[r->section], r);
}

static double pk_sojourn(double rho) { /* Pollaczek-Khinchine, M/D/1 with service S_S */
  return S_S + rho * S_S / (2 * (1 - rho));
}

/* Frames/s indicated to VM after warmup: delivered_gbps counts the bytes indicated after
 * warmup; each VM here receives one frame size, which delivered bits / frames gives. */
static double vm_fps(JsonObject *vm) {
  return vq_runs_metric(vm, VQ_M_VM_DELIVERED_GBPS) * 1e9 /
         (vq_runs_metric(vm, VQ_M_VM_DELIVERED_BITS) /
          vq_runs_metric(vm, VQ_M_VM_DELIVERED_FRAMES));
}

/* The --set overrides of a run: FMT formats space-separated GROUP.KEY=VALUE items. */
static GStrv sets_printf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static GStrv sets_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g_autofree char *all = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  return g_strsplit(all, " ", -1);
}

static double mm1_sojourn(double rho) { /* M/M/1 with mean service S_S */
  return S_S / (1 - rho);
}

/* 1 and 2a: one queue on one processor at load RHO, M/D/1 (constant service) or, with EXP,
 * M/M/1 (cpu.frame_service = exponential: each frame's cycles an exponential draw). */
static void check_single(Ctx *c, double rho, gboolean exp, double full_s, double quick_s) {
  double dur = c->quick ? quick_s : full_s;
  g_auto(GStrv) sets =
      sets_printf("flow.in.rate=%.0fpps simulation.duration=%gs "
                  "simulation.warmup=10ms cpu.frame_cycles=%.0f "
                  "host.frequency=%.0fHz cpu.frame_service=%s",
                  rho / S_S, dur, MD1_CYCLES, HZ, exp ? "exponential" : "constant");
  Run *runs = run_all(c, "tests/data/md1.ini", (const char *const *)sets);
  Row *w =
      exp ? row_new(1, 1e6, 0.03, "M/M/1 rho=%.1f: mean sojourn W = S/(1-rho), us", rho)
          : row_new(1, 1e6, 0.02, "M/D/1 rho=%.1f: mean sojourn W = S + rho S/(2(1-rho)), us", rho);
  Row *l =
      exp ? row_new(2, 1, 0.03, "M/M/1 rho=%.1f: number in system L = rho/(1-rho), frames", rho)
          : row_new(2, 1, 0.02, "M/D/1 rho=%.1f: number in system L = lambda W, frames", rho);
  double want_w = exp ? mm1_sojourn(rho) : pk_sojourn(rho);
  for (guint i = 0; i < c->reps; i++) {
    JsonObject *vm = vq_runs_entity(runs[i].s, VQ_KIND_VM, "sink");
    double mean = vq_runs_latency(vm, VQ_M_VM_LATENCY_S, VQ_LATENCY_MEAN_S);
    row_add(w, want_w, mean);
    row_add(l, rho / S_S * want_w, vm_fps(vm) * mean);
  }
  row_done(c, w);
  row_done(c, l);
  g_string_append_printf(c->notes, "- %s rho = %.1f: %g s runs (10 ms warmup).\n",
                         exp ? "M/M/1" : "M/D/1", rho, dur);
  runs_free(c, runs);
}

/* 2b: Little's law on every receive queue of the default scenario, shortened. */
static void check_little(Ctx *c) {
  double dur = c->quick ? 0.1 : 0.2;
  g_auto(GStrv) sets = sets_printf("simulation.duration=%gs simulation.warmup=10ms", dur);
  Run *runs = run_all(c, "scenarios/default.ini", (const char *const *)sets);
  JsonArray *vms = NULL;
  for (guint i = 0; i < c->reps && !vms; i++)
    vms = vq_runs_entities(runs[i].s, VQ_KIND_VM);
  for (guint v = 0; vms && v < json_array_get_length(vms); v++) {
    JsonObject *vm0 = json_array_get_object_element(vms, v);
    const char *name = vq_runs_entity_name(vm0);
    const char *qname = vq_runs_metric_string(vm0, VQ_M_VM_QUEUE);
    Row *r =
        row_new(2, 1, 0.01, "Little, ring %s (%s): mean occupancy = lambda x residence, frames",
                qname, name);
    for (guint i = 0; i < c->reps; i++) {
      JsonObject *q = vq_runs_entity(runs[i].s, VQ_KIND_QUEUE, qname);
      row_add(r,
              vm_fps(vq_runs_entity(runs[i].s, VQ_KIND_VM, name)) *
                  vq_runs_metric(q, VQ_M_QUEUE_MEAN_RESIDENCE_S),
              vq_runs_metric(q, VQ_M_QUEUE_MEAN_OCCUPANCY));
    }
    row_done(c, r);
  }
  g_string_append_printf(c->notes,
                         "- Little's law: `scenarios/default.ini`, %g s runs (10 ms "
                         "warmup).\n",
                         dur);
  runs_free(c, runs);
}

/* Erlang C mean sojourn of M/M/N with service S_S at LAMBDA frames/s (for contrast only). */
static double mmc_sojourn(guint n, double lambda) {
  double a = lambda * S_S, term = 1, sum = 1;
  for (guint k = 1; k < n; k++)
    sum += term *= a / k;
  double last = term * a / n * n / (n - a);
  return S_S + last / (sum + last) * S_S / (n - a);
}

/* 3: a VMMQ VPort over 4 processors: one independent M/D/1 queue per processor. */
static void check_rss(Ctx *c) {
  double dur = c->quick ? 0.04 : 0.3;
  g_auto(GStrv) sets = sets_printf("simulation.duration=%gs cpu.frame_cycles=%.0f "
                                   "host.frequency=%.0fHz",
                                   dur, MD1_CYCLES, HZ);
  Run *runs = run_all(c, "tests/data/validate/rss-md1.ini", (const char *const *)sets);
  Row *r = row_new(3, 1e6, 0.03,
                   "RSS over 4 queues: VM mean sojourn = PK per queue, "
                   "rate-weighted, us");
  double rho_sum[4] = {0}, lam_sum = 0;
  guint ok = 0;
  for (guint i = 0; i < c->reps; i++) {
    JsonObject *vp = vq_runs_entity(runs[i].s, VQ_KIND_VPORT, "big");
    JsonObject *big = vq_runs_entity(runs[i].s, VQ_KIND_VM, "big");
    double lam = 0, lw = 0;
    for (guint k = 0; k < 4; k++) {
      double l = vq_runs_metric_at(vp, VQ_M_VPORT_FPS, k + 2); /* rss-md1.ini: processors 2-5 */
      lam += l;
      lw += l * pk_sojourn(l * S_S);
      rho_sum[k] += isfinite(l) ? l * S_S : 0;
    }
    row_add(r, lw / lam, vq_runs_latency(big, VQ_M_VM_LATENCY_S, VQ_LATENCY_MEAN_S));
    ok += isfinite(lam);
    lam_sum += isfinite(lam) ? lam : 0;
  }
  row_done(c, r);
  double lam = lam_sum / MAX(ok, 1), rho = lam * S_S / 4;
  g_string_append_printf(
      c->notes,
      "- RSS: `tests/data/validate/rss-md1.ini`, %g s runs (10 ms warmup). Queue loads "
      "(processors 2-5, mean over replications): %.3f, %.3f, %.3f, %.3f. For contrast, at the "
      "same total rate: one M/D/1 queue at the mean load %.3f would give %.4g us; M/M/4 (Erlang "
      "C, one shared queue, exponential service) %.4g us; measured %.4g us.\n",
      dur, rho_sum[0] / MAX(ok, 1), rho_sum[1] / MAX(ok, 1), rho_sum[2] / MAX(ok, 1),
      rho_sum[3] / MAX(ok, 1), rho, pk_sojourn(rho) * 1e6, mmc_sojourn(4, lam) * 1e6,
      r->meas * 1e6);
  runs_free(c, runs);
}

/* 4: a saturated queue processor delivers f / (c + per-frame share of DPC and ISR cycles). */
static void check_saturation(Ctx *c) {
  double dur = c->quick ? 0.1 : 0.3, cost = SAT_FRAME + SAT_VSWITCH;
  g_auto(GStrv) sets = sets_printf(
      "simulation.duration=%gs cpu.isr_cycles=%.0f cpu.dpc_cycles=%.0f cpu.frame_cycles=%.0f "
      "cpu.vswitch_frame_cycles=%.0f host.frequency=%.0fHz",
      dur, SAT_ISR, SAT_DPC, SAT_FRAME, SAT_VSWITCH, HZ);
  Run *runs = run_all(c, "tests/data/validate/saturation.ini", (const char *const *)sets);
  Row *r = row_new(4, 1, 0.01,
                   "Saturated queue: throughput = f / (c + (dpc P + isr I) / N), "
                   "frames/s");
  double per_pass = 0;
  for (guint i = 0; i < c->reps; i++) {
    JsonObject *q = vq_runs_entity(runs[i].s, VQ_KIND_QUEUE, "q1"),
               *lp = vq_runs_entity(runs[i].s, VQ_KIND_PROCESSOR, "1");
    double n = vq_runs_metric(q, VQ_M_QUEUE_INDICATED_FRAMES),
           p = vq_runs_metric(lp, VQ_M_PROCESSOR_DPC_PASSES);
    double isr = vq_runs_metric(lp, VQ_M_PROCESSOR_INTERRUPTS);
    row_add(r, HZ / (cost + (SAT_DPC * p + SAT_ISR * isr) / n),
            vm_fps(vq_runs_entity(runs[i].s, VQ_KIND_VM, "sat")));
    per_pass += isfinite(n / p) ? n / p / c->reps : 0;
  }
  row_done(c, r);
  g_string_append_printf(c->notes,
                         "- Throughput cap: `tests/data/validate/saturation.ini`, %g s runs (10 ms "
                         "warmup); %.0f frames per DPC pass on average, so the overhead term is "
                         "%.2f%% of c; f / c alone is %.0f frames/s.\n",
                         dur, per_pass, 100 * SAT_DPC / per_pass / cost, HZ / cost);
  runs_free(c, runs);
}

/* 2c: Little's law on every busy queue of every run made above (the worst per run). */
static void check_little_everywhere(Ctx *c) {
  Row *r = row_new(2, 1, 0.02,
                   "Little, every queue of every run (>= %d frames): occupancy / (lambda x "
                   "residence), farthest from 1",
                   LITTLE_MIN_FRAMES);
  for (guint i = 0; i < c->little->len; i++)
    row_add(r, 1, g_array_index(c->little, double, i));
  row_done(c, r);
  g_string_append_printf(c->notes,
                         "- Little's law on every queue of every run: %" G_GUINT64_FORMAT
                         " queue checks over %u runs.\n",
                         c->little_queues, c->little->len);
}

/* 5: conservation, on every queue of every run made above. */
static void check_conservation(Ctx *c) {
  Row *r = row_new(5, 1, 0,
                   "Conservation: max abs(offered - indicated - dropped - in flight) per "
                   "queue, frames");
  for (guint i = 0; i < c->cons->len; i++)
    row_add(r, 0, g_array_index(c->cons, double, i));
  r->cond = c->cons_drops > 0;
  row_done(c, r);
  g_string_append_printf(c->notes,
                         "- Conservation: %u runs, %" G_GUINT64_FORMAT
                         " queue checks, %" G_GUINT64_FORMAT " frames dropped in all.\n",
                         c->cons->len, c->cons_queues, c->cons_drops);
}

/* ---- output ------------------------------------------------------------------------------- */

int vq_validate_run(const VqValidateOptions *o) {
  g_return_val_if_fail(o != NULL && o->jobs >= 1, EXIT_BAD_INPUT);
  Ctx c = {.reps = o->replications, .jobs = o->jobs, .quick = o->quick};
  const char *out = o->out;
  if (!c.reps)
    c.reps = c.quick ? 8 : 10;
  g_return_val_if_fail(c.reps >= 2, EXIT_BAD_INPUT);
  c.charts = FALSE; /* the checks read summary.json only */
  for (int k = 1; k <= N_SECTIONS; k++)
    c.rows[k] = g_ptr_array_new();
  c.notes = g_string_new(NULL);
  c.cons = g_array_new(FALSE, FALSE, sizeof(double));
  c.little = g_array_new(FALSE, FALSE, sizeof(double));
  double t0 = g_get_monotonic_time() / 1e6;
  check_single(&c, 0.3, FALSE, 0.3, 0.08);
  check_single(&c, 0.5, FALSE, 0.4, 0.08);
  check_single(&c, 0.8, FALSE, 1.0, 0.2);
  check_single(&c, 0.9, FALSE, 2.0, 0.3);
  check_single(&c, 0.5, TRUE, 0.6, 0.1);
  check_single(&c, 0.8, TRUE, 2.0, 0.25);
  check_rss(&c);
  check_saturation(&c);
  check_little(&c);
  check_little_everywhere(&c);
  check_conservation(&c);
  g_autoptr(GPtrArray) rows =
      g_ptr_array_new_with_free_func(vq_validate_row_free); /* in section order */
  guint failed = 0;
  for (int k = 1; k <= N_SECTIONS; k++) {
    for (guint i = 0; i < c.rows[k]->len; i++) {
      Row *r = g_ptr_array_index(c.rows[k], i);
      failed += !r->pass;
      g_ptr_array_add(rows, r);
    }
    g_ptr_array_unref(c.rows[k]);
  }
  g_autoptr(GString) text = g_string_new(NULL);
  vq_validate_write_table(rows, text, FALSE);
  fputs(text->str, stdout);
  printf("%u of %u checks pass (R = %u%s; %.0f s)\n", rows->len - failed, rows->len, c.reps,
         c.quick ? ", quick" : "", g_get_monotonic_time() / 1e6 - t0);
  gboolean written = !out || vq_validate_write_doc(&c, rows, failed, out);
  g_string_free(c.notes, TRUE);
  g_array_unref(c.cons);
  g_array_unref(c.little);
  return failed || !written ? 1 : 0;
}
