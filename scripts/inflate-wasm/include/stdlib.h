// Just enough of the C library headers for libdeflate, built without a C library (glue.c).
#pragma once
#include <stddef.h>
void *malloc(size_t n);
void free(void *p);
