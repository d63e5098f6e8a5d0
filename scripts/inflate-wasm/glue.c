// The WebAssembly side of the EXR fast path: libdeflate's zlib decompressor, OpenEXR's PIZ
// decompressor (exrcore.c) and the block-to-RGBA readers, built without a C library (build.sh).
// Memory is one bump heap: the decompressor first (init), then the buffers the JavaScript side
// asks for (alloc) and PIZ's scratch, dropped together by reset(mark()).
#include <stddef.h>
#include <stdint.h>
#include "libdeflate.h"

extern unsigned char __heap_base;
static size_t heap_top = 0;

void *malloc(size_t n) {
  if (!heap_top) heap_top = (size_t)&__heap_base;
  size_t at = (heap_top + 15) & ~(size_t)15;
  size_t end = at + n;
  size_t have = __builtin_wasm_memory_size(0) * 65536;
  if (end > have && __builtin_wasm_memory_grow(0, (end - have + 65535) / 65536) == (size_t)-1)
    return 0;
  heap_top = end;
  return (void *)at;
}

void free(void *p) { (void)p; }

// Called only where the compiler does not inline them (-mbulk-memory covers the large copies).
void *memcpy(void *d, const void *s, size_t n) {
  unsigned char *a = d;
  const unsigned char *b = s;
  while (n--) *a++ = *b++;
  return d;
}
void *memmove(void *d, const void *s, size_t n) {
  unsigned char *a = d;
  const unsigned char *b = s;
  if (a < b) {
    while (n--) *a++ = *b++;
  } else {
    a += n;
    b += n;
    while (n--) *--a = *--b;
  }
  return d;
}
void *memset(void *d, int c, size_t n) {
  unsigned char *a = d;
  while (n--) *a++ = (unsigned char)c;
  return d;
}
int memcmp(const void *x, const void *y, size_t n) {
  const unsigned char *a = x, *b = y;
  for (; n; n--, a++, b++)
    if (*a != *b) return *a - *b;
  return 0;
}

static struct libdeflate_decompressor *decompressor;

/** Allocates the decompressor; 0 when memory could not grow. Call once, before mark(). */
int init(void) {
  if (!decompressor) decompressor = libdeflate_alloc_decompressor();
  return decompressor != 0;
}

size_t mark(void) {
  if (!heap_top) heap_top = (size_t)&__heap_base;
  return heap_top;
}

void exrcore_forget(void);

void reset(size_t to) {
  heap_top = to;
  exrcore_forget();
}

void *alloc(size_t n) { return malloc(n); }

/** Inflates one zlib stream into out; the bytes written, or -1 when the data is not whole. */
long inflate_zlib(const void *in, size_t in_len, void *out, size_t out_len) {
  size_t written = 0;
  enum libdeflate_result result =
      libdeflate_zlib_decompress(decompressor, in, in_len, out, out_len, &written);
  return result == LIBDEFLATE_SUCCESS ? (long)written : -1;
}

/**
 * Writes a block of half values (raw, len bytes, line by line and channel by channel) as RGBA
 * halves into dst: the file's channel c goes to the RGBA slots in masks[c] (bit s: slot s,
 * none: skipped); with alpha_one, slot 3 is 1.0 (0x3c00) where no channel fills it. With
 * `predicted`, raw is an inflated ZIP block: the low bytes of every value, then the high bytes,
 * each a running sum of deltas (OpenEXR's predictor), undone on the way; else little-endian pairs.
 * Always inlined, so each export below gets its own loop.
 */
static inline __attribute__((always_inline)) void to_rgba(const uint8_t *raw, size_t len,
                                                          uint32_t lines, uint32_t width,
                                                          uint32_t channels, const uint8_t *masks,
                                                          uint32_t alpha_one, uint16_t *dst,
                                                          int predicted) {
  size_t half = len >> 1;
  size_t values = (size_t)lines * width * 4;
  for (size_t i = 0; i < values; i += 4) {
    dst[i] = 0;
    dst[i + 1] = 0;
    dst[i + 2] = 0;
    dst[i + 3] = alpha_one ? 0x3c00 : 0;
  }
  uint8_t high = 0, low = 128;
  if (predicted) {
    uint32_t sum = 0;
    for (size_t i = 0; i < half; i++) sum += raw[i];
    high = (uint8_t)(sum - 128u * (uint32_t)(half - 1));
  }
  const uint8_t *lo = raw, *hi = raw + half;
#define NEXT_VALUE()                                                                   \
  (predicted ? (low = (uint8_t)(low + *lo++ - 128), high = (uint8_t)(high + *hi++ - 128), \
                (uint16_t)(low | (high << 8)))                                         \
             : (lo += 2, (uint16_t)(lo[-2] | (lo[-1] << 8))))
  for (uint32_t line = 0; line < lines; line++) {
    uint16_t *row = dst + (size_t)line * width * 4;
    for (uint32_t c = 0; c < channels; c++) {
      uint8_t mask = masks[c];
      if (mask == 0) {
        if (!predicted) {
          lo += (size_t)width * 2;
          continue;
        }
        for (uint32_t x = 0; x < width; x++) (void)NEXT_VALUE();
      } else if ((mask & (mask - 1)) == 0) {
        uint16_t *o = row + __builtin_ctz(mask);
        for (uint32_t x = 0; x < width; x++, o += 4) *o = NEXT_VALUE();
      } else {
        uint16_t *o = row;
        for (uint32_t x = 0; x < width; x++, o += 4) {
          uint16_t value = NEXT_VALUE();
          for (uint32_t slot = 0; slot < 4; slot++)
            if (mask & (1u << slot)) o[slot] = value;
        }
      }
    }
  }
#undef NEXT_VALUE
}

/**
 * An inflated ZIP block as RGBA halves (to_rgba with the predictor). The same values as
 * unpredictInto in src/core/media/images/exrFastPath.ts.
 */
void unpredict_rgba(const uint8_t *raw, size_t len, uint32_t lines, uint32_t width,
                    uint32_t channels, const uint8_t *masks, uint32_t alpha_one, uint16_t *dst) {
  to_rgba(raw, len, lines, width, channels, masks, alpha_one, dst, 1);
}

/** A plain block (a PIZ block once undone) as RGBA halves: copyPlainInto's values. */
void plain_rgba(const uint8_t *raw, size_t len, uint32_t lines, uint32_t width, uint32_t channels,
                const uint8_t *masks, uint32_t alpha_one, uint16_t *dst) {
  to_rgba(raw, len, lines, width, channels, masks, alpha_one, dst, 0);
}
