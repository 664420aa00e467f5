#ifndef C_FUZZ_DRIVER_H
#define C_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's driver on `test` with the program's arguments when the program is built with
/// `-sanitize=fuzzer` (libFuzzer linked in); returns -1 without running anything otherwise.
int breakwater_fuzz_driver(int argc, char **argv, int (*test)(const uint8_t *data, size_t size));

#endif
