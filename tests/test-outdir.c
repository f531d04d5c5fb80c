/* Tests for sim/output/outdir.c: which directory `vmqsim run` may replace (one path per rule of
 * outdir.h), the marker's exact text, canonical paths through symlinks and missing components,
 * and a tree removal that never follows a symlink. tests/test-safe-out.sh checks the same rules
 * through the command line. */
#define _XOPEN_SOURCE 700 /* realpath, symlink */
#include "sim/output/outdir.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tests/e2e.h" /* read_file() */

typedef struct {
  char *parent;   /* fresh temporary directory, canonical */
  char *dir;      /* PARENT/out */
  char *scenario; /* PARENT/sc.ini, an existing file */
} Fixture;

static const char *const no_sets[] = {NULL};
static const char *const seed_sets[] = {"simulation.seed=3", "nic.vmq=off", NULL};

static void fixture_setup(Fixture *f, gconstpointer data) {
  g_autofree char *tmp = g_dir_make_tmp("test-outdir-XXXXXX", NULL);
  g_assert_nonnull(tmp);
  f->parent = realpath(tmp, NULL); /* /tmp may be a symlink */
  f->dir = g_build_filename(f->parent, "out", NULL);
  f->scenario = g_build_filename(f->parent, "sc.ini", NULL);
  g_assert_true(g_file_set_contents(f->scenario, "[simulation]\n", -1, NULL));
}

static void fixture_teardown(Fixture *f, gconstpointer data) {
  vq_outdir_remove_tree(f->parent);
  g_assert_false(g_file_test(f->parent, G_FILE_TEST_EXISTS));
  g_free(f->parent);
  g_free(f->dir);
  g_free(f->scenario);
}

static void put(const char *dir, const char *name, const char *text) {
  g_autofree char *path = g_build_filename(dir, name, NULL);
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
}

static VqOutdir *claim(const Fixture *f, const char *dir, const char *const *sets, gboolean force,
                       GError **err) {
  return vq_outdir_claim(dir, f->scenario, sets, force, err);
}

/* A claim of F's scenario with SETS, for its marker (of a directory that is never created). */
static VqOutdir *claim_for_marker(const Fixture *f, const char *const *sets) {
  g_autofree char *unused = g_build_filename(f->parent, "unused", NULL);
  g_autoptr(GError) err = NULL;
  VqOutdir *o = claim(f, unused, sets, FALSE, &err);
  g_assert_no_error(err);
  return o;
}

/* DIR made to hold a run of F's scenario with SETS: summary.json and the marker. */
static void make_run(const Fixture *f, const char *dir, const char *const *sets) {
  g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
  put(dir, "summary.json", "{}\n");
  g_autoptr(GError) err = NULL;
  g_autoptr(VqOutdir) o = claim_for_marker(f, sets);
  g_assert_true(vq_outdir_write_marker(o, dir, &err));
  g_assert_no_error(err);
}

/* Claiming DIR fails with a message holding DIR and WHAT. */
static void assert_refused(const Fixture *f, const char *dir, const char *const *sets,
                           gboolean force, const char *what) {
  g_autoptr(GError) err = NULL;
  g_autoptr(VqOutdir) o = claim(f, dir, sets, force, &err);
  g_assert_null(o);
  g_assert_error(err, VQ_OUTDIR_ERROR, VQ_OUTDIR_ERROR_REFUSED);
  g_assert_true(g_str_has_prefix(err->message, dir));
  if (!strstr(err->message, what))
    g_error("'%s' does not say '%s'", err->message, what);
  g_assert_null(strchr(err->message, '\n'));
}

static void assert_claimed(const Fixture *f, const char *dir, const char *const *sets,
                           gboolean force, const char *path) {
  g_autoptr(GError) err = NULL;
  g_autoptr(VqOutdir) o = claim(f, dir, sets, force, &err);
  g_assert_no_error(err);
  g_assert_cmpstr(vq_outdir_path(o), ==, path);
}

static void test_marker_text(Fixture *f, gconstpointer data) {
  g_assert_cmpint(g_mkdir(f->dir, 0755), ==, 0);
  put(f->dir, "summary.json", "{}\n");
  put(f->dir, "cpu.csv", "processor\n");
  g_autoptr(GError) err = NULL;
  g_autoptr(VqOutdir) o = claim_for_marker(f, seed_sets);
  g_assert_true(vq_outdir_write_marker(o, f->dir, &err));
  g_autofree char *text = read_file(f->dir, VQ_OUTDIR_MARKER);
  g_autofree char *want = g_strdup_printf(
      "# Written by vmqsim run. A later run of the same scenario and --set overrides replaces\n"
      "# this directory; one of another configuration only with --force; nothing else does.\n"
      "\n[run]\nscenario=%s\noverrides=simulation.seed=3;nic.vmq=off;\n"
      "files=cpu.csv;summary.json;\n",
      f->scenario);
  g_assert_cmpstr(text, ==, want);
  /* Written again (the marker now among the files): the same bytes, no time of day. */
  g_autofree char *other = g_build_filename(f->parent, "other", NULL);
  g_assert_cmpint(g_mkdir(other, 0755), ==, 0);
  put(other, "summary.json", "{}\n");
  put(other, "cpu.csv", "processor\n");
  g_assert_true(vq_outdir_write_marker(o, other, &err));
  g_autofree char *again = read_file(other, VQ_OUTDIR_MARKER);
  g_assert_cmpstr(again, ==, want);
}

static void test_rules(Fixture *f, gconstpointer data) {
  assert_claimed(f, f->dir, no_sets, FALSE, f->dir); /* absent */
  g_assert_cmpint(g_mkdir(f->dir, 0755), ==, 0);
  assert_claimed(f, f->dir, no_sets, FALSE, f->dir); /* empty: nothing to lose */

  put(f->dir, "notes.txt", "mine\n");
  assert_refused(f, f->dir, no_sets, FALSE, "was not written by vmqsim run (no .vmqsim-run)");
  assert_refused(f, f->dir, no_sets, TRUE, "no .vmqsim-run"); /* --force does not help */
  g_autofree char *notes = read_file(f->dir, "notes.txt");
  g_assert_cmpstr(notes, ==, "mine\n");
  vq_outdir_remove_tree(f->dir);

  make_run(f, f->dir, seed_sets);
  assert_claimed(f, f->dir, seed_sets, FALSE, f->dir); /* same configuration */
  assert_refused(f, f->dir, no_sets, FALSE,
                 "holds a run of another configuration (its --set: simulation.seed=3 nic.vmq=off; "
                 "this run's: none); choose another --out, or add --force");
  assert_claimed(f, f->dir, no_sets, TRUE, f->dir);
  const char *reordered[] = {"nic.vmq=off", "simulation.seed=3", NULL};
  assert_refused(f, f->dir, reordered, FALSE, "another configuration");
  g_autofree char *other_sc = g_build_filename(f->parent, "other.ini", NULL);
  put(f->parent, "other.ini", "");
  g_autoptr(GError) err = NULL;
  g_assert_null(vq_outdir_claim(f->dir, other_sc, seed_sets, FALSE, &err));
  g_assert_error(err, VQ_OUTDIR_ERROR, VQ_OUTDIR_ERROR_REFUSED);
  g_assert_nonnull(strstr(err->message, "scenario"));
  g_assert_nonnull(strstr(err->message, other_sc));

  /* A run directory someone added a file to, or whose marker is not one. */
  put(f->dir, "analysis.ipynb", "{}");
  assert_refused(f, f->dir, seed_sets, TRUE,
                 "holds analysis.ipynb, which vmqsim run did not write");
  g_autofree char *sub = g_build_filename(f->dir, "summary.json", NULL);
  g_remove(sub);
  g_autofree char *ipynb = g_build_filename(f->dir, "analysis.ipynb", NULL);
  g_remove(ipynb);
  g_assert_cmpint(g_mkdir(sub, 0755), ==, 0); /* a listed name, now a directory */
  assert_refused(f, f->dir, seed_sets, FALSE, "holds summary.json");
  g_rmdir(sub);
  put(f->dir, VQ_OUTDIR_MARKER, "[run]\nfiles=summary.json;\n"); /* edited: no configuration */
  assert_refused(f, f->dir, seed_sets, FALSE, "its marker records no scenario or no overrides");
  assert_claimed(f, f->dir, seed_sets, TRUE, f->dir);
  put(f->dir, VQ_OUTDIR_MARKER, "not a key file");
  assert_refused(f, f->dir, seed_sets, FALSE, "cannot read its .vmqsim-run");

  /* Not a directory. */
  g_autofree char *file = g_build_filename(f->parent, "file", NULL);
  put(f->parent, "file", "precious");
  assert_refused(f, file, no_sets, TRUE, "exists and is not a directory");
  g_autofree char *below = g_build_filename(file, "sub", NULL);
  assert_refused(f, below, no_sets, FALSE, "cannot resolve the path");
}

static void test_symlinks(Fixture *f, gconstpointer data) {
  g_autofree char *run = g_build_filename(f->parent, "run", NULL);
  make_run(f, run, no_sets);
  g_assert_cmpint(symlink(run, f->dir), ==, 0);
  assert_claimed(f, f->dir, no_sets, FALSE, run); /* the link is followed, not replaced */
  g_autofree char *slash = g_strconcat(f->dir, "/", NULL);
  assert_claimed(f, slash, no_sets, FALSE, run);
  g_remove(f->dir);

  g_autofree char *mine = g_build_filename(f->parent, "mine", NULL);
  g_assert_cmpint(g_mkdir(mine, 0755), ==, 0);
  put(mine, "notes.txt", "mine\n");
  g_assert_cmpint(symlink(mine, f->dir), ==, 0);
  assert_refused(f, f->dir, no_sets, TRUE, "no .vmqsim-run");
  g_remove(f->dir);

  g_autofree char *gone = g_build_filename(f->parent, "gone", NULL);
  g_assert_cmpint(symlink(gone, f->dir), ==, 0);
  assert_refused(f, f->dir, no_sets, FALSE, "exists and is not a directory");
}

static void test_forbidden(Fixture *f, gconstpointer data) {
  g_autofree char *cwd = g_get_current_dir();
  g_autofree char *work = g_build_filename(f->parent, "w", "x", NULL);
  make_run(f, work, no_sets); /* a marker does not make them replaceable */
  g_assert_cmpint(g_chdir(work), ==, 0);
  g_autofree char *w = g_build_filename(f->parent, "w", NULL);
  const struct {
    const char *dir, *why;
  } cases[] = {
      {".", "the working directory"},
      {"./", "the working directory"},
      {"", NULL}, /* placeholder for $PWD, filled below */
      {"..", "an ancestor of the working directory"},
      {"../x/..", "an ancestor of the working directory"},
      {"missing/../..", "an ancestor of the working directory"},
      {"/", "the root directory"},
      {"/..", "the root directory"},
      {g_get_home_dir(), "the home directory"},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    const char *dir = i == 2 ? work : cases[i].dir;
    const char *why = i == 2 ? "the working directory" : cases[i].why;
    assert_refused(f, dir, no_sets, TRUE, why);
  }
  g_autofree char *w_canon = g_strdup_printf("refusing to replace %s,", w);
  assert_refused(f, "../x/..", no_sets, FALSE, w_canon); /* the message names where it leads */
  g_autofree char *y = g_build_filename(work, "y", NULL);
  assert_claimed(f, "y", no_sets, FALSE, y); /* below the working directory is fine */
  g_autofree char *xy = g_build_filename(w, "xy", NULL);
  assert_claimed(f, "../xy", no_sets, FALSE, xy); /* a sibling whose name extends it too */
  g_assert_cmpint(g_chdir(cwd), ==, 0);
}

static void test_remove_tree(Fixture *f, gconstpointer data) {
  g_autofree char *outside = g_build_filename(f->parent, "outside", NULL);
  g_assert_cmpint(g_mkdir(outside, 0755), ==, 0);
  put(outside, "keep.txt", "keep\n");
  g_autofree char *deep = g_build_filename(f->dir, "a", "b", NULL);
  g_assert_cmpint(g_mkdir_with_parents(deep, 0755), ==, 0);
  put(deep, "x", "x");
  g_autofree char *link = g_build_filename(f->dir, "a", "link", NULL);
  g_assert_cmpint(symlink(outside, link), ==, 0);
  vq_outdir_remove_tree(f->dir);
  g_assert_false(g_file_test(f->dir, G_FILE_TEST_EXISTS));
  g_autofree char *kept = read_file(outside, "keep.txt");
  g_assert_cmpstr(kept, ==, "keep\n");
  /* A symlink itself: the link goes, what it points to stays. */
  g_assert_cmpint(symlink(outside, f->dir), ==, 0);
  vq_outdir_remove_tree(f->dir);
  g_assert_false(g_file_test(f->dir, G_FILE_TEST_IS_SYMLINK));
  g_autofree char *kept2 = read_file(outside, "keep.txt");
  g_assert_cmpstr(kept2, ==, "keep\n");
}

int main(int argc, char **argv) {
  /* A home of our own, set before GLib first reads $HOME (it caches it). */
  g_autofree char *home = g_dir_make_tmp("test-outdir-home-XXXXXX", NULL);
  g_setenv("HOME", home, TRUE);
  g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD("/outdir/marker-text", test_marker_text);
  ADD("/outdir/rules", test_rules);
  ADD("/outdir/symlinks", test_symlinks);
  ADD("/outdir/forbidden", test_forbidden);
  ADD("/outdir/remove-tree", test_remove_tree);
  int rc = g_test_run();
  g_rmdir(home);
  return rc;
}
