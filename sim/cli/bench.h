/* CLI: `vmqsim bench`, the simulator's speed and memory against a bare per-frame floor. */
#ifndef VQ_BENCH_H
#define VQ_BENCH_H

#include <glib.h>

G_BEGIN_DECLS

/* Runs `bench` on the arguments after the command; returns the exit status. */
int vq_cli_bench(int argc, char **argv);
/* `bench capture`: read + parse + steer speed over PATH, or over a generated capture of FRAMES
 * frames when PATH is NULL (bench-capture.c); returns the exit status. */
int vq_bench_capture(const char *path, guint64 frames);

G_END_DECLS

#endif
