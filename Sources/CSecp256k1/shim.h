// Debian's libsecp256k1 (libsecp256k1-dev): keys, and recoverable ECDSA signatures for Ethereum transactions.
#include <secp256k1.h>
#include <secp256k1_recovery.h>
