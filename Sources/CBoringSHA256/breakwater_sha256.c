#include "breakwater_sha256.h"

// swift-crypto vendors BoringSSL with every symbol prefixed by CCryptoBoringSSL_ and links it into every binary
// that uses its Crypto library; this is BoringSSL's `SHA256` (include/openssl/sha.h). If a swift-crypto release
// renamed it, linking would fail, never silently. A test checks the digests against swift-crypto's `SHA256`.
uint8_t *CCryptoBoringSSL_SHA256(const uint8_t *data, size_t len, uint8_t out[32]);

void breakwater_sha256(const uint8_t *data, size_t length, uint8_t *digest) {
    CCryptoBoringSSL_SHA256(data, length, digest);
}
