// CMontgomery is header-only (include/CMontgomery.h); SwiftPM needs one source file per C target.
#include "CMontgomery.h"
