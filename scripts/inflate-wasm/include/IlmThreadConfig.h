// OpenEXRCore without threads (exrcore.c): nothing configured.
#pragma once
