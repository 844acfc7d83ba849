// The types every Montgomery kernel header shares: four 64-bit limbs as one C value (how Swift
// passes a field element to the kernels) and the unrolling pragma. No arithmetic here.
#ifndef ZKTRAIN_CMONTGOMERY_LIMBS_H
#define ZKTRAIN_CMONTGOMERY_LIMBS_H

#include <stdint.h>

/// Fully unrolls the fixed-count loop that follows (limbs, lanes, components): left rolled,
/// clang keeps the limb arrays of the IFMA kernels on the stack.
#define ZK_UNROLL _Pragma("clang loop unroll(full)")

/// Four little-endian 64-bit limbs (imported into Swift with a 4-tuple `limb`).
typedef struct { uint64_t limb[4]; } zk_limbs;

#endif
