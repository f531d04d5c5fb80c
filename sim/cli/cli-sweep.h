/* `vmqsim sweep ARGS` and `vmqsim collect ARGS`: see sim/study/sweep-run.h. */
#ifndef VQ_CLI_SWEEP_H
#define VQ_CLI_SWEEP_H

/* ARGV: the arguments after the command. Return the exit status. */
int vq_cli_sweep(int argc, char **argv);
int vq_cli_collect(int argc, char **argv);

#endif
