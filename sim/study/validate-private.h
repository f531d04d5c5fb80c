/* Private to `vmqsim validate` (validate.c: the checks; validate-doc.c: their table). */
#ifndef VQ_VALIDATE_PRIVATE_H
#define VQ_VALIDATE_PRIVATE_H

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int section;      /* table order: the check's number in the document */
  char *label;      /* what is compared, with its unit */
  double scale;     /* value in seconds/frames -> displayed unit */
  double tol;       /* relative tolerance; 0: exact */
  GArray *e, *m;    /* expected and measured, per replication */
  guint missing;    /* replications without a value (failed run, missing key) */
  gboolean cond;    /* the check's other condition holds (e.g. frames were dropped) */
  double exp, meas; /* means over replications */
  double hw;        /* 95% half-width of the mean error */
  gboolean pass;
} Row;

#define N_SECTIONS 5 /* the checks of tests/data/validate/README.md */

typedef struct {
  gboolean charts; /* the runs draw charts */
  guint reps, jobs;
  gboolean quick;
  GPtrArray *rows[N_SECTIONS + 1]; /* Row* per section (1..5), in the order computed */
  guint n_rows;
  GString *notes; /* Markdown bullets: run lengths and side results */
  GArray *cons;   /* per run: largest |offered - indicated - dropped - in flight| over queues */
  GArray *little; /* per run: the queue's occupancy / (rate x residence) farthest from 1 */
  guint64 little_queues;
  guint64 cons_queues, cons_drops;
  double t0; /* wall clock at the start of the current experiment */
} Ctx;

/* A value for the table (no exponent below 1e4), an error or half-width relative to the
 * expected value (%; absolute when that is 0), and the result ("pass", "FAIL ..."). */
char *vq_validate_fmt_value(double v);
char *vq_validate_fmt_rel(const Row *r, double v, const char *sign);
const char *vq_validate_row_result(const Row *r);
/* A Row (for g_ptr_array_new_with_free_func). */
void vq_validate_row_free(gpointer p);
/* ROWS (Row*, in section order) as a text table, or as Markdown when MD. */
void vq_validate_write_table(const GPtrArray *rows, GString *o, gboolean md);
/* The Markdown document at OUT: the checks' explanation, the table, the notes. FALSE (and a
 * line on stderr) when it cannot be written. */
gboolean vq_validate_write_doc(const Ctx *c, const GPtrArray *rows, guint failed, const char *out);

G_END_DECLS

#endif
