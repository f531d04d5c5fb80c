/* CLI: `vmqsim bench`, the simulator's speed and memory against a bare per-frame floor. */
#ifndef VQ_BENCH_H
#define VQ_BENCH_H

#include <glib.h>

G_BEGIN_DECLS

/* Runs `bench` on the arguments after the command; returns the exit status. */
int vq_cli_bench(int argc, char **argv);

G_END_DECLS

#endif
