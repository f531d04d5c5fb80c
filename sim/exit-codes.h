/* Exit statuses of every vmqsim command, in one place. */
#ifndef VQ_EXIT_CODES_H
#define VQ_EXIT_CODES_H

#include <stdlib.h>

/* EXIT_SUCCESS (0): done. EXIT_FAILURE (1): the run or a child run failed (I/O, a model
 * invariant). Bad input (scenario, sweep file, arguments): one line on stderr, nothing written. */
#define EXIT_BAD_INPUT 2

#endif
