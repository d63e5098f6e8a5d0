// What OpenEXRCore's headers call from it (in inline helpers the decompressors built here do not use).
#pragma once
#define isnan(x) __builtin_isnan(x)
#define isinf(x) __builtin_isinf(x)
