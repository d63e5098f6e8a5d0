// Just enough of the C library headers for libdeflate and OpenEXRCore (glue.c supplies them).
#pragma once
#include <stddef.h>
void *malloc(size_t n);
void free(void *p);
