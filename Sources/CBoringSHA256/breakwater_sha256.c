#include "breakwater_sha256.h"

#include <string.h>

#if defined(__APPLE__)

// On Apple platforms swift-crypto wraps CryptoKit and builds no BoringSSL: the system's CommonCrypto hashes instead.
#include <CommonCrypto/CommonDigest.h>

void breakwater_sha256(const uint8_t *data, size_t length, uint8_t *digest) {
    CC_SHA256(data, (CC_LONG)length, digest);
}

#else

// Elsewhere swift-crypto vendors BoringSSL with every symbol prefixed by CCryptoBoringSSL_ and links it into every
// binary that uses its Crypto library. This is BoringSSL's SHA256_TransformBlocks (include/openssl/sha2.h): the
// SHA-256 compression of whole 64-byte blocks into a state, hardware-accelerated where the CPU has SHA extensions.
// If a swift-crypto release renamed it, linking would fail, never silently; a test checks every digest length
// against swift-crypto's SHA256.
void CCryptoBoringSSL_SHA256_TransformBlocks(uint32_t state[8], const uint8_t *data, size_t num_blocks);

void breakwater_sha256(const uint8_t *data, size_t length, uint8_t *digest) {
    // FIPS 180-4: the initial hash value, then the message padded with a 1 bit, zeros and its length in bits
    // (big-endian) to whole blocks. One-shot SHA256() does the same through a context, initialised and wiped per
    // call, which costs more than a short record's blocks.
    uint32_t state[8] = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    size_t whole = length / 64;
    if (whole > 0) {
        CCryptoBoringSSL_SHA256_TransformBlocks(state, data, whole);
    }
    size_t rest = length - whole * 64;
    uint8_t tail[128];
    memset(tail, 0, sizeof tail);
    memcpy(tail, data + whole * 64, rest);
    tail[rest] = 0x80;
    size_t tailBlocks = rest + 9 <= 64 ? 1 : 2;
    uint64_t bits = (uint64_t)length * 8;
    for (int i = 0; i < 8; i++) {
        tail[tailBlocks * 64 - 1 - i] = (uint8_t)(bits >> (8 * i));
    }
    CCryptoBoringSSL_SHA256_TransformBlocks(state, tail, tailBlocks);
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t)(state[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(state[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(state[i] >> 8);
        digest[4 * i + 3] = (uint8_t)state[i];
    }
}

#endif
