// What OpenEXRCore's headers read from the configuration header CMake would generate (exrcore.c).
#pragma once
#define OPENEXR_VERSION_MAJOR 3
#define OPENEXR_VERSION_MINOR 1
#define OPENEXR_VERSION_PATCH 5
#define OPENEXR_EXPORT
#define OPENEXR_HIDDEN
