/* VPort (models/vport): which queue a frame goes to as the indirection table, the default
 * processor and whole tables change at run time, and when each version is in force. The
 * expectations are computed from the scenario's own tables (tests/data/scenarios/vmmq.ini), by
 * the NDIS rule written out here: entry = hash & (size - 1), its processor's VPort queue. */
#include "models/vport.h"

#include <math.h>

#include "models/rss.h"
#include "sim/output/report-private.h"
#include "tests/scenario-test.h"

#define LATENCY 20e-6 /* the file's rss_update_latency */

/* The VPort queue (0-based) serving processor LP. */
static guint k_of(const VqVportConf *c, guint lp) {
  for (guint k = 0; k < c->queue_pairs; k++)
    if (c->queue_lps[k] == lp)
      return k;
  g_assert_not_reached();
}

static VqScenario *load(void) {
  g_autoptr(GError) err = NULL;
  VqScenario *sc = vq_scenario_load(DATA "vmmq.ini", NULL, &err);
  g_assert_no_error(err);
  return sc;
}

/* The processor entry E of web's table has at time T, by the file: 16 entries over 4-7 round
 * robin; at 200 ms entries 0, 1 and 12 move to 2; at 300 ms the table becomes {1, 2}; at 400 ms
 * entry 1 moves to 0 (each plus the update latency). */
static guint web_entry_lp(guint hash, double t, guint *size) {
  if (t >= 0.4 + LATENCY) {
    *size = 2;
    return (hash & 1) == 0 ? 1 : 0;
  }
  if (t >= 0.3 + LATENCY) {
    *size = 2;
    return (hash & 1) == 0 ? 1 : 2;
  }
  *size = 16;
  guint e = hash & 15;
  if (t >= 0.2 + LATENCY && (e == 0 || e == 1 || e == 12))
    return 2;
  return 4 + e % 4;
}

static void test_versions(void) {
  g_autoptr(VqScenario) sc = load();
  VqVport *vp = vq_vport_new(sc, 0, 1);
  /* Four of the five events are web's: five versions. */
  g_assert_cmpuint(vq_vport_n_versions(vp), ==, 5);
  const double apply[] = {0.1 + LATENCY, 0.2 + LATENCY, 0.3 + LATENCY, 0.4 + LATENCY};
  g_assert_cmpuint(vq_vport_version_at(vp, 0), ==, 0);
  for (guint i = 0; i < 4; i++) {
    g_assert_cmpuint(vq_vport_version_at(vp, nextafter(apply[i], 0)), ==, i);
    g_assert_cmpuint(vq_vport_version_at(vp, apply[i]), ==, i + 1); /* in force from then */
  }
  g_assert_cmpuint(vq_vport_version_at(vp, 1e9), ==, 4);
  vq_vport_free(vp);
}

/* Hashed frames follow the table in force at their arrival; unhashed ones the default
 * processor (4 by default, 3 from 100 ms). */
static void test_queue_follows_updates(void) {
  g_autoptr(VqScenario) sc = load();
  const VqVportConf *c = &((const VqVmConf *)g_ptr_array_index(sc->vms, 0))->vport;
  const guint queue0 = 1;
  VqVport *vp = vq_vport_new(sc, 0, queue0);
  g_autoptr(GRand) rng = g_rand_new_with_seed(3);
  guint checked = 0;
  for (guint i = 0; i < 5000; i++) { /* time order: vq_vport_queue's contract */
    double t = i * 1e-4;
    guint32 hash = g_rand_int(rng), size;
    guint lp = web_entry_lp(hash, t, &size);
    g_assert_cmpuint(vq_vport_queue(vp, TRUE, hash, t), ==, queue0 + k_of(c, lp));
    guint dflt = t >= 0.1 + LATENCY ? 3 : c->default_lp;
    g_assert_cmpuint(vq_vport_queue(vp, FALSE, 0, t), ==, queue0 + k_of(c, dflt));
    checked++;
  }
  g_assert_cmpuint(checked, ==, 5000);
  g_assert_cmpuint(c->default_lp, ==, 4); /* the file's: the first RSS processor */
  vq_vport_free(vp);
}

/* rss-lookup's answer (vq_vport_lookup) agrees with the per-frame path for a real flow. */
static void test_lookup_agrees(void) {
  g_autoptr(VqScenario) sc = load();
  const VqFlowConf *in = flow_at(sc, 0);
  VqVport *vp = vq_vport_new(sc, 0, 1);
  guint32 hash;
  g_assert_true(vq_vport_flow_hash(vp, in, &hash));
  const double times[] = {0, 0.15, 0.25, 0.35, 0.45};
  for (guint i = 0; i < G_N_ELEMENTS(times); i++) {
    VqVportLookup l;
    vq_vport_lookup(vp, in, times[i], &l);
    guint size;
    g_assert_cmpuint(l.hash, ==, hash);
    g_assert_cmpuint(l.processor, ==, web_entry_lp(hash, times[i], &size));
    g_assert_cmpuint(l.table_size, ==, size);
    g_assert_cmpuint(l.index, ==, vq_rss_table_index(hash, size));
    g_assert_cmpuint(l.queue, ==, vq_vport_queue(vp, TRUE, hash, times[i]));
  }
  vq_vport_free(vp);
}

/* Reordering is counted per VPort as reported. */
static void test_reordered_total(void) {
  g_autoptr(VqScenario) sc = load();
  VqVport *vp = vq_vport_new(sc, 0, 1);
  g_assert_cmpuint(vq_vport_reordered_total(vp), ==, 0);
  vq_vport_reordered(vp, 0.15, 3, TRUE);
  vq_vport_reordered(vp, 0.25, 1, TRUE);
  vq_vport_reordered(vp, 0.25, 2, FALSE);
  g_assert_cmpuint(vq_vport_reordered_total(vp), ==, 3);
  vq_vport_free(vp);
}

/* Metric M (at INDEX) of the entity NAME of M's kind. */
static double field(const VqReport *r, const char *name, VqMetric m, guint index) {
  Kind *k = vq_report_find_kind(r, vq_metric_info(m)->kind);
  g_assert_nonnull(k);
  VqReportEntity *e = g_hash_table_lookup(k->by_name, name);
  g_assert_nonnull(e);
  double v = NAN;
  g_assert_true(vq_report_field_number_at(e, m, index, &v));
  return v;
}

/* The report's imbalance, per-processor rate and load, and settle time, against values worked
 * out by hand: before the first update (100 ms + 20 us) web's four queues indicate 100, 100,
 * 100 and 200 frames; every processor is 50% busy in every 10 ms interval, except processor 5,
 * 100% in the three intervals after that update (110-140 ms). */
static void test_report(void) {
  g_autoptr(VqScenario) sc = load();
  g_assert_cmpfloat(sc->sample_interval_s, ==, 0.01);
  g_assert_cmpfloat(sc->warmup_s, ==, 0);
  const VqVportConf *c = &((const VqVmConf *)g_ptr_array_index(sc->vms, 0))->vport;
  VqVport *vp = vq_vport_new(sc, 0, 1);
  const guint lps[] = {4, 5, 6, 7}, frames[] = {100, 100, 100, 200};
  for (guint i = 0; i < 4; i++)
    for (guint f = 0; f < frames[i]; f++)
      vq_vport_indicated(vp, k_of(c, lps[i]), 0.01, 0.02 + f * 1e-4);
  VqBins *busy = g_new0(VqBins, sc->processors);
  for (guint lp = 0; lp < sc->processors; lp++) {
    vq_bins_init(&busy[lp], sc->sample_interval_s, sc->duration_s);
    for (guint j = 0; j < busy[lp].n; j++)
      busy[lp].v[j] = lp == 5 && j >= 11 && j <= 13 ? 0.01 : 0.005;
  }
  g_autoptr(VqReport) r = vq_report_new("vmmq");
  vq_vport_report(vp, r, busy);
  /* max/mean = 200 / 125, min/max = 100 / 200; rates over [0, 100.02 ms). */
  g_assert_cmpfloat(fabs(field(r, "web", VQ_M_VPORT_IMBALANCE_MAX_MEAN, 0) - 1.6), <, 1e-12);
  g_assert_cmpfloat(fabs(field(r, "web", VQ_M_VPORT_IMBALANCE_MIN_MAX, 0) - 0.5), <, 1e-12);
  g_assert_cmpfloat(fabs(field(r, "web", VQ_M_VPORT_FPS, 7) - 200 / (0.1 + LATENCY)), <, 1e-6);
  /* The first update ("dflt"): loads of 50% before; processor 5's three busy intervals keep it
   * out of its band (steady 50% from the window's second half, band 10 points) until 140 ms. */
  g_assert_cmpfloat(fabs(field(r, "dflt", VQ_M_UPDATE_LOAD_BEFORE, 4) - 0.5), <, 1e-12);
  g_assert_cmpfloat(fabs(field(r, "dflt", VQ_M_UPDATE_LOAD_AFTER, 5) - 0.65), <, 1e-9);
  g_assert_cmpfloat(fabs(field(r, "dflt", VQ_M_UPDATE_SETTLE_S, 0) - (0.14 - 0.1 - LATENCY)), <,
                    1e-12);
  /* The second ("move"): nothing changes in its window, so it is settled in its first whole
   * interval, 210 ms. */
  g_assert_cmpfloat(fabs(field(r, "move", VQ_M_UPDATE_SETTLE_S, 0) - (0.21 - 0.2 - LATENCY)), <,
                    1e-12);
  for (guint lp = 0; lp < sc->processors; lp++)
    vq_bins_clear(&busy[lp]);
  g_free(busy);
  vq_vport_free(vp);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/vport/versions", test_versions);
  g_test_add_func("/vport/queue-follows-updates", test_queue_follows_updates);
  g_test_add_func("/vport/lookup-agrees", test_lookup_agrees);
  g_test_add_func("/vport/reordered-total", test_reordered_total);
  g_test_add_func("/vport/report", test_report);
  return g_test_run();
}
