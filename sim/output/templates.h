/* The chart templates (the results/ *.gp files) compiled into the binary by cmake/templates.cmake.
 */
#ifndef VQ_TEMPLATES_H
#define VQ_TEMPLATES_H

typedef struct {
  const char *name; /* "cpu.gp" */
  const char *text; /* the file's contents */
} VqTemplate;

/* Every template, then {NULL, NULL}. */
extern const VqTemplate vq_templates[];

#endif
