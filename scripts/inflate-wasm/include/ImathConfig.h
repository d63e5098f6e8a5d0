// OpenEXRCore's half conversions without Imath's tables (exrcore.c uses none of them).
#pragma once
#define IMATH_VERSION_MAJOR 3
#define IMATH_VERSION_MINOR 0
