/* `vmqsim run ARGS` and `vmqsim check ARGS`: simulate a scenario / only load and validate it. */
#ifndef VQ_CLI_RUN_H
#define VQ_CLI_RUN_H

/* ARGV: the arguments after the command. Return the exit status. */
int vq_cli_run(int argc, char **argv);
int vq_cli_check(int argc, char **argv);

#endif
