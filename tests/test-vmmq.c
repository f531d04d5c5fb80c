/* VMMQ end to end: RSS spreading over a VPort's queues, live indirection-table updates and
 * the reordering they cause, transmit completions, and `vmqsim rss-lookup`. */
#include <math.h>
#include <stdlib.h>

#include "tests/e2e.h"

static double dbl(JsonObject *o, const char *k) {
  return json_object_get_double_member(o, k);
}

static gint64 num(JsonObject *o, const char *k) {
  return json_object_get_int_member(o, k);
}

/* One queue pair is capped by one processor: 2.5 GHz / 4000 cycles per frame = 625 k 1500 B
 * frames/s = 7.5 Gbit/s; four carry the whole 30 Gbit/s, spread evenly. */
static void test_scaling(void) {
  g_autofree char *sc = scenario("scenarios/vmmq-scaling.ini");
  const char *one[] = {"--set", "simulation.duration=30ms", "--set", "vm.big.rss_processors=2",
                       NULL};
  const char *four[] = {"--set", "simulation.duration=30ms", "--set", "vm.big.rss_processors=2-5",
                        NULL};
  g_autofree char *d1 = run_sim(sc, one);
  g_autofree char *d4 = run_sim(sc, four);
  JsonParser *p1, *p4;
  JsonObject *s1 = load_summary(d1, &p1), *s4 = load_summary(d4, &p4);
  double cap = 2.5e9 / 4000 * 1500 * 8 / 1e9;
  double g1 = dbl(entity(s1, "vms", "big"), "delivered_gbps");
  double g4 = dbl(entity(s4, "vms", "big"), "delivered_gbps");
  double offered = dbl(entity(s4, "vms", "big"), "offered_gbps");
  g_test_message("1 queue pair: %.3f Gbit/s (cap %.3f); 4: %.3f of %.3f", g1, cap, g4, offered);
  g_assert_cmpfloat(g1, <=, cap);
  g_assert_cmpfloat(g1, >, 0.97 * cap);
  g_assert_cmpfloat(g4, >, 0.98 * offered);
  JsonObject *vp = entity(s4, "vports", "big");
  g_assert_cmpint(num(vp, "queue_pairs"), ==, 4);
  g_assert_cmpfloat(dbl(vp, "imbalance_max_mean"), <, 1.05);
  for (int lp = 2; lp <= 5; lp++) {
    char name[4];
    g_snprintf(name, sizeof name, "%d", lp);
    g_assert_cmpfloat(dbl(entity(s4, "processors", name), "busy"), >, 0.9);
  }
  /* No update, no reordering: each connection keeps its queue. */
  g_assert_cmpfloat(dbl(json_object_get_object_member(s4, "run"), "reordered_frames"), ==, 0);
  g_assert_cmpint(num(vp, "reordered_frames"), ==, 0);
  g_object_unref(p1);
  g_object_unref(p4);
}

/* The table index of a connection, independently of the run: through `vmqsim rss-lookup`. */
static guint lookup_index(const char *sc, guint src_port, guint *processor) {
  g_autofree char *src = g_strdup_printf("192.0.2.10:%u", src_port);
  const char *args[] = {"rss-lookup",    sc,        "--vport", "sink", "--src", src, "--dst",
                        "192.0.2.20:80", "--proto", "tcp",     "--at", "0",     NULL};
  g_autofree char *out = run_capture(args);
  guint index = G_MAXUINT;
  g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
  for (char **l = lines; *l; l++) {
    if (g_str_has_prefix(*l, "index "))
      index = (guint)atoi(*l + 6);
    if (g_str_has_prefix(*l, "processor "))
      *processor = (guint)atoi(*l + 10);
  }
  g_assert_cmpuint(index, <, 128);
  return index;
}

/* A live move of entries 0-63 reorders frames only of connections whose entry moved. */
static void test_move_reorders_only_moved(void) {
  g_autofree char *sc = scenario("tests/data/reorder.ini");
  g_autofree char *dir = run_sim(sc, NULL);
  JsonParser *p;
  JsonObject *s = load_summary(dir, &p);
  JsonArray *flows = json_object_get_array_member(s, "flows");
  g_assert_nonnull(flows);
  guint n = json_array_get_length(flows);
  g_assert_cmpuint(n, >, 0); /* the scenario is built to reorder */
  gint64 total = 0;
  for (guint i = 0; i < n; i++) {
    JsonObject *f = json_array_get_object_element(flows, i);
    guint lp = 0;
    guint index = lookup_index(sc, (guint)num(f, "src_port"), &lp);
    g_test_message("%s: %" G_GINT64_FORMAT " reordered, entry %u",
                   json_object_get_string_member(f, "name"), num(f, "reordered_frames"), index);
    g_assert_cmpuint(index, <=, 63); /* moved */
    g_assert_cmpuint(lp, ==, 1);     /* its processor before the move */
    total += num(f, "reordered_frames");
  }
  JsonObject *u = entity(s, "updates", "split");
  g_assert_cmpint(num(u, "reordered_frames"), ==, total);
  g_assert_cmpint(num(u, "flows_reordered"), ==, n);
  g_assert_cmpint(num(u, "max_displacement"), >=, 1);
  g_assert_cmpfloat(dbl(json_object_get_object_member(s, "run"), "reordered_frames"), ==, total);
  /* Load moved: LP 2 idle before, busy after. */
  g_assert_cmpfloat(dbl(u, "load_before.2"), <, 0.01);
  g_assert_cmpfloat(dbl(u, "load_after.2"), >, 0.2);
  g_object_unref(p);
}

/* Connections that share a source port (a population over 16 source addresses, one port): one
 * entity per reordered flow, named apart (NAME:PORT#I), whose counts add up to the run's. */
static void test_flows_named_apart(void) {
  g_autofree char *sc = scenario("tests/data/reorder.ini");
  const char *args[] = {"--set", "flow.conns.src=192.0.2.0/28:40000", NULL};
  g_autofree char *dir = run_sim(sc, args);
  JsonParser *p;
  JsonObject *s = load_summary(dir, &p);
  JsonArray *flows = json_object_get_array_member(s, "flows");
  guint n = json_array_get_length(flows);
  g_assert_cmpuint(n, >, 1);
  g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);
  gint64 total = 0;
  for (guint i = 0; i < n; i++) {
    JsonObject *f = json_array_get_object_element(flows, i);
    const char *name = json_object_get_string_member(f, "name");
    g_assert_true(g_str_has_prefix(name, "conns:40000#"));
    g_assert_true(g_hash_table_add(names, (gpointer)name)); /* not seen before */
    total += num(f, "reordered_frames");
  }
  g_assert_cmpfloat(dbl(json_object_get_object_member(s, "run"), "reordered_frames"), ==, total);
  g_object_unref(p);
}

/* Transmit completions follow the table: the completion twin of the queue on the processor
 * the update adds gets completions, and every completion is accounted. */
static void test_tx_follows_table(void) {
  g_autofree char *sc = scenario("scenarios/rss-live-update.ini");
  const char *args[] = {"--set", "simulation.duration=60ms", "--set", "event.five-way.time=50ms",
                        NULL};
  g_autofree char *dir = run_sim(sc, args);
  JsonParser *p;
  JsonObject *s = load_summary(dir, &p);
  JsonArray *qs = json_object_get_array_member(s, "queues");
  gint64 on_lp6 = 0, completed = 0, offered = 0, dropped = 0, in_flight = 0;
  for (guint i = 0; i < json_array_get_length(qs); i++) {
    JsonObject *q = json_array_get_object_element(qs, i);
    if (g_strcmp0(json_object_get_string_member(q, "direction"), "tx-completion"))
      continue;
    if (num(q, "processor") == 6)
      on_lp6 += num(q, "indicated_frames");
    completed += num(q, "indicated_frames");
    offered += num(q, "offered_frames");
    dropped += num(q, "dropped_frames");
    in_flight += num(q, "in_flight_frames");
  }
  g_assert_cmpint(on_lp6, >, 0);
  g_assert_cmpint(offered, ==, completed + dropped + in_flight);
  g_assert_cmpint(num(entity(s, "vms", "web"), "tx_completed_frames"), ==, completed);
  g_assert_cmpfloat(dbl(entity(s, "processors", "6"), "busy.tx"), >, 0);
  g_object_unref(p);
}

/* rss-lookup agrees with rss-hash: same hash, index = hash's low 7 bits. */
static void test_lookup_matches_hash(void) {
  g_autofree char *sc = scenario("scenarios/rss-live-update.ini");
  const char *look[] = {
      "rss-lookup",       sc,        "--vport", "web", "--src", "198.51.100.20:30007", "--dst",
      "203.0.113.80:443", "--proto", "tcp",     NULL};
  const char *hash[] = {
      "rss-hash", "--type",           "tcp-ipv4",     "--src", "198.51.100.20:30007",
      "--dst",    "203.0.113.80:443", "--table-size", "128",   NULL};
  g_autofree char *l = run_capture(look);
  g_autofree char *h = run_capture(hash);
  g_auto(GStrv) hl = g_strsplit(h, "\n", -1);
  g_autofree char *want = g_strdup_printf("hash %s (tcp-ipv4)\n%s of 128\n", hl[0], hl[1]);
  g_assert_true(g_str_has_prefix(l, want));
  /* Entry i of the initial table (processors 2-5, round-robin) is processor 2 + i % 4. */
  guint index = (guint)atoi(hl[1] + 6);
  g_autofree char *proc = g_strdup_printf("processor %u\n", 2 + index % 4);
  g_assert_nonnull(strstr(l, proc));
}

/* Skipping ahead stays exact with RSS, live updates and transmit completions. */
static void test_step_identity(void) {
  g_autofree char *sc = scenario("scenarios/rss-live-update.ini");
  const char *skip[] = {"--set", "simulation.duration=50ms", "--set", "event.add-lp6.time=20ms",
                        "--set", "event.five-way.time=35ms", NULL};
  const char *step[] = {
      "--set", "simulation.duration=50ms", "--set", "event.add-lp6.time=20ms",
      "--set", "event.five-way.time=35ms", "--set", "simulation.step_every_frame=true",
      NULL};
  g_autofree char *a = run_sim(sc, skip);
  g_autofree char *b = run_sim(sc, step);
  assert_same_results(a, b, TRUE);
}

int main(int argc, char **argv) {
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/vmmq/scaling", test_scaling);
  g_test_add_func("/vmmq/move-reorders-only-moved", test_move_reorders_only_moved);
  g_test_add_func("/vmmq/flows-named-apart", test_flows_named_apart);
  g_test_add_func("/vmmq/tx-follows-table", test_tx_follows_table);
  g_test_add_func("/vmmq/lookup-matches-hash", test_lookup_matches_hash);
  g_test_add_func("/vmmq/step-identity", test_step_identity);
  return g_test_run();
}
