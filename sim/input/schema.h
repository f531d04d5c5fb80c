/* Schema: every section and key a scenario file may hold, declared once, in a table per section
 * (schema.c): its type, its default as a user would write it, its bounds, where it is stored and
 * a line of documentation.
 *
 * The table drives the loader (unknown sections and keys, "did you mean", --set, the typed
 * reads with their defaults and bounds, the fixed sections' fields), `vmqsim keys` (the README's
 * key tables and the fuzzer's dictionary are its output, checked by tests/test-generated.sh) and
 * nothing else: a key added here is loaded, checked, documented and fuzzed.
 *
 * Defaults and bounds are written as in a scenario ("10Gbps", "500ns") and parsed by the key's
 * own parser, so the documented default is the loaded one. A bound or default may instead name
 * another key of a fixed section, already loaded ("duration", "ring_size"), for limits that
 * depend on the scenario.
 */
#ifndef VQ_SCHEMA_H
#define VQ_SCHEMA_H

#include <glib.h>

#include "sim/input/ini.h"
#include "sim/scenario.h"

G_BEGIN_DECLS

typedef enum {
  VQ_KEY_TIME,      /* double, seconds (units.h) */
  VQ_KEY_FREQUENCY, /* double, Hz */
  VQ_KEY_SIZE,      /* double, bytes */
  VQ_KEY_BIT_RATE,  /* double, bit/s */
  VQ_KEY_CYCLES,    /* double, a bare number of processor cycles */
  VQ_KEY_NUMBER,    /* double, a bare number */
  VQ_KEY_UINT,      /* guint */
  VQ_KEY_UINT64,    /* guint64 */
  VQ_KEY_BOOL,      /* gboolean: on/off, true/false, yes/no */
  VQ_KEY_CHOICE,    /* int: the value of the name given, one of CHOICES */
  VQ_KEY_PROCESSOR, /* guint: a logical processor below [host] processors */
  VQ_KEY_TEXT,      /* read by the section's code (addresses, lists, names, rates) */
} VqKeyType;

#define VQ_KEY_VMMQ_ONLY 1u  /* [vm NAME]: only with vmmq = on */
#define VQ_KEY_UNDOC 2u      /* refused with a reason by the section's code; not documented */
#define VQ_KEY_CUSTOM 4u     /* has a field, but the section's code reads it (derived bounds) */
#define VQ_KEY_ONOFF_ONLY 8u /* [flow NAME]: only with arrivals = onoff */

#define VQ_KEY_BY_CODE (-1) /* field: the section's code reads the key */

typedef struct {
  const char *name;
  VqKeyType type;
  const char *dflt;           /* as written in a scenario, or a key's name; NULL: none */
  const char *lo, *hi;        /* bounds of numeric types, as written, or a key's name */
  const char *const *choices; /* VQ_KEY_CHOICE: the names, NULL-terminated ... */
  const int *values;          /* ... and the value each stands for */
  gssize field;               /* fixed sections: offset in VqScenario; else VQ_KEY_BY_CODE */
  double scale;               /* the field holds the value times this (0: 1), e.g. bit/s to B/s */
  guint flags;                /* VQ_KEY_* flags */
  const char *dflt_doc;       /* the default in words, when DFLT does not say it all */
  const char *allowed;        /* what may be written, when the type and bounds do not say it */
  const char *doc;            /* one line: what the key does */
} VqKeySpec;

typedef struct {
  const char *type;      /* "nic", or "vm" for "[vm NAME]" */
  gboolean named;        /* takes a NAME after the type */
  const char *need;      /* "required", "at least one", or NULL */
  const VqKeySpec *keys; /* terminated by an entry with a NULL name */
  const char *doc;       /* one line: what the section describes */
} VqSectionSpec;

/* The sections, in the order a scenario is loaded and documented; N gets their number. */
const VqSectionSpec *vq_schema_sections(guint *n);
/* The section of type TYPE ("nic", "vm"), or NULL. */
const VqSectionSpec *vq_schema_section(const char *type);
/* The section GROUP ("nic", "vm web") belongs to, with *NAME pointing into GROUP at the name of a
 * named one; NULL if GROUP is not a known section. */
const VqSectionSpec *vq_schema_classify(const char *group, const char **name);
/* KEY of SECTION, or NULL. */
const VqKeySpec *vq_schema_key(const VqSectionSpec *section, const char *key);

/* "[GROUP] KEY: unknown key; did you mean X? [GROUP] takes A, B, ..." (transfer full). */
char *vq_schema_unknown_key(const VqSectionSpec *section, const char *group, const char *key);
/* "[simulation], [host], ..., [vm NAME], ..." (transfer full). */
char *vq_schema_section_list(void);

/* Reads GROUP's KEY (a key of GROUP's section: a programming error otherwise) into OUT, whose
 * type is the key's (see VqKeyType), with the table's default and bounds; a name in them is
 * resolved against SC's fixed sections. DFLT, when not NULL, points at a default of OUT's type
 * that replaces the table's (one the section's code derives). FALSE with ERROR as the ini
 * getters set it when the value is wrong. */
gboolean vq_schema_read(const VqIni *ini, const VqScenario *sc, const char *group, const char *key,
                        const void *dflt, void *out, GError **error);
/* A MISSING error unless GROUP's KEY is set, saying what the key takes. */
gboolean vq_schema_need(const VqIni *ini, const char *group, const char *key, GError **error);
/* Reads every key of the fixed section TYPE that has a field into SC, in table order (but those
 * marked VQ_KEY_CUSTOM). */
gboolean vq_schema_load_fields(const VqIni *ini, VqScenario *sc, const char *type, GError **error);

/* What KEY allows, in words ("1us..1e6s", "on/off", "windowed, reference") (transfer full). */
char *vq_schema_allowed(const VqKeySpec *key);
/* Its default in words ("10Gbps", "duration/100", "none") (transfer full). */
char *vq_schema_default(const VqKeySpec *key);
/* The value of fixed-section KEY (it has a field) in SC, as a user would write it ("10Gbps",
 * "on", "windowed") (transfer full). */
char *vq_schema_format(const VqKeySpec *key, const VqScenario *sc);

G_END_DECLS

#endif
