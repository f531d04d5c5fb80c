/* `vmqsim metrics ARGS`: the metrics table (sim/metrics.h) for people. */
#ifndef VQ_CLI_METRICS_H
#define VQ_CLI_METRICS_H

/* ARGV: the arguments after "metrics". Returns the exit status. */
int vq_cli_metrics(int argc, char **argv);

#endif
