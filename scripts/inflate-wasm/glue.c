// The WebAssembly side of the EXR decoder's zlib inflate: libdeflate's decompressor, built
// without a C library (build.sh). Memory is one bump heap: the decompressor first (init), then
// the buffers the JavaScript side asks for (alloc), dropped together by reset(mark()).
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

void reset(size_t to) { heap_top = to; }

void *alloc(size_t n) { return malloc(n); }

/** Inflates one zlib stream into out; the bytes written, or -1 when the data is not whole. */
long inflate_zlib(const void *in, size_t in_len, void *out, size_t out_len) {
  size_t written = 0;
  enum libdeflate_result result =
      libdeflate_zlib_decompress(decompressor, in, in_len, out, out_len, &written);
  return result == LIBDEFLATE_SUCCESS ? (long)written : -1;
}
