// CMontgomery: Montgomery multiplication modulo BN254's two primes on x86-64, header-only and
// `static inline` so that Swift inlines it into its callers: the MULX/ADX single product, the
// AVX-512 IFMA eight-way product with its 52-bit helpers, and the fused IFMA kernels of the
// batch-affine MSM and the NTT. Each is compiled in only where the target has the
// instructions, and is empty otherwise. The module's umbrella header: includes them in order.
#ifndef ZKTRAIN_CMONTGOMERY_H
#define ZKTRAIN_CMONTGOMERY_H

#include "CMontgomeryLimbs.h"
#include "CMontgomeryMULX.h"
#include "CMontgomeryIFMA.h"
#include "CMontgomeryBatchAffine.h"
#include "CMontgomeryNTT.h"

#endif
