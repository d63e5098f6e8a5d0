// Just enough of the C library headers for OpenEXRCore (exrcore.c).
#pragma once
#include <stdint.h>
