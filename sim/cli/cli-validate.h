/* `vmqsim validate ARGS`: see sim/study/validate.h. */
#ifndef VQ_CLI_VALIDATE_H
#define VQ_CLI_VALIDATE_H

/* ARGV: the arguments after "validate". Returns the exit status. */
int vq_cli_validate(int argc, char **argv);

#endif
