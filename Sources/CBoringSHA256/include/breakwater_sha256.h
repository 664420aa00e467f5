#ifndef BREAKWATER_SHA256_H
#define BREAKWATER_SHA256_H

#include <stddef.h>
#include <stdint.h>

/// Writes the SHA-256 of `length` bytes at `data` to the 32 bytes at `digest`, which must not overlap `data`.
///
/// The blocks are compressed by BoringSSL (hardware-accelerated where the CPU has SHA extensions), the same code
/// swift-crypto's `SHA256` runs on Linux; on Apple platforms by CommonCrypto. The hash chain calls it directly because
/// swift-crypto's Swift API allocates a context object per hash, which costs more than hashing a short journal record.
void breakwater_sha256(const uint8_t *data, size_t length, uint8_t *digest);

#endif
