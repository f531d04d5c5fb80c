/* `vmqsim keys`: every scenario section and key from the schema (sim/input/schema.h), as a
 * listing, as the README's Markdown tables, or as the fuzzer's dictionary. */
#include "sim/cli/cli-keys.h"

#include <stdio.h>
#include <string.h>

#include "sim/cli/options.h"
#include "sim/input/schema.h"

static void print_text(const VqSectionSpec *s, guint n) {
  for (guint i = 0; i < n; i++) {
    printf("%s[%s%s]%s%s: %s\n", i ? "\n" : "", s[i].type, s[i].named ? " NAME" : "",
           s[i].need ? " " : "", s[i].need ? s[i].need : "", s[i].doc);
    for (const VqKeySpec *k = s[i].keys; k->name != NULL; k++) {
      if (k->flags & VQ_KEY_UNDOC)
        continue;
      g_autofree char *d = vq_schema_default(k), *a = vq_schema_allowed(k);
      printf("  %-24s %s\n  %-24s default %s; %s\n", k->name, k->doc, "", d, a);
    }
  }
}

/* A table cell: '|' would end it. */
static char *cell(const char *text) {
  g_auto(GStrv) parts = g_strsplit(text, "|", -1);
  return g_strjoinv("\\|", parts);
}

static void print_markdown(const VqSectionSpec *s, guint n) {
  for (guint i = 0; i < n; i++) {
    printf(
        "%s**`[%s%s]`**%s%s: %s\n\n| key | default | allowed | what it does |\n|---|---|---|---|\n",
        i ? "\n" : "", s[i].type, s[i].named ? " NAME" : "", s[i].need ? ", " : "",
        s[i].need ? s[i].need : "", s[i].doc);
    for (const VqKeySpec *k = s[i].keys; k->name != NULL; k++) {
      if (k->flags & VQ_KEY_UNDOC)
        continue;
      g_autofree char *d = vq_schema_default(k), *a = vq_schema_allowed(k);
      g_autofree char *dc = cell(d), *ac = cell(a), *doc = cell(k->doc);
      printf("| `%s`%s | %s | %s | %s |\n", k->name,
             k->flags & VQ_KEY_VMMQ_ONLY    ? " (VMMQ)"
             : k->flags & VQ_KEY_ONOFF_ONLY ? " (onoff)"
                                            : "",
             dc, ac, doc);
    }
  }
}

/* libFuzzer's dictionary: sections, "--set" prefixes, keys as written and every choice. */
static void print_dict(const VqSectionSpec *s, guint n) {
  g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++) {
    if (s[i].named)
      printf("\"[%s \"\n\"\\x0A[%s a]\\x0A\"\n\"#set %s.a.\"\n", s[i].type, s[i].type, s[i].type);
    else
      printf("\"[%s]\"\n\"#set %s.\"\n", s[i].type, s[i].type);
    for (const VqKeySpec *k = s[i].keys; k->name != NULL; k++) {
      if (g_hash_table_add(seen, (gpointer)k->name))
        printf("\"%s\"\n\"\\x0A%s = \"\n", k->name, k->name);
      for (guint c = 0; k->choices != NULL && k->choices[c] != NULL; c++)
        if (g_hash_table_add(seen, (gpointer)k->choices[c]))
          printf("\"%s\"\n", k->choices[c]);
    }
  }
}

int vq_cli_keys(int argc, char **argv) {
  gboolean markdown = FALSE, dict = FALSE;
  const GOptionEntry entries[] = {
      {"markdown", 0, 0, G_OPTION_ARG_NONE, &markdown, "As the README's Markdown tables", NULL},
      {"fuzz-dict", 0, 0, G_OPTION_ARG_NONE, &dict, "As libFuzzer dictionary entries", NULL},
      G_OPTION_ENTRY_NULL};
  const VqCommandHelp help = {
      "keys", NULL,
      "Every section and key a scenario file may hold: what it does, its default and what\n"
      "it allows. The README's tables are this command's --markdown output.",
      "Exit status: 0, or 2 for bad arguments."};
  int status = vq_options_parse(&help, entries, argc, argv, 0, NULL);
  if (status >= 0)
    return status;
  if (markdown && dict)
    return vq_options_fail(&help, "--markdown and --fuzz-dict exclude each other");
  guint n;
  const VqSectionSpec *s = vq_schema_sections(&n);
  if (markdown)
    print_markdown(s, n);
  else if (dict)
    print_dict(s, n);
  else
    print_text(s, n);
  return 0;
}
