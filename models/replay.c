/* Replay of a capture as a traffic source: see replay.h. */
#include "models/replay.h"

#include "models/bytes-hash.h"

#include <string.h>

guint vq_replay_classify(const VqCaptureFrame *f, guint16 *len) {
  if (f->status != VQ_CAPTURE_OK)
    return f->status;
  if (f->wire_len > VQ_REPLAY_MAX_BYTES)
    return VQ_REPLAY_TOO_LONG;
  *len = (guint16)MAX(f->wire_len, VQ_REPLAY_MIN_BYTES);
  return VQ_CAPTURE_OK;
}

const char *vq_replay_reason_name(guint reason) {
  return reason == VQ_REPLAY_TOO_LONG ? "too-long" : vq_capture_status_name(reason);
}

void vq_replay_key(const VqCaptureFrame *f, VqReplayKey *key) {
  const VqRssPacket *p = &f->rss;
  memset(key, 0, sizeof *key);
  memcpy(key->dst_mac, f->dst_mac, 6);
  key->vlan = f->vlan;
  key->ethertype = f->ethertype;
  key->family = p->family;
  if (p->family == 0)
    return;
  key->proto = p->ip_proto;
  key->is_fragment = (guint8)p->is_fragment;
  key->src_port = p->src_port;
  key->dst_port = p->dst_port;
  memcpy(key->src, p->src_addr, 16);
  memcpy(key->dst, p->dst_addr, 16);
  key->has_home = (guint8)p->has_home_addr;
  key->has_rh2 = (guint8)p->has_rh2_addr;
  if (p->has_home_addr)
    memcpy(key->home, p->home_addr, 16);
  if (p->has_rh2_addr)
    memcpy(key->rh2, p->rh2_addr, 16);
}

static guint key_hash(gconstpointer k) {
  return vq_bytes_hash(k, sizeof(VqReplayKey));
}

static gboolean key_equal(gconstpointer a, gconstpointer b) {
  return memcmp(a, b, sizeof(VqReplayKey)) == 0;
}

GHashTable *vq_replay_table_new(void) {
  return g_hash_table_new_full(key_hash, key_equal, g_free, NULL);
}

struct VqReplay {
  const VqCaptureConf *c;
  VqCapture *cap; /* NULL once finished */
  double end_s;   /* the run's end */
  guint pass;     /* from 0 */
  double last_t;  /* captured time of the last frame of this pass */
  guint64 counts[VQ_REPLAY_N_REASONS];
};

/* The file changed since the scenario loaded: the run cannot go on with other frames. */
static void G_GNUC_NORETURN changed(const VqReplay *r, const GError *e) {
  g_error("[capture %s] %s: %s (the file changed since the scenario was loaded)", r->c->name,
          r->c->path, e ? e->message : "a frame with a tuple not seen at load");
}

static VqCapture *open_pass(VqReplay *r) {
  GError *e = NULL;
  VqCapture *cap = vq_capture_open(r->c->path, &e);
  if (!cap)
    changed(r, e);
  r->last_t = 0;
  return cap;
}

VqReplay *vq_replay_new(const VqCaptureConf *c, double end_s) {
  VqReplay *r = g_new0(VqReplay, 1);
  r->c = c;
  r->end_s = end_s;
  r->cap = open_pass(r);
  return r;
}

void vq_replay_free(VqReplay *r) {
  if (!r)
    return;
  vq_capture_free(r->cap);
  g_free(r);
}

static gboolean finish(VqReplay *r) {
  g_clear_pointer(&r->cap, vq_capture_free);
  return FALSE;
}

gboolean vq_replay_next(VqReplay *r, double *t_s, guint32 *flow, guint16 *len) {
  VqCaptureFrame f;
  GError *e = NULL;
  while (r->cap) {
    if (!vq_capture_next(r->cap, &f, &e)) {
      if (e)
        changed(r, e);
      vq_capture_free(r->cap);
      r->cap = ++r->pass < r->c->loop ? open_pass(r) : NULL;
      continue;
    }
    r->last_t = MAX(r->last_t, f.time_s);
    *t_s = r->c->start_s + r->pass * r->c->pass_s + r->last_t * r->c->scale;
    if (!(*t_s < r->end_s))
      return finish(r);
    guint reason = vq_replay_classify(&f, len);
    r->counts[reason]++;
    if (reason != VQ_CAPTURE_OK)
      continue;
    VqReplayKey key;
    vq_replay_key(&f, &key);
    gpointer v = g_hash_table_lookup(r->c->flow_of, &key);
    if (!v)
      changed(r, NULL);
    *flow = GPOINTER_TO_UINT(v) - 1;
    return TRUE;
  }
  return FALSE;
}

const guint64 *vq_replay_counts(const VqReplay *r) {
  return r->counts;
}
