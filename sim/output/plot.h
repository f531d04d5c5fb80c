/* Plot: runs gnuplot on the chart templates in results/ (*.gp files).
 *
 * A template reads its parameters from gnuplot variables set by a preamble (the run is
 * `gnuplot -e PREAMBLE style.gp TEMPLATE`): `datafile`, `outfile`, `title`, plus whatever the
 * template documents at its top. style.gp holds what every chart shares (terminal, colours and
 * dash types, the warm-up's shading). Values are quoted for gnuplot here, so data paths and entity
 * names may hold any character.
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

/* The settings every template relies on (terminal, line types, ...), run before it. */
#define VQ_PLOT_STYLE "style.gp"

/* TRUE when a gnuplot executable is on PATH. Charts are optional: callers skip them, with a
 * warning, when this is FALSE. */
gboolean vq_plot_available(void);

/* Runs gnuplot on VQ_PLOT_STYLE and then TEMPLATE_NAME (e.g. "cpu.gp"), both the copies compiled
 * into the binary (sim/output/templates.h), or read from $VMQSIM_TEMPLATES when set, after PREAMBLE
 * (gnuplot commands setting the template's parameters), and checks that OUTFILE was written. On
 * failure the error carries gnuplot's own message. */
gboolean vq_plot_run(const char *template_name, const char *preamble, const char *outfile,
                     GError **error);

/* What the time-series charts (throughput.gp, reorder.gp) share. */
typedef struct {
  const char *datafile; /* timeseries.csv */
  const char *title;    /* the scenario name, heading the chart */
  guint rows;           /* data rows in DATAFILE; the templates leave the last one out */
  double warmup_s;      /* the run's warm-up, shaded; 0: none */
} VqPlotTimes;

/* Series for a template: 1-based CSV columns (column 1 is time_s) and their legend labels. */
typedef struct {
  const gint64 *cols;
  const char *const *labels;
  guint n;
} VqPlotSeries;

/* throughput.gp: the VMs drawn by name, and the others drawn as one mean. */
typedef struct {
  VqPlotSeries rx;              /* vm.<NAME>.rx_gbps of each named VM (labels: the names) */
  const gint64 *offered_cols;   /* rx.n: its vm.<NAME>.offered_gbps column; 0 when none */
  const gint64 *others_rx;      /* n_others: the other VMs' rx_gbps columns ... */
  const gint64 *others_offered; /* ... and their offered_gbps columns (0: none) */
  guint n_others;
} VqPlotThroughput;

/* reorder.gp: VPort load and out-of-order series, and the updates (at least one). */
typedef struct {
  VqPlotSeries load;               /* vport.<VM>.lp<N>.fps */
  VqPlotSeries reordered;          /* vport.<VM>.reordered_fps */
  const double *update_s;          /* the times the updates took effect in the NIC */
  const char *const *update_names; /* their names, written at their lines */
  guint n_updates;
} VqPlotReorder;

/* latency.gp: the entities (latency_cdf.csv labels) drawn by name, and others drawn grey. */
typedef struct {
  const char *const *named;
  guint n_named;
  const char *const *others;
  guint n_others;
  double xmax_us; /* the x axis's end, µs; 0: gnuplot's choice */
} VqPlotLatency;

/* The run charts; see each template's head for what it draws. */
gboolean vq_plot_throughput(const VqPlotTimes *t, const char *outfile, const VqPlotThroughput *p,
                            GError **error);
gboolean vq_plot_reorder(const VqPlotTimes *t, const char *outfile, const VqPlotReorder *p,
                         GError **error);
/* cpu.gp: DATAFILE is cpu.csv with N_CATS category columns and N_ROWS processors. */
gboolean vq_plot_cpu(const char *datafile, const char *outfile, const char *title, guint n_cats,
                     guint n_rows, GError **error);
/* latency.gp: DATAFILE is latency_cdf.csv. */
gboolean vq_plot_latency_cdf(const char *datafile, const char *outfile, const char *title,
                             const VqPlotLatency *p, GError **error);

/* A study chart (study.gp): one metric against the searched value, per configuration. */
typedef struct {
  const char *xlabel, *ylabel;
  guint col;      /* the 1-based column of the metric's mean; its 95% half-width is col + 1 */
  double scale;   /* applied to the metric's values (1e6: seconds to microseconds) */
  double limit;   /* the SLO's limit on the metric, unscaled; NAN: none */
  gboolean logy;  /* a logarithmic y axis */
  gboolean zeros; /* with LOGY: the metric may be exactly 0, drawn at the axis's bottom */
  const char *const *configs; /* the configurations' names, one per block of the data file */
  const double *capacity;     /* per configuration: its capacity (NAN: none), marked */
  const double *knee;         /* per configuration: its knee (NAN: none), marked */
  guint n;
} VqPlotStudy;

/* study.gp: DATAFILE holds one block per configuration (separated by two blank lines) with the
 * searched value in column 1 and each metric's mean and 95% half-width. */
gboolean vq_plot_study(const char *datafile, const char *outfile, const char *title,
                       const VqPlotStudy *p, GError **error);

/* points.gp: a sweep's points (DATAFILE as the template describes) in four panels. */
gboolean vq_plot_points(const char *datafile, const char *outfile, const char *title,
                        const char *xlabel, GError **error);

G_END_DECLS

#endif
