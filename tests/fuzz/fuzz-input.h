/* For the fuzz targets: writes each input to a file descriptor opened once, reused for the whole
 * run (truncate and write: no rename, no fsync, so no disk traffic to speak of). Needs pwrite():
 * define _GNU_SOURCE (or _POSIX_C_SOURCE 200809L) before the first #include. */
#ifndef VQ_TESTS_FUZZ_FUZZ_INPUT_H
#define VQ_TESTS_FUZZ_FUZZ_INPUT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* FD holds exactly DATA (SIZE bytes) afterwards; aborts, naming WHO, if it cannot. */
static inline void vq_fuzz_write_input(int fd, const uint8_t *data, size_t size, const char *who) {
  if (ftruncate(fd, 0) != 0) {
    fprintf(stderr, "%s: ftruncate: ", who);
    perror(NULL);
    abort();
  }
  for (size_t done = 0; done < size;) {
    ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);
    if (n <= 0) {
      fprintf(stderr, "%s: pwrite: ", who);
      perror(NULL);
      abort();
    }
    done += (size_t)n;
  }
}

#endif
