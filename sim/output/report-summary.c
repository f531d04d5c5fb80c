/* The run's summary on stdout: a table per VM, queue, processor and live update (the numbers of
 * summary.json that a user reads first). */
#include <math.h>
#include <stdio.h>

#include "sim/output/report-private.h"
#include "sim/output/report-write.h"

/* Prints ROWS (GPtrArray of GPtrArray of char*, row 0 the header): first column left-aligned,
 * the others right-aligned, each as wide as its widest cell. */
/* Pads TEXT to WIDTH characters (UTF-8: "µs" is two characters, three bytes), on the left
 * (RIGHT) or the right. */
static void print_cell(FILE *fp, const char *text, int width, gboolean right) {
  int pad = MAX(0, width - (int)g_utf8_strlen(text, -1));
  fprintf(fp, "%*s%s%*s", right ? pad : 0, "", text, right ? 0 : pad, "");
}

static void print_table(FILE *fp, const GPtrArray *rows) {
  const GPtrArray *header = rows->pdata[0];
  g_autofree int *width = g_new0(int, header->len);
  for (guint i = 0; i < rows->len; i++)
    for (guint c = 0; c < header->len; c++)
      width[c] = MAX(width[c], (int)g_utf8_strlen(((GPtrArray *)rows->pdata[i])->pdata[c], -1));
  for (guint i = 0; i < rows->len; i++) {
    const GPtrArray *row = rows->pdata[i];
    for (guint c = 0; c < header->len; c++) {
      fputs("  ", fp);
      print_cell(fp, row->pdata[c], width[c], c > 0);
    }
    fputc('\n', fp);
  }
}

static GPtrArray *table_row(void) {
  return g_ptr_array_new_with_free_func(g_free);
}

static void cell(GPtrArray *row, gboolean present, double v, int decimals) {
  g_ptr_array_add(row, present ? g_strdup_printf("%.*f", decimals, v) : g_strdup("-"));
}

static gboolean any_has(const Kind *k, VqMetric m) {
  for (guint i = 0; i < k->entities->len; i++)
    if (vq_report_field_find(k->entities->pdata[i], m, 0))
      return TRUE;
  return FALSE;
}

static void print_vms(const Kind *k, FILE *fp) {
  static const struct {
    VqMetric metric;
    const char *header;
    int decimals;
  } cols[] = {{VQ_M_VM_OFFERED_GBPS, "offered Gbps", 3},
              {VQ_M_VM_DELIVERED_GBPS, "delivered Gbps", 3},
              {VQ_M_VM_DROPPED_FRAMES, "dropped frames", 0}};
  gboolean has[G_N_ELEMENTS(cols)], has_lat = FALSE;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  GPtrArray *header = table_row();
  g_ptr_array_add(rows, header);
  g_ptr_array_add(header, g_strdup("VM"));
  for (guint c = 0; c < G_N_ELEMENTS(cols); c++)
    if ((has[c] = any_has(k, cols[c].metric)))
      g_ptr_array_add(header, g_strdup(cols[c].header));
  for (guint i = 0; i < k->entities->len; i++)
    has_lat = has_lat || vq_report_entity_latency(k->entities->pdata[i]);
  if (has_lat) {
    g_ptr_array_add(header, g_strdup("p50 µs"));
    g_ptr_array_add(header, g_strdup("p99 µs"));
  }

  for (guint i = 0; i < k->entities->len; i++) {
    const VqReportEntity *e = k->entities->pdata[i];
    GPtrArray *row = table_row();
    g_ptr_array_add(rows, row);
    g_ptr_array_add(row, g_strdup(e->name));
    for (guint c = 0; c < G_N_ELEMENTS(cols); c++) {
      double v = 0;
      gboolean present = vq_report_field_number(e, cols[c].metric, &v); /* before cell() reads v */
      if (has[c])
        cell(row, present, v, cols[c].decimals);
    }
    if (has_lat) {
      const VqHisto *h = vq_report_entity_latency(e);
      gboolean ok = h && vq_histo_count(h) > 0;
      cell(row, ok, ok ? vq_histo_quantile(h, 0.50) * 1e6 : 0, 1);
      cell(row, ok, ok ? vq_histo_quantile(h, 0.99) * 1e6 : 0, 1);
    }
  }
  print_table(fp, rows);
}

#define QUEUES_SHOWN 32 /* a host with more gets a pointer to summary.json instead */

static const char *field_text(const VqReportEntity *e, VqMetric m) {
  const Field *f = vq_report_field_find(e, m, 0);
  return f && f->type == FIELD_STRING ? f->s : "-";
}

/* Each queue: its VM, processor, frames in flight at the end, drops, frames per interrupt. */
static void print_queues(const Kind *k, FILE *fp) {
  if (k->entities->len > QUEUES_SHOWN) {
    fprintf(fp,
            "  %u queues: each one's processor, in-flight and dropped frames are in "
            "summary.json (queues)\n",
            k->entities->len);
    return;
  }
  static const struct {
    VqMetric metric;
    const char *header;
    int decimals;
  } cols[] = {{VQ_M_QUEUE_PROCESSOR, "processor", 0},
              {VQ_M_QUEUE_IN_FLIGHT_FRAMES, "in flight", 0},
              {VQ_M_QUEUE_DROPPED_FRAMES, "dropped", 0},
              {VQ_M_QUEUE_FRAMES_PER_INTERRUPT, "frames/irq", 1}};
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  GPtrArray *header = table_row();
  g_ptr_array_add(rows, header);
  g_ptr_array_add(header, g_strdup("queue"));
  g_ptr_array_add(header, g_strdup("VM"));
  for (guint c = 0; c < G_N_ELEMENTS(cols); c++)
    g_ptr_array_add(header, g_strdup(cols[c].header));
  for (guint i = 0; i < k->entities->len; i++) {
    const VqReportEntity *e = k->entities->pdata[i];
    GPtrArray *row = table_row();
    g_ptr_array_add(rows, row);
    g_ptr_array_add(row, g_strdup(e->name));
    g_ptr_array_add(row, g_strdup(field_text(e, VQ_M_QUEUE_VM)));
    for (guint c = 0; c < G_N_ELEMENTS(cols); c++) {
      double v = 0;
      gboolean present = vq_report_field_number(e, cols[c].metric, &v);
      cell(row, present, v, cols[c].decimals);
    }
  }
  print_table(fp, rows);
}

/* Processor busy fraction: its "busy" field, else the sum of its busy categories. */
static double processor_busy(const VqReportEntity *e, const GArray *cats) {
  double total = 0, v;
  if (vq_report_field_number(e, VQ_M_PROCESSOR_BUSY, &total))
    return total;
  for (guint c = 0; c < cats->len; c++)
    if (vq_report_field_number(e, g_array_index(cats, VqMetric, c), &v))
      total += v;
  return total;
}

static void print_processors(const VqReport *r, const Kind *k, FILE *fp) {
  g_autoptr(GArray) cats = vq_report_cpu_categories(r);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  GPtrArray *header = table_row();
  g_ptr_array_add(rows, header);
  g_ptr_array_add(header, g_strdup("processor"));
  g_ptr_array_add(header, g_strdup("busy %"));
  for (guint c = 0; c < cats->len; c++)
    g_ptr_array_add(header,
                    g_strdup_printf("%s %%", vq_report_category(g_array_index(cats, VqMetric, c))));

  g_autoptr(GString) idle = g_string_new(NULL);
  guint n_idle = 0;
  for (guint i = 0; i < k->entities->len; i++) {
    const VqReportEntity *e = k->entities->pdata[i];
    double busy = processor_busy(e, cats), v = 0;
    if (!(busy > 0.001)) { /* idle processors would drown the busy ones on a 64-LP host */
      if (n_idle++ < 16)
        g_string_append_printf(idle, "%s%s", n_idle > 1 ? ", " : "", e->name);
      continue;
    }
    GPtrArray *row = table_row();
    g_ptr_array_add(rows, row);
    g_ptr_array_add(row, g_strdup(e->name));
    cell(row, TRUE, busy * 100, 1);
    for (guint c = 0; c < cats->len; c++) {
      gboolean present = vq_report_field_number(e, g_array_index(cats, VqMetric, c), &v);
      cell(row, present, v * 100, 1);
    }
  }
  if (rows->len > 1)
    print_table(fp, rows);
  else
    fprintf(fp, "  (no processor busy more than 0.1%% of the time)\n");
  if (n_idle > 0 && rows->len > 1)
    fprintf(fp, "  (left out: %u processor%s busy 0.1%% of the time or less: %s%s)\n", n_idle,
            n_idle == 1 ? "" : "s", idle->str, n_idle > 16 ? ", ..." : "");
}

/* "A → B" of two numeric fields with DECIMALS, times SCALE, or "-" when either is absent. */
static char *before_after(const VqReportEntity *e, VqMetric before, VqMetric after, double scale,
                          int decimals) {
  double b, a;
  if (!vq_report_field_number(e, before, &b) || !vq_report_field_number(e, after, &a))
    return g_strdup("-");
  return g_strdup_printf("%.*f → %.*f", decimals, b * scale, decimals, a * scale);
}

#define LOAD_MOVED 0.10 /* a processor's busy fraction changed by this much or more */

/* The VPort processors whose load changed by LOAD_MOVED or more: "3: 89% → 48%, 6: 0% → 89%". */
static char *load_moved(const VqReportEntity *e) {
  g_autoptr(GString) s = g_string_new(NULL);
  for (guint i = 0; i < e->fields->len; i++) {
    const Field *f = e->fields->pdata[i];
    double b = f->d, a;
    if (f->metric != VQ_M_UPDATE_LOAD_BEFORE ||
        !vq_report_field_number_at(e, VQ_M_UPDATE_LOAD_AFTER, f->index, &a) ||
        fabs(a - b) < LOAD_MOVED)
      continue;
    g_string_append_printf(s, "%s%u: %.0f%% → %.0f%%", s->len ? ", " : "", f->index, b * 100,
                           a * 100);
  }
  return g_strdup(s->len ? s->str : "none");
}

/* One line per live update: what it cost the VPort (the update entity's before/after windows). */
static void print_updates(const Kind *k, FILE *fp) {
  static const char *const header[] = {
      "update", "VM",     "applied ms", "reordered (flows)", "max displ.", "imbalance max/mean",
      "p99 µs", "drops/s"};
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  GPtrArray *row = table_row();
  g_ptr_array_add(rows, row);
  for (guint c = 0; c < G_N_ELEMENTS(header); c++)
    g_ptr_array_add(row, g_strdup(header[c]));
  for (guint i = 0; i < k->entities->len; i++) {
    const VqReportEntity *e = k->entities->pdata[i];
    double applied = 0, at = 0, frames = 0, flows = 0, displ = 0;
    gboolean done = vq_report_field_number(e, VQ_M_UPDATE_APPLIED, &applied) && applied > 0;
    vq_report_field_number(e, VQ_M_UPDATE_APPLIED_S, &at);
    vq_report_field_number(e, VQ_M_UPDATE_REORDERED_FRAMES, &frames);
    vq_report_field_number(e, VQ_M_UPDATE_FLOWS_REORDERED, &flows);
    vq_report_field_number(e, VQ_M_UPDATE_MAX_DISPLACEMENT, &displ);
    g_ptr_array_add(rows, row = table_row());
    g_ptr_array_add(row, g_strdup(e->name));
    g_ptr_array_add(row, g_strdup(field_text(e, VQ_M_UPDATE_VM)));
    g_ptr_array_add(row, done ? g_strdup_printf("%.2f", at * 1e3) : g_strdup("not applied"));
    g_ptr_array_add(row, g_strdup_printf("%.0f (%.0f)", frames, flows));
    g_ptr_array_add(row, g_strdup_printf("%.0f", displ));
    g_ptr_array_add(row, before_after(e, VQ_M_UPDATE_IMBALANCE_MAX_MEAN_BEFORE,
                                      VQ_M_UPDATE_IMBALANCE_MAX_MEAN_AFTER, 1, 2));
    g_ptr_array_add(row, before_after(e, VQ_M_UPDATE_P99_LATENCY_S_BEFORE,
                                      VQ_M_UPDATE_P99_LATENCY_S_AFTER, 1e6, 0));
    g_ptr_array_add(
        row, before_after(e, VQ_M_UPDATE_DROPS_PER_S_BEFORE, VQ_M_UPDATE_DROPS_PER_S_AFTER, 1, 0));
  }
  print_table(fp, rows);
  fprintf(fp, "  load moved (VPort processors whose busy share changed by %.0f points or more):\n",
          LOAD_MOVED * 100);
  for (guint i = 0; i < k->entities->len; i++) {
    const VqReportEntity *e = k->entities->pdata[i];
    g_autofree char *moved = load_moved(e);
    fprintf(fp, "    %s: %s\n", e->name, moved);
  }
}

void vq_report_print_summary(const VqReport *r, FILE *fp) {
  g_return_if_fail(r != NULL && fp != NULL);
  fprintf(fp, "scenario %s\n", r->scenario);
  const Kind *vms = vq_report_find_kind(r, VQ_KIND_VM);
  if (vms && vms->entities->len > 0)
    print_vms(vms, fp);
  const Kind *queues = vq_report_find_kind(r, VQ_KIND_QUEUE);
  if (queues && queues->entities->len > 0) {
    fputc('\n', fp);
    print_queues(queues, fp);
  }
  const Kind *procs = vq_report_find_kind(r, VQ_KIND_PROCESSOR);
  if (procs && procs->entities->len > 0) {
    fputc('\n', fp);
    print_processors(r, procs, fp);
  }
  const Kind *updates = vq_report_find_kind(r, VQ_KIND_UPDATE);
  if (updates && updates->entities->len > 0) {
    fputc('\n', fp);
    print_updates(updates, fp);
  }
}
