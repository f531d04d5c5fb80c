/* Plot: runs gnuplot on the chart templates in results/ (*.gp files).
 *
 * A template reads its parameters from gnuplot variables set by a preamble (the run is
 * `gnuplot -e PREAMBLE TEMPLATE`): `datafile`, `outfile`, `title`, plus whatever the template
 * documents at its top. Values are quoted for gnuplot here, so data paths and entity names may
 * hold any character.
 */
#ifndef VQ_PLOT_H
#define VQ_PLOT_H

#include <glib.h>

G_BEGIN_DECLS

#define VQ_PLOT_ERROR (vq_plot_error_quark())
GQuark vq_plot_error_quark(void);

typedef enum {
  VQ_PLOT_ERROR_TEMPLATE, /* the template file is missing */
  VQ_PLOT_ERROR_SPAWN,    /* gnuplot could not be started */
  VQ_PLOT_ERROR_FAILED,   /* gnuplot reported an error or wrote no chart */
} VqPlotError;

/* TRUE when a gnuplot executable is on PATH. Charts are optional: callers skip them, with a
 * warning, when this is FALSE. */
gboolean vq_plot_available(void);

/* The directory holding the *.gp templates: $VMQSIM_TEMPLATES if set, else
 * VQ_SOURCE_DIR "/results". Free with g_free(). */
char *vq_plot_template_dir(void);

/* Runs gnuplot on TEMPLATE_NAME (e.g. "cpu.gp", looked up in vq_plot_template_dir()) after
 * PREAMBLE (gnuplot commands setting the template's parameters), and checks that OUTFILE was
 * written. On failure the error carries gnuplot's own message. */
gboolean vq_plot_run(const char *template_name, const char *preamble, const char *outfile,
                     GError **error);

/* The three charts; TITLE (the scenario name) heads each. See the templates for the details.
 * throughput.gp: DATAFILE is timeseries.csv; COLS[i] is the 1-based CSV column holding the
 * Gbit/s series of the VM named VMS[i]. */
gboolean vq_plot_throughput(const char *datafile, const char *outfile, const char *title,
                            const gint64 *cols, const char *const *vms, guint n, GError **error);
/* cpu.gp: DATAFILE is cpu.csv with N_CATS category columns and N_ROWS processors. */
gboolean vq_plot_cpu(const char *datafile, const char *outfile, const char *title, guint n_cats,
                     guint n_rows, GError **error);
/* latency.gp: DATAFILE is latency_cdf.csv; one curve for each of the N entity labels. */
gboolean vq_plot_latency_cdf(const char *datafile, const char *outfile, const char *title,
                             const char *const *entities, guint n, GError **error);

/* reorder.gp: DATAFILE is timeseries.csv; COLS/LABELS the per-processor load series of the
 * VPorts, RCOLS/RLABELS their out-of-order series, UPDATES the times updates took effect,
 * DURATION_S the x range. */
gboolean vq_plot_reorder(const char *datafile, const char *outfile, const char *title,
                         const gint64 *cols, const char *const *labels, guint n,
                         const gint64 *rcols, const char *const *rlabels, guint nr,
                         const double *updates, guint nu, double duration_s, GError **error);

/* study.gp: DATAFILE holds one block per configuration (separated by two blank lines) with the
 * searched value in column 1 and a metric's mean and 95% half-width in columns COL and COL + 1;
 * they are multiplied by SCALE (1e6: seconds to microseconds). One line with error bars per
 * configuration, titled CONFIGS[i]; LIMIT (unscaled; NAN: none) is drawn as a dashed SLO line;
 * LOGY asks for a logarithmic y axis. */
gboolean vq_plot_study(const char *datafile, const char *outfile, const char *title,
                       const char *xlabel, const char *ylabel, guint col, double scale,
                       double limit, gboolean logy, const char *const *configs, guint n,
                       GError **error);

G_END_DECLS

#endif
