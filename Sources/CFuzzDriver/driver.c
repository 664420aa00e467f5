#include "CFuzzDriver.h"

// libFuzzer's entry point for a program with its own main: defined only when libFuzzer is linked in.
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*test)(const uint8_t *data, size_t size))
    __attribute__((weak));

int breakwater_fuzz_driver(int argc, char **argv, int (*test)(const uint8_t *data, size_t size)) {
    if (!LLVMFuzzerRunDriver) return -1;
    return LLVMFuzzerRunDriver(&argc, &argv, test);
}
