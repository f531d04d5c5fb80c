/* Provenance: versions, run.json and scenario.ini (provenance.h). */
#include "sim/output/provenance.h"

#include <json-glib/json-glib.h>
#include <simgrid/engine.h> /* base.h, which simgrid/version.h needs */
#include <simgrid/version.h>

#include "vq-commit.h" /* generated at build time by cmake/commit.cmake */

const char *vq_provenance_version(void) {
  return VQ_VERSION;
}

const char *vq_provenance_commit(void) {
  return VQ_COMMIT;
}

/* The libraries' versions as loaded at run time (a shared library may differ from its
 * headers). */
static char *simgrid_version(void) {
  int major, minor, patch;
  sg_version_get(&major, &minor, &patch);
  return g_strdup_printf("%d.%d.%d", major, minor, patch);
}

static char *glib_version(void) {
  return g_strdup_printf("%u.%u.%u", glib_major_version, glib_minor_version, glib_micro_version);
}

char *vq_provenance_version_text(void) {
  g_autofree char *sg = simgrid_version(), *gl = glib_version();
  return g_strdup_printf("vmqsim %s (commit %s)\nSimGrid %s, GLib %s, json-glib %s\n", VQ_VERSION,
                         VQ_COMMIT, sg, gl, JSON_VERSION_S);
}

static void add_strings(JsonBuilder *b, const char *name, const char *const *v) {
  json_builder_set_member_name(b, name);
  json_builder_begin_array(b);
  for (; v != NULL && *v != NULL; v++)
    json_builder_add_string_value(b, *v);
  json_builder_end_array(b);
}

static void add_string(JsonBuilder *b, const char *name, const char *v) {
  json_builder_set_member_name(b, name);
  json_builder_add_string_value(b, v);
}

static char *file_sha256(const char *path) {
  g_autofree char *data = NULL;
  gsize len;
  if (!g_file_get_contents(path, &data, &len, NULL))
    return g_strdup("unreadable");
  return g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
}

char *vq_provenance_run_json(const VqScenario *sc, const char *const *argv,
                             const char *const *overrides) {
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  add_strings(b, "command", argv);
  json_builder_set_member_name(b, "scenario");
  json_builder_begin_object(b);
  g_autofree char *sha = file_sha256(sc->path);
  add_string(b, "path", sc->path);
  add_string(b, "sha256", sha);
  add_string(b, "as_run", "scenario.ini");
  json_builder_end_object(b);
  add_strings(b, "overrides", overrides);
  /* As a string: a 64-bit seed does not survive a JSON reader's doubles. */
  g_autofree char *seed = g_strdup_printf("%" G_GUINT64_FORMAT, sc->seed);
  add_string(b, "seed", seed);
  json_builder_set_member_name(b, "vmqsim");
  json_builder_begin_object(b);
  add_string(b, "version", VQ_VERSION);
  add_string(b, "commit", VQ_COMMIT);
  json_builder_end_object(b);
  g_autofree char *sg = simgrid_version(), *gl = glib_version();
  json_builder_set_member_name(b, "libraries");
  json_builder_begin_object(b);
  add_string(b, "simgrid", sg);
  add_string(b, "glib", gl);
  add_string(b, "json-glib", JSON_VERSION_S);
  json_builder_end_object(b);
  json_builder_end_object(b);
  g_autoptr(JsonGenerator) gen = json_generator_new();
  g_autoptr(JsonNode) root = json_builder_get_root(b);
  json_generator_set_root(gen, root);
  json_generator_set_pretty(gen, TRUE);
  json_generator_set_indent(gen, 2);
  g_autofree char *text = json_generator_to_data(gen, NULL);
  return g_strconcat(text, "\n", NULL);
}

char *vq_provenance_scenario_ini(const VqScenario *sc, const char *const *overrides) {
  GString *s = g_string_new(NULL);
  g_string_append_printf(s,
                         "# The scenario as run by vmqsim %s (commit %s): %s with every\n"
                         "# override applied; its comments are not kept. Overrides (--seed N as "
                         "simulation.seed=N):",
                         VQ_VERSION, VQ_COMMIT, sc->path);
  if (overrides == NULL || *overrides == NULL)
    g_string_append(s, " none");
  for (; overrides != NULL && *overrides != NULL; overrides++)
    g_string_append_printf(s, "\n#   %s", *overrides);
  g_string_append_printf(s, "\n\n%s", sc->as_run);
  return g_string_free(s, FALSE);
}
